"""The staff pages of issue 21 (waitlist, series, no-shows, the patient's
rights, the opt-out, their settings) in a real browser: headless Chromium
driven by playwright-core, tests/browser/features.spec.mjs, on the shared
suite's demo clinic, each scenario at 1,280 and 375 px wide.  Makes the
rows each width works on, runs the node file once, turns each browser
scenario into one test here, then checks in the database what the pages
did and that it was journaled.  Pages as PNGs (name-width.png) and their
overflow figures (overflow.txt) go to build/screenshots/features/."""
import datetime
import os
import shutil
import subprocess
import time
import uuid

import test_admin as ta
import test_browser as tb
from harness import TOP, Skip, shared_stack

SHOT_DIR = os.path.join(TOP, "tests", "out", "browser-features")
LAYOUT_DIR = os.path.join(TOP, "build", "screenshots", "features")
# The whole node run (six scenarios, two widths each) is bounded.
NODE_TIMEOUT = 600
WIDTHS = (1280, 375)

# Names of the browser scenarios, as features.spec.mjs declares them.
WAITLIST = "waitlist: add, edit and remove an entry"
SERIES = "series: conflicts listed, booked, one then the rest cancelled"
NOSHOW = "no-show: marked, counted on the patient page, undone"
PRIVACY = "privacy: export downloads, erase after confirming"
OPTOUT = "opt-out: seen on the patient page and cleared"
SETTINGS = "settings: waitlist and no-show fields saved"
SCENARIOS = {WAITLIST, SERIES, NOSHOW, PRIVACY, OPTOUT, SETTINGS}

_run = {}


def _cid():
    return shared_stack().demo_info["clinic_id"]


def _patient(last, phone, first="Lina", opted=False):
    return shared_stack().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name, "
        "language, opted_out_at) VALUES (:'p1', :'p2', :'p3', :'p4', 'fr', "
        "CASE WHEN :'p5' = '1' THEN now() - interval '2 days' END) "
        "RETURNING id", _cid(), phone, first, last, "1" if opted else "0")


def _phone(prefix):
    return "+33%s%07d" % (prefix, uuid.uuid4().int % 10000000)


def _today():
    return datetime.date.fromisoformat(shared_stack().sql_value(
        "SELECT (now() AT TIME ZONE timezone)::date FROM clinics "
        "WHERE id = :'p1'", _cid()))


def _series_plan(tag, width):
    """A weekly series of 4 in the clinic's hours with Dr Bernard whose second date
    holds another patient's appointment and whose other dates are free
    (checked through the JSON preview): (practitioner, treatment,
    starts_at, patient)."""
    st = shared_stack()
    cid = _cid()
    # The demo's practitioners work the clinic's opening hours.
    pid, weekday, start_min = st.sql(
        "SELECT p.id, h.weekday, h.start_min FROM practitioners p JOIN "
        "clinic_opening_hours h ON h.clinic_id = p.clinic_id WHERE "
        "p.clinic_id = :'p1' AND p.last_name = 'Bernard' AND "
        "h.end_min - h.start_min >= 180 ORDER BY h.weekday, h.start_min "
        "LIMIT 1", cid)[0]
    tid = st.sql_value(
        "SELECT t.id FROM treatment_types t JOIN practitioner_treatments "
        "x ON x.treatment_type_id = t.id WHERE x.practitioner_id = :'p1' "
        "AND t.is_active ORDER BY t.duration_minutes, t.name LIMIT 1", pid)
    pat = _patient("Serie%s%d" % (tag, width), _phone("65"))
    other = _patient("Occupe%s%d" % (tag, width), _phone("65"))
    # weekday: 0 Monday (sql/002); a minute of the hour per width so the
    # two widths never share a slot.
    minute = int(start_min) + 60 + (0 if width == 1280 else 60)
    tok = ta.mint(shared_stack().demo_info["admin_email"])
    d = _today() + datetime.timedelta(days=14 + int(tag) % 7)
    for _ in range(40):
        d += datetime.timedelta(days=1)
        if d.weekday() != int(weekday):
            continue
        at = "%sT%02d:%02d" % (d.isoformat(), minute // 60, minute % 60)
        busy = (d + datetime.timedelta(days=7)).isoformat() + \
            " %02d:%02d" % (minute // 60, minute % 60)
        try:
            aid = st.sql_value(
                "INSERT INTO appointments (clinic_id, practitioner_id, "
                "patient_id, treatment_type_id, starts_at, ends_at, "
                "source) SELECT :'p1', :'p2', :'p3', :'p4', (:'p5')::"
                "timestamp AT TIME ZONE c.timezone, ((:'p5')::timestamp "
                "AT TIME ZONE c.timezone) + interval '30 minutes', 'admin' "
                "FROM clinics c WHERE c.id = :'p1' RETURNING id",
                cid, pid, other, tid, busy)
        except Exception:
            continue
        r = ta.send_json("POST", ta.base(cid) + "/series/preview", {
            "practitionerId": pid, "treatmentId": tid, "patientId": pat,
            "startsAt": at, "rule": "weekly", "count": 4}, tok)
        ok = r.status == 200 and [s["status"] for s in
                                  r.json()["sessions"]] == \
            ["free", "conflict", "free", "free"]
        if ok:
            # Cancelled after the run: later suites find the slot free.
            _run.setdefault("busy", []).append(aid)
            return pid, tid, at, pat
        st.sql("DELETE FROM appointments WHERE id = :'p1'", aid)
    raise AssertionError("no weekly series with only its second date taken")


def _past_appointment(tag, width, k):
    """A booked appointment of a new patient that began an hour or so
    ago (no-show is possible only then), with a practitioner other than
    the desk tests' one.  Returns (appointment, patient)."""
    st = shared_stack()
    cid = _cid()
    pat = _patient("Absent%s%d" % (tag, width), _phone("64"), "Hugo")
    prac, treat = st.sql(
        "SELECT p.id, t.id FROM practitioners p, treatment_types t WHERE "
        "p.clinic_id = :'p1' AND t.clinic_id = p.clinic_id AND "
        "p.last_name <> 'Bernard' AND p.is_active ORDER BY p.last_name, "
        "t.name LIMIT 1", cid)[0]
    appt = st.sql_value(
        "INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
        "treatment_type_id, starts_at, ends_at, source) VALUES (:'p1', "
        ":'p2', :'p3', :'p4', now() - make_interval(mins => :'p5'::int), "
        "now() - make_interval(mins => :'p5'::int - 10), 'admin') "
        "RETURNING id", cid, prac, pat, treat, str(150 - 40 * k -
                                                  int(tag) % 20))
    return appt, pat


def _privacy_patient(tag, width):
    """A patient with a conversation, a message and an appointment."""
    st = shared_stack()
    cid = _cid()
    phone = _phone("63")
    last = "Efface%s%d" % (tag, width)
    pat = _patient(last, phone, "Ines")
    conv = st.sql_value(
        "INSERT INTO conversations (clinic_id, phone, patient_id) VALUES "
        "(:'p1', :'p2', :'p3') RETURNING id", cid, phone, pat)
    st.sql("INSERT INTO messages (clinic_id, conversation_id, direction, "
           "status, body, from_number, to_number) VALUES (:'p1', :'p2', "
           "'inbound', 'received', :'p3', :'p4', '+33100000000')", cid, conv,
           "Bonjour, ici Ines %s" % last, phone)
    return pat, "Ines " + last


_SETTINGS = ("waitlist_batch, waitlist_offer_minutes, noshow_threshold, "
             "noshow_action, noshow_message_en")


def _prepare(tag):
    env = {}
    today = _today()
    for i, w in enumerate(WIDTHS):
        wl = "Attente%s%d" % (tag, w)
        _patient(wl, _phone("62"), "Nora")
        env["SOPHIE_WL_PATIENT_%d" % w] = wl
        env["SOPHIE_WL_DAYS_%d" % w] = ",".join(
            (today + datetime.timedelta(days=n)).isoformat()
            for n in (30, 40, 55))
        pid, tid, at, pat = _series_plan(tag, w)
        env.update({"SOPHIE_SERIES_PRACT_%d" % w: pid,
                    "SOPHIE_SERIES_TREAT_%d" % w: tid,
                    "SOPHIE_SERIES_START_%d" % w: at,
                    "SOPHIE_SERIES_PATIENT_%d" % w: pat})
        appt, pat = _past_appointment(tag, w, i)
        env["SOPHIE_NS_APPT_%d" % w] = appt
        env["SOPHIE_NS_PATIENT_%d" % w] = pat
        pat, name = _privacy_patient(tag, w)
        env["SOPHIE_PRIV_PATIENT_%d" % w] = pat
        env["SOPHIE_PRIV_NAME_%d" % w] = name
        env["SOPHIE_OPT_PATIENT_%d" % w] = _patient(
            "Stop%s%d" % (tag, w), _phone("61"), "Paul", opted=True)
        env["SOPHIE_SET_VALUES_%d" % w] = "%d,%d,%d,Hello %s %d" % (
            2 + i, 90 + 30 * i, 3 + i, tag, w)
    return env


def _browser_run():
    """Run the node scenarios once; results shared by the tests below."""
    if "skip" in _run:
        raise Skip(_run["skip"])
    if "results" in _run:
        return _run
    if "error" in _run:
        raise AssertionError("the run could not start: " + _run["error"])
    try:
        tb._install()
    except Skip as e:
        _run["skip"] = str(e)
        raise
    st = shared_stack()
    info = st.demo_info
    tag = "%06d" % (uuid.uuid4().int % 1000000)
    saved = st.sql("SELECT %s FROM clinics WHERE id = :'p1'" % _SETTINGS,
                   info["clinic_id"])[0]
    env = dict(os.environ)
    try:
        env.update(_prepare(tag))
    except Exception as e:
        # Made once: a second try would add rows beside the first ones.
        _run["error"] = repr(e)
        raise
    env.update({
        "SOPHIE_BASE_URL": st.base_url,
        "SOPHIE_CLINIC_ID": info["clinic_id"],
        "SOPHIE_ADMIN_EMAIL": info["admin_email"],
        "SOPHIE_ADMIN_PASSWORD": info["admin_password"],
        "SOPHIE_SHOT_DIR": SHOT_DIR,
        "SOPHIE_LAYOUT_DIR": LAYOUT_DIR,
        "SOPHIE_CHROMIUM": tb.CHROMIUM,
        "SOPHIE_RUN": tag,
    })
    for d in (SHOT_DIR, LAYOUT_DIR):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
    t0 = time.time()
    try:
        p = subprocess.run(["node", "--test-reporter=tap", "--test",
                            "features.spec.mjs"], cwd=tb.BROWSER_DIR,
                           env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=NODE_TIMEOUT)
    finally:
        _run["saved"] = saved
    out = p.stdout.decode("utf-8", "replace")
    with open(os.path.join(SHOT_DIR, "node-tap.txt"), "w") as f:
        f.write(out)
    _run.update({"results": tb._parse_tap(out), "out": out,
                 "rc": p.returncode, "env": env,
                 "seconds": time.time() - t0})
    for name, (ok, _) in _run["results"].items():
        print("  browser: %s %s" % ("ok  " if ok else "FAIL", name))
    print("  browser: %d page shots in %s (%.0fs)" % (
        len([f for f in os.listdir(LAYOUT_DIR) if f.endswith(".png")]),
        os.path.relpath(LAYOUT_DIR, TOP), _run["seconds"]))
    return _run


def _scenario(name):
    run = _browser_run()
    res = run["results"].get(name)
    assert res is not None, "scenario %r did not run:\n%s" % (
        name, run["out"][-3000:])
    assert res[0], "browser scenario %r failed:\n%s" % (name, res[1])
    return run["env"]


def _audit(entity):
    return [r[0] for r in shared_stack().sql(
        "SELECT action FROM audit_log WHERE clinic_id = :'p1' AND "
        "entity_id = :'p2' ORDER BY id", _cid(), entity)]


def _layout(pages):
    """Every page at both widths has its PNG and fits its window."""
    shots = os.listdir(LAYOUT_DIR)
    with open(os.path.join(LAYOUT_DIR, "overflow.txt")) as f:
        figs = [l.split() for l in f]
    for page in pages:
        for w in WIDTHS:
            assert "%s-%d.png" % (page, w) in shots, (page, w, shots)
            row = [x for x in figs if x[:2] == [page, str(w)]]
            assert row, (page, w)
            assert int(row[0][2].split("=")[1]) <= \
                int(row[0][3].split("=")[1]), row


def test_waitlist_add_edit_remove():
    env = _scenario(WAITLIST)
    st = shared_stack()
    for w in WIDTHS:
        rows = st.sql(
            "SELECT w.id, w.status, w.earliest::text, w.latest::text, "
            "coalesce(w.part_of_day, '') FROM waitlist w JOIN patients p "
            "ON p.id = w.patient_id WHERE w.clinic_id = :'p1' AND "
            "p.last_name = :'p2'", _cid(), env["SOPHIE_WL_PATIENT_%d" % w])
        days = env["SOPHIE_WL_DAYS_%d" % w].split(",")
        assert len(rows) == 1, rows
        assert rows[0][1:] == ["cancelled", days[0], days[2], ""], rows
        assert _audit(rows[0][0]) == ["waitlist.add", "waitlist.edit",
                                      "waitlist.remove"], \
            _audit(rows[0][0])
    _layout(("waitlist", "waitlist-added", "waitlist-edit",
             "waitlist-removed"))


def test_series_conflict_listed_then_cancelled():
    env = _scenario(SERIES)
    st = shared_stack()
    for w in WIDTHS:
        rows = st.sql(
            "SELECT a.id, a.status, a.series_id FROM appointments a WHERE "
            "a.patient_id = :'p1' ORDER BY a.starts_at",
            env["SOPHIE_SERIES_PATIENT_%d" % w])
        assert len(rows) == 3, rows
        assert {r[1] for r in rows} == {"cancelled"}, rows
        assert len({r[2] for r in rows}) == 1 and rows[0][2], rows
        acts = _audit(rows[0][2])
        assert acts.count("series.create") == 1, acts
        # Each session's cancellation journaled as an appointment's.
        for r in rows:
            assert "appointment.cancel" in _audit(r[0]), _audit(r[0])
    _layout(("series-form", "series-preview", "series-detail",
             "series-cancelled"))


def test_noshow_marked_counted_undone():
    env = _scenario(NOSHOW)
    st = shared_stack()
    for w in WIDTHS:
        appt = env["SOPHIE_NS_APPT_%d" % w]
        assert st.sql_value("SELECT status FROM appointments WHERE "
                            "id = :'p1'", appt) == "booked"
        acts = [a for a in _audit(appt) if a != "appointment.view"]
        assert acts[:2] == ["appointment.no_show", "appointment.undo"], acts
    _layout(("noshow-appointment", "noshow-patient"))


def test_privacy_export_and_erase():
    env = _scenario(PRIVACY)
    st = shared_stack()
    for w in WIDTHS:
        pat = env["SOPHIE_PRIV_PATIENT_%d" % w]
        first, phone = st.sql("SELECT first_name, phone FROM patients "
                              "WHERE id = :'p1'", pat)[0]
        assert first == "Erased patient" and phone.startswith("+999"), \
            (first, phone)
        acts = _audit(pat)
        assert "patient.export" in acts and "patient.erase" in acts, acts
        assert os.path.getsize(os.path.join(
            SHOT_DIR, "export-%d.tar" % w)) > 1024
    _layout(("privacy-patient", "privacy-erase", "privacy-erased"))


def test_optout_seen_and_cleared():
    env = _scenario(OPTOUT)
    st = shared_stack()
    for w in WIDTHS:
        pat = env["SOPHIE_OPT_PATIENT_%d" % w]
        assert st.sql_value("SELECT opted_out_at IS NULL FROM patients "
                            "WHERE id = :'p1'", pat) == "t"
        assert "patient.optin" in _audit(pat), _audit(pat)
    _layout(("optout-patient", "optout-cleared"))


def test_settings_saved_and_journaled():
    env = _scenario(SETTINGS)
    st = shared_stack()
    v = env["SOPHIE_SET_VALUES_%d" % WIDTHS[-1]].split(",")
    got = st.sql("SELECT %s FROM clinics WHERE id = :'p1'" % _SETTINGS,
                 _cid())[0]
    assert got == [v[0], v[1], v[2], "staff", v[3]], got
    assert _audit(_cid()).count("settings.noshow") >= 2
    _layout(("settings-noshow",))


def test_node_run_clean():
    """Every browser scenario ran and passed, and node exited 0."""
    run = _browser_run()
    assert set(run["results"]) == SCENARIOS, sorted(run["results"])
    assert run["rc"] == 0, run["out"][-3000:]


def teardown():
    """The demo clinic's settings as they were before the run; the
    appointments that made the series' conflict cancelled."""
    for aid in _run.get("busy", []):
        shared_stack().sql("UPDATE appointments SET status = 'cancelled' "
                           "WHERE id = :'p1'", aid)
    if "saved" not in _run:
        return
    s = _run["saved"]
    shared_stack().sql(
        "UPDATE clinics SET waitlist_batch = :'p2'::int, "
        "waitlist_offer_minutes = :'p3'::int, noshow_threshold = "
        "nullif(:'p4', '')::int, noshow_action = :'p5', "
        "noshow_message_en = nullif(:'p6', '') WHERE id = :'p1'",
        _cid(), *s)
