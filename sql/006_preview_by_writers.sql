-- 006_preview_by_writers.sql — conversations.last_body without a trigger.
--
-- The trigger of 005 cost every inbound message too (its WHEN clause and
-- the AFTER-trigger machinery run for each insert into messages, on the
-- webhook's hot path).  The two statements that write outbound messages
-- (lib/outbox.c, lib/remind.c) now set the preview themselves, as the
-- intake statement does for inbound ones; the length check goes as well:
-- every writer cuts the text to 140 characters.

DROP TRIGGER messages_outbound_preview ON messages;
DROP FUNCTION conversations_outbound_preview();
ALTER TABLE conversations DROP CONSTRAINT conversations_last_body_check;
