-- A turn no longer locks its conversation while it understands the
-- message (the LLM, Google): it loads a snapshot, decides, and commits
-- only if the conversation is still the one it loaded.
--
-- conversations.version: bumped by every statement that changes what a
-- turn decides on (the turn's own save, staff taking over or handing
-- back, a reminder); the turn's save checks it.
-- messages.handled_at: set by the commit of the message's turn, so a
-- turn run again (a worker killed after its commit, a lease that
-- expired) does nothing twice.
ALTER TABLE conversations ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN handled_at timestamptz;
-- Inbound messages whose turn ran before this migration.
UPDATE messages SET handled_at = created_at
WHERE direction = 'inbound' AND intent IS NOT NULL;
