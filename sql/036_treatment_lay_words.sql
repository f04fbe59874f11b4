-- 036_treatment_lay_words.sql — more of the words patients use for
-- common treatments, as defaults in the clinic's own aliases (see 014):
-- what the rule-based extractor's built-in lay words now also read, so
-- that the clinic sees them in its treatment form and may change them.
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
	-- extraction: the tooth and what to do with it
	('%extraction%', 'fr', 'dent à enlever', false),
	('%extraction%', 'fr', 'dent à arracher', false),
	('%extraction%', 'fr', 'retirer une dent', false),
	('%extraction%', 'en', 'pull a tooth', false),
	('%extraction%', 'en', 'tooth out', false),
	-- cleaning
	('%detartrage%', 'en', 'a clean', false),
	('%detartrage%', 'fr', 'nettoyer les dents', false),
	('%cleaning%', 'en', 'a clean', false),
	('%cleaning%', 'en', 'teeth cleaned', false),
	('%cleaning%', 'fr', 'nettoyer les dents', false),
	-- whitening
	('%blanchiment%', 'fr', 'dents plus blanches', false),
	('%blanchiment%', 'en', 'whiter teeth', false),
	('%whitening%', 'en', 'whiter teeth', false),
	('%whitening%', 'fr', 'dents plus blanches', false),
	-- root canal
	('%devitalisation%', 'en', 'Root canal', true),
	('%devitalisation%', 'fr', 'dévitaliser', false),
	('%devitalisation%', 'fr', 'traitement du nerf', false),
	('%devitalisation%', 'en', 'nerve treatment', false),
	('%root canal%', 'fr', 'Dévitalisation', true),
	('%root canal%', 'en', 'nerve treatment', false),
	('%root canal%', 'fr', 'traitement du nerf', false),
	-- crown
	('%couronne%', 'en', 'Crown', true),
	('%couronne%', 'en', 'cap', false),
	('%crown%', 'fr', 'Couronne', true),
	('%crown%', 'en', 'cap', false),
	-- braces
	('%orthodont%', 'fr', 'appareil dentaire', false),
	('%orthodont%', 'en', 'braces', false),
	-- an emergency appointment
	('%urgence%', 'fr', 'créneau d''urgence', false),
	('%urgence%', 'en', 'emergency slot', false),
	('%emergency%', 'en', 'emergency slot', false),
	('%emergency%', 'fr', 'créneau d''urgence', false),
	-- blood test
	('%prise de sang%', 'en', 'Blood test', true),
	('%prise de sang%', 'fr', 'bilan sanguin', false),
	('%prise de sang%', 'en', 'bloodwork', false),
	('%blood test%', 'fr', 'Prise de sang', true),
	('%blood test%', 'en', 'bloodwork', false),
	('%blood test%', 'fr', 'bilan sanguin', false),
	-- prescription renewal
	('%renouvellement%', 'en', 'new script', false),
	('%renouvellement%', 'fr', 'mes médicaments', false),
	('%prescription%', 'en', 'new script', false),
	('%prescription%', 'fr', 'renouveler mon ordonnance', false)
) AS d (pattern, lang, alias, is_name)
ON translate(lower(t.name), 'éèêëàâäîïôöûüùç', 'eeeeaaaiioouuuc')
    LIKE d.pattern
ORDER BY t.id, d.lang, lower(d.alias), d.is_name DESC
ON CONFLICT DO NOTHING;
