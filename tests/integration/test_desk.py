"""The reception desk (issue 17, items 4-6): cancel after a confirmation,
the patient told on WhatsApp only when asked, no-show only after the
start, undo the same day, move by picking a free slot, patient edit and
merge, a new appointment from the patient page, reminder states.

Checks the database and the fake Twilio, not the wording."""
import html
import json
import random
import re
import time
import uuid

import test_admin as ta
from harness import shared_fake, wait_until
from test_admin import base, bearer, clinic, get_html, get_json, st
from test_agenda import weekday_ahead   # open days within the horizon

OUT = ("SELECT count(*) FROM messages m JOIN conversations c ON "
       "c.id = m.conversation_id WHERE c.phone = :'p1' AND "
       "m.direction = 'outbound'")


def phone(prefix="+3366"):
    return "%s%07d" % (prefix, random.randint(0, 9999999))


def send(method, path, obj, token=None):
    return ta.send_json(method, base() + path, obj, token)


def browser_post(path, fields):
    return ta.post_browser(base() + path, fields)


def patient(lang=None, first="Desk", last=None, ph=None, cid=None):
    """A new patient of the clinic: (id, phone)."""
    ph = ph or phone()
    pid = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name, "
        "language) VALUES (:'p1', :'p2', :'p3', :'p4', "
        "nullif(:'p5', '')) RETURNING id", cid or clinic(), ph, first,
        last or "P%06d" % random.randint(0, 999999), lang or "")
    return pid, ph


def practitioner():
    """A practitioner of its own, so direct inserts never overlap."""
    return st().sql_value(
        "INSERT INTO practitioners (clinic_id, first_name, last_name) "
        "VALUES (:'p1', 'Desk', :'p2') RETURNING id", clinic(),
        "T%06d" % random.randint(0, 999999))


def appointment(prac, pat, when, minutes=30, treat=None):
    """An appointment inserted directly; when is an SQL timestamptz
    expression written here (never user data)."""
    return st().sql_value(
        "INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
        "treatment_type_id, starts_at, ends_at, source) VALUES (:'p1', "
        ":'p2', :'p3', nullif(:'p4', '')::uuid, (" + when + ")::timestamptz, "
        "(" + when + ")::timestamptz + make_interval(mins => :'p5'), "
        "'admin') RETURNING id",
        clinic(), prac, pat, treat or "", str(minutes))


def status(aid):
    return st().sql_value("SELECT status FROM appointments WHERE id = "
                          ":'p1'", aid)


def wrote_recently(ph):
    st().sql("INSERT INTO conversations (clinic_id, phone, last_inbound_at) "
             "VALUES (:'p1', :'p2', now() - interval '1 minute')",
             clinic(), ph)


def twilio_to(ph):
    return [m for m in shared_fake("twilio").get("/_messages")
            if m["form"].get("To", "").endswith(ph)]


def demo_ids():
    prs = get_json(base() + "/practitioners")["items"]
    trs = get_json(base() + "/treatments")["items"]
    p = next(x for x in prs if x["lastName"] == "Leal")
    t = next(x for x in trs if x["name"] == "Consultation")
    return p["id"], t["id"]


# --- item 4: cancel, no-show, undo, move -------------------------------------

def test_cancel_needs_confirmation_and_tells_patient_only_when_asked():
    prac = practitioner()
    en, en_ph = patient(lang="en", first="John")
    wrote_recently(en_ph)
    aid = appointment(prac, en, "'2031-04-01 10:00+02'")
    # the confirmation page names the patient and changes nothing
    text = get_html(base() + "/appointments/%s/confirm-cancel" % aid)
    assert "John" in text and 'name="notify"' in text, text[:2000]
    assert status(aid) == "booked"
    # a bare form post (no confirmation) is sent to the confirmation
    r = browser_post("/appointments/%s/cancel" % aid, {})
    assert r.status == 303 and r.header("Location").endswith(
        "/appointments/%s/confirm-cancel" % aid), r.headers
    assert status(aid) == "booked"
    # confirmed, with the notice asked for
    r = browser_post("/appointments/%s/cancel" % aid,
                     {"confirm": "1", "notify": "1"})
    assert r.status == 303, (r.status, r.body[:300])
    assert status(aid) == "cancelled"
    assert st().sql_value(OUT, en_ph) == "1"
    got = wait_until(lambda: twilio_to(en_ph), timeout=20)
    assert len(got) == 1, got
    assert "Your appointment" in got[0]["form"]["Body"], got
    # confirmed without the box: nothing queued, nothing sent
    fr, fr_ph = patient(lang="fr")
    wrote_recently(fr_ph)
    aid2 = appointment(prac, fr, "'2031-04-01 11:00+02'")
    r = browser_post("/appointments/%s/cancel" % aid2, {"confirm": "1"})
    assert r.status == 303, (r.status, r.body[:300])
    assert status(aid2) == "cancelled"
    assert st().sql_value(OUT, fr_ph) == "0"
    assert twilio_to(fr_ph) == []
    # journaled
    assert st().sql_value("SELECT count(*) FROM audit_log WHERE entity_id "
                          "= :'p1' AND action = 'appointment.cancel'",
                          aid2) == "1"


def test_no_show_refused_before_start_allowed_after():
    prac = practitioner()
    pat, _ = patient()
    future = appointment(prac, pat, "now() + interval '3 hours'")
    r = send("POST", "/appointments/%s/no-show" % future, {})
    assert r.status == 409 and r.json()["error"], (r.status, r.body)
    r = browser_post("/appointments/%s/no-show" % future, {})
    assert r.status == 409, r.status
    assert "text/html" in r.header("Content-Type")
    assert status(future) == "booked"
    past = appointment(prac, pat, "now() - interval '2 hours'")
    r = send("POST", "/appointments/%s/no-show" % past, {})
    assert r.status == 200, r.body
    assert status(past) == "no_show"


def test_undo_restores_same_day_refused_when_slot_taken():
    prac = practitioner()
    pat, _ = patient()
    past = appointment(prac, pat, "now() - interval '1 hour'")
    assert send("POST", "/appointments/%s/no-show" % past, {}).status == 200
    r = browser_post("/appointments/%s/undo" % past, {})
    assert r.status == 303, (r.status, r.body[:300])
    assert status(past) == "booked"
    assert st().sql_value("SELECT count(*) FROM audit_log WHERE entity_id "
                          "= :'p1' AND action = 'appointment.undo'",
                          past) == "1"
    # a cancellation whose slot someone else took since
    fut = appointment(prac, pat, "'2031-05-06 09:00+02'")
    assert send("POST", "/appointments/%s/cancel" % fut,
                {"notify": False}).status == 200
    other, _ = patient()
    taken = appointment(prac, other, "'2031-05-06 09:00+02'")
    r = send("POST", "/appointments/%s/undo" % fut, {})
    assert r.status == 409, (r.status, r.body)
    assert status(fut) == "cancelled" and status(taken) == "booked"
    # a change of another day cannot be undone
    st().sql("UPDATE appointments SET status = 'cancelled' WHERE id = "
             ":'p1'", taken)
    st().sql("UPDATE appointment_status_history SET changed_at = now() - "
             "interval '2 days' WHERE appointment_id = :'p1'", taken)
    r = send("POST", "/appointments/%s/undo" % taken, {})
    assert r.status in (404, 409, 422), (r.status, r.body)
    assert status(taken) == "cancelled"


def minutes(slot):
    h, m = slot["time"].split(":")
    return int(h) * 60 + int(m)


def free_day(aid):
    """A date within two weeks with two free slots of appointment aid
    two hours apart: (date, [first, second])."""
    for k in range(2, 16):
        d = st().sql_value("SELECT (now() + make_interval(days => "
                           ":'p1'))::date", str(k))
        o = get_json(base() + "/appointments/%s/slots?date=%s" % (aid, d))
        far = [s for s in o["slots"] if o["slots"] and
               minutes(s) - minutes(o["slots"][0]) >= 120]
        if far:
            return d, [o["slots"][0], far[0]]
    raise AssertionError("no free day")


def test_move_to_free_slot_and_taken_slot_refused():
    prac, treat = demo_ids()
    pat, _ = patient()
    aid = appointment(prac, pat, "'2033-01-04 10:00+01'", treat=treat)
    d, slots = free_day(aid)
    html = get_html(base() + "/appointments/%s/slots?date=%s" % (aid, d))
    assert html.count('name="starts_at"') >= 2, html[:3000]
    r = browser_post("/appointments/%s/move" % aid,
                     {"starts_at": slots[0]["startsAt"]})
    assert r.status == 303, (r.status, r.body[:300])
    got = st().sql_value("SELECT to_char(a.starts_at AT TIME ZONE "
                         "c.timezone, 'YYYY-MM-DD\"T\"HH24:MI') FROM "
                         "appointments a JOIN clinics c ON c.id = "
                         "a.clinic_id WHERE a.id = :'p1'", aid)
    assert got == slots[0]["startsAt"], (got, slots[0])
    # someone takes another slot; moving there is refused
    other, _ = patient()
    r = send("POST", "/appointments", {
        "practitionerId": prac, "treatmentId": treat,
        "startsAt": slots[1]["startsAt"], "patientId": other})
    assert r.status == 201, (r.status, r.body)
    oid = r.json()["id"]
    r = browser_post("/appointments/%s/move" % aid,
                     {"starts_at": slots[1]["startsAt"]})
    assert r.status == 409, r.status
    assert st().sql_value("SELECT to_char(a.starts_at AT TIME ZONE "
                          "c.timezone, 'YYYY-MM-DD\"T\"HH24:MI') FROM "
                          "appointments a JOIN clinics c ON c.id = "
                          "a.clinic_id WHERE a.id = :'p1'", aid) == got
    # the taken slot is no longer offered
    o = get_json(base() + "/appointments/%s/slots?date=%s" % (aid, d))
    assert slots[1]["startsAt"] not in [s["startsAt"] for s in o["slots"]]
    assert status(oid) == "booked"


def test_move_page_names_the_day_and_jumps_a_week():
    """A patient asks to move to next week: the move page says which day
    it shows ("jeudi 06/01/2033", not an ISO date) and one link leads to
    the same weekday a week later (and before)."""
    prac, treat = demo_ids()
    pat, _ = patient()
    aid = appointment(prac, pat, "'2033-01-04 10:00+01'", treat=treat)
    page = get_html(base() + "/appointments/%s/slots?date=2033-01-06" % aid)
    nav = re.search(r'<p class="slots-nav">(.*?)</p>', page, re.S)
    assert nav, page[:3000]
    nav = nav.group(1)
    assert "<b>jeudi 06/01/2033</b>" in nav, nav
    links = dict((html.unescape(t), html.unescape(h)) for h, t in
                 re.findall(r'<a href="([^"]*)">([^<]*)</a>', nav))
    assert links["Semaine suivante »"].endswith("/slots?date=2033-01-13"), \
        links
    assert links["« Semaine précédente"].endswith("/slots?date=2032-12-30"), \
        links
    assert links["Jour suivant →"].endswith("/slots?date=2033-01-07"), links
    page = get_html(links["Semaine suivante »"])
    assert "<b>jeudi 13/01/2033</b>" in page, page[:3000]


# --- item 5: patients --------------------------------------------------------

def test_patient_edit_normalises_phone_and_refuses_duplicate():
    pid, _ = patient()
    n = random.randint(0, 9999999)
    r = browser_post("/patients/%s" % pid, {
        "first_name": "Éloïse", "last_name": "Modifiée",
        "phone": "06 1%d %02d %02d %02d" % (n % 10, n // 10 % 100,
                                            n // 1000 % 100, n // 100000),
        "birth_date": "1980-02-03", "language": "en", "notes": "allergie"})
    assert r.status == 303, (r.status, r.body[:300])
    row = st().sql("SELECT first_name, phone, birth_date, language, notes "
                   "FROM patients WHERE id = :'p1'", pid)[0]
    assert row[0] == "Éloïse" and re.fullmatch(r"\+3361\d{7}", row[1]), row
    assert row[2:] == ["1980-02-03", "en", "allergie"], row
    # another patient's phone: refused, merge offered
    other, other_ph = patient()
    r = browser_post("/patients/%s" % pid, {
        "first_name": "Éloïse", "last_name": "Modifiée", "phone": other_ph})
    assert r.status == 409, r.status
    assert "/patients/%s/merge?other=%s" % (pid, other) in r.text or \
        "/patients/%s/merge?other=%s" % (other, pid) in r.text, r.text[:3000]
    assert st().sql_value("SELECT phone FROM patients WHERE id = :'p1'",
                          pid) == row[1]
    r = send("PUT", "/patients/%s" % pid, {"phone": "12"})
    assert r.status == 422, r.status


def test_merge_moves_appointments_and_conversations():
    keep, _ = patient(first="Garde")
    gone, gone_ph = patient(first="Doublon")
    prac = practitioner()
    aid = appointment(prac, gone, "'2031-06-01 10:00+02'")
    cid = st().sql_value("INSERT INTO conversations (clinic_id, phone, "
                         "patient_id) VALUES (:'p1', :'p2', :'p3') "
                         "RETURNING id", clinic(), gone_ph, gone)
    text = get_html(base() + "/patients/%s/merge?other=%s" % (keep, gone))
    assert "Doublon" in text and "Garde" in text
    assert st().sql_value("SELECT count(*) FROM patients WHERE id = :'p1'",
                          gone) == "1"
    r = browser_post("/patients/%s/merge" % keep, {"other_id": gone})
    assert r.status == 303, (r.status, r.body[:300])
    assert st().sql_value("SELECT count(*) FROM patients WHERE id = :'p1'",
                          gone) == "0"
    assert st().sql_value("SELECT patient_id FROM appointments WHERE id = "
                          ":'p1'", aid) == keep
    assert st().sql_value("SELECT patient_id FROM conversations WHERE id = "
                          ":'p1'", cid) == keep
    assert st().sql_value("SELECT count(*) FROM audit_log WHERE action = "
                          "'patient.merge' AND entity_id = :'p1'",
                          keep) == "1"
    # another clinic's patient is not ours to merge
    cid_b, _ = ta.second_clinic()
    foreign, _ = patient(cid=cid_b)
    r = send("POST", "/patients/%s/merge" % keep, {"otherId": foreign})
    assert r.status == 404, r.status
    assert st().sql_value("SELECT count(*) FROM patients WHERE id = :'p1'",
                          foreign) == "1"


def test_patient_page_new_appointment_preselects_and_books():
    pid, ph = patient(first="Préselection")
    prac, treat = demo_ids()
    text = get_html(base() + "/patients/%s" % pid)
    m = re.search(r'href="([^"]*/appointments/new\?patient_id=[^"]+)"', text)
    assert m, text[:3000]
    link = m.group(1).replace("&amp;", "&")
    r = st().get(link, headers={"Cookie": ta.browser()[0]})
    assert r.status == 200, (r.status, r.body[:300])
    assert re.search(r'name="patient_id" value="%s"' % pid, r.text) or \
        re.search(r'value="%s"[^>]*selected' % pid, r.text), r.text[:3000]
    n = st().sql_value("SELECT count(*) FROM patients WHERE clinic_id = "
                       ":'p1'", clinic())
    r = browser_post("/appointments", {
        "practitioner_id": prac, "treatment_id": treat,
        "starts_at": weekday_ahead(29) + "T10:00", "patient_id": pid})
    assert r.status == 303, (r.status, r.body[:300])
    assert st().sql_value("SELECT count(*) FROM appointments WHERE "
                          "patient_id = :'p1'", pid) == "1"
    assert st().sql_value("SELECT count(*) FROM patients WHERE clinic_id = "
                          ":'p1'", clinic()) == n


def test_patient_page_lists_every_status():
    pid, _ = patient()
    prac = practitioner()
    a = appointment(prac, pid, "'2031-07-01 10:00+02'")
    b = appointment(prac, pid, "'2031-07-02 10:00+02'")
    st().sql("UPDATE appointments SET status = 'cancelled' WHERE id = "
             ":'p1'", b)
    o = get_json(base() + "/patients/%s" % pid)
    assert sorted(x["id"] for x in o["appointments"]) == sorted([a, b])


# --- item 6: reminders -------------------------------------------------------

def test_reminder_state_shown_after_delivered_callback():
    prac = practitioner()
    pat, ph = patient(lang="fr")
    wrote_recently(ph)
    aid = appointment(prac, pat, "now() + interval '3 hours'")
    st().ctl("reminders", "--scan")
    row = wait_until(lambda: st().sql(
        "SELECT m.twilio_sid FROM messages m JOIN conversations c ON c.id "
        "= m.conversation_id WHERE c.phone = :'p1' AND m.template_key = "
        "'reminder' AND m.twilio_sid IS NOT NULL", ph), timeout=20)
    assert row, "reminder not sent"
    sid = row[0][0]
    o = get_json(base() + "/appointments/%s" % aid)
    assert "reminder" in [m["kind"] for m in o["messages"]], o
    r = st().webhook({"MessageSid": sid, "MessageStatus": "delivered",
                      "AccountSid": "AC" + "0" * 31 + "1"},
                     path_suffix="/status")
    assert r.status == 200
    o = get_json(base() + "/appointments/%s" % aid)
    assert ("reminder", "delivered") in [(m["kind"], m["state"])
                                         for m in o["messages"]], o
    text = get_html(base() + "/appointments/%s" % aid)
    assert "delivered" in text or "distribué" in text, text[:3000]
    # its row in the list says it too
    o = get_json(base() + "/appointments?practitioner_id=" + prac)
    assert [x["reminder"] for x in o["items"] if x["id"] == aid] == \
        ["delivered"], o
    # the patient answers: the reminder reads answered
    st().sql("UPDATE appointments SET patient_response = 'confirmed', "
             "patient_response_at = now() WHERE id = :'p1'", aid)
    o = get_json(base() + "/appointments/%s" % aid)
    assert ("reminder", "answered") in [(m["kind"], m["state"])
                                        for m in o["messages"]], o


def _sent_reminder(pat, when):
    aid = appointment(practitioner(), pat, when)
    st().ctl("reminders", "--scan")
    row = wait_until(lambda: st().sql(
        "SELECT m.twilio_sid FROM messages m WHERE m.appointment_id = "
        ":'p1' AND m.template_key = 'reminder' AND m.twilio_sid IS NOT "
        "NULL", aid), timeout=20)
    assert row, "reminder not sent"
    return aid, row[0][0]


def _status(sid, status, **extra):
    f = {"MessageSid": sid, "MessageStatus": status,
         "AccountSid": "AC" + "0" * 31 + "1"}
    f.update(extra)
    r = st().webhook(f, path_suffix="/status")
    assert r.status == 200, (r.status, r.body[:200])


def _reminder_state(aid):
    o = get_json(base() + "/appointments/%s" % aid)
    return [m["state"] for m in o["messages"] if m["kind"] == "reminder"]


def test_reminder_read_then_failed_states_shown():
    """Staff see a reminder the patient has read, and one Twilio could
    not deliver (with the page saying so), not only "sent"."""
    pat, ph = patient(lang="fr")
    wrote_recently(ph)
    aid, sid = _sent_reminder(pat, "now() + interval '3 hours'")
    _status(sid, "delivered")
    _status(sid, "read")
    assert _reminder_state(aid) == ["read"], _reminder_state(aid)
    # a late "delivered" does not move it back
    _status(sid, "delivered")
    assert _reminder_state(aid) == ["read"], _reminder_state(aid)
    aid2, sid2 = _sent_reminder(pat, "now() + interval '4 hours'")
    _status(sid2, "undelivered", ErrorCode="63016",
            ErrorMessage="outside the allowed window")
    assert _reminder_state(aid2) == ["failed"], _reminder_state(aid2)
    text = get_html(base() + "/appointments/%s" % aid2)
    assert re.search(r"failed|échec|échoué|non remis", text, re.I), \
        text[:3000]
