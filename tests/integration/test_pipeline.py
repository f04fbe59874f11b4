"""The WhatsApp pipeline: signed intake, durable jobs, the worker,
outbound sends through (fake) Twilio, status callbacks, media."""
import json
import os
import signal
import subprocess
import threading
import time
import uuid

from harness import (Fake, Stack, free_port, shared_fake, shared_stack,
                     wait_until)

PATIENT = "whatsapp:+33612345678"


def _phone():
    """A patient of its own for each test: replies are told apart by the
    number they go to (the engine, not the test, writes their text)."""
    return "whatsapp:+336%08d" % (uuid.uuid4().int % 100000000)


def _fields(body, sid=None, frm=PATIENT, **extra):
    f = {"MessageSid": sid or "SM" + uuid.uuid4().hex, "AccountSid":
         "AC" + "0" * 31 + "1", "From": frm, "To": "whatsapp:+14155238886",
         "Body": body, "NumMedia": "0", "ProfileName": "Test Patient"}
    f.update(extra)
    return f


def _count(st, sql, *p):
    return int(st.sql_value(sql, *p))


def _sent_to(tw, phone):
    return [m["form"] for m in tw.get("/_messages")
            if m["form"].get("To") == phone]


def _outbound(st, phone, extra="TRUE"):
    return st.sql("SELECT m.status, coalesce(m.twilio_sid, ''), "
                  "coalesce(m.error_code, ''), coalesce(m.error_message, '') "
                  "FROM messages m WHERE m.direction = 'outbound' AND "
                  "m.to_number = :'p1' AND " + extra + " ORDER BY "
                  "m.created_at", phone.split(":", 1)[1])


def test_webhook_responders_hold_named_connections_from_the_start():
    """(First of the suite: before its webhooks reach the pool.)  Each
    webhook responder opens its database connection and prepares its
    statements before its first request (no cold first answers), and an
    operator sees which program holds which connection."""
    st = shared_stack()
    pool = st.pids("webhook")
    named = wait_until(lambda: _count(
        st, "SELECT count(*) FROM pg_stat_activity WHERE "
        "application_name = 'webhook'") >= len(pool), timeout=10)
    assert named, "webhook connections: %s of %d" % (_count(
        st, "SELECT count(*) FROM pg_stat_activity WHERE "
        "application_name = 'webhook'"), len(pool))
    assert _count(st, "SELECT count(*) FROM pg_stat_activity WHERE "
                  "application_name = 'worker'") >= 1


def test_signed_message_is_stored_and_answered():
    st = shared_stack()
    tw = shared_fake("twilio")
    ph = _phone()
    f = _fields("hello pipeline", frm=ph)
    r = st.webhook(f)
    assert r.status == 200, (r.status, r.body)
    assert r.body == b"<Response/>"
    assert r.header("Content-Type").startswith("text/xml")
    assert _count(st, "SELECT count(*) FROM messages WHERE twilio_sid = "
                  ":'p1'", f["MessageSid"]) == 1
    sent = wait_until(lambda: _sent_to(tw, ph))
    assert sent and sent[0]["From"] == "whatsapp:+14155238886", sent
    assert sent[0]["Body"].strip(), sent
    row = wait_until(lambda: _outbound(st, ph, "m.twilio_sid IS NOT NULL"))
    assert row and row[0][1].startswith("SM"), row


def test_bad_or_missing_signature_is_403_and_stores_nothing():
    st = shared_stack()
    before = _count(st, "SELECT count(*) FROM messages")
    f = _fields("forged")
    r = st.webhook(f, signature="AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
    assert r.status == 403 and b"signature" in r.body.lower(), r.body
    r = st.webhook(f, signature="")
    assert r.status == 403, r.status
    # Signed with another token.
    r = st.webhook(f, token="not-the-clinic-token")
    assert r.status == 403
    # A field changed after signing.
    sig = st.twilio_sign(st.base_url + "/webhook/whatsapp/%s" %
                         st.demo_info["clinic_id"], f,
                         st.demo_info["auth_token"])
    f2 = dict(f, Body="tampered")
    r = st.webhook(f2, signature=sig)
    assert r.status == 403
    assert _count(st, "SELECT count(*) FROM messages") == before
    assert _count(st, "SELECT count(*) FROM system_logs WHERE event = "
                  "'SIGNATURE_INVALID'") >= 4


def test_unknown_clinic_404_and_malformed_400():
    st = shared_stack()
    r = st.webhook(_fields("x"), clinic=str(uuid.uuid4()))
    assert r.status == 404, r.status
    r = st.webhook(_fields("x"), clinic="not-a-uuid")
    assert r.status == 404, r.status
    f = _fields("x")
    del f["MessageSid"]
    r = st.webhook(f)
    assert r.status == 400 and b"MessageSid" in r.body, r.body
    r = st.webhook(_fields("x", frm="whatsapp:0612"))
    assert r.status == 400 and b"From" in r.body, r.body
    r = st.webhook(_fields("x", NumMedia="1"))
    assert r.status == 400 and b"MediaUrl" in r.body, r.body


def test_redelivery_five_times_gives_one_message_one_job_one_send():
    st = shared_stack()
    tw = shared_fake("twilio")
    pf, pg = _phone(), _phone()
    f = _fields("dedupe sequential", frm=pf)
    for _ in range(5):
        assert st.webhook(f).status == 200
    g = _fields("dedupe concurrent", frm=pg)
    results = []

    def post():
        results.append(st.webhook(g).status)
    threads = [threading.Thread(target=post) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 5, results
    for x in (f, g):
        assert _count(st, "SELECT count(*) FROM messages WHERE twilio_sid ="
                      " :'p1'", x["MessageSid"]) == 1
        assert _count(st, "SELECT count(*) FROM jobs j JOIN messages m ON "
                      "m.id::text = j.payload->>'message_id' WHERE "
                      "m.twilio_sid = :'p1'", x["MessageSid"]) == 1
    assert wait_until(lambda: len(_sent_to(tw, pg)) >= 1)
    assert wait_until(lambda: len(_sent_to(tw, pf)) >= 1)
    time.sleep(1.5)
    # One inbound message, one turn: its reply is sent once.
    for ph in (pf, pg):
        n = len(_outbound(st, ph))
        assert n >= 1 and len(_sent_to(tw, ph)) == n, (ph, n)


def test_turns_of_one_conversation_are_answered_in_order():
    st = shared_stack()
    tw = shared_fake("twilio")
    frm = _phone()
    for i in range(6):
        assert st.webhook(_fields("bonjour %d" % i, frm=frm)).status == 200
    conv = st.sql_value("SELECT id FROM conversations WHERE phone = :'p1'",
                        frm.split(":", 1)[1])
    done = lambda: st.sql("SELECT j.id, j.started_at, j.finished_at, "
                          "m.created_at FROM jobs j JOIN messages m ON "
                          "m.id::text = j.payload->>'message_id' WHERE "
                          "j.queue_key = 'conv:' || :'p1' AND j.status = "
                          "'done' ORDER BY j.id", conv)
    assert wait_until(lambda: len(done()) == 6, timeout=30)
    rows = done()
    # Taken in arrival order, each after the previous one finished.
    assert [r[3] for r in rows] == sorted(r[3] for r in rows), rows
    for a, b in zip(rows, rows[1:]):
        assert b[1] >= a[2], (a, b)


def test_the_worker_that_answers_sends_the_reply_itself():
    """A turn's reply is sent by the worker process that wrote it, right
    after its commit (no other worker woken, no second claim through the
    queue); the send starts after the turn ended, and every reply still
    reaches Twilio once."""
    st = shared_stack()
    tw = shared_fake("twilio")
    phones = [_phone() for _ in range(5)]
    for ph in phones:
        assert st.webhook(_fields("bonjour", frm=ph)).status == 200
    pairs = lambda: st.sql(
        "SELECT t.locked_by, s.locked_by, s.started_at >= t.finished_at "
        "FROM conversations c JOIN jobs t ON t.queue_key = 'conv:' || c.id "
        "AND t.kind = 'conversation_turn' AND t.status = 'done' "
        "JOIN jobs s ON s.queue_key = 'send:' || c.id AND s.kind = "
        "'send_message' AND s.status = 'done' "
        "WHERE c.phone = ANY (string_to_array(:'p1', ','))",
        ",".join(ph.split(":", 1)[1] for ph in phones))
    assert wait_until(lambda: len(pairs()) == 5, timeout=30), pairs()
    for turn_by, send_by, after in pairs():
        assert turn_by == send_by and after == "t", pairs()
    for ph in phones:
        assert len(wait_until(lambda: _sent_to(tw, ph))) == 1


def test_status_callbacks_move_forward_only():
    st = shared_stack()
    tw = shared_fake("twilio")
    ph = _phone()
    st.webhook(_fields("status please", frm=ph))
    row = wait_until(lambda: _outbound(st, ph, "m.twilio_sid IS NOT NULL"))
    assert row
    sid = row[0][1]

    def cb(status, **kw):
        f = {"MessageSid": sid, "MessageStatus": status,
             "AccountSid": "AC" + "0" * 31 + "1"}
        f.update(kw)
        return st.webhook(f, path_suffix="/status")
    status = lambda: st.sql_value("SELECT status FROM messages WHERE "
                                  "twilio_sid = :'p1'", sid)
    assert cb("delivered").status == 200
    assert status() == "delivered"
    assert cb("sent").status == 200          # late: ignored
    assert status() == "delivered"
    assert cb("read").status == 200
    assert status() == "read"
    assert cb("delivered").status == 200     # replayed: ignored
    assert status() == "read"
    r = st.webhook({"MessageSid": "SMunknown", "MessageStatus": "sent"},
                   path_suffix="/status")
    assert r.status == 200
    r = st.webhook({"MessageSid": sid, "MessageStatus": "failed"},
                   path_suffix="/status", signature="bad")
    assert r.status == 403
    assert status() == "read"


def test_failed_callback_records_twilio_error_code():
    st = shared_stack()
    tw = shared_fake("twilio")
    ph = _phone()
    st.webhook(_fields("will fail later", frm=ph))
    row = wait_until(lambda: _outbound(st, ph, "m.twilio_sid IS NOT NULL"))
    assert row
    sid = row[0][1]
    r = st.webhook({"MessageSid": sid, "MessageStatus": "undelivered",
                    "ErrorCode": "63024", "ErrorMessage": "Invalid recipient"},
                   path_suffix="/status")
    assert r.status == 200
    row = st.sql("SELECT status, error_code FROM messages WHERE twilio_sid = "
                 ":'p1'", sid)
    assert row == [["undelivered", "63024"]], row


def test_twilio_500_and_429_are_retried_then_sent():
    st = shared_stack()
    tw = shared_fake("twilio")
    p1, p2 = _phone(), _phone()
    # the failure is for this test's send: no earlier test's reply may
    # still be on its way to the fake (it would take the failure)
    idle = lambda: _count(st, "SELECT count(*) FROM jobs WHERE kind = "
                          "'send_message' AND status IN ('queued', "
                          "'running') AND run_at < now() + interval "
                          "'60 seconds'") == 0
    attempts = lambda ph: _count(
        st, "SELECT coalesce(max(j.attempts), 0) FROM jobs j JOIN messages "
        "m ON m.id::text = j.payload->>'message_id' WHERE j.kind = "
        "'send_message' AND j.status = 'done' AND m.to_number = :'p1'",
        ph.split(":", 1)[1])
    assert wait_until(idle, timeout=30)
    tw.post("/_fail", {"status": 500, "count": 1})
    st.webhook(_fields("retry after 500", frm=p1))
    assert wait_until(lambda: _sent_to(tw, p1), timeout=30)
    assert len(_sent_to(tw, p1)) == 1
    assert wait_until(lambda: attempts(p1) >= 2, timeout=30), attempts(p1)
    assert wait_until(idle, timeout=30)
    tw.post("/_fail", {"status": 429, "count": 1, "retry_after": 1})
    st.webhook(_fields("retry after 429", frm=p2))
    assert wait_until(lambda: _sent_to(tw, p2), timeout=30)
    assert len(_sent_to(tw, p2)) == 1
    assert wait_until(lambda: attempts(p2) >= 2, timeout=30), attempts(p2)


def test_twilio_retry_after_is_waited_for():
    """Twilio's 429 says how long to wait: the send is not tried again
    before that (our own backoff after a first failure is 1-2 s), then it
    goes out once."""
    st = shared_stack()
    tw = shared_fake("twilio")
    ph = _phone()
    tw.post("/_fail", {"status": 429, "count": 1, "retry_after": 300})
    st.webhook(_fields("rate limited", frm=ph))

    def waiting():
        rows = st.sql("SELECT j.id, extract(epoch FROM j.run_at - now()) "
                      "FROM jobs j JOIN messages m ON m.id::text = "
                      "j.payload->>'message_id' WHERE j.kind = "
                      "'send_message' AND j.status = 'queued' AND "
                      "j.attempts = 1 AND m.to_number = :'p1'",
                      ph.split(":", 1)[1])
        return rows[0] if rows else None
    row = wait_until(waiting, timeout=30)
    assert row, "the send job was not put back to wait"
    assert 250 <= float(row[1]) <= 300, row
    assert not _sent_to(tw, ph)
    st.sql("UPDATE jobs SET run_at = now() WHERE id = :'p1'", row[0])
    assert wait_until(lambda: _sent_to(tw, ph), timeout=30)
    assert len(_sent_to(tw, ph)) == 1


def test_twilio_4xx_marks_failed_with_code_and_63016():
    st = shared_stack()
    tw = shared_fake("twilio")
    ph = _phone()
    tw.post("/_fail", {"status": 400, "count": 1, "code": 63016})
    st.webhook(_fields("outside window", frm=ph))
    row = wait_until(lambda: _outbound(st, ph, "m.status = 'failed'"),
                     timeout=20)
    assert row and row[0][2] == "63016", row
    assert "24-hour" in row[0][3], row
    assert not _sent_to(tw, ph)
    # Logged by the worker inside its job: the row still reaches staff.
    assert wait_until(lambda: st.sql_value(
        "SELECT count(*) FROM system_logs WHERE event = 'SEND_FAILED' AND "
        "message LIKE '%63016%'") != "0")


def test_database_down_gives_5xx_then_recovers():
    st = shared_stack()
    f = _fields("while the database sleeps")
    st.pg_ctl("stop")
    try:
        r = st.webhook(f)
        assert 500 <= r.status < 600, r.status
    finally:
        st.pg_ctl("start")
    ok = wait_until(lambda: st.webhook(f).status == 200, timeout=20)
    assert ok
    assert _count(st, "SELECT count(*) FROM messages WHERE twilio_sid = "
                  ":'p1'", f["MessageSid"]) == 1


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _media_row(st, sid):
    return st.sql("SELECT mm.status, coalesce(mm.kind, ''), "
                  "coalesce(mm.path, ''), coalesce(mm.detected_content_type,"
                  " '') FROM message_media mm JOIN messages m ON m.id = "
                  "mm.message_id WHERE m.twilio_sid = :'p1' AND mm.status <> "
                  "'pending'", sid)


def test_media_stored_by_magic_bytes_html_refused_big_cut():
    st = shared_stack()
    tw = shared_fake("twilio")
    tw.post("/_media/photo1", raw=JPEG, ctype="image/jpeg")
    tw.post("/_media/doc1", raw=PDF, ctype="application/pdf")
    tw.post("/_media/fake.jpg", raw=b"<html><script>alert(1)</script></html>",
            ctype="image/jpeg")
    tw.post("/_media/huge", raw=JPEG[:20] + b"\x00" * (11 * 1024 * 1024),
            ctype="image/jpeg")
    cases = [("photo1", "stored", "image"), ("doc1", "stored", "document"),
             ("fake.jpg", "refused", ""), ("huge", "refused", "")]
    sids = []
    for name, _, _ in cases:
        f = _fields("media " + name, NumMedia="1",
                    MediaUrl0=tw.base + "/media/" + name,
                    MediaContentType0="image/jpeg")
        assert st.webhook(f).status == 200
        sids.append(f["MessageSid"])
    for (name, status, kind), sid in zip(cases, sids):
        row = wait_until(lambda: _media_row(st, sid), timeout=30)
        assert row and row[0][0] == status, (name, row)
        assert row[0][1] == kind, (name, row)
        if status == "stored":
            path = os.path.join(st.dir, "data", row[0][2])
            assert os.path.exists(path), path
            assert "/uploads/%ss/%s/" % (kind, st.demo_info["clinic_id"]) \
                in "/" + row[0][2], row
            data = open(path, "rb").read()
            assert data == (JPEG if kind == "image" else PDF)
    seen = tw.get("/_cdn_auth_seen")
    assert seen["requests"] >= 1 and not seen["seen"], seen


def test_worker_killed_mid_send_still_sends_once():
    tw = Fake("fake_twilio.py", "--cdn-port", free_port(), "--account-sid",
              "AC" + "0" * 31 + "1", "--auth-token", "test-token")
    st = Stack({"TWILIO_API_BASE": tw.base,
                "TWILIO_ACCOUNT_SID": "AC" + "0" * 31 + "1",
                "TWILIO_AUTH_TOKEN": "test-token",
                "TWILIO_PHONE_NUMBER": "+14155238886",
                "SOPHIE_JOB_LEASE_S": "3", "SOPHIE_WORKERS": "1"},
               webhook_pool=1)
    try:
        st.start()
        # The first send hangs 4 s; the worker is killed meanwhile.
        tw.post("/_fail", {"status": 500, "count": 1, "delay_ms": 4000})
        ph = _phone()
        st.webhook(_fields("survive the kill", frm=ph))
        assert wait_until(lambda: st.sql_value(
            "SELECT count(*) FROM jobs WHERE kind = 'send_message' AND "
            "status = 'running'") == "1", timeout=15)
        sup = int(open(os.path.join(st.dir, "run", "worker.pid")).read())
        kids = subprocess.run(["pgrep", "-P", str(sup)],
                              stdout=subprocess.PIPE).stdout.split()
        for pid in [sup] + [int(k) for k in kids]:
            os.kill(pid, signal.SIGKILL)
        st.start()      # brings the worker back; the rest is running
        assert wait_until(lambda: _sent_to(tw, ph), timeout=40)
        time.sleep(2)
        assert len(_sent_to(tw, ph)) == len(_outbound(st, ph)), \
            (_sent_to(tw, ph), _outbound(st, ph))
    finally:
        st.destroy()
        tw.stop()


def test_https_public_url_with_and_without_default_port():
    st = Stack({"PUBLIC_BASE_URL": "https://sophie.example"}, webhook_pool=1)
    try:
        st.start()
        f = _fields("port variants")
        path = "/webhook/whatsapp/%s" % st.demo_info["clinic_id"]
        tok = st.demo_info["auth_token"]
        for base in ("https://sophie.example", "https://sophie.example:443"):
            g = dict(f, MessageSid="SM" + uuid.uuid4().hex)
            sig = st.twilio_sign(base + path, g, tok)
            r = st.post_form(path, g, {"X-Twilio-Signature": sig})
            assert r.status == 200, (base, r.status, r.body)
        # The Host header is never trusted to rebuild the URL.
        g = dict(f, MessageSid="SM" + uuid.uuid4().hex)
        sig = st.twilio_sign("http://127.0.0.1:%d" % st.port + path, g, tok)
        r = st.post_form(path, g, {"X-Twilio-Signature": sig})
        assert r.status == 403, r.status
    finally:
        st.destroy()


def test_verify_token_handshake():
    st = shared_stack()
    c = st.demo_info["clinic_id"]
    r = st.get("/webhook/whatsapp/%s?hub.mode=subscribe&hub.verify_token="
               "%s&hub.challenge=12345" % (c, st.demo_info["verify_token"]))
    assert r.status == 200 and r.body == b"12345", (r.status, r.body)
    r = st.get("/webhook/whatsapp/%s?hub.mode=subscribe&hub.verify_token="
               "wrong&hub.challenge=12345" % c)
    assert r.status == 403
    r = st.get("/webhook/whatsapp/%s" % c)
    assert r.status == 400

