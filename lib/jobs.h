/*
 * jobs — the durable job queue in the jobs table.  Jobs with the same
 * queue_key (e.g. "conv:<uuid>") run one at a time, in id order, even with
 * many workers; claiming uses FOR UPDATE SKIP LOCKED and a lease that
 * expires, so a killed worker's job is taken again.
 */
#ifndef SOPHIE_JOBS_H
#define SOPHIE_JOBS_H

#include <json-c/json.h>

struct db;

struct job {
	char		 id[24];
	char		 kind[64];
	char		 clinic_id[40];	/* "" when none */
	json_object	*payload;	/* owned by the job */
	int		 attempts;	/* including this one */
	int		 max_attempts;
	int		 retry_after_s;	/* set by a handler: the third party's
					   Retry-After, the least wait before
					   the next attempt (0: none) */
	char		 who[128];	/* the worker that holds the lease */
	int		 finished;	/* jobs_finish succeeded */
	char		 next[24];	/* set by a handler: a job it queued
					   that its worker runs next, while
					   awake ("" when none) */
};

/*
 * Enqueue a job inside the caller's transaction.  clinic and queue_key may
 * be NULL; payload is a JSON object text.  Returns a db_err.
 */
int	 jobs_enqueue(struct db *, const char *kind, const char *clinic,
	    const char *queue_key, const char *payload, int max_attempts);
/*
 * Claim the next runnable job for worker `who` with a lease of lease_s
 * seconds.  Returns 1 with *j filled, 0 when none, -1 when the database is
 * unavailable.  Release j with jobs_release.
 */
int	 jobs_claim(struct db *, const char *who, int lease_s, struct job *j);
/*
 * Claim job `id` (a j->next) the same way, when it is still queued,
 * runnable and first of its queue.  Returns 1 with *j filled, 0 when
 * another worker has it or it must wait, -1 when the database is
 * unavailable.
 */
int	 jobs_claim_id(struct db *, const char *who, int lease_s,
	    const char *id, struct job *j);
/*
 * Claim up to max runnable jobs at once (js has room for max), on the
 * terms of jobs_claim: at most one per queue, rows another claimer holds
 * skipped.  ids, when not NULL, a PostgreSQL bigint array literal such
 * as "{12,15}", restricts them to those jobs (kind is then not looked
 * at), and those of them who already holds under a lease still running
 * (outbox_queue's) are taken as they are, with no lock and no write;
 * otherwise kind (not NULL) restricts them to that kind.  Returns how
 * many (js[0..n) filled, each released with jobs_release), 0 when both
 * ids and kind are NULL, or -1 when the database is unavailable.
 */
int	 jobs_claim_many(struct db *, const char *who, int lease_s, int max,
	    const char *ids, const char *kind, struct job *js);
/*
 * Mark the job done (in the caller's transaction, if any) for the worker
 * named in j->who; sets j->finished.  Returns a db_err.
 */
int	 jobs_finish(struct db *, struct job *);
/*
 * jobs_finish for the n jobs js[0..n) (at most 64) of one worker (the
 * first's who), in one statement.  Returns a db_err.
 */
int	 jobs_finish_many(struct db *, struct job *const *js, size_t n);
/*
 * The job failed: retry after an exponential backoff with jitter, or
 * after the job's retry_after_s when that is longer (at most an hour), or
 * give up (status failed, last_error kept) after max_attempts, or at once
 * when permanent.  Returns a db_err.
 */
int	 jobs_fail(struct db *, const struct job *, const char *who,
	    const char *error, int permanent);
/* Put jobs whose lease expired back in the queue. Returns the count. */
int	 jobs_reap(struct db *);
/*
 * Put back in the queue the jobs who holds: called when who's connection
 * was opened again (the database restarted or failed over) while it holds
 * no job, so what it claimed before waits for no lease.  Returns the
 * count, -1 on error.
 */
int	 jobs_release_own(struct db *, const char *who);
/* Backoff in seconds before attempt n+1 (with jitter). */
int	 jobs_backoff(int attempts);
void	 jobs_release(struct job *);
/*
 * The id of the request that queued the job (the webhook's, handed on
 * from a turn to its reply's send), "" when none.
 */
const char	*jobs_request(const struct job *);

#endif
