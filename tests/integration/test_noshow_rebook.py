"""The no-show message's answer (issue 21, item 3): after Sophie writes
to a patient who missed an appointment ("would you like to book a new
one?"), a bare "oui" / "yes" starts the rebooking of the same treatment
(free slots proposed, nothing booked before the recap's yes), a "no"
books nothing, and naming a day still works.  Played through the real
stack (signed webhooks, the worker, the fake Twilio) with the scenario
runner's fixed clock, on a copy of the demo clinic per test."""
import os
import re
import sys
import uuid

from harness import wait_until

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scenarios"))

import run as scenarios  # noqa: E402

# Turns share the workers of a loaded machine: the waits guard against a
# message that never comes; they time nothing.
WAIT = 90
_state = {}

PATIENT = """
INSERT INTO patients (clinic_id, phone, first_name, last_name, birth_date,
    language) VALUES (:'p1', :'p2', 'Camille', :'p3', '1984-02-03', :'p4')
RETURNING id
"""

BOOKED = """
SELECT count(*) FROM appointments WHERE clinic_id = :'p1'
AND patient_id = :'p2' AND status = 'booked'
"""

# A time of day as Sophie writes it in a proposal ("10:30", "14h00").
TIME = re.compile(r"\b\d{1,2}(:|h)\d{2}\b")


def _setup():
    if "st" not in _state:
        st, tw = scenarios.start_stack(workers=2)
        _state.update(st=st, tw=tw)
    return _state["st"], _state["tw"]


def teardown():
    if "st" in _state:
        _state["st"].destroy()
        _state["tw"].stop()
        _state.clear()


def _missed(lang):
    """A patient of a new clinic who wrote this morning and missed an
    appointment (Détartrage with Dr Leal) an hour before the clock;
    marked no-show, Sophie's message to them is waited for.  Returns
    (conversation, clinic, patient id, the no-show message)."""
    st, tw = _setup()
    clinic, number = scenarios.new_clinic(st)
    phone = "+336%08d" % (uuid.uuid4().int % 100000000)
    pid = st.sql_value(PATIENT, clinic, phone, "R" + phone[-5:], lang)
    st.sql(scenarios.APPT, clinic, pid, "Leal", "Détartrage",
           "2026-11-23 09:00")
    c = scenarios.Conversation(st, clinic, number, phone)
    c.say("Bonjour" if lang == "fr" else "Hello")
    st.sql("UPDATE appointments SET status = 'no_show' WHERE clinic_id = "
           ":'p1' AND patient_id = :'p2'", clinic, pid)
    got = []
    assert wait_until(lambda: got.extend(
        r for r in c.new_replies()) or got, timeout=WAIT), \
        "no no-show message"
    assert int(st.sql_value(
        "SELECT count(*) FROM messages WHERE clinic_id = :'p1' AND "
        "template_key = 'noshow'", clinic)) == 1, got
    return c, clinic, pid, got[-1]


def test_bare_oui_starts_the_rebooking():
    c, clinic, pid, msg = _missed("fr")
    replies = c.say("oui")
    assert len(replies) == 1, replies
    r = replies[0]
    # Free times of the missed treatment are proposed; nothing booked.
    assert TIME.search(r), r
    assert re.search(r"d[ée]tartrage", r, re.I), r
    assert not re.search(r"pas compris|reformuler", r, re.I), r
    assert _state["st"].sql_value(BOOKED, clinic, pid) == "0"


def test_bare_yes_in_english_starts_the_rebooking():
    c, clinic, pid, msg = _missed("en")
    replies = c.say("yes")
    assert len(replies) == 1, replies
    r = replies[0]
    assert TIME.search(r), r
    assert re.search(r"cleaning|scaling|d[ée]tartrage", r, re.I), r
    assert scenarios.language(r)[0] == "en", r
    assert _state["st"].sql_value(BOOKED, clinic, pid) == "0"


def test_no_books_nothing_and_a_day_still_works():
    c, clinic, pid, msg = _missed("fr")
    replies = c.say("non merci")
    assert len(replies) == 1, replies
    assert not TIME.search(replies[0]), replies
    assert _state["st"].sql_value(BOOKED, clinic, pid) == "0"
    c2, clinic2, pid2, _ = _missed("fr")
    replies = c2.say("mercredi prochain le matin pour un détartrage")
    assert len(replies) == 1, replies
    assert TIME.search(replies[0]), replies
    assert _state["st"].sql_value(BOOKED, clinic2, pid2) == "0"
