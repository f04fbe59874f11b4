"""The waitlist: a freed slot is offered on WhatsApp to the waiting
patients it fits (treatment, practitioner, window), the first yes gets
it atomically, the others keep their place; an offer expires; nobody is
booked or moved without their own yes; staff see and edit the list of
their clinic only.  Checked from the database and the fake Twilio."""
import json
import os
import sys
import threading
import uuid

from harness import wait_until

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scenarios"))

import run as scenarios  # noqa: E402

# Turns share the workers of a loaded machine: the waits guard against a
# turn or an offer that never comes; they time nothing.
WAIT = 90
_state = {}

PATIENT = """
INSERT INTO patients (clinic_id, phone, first_name, last_name, birth_date,
    language) VALUES (:'p1', :'p2', :'p3', 'Waiting', '1980-01-01', :'p4')
RETURNING id
"""

# A waiting entry: clinic, patient, treatment name, practitioner last
# name ('' for anyone), first and last local day of the window, language.
ENTRY = """
INSERT INTO waitlist (clinic_id, patient_id, treatment_type_id,
    practitioner_id, earliest, latest, language)
SELECT :'p1', :'p2', t.id,
    (SELECT id FROM practitioners WHERE clinic_id = :'p1'
     AND last_name = nullif(:'p4', '')),
    (:'p5')::date, (:'p6')::date, :'p7'
FROM treatment_types t WHERE t.clinic_id = :'p1' AND t.name = :'p3'
RETURNING id
"""

OFFERS = """
SELECT count(*) FROM waitlist_offers o JOIN waitlist w ON w.id = o.entry_id
WHERE w.clinic_id = :'p1' AND w.patient_id = :'p2' AND o.status = :'p3'
"""

BOOKED_OF = """
SELECT count(*) FROM appointments WHERE clinic_id = :'p1'
AND patient_id = :'p2' AND status = 'booked'
"""


def _setup():
    if "st" in _state:
        return _state
    st, tw = scenarios.start_stack(workers=2)
    _state.update(st=st, tw=tw)
    return _state


def _patient(st, clinic, lang="fr", away=False):
    """A patient who wrote a minute ago (inside WhatsApp's 24-hour window,
    where an offer may go as free text) or, away, three days ago."""
    phone = "+336%08d" % (uuid.uuid4().int % 100000000)
    pid = st.sql_value(PATIENT, clinic, phone, "P" + phone[-4:], lang)
    st.sql("INSERT INTO conversations (clinic_id, phone, language, "
           "last_inbound_at) VALUES (:'p1', :'p2', :'p3', now() - "
           "(:'p4')::interval)", clinic, phone, lang,
           "3 days" if away else "1 minute")
    return phone, pid


def _entry(st, clinic, pid, treat, prac, first, last, lang="fr"):
    return st.sql_value(ENTRY, clinic, pid, treat, prac, first, last, lang)


def _sent_to(tw, phone):
    return [m["form"]["Body"] for m in tw.get("/_messages")
            if m["form"].get("To") == "whatsapp:" + phone]


def _count(st, q, *p):
    return int(st.sql_value(q, *p))


def _free_by_cancel(st, clinic, number, when, treat="Consultation"):
    """A patient with a booked appointment with Dr Leal at `when` (local)
    cancels it through Sophie; returns nothing once it is cancelled."""
    phone, pid = _patient(st, clinic)
    st.sql(scenarios.APPT, clinic, pid, "Leal", treat, when)
    c = scenarios.Conversation(st, clinic, number, phone)
    c.say("Je veux annuler mon rendez-vous")
    c.say("oui")
    assert _count(st, scenarios.FIND, clinic, "cancelled", "Leal", treat,
                  when) == 1, c.new_replies()


def _offered(st, clinic, pid):
    return _count(st, OFFERS, clinic, pid, "offered")


def test_cancellation_offers_the_slot_to_those_it_fits_and_first_yes_wins():
    s = _setup()
    st, tw = s["st"], s["tw"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic, "fr")
    pb, idb = _patient(st, clinic, "en")
    pc, idc = _patient(st, clinic, "fr")
    pd, idd = _patient(st, clinic, "fr")
    _entry(st, clinic, ida, "Consultation", "", "2026-11-24",
           "2026-11-27", "fr")
    _entry(st, clinic, idb, "Consultation", "Leal", "2026-11-25",
           "2026-11-25", "en")
    # Another treatment; another window: neither fits.
    _entry(st, clinic, idc, "Détartrage", "", "2026-11-24", "2026-11-27")
    _entry(st, clinic, idd, "Consultation", "", "2026-12-10", "2026-12-20")
    _free_by_cancel(st, clinic, number, "2026-11-25 10:00")
    assert wait_until(lambda: _offered(st, clinic, ida) == 1 and
                      _offered(st, clinic, idb) == 1, timeout=WAIT), \
        st.sql("SELECT * FROM waitlist_offers")
    assert wait_until(lambda: _sent_to(tw, pa) and _sent_to(tw, pb),
                      timeout=WAIT)
    assert _offered(st, clinic, idc) == 0 and _offered(st, clinic, idd) == 0
    assert not _sent_to(tw, pc) and not _sent_to(tw, pd)
    # Each in their language.
    assert scenarios.language(_sent_to(tw, pa)[0])[0] == "fr", \
        _sent_to(tw, pa)
    assert scenarios.language(_sent_to(tw, pb)[0])[0] == "en", \
        _sent_to(tw, pb)
    # Offered is not booked: nobody has it before their yes.
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-11-25 10:00") == 0
    ca = scenarios.Conversation(st, clinic, number, pa)
    cb = scenarios.Conversation(st, clinic, number, pb)
    ca.new_replies()
    cb.new_replies()
    # THE RACE: both answer yes at the same moment.
    barrier = threading.Barrier(2)
    sids = [None, None]

    def go(i, c, text):
        barrier.wait()
        sids[i] = c.send(text)

    ts = [threading.Thread(target=go, args=(0, ca, "oui")),
          threading.Thread(target=go, args=(1, cb, "yes"))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    ca.wait_turn(sids[0], timeout=WAIT)
    cb.wait_turn(sids[1], timeout=WAIT)
    ra, rb = ca.new_replies(), cb.new_replies()
    # One reply each.
    assert len(ra) == 1 and len(rb) == 1, (ra, rb)
    # Exactly one appointment in the slot, for one of them.
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-11-25 10:00") == 1
    won = [_count(st, BOOKED_OF, clinic, i) for i in (ida, idb)]
    assert sorted(won) == [0, 1], won
    loser = ida if won[0] == 0 else idb
    winner = idb if won[0] == 0 else ida
    assert st.sql_value("SELECT status FROM waitlist WHERE patient_id = "
                        ":'p1'", winner) == "booked"
    # The loser stays on the list.
    assert st.sql_value("SELECT status FROM waitlist WHERE patient_id = "
                        ":'p1'", loser) == "waiting"
    assert _count(st, "SELECT count(*) FROM waitlist_offers o JOIN "
                  "waitlist w ON w.id = o.entry_id WHERE w.clinic_id = "
                  ":'p1' AND o.status = 'accepted'", clinic) == 1
    # No overlap anywhere in the clinic.
    assert _count(st, "SELECT count(*) FROM appointments a JOIN "
                  "appointments b ON a.id < b.id AND a.clinic_id = "
                  "b.clinic_id AND a.practitioner_id = b.practitioner_id "
                  "AND a.status = 'booked' AND b.status = 'booked' AND "
                  "tstzrange(a.starts_at, a.ends_at) && "
                  "tstzrange(b.starts_at, b.ends_at) WHERE a.clinic_id = "
                  ":'p1'", clinic) == 0


def test_no_declines_and_nothing_is_booked_without_yes():
    s = _setup()
    st, tw = s["st"], s["tw"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic)
    _entry(st, clinic, ida, "Consultation", "", "2026-11-24", "2026-11-27")
    _free_by_cancel(st, clinic, number, "2026-11-26 11:00")
    assert wait_until(lambda: _offered(st, clinic, ida) == 1, timeout=WAIT)
    ca = scenarios.Conversation(st, clinic, number, pa)
    ca.new_replies()
    r = ca.say("non merci")
    assert len(r) == 1, r
    assert _count(st, BOOKED_OF, clinic, ida) == 0
    assert _count(st, OFFERS, clinic, ida, "declined") == 1
    assert st.sql_value("SELECT status FROM waitlist WHERE patient_id = "
                        ":'p1'", ida) == "waiting"


def test_the_others_are_told_the_slot_is_gone():
    s = _setup()
    st, tw = s["st"], s["tw"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic)
    pb, idb = _patient(st, clinic)
    _entry(st, clinic, ida, "Consultation", "", "2026-11-24", "2026-11-27")
    _entry(st, clinic, idb, "Consultation", "", "2026-11-24", "2026-11-27")
    _free_by_cancel(st, clinic, number, "2026-11-26 16:00")
    assert wait_until(lambda: _offered(st, clinic, ida) == 1 and
                      _offered(st, clinic, idb) == 1, timeout=WAIT)
    assert wait_until(lambda: _sent_to(tw, pb), timeout=WAIT)
    ca = scenarios.Conversation(st, clinic, number, pa)
    ca.new_replies()
    ca.say("oui")
    assert _count(st, BOOKED_OF, clinic, ida) == 1
    # B said nothing: told once that it went, stays waiting, books
    # nothing, and a late yes books nothing either.
    assert wait_until(lambda: _count(st, OFFERS, clinic, idb, "gone") == 1
                      and len(_sent_to(tw, pb)) == 2, timeout=WAIT), \
        _sent_to(tw, pb)
    assert st.sql_value("SELECT status FROM waitlist WHERE patient_id = "
                        ":'p1'", idb) == "waiting"
    cb = scenarios.Conversation(st, clinic, number, pb)
    cb.new_replies()
    cb.say("oui")
    assert _count(st, BOOKED_OF, clinic, idb) == 0
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-11-26 16:00") == 1


def test_a_few_at_a_time_and_leaving_passes_the_slot_on():
    s = _setup()
    st, tw = s["st"], s["tw"]
    clinic, number = scenarios.new_clinic(st)
    st.sql("UPDATE clinics SET waitlist_batch = 1 WHERE id = :'p1'", clinic)
    pa, ida = _patient(st, clinic)
    pb, idb = _patient(st, clinic)
    _entry(st, clinic, ida, "Consultation", "", "2026-11-24", "2026-11-27")
    _entry(st, clinic, idb, "Consultation", "", "2026-11-24", "2026-11-27")
    _free_by_cancel(st, clinic, number, "2026-11-27 11:00")
    # One at a time: the first to join is offered it, not the second.
    assert wait_until(lambda: _offered(st, clinic, ida) == 1, timeout=WAIT)
    assert _offered(st, clinic, idb) == 0 and not _sent_to(tw, pb)
    ca = scenarios.Conversation(st, clinic, number, pa)
    ca.new_replies()
    r = ca.say("Retirez-moi de la liste d'attente")
    assert len(r) == 1, r
    assert st.sql_value("SELECT status FROM waitlist WHERE patient_id = "
                        ":'p1'", ida) == "cancelled"
    # The slot goes on to the next one; nobody is booked.
    assert wait_until(lambda: _offered(st, clinic, idb) == 1, timeout=WAIT)
    assert _count(st, BOOKED_OF, clinic, ida) == 0
    assert _count(st, BOOKED_OF, clinic, idb) == 0


def test_offer_expires_and_the_patient_keeps_the_place():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic)
    _entry(st, clinic, ida, "Consultation", "", "2026-11-24", "2026-11-27")
    _free_by_cancel(st, clinic, number, "2026-11-26 14:00")
    assert wait_until(lambda: _offered(st, clinic, ida) == 1, timeout=WAIT)
    # (The stack's clock is fixed: the offer's time runs out by fiat.)
    st.sql("UPDATE waitlist_offers o SET expires_at = '2020-01-01' "
           "FROM waitlist w WHERE w.id = o.entry_id "
           "AND w.patient_id = :'p1'", ida)
    st.sql("INSERT INTO jobs (kind, clinic_id, payload) VALUES "
           "('waitlist_scan', NULL, '{}'); NOTIFY sophie_jobs")
    assert wait_until(lambda: _count(st, OFFERS, clinic, ida,
                                     "expired") == 1, timeout=WAIT)
    assert st.sql_value("SELECT status FROM waitlist WHERE patient_id = "
                        ":'p1'", ida) == "waiting"
    # A yes after the expiry books nothing.
    ca = scenarios.Conversation(st, clinic, number, pa)
    ca.new_replies()
    ca.say("oui")
    assert _count(st, BOOKED_OF, clinic, ida) == 0


def test_earlier_slot_moves_the_appointment_only_after_yes():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic)
    st.sql(scenarios.APPT, clinic, ida, "Leal", "Consultation",
           "2026-12-03 09:00")
    appt = st.sql_value("SELECT id FROM appointments WHERE patient_id = "
                        ":'p1'", ida)
    e = _entry(st, clinic, ida, "Consultation", "Leal", "2026-11-24",
               "2026-12-02")
    st.sql("UPDATE waitlist SET appointment_id = :'p1' WHERE id = :'p2'",
           appt, e)
    _free_by_cancel(st, clinic, number, "2026-11-27 09:00")
    assert wait_until(lambda: _offered(st, clinic, ida) == 1, timeout=WAIT)
    # Offered only: the appointment has not moved.
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-12-03 09:00") == 1
    ca = scenarios.Conversation(st, clinic, number, pa)
    ca.new_replies()
    ca.say("oui")
    assert _count(st, BOOKED_OF, clinic, ida) == 1
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-11-27 09:00") == 1
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-12-03 09:00") == 0


def test_patient_joins_and_leaves_the_list_in_conversation():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic)
    ca = scenarios.Conversation(st, clinic, number, pa)
    r = ca.say("Je voudrais une consultation avec le Dr Leal lundi 30 "
               "novembre")
    assert r, r
    r = ca.say("Prévenez-moi si une place se libère plus tôt")
    assert len(r) == 1, r
    assert _count(st, "SELECT count(*) FROM waitlist WHERE patient_id = "
                  ":'p1'", ida) == 0
    r = ca.say("oui")
    assert len(r) == 1, r
    assert st.sql_value("SELECT t.name FROM waitlist w JOIN "
                        "treatment_types t ON t.id = w.treatment_type_id "
                        "WHERE w.patient_id = :'p1' AND w.status = "
                        "'waiting'", ida) == "Consultation"
    r = ca.say("Retirez-moi de la liste d'attente")
    assert len(r) == 1, r
    assert st.sql_value("SELECT status FROM waitlist WHERE patient_id = "
                        ":'p1'", ida) == "cancelled"


def test_staff_list_and_remove_only_in_their_clinic():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    other, _ = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic)
    e = _entry(st, clinic, ida, "Consultation", "", "2026-11-24",
               "2026-11-27")
    em, eo = "wl%s@example.org" % clinic[:8], "wl%s@example.org" % other[:8]
    st.ctl("user", "add", "--clinic", clinic, "--email", em,
           "--password", "waitlist-pass-1")
    st.ctl("user", "add", "--clinic", other, "--email", eo,
           "--password", "waitlist-pass-2")
    h = {"Accept": "application/json"}
    h["Authorization"] = "Bearer " + _mint_here(st, em)
    r = st.get("/clinic/%s/admin/waitlist" % clinic, headers=h)
    assert r.status == 200, (r.status, r.body[:300])
    rows = r.json()["waitlist"]
    assert [x["id"] for x in rows] == [e], rows
    assert rows[0]["treatment"] == "Consultation"
    assert rows[0]["status"] == "waiting"
    # Another clinic's staff: not their page, and their list is empty.
    ho = {"Accept": "application/json",
          "Authorization": "Bearer " + _mint_here(st, eo)}
    r = st.get("/clinic/%s/admin/waitlist" % clinic, headers=ho)
    assert r.status in (403, 404), r.status
    r = st.get("/clinic/%s/admin/waitlist" % other, headers=ho)
    assert r.status == 200 and r.json()["waitlist"] == [], r.body[:300]
    r = st.request("POST", "/clinic/%s/admin/waitlist/%s/remove" % (
        other, e), body=b"{}", headers=dict(ho, **{
            "Content-Type": "application/json"}))
    assert st.sql_value("SELECT status FROM waitlist WHERE id = :'p1'",
                        e) == "waiting", r.status
    # Removal without the CSRF token from a browser cookie: refused.
    cookie = {"Cookie": "sophie=" + _mint_here(st, em)}
    r = st.post_form("/clinic/%s/admin/waitlist/%s/remove" % (clinic, e),
                     {}, headers=cookie)
    assert r.status == 403, r.status
    assert st.sql_value("SELECT status FROM waitlist WHERE id = :'p1'",
                        e) == "waiting"
    r = st.request("POST", "/clinic/%s/admin/waitlist/%s/remove" % (
        clinic, e), body=b"{}", headers=dict(h, **{
            "Content-Type": "application/json"}))
    assert r.status in (200, 303), (r.status, r.body[:300])
    assert st.sql_value("SELECT status FROM waitlist WHERE id = :'p1'",
                        e) == "cancelled"
    assert _count(st, "SELECT count(*) FROM audit_log WHERE clinic_id = "
                  ":'p1' AND action = 'waitlist.remove'", clinic) == 1
    # Staff add a patient (journaled); a patient of another clinic: no.
    treat = st.sql_value("SELECT id FROM treatment_types WHERE clinic_id = "
                         ":'p1' AND name = 'Consultation'", clinic)
    pb, idb = _patient(st, clinic)
    r = st.request("POST", "/clinic/%s/admin/waitlist" % clinic,
                   body=json.dumps({"patientId": idb, "treatmentId": treat,
                                    "earliest": "2026-11-24",
                                    "latest": "2026-11-30",
                                    "partOfDay": "morning"}).encode(),
                   headers=dict(h, **{"Content-Type": "application/json"}))
    assert r.status in (200, 201, 303), (r.status, r.body[:300])
    assert st.sql_value("SELECT status || ' ' || part_of_day FROM waitlist "
                        "WHERE patient_id = :'p1'", idb) == "waiting morning"
    assert _count(st, "SELECT count(*) FROM audit_log WHERE clinic_id = "
                  ":'p1' AND action = 'waitlist.add'", clinic) == 1
    po, ido = _patient(st, other)
    r = st.request("POST", "/clinic/%s/admin/waitlist" % clinic,
                   body=json.dumps({"patientId": ido, "treatmentId": treat,
                                    "earliest": "2026-11-24",
                                    "latest": "2026-11-30"}).encode(),
                   headers=dict(h, **{"Content-Type": "application/json"}))
    assert r.status == 404, (r.status, r.body[:300])
    assert _count(st, "SELECT count(*) FROM waitlist WHERE patient_id = "
                  ":'p1'", ido) == 0
    # The page in French and English, linked from the navigation.
    for lang, title in (("fr", "attendent une place plus"),
                        ("en", "waiting for an earlier slot")):
        r = st.get("/clinic/%s/admin/waitlist" % clinic,
                   headers=dict(cookie, **{"Accept-Language": lang}))
        assert r.status == 200, r.status
        assert title in r.text, r.text[:400]
        assert 'href="/clinic/%s/admin/waitlist"' % clinic in r.text
        assert 'name="_csrf"' in r.text


def _mint_here(st, email):
    """A token signed with the stack's JWT_SECRET for that user."""
    import base64
    import hashlib
    import hmac
    import json
    import time
    with open(st.env_file()) as f:
        key = [ln.split("=", 1)[1].strip().strip('"') for ln in f
               if ln.startswith("JWT_SECRET=")][0]
    uid, ver, role, cid = st.sql(
        "SELECT id, token_version, role, coalesce(clinic_id::text, '') "
        "FROM clinic_users WHERE lower(email) = lower(:'p1')", email)[0]
    now = int(time.time())

    def b64u(b):
        return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    head = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + \
        "." + b64u(json.dumps({"sub": uid, "role": role, "clinic": cid,
                               "ver": int(ver), "jti": uuid.uuid4().hex,
                               "iat": 1767225600,
                               "exp": now + 3600}).encode())
    sig = hmac.new(key.encode(), head.encode(), hashlib.sha256).digest()
    return head + "." + b64u(sig)



def _offer_to(st, clinic, number, when, lang="fr"):
    """A waiting patient offered the slot freed at `when` (local, Dr
    Leal); returns (phone, patient id, conversation)."""
    pa, ida = _patient(st, clinic, lang)
    _entry(st, clinic, ida, "Consultation", "", "2026-11-24", "2026-11-27",
           lang)
    _free_by_cancel(st, clinic, number, when)
    assert wait_until(lambda: _offered(st, clinic, ida) == 1, timeout=WAIT)
    ca = scenarios.Conversation(st, clinic, number, pa)
    assert wait_until(lambda: ca.new_replies(), timeout=WAIT)
    return pa, ida, ca


def test_a_doubtful_yes_to_an_offer_books_nothing_and_asks_again():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida, ca = _offer_to(st, clinic, number, "2026-11-26 10:00")
    for text in ("Ok, je regarde mon agenda et je reviens vers vous",
                 "Oui mais plutôt à 16h ?",
                 "yes? how long is it?",
                 "oui mais seulement le matin"):
        r = ca.say(text)
        assert len(r) == 1, (text, r, st.sql(
            "SELECT status, last_error FROM jobs WHERE clinic_id = :'p1' "
            "ORDER BY created_at DESC LIMIT 2", clinic))
        assert _count(st, BOOKED_OF, clinic, ida) == 0, (text, r)
        assert _offered(st, clinic, ida) == 1, (text, r)
    # The offer was asked again: a plain yes still takes it.
    r = ca.say("oui")
    assert len(r) == 1, r
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-11-26 10:00") == 1, r
    assert _count(st, BOOKED_OF, clinic, ida) == 1


def test_a_doubtful_yes_to_the_join_recap_joins_nothing():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic)
    ca = scenarios.Conversation(st, clinic, number, pa)
    assert ca.say("Je voudrais une consultation avec le Dr Leal lundi 30 "
                  "novembre")
    r = ca.say("Prévenez-moi si une place se libère plus tôt")
    assert len(r) == 1, r
    # The recap names whom the list is for (family phones).
    assert "P" + pa[-4:] in r[0], r
    r = ca.say("oui mais seulement le matin")
    assert len(r) == 1, r
    assert _count(st, "SELECT count(*) FROM waitlist WHERE patient_id = "
                  ":'p1'", ida) == 0, r
    r = ca.say("oui")
    assert len(r) == 1, r
    assert _count(st, "SELECT count(*) FROM waitlist WHERE patient_id = "
                  ":'p1' AND status = 'waiting'", ida) == 1, r


def test_the_offer_names_the_patient_it_is_for():
    s = _setup()
    st, tw = s["st"], s["tw"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida, ca = _offer_to(st, clinic, number, "2026-11-26 15:00")
    assert wait_until(lambda: _sent_to(tw, pa), timeout=WAIT)
    assert "P" + pa[-4:] in _sent_to(tw, pa)[0], _sent_to(tw, pa)


def test_no_offer_while_the_patient_has_a_message_unanswered():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic)
    pb, idb = _patient(st, clinic)
    _entry(st, clinic, ida, "Consultation", "", "2026-11-24", "2026-11-27")
    _entry(st, clinic, idb, "Consultation", "", "2026-11-24", "2026-11-27")
    # A's message is in, its turn not yet run.
    conv = st.sql_value("SELECT id FROM conversations WHERE clinic_id = "
                        ":'p1' AND phone = :'p2'", clinic, pa)
    st.sql("INSERT INTO messages (clinic_id, conversation_id, direction, "
           "body, from_number, status) VALUES (:'p1', :'p2', 'inbound', "
           "'oui', :'p3', 'received')", clinic, conv, pa)
    _free_by_cancel(st, clinic, number, "2026-11-26 16:00")
    assert wait_until(lambda: _offered(st, clinic, idb) == 1, timeout=WAIT)
    assert _offered(st, clinic, ida) == 0


def test_a_message_older_than_the_offer_is_not_its_answer():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida, ca = _offer_to(st, clinic, number, "2026-11-26 11:00")
    # The offer as if written after the patient's next message.
    st.sql("UPDATE waitlist_offers o SET created_at = now() + "
           "interval '1 hour' FROM waitlist w WHERE w.id = o.entry_id "
           "AND w.patient_id = :'p1'", ida)
    r = ca.say("oui")
    assert len(r) == 1, r
    assert _count(st, BOOKED_OF, clinic, ida) == 0, r
    assert _offered(st, clinic, ida) == 1, r
    # The offer asked again: the next yes, written after it, takes it.
    st.sql("UPDATE waitlist_offers o SET created_at = now() - "
           "interval '1 minute' FROM waitlist w WHERE w.id = o.entry_id "
           "AND w.patient_id = :'p1'", ida)
    r = ca.say("oui")
    assert len(r) == 1, r
    assert _count(st, BOOKED_OF, clinic, ida) == 1, r


def test_a_yes_to_a_slot_no_longer_free_books_nothing():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida, ca = _offer_to(st, clinic, number, "2026-11-26 09:00")
    # Dr Leal is away that morning, added since the offer.
    st.sql("INSERT INTO practitioner_absences (clinic_id, practitioner_id, "
           "starts_at, ends_at) SELECT :'p1', id, "
           "'2026-11-26 08:00'::timestamp AT TIME ZONE 'Europe/Paris', "
           "'2026-11-26 12:00'::timestamp AT TIME ZONE 'Europe/Paris' "
           "FROM practitioners WHERE clinic_id = :'p1' AND "
           "last_name = 'Leal'", clinic)
    r = ca.say("oui")
    assert len(r) == 1, r
    assert _count(st, BOOKED_OF, clinic, ida) == 0, r
    assert _count(st, OFFERS, clinic, ida, "gone") == 1, r


def test_a_yes_inside_the_offer_time_counts_after_an_hour():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida, ca = _offer_to(st, clinic, number, "2026-11-26 17:00")
    # The offer was written 61 minutes ago; it stands for longer.
    st.sql("UPDATE conversations SET context = jsonb_set(context, '{t}', "
           "to_jsonb((context->>'t')::bigint - 3660)) WHERE "
           "clinic_id = :'p1' AND phone = :'p2'", clinic, pa)
    st.sql("UPDATE waitlist_offers o SET expires_at = expires_at + "
           "interval '2 hours' FROM waitlist w WHERE w.id = o.entry_id "
           "AND w.patient_id = :'p1'", ida)
    r = ca.say("oui")
    assert len(r) == 1, r
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-11-26 17:00") == 1, r


def test_a_slot_given_then_freed_again_is_offered_again():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida, ca = _offer_to(st, clinic, number, "2026-11-25 15:00")
    ca.say("oui")
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-11-25 15:00") == 1
    pb, idb = _patient(st, clinic)
    _entry(st, clinic, idb, "Consultation", "", "2026-11-24", "2026-11-27")
    r = ca.say("Je veux annuler mon rendez-vous")
    r = ca.say("oui")
    # The first holder's and this one: both cancelled.
    assert _count(st, scenarios.FIND, clinic, "cancelled", "Leal",
                  "Consultation", "2026-11-25 15:00") == 2, r
    assert wait_until(lambda: _offered(st, clinic, idb) == 1, timeout=WAIT)
    cb = scenarios.Conversation(st, clinic, number, pb)
    assert wait_until(lambda: cb.new_replies(), timeout=WAIT)
    r = cb.say("oui")
    assert _count(st, scenarios.FIND, clinic, "booked", "Leal",
                  "Consultation", "2026-11-25 15:00") == 1, r
    assert _count(st, BOOKED_OF, clinic, idb) == 1, r


def test_an_offer_deleted_meanwhile_is_answered():
    s = _setup()
    st = s["st"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida, ca = _offer_to(st, clinic, number, "2026-11-27 10:00")
    st.sql("DELETE FROM waitlist_offers o USING waitlist w WHERE "
           "w.id = o.entry_id AND w.patient_id = :'p1'", ida)
    r = ca.say("oui")
    assert len(r) == 1, r
    assert _count(st, BOOKED_OF, clinic, ida) == 0, r


# --- outside WhatsApp's 24-hour window --------------------------------------

WL_SID = "HX" + "2c3d" * 8


def _forms_to(tw, phone):
    return [m["form"] for m in tw.get("/_messages")
            if m["form"].get("To") == "whatsapp:" + phone]


def test_offer_outside_the_window_goes_as_the_clinic_template():
    s = _setup()
    st, tw = s["st"], s["tw"]
    clinic, number = scenarios.new_clinic(st)
    st.sql("UPDATE clinics SET waitlist_content_sid = :'p2' WHERE id = "
           ":'p1'", clinic, WL_SID)
    pa, ida = _patient(st, clinic, "en", away=True)
    _entry(st, clinic, ida, "Consultation", "Leal", "2026-11-25",
           "2026-11-25", "en")
    _free_by_cancel(st, clinic, number, "2026-11-25 11:00")
    assert wait_until(lambda: _forms_to(tw, pa), timeout=WAIT), \
        st.sql("SELECT status, error_code FROM messages m JOIN "
               "conversations c ON c.id = m.conversation_id WHERE "
               "c.phone = :'p1'", pa)
    f = _forms_to(tw, pa)
    assert len(f) == 1 and f[0].get("ContentSid") == WL_SID, f
    assert not f[0].get("Body"), f
    v = json.loads(f[0]["ContentVariables"])
    assert v["1"] == "Consultation" and "Leal" in v["2"], v
    assert v["4"] == "11:00" and v["3"], v
    assert _offered(st, clinic, ida) == 1
    # the patient's yes to the template books it, as to the text
    c = scenarios.Conversation(st, clinic, number, pa)
    r = c.say("yes")
    assert _count(st, BOOKED_OF, clinic, ida) == 1, r


def test_offer_outside_the_window_without_template_not_sent_staff_told():
    s = _setup()
    st, tw = s["st"], s["tw"]
    clinic, number = scenarios.new_clinic(st)
    pa, ida = _patient(st, clinic, "fr", away=True)
    pb, idb = _patient(st, clinic, "fr")
    _entry(st, clinic, ida, "Consultation", "Leal", "2026-11-25",
           "2026-11-25", "fr")
    _entry(st, clinic, idb, "Consultation", "Leal", "2026-11-25",
           "2026-11-25", "fr")
    _free_by_cancel(st, clinic, number, "2026-11-25 16:00")
    # the slot goes on to the patient who can be written to
    assert wait_until(lambda: _offered(st, clinic, idb) == 1,
                      timeout=WAIT)
    assert wait_until(lambda: _sent_to(tw, pb), timeout=WAIT)
    # the first one: nothing sent, why recorded, still waiting, staff told
    rows = st.sql("SELECT m.status, m.error_code FROM messages m JOIN "
                  "conversations c ON c.id = m.conversation_id WHERE "
                  "c.phone = :'p1' AND m.direction = 'outbound'", pa)
    assert rows == [["not_sent", "outside_window"]], rows
    assert _forms_to(tw, pa) == []
    assert _offered(st, clinic, ida) == 0
    assert st.sql_value("SELECT status FROM waitlist WHERE id = (SELECT "
                        "id FROM waitlist WHERE patient_id = :'p1')",
                        ida) == "waiting"
    assert _count(st, "SELECT count(*) FROM staff_alerts s JOIN "
                  "conversations c ON c.id = s.conversation_id WHERE "
                  "c.phone = :'p1' AND s.seen_at IS NULL", pa) == 1



WL_GONE_SID = "HX" + "4e5f" * 8


def test_slot_gone_notice_outside_the_window_goes_as_its_template():
    s = _setup()
    st, tw = s["st"], s["tw"]
    clinic, number = scenarios.new_clinic(st)
    st.sql("UPDATE clinics SET waitlist_closed_content_sid = :'p2' WHERE "
           "id = :'p1'", clinic, WL_GONE_SID)
    pa, ida = _patient(st, clinic)
    pb, idb = _patient(st, clinic)
    _entry(st, clinic, ida, "Consultation", "", "2026-11-24", "2026-11-27")
    _entry(st, clinic, idb, "Consultation", "", "2026-11-24", "2026-11-27")
    _free_by_cancel(st, clinic, number, "2026-11-26 17:00")
    assert wait_until(lambda: _offered(st, clinic, ida) == 1 and
                      _offered(st, clinic, idb) == 1, timeout=WAIT)
    assert wait_until(lambda: _sent_to(tw, pb), timeout=WAIT)
    # B's window closes while the offer stands; A takes the slot
    st.sql("UPDATE conversations SET last_inbound_at = now() - interval "
           "'2 days' WHERE clinic_id = :'p1' AND phone = :'p2'", clinic, pb)
    ca = scenarios.Conversation(st, clinic, number, pa)
    ca.new_replies()
    ca.say("oui")
    assert _count(st, BOOKED_OF, clinic, ida) == 1
    assert wait_until(lambda: len(_forms_to(tw, pb)) == 2, timeout=WAIT), \
        _forms_to(tw, pb)
    f = _forms_to(tw, pb)[1]
    assert f.get("ContentSid") == WL_GONE_SID and not f.get("Body"), f
    v = json.loads(f["ContentVariables"])
    assert v["2"] == "17:00" and v["1"], v


def teardown():
    """Stop this suite's own stack (called by the harness after the tests)."""
    if "st" in _state:
        _state.pop("st").destroy()
        _state.pop("tw").stop()
        _state.clear()
