"""make bench, Part 0: the worker.  What a patient feels (the reply's
latency, from server-side timestamps) and the worker pool's turns per
second, with a profile of the turn (statements, transactions, CPU).

Imported by bench/run.py, which gives its Bench (the suite, psql, the
demo clinic) and its own module (helpers).  Python standard library only.
Never a pass/fail on time.  Every loop is bounded in count and in time.
See bench/README.md, "Part 0"."""
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
IS_ROOT = os.geteuid() == 0
RUNUSER = "sophie"
ACCOUNT = "AC" + "0" * 31 + "1"
TW_TOKEN = "bench-twilio-token"

# What the patients write.  HOURS and BOOK: the rules are sure of them
# (no LLM); UNSURE: the rules are not, so a turn asks the LLM (the fake's
# call count checks it).
HOURS = "Quels sont vos horaires ?"
BOOK = "Je voudrais une consultation jeudi matin"
# 1 in 10 of the turns backlog: a month-wide search (every opening time
# of the month tried against the busy time) before its proposals.
MONTH = "Je voudrais une consultation le mois prochain"
UNSURE = "zorglub plif plouf"

# Phone ranges, apart from Part 1's (+336 0000 0001 to +336 0001 0000).
LAT_PREFIX = "+3362"
TURN_PREFIX = "+3361"


def say(*a):
    print(*a)
    sys.stdout.flush()


class Session:
    """One psql process kept open: queries on one connection.  A poll
    every 20 ms through a new psql (a process and a connection each time,
    about 20 ms of CPU) would take a core from what it measures."""

    END = "__bench_end__"

    def __init__(self, conninfo):
        self.p = subprocess.Popen(
            ["psql", "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=0",
             conninfo], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        self.buf = b""

    def rows(self, sql, timeout=60):
        """The rows of one statement, as lists of strings."""
        self.p.stdin.write(("%s;\n\\echo %s\n" % (sql.rstrip().rstrip(";"),
                                                 self.END)).encode())
        self.p.stdin.flush()
        out, end = [], time.time() + timeout
        fd = self.p.stdout.fileno()
        while True:
            while b"\n" not in self.buf:
                left = end - time.time()
                r = select.select([fd], [], [], max(0.0, left))[0]
                if not r:
                    raise RuntimeError("psql session: no answer in %d s" %
                                       timeout)
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise RuntimeError("psql session ended")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            line = line.decode("utf-8", "replace")
            if line == self.END:
                break
            if line.startswith(("ERROR:", "psql:")):
                raise RuntimeError("psql session: %s" % line)
            if line:
                out.append(line.split("\t"))
        return out

    def value(self, sql):
        r = self.rows(sql)
        return r[0][0] if r and r[0] else None

    def close(self):
        try:
            self.p.stdin.close()
            self.p.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            self.p.kill()


class Fake:
    """A fake of tests/fakes/ on a port the system picks."""

    def __init__(self, script, *args):
        self.p = subprocess.Popen(
            [sys.executable, os.path.join(TOP, "tests", "fakes", script),
             "--port", "0"] + list(args), stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
        line = self._line(15)
        m = re.search(r"\bport=(\d+)", line)
        if not m:
            self.stop()
            raise RuntimeError("%s did not start: %r" % (script, line))
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port
        self._line(15)      # "ready"

    def _line(self, timeout):
        fd = self.p.stdout.fileno()
        data, end = b"", time.time() + timeout
        while not data.endswith(b"\n") and time.time() < end:
            if select.select([fd], [], [], max(0.0, end - time.time()))[0]:
                c = os.read(fd, 1)
                if not c:
                    break
                data += c
        return data.decode("utf-8", "replace")

    def call(self, method, path, obj=None):
        data = json.dumps(obj).encode() if obj is not None else None
        req = urllib.request.Request(self.base + path, data=data,
                                     method=method, headers={
                                         "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read() or b"null")

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(5)


class Sink(Fake):
    """bench/twilio_sink (C): Twilio's message creation at a cost that
    does not dominate a turn (the Python fake's is about a turn's)."""

    def __init__(self, path):
        self.p = subprocess.Popen([path, ACCOUNT, TW_TOKEN, "0"],
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        line = self._line(15)
        m = re.search(r"\bport=(\d+)", line)
        if not m:
            self.stop()
            raise RuntimeError("twilio_sink did not start: %r" % line)
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port
        self._line(15)      # "ready"


def pct(vals, p):
    """Nearest-rank percentile of sorted vals (the largest for p99 of
    fewer than 100 values)."""
    if not vals:
        return float("nan")
    i = min(len(vals) - 1, max(0, -(-p * len(vals) // 100) - 1))
    return vals[int(i)]


def proc_stat(pid):
    """(ppid, CPU ticks user+system) of a process, or None."""
    try:
        with open("/proc/%s/stat" % pid) as f:
            st = f.read().rsplit(")", 1)[1].split()
        return int(st[1]), int(st[11]) + int(st[12])
    except (OSError, IndexError, ValueError):
        return None


def machine_busy():
    """CPU ticks of the whole machine: (busy, all)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v) - idle, sum(v)


class WorkerBench:
    """Part 0 on the suite of run.py's Bench b (module run: helpers)."""

    def __init__(self, b, run):
        self.b = b
        self.run = run
        self.a = b.args
        self.tw = None
        self.llm = None
        self.worker = None      # our worker's supervisor pid
        self.sess = None
        self.seq = 0
        self.stamp = "%x" % int(time.time())
        self.stmts = None

    # --- the fakes and the worker -----------------------------------------

    def start_fakes(self):
        self.tw = Fake("fake_twilio.py", "--cdn-port", "0",
                       "--account-sid", ACCOUNT, "--auth-token", TW_TOKEN)
        self.llm = Fake("fake_ollama.py")

    def stop_all(self):
        """Stop what Part 0 started (our worker, the fakes, the psql
        session)."""
        if self.worker is not None:
            self.stop_worker()
        for f in (self.tw, self.llm):
            if f is not None:
                f.stop()
        self.tw = self.llm = None
        if self.sess is not None:
            self.sess.close()
            self.sess = None

    def worker_env(self, llm, workers):
        env = dict(os.environ)
        env["SOPHIE_ENV_FILE"] = os.path.join(self.b.dir, "sophie.env")
        if llm is not None:
            env.update({
                "TWILIO_API_BASE": self.tw.base,
                "TWILIO_ACCOUNT_SID": ACCOUNT,
                "TWILIO_AUTH_TOKEN": TW_TOKEN,
                "TWILIO_PHONE_NUMBER": self.to_number(),
                "LLM_API_URL": llm,
                "LLM_TIMEOUT_MS": "10000",
                "SOPHIE_WORKERS": str(workers)})
        return env

    def start_worker(self, llm="off", workers=2, binary=None):
        """The suite's worker binary (or `binary`, another build's copy in
        the suite's bin/) as scripts/stack.sh starts it, with
        settings from the environment over sophie.env: the fake Twilio,
        the LLM (a URL, or "off"), SOPHIE_WORKERS.  llm None: the suite's
        own settings (what Part 1 runs).  Its pid goes in run/worker.pid,
        so that run.py and stack.sh stop it."""
        self.stop_suite_worker()
        cmd = [binary or os.path.join(self.b.dir, "bin", "sophie-worker")]
        if IS_ROOT:
            cmd = ["setpriv", "--reuid=%s" % RUNUSER,
                   "--regid=%s" % RUNUSER, "--clear-groups", "--"] + cmd
        log = open(os.path.join(self.b.dir, "log", "worker.log"), "ab")
        p = subprocess.Popen(cmd, cwd=self.b.dir, stdin=subprocess.DEVNULL,
                             stdout=log, stderr=subprocess.STDOUT,
                             env=self.worker_env(llm, workers))
        log.close()
        with open(os.path.join(self.b.dir, "run", "worker.pid"), "w") as f:
            f.write("%d\n" % p.pid)
        self.worker = p
        n = workers if llm is not None else None
        end = time.time() + 20
        while time.time() < end:
            up = int(self.q("SELECT count(*) FROM pg_stat_activity WHERE "
                            "application_name = 'worker'") or 0)
            if up >= (n or 1):
                return
            time.sleep(0.1)
        raise RuntimeError("the worker did not connect (log/worker.log)")

    def stop_worker(self):
        if self.worker is None:
            return
        self.run.kill_pids([self.worker.pid], timeout=30)
        try:
            self.worker.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.worker = None
        end = time.time() + 20
        while time.time() < end and int(self.q(
                "SELECT count(*) FROM pg_stat_activity WHERE "
                "application_name = 'worker'") or 0) > 0:
            time.sleep(0.1)

    def stop_suite_worker(self):
        """Stop the worker of run/worker.pid (the suite's or ours)."""
        pid = self.b.worker_pid()
        if pid is not None and self.run.alive(pid):
            self.run.kill_pids([pid], timeout=30)
        if self.worker is not None:
            try:
                self.worker.wait(5)
            except subprocess.TimeoutExpired:
                pass
            self.worker = None

    def restore_worker(self):
        """The suite's worker with its own settings, for Part 1."""
        self.start_worker(llm=None)
        self.worker = None      # the suite's now: run.py stops it

    def worker_pids(self):
        """Our worker's supervisor and its children."""
        if self.worker is None:
            return []
        sup = self.worker.pid
        out = [sup]
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                st = proc_stat(pid)
                if st and st[0] == sup:
                    out.append(int(pid))
        return out

    # --- helpers -------------------------------------------------------------

    def q(self, sql):
        if self.sess is None:
            self.sess = Session(self.b.conninfo())
        return self.sess.value(sql)

    def rows(self, sql):
        if self.sess is None:
            self.sess = Session(self.b.conninfo())
        return self.sess.rows(sql)

    def to_number(self):
        return self.b.demo.get("whatsapp_number") or "+33100000000"

    def new_phone(self):
        self.seq += 1
        return "%s%07d" % (LAT_PREFIX, self.seq)

    def signed(self, phone, body):
        """(MessageSid, X-Twilio-Signature, form body) of one inbound
        message of the demo clinic, signed as Twilio does."""
        self.seq += 1
        sid = "SMLAT%s%08d" % (self.stamp, self.seq)
        path = "/webhook/whatsapp/%s" % self.b.demo["clinic_id"]
        url = (self.b.env_file_value("PUBLIC_BASE_URL") + path).encode()
        fields = {"MessageSid": sid, "SmsMessageSid": sid,
                  "AccountSid": ACCOUNT, "From": "whatsapp:" + phone,
                  "To": "whatsapp:" + self.to_number(), "Body": body,
                  "NumMedia": "0", "ProfileName": "Bench",
                  "WaId": phone[1:], "NumSegments": "1",
                  "SmsStatus": "received", "ApiVersion": "2010-04-01"}
        data = url + b"".join(k.encode() + v.encode() for k, v in
                              sorted(fields.items()))
        sig = base64.b64encode(hmac.new(self.b.demo["auth_token"].encode(),
                                        data, hashlib.sha1).digest())
        return sid, sig.decode(), urllib.parse.urlencode(fields)

    def burst(self, phones, body):
        """One message from each phone, all posted at the same moment
        (connections opened first, then a barrier).  Returns [(sid,
        phone, HTTP status)]."""
        path = "/webhook/whatsapp/%s" % self.b.demo["clinic_id"]
        reqs = [(ph,) + self.signed(ph, body) for ph in phones]
        out = [None] * len(reqs)
        gate = threading.Barrier(len(reqs))

        def one(i):
            ph, sid, sig, form = reqs[i]
            st = 0
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.b.port,
                                               timeout=30)
                c.connect()
                gate.wait(30)
                c.request("POST", path, body=form, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": sig})
                r = c.getresponse()
                r.read()
                st = r.status
                c.close()
            except (OSError, threading.BrokenBarrierError):
                st = -1
            out[i] = (sid, ph, st)

        ts = [threading.Thread(target=one, args=(i,))
              for i in range(len(reqs))]
        for t in ts:
            t.start()
        for t in ts:
            t.join(60)
        return [o for o in out if o is not None]

    def replies(self, phones, timeout):
        """Wait (at most timeout s) until the fake Twilio received a reply
        for each phone; {phone: [receive times]}."""
        want = set(phones)
        end = time.time() + timeout
        while True:
            got = {}
            for m in self.tw.call("GET", "/_messages"):
                to = (m.get("to") or "").replace("whatsapp:", "")
                if to in want:
                    got.setdefault(to, []).append(m["received_at"])
            if len(got) == len(want) or time.time() > end:
                return got
            time.sleep(0.1)     # the times are the fake's, not the poll's

    def inbound_times(self, sids):
        """{MessageSid: created_at as epoch seconds} from the database."""
        if not sids:
            return {}
        lst = ",".join("'%s'" % s for s in sids)   # bench-made, [A-Z0-9]
        return {r[0]: float(r[1]) for r in self.rows(
            "SELECT twilio_sid, extract(epoch FROM created_at) FROM messages"
            " WHERE twilio_sid IN (%s)" % lst)}

    def settle(self, timeout=60):
        """Wait until no job is queued or running (at most timeout s)."""
        end = time.time() + timeout
        while time.time() < end:
            if int(self.q("SELECT count(*) FROM jobs WHERE status IN "
                          "('queued', 'running') AND run_at <= now()")
                   or 0) == 0:
                return True
            time.sleep(0.05)
        return False

    # --- latency -------------------------------------------------------------

    def latency_row(self, label, body, patients, rounds, timeout,
                    llm_expected):
        """rounds x (patients phones write at once, wait for every
        reply).  Latency of each message: the fake Twilio's receive time
        of its reply minus the inbound message's created_at."""
        self.tw.call("POST", "/_reset")
        calls0 = self.llm.call("GET", "/_held")["calls"]
        lat, sent, answered, extra, bad = [], 0, 0, 0, 0
        t0 = time.time()
        for _ in range(rounds):
            phones = [self.new_phone() for _ in range(patients)]
            res = self.burst(phones, body)
            bad += sum(1 for r in res if r[2] != 200)
            ok = [r for r in res if r[2] == 200]
            sent += len(ok)
            got = self.replies([r[1] for r in ok], timeout)
            inb = self.inbound_times([r[0] for r in ok])
            for sid, ph, _ in ok:
                if ph in got and sid in inb:
                    answered += 1
                    extra += len(got[ph]) - 1
                    lat.append((min(got[ph]) - inb[sid]) * 1000.0)
            self.settle(30)     # the sends' jobs end before the next round
        calls = self.llm.call("GET", "/_held")["calls"] - calls0
        lat.sort()
        r = {"label": label, "patients": patients, "n": len(lat),
             "sent": sent, "answered": answered, "extra": extra,
             "non200": bad, "llm_calls": calls,
             "p50": pct(lat, 50), "p99": pct(lat, 99),
             "max": lat[-1] if lat else float("nan"),
             "secs": time.time() - t0}
        llm_note = ("LLM asked for %d of %d messages" % (calls, sent)
                    if llm_expected else
                    "LLM off (%d calls)" % calls)
        if llm_expected and calls < sent:
            llm_note += " (NOT every turn asked it)"
        say("  %-34s %2d at once x %d  p50 %7.1f ms  p99 %7.1f ms  "
            "(n=%d%s; %s; %d non-200; %d extra replies; %.0f s)" % (
                label, patients, rounds, r["p50"], r["p99"], r["n"],
                "" if answered == sent else ", %d NOT answered in %d s" % (
                    sent - answered, timeout),
                llm_note, bad, extra, r["secs"]))
        return r

    def warm(self, n, body):
        """A few turns first: each worker prepares its statements and
        connects to the fakes once, outside the figures."""
        res = self.burst([self.new_phone() for _ in range(n)], body)
        self.replies([r[1] for r in res if r[2] == 200], 30)
        self.settle(30)

    def latency(self, llm_on):
        a = self.a
        if not llm_on:
            say("")
            say("  Reply latency, server-side: the inbound message's "
                "created_at (PostgreSQL, set by the webhook's intake "
                "statement, committed before its 200) to the fake Twilio's "
                "receive time of the reply (same machine, wall clock, "
                "microseconds).  Each patient writes once from a new "
                "phone; N at once: N phones post at the same moment, "
                "then every reply is awaited.  %d worker processes." %
                a.latency_workers)
            self.start_worker("off", a.latency_workers)
            self.warm(4, HOURS)
            rows = [self.latency_row("LLM off, 1 patient", HOURS, 1,
                                     a.latency_rounds_1, 30, False),
                    self.latency_row("LLM off, 20 patients", HOURS, 20,
                                     a.latency_rounds_20, 30, False)]
        else:
            self.start_worker(self.llm.base + "/api/chat",
                              a.latency_workers)
            self.llm.call("POST", "/_answer", {"delay_ms": 0})
            self.warm(4, UNSURE)
            self.llm.call("POST", "/_answer", {"delay_ms": 1000})
            rows = [self.latency_row("fake LLM 1 s, 1 patient", UNSURE, 1,
                                     a.latency_rounds_llm_1, 30, True),
                    self.latency_row("fake LLM 1 s, 20 patients", UNSURE,
                                     20, a.latency_rounds_llm_20, 90,
                                     True)]
            self.llm.call("POST", "/_answer", {"delay_ms": 0})
        self.stop_worker()
        for r in rows:
            self.b.summary.append((
                "reply latency, %s" % r["label"] + (
                    "" if r["patients"] == 1 else " at once"),
                "p50 %.0f / p99 %.0f ms (n=%d%s)" % (
                    r["p50"], r["p99"], r["n"],
                    "" if r["answered"] == r["sent"] else
                    ", %d unanswered" % (r["sent"] - r["answered"])), ""))
        return rows

    # --- turns per second --------------------------------------------------

    def backlog(self, prefix, n, phones):
        """n inbound messages from `phones` patients (known to the clinic:
        a booking request reaches proposals), stored by the webhook's own
        intake statement (lib/intake.c st_intake, read from the source) in
        one transaction, without waking the worker.  Messages go round
        the phones, so each conversation has n/phones turns, in order.
        Returns the largest job id before them."""
        clinic = self.b.demo["clinic_id"]
        sql = self.run.c_statement("lib/intake.c", "st_intake")
        if sql is None:
            raise RuntimeError("st_intake not found in lib/intake.c")
        mark = int(self.q("SELECT coalesce(max(id), 0) FROM jobs"))
        conf, ver = self.b.active_conf()
        lines = ["BEGIN;",
                 "INSERT INTO patients (clinic_id, phone, first_name, "
                 "last_name) SELECT '%s', '%s' || lpad(g::text, 7, '0'), "
                 "'P' || g, 'Bench' FROM generate_series(1, %d) g;" % (
                     clinic, prefix, phones),
                 "PREPARE bench_intake AS %s;" % sql]
        to = self.to_number()
        for i in range(n):
            k = i % phones + 1
            phone = "%s%07d" % (prefix, k)
            body = HOURS if k % 10 in (0, 1, 2) else \
                MONTH if k % 10 == 3 else BOOK
            sid = "SMTRN%s%s%08d" % (self.stamp, prefix[1:], i)
            lines.append("EXECUTE bench_intake('%s', '%s', '%s', '%s', '%s',"
                         " '%s', '0', '{}', '{}', false, '%s', '%s', '');" % (
                             clinic, phone, body, sid, phone, to, conf,
                             ver))
        lines.append("COMMIT;")
        # Statistics as autovacuum would have them by then: a fresh
        # database without them plans the claim over the whole backlog.
        lines.append("ANALYZE jobs, messages, conversations, patients;")
        self.b.psql("\n".join(lines) + "\n", timeout=300)
        return mark

    def cpu_snapshot(self):
        """CPU ticks by group: our worker, PostgreSQL (postmaster and its
        children), the fake Twilio; and the whole machine."""
        try:
            with open(os.path.join(self.b.dir, "pg", "postmaster.pid")) as f:
                pm = int(f.readline())
        except (OSError, ValueError):
            pm = -1
        wk = set(self.worker_pids())
        groups = {"worker": 0, "PostgreSQL": 0, "fake Twilio": 0}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            st = proc_stat(pid)
            if st is None:
                continue
            p = int(pid)
            if p in wk:
                groups["worker"] += st[1]
            elif p == pm or st[0] == pm:
                groups["PostgreSQL"] += st[1]
            elif self.tw is not None and p == self.tw.p.pid:
                groups["fake Twilio"] += st[1]
        groups["_machine"] = machine_busy()
        return groups

    def pg_counters(self):
        r = self.rows(
            "SELECT d.xact_commit, d.xact_rollback, d.tup_returned, "
            "d.tup_fetched, d.tup_inserted, d.tup_updated, d.tup_deleted, "
            "w.wal_records, w.wal_bytes, w.wal_sync FROM pg_stat_database d,"
            " pg_stat_wal w WHERE d.datname = current_database()")[0]
        keys = ("commits", "rollbacks", "returned", "fetched", "inserted",
                "updated", "deleted", "wal_records", "wal_bytes", "wal_sync")
        return dict(zip(keys, (float(x) for x in r)))

    def sink_path(self):
        """bench/twilio_sink of the build, or None (--twilio fake, or not
        built)."""
        if getattr(self.a, "twilio", "sink") != "sink":
            return None
        path = os.path.join(TOP, self.run.BUILD, "bench", "twilio_sink")
        return path if os.access(path, os.X_OK) else None

    def turns_run(self, n, phones, workers, prefix, binary=None):
        """turns_run_on with the replies posted to the C sink (when built
        and chosen) instead of the Python fake Twilio."""
        path = self.sink_path()
        if path is None:
            r = self.turns_run_on(n, phones, workers, prefix, binary)
            r["twilio"] = "fake Twilio (Python)"
            return r
        fake, self.tw = self.tw, Sink(path)
        try:
            r = self.turns_run_on(n, phones, workers, prefix, binary)
            r["twilio"] = "Twilio sink (C)"
            r["sink_accepted"] = int(self.tw.call("GET", "/_count")[
                "accepted"])
        finally:
            self.stop_worker()
            self.tw.stop()
            self.tw = fake
        return r

    def turns_run_on(self, n, phones, workers, prefix, binary=None):
        """A backlog of n turns with the worker stopped, then the worker
        started: turns per second by both methods, the CPU split and the
        database's counters."""
        self.stop_worker()
        mark = self.backlog(prefix, n, phones)
        self.b.quiet_db()
        # Read through the partial indexes of queued and running jobs
        # only: a count over every job of the run (2 ms of the database's
        # CPU each time) would take a share of what it measures.
        q_left = ("SELECT (SELECT count(*) FROM jobs WHERE status = 'queued'"
                  " AND id > %d AND kind = 'conversation_turn') + (SELECT "
                  "count(*) FROM jobs WHERE status = 'running' AND id > %d "
                  "AND kind = 'conversation_turn')" % (mark, mark))
        pg0 = self.pg_counters()
        hz = os.sysconf("SC_CLK_TCK")
        self.start_worker("off", workers, binary)
        cpu0 = self.cpu_snapshot()
        t_start = time.time()
        t0 = t1 = None
        limit = max(120, n / 20.0)
        # bench_engine.py's method: wall clock from the first turn done
        # (fewer than n left) to none left, polled every 100 ms (every
        # 20 ms the poll itself took a tenth of the database's CPU).
        while time.time() - t_start < limit:
            left = int(self.q(q_left) or 0)
            now = time.time()
            if t0 is None and left < n:
                t0 = now
            if left == 0:
                t1 = now
                break
            time.sleep(0.1)
        cpu1 = self.cpu_snapshot()
        wall = time.time() - t_start
        tj = self.rows(
            "SELECT count(*) FILTER (WHERE status = 'done'), "
            "count(*) FILTER (WHERE status = 'failed'), "
            "count(*) FILTER (WHERE status IN ('queued', 'running')), "
            "extract(epoch FROM min(started_at)), "
            "extract(epoch FROM max(finished_at)), "
            "extract(epoch FROM avg(finished_at - started_at)) * 1000, "
            "extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY"
            " finished_at - started_at)) * 1000, "
            "count(*) FILTER (WHERE attempts > 1) "
            "FROM jobs WHERE id > %d AND kind = 'conversation_turn'" %
            mark)[0]
        done, failed, left = int(tj[0]), int(tj[1]), int(tj[2])
        span = (float(tj[4]) - float(tj[3])) if tj[3] and tj[4] else 0
        # The replies' sends, queued by the turns, then end.
        send_end = time.time() + max(60, n / 20.0)
        q_sends_left = ("SELECT (SELECT count(*) FROM jobs WHERE status = "
                        "'queued' AND id > %d AND kind = 'send_message') + "
                        "(SELECT count(*) FROM jobs WHERE status = 'running' "
                        "AND id > %d AND kind = 'send_message')" % (mark,
                                                                    mark))
        while time.time() < send_end:
            if int(self.q(q_sends_left) or 0) == 0:
                break
            time.sleep(0.1)
        sends_during = int(self.q(
            "SELECT count(*) FROM jobs WHERE id > %d AND kind = "
            "'send_message' AND status = 'done' AND finished_at <= "
            "to_timestamp(%f)" % (mark, float(tj[4] or 0))) or 0)
        time.sleep(1.2)     # backends report their statistics each second
        pg1 = self.pg_counters()
        nsend = int(self.q("SELECT count(*) FROM jobs WHERE id > %d AND "
                           "kind = 'send_message' AND status = 'done'" %
                           mark) or 0)
        self.stop_worker()
        r = {"n": n, "phones": phones, "workers": workers, "done": done,
             "failed": failed, "left": left, "retried": int(tj[7]),
             "old": n / (t1 - t0) if t0 and t1 and t1 > t0 else float("nan"),
             "new": done / span if span > 0 else float("nan"),
             "span": span, "mean_ms": float(tj[5] or "nan"),
             "p99_ms": float(tj[6] or "nan"), "wall": wall,
             "sends": nsend, "sends_during": sends_during}
        cpu = {k: (cpu1[k] - cpu0[k]) * 1000.0 / hz
               for k in cpu0 if not k.startswith("_")}
        mb = (cpu1["_machine"][0] - cpu0["_machine"][0]) * 1000.0 / hz
        mall = (cpu1["_machine"][1] - cpu0["_machine"][1]) * 1000.0 / hz
        cpu["everything else on the machine"] = max(0.0, mb - sum(
            cpu.values()))
        r["cpu"] = cpu
        r["idle_ms"] = mall - mb
        r["pg"] = {k: pg1[k] - pg0[k] for k in pg0}
        return r

    def print_turns(self, r):
        cores = os.cpu_count() or 1
        say("  %-34s %5d turns (%d phones x %d), %d worker processes: "
            "%.0f turns/s from the jobs' own timestamps (first started_at "
            "to last finished_at, %.2f s); %.0f turns/s by bench_engine.py's"
            " method (polled wall clock, 100 ms); %d done, %d failed, %d "
            "left, %d retried; a turn holds its worker %.1f ms on average "
            "(p99 %.1f ms)" % (
                "turns/s, LLM off", r["n"], r["phones"],
                r["n"] // max(1, r["phones"]), r["workers"], r["new"],
                r["span"], r["old"], r["done"], r["failed"], r["left"],
                r["retried"], r["mean_ms"], r["p99_ms"]))
        n = max(1, r["done"])
        tot = sum(r["cpu"].values()) + r["idle_ms"]
        say("    replies posted to the %s%s" % (
            r.get("twilio", "fake Twilio"), " (%d accepted)" %
            r["sink_accepted"] if "sink_accepted" in r else ""))
        say("    CPU during the run (/proc, %d cores, %.1f s): %s; idle "
            "%.0f%%" % (cores, tot / 1000.0 / cores, "; ".join(
                "%s %.2f ms/turn (%.0f%%)" % (k, v / n, 100.0 * v / tot)
                for k, v in r["cpu"].items()),
                100.0 * r["idle_ms"] / tot if tot else 0))
        pg = r["pg"]
        m = max(1, r["done"])
        say("    the database from the worker's start until the %d sends "
            "also ended (pg_stat_database, pg_stat_wal), per inbound "
            "message (its turn and its reply's send): %.1f commits, %.2f "
            "rollbacks, %.0f tuples read, %.1f inserted, %.1f updated; WAL "
            "%.1f records, %.1f kB, %.2f WAL syncs (fsync)" % (
                r["sends"], pg["commits"] / m, pg["rollbacks"] / m,
                (pg["returned"] + pg["fetched"]) / m, pg["inserted"] / m,
                pg["updated"] / m, pg["wal_records"] / m,
                pg["wal_bytes"] / m / 1000.0, pg["wal_sync"] / m))
        if r["sends_during"]:
            say("    (%d of the replies' sends ran before the last turn "
                "ended: they share the workers with the turns)" %
                r["sends_during"])

    # --- the profile: statements per turn ------------------------------

    def statements(self):
        """{SQL text: name} of every struct db_stmt in lib/*.c."""
        if self.stmts is not None:
            return self.stmts
        self.stmts = {}
        libdir = os.path.join(TOP, "lib")
        for fn in sorted(os.listdir(libdir)):
            if not fn.endswith(".c"):
                continue
            with open(os.path.join(libdir, fn)) as f:
                src = f.read()
            for m in re.finditer(r"\bstruct db_stmt\s+(\w+)\s*=\s*\{\s*"
                                 r"\"([^\"]*)\"", src):
                sql = self.run.c_statement("lib/" + fn, m.group(1))
                if sql:
                    self.stmts[sql] = m.group(2)
        return self.stmts

    def name_of(self, text):
        st = self.statements()
        if text in st:
            return st[text]
        for sql, name in st.items():
            if text.endswith(sql):
                return name
        # A statement of another build (a bench of older binaries):
        # known by its first 48 characters, its name marked "~".
        for sql, name in st.items():
            if len(text) >= 48 and text[:48] == sql[:48]:
                return name + "~"
        t = text.strip()
        return t.split()[0].upper() if t.split() else "?"

    def drain(self, mark, timeout):
        """Wake the worker and wait (at most timeout s) until no job
        after mark is queued or running."""
        self.q("SELECT pg_notify('sophie_jobs', '')")
        end = time.time() + timeout
        while time.time() < end and int(self.q(
                "SELECT count(*) FROM jobs WHERE id > %d AND status IN "
                "('queued', 'running') AND kind IN ('conversation_turn', "
                "'send_message')" % mark) or 0) > 0:
            time.sleep(0.1)

    def profile(self, n, phones, prefix):
        """n turns run by a warm worker (statements prepared, plans
        cached by a first backlog) while PostgreSQL logs every
        statement's duration (log_min_duration_statement = 0, a reload;
        reset after).  Returns the worker's log cut into one piece per
        job (see parse_log)."""
        logf = os.path.join(self.b.dir, "log", "postgres.log")
        workers = self.a.turn_workers[0]
        self.start_worker("off", workers)
        self.drain(self.backlog(prefix + "1", 20 * workers, phones), 60)
        self.b.psql("ALTER SYSTEM SET log_min_duration_statement = 0;\n"
                    "ALTER SYSTEM SET log_line_prefix = '%m [%p] %a ';\n"
                    "SELECT pg_reload_conf();\n")
        try:
            time.sleep(0.5)
            off = os.path.getsize(logf)
            mark = self.backlog(prefix + "2", n, phones)
            self.drain(mark, max(60, n / 10.0))
        finally:
            self.b.psql("ALTER SYSTEM RESET log_min_duration_statement;\n"
                        "ALTER SYSTEM RESET log_line_prefix;\n"
                        "SELECT pg_reload_conf();\n")
            self.stop_worker()
        return self.parse_log(logf, off)

    # Appended to a batch send statement's text in the log: its sends.
    IDS = "\n-- %d sends"
    # Statements that carry several turns' or sends' message ids in
    # their parameters (counted there).
    MANY = ("outbox_begin_many", "turn_load_many")

    def parse_log(self, logf, off):
        pat = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] worker LOG:  duration: "
                         r"([0-9.]+) ms  (parse|bind|execute|statement)"
                         r"(?: [^:]*)?: (.*)$")
        # The parameters of a batch's send statement: how many sends.
        det = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] worker DETAIL:  "
                         r"parameters: (.*)$")
        per = {}        # pid -> [(kind, name, ms, text)]
        with open(logf, encoding="utf-8", errors="replace") as f:
            f.seek(off)
            for line in f:
                m = pat.match(line.rstrip("\n"))
                if m:
                    per.setdefault(m.group(1), []).append(
                        (m.group(3), m.group(4), float(m.group(2))))
                    continue
                m = det.match(line.rstrip("\n"))
                if m and per.get(m.group(1)) and self.name_of(
                        per[m.group(1)][-1][1]).rstrip("~") in \
                        self.MANY:
                    k, t, d = per[m.group(1)][-1]
                    per[m.group(1)][-1] = (k, t + self.IDS % len(
                        re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-",
                                   m.group(2))), d)
        jobs = []       # one per claim: [(name, kind, ms, text)]
        for evs in per.values():
            cur = None
            for kind, text, ms in evs:
                name = self.name_of(text.split(self.IDS[:4])[0])
                # A claim (any job, or by id: the reply a turn hands on
                # to its own worker) starts a piece with its parse and
                # bind.
                if name in ("jobs_claim", "jobs_claim_id") and (
                        cur is None or not cur or cur[-1][0] != name):
                    cur = []
                    jobs.append(cur)
                if cur is not None:
                    cur.append((name, kind, ms, text))
        return jobs

    @staticmethod
    def tally(js):
        """Statements by name (calls, PostgreSQL ms) and transactions
        (all, writing) over the pieces js of the log."""
        calls, ms = {}, {}
        ntx = nwrite = 0
        for j in js:
            intx = wrote = False
            for name, kind, d, text in j:
                k = ms.setdefault(name, {})
                k[kind] = k.get(kind, 0.0) + d
                if kind not in ("execute", "statement"):
                    continue
                calls[name] = calls.get(name, 0) + 1
                up = text.upper()
                w = re.search(r"\b(INSERT|UPDATE|DELETE)\b", up) is not None
                if up.startswith("BEGIN"):
                    intx, wrote = True, False
                    ntx += 1
                elif up.startswith("COMMIT"):
                    nwrite += 1 if wrote else 0
                    intx = False
                elif up.startswith("ROLLBACK") and "SAVEPOINT" not in up:
                    intx = False
                elif intx:
                    wrote = wrote or w
                elif not up.startswith(("SAVEPOINT", "RELEASE")):
                    ntx += 1        # a statement in its own transaction
                    nwrite += 1 if w else 0
        return calls, ms, ntx, nwrite

    @staticmethod
    def split(piece):
        """A piece of the log (from a claim to the next) cut into what its
        turns ran and what their replies' sends ran: the sends start at
        the claim whose next statement loads an outbound message (a
        batch's replies are claimed together after its commit)."""
        ex = [i for i, e in enumerate(piece)
              if e[1] in ("execute", "statement")]
        for a, b in zip(ex, ex[1:]):
            if piece[a][0].rstrip("~") in ("jobs_claim", "jobs_claim_id",
                                           "jobs_claim_many",
                                           "jobs_claim_ids") and \
                    piece[b][0].rstrip("~") in ("outbox_load",
                                                "outbox_begin_many"):
                s = a
                while s > 0 and piece[s - 1][0] == piece[a][0] and \
                        piece[s - 1][1] in ("parse", "bind"):
                    s -= 1
                return piece[:s], piece[s:]
        return piece, []

    @staticmethod
    def count(events, name):
        return sum(1 for e in events if e[0].rstrip("~") == name and
                   e[1] in ("execute", "statement"))

    @classmethod
    def nturns(cls, events):
        """Turns in a piece's turn part: its loads' message ids
        (turn_load_many, counted from its parameters; turn_load, one
        each)."""
        n = sum(int(e[3].rsplit(" ", 2)[-2]) for e in events
                if e[0].rstrip("~") == "turn_load_many" and
                e[1] in ("execute", "statement") and
                cls.IDS[:4] in e[3])
        return n + cls.count(events, "turn_load")

    @classmethod
    def nsends(cls, events):
        """Sends in a piece's send part: those of its batch statements
        (outbox_begin_many, their count from its parameters), else its
        single sends' loads."""
        n = sum(int(e[3].rsplit(" ", 2)[-2]) for e in events
                if e[0].rstrip("~") == "outbox_begin_many" and
                e[1] in ("execute", "statement") and
                cls.IDS[:4] in e[3])
        return n or cls.count(events, "outbox_load")

    def print_profile(self, jobs):
        turns, sends = [], []
        nturns = nsends = 0
        for j in jobs:
            t, s = self.split(j)
            if self.nturns(t):
                turns.append(t)
                nturns += self.nturns(t)
            if self.nsends(s):
                sends.append(s)
                nsends += self.nsends(s)
        if not turns:
            say("    profile: no turn found in PostgreSQL's log")
            return
        say("    (%d turns in %d claims: %.1f turns per claim)" % (
            nturns, len(turns), nturns / float(len(turns))))
        for label, js, k in (("turn", turns, nturns),
                             ("send", sends, nsends)):
            if not js:
                continue
            calls, ms, ntx, nwrite = self.tally(js)
            k = float(k)
            nst = sum(calls.values()) / k
            tot = {n: sum(v.values()) for n, v in ms.items()}
            say("    per %s (%d in PostgreSQL's statement log, from its "
                "claim to the next, shared by the batch's turns or sends):"
                " %.1f statements (a batch's loads and its plain writes "
                "are one statement each, turn_load_many and "
                "turn_write_many; a decision's busy-time reads go in one "
                "round trip: db_exec_many, their logged durations "
                "overlap), "
                "%.1f transactions of which %.1f write (a WAL flush each), "
                "%.2f ms inside PostgreSQL:" % (
                    label, int(k), nst, ntx / k, nwrite / k,
                    sum(tot.values()) / k))
            say("      calls  statement                    parse+bind "
                "(planning)  execute   (us per %s)" % label)
            for name in sorted(calls, key=lambda x: -tot.get(x, 0)):
                m = ms.get(name, {})
                say("      %5.2f  %-28s %10.1f %18.1f" % (
                    calls[name] / k, name,
                    1000.0 * (m.get("parse", 0) + m.get("bind", 0)) / k,
                    1000.0 * (m.get("execute", 0) + m.get("statement", 0))
                    / k))
            if label == "turn":
                self.b.summary.append((
                    "per turn: statements, transactions, in PostgreSQL",
                    "%.1f, %.1f (%.1f writing), %.2f ms" % (
                        nst, ntx / k, nwrite / k, sum(tot.values()) / k),
                    ""))

    # --- all -----------------------------------------------------------------

    def turns(self):
        a = self.a
        say("")
        say("  Turns per second of the worker pool, LLM off: a backlog of "
            "conversation_turn jobs stored by the webhook's intake "
            "statement with the worker stopped (patients known to the "
            "clinic; 3 in 10 ask the opening hours, 1 in 10 a "
            "consultation next month (a month-wide search), the others a "
            "consultation on Thursday morning, which reaches proposals), "
            "then the worker started; replies go to the fake Twilio.")
        res = []
        if getattr(a, "turns_old", ""):
            self.turns_versus(a.turns_old)
        for i, w in enumerate(a.turn_workers):
            r = self.turns_run(a.turns, a.turn_phones, w,
                               "%s%d" % (TURN_PREFIX, i + 1))
            self.print_turns(r)
            res.append(r)
            self.b.summary.append((
                "turns/s, LLM off, %d workers" % w,
                "%.0f (jobs' timestamps), %.0f (polled, bench_engine.py's "
                "method)" % (r["new"], r["old"]), ">= 1000"))
        if a.profile_turns > 0:
            jobs = self.profile(a.profile_turns, max(1, a.profile_turns //
                                                     10), TURN_PREFIX + "9")
            self.print_profile(jobs)
        return res

    def old_worker(self, build):
        """The worker binary of another build directory (relative to the
        top of the tree, or absolute), copied into the suite's bin/ as
        sophie-worker-old so that the unprivileged user runs it."""
        src = os.path.join(TOP, build, "bin", "sophie-worker")
        if not os.access(src, os.X_OK):
            raise RuntimeError("--turns-old: no %s (build it: make B=%s)"
                               % (src, build))
        dst = os.path.join(self.b.dir, "bin", "sophie-worker-old")
        shutil.copy2(src, dst)
        os.chmod(dst, 0o755)
        return dst

    def turns_versus(self, build):
        """The old build's worker against this build's, run in pairs on
        the same suite one after the other (old then new, then new then
        old, ...: --turn-pairs pairs per worker count), each run with its
        own backlog of the same size and mix.  Printed per run and as
        ratios new/old of the pairs: turns/s (jobs' timestamps) and CPU
        per turn of the worker and of PostgreSQL; the median of the
        pairs goes in the summary."""
        a = self.a
        old = self.old_worker(build)
        say("  Old build (%s) against this build (%s), LLM off, %d pairs "
            "per worker count, each run %d turns (%d phones):" % (
                build, self.run.BUILD, a.turn_pairs, a.turns, a.turn_phones))
        for i, w in enumerate(a.turn_workers):
            ratios = []
            for k in range(a.turn_pairs):
                order = (("old", old), ("new", None))
                if k % 2:
                    order = order[::-1]
                got = {}
                for j, (tag, binary) in enumerate(order):
                    r = self.turns_run(a.turns, a.turn_phones, w,
                                       "%s%d%d%d" % (TURN_PREFIX, i + 1,
                                                     k, j), binary)
                    got[tag] = r
                    self.print_versus(tag, r)
                ratios.append(self.versus_ratio(got["old"], got["new"]))
                say("    pair %d, %d workers, new/old: turns/s x%.2f; CPU "
                    "per turn: worker x%.2f, PostgreSQL x%.2f, both x%.2f"
                    % ((k + 1, w) + ratios[-1]))
            med = [statistics.median(x) for x in zip(*ratios)]
            self.b.summary.append((
                "new/old, %d workers (median of %d pairs)" % (
                    w, len(ratios)),
                "turns/s x%.2f; CPU/turn worker x%.2f, PostgreSQL x%.2f, "
                "both x%.2f" % tuple(med), "turns/s > 1"))

    @staticmethod
    def cpu_per_turn(r):
        n = max(1, r["done"])
        return r["cpu"]["worker"] / n, r["cpu"]["PostgreSQL"] / n

    def print_versus(self, tag, r):
        wk, pg = self.cpu_per_turn(r)
        say("    %-4s %d workers: %.0f turns/s (jobs' timestamps), %.0f "
            "(polled); %d done, %d failed, %d left; CPU per turn: worker "
            "%.3f ms, PostgreSQL %.3f ms; everything else on the machine "
            "%.2f ms/turn, idle %.0f ms" % (
                tag, r["workers"], r["new"], r["old"], r["done"],
                r["failed"], r["left"], wk, pg,
                r["cpu"]["everything else on the machine"] /
                max(1, r["done"]), r["idle_ms"]))

    def versus_ratio(self, old, new):
        """(turns/s, worker CPU/turn, PostgreSQL CPU/turn, both) of new
        over old; nan where old measured nothing."""
        def div(x, y):
            return x / y if y else float("nan")
        ow, op = self.cpu_per_turn(old)
        nw, np_ = self.cpu_per_turn(new)
        return (div(new["new"], old["new"]), div(nw, ow), div(np_, op),
                div(nw + np_, ow + op))

    def part0(self, parts):
        say("")
        say("== Part 0: the worker (what a patient feels; turns per "
            "second) ==")
        self.start_fakes()
        try:
            if "latency" in parts:
                self.latency(False)
            if "turns" in parts:
                self.turns()
            if "latency" in parts:
                self.latency(True)
        finally:
            self.stop_all()
            self.restore_worker()
            if self.sess is not None:
                self.sess.close()
                self.sess = None
