/*
 * http — one request and its response, for the FastCGI responders.
 *
 * A request is built from the FastCGI parameters and body (fcgi.c), or from
 * plain arrays in tests (req_new).  Everything it holds is owned by the
 * request and released by req_free, once per request.  Untrusted bytes are
 * decoded in http_parse.c; handlers read typed, validated values only.
 */
#ifndef SOPHIE_HTTP_H
#define SOPHIE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "buf.h"

enum http_err {
	HTTP_OK = 0,
	HTTP_ERR_MALFORMED,	/* bad percent-encoding, NUL, bad UTF-8 */
	HTTP_ERR_TOOBIG,	/* body over the cap */
	HTTP_ERR_TOOMANY,	/* too many fields */
	HTTP_ERR_NOMEM,
	HTTP_ERR_JSON_NUL,	/* a NUL in a JSON body (\u0000 or raw) */
	HTTP_ERR__MAX
};

/* One decoded name=value pair (form field, query argument, cookie). */
struct http_pair {
	char	*name;
	char	*value;
	size_t	 vlen;
};

/* A list of pairs in arrival order; repeated names kept. */
struct http_pairs {
	struct http_pair	*v;
	size_t			 n;
	size_t			 cap;
};

struct req;

/*
 * Decode application/x-www-form-urlencoded bytes into pairs (appended to
 * out): '+' is a space, %XX a byte, empty values and repeated names are
 * kept, nothing is trimmed.  Refuses bad escapes, NUL bytes, invalid UTF-8
 * and more than maxpairs pairs.  Returns HTTP_OK or an error; on error out
 * holds what was decoded before it (release with http_pairs_free).
 */
enum http_err http_form_decode(const char *s, size_t len, size_t maxpairs,
	    struct http_pairs *out);
/* Parse a Cookie header ("a=b; c=d"); values are not percent-decoded. */
enum http_err http_cookie_parse(const char *s, struct http_pairs *out);
/* First value for name, or NULL. */
const char *http_pairs_get(const struct http_pairs *, const char *name);
void	 http_pairs_free(struct http_pairs *);
/* Percent-decode a path segment in place; refuses %2F, NUL, bad escapes.
 * Returns 0 or -1. */
int	 http_path_segment_decode(char *);
const char *http_strerror(enum http_err);

/* Request accessors. */
const char	*req_method(const struct req *);
const char	*req_path(const struct req *);	/* without the query */
const char	*req_query_string(const struct req *);
/* A CGI-style parameter: "HTTP_ACCEPT", "REMOTE_ADDR", ... or NULL. */
const char	*req_env(const struct req *, const char *name);
/*
 * The request's id: nginx's $request_id (REQUEST_ID), or one made here
 * when it is missing or not 1-32 letters and digits.  Every response
 * carries it as X-Request-Id, and the log lines written meanwhile.
 */
const char	*req_id(const struct req *);
/* A request header by its CGI name without HTTP_ ("X_TWILIO_SIGNATURE"). */
const char	*req_header(const struct req *, const char *cgi_name);
const char	*req_cookie(const struct req *, const char *name);
const char	*req_query(const struct req *, const char *name);
const char	*req_form(const struct req *, const char *name);
const struct http_pairs *req_form_pairs(const struct req *);
const char	*req_body(const struct req *, size_t *len);
/* The JSON body, parsed on first call; NULL when absent or malformed. */
json_object	*req_json(struct req *);
/* A {name} segment of the matched route, or NULL. */
const char	*req_param(const struct req *, const char *name);
/* Does the client want JSON (Accept: application/json, or Bearer)? */
int		 req_wants_json(const struct req *);
/* The responder's context pointer (set by fcgi_serve). */
void		*req_ctx(const struct req *);
void		 req_set_ctx(struct req *, void *);
/* Per-request storage the handler may hang data on (freed with req). */
void		*req_alloc(struct req *, size_t);
char		*req_strdup(struct req *, const char *);

/*
 * Response: req_status and req_header_add before the body is written;
 * headers with CR or LF (name or value) are refused (-1).  The body
 * functions open the response with the security headers, once.
 */
void	 resp_status(struct req *, int status);
int	 resp_header(struct req *, const char *name, const char *value);
/* Send a complete body with a content type. */
void	 resp_body(struct req *, int status, const char *ctype,
	    const char *body, size_t len);
void	 resp_text(struct req *, int status, const char *text);
void	 resp_json(struct req *, int status, json_object *);
void	 resp_html(struct req *, int status, const char *html, size_t len);
void	 resp_empty(struct req *, int status);
/* An error with a short reason, as JSON or text as the client prefers. */
void	 resp_error(struct req *, int status, const char *reason);
/*
 * Every response is Cache-Control: no-store unless the handler sets
 * another Cache-Control (a static asset); after resp_nostore it is
 * no-store whatever is set.
 */
void	 resp_nostore(struct req *);
int	 resp_started(const struct req *);
int	 resp_status_code(const struct req *);

/* Where a response goes: the FastCGI stream, or a buffer in tests. */
struct resp_sink {
	int	(*write)(void *arg, const char *, size_t);
	void	 *arg;
};

/*
 * Build a request from CGI-style "NAME=value" strings (envp, NULL-ended)
 * and a body; max_body caps the body (HTTP_ERR_TOOBIG beyond).  The body
 * is copied.  Returns NULL only when memory runs out; *err says whether
 * the body was acceptable.
 */
struct req	*req_new(char **envp, const char *body, size_t bodylen,
		    size_t max_body, struct resp_sink, enum http_err *err);
void		 req_free(struct req *);

/* Route matching. */
typedef void	(*route_fn)(struct req *);

struct route {
	const char	*method;	/* "GET", "POST", ... */
	const char	*pattern;	/* "/clinic/{clinicId}/admin/..." */
	route_fn	 fn;
	unsigned	 flags;		/* responder-defined (auth, csrf) */
};

/*
 * Find the route for the request's method and path; captures {params}.
 * Returns the route, or NULL with *status 404 (no path matches, or the
 * path is not in its one spelling: router_path_canonical), 400 (a
 * parameter segment with a malformed escape) or 405 (the path matches
 * another method; an Allow header is set).
 */
const struct route *router_match(struct req *, const struct route *,
	    size_t nroutes, int *status);

#endif
