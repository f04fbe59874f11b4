/*
 * libFuzzer target for building a request from FastCGI parameters and a
 * body (req_new), its JSON body (req_json), its accessors, route matching
 * (router_match, over a table like the responders' own) and the error
 * response writer.
 *
 * Input: lines "NAME=value" (the CGI parameters, at most MAX_ENV), then
 * an empty line, then the body.  Without an empty line all of it is
 * parameters and the body is empty.
 *
 * Checked properties:
 *  - nothing crashes, reads out of bounds or leaks (ASan, UBSan);
 *  - req_new fails only for memory, and a body over the cap is refused
 *    with HTTP_ERR_TOOBIG;
 *  - req_json gives an object or NULL, the same one on a second call,
 *    and NULL unless the content type is JSON;
 *  - the router answers 200, 400, 404 or 405; on 200 the route's method
 *    is the request's and each {param} of its pattern was captured as
 *    a non-empty string without '/' that is not "." or "..";
 *  - the response starts with "Status: " and its header block has no
 *    bare CR or LF inside a line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "http.h"

#define MAX_ENV		32
#define MAX_BODY	4096

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
h_dummy(struct req *r)
{
	(void)r;
}

/* Patterns and methods as the responders have them. */
static const struct route routes[] = {
	{ "GET", "/health", h_dummy, 0 },
	{ "GET", "/webhook/whatsapp/{clinicId}", h_dummy, 0 },
	{ "POST", "/webhook/whatsapp/{clinicId}", h_dummy, 0 },
	{ "POST", "/webhook/whatsapp/{clinicId}/status", h_dummy, 0 },
	{ "GET", "/clinic/{clinicId}/admin/appointments", h_dummy, 0 },
	{ "POST", "/clinic/{clinicId}/admin/appointments", h_dummy, 0 },
	{ "PUT", "/clinic/{clinicId}/admin/appointments/{appointmentId}",
	    h_dummy, 0 },
	{ "DELETE", "/clinic/{clinicId}/admin/appointments/{appointmentId}",
	    h_dummy, 0 },
	{ "POST",
	    "/clinic/{clinicId}/admin/practitioners/{practitionerId}/"
	    "absences/{absenceId}", h_dummy, 0 },
	{ "GET", "/clinic/{clinicId}/admin/images/{filename}", h_dummy, 0 },
	{ "GET", "/superadmin/images/{clinicId}/{filename}", h_dummy, 0 },
	{ "PATCH", "/superadmin/clinics/{clinicId}", h_dummy, 0 },
	{ "GET", "/oauth/callback", h_dummy, 0 },
};
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/* A bounded sink for the response. */
static int
sink_write(void *arg, const char *s, size_t n)
{
	struct buf	*b = arg;

	(void)buf_add(b, s, n);
	return 0;
}

/* Check each {name} of pattern was captured and is a clean segment. */
static void
check_params(const struct req *r, const char *pat)
{
	const char	*p = pat, *e, *v;
	char		 name[64];
	size_t		 n;

	while ((p = strchr(p, '{')) != NULL) {
		if ((e = strchr(p, '}')) == NULL)
			abort();
		n = (size_t)(e - p - 1);
		if (n >= sizeof(name))
			abort();
		memcpy(name, p + 1, n);
		name[n] = '\0';
		if ((v = req_param(r, name)) == NULL || *v == '\0' ||
		    strchr(v, '/') != NULL || strcmp(v, ".") == 0 ||
		    strcmp(v, "..") == 0)
			abort();
		p = e + 1;
	}
}

/* Status line first; no CR or LF but in CRLF pairs in the headers. */
static void
check_response(const struct buf *b)
{
	const char	*s = b->p, *end;
	size_t		 i, n;

	if (b->len < 8 || memcmp(s, "Status: ", 8) != 0)
		abort();
	if ((end = memmem(s, b->len, "\r\n\r\n", 4)) == NULL)
		abort();
	n = (size_t)(end - s) + 2;
	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && s[i + 1] != '\n')
			abort();
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			abort();
	}
}

static int
is_json_ctype(struct req *r)
{
	const char	*ct = req_header(r, "CONTENT_TYPE");

	return ct != NULL && strncasecmp(ct, "application/json", 16) == 0;
}

static void
exercise(char **env, const char *body, size_t blen)
{
	struct buf		 out;
	struct resp_sink	 sink;
	struct req		*r;
	const struct route	*rt;
	json_object		*j1, *j2;
	enum http_err		 err;
	int			 status;

	buf_init(&out, 1 << 16);
	sink.write = sink_write;
	sink.arg = &out;
	if ((r = req_new(env, body, blen, MAX_BODY, sink, &err)) == NULL)
		abort();
	if (err < HTTP_OK || err >= HTTP_ERR__MAX ||
	    (blen > MAX_BODY && err != HTTP_ERR_TOOBIG))
		abort();
	if (req_method(r) == NULL || req_path(r) == NULL ||
	    req_query_string(r) == NULL)
		abort();
	(void)req_query(r, "code");
	(void)req_form(r, "Body");
	(void)req_cookie(r, "sid");
	(void)req_header(r, "X_TWILIO_SIGNATURE");
	(void)req_wants_json(r);
	j1 = req_json(r);
	j2 = req_json(r);
	if (j1 != j2 || (j1 != NULL && !is_json_ctype(r)))
		abort();
	if (j1 != NULL)
		(void)json_object_to_json_string(j1);
	rt = router_match(r, routes, NROUTES, &status);
	if (rt != NULL) {
		if (status != 200 || strcmp(rt->method, req_method(r)) != 0)
			abort();
		check_params(r, rt->pattern);
		resp_text(r, 200, "ok");
	} else {
		if (status != 400 && status != 404 && status != 405)
			abort();
		resp_error(r, status, "no route");
	}
	check_response(&out);
	req_free(r);
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*copy, *env[MAX_ENV + 1], *p, *end, *nl, *body;
	size_t		 n = 0, blen = 0;

	/* One NUL after the input, so the last line is a string. */
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	p = copy;
	end = copy + size;
	body = NULL;
	while (p < end && n < MAX_ENV) {
		if (*p == '\n') {
			body = p + 1;
			break;
		}
		env[n++] = p;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			p = end;
			break;
		}
		*nl = '\0';
		p = nl + 1;
	}
	env[n] = NULL;
	if (body != NULL)
		blen = (size_t)(end - body);
	exercise(env, body, blen);
	free(copy);
	return 0;
}
