/*
 * worker_jobs — the table of job kinds the worker runs.
 */
#include <stddef.h>

#include "app.h"
#include "worker.h"

/* "ping": does nothing; lets operators and tests see a worker alive. */
static enum job_outcome
job_ping(struct app_ctx *ctx, struct job *j, char *err, size_t errsz)
{
	(void)ctx;
	(void)j;
	(void)err;
	(void)errsz;
	return JOB_DONE;
}

const struct job_handler worker_handlers[] = {
	/* Liveness probe. */
	{ "ping", job_ping },
};

const size_t worker_nhandlers =
    sizeof(worker_handlers) / sizeof(worker_handlers[0]);
