"""make bench, the hosts row: WhatsApp intake through two application
hosts against one database, as a ratio of one host (issue 20).

Host a is the bench's suite (run.py's Bench).  Hosts b and c are two more
suites started with scripts/stack.sh, each in its own directory with
SOPHIE_EXTERNAL_DB=1: their own nginx on their own port, pools and worker,
and host a's DATABASE_URL, secrets and PUBLIC_BASE_URL (the name a load
balancer would answer to: requests signed for it are valid on every
host), as docs/scaling.md says to add a host.  Every worker is stopped
during the runs: the row measures the intake.

After a warm-up of the three hosts at once (half --duration, at least
3 s, not counted: every responder connects and prepares its statements),
three runs of --duration seconds each, in this order so that a drift of
the machine's other load shows: one host (host a, webhook pool
--webhook-pool, wrk -t2 with 2 x --hosts-conns connections), two hosts
(b and c at once, webhook pool --hosts-pool each, half of host a's by
default, wrk -t1 with --hosts-conns connections on each: the same
responders, database connections, load and wrk threads in all), one
host again.  Every phone of the row has a conversation before the runs,
and each host's requests come from its own phones.  Figures are read
server-side: the messages each run stored and the span of their
created_at in the database (requests per second as PostgreSQL committed
them), and nginx's own $request_time on each host (SOPHIE_NGINX_TIMING).
Printed: each run's figures, the load average and the machine's busy
share during it, the storage check (every 200 stored), and the ratio two
hosts / one host (the mean of the two one-host runs).

Imported by bench/run.py (its Bench and module).  Python standard
library only.  Every load is bounded in count (pre-signed requests) and
in time (wrk -d, subprocess timeouts).  See bench/README.md."""
import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

# Settings of host a's env file that host b sets for itself.
OWN_KEYS = ("PORT", "SOPHIE_DATA_DIR", "SOPHIE_TEMPLATE_DIR",
            "SOPHIE_NLU_MODEL", "SOPHIE_HOST_ID")


# Phones of the hosts row, apart from Part 0's (+3361..., +3362...) and
# Part 1's (+336 0000 0001 to +336 0001 0000): 10,000 per host.
PHONES = "+3364%07d"
PER_HOST = 10000


def say(*a):
    print(*a)
    sys.stdout.flush()


def machine_busy():
    """CPU ticks of the whole machine: (busy, all)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v) - idle, sum(v)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Host:
    """A second application host on the bench suite's database: its own
    directory, nginx port, pools and worker (scripts/stack.sh with
    SOPHIE_EXTERNAL_DB=1)."""

    def __init__(self, hb, name):
        self.hb = hb
        self.name = name
        self.dir = None
        self.port = None
        self.started = False

    def env(self):
        env = self.hb.b.env()
        env.update({"PORT": str(self.port), "SOPHIE_EXTERNAL_DB": "1",
                    "SOPHIE_NO_DEMO": "1", "SOPHIE_POOL_ADMIN": "1",
                    "SOPHIE_POOL_WEBHOOK": str(self.hb.a.hosts_pool)})
        return env

    def write_env_file(self):
        """The host's sophie.env: host a's settings (database, secrets,
        public URL, Twilio...) but its own port, directories and id."""
        with open(os.path.join(self.hb.b.dir, "sophie.env")) as f:
            lines = [l for l in f
                     if l.split("=", 1)[0].strip() not in OWN_KEYS]
        lines += ["PORT=%d\n" % self.port,
                  "SOPHIE_HOST_ID=bench-%s\n" % self.name]
        path = os.path.join(self.dir, "sophie.env")
        with open(path, "w") as f:
            f.writelines(lines)
        os.chmod(path, 0o600)

    def start(self):
        """Start the host, then stop its worker (the runs measure the
        intake alone).  Raises RuntimeError when it does not start."""
        self.dir = tempfile.mkdtemp(prefix="sophie-bench-%s-" % self.name)
        os.chmod(self.dir, 0o755)
        self.port = self.hb.run.free_port()
        self.write_env_file()
        say("bench: host %s on 127.0.0.1:%d in %s (same database, "
            "webhook pool %d)" % (self.name, self.port, self.dir,
                                  self.hb.a.hosts_pool))
        self.started = True
        p = subprocess.run([os.path.join(TOP, "scripts", "stack.sh"),
                            "start", self.dir], env=self.env(), cwd=TOP,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=300)
        if p.returncode != 0:
            raise RuntimeError("host %s did not start: %s" % (
                self.name, p.stderr.decode()[-2000:]))
        self.dir = os.path.realpath(self.dir)
        try:
            with open(os.path.join(self.dir, "run", "worker.pid")) as f:
                pid = int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return
        if self.hb.run.alive(pid):
            self.hb.run.kill_pids([pid])

    def stop(self):
        if self.started:
            subprocess.run([os.path.join(TOP, "scripts", "stack.sh"),
                            "stop", self.dir], env=self.env(), cwd=TOP,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=120)
            self.started = False
        if self.dir and not self.hb.a.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def target(self):
        """(port, nginx timing log) for one_run."""
        return (self.port, os.path.join(self.dir, "log",
                                        "nginx-timing.log"))


class HostsBench:
    """The hosts row on the suite of run.py's Bench b (module run)."""

    def __init__(self, b, run):
        self.b = b
        self.run = run
        self.a = b.args
        if self.a.hosts_pool <= 0:
            self.a.hosts_pool = max(1, self.a.webhook_pool // 2)
        if self.a.hosts_conns <= 0:
            self.a.hosts_conns = 8

    # --- one run -----------------------------------------------------------

    def make_requests(self, prefix, n, k):
        """A file of n signed webhook requests for the demo clinic (as
        run.py's make_requests) from host k's own phones: two hosts never
        take a message of one conversation at the same moment, which
        would wait on its row (the intake's upsert) and measure that
        instead.  Returns the file's path."""
        clinic = self.b.demo["clinic_id"]
        to = self.b.demo.get("whatsapp_number") or "+33100000000"
        base = self.b.env_file_value("PUBLIC_BASE_URL")
        url = (base + "/webhook/whatsapp/%s" % clinic).encode()
        key = self.b.demo["auth_token"].encode()
        out = os.path.join(self.b.dir, "req-%s.txt" % prefix)
        with open(out, "w") as f:
            for i in range(n):
                phone = PHONES % (k * PER_HOST + 1 + (i * 7919) % PER_HOST)
                fields = {"MessageSid": "%s%09d" % (prefix, i),
                          "SmsMessageSid": "%s%09d" % (prefix, i),
                          "AccountSid": "AC" + "0" * 31 + "1",
                          "From": "whatsapp:" + phone,
                          "To": "whatsapp:" + to,
                          "Body": self.run.BODY, "NumMedia": "0",
                          "ProfileName": "Bench", "WaId": phone[1:],
                          "NumSegments": "1", "SmsStatus": "received",
                          "ApiVersion": "2010-04-01"}
                data = url + b"".join(k_.encode() + v.encode() for k_, v in
                                      sorted(fields.items()))
                sig = base64.b64encode(hmac.new(key, data,
                                                hashlib.sha1).digest())
                f.write("%s\t%s\n" % (sig.decode(),
                                      urllib.parse.urlencode(fields)))
        return out

    def wrk_start(self, port, reqs, threads, conns, dur):
        env = dict(os.environ, BENCH_DIR=HERE, BENCH_THREADS=str(threads),
                   BENCH_REQUESTS=reqs)
        url = "http://127.0.0.1:%d/webhook/whatsapp/%s" % (
            port, self.b.demo["clinic_id"])
        cmd = ["wrk", "-t", str(threads), "-c", str(conns),
               "-d", "%ds" % dur, "--timeout", "5s", "-s",
               os.path.join(HERE, "webhook.lua"), url]
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)

    def wrk_wait(self, p, dur):
        out, err = p.communicate(timeout=dur + 120)
        for line in out.decode().splitlines():
            if line.startswith("BENCHJSON "):
                return json.loads(line[len("BENCHJSON "):])
        raise RuntimeError("wrk gave no summary: %s %s" % (
            out.decode()[-2000:], err.decode()[-2000:]))

    def nginx_times(self, log, mark):
        """(count, p50 ms, p99 ms) of nginx's $request_time over the 200
        answers to /webhook/ logged in log after byte mark."""
        req = []
        try:
            with open(log) as f:
                f.seek(mark)
                for line in f:
                    p = line.split()
                    if (len(p) == 4 and p[2] == "200" and
                            p[3].startswith("/webhook/")):
                        req.append(float(p[0]) * 1000)
        except (OSError, ValueError):
            pass
        req.sort()
        return (len(req), self.run.pct(req, 50), self.run.pct(req, 99))

    def stored(self, prefix, threads):
        """From the database: (messages stored with prefix, those stored
        while every sender was sending, the seconds of that window).  A
        sender is one wrk thread of one host: the k of the requests'
        file (the digit after prefix) and the thread that took the line
        (its number modulo threads, as bench/webhook.lua shares them).
        The window runs from the latest first message of a sender to the
        earliest last one: wrk's threads and processes load their
        requests one after the other, so the first to start sends alone
        for a while (seconds on a loaded machine), and counting that time
        would compare the start-ups rather than the hosts."""
        row = self.b.value(
            "WITH m AS (SELECT created_at AS t, substr(twilio_sid, %d, 1) "
            "|| ':' || (right(twilio_sid, 9)::bigint %% %d) AS s FROM "
            "messages WHERE twilio_sid LIKE '%s%%'), "
            "w AS (SELECT max(a) AS lo, min(b) AS hi FROM (SELECT min(t) "
            "AS a, max(t) AS b FROM m GROUP BY s) x) "
            "SELECT (SELECT count(*) FROM m) || ' ' || (SELECT count(*) "
            "FROM m, w WHERE m.t BETWEEN w.lo AND w.hi) || ' ' || "
            "coalesce((SELECT extract(epoch FROM hi - lo) FROM w), 0)" % (
                len(prefix) + 1, threads, prefix))
        n, inside, span = row.split()
        return int(n), int(inside), float(span)

    def one_run(self, label, hosts, prefix, conns, dur=None):
        """wrk with conns connections for dur seconds (--duration) on
        each (port, timing log, name) of hosts at once, each with its own
        pre-signed requests and phones, two wrk threads in all; returns
        the run's figures."""
        dur = dur or self.a.duration
        n = int(self.a.max_rate * dur)
        threads = 2 if len(hosts) == 1 else 1
        reqs = [self.make_requests("%s%d" % (prefix, i), n, i)
                for i in range(len(hosts))]
        quiet = self.b.quiet_db()
        marks = []
        for _, log, _ in hosts:
            try:
                marks.append(os.path.getsize(log))
            except OSError:
                marks.append(0)
        busy0 = machine_busy()
        procs = [self.wrk_start(port, r, threads, conns, dur)
                 for (port, _, _), r in zip(hosts, reqs)]
        res = [self.wrk_wait(p, dur) for p in procs]
        busy1 = machine_busy()
        la = loadavg()
        for r in reqs:
            os.unlink(r)
        time.sleep(1.5)     # in-flight requests end; nginx flushes its log
        stored, inside, span = self.stored(prefix, threads)
        acked = sum(r["requests"] - r["err_status"] for r in res)
        inflight = sum(max(0, r["issued"] - r["requests"]) for r in res)
        wrapped = sum(r["wrapped"] for r in res)
        ok = wrapped == 0 and acked <= stored <= acked + inflight
        nginx = [self.nginx_times(log, m)
                 for (_, log, _), m in zip(hosts, marks)]
        fig = {"label": label, "hosts": len(hosts),
               "db_rps": inside / span if span > 0 else float("nan"),
               "window": span,
               "wrk_rps": sum(r["rps"] for r in res),
               "stored": stored, "acked": acked, "store_ok": ok,
               "nginx": nginx, "load": la,
               "busy": 100.0 * (busy1[0] - busy0[0]) /
               max(1, busy1[1] - busy0[1]),
               "errors": sum(r["err_status"] + r["err_connect"] +
                             r["err_read"] + r["err_write"] +
                             r["err_timeout"] for r in res)}
        say("  %-34s %6.0f req/s stored (database, %.1f s with every "
            "sender on), wrk %6.0f req/s, machine busy %3.0f %%, load %s"
            % (label, fig["db_rps"], span, fig["wrk_rps"], fig["busy"],
               la))
        for i, (cnt, p50, p99) in enumerate(nginx):
            say("    host %s: nginx %d answers 200, request p50 %s / p99 "
                "%s ms" % (hosts[i][2], cnt, self.run.fmt(p50),
                           self.run.fmt(p99)))
        say("    stored %d, 200s %d, in flight at stop %d, errors %d%s -> "
            "%s%s" % (stored, acked, inflight, fig["errors"],
                      ", WRAPPED %d" % wrapped if wrapped else "",
                      "every acknowledged message stored" if ok else
                      "MISMATCH", quiet))
        return fig

    def known_phones(self):
        """Open a conversation for every phone of the row (both hosts'
        ranges) before the runs, so that every run stores messages of
        known conversations (the intake's upsert updates the row):
        otherwise the first run would open conversations and the later
        ones update them, and the ratio would compare the two."""
        self.b.psql(
            "INSERT INTO conversations (clinic_id, phone, last_inbound_at, "
            "last_message_at, last_body) SELECT '%s', '%s' || lpad(g::text, "
            "7, '0'), "
            "now(), now(), 'bench' FROM generate_series(1, %d) g "
            "ON CONFLICT (clinic_id, phone) WHERE status <> 'closed' DO "
            "NOTHING;\nVACUUM ANALYZE conversations;\n" % (
                self.b.demo["clinic_id"], PHONES.replace("%07d", ""),
                3 * PER_HOST), timeout=300)

    # --- the row -------------------------------------------------------------

    def part(self):
        """The row: hosts b and c beside the suite (host a), three runs,
        the ratio; the hosts are stopped whatever happens."""
        a = self.a
        one_conns = a.hosts_conns * 2
        say("")
        say("== Hosts: WhatsApp intake through two application hosts "
            "against one database (loopback, %d s per run, workers "
            "stopped) ==" % a.duration)
        say("  one host: host a, webhook pool %d, %d connections; two "
            "hosts: b and c at once, webhook pool %d and %d connections "
            "each.  All hosts share this machine's %d cores and its "
            "PostgreSQL: with the defaults (the same responders, "
            "database connections and load in all) the ratio says what "
            "splitting the intake across hosts costs, not what a second "
            "machine adds (see docs/scaling.md)." % (
                a.webhook_pool, one_conns, a.hosts_pool, a.hosts_conns,
                os.cpu_count()))
        hosts = [Host(self, "b"), Host(self, "c")]
        try:
            for h in hosts:
                h.start()
            self.b.stop_worker()
            self.known_phones()
            ha = (self.b.port, self.b.timing_log(), "a")
            two = [h.target() + (h.name,) for h in hosts]
            stamp = "%x" % int(time.time())
            # Every host's responders connect and prepare their
            # statements before anything is counted (without it the
            # first run was the slowest, every time).
            self.one_run("warm-up, all three (not counted)", [ha] + two,
                         "SMH0" + stamp + "x", a.hosts_conns,
                         max(3, a.duration // 2))
            r1 = self.one_run("one host (a)", [ha], "SMH1" + stamp + "x",
                              one_conns)
            r2 = self.one_run("two hosts (b + c)", two, "SMH2" + stamp +
                              "x", a.hosts_conns)
            r3 = self.one_run("one host (a), again", [ha], "SMH3" + stamp
                              + "x", one_conns)
        finally:
            for h in hosts:
                h.stop()
        one = (r1["db_rps"] + r3["db_rps"]) / 2
        ratio = r2["db_rps"] / one if one > 0 else float("nan")
        wone = (r1["wrk_rps"] + r3["wrk_rps"]) / 2
        wratio = r2["wrk_rps"] / wone if wone > 0 else float("nan")
        allok = all(r["store_ok"] for r in (r1, r2, r3))
        say("")
        say("  ratio two hosts / one host (stored per second, the "
            "database's created_at): %.2f   (one host %.0f and %.0f "
            "req/s, two %.0f; wrk's own ratio %.2f, see bench/README.md)"
            % (ratio, r1["db_rps"], r3["db_rps"], r2["db_rps"], wratio))
        self.b.summary += [
            ("intake, one host, pool %d, %d conns (database)" % (
                a.webhook_pool, one_conns),
             "%.0f req/s (mean of %.0f, %.0f)" % (one, r1["db_rps"],
                                                  r3["db_rps"]), ""),
            ("intake, two hosts, pool %d, %d conns each" % (
                a.hosts_pool, a.hosts_conns), "%.0f req/s" % r2["db_rps"],
             ""),
            ("ratio two hosts / one host, shared cores", "%.2f" % ratio,
             ""),
            ("hosts row: every acknowledged message stored",
             "yes" if allok else "NO", "yes"),
        ]
        self.b.notes.append("hosts row: load average after each run: %s" %
                            "; ".join(r["load"] for r in (r1, r2, r3)))
