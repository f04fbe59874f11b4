#!/usr/bin/env python3
"""A fake Ollama for tests: /api/chat and /api/generate with stream false,
answering what the test told it to, plus control routes.

    fake_ollama.py --port P        (0: the system picks)

Prints "listening port=P" then "ready" on stdout.

Ollama-like routes:
  POST /api/chat      {"model", "messages", "stream": false, "format", ...}
                      -> {"model", "created_at", "message": {"role":
                      "assistant", "content": CONTENT}, "done": true, ...}
  POST /api/generate  -> {"model", "created_at", "response": CONTENT,
                      "done": true}
  Missing "model" or "messages" (chat) -> 400 {"error": "..."}.
Control routes:
  POST /_answer   JSON {"content": "...", "status": 200, "delay_ms": 0}:
                  what the next calls answer (until changed).
  GET  /_last     the last request body received on /api/*, as JSON
                  ({} when none).
  POST /_hold     every call from now on waits, without answering, until
                  /_release (a test orders events without timing them).
  POST /_release  the waiting calls answer, and new ones no longer wait.
  GET  /_held     {"held": N, "calls": M}: calls waiting now, and calls
                  received since the start.
"""

import argparse
import json
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {
    "content": json.dumps({
        "detected_language": "fr", "intent": "UNKNOWN",
        "confidence": 0.5, "entities": {}}),
    "status": 200,
    "delay_ms": 0,
    "last": {},
    "held": 0,
    "calls": 0,
}
LOCK = threading.Lock()
# Set: calls answer.  Cleared by /_hold.
GATE = threading.Event()
GATE.set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _send(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def do_GET(self):
        if self.path == "/_last":
            with LOCK:
                self._send(200, STATE["last"])
            return
        if self.path == "/_held":
            with LOCK:
                self._send(200, {"held": STATE["held"],
                                 "calls": STATE["calls"]})
            return
        if self.path in ("/", "/api/tags"):
            self._send(200, {"models": [{"name": "aida-medical-v1"}]})
            return
        self._send(404, {"error": "not found"})

    def do_POST(self):
        raw = self._body()
        if self.path == "/_hold":
            GATE.clear()
            self._send(200, {"ok": True})
            return
        if self.path == "/_release":
            GATE.set()
            self._send(200, {"ok": True})
            return
        if self.path == "/_answer":
            try:
                cfg = json.loads(raw)
            except ValueError:
                self._send(400, {"error": "bad json"})
                return
            with LOCK:
                for k in ("content", "status", "delay_ms"):
                    if k in cfg:
                        STATE[k] = cfg[k]
            self._send(200, {"ok": True})
            return
        if self.path not in ("/api/chat", "/api/generate"):
            self._send(404, {"error": "not found"})
            return
        try:
            req = json.loads(raw)
        except ValueError:
            self._send(400, {"error": "invalid JSON body"})
            return
        with LOCK:
            STATE["last"] = req
            STATE["calls"] += 1
            STATE["held"] += 1
        # Bounded: a test that forgets to release does not hang forever.
        GATE.wait(300)
        with LOCK:
            STATE["held"] -= 1
            content, status, delay = (STATE["content"], STATE["status"],
                                      STATE["delay_ms"])
        if not isinstance(req, dict) or "model" not in req or (
                self.path == "/api/chat" and "messages" not in req):
            self._send(400, {"error": "model and messages are required"})
            return
        if delay:
            time.sleep(delay / 1000.0)
        if status != 200:
            self._send(status, {"error": "model failed"})
            return
        now = datetime.now(timezone.utc).isoformat()
        if self.path == "/api/chat":
            self._send(200, {
                "model": req["model"], "created_at": now,
                "message": {"role": "assistant", "content": content},
                "done": True, "done_reason": "stop",
                "total_duration": 1000, "eval_count": 10})
        else:
            self._send(200, {"model": req["model"], "created_at": now,
                             "response": content, "done": True})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    print("listening port=%d" % srv.server_address[1], flush=True)
    print("ready", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
