"""Hardening: a deactivated clinic stops at once (webhook refused with no
wait, tokens issued before stay refused after a reactivation), WhatsApp
configuration changes reach every webhook responder at once, verify
tokens are stored only as salted hashes (also those an older schema held
in clear), a JSON string with \\u0000 is refused with 400, and every route
that takes an email applies the same rules to it."""
import hashlib
import json
import os
import re
import subprocess
import uuid

import test_admin as ta
import test_superadmin as ts
from harness import TOP, shared_stack

S = "/superadmin"
_cache = {}


def st():
    return shared_stack()


def _wa_fields(body, to):
    return {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" +
            "0" * 32, "From": "whatsapp:+336%08d" % (uuid.uuid4().int %
                                                      100000000),
            "To": "whatsapp:" + to, "Body": body, "NumMedia": "0"}


def _number():
    return "+3318%07d" % (uuid.uuid4().int % 10000000)


def new_clinic_with_whatsapp(verify=None):
    """A new clinic with its own WhatsApp number, auth token and admin:
    (clinic id, number, auth token, admin email)."""
    cid = ts.new_clinic()
    num = _number()
    auth = "tok-" + uuid.uuid4().hex
    args = ["whatsapp", "set", "--clinic", cid, "--number", num,
            "--auth-token", auth]
    if verify is not None:
        args += ["--verify-token", verify]
    st().ctl(*args)
    email = "adm-%s@example.org" % uuid.uuid4().hex[:8]
    st().ctl("user", "add", "--clinic", cid, "--email", email, "--password",
             "password-123456", "--json")
    return cid, num, auth, email


def _stored(sids):
    return int(st().sql_value(
        "SELECT count(*) FROM messages WHERE twilio_sid = ANY "
        "(string_to_array(:'p1', ','))", ",".join(sids)))


def _send_many(cid, num, auth, n):
    """n signed webhooks; their statuses and MessageSids."""
    codes, sids = [], []
    for i in range(n):
        f = _wa_fields("message %d" % i, num)
        sids.append(f["MessageSid"])
        codes.append(st().webhook(f, clinic=cid, token=auth).status)
    return codes, sids


def _stats(cid, tok):
    return st().get("/clinic/%s/admin/dashboard/stats" % cid,
                    headers=ta.bearer(tok)).status


# --- deactivation -----------------------------------------------------------

def test_deactivated_clinic_webhook_refused_at_once():
    cid, num, auth, _ = new_clinic_with_whatsapp()
    # every webhook responder of the pool has the clinic's config by now
    codes, sids = _send_many(cid, num, auth, 16)
    assert codes == [200] * 16, codes
    r = st().request("POST", S + "/clinics/%s/deactivate" % cid,
                     headers=ts.bearer())
    assert r.status == 200 and r.json()["isActive"] is False, r.body
    # no wait: the very next requests are refused, and nothing is stored
    codes, sids = _send_many(cid, num, auth, 16)
    assert codes == [404] * 16, codes
    assert _stored(sids) == 0
    r = st().request("POST", S + "/clinics/%s/activate" % cid,
                     headers=ts.bearer())
    assert r.status == 200 and r.json()["isActive"] is True, r.body
    codes, sids = _send_many(cid, num, auth, 8)
    assert codes == [200] * 8, codes
    assert _stored(sids) == 8


def test_whatsapp_config_change_reaches_webhook_at_once():
    cid, num, auth, _ = new_clinic_with_whatsapp()
    codes, _ = _send_many(cid, num, auth, 16)
    assert codes == [200] * 16, codes
    # the operator rotates the Twilio auth token
    auth2 = "tok-" + uuid.uuid4().hex
    st().ctl("whatsapp", "set", "--clinic", cid, "--number", num,
             "--auth-token", auth2)
    codes, sids = _send_many(cid, num, auth2, 12)
    assert codes == [200] * 12, codes
    assert _stored(sids) == 12
    codes, sids = _send_many(cid, num, auth, 12)
    assert codes == [403] * 12, codes
    assert _stored(sids) == 0


def test_old_token_refused_after_reactivation():
    cid, _, _, email = new_clinic_with_whatsapp()
    old = ta.mint(email)
    assert _stats(cid, old) == 200
    r = st().request("POST", S + "/clinics/%s/deactivate" % cid,
                     headers=ts.bearer())
    assert r.status == 200, r.body
    assert _stats(cid, old) == 401
    r = st().request("POST", S + "/clinics/%s/activate" % cid,
                     headers=ts.bearer())
    assert r.status == 200, r.body
    assert _stats(cid, old) == 401, "a token from before the deactivation"
    fresh = ta.mint(email)
    assert _stats(cid, fresh) == 200
    # the edit form's isActive=false is a deactivation too
    r = ts.send_json("PUT", S + "/clinics/" + cid, {"isActive": False})
    assert r.status == 200 and r.json()["isActive"] is False, r.body
    r = ts.send_json("PUT", S + "/clinics/" + cid, {"isActive": True})
    assert r.status == 200 and r.json()["isActive"] is True, r.body
    assert _stats(cid, fresh) == 401
    assert _stats(cid, ta.mint(email)) == 200
    # an edit that does not deactivate ends no session
    last = ta.mint(email)
    r = ts.send_json("PUT", S + "/clinics/" + cid, {"phone": "0102030405"})
    assert r.status == 200, r.body
    assert _stats(cid, last) == 200


# --- verify tokens ----------------------------------------------------------

def _handshake(cid, tok):
    return st().get("/webhook/whatsapp/%s?hub.mode=subscribe&"
                    "hub.verify_token=%s&hub.challenge=4242" % (cid, tok))


def _row_text(cid):
    return "\n".join(r[0] for r in st().sql(
        "SELECT row_to_json(w)::text FROM clinic_whatsapp_configs w "
        "WHERE clinic_id = :'p1'", cid))


def test_verify_token_handshake_and_no_clear_token_stored():
    verify = "vt-" + uuid.uuid4().hex
    cid, num, _, _ = new_clinic_with_whatsapp(verify)
    r = _handshake(cid, verify)
    assert r.status == 200 and r.body == b"4242", (r.status, r.body)
    for wrong in (verify[:-1], verify + "x", "wrong", verify.upper()):
        assert _handshake(cid, wrong).status == 403, wrong
    assert int(st().sql_value(
        "SELECT count(*) FROM information_schema.columns WHERE table_name "
        "= 'clinic_whatsapp_configs' AND column_name = 'verify_token'")) \
        == 0
    text = _row_text(cid)
    assert text and verify not in text, text
    assert verify.encode().hex() not in text, text
    # a new token works at once, the old one no more
    verify2 = "vt-" + uuid.uuid4().hex
    st().ctl("whatsapp", "set", "--clinic", cid, "--number", num,
             "--verify-token", verify2)
    assert _handshake(cid, verify2).status == 200
    assert _handshake(cid, verify).status == 403
    # the demo's token (printed by sophiectl demo) works, and is not stored
    demo = st().demo_info
    assert demo["verify_token"]
    assert _handshake(demo["clinic_id"], demo["verify_token"]).status == 200
    assert demo["verify_token"] not in _row_text(demo["clinic_id"])


def test_verify_token_made_when_none_given():
    """whatsapp set without --verify-token makes a random one and prints
    it once (no weak default such as change-me)."""
    cid = ts.new_clinic()
    p = st().ctl("whatsapp", "set", "--clinic", cid, "--number", _number())
    out = p.stdout.decode()
    assert _handshake(cid, "change-me").status == 403
    toks = [w for w in out.split() if len(w) >= 32]
    assert toks, out
    assert _handshake(cid, toks[-1]).status == 200


def _psql(db, sql_text=None, path=None):
    st_ = st()
    cmd = ["psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1",
           st_.conninfo().replace("dbname=sophie", "dbname=" + db)]
    if path:
        cmd += ["-1", "-f", path]
    env = dict(os.environ, PGCLIENTENCODING="UTF8")
    p = subprocess.run(cmd, input=(sql_text or "").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120, env=env)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode()


def test_migration_hashes_clear_tokens_of_older_schema():
    db = "mig_" + uuid.uuid4().hex[:8]
    st().sql("CREATE DATABASE %s" % db)
    try:
        sqldir = os.path.join(TOP, "sql")
        files = sorted(f for f in os.listdir(sqldir)
                       if f[:1].isdigit() and f.endswith(".sql"))
        later = [f for f in files if f >= "012"]
        assert later and later[0].startswith("012_"), files
        for f in files:
            if f < "012":
                _psql(db, path=os.path.join(sqldir, f))
        _psql(db, "INSERT INTO clinics (id, name) VALUES "
              "('00000000-0000-4000-8000-0000000000c1', 'Old');"
              "INSERT INTO clinic_whatsapp_configs (clinic_id, phone_number,"
              " verify_token) VALUES ('00000000-0000-4000-8000-0000000000c1',"
              " '+33100000001', 'old-clear-token-é');")
        for f in later:
            _psql(db, path=os.path.join(sqldir, f))
        out = _psql(db, "SELECT encode(verify_salt, 'hex') || ' ' || "
                    "encode(verify_hash, 'hex') FROM clinic_whatsapp_configs")
        salt, h = out.split()
        want = hashlib.sha256(bytes.fromhex(salt) +
                              "old-clear-token-é".encode()).hexdigest()
        assert len(salt) == 32 and h == want, (salt, h, want)
        cols = _psql(db, "SELECT column_name FROM information_schema.columns"
                     " WHERE table_name = 'clinic_whatsapp_configs'")
        assert "verify_token\n" not in cols + "\n", cols
    finally:
        st().sql("DROP DATABASE %s" % db)


# --- JSON with NUL ----------------------------------------------------------

def _raw_json(method, path, raw, tok=None):
    h = ta.bearer(tok)
    h["Content-Type"] = "application/json"
    return st().request(method, path, body=raw.encode(), headers=h)


def _admin_of_new_clinic():
    if "clinic" not in _cache:
        cid, num, auth, email = new_clinic_with_whatsapp()
        _cache["clinic"] = (cid, ta.mint(email))
    return _cache["clinic"]


def _new_practitioner(cid, tok):
    r = ta.send_json("POST", "/clinic/%s/admin/practitioners" % cid,
                     {"firstName": "Ana", "lastName": "Nul"}, tok)
    assert r.status == 201, (r.status, r.body)
    return r.json()["id"]


def test_json_string_with_nul_is_400():
    cid, tok = _admin_of_new_clinic()
    pid = _new_practitioner(cid, tok)
    path = "/clinic/%s/admin/practitioners/%s" % (cid, pid)
    for raw in ('{"firstName": "Eve\\u0000<b>x</b>"}',
                '{"first\\u0000Name": "Eve"}',
                '{"specialty": "a", "lastName": "x\\u0000"}'):
        r = _raw_json("PUT", path, raw, tok)
        assert r.status == 400, (raw, r.status, r.body)
        assert "\\u0000" in r.json()["error"], r.body
    o = ta.get_json(path, tok)
    assert o["firstName"] == "Ana" and o["lastName"] == "Nul", o
    # an escaped backslash before "u0000" is ordinary text
    r = _raw_json("PUT", path, '{"specialty": "a\\\\u0000b"}', tok)
    assert r.status == 200, (r.status, r.body)
    assert ta.get_json(path, tok)["specialty"] == "a\\u0000b"
    # superadmin routes read JSON the same way
    r = _raw_json("PUT", S + "/clinics/" + cid, '{"name": "A\\u0000B"}',
                  ts.token())
    assert r.status == 400, (r.status, r.body)


def test_json_login_with_nul_in_password_is_400():
    demo = st().demo_info
    raw = json.dumps({"email": demo["admin_email"],
                      "password": demo["admin_password"] + "\u0000junk"})
    assert "\\u0000" in raw
    r = st().request("POST", "/clinic/%s/admin/login" % demo["clinic_id"],
                     body=raw.encode(),
                     headers={"Content-Type": "application/json",
                              "Accept": "application/json"})
    assert r.status == 400, (r.status, r.body)


# --- emails -----------------------------------------------------------------

BAD_EMAILS = ["plainaddress", "a@b", "@example.org", "ana@", "a@@example.org",
              "a@b@example.org", "ana maria@example.org", "ana@exa mple.org",
              "ana\t@example.org", "ana@example.org\n", "ana@example.org\r",
              "ana\x7f@example.org", "x" * 243 + "@example.org"]
GOOD_EMAIL = "dr.ana+rdv@cabinet-exemple.fr"


def _refused(r, what):
    assert r.status in (400, 422), (what, r.status, r.body)
    assert "email" in r.json()["error"], (what, r.body)


def test_emails_checked_on_admin_routes():
    cid, tok = _admin_of_new_clinic()
    base = "/clinic/%s/admin" % cid
    pid = _new_practitioner(cid, tok)
    assert len(BAD_EMAILS[-1]) == 255
    for bad in BAD_EMAILS:
        r = ta.send_json("POST", base + "/practitioners",
                         {"firstName": "Bad", "lastName": "Mail",
                          "email": bad}, tok)
        _refused(r, ("create", bad))
        r = ta.send_json("PUT", base + "/practitioners/" + pid,
                         {"email": bad}, tok)
        _refused(r, ("update", bad))
        r = ta.send_json("PUT", base + "/settings", {"email": bad}, tok)
        _refused(r, ("settings", bad))
    assert int(st().sql_value(
        "SELECT count(*) FROM practitioners WHERE clinic_id = :'p1' AND "
        "last_name = 'Mail'", cid)) == 0
    r = ta.send_json("PUT", base + "/practitioners/" + pid,
                     {"email": GOOD_EMAIL}, tok)
    assert r.status == 200, r.body
    assert ta.get_json(base + "/practitioners/" + pid, tok)["email"] == \
        GOOD_EMAIL
    r = ta.send_json("PUT", base + "/settings", {"email": GOOD_EMAIL}, tok)
    assert r.status == 200, r.body
    # "" clears an optional email
    r = ta.send_json("PUT", base + "/practitioners/" + pid, {"email": ""},
                     tok)
    assert r.status == 200, r.body
    assert ta.get_json(base + "/practitioners/" + pid, tok)["email"] is None


def test_email_checked_on_admin_browser_form():
    cid, tok = _admin_of_new_clinic()
    pid = _new_practitioner(cid, tok)
    cookie = "sophie=" + tok
    page = st().get("/clinic/%s/admin" % cid, headers={"Cookie": cookie})
    assert page.status == 200, page.status
    csrf = re.search(r'name="_csrf" value="([0-9a-f]{64})"',
                     page.text).group(1)
    r = st().post_form("/clinic/%s/admin/practitioners/%s" % (cid, pid),
                       {"first_name": "Ana", "last_name": "Nul",
                        "is_active": "true", "email": "pas un email",
                        "_csrf": csrf}, headers={"Cookie": cookie})
    assert r.status in (400, 422), (r.status, r.body[:300])
    assert "email" in r.text.lower(), r.text[:2000]
    o = ta.get_json("/clinic/%s/admin/practitioners/%s" % (cid, pid), tok)
    assert o["email"] is None, o


def test_emails_checked_on_superadmin_routes():
    cid, tok = _admin_of_new_clinic()
    pid = _new_practitioner(cid, tok)
    for bad in BAD_EMAILS:
        r = ts.send_json("PUT", S + "/clinics/" + cid, {"email": bad})
        _refused(r, ("clinic", bad))
        r = ts.send_json("PUT", S + "/practitioners/" + pid, {"email": bad})
        _refused(r, ("practitioner", bad))
    r = ts.send_json("PUT", S + "/clinics/" + cid, {"email": GOOD_EMAIL})
    assert r.status == 200, r.body
    r = ts.send_json("PUT", S + "/practitioners/" + pid,
                     {"email": GOOD_EMAIL})
    assert r.status == 200, r.body
    assert st().sql_value("SELECT email FROM clinics WHERE id = :'p1'",
                          cid) == GOOD_EMAIL


def test_emails_checked_by_sophiectl():
    cid = ts.new_clinic()
    for bad in ("plainaddress", "a@b", "ana maria@example.org",
                "x" * 243 + "@example.org"):
        p = st().ctl("user", "add", "--clinic", cid, "--email", bad,
                     "--password", "password-123456", check=False)
        assert p.returncode != 0, bad
        assert b"email" in p.stderr, p.stderr
        p = st().ctl("superadmin", "add", "--email", bad, "--password",
                     "password-123456", check=False)
        assert p.returncode != 0, bad
    assert int(st().sql_value(
        "SELECT count(*) FROM clinic_users WHERE clinic_id = :'p1'", cid)) \
        == 0
