"""Clinic admin: practitioners, treatments, appointments, settings — both
representations, role and tenant checks, staff changes that message the
patient, the exclusion constraint's 409."""
import datetime
import json
import os
import random
import uuid

import test_admin as ta
from test_admin import base, bearer, clinic, get_html, get_json, st
from test_agenda import weekday_ahead

# Staff bookings follow the agenda's rules (horizon, hours, holidays):
# the days booked here are open weekdays within the booking horizon.
D = {k: weekday_ahead(20 + k) for k in range(1, 8)}


def fr(day):
    """YYYY-MM-DD as the French messages write it: DD/MM/YYYY."""
    y, m, d = day.split("-")
    return "%s/%s/%s" % (d, m, y)


def send(method, path, obj, token=None):
    return ta.send_json(method, base() + path, obj, token)


def demo_ids():
    prs = get_json(base() + "/practitioners")["items"]
    trs = get_json(base() + "/treatments")["items"]
    p = next(x for x in prs if x["lastName"] == "Leal")
    t = next(x for x in trs if x["name"] == "Consultation")
    return p["id"], t["id"], t["durationMinutes"]


def staff_token():
    uid, email, pw = ta.new_user(role="STAFF")
    return ta.mint(email)


# --- practitioners ---------------------------------------------------------

def test_practitioners_list_both_ways():
    o = get_json(base() + "/practitioners")
    names = {x["lastName"] for x in o["items"]}
    assert {"Leal", "Martin", "Bernard"} <= names, names
    html = get_html(base() + "/practitioners")
    assert "Leal" in html and 'name="_csrf"' in html


def test_practitioner_create_update_detail():
    r = send("POST", "/practitioners", {"firstName": "Anne",
             "lastName": "Test", "specialty": "Orthodontie"})
    assert r.status == 201, (r.status, r.body)
    pid = r.json()["id"]
    r = send("PUT", "/practitioners/" + pid, {"specialty": "Parodontie",
             "isActive": False})
    assert r.status == 200, r.body
    o = get_json(base() + "/practitioners/" + pid)
    assert o["specialty"] == "Parodontie" and o["isActive"] is False
    assert o["firstName"] == "Anne" and len(o["hours"]) == 7
    # the HTML form twin
    r = ta.post_browser(base() + "/practitioners/" + pid,
                        {"first_name": "Anne", "last_name": "Testée",
                         "is_active": "true", "specialty": ""})
    assert r.status == 303, r.status
    o = get_json(base() + "/practitioners/" + pid)
    assert o["lastName"] == "Testée" and o["specialty"] is None
    assert o["isActive"] is True
    html = get_html(base() + "/practitioners/" + pid)
    assert "Testée" in html and "/oauth/authorize?practitionerId=" in html
    r = send("POST", "/practitioners", {"firstName": "Sans"})
    assert r.status == 422


def test_practitioner_hours_absences_treatments_calendar():
    r = send("POST", "/practitioners", {"firstName": "Horaires",
             "lastName": "Test"})
    pid = r.json()["id"]
    r = send("PUT", "/practitioners/%s/hours" % pid,
             {"w0": "09:00-12:00 14:00-18:00", "w4": "08:30-12:30"})
    assert r.status == 200, r.body
    o = get_json(base() + "/practitioners/" + pid)
    assert o["hours"][0]["text"] == "09:00-12:00 14:00-18:00"
    assert o["hours"][4]["text"] == "08:30-12:30" and o["hours"][1]["text"] == ""
    for bad in ("9-12", "12:00-09:00", "09:00-12:00 11:00-13:00", "25:00-26:00"):
        r = send("PUT", "/practitioners/%s/hours" % pid, {"w0": bad})
        assert r.status == 422, bad
    r = send("POST", "/practitioners/%s/absences" % pid,
             {"starts_at": "2031-05-04T08:00", "ends_at": "2031-05-08T19:00",
              "reason": "Congrès"})
    assert r.status == 201, r.body
    aid = r.json()["id"]
    o = get_json(base() + "/practitioners/" + pid)
    assert o["absences"][0]["startsLocal"] == "2031-05-04 08:00"
    r = st().request("DELETE", base() + "/practitioners/%s/absences/%s" %
                     (pid, aid), headers=bearer())
    assert r.status == 200
    tids = [t["id"] for t in get_json(base() + "/treatments")["items"]][:2]
    r = send("PUT", "/practitioners/%s/treatments" % pid,
             {"treatmentIds": tids})
    assert r.status == 200, r.body
    o = get_json(base() + "/practitioners/%s/treatments" % pid)
    assert sorted(t["id"] for t in o["treatments"] if t["linked"]) == \
        sorted(tids)
    r = send("PUT", "/practitioners/%s/treatments" % pid,
             {"treatmentIds": ["nope"]})
    assert r.status == 422
    html = get_html(base() + "/practitioners/%s/treatments" % pid)
    assert "checked" in html
    r = send("PUT", "/practitioners/%s/calendar" % pid,
             {"calendarId": "cabinet@example.org"})
    assert r.status == 200, r.body
    o = get_json(base() + "/practitioners/" + pid)
    assert o["calendar"]["calendarId"] == "cabinet@example.org"
    assert o["calendar"]["status"] == "disconnected"


def test_staff_cannot_change_practitioners_or_settings():
    tok = staff_token()
    r = send("POST", "/practitioners", {"firstName": "X", "lastName": "Y"},
             token=tok)
    assert r.status == 403
    r = send("PUT", "/settings", {"name": "Pirate"}, token=tok)
    assert r.status == 403
    assert get_json(base() + "/practitioners", tok)["items"]


# --- treatments ------------------------------------------------------------

def test_treatments_crud():
    name = "Soin %s" % uuid.uuid4().hex[:6]
    r = send("POST", "/treatments", {"name": name, "durationMinutes": 45,
             "bufferMinutes": 10})
    assert r.status == 201, r.body
    tid = r.json()["id"]
    assert send("POST", "/treatments", {"name": name.upper(),
                "durationMinutes": 30}).status == 409
    assert send("POST", "/treatments", {"name": "Trop long",
                "durationMinutes": 9999}).status == 422
    r = send("PUT", "/treatments/" + tid, {"durationMinutes": 60})
    assert r.status == 200
    t = next(x for x in get_json(base() + "/treatments")["items"]
             if x["id"] == tid)
    assert t["durationMinutes"] == 60 and t["bufferMinutes"] == 10
    r = ta.post_browser(base() + "/treatments/%s/delete" % tid, {})
    assert r.status == 303
    assert all(x["id"] != tid for x in
               get_json(base() + "/treatments")["items"])
    assert send("PUT", "/treatments/" + tid, {"name": "x"}).status == 404
    html = get_html(base() + "/treatments")
    assert "Consultation" in html


def _treatment(tid):
    return next(x for x in get_json(base() + "/treatments")["items"]
                if x["id"] == tid)


def test_treatment_aliases_edit_both_ways():
    name = "Soin %s" % uuid.uuid4().hex[:6]
    r = send("POST", "/treatments", {"name": name, "durationMinutes": 30,
             "nameEn": "Deep polish", "aliasesFr": "grand ménage, coup "
             "d'éclat ,, grand ménage"})
    assert r.status == 201, r.body
    tid = r.json()["id"]
    t = _treatment(tid)
    assert t["nameEn"] == "Deep polish" and t["nameFr"] is None
    assert t["aliasesFr"] == "grand ménage, coup d'éclat", t
    assert t["aliasesEn"] == ""
    # the HTML form: every value escaped, CSRF required
    r = ta.post_browser(base() + "/treatments/" + tid,
                        {"aliases_en": "deep clean, <b>shine</b>",
                         "name_en": "Polish & \"shine\""})
    assert r.status == 303, r.status
    t = _treatment(tid)
    assert t["aliasesEn"] == "deep clean, <b>shine</b>"
    assert t["nameEn"] == 'Polish & "shine"'
    assert t["aliasesFr"] == "grand ménage, coup d'éclat"  # not sent: kept
    html = get_html(base() + "/treatments")
    assert "deep clean, &lt;b&gt;shine&lt;/b&gt;" in html
    assert "<b>shine</b>" not in html
    assert "Polish &amp; &quot;shine&quot;" in html
    assert 'name="aliases_fr"' in html and 'name="name_en"' in html
    r = ta.post_browser(base() + "/treatments/" + tid,
                        {"aliases_en": "forged"}, csrf=False)
    assert r.status == 403
    assert _treatment(tid)["aliasesEn"] == "deep clean, <b>shine</b>"
    # a word that is the new name is not kept twice; "" clears
    r = send("PUT", "/treatments/" + tid, {"nameEn": "deep clean",
             "aliasesFr": ""})
    assert r.status == 200, r.body
    t = _treatment(tid)
    assert t["nameEn"] == "deep clean" and t["aliasesEn"] == "<b>shine</b>"
    assert t["aliasesFr"] == ""


def test_treatment_aliases_bad_input_refused():
    tid = send("POST", "/treatments", {"name": "Soin %s" %
               uuid.uuid4().hex[:6], "durationMinutes": 30}).json()["id"]
    bad = [{"aliasesFr": ", ".join("mot%d" % i for i in range(31))},
           {"aliasesEn": "x" * 101},
           {"nameEn": "two, names"},
           {"nameFr": "y" * 101},
           {"aliasesFr": "bell\u0007"}]
    for b in bad:
        r = send("PUT", "/treatments/" + tid, b)
        assert r.status == 422, (b, r.status)
    r = send("POST", "/treatments", {"name": "Soin %s" %
             uuid.uuid4().hex[:6], "durationMinutes": 30,
             "nameEn": "a,b"})
    assert r.status == 422
    t = _treatment(tid)
    assert t["aliasesFr"] == "" and t["nameEn"] is None
    # another clinic cannot touch them
    _, tok_b = ta.second_clinic()
    r = send("PUT", "/treatments/" + tid, {"aliasesFr": "intrus"}, tok_b)
    assert r.status in (403, 404), r.status
    assert _treatment(tid)["aliasesFr"] == ""


def test_treatment_aliases_seed_defaults():
    """The defaults of sql/014, run again in a rolled-back transaction on
    the demo clinic's treatments: lay words and English names."""
    top = os.path.abspath(os.path.join(os.path.dirname(__file__), "..",
                                       ".."))
    with open(os.path.join(top, "sql", "014_treatment_aliases.sql"),
              encoding="utf-8") as f:
        text = f.read()
    seed = text[text.index("INSERT INTO treatment_aliases"):]
    q = ("BEGIN;\nDELETE FROM treatment_aliases;\n" + seed +
         "\nSELECT t.name, a.lang, a.alias, a.is_name FROM treatment_aliases "
         "a JOIN treatment_types t ON t.id = a.treatment_type_id "
         "WHERE a.clinic_id = '%s';\nROLLBACK;\n" % clinic())
    rows = {tuple(r) for r in st().sql(q)}
    names = {r[0] for r in rows}
    assert ("Détartrage", "en", "Cleaning", "t") in rows, rows
    assert ("Extraction", "fr", "arracher une dent", "f") in rows or \
        "Extraction" not in names, rows
    assert ("Blanchiment", "en", "Whitening", "t") in rows or \
        "Blanchiment" not in names
    assert all(r[0] != "Consultation" or r[3] == "f" for r in rows)


# --- appointments ------------------------------------------------------------

def last_outbound(phone):
    return st().sql("SELECT m.body, m.status FROM messages m JOIN "
                    "conversations c ON c.id = m.conversation_id WHERE "
                    "c.phone = :'p1' AND m.direction = 'outbound' ORDER BY "
                    "m.created_at DESC LIMIT 1", phone)[0]


def wrote_recently(phone):
    """The patient with this phone wrote on WhatsApp a minute ago: their
    conversation's 24-hour window is open."""
    st().sql("INSERT INTO conversations (clinic_id, phone, last_inbound_at) "
             "VALUES (:'p1', :'p2', now() - interval '1 minute')",
             clinic(), phone)


def test_appointment_create_move_cancel_message_the_patient():
    pid, tid, dur = demo_ids()
    phone = "+3362%07d" % random.randint(0, 9999999)
    wrote_recently(phone)
    r = send("POST", "/appointments", {"practitionerId": pid,
             "treatmentId": tid, "startsAt": D[1] + "T10:00",
             "phone": phone, "firstName": "Paul", "lastName": "Nouveau"})
    assert r.status == 201, (r.status, r.body)
    aid = r.json()["id"]
    assert r.json()["messageId"] and r.json()["patientNotified"] is True
    body, status = last_outbound(phone)
    assert status in ("pending", "accepted", "queued", "sending", "sent",
                      "delivered", "failed", "not_sent"), status
    assert fr(D[1]) + " à 10:00" in body and "Leal" in body, body
    row = st().sql("SELECT source, status, to_char(starts_at AT TIME ZONE "
                   "'Europe/Paris', 'HH24:MI'), extract(epoch FROM ends_at "
                   "- starts_at) / 60 FROM appointments WHERE id = :'p1'",
                   aid)[0]
    assert row[:3] == ["admin", "booked", "10:00"] and \
        int(float(row[3])) == dur, row
    assert st().sql_value("SELECT count(*) FROM jobs WHERE kind = "
                          "'send_message' AND payload->>'message_id' = "
                          ":'p1'", r.json()["messageId"]) == "1"
    # the same slot again: the exclusion constraint says no
    r2 = send("POST", "/appointments", {"practitionerId": pid,
              "treatmentId": tid, "startsAt": D[1] + "T10:00",
              "phone": phone, "firstName": "Autre", "lastName": "Patient"})
    assert r2.status == 409 and "slot taken" in r2.text, r2.body
    r = send("POST", "/appointments/%s/move" % aid,
             {"startsAt": D[2] + "T15:30"})
    assert r.status == 200, r.body
    assert "déplacé au %s à 15:30" % fr(D[2]) in last_outbound(phone)[0]
    r = send("POST", "/appointments/%s/cancel" % aid, {})
    assert r.status == 200
    assert "annulé" in last_outbound(phone)[0]
    assert send("POST", "/appointments/%s/cancel" % aid, {}).status == 404
    acts = [x[0] for x in st().sql(
        "SELECT action FROM audit_log WHERE entity_id = :'p1' ORDER BY id",
        aid)]
    assert acts == ["appointment.create", "appointment.move",
                    "appointment.cancel"], acts


def test_appointment_message_in_english_for_english_patient():
    pid, tid, _ = demo_ids()
    phone = "+4477%07d" % random.randint(0, 9999999)
    pat = st().sql_value("INSERT INTO patients (clinic_id, phone, "
                         "first_name, last_name, language) VALUES (:'p1', "
                         ":'p2', 'John', 'Smith', 'en') RETURNING id",
                         clinic(), phone)
    wrote_recently(phone)
    r = send("POST", "/appointments", {"practitionerId": pid,
             "treatmentId": tid, "startsAt": D[3] + "T09:00",
             "patientId": pat})
    assert r.status == 201, r.body
    body = last_outbound(phone)[0]
    assert body.startswith("Your appointment with") and \
        D[3] + " at 09:00" in body, body


def test_patient_outside_whatsapp_window_is_not_messaged_staff_told():
    """WhatsApp refuses free-form messages 24 hours after the patient's
    last one: nothing is queued, and the staff are told whom to call."""
    pid, tid, _ = demo_ids()
    phone = "+3364%07d" % random.randint(0, 9999999)
    outbound = ("SELECT count(*) FROM messages m JOIN conversations c ON "
                "c.id = m.conversation_id WHERE c.phone = :'p1' AND "
                "m.direction = 'outbound'")
    # a patient who never wrote (booked on the phone)
    r = send("POST", "/appointments", {"practitionerId": pid,
             "treatmentId": tid, "startsAt": D[4] + "T10:00",
             "phone": phone, "firstName": "Léa", "lastName": "Horsfenêtre"})
    assert r.status == 201, r.body
    aid = r.json()["id"]
    assert r.json()["patientNotified"] is False
    assert "messageId" not in r.json()
    assert st().sql_value(outbound, phone) == "0"
    # a browser moving it: redirected to the list, which says whom to call
    cookie, tok = ta.browser()
    r = st().post_form(base() + "/appointments/%s/move" % aid,
                       {"_csrf": tok, "starts_at": D[5] + "T11:00"},
                       headers={"Cookie": cookie})
    assert r.status == 303, (r.status, r.body[:300])
    loc = r.header("Location")
    assert loc.endswith("/appointments?unreached=%s" % aid), loc
    page = get_html(loc)
    assert "Léa Horsfenêtre n&#39;a pas été prévenu(e) sur WhatsApp" in \
        page, page[:3000]
    assert "<b>%s</b>" % phone in page and fr(D[5]) + " à 11:00" in page
    assert st().sql_value(outbound, phone) == "0"
    # no notice without the parameter, nor for an id of nothing
    assert "prévenu(e)" not in get_html(base() + "/appointments")
    assert "prévenu(e)" not in get_html(
        base() + "/appointments?unreached=" + str(uuid.uuid4()))
    # once the patient writes, the next change reaches them
    st().sql("UPDATE conversations SET last_inbound_at = now() WHERE "
             "clinic_id = :'p1' AND phone = :'p2'", clinic(), phone)
    r = send("POST", "/appointments/%s/cancel" % aid, {})
    assert r.status == 200 and r.json()["patientNotified"] is True, r.body
    assert st().sql_value(outbound, phone) == "1"
    assert "annulé" in last_outbound(phone)[0]


def test_appointment_no_show_list_filters_and_calendar():
    pid, tid, _ = demo_ids()
    phone = "+3363%07d" % random.randint(0, 9999999)
    r = send("POST", "/appointments", {"practitionerId": pid,
             "treatmentId": tid, "startsAt": D[6] + "T11:00",
             "phone": phone, "firstName": "Nina", "lastName": "Absente"})
    aid = r.json()["id"]
    # a future appointment: no-show is refused before the start
    # (test_desk); the lists are checked with one marked directly
    assert send("POST", "/appointments/%s/no-show" % aid, {}).status == 409
    st().sql("UPDATE appointments SET status = 'no_show' WHERE id = "
             ":'p1'", aid)
    o = get_json(base() + "/appointments?from=%s&to=%s&status=no_show" %
                 (D[6], D[6]))
    assert [x["id"] for x in o["items"]] == [aid], o
    o = get_json(base() + "/appointments?from=%s&to=%s&practitioner_id=%s"
                 % (D[6], D[6], pid))
    assert aid in [x["id"] for x in o["items"]]
    o = get_json(base() + "/appointments?view=week&date=" + D[6])
    monday = datetime.date.fromisoformat(D[6]) - datetime.timedelta(
        days=datetime.date.fromisoformat(D[6]).weekday())
    assert o["from"] == monday.isoformat() and len(o["days"]) == 7
    assert any(x["id"] == aid for d in o["days"] for x in d["items"])
    o = get_json(base() + "/appointments?view=day&date=" + D[6])
    assert len(o["days"]) == 1
    html = get_html(base() + "/appointments?view=week&date=" + D[6])
    assert "Absente" in html and D[6] in html
    html = get_html(base() + "/appointments?from=" + D[6])
    assert "Absente" in html and 'name="practitioner_id"' in html
    for q in ("from=14/03/2031", "status=evil", "practitioner_id=1",
              "view=week&date=x"):
        r = st().get(base() + "/appointments?" + q, headers=bearer())
        assert r.status == 400, q


def test_appointment_from_browser_form():
    pid, tid, _ = demo_ids()
    phone = "+3364%07d" % random.randint(0, 9999999)
    r = ta.post_browser(base() + "/appointments", {
        "practitioner_id": pid, "treatment_id": tid,
        "starts_at": D[4] + "T14:00", "phone": phone,
        "first_name": "Form", "last_name": "Ulaire"})
    assert r.status == 303, (r.status, r.body)
    assert st().sql_value("SELECT count(*) FROM appointments a JOIN "
                          "patients p ON p.id = a.patient_id WHERE "
                          "p.phone = :'p1'", phone) == "1"
    r = ta.post_browser(base() + "/appointments", {
        "practitioner_id": pid, "treatment_id": tid,
        "starts_at": D[4] + "T15:00", "phone": phone,
        "first_name": "Form", "last_name": "Ulaire"}, csrf=False)
    assert r.status == 403


def test_clinic_b_cannot_touch_clinic_a_appointments():
    pid, tid, _ = demo_ids()
    phone = "+3365%07d" % random.randint(0, 9999999)
    aid = send("POST", "/appointments", {"practitionerId": pid,
               "treatmentId": tid, "startsAt": D[5] + "T09:00",
               "phone": phone, "firstName": "A", "lastName": "A"}
               ).json()["id"]
    cid_b, tok_b = ta.second_clinic()
    for act in ("cancel", "no-show", "move"):
        r = ta.send_json("POST", base(cid_b) + "/appointments/%s/%s" %
                         (aid, act), {"startsAt": D[7] + "T09:00"},
                         tok_b)
        assert r.status == 404, (act, r.status)
    # booking with clinic A's practitioner from clinic B
    r = ta.send_json("POST", base(cid_b) + "/appointments",
                     {"practitionerId": pid, "treatmentId": tid,
                      "startsAt": D[7] + "T10:00", "phone": phone,
                      "firstName": "B", "lastName": "B"}, tok_b)
    assert r.status in (404, 422), r.status
    assert st().sql_value("SELECT status FROM appointments WHERE id = "
                          ":'p1'", aid) == "booked"
    for path in ("/practitioners/" + pid, "/treatments/" + tid):
        r = ta.send_json("PUT", base(cid_b) + path, {"name": "x",
                         "firstName": "x"}, tok_b)
        assert r.status == 404, (path, r.status)
    r = st().get(base(cid_b) + "/practitioners/" + pid, headers=bearer(tok_b))
    assert r.status == 404
    assert all(x["id"] != pid for x in
               get_json(base(cid_b) + "/practitioners", tok_b)["items"])


# --- settings --------------------------------------------------------------

def test_settings_get_update_hours_closures():
    o = get_json(base() + "/settings")
    assert o["timezone"] == "Europe/Paris" and len(o["hours"]) == 7
    old = o["name"]
    # a whole week of hours (a day left out keeps its hours): the demo's
    # week, so that the suites after this one book on open days
    week = {"w%d" % d: "08:30-12:30 14:00-18:30" for d in range(5)}
    week.update({"w5": "09:00-12:00", "w6": ""})
    r = send("PUT", "/settings", dict(week, emergencyNumbers="15 / 112",
             reminderDelayMinutes=720))
    assert r.status == 200, r.body
    o = get_json(base() + "/settings")
    assert o["emergencyNumbers"] == "15 / 112" and o["name"] == old
    assert o["reminderDelayMinutes"] == 720 and \
        o["hours"][5]["text"] == "09:00-12:00"
    assert send("PUT", "/settings", {"timezone": "Mars/Olympus"}).status \
        == 422
    assert send("PUT", "/settings", {"language": "de"}).status == 422
    assert get_json(base() + "/settings")["timezone"] == "Europe/Paris"
    r = send("POST", "/settings/closures", {"day": "2031-12-25",
             "reason": "Noël"})
    assert r.status == 201, r.body
    kid = r.json()["id"]
    assert any(k["id"] == kid for k in
               get_json(base() + "/settings")["closures"])
    html = get_html(base() + "/settings")
    assert "Noël" in html and "15 / 112" in html
    r = ta.post_browser(base() + "/settings/closures/%s/delete" % kid, {})
    assert r.status == 303
    assert all(k["id"] != kid for k in
               get_json(base() + "/settings")["closures"])
    r = ta.post_browser(base() + "/settings", {"name": old,
                        "language": "fr", "timezone": "Europe/Paris"})
    assert r.status == 303


def test_clinic_b_cannot_change_clinic_a_settings():
    cid_b, tok_b = ta.second_clinic()
    name = get_json(base() + "/settings")["name"]
    r = ta.send_json("PUT", base() + "/settings", {"name": "Volée"}, tok_b)
    assert r.status == 403
    assert get_json(base() + "/settings")["name"] == name
    o = get_json(base(cid_b) + "/settings", tok_b)
    assert o["name"] == "Clinique B"
