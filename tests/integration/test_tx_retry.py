"""Transactions PostgreSQL asks to run again.  Staff bookings, moves and
cancellations race the calendar jobs that write the same appointments
into Google: no request answers 500, every refusal is a real "slot taken",
no two booked appointments of a practitioner overlap, and Google ends up
holding exactly what the appointments say.  db_tx runs a deadlocked
transaction again (a real deadlock between two connections, by the unit
program test_db_tx), and a transaction PostgreSQL keeps refusing is
answered 503 with Retry-After, never 500.  Calendar jobs call Google with
no transaction open.  Runs its own suite with GOOGLE_* pointed at
tests/fakes/fake_google.py.
"""
import json
import os
import random
import re
import subprocess
import threading
import time
from datetime import date, datetime, timedelta

import test_calendar as tc
from test_agenda import weekday_ahead
from harness import BUILD, TOP, Fake, Stack, free_port, wait_until

_ctx = {}

# Staff bookings follow the agenda's rules: the days here are open
# weekdays within the booking horizon (this suite has a stack of its own).
DAY = date.fromisoformat(weekday_ahead(4))      # the race's day
D_REFUSE, D_EVENTS, D_NOBODY, D_MEETS = (weekday_ahead(k) for k in
                                         range(5, 9))
# Staff requests in the race, at most (TX_RACE_ATTEMPTS for a longer
# look), and seconds.
ATTEMPTS = int(os.environ.get("TX_RACE_ATTEMPTS", "240"))
RACE_S = 150
THREADS = 8
TW_SID = "AC" + "0" * 31 + "1"


def setup():
    if "st" in _ctx:
        return _ctx["st"], _ctx["g"]
    g = Fake("fake_google.py", "--client-id", tc.CLIENT_ID,
             "--client-secret", tc.CLIENT_SECRET)
    tw = Fake("fake_twilio.py", "--cdn-port", free_port(), "--account-sid",
              TW_SID, "--auth-token", "test-token")
    st = Stack()
    st.settings.update({
        "TWILIO_API_BASE": tw.base,
        "TWILIO_ACCOUNT_SID": TW_SID,
        "TWILIO_AUTH_TOKEN": "test-token",
        "TWILIO_PHONE_NUMBER": "+14155238886",
        "GOOGLE_CLIENT_ID": tc.CLIENT_ID,
        "GOOGLE_CLIENT_SECRET": tc.CLIENT_SECRET,
        "GOOGLE_REDIRECT_URI": "http://127.0.0.1:%d/oauth/callback" % st.port,
        "GOOGLE_OAUTH_BASE": g.base,
        "GOOGLE_AUTH_BASE": g.base,
        "GOOGLE_API_BASE": g.base,
    })
    _ctx["st"], _ctx["g"], _ctx["tw"] = st, g, tw
    st.start()
    _ctx["token"] = tc.mint_session(st, st.demo_info["admin_email"])
    for last in ("Leal", "Martin"):
        connect(st, g, tc.practitioner(st, last))
    return st, g


def teardown():
    st = _ctx.pop("st", None)
    if st is not None:
        st.destroy()
    for k in ("g", "tw"):
        if _ctx.get(k) is not None:
            _ctx.pop(k).stop()


def connect(st, g, pract):
    """Connect the practitioner's (fake) Google Calendar by OAuth."""
    cookie = "sophie=" + _ctx["token"]
    r = tc.authorize(st, pract=pract, cookie=cookie)
    assert r.status == 302, (r.status, r.text)
    cb = tc.consent(g, r.header("Location"))
    r = st.get(cb, headers={"Cookie": tc.binding_of(r)})
    assert r.status == 200, (r.status, r.text)
    assert tc.integration_status(st, pract) == "connected"


def staff(st, method, path, obj):
    """A staff request on the admin API; (status, reason, headers)."""
    h = {"Authorization": "Bearer " + _ctx["token"],
         "Accept": "application/json",
         "Content-Type": "application/json"}
    r = st.request(method, "/clinic/%s/admin%s" % (tc.clinic(st), path),
                   body=json.dumps(obj).encode(), headers=h, timeout=60)
    try:
        reason = r.json().get("error", "")
    except ValueError:
        reason = r.text[:200]
    return r.status, reason, r, r.json() if r.status < 300 else None


def new_patient(st, n):
    return st.sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name) "
        "VALUES (:'p1', :'p2', 'Course', :'p3') RETURNING id", tc.clinic(st),
        "+3369%07d" % random.randint(0, 9999999), "Patient%d" % n)


def deadlocks(st):
    """Deadlocks PostgreSQL has reported so far in this suite."""
    path = os.path.join(st.dir, "log", "postgres.log")
    if not os.path.exists(path):
        return 0
    with open(path, "rb") as f:
        return f.read().count(b"deadlock detected")


def event_time(ev, key):
    return int(datetime.fromisoformat(
        ev[key]["dateTime"].replace("Z", "+00:00")).timestamp())


def calendar_settled(st):
    return st.sql_value(
        "SELECT count(*) FROM jobs WHERE kind IN ('calendar_event_upsert', "
        "'calendar_sync') AND status IN ('queued', 'running')") == "0"


# --- db_tx and a real deadlock -------------------------------------------

def test_db_tx_runs_a_deadlocked_transaction_again():
    """Two connections update two rows in opposite order; PostgreSQL
    breaks the deadlock by failing db_tx's side, which runs again and
    commits; and a session ended while idle runs a read again but not a
    write (tests/unit/test_db_tx.c against this suite's cluster)."""
    st, g = setup()
    prog = os.path.join(TOP, BUILD, "tests", "unit", "test_db_tx")
    assert os.path.exists(prog), "make unit builds " + prog
    before = deadlocks(st)
    env = dict(os.environ, SOPHIE_TEST_PG=st.conninfo())
    p = subprocess.run([prog], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    assert p.returncode == 0, out
    assert "[  PASSED  ] 9 test(s)" in out, out
    assert "SKIPPED" not in out, out
    assert wait_until(lambda: deadlocks(st) > before, 5)


def test_transaction_refused_every_time_is_503_with_retry_after():
    """PostgreSQL refuses a staff booking with a serialization failure at
    every try: db_tx tries DB_TX_TRIES times, then the answer is 503 with
    Retry-After, not a 500; refused once, the booking goes through."""
    st, g = setup()
    st.sql("CREATE SEQUENCE IF NOT EXISTS tx_retry_tries; "
           "CREATE OR REPLACE FUNCTION tx_retry_refuse() RETURNS trigger "
           "LANGUAGE plpgsql AS $$ DECLARE n bigint; BEGIN "
           "IF NEW.notes IN ('refuse-always', 'refuse-once') THEN "
           "n := nextval('tx_retry_tries'); "
           "IF n = 101 OR NEW.notes = 'refuse-always' THEN "
           "RAISE EXCEPTION 'test: run it again' "
           "USING ERRCODE = 'serialization_failure'; END IF; END IF; "
           "RETURN NEW; END $$; "
           "DROP TRIGGER IF EXISTS tx_retry_refuse ON appointments; "
           "CREATE TRIGGER tx_retry_refuse BEFORE INSERT ON appointments "
           "FOR EACH ROW EXECUTE FUNCTION tx_retry_refuse()")
    try:
        pract = tc.practitioner(st, "Bernard")
        pat = new_patient(st, 0)
        st.sql("SELECT setval('tx_retry_tries', 100)")
        s, reason, r, o = staff(st, "POST", "/appointments", {
            "practitionerId": pract, "patientId": pat,
            "startsAt": D_REFUSE + "T09:00", "durationMinutes": "30",
            "notes": "refuse-always"})
        assert s == 503, (s, reason)
        assert r.header("Retry-After") is not None, r.headers
        assert "try again" in reason, reason
        tries = int(st.sql_value("SELECT last_value FROM tx_retry_tries"))
        assert tries - 100 == 5, tries       # DB_TX_TRIES
        assert st.sql_value("SELECT count(*) FROM appointments WHERE "
                            "notes = 'refuse-always'") == "0"
        # The browser form gets the same status, as a page.
        cookie = "sophie=" + _ctx["token"]
        page = st.get("/clinic/%s/admin" % tc.clinic(st),
                      headers={"Cookie": cookie})
        m = re.search(r'name="_csrf" value="([0-9a-f]{64})"', page.text)
        assert m, page.text[:300]
        r = st.post_form("/clinic/%s/admin/appointments" % tc.clinic(st), {
            "practitioner_id": pract, "patient_id": pat,
            "starts_at": D_REFUSE + "T09:00", "duration_minutes": "30",
            "notes": "refuse-always", "_csrf": m.group(1)},
            headers={"Cookie": cookie})
        assert r.status == 503 and r.header("Retry-After"), r.status
        assert "réessayez" in r.text, r.text[:500]
        # Refused once: run again, booked once, 201.
        st.sql("SELECT setval('tx_retry_tries', 100)")
        s, reason, r, o = staff(st, "POST", "/appointments", {
            "practitionerId": pract, "patientId": pat,
            "startsAt": D_REFUSE + "T09:00", "durationMinutes": "30",
            "notes": "refuse-once"})
        assert s == 201, (s, reason)
        assert st.sql_value("SELECT count(*) FROM appointments WHERE "
                            "notes = 'refuse-once'") == "1"
    finally:
        st.sql("DROP TRIGGER IF EXISTS tx_retry_refuse ON appointments")


# --- the race ---------------------------------------------------------------

class Race:
    """Staff threads booking, moving and cancelling appointments of two
    practitioners on one morning while the worker writes them into
    Google and syncs the calendars."""

    def __init__(self, st, practs, patients, day):
        # 30-minute bookings every 15 minutes in the demo's opening
        # hours (08:30-12:30, 14:00-18:30): starts 08:30 to 18:00.
        self.slots = ["%sT%02d:%02d" % (day.isoformat(), 8 + m // 60,
                                        m % 60) for m in range(30, 601, 15)
                      if m + 30 <= 270 or m >= 360]
        self.st = st
        self.practs = practs
        self.patients = patients
        self.lock = threading.Lock()
        self.left = ATTEMPTS
        self.deadline = time.time() + RACE_S
        self.answers = {}            # (op, status, reason) -> count
        self.bad = []                # unexpected answers
        self.mine = set()            # every appointment the race made

    def take(self):
        with self.lock:
            if self.left <= 0 or time.time() > self.deadline:
                return False
            self.left -= 1
            return True

    def note(self, op, status, reason, ok):
        with self.lock:
            k = (op, status, reason if status >= 300 else "")
            self.answers[k] = self.answers.get(k, 0) + 1
            if not ok:
                self.bad.append(k)

    def one(self, rnd, booked):
        """One staff request; booked is this thread's own appointments."""
        op = rnd.choice(["create"] * 4 + ["move"] * 4 + ["cancel"] * 2)
        if not booked:
            op = "create"
        slot = rnd.choice(self.slots)
        if op == "create":
            s, reason, r, o = staff(self.st, "POST", "/appointments", {
                "practitionerId": rnd.choice(self.practs),
                "patientId": rnd.choice(self.patients),
                "startsAt": slot, "durationMinutes": "30"})
            if s == 201:
                booked.append(o["id"])
                with self.lock:
                    self.mine.add(o["id"])
            ok = s == 201 or (s == 409 and reason == "slot taken")
        elif op == "move":
            a = rnd.choice(booked)
            s, reason, r, o = staff(self.st, "POST",
                                    "/appointments/%s/move" % a,
                                    {"startsAt": slot})
            ok = s == 200 or (s == 409 and reason == "slot taken")
        else:
            a = booked.pop(rnd.randrange(len(booked)))
            s, reason, r, o = staff(self.st, "POST",
                                    "/appointments/%s/cancel" % a, {})
            ok = s == 200
        self.note(op, s, reason, ok)

    def thread(self, seed):
        rnd = random.Random(seed)
        booked = []
        while self.take():
            try:
                self.one(rnd, booked)
            except Exception as e:          # a dropped connection
                self.note("error", 0, repr(e)[:100], False)

    def syncs(self):
        """Calendar syncs queued while the staff work, bounded."""
        for i in range(40):
            if self.left <= 0 or time.time() > self.deadline:
                return
            for p in self.practs:
                self.st.sql(
                    "INSERT INTO jobs (kind, clinic_id, queue_key, payload, "
                    "max_attempts) VALUES ('calendar_sync', :'p1', "
                    "'cal:' || :'p2', jsonb_build_object('practitioner_id', "
                    ":'p2'), 5)", tc.clinic(self.st), p)
            time.sleep(0.5)

    def run(self, seed):
        ts = [threading.Thread(target=self.thread, args=(seed + i,))
              for i in range(THREADS)]
        ts.append(threading.Thread(target=self.syncs))
        for t in ts:
            t.start()
        for t in ts:
            t.join(RACE_S + 120)


def check_calendar_matches(st, g, ids):
    """Every appointment of the race and its event in Google agree."""
    events = {e["id"]: e for e in g.get("/_events")}
    rows = st.sql("SELECT id, status, coalesce(google_event_id, ''), "
                  "extract(epoch FROM starts_at)::bigint, "
                  "extract(epoch FROM ends_at)::bigint, "
                  "coalesce(calendar_flag, '') FROM appointments "
                  "WHERE id = ANY(string_to_array(:'p1', ',')::uuid[])",
                  ",".join(sorted(ids)))
    assert len(rows) == len(ids)
    wrong = []
    for aid, status, eid, start, end, flag in rows:
        ev = events.get(aid.replace("-", ""))
        if status == "booked":
            ok = (eid == aid.replace("-", "") and ev is not None and
                  ev["status"] == "confirmed" and
                  event_time(ev, "start") == int(start) and
                  event_time(ev, "end") == int(end))
        else:
            # Cancelled: no live event; the id kept names the one deleted.
            ok = ((ev is None and eid == "") or
                  (ev is not None and ev["status"] == "cancelled" and
                   eid in ("", ev["id"])))
        if not ok or flag != "":
            wrong.append((aid, status, eid, start, end, flag, ev))
    assert not wrong, wrong[:5]


def test_staff_changes_race_calendar_jobs():
    st, g = setup()
    practs = [tc.practitioner(st, "Leal"), tc.practitioner(st, "Martin")]
    patients = [new_patient(st, i) for i in range(8)]
    before = deadlocks(st)
    # A day of its own each time it runs (it runs once in the suite).
    _ctx["races"] = _ctx.get("races", -1) + 1
    race = Race(st, practs, patients,
                DAY + timedelta(days=7 * _ctx["races"]))
    t0 = time.time()
    race.run(random.randrange(1 << 30))
    took = time.time() - t0
    print("  race: %d requests in %.0fs, %d deadlocks reported by "
          "PostgreSQL; answers %s" % (ATTEMPTS - race.left, took,
                                       deadlocks(st) - before,
                                       sorted(race.answers.items())))
    # Every answer is a success or a real overlap, never a 500.
    assert not race.bad, (race.bad, st.logs("admin"))
    assert ATTEMPTS - race.left >= 100
    assert sum(n for (op, s, _), n in race.answers.items()
               if s == 409) > 0, race.answers     # overlaps were tried
    # No two booked appointments of a practitioner overlap.
    assert st.sql_value(
        "SELECT count(*) FROM appointments a JOIN appointments b ON "
        "a.practitioner_id = b.practitioner_id AND a.id < b.id AND "
        "a.status = 'booked' AND b.status = 'booked' AND "
        "tstzrange(a.starts_at, a.blocked_until) && "
        "tstzrange(b.starts_at, b.blocked_until)") == "0"
    # The worker catches up; Google holds what the appointments say.
    assert wait_until(lambda: calendar_settled(st), 180, 0.5), \
        st.sql("SELECT kind, status, count(*) FROM jobs GROUP BY 1, 2")
    assert st.sql_value(
        "SELECT count(*) FROM jobs WHERE kind IN ('calendar_event_upsert', "
        "'calendar_sync') AND status = 'failed'") == "0", \
        st.sql("SELECT kind, last_error FROM jobs WHERE status = 'failed'")
    check_calendar_matches(st, g, race.mine)
    # Google was never called with a transaction open.
    assert "GOOGLE_CALL_IN_TX" not in open(os.path.join(
        st.dir, "log", "worker.log"), encoding="utf-8",
        errors="replace").read()


# --- no third party while a transaction is open -----------------------------

def open_transactions(st, app):
    """Sessions of program app that have sat in an open transaction for a
    while, waiting on their client (the worker, a responder)."""
    return st.sql("SELECT pid, left(query, 100) FROM pg_stat_activity "
                  "WHERE application_name = :'p1' AND state = "
                  "'idle in transaction' AND state_change < now() - "
                  "interval '300 milliseconds'", app)


def while_held(st, fake, app):
    """Once the fake holds a request, the open transactions of app."""
    assert wait_until(lambda: fake.get("/_state").get("held"), 30, 0.05), \
        fake.get("/_state")
    time.sleep(0.6)
    return open_transactions(st, app)


def hold(g, what, ms=2000):
    g.post("/_hold", {"what": what, "ms": ms, "count": 1})


def test_event_jobs_call_google_with_no_transaction_open():
    """While Google takes its time over an insert, a patch or a delete,
    the worker holds no transaction (and no row lock); the appointment
    moved during the insert still ends at its latest time in Google."""
    st, g = setup()
    pract = tc.practitioner(st, "Bernard")
    if tc.integration_status(st, pract) != "connected":
        connect(st, g, pract)
    pat = new_patient(st, 99)
    hold(g, "insert")
    s, reason, r, o = staff(st, "POST", "/appointments", {
        "practitionerId": pract, "patientId": pat,
        "startsAt": D_EVENTS + "T09:00", "durationMinutes": "30"})
    assert s == 201, (s, reason)
    aid = o["id"]
    assert while_held(st, g, "worker") == []
    # Moved while its event is on the way to Google.
    s, reason, r, o = staff(st, "POST", "/appointments/%s/move" % aid,
                            {"startsAt": D_EVENTS + "T11:00"})
    assert s == 200, (s, reason)
    assert wait_until(lambda: calendar_settled(st), 60, 0.2)
    check_calendar_matches(st, g, {aid})
    hold(g, "patch")
    s, reason, r, o = staff(st, "POST", "/appointments/%s/move" % aid,
                            {"startsAt": D_EVENTS + "T12:00"})
    assert s == 200, (s, reason)
    assert while_held(st, g, "worker") == []
    assert wait_until(lambda: calendar_settled(st), 60, 0.2)
    check_calendar_matches(st, g, {aid})
    hold(g, "delete")
    s, reason, r, o = staff(st, "POST", "/appointments/%s/cancel" % aid, {})
    assert s == 200, (s, reason)
    assert while_held(st, g, "worker") == []
    assert wait_until(lambda: calendar_settled(st), 60, 0.2)
    check_calendar_matches(st, g, {aid})
    assert tc.event(g, aid)["status"] == "cancelled"


def test_event_job_meets_changes_nobody_queued():
    """The appointment changes while its event is on the way to Google,
    by a path that queued no calendar write: the job notices when it
    records the event and queues one, so Google ends at the latest time.
    An insert Google made before it failed (a crash) is deleted when the
    appointment is cancelled, though no event id was ever recorded."""
    st, g = setup()
    pract = tc.practitioner(st, "Bernard")
    if tc.integration_status(st, pract) != "connected":
        connect(st, g, pract)
    hold(g, "insert")
    s, reason, r, o = staff(st, "POST", "/appointments", {
        "practitionerId": pract, "patientId": new_patient(st, 97),
        "startsAt": D_MEETS + "T09:00", "durationMinutes": "30"})
    assert s == 201, (s, reason)
    a = o["id"]
    assert wait_until(lambda: g.get("/_state")["held"], 30, 0.05)
    st.sql("UPDATE appointments SET starts_at = starts_at + interval '2 h', "
           "ends_at = ends_at + interval '2 h' WHERE id = :'p1'", a)
    assert wait_until(lambda: calendar_settled(st) and
                      tc.event(g, a) is not None, 60, 0.2)
    check_calendar_matches(st, g, {a})
    # Google keeps an insert, then answers 500; cancelled before the
    # job's next try.
    g.post("/_crash_after_insert", {"count": 1})
    s, reason, r, o = staff(st, "POST", "/appointments", {
        "practitionerId": pract, "patientId": new_patient(st, 96),
        "startsAt": D_MEETS + "T15:00", "durationMinutes": "30"})
    assert s == 201, (s, reason)
    b = o["id"]
    assert wait_until(lambda: tc.event(g, b) is not None, 30, 0.05)
    s, reason, r, o = staff(st, "POST", "/appointments/%s/cancel" % b, {})
    assert s == 200, (s, reason)
    assert wait_until(lambda: calendar_settled(st), 60, 0.2)
    assert tc.event(g, b)["status"] == "cancelled", tc.event(g, b)
    check_calendar_matches(st, g, {b})


def test_sync_and_token_refresh_with_no_transaction_open():
    """events.list and the refresh of an access token Google stopped
    accepting happen with no transaction open in the worker."""
    st, g = setup()
    pract = tc.practitioner(st, "Bernard")
    if tc.integration_status(st, pract) != "connected":
        connect(st, g, pract)
    hold(g, "list")
    st.ctl("calendar", "sync", "--clinic", tc.clinic(st), "--practitioner",
           pract)
    assert while_held(st, g, "worker") == []
    assert wait_until(lambda: calendar_settled(st), 60, 0.2)
    g.post("/_expire")
    hold(g, "token")
    s, reason, r, o = staff(st, "POST", "/appointments", {
        "practitionerId": pract, "patientId": new_patient(st, 98),
        "startsAt": D_NOBODY + "T09:00", "durationMinutes": "30"})
    assert s == 201, (s, reason)
    assert while_held(st, g, "worker") == []
    assert wait_until(lambda: calendar_settled(st), 60, 0.2)
    check_calendar_matches(st, g, {o["id"]})


def test_oauth_exchange_with_no_transaction_open():
    """The OAuth callback exchanges the code with Google before the
    transaction that stores the tokens."""
    st, g = setup()
    pract = tc.practitioner(st, "Bernard")
    cookie = "sophie=" + _ctx["token"]
    r = tc.authorize(st, pract=pract, cookie=cookie)
    assert r.status == 302, (r.status, r.text)
    cb = tc.consent(g, r.header("Location"))
    done = {}
    hold(g, "token")
    t = threading.Thread(target=lambda: done.setdefault("r", st.get(
        cb, headers={"Cookie": tc.binding_of(r)})))
    t.start()
    try:
        assert while_held(st, g, "oauth") == []
    finally:
        t.join(60)
    assert done["r"].status == 200, (done["r"].status, done["r"].text)
    assert tc.integration_status(st, pract) == "connected"


def test_media_download_with_no_transaction_open():
    """A slow media download from Twilio holds no transaction or row lock
    in the worker; what it brings is then judged and recorded once."""
    st, g = setup()
    tw = _ctx["tw"]
    sid = "SM" + os.urandom(16).hex()
    f = {"MessageSid": sid, "AccountSid": TW_SID,
         "From": "whatsapp:+33612%06d" % random.randint(0, 999999),
         "To": "whatsapp:+14155238886", "Body": "photo", "NumMedia": "1",
         "ProfileName": "Test Patient",
         "MediaUrl0": tw.base + "/_slow?ms=2000",
         "MediaContentType0": "image/jpeg"}
    assert st.webhook(f).status == 200
    rows = None
    assert wait_until(lambda: st.sql_value(
        "SELECT count(*) FROM jobs WHERE kind = 'download_media' AND "
        "status = 'running'") == "1", 30, 0.05)
    time.sleep(0.8)
    rows = open_transactions(st, "worker")
    assert rows == [], rows
    assert wait_until(lambda: st.sql_value(
        "SELECT mm.status FROM message_media mm JOIN messages m ON m.id = "
        "mm.message_id WHERE m.twilio_sid = :'p1'", sid) != "pending", 30)
    assert st.sql_value(
        "SELECT mm.status FROM message_media mm JOIN messages m ON m.id = "
        "mm.message_id WHERE m.twilio_sid = :'p1'", sid) == "refused"
    assert st.sql_value("SELECT status FROM jobs WHERE kind = "
                        "'download_media' ORDER BY id DESC LIMIT 1") == "done"
