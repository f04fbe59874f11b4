"""Series of appointments (issue 21, item 2): staff ask for N sessions on
a rule (every week, twice a week, every N weeks) at one time; a preview
lists every date with its status (free, or the conflict in plain words)
before anything is booked; only the dates staff confirm are booked, all
or nothing, each an ordinary appointment (never an overlap); one session
or "this and the following ones" are cancelled, journaled; another
clinic's staff touch nothing.

Runs on a clinic of its own (the agenda suite's week, practitioners and
treatments, a horizon of a year) so that a holiday falls within reach
whatever the day the suite runs."""
import datetime
import json
import random
import uuid

import test_admin as ta
import test_agenda as tg
from test_admin import bearer, st

_own = {}


def own():
    """(clinic_id, token, (Cookie, csrf)) of this suite's clinic."""
    if "a" not in _own:
        cid, email = tg._clinic_with_admin("Cabinet Séries %s" %
                                           uuid.uuid4().hex[:6])
        for q in (tg._HOURS, tg._PRACS, tg._TREATS, tg._LINKS):
            st().sql(q, cid)
        st().sql("UPDATE clinics SET booking_horizon_days = 365, "
                 "min_notice_minutes = 0 WHERE id = :'p1'", cid)
        _own["a"] = (cid, ta.mint(email), ta.minted_browser(email, cid))
    return _own["a"]


def base(cid=None):
    return ta.base(cid or own()[0])


def send(method, path, obj, token=None):
    return ta.send_json(method, base() + path, obj, token or own()[1])


def ids(last="Leal"):
    prs = ta.get_json(base() + "/practitioners", own()[1])["items"]
    trs = ta.get_json(base() + "/treatments", own()[1])["items"]
    p = next(x for x in prs if x["lastName"] == last)
    t = next(x for x in trs if x["name"] == "Consultation")
    return p["id"], t["id"]


def patient(lang="fr"):
    return st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name, "
        "language) VALUES (:'p1', :'p2', 'Série', :'p3', :'p4') "
        "RETURNING id", own()[0], "+3366%07d" % random.randint(0, 9999999),
        "S%06d" % random.randint(0, 999999), lang)


def holiday(d):
    return (d.month, d.day) in tg.FIXED or d.isoformat() in tg.MOVABLE


def weekly_with_holiday():
    """A weekday date d at least 3 days ahead such that exactly one of
    d + 7k (k < 6) is a French public holiday (fixed ones, within a
    year): the first session is never the holiday."""
    d = datetime.date.today() + datetime.timedelta(days=3)
    for _ in range(300):
        days = [d + datetime.timedelta(days=7 * k) for k in range(6)]
        if d.weekday() < 5 and not holiday(d) and \
                sum(1 for x in days if holiday(x)) == 1:
            return days
        d += datetime.timedelta(days=1)
    raise AssertionError("no holiday within 300 days")


def booked(pat):
    return st().sql(
        "SELECT a.id, to_char(a.starts_at AT TIME ZONE c.timezone, "
        "'YYYY-MM-DD\"T\"HH24:MI'), a.status, coalesce(a.series_id::text, "
        "'') FROM appointments a JOIN clinics c ON c.id = a.clinic_id "
        "WHERE a.patient_id = :'p1' ORDER BY a.starts_at", pat)


def overlaps(prac):
    return st().sql_value(
        "SELECT count(*) FROM appointments a JOIN appointments b ON "
        "a.practitioner_id = b.practitioner_id AND a.id < b.id AND "
        "a.status = 'booked' AND b.status = 'booked' AND "
        "tstzrange(a.starts_at, a.blocked_until) && "
        "tstzrange(b.starts_at, b.blocked_until) WHERE "
        "a.practitioner_id = :'p1'", prac)


def series_fields(pid, tid, pat, first, count=6, **kw):
    f = {"practitionerId": pid, "treatmentId": tid, "patientId": pat,
         "startsAt": first + "T10:00", "rule": "weekly",
         "count": count}
    f.update(kw)
    return f


def test_preview_lists_holiday_and_overlap_then_books_only_confirmed():
    pid, tid = ids()
    pat = patient()
    days = weekly_with_holiday()
    hol = next(d for d in days if holiday(d)).isoformat()
    # someone else holds the slot of another session: an overlap
    busy_day = next(d for d in days[1:] if not holiday(d)).isoformat()
    other = patient()
    st().sql("INSERT INTO appointments (clinic_id, practitioner_id, "
             "patient_id, starts_at, ends_at, source) SELECT :'p1', "
             ":'p2', :'p3', (:'p4')::timestamp AT TIME ZONE c.timezone, "
             "((:'p4')::timestamp AT TIME ZONE c.timezone) + "
             "interval '30 minutes', 'admin' FROM clinics c WHERE c.id = "
             ":'p1'", own()[0], pid, other, busy_day + " 10:00")
    r = send("POST", "/series/preview",
             series_fields(pid, tid, pat, days[0].isoformat()))
    assert r.status == 200, (r.status, r.body[:500])
    sess = r.json()["sessions"]
    assert [s["startsAt"] for s in sess] == \
        [d.isoformat() + "T10:00" for d in days], sess
    by = {s["startsAt"][:10]: s for s in sess}
    assert by[hol]["status"] == "conflict", by[hol]
    assert by[hol]["why"] == "holiday" and by[hol]["reason"], by[hol]
    assert by[busy_day]["status"] == "conflict", by[busy_day]
    free = [s["startsAt"] for s in sess if s["status"] == "free"]
    assert len(free) == 4, sess
    # the preview books nothing
    assert booked(pat) == []
    # the French page says it in French
    h = ta.get_html(base() + "/series/new?practitioner_id=%s&"
                    "treatment_id=%s&patient_id=%s&starts_at=%sT10:00&"
                    "rule=weekly&count=6" % (pid, tid, pat,
                                             days[0].isoformat()),
                    own()[2][0])
    assert "férié" in h, h[:3000]
    # confirming a conflicting date books nothing at all
    r = send("POST", "/series", series_fields(
        pid, tid, pat, days[0].isoformat(), dates=free + [hol + "T10:00"]))
    assert r.status in (409, 422), (r.status, r.body[:300])
    assert booked(pat) == []
    # staff confirm three of the four free dates: exactly those
    pick = free[:3]
    r = send("POST", "/series", series_fields(
        pid, tid, pat, days[0].isoformat(), dates=pick))
    assert r.status == 201, (r.status, r.body[:500])
    sid = r.json()["seriesId"]
    rows = booked(pat)
    assert [x[1] for x in rows] == pick, rows
    assert all(x[2] == "booked" and x[3] == sid for x in rows), rows
    assert overlaps(pid) == "0"
    assert st().sql_value(
        "SELECT count(*) FROM audit_log WHERE clinic_id = :'p1' AND "
        "action = 'series.create' AND entity_id = :'p2'", own()[0],
        sid) == "1"
    # the series page lists its sessions
    g = ta.get_json(base() + "/series/%s" % sid, own()[1])
    assert [s["id"] for s in g["sessions"]] == [x[0] for x in rows], g


def test_twice_a_week_dates():
    pid, tid = ids("Bernard")
    pat = patient()
    days = weekly_with_holiday()
    first = days[0]
    second = (first.weekday() + 2) % 7
    if second > 4:
        second = (first.weekday() + 1) % 5
    r = send("POST", "/series/preview", series_fields(
        pid, tid, pat, first.isoformat(), count=4, rule="twice",
        weekday2=second))
    assert r.status == 200, (r.status, r.body[:300])
    got = [datetime.date.fromisoformat(s["startsAt"][:10])
           for s in r.json()["sessions"]]
    assert len(got) == 4 and got[0] == first, got
    assert {d.weekday() for d in got} == {first.weekday(), second}, got
    assert got == sorted(got) and len(set(got)) == 4, got


def book_series(pid, tid, pat, count=4):
    days = weekly_with_holiday()
    r = send("POST", "/series/preview",
             series_fields(pid, tid, pat, days[0].isoformat(), count=count,
                           startsAt=days[0].isoformat() + "T11:00"))
    assert r.status == 200, r.body[:300]
    free = [s["startsAt"] for s in r.json()["sessions"]
            if s["status"] == "free"]
    r = send("POST", "/series", series_fields(
        pid, tid, pat, days[0].isoformat(), count=count,
        startsAt=days[0].isoformat() + "T11:00", dates=free))
    assert r.status == 201, (r.status, r.body[:300])
    return r.json()["seriesId"], [x[0] for x in booked(pat)]


def test_cancel_one_then_this_and_following_journaled():
    pid, tid = ids("Martin")
    pat = patient()
    sid, appts = book_series(pid, tid, pat)
    assert len(appts) >= 3, appts
    r = send("POST", "/series/%s/cancel" % sid,
             {"appointmentId": appts[1], "scope": "one"})
    assert r.status == 200, (r.status, r.body[:300])
    st_ = {x[0]: x[2] for x in booked(pat)}
    assert st_[appts[1]] == "cancelled"
    assert [st_[a] for a in appts if a != appts[1]] == \
        ["booked"] * (len(appts) - 1), st_
    r = send("POST", "/series/%s/cancel" % sid,
             {"appointmentId": appts[2], "scope": "following"})
    assert r.status == 200, (r.status, r.body[:300])
    st_ = {x[0]: x[2] for x in booked(pat)}
    assert st_[appts[0]] == "booked", st_
    assert all(st_[a] == "cancelled" for a in appts[1:]), st_
    n = st().sql_value(
        "SELECT count(*) FROM audit_log WHERE clinic_id = :'p1' AND "
        "action = 'appointment.cancel' AND entity_id = ANY(:'p2'::text[])",
        own()[0], "{%s}" % ",".join(appts[1:]))
    assert n == str(len(appts) - 1), n


def test_browser_cancel_needs_csrf():
    pid, tid = ids("Martin")
    pat = patient()
    sid, appts = book_series(pid, tid, pat, count=2)
    path = base() + "/series/%s/cancel" % sid
    f = {"appointment_id": appts[0], "scope": "following"}
    r = ta.post_browser(path, f, cookie=own()[2], csrf=False)
    assert r.status == 403, r.status
    assert {x[2] for x in booked(pat)} == {"booked"}
    r = ta.post_browser(path, f, cookie=own()[2])
    assert r.status in (200, 303), (r.status, r.body[:300])
    assert {x[2] for x in booked(pat)} == {"cancelled"}


def test_other_clinic_staff_cannot_touch_the_series():
    pid, tid = ids("Leal")
    pat = patient()
    sid, appts = book_series(pid, tid, pat, count=2)
    cid_b, tok_b = tg.other()
    for path in ("/series/%s" % sid,):
        r = st().get(base() + path, headers=bearer(tok_b))
        assert r.status in (403, 404), r.status
        r = st().get(base(cid_b) + path, headers=bearer(tok_b))
        assert r.status == 404, r.status
    for b in (base(), base(cid_b)):
        r = ta.send_json("POST", b + "/series/%s/cancel" % sid,
                         {"appointmentId": appts[0], "scope": "following"},
                         tok_b)
        assert r.status in (403, 404), r.status
    assert {x[2] for x in booked(pat)} == {"booked"}
    r = ta.send_json("POST", base(cid_b) + "/series/preview", series_fields(
        pid, tid, pat, weekly_with_holiday()[0].isoformat()), tok_b)
    assert r.status in (404, 422), r.status


def test_sophie_lists_the_series_grouped_then_the_next_one():
    """On the demo clinic (its WhatsApp number): the patient asks for
    their appointments and gets the series in one line, then the other
    appointment."""
    cid = ta.clinic()
    tok = ta.admin_token()
    prs = ta.get_json(ta.base() + "/practitioners", tok)["items"]
    trs = ta.get_json(ta.base() + "/treatments", tok)["items"]
    pid = next(x for x in prs if x["lastName"] == "Leal")["id"]
    tid = next(x for x in trs if x["name"] == "Consultation")["id"]
    ph = "+336%08d" % random.randint(0, 99999999)
    pat = st().sql_value(
        "INSERT INTO patients (clinic_id, phone, first_name, last_name, "
        "language) VALUES (:'p1', :'p2', 'Serie', :'p3', 'fr') RETURNING "
        "id", cid, ph, "G%06d" % random.randint(0, 999999))
    d = datetime.date.today() + datetime.timedelta(days=2)
    while d.weekday() > 3:
        d += datetime.timedelta(days=1)
    f = {"practitionerId": pid, "treatmentId": tid, "patientId": pat,
         "startsAt": d.isoformat() + "T16:45", "rule": "weekly",
         "count": 5}
    r = ta.send_json("POST", ta.base() + "/series/preview", f, tok)
    assert r.status == 200, (r.status, r.body[:300])
    free = [s["startsAt"] for s in r.json()["sessions"]
            if s["status"] == "free"]
    assert len(free) >= 2, r.json()
    f["dates"] = free
    r = ta.send_json("POST", ta.base() + "/series", f, tok)
    assert r.status == 201, (r.status, r.body[:300])
    # one appointment outside the series, after the first session
    st().sql("INSERT INTO appointments (clinic_id, practitioner_id, "
             "patient_id, treatment_name, starts_at, ends_at, source) "
             "SELECT :'p1', :'p2', :'p3', 'Contrôle', "
             "(:'p4')::timestamp AT TIME ZONE c.timezone, "
             "((:'p4')::timestamp AT TIME ZONE c.timezone) + interval "
             "'20 minutes', 'admin' FROM clinics c WHERE c.id = :'p1'",
             cid, pid, pat, (d + datetime.timedelta(days=1)).isoformat() +
             " 08:30")
    r = st().webhook({"MessageSid": "SM" + uuid.uuid4().hex,
                      "AccountSid": "AC" + "0" * 31 + "1",
                      "From": "whatsapp:" + ph,
                      "To": "whatsapp:+14155238886",
                      "Body": "quels sont mes rendez-vous ?",
                      "NumMedia": "0", "ProfileName": "Serie"})
    assert r.status in (200, 204), r.status
    from harness import wait_until
    body = wait_until(lambda: st().sql_value(
        "SELECT replace(m.body, chr(10), '~') FROM messages m JOIN "
        "conversations c ON c.id = "
        "m.conversation_id WHERE c.phone = :'p1' AND m.direction = "
        "'outbound' ORDER BY m.created_at DESC LIMIT 1", ph), timeout=60)
    assert body, "no reply"
    lines = [x for x in body.split("~") if x.startswith("•")]
    assert len(lines) == 2, body
    assert ("%d séances" % len(free)) in lines[0], body
    assert "Consultation" in lines[0] and "16:45" in lines[0], body
    assert "Contrôle" in lines[1], body


def test_browser_flow_from_patient_page_to_booked_series():
    pid, tid = ids("Bernard")
    pat = patient()
    c = own()[2]
    h = ta.get_html(base() + "/patients/%s" % pat, c[0])
    assert "/series/new?patient_id=%s" % pat in h, h[:2000]
    h = ta.get_html(base() + "/series/new?patient_id=%s" % pat, c[0])
    assert 'name="practitioner_id"' in h and "Bernard" in h, h[:2000]
    days = weekly_with_holiday()
    h = ta.get_html(base() + "/series/new?practitioner_id=%s&treatment_id=%s"
                    "&patient_id=%s&starts_at=%sT09:00&rule=weekly&count=3"
                    % (pid, tid, pat, days[0].isoformat()), c[0])
    boxes = __import__("re").findall(
        r'name="(d\d+)" value="([0-9T:-]+)"', h)
    assert boxes, h[:3000]
    f = {"practitioner_id": pid, "treatment_id": tid, "patient_id": pat,
         "starts_at": days[0].isoformat() + "T09:00", "rule": "weekly",
         "count": "3", "every": "1", "weekday2": ""}
    f[boxes[0][0]] = boxes[0][1]
    r = ta.post_browser(base() + "/series", f, cookie=c)
    assert r.status == 303, (r.status, r.body[:500])
    assert "/series/" in r.header("Location")
    rows = booked(pat)
    assert [x[1] for x in rows] == [boxes[0][1]], rows


def test_two_series_at_once_never_overlap_for_the_patient():
    """Two staff book a series for one patient at the same moment, with
    two practitioners at the same times: one of them is refused, the
    patient is never in two places at once (a few rounds, bounded)."""
    import threading
    leal, tid = ids("Leal")
    martin, _ = ids("Martin")
    days = weekly_with_holiday()
    for k in range(3):
        pat = patient()
        when = days[0].isoformat() + "T%02d:00" % (14 + k)
        fs = [series_fields(p, tid, pat, days[0].isoformat(), count=2,
                            startsAt=when,
                            dates=[when, (days[1].isoformat() + when[10:])])
              for p in (leal, martin)]
        barrier = threading.Barrier(2)
        out = [None, None]

        def go(i):
            barrier.wait()
            out[i] = send("POST", "/series", fs[i])

        ts = [threading.Thread(target=go, args=(i,)) for i in (0, 1)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        codes = sorted(r.status for r in out)
        assert codes[0] == 201 and codes[1] in (409, 422), \
            (codes, [r.body[:200] for r in out])
        n = st().sql_value(
            "SELECT count(*) FROM appointments a JOIN appointments b ON "
            "a.patient_id = b.patient_id AND a.id < b.id AND "
            "a.status = 'booked' AND b.status = 'booked' AND "
            "tstzrange(a.starts_at, a.ends_at) && "
            "tstzrange(b.starts_at, b.ends_at) WHERE a.patient_id = :'p1'",
            pat)
        assert int(n) == 0, booked(pat)
