/*
 * noshow — what follows a no-show (issue 21, item 3).
 *
 * Marking an appointment no-show (staff, once it has started) queues the
 * job "noshow_message" (a trigger of sql/025_series.sql): it writes once
 * to the patient, in their language, the clinic's text
 * (clinics.noshow_message_fr/_en) or a kind default, offering to rebook;
 * their answer is an ordinary message of the booking conversation.
 * appointments.noshow_notified_at makes it once, even when the no-show
 * is undone and marked again.  Outside WhatsApp's 24-hour window a free
 * text cannot be sent: the clinic's approved template
 * (clinics.noshow_content_sid) goes instead, or, with none, the message
 * is recorded not sent and the staff alerted (noshow_notice).
 *
 * A clinic may set noshow_threshold: a patient with that many no-shows
 * in the last 12 months (noshow_action 'confirm') is asked for a yes in
 * each reminder (noshow_reminder_key), and when no yes came by
 * noshow_confirm_hours before the start the staff are alerted
 * (noshow_scan_unconfirmed), the appointment left booked.
 */
#ifndef SOPHIE_NOSHOW_H
#define SOPHIE_NOSHOW_H

#include <stddef.h>
#include <stdint.h>

#include "worker.h"

struct app_ctx;
struct db;

#define NOSHOW_JOB	"noshow_message"

/* The worker's job: write the no-show message of one appointment. */
enum job_outcome noshow_job_message(struct app_ctx *, struct job *,
		    char *err, size_t errsz);

/*
 * The SQL expression (over appointments a and clinics cl) true when the
 * patient of a must confirm: the clinic's threshold of no-shows reached.
 */
#define NOSHOW_MUST_CONFIRM \
	"(cl.noshow_threshold IS NOT NULL AND cl.noshow_action = 'confirm' " \
	"AND (SELECT count(*) FROM appointments n WHERE n.clinic_id = " \
	"a.clinic_id AND n.patient_id = a.patient_id AND n.status = " \
	"'no_show' AND n.starts_at > now() - interval '12 months') >= " \
	"cl.noshow_threshold)"

/*
 * The reminder's text for a patient who must confirm (must 1) or not,
 * in lang ("fr", "en"): a template with {date} {time} {practitioner}
 * {treatment} {clinic}, or NULL for the ordinary reminder.
 */
const char	*noshow_reminder_text(int must, const char *lang);

/*
 * Record that appointment appt's reminder asked for a yes, in the
 * caller's transaction.  Returns a db_err.
 */
int		 noshow_asked(struct app_ctx *, const char *appt);

/*
 * Alert the staff about the appointments whose patient was asked for a
 * yes and gave none by the clinic's deadline (once each), in the
 * caller's transaction.  Returns how many, or -1 on a database error.
 */
int		 noshow_scan_unconfirmed(struct app_ctx *, int64_t now);

/* error_code of a message not sent: outside the window, no template. */
#define NOSHOW_OUTSIDE	"outside_window"

/*
 * A message to a patient that they did not prompt.  WhatsApp takes free
 * text only within 24 hours of the patient's last message (inwin);
 * outside it only an approved template: sid ("HX" + 32 hex; NULL or ""
 * when the clinic has none) with vars (ContentVariables, JSON text).
 */
struct noshow_notice {
	const char	*clinic;
	const char	*conv;	/* the patient's conversation */
	const char	*body;	/* the text (kept for staff with a template) */
	const char	*key;	/* template_key of the message */
	const char	*sid;
	const char	*vars;
	int		 inwin;
};

/* What noshow_notice did. */
#define NOTICE_UNSENT	0	/* recorded not sent, staff alerted */
#define NOTICE_TEXT	1	/* the text queued */
#define NOTICE_TEMPLATE	2	/* the template queued */

/*
 * Queue n in the caller's transaction: the text inside the window, the
 * template outside it, or, outside with no template, a message
 * recorded 'not_sent' (error_code NOSHOW_OUTSIDE, no send job) and a
 * staff alert on the conversation.  Writes the message's id into id.
 * Returns a NOTICE_* value, or -1 on a database error.
 */
int		 noshow_notice(struct db *, const struct noshow_notice *,
		    char id[37]);

#endif
