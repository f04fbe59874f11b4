-- 034_stop_trigger_inbound.sql — the STOP trigger (028, 033) fires for
-- inbound messages only: the function returned at once for every reply
-- Sophie wrote, but PostgreSQL still started its plpgsql for each one,
-- in the turn's write.  Same behaviour, one function call fewer per reply.
DROP TRIGGER messages_privacy_stop ON messages;
CREATE TRIGGER messages_privacy_stop AFTER INSERT ON messages
FOR EACH ROW WHEN (NEW.direction = 'inbound')
EXECUTE FUNCTION privacy_stop_record();
