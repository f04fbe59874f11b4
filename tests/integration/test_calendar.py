"""Google Calendar: connecting through nginx with OAuth (PKCE, signed
single-use state bound to the browser and the session), free/busy with its
cache and fail-closed answers, event jobs (insert, move, cancel, retried
insert), changes made in Google, invalid_grant, and no plaintext token at
rest.  Runs its own suite with GOOGLE_* pointed at tests/fakes/fake_google.py.
"""
import base64
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import subprocess
import time
import urllib.parse

from harness import Fake, Stack, wait_until

CLIENT_ID = "test-client.apps.example"
CLIENT_SECRET = "test-client-secret"
_ctx = {}


def setup():
    if "st" in _ctx:
        return _ctx["st"], _ctx["g"]
    g = Fake("fake_google.py", "--client-id", CLIENT_ID,
             "--client-secret", CLIENT_SECRET)
    st = Stack()
    st.settings.update({
        "GOOGLE_CLIENT_ID": CLIENT_ID,
        "GOOGLE_CLIENT_SECRET": CLIENT_SECRET,
        "GOOGLE_REDIRECT_URI": "http://127.0.0.1:%d/oauth/callback" % st.port,
        "GOOGLE_OAUTH_BASE": g.base,
        "GOOGLE_AUTH_BASE": g.base,
        "GOOGLE_API_BASE": g.base,
    })
    _ctx["st"], _ctx["g"] = st, g
    import atexit
    atexit.register(lambda: (st.destroy(), g.stop()))
    st.start()
    return st, g


def clinic(st):
    return st.demo_info["clinic_id"]


def practitioner(st, last="Leal"):
    return st.sql_value("SELECT id FROM practitioners WHERE clinic_id = "
                        ":'p1' AND last_name = :'p2'", clinic(st), last)


def env_value(st, name):
    with open(st.env_file()) as f:
        for line in f:
            if line.startswith(name + "="):
                return line.strip().split("=", 1)[1]
    return None


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def mint_session(st, email):
    """A session token signed the way lib/auth.c signs them."""
    row = st.sql("SELECT id, coalesce(clinic_id::text, ''), role, "
                 "token_version FROM clinic_users WHERE lower(email) = "
                 "lower(:'p1')", email)[0]
    now = int(time.time())
    head = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64u(json.dumps({"sub": row[0], "role": row[2], "clinic": row[1],
                            "ver": int(row[3]), "jti": secrets.token_hex(16),
                            "iat": now, "nbf": now - 60,
                            "exp": now + 3600}).encode())
    sig = hmac.new(env_value(st, "JWT_SECRET").encode(),
                   (head + "." + body).encode(), hashlib.sha256).digest()
    return head + "." + body + "." + b64u(sig)


def admin_cookie(st):
    """Sign in as the demo admin (the admin login route), else mint."""
    if "cookie" in _ctx:
        return _ctx["cookie"]
    r = st.post_form("/clinic/%s/admin/login" % clinic(st),
                     {"email": st.demo_info["admin_email"],
                      "password": st.demo_info["admin_password"]})
    cookie = None
    for k, v in r.headers:
        if k.lower() == "set-cookie" and v.startswith("sophie="):
            cookie = v.split(";")[0]
    if cookie is None:
        cookie = "sophie=" + mint_session(st, st.demo_info["admin_email"])
    _ctx["cookie"] = cookie
    return cookie


def authorize(st, pract=None, cookie=None):
    pract = pract or practitioner(st)
    return st.get("/oauth/authorize?practitionerId=%s&clinicId=%s" %
                  (pract, clinic(st)),
                  headers={"Cookie": cookie or admin_cookie(st)})


def binding_of(r):
    for k, v in r.headers:
        if k.lower() == "set-cookie" and v.startswith("sophie_oauth="):
            return v.split(";")[0]
    return None


def consent(g, url):
    """Follow Google's consent page; returns the callback path+query."""
    u = urllib.parse.urlsplit(url)
    import http.client
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    c.request("GET", u.path + "?" + u.query)
    r = c.getresponse()
    r.read()
    loc = r.getheader("Location")
    c.close()
    assert r.status == 302, r.status
    cb = urllib.parse.urlsplit(loc)
    return cb.path + "?" + cb.query


def start_flow(st, g):
    r = authorize(st)
    assert r.status == 302, (r.status, r.text)
    return consent(g, r.header("Location")), binding_of(r)


def integration_status(st, pract=None):
    return st.sql_value("SELECT status FROM practitioner_calendar_"
                        "integrations WHERE practitioner_id = :'p1'",
                        pract or practitioner(st))


def test_authorize_refuses_strangers():
    st, g = setup()
    r = st.get("/oauth/authorize?practitionerId=%s&clinicId=%s" %
               (practitioner(st), clinic(st)))
    assert r.status == 401
    other = "00000000-0000-4000-8000-000000000001"
    r = st.get("/oauth/authorize?practitionerId=%s&clinicId=%s" %
               (practitioner(st), other),
               headers={"Cookie": admin_cookie(st)})
    assert r.status == 403
    r = authorize(st, pract="00000000-0000-4000-8000-000000000002")
    assert r.status == 404
    assert st.sql_value("SELECT count(*) FROM oauth_states") == "0"


def test_authorize_redirects_with_pkce_and_state():
    st, g = setup()
    r = authorize(st)
    assert r.status == 302, r.text
    loc = urllib.parse.urlsplit(r.header("Location"))
    q = dict(urllib.parse.parse_qsl(loc.query))
    assert loc.path == "/o/oauth2/v2/auth"
    assert q["scope"] == "https://www.googleapis.com/auth/calendar"
    assert q["access_type"] == "offline" and q["prompt"] == "consent"
    assert q["code_challenge_method"] == "S256"
    assert len(q["code_challenge"]) == 43
    assert q["client_id"] == CLIENT_ID
    assert len(q["state"]) == 87 and "." in q["state"]
    b = binding_of(r)
    assert b and "SameSite=Lax" in [v for k, v in r.headers
                                     if v.startswith("sophie_oauth=")][0]
    # Only the state's hash is kept, and the verifier is sealed.
    assert st.sql_value("SELECT count(*) FROM oauth_states WHERE "
                        "state_hash = sha256(convert_to(:'p1', 'UTF8'))",
                        q["state"]) == "1"


def test_callback_refuses_forged_state():
    st, g = setup()
    cb, b = start_flow(st, g)
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(cb).query))
    forged = q["state"][:10] + ("A" if q["state"][10] != "A" else "B") + \
        q["state"][11:]
    r = st.get("/oauth/callback?" + urllib.parse.urlencode(
        {"code": q["code"], "state": forged}), headers={"Cookie": b})
    assert r.status == 400 and "invalide" in r.text
    # The old unsigned JSON state of the system we replace is refused too.
    r = st.get("/oauth/callback?" + urllib.parse.urlencode(
        {"code": q["code"], "state": json.dumps(
            {"practitionerId": practitioner(st), "clinicId": clinic(st)})}),
        headers={"Cookie": b})
    assert r.status == 400
    r = st.get("/oauth/callback?code=x", headers={"Cookie": b})
    assert r.status == 400
    assert integration_status(st) is None


def test_callback_refuses_other_browser():
    st, g = setup()
    cb, b = start_flow(st, g)
    r = st.get(cb)                         # no binding cookie
    assert r.status == 400
    r = st.get(cb, headers={"Cookie": "sophie_oauth=" + "0" * 64})
    assert r.status == 400
    assert integration_status(st) is None


def test_callback_refuses_expired_state():
    st, g = setup()
    cb, b = start_flow(st, g)
    st.sql("UPDATE oauth_states SET created_at = now() - interval '20 min', "
           "expires_at = now() - interval '10 min' WHERE used_at IS NULL")
    r = st.get(cb, headers={"Cookie": b})
    assert r.status == 400 and "expir" in r.text
    assert integration_status(st) is None


def test_callback_google_error_stores_nothing():
    st, g = setup()
    g.post("/_consent", {"deny": True})
    try:
        cb, b = start_flow(st, g)
    finally:
        g.post("/_consent", {"deny": False})
    assert "error=access_denied" in cb
    r = st.get(cb, headers={"Cookie": b})
    assert r.status == 400 and "rien n'a" in r.text.replace("&#39;", "'")
    assert integration_status(st) is None


def test_connect_then_replay_refused():
    st, g = setup()
    cb, b = start_flow(st, g)
    r = st.get(cb, headers={"Cookie": b})
    assert r.status == 200, r.text
    assert "connecté" in r.text and "Leal" in r.text
    assert integration_status(st) == "connected"
    form = g.get("/_state")["last_token_form"]
    assert form["grant_type"] == "authorization_code"
    assert len(form["code_verifier"]) == 43
    r = st.get(cb, headers={"Cookie": b})   # the same callback again
    assert r.status == 400
    assert g.get("/_state")["counts"]["token"] == 1


def test_no_plaintext_token_at_rest():
    st, g = setup()
    s = g.get("/_state")
    secrets_ = s["refresh_tokens"] + s["access_tokens"]
    assert secrets_
    dump = subprocess.run(["pg_dump", "-a", st.conninfo()],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120)
    assert dump.returncode == 0, dump.stderr
    text = dump.stdout.decode("utf-8", "replace")
    assert "practitioner_calendar_integrations" in text
    for t in secrets_:
        assert t not in text
        assert t.encode().hex() not in text
    n = st.sql_value("SELECT octet_length(refresh_token_enc) FROM "
                     "practitioner_calendar_integrations")
    assert int(n) > 40


def ctl_busy(st, frm, to, recheck=False):
    p = st.ctl("calendar", "recheck" if recheck else "busy", "--clinic",
               clinic(st), "--practitioner", practitioner(st), "--from", frm,
               "--to", to, "--json")
    return json.loads(p.stdout)


def settle_sync(st):
    """Run the worker's calendar sync now and wait until it has stored
    the coming weeks' busy time: the next one is minutes away, so that
    Google's counters then move only for what a test does."""
    sync(st)
    assert wait_until(lambda: st.sql_value(
        "SELECT count(*) FROM freebusy_cache WHERE practitioner_id = :'p1' "
        "AND window_end - window_start = interval '62 days' AND "
        "fetched_at > now() - interval '1 minute'", practitioner(st)) !=
        "0", 30), st.logs("worker")


def test_busy_from_google_cached_and_fail_closed():
    st, g = setup()
    settle_sync(st)
    g.post("/_busy", {"busy": [{"start": "2031-03-04T09:00:00Z",
                                "end": "2031-03-04T10:30:00Z"}]})
    b = ctl_busy(st, "2031-03-04T08:00:00Z", "2031-03-04T18:00:00Z")
    assert b == {"fail_closed": False, "busy": [
        {"start": "2031-03-04T09:00:00Z", "end": "2031-03-04T10:30:00Z"}]}
    n = g.get("/_state")["counts"]["freebusy"]
    # A second look within a minute does not wait on Google.
    g.post("/_busy", {"busy": []})
    b = ctl_busy(st, "2031-03-04T09:30:00Z", "2031-03-04T12:00:00Z")
    assert b["busy"] == [{"start": "2031-03-04T09:30:00Z",
                          "end": "2031-03-04T10:30:00Z"}]
    assert g.get("/_state")["counts"]["freebusy"] == n
    # Just before booking: always Google's freshest answer.
    b = ctl_busy(st, "2031-03-04T08:00:00Z", "2031-03-04T18:00:00Z", True)
    assert b == {"fail_closed": False, "busy": []}
    # Google reports errors for the calendar: fail closed.
    g.post("/_busy", {"busy": [], "errors": True})
    b = ctl_busy(st, "2031-03-04T08:00:00Z", "2031-03-04T18:00:00Z", True)
    assert b["fail_closed"] is True
    g.post("/_busy", {"busy": []})
    g.post("/_fail", {"what": "freebusy", "status": 500, "count": 1})
    b = ctl_busy(st, "2031-03-05T08:00:00Z", "2031-03-05T18:00:00Z", True)
    assert b["fail_closed"] is True
    b = ctl_busy(st, "2031-03-05T08:00:00Z", "2031-03-05T18:00:00Z", True)
    assert b["fail_closed"] is False


def new_appointment(st, start, first="Jeanne", last="Dupont"):
    pid = st.sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name) "
        "VALUES (:'p1', '+3361' || lpad((random() * 1e7)::int::text, 7, "
        "'0'), :'p2', :'p3') RETURNING id", clinic(st), first, last)
    return st.sql_value(
        "INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
        "treatment_name, starts_at, ends_at, source) VALUES (:'p1', :'p2', "
        ":'p3', 'Détartrage', :'p4'::timestamptz, :'p4'::timestamptz + "
        "interval '30 min', 'admin') RETURNING id", clinic(st),
        practitioner(st), pid, start)


def push(st, appt):
    st.ctl("calendar", "push", "--clinic", clinic(st), "--appointment", appt)


def event(g, appt):
    eid = appt.replace("-", "")
    for e in g.get("/_events"):
        if e["id"] == eid:
            return e
    return None


def job_state(st, appt):
    return st.sql("SELECT status, attempts FROM jobs WHERE kind = "
                  "'calendar_event_upsert' AND payload->>'appointment_id' "
                  "= :'p1' ORDER BY id DESC LIMIT 1", appt)[0]


def test_book_move_cancel_event():
    st, g = setup()
    a = new_appointment(st, "2031-04-01T08:00:00Z")
    push(st, a)
    assert wait_until(lambda: event(g, a), 20), st.logs("worker")
    e = event(g, a)
    assert e["summary"] == "Détartrage — J. D."
    assert e["start"] == {"dateTime": "2031-04-01T10:00:00+02:00",
                          "timeZone": "Europe/Paris"}
    # The worker records the event's id once Google has answered: the
    # event may be seen at the fake a moment before.
    assert wait_until(lambda: st.sql_value(
        "SELECT google_event_id FROM appointments WHERE id = :'p1'", a) ==
        a.replace("-", ""), 20), st.logs("worker")
    st.sql("UPDATE appointments SET starts_at = starts_at + interval '1 h', "
           "ends_at = ends_at + interval '1 h' WHERE id = :'p1'", a)
    push(st, a)
    assert wait_until(lambda: event(g, a)["start"]["dateTime"] ==
                      "2031-04-01T11:00:00+02:00", 20)
    st.sql("UPDATE appointments SET status = 'cancelled' WHERE id = :'p1'",
           a)
    push(st, a)
    assert wait_until(lambda: event(g, a)["status"] == "cancelled", 20)
    assert len([e for e in g.get("/_events")
                if e["id"] == a.replace("-", "")]) == 1


def test_retried_insert_after_crash_makes_one_event():
    st, g = setup()
    before = len(g.get("/_events"))
    g.post("/_crash_after_insert", {"count": 1})
    a = new_appointment(st, "2031-04-02T08:00:00Z")
    push(st, a)
    assert wait_until(lambda: job_state(st, a)[0] == "done", 30), \
        job_state(st, a)
    assert int(job_state(st, a)[1]) >= 2       # retried after the 500
    assert len(g.get("/_events")) == before + 1
    assert st.sql_value("SELECT google_event_id FROM appointments WHERE "
                        "id = :'p1'", a) == a.replace("-", "")


def test_rate_limit_retried_other_4xx_flagged():
    st, g = setup()
    g.post("/_fail", {"what": "insert", "status": 403,
                      "reason": "rateLimitExceeded", "count": 1})
    a = new_appointment(st, "2031-04-03T08:00:00Z")
    push(st, a)
    assert wait_until(lambda: event(g, a), 30)
    assert int(job_state(st, a)[1]) >= 2
    g.post("/_fail", {"what": "insert", "status": 400, "count": 1})
    b = new_appointment(st, "2031-04-03T10:00:00Z")
    push(st, b)
    assert wait_until(lambda: job_state(st, b)[0] == "done", 20)
    assert job_state(st, b)[1] == "1"          # not retried
    assert st.sql_value("SELECT calendar_flag FROM appointments WHERE id = "
                        ":'p1'", b) == "sync_failed"


def sync(st):
    st.ctl("calendar", "sync", "--clinic", clinic(st), "--practitioner",
           practitioner(st))


def flag(st, a):
    return st.sql_value("SELECT calendar_flag FROM appointments WHERE id = "
                        ":'p1'", a)


def test_changes_in_google_flag_appointments():
    st, g = setup()
    a = new_appointment(st, "2031-04-04T08:00:00Z")
    b = new_appointment(st, "2031-04-04T10:00:00Z")
    push(st, a)
    push(st, b)
    assert wait_until(lambda: event(g, a) and event(g, b), 20)
    sync(st)        # first run: full sync, nothing to flag
    assert wait_until(lambda: st.sql_value(
        "SELECT last_sync_at IS NOT NULL FROM practitioner_calendar_"
        "integrations WHERE practitioner_id = :'p1'",
        practitioner(st)) == "t", 20)
    assert flag(st, a) is None or flag(st, a) == ""
    g.post("/_practitioner", {"id": a.replace("-", ""), "action": "move",
                              "start": "2031-04-04T12:00:00+02:00",
                              "end": "2031-04-04T12:30:00+02:00"})
    g.post("/_practitioner", {"id": b.replace("-", ""), "action": "delete"})
    sync(st)
    assert wait_until(lambda: flag(st, a) == "moved_in_google", 20), \
        st.logs("worker")
    assert wait_until(lambda: flag(st, b) == "deleted_in_google", 20)
    # An expired sync token (410) leads to a full sync, not a failure.
    g.post("/_reset_sync")
    n = g.get("/_state")["counts"]["list"]
    sync(st)
    assert wait_until(lambda: g.get("/_state")["counts"]["list"] >= n + 2,
                      20)
    assert wait_until(lambda: st.sql_value(
        "SELECT count(*) FROM jobs WHERE kind = 'calendar_sync' AND "
        "status <> 'done'") == "0", 20)
    assert flag(st, b) == "deleted_in_google"


# --- staff bookings read the busy time the worker stored ----------------


def csrf_of(st, cookie):
    page = st.get("/clinic/%s/admin" % clinic(st),
                  headers={"Cookie": cookie})
    m = re.search(r'name="_csrf" value="([0-9a-f]{64})"', page.text)
    assert m, (page.status, page.text[:300])
    return m.group(1)


def staff_day():
    """A Monday-to-Friday date 3 to 20 days ahead, not a public holiday
    (within the booking horizon and the window the worker stores)."""
    import test_agenda
    return test_agenda.weekday_ahead(2)


def utc_of(day, hhmm):
    from datetime import datetime as dt
    from zoneinfo import ZoneInfo
    t = dt.fromisoformat("%sT%s" % (day, hhmm)).replace(
        tzinfo=ZoneInfo("Europe/Paris"))
    return t.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def freebusy_asked(g):
    return g.get("/_state")["counts"].get("freebusy", 0)


def test_staff_booking_reads_stored_busy_never_google():
    st, g = setup()
    pract = practitioner(st)
    treat = st.sql_value(
        "SELECT t.id FROM treatment_types t JOIN practitioner_treatments pt "
        "ON pt.treatment_type_id = t.id WHERE pt.practitioner_id = :'p1' "
        "AND t.duration_minutes <= 30 ORDER BY t.name LIMIT 1", pract)
    day = staff_day()
    t0, t1 = utc_of(day, "10:00"), utc_of(day, "11:00")
    g.post("/_busy", {"busy": [{"start": t0, "end": t1}]})
    # the worker's calendar sync stores the practitioner's busy time
    settle_sync(st)
    assert wait_until(lambda: st.sql_value(
        "SELECT count(*) FROM freebusy_cache WHERE practitioner_id = :'p1' "
        "AND fetched_at > now() - interval '2 minutes' AND busy @> "
        "tstzrange(:'p2'::timestamptz, :'p3'::timestamptz)", pract, t0,
        t1) != "0", 30), st.logs("worker")
    # Google changes nothing now; were it asked, the time would look free
    g.post("/_busy", {"busy": []})
    n = freebusy_asked(g)
    cookie = admin_cookie(st)
    hdr = {"Cookie": cookie}
    # the agenda's day page and its booking form
    r = st.get("/clinic/%s/admin/agenda?date=%s" % (clinic(st), day),
               headers=hdr)
    assert r.status == 200, (r.status, r.text[:300])
    assert "shaded busy" in r.text, r.text[:2000]
    r = st.get("/clinic/%s/admin/agenda/book?practitioner_id=%s&"
               "starts_at=%sT10:00" % (clinic(st), pract, day), headers=hdr)
    assert r.status == 200, (r.status, r.text[:300])
    assert "agenda Google" in r.text, r.text[:2000]
    f = {"practitioner_id": pract, "starts_at": day + "T10:00",
         "treatment_id": treat, "new_phone": "+33611%06d" %
         random.randint(0, 999999), "new_first_name": "Occupe",
         "new_last_name": "Google", "_csrf": csrf_of(st, cookie)}
    r = st.post_form("/clinic/%s/admin/agenda/book" % clinic(st), f,
                     headers=hdr)
    assert r.status == 422, (r.status, r.text[:500])
    assert "agenda Google" in r.text, r.text[:2000]
    # the JSON staff route refuses it too
    tok = mint_session(st, st.demo_info["admin_email"])
    r = st.request("POST", "/clinic/%s/admin/appointments" % clinic(st),
                   json.dumps({"practitionerId": pract, "treatmentId": treat,
                               "startsAt": day + "T10:30", "phone":
                               "+33612%06d" % random.randint(0, 999999),
                               "firstName": "Occupe", "lastName": "Json"}
                              ).encode(),
                   {"Authorization": "Bearer " + tok,
                    "Content-Type": "application/json"})
    assert r.status == 422, (r.status, r.text[:500])
    # a time the stored busy time leaves free is booked
    f["starts_at"] = day + "T11:30"
    r = st.post_form("/clinic/%s/admin/agenda/book" % clinic(st), f,
                     headers=hdr)
    assert r.status == 303, (r.status, r.text[:500])
    # and Google was never asked while those requests were handled
    assert freebusy_asked(g) == n, (freebusy_asked(g), n)


def test_invalid_grant_disconnects_and_bookings_go_on():
    st, g = setup()
    g.post("/_revoke")
    g.post("/_expire")
    n = g.get("/_state")["counts"].get("token", 0)
    a = new_appointment(st, "2031-04-05T08:00:00Z")
    push(st, a)
    assert wait_until(lambda: integration_status(st) == "disconnected", 20)
    assert wait_until(lambda: job_state(st, a)[0] == "done", 20)
    assert job_state(st, a)[1] == "1"          # no retry loop
    assert g.get("/_state")["counts"]["token"] == n + 1
    assert "invalid_grant" in st.sql_value(
        "SELECT last_error FROM practitioner_calendar_integrations WHERE "
        "practitioner_id = :'p1'", practitioner(st))
    # Logged (log.c keeps system_logs rows out of open transactions, so
    # the worker's line is on stderr; staff see the row's status).
    assert wait_until(lambda: "CALENDAR_DISCONNECTED" in st.logs("worker"),
                      10)
    # Sophie's own calendar carries on: no busy time, not fail-closed.
    g.post("/_busy", {"busy": [{"start": "2031-03-06T09:00:00Z",
                                "end": "2031-03-06T10:00:00Z"}]})
    b = ctl_busy(st, "2031-03-06T08:00:00Z", "2031-03-06T18:00:00Z", True)
    assert b == {"fail_closed": False, "busy": []}
    assert st.sql_value("SELECT status FROM appointments WHERE id = :'p1'",
                        a) == "booked"
