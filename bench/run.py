#!/usr/bin/env python3
"""make bench: Sophie's performance figures, measured in one run on this
machine and printed as figures and ratios.  Never a pass/fail on time:
targets are printed beside the figures.  Loopback only; every load loop
is bounded in count (pre-generated requests, row counts) and in time
(wrk -d, pgbench -T, subprocess timeouts).

Part 0: the worker: the reply's latency as a patient feels it (server-side
timestamps, LLM off and a fake LLM answering in 1 s, 1 and 20 patients at
once) and the worker pool's turns per second, with a profile of the turn
(bench/worker_bench.py).  Part 1: the WhatsApp intake through nginx (real
fsync), against nginx `return 200`, a bare libfcgi responder, and pgbench
running the intake statement itself.  Part 2: the admin dashboard,
conversation list and agenda day and week pages with 1,000 clinics,
100,000 appointments and 1,000,000 messages, with nginx's own times and
the query plans.  Part 3: the module figures (extractor,
slots, templates).  See bench/README.md."""
import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

import hosts_bench
import worker_bench

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
BUILD = os.environ.get("B", "build")
IS_ROOT = os.geteuid() == 0
PGBIN = "/usr/lib/postgresql/15/bin"
RUNUSER = "sophie"
BENCH_CLINIC = "b0000000-0000-4000-8000-000000000001"
# the measured clinic's first practitioner (bench/scale.sql)
BENCH_PRAC = "b1000000-0000-4000-8000-000000000004"
BODY = "Bonjour, je voudrais un rendez-vous mardi prochain vers 10h"


def say(*a):
    print(*a)
    sys.stdout.flush()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read().rsplit(")", 1)[1].split()[0]
        return st != "Z"
    except (OSError, IndexError):
        return False


def kill_pids(pids, timeout=5.0):
    """SIGTERM the given pids (processes this bench started), then
    SIGKILL what is left after timeout seconds."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
    end = time.time() + timeout
    while time.time() < end and any(alive(p) for p in pids):
        time.sleep(0.05)
    for pid in pids:
        if alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


_CPP = {}


def c_expanded(path):
    """The C file at path (from TOP) after the C preprocessor (lib/ and
    the libraries' headers on its include path, as the build has them):
    every macro in a statement expanded the way the compiler sees it,
    object-like or function-like, from the file or from a header.  None
    when the preprocessor is missing or fails.  Cached per path."""
    if path in _CPP:
        return _CPP[path]
    inc = ["-I" + os.path.join(TOP, "lib")]
    for cmd in (["pg_config", "--includedir"],
                ["pkg-config", "--cflags-only-I", "json-c"]):
        try:
            out = subprocess.run(cmd, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, timeout=20,
                                 check=True).stdout.decode().split()
        except (OSError, subprocess.SubprocessError):
            continue
        inc += [x if x.startswith("-I") else "-I" + x for x in out]
    try:
        r = subprocess.run([os.environ.get("CC", "cc"), "-E", "-P",
                            "-std=c17", "-D_DEFAULT_SOURCE",
                            "-D_GNU_SOURCE"] + inc +
                           [os.path.join(TOP, path)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        _CPP[path] = r.stdout.decode() if r.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        _CPP[path] = None
    return _CPP[path]


def c_statement_in(src, name):
    """The SQL of statement <name> in C text src: the string literals
    between its name and its parameter count, concatenated; None when
    not found or when something other than string literals is left
    there (a macro not expanded: the text would not be what the
    program sends)."""
    m = re.search(r"\b%s\s*=\s*\{\s*\"[^\"]*\",(.*?),\s*\(?(\d+)\)?\s*\};" %
                  re.escape(name), src, re.S)
    if not m:
        return None
    lit = r'"((?:[^"\\]|\\.)*)"'
    if re.sub(lit, "", m.group(1)).strip():
        return None
    parts = re.findall(lit, m.group(1))
    return "".join(p.replace('\\"', '"') for p in parts)


def c_statement(path, name):
    """The SQL text of `static const struct db_stmt <name>` in a C file
    (its string literals concatenated, after the C preprocessor: a
    statement built with macros, function-like or from a header, is
    read as sent), or None."""
    try:
        with open(os.path.join(TOP, path)) as f:
            raw = f.read()
    except OSError:
        return None
    sql = c_statement_in(raw, name)     # string literals only: as is
    if sql is not None:
        return sql
    src = c_expanded(path)
    if src is not None:
        return c_statement_in(src, name)
    # No preprocessor: expand the file's own multi-line string macros
    # (#define NAME \ "..." \ ...); what is left unexpanded gives None.
    src = raw
    for mm in re.finditer(r"^#define (\w+) \\\n((?:.*\\\n)*.*\n)", src,
                          re.M):
        body = mm.group(2).replace("\\\n", "\n")
        src = re.sub(r"\b%s\b(?!\s*\\)" % mm.group(1), lambda _: body,
                     src[:mm.start()]) + src[mm.start():mm.end()] + \
            re.sub(r"\b%s\b" % mm.group(1), lambda _: body,
                   src[mm.end():])
    return c_statement_in(src, name)


# The migration that defines the conversation list's function last.
CONV_PAGE_SQL = "sql/010_conversation_patient_name.sql"


def sql_function(path, name):
    """The query a plpgsql function of sql/ returns (`RETURN (...)`), its
    arguments as $1::type..., and the settings its header SETs:
    (sql, ["name = value", ...]), or (None, [])."""
    try:
        with open(os.path.join(TOP, path)) as f:
            src = f.read()
    except OSError:
        return None, []
    m = re.search(r"CREATE (?:OR REPLACE )?FUNCTION %s\(([^)]*)\)(.*?)"
                  r"AS \$\$\s*BEGIN\s*RETURN \((.*)\);\s*END" %
                  re.escape(name), src, re.S)
    if not m:
        return None, []
    body = m.group(3)
    for n, arg in enumerate(m.group(1).split(","), 1):
        an, at = arg.split()
        body = re.sub(r"\b%s\b" % an, "$%d::%s" % (n, at), body)
    sets = re.findall(r"^SET (\w+ = \w+)$", m.group(2), re.M)
    return " ".join(body.split()), sets


def c_each_run(path, name):
    """Does statement <name> in a C file start with DB_PLAN_EACH_RUN
    (planned with its values at every run, see lib/db.h)?"""
    try:
        with open(os.path.join(TOP, path)) as f:
            src = f.read()
    except OSError:
        return False
    return re.search(r"\b%s\s*=\s*\{\s*\"[^\"]*\",\s*DB_PLAN_EACH_RUN\b" %
                     re.escape(name), src) is not None


def pct(sorted_vals, p):
    if not sorted_vals:
        return float("nan")
    i = min(len(sorted_vals) - 1, max(0, int(round(p / 100.0 *
                                                   len(sorted_vals))) - 1))
    return sorted_vals[i]


def fmt(v, spec="%.0f"):
    if v is None:
        return "-"
    if isinstance(v, float) and v != v:
        return "-"
    return spec % v


class Bench:
    def __init__(self, args):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="sophie-bench-")
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        self.port2 = free_port()
        self.rows = []          # the result table
        self.notes = []         # lines for the summary
        self.summary = []       # (label, value, target)
        self.started = False
        self.minimal_pids = []
        self.t0 = time.time()
        self.demo = None

    # --- the stack -------------------------------------------------------

    def env(self):
        env = dict(os.environ)
        # Real durability: the point of part 1.  No demo suppression.
        for k in ("SOPHIE_STACK_FAST", "SOPHIE_NO_DEMO"):
            env.pop(k, None)
        env.update({"B": BUILD, "PORT": str(self.port),
                    "SOPHIE_NGINX_TIMING": "1",
                    "SOPHIE_WEBHOOK_RATE": self.args.webhook_rate,
                    "SOPHIE_POOL_WEBHOOK": str(self.args.webhook_pool)})
        return env

    def run_dir(self):
        d = os.path.realpath(self.dir)
        return os.path.join(d, "run")

    def conninfo(self):
        return "host=%s port=5432 dbname=sophie user=sophie" % self.run_dir()

    def start(self):
        say("bench: starting a suite in %s on 127.0.0.1:%d (fsync on)" %
            (self.dir, self.port))
        self.started = True
        p = subprocess.run([os.path.join(TOP, "scripts", "stack.sh"),
                            "start", self.dir], env=self.env(), cwd=TOP,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=300)
        if p.returncode != 0:
            raise RuntimeError("stack start failed: %s" %
                               p.stderr.decode())
        self.demo = json.loads(self.ctl("demo", "--json").stdout)
        self.dir = os.path.realpath(self.dir)

    def stop(self):
        if self.minimal_pids:
            kill_pids(self.minimal_pids)
            self.minimal_pids = []
        if self.started:
            subprocess.run([os.path.join(TOP, "scripts", "stack.sh"), "stop",
                            self.dir], env=self.env(), cwd=TOP,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=120)
            self.started = False
        if not self.args.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def ctl(self, *args):
        env = dict(os.environ)
        env["SOPHIE_ENV_FILE"] = os.path.join(self.dir, "sophie.env")
        env["SOPHIE_SQL_DIR"] = os.path.join(TOP, "sql")
        p = subprocess.run([os.path.join(TOP, BUILD, "bin", "sophiectl")] +
                           list(args), env=env, cwd=self.dir,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
        if p.returncode != 0:
            raise RuntimeError("sophiectl %s: %s" % (args,
                                                     p.stderr.decode()))
        return p

    def psql(self, sql, timeout=120, variables=None, fname=None):
        cmd = ["psql", "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1"]
        for k, v in (variables or {}).items():
            cmd += ["-v", "%s=%s" % (k, v)]
        cmd.append(self.conninfo())
        if fname:
            cmd += ["-f", fname]
        p = subprocess.run(cmd, input=(sql or "").encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
        if p.returncode != 0:
            raise RuntimeError("psql: %s" % p.stderr.decode())
        return p.stdout.decode()

    def value(self, sql):
        out = self.psql(sql).strip().splitlines()
        return out[0] if out else None

    def active_conf(self):
        """The demo clinic's active WhatsApp configuration and its
        version (xmin): st_intake stores nothing unless they still are
        the ones the signature was checked with."""
        row = self.value("SELECT id || ' ' || xmin::text FROM "
                         "clinic_whatsapp_configs WHERE clinic_id = '%s' "
                         "AND is_active" % self.demo["clinic_id"])
        if not row:
            raise RuntimeError("the demo clinic has no active WhatsApp "
                               "configuration")
        conf, ver = row.split(" ")
        return conf, ver

    def env_file_value(self, key):
        with open(os.path.join(self.dir, "sophie.env")) as f:
            for line in f:
                if line.startswith(key + "="):
                    return line.split("=", 1)[1].strip().strip('"')
        return None

    def worker_pid(self):
        try:
            with open(os.path.join(self.dir, "run", "worker.pid")) as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop_worker(self):
        pid = self.worker_pid()
        if pid is not None and alive(pid):
            kill_pids([pid])
        say("bench: worker stopped")

    # --- the bench nginx server and the bare responder --------------------

    def add_bench_server(self):
        """A server block on its own port in the suite's rendered nginx
        config (a copy in the temp dir; the templates are untouched):
        /ok answered by nginx itself, /fcgi by the bare responder."""
        sock = os.path.join(self.dir, "run", "bench-minimal.sock")
        params = "".join("\t\tfastcgi_param %s %s;\n" % kv for kv in [
            ("REQUEST_METHOD", "$request_method"),
            ("REQUEST_URI", "$request_uri"),
            ("DOCUMENT_URI", "$document_uri"),
            ("QUERY_STRING", "$query_string"),
            ("CONTENT_TYPE", "$content_type"),
            ("CONTENT_LENGTH", "$content_length"),
            ("REMOTE_ADDR", "$remote_addr"),
            ("SERVER_NAME", "$server_name"),
            ("SERVER_PORT", "$server_port"),
            ("SERVER_PROTOCOL", "$server_protocol")])
        extra = os.path.join(self.dir, "nginx", "bench-extra.conf")
        with open(extra, "w") as f:
            f.write("# make bench: the baselines (a) and (b).\n"
                    "server {\n"
                    "\tlisten 127.0.0.1:%d;\n"
                    "\tserver_name _;\n"
                    "\tclient_max_body_size 1m;\n"
                    "\tclient_body_buffer_size 64k;\n"
                    "\tlocation = /ok {\n"
                    "\t\treturn 200 \"OK\\n\";\n"
                    "\t}\n"
                    "\tlocation = /fcgi {\n%s"
                    "\t\tfastcgi_connect_timeout 2s;\n"
                    "\t\tfastcgi_read_timeout 30s;\n"
                    "\t\tfastcgi_pass unix:%s;\n"
                    "\t}\n"
                    "}\n" % (self.port2, params, sock))
        conf = os.path.join(self.dir, "nginx", "nginx.conf")
        with open(conf) as f:
            text = f.read()
        i = text.rstrip().rfind("}")
        text = text[:i] + "\tinclude %s;\n}\n" % extra
        with open(conf, "w") as f:
            f.write(text)
        ng = ["/usr/sbin/nginx", "-p", os.path.join(self.dir, "nginx"),
              "-c", conf, "-e", os.path.join(self.dir, "log",
                                             "nginx-error.log")]
        subprocess.run(ng + ["-t", "-q"], check=True, timeout=30)
        subprocess.run(ng + ["-s", "reload"], check=True, timeout=30)
        # The bare responder: spawn-fcgi, same pool size as the webhook.
        bindir = os.path.join(self.dir, "bin")
        binp = os.path.join(bindir, "bench-minimal")
        shutil.copy(os.path.join(TOP, BUILD, "bench", "minimal_fcgi"), binp)
        os.chmod(binp, 0o755)
        pidf = os.path.join(self.dir, "run", "bench-minimal.pid")
        cmd = ["spawn-fcgi", "-s", sock, "-M", "0660", "-F",
               str(self.args.webhook_pool), "-P", pidf, "-d", self.dir]
        if IS_ROOT:
            cmd += ["-u", RUNUSER, "-U", RUNUSER]
        cmd += ["--", binp]
        subprocess.run(cmd, check=True, timeout=30,
                       stdout=subprocess.DEVNULL)
        with open(pidf) as f:
            self.minimal_pids = [int(x) for x in f.read().split()]
        end = time.time() + 10
        while time.time() < end:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port2,
                                               timeout=2)
                c.request("GET", "/fcgi")
                r = c.getresponse()
                body = r.read()
                c.close()
                if r.status == 200 and body == b"OK\n":
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the bench server block did not answer")

    # --- load generators -------------------------------------------------

    def make_requests(self, prefix, n):
        """A file of n signed webhook requests for the demo clinic, each
        with a new MessageSid prefix+number; returns its path."""
        clinic = self.demo["clinic_id"]
        token = self.demo["auth_token"]
        to = self.demo.get("whatsapp_number") or "+33100000000"
        base = self.env_file_value("PUBLIC_BASE_URL")
        path = "/webhook/whatsapp/%s" % clinic
        url = (base + path).encode()
        key = token.encode()
        out = os.path.join(self.dir, "req-%s.txt" % prefix)
        with open(out, "w") as f:
            for i in range(n):
                phone = "+336%08d" % (1 + (i * 7919) % 10000)
                fields = {"MessageSid": "%s%09d" % (prefix, i),
                          "SmsMessageSid": "%s%09d" % (prefix, i),
                          "AccountSid": "AC" + "0" * 31 + "1",
                          "From": "whatsapp:" + phone,
                          "To": "whatsapp:" + to,
                          "Body": BODY, "NumMedia": "0",
                          "ProfileName": "Bench", "WaId": phone[1:],
                          "NumSegments": "1", "SmsStatus": "received",
                          "ApiVersion": "2010-04-01"}
                data = url + b"".join(k.encode() + v.encode() for k, v in
                                      sorted(fields.items()))
                sig = base64.b64encode(hmac.new(key, data,
                                                hashlib.sha1).digest())
                f.write("%s\t%s\n" % (sig.decode(),
                                      urllib.parse.urlencode(fields)))
        return out

    def wrk(self, url, script, conns, duration, extra_env=None):
        threads = min(2, conns)
        env = dict(os.environ)
        env["BENCH_DIR"] = HERE
        env["BENCH_THREADS"] = str(threads)
        env.update(extra_env or {})
        cmd = ["wrk", "-t", str(threads), "-c", str(conns), "-d",
               "%ds" % duration, "--timeout", "5s", "-s",
               os.path.join(HERE, script), url]
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=duration + 120)
        for line in p.stdout.decode().splitlines():
            if line.startswith("BENCHJSON "):
                return json.loads(line[len("BENCHJSON "):])
        raise RuntimeError("wrk gave no summary: %s %s" % (
            p.stdout.decode()[-2000:], p.stderr.decode()[-2000:]))

    def pgbench(self, conns, duration, run):
        logdir = os.path.join(self.dir, "pgbench-%s" % run)
        os.makedirs(logdir, exist_ok=True)
        quiet = self.quiet_db()
        wal = self.wal_mark()
        to = self.demo.get("whatsapp_number") or "+33100000000"
        conf, ver = self.active_conf()
        cmd = ["pgbench", "-n", "-M", "prepared", "-c", str(conns),
               "-j", str(min(2, conns)), "-T", str(duration),
               "-f", os.path.join(HERE, "intake.sql"),
               "-D", "clinic=%s" % self.demo["clinic_id"],
               "-D", "body=%s" % BODY, "-D", "to=%s" % to,
               "-D", "nm=0", "-D", "urls={}", "-D", "types={}",
               "-D", "run=%s" % run,
               "-D", "conf=%s" % conf, "-D", "ver=%s" % ver, "-l",
               "--log-prefix=%s" % os.path.join(logdir, "log"),
               "-h", self.run_dir(), "-p", "5432", "-U", "sophie", "sophie"]
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=duration + 120)
        out = p.stdout.decode()
        if p.returncode != 0:
            raise RuntimeError("pgbench: %s %s" % (out[-1500:],
                                                   p.stderr.decode()[-1500:]))
        m = re.search(r"tps = ([0-9.]+) \(without initial", out)
        n = re.search(r"number of transactions actually processed: (\d+)",
                      out)
        lat = []
        for fn in os.listdir(logdir):
            with open(os.path.join(logdir, fn)) as f:
                for line in f:
                    parts = line.split()
                    if len(parts) >= 3:
                        lat.append(int(parts[2]) / 1000.0)
        lat.sort()
        return {"rps": float(m.group(1)) if m else float("nan"),
                "requests": int(n.group(1)) if n else len(lat),
                "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99),
                "max_ms": lat[-1] if lat else float("nan"),
                "quiet": quiet + self.wal_since(wal)}

    def row(self, part, name, conns, r, note=""):
        self.rows.append((part, name, conns, r, note))
        errs = ""
        if r is not None and "err_status" in r:
            e = (r["err_status"], r["err_connect"], r["err_read"],
                 r["err_write"], r["err_timeout"])
            if any(e):
                errs = "non-2xx %d, socket %d/%d/%d/%d" % e
        say("  %-44s c=%-3d %9s req/s  p50 %7s ms  p99 %7s ms  %s%s" % (
            name, conns, fmt(r and r.get("rps")),
            fmt(r and r.get("p50_ms"), "%.2f"),
            fmt(r and r.get("p99_ms"), "%.2f"), errs,
            ("  " + note) if note else ""))

    # --- part 1 ------------------------------------------------------------

    def stored(self, prefix):
        return int(self.value("SELECT count(*) FROM messages WHERE "
                              "twilio_sid LIKE '%s%%'" % prefix))

    def quiet_db(self, limit=60):
        """Wait (at most limit seconds) until no autovacuum worker runs:
        the previous run's inserts wake autovacuum, which would take a
        core from the next run.  Returns a note for the row, or ""."""
        t0 = time.time()
        while time.time() - t0 < limit:
            n = int(self.value("SELECT count(*) FROM pg_stat_activity "
                               "WHERE backend_type = 'autovacuum worker'")
                    or 0)
            if n == 0:
                waited = time.time() - t0
                return ("; waited %.0f s for autovacuum" % waited
                        if waited >= 1 else "")
            time.sleep(0.5)
        return "; autovacuum still running after %d s" % limit

    def wal_mark(self):
        """Checkpoints so far, and the WAL written and its full-page
        images (pg_stat_wal), to be compared after a run."""
        v = self.value("SELECT (SELECT checkpoints_timed + checkpoints_req "
                       "FROM pg_stat_bgwriter) || ' ' || wal_fpi || ' ' || "
                       "wal_bytes FROM pg_stat_wal")
        c, f, b = v.split()
        return int(c), int(f), int(b)

    def wal_since(self, mark):
        """What the database wrote during a run, for the row's note.  A
        checkpoint during a run, or in the minutes before it, makes each
        page's first change after it write the whole page to the WAL
        (full-page images): more bytes to flush at every commit."""
        c, f, b = self.wal_mark()
        n = c - mark[0]
        return "; WAL %.0f MB, %d full-page images%s" % (
            (b - mark[2]) / 1e6, f - mark[1],
            ", %d checkpoint%s during the run" % (n, "s" if n > 1 else "")
            if n else "")

    def timing_log(self):
        return os.path.join(self.dir, "log", "nginx-timing.log")

    def timing_mark(self):
        """Where nginx's timing log ends now (SOPHIE_NGINX_TIMING)."""
        try:
            return os.path.getsize(self.timing_log())
        except OSError:
            return 0

    def timing_since(self, mark, prefix="/webhook/"):
        """Percentiles of nginx's $request_time and $upstream_response_time
        over the 200 answers to paths starting with prefix logged after
        mark (the log has $uri: no query string)."""
        req, up = [], []
        try:
            with open(self.timing_log()) as f:
                f.seek(mark)
                for line in f:
                    p = line.split()
                    if (len(p) == 4 and p[2] == "200" and
                            p[3].startswith(prefix) and p[1] != "-"):
                        req.append(float(p[0]) * 1000)
                        up.append(float(p[1]) * 1000)
        except (OSError, ValueError):
            return {}
        if not req:
            return {}
        req.sort()
        up.sort()
        return {"nginx_n": len(req), "nginx_p50_ms": pct(req, 50),
                "nginx_p99_ms": pct(req, 99), "upstream_p99_ms": pct(up, 99)}

    def webhook_run(self, label, prefix, conns, dur):
        n = int(self.args.max_rate * dur * (1.0 if conns >= 16 else 0.6))
        reqs = self.make_requests(prefix, n)
        quiet = self.quiet_db()
        wal = self.wal_mark()
        url = "http://127.0.0.1:%d/webhook/whatsapp/%s" % (
            self.port, self.demo["clinic_id"])
        mark = self.timing_mark()
        r = self.wrk(url, "webhook.lua", conns, dur,
                     {"BENCH_REQUESTS": reqs})
        os.unlink(reqs)
        time.sleep(1.5)     # in-flight requests finish; nginx flushes its log
        r.update(self.timing_since(mark))
        acked = r["requests"] - r["err_status"]
        stored = self.stored(prefix)
        inflight = max(0, r["issued"] - r["requests"])
        ok = (r["wrapped"] == 0 and acked <= stored <= acked + inflight)
        r["acked"] = acked
        r["stored"] = stored
        r["store_ok"] = ok
        note = "stored %d, 200s %d, in flight at stop %d%s -> %s" % (
            stored, acked, inflight,
            ", WRAPPED %d" % r["wrapped"] if r["wrapped"] else "",
            "every acknowledged message stored" if ok else "MISMATCH")
        self.row(1, label, conns, r, note + quiet + self.wal_since(wal))
        if r.get("nginx_n"):
            say("    nginx's own times for the run's %d answers (ms "
                "resolution): request p50 %.0f / p99 %.0f ms, of which "
                "the responder p99 %.0f ms; wrk's extra time passes "
                "before nginx reads a request or after it wrote the "
                "answer (wrk, nginx's event loop and PostgreSQL share "
                "the cores)" % (
                    r["nginx_n"], r["nginx_p50_ms"], r["nginx_p99_ms"],
                    r["upstream_p99_ms"]))
        return r

    def part1(self):
        a = self.args
        dur = a.duration
        fs = self.value("SHOW fsync")
        sc = self.value("SHOW synchronous_commit")
        say("")
        say("== Part 1: WhatsApp intake (loopback, %d s per run, wrk -t2; "
            "PostgreSQL fsync=%s synchronous_commit=%s; webhook pool %d; "
            "nginx webhook limit %s) ==" % (dur, fs, sc, a.webhook_pool,
                                           a.webhook_rate))
        self.add_bench_server()
        # (a) and (b) cycle through one request file (nothing stored).
        reqs = self.make_requests("SMBASE", 50000)
        env = {"BENCH_REQUESTS": reqs}
        ra = self.wrk("http://127.0.0.1:%d/ok" % self.port2, "webhook.lua",
                      16, dur, env)
        self.row(1, "(a) nginx return 200", 16, ra)
        rb = self.wrk("http://127.0.0.1:%d/fcgi" % self.port2,
                      "webhook.lua", 16, dur, env)
        self.row(1, "(b) nginx -> bare libfcgi responder", 16, rb)
        os.unlink(reqs)
        stamp = "%x" % int(time.time())
        rcw = rc4w = None
        if not a.no_worker_run:
            rcw = self.webhook_run("(c) webhook, worker running", "SMBW" +
                                   stamp + "x", 16, dur)
            rc4w = self.webhook_run("(c) webhook, worker running", "SMB4W" +
                                    stamp + "x", 4, dur)
        self.stop_worker()
        rc = self.webhook_run("(c) webhook, worker stopped", "SMBN" + stamp +
                              "x", 16, dur)
        rc4 = self.webhook_run("(c) webhook, worker stopped", "SMB4N" +
                               stamp + "x", 4, dur)
        rd = self.pgbench(16, dur, "SMPG" + stamp)
        self.row(1, "(d) pgbench intake statement", 16, rd,
                 "%d transactions%s" % (rd["requests"], rd["quiet"]))
        rd4 = self.pgbench(4, dur, "SMPG4" + stamp)
        self.row(1, "(d) pgbench intake statement", 4, rd4,
                 "%d transactions%s" % (rd4["requests"], rd4["quiet"]))
        say("")
        say("  ratios:")
        say("    (c)/(d) webhook / database limit, 16 conns, worker "
            "stopped: %.2f   (target >= 0.75)" % (rc["rps"] / rd["rps"]))
        if rcw:
            say("    (c)/(d) webhook / database limit, 16 conns, worker "
                "running: %.2f" % (rcw["rps"] / rd["rps"]))
        say("    (c)/(d) at equal concurrency, 4 conns, worker stopped:"
            " %.2f   (the webhook holds at most min(connections, pool "
            "of %d) transactions open at once; pgbench one per client)" % (
                rc4["rps"] / rd4["rps"], a.webhook_pool))
        say("    (b)/(a) FastCGI hop / nginx alone:                  "
            "%.2f" % (rb["rps"] / ra["rps"]))
        say("    (c)/(b) webhook / bare FastCGI responder:           "
            "%.2f" % (rc["rps"] / rb["rps"]))
        allok = all(r["store_ok"] for r in (rc, rc4, rcw, rc4w) if r)
        self.summary += [
            ("(a) nginx return 200, 16 conns", "%.0f req/s" % ra["rps"],
             ""),
            ("(b) bare libfcgi via nginx, 16 conns", "%.0f req/s" %
             rb["rps"], ""),
            ("(c) webhook, 16 conns, worker stopped", "%.0f req/s, p99 "
             "%.2f ms" % (rc["rps"], rc["p99_ms"]), ""),
        ]
        if rcw:
            self.summary.append(("(c) webhook, 16 conns, worker running",
                                 "%.0f req/s, p99 %.2f ms" % (
                                     rcw["rps"], rcw["p99_ms"]), ""))
        self.summary += [
            ("(d) pgbench intake, 16 conns", "%.0f tps, p99 %.2f ms" % (
                rd["rps"], rd["p99_ms"]), ""),
            ("ratio (c)/(d), worker stopped", "%.2f" % (rc["rps"] /
                                                        rd["rps"]),
             ">= 0.75"),
            ("ratio (c)/(d) at 4 conns, worker stopped", "%.2f" % (
                rc4["rps"] / rd4["rps"]), ""),
            ("ratio (b)/(a)", "%.2f" % (rb["rps"] / ra["rps"]), ""),
            ("(c) p99 at 4 conns, worker stopped", "%.2f ms" %
             rc4["p99_ms"], "< 10 ms"),
        ]
        if rc4.get("nginx_n"):
            self.summary.append((
                "(c) p99 at 4 conns, worker stopped, as nginx timed it",
                "%.0f ms (responder %.0f ms)" % (rc4["nginx_p99_ms"],
                                                 rc4["upstream_p99_ms"]),
                ""))
        if rc4w:
            self.summary.append(("(c) p99 at 4 conns, worker running",
                                 "%.2f ms" % rc4w["p99_ms"], "< 10 ms"))
        self.summary.append(("every acknowledged message stored",
                             "yes" if allok else "NO", "yes"))

    # --- part 2 ------------------------------------------------------------

    def part2(self):
        a = self.args
        say("")
        say("== Part 2: admin at scale (%d clinics, %d appointments, %d "
            "messages requested) ==" % (a.clinics, a.appts, a.msgs))
        t = time.time()
        try:
            self.psql(None, timeout=a.scale_timeout, variables={
                "clinics": a.clinics, "patients": a.patients,
                "appts": a.appts, "msgs": a.msgs},
                fname=os.path.join(HERE, "scale.sql"))
        except subprocess.TimeoutExpired:
            say("  generation did not finish in %d s: the sizes below are "
                "what fitted" % a.scale_timeout)
        gen = time.time() - t
        t = time.time()
        # jobs: Part 1's intake left tens of thousands of queued jobs,
        # which autovacuum would otherwise visit during the measured runs.
        self.psql("VACUUM ANALYZE clinics, patients, conversations, "
                  "messages, appointments, jobs", timeout=600)
        # Flush the generated data now: otherwise the checkpoint its WAL
        # started writes it out during the measured runs.
        self.psql("CHECKPOINT", timeout=600)
        vac = time.time() - t
        sizes = self.psql(
            "SELECT (SELECT count(*) FROM clinics), "
            "(SELECT count(*) FROM patients), "
            "(SELECT count(*) FROM conversations), "
            "(SELECT count(*) FROM appointments), "
            "(SELECT count(*) FROM messages), "
            "(SELECT count(*) FROM patients WHERE clinic_id = '%s'), "
            "(SELECT count(*) FROM conversations WHERE clinic_id = '%s'), "
            "(SELECT count(*) FROM appointments WHERE clinic_id = '%s'), "
            "(SELECT count(*) FROM messages WHERE clinic_id = '%s'), "
            "pg_size_pretty(pg_database_size('sophie'))" %
            ((BENCH_CLINIC,) * 4)).strip().split("\t")
        say("  generated in %.0f s (psql, generate_series), VACUUM ANALYZE "
            "and CHECKPOINT "
            "%.0f s; database %s" % (gen, vac, sizes[9]))
        say("  whole database: %s clinics, %s patients, %s conversations, "
            "%s appointments, %s messages" % tuple(sizes[:5]))
        say("  measured clinic %s: %s patients, %s conversations, %s "
            "appointments, %s messages" % ((BENCH_CLINIC,) +
                                           tuple(sizes[5:9])))
        self.summary.append(("scale data", "%s clinics, %s appointments, "
                             "%s messages" % (sizes[0], sizes[3],
                                              sizes[4]), ""))
        email = "bench-admin@bench.sophie.local"
        password = "bench-admin-password-2026"
        self.ctl("user", "add", "--clinic", BENCH_CLINIC, "--email", email,
                 "--password", password, "--name", "Bench Admin")
        token = self.login(email, password)
        # API clients (Bearer, JSON) and a browser (session cookie, the
        # page rendered through the templates).
        cookie = "sophie=%s" % token
        day = self.agenda_day()
        agenda = "/agenda?date=%s&view=" % day
        # (label, path after /admin, cookie, target p99 in ms)
        routes = [("GET dashboard/stats", "/dashboard/stats", None, 15),
                  ("GET conversations", "/conversations", None, 15),
                  ("GET conversations, HTML page", "/conversations",
                   cookie, 15),
                  ("GET agenda day, HTML page", agenda + "day", cookie,
                   20),
                  ("GET agenda week, HTML page", agenda +
                   "week&practitioner_id=" + BENCH_PRAC, cookie, 20)]
        say("  agenda pages: %s (%s), day of every practitioner and week "
            "of practitioner %s; %s" % (day, "Europe/Paris", BENCH_PRAC,
                                        self.agenda_sizes(day)))
        for label, suffix, ck, target in routes:
            path = "/clinic/%s/admin%s" % (BENCH_CLINIC, suffix)
            st = self.get_status(path, token, ck)
            if token is None or st != 200:
                say("  %-44s not available (HTTP %s)" % (label, st))
                self.summary.append((label + " p99, 16 conns",
                                     "not available", "< %d ms" % target))
                continue
            url = "http://127.0.0.1:%d%s" % (self.port, path)
            env = {"BENCH_TOKEN": token, "BENCH_COOKIE": ck or ""}
            # nginx logs $uri: the prefix tells this route's answers
            prefix = path.split("?")[0]
            quiet = self.quiet_db()
            mark = self.timing_mark()
            r1 = self.wrk(url, "get.lua", 1, max(3, a.duration // 2), env)
            time.sleep(1.5)     # nginx flushes its timing log (1 s)
            r1.update(self.timing_since(mark, prefix))
            self.row(2, label, 1, r1, quiet.lstrip("; "))
            self.nginx_row(r1, target)
            quiet = self.quiet_db()
            before = self.pg_faults()
            mark = self.timing_mark()
            r = self.wrk(url, "get.lua", 16, a.duration, env)
            after = self.pg_faults()
            time.sleep(1.5)
            r.update(self.timing_since(mark, prefix))
            faults = sum(max(0, n - before[p]) for p, n in after.items()
                         if p in before)
            self.row(2, label, 16, r, quiet.lstrip("; "))
            self.nginx_row(r, target)
            if r.get("requests"):
                say("    PostgreSQL page faults: %.2f per request (glibc "
                    "malloc settings, scripts/stack.sh)" %
                    (faults / float(r["requests"])))
            self.summary.append((label + " p50/p99, 16 conns",
                                 "%.2f / %.2f ms (%.0f req/s)" % (
                                     r["p50_ms"], r["p99_ms"], r["rps"]),
                                 "p99 < %d ms" % target))
            if ck is not None and r.get("nginx_n"):
                self.summary.append((label + ", nginx p50/p99, 16 conns",
                                     "%.0f / %.0f ms" % (
                                         r["nginx_p50_ms"],
                                         r["nginx_p99_ms"]),
                                     "p99 < %d ms" % target))
        self.plans(day)

    @staticmethod
    def nginx_row(r, target):
        """nginx's own times ($request_time, ms resolution) of a run, under
        its wrk row, with the route's target."""
        if not r.get("nginx_n"):
            say("    nginx's own times: none logged")
            return
        say("    %-42s n=%-5d p50 %5.0f ms  p99 %5.0f ms  (responder "
            "p99 %.0f ms)  [target p99 < %d ms]" % (
                "nginx's own times ($request_time)", r["nginx_n"],
                r["nginx_p50_ms"], r["nginx_p99_ms"], r["upstream_p99_ms"],
                target))

    def agenda_day(self):
        """The day the agenda rows show: today in the measured clinic's
        zone, or the next Monday on a weekend (the clinic is closed)."""
        return self.value(
            "SELECT to_char(d + CASE extract(isodow FROM d) WHEN 6 THEN 2 "
            "WHEN 7 THEN 1 ELSE 0 END, 'YYYY-MM-DD') FROM (SELECT (now() "
            "AT TIME ZONE 'Europe/Paris')::date AS d) x")

    def agenda_sizes(self, day):
        """What the agenda pages of day show: appointments (not
        cancelled) that day and that week of BENCH_PRAC."""
        v = self.psql(
            "SELECT (SELECT count(*) FROM appointments WHERE clinic_id = "
            "'%s' AND status <> 'cancelled' AND (starts_at AT TIME ZONE "
            "'Europe/Paris')::date = '%s'), (SELECT count(*) FROM "
            "appointments WHERE clinic_id = '%s' AND practitioner_id = "
            "'%s' AND status <> 'cancelled' AND (starts_at AT TIME ZONE "
            "'Europe/Paris')::date >= date_trunc('week', '%s'::date) AND "
            "(starts_at AT TIME ZONE 'Europe/Paris')::date < "
            "date_trunc('week', '%s'::date) + interval '7 days')" % (
                BENCH_CLINIC, day, BENCH_CLINIC, BENCH_PRAC, day,
                day)).strip().split("\t")
        if len(v) != 2:
            return "appointments shown: ?"
        return ("%s appointments that day (3 practitioners), %s that "
                "week for the practitioner" % tuple(v))

    def pg_faults(self):
        """Page faults (minor and major) of each of the suite's PostgreSQL
        processes so far, by pid, from /proc (the postmaster's pid
        file)."""
        try:
            with open(os.path.join(self.dir, "pg", "postmaster.pid")) as f:
                pm = f.readline().strip()
        except OSError:
            return {}
        faults = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % pid) as f:
                    st = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields after the name: state ppid ... minflt(8) majflt(10)
            if pid == pm or st[1] == pm:
                faults[pid] = int(st[7]) + int(st[9])
        return faults

    def login(self, email, password):
        body = json.dumps({"email": email, "password": password}).encode()
        for _ in range(10):
            c = http.client.HTTPConnection("127.0.0.1", self.port,
                                           timeout=30)
            c.request("POST", "/clinic/%s/admin/login" % BENCH_CLINIC,
                      body=body, headers={"Content-Type":
                                          "application/json",
                                          "Accept": "application/json"})
            r = c.getresponse()
            data = r.read()
            c.close()
            if r.status == 200:
                return json.loads(data).get("token")
            if r.status not in (429, 503):
                say("  login: HTTP %d %s" % (r.status, data[:200]))
                return None
            time.sleep(2)
        return None

    def get_status(self, path, token, cookie=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request("GET", path, headers={
            "Authorization": "Bearer %s" % token,
            "Accept": "application/json"} if cookie is None else {
            "Cookie": cookie, "Accept": "text/html"})
        r = c.getresponse()
        r.read()
        c.close()
        return r.status

    def plans(self, day):
        big = ("messages", "appointments", "conversations", "patients",
               "clinics", "practitioner_working_hours",
               "practitioner_treatments")
        now = "%d" % int(time.time())
        # the agenda pages' bounds: local midnights (Europe/Paris) of the
        # day, the next day, and the Monday and Monday after of its week
        bounds = self.psql(
            "SELECT extract(epoch FROM (d::timestamp AT TIME ZONE z))"
            "::bigint, extract(epoch FROM ((d + 1)::timestamp AT TIME ZONE "
            "z))::bigint, extract(epoch FROM (w AT TIME ZONE z))::bigint, "
            "extract(epoch FROM ((w + interval '7 days') AT TIME ZONE z))"
            "::bigint FROM (SELECT '%s'::date AS d, date_trunc('week', "
            "'%s'::date)::timestamp AS w, 'Europe/Paris' AS z) x" % (
                day, day)).strip().split("\t")
        cur = self.psql(
            "SELECT last_message_at, id FROM conversations WHERE "
            "clinic_id = '%s' ORDER BY last_message_at DESC, id DESC "
            "OFFSET 50 LIMIT 1" % BENCH_CLINIC).strip().split("\t")
        queries = [
            ("lib/admin_dashboard.c", "st_stats", "dashboard stats",
             "'%s', %s" % (BENCH_CLINIC, now)),
            (CONV_PAGE_SQL, "admin_conversation_page",
             "conversation list, first page",
             "'%s', NULL, NULL" % BENCH_CLINIC),
            (CONV_PAGE_SQL, "admin_conversation_page",
             "conversation list, second page (keyset)",
             "'%s', '%s', '%s'" % (BENCH_CLINIC, cur[0], cur[1])),
            ("lib/admin_conversations.c", "st_list",
             "conversation list filtered (waiting for staff)",
             "'%s', NULL, NULL, NULL, '1', NULL" % BENCH_CLINIC),
            # the superadmin's search runs with custom plans (as every
            # superadmin statement); its generic plan is shown as well
            ("lib/super_lists.c", "st_patients_search",
             "superadmin patient search, all clinics",
             "NULL, NULL, NULL, '%nom4242%'"),
            # the agenda pages: their appointments, and what
            # booking_busy() reads on each of them (the booked time of
            # the whole horizon, for the free cells)
            ("lib/agenda_page.c", "st_appts",
             "agenda day, every practitioner",
             "'%s', %s, %s, NULL" % (BENCH_CLINIC, bounds[0], bounds[1])),
            ("lib/agenda_page.c", "st_appts_prac",
             "agenda week, one practitioner",
             "'%s', %s, %s, '%s'" % (BENCH_CLINIC, bounds[2], bounds[3],
                                     BENCH_PRAC)),
            ("lib/booking.c", "st_catalogue",
             "agenda: the clinic's catalogue (booking_load)",
             "'%s'" % BENCH_CLINIC),
            ("lib/booking.c", "st_booked",
             "agenda: booked time to the horizon (booking_busy)",
             "'%s', %s, %s, NULL" % (BENCH_CLINIC, now,
                                     int(now) + 93 * 86400)),
            # what the agenda day page reads since booking_busy_range:
            # the days shown, with a day on either side
            ("lib/booking.c", "st_booked",
             "agenda day: booked time of the days shown "
             "(booking_busy_range)",
             "'%s', %d, %d, NULL" % (BENCH_CLINIC, int(bounds[0]) - 86400,
                                     int(bounds[1]) + 86400)),
        ]
        say("")
        say("  Query plans (EXPLAIN (ANALYZE, BUFFERS), the handlers' own "
            "SQL read from the C sources, measured clinic).  The lists, "
            "the dashboard and the calendar start with DB_PLAN_EACH_RUN: "
            "responders send them unnamed, planned with their values at "
            "every run (the custom plan); the generic plan is shown to "
            "say why (it is made for an average clinic).  Other "
            "statements are prepared once: their first 5 executions get "
            "a custom plan, later ones the generic plan when PostgreSQL "
            "estimates it cheaper.  The unfiltered conversation list is "
            "the body of sql/010's function, whose own settings (generic "
            "plan, no bitmap scans) give the plan responders run.")
        for src, name, label, params in queries:
            if src.endswith(".sql"):
                sql, sets = sql_function(src, name)
                modes = [("; ".join("SET " + x for x in sets),
                          "function's settings, what responders run"),
                         ("SET plan_cache_mode = force_generic_plan",
                          "generic without the function's settings, "
                          "not used")]
            else:
                sql = c_statement(src, name)
                each = c_each_run(src, name)
                modes = [("SET plan_cache_mode = force_custom_plan",
                          "custom" + (", what responders run" if each
                                      else "")),
                         ("SET plan_cache_mode = force_generic_plan",
                          "generic" + (", not used" if each else ""))]
            if sql is None:
                say("  %s: %s not found in %s" % (label, name, src))
                continue
            for setting, kind in modes:
                out = self.psql("%s;\nPREPARE q AS %s;\nEXPLAIN (ANALYZE, "
                                "BUFFERS) EXECUTE q(%s);\n" % (
                                    setting, sql, params))
                verdict = self.judge(sql, out, big)
                exec_ms = re.search(r"Execution Time: ([0-9.]+) ms", out)
                say("")
                say("  -- %s, %s plan (%s %s), execution %s ms: %s" % (
                    label, kind, src, name,
                    exec_ms.group(1) if exec_ms else "?", verdict))
                for line in out.rstrip().splitlines():
                    say("     " + line)
                self.summary.append(("plan: %s (%s)" % (label, kind),
                                     "%s ms; %s" % (
                                         exec_ms.group(1) if exec_ms
                                         else "?", verdict),
                                     "index-backed"))

    @staticmethod
    def judge(sql, plan, big):
        """A one-line verdict on a plan: sequential scans of the large
        tables, OFFSET, and the largest number of rows a scan node read
        (rows x loops), which shows a count or sort over a whole
        clinic."""
        seq = sorted(set(t for t in re.findall(r"Seq Scan on (\w+)", plan)
                         if t in big and t != "clinics"))
        most, node = 0, ""
        for line in plan.splitlines():
            m = re.search(r"((?:Bitmap Heap|Bitmap Index|Index Only|"
                          r"(?<!Bitmap )Index|Seq) Scan"
                          r"(?: Backward)?(?: using \w+)? on \w+).*"
                          r"actual time=[0-9.]+\.\.[0-9.]+ rows=(\d+) "
                          r"loops=(\d+)", line)
            if m and int(m.group(2)) * int(m.group(3)) > most:
                most = int(m.group(2)) * int(m.group(3))
                node = m.group(1)
        v = ("index-backed" if not seq else
             "NOT index-backed (Seq Scan on %s)" % ", ".join(seq))
        if re.search(r"\bOFFSET\b", sql, re.I):
            v += ", uses OFFSET"
        if node:
            v += ", largest scan %d rows (%s)" % (most, node)
        return v

    # --- part 3 ------------------------------------------------------------

    def part3(self):
        say("")
        say("== Part 3: module figures ==")
        env = dict(os.environ)
        env.pop("MAKEFLAGS", None)
        env.pop("MAKELEVEL", None)
        targets = [("bench-slots", None), ("bench-tmpl", None),
                   ("nlu-eval", r"^bench:"), ("bench-engine", None)]
        for target, pattern in targets:
            dry = subprocess.run(["make", "-n", target], cwd=TOP, env=env,
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, timeout=60)
            if dry.returncode != 0:
                say("  make %-14s not available" % target)
                continue
            p = subprocess.run(["make", "--no-print-directory", "-s",
                                "B=" + BUILD, target], cwd=TOP, env=env,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=600)
            lines = p.stdout.decode("utf-8", "replace").splitlines()
            if pattern:
                lines = [l for l in lines if re.search(pattern, l)]
            else:
                lines = [l for l in lines if re.search(r"/s\b", l)]
            if p.returncode != 0 and not lines:
                say("  make %-14s failed (exit %d)" % (target, p.returncode))
                continue
            for l in lines:
                say("  make %-14s %s" % (target, l.strip()))
            for l in lines:
                m = re.search(r"([0-9.]+)\s*(messages/s|requests/s|"
                              r"renders/s|calls/s|proposals/s|[a-z]+/s)", l)
                if m:
                    self.summary.append(("%s" % target, "%s %s" % (
                        m.group(1), m.group(2)), ""))

    # --- all -------------------------------------------------------------

    def info(self):
        nginx = subprocess.run(["/usr/sbin/nginx", "-v"],
                               stderr=subprocess.PIPE).stderr.decode()
        pg = self.value("SHOW server_version")
        say("bench: %d cores, %s; PostgreSQL %s; %s; wrk %s" % (
            os.cpu_count(), os.uname().release, pg,
            nginx.strip().replace("nginx version: ", ""),
            subprocess.run(["wrk", "-v"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT).stdout.decode()
            .split()[1] if shutil.which("wrk") else "missing"))
        sql = c_statement("lib/intake.c", "st_intake")
        want = None
        with open(os.path.join(HERE, "intake.sql")) as f:
            m = re.search(r"st_intake sha256/16: ([0-9a-f]+)", f.read())
            want = m.group(1) if m else None
        got = hashlib.sha256(sql.encode()).hexdigest()[:16] if sql else None
        if got != want:
            say("bench: WARNING: st_intake in lib/intake.c changed (%s, "
                "bench/intake.sql copies %s): update bench/intake.sql" %
                (got, want))
            self.notes.append("bench/intake.sql is not the current "
                              "st_intake")

    def load(self, when):
        """Note the load average (other work on the machine lowers the
        figures)."""
        with open("/proc/loadavg") as f:
            la = f.read().split()[:3]
        say("bench: load average %s %s" % (when, " ".join(la)))
        self.notes.append("load average %s: %s" % (when, " ".join(la)))

    def final(self):
        say("")
        say("== Summary (%s, %d cores, %.0f s in all) ==" % (
            time.strftime("%Y-%m-%d %H:%M"), os.cpu_count(),
            time.time() - self.t0))
        for label, v, target in self.summary:
            say("  %-44s %s%s" % (label, v, ("   [target %s]" % target)
                                   if target else ""))
        for n in self.notes:
            say("  note: " + n)
        say("  (figures, not verdicts: targets are printed beside them; "
            "a run on a loaded machine gives lower figures)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=int, default=10,
                    help="seconds per wrk/pgbench run (default 10)")
    ap.add_argument("--webhook-pool", type=int, default=8)
    ap.add_argument("--webhook-rate", default="100000r/s",
                    help="nginx limit_req rate for /webhook/ during the "
                    "bench (the suite's default would cap the load)")
    ap.add_argument("--max-rate", type=int, default=12000,
                    help="webhook requests/s to pre-sign for (bounds the "
                    "number of unique requests per run)")
    ap.add_argument("--clinics", type=int, default=1000)
    ap.add_argument("--patients", type=int, default=100000)
    ap.add_argument("--appts", type=int, default=100000)
    ap.add_argument("--msgs", type=int, default=1000000)
    ap.add_argument("--scale-timeout", type=int, default=600)
    ap.add_argument("--skip-pipeline", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--skip-modules", action="store_true")
    ap.add_argument("--no-worker-run", action="store_true",
                    help="measure (c) with the worker stopped only")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temp dir (the suite is stopped)")
    ap.add_argument("--only", default="",
                    help="run only these parts, comma-separated: latency, "
                    "turns (Part 0), intake (Part 1), scale (Part 2), "
                    "modules (Part 3); e.g. --only latency,turns")
    ap.add_argument("--hosts-conns", type=int, default=8,
                    help="wrk connections per host in the hosts row's "
                    "two-host run, twice that on the one host (--only "
                    "hosts: intake through two hosts against one "
                    "database, as a ratio of one host; default 8)")
    ap.add_argument("--hosts-pool", type=int, default=0,
                    help="webhook pool of each of the two hosts (default "
                    "half of --webhook-pool: the same responders in all)")
    ap.add_argument("--skip-worker", action="store_true",
                    help="skip Part 0 (latency and turns)")
    ap.add_argument("--turns", type=int, default=5000,
                    help="conversation_turn jobs in the backlog (Part 0)")
    ap.add_argument("--turn-phones", type=int, default=500,
                    help="patients writing them (turns each: turns/phones)")
    ap.add_argument("--turn-workers", default="2,8",
                    help="SOPHIE_WORKERS for the turns run; several, "
                    "comma-separated, give a row each (default: 2, one "
                    "per core, and 8, the shipped default)")
    ap.add_argument("--turns-old", default="",
                    help="a build directory (e.g. build-old: make "
                    "B=build-old at the commit to compare with) whose "
                    "worker runs the turns against this build's, in "
                    "pairs on the same suite: ratios new/old of turns/s "
                    "and CPU per turn")
    ap.add_argument("--turn-pairs", type=int, default=2,
                    help="old/new pairs per worker count with --turns-old "
                    "(the order alternates)")
    ap.add_argument("--twilio", choices=("sink", "fake"), default="sink",
                    help="where the turns run's replies are posted: "
                    "bench/twilio_sink (C, cheap: default) or the tests' "
                    "fake Twilio (Python)")
    ap.add_argument("--profile-turns", type=int, default=300,
                    help="turns run with PostgreSQL's statement log for the "
                    "profile (0: none)")
    ap.add_argument("--latency-workers", type=int, default=8,
                    help="SOPHIE_WORKERS for the latency rows (default: "
                    "8, the shipped default)")
    ap.add_argument("--latency-rounds", default="20,5,8,3",
                    help="rounds of the latency rows: LLM off 1 patient, "
                    "LLM off 20 at once, LLM 1 s 1 patient, LLM 1 s 20 at "
                    "once")
    args = ap.parse_args()
    args.turn_workers = [int(x) for x in args.turn_workers.split(",") if x]
    (args.latency_rounds_1, args.latency_rounds_20, args.latency_rounds_llm_1,
     args.latency_rounds_llm_20) = [int(x) for x in
                                    args.latency_rounds.split(",")]
    known = {"latency", "turns", "intake", "scale", "modules", "hosts"}
    parts = set(x.strip() for x in args.only.split(",") if x.strip()) \
        if args.only else set(known)
    if parts - known:
        sys.exit("bench: unknown part(s) %s (known: %s)" % (
            ", ".join(sorted(parts - known)), ", ".join(sorted(known))))
    if args.skip_worker:
        parts -= {"latency", "turns"}
    if args.skip_pipeline:
        parts.discard("intake")
    if args.skip_scale:
        parts.discard("scale")
    if args.skip_modules:
        parts.discard("modules")
    for tool in ("wrk", "pgbench", "spawn-fcgi", "psql"):
        if tool == "wrk" and not parts & {"intake", "scale", "hosts"}:
            continue
        if shutil.which(tool) is None:
            sys.exit("bench: %s is missing (make bench installs wrk; "
                     "make deps the rest)" % tool)
    b = Bench(args)
    signal.signal(signal.SIGTERM, lambda *x: sys.exit(1))
    try:
        b.load("before the suite started")
        b.start()
        b.info()
        if parts & {"latency", "turns"}:
            worker_bench.WorkerBench(b, sys.modules[__name__]).part0(parts)
        if "intake" in parts:
            b.part1()
        if "hosts" in parts:
            hosts_bench.HostsBench(b, sys.modules[__name__]).part()
        if "scale" in parts:
            b.part2()
    finally:
        b.stop()
    if "modules" in parts:
        b.part3()
    b.load("at the end")
    b.final()


if __name__ == "__main__":
    main()
