-- 003_operations.sql — job queue, audit log, OAuth states, login
-- throttling, Google free/busy cache.
--
-- Applied by `sophiectl migrate` inside one transaction (no BEGIN/COMMIT
-- here).  docs/schema.md explains every table and the choices made.

-- ------------------------------------------------------------------------
-- Job queue (sophie-worker)
--
-- Workers claim with FOR UPDATE SKIP LOCKED (see docs/schema.md for the
-- claim statement).  Jobs sharing a queue_key (e.g. 'conv:<uuid>') run one
-- at a time in id order: a job is claimable only when no job with a lower
-- id and the same key is still queued or running.

CREATE TABLE jobs (
	id bigserial PRIMARY KEY,
	clinic_id uuid REFERENCES clinics (id),
	-- e.g. 'conversation_turn', 'send_message', 'download_media',
	-- 'calendar_create', 'calendar_sync', 'reminder'.
	kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
	payload jsonb NOT NULL DEFAULT '{}'
	    CHECK (jsonb_typeof(payload) = 'object'),
	queue_key text,
	-- Optional: at most one queued or running job per dedupe_key, so a
	-- periodic scheduler can enqueue with ON CONFLICT DO NOTHING.
	dedupe_key text,
	status text NOT NULL DEFAULT 'queued'
	    CHECK (status IN ('queued', 'running', 'done', 'failed')),
	attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts >= 1),
	run_at timestamptz NOT NULL DEFAULT now(),
	-- Lease: host:pid of the worker and when its claim expires.  A
	-- running job whose lease expired is put back to queued.
	locked_by text,
	locked_until timestamptz,
	last_error text,
	created_at timestamptz NOT NULL DEFAULT now(),
	started_at timestamptz,
	finished_at timestamptz,
	CHECK (status <> 'running' OR locked_until IS NOT NULL)
);
CREATE INDEX jobs_claim ON jobs (run_at, id) WHERE status = 'queued';
CREATE INDEX jobs_queue_key ON jobs (queue_key, id)
    WHERE status IN ('queued', 'running');
CREATE INDEX jobs_lease ON jobs (locked_until) WHERE status = 'running';
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key)
    WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running');
CREATE INDEX jobs_finished ON jobs (finished_at)
    WHERE status IN ('done', 'failed');

-- ------------------------------------------------------------------------
-- Audit log: who did what to which record, append-only.
--
-- No foreign keys: an entry outlives the user, patient or clinic it names.

CREATE TABLE audit_log (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	clinic_id uuid,
	-- clinic_users.id; NULL: the system or the patient over WhatsApp.
	actor_user_id uuid,
	actor_role text,
	-- e.g. 'appointment.cancel', 'patient.view', 'user.login'.
	action text NOT NULL,
	entity text,
	entity_id text,
	-- Patient whose data was read or changed, for access reports.
	patient_id uuid,
	ip inet,
	metadata jsonb NOT NULL DEFAULT '{}',
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_clinic_recent
    ON audit_log (clinic_id, created_at DESC, id DESC);
CREATE INDEX audit_log_patient ON audit_log (patient_id, created_at)
    WHERE patient_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, created_at)
    WHERE actor_user_id IS NOT NULL;

-- Refuses any UPDATE, DELETE or TRUNCATE of the audit log.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
	    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- ------------------------------------------------------------------------
-- Google OAuth: one row per /oauth/authorize, used once by /oauth/callback.
--
-- The state sent to Google is a random value; only its SHA-256 is stored.
-- The callback must come from the same admin session (session_hash, and
-- the user's token_version unchanged) before expires_at, and marks the
-- row used in the same statement that finds it.

CREATE TABLE oauth_states (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	state_hash bytea NOT NULL UNIQUE CHECK (octet_length(state_hash) = 32),
	clinic_id uuid NOT NULL,
	practitioner_id uuid NOT NULL,
	user_id uuid NOT NULL REFERENCES clinic_users (id) ON DELETE CASCADE,
	-- SHA-256 of the session's JWT id (jti) or cookie.
	session_hash bytea NOT NULL,
	user_token_version integer NOT NULL,
	-- PKCE code_verifier, encrypted with SOPHIE_SECRET_KEY.
	code_verifier_enc bytea,
	code_verifier_nonce bytea,
	created_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	used_at timestamptz,
	CHECK (expires_at > created_at),
	CHECK ((code_verifier_enc IS NULL) = (code_verifier_nonce IS NULL)),
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX oauth_states_expires ON oauth_states (expires_at);

-- ------------------------------------------------------------------------
-- Login throttling, per e-mail and per client address.
-- key: 'email:<lower-case address>' or 'ip:<address>'.

CREATE TABLE login_throttle (
	key text PRIMARY KEY CHECK (key ~ '^(email|ip):.+'),
	failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
	window_start timestamptz NOT NULL DEFAULT now(),
	next_allowed_at timestamptz,
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_throttle_updated ON login_throttle (updated_at);

-- ------------------------------------------------------------------------
-- Google Calendar free/busy answers, cached per practitioner and window
-- so that proposing slots does not wait on Google.

CREATE TABLE freebusy_cache (
	clinic_id uuid NOT NULL,
	practitioner_id uuid NOT NULL,
	window_start timestamptz NOT NULL,
	window_end timestamptz NOT NULL,
	busy tstzmultirange NOT NULL DEFAULT '{}',
	fetched_at timestamptz NOT NULL DEFAULT now(),
	-- Google reported an error for this calendar: busy is incomplete.
	errors boolean NOT NULL DEFAULT false,
	CHECK (window_end > window_start),
	PRIMARY KEY (practitioner_id, window_start, window_end),
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE
);
CREATE INDEX freebusy_cache_fetched ON freebusy_cache (fetched_at);
