/*
 * http_parse — decoding of untrusted request bytes: form bodies, query
 * strings, cookies, path segments.  Every function takes an explicit
 * length and never reads past it.
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "http_int.h"
#include "utf8.h"

static const char *const errs[HTTP_ERR__MAX] = {
	"ok",
	"malformed input",
	"body too large",
	"too many fields",
	"out of memory",
	"NUL (\\u0000) in a JSON string",
};

const char *
http_strerror(enum http_err e)
{
	return e >= 0 && e < HTTP_ERR__MAX ? errs[e] : "unknown";
}

int
http_hexval(char c)
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
 * Decode s[0..len) into a new NUL-terminated string: %XX to a byte, and
 * '+' to a space when plus is set.  Refuses bad escapes, NUL bytes and
 * invalid UTF-8.  Returns the string (caller frees) with its length in
 * *outlen, or NULL with *err set.
 */
static char *
pct_decode(const char *s, size_t len, int plus, size_t *outlen,
    enum http_err *err)
{
	char	*o;
	size_t	 i, n = 0;
	int	 hi, lo;

	if ((o = malloc(len + 1)) == NULL) {
		*err = HTTP_ERR_NOMEM;
		return NULL;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3 || (hi = http_hexval(s[i + 1])) < 0 ||
			    (lo = http_hexval(s[i + 2])) < 0)
				goto bad;
			o[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus)
			o[n++] = ' ';
		else
			o[n++] = s[i];
		if (o[n - 1] == '\0')
			goto bad;
	}
	o[n] = '\0';
	if (!utf8_valid(o, n))
		goto bad;
	*outlen = n;
	return o;
bad:
	free(o);
	*err = HTTP_ERR_MALFORMED;
	return NULL;
}

/* Append a pair (taking ownership of name and value). Returns 0 or -1. */
static int
pairs_push(struct http_pairs *p, char *name, char *value, size_t vlen)
{
	struct http_pair	*nv;
	size_t			 ncap;

	if (p->n == p->cap) {
		ncap = p->cap ? p->cap * 2 : 16;
		if ((nv = reallocarray(p->v, ncap, sizeof(*nv))) == NULL)
			return -1;
		p->v = nv;
		p->cap = ncap;
	}
	p->v[p->n].name = name;
	p->v[p->n].value = value;
	p->v[p->n].vlen = vlen;
	p->n++;
	return 0;
}

void
http_pairs_free(struct http_pairs *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

const char *
http_pairs_get(const struct http_pairs *p, const char *name)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

/* Decode one "name=value" field of length len. Returns an http_err. */
static enum http_err
form_field(const char *f, size_t len, struct http_pairs *out)
{
	const char	*eq;
	char		*name, *value;
	size_t		 nlen, vlen;
	enum http_err	 err = HTTP_OK;

	eq = memchr(f, '=', len);
	nlen = eq != NULL ? (size_t)(eq - f) : len;
	if ((name = pct_decode(f, nlen, 1, &vlen, &err)) == NULL)
		return err;
	if (eq != NULL)
		value = pct_decode(eq + 1, len - nlen - 1, 1, &vlen, &err);
	else
		value = pct_decode("", 0, 1, &vlen, &err);
	if (value == NULL) {
		free(name);
		return err;
	}
	if (pairs_push(out, name, value, vlen) == -1) {
		free(name);
		free(value);
		return HTTP_ERR_NOMEM;
	}
	return HTTP_OK;
}

enum http_err
http_form_decode(const char *s, size_t len, size_t maxpairs,
    struct http_pairs *out)
{
	const char	*end = s + len, *amp;
	size_t		 flen;
	enum http_err	 err;

	while (s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		flen = amp != NULL ? (size_t)(amp - s) : (size_t)(end - s);
		if (flen > 0) {
			if (out->n >= maxpairs)
				return HTTP_ERR_TOOMANY;
			if ((err = form_field(s, flen, out)) != HTTP_OK)
				return err;
		}
		s += flen + (amp != NULL ? 1 : 0);
	}
	return HTTP_OK;
}

enum http_err
http_cookie_parse(const char *s, struct http_pairs *out)
{
	const char	*end, *eq;
	char		*name, *value;
	size_t		 nlen, vlen;

	while (*s != '\0') {
		while (*s == ' ' || *s == ';')
			s++;
		if (*s == '\0')
			break;
		end = s + strcspn(s, ";");
		eq = memchr(s, '=', (size_t)(end - s));
		if (eq == NULL) {
			s = end;
			continue;
		}
		nlen = (size_t)(eq - s);
		while (nlen > 0 && s[nlen - 1] == ' ')
			nlen--;
		vlen = (size_t)(end - eq - 1);
		while (vlen > 0 && eq[vlen] == ' ')
			vlen--;
		if (out->n >= 64)
			return HTTP_ERR_TOOMANY;
		if ((name = strndup(s, nlen)) == NULL)
			return HTTP_ERR_NOMEM;
		if ((value = strndup(eq + 1, vlen)) == NULL) {
			free(name);
			return HTTP_ERR_NOMEM;
		}
		if (pairs_push(out, name, value, vlen) == -1) {
			free(name);
			free(value);
			return HTTP_ERR_NOMEM;
		}
		s = end;
	}
	return HTTP_OK;
}

int
http_path_segment_decode(char *seg)
{
	char		*d;
	size_t		 n;
	enum http_err	 err;

	if ((d = pct_decode(seg, strlen(seg), 0, &n, &err)) == NULL)
		return -1;
	if (memchr(d, '/', n) != NULL || strcmp(d, "..") == 0 ||
	    strcmp(d, ".") == 0) {
		free(d);
		return -1;
	}
	memcpy(seg, d, n + 1);
	free(d);
	return 0;
}
