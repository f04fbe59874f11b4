-- The waitlist, fixed (issue 21 item 1).
--
-- A slot is given once at a time, not once for ever: when the
-- appointment booked from an accepted offer is cancelled or moved, the
-- freed slot may be offered and accepted again.  The unique index that
-- allowed one accepted offer per practitioner and start for all time
-- goes; two bookings of one slot are kept out by the appointments'
-- exclusion constraint and the practitioner's booking lock the yes
-- takes (lib/waitlist_eng.c).
DROP INDEX IF EXISTS waitlist_offers_slot_once;
