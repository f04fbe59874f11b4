"""`sophiectl backup` and `sophiectl restore`: the database (pg_dump's
custom format) and the media folder in one file, restored into an empty
database and another data folder, where the counts and a few rows match
the original; a non-empty database is refused; --keep prunes old files."""
import os
import shutil
import subprocess
import tarfile
import tempfile

from harness import TOP, BUILD, shared_stack

CTL = os.path.join(TOP, BUILD, "bin", "sophiectl")
TABLES = ("clinics", "clinic_users", "practitioners", "treatment_types",
          "patients", "appointments", "conversations", "messages")
_ctx = {}


def _ctl(st, args, **env_extra):
    env = dict(os.environ)
    env["SOPHIE_ENV_FILE"] = st.env_file()
    env.update(env_extra)
    return subprocess.run([CTL] + list(args), env=env, cwd=st.dir,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=300)


def _data_dir(st):
    with open(st.env_file()) as f:
        for line in f:
            if line.startswith("SOPHIE_DATA_DIR="):
                return line.split("=", 1)[1].strip().strip('"')
    return os.path.join(st.dir, "data")


def _setup():
    if _ctx:
        return _ctx
    st = shared_stack()
    tmp = tempfile.mkdtemp(prefix="sophie-backup-test-")
    os.chmod(tmp, 0o777)
    cid = st.demo_info["clinic_id"]
    # A media file as the worker stores them.
    media = os.path.join(_data_dir(st), "uploads", "images", cid)
    os.makedirs(media, exist_ok=True)
    with open(os.path.join(media, "backup-probe.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff probe")
    r = _ctl(st, ["backup", "--dir", tmp])
    assert r.returncode == 0, r.stderr.decode()
    files = [f for f in os.listdir(tmp) if f.startswith("sophie-backup-")]
    assert len(files) == 1, files
    _ctx.update(st=st, tmp=tmp, file=os.path.join(tmp, files[0]), cid=cid)
    return _ctx


def test_backup_holds_database_media_and_manifest():
    c = _setup()
    with tarfile.open(c["file"]) as t:
        names = t.getnames()
        man = t.extractfile("MANIFEST").read().decode()
    assert "database.dump" in names and "MANIFEST" in names, names
    assert any(n.endswith("uploads/images/%s/backup-probe.jpg" % c["cid"])
               for n in names), names
    n = c["st"].sql_value("SELECT count(*) FROM practitioners")
    assert "rows practitioners %s" % n in man, man


def test_restore_into_empty_database_matches():
    c = _setup()
    st = c["st"]
    st.sql("DROP DATABASE IF EXISTS sophie_restored")
    st.sql("CREATE DATABASE sophie_restored")
    url = st.conninfo().replace("dbname=sophie", "dbname=sophie_restored")
    assert "sophie_restored" in url, url
    data = os.path.join(c["tmp"], "restored-data")
    r = _ctl(st, ["restore", c["file"]], DATABASE_URL=url,
             SOPHIE_DATA_DIR=data)
    assert r.returncode == 0, (r.stdout.decode(), r.stderr.decode())
    for t in TABLES:
        a = st.sql_value("SELECT count(*) FROM %s" % t)
        b = _count(url, t)
        assert a == b, (t, a, b)
    rows = "SELECT name, timezone FROM clinics ORDER BY id"
    assert st.sql(rows) == _rows(url, rows)
    rows = ("SELECT id, starts_at, status FROM appointments "
            "ORDER BY id LIMIT 20")
    assert st.sql(rows) == _rows(url, rows)
    probe = os.path.join(data, "uploads", "images", c["cid"],
                         "backup-probe.jpg")
    with open(probe, "rb") as f:
        assert f.read() == b"\xff\xd8\xff probe"
    # A second restore into the same (now full) database is refused.
    r = _ctl(st, ["restore", c["file"]], DATABASE_URL=url,
             SOPHIE_DATA_DIR=data)
    assert r.returncode == 1
    assert "needs an empty database" in r.stderr.decode(), r.stderr
    st.sql("DROP DATABASE sophie_restored")


def _rows(url, query):
    p = subprocess.run(["psql", "-X", "-qAt", "-F", "\t", url],
                       input=query.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    return [l.split("\t") for l in p.stdout.decode().splitlines() if l]


def _count(url, table):
    return _rows(url, "SELECT count(*) FROM %s" % table)[0][0]


def test_keep_prunes_older_backups():
    c = _setup()
    d = os.path.join(c["tmp"], "kept")
    os.makedirs(d)
    os.chmod(d, 0o777)
    # Older names sort first: two made-up old ones, then a real one.
    for stamp in ("20250101T000000Z", "20250102T000000Z"):
        shutil.copy(c["file"], os.path.join(
            d, "sophie-backup-%s.tar" % stamp))
    r = _ctl(c["st"], ["backup", "--dir", d, "--keep", "2"])
    assert r.returncode == 0, r.stderr.decode()
    left = sorted(os.listdir(d))
    assert len(left) == 2, left
    assert "sophie-backup-20250101T000000Z.tar" not in left, left


def test_not_a_backup_is_refused():
    c = _setup()
    bad = os.path.join(c["tmp"], "bad.tar")
    with open(bad, "wb") as f:
        f.write(b"not a tar")
    st = c["st"]
    st.sql("DROP DATABASE IF EXISTS sophie_restored2")
    st.sql("CREATE DATABASE sophie_restored2")
    url = st.conninfo().replace("dbname=sophie", "dbname=sophie_restored2")
    r = _ctl(st, ["restore", bad], DATABASE_URL=url)
    st.sql("DROP DATABASE sophie_restored2")
    assert r.returncode == 1
    assert "not a Sophie backup" in r.stderr.decode(), r.stderr


def teardown():
    if _ctx.get("tmp"):
        shutil.rmtree(_ctx["tmp"], ignore_errors=True)
    _ctx.clear()
