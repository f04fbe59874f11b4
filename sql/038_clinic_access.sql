-- 038_clinic_access.sql — how to reach the clinic: parking, public
-- transport, stairs or lift, wheelchair access.  Free text the clinic
-- writes in its settings; Sophie answers "is there parking?", "which
-- metro?", "is there a lift?" with it (and with the address), and says
-- she does not know when it is empty.

ALTER TABLE clinics ADD COLUMN IF NOT EXISTS access_info text
    CHECK (access_info IS NULL OR length(access_info) <= 500);
