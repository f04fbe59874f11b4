/*
 * remind — reminders before appointments.
 *
 * A periodic job, "reminders_scan", finds the booked appointments whose
 * reminder is due (starts_at - clinics.reminder_delay_minutes <= now)
 * and sends each one reminder in the patient's conversation, which then
 * waits for the answer (state "remind": confirm, cancel or move; see
 * engine_info.c).  Inside WhatsApp's 24-hour window (since the patient's
 * last message) the reminder is plain text; outside it, Twilio accepts
 * only an approved template, so the clinic's reminder_content_sid is
 * sent with variables {"1": date, "2": time, "3": practitioner,
 * "4": treatment, "5": clinic}; without one the reminder is recorded as
 * 'skipped' and logged, never silently lost.
 *
 * The job re-enqueues itself (one queued at a time, jobs.dedupe_key
 * "reminders_scan"); sql/004_engine.sql queues the first one and
 * `sophiectl reminders` can queue it again or scan at once.
 */
#ifndef SOPHIE_REMIND_H
#define SOPHIE_REMIND_H

#include <stddef.h>
#include <stdint.h>

#include "worker.h"

struct app_ctx;
struct db;

#define REMIND_JOB		"reminders_scan"
/* Seconds between two scans. */
#define REMIND_PERIOD_S		60
/* Appointments handled per scan (the rest wait for the next one). */
#define REMIND_BATCH		200

/*
 * Send the reminders due at now (UTC seconds), in the caller's
 * transaction.  *sent and *skipped (may be NULL) get the counts.
 * Returns 0, or -1 on a database error.
 */
int	 remind_scan(struct app_ctx *, int64_t now, int *sent, int *skipped);

/* Queue the next scan in delay_s seconds unless one is queued. db_err. */
int	 remind_enqueue(struct db *, int delay_s);

/* Job "reminders_scan": remind_scan, then queue the next scan. */
enum job_outcome remind_job_scan(struct app_ctx *, struct job *,
	    char *err, size_t errsz);

/* "sophiectl reminders [--scan] [--json]". */
int	 remind_ctl(int, char **);

#endif
