-- 004_engine.sql — the conversation engine's periodic jobs.
--
-- The reminders scan re-enqueues itself after every run (lib/remind.c);
-- this queues the first one.  dedupe_key keeps one queued at a time.
INSERT INTO jobs (kind, dedupe_key, max_attempts)
VALUES ('reminders_scan', 'reminders_scan', 1000)
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND
    status IN ('queued', 'running') DO NOTHING;
