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
  GET  /_held     {"held": N, "calls": M, "hostile": H}: calls waiting
                  now, calls received since the start, and calls answered
                  by the hostile mode.
  POST /_hostile  JSON {"seed": S, "intents": [...]}: from now on every
                  call gets a deliberately wrong answer, the same for the
                  same seed and message: a wrong intent (GREETING and
                  EMERGENCY among them), the other language, a high
                  confidence, and invented values (dates, times, names,
                  practitioners, treatments not in the message).
                  "intents" (optional) limits the intents drawn from.
                  {"seed": null} switches the mode off; /_answer answers
                  again.
"""

import argparse
import hashlib
import json
import random
import re
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
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
    "hostile_seed": None,
    "hostile_intents": None,
    "hostile": 0,
}
LOCK = threading.Lock()

INTENTS = ["UNKNOWN", "BOOK_APPOINTMENT", "MODIFY_APPOINTMENT",
           "CANCEL_APPOINTMENT", "LIST_APPOINTMENTS", "INFORMATION",
           "GREETING", "AFFIRMATIVE", "NEGATIVE", "LIST_PRACTITIONERS",
           "EMERGENCY"]
# Drawn more often: the intents that would act, reset or alarm.
WEIGHTS = [1, 2, 2, 3, 1, 1, 3, 4, 2, 1, 3]
FIRST = ["Jean", "Kevin", "John", "Brigitte", "Gregory", "Amelie"]
LAST = ["Dupont", "Smith", "Martinez", "House", "Nguyen", "Lefebvre"]
INVENTED_PRACTS = ["Dr Gregory House", "Dr John Watson", "Dr Who"]
INVENTED_TREATS = ["Implant", "Couronne", "Root canal", "Botox"]


def _user_text(req):
    """The user message of a chat or generate request."""
    if isinstance(req.get("messages"), list):
        for m in req["messages"]:
            if isinstance(m, dict) and m.get("role") == "user":
                return str(m.get("content", ""))
    return str(req.get("prompt", ""))


def _list_after(text, key):
    m = re.search(r"^" + key + r":(.*)$", text, re.M)
    if not m:
        return []
    return [x.strip() for x in m.group(1).split(";") if x.strip()]


def hostile_answer(req, seed, intents):
    """A wrong answer to req, drawn from a generator seeded by the seed
    and the user message: the same input gives the same answer."""
    text = _user_text(req)
    h = hashlib.sha256(("%s\x00%s" % (seed, text)).encode()).hexdigest()
    rnd = random.Random(int(h[:16], 16))
    m = re.search(r"TODAY: (\d{4})-(\d{2})-(\d{2})", text)
    today = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))) \
        if m else datetime(2026, 11, 23)
    msg = re.search(r"MESSAGE: (.*?)\nTODAY:", text, re.S)
    msg = msg.group(1).lower() if msg else ""
    pool = intents or INTENTS
    w = [WEIGHTS[INTENTS.index(i)] if i in INTENTS else 1 for i in pool]
    intent = rnd.choices(pool, weights=w)[0]
    # The other language than the message seems to be in.
    french = bool(re.search(r"[éèàçù]|\b(je|le|la|rendez|oui|non|"
                            r"bonjour|merci|vous)\b", msg))
    lang = "en" if french else "fr"
    if rnd.random() < 0.2:
        lang = rnd.choice(["fr", "en"])
    day = today + timedelta(days=rnd.randint(0, 40))
    practs = _list_after(text, "PRACTITIONERS") + INVENTED_PRACTS
    treats = _list_after(text, "TREATMENTS") + INVENTED_TREATS
    ents = {}
    if rnd.random() < 0.8:
        ents["date"] = day.strftime("%Y-%m-%d")
    if rnd.random() < 0.7:
        ents["time"] = "%02d:%s" % (rnd.randint(8, 18),
                                    rnd.choice(["00", "15", "30", "45"]))
    if rnd.random() < 0.5:
        ents["time_preference"] = rnd.choice(["MORNING", "AFTERNOON",
                                              "EVENING"])
    if rnd.random() < 0.6:
        ents["first_name"] = rnd.choice(FIRST)
        ents["last_name"] = rnd.choice(LAST)
    if rnd.random() < 0.3:
        ents["birth_date"] = "19%02d-%02d-%02d" % (
            rnd.randint(30, 99), rnd.randint(1, 12), rnd.randint(1, 28))
    if rnd.random() < 0.7:
        ents["practitioner"] = rnd.choice(practs)
    if rnd.random() < 0.7:
        ents["appointment_type"] = rnd.choice(treats)
    if rnd.random() < 0.2:
        ents["phone"] = "+336%08d" % rnd.randint(0, 10 ** 8 - 1)
    if rnd.random() < 0.2:
        ents["email"] = "%s@example.org" % rnd.choice(FIRST).lower()
    return json.dumps({"detected_language": lang, "intent": intent,
                       "confidence": round(rnd.uniform(0.9, 1.0), 2),
                       "entities": ents})
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
                                 "calls": STATE["calls"],
                                 "hostile": STATE["hostile"]})
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
        if self.path == "/_hostile":
            try:
                cfg = json.loads(raw)
                intents = cfg.get("intents")
                if intents is not None and (
                        not isinstance(intents, list) or not intents or
                        any(i not in INTENTS for i in intents)):
                    raise ValueError("intents")
            except (ValueError, AttributeError):
                self._send(400, {"error": "bad json"})
                return
            with LOCK:
                STATE["hostile_seed"] = cfg.get("seed")
                STATE["hostile_intents"] = intents
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
            seed, intents = STATE["hostile_seed"], STATE["hostile_intents"]
            if seed is not None and isinstance(req, dict):
                STATE["hostile"] += 1
                content, status, delay = (
                    hostile_answer(req, seed, intents), 200, 0)
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
