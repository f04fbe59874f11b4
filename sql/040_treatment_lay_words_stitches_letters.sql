-- 040_treatment_lay_words_stitches_letters.sql — more of the words
-- patients use for common treatments, that the rule-based extractor's
-- built-in lay words now also read (stitches taken out, a respiratory
-- physiotherapy said short, the teeth checked said as a noun, a letter
-- from the doctor, "bp" for blood pressure), as defaults in the clinic's
-- own aliases (see 014, 036, 037 and 039), so that the clinic sees them
-- in its treatment form and may change them.
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
	-- stitches taken out
	('%ablation de points%', 'fr', 'enlever les fils', false),
	('%ablation de points%', 'fr', 'retirer les points', false),
	('%ablation des points%', 'fr', 'enlever les fils', false),
	('%retrait de points%', 'fr', 'enlever les fils', false),
	('%stitches removal%', 'en', 'stitches out', false),
	('%stitch removal%', 'en', 'stitches out', false),
	('%suture removal%', 'en', 'stitches out', false),
	-- respiratory physiotherapy, said short
	('%kine respiratoire%', 'fr', 'kiné respi', false),
	-- the teeth checked, said as a noun
	('%check-up%', 'en', 'teeth check', false),
	('%dental exam%', 'en', 'teeth check', false),
	-- a letter from the doctor
	('%medical certificate%', 'en', 'doctor''s letter', false),
	('%certificat medical%', 'fr', 'lettre du médecin', false),
	-- blood pressure
	('%blood pressure%', 'en', 'bp check', false),
	('%prise de tension%', 'fr', 'contrôle de tension', false)
) AS d (pattern, lang, alias, is_name)
ON translate(lower(t.name), 'éèêëàâäîïôöûüùç', 'eeeeaaaiioouuuc')
    LIKE d.pattern
ORDER BY t.id, d.lang, lower(d.alias), d.is_name DESC
ON CONFLICT DO NOTHING;
