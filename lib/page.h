/*
 * page — one handler, two representations.  A handler builds a json-c
 * object; API clients (Accept: application/json, or a Bearer token) get
 * it as JSON, browsers get it rendered through a template of
 * SOPHIE_TEMPLATE_DIR with the layout's session data around it.
 *
 * Handlers read their input through page_in (JSON body or form fields,
 * the same names) and the validators here; most data comes out of
 * PostgreSQL already shaped as JSON (page_query).
 */
#ifndef SOPHIE_PAGE_H
#define SOPHIE_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

struct app_ctx;
struct db_stmt;
struct req;

#define PAGE_LIST_MAX	50	/* rows per page of a list */

/*
 * Answer with data (not consumed): JSON for API clients; for browsers the
 * template tmpl rendered with { page: data, title, csrf, clinic_id, base,
 * me: {role, user_id}, query: {...} }.  nostore adds Cache-Control:
 * no-store (patient data).  A missing template or a render error answers
 * 500 and is logged.
 */
void	 page_send(struct req *, int status, const char *tmpl,
	    const char *title, json_object *data, int nostore);

/*
 * After a change: API clients get data (may be NULL: {"ok":true}) with
 * status; browsers are sent to location (303, "See Other").
 */
void	 page_done(struct req *, int status, const char *location,
	    json_object *data);

/*
 * At start-up: load the templates and message catalogues of
 * SOPHIE_TEMPLATE_DIR, or exit (78, explained on stderr and in the log)
 * when they are refused, rather than answer 500 to every page.
 */
void	 page_start(struct app_ctx *);

/*
 * The page language of the request: the signed-in user's choice
 * (clinic_users.ui_lang), else the Accept-Language header's (lib/i18n.h),
 * French by default.  "fr" or "en", static storage.  page_send gives it
 * to the templates as "lang" ({{ t "key" }}, <html lang>).
 */
const char *page_lang(struct req *);

/*
 * s translated: when s is a key of the message catalogues, its text in
 * the request's language; otherwise s itself (French text of a page not
 * converted yet).  page_send does this to its title, page_error to its
 * message.  Owned by the templates or the caller.
 */
const char *page_text(struct req *, const char *s);

/*
 * POST .../lang (signed in, CSRF checked by the route): keep the form's
 * "lang" (fr or en) as the user's page language, then 303 back to the
 * Referer when it is a page of the same section, else the section's
 * home.  422 for another value.
 */
void	 page_lang_switch(struct req *);

/* 303 to location (a path of this site). */
void	 page_redirect(struct req *, const char *location);

/*
 * An input value by name: the JSON body's member (strings as they are,
 * numbers and booleans as text, null as NULL) or else the form field.
 * NULL when absent.  Owned by the request.
 */
const char *page_in(struct req *, const char *name);

/* Is s a canonical uuid text? */
int	 page_is_uuid(const char *s);
/*
 * "%q%" for LIKE, with %, _ and \ of q escaped, into out (outsz bytes).
 * Returns 0, or -1 when it does not fit.
 */
int	 page_like_contains(const char *q, char *out, size_t outsz);
/* Parse a decimal integer in [min, max] with nothing after; 0 or -1. */
int	 page_int(const char *s, long min, long max, long *out);
/* Is s a date YYYY-MM-DD (syntax only; PostgreSQL checks the rest)? */
int	 page_is_date(const char *s);
/*
 * Is s a usable timestamp text: digits, '-', ':', '.', '+', 'T', ' ',
 * 'Z', at most 40 bytes?  (PostgreSQL parses it; this keeps junk out.)
 */
int	 page_is_timestamp(const char *s);
/* Is s printable text of at most max bytes (no control characters)? */
int	 page_is_text(const char *s, size_t max);
/*
 * Is s an email address by the one rule every route applies: at most
 * PAGE_EMAIL_MAX bytes of valid UTF-8, no space or control character,
 * exactly one '@', a non-empty local part, a domain with a dot that
 * neither starts nor ends it nor follows another dot.  1 or 0.
 */
#define PAGE_EMAIL_MAX	254
int	 page_is_email(const char *s);
/*
 * An optional email input v (NULL: absent; "": cleared) checked with
 * page_is_email; a bad one is answered 422 "email: not a valid email
 * address".  Returns 0, or -1 when it answered.
 */
int	 page_email_refused(struct req *, const char *v);

/*
 * Run stmt (one row, one column of JSON text, as built with
 * json_build_object in SQL) and parse it.  Returns a new object owned by
 * the caller; NULL with *status 404 when no row or the value is NULL,
 * 503 when the database is down, 500 on a failed query.
 */
json_object *page_query(struct app_ctx *, const struct db_stmt *,
	    const char *const *params, int *status);

/*
 * A keyset-paginated list: stmt returns one JSON array of at most
 * PAGE_LIST_MAX + 1 rows in page order, each with "id" and the sort key
 * member tkey.  Returns {"items": [...PAGE_LIST_MAX at most], "next":
 * {"t": <tkey of the last item>, "id": ...} or null}, owned by the
 * caller; NULL with *status as page_query.
 */
json_object *page_list(struct app_ctx *, const struct db_stmt *,
	    const char *const *params, const char *tkey, int *status);

/*
 * page_list for a statement that also returns, in a second column, the
 * clinic's time zone name: each item gets lkey, the instant of its tkey
 * (RFC 3339 text, as PostgreSQL writes a timestamptz in JSON) as local
 * "YYYY-MM-DD HH:MM" in that zone.  An unknown zone or an unreadable
 * instant answers NULL with *status 500 (logged) rather than a wrong time.
 * With lkey NULL it is page_list.
 */
json_object *page_list_local(struct app_ctx *, const struct db_stmt *,
	    const char *const *params, const char *tkey, const char *lkey,
	    int *status);

struct tz;
/* instant (RFC 3339) as local "YYYY-MM-DD HH:MM" in zone; 0 or -1. */
int	 page_local_time(const struct tz *zone, const char *instant,
	    char *out, size_t len);

/*
 * The keyset cursor of the request (query before_t and before_id): both
 * valid, or both NULL.  Returns 0, or -1 when one is malformed.
 */
int	 page_cursor(struct req *, const char **t, const char **id);

#define PAGE_RANGES_MAX	4	/* time ranges per day */

/*
 * Parse a day's time ranges "09:00-12:00 14:00-18:30" (separated by
 * spaces or commas; "" is no range; "24:00" allowed as an end) into
 * start/end minutes.  Ranges must be increasing and not overlap.
 * Returns the number of ranges (0..PAGE_RANGES_MAX), or -1.
 */
int	 page_ranges(const char *s, int start[PAGE_RANGES_MAX],
	    int end[PAGE_RANGES_MAX]);

struct pg_result;
/*
 * The HTTP status for a failed statement's result: 409 for a unique or
 * exclusion violation (page_fail then says "slot taken" for 23P01), 422
 * for invalid or constraint-violating values, 503 for NULL and for a
 * deadlock or serialization failure (40P01, 40001), else 500.
 */
int	 page_db_status(const struct pg_result *);

/*
 * The HTTP status for a failed db_tx (rc, what db_tx returned): 503 when
 * the database is down, and when PostgreSQL still asked to run the
 * transaction again (deadlock, serialization failure) after db_tx's last
 * try (page_fail then answers "busy, try again" with Retry-After);
 * otherwise status, the caller's own mapping of its failure.
 */
int	 page_tx_status(int rc, int status);

/*
 * Answer a page_query failure status with the right error, through
 * page_error: 404 introuvable, 409 créneau déjà pris (exclusion
 * violation) or already exists, 422 valeur invalide (naming the column
 * when PostgreSQL said which and it is a known one), 503 base de données
 * indisponible, or (a deadlock or serialization failure, 40001/40P01)
 * occupée, with Retry-After, else 500.  The JSON reasons are "not
 * found", "slot taken", "conflict: already exists", "invalid value",
 * "database unavailable", "busy, try again" and "internal error".
 */
void	 page_fail(struct req *, int status);

/*
 * An error answer with status.  API clients (req_wants_json) get
 * {"error": reason} exactly as resp_error; browsers get the page
 * "error" ("superadmin/error" under /superadmin) in the layout, with the
 * French message msg (NULL: the usual one for status) and a link back:
 * the Referer's path when it is a page of this site in the request's
 * section (never another site, never the failing page itself), else the
 * section's list (/clinic/X/admin/appointments/Y/move ->
 * /clinic/X/admin/appointments).  Cache-Control: no-store.
 */
void	 page_error(struct req *, int status, const char *reason,
	    const char *msg);
/* page_error without a message: the responders' answer to a request no
 * route takes (struct fcgi_app's error). */
void	 page_route_error(struct req *, int status, const char *reason);

/*
 * A refused input value: page_error with the browser message "Valeur
 * invalide : <field>." (field: the French name of the input; NULL: the
 * usual message for status).
 */
void	 page_invalid(struct req *, int status, const char *reason,
	    const char *field);

/*
 * A refused session (401, or 403 for a CSRF token): as page_error, but
 * the browser page links to the section's login form ("Se reconnecter").
 */
void	 page_relogin(struct req *, int status, const char *reason,
	    const char *msg);

#endif
