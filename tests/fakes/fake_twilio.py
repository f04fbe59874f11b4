#!/usr/bin/env python3
"""A fake Twilio for tests: the Messages REST resource, media behind a
redirect to a CDN on a second port, and a few test-only control routes.

    fake_twilio.py --port P --cdn-port Q --account-sid AC... --auth-token T

Ports may be 0 (the system picks). When listening it prints one line
"listening port=P cdn_port=Q", then "ready", on stdout.

Twilio-like routes (main port):
  POST /2010-04-01/Accounts/{sid}/Messages.json   Basic auth, form body;
        201 with a Message resource, or Twilio's error JSON.
  GET  /media/{name}        Basic auth; 302 to http://CDN/cdn/{name}.
CDN port:
  GET  /cdn/{name}          the bytes, no auth; notes any Authorization.
Control routes (main port, for tests):
  GET  /_messages           every accepted message, as JSON; each with
                            received_at, when its POST arrived (wall
                            clock, epoch seconds with microseconds).
  POST /_fail               JSON {"status": 500|429|400, "count": n,
                            "code": 63016, "delay_ms": d, "retry_after": s}:
                            the next n sends fail that way (after waiting d).
  POST /_media/{name}       register media: raw body + Content-Type.
  GET  /_cdn_auth_seen      {"seen": bool, "count": n, "requests": n}.
  POST /_reset              forget messages, failures, media, CDN notes.
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
from email.utils import formatdate
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
        self.messages = []
        self.failures = []      # list of dicts, consumed one per send
        self.media = {}         # name -> (content_type, bytes)
        self.cdn_auth = 0       # CDN requests that carried Authorization
        self.cdn_requests = 0


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
        if fail is not None:
            if fail.get("delay_ms"):
                time.sleep(fail["delay_ms"] / 1000.0)
            status = fail.get("status")
            if status:
                code = fail.get("code") or DEFAULT_CODE.get(status, 20500)
                extra = {}
                if fail.get("retry_after") is not None:
                    extra["Retry-After"] = str(fail["retry_after"])
                return self.send(status, twilio_error(status, code),
                                 extra=extra)
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
        now = formatdate(usegmt=True)
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
        record["received_at"] = received_at
        with self.st.lock:
            self.st.messages.append(record)
        self.send(201, msg)

    def set_fail(self):
        try:
            spec = json.loads(self.body() or b"{}")
            n = int(spec.get("count", 1))
        except (ValueError, AttributeError):
            return self.send(400, {"error": "bad JSON"})
        with self.st.lock:
            self.st.failures.extend(dict(spec) for _ in range(n))
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
