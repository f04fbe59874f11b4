#!/usr/bin/env python3
"""A fake SMTP relay for tests: speaks enough SMTP (EHLO/HELO, optional
AUTH PLAIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT) to take a
message from libcurl, records what it accepted, and has test-only control
routes on an HTTP port.

    fake_smtp.py --port P --smtp-port Q [--user U --password W]

With --user, AUTH PLAIN must be given with those credentials before MAIL.

Control (HTTP on --port):
  GET  /_messages   every accepted message, as JSON: [{"from", "to": [...],
                    "data", "auth"}]
  GET  /_stats      {"rejected": n, "sessions": n}
  POST /_fail       JSON {"code": 451, "count": n}: the next n messages are
                    refused with that code at the end of DATA (not kept).
  POST /_reset      forget messages, failures and counts.
Prints "ready" on stdout once both ports listen."""
import argparse
import base64
import http.server
import json
import socketserver
import sys
import threading

LOCK = threading.Lock()
STATE = {"messages": [], "fail_code": 0, "fail_count": 0, "rejected": 0,
         "sessions": 0}
MAX_DATA = 1024 * 1024
ARGS = None


class SMTPHandler(socketserver.StreamRequestHandler):
    timeout = 30

    def say(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def readline(self):
        line = self.rfile.readline(4096)
        if not line:
            return None
        return line.decode("utf-8", "replace").rstrip("\r\n")

    def read_data(self):
        lines = []
        size = 0
        while True:
            raw = self.rfile.readline(MAX_DATA)
            if not raw:
                return None
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line == ".":
                return "\r\n".join(lines) + "\r\n"
            if line.startswith(".."):
                line = line[1:]
            size += len(raw)
            if size < MAX_DATA:
                lines.append(line)

    def handle(self):
        with LOCK:
            STATE["sessions"] += 1
        self.say("220 fake-smtp ESMTP ready")
        mail_from, rcpts, auth = None, [], None
        while True:
            line = self.readline()
            if line is None:
                return
            verb = line.split(" ", 1)[0].upper()
            arg = line[len(verb):].strip()
            if verb in ("EHLO", "HELO"):
                if verb == "EHLO":
                    self.say("250-fake-smtp")
                    self.say("250-AUTH PLAIN")
                    self.say("250 8BITMIME")
                else:
                    self.say("250 fake-smtp")
            elif verb == "AUTH":
                parts = arg.split()
                if not parts or parts[0].upper() != "PLAIN":
                    self.say("504 only PLAIN")
                    continue
                tok = parts[1] if len(parts) > 1 else None
                if tok is None:
                    self.say("334 ")
                    tok = self.readline() or ""
                try:
                    _, user, pw = base64.b64decode(tok).decode().split("\0")
                except Exception:
                    self.say("501 bad AUTH PLAIN")
                    continue
                if ARGS.user and (user != ARGS.user or pw != ARGS.password):
                    self.say("535 authentication failed")
                    continue
                auth = user
                self.say("235 authenticated")
            elif verb == "MAIL":
                if ARGS.user and auth is None:
                    self.say("530 authentication required")
                    continue
                mail_from = arg.split(":", 1)[1].strip() if ":" in arg \
                    else arg
                rcpts = []
                self.say("250 ok")
            elif verb == "RCPT":
                if mail_from is None:
                    self.say("503 MAIL first")
                    continue
                rcpts.append(arg.split(":", 1)[1].strip() if ":" in arg
                             else arg)
                self.say("250 ok")
            elif verb == "DATA":
                if mail_from is None or not rcpts:
                    self.say("503 MAIL and RCPT first")
                    continue
                self.say("354 end with <CRLF>.<CRLF>")
                data = self.read_data()
                if data is None:
                    return
                with LOCK:
                    if STATE["fail_count"] > 0:
                        STATE["fail_count"] -= 1
                        STATE["rejected"] += 1
                        code = STATE["fail_code"]
                    else:
                        code = 0
                        STATE["messages"].append(
                            {"from": mail_from.strip("<>"),
                             "to": [r.strip("<>") for r in rcpts],
                             "data": data, "auth": auth})
                if code:
                    self.say("%d 4.3.0 try again later" % code)
                else:
                    self.say("250 queued")
                mail_from, rcpts = None, []
            elif verb == "RSET":
                mail_from, rcpts = None, []
                self.say("250 ok")
            elif verb == "NOOP":
                self.say("250 ok")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 not implemented")


class Control(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def answer(self, obj, status=200):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with LOCK:
            if self.path == "/_messages":
                return self.answer(list(STATE["messages"]))
            if self.path == "/_stats":
                return self.answer({"rejected": STATE["rejected"],
                                    "sessions": STATE["sessions"]})
        self.answer({"error": "not found"}, 404)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        with LOCK:
            if self.path == "/_fail":
                o = json.loads(body or b"{}")
                STATE["fail_code"] = int(o.get("code", 451))
                STATE["fail_count"] = int(o.get("count", 1))
                return self.answer({"ok": True})
            if self.path == "/_reset":
                STATE.update({"messages": [], "fail_code": 0,
                              "fail_count": 0, "rejected": 0,
                              "sessions": 0})
                return self.answer({"ok": True})
        self.answer({"error": "not found"}, 404)


class SMTPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--smtp-port", type=int, required=True)
    ap.add_argument("--user", default="")
    ap.add_argument("--password", default="")
    ARGS = ap.parse_args()
    smtp = SMTPServer(("127.0.0.1", ARGS.smtp_port), SMTPHandler)
    ctl = http.server.ThreadingHTTPServer(("127.0.0.1", ARGS.port), Control)
    ctl.daemon_threads = True
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    print("ready", flush=True)
    try:
        ctl.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
