"""No-shows (issue 21, item 3): an appointment marked no-show brings ONE
WhatsApp message to the patient (the clinic's text for that language, or
a kind default) offering to rebook, even when marked twice or undone and
marked again; a patient with the clinic's threshold of no-shows in 12
months is asked to confirm in the reminder, and the staff are alerted
when no yes came by the deadline.

Checks the database and the fake Twilio.  Runs on clinics of its own so
that the settings changed here touch no other suite."""
import json
import random
import uuid

import test_admin as ta
import test_agenda as tg
from harness import shared_fake, wait_until
from test_admin import st

_own = {}


def own():
    """(clinic_id, token) of this suite's clinic."""
    if "a" not in _own:
        cid, email = tg._clinic_with_admin("Cabinet Absences %s" %
                                           uuid.uuid4().hex[:6])
        _own["a"] = (cid, ta.mint(email))
        _own["email"] = email
    return _own["a"]


def base():
    return ta.base(own()[0])


def send(path, obj):
    return ta.send_json("POST", base() + path, obj, own()[1])


def practitioner():
    return st().sql_value(
        "INSERT INTO practitioners (clinic_id, first_name, last_name) "
        "VALUES (:'p1', 'Noshow', :'p2') RETURNING id", own()[0],
        "T%06d" % random.randint(0, 999999))


def patient(lang):
    ph = "+3366%07d" % random.randint(0, 9999999)
    pid = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name, "
        "language) VALUES (:'p1', :'p2', 'Absent', :'p3', :'p4') "
        "RETURNING id", own()[0], ph, "N%06d" % random.randint(0, 999999),
        lang)
    # the patient wrote a minute ago: inside WhatsApp's 24-hour window
    st().sql("INSERT INTO conversations (clinic_id, phone, patient_id, "
             "language, last_inbound_at) VALUES (:'p1', :'p2', :'p3', "
             ":'p4', now() - interval '1 minute')", own()[0], ph, pid, lang)
    return pid, ph


def appointment(prac, pat, when, status="booked"):
    """when: an SQL expression written here (never user data)."""
    return st().sql_value(
        "INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
        "treatment_name, starts_at, ends_at, source, status) VALUES "
        "(:'p1', :'p2', :'p3', 'Consultation', (" + when + "), (" + when +
        ") + interval '30 minutes', 'admin', :'p4') RETURNING id",
        own()[0], prac, pat, status)


def twilio_to(ph):
    return [m["form"]["Body"] for m in shared_fake("twilio").get(
        "/_messages") if m["form"].get("To", "").endswith(ph)]


def jobs_pending(aid):
    return st().sql_value(
        "SELECT count(*) FROM jobs WHERE kind = 'noshow_message' AND "
        "payload->>'appointment_id' = :'p1' AND status IN ('queued', "
        "'running')", aid)


def outbound(ph):
    return st().sql_value(
        "SELECT count(*) FROM messages m JOIN conversations c ON c.id = "
        "m.conversation_id WHERE c.phone = :'p1' AND m.direction = "
        "'outbound'", ph)


def settle(aid, ph, n):
    """Wait for the no-show jobs of aid to finish and n sends."""
    assert wait_until(lambda: jobs_pending(aid) == "0", timeout=30), \
        "no-show job still pending"
    wait_until(lambda: len(twilio_to(ph)) >= n, timeout=20)


def test_one_kind_message_in_patient_language_even_marked_twice_or_redone():
    prac = practitioner()
    pat, ph = patient("en")
    aid = appointment(prac, pat, "now() - interval '2 hours'")
    r = send("/appointments/%s/no-show" % aid, {})
    assert r.status == 200, (r.status, r.body[:300])
    settle(aid, ph, 1)
    got = twilio_to(ph)
    assert len(got) == 1, got
    assert "missed" in got[0].lower() and "appointment" in got[0].lower(), \
        got
    # marked again: refused or a no-op; nothing more is sent
    send("/appointments/%s/no-show" % aid, {})
    # undone, then marked again
    r = send("/appointments/%s/undo" % aid, {})
    assert r.status == 200, (r.status, r.body[:300])
    assert st().sql_value("SELECT status FROM appointments WHERE id = "
                          ":'p1'", aid) != "no_show"
    r = send("/appointments/%s/no-show" % aid, {})
    assert r.status == 200, (r.status, r.body[:300])
    settle(aid, ph, 2)
    assert len(twilio_to(ph)) == 1, twilio_to(ph)
    assert outbound(ph) == "1"


def test_clinic_text_in_french_for_a_french_patient():
    st().sql("UPDATE clinics SET noshow_message_fr = 'Nous vous avons "
             "attendu aujourd''hui ; voulez-vous un nouveau rendez-vous ?'"
             " WHERE id = :'p1'", own()[0])
    try:
        prac = practitioner()
        pat, ph = patient("fr")
        aid = appointment(prac, pat, "now() - interval '3 hours'")
        assert send("/appointments/%s/no-show" % aid, {}).status == 200
        settle(aid, ph, 1)
        got = twilio_to(ph)
        assert got == ["Nous vous avons attendu aujourd'hui ; voulez-vous "
                       "un nouveau rendez-vous ?"], got
    finally:
        st().sql("UPDATE clinics SET noshow_message_fr = NULL WHERE id = "
                 ":'p1'", own()[0])


def reminders():
    return json.loads(st().ctl("reminders", "--scan", "--json").stdout)


def test_threshold_makes_the_reminder_ask_for_a_yes_then_alerts_staff():
    st().sql("UPDATE clinics SET noshow_threshold = 2, noshow_action = "
             "'confirm', noshow_confirm_hours = 3, reminder_delay_minutes "
             "= 1440 WHERE id = :'p1'", own()[0])
    try:
        prac = practitioner()
        # two no-shows in the last months (told already)
        rep, rph = patient("en")
        for k in (40, 90):
            st().sql("UPDATE appointments SET noshow_notified_at = now() "
                     "WHERE id = :'p1'", appointment(
                         prac, rep, "now() - interval '%d days'" % k,
                         "no_show"))
        once, oph = patient("en")
        st().sql("UPDATE appointments SET noshow_notified_at = now() "
                 "WHERE id = :'p1'", appointment(
                     prac, once, "now() - interval '30 days'", "no_show"))
        a_rep = appointment(prac, rep, "now() + interval '20 hours'")
        a_once = appointment(prac, once, "now() + interval '21 hours'")
        reminders()
        wait_until(lambda: twilio_to(rph) and twilio_to(oph), timeout=20)
        r_rep, r_once = twilio_to(rph), twilio_to(oph)
        assert len(r_rep) == 1 and len(r_once) == 1, (r_rep, r_once)
        assert "please confirm" in r_rep[0].lower(), r_rep
        assert "please confirm" not in r_once[0].lower(), r_once
        # no yes and the deadline passed: the staff are alerted, the
        # appointment stays booked
        st().sql("UPDATE appointments SET starts_at = now() + interval "
                 "'2 hours', ends_at = now() + interval '150 minutes' "
                 "WHERE id = :'p1'", a_rep)
        st().sql("UPDATE appointments SET starts_at = now() + interval "
                 "'160 minutes', ends_at = now() + interval '170 minutes' "
                 "WHERE id = :'p1'", a_once)
        reminders()
        alerts = st().sql_value(
            "SELECT count(*) FROM staff_alerts s JOIN conversations c ON "
            "c.id = s.conversation_id WHERE c.phone = :'p1' AND "
            "s.seen_at IS NULL", rph)
        assert alerts == "1", alerts
        assert st().sql_value(
            "SELECT count(*) FROM staff_alerts s JOIN conversations c ON "
            "c.id = s.conversation_id WHERE c.phone = :'p1'", oph) == "0"
        assert st().sql_value("SELECT status FROM appointments WHERE id = "
                              ":'p1'", a_rep) == "booked"
        reminders()
        assert st().sql_value(
            "SELECT count(*) FROM staff_alerts s JOIN conversations c ON "
            "c.id = s.conversation_id WHERE c.phone = :'p1'", rph) == "1"
    finally:
        st().sql("UPDATE clinics SET noshow_threshold = NULL WHERE id = "
                 ":'p1'", own()[0])


def test_staff_setting_hands_a_booking_request_to_the_staff():
    """On the demo clinic (its WhatsApp number), with noshow_action
    'staff': a patient over the threshold who asks to book is handed to
    the staff, nothing is proposed or booked."""
    import uuid as _uuid
    cid = ta.clinic()
    st().sql("UPDATE clinics SET noshow_threshold = 1, noshow_action = "
             "'staff' WHERE id = :'p1'", cid)
    try:
        ph = "+336%08d" % random.randint(0, 99999999)
        pat = st().sql_value(
            "INSERT INTO patients (clinic_id, phone, first_name, "
            "last_name, language) VALUES (:'p1', :'p2', 'Absent', "
            "'Souvent', 'fr') RETURNING id", cid, ph)
        prac = st().sql_value(
            "INSERT INTO practitioners (clinic_id, first_name, last_name) "
            "VALUES (:'p1', 'Noshow', :'p2') RETURNING id", cid,
            "S%06d" % random.randint(0, 999999))
        st().sql("INSERT INTO appointments (clinic_id, practitioner_id, "
                 "patient_id, starts_at, ends_at, source, status, "
                 "noshow_notified_at) VALUES (:'p1', :'p2', :'p3', now() - "
                 "interval '20 days', now() - interval '20 days' + "
                 "interval '30 minutes', 'admin', 'no_show', now())",
                 cid, prac, pat)
        r = st().webhook({"MessageSid": "SM" + _uuid.uuid4().hex,
                          "AccountSid": "AC" + "0" * 31 + "1",
                          "From": "whatsapp:" + ph,
                          "To": "whatsapp:+14155238886",
                          "Body": "Bonjour, je voudrais prendre rendez-vous "
                          "pour une consultation",
                          "NumMedia": "0", "ProfileName": "Absent"})
        assert r.status in (200, 204), r.status
        body = wait_until(lambda: st().sql_value(
            "SELECT replace(m.body, chr(10), '~') FROM messages m JOIN "
            "conversations c ON c.id = m.conversation_id WHERE c.phone = "
            ":'p1' AND m.direction = 'outbound' ORDER BY m.created_at "
            "DESC LIMIT 1", ph), timeout=60)
        assert body and "l'équipe du cabinet" in body, body
        assert st().sql_value("SELECT status FROM conversations WHERE "
                              "phone = :'p1'", ph) == "handoff"
        assert st().sql_value("SELECT count(*) FROM appointments WHERE "
                              "patient_id = :'p1' AND status = 'booked'",
                              pat) == "0"
    finally:
        st().sql("UPDATE clinics SET noshow_threshold = NULL, "
                 "noshow_action = 'confirm' WHERE id = :'p1'", cid)


def test_noshow_settings_page_admin_only_journaled():
    cid = own()[0]
    r = send("/settings/noshow", {"messageFr": "Vous nous avez manqué.",
                                  "messageEn": "", "threshold": "3",
                                  "action": "staff", "confirmHours": "4"})
    assert r.status == 200, (r.status, r.body[:300])
    row = st().sql(
        "SELECT coalesce(noshow_message_fr, '-'), coalesce("
        "noshow_message_en, '-'), noshow_threshold, noshow_action, "
        "noshow_confirm_hours FROM clinics WHERE id = :'p1'", cid)[0]
    assert row == ["Vous nous avez manqué.", "-", "3", "staff", "4"], row
    assert st().sql_value("SELECT count(*) FROM audit_log WHERE clinic_id "
                          "= :'p1' AND action = 'settings.noshow'",
                          cid) == "1"
    r = send("/settings/noshow", {"action": "cancel"})
    assert r.status == 422, r.status
    r = send("/settings/noshow", {"threshold": "", "messageFr": "",
                                  "action": "confirm"})
    assert r.status == 200, r.status
    assert st().sql(
        "SELECT coalesce(noshow_message_fr, '-'), coalesce("
        "noshow_threshold::text, '-'), noshow_action FROM clinics WHERE "
        "id = :'p1'", cid)[0] == ["-", "-", "confirm"]
    # a receptionist may not change them; the page is in the layout
    email = "recep-%s@example.org" % uuid.uuid4().hex[:8]
    st().ctl("user", "add", "--clinic", cid, "--email", email,
             "--password", "recep-password-123", "--role", "STAFF",
             "--json")
    r = ta.send_json("POST", base() + "/settings/noshow",
                     {"threshold": "1"}, ta.mint(email))
    assert r.status == 403, r.status
    c = ta.minted_browser(_own["email"], cid)
    h = ta.get_html(base() + "/settings/noshow", c[0])
    assert 'name="threshold"' in h and "absence" in h.lower(), h[:2000]



# --- outside WhatsApp's 24-hour window (a template, or nothing) -------------

NS_SID = "HX" + "0a1b" * 8
WL_SID = "HX" + "2c3d" * 8
WL_GONE_SID = "HX" + "4e5f" * 8


def forms_to(ph):
    return [m["form"] for m in shared_fake("twilio").get("/_messages")
            if m["form"].get("To", "").endswith(ph)]


def patient_away(lang):
    """A patient whose last message is two days old: outside the window."""
    pid, ph = patient(lang)
    st().sql("UPDATE conversations SET last_inbound_at = now() - interval "
             "'2 days' WHERE clinic_id = :'p1' AND phone = :'p2'",
             own()[0], ph)
    return pid, ph


def set_sid(sid):
    st().sql("UPDATE clinics SET noshow_content_sid = nullif(:'p2', '') "
             "WHERE id = :'p1'", own()[0], sid)


def test_template_sids_on_the_settings_page_validated_and_cleared():
    cid = own()[0]
    for bad in ("HX123", "MG" + "0" * 32, "HX" + "g" * 32, "HX" + "0" * 33):
        r = send("/settings/noshow", {"noshowContentSid": bad})
        assert r.status == 422, (bad, r.status)
    r = send("/settings/noshow", {"noshowContentSid": NS_SID,
                                  "waitlistContentSid": WL_SID,
                                  "waitlistClosedContentSid": WL_GONE_SID})
    assert r.status == 200, (r.status, r.body[:300])
    assert st().sql(
        "SELECT noshow_content_sid, waitlist_content_sid, "
        "waitlist_closed_content_sid FROM clinics WHERE id = :'p1'",
        cid)[0] == [NS_SID, WL_SID, WL_GONE_SID]
    c = ta.minted_browser(_own["email"], cid)
    h = ta.get_html(base() + "/settings/noshow", c[0])
    for name in ("noshow_content_sid", "waitlist_content_sid",
                 "waitlist_closed_content_sid"):
        assert 'name="%s"' % name in h, h[:3000]
    assert NS_SID in h and WL_GONE_SID in h
    r = send("/settings/noshow", {"noshowContentSid": "",
                                  "waitlistContentSid": "",
                                  "waitlistClosedContentSid": ""})
    assert r.status == 200, r.status
    assert st().sql(
        "SELECT coalesce(noshow_content_sid, '-'), coalesce("
        "waitlist_content_sid, '-'), coalesce(waitlist_closed_content_sid, "
        "'-') FROM clinics WHERE id = :'p1'", cid)[0] == ["-", "-", "-"]


def test_outside_the_window_the_noshow_template_goes_with_its_variables():
    set_sid(NS_SID)
    try:
        prac = practitioner()
        pat, ph = patient_away("en")
        aid = appointment(prac, pat, "now() - interval '2 hours'")
        assert send("/appointments/%s/no-show" % aid, {}).status == 200
        assert wait_until(lambda: forms_to(ph), timeout=30), \
            "no template sent"
        got = forms_to(ph)
        assert len(got) == 1, got
        assert got[0].get("ContentSid") == NS_SID, got
        assert not got[0].get("Body"), got
        v = json.loads(got[0]["ContentVariables"])
        assert v["1"] and ":" in v["2"], v
        assert "Noshow" in v["3"], v
        # recorded on the appointment as a template message
        assert st().sql_value(
            "SELECT content_sid FROM messages WHERE appointment_id = "
            ":'p1'", aid) == NS_SID
    finally:
        set_sid("")


def test_inside_the_window_the_noshow_text_even_with_a_template():
    set_sid(NS_SID)
    try:
        prac = practitioner()
        pat, ph = patient("en")
        aid = appointment(prac, pat, "now() - interval '2 hours'")
        assert send("/appointments/%s/no-show" % aid, {}).status == 200
        assert wait_until(lambda: forms_to(ph), timeout=30)
        got = forms_to(ph)
        assert len(got) == 1 and not got[0].get("ContentSid"), got
        assert "missed" in got[0]["Body"].lower(), got
    finally:
        set_sid("")


def test_outside_the_window_without_template_not_sent_shown_staff_told():
    set_sid("")
    prac = practitioner()
    pat, ph = patient_away("fr")
    aid = appointment(prac, pat, "now() - interval '2 hours'")
    assert send("/appointments/%s/no-show" % aid, {}).status == 200
    assert wait_until(lambda: jobs_pending(aid) == "0", timeout=30)
    # why it was not sent, on the message linked to the appointment
    row = wait_until(lambda: st().sql(
        "SELECT status, error_code FROM messages WHERE appointment_id = "
        ":'p1'", aid), timeout=20)
    assert row == [["not_sent", "outside_window"]], row
    # nothing reached Twilio, and no send job for it
    assert forms_to(ph) == []
    assert st().sql_value(
        "SELECT count(*) FROM jobs j JOIN messages m ON m.id::text = "
        "j.payload->>'message_id' WHERE m.appointment_id = :'p1'",
        aid) == "0"
    # the staff are told: an alert on the patient's conversation
    assert st().sql_value(
        "SELECT count(*) FROM staff_alerts s JOIN conversations c ON c.id "
        "= s.conversation_id WHERE c.phone = :'p1' AND s.seen_at IS NULL",
        ph) == "1"
    # and the appointment page says it
    c = ta.minted_browser(_own["email"], own()[0])
    h = ta.get_html(base() + "/appointments/%s" % aid, c[0])
    assert "outside_window" in h, h[:3000]
    assert "message après absence" in h or "no-show message" in h, h[:3000]
