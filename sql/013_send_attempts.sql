-- 013_send_attempts.sql — what an outbound message's sends have tried,
-- so that a reply Twilio accepted is never posted a second time.
--
-- Twilio has no idempotency key for its Messages resource.  When a
-- worker dies (or its connection drops) after Twilio accepted a message
-- but before the SID was stored, the next attempt cannot tell "sent" from
-- "never arrived".  The send job (lib/outbox.c) therefore records, and
-- commits, that an attempt is starting before each post:
--   - send_started_at: when the first attempt began.  A message still
--     'pending' without a SID and with this set has an unknown outcome:
--     the next attempt first looks for it in Twilio's message list
--     (created since this time, same To, From and Body) and records what
--     it finds instead of posting again.
--   - send_attempt_at: when the attempt now in flight began; NULL when
--     none is (the worker clears it when Twilio's answer, or its failure,
--     came back).  While it is recent, no other attempt starts: a worker
--     that holds the job after a lease taken over must not post while the
--     first post may still reach Twilio.
-- The StatusCallback URL of every send carries the message's id
-- (".../status?k=<id>"), so a status callback also records the SID of a
-- message whose sender died (lib/intake.c).
--
-- Both columns are NULL for messages written before this migration and
-- for inbound messages; adding them rewrites nothing.

ALTER TABLE messages ADD COLUMN send_started_at timestamptz;
ALTER TABLE messages ADD COLUMN send_attempt_at timestamptz;
