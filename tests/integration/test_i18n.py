"""The admin and superadmin in French and English (the signed-in user's
preference, else Accept-Language, French by default), the journal naming
people rather than ids, the superadmin's figures counting what exists,
its wide content kept in scroll boxes, and times named by their zone
where several clinics are listed."""
import html
import json
import re
import time
import uuid

import test_admin as ta
import test_admin_conversations as tac
import test_superadmin as ts
from harness import shared_stack

EN = "en-GB,en;q=0.9"
FR = "fr-FR,fr;q=0.9"


def st():
    return shared_stack()


def page(path, cookie, lang=None):
    h = {"Cookie": cookie}
    if lang is not None:
        h["Accept-Language"] = lang
    r = st().get(path, headers=h)
    assert r.status == 200, (path, r.status, r.body[:300])
    return r.text


def html_lang(text):
    m = re.search(r'<html lang="([a-z]+)">', text)
    assert m, text[:200]
    return m.group(1)


def h1(text):
    m = re.search(r"<h1>(.*?)</h1>", text)
    assert m, text[:400]
    return m.group(1)


def csrf_of(text):
    m = re.search(r'name="_csrf" value="([0-9a-f]{64})"', text)
    assert m, text[:500]
    return m.group(1)


# --- language of a page --------------------------------------------------

def test_admin_dashboard_in_english_by_accept_language():
    cookie = ta.browser()[0]
    t = page(ta.base(), cookie, EN)
    assert html_lang(t) == "en"
    assert ">Dashboard</a>" in t and ">Conversations</a>" in t
    assert ">Appointments</a>" in t and ">Log out</button>" in t
    assert h1(t) == "Dashboard"
    assert "Tableau de bord" not in t


def test_admin_dashboard_in_french_by_default_and_when_asked():
    cookie = ta.browser()[0]
    for lang in (None, FR, "de-DE", "fr;q=0.9, en;q=0.3"):
        t = page(ta.base(), cookie, lang)
        assert html_lang(t) == "fr", lang
        assert ">Tableau de bord</a>" in t and ">Rendez-vous</a>" in t
        assert h1(t) == "Tableau de bord"
    # q-values: the higher wins whatever the order
    t = page(ta.base(), cookie, "fr;q=0.2, en;q=0.8")
    assert html_lang(t) == "en" and h1(t) == "Dashboard"


def test_staff_flag_reasons_are_words_in_the_page_language():
    # a conversation flagged by the engine: its reason code in words on
    # the dashboard and the conversation page, never the raw code.  A
    # clinic of its own: no responder has its dashboard's figures cached
    s = st()
    cid = json.loads(s.ctl("clinic", "add", "--name", "Clinique Motifs",
                           "--json").stdout)["clinic_id"]
    email = "admin-r-%s@example.org" % uuid.uuid4().hex[:8]
    s.ctl("user", "add", "--clinic", cid, "--email", email, "--password",
          "password-of-r-123", "--json")
    conv, _, _ = tac.make_conversation(cid=cid, first="Rosa",
                                       last="Flagged")
    s.sql("UPDATE conversations SET needs_staff = true, "
          "needs_staff_reason = 'not_understood' WHERE id = :'p1'", conv)
    cookie = "sophie=" + ta.mint(email)
    for lang, words in ((FR, "message non compris"),
                        (EN, "message not understood")):
        for path in ("", "/conversations/" + conv):
            t = page(ta.base(cid) + path, cookie, lang)
            assert words in t, (lang, path)
            assert "not_understood" not in t, (lang, path)
    # a code the catalogues do not know is shown as stored, escaped
    s.sql("UPDATE conversations SET needs_staff_reason = "
          "'<b>x_new</b>' WHERE id = :'p1'", conv)
    t = page(ta.base(cid) + "/conversations/" + conv, cookie, EN)
    assert "&lt;b&gt;x_new&lt;/b&gt;" in t and "<b>x_new" not in t


def test_admin_pages_headings_follow_the_language():
    cookie = ta.browser()[0]
    for path, fr, en in (("/conversations", "Conversations",
                          "Conversations"),
                         ("/treatments", "Soins", "Treatments"),
                         ("/logs", "Journal", "Log")):
        assert h1(page(ta.base() + path, cookie, FR)) == fr, path
        t = page(ta.base() + path, cookie, EN)
        assert h1(t) == en and html_lang(t) == "en", path
    t = page(ta.base() + "/logs", cookie, EN)
    assert "Minimum level" in t and "Niveau minimum" not in t


def login_form(headers):
    """The login form; nginx rate-limits /login, so a 429 left by earlier
    suites is waited out (at most 20 tries, one a second)."""
    for _ in range(20):
        r = st().get(ta.base() + "/login", headers=headers)
        if r.status != 429:
            break
        time.sleep(1)
    assert r.status == 200, r.status
    return r.text


def test_login_page_follows_accept_language():
    t = login_form({"Accept-Language": EN})
    assert html_lang(t) == "en" and "Password" in t
    assert "Sign in" in t
    t = login_form({})
    assert html_lang(t) == "fr" and "Mot de passe" in t


def test_status_labels_follow_the_language():
    cookie = ta.browser()[0]
    t = page(ta.base() + "/logs?level=WARN", cookie, EN)
    assert "Level: warning" in t, t
    t = page(ta.base() + "/logs?level=WARN", cookie, FR)
    assert "Niveau : avertissement" in t


def test_user_preference_beats_accept_language():
    uid, email, _ = ta.new_user("STAFF")
    cookie = "sophie=" + ta.mint(email)
    t = page(ta.base(), cookie, FR)
    assert html_lang(t) == "fr"
    # the switch is on every page, a POST form with the CSRF token
    assert 'action="%s/lang"' % ta.base() in t
    r = st().post_form(ta.base() + "/lang", {"lang": "en"},
                       headers={"Cookie": cookie})
    assert r.status == 403, r.status
    r = st().post_form(ta.base() + "/lang",
                       {"lang": "en", "_csrf": csrf_of(t)},
                       headers={"Cookie": cookie, "Referer":
                                st().base_url + ta.base() + "/logs"})
    assert r.status == 303, (r.status, r.body[:200])
    assert r.header("Location").endswith(ta.base() + "/logs")
    assert st().sql_value("SELECT ui_lang FROM clinic_users WHERE id = "
                          ":'p1'", uid) == "en"
    t = page(ta.base(), cookie, FR)
    assert html_lang(t) == "en" and h1(t) == "Dashboard"
    r = st().post_form(ta.base() + "/lang",
                       {"lang": "xx", "_csrf": csrf_of(t)},
                       headers={"Cookie": cookie})
    assert r.status in (400, 422), r.status
    r = st().post_form(ta.base() + "/lang",
                       {"lang": "fr", "_csrf": csrf_of(t)},
                       headers={"Cookie": cookie})
    assert r.status == 303
    assert html_lang(page(ta.base(), cookie, EN)) == "fr"


def test_superadmin_in_english_and_preference():
    cookie, csrf = ts.browser()
    t = page(ts.S, cookie, EN)
    assert html_lang(t) == "en" and h1(t) == "Overview"
    assert ">Clinics</a>" in t and "Vue d&#39;ensemble" not in t
    t = page(ts.S + "/clinics", cookie, FR)
    assert html_lang(t) == "fr" and h1(t) == "Cliniques"
    r = st().post_form(ts.S + "/lang", {"lang": "en", "_csrf": csrf},
                       headers={"Cookie": cookie})
    assert r.status == 303, (r.status, r.body[:200])
    try:
        assert h1(page(ts.S + "/clinics", cookie, FR)) == "Clinics"
    finally:
        st().post_form(ts.S + "/lang", {"lang": "fr", "_csrf": csrf},
                       headers={"Cookie": cookie})


def test_error_page_in_english():
    cookie = ta.browser()[0]
    r = st().get(ta.base() + "/conversations/%s" % uuid.uuid4(),
                 headers={"Cookie": cookie, "Accept-Language": EN})
    assert r.status == 404
    assert html_lang(r.text) == "en", r.text[:300]


# --- correct figures -----------------------------------------------------

def test_journal_shows_user_and_patient_names():
    uid, email, _ = ta.new_user("STAFF")
    st().sql("UPDATE clinic_users SET name = 'Céline Accueil' WHERE id = "
             ":'p1'", uid)
    conv, pid, _ = tac.make_conversation(first="Basile", last="Journal")
    st().sql("INSERT INTO audit_log (clinic_id, actor_user_id, actor_role, "
             "action, entity, entity_id, patient_id) VALUES (:'p1', :'p2', "
             "'STAFF', 'appointment.cancel', 'appointment', :'p3', :'p4')",
             ta.clinic(), uid, str(uuid.uuid4()), pid)
    st().sql("INSERT INTO system_logs (clinic_id, conversation_id, level, "
             "category, event, message) VALUES (:'p1', :'p2', 'WARN', "
             "'engine', 'I18N_NAMED', 'a line about a conversation')",
             ta.clinic(), conv)
    t = page(ta.base() + "/logs", ta.browser()[0], FR)
    assert "Céline Accueil" in t, t
    assert "Basile Journal" in t
    assert uid not in t and pid not in t
    assert "rendez-vous annulé" in t
    t = page(ta.base() + "/logs", ta.browser()[0], EN)
    assert "appointment cancelled" in t and "Céline Accueil" in t
    t = page(ts.S + "/logs", ts.browser()[0], FR)
    assert "Céline Accueil" in t and "Basile Journal" in t


def test_superadmin_stats_count_the_patients_that_exist():
    tac.make_conversation(first="Compté", last="Patient")
    n = int(st().sql_value("SELECT count(*) FROM patients"))
    assert n > 0
    o = ts.get_json(ts.S)
    assert o["totals"]["patients"] == n, o
    t = page(ts.S, ts.browser()[0], FR)
    assert re.search(r"<b>%d</b>\s*patients" % n, t), t


def test_superadmin_analysis_wide_content_scrolls_in_a_box():
    conv, _, _ = tac.make_conversation(bodies=("x" * 3000,))
    st().sql("UPDATE conversations SET context = jsonb_build_object("
             "'long', repeat('y', 4000)) WHERE id = :'p1'", conv)
    t = page(ts.S + "/conversations/%s/analysis" % conv, ts.browser()[0])
    # every <pre> sits in a .scroll box, message bodies wrap
    assert "<pre" in t
    for m in re.finditer(r"<pre", t):
        before = t[:m.start()]
        assert before.rstrip().endswith('<div class="scroll">'), \
            t[m.start() - 80:m.start() + 20]
    assert 'class="msg inbound wrap"' in t
    css = st().get("/clinic/static/app.css").text
    assert ".wrap{overflow-wrap:anywhere" in css.replace(" ", "")


def test_superadmin_lists_name_the_clinic_zone():
    tac.make_conversation(first="Zoé", last="Fuseau")
    tz = st().sql_value("SELECT timezone FROM clinics WHERE id = :'p1'",
                        ta.clinic())
    for path in ("/conversations", "/patients", "/logs"):
        t = page(ts.S + path, ts.browser()[0])
        assert tz in t, path


def test_keys_the_c_code_passes_are_in_both_catalogues():
    """Titles, errors and field names the handlers pass to page_send,
    page_error and page_invalid as catalogue keys exist in fr and en
    (a missing one would be shown as its key)."""
    import glob
    import os
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    cats = {}
    for lang in ("fr", "en"):
        keys = set()
        with open(os.path.join(root, "templates", "i18n", lang + ".txt"),
                  encoding="utf-8") as f:
            for line in f:
                if "=" in line and not line.lstrip().startswith("#"):
                    keys.add(line.split("=", 1)[0].strip())
        cats[lang] = keys
    assert cats["fr"] == cats["en"]
    used = set()
    for path in glob.glob(os.path.join(root, "lib", "*.c")):
        with open(path, encoding="utf-8") as f:
            used |= set(re.findall(
                r'"((?:title|error|field|login|column)\.[A-Za-z0-9._-]+)"',
                f.read()))
    assert "title.dashboard" in used and "error.busy" in used
    missing = sorted(k for k in used if k not in cats["fr"]
                     and not k.endswith("."))
    assert not missing, missing


def test_refusal_of_a_form_in_the_page_language():
    cookie, csrf = ta.browser()
    fields = {"name": "Soin i18n", "duration_minutes": "3", "_csrf": csrf}
    r = st().post_form(ta.base() + "/treatments", fields,
                       headers={"Cookie": cookie, "Accept-Language": EN})
    assert r.status == 422, r.status
    assert html_lang(r.text) == "en" and h1(r.text) == "Invalid value"
    assert "Invalid value: duration (5 to 720 minutes)." in r.text
    r = st().post_form(ta.base() + "/treatments", fields,
                       headers={"Cookie": cookie})
    assert r.status == 422
    assert "Valeur invalide : durée (5 à 720 minutes)." in r.text


# --- the pages converted last: agenda, desk, patients, settings ----------

def both(path, cookie=None):
    """The page in English (Accept-Language) and by default (French)."""
    cookie = cookie or ta.browser()[0]
    en = page(ta.base() + path, cookie, EN)
    fr = page(ta.base() + path, cookie)
    assert html_lang(en) == "en" and html_lang(fr) == "fr", path
    return en, fr


def desk_fixture():
    """A practitioner of its own, a patient and an appointment of them."""
    import test_desk as td
    prac = td.practitioner()
    pat, _ = td.patient(first="Langue")
    aid = td.appointment(prac, pat, "'2031-05-06 10:00+02'")
    return prac, pat, aid


def test_agenda_day_in_english_and_french():
    import test_agenda as tg
    day = tg.weekday_ahead(2)
    en, fr = both("/agenda?date=%s" % day)
    assert h1(en) == "Day agenda" and h1(fr) == "Agenda du jour"
    assert ">Today</a>" in en and "Print the day" in en
    assert ">Time</th>" in en and ">Heure</th>" in fr
    assert re.search(r">Aujourd(&#39;|')hui</a>", fr), fr
    assert "Imprimer la journée" not in en and "Imprimer la journée" in fr


def test_agenda_booking_form_in_english_and_french():
    import test_agenda as tg
    prac, _, _ = desk_fixture()
    day = tg.weekday_ahead(3)
    path = "/agenda/book?practitioner_id=%s&starts_at=%sT10:00" % (prac, day)
    en, fr = both(path)
    assert h1(en) == "New appointment" and h1(fr) == "Nouveau rendez-vous"
    assert "Or a new patient" in en and ">Book</button>" in en
    assert "Ou nouveau patient" in fr and ">Réserver</button>" in fr
    assert "Prénom" not in en


def test_appointment_page_in_english_and_french():
    _, _, aid = desk_fixture()
    en, fr = both("/appointments/%s" % aid)
    assert h1(en) == "Appointment" and h1(fr) == "Rendez-vous"
    assert "Messages to the patient" in en and "Status history" in en
    assert ">Patient record</a>" in en and ">Move</a>" in en
    assert "Messages au patient" in fr and "Historique du statut" in fr
    assert "Fiche patient" not in en


def test_patient_page_in_english_and_french():
    _, pat, _ = desk_fixture()
    en, fr = both("/patients/%s" % pat)
    assert h1(en) == "Patient" and h1(fr) == "Patient"
    assert ">New appointment</a>" in en and "Edit the record" in en
    assert ">Nouveau rendez-vous</a>" in fr and "Modifier la fiche" in fr
    assert "Téléphone" not in en and "Phone" in en


def test_settings_page_in_english_and_french():
    en, fr = both("/settings")
    assert h1(en) == "Settings" and h1(fr) == "Réglages"
    assert "Opening hours" in en and "Closures" in en
    assert ">Save</button>" in en and "Fuseau horaire" not in en
    assert "Horaires d&#39;ouverture" in fr and "Fermetures" in fr
    assert "<label>Monday <input" in en and "<label>lundi <input" in fr


def test_practitioner_page_in_english_and_french():
    prac, _, _ = desk_fixture()
    en, fr = both("/practitioners/%s" % prac)
    assert h1(en) == "Practitioner" and h1(fr) == "Praticien"
    assert "Weekly hours" in en and "Add the absence" in en
    assert "Treatments performed" in en and "Horaires" not in en
    assert "Horaires de la semaine" in fr and "Soins pratiqués" in fr
    assert '<th scope="row">Monday</th>' in en
    assert '<th scope="row">lundi</th>' in fr


def test_alerts_page_in_english_and_french():
    # an alert already seen (the unseen counters stay as they are)
    conv, _, _ = tac.make_conversation(first="Alerte", last="Langue")
    st().sql("INSERT INTO staff_alerts (clinic_id, conversation_id, kind, "
             "created_at, seen_at) VALUES (:'p1', :'p2', 'emergency', "
             "now() - interval '1 hour', now())", ta.clinic(), conv)
    en, fr = both("/alerts")
    assert "<td>Emergency</td>" in en and "<td>Urgence</td>" in fr
    assert h1(en) == "Alerts" and h1(fr) == "Alertes"
    assert ">When</th>" in en and ">Quand</th>" in fr
    assert "unseen alert" in en and "non vue" not in en
    assert "non vue" in fr


def test_errors_of_the_converted_pages_follow_the_language():
    import test_agenda as tg
    cookie, csrf = ta.browser()
    path = ta.base() + "/agenda/book?practitioner_id=%s&starts_at=%sT10:00" \
        % (uuid.uuid4(), tg.weekday_ahead(2))
    for lang, text in ((EN, "Practitioner not found."),
                       (None, "Praticien introuvable.")):
        h = {"Cookie": cookie}
        if lang:
            h["Accept-Language"] = lang
        r = st().get(path, headers=h)
        assert r.status == 404 and text in r.text, (r.status, r.text[:600])
    fields = {"day": "not-a-day", "hours": "", "_csrf": csrf}
    r = st().post_form(ta.base() + "/settings/closures", fields,
                       headers={"Cookie": cookie, "Accept-Language": EN})
    assert r.status == 422, r.status
    assert "Invalid value: day (YYYY-MM-DD)." in r.text, r.text[:800]
    r = st().post_form(ta.base() + "/settings/closures", fields,
                       headers={"Cookie": cookie})
    assert r.status == 422
    assert "Valeur invalide : jour (AAAA-MM-JJ)." in r.text


# --- the strings left in French: agenda shades, booking reasons and
# dates, CSV headings, country names -------------------------------------

def agenda_clinic():
    """The agenda suite's own clinic: (base URL, Cookie, csrf)."""
    import test_agenda as tg
    cid, _, (cookie, csrf) = tg.own()
    return ta.base(cid), cookie, csrf


def test_agenda_shade_titles_and_week_days_follow_the_language():
    import test_agenda as tg
    base, cookie, _ = agenda_clinic()
    day = tg.weekday_ahead(16)
    st().sql("INSERT INTO clinic_closures (clinic_id, day, start_min, "
             "end_min, reason) VALUES (:'p1', :'p2', 600, 660, "
             "'Inventaire')", tg.clinic(), day)
    en = page(base + "/agenda?date=%s" % day, cookie, EN)
    fr = page(base + "/agenda?date=%s" % day, cookie)
    assert 'title="Closed: Inventaire"' in en, en[:3000]
    assert 'title="Fermé : Inventaire"' in fr
    # hours outside the clinic's: the reason in words, in the language
    assert "outside the opening or working hours" in en.lower(), en[:3000]
    assert "Fermé" not in en and "horaires" not in en
    en = page(base + "/agenda?date=%s&view=week" % day, cookie, EN)
    fr = page(base + "/agenda?date=%s&view=week" % day, cookie)
    assert re.search(r'<th class="col"[^>]*>Mon ', en), en[:3000]
    assert re.search(r'<th class="col"[^>]*>lun\. ', fr), fr[:3000]
    # (attributes escape parentheses)
    assert "Closed (no consultations that day)" in html.unescape(en)
    assert "Fermé (pas de consultation ce jour-là)" in html.unescape(fr)


def test_agenda_booking_reasons_and_date_follow_the_language():
    import datetime
    import test_agenda as tg
    base, cookie, csrf = agenda_clinic()
    pid, tid = tg.ids("Bernard")
    day = tg.weekday_ahead(17)
    st().sql("INSERT INTO clinic_closures (clinic_id, day, reason) VALUES "
             "(:'p1', :'p2', 'Formation')", tg.clinic(), day)
    path = base + "/agenda/book?practitioner_id=%s&starts_at=%sT10:00" % (
        pid, day)
    en = page(path, cookie, EN)
    fr = page(path, cookie)
    wd = datetime.date.fromisoformat(day)
    en_day = ("Monday", "Tuesday", "Wednesday", "Thursday",
              "Friday")[wd.weekday()]
    fr_day = ("lundi", "mardi", "mercredi", "jeudi",
              "vendredi")[wd.weekday()]
    assert en_day in en and fr_day not in en, en[:3000]
    assert fr_day in fr
    assert "the clinic is closed" in en and "Formation" in en, en[:3000]
    assert "Book anyway" in en and "Réserver quand même" not in en
    assert "la clinique est fermée" in fr
    f = {"practitioner_id": pid, "starts_at": day + "T10:00",
         "treatment_id": tid, "new_phone": "+33612345678",
         "new_first_name": "Lang", "new_last_name": "Refus", "_csrf": csrf}
    r = st().post_form(base + "/agenda/book", f,
                       headers={"Cookie": cookie, "Accept-Language": EN})
    assert r.status == 422, (r.status, r.body[:300])
    assert "Refused" in r.text and "Refusé" not in r.text, r.text[:3000]
    f["starts_at"] = "2020-01-06T10:00"
    r = st().post_form(base + "/agenda/book", f,
                       headers={"Cookie": cookie, "Accept-Language": EN})
    assert r.status == 422 and "past" in r.text, r.text[:3000]


def test_csv_headings_and_country_names_follow_the_language():
    base, cookie, _ = agenda_clinic()
    for lang, head in ((EN, '"date","start","end","practitioner"'),
                       (None, '"date","début","fin","praticien"')):
        h = {"Cookie": cookie}
        if lang:
            h["Accept-Language"] = lang
        r = st().get(base + "/export/appointments.csv", headers=h)
        assert r.status == 200, r.status
        assert r.text.startswith(head), r.text[:200]
        r = st().get(base + "/export/patients.csv", headers=h)
        assert r.status == 200 and r.text.startswith(
            '"first name","last name"' if lang else '"prénom","nom"'), \
            r.text[:200]
    en = page(base + "/settings", cookie, EN)
    fr = page(base + "/settings", cookie)
    assert ">Belgium<" in en and ">Belgique<" not in en, en[:3000]
    assert ">Belgique<" in fr


def test_hours_editor_errors_follow_the_language():
    cookie, csrf = ta.browser()
    prs = ta.get_json(ta.base() + "/practitioners")["items"]
    path = ta.base() + "/practitioners/%s/hours" % prs[0]["id"]
    fields = {"w0": "12:00-09:00", "_csrf": csrf}
    r = st().post_form(path, fields, headers={"Cookie": cookie,
                                              "Accept-Language": EN})
    assert r.status == 422, (r.status, r.body[:300])
    assert "Hours not saved" in r.text and "Monday" in r.text, \
        r.text[:3000]
    assert "Horaires" not in r.text and "lundi" not in r.text
    r = st().post_form(path, fields, headers={"Cookie": cookie})
    assert r.status == 422
    assert "Horaires non enregistrés" in r.text and "lundi" in r.text
