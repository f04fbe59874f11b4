-- Staff alerts (issue 17, item 7): a conversation handed to the staff, an
-- emergency, a photo or document in an emergency conversation.  Written
-- in the transaction that commits the turn (or stores the media); the
-- counter on every admin page counts the unseen ones of the clinic.
-- One unseen alert per conversation and kind: a patient who writes three
-- times during an emergency raises one alert, not three.
ALTER TABLE clinics
	-- Where the alert emails go (NULL: no email).
	ADD COLUMN alert_email text CHECK (alert_email IS NULL OR
	    (length(alert_email) BETWEEN 3 AND 254 AND alert_email ~ '@')),
	-- A staff WhatsApp number (E.164) told of each alert (NULL: none).
	ADD COLUMN staff_whatsapp text CHECK (staff_whatsapp IS NULL OR
	    staff_whatsapp ~ '^\+[1-9][0-9]{6,14}$');

CREATE TABLE staff_alerts (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	conversation_id uuid NOT NULL,
	-- The message that raised it (the media's message for 'media').
	message_id uuid,
	kind text NOT NULL CHECK (kind IN ('handoff', 'emergency', 'media')),
	created_at timestamptz NOT NULL DEFAULT now(),
	seen_at timestamptz,
	seen_by uuid,
	-- The email went out (the relay accepted it); NULL: not (yet).
	email_sent_at timestamptz,
	UNIQUE (clinic_id, id),
	FOREIGN KEY (clinic_id, conversation_id)
	    REFERENCES conversations (clinic_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX staff_alerts_one_unseen
    ON staff_alerts (conversation_id, kind) WHERE seen_at IS NULL;
CREATE INDEX staff_alerts_unseen
    ON staff_alerts (clinic_id) WHERE seen_at IS NULL;
CREATE INDEX staff_alerts_recent
    ON staff_alerts (clinic_id, created_at DESC, id DESC);
