-- 030_agenda_week_index.sql — the agenda's week page by index.
--
-- The week page of one practitioner (lib/agenda_page.c, st_appts_prac)
-- reads the appointments of clinic $1 and practitioner $4 meeting the
-- week.  With the values known (a custom plan), PostgreSQL combined
-- appointments_practitioner_starts with the clinic's whole entry in
-- appointments_clinic_id_id_key (a BitmapAnd over every appointment of
-- the clinic: 9,866 index entries for the 48 rows of the week, 71 shared
-- buffers, bench/scale.sql's measured clinic).  This index answers the
-- three conditions in one walk (11 buffers); the generic plan keeps
-- walking appointments_clinic_starts over the week.
CREATE INDEX appointments_clinic_practitioner_starts
    ON appointments (clinic_id, practitioner_id, starts_at);
