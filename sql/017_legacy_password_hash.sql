-- Users brought over from the seed system keep their bcrypt hash until
-- their first login, which replaces it with an Argon2id one (lib/auth.c).
-- The check allowed only Argon2id; it now also allows bcrypt's forms.
ALTER TABLE clinic_users DROP CONSTRAINT clinic_users_password_hash_check;
ALTER TABLE clinic_users ADD CONSTRAINT clinic_users_password_hash_check
    CHECK (password_hash LIKE '$argon2id$%' OR
           password_hash ~ '^\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$');
