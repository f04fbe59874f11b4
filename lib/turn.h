/*
 * turn — the conversation_turn job handler.
 */
#ifndef SOPHIE_TURN_H
#define SOPHIE_TURN_H

#include <stddef.h>

#include "worker.h"

enum job_outcome turn_job(struct app_ctx *, struct job *, char *err,
	    size_t errsz);

#endif
