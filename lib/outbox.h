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
enum job_outcome media_job_download(struct app_ctx *, struct job *,
	    char *err, size_t errsz);

#endif
