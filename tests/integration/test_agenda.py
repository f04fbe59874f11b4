"""Agenda: the day grid (one column per practitioner, appointments by
status, closures and holidays shaded with their reason, free slots
linked), booking from the grid (new patient in E.164, an existing phone
offered instead of a duplicate), the booking rules with an explicit
override that the journal records, overlaps never allowed, the patient
search route, the printable day and the CSV exports, tenant checks.

The suite runs on a clinic of its own (the demo's practitioners,
treatments and hours, made here), so that what other suites do to the
demo clinic (hours, closures, settings, appointments) changes nothing
here."""
import datetime
import json
import random
import re
import urllib.parse
import uuid

import test_admin as ta
from test_admin import bearer, st

_own = {}

# The demo clinic's week (lib/ctl_demo.c): Monday to Friday 08:30-12:30
# and 14:00-18:30, Saturday 09:00-12:00; its practitioners and some of
# its treatments, with an orthodontic one only Dr Martin does.
_HOURS = ("INSERT INTO clinic_opening_hours (clinic_id, weekday, "
          "start_min, end_min) SELECT (:'p1')::uuid, d, r.s, r.e FROM "
          "generate_series(0, 4) d, (VALUES (510, 750), (840, 1110)) "
          "r(s, e) UNION ALL SELECT (:'p1')::uuid, 5, 540, 720")
_PRACS = ("INSERT INTO practitioners (clinic_id, first_name, last_name, "
          "title, specialty, display_order) VALUES "
          "(:'p1', 'Marie', 'Leal', 'Dr', 'Chirurgien-dentiste', 1), "
          "(:'p1', 'Paul', 'Martin', 'Dr', 'Orthodontiste', 2), "
          "(:'p1', 'Sophie', 'Bernard', 'Dr', 'Chirurgien-dentiste', 3)")
_TREATS = ("INSERT INTO treatment_types (clinic_id, name, "
           "duration_minutes, buffer_minutes, price_cents) VALUES "
           "(:'p1', 'Consultation', 30, 0, 2500), "
           "(:'p1', 'Détartrage', 45, 10, 4500), "
           "(:'p1', 'Orthodontie', 60, 0, 6000), "
           "(:'p1', 'Contrôle', 20, 0, 2300)")
_LINKS = ("INSERT INTO practitioner_treatments (clinic_id, "
          "practitioner_id, treatment_type_id) SELECT p.clinic_id, p.id, "
          "t.id FROM practitioners p JOIN treatment_types t ON "
          "t.clinic_id = p.clinic_id WHERE p.clinic_id = :'p1' AND "
          "CASE WHEN p.last_name = 'Martin' THEN t.name IN "
          "('Consultation', 'Contrôle', 'Orthodontie') ELSE t.name <> "
          "'Orthodontie' END")


def _clinic_with_admin(name):
    """A new clinic and an admin of it: (clinic_id, email)."""
    s = st()
    cid = json.loads(s.ctl("clinic", "add", "--name", name,
                           "--json").stdout)["clinic_id"]
    email = "agenda-%s@example.org" % uuid.uuid4().hex[:10]
    s.ctl("user", "add", "--clinic", cid, "--email", email, "--password",
          "agenda-password-123", "--json")
    return cid, email


def own():
    """This suite's clinic, made once: (clinic_id, token, (Cookie, csrf))."""
    if "a" not in _own:
        cid, email = _clinic_with_admin("Cabinet Agenda %s" %
                                        uuid.uuid4().hex[:6])
        for q in (_HOURS, _PRACS, _TREATS, _LINKS):
            st().sql(q, cid)
        _own["a"] = (cid, ta.mint(email), ta.minted_browser(email, cid))
    return _own["a"]


def other():
    """Another clinic with its own admin: (clinic_id, token)."""
    if "b" not in _own:
        cid, email = _clinic_with_admin("Cabinet Autre %s" %
                                        uuid.uuid4().hex[:6])
        _own["b"] = (cid, ta.mint(email))
    return _own["b"]


def clinic():
    return own()[0]


def base(cid=None):
    return ta.base(cid or clinic())


def cookie():
    return own()[2][0]


def get_json(path, token=None):
    return ta.get_json(path, token or own()[1])


def get_html(path):
    return ta.get_html(path, cookie())


def send_json(method, path, obj, token=None):
    return ta.send_json(method, path, obj, token or own()[1])


def ids(last="Leal"):
    prs = get_json(base() + "/practitioners")["items"]
    trs = get_json(base() + "/treatments")["items"]
    p = next(x for x in prs if x["lastName"] == last)
    t = next(x for x in trs if x["name"] == "Consultation")
    return p["id"], t["id"]


# French public holidays to step over (fixed ones, and the movable ones
# of the next years): a booking there would be refused as a holiday.
FIXED = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11),
         (12, 25)}
MOVABLE = {"2026-04-06", "2026-05-14", "2026-05-25", "2027-03-29",
           "2027-05-06", "2027-05-17", "2028-04-17", "2028-05-25",
           "2028-06-05"}


def weekday_ahead(n):
    """The n-th Monday-to-Friday working date at least 3 days ahead."""
    d = datetime.date.today() + datetime.timedelta(days=3)
    k = 0
    while True:
        if d.weekday() < 5 and (d.month, d.day) not in FIXED and \
                d.isoformat() not in MOVABLE:
            k += 1
            if k == n:
                return d.isoformat()
        d += datetime.timedelta(days=1)


def new_phone_fr():
    """A French mobile number as a receptionist types it, and its E.164."""
    n = "%08d" % random.randint(0, 99999999)
    return "06 %s %s %s %s" % (n[0:2], n[2:4], n[4:6], n[6:8]), "+336" + n


def book_json(pid, tid, day, hhmm, last):
    phone = "+3367%07d" % random.randint(0, 9999999)
    r = send_json("POST", base() + "/appointments", {
        "practitionerId": pid, "treatmentId": tid,
        "startsAt": "%sT%s" % (day, hhmm), "phone": phone,
        "firstName": "Agenda", "lastName": last})
    assert r.status == 201, (r.status, r.body)
    return r.json()["id"]


def agenda_book(fields, csrf=True):
    return ta.post_browser(base() + "/agenda/book", fields,
                           cookie=own()[2], csrf=csrf)


def count_appts(pid, day, hhmm):
    return int(st().sql_value(
        "SELECT count(*) FROM appointments a JOIN clinics c ON c.id = "
        "a.clinic_id WHERE a.practitioner_id = :'p1' AND a.status = "
        "'booked' AND a.starts_at = (:'p2')::timestamp AT TIME ZONE "
        "c.timezone", pid, "%s %s" % (day, hhmm)))


def test_day_grid_columns_appointments_and_free_slots():
    pid, tid = ids()
    day = weekday_ahead(1)
    last = "Grille%d" % random.randint(0, 99999)
    book_json(pid, tid, day, "09:00", last)
    h = get_html(base() + "/agenda?date=%s&view=day" % day)
    for name in ("Leal", "Martin", "Bernard"):
        assert re.search(r"<th[^>]*>[^<]*%s" % name, h), name
    # the appointment in its cell, with its status class and label
    m = re.search(r'<td[^>]*class="[^"]*\bappt\b[^"]*\bst-booked\b[^"]*"'
                  r'[^>]*>(.*?)</td>', h, re.S)
    assert m, h[:3000]
    assert last in h and "Consultation" in h
    # 30 minutes on a 15-minute grid: the cell spans two rows
    assert re.search(r'rowspan="2"[^>]*>[^<]*<[^>]*>[^<]*' + last, h) or \
        re.search(r'rowspan="2"', h)
    # a free slot is a link to the booking form
    assert re.search(r'href="[^"]*/agenda/book\?practitioner_id=%s&amp;'
                     r'starts_at=%sT10(:|%%3A)00"' % (pid, day), h), h[:3000]
    # previous / next / today and the date picker
    assert 'type="date"' in h
    prev = (datetime.date.fromisoformat(day) -
            datetime.timedelta(days=1)).isoformat()
    assert "date=%s" % prev in h


def test_week_view_seven_columns_for_one_practitioner():
    pid, _ = ids()
    day = weekday_ahead(1)
    h = get_html(base() + "/agenda?date=%s&view=week&practitioner_id=%s" %
                 (day, pid))
    assert len(re.findall(r'<th class="col"', h)) == 7, h[:2000]


def test_closure_and_holiday_shaded_with_reason():
    day = weekday_ahead(2)
    st().sql("INSERT INTO clinic_closures (clinic_id, day, start_min, "
             "end_min, reason) VALUES (:'p1', :'p2', 600, 660, "
             "'Inventaire du stock')", clinic(), day)
    h = get_html(base() + "/agenda?date=%s" % day)
    assert re.search(r'class="[^"]*\bclosed\b[^"]*"[^>]*title="[^"]*'
                     r'Inventaire du stock', h), h[:3000]
    today = datetime.date.today()
    xmas = datetime.date(today.year, 12, 25)
    if xmas <= today:
        xmas = datetime.date(today.year + 1, 12, 25)
    h = get_html(base() + "/agenda?date=%s" % xmas.isoformat())
    assert re.search(r'class="[^"]*\bholiday\b[^"]*"[^>]*title="[^"]*No',
                     h), h[:3000]
    # a Sunday: no working hours, nothing to book
    sunday = today + datetime.timedelta(days=6 - today.weekday() + 7)
    h = get_html(base() + "/agenda?date=%s" % sunday.isoformat())
    assert "/agenda/book?" not in h


def test_book_new_patient_from_grid_e164():
    pid, tid = ids("Bernard")
    day = weekday_ahead(3)
    typed, e164 = new_phone_fr()
    r = st().get(base() + "/agenda/book?practitioner_id=%s&starts_at=%sT"
                 "11:00" % (pid, day), headers={"Cookie": cookie()})
    assert r.status == 200, (r.status, r.body[:300])
    assert "Consultation" in r.text and 'name="_csrf"' in r.text
    # Only her treatments are offered (the others are named, with who
    # does them, beside the list).
    select = re.search(r'<select id="treatment_id".*?</select>', r.text,
                       re.S).group(0)
    assert "Consultation" in select and "Orthodontie" not in select
    r = agenda_book({"practitioner_id": pid, "starts_at": day + "T11:00",
                     "treatment_id": tid, "new_phone": typed,
                     "new_first_name": "Nina", "new_last_name": "Neuve"})
    assert r.status == 303, (r.status, r.body[:500])
    assert st().sql_value("SELECT count(*) FROM patients WHERE clinic_id = "
                          ":'p1' AND phone = :'p2'", clinic(),
                          e164) == "1"
    assert count_appts(pid, day, "11:00") == 1
    assert st().sql_value("SELECT count(*) FROM appointments a JOIN "
                          "patients p ON p.id = a.patient_id WHERE "
                          "p.phone = :'p1'", e164) == "1"
    # without the CSRF token nothing is booked
    r = agenda_book({"practitioner_id": pid, "starts_at": day + "T14:00",
                     "treatment_id": tid, "new_phone": typed,
                     "new_first_name": "Nina", "new_last_name": "Neuve"},
                    csrf=False)
    assert r.status == 403


def test_existing_phone_offers_existing_patient():
    pid, tid = ids("Bernard")
    day = weekday_ahead(3)
    typed, e164 = new_phone_fr()
    st().sql("INSERT INTO patients (clinic_id, phone, first_name, "
             "last_name) VALUES (:'p1', :'p2', 'Existant', 'Dupatient')",
             clinic(), e164)
    r = agenda_book({"practitioner_id": pid, "starts_at": day + "T15:00",
                     "treatment_id": tid, "new_phone": typed,
                     "new_first_name": "Autre", "new_last_name": "Nom"})
    assert r.status in (200, 409), (r.status, r.body[:300])
    assert "Dupatient" in r.text
    pat = st().sql_value("SELECT id FROM patients WHERE clinic_id = :'p1' "
                         "AND phone = :'p2'", clinic(), e164)
    assert 'value="%s"' % pat in r.text
    assert st().sql_value("SELECT count(*) FROM patients WHERE phone = "
                          ":'p1'", e164) == "1"
    assert count_appts(pid, day, "15:00") == 0
    # choosing the offered patient books them
    r = agenda_book({"practitioner_id": pid, "starts_at": day + "T15:00",
                     "treatment_id": tid, "patient_id": pat})
    assert r.status == 303, (r.status, r.body[:500])
    assert count_appts(pid, day, "15:00") == 1
    assert st().sql_value("SELECT count(*) FROM patients WHERE phone = "
                          ":'p1'", e164) == "1"


def test_closed_day_refused_then_override_journaled():
    pid, tid = ids("Martin")
    day = weekday_ahead(4)
    st().sql("INSERT INTO clinic_closures (clinic_id, day, reason) VALUES "
             "(:'p1', :'p2', 'Formation')", clinic(), day)
    typed, e164 = new_phone_fr()
    # the form warns as soon as it opens
    h = get_html(base() + "/agenda/book?practitioner_id=%s&starts_at=%sT"
                 "10:00" % (pid, day))
    assert "Formation" in h and "Réserver quand même" in h
    f = {"practitioner_id": pid, "starts_at": day + "T10:00",
         "treatment_id": tid, "new_phone": typed,
         "new_first_name": "Clos", "new_last_name": "Ferme"}
    r = agenda_book(f)
    assert r.status == 422, (r.status, r.body[:300])
    assert "fermé" in r.text and "Formation" in r.text
    assert "Réserver quand même" in r.text
    # what was typed is shown again
    assert "Ferme" in r.text and typed in r.text
    assert count_appts(pid, day, "10:00") == 0
    f["override"] = "1"
    r = agenda_book(f)
    assert r.status == 303, (r.status, r.body[:500])
    assert count_appts(pid, day, "10:00") == 1
    n = st().sql_value("SELECT count(*) FROM system_logs WHERE clinic_id = "
                       ":'p1' AND event = 'BOOKED_ANYWAY' AND message "
                       "LIKE '%%Formation%%'", clinic())
    assert n == "1", n
    # the past is never booked, override or not
    f["starts_at"] = "2020-01-06T10:00"
    r = agenda_book(f)
    assert r.status == 422 and "passé" in r.text


def test_overlap_refused_even_with_override():
    pid, tid = ids("Leal")
    day = weekday_ahead(5)
    book_json(pid, tid, day, "09:00", "Premier")
    typed, _ = new_phone_fr()
    for over in ("", "1"):
        r = agenda_book({"practitioner_id": pid, "starts_at": day + "T09:15",
                         "treatment_id": tid, "new_phone": typed,
                         "new_first_name": "Second", "new_last_name": "Venu",
                         "override": over})
        assert r.status == 409, (over, r.status, r.body[:300])
        assert "créneau déjà pris" in r.text
    assert count_appts(pid, day, "09:15") == 0


def test_patient_search_by_name_and_phone_own_clinic_only():
    tag = "Cherche%d" % random.randint(0, 999999)
    typed, e164 = new_phone_fr()
    st().sql("INSERT INTO patients (clinic_id, phone, first_name, "
             "last_name) VALUES (:'p1', :'p2', 'Anne', :'p3')",
             clinic(), e164, tag)
    cid_b, tok_b = other()
    st().sql("INSERT INTO patients (clinic_id, phone, first_name, "
             "last_name) VALUES (:'p1', :'p2', 'Bea', :'p3')",
             cid_b, new_phone_fr()[1], tag)
    o = get_json(base() + "/patients/search?q=%s" % tag.lower())
    names = [x["lastName"] for x in o["items"]]
    assert names == [tag], o
    assert o["items"][0]["phone"] == e164
    o = get_json(base() + "/patients/search?q=%s" % e164[-8:])
    assert any(x["lastName"] == tag for x in o["items"]), o
    # part of the number typed with its leading 0
    o = get_json(base() + "/patients/search?q=0%s" % e164[-7:])
    assert any(x["lastName"] == tag for x in o["items"]), o
    # the whole number as typed at the desk, national format
    o = get_json(base() + "/patients/search?q=%s" %
                 urllib.parse.quote(typed))
    assert [x["lastName"] for x in o["items"]] == [tag], o
    o = get_json(base(cid_b) + "/patients/search?q=%s" % tag, tok_b)
    assert [x["firstName"] for x in o["items"]] == ["Bea"], o
    # the form's search without JavaScript lists the match
    pid, _ = ids()
    h = get_html(base() + "/agenda/book?practitioner_id=%s&starts_at=%sT"
                 "10:00&q=%s" % (pid, weekday_ahead(6), tag))
    assert tag in h and "Bea" not in h


def test_print_day_and_csv_exports():
    pid, tid = ids("Leal")
    day = weekday_ahead(7)
    last = '=HYPERLINK("http://x")'
    phone = "+3368%07d" % random.randint(0, 9999999)
    r = send_json("POST", base() + "/appointments", {
        "practitionerId": pid, "treatmentId": tid,
        "startsAt": "%sT09:30" % day, "phone": phone,
        "firstName": 'Jean, "Jo"', "lastName": last})
    assert r.status == 201, r.body
    h = get_html(base() + "/agenda/print?date=%s" % day)
    assert "Leal" in h and "09:30" in h and "HYPERLINK" in h
    assert "@media print" in h or "print" in h
    c = cookie()
    r = st().get(base() + "/export/appointments.csv?from=%s&to=%s" %
                 (day, day), headers={"Cookie": c})
    assert r.status == 200, r.body[:300]
    assert r.header("Content-Type").startswith("text/csv")
    assert "no-store" in r.header("Cache-Control")
    t = r.body.decode("utf-8")
    assert '"\'=HYPERLINK(""http://x"")"' in t, t[:1000]
    assert '"Jean, ""Jo"""' in t, t[:1000]
    assert "\r\n" in t
    r = st().get(base() + "/export/patients.csv", headers={"Cookie": c})
    assert r.status == 200
    assert "no-store" in r.header("Cache-Control")
    t = r.body.decode("utf-8")
    assert '"\'=HYPERLINK(""http://x"")"' in t
    assert not re.search(r'(^|,)[=+@-]', t.replace("\r\n", "\n"),
                         re.M), "formula cell"


def test_exports_reachable_from_the_agenda_and_patients_by_range():
    """The agenda page offers both CSV exports for a date range (a GET
    form: no URL to know); the patients export for a range lists the
    patients who had an appointment in it, and without one every
    patient."""
    pid, tid = ids("Leal")
    day = weekday_ahead(9)
    h = get_html(base() + "/agenda?date=%s" % day)
    m = re.search(r'<form[^>]*action="([^"]*/export/appointments\.csv)"'
                  r'(.*?)</form>', h, re.S)
    assert m, h[-2000:]
    assert 'name="from"' in m.group(2) and 'name="to"' in m.group(2)
    assert re.search(r'formaction="[^"]*/export/patients\.csv"', m.group(2))
    seen = "Vu%06d" % random.randint(0, 999999)
    unseen = "Pasvu%06d" % random.randint(0, 999999)
    r = send_json("POST", base() + "/appointments", {
        "practitionerId": pid, "treatmentId": tid,
        "startsAt": "%sT10:30" % day,
        "phone": "+3367%07d" % random.randint(0, 9999999),
        "firstName": "Anne", "lastName": seen})
    assert r.status == 201, r.body
    st().sql("INSERT INTO patients (clinic_id, phone, first_name, "
             "last_name) VALUES (:'p1', :'p2', 'Paul', :'p3')", clinic(),
             "+3366%07d" % random.randint(0, 9999999), unseen)
    c = cookie()
    r = st().get(base() + "/export/patients.csv?from=%s&to=%s" % (day, day),
                 headers={"Cookie": c})
    assert r.status == 200, r.body[:300]
    t = r.body.decode("utf-8")
    assert seen in t and unseen not in t, t[:2000]
    assert day in (r.header("Content-Disposition") or ""), r.headers
    t = st().get(base() + "/export/patients.csv",
                 headers={"Cookie": c}).body.decode("utf-8")
    assert seen in t and unseen in t
    r = st().get(base() + "/export/patients.csv?from=2026-13-01",
                 headers={"Cookie": c})
    assert r.status == 400, r.status


def test_other_clinic_staff_gets_nothing():
    pid, tid = ids()
    cid_b, tok_b = other()
    day = weekday_ahead(1)
    for path in ("/agenda?date=%s" % day, "/agenda/print?date=%s" % day,
                 "/export/patients.csv", "/patients/search?q=a"):
        r = st().get(base() + path, headers=bearer(tok_b))
        assert r.status in (403, 404), (path, r.status)
    r = st().get(base(cid_b) + "/agenda/book?practitioner_id=%s&starts_at="
                 "%sT10:00" % (pid, day), headers=bearer(tok_b))
    assert r.status == 404, r.status
    r = send_json("POST", base(cid_b) + "/agenda/book", {
        "practitioner_id": pid, "starts_at": day + "T10:00",
        "treatment_id": tid, "new_phone": "0611223344",
        "new_first_name": "X", "new_last_name": "Y"}, tok_b)
    assert r.status == 404, r.status
    t = st().get(base(cid_b) + "/export/patients.csv",
                 headers=bearer(tok_b)).body.decode()
    assert "Leal" not in t and "Grille" not in t


def test_booking_form_script_is_same_origin():
    pid, _ = ids()
    h = get_html(base() + "/agenda/book?practitioner_id=%s&starts_at=%sT"
                 "10:00" % (pid, weekday_ahead(6)))
    assert '<script src="/clinic/static/agenda.js"' in h
    r = st().get("/clinic/static/agenda.js")
    assert r.status == 200
    assert r.header("Content-Type").startswith("text/javascript")
    assert "/patients/search" in r.text and "innerHTML" not in r.text


def test_json_api_booking_same_rules_explicit_override():
    pid, tid = ids("Bernard")
    day = weekday_ahead(8)
    st().sql("INSERT INTO clinic_closures (clinic_id, day, reason) VALUES "
             "(:'p1', :'p2', 'Travaux')", clinic(), day)
    _, e164 = new_phone_fr()
    body = {"practitioner_id": pid, "starts_at": day + "T10:00",
            "treatment_id": tid, "new_phone": e164,
            "new_first_name": "Api", "new_last_name": "Client"}
    r = send_json("POST", base() + "/agenda/book", body)
    assert r.status == 422, (r.status, r.body[:300])
    assert "Travaux" in r.json()["error"]
    body["override"] = True
    r = send_json("POST", base() + "/agenda/book", body)
    assert r.status == 201, (r.status, r.body[:300])
    assert "Travaux" in r.json()["overridden"]
    assert count_appts(pid, day, "10:00") == 1


def test_practitioner_without_treatment_offers_no_free_slot():
    """A practitioner no treatment is given to has nothing to book: the
    grid shows their hours shaded with the reason, never a '+' leading
    to a form with an empty treatment list."""
    cid = clinic()
    st().sql("INSERT INTO practitioners (clinic_id, first_name, last_name, "
             "title, display_order) VALUES (:'p1', 'Noé', 'Sanssoin', "
             "'Dr', 9)", cid)
    prs = get_json(base() + "/practitioners")["items"]
    pid = next(x for x in prs if x["lastName"] == "Sanssoin")["id"]
    day = weekday_ahead(2)
    h = get_html(base() + "/agenda?date=%s&view=day" % day)
    assert re.search(r"<th[^>]*>[^<]*Sanssoin", h), h[:2000]
    assert "practitioner_id=%s" % pid not in h
    assert re.search(r'class="cell shaded notreat" title="Aucun soin', h)
    # the others keep their free slots
    leal, _ = ids()
    assert "practitioner_id=%s&amp;starts_at" % leal in h


_NIGHT = ("WITH p AS (INSERT INTO patients (clinic_id, phone, first_name, "
          "last_name) VALUES (:'p1', :'p2', 'Garde', :'p3') RETURNING id, "
          "clinic_id) INSERT INTO appointments (clinic_id, "
          "practitioner_id, patient_id, treatment_name, starts_at, "
          "ends_at, status, source) SELECT p.clinic_id, :'p4', p.id, "
          "'Garde', (:'p5')::timestamp AT TIME ZONE c.timezone, "
          "(:'p5')::timestamp AT TIME ZONE c.timezone + "
          "(:'p6')::interval, 'booked', 'admin' FROM p JOIN clinics c ON "
          "c.id = p.clinic_id")


def test_appointment_from_the_evening_before_is_on_the_day():
    """An appointment begun the evening before and still running after
    midnight belongs to the day's list; one that ends at midnight does
    not."""
    day = weekday_ahead(9)
    prev = (datetime.date.fromisoformat(day) -
            datetime.timedelta(days=1)).isoformat()
    nxt = (datetime.date.fromisoformat(day) +
           datetime.timedelta(days=1)).isoformat()
    late = "Nuit%d" % random.randint(0, 99999)
    ended = "Veille%d" % random.randint(0, 99999)
    st().sql(_NIGHT, clinic(), "+3369%07d" % random.randint(0, 9999999),
             late, ids("Bernard")[0], prev + " 22:00", "11 hours")
    st().sql(_NIGHT, clinic(), "+3369%07d" % random.randint(0, 9999999),
             ended, ids("Leal")[0], prev + " 23:00", "1 hour")
    h = get_html(base() + "/agenda/print?date=%s" % day)
    assert late in h and "22:00" in h, h[:3000]
    assert ended not in h
    assert late in get_html(base() + "/agenda/print?date=%s" % prev)
    assert late not in get_html(base() + "/agenda/print?date=%s" % nxt)


# The older staff routes (POST .../appointments, .../appointments/<id>/move
# and their JSON forms) under the agenda's rules.

def staff_create(pid, tid, at, phone, last, override=None):
    body = {"practitionerId": pid, "treatmentId": tid, "startsAt": at,
            "phone": phone, "firstName": "Staff", "lastName": last}
    if override is not None:
        body["override"] = override
    return send_json("POST", base() + "/appointments", body)


def patients_with(phone):
    return st().sql_value("SELECT count(*) FROM patients WHERE clinic_id = "
                          ":'p1' AND phone = :'p2'", clinic(), phone)


def test_staff_route_closed_day_refused_then_override_journaled():
    pid, tid = ids("Bernard")
    day = weekday_ahead(9)
    st().sql("INSERT INTO clinic_closures (clinic_id, day, reason) VALUES "
             "(:'p1', :'p2', 'Peinture')", clinic(), day)
    _, e164 = new_phone_fr()
    r = staff_create(pid, tid, day + "T10:00", e164, "Refuse")
    assert r.status == 422, (r.status, r.body[:300])
    assert "Peinture" in r.json()["error"], r.body[:300]
    assert count_appts(pid, day, "10:00") == 0
    # a refused booking leaves no new patient behind
    assert patients_with(e164) == "0"
    r = staff_create(pid, tid, day + "T10:00", e164, "Refuse", True)
    assert r.status == 201, (r.status, r.body[:300])
    assert count_appts(pid, day, "10:00") == 1
    n = st().sql_value("SELECT count(*) FROM system_logs WHERE clinic_id = "
                       ":'p1' AND event = 'BOOKED_ANYWAY' AND message "
                       "LIKE '%%Peinture%%'", clinic())
    assert n == "1", n


def test_staff_route_past_outside_hours_horizon_and_overlap():
    pid, tid = ids("Leal")
    day = weekday_ahead(10)
    _, e164 = new_phone_fr()
    # the past: never, override or not
    for over in (None, True):
        r = staff_create(pid, tid, "2020-01-06T10:00", e164, "Passe", over)
        assert r.status == 422, (over, r.status, r.body[:300])
        assert "passé" in r.json()["error"], r.body[:300]
    # outside the hours (a soft rule) and past the horizon
    r = staff_create(pid, tid, day + "T20:00", e164, "Tard")
    assert r.status == 422 and "horaires" in r.json()["error"], r.body
    far = (datetime.date.fromisoformat(day) +
           datetime.timedelta(days=400)).isoformat()
    r = staff_create(pid, tid, far + "T10:00", e164, "Loin")
    assert r.status == 422, (r.status, r.body[:300])
    assert patients_with(e164) == "0"
    # an overlap (buffers included): never, even with the override
    book_json(pid, tid, day, "09:00", "Occupe")
    for over in (None, True):
        r = staff_create(pid, tid, day + "T09:15", e164, "Chevauche", over)
        assert r.status == 409, (over, r.status, r.body[:300])
    assert count_appts(pid, day, "09:15") == 0
    assert patients_with(e164) == "0"


def test_staff_inside_the_notice_refused_then_booked_anyway():
    pid, tid = ids("Bernard")
    day = weekday_ahead(1)          # 3 to 5 days ahead
    old = st().sql_value("SELECT min_notice_minutes FROM clinics WHERE "
                         "id = :'p1'", clinic())
    st().sql("UPDATE clinics SET min_notice_minutes = 10080 WHERE id = "
             ":'p1'", clinic())     # a week's notice
    try:
        _, e164 = new_phone_fr()
        r = staff_create(pid, tid, day + "T17:00", e164, "Preavis")
        assert r.status == 422, (r.status, r.body[:300])
        assert "délai minimum" in r.json()["error"], r.body[:300]
        assert count_appts(pid, day, "17:00") == 0
        # the booking form says it too, with "book anyway"
        h = get_html(base() + "/agenda/book?practitioner_id=%s&starts_at="
                     "%sT17:00" % (pid, day))
        assert "délai minimum" in h and "Réserver quand même" in h
        r = staff_create(pid, tid, day + "T17:00", e164, "Preavis", True)
        assert r.status == 201, (r.status, r.body[:300])
        assert count_appts(pid, day, "17:00") == 1
        n = st().sql_value("SELECT count(*) FROM system_logs WHERE "
                           "clinic_id = :'p1' AND event = 'BOOKED_ANYWAY' "
                           "AND message LIKE '%%délai minimum%%'", clinic())
        assert n == "1", n
    finally:
        st().sql("UPDATE clinics SET min_notice_minutes = :'p2' WHERE "
                 "id = :'p1'", clinic(), old)


def test_absence_shaded_refused_then_booked_anyway():
    pid, tid = ids("Leal")
    day = weekday_ahead(15)
    st().sql("INSERT INTO practitioner_absences (clinic_id, "
             "practitioner_id, starts_at, ends_at, reason) SELECT :'p1', "
             ":'p2', (:'p3' || ' 14:00')::timestamp AT TIME ZONE "
             "c.timezone, (:'p3' || ' 18:30')::timestamp AT TIME ZONE "
             "c.timezone, 'Congrès' FROM clinics c WHERE c.id = :'p1'",
             clinic(), pid, day)
    h = get_html(base() + "/agenda?date=%s" % day)
    assert re.search(r'class="cell shaded absent"', h), h[:3000]
    assert "/agenda/book?practitioner_id=%s&amp;starts_at=%sT15" % \
        (pid, day) not in h
    _, e164 = new_phone_fr()
    r = staff_create(pid, tid, day + "T15:00", e164, "Absent")
    assert r.status == 422, (r.status, r.body[:300])
    assert "absent" in r.json()["error"], r.body[:300]
    assert count_appts(pid, day, "15:00") == 0
    r = staff_create(pid, tid, day + "T15:00", e164, "Absent", True)
    assert r.status == 201, (r.status, r.body[:300])
    assert count_appts(pid, day, "15:00") == 1


def test_staff_move_same_rules_override_and_overlap():
    pid, tid = ids("Martin")
    day = weekday_ahead(11)
    closed = weekday_ahead(12)
    st().sql("INSERT INTO clinic_closures (clinic_id, day, reason) VALUES "
             "(:'p1', :'p2', 'Séminaire')", clinic(), closed)
    aid = book_json(pid, tid, day, "10:00", "Bouge")
    book_json(pid, tid, day, "14:00", "Voisin")
    mv = base() + "/appointments/%s/move" % aid
    r = send_json("POST", mv, {"startsAt": closed + "T10:00"})
    assert r.status == 422 and "Séminaire" in r.json()["error"], r.body
    assert count_appts(pid, day, "10:00") == 1
    r = send_json("POST", mv, {"startsAt": "2020-01-06T10:00",
                               "override": True})
    assert r.status == 422 and "passé" in r.json()["error"], r.body
    r = send_json("POST", mv, {"startsAt": day + "T14:15",
                               "override": True})
    assert r.status == 409, (r.status, r.body[:300])
    assert count_appts(pid, day, "10:00") == 1
    # moving onto a time it already partly holds is not an overlap
    r = send_json("PUT", base() + "/appointments/%s" % aid,
                  {"startsAt": day + "T10:15"})
    assert r.status == 200, (r.status, r.body[:300])
    r = send_json("POST", mv, {"startsAt": closed + "T10:00",
                               "override": True})
    assert r.status == 200, (r.status, r.body[:300])
    assert count_appts(pid, closed, "10:00") == 1
    n = st().sql_value("SELECT count(*) FROM system_logs WHERE clinic_id = "
                       ":'p1' AND event = 'BOOKED_ANYWAY' AND message "
                       "LIKE '%%Séminaire%%'", clinic())
    assert n == "1", n


def test_staff_form_refusal_offers_book_anyway():
    pid, tid = ids("Bernard")
    day = weekday_ahead(13)
    st().sql("INSERT INTO clinic_closures (clinic_id, day, reason) VALUES "
             "(:'p1', :'p2', 'Déménagement')", clinic(), day)
    _, e164 = new_phone_fr()
    f = {"practitioner_id": pid, "treatment_id": tid,
         "starts_at": day + "T11:00", "phone": e164,
         "first_name": "Forme", "last_name": "Refus"}
    r = ta.post_browser(base() + "/appointments", f, cookie=own()[2])
    assert r.status == 422, (r.status, r.body[:300])
    assert "Déménagement" in r.text and "Réserver quand même" in r.text
    assert patients_with(e164) == "0"
    f["override"] = "1"
    r = ta.post_browser(base() + "/appointments", f, cookie=own()[2])
    assert r.status == 303, (r.status, r.body[:300])
    assert count_appts(pid, day, "11:00") == 1


def cell_of(h, name):
    """The class attribute of the grid cell that shows name."""
    for m in re.finditer(r'<td class="([^"]*\bappt\b[^"]*)"[^>]*>(.*?)</td>',
                         h, re.S):
        if name in m.group(2):
            return m.group(1).split()
    return None


def test_appointments_coloured_by_treatment_with_legend():
    pid, tid = ids("Bernard")
    trs = get_json(base() + "/treatments")["items"]
    scale = next(x for x in trs if x["name"] == "Détartrage")["id"]
    day = weekday_ahead(14)
    tag = "%05d" % random.randint(0, 99999)
    book_json(pid, tid, day, "09:00", "Couleur" + tag)
    book_json(pid, scale, day, "10:00", "Teinte" + tag)
    gone = book_json(pid, tid, day, "14:00", "Absent" + tag)
    st().sql("UPDATE appointments SET status = 'no_show' WHERE id = "
             ":'p1'", gone)
    h = get_html(base() + "/agenda?date=%s&view=day" % day)
    a, b, c = (cell_of(h, x + tag) for x in ("Couleur", "Teinte",
                                             "Absent"))
    assert a and b and c, h[:3000]
    ca = [x for x in a if x.startswith("tc-")]
    cb = [x for x in b if x.startswith("tc-")]
    cc = [x for x in c if x.startswith("tc-")]
    # one colour per treatment, the same for every appointment of it
    assert len(ca) == 1 and len(cb) == 1 and ca != cb, (a, b)
    assert cc == ca, (a, c)
    # the status stays visible: its class and its word
    assert "st-booked" in a and "st-no_show" in c, (a, c)
    m = re.search(r'<td class="[^"]*st-no_show[^"]*"[^>]*>(.*?)</td>', h,
                  re.S)
    assert m and "absent" in m.group(1).lower(), m and m.group(1)
    # the legend names each treatment in its colour
    legend = re.search(r'<p class="agenda-treats">(.*?)</p>', h, re.S)
    assert legend, h[-3000:]
    assert re.search(r'class="[^"]*\b%s\b[^"]*">Consultation<' % ca[0],
                     legend.group(1)), legend.group(1)
    assert re.search(r'class="[^"]*\b%s\b[^"]*">Détartrage<' % cb[0],
                     legend.group(1)), legend.group(1)
    # the same colour on the week page
    h = get_html(base() + "/agenda?date=%s&view=week&practitioner_id=%s" %
                 (day, pid))
    assert [x for x in cell_of(h, "Teinte" + tag) if x.startswith("tc-")] \
        == cb


def test_two_appointments_starting_in_one_cell_both_drawn():
    pid, tid = ids("Leal")
    day = weekday_ahead(14)
    tag = "%05d" % random.randint(0, 99999)
    first = book_json(pid, tid, day, "11:00", "Avant" + tag)
    st().sql("UPDATE appointments SET status = 'no_show' WHERE id = "
             ":'p1'", first)
    book_json(pid, tid, day, "11:00", "Apres" + tag)
    h = get_html(base() + "/agenda?date=%s&view=day" % day)
    assert "Avant" + tag in h and "Apres" + tag in h, h[:3000]
    h = get_html(base() + "/agenda?date=%s&view=week&practitioner_id=%s" %
                 (day, pid))
    assert "Avant" + tag in h and "Apres" + tag in h


# A slot step that does not divide the opening hours: the grid's rows and
# free cells follow the starts the booking engine offers.

_ODD_HOURS = ("INSERT INTO clinic_opening_hours (clinic_id, weekday, "
              "start_min, end_min) SELECT (:'p1')::uuid, d, r.s, r.e FROM "
              "generate_series(0, 4) d, (VALUES (490, 750), (845, 1110)) "
              "r(s, e)")


def odd_clinic():
    """A clinic open 08:10-12:30 and 14:05-18:30 on weekdays, one
    practitioner, one 20-minute treatment: (cid, token, cookie, pid,
    tid)."""
    if "odd" not in _own:
        cid, email = _clinic_with_admin("Cabinet Pas %s" %
                                        uuid.uuid4().hex[:6])
        st().sql(_ODD_HOURS, cid)
        st().sql("INSERT INTO practitioners (clinic_id, first_name, "
                 "last_name, title, display_order) VALUES (:'p1', 'Anne', "
                 "'Pas', 'Dr', 1)", cid)
        st().sql("INSERT INTO treatment_types (clinic_id, name, "
                 "duration_minutes, buffer_minutes, price_cents) VALUES "
                 "(:'p1', 'Bilan', 20, 0, 2000)", cid)
        st().sql(_LINKS.replace("CASE WHEN p.last_name = 'Martin' THEN "
                                "t.name IN ('Consultation', 'Contrôle', "
                                "'Orthodontie') ELSE t.name <> "
                                "'Orthodontie' END", "true"), cid)
        tok = ta.mint(email)
        b = ta.base(cid)
        pid = ta.get_json(b + "/practitioners", tok)["items"][0]["id"]
        tid = ta.get_json(b + "/treatments", tok)["items"][0]["id"]
        _own["odd"] = (cid, tok, ta.minted_browser(email, cid)[0], pid,
                       tid)
    return _own["odd"]


def grid_of(h):
    """The grid as [(row time, [free start or None per column])]."""
    out = []
    for m in re.finditer(r'<tr><th class="t" scope="row">([0-9:]+)</th>'
                         r'(.*?)</tr>', h, re.S):
        cells = re.findall(r'<td class="cell ([a-z]+)[^"]*"[^>]*>(.*?)'
                           r'</td>', m.group(2), re.S)
        frees = []
        for kind, body in cells:
            s = re.search(r'starts_at=[0-9-]+T([0-9]{2})(?::|%3A)'
                          r'([0-9]{2})', body)
            frees.append("%s:%s" % s.groups() if kind == "free" and s
                         else None)
        out.append((m.group(1), frees))
    return out


def test_step_not_dividing_the_hours_follows_the_engine_starts():
    """Hours from 08:10 and 14:05 on a 15- then a 20-minute step: the
    rows are the times the engine offers (08:10, 08:25... 14:05, 14:20...)
    and each is a free cell leading to a booking the rules accept."""
    cid, tok, ck, pid, tid = odd_clinic()
    day = weekday_ahead(4)
    for step in (15, 20):
        st().sql("UPDATE clinics SET slot_granularity_minutes = "
                 "(:'p2')::int WHERE id = :'p1'", cid, str(step))
        want = ["%02d:%02d" % divmod(m, 60) for lo, hi in
                ((490, 750), (845, 1110)) for m in range(lo, hi - step + 1,
                                                         step)]
        for view in ("view=day", "view=week&practitioner_id=" + pid):
            h = ta.get_html(ta.base(cid) + "/agenda?date=%s&%s" %
                            (day, view), ck)
            g = grid_of(h)
            col = 0 if view == "view=day" else \
                datetime.date.fromisoformat(day).weekday()
            free = [t for t, c in g if c[col] is not None]
            assert free == want, (step, view, free, want)
            assert all(t == c[col] for t, c in g if c[col] is not None)
    # a free cell's time is bookable by the grid's form rules
    r = ta.send_json("POST", ta.base(cid) + "/agenda/book", {
        "practitioner_id": pid, "treatment_id": tid,
        "starts_at": "%sT08:50" % day, "new_phone": "+3367%07d" %
        random.randint(0, 9999999), "new_first_name": "Pas",
        "new_last_name": "Grille"}, tok)
    assert r.status == 201, (r.status, r.body[:300])
    h = ta.get_html(ta.base(cid) + "/agenda?date=%s&view=day" % day, ck)
    g = dict(grid_of(h))
    assert "08:50" in g and g["08:50"][0] is None
    assert "Grille" in h
    assert g["08:30"][0] == "08:30" and g["09:10"][0] == "09:10"


def test_times_in_the_clinic_zone_and_the_zone_named():
    """A clinic in Montreal: an appointment booked there for 09:10 local
    shows 09:10-09:30 on the grid, the day list and its free cells are
    Montreal's hours; the pages name the zone."""
    cid, tok, ck, pid, tid = odd_clinic()
    day = weekday_ahead(5)
    st().sql("UPDATE clinics SET timezone = 'America/Montreal', "
             "slot_granularity_minutes = 20 WHERE id = :'p1'", cid)
    try:
        r = ta.send_json("POST", ta.base(cid) + "/agenda/book", {
            "practitioner_id": pid, "treatment_id": tid,
            "starts_at": "%sT09:10" % day, "new_phone": "+3367%07d" %
            random.randint(0, 9999999), "new_first_name": "Zone",
            "new_last_name": "Montreal"}, tok)
        assert r.status == 201, (r.status, r.body[:300])
        assert st().sql_value(
            "SELECT to_char(starts_at AT TIME ZONE 'America/Montreal', "
            "'HH24:MI') FROM appointments WHERE clinic_id = :'p1' AND "
            "patient_id IN (SELECT id FROM patients WHERE last_name = "
            "'Montreal' AND clinic_id = :'p1')", cid) == "09:10"
        h = ta.get_html(ta.base(cid) + "/agenda?date=%s&view=day" % day,
                        ck)
        assert "America/Montreal" in h
        assert re.search(r'title="09:10–09:30 · Zone Montreal', h), h[:3000]
        g = dict(grid_of(h))
        assert g["08:10"][0] == "08:10" and g["09:10"][0] is None
        p = ta.get_html(ta.base(cid) + "/agenda/print?date=%s" % day, ck)
        assert "America/Montreal" in p and "09:10" in p and "09:30" in p
    finally:
        st().sql("UPDATE clinics SET timezone = 'Europe/Paris' WHERE id = "
                 ":'p1'", cid)
