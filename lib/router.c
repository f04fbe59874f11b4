/*
 * router — match a request against a static route table.  Patterns are
 * literal segments and {name} segments; a {name} segment captures one
 * percent-decoded path segment (never containing '/', "." or "..").
 *
 * A route has one spelling.  nginx picks a location, and so a rate limit,
 * on the normalized path (escapes decoded, slashes merged, dot segments
 * resolved); the router sees the raw one.  So the router refuses (404)
 * every path that is not already in normal form: no empty segment (no
 * "//", no trailing slash), no "." or ".." segment, no escape of a
 * character that needs none; literal segments are compared byte for
 * byte (case and escapes matter).  Whatever nginx's location, the route
 * a request reaches is the one its normalized path names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "http_int.h"

#define ROUTER_MAX_SEGS	16

/*
 * Is the escape at p ("%XX") one that normal form forbids: an unreserved
 * character (RFC 3986: letter, digit, '-', '.', '_', '~') or '/'?  A
 * malformed escape is left to the segment decoder (400 for a parameter;
 * a literal never matches one).
 */
static int
needless_escape(const char *p)
{
	int	 hi, lo;
	char	 c;

	if ((hi = http_hexval(p[1])) < 0 || (lo = http_hexval(p[2])) < 0)
		return 0;
	c = (char)(hi * 16 + lo);
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || c == '/';
}

int
router_path_canonical(const char *p)
{
	size_t	 n;

	if (*p++ != '/')
		return 0;
	if (*p == '\0')
		return 1;
	for (;;) {
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		for (; n > 0; p++, n--)
			if (*p == '%' && needless_escape(p))
				return 0;
		if (*p == '\0')
			return 1;
		p++;
	}
}

/*
 * Split a canonical path into at most max segments (pointers into the
 * copy p, which is modified).  Returns the count, or -1 when there are
 * too many.
 */
static int
split_path(char *p, char **segs, int max)
{
	int	 n = 0;
	char	*s;

	p++;
	while (*p != '\0') {
		if (n == max)
			return -1;
		segs[n++] = p;
		if ((s = strchr(p, '/')) == NULL)
			break;
		*s = '\0';
		p = s + 1;
	}
	return n;
}

/*
 * Does the pattern match the segments?  Captures parameters into r when
 * capture is set.  Returns 1 for a match, 0 for none, -1 when a captured
 * segment is malformed.
 */
static int
pattern_match(struct req *r, const char *pat, char **segs, int nsegs,
    int capture)
{
	const char	*ps = pat + 1, *pe;
	size_t		 plen;
	int		 i = 0;
	char		*v;

	while (*ps != '\0') {
		pe = strchr(ps, '/');
		plen = pe != NULL ? (size_t)(pe - ps) : strlen(ps);
		if (i >= nsegs)
			return 0;
		if (plen >= 2 && ps[0] == '{' && ps[plen - 1] == '}') {
			if (segs[i][0] == '\0')
				return 0;
			if (capture) {
				if ((v = strdup(segs[i])) == NULL)
					return -1;
				if (http_path_segment_decode(v) == -1 ||
				    req_add_param(r, ps + 1, plen - 2,
				    v) == -1) {
					free(v);
					return -1;
				}
			}
		} else if (strlen(segs[i]) != plen ||
		    memcmp(segs[i], ps, plen) != 0)
			return 0;
		i++;
		ps += plen;
		if (*ps == '/')
			ps++;
	}
	return i == nsegs;
}

const struct route *
router_match(struct req *r, const struct route *routes, size_t n,
    int *status)
{
	char		*copy, *segs[ROUTER_MAX_SEGS];
	int		 nsegs, m;
	size_t		 i;
	const struct route *found = NULL;
	int		 path_seen = 0;
	char		 allow[128] = "";
	size_t		 alen;

	*status = 404;
	if (!router_path_canonical(req_path(r)))
		return NULL;
	if ((copy = strdup(req_path(r))) == NULL) {
		*status = 500;
		return NULL;
	}
	if ((nsegs = split_path(copy, segs, ROUTER_MAX_SEGS)) < 0) {
		free(copy);
		*status = 404;
		return NULL;
	}
	for (i = 0; i < n && found == NULL; i++) {
		if (pattern_match(r, routes[i].pattern, segs, nsegs, 0) != 1)
			continue;
		if (strcmp(routes[i].method, req_method(r)) != 0) {
			path_seen = 1;
			if (strstr(allow, routes[i].method) == NULL) {
				alen = strlen(allow);
				snprintf(allow + alen, sizeof(allow) - alen,
				    "%s%s", alen ? ", " : "", routes[i].method);
			}
			continue;
		}
		req_clear_params(r);
		m = pattern_match(r, routes[i].pattern, segs, nsegs, 1);
		if (m == -1) {
			*status = 400;
			free(copy);
			return NULL;
		}
		found = &routes[i];
	}
	free(copy);
	if (found != NULL) {
		*status = 200;
		return found;
	}
	if (path_seen) {
		*status = 405;
		resp_header(r, "Allow", allow);
	}
	return NULL;
}
