"""One spelling per route, and the headers of every answer.

nginx picks a location (and so a rate limit) on the normalized URI: %XX
decoded, slashes merged, "." and ".." resolved.  The responders route on
the raw REQUEST_URI.  Every other spelling of a route (trailing slash,
double slash, dot segments, another case, percent-encoded letters...)
must be a 404, or be rate limited exactly as the canonical spelling: no
spelling reaches a login or a webhook around nginx's limit.  Each
spelling is tried from its own loopback address (127.0.x.y), so each
starts with a fresh limit bucket.

Also: every answer nginx makes itself (404, 400, 405, 413, 414, 429, 502)
carries the security headers, and every admin and superadmin answer
(pages, JSON, errors, login pages, redirects) carries Cache-Control:
no-store.

Runs its own suite with low limits (1 request a minute after the burst),
so a count of answers before the first 429 is exact."""
import http.client
import os
import re
import signal
import socket
import time
import urllib.parse
import uuid

import test_admin as ta
from harness import TOP, Response, Stack, wait_until

LOGIN_BURST = 10        # nginx/sophie-site.conf.in, zone sophie_login
WEBHOOK_BURST = 200     # zone sophie_webhook
_ctx = {}


class _Stack(Stack):
    """A suite whose nginx limits leak one request a minute."""

    def _env(self):
        env = super()._env()
        env["SOPHIE_LOGIN_RATE"] = "1r/m"
        env["SOPHIE_WEBHOOK_RATE"] = "1r/m"
        return env


def st():
    if "st" not in _ctx:
        s = _Stack()
        _ctx["st"] = s
        s.start()
    return _ctx["st"]


def teardown():
    """Stop this suite's own stack (called by the harness)."""
    s = _ctx.pop("st", None)
    if s is not None:
        s.destroy()


def clinic():
    return st().demo_info["clinic_id"]


_next_ip = [1, 1]


def fresh_ip():
    """A loopback source address not used before in this run."""
    a, b = _next_ip
    _next_ip[:] = [a, b + 1] if b < 250 else [a + 1, 1]
    assert a < 250
    return "127.0.%d.%d" % (a, b)


def send(method, target, headers=None, body=None, src="127.0.0.1"):
    """One request with target sent as is, from address src."""
    c = http.client.HTTPConnection("127.0.0.1", st().port, timeout=30,
                                   source_address=(src, 0))
    try:
        c.request(method, target, body=body, headers=headers or {})
        r = c.getresponse()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        c.close()


def raw(data, src="127.0.0.1"):
    """Send raw request bytes; the parsed answer."""
    s = socket.create_connection(("127.0.0.1", st().port), timeout=30,
                                 source_address=(src, 0))
    try:
        s.sendall(data)
        r = http.client.HTTPResponse(s)
        r.begin()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        s.close()


def headers_named(r, name):
    return [v for k, v in r.headers if k.lower() == name.lower()]


# --- spellings ---------------------------------------------------------

def _enc(ch, upper=True):
    return ("%%%02X" if upper else "%%%02x") % ord(ch)


def spellings(segs, lit, params=True):
    """Other spellings of the path made of segs (lit[i]: segment i is a
    literal of the route pattern, else a parameter value); with params,
    also other spellings of the parameter values."""
    def j(parts):
        return "/" + "/".join(parts)
    p = j(segs)
    last_lit = max(i for i in range(len(segs)) if lit[i])
    out = [
        p + "/", p + "//", "/" + p, j(segs[:1]) + "/" + j(segs[1:]),
        j(segs[:1]) + "/." + j(segs[1:]), p + "/.", p + "/./",
        j(segs[:1]) + "/zz/.." + j(segs[1:]), p + "/zz/..",
        j(segs[:-1]) + "%2F" + segs[-1], p + "%2F", p + "%2f",
        p + ";", p + ";x=1", p + "%20", p + "#x",
        "/" + segs[0].upper() + j(segs[1:]),
        j(segs).upper() if all(lit) else
        j([s.upper() if lit[i] else s for i, s in enumerate(segs)]),
    ]
    for i in (0, last_lit):
        s = segs[i]
        for upper in (True, False):
            enc = _enc(s[0], upper) + s[1:]
            out.append(j(segs[:i] + [enc] + segs[i + 1:]))
        out.append(j(segs[:i] + [s[:1].upper() + s[1:]] + segs[i + 1:]))
        out.append(j(segs[:i] + ["".join(_enc(c) for c in s)] +
                     segs[i + 1:]))
    for i, s in enumerate(segs):
        if params and not lit[i]:
            out.append(j(segs[:i] + [s.upper()] + segs[i + 1:]))
            out.append(j(segs[:i] + [_enc(s[0]) + s[1:]] + segs[i + 1:]))
    out.append("http://127.0.0.1:%d%s/" % (st().port, p))
    out.append("http://127.0.0.1:%d%s" % (st().port, p.replace(
        "/" + segs[last_lit], "//" + segs[last_lit])))
    return [s for s in dict.fromkeys(out) if s != p]


def path_of(pattern, values):
    segs = pattern.strip("/").split("/")
    lit = [not (s.startswith("{") and s.endswith("}")) for s in segs]
    return [values[s[1:-1]] if not lit[i] else s
            for i, s in enumerate(segs)], lit


def first_429(statuses):
    return statuses.index(429) if 429 in statuses else None


def limited_run(method, target, req, cap, src):
    """Send up to cap requests; statuses up to the first 429."""
    out = []
    for _ in range(cap):
        h, b = req()
        out.append(send(method, target, h, b, src).status)
        if out[-1] == 429:
            break
    return out


def check_spellings(method, pattern, req, cap, values=None):
    """The canonical spelling is limited after n answers; every other
    spelling answers 404, or exactly what the canonical one does."""
    values = values or {"clinicId": clinic()}
    segs, lit = path_of(pattern, values)
    canon = "/" + "/".join(segs)
    statuses = limited_run(method, canon, req, cap, fresh_ip())
    n = first_429(statuses)
    assert n is not None and n >= 1, (canon, statuses)
    allowed = set(statuses[:n])
    assert 404 not in allowed, (canon, statuses)
    bad = []
    for sp in spellings(segs, lit):
        src = fresh_ip()
        got = []
        for _ in range(cap):
            h, b = req()
            got.append(send(method, sp, h, b, src).status)
            # The routing is stateless: three 404s and the spelling is
            # not a route (a 429 may follow; either is fine).
            if got == [404] * 3 or got[-1] == 429:
                break
        if got == [404] * 3:
            continue
        if first_429(got) != n or not set(got[:n]) <= allowed | {404}:
            bad.append((sp, got))
    assert not bad, (canon, n, bad)
    return n


def _form_req():
    return ({"Content-Type": "application/x-www-form-urlencoded"},
            b"email=nobody%40example.org&password=x")


def _get_req():
    return ({}, None)


def _json_get_req():
    return ({"Accept": "application/json"}, None)


# Every location of nginx/sophie-site.conf.in that has a limit_req, by the
# routes it protects: (method, pattern, request, cap).
LIMITED = [
    ("GET", "/clinic/{clinicId}/admin/login", _get_req, LOGIN_BURST + 5),
    ("POST", "/clinic/{clinicId}/admin/login", _form_req, LOGIN_BURST + 5),
    ("GET", "/superadmin/login", _json_get_req, LOGIN_BURST + 5),
    ("POST", "/superadmin/login", _form_req, LOGIN_BURST + 5),
    ("GET", "/webhook/whatsapp/{clinicId}", _get_req, WEBHOOK_BURST + 5),
    ("POST", "/webhook/whatsapp/{clinicId}", _form_req, WEBHOOK_BURST + 5),
    ("POST", "/webhook/whatsapp/{clinicId}/status", _form_req,
     WEBHOOK_BURST + 5),
]


def _limited_locations():
    """(modifier, path) of every location holding a limit_req."""
    with open(os.path.join(TOP, "nginx", "sophie-site.conf.in")) as f:
        conf = f.read()
    out = []
    for m in re.finditer(r"location\s+(=|~\*|~|\^~)?\s*(\S+)\s*\{([^}]*)\}",
                         conf):
        if "limit_req " in m.group(3):
            out.append((m.group(1) or "", m.group(2)))
    return out


def _location_matches(mod, loc, path):
    if mod == "=":
        return path == loc
    if mod == "~":
        return re.search(loc, path) is not None
    if mod == "~*":
        return re.search(loc, path, re.I) is not None
    return path.startswith(loc)


def test_every_limited_location_is_tested_here():
    locs = _limited_locations()
    assert len(locs) >= 3, locs
    for mod, loc in locs:
        paths = [path_of(p, {"clinicId": str(uuid.uuid4())})[0]
                 for _, p, _, _ in LIMITED]
        assert any(_location_matches(mod, loc, "/" + "/".join(s))
                   for s in paths), ("untested limited location", mod, loc)


def test_clinic_login_has_one_spelling():
    assert check_spellings(*LIMITED[0]) == LOGIN_BURST + 1
    assert check_spellings(*LIMITED[1]) == LOGIN_BURST + 1


def test_superadmin_login_has_one_spelling():
    assert check_spellings(*LIMITED[2]) == LOGIN_BURST + 1
    assert check_spellings(*LIMITED[3]) == LOGIN_BURST + 1


def test_webhook_routes_have_one_spelling():
    for route in LIMITED[4:]:
        assert check_spellings(*route) == WEBHOOK_BURST + 1


def test_login_spellings_share_the_canonical_limit():
    """Spent on the canonical path, the limit holds for every spelling
    nginx sends to the same pool: none of them reaches the handler."""
    src = fresh_ip()
    path = "/superadmin/login"
    got = limited_run("POST", path, _form_req, LOGIN_BURST + 5, src)
    assert got[-1] == 429, got
    segs, lit = path_of(path, {})
    for sp in spellings(segs, lit):
        h, b = _form_req()
        r = send("POST", sp, h, b, src)
        assert r.status in (404, 429), (sp, r.status)


def _bearer_admin():
    return {"Authorization": "Bearer " + mint(st().demo_info["admin_email"]),
            "Accept": "application/json"}


def test_unlimited_routes_have_one_spelling():
    """Pages and OAuth: the canonical spelling answers, the others 404."""
    cid = clinic()
    auth = _bearer_admin()
    routes = [
        ("/clinic/{clinicId}/admin", auth),
        ("/clinic/{clinicId}/admin/dashboard/stats", auth),
        ("/clinic/{clinicId}/admin/patients", auth),
        ("/clinic/static/app.css", {}),
        ("/superadmin/stats", super_bearer()),
        ("/superadmin/clinics/{clinicId}", super_bearer()),
        ("/oauth/authorize", {}),
        ("/oauth/callback", {}),
        ("/health", {}),
    ]
    bad = []
    for pattern, h in routes:
        segs, lit = path_of(pattern, {"clinicId": cid})
        canon = "/" + "/".join(segs)
        r = send("GET", canon, h)
        assert r.status != 404, (canon, r.status)
        for sp in spellings(segs, lit, params=False):
            r = send("GET", sp, h)
            if r.status != 404:
                bad.append((sp, r.status))
    assert not bad, bad


# --- nginx's own answers -----------------------------------------------

def assert_security_headers(r, what):
    assert headers_named(r, "X-Content-Type-Options") == ["nosniff"], \
        (what, r.status, r.headers)
    frame = headers_named(r, "X-Frame-Options")
    csp = headers_named(r, "Content-Security-Policy")
    assert len(csp) == 1, (what, r.status, r.headers)
    assert frame == ["DENY"] or "frame-ancestors 'none'" in csp[0], \
        (what, r.status, r.headers)
    assert "default-src" in csp[0], (what, csp)
    assert len(headers_named(r, "Referrer-Policy")) == 1, (what, r.headers)
    assert headers_named(r, "Cache-Control") == ["no-store"], \
        (what, r.status, r.headers)


def _req_bytes(line, headers=()):
    h = "".join("%s\r\n" % x for x in headers)
    return ("%s\r\n%s\r\n" % (line, h)).encode()


def test_nginx_own_answers_carry_security_headers():
    host = "Host: 127.0.0.1"
    cases = [
        ("404 no location", 404, _req_bytes("GET /nowhere HTTP/1.1",
                                            [host, "Connection: close"])),
        ("404 /webhook", 404, _req_bytes("GET /webhook HTTP/1.1",
                                         [host, "Connection: close"])),
        ("404 /clinic", 404, _req_bytes("GET /clinic HTTP/1.1",
                                        [host, "Connection: close"])),
        ("404 /oauth", 404, _req_bytes("GET /oauth HTTP/1.1",
                                       [host, "Connection: close"])),
        ("413 webhook", 413, _req_bytes(
            "POST /webhook/whatsapp/x HTTP/1.1",
            [host, "Content-Length: 5000000", "Connection: close"])),
        ("413 admin", 413, _req_bytes(
            "POST /clinic/%s/admin/settings HTTP/1.1" % clinic(),
            [host, "Content-Length: 5000000", "Connection: close"])),
        ("405 TRACE", 405, _req_bytes("TRACE /health HTTP/1.1",
                                      [host, "Connection: close"])),
        ("400 NUL", 400, _req_bytes("GET /clinic/%00/admin HTTP/1.1",
                                    [host, "Connection: close"])),
        ("400 no Host", 400, _req_bytes("GET /health HTTP/1.1",
                                        ["Connection: close"])),
        ("414 long URI", 414, _req_bytes(
            "GET /clinic/%s HTTP/1.1" % ("a" * 20000),
            [host, "Connection: close"])),
        ("400 big header", 400, _req_bytes(
            "GET /health HTTP/1.1",
            [host, "Cookie: " + "a" * 20000, "Connection: close"])),
    ]
    bad = []
    for what, code, data in cases:
        r = raw(data)
        if r.status != code:
            bad.append((what, "status", r.status))
            continue
        try:
            assert_security_headers(r, what)
        except AssertionError as e:
            bad.append((what, str(e)[:300]))
    assert not bad, bad


def test_nginx_429_carries_security_headers():
    src = fresh_ip()
    got = None
    for _ in range(LOGIN_BURST + 5):
        got = send("GET", "/superadmin/login", src=src)
        if got.status == 429:
            break
    assert got.status == 429, got.status
    assert_security_headers(got, "429")


def test_responder_answers_carry_each_header_once():
    """nginx adds nothing to what a responder answers: no header twice."""
    for path, h in [("/health", {}),
                    ("/clinic/%s/admin" % clinic(), _bearer_admin()),
                    ("/nowhere/x", {})]:
        r = send("GET", path, h)
        for name in ("X-Content-Type-Options", "X-Frame-Options",
                     "Content-Security-Policy", "Referrer-Policy",
                     "Cache-Control"):
            assert len(headers_named(r, name)) == 1, (path, name, r.headers)


# --- no-store on every admin and superadmin answer ----------------------

def mint(email):
    """A valid token for a user of the database (no login)."""
    uid, ver, role, cid = st().sql(
        "SELECT id, token_version, role, coalesce(clinic_id::text, '') "
        "FROM clinic_users WHERE lower(email) = lower(:'p1')", email)[0]
    now = int(time.time())
    return ta.make_jwt({"sub": uid, "role": role, "clinic": cid,
                        "ver": int(ver), "jti": uuid.uuid4().hex,
                        "iat": now, "exp": now + 3600}, key=jwt_secret())


def jwt_secret():
    with open(st().env_file()) as f:
        for line in f:
            if line.startswith("JWT_SECRET="):
                return line.split("=", 1)[1].strip().strip('"')
    raise RuntimeError("no JWT_SECRET")


def super_email():
    if "super" not in _ctx:
        email = "root-%s@example.org" % uuid.uuid4().hex[:8]
        st().ctl("superadmin", "add", "--email", email, "--password",
                 "superadmin-password-2026", "--json")
        _ctx["super"] = email
    return _ctx["super"]


def super_bearer():
    return {"Authorization": "Bearer " + mint(super_email()),
            "Accept": "application/json"}


def get_routes(source, prefix_macro, prefix):
    """The GET patterns of a responder's route table (fcgi-bin/*.c)."""
    with open(os.path.join(TOP, "fcgi-bin", source)) as f:
        text = f.read()
    out = []
    for m in re.finditer(r'\{\s*"GET",\s*(%s)?\s*((?:"[^"]*"\s*)*),'
                         % prefix_macro, text):
        tail = "".join(re.findall(r'"([^"]*)"', m.group(2)))
        out.append((prefix if m.group(1) else "") + tail)
    return out


def _ids():
    cid = clinic()

    def one(sql):
        return st().sql_value(sql, cid) or str(uuid.uuid4())
    return {
        "clinicId": cid,
        "practitionerId": one("SELECT id FROM practitioners WHERE "
                              "clinic_id = :'p1' LIMIT 1"),
        "patientId": one("SELECT id FROM patients WHERE "
                         "clinic_id = :'p1' LIMIT 1"),
        "conversationId": one("SELECT id FROM conversations WHERE "
                              "clinic_id = :'p1' LIMIT 1"),
        "appointmentId": one("SELECT id FROM appointments WHERE "
                             "clinic_id = :'p1' LIMIT 1"),
        "seriesId": one("SELECT id FROM appointment_series WHERE "
                        "clinic_id = :'p1' LIMIT 1"),
        "filename": "none.jpg",
        "mediaId": str(uuid.uuid4()),
    }


def _fill(pattern, ids):
    """A route pattern with its ids; an id the table does not know (a
    route added later) gets an unknown uuid: its 404 is checked too."""
    return re.sub(r"\{(\w+)\}",
                  lambda m: ids.get(m.group(1)) or str(uuid.uuid4()),
                  pattern)


def _no_store(r):
    return headers_named(r, "Cache-Control") == ["no-store"]


def test_every_admin_and_superadmin_get_is_no_store():
    ids = _ids()
    admin = get_routes("admin.c", "C", "/clinic/{clinicId}/admin")
    sup = get_routes("superadmin.c", "S", "/superadmin")
    assert len(admin) >= 15 and len(sup) >= 12, (admin, sup)
    tok_a = mint(st().demo_info["admin_email"])
    tok_s = mint(super_email())
    bad = []
    for pats, tok in ((admin, tok_a), (sup, tok_s)):
        for pat in pats:
            path = _fill(pat, ids)
            if path == "/health":
                continue
            variants = [
                ("json", {"Authorization": "Bearer " + tok,
                          "Accept": "application/json"}),
                ("html", {"Cookie": "sophie=" + tok}),
                ("anonymous", {}),
            ]
            for what, h in variants:
                r = send("GET", path, h)
                if path.startswith("/clinic/static/"):
                    # The stylesheet and scripts hold no data: cached.
                    if headers_named(r, "Cache-Control") != [
                            "public, max-age=3600"]:
                        bad.append((path, what, r.status, r.headers))
                    continue
                if not _no_store(r):
                    bad.append((path, what, r.status,
                                headers_named(r, "Cache-Control")))
    assert not bad, bad


def test_admin_and_superadmin_errors_and_redirects_are_no_store():
    cid = clinic()
    tok_a = mint(st().demo_info["admin_email"])
    tok_s = mint(super_email())
    cookie_a = {"Cookie": "sophie=" + tok_a}
    cookie_s = {"Cookie": "sophie=" + tok_s}
    json_h = {"Accept": "application/json"}
    a = "/clinic/%s/admin" % cid
    cases = [
        ("GET", a + "/nope", cookie_a, None),
        ("GET", a + "/nope", json_h, None),
        ("PATCH", a + "/logs", cookie_a, None),
        ("DELETE", a + "/logs", json_h, None),
        ("GET", "/clinic/%zz/admin", {}, None),
        ("GET", a + "/practitioners/%s" % uuid.uuid4(), cookie_a, None),
        ("POST", a + "/settings", dict(cookie_a, **{
            "Content-Type": "application/x-www-form-urlencoded"}), b"x=1"),
        ("POST", a + "/logout", {}, None),
        ("GET", "/superadmin/nope", cookie_s, None),
        ("GET", "/superadmin/nope", json_h, None),
        ("DELETE", "/superadmin/logs", cookie_s, None),
        ("GET", "/superadmin/clinics/%zz", cookie_s, None),
        ("GET", "/superadmin/clinics/%s" % uuid.uuid4(), cookie_s, None),
        ("POST", "/superadmin/logout", cookie_s, None),
        ("GET", "/superadmin", {}, None),
        ("GET", "/superadmin", cookie_a, None),
    ]
    bad = []
    for method, path, h, body in cases:
        r = send(method, path, h, body)
        if not _no_store(r):
            bad.append((method, path, r.status,
                        headers_named(r, "Cache-Control")))
    assert not bad, bad


def _form_login(path, email, password):
    """A browser sign-in through the form, from a fresh address: the
    form's answer and the sign-in's answer."""
    src = fresh_ip()
    form = send("GET", path, src=src)
    m = re.search(r'name="_login" value="([0-9a-f]{64})"', form.text)
    assert form.status == 200 and m, (form.status, form.text[:300])
    cookie = None
    for k, v in form.headers:
        if k.lower() == "set-cookie" and "_login=" in v.split(";")[0]:
            cookie = v.split(";", 1)[0]
    assert cookie, form.headers
    body = urllib.parse.urlencode({"email": email, "password": password,
                                   "_login": m.group(1)})
    r = send("POST", path, {"Cookie": cookie, "Content-Type":
                            "application/x-www-form-urlencoded"},
             body.encode(), src)
    return form, r


def test_login_pages_and_sign_in_redirects_are_no_store():
    cid = clinic()
    d = st().demo_info
    form, r = _form_login("/clinic/%s/admin/login" % cid, d["admin_email"],
                          d["admin_password"])
    assert r.status == 303, (r.status, r.body[:300])
    assert _no_store(form) and _no_store(r), (form.headers, r.headers)
    form, r = _form_login("/superadmin/login", super_email(),
                          "superadmin-password-2026")
    assert r.status == 303, (r.status, r.body[:300])
    assert _no_store(form) and _no_store(r), (form.headers, r.headers)
    r = send("GET", "/superadmin/login", {"Accept": "application/json"})
    assert r.status == 200 and _no_store(r), r.headers
    r = send("POST", "/superadmin/login", {"Content-Type":
             "application/x-www-form-urlencoded"}, b"email=a&password=b",
             fresh_ip())
    assert r.status == 403 and _no_store(r), (r.status, r.headers)


def test_pool_down_answer_carries_security_headers():
    """Last: stops this suite's OAuth pool; nginx answers 502 itself."""
    for pid in st().pids("oauth"):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    r = wait_until(lambda: (lambda x: x if x.status == 502 else None)(
        send("GET", "/oauth/authorize")), timeout=15)
    assert r is not None and r.status == 502, r
    assert_security_headers(r, "502")
