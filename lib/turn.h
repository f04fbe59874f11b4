/*
 * turn — the conversation_turn job handler: payload {"message_id": uuid}
 * of an inbound message, handed to the conversation engine (engine.h).
 */
#ifndef SOPHIE_TURN_H
#define SOPHIE_TURN_H

#include <stddef.h>

#include "worker.h"

/* Returns JOB_DONE, JOB_RETRY or JOB_GIVEUP (see lib/worker.h). */
enum job_outcome turn_job(struct app_ctx *, struct job *, char *err,
	    size_t errsz);

#endif
