-- Worker heartbeats, for /health: each worker process writes its row
-- (host:pid:index) at most every 15 seconds, and removes it when it stops.
-- /health reports the youngest heartbeat's age, apart from the database
-- and the queues of turns and replies.
CREATE TABLE worker_heartbeats (
	who text PRIMARY KEY CHECK (length(who) BETWEEN 1 AND 128),
	seen_at timestamptz NOT NULL DEFAULT now()
);
