"""Clinic admin: sign-in, sessions, tokens, CSRF, throttling, dashboard.

Helpers here are shared by the other test_admin_*.py suites (import
test_admin).  Logins go through nginx's login rate limit (30/min, burst
10), so sessions are made once and reused, and login() waits when nginx
answers 503."""
import base64
import hashlib
import hmac
import json
import os
import re
import time
import urllib.parse
import uuid

from harness import wait_until, shared_stack

_cache = {}


def st():
    return shared_stack()


def clinic():
    return st().demo_info["clinic_id"]


def base(cid=None):
    return "/clinic/%s/admin" % (cid or clinic())


def jwt_secret():
    with open(st().env_file()) as f:
        for line in f:
            if line.startswith("JWT_SECRET="):
                return line.split("=", 1)[1].strip().strip('"')
    raise RuntimeError("no JWT_SECRET")


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def make_jwt(claims, alg="HS256", key=None, header=None):
    key = (key if key is not None else jwt_secret()).encode()
    h = header or {"alg": alg, "typ": "JWT"}
    head = b64u(json.dumps(h).encode()) + "." + \
        b64u(json.dumps(claims).encode())
    if alg == "none":
        return head + "."
    dig = {"HS256": hashlib.sha256, "HS512": hashlib.sha512}[alg]
    sig = hmac.new(key, head.encode(), dig).digest()
    return head + "." + b64u(sig)


def decode_claims(token):
    p = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))


def login_form_pair(path):
    """GET the login form at path: (Cookie header, hidden _login value) of
    its pre-session token (login CSRF), or None while nginx limits.  The
    pair is not tied to a form or a clinic and lasts an hour: it is kept
    for 30 minutes, so that form logins spend no more of nginx's login
    rate limit than before."""
    got = _cache.get("login_pair")
    if got is not None and got[0] > time.time() - 1800:
        return got[1]
    g = st().get(path)
    if g.status in (429, 503) and b"nginx" in g.body:
        return None
    assert g.status == 200, (g.status, g.body[:300])
    m = re.search(r'name="_login" value="([0-9a-f]{64})"', g.text)
    assert m, g.text[:500]
    for k, v in g.headers:
        if k.lower() == "set-cookie" and "_login=" in v.split(";")[0]:
            _cache["login_pair"] = (time.time(),
                                    (v.split(";", 1)[0], m.group(1)))
            return _cache["login_pair"][1]
    raise AssertionError("no login cookie: %r" % (g.headers,))


def login_raw(email, password, cid=None, form=False):
    """One login attempt, retried while nginx's rate limit says 503.  A
    form login first GETs the form for its login CSRF pair."""
    path = base(cid) + "/login"
    for _ in range(40):
        if form:
            pair = login_form_pair(path)
            if pair is None:
                time.sleep(2)
                continue
            r = st().post_form(path, {"email": email, "password": password,
                                      "_login": pair[1]},
                               headers={"Cookie": pair[0]})
        else:
            r = st().request("POST", path, body=json.dumps(
                {"email": email, "password": password}).encode(),
                headers={"Content-Type": "application/json",
                         "Accept": "application/json"})
        if r.status not in (429, 503) or b"nginx" not in r.body:
            return r
        time.sleep(2)
    return r


def login(email=None, password=None, cid=None):
    """A Bearer token for the user (the demo admin by default)."""
    email = email or st().demo_info["admin_email"]
    password = password or st().demo_info["admin_password"]
    r = login_raw(email, password, cid)
    assert r.status == 200, (r.status, r.body)
    return r.json()["token"]


def mint(email=None):
    """A valid token made here with the suite's JWT_SECRET for a user of
    the database (no login, so nginx's login rate limit is not spent)."""
    email = email or st().demo_info["admin_email"]
    uid, ver, role, cid = st().sql(
        "SELECT id, token_version, role, coalesce(clinic_id::text, '') "
        "FROM clinic_users WHERE lower(email) = lower(:'p1')", email)[0]
    now = int(time.time())
    return make_jwt({"sub": uid, "role": role, "clinic": cid,
                     "ver": int(ver), "jti": uuid.uuid4().hex,
                     "iat": now, "exp": now + 3600})


# Minted tokens live an hour (exp above) and the integration run can be
# longer: a cached one is made again once half its life is gone.
TOKEN_REUSE_S = 1800


def _fresh(key, make):
    """The value cached under key, made again by make() when older than
    TOKEN_REUSE_S (it holds a token that would expire mid-run)."""
    got = _cache.get(key)
    if got is None or time.time() - got[0] > TOKEN_REUSE_S:
        got = _cache[key] = (time.time(), make())
    return got[1]


def admin_token():
    return _fresh("admin", mint)


def bearer(token=None):
    return {"Authorization": "Bearer " + (token or admin_token()),
            "Accept": "application/json"}


def cookie_of(r):
    """(name, value) of the session cookie a response sets."""
    for k, v in r.headers:
        if k.lower() == "set-cookie":
            nv = v.split(";", 1)[0]
            name, value = nv.split("=", 1)
            return name, value, v
    return None


def browser_session(email=None, password=None, cid=None):
    """Sign in through the HTML form: returns (Cookie header, csrf)."""
    email = email or st().demo_info["admin_email"]
    password = password or st().demo_info["admin_password"]
    r = login_raw(email, password, cid, form=True)
    assert r.status == 303, (r.status, r.body)
    name, value, _ = cookie_of(r)
    cookie = "%s=%s" % (name, value)
    page = st().get(base(cid), headers={"Cookie": cookie})
    assert page.status == 200, (page.status, page.body[:300])
    m = re.search(r'name="_csrf" value="([0-9a-f]{64})"', page.text)
    assert m, page.text[:500]
    return cookie, m.group(1)


def minted_browser(email=None, cid=None):
    """A browser session from a minted token: (Cookie header, csrf)."""
    cookie = "sophie=" + mint(email)
    page = st().get(base(cid), headers={"Cookie": cookie})
    assert page.status == 200, (page.status, page.body[:300])
    m = re.search(r'name="_csrf" value="([0-9a-f]{64})"', page.text)
    assert m, page.text[:500]
    return cookie, m.group(1)


def browser():
    return _fresh("browser", minted_browser)


def get_json(path, token=None):
    r = st().get(path, headers=bearer(token))
    assert r.status == 200, (path, r.status, r.body[:300])
    return r.json()


def get_html(path, cookie=None):
    r = st().get(path, headers={"Cookie": cookie or browser()[0]})
    assert r.status == 200, (path, r.status, r.body[:300])
    assert r.header("Content-Type").startswith("text/html"), r.headers
    return r.text


def send_json(method, path, obj, token=None):
    h = bearer(token)
    h["Content-Type"] = "application/json"
    return st().request(method, path, body=json.dumps(obj).encode(),
                        headers=h)


def post_browser(path, fields, cookie=None, csrf=True):
    c, tok = browser() if cookie is None else cookie
    f = dict(fields)
    if csrf:
        f["_csrf"] = tok
    return st().post_form(path, f, headers={"Cookie": c})


def second_clinic():
    """Clinic B with its own admin: (clinic_id, token)."""
    if "b" not in _cache:
        s = st()
        cid = json.loads(s.ctl("clinic", "add", "--name", "Clinique B",
                               "--json").stdout)["clinic_id"]
        email = "admin-b-%s@example.org" % uuid.uuid4().hex[:8]
        s.ctl("user", "add", "--clinic", cid, "--email", email,
              "--password", "password-of-b-123", "--json")
        _cache["b"] = (cid, email)
    cid, email = _cache["b"]
    return cid, _fresh("b-token", lambda: mint(email))


def new_user(role="ADMIN", password="correct horse battery"):
    s = st()
    email = "user-%s@example.org" % uuid.uuid4().hex[:10]
    uid = json.loads(s.ctl("user", "add", "--clinic", clinic(), "--email",
                           email, "--password", password, "--role", role,
                           "--json").stdout)["user_id"]
    return uid, email, password


# --- sign-in -------------------------------------------------------------

def test_login_json_gives_token_and_user():
    r = login_raw(st().demo_info["admin_email"],
                  st().demo_info["admin_password"])
    assert r.status == 200, (r.status, r.body)
    o = r.json()
    assert o["user"]["role"] == "ADMIN"
    assert o["user"]["clinicId"] == clinic()
    c = decode_claims(o["token"])
    assert c["clinic"] == clinic() and c["ver"] >= 1 and len(c["jti"]) == 32
    assert c["exp"] > time.time()
    assert r.header("Cache-Control") == "no-store"


def test_login_bad_password_and_unknown_email_are_401():
    r = login_raw(st().demo_info["admin_email"], "wrong password")
    assert r.status == 401, (r.status, r.body)
    assert "token" not in r.text
    r = login_raw("nobody@example.org", "whatever-password")
    assert r.status == 401, (r.status, r.body)


def test_login_form_renders_and_sets_cookie():
    r = st().get(base() + "/login")
    assert r.status == 200
    assert 'name="password"' in r.text and 'type="password"' in r.text
    r = login_raw(st().demo_info["admin_email"],
                  st().demo_info["admin_password"], form=True)
    assert r.status == 303, (r.status, r.body)
    assert r.header("Location") == base()
    name, value, raw = cookie_of(r)
    # plain http in tests: the cookie without Secure (see lib/auth.h)
    assert name == "sophie", raw
    low = raw.lower()
    assert "httponly" in low and "samesite=strict" in low
    assert "path=/" in low and "secure" not in low


def test_login_form_bad_password_shows_error_escaped():
    r = login_raw('"><script>alert(1)</script>@x.org', "bad-password",
                  form=True)
    assert r.status == 401, r.status
    assert "<script>alert(1)" not in r.text
    assert "incorrect" in r.text


def test_login_long_unicode_password():
    pw = "mot de passe très long — ünïcødé 🦷 " * 3
    assert len(pw) > 64
    uid, email, _ = new_user(password=pw)
    tok = login(email, pw)
    assert decode_claims(tok)["sub"] == uid
    r = login_raw(email, pw[:-1])
    assert r.status == 401


def test_throttle_after_repeated_failures_then_recovers():
    uid, email, pw = new_user()
    codes = [login_raw(email, "wrong-%d" % i).status for i in range(5)]
    assert codes == [401] * 5, codes
    r = login_raw(email, pw)
    assert r.status == 429, (r.status, r.body)
    wait = int(r.header("Retry-After"))
    assert 1 <= wait <= 900
    time.sleep(wait + 0.5)
    r = login_raw(email, pw)
    assert r.status == 200, (r.status, r.body)
    n = st().sql_value("SELECT count(*) FROM login_throttle WHERE key = "
                       ":'p1'", "email:" + email)
    assert n == "0", n


# --- tokens ----------------------------------------------------------------

def test_dashboard_json_with_bearer():
    o = get_json(base() + "/dashboard/stats")
    for k in ("today", "week", "waitingForStaff", "days", "clinic"):
        assert k in o, o
    assert len(o["days"]) == 14
    assert set(o["today"]) >= {"appointments", "messages", "newPatients",
                               "noShows"}


def test_dashboard_figures_follow_new_messages_within_seconds():
    # The figures are cached a few seconds per process, never longer.
    before = get_json(base() + "/dashboard/stats")["today"]["messages"]
    f = {"MessageSid": "SM" + uuid.uuid4().hex, "From":
         "whatsapp:+336%08d" % (uuid.uuid4().int % 100000000),
         "To": "whatsapp:+14155238886", "Body": "bonjour", "NumMedia": "0"}
    assert st().webhook(f).status == 200
    t0 = time.time()
    got = wait_until(lambda: get_json(base() + "/dashboard/stats")
                     ["today"]["messages"] > before, timeout=10)
    assert got, "the dashboard did not count the new message"
    assert time.time() - t0 < 8


def test_dashboard_html_with_cookie_has_chart_and_csrf():
    html = get_html(base())
    assert "<svg" in html and "<rect" in html
    assert "Tableau de bord" in html
    assert 'name="_csrf"' in html
    r = st().get("/clinic/static/app.css")
    assert r.status == 200 and r.header("Content-Type").startswith("text/css")


def test_no_token_is_401_json_and_redirect_for_browser():
    r = st().get(base() + "/dashboard/stats",
                 headers={"Accept": "application/json"})
    assert r.status == 401, r.status
    r = st().get(base())
    assert r.status == 303 and r.header("Location") == base() + "/login"


def _claims(**kw):
    me = decode_claims(admin_token())
    c = dict(me)
    c["jti"] = uuid.uuid4().hex
    c.update(kw)
    return c


def _status_with(token):
    return st().get(base() + "/dashboard/stats",
                    headers={"Authorization": "Bearer " + token,
                             "Accept": "application/json"}).status


def test_hand_made_good_token_is_accepted():
    assert _status_with(make_jwt(_claims())) == 200


def test_bad_tokens_are_401():
    now = int(time.time())
    bad = {
        "alg none": make_jwt(_claims(), alg="none"),
        "HS512": make_jwt(_claims(), alg="HS512"),
        "bad signature": make_jwt(_claims(), key="not-the-secret-" * 3),
        "expired": make_jwt(_claims(exp=now - 5, iat=now - 100)),
        "not yet valid": make_jwt(_claims(nbf=now + 3600)),
        "old version": make_jwt(_claims(ver=0)),
        "future version": make_jwt(_claims(ver=999)),
        "role upgrade": make_jwt(_claims(role="SUPERADMIN", clinic="")),
        "garbage": "abc.def.ghi",
    }
    for name, tok in bad.items():
        assert _status_with(tok) == 401, name
    r = st().get(base() + "/dashboard/stats",
                 headers={"Authorization": "Basic YTpi",
                          "Accept": "application/json"})
    assert r.status == 401


def test_token_after_logout_is_401():
    tok = mint()
    assert _status_with(tok) == 200
    r = st().request("POST", base() + "/logout",
                     headers={"Authorization": "Bearer " + tok,
                              "Accept": "application/json"})
    assert r.status == 200, (r.status, r.body)
    assert _status_with(tok) == 401
    _cache.pop("admin", None)
    _cache.pop("browser", None)


def test_disabled_user_is_401_and_cannot_login():
    uid, email, pw = new_user(role="STAFF")
    tok = login(email, pw)
    assert _status_with(tok) == 200
    st().sql("UPDATE clinic_users SET is_active = false, "
             "token_version = token_version + 1 WHERE id = :'p1'", uid)
    assert _status_with(tok) == 401
    assert login_raw(email, pw).status == 401
    # disabling alone (without the bump) also ends the session
    uid2, email2, pw2 = new_user(role="STAFF")
    tok2 = mint(email2)
    st().sql("UPDATE clinic_users SET is_active = false WHERE id = :'p1'",
             uid2)
    assert _status_with(tok2) == 401


# --- CSRF ----------------------------------------------------------------

def test_post_without_csrf_is_403_with_it_works():
    cookie, csrf = minted_browser()
    r = st().post_form(base() + "/logout", {}, headers={"Cookie": cookie})
    assert r.status == 403, r.status
    r = st().post_form(base() + "/logout", {"_csrf": "0" * 64},
                       headers={"Cookie": cookie})
    assert r.status == 403, r.status
    # the session still works: nothing changed
    assert st().get(base(), headers={"Cookie": cookie}).status == 200
    r = st().post_form(base() + "/logout", {"_csrf": csrf},
                       headers={"Cookie": cookie})
    assert r.status == 303 and r.header("Location").endswith("/login")
    r = st().get(base(), headers={"Cookie": cookie})
    assert r.status == 303, r.status
    _cache.pop("admin", None)
    _cache.pop("browser", None)


# --- tenants ---------------------------------------------------------------

def test_clinic_a_admin_on_clinic_b_routes_is_403():
    cid_b, tok_b = second_clinic()
    r = st().get(base(cid_b) + "/dashboard/stats", headers=bearer())
    assert r.status == 403, r.status
    r = st().get(base() + "/dashboard/stats", headers=bearer(tok_b))
    assert r.status == 403, r.status
    assert st().get(base(cid_b) + "/dashboard/stats",
                    headers=bearer(tok_b)).status == 200


def test_malformed_clinic_id_is_404():
    r = st().get("/clinic/not-a-uuid/admin/dashboard/stats",
                 headers=bearer())
    assert r.status == 404, r.status


# --- every page, both ways -------------------------------------------------

def test_every_get_route_answers_json_and_html():
    prs = get_json(base() + "/practitioners")["items"]
    pid = prs[0]["id"]
    paths = ["", "/dashboard/stats", "/conversations", "/patients",
             "/practitioners", "/practitioners/" + pid,
             "/practitioners/%s/treatments" % pid, "/treatments",
             "/appointments", "/appointments?view=day",
             "/appointments?view=week", "/settings", "/logs"]
    for p in paths:
        o = get_json(base() + p)
        assert isinstance(o, dict), p
        html = get_html(base() + p)
        assert html.startswith("<!DOCTYPE html>"), p
        assert "</html>" in html, p
    r = st().get(base() + "/login", headers={"Accept": "application/json"})
    assert r.status == 200 and r.json()
