/*
 * noshow_notice — a message Sophie writes to a patient unprompted (the
 * no-show message, the waitlist's offers and "offer closed" notices).
 * See noshow.h.
 */
#include <stdio.h>
#include <string.h>

#include "alert.h"
#include "db.h"
#include "log.h"
#include "noshow.h"
#include "outbox.h"

/*
 * A template message (outside the 24-hour window) and its send job: $1
 * clinic, $2 conversation, $3 the text it stands for (shown to staff),
 * $4 Content SID, $5 ContentVariables, $6 template key.
 */
static const struct db_stmt st_template = { "notice_template",
	"WITH m AS (INSERT INTO messages (clinic_id, conversation_id, "
	"direction, body, template_key, status, to_number, content_sid, "
	"content_variables) SELECT $1::uuid, c.id, 'outbound', $3, $6, "
	"'pending', c.phone, $4, $5::jsonb FROM conversations c "
	"WHERE c.id = $2::uuid AND c.clinic_id = $1::uuid "
	"RETURNING id, conversation_id), "
	"j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload) "
	"SELECT 'send_message', $1::uuid, 'send:' || m.conversation_id, "
	"jsonb_build_object('message_id', m.id) FROM m RETURNING id), "
	"v AS (UPDATE conversations c SET last_body = left($3, 140) FROM m "
	"WHERE c.id = m.conversation_id AND c.clinic_id = $1::uuid) "
	"SELECT m.id, pg_notify('sophie_jobs', '') FROM m, j", 6 };

/*
 * The message that could not be sent, kept with the reason and no send
 * job: $1 clinic, $2 conversation, $3 its text, $4 template key.
 */
static const struct db_stmt st_unsent = { "notice_unsent",
	"INSERT INTO messages (clinic_id, conversation_id, direction, body, "
	"template_key, status, to_number, error_code, error_message) "
	"SELECT $1::uuid, c.id, 'outbound', $3, $4, 'not_sent', c.phone, "
	"'" NOSHOW_OUTSIDE "', 'outside WhatsApp''s 24-hour window and no "
	"approved template (Content SID) configured' FROM conversations c "
	"WHERE c.id = $2::uuid AND c.clinic_id = $1::uuid RETURNING id", 4 };

/* Run st (one row: the message id into id); a db_err. */
static int
notice_insert(struct db *db, const struct db_stmt *st, const char **p,
    char id[37])
{
	PGresult	*r;
	int		 rc;

	r = db_exec(db, st, p);
	if ((rc = db_result_err(r)) == DB_OK && PQntuples(r) != 1)
		rc = DB_ERR_QUERY;
	if (rc == DB_OK)
		snprintf(id, 37, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

int
noshow_notice(struct db *db, const struct noshow_notice *n, char id[37])
{
	const char	*p[6];
	int		 rc;

	id[0] = '\0';
	if (n->inwin)
		return outbox_add(db, n->clinic, n->conv, n->body, n->key,
		    id) == DB_OK ? NOTICE_TEXT : -1;
	p[0] = n->clinic;
	p[1] = n->conv;
	p[2] = n->body;
	if (n->sid != NULL && *n->sid != '\0') {
		p[3] = n->sid;
		p[4] = n->vars != NULL ? n->vars : "{}";
		p[5] = n->key;
		return notice_insert(db, &st_template, p, id) == DB_OK ?
		    NOTICE_TEMPLATE : -1;
	}
	p[3] = n->key;
	if ((rc = notice_insert(db, &st_unsent, p, id)) != DB_OK ||
	    (rc = alert_raise(db, n->clinic, n->conv, NULL,
	    ALERT_HANDOFF)) != DB_OK)
		return -1;
	log_warn("notice", "MESSAGE_NOT_SENT", n->clinic, "%s message %s: "
	    "outside the 24-hour window and no template configured; staff "
	    "alerted", n->key, id);
	return NOTICE_UNSENT;
}
