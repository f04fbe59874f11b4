-- 012_verify_token_hash.sql — WhatsApp verify tokens kept only as
-- salted hashes.
--
-- clinic_whatsapp_configs.verify_token held the token of the GET
-- handshake (/webhook/whatsapp/{clinicId}?hub.verify_token=…) in clear.
-- It becomes a random 16-byte salt and SHA-256(salt || token), the
-- token's UTF-8 bytes; the webhook hashes the token it is sent the same
-- way and compares the digests in constant time (lib/crypto.c,
-- crypto_token_matches), and sophiectl writes new tokens the same way.
--
-- SHA-256 because PostgreSQL computes it itself (sha256(), built in
-- since 11): the tokens already stored are converted here, in this one
-- transaction, and the clear column is dropped at once — no pgcrypto, no
-- step in C, no window in which both forms exist.  A fast hash is enough
-- for a token that sophiectl makes as 32 random bytes; a slow password
-- hash would only slow the webhook.  The salt comes from
-- gen_random_uuid() (built in): 16 bytes, 122 of them random, unique per
-- row, which is all a salt must be.

-- verify_salt: 16 random bytes; verify_hash: SHA-256(verify_salt ||
-- the token as UTF-8).  The token itself is not kept.
ALTER TABLE clinic_whatsapp_configs
    ADD COLUMN verify_salt bytea,
    ADD COLUMN verify_hash bytea;

UPDATE clinic_whatsapp_configs
SET verify_salt = uuid_send(gen_random_uuid());

UPDATE clinic_whatsapp_configs
SET verify_hash = sha256(verify_salt || convert_to(verify_token, 'UTF8'));

ALTER TABLE clinic_whatsapp_configs
    ALTER COLUMN verify_salt SET NOT NULL,
    ALTER COLUMN verify_hash SET NOT NULL,
    ADD CONSTRAINT clinic_whatsapp_configs_verify_salt_check
        CHECK (length(verify_salt) = 16),
    ADD CONSTRAINT clinic_whatsapp_configs_verify_hash_check
        CHECK (length(verify_hash) = 32),
    DROP COLUMN verify_token;

