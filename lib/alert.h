/*
 * alert — staff alerts: a conversation handed to the staff, an emergency,
 * a photo or document in an emergency conversation.
 *
 * An alert is a row of staff_alerts (sql/020) written in the transaction
 * that commits what raised it, with what tells the staff in the same
 * transaction: the WhatsApp message to the clinic's staff number in the
 * outbox (sent by the send_message job, at most once accepted), and an
 * ALERT_JOB_EMAIL job when the clinic has an alert address.  The email
 * job runs outside any transaction (the SMTP relay is a third party),
 * is retried with backoff, and records that the relay accepted it.
 * One unseen alert per conversation and kind.
 */
#ifndef SOPHIE_ALERT_H
#define SOPHIE_ALERT_H

#include <stddef.h>

#include "worker.h"

struct app_ctx;
struct config;
struct db;
struct job;

/* What raised an alert (staff_alerts.kind). */
#define ALERT_HANDOFF	"handoff"
#define ALERT_EMERGENCY	"emergency"
#define ALERT_MEDIA	"media"

/* The job that emails one alert. */
#define ALERT_JOB_EMAIL	"alert_email"

/*
 * Raise an alert of kind on conversation conv of clinic (msg: the message
 * that raised it, may be NULL), inside the caller's transaction, with its
 * WhatsApp to the staff number and its email job.  An unseen alert of
 * that kind already there: nothing is written.  An emergency whose
 * message came with a media stored already also raises a "media" alert
 * (the media job saw no emergency yet).  Returns a db_err.
 */
int	 alert_raise(struct db *, const char *clinic, const char *conv,
	    const char *msg, const char *kind);

/*
 * The media media_id was stored: raise a "media" alert when its
 * conversation is flagged as an emergency, inside the caller's
 * transaction.  Returns a db_err.
 */
int	 alert_raise_media(struct db *, const char *media_id);

/*
 * The clinic's unseen alerts, for the counter of every page; -1 when the
 * database cannot tell.
 */
long	 alert_unseen(struct app_ctx *, const char *clinic);

/* The ALERT_JOB_EMAIL handler (WORKER_OWN_TX). */
enum job_outcome alert_job_email(struct app_ctx *, struct job *, char *err,
	    size_t errsz);

/*
 * Send one email through the relay of cfg (SMTP_URL...) to rcpt; msg is
 * the whole message (headers, blank line, body; CRLF line ends).  Returns
 * 0, or -1 with the reason in err (errsz bytes).  alert_smtp.c.
 */
int	 alert_smtp_send(const struct config *, const char *rcpt,
	    const char *msg, char *err, size_t errsz);

#endif
