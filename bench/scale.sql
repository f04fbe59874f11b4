-- Data at scale for `make bench` part 2, run by bench/run.py through psql
-- with -v clinics=, patients=, appts=, msgs=.  Clinic 1 (the measured
-- one, uuid b0000000-0000-4000-8000-000000000001) holds 10 % of the
-- patients, conversations, appointments and messages; the other clinics
-- share the rest evenly.  Ids are deterministic; rows are built
-- consistent, so the foreign-key triggers are skipped while loading
-- (session_replication_role = replica; indexes and the exclusion
-- constraint still apply).
\set ON_ERROR_STOP 1
SET session_replication_role = replica;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';

CREATE TEMP TABLE bench_k AS SELECT :clinics::int AS nclin,
    :patients::int AS npat, :appts::int AS nappt, :msgs::int AS nmsg;

CREATE FUNCTION pg_temp.bid(prefix text, i bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
	SELECT (prefix || '000000-0000-4000-8000-' ||
	    lpad(to_hex(i), 12, '0'))::uuid
$$;

-- Patient / conversation k belongs to clinic bench_clinic(k).
CREATE FUNCTION pg_temp.bclinic(k bigint, p int, c int) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN k <= p / 10 THEN 1 ELSE 2 + (k % (c - 1)) END
$$;

INSERT INTO clinics (id, name, timezone, language)
SELECT pg_temp.bid('b0', i), 'Clinique bench ' || i, 'Europe/Paris', 'fr'
FROM bench_k, generate_series(1, bench_k.nclin) i;

INSERT INTO practitioners (id, clinic_id, first_name, last_name,
    display_order)
SELECT pg_temp.bid('b1', i * 4 + j), pg_temp.bid('b0', i),
    'Prénom' || j, 'Praticien' || i, j
FROM bench_k, generate_series(1, bench_k.nclin) i,
    generate_series(0, 2) j;

INSERT INTO patients (id, clinic_id, phone, first_name, last_name,
    created_at)
SELECT pg_temp.bid('b2', k), pg_temp.bid('b0',
    pg_temp.bclinic(k, npat, nclin)),
    '+33' || lpad(k::text, 9, '0'), 'Prénom' || k, 'Nom' || k,
    now() - ((k * 13) % 365) * interval '1 day' -
    (k % 1440) * interval '1 minute'
FROM bench_k, generate_series(1, bench_k.npat) k;

-- last_body: the newest message of conversation k is message k (below).
INSERT INTO conversations (id, clinic_id, phone, patient_id, status,
    needs_staff, needs_staff_reason, last_inbound_at, last_message_at,
    created_at, last_body)
SELECT pg_temp.bid('b3', k), pg_temp.bid('b0',
    pg_temp.bclinic(k, npat, nclin)),
    '+33' || lpad(k::text, 9, '0'), pg_temp.bid('b2', k),
    CASE WHEN k % 50 = 0 THEN 'closed' WHEN k % 40 = 0 THEN 'handoff'
    ELSE 'active' END,
    k % 25 = 0 AND k % 50 <> 0,
    CASE WHEN k % 25 = 0 AND k % 50 <> 0 THEN 'bench' END,
    now() - ((k * 7919) % 129600) * interval '1 minute',
    now() - ((k * 7919) % 129600) * interval '1 minute',
    now() - ((k * 7919) % 129600) * interval '1 minute' -
    interval '10 days',
    CASE WHEN k <= nmsg THEN 'Bonjour, message de test numéro ' || k END
FROM bench_k, generate_series(1, bench_k.npat) k;

-- Message m is number (m - 1) / p of conversation 1 + (m - 1) % p,
-- 37 minutes apart, the newest at the conversation's last_message_at.
INSERT INTO messages (id, clinic_id, conversation_id, direction, body,
    twilio_sid, from_number, to_number, status, created_at)
SELECT pg_temp.bid('b4', m), pg_temp.bid('b0',
    pg_temp.bclinic(k, npat, nclin)),
    pg_temp.bid('b3', k),
    CASE WHEN j % 2 = 0 THEN 'inbound' ELSE 'outbound' END,
    'Bonjour, message de test numéro ' || m,
    CASE WHEN j % 2 = 0 THEN 'SMGEN' ELSE 'SMOUT' END || m,
    '+33' || lpad(k::text, 9, '0'), '+33100000000',
    CASE WHEN j % 2 = 0 THEN 'received' ELSE 'delivered' END,
    now() - ((k * 7919) % 129600) * interval '1 minute' -
    j * interval '37 minutes'
FROM bench_k, generate_series(1, bench_k.nmsg) m,
    LATERAL (SELECT 1 + (m - 1) % bench_k.npat AS k,
    (m - 1) / bench_k.npat AS j) x;

-- Every clinic opens Monday to Friday 08:00-12:00 and 14:00-18:00 (local
-- time) and offers three treatments, each given by its three
-- practitioners, who work those hours (the third not on Wednesday
-- afternoons): what the agenda pages of part 2 draw.
INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min, end_min)
SELECT pg_temp.bid('b0', i), w, r.s, r.e
FROM bench_k, generate_series(1, bench_k.nclin) i,
    generate_series(0, 4) w, (VALUES (480, 720), (840, 1080)) r(s, e);

INSERT INTO treatment_types (id, clinic_id, name, duration_minutes,
    price_cents, created_at)
SELECT pg_temp.bid('b6', i * 4 + t.j), pg_temp.bid('b0', i), t.name,
    t.mins, t.cents, now() + t.j * interval '1 second'
FROM bench_k, generate_series(1, bench_k.nclin) i,
    (VALUES (0, 'Consultation', 30, 3000), (1, 'Contrôle', 15, 2500),
    (2, 'Soin', 30, 5000)) t(j, name, mins, cents);

INSERT INTO practitioner_treatments (clinic_id, practitioner_id,
    treatment_type_id)
SELECT pg_temp.bid('b0', i), pg_temp.bid('b1', i * 4 + j),
    pg_temp.bid('b6', i * 4 + t)
FROM bench_k, generate_series(1, bench_k.nclin) i,
    generate_series(0, 2) j, generate_series(0, 2) t;

INSERT INTO practitioner_working_hours (clinic_id, practitioner_id,
    weekday, start_min, end_min)
SELECT pg_temp.bid('b0', i), pg_temp.bid('b1', i * 4 + j), w, r.s, r.e
FROM bench_k, generate_series(1, bench_k.nclin) i,
    generate_series(0, 2) j, generate_series(0, 4) w,
    (VALUES (480, 720), (840, 1080)) r(s, e)
WHERE NOT (j = 2 AND w = 2 AND r.s = 840);

-- The measured clinic's appointments (a tenth of them) fill its days as
-- a real desk's do: 30 a working day, 10 of each practitioner's 16
-- half-hour slots (the third practitioner's Wednesday has the 8 morning
-- slots: 2 fewer that day), Monday to Friday, two thirds of the weeks
-- past (completed, some no-shows) and one third to come (booked); one in
-- 20 cancelled.  Appointment a (from 0) is on working day a / 30, of
-- practitioner a % 3, of treatment a % 3, patient 1 + a % (p / 10).
INSERT INTO appointments (id, clinic_id, practitioner_id, patient_id,
    treatment_type_id, treatment_name, starts_at, ends_at, status, source)
SELECT pg_temp.bid('b5', bench_k.nappt + 1 + a), pg_temp.bid('b0', 1),
    pg_temp.bid('b1', 4 + a % 3), pg_temp.bid('b2',
    1 + a % (bench_k.npat / 10)), pg_temp.bid('b6', 4 + a % 3),
    t.name, x.t, x.t + t.mins * interval '1 minute',
    CASE WHEN a % 20 = 0 THEN 'cancelled'
    WHEN x.t >= now() THEN 'booked'
    WHEN a % 29 = 0 THEN 'no_show' ELSE 'completed' END, 'admin'
FROM bench_k, generate_series(0, bench_k.nappt / 10 - 1) a,
    LATERAL (SELECT a / 30 AS w, (a % 30) / 3 AS q) y,
    LATERAL (SELECT (((date_trunc('week', now() AT TIME ZONE
    'Europe/Paris')::date - 7 * ((bench_k.nappt / 10 / 150 + 1) * 2 / 3)
    + 7 * (y.w / 5) + y.w % 5)::timestamp +
    (CASE WHEN s < 8 THEN 480 + 30 * s ELSE 840 + 30 * (s - 8) END) *
    interval '1 minute') AT TIME ZONE 'Europe/Paris') AS t
    FROM (SELECT CASE WHEN a % 3 = 2 AND y.w % 5 = 2 THEN y.q
    ELSE (y.q * 16 / 10 + y.w + 5 * (a % 3)) % 16 END AS s) z) x,
    (VALUES (0, 'Consultation', 30), (1, 'Contrôle', 15),
    (2, 'Soin', 30)) t(j, name, mins)
WHERE t.j = a % 3 AND NOT (a % 3 = 2 AND y.w % 5 = 2 AND y.q >= 8);

-- Appointment a of the other clinics: patient 1 + (a - 1) % p,
-- practitioner a % 3 of that patient's clinic; each practitioner's
-- appointments spread evenly over 90 days around today, 30 minutes
-- long, never overlapping.
INSERT INTO appointments (id, clinic_id, practitioner_id, patient_id,
    treatment_name, starts_at, ends_at, status, source)
SELECT pg_temp.bid('b5', a), pg_temp.bid('b0', cl),
    pg_temp.bid('b1', cl * 4 + a % 3), pg_temp.bid('b2', k),
    'Consultation', t, t + interval '30 minutes',
    CASE WHEN a % 20 = 0 THEN 'cancelled' WHEN a % 33 = 0 THEN 'no_show'
    ELSE 'booked' END, 'admin'
FROM (SELECT a, k, cl, date_trunc('minute', date_trunc('day', now()) -
    interval '45 days' + interval '8 hours' +
    (row_number() OVER w - 1) * (interval '90 days' / count(*) OVER w)) AS t
    FROM (SELECT a, 1 + (a - 1) % bench_k.npat AS k,
    pg_temp.bclinic(1 + (a - 1) % bench_k.npat, bench_k.npat,
    bench_k.nclin) AS cl
    FROM bench_k, generate_series(1, bench_k.nappt) a) y
    WHERE cl <> 1
    WINDOW w AS (PARTITION BY cl, a % 3)) z;

RESET session_replication_role;
