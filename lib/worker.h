/*
 * worker — the sophie-worker daemon: a supervisor that keeps
 * SOPHIE_WORKERS processes running; each takes jobs from the database,
 * woken by LISTEN/NOTIFY with polling as a fallback.  SIGTERM: each
 * process finishes the job in hand and exits.
 */
#ifndef SOPHIE_WORKER_H
#define SOPHIE_WORKER_H

#include "jobs.h"

struct app_ctx;

/* What a job handler says. */
enum job_outcome {
	JOB_DONE = 0,		/* finished; commit and mark done */
	JOB_RETRY,		/* transient failure; retry later */
	JOB_GIVEUP		/* permanent failure; keep it visible */
};

/*
 * How a handler meets the database.  WORKER_TX: the handler calls no
 * third party, and runs inside a transaction the worker opens; JOB_DONE
 * commits its work with the job's completion, anything else rolls it
 * back.  WORKER_OWN_TX: the handler calls a third party (LLM, Twilio,
 * Google), so the worker opens nothing; the handler keeps its
 * transactions short and never open across a call, and finishes the job
 * inside its last one with jobs_finish(db, j) when its work must commit
 * with the job's completion (the worker finishes it otherwise).
 */
enum worker_tx {
	WORKER_TX = 0,
	WORKER_OWN_TX
};

/*
 * A job kind's handler.  It writes a short reason into err (errsz bytes)
 * when it does not succeed.
 */
struct job_handler {
	const char	*kind;
	enum job_outcome (*fn)(struct app_ctx *, struct job *, char *err,
			    size_t errsz);
	enum worker_tx	 tx;
};

/* The channel workers LISTEN on. */
#define WORKER_CHANNEL	"sophie_jobs"

/* Handlers for every job kind (worker_jobs.c). */
extern const struct job_handler	worker_handlers[];
extern const size_t		worker_nhandlers;

int	 worker_main(int argc, char **argv);
/* Run one claimed job through its handler (exposed for tests). */
void	 worker_run_job(struct app_ctx *, struct job *, const char *who);

#endif
