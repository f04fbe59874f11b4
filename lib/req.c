/*
 * req — a request's storage, accessors and the response writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "http.h"
#include "http_int.h"

#define REQ_MAX_FIELDS	256
#define REQ_MAX_PARAMS	8
#define REQ_MAX_HEADERS	8192
#define REQ_MAX_CACHE	128	/* longest Cache-Control value */
#define REQ_RETRY_AFTER	"2"	/* seconds, on a 503 without one */

struct req_param {
	const char	*name;	/* points into the route pattern */
	size_t		 nlen;
	char		*value;
};

struct req {
	char			**env;		/* NAME=value copies */
	size_t			  nenv;
	const char		 *method;	/* HEAD is read as GET */
	int			  head;		/* HEAD: headers only */
	char			 *path;		/* raw path, no query */
	const char		 *query;	/* raw query string */
	char			 *body;
	size_t			  bodylen;
	struct http_pairs	  qpairs;
	struct http_pairs	  form;
	struct http_pairs	  cookies;
	json_object		 *json;
	int			  json_done;
	struct req_param	  params[REQ_MAX_PARAMS];
	size_t			  nparams;
	struct resp_sink	  sink;
	int			  status;
	struct buf		  headers;
	char			  cache[REQ_MAX_CACHE]; /* "": no-store */
	int			  nostore;	/* resp_nostore was called */
	int			  started;
	void			**allocs;
	size_t			  nallocs, capallocs;
	void			 *ctx;
	char			  id[33];	/* req_id */
};

const char *
req_env(const struct req *r, const char *name)
{
	size_t	 i, n = strlen(name);

	for (i = 0; i < r->nenv; i++)
		if (strncmp(r->env[i], name, n) == 0 && r->env[i][n] == '=')
			return r->env[i] + n + 1;
	return NULL;
}

const char *
req_header(const struct req *r, const char *cgi_name)
{
	char	 name[128];

	if (strcmp(cgi_name, "CONTENT_TYPE") == 0 ||
	    strcmp(cgi_name, "CONTENT_LENGTH") == 0)
		return req_env(r, cgi_name);
	snprintf(name, sizeof(name), "HTTP_%s", cgi_name);
	return req_env(r, name);
}

/* Copy the environment strings. Returns 0 or -1. */
static int
req_copy_env(struct req *r, char **envp)
{
	size_t	 n = 0, i;

	while (envp != NULL && envp[n] != NULL)
		n++;
	if ((r->env = calloc(n + 1, sizeof(char *))) == NULL)
		return -1;
	r->nenv = n;	/* req_free frees what was copied (NULL after) */
	for (i = 0; i < n; i++)
		if ((r->env[i] = strdup(envp[i])) == NULL)
			return -1;
	return 0;
}

/* Split REQUEST_URI into path and query. Returns 0 or -1. */
static int
req_split_uri(struct req *r)
{
	const char	*uri, *q;

	if ((uri = req_env(r, "REQUEST_URI")) == NULL &&
	    (uri = req_env(r, "DOCUMENT_URI")) == NULL)
		uri = "/";
	q = strchr(uri, '?');
	r->path = q != NULL ? strndup(uri, (size_t)(q - uri)) : strdup(uri);
	if (r->path == NULL)
		return -1;
	r->query = q != NULL ? q + 1 : "";
	if ((q = req_env(r, "QUERY_STRING")) != NULL && *r->query == '\0')
		r->query = q;
	return 0;
}

/* Is the body a form?  (Content-Type without parameters compared.) */
static int
req_is_form(const struct req *r)
{
	const char	*ct = req_header(r, "CONTENT_TYPE");
	static const char form[] = "application/x-www-form-urlencoded";

	return ct != NULL && strncasecmp(ct, form, sizeof(form) - 1) == 0 &&
	    (ct[sizeof(form) - 1] == '\0' || ct[sizeof(form) - 1] == ';');
}

/* Is the body JSON?  (Content-Type without parameters compared.) */
static int
req_is_json(const struct req *r)
{
	const char	*ct = req_header(r, "CONTENT_TYPE");

	return ct != NULL && strncasecmp(ct, "application/json", 16) == 0 &&
	    (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

/*
 * Does the JSON text s (n bytes) hold a NUL: a raw one, or the escape
 * \u0000 in a string or a key?  json-c would decode the escape into a
 * string that C reads cut at the NUL (and a key cut silently), so such
 * a body is refused whole.  A backslash only occurs inside strings in
 * JSON, so the escapes are walked without tracking the strings: "\\" is
 * skipped as a pair, which keeps the text \\u0000 (a backslash, then
 * "u0000") acceptable.
 */
static int
req_json_has_nul(const char *s, size_t n)
{
	size_t	 i;

	if (memchr(s, '\0', n) != NULL)
		return 1;
	for (i = 0; i < n; i++) {
		if (s[i] != '\\')
			continue;
		if (n - i >= 6 && memcmp(s + i + 1, "u0000", 5) == 0)
			return 1;
		i++;	/* the escaped character */
	}
	return 0;
}

/* Decode query, form body and cookies. Returns an http_err. */
static enum http_err
req_decode(struct req *r)
{
	enum http_err	 e;
	const char	*c;

	e = http_form_decode(r->query, strlen(r->query), REQ_MAX_FIELDS,
	    &r->qpairs);
	if (e != HTTP_OK)
		return e;
	if (req_is_form(r) && (e = http_form_decode(r->body, r->bodylen,
	    REQ_MAX_FIELDS, &r->form)) != HTTP_OK)
		return e;
	if ((c = req_header(r, "COOKIE")) != NULL &&
	    (e = http_cookie_parse(c, &r->cookies)) != HTTP_OK)
		return e;
	if (req_is_json(r) && req_json_has_nul(r->body, r->bodylen))
		return HTTP_ERR_JSON_NUL;
	return HTTP_OK;
}

/* The request id from nginx, or a fresh random one (see req_id). */
static void
req_set_id(struct req *r)
{
	const char	*v = req_env(r, "REQUEST_ID");
	unsigned char	 rnd[12];
	size_t		 i, n = v != NULL ? strlen(v) : 0;

	for (i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		    (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' && v[i] <= 'Z')))
			break;
	if (n > 0 && n < sizeof(r->id) && i == n) {
		memcpy(r->id, v, n + 1);
		return;
	}
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(r->id, sizeof(r->id), rnd, sizeof(rnd));
}

const char *
req_id(const struct req *r)
{
	return r->id;
}

struct req *
req_new(char **envp, const char *body, size_t bodylen, size_t max_body,
    struct resp_sink sink, enum http_err *err)
{
	struct req	*r;

	*err = HTTP_OK;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->sink = sink;
	r->status = 200;
	buf_init(&r->headers, REQ_MAX_HEADERS);
	if (req_copy_env(r, envp) == -1 || req_split_uri(r) == -1)
		goto nomem;
	if ((r->method = req_env(r, "REQUEST_METHOD")) == NULL)
		r->method = "GET";
	if (strcmp(r->method, "HEAD") == 0) {	/* a GET without the body */
		r->method = "GET";
		r->head = 1;
	}
	req_set_id(r);
	if (bodylen > max_body) {
		*err = HTTP_ERR_TOOBIG;
		bodylen = 0;
	}
	if ((r->body = malloc(bodylen + 1)) == NULL)
		goto nomem;
	if (bodylen > 0)
		memcpy(r->body, body, bodylen);
	r->body[bodylen] = '\0';
	r->bodylen = bodylen;
	if (*err == HTTP_OK)
		*err = req_decode(r);
	return r;
nomem:
	req_free(r);
	return NULL;
}

void
req_free(struct req *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nenv; i++)
		free(r->env[i]);
	free(r->env);
	free(r->path);
	free(r->body);
	http_pairs_free(&r->qpairs);
	http_pairs_free(&r->form);
	http_pairs_free(&r->cookies);
	if (r->json != NULL)
		json_object_put(r->json);
	for (i = 0; i < r->nparams; i++)
		free(r->params[i].value);
	for (i = 0; i < r->nallocs; i++)
		free(r->allocs[i]);
	free(r->allocs);
	buf_free(&r->headers);
	free(r);
}

void *
req_alloc(struct req *r, size_t n)
{
	void	**na, *p;
	size_t	  ncap;

	if (r->nallocs == r->capallocs) {
		ncap = r->capallocs ? r->capallocs * 2 : 16;
		if ((na = reallocarray(r->allocs, ncap, sizeof(*na))) == NULL)
			return NULL;
		r->allocs = na;
		r->capallocs = ncap;
	}
	if ((p = calloc(1, n)) == NULL)
		return NULL;
	r->allocs[r->nallocs++] = p;
	return p;
}

char *
req_strdup(struct req *r, const char *s)
{
	size_t	 n = strlen(s) + 1;
	char	*p;

	if ((p = req_alloc(r, n)) != NULL)
		memcpy(p, s, n);
	return p;
}

void		*req_ctx(const struct req *r) { return r->ctx; }
void		 req_set_ctx(struct req *r, void *ctx) { r->ctx = ctx; }
const char	*req_method(const struct req *r) { return r->method; }
const char	*req_path(const struct req *r) { return r->path; }
const char	*req_query_string(const struct req *r) { return r->query; }

const char *
req_cookie(const struct req *r, const char *name)
{
	return http_pairs_get(&r->cookies, name);
}

const char *
req_query(const struct req *r, const char *name)
{
	return http_pairs_get(&r->qpairs, name);
}

const char *
req_form(const struct req *r, const char *name)
{
	return http_pairs_get(&r->form, name);
}

const struct http_pairs *
req_form_pairs(const struct req *r)
{
	return &r->form;
}

const char *
req_body(const struct req *r, size_t *len)
{
	if (len != NULL)
		*len = r->bodylen;
	return r->body;
}

json_object *
req_json(struct req *r)
{
	struct json_tokener	*tok;

	if (r->json_done)
		return r->json;
	r->json_done = 1;
	if (!req_is_json(r) || r->bodylen == 0 ||
	    req_json_has_nul(r->body, r->bodylen))
		return NULL;
	if ((tok = json_tokener_new_ex(32)) == NULL)
		return NULL;
	r->json = json_tokener_parse_ex(tok, r->body, (int)r->bodylen);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    tok->char_offset != (int)r->bodylen) {
		if (r->json != NULL)
			json_object_put(r->json);
		r->json = NULL;
	}
	json_tokener_free(tok);
	return r->json;
}

const char *
req_param(const struct req *r, const char *name)
{
	size_t	 i, n = strlen(name);

	for (i = 0; i < r->nparams; i++)
		if (r->params[i].nlen == n &&
		    memcmp(r->params[i].name, name, n) == 0)
			return r->params[i].value;
	return NULL;
}

int
req_wants_json(const struct req *r)
{
	const char	*a = req_header(r, "ACCEPT");
	const char	*z = req_header(r, "AUTHORIZATION");

	if (z != NULL && strncasecmp(z, "Bearer ", 7) == 0)
		return 1;
	return a != NULL && strstr(a, "application/json") != NULL &&
	    strstr(a, "text/html") == NULL;
}

/* Add a captured route parameter (value owned by the request). */
int
req_add_param(struct req *r, const char *name, size_t nlen, char *value)
{
	if (r->nparams >= REQ_MAX_PARAMS)
		return -1;
	r->params[r->nparams].name = name;
	r->params[r->nparams].nlen = nlen;
	r->params[r->nparams].value = value;
	r->nparams++;
	return 0;
}

/* Forget captured parameters (before trying another route). */
void
req_clear_params(struct req *r)
{
	size_t	 i;

	for (i = 0; i < r->nparams; i++)
		free(r->params[i].value);
	r->nparams = 0;
}

/* Response. */

static const char *
status_text(int s)
{
	switch (s) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default:  return "Status";
	}
}

void
resp_status(struct req *r, int status)
{
	r->status = status;
}

int
resp_status_code(const struct req *r)
{
	return r->status;
}

int
resp_started(const struct req *r)
{
	return r->started;
}

/*
 * Add a header to the response.  Cache-Control is kept apart: resp_open
 * writes it once, "no-store" unless the handler chose another value (and
 * never after resp_nostore).  Returns 0, or -1 for a header with CR, LF
 * or ':' in its name, CR or LF in its value, or after the response began.
 */
int
resp_header(struct req *r, const char *name, const char *value)
{
	if (r->started || strpbrk(name, "\r\n:") != NULL ||
	    strpbrk(value, "\r\n") != NULL || *name == '\0')
		return -1;
	if (strcasecmp(name, "Cache-Control") == 0) {
		if (strlen(value) >= sizeof(r->cache))
			return -1;
		if (!r->nostore)
			memcpy(r->cache, value, strlen(value) + 1);
		return 0;
	}
	return buf_printf(&r->headers, "%s: %s\r\n", name, value);
}

void
resp_nostore(struct req *r)
{
	r->nostore = 1;
	r->cache[0] = '\0';
}

/*
 * Open the response: status line, the security headers every response
 * carries, Cache-Control (no-store unless the handler chose otherwise),
 * the handler's headers and the content type.  Once only.
 */
static void
resp_open(struct req *r, const char *ctype)
{
	struct buf	 h;

	if (r->started)
		return;
	r->started = 1;
	buf_init(&h, REQ_MAX_HEADERS * 2);
	buf_printf(&h, "Status: %d %s\r\n", r->status, status_text(r->status));
	buf_adds(&h, "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Content-Security-Policy: default-src 'self'; img-src 'self' "
	    "data:; style-src 'self'; script-src 'self'; "
	    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'\r\n");
	buf_printf(&h, "X-Request-Id: %s\r\n", r->id);
	buf_printf(&h, "Cache-Control: %s\r\n",
	    r->cache[0] != '\0' ? r->cache : "no-store");
	buf_add(&h, r->headers.p != NULL ? r->headers.p : "", r->headers.len);
	/* A 503 (the database unreachable, a transaction to run again):
	 * when to try again, unless the handler said. */
	if (r->status == 503 && (r->headers.p == NULL ||
	    strstr(r->headers.p, "Retry-After:") == NULL))
		buf_adds(&h, "Retry-After: " REQ_RETRY_AFTER "\r\n");
	if (ctype != NULL)
		buf_printf(&h, "Content-Type: %s\r\n", ctype);
	buf_adds(&h, "\r\n");
	r->sink.write(r->sink.arg, buf_str(&h), h.len);
	buf_free(&h);
}

void
resp_body(struct req *r, int status, const char *ctype, const char *body,
    size_t len)
{
	if (r->started)
		return;
	r->status = status;
	resp_open(r, ctype);
	if (len > 0 && !r->head)
		r->sink.write(r->sink.arg, body, len);
}

void
resp_text(struct req *r, int status, const char *text)
{
	resp_body(r, status, "text/plain; charset=utf-8", text, strlen(text));
}

void
resp_json(struct req *r, int status, json_object *o)
{
	const char	*s;
	size_t		 n;

	s = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &n);
	resp_body(r, status, "application/json; charset=utf-8", s, n);
}

void
resp_html(struct req *r, int status, const char *html, size_t len)
{
	resp_body(r, status, "text/html; charset=utf-8", html, len);
}

void
resp_empty(struct req *r, int status)
{
	resp_body(r, status, NULL, NULL, 0);
}

void
resp_error(struct req *r, int status, const char *reason)
{
	json_object	*o;
	char		 line[512];

	if (req_wants_json(r)) {
		o = json_object_new_object();
		json_object_object_add(o, "error",
		    json_object_new_string(reason));
		resp_json(r, status, o);
		json_object_put(o);
		return;
	}
	snprintf(line, sizeof(line), "%d %s: %s\n", status,
	    status_text(status), reason);
	resp_text(r, status, line);
}
