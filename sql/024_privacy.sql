-- 024_privacy.sql — the patient's rights (issue 21, item 4): erasure,
-- retention of transcripts, and the one way audit_log rows may change.
--
-- Applied by `sophiectl migrate` inside one transaction.  lib/privacy.c
-- calls these functions; docs/schema.md explains the choices.

-- Months after which transcripts (messages, conversations) and media are
-- deleted by the "privacy_retention" job; NULL: kept (the default).
ALTER TABLE clinics ADD COLUMN retention_months integer
    CHECK (retention_months IS NULL OR retention_months BETWEEN 1 AND 240);

-- Numbers the placeholder phones of erased patients: +999 then eleven
-- digits, unique per erased patient, derived from nothing about them.
CREATE SEQUENCE privacy_erased_seq;

-- audit_log stays append-only, with one exception: inside
-- privacy_erase_patient (which sets sophie.privacy_scrub for its own
-- transaction only), the metadata of past rows may be rewritten, and
-- nothing else of them.  DELETE and TRUNCATE are always refused.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND coalesce(current_setting(
	    'sophie.privacy_scrub', true), '') = 'on' AND
	    (NEW.id, NEW.clinic_id, NEW.actor_user_id, NEW.actor_role,
	    NEW.action, NEW.entity, NEW.entity_id, NEW.patient_id, NEW.ip,
	    NEW.created_at) IS NOT DISTINCT FROM (OLD.id, OLD.clinic_id,
	    OLD.actor_user_id, OLD.actor_role, OLD.action, OLD.entity,
	    OLD.entity_id, OLD.patient_id, OLD.ip, OLD.created_at) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
	    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- A case-insensitive regular expression matching any of the texts
-- (each taken literally); NULL when there is none.
CREATE FUNCTION privacy_pattern(p_texts text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT string_agg(regexp_replace(t, '([.^$*+?()\[\]{}|\\-])',
	    '\\\1', 'g'), '|')
	FROM unnest(p_texts) t
	WHERE t IS NOT NULL AND length(btrim(t)) >= 2
$$;

-- Every text, varchar, json and jsonb column of clinic data in schema
-- public, except those erasure handles itself (patients, audit_log):
-- the tables that have a clinic_id column.
CREATE FUNCTION privacy_text_columns() RETURNS TABLE (tbl text, col text,
    typ text)
LANGUAGE sql STABLE AS $$
	SELECT c.table_name::text, c.column_name::text, c.data_type::text
	FROM information_schema.columns c
	JOIN information_schema.tables t ON t.table_schema = c.table_schema
	    AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
	WHERE c.table_schema = 'public'
	AND c.data_type IN ('text', 'character varying', 'json', 'jsonb')
	AND c.table_name NOT IN ('patients', 'audit_log')
	AND EXISTS (SELECT 1 FROM information_schema.columns k
	    WHERE k.table_schema = 'public' AND k.table_name = c.table_name
	    AND k.column_name = 'clinic_id')
	ORDER BY 1, 2
$$;

-- Replace, in every text-like column of the clinic's rows (and of rows
-- of no clinic), what matches p_pat by p_repl.  A value that may not be
-- changed so (a CHECK) stops the erasure with the column's name.
CREATE FUNCTION privacy_scrub_columns(p_clinic uuid, p_pat text,
    p_repl text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	IF p_pat IS NULL THEN
		RETURN;
	END IF;
	FOR r IN SELECT * FROM privacy_text_columns() LOOP
		EXECUTE format('UPDATE %I SET %I = regexp_replace(%I::text, '
		    '$2, $3, ''gi'')::%s WHERE (clinic_id = $1 OR clinic_id '
		    'IS NULL) AND %I::text ~* $2', r.tbl, r.col, r.col,
		    CASE r.typ WHEN 'jsonb' THEN 'jsonb' WHEN 'json' THEN
		    'json' ELSE 'text' END, r.col)
		USING p_clinic, p_pat, p_repl;
	END LOOP;
END;
$$;

-- Erase patient p_patient of clinic p_clinic, in the caller's
-- transaction: the conversations of the patient (and of their phone when
-- no other patient of the clinic has it) with their messages, media rows
-- and alerts deleted; the jobs about them deleted; appointments kept
-- with their notes cleared; the identity pseudonymised ("Erased patient
-- #N", a placeholder phone); the phone and names scrubbed from every
-- other text of the clinic, from the log rows and the audit rows about
-- the patient; the erasure journaled without the phone or the name.
-- Returns the media paths (relative to SOPHIE_DATA_DIR) whose files the
-- caller deletes once committed; no row when the patient is unknown.
CREATE FUNCTION privacy_erase_patient(p_clinic uuid, p_patient uuid,
    p_actor uuid, p_role text, p_ip inet) RETURNS TABLE (media_path text)
LANGUAGE plpgsql AS $$
DECLARE
	p patients%ROWTYPE;
	v_shared boolean;
	v_convs uuid[];
	v_paths text[];
	v_n bigint;
	v_phone text;
	v_name text;
	v_full text;
	v_ids text;
	v_appts bigint;
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
	    (NOT v_shared AND c.phone = p.phone));
	SELECT coalesce(array_agg(mm.path), '{}') INTO v_paths
	FROM message_media mm JOIN messages m ON m.id = mm.message_id AND
	    m.clinic_id = mm.clinic_id
	WHERE m.clinic_id = p_clinic AND m.conversation_id = ANY (v_convs)
	    AND mm.path IS NOT NULL;
	-- Identifiers that name the patient's rows in logs and jobs.
	v_ids := privacy_pattern(array_append(v_convs::text[],
	    p_patient::text));

	v_n := nextval('privacy_erased_seq');
	v_phone := '+999' || lpad(v_n::text, 11, '0');
	v_name := 'Erased patient #' || v_n;
	v_full := privacy_pattern(ARRAY[p.first_name || ' ' || p.last_name,
	    p.last_name || ' ' || p.first_name, p.email] ||
	    CASE WHEN v_shared THEN '{}'::text[] ELSE
	    ARRAY[p.phone, substr(p.phone, 2)] END);

	-- Jobs about the patient or their conversations (their payloads
	-- hold phones, texts, media addresses).
	DELETE FROM jobs j WHERE (j.clinic_id = p_clinic OR j.clinic_id IS
	    NULL) AND (j.payload::text ~* v_ids OR j.queue_key ~* v_ids OR
	    (NOT v_shared AND j.payload::text ~* privacy_pattern(
	    ARRAY[p.phone, substr(p.phone, 2)])));
	-- Log rows about them: their text goes, the row stays counted.
	UPDATE system_logs s SET message = '[erased]', metadata = '{}'
	WHERE (s.clinic_id = p_clinic OR s.clinic_id IS NULL) AND
	    (s.conversation_id = ANY (v_convs) OR s.metadata::text ~* v_ids);
	DELETE FROM conversations c WHERE c.clinic_id = p_clinic AND
	    c.id = ANY (v_convs);
	UPDATE appointments a SET notes = NULL WHERE a.clinic_id = p_clinic
	    AND a.patient_id = p_patient AND a.notes IS NOT NULL;
	SELECT count(*) INTO v_appts FROM appointments a
	WHERE a.clinic_id = p_clinic AND a.patient_id = p_patient;
	UPDATE patients SET first_name = 'Erased patient', last_name = '#' ||
	    v_n, phone = v_phone, birth_date = NULL, email = NULL,
	    notes = NULL
	WHERE clinic_id = p_clinic AND id = p_patient;

	-- The phone and the whole name wherever else they are written.
	IF NOT v_shared THEN
		PERFORM privacy_scrub_columns(p_clinic, privacy_pattern(
		    ARRAY[p.phone, substr(p.phone, 2)]), v_phone);
	END IF;
	PERFORM privacy_scrub_columns(p_clinic, privacy_pattern(ARRAY[
	    p.first_name || ' ' || p.last_name, p.last_name || ' ' ||
	    p.first_name, p.email]), v_name);
	-- The audit rows about the patient, and any naming them.
	PERFORM set_config('sophie.privacy_scrub', 'on', true);
	UPDATE audit_log a SET metadata = regexp_replace(a.metadata::text,
	    privacy_pattern(ARRAY[p.first_name, p.last_name, p.email] ||
	    CASE WHEN v_shared THEN '{}'::text[] ELSE
	    ARRAY[p.phone, substr(p.phone, 2)] END), '[erased]', 'gi')::jsonb
	WHERE a.clinic_id = p_clinic AND (a.patient_id = p_patient OR
	    a.entity_id = ANY (v_convs::text[]) OR
	    a.metadata::text ~* v_full);
	PERFORM set_config('sophie.privacy_scrub', '', true);

	INSERT INTO audit_log (clinic_id, actor_user_id, actor_role, action,
	    entity, entity_id, patient_id, ip, metadata)
	VALUES (p_clinic, p_actor, p_role, 'patient.erase', 'patient',
	    p_patient::text, p_patient, p_ip, jsonb_build_object(
	    'conversations', cardinality(v_convs), 'media',
	    cardinality(v_paths), 'appointmentsKept', v_appts));
	RETURN QUERY SELECT unnest(v_paths);
END;
$$;

-- Everything held about patient p_patient of clinic p_clinic, as one
-- JSON object: identity, appointments, conversations with every message
-- and its media, the audit entries about the patient, and the rows of
-- any other table of the clinic that has a patient_id column (waitlist,
-- series...).  NULL when the patient is unknown.
CREATE FUNCTION privacy_export_json(p_clinic uuid, p_patient uuid)
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
		(c.phone = p.phone AND NOT EXISTS (SELECT 1 FROM patients o
		WHERE o.clinic_id = p_clinic AND o.id <> p_patient AND
		o.phone = p.phone)))),
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
		'audit_log')
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

-- Retention: for each clinic with retention_months set, delete the
-- messages (with their media rows) older than that, then the
-- conversations left with no message and no activity since; at most
-- p_limit messages per call.  Returns the media paths whose files the
-- caller deletes once committed.
CREATE FUNCTION privacy_retention_sweep(p_limit integer)
RETURNS TABLE (media_path text)
LANGUAGE plpgsql AS $$
DECLARE
	v_ids uuid[];
BEGIN
	SELECT coalesce(array_agg(m.id), '{}') INTO v_ids FROM (
	    SELECT m.id FROM messages m JOIN clinics cl ON cl.id = m.clinic_id
	    WHERE cl.retention_months IS NOT NULL AND m.created_at < now() -
		make_interval(months => cl.retention_months)
	    ORDER BY m.created_at LIMIT p_limit) m;
	RETURN QUERY SELECT mm.path FROM message_media mm
	    WHERE mm.message_id = ANY (v_ids) AND mm.path IS NOT NULL;
	DELETE FROM messages m WHERE m.id = ANY (v_ids);
	DELETE FROM conversations c USING clinics cl
	WHERE cl.id = c.clinic_id AND cl.retention_months IS NOT NULL AND
	    c.last_message_at < now() - make_interval(months =>
	    cl.retention_months) AND NOT EXISTS (SELECT 1 FROM messages m
	    WHERE m.conversation_id = c.id);
	-- Old media of messages kept (none expected): their rows go too.
END;
$$;

-- The first retention sweep; the job queues the next one.
INSERT INTO jobs (kind, dedupe_key, max_attempts)
VALUES ('privacy_retention', 'privacy_retention', 1000)
ON CONFLICT DO NOTHING;
