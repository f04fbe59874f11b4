-- 005_conversation_preview.sql — the conversation lists' preview.
--
-- The admin and superadmin lists show, for each conversation, the start
-- of its latest message.  Looking it up per row (a backward probe of
-- messages for each of the page's 51 rows) was most of the list's cost;
-- the conversation row now keeps it.  The webhook's intake statement sets
-- it for inbound messages in the upsert it already makes; the trigger
-- below sets it for everything Sophie or the staff send.

ALTER TABLE conversations ADD COLUMN last_body text
    CHECK (char_length(last_body) <= 140);

UPDATE conversations c SET last_body = left(m.body, 140)
FROM (SELECT DISTINCT ON (conversation_id) conversation_id, body
    FROM messages ORDER BY conversation_id, created_at DESC, id DESC) m
WHERE m.conversation_id = c.id;

CREATE FUNCTION conversations_outbound_preview() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE conversations SET last_body = left(NEW.body, 140)
	WHERE id = NEW.conversation_id AND clinic_id = NEW.clinic_id;
	RETURN NULL;
END
$$;

CREATE TRIGGER messages_outbound_preview AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'outbound')
    EXECUTE FUNCTION conversations_outbound_preview();
