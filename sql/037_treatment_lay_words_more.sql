-- 037_treatment_lay_words_more.sql — the words patients use for common
-- treatments that the rule-based extractor's built-in lay words now also
-- read (a hole in a tooth, a tooth out, a renewed prescription, a flu
-- shot, straightening teeth, a paper from the doctor, a physical, an
-- electrocardiogram), as defaults in the clinic's own aliases (see 014
-- and 036), so that the clinic sees them in its treatment form and may
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
	-- a filling: a hole in a tooth
	('%carie%', 'fr', 'dent qui a un trou', false),
	('%plombage%', 'fr', 'dent qui a un trou', false),
	('%filling%', 'en', 'hole in my tooth', false),
	('%filling%', 'fr', 'dent qui a un trou', false),
	-- extraction
	('%extraction%', 'en', 'need a tooth out', false),
	-- prescription renewal
	('%renouvellement%', 'en', 'renew my prescription', false),
	('%prescription%', 'en', 'renew my prescription', false),
	-- vaccination
	('%flu%', 'en', 'flu shot', false),
	('%grippe%', 'en', 'flu shot', false),
	-- braces
	('%appareil%', 'fr', 'redresser les dents', false),
	('%orthodont%', 'fr', 'redresser les dents', false),
	('%braces%', 'en', 'straighten my teeth', false),
	-- a medical certificate
	('%certificat%', 'fr', 'papier du médecin', false),
	('%certificate%', 'en', 'note from the doctor', false),
	('%certificate%', 'fr', 'papier du médecin', false),
	-- a physical
	('%physical%', 'en', 'a physical', false),
	-- an electrocardiogram
	('%electrocardio%', 'en', 'ECG', true),
	('%electrocardio%', 'fr', 'électro du cœur', false),
	('%ecg%', 'fr', 'Électrocardiogramme', true),
	('%ecg%', 'en', 'heart tracing', false)
) AS d (pattern, lang, alias, is_name)
ON translate(lower(t.name), 'éèêëàâäîïôöûüùç', 'eeeeaaaiioouuuc')
    LIKE d.pattern
ORDER BY t.id, d.lang, lower(d.alias), d.is_name DESC
ON CONFLICT DO NOTHING;
