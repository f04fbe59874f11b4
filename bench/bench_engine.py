#!/usr/bin/env python3
"""Worker turns per second with the LLM switched off.

Starts a stack (fixed clock, fake Twilio), queues N inbound messages from
N patients (list requests and bookings that reach proposals) straight
into the database as the webhook would, then times how long the worker
takes to run every conversation_turn.  Prints a figure; never fails on
time.  N from BENCH_TURNS (default 400).

Two figures: the wall clock this script polls (a psql every 20 ms, from
the first turn done to none left: the method of the figures before
make bench's Part 0), and the jobs' own timestamps (first started_at to
last finished_at), as Part 0 measures (bench/README.md)."""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests",
                                "scenarios"))

import run as scenarios  # noqa: E402

N = int(os.environ.get("BENCH_TURNS", "400"))
WORKERS = int(os.environ.get("SOPHIE_WORKERS", "2"))

QUEUE = """
WITH c AS (INSERT INTO conversations (clinic_id, phone, last_inbound_at)
    SELECT :'p1', '+3361' || lpad(g::text, 7, '0'), now()
    FROM generate_series(1, :'p2'::int) g RETURNING id, phone),
m AS (INSERT INTO messages (clinic_id, conversation_id, direction, body,
    from_number, status)
    SELECT :'p1', c.id, 'inbound', CASE WHEN right(c.phone, 1) IN
    ('0', '1', '2') THEN 'Quels sont vos horaires ?' ELSE
    'Je voudrais une consultation jeudi matin' END, c.phone, 'received'
    FROM c RETURNING id, conversation_id)
INSERT INTO jobs (kind, clinic_id, queue_key, payload, run_at)
SELECT 'conversation_turn', :'p1', 'conv:' || m.conversation_id,
    jsonb_build_object('message_id', m.id), now() + interval '2 seconds'
FROM m
"""


def main():
    st, tw = scenarios.start_stack(workers=WORKERS)
    try:
        clinic, _ = scenarios.new_clinic(st)
        st.sql("INSERT INTO patients (clinic_id, phone, first_name, "
               "last_name) SELECT :'p1', '+3361' || lpad(g::text, 7, '0'),"
               " 'P' || g, 'Bench' FROM generate_series(1, :'p2'::int) g",
               clinic, N)
        st.sql(QUEUE, clinic, N)
        st.sql("SELECT pg_notify('sophie_jobs', '')")
        q = ("SELECT count(*) FROM jobs WHERE kind = 'conversation_turn' "
             "AND clinic_id = :'p1' AND status IN ('queued', 'running')")
        t0 = None
        while True:
            left = int(st.sql_value(q, clinic))
            if t0 is None and left < N:
                t0 = time.time()
            if left == 0:
                break
            time.sleep(0.02)
        dt = time.time() - (t0 or time.time())
        done, span = st.sql(
            "SELECT count(*), extract(epoch FROM max(finished_at) - "
            "min(started_at)) FROM jobs WHERE kind = 'conversation_turn' "
            "AND clinic_id = :'p1' AND status = 'done'", clinic)[0]
        done, span = int(done), float(span or 0)
        print("bench-engine: %d turns (%d done) in %.2fs with %d worker "
              "processes, LLM off: %.0f turns/s (polled); %.0f turns/s "
              "from the jobs' timestamps (%.2fs)" % (
                  N, done, dt, WORKERS, N / dt if dt > 0 else 0,
                  done / span if span > 0 else 0, span))
    finally:
        st.destroy()
        tw.stop()


if __name__ == "__main__":
    main()
