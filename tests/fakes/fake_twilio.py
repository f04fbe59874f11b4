#!/usr/bin/env python3
"""A fake Twilio for tests: the Messages REST resource, media behind a
redirect to a CDN on a second port, and a few test-only control routes.

    fake_twilio.py --port P --cdn-port Q --account-sid AC... --auth-token T

Ports may be 0 (the system picks). When listening it prints one line
"listening port=P cdn_port=Q", then "ready", on stdout.

Twilio-like routes (main port):
  POST /2010-04-01/Accounts/{sid}/Messages.json   Basic auth, form body;
        201 with a Message resource, or Twilio's error JSON.
  GET  /2010-04-01/Accounts/{sid}/Messages.json   Basic auth; the list,
        newest sent first, filtered by To, From, DateSent / DateSent< /
        DateSent> (YYYY-MM-DD or ISO 8601, GMT; "DateSent>" is "on or
        after"), paged by PageSize (default 50, at most 1000) and Page,
        with Twilio's "messages", "next_page_uri" (null on the last page),
        "uri"... A message reads "sent" there, with its date_sent, once
        accepted (the create answer says "queued", date_sent null).
  GET  /media/{name}        Basic auth; 302 to http://CDN/cdn/{name}.
CDN port:
  GET  /cdn/{name}          the bytes, no auth; notes any Authorization.
Control routes (main port, for tests):
  GET  /_messages           every accepted message, as JSON; each with
                            received_at, when its POST arrived (wall
                            clock, epoch seconds with microseconds).
  POST /_fail               JSON {"status": 500|429|400, "count": n,
                            "code": 63016, "delay_ms": d, "retry_after": s,
                            "route": "send"|"list"}: the next n sends (or
                            list calls) fail that way (after waiting d).
  POST /_hold               JSON {"count": n, "mode": "hold"|"drop",
                            "ms": d}: the next n sends are accepted and
                            stored, then "hold" keeps the answer until
                            /_release or d ms (default 60000) and sends it;
                            "drop" waits d ms (default 0) and closes the
                            connection without an answer.
  POST /_release            held answers go now.
  GET  /_held               {"held": n}: answers being held right now.
  POST /_media/{name}       register media: raw body + Content-Type.
  GET  /_cdn_auth_seen      {"seen": bool, "count": n, "requests": n}.
  POST /_reset              forget messages, failures, holds, media, CDN
                            notes (and release held answers).
  *    /_echo               the request (method, path, headers, body) as
                            JSON; on both ports.
  GET  /_redirect?to=URL    302 to URL.   GET /_loop  302 to itself.
  GET  /_big?n=N[&nolen=1]  N bytes ("nolen": no Content-Length).
  GET  /_slow?ms=M          answer "slow" after M ms.
"""

import argparse
import base64
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ERROR_TEXT = {
    20003: "Authenticate",
    20429: "Too Many Requests",
    20500: "An internal server error has occurred",
    21211: "Invalid 'To' Phone Number",
    21602: "Message body is required.",
    21604: "A 'To' phone number is required.",
    63016: "Failed to send freeform message because you are outside the "
           "allowed window. If you are using WhatsApp, please use a "
           "Message Template.",
}
DEFAULT_CODE = {400: 21211, 401: 20003, 429: 20429, 500: 20500, 503: 20500}
MSG_PATH = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})"
                      r"/Messages\.json$")
NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


class State:
    """Everything the fake remembers, behind one lock."""

    def __init__(self, sid, token, cdn_base):
        self.lock = threading.Lock()
        self.sid = sid
        self.token = token
        self.cdn_base = cdn_base
        self.reset()

    def reset(self):
        if hasattr(self, "release"):
            self.release.set()  # whoever waits on the old event goes
        self.release = threading.Event()
        self.held = getattr(self, "held", 0)  # answers held now
        self.messages = []
        self.failures = []      # list of dicts, consumed one per send
        self.list_failures = []  # the same, one per list call
        self.holds = []         # list of dicts, consumed one per send
        self.media = {}         # name -> (content_type, bytes)
        self.cdn_auth = 0       # CDN requests that carried Authorization
        self.cdn_requests = 0


def rfc2822(ts):
    """A time as Twilio writes it: "Thu, 24 Aug 2023 05:01:45 +0000"."""
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(ts))


def parse_when(v):
    """A DateSent filter value: (datetime, date_only) in UTC, or None."""
    for fmt, date_only in (("%Y-%m-%d", True), ("%Y-%m-%dT%H:%M:%SZ", False),
                           ("%Y-%m-%dT%H:%M:%S", False)):
        try:
            d = datetime.strptime(v, fmt).replace(tzinfo=timezone.utc)
            return d, date_only
        except ValueError:
            continue
    return None


def twilio_error(status, code):
    return {
        "code": code,
        "message": ERROR_TEXT.get(code, "Error"),
        "more_info": "https://www.twilio.com/docs/errors/%d" % code,
        "status": status,
    }


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeTwilio/1.0"
    protocol_version = "HTTP/1.0"

    # --- helpers -------------------------------------------------------
    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("fake_twilio: " + (fmt % args) + "\n")

    @property
    def st(self):
        return self.server.state

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def send(self, status, data, ctype="application/json", extra=None):
        if isinstance(data, (dict, list)):
            data = json.dumps(data).encode()
        elif isinstance(data, str):
            data = data.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def basic_ok(self):
        h = self.headers.get("Authorization", "")
        if not h.startswith("Basic "):
            return False
        try:
            user, _, pw = base64.b64decode(h[6:]).decode().partition(":")
        except Exception:
            return False
        return user == self.st.sid and pw == self.st.token

    def deny(self):
        self.send(401, twilio_error(401, 20003),
                  extra={"WWW-Authenticate": 'Basic realm="Twilio API"'})

    def echo(self):
        self.send(200, {
            "method": self.command,
            "path": self.path,
            "headers": {k: v for k, v in self.headers.items()},
            "body": self.body().decode("latin-1"),
        })

    # --- routes ----------------------------------------------------------
    def do_GET(self):
        if self.server.role == "cdn":
            return self.cdn()
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        p = url.path
        if p == "/_messages":
            with self.st.lock:
                return self.send(200, list(self.st.messages))
        if p == "/_cdn_auth_seen":
            with self.st.lock:
                return self.send(200, {"seen": self.st.cdn_auth > 0,
                                       "count": self.st.cdn_auth,
                                       "requests": self.st.cdn_requests})
        if p == "/_held":
            with self.st.lock:
                return self.send(200, {"held": self.st.held})
        m = MSG_PATH.match(p)
        if m:
            return self.list_messages(m.group(1), url.query)
        if p.startswith("/media/"):
            return self.media(p[len("/media/"):])
        if p == "/_echo":
            return self.echo()
        if p == "/_redirect":
            return self.send(302, "", "text/plain",
                             {"Location": q.get("to", "/")})
        if p == "/_loop":
            return self.send(302, "", "text/plain", {"Location": "/_loop"})
        if p == "/_big":
            return self.big(int(q.get("n", "0")), q.get("nolen") == "1")
        if p == "/_slow":
            time.sleep(int(q.get("ms", "0")) / 1000.0)
            return self.send(200, "slow", "text/plain")
        return self.send(404, twilio_error(404, 20404))

    def do_POST(self):
        if self.server.role == "cdn":
            return self.echo() if self.path == "/_echo" else \
                self.send(404, "")
        p = urllib.parse.urlsplit(self.path).path
        m = MSG_PATH.match(p)
        if m:
            return self.create_message(m.group(1))
        if p == "/_fail":
            return self.set_fail()
        if p == "/_hold":
            return self.set_hold()
        if p == "/_release":
            with self.st.lock:
                self.st.release.set()
                self.st.release = threading.Event()
            return self.send(200, {"ok": True})
        if p.startswith("/_media/"):
            return self.put_media(p[len("/_media/"):])
        if p == "/_reset":
            with self.st.lock:
                self.st.reset()
            return self.send(200, {"ok": True})
        if p == "/_echo":
            return self.echo()
        return self.send(404, twilio_error(404, 20404))

    do_PUT = do_PATCH = do_DELETE = do_POST

    # --- Messages.json ---------------------------------------------------
    def create_message(self, sid):
        received_at = time.time()
        raw = self.body()
        if not self.basic_ok() or sid != self.st.sid:
            return self.deny()
        with self.st.lock:
            fail = self.st.failures.pop(0) if self.st.failures else None
        if self.failed(fail):
            return
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("application/x-www-form-urlencoded"):
            return self.send(400, twilio_error(400, 21604))
        try:
            form = urllib.parse.parse_qs(raw.decode("utf-8"),
                                         keep_blank_values=True,
                                         strict_parsing=bool(raw),
                                         errors="strict")
        except (UnicodeDecodeError, ValueError):
            return self.send(400, twilio_error(400, 21604))
        one = {k: v[0] for k, v in form.items()}
        if not one.get("To"):
            return self.send(400, twilio_error(400, 21604))
        if not one.get("Body") and not one.get("ContentSid") and \
                not one.get("MediaUrl"):
            return self.send(400, twilio_error(400, 21602))
        msid = "SM" + secrets.token_hex(16)
        created = time.time()
        now = rfc2822(created)
        msg = {
            "account_sid": sid,
            "api_version": "2010-04-01",
            "body": one.get("Body", ""),
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": one.get("From"),
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": None,
            "sid": msid,
            "status": "queued",
            "subresource_uris": {
                "media": "/2010-04-01/Accounts/%s/Messages/%s/Media.json"
                         % (sid, msid)},
            "to": one.get("To"),
            "uri": "/2010-04-01/Accounts/%s/Messages/%s.json" % (sid, msid),
        }
        record = dict(msg)
        record["form"] = {k: v if len(v) > 1 else v[0]
                          for k, v in form.items()}
        record["created_ts"] = created
        record["received_at"] = received_at
        with self.st.lock:
            self.st.messages.append(record)
            hold = self.st.holds.pop(0) if self.st.holds else None
            release = self.st.release
        if hold is not None and not self.hold_answer(hold, release):
            return
        self.send(201, msg)

    def failed(self, fail):
        """Answer as a /_fail spec says; True when it did."""
        if fail is None:
            return False
        if fail.get("delay_ms"):
            time.sleep(fail["delay_ms"] / 1000.0)
        status = fail.get("status")
        if not status:
            return False
        code = fail.get("code") or DEFAULT_CODE.get(status, 20500)
        extra = {}
        if fail.get("retry_after") is not None:
            extra["Retry-After"] = str(fail["retry_after"])
        self.send(status, twilio_error(status, code), extra=extra)
        return True

    def hold_answer(self, hold, release):
        """Keep the answer of an accepted message as a /_hold spec says.
        Returns True when the answer is to be sent, False when the
        connection is to be closed without one."""
        if hold.get("mode") == "drop":
            if hold.get("ms"):
                time.sleep(hold["ms"] / 1000.0)
            self.close_connection = True
            return False
        with self.st.lock:
            self.st.held += 1
        try:
            release.wait(hold.get("ms", 60000) / 1000.0)
        finally:
            with self.st.lock:
                self.st.held -= 1
        return True

    # --- the Messages list -----------------------------------------------
    def listed(self, rec):
        """A stored message as the list shows it: sent once accepted."""
        m = {k: v for k, v in rec.items() if k not in ("form", "created_ts",
                                                    "received_at")}
        if m["status"] == "queued":
            m["status"] = "sent"
            m["date_sent"] = m["date_created"]
        return m

    @staticmethod
    def date_ok(rec, filters):
        sent = datetime.fromtimestamp(int(rec["created_ts"]), timezone.utc)
        for op, (when, date_only) in filters:
            if date_only:
                day = when.date()
                ok = {"=": sent.date() == day, ">": sent.date() >= day,
                      "<": sent.date() <= day}[op]
            else:
                ok = {"=": sent == when, ">": sent >= when,
                      "<": sent <= when}[op]
            if not ok:
                return False
        return True

    def list_messages(self, sid, query):
        if not self.basic_ok() or sid != self.st.sid:
            return self.deny()
        with self.st.lock:
            fail = (self.st.list_failures.pop(0)
                    if self.st.list_failures else None)
        if self.failed(fail):
            return
        q = urllib.parse.parse_qsl(query, keep_blank_values=True)
        args = dict(q)
        filters = []
        for key, op in (("DateSent", "="), ("DateSent>", ">"),
                        ("DateSent<", "<")):
            if key in args:
                w = parse_when(args[key])
                if w is None:
                    return self.send(400, twilio_error(400, 20001))
                filters.append((op, w))
        try:
            size = int(args.get("PageSize", "50"))
            page = int(args.get("Page", "0"))
        except ValueError:
            return self.send(400, twilio_error(400, 20001))
        if not 1 <= size <= 1000 or page < 0:
            return self.send(400, twilio_error(400, 20001))
        with self.st.lock:
            recs = list(self.st.messages)
        recs = [r for r in recs
                if ("To" not in args or r["to"] == args["To"]) and
                ("From" not in args or r["from"] == args["From"]) and
                self.date_ok(r, filters)]
        recs.sort(key=lambda r: r["created_ts"], reverse=True)
        chunk = recs[page * size:(page + 1) * size]
        base = "/2010-04-01/Accounts/%s/Messages.json" % sid
        keep = [(k, v) for k, v in q if k in ("To", "From", "DateSent",
                                              "DateSent>", "DateSent<")]

        def page_uri(n, token=None):
            qs = keep + [("PageSize", str(size)), ("Page", str(n))]
            if token:
                qs.append(("PageToken", token))
            return base + "?" + urllib.parse.urlencode(qs)
        more = (page + 1) * size < len(recs)
        self.send(200, {
            "messages": [self.listed(r) for r in chunk],
            "end": page * size + max(len(chunk) - 1, 0),
            "first_page_uri": page_uri(0),
            "next_page_uri": page_uri(page + 1, "PA" + chunk[-1]["sid"])
            if more else None,
            "page": page,
            "page_size": size,
            "previous_page_uri": page_uri(page - 1) if page > 0 else None,
            "start": page * size,
            "uri": page_uri(page),
        })

    def set_fail(self):
        try:
            spec = json.loads(self.body() or b"{}")
            n = int(spec.get("count", 1))
        except (ValueError, AttributeError):
            return self.send(400, {"error": "bad JSON"})
        with self.st.lock:
            into = self.st.list_failures if spec.get("route") == "list" \
                else self.st.failures
            into.extend(dict(spec) for _ in range(n))
        self.send(200, {"ok": True, "queued": n})

    def set_hold(self):
        try:
            spec = json.loads(self.body() or b"{}")
            n = int(spec.get("count", 1))
        except (ValueError, AttributeError):
            return self.send(400, {"error": "bad JSON"})
        if spec.get("mode", "hold") not in ("hold", "drop"):
            return self.send(400, {"error": "mode is hold or drop"})
        with self.st.lock:
            self.st.holds.extend(dict(spec) for _ in range(n))
        self.send(200, {"ok": True, "queued": n})

    # --- media -----------------------------------------------------------
    def put_media(self, name):
        if not NAME.match(name):
            return self.send(400, {"error": "bad name"})
        ctype = self.headers.get("Content-Type", "application/octet-stream")
        data = self.body()
        with self.st.lock:
            self.st.media[name] = (ctype, data)
        self.send(200, {"ok": True, "bytes": len(data)})

    def media(self, name):
        if not self.basic_ok():
            return self.deny()
        with self.st.lock:
            known = name in self.st.media
        if not known:
            return self.send(404, twilio_error(404, 20404))
        self.send(302, "", "text/plain",
                  {"Location": "%s/cdn/%s" % (self.st.cdn_base, name)})

    def cdn(self):
        with self.st.lock:
            self.st.cdn_requests += 1
            if "Authorization" in self.headers:
                self.st.cdn_auth += 1
        p = urllib.parse.urlsplit(self.path).path
        if p == "/_echo":
            return self.echo()
        name = p[len("/cdn/"):] if p.startswith("/cdn/") else ""
        with self.st.lock:
            item = self.st.media.get(name)
        if item is None:
            return self.send(404, "not found", "text/plain")
        self.send(200, item[1], item[0])

    def big(self, n, nolen):
        if not nolen:
            return self.send(200, b"x" * n, "application/octet-stream")
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            chunk = b"x" * 65536
            while n > 0:
                self.wfile.write(chunk[:min(n, len(chunk))])
                n -= min(n, len(chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve(host, port, role, state, verbose):
    srv = ThreadingHTTPServer((host, port), Handler)
    srv.daemon_threads = True
    srv.role = role
    srv.state = state
    srv.verbose = verbose
    return srv


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cdn-port", type=int, required=True)
    ap.add_argument("--account-sid", required=True)
    ap.add_argument("--auth-token", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--cdn-host", default=None,
                    help="host name put in media redirects (default: --host)")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()

    state = State(a.account_sid, a.auth_token, "")
    main_srv = serve(a.host, a.port, "api", state, a.verbose)
    cdn_srv = serve(a.host, a.cdn_port, "cdn", state, a.verbose)
    cdn_port = cdn_srv.server_address[1]
    state.cdn_base = "http://%s:%d" % (a.cdn_host or a.host, cdn_port)
    threading.Thread(target=cdn_srv.serve_forever, daemon=True).start()
    print("listening port=%d cdn_port=%d" % (main_srv.server_address[1],
                                             cdn_port), flush=True)
    print("ready", flush=True)
    try:
        main_srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
