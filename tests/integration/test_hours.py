"""Practitioner hours: the week editor on the practitioner page shows all
seven days and saves them at once; a day left empty is closed, never
dropped; an invalid range saves nothing and says why; the JSON PUT of
some days keeps the others."""
import re

import test_admin as ta
from test_admin import base, get_html, get_json

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
        "dimanche"]


def _new_practitioner():
    r = ta.send_json("POST", base() + "/practitioners",
                     {"firstName": "Semaine", "lastName": "Horaires"})
    assert r.status == 201, r.body
    return r.json()["id"]


def _texts(pid):
    return [d["text"] for d in get_json(base() + "/practitioners/" +
                                        pid)["hours"]]


def _week(days):
    """Form fields of the editor: days maps weekday -> list of (start,
    end); a weekday absent is left closed (its box unticked, its times
    empty), as a receptionist leaves it."""
    f = {}
    for d in range(7):
        ranges = days.get(d, [])
        if ranges:
            f["d%d_open" % d] = "on"
        for i in range(2):
            s, e = ranges[i] if i < len(ranges) else ("", "")
            f["d%d_start%d" % (d, i + 1)] = s
            f["d%d_end%d" % (d, i + 1)] = e
    return f


def _post_week(pid, days, extra=None):
    f = _week(days)
    f.update(extra or {})
    return ta.post_browser(base() + "/practitioners/%s/hours" % pid, f)


def test_editor_shows_every_day_open_or_closed_with_two_ranges():
    pid = _new_practitioner()
    html = get_html(base() + "/practitioners/" + pid)
    for d in range(7):
        assert 'name="d%d_open"' % d in html, d
        for i in (1, 2):
            assert re.search(r'<input[^>]*type="time"[^>]*name="d%d_start%d"'
                             % (d, i), html), (d, i)
            assert 'name="d%d_end%d"' % (d, i) in html, (d, i)
    for name in DAYS:
        assert name in html.lower(), name
    # a new practitioner: every day shown closed, none missing
    assert html.count("Fermé") >= 7, html.count("Fermé")


def test_saving_the_week_keeps_every_day():
    pid = _new_practitioner()
    r = _post_week(pid, {0: [("09:00", "12:00"), ("14:00", "18:00")],
                         1: [("08:30", "12:30")],
                         2: [("14:00", "19:00")],
                         4: [("09:00", "12:00"), ("13:00", "17:00")]})
    assert r.status == 303, (r.status, r.body[:400])
    assert _texts(pid) == ["09:00-12:00 14:00-18:00", "08:30-12:30",
                           "14:00-19:00", "", "09:00-12:00 13:00-17:00",
                           "", ""]
    # the page shows what was saved; saved again with Wednesday changed
    # as a receptionist would (every day posted), the others stay
    html = get_html(base() + "/practitioners/" + pid)
    assert 'value="08:30"' in html and 'value="17:00"' in html
    r = _post_week(pid, {0: [("09:00", "12:00"), ("14:00", "18:00")],
                         1: [("08:30", "12:30")],
                         2: [("10:00", "12:00")],
                         4: [("09:00", "12:00"), ("13:00", "17:00")]})
    assert r.status == 303, r.status
    assert _texts(pid) == ["09:00-12:00 14:00-18:00", "08:30-12:30",
                           "10:00-12:00", "", "09:00-12:00 13:00-17:00",
                           "", ""]
    # a day unticked is closed explicitly (its times are not kept)
    r = _post_week(pid, {0: [("09:00", "12:00"), ("14:00", "18:00")],
                         2: [("10:00", "12:00")]},
                   {"d1_start1": "08:30", "d1_end1": "12:30"})
    assert r.status == 303, r.status
    assert _texts(pid)[:3] == ["09:00-12:00 14:00-18:00", "",
                               "10:00-12:00"]


def test_invalid_range_saves_nothing_and_says_why():
    pid = _new_practitioner()
    good = {0: [("09:00", "12:00")], 3: [("14:00", "18:00")]}
    assert _post_week(pid, good).status == 303
    before = _texts(pid)
    # end before start, on Tuesday
    r = _post_week(pid, {**good, 1: [("12:00", "09:00")]})
    assert r.status == 422, r.status
    assert "mardi" in r.text and "fin" in r.text, r.text[:2000]
    assert _texts(pid) == before
    # overlapping ranges, on Friday
    r = _post_week(pid, {**good, 4: [("09:00", "12:00"),
                                     ("11:00", "13:00")]})
    assert r.status == 422, r.status
    assert "vendredi" in r.text and "chevauch" in r.text, r.text[:2000]
    assert _texts(pid) == before
    # open but with no time at all: refused, not silently closed
    r = _post_week(pid, good, {"d5_open": "on"})
    assert r.status == 422, r.status
    assert "samedi" in r.text, r.text[:2000]
    assert _texts(pid) == before
    # the JSON API says why too, and saves nothing
    r = ta.send_json("PUT", base() + "/practitioners/%s/hours" % pid,
                     {"w0": "10:00-11:00", "w2": "12:00-09:00"})
    assert r.status == 422, r.status
    assert "w2" in r.json()["error"], r.body
    assert _texts(pid) == before


def test_json_put_of_one_day_keeps_the_others():
    pid = _new_practitioner()
    r = ta.send_json("PUT", base() + "/practitioners/%s/hours" % pid,
                     {"w0": "09:00-12:00 14:00-18:00", "w4": "08:30-12:30"})
    assert r.status == 200, r.body
    r = ta.send_json("PUT", base() + "/practitioners/%s/hours" % pid,
                     {"w2": "10:00-11:00"})
    assert r.status == 200, r.body
    assert _texts(pid) == ["09:00-12:00 14:00-18:00", "", "10:00-11:00",
                           "", "08:30-12:30", "", ""]
    # a day given empty (or null) is closed; the others stay
    r = ta.send_json("PUT", base() + "/practitioners/%s/hours" % pid,
                     {"w0": "", "w4": None})
    assert r.status == 200, r.body
    assert _texts(pid) == ["", "", "10:00-11:00", "", "", "", ""]


# --- the clinic's opening hours (settings) ---------------------------------

def _clinic_texts():
    return [d["text"] for d in get_json(base() + "/settings")["hours"]]


def test_settings_put_of_some_days_keeps_the_others():
    before = _clinic_texts()
    assert len(before) == 7
    try:
        week = {"w%d" % d: "08:30-12:30 14:00-18:30" for d in range(5)}
        week.update({"w5": "09:00-12:00", "w6": ""})
        r = ta.send_json("PUT", base() + "/settings", week)
        assert r.status == 200, r.body
        # JSON: only Wednesday changes; the other six days stay
        r = ta.send_json("PUT", base() + "/settings", {"w2": "10:00-16:00"})
        assert r.status == 200, r.body
        assert _clinic_texts() == ["08:30-12:30 14:00-18:30"] * 2 + \
            ["10:00-16:00"] + ["08:30-12:30 14:00-18:30"] * 2 + \
            ["09:00-12:00", ""]
        # a day given empty (or null) is closed; the others stay
        r = ta.send_json("PUT", base() + "/settings", {"w5": None,
                                                       "w4": ""})
        assert r.status == 200, r.body
        assert _clinic_texts() == ["08:30-12:30 14:00-18:30"] * 2 + \
            ["10:00-16:00", "08:30-12:30 14:00-18:30", "", "", ""]
        # a form with one day's field only (another field changed)
        r = ta.post_browser(base() + "/settings", {"w0": "09:00-12:00",
                            "emergency_numbers": "15 / 112",
                            "access_info": "Parking <Indigo> à 50 m"})
        assert r.status == 303, (r.status, r.body[:300])
        # the access text is kept, shown escaped in the form, and a
        # text over 500 characters is refused with the field named
        page = get_html(base() + "/settings")
        assert "Parking &lt;Indigo&gt; à 50 m</textarea>" in page, \
            page[:2000]
        r = ta.send_json("PUT", base() + "/settings",
                         {"accessInfo": "x" * 501})
        assert r.status == 422 and b"too long" in r.body, r.body
        r = ta.send_json("PUT", base() + "/settings", {"accessInfo": ""})
        assert r.status == 200, r.body
        assert "Parking &lt;Indigo" not in get_html(base() + "/settings")
        assert _clinic_texts() == ["09:00-12:00",
                                   "08:30-12:30 14:00-18:30",
                                   "10:00-16:00",
                                   "08:30-12:30 14:00-18:30", "", "", ""]
        # a malformed day saves nothing at all
        r = ta.send_json("PUT", base() + "/settings",
                         {"w1": "10:00-11:00", "w3": "18:00-09:00"})
        assert r.status == 422, r.body
        assert _clinic_texts()[1] == "08:30-12:30 14:00-18:30"
    finally:
        r = ta.send_json("PUT", base() + "/settings",
                         {"w%d" % d: t for d, t in enumerate(before)})
        assert r.status == 200, r.body
        assert _clinic_texts() == before
