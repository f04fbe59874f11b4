/*
 * twilio — what Sophie needs of Twilio without a database:
 *  - X-Twilio-Signature on incoming webhooks (twilio_sig.c);
 *  - sending a WhatsApp message through the REST API, finding one in
 *    Twilio's message list when the answer to its post was lost, and
 *    downloading the media a patient sent (twilio_rest.c).
 * Everything that reads Twilio's answers treats them as untrusted bytes.
 */
#ifndef SOPHIE_TWILIO_H
#define SOPHIE_TWILIO_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "httpc.h"

enum twilio_err {
	TWILIO_OK = 0,
	TWILIO_ERR_ARG,		/* bad argument: number, SID, URL, body */
	TWILIO_ERR_NOMEM,
	TWILIO_ERR_SIG_MISSING,	/* no X-Twilio-Signature given */
	TWILIO_ERR_SIG_BAD,	/* signature does not match */
	TWILIO_ERR_NET,		/* transport failure (see the httpc error) */
	TWILIO_ERR_HTTP,	/* unexpected HTTP status */
	TWILIO_ERR_TOOBIG,	/* media larger than allowed */
	TWILIO_ERR_MEDIA_TYPE,	/* media is not jpeg/png/webp/gif/pdf */
	TWILIO_ERR__MAX
};

const char *twilio_strerror(enum twilio_err);

/* One decoded form field of a webhook: name and value, NUL-terminated. */
struct twilio_param {
	const char	*name;
	const char	*value;
};

#define TWILIO_SIG_LEN		28	/* base64 of a SHA-1 MAC */
#define TWILIO_SIG_MAX_PARAMS	1000	/* more fields than this: refused */

/*
 * Append to out the string Twilio signs: url, then every parameter sorted
 * by name then value (byte order), each name followed at once by its
 * value. Returns TWILIO_OK, TWILIO_ERR_ARG (NULL strings, too many
 * parameters) or TWILIO_ERR_NOMEM (includes out's maximum reached).
 */
enum twilio_err twilio_sig_canonical(const char *url,
	    const struct twilio_param *, size_t n, struct buf *out);
/*
 * The signature of a request: base64 HMAC-SHA1 keyed with auth_token over
 * the canonical string, written NUL-terminated to out. Returns TWILIO_OK,
 * TWILIO_ERR_ARG or TWILIO_ERR_NOMEM.
 */
enum twilio_err twilio_sig_compute(const char *auth_token, const char *url,
	    const struct twilio_param *, size_t n,
	    char out[TWILIO_SIG_LEN + 1]);
/*
 * Check a request's X-Twilio-Signature (sig, NULL when absent) against
 * the public URL Twilio called and the decoded POST fields, in constant
 * time. The URL is also tried with the scheme's default port added (when
 * it has none) or removed (when it has the default one), as Twilio's own
 * libraries do. Returns TWILIO_OK when valid, TWILIO_ERR_SIG_MISSING,
 * TWILIO_ERR_SIG_BAD, TWILIO_ERR_ARG or TWILIO_ERR_NOMEM.
 */
enum twilio_err twilio_sig_check(const char *auth_token, const char *url,
	    const struct twilio_param *, size_t n, const char *sig);
/*
 * The other spelling of url's port described above, appended to out.
 * Returns 1 when written, 0 when there is none (not http/https, another
 * port), -1 when out cannot hold it.
 */
int	 twilio_sig_url_variant(const char *url, struct buf *out);

/* Where and as whom to call the REST API. Strings are borrowed. */
struct twilio_account {
	const char	*api_base;	/* TWILIO_API_BASE; NULL = real API */
	const char	*account_sid;	/* "AC" + 32 hex */
	const char	*auth_token;
	long		 timeout_ms;	/* 0 = 15 s (sends), 60 s (media) */
};

#define TWILIO_API_BASE_DEFAULT	"https://api.twilio.com"

/*
 * One outbound WhatsApp message. Numbers are E.164, with or without the
 * "whatsapp:" prefix (it is added). Either body, or content_sid (an
 * approved template, "HX" + 32 hex) with optional content_variables (a
 * JSON object as text). Strings are borrowed.
 */
struct twilio_msg {
	const char	*from;
	const char	*to;
	const char	*body;		/* at most 1600 characters, UTF-8 */
	const char	*content_sid;
	const char	*content_variables;
	const char	*status_callback; /* http(s) URL; may be NULL */
};

enum twilio_outcome {
	TWILIO_SENT,	/* accepted by Twilio (2xx) */
	TWILIO_RETRY,	/* try again later: network, timeout, 429, 5xx */
	TWILIO_FAILED	/* refused for good: other 4xx, bad config */
};

/* What became of one send. Fixed-size fields: nothing to free. */
struct twilio_send_result {
	enum twilio_outcome	 outcome;
	long			 http_status;	/* 0 when no answer */
	enum httpc_err		 net;		/* HTTPC_OK when answered */
	char			 sid[40];	/* "SM...", "" when unknown */
	char			 status[24];	/* "queued", "accepted"... */
	long			 code;		/* Twilio error code, or 0 */
	char			 message[256];	/* Twilio's or httpc's words */
	char			 more_info[128];
	long			 retry_after_s;	/* seconds, -1 when not said */
	int			 outside_window; /* 63016: a template is needed */
};

#define TWILIO_ERR_OUTSIDE_WINDOW	63016

/*
 * Append "name=value" to an application/x-www-form-urlencoded body
 * (with "&" before it unless the body is empty). Letters, digits and
 * "*-._" stay, space becomes "+", every other byte %XX.
 * Returns 0, or -1 when out's maximum is reached.
 */
int	 twilio_form_add(struct buf *out, const char *name, const char *value);
/* Append the encoding of len bytes of s. Same return as twilio_form_add. */
int	 twilio_form_encode(struct buf *out, const char *s, size_t len);

/*
 * Build the POST URL of the Messages resource (into url) and the form
 * body of msg (into body). Returns TWILIO_OK, TWILIO_ERR_ARG when a field
 * is not acceptable, or TWILIO_ERR_NOMEM.
 */
enum twilio_err twilio_msg_url(const struct twilio_account *,
	    struct buf *url);
enum twilio_err twilio_msg_form(const struct twilio_msg *, struct buf *body);

/*
 * Classify one answer of the Messages resource: the transport result
 * net, the HTTP status, the body (len bytes, may be NULL) and the
 * Retry-After header (may be NULL), read relative to now. A 2xx status
 * is TWILIO_SENT even when its body failed to arrive, so that an accepted
 * message is never sent twice. A network failure before any status is
 * TWILIO_RETRY: Twilio may have accepted the message all the same.
 */
void	 twilio_send_classify(enum httpc_err net, long status,
	    const char *body, size_t len, const char *retry_after, time_t now,
	    struct twilio_send_result *);
/*
 * Seconds to wait according to a Retry-After value (delta-seconds or an
 * HTTP date), capped at one day; -1 when absent or not understood.
 */
long	 twilio_retry_after(const char *, time_t now);
/*
 * Send one message. res is always filled. Returns TWILIO_OK when the
 * request was attempted (read res->outcome), TWILIO_ERR_ARG when the
 * account or message is unacceptable (res->outcome is TWILIO_FAILED), or
 * TWILIO_ERR_NOMEM (res->outcome is TWILIO_RETRY).
 */
enum twilio_err twilio_send(const struct twilio_account *,
	    const struct twilio_msg *, struct twilio_send_result *res);

/*
 * Looking for a message Twilio may have accepted though its answer never
 * reached us: the Messages list (GET .../Messages.json with To, From and
 * DateSent>=), read page after page, newest first.  Strings are borrowed.
 */
struct twilio_find {
	const char	*to;		/* E.164, with or without "whatsapp:" */
	const char	*from;
	const char	*body;		/* the exact text; NULL: a template,
					   whose text we do not know */
	time_t		 since;		/* created at or after (Twilio's
					   clock, whole seconds) */
	int		 page_size;	/* 0 = 50, at most 1000 */
	int		 max_pages;	/* 0 = TWILIO_FIND_PAGES */
};

#define TWILIO_FIND_PAGES	10
#define TWILIO_FIND_MAX		8	/* matches kept: the oldest */

/* One listed message that matches. Fixed-size fields. */
struct twilio_found {
	char		 sid[40];	/* "SM" + 32 hex */
	char		 status[24];	/* Twilio's word, "" when absent */
	long		 error_code;	/* 0 when none */
	char		 error_message[256];
	time_t		 created;
};

/* What a search found. Fixed-size fields: nothing to free. */
struct twilio_find_result {
	size_t		 n;		/* matches, oldest first */
	struct twilio_found found[TWILIO_FIND_MAX];
	int		 complete;	/* the whole window was read: the last
					   page, or one older than since */
	int		 pages;		/* pages read */
	long		 http_status;	/* of the last call, 0 when none */
	enum httpc_err	 net;		/* of the last call */
	char		 message[256];	/* why it failed, "" when it did not */
};

/*
 * The URL of the first page of the list for f, appended to url. Returns
 * TWILIO_OK, TWILIO_ERR_ARG (account, numbers, page size) or
 * TWILIO_ERR_NOMEM.
 */
enum twilio_err twilio_list_url(const struct twilio_account *,
	    const struct twilio_find *, struct buf *url);
/*
 * Read one page of the list: len bytes of untrusted JSON. The messages
 * that match f (same To and From, f->body unless NULL, a SID, created at
 * or after f->since) are added to res; the next page's URI (as Twilio
 * gives it: a path under the account's Messages list) is written to next
 * (nextsz bytes, "" on the last page); *older is set when every message
 * on the page was created before f->since. Returns TWILIO_OK, or
 * TWILIO_ERR_HTTP when the bytes are not a list page (or the next URI is
 * not one of this account's list pages).
 */
enum twilio_err twilio_list_page(const struct twilio_account *,
	    const struct twilio_find *, const char *body, size_t len,
	    struct twilio_find_result *res, char *next, size_t nextsz,
	    int *older);
/*
 * Search the account's list for f, at most f->max_pages pages, stopping
 * at the last page or at a page older than f->since. res is always
 * filled. Returns TWILIO_OK when the search ran (res->n matches;
 * res->complete says whether the whole window was read),
 * TWILIO_ERR_ARG, TWILIO_ERR_NET (no answer), TWILIO_ERR_HTTP (an answer
 * other than 200, or not a list page) or TWILIO_ERR_NOMEM. Nothing is
 * known of the message unless it returns TWILIO_OK.
 */
enum twilio_err twilio_find_sent(const struct twilio_account *,
	    const struct twilio_find *, struct twilio_find_result *res);

#define TWILIO_MEDIA_MAX	(10 * 1024 * 1024)

/* A downloaded media file. Release with twilio_media_free. */
struct twilio_media {
	struct buf	 data;		/* the bytes */
	const char	*mime;		/* static: "image/jpeg"... or NULL */
	const char	*ext;		/* static: "jpg", "png", "webp", "gif",
					   "pdf", or NULL */
	long		 http_status;	/* of the last response, 0 if none */
	enum httpc_err	 net;		/* transport result */
};

/*
 * The type of a file from its first bytes: returns the MIME type and sets
 * *ext (both static strings), or returns NULL (and *ext = NULL) for
 * anything but JPEG, PNG, WebP, GIF and PDF.
 */
const char *twilio_media_sniff(const void *, size_t, const char **ext);
/*
 * Download a MediaUrl Twilio gave us. The URL must lie under the
 * account's API base; Basic credentials go there only, never to the host
 * it redirects to. At most max bytes (0 = TWILIO_MEDIA_MAX) are read.
 * m is always initialised; release it with twilio_media_free. Returns
 * TWILIO_OK (m->data, m->mime, m->ext set), TWILIO_ERR_ARG,
 * TWILIO_ERR_NET, TWILIO_ERR_HTTP, TWILIO_ERR_TOOBIG,
 * TWILIO_ERR_MEDIA_TYPE or TWILIO_ERR_NOMEM.
 */
enum twilio_err twilio_media_get(const struct twilio_account *,
	    const char *url, size_t max, struct twilio_media *m);
void	 twilio_media_free(struct twilio_media *);

#endif
