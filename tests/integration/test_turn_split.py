"""A turn holds no transaction or lock while the LLM thinks: webhooks of the
same patient and of another clinic are answered while the fake LLM holds
its answer, and the turns then finish with one reply per message.

Ordered, not timed: the fake Ollama holds every call until the test
releases it; each webhook's request timeout is only a bound."""
import json
import threading
import uuid

from harness import Fake, Stack, free_port, wait_until

SID = "AC" + "0" * 31 + "1"
_S = {}


def _suite():
    if "st" not in _S:
        llm = Fake("fake_ollama.py")
        tw = Fake("fake_twilio.py", "--cdn-port", free_port(),
                  "--account-sid", SID, "--auth-token", "test-token")
        st = Stack({"LLM_API_URL": llm.base, "LLM_TIMEOUT_MS": "120000",
                    "TWILIO_API_BASE": tw.base, "TWILIO_ACCOUNT_SID": SID,
                    "TWILIO_AUTH_TOKEN": "test-token",
                    "TWILIO_PHONE_NUMBER": "+14155238886"}, webhook_pool=4)
        _S.update(st=st, llm=llm, tw=tw)
        st.start()
        # A second clinic with its own WhatsApp number and token.
        out = json.loads(st.ctl("clinic", "add", "--name", "Cabinet B",
                                "--json").stdout)
        cid = out["clinic_id"]
        num = "+3319%07d" % (uuid.uuid4().int % 10000000)
        tok = "tok-" + uuid.uuid4().hex
        st.ctl("whatsapp", "set", "--clinic", cid, "--number", num,
               "--auth-token", tok)
        _S.update(other=(cid, num, tok))
    return _S["st"], _S["llm"], _S["tw"]


def teardown():
    for k in ("st", "llm", "tw"):
        if k in _S:
            (_S[k].destroy if k == "st" else _S[k].stop)()
    _S.clear()


def _fields(body, frm, to="whatsapp:+14155238886"):
    return {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": SID,
            "From": frm, "To": to, "Body": body, "NumMedia": "0"}


def _phone():
    return "whatsapp:+336%08d" % (uuid.uuid4().int % 100000000)


def _held(llm):
    return llm.get("/_held")["held"]


def _post_async(fn, out, key):
    def run():
        try:
            out[key] = fn().status
        except Exception as e:      # a timeout: the webhook was stuck
            out[key] = repr(e)
    t = threading.Thread(target=run)
    t.start()
    return t


def test_webhooks_answer_while_the_llm_holds_a_turn():
    st, llm, tw = _suite()
    cid, num, tok = _S["other"]
    phone = _phone()
    llm.post("/_hold")
    try:
        # A message the rules are not sure of: the turn asks the LLM.
        r = st.webhook(_fields("zorglub plif plouf", phone))
        assert r.status == 200, r.status
        assert wait_until(lambda: _held(llm) >= 1, timeout=60), \
            "the turn never reached the LLM"
        # While the LLM holds its answer: four more messages of the same
        # patient (as many as the webhook pool), then another clinic's.
        res, threads = {}, []
        for i in range(4):
            threads.append(_post_async(
                lambda i=i: st.request(
                    "POST", "/webhook/whatsapp/%s" % st.demo_info[
                        "clinic_id"], **_signed(st, _fields(
                            ("bonjour", "salut", "hello", "bonsoir")[i],
                            phone))), res, i))
        for t in threads:
            t.join(20)
        other = st.webhook(_fields("bonjour", _phone(),
                                   to="whatsapp:" + num),
                           clinic=cid, token=tok)
        assert _held(llm) >= 1, "the LLM was released too early"
        assert [res.get(i) for i in range(4)] == [200] * 4, res
        assert other.status == 200, other.status
    finally:
        llm.post("/_release")
    # Then every message of the patient gets its turn and one reply.
    inbound = lambda: int(st.sql_value(
        "SELECT count(*) FROM messages WHERE direction = 'inbound' AND "
        "from_number = :'p1' AND handled_at IS NOT NULL",
        phone.split(":", 1)[1]))
    assert wait_until(lambda: inbound() == 5, timeout=120), (
        inbound(), st.sql("SELECT status, attempts, last_error FROM jobs "
                          "WHERE kind = 'conversation_turn' ORDER BY id"),
        st.logs("worker"))
    outbound = int(st.sql_value(
        "SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
        "to_number = :'p1'", phone.split(":", 1)[1]))
    assert outbound == 5, outbound


def _signed(st, fields):
    import urllib.parse
    path = "/webhook/whatsapp/%s" % st.demo_info["clinic_id"]
    sig = st.twilio_sign(st.base_url + path, fields,
                         st.demo_info["auth_token"])
    return {"body": urllib.parse.urlencode(fields).encode(),
            "headers": {"X-Twilio-Signature": sig, "Content-Type":
                        "application/x-www-form-urlencoded"},
            "timeout": 20}


def test_staff_takeover_during_the_llm_wins_over_the_turn():
    """Staff take the conversation while its turn waits on the LLM: the
    turn, finding the conversation changed, loads again and stays silent
    (no reply, no state written over the takeover)."""
    st, llm, tw = _suite()
    phone = _phone()
    r = st.webhook(_fields("bonjour", phone))
    assert r.status == 200
    num = phone.split(":", 1)[1]
    assert wait_until(lambda: int(st.sql_value(
        "SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
        "to_number = :'p1'", num)) == 1, timeout=60)
    llm.post("/_hold")
    try:
        r = st.webhook(_fields("zorglub plif plouf", phone))
        assert r.status == 200
        assert wait_until(lambda: _held(llm) >= 1, timeout=60), \
            "the turn never reached the LLM"
        # The receptionist's take-over, through the admin API.
        cid = st.demo_info["clinic_id"]
        r = st.request("POST", "/clinic/%s/admin/login" % cid,
                       body=json.dumps({
                           "email": st.demo_info["admin_email"],
                           "password": st.demo_info["admin_password"]
                       }).encode(), headers={
                           "Content-Type": "application/json",
                           "Accept": "application/json"})
        assert r.status == 200, (r.status, r.body[:200])
        conv = st.sql_value("SELECT id FROM conversations WHERE phone = "
                            ":'p1'", num)
        r = st.request("POST", "/clinic/%s/admin/conversations/%s/takeover"
                       % (cid, conv), headers={
                           "Authorization": "Bearer " + r.json()["token"],
                           "Accept": "application/json"}, timeout=20)
        assert r.status == 200, (r.status, r.body[:200])
    finally:
        llm.post("/_release")
    assert wait_until(lambda: st.sql_value(
        "SELECT count(*) FROM jobs WHERE kind = 'conversation_turn' AND "
        "status IN ('queued', 'running')") == "0", timeout=60)
    assert st.sql_value("SELECT status FROM conversations WHERE phone = "
                        ":'p1'", num) == "handoff"
    assert int(st.sql_value(
        "SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
        "to_number = :'p1'", num)) == 1
