"""At most one reply per message: a reply Twilio accepted is never posted
again, whether the worker sending it was killed while Twilio's answer was
on its way, or the connection dropped before the answer came.  The outbox
records each attempt before posting, puts a key of its own in the
StatusCallback URL, and asks Twilio's message list before posting again.

One suite of its own: a 3 s job lease (a killed worker's job comes back
quickly) and one worker process, against its own fake Twilio."""
import os
import signal
import time
import urllib.parse
import uuid

from harness import Fake, Stack, free_port, wait_until

SID = "AC" + "0" * 31 + "1"
CLINIC_NUMBER = "whatsapp:+14155238886"

_suite = {}


def _stack():
    """The suite's stack and fake Twilio (started on first use)."""
    if "st" not in _suite:
        tw = Fake("fake_twilio.py", "--cdn-port", free_port(),
                  "--account-sid", SID, "--auth-token", "test-token")
        _suite["tw"] = tw
        st = Stack({"TWILIO_API_BASE": tw.base,
                    "TWILIO_ACCOUNT_SID": SID,
                    "TWILIO_AUTH_TOKEN": "test-token",
                    "TWILIO_PHONE_NUMBER": "+14155238886",
                    "SOPHIE_JOB_LEASE_S": "3", "SOPHIE_WORKERS": "1"},
                   webhook_pool=1)
        _suite["st"] = st
        st.start()
    _suite["tw"].post("/_reset")
    return _suite["st"], _suite["tw"]


def teardown():
    st = _suite.pop("st", None)
    if st is not None:
        st.destroy()
    tw = _suite.pop("tw", None)
    if tw is not None:
        tw.stop()


def _phone():
    return "whatsapp:+336%08d" % (uuid.uuid4().int % 100000000)


def _message(st, ph, body="bonjour"):
    f = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": SID,
         "From": ph, "To": CLINIC_NUMBER, "Body": body, "NumMedia": "0",
         "ProfileName": "Test Patient"}
    r = st.webhook(f)
    assert r.status == 200, (r.status, r.body)


def _at_fake(tw, ph):
    """Every message the fake accepted for ph (Message resource + form)."""
    return [m for m in tw.get("/_messages") if m["form"].get("To") == ph]


def _outbound(st, ph):
    """(id, status, sid) of the outbound messages to ph, oldest first."""
    return st.sql("SELECT id, status, coalesce(twilio_sid, '') FROM "
                  "messages WHERE direction = 'outbound' AND to_number = "
                  ":'p1' ORDER BY created_at", ph.split(":", 1)[1])


def _send_job(st, msg_id):
    """(status, locked_by, attempts) of the send job of message msg_id."""
    rows = st.sql("SELECT status, coalesce(locked_by, ''), attempts FROM "
                  "jobs WHERE kind = 'send_message' AND "
                  "payload->>'message_id' = :'p1'", msg_id)
    return rows[0] if rows else None


def _sid_recorded(st, ph):
    rows = _outbound(st, ph)
    return rows if rows and rows[0][2] != "" else None


def _job_done(st, msg_id):
    job = _send_job(st, msg_id)
    return job is not None and job[0] == "done"


def _callback(st, url, fields, sign_url=None):
    """POST a status callback to url (as Twilio would: the full URL it
    was given), signed over sign_url (default: url itself)."""
    tok = st.demo_info["auth_token"]
    sig = st.twilio_sign(sign_url or url, fields, tok)
    u = urllib.parse.urlsplit(url)
    path = u.path + ("?" + u.query if u.query else "")
    return st.post_form(path, fields, {"X-Twilio-Signature": sig})


def test_worker_killed_while_twilio_holds_the_answer_sends_once():
    """Twilio accepted the reply, but the worker that posted it is killed
    before the answer reaches it: when the job comes back, the reply is
    found in Twilio's list, its SID recorded, and nothing is posted
    again."""
    st, tw = _stack()
    tw.post("/_hold", {"count": 1, "mode": "hold", "ms": 60000})
    ph = _phone()
    _message(st, ph)
    assert wait_until(lambda: _at_fake(tw, ph), timeout=30), st.logs("worker")
    assert tw.get("/_held")["held"] == 1
    rows = _outbound(st, ph)
    assert len(rows) == 1, rows
    job = _send_job(st, rows[0][0])
    assert job and job[0] == "running" and job[1], job
    pid = int(job[1].rsplit(":", 2)[1])
    assert pid in _worker_children(st), (pid, job)
    os.kill(pid, signal.SIGKILL)
    tw.post("/_release")
    assert wait_until(lambda: _job_done(st, rows[0][0]), timeout=90), \
        (_send_job(st, rows[0][0]), st.logs("worker"))
    sent = _at_fake(tw, ph)
    assert len(sent) == 1, [m["sid"] for m in sent]
    rows = _outbound(st, ph)
    assert len(rows) == 1, rows
    assert rows[0][2] == sent[0]["sid"], (rows, sent[0]["sid"])
    assert rows[0][1] != "pending", rows


def _worker_children(st):
    """The worker supervisor's children (the processes that take jobs)."""
    sup = st.pids("worker")
    kids = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid in sup:
            kids.append(int(p))
    return kids


def test_connection_dropped_after_accept_sends_once():
    """Twilio stored the reply and the connection dropped before its
    answer: the worker cannot know, so it asks Twilio's list before
    posting again, finds the reply and records its SID."""
    st, tw = _stack()
    tw.post("/_hold", {"count": 1, "mode": "drop"})
    ph = _phone()
    _message(st, ph)
    assert wait_until(lambda: _at_fake(tw, ph), timeout=30)
    rows = wait_until(lambda: _sid_recorded(st, ph), timeout=60)
    assert rows, (_outbound(st, ph), st.logs("worker"))
    assert wait_until(lambda: _job_done(st, rows[0][0]), timeout=30)
    sent = _at_fake(tw, ph)
    assert len(sent) == 1, [m["sid"] for m in sent]
    assert rows[0][2] == sent[0]["sid"], (rows, sent[0]["sid"])
    assert rows[0][1] == "sent", rows       # as Twilio's list reports it


def test_list_failing_is_retried_never_sent_blind():
    """When Twilio's list itself fails, the worker does not know whether
    the reply went: it waits and asks again, and never posts blind."""
    st, tw = _stack()
    tw.post("/_hold", {"count": 1, "mode": "drop"})
    tw.post("/_fail", {"route": "list", "status": 500, "count": 2})
    ph = _phone()
    _message(st, ph)
    rows = wait_until(lambda: _sid_recorded(st, ph), timeout=90)
    assert rows, (_outbound(st, ph), st.logs("worker"))
    assert wait_until(lambda: _job_done(st, rows[0][0]), timeout=30)
    sent = _at_fake(tw, ph)
    assert len(sent) == 1, [m["sid"] for m in sent]
    assert rows[0][2] == sent[0]["sid"]
    # One post, two failed list calls, one that found the reply.
    assert int(_send_job(st, rows[0][0])[2]) >= 4, _send_job(st, rows[0][0])


def test_status_callback_with_key_records_the_sid():
    """The StatusCallback URL carries the outbox's key: a callback that
    comes while the SID is still unknown (the worker has not heard
    Twilio's answer yet, or never will) records the SID and the status;
    the answer arriving later does not move the status back."""
    st, tw = _stack()
    tw.post("/_hold", {"count": 1, "mode": "hold", "ms": 60000})
    ph = _phone()
    _message(st, ph)
    assert wait_until(lambda: _at_fake(tw, ph), timeout=30)
    msg = _at_fake(tw, ph)[0]
    cb = msg["form"].get("StatusCallback", "")
    u = urllib.parse.urlsplit(cb)
    assert u.path.startswith("/webhook/whatsapp/%s/status"
                             % st.demo_info["clinic_id"]), cb
    assert "k" in urllib.parse.parse_qs(u.query), cb
    rows = _outbound(st, ph)
    assert rows[0][1] == "pending" and rows[0][2] == "", rows
    r = _callback(st, cb, {"MessageSid": msg["sid"], "MessageStatus": "sent",
                           "AccountSid": SID})
    assert r.status == 200, (r.status, r.body)
    rows = _outbound(st, ph)
    assert rows[0][2] == msg["sid"] and rows[0][1] == "sent", rows
    tw.post("/_release")
    assert wait_until(lambda: _job_done(st, rows[0][0]), timeout=30), \
        _send_job(st, rows[0][0])
    rows = _outbound(st, ph)
    assert rows[0][2] == msg["sid"] and rows[0][1] == "sent", rows
    assert len(_at_fake(tw, ph)) == 1


def test_status_callback_key_bad_cases():
    """The key is covered by Twilio's signature (the full URL with its
    query), never overwrites a SID already recorded, and never gives one
    message another message's SID."""
    st, tw = _stack()
    # A reply sent normally: its SID is recorded.
    ph1 = _phone()
    _message(st, ph1)
    done = wait_until(lambda: _sid_recorded(st, ph1), timeout=30)
    assert done, _outbound(st, ph1)
    other_sid = done[0][2]
    # A reply whose answer is held: no SID yet.
    tw.post("/_hold", {"count": 1, "mode": "hold", "ms": 60000})
    ph2 = _phone()
    _message(st, ph2)
    assert wait_until(lambda: _at_fake(tw, ph2), timeout=30)
    msg = _at_fake(tw, ph2)[0]
    cb = msg["form"]["StatusCallback"]
    no_query = cb.split("?", 1)[0]
    f = {"MessageSid": msg["sid"], "MessageStatus": "delivered",
         "AccountSid": SID}
    # Signed over the URL without its query: refused.
    r = _callback(st, cb, f, sign_url=no_query)
    assert r.status == 403, (r.status, r.body)
    # Another message's SID under this key: nothing changes.
    r = _callback(st, cb, dict(f, MessageSid=other_sid))
    assert r.status == 200, (r.status, r.body)
    assert _outbound(st, ph2)[0][2] == "", _outbound(st, ph2)
    assert _outbound(st, ph1)[0][2] == other_sid
    # A malformed key is no key: a SID nobody knows records nothing.
    bad = no_query + "?k=not-a-key"
    r = _callback(st, bad, f)
    assert r.status == 200, (r.status, r.body)
    assert _outbound(st, ph2)[0][2] == "", _outbound(st, ph2)
    # The key of a message that has its SID: that SID stays.
    k1 = urllib.parse.urlsplit(
        _at_fake(tw, ph1)[0]["form"]["StatusCallback"]).query
    r = _callback(st, no_query + "?" + k1, f)
    assert r.status == 200
    assert _outbound(st, ph1)[0][2] == other_sid, _outbound(st, ph1)
    tw.post("/_release")
    rows = wait_until(lambda: _sid_recorded(st, ph2), timeout=30)
    assert rows and rows[0][2] == msg["sid"], _outbound(st, ph2)
