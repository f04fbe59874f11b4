/*
 * waitlist — patients waiting for an earlier slot, and the offers of
 * freed slots (sql/023_waitlist.sql).
 *
 * When a booked appointment is cancelled or moved (by the patient
 * through Sophie, or by staff), a trigger queues the job
 * "waitlist_offer" with the freed slot.  The job (waitlist.c) finds
 * the waiting entries the slot fits (treatment, practitioner when one
 * was asked, the window of days and part of the day, the slot still
 * free for that treatment, the patient free then), and offers it on
 * WhatsApp to the first clinics.waitlist_batch of them (default 3), in
 * each patient's language, through the outbox, each offer standing
 * clinics.waitlist_offer_minutes (default 120).  Their conversations
 * wait in state "wl_offer".
 *
 * The answer is the engine's (waitlist_eng.c): a yes books the slot, or
 * moves the patient's later appointment to it, in the turn's commit
 * under the practitioner's booking lock; the first yes wins, a later
 * one is told the slot was just taken and the patient stays waiting.
 * The periodic job "waitlist_scan" closes expired offers (the patient
 * stays on the list, the slot goes to the next ones) and tells the
 * patients whose offer was taken by someone else.
 */
#ifndef SOPHIE_WAITLIST_H
#define SOPHIE_WAITLIST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "replies.h"
#include "worker.h"

struct app_ctx;
struct db;

#define WAITLIST_JOB_OFFER	"waitlist_offer"
#define WAITLIST_JOB_SCAN	"waitlist_scan"
/* Seconds between two scans. */
#define WAITLIST_PERIOD_S	60
/* Waiting entries looked at per freed slot. */
#define WAITLIST_CANDIDATES	50

/*
 * Append the waitlist's message key in lang to out, its {name}
 * placeholders filled from v (n of them).  Returns 0, or -1 when out
 * is full or there is no such key.
 */
int	 waitlist_say(struct buf *out, const char *key, enum replies_lang,
	    const struct replies_var *v, size_t n);

/*
 * Queue an offer job for the slot of practitioner prac (uuid) over
 * [start, end) (UTC seconds) of clinic, for treatment treat (uuid, or
 * NULL: any that fits), in the caller's transaction.  Returns a db_err.
 */
int	 waitlist_enqueue_offer(struct db *, const char *clinic,
	    const char *prac, const char *treat, int64_t start, int64_t end);

/*
 * Job "waitlist_offer" (WORKER_OWN_TX): payload {practitioner_id,
 * treatment_type_id, starts_at, ends_at} of the freed slot.  Reads the
 * clinic's free time with no transaction open, then offers the slot in
 * one transaction.
 */
enum job_outcome waitlist_job_offer(struct app_ctx *, struct job *,
	    char *err, size_t errsz);

/*
 * Job "waitlist_scan" (WORKER_TX): close the offers expired at now,
 * offer their slots again, tell the patients whose offer was taken,
 * then queue the next scan.
 */
enum job_outcome waitlist_job_scan(struct app_ctx *, struct job *,
	    char *err, size_t errsz);

#endif
