"""Foundation: the suite starts, routes, fails cleanly and recovers."""
import os
import re
import subprocess
import time

from harness import (BUILD, IS_ROOT, TOP, Stack, shared_stack, wait_until)


def test_health_says_ok():
    st = shared_stack()
    # The worker writes its first heartbeat as it starts.
    ok = wait_until(lambda: st.get("/health").body.startswith(b"OK\n"),
                    timeout=20)
    r = st.get("/health")
    assert ok and r.status == 200, (r.status, r.body)
    lines = r.text.splitlines()
    assert lines[0] == "OK" and lines[1] == "database ok", lines
    assert re.match(r"worker ok \(heartbeat \d+ s ago\)$", lines[2]), lines
    assert lines[3].startswith("turns ok") and \
        lines[4].startswith("replies ok"), lines
    assert r.header("X-Content-Type-Options") == "nosniff"


def test_health_reports_worker_and_queues_apart():
    """A stale worker and a reply waiting too long are reported, each on
    its own line (and in JSON), while the host still takes requests."""
    st = shared_stack()
    st.sql("UPDATE worker_heartbeats SET seen_at = now() - "
           "interval '10 minutes'")
    jid = st.sql_value(
        "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES "
        "('send_message', '{}', now() + interval '1 hour', now() - "
        "interval '10 minutes') RETURNING id")
    try:
        r = st.get("/health")
        assert r.status == 200, r.status
        lines = r.text.splitlines()
        assert lines[0] == "DEGRADED", lines
        assert lines[1] == "database ok", lines
        assert lines[2].startswith("worker late (heartbeat"), lines
        assert re.match(r"replies late \(oldest waiting since \d+ s ago\)",
                        lines[4]), lines
        j = st.request("GET", "/health",
                       headers={"Accept": "application/json"}).json()
        assert j["status"] == "degraded" and j["database"] == "ok", j
        assert j["worker"]["status"] == "late" and \
            j["worker"]["age_s"] >= 590, j
        assert j["replies"]["status"] == "late", j
    finally:
        st.sql("DELETE FROM jobs WHERE id = :'p1'", jid)
    # The worker's next heartbeat (at most 15 s) makes it fresh again.
    assert wait_until(lambda: st.get("/health").body.startswith(b"OK\n"),
                      timeout=30)


def test_unknown_path_is_404_with_reason():
    st = shared_stack()
    r = st.get("/nowhere")
    assert r.status == 404, r.status
    r = st.get("/webhook/whatsapp")
    assert r.status == 404 and b"not found" in r.body, (r.status, r.body)


def test_wrong_method_is_405_with_allow():
    st = shared_stack()
    r = st.request("DELETE", "/health")
    assert r.status == 405, r.status
    assert "GET" in (r.header("Allow") or ""), r.headers
    assert b"method not allowed" in r.body


def test_oversized_body_is_413():
    st = shared_stack()
    r = st.request("POST", "/webhook/whatsapp/x", body=b"a" * (2 * 1024 * 1024),
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 413, r.status


def test_malformed_form_is_400_with_reason():
    st = shared_stack()
    r = st.request("POST", "/health", body=b"Body=%zz",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 400 and b"malformed" in r.body, (r.status, r.body)
    r = st.request("POST", "/health", body=b"Body=a%00b",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 400, r.status


def test_json_error_for_api_clients():
    st = shared_stack()
    r = st.get("/webhook/nowhere", headers={"Accept": "application/json"})
    assert r.status == 404
    assert r.json() == {"error": "not found"}, r.body


def test_second_migrate_applies_nothing():
    st = shared_stack()
    out = st.ctl("migrate", "--json").stdout.decode()
    assert '"applied": 0' in out, out
    n = int(st.sql_value("SELECT count(*) FROM schema_migrations"))
    files = [f for f in os.listdir(os.path.join(TOP, "sql"))
             if f.endswith(".sql") and f[0].isdigit()]
    assert n == len(files), (n, files)


def test_schema_checks_pass():
    st = shared_stack()
    # On a database of their own, so the demo data cannot interfere.
    st.sql("DROP DATABASE IF EXISTS schema_check")
    st.sql("CREATE DATABASE schema_check")
    conn = st.conninfo().replace("dbname=sophie", "dbname=schema_check")
    for f in sorted(os.listdir(os.path.join(TOP, "sql"))):
        if f.endswith(".sql") and f[0].isdigit():
            subprocess.run(["psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1",
                            conn, "-f", os.path.join(TOP, "sql", f)],
                           check=True, stdout=subprocess.DEVNULL)
    p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                        conn, "-f",
                        os.path.join(TOP, "tests", "sql", "schema_checks.sql")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    assert b"all passed" in p.stdout + p.stderr


def test_demo_clinic_is_there_and_stable():
    st = shared_stack()
    info = st.demo_info
    for k in ("clinic_id", "admin_email", "admin_password",
              "whatsapp_number", "auth_token"):
        assert info.get(k), (k, info)
    again = __import__("json").loads(st.ctl("demo", "--json").stdout)
    assert again == info
    tz = st.sql_value("SELECT timezone FROM clinics WHERE id = :'p1'",
                      info["clinic_id"])
    assert tz == "Europe/Paris"
    # Other suites add practitioners to the shared clinic; the demo's
    # three are there, once each.
    names = st.sql("SELECT last_name FROM practitioners WHERE clinic_id = "
                   ":'p1' AND last_name IN ('Leal', 'Martin', 'Bernard') "
                   "ORDER BY display_order", info["clinic_id"])
    assert names == [["Leal"], ["Martin"], ["Bernard"]], names
    lunch = st.sql_value("SELECT count(*) FROM clinic_opening_hours WHERE "
                         "clinic_id = :'p1' AND weekday = 0", info["clinic_id"])
    assert lunch == "2", lunch
    # The token is stored encrypted, never in clear.
    clear = st.sql_value("SELECT count(*) FROM clinic_whatsapp_configs WHERE "
                         "position(convert_to(:'p1', 'UTF8') in "
                         "auth_token_enc) > 0", info["auth_token"])
    assert clear == "0"


def test_database_down_gives_503_then_recovers_same_processes():
    st = shared_stack()
    before = st.pids("webhook")
    st.pg_ctl("stop")
    try:
        r = st.get("/health")
        assert r.status == 503, (r.status, r.body)
    finally:
        st.pg_ctl("start")
    ok = wait_until(lambda: st.get("/health").status == 200, timeout=20)
    assert ok, "health did not come back"
    assert st.pids("webhook") == before
    for pid in before:
        os.kill(pid, 0)


def test_restart_while_idle_is_invisible_to_the_next_requests():
    st = shared_stack()
    assert st.get("/health").status == 200
    # The database restarts while the responders are idle: their held
    # connections are dead, yet the very next request of each succeeds.
    st.pg_ctl("stop")
    st.pg_ctl("start")
    codes = [st.get("/health").status for _ in range(24)]
    assert codes == [200] * 24, codes


def test_rendered_nginx_config_passes_nginx_t():
    st = shared_stack()
    p = subprocess.run(["/usr/sbin/nginx", "-t", "-p",
                        os.path.join(st.dir, "nginx"), "-c",
                        os.path.join(st.dir, "nginx", "nginx.conf"), "-e",
                        os.path.join(st.dir, "log", "nginx-t.log")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.returncode == 0, p.stderr.decode()


def test_systemd_units_verify():
    """Every unit (templates: .service.in, PREFIX filled in at install)
    runs hardened as the sophie user; the plain ones verify as they are
    (tests/integration/test_install.py verifies the rendered ones)."""
    exe = "/usr/bin/systemd-analyze"
    names = os.listdir(os.path.join(TOP, "systemd"))
    units = sorted(os.path.join(TOP, "systemd", f) for f in names
                   if f.endswith((".service", ".service.in", ".target",
                                  ".timer")))
    assert any(u.endswith(".target") for u in units)
    assert any("worker" in u for u in units)
    assert any(u.endswith("sophie-backup.timer") for u in units)
    for u in units:
        text = open(u).read()
        if u.endswith((".service", ".service.in")):
            for key in ("NoNewPrivileges=yes", "ProtectSystem=strict",
                        "PrivateTmp=yes"):
                assert key in text, (u, key)
            assert "User=sophie" in text or " -u sophie" in text, u
    plain = [u for u in units if not u.endswith(".in")]
    if not os.path.exists(exe) or not plain:
        return
    p = subprocess.run([exe, "verify"] + plain, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    out = p.stdout.decode()
    # Binaries under /usr/local may be absent on a build machine.
    bad = [l for l in out.splitlines() if l and "Command " not in l
           and "is not executable" not in l and "No such file" not in l
           and "sophie-backup.service" not in l]
    assert not bad, out


def test_postgresql_dropin_matches_the_private_cluster():
    """The production drop-in for PostgreSQL and scripts/stack.sh give
    the backends the same malloc settings."""
    dropin = open(os.path.join(TOP, "systemd",
                               "postgresql-malloc.conf")).read()
    m = re.search(r"^\[Service\]\nEnvironment=GLIBC_TUNABLES=(\S+)$", dropin,
                  re.M)
    assert m, dropin
    stack = open(os.path.join(TOP, "scripts", "stack.sh")).read()
    assert "PG_MALLOC=%s\n" % m.group(1) in stack
    assert 'GLIBC_TUNABLES="$PG_MALLOC"' in stack
    for k in ("trim_threshold", "top_pad", "mmap_threshold"):
        assert "glibc.malloc.%s=" % k in m.group(1)


def _run_prog(prog, env):
    return subprocess.run([os.path.join(TOP, BUILD, prog)], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=30,
                          cwd="/")


def test_missing_setting_stops_with_one_line_and_78():
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": "host=/nonexistent",
           "SOPHIE_SECRET_KEY": "00" * 32, "SOPHIE_ENV_FILE": "/dev/null"}
    p = _run_prog("fcgi-bin/admin", env)
    assert p.returncode == 78, p.returncode
    lines = p.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "JWT_SECRET" in lines[0], lines
    env["JWT_SECRET"] = "short"
    p = _run_prog("fcgi-bin/admin", env)
    assert p.returncode == 78 and b"JWT_SECRET" in p.stderr, p.stderr
    env["JWT_SECRET"] = "x" * 40
    env["SOPHIE_SECRET_KEY"] = "zz"
    p = _run_prog("fcgi-bin/admin", env)
    assert p.returncode == 78 and b"SOPHIE_SECRET_KEY" in p.stderr, p.stderr


def test_fake_now_refused_in_production():
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": "host=/nonexistent",
           "SOPHIE_ENV_FILE": "/dev/null", "NODE_ENV": "production",
           "SOPHIE_SECRET_KEY": "00" * 32, "PUBLIC_BASE_URL": "https://x.example",
           "SOPHIE_FAKE_NOW": "2026-11-23T10:15:00Z"}
    p = _run_prog("fcgi-bin/webhook", env)
    assert p.returncode == 78 and b"SOPHIE_FAKE_NOW" in p.stderr, p.stderr


def test_stop_leaves_no_process_and_restart_keeps_data():
    st = Stack(demo=True, webhook_pool=1)
    try:
        st.start()
        st.sql("CREATE TABLE keepme (x int); INSERT INTO keepme VALUES (42)")
        st.stop()
        ps = subprocess.run(["ps", "-eo", "args"], stdout=subprocess.PIPE)
        left = [l for l in ps.stdout.decode().splitlines() if st.dir in l]
        assert not left, left
        st.start()
        assert st.get("/health").status == 200
        assert st.sql_value("SELECT x FROM keepme") == "42"
    finally:
        st.destroy()
