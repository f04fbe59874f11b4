-- 028_privacy_fix.sql — corrections to the patient's rights (issue 21,
-- item 4; sql/024_privacy.sql): media files removed by the worker from a
-- job queued in the erasing transaction, erasure limited to the rows tied
-- to the patient, future bookings cancelled, conversations of another
-- patient on the same phone left alone, STOP recorded, and the audit
-- log's one exception bound to a real erasure.

-- STOP: when the patient asked Sophie to stop writing to them; nothing is
-- sent to them unprompted (reminders, no-show, waitlist offers) while it
-- is set.  Set by the trigger below, cleared by the staff.
ALTER TABLE patients ADD COLUMN opted_out_at timestamptz;

-- An inbound message that is only "stop" (or its usual variants) opts
-- every patient of the clinic with that phone out.
CREATE FUNCTION privacy_stop_record() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.direction = 'inbound' AND lower(btrim(coalesce(NEW.body, '')))
	    ~ ('^(stop|stop svp|stop merci|stop please|stop stop|'
	    'unsubscribe|(me )?d[eé]sabonner|d[eé]sinscription)[ .!]*$') THEN
		UPDATE patients p SET opted_out_at = now()
		FROM conversations c
		WHERE c.id = NEW.conversation_id AND
		    c.clinic_id = NEW.clinic_id AND p.clinic_id = c.clinic_id
		    AND p.phone = c.phone AND p.opted_out_at IS NULL;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER messages_privacy_stop AFTER INSERT ON messages
FOR EACH ROW EXECUTE FUNCTION privacy_stop_record();

-- The erasures in progress: one row per erasure, written by
-- privacy_erase_patient in its transaction and deleted before it ends.
-- audit_log accepts a change of metadata only for the rows of the patient
-- (or of their conversations) named here in the same transaction, and a
-- row may be written here only once the patient is pseudonymised, the
-- erasure journaled in that transaction and the conversations it names
-- deleted: the exception to append-only
-- is thus bound to a real, journaled erasure, not to a setting any
-- session may set.
CREATE TABLE privacy_erasing (
	xid bigint NOT NULL,
	clinic_id uuid NOT NULL,
	patient_id uuid NOT NULL,
	conversations text[] NOT NULL DEFAULT '{}',
	PRIMARY KEY (xid, clinic_id, patient_id)
);

CREATE FUNCTION privacy_erasing_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	IF TG_OP = 'INSERT' AND NEW.xid = txid_current() AND EXISTS (
	    SELECT 1 FROM patients p WHERE p.clinic_id = NEW.clinic_id AND
	    p.id = NEW.patient_id AND p.first_name = 'Erased patient' AND
	    p.phone ~ '^\+999[0-9]{11}$') AND EXISTS (
	    SELECT 1 FROM audit_log a WHERE a.clinic_id = NEW.clinic_id AND
	    a.patient_id = NEW.patient_id AND a.action = 'patient.erase' AND
	    a.xmin::text = (txid_current() % 4294967296)::text) AND
	    NOT EXISTS (SELECT 1 FROM conversations c
	    WHERE c.id::text = ANY (NEW.conversations)) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'privacy_erasing is written by the erasure only'
	    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER privacy_erasing_check BEFORE INSERT OR UPDATE OR DELETE
ON privacy_erasing FOR EACH ROW EXECUTE FUNCTION privacy_erasing_check();

-- audit_log stays append-only, with one exception: the metadata (and
-- nothing else) of the rows of a patient being erased in this very
-- transaction (see privacy_erasing).  DELETE and TRUNCATE are refused.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND
	    (NEW.id, NEW.clinic_id, NEW.actor_user_id, NEW.actor_role,
	    NEW.action, NEW.entity, NEW.entity_id, NEW.patient_id, NEW.ip,
	    NEW.created_at) IS NOT DISTINCT FROM (OLD.id, OLD.clinic_id,
	    OLD.actor_user_id, OLD.actor_role, OLD.action, OLD.entity,
	    OLD.entity_id, OLD.patient_id, OLD.ip, OLD.created_at) AND
	    EXISTS (SELECT 1 FROM privacy_erasing e
	    WHERE e.xid = txid_current() AND e.clinic_id = OLD.clinic_id AND
	    (e.patient_id = OLD.patient_id OR
	    OLD.entity_id = ANY (e.conversations))) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
	    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- A case-insensitive regular expression matching any of the texts as
-- whole words (not inside a longer word or number); NULL when none.
CREATE FUNCTION privacy_words(p_texts text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT '(?<![[:alnum:]_])(?:' || privacy_pattern(p_texts) ||
	    ')(?![[:alnum:]_])'
$$;

-- Replace, in the text-like columns of the rows of p_patient in every
-- table of clinic data that has a patient_id column (but patients and
-- audit_log, handled by the erasure), the whole words matching p_pat by
-- p_repl.  Staff, practitioners and settings have no patient_id: never
-- touched.
CREATE FUNCTION privacy_scrub_patient_rows(p_clinic uuid, p_patient uuid,
    p_pat text, p_repl text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF p_pat IS NULL THEN
		RETURN;
	END IF;
	FOR r IN SELECT t.tbl, t.col, t.typ FROM privacy_text_columns() t
	    WHERE EXISTS (SELECT 1 FROM information_schema.columns k
		WHERE k.table_schema = 'public' AND k.table_name = t.tbl AND
		k.column_name = 'patient_id')
	    AND t.tbl NOT IN ('patients', 'audit_log') LOOP
		EXECUTE format('UPDATE %I SET %I = regexp_replace(%I::text, '
		    '$3, $4, ''gi'')::%s WHERE clinic_id = $1 AND '
		    'patient_id = $2 AND %I::text ~* $3', r.tbl, r.col, r.col,
		    CASE r.typ WHEN 'jsonb' THEN 'jsonb' WHEN 'json' THEN
		    'json' ELSE 'text' END, r.col)
		USING p_clinic, p_patient, p_pat, p_repl;
	END LOOP;
END;
$$;

-- Erase patient p_patient of clinic p_clinic, in the caller's
-- transaction: the patient's conversations (theirs by patient_id, or of
-- their phone with no patient linked when no other patient of the clinic
-- has that phone) with their messages, media rows (and bytes) and alerts
-- deleted; the jobs about them deleted; future bookings and waitlist
-- entries cancelled, and every appointment with a Google event queued
-- for the calendar (the title then names "Erased patient #N", a
-- cancelled one's event is deleted); appointments kept with their notes
-- cleared; the identity pseudonymised; their phone and whole name
-- scrubbed from the other rows tied to them, their log rows and their
-- audit rows; the erasure journaled without the phone or the name; the
-- removal of the media files queued for the worker
-- ("privacy_media_delete", retried until done).  Returns the media
-- paths queued; no row when the patient is unknown.
CREATE OR REPLACE FUNCTION privacy_erase_patient(p_clinic uuid,
    p_patient uuid, p_actor uuid, p_role text, p_ip inet)
RETURNS TABLE (media_path text)
LANGUAGE plpgsql AS $$
DECLARE
	p patients%ROWTYPE;
	v_shared boolean;
	v_convs uuid[];
	v_paths text[];
	v_n bigint;
	v_phone text;
	v_name text;
	v_ids text;
	v_tel text;
	v_words text;
	v_appts bigint;
	v_cancelled bigint;
BEGIN
	SELECT * INTO p FROM patients
	WHERE clinic_id = p_clinic AND id = p_patient FOR UPDATE;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no such patient'
		    USING ERRCODE = 'no_data_found';
	END IF;
	v_shared := EXISTS (SELECT 1 FROM patients o WHERE o.clinic_id =
	    p_clinic AND o.id <> p_patient AND o.phone = p.phone);
	SELECT coalesce(array_agg(c.id), '{}') INTO v_convs FROM conversations c
	WHERE c.clinic_id = p_clinic AND (c.patient_id = p_patient OR
	    (c.patient_id IS NULL AND NOT v_shared AND c.phone = p.phone));
	SELECT coalesce(array_agg(mm.path), '{}') INTO v_paths
	FROM message_media mm JOIN messages m ON m.id = mm.message_id AND
	    m.clinic_id = mm.clinic_id
	WHERE m.clinic_id = p_clinic AND m.conversation_id = ANY (v_convs)
	    AND mm.path IS NOT NULL;
	-- Identifiers that name the patient's rows in logs and jobs.
	v_ids := privacy_pattern(array_append(v_convs::text[],
	    p_patient::text));
	-- Their phone, when it is theirs alone, as a whole number.
	v_tel := CASE WHEN v_shared THEN NULL ELSE
	    privacy_words(ARRAY[p.phone, substr(p.phone, 2)]) END;
	v_words := privacy_words(ARRAY[p.first_name || ' ' || p.last_name,
	    p.last_name || ' ' || p.first_name, p.email]);

	v_n := nextval('privacy_erased_seq');
	v_phone := '+999' || lpad(v_n::text, 11, '0');
	v_name := 'Erased patient #' || v_n;

	-- Jobs about the patient or their conversations (their payloads
	-- hold phones, texts, media addresses).
	DELETE FROM jobs j WHERE (j.clinic_id = p_clinic OR j.clinic_id IS
	    NULL) AND (j.payload::text ~* v_ids OR j.queue_key ~* v_ids OR
	    (v_tel IS NOT NULL AND j.payload::text ~* v_tel));
	-- Log rows about them: their text goes, the row stays counted.
	UPDATE system_logs s SET message = '[erased]', metadata = '{}'
	WHERE (s.clinic_id = p_clinic OR s.clinic_id IS NULL) AND
	    (s.conversation_id = ANY (v_convs) OR s.metadata::text ~* v_ids OR
	    (v_tel IS NOT NULL AND (s.message ~* v_tel OR
	    s.metadata::text ~* v_tel)));
	DELETE FROM conversations c WHERE c.clinic_id = p_clinic AND
	    c.id = ANY (v_convs);
	-- Nothing booked stays live for someone who no longer exists here.
	UPDATE appointments a SET status = 'cancelled', cancelled_at = now()
	WHERE a.clinic_id = p_clinic AND a.patient_id = p_patient AND
	    a.status = 'booked' AND a.starts_at > now();
	GET DIAGNOSTICS v_cancelled = ROW_COUNT;
	IF to_regclass('public.waitlist') IS NOT NULL THEN
		EXECUTE 'UPDATE waitlist SET status = ''cancelled'', '
		    'updated_at = now() WHERE clinic_id = $1 AND '
		    'patient_id = $2 AND status IN (''waiting'', ''offered'')'
		USING p_clinic, p_patient;
	END IF;
	UPDATE appointments a SET notes = NULL WHERE a.clinic_id = p_clinic
	    AND a.patient_id = p_patient AND a.notes IS NOT NULL;
	SELECT count(*) INTO v_appts FROM appointments a
	WHERE a.clinic_id = p_clinic AND a.patient_id = p_patient;
	UPDATE patients SET first_name = 'Erased patient', last_name = '#' ||
	    v_n, phone = v_phone, birth_date = NULL, email = NULL,
	    notes = NULL
	WHERE clinic_id = p_clinic AND id = p_patient;
	-- The calendar events: written again under the new name, or
	-- deleted when cancelled (lib/calsync.c, one queue per
	-- practitioner).
	INSERT INTO jobs (kind, clinic_id, queue_key, payload, max_attempts)
	SELECT 'calendar_event_upsert', p_clinic, 'cal:' || a.practitioner_id,
	    jsonb_build_object('appointment_id', a.id), 8
	FROM appointments a WHERE a.clinic_id = p_clinic AND
	    a.patient_id = p_patient AND a.google_event_id IS NOT NULL;

	-- The phone and the whole name in the other rows tied to them.
	PERFORM privacy_scrub_patient_rows(p_clinic, p_patient, v_tel,
	    v_phone);
	PERFORM privacy_scrub_patient_rows(p_clinic, p_patient, v_words,
	    v_name);

	INSERT INTO audit_log (clinic_id, actor_user_id, actor_role, action,
	    entity, entity_id, patient_id, ip, metadata)
	VALUES (p_clinic, p_actor, p_role, 'patient.erase', 'patient',
	    p_patient::text, p_patient, p_ip, jsonb_build_object(
	    'conversations', cardinality(v_convs), 'media',
	    cardinality(v_paths), 'appointmentsKept', v_appts,
	    'appointmentsCancelled', v_cancelled));
	-- Their audit rows: names, email and phone (whole words) go.
	INSERT INTO privacy_erasing (xid, clinic_id, patient_id,
	    conversations)
	VALUES (txid_current(), p_clinic, p_patient, v_convs::text[]);
	UPDATE audit_log a SET metadata = regexp_replace(a.metadata::text,
	    privacy_words(ARRAY[p.first_name, p.last_name, p.email] ||
	    CASE WHEN v_shared THEN '{}'::text[] ELSE
	    ARRAY[p.phone, substr(p.phone, 2)] END), '[erased]', 'gi')::jsonb
	WHERE a.clinic_id = p_clinic AND (a.patient_id = p_patient OR
	    a.entity_id = ANY (v_convs::text[])) AND
	    a.metadata::text ~* privacy_words(ARRAY[p.first_name,
	    p.last_name, p.email] || CASE WHEN v_shared THEN '{}'::text[]
	    ELSE ARRAY[p.phone, substr(p.phone, 2)] END);
	DELETE FROM privacy_erasing WHERE xid = txid_current();

	IF cardinality(v_paths) > 0 THEN
		INSERT INTO jobs (kind, clinic_id, payload, max_attempts)
		VALUES ('privacy_media_delete', p_clinic,
		    jsonb_build_object('paths', to_jsonb(v_paths)), 1000);
	END IF;
	PERFORM pg_notify('sophie_jobs', '');
	RETURN QUERY SELECT unnest(v_paths);
END;
$$;

CREATE OR REPLACE FUNCTION privacy_export_json(p_clinic uuid, p_patient uuid)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	v jsonb;
	v_other jsonb := '{}';
	v_rows jsonb;
	r record;
BEGIN
	SELECT jsonb_build_object(
	    'patient', jsonb_build_object('id', p.id, 'firstName',
		p.first_name, 'lastName', p.last_name, 'phone', p.phone,
		'birthDate', p.birth_date, 'email', p.email, 'language',
		p.language, 'notes', p.notes, 'createdAt', p.created_at),
	    'clinic', jsonb_build_object('id', cl.id, 'name', cl.name),
	    'exportedAt', now(),
	    'appointments', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'id', a.id, 'startsAt', a.starts_at, 'endsAt', a.ends_at,
		'startsLocal', to_char(a.starts_at AT TIME ZONE cl.timezone,
		'YYYY-MM-DD HH24:MI'), 'status', a.status, 'source', a.source,
		'treatment', a.treatment_name, 'practitioner',
		concat_ws(' ', pr.title, pr.first_name, pr.last_name),
		'notes', a.notes, 'createdAt', a.created_at, 'cancelledAt',
		a.cancelled_at) ORDER BY a.starts_at), '[]')
		FROM appointments a
		JOIN practitioners pr ON pr.id = a.practitioner_id AND
		pr.clinic_id = a.clinic_id
		WHERE a.clinic_id = p_clinic AND a.patient_id = p_patient),
	    'conversations', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		'id', c.id, 'phone', c.phone, 'status', c.status, 'state',
		c.state, 'context', c.context, 'createdAt', c.created_at,
		'messages', (SELECT coalesce(jsonb_agg(jsonb_build_object(
		    'id', m.id, 'direction', m.direction, 'body', m.body,
		    'status', m.status, 'createdAt', m.created_at,
		    'createdLocal', to_char(m.created_at AT TIME ZONE
		    cl.timezone, 'YYYY-MM-DD HH24:MI'),
		    'media', (SELECT coalesce(jsonb_agg(jsonb_build_object(
			'id', mm.id, 'kind', mm.kind, 'contentType',
			mm.detected_content_type, 'size', mm.size_bytes,
			'path', mm.path, 'status', mm.status) ORDER BY mm.n),
			'[]') FROM message_media mm WHERE mm.message_id = m.id
			AND mm.clinic_id = m.clinic_id))
		    ORDER BY m.created_at, m.id), '[]') FROM messages m
		    WHERE m.conversation_id = c.id AND
		    m.clinic_id = c.clinic_id))
		ORDER BY c.created_at), '[]') FROM conversations c
		WHERE c.clinic_id = p_clinic AND (c.patient_id = p_patient OR
		(c.patient_id IS NULL AND c.phone = p.phone AND NOT EXISTS (
		SELECT 1 FROM patients o WHERE o.clinic_id = p_clinic AND
		o.id <> p_patient AND o.phone = p.phone)))),
	    'audit', (SELECT coalesce(jsonb_agg(jsonb_build_object('action',
		a.action, 'actorRole', a.actor_role, 'actorUserId',
		a.actor_user_id, 'entity', a.entity, 'entityId', a.entity_id,
		'createdAt', a.created_at) ORDER BY a.created_at, a.id),
		'[]') FROM audit_log a WHERE a.clinic_id = p_clinic AND
		a.patient_id = p_patient))
	INTO v
	FROM patients p JOIN clinics cl ON cl.id = p.clinic_id
	WHERE p.clinic_id = p_clinic AND p.id = p_patient;
	IF v IS NULL THEN
		RETURN NULL;
	END IF;
	FOR r IN SELECT c.table_name::text AS tbl
	    FROM information_schema.columns c
	    JOIN information_schema.tables t ON t.table_schema =
		c.table_schema AND t.table_name = c.table_name AND
		t.table_type = 'BASE TABLE'
	    WHERE c.table_schema = 'public' AND c.column_name = 'patient_id'
	    AND c.table_name NOT IN ('appointments', 'conversations',
		'audit_log', 'privacy_erasing')
	    AND EXISTS (SELECT 1 FROM information_schema.columns k
		WHERE k.table_schema = 'public' AND
		k.table_name = c.table_name AND k.column_name = 'clinic_id')
	    ORDER BY 1 LOOP
		EXECUTE format('SELECT coalesce(jsonb_agg(to_jsonb(x)), '
		    '''[]'') FROM %I x WHERE x.clinic_id = $1 AND '
		    'x.patient_id = $2', r.tbl) INTO v_rows
		USING p_clinic, p_patient;
		v_other := v_other || jsonb_build_object(r.tbl, v_rows);
	END LOOP;
	RETURN v || jsonb_build_object('other', v_other);
END;
$$;

-- Retention: as in 024, the media files' removal queued for the worker
-- in the same transaction.  Returns the media paths queued.
CREATE OR REPLACE FUNCTION privacy_retention_sweep(p_limit integer)
RETURNS TABLE (media_path text)
LANGUAGE plpgsql AS $$
DECLARE
	v_ids uuid[];
	v_paths text[];
BEGIN
	SELECT coalesce(array_agg(m.id), '{}') INTO v_ids FROM (
	    SELECT m.id FROM messages m JOIN clinics cl ON cl.id = m.clinic_id
	    WHERE cl.retention_months IS NOT NULL AND m.created_at < now() -
		make_interval(months => cl.retention_months)
	    ORDER BY m.created_at LIMIT p_limit) m;
	SELECT coalesce(array_agg(mm.path), '{}') INTO v_paths
	FROM message_media mm
	WHERE mm.message_id = ANY (v_ids) AND mm.path IS NOT NULL;
	DELETE FROM messages m WHERE m.id = ANY (v_ids);
	DELETE FROM conversations c USING clinics cl
	WHERE cl.id = c.clinic_id AND cl.retention_months IS NOT NULL AND
	    c.last_message_at < now() - make_interval(months =>
	    cl.retention_months) AND NOT EXISTS (SELECT 1 FROM messages m
	    WHERE m.conversation_id = c.id);
	IF cardinality(v_paths) > 0 THEN
		INSERT INTO jobs (kind, payload, max_attempts)
		VALUES ('privacy_media_delete', jsonb_build_object('paths',
		    to_jsonb(v_paths)), 1000);
		PERFORM pg_notify('sophie_jobs', '');
	END IF;
	RETURN QUERY SELECT unnest(v_paths);
END;
$$;
