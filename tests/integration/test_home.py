"""The server's address: someone who types it lands on a login form, the
clinic's own when the server runs one active clinic, the superadmin's
otherwise; other spellings of "/" are not a way around the routes."""
import re

from harness import shared_stack


def _header(r, name):
    for k, v in r.headers:
        if k.lower() == name.lower():
            return v
    return None


def test_root_leads_to_a_login_form():
    st = shared_stack()
    active = st.sql("SELECT id FROM clinics WHERE is_active "
                    "ORDER BY created_at, id LIMIT 2")
    r = st.get("/")
    assert r.status == 303, (r.status, r.body)
    loc = _header(r, "Location")
    if len(active) == 1:
        assert loc == "/clinic/%s/admin/login" % active[0][0], loc
    else:
        assert loc == "/superadmin/login", loc
    assert _header(r, "Cache-Control") == "no-store"
    page = st.get(loc)
    assert page.status == 200, page.status
    body = page.body.decode("utf-8") if isinstance(page.body, bytes) \
        else page.body
    assert re.search(r'<input[^>]+type="password"', body), body[:500]


def test_root_follows_the_active_clinics():
    """With a second active clinic, "/" cannot pick one: superadmin."""
    st = shared_stack()
    n = int(st.sql_value("SELECT count(*) FROM clinics WHERE is_active"))
    if n == 1:
        cid = st.sql_value(
            "INSERT INTO clinics (name, timezone, language) VALUES "
            "('Cabinet du test home', 'Europe/Paris', 'fr') RETURNING id")
        try:
            r = st.get("/")
            assert _header(r, "Location") == "/superadmin/login"
        finally:
            st.sql("DELETE FROM clinics WHERE id = :'p1'", cid)
        r = st.get("/")
        assert _header(r, "Location").startswith("/clinic/"), r.headers
    else:
        r = st.get("/")
        assert _header(r, "Location") == "/superadmin/login"


def test_other_spellings_of_root_are_not_found():
    st = shared_stack()
    for path in ("//", "/%2F", "/./"):
        r = st.get(path)
        assert r.status in (301, 404) and r.status != 303, (path, r.status)


def test_head_answers_like_get_without_the_body():
    """`curl -I` on a page an operator checks (the login, /health) shows
    the same status and headers as a GET, security headers included, and
    no body; HEAD is no way to reach a route that only takes POST."""
    st = shared_stack()
    login = "/clinic/%s/admin/login" % st.demo_info["clinic_id"]
    for path in (login, "/superadmin/login", "/health"):
        g = st.get(path)
        h = st.request("HEAD", path)
        assert h.status == g.status == 200, (path, h.status, g.status)
        assert h.body == b"", (path, h.body[:100])
        for name in ("Content-Type", "Content-Security-Policy",
                     "X-Content-Type-Options", "Cache-Control"):
            assert _header(h, name) == _header(g, name), (path, name)
    r = st.request("HEAD", "/webhook/whatsapp/%s/status" %
                   st.demo_info["clinic_id"])
    assert r.status == 405, r.status
    assert "POST" in (_header(r, "Allow") or ""), r.headers
