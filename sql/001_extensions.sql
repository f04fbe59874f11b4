-- 001_extensions.sql — extensions Sophie's schema relies on.
--
-- Applied by `sophiectl migrate` inside one transaction (no BEGIN/COMMIT
-- here).
--
-- gen_random_uuid() is built into PostgreSQL 13 and later: pgcrypto is not
-- needed.
--
-- btree_gist (Debian: postgresql-15, contrib) gives GiST operator classes for
-- plain equality on uuid, integer and text, so that an exclusion constraint
-- can say "same practitioner AND overlapping time range".  It is a trusted
-- extension: the database owner may create it without being a superuser.

CREATE EXTENSION IF NOT EXISTS btree_gist;
