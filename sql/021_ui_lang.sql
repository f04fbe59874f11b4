-- The language of the admin and superadmin pages a user chose (the FR/EN
-- switch of the page layouts); NULL: the browser's Accept-Language.
ALTER TABLE clinic_users ADD COLUMN ui_lang text
    CHECK (ui_lang IN ('fr', 'en'));
