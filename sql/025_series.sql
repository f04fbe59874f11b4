-- 025_series.sql — series of appointments (issue 21 item 2) and the
-- no-show settings and message (item 3).

-- A series: N sessions of one treatment with one practitioner for one
-- patient, on a rule.  Each session is an ordinary appointment
-- carrying series_id; the series row only says how they were made
-- (its patient_id is the one it was booked for: a merge moves the
-- appointments, which are what counts).
CREATE TABLE appointment_series (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	patient_id uuid NOT NULL,
	practitioner_id uuid NOT NULL,
	treatment_type_id uuid,
	-- Treatment name at booking time (as appointments.treatment_name).
	treatment_name text,
	-- 'weekly': every week on the first date's weekday; 'twice': every
	-- week on weekday and weekday2; 'every_n': every every_weeks weeks.
	rule text NOT NULL CHECK (rule IN ('weekly', 'twice', 'every_n')),
	-- ISO weekday of the first session, 0 = Monday .. 6 = Sunday.
	weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	weekday2 smallint CHECK (weekday2 BETWEEN 0 AND 6),
	every_weeks smallint NOT NULL DEFAULT 1
	    CHECK (every_weeks BETWEEN 1 AND 12),
	-- Local time of every session, minutes from midnight.
	start_min smallint NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	-- Sessions asked for (those booked are the appointments).
	session_count smallint NOT NULL CHECK (session_count BETWEEN 1 AND 52),
	first_day date NOT NULL,
	created_by uuid,
	created_at timestamptz NOT NULL DEFAULT now(),
	CHECK (rule <> 'twice' OR (weekday2 IS NOT NULL AND
	    weekday2 <> weekday)),
	UNIQUE (clinic_id, id)
);
CREATE INDEX appointment_series_patient
    ON appointment_series (clinic_id, patient_id);

ALTER TABLE appointments ADD COLUMN series_id uuid;
ALTER TABLE appointments ADD CONSTRAINT appointments_series_fk
    FOREIGN KEY (clinic_id, series_id)
    REFERENCES appointment_series (clinic_id, id);
CREATE INDEX appointments_series ON appointments (series_id, starts_at)
    WHERE series_id IS NOT NULL;

-- No-shows.  The message offering to rebook, per language (NULL: the
-- kind default of lib/replies.c); patients with noshow_threshold or more
-- no-shows in the last 12 months (NULL: never) either confirm each
-- appointment the day before ('confirm': the reminder asks for a yes;
-- no yes by noshow_confirm_hours before the start alerts the staff) or
-- are handed to the staff when they try to book through Sophie
-- ('staff').
ALTER TABLE clinics
    ADD COLUMN noshow_message_fr text
	CHECK (length(noshow_message_fr) BETWEEN 1 AND 1000),
    ADD COLUMN noshow_message_en text
	CHECK (length(noshow_message_en) BETWEEN 1 AND 1000),
    ADD COLUMN noshow_threshold smallint
	CHECK (noshow_threshold BETWEEN 1 AND 50),
    ADD COLUMN noshow_action text NOT NULL DEFAULT 'confirm'
	CHECK (noshow_action IN ('confirm', 'staff')),
    ADD COLUMN noshow_confirm_hours smallint NOT NULL DEFAULT 3
	CHECK (noshow_confirm_hours BETWEEN 1 AND 48);

-- When the no-show message went (or was given up on): never twice, even
-- when the no-show is undone and marked again.
ALTER TABLE appointments ADD COLUMN noshow_notified_at timestamptz;
-- When the reminder asked this appointment's patient for a yes (the
-- clinic's no-show threshold), and when the staff were alerted that the
-- yes did not come by the deadline (never a silent cancellation).
ALTER TABLE appointments ADD COLUMN confirm_asked_at timestamptz;
ALTER TABLE appointments ADD COLUMN confirm_alerted_at timestamptz;

-- Marking an appointment no-show queues the job that writes to the
-- patient (lib/noshow.c), once per appointment: the dedupe key while
-- queued, noshow_notified_at after.
CREATE FUNCTION appointments_noshow_job() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO jobs (kind, clinic_id, payload, dedupe_key)
	VALUES ('noshow_message', NEW.clinic_id,
	    jsonb_build_object('appointment_id', NEW.id),
	    'noshow:' || NEW.id)
	ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND
	    status IN ('queued', 'running') DO NOTHING;
	PERFORM pg_notify('sophie_jobs', '');
	RETURN NULL;
END $$;
CREATE TRIGGER appointments_noshow_job AFTER UPDATE OF status
    ON appointments FOR EACH ROW
    WHEN (NEW.status = 'no_show' AND OLD.status <> 'no_show' AND
	NEW.noshow_notified_at IS NULL)
    EXECUTE FUNCTION appointments_noshow_job();
