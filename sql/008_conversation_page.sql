-- 008_conversation_page.sql — one page of a clinic's conversation list
-- (no filters), with a plan that is made once per connection and is always
-- the walk of conversations_clinic_recent.
--
-- The admin's most requested page.  Sent as a plain statement, PostgreSQL
-- either plans it at every run (a third of its cost) or caches a generic
-- plan, made for an average clinic: with 1,000 clinics that plan is a
-- bitmap scan and a sort of every conversation of the clinic, 21 ms for
-- one of 10,000 instead of 0.5 ms for the 51 rows of the index.  A
-- statement cannot carry planner settings; a function can: its plan is
-- cached for the session, made generic, without bitmap scans (the ordered
-- index scan is the only way left to honour ORDER BY ... LIMIT cheaply),
-- and made again under the same settings after an ANALYZE.  bench/run.py
-- explains this body.
--
-- The rows are those of CONV_LIST_SELECT in lib/admin_conversations.c (the
-- filtered list); tests/integration/test_admin_conversations.py checks the
-- two give the same items.  p_before_t and p_before_id are the keyset
-- cursor (the last row of the previous page), NULL for the first page.

CREATE FUNCTION admin_conversation_page(p_clinic uuid,
    p_before_t timestamptz, p_before_id uuid) RETURNS json
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET enable_bitmapscan = off
AS $$
BEGIN
	RETURN (SELECT coalesce(json_agg(r ORDER BY r."lastMessageAt" DESC,
	    r.id DESC), '[]')
	FROM (SELECT c.id, c.phone, c.status,
		c.needs_staff AS "needsStaff",
		c.needs_staff_reason AS "needsStaffReason",
		c.state, c.language,
		c.last_message_at AS "lastMessageAt",
		to_char(c.last_message_at AT TIME ZONE (SELECT timezone
		    FROM clinics WHERE id = p_clinic), 'YYYY-MM-DD HH24:MI')
		    AS "lastMessageLocal",
		c.patient_id AS "patientId",
		(SELECT nullif(btrim(coalesce(p.first_name, '') || ' ' ||
		    coalesce(p.last_name, '')), '') FROM patients p
		    WHERE p.id = c.patient_id AND p.clinic_id = c.clinic_id)
		    AS patient,
		c.last_body AS "lastBody"
	    FROM conversations c
	    WHERE c.clinic_id = p_clinic
		AND (c.last_message_at, c.id) < (coalesce(p_before_t,
		    'infinity'), coalesce(p_before_id,
		    'ffffffff-ffff-ffff-ffff-ffffffffffff'))
	    ORDER BY c.last_message_at DESC, c.id DESC
	    LIMIT 51) r);
END
$$;
