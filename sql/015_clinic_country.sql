-- 015_clinic_country.sql — the clinic's country, for its public holidays.
--
-- clinics.country is an ISO 3166-1 alpha-2 code.  Sophie never offers a
-- slot on a public holiday of that country and tells a patient who asks
-- whether the clinic is open that day which holiday it is (lib/holiday.c
-- computes them; national holidays only, see lib/holiday.h).  The CHECK
-- lists exactly the countries lib/holiday.c knows; adding one means a
-- new migration that replaces the constraint.
--
-- Every existing clinic gets 'FR' (Sophie's clinics so far are French);
-- a constant default makes the ADD COLUMN rewrite nothing.

ALTER TABLE clinics ADD COLUMN country text NOT NULL DEFAULT 'FR'
    CONSTRAINT clinics_country_supported CHECK (country IN ('FR', 'BE',
    'CH', 'LU', 'DE', 'GB', 'IE', 'ES', 'IT', 'NL', 'PT', 'CA', 'US'));
