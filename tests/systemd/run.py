#!/usr/bin/env python3
"""The installed units under a real systemd (make test-systemd).

PID 1 of the machine running the tests is not systemd, so the other
suites can only read the units (systemd-analyze verify) and start their
ExecStart lines by hand.  This check boots a real systemd instead:

  1. once: a minimal Debian 12 tree (debootstrap --variant=minbase) with
     systemd, dbus, PostgreSQL 15, nginx, spawn-fcgi and the libraries the
     programs link, cached in var/systemd/root and reused afterwards;
  2. every run: a fresh overlay over that tree (var/systemd/run), into
     which `make install PREFIX=/usr/local DESTDIR=...` writes;
  3. systemd booted as PID 1 of new PID, mount, UTS, network and cgroup
     namespaces rooted at the overlay (its own loopback network: nothing
     listens on the host's addresses; its own cgroup under the host's
     name=systemd hierarchy);
  4. inside it (nsenter), the operator's steps of README.md's
     "Production" section: the sophie user, /etc/sophie/sophie.env from
     the example, a self-signed certificate, the database role,
     migrations, `config check`, `systemctl enable --now sophie.target`,
     the nginx site, a clinic, its admin and its WhatsApp number;
  5. the checks: every installed unit active, the sockets in www-data's
     group, a signed webhook answered 200 through nginx over HTTPS and
     the worker's reply, an admin login over HTTPS with HSTS, the backup
     service run once, a responder pool back after its main process is
     killed and after `systemctl restart`, sophie.target stopped and
     started, and everything back after a power cut and a new boot.

The namespace's PID 1 is killed at the end of every run, whatever
happened; nothing runs in the host's namespaces but debootstrap, make
install and this script.  Every wait is bounded.  Root is required.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
VAR = os.path.join(TOP, "var", "systemd")
BASE = os.path.join(VAR, "root")
RUN = os.path.join(VAR, "run")
PREFIX = "/usr/local"
MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
# What the programs link (ldd build/bin/* build/fcgi-bin/*) and what the
# units and the operator's steps run.
PACKAGES = ["systemd", "dbus", "postgresql-15", "nginx-light", "spawn-fcgi",
            "libfcgi0ldbl", "libpq5", "libcurl4", "libjson-c5", "libjwt0",
            "libsodium23", "libcrypt1", "libfasttext0", "curl",
            "ca-certificates", "openssl", "procps"]
# With SAN=1 the installed programs are the sanitizers' build: their
# runtime libraries are added to the tree (apt-get in a chroot, before
# the boot).
SAN_PACKAGES = ["libasan8", "libubsan1"]
SAN = os.environ.get("SAN") == "1"
POOLS = ("webhook", "admin", "superadmin", "oauth")
UNITS = ["sophie-%s.service" % p for p in POOLS] + [
    "sophie-worker.service", "sophie.target", "sophie-backup.timer"]
TOKEN = "systemd-test-twilio-token-0123456789"
ADMIN = "admin@systemd.test"
PASSWORD = "a-real-password-42"
HSTS_MIN = 31536000
CGROUP = "/sys/fs/cgroup/systemd"

_S = {"pid": None, "failures": [], "passed": []}


def log(msg):
    print("test-systemd: %s" % msg, flush=True)


def run(cmd, timeout=120, check=True, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout, **kw)
    if check and p.returncode != 0:
        raise RuntimeError("%s: exit %d\n%s%s" % (
            " ".join(cmd), p.returncode, p.stdout.decode(errors="replace"),
            p.stderr.decode(errors="replace")))
    return p


# --- the base tree, made once ------------------------------------------

def base_tree():
    """var/systemd/root, made by debootstrap on the first run (several
    minutes) and reused while its package list is the same."""
    stamp = os.path.join(BASE, ".sophie-packages")
    want = " ".join(PACKAGES)
    if os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == want:
                return
    if shutil.which("debootstrap") is None:
        sys.exit("test-systemd: debootstrap is missing: "
                 "apt-get install debootstrap")
    tmp = BASE + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(BASE, ignore_errors=True)
    os.makedirs(VAR, exist_ok=True)
    # No service may start inside the tree while packages install.
    policy = tmp + "/usr/sbin/policy-rc.d"
    os.makedirs(os.path.dirname(policy))
    with open(policy, "w") as f:
        f.write("#!/bin/sh\nexit 101\n")
    os.chmod(policy, 0o755)
    log("debootstrap into %s (once; a few minutes)" % tmp)
    run(["debootstrap", "--variant=minbase",
         "--include=" + ",".join(PACKAGES), "bookworm", tmp, MIRROR],
        timeout=1800)
    os.unlink(policy)
    with open(os.path.join(tmp, ".sophie-packages"), "w") as f:
        f.write(want + "\n")
    os.rename(tmp, BASE)


def san_libraries():
    """The sanitizers' runtime in the base tree (SAN=1 only)."""
    missing = [p for p in SAN_PACKAGES if run(
        ["chroot", BASE, "dpkg-query", "-W", "-f=${Status}", p],
        check=False).stdout.decode() != "install ok installed"]
    if not missing:
        return
    log("apt-get install %s in the tree" % " ".join(missing))
    run(["chroot", BASE, "apt-get", "install", "-y", "-qq",
         "--no-install-recommends"] + missing, timeout=600,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
             "DEBIAN_FRONTEND": "noninteractive", "LANG": "C.UTF-8"})


# --- the namespace -------------------------------------------------------

BOOT = r"""
set -e
R=$1
mount -t overlay overlay -o lowerdir=$2,upperdir=$3,workdir=$4 $R
mount -t proc proc $R/proc
mount -t sysfs -o ro sysfs $R/sys
mount -t tmpfs -o mode=755 tmpfs $R/sys/fs/cgroup
mkdir $R/sys/fs/cgroup/systemd
mount -t cgroup -o none,name=systemd,xattr cgroup $R/sys/fs/cgroup/systemd \
  || mount -t cgroup -o none,name=systemd cgroup $R/sys/fs/cgroup/systemd
mount -t tmpfs -o mode=755 tmpfs $R/dev
for d in null zero full random urandom tty; do
  touch $R/dev/$d; mount --bind /dev/$d $R/dev/$d
done
mkdir $R/dev/pts $R/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $R/dev/pts
ln -s pts/ptmx $R/dev/ptmx
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
ln -s /proc/self/fd $R/dev/fd
ln -s /proc/self/fd/0 $R/dev/stdin
ln -s /proc/self/fd/1 $R/dev/stdout
ln -s /proc/self/fd/2 $R/dev/stderr
mount -t tmpfs -o mode=755 tmpfs $R/run
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
hostname sophie-systemd-test
export container=sophie-test
exec chroot $R /lib/systemd/systemd --system systemd.unit=multi-user.target
"""


def _cgroup():
    return os.path.join(CGROUP, "sophie-test-systemd-%d" % os.getpid())


def boot():
    """systemd as PID 1 of new namespaces rooted at a fresh overlay;
    returns its PID as the host sees it."""
    for sub in ("upper", "work", "merged"):
        os.makedirs(os.path.join(RUN, sub), exist_ok=True)
    cg = _cgroup()
    os.makedirs(cg, exist_ok=True)
    logf = open(os.path.join(RUN, "console.log"), "ab")

    def into_cgroup():
        with open(os.path.join(cg, "cgroup.procs"), "w") as f:
            f.write("0\n")

    p = subprocess.Popen(
        ["unshare", "--pid", "--fork", "--mount", "--uts", "--ipc", "--net",
         "--cgroup", "--propagation", "private", "sh", "-c", BOOT, "boot",
         RUN + "/merged", BASE, RUN + "/upper", RUN + "/work"],
        stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
        preexec_fn=into_cgroup)
    _S["unshare"] = p
    # The forked child of unshare is the namespace's PID 1.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
                kids = f.read().split()
        except OSError:
            kids = []
        if kids:
            _S["pid"] = int(kids[0])
            break
        if p.poll() is not None:
            break
        time.sleep(0.2)
    if _S["pid"] is None:
        raise RuntimeError("no PID 1: " + console())
    return _S["pid"]


def console():
    try:
        with open(os.path.join(RUN, "console.log"), "rb") as f:
            return f.read()[-4000:].decode(errors="replace")
    except OSError:
        return ""


def inside(cmd, timeout=120, check=True, env=None):
    """A command run inside the namespaces and the tree, as root."""
    ns = ["nsenter", "-t", str(_S["pid"]), "-m", "-u", "-i", "-n", "-p",
          "-C", "-r", "-w", "--", "env", "-i",
          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "LANG=C.UTF-8"]
    for k, v in (env or {}).items():
        ns.append("%s=%s" % (k, v))
    return run(ns + cmd, timeout=timeout, check=check)


def sh(script, timeout=120, check=True):
    return inside(["sh", "-ec", script], timeout=timeout, check=check)


def shutdown():
    """Kill the namespace's PID 1 (its namespace goes with it) and
    remove the cgroups it made."""
    pid = _S.get("pid")
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    p = _S.get("unshare")
    if p is not None:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=30)
    cg = _cgroup()
    deadline = time.monotonic() + 30
    while os.path.isdir(cg) and time.monotonic() < deadline:
        for d, _, _ in sorted(os.walk(cg), key=lambda t: -len(t[0])):
            try:
                os.rmdir(d)
            except OSError:
                pass
        if os.path.isdir(cg):
            time.sleep(0.5)
    if os.path.isdir(cg):
        log("warning: cgroup %s left behind" % cg)


# --- the operator's steps (README.md, "Production") ---------------------

def install():
    log("make install PREFIX=%s DESTDIR=%s" % (PREFIX, RUN + "/upper"))
    run(["make", "--no-print-directory", "-C", TOP, "install",
         "PREFIX=" + PREFIX, "DESTDIR=" + RUN + "/upper"] +
        (["SAN=1"] if SAN else []), timeout=900)


def wait_booted():
    deadline = time.monotonic() + 180
    state = ""
    while time.monotonic() < deadline:
        p = inside(["systemctl", "is-system-running"], check=False,
                   timeout=30)
        state = p.stdout.decode().strip()
        if state in ("running", "degraded"):
            return state
        time.sleep(1)
    raise RuntimeError("systemd did not finish booting (%s)\n%s" % (
        state, console()))


OPERATOR = r"""
adduser --system --group --home /var/lib/sophie --no-create-home sophie
install -d -o sophie -g sophie -m 0750 /var/lib/sophie
install -m 0640 -o root -g sophie /etc/sophie/sophie.env.example \
  /etc/sophie/sophie.env
sed -i -e "s/^JWT_SECRET=.*/JWT_SECRET=$(openssl rand -hex 32)/" \
  -e "s/^SOPHIE_SECRET_KEY=.*/SOPHIE_SECRET_KEY=$(openssl rand -hex 32)/" \
  -e "s|^PUBLIC_BASE_URL=.*|PUBLIC_BASE_URL=https://127.0.0.1|" \
  -e "s|^SOPHIE_TLS_CERT=.*|SOPHIE_TLS_CERT=/etc/ssl/sophie/cert.pem|" \
  -e "s|^SOPHIE_TLS_KEY=.*|SOPHIE_TLS_KEY=/etc/ssl/sophie/key.pem|" \
  /etc/sophie/sophie.env
install -d -m 0755 /etc/ssl/sophie
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout /etc/ssl/sophie/key.pem \
  -out /etc/ssl/sophie/cert.pem 2>/dev/null
systemctl start postgresql.service
runuser -u postgres -- createuser sophie
runuser -u postgres -- createdb -O sophie sophie
sctl() { runuser -u sophie -- env SOPHIE_ENV_FILE=/etc/sophie/sophie.env \
  /usr/local/bin/sophiectl "$@"; }
sctl migrate >/dev/null
sctl config check
systemctl daemon-reload
systemctl enable --now sophie.target
sophie-nginx-site -o /etc/nginx/sites-available/sophie
ln -s ../sites-available/sophie /etc/nginx/sites-enabled/sophie
rm /etc/nginx/sites-enabled/default
nginx -t 2>/dev/null
systemctl reload nginx
"""


def ctl(*args):
    p = inside(["runuser", "-u", "sophie", "--", "env",
                "SOPHIE_ENV_FILE=/etc/sophie/sophie.env",
                PREFIX + "/bin/sophiectl"] + list(args))
    return p.stdout.decode()


def operator():
    log("operator's steps inside (README.md, Production)")
    sh(OPERATOR, timeout=300)
    cid = json.loads(ctl("clinic", "add", "--name", "Cabinet Systemd",
                         "--json"))["clinic_id"]
    ctl("user", "add", "--clinic", cid, "--email", ADMIN, "--password",
        PASSWORD, "--role", "ADMIN")
    ctl("whatsapp", "set", "--clinic", cid, "--number", "+14155238886",
        "--auth-token", TOKEN)
    _S["clinic"] = cid


# --- talking to it -------------------------------------------------------

def curl(method, path, body=None, headers=None):
    """One HTTPS request to the installed nginx inside the namespace:
    (status, headers as a lower-cased dict of lists, body)."""
    cmd = ["curl", "-sS", "--max-time", "30", "--cacert",
           "/etc/ssl/sophie/cert.pem", "-D", "-", "-X", method]
    if method == "HEAD":
        cmd = cmd[:-2] + ["-I"]
    for k, v in (headers or {}).items():
        cmd += ["-H", "%s: %s" % (k, v)]
    if body is not None:
        cmd += ["--data-binary", body]
    cmd.append("https://127.0.0.1" + path)
    out = inside(cmd, timeout=60).stdout.decode(errors="replace")
    head, _, rest = out.partition("\r\n\r\n")
    lines = head.split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs.setdefault(k.strip().lower(), []).append(v.strip())
    return status, hdrs, rest


def sql(query):
    p = inside(["runuser", "-u", "sophie", "--", "psql", "-X", "-qAt",
                "dbname=sophie", "-c", query])
    return p.stdout.decode().strip()


def wait_until(pred, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(1)
    return pred()


def max_age(hdrs):
    v = hdrs.get("strict-transport-security", [""])[0]
    m = re.search(r"max-age=(\d+)", v)
    return int(m.group(1)) if m else 0


def unit_state(unit, prop):
    p = inside(["systemctl", "show", "-P", prop, unit], check=False)
    return p.stdout.decode().strip()


def journal(unit):
    p = inside(["journalctl", "--no-pager", "-n", "30", "-u", unit],
               check=False)
    return p.stdout.decode(errors="replace")


# --- the checks ----------------------------------------------------------

def check(name):
    def wrap(fn):
        CHECKS.append((name, fn))
        return fn
    return wrap


CHECKS = []


@check("every installed unit is active")
def units_active():
    for u in UNITS:
        ok = wait_until(lambda: unit_state(u, "ActiveState") == "active", 60)
        assert ok, "%s: %s\n%s" % (u, unit_state(u, "ActiveState"),
                                   journal(u))
    for u in ("postgresql@15-main.service", "nginx.service"):
        assert unit_state(u, "ActiveState") == "active", journal(u)


@check("the sockets are 0660, owned by sophie, group www-data")
def sockets():
    for p in POOLS:
        out = sh("stat -c '%%a %%U %%G' /run/sophie/%s.sock" % p)
        assert out.stdout.decode().split() == ["660", "sophie", "www-data"], \
            (p, out.stdout)
    # The responders themselves run as sophie, not root.
    users = sh("ps -o user= -C webhook,admin,superadmin,oauth,sophie-worker"
               " | sort -u").stdout.decode().split()
    assert users == ["sophie"], users


def webhook(body_text):
    path = "/webhook/whatsapp/%s" % _S["clinic"]
    fields = {"MessageSid": "SM" + os.urandom(16).hex(),
              "AccountSid": "AC" + "0" * 31 + "1",
              "From": "whatsapp:+33612345678",
              "To": "whatsapp:+14155238886", "Body": body_text,
              "NumMedia": "0", "ProfileName": "Patiente"}
    data = "https://127.0.0.1" + path + "".join(
        k + v for k, v in sorted(fields.items()))
    sig = base64.b64encode(hmac.new(TOKEN.encode(), data.encode(),
                                    hashlib.sha1).digest()).decode()
    status, hdrs, body = curl(
        "POST", path, urllib.parse.urlencode(fields),
        {"Content-Type": "application/x-www-form-urlencoded",
         "X-Twilio-Signature": sig})
    return fields["MessageSid"], status, hdrs, body


@check("a signed webhook through nginx over HTTPS: 200 and a reply")
def signed_webhook():
    before = int(sql("SELECT count(*) FROM messages WHERE direction = "
                     "'outbound'"))
    sid, status, hdrs, body = webhook("Bonjour")
    assert status == 200, (status, body, journal("sophie-webhook.service"))
    assert "<Response" in body, body
    assert max_age(hdrs) >= HSTS_MIN, hdrs
    assert sql("SELECT count(*) FROM messages WHERE twilio_sid = '%s'"
               % sid) == "1"
    ok = wait_until(lambda: int(sql(
        "SELECT count(*) FROM messages WHERE direction = 'outbound'"))
        > before, 60)
    assert ok, journal("sophie-worker.service")
    # A wrong signature is refused.
    status, _, _ = curl("POST", "/webhook/whatsapp/%s" % _S["clinic"],
                        "Body=x", {"X-Twilio-Signature": "AAAA",
                                   "Content-Type":
                                   "application/x-www-form-urlencoded"})
    assert status == 403, status


@check("an admin login over HTTPS, with HSTS")
def admin_login():
    path = "/clinic/%s/admin/login" % _S["clinic"]
    status, hdrs, _ = curl("HEAD", path)
    assert status == 200 and max_age(hdrs) >= HSTS_MIN, (status, hdrs)
    status, hdrs, body = curl(
        "POST", path, json.dumps({"email": ADMIN, "password": PASSWORD}),
        {"Content-Type": "application/json", "Accept": "application/json"})
    assert status == 200 and json.loads(body).get("token"), (status, body)
    assert max_age(hdrs) >= HSTS_MIN, hdrs
    status, _, _ = curl(
        "POST", path, json.dumps({"email": ADMIN, "password": "wrong"}),
        {"Content-Type": "application/json", "Accept": "application/json"})
    assert status in (401, 403), status


@check("the backup service runs and writes a backup")
def backup():
    inside(["systemctl", "start", "sophie-backup.service"], timeout=180,
           check=False)
    res = unit_state("sophie-backup.service", "Result")
    assert res == "success", (res, journal("sophie-backup.service"))
    out = sh("ls /var/backups/sophie").stdout.decode().split()
    assert out, "no backup written"


def pool_serves():
    try:
        return webhook("Merci")[1] == 200
    except (RuntimeError, subprocess.TimeoutExpired, IndexError, ValueError):
        return False


@check("a killed responder pool comes back (Restart=on-failure)")
def killed_pool_restarts():
    u = "sophie-webhook.service"
    pid = unit_state(u, "MainPID")
    assert pid not in ("", "0"), pid
    n = unit_state(u, "NRestarts")
    inside(["kill", "-KILL", pid])
    ok = wait_until(lambda: unit_state(u, "NRestarts") != n and
                    unit_state(u, "ActiveState") == "active" and
                    unit_state(u, "MainPID") not in ("0", pid), 60)
    assert ok, (unit_state(u, "ActiveState"), journal(u))
    assert wait_until(pool_serves, 30), journal(u)


@check("stopping sophie.target stops the pools and the worker")
def target_stop_start():
    inside(["systemctl", "stop", "sophie.target"], timeout=180)
    for u in UNITS[:5]:
        assert unit_state(u, "ActiveState") == "inactive", (u, journal(u))
    left = sh("ls /run/sophie/*.sock 2>/dev/null || true").stdout.decode()
    status = None
    try:
        status = webhook("Encore")[1]
    except (RuntimeError, IndexError, ValueError):
        pass
    assert status in (None, 502, 503, 504), (status, left)
    inside(["systemctl", "start", "sophie.target"], timeout=180)
    for u in UNITS[:5]:
        assert unit_state(u, "ActiveState") == "active", (u, journal(u))
    assert wait_until(pool_serves, 30), journal("sophie-webhook.service")


@check("systemctl restart of every pool and the worker")
def restart():
    for u in UNITS[:5]:
        inside(["systemctl", "restart", u], timeout=120)
        assert unit_state(u, "ActiveState") == "active", journal(u)
    assert wait_until(pool_serves, 30), journal("sophie-webhook.service")


@check("after a reboot every unit is back on its own")
def reboot():
    # A power cut (SIGKILL to PID 1), then the same tree booted again:
    # what `systemctl enable` wrote must bring everything back.
    if SAN:
        _S["san"] = san_reports()
    shutdown()
    _S["pid"] = None
    boot()
    log("booted again: %s" % wait_booted())
    for u in UNITS:
        ok = wait_until(lambda: unit_state(u, "ActiveState") == "active", 90)
        assert ok, "%s: %s\n%s" % (u, unit_state(u, "ActiveState"),
                                   journal(u))
    assert wait_until(pool_serves, 60), journal("sophie-webhook.service")
    sockets()
    admin_login()


def san_reports():
    """Sanitizer reports in this boot's journal (SAN=1)."""
    p = inside(["journalctl", "--no-pager", "-o", "cat"], check=False,
               timeout=60)
    out = p.stdout.decode(errors="replace").splitlines()
    return "\n".join(line for line in out if re.search(
        r"ERROR: (Address|Leak)Sanitizer|runtime error:", line))


def main():
    if os.geteuid() != 0:
        sys.exit("test-systemd: needs root (namespaces, chroot, mounts)")
    if not os.path.isdir(CGROUP):
        sys.exit("test-systemd: no %s (cgroup v1 name=systemd) here" %
                 CGROUP)
    base_tree()
    if SAN:
        san_libraries()
    shutil.rmtree(RUN, ignore_errors=True)
    t0 = time.monotonic()
    failed = []
    try:
        install()
        boot()
        log("systemd is PID 1 of the namespace (host PID %d)" % _S["pid"])
        log("booted: %s" % wait_booted())
        operator()
        for name, fn in CHECKS:
            try:
                fn()
                log("ok    %s" % name)
            except (AssertionError, RuntimeError,
                    subprocess.TimeoutExpired) as e:
                failed.append(name)
                log("FAIL  %s\n%s" % (name, e))
        if SAN:
            rep = "\n".join(r for r in (_S.get("san"), san_reports()) if r)
            if rep:
                failed.append("sanitizers")
                log("FAIL  sanitizer reports in the journal:\n" + rep)
            else:
                log("ok    no sanitizer report in the journal")
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        failed.append("setup")
        log("FAIL  setup\n%s\n--- console ---\n%s" % (e, console()))
    finally:
        if failed and _S.get("pid"):
            p = inside(["systemctl", "--failed", "--no-legend"], check=False,
                       timeout=30)
            log("failed units: %s" % p.stdout.decode().strip())
        shutdown()
    log("%d checks, %d failed, %.0f s" % (len(CHECKS), len(failed),
                                          time.monotonic() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
