/*
 * turn — the conversation_turn job: one inbound message of one
 * conversation (turns of a conversation run one at a time, in order: the
 * queue key is the conversation).  The reply is queued in the outbox in
 * the same transaction.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "turn.h"

static const struct db_stmt st_turn_load = {
	"turn_load",
	"SELECT m.body, c.status, m.clinic_id, c.id FROM messages m "
	"JOIN conversations c ON c.id = m.conversation_id "
	"WHERE m.id = $1::uuid AND m.direction = 'inbound' FOR UPDATE OF c",
	1
};

enum job_outcome
turn_job(struct app_ctx *ctx, struct job *j, char *err, size_t errsz)
{
	json_object	*v;
	const char	*id, *p[1];
	char		 reply[2048];
	PGresult	*r;
	enum job_outcome out = JOB_DONE;

	if (!json_object_object_get_ex(j->payload, "message_id", &v) ||
	    (id = json_object_get_string(v)) == NULL)
		return JOB_GIVEUP;
	p[0] = id;
	r = db_exec(ctx->db, &st_turn_load, p);
	if (!db_ok(r) || PQntuples(r) != 1) {
		snprintf(err, errsz, "message %s not found", id);
		PQclear(r);
		return r == NULL ? JOB_RETRY : JOB_GIVEUP;
	}
	/* Staff have the conversation: Sophie stays silent. */
	if (strcmp(PQgetvalue(r, 0, 1), "handoff") != 0) {
		snprintf(reply, sizeof(reply), "Message reçu : %.1800s",
		    PQgetvalue(r, 0, 0));
		if (outbox_add(ctx->db, PQgetvalue(r, 0, 2),
		    PQgetvalue(r, 0, 3), reply, "echo", NULL) != DB_OK) {
			snprintf(err, errsz, "could not queue the reply");
			out = JOB_RETRY;
		}
	}
	PQclear(r);
	return out;
}
