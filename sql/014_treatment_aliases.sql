-- 014_treatment_aliases.sql — other names of a clinic's treatments, per
-- language: the words patients use ("arracher une dent" for the
-- extraction, "cleaning" for the détartrage), and the name replies use
-- for patients who write in that language.
--
-- The rule-based extractor (lib/nlu_match.c) matches a message against
-- the clinic's canonical names, then these aliases, then its own built-in
-- lay words for common treatments.  Replies name a treatment with its
-- alias marked is_name in the patient's language, else its canonical
-- name.  The clinic edits them in the admin treatment form.
--
--   - lang: 'fr' or 'en', the language of the words.
--   - alias: as the clinic wrote it, 1 to 100 characters; unique per
--     treatment and language without regard to case.
--   - is_name: the treatment's name in that language (at most one per
--     treatment and language); the others are only understood.
--
-- Existing clinics get defaults for their treatments whose names match a
-- common treatment (accents and case ignored).  New treatments get none:
-- the built-in lay words cover them until the clinic adds its own.

CREATE TABLE treatment_aliases (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	treatment_type_id uuid NOT NULL,
	lang text NOT NULL CHECK (lang IN ('fr', 'en')),
	alias text NOT NULL
	    CHECK (length(btrim(alias)) BETWEEN 1 AND 100 AND
	        alias = btrim(alias)),
	is_name boolean NOT NULL DEFAULT false,
	-- The order the clinic wrote them in.
	position integer NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (clinic_id, treatment_type_id)
	    REFERENCES treatment_types (clinic_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX treatment_aliases_unique
    ON treatment_aliases (treatment_type_id, lang, lower(alias));
CREATE UNIQUE INDEX treatment_aliases_one_name
    ON treatment_aliases (treatment_type_id, lang) WHERE is_name;
CREATE INDEX treatment_aliases_clinic
    ON treatment_aliases (clinic_id);

-- Defaults: (pattern on the folded name, language, alias, is_name).
INSERT INTO treatment_aliases (clinic_id, treatment_type_id, lang, alias,
    is_name)
SELECT DISTINCT ON (t.id, d.lang, lower(d.alias))
       t.clinic_id, t.id, d.lang, d.alias, d.is_name
FROM treatment_types t
JOIN (VALUES
	('%detartrage%', 'en', 'Cleaning', true),
	('%detartrage%', 'en', 'scale and polish', false),
	('%detartrage%', 'en', 'scaling', false),
	('%detartrage%', 'fr', 'nettoyage des dents', false),
	('%cleaning%', 'fr', 'Détartrage', true),
	('%cleaning%', 'fr', 'nettoyage', false),
	('%cleaning%', 'en', 'scale and polish', false),
	('%cleaning%', 'en', 'scaling', false),
	('%controle%', 'en', 'Check-up', true),
	('%controle%', 'en', 'checkup', false),
	('%controle%', 'fr', 'bilan dentaire', false),
	('%check%up%', 'fr', 'Contrôle', true),
	('%check%up%', 'fr', 'bilan', false),
	('%extraction%', 'fr', 'arracher une dent', false),
	('%extraction%', 'fr', 'enlever une dent', false),
	('%extraction%', 'fr', 'dent de sagesse', false),
	('%extraction%', 'en', 'tooth pulled', false),
	('%extraction%', 'en', 'tooth removal', false),
	('%blanchiment%', 'en', 'Whitening', true),
	('%blanchiment%', 'fr', 'blanchir les dents', false),
	('%whitening%', 'fr', 'Blanchiment', true),
	('%whitening%', 'en', 'bleaching', false),
	('%plombage%', 'en', 'Filling', true),
	('%plombage%', 'fr', 'carie', false),
	('%plombage%', 'en', 'cavity', false),
	('%carie%', 'en', 'Filling', true),
	('%carie%', 'fr', 'plombage', false),
	('%carie%', 'en', 'cavity', false),
	('%filling%', 'fr', 'Plombage', true),
	('%filling%', 'fr', 'carie', false),
	('%filling%', 'en', 'cavity', false),
	('%vaccin%', 'fr', 'vaccin', false),
	('%vaccin%', 'fr', 'vacciner', false),
	('%vaccin%', 'en', 'vaccine', false),
	('%vaccin%', 'en', 'shot', false),
	('%vaccin%', 'en', 'jab', false),
	('%kinesitherapie%', 'fr', 'kiné', false),
	('%kinesitherapie%', 'en', 'Physiotherapy', true),
	('%kinesitherapie%', 'en', 'physio', false),
	('%physiotherap%', 'fr', 'Kinésithérapie', true),
	('%physiotherap%', 'fr', 'kiné', false),
	('%physiotherap%', 'en', 'physio', false),
	('%osteopathie%', 'fr', 'ostéo', false),
	('%osteopathie%', 'en', 'Osteopathy', true),
	('%osteopathy%', 'fr', 'Ostéopathie', true),
	('%osteopathy%', 'en', 'osteo', false),
	('%consultation%', 'fr', 'rendez-vous médical', false),
	('%consultation%', 'fr', 'voir le médecin', false),
	('%consultation%', 'en', 'see the doctor', false),
	('%certificat %', 'en', 'Medical certificate', true),
	('%certificat %', 'en', 'sick note', false),
	('%certificat', 'en', 'Medical certificate', true),
	('%certificat', 'en', 'sick note', false),
	('%certificate%', 'fr', 'Certificat médical', true),
	('%certificate%', 'en', 'sick note', false),
	('%renouvellement%', 'en', 'Prescription renewal', true),
	('%renouvellement%', 'en', 'repeat prescription', false),
	('%renouvellement%', 'fr', 'renouveler mon ordonnance', false),
	('%prescription%renewal%', 'fr', 'Renouvellement d''ordonnance', true),
	('%prescription%renewal%', 'en', 'repeat prescription', false)
) AS d (pattern, lang, alias, is_name)
ON translate(lower(t.name), 'éèêëàâäîïôöûüùç', 'eeeeaaaiioouuuc')
    LIKE d.pattern
ORDER BY t.id, d.lang, lower(d.alias), d.is_name DESC
ON CONFLICT DO NOTHING;
