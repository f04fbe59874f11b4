-- 022_booked_until_index.sql — a clinic's booked time from now on, by
-- index.
--
-- Every agenda page and every booking (lib/booking.c, st_booked) reads
-- the booked appointments of the clinic whose blocked time ends after
-- now and that start before the horizon.  appointments_clinic_starts
-- (002) bounds only the start from above, so PostgreSQL read every past
-- appointment of the clinic as well and dropped them by their end: the
-- 6,600 of a clinic of 10,000 appointments, about 20 ms on each agenda
-- page (make bench, part 2).  This index starts the walk at now.  It is
-- partial: a cancelled, completed or no-show appointment gets no entry.

CREATE INDEX appointments_clinic_booked_until
    ON appointments (clinic_id, blocked_until)
    WHERE status = 'booked';
