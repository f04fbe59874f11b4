/*
 * turn — the conversation_turn job: one inbound message of one
 * conversation (turns of a conversation run one at a time, in order: the
 * queue key is the conversation), run through the conversation engine
 * (engine_turn.c), which keeps its own short transactions.  The state
 * change, any booking, the reply in the outbox and the job's completion
 * commit together or not at all.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "engine.h"
#include "turn.h"

enum job_outcome
turn_job(struct app_ctx *ctx, struct job *j, char *err, size_t errsz)
{
	json_object	*v;
	const char	*id;

	if (!json_object_object_get_ex(j->payload, "message_id", &v) ||
	    (id = json_object_get_string(v)) == NULL || strlen(id) != 36) {
		snprintf(err, errsz, "no message_id in the payload");
		return JOB_GIVEUP;
	}
	return engine_turn(ctx, j, id, err, errsz);
}
