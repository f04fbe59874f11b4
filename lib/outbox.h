/*
 * outbox — replies waiting to be sent: an outbound message row (status
 * 'pending') and its send_message job, written in the caller's
 * transaction so a reply exists exactly when the state change that made
 * it does.  The send job posts it to Twilio, at most once accepted (see
 * outbox.c).
 */
#ifndef SOPHIE_OUTBOX_H
#define SOPHIE_OUTBOX_H

#include <stddef.h>

#include "worker.h"

struct db;
struct app_ctx;
struct job;

/*
 * Queue a text reply in conversation conv of clinic.  template_key names
 * the message template it came from (may be NULL).  Writes the new
 * message id into id_out (37 bytes) when not NULL.  Returns a db_err.
 */
int	 outbox_add(struct db *, const char *clinic, const char *conv,
	    const char *body, const char *template_key, char *id_out);
/* Size of a send job's id written by outbox_queue. */
#define OUTBOX_JOB_ID	24
/*
 * The same, for a worker that sends the message itself right after its
 * transaction commits (a struct job's next): no other worker is woken,
 * and the send job's id is written into job_out (OUTBOX_JOB_ID bytes).
 * With who, the job is that worker's from the start (running, its lease
 * lease_s seconds) unless an earlier send of the conversation waits, so
 * no other worker takes it between the commit and its send; should the
 * worker stop first, the lease runs out and any worker sends it.
 */
int	 outbox_queue(struct db *, const char *clinic, const char *conv,
	    const char *body, const char *template_key, const char *who,
	    int lease_s, char *job_out);

/*
 * Job handlers (see lib/worker.h).  outbox_job_send is a WORKER_OWN_TX
 * handler: it is called with no transaction open and finishes its job
 * itself when it recorded a SID.
 */
enum job_outcome outbox_job_send(struct app_ctx *, struct job *, char *err,
	    size_t errsz);
/* At most this many jobs in one outbox_send_batch. */
#define OUTBOX_BATCH_MAX	64
/* outbox_send_batch's outcome for a job it left alone. */
#define OUTBOX_ALONE		(-1)
/*
 * Send the messages of the n send_message jobs js (claimed by this
 * worker, their who set), with the bookkeeping of the batch batched: the
 * attempts of the messages never attempted are recorded in one statement
 * before the first post, and the posts Twilio accepted in one statement
 * after the last (their jobs finished with it).  out[i] is js[i]'s job
 * outcome, its error in err + i * errsz (errsz bytes); js[i].finished is
 * set when its job was finished.  A job whose message had an attempt
 * already, or that could not be posted within its attempt's window, is
 * left as it was: out[i] is OUTBOX_ALONE (run it with worker_run_job).
 */
void	 outbox_send_batch(struct app_ctx *, struct job *js, int n,
	    int *out, char *err, size_t errsz);
enum job_outcome media_job_download(struct app_ctx *, struct job *,
	    char *err, size_t errsz);

#endif
