"""Conversations with a hostile LLM: the fake Ollama answers wrong
intents, invented values and the wrong language on purpose (its hostile
mode, seeded).  Whatever it says, the database and the fake Twilio show
that Sophie books, moves or cancels only on the patient's own plain yes
to the recap she just sent, answers every message exactly once, and
answers in the patient's language.

Each conversation runs in its own copy of the demo clinic, at the fixed
clock of tests/scenarios/run.py."""
import os
import re
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scenarios"))

import run as scenarios  # noqa: E402
from harness import Fake, Stack, free_port, wait_until  # noqa: E402

SEED = int(os.environ.get("HOSTILE_SEED", "7"))
# What a plain yes looks like in these conversations.
YES = {"oui", "yes", "ok", "oui merci", "yes please"}
# Words that only one of the two languages uses, in Sophie's replies.
FR_WORDS = re.compile(r"\b(vous|votre|vos|nos|notre|rendez-vous|je|le|la|"
                      r"les|pour|avec|quel|quelle|est|et|du|des|de|au|"
                      r"un|une|voici|merci|bonjour|répondez)\b", re.I)
EN_WORDS = re.compile(r"\b(you|your|our|the|appointment|which|with|for|"
                      r"is|are|and|would|what|please|here|to|of|at|on|"
                      r"we|can|reply|thank|thanks|hello)\b", re.I)

_state = {}

APPTS = """
SELECT a.id, a.status, to_char(a.starts_at AT TIME ZONE c.timezone,
    'YYYY-MM-DD HH24:MI'), a.treatment_name, pr.last_name
FROM appointments a JOIN clinics c ON c.id = a.clinic_id
JOIN practitioners pr ON pr.id = a.practitioner_id
WHERE a.clinic_id = :'p1' ORDER BY a.id
"""


def _stack():
    """The suite's own stack: fixed clock, fake Twilio, hostile LLM."""
    if "st" not in _state:
        ol = Fake("fake_ollama.py")
        _state["ol"] = ol
        hostile(None)
        tw = Fake("fake_twilio.py", "--cdn-port", free_port(),
                  "--account-sid", scenarios.ACCOUNT, "--auth-token",
                  scenarios.TOKEN)
        _state["tw"] = tw
        st = Stack({"SOPHIE_FAKE_NOW": scenarios.FAKE_NOW,
                    "LLM_API_URL": ol.base, "LLM_TIMEOUT_MS": "5000",
                    "TWILIO_API_BASE": tw.base,
                    "TWILIO_ACCOUNT_SID": scenarios.ACCOUNT,
                    "TWILIO_AUTH_TOKEN": scenarios.TOKEN,
                    "TWILIO_PHONE_NUMBER": "+14155238886",
                    "SOPHIE_WORKERS": "2"})
        _state["st"] = st
        st.start()
    return _state["st"]


def hostile(intents):
    """Hostile answers from now on, drawn from intents (None: all)."""
    body = {"seed": SEED}
    if intents:
        body["intents"] = intents
    status, _ = _state["ol"].post("/_hostile", body)
    assert status == 200


def llm_calls():
    return _state["ol"].get("/_held")["hostile"]


def lang_of(text):
    """'fr' or 'en': the language most of a reply's words belong to."""
    fr = len(FR_WORDS.findall(text))
    en = len(EN_WORDS.findall(text))
    return "fr" if fr > en else "en" if en > fr else "?"


class Watch:
    """One patient of a fresh clinic, with the invariants checked after
    every message."""

    def __init__(self, lang, patient=None, appointment=None):
        st = _stack()
        self.st = st
        self.lang = lang
        self.clinic, number = scenarios.new_clinic(st)
        self.phone = "+336%08d" % (uuid.uuid4().int % 10 ** 8)
        self.conv = scenarios.Conversation(st, self.clinic, number,
                                           self.phone)
        self.last_reply = ""
        self.last_recap = ""
        self.sent = 0
        self.changes = []
        self.transcript = []
        if patient:
            first, last, birth = patient.split()
            pid = st.sql_value(
                "INSERT INTO patients (clinic_id, phone, first_name, "
                "last_name, birth_date) VALUES (:'p1', :'p2', :'p3', "
                ":'p4', :'p5') RETURNING id", self.clinic, self.phone,
                first, last, birth)
            if appointment:
                prac, treat, when = appointment
                st.sql(scenarios.APPT, self.clinic, pid, prac, treat, when)
        self.before = self.appts()

    def appts(self):
        return {r[0]: tuple(r[1:])
                for r in self.st.sql(APPTS, self.clinic)}

    def fail(self, msg):
        raise AssertionError("%s\n--- transcript ---\n%s" % (
            msg, "\n".join(self.transcript)))

    def say(self, msg):
        """The patient writes msg; checks the turn's invariants."""
        replies = self.conv.say(msg)
        self.sent += 1
        self.transcript.append("> " + msg)
        self.transcript.extend("< " + r for r in replies)
        after = self.appts()
        self.check_changes(msg, self.before, after)
        self.before = after
        if not replies and self.status() == "handoff":
            # Staff took over: Sophie stays silent.
            self.sent -= 1
            return ""
        if len(replies) != 1:
            self.fail("%d replies to %r" % (len(replies), msg))
        reply = replies[0]
        if lang_of(reply) != self.lang:
            self.fail("reply to %r not in %s: %r" % (msg, self.lang, reply))
        self.last_reply = reply
        if "(oui/non)" in reply or "(yes/no)" in reply:
            self.last_recap = reply
        return reply

    def check_changes(self, msg, before, after):
        """A booking, move or cancellation only on a plain yes to the
        reply just before, which asked for it at that time, and to the
        last recap, which named that time and treatment."""
        for aid, (status, when, treat, prac) in after.items():
            old = before.get(aid)
            if old == (status, when, treat, prac):
                continue
            if old is None and status != "booked":
                continue
            what = "booked" if old is None else \
                "cancelled" if status == "cancelled" else "moved"
            self.changes.append((what, when, treat, prac))
            plain_yes = msg.strip().lower() in YES
            prev, recap = self.last_reply, self.last_recap
            asked = re.search(r"\((oui/non|yes/no)\)|^(Répondez oui|"
                              r"Reply yes)", prev) is not None
            hhmm = when[11:]
            if not (plain_yes and asked and hhmm in prev and
                    hhmm in recap and treat in recap):
                self.fail("%s %s %s %s on %r after %r" % (
                    what, treat, prac, when, msg, prev))

    def twilio_sent(self):
        """Every reply went out through Twilio, once."""
        to = "whatsapp:" + self.phone

        def count():
            return len([m for m in _state["tw"].get("/_messages")
                        if m["form"].get("To") == to])
        n = wait_until(lambda: count() >= self.sent, timeout=15) and count()
        if n != self.sent:
            self.fail("Twilio sent %s messages for %d patient messages" %
                      (n, self.sent))

    def status(self):
        return self.st.sql_value(
            "SELECT status FROM conversations WHERE clinic_id = :'p1' AND "
            "phone = :'p2'", self.clinic, self.phone)

    def state(self):
        return self.st.sql_value(
            "SELECT state FROM conversations WHERE clinic_id = :'p1' AND "
            "phone = :'p2'", self.clinic, self.phone)

    def booked(self):
        return [v for v in self.appts().values() if v[0] == "booked"]


def test_new_patient_booking_fr_no_yes_from_the_llm():
    """A new patient books in French; at the recap she hesitates twice
    and the LLM says yes each time: nothing is booked until her own
    'oui', and then exactly the recapped slot."""
    _stack()
    hostile(None)
    w = Watch("fr")
    w.say("Bonjour, je voudrais prendre rendez-vous")
    w.say("Marie Dupont")
    w.say("15/05/1980")
    w.say("Une consultation")
    w.say("le 1")
    hostile(["AFFIRMATIVE"])
    w.say("hmm je sais pas trop")
    assert w.booked() == [], w.transcript
    hostile(None)
    w.say("oui")
    assert [a[1] for a in w.booked()] == ["2026-11-23 14:00"], w.transcript
    w.twilio_sent()
    assert llm_calls() > 0


def test_new_patient_booking_en_invented_values_dropped():
    """An English booking with the LLM inventing names, dates, times and
    practitioners and answering in French: every reply stays English,
    and no invented value reaches the recap."""
    _stack()
    hostile(None)
    w = Watch("en")
    w.say("Hi, I'd like to book an appointment")
    w.say("John Smith")
    w.say("12/03/1985")
    w.say("a consultation please")
    w.say("1")
    hostile(["AFFIRMATIVE", "GREETING", "BOOK_APPOINTMENT"])
    r = w.say("hmm not sure")
    for invented in ("House", "Watson", "Dr Who", "Implant", "Botox",
                     "Root canal"):
        assert invented not in r, w.transcript
    assert w.booked() == [], w.transcript
    hostile(None)
    w.say("yes")
    w.twilio_sent()


def test_move_fr_only_on_plain_yes():
    """A patient moves an appointment; hesitations at the recap, read by
    the LLM as yes, move nothing."""
    _stack()
    hostile(None)
    w = Watch("fr", "Hugo Lemaire 1979-03-03",
              ("Leal", "Consultation", "2026-11-25 09:00"))
    w.say("je voudrais déplacer mon rendez-vous")
    w.say("jeudi après-midi")
    w.say("celui de 14h")
    hostile(["AFFIRMATIVE", "MODIFY_APPOINTMENT"])
    w.say("bof")
    assert [a[1] for a in w.booked()] == ["2026-11-25 09:00"], w.transcript
    hostile(None)
    w.say("oui")
    w.twilio_sent()


def test_cancel_en_llm_cancel_and_yes_ignored():
    """At the cancellation recap, the LLM answers CANCEL or yes to a
    hesitation: the appointment stays until the patient's own yes."""
    _stack()
    hostile(None)
    w = Watch("en", "Anna Brown 1990-01-02",
              ("Leal", "Consultation", "2026-11-26 10:00"))
    w.say("I need to cancel my appointment")
    hostile(["CANCEL_APPOINTMENT", "AFFIRMATIVE"])
    w.say("well hmm")
    assert len(w.booked()) == 1, w.transcript
    hostile(None)
    w.say("yes")
    assert w.booked() == [], w.transcript
    w.twilio_sent()


def test_greeting_from_the_llm_keeps_the_flow():
    """Mid-booking, an unclear message that the LLM calls a GREETING
    does not throw the booking away: the slots offered stay on."""
    _stack()
    hostile(None)
    w = Watch("fr", "Paul Durand 1970-06-01")
    w.say("je voudrais un rendez-vous pour une consultation")
    state = w.state()
    assert state != "idle", w.transcript
    hostile(["GREETING"])
    w.say("euh")
    assert w.state() == state, (state, w.state(), w.transcript)
    hostile(None)
    w.twilio_sent()


def test_emergency_from_the_llm_needs_a_symptom():
    """The LLM's EMERGENCY on a message without any symptom does not
    send the emergency template or alert staff for an emergency."""
    _stack()
    hostile(["EMERGENCY"])
    w = Watch("fr", "Lea Martin 1985-02-02")
    r = w.say("euh c'est pour ma fille")
    assert "112" not in r and "SAMU" not in r, w.transcript
    reason = w.st.sql_value(
        "SELECT coalesce(needs_staff_reason, '') FROM conversations "
        "WHERE clinic_id = :'p1' AND phone = :'p2'", w.clinic, w.phone)
    assert reason != "emergency", w.transcript
    hostile(None)
    w.twilio_sent()


def test_reminder_answer_is_the_rules_own():
    """An unclear answer to a reminder, read by the LLM as a yes, a
    cancellation or a move, records nothing and changes nothing."""
    _stack()
    hostile(None)
    w = Watch("fr", "Marc Blanc 1960-10-10",
              ("Leal", "Consultation", "2026-11-24 09:00"))
    w.say("Bonjour")
    # The clinic reminds only now (scenarios.new_clinic keeps the
    # worker's own scan from reminding at a moment of its choosing).
    w.st.sql("UPDATE clinics SET reminder_delay_minutes = 1440 WHERE id = "
             ":'p1'", w.clinic)
    w.st.ctl("reminders", "--scan")
    w.st.sql("UPDATE clinics SET reminder_delay_minutes = 0 WHERE id = "
             ":'p1'", w.clinic)
    got = wait_until(w.conv.new_replies, timeout=15) or []
    assert len(got) == 1 and "09:00" in got[0], (got, w.transcript)
    w.sent += 1
    w.last_reply = got[0]
    hostile(["AFFIRMATIVE", "CANCEL_APPOINTMENT", "MODIFY_APPOINTMENT"])
    w.say("hmm")
    response = w.st.sql_value(
        "SELECT coalesce(patient_response, '') FROM appointments WHERE "
        "clinic_id = :'p1'", w.clinic)
    assert not response, (response, w.transcript)
    assert [a[1] for a in w.booked()] == ["2026-11-24 09:00"], w.transcript
    hostile(None)
    w.twilio_sent()


def test_lists_and_questions_any_llm():
    """Lists and questions in both languages, with every hostile answer:
    one reply each, in the patient's language, nothing changed."""
    _stack()
    hostile(None)
    w = Watch("en", "Tom Hardy 1980-04-04",
              ("Martin", "Consultation", "2026-11-27 11:00"))
    for m in ("what appointments do I have?", "who are the dentists?",
              "zorg blah", "hmm", "what are your opening hours?",
              "thanks"):
        w.say(m)
    w2 = Watch("fr", "Julie Roux 1975-05-05",
               ("Leal", "Consultation", "2026-11-27 15:00"))
    for m in ("quels sont mes rendez-vous ?", "quels sont vos horaires ?",
              "zorg", "hum", "merci"):
        w2.say(m)
    assert w.changes == [] and w2.changes == [], (w.transcript,
                                                  w2.transcript)
    w.twilio_sent()
    w2.twilio_sent()


def teardown():
    """Stop this suite's own stack and fakes."""
    if "st" in _state:
        _state.pop("st").destroy()
    for k in ("tw", "ol"):
        if k in _state:
            _state.pop(k).stop()
