-- Several application hosts on one database (issue 20).
--
-- Media every host can serve: with MEDIA_STORE=db the worker keeps the
-- bytes of a downloaded media item here, in the transaction that marks it
-- stored, and any host's admin pages serve them (message_media.path keeps
-- its name and kind as in path mode).  The size is capped by
-- MEDIA_DB_MAX_BYTES; the CHECK is a last guard (PostgreSQL's own bytea
-- limit is 1 GB).
ALTER TABLE message_media ADD CONSTRAINT message_media_clinic_id_key
    UNIQUE (clinic_id, id);
CREATE TABLE media_blobs (
	media_id uuid PRIMARY KEY,
	clinic_id uuid NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	bytes bytea NOT NULL CHECK (octet_length(bytes) <= 104857600),
	created_at timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (clinic_id, media_id)
	    REFERENCES message_media (clinic_id, id) ON DELETE CASCADE
);
-- The bytes are already compressed images and PDFs: kept out of line
-- without trying to compress them again.
ALTER TABLE media_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- Periodic work once across hosts: the scheduler's worker process on
-- every host tries to insert the row of the current period (slot =
-- seconds since the epoch by the database's clock, divided by the
-- period); the one insert that succeeds runs the period's work, the others
-- do nothing.  Rows older than a day are deleted by the winner.  holder
-- is the worker that ran it (host:pid:index).
CREATE TABLE scheduler_ticks (
	name text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
	slot bigint NOT NULL,
	holder text NOT NULL CHECK (length(holder) BETWEEN 1 AND 128),
	at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (name, slot)
);
