/*
 * worker_jobs — the table of job kinds the worker runs.
 */
#include <stddef.h>

#include "alert.h"
#include "app.h"
#include "calsync.h"
#include "noshow.h"
#include "outbox.h"
#include "privacy.h"
#include "remind.h"
#include "turn.h"
#include "waitlist.h"
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
	{ "ping", job_ping, WORKER_TX },
	/* One inbound message through the conversation engine. */
	{ "conversation_turn", turn_job, WORKER_OWN_TX },
	/* Post one outbound message to Twilio (at most once accepted). */
	{ "send_message", outbox_job_send, WORKER_OWN_TX },
	/* Fetch and store one inbound media file. */
	{ "download_media", media_job_download, WORKER_OWN_TX },
	/* Write one appointment into its practitioner's Google Calendar. */
	{ CALSYNC_JOB_EVENT, calsync_job_event, WORKER_OWN_TX },
	/* Incremental sync of a practitioner's Google Calendar. */
	{ CALSYNC_JOB_SYNC, calsync_job_sync, WORKER_OWN_TX },
	/* Send the reminders due, then queue the next scan. */
	{ REMIND_JOB, remind_job_scan, WORKER_TX },
	/* Email one staff alert through the SMTP relay. */
	{ ALERT_JOB_EMAIL, alert_job_email, WORKER_OWN_TX },
	/* Write once to a patient marked no-show, offering to rebook. */
	{ NOSHOW_JOB, noshow_job_message, WORKER_TX },
	/* Delete transcripts and media past the clinics' retention. */
	{ PRIVACY_JOB_RETENTION, privacy_job_retention, WORKER_OWN_TX },
	/* Remove the media files of an erasure or a retention sweep. */
	{ PRIVACY_JOB_MEDIA_DELETE, privacy_job_media_delete, WORKER_OWN_TX },
	/* Offer a freed slot to the waiting patients it fits. */
	{ WAITLIST_JOB_OFFER, waitlist_job_offer, WORKER_OWN_TX },
	/* Close expired waitlist offers, tell those whose slot went. */
	{ WAITLIST_JOB_SCAN, waitlist_job_scan, WORKER_TX },
};

const size_t worker_nhandlers =
    sizeof(worker_handlers) / sizeof(worker_handlers[0]);
