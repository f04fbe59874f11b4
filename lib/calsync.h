/*
 * calsync — a practitioner's Google Calendar as Sophie uses it: the
 * OAuth connection (state rows, sealed tokens), free/busy with a short
 * per-practitioner cache, and the worker jobs that write Sophie's
 * appointments into Google and notice what practitioners change there.
 *
 * Tokens are sealed (seal.h) with the integration row's id as associated
 * data and refreshed before they expire.  A refresh token Google refuses
 * (invalid_grant) marks the integration disconnected at once and logs it;
 * bookings then go on against Sophie's own calendar.
 *
 * calsync.c:       tokens, free/busy cache, job handlers.
 * calsync_oauth.c: /oauth/authorize and /oauth/callback work.
 * calsync_ctl.c:   "sophiectl calendar".
 */
#ifndef SOPHIE_CALSYNC_H
#define SOPHIE_CALSYNC_H

#include <stddef.h>
#include <stdint.h>

#include "worker.h"

struct app_ctx;
struct buf;
struct db;
struct slots_interval;

/* Seconds a free/busy answer is reused for proposals. */
#define CALSYNC_CACHE_TTL	60
/* Longest wait on Google's freeBusy, milliseconds. */
#define CALSYNC_BUSY_TIMEOUT_MS	2500L
/* Job kinds. */
#define CALSYNC_JOB_EVENT	"calendar_event_upsert"
#define CALSYNC_JOB_SYNC	"calendar_sync"
/* The binding cookie set by authorize and read by callback. */
#define CALSYNC_COOKIE		"sophie_oauth"
#define CALSYNC_COOKIE_SECURE	"__Host-sophie_oauth"
#define CALSYNC_BINDING_SIZE	65	/* 64 hex chars and a NUL */

enum calsync_err {
	CALSYNC_OK = 0,
	CALSYNC_ERR_ARG,	/* malformed ids or window */
	CALSYNC_ERR_DB,		/* database unavailable or query failed */
	CALSYNC_ERR_NOMEM,
	CALSYNC_ERR_NOTFOUND,	/* no such practitioner in that clinic */
	CALSYNC_ERR_STATE,	/* state missing, forged, reused, expired,
				   or from another session */
	CALSYNC_ERR_GOOGLE,	/* Google refused or did not answer */
	CALSYNC_ERR_KEY,	/* no SOPHIE_SECRET_KEY */
	CALSYNC_ERR__MAX
};

const char	*calsync_strerror(enum calsync_err);

/*
 * Google busy time of a practitioner over [from, to) (UTC seconds): up to
 * max intervals in out, *n set.  Uses a cached answer younger than
 * CALSYNC_CACHE_TTL covering the window, else asks Google (short timeout)
 * and caches the answer for a window widened to whole UTC days.
 * *fail_closed is 1 when the calendar could not be read (errors,
 * timeout, refused token): the caller treats the whole window as busy.
 * No integration, or a disconnected one: *n = 0, *fail_closed = 0.
 * Runs in the caller's transaction, if any.  Returns CALSYNC_OK or
 * ARG/DB (then *fail_closed is 1 as well).
 */
enum calsync_err calsync_busy(struct app_ctx *, const char *clinic,
		    const char *practitioner, int64_t from, int64_t to,
		    struct slots_interval *out, size_t max, size_t *n,
		    int *fail_closed);
/* The same, always asking Google (just before a booking commits). */
enum calsync_err calsync_recheck(struct app_ctx *, const char *clinic,
		    const char *practitioner, int64_t from, int64_t to,
		    struct slots_interval *out, size_t max, size_t *n,
		    int *fail_closed);

/* Oldest stored answer calsync_busy_stored still reads (seconds). */
#define CALSYNC_STORED_MAX_AGE	900

/*
 * Google busy time over [from, to) as stored, never asking Google: the
 * freshest cached answer younger than CALSYNC_STORED_MAX_AGE meeting the
 * window (one covering it first), as the worker's calendar sync stores
 * it every few minutes for the coming weeks.  For staff pages and
 * checks, which run in a request.  Nothing stored: *n = 0 and
 * *fail_closed = 0 (Sophie's own calendar only); a stored answer with
 * Google's errors: *fail_closed = 1.  Returns as calsync_busy.
 */
enum calsync_err calsync_busy_stored(struct app_ctx *, const char *clinic,
		    const char *practitioner, int64_t from, int64_t to,
		    struct slots_interval *out, size_t max, size_t *n,
		    int *fail_closed);

/*
 * Enqueue, in the caller's transaction, the job that writes appointment
 * into Google (insert, move or delete as its row now says).  Call after
 * every booking, move and cancellation.  Returns a db_err.
 */
int		 calsync_enqueue_event(struct db *, const char *clinic,
		    const char *appointment);
/* Enqueue an incremental sync of a practitioner's calendar. db_err. */
int		 calsync_enqueue_sync(struct db *, const char *clinic,
		    const char *practitioner);

/*
 * Job "calendar_event_upsert" {"appointment_id": uuid}: insert the event
 * (id from google_event_id; 409 counts as done), patch it when it exists,
 * delete it when the appointment is cancelled.
 */
enum job_outcome calsync_job_event(struct app_ctx *, struct job *,
		    char *err, size_t errsz);
/*
 * Job "calendar_sync" {"practitioner_id": uuid}: incremental events.list
 * (full again on 410); flags appointments whose event was deleted or
 * moved in Google, drops the practitioner's free/busy cache on change.
 */
enum job_outcome calsync_job_sync(struct app_ctx *, struct job *,
		    char *err, size_t errsz);

/*
 * Start a connection for practitioner of clinic on behalf of user_id
 * (whose token_version is ver): stores a single-use state row (expiring
 * in 10 minutes) bound to a fresh browser binding value, and appends the
 * consent URL to url.  binding is to be set as the CALSYNC_COOKIE.
 * Returns CALSYNC_OK, NOTFOUND, KEY, DB or NOMEM.
 */
enum calsync_err calsync_oauth_start(struct app_ctx *, const char *clinic,
		    const char *practitioner, const char *user_id, int ver,
		    char binding[CALSYNC_BINDING_SIZE], struct buf *url);
/*
 * Finish a connection: check the state (MAC, expiry), consume its row
 * (once), check the browser binding and that the user's session still
 * stands (same token_version, active; session_user, when not NULL, is
 * the same user), exchange code with the PKCE verifier and store the
 * tokens sealed.  On CALSYNC_OK name (namesz) gets the practitioner's
 * name.  Returns CALSYNC_OK, STATE, GOOGLE, KEY, DB.
 */
enum calsync_err calsync_oauth_finish(struct app_ctx *, const char *state,
		    const char *code, const char *binding,
		    const char *session_user, char *name, size_t namesz);
/*
 * Consume a state without connecting (Google answered with an error).
 * Returns CALSYNC_OK or STATE.
 */
enum calsync_err calsync_oauth_abandon(struct app_ctx *, const char *state);

/* "sophiectl calendar": busy, recheck, sync, push (see --help). */
int		 calsync_ctl(int, char **);

#endif
