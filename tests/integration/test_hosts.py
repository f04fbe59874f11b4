"""Several application hosts on one database (issue 20, the hosts' side).

The suite's stack is host "a" (nginx, its pools, its worker); the test
starts host "b" beside it: its own webhook and admin pools (spawn-fcgi,
spoken to in FastCGI on their unix sockets, as nginx would), its own
worker, its own (empty) data directory, the same database.  Both hosts
run with MEDIA_STORE=db and a one-second scheduler period.

- the scheduler's periodic work runs once per period across the hosts'
  worker processes (scheduler_ticks: one row per period, never two), and
  messages sent through either host each get exactly one reply;
- a configuration changed from elsewhere (a new Twilio token, a clinic
  deactivated) counts at host b from its next request, whatever it cached;
- media stored in the database are served by either host, and media above
  MEDIA_DB_MAX_BYTES are refused with that reason;
- a dead database connection: a responder whose backend was killed, and
  PostgreSQL stopped (immediate) under both hosts: every webhook answers
  503 (with Retry-After) or 200 with its message in the database, never
  200 without it; after the restart both hosts serve and reply again.
"""
import os
import socket
import struct
import subprocess
import threading
import time
import urllib.parse
import uuid

import test_calendar as tc
from harness import IS_ROOT, Fake, Stack, free_port, wait_until

_ctx = {}
TW_SID = "AC" + "0" * 31 + "1"
TOKEN = "test-token"
PERIOD_S = 1
DB_CAP = 8192
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00"
       b"\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc"
       b"\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`"
       b"\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"


# --- a FastCGI client (what nginx does for host b) ---------------------

def _record(kind, content, rid=1):
    """FastCGI records of one type carrying content (split at 64 KiB)."""
    if not content:
        return struct.pack("!BBHHBx", 1, kind, rid, 0, 0)
    out = b""
    for i in range(0, len(content), 65535):
        c = content[i:i + 65535]
        pad = (-len(c)) % 8
        out += struct.pack("!BBHHBx", 1, kind, rid, len(c), pad) + c + \
            b"\0" * pad
    return out


def _pair(k, v):
    k, v = k.encode(), v.encode()

    def ln(n):
        return struct.pack("!B", n) if n < 128 else \
            struct.pack("!I", n | 0x80000000)
    return ln(len(k)) + ln(len(v)) + k + v


def fcgi(sock, method, uri, body=b"", headers=None, timeout=30):
    """One request to a responder pool; (status, headers dict, body)."""
    path, _, query = uri.partition("?")
    env = {"REQUEST_METHOD": method, "REQUEST_URI": uri,
           "DOCUMENT_URI": path, "QUERY_STRING": query,
           "CONTENT_LENGTH": str(len(body)), "REMOTE_ADDR": "127.0.0.1",
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
           "SERVER_PROTOCOL": "HTTP/1.1"}
    for k, v in (headers or {}).items():
        k = k.upper().replace("-", "_")
        env[k if k == "CONTENT_TYPE" else "HTTP_" + k] = v
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock)
    params = b"".join(_pair(k, v) for k, v in env.items())
    s.sendall(_record(1, struct.pack("!HB5x", 1, 0)) + _record(4, params) +
              _record(4, b"") + _record(5, body) + _record(5, b""))
    buf, out, done = b"", b"", False
    while not done:
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
        while len(buf) >= 8:
            _, kind, _, clen, pad = struct.unpack("!BBHHBx", buf[:8])
            if len(buf) < 8 + clen + pad:
                break
            if kind == 6:
                out += buf[8:8 + clen]
            elif kind == 3:
                done = True
            buf = buf[8 + clen + pad:]
    s.close()
    head, _, data = out.partition(b"\r\n\r\n")
    hdrs = {}
    for line in head.decode("latin-1").split("\r\n"):
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    status = int(hdrs.get("status", "200").split()[0])
    return status, hdrs, data


# --- the two hosts ------------------------------------------------------

def _as_user():
    return ["setpriv", "--reuid=sophie", "--regid=sophie",
            "--clear-groups", "--"] if IS_ROOT else []


def _chown(path):
    if IS_ROOT:
        subprocess.run(["chown", "-R", "sophie:", path], check=True)


def _log(st, name):
    """Host b's log of name, beside host a's (the sanitizer check reads
    every file there)."""
    return os.path.join(st.dir, "log", "hostb-%s.log" % name)


def start_host_b(st):
    """Host b: its env file, data directory, pools and worker."""
    d = os.path.join(st.dir, "host-b")
    os.makedirs(os.path.join(d, "data"), exist_ok=True)
    with open(st.env_file()) as f:
        lines = [l for l in f if not l.startswith(("SOPHIE_HOST_ID=",
                                                    "SOPHIE_DATA_DIR="))]
    lines += ["SOPHIE_HOST_ID=host-b\n",
              "SOPHIE_DATA_DIR=%s/data\n" % d]
    env_file = os.path.join(d, "sophie.env")
    with open(env_file, "w") as f:
        f.writelines(lines)
    os.chmod(env_file, 0o600)
    _chown(d)
    env = dict(os.environ, SOPHIE_ENV_FILE=env_file)
    b = {"dir": d, "env": env, "socks": {}}
    for name, n in (("webhook", 2), ("admin", 1)):
        sock = os.path.join(d, name + ".sock")
        own = ["-u", "sophie", "-U", "sophie"] if IS_ROOT else []
        subprocess.run(["spawn-fcgi", "-s", sock, "-M", "0660", "-F",
                        str(n), "-P", os.path.join(d, name + ".pid")] + own +
                       ["-d", st.dir, "--",
                        os.path.join(st.dir, "bin", name)],
                       env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=open(_log(st, name), "ab"))
        b["socks"][name] = sock
    b["worker"] = subprocess.Popen(
        _as_user() + [os.path.join(st.dir, "bin", "sophie-worker")],
        env=env, cwd=st.dir, stdin=subprocess.DEVNULL,
        stdout=open(_log(st, "worker"), "ab"),
        stderr=subprocess.STDOUT)
    return b


def stop_host_b(b):
    for name in ("webhook", "admin"):
        try:
            with open(os.path.join(b["dir"], name + ".pid")) as f:
                for pid in f.read().split():
                    try:
                        os.kill(int(pid), 15)
                    except ProcessLookupError:
                        pass
        except FileNotFoundError:
            pass
    w = b.get("worker")
    if w is not None and w.poll() is None:
        w.terminate()
        try:
            w.wait(timeout=20)
        except subprocess.TimeoutExpired:
            w.kill()


def setup():
    if "st" in _ctx:
        return _ctx["st"]
    tw = Fake("fake_twilio.py", "--cdn-port", free_port(), "--account-sid",
              TW_SID, "--auth-token", TOKEN)
    _ctx["tw"] = tw
    st = Stack({"TWILIO_API_BASE": tw.base, "TWILIO_ACCOUNT_SID": TW_SID,
                "TWILIO_AUTH_TOKEN": TOKEN,
                "TWILIO_PHONE_NUMBER": "+14155238886",
                "SOPHIE_HOST_ID": "host-a", "SOPHIE_WORKERS": "2",
                "SOPHIE_SCHEDULE_S": str(PERIOD_S), "MEDIA_STORE": "db",
                "MEDIA_DB_MAX_BYTES": str(DB_CAP)}, webhook_pool=2)
    _ctx["st"] = st
    st.start()
    _ctx["b"] = start_host_b(st)
    return st


def teardown():
    if "b" in _ctx:
        stop_host_b(_ctx.pop("b"))
    st = _ctx.pop("st", None)
    if st is not None:
        st.destroy()
    if "tw" in _ctx:
        _ctx.pop("tw").stop()


def _fields(body, frm=None, **extra):
    f = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": TW_SID,
         "From": frm or "whatsapp:+3361%07d" % (uuid.uuid4().int % 10**7),
         "To": "whatsapp:+14155238886", "Body": body, "NumMedia": "0",
         "ProfileName": "Test Patient"}
    f.update(extra)
    return f


def webhook_b(st, fields, token=None, suffix=""):
    """A signed webhook POST to host b's webhook pool."""
    path = "/webhook/whatsapp/%s%s" % (st.demo_info["clinic_id"], suffix)
    sig = st.twilio_sign(st.base_url + path, fields,
                         token or st.demo_info["auth_token"])
    return fcgi(_ctx["b"]["socks"]["webhook"], "POST", path,
                urllib.parse.urlencode(fields).encode(),
                {"Content-Type": "application/x-www-form-urlencoded",
                 "X-Twilio-Signature": sig})


def _stored(st, sid):
    return int(st.sql_value("SELECT count(*) FROM messages WHERE "
                            "twilio_sid = :'p1'", sid))


def _replies(st, sid):
    """Outbound messages of the conversation of inbound message sid."""
    return int(st.sql_value(
        "SELECT count(*) FROM messages o JOIN messages i ON "
        "i.conversation_id = o.conversation_id WHERE i.twilio_sid = :'p1' "
        "AND o.direction = 'outbound'", sid))


# --- 1. periodic work once across hosts; jobs run once ------------------

def test_periodic_work_once_across_hosts():
    st = setup()
    ticks = "SELECT count(*) FROM scheduler_ticks WHERE name = 'schedule'"
    assert wait_until(lambda: int(st.sql_value(ticks)) >= 6, timeout=60), \
        st.logs("worker")
    rows = st.sql("SELECT slot, count(*), min(holder) FROM scheduler_ticks "
                  "WHERE name = 'schedule' GROUP BY slot")
    assert all(int(r[1]) == 1 for r in rows), rows
    holders = {r[2].split(":")[0] for r in rows}
    assert holders <= {"host-a", "host-b"}, holders
    # Four worker processes on two hosts, one reminders scan at a time.
    assert int(st.sql_value(
        "SELECT count(*) FROM jobs WHERE kind = 'reminders_scan' AND "
        "status IN ('queued', 'running')")) <= 1
    # Both hosts' workers say they are alive, under their host names
    # (host b's may start later than the ticks counted above: waited for).
    def who():
        return {r[0].split(":")[0] for r in st.sql(
            "SELECT who FROM worker_heartbeats")}
    wait_until(lambda: {"host-a", "host-b"} <= who(), timeout=60)
    assert {"host-a", "host-b"} <= who(), (who(), st.logs("worker"))


def test_messages_through_both_hosts_get_one_reply_each():
    st = setup()
    sids = []
    for i in range(6):
        f = _fields("Bonjour, je voudrais un rendez-vous")
        if i % 2 == 0:
            r = st.webhook(f)
            assert r.status == 200, (r.status, r.body)
        else:
            status, _, body = webhook_b(st, f)
            assert status == 200, (status, body)
        sids.append(f["MessageSid"])
    for sid in sids:
        assert wait_until(lambda: _replies(st, sid) >= 1, timeout=60), sid
    time.sleep(2)   # a doubled turn would have written its reply by now
    assert [_replies(st, s) for s in sids] == [1] * len(sids)
    n = int(st.sql_value(
        "SELECT count(*) FROM jobs j JOIN messages m ON "
        "m.id::text = j.payload->>'message_id' WHERE m.twilio_sid = ANY("
        "string_to_array(:'p1', ',')) AND j.kind = 'conversation_turn' AND "
        "j.status = 'done' AND j.attempts = 1", ",".join(sids)))
    assert n == len(sids), n


# --- 2. configuration changed elsewhere counts at host b ----------------

def test_config_change_elsewhere_counts_at_host_b():
    st = setup()
    cid = st.demo_info["clinic_id"]
    old = st.demo_info["auth_token"]
    f = _fields("Bonjour")
    assert webhook_b(st, f)[0] == 200      # host b caches the config
    conf, num = st.sql("SELECT id, phone_number FROM "
                       "clinic_whatsapp_configs WHERE clinic_id = :'p1' "
                       "AND is_active", cid)[0]
    new = "rotated-" + uuid.uuid4().hex
    st.ctl("whatsapp", "set", "--clinic", cid, "--number", num,
           "--account-sid", TW_SID, "--auth-token", new)
    try:
        f = _fields("Bonjour encore")
        status, _, _ = webhook_b(st, f, token=old)
        assert status == 403 and _stored(st, f["MessageSid"]) == 0, status
        f = _fields("Bonjour enfin")
        status, _, _ = webhook_b(st, f, token=new)
        assert status == 200 and _stored(st, f["MessageSid"]) == 1, status
        # Deactivated by the superadmin on host a: 404 at host b.
        st.sql("UPDATE clinics SET is_active = false WHERE id = :'p1'", cid)
        f = _fields("Toujours là ?")
        status, _, _ = webhook_b(st, f, token=new)
        assert status == 404 and _stored(st, f["MessageSid"]) == 0, status
    finally:
        # The clinic and its first configuration, as they were.
        st.sql("UPDATE clinics SET is_active = true WHERE id = :'p1'; "
               "UPDATE clinic_whatsapp_configs SET is_active = false WHERE "
               "clinic_id = :'p1' AND id <> :'p2'; UPDATE "
               "clinic_whatsapp_configs SET is_active = true WHERE id = "
               ":'p2'", cid, conf)


# --- 3. media in the database, served by either host --------------------

def _media(st, sid):
    return st.sql("SELECT mm.id, mm.status, coalesce(mm.error, ''), "
                  "coalesce(mm.path, '') FROM message_media mm JOIN "
                  "messages m ON m.id = mm.message_id WHERE m.twilio_sid = "
                  ":'p1' AND mm.status <> 'pending'", sid)


def test_media_in_db_served_by_either_host():
    st = setup()
    tw = _ctx["tw"]
    tw.post("/_media/hostpng", raw=PNG, ctype="image/png")
    tw.post("/_media/hostbig", raw=JPEG[:20] + b"\x00" * (DB_CAP + 100),
            ctype="image/jpeg")
    small = _fields("photo", NumMedia="1", MediaUrl0=tw.base +
                    "/media/hostpng", MediaContentType0="image/png")
    big = _fields("grande photo", NumMedia="1", MediaUrl0=tw.base +
                  "/media/hostbig", MediaContentType0="image/jpeg")
    assert webhook_b(st, small)[0] == 200
    assert st.webhook(big).status == 200
    row = wait_until(lambda: _media(st, small["MessageSid"]), timeout=60)
    assert row and row[0][1] == "stored", row
    mid = row[0][0]
    # Not on either host's disk: in the database.
    for d in (os.path.join(st.dir, "data"),
              os.path.join(_ctx["b"]["dir"], "data")):
        for _, _, files in os.walk(d):
            assert not any(mid in n for n in files), (d, files)
    token = tc.mint_session(st, st.demo_info["admin_email"])
    auth = {"Authorization": "Bearer " + token}
    uri = "/clinic/%s/admin/media/%s" % (st.demo_info["clinic_id"], mid)
    r = st.get(uri, headers=auth)
    assert r.status == 200 and r.body == PNG, (r.status, r.body[:200])
    status, hdrs, body = fcgi(_ctx["b"]["socks"]["admin"], "GET", uri,
                              headers=auth)
    assert status == 200 and body == PNG, (status, body[:200])
    assert hdrs.get("content-type") == "image/png", hdrs
    # The older route by file name finds the same bytes.
    status, _, body = fcgi(_ctx["b"]["socks"]["admin"], "GET",
                           "/clinic/%s/admin/images/%s.png" % (
                               st.demo_info["clinic_id"], mid),
                           headers=auth)
    assert status == 200 and body == PNG, (status, body[:200])
    row = wait_until(lambda: _media(st, big["MessageSid"]), timeout=60)
    assert row and row[0][1] == "refused", row
    assert "MEDIA_DB_MAX_BYTES" in row[0][2], row


# --- 4. dead connections: 503 or a durable 200, then recovery -----------

def _send_while(st, stop, results):
    """Webhooks to both hosts until stop is set: (sid, status, retry)."""
    i = 0
    while not stop.is_set() and i < 400:
        f = _fields("Bonjour %d" % i)
        try:
            if i % 2 == 0:
                r = st.webhook(f)
                status, retry, why = r.status, r.header("Retry-After"), \
                    r.body
            else:
                status, hdrs, why = webhook_b(st, f)
                retry = hdrs.get("retry-after")
        except OSError:
            status, retry, why = 0, None, b""  # no answer: not a 200
        results.append((f["MessageSid"], status, retry))
        WHY.setdefault((status, why[:60]), []).append(
            ("ab"[i % 2], time.monotonic()))
        i += 1
        time.sleep(0.02)


# (status, body) -> [(host, monotonic time)], for the figures printed.
WHY = {}


def _check_answers(st, results):
    assert results
    print("    answers: %d, 200: %d, 503: %d, none: %d" % (
        len(results), sum(1 for r in results if r[1] == 200),
        sum(1 for r in results if r[1] == 503),
        sum(1 for r in results if r[1] == 0)))
    for (status, why), seen in sorted(WHY.items()):
        print("    %d x%d %r" % (status, len(seen), why))
    for sid, status, retry in results:
        assert status in (200, 503, 0), (sid, status)
        if status == 200:
            assert _stored(st, sid) == 1, ("200 without the message", sid)
        if status == 503:
            assert retry is not None and int(retry) > 0, (sid, retry)


def _serves_again(st):
    f = _fields("Re-bonjour")
    g = _fields("Re-bonjour b")
    ok = wait_until(lambda: st.webhook(_fields("ping a")).status == 200,
                    timeout=60)
    assert ok, st.logs("webhook")
    ok = wait_until(lambda: webhook_b(st, _fields("ping b"))[0] == 200,
                    timeout=60)
    assert ok
    assert st.webhook(f).status == 200 and webhook_b(st, g)[0] == 200
    for sid in (f["MessageSid"], g["MessageSid"]):
        assert wait_until(lambda: _replies(st, sid) >= 1, timeout=60), sid
    assert wait_until(lambda: st.get("/health").status == 200, timeout=30)
    assert st.ctl("reminders", check=False).returncode == 0


def test_killed_backend_answers_503_or_stored_200():
    st = setup()
    # Commits are durable for the crash below whatever the fast test
    # cluster's defaults (the killed connections come back with it).
    st.sql("ALTER ROLE sophie SET synchronous_commit = on")
    stop, results = threading.Event(), []
    WHY.clear()
    t = threading.Thread(target=_send_while, args=(st, stop, results))
    t.start()
    try:
        for _ in range(3):
            time.sleep(0.3)
            st.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE application_name IN ('webhook', 'worker', "
                   "'admin') AND pid <> pg_backend_pid()")
        time.sleep(0.5)
    finally:
        stop.set()
        t.join(timeout=120)
    _check_answers(st, results)
    _serves_again(st)


def test_postgres_restart_under_both_hosts():
    st = setup()
    stop, results = threading.Event(), []
    WHY.clear()
    t = threading.Thread(target=_send_while, args=(st, stop, results))
    t.start()
    try:
        time.sleep(0.5)
        cmd = ["/usr/lib/postgresql/15/bin/pg_ctl", "-D",
               os.path.join(st.dir, "pg"), "-w", "-m", "immediate", "stop"]
        subprocess.run(_as_user() + cmd, check=True, timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.5)
        n_down = len(results)
        time.sleep(1.0)
        down = results[n_down:]
        st.pg_ctl("start")
        started = time.monotonic()
        time.sleep(3.0)
    finally:
        stop.set()
        t.join(timeout=120)
    # While it was down: refused with 503, never a 200.
    assert down and all(s in (503, 0) for _, s, _ in down), down
    assert any(s == 503 for _, s, _ in down), down
    _check_answers(st, results)
    # A figure, not a test: from PostgreSQL accepting connections again
    # to each host's first 200.
    for h in "ab":
        first = [at for (status, _), seen in WHY.items() if status == 200
                 for host, at in seen if host == h and at > started]
        print("    host %s: first 200 %s after the restart" % (
            h, "%.2f s" % (min(first) - started) if first else "not yet"))
    _serves_again(st)
    assert _ctx["b"]["worker"].poll() is None, "host b's worker died"
