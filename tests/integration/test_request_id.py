"""Request ids: every answer carries nginx's $request_id as X-Request-Id,
a new one per request, and what the responder logs while handling it
(the system_logs row; the stderr line is tests/unit/test_log.c's)
names the same id, so an
operator goes from a user's error to its log lines."""
import json
import re

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
