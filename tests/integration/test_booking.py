"""Booking through the engine under contention: 50 patients confirm the
same slot at the same moment; exactly one gets it, 49 are told it was
just taken and offered other times.  A cancellation frees the slot at
once for someone else."""
import os
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scenarios"))

import run as scenarios  # noqa: E402

N = 50
# 50 turns share 4 workers: about 35 s here, and the last turn can come
# after a minute when the machine is busy.  The wait guards against a
# turn that never comes; it does not time anything.
TURN_WAIT = 180
ASK = "Je voudrais une consultation avec le Dr Leal lundi 30 novembre a 10h"
SLOT = "2026-11-30 10:00"
_state = {}


def _setup():
    if "convs" in _state:
        return _state
    st, tw = scenarios.start_stack(workers=4)
    _state.update(st=st, tw=tw)
    clinic, number = scenarios.new_clinic(st)
    convs = []
    for i in range(N):
        phone = "+33622%06d" % i
        st.sql("INSERT INTO patients (clinic_id, phone, first_name, "
               "last_name, birth_date) VALUES (:'p1', :'p2', :'p3', "
               "'Concurrent', '1980-01-01')", clinic, phone, "P%d" % i)
        convs.append(scenarios.Conversation(st, clinic, number, phone))
    sids = [c.send(ASK) for c in convs]
    for c, sid in zip(convs, sids):
        c.wait_turn(sid, timeout=TURN_WAIT)
        r = " ".join(c.new_replies())
        assert "Je récapitule" in r and "lundi 30 novembre à 10:00" in r, r
    _state.update(clinic=clinic, convs=convs)
    return _state


def test_fifty_confirm_one_slot_one_booking():
    s = _setup()
    st, convs = s["st"], s["convs"]
    barrier = threading.Barrier(N)
    sids = [None] * N

    def go(i):
        barrier.wait()
        sids[i] = convs[i].send("oui")

    ts = [threading.Thread(target=go, args=(i,)) for i in range(N)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    booked = taken = 0
    for c, sid in zip(convs, sids):
        c.wait_turn(sid, timeout=TURN_WAIT)
        r = " ".join(c.new_replies())
        if "réservé" in r:
            booked += 1
            s["winner"] = c
        elif "vient d'être pris" in r:
            taken += 1
            s.setdefault("losers", []).append(c)
        else:
            raise AssertionError("unexpected reply %r" % r)
    assert (booked, taken) == (1, N - 1), (booked, taken)
    n = int(st.sql_value(scenarios.FIND, s["clinic"], "booked", "Leal",
                         "Consultation", SLOT))
    assert n == 1, n
    total = int(st.sql_value("SELECT count(*) FROM appointments WHERE "
                             "clinic_id = :'p1'", s["clinic"]))
    assert total == 1, total


def test_cancel_frees_the_slot_for_another_patient():
    s = _setup()
    st = s["st"]
    assert "winner" in s, "the previous test did not run"
    w = s["winner"]
    r = " ".join(w.say("Je veux annuler mon rendez-vous"))
    assert "annuler le rendez-vous" in r, r
    r = " ".join(w.say("oui"))
    assert "annulé" in r, r
    other = s["losers"][0]
    r = " ".join(other.say(ASK))
    assert "Je récapitule" in r and "10:00" in r, r
    r = " ".join(other.say("oui"))
    assert "réservé" in r, r
    n = int(st.sql_value(scenarios.FIND, s["clinic"], "booked", "Leal",
                         "Consultation", SLOT))
    assert n == 1, n


def teardown():
    """Stop this suite's own stack (called by the harness after the tests)."""
    if "st" in _state:
        _state.pop("st").destroy()
        _state.pop("tw").stop()
        _state.clear()
