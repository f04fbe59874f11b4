/*
 * html — escaping primitives for HTML output.
 *
 * Every function appends to a bounded struct buf and returns 0, or -1 when
 * the buffer's maximum would be exceeded (the buffer may then hold part of
 * the escaped value; callers that need all-or-nothing roll back themselves).
 * Input is a byte string with an explicit length: it may contain NUL bytes
 * and invalid UTF-8. NUL and invalid UTF-8 sequences come out as U+FFFD in
 * text and attributes, percent-encoded in URLs, so nothing a caller passes
 * can end an element, an attribute or a URL scheme early.
 *
 * The template engine (tmpl.h) picks the right one by context; code that
 * writes HTML without a template uses them the same way.
 */
#ifndef SOPHIE_HTML_H
#define SOPHIE_HTML_H

#include <stddef.h>

struct buf;

/*
 * Append s as HTML text content: & < > " ' become entities.
 * Returns 0 or -1 (buffer full).
 */
int	 html_txt(struct buf *, const char *s, size_t n);

/*
 * Append s for a quoted attribute value (either quote style): letters,
 * digits, valid non-ASCII UTF-8 and " ,.-_/:@?=#%+~" pass; every other
 * byte becomes an entity. Returns 0 or -1.
 */
int	 html_attr(struct buf *, const char *s, size_t n);

/*
 * Append s percent-encoded as one URL query component (or path segment):
 * only A-Z a-z 0-9 - . _ ~ pass, everything else becomes %XX. The output
 * is safe as-is in text, in attributes and in URLs. Returns 0 or -1.
 */
int	 html_url_arg(struct buf *, const char *s, size_t n);

/*
 * Whether s may start a URL attribute (href, src, action...): 1 when it
 * begins with the scheme http:, https: or mailto: (any case), or has no
 * scheme at all (no ':' before the first '/', '?' or '#', e.g. "/x",
 * "?q=1", "#top", "page"); 0 otherwise (javascript:, data:, vbscript:,
 * " javascript:", "java\tscript:"...).
 */
int	 html_url_allowed(const char *s, size_t n);

/*
 * Append s inside a quoted URL attribute value: bytes that are not legal
 * in a URL (controls, space, quotes, < > \ ^ ` { | }, non-ASCII) are
 * percent-encoded, a '%' not followed by two hex digits becomes %25, and
 * the rest is escaped as by html_attr. The scheme is not checked here
 * (see html_url_allowed). Returns 0 or -1.
 */
int	 html_url_attr(struct buf *, const char *s, size_t n);

#endif
