"""`sophiectl import --from URL`: a clinic's data comes over from the
system Sophie replaces (the seed's Node/Prisma stack), read from its own
PostgreSQL database with a Prisma-style URL.

The source here is built the way Prisma lays the seed's models out: the
seed's table names, quoted camelCase columns (one table with snake_case
ones, as `@map` gives), text ids, enum types, naive UTC timestamps,
WhatsApp numbers written "whatsapp:+33…", bcrypt password hashes, and
tokens in clear.  Checked from the target database and through the real
stack: every row is there once (a second run adds nothing), phones are
E.164, times are the same instants, statuses and roles are mapped, the
secrets are sealed or hashed (the old webhook verify token still
answers, the old password still logs in), conversations are closed with
their messages, and a row that cannot come over (an appointment
overlapping another one) is named and leaves the rest imported."""
import os
import subprocess
import urllib.parse

import test_admin as ta
from harness import TOP, BUILD, shared_stack

CTL = os.path.join(TOP, BUILD, "bin", "sophiectl")
SRC_DB = "seed_import_src"
# bcrypt of "seed-password-2024" (cost 10), as the seed's library writes.
HASH_2B = "$2b$10$q9dgXWN89o57g/tFi.WU4us7FvGU1AJIQFSbnDtYOn98sbIlTE1R6"
PASSWORD = "seed-password-2024"
CLINIC = "clx0clinic000000000000001"
WA_NUMBER = "+33970000111"
VERIFY = "SOPHIE_VERIFY_legacy_1234"

SCHEMA = r"""
CREATE TYPE "Role" AS ENUM ('SUPERADMIN', 'ADMIN', 'STAFF');
CREATE TYPE "AppointmentStatus" AS ENUM ('SCHEDULED', 'CONFIRMED',
    'CANCELLED', 'COMPLETED', 'NO_SHOW');
CREATE TABLE clinics (id text PRIMARY KEY, name text NOT NULL,
    address text, phone text, email text, timezone text,
    "isActive" boolean NOT NULL DEFAULT true,
    "createdAt" timestamp(3) NOT NULL DEFAULT now(),
    "updatedAt" timestamp(3));
CREATE TABLE practitioners (id text PRIMARY KEY, "clinicId" text NOT NULL,
    "firstName" text NOT NULL, "lastName" text NOT NULL, specialty text,
    email text, phone text, "isActive" boolean NOT NULL DEFAULT true,
    "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE treatment_types (id text PRIMARY KEY, "clinicId" text NOT NULL,
    name text NOT NULL, description text, duration integer NOT NULL,
    price double precision, "isActive" boolean NOT NULL DEFAULT true);
CREATE TABLE practitioner_treatments (id text PRIMARY KEY,
    "practitionerId" text NOT NULL, "treatmentTypeId" text NOT NULL);
CREATE TABLE patients (id text PRIMARY KEY, clinic_id text NOT NULL,
    phone_number text NOT NULL, first_name text, last_name text,
    date_of_birth timestamp(3), email text,
    created_at timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE appointments (id text PRIMARY KEY, "clinicId" text NOT NULL,
    "practitionerId" text NOT NULL, "patientId" text NOT NULL,
    "treatmentTypeId" text, "startTime" timestamp(3) NOT NULL,
    "endTime" timestamp(3) NOT NULL,
    status "AppointmentStatus" NOT NULL DEFAULT 'SCHEDULED',
    "googleEventId" text, notes text,
    "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE clinic_users (id text PRIMARY KEY, "clinicId" text,
    email text NOT NULL, password text NOT NULL, name text,
    role "Role" NOT NULL, "isActive" boolean NOT NULL DEFAULT true);
CREATE TABLE conversations (id text PRIMARY KEY, "clinicId" text NOT NULL,
    "patientPhone" text NOT NULL, "patientId" text, state text,
    context jsonb, status text, "lastMessageAt" timestamp(3),
    "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE messages (id text PRIMARY KEY, "conversationId" text NOT NULL,
    direction text NOT NULL, content text NOT NULL, "twilioSid" text,
    "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE clinic_whatsapp_configs (id text PRIMARY KEY,
    "clinicId" text NOT NULL, "phoneNumber" text NOT NULL,
    "verifyToken" text NOT NULL, "twilioAccountSid" text,
    "twilioAuthToken" text, "isActive" boolean NOT NULL DEFAULT true);
CREATE TABLE practitioner_calendar_integrations (id text PRIMARY KEY,
    "practitionerId" text NOT NULL, "calendarId" text,
    "accessToken" text, "refreshToken" text, "tokenExpiry" timestamp(3),
    "isActive" boolean NOT NULL DEFAULT true);
CREATE TABLE system_logs (id serial PRIMARY KEY, level text,
    message text);
"""

DATA = r"""
INSERT INTO clinics (id, name, address, phone, timezone) VALUES
 ('%(c)s', 'Cabinet Dentaire des Tilleuls', '3 rue des Tilleuls, Lyon',
  '04 78 00 00 00', 'Europe/Paris');
INSERT INTO practitioners (id, "clinicId", "firstName", "lastName",
    specialty) VALUES
 ('clxprac0000000000000000001', '%(c)s', 'Hélène', 'Garnier',
  'Dentiste'),
 ('clxprac0000000000000000002', '%(c)s', 'Yann', 'Le Goff',
  'Orthodontiste');
INSERT INTO treatment_types (id, "clinicId", name, duration, price) VALUES
 ('clxtrea0000000000000000001', '%(c)s', 'Détartrage', 30, 45.5),
 ('clxtrea0000000000000000002', '%(c)s', 'Consultation', 20, NULL);
INSERT INTO practitioner_treatments VALUES
 ('pt1', 'clxprac0000000000000000001', 'clxtrea0000000000000000001'),
 ('pt2', 'clxprac0000000000000000001', 'clxtrea0000000000000000002'),
 ('pt3', 'clxprac0000000000000000002', 'clxtrea0000000000000000002');
INSERT INTO patients (id, clinic_id, phone_number, first_name, last_name,
    date_of_birth, email) VALUES
 ('clxpat00000000000000000001', '%(c)s', 'whatsapp:+33611223344',
  'Amélie', 'de La Tour', '1984-03-09 00:00:00', 'Amelie@Example.org'),
 ('clxpat00000000000000000002', '%(c)s', '06 12 34 56 78',
  'Jean-Marc', 'Nguyen', NULL, NULL),
 ('clxpat00000000000000000003', '%(c)s', '+33699887766', NULL, NULL,
  NULL, NULL);
INSERT INTO appointments (id, "clinicId", "practitionerId", "patientId",
    "treatmentTypeId", "startTime", "endTime", status, "googleEventId")
    VALUES
 ('clxapp00000000000000000001', '%(c)s', 'clxprac0000000000000000001',
  'clxpat00000000000000000001', 'clxtrea0000000000000000001',
  '2027-01-12 09:00:00', '2027-01-12 09:30:00', 'CONFIRMED', 'gev-1'),
 ('clxapp00000000000000000002', '%(c)s', 'clxprac0000000000000000001',
  'clxpat00000000000000000002', 'clxtrea0000000000000000002',
  '2026-10-05 13:00:00', '2026-10-05 13:20:00', 'COMPLETED', NULL),
 ('clxapp00000000000000000003', '%(c)s', 'clxprac0000000000000000002',
  'clxpat00000000000000000002', 'clxtrea0000000000000000002',
  '2027-01-13 15:00:00', '2027-01-13 15:20:00', 'CANCELLED', NULL),
 ('clxapp00000000000000000004', '%(c)s', 'clxprac0000000000000000002',
  'clxpat00000000000000000001', NULL,
  '2026-09-01 08:00:00', '2026-09-01 08:20:00', 'NO_SHOW', NULL),
 ('clxapp00000000000000000005', '%(c)s', 'clxprac0000000000000000001',
  'clxpat00000000000000000003', 'clxtrea0000000000000000002',
  '2027-01-12 09:10:00', '2027-01-12 09:30:00', 'SCHEDULED', NULL);
INSERT INTO clinic_users (id, "clinicId", email, password, name, role)
    VALUES
 ('clxusr00000000000000000001', '%(c)s', 'Accueil@Tilleuls.example',
  '%(h)s', 'Accueil', 'ADMIN'),
 ('clxusr00000000000000000002', '%(c)s', 'assistante@tilleuls.example',
  '%(h)s', NULL, 'STAFF');
INSERT INTO conversations (id, "clinicId", "patientPhone", "patientId",
    state, context, status, "lastMessageAt") VALUES
 ('clxconv0000000000000000001', '%(c)s', 'whatsapp:+33611223344',
  'clxpat00000000000000000001', 'AWAITING_CONFIRMATION', '{"x": 1}',
  'ACTIVE', '2026-11-20 08:01:00');
INSERT INTO messages (id, "conversationId", direction, content,
    "twilioSid", "createdAt") VALUES
 ('clxmsg00000000000000000001', 'clxconv0000000000000000001', 'INBOUND',
  'Bonjour, un détartrage svp', 'SMseedimport0000000000000000000001',
  '2026-11-20 08:00:00'),
 ('clxmsg00000000000000000002', 'clxconv0000000000000000001', 'OUTBOUND',
  'Bien sûr ! Quel jour vous conviendrait ?', NULL,
  '2026-11-20 08:01:00');
INSERT INTO clinic_whatsapp_configs (id, "clinicId", "phoneNumber",
    "verifyToken", "twilioAccountSid", "twilioAuthToken") VALUES
 ('clxwa000000000000000000001', '%(c)s', 'whatsapp:%(wa)s', '%(v)s',
  'ACseed0000000000000000000000000001', 'seed-auth-token-in-clear');
INSERT INTO practitioner_calendar_integrations (id, "practitionerId",
    "calendarId", "accessToken", "refreshToken", "tokenExpiry") VALUES
 ('clxcal000000000000000000001', 'clxprac0000000000000000001',
  'helene.garnier@example.org', 'ya29.seed-access',
  '1//seed-refresh-token', '2026-11-20 09:00:00');
INSERT INTO system_logs (level, message) VALUES ('INFO', 'old log line');
"""

_ctx = {}


def _psql(st, db, query):
    cmd = ["psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1",
           st.conninfo().replace("dbname=sophie", "dbname=" + db)]
    p = subprocess.run(cmd, input=query.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("psql: %s" % p.stderr.decode())
    return p.stdout.decode()


def _source_url(st):
    """The seed's own DATABASE_URL form: a URI with Prisma's ?schema=."""
    return "postgresql://sophie@%s:5432/%s?schema=public&connection_limit=5" \
        % (urllib.parse.quote(os.path.join(st.dir, "run"), safe=""), SRC_DB)


def _ctl(st, *args):
    env = dict(os.environ, SOPHIE_ENV_FILE=st.env_file())
    p = subprocess.run([CTL] + list(args), env=env, cwd=st.dir,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def _setup():
    if _ctx:
        return _ctx
    st = shared_stack()
    st.sql("DROP DATABASE IF EXISTS %s" % SRC_DB)
    st.sql("CREATE DATABASE %s" % SRC_DB)
    _psql(st, SRC_DB, SCHEMA)
    _psql(st, SRC_DB, DATA % {"c": CLINIC, "h": HASH_2B, "wa": WA_NUMBER,
                              "v": VERIFY})
    before = int(st.sql_value("SELECT count(*) FROM clinics"))
    rc, out, err = _ctl(st, "import", "--from", _source_url(st))
    cid = st.sql_value("SELECT id FROM clinics WHERE name = "
                       "'Cabinet Dentaire des Tilleuls'")
    _ctx.update(st=st, rc=rc, out=out, err=err, cid=cid, before=before)
    print("  import: exit %d\n%s%s" % (rc, out, err), end="")
    return _ctx


def _q(query, *params):
    return _setup()["st"].sql(query, *params)


def _v(query, *params):
    return _setup()["st"].sql_value(query, *params)


def test_every_row_comes_over_once_and_the_overlap_is_named():
    c = _setup()
    # One appointment overlaps another of the same practitioner: it is
    # named with its reason, the exit status says something was left
    # out, and everything else is there.
    assert c["rc"] == 2, (c["rc"], c["out"], c["err"])
    assert "clxapp00000000000000000005" in c["err"], c["err"]
    assert "overlap" in c["err"].lower(), c["err"]
    assert c["cid"], c["out"]
    assert c["cid"] in c["out"], c["out"]
    cid = c["cid"]
    counts = {"practitioners": 2, "treatment_types": 2, "patients": 3,
              "appointments": 4, "clinic_users": 2, "conversations": 1,
              "messages": 2, "clinic_whatsapp_configs": 1}
    for table, n in counts.items():
        got = int(_v("SELECT count(*) FROM %s WHERE clinic_id = :'p1'"
                     % table, cid))
        assert got == n, (table, got, c["out"])
    assert int(_v("SELECT count(*) FROM practitioner_treatments WHERE "
                  "clinic_id = :'p1'", cid)) == 3
    # What it printed per table names the counts.
    assert "appointments" in c["out"] and "4" in c["out"], c["out"]


def test_a_second_run_adds_nothing():
    c = _setup()
    st = c["st"]
    rc, out, err = _ctl(st, "import", "--from", _source_url(st))
    assert rc == 2, (rc, out, err)
    assert int(st.sql_value("SELECT count(*) FROM clinics")) == \
        c["before"] + 1
    assert int(_v("SELECT count(*) FROM appointments WHERE clinic_id = "
                  ":'p1'", c["cid"])) == 4
    assert int(_v("SELECT count(*) FROM messages WHERE clinic_id = :'p1'",
                  c["cid"])) == 2


def test_dry_run_changes_nothing():
    c = _setup()
    st = c["st"]
    _psql(st, SRC_DB, "INSERT INTO patients (id, clinic_id, phone_number, "
          "first_name, last_name) VALUES ('clxpatdry', '%s', "
          "'+33600000999', 'Dry', 'Run')" % CLINIC)
    try:
        rc, out, err = _ctl(st, "import", "--from", _source_url(st),
                            "--dry-run")
        assert rc in (0, 2), (rc, out, err)
        assert "dry run" in (out + err).lower(), out
        assert _v("SELECT count(*) FROM patients WHERE phone = "
                  "'+33600000999'") == "0"
    finally:
        _psql(st, SRC_DB, "DELETE FROM patients WHERE id = 'clxpatdry'")


def test_phones_names_and_dates_as_the_patient_wrote_them():
    cid = _setup()["cid"]
    rows = _q("SELECT phone, first_name, last_name, birth_date, email "
              "FROM patients WHERE clinic_id = :'p1' ORDER BY phone", cid)
    assert ["+33611223344", "Amélie", "de La Tour", "1984-03-09",
            "amelie@example.org"] in rows, rows
    # A French local number, in a French clinic.
    assert any(r[0] == "+33612345678" and r[1] == "Jean-Marc" for r in rows)
    # A patient the seed never got the name of keeps a visible name.
    nameless = [r for r in rows if r[0] == "+33699887766"]
    assert nameless and nameless[0][1] and nameless[0][2], rows


def test_times_statuses_and_treatments():
    cid = _setup()["cid"]
    rows = _q("SELECT to_char(starts_at AT TIME ZONE 'UTC', "
              "'YYYY-MM-DD HH24:MI'), to_char(ends_at AT TIME ZONE 'UTC', "
              "'HH24:MI'), status, coalesce(treatment_name, ''), "
              "coalesce(google_event_id, ''), source FROM appointments "
              "WHERE clinic_id = :'p1' ORDER BY starts_at", cid)
    assert rows == [
        ["2026-09-01 08:00", "08:20", "no_show", "", "", "whatsapp"],
        ["2026-10-05 13:00", "13:20", "completed", "Consultation", "",
         "whatsapp"],
        ["2027-01-12 09:00", "09:30", "booked", "Détartrage", "gev-1",
         "whatsapp"],
        ["2027-01-13 15:00", "15:20", "cancelled", "Consultation", "",
         "whatsapp"],
    ], rows
    # The clinic's local time is 10:00 on 12 January (Paris, UTC+1).
    assert _v("SELECT to_char(starts_at AT TIME ZONE 'Europe/Paris', "
              "'HH24:MI') FROM appointments WHERE clinic_id = :'p1' AND "
              "google_event_id = 'gev-1'", cid) == "10:00"
    # The old system offered 09:00-18:00: Monday to Friday here.
    assert _q("SELECT weekday, start_min, end_min FROM clinic_opening_hours "
              "WHERE clinic_id = :'p1' ORDER BY weekday", cid) == \
        [[str(d), "540", "1080"] for d in range(5)]
    assert _v("SELECT price_cents FROM treatment_types WHERE clinic_id = "
              ":'p1' AND name = 'Détartrage'", cid) == "4550"


def test_old_password_logs_in_and_roles_are_kept():
    c = _setup()
    cid = c["cid"]
    assert _q("SELECT lower(email), role FROM clinic_users WHERE "
              "clinic_id = :'p1' ORDER BY 1", cid) == [
        ["accueil@tilleuls.example", "ADMIN"],
        ["assistante@tilleuls.example", "STAFF"]]
    r = ta.login_raw("accueil@tilleuls.example", PASSWORD, cid=cid)
    assert r.status == 200, (r.status, r.body[:300])
    assert r.json()["token"]


def test_secrets_sealed_and_the_old_verify_token_still_answers():
    c = _setup()
    st, cid = c["st"], c["cid"]
    row = st.sql("SELECT phone_number, account_sid, "
                 "encode(auth_token_enc, 'escape') FROM "
                 "clinic_whatsapp_configs WHERE clinic_id = :'p1'", cid)
    assert row and row[0][0] == WA_NUMBER, row
    assert row[0][1] == "ACseed0000000000000000000000000001", row
    assert "seed-auth-token" not in row[0][2], row
    cal = st.sql("SELECT status, calendar_id, "
                 "encode(refresh_token_enc, 'escape') FROM "
                 "practitioner_calendar_integrations WHERE clinic_id = "
                 ":'p1'", cid)
    assert cal and cal[0][0] == "connected", cal
    assert cal[0][1] == "helene.garnier@example.org", cal
    assert "seed-refresh" not in cal[0][2], cal
    # The URL Meta/Twilio were given keeps working with the old token.
    q = urllib.parse.urlencode({"hub.mode": "subscribe",
                                "hub.verify_token": VERIFY,
                                "hub.challenge": "4242"})
    r = st.get("/webhook/whatsapp/%s?%s" % (cid, q))
    assert r.status == 200 and r.body == b"4242", (r.status, r.body[:200])


def test_conversations_closed_with_their_messages():
    c = _setup()
    cid = c["cid"]
    conv = _q("SELECT status, phone, state, context::text, patient_id IS "
              "NOT NULL FROM conversations WHERE clinic_id = :'p1'", cid)
    assert conv == [["closed", "+33611223344", "idle", "{}", "t"]], conv
    msgs = _q("SELECT direction, body, status FROM messages WHERE "
              "clinic_id = :'p1' ORDER BY created_at", cid)
    assert msgs == [
        ["inbound", "Bonjour, un détartrage svp", "received"],
        ["outbound", "Bien sûr ! Quel jour vous conviendrait ?", "sent"]], \
        msgs


def test_a_bad_source_is_one_clear_line():
    st = _setup()["st"]
    rc, out, err = _ctl(st, "import", "--from",
                        "postgresql://nobody@127.0.0.1:1/none")
    assert rc not in (0, 2), (rc, out, err)
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1 and "--from" in lines[0], err
    rc, out, err = _ctl(st, "import")
    assert rc == 64 and "--from" in err, (rc, err)
