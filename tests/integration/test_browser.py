"""Clinic admin pages in a real browser: headless Chromium (Debian's
/usr/bin/chromium) driven by playwright-core from tests/browser.  Installs
what is missing (the chromium package, the npm packages), runs
tests/browser/admin.spec.mjs once against the shared suite with the demo
clinic, and turns each browser scenario into one test here; then checks in
the database what the pages did.  Screenshots go to tests/out/browser/;
those of the desk pages at 1,280 and 375 px wide, with overflow.txt (the
scrollWidth and innerWidth of each), to build/screenshots/."""
import os
import re
import shutil
import subprocess
import json
import time
import uuid

import test_admin as ta
from harness import TOP, Skip, shared_stack, wait_until

BROWSER_DIR = os.path.join(TOP, "tests", "browser")
SHOT_DIR = os.path.join(TOP, "tests", "out", "browser")
LAYOUT_DIR = os.path.join(TOP, "build", "screenshots")
CHROMIUM = "/usr/bin/chromium"
# The whole node run (ten scenarios) is bounded.
NODE_TIMEOUT = 420

# Names of the browser scenarios, as admin.spec.mjs declares them.
SIGN_IN = "sign in and read the dashboard"
PRACTITIONER = "create a practitioner with working hours"
CALENDAR = "book and cancel an appointment from the calendar"
CONVERSATION = "take over a conversation and reply"
DESK_BOOK = "book a new patient at a free slot from the day grid"
DESK_MOVE = "move an appointment by picking a new slot"
DESK_CANCEL = "cancel an appointment after confirming"
DESK_CLOSED = "a closed day is refused with its reason, then booked anyway"
DESK_NO_SHOW = "undo a no-show"
DESK_LAYOUT = "desk pages fit 1280 and 375 px, actions reachable"
SCENARIOS = {SIGN_IN, PRACTITIONER, CALENDAR, CONVERSATION, DESK_BOOK,
             DESK_MOVE, DESK_CANCEL, DESK_CLOSED, DESK_NO_SHOW, DESK_LAYOUT}

_run = {}


def _sudo(cmd):
    return cmd if os.geteuid() == 0 else ["sudo", "-n"] + cmd


def _can_install():
    """Root, or sudo without a password."""
    if os.geteuid() == 0:
        return True
    if shutil.which("sudo") is None:
        return False
    return subprocess.run(["sudo", "-n", "true"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def _install():
    """Debian's chromium when absent; the npm packages when absent.
    Without the means to install them, the browser tests are skipped with
    one line saying what to install."""
    if shutil.which("node") is None:
        raise Skip("node is missing (as root: apt-get install nodejs npm)")
    if not os.path.exists(CHROMIUM) and not _can_install():
        raise Skip("Chromium is missing and cannot be installed without "
                   "root (as root: apt-get install chromium)")
    if not os.path.exists(CHROMIUM):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(_sudo(["apt-get", "update"]), env=env, check=True,
                       stdout=subprocess.DEVNULL, timeout=600)
        subprocess.run(_sudo(["apt-get", "install", "-y",
                              "--no-install-recommends", "chromium"]),
                       env=env, check=True, stdout=subprocess.DEVNULL,
                       timeout=900)
    mod = os.path.join(BROWSER_DIR, "node_modules", "playwright-core")
    if not os.path.isdir(mod):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"],
                       cwd=BROWSER_DIR, check=True, timeout=600,
                       stdout=subprocess.DEVNULL)


def _parse_tap(out):
    """Top-level results of node's TAP reporter: {name: (ok, detail)}."""
    results = {}
    lines = out.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(not ok|ok) \d+ - (.*?)(\s+#.*)?$", line)
        if not m:
            continue
        # The YAML block after a failure says why.
        detail = []
        for l in lines[i + 1:]:
            if re.match(r"^(not ok|ok) \d+ ", l) or l.startswith("# "):
                break
            detail.append(l)
        results[m.group(2)] = (m.group(1) == "ok", "\n".join(detail))
    return results


def _conversation(st):
    """A patient writes on WhatsApp (signed webhook); the conversation is
    stored before the browser looks for it.  Returns (phone, body)."""
    phone = "+3362%07d" % (uuid.uuid4().int % 10000000)
    body = "Bonjour, une question sur les horaires (%s)" % phone[-4:]
    f = {"MessageSid": "SM" + uuid.uuid4().hex,
         "AccountSid": "AC" + "0" * 31 + "1",
         "From": "whatsapp:" + phone,
         "To": "whatsapp:" + st.demo_info["whatsapp_number"],
         "Body": body, "NumMedia": "0", "ProfileName": "Navigateur"}
    r = st.webhook(f)
    assert r.status == 200, (r.status, r.body)
    ok = wait_until(lambda: st.sql_value(
        "SELECT count(*) FROM messages m JOIN conversations c ON "
        "c.id = m.conversation_id WHERE c.phone = :'p1' AND "
        "m.direction = 'inbound' AND m.body = :'p2'", phone, body) == "1",
        timeout=20)
    assert ok, "webhook message not stored"
    # Let the engine answer first, so the conversation is at rest.
    wait_until(lambda: int(st.sql_value(
        "SELECT count(*) FROM messages m JOIN conversations c ON "
        "c.id = m.conversation_id WHERE c.phone = :'p1' AND "
        "m.direction = 'outbound'", phone)) > 0, timeout=15)
    return phone, body


def _past_appointment(st, tag):
    """A booked appointment of a new patient with Dr Bernard that began
    20 minutes ago (no-show is possible only then).  Returns its id."""
    cid = st.demo_info["clinic_id"]
    pat = st.sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name) "
        "VALUES (:'p1', :'p2', 'Hugo', :'p3') RETURNING id", cid,
        "+3364%s%s" % (tag, tag[0]), "Absent" + tag)
    prac, treat = st.sql(
        "SELECT p.id, t.id FROM practitioners p, treatment_types t WHERE "
        "p.clinic_id = :'p1' AND t.clinic_id = p.clinic_id AND "
        "p.last_name = 'Bernard' ORDER BY t.name LIMIT 1", cid)[0]
    return st.sql_value(
        "INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
        "treatment_type_id, starts_at, ends_at, source) VALUES (:'p1', "
        ":'p2', :'p3', :'p4', now() - interval '20 minutes', "
        "now() + interval '10 minutes', 'admin') RETURNING id",
        cid, prac, pat, treat)


def _superadmin_token(st, tag):
    """A session token of a new superadmin (made with sophiectl)."""
    email = "root-browser-%s@example.org" % tag
    st.ctl("superadmin", "add", "--email", email, "--password",
           "superadmin-password-%s" % tag, "--json")
    return ta.mint(email)


def _browser_run():
    """Run the node scenarios once; results shared by the tests below."""
    if "skip" in _run:
        raise Skip(_run["skip"])
    if "results" in _run:
        return _run
    try:
        _install()
    except Skip as e:
        _run["skip"] = str(e)
        raise
    st = shared_stack()
    tag = "%06d" % (uuid.uuid4().int % 1000000)
    phone, body = _conversation(st)
    info = st.demo_info
    day = st.sql_value(
        "SELECT (now() AT TIME ZONE timezone)::date + 180 + :'p2'::int "
        "FROM clinics WHERE id = :'p1'", info["clinic_id"],
        str(int(tag) % 300))
    # Made before the dashboard's figures are counted: it is today's.
    past = _past_appointment(st, tag)
    # What the dashboard should count today (clinic time).
    today = st.sql(
        "WITH b AS (SELECT id, (now() AT TIME ZONE timezone)::date::timestamp "
        "AT TIME ZONE timezone AS t0 FROM clinics WHERE id = :'p1') "
        "SELECT (SELECT count(*) FROM messages m, b WHERE m.clinic_id = b.id "
        "AND m.created_at >= b.t0 AND m.created_at < b.t0 + interval "
        "'1 day'), (SELECT count(*) FROM appointments a, b WHERE "
        "a.clinic_id = b.id AND a.status <> 'cancelled' AND a.starts_at >= "
        "b.t0 AND a.starts_at < b.t0 + interval '1 day')",
        info["clinic_id"])[0]
    # Desk days: within the booking horizon, past the notice.
    desk_day, closed_day = st.sql(
        "SELECT (now() AT TIME ZONE timezone)::date + 7 + :'p2'::int, "
        "(now() AT TIME ZONE timezone)::date + 25 + :'p2'::int "
        "FROM clinics WHERE id = :'p1'", info["clinic_id"],
        str(int(tag) % 10))[0]
    conv = st.sql_value("SELECT id FROM conversations WHERE clinic_id = "
                        ":'p1' AND phone = :'p2'", info["clinic_id"], phone)
    env = dict(os.environ)
    env.update({
        "SOPHIE_MESSAGES_TODAY": today[0],
        "SOPHIE_APPOINTMENTS_TODAY": today[1],
        "SOPHIE_BASE_URL": st.base_url,
        "SOPHIE_CLINIC_ID": info["clinic_id"],
        "SOPHIE_ADMIN_EMAIL": info["admin_email"],
        "SOPHIE_ADMIN_PASSWORD": info["admin_password"],
        "SOPHIE_CLINIC_NAME": st.sql_value(
            "SELECT name FROM clinics WHERE id = :'p1'", info["clinic_id"]),
        "SOPHIE_SHOT_DIR": SHOT_DIR,
        "SOPHIE_CHROMIUM": CHROMIUM,
        "SOPHIE_RUN": tag,
        "SOPHIE_PRACT_LAST": "Navigateur" + tag,
        "SOPHIE_PATIENT_LAST": "Calendrier" + tag,
        "SOPHIE_PATIENT_PHONE": "+3361%s%s" % (tag, tag[0]),
        "SOPHIE_APPT_DAY": day,
        "SOPHIE_APPT_TIME": "07:10",
        "SOPHIE_CONV_PHONE": phone,
        "SOPHIE_CONV_BODY": body,
        "SOPHIE_REPLY_BODY": "Bonjour, ici l'accueil du cabinet (%s)." % tag,
        "SOPHIE_LAYOUT_DIR": LAYOUT_DIR,
        "SOPHIE_DESK_DAY": desk_day,
        "SOPHIE_CLOSED_DAY": closed_day,
        "SOPHIE_DESK_LAST": "Accueil" + tag,
        "SOPHIE_DESK_PHONE": "+3366%s%s" % (tag, tag[0]),
        "SOPHIE_CLOSED_LAST": "Fermeture" + tag,
        "SOPHIE_CLOSED_PHONE": "+3367%s%s" % (tag, tag[0]),
        "SOPHIE_PAST_APPT": past,
        "SOPHIE_DESK_PRACT": st.sql_value(
            "SELECT id FROM practitioners WHERE clinic_id = :'p1' AND "
            "last_name = 'Bernard'", info["clinic_id"]),
        "SOPHIE_SUPER_TOKEN": _superadmin_token(st, tag),
        "SOPHIE_SUPER_CONV": conv,
    })
    for d in (SHOT_DIR, LAYOUT_DIR):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
    t0 = time.time()
    p = subprocess.run(["node", "--test-reporter=tap", "--test",
                        "admin.spec.mjs"], cwd=BROWSER_DIR, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=NODE_TIMEOUT)
    out = p.stdout.decode("utf-8", "replace")
    with open(os.path.join(SHOT_DIR, "node-tap.txt"), "w") as f:
        f.write(out)
    _run.update({"results": _parse_tap(out), "out": out, "rc": p.returncode,
                 "env": env, "seconds": time.time() - t0})
    for name, (ok, _) in _run["results"].items():
        print("  browser: %s %s" % ("ok  " if ok else "FAIL", name))
    print("  browser: %d screenshots in %s (%.0fs)" % (
        len([f for f in os.listdir(SHOT_DIR) if f.endswith(".png")]),
        os.path.relpath(SHOT_DIR, TOP), _run["seconds"]))
    fits = os.path.join(LAYOUT_DIR, "overflow.txt")
    if os.path.exists(fits):
        with open(fits) as f:
            for line in f:
                print("  layout: " + line.rstrip())
    return _run


def _scenario(name):
    run = _browser_run()
    res = run["results"].get(name)
    assert res is not None, "scenario %r did not run:\n%s" % (
        name, run["out"][-3000:])
    assert res[0], "browser scenario %r failed:\n%s" % (name, res[1])
    return run["env"]


def test_sign_in_and_dashboard():
    _scenario(SIGN_IN)
    shots = os.listdir(SHOT_DIR)
    assert any(f.endswith("-dashboard.png") for f in shots), shots


def test_practitioner_with_hours():
    env = _scenario(PRACTITIONER)
    st = shared_stack()
    rows = st.sql(
        "SELECT h.weekday, h.start_min, h.end_min FROM practitioners p "
        "JOIN practitioner_working_hours h ON h.practitioner_id = p.id "
        "WHERE p.clinic_id = :'p1' AND p.last_name = :'p2' "
        "ORDER BY 1, 2", env["SOPHIE_CLINIC_ID"], env["SOPHIE_PRACT_LAST"])
    assert rows == [["0", "540", "720"], ["0", "840", "1110"],
                    ["2", "510", "780"]], rows


def test_appointment_booked_and_cancelled():
    env = _scenario(CALENDAR)
    st = shared_stack()
    rows = st.sql(
        "SELECT a.status, a.source, to_char(a.starts_at AT TIME ZONE "
        "cl.timezone, 'YYYY-MM-DD HH24:MI') FROM appointments a JOIN "
        "patients pa ON pa.id = a.patient_id JOIN clinics cl ON "
        "cl.id = a.clinic_id WHERE a.clinic_id = :'p1' AND "
        "pa.last_name = :'p2'", env["SOPHIE_CLINIC_ID"],
        env["SOPHIE_PATIENT_LAST"])
    assert rows == [["cancelled", "admin", "%s %s" % (
        env["SOPHIE_APPT_DAY"], env["SOPHIE_APPT_TIME"])]], rows


def test_conversation_takeover_and_reply():
    env = _scenario(CONVERSATION)
    st = shared_stack()
    rows = st.sql(
        "SELECT m.status, m.to_number, m.id, c.id, c.status FROM messages m "
        "JOIN conversations c ON c.id = m.conversation_id WHERE "
        "c.clinic_id = :'p1' AND m.direction = 'outbound' AND m.body = :'p2'",
        env["SOPHIE_CLINIC_ID"], env["SOPHIE_REPLY_BODY"])
    assert len(rows) == 1, rows
    status, to, msg, conv, cstatus = rows[0]
    print("  reply row: status %s, to %s" % (status, to))
    # Queued in the outbox; the worker may already have handed it over.
    assert status in ("pending", "accepted", "queued", "sending", "sent",
                      "delivered", "read", "not_sent"), rows
    assert to.endswith(env["SOPHIE_CONV_PHONE"]), rows
    # Handed back to Sophie at the end.
    assert cstatus == "active", rows
    audit = st.sql("SELECT action FROM audit_log WHERE clinic_id = :'p1' "
                   "AND entity_id IN (:'p2', :'p3') ORDER BY id",
                   env["SOPHIE_CLINIC_ID"], conv, msg)
    actions = [a[0] for a in audit]
    assert [a for a in actions if a != "conversation.view"] == [
        "conversation.takeover", "conversation.reply",
        "conversation.handback"], actions


def _desk_rows(env, last):
    """(status, source, local start, phone, id) of the appointments of
    the patient named last."""
    return shared_stack().sql(
        "SELECT a.status, a.source, to_char(a.starts_at AT TIME ZONE "
        "cl.timezone, 'YYYY-MM-DD HH24:MI'), pa.phone, a.id FROM "
        "appointments a JOIN patients pa ON pa.id = a.patient_id JOIN "
        "clinics cl ON cl.id = a.clinic_id WHERE a.clinic_id = :'p1' AND "
        "pa.last_name = :'p2'", env["SOPHIE_CLINIC_ID"], last)


def _actions(env, appt):
    rows = shared_stack().sql(
        "SELECT action FROM audit_log WHERE clinic_id = :'p1' AND "
        "entity_id = :'p2' AND action LIKE 'appointment.%' ORDER BY id",
        env["SOPHIE_CLINIC_ID"], appt)
    return [r[0] for r in rows if r[0] != "appointment.view"]


def _desk():
    with open(os.path.join(SHOT_DIR, "desk.json")) as f:
        return json.load(f)


def test_desk_book_new_patient_from_grid():
    env = _scenario(DESK_BOOK)
    rows = _desk_rows(env, env["SOPHIE_DESK_LAST"])
    # One patient, its phone typed in the national form stored in E.164
    # (moved and cancelled by the next scenarios).
    assert len(rows) == 1, rows
    assert rows[0][1] == "admin" and rows[0][3] == env["SOPHIE_DESK_PHONE"], \
        rows
    assert _actions(env, rows[0][4])[:1] == ["appointment.create"], rows


def test_desk_move_by_slot():
    env = _scenario(DESK_MOVE)
    desk = _desk()
    rows = _desk_rows(env, env["SOPHIE_DESK_LAST"])
    assert len(rows) == 1 and rows[0][2] == desk["moved"], (rows, desk)
    assert desk["moved"] != desk["at"].replace("T", " "), desk
    assert "appointment.move" in _actions(env, rows[0][4]), rows


def test_desk_cancel_after_confirming():
    env = _scenario(DESK_CANCEL)
    rows = _desk_rows(env, env["SOPHIE_DESK_LAST"])
    assert [r[:2] for r in rows] == [["cancelled", "admin"]], rows
    assert _actions(env, rows[0][4]) == [
        "appointment.create", "appointment.move", "appointment.cancel"], \
        _actions(env, rows[0][4])


def test_desk_closed_day_booked_anyway():
    env = _scenario(DESK_CLOSED)
    st = shared_stack()
    rows = _desk_rows(env, env["SOPHIE_CLOSED_LAST"])
    assert len(rows) == 1 and rows[0][0] == "booked", rows
    # The journal says it was booked anyway; the closure is gone again.
    assert _actions(env, rows[0][4]) == ["appointment.create_anyway"], \
        _actions(env, rows[0][4])
    assert st.sql_value("SELECT count(*) FROM clinic_closures WHERE "
                        "clinic_id = :'p1' AND reason = :'p2'",
                        env["SOPHIE_CLINIC_ID"],
                        "Inventaire " + env["SOPHIE_RUN"]) == "0"


def test_desk_no_show_undone():
    env = _scenario(DESK_NO_SHOW)
    appt = env["SOPHIE_PAST_APPT"]
    st = shared_stack()
    assert st.sql_value("SELECT status FROM appointments WHERE id = :'p1'",
                        appt) == "booked"
    acts = _actions(env, appt)
    assert acts[:2] == ["appointment.no_show", "appointment.undo"], acts


def test_desk_layout_fits():
    _scenario(DESK_LAYOUT)
    shots = sorted(os.listdir(LAYOUT_DIR))
    for page in ("agenda-day", "agenda-book", "appointment"):
        for w in (1280, 375):
            assert "%s-%d.png" % (page, w) in shots, shots
    with open(os.path.join(LAYOUT_DIR, "overflow.txt")) as f:
        figs = [l.split() for l in f]
    for name, w, sw, iw in figs:
        assert int(sw.split("=")[1]) <= int(iw.split("=")[1]), (name, w)
    assert ["superadmin-analysis", "1280"] in [f[:2] for f in figs], figs


def test_node_run_clean():
    """Every browser scenario ran and passed, and node exited 0."""
    run = _browser_run()
    assert set(run["results"]) == SCENARIOS, sorted(run["results"])
    assert run["rc"] == 0, run["out"][-3000:]
