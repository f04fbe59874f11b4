"""Turns run in batches: a worker takes the turns of several patients at
once, decides each alone and commits them in one transaction, each behind
its own check that its conversation did not change since it was loaded.
A turn whose check fails is rolled back alone and runs again; the others
stay committed; a worker killed in the middle of a batch loses nothing
and no reply goes twice.

Ordered, not timed: the fake Twilio holds the answer to one post (the
worker waits on it while the next turns queue up behind it), and the fake
LLM holds its answers until the test releases them.  One worker process,
a 3 s job lease (a killed worker's jobs come back quickly)."""
import os
import signal
import uuid

from harness import Fake, Stack, free_port, wait_until

SID = "AC" + "0" * 31 + "1"
CLINIC_NUMBER = "whatsapp:+14155238886"

_S = {}


def _suite():
    """The suite's stack and fakes (started on first use)."""
    if "st" not in _S:
        llm = Fake("fake_ollama.py")
        tw = Fake("fake_twilio.py", "--cdn-port", free_port(),
                  "--account-sid", SID, "--auth-token", "test-token")
        _S.update(llm=llm, tw=tw)
        st = Stack({"LLM_API_URL": llm.base, "LLM_TIMEOUT_MS": "120000",
                    "TWILIO_API_BASE": tw.base, "TWILIO_ACCOUNT_SID": SID,
                    "TWILIO_AUTH_TOKEN": "test-token",
                    "TWILIO_PHONE_NUMBER": "+14155238886",
                    "SOPHIE_JOB_LEASE_S": "3", "SOPHIE_WORKERS": "1",
                    # The LLM is on (it orders events): batches of 16
                    # all the same (by default 1 with the LLM on).
                    "SOPHIE_TURN_BATCH": "16"},
                   webhook_pool=2)
        _S["st"] = st
        st.start()
    _S["tw"].post("/_reset")
    _S["llm"].post("/_release")
    return _S["st"], _S["llm"], _S["tw"]


def teardown():
    for k in ("st", "llm", "tw"):
        if k in _S:
            (_S[k].destroy if k == "st" else _S[k].stop)()
    _S.clear()


def _phone():
    return "whatsapp:+336%08d" % (uuid.uuid4().int % 100000000)


def _num(ph):
    return ph.split(":", 1)[1]


def _message(st, ph, body):
    f = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": SID,
         "From": ph, "To": CLINIC_NUMBER, "Body": body, "NumMedia": "0"}
    r = st.webhook(f)
    assert r.status == 200, (r.status, r.body)


def _at_fake(tw, ph):
    return [m for m in tw.get("/_messages") if m["form"].get("To") == ph]


def _replies(st, ph):
    return int(st.sql_value(
        "SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
        "to_number = :'p1'", _num(ph)))


def _turn(st, ph):
    """(status, attempts, finished_at in epoch seconds as text) of ph's
    turn job."""
    rows = st.sql(
        "SELECT j.status, j.attempts, coalesce(extract(epoch FROM "
        "j.finished_at)::text, '') "
        "FROM jobs j JOIN messages m ON m.id::text = "
        "j.payload->>'message_id' WHERE j.kind = 'conversation_turn' AND "
        "m.from_number = :'p1' ORDER BY j.id", _num(ph))
    return rows[0] if rows else None


def _held(svc):
    return int(svc.get("/_held")["held"])


def _queue_behind_a_held_send(st, tw, bodies, llm=None):
    """Patient 0 writes and the fake Twilio holds the answer to the
    reply's post (the one worker waits on it); then the fake LLM (when
    given) holds its answers, and one message of each other patient is
    stored (bodies: theirs, in order).  Returns the phones, patient 0
    first."""
    tw.post("/_hold", {"count": 1, "mode": "hold", "ms": 60000})
    phones = [_phone() for _ in range(len(bodies) + 1)]
    _message(st, phones[0], "bonjour")
    assert wait_until(lambda: _held(tw) == 1, timeout=60), st.logs("worker")
    if llm is not None:
        llm.post("/_hold")
    for ph, body in zip(phones[1:], bodies):
        _message(st, ph, body)
    return phones


def _worker_children(st):
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


def test_turns_of_several_patients_commit_together():
    """Five patients' turns queued while the worker is busy are taken
    together and committed in one transaction (their jobs end at the
    same database time); each patient gets one reply."""
    st, llm, tw = _suite()
    phones = _queue_behind_a_held_send(st, tw, ["bonjour"] * 5)
    tw.post("/_release")
    assert wait_until(lambda: all(_replies(st, p) == 1 for p in phones) and
                      len(tw.get("/_messages")) >= 6, timeout=90), (
        [_turn(st, p) for p in phones], st.logs("worker"))
    turns = [_turn(st, p) for p in phones[1:]]
    assert all(t[0] == "done" and int(t[1]) == 1 for t in turns), turns
    assert len(set(t[2] for t in turns)) == 1, turns
    for p in phones:
        assert len(_at_fake(tw, p)) == 1, p


def test_a_changed_conversation_runs_again_alone():
    """In a batch of three turns, the first patient's conversation
    changes after its turn was loaded (staff, a reminder, another worker):
    its check fails at the commit and it alone runs again from load (in
    the same attempt of its job); the two others are committed in the
    batch's transaction.  Each patient gets exactly one reply."""
    st, llm, tw = _suite()
    try:
        phones = _queue_behind_a_held_send(
            st, tw, ["bonjour", "zorglub plif plouf", "bonjour"], llm)
        b = phones[1]
        tw.post("/_release")
        # The batch's turns are loaded one after another; a turn the
        # rules are unsure of waits on the LLM, after the first's load.
        assert wait_until(lambda: _held(llm) >= 1, timeout=60), \
            st.logs("worker")
        st.sql("UPDATE conversations SET version = version + 1 WHERE "
               "phone = :'p1'", _num(b))
    finally:
        llm.post("/_release")
    assert wait_until(lambda: all(_replies(st, p) == 1
                                  for p in phones[1:]), timeout=90), (
        [_turn(st, p) for p in phones], st.logs("worker"))
    turns = [_turn(st, p) for p in phones[1:]]
    assert all(t[0] == "done" and int(t[1]) == 1 for t in turns), turns
    assert turns[1][2] == turns[2][2], turns      # one transaction
    assert float(turns[0][2]) > float(turns[1][2]), turns  # again, after
    for p in phones:
        assert wait_until(lambda p=p: len(_at_fake(tw, p)) >= 1,
                          timeout=60), p
        assert _replies(st, p) == 1, p
        assert len(_at_fake(tw, p)) == 1, p


def test_worker_killed_mid_batch_loses_nothing_sends_once():
    """The worker is killed while a batch of four turns is being decided
    (one waits on the LLM): nothing of the batch was committed, its jobs
    come back when their lease expires, and every patient gets exactly
    one reply, posted once to Twilio."""
    st, llm, tw = _suite()
    try:
        phones = _queue_behind_a_held_send(
            st, tw, ["bonjour", "zorglub plif plouf", "bonjour", "salut"],
            llm)
        tw.post("/_release")
        assert wait_until(lambda: _held(llm) >= 1, timeout=60), \
            st.logs("worker")
        kids = _worker_children(st)
        assert len(kids) == 1, kids
        running = [_turn(st, p) for p in phones[1:]]
        assert all(t[0] == "running" for t in running), running
        os.kill(kids[0], signal.SIGKILL)
    finally:
        llm.post("/_release")
    assert wait_until(lambda: all(
        _turn(st, p)[0] == "done" for p in phones[1:]) and all(
        len(_at_fake(tw, p)) >= 1 for p in phones), timeout=120), (
        [_turn(st, p) for p in phones], st.logs("worker"))
    for p in phones:
        assert _replies(st, p) == 1, p
        assert len(_at_fake(tw, p)) == 1, p


def _sends(st, phones):
    """(send_started_at, sent_at) of the replies to phones, as text."""
    return [tuple(r) for r in st.sql(
        "SELECT coalesce(send_started_at::text, ''), "
        "coalesce(sent_at::text, '') FROM messages WHERE direction = "
        "'outbound' AND to_number = ANY(string_to_array(:'p1', ','))",
        ",".join(_num(p) for p in phones))]


def test_a_batch_replies_are_recorded_together():
    """The replies of a batch's turns are sent by the worker that wrote
    them with their bookkeeping batched: their attempts are recorded in
    one statement before the first post (one database time for all), and
    Twilio's answers in one statement after the last (one time again).
    Each patient still gets exactly one reply."""
    st, llm, tw = _suite()
    phones = _queue_behind_a_held_send(st, tw, ["bonjour"] * 4)
    tw.post("/_release")
    assert wait_until(lambda: all(_replies(st, p) == 1 for p in phones) and
                      all(s[1] != "" for s in _sends(st, phones[1:])),
                      timeout=90), (_sends(st, phones), st.logs("worker"))
    sends = _sends(st, phones[1:])
    assert len(sends) == 4, sends
    assert len(set(s[0] for s in sends)) == 1, sends
    assert len(set(s[1] for s in sends)) == 1, sends
    for p in phones:
        assert len(_at_fake(tw, p)) == 1, p


def test_a_batch_uses_few_transaction_ids():
    """A batch of eight plain turns (no booking, no new patient) and their
    replies' sends write with few transaction ids: the turns' writes go
    in the batch's transaction without a subtransaction each, and the
    sends' bookkeeping in one statement before and one after the posts.
    Counted by the database's transaction id counter (whatever else the
    stack writes meanwhile counts too: the bound leaves room for it)."""
    st, llm, tw = _suite()
    phones = _queue_behind_a_held_send(st, tw, ["bonjour"] * 8)
    mark = int(st.sql_value("SELECT txid_current()"))
    tw.post("/_release")
    assert wait_until(lambda: all(_replies(st, p) == 1 for p in phones) and
                      all(s[1] != "" for s in _sends(st, phones)),
                      timeout=90), (_sends(st, phones), st.logs("worker"))
    used = int(st.sql_value("SELECT txid_current()")) - mark
    # Before: a subtransaction per turn and two commits per send (>= 25).
    assert used <= 12, used
    for p in phones:
        assert len(_at_fake(tw, p)) == 1, p
