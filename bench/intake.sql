-- pgbench script of `make bench` (d): the webhook's own intake statement,
-- st_intake of lib/intake.c, copied with pgbench variables in place of
-- $1..$13; each transaction stores a new MessageSid from one of 10,000
-- phones.  bench/run.py warns when the statement in lib/intake.c changes
-- (it compares this digest of the C text):
--   st_intake sha256/16: b5c9b746712702bc
-- Variables given with -D: clinic (uuid), body, to (E.164), nm ("0"),
-- urls and types ("{}": no media), run (the MessageSid prefix), conf
-- and ver (the active WhatsApp configuration's id and xmin).
-- $10 (notify) is true 1 time in 50, about what the responders' 50 ms
-- notify gap gives at this rate.  $13 (nginx's request id, 32 hex
-- digits) is an md5 of the random number.
\set phone random(33600000001, 33600010000)
\set r random(1, 999999999999)
\set notify random(1, 50)
WITH ok AS (
 SELECT 1 FROM clinic_whatsapp_configs w JOIN clinics c ON
 c.id = w.clinic_id WHERE w.id = :conf::uuid AND w.clinic_id =
 :clinic::uuid AND w.xmin = :ver::xid AND w.is_active AND c.is_active),
conv AS (
 INSERT INTO conversations (clinic_id, phone, last_inbound_at,
 last_message_at, last_body) SELECT :clinic::uuid, '+' || :phone, now(),
 now(), left(:body, 140) FROM ok ON CONFLICT (clinic_id, phone) WHERE status <>
 'closed' DO UPDATE SET last_inbound_at = now(), last_message_at =
 now(), last_body = excluded.last_body
 RETURNING id),
msg AS (
 INSERT INTO messages (clinic_id, conversation_id, direction, body,
 twilio_sid, from_number, to_number, num_media, status)
 SELECT :clinic::uuid, conv.id, 'inbound', :body,
 :run || '-' || :client_id || '-' || :r, '+' || :phone, :to,
 :nm::smallint, 'received' FROM conv
 ON CONFLICT (twilio_sid) WHERE twilio_sid IS NOT NULL DO NOTHING
 RETURNING id, conversation_id),
media AS (
 INSERT INTO message_media (clinic_id, message_id, n, source_url,
 declared_content_type) SELECT :clinic::uuid, msg.id, (u.n - 1)::smallint,
 u.url, (:types::text[])[u.n] FROM msg, unnest(:urls::text[])
 WITH ORDINALITY AS u(url, n) RETURNING id),
job AS (
 INSERT INTO jobs (kind, clinic_id, queue_key, payload)
 SELECT 'conversation_turn', :clinic::uuid, 'conv:' || msg.conversation_id,
 jsonb_build_object('message_id', msg.id, 'conversation_id',
 msg.conversation_id) || jsonb_build_object('request_id', md5(:r::text))
 FROM msg
 UNION ALL SELECT 'download_media', :clinic::uuid, NULL,
 jsonb_build_object('media_id', media.id) FROM media RETURNING id)
SELECT (SELECT count(*) FROM msg), (SELECT count(*) FROM job),
CASE WHEN (:notify = 1) AND EXISTS (SELECT 1 FROM msg)
THEN pg_notify('sophie_jobs', '') END, EXISTS (SELECT 1 FROM ok);
