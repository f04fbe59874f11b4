-- schema_checks.sql — checks that the constraints in sql/ hold.
--
-- Run after the migrations, on a database they were applied to:
--   psql -X -v ON_ERROR_STOP=1 -d DB -f tests/sql/schema_checks.sql
-- Any failed check raises an error (psql exits non-zero).  Everything runs
-- in one transaction that is rolled back: the database is left unchanged.

\set ON_ERROR_STOP 1
\set QUIET 1
\o /dev/null
SET client_min_messages = warning;
BEGIN;

-- Runs stmt and fails unless it raises SQLSTATE state.
CREATE FUNCTION pg_temp.expect_error(what text, state text, stmt text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	BEGIN
		EXECUTE stmt;
	EXCEPTION WHEN OTHERS THEN
		IF SQLSTATE = state THEN
			RETURN;
		END IF;
		RAISE EXCEPTION 'FAIL: %: expected SQLSTATE %, got % (%)',
		    what, state, SQLSTATE, SQLERRM;
	END;
	RAISE EXCEPTION 'FAIL: %: succeeded, expected SQLSTATE %',
	    what, state;
END;
$$;

-- Fails unless cond is true.
CREATE FUNCTION pg_temp.expect(what text, cond boolean)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF cond IS NOT TRUE THEN
		RAISE EXCEPTION 'FAIL: %', what;
	END IF;
END;
$$;

-- Claims the next job as the worker does; returns its id or NULL.
CREATE FUNCTION pg_temp.claim() RETURNS bigint LANGUAGE sql AS $$
	UPDATE jobs SET status = 'running', attempts = attempts + 1,
	    locked_by = 'test:1', locked_until = now() + interval '5 minutes',
	    started_at = now()
	WHERE id = (
		SELECT j.id FROM jobs j
		WHERE j.status = 'queued' AND j.run_at <= now()
		    AND NOT EXISTS (SELECT 1 FROM jobs o
			WHERE o.queue_key = j.queue_key AND o.id < j.id
			    AND o.status IN ('queued', 'running'))
		ORDER BY j.run_at, j.id
		LIMIT 1 FOR UPDATE SKIP LOCKED)
	RETURNING id;
$$;

-- ------------------------------------------------------------------------
-- Fixtures: clinic A with practitioners P1, P2 and patient A1; clinic B
-- with practitioner PB and patient B1.

INSERT INTO clinics (id, name) VALUES
    ('0000000a-0000-0000-0000-000000000000', 'Clinic A'),
    ('0000000b-0000-0000-0000-000000000000', 'Clinic B');
INSERT INTO practitioners (id, clinic_id, first_name, last_name) VALUES
    ('000000a1-0000-0000-0000-000000000001',
     '0000000a-0000-0000-0000-000000000000', 'Marie', 'Leal'),
    ('000000a1-0000-0000-0000-000000000002',
     '0000000a-0000-0000-0000-000000000000', 'Paul', 'Martin'),
    ('000000b1-0000-0000-0000-000000000001',
     '0000000b-0000-0000-0000-000000000000', 'Sophie', 'Bernard');
INSERT INTO patients (id, clinic_id, phone, first_name, last_name) VALUES
    ('000000a2-0000-0000-0000-000000000001',
     '0000000a-0000-0000-0000-000000000000', '+33612345678', 'Jean', 'Dupont'),
    ('000000b2-0000-0000-0000-000000000001',
     '0000000b-0000-0000-0000-000000000000', '+33698765432', 'Anne', 'Roux');
INSERT INTO treatment_types (id, clinic_id, name, duration_minutes,
    buffer_minutes) VALUES
    ('000000a3-0000-0000-0000-000000000001',
     '0000000a-0000-0000-0000-000000000000', 'Détartrage', 30, 10),
    ('000000b3-0000-0000-0000-000000000001',
     '0000000b-0000-0000-0000-000000000000', 'Consultation', 20, 0);

-- ------------------------------------------------------------------------
-- Clinics

SELECT pg_temp.expect('clinic time zone defaults to Europe/Paris',
    (SELECT timezone = 'Europe/Paris' AND language = 'fr'
     FROM clinics WHERE name = 'Clinic A'));
SELECT pg_temp.expect_error('unknown time zone refused', '23514',
    $$INSERT INTO clinics (name, timezone) VALUES ('X', 'Mars/Olympus')$$);
SELECT pg_temp.expect_error('time zone update checked', '23514',
    $$UPDATE clinics SET timezone = 'Europe/Pariss' WHERE name = 'Clinic A'$$);
UPDATE clinics SET timezone = 'America/New_York' WHERE name = 'Clinic B';
SELECT pg_temp.expect_error('bad title mode refused', '23514',
    $$UPDATE clinics SET calendar_event_title_mode = 'patient_name'$$);

INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min, end_min)
VALUES ('0000000a-0000-0000-0000-000000000000', 0, 510, 720),
       ('0000000a-0000-0000-0000-000000000000', 0, 840, 1110);
SELECT pg_temp.expect_error('overlapping opening ranges refused', '23P01',
    $$INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min,
    end_min) VALUES ('0000000a-0000-0000-0000-000000000000', 0, 700, 900)$$);
SELECT pg_temp.expect_error('opening range start >= end refused', '23514',
    $$INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min,
    end_min) VALUES ('0000000a-0000-0000-0000-000000000000', 1, 600, 600)$$);
SELECT pg_temp.expect_error('weekday 7 refused', '23514',
    $$INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min,
    end_min) VALUES ('0000000a-0000-0000-0000-000000000000', 7, 0, 60)$$);
SELECT pg_temp.expect_error('working hours of another clinic refused',
    '23503', $$INSERT INTO practitioner_working_hours (clinic_id,
    practitioner_id, weekday, start_min, end_min) VALUES
    ('0000000b-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001', 0, 540, 720)$$);

-- ------------------------------------------------------------------------
-- Treatments

SELECT pg_temp.expect_error('treatment name unique per clinic, any case',
    '23505', $$INSERT INTO treatment_types (clinic_id, name,
    duration_minutes) VALUES ('0000000a-0000-0000-0000-000000000000',
    'DÉTARTRAGE', 30)$$);
INSERT INTO treatment_types (clinic_id, name, duration_minutes)
VALUES ('0000000b-0000-0000-0000-000000000000', 'Détartrage', 30);
SELECT pg_temp.expect_error('practitioner offering another clinic''s '
    'treatment refused', '23503', $$INSERT INTO practitioner_treatments
    (clinic_id, practitioner_id, treatment_type_id) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000b3-0000-0000-0000-000000000001')$$);
INSERT INTO practitioner_treatments (clinic_id, practitioner_id,
    treatment_type_id) VALUES ('0000000a-0000-0000-0000-000000000000',
    '000000a1-0000-0000-0000-000000000001',
    '000000a3-0000-0000-0000-000000000001');

-- ------------------------------------------------------------------------
-- Appointments: the exclusion constraint.  A1 is booked with P1
-- 09:00-09:30 plus a 10-minute buffer: P1 is blocked until 09:40.

INSERT INTO appointments (id, clinic_id, practitioner_id, patient_id,
    treatment_type_id, starts_at, ends_at, buffer_minutes, source) VALUES
    ('000000a4-0000-0000-0000-000000000001',
     '0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '000000a3-0000-0000-0000-000000000001',
     '2026-11-24 09:00+01', '2026-11-24 09:30+01', 10, 'whatsapp');
SELECT pg_temp.expect('blocked_until is ends_at plus the buffer',
    (SELECT blocked_until = '2026-11-24 09:40+01' FROM appointments
     WHERE id = '000000a4-0000-0000-0000-000000000001'));

SELECT pg_temp.expect_error('overlapping booked appointment refused',
    '23P01', $$INSERT INTO appointments (clinic_id, practitioner_id,
    patient_id, starts_at, ends_at, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-24 09:15+01', '2026-11-24 09:45+01', 'admin')$$);
SELECT pg_temp.expect_error('same slot in another zone spelling refused',
    '23P01', $$INSERT INTO appointments (clinic_id, practitioner_id,
    patient_id, starts_at, ends_at, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-24 08:00Z', '2026-11-24 08:30Z', 'admin')$$);
SELECT pg_temp.expect_error('appointment inside the buffer refused',
    '23P01', $$INSERT INTO appointments (clinic_id, practitioner_id,
    patient_id, starts_at, ends_at, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-24 09:35+01', '2026-11-24 10:00+01', 'admin')$$);
SELECT pg_temp.expect_error('appointment whose buffer runs into the next '
    'refused', '23P01', $$INSERT INTO appointments (clinic_id,
    practitioner_id, patient_id, starts_at, ends_at, buffer_minutes,
    source) VALUES ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-24 08:30+01', '2026-11-24 09:00+01', 5, 'admin')$$);

-- Touching ranges are fine: [09:00, 09:40) and [09:40, 10:10).
INSERT INTO appointments (id, clinic_id, practitioner_id, patient_id,
    starts_at, ends_at, source) VALUES
    ('000000a4-0000-0000-0000-000000000002',
     '0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-24 09:40+01', '2026-11-24 10:10+01', 'admin');
-- Another practitioner at the same time is fine.
INSERT INTO appointments (clinic_id, practitioner_id, patient_id,
    starts_at, ends_at, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000002',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-24 09:00+01', '2026-11-24 09:30+01', 'admin');
-- A cancelled appointment overlapping a booked one is fine.
INSERT INTO appointments (clinic_id, practitioner_id, patient_id,
    starts_at, ends_at, status, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-24 09:00+01', '2026-11-24 09:30+01', 'cancelled', 'admin');

SELECT pg_temp.expect_error('moving onto a booked slot refused', '23P01',
    $$UPDATE appointments SET starts_at = '2026-11-24 09:50+01',
    ends_at = '2026-11-24 10:20+01'
    WHERE id = '000000a4-0000-0000-0000-000000000001'$$);
SELECT pg_temp.expect_error('re-booking a cancelled overlapping one refused',
    '23P01', $$UPDATE appointments SET status = 'booked'
    WHERE status = 'cancelled'$$);

-- Once the first is cancelled, its slot can be booked again.
UPDATE appointments SET status = 'cancelled'
WHERE id = '000000a4-0000-0000-0000-000000000001';
SELECT pg_temp.expect('cancelling stamps cancelled_at',
    (SELECT cancelled_at IS NOT NULL FROM appointments
     WHERE id = '000000a4-0000-0000-0000-000000000001'));
INSERT INTO appointments (clinic_id, practitioner_id, patient_id,
    starts_at, ends_at, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-24 09:00+01', '2026-11-24 09:30+01', 'whatsapp');

SELECT pg_temp.expect_error('ends_at before starts_at refused', '23514',
    $$INSERT INTO appointments (clinic_id, practitioner_id, patient_id,
    starts_at, ends_at, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000002',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-25 10:00+01', '2026-11-25 10:00+01', 'admin')$$);

-- ------------------------------------------------------------------------
-- Appointments: composite foreign keys keep each clinic to itself.

SELECT pg_temp.expect_error('appointment with another clinic''s '
    'practitioner refused', '23503', $$INSERT INTO appointments (clinic_id,
    practitioner_id, patient_id, starts_at, ends_at, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000b1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '2026-11-26 09:00+01', '2026-11-26 09:30+01', 'admin')$$);
SELECT pg_temp.expect_error('appointment with another clinic''s patient '
    'refused', '23503', $$INSERT INTO appointments (clinic_id,
    practitioner_id, patient_id, starts_at, ends_at, source) VALUES
    ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000b2-0000-0000-0000-000000000001',
     '2026-11-26 09:00+01', '2026-11-26 09:30+01', 'admin')$$);
SELECT pg_temp.expect_error('appointment with another clinic''s treatment '
    'refused', '23503', $$INSERT INTO appointments (clinic_id,
    practitioner_id, patient_id, treatment_type_id, starts_at, ends_at,
    source) VALUES ('0000000a-0000-0000-0000-000000000000',
     '000000a1-0000-0000-0000-000000000001',
     '000000a2-0000-0000-0000-000000000001',
     '000000b3-0000-0000-0000-000000000001',
     '2026-11-26 09:00+01', '2026-11-26 09:30+01', 'admin')$$);
SELECT pg_temp.expect_error('moving an appointment to another clinic '
    'refused', '23503', $$UPDATE appointments
    SET clinic_id = '0000000b-0000-0000-0000-000000000000'
    WHERE id = '000000a4-0000-0000-0000-000000000002'$$);

-- Deleting a treatment type keeps its appointments (and their clinic).
DELETE FROM practitioner_treatments;
DELETE FROM treatment_types WHERE id = '000000a3-0000-0000-0000-000000000001';
SELECT pg_temp.expect('deleted treatment leaves appointment, clinic kept',
    (SELECT treatment_type_id IS NULL AND
     clinic_id = '0000000a-0000-0000-0000-000000000000'
     FROM appointments WHERE id = '000000a4-0000-0000-0000-000000000001'));

-- ------------------------------------------------------------------------
-- Patients

SELECT pg_temp.expect_error('same person twice under one phone refused',
    '23505', $$INSERT INTO patients (clinic_id, phone, first_name,
    last_name) VALUES ('0000000a-0000-0000-0000-000000000000',
    '+33612345678', 'JEAN', 'dupont')$$);
INSERT INTO patients (clinic_id, phone, first_name, last_name, birth_date)
VALUES ('0000000a-0000-0000-0000-000000000000', '+33612345678', 'Lucie',
    'Dupont', '2015-04-02');
SELECT pg_temp.expect_error('phone not in E.164 refused', '23514',
    $$INSERT INTO patients (clinic_id, phone, first_name, last_name) VALUES
    ('0000000a-0000-0000-0000-000000000000', '0612345678', 'A', 'B')$$);

-- ------------------------------------------------------------------------
-- WhatsApp configuration: one active per clinic; the verify token only as
-- a salt and a SHA-256 (012), never in clear.

INSERT INTO clinic_whatsapp_configs (id, clinic_id, phone_number,
    verify_salt, verify_hash, provider, is_active) VALUES (gen_random_uuid(),
    '0000000a-0000-0000-0000-000000000000', '+14155238886',
    uuid_send(gen_random_uuid()), sha256('x'::bytea), 'twilio', true);
SELECT pg_temp.expect_error('second active WhatsApp config refused',
    '23505', $$INSERT INTO clinic_whatsapp_configs (clinic_id, phone_number,
    verify_salt, verify_hash) VALUES ('0000000a-0000-0000-0000-000000000000',
    '+14155230000', uuid_send(gen_random_uuid()), sha256('x'::bytea))$$);
SELECT pg_temp.expect_error('one number active for two clinics refused',
    '23505', $$INSERT INTO clinic_whatsapp_configs (clinic_id, phone_number,
    verify_salt, verify_hash) VALUES ('0000000b-0000-0000-0000-000000000000',
    '+14155238886', uuid_send(gen_random_uuid()), sha256('x'::bytea))$$);
SELECT pg_temp.expect_error('token ciphertext without nonce refused',
    '23514', $$INSERT INTO clinic_whatsapp_configs (clinic_id, phone_number,
    verify_salt, verify_hash, auth_token_enc, is_active) VALUES
    ('0000000b-0000-0000-0000-000000000000', '+14155230001',
    uuid_send(gen_random_uuid()), sha256('x'::bytea), '\x00', false)$$);
SELECT pg_temp.expect_error('verify token without its hash refused',
    '23502', $$INSERT INTO clinic_whatsapp_configs (clinic_id, phone_number,
    verify_salt, is_active) VALUES ('0000000b-0000-0000-0000-000000000000',
    '+14155230002', uuid_send(gen_random_uuid()), false)$$);
SELECT pg_temp.expect_error('verify hash that is not a SHA-256 refused',
    '23514', $$INSERT INTO clinic_whatsapp_configs (clinic_id, phone_number,
    verify_salt, verify_hash, is_active) VALUES
    ('0000000b-0000-0000-0000-000000000000', '+14155230003',
    uuid_send(gen_random_uuid()), 'x'::bytea, false)$$);
SELECT pg_temp.expect_error('no clear verify token column',
    '42703', $$SELECT verify_token FROM clinic_whatsapp_configs$$);

-- ------------------------------------------------------------------------
-- Accounts

INSERT INTO clinic_users (clinic_id, email, password_hash, role) VALUES
    (NULL, 'root@example.org', '$argon2id$v=19$m=65536,t=2,p=1$x$y',
     'SUPERADMIN'),
    ('0000000a-0000-0000-0000-000000000000', 'Staff@Example.org',
     '$argon2id$v=19$m=65536,t=2,p=1$x$y', 'ADMIN');
SELECT pg_temp.expect_error('e-mail unique whatever its case', '23505',
    $$INSERT INTO clinic_users (clinic_id, email, password_hash, role)
    VALUES ('0000000b-0000-0000-0000-000000000000', 'staff@EXAMPLE.org',
    '$argon2id$v=19$m=65536,t=2,p=1$x$y', 'STAFF')$$);
SELECT pg_temp.expect_error('superadmin bound to a clinic refused', '23514',
    $$INSERT INTO clinic_users (clinic_id, email, password_hash, role)
    VALUES ('0000000b-0000-0000-0000-000000000000', 's@example.org',
    '$argon2id$v=19$m=65536,t=2,p=1$x$y', 'SUPERADMIN')$$);
SELECT pg_temp.expect_error('clinic admin without a clinic refused',
    '23514', $$INSERT INTO clinic_users (clinic_id, email, password_hash,
    role) VALUES (NULL, 'a@example.org',
    '$argon2id$v=19$m=65536,t=2,p=1$x$y', 'ADMIN')$$);
SELECT pg_temp.expect_error('non-Argon2id password hash refused', '23514',
    $$INSERT INTO clinic_users (clinic_id, email, password_hash, role)
    VALUES ('0000000b-0000-0000-0000-000000000000', 'b@example.org',
    'plaintext', 'STAFF')$$);

-- ------------------------------------------------------------------------
-- Conversations and messages

INSERT INTO conversations (id, clinic_id, phone) VALUES
    ('000000a5-0000-0000-0000-000000000001',
     '0000000a-0000-0000-0000-000000000000', '+33612345678');
SELECT pg_temp.expect_error('second open conversation per phone refused',
    '23505', $$INSERT INTO conversations (clinic_id, phone) VALUES
    ('0000000a-0000-0000-0000-000000000000', '+33612345678')$$);
-- The webhook's upsert finds the open conversation.
WITH c AS (
	INSERT INTO conversations (clinic_id, phone) VALUES
	    ('0000000a-0000-0000-0000-000000000000', '+33612345678')
	ON CONFLICT (clinic_id, phone) WHERE status <> 'closed'
	DO UPDATE SET last_message_at = now()
	RETURNING id)
SELECT pg_temp.expect('conversation upsert returns the open one',
    (SELECT id = '000000a5-0000-0000-0000-000000000001' FROM c));
SELECT pg_temp.expect_error('message in another clinic''s conversation '
    'refused', '23503', $$INSERT INTO messages (clinic_id, conversation_id,
    direction, body, status) VALUES ('0000000b-0000-0000-0000-000000000000',
    '000000a5-0000-0000-0000-000000000001', 'inbound', 'x', 'received')$$);

INSERT INTO messages (clinic_id, conversation_id, direction, body,
    twilio_sid, status) VALUES ('0000000a-0000-0000-0000-000000000000',
    '000000a5-0000-0000-0000-000000000001', 'inbound', 'Bonjour',
    'SM1234567890abcdef', 'received');
-- A redelivered MessageSid inserts nothing.
WITH m AS (
	INSERT INTO messages (clinic_id, conversation_id, direction, body,
	    twilio_sid, status) VALUES
	    ('0000000a-0000-0000-0000-000000000000',
	     '000000a5-0000-0000-0000-000000000001', 'inbound', 'Bonjour',
	     'SM1234567890abcdef', 'received')
	ON CONFLICT (twilio_sid) WHERE twilio_sid IS NOT NULL DO NOTHING
	RETURNING 1)
SELECT pg_temp.expect('redelivered MessageSid inserts nothing',
    (SELECT count(*) = 0 FROM m));
SELECT pg_temp.expect_error('inbound message with outbound status refused',
    '23514', $$INSERT INTO messages (clinic_id, conversation_id, direction,
    status) VALUES ('0000000a-0000-0000-0000-000000000000',
    '000000a5-0000-0000-0000-000000000001', 'inbound', 'sent')$$);
SELECT pg_temp.expect_error('unknown message status refused', '23514',
    $$INSERT INTO messages (clinic_id, conversation_id, direction, status)
    VALUES ('0000000a-0000-0000-0000-000000000000',
    '000000a5-0000-0000-0000-000000000001', 'outbound', 'lost')$$);

-- Status rank.
SELECT pg_temp.expect('status ranks in delivery order',
    status_rank('pending') < status_rank('queued') AND
    status_rank('queued') < status_rank('sent') AND
    status_rank('sent') < status_rank('failed') AND
    status_rank('sent') < status_rank('undelivered') AND
    status_rank('undelivered') < status_rank('delivered') AND
    status_rank('delivered') < status_rank('read') AND
    status_rank('nonsense') IS NULL);

INSERT INTO messages (id, clinic_id, conversation_id, direction, body,
    status) VALUES ('000000a6-0000-0000-0000-000000000001',
    '0000000a-0000-0000-0000-000000000000',
    '000000a5-0000-0000-0000-000000000001', 'outbound', 'Bonjour !',
    'pending');
UPDATE messages SET status = 'queued', twilio_sid = 'SMout1'
WHERE id = '000000a6-0000-0000-0000-000000000001';
UPDATE messages SET status = 'sent' WHERE twilio_sid = 'SMout1';
UPDATE messages SET status = 'queued' WHERE twilio_sid = 'SMout1';
SELECT pg_temp.expect('late queued callback does not undo sent',
    (SELECT status = 'sent' FROM messages WHERE twilio_sid = 'SMout1'));
UPDATE messages SET status = 'read' WHERE twilio_sid = 'SMout1';
UPDATE messages SET status = 'delivered' WHERE twilio_sid = 'SMout1';
SELECT pg_temp.expect('delivered after read keeps read',
    (SELECT status = 'read' FROM messages WHERE twilio_sid = 'SMout1'));
-- The guarded update a callback handler runs reports no change.
WITH u AS (
	UPDATE messages SET status = 'sent' WHERE twilio_sid = 'SMout1'
	    AND status_rank('sent') > status_rank(status)
	RETURNING 1)
SELECT pg_temp.expect('guarded update touches no row when stale',
    (SELECT count(*) = 0 FROM u));

INSERT INTO messages (id, clinic_id, conversation_id, direction, body,
    status, twilio_sid) VALUES ('000000a6-0000-0000-0000-000000000002',
    '0000000a-0000-0000-0000-000000000000',
    '000000a5-0000-0000-0000-000000000001', 'outbound', 'x', 'sent',
    'SMout2');
UPDATE messages SET status = 'undelivered', error_code = '63016'
WHERE twilio_sid = 'SMout2';
UPDATE messages SET status = 'sent', error_code = NULL
WHERE twilio_sid = 'SMout2';
SELECT pg_temp.expect('late sent keeps undelivered and its error',
    (SELECT status = 'undelivered' AND error_code = '63016'
     FROM messages WHERE twilio_sid = 'SMout2'));

SELECT pg_temp.expect_error('media path escaping uploads refused', '23514',
    $$INSERT INTO message_media (clinic_id, message_id, n, source_url, path)
    SELECT clinic_id, id, 0, 'https://api.twilio.com/x',
    'uploads/images/../../etc/passwd' FROM messages
    WHERE twilio_sid = 'SM1234567890abcdef'$$);
SELECT pg_temp.expect_error('media of another clinic''s message refused',
    '23503', $$INSERT INTO message_media (clinic_id, message_id, n,
    source_url) SELECT '0000000b-0000-0000-0000-000000000000', id, 0,
    'https://api.twilio.com/x' FROM messages
    WHERE twilio_sid = 'SM1234567890abcdef'$$);

-- Closing the conversation allows a new one for the same phone.
UPDATE conversations SET status = 'closed', closed_at = now()
WHERE id = '000000a5-0000-0000-0000-000000000001';
INSERT INTO conversations (clinic_id, phone) VALUES
    ('0000000a-0000-0000-0000-000000000000', '+33612345678');

-- ------------------------------------------------------------------------
-- Audit log is append-only.

INSERT INTO audit_log (clinic_id, action, entity, entity_id) VALUES
    ('0000000a-0000-0000-0000-000000000000', 'appointment.cancel',
     'appointment', '000000a4-0000-0000-0000-000000000001');
SELECT pg_temp.expect_error('audit UPDATE refused', '42501',
    $$UPDATE audit_log SET action = 'nothing'$$);
SELECT pg_temp.expect_error('audit DELETE refused', '42501',
    $$DELETE FROM audit_log$$);
SELECT pg_temp.expect_error('audit TRUNCATE refused', '42501',
    $$TRUNCATE audit_log$$);
SELECT pg_temp.expect('audit entry still there',
    (SELECT count(*) = 1 FROM audit_log WHERE action = 'appointment.cancel'));

-- ------------------------------------------------------------------------
-- Jobs: the claim statement runs jobs of one queue_key in order.
-- (Migrations may queue periodic jobs; this transaction is rolled back.)
DELETE FROM jobs;

INSERT INTO jobs (kind, queue_key, run_at) VALUES
    ('conversation_turn', 'conv:1', now() - interval '3 s'),
    ('conversation_turn', 'conv:1', now() - interval '2 s'),
    ('send_message', NULL, now() - interval '1 s'),
    ('send_message', NULL, now() + interval '1 hour');
CREATE TEMP TABLE claimed (n int, job bigint);
INSERT INTO claimed SELECT 1, pg_temp.claim();
INSERT INTO claimed SELECT 2, pg_temp.claim();
INSERT INTO claimed SELECT 3, pg_temp.claim();
SELECT pg_temp.expect('first claim takes the oldest job of conv:1',
    (SELECT j.queue_key = 'conv:1' AND j.id = (SELECT min(id) FROM jobs)
     FROM claimed c JOIN jobs j ON j.id = c.job WHERE c.n = 1));
SELECT pg_temp.expect('second claim skips conv:1, takes the free job',
    (SELECT j.queue_key IS NULL AND j.run_at <= now()
     FROM claimed c JOIN jobs j ON j.id = c.job WHERE c.n = 2));
SELECT pg_temp.expect('nothing else is claimable yet',
    (SELECT job IS NULL FROM claimed WHERE n = 3));
UPDATE jobs SET status = 'done', finished_at = now()
WHERE id = (SELECT job FROM claimed WHERE n = 1);
INSERT INTO claimed SELECT 4, pg_temp.claim();
SELECT pg_temp.expect('conv:1 continues once its first job is done',
    (SELECT j.queue_key = 'conv:1' AND j.status = 'running'
     FROM claimed c JOIN jobs j ON j.id = c.job WHERE c.n = 4));
INSERT INTO jobs (kind, dedupe_key) VALUES ('calendar_sync', 'sync:p1');
SELECT pg_temp.expect_error('duplicate pending dedupe_key refused', '23505',
    $$INSERT INTO jobs (kind, dedupe_key) VALUES ('calendar_sync',
    'sync:p1')$$);

-- ------------------------------------------------------------------------
-- OAuth states are single use.

INSERT INTO oauth_states (state_hash, clinic_id, practitioner_id, user_id,
    session_hash, user_token_version, expires_at)
SELECT sha256('state-1'), '0000000a-0000-0000-0000-000000000000',
    '000000a1-0000-0000-0000-000000000001', id, sha256('jti-1'), 1,
    now() + interval '10 minutes'
FROM clinic_users WHERE email = 'Staff@Example.org';
WITH u AS (
	UPDATE oauth_states SET used_at = now()
	WHERE state_hash = sha256('state-1') AND used_at IS NULL
	    AND expires_at > now()
	RETURNING 1)
SELECT pg_temp.expect('OAuth state is consumed once, then never again',
    (SELECT count(*) = 1 FROM u));
SELECT pg_temp.expect('a used OAuth state is not found again',
    NOT EXISTS (SELECT 1 FROM oauth_states
	WHERE state_hash = sha256('state-1') AND used_at IS NULL));
SELECT pg_temp.expect_error('OAuth state for another clinic''s '
    'practitioner refused', '23503', $$INSERT INTO oauth_states (state_hash,
    clinic_id, practitioner_id, user_id, session_hash, user_token_version,
    expires_at) SELECT sha256('state-2'),
    '0000000a-0000-0000-0000-000000000000',
    '000000b1-0000-0000-0000-000000000001', id, sha256('jti-1'), 1,
    now() + interval '10 minutes' FROM clinic_users
    WHERE email = 'Staff@Example.org'$$);

-- ------------------------------------------------------------------------
-- Free/busy cache holds ranges the slot engine can test directly.

INSERT INTO freebusy_cache (clinic_id, practitioner_id, window_start,
    window_end, busy) VALUES ('0000000a-0000-0000-0000-000000000000',
    '000000a1-0000-0000-0000-000000000001', '2026-11-24 00:00+01',
    '2026-11-25 00:00+01',
    '{["2026-11-24 12:00+01","2026-11-24 13:00+01")}');
SELECT pg_temp.expect('busy ranges answer overlap queries',
    (SELECT busy && tstzrange('2026-11-24 12:30+01', '2026-11-24 12:45+01')
	AND NOT busy && tstzrange('2026-11-24 13:00+01',
	    '2026-11-24 13:30+01')
     FROM freebusy_cache));

ROLLBACK;
\echo 'schema checks: all passed'
