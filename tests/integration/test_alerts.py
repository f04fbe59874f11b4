"""Staff alerts: a handoff, an emergency and a photo in an emergency
conversation raise a counter on every admin page and in a JSON route; the
clinic is told by email (fake SMTP relay) and by WhatsApp to a staff
number (fake Twilio), once each, after retries; "seen" clears the
counter; another clinic sees none of it."""
import re
import uuid

import test_admin as ta
from harness import shared_fake, wait_until
from test_admin import base, get_html, get_json, st

ALERT_EMAIL = "accueil-alertes@example.org"
STAFF_PHONE = "+33611223344"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"
HANDOFF = "Bonjour, je voudrais parler à un humain au sujet de ma facture"
EMERGENCY = "J'ai une douleur thoracique et du mal à respirer"


def _phone():
    return "+336%08d" % (uuid.uuid4().int % 100000000)


def _fields(body, phone, **extra):
    f = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid":
         "AC" + "0" * 31 + "1", "From": "whatsapp:" + phone,
         "To": "whatsapp:+14155238886", "Body": body, "NumMedia": "0",
         "ProfileName": "Patient Alerte"}
    f.update(extra)
    return f


def _count(cid=None, token=None):
    return get_json(base(cid) + "/alerts", token)["count"]


def _conv(phone):
    return wait_until(lambda: st().sql_value(
        "SELECT coalesce((SELECT id::text FROM conversations WHERE "
        "phone = :'p1' LIMIT 1), '')", phone))


def _configure():
    r = ta.send_json("PUT", base() + "/settings",
                     {"alertEmail": ALERT_EMAIL,
                      "staffWhatsapp": STAFF_PHONE})
    assert r.status == 200, r.body


def _mails(conv):
    return [m for m in shared_fake("smtp").get("/_messages")
            if conv in m["data"]]


def _whatsapps(conv):
    return [m["form"] for m in shared_fake("twilio").get("/_messages")
            if m["form"].get("To") == "whatsapp:" + STAFF_PHONE and
            conv in m["form"].get("Body", "")]


def _handoff():
    """A patient asks for a person; returns (phone, conversation id)."""
    ph = _phone()
    assert st().webhook(_fields(HANDOFF, ph)).status == 200
    conv = _conv(ph)
    assert conv
    assert wait_until(lambda: st().sql_value(
        "SELECT status FROM conversations WHERE id = :'p1'", conv) ==
        "handoff", timeout=30)
    return ph, conv


def _settle():
    """One more message through the worker: whatever a job would still
    send for an earlier alert has had its cycle."""
    ph = _phone()
    assert st().webhook(_fields("Bonjour", ph)).status == 200
    assert wait_until(lambda: [m for m in shared_fake("twilio").get(
        "/_messages") if m["form"].get("To") == "whatsapp:" + ph],
        timeout=30)


def test_handoff_raises_the_counter_on_pages_and_json():
    _configure()
    before = _count()
    ph, conv = _handoff()
    assert wait_until(lambda: _count() == before + 1, timeout=30), \
        (before, _count())
    o = get_json(base() + "/alerts")
    mine = [a for a in o["items"] if a["conversationId"] == conv]
    assert len(mine) == 1 and mine[0]["kind"] == "handoff", mine
    assert mine[0]["seen"] is False
    # the counter in the nav of every page, and the script that refreshes
    for path in ("", "/patients", "/settings"):
        html = get_html(base() + path)
        m = re.search(r'class="alerts-count"[^>]*>(\d+)<', html)
        assert m and int(m.group(1)) == before + 1, (path, m)
        assert '<script src="/clinic/static/alerts.js"' in html
    r = st().get("/clinic/static/alerts.js")
    assert r.status == 200 and "javascript" in r.header("Content-Type")
    # it polls the route the badge names, as JSON
    assert b"data-alerts-url" in r.body and b"application/json" in r.body
    assert 'data-alerts-url="%s/alerts"' % base() in html
    html = get_html(base() + "/alerts")
    assert conv in html and 'name="_csrf"' in html


def test_email_reaches_the_relay_once_without_the_message_text():
    _configure()
    ph, conv = _handoff()
    got = wait_until(lambda: _mails(conv), timeout=30)
    assert got and len(got) == 1, got
    m = got[0]
    assert m["to"] == [ALERT_EMAIL] and m["from"] == "sophie@example.org"
    assert m["auth"] == "relay", m
    assert "Subject:" in m["data"] and "/conversations/" + conv in m["data"]
    assert "facture" not in m["data"] and "humain" not in m["data"], m["data"]
    _settle()
    assert len(_mails(conv)) == 1


def test_email_refused_451_is_retried_and_arrives_once():
    _configure()
    smtp = shared_fake("smtp")
    rejected = smtp.get("/_stats")["rejected"]
    smtp.post("/_fail", {"code": 451, "count": 2})
    ph, conv = _handoff()
    assert wait_until(lambda: _mails(conv), timeout=60), \
        smtp.get("/_stats")
    assert smtp.get("/_stats")["rejected"] == rejected + 2
    _settle()
    assert len(_mails(conv)) == 1, _mails(conv)


def test_staff_whatsapp_reaches_twilio_once():
    _configure()
    ph, conv = _handoff()
    got = wait_until(lambda: _whatsapps(conv), timeout=30)
    assert got and len(got) == 1, got
    assert "facture" not in got[0]["Body"], got[0]["Body"]
    _settle()
    assert len(_whatsapps(conv)) == 1
    # the staff message is not one of the patient's conversation
    assert int(st().sql_value(
        "SELECT count(*) FROM messages WHERE conversation_id = :'p1' AND "
        "to_number = :'p2'", conv, STAFF_PHONE)) == 0


def test_emergency_and_a_photo_in_it_raise_alerts():
    ph = _phone()
    assert st().webhook(_fields(EMERGENCY, ph)).status == 200
    conv = _conv(ph)
    kinds = lambda: sorted(a["kind"] for a in get_json(
        base() + "/alerts")["items"] if a["conversationId"] == conv)
    assert wait_until(lambda: kinds() == ["emergency"], timeout=30), kinds()
    tw = shared_fake("twilio")
    tw.post("/_media/alert-photo", raw=JPEG, ctype="image/jpeg")
    f = _fields("", ph, NumMedia="1", MediaUrl0=tw.base +
                "/media/alert-photo", MediaContentType0="image/jpeg")
    assert st().webhook(f).status == 200
    assert wait_until(lambda: kinds() == ["emergency", "media"],
                      timeout=30), kinds()


def test_emergency_sent_with_its_photo_raises_both():
    """The photo comes in the very message that reports the emergency:
    whichever of the turn and the media download commits first, both
    alerts are there."""
    ph = _phone()
    tw = shared_fake("twilio")
    tw.post("/_media/alert-photo-2", raw=JPEG, ctype="image/jpeg")
    f = _fields(EMERGENCY, ph, NumMedia="1", MediaUrl0=tw.base +
                "/media/alert-photo-2", MediaContentType0="image/jpeg")
    assert st().webhook(f).status == 200
    conv = _conv(ph)
    kinds = lambda: sorted(a["kind"] for a in get_json(
        base() + "/alerts")["items"] if a["conversationId"] == conv)
    assert wait_until(lambda: kinds() == ["emergency", "media"],
                      timeout=30), kinds()


def test_seen_clears_the_counter():
    ph, conv = _handoff()
    assert wait_until(lambda: _count() >= 1, timeout=30)
    # without the CSRF token: refused, nothing changes
    n = _count()
    r = ta.post_browser(base() + "/alerts/seen", {}, csrf=False)
    assert r.status == 403 and _count() == n
    aid = next(a["id"] for a in get_json(base() + "/alerts")["items"]
               if a["conversationId"] == conv)
    r = ta.post_browser(base() + "/alerts/%s/seen" % aid, {})
    assert r.status == 303, r.status
    assert _count() == n - 1
    r = ta.post_browser(base() + "/alerts/seen", {})
    assert r.status == 303, r.status
    assert _count() == 0
    html = get_html(base())
    m = re.search(r'class="alerts-count"[^>]*>(\d+)<', html)
    assert m is None or m.group(1) == "0", m


def test_another_clinic_sees_none_of_them():
    ph, conv = _handoff()
    assert wait_until(lambda: _count() >= 1, timeout=30)
    aid = next(a["id"] for a in get_json(base() + "/alerts")["items"]
               if a["conversationId"] == conv)
    cid_b, tok_b = ta.second_clinic()
    o = get_json(base(cid_b) + "/alerts", tok_b)
    assert o["count"] == 0 and o["items"] == [], o
    r = st().get(base() + "/alerts", headers=ta.bearer(tok_b))
    assert r.status == 403, r.status
    r = ta.send_json("POST", base(cid_b) + "/alerts/%s/seen" % aid, {},
                     tok_b)
    assert r.status == 404, r.status
    assert any(a["id"] == aid and not a["seen"] for a in
               get_json(base() + "/alerts")["items"])
