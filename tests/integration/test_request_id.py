"""Request ids: every answer carries nginx's $request_id as X-Request-Id,
a new one per request, and what the responder logs while handling it
(the system_logs row; the stderr line is tests/unit/test_log.c's)
names the same id, so an
operator goes from a user's error to its log lines."""
import json
import os
import re
import uuid

from harness import shared_stack, wait_until


def _rid(r):
    return r.header("X-Request-Id") or ""


def test_every_answer_has_its_own_request_id():
    st = shared_stack()
    seen = set()
    for path in ("/health", "/clinic/%s/admin/login" %
                 st.demo_info["clinic_id"], "/superadmin/login",
                 "/no/such/route"):
        r = st.get(path)
        rid = _rid(r)
        assert re.fullmatch(r"[0-9a-f]{32}", rid), (path, r.status, rid)
        seen.add(rid)
    assert len(seen) == 4, seen


def test_a_logged_refusal_names_the_request():
    st = shared_stack()
    cid = st.demo_info["clinic_id"]
    fields = {"From": "whatsapp:+33611000999", "To": "whatsapp:+33100000000",
              "Body": "hello", "MessageSid": "SMreqid0000000000000000000001",
              "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
    r = st.webhook(fields, signature="bm90LXRoZS1zaWduYXR1cmU=")
    assert r.status == 403, (r.status, r.body[:200])
    rid = _rid(r)
    assert rid, r.headers
    row = wait_until(lambda: st.sql(
        "SELECT event, clinic_id FROM system_logs WHERE "
        "metadata->>'request_id' = :'p1'", rid), timeout=10)
    assert row and row[0] == ["SIGNATURE_INVALID", cid], row


def _worker_log(st):
    try:
        with open(os.path.join(st.dir, "log", "worker.log"), "rb") as fh:
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return ""


def test_the_worker_names_the_webhook_request_of_its_turn_and_reply():
    """A patient's message goes from the webhook to the worker's turn and
    to the reply's send: the jobs carry the webhook's request id, and what
    the worker logs for them (an emergency's event row, its stderr lines)
    names it, so an operator follows one message from nginx to Twilio."""
    st = shared_stack()
    phone = "whatsapp:+336%08d" % (uuid.uuid4().int % 100000000)
    fields = {"From": phone, "To": "whatsapp:+14155238886",
              "Body": "help I can't breathe, my throat is closing up",
              "MessageSid": "SM" + uuid.uuid4().hex,
              "AccountSid": "AC" + "0" * 31 + "1", "NumMedia": "0"}
    r = st.webhook(fields)
    assert r.status == 200, (r.status, r.body[:200])
    rid = _rid(r)
    assert re.fullmatch(r"[0-9a-f]{32}", rid), rid
    kinds = wait_until(lambda: (lambda k: k if "send_message" in k
                                else None)([x[0] for x in st.sql(
        "SELECT kind FROM jobs WHERE payload->>'request_id' = :'p1' "
        "AND status = 'done' ORDER BY id", rid)]), timeout=30)
    assert kinds and kinds[0] == "conversation_turn", kinds
    row = wait_until(lambda: st.sql(
        "SELECT event FROM system_logs WHERE event = 'EMERGENCY' AND "
        "metadata->>'request_id' = :'p1'", rid), timeout=15)
    assert row, st.sql("SELECT event, metadata FROM system_logs ORDER BY "
                       "created_at DESC LIMIT 5")
    assert wait_until(lambda: ("req=" + rid) in _worker_log(st),
                      timeout=10), _worker_log(st)[-2000:]


def test_a_plain_turn_hands_its_request_id_to_the_reply():
    """An ordinary message (no booking, no alert) is written in the
    turn's single statement: its reply's send still names the request."""
    st = shared_stack()
    phone = "whatsapp:+336%08d" % (uuid.uuid4().int % 100000000)
    fields = {"From": phone, "To": "whatsapp:+14155238886",
              "Body": "Bonjour", "MessageSid": "SM" + uuid.uuid4().hex,
              "AccountSid": "AC" + "0" * 31 + "1", "NumMedia": "0"}
    r = st.webhook(fields)
    assert r.status == 200, (r.status, r.body[:200])
    rid = _rid(r)
    kinds = wait_until(lambda: (lambda k: k if "send_message" in k
                                else None)([x[0] for x in st.sql(
        "SELECT kind FROM jobs WHERE payload->>'request_id' = :'p1' "
        "ORDER BY id", rid)]), timeout=30)
    assert kinds == ["conversation_turn", "send_message"], (
        kinds, st.sql("SELECT kind, payload FROM jobs ORDER BY id DESC "
                      "LIMIT 4"))
