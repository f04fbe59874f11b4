-- 009_waiting_index.sql — the conversations waiting for the staff, by index.
--
-- "Waiting for staff" (not closed, and flagged or taken over) is the
-- filter of the admin's and the superadmin's conversation lists and two
-- figures of the dashboard.  conversations_needs_staff (002) covers only
-- the flag, so PostgreSQL read every open conversation of the clinic:
-- 9,808 rows and 27 ms for a clinic of 10,000 (make bench).  This index
-- holds exactly the waiting ones, newest first, as the lists order them.
-- It costs the intake nothing for the others: a partial index gets no
-- entry for a row outside its predicate.

CREATE INDEX conversations_waiting
    ON conversations (clinic_id, last_message_at DESC, id DESC)
    WHERE status <> 'closed' AND (needs_staff OR status = 'handoff');
