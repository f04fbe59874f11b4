-- 007_patient_search.sql — the superadmin's patient search, by index.
--
-- "Name or phone contains q" across every clinic was a scan of all
-- patients (239 ms for 200,000).  Trigram indexes answer a
-- LIKE '%q%' for q of three characters or more.  The name expression
-- holds the first name on both sides of the last name, so that "Durand
-- Jeanne" and "Jeanne Durand" are both substrings (lib/super_lists.c
-- searches the same expression).  pg_trgm is a trusted extension: the
-- database owner may create it, as btree_gist in 001.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX patients_search_name ON patients USING gin
    ((lower(first_name || ' ' || last_name || ' ' || first_name))
    gin_trgm_ops);
CREATE INDEX patients_search_phone ON patients USING gin
    (phone gin_trgm_ops);
