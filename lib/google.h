/*
 * google — Google OAuth 2.0 (authorization code with PKCE, refresh) and
 * the few Calendar v3 calls Sophie makes: freeBusy, events insert, patch,
 * delete and incremental list.  Everything Google answers is untrusted:
 * bounded by httpc, parsed with json-c under a depth limit and copied
 * into fixed-size fields.  No database here (see calsync.h).
 *
 * google_oauth.c: PKCE, signed state, consent URL, token endpoint.
 * google_cal.c:   event ids, titles, event bodies, Calendar calls.
 */
#ifndef SOPHIE_GOOGLE_H
#define SOPHIE_GOOGLE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct config;
struct slots_interval;

enum google_err {
	GOOGLE_OK = 0,
	GOOGLE_ERR_ARG,		/* bad argument (caller's mistake) */
	GOOGLE_ERR_NOMEM,
	GOOGLE_ERR_NET,		/* no answer: connect, timeout, TLS */
	GOOGLE_ERR_PARSE,	/* an answer we do not understand */
	GOOGLE_ERR_INVALID_GRANT, /* code or refresh token refused */
	GOOGLE_ERR_AUTH,	/* 401: the access token was refused */
	GOOGLE_ERR_RATE,	/* 429, or 403 rate/userRateLimitExceeded */
	GOOGLE_ERR_SERVER,	/* 5xx */
	GOOGLE_ERR_NOTFOUND,	/* 404 */
	GOOGLE_ERR_CONFLICT,	/* 409 (event id already used) */
	GOOGLE_ERR_GONE,	/* 410 (sync token expired, event gone) */
	GOOGLE_ERR_CLIENT,	/* any other 4xx: not worth retrying */
	GOOGLE_ERR__MAX
};

/* A short English description; never NULL, static storage. */
const char	*google_strerror(enum google_err);
/* Is e worth a retry later (network, rate limit, 5xx)?  1 or 0. */
int		 google_err_transient(enum google_err);
/*
 * Classify a Calendar API answer by its status and (for 403) the error
 * reason in its JSON body.  2xx gives GOOGLE_OK.
 */
enum google_err	 google_status_err(long status, const char *body,
		    size_t len);

struct httpc_req;
struct httpc_resp;
/*
 * Internal to google_*.c: run one request with httpc (initialised once
 * for cfg's mode, https only in production).  resp must be released with
 * httpc_resp_free.  Returns GOOGLE_OK when an answer (any status) came,
 * else GOOGLE_ERR_NET / NOMEM / ARG.
 */
enum google_err	 google_do(const struct config *, const struct httpc_req *,
		    struct httpc_resp *);

/* Append s to out percent-encoded (RFC 3986 unreserved kept). 0 or -1. */
int		 google_url_escape(struct buf *out, const char *s);

/* ---- OAuth ------------------------------------------------------------ */

/* The only scope asked for. */
#define GOOGLE_SCOPE	"https://www.googleapis.com/auth/calendar"
/* PKCE verifier and challenge: 43 base64url characters and a NUL. */
#define GOOGLE_PKCE_SIZE	44
/* Signed state: 43 + "." + 43 characters and a NUL. */
#define GOOGLE_STATE_SIZE	88
/* How long a state is good for, seconds. */
#define GOOGLE_STATE_TTL	600

/* A fresh random PKCE code_verifier (32 random bytes, base64url). */
void		 google_pkce_verifier(char out[GOOGLE_PKCE_SIZE]);
/*
 * The S256 code_challenge of verifier (RFC 7636 section 4.2): base64url
 * without padding of SHA-256(verifier).  Returns 0, or -1 when verifier
 * is not 43 to 128 unreserved characters.
 */
int		 google_pkce_challenge(const char *verifier,
		    char out[GOOGLE_PKCE_SIZE]);
/*
 * A new state: 24 random bytes and the expiry time (now + TTL, big
 * endian), MACed (HMAC-SHA-256) under a key derived from key (32 bytes),
 * both base64url.  Unguessable and unforgeable without the key.
 */
void		 google_state_new(const unsigned char *key, int64_t now,
		    char out[GOOGLE_STATE_SIZE]);
/*
 * Check a state's form, MAC (constant time) and expiry against now.
 * Returns 0 when good, -1 when malformed, forged or expired.  Whether it
 * was already used is the database's business (calsync).
 */
int		 google_state_check(const unsigned char *key,
		    const char *state, int64_t now);
/*
 * The consent page URL: {auth_base}/o/oauth2/v2/auth with client_id,
 * redirect_uri, response_type=code, the calendar scope, access_type=
 * offline, prompt=consent, state and the S256 challenge.  Appends to out.
 * Returns 0 or -1 (out's maximum).
 */
int		 google_auth_url(const struct config *, const char *state,
		    const char *challenge, struct buf *out);

/* What the token endpoint gave. */
struct google_token {
	char	 access_token[4096];
	char	 refresh_token[1024];	/* "" when not sent (refresh) */
	char	 scope[512];
	int64_t	 expires_in;		/* seconds; 3600 when not sent */
	char	 error[64];		/* Google's "error" on failure */
};

/*
 * Parse a token endpoint answer (status and JSON body).  GOOGLE_OK with
 * out filled when 200 and an access_token of type Bearer is there;
 * GOOGLE_ERR_INVALID_GRANT on error "invalid_grant"; otherwise the
 * status class (RATE, SERVER, CLIENT) or PARSE.  out->error is set
 * whenever Google sent one.
 */
enum google_err	 google_token_parse(long status, const char *body,
		    size_t len, struct google_token *out);
/* Exchange an authorization code (with its PKCE verifier). */
enum google_err	 google_token_exchange(const struct config *,
		    const char *code, const char *verifier,
		    struct google_token *out);
/* Get a new access token with a refresh token. */
enum google_err	 google_token_refresh(const struct config *,
		    const char *refresh_token, struct google_token *out);

/* ---- Calendar --------------------------------------------------------- */

/* Event ids Sophie chooses: 32 base32hex characters and a NUL. */
#define GOOGLE_EVENT_ID_SIZE	33

/*
 * The event id of an appointment: the 32 lower-case hex digits of its
 * uuid (hex digits are base32hex, which Google requires: a-v, 0-9,
 * 5 to 1024 characters).  The same appointment always gives the same id,
 * so a retried insert meets 409 instead of making a second event.
 * Returns 0, or -1 when uuid is not a uuid.
 */
int		 google_event_id(const char *uuid,
		    char out[GOOGLE_EVENT_ID_SIZE]);
/* Is id a valid Google event id (base32hex, 5..1024)?  1 or 0. */
int		 google_event_id_ok(const char *id);

/* What an event title shows of the patient (clinics.*_title_mode). */
enum google_title {
	GOOGLE_TITLE_INITIALS = 0,	/* "Détartrage — J. D." (default) */
	GOOGLE_TITLE_TREATMENT,		/* "Détartrage" */
	GOOGLE_TITLE_FULL_NAME		/* "Détartrage — Jeanne Dupont" */
};

/* The mode named s; unknown or NULL gives GOOGLE_TITLE_INITIALS. */
enum google_title google_title_mode(const char *s);
/*
 * Write the title of an event into out (outsz bytes, truncated on a
 * character boundary): the treatment ("Rendez-vous" when empty) and what
 * mode allows of the patient's name.  Never a phone number or a note.
 */
void		 google_event_title(enum google_title, const char *treatment,
		    const char *first, const char *last, char *out,
		    size_t outsz);

/* One timed event as Sophie writes it. */
struct google_event_spec {
	const char	*id;		/* NULL for a patch */
	const char	*title;
	int64_t		 start;		/* UTC seconds */
	int64_t		 end;
	int32_t		 start_off;	/* zone offset at start, seconds */
	int32_t		 end_off;
	const char	*tz;		/* IANA name, e.g. Europe/Paris */
};
/* The JSON body of an insert or patch, appended to out.  0 or -1. */
int		 google_event_json(const struct google_event_spec *,
		    struct buf *out);

/*
 * Parse a freeBusy answer for calendar_id: the busy intervals clipped to
 * nothing (as given), up to max of them in out (*n set).  *errors is 1
 * when Google reported errors for the calendar, when the calendar is
 * missing from the answer or when more than max intervals came: the
 * caller must then treat the whole window as busy (fail closed).
 * Returns GOOGLE_OK, or the status class / PARSE.
 */
enum google_err	 google_freebusy_parse(long status, const char *body,
		    size_t len, const char *calendar_id,
		    struct slots_interval *out, size_t max, size_t *n,
		    int *errors);
/* POST {api_base}/calendar/v3/freeBusy for [from, to) within timeout. */
enum google_err	 google_freebusy(const struct config *, const char *token,
		    const char *calendar_id, int64_t from, int64_t to,
		    long timeout_ms, struct slots_interval *out, size_t max,
		    size_t *n, int *errors);

/* Insert (POST) an event with its body; 409 gives GOOGLE_ERR_CONFLICT. */
enum google_err	 google_event_insert(const struct config *,
		    const char *token, const char *calendar_id,
		    const char *json);
/* Patch an event. */
enum google_err	 google_event_patch(const struct config *,
		    const char *token, const char *calendar_id,
		    const char *event_id, const char *json);
/* Delete an event; 404 and 410 (already gone) count as GOOGLE_OK. */
enum google_err	 google_event_delete(const struct config *,
		    const char *token, const char *calendar_id,
		    const char *event_id);

/* One event of an events.list page. */
struct google_event {
	char	 id[64];	/* "" when longer (not one of Sophie's) */
	int	 cancelled;	/* status "cancelled" (deleted) */
	int	 timed;		/* start/end are dateTime values */
	int64_t	 start;
	int64_t	 end;
};

/* One page of events.list. */
struct google_page {
	struct google_event	*items;	/* caller's array of max */
	size_t			 max;
	size_t			 n;
	char			 next_page[512];
	char			 next_sync[512];
};

/* Parse an events.list answer into page.  GOOGLE_ERR_GONE on 410. */
enum google_err	 google_events_parse(long status, const char *body,
		    size_t len, struct google_page *page);
/*
 * GET events of calendar_id: with sync_token when not NULL (incremental),
 * else all events (showDeleted) for a full sync; page_token continues a
 * listing.  Fills page.
 */
enum google_err	 google_events_list(const struct config *,
		    const char *token, const char *calendar_id,
		    const char *sync_token, const char *page_token,
		    struct google_page *page);

#endif
