"""The installed tree runs.  `make install PREFIX=/opt/sophie DESTDIR=<tmp>`,
then every program is started exactly as the installed systemd units'
ExecStart lines say (only the DESTDIR prefix and the sockets' directory are
moved into the temporary directory; as a user other than root, spawn-fcgi's
root-only -u/-g/-U/-G go), with settings made from the installed
sophie.env.example (production), a private PostgreSQL cluster, and nginx
serving the site the installed sophie-nginx-site renders, on loopback HTTP
and HTTPS with a self-signed certificate made here.  A signed webhook and
an admin login go through it over HTTPS; HSTS is on every HTTPS answer,
nginx's own errors included; HTTP redirects to HTTPS except the ACME
challenge; the demo password is refused in production."""
import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.parse
import http.client

import harness
from harness import TOP, IS_ROOT, free_port, wait_until

PREFIX = "/opt/sophie"
PGBIN = "/usr/lib/postgresql/15/bin"
DEMO_PASSWORD = "sophie-demo-2026"      # lib/ctl_demo.c
TOKEN = "install-test-twilio-token-0123456789"
POOLS = ("webhook", "admin", "superadmin", "oauth")
HSTS_MIN = 31536000                     # one year

_S = {}


def _run(cmd, timeout=120, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout, **kw)


def _as_sophie(cmd):
    """cmd as the unprivileged user, when the test runs as root."""
    if IS_ROOT:
        return ["setpriv", "--reuid=sophie", "--regid=sophie",
                "--clear-groups", "--"] + cmd
    return cmd


def _ensure_user():
    if IS_ROOT and _run(["id", "sophie"]).returncode != 0:
        _run(["useradd", "--system", "--no-create-home", "--shell",
              "/usr/sbin/nologin", "sophie"], check=True)


def _unit(path):
    """The [Service] keys of a unit file: name -> list of values."""
    out, section = {}, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                section = line
                continue
            k, _, v = line.partition("=")
            out.setdefault((section, k.strip()), []).append(v.strip())
    return out


def _env_file(path):
    """Read an EnvironmentFile the way systemd does: KEY=VALUE lines,
    quotes removed, comment lines skipped."""
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#;" or "=" not in line:
                continue
            k, _, v = line.partition("=")
            v = v.strip()
            if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
                v = v[1:-1]
            env[k.strip()] = v
    return env


def _moved(s):
    """A path of the installed tree, moved into the test's directory."""
    d = _S["dir"]
    if s.startswith("/run/sophie"):
        return d + "/run" + s[len("/run/sophie"):]
    if s.startswith(PREFIX + "/"):
        return _S["dest"] + s
    return s


def _program_env():
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        if k in os.environ:
            env[k] = os.environ[k]
    env.update(_env_file(_S["envfile"]))
    return env


def _settings():
    """The settings file: the installed example, its required values
    filled in and its paths moved into the test's directory."""
    d = _S["dir"]
    with open(os.path.join(_S["share"], "sophie.env.example")) as f:
        lines = f.read().splitlines()
    given = {
        "DATABASE_URL": '"host=%s/pgrun port=5432 dbname=sophie '
                        'user=sophie"' % d,
        "PUBLIC_BASE_URL": "https://127.0.0.1:%d" % _S["https"],
        "JWT_SECRET": os.urandom(24).hex(),
        "SOPHIE_SECRET_KEY": os.urandom(32).hex(),
        "SOPHIE_DATA_DIR": d + "/data",
        "LLM_API_URL": "off",
        "SOPHIE_TLS_CERT": d + "/tls/cert.pem",
        "SOPHIE_TLS_KEY": d + "/tls/key.pem",
        "SOPHIE_HTTP_LISTEN": "127.0.0.1:%d" % _S["http"],
        "SOPHIE_HTTPS_LISTEN": "127.0.0.1:%d" % _S["https"],
        "SOPHIE_ACME_DIR": d + "/acme",
        "SOPHIE_RUN_DIR": d + "/run",
    }
    out, seen = [], set()
    for line in lines:
        m = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if m:
            k, v = m.group(1), m.group(2)
            seen.add(k)
            if k in given:
                v = given[k]
            elif v.startswith(PREFIX + "/"):
                v = _moved(v)
            line = "%s=%s" % (k, v)
        out.append(line)
    for k, v in given.items():
        if k not in seen:
            out.append("%s=%s" % (k, v))
    with open(_S["envfile"], "w") as f:
        f.write("\n".join(out) + "\n")
    os.chmod(_S["envfile"], 0o644)


def _pg():
    d = _S["dir"]
    r = _run(_as_sophie([PGBIN + "/initdb", "-D", d + "/pg", "-U", "sophie",
                         "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
                         "--no-sync"]))
    assert r.returncode == 0, r.stderr
    r = _run(_as_sophie([PGBIN + "/pg_ctl", "-D", d + "/pg", "-l",
                         d + "/log/postgres.log", "-w", "-t", "60", "-o",
                         "-k %s/pgrun -c listen_addresses='' -p 5432 "
                         "-c fsync=off -c synchronous_commit=off" % d,
                         "start"]))
    assert r.returncode == 0, r.stderr
    _S["pg"] = True
    r = _run(_as_sophie([PGBIN + "/createdb", "-h", d + "/pgrun", "-p",
                         "5432", "-U", "sophie", "sophie"]))
    assert r.returncode == 0, r.stderr


def ctl(*args, check=True):
    """The installed sophiectl, run as an operator would: as the sophie
    user, with the settings file's environment."""
    p = _run(_as_sophie([_S["dest"] + PREFIX + "/bin/sophiectl"] +
                        list(args)), env=_program_env(), cwd=_S["dir"])
    if check:
        assert p.returncode == 0, (args, p.stdout, p.stderr)
    return p


def _sql(query):
    """One value from the private cluster, as the sophie role."""
    q = _run(_as_sophie(["psql", "-X", "-qAt", "host=%s/pgrun port=5432 "
                         "dbname=sophie user=sophie" % _S["dir"], "-c",
                         query]))
    assert q.returncode == 0, q.stderr
    return q.stdout.decode().strip()


def _cert():
    d = _S["dir"] + "/tls"
    os.makedirs(d)
    r = _run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
              "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
              "subjectAltName=IP:127.0.0.1", "-keyout", d + "/key.pem",
              "-out", d + "/cert.pem"])
    assert r.returncode == 0, r.stderr


def _start_pools():
    for name in POOLS:
        u = _unit(os.path.join(_S["units"], "sophie-%s.service" % name))
        argv = [_moved(a) for a in shlex.split(u[("[Service]",
                                                  "ExecStart")][0])]
        if not IS_ROOT:
            kept, i = [], 0
            while i < len(argv):
                if argv[i] in ("-u", "-g", "-U", "-G"):
                    i += 2
                    continue
                kept.append(argv[i])
                i += 1
            argv = kept
        with open("%s/log/%s.log" % (_S["dir"], name), "ab") as log:
            r = subprocess.run(argv, env=_program_env(), cwd="/",
                               stdout=log, stderr=log, timeout=60)
        assert r.returncode == 0, (argv, _logs(name))
        _S["pidfiles"].append(_moved(u[("[Service]", "PIDFile")][0]))


def _start_worker():
    u = _unit(os.path.join(_S["units"], "sophie-worker.service"))
    argv = [_moved(a) for a in shlex.split(u[("[Service]",
                                              "ExecStart")][0])]
    if IS_ROOT:
        argv = ["setpriv", "--reuid=" + u[("[Service]", "User")][0],
                "--regid=" + u[("[Service]", "Group")][0],
                "--clear-groups", "--"] + argv
    log = open(_S["dir"] + "/log/worker.log", "ab")
    _S["worker"] = subprocess.Popen(argv, env=_program_env(), cwd="/",
                                    stdout=log, stderr=log,
                                    stdin=subprocess.DEVNULL)
    log.close()


def _start_nginx():
    d = _S["dir"]
    site = d + "/nginx/sophie-site.conf"
    # The renderer names the installed template: moved like the rest.
    r = _run([_S["dest"] + PREFIX + "/sbin/sophie-nginx-site", "-e",
              _S["envfile"], "-t",
              _moved(PREFIX + "/share/sophie/nginx/sophie-site.conf.in"),
              "-o", site], env=_program_env())
    assert r.returncode == 0, r.stderr
    for t in ("body", "fastcgi", "proxy", "uwsgi", "scgi"):
        os.makedirs("%s/nginx/tmp/%s" % (d, t), exist_ok=True)
    with open(d + "/nginx/nginx.conf", "w") as f:
        f.write("%s\nworker_processes 1;\npid %s/nginx/nginx.pid;\n"
                "error_log %s/log/nginx-error.log warn;\n"
                "events { worker_connections 256; }\n"
                "http {\n access_log off;\n"
                " client_body_temp_path %s/nginx/tmp/body;\n"
                " fastcgi_temp_path %s/nginx/tmp/fastcgi;\n"
                " proxy_temp_path %s/nginx/tmp/proxy;\n"
                " uwsgi_temp_path %s/nginx/tmp/uwsgi;\n"
                " scgi_temp_path %s/nginx/tmp/scgi;\n"
                " include %s;\n}\n" % (
                    "user www-data;" if IS_ROOT else "", d, d, d, d, d, d, d,
                    site))
    if IS_ROOT:
        _run(["chown", "-R", "www-data", d + "/nginx/tmp"])
    r = _run(["/usr/sbin/nginx", "-p", d + "/nginx", "-c",
              d + "/nginx/nginx.conf", "-e", d + "/log/nginx-error.log"])
    assert r.returncode == 0, (r.stderr, _logs("nginx"))
    _S["pidfiles"].append(d + "/nginx/nginx.pid")


def _logs(name=None):
    out = []
    logdir = _S["dir"] + "/log"
    for f in sorted(os.listdir(logdir)):
        if name and not f.startswith(name):
            continue
        with open(os.path.join(logdir, f), "rb") as fh:
            out.append("== %s ==\n%s" % (f, fh.read()[-2000:].decode(
                "utf-8", "replace")))
    return "\n".join(out)


def setup():
    """Install, then start the installed tree (once for the module)."""
    if "ok" in _S:
        return _S
    if "failed" in _S:
        raise AssertionError("the installed tree did not start")
    _S["failed"] = True
    _ensure_user()
    d = tempfile.mkdtemp(prefix="sophie-install-")
    os.chmod(d, 0o755)
    _S.update(dir=d, dest=d + "/dest", envfile=d + "/sophie.env",
              http=free_port(), https=free_port(), pidfiles=[])
    _S["share"] = _S["dest"] + PREFIX + "/share/sophie"
    _S["units"] = _S["dest"] + "/etc/systemd/system"
    for sub in ("run", "pgrun", "log", "data", "nginx", "acme", "pg"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    make = ["make", "--no-print-directory", "-s", "install",
            "PREFIX=" + PREFIX, "DESTDIR=" + _S["dest"]]
    if os.environ.get("SAN") == "1":
        make.append("SAN=1")
    r = _run(make, cwd=TOP, timeout=900)
    assert r.returncode == 0, (r.stdout, r.stderr)
    _cert()
    _settings()
    if IS_ROOT:
        for sub in ("run", "pgrun", "log", "data", "pg"):
            shutil.chown(os.path.join(d, sub), "sophie")
        os.chmod(d + "/pg", 0o700)
    _pg()
    ctl("migrate")
    cid = json.loads(ctl("clinic", "add", "--name", "Cabinet Installé",
                         "--json").stdout)["clinic_id"]
    ctl("user", "add", "--clinic", cid, "--email", "admin@install.test",
        "--password", "a-real-password-42", "--role", "ADMIN")
    ctl("whatsapp", "set", "--clinic", cid, "--number", "+14155238886",
        "--auth-token", TOKEN)
    _S["clinic"] = cid
    _start_pools()
    _start_worker()
    _start_nginx()
    ok = wait_until(lambda: _get_status("/health") == 200, timeout=30)
    assert ok, _logs()
    _S.pop("failed")
    _S["ok"] = True
    return _S


def teardown():
    if "dir" not in _S:
        return
    w = _S.get("worker")
    for f in reversed(_S.get("pidfiles", [])):
        try:
            with open(f) as fh:
                pids = [int(x) for x in fh.read().split()]
        except (OSError, ValueError):
            continue
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        end = time.time() + 5
        for pid in pids:
            while time.time() < end and os.path.exists("/proc/%d" % pid) \
                    and not _zombie(pid):
                time.sleep(0.05)
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    if w is not None and w.poll() is None:
        w.terminate()
        try:
            w.wait(10)
        except subprocess.TimeoutExpired:
            w.kill()
            w.wait(5)
    if _S.get("pg"):
        _run(_as_sophie([PGBIN + "/pg_ctl", "-D", _S["dir"] + "/pg", "-m",
                         "fast", "-w", "stop"]))
    logdir = _S["dir"] + "/log"
    for f in sorted(os.listdir(logdir)):
        with open(os.path.join(logdir, f), "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
        for marker in ("ERROR: AddressSanitizer", "runtime error:"):
            i = text.find(marker)
            if i >= 0:
                harness.SANITIZER_REPORTS.append("%s: %s" % (
                    f, text[i:i + 1500]))
    if os.environ.get("KEEP_STATE") != "1":
        shutil.rmtree(_S["dir"], ignore_errors=True)
    _S.clear()


def _zombie(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


# --- talking to it ------------------------------------------------------

def _tls():
    ctx = ssl.create_default_context(cafile=_S["dir"] + "/tls/cert.pem")
    return ctx


def _https(method, path, body=None, headers=None):
    c = http.client.HTTPSConnection("127.0.0.1", _S["https"], timeout=30,
                                    context=_tls())
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return harness.Response(r.status, r.getheaders(), data)


def _http(method, path):
    c = http.client.HTTPConnection("127.0.0.1", _S["http"], timeout=30)
    c.request(method, path)
    r = c.getresponse()
    data = r.read()
    c.close()
    return harness.Response(r.status, r.getheaders(), data)


def _get_status(path):
    try:
        return _https("GET", path).status
    except (OSError, http.client.HTTPException):
        return None


def _max_age(resp):
    v = resp.header("Strict-Transport-Security")
    assert v is not None, resp.headers
    m = re.search(r"max-age=(\d+)", v)
    assert m, v
    return int(m.group(1))


def _login_path():
    return "/clinic/%s/admin/login" % _S["clinic"]


def _form_login(email, password):
    """A browser's login over HTTPS: the form, then the POST with its
    pre-session pair.  Retried while nginx's login limit answers."""
    for _ in range(20):
        g = _https("GET", _login_path())
        if g.status in (429, 503):
            time.sleep(2)
            continue
        assert g.status == 200, (g.status, g.body[:300])
        m = re.search(r'name="_login" value="([0-9a-f]{64})"', g.text)
        assert m, g.text[:500]
        cookie = [v.split(";", 1)[0] for k, v in g.headers
                  if k.lower() == "set-cookie" and "_login=" in v][0]
        r = _https("POST", _login_path(), urllib.parse.urlencode(
            {"email": email, "password": password,
             "_login": m.group(1)}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded",
             "Cookie": cookie})
        if r.status in (429, 503) and b"nginx" in r.body:
            time.sleep(2)
            continue
        return r
    return r


# --- the tests ----------------------------------------------------------

def _config_names():
    with open(os.path.join(TOP, "lib", "config.c")) as f:
        src = f.read()
    table = src[src.index("settings[] = {"):src.index("#define NSETTINGS")]
    return re.findall(r'\{ "([A-Z][A-Z0-9_]*)", K_', table)


def test_install_writes_rendered_units_site_and_settings():
    s = setup()
    ex = os.path.join(s["share"], "sophie.env.example")
    with open(ex) as f:
        text = f.read()
    names = _config_names()
    assert len(names) >= 20, names
    for n in names:
        m = re.search(r"(?m)^(# )?%s=" % n, text)
        assert m, "%s is not in sophie.env.example" % n
        # A comment line right above it says what it does.
        before = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        assert before.startswith("#") and len(before) > 8, (n, before)
    for n in ("SOPHIE_TEMPLATE_DIR", "SOPHIE_SQL_DIR", "SOPHIE_NLU_MODEL",
              "SOPHIE_DATA_DIR"):
        v = re.search(r"(?m)^%s=(.*)$" % n, text)
        assert v and v.group(1).startswith("/"), (n, v)
    assert re.search(r"(?m)^SOPHIE_TEMPLATE_DIR=%s/share/sophie/templates$"
                     % PREFIX, text)
    assert os.path.exists(s["dest"] + "/etc/sophie/sophie.env.example")
    assert os.path.exists(s["share"] + "/nlu/intent.bin")
    for name in POOLS + ("worker",):
        path = os.path.join(s["units"], "sophie-%s.service" % name)
        with open(path) as f:
            unit = f.read()
        assert "@" not in unit.replace("@.service", ""), (name, unit)
        u = _unit(path)
        svc = lambda k: u.get(("[Service]", k), [])
        exe = shlex.split(svc("ExecStart")[0])
        assert exe[-1].startswith(PREFIX + "/"), exe
        assert os.access(s["dest"] + exe[-1], os.X_OK), exe
        assert svc("EnvironmentFile") == ["/etc/sophie/sophie.env"]
        assert svc("Restart") == ["on-failure"]
        for k, v in (("ProtectSystem", "strict"), ("PrivateTmp", "yes"),
                     ("NoNewPrivileges", "yes")):
            assert svc(k) == [v], (name, k, svc(k))
        assert svc("ReadWritePaths"), name
        if name == "worker":
            assert svc("User") == ["sophie"], name
            assert svc("ReadWritePaths") == ["/var/lib/sophie"], name
        else:
            # The responders run as sophie; their socket is nginx's group.
            i = exe.index("-u")
            assert exe[i + 1] == "sophie", exe
            assert exe[exe.index("-G") + 1] == "www-data", exe
            assert exe[exe.index("-M") + 1] == "0660", exe
            assert exe[exe.index("-s") + 1] == \
                "/run/sophie/%s.sock" % name, exe
            assert svc("ReadWritePaths") == ["/run/sophie"], name


def test_sockets_belong_to_nginx_group_and_responders_to_sophie():
    s = setup()
    if not IS_ROOT:
        raise harness.Skip("the socket owners need root (spawn-fcgi's "
                           "-U/-G/-u/-g): run the suite as root")
    import grp
    import pwd
    for name in POOLS:
        st = os.stat("%s/run/%s.sock" % (s["dir"], name))
        assert grp.getgrgid(st.st_gid).gr_name == "www-data", name
        assert st.st_mode & 0o777 == 0o660, (name, oct(st.st_mode))
        with open("%s/run/%s.pid" % (s["dir"], name)) as f:
            for pid in f.read().split():
                uid = os.stat("/proc/%s" % pid).st_uid
                assert pwd.getpwuid(uid).pw_name == "sophie", (name, pid)


def test_installed_units_pass_systemd_analyze_verify():
    s = setup()
    if shutil.which("systemd-analyze") is None:
        raise harness.Skip("systemd-analyze is missing: apt-get install "
                           "systemd")
    # The units name the installed programs: verify copies whose paths
    # are moved under DESTDIR, as the test runs them.  A unit systemd
    # cannot parse only warns: any output fails the test.
    d = s["dir"] + "/verify"
    os.makedirs(d, exist_ok=True)
    units = []
    for u in sorted(os.listdir(s["units"])):
        if not u.endswith((".service", ".target", ".timer")):
            continue
        with open(os.path.join(s["units"], u)) as f:
            text = f.read()
        with open(os.path.join(d, u), "w") as f:
            f.write(text.replace(PREFIX + "/", s["dest"] + PREFIX + "/"))
        units.append(os.path.join(d, u))
    assert len(units) == 8, units
    r = _run(["systemd-analyze", "verify", "--man=no"] + units, timeout=120)
    out = (r.stdout + r.stderr).decode("utf-8", "replace").strip()
    assert r.returncode == 0 and out == "", out


def test_signed_webhook_through_installed_site_over_https():
    s = setup()
    path = "/webhook/whatsapp/%s" % s["clinic"]
    fields = {"MessageSid": "SM" + os.urandom(16).hex(),
              "AccountSid": "AC" + "0" * 31 + "1",
              "From": "whatsapp:+33612345678",
              "To": "whatsapp:+14155238886", "Body": "Bonjour",
              "NumMedia": "0", "ProfileName": "Patiente"}
    body = urllib.parse.urlencode(fields).encode()
    h = {"Content-Type": "application/x-www-form-urlencoded"}
    bad = _https("POST", path, body, dict(h, **{
        "X-Twilio-Signature": "AAAA"}))
    assert bad.status == 403, (bad.status, bad.body)
    sig = harness.Stack.twilio_sign(None, "https://127.0.0.1:%d%s" % (
        s["https"], path), fields, TOKEN)
    r = _https("POST", path, body, dict(h, **{"X-Twilio-Signature": sig}))
    assert r.status == 200, (r.status, r.body, _logs("webhook"))
    assert b"<Response" in r.body, r.body
    assert _max_age(r) >= HSTS_MIN
    # Stored once, and the installed worker answers the patient (the
    # reply waits in the outbox: no Twilio account is configured).
    assert _sql("SELECT count(*) FROM messages WHERE twilio_sid = '%s'"
                % fields["MessageSid"]) == "1"
    assert wait_until(lambda: _sql(
        "SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
        "to_number = '+33612345678'") != "0", timeout=30), \
        _logs("worker")


def test_admin_login_through_installed_site_over_https():
    setup()
    r = _form_login("admin@install.test", "a-real-password-42")
    assert r.status in (302, 303), (r.status, r.body[:400])
    cookies = [v for k, v in r.headers if k.lower() == "set-cookie"]
    assert any("Secure" in c and "HttpOnly" in c for c in cookies), cookies
    assert _max_age(r) >= HSTS_MIN
    # The JSON login of an API client, too.
    j = _https("POST", _login_path(), json.dumps(
        {"email": "admin@install.test",
         "password": "a-real-password-42"}).encode(),
        {"Content-Type": "application/json", "Accept": "application/json"})
    assert j.status == 200 and j.json().get("token"), (j.status, j.body)


def test_hsts_on_pages_and_on_nginx_errors():
    setup()
    # curl -sI https://…/clinic/…/admin/login (a HEAD), and the page.
    assert _max_age(_https("HEAD", _login_path())) >= HSTS_MIN
    r = _https("GET", _login_path())
    assert r.status == 200, r.status
    assert _max_age(r) >= HSTS_MIN
    # nginx's own answers (a path no location serves) carry it with the
    # other security headers.
    e = _https("GET", "/no-such-place")
    assert e.status == 404 and b"nginx" in e.body, (e.status, e.body)
    assert _max_age(e) >= HSTS_MIN
    assert e.header("X-Content-Type-Options") == "nosniff", e.headers
    assert e.header("X-Frame-Options") == "DENY", e.headers
    assert "default-src 'none'" in (e.header("Content-Security-Policy")
                                    or ""), e.headers


def test_tls_protocols_are_modern():
    setup()
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        ctx = _tls()
        ctx.minimum_version = ctx.maximum_version = version
        with socket.create_connection(("127.0.0.1", _S["https"]), 10) as s:
            with ctx.wrap_socket(s, server_hostname="127.0.0.1") as t:
                assert t.version() == version.name.replace("_", "."), \
                    t.version()
    with open(_S["dir"] + "/nginx/sophie-site.conf") as f:
        site = f.read()
    assert re.search(r"ssl_protocols\s+TLSv1\.2 TLSv1\.3;", site), site
    # No chain configured: no OCSP stapling (nginx would warn at start).
    assert not re.search(r"(?m)^\s*ssl_stapling on", site)


def test_http_redirects_to_https_except_acme():
    s = setup()
    r = _http("GET", _login_path() + "?x=1")
    assert r.status == 301, (r.status, r.body)
    assert r.header("Location") == "https://127.0.0.1:%d%s?x=1" % (
        s["https"], _login_path()), r.headers
    assert r.header("Strict-Transport-Security") is None
    w = _http("GET", "/webhook/whatsapp/%s" % s["clinic"])
    assert w.status == 301, w.status
    tok = os.urandom(8).hex()
    os.makedirs(s["dir"] + "/acme/.well-known/acme-challenge",
                exist_ok=True)
    with open(s["dir"] + "/acme/.well-known/acme-challenge/" + tok,
              "w") as f:
        f.write("proof-" + tok)
    os.chmod(s["dir"] + "/acme", 0o755)
    a = _http("GET", "/.well-known/acme-challenge/" + tok)
    assert a.status == 200 and a.text == "proof-" + tok, (a.status, a.body)


def test_demo_password_is_refused_in_production():
    s = setup()
    p = ctl("demo", check=False)
    assert p.returncode != 0, p.stdout
    assert b"production" in p.stderr, p.stderr
    assert _sql("SELECT count(*) FROM clinic_users WHERE email = "
                "'admin@demo.sophie.local'") == "0"
    # An account given the demo password anyway cannot sign in with it.
    ctl("user", "add", "--clinic", s["clinic"], "--email",
        "demo-pw@install.test", "--password", DEMO_PASSWORD, "--role",
        "ADMIN")
    r = _form_login("demo-pw@install.test", DEMO_PASSWORD)
    assert r.status == 403, (r.status, r.body[:400])
    assert "démonstration" in r.text, r.text[:600]
    j = _https("POST", _login_path(), json.dumps(
        {"email": "demo-pw@install.test",
         "password": DEMO_PASSWORD}).encode(),
        {"Content-Type": "application/json", "Accept": "application/json"})
    assert j.status == 403 and "token" not in j.json(), (j.status, j.body)
    # The superadmin's login refuses it too.
    ctl("superadmin", "add", "--email", "root-pw@install.test",
        "--password", DEMO_PASSWORD)
    sj = _https("POST", "/superadmin/login", json.dumps(
        {"email": "root-pw@install.test",
         "password": DEMO_PASSWORD}).encode(),
        {"Content-Type": "application/json", "Accept": "application/json"})
    assert sj.status == 403 and "token" not in sj.json(), (sj.status,
                                                           sj.body)


def _render(settings):
    """The installed renderer on a settings file of its own."""
    path = _S["dir"] + "/render.env"
    with open(path, "w") as f:
        f.write("".join("%s=%s\n" % kv for kv in settings.items()))
    env = {"PATH": "/usr/bin:/bin"}
    r = _run([_S["dest"] + PREFIX + "/sbin/sophie-nginx-site", "-e", path,
              "-t", _moved(PREFIX + "/share/sophie/nginx/"
                           "sophie-site.conf.in")], env=env)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def _nginx_t(site):
    """nginx -t on a rendered site (no server started)."""
    d = tempfile.mkdtemp(dir=_S["dir"])
    with open(d + "/site.conf", "w") as f:
        f.write(site)
    with open(d + "/nginx.conf", "w") as f:
        f.write("pid %s/nginx.pid;\nerror_log %s/error.log;\n"
                "events {}\nhttp {\n access_log off;\n" % (d, d))
        for t in ("client_body", "fastcgi", "proxy", "uwsgi", "scgi"):
            f.write(" %s_temp_path %s/%s;\n" % (t, d, t))
        f.write(" include %s/site.conf;\n}\n" % d)
    r = _run(["/usr/sbin/nginx", "-t", "-q", "-p", d, "-c",
              d + "/nginx.conf", "-e", d + "/error.log"])
    return r.returncode, r.stderr.decode()


def test_site_renderer_modes_and_refusals():
    s = setup()
    tls = {"PUBLIC_BASE_URL": "https://127.0.0.1:%d" % s["https"],
           "SOPHIE_TLS_CERT": s["dir"] + "/tls/cert.pem",
           "SOPHIE_TLS_KEY": s["dir"] + "/tls/key.pem",
           "SOPHIE_RUN_DIR": s["dir"] + "/run",
           "SOPHIE_HTTP_LISTEN": "127.0.0.1:%d" % free_port(),
           "SOPHIE_HTTPS_LISTEN": "127.0.0.1:%d" % free_port()}
    # An http PUBLIC_BASE_URL: the one HTTP server, no TLS, no HSTS.
    rc, site, err = _render(dict(tls, PUBLIC_BASE_URL="http://127.0.0.1"))
    assert rc == 0, err
    conf = "\n".join(l for l in site.splitlines()
                     if not l.lstrip().startswith("#"))
    assert "ssl_" not in conf and "Strict-Transport" not in conf, conf
    assert "return 301" not in conf and "@" not in conf, conf
    rc, err = _nginx_t(site)
    assert rc == 0, err
    # A chain: OCSP stapling on, and nginx takes the site.
    rc, site, err = _render(dict(tls, SOPHIE_TLS_CHAIN=tls[
        "SOPHIE_TLS_CERT"]))
    assert rc == 0, err
    assert re.search(r"(?m)^\s*ssl_stapling on;", site), site
    assert "ssl_trusted_certificate %s;" % tls["SOPHIE_TLS_CERT"] in site
    rc, err = _nginx_t(site)
    assert rc == 0, err
    # What cannot make a working site is refused, one line naming it.
    rc, _, err = _render({k: v for k, v in tls.items()
                          if k != "SOPHIE_TLS_KEY"})
    assert rc == 1 and "SOPHIE_TLS_KEY is missing" in err, err
    rc, _, err = _render(dict(tls, SOPHIE_TLS_CERT=s["dir"] + "/none.pem"))
    assert rc == 1 and "SOPHIE_TLS_CERT" in err, err
    rc, _, err = _render(dict(tls, SOPHIE_ACME_DIR="/x; root /"))
    assert rc == 1 and "SOPHIE_ACME_DIR" in err, err
    rc, _, err = _render(dict(tls, PUBLIC_BASE_URL="ftp://x"))
    assert rc == 1 and "PUBLIC_BASE_URL" in err, err
    assert len(err.strip().splitlines()) == 1, err
