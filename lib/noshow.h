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
 * text cannot be sent: the message is then given up and logged.
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

#endif
