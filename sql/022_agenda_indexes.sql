-- 022_agenda_indexes.sql — what every agenda page and every booking
-- reads first, by index.
--
-- booking_load() (lib/booking.c, st_catalogue) reads the clinic's
-- working hours and who gives which treatment by clinic_id, which
-- neither practitioner_working_hours nor practitioner_treatments indexed:
-- PostgreSQL read both tables whole (29,000 and 9,000 rows for 1,000
-- clinics, about 5 ms of each agenda page, make bench part 2).
--
-- booking_busy() (st_booked) reads the booked appointments of the clinic
-- whose blocked time ends after now and that start before the horizon.
-- appointments_clinic_starts (002) bounds only the start from above, so
-- PostgreSQL also read every past appointment of the clinic and dropped
-- them by their end (6,600 of a clinic of 10,000 appointments).  The
-- index below starts the walk at now and carries the columns the
-- statement returns, so that it is answered from the index alone where
-- the visibility map allows.  It is partial: a cancelled, completed or
-- no-show appointment gets no entry.

CREATE INDEX practitioner_working_hours_clinic
    ON practitioner_working_hours (clinic_id);

CREATE INDEX practitioner_treatments_clinic
    ON practitioner_treatments (clinic_id);

CREATE INDEX appointments_clinic_booked_until
    ON appointments (clinic_id, blocked_until)
    INCLUDE (starts_at, practitioner_id, id)
    WHERE status = 'booked';
