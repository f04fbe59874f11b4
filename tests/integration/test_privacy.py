"""The patient's rights (issue 21, item 4): export everything held about a
patient as one archive, erase a patient (transcripts and media deleted,
identity pseudonymised, appointment statistics kept), retention of
transcripts, and a patient who asks for it on WhatsApp gets the procedure.

Checks the database, the files and the fakes, not the wording."""
import io
import json
import os
import tarfile
import tempfile
import uuid

import test_admin as ta
from harness import shared_fake, wait_until
from test_admin import base, bearer, clinic, get_html, st
from test_admin_media import data_dir, put_file

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00"
       b"\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc"
       b"\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`"
       b"\x82")

# Log files of the stack written by Sophie's own programs (responders,
# worker), not by nginx or PostgreSQL.
NOT_SOPHIE = ("postgres", "nginx", "initdb", "spawn")


def _phone():
    return "+336%08d" % (uuid.uuid4().int % 100000000)


def _word(prefix):
    """A name no other test writes."""
    return prefix + uuid.uuid4().hex[:8].translate(
        str.maketrans("0123456789", "ghijklmnop"))


def _fields(body, phone, profile="Patient"):
    return {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid":
            "AC" + "0" * 31 + "1", "From": "whatsapp:" + phone,
            "To": "whatsapp:+14155238886", "Body": body, "NumMedia": "0",
            "ProfileName": profile}


def _twilio_to(ph):
    return [m for m in shared_fake("twilio").get("/_messages")
            if m["form"].get("To", "").endswith(ph)]


def _conv(ph):
    return wait_until(lambda: st().sql_value(
        "SELECT coalesce((SELECT id::text FROM conversations WHERE "
        "phone = :'p1' LIMIT 1), '')", ph), timeout=30)


def _practitioner():
    return st().sql_value(
        "INSERT INTO practitioners (clinic_id, first_name, last_name) "
        "VALUES (:'p1', 'Priv', :'p2') RETURNING id", clinic(),
        _word("Pr"))


def _person(first, last, profile=None):
    """A patient who wrote on WhatsApp (through the real webhook and the
    worker, so that jobs, logs and messages hold the phone), has a
    patient record linked to the conversation, two appointments with a
    note naming them, a stored photo, an audit row and a log row naming
    them.  Returns a dict of what was made."""
    ph = _phone()
    body = "Bonjour, ici %s %s" % (first, last)
    assert st().webhook(_fields(body, ph, profile or first)).status == 200
    conv = _conv(ph)
    assert conv
    assert wait_until(lambda: _twilio_to(ph), timeout=40), "no reply"
    pid = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name, "
        "notes) VALUES (:'p1', :'p2', :'p3', :'p4', :'p5') RETURNING id",
        clinic(), ph, first, last, "Note about " + last)
    st().sql("UPDATE conversations SET patient_id = :'p1' WHERE id = "
             ":'p2'", pid, conv)
    prac = _practitioner()
    appts = []
    for when in ("2031-05-02 10:00+02", "2020-05-02 10:00+02"):
        appts.append(st().sql_value(
            "INSERT INTO appointments (clinic_id, practitioner_id, "
            "patient_id, conversation_id, starts_at, ends_at, source, "
            "status, notes) VALUES (:'p1', :'p2', :'p3', :'p4', "
            ":'p5'::timestamptz, :'p5'::timestamptz + interval '30 min', "
            "'admin', :'p6', :'p7') RETURNING id", clinic(), prac, pid,
            conv, when, "booked" if when > "2030" else "completed",
            "Patient %s %s %s" % (first, last, ph)))
    # An inbound message with a photo, stored as the media job does.
    mid = st().sql_value(
        "INSERT INTO messages (clinic_id, conversation_id, direction, "
        "body, from_number, status, num_media) VALUES (:'p1', :'p2', "
        "'inbound', :'p3', :'p4', 'received', 1) RETURNING id", clinic(),
        conv, "Photo de " + last, ph)
    media = str(uuid.uuid4())
    data = PNG + ("%s %s" % (last, ph)).encode()
    put_file("images", clinic(), media + ".png", data)
    st().sql("INSERT INTO message_media (id, clinic_id, message_id, n, "
             "source_url, kind, path, status, detected_content_type, "
             "size_bytes) VALUES (:'p1', :'p2', :'p3', 0, :'p4', 'image', "
             ":'p5', 'stored', 'image/png', :'p6')", media, clinic(), mid,
             "https://api.twilio.com/x/" + media,
             "uploads/images/%s/%s.png" % (clinic(), media), str(len(data)))
    # A staff action journaled with the phone in its metadata, and a
    # log row naming the patient.
    st().sql("INSERT INTO audit_log (clinic_id, action, entity, entity_id, "
             "patient_id, metadata) VALUES (:'p1', 'patient.update', "
             "'patient', :'p2', :'p2', json_build_object('phone', "
             ":'p3'::text, 'name', :'p4'::text))", clinic(), pid, ph,
             first + " " + last)
    st().sql("INSERT INTO system_logs (clinic_id, conversation_id, level, "
             "category, event, message, metadata) VALUES (:'p1', :'p2', "
             "'INFO', 'test', 'PATIENT', :'p3', json_build_object('from', "
             ":'p4'::text))", clinic(), conv, "patient " + last, ph)
    return {"phone": ph, "id": pid, "conv": conv, "first": first,
            "last": last, "appts": appts, "media": media, "data": data,
            "file": os.path.join(data_dir(), "uploads", "images", clinic(),
                                 media + ".png")}


def _columns():
    """Every text-like column of every table of the database."""
    return st().sql(
        "SELECT c.table_name, c.column_name FROM information_schema.columns "
        "c JOIN information_schema.tables t ON t.table_schema = "
        "c.table_schema AND t.table_name = c.table_name WHERE "
        "c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND "
        "c.data_type IN ('text', 'jsonb', 'json', 'character varying', "
        "'character', 'inet', 'ARRAY', 'USER-DEFINED', 'bytea') "
        "ORDER BY 1, 2")


def _tables_holding(needle):
    """table.column of every column whose text holds needle (one query
    over every column)."""
    parts = ['SELECT %s FROM "%s" WHERE strpos(lower("%s"::text), '
             "lower(:'p1')) > 0" % ("'%s.%s'" % (t, c), t, c)
             for t, c in _columns()]
    rows = st().sql("SELECT DISTINCT * FROM (" + " UNION ALL ".join(parts) +
                    ") x(col)", needle)
    return sorted(r[0] for r in rows)


def _logs_holding(needle):
    found = []
    logdir = os.path.join(st().dir, "log")
    for f in sorted(os.listdir(logdir)):
        if f.startswith(NOT_SOPHIE):
            continue
        with open(os.path.join(logdir, f), "rb") as fh:
            if needle.lower().encode() in fh.read().lower():
                found.append(f)
    return found


def _files_holding(needle):
    found = []
    for root, _, files in os.walk(data_dir()):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                if needle.encode() in fh.read() or needle in f:
                    found.append(p)
    return found


def _traces(p):
    out = {}
    for needle in (p["phone"], p["phone"][1:], p["first"], p["last"]):
        got = _tables_holding(needle) + _logs_holding(needle) + \
            _files_holding(needle)
        if got:
            out[needle] = got
    return out


def _appt_count(pid):
    return st().sql_value("SELECT count(*) FROM appointments WHERE "
                          "patient_id = :'p1'", pid)


def _export_cli(p):
    out = os.path.join(tempfile.mkdtemp(prefix="sophie-export-"),
                       "export.tar")
    os.chmod(os.path.dirname(out), 0o777)
    st().ctl("patient", "export", "--clinic", clinic(), "--phone",
             p["phone"], "--out", out)
    with open(out, "rb") as f:
        return f.read()


def _check_archive(raw, p):
    tf = tarfile.open(fileobj=io.BytesIO(raw))
    names = tf.getnames()
    assert "data.json" in names and "index.html" in names, names
    data = json.loads(tf.extractfile("data.json").read())
    text = json.dumps(data, ensure_ascii=False)
    assert p["phone"] in text and p["last"] in text, text[:500]
    bodies = [m["body"] for c in data["conversations"]
              for m in c["messages"]]
    assert "Photo de " + p["last"] in bodies, bodies
    assert any(b.startswith("Bonjour, ici") for b in bodies), bodies
    assert sorted(a["id"] for a in data["appointments"]) == \
        sorted(p["appts"]), data["appointments"]
    assert any(e["action"] == "patient.update" for e in data["audit"]), \
        data["audit"]
    media = [n for n in names if n.startswith("media/")]
    assert len(media) == 1, names
    assert tf.extractfile(media[0]).read() == p["data"]
    html = tf.extractfile("index.html").read().decode()
    assert "Photo de " in html and p["phone"] in html, html[:500]
    return html


# --- export -----------------------------------------------------------------

def test_export_cli_archive_holds_messages_appointments_media_escaped():
    p = _person(_word("Ada"), "<script>alert(1)</script>" + _word("X"))
    html = _check_archive(_export_cli(p), p)
    assert "<script>alert(1)" not in html, html[:2000]
    assert "&lt;script&gt;alert(1)" in html, html[:2000]
    assert st().sql_value(
        "SELECT count(*) FROM audit_log WHERE action = 'patient.export' "
        "AND patient_id = :'p1'", p["id"]) == "1"


def test_export_button_needs_csrf_and_clinic():
    p = _person(_word("Bea"), _word("Export"))
    path = base() + "/patients/%s/export" % p["id"]
    page = get_html(base() + "/patients/%s" % p["id"])
    assert "/patients/%s/export" % p["id"] in page, page[:3000]
    assert ta.post_browser(path, {}, csrf=False).status == 403
    cid_b, tok_b = ta.second_clinic()
    r = st().request("POST", base(cid_b) + "/patients/%s/export" % p["id"],
                     headers=bearer(tok_b))
    assert r.status in (403, 404), r.status
    r = st().request("POST", path, headers=bearer(tok_b))
    assert r.status == 403, r.status
    r = ta.post_browser(path, {})
    assert r.status == 200, (r.status, r.body[:300])
    assert r.header("Content-Type") == "application/x-tar", r.headers
    assert "attachment" in r.header("Content-Disposition"), r.headers
    _check_archive(r.body, p)
    row = st().sql("SELECT actor_user_id IS NOT NULL FROM audit_log WHERE "
                   "action = 'patient.export' AND patient_id = :'p1'",
                   p["id"])
    assert row == [["t"]], row


# --- erasure ----------------------------------------------------------------

def test_erase_cli_leaves_no_trace_and_keeps_statistics():
    a = _person(_word("Zelmira"), _word("Quaxton"))
    b = _person(_word("Ottilie"), _word("Brannock"))
    assert _traces(a), "the test data should name the patient"
    a_appts, b_appts = _appt_count(a["id"]), _appt_count(b["id"])
    b_msgs = st().sql_value("SELECT count(*) FROM messages WHERE "
                            "conversation_id = :'p1'", b["conv"])
    r = st().ctl("patient", "erase", "--clinic", clinic(), "--phone",
                 a["phone"], check=False)
    assert r.returncode != 0, "erasure without --yes must be refused"
    assert st().sql_value("SELECT first_name FROM patients WHERE id = "
                          ":'p1'", a["id"]) == a["first"]
    st().ctl("patient", "erase", "--clinic", clinic(), "--phone",
             a["phone"], "--yes")
    # the worker removes the files (a job queued by the erasure)
    assert wait_until(lambda: not os.path.exists(a["file"]), timeout=40)
    left = _traces(a)
    assert not left, left
    # statistics kept, free text gone
    assert _appt_count(a["id"]) == a_appts == "2"
    assert st().sql_value("SELECT count(*) FROM appointments WHERE "
                          "patient_id = :'p1' AND notes IS NOT NULL",
                          a["id"]) == "0"
    assert st().sql_value("SELECT count(*) FROM messages m JOIN "
                          "conversations c ON c.id = m.conversation_id "
                          "WHERE c.patient_id = :'p1'", a["id"]) == "0"
    name = st().sql_value("SELECT first_name || ' ' || last_name FROM "
                          "patients WHERE id = :'p1'", a["id"])
    assert name.startswith("Erased patient"), name
    # the other patient is untouched
    assert _appt_count(b["id"]) == b_appts
    assert st().sql_value("SELECT count(*) FROM messages WHERE "
                          "conversation_id = :'p1'", b["conv"]) == b_msgs
    assert st().sql_value("SELECT first_name || last_name || phone FROM "
                          "patients WHERE id = :'p1'", b["id"]) == \
        b["first"] + b["last"] + b["phone"]
    assert os.path.exists(b["file"])
    assert _tables_holding(b["phone"]), "the other patient's phone is kept"
    # journaled, and the journal stays append-only for everyone else
    assert st().sql_value(
        "SELECT count(*) FROM audit_log WHERE action = 'patient.erase' "
        "AND patient_id = :'p1'", a["id"]) == "1"
    for q in ("UPDATE audit_log SET action = 'x' WHERE patient_id = "
              ":'p1'", "DELETE FROM audit_log WHERE patient_id = :'p1'"):
        try:
            st().sql(q, b["id"])
        except RuntimeError as e:
            assert "append-only" in str(e), e
        else:
            raise AssertionError("audit_log changed: " + q)


def test_erase_button_confirms_needs_csrf_and_clinic():
    p = _person(_word("Fenella"), _word("Mardrop"))
    path = base() + "/patients/%s/erase" % p["id"]
    page = get_html(base() + "/patients/%s" % p["id"])
    assert "/patients/%s/erase" % p["id"] in page, page[:3000]
    # the confirmation page names the patient and changes nothing
    text = get_html(path)
    assert p["last"] in text and 'name="confirm"' in text, text[:2000]
    assert ta.post_browser(path, {"confirm": "1"}, csrf=False).status == 403
    cid_b, tok_b = ta.second_clinic()
    r = st().request("POST", base(cid_b) + "/patients/%s/erase" % p["id"],
                     headers=bearer(tok_b))
    assert r.status in (403, 404), r.status
    # a bare post (no confirmation) erases nothing
    r = ta.post_browser(path, {})
    assert r.status in (303, 400), r.status
    assert st().sql_value("SELECT last_name FROM patients WHERE id = "
                          ":'p1'", p["id"]) == p["last"]
    r = ta.post_browser(path, {"confirm": "1"})
    assert r.status == 303, (r.status, r.body[:300])
    assert wait_until(lambda: not os.path.exists(p["file"]), timeout=40)
    assert not _traces(p), _traces(p)
    assert st().sql_value(
        "SELECT count(*) FROM audit_log WHERE action = 'patient.erase' "
        "AND patient_id = :'p1' AND actor_user_id IS NOT NULL",
        p["id"]) == "1"


# --- retention --------------------------------------------------------------

def test_retention_deletes_old_transcripts_only():
    old = _person(_word("Old"), _word("Retain"))
    new = _person(_word("New"), _word("Retain"))
    # the first person's whole transcript is ten months old
    st().sql("UPDATE messages SET created_at = now() - interval "
             "'10 months' WHERE conversation_id = :'p1'", old["conv"])
    st().sql("UPDATE message_media SET created_at = now() - interval "
             "'10 months' WHERE id = :'p1'", old["media"])
    st().sql("UPDATE conversations SET last_message_at = now() - interval "
             "'10 months' WHERE id = :'p1'", old["conv"])
    # one old message in the recent conversation goes, the rest stays
    st().sql("INSERT INTO messages (clinic_id, conversation_id, direction, "
             "body, status, created_at) VALUES (:'p1', :'p2', 'inbound', "
             "'ancien message', 'received', now() - interval '9 months')",
             clinic(), new["conv"])
    new_msgs = st().sql_value("SELECT count(*) FROM messages WHERE "
                              "conversation_id = :'p1'", new["conv"])
    st().sql("UPDATE clinics SET retention_months = 6 WHERE id = :'p1'",
             clinic())
    try:
        st().sql("INSERT INTO jobs (clinic_id, kind) VALUES (NULL, "
                 "'privacy_retention')")
        assert wait_until(lambda: st().sql_value(
            "SELECT count(*) FROM messages WHERE conversation_id = :'p1'",
            old["conv"]) == "0", timeout=40)
    finally:
        st().sql("UPDATE clinics SET retention_months = NULL WHERE id = "
                 ":'p1'", clinic())
    assert wait_until(lambda: not os.path.exists(old["file"]), timeout=40)
    assert os.path.exists(new["file"])
    assert st().sql_value("SELECT count(*) FROM messages WHERE "
                          "conversation_id = :'p1'", new["conv"]) == \
        str(int(new_msgs) - 1)
    # appointments and identities are kept
    assert _appt_count(old["id"]) == "2"
    assert st().sql_value("SELECT last_name FROM patients WHERE id = "
                          ":'p1'", old["id"]) == old["last"]


# --- a patient asks on WhatsApp ---------------------------------------------

def _ask(text, lang):
    p = _person(_word("Stop"), _word("Asker"))
    st().sql("UPDATE conversations SET language = :'p1' WHERE id = :'p2'",
             lang, p["conv"])
    before = st().sql_value("SELECT count(*) FROM messages WHERE "
                            "conversation_id = :'p1'", p["conv"])
    n_before = len(_twilio_to(p["phone"]))
    assert st().webhook(_fields(text, p["phone"])).status == 200
    got = wait_until(lambda: len(_twilio_to(p["phone"])) > n_before,
                     timeout=40)
    assert got, "no reply"
    rows = st().sql(
        "SELECT template_key FROM messages WHERE conversation_id = :'p1' "
        "AND direction = 'outbound' ORDER BY created_at DESC, id DESC",
        p["conv"])
    assert rows[0][0] == "privacy_procedure", rows
    # one reply: the message and its answer are the only new rows
    assert st().sql_value("SELECT count(*) FROM messages WHERE "
                          "conversation_id = :'p1'", p["conv"]) == \
        str(int(before) + 2)
    assert st().sql_value("SELECT count(*) FROM staff_alerts WHERE "
                          "conversation_id = :'p1'", p["conv"]) == "1"
    # nothing erased
    assert st().sql_value("SELECT last_name FROM patients WHERE id = "
                          ":'p1'", p["id"]) == p["last"]
    assert os.path.exists(p["file"])
    assert _appt_count(p["id"]) == "2"
    return _twilio_to(p["phone"])[-1]["form"]["Body"]


def test_stop_gets_the_procedure_and_an_alert_and_erases_nothing():
    fr = _ask("STOP", "fr")
    en = _ask("Please delete my data", "en")
    assert fr != en
    _ask("supprimez mes données", "fr")
    _ask("je veux que vous effaciez mes informations", "fr")


def test_retention_setting_page_admin_only_csrf_and_journaled():
    path = base() + "/settings/retention"
    assert "/settings/retention" in get_html(base() + "/settings")
    page = get_html(path)
    assert 'name="retention_months"' in page, page[:2000]
    assert ta.post_browser(path, {"retention_months": "12"},
                           csrf=False).status == 403
    _, email, _ = ta.new_user(role="STAFF")
    r = ta.send_json("POST", path, {"retentionMonths": "12"},
                     ta.mint(email))
    assert r.status == 403, r.status
    assert ta.send_json("POST", path, {"retentionMonths": "999"}).status \
        == 422
    try:
        r = ta.post_browser(path, {"retention_months": "12"})
        assert r.status == 303, (r.status, r.body[:300])
        assert st().sql_value("SELECT retention_months FROM clinics WHERE "
                              "id = :'p1'", clinic()) == "12"
        assert st().sql_value(
            "SELECT count(*) FROM audit_log WHERE clinic_id = :'p1' AND "
            "action = 'settings.retention'", clinic()) != "0"
        # empty: off
        r = ta.post_browser(path, {"retention_months": ""})
        assert r.status == 303, r.status
        assert st().sql_value("SELECT coalesce(retention_months, 0) FROM "
                              "clinics WHERE id = :'p1'", clinic()) == "0"
    finally:
        st().sql("UPDATE clinics SET retention_months = NULL WHERE id = "
                 ":'p1'", clinic())


# --- review fixes -------------------------------------------------------------

def test_erase_page_queues_the_worker_that_removes_the_media():
    p = _person(_word("Media"), _word("Gone"))
    r = ta.post_browser(base() + "/patients/%s/erase" % p["id"],
                        {"confirm": "1"})
    assert r.status == 303, (r.status, r.body[:300])
    # the page only queues the removal: the worker does it, retrying
    assert st().sql_value(
        "SELECT count(*) FROM jobs WHERE kind = 'privacy_media_delete' AND "
        "payload::text LIKE '%' || :'p1' || '%'", p["media"]) == "1"
    assert wait_until(lambda: not os.path.exists(p["file"]), timeout=40)
    assert wait_until(lambda: st().sql_value(
        "SELECT status FROM jobs WHERE kind = 'privacy_media_delete' AND "
        "payload::text LIKE '%' || :'p1' || '%'", p["media"]) == "done",
        timeout=40)


def test_erase_spares_namesakes_and_staff():
    first, last = _word("Jean"), _word("Martin")
    a = _person(first, last)
    twin = _person(first, last)
    longer = _person(first, last + "ez")
    st().sql("UPDATE conversations SET patient_name = :'p1' WHERE id = "
             ":'p2'", first + " " + last + "ez", longer["conv"])
    prac = st().sql_value(
        "INSERT INTO practitioners (clinic_id, first_name, last_name, "
        "phone, email) VALUES (:'p1', :'p2', :'p3', :'p4', 'dr@x.test') "
        "RETURNING id", clinic(), first, last, a["phone"])
    st().ctl("patient", "erase", "--clinic", clinic(), "--phone",
             a["phone"], "--yes")
    assert st().sql_value("SELECT first_name || ' ' || last_name || phone "
                          "FROM patients WHERE id = :'p1'", twin["id"]) == \
        first + " " + last + twin["phone"]
    assert st().sql_value("SELECT first_name || ' ' || last_name || ' ' || "
                          "phone FROM practitioners WHERE id = :'p1'",
                          prac) == "%s %s %s" % (first, last, a["phone"])
    assert st().sql_value("SELECT patient_name FROM conversations WHERE "
                          "id = :'p1'", longer["conv"]) == \
        first + " " + last + "ez"
    bodies = st().sql("SELECT body FROM messages WHERE conversation_id = "
                      ":'p1' AND direction = 'inbound' ORDER BY body",
                      longer["conv"])
    assert ["Bonjour, ici %s %sez" % (first, last)] in bodies, bodies
    assert ["Bonjour, ici %s %s" % (first, last)] in st().sql(
        "SELECT body FROM messages WHERE conversation_id = :'p1'",
        twin["conv"])
    assert st().sql_value("SELECT count(*) FROM appointments WHERE "
                          "patient_id = :'p1' AND notes LIKE :'p2'",
                          twin["id"], "%" + last + "%") == "2"


def test_erase_cancels_future_bookings_and_queues_the_calendar():
    p = _person(_word("Cal"), _word("Future"))
    st().sql("UPDATE appointments SET google_event_id = 'evt' || "
             "substr(id::text, 1, 8) WHERE patient_id = :'p1'", p["id"])
    st().ctl("patient", "erase", "--clinic", clinic(), "--phone",
             p["phone"], "--yes")
    rows = st().sql("SELECT status FROM appointments WHERE patient_id = "
                    ":'p1' ORDER BY starts_at", p["id"])
    assert rows == [["completed"], ["cancelled"]], rows
    for aid in p["appts"]:
        assert st().sql_value(
            "SELECT count(*) FROM jobs WHERE kind = 'calendar_event_upsert'"
            " AND payload->>'appointment_id' = :'p1'", aid) == "1", aid


def _closed_conv(ph, other_pid):
    """A closed conversation of another patient on phone ph."""
    cid = st().sql_value(
        "INSERT INTO conversations (clinic_id, phone, patient_id, status) "
        "VALUES (:'p1', :'p2', :'p3', 'closed') RETURNING id", clinic(),
        ph, other_pid)
    st().sql("INSERT INTO messages (clinic_id, conversation_id, direction, "
             "body, status) VALUES (:'p1', :'p2', 'inbound', 'autre "
             "personne', 'received')", clinic(), cid)
    return cid


def test_other_patients_conversation_on_the_phone_is_not_exported_or_erased():
    p = _person(_word("Phone"), _word("Owner"))
    other = _person(_word("Phone"), _word("Before"))
    old = _closed_conv(p["phone"], other["id"])
    tf = tarfile.open(fileobj=io.BytesIO(_export_cli(p)))
    data = json.loads(tf.extractfile("data.json").read())
    assert old not in [c["id"] for c in data["conversations"]]
    st().ctl("patient", "erase", "--clinic", clinic(), "--phone",
             p["phone"], "--yes")
    assert st().sql_value("SELECT count(*) FROM messages WHERE "
                          "conversation_id = :'p1'", old) == "1"


def test_after_stop_no_reminder_is_sent():
    p = _person(_word("Quiet"), _word("Stopper"))
    n = len(_twilio_to(p["phone"]))
    assert st().webhook(_fields("STOP", p["phone"])).status == 200
    assert wait_until(lambda: len(_twilio_to(p["phone"])) > n, timeout=40)
    prac = _practitioner()
    aid = st().sql_value(
        "INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
        "starts_at, ends_at, source, status) VALUES (:'p1', :'p2', :'p3', "
        "now() + interval '3 hours', now() + interval '210 minutes', "
        "'admin', 'booked') RETURNING id", clinic(), prac, p["id"])
    st().ctl("reminders", "--scan")
    assert st().sql_value("SELECT count(*) FROM messages WHERE "
                          "appointment_id = :'p1' OR (template_key = "
                          "'reminder' AND conversation_id = :'p2')", aid,
                          p["conv"]) == "0"


def _refused(q, *params):
    try:
        st().sql(q, *params)
    except RuntimeError as e:
        return "append-only" in str(e) or "erasure only" in str(e)
    return False


def test_audit_log_cannot_be_scrubbed_outside_an_erasure():
    p = _person(_word("Audit"), _word("Kept"))
    before = st().sql_value("SELECT metadata::text FROM audit_log WHERE "
                            "patient_id = :'p1' AND action = "
                            "'patient.update'", p["id"])
    # the setting the erasure once used opens nothing
    assert _refused(
        "BEGIN; SELECT set_config('sophie.privacy_scrub', 'on', true); "
        "UPDATE audit_log SET metadata = '{}' WHERE patient_id = :'p1'; "
        "COMMIT;", p["id"])
    # nor may a session claim an erasure that did not happen
    assert _refused(
        "BEGIN; INSERT INTO privacy_erasing (xid, clinic_id, patient_id) "
        "VALUES (txid_current(), :'p1', :'p2'); UPDATE audit_log SET "
        "metadata = '{}' WHERE patient_id = :'p2'; COMMIT;", clinic(),
        p["id"])
    assert st().sql_value("SELECT metadata::text FROM audit_log WHERE "
                          "patient_id = :'p1' AND action = "
                          "'patient.update'", p["id"]) == before


def _export_with(env, p):
    """The CLI export with settings env in its environment."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        raw = _export_cli(p)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    tf = tarfile.open(fileobj=io.BytesIO(raw))
    media = [n for n in tf.getnames() if n.startswith("media/")]
    return [tf.extractfile(n).read() for n in media]


def test_export_reads_media_from_the_database_or_media_dir():
    p = _person(_word("Blob"), _word("Reader"))
    in_db = PNG + b"kept in the database"
    st().sql("INSERT INTO media_blobs (media_id, clinic_id, bytes) VALUES "
             "(:'p1', :'p2', decode(:'p3', 'hex'))", p["media"], clinic(),
             in_db.hex())
    assert _export_with({"MEDIA_STORE": "db"}, p) == [in_db]
    other = tempfile.mkdtemp(prefix="sophie-media-")
    os.chmod(other, 0o755)
    d = os.path.join(other, "uploads", "images", clinic())
    os.makedirs(d)
    for q in (os.path.join(other, "uploads"),
              os.path.join(other, "uploads", "images"), d):
        os.chmod(q, 0o755)
    in_dir = PNG + b"kept under MEDIA_DIR"
    with open(os.path.join(d, p["media"] + ".png"), "wb") as f:
        f.write(in_dir)
    os.chmod(os.path.join(d, p["media"] + ".png"), 0o644)
    assert _export_with({"MEDIA_DIR": other}, p) == [in_dir]


# --- a STOP before the patient exists ---------------------------------------

def _stop_from_a_stranger():
    """A phone with no patient writes STOP; returns the phone once the
    reply went."""
    ph = _phone()
    assert st().webhook(_fields("STOP", ph)).status == 200
    assert wait_until(lambda: _twilio_to(ph), timeout=40), "no reply"
    assert st().sql_value("SELECT count(*) FROM patients WHERE clinic_id "
                          "= :'p1' AND phone = :'p2'", clinic(), ph) == "0"
    return ph


def _opted_out(pid):
    return st().sql_value("SELECT opted_out_at IS NOT NULL FROM patients "
                          "WHERE id = :'p1'", pid)


def test_stop_before_the_patient_exists_keeps_them_opted_out():
    import test_admin_clinic as tac
    ph = _stop_from_a_stranger()
    # the staff then book this phone as a new patient
    prac, treat, _ = tac.demo_ids()
    r = ta.send_json("POST", base() + "/appointments", {
        "practitionerId": prac, "treatmentId": treat,
        "startsAt": tac.D[3] + "T08:30", "phone": ph,
        "firstName": "Tardif", "lastName": _word("Stop")})
    assert r.status == 201, (r.status, r.body[:300])
    pid = st().sql_value("SELECT id FROM patients WHERE clinic_id = :'p1' "
                         "AND phone = :'p2'", clinic(), ph)
    assert _opted_out(pid) == "t"
    # shown on the patient page, with the staff's way back
    h = get_html(base() + "/patients/%s" % pid)
    assert 'id="optout"' in h and "/optin" in h, h[:3000]
    # and no reminder goes to them
    st().ctl("reminders", "--scan")
    assert st().sql_value("SELECT count(*) FROM messages m JOIN "
                          "conversations c ON c.id = m.conversation_id "
                          "WHERE c.phone = :'p1' AND m.template_key = "
                          "'reminder'", ph) == "0"
    # cleared by the staff: cleared for the phone too
    r = ta.post_browser(base() + "/patients/%s/optin" % pid, {})
    assert r.status in (200, 303), (r.status, r.body[:300])
    assert _opted_out(pid) == "f"
    assert st().sql_value("SELECT count(*) FROM patient_optouts WHERE "
                          "clinic_id = :'p1' AND phone = :'p2'",
                          clinic(), ph) == "0"


def test_a_merge_keeps_the_opt_out_of_either_record():
    ph = _stop_from_a_stranger()
    merged = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name) "
        "VALUES (:'p1', :'p2', 'Double', :'p3') RETURNING id", clinic(),
        ph, _word("Merge"))
    assert _opted_out(merged) == "t"
    kept = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name) "
        "VALUES (:'p1', :'p2', 'Double', :'p3') RETURNING id", clinic(),
        _phone(), _word("Kept"))
    assert _opted_out(kept) == "f"
    r = ta.post_browser(base() + "/patients/%s/merge" % kept,
                        {"other_id": merged})
    assert r.status in (200, 303), (r.status, r.body[:300])
    assert st().sql_value("SELECT count(*) FROM patients WHERE id = "
                          ":'p1'", merged) == "0"
    assert _opted_out(kept) == "t"


def test_the_phones_opt_out_is_erased_with_the_patient():
    ph = _stop_from_a_stranger()
    pid = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name) "
        "VALUES (:'p1', :'p2', 'Efface', :'p3') RETURNING id", clinic(),
        ph, _word("Gone"))
    assert _opted_out(pid) == "t"
    st().ctl("patient", "erase", "--clinic", clinic(), "--phone", ph,
             "--yes")
    assert _tables_holding(ph.lstrip("+")) == [], \
        _tables_holding(ph.lstrip("+"))
