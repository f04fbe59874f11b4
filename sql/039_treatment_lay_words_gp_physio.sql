-- 039_treatment_lay_words_gp_physio.sql — more of the words patients use
-- for common treatments, that the rule-based extractor's built-in lay
-- words now also read (teeth looked at, a six-monthly check, a yearly
-- check, the hygienist, x-rays, braces, jabs and shots, one's blood
-- pressure taken, a mole or a cyst removed, the usual medication
-- prescribed again, needles, rehabilitation after an operation, an
-- assessment), as defaults in the clinic's own aliases (see 014, 036 and
-- 037), so that the clinic sees them in its treatment form and may
-- change them.
--
-- Only existing treatments whose names match a common one (accents and
-- case ignored) get them; an alias the clinic already has, or a second
-- name in one language, is left as it is.

INSERT INTO treatment_aliases (clinic_id, treatment_type_id, lang, alias,
    is_name)
SELECT DISTINCT ON (t.id, d.lang, lower(d.alias))
       t.clinic_id, t.id, d.lang, d.alias, d.is_name
FROM treatment_types t
JOIN (VALUES
	-- a dental check
	('%examination%', 'en', 'teeth looked at', false),
	('%check-up%', 'en', 'six-monthly check', false),
	('%check-up%', 'en', 'teeth looked at', false),
	('%controle%', 'fr', 'faire regarder les dents', false),
	('%examen annuel%', 'fr', 'bilan de l''année', false),
	('%bilan annuel%', 'fr', 'bilan de l''année', false),
	-- the hygienist
	('%hygien%', 'en', 'scale and polish', false),
	-- x-rays
	('%radiograph%', 'fr', 'radio des dents', false),
	('%radiograph%', 'en', 'x-ray', false),
	('%x-ray%', 'en', 'x-ray', false),
	('%x-ray%', 'fr', 'radio des dents', false),
	-- braces
	('%orthodont%', 'fr', 'appareils dentaires', false),
	-- vaccines
	('%vaccin%', 'en', 'jabs', false),
	('%immuni%', 'en', 'jabs', false),
	('%immuni%', 'en', 'shots', false),
	-- blood pressure
	('%blood pressure%', 'en', 'blood pressure', false),
	('%tension%', 'fr', 'prendre ma tension', false),
	-- minor surgery
	('%petite chirurgie%', 'fr', 'enlever un grain de beauté', false),
	('%minor surgery%', 'en', 'remove a mole', false),
	-- the usual medication prescribed again
	('%ordonnance%', 'fr', 'mon traitement habituel', false),
	('%prescription%', 'en', 'my usual medication', false),
	-- dry needling
	('%needling%', 'en', 'needles', false),
	('%needling%', 'fr', 'aiguilles', false),
	-- rehabilitation after an operation
	('%post-surgery%', 'en', 'after my operation', false),
	('%post-op%', 'en', 'after my operation', false),
	('%rehab after surgery%', 'en', 'after my operation', false),
	('%post-operatoire%', 'fr', 'après mon opération', false),
	-- an assessment
	('%bilan kine%', 'fr', 'faire évaluer', false),
	('%assessment%', 'en', 'get it assessed', false)
) AS d (pattern, lang, alias, is_name)
ON translate(lower(t.name), 'éèêëàâäîïôöûüùç', 'eeeeaaaiioouuuc')
    LIKE d.pattern
ORDER BY t.id, d.lang, lower(d.alias), d.is_name DESC
ON CONFLICT DO NOTHING;
