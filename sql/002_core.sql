-- 002_core.sql — clinics, people, calendars, conversations, appointments.
--
-- Applied by `sophiectl migrate` inside one transaction (no BEGIN/COMMIT
-- here).  docs/schema.md explains every table and the choices made.
--
-- Conventions:
--  - ids are uuid (gen_random_uuid()), except append-only logs (bigint).
--  - every time is timestamptz; wall-clock hours of a clinic are minutes
--    after local midnight in the clinic's IANA time zone.
--  - every row a clinic owns carries clinic_id.  Parents expose
--    UNIQUE (clinic_id, id) and children reference (clinic_id, parent_id),
--    so a row can never point at a parent belonging to another clinic.
--  - phone numbers of patients and WhatsApp senders are E.164 ("+33612…"),
--    without Twilio's "whatsapp:" prefix.
--  - secrets are libsodium ciphertexts (bytea) with their nonce in a
--    separate column; there is no plaintext secret column anywhere.

-- ------------------------------------------------------------------------
-- Helper functions

-- Trigger function: stamps updated_at on every UPDATE.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.updated_at := now();
	RETURN NEW;
END;
$$;

-- Order of a message's delivery status.  A status update may only move a
-- message to a status of higher rank (see messages_status_monotonic below),
-- so a late or repeated Twilio callback never moves it backwards.
-- Returns NULL for an unknown status.
CREATE FUNCTION status_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE status
	WHEN 'received' THEN 0     -- inbound message, final
	WHEN 'pending' THEN 10     -- in our outbox, not yet handed to Twilio
	WHEN 'accepted' THEN 20    -- Twilio: accepted
	WHEN 'queued' THEN 30      -- Twilio: queued
	WHEN 'sending' THEN 40     -- Twilio: sending
	WHEN 'sent' THEN 50        -- Twilio: handed to WhatsApp
	WHEN 'not_sent' THEN 60    -- we gave up before Twilio accepted it
	WHEN 'failed' THEN 60      -- Twilio: could not send
	WHEN 'undelivered' THEN 60 -- Twilio: sent but not delivered
	WHEN 'delivered' THEN 70   -- on the patient's phone
	WHEN 'read' THEN 80        -- read by the patient
	ELSE NULL
END;

-- End of the time an appointment blocks: its end plus the treatment's
-- buffer.  Adding a number of minutes to a timestamptz does not depend on
-- the session time zone (only day and month steps do), so the function is
-- truly immutable and can feed a generated column.
CREATE FUNCTION appointment_block_end(ends_at timestamptz,
    buffer_minutes integer) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ends_at + make_interval(mins => buffer_minutes);

-- ------------------------------------------------------------------------
-- Clinics and their hours

CREATE TABLE clinics (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
	address text,
	phone text,
	email text,
	-- IANA zone; checked against pg_timezone_names by a trigger.
	timezone text NOT NULL DEFAULT 'Europe/Paris',
	language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
	is_active boolean NOT NULL DEFAULT true,
	-- Free text shown to a patient who reports an emergency.
	emergency_numbers text,
	-- How long before an appointment the reminder goes out.
	reminder_delay_minutes integer NOT NULL DEFAULT 1440
	    CHECK (reminder_delay_minutes BETWEEN 0 AND 20160),
	-- No slot is offered earlier than now + this.
	min_notice_minutes integer NOT NULL DEFAULT 120
	    CHECK (min_notice_minutes BETWEEN 0 AND 20160),
	-- No slot is offered later than today + this.
	booking_horizon_days integer NOT NULL DEFAULT 60
	    CHECK (booking_horizon_days BETWEEN 1 AND 365),
	-- Slots start on multiples of this, from local midnight.
	slot_granularity_minutes integer NOT NULL DEFAULT 15
	    CHECK (slot_granularity_minutes IN (5, 10, 15, 20, 30, 60)),
	-- What the Google event title shows of the patient.
	calendar_event_title_mode text NOT NULL DEFAULT 'treatment_initials'
	    CHECK (calendar_event_title_mode IN ('treatment_initials',
	    'treatment_only', 'treatment_full_name')),
	-- Twilio Content SID of the approved reminder template (a reminder
	-- outside WhatsApp's 24-hour window must be a template); NULL: none.
	reminder_content_sid text,
	-- A half-finished conversation flow is forgotten after this silence.
	context_timeout_minutes integer NOT NULL DEFAULT 60
	    CHECK (context_timeout_minutes BETWEEN 5 AND 10080),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- Refuses a clinic time zone PostgreSQL does not know.
CREATE FUNCTION clinics_check_timezone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.timezone = OLD.timezone THEN
		RETURN NEW;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_timezone_names
	    WHERE name = NEW.timezone) THEN
		RAISE EXCEPTION 'unknown time zone "%"', NEW.timezone
		    USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END;
$$;

CREATE TRIGGER clinics_timezone BEFORE INSERT OR UPDATE OF timezone
    ON clinics FOR EACH ROW EXECUTE FUNCTION clinics_check_timezone();
CREATE TRIGGER clinics_updated_at BEFORE UPDATE ON clinics
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Weekly opening hours; several ranges a day (e.g. 08:30-12:00, 14:00-18:30).
-- weekday 0 = Monday … 6 = Sunday; minutes after local midnight.
CREATE TABLE clinic_opening_hours (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	start_min smallint NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min smallint NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
	CHECK (start_min < end_min),
	CONSTRAINT clinic_opening_hours_no_overlap EXCLUDE USING gist (
	    clinic_id WITH =, weekday WITH =,
	    int4range(start_min, end_min) WITH &&)
);

-- Days (or parts of days) the clinic is closed: holidays, works.
-- start_min/end_min both NULL: the whole day.
CREATE TABLE clinic_closures (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	day date NOT NULL,
	start_min smallint CHECK (start_min BETWEEN 0 AND 1439),
	end_min smallint CHECK (end_min BETWEEN 1 AND 1440),
	reason text,
	created_at timestamptz NOT NULL DEFAULT now(),
	CHECK ((start_min IS NULL) = (end_min IS NULL)),
	CHECK (start_min IS NULL OR start_min < end_min)
);
CREATE INDEX clinic_closures_clinic_day ON clinic_closures (clinic_id, day);

-- ------------------------------------------------------------------------
-- Practitioners and treatments

CREATE TABLE practitioners (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	first_name text NOT NULL CHECK (length(btrim(first_name)) >= 1),
	last_name text NOT NULL CHECK (length(btrim(last_name)) >= 1),
	title text DEFAULT 'Dr',
	specialty text,
	email text,
	phone text,
	is_active boolean NOT NULL DEFAULT true,
	display_order integer NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (clinic_id, id)
);
CREATE INDEX practitioners_clinic_order
    ON practitioners (clinic_id, display_order, last_name, first_name);
CREATE TRIGGER practitioners_updated_at BEFORE UPDATE ON practitioners
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Weekly working hours of a practitioner, same shape as opening hours.
-- Bookable time is the intersection with the clinic's opening hours; a
-- practitioner with no rows at all works all the clinic's opening hours.
CREATE TABLE practitioner_working_hours (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL,
	practitioner_id uuid NOT NULL,
	weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	start_min smallint NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min smallint NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
	CHECK (start_min < end_min),
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE,
	CONSTRAINT practitioner_working_hours_no_overlap EXCLUDE USING gist (
	    practitioner_id WITH =, weekday WITH =,
	    int4range(start_min, end_min) WITH &&)
);

-- Absences (holidays, training, sick leave): [starts_at, ends_at).
CREATE TABLE practitioner_absences (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL,
	practitioner_id uuid NOT NULL,
	starts_at timestamptz NOT NULL,
	ends_at timestamptz NOT NULL,
	reason text,
	created_at timestamptz NOT NULL DEFAULT now(),
	CHECK (ends_at > starts_at),
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX practitioner_absences_practitioner
    ON practitioner_absences (practitioner_id, starts_at);

CREATE TABLE treatment_types (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
	description text,
	duration_minutes integer NOT NULL
	    CHECK (duration_minutes BETWEEN 5 AND 720),
	-- Time blocked after the appointment (cleaning, notes).
	buffer_minutes integer NOT NULL DEFAULT 0
	    CHECK (buffer_minutes BETWEEN 0 AND 240),
	price_cents integer CHECK (price_cents >= 0),
	is_active boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (clinic_id, id)
);
CREATE UNIQUE INDEX treatment_types_clinic_name
    ON treatment_types (clinic_id, lower(name));
CREATE TRIGGER treatment_types_updated_at BEFORE UPDATE ON treatment_types
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Which practitioner performs which treatment.
CREATE TABLE practitioner_treatments (
	clinic_id uuid NOT NULL,
	practitioner_id uuid NOT NULL,
	treatment_type_id uuid NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (practitioner_id, treatment_type_id),
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE,
	FOREIGN KEY (clinic_id, treatment_type_id)
	    REFERENCES treatment_types (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX practitioner_treatments_treatment
    ON practitioner_treatments (treatment_type_id);

-- A practitioner's Google Calendar connection.  OAuth tokens are stored
-- encrypted with SOPHIE_SECRET_KEY (libsodium), each with its own nonce.
CREATE TABLE practitioner_calendar_integrations (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL,
	practitioner_id uuid NOT NULL UNIQUE,
	provider text NOT NULL DEFAULT 'google' CHECK (provider = 'google'),
	calendar_id text NOT NULL DEFAULT 'primary',
	status text NOT NULL DEFAULT 'disconnected'
	    CHECK (status IN ('connected', 'disconnected', 'error')),
	access_token_enc bytea,
	access_token_nonce bytea,
	refresh_token_enc bytea,
	refresh_token_nonce bytea,
	token_expires_at timestamptz,
	scope text,
	-- Google events.list incremental sync token.
	sync_token text,
	last_sync_at timestamptz,
	last_error text,
	connected_at timestamptz,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK ((access_token_enc IS NULL) = (access_token_nonce IS NULL)),
	CHECK ((refresh_token_enc IS NULL) = (refresh_token_nonce IS NULL)),
	CHECK (status <> 'connected' OR refresh_token_enc IS NOT NULL),
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX practitioner_calendar_integrations_clinic
    ON practitioner_calendar_integrations (clinic_id);
CREATE TRIGGER practitioner_calendar_integrations_updated_at
    BEFORE UPDATE ON practitioner_calendar_integrations
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ------------------------------------------------------------------------
-- WhatsApp (Twilio) configuration

CREATE TABLE clinic_whatsapp_configs (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	-- The clinic's WhatsApp sender, E.164.
	phone_number text NOT NULL
	    CHECK (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
	-- Answer to GET /webhook/whatsapp/{clinicId}?hub.verify_token=…
	verify_token text NOT NULL,
	provider text NOT NULL DEFAULT 'twilio' CHECK (provider = 'twilio'),
	-- Per-clinic Twilio account; NULL: TWILIO_ACCOUNT_SID from the env.
	account_sid text,
	-- Per-clinic auth token, encrypted; NULL: TWILIO_AUTH_TOKEN.
	auth_token_enc bytea,
	auth_token_nonce bytea,
	is_active boolean NOT NULL DEFAULT true,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK ((auth_token_enc IS NULL) = (auth_token_nonce IS NULL))
);
-- One active configuration per clinic, and a number serves one clinic.
CREATE UNIQUE INDEX clinic_whatsapp_configs_one_active
    ON clinic_whatsapp_configs (clinic_id) WHERE is_active;
CREATE UNIQUE INDEX clinic_whatsapp_configs_active_number
    ON clinic_whatsapp_configs (phone_number) WHERE is_active;
CREATE TRIGGER clinic_whatsapp_configs_updated_at
    BEFORE UPDATE ON clinic_whatsapp_configs
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ------------------------------------------------------------------------
-- Staff and superadmin accounts

-- One table for every account.  role SUPERADMIN has no clinic and sees
-- every clinic; ADMIN and STAFF belong to exactly one clinic.
CREATE TABLE clinic_users (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid REFERENCES clinics (id),
	email text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
	name text,
	-- libsodium crypto_pwhash_str() output (Argon2id).
	password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
	role text NOT NULL CHECK (role IN ('SUPERADMIN', 'ADMIN', 'STAFF')),
	is_active boolean NOT NULL DEFAULT true,
	-- Carried in every JWT; bumped on logout, password change or
	-- disable, which invalidates every token issued before.
	token_version integer NOT NULL DEFAULT 1,
	failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
	locked_until timestamptz,
	last_login_at timestamptz,
	password_changed_at timestamptz NOT NULL DEFAULT now(),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK ((role = 'SUPERADMIN') = (clinic_id IS NULL))
);
CREATE UNIQUE INDEX clinic_users_email ON clinic_users (lower(email));
CREATE INDEX clinic_users_clinic ON clinic_users (clinic_id);
CREATE TRIGGER clinic_users_updated_at BEFORE UPDATE ON clinic_users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ------------------------------------------------------------------------
-- Patients, conversations, messages

-- One phone may serve several patients (a parent booking for children),
-- so the phone alone is not unique; the same person is not recorded
-- twice under one phone.
CREATE TABLE patients (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
	first_name text NOT NULL CHECK (length(btrim(first_name)) >= 1),
	last_name text NOT NULL CHECK (length(btrim(last_name)) >= 1),
	birth_date date CHECK (birth_date > DATE '1880-01-01'),
	email text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
	language text CHECK (language IN ('fr', 'en')),
	notes text,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (clinic_id, id)
);
CREATE UNIQUE INDEX patients_identity ON patients (clinic_id, phone,
    lower(first_name), lower(last_name), birth_date) NULLS NOT DISTINCT;
CREATE INDEX patients_clinic_name
    ON patients (clinic_id, lower(last_name), lower(first_name));
CREATE INDEX patients_clinic_created
    ON patients (clinic_id, created_at DESC, id DESC);
CREATE TRIGGER patients_updated_at BEFORE UPDATE ON patients
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A WhatsApp conversation with one phone number.  At most one is open
-- (not closed) per clinic and phone; the engine's state machine keeps
-- its state name and collected slots in state/context.
CREATE TABLE conversations (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
	patient_id uuid,
	state text NOT NULL DEFAULT 'idle',
	context jsonb NOT NULL DEFAULT '{}'
	    CHECK (jsonb_typeof(context) = 'object'),
	language text CHECK (language IN ('fr', 'en')),
	status text NOT NULL DEFAULT 'active'
	    CHECK (status IN ('active', 'handoff', 'closed')),
	needs_staff boolean NOT NULL DEFAULT false,
	needs_staff_reason text,
	-- Last inbound message: WhatsApp allows free-form replies for 24 h.
	last_inbound_at timestamptz,
	last_message_at timestamptz NOT NULL DEFAULT now(),
	closed_at timestamptz,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (clinic_id, id),
	FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
	    ON DELETE SET NULL (patient_id)
);
CREATE UNIQUE INDEX conversations_one_open
    ON conversations (clinic_id, phone) WHERE status <> 'closed';
CREATE INDEX conversations_clinic_recent
    ON conversations (clinic_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_needs_staff
    ON conversations (clinic_id, last_message_at DESC) WHERE needs_staff;
CREATE INDEX conversations_patient ON conversations (patient_id);
CREATE TRIGGER conversations_updated_at BEFORE UPDATE ON conversations
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Every inbound and outbound WhatsApp message.  Outbound rows are the
-- outbox: written with status 'pending' in the transaction that decides
-- the reply, sent by a job, then moved forward by Twilio's callbacks.
CREATE TABLE messages (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL,
	conversation_id uuid NOT NULL,
	direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
	body text NOT NULL DEFAULT '',
	-- Inbound MessageSid, or the SID Twilio returned for an outbound send.
	twilio_sid text,
	-- E.164, without "whatsapp:".
	from_number text,
	to_number text,
	num_media smallint NOT NULL DEFAULT 0 CHECK (num_media BETWEEN 0 AND 10),
	-- Outbound template message: Twilio Content SID and variables.
	content_sid text,
	content_variables jsonb,
	-- Template key the engine used to write an outbound body.
	template_key text,
	status text NOT NULL,
	status_updated_at timestamptz NOT NULL DEFAULT now(),
	error_code text,
	error_message text,
	-- Inbound: what the extractor understood.
	intent text,
	nlu jsonb,
	created_at timestamptz NOT NULL DEFAULT now(),
	sent_at timestamptz,
	CHECK (status_rank(status) IS NOT NULL),
	CHECK ((direction = 'inbound') = (status = 'received')),
	UNIQUE (clinic_id, id),
	FOREIGN KEY (clinic_id, conversation_id)
	    REFERENCES conversations (clinic_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX messages_twilio_sid
    ON messages (twilio_sid) WHERE twilio_sid IS NOT NULL;
CREATE INDEX messages_conversation
    ON messages (conversation_id, created_at, id);
CREATE INDEX messages_clinic_recent
    ON messages (clinic_id, created_at DESC, id DESC);

-- Keeps a message's status from moving backwards: an update to a status
-- of lower rank (a late callback) leaves status and error unchanged.
CREATE FUNCTION messages_status_monotonic() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status IS DISTINCT FROM OLD.status AND
	    status_rank(NEW.status) < status_rank(OLD.status) THEN
		NEW.status := OLD.status;
		NEW.status_updated_at := OLD.status_updated_at;
		NEW.error_code := OLD.error_code;
		NEW.error_message := OLD.error_message;
	ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
		NEW.status_updated_at := now();
	END IF;
	RETURN NEW;
END;
$$;
CREATE TRIGGER messages_status BEFORE UPDATE OF status ON messages
    FOR EACH ROW EXECUTE FUNCTION messages_status_monotonic();

-- Media attached to an inbound message (MediaUrl{n}), downloaded by a job
-- into SOPHIE_DATA_DIR/uploads/{images,documents}/{clinicId}/.
CREATE TABLE message_media (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL,
	message_id uuid NOT NULL,
	n smallint NOT NULL CHECK (n BETWEEN 0 AND 9),
	source_url text NOT NULL,
	declared_content_type text,
	-- From the file's magic bytes; what the file is served as.
	detected_content_type text,
	kind text CHECK (kind IN ('image', 'document')),
	-- Relative to SOPHIE_DATA_DIR, e.g. uploads/images/{clinicId}/x.jpg.
	path text CHECK (path !~ '(^/|\.\.)'),
	size_bytes bigint CHECK (size_bytes >= 0),
	status text NOT NULL DEFAULT 'pending'
	    CHECK (status IN ('pending', 'stored', 'refused', 'failed')),
	error text,
	created_at timestamptz NOT NULL DEFAULT now(),
	stored_at timestamptz,
	CHECK (status <> 'stored' OR (path IS NOT NULL AND kind IS NOT NULL)),
	UNIQUE (message_id, n),
	FOREIGN KEY (clinic_id, message_id)
	    REFERENCES messages (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX message_media_clinic ON message_media (clinic_id, created_at);

-- ------------------------------------------------------------------------
-- Appointments

-- A booked appointment blocks its practitioner over
-- [starts_at, blocked_until), where blocked_until = ends_at plus the
-- treatment's buffer copied at booking time (buffer_minutes).  The
-- exclusion constraint makes two overlapping booked appointments for one
-- practitioner impossible, whatever the races.
CREATE TABLE appointments (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	practitioner_id uuid NOT NULL,
	patient_id uuid NOT NULL,
	treatment_type_id uuid,
	-- Treatment name at booking time (survives a renamed/deleted type).
	treatment_name text,
	-- Conversation that booked it, when booked over WhatsApp.
	conversation_id uuid,
	starts_at timestamptz NOT NULL,
	ends_at timestamptz NOT NULL,
	buffer_minutes integer NOT NULL DEFAULT 0
	    CHECK (buffer_minutes BETWEEN 0 AND 240),
	blocked_until timestamptz NOT NULL GENERATED ALWAYS AS
	    (appointment_block_end(ends_at, buffer_minutes)) STORED,
	status text NOT NULL DEFAULT 'booked'
	    CHECK (status IN ('booked', 'cancelled', 'completed', 'no_show')),
	source text NOT NULL CHECK (source IN ('whatsapp', 'admin')),
	google_event_id text,
	-- Set by calendar sync when Google and Sophie disagree.
	calendar_flag text CHECK (calendar_flag IN ('deleted_in_google',
	    'moved_in_google', 'sync_failed')),
	reminder_sent_at timestamptz,
	reminder_status text CHECK (reminder_status IN ('pending', 'sent',
	    'failed', 'skipped')),
	patient_response text CHECK (patient_response IN ('confirmed',
	    'cancelled', 'move_requested')),
	patient_response_at timestamptz,
	notes text,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	cancelled_at timestamptz,
	CHECK (ends_at > starts_at),
	CHECK (ends_at - starts_at <= interval '12 hours'),
	UNIQUE (clinic_id, id),
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id),
	FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
	FOREIGN KEY (clinic_id, treatment_type_id)
	    REFERENCES treatment_types (clinic_id, id)
	    ON DELETE SET NULL (treatment_type_id),
	FOREIGN KEY (clinic_id, conversation_id)
	    REFERENCES conversations (clinic_id, id)
	    ON DELETE SET NULL (conversation_id),
	CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
	    clinic_id WITH =, practitioner_id WITH =,
	    tstzrange(starts_at, blocked_until, '[)') WITH &&)
	    WHERE (status = 'booked')
);
CREATE INDEX appointments_clinic_starts
    ON appointments (clinic_id, starts_at, id);
CREATE INDEX appointments_patient_starts
    ON appointments (patient_id, starts_at);
CREATE INDEX appointments_practitioner_starts
    ON appointments (practitioner_id, starts_at);
-- Booked appointments still waiting for their reminder.
CREATE INDEX appointments_reminder_due ON appointments (starts_at)
    WHERE status = 'booked' AND reminder_sent_at IS NULL;
CREATE UNIQUE INDEX appointments_google_event
    ON appointments (practitioner_id, google_event_id)
    WHERE google_event_id IS NOT NULL;

-- Stamps cancelled_at when an appointment becomes cancelled.
CREATE FUNCTION appointments_stamp_cancel() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status = 'cancelled' AND NEW.cancelled_at IS NULL THEN
		NEW.cancelled_at := now();
	END IF;
	RETURN NEW;
END;
$$;
CREATE TRIGGER appointments_cancel BEFORE INSERT OR UPDATE OF status
    ON appointments FOR EACH ROW EXECUTE FUNCTION appointments_stamp_cancel();
CREATE TRIGGER appointments_updated_at BEFORE UPDATE ON appointments
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ------------------------------------------------------------------------
-- System logs (structured, as the seed's LogService writes them)

CREATE TABLE system_logs (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	clinic_id uuid REFERENCES clinics (id),
	-- No foreign key: a log line outlives the conversation it names.
	conversation_id uuid,
	level text NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARN', 'ERROR')),
	category text NOT NULL,
	event text NOT NULL,
	message text NOT NULL DEFAULT '',
	metadata jsonb NOT NULL DEFAULT '{}',
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX system_logs_clinic_recent
    ON system_logs (clinic_id, created_at DESC, id DESC);
CREATE INDEX system_logs_recent ON system_logs (created_at DESC, id DESC);
CREATE INDEX system_logs_errors ON system_logs (created_at DESC)
    WHERE level = 'ERROR';
