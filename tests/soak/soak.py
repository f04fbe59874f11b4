#!/usr/bin/env python3
"""Soak test: one webhook responder under valgrind (memcheck) answers
N requests (10,000 by default) and its heap is compared after 1,000 and
after N.

A real suite is started with the integration harness (PostgreSQL, worker,
fake Twilio, nginx); a second webhook responder, the one measured, runs
under valgrind on its own FastCGI socket and this script talks FastCGI to
it directly (no nginx in between, so every request reaches it).  The mix:
/health, signed inbound messages and status callbacks (signed the way
Twilio does), bad and missing signatures, unknown clinics and paths (404),
wrong methods (405), verify handshakes, and malformed bodies (bad
percent-escapes, invalid UTF-8, NUL bytes, bad From).

The heap is read with memcheck's monitor command `leak_check` through
vgdb, after 1,000 requests and after N.  It prints the figures, and
fails (exit 1) when
  - definitely-lost bytes grow between the two snapshots,
  - the heap in use grows by more than --slack bytes between them,
  - valgrind reports memory errors, or
  - a request kind gets an answer it should not.
Everything is bounded: N requests, --time-limit seconds, loopback only.

    B=build python3 tests/soak/soak.py [--requests 10000]
"""
import argparse
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

import harness  # noqa: E402

FIRST_SNAPSHOT = 1000

# --- a tiny FastCGI client ------------------------------------------------

FCGI_BEGIN, FCGI_END, FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT, FCGI_STDERR = \
    1, 3, 4, 5, 6, 7


def _record(rtype, content, rid=1):
    pad = (8 - len(content) % 8) % 8
    return struct.pack(">BBHHBx", 1, rtype, rid, len(content), pad) + \
        content + b"\0" * pad


def _nv_len(n):
    return struct.pack(">B", n) if n < 128 else \
        struct.pack(">I", n | 0x80000000)


def _params(env):
    data = b"".join(_nv_len(len(k)) + _nv_len(len(v)) + k + v
                    for k, v in ((k.encode(), v.encode() if
                                  isinstance(v, str) else v)
                                 for k, v in env.items()))
    out = b""
    for i in range(0, len(data), 65535):
        out += _record(FCGI_PARAMS, data[i:i + 65535])
    return out + _record(FCGI_PARAMS, b"")


def _read_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("FastCGI connection closed early")
        buf += chunk
    return buf


def fcgi_request(path, env, body=b"", timeout=30):
    """One request on a new connection; returns (status, stdout bytes)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(path)
        env = dict(env)
        env["CONTENT_LENGTH"] = str(len(body))
        msg = _record(FCGI_BEGIN, struct.pack(">HB5x", 1, 0)) + _params(env)
        for i in range(0, len(body), 65535):
            msg += _record(FCGI_STDIN, body[i:i + 65535])
        msg += _record(FCGI_STDIN, b"")
        s.sendall(msg)
        out = b""
        while True:
            _, rtype, _, clen, pad = struct.unpack(">BBHHBx",
                                                   _read_exact(s, 8))
            content = _read_exact(s, clen + pad)[:clen]
            if rtype == FCGI_STDOUT:
                out += content
            elif rtype == FCGI_END:
                break
    finally:
        s.close()
    m = re.match(rb"Status: (\d{3})", out)
    return (int(m.group(1)) if m else 200), out


# --- the request mix --------------------------------------------------------

class Mix:
    """Builds the requests and what each kind must be answered with."""

    def __init__(self, st, seed=20260302):
        self.st = st
        self.rng = random.Random(seed)
        self.clinic = st.demo_info["clinic_id"]
        self.token = st.demo_info["auth_token"]
        self.kinds = [  # (weight, name, builder, accepted statuses)
            (20, "health", self.health, {200}),
            (14, "signed message", self.signed_message, {200}),
            (12, "signed status", self.signed_status, {200}),
            (14, "bad signature", self.bad_signature, {403}),
            (5, "no signature", self.no_signature, {403}),
            (10, "not found", self.not_found, {404}),
            (5, "wrong method", self.wrong_method, {405}),
            (5, "verify", self.verify, {400, 403}),
            (15, "malformed", self.malformed, None),
        ]
        self.total = sum(k[0] for k in self.kinds)

    def _env(self, method, uri, ctype=None, headers=None):
        path, _, query = uri.partition("?")
        env = {"REQUEST_METHOD": method, "REQUEST_URI": uri,
               "DOCUMENT_URI": path, "QUERY_STRING": query,
               "REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": "localhost",
               "SERVER_PORT": str(self.st.port),
               "SERVER_PROTOCOL": "HTTP/1.1",
               "HTTP_HOST": "127.0.0.1:%d" % self.st.port}
        if ctype:
            env["CONTENT_TYPE"] = ctype
        for k, v in (headers or {}).items():
            env["HTTP_" + k.upper().replace("-", "_")] = v
        return env

    def _post(self, uri, fields, sig):
        body = urllib.parse.urlencode(fields).encode()
        h = {"X-Twilio-Signature": sig} if sig is not None else {}
        return (self._env("POST", uri, "application/x-www-form-urlencoded",
                          h), body)

    def _sign(self, uri, fields):
        return self.st.twilio_sign(self.st.base_url + uri, fields,
                                   self.token)

    def _msg_fields(self):
        r = self.rng
        return {"MessageSid": "SM" + uuid.UUID(int=r.getrandbits(128)).hex,
                "AccountSid": "AC" + "0" * 31 + "1",
                "From": "whatsapp:+3361%07d" % r.randrange(10 ** 7),
                "To": "whatsapp:+14155238886",
                "Body": r.choice(["Bonjour", "je voudrais un rendez-vous",
                                  "mardi 10h ?", "annuler", "merci",
                                  "Détartrage svp", "é" * r.randrange(200)]),
                "NumMedia": "0", "ProfileName": "Soak Patient"}

    def health(self):
        return self._env("GET", "/health"), b""

    def signed_message(self):
        uri = "/webhook/whatsapp/%s" % self.clinic
        f = self._msg_fields()
        return self._post(uri, f, self._sign(uri, f))

    def signed_status(self):
        uri = "/webhook/whatsapp/%s/status" % self.clinic
        f = {"MessageSid": "SM" + uuid.UUID(
                 int=self.rng.getrandbits(128)).hex,
             "MessageStatus": self.rng.choice(["sent", "delivered", "read",
                                               "failed", "undelivered"]),
             "AccountSid": "AC" + "0" * 31 + "1"}
        if f["MessageStatus"] in ("failed", "undelivered"):
            f["ErrorCode"] = "63016"
        return self._post(uri, f, self._sign(uri, f))

    def bad_signature(self):
        uri = "/webhook/whatsapp/%s%s" % (self.clinic,
                                          self.rng.choice(["", "/status"]))
        f = self._msg_fields()
        sig = self.rng.choice(["AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "bad",
                               self._sign(uri + "x", f),
                               "%" * self.rng.randrange(1, 300)])
        return self._post(uri, f, sig)

    def no_signature(self):
        uri = "/webhook/whatsapp/%s" % self.clinic
        return self._post(uri, self._msg_fields(), None)

    def not_found(self):
        r = self.rng
        uri = r.choice(["/nope", "/webhook", "/webhook/whatsapp/",
                        "/webhook/whatsapp/%s" % uuid.UUID(
                            int=r.getrandbits(128)),
                        "/webhook/whatsapp/not-a-uuid",
                        "/webhook/whatsapp/%s/extra/x" % self.clinic,
                        "/" + "a/" * r.randrange(1, 40)])
        f = self._msg_fields()
        return self._post(uri, f, self._sign(uri, f))

    def wrong_method(self):
        uri = self.rng.choice(["/health",
                               "/webhook/whatsapp/%s/status" % self.clinic])
        return self._env(self.rng.choice(["DELETE", "PUT", "PATCH"]),
                         uri), b""

    def verify(self):
        q = self.rng.choice([
            "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42",
            "hub.mode=unsubscribe", ""])
        uri = "/webhook/whatsapp/%s?%s" % (self.clinic, q)
        return self._env("GET", uri), b""

    def malformed(self):
        uri = "/webhook/whatsapp/%s" % self.clinic
        body, ok = self.rng.choice([
            (b"From=%ZZ&Body=x", {400}), (b"Body=%C3", {400}),
            (b"Body=\xff\xfe", {400}), (b"Body=a%00b", {400}),
            ("&".join("f%d=v" % i for i in range(300)).encode(), {400}),
            # Well-formed if odd: refused by the signature check.
            (b"&&&=&=" * 50, {403})])
        env = self._env("POST", uri, "application/x-www-form-urlencoded",
                        {"X-Twilio-Signature": "x"})
        return env, body, ok

    def pick(self):
        x = self.rng.randrange(self.total)
        for w, name, fn, ok in self.kinds:
            if x < w:
                r = fn()    # (env, body) or (env, body, accepted)
                return name, r[0], r[1], r[2] if len(r) > 2 else ok
            x -= w
        raise AssertionError("unreachable")


# --- valgrind and its monitor ---------------------------------------------

SUMMARY_RE = re.compile(
    r"(definitely lost|indirectly lost|possibly lost|still reachable|"
    r"suppressed):\s+([\d,]+)\s+(?:\([+-][\d,]+\)\s+)?bytes in\s+([\d,]+)")


def parse_summary(text):
    """{kind: bytes} from a memcheck LEAK SUMMARY (last one wins)."""
    out = {}
    for kind, nbytes, _ in SUMMARY_RE.findall(text):
        out[kind] = int(nbytes.replace(",", ""))
    return out


def in_use(s):
    return sum(s.get(k, 0) for k in ("definitely lost", "indirectly lost",
                                     "possibly lost", "still reachable"))


class Responder:
    """The webhook responder under valgrind on its own socket."""

    def __init__(self, st, binary=None):
        self.st = st
        self.sock_path = os.path.join(st.dir, "run", "soak.sock")
        self.log = os.path.join(st.dir, "log", "soak-valgrind.log")
        self.prefix = os.path.join(st.dir, "run", "soak-vgdb")
        if os.path.exists(self.sock_path):
            os.unlink(self.sock_path)
        ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        ls.bind(self.sock_path)
        ls.listen(64)
        self.listener = ls
        cmd = ["valgrind", "--tool=memcheck", "--leak-check=full",
               "--show-leak-kinds=definite", "--errors-for-leak-kinds=none",
               "--error-exitcode=99", "--num-callers=30",
               "--vgdb=yes", "--vgdb-prefix=" + self.prefix,
               "--log-file=" + self.log,
               binary or os.path.join(st.dir, "bin", "webhook")]
        if harness.IS_ROOT:
            cmd = ["setpriv", "--reuid=sophie", "--regid=sophie",
                   "--clear-groups", "--"] + cmd
        env = dict(os.environ)
        env["SOPHIE_ENV_FILE"] = st.env_file()
        self.proc = subprocess.Popen(cmd, stdin=ls.fileno(), cwd=st.dir,
                                     env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)

    def wait_ready(self, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("responder died:\n" + self.read_log())
            try:
                st, _ = fcgi_request(self.sock_path,
                                     {"REQUEST_METHOD": "GET",
                                      "REQUEST_URI": "/health"},
                                     timeout=20)
                if st == 200:
                    return
            except (OSError, ConnectionError):
                pass
            time.sleep(0.5)
        raise RuntimeError("responder not ready:\n" + self.read_log())

    def monitor(self, command, wake):
        """Run a memcheck monitor command; wake() sends requests so a
        responder blocked in accept() reaches a point where vgdb is
        heard.  Returns vgdb's output and how many wake-ups were sent."""
        cmd = ["vgdb", "--vgdb-prefix=" + self.prefix,
               "--pid=%d" % self.proc.pid] + command.split()
        if harness.IS_ROOT:     # the FIFOs are the responder user's
            cmd = ["setpriv", "--reuid=sophie", "--regid=sophie",
                   "--clear-groups", "--"] + cmd
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        out = []
        t = threading.Thread(target=lambda: out.append(p.communicate(
            timeout=120)[0]))
        t.start()
        woke = 0
        while t.is_alive() and woke < 200:
            time.sleep(0.2)
            if t.is_alive():
                wake()
                woke += 1
        t.join(130)
        if not out:
            p.kill()
            raise RuntimeError("vgdb did not answer")
        return out[0].decode("utf-8", "replace"), woke

    def read_log(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.listener.close()
        return self.proc.returncode


# --- the soak ---------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=10000)
    ap.add_argument("--time-limit", type=float, default=900.0)
    ap.add_argument("--slack", type=int, default=64 * 1024,
                    help="heap growth allowed between the snapshots")
    ap.add_argument("--responder", default=None,
                    help="another webhook binary (to check the checker)")
    args = ap.parse_args()
    if args.requests <= FIRST_SNAPSHOT:
        ap.error("--requests must be above %d" % FIRST_SNAPSHOT)

    t0 = time.time()
    st = harness.shared_stack()
    print("soak: suite up on 127.0.0.1:%d in %.1fs" % (st.port,
                                                      time.time() - t0))
    rsp = Responder(st, args.responder)
    failures = []
    counts = {}
    wrong = {}
    snaps = {}
    sent = 0
    try:
        rsp.wait_ready()
        mix = Mix(st)

        def one():
            nonlocal sent
            name, env, body, ok = mix.pick()
            status, out = fcgi_request(rsp.sock_path, env, body)
            sent += 1
            c = counts.setdefault(name, {})
            c[status] = c.get(status, 0) + 1
            if status not in ok and len(wrong.setdefault(name, [])) < 3:
                wrong[name].append((status, out[:300]))

        def wake():
            try:
                one()
            except (OSError, ConnectionError):
                pass

        t1 = time.time()
        for target in (FIRST_SNAPSHOT, args.requests):
            while sent < target and time.time() - t0 < args.time_limit:
                one()
            if sent < target:
                failures.append("time limit: only %d requests in %.0fs" %
                                (sent, time.time() - t0))
                break
            at = sent
            cmd = "leak_check summary" if target == FIRST_SNAPSHOT else \
                "leak_check full definite increased"
            text, _ = rsp.monitor(cmd, wake)
            snaps[target] = (parse_summary(text), at, sent, text)
            print("soak: snapshot after %d requests (%d by the time vgdb "
                  "answered), %.0f req/s" % (at, sent,
                                             sent / (time.time() - t1)))
    finally:
        rc = rsp.stop()
        log = rsp.read_log()

    print("\nrequests by kind and status:")
    for name in sorted(counts):
        print("  %-16s %s" % (name, ", ".join(
            "%d: %d" % kv for kv in sorted(counts[name].items()))))
    for name, examples in sorted(wrong.items()):
        for status, out in examples:
            failures.append("%s answered %d: %r" % (name, status, out))

    if len(snaps) == 2:
        a, b = snaps[FIRST_SNAPSHOT][0], snaps[args.requests][0]
        print("\nheap (memcheck leak_check)      after %6d   after %6d" %
              (snaps[FIRST_SNAPSHOT][2], snaps[args.requests][2]))
        for k in ("definitely lost", "indirectly lost", "possibly lost",
                  "still reachable"):
            print("  %-28s %10d B   %10d B" % (k, a.get(k, 0), b.get(k, 0)))
        print("  %-28s %10d B   %10d B" % ("in use (sum)", in_use(a),
                                          in_use(b)))
        if not a or not b:
            failures.append("could not read a leak summary from vgdb:\n" +
                            snaps[args.requests][3][-2000:])
        if b.get("definitely lost", 0) > a.get("definitely lost", 0):
            failures.append("definitely-lost bytes grew from %d to %d:\n%s"
                            % (a.get("definitely lost", 0),
                               b.get("definitely lost", 0),
                               snaps[args.requests][3][-6000:]))
        if in_use(b) - in_use(a) > args.slack:
            failures.append("heap in use grew by %d bytes (slack %d)" %
                            (in_use(b) - in_use(a), args.slack))
    m = re.findall(r"ERROR SUMMARY: ([\d,]+) errors", log)
    nerr = int(m[-1].replace(",", "")) if m else -1
    print("\nvalgrind at exit: %s; exit status %s; log %s" % (
        "%d errors" % nerr if nerr >= 0 else "no summary", rc, rsp.log))
    tail = [l for l in log.splitlines() if "in use at exit" in l or
            "total heap usage" in l]
    for l in tail:
        print("  " + l.split("== ", 1)[-1].strip())
    if nerr != 0:
        failures.append("valgrind reported %d errors:\n%s" %
                        (nerr, log[-6000:]))
    print("soak: %d requests in %.0fs" % (sent, time.time() - t0))
    for f in failures:
        print("FAIL: " + f)
    print("soak: %d passed, %d failed" % (0 if failures else 1,
                                          1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
