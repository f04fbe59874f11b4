-- 033_outside_window.sql — issue 21's leftovers: the clinic's approved
-- WhatsApp templates for the no-show message and the waitlist's messages
-- (sent when the patient's 24-hour window is closed), and a STOP kept by
-- phone, so that a patient created or merged later with that phone stays
-- opted out.

-- Twilio Content SIDs ("HX" + 32 hex) of the clinic's approved templates:
-- the no-show message (variables 1 date, 2 time, 3 practitioner,
-- 4 clinic), the waitlist's offer (1 treatment, 2 practitioner, 3 date,
-- 4 time, 5 until, 6 patient, 7 the appointment it replaces or "") and
-- its "offer closed" notice (1 date, 2 time of the slot).  NULL: none;
-- outside the window nothing is then sent and the message says why.
ALTER TABLE clinics
    ADD COLUMN noshow_content_sid text
	CHECK (noshow_content_sid ~ '^HX[0-9a-fA-F]{32}$'),
    ADD COLUMN waitlist_content_sid text
	CHECK (waitlist_content_sid ~ '^HX[0-9a-fA-F]{32}$'),
    ADD COLUMN waitlist_closed_content_sid text
	CHECK (waitlist_closed_content_sid ~ '^HX[0-9a-fA-F]{32}$');

-- The phones of a clinic that sent STOP, whether or not a patient had
-- that phone then.  Written with every opt-out, removed when the staff
-- authorise messages again or the patient is erased.
CREATE TABLE patient_optouts (
	clinic_id uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	phone text NOT NULL,
	opted_out_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (clinic_id, phone)
);

-- An inbound STOP opts the phone out, and every patient with it.
CREATE OR REPLACE FUNCTION privacy_stop_record() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.direction = 'inbound' AND lower(btrim(coalesce(NEW.body, '')))
	    ~ ('^(stop|stop svp|stop merci|stop please|stop stop|'
	    'unsubscribe|(me )?d[eé]sabonner|d[eé]sinscription)[ .!]*$') THEN
		INSERT INTO patient_optouts (clinic_id, phone)
		SELECT c.clinic_id, c.phone FROM conversations c
		WHERE c.id = NEW.conversation_id AND
		    c.clinic_id = NEW.clinic_id
		ON CONFLICT DO NOTHING;
		UPDATE patients p SET opted_out_at = now()
		FROM conversations c
		WHERE c.id = NEW.conversation_id AND
		    c.clinic_id = NEW.clinic_id AND p.clinic_id = c.clinic_id
		    AND p.phone = c.phone AND p.opted_out_at IS NULL;
	END IF;
	RETURN NULL;
END;
$$;

-- A patient added with (or given) an opted-out phone is opted out, from
-- the time of the STOP.
CREATE FUNCTION patient_optout_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.opted_out_at IS NULL AND NEW.phone IS NOT NULL THEN
		SELECT o.opted_out_at INTO NEW.opted_out_at
		FROM patient_optouts o
		WHERE o.clinic_id = NEW.clinic_id AND o.phone = NEW.phone;
	END IF;
	RETURN NEW;
END;
$$;
CREATE TRIGGER patients_optout_apply BEFORE INSERT OR UPDATE OF phone
ON patients FOR EACH ROW EXECUTE FUNCTION patient_optout_apply();

-- The staff authorise messages again (opted_out_at cleared): the phone
-- is no longer opted out either.
CREATE FUNCTION patient_optout_clear() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM patient_optouts
	WHERE clinic_id = NEW.clinic_id AND phone = NEW.phone;
	RETURN NULL;
END;
$$;
CREATE TRIGGER patients_optout_clear AFTER UPDATE OF opted_out_at
ON patients FOR EACH ROW
WHEN (OLD.opted_out_at IS NOT NULL AND NEW.opted_out_at IS NULL)
EXECUTE FUNCTION patient_optout_clear();
