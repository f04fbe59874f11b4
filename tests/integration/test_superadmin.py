"""Superadmin: sign-in, role and token checks, CSRF, every route in JSON
and HTML, keyset lists across clinics, clinic and practitioner updates,
deactivation (webhook answers 404), conversation analysis, image paths,
escaping of what clinics and patients wrote."""
import json
import os
import re
import time
import urllib.parse
import uuid

import test_admin as ta
import test_admin_conversations as tac
import test_admin_media as tam
from harness import shared_stack, wait_until

S = "/superadmin"
PASSWORD = "superadmin-password-2026"
XSS = tac.XSS
_cache = {}


def st():
    return shared_stack()


def demo():
    return st().demo_info["clinic_id"]


def root_email():
    """The suite's superadmin (made once with sophiectl)."""
    if "email" not in _cache:
        email = "root-%s@example.org" % uuid.uuid4().hex[:8]
        st().ctl("superadmin", "add", "--email", email, "--password",
                 PASSWORD, "--json")
        _cache["email"] = email
    return _cache["email"]


def token():
    """A token of the superadmin, minted (no login: nginx's login rate
    limit is kept for the login tests)."""
    if "token" not in _cache:
        _cache["token"] = ta.mint(root_email())
    return _cache["token"]


def bearer(tok=None):
    return {"Authorization": "Bearer " + (tok or token()),
            "Accept": "application/json"}


def browser():
    """(Cookie header, csrf) of a superadmin browser session."""
    if "browser" not in _cache:
        cookie = "sophie=" + ta.mint(root_email())
        r = st().get(S, headers={"Cookie": cookie})
        assert r.status == 200, (r.status, r.body[:300])
        m = re.search(r'name="_csrf" value="([0-9a-f]{64})"', r.text)
        assert m, r.text[:500]
        _cache["browser"] = (cookie, m.group(1))
    return _cache["browser"]


def get_json(path, tok=None):
    r = st().get(path, headers=bearer(tok))
    assert r.status == 200, (path, r.status, r.body[:300])
    assert r.header("Content-Type").startswith("application/json")
    return r.json()


def get_html(path):
    r = st().get(path, headers={"Cookie": browser()[0]})
    assert r.status == 200, (path, r.status, r.body[:300])
    assert r.header("Content-Type").startswith("text/html"), r.headers
    assert r.text.startswith("<!DOCTYPE html>") and "</html>" in r.text
    return r.text


def send_json(method, path, obj, tok=None):
    h = bearer(tok)
    h["Content-Type"] = "application/json"
    return st().request(method, path, body=json.dumps(obj).encode(),
                        headers=h)


def post_form(path, fields, csrf=True):
    cookie, tok = browser()
    f = dict(fields)
    if csrf:
        f["_csrf"] = tok
    return st().post_form(path, f, headers={"Cookie": cookie})


def login_raw(email, password, form=False):
    """One login attempt, retried while nginx's rate limit answers."""
    for _ in range(40):
        if form:
            pair = ta.login_form_pair(S + "/login")
            if pair is None:
                time.sleep(2)
                continue
            r = st().post_form(S + "/login",
                               {"email": email, "password": password,
                                "_login": pair[1]},
                               headers={"Cookie": pair[0]})
        else:
            r = st().request("POST", S + "/login", body=json.dumps(
                {"email": email, "password": password}).encode(),
                headers={"Content-Type": "application/json",
                         "Accept": "application/json"})
        if r.status not in (429, 503) or b"nginx" not in r.body:
            return r
        time.sleep(2)
    return r


def new_clinic(name=None):
    out = st().ctl("clinic", "add", "--name",
                   name or "Clinique %s" % uuid.uuid4().hex[:6], "--json")
    return json.loads(out.stdout)["clinic_id"]


def xss_data():
    """A clinic, patient, conversation and log line full of markup."""
    if "xss" not in _cache:
        cid = new_clinic(XSS[0] + " " + XSS[1])
        st().ctl("user", "add", "--clinic", cid, "--email",
                 "x-%s@example.org" % uuid.uuid4().hex[:8], "--password",
                 "password-of-x-123", "--json")
        pr = st().sql_value(
            "INSERT INTO practitioners (clinic_id, first_name, last_name, "
            "specialty) VALUES (:'p1', :'p2', :'p3', :'p2') RETURNING id",
            cid, XSS[0], XSS[1])
        conv, pid, ph = tac.make_conversation(cid, first=XSS[0],
                                              last=XSS[1], bodies=XSS,
                                              needs_staff=True)
        st().sql("UPDATE messages SET intent = :'p2', nlu = "
                 "jsonb_build_object('intent', :'p2', 'entities', "
                 "jsonb_build_object('first_name', :'p2'), 'source', "
                 "jsonb_build_object('first_name', 'llm')) WHERE "
                 "conversation_id = :'p1'", conv, XSS[0])
        appt = st().sql_value(
            "INSERT INTO appointments (clinic_id, practitioner_id, "
            "patient_id, conversation_id, treatment_name, starts_at, "
            "ends_at, source) VALUES (:'p1', :'p2', :'p3', :'p4', :'p5', "
            "now() + interval '2 days', now() + interval '2 days 30 min', "
            "'whatsapp') RETURNING id", cid, pr, pid, conv, XSS[1])
        st().sql("INSERT INTO system_logs (clinic_id, conversation_id, "
                 "level, category, event, message) VALUES (:'p1', :'p2', "
                 "'ERROR', 'XSSTEST', 'EV', :'p3')", cid, conv,
                 XSS[0] + XSS[1])
        _cache["xss"] = {"clinic": cid, "practitioner": pr, "conv": conv,
                         "patient": pid, "phone": ph, "appt": appt}
    return _cache["xss"]


def assert_escaped(html):
    assert "<script>alert(1)" not in html, html
    assert "<svg onload" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- sign-in -------------------------------------------------------------

def test_login_json_form_and_refusals():
    r = login_raw(root_email(), PASSWORD)
    assert r.status == 200, (r.status, r.body)
    o = r.json()
    assert o["user"]["role"] == "SUPERADMIN" and o["token"]
    c = ta.decode_claims(o["token"])
    assert c["role"] == "SUPERADMIN" and c["clinic"] == ""
    assert r.header("Cache-Control") == "no-store"
    assert get_json(S + "/stats", o["token"])["clinics"]["total"] >= 1
    for _ in range(40):     # the form shares nginx's login rate limit
        r = st().get(S + "/login")
        if r.status not in (429, 503) or b"nginx" not in r.body:
            break
        time.sleep(2)
    assert r.status == 200 and 'type="password"' in r.text
    assert 'action="/superadmin/login"' in r.text
    r = login_raw(root_email(), PASSWORD, form=True)
    assert r.status == 303 and r.header("Location") == S, r.status
    name, value, raw = ta.cookie_of(r)
    assert name == "sophie" and "httponly" in raw.lower()
    assert st().get(S, headers={"Cookie": name + "=" + value}).status == 200
    # wrong password; a clinic admin's valid credentials are not a
    # superadmin's
    assert login_raw(root_email(), "wrong-password").status == 401
    assert login_raw(st().demo_info["admin_email"],
                     st().demo_info["admin_password"]).status == 401
    r = login_raw('"><script>alert(1)</script>@x.org', "bad", form=True)
    assert r.status == 401 and "<script>alert(1)" not in r.text


def test_logout_ends_the_session():
    tok = ta.mint(root_email())
    assert st().get(S + "/stats", headers=bearer(tok)).status == 200
    r = st().request("POST", S + "/logout", headers=bearer(tok))
    assert r.status == 200, (r.status, r.body)
    assert st().get(S + "/stats", headers=bearer(tok)).status == 401
    _cache.pop("token", None)
    _cache.pop("browser", None)


# --- who may call ----------------------------------------------------------

ALL_GETS = ["", "/stats", "/practitioners", "/logs", "/conversations",
            "/patients", "/clinics", "/appointments"]


def test_no_session_is_401_json_and_login_redirect_for_browsers():
    for p in ALL_GETS:
        r = st().get(S + p, headers={"Accept": "application/json"})
        assert r.status == 401, (p, r.status)
        r = st().get(S + p)
        assert r.status == 303, (p, r.status)
        assert r.header("Location") == S + "/login"
    r = st().request("POST", S + "/clinics/%s/deactivate" % demo())
    assert r.status == 401


def test_clinic_admin_and_staff_tokens_are_403():
    admin = ta.admin_token()
    uid, email, pw = ta.new_user(role="STAFF")
    staff = ta.mint(email)
    paths = [S + p for p in ALL_GETS] + [
        S + "/clinics/" + demo(), S + "/images/%s/x.png" % demo()]
    for tok in (admin, staff):
        for p in paths:
            r = st().get(p, headers=bearer(tok))
            assert r.status == 403, (p, r.status)
        r = send_json("PUT", S + "/clinics/" + demo(), {"name": "pwned"},
                      tok)
        assert r.status == 403
        r = st().request("POST", S + "/clinics/%s/deactivate" % demo(),
                         headers=bearer(tok))
        assert r.status == 403
    # the clinic admin's browser session is refused too
    cookie, csrf = ta.browser()
    r = st().post_form(S + "/clinics/%s/deactivate" % demo(),
                       {"_csrf": csrf}, headers={"Cookie": cookie})
    assert r.status == 403
    assert st().sql_value("SELECT is_active FROM clinics WHERE id = "
                          ":'p1'", demo()) == "t"


def test_bad_tokens_are_401():
    me = ta.decode_claims(token())
    now = int(time.time())

    def claims(**kw):
        c = dict(me)
        c["jti"] = uuid.uuid4().hex
        c.update(kw)
        return c
    admin = ta.decode_claims(ta.admin_token())
    bad = {
        "alg none": ta.make_jwt(claims(), alg="none"),
        "HS512": ta.make_jwt(claims(), alg="HS512"),
        "bad signature": ta.make_jwt(claims(), key="not-the-secret-" * 3),
        "expired": ta.make_jwt(claims(exp=now - 5, iat=now - 100)),
        "not yet valid": ta.make_jwt(claims(nbf=now + 3600)),
        "old version": ta.make_jwt(claims(ver=0)),
        "future version": ta.make_jwt(claims(ver=999)),
        "unknown user": ta.make_jwt(claims(sub=str(uuid.uuid4()))),
        "clinic admin promoted": ta.make_jwt(dict(
            admin, role="SUPERADMIN", clinic="", jti=uuid.uuid4().hex)),
        "superadmin with a clinic": ta.make_jwt(claims(clinic=demo())),
        "garbage": "abc.def.ghi",
        "empty": "",
    }
    assert st().get(S + "/stats",
                    headers=bearer(ta.make_jwt(claims()))).status == 200
    for name, tok in bad.items():
        r = st().get(S + "/stats",
                     headers={"Authorization": "Bearer " + tok,
                              "Accept": "application/json"})
        assert r.status == 401, (name, r.status)
    r = st().get(S + "/stats", headers={"Authorization": "Basic YTpi",
                                        "Accept": "application/json"})
    assert r.status == 401
    # a token in the query string is not a session
    r = st().get(S + "/stats?token=" + token(),
                 headers={"Accept": "application/json"})
    assert r.status == 401


def test_post_without_csrf_is_403():
    cid = new_clinic()
    for fields in ({}, {"_csrf": "0" * 64}):
        r = post_form(S + "/clinics/%s/deactivate" % cid, fields,
                      csrf=False)
        assert r.status == 403, r.status
        r = post_form(S + "/clinics/" + cid, dict(fields, name="x"),
                      csrf=False)
        assert r.status == 403, r.status
        r = post_form(S + "/logout", fields, csrf=False)
        assert r.status == 403
    assert st().sql_value("SELECT is_active::text || name FROM clinics "
                          "WHERE id = :'p1'", cid).startswith("true")
    assert "x" != st().sql_value("SELECT name FROM clinics WHERE id = "
                                 ":'p1'", cid)
    r = post_form(S + "/clinics/%s/deactivate" % cid, {})
    assert r.status == 303 and r.header("Location") == S + "/clinics/" + cid
    assert st().sql_value("SELECT is_active FROM clinics WHERE id = "
                          ":'p1'", cid) == "f"


# --- every route, both ways ------------------------------------------------

def test_every_get_route_answers_json_and_html():
    x = xss_data()
    paths = ALL_GETS + [
        "/clinics/" + x["clinic"], "/practitioners/" + x["practitioner"],
        "/conversations/" + x["conv"],
        "/conversations/%s/analysis" % x["conv"],
        "/logs?level=ERROR&clinic=" + x["clinic"],
        "/conversations?needs_staff=1&clinic=" + x["clinic"],
        "/appointments?status=booked&from=2020-01-01&to=2099-12-31",
        "/patients?q=script", "/clinics?active=true&q=clinique",
        "/practitioners?active=true&clinic=" + x["clinic"]]
    for p in paths:
        o = get_json(S + p)
        assert isinstance(o, dict), p
        html = get_html(S + p)
        assert 'name="_csrf"' in html, p
    r = st().get(S + "/login", headers={"Accept": "application/json"})
    assert r.status == 200 and r.json()
    r = st().get(S + "/stats", headers=bearer())
    assert r.header("Cache-Control") == "no-store"


def test_unknown_ids_are_404_and_bad_filters_400():
    for p in ("/clinics/" + str(uuid.uuid4()),
              "/practitioners/" + str(uuid.uuid4()),
              "/conversations/" + str(uuid.uuid4()),
              "/conversations/%s/analysis" % uuid.uuid4(),
              "/clinics/not-a-uuid", "/practitioners/1"):
        r = st().get(S + p, headers=bearer())
        assert r.status == 404, (p, r.status)
    for p in ("/logs?level=LOUD", "/logs?before_id=abc",
              "/logs?category=a;b", "/logs?clinic=x",
              "/conversations?status=evil", "/conversations?phone=1'or'1",
              "/appointments?from=yesterday", "/appointments?to=2026-02-30",
              "/appointments?status=gone", "/patients?clinic=1",
              "/clinics?active=maybe", "/patients?before_t=x&before_id=y",
              "/practitioners?active=maybe", "/practitioners?clinic=x",
              "/conversations?clinic=x", "/appointments?before_t=x"):
        r = st().get(S + p, headers=bearer())
        assert r.status == 400, (p, r.status)


def test_stats_figures():
    o = get_json(S + "/stats")
    for k in ("clinics", "totals", "perClinic", "errors24h", "jobs",
              "estimated", "practitioners"):
        assert k in o, o
    assert o["clinics"]["active"] >= 1
    row = [c for c in o["perClinic"] if c["id"] == demo()]
    assert row and row[0]["isActive"] is True
    assert set(row[0]) >= {"messages24h", "appointmentsNext7d",
                           "newPatients7d", "waitingForStaff", "errors24h"}
    assert o["totals"]["messages7d"] >= row[0]["messages7d"]


# --- lists across clinics ----------------------------------------------------

def _pages(path):
    """Every item of a keyset list, following "next"."""
    items, url, n = [], path, 0
    while True:
        o = get_json(url)
        assert len(o["items"]) <= 50
        items += o["items"]
        n += 1
        if not o["next"]:
            return items, n
        sep = "&" if "?" in path else "?"
        q = {"before_id": o["next"]["id"]}
        if "logs" not in path:
            q["before_t"] = o["next"]["t"]
        url = path + sep + urllib.parse.urlencode(q)


def test_patients_keyset_across_clinics_and_search():
    a, b = new_clinic(), new_clinic()
    tag = uuid.uuid4().hex[:8]
    for cid, n in ((a, 40), (b, 25)):
        st().sql("INSERT INTO patients (clinic_id, phone, first_name, "
                 "last_name, created_at) SELECT :'p1', '+3360' || "
                 "lpad(g::text, 7, '0'), 'P' || g, :'p2', now() - g * "
                 "interval '1 minute' FROM generate_series(1, :'p3'::int) g",
                 cid, "Nom" + tag, n)
    items, pages = _pages(S + "/patients?q=nom" + tag)
    assert len(items) == 65 and pages == 2, (len(items), pages)
    assert len({i["id"] for i in items}) == 65
    keys = [(i["createdAt"], i["id"]) for i in items]
    assert {i["clinicId"] for i in items} == {a, b}
    assert len(keys) == len(set(keys))
    o = get_json(S + "/patients?q=nom%s&clinic=%s" % (tag, b))
    assert len(o["items"]) == 25 and o["next"] is None
    assert {i["clinicId"] for i in o["items"]} == {b}
    o = get_json(S + "/patients?clinic=%s&q=%s" % (
        a, urllib.parse.quote("+33600000007", safe="")))
    assert [i["phone"] for i in o["items"]] == ["+33600000007"], o
    # either order of first and last name, any case; wildcards are text
    for q in ("p7 NOM" + tag, "Nom%s P7" % tag):
        o = get_json(S + "/patients?q=" + urllib.parse.quote(q))
        assert sorted(i["clinicId"] for i in o["items"]) == sorted(
            [a, b]) and {i["firstName"] for i in o["items"]} == {"P7"}, o
    for q in ("%", "_", "nom%" + tag):
        o = get_json(S + "/patients?q=" + urllib.parse.quote(q))
        assert all(q in (i["firstName"] + i["lastName"]).lower()
                   for i in o["items"]), (q, o["items"][:3])


def test_logs_keyset_and_filters():
    a = new_clinic()
    cat = "SUPER_" + uuid.uuid4().hex[:6]
    st().sql("INSERT INTO system_logs (clinic_id, level, category, event, "
             "message) SELECT CASE WHEN g % 2 = 0 THEN :'p1'::uuid END, "
             "(ARRAY['DEBUG','INFO','WARN','ERROR'])[1 + g % 4], :'p2', "
             "'EV', 'line ' || g FROM generate_series(1, 70) g", a, cat)
    items, pages = _pages(S + "/logs?category=" + cat)
    ids = [i["id"] for i in items]
    assert len(ids) == 70 and pages == 2 and ids == sorted(ids, reverse=True)
    o = get_json(S + "/logs?category=%s&clinic=%s" % (cat, a))
    assert len(o["items"]) == 35
    assert all(i["clinicId"] == a for i in o["items"])
    o = get_json(S + "/logs?level=WARN&category=" + cat)
    assert {i["level"] for i in o["items"]} == {"WARN", "ERROR"}
    html = get_html(S + "/logs?category=" + cat)
    assert "line 70" in html and "Plus anciens" in html


def test_conversations_and_appointments_filters():
    x = xss_data()
    o = get_json(S + "/conversations?clinic=" + x["clinic"])
    assert [i["id"] for i in o["items"]] == [x["conv"]]
    assert o["items"][0]["clinic"] == XSS[0] + " " + XSS[1]
    o = get_json(S + "/conversations?phone=" + x["phone"][1:])
    assert [i["id"] for i in o["items"]] == [x["conv"]]
    o = get_json(S + "/conversations?status=closed&clinic=" + x["clinic"])
    assert o["items"] == []
    o = get_json(S + "/appointments?clinic=" + x["clinic"])
    assert [i["id"] for i in o["items"]] == [x["appt"]]
    assert o["items"][0]["conversationId"] == x["conv"]
    o = get_json(S + "/appointments?status=cancelled&clinic=" + x["clinic"])
    assert o["items"] == []
    o = get_json(S + "/appointments?to=2000-01-01&clinic=" + x["clinic"])
    assert o["items"] == []
    o = get_json(S + "/appointments?practitioner=" + x["practitioner"])
    assert [i["id"] for i in o["items"]] == [x["appt"]]
    o = get_json(S + "/practitioners?clinic=" + x["clinic"])
    assert [i["id"] for i in o["items"]] == [x["practitioner"]]


# --- analysis ----------------------------------------------------------------

def test_conversation_analysis_turns_decisions_outcome():
    cid = demo()
    conv, pid, ph = tac.make_conversation(
        cid, bodies=("je veux un rdv demain", "Jean Dupont", "merci"))
    mids = [r[0] for r in st().sql(
        "SELECT id FROM messages WHERE conversation_id = :'p1' ORDER BY "
        "created_at, id", conv)]
    st().sql("UPDATE messages SET intent = 'BOOK_APPOINTMENT', nlu = "
             "'{\"intent\": \"BOOK_APPOINTMENT\", \"confidence\": 0.9, "
             "\"rules_sure\": true, \"entities\": {\"date\": \"2026-03-04\","
             " \"time\": null}, \"source\": {\"intent\": \"rules\", "
             "\"date\": \"rules\", \"time\": null}}' WHERE id = :'p1'",
             mids[0])
    st().sql("UPDATE messages SET intent = 'PROVIDE_INFO', nlu = "
             "'{\"intent\": \"PROVIDE_INFO\", \"rules_sure\": false, "
             "\"entities\": {\"first_name\": \"Jean\", \"last_name\": "
             "\"Dupont\"}, \"source\": {\"intent\": \"llm\", \"first_name\":"
             " \"llm\", \"last_name\": \"rules\"}}' WHERE id = :'p1'",
             mids[1])
    # the third message has no NLU yet; one more is not an object at all
    st().sql("INSERT INTO messages (clinic_id, conversation_id, direction, "
             "body, status, template_key) VALUES (:'p1', :'p2', "
             "'outbound', 'Votre rendez-vous est confirmé', 'pending', "
             "'booking_confirmed')", cid, conv)
    st().sql("UPDATE messages SET nlu = '[1, 2]' WHERE id = :'p1'", mids[2])
    pr = st().sql_value("SELECT id FROM practitioners WHERE clinic_id = "
                        ":'p1' LIMIT 1", cid)
    st().sql("INSERT INTO appointments (clinic_id, practitioner_id, "
             "patient_id, conversation_id, treatment_name, starts_at, "
             "ends_at, source) VALUES (:'p1', :'p2', :'p3', :'p4', "
             "'Consultation', '2031-03-04 09:00+01', '2031-03-04 09:30+01', "
             "'whatsapp')", cid, pr, pid, conv)
    st().sql("UPDATE conversations SET status = 'handoff', needs_staff = "
             "true, needs_staff_reason = 'asked for a human', state = "
             "'confirm_cancel' WHERE id = :'p1'", conv)
    o = get_json(S + "/conversations/%s/analysis" % conv)
    assert o["conversation"]["state"] == "confirm_cancel"
    s = o["summary"]
    assert s["inbound"] == 3 and s["outbound"] == 1, s
    assert s["understood"] == 3 and s["llmTurns"] == 1, s
    assert s["byRules"] == 3 and s["byLlm"] == 2, s
    assert {(i["intent"], i["count"]) for i in s["intents"]} == {
        ("BOOK_APPOINTMENT", 1), ("PROVIDE_INFO", 1)}
    assert s["templates"] == [{"key": "booking_confirmed", "count": 1}]
    t = o["turns"]
    assert [x["direction"] for x in t] == ["inbound"] * 3 + ["outbound"]
    assert t[0]["decisions"] == [
        {"field": "date", "source": "rules", "value": "2026-03-04"},
        {"field": "intent", "source": "rules", "value": "BOOK_APPOINTMENT"}]
    assert t[1]["usedLlm"] is True and t[0]["usedLlm"] is False
    assert {"field": "first_name", "source": "llm", "value": "Jean"} in \
        t[1]["decisions"]
    assert t[2]["decisions"] == [] and t[3]["nlu"] is None
    out = o["outcome"]
    assert out["handoff"] is True and out["needsStaff"] is True
    assert out["booked"] == 1 and len(out["appointments"]) == 1
    assert out["appointments"][0]["treatment"] == "Consultation"
    html = get_html(S + "/conversations/%s/analysis" % conv)
    assert "BOOK_APPOINTMENT" in html and "booking_confirmed" in html
    assert "asked for a human" in html
    # the engine's state in French, on both pages
    assert "état : attend la confirmation d&#39;annulation" in html, html
    assert "(attend la confirmation d&#39;annulation)" in get_html(
        S + "/conversations/%s" % conv)
    assert int(st().sql_value(
        "SELECT count(*) FROM audit_log WHERE action = 'conversation.view' "
        "AND entity_id = :'p1' AND actor_role = 'SUPERADMIN' AND "
        "clinic_id = :'p2'", conv, cid)) >= 2


# --- escaping ----------------------------------------------------------------

def test_markup_from_clinics_patients_and_messages_is_escaped():
    x = xss_data()
    pages = ["", "/stats", "/clinics", "/clinics/" + x["clinic"],
             "/practitioners?clinic=" + x["clinic"],
             "/practitioners/" + x["practitioner"],
             "/conversations?clinic=" + x["clinic"],
             "/conversations/" + x["conv"],
             "/conversations/%s/analysis" % x["conv"],
             "/patients?clinic=" + x["clinic"],
             "/appointments?clinic=" + x["clinic"],
             "/logs?category=XSSTEST"]
    for p in pages:
        html = get_html(S + p)
        assert_escaped(html)
    # markup typed into the filters comes back escaped as well
    html = get_html(S + "/patients?q=" + urllib.parse.quote(XSS[1]))
    assert "<svg onload" not in html and "&quot;&gt;&lt;svg" in html


# --- updates -------------------------------------------------------------

def test_clinic_update_put_and_form():
    cid = new_clinic()
    r = send_json("PUT", S + "/clinics/" + cid,
                  {"name": "Cabinet Renommé", "timezone": "Europe/Brussels",
                   "language": "en", "bookingHorizonDays": 90,
                   "slotGranularityMinutes": 30, "address": "1 rue X"})
    assert r.status == 200, (r.status, r.body)
    o = get_json(S + "/clinics/" + cid)
    assert (o["name"], o["timezone"], o["language"]) == (
        "Cabinet Renommé", "Europe/Brussels", "en")
    assert o["bookingHorizonDays"] == 90 and o["address"] == "1 rue X"
    for bad in ({"name": ""}, {"timezone": "Mars/Olympus"},
                {"language": "de"}, {"bookingHorizonDays": 0},
                {"slotGranularityMinutes": 7}, {"isActive": "maybe"},
                {"name": "a\u0001b"}):
        r = send_json("PUT", S + "/clinics/" + cid, bad)
        assert r.status == 422, (bad, r.status, r.body)
    assert get_json(S + "/clinics/" + cid)["timezone"] == "Europe/Brussels"
    r = send_json("PUT", S + "/clinics/" + str(uuid.uuid4()), {"name": "x"})
    assert r.status == 404
    r = post_form(S + "/clinics/" + cid, {"name": "Par formulaire",
                                          "address": ""})
    assert r.status == 303 and r.header("Location") == S + "/clinics/" + cid
    o = get_json(S + "/clinics/" + cid)
    assert o["name"] == "Par formulaire" and o["address"] is None
    assert int(st().sql_value(
        "SELECT count(*) FROM audit_log WHERE action = 'clinic.update' AND "
        "entity_id = :'p1'", cid)) == 2


def test_practitioner_update_put_and_form():
    cid = new_clinic()
    pr = st().sql_value("INSERT INTO practitioners (clinic_id, first_name, "
                        "last_name) VALUES (:'p1', 'Anne', 'Roux') "
                        "RETURNING id", cid)
    r = send_json("PUT", S + "/practitioners/" + pr,
                  {"specialty": "Orthodontie", "isActive": False,
                   "displayOrder": 3})
    assert r.status == 200, (r.status, r.body)
    assert r.json()["clinicId"] == cid
    o = get_json(S + "/practitioners/" + pr)
    assert o["specialty"] == "Orthodontie" and o["isActive"] is False
    assert o["displayOrder"] == 3 and o["clinicId"] == cid
    r = send_json("PUT", S + "/practitioners/" + pr, {"lastName": ""})
    assert r.status == 422
    r = send_json("PUT", S + "/practitioners/" + pr, {"displayOrder": "x"})
    assert r.status == 422
    r = send_json("PUT", S + "/practitioners/" + str(uuid.uuid4()),
                  {"title": "Pr"})
    assert r.status == 404
    r = post_form(S + "/practitioners/" + pr,
                  {"firstName": "Anna", "isActive": "true", "title": "Pr"})
    assert r.status == 303
    o = get_json(S + "/practitioners/" + pr)
    assert (o["firstName"], o["title"], o["isActive"]) == ("Anna", "Pr",
                                                           True)
    assert int(st().sql_value(
        "SELECT count(*) FROM audit_log WHERE action = "
        "'practitioner.update' AND entity_id = :'p1' AND clinic_id = "
        ":'p2'", pr, cid)) == 2


def _wa_fields(body):
    return {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" +
            "0" * 32, "From": "whatsapp:+33612345678",
            "To": "whatsapp:" + _cache["wa_number"], "Body": body,
            "NumMedia": "0"}


def test_deactivated_clinic_webhook_is_404_and_users_locked_out():
    cid = new_clinic()
    num = "+3319%07d" % (uuid.uuid4().int % 10000000)
    _cache["wa_number"] = num
    auth = "tok-" + uuid.uuid4().hex
    st().ctl("whatsapp", "set", "--clinic", cid, "--number", num,
             "--auth-token", auth)
    email = "adm-%s@example.org" % uuid.uuid4().hex[:8]
    st().ctl("user", "add", "--clinic", cid, "--email", email, "--password",
             "password-123456", "--json")
    admin = ta.mint(email)
    r = st().get("/clinic/%s/admin/dashboard/stats" % cid,
                 headers=bearer(admin))
    assert r.status == 200, (r.status, r.body[:300])
    r = st().webhook(_wa_fields("bonjour"), clinic=cid, token=auth)
    assert r.status == 200, (r.status, r.body)
    r = st().request("POST", S + "/clinics/%s/deactivate" % cid,
                     headers=bearer())
    assert r.status == 200 and r.json()["isActive"] is False
    # the webhook keeps a clinic's config for 10 s
    got = wait_until(lambda: st().webhook(
        _wa_fields("encore"), clinic=cid, token=auth).status == 404,
        timeout=20, interval=1)
    assert got, "webhook of a deactivated clinic still accepted"
    assert st().get("/clinic/%s/admin/dashboard/stats" % cid,
                    headers=bearer(admin)).status == 401
    # the superadmin still sees it, and can bring it back
    assert get_json(S + "/clinics/" + cid)["isActive"] is False
    o = get_json(S + "/clinics?active=false")
    assert cid in [c["id"] for c in o["items"]]
    r = st().request("POST", S + "/clinics/%s/activate" % cid,
                     headers=bearer())
    assert r.status == 200 and r.json()["isActive"] is True
    got = wait_until(lambda: st().webhook(
        _wa_fields("de retour"), clinic=cid, token=auth).status == 200,
        timeout=20, interval=1)
    assert got
    assert int(st().sql_value(
        "SELECT count(*) FROM audit_log WHERE entity_id = :'p1' AND action "
        "IN ('clinic.deactivate', 'clinic.activate')", cid)) == 2


# --- images ------------------------------------------------------------------

def test_images_served_and_path_tricks_refused():
    cid = new_clinic()
    name = "%s.png" % uuid.uuid4()
    tam.put_file("images", cid, name, tam.PNG)
    r = st().get(S + "/images/%s/%s" % (cid, name), headers=bearer())
    assert r.status == 200 and r.body == tam.PNG, (r.status, r.body[:100])
    assert r.header("Content-Type") == "image/png"
    assert r.header("Cache-Control") == "no-store"
    r = st().get(S + "/images/%s/%s" % (cid, name),
                 headers={"Cookie": browser()[0]})
    assert r.status == 200 and r.body == tam.PNG
    # no token in the query string, ever
    r = st().get(S + "/images/%s/%s?token=%s" % (cid, name, token()),
                 headers={"Accept": "application/json"})
    assert r.status == 401
    assert st().get(S + "/images/%s/%s" % (demo(), name),
                    headers=bearer()).status == 404
    tricks = ["..%2f..%2f..%2fsophie.env", "%2e%2e%2f%2e%2e%2fsophie.env",
              "%2e%2e", "..", "a%00.png", name + "%00.png", "." + name,
              "x.sh", "%2e%2e%5cx.png", "%252e%252e%252fx.png",
              "..%%2f%s%%2f%s" % (cid, name)]
    for t in tricks:
        r = st().get(S + "/images/%s/%s" % (cid, t), headers=bearer())
        assert 400 <= r.status < 500, (t, r.status)
        assert b"JWT_SECRET" not in r.body
    for p in ("/images/%s/../../../../etc/passwd" % cid,
              "/images/..%2f..%2f/" + name, "/images/%2e%2e/" + name,
              "/images/%s%%00/%s" % (cid, name)):
        r = st().get(S + p, headers=bearer())
        assert 400 <= r.status < 500 and b"root:" not in r.body, (p, r.status)
