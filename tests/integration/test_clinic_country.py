"""The clinic's country (public holidays): read and changed in the clinic's
settings and in the superadmin's clinic form, both ways (JSON and HTML
form with CSRF), refused when not a supported ISO code."""
import re

import test_admin as ta
import test_superadmin as ts
from test_admin import base, get_html, get_json


def send(method, path, obj, token=None):
    return ta.send_json(method, base() + path, obj, token)


def selected_country(html):
    m = re.search(r'<option value="([A-Z]{2})" selected>', html)
    return m.group(1) if m else None


def test_settings_country_default_update_and_refusals():
    o = get_json(base() + "/settings")
    assert o["country"] == "FR", o.get("country")
    codes = [c["code"] for c in o["countries"]]
    assert len(codes) == 13 and "US" in codes and "GB" in codes, codes
    try:
        r = send("PUT", "/settings", {"country": "DE"})
        assert r.status == 200, r.body
        assert get_json(base() + "/settings")["country"] == "DE"
        for bad in ("XX", "de", "FRA", "<b>"):
            r = send("PUT", "/settings", {"country": bad})
            assert r.status == 422, (bad, r.status)
        # an embedded NUL is refused before any field is read
        assert send("PUT", "/settings", {"country": "F\u0000"}).status \
            == 400
        assert get_json(base() + "/settings")["country"] == "DE"
        # empty keeps the value, like the time zone
        assert send("PUT", "/settings", {"country": ""}).status == 200
        assert get_json(base() + "/settings")["country"] == "DE"
        html = get_html(base() + "/settings")
        assert 'name="country"' in html and "Allemagne" in html
        assert selected_country(html) == "DE"
        # the browser form, with its CSRF token
        r = ta.post_browser(base() + "/settings", {"country": "GB",
                            "timezone": "Europe/Paris", "language": "fr"})
        assert r.status == 303, r.status
        assert get_json(base() + "/settings")["country"] == "GB"
    finally:
        assert send("PUT", "/settings", {"country": "FR"}).status == 200
    assert get_json(base() + "/settings")["country"] == "FR"


def test_staff_cannot_change_country():
    uid, email, pw = ta.new_user(role="STAFF")
    r = send("PUT", "/settings", {"country": "US"}, ta.mint(email))
    assert r.status == 403
    assert get_json(base() + "/settings")["country"] == "FR"


def test_superadmin_clinic_country():
    cid = ts.new_clinic()
    o = ts.get_json(ts.S + "/clinics/" + cid)
    assert o["country"] == "FR"
    r = ts.send_json("PUT", ts.S + "/clinics/" + cid, {"country": "CA"})
    assert r.status == 200, (r.status, r.body)
    assert ts.get_json(ts.S + "/clinics/" + cid)["country"] == "CA"
    r = ts.send_json("PUT", ts.S + "/clinics/" + cid, {"country": "QC"})
    assert r.status == 422
    html = ts.get_html(ts.S + "/clinics/" + cid)
    assert selected_country(html) == "CA"
    r = ts.post_form(ts.S + "/clinics/" + cid, {"country": "IE"})
    assert r.status == 303, r.status
    assert ts.get_json(ts.S + "/clinics/" + cid)["country"] == "IE"


def test_database_refuses_unsupported_country():
    cid = ta.clinic()
    for bad in ("XX", "fr", "", "FRA"):
        try:
            ta.st().sql("UPDATE clinics SET country = :'p2' WHERE id = "
                        ":'p1'", cid, bad)
        except RuntimeError as e:
            assert "clinics_country_supported" in str(e), str(e)
        else:
            raise AssertionError("country %r accepted" % bad)
    assert ta.st().sql_value("SELECT country FROM clinics WHERE id = "
                             ":'p1'", cid) == "FR"
