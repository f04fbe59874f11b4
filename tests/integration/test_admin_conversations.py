"""Clinic admin: conversations and patients, both representations, tenant
isolation, audit rows, escaping of what patients wrote on WhatsApp."""
import json
import random
import uuid

import test_admin as ta
from harness import wait_until
from test_admin import base, bearer, clinic, get_html, get_json, st

XSS = ['<script>alert(1)</script>', '"><svg onload=alert(1)>',
       'javascript:alert(1)']
_made = {}


def phone():
    return "+3361%07d" % random.randint(0, 9999999)


def make_conversation(cid=None, first="Jeanne", last="Durand",
                      bodies=("Bonjour",), needs_staff=False):
    """A patient, an open conversation and inbound messages (via SQL, as
    the webhook would have stored them).  Returns (conv_id, patient_id,
    phone)."""
    cid = cid or clinic()
    ph = phone()
    pid = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name) "
        "VALUES (:'p1', :'p2', :'p3', :'p4') RETURNING id",
        cid, ph, first, last)
    conv = st().sql_value(
        "INSERT INTO conversations (clinic_id, phone, patient_id, "
        "needs_staff, needs_staff_reason, last_inbound_at) VALUES (:'p1', "
        ":'p2', :'p3', :'p4', CASE WHEN :'p4' THEN :'p5' END, now()) "
        "RETURNING id",
        cid, ph, pid, "true" if needs_staff else "false", XSS[1])
    for b in bodies:
        st().sql("INSERT INTO messages (clinic_id, conversation_id, "
                 "direction, body, status, from_number) VALUES (:'p1', "
                 ":'p2', 'inbound', :'p3', 'received', :'p4')",
                 cid, conv, b, ph)
        # the webhook keeps the latest message's preview on the row
        st().sql("UPDATE conversations SET last_body = left(:'p2', 140) "
                 "WHERE id = :'p1'", conv, b)
    return conv, pid, ph


def xss_conversation():
    if "xss" not in _made:
        _made["xss"] = make_conversation(first=XSS[0], last=XSS[1],
                                         bodies=XSS, needs_staff=True)
    return _made["xss"]


def assert_escaped(html):
    assert "<script>alert(1)" not in html
    assert "<svg onload" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def audit_count(action, entity_id):
    return int(st().sql_value(
        "SELECT count(*) FROM audit_log WHERE action = :'p1' AND "
        "entity_id = :'p2'", action, entity_id))


def test_conversations_list_json_and_filters():
    conv, pid, ph = make_conversation(needs_staff=True)
    o = get_json(base() + "/conversations")
    assert any(i["id"] == conv for i in o["items"]), o
    o = get_json(base() + "/conversations?phone=" + ph[1:])
    assert [i["id"] for i in o["items"]] == [conv], o
    o = get_json(base() + "/conversations?needs_staff=1")
    assert all(i["needsStaff"] or i["status"] == "handoff"
               for i in o["items"])
    assert any(i["id"] == conv for i in o["items"])
    o = get_json(base() + "/conversations?status=closed")
    assert all(i["status"] == "closed" for i in o["items"])
    r = st().get(base() + "/conversations?status=evil", headers=bearer())
    assert r.status == 400
    r = st().get(base() + "/conversations?phone=1'or'1", headers=bearer())
    assert r.status == 400


def test_conversation_list_shows_latest_message_either_way():
    """The list's preview is the latest message: what the patient wrote
    (through the signed webhook), then what the staff answered."""
    conv, pid, ph = make_conversation(bodies=("Premier message",))
    r = ta.send_json("POST", base() + "/conversations/%s/takeover" % conv,
                     {})
    assert r.status == 200, (r.status, r.body)   # Sophie stays silent
    long_body = "Je voudrais d\u00e9placer mon rendez-vous " + "x" * 200
    r = st().webhook({"MessageSid": "SMprev%x" % random.getrandbits(64),
                      "From": "whatsapp:" + ph, "To": "whatsapp:+33100000000",
                      "Body": long_body, "NumMedia": "0"})
    assert r.status == 200, (r.status, r.body)

    def preview():
        o = get_json(base() + "/conversations?phone=" + ph[1:])
        assert [i["id"] for i in o["items"]] == [conv], o
        return o["items"][0]["lastBody"]
    assert preview() == long_body[:140]
    r = ta.send_json("POST", base() + "/conversations/%s/reply" % conv,
                     {"body": "Bien re\u00e7u, nous vous rappelons."})
    assert r.status == 201, (r.status, r.body)
    assert preview() == "Bien re\u00e7u, nous vous rappelons."
    html = get_html(base() + "/conversations?phone=" + ph[1:])
    assert "Bien reçu, nous vous rappelons." in html


def test_conversations_keyset_pagination():
    tag = "+3370%03d" % random.randint(0, 999)
    st().sql("INSERT INTO conversations (clinic_id, phone, last_message_at) "
             "SELECT :'p1', :'p2' || lpad(g::text, 4, '0'), "
             "now() - make_interval(mins => g) "
             "FROM generate_series(1, 60) g", clinic(), tag)
    o = get_json(base() + "/conversations?phone=" +
                 tag.replace("+", "%2B"))
    assert len(o["items"]) == 50 and o["next"], len(o["items"])
    n = o["next"]
    from urllib.parse import quote
    o2 = get_json(base() + "/conversations?phone=%s&before_t=%s"
                  "&before_id=%s" % (quote(tag), quote(n["t"]), n["id"]))
    assert len(o2["items"]) == 10 and o2["next"] is None
    ids = [i["id"] for i in o["items"]] + [i["id"] for i in o2["items"]]
    assert len(set(ids)) == 60
    r = st().get(base() + "/conversations?before_t=x&before_id=y",
                 headers=bearer())
    assert r.status == 400


def test_unfiltered_pages_walk_the_clinic_and_match_filtered_rows():
    """The unfiltered list (sql/008's function) and the filtered one
    (lib/admin_conversations.c) give the same rows; its pages follow each
    other without gap or repeat."""
    from urllib.parse import quote
    tag = "+3371%03d" % random.randint(0, 999)
    st().sql("INSERT INTO conversations (clinic_id, phone, last_message_at, "
             "last_body) SELECT :'p1', :'p2' || lpad(g::text, 4, '0'), "
             "timestamptz '2001-02-03 04:05:06+00' + make_interval(secs => "
             "g / 2), 'ligne ' || g FROM generate_series(1, 55) g",
             clinic(), tag)
    seen, url = [], base() + "/conversations"
    for _ in range(200):
        o = get_json(url)
        seen += o["items"]
        if o["next"] is None:
            break
        assert len(o["items"]) == 50
        url = base() + "/conversations?before_t=%s&before_id=%s" % (
            quote(o["next"]["t"]), o["next"]["id"])
    assert o["next"] is None
    keys = [(i["lastMessageAt"], i["id"]) for i in seen]
    assert len(set(keys)) == len(keys), "a row on two pages"
    assert keys == sorted(keys, reverse=True), "pages out of order"
    mine = [i for i in seen if i["phone"].startswith(tag)]
    filtered = get_json(base() + "/conversations?phone=" + quote(tag))
    more = filtered["next"]
    filtered = filtered["items"]
    if more:
        filtered += get_json(base() + "/conversations?phone=%s&before_t=%s"
                             "&before_id=%s" % (quote(tag), quote(more["t"]),
                                                more["id"]))["items"]
    assert len(mine) == 55 and mine == filtered, (mine[:2], filtered[:2])
    # two rows share a second: the id breaks the tie, none is lost
    assert {i["lastBody"] for i in mine} == {"ligne %d" % g
                                            for g in range(1, 56)}
    assert mine[0]["lastMessageLocal"] == "2001-02-03 05:05"


def test_list_follows_the_patient_name_and_the_clinic_clock():
    """Both lists name the conversation's patient as the patient is now
    (kept on the row by sql/010's triggers: linked, renamed, deleted) and
    show each time on the clinic's clock, computed in C: it must agree with
    PostgreSQL's own conversion, across both of 2026's clock changes."""
    from urllib.parse import quote
    tag = "+3372%03d" % random.randint(0, 999)
    instants = ["2026-03-29 00:59:59+00", "2026-03-29 01:00:00+00",
                "2026-10-25 00:30:00+00", "2026-10-25 01:30:00+00",
                "2025-12-31 23:30:00+00"]
    convs = {}
    for n, t in enumerate(instants):
        convs[t] = st().sql_value(
            "INSERT INTO conversations (clinic_id, phone, last_message_at) "
            "VALUES (:'p1', :'p2', :'p3') RETURNING id",
            clinic(), "%s%04d" % (tag, n), t)
    first = convs[instants[0]]
    pid = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name) "
        "VALUES (:'p1', :'p2', 'Ana\u00efs', 'Le Gall') RETURNING id",
        clinic(), tag + "0000")

    def lists():
        """(unfiltered page from just after the newest, filtered rows)"""
        top = get_json(base() + "/conversations?before_t=%s&before_id=%s" % (
            quote("2026-10-25T01:30:01Z"),
            "ffffffff-ffff-ffff-ffff-ffffffffffff"))["items"]
        return ({i["id"]: i for i in top},
                {i["id"]: i for i in get_json(
                    base() + "/conversations?phone=" + quote(tag))["items"]})

    def patient_shown():
        a, b = lists()
        assert a[first]["patient"] == b[first]["patient"], (a[first],
                                                            b[first])
        return a[first]["patient"]

    assert patient_shown() is None
    # the engine links the patient it identified
    st().sql("UPDATE conversations SET patient_id = :'p1' WHERE id = :'p2'",
             pid, first)
    assert patient_shown() == "Ana\u00efs Le Gall"
    st().sql("UPDATE patients SET first_name = 'Ma\u00eblle' WHERE id = "
             ":'p1'", pid)
    assert patient_shown() == "Ma\u00eblle Le Gall"
    st().sql("DELETE FROM patients WHERE id = :'p1'", pid)
    assert patient_shown() is None

    expected = dict(st().sql(
        "SELECT c.id, to_char(c.last_message_at AT TIME ZONE cl.timezone, "
        "'YYYY-MM-DD HH24:MI') FROM conversations c JOIN clinics cl ON "
        "cl.id = c.clinic_id WHERE c.phone LIKE :'p1' || '%'", tag))
    assert len(expected) == len(instants)
    a, b = lists()
    for cid, local in expected.items():
        assert a[cid]["lastMessageLocal"] == local, (a[cid], local)
        assert b[cid]["lastMessageLocal"] == local, (b[cid], local)
    zone = st().sql_value("SELECT timezone FROM clinics WHERE id = :'p1'",
                          clinic())
    if zone == "Europe/Paris":     # the demo clinic's: spelled out too
        assert [b[convs[t]]["lastMessageLocal"] for t in instants] == [
            "2026-03-29 01:59", "2026-03-29 03:00", "2026-10-25 02:30",
            "2026-10-25 02:30", "2026-01-01 00:30"]
    html = get_html(base() + "/conversations?phone=" + quote(tag))
    assert "2026-03-29 03:00" in html and "2026-01-01 00:30" in html


def test_conversation_detail_json_is_audited():
    conv, pid, _ = make_conversation(bodies=("Bonjour", "Un rdv svp"))
    before = audit_count("conversation.view", conv)
    o = get_json(base() + "/conversations/" + conv)
    assert [m["body"] for m in o["messages"]] == ["Bonjour", "Un rdv svp"]
    assert o["patient"]["id"] == pid
    assert audit_count("conversation.view", conv) == before + 1
    row = st().sql("SELECT patient_id, actor_role FROM audit_log WHERE "
                   "action = 'conversation.view' AND entity_id = :'p1'",
                   conv)[0]
    assert row == [pid, "ADMIN"], row


def test_conversation_pages_escape_whatsapp_payloads():
    conv, pid, _ = xss_conversation()
    for path in ("/conversations", "/conversations/" + conv,
                 "/patients", "/patients/" + pid):
        assert_escaped(get_html(base() + path))
    # the dashboard's figures are kept 5 s per responder (admin_dashboard.c)
    # and this conversation was written behind its back, in SQL
    html = wait_until(lambda: (lambda h: h if "alert(1)" in h else None)(
        get_html(base())), timeout=12)
    assert html, "the waiting conversation never reached the dashboard"
    assert_escaped(html)


def test_takeover_and_handback_json():
    conv, _, _ = make_conversation()
    r = st().request("POST", base() + "/conversations/%s/takeover" % conv,
                     headers=bearer())
    assert r.status == 200 and r.json()["status"] == "handoff", r.body
    assert st().sql_value("SELECT status FROM conversations WHERE id = "
                          ":'p1'", conv) == "handoff"
    r = st().request("POST", base() + "/conversations/%s/handback" % conv,
                     headers=bearer())
    assert r.status == 200 and r.json()["status"] == "active"
    assert audit_count("conversation.takeover", conv) == 1


def test_takeover_from_browser_needs_csrf():
    conv, _, _ = make_conversation()
    path = base() + "/conversations/%s/takeover" % conv
    r = ta.post_browser(path, {}, csrf=False)
    assert r.status == 403
    assert st().sql_value("SELECT status FROM conversations WHERE id = "
                          ":'p1'", conv) == "active"
    r = ta.post_browser(path, {})
    assert r.status == 303, r.status
    assert r.header("Location") == base() + "/conversations/" + conv
    assert st().sql_value("SELECT status FROM conversations WHERE id = "
                          ":'p1'", conv) == "handoff"


def test_reply_queues_outbound_message_and_job():
    conv, pid, ph = make_conversation()
    r = ta.send_json("POST", base() + "/conversations/%s/reply" % conv,
                     {"body": "Bonjour, ici le cabinet."})
    assert r.status == 201, (r.status, r.body)
    mid = r.json()["messageId"]
    row = st().sql("SELECT direction, body, to_number, conversation_id "
                   "FROM messages WHERE id = :'p1'", mid)[0]
    assert row == ["outbound", "Bonjour, ici le cabinet.", ph, conv], row
    job = st().sql_value("SELECT count(*) FROM jobs WHERE kind = "
                         "'send_message' AND payload->>'message_id' = "
                         ":'p1'", mid)
    assert job == "1"
    r = ta.send_json("POST", base() + "/conversations/%s/reply" % conv,
                     {"body": ""})
    assert r.status == 422
    # from the page, with the CSRF token
    r = ta.post_browser(base() + "/conversations/%s/reply" % conv,
                        {"body": "Second message"})
    assert r.status == 303


def test_reply_outside_the_24_hour_window_is_refused_and_explained():
    """WhatsApp refuses free-form messages 24 h after the patient's last
    one: the page says so instead of queueing a message bound to fail."""
    conv, pid, ph = make_conversation()
    st().sql("UPDATE conversations SET last_inbound_at = now() - "
             "interval '25 hours' WHERE id = :'p1'", conv)
    before = int(st().sql_value("SELECT count(*) FROM messages WHERE "
                                "conversation_id = :'p1'", conv))
    r = ta.send_json("POST", base() + "/conversations/%s/reply" % conv,
                     {"body": "Trop tard ?"})
    assert r.status == 409 and "24-hour" in r.text, (r.status, r.text)
    r = ta.post_browser(base() + "/conversations/%s/reply" % conv,
                        {"body": "Trop tard ?"})
    assert r.status == 409, r.status
    assert "plus de 24 heures" in r.text, r.text[:500]
    assert int(st().sql_value("SELECT count(*) FROM messages WHERE "
                              "conversation_id = :'p1'", conv)) == before
    html = get_html(base() + "/conversations/%s" % conv)
    assert "plus de 24 heures" in html and 'name="body"' not in html
    o = get_json(base() + "/conversations/%s" % conv)
    assert o["windowOpen"] is False, o


def test_transcript_tells_patient_sophie_and_staff_apart():
    conv, pid, ph = make_conversation(bodies=("Bonjour",))
    r = ta.send_json("POST", base() + "/conversations/%s/reply" % conv,
                     {"body": "Ici l'accueil du cabinet."})
    assert r.status == 201, (r.status, r.body)
    o = get_json(base() + "/conversations/%s" % conv)
    assert o["windowOpen"] is True, o
    authors = {m["body"]: m["author"] for m in o["messages"]}
    assert authors["Bonjour"] == "patient", authors
    assert authors["Ici l'accueil du cabinet."] == "staff", authors
    html = get_html(base() + "/conversations/%s" % conv)
    assert "Équipe" in html and "Patient" in html, html[:2000]
    assert "· outbound" not in html and "· inbound" not in html


def test_clinic_b_cannot_see_or_change_clinic_a_conversation():
    conv, pid, _ = make_conversation()
    cid_b, tok_b = ta.second_clinic()
    for path in ("/conversations/" + conv, "/patients/" + pid):
        r = st().get(base(cid_b) + path, headers=bearer(tok_b))
        assert r.status == 404, (path, r.status)
        r = st().get(base() + path, headers=bearer(tok_b))
        assert r.status == 403, (path, r.status)
    for act in ("takeover", "reply"):
        r = ta.send_json("POST", base(cid_b) + "/conversations/%s/%s" %
                         (conv, act), {"body": "x"}, token=tok_b)
        assert r.status == 404, (act, r.status)
    assert st().sql_value("SELECT status FROM conversations WHERE id = "
                          ":'p1'", conv) == "active"
    assert st().sql_value("SELECT count(*) FROM messages WHERE "
                          "conversation_id = :'p1' AND direction = "
                          "'outbound'", conv) == "0"
    o = get_json(base(cid_b) + "/conversations", tok_b)
    assert all(i["id"] != conv for i in o["items"])
    o = get_json(base(cid_b) + "/patients", tok_b)
    assert all(i["id"] != pid for i in o["items"])


def test_patients_search_and_detail():
    last = "Zyx" + uuid.uuid4().hex[:6]
    conv, pid, ph = make_conversation(first="Aline", last=last)
    o = get_json(base() + "/patients?q=" + last.lower())
    assert [i["id"] for i in o["items"]] == [pid], o
    o = get_json(base() + "/patients?q=aline%20" + last)
    assert [i["id"] for i in o["items"]] == [pid]
    o = get_json(base() + "/patients?q=" + ph[4:])
    assert pid in [i["id"] for i in o["items"]]
    before = audit_count("patient.view", pid)
    o = get_json(base() + "/patients/" + pid)
    assert o["lastName"] == last and o["conversations"][0]["id"] == conv
    assert audit_count("patient.view", pid) == before + 1
    r = st().get(base() + "/patients/" + str(uuid.uuid4()), headers=bearer())
    assert r.status == 404
    r = st().get(base() + "/patients/nope", headers=bearer())
    assert r.status == 404


def test_patient_pages_html_no_store():
    conv, pid, _ = make_conversation()
    r = st().get(base() + "/patients/" + pid,
                 headers={"Cookie": ta.browser()[0]})
    assert r.status == 200 and r.header("Cache-Control") == "no-store"
    assert "Jeanne" in r.text
    r = st().get(base() + "/conversations/" + conv,
                 headers={"Cookie": ta.browser()[0]})
    assert r.status == 200 and r.header("Cache-Control") == "no-store"
    assert 'name="body"' in r.text
