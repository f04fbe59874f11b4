"""Clinic admin and superadmin, what a user sees: French error pages in
the layout for browsers (JSON errors unchanged for API clients), French
status labels, filter forms that keep their choice, and the login form's
CSRF pair."""
import datetime
import html
import random
import re
import time
import urllib.parse

import test_admin as ta
import test_superadmin as ts
from test_admin import base, bearer, get_html, get_json, st
from test_agenda import weekday_ahead

# Open weekdays within the booking horizon (staff bookings follow the
# agenda's rules).
DAY1, DAY2 = weekday_ahead(27), weekday_ahead(28)


def send(method, path, obj):
    return ta.send_json(method, base() + path, obj)


def demo_ids():
    prs = get_json(base() + "/practitioners")["items"]
    trs = get_json(base() + "/treatments")["items"]
    p = next(x for x in prs if x["lastName"] == "Martin")
    t = next(x for x in trs if x["name"] == "Consultation")
    return p["id"], t["id"]


def book(day, hour, last="Ux"):
    """A new appointment through the JSON API: (id, practitioner id)."""
    pid, tid = demo_ids()
    phone = "+3366%07d" % random.randint(0, 9999999)
    r = send("POST", "/appointments", {"practitionerId": pid,
             "treatmentId": tid, "startsAt": "%sT%s" % (day, hour),
             "phone": phone, "firstName": "Ua", "lastName": last})
    assert r.status == 201, (r.status, r.body)
    return r.json()["id"], pid


def error_page(r, status):
    """Check r is the HTML error page with status; its text, unescaped."""
    assert r.status == status, (r.status, r.body[:300])
    assert r.header("Content-Type").startswith("text/html"), r.headers
    assert r.text.startswith("<!DOCTYPE html>") and "</html>" in r.text
    assert r.header("Cache-Control") == "no-store"
    return html.unescape(r.text)


def back_link(text):
    m = re.search(r'<p><a href="([^"]*)">Retour', text)
    return m.group(1) if m else None


def browser_post(path, fields, referer=None, csrf=True):
    cookie, tok = ta.browser()
    f = dict(fields)
    if csrf:
        f["_csrf"] = tok
    h = {"Cookie": cookie}
    if referer is not None:
        h["Referer"] = referer
    return st().post_form(path, f, headers=h)


# --- error pages -----------------------------------------------------------

def test_slot_taken_is_a_french_page_for_browsers_json_for_api():
    aid, pid = book(DAY1, "10:00")
    _, tid = demo_ids()
    came_from = base() + "/appointments?view=day&date=" + DAY1
    r = browser_post(base() + "/appointments", {
        "practitioner_id": pid, "treatment_id": tid,
        "starts_at": DAY1 + "T10:00", "phone": "+33670000001",
        "first_name": "Deux", "last_name": "Fois"},
        referer=st().base_url + came_from)
    text = error_page(r, 409)
    assert "Ce créneau est déjà pris" in text, text[:2000]
    assert "<title>Conflit" in text
    assert "slot taken" not in text
    # the way back is the page the form came from
    assert back_link(text) == came_from, text[:2000]
    # the layout's navigation is there (the user is signed in)
    assert 'href="%s/appointments"' % base() in r.text
    # API clients: the same JSON as before
    r = send("POST", "/appointments", {"practitionerId": pid,
             "treatmentId": tid, "startsAt": DAY1 + "T10:00",
             "phone": "+33670000001", "firstName": "Deux",
             "lastName": "Fois"})
    assert r.status == 409 and r.json() == {"error": "slot taken"}, r.body
    assert r.header("Content-Type").startswith("application/json")


def test_invalid_value_names_the_field():
    pid, tid = demo_ids()
    r = browser_post(base() + "/appointments", {
        "practitioner_id": pid, "treatment_id": tid,
        "starts_at": "demain matin", "phone": "+33670000002",
        "first_name": "Mal", "last_name": "Daté"})
    text = error_page(r, 422)
    assert "Valeur invalide : date et heure de début" in text, text[:2000]
    # no Referer: back to the section's list
    assert back_link(text) == base() + "/appointments"
    r = browser_post(base() + "/treatments", {"name": "Soin long",
                                              "duration_minutes": "9999"})
    text = error_page(r, 422)
    assert "Valeur invalide : durée (5 à 720 minutes)" in text, text[:2000]
    assert back_link(text) == base() + "/treatments"
    # JSON: exactly the English reason as before
    r = send("POST", "/appointments", {"practitionerId": pid,
             "treatmentId": tid, "startsAt": "demain matin",
             "phone": "+33670000002", "firstName": "Mal",
             "lastName": "Daté"})
    assert r.status == 422 and r.json() == {"error": (
        "practitioner_id, starts_at (YYYY-MM-DDTHH:MM, clinic time), "
        "treatment_id or duration_minutes, and patient_id or phone + "
        "names")}, r.body


def test_unknown_id_is_introuvable_page():
    missing = "00000000-0000-4000-8000-000000000001"
    r = st().get(base() + "/patients/" + missing,
                 headers={"Cookie": ta.browser()[0]})
    text = error_page(r, 404)
    assert "Introuvable" in text and "not found" not in text
    assert back_link(text) == base() + "/patients"
    # a reload of the error page does not link to itself
    r = st().get(base() + "/patients/" + missing,
                 headers={"Cookie": ta.browser()[0], "Referer":
                          st().base_url + base() + "/patients/" + missing})
    assert back_link(error_page(r, 404)) == base() + "/patients"
    r = st().get(base() + "/patients/" + missing, headers=bearer())
    assert r.status == 404 and r.json() == {"error": "not found"}
    # a change on an unknown id, from the list page
    came_from = base() + "/appointments"
    r = browser_post(base() + "/appointments/%s/cancel" % missing, {},
                     referer=st().base_url + came_from)
    text = error_page(r, 404)
    assert "Introuvable" in text and back_link(text) == came_from
    # superadmin: its own layout and list
    cookie = ts.browser()[0]
    r = st().get("/superadmin/clinics/" + missing,
                 headers={"Cookie": cookie})
    text = error_page(r, 404)
    assert "Introuvable" in text and 'href="/superadmin/clinics"' in r.text
    assert back_link(text) == "/superadmin/clinics"
    r = st().get("/superadmin/clinics/" + missing, headers=ts.bearer())
    assert r.status == 404 and r.json() == {"error": "not found"}


def test_unknown_page_and_wrong_method_are_french_pages():
    cookie = ta.browser()[0]
    # a mistyped address, signed in or not: the French page, not text
    for h in ({"Cookie": cookie}, {}):
        r = st().get(base() + "/conversationz", headers=h)
        text = error_page(r, 404)
        assert "Introuvable" in text and "not found" not in text
        # not back to the mistyped address: to the section's home page
        assert back_link(text) == base(), text[:2000]
        assert "Retour à l'accueil" in text
    # a GET on an action's address (a bookmarked form result)
    r = st().get(base() + "/appointments/%s/cancel" %
                 "00000000-0000-4000-8000-000000000003",
                 headers={"Cookie": cookie})
    text = error_page(r, 405)
    assert "Action impossible" in text and "method not allowed" not in text
    assert back_link(text) == base() + "/appointments"
    # superadmin: its own section
    r = st().get("/superadmin/clinicz", headers={"Cookie": ts.browser()[0]})
    text = error_page(r, 404)
    assert back_link(text) == "/superadmin"
    # API clients keep their JSON
    r = st().get(base() + "/conversationz", headers=bearer())
    assert r.status == 404 and r.json() == {"error": "not found"}
    r = st().get(base() + "/appointments/%s/cancel" %
                 "00000000-0000-4000-8000-000000000003", headers=bearer())
    assert r.status == 405 and r.json() == {"error": "method not allowed"}


def test_bad_referer_is_never_linked():
    missing = "00000000-0000-4000-8000-000000000002"
    path = base() + "/appointments/%s/cancel" % missing
    for ref in ("https://evil.example/clinic/x/admin/patients",
                "http://evil.example" + base() + "/patients",
                st().base_url + "//evil.example/x",
                st().base_url + "/superadmin/clinics",
                st().base_url + base() + '/patients"><script>',
                "javascript:alert(1)",
                base() + "/patients"):
        r = browser_post(path, {}, referer=ref)
        text = error_page(r, 404)
        assert back_link(text) == base() + "/appointments", (ref, text)
        assert "evil" not in r.text and "<script>" not in r.text


def test_bad_filter_and_csrf_and_session_pages():
    r = st().get(base() + "/appointments?status=evil",
                 headers={"Cookie": ta.browser()[0]})
    text = error_page(r, 400)
    assert "Valeur invalide : filtre" in text
    r = st().get(base() + "/appointments?status=evil", headers=bearer())
    assert r.status == 400 and "status: booked" in r.json()["error"]
    # a form without its CSRF token: reconnect
    r = browser_post(base() + "/treatments", {"name": "X",
                     "duration_minutes": "30"}, csrf=False)
    text = error_page(r, 403)
    assert "CSRF" in text and "reconnectez-vous" in text
    assert re.search(r'<a href="%s/login">Se reconnecter</a>' %
                     re.escape(base()), r.text), text[:2000]
    # a form posted after the session ended: 401 page with the login link
    r = st().post_form(base() + "/treatments", {"name": "X"},
                       headers={"Cookie": "sophie=expired.token.value"})
    text = error_page(r, 401)
    assert "session a expiré" in text and "reconnectez-vous" in text
    assert 'href="%s/login"' % base() in r.text
    # API clients keep their JSON
    r = st().request("POST", base() + "/treatments", body=b"{}",
                     headers={"Accept": "application/json",
                              "Content-Type": "application/json"})
    assert r.status == 401 and r.json() == {"error": "unauthorized"}


# --- French labels -----------------------------------------------------------

def test_statuses_in_french_codes_in_json():
    aid, _ = book(DAY2, "09:00", last="Libellé")
    aid2, _ = book(DAY2, "11:00", last="Libellé")
    # future: no-show is refused before the start (test_desk)
    st().sql("UPDATE appointments SET status = 'no_show' WHERE id = "
             ":'p1'", aid2)
    q = "/appointments?from=%s&to=%s" % (DAY2, DAY2)
    text = html.unescape(get_html(base() + q))
    rows = [x for x in re.findall(r"<tr>.*?</tr>", text, re.S)
            if "Libellé" in x]
    assert len(rows) == 2, rows
    cells = " ".join(rows)
    assert "réservé" in cells and "absent" in cells, cells
    assert ">booked<" not in cells and ">no_show<" not in cells, cells
    o = get_json(base() + q)
    assert sorted(x["status"] for x in o["items"]
                  if x["id"] in (aid, aid2)) == ["booked", "no_show"]
    # the superadmin's list too
    text = html.unescape(ts.get_html(
        "/superadmin/appointments?from=%s&to=%s" % (DAY2, DAY2)))
    rows = [x for x in re.findall(r"<tr>.*?</tr>", text, re.S)
            if "Libellé" in x]
    assert rows and all(">booked<" not in x and ">no_show<" not in x
                        for x in rows), rows
    assert any("réservé" in x for x in rows), rows


def test_log_levels_in_french():
    st().sql("INSERT INTO system_logs (clinic_id, level, category, event, "
             "message) VALUES (:'p1', 'WARN', 'uxtest', 'UX_EVENT', "
             "'niveau en français')", ta.clinic())
    text = html.unescape(get_html(base() + "/logs?category=uxtest"))
    row = next(x for x in re.findall(r"<tr>.*?</tr>", text, re.S)
               if "UX_EVENT" in x)
    assert "<td>avertissement</td>" in row and "<td>WARN</td>" not in row
    o = get_json(base() + "/logs?category=uxtest")
    assert o["items"][0]["level"] == "WARN"


# --- filters keep their choice ---------------------------------------------

def test_filters_mark_the_current_choice():
    pid, _ = demo_ids()
    text = get_html(base() + "/appointments?from=2032-05-11&to=2032-05-12"
                    "&status=cancelled&practitioner_id=" + pid)
    assert '<option value="cancelled" selected>' in text, text[:3000]
    assert text.count(" selected>") == 2, text
    assert '<option value="%s" selected>' % pid in text
    assert 'value="2032-05-11"' in text and 'value="2032-05-12"' in text
    text = get_html(base() + "/appointments")
    assert " selected>" not in text
    text = get_html(base() + "/logs?level=ERROR&category=uxtest")
    assert '<option value="ERROR" selected>' in text
    assert 'value="uxtest"' in text
    text = ts.get_html("/superadmin/clinics?active=false")
    assert '<option value="false" selected>' in text
    assert '<option value="true" selected>' not in text
    text = ts.get_html("/superadmin/practitioners?active=true&q=Leal")
    assert '<option value="true" selected>' in text and 'value="Leal"' in text
    text = ts.get_html("/superadmin/appointments?status=no_show")
    assert '<option value="no_show" selected>' in text
    text = ts.get_html("/superadmin/logs?level=WARN")
    assert '<option value="WARN" selected>' in text
    text = ts.get_html("/superadmin/conversations?status=handoff")
    assert '<option value="handoff" selected>' in text


# --- login CSRF --------------------------------------------------------------

def login_get(path):
    """GET a login form (waiting out nginx's limit): (cookie, field, raw)."""
    for _ in range(40):
        r = st().get(path)
        if r.status not in (429, 503) or b"nginx" not in r.body:
            break
        time.sleep(2)
    assert r.status == 200, (r.status, r.body[:300])
    m = re.search(r'<input type="hidden" name="_login" '
                  r'value="([0-9a-f]{64})">', r.text)
    assert m, r.text[:1000]
    raw = next(v for k, v in r.headers if k.lower() == "set-cookie" and
               v.startswith("sophie_login="))
    return raw.split(";", 1)[0], m.group(1), raw


def login_post(path, fields, cookie=None):
    for _ in range(40):
        r = st().post_form(path, fields, headers={"Cookie": cookie}
                           if cookie else {})
        if r.status not in (429, 503) or b"nginx" not in r.body:
            return r
        time.sleep(2)
    return r


def test_login_form_needs_its_csrf_pair():
    path = base() + "/login"
    email = st().demo_info["admin_email"]
    pw = st().demo_info["admin_password"]
    cookie, field, raw = login_get(path)
    low = raw.lower()
    # plain http in tests: no Secure, no __Host- prefix (as the session)
    assert "httponly" in low and "samesite=strict" in low
    assert "path=/" in low and "max-age=" in low and "secure" not in low
    # no pair at all
    r = login_post(path, {"email": email, "password": pw})
    text = error_page(r, 403)
    assert "formulaire de connexion a expiré" in text
    assert 'href="%s/login"' % base() in r.text
    assert ta.cookie_of(r) is None or ta.cookie_of(r)[0] != "sophie"
    # the field without the cookie, the cookie without the field, and a
    # forged pair
    for fields, c in (({"_login": field}, None), ({}, cookie),
                      ({"_login": "0" * 64}, cookie),
                      ({"_login": field},
                       "sophie_login=" + "a" * 32 + "-9999999999")):
        f = {"email": email, "password": pw}
        f.update(fields)
        r = login_post(path, f, c)
        assert r.status == 403, (fields, c, r.status)
    # the pair: signed in
    r = login_post(path, {"email": email, "password": pw, "_login": field},
                   cookie)
    assert r.status == 303 and r.header("Location") == base(), r.body
    assert ta.cookie_of(r)[0] == "sophie"
    # JSON clients need no pair (unchanged)
    r = ta.login_raw(email, pw)
    assert r.status == 200 and r.json()["token"], r.body


def test_superadmin_login_form_needs_its_csrf_pair():
    path = "/superadmin/login"
    email = ts.root_email()
    cookie, field, _ = login_get(path)
    r = login_post(path, {"email": email, "password": ts.PASSWORD})
    text = error_page(r, 403)
    assert 'href="/superadmin/login"' in r.text and "connexion" in text
    r = login_post(path, {"email": email, "password": ts.PASSWORD,
                          "_login": field}, cookie)
    assert r.status == 303 and r.header("Location") == "/superadmin"
    r = ts.login_raw(email, ts.PASSWORD)
    assert r.status == 200 and r.json()["user"]["role"] == "SUPERADMIN"


# --- a receptionist's first morning ------------------------------------------

def _patients_found(q):
    """The patient rows (name, phone) the patients page lists for q."""
    text = html.unescape(get_html(base() + "/patients?q=" +
                                  urllib.parse.quote(q)))
    return re.findall(r"<tr><td><a [^>]*>([^<]*)</a></td><td>(\+\d+)</td>",
                      text)


def test_patient_search_finds_a_phone_typed_as_said_on_the_phone():
    """A patient phones: the number she gives ("06 61 23 45 67") finds
    the patient stored as +33661234567, with or without spaces or dots;
    another number finds nobody."""
    last = "Appel%04d" % random.randint(0, 9999)
    phone = "+33661%06d" % random.randint(0, 999999)
    pid, tid = demo_ids()
    r = send("POST", "/appointments", {"practitionerId": pid,
             "treatmentId": tid, "startsAt": DAY2 + "T11:00",
             "phone": phone, "firstName": "Ua", "lastName": last})
    assert r.status == 201, (r.status, r.body)
    nat = "0" + phone[3:]
    spaced = " ".join(nat[i:i + 2] for i in range(0, 10, 2))
    dotted = spaced.replace(" ", ".")
    for q in (nat, spaced, dotted, phone):
        rows = _patients_found(q)
        assert [p for _, p in rows] == [phone], (q, rows)
        assert last in rows[0][0], (q, rows)
    other = "0" + phone[3:-1] + str((int(phone[-1]) + 1) % 10)
    assert phone not in [p for _, p in _patients_found(other)], other
    # A name still finds her, and a word is not read as a number.
    assert phone in [p for _, p in _patients_found(last.lower())]
    assert _patients_found("zzz" + last) == []


def test_agenda_names_the_weekday_of_the_day_shown():
    """The agenda says which day it shows in words ("jeudi 10/12/2026"),
    not an ISO range: the weekday of a date is not left to guess."""
    names = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
             "dimanche"]
    y, m, d = (int(x) for x in DAY1.split("-"))
    wd = datetime.date(y, m, d).weekday()
    text = html.unescape(get_html(base() + "/agenda?date=" + DAY1))
    line = re.search(r'<p class="agenda-day">(.*?)</p>', text, re.S)
    assert line, text[:2000]
    want = "%s %02d/%02d/%04d" % (names[wd], d, m, y)
    assert "<b>%s</b>" % want in line.group(1), line.group(1)
    assert DAY1 not in line.group(1), line.group(1)
    # The week view names its first and last day, Monday to Sunday.
    text = html.unescape(get_html(base() + "/agenda?view=week&date=" +
                                  DAY1))
    line = re.search(r'<p class="agenda-day">(.*?)</p>', text, re.S)
    mon = datetime.date(y, m, d) - datetime.timedelta(days=wd)
    sun = mon + datetime.timedelta(days=6)
    assert "Du lundi %s au dimanche %s" % (mon.strftime("%d/%m/%Y"),
                                           sun.strftime("%d/%m/%Y")) \
        in line.group(1), line.group(1)


def _closed_note(day):
    text = html.unescape(get_html(base() + "/agenda?date=" + day))
    m = re.search(r'<p class="agenda-closed" role="status"><b>([^<]*)</b>',
                  text)
    return m.group(1) if m else None


def test_agenda_says_why_a_whole_day_is_closed():
    """A day the clinic does not open says so in words above the grid
    (a phone has no pointer to hover a shaded cell): a Sunday, a public
    holiday with its name; an open day says nothing of the kind."""
    y, m, d = (int(x) for x in DAY1.split("-"))
    day1 = datetime.date(y, m, d)
    sunday = day1 + datetime.timedelta(days=6 - day1.weekday())
    assert _closed_note(sunday.isoformat()) == \
        "Fermé (pas de consultation ce jour-là)"
    xmas = datetime.date(y + 1, 12, 25)
    assert _closed_note(xmas.isoformat()) == "Jour férié : Noël"
    assert _closed_note(DAY1) is None
    # The week view keeps its per-cell reasons and no day-wide note.
    text = get_html(base() + "/agenda?view=week&date=" + sunday.isoformat())
    assert 'class="agenda-closed"' not in text


def test_booking_form_says_who_does_the_treatments_this_one_does_not():
    """Asked for a cleaning with a practitioner who does none, the
    booking form (which lists only his treatments) says which treatments
    he does not do and who does them, instead of leaving the list short
    without a word."""
    pid, _ = demo_ids()
    text = html.unescape(get_html(
        base() + "/agenda/book?practitioner_id=%s&starts_at=%sT10:00" %
        (pid, DAY1)))
    offered = re.findall(r'<option value="[^"]*"[^>]*>([^<(]*) \(\d+ min\)',
                         text)
    assert "Consultation" in offered and "Détartrage" not in offered, offered
    m = re.search(r'<p class="muted book-elsewhere">([^<]*)</p>', text)
    assert m, text[:3000]
    line = m.group(1)
    assert line.startswith("Soins que Dr Paul Martin ne fait pas"), line
    parts = dict(p.split(" : ", 1) for p in
                 line.split(" :", 1)[1].strip().split(" ; "))
    assert "Détartrage" in parts, parts
    assert "Consultation" not in parts, parts
    for who in parts.values():
        assert who and "Martin" not in who, parts


def test_dashboard_leads_to_the_day_s_agenda():
    """The morning starts on the dashboard: today's appointments count
    leads to today's agenda (it was plain text, the agenda only in the
    menu), and the agenda it opens is the dashboard's today."""
    text = get_html(base())
    cards = text.split('<div class="cards">')[1].split("</div>\n</div>")[0]
    link = re.search(r'<div class="card"><b>\d+</b><a href="([^"]*)">'
                     r'rendez-vous</a>', cards)
    assert link, cards
    href = html.unescape(link.group(1))
    assert href == base() + "/agenda", href
    y, m, d = re.search(r" — (\d{4})-(\d\d)-(\d\d) \(", text).groups()
    page = html.unescape(get_html(href))
    line = re.search(r'<p class="agenda-day">(.*?)</p>', page, re.S)
    assert line and "%s/%s/%s" % (d, m, y) in line.group(1), \
        (y, m, d, line and line.group(1))
