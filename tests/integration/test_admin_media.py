"""Clinic admin: media patients sent (authorised, no path tricks, no query
tokens) and the clinic's system log."""
import os
import uuid

import test_admin as ta
from test_admin import base, bearer, clinic, get_html, get_json, st
from test_admin_conversations import XSS, make_conversation

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00"
       b"\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc"
       b"\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`"
       b"\x82")


def data_dir():
    with open(st().env_file()) as f:
        for line in f:
            if line.startswith("SOPHIE_DATA_DIR="):
                return line.split("=", 1)[1].strip().strip('"')
    raise RuntimeError("no SOPHIE_DATA_DIR")


def put_file(kind, cid, name, data):
    d = os.path.join(data_dir(), "uploads", kind, cid)
    os.makedirs(d, exist_ok=True)
    for p in (os.path.join(data_dir(), "uploads"),
              os.path.join(data_dir(), "uploads", kind), d):
        os.chmod(p, 0o755)
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o644)
    # Run as root, the suite's servers run as "sophie": the worker must
    # still be able to write into the folders made here.
    if os.geteuid() == 0:
        import pwd
        pw = pwd.getpwnam("sophie")
        for p in (os.path.join(data_dir(), "uploads"),
                  os.path.join(data_dir(), "uploads", kind), d, path):
            os.chown(p, pw.pw_uid, pw.pw_gid)
    return path


def test_image_served_to_clinic_users_only():
    name = "%s.png" % uuid.uuid4()
    put_file("images", clinic(), name, PNG)
    r = st().get(base() + "/images/" + name, headers=bearer())
    assert r.status == 200, (r.status, r.body[:200])
    assert r.body == PNG and r.header("Content-Type") == "image/png"
    assert r.header("Cache-Control") == "no-store"
    r = st().get(base() + "/images/" + name,
                 headers={"Cookie": ta.browser()[0]})
    assert r.status == 200 and r.body == PNG
    # no session: refused; a token in the query string is not a session
    r = st().get(base() + "/images/" + name,
                 headers={"Accept": "application/json"})
    assert r.status == 401
    r = st().get(base() + "/images/%s?token=%s" % (name, ta.admin_token()),
                 headers={"Accept": "application/json"})
    assert r.status == 401
    cid_b, tok_b = ta.second_clinic()
    assert st().get(base() + "/images/" + name,
                    headers=bearer(tok_b)).status == 403
    assert st().get(base(cid_b) + "/images/" + name,
                    headers=bearer(tok_b)).status == 404


def test_image_path_tricks_are_4xx():
    put_file("images", clinic(), "ok.png", PNG)
    tricks = ["..%2f..%2f..%2fsophie.env", "%2e%2e%2f%2e%2e%2fsophie.env",
              "%2e%2e", "..", "a%00.png", "ok.png%00.png", ".ok.png",
              "ok.sh", "ok", "%2e%2e%5c%2e%2e%5cx.png", "..%5c..%5cx.png",
              "ok.png%2f..", "%252e%252e%252fx.png"]
    for t in tricks:
        r = st().get(base() + "/images/" + t, headers=bearer())
        assert 400 <= r.status < 500, (t, r.status)
        assert b"JWT_SECRET" not in r.body
    r = st().get(base() + "/images/../../../../etc/passwd", headers=bearer())
    assert 400 <= r.status < 500 and b"root:" not in r.body


def test_media_by_id_checks_clinic_and_path():
    conv, pid, ph = make_conversation()
    mid = st().sql_value(
        "SELECT id FROM messages WHERE conversation_id = :'p1'", conv)
    media = str(uuid.uuid4())
    put_file("images", clinic(), media + ".png", PNG)
    st().sql("INSERT INTO message_media (id, clinic_id, message_id, n, "
             "source_url, kind, path, status, detected_content_type) VALUES "
             "(:'p1', :'p2', :'p3', 0, 'https://x/y', 'image', :'p4', "
             "'stored', 'image/png')", media, clinic(), mid,
             "uploads/images/%s/%s.png" % (clinic(), media))
    r = st().get(base() + "/media/" + media, headers=bearer())
    assert r.status == 200 and r.body == PNG, (r.status, r.body[:100])
    o = get_json(base() + "/conversations/" + conv)
    urls = [m["url"] for msg in o["messages"] for m in msg["media"]]
    assert urls == ["/clinic/%s/admin/media/%s" % (clinic(), media)], urls
    html = get_html(base() + "/conversations/" + conv)
    assert "/admin/media/" + media in html
    # a row whose path points into another clinic's folder is not served
    cid_b, tok_b = ta.second_clinic()
    other = str(uuid.uuid4())
    put_file("images", cid_b, other + ".png", PNG)
    st().sql("INSERT INTO message_media (id, clinic_id, message_id, n, "
             "source_url, kind, path, status) VALUES (:'p1', :'p2', :'p3', "
             "1, 'https://x/y', 'image', :'p4', 'stored')", other, clinic(),
             mid, "uploads/images/%s/%s.png" % (cid_b, other))
    assert st().get(base() + "/media/" + other,
                    headers=bearer()).status == 404
    assert st().get(base(cid_b) + "/media/" + media,
                    headers=bearer(tok_b)).status == 404
    assert st().get(base() + "/media/" + str(uuid.uuid4()),
                    headers=bearer()).status == 404
    assert int(st().sql_value("SELECT count(*) FROM audit_log WHERE "
                              "action = 'media.view' AND entity_id = :'p1'",
                              media)) >= 1


def test_logs_filter_paginate_escape():
    cat = "test_" + uuid.uuid4().hex[:6]
    st().sql("INSERT INTO system_logs (clinic_id, level, category, event, "
             "message) SELECT :'p1', (ARRAY['DEBUG','INFO','WARN','ERROR'])"
             "[1 + g % 4], :'p2', 'EV', 'message ' || g "
             "FROM generate_series(1, 80) g", clinic(), cat)
    st().sql("INSERT INTO system_logs (clinic_id, level, category, event, "
             "message) VALUES (:'p1', 'ERROR', :'p2', 'XSS', :'p3')",
             clinic(), cat, XSS[0] + XSS[1])
    o = get_json(base() + "/logs?category=" + cat)
    assert len(o["items"]) == 50 and o["next"]
    o2 = get_json(base() + "/logs?category=%s&before_id=%s" %
                  (cat, o["next"]["id"]))
    assert len(o2["items"]) == 31 and o2["next"] is None
    ids = [x["id"] for x in o["items"] + o2["items"]]
    assert len(set(ids)) == 81 and ids == sorted(ids, reverse=True)
    o = get_json(base() + "/logs?level=WARN&category=" + cat)
    assert {x["level"] for x in o["items"]} == {"WARN", "ERROR"}
    html = get_html(base() + "/logs?category=" + cat)
    assert "<script>alert(1)" not in html and "<svg onload" not in html
    assert "&lt;script&gt;" in html
    for q in ("level=LOUD", "before_id=abc", "category=a;b"):
        assert st().get(base() + "/logs?" + q,
                        headers=bearer()).status == 400, q
    cid_b, tok_b = ta.second_clinic()
    o = get_json(base(cid_b) + "/logs?category=" + cat, tok_b)
    assert o["items"] == []
