-- 023_waitlist.sql — the waitlist and its earlier-slot offers.
--
-- A patient whose wished time is full waits on the clinic's list for a
-- treatment (with one practitioner or anyone) within a window of days
-- (and a part of the day).  When a booked appointment is cancelled or
-- moved, a trigger queues a 'waitlist_offer' job (lib/waitlist.c) that
-- offers the freed slot to the entries it fits, a few at a time, on
-- WhatsApp; the first yes takes it in the booking transaction.  One slot
-- is given once: one accepted offer per practitioner and start (a unique
-- index), and the appointments' exclusion constraint beneath it.

-- Offers sent at once per freed slot, and how long one stands.
ALTER TABLE clinics
    ADD COLUMN waitlist_batch integer NOT NULL DEFAULT 3
	CHECK (waitlist_batch BETWEEN 1 AND 20),
    ADD COLUMN waitlist_offer_minutes integer NOT NULL DEFAULT 120
	CHECK (waitlist_offer_minutes BETWEEN 5 AND 2880);

CREATE TABLE waitlist (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	patient_id uuid NOT NULL,
	-- The conversation that put them on the list (NULL: staff did).
	conversation_id uuid,
	treatment_type_id uuid NOT NULL,
	-- NULL: any practitioner who offers the treatment.
	practitioner_id uuid,
	-- The patient's later appointment that an earlier slot replaces
	-- (moved, never without their yes); NULL: a new booking.
	appointment_id uuid,
	-- The window wished, local days of the clinic, inclusive.
	earliest date NOT NULL,
	latest date NOT NULL,
	part_of_day text CHECK (part_of_day IN ('morning', 'afternoon')),
	language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
	status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting',
	    'offered', 'booked', 'expired', 'cancelled')),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (clinic_id, id),
	CHECK (latest >= earliest),
	FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
	    ON DELETE CASCADE,
	FOREIGN KEY (clinic_id, treatment_type_id)
	    REFERENCES treatment_types (clinic_id, id) ON DELETE CASCADE,
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE,
	FOREIGN KEY (clinic_id, appointment_id)
	    REFERENCES appointments (clinic_id, id)
	    ON DELETE SET NULL (appointment_id),
	FOREIGN KEY (clinic_id, conversation_id)
	    REFERENCES conversations (clinic_id, id)
	    ON DELETE SET NULL (conversation_id)
);
-- One live entry per patient and treatment.
CREATE UNIQUE INDEX waitlist_one_live ON waitlist (clinic_id, patient_id,
    treatment_type_id) WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_clinic_live ON waitlist (clinic_id, created_at)
    WHERE status IN ('waiting', 'offered');

CREATE TABLE waitlist_offers (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	clinic_id uuid NOT NULL REFERENCES clinics (id),
	entry_id uuid NOT NULL,
	practitioner_id uuid NOT NULL,
	treatment_type_id uuid NOT NULL,
	starts_at timestamptz NOT NULL,
	ends_at timestamptz NOT NULL,
	status text NOT NULL DEFAULT 'offered' CHECK (status IN ('offered',
	    'accepted', 'declined', 'gone', 'expired')),
	expires_at timestamptz NOT NULL,
	-- The appointment the yes booked or moved.
	appointment_id uuid,
	created_at timestamptz NOT NULL DEFAULT now(),
	answered_at timestamptz,
	-- When the patient was told the slot was gone or the offer expired.
	told_at timestamptz,
	UNIQUE (clinic_id, id),
	CHECK (ends_at > starts_at),
	FOREIGN KEY (clinic_id, entry_id) REFERENCES waitlist (clinic_id, id)
	    ON DELETE CASCADE,
	FOREIGN KEY (clinic_id, practitioner_id)
	    REFERENCES practitioners (clinic_id, id) ON DELETE CASCADE
);
-- One slot given once.
CREATE UNIQUE INDEX waitlist_offers_slot_once ON waitlist_offers
    (clinic_id, practitioner_id, starts_at) WHERE status = 'accepted';
-- One pending offer per entry; one slot offered once to an entry.
CREATE UNIQUE INDEX waitlist_offers_one_pending ON waitlist_offers
    (entry_id) WHERE status = 'offered';
CREATE UNIQUE INDEX waitlist_offers_once_per_entry ON waitlist_offers
    (entry_id, practitioner_id, starts_at);
CREATE INDEX waitlist_offers_pending ON waitlist_offers (expires_at)
    WHERE status = 'offered';

-- A booked appointment cancelled or moved frees its slot: when the
-- clinic has someone waiting, queue the offer job (one per clinic at a
-- time: queue_key) with the freed slot and its treatment (the entries
-- waiting for that treatment are the ones it fits).
CREATE FUNCTION waitlist_slot_freed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.status = 'booked' AND (NEW.status <> 'booked' OR
	    NEW.starts_at <> OLD.starts_at OR
	    NEW.practitioner_id <> OLD.practitioner_id) AND
	    EXISTS (SELECT 1 FROM waitlist w WHERE w.clinic_id = OLD.clinic_id
	    AND w.status = 'waiting') THEN
		INSERT INTO jobs (kind, clinic_id, queue_key, payload)
		VALUES ('waitlist_offer', OLD.clinic_id,
		    'waitlist:' || OLD.clinic_id,
		    jsonb_build_object('practitioner_id', OLD.practitioner_id,
		    'treatment_type_id', OLD.treatment_type_id,
		    'starts_at', extract(epoch FROM OLD.starts_at)::bigint,
		    'ends_at', extract(epoch FROM OLD.ends_at)::bigint));
		PERFORM pg_notify('sophie_jobs', '');
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER appointments_waitlist AFTER UPDATE OF status, starts_at,
    practitioner_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION waitlist_slot_freed();

-- The scan that closes expired offers re-enqueues itself (lib/waitlist.c);
-- this queues the first one.
INSERT INTO jobs (kind, dedupe_key, max_attempts)
VALUES ('waitlist_scan', 'waitlist_scan', 1000)
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND
    status IN ('queued', 'running') DO NOTHING;
