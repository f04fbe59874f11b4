#!/usr/bin/env python3
"""Scenario runner: conversations written as data files, played through
the real stack (signed webhooks through nginx, the worker, the fake
Twilio) with a fixed clock.

    python3 tests/scenarios/run.py [FILE_OR_DIR ...]

Each scenario runs against its own copy of the demo clinic (same hours,
practitioners, treatments), so scenarios do not see each other's
appointments.  File format, one directive per line ('#' comments):

  title: free text
  phone: +33611000001              the patient's number (default: unique)
  patient: First Last YYYY-MM-DD   a patient already known on that phone
  appointment: First Last | Leal | Consultation | 2026-11-25 10:00
                                   an existing booked appointment (local)
  taken: Leal | Consultation | 2026-11-24 14:00
                                   another patient books that slot now
  sql: UPDATE ... {clinic} {phone} any SQL, with those placeholders
  > message                        the patient writes
  < regex                          the reply must match (case-insensitive,
                                   search); several lines: all must match
  < -                              no reply at all (Sophie stays silent)
  remind                           run the reminders scan; the '<' lines
                                   that follow match the reminder
  expect: booked Leal | Consultation | 2026-11-24 14:00
  expect: cancelled Leal | Consultation | 2026-11-24 14:00
  expect: count 1                  booked appointments of the clinic
  expect: response confirmed       appointments.patient_response (latest)
  expect: reminder skipped         appointments.reminder_status (latest)
  expect: conversation needs_staff | handoff | state=<state>

SCENARIO_LLM=hostile plays every scenario with the LLM switched on and
answered by the fake Ollama's hostile mode (wrong intents, invented
values, wrong languages; seeded by SCENARIO_LLM_SEED, default 1).
"""
import os
import re
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

from harness import Fake, Stack, free_port, wait_until  # noqa: E402

FAKE_NOW = "2026-11-23T09:15:00Z"
TOKEN = "test-token"
ACCOUNT = "AC" + "0" * 31 + "1"
DEMO = "5e0f1e00-0000-4000-8000-00000000de40"

CLONE = """
INSERT INTO clinics (id, name, address, phone, email, timezone, language,
    emergency_numbers) SELECT :'p1', name, address, phone, email, timezone,
    language, emergency_numbers FROM clinics WHERE id = :'p2';
INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min, end_min)
    SELECT :'p1', weekday, start_min, end_min FROM clinic_opening_hours
    WHERE clinic_id = :'p2';
INSERT INTO practitioners (clinic_id, first_name, last_name, title,
    specialty, display_order) SELECT :'p1', first_name, last_name, title,
    specialty, display_order FROM practitioners WHERE clinic_id = :'p2';
INSERT INTO treatment_types (clinic_id, name, duration_minutes,
    buffer_minutes, price_cents, created_at) SELECT :'p1', name,
    duration_minutes, buffer_minutes, price_cents, created_at
    FROM treatment_types WHERE clinic_id = :'p2';
INSERT INTO practitioner_treatments (clinic_id, practitioner_id,
    treatment_type_id) SELECT :'p1', np.id, nt.id
    FROM practitioner_treatments pt
    JOIN practitioners op ON op.id = pt.practitioner_id
    JOIN practitioners np ON np.clinic_id = :'p1'
        AND np.last_name = op.last_name
    JOIN treatment_types ot ON ot.id = pt.treatment_type_id
    JOIN treatment_types nt ON nt.clinic_id = :'p1' AND nt.name = ot.name
    WHERE pt.clinic_id = :'p2';
INSERT INTO clinic_whatsapp_configs (clinic_id, phone_number, verify_salt,
    verify_hash) SELECT :'p1', :'p3', s, sha256(s || 'verify'::bytea)
    FROM (SELECT uuid_send(gen_random_uuid()) AS s) x;
"""

APPT = """
INSERT INTO appointments (clinic_id, practitioner_id, patient_id,
    treatment_type_id, treatment_name, starts_at, ends_at, buffer_minutes,
    source)
SELECT :'p1', pr.id, pa.id, t.id, t.name,
    (:'p5')::timestamp AT TIME ZONE c.timezone,
    ((:'p5')::timestamp AT TIME ZONE c.timezone) +
        make_interval(mins => t.duration_minutes), t.buffer_minutes,
    'admin'
FROM clinics c, practitioners pr, patients pa, treatment_types t
WHERE c.id = :'p1' AND pr.clinic_id = :'p1' AND pr.last_name = :'p3'
  AND pa.clinic_id = :'p1' AND pa.id = :'p2'
  AND t.clinic_id = :'p1' AND t.name = :'p4';
"""

FIND = """
SELECT count(*) FROM appointments a
JOIN practitioners pr ON pr.id = a.practitioner_id
JOIN clinics c ON c.id = a.clinic_id
WHERE a.clinic_id = :'p1' AND a.status = :'p2' AND pr.last_name = :'p3'
  AND a.treatment_name = :'p4'
  AND a.starts_at = (:'p5')::timestamp AT TIME ZONE c.timezone
"""


class ScenarioError(AssertionError):
    pass


def hostile_llm():
    """With SCENARIO_LLM=hostile: the fake Ollama in its hostile mode,
    kept for the run; returns its base URL, else "off"."""
    if os.environ.get("SCENARIO_LLM") != "hostile":
        return "off"
    ol = Fake("fake_ollama.py")
    seed = int(os.environ.get("SCENARIO_LLM_SEED", "1"))
    if ol.post("/_hostile", {"seed": seed})[0] != 200:
        raise RuntimeError("the fake Ollama refused the hostile mode")
    return ol.base


def start_stack(workers=2):
    """A stack with the fixed clock and the fake Twilio."""
    tw = Fake("fake_twilio.py", "--cdn-port", free_port(), "--account-sid",
              ACCOUNT, "--auth-token", TOKEN)
    st = Stack({"SOPHIE_FAKE_NOW": FAKE_NOW, "LLM_API_URL": hostile_llm(),
                "TWILIO_API_BASE": tw.base, "TWILIO_ACCOUNT_SID": ACCOUNT,
                "TWILIO_AUTH_TOKEN": TOKEN,
                "TWILIO_PHONE_NUMBER": "+14155238886",
                "SOPHIE_WORKERS": str(workers)})
    st.start()
    return st, tw


_counter = [0]


def new_clinic(st):
    """A copy of the demo clinic; returns (clinic id, WhatsApp number)."""
    _counter[0] += 1
    cid = str(uuid.uuid4())
    number = "+1555%07d" % (int(uuid.uuid4().int % 10000000))
    st.sql(CLONE, cid, DEMO, number)
    return cid, number


class Conversation:
    """One patient talking to one clinic through the real webhook."""

    def __init__(self, st, clinic, number, phone):
        self.st, self.clinic, self.number, self.phone = \
            st, clinic, number, phone
        self.seen = set()

    def send(self, body):
        f = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": ACCOUNT,
             "From": "whatsapp:" + self.phone,
             "To": "whatsapp:" + self.number, "Body": body,
             "NumMedia": "0", "ProfileName": "Patient"}
        r = self.st.webhook(f, clinic=self.clinic, token=TOKEN)
        if r.status != 200:
            raise ScenarioError("webhook answered %d" % r.status)
        return f["MessageSid"]

    def wait_turn(self, sid, timeout=20):
        q = ("SELECT count(*) FROM jobs j JOIN messages m ON "
             "m.id::text = j.payload->>'message_id' WHERE m.twilio_sid = "
             ":'p1' AND j.status IN ('done', 'failed')")
        if not wait_until(lambda: int(self.st.sql_value(q, sid)) > 0,
                          timeout=timeout, interval=0.05):
            raise ScenarioError("the turn was not processed in time")

    def new_replies(self):
        rows = self.st.sql(
            "SELECT m.id, replace(m.body, E'\\n', ' ') FROM messages m "
            "JOIN conversations c ON c.id = m.conversation_id "
            "WHERE m.clinic_id = :'p1' AND c.phone = :'p2' AND "
            "m.direction = 'outbound' ORDER BY m.created_at, m.id",
            self.clinic, self.phone)
        out = []
        for mid, body in rows:
            if mid not in self.seen:
                self.seen.add(mid)
                out.append(body)
        return out

    def say(self, body):
        sid = self.send(body)
        self.wait_turn(sid)
        return self.new_replies()


def parse(path):
    steps = []
    meta = {"title": os.path.basename(path)}
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if line.startswith("> "):
                steps.append(("say", line[2:], n))
            elif line.startswith("<"):
                steps.append(("match", line[1:].strip(), n))
            elif s == "remind":
                steps.append(("remind", "", n))
            else:
                key, _, val = s.partition(":")
                key, val = key.strip(), val.strip()
                if key in ("title", "phone"):
                    meta[key] = val
                elif key in ("patient", "appointment", "taken", "sql",
                             "expect"):
                    steps.append((key, val, n))
                else:
                    raise ScenarioError("%s:%d: unknown line %r" %
                                        (path, n, line))
    return meta, steps


def _fields(val):
    return [x.strip() for x in val.split("|")]


def run_file(st, path):
    """Play one scenario; raises ScenarioError with a transcript."""
    meta, steps = parse(path)
    clinic, number = new_clinic(st)
    phone = meta.get("phone") or "+336%08d" % (uuid.uuid4().int % 10 ** 8)
    conv = Conversation(st, clinic, number, phone)
    transcript = []
    pending = None      # replies of the last turn, not yet matched
    patients = {}

    def fail(n, msg):
        raise ScenarioError("%s:%d: %s\n--- transcript ---\n%s" % (
            path, n, msg, "\n".join(transcript)))

    for kind, val, n in steps:
        if kind != "match":
            pending = None
        if kind == "say":
            replies = conv.say(val)
            transcript.append("> " + val)
            transcript.extend("< " + r for r in replies)
            pending = replies
        elif kind == "remind":
            st.ctl("reminders", "--scan")
            replies = wait_until(conv.new_replies, timeout=5) or []
            transcript.append("[reminder]")
            transcript.extend("< " + r for r in replies)
            pending = replies
        elif kind == "match":
            if pending is None:
                fail(n, "'<' without a message before it")
            if val == "-":
                time.sleep(0.3)
                pending = pending + conv.new_replies()
                if pending:
                    fail(n, "expected silence, got %r" % pending)
                continue
            text = " ".join(pending)
            if not re.search(val, text, re.I | re.S):
                fail(n, "reply %r does not match /%s/" % (text, val))
        elif kind == "patient":
            parts = val.split()
            first, last, birth = parts[0], " ".join(parts[1:-1]), parts[-1]
            pid = st.sql_value(
                "INSERT INTO patients (clinic_id, phone, first_name, "
                "last_name, birth_date) VALUES (:'p1', :'p2', :'p3', "
                ":'p4', :'p5') RETURNING id", clinic, phone, first, last,
                birth)
            patients["%s %s" % (first, last)] = pid
        elif kind == "appointment":
            who, prac, treat, when = _fields(val)
            if who not in patients:
                fail(n, "unknown patient %r" % who)
            st.sql(APPT, clinic, patients[who], prac, treat, when)
        elif kind == "taken":
            prac, treat, when = _fields(val)
            other = st.sql_value(
                "INSERT INTO patients (clinic_id, phone, first_name, "
                "last_name) VALUES (:'p1', '+33699999999', 'Autre', "
                "'Patient') ON CONFLICT DO NOTHING RETURNING id", clinic) \
                or st.sql_value("SELECT id FROM patients WHERE clinic_id ="
                                " :'p1' AND phone = '+33699999999'", clinic)
            st.sql(APPT, clinic, other, prac, treat, when)
        elif kind == "sql":
            st.sql(val.replace("{clinic}", clinic).replace("{phone}",
                                                           phone))
        elif kind == "expect":
            check(st, clinic, phone, val, lambda m: fail(n, m))
    return meta["title"]


def check(st, clinic, phone, val, fail):
    what, _, rest = val.partition(" ")
    rest = rest.strip()
    if what in ("booked", "cancelled"):
        prac, treat, when = _fields(rest)
        c = int(st.sql_value(FIND, clinic, what, prac, treat, when))
        if c != 1:
            rows = st.sql("SELECT status, treatment_name, starts_at FROM "
                          "appointments WHERE clinic_id = :'p1'", clinic)
            fail("expected one %s appointment %s, found %d; all: %r" %
                 (what, rest, c, rows))
    elif what == "count":
        c = int(st.sql_value("SELECT count(*) FROM appointments WHERE "
                             "clinic_id = :'p1' AND status = 'booked'",
                             clinic))
        if c != int(rest):
            fail("expected %s booked appointments, found %d" % (rest, c))
    elif what in ("response", "reminder"):
        col = "patient_response" if what == "response" else \
            "reminder_status"
        v = st.sql_value("SELECT coalesce(%s, '') FROM appointments WHERE "
                         "clinic_id = :'p1' ORDER BY updated_at DESC "
                         "LIMIT 1" % col, clinic) or ""
        if v != rest:
            fail("expected %s %r, found %r" % (col, rest, v))
    elif what == "conversation":
        row = st.sql("SELECT needs_staff, status, state, "
                     "coalesce(needs_staff_reason, '') FROM conversations "
                     "WHERE clinic_id = :'p1' AND phone = :'p2'",
                     clinic, phone)
        if not row:
            fail("no conversation")
        needs, status, state, reason = row[0]
        if rest == "needs_staff" and needs != "t":
            fail("conversation not flagged for staff")
        elif rest == "handoff" and status != "handoff":
            fail("conversation status is %s" % status)
        elif rest.startswith("state=") and state != rest[6:]:
            fail("conversation state is %s" % state)
        elif rest.startswith("reason=") and reason != rest[7:]:
            fail("needs_staff_reason is %r" % reason)
    else:
        fail("unknown expectation %r" % val)


def files(args):
    out = []
    for a in args or [HERE]:
        if os.path.isdir(a):
            out += sorted(os.path.join(a, f) for f in os.listdir(a)
                          if f.endswith(".txt"))
        else:
            out.append(a)
    return out


def main(argv):
    paths = files(argv)
    st, tw = start_stack()
    passed = failed = 0
    try:
        for p in paths:
            t0 = time.time()
            try:
                title = run_file(st, p)
                passed += 1
                print("[ OK ] %s — %s (%.1fs)" % (
                    os.path.basename(p), title, time.time() - t0))
            except Exception as e:  # noqa: BLE001
                failed += 1
                print("[FAIL] %s\n%s" % (os.path.basename(p), e))
            sys.stdout.flush()
    finally:
        st.destroy()
        tw.stop()
    print("scenarios: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
