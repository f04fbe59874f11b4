-- 019_desk.sql — the reception desk: every status change of an
-- appointment in a history (so that staff can undo one the same day),
-- and outbound messages linked to the appointment they are about (so
-- that each appointment shows its confirmation and reminders and their
-- delivery state).

-- One row per change of appointments.status, written by the trigger
-- below whoever makes the change (staff, the conversation engine, a
-- patient's answer to a reminder).  A transaction may say who it is and
-- why with transaction-local settings:
--   sophie.actor        clinic_users.id of the staff member ('' : none);
--   sophie.status_kind  'undo' when the change restores a previous status.
-- An undone change gets undone_at; an undo is never undone itself.
CREATE TABLE appointment_status_history (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	clinic_id uuid NOT NULL,
	appointment_id uuid NOT NULL,
	from_status text NOT NULL,
	to_status text NOT NULL,
	kind text NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'undo')),
	actor_user_id uuid,
	changed_at timestamptz NOT NULL DEFAULT now(),
	undone_at timestamptz,
	FOREIGN KEY (clinic_id, appointment_id)
	    REFERENCES appointments (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX appointment_status_history_appt
    ON appointment_status_history (appointment_id, id DESC);

-- Records a change of status (see the table above).
CREATE FUNCTION appointments_status_history() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	k text := coalesce(nullif(current_setting('sophie.status_kind', true),
	    ''), 'change');
	u text := nullif(current_setting('sophie.actor', true), '');
BEGIN
	IF NEW.status IS DISTINCT FROM OLD.status THEN
		INSERT INTO appointment_status_history (clinic_id,
		    appointment_id, from_status, to_status, kind,
		    actor_user_id)
		VALUES (NEW.clinic_id, NEW.id, OLD.status, NEW.status,
		    CASE WHEN k = 'undo' THEN 'undo' ELSE 'change' END,
		    CASE WHEN u ~ '^[0-9a-f-]{36}$' THEN u::uuid END);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER appointments_status_history AFTER UPDATE OF status
    ON appointments FOR EACH ROW
    EXECUTE FUNCTION appointments_status_history();

-- The appointment an outbound message is about: a staff change's notice
-- (lib/admin_appointments.c) or a reminder (lib/remind.c).  Messages
-- written before this migration have none; the appointment page also
-- finds the confirmation the conversation engine wrote in the booking's
-- own transaction (same conversation, same created_at).
ALTER TABLE messages ADD COLUMN appointment_id uuid;
ALTER TABLE messages ADD CONSTRAINT messages_appointment_fk
    FOREIGN KEY (clinic_id, appointment_id)
    REFERENCES appointments (clinic_id, id) ON DELETE SET NULL (appointment_id);
CREATE INDEX messages_appointment ON messages (appointment_id)
    WHERE appointment_id IS NOT NULL;
