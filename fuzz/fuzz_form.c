/*
 * libFuzzer target for the request decoders in http_parse.c: form bodies,
 * cookies and path segments.  The same bytes go to all three.
 *
 * Checked properties:
 *  - nothing crashes, reads out of bounds or leaks (ASan, UBSan);
 *  - a decoded form has at most maxpairs pairs, no NUL inside a name or a
 *    value (vlen is the string length), valid UTF-8 throughout, and
 *    re-encoding the pairs and decoding again gives the same pairs;
 *  - input without '%' that is valid UTF-8 always decodes (or is refused
 *    only for too many fields);
 *  - cookies have no ';' in names or values and no blank around names;
 *  - a decoded path segment is valid UTF-8 without '/' and is not "." or
 *    "..", and never longer than the raw one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"
#include "utf8.h"

#define MAX_PAIRS	32

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Append s percent-encoded (every byte but [A-Za-z0-9._~-]) to b. */
static void
encode(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	char			 e[3];

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("._~-", c) != NULL) {
			if (buf_addc(b, (char)c) == -1)
				abort();
			continue;
		}
		e[0] = '%';
		e[1] = hex[c >> 4];
		e[2] = hex[c & 0xf];
		if (buf_add(b, e, 3) == -1)
			abort();
	}
}

/* Every pair is a NUL-free, valid UTF-8 name and value. */
static void
check_pairs(const struct http_pairs *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		if (strlen(p->v[i].value) != p->v[i].vlen ||
		    !utf8_valid(p->v[i].name, strlen(p->v[i].name)) ||
		    !utf8_valid(p->v[i].value, p->v[i].vlen))
			abort();
	}
}

/* Encoding the pairs and decoding them again gives the same pairs. */
static void
check_round_trip(const struct http_pairs *p)
{
	struct http_pairs	 q;
	struct buf		 b;
	size_t			 i;

	buf_init(&b, 1 << 20);
	for (i = 0; i < p->n; i++) {
		if (i > 0 && buf_addc(&b, '&') == -1)
			abort();
		encode(&b, p->v[i].name);
		if (buf_addc(&b, '=') == -1)
			abort();
		encode(&b, p->v[i].value);
	}
	memset(&q, 0, sizeof(q));
	if (http_form_decode(buf_str(&b), b.len, MAX_PAIRS, &q) != HTTP_OK ||
	    q.n != p->n)
		abort();
	for (i = 0; i < p->n; i++)
		if (strcmp(q.v[i].name, p->v[i].name) != 0 ||
		    strcmp(q.v[i].value, p->v[i].value) != 0)
			abort();
	http_pairs_free(&q);
	buf_free(&b);
}

static void
fuzz_form(const char *s, size_t n)
{
	struct http_pairs	 p;
	enum http_err		 e;

	memset(&p, 0, sizeof(p));
	e = http_form_decode(s, n, MAX_PAIRS, &p);
	if (p.n > MAX_PAIRS)
		abort();
	check_pairs(&p);
	if (e == HTTP_OK)
		check_round_trip(&p);
	else if (e == HTTP_ERR_TOOMANY && p.n != MAX_PAIRS)
		abort();
	else if (e == HTTP_ERR_MALFORMED && memchr(s, '%', n) == NULL &&
	    utf8_valid(s, n))
		abort();
	else if (e != HTTP_ERR_TOOMANY && e != HTTP_ERR_MALFORMED)
		abort();
	http_pairs_free(&p);
}

static void
fuzz_cookie(const char *s)
{
	struct http_pairs	 p;
	size_t			 i, k;
	enum http_err		 e;

	memset(&p, 0, sizeof(p));
	e = http_cookie_parse(s, &p);
	if (e != HTTP_OK && e != HTTP_ERR_TOOMANY)
		abort();
	for (i = 0; i < p.n; i++) {
		k = strlen(p.v[i].name);
		if (strchr(p.v[i].name, ';') != NULL ||
		    strchr(p.v[i].value, ';') != NULL ||
		    strlen(p.v[i].value) != p.v[i].vlen ||
		    (k > 0 && (p.v[i].name[0] == ' ' ||
		    p.v[i].name[k - 1] == ' ')) ||
		    (p.v[i].vlen > 0 && p.v[i].value[p.v[i].vlen - 1] == ' '))
			abort();
	}
	http_pairs_free(&p);
}

static void
fuzz_segment(char *s)
{
	size_t	 raw = strlen(s), n;

	if (http_path_segment_decode(s) == -1)
		return;
	n = strlen(s);
	if (n > raw || !utf8_valid(s, n) || strchr(s, '/') != NULL ||
	    strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	/* An exact-size copy, so ASan sees any read past the length. */
	if ((s = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	fuzz_form(s, size);
	free(s);
	/* Cookies and segments are strings: up to the first NUL. */
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	fuzz_cookie(s);
	fuzz_segment(s);
	free(s);
	return 0;
}
