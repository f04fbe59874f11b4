"""The integration harness: starts a real Sophie suite on loopback (private
PostgreSQL cluster in a temporary directory, the spawn-fcgi pools, the
worker, nginx, and the fake third parties), runs test functions against it
and tears everything down, even when a test fails."""
import atexit
import base64
import hashlib
import hmac
import http.client
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("B", "build")
IS_ROOT = os.geteuid() == 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class Fake:
    """A fake third-party server (tests/fakes/*.py) on free ports."""

    def __init__(self, script, *args):
        self.port = free_port()
        cmd = [sys.executable, os.path.join(TOP, "tests", "fakes", script),
               "--port", str(self.port)] + [str(a) for a in args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        _EVERY_FAKE.append(self)
        line = self.proc.stdout.readline().decode()
        if "ready" not in line and "listening" not in line:
            self.proc.kill()
            raise RuntimeError("%s did not start: %r" % (script, line))

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def get(self, path):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return json.loads(body) if body else None

    def post(self, path, obj=None, raw=None, ctype="application/json"):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        body = raw if raw is not None else json.dumps(obj or {}).encode()
        c.request("POST", path, body=body, headers={"Content-Type": ctype})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Stack:
    """One suite in a temporary directory on a free port."""

    def __init__(self, settings=None, demo=True, webhook_pool=4):
        self.dir = tempfile.mkdtemp(prefix="sophie-test-")
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        self.settings = dict(settings or {})
        self.demo = demo
        self.webhook_pool = webhook_pool
        self.started = False
        self.demo_info = None
        # fast_sql: sql() keeps one connection open (pq.py) instead of
        # starting psql for each query; psql still runs what pq.py does
        # not read the way psql would.
        self.fast_sql = os.environ.get("SOPHIE_TEST_PSQL") != "1"
        self._pq = None
        _EVERY_STACK.append(self)

    def env_file(self):
        return os.path.join(self.dir, "sophie.env")

    def _env(self):
        env = dict(os.environ)
        env.update({"B": BUILD, "PORT": str(self.port),
                    "SOPHIE_STACK_FAST": "1",
                    "SOPHIE_POOL_WEBHOOK": str(self.webhook_pool)})
        if not self.demo:
            env["SOPHIE_NO_DEMO"] = "1"
        return env

    def start(self):
        if os.path.exists(self.env_file()):
            return self._start()
        with open(self.env_file(), "w") as f:
            f.write("PORT=%d\nNODE_ENV=test\n" % self.port)
            for k, v in self.settings.items():
                f.write("%s=%s\n" % (k, v))
        return self._start()

    def _start(self):
        p = subprocess.run([os.path.join(TOP, "scripts", "stack.sh"), "start",
                            self.dir], env=self._env(), cwd=TOP,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=180)
        self.started = True
        if p.returncode != 0:
            raise RuntimeError("stack start failed: %s\n%s" % (
                p.stderr.decode(), self.logs()))
        if self.demo:
            self.demo_info = json.loads(self.ctl("demo", "--json").stdout)
        return self

    def restart_app(self):
        """Restart the pools and the worker (PostgreSQL and nginx stay
        up): they read sophie.env again."""
        p = subprocess.run([os.path.join(TOP, "scripts", "stack.sh"),
                            "restart-app", self.dir], env=self._env(),
                           cwd=TOP, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=180)
        if p.returncode != 0:
            raise RuntimeError("stack restart failed: %s\n%s" % (
                p.stderr.decode(), self.logs()))

    def stop(self):
        if self._pq:
            self._pq.close()
        if self.started:
            subprocess.run([os.path.join(TOP, "scripts", "stack.sh"), "stop",
                            self.dir], env=self._env(), cwd=TOP,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=120)
            self.started = False

    def sanitizer_reports(self):
        """Sanitizer errors the suite's servers wrote to their logs."""
        found = []
        logdir = os.path.join(self.dir, "log")
        if not os.path.isdir(logdir):
            return found
        for f in sorted(os.listdir(logdir)):
            with open(os.path.join(logdir, f), "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
            for marker in ("ERROR: AddressSanitizer", "runtime error:"):
                i = text.find(marker)
                if i >= 0:
                    found.append("%s: %s" % (f, text[i:i + 1500]))
        return found

    def destroy(self):
        self.stop()
        SANITIZER_REPORTS.extend(self.sanitizer_reports())
        if os.environ.get("KEEP_STATE") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)

    def logs(self, name=None):
        out = []
        logdir = os.path.join(self.dir, "log")
        if not os.path.isdir(logdir):
            return ""
        for f in sorted(os.listdir(logdir)):
            if name and not f.startswith(name):
                continue
            with open(os.path.join(logdir, f), "rb") as fh:
                data = fh.read()[-3000:].decode("utf-8", "replace")
            out.append("== %s ==\n%s" % (f, data))
        return "\n".join(out)

    # --- talking to it -------------------------------------------------

    def request(self, method, path, body=None, headers=None, timeout=30):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return Response(r.status, r.getheaders(), data)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields, headers=None):
        body = urllib.parse.urlencode(fields).encode()
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h)

    @property
    def base_url(self):
        return "http://127.0.0.1:%d" % self.port

    def conninfo(self):
        return "host=%s/run port=5432 dbname=sophie user=sophie" % self.dir

    def sql(self, query, *params):
        """Run one query through psql with -v variables; rows as lists."""
        if self.fast_sql:
            if self._pq is None:
                import pq
                self._pq = pq.Conn(self.conninfo())
            rows = self._pq.query(query, params)
            if rows is not None:
                return rows
        cmd = ["psql", "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1",
               self.conninfo()]
        for i, p in enumerate(params):
            cmd += ["-v", "p%d=%s" % (i + 1, p)]
        p = subprocess.run(cmd, input=query.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        if p.returncode != 0:
            raise RuntimeError("psql: %s" % p.stderr.decode())
        lines = p.stdout.decode().splitlines()
        return [l.split("\t") for l in lines if l != ""]

    def sql_value(self, query, *params):
        rows = self.sql(query, *params)
        return rows[0][0] if rows else None

    def ctl(self, *args, check=True):
        env = dict(os.environ)
        env["SOPHIE_ENV_FILE"] = self.env_file()
        env["SOPHIE_SQL_DIR"] = os.path.join(TOP, "sql")
        p = subprocess.run([os.path.join(TOP, BUILD, "bin", "sophiectl")] +
                           list(args), env=env, cwd=self.dir,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
        if check and p.returncode != 0:
            raise RuntimeError("sophiectl %s: %s" % (args, p.stderr.decode()))
        return p

    def pg_ctl(self, action):
        cmd = ["/usr/lib/postgresql/15/bin/pg_ctl", "-D",
               os.path.join(self.dir, "pg"), "-w", "-m", "fast"]
        if action == "start":
            cmd += ["-l", os.path.join(self.dir, "log", "postgres.log"),
                    "-o", "-k %s/run -c listen_addresses='' -p 5432 "
                    "-c fsync=off" % self.dir]
        cmd.append(action)
        if IS_ROOT:
            cmd = ["setpriv", "--reuid=sophie", "--regid=sophie",
                   "--clear-groups", "--"] + cmd
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)

    def pids(self, name):
        with open(os.path.join(self.dir, "run", name + ".pid")) as f:
            return sorted(int(x) for x in f.read().split())

    # --- Twilio signing ---------------------------------------------------

    def twilio_sign(self, url, fields, token):
        data = url + "".join(k + v for k, v in sorted(fields.items()))
        mac = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
        return base64.b64encode(mac).decode()

    def webhook(self, fields, clinic=None, token=None, path_suffix="",
                signature=None):
        clinic = clinic or self.demo_info["clinic_id"]
        token = token or self.demo_info["auth_token"]
        path = "/webhook/whatsapp/%s%s" % (clinic, path_suffix)
        sig = signature if signature is not None else \
            self.twilio_sign(self.base_url + path, fields, token)
        headers = {"X-Twilio-Signature": sig} if sig else {}
        return self.post_form(path, fields, headers)


def wait_until(fn, timeout=15.0, interval=0.1):
    """Poll fn until it returns a true value; returns it or the last."""
    end = time.time() + timeout
    v = fn()
    while not v and time.time() < end:
        time.sleep(interval)
        v = fn()
    return v


_shared = {}
# Every stack and fake started in this process: whatever a suite forgets
# is stopped when the run ends.
_EVERY_STACK = []
_EVERY_FAKE = []
# Sanitizer errors found in any suite's server logs (make SAN=1 test).
SANITIZER_REPORTS = []


def shared_stack():
    """The suite most tests share (started once, on first use)."""
    if "stack" not in _shared:
        fakes = {}
        settings = {}
        if os.path.exists(os.path.join(TOP, "tests", "fakes",
                                       "fake_twilio.py")):
            cdn = free_port()
            tw = Fake("fake_twilio.py", "--cdn-port", cdn, "--account-sid",
                      "AC" + "0" * 31 + "1", "--auth-token", "test-token")
            fakes["twilio"] = tw
            settings.update({"TWILIO_API_BASE": tw.base,
                             "TWILIO_ACCOUNT_SID": "AC" + "0" * 31 + "1",
                             "TWILIO_AUTH_TOKEN": "test-token",
                             "TWILIO_PHONE_NUMBER": "+14155238886"})
        # The staff alerts' email relay (tests/fakes/fake_smtp.py).
        if os.path.exists(os.path.join(TOP, "tests", "fakes",
                                       "fake_smtp.py")):
            sp = free_port()
            fakes["smtp"] = Fake("fake_smtp.py", "--smtp-port", sp,
                                 "--user", "relay", "--password", "relay-pw")
            settings.update({"SMTP_URL": "smtp://127.0.0.1:%d" % sp,
                             "SMTP_FROM": "sophie@example.org",
                             "SMTP_USER": "relay",
                             "SMTP_PASSWORD": "relay-pw"})
        _shared["fakes"] = fakes
        st = Stack(settings)
        _shared["stack"] = st
        st.start()
    return _shared["stack"]


def shared_fake(name):
    shared_stack()
    return _shared["fakes"].get(name)


def _teardown():
    st = _shared.pop("stack", None)
    if st is not None:
        st.destroy()
    for f in _shared.pop("fakes", {}).values():
        f.stop()
    for st in _EVERY_STACK:
        if st.started:
            st.destroy()
    for f in _EVERY_FAKE:
        f.stop()


atexit.register(_teardown)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))


class Skip(Exception):
    """Raised by a test that cannot run on this machine (a tool that is
    missing and cannot be installed without root); the message says what
    is missing and how to install it.  Counted apart, never as passed."""


SKIPPED = []


def _run_module(name, mod, tests, passed, failed):
    """Run a module's test functions; returns the new counts."""
    for t in tests:
        t0 = time.time()
        try:
            getattr(mod, t)()
            passed += 1
            print("[ OK ] %s.%s (%.1fs)" % (name, t, time.time() - t0))
        except Skip as e:
            SKIPPED.append("%s.%s" % (name, t))
            print("[SKIP] %s.%s: %s" % (name, t, e))
        except Exception:
            failed += 1
            print("[FAIL] %s.%s" % (name, t))
            traceback.print_exc()
            st = _shared.get("stack")
            if st is not None and os.environ.get("SHOW_LOGS") == "1":
                print(st.logs())
        sys.stdout.flush()

    return passed, failed


def run_suites(names):
    passed = failed = 0
    try:
        for name in names:
            mod = importlib.import_module(name)
            tests = [t for t in dir(mod) if t.startswith("test_")]
            tests.sort(key=lambda t: getattr(mod, t).__code__.co_firstlineno)
            try:
                passed, failed = _run_module(name, mod, tests, passed,
                                             failed)
            finally:
                # A suite's own stack goes down after its tests, whatever
                # happened in them.
                if hasattr(mod, "teardown"):
                    mod.teardown()
    finally:
        _teardown()
    # A server that tripped a sanitizer fails the run even when the tests
    # around it passed.
    if SANITIZER_REPORTS:
        failed += 1
        print("[FAIL] sanitizer reports in the servers' logs:")
        for rep in SANITIZER_REPORTS:
            print(rep)
    elif os.environ.get("SAN") == "1":
        passed += 1
        print("[ OK ] no sanitizer report in the servers' logs")
    if SKIPPED:
        print("integration: %d skipped (see the [SKIP] lines)" % len(SKIPPED))
    print("integration: %d passed, %d failed" % (passed, failed))
    return passed, failed
