/*
 * libFuzzer target for route matching (router.c, router_match) over the
 * route tables of the responders (admin, superadmin, webhook, oauth).
 *
 * Input: byte 0 picks the method (low 3 bits) and the table (next 2
 * bits); the rest, up to the first NUL, is REQUEST_URI.
 *
 * Checked against a plain model written here, not by the router:
 *  - nothing crashes, reads out of bounds or leaks (ASan, UBSan);
 *  - the router answers 200, 400, 404 or 405, and agrees with the model:
 *    the first route (table order) whose pattern matches the path and
 *    whose method is the request's (a HEAD's: GET) is the one found
 *    (200, or 400 when one of its {params} does not decode); no path
 *    match is 404; a path match under other methods only is 405 with
 *    an Allow header naming exactly those methods;
 *  - on 200 every {param} is captured, non-empty, without '/', not "."
 *    or "..", and never longer than the raw segment.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"
#include "http_int.h"

#define MAX_SEGS	16	/* the router's limit, ROUTER_MAX_SEGS */
#define MAX_URI		2048

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
h(struct req *r)
{
	(void)r;
}

#define A	"/clinic/{clinicId}/admin"
#define S	"/superadmin"
static const struct route admin[] = {
	{ "GET", "/health", h, 0 },
	{ "GET", A "/login", h, 0 },
	{ "POST", A "/login", h, 0 },
	{ "POST", A "/logout", h, 0 },
	{ "GET", "/clinic/static/app.css", h, 0 },
	{ "GET", A "/dashboard/stats", h, 0 },
	{ "GET", A "/conversations", h, 0 },
	{ "GET", A "/conversations/{conversationId}", h, 0 },
	{ "POST", A "/conversations/{conversationId}/takeover", h, 0 },
	{ "POST", A "/conversations/{conversationId}/reply", h, 0 },
	{ "GET", A "/patients/{patientId}", h, 0 },
	{ "GET", A "/practitioners", h, 0 },
	{ "POST", A "/practitioners", h, 0 },
	{ "GET", A "/practitioners/{practitionerId}", h, 0 },
	{ "PUT", A "/practitioners/{practitionerId}", h, 0 },
	{ "POST", A "/practitioners/{practitionerId}", h, 0 },
	{ "PUT", A "/practitioners/{practitionerId}/treatments", h, 0 },
	{ "DELETE", A "/practitioners/{practitionerId}/absences/{absenceId}",
	    h, 0 },
	{ "POST", A "/practitioners/{practitionerId}/absences/{absenceId}"
	    "/delete", h, 0 },
	{ "DELETE", A "/treatments/{treatmentId}", h, 0 },
	{ "PATCH", A "/appointments/{appointmentId}", h, 0 },
	{ "POST", A "/appointments/{appointmentId}/no-show", h, 0 },
	{ "DELETE", A "/settings/closures/{closureId}", h, 0 },
	{ "GET", A "/images/{filename}", h, 0 },
	{ "GET", A "/media/{mediaId}", h, 0 },
};
static const struct route super[] = {
	{ "GET", "/health", h, 0 },
	{ "GET", S "/login", h, 0 },
	{ "POST", S "/login", h, 0 },
	{ "GET", S "/conversations/{conversationId}/analysis", h, 0 },
	{ "GET", S "/clinics/{clinicId}", h, 0 },
	{ "PUT", S "/clinics/{clinicId}", h, 0 },
	{ "POST", S "/clinics/{clinicId}", h, 0 },
	{ "POST", S "/clinics/{clinicId}/activate", h, 0 },
	{ "GET", S "/images/{clinicId}/{filename}", h, 0 },
};
static const struct route webhook[] = {
	{ "GET", "/health", h, 0 },
	{ "GET", "/webhook/whatsapp/{clinicId}", h, 0 },
	{ "POST", "/webhook/whatsapp/{clinicId}", h, 0 },
	{ "POST", "/webhook/whatsapp/{clinicId}/status", h, 0 },
};
static const struct route oauth[] = {
	{ "GET", "/health", h, 0 },
	{ "GET", "/oauth/authorize", h, 0 },
	{ "GET", "/oauth/callback", h, 0 },
	/* Deep and greedy patterns, to reach the segment limit. */
	{ "GET", "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}", h, 0 },
	{ "PUT", "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}", h, 0 },
	{ "GET", "/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/{p}", h, 0 },
};
static const struct {
	const struct route	*r;
	size_t			 n;
} tables[] = {
	{ admin, sizeof(admin) / sizeof(admin[0]) },
	{ super, sizeof(super) / sizeof(super[0]) },
	{ webhook, sizeof(webhook) / sizeof(webhook[0]) },
	{ oauth, sizeof(oauth) / sizeof(oauth[0]) },
};
static const char *const methods[] = {
	"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get"
};

/* Segments of a path as the model sees them: after '/', split on '/',
 * one trailing empty segment dropped.  Returns the count or -1. */
static int
model_split(char *p, char **segs, int max)
{
	int	 n = 0;
	char	*s;

	if (*p != '/')
		return -1;
	for (p++; *p != '\0'; p = s + 1) {
		if (n == max)
			return -1;
		segs[n++] = p;
		if ((s = strchr(p, '/')) == NULL)
			break;
		*s = '\0';
	}
	return n;
}

/* Does the pattern's segment list match segs (a {x} wants non-empty)? */
static int
model_match(const char *pat, char **segs, int n)
{
	char	 copy[256], *ps[MAX_SEGS + 1];
	int	 k, i;
	size_t	 len;

	if ((len = strlen(pat)) >= sizeof(copy))
		abort();
	memcpy(copy, pat, len + 1);
	if ((k = model_split(copy, ps, MAX_SEGS + 1)) != n)
		return 0;
	for (i = 0; i < n; i++) {
		len = strlen(ps[i]);
		if (len >= 2 && ps[i][0] == '{' && ps[i][len - 1] == '}') {
			if (segs[i][0] == '\0')
				return 0;
		} else if (strcmp(ps[i], segs[i]) != 0)
			return 0;
	}
	return 1;
}

/* Each {name} of pat captured, clean, no longer than its raw segment. */
static void
check_params(const struct req *r, const char *pat, char **segs)
{
	char		 copy[256], *ps[MAX_SEGS + 1], name[64];
	const char	*v;
	size_t		 len;
	int		 k, i;

	memcpy(copy, pat, strlen(pat) + 1);
	k = model_split(copy, ps, MAX_SEGS + 1);
	for (i = 0; i < k; i++) {
		len = strlen(ps[i]);
		if (len < 2 || ps[i][0] != '{' || ps[i][len - 1] != '}')
			continue;
		if (len - 2 >= sizeof(name))
			abort();
		memcpy(name, ps[i] + 1, len - 2);
		name[len - 2] = '\0';
		if ((v = req_param(r, name)) == NULL || *v == '\0' ||
		    strchr(v, '/') != NULL || strcmp(v, ".") == 0 ||
		    strcmp(v, "..") == 0 || strlen(v) > strlen(segs[i]))
			abort();
	}
}

static int
sink_write(void *arg, const char *s, size_t n)
{
	(void)buf_add(arg, s, n);
	return 0;
}

/* The Allow header of the response names exactly the methods in want. */
static void
check_allow(const struct buf *b, const char *want)
{
	const char	*a, *e;

	if ((a = memmem(b->p, b->len, "\r\nAllow: ", 9)) == NULL)
		abort();
	a += 9;
	if ((e = memmem(a, b->len - (size_t)(a - b->p), "\r\n", 2)) == NULL ||
	    (size_t)(e - a) != strlen(want) || memcmp(a, want, strlen(want)))
		abort();
}

/* The value of one hex digit, or -1 (the model's own). */
static int
model_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The one spelling routes have, modelled: "/", or '/' then segments
 * that are not empty, "." or "..", with no escape of a letter, a digit,
 * "-._~" or '/'.  1 or 0.
 */
static int
model_canonical(const char *p)
{
	const char	*seg, *q;
	int		 hi, lo, c;

	if (p[0] != '/')
		return 0;
	if (p[1] == '\0')
		return 1;
	for (seg = p + 1; ; seg = q + 1) {
		q = seg + strcspn(seg, "/");
		if (q == seg || (q - seg == 1 && seg[0] == '.') ||
		    (q - seg == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		for (p = seg; p < q; p++) {
			if (*p != '%' || q - p < 3 ||
			    (hi = model_hex(p[1])) < 0 ||
			    (lo = model_hex(p[2])) < 0)
				continue;
			c = hi * 16 + lo;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
			    c == '_' || c == '~' || c == '/')
				return 0;
		}
		if (*q == '\0')
			return 1;
	}
}

static void
run(const char *method, const struct route *rt, size_t n, const char *uri)
{
	char			 e0[32], e1[MAX_URI + 16], path[MAX_URI + 1];
	char			*env[] = { e0, e1, NULL }, *segs[MAX_SEGS];
	char			 allow[128] = "";
	struct buf		 out;
	struct resp_sink	 sink;
	struct req		*r;
	const struct route	*got, *want = NULL;
	enum http_err		 err;
	size_t			 i, len;
	int			 status, ns;

	(void)snprintf(e0, sizeof(e0), "REQUEST_METHOD=%s", method);
	(void)snprintf(e1, sizeof(e1), "REQUEST_URI=%s", uri);
	buf_init(&out, 1 << 16);
	sink.write = sink_write;
	sink.arg = &out;
	if ((r = req_new(env, NULL, 0, 1024, sink, &err)) == NULL)
		abort();
	got = router_match(r, rt, n, &status);

	/* The model, on the path without the query. */
	memcpy(path, uri, strcspn(uri, "?"));
	path[strcspn(uri, "?")] = '\0';
	/* Another spelling of a route is no route at all. */
	if (model_canonical(path) != router_path_canonical(path))
		abort();
	if (!model_canonical(path)) {
		if (got != NULL || status != 404)
			abort();
		req_free(r);
		buf_free(&out);
		return;
	}
	ns = model_split(path, segs, MAX_SEGS);
	for (i = 0; ns >= 0 && i < n && want == NULL; i++) {
		if (!model_match(rt[i].pattern, segs, ns))
			continue;
		/* HEAD is a GET without its body (lib/req.c). */
		if (strcmp(rt[i].method, strcmp(method, "HEAD") == 0 ?
		    "GET" : method) == 0)
			want = &rt[i];
		else if (strstr(allow, rt[i].method) == NULL) {
			len = strlen(allow);
			(void)snprintf(allow + len, sizeof(allow) - len,
			    "%s%s", len > 0 ? ", " : "", rt[i].method);
		}
	}
	if (want != NULL) {
		if (status == 200 && got == want)
			check_params(r, want->pattern, segs);
		else if (status != 400 || got != NULL)
			abort();
	} else if (got != NULL)
		abort();
	else if (allow[0] != '\0') {
		if (status != 405)
			abort();
		resp_empty(r, status);
		check_allow(&out, allow);
	} else if (status != 404)
		abort();
	req_free(r);
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 uri[MAX_URI + 1];
	size_t	 n;

	if (size == 0)
		return 0;
	n = size - 1 < MAX_URI ? size - 1 : MAX_URI;
	memcpy(uri, data + 1, n);
	uri[n] = '\0';
	run(methods[data[0] & 7], tables[(data[0] >> 3) & 3].r,
	    tables[(data[0] >> 3) & 3].n, uri);
	return 0;
}
