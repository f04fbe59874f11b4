"""A worker whose database connection dies (the database restarted, a
failover) queues again, as soon as it is connected again, the jobs it
held: a patient's turn claimed just before the failure waits for no
lease (two minutes by default) before it is run."""
import uuid

from harness import shared_stack, wait_until


def test_jobs_held_by_a_worker_that_lost_its_connection_run_again():
    st = shared_stack()
    whos = [r[0] for r in st.sql(
        "SELECT who FROM worker_heartbeats WHERE seen_at > now() - "
        "interval '2 minutes'")]
    assert whos, "no worker heartbeat"
    ids = []
    for who in whos:
        # A turn this worker claimed, whose lease runs for ten minutes:
        # only the worker itself can give it back before then.
        ids.append(st.sql_value(
            "INSERT INTO jobs (kind, payload, status, attempts, locked_by, "
            "locked_until, started_at) VALUES ('conversation_turn', "
            "jsonb_build_object('message_id', :'p1'::text), 'running', 1, "
            ":'p2', now() + interval '10 minutes', now()) RETURNING id",
            str(uuid.uuid4()), who))
    st.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
           "application_name = 'worker'")

    def settled():
        rows = st.sql("SELECT id, status, coalesce(last_error, '') FROM "
                      "jobs WHERE id = ANY(:'p1'::bigint[])",
                      "{" + ",".join(ids) + "}")
        return rows if all(r[1] != "running" for r in rows) else None
    rows = wait_until(settled, timeout=60)
    assert rows, st.sql("SELECT id, status, locked_until FROM jobs WHERE "
                        "id = ANY(:'p1'::bigint[])", "{" + ",".join(ids) +
                        "}")
    # No lease had run out and no other worker may take a running job:
    # only the worker that held them put them back.
    assert all(r[1] in ("queued", "done", "failed") for r in rows), rows
