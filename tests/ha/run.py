#!/usr/bin/env python3
"""make test-ha: Sophie on a highly available database, on loopback.

Starts three etcd members, a Patroni cluster of three PostgreSQL 15 nodes
(synchronous_mode: true; state under build/ha/), migrates Sophie's schema
through the leader and starts two application hosts (two nginx on two
ports, each with its pools and worker) whose DATABASE_URL names the three
nodes (libpq multi-host, target_session_attrs=read-write).  Signed
webhooks go to both hosts while the primary's postgres and its Patroni
are killed (SIGKILL).  Then it checks that every message answered 200 is
in the database, got its turn and exactly one reply (fake Twilio), that no
appointment overlaps, and prints the time from the kill to the first 200
after it, the count of answers that were not 200, and the longest wait
from a 200 to its reply for messages answered before and after the kill
(a turn claimed when the primary died waits for its lease).

A second part runs a third host through pgbouncer in transaction mode
with DB_PREPARED=0 (no named prepared statements: pgbouncer 1.18 does not
carry them from one server connection to another) and checks that every
message there is answered and replied to once.

  python3 tests/ha/run.py [--only failover|pgbouncer] [--keep]

Every wait has a hard bound; the whole run stays within a few minutes on
an idle machine.  Exit status 0 when every check passed.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

# The application hosts use the Patroni cluster, not a private one.
os.environ["SOPHIE_EXTERNAL_DB"] = "1"
os.environ.setdefault("SOPHIE_POOL_ADMIN", "1")

import harness  # noqa: E402
from harness import Fake, Stack, wait_until  # noqa: E402

PGBIN = "/usr/lib/postgresql/15/bin"
SID = "AC" + "0" * 31 + "1"
TOKEN = "test-token"
CLINIC_NUMBER = "whatsapp:+14155238886"
IS_ROOT = os.geteuid() == 0
RUNUSER = "sophie"
# Hard bounds (seconds).
T_ETCD = 90
T_LEADER = 120
T_SYNC = 120
T_LOAD_BEFORE = 6
T_LOAD_AFTER = 8
T_LOAD_MAX = 150
T_SETTLE = 180

PROCS = []
USED_PORTS = set()
SECRETS = (os.urandom(32).hex(), os.urandom(32).hex())
FAILURES = []


def free_port():
    """A free loopback port not handed out before in this run."""
    for _ in range(50):
        p = harness.free_port()
        if p not in USED_PORTS:
            USED_PORTS.add(p)
            return p
    raise RuntimeError("no free port")


def tail(path, n=15):
    try:
        with open(path, "rb") as f:
            return b"".join(f.readlines()[-n:]).decode("utf-8", "replace")
    except OSError:
        return ""


def log(msg):
    print("[ha %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def check(ok, what):
    """Record one check; the run fails when any is false."""
    log("%s %s" % ("PASS" if ok else "FAIL", what))
    if not ok:
        FAILURES.append(what)


def as_user(cmd):
    if IS_ROOT:
        return ["setpriv", "--reuid=%s" % RUNUSER, "--regid=%s" % RUNUSER,
                "--clear-groups", "--"] + cmd
    return cmd


def spawn(cmd, logfile, user=False):
    """Start a server in its own process group, output to logfile."""
    out = open(logfile, "ab")
    p = subprocess.Popen(as_user(cmd) if user else cmd, stdout=out,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         start_new_session=True, cwd=os.path.dirname(logfile))
    PROCS.append(p)
    return p


def http_json(url, timeout=3):
    """(status, parsed body) of a GET, (0, None) when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read() or b"null")
        except ValueError:
            return e.code, None
    except (OSError, ValueError):
        return 0, None


def yaml(obj, indent=0):
    """A small YAML writer for dicts, lists and scalars (the configs)."""
    pad = "  " * indent
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (dict, list)) and v:
                out.append("%s%s:" % (pad, k))
                out.append(yaml(v, indent + 1))
            else:
                out.append("%s%s: %s" % (pad, k, scalar(v)))
    else:
        for v in obj:
            if isinstance(v, (dict, list)):
                inner = yaml(v, indent + 1).lstrip()
                out.append("%s- %s" % (pad, inner))
            else:
                out.append("%s- %s" % (pad, scalar(v)))
    return "\n".join(out)


def scalar(v):
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, (dict, list)):
        return "{}" if isinstance(v, dict) else "[]"
    return json.dumps(str(v))


def state_dir():
    """build/ha, reachable by the unprivileged user that runs PostgreSQL."""
    d = os.path.join(TOP, harness.BUILD, "ha")
    if os.path.islink(d):
        shutil.rmtree(os.path.realpath(d), ignore_errors=True)
        os.unlink(d)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    if IS_ROOT:
        subprocess.run(["chown", RUNUSER, d], check=True)
        ok = subprocess.run(["runuser", "-u", RUNUSER, "--", "test", "-w",
                             d]).returncode == 0
        if not ok:
            alt = "/var/lib/sophie-dev/ha-%d" % (abs(hash(d)) % 10 ** 8)
            shutil.rmtree(alt, ignore_errors=True)
            os.makedirs(alt)
            subprocess.run(["chown", RUNUSER, alt], check=True)
            os.chmod("/var/lib/sophie-dev", 0o755)
            os.rmdir(d)
            os.symlink(alt, d)
            d = alt
    return d


# --- etcd -------------------------------------------------------------------

class Etcd:
    """Three etcd members on loopback."""

    def __init__(self, top):
        self.names = ["e0", "e1", "e2"]
        self.client = [free_port() for _ in self.names]
        self.peer = [free_port() for _ in self.names]
        self.top = top

    def start(self):
        cluster = ",".join("%s=http://127.0.0.1:%d" % (n, p)
                           for n, p in zip(self.names, self.peer))
        for i, n in enumerate(self.names):
            c = "http://127.0.0.1:%d" % self.client[i]
            pu = "http://127.0.0.1:%d" % self.peer[i]
            spawn(["etcd", "--name", n,
                   "--data-dir", os.path.join(self.top, "etcd-" + n),
                   "--listen-client-urls", c, "--advertise-client-urls", c,
                   "--listen-peer-urls", pu,
                   "--initial-advertise-peer-urls", pu,
                   "--initial-cluster", cluster,
                   "--initial-cluster-token", "sophie-ha",
                   "--initial-cluster-state", "new",
                   # A loaded machine: slower beats, no election on a
                   # late one.
                   "--heartbeat-interval", "250",
                   "--election-timeout", "2500"],
                  os.path.join(self.top, "etcd-%s.log" % n))
        ok = wait_until(lambda: all(
            http_json("http://127.0.0.1:%d/health" % p)[1] in
            ({"health": "true"}, {"health": "true", "reason": ""})
            for p in self.client), timeout=T_ETCD, interval=0.5)
        if not ok:
            for n in self.names:
                print(tail(os.path.join(self.top, "etcd-%s.log" % n)))
            raise RuntimeError("etcd did not become healthy in %ds" % T_ETCD)

    def hosts(self):
        return ",".join("127.0.0.1:%d" % p for p in self.client)


# --- Patroni ----------------------------------------------------------------

class Node:
    """One Patroni-managed PostgreSQL node."""

    def __init__(self, top, i, etcd_hosts):
        self.name = "pg%d" % i
        self.top = top
        self.pgport = free_port()
        self.apiport = free_port()
        self.data = os.path.join(top, self.name)
        self.etcd_hosts = etcd_hosts
        self.proc = None

    def config(self):
        return {
            "scope": "sophie-ha",
            "namespace": "/service/",
            "name": self.name,
            "log": {"level": "WARNING"},
            "restapi": {"listen": "127.0.0.1:%d" % self.apiport,
                        "connect_address": "127.0.0.1:%d" % self.apiport},
            "etcd3": {"hosts": self.etcd_hosts},
            "bootstrap": {
                "dcs": {
                    # A leader that stops renewing its key for ttl
                    # seconds is replaced.
                    "ttl": 15, "loop_wait": 2, "retry_timeout": 5,
                    "maximum_lag_on_failover": 1048576,
                    "synchronous_mode": True,
                    "postgresql": {
                        "use_pg_rewind": False,
                        "parameters": {
                            "wal_level": "replica", "hot_standby": "on",
                            "max_wal_senders": 10,
                            "max_replication_slots": 10,
                            "max_connections": 100,
                            "wal_keep_size": "64MB"}}},
                "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}],
                "pg_hba": ["local all all trust",
                           "host all all 127.0.0.1/32 trust",
                           "host replication all 127.0.0.1/32 trust"]},
            "postgresql": {
                "listen": "127.0.0.1:%d" % self.pgport,
                "connect_address": "127.0.0.1:%d" % self.pgport,
                "data_dir": self.data,
                "bin_dir": PGBIN,
                "pgpass": os.path.join(self.top, "pgpass-" + self.name),
                "authentication": {
                    "superuser": {"username": "sophie",
                                  "password": "ha-test"},
                    "replication": {"username": "replicator",
                                    "password": "ha-test"}},
                "parameters": {
                    "unix_socket_directories": self.top,
                    "shared_buffers": "32MB"}},
            "tags": {"nofailover": False, "noloadbalance": False},
        }

    def start(self):
        path = os.path.join(self.top, self.name + ".yml")
        with open(path, "w") as f:
            f.write(yaml(self.config()) + "\n")
        self.proc = spawn(["patroni", path],
                          os.path.join(self.top, self.name + ".log"),
                          user=True)

    def role(self):
        st, body = http_json("http://127.0.0.1:%d/patroni" % self.apiport)
        return body.get("role") if st and body else None

    def postgres_pids(self):
        """The postmaster and every process it started."""
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                pm = int(f.readline())
        except (OSError, ValueError):
            return []
        pids = [pm]
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % d) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pm:
                pids.append(int(d))
        return pids

    def kill(self):
        """SIGKILL Patroni and its postgres, as when the machine dies."""
        pids = self.postgres_pids()
        os.kill(self.proc.pid, signal.SIGKILL)
        for p in pids:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return pids


def cluster_state(node):
    st, body = http_json("http://127.0.0.1:%d/cluster" % node.apiport)
    return body.get("members", []) if st == 200 and body else []


def leader_of(nodes):
    for n in nodes:
        if n.proc is not None and n.proc.poll() is None and \
                n.role() in ("master", "primary"):
            return n
    return None


def psql(node, query, db="sophie"):
    """Rows of one query on node (tab-separated), through loopback TCP."""
    cmd = [PGBIN + "/psql", "-X", "-qAt", "-F", "\t", "-v",
           "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(node.pgport),
           "-U", "sophie", "-d", db, "-c", query]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    if p.returncode != 0:
        raise RuntimeError("psql: %s" % p.stderr.decode())
    return [l.split("\t") for l in p.stdout.decode().splitlines() if l]


def start_cluster(top):
    etcd = Etcd(top)
    etcd.start()
    log("etcd: 3 members healthy on %s" % etcd.hosts())
    nodes = [Node(top, i, etcd.hosts()) for i in range(3)]
    nodes[0].start()
    lead = wait_until(lambda: leader_of(nodes[:1]), timeout=T_LEADER,
                      interval=0.5)
    if lead is None:
        raise RuntimeError("no Patroni leader in %ds" % T_LEADER)
    for n in nodes[1:]:
        n.start()

    def settled():
        m = cluster_state(lead)
        roles = sorted(x.get("role", "") for x in m)
        running = all(x.get("state") in ("running", "streaming") for x in m)
        return len(m) == 3 and running and "sync_standby" in roles
    if not wait_until(settled, timeout=T_SYNC, interval=1.0):
        for n in nodes:
            print(tail(os.path.join(top, n.name + ".log")))
        raise RuntimeError("no synchronous standby in %ds: %s" % (
            T_SYNC, cluster_state(lead)))
    log("patroni: leader %s, members %s" % (lead.name, [
        (x["name"], x["role"], x["state"]) for x in cluster_state(lead)]))
    psql(lead, "CREATE DATABASE sophie", db="postgres")
    return etcd, nodes


# --- load -------------------------------------------------------------------

class Load:
    """Senders posting signed webhooks, each message from its own phone,
    to the two hosts in turn; a message that is not answered 200 is sent
    again (as Twilio does) until it is, within the load's time."""

    def __init__(self, hosts, threads=4, first_phone=0):
        self.hosts = hosts
        self.first_phone = first_phone
        self.threads = threads
        self.stop = threading.Event()
        self.lock = threading.Lock()
        # (sid, phone, host index, time of the 200, time it was sent)
        self.ok = []
        self.not_ok = 0       # answers other than 200 (503s...)
        self.statuses = {}
        self.seq = 0

    def one(self, k):
        with self.lock:
            self.seq += 1
            n = self.seq
        phone = "whatsapp:+3361%07d" % (self.first_phone + n * 7 + k)
        f = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": SID,
             "From": phone, "To": CLINIC_NUMBER, "Body": "Bonjour",
             "NumMedia": "0", "ProfileName": "Patient %d" % n}
        h = n % len(self.hosts)
        while not self.stop.is_set():
            st = self.hosts[h]
            sent = time.time()
            try:
                r = st.webhook(f, clinic=self.clinic)
                code = r.status
            except OSError:
                code = 0
            with self.lock:
                self.statuses[code] = self.statuses.get(code, 0) + 1
                if code == 200:
                    self.ok.append((f["MessageSid"], phone, h, time.time(),
                                    sent))
                    return
                self.not_ok += 1
            time.sleep(0.3)
            h = (h + 1) % len(self.hosts)

    def run(self, k):
        while not self.stop.is_set():
            self.one(k)
            time.sleep(0.05)

    def start(self, clinic):
        self.clinic = clinic
        self.workers = [threading.Thread(target=self.run, args=(k,),
                                         daemon=True)
                        for k in range(self.threads)]
        for t in self.workers:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.workers:
            t.join(60)


def host(settings, pool=2):
    st = Stack(settings, webhook_pool=pool)
    st.start()
    return st


def twilio_settings(tw):
    return {"TWILIO_API_BASE": tw.base, "TWILIO_ACCOUNT_SID": SID,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "TWILIO_PHONE_NUMBER": "+14155238886",
            "SOPHIE_WORKERS": "2", "LLM_API_URL": "off",
            # Every host of one deployment shares its secrets.
            "JWT_SECRET": SECRETS[0], "SOPHIE_SECRET_KEY": SECRETS[1]}


def sent_to(tw):
    """Replies the fake Twilio accepted, counted by phone."""
    out = {}
    for m in tw.get("/_messages"):
        to = m["form"].get("To", "")
        out[to] = out.get(to, 0) + 1
    return out


def verify_messages(node, tw, ok, label):
    """Every message answered 200 is stored, had its turn, and got exactly
    one reply; returns when all are there or the bound is reached."""
    sids = [x[0] for x in ok]
    phones = [x[1] for x in ok]
    inlist = ",".join("'%s'" % s for s in sids)

    def stored():
        return int(psql(node, "SELECT count(*) FROM messages WHERE "
                        "direction = 'inbound' AND twilio_sid IN (%s)"
                        % inlist)[0][0])

    def turned():
        return int(psql(node, "SELECT count(*) FROM messages m WHERE "
                        "m.twilio_sid IN (%s) AND EXISTS (SELECT 1 FROM "
                        "jobs j WHERE j.payload->>'message_id' = m.id::text "
                        "AND j.status = 'done')" % inlist)[0][0])

    def replied():
        got = sent_to(tw)
        return sum(1 for p in phones if got.get(p, 0) >= 1)

    t0 = time.time()
    wait_until(lambda: turned() == len(sids) and replied() == len(sids),
               timeout=T_SETTLE, interval=2.0)
    check(stored() == len(sids), "%s: every message answered 200 is in "
          "the database (%d of %d)" % (label, stored(), len(sids)))
    check(turned() == len(sids), "%s: every one had its turn (%d of %d)" %
          (label, turned(), len(sids)))
    time.sleep(3)   # a second reply would come now
    got = sent_to(tw)
    once = sum(1 for p in phones if got.get(p, 0) == 1)
    more = [p for p in phones if got.get(p, 0) > 1]
    none = [p for p in phones if got.get(p, 0) == 0]
    check(once == len(phones), "%s: exactly one reply each (%d of %d; "
          "none %d, more %d)" % (label, once, len(phones), len(none),
                                 len(more)))
    outbound = psql(node, "SELECT to_number, count(*) FROM messages WHERE "
                    "direction = 'outbound' GROUP BY to_number HAVING "
                    "count(*) > 1")
    mine = set(p.split(":", 1)[1] for p in phones)
    check(not [r for r in outbound if r[0] in mine],
          "%s: one outbound message per phone in the database" % label)
    log("%s: settled in %.1fs" % (label, time.time() - t0))


def reply_waits(node, tw, ok, t_kill, figures):
    """Figures, not checks: the longest wait from a message's 200 to its
    reply at the fake Twilio, for the messages answered before the kill
    and after it, and the jobs claimed more than once (a worker that lost
    its connection mid-job leaves its claim to expire, SOPHIE_JOB_LEASE_S,
    before another worker takes the job again)."""
    first = {}
    for m in tw.get("/_messages"):
        to = m["form"].get("To", "")
        t = m.get("received_at")
        if t is not None and (to not in first or t < first[to]):
            first[to] = t
    for label, part in (("before", [x for x in ok if x[3] <= t_kill]),
                        ("after", [x for x in ok if x[3] > t_kill])):
        waits = [first[x[1]] - x[3] for x in part if x[1] in first]
        if waits:
            figures["reply_wait_max_s_200_%s_kill" % label] = round(
                max(waits), 1)
    figures["jobs_claimed_twice_or_more"] = int(psql(
        node, "SELECT count(*) FROM jobs WHERE attempts > 1")[0][0])


def no_overlaps(node):
    n = int(psql(node, "SELECT count(*) FROM appointments a JOIN "
                 "appointments b ON a.id < b.id AND (a.practitioner_id = "
                 "b.practitioner_id OR a.patient_id = b.patient_id) AND "
                 "a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
                 "WHERE a.status = 'booked' AND b.status = 'booked'")[0][0])
    check(n == 0, "no appointment overlaps (%d pairs)" % n)


# --- the two parts ----------------------------------------------------------

def failover(top, figures):
    etcd, nodes = start_cluster(top)
    url = ("postgresql://sophie@%s/sophie?target_session_attrs=read-write"
           "&connect_timeout=2" % ",".join(
               "127.0.0.1:%d" % n.pgport for n in nodes))
    tw = Fake("fake_twilio.py", "--cdn-port", free_port(), "--account-sid",
              SID, "--auth-token", TOKEN)
    settings = twilio_settings(tw)
    settings["DATABASE_URL"] = '"%s"' % url
    hosts = [host(settings), host(settings)]
    clinic = hosts[0].demo_info["clinic_id"]
    check(hosts[1].demo_info["clinic_id"] == clinic,
          "both hosts serve the same clinic")
    log("hosts on ports %d and %d, DATABASE_URL %s" % (
        hosts[0].port, hosts[1].port, url))

    load = Load(hosts)
    load.start(clinic)
    time.sleep(T_LOAD_BEFORE)
    before = len(load.ok)
    old = leader_of(nodes)
    killed = old.kill()
    # From here on nothing of the old primary runs (a request in flight
    # may still have committed just before).
    t_kill = time.time()
    log("killed %s (patroni %d, postgres %s) with %d messages answered "
        "200" % (old.name, old.proc.pid, killed, before))
    new = wait_until(lambda: leader_of([n for n in nodes if n is not old]),
                     timeout=T_LEADER, interval=0.5)
    t_leader = time.time()
    log("new leader: %s after %.1fs" % (new.name if new else None,
                                         t_leader - t_kill))
    first = wait_until(lambda: [x for x in load.ok if x[3] > t_leader],
                       timeout=T_LOAD_MAX, interval=0.2)
    time.sleep(T_LOAD_AFTER)
    load.finish()
    after = [x for x in load.ok if x[3] > t_kill]
    # Answers to requests sent after the kill (those in flight at the
    # kill committed before it, on two nodes).
    fresh = [x for x in load.ok if x[4] > t_kill]
    check(new is not None, "a replica became the leader")
    check(bool(first), "webhooks answered 200 again after the failover")
    if fresh:
        figures["kill_to_first_200_s"] = round(min(x[3] for x in fresh) -
                                               t_kill, 1)
        figures["longest_gap_between_200s_s"] = round(max(
            b - a for a, b in zip(*(lambda t: (t, t[1:]))(
                sorted(x[3] for x in load.ok)))), 1)
    figures["kill_to_new_leader_s"] = round(t_leader - t_kill, 1)
    figures["answered_200"] = len(load.ok)
    figures["answered_200_after_kill"] = len(after)
    figures["not_200_answers"] = load.not_ok
    figures["statuses"] = load.statuses
    figures["per_host_200"] = [sum(1 for x in load.ok if x[2] == i)
                               for i in range(2)]
    if new is not None:
        verify_messages(new, tw, load.ok, "failover")
        reply_waits(new, tw, load.ok, t_kill, figures)
        no_overlaps(new)
    return etcd, nodes, new, tw, hosts


def pgbouncer(top, node, tw, figures, prepared):
    """A host through pgbouncer (transaction mode) with DB_PREPARED."""
    port = free_port()
    d = os.path.join(top, "pgbouncer")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "userlist.txt"), "w") as f:
        f.write('"sophie" ""\n')
    with open(os.path.join(d, "pgbouncer.ini"), "w") as f:
        f.write("[databases]\nsophie = host=127.0.0.1 port=%d dbname=sophie"
                "\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = %d"
                "\nunix_socket_dir =\nauth_type = trust\nauth_file = %s\n"
                "pool_mode = transaction\ndefault_pool_size = 3\n"
                "max_client_conn = 200\nlogfile = %s\npidfile = %s\n"
                "ignore_startup_parameters = extra_float_digits\n" % (
                    node.pgport, port, os.path.join(d, "userlist.txt"),
                    os.path.join(d, "pgbouncer.log"),
                    os.path.join(d, "pgbouncer.pid")))
    if IS_ROOT:
        subprocess.run(["chown", "-R", RUNUSER, d], check=True)
    spawn(["pgbouncer", os.path.join(d, "pgbouncer.ini")],
          os.path.join(d, "stdout.log"), user=True)
    time.sleep(1)
    tw.post("/_reset")
    settings = twilio_settings(tw)
    settings["DATABASE_URL"] = '"postgresql://sophie@127.0.0.1:%d/sophie"' \
        % port
    settings["DB_PREPARED"] = "1" if prepared else "0"
    st = host(settings, pool=3)
    clinic = st.demo_info["clinic_id"]
    load = Load([st], threads=4, first_phone=5000000)
    load.start(clinic)
    wait_until(lambda: len(load.ok) >= 40, timeout=60, interval=0.5)
    load.finish()
    figures["pgbouncer_answered_200"] = len(load.ok)
    figures["pgbouncer_not_200"] = load.not_ok
    check(load.not_ok == 0 and len(load.ok) >= 40, "pgbouncer: every "
          "webhook answered 200 (%d, other answers %d)" % (len(load.ok),
                                                         load.not_ok))
    verify_messages(node, tw, load.ok, "pgbouncer")
    logs = st.logs()
    bad = [w for w in ("does not exist", "already exists", "PREPARE_FAILED")
           if w in logs]
    check(not bad, "pgbouncer: no prepared-statement error in the logs %s"
          % bad)
    st.destroy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=("failover", "pgbouncer"))
    ap.add_argument("--prepared", action="store_true",
                    help="pgbouncer part with DB_PREPARED=1 (shows why)")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    for tool in ("etcd", "patroni") + (("pgbouncer",) if a.only !=
                                      "failover" else ()):
        if shutil.which(tool) is None:
            print("test-ha: %s is missing: make deps-ha" % tool)
            return 2
    t0 = time.time()
    top = state_dir()
    figures = {}
    try:
        if a.only == "pgbouncer":
            etcd, nodes = start_cluster(top)
            tw = Fake("fake_twilio.py", "--cdn-port", free_port(),
                      "--account-sid", SID, "--auth-token", TOKEN)
            new = leader_of(nodes)
            hosts = []
        else:
            etcd, nodes, new, tw, hosts = failover(top, figures)
        for st in hosts:
            st.destroy()
        if a.only != "failover" and new is not None:
            pgbouncer(top, new, tw, figures, a.prepared)
    except Exception as e:   # a start-up that failed: say it, fail
        check(False, "run: %s" % e)
        import traceback
        traceback.print_exc()
    finally:
        harness._teardown()
        for p in reversed(PROCS):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        end = time.time() + 20
        for p in PROCS:
            try:
                p.wait(max(0.1, end - time.time()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if not a.keep:
            shutil.rmtree(os.path.realpath(top), ignore_errors=True)
    # A server that tripped a sanitizer (make SAN=1 test-ha) fails the run.
    check(not harness.SANITIZER_REPORTS, "no sanitizer report in the "
          "hosts' logs")
    for rep in harness.SANITIZER_REPORTS:
        print(rep)
    figures["total_s"] = round(time.time() - t0, 1)
    print("test-ha figures: %s" % json.dumps(figures, sort_keys=True))
    print("test-ha: %d checks failed" % len(FAILURES))
    for f in FAILURES:
        print("  FAILED: %s" % f)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
