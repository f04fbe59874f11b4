#!/usr/bin/env python3
"""A fake Google for tests: OAuth consent and token endpoints, Calendar v3
freeBusy and events (insert, patch, delete, list with sync tokens), and
test-only control routes.  One Google account with one calendar, whatever
the calendar id asked for.

    fake_google.py --port P [--client-id ID --client-secret S]

Port may be 0.  When listening it prints "listening port=P", then "ready".

Google-like routes:
  GET  /o/oauth2/v2/auth   consent: checks the parameters, then 302 to
                           redirect_uri?code=..&state=.. (the user "Allow"s).
                           With /_consent {"deny": true}: ?error=access_denied.
  POST /token              grant_type authorization_code (code single use,
                           redirect_uri and client checked, PKCE S256
                           code_verifier checked) or refresh_token.
  POST /calendar/v3/freeBusy
  POST   /calendar/v3/calendars/{cal}/events          insert (409 on a used id)
  PATCH  /calendar/v3/calendars/{cal}/events/{id}     patch (404 unknown)
  DELETE /calendar/v3/calendars/{cal}/events/{id}     delete (410 if deleted)
  GET    /calendar/v3/calendars/{cal}/events          list; syncToken, pageToken
Control routes:
  POST /_busy      {"busy": [{"start", "end"}], "errors": bool}
  POST /_fail      {"what": "token"|"freebusy"|"events"|"insert"|"patch"|
                    "delete"|"list", "status": 403|429|500|410|400,
                    "reason": "rateLimitExceeded", "count": n}
  POST /_revoke    every refresh token now answers invalid_grant
  POST /_expire    every access token now answers 401 (until refreshed)
  POST /_consent   {"deny": bool}
  POST /_crash_after_insert {"count": n}: the next n inserts are stored but
                   answered 500 (a crash after Google acted)
  POST /_practitioner {"id", "action": "delete"|"move", "start", "end"}
  POST /_reset_sync  every sync token now answers 410
  POST /_hold      {"what": "token"|"freebusy"|"insert"|"patch"|"delete"|
                    "list", "ms": n, "count": k}: the next k such requests
                   wait n ms before they are answered (a slow Google);
                   /_state's "held" says how many are waiting now.
  GET  /_events    every event, deleted ones included
  GET  /_state     counters (tokens, requests by kind, last consent)
  POST /_reset     forget everything
"""

import argparse
import base64
import hashlib
import json
import re
import secrets
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCOPE = "https://www.googleapis.com/auth/calendar"
EVENT_ID = re.compile(r"^[a-v0-9]{5,1024}$")
EVENTS = re.compile(r"^/calendar/v3/calendars/([^/]+)/events(?:/([^/]+))?$")


def parse_time(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


class State:
    def __init__(self, client_id, client_secret):
        self.lock = threading.Lock()
        self.client_id = client_id
        self.client_secret = client_secret
        self.reset()

    def reset(self):
        self.codes = {}          # code -> consent parameters
        self.refresh = {}        # refresh token -> live?
        self.access = {}         # access token -> live?
        self.busy = []
        self.busy_errors = False
        self.events = {}         # id -> event dict
        self.seq = 0
        self.sync_epoch = 0
        self.fail = []           # injected failures
        self.holds = []          # injected waits
        self.held = 0            # requests waiting now
        self.deny = False
        self.crash_inserts = 0
        self.counts = {}
        self.last_consent = None
        self.last_token_form = None

    def count(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def take_hold(self, kind):
        for h in self.holds:
            if h["what"] == kind and h["count"] > 0:
                h["count"] -= 1
                return h["ms"]
        return 0

    def take_fail(self, kinds):
        for f in self.fail:
            if f["what"] in kinds and f["count"] > 0:
                f["count"] -= 1
                return f
        return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    @property
    def st(self):
        return self.server.state

    def send(self, status, obj=None, headers=None):
        body = b"" if obj is None else json.dumps(obj).encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if obj is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def api_error(self, status, reason=None, message="error"):
        reason = reason or {401: "authError", 404: "notFound",
                            409: "duplicate", 410: "fullSyncRequired",
                            429: "rateLimitExceeded",
                            500: "backendError"}.get(status, "invalid")
        self.send(status, {"error": {"code": status, "message": message,
                                     "errors": [{"domain": "global",
                                                 "reason": reason,
                                                 "message": message}]}})

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def hold(self, kind):
        """Wait as /_hold asked, without holding the state's lock."""
        st = self.st
        with st.lock:
            ms = st.take_hold(kind)
            if ms:
                st.held += 1
                st.count(kind + "_held")
        if ms:
            time.sleep(ms / 1000.0)
            with st.lock:
                st.held -= 1

    def json_body(self):
        raw = self.body()
        return json.loads(raw) if raw else {}

    # --- routing ---------------------------------------------------------

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query, keep_blank_values=True))
        if u.path == "/o/oauth2/v2/auth":
            return self.consent(q)
        if u.path == "/_events":
            with self.st.lock:
                return self.send(200, list(self.st.events.values()))
        if u.path == "/_state":
            with self.st.lock:
                return self.send(200, {
                    "counts": self.st.counts,
                    "held": self.st.held,
                    "refresh_tokens": list(self.st.refresh),
                    "access_tokens": list(self.st.access),
                    "last_consent": self.st.last_consent,
                    "last_token_form": self.st.last_token_form})
        m = EVENTS.match(u.path)
        if m and not m.group(2):
            return self.with_auth(lambda: self.list_events(q))
        self.send(404, {"error": "not found"})

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/token":
            return self.token()
        if u.path.startswith("/_"):
            return self.control(u.path, self.json_body())
        if u.path == "/calendar/v3/freeBusy":
            return self.with_auth(self.freebusy)
        m = EVENTS.match(u.path)
        if m and not m.group(2):
            return self.with_auth(self.insert)
        self.send(404, {"error": "not found"})

    def do_PATCH(self):
        m = EVENTS.match(urllib.parse.urlsplit(self.path).path)
        if m and m.group(2):
            return self.with_auth(lambda: self.patch(m.group(2)))
        self.send(404, {"error": "not found"})

    def do_DELETE(self):
        m = EVENTS.match(urllib.parse.urlsplit(self.path).path)
        if m and m.group(2):
            return self.with_auth(lambda: self.delete(m.group(2)))
        self.send(404, {"error": "not found"})

    # --- OAuth -----------------------------------------------------------

    def consent(self, q):
        st = self.st
        with st.lock:
            st.last_consent = q
            ok = (q.get("client_id") == st.client_id and
                  q.get("response_type") == "code" and
                  q.get("scope") == SCOPE and
                  q.get("access_type") == "offline" and
                  q.get("code_challenge_method") == "S256" and
                  len(q.get("code_challenge", "")) == 43 and
                  q.get("redirect_uri"))
            if not ok:
                return self.send(400, {"error": "invalid_request"})
            sep = "&" if "?" in q["redirect_uri"] else "?"
            if st.deny:
                args = {"error": "access_denied", "state": q.get("state", "")}
            else:
                code = "4/" + secrets.token_urlsafe(24)
                st.codes[code] = q
                args = {"code": code, "state": q.get("state", ""),
                        "scope": SCOPE}
        loc = q["redirect_uri"] + sep + urllib.parse.urlencode(args)
        self.send(302, None, {"Location": loc})

    def token(self):
        st = self.st
        form = dict(urllib.parse.parse_qsl(self.body().decode()))
        self.hold("token")
        with st.lock:
            st.count("token")
            st.last_token_form = {k: v for k, v in form.items()
                                  if k not in ("client_secret",)}
            f = st.take_fail({"token"})
            if f:
                return self.send(f["status"], {"error": f.get("reason") or
                                               "server_error"})
            if (form.get("client_id") != st.client_id or
                    form.get("client_secret") != st.client_secret):
                return self.send(401, {"error": "invalid_client"})
            g = form.get("grant_type")
            if g == "authorization_code":
                c = st.codes.pop(form.get("code", ""), None)
                if c is None:
                    return self.send(400, {"error": "invalid_grant"})
                v = form.get("code_verifier", "")
                ch = base64.urlsafe_b64encode(
                    hashlib.sha256(v.encode()).digest()).rstrip(b"=")
                if (ch.decode() != c["code_challenge"] or
                        form.get("redirect_uri") != c["redirect_uri"]):
                    return self.send(400, {"error": "invalid_grant",
                                           "error_description":
                                           "code_verifier or redirect_uri"})
                rt = "1//" + secrets.token_urlsafe(32)
                st.refresh[rt] = True
                at = "ya29." + secrets.token_urlsafe(40)
                st.access[at] = True
                return self.send(200, {"access_token": at,
                                       "expires_in": 3599,
                                       "refresh_token": rt,
                                       "scope": SCOPE,
                                       "token_type": "Bearer"})
            if g == "refresh_token":
                if not st.refresh.get(form.get("refresh_token", "")):
                    return self.send(400, {"error": "invalid_grant",
                                           "error_description":
                                           "Token has been expired or "
                                           "revoked."})
                at = "ya29." + secrets.token_urlsafe(40)
                st.access[at] = True
                return self.send(200, {"access_token": at,
                                       "expires_in": 3599,
                                       "scope": SCOPE,
                                       "token_type": "Bearer"})
            return self.send(400, {"error": "unsupported_grant_type"})

    def with_auth(self, fn):
        h = self.headers.get("Authorization", "")
        with self.st.lock:
            ok = h.startswith("Bearer ") and self.st.access.get(h[7:])
        if not ok:
            self.body()
            return self.api_error(401, message="Invalid Credentials")
        return fn()

    # --- Calendar --------------------------------------------------------

    def injected(self, kinds):
        f = self.st.take_fail(kinds)
        if f:
            self.api_error(f["status"], f.get("reason"))
            return True
        return False

    def freebusy(self):
        st = self.st
        req = self.json_body()
        self.hold("freebusy")
        with st.lock:
            st.count("freebusy")
            if self.injected({"freebusy"}):
                return
            t0 = parse_time(req["timeMin"])
            t1 = parse_time(req["timeMax"])
            cals = {}
            for item in req.get("items", []):
                if st.busy_errors:
                    cals[item["id"]] = {"errors": [{"domain": "global",
                                                    "reason": "backendError"}],
                                        "busy": []}
                    continue
                busy = [b for b in st.busy
                        if parse_time(b["start"]) < t1 and
                        parse_time(b["end"]) > t0]
                cals[item["id"]] = {"busy": busy}
            self.send(200, {"kind": "calendar#freeBusy",
                            "timeMin": req["timeMin"],
                            "timeMax": req["timeMax"], "calendars": cals})

    def touch(self, ev):
        self.st.seq += 1
        ev["_seq"] = self.st.seq
        ev["updated"] = datetime.now(timezone.utc).isoformat()

    def public(self, ev):
        return {k: v for k, v in ev.items() if not k.startswith("_")}

    def insert(self):
        st = self.st
        req = self.json_body()
        self.hold("insert")
        with st.lock:
            st.count("insert")
            if self.injected({"events", "insert"}):
                return
            eid = req.get("id") or secrets.token_hex(16)
            if not EVENT_ID.match(eid):
                return self.api_error(400, "invalid", "Invalid resource id")
            if eid in st.events:
                return self.api_error(409, "duplicate",
                                      "The requested identifier already "
                                      "exists.")
            ev = {"kind": "calendar#event", "id": eid,
                  "status": "confirmed", "summary": req.get("summary", ""),
                  "start": req["start"], "end": req["end"]}
            self.touch(ev)
            st.events[eid] = ev
            if st.crash_inserts > 0:
                st.crash_inserts -= 1
                return self.api_error(500)
            self.send(200, self.public(ev))

    def patch(self, eid):
        st = self.st
        req = self.json_body()
        self.hold("patch")
        with st.lock:
            st.count("patch")
            if self.injected({"events", "patch"}):
                return
            ev = st.events.get(eid)
            if ev is None:
                return self.api_error(404)
            for k in ("summary", "start", "end", "status"):
                if k in req:
                    ev[k] = req[k]
            self.touch(ev)
            self.send(200, self.public(ev))

    def delete(self, eid):
        st = self.st
        self.hold("delete")
        with st.lock:
            st.count("delete")
            if self.injected({"events", "delete"}):
                return
            ev = st.events.get(eid)
            if ev is None:
                return self.api_error(404)
            if ev["status"] == "cancelled":
                return self.api_error(410, "deleted", "Resource has been "
                                      "deleted")
            ev["status"] = "cancelled"
            self.touch(ev)
            self.send(204)

    def list_events(self, q):
        st = self.st
        self.hold("list")
        with st.lock:
            st.count("list")
            if self.injected({"events", "list"}):
                return
            since = 0
            tok = q.get("syncToken")
            if tok is not None:
                m = re.match(r"^sync-(\d+)-(\d+)$", tok)
                if not m or int(m.group(1)) != st.sync_epoch:
                    return self.api_error(410, "fullSyncRequired",
                                          "Sync token is no longer valid")
                since = int(m.group(2))
            evs = sorted((e for e in st.events.values()
                          if e["_seq"] > since), key=lambda e: e["_seq"])
            if tok is None and q.get("showDeleted") != "true":
                evs = [e for e in evs if e["status"] != "cancelled"]
            size = int(q.get("maxResults") or 250)
            start = int(q.get("pageToken") or 0)
            page = evs[start:start + size]
            out = {"kind": "calendar#events",
                   "items": [self.public(e) if e["status"] != "cancelled"
                             else {"kind": "calendar#event", "id": e["id"],
                                   "status": "cancelled"} for e in page]}
            if start + size < len(evs):
                out["nextPageToken"] = str(start + size)
            else:
                out["nextSyncToken"] = "sync-%d-%d" % (st.sync_epoch,
                                                       st.seq)
            self.send(200, out)

    # --- control ---------------------------------------------------------

    def control(self, path, req):
        st = self.st
        with st.lock:
            if path == "/_busy":
                st.busy = req.get("busy", [])
                st.busy_errors = bool(req.get("errors"))
            elif path == "/_fail":
                st.fail.append({"what": req.get("what", "events"),
                                "status": int(req.get("status", 500)),
                                "reason": req.get("reason"),
                                "count": int(req.get("count", 1))})
            elif path == "/_revoke":
                for k in st.refresh:
                    st.refresh[k] = False
            elif path == "/_expire":
                for k in st.access:
                    st.access[k] = False
            elif path == "/_hold":
                st.holds.append({"what": req.get("what", "insert"),
                                 "ms": int(req.get("ms", 1000)),
                                 "count": int(req.get("count", 1))})
            elif path == "/_consent":
                st.deny = bool(req.get("deny"))
            elif path == "/_crash_after_insert":
                st.crash_inserts = int(req.get("count", 1))
            elif path == "/_practitioner":
                ev = st.events.get(req.get("id"))
                if ev is None:
                    return self.send(404, {"error": "no such event"})
                if req.get("action") == "delete":
                    ev["status"] = "cancelled"
                else:
                    ev["start"] = {"dateTime": req["start"]}
                    ev["end"] = {"dateTime": req["end"]}
                self.touch(ev)
            elif path == "/_reset_sync":
                st.sync_epoch += 1
            elif path == "/_reset":
                st.reset()
            else:
                return self.send(404, {"error": "no such control"})
        self.send(200, {"ok": True})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--client-id", default="test-client.apps.example")
    ap.add_argument("--client-secret", default="test-client-secret")
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.state = State(a.client_id, a.client_secret)
    print("listening port=%d" % srv.server_address[1])
    print("ready", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
