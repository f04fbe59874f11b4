/*
 * html — escaping of untrusted bytes for HTML text, attribute values and
 * URLs. Everything here appends to a bounded buffer; nothing allocates
 * beyond the buffer's own growth.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "html.h"

/* U+FFFD REPLACEMENT CHARACTER, written for NUL and invalid UTF-8. */
static const char	 html_fffd[] = "\xef\xbf\xbd";

static const char	 html_hex[] = "0123456789ABCDEF";

/*
 * Length of the valid UTF-8 sequence that starts s (n bytes left), 1 to 4,
 * or 0 when the bytes there are not valid UTF-8 (stray continuation byte,
 * truncated sequence, overlong form, surrogate, above U+10FFFF).
 */
static size_t
html_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char	 c = s[0];
	size_t		 len, i;
	unsigned char	 lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;
	if (n < len)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Entity for one of the five characters escaped everywhere, else NULL. */
static const char *
html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* Whether an ASCII byte passes unchanged into a quoted attribute value. */
static int
html_attr_safe(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr(" ,.-_/:@?=#%+~", c) != NULL;
}

/* Append "&#xHH;" for byte c. Returns 0 or -1. */
static int
html_numeric_entity(struct buf *b, unsigned char c)
{
	char	 e[6] = { '&', '#', 'x', html_hex[c >> 4], html_hex[c & 15],
		    ';' };

	return buf_add(b, e, sizeof(e));
}

/* Append "%HH" for byte c. Returns 0 or -1. */
static int
html_pct(struct buf *b, unsigned char c)
{
	char	 e[3] = { '%', html_hex[c >> 4], html_hex[c & 15] };

	return buf_add(b, e, sizeof(e));
}

/*
 * Shared loop of html_txt and html_attr: runs of bytes that pass are
 * appended at once; the rest is replaced. attr selects the stricter rule.
 */
static int
html_escape(struct buf *b, const char *s, size_t n, int attr)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, run = 0, ul;
	const char		*ent;
	int			 rc;

	while (i < n) {
		if (u[i] >= 0x80) {
			if ((ul = html_utf8_len(u + i, n - i)) > 0) {
				i += ul;
				continue;
			}
		} else if (u[i] != '\0' && html_entity(u[i]) == NULL &&
		    (!attr || html_attr_safe(u[i]))) {
			i++;
			continue;
		}
		if (buf_add(b, s + run, i - run) == -1)
			return -1;
		if (u[i] == '\0' || u[i] >= 0x80)
			rc = buf_add(b, html_fffd, sizeof(html_fffd) - 1);
		else if ((ent = html_entity(u[i])) != NULL)
			rc = buf_adds(b, ent);
		else
			rc = html_numeric_entity(b, u[i]);
		if (rc == -1)
			return -1;
		run = ++i;
	}
	return buf_add(b, s + run, i - run);
}

int
html_txt(struct buf *b, const char *s, size_t n)
{
	return html_escape(b, s, n, 0);
}

int
html_attr(struct buf *b, const char *s, size_t n)
{
	return html_escape(b, s, n, 1);
}

/* Whether c is an RFC 3986 unreserved character. */
static int
html_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

int
html_url_arg(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, run = 0;

	for (i = 0; i < n; i++) {
		if (html_unreserved(u[i]))
			continue;
		if (buf_add(b, s + run, i - run) == -1 ||
		    html_pct(b, u[i]) == -1)
			return -1;
		run = i + 1;
	}
	return buf_add(b, s + run, n - run);
}

/* Case-insensitive test that s (n bytes) starts with the scheme p. */
static int
html_has_scheme(const char *s, size_t n, const char *p)
{
	size_t	 pl = strlen(p);

	return n >= pl && strncasecmp(s, p, pl) == 0;
}

int
html_url_allowed(const char *s, size_t n)
{
	size_t	 i;

	if (html_has_scheme(s, n, "http:") ||
	    html_has_scheme(s, n, "https:") ||
	    html_has_scheme(s, n, "mailto:"))
		return 1;
	for (i = 0; i < n; i++) {
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			return 1;
		if (s[i] == ':')
			return 0;
	}
	return 1;
}

/* Whether c is a hexadecimal digit. */
static int
html_ishex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Whether ASCII byte c is legal unencoded in a URL (RFC 3986). */
static int
html_url_legal(unsigned char c)
{
	return html_unreserved(c) ||
	    (c != '\0' && strchr(":/?#[]@!$&'()*+,;=", c) != NULL);
}

int
html_url_attr(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, run = 0;
	const char		*ent;
	int			 rc;

	for (i = 0; i < n; i++) {
		if (u[i] == '%') {
			if (i + 2 < n && html_ishex(u[i + 1]) &&
			    html_ishex(u[i + 2]))
				continue;
		} else if (u[i] < 0x80 && html_url_legal(u[i]) &&
		    html_entity(u[i]) == NULL && html_attr_safe(u[i]))
			continue;
		if (buf_add(b, s + run, i - run) == -1)
			return -1;
		if (u[i] == '%' || u[i] >= 0x80 || !html_url_legal(u[i]))
			rc = html_pct(b, u[i]);
		else if ((ent = html_entity(u[i])) != NULL)
			rc = buf_adds(b, ent);
		else
			rc = html_numeric_entity(b, u[i]);
		if (rc == -1)
			return -1;
		run = i + 1;
	}
	return buf_add(b, s + run, n - run);
}
