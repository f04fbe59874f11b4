/*
 * utf8 — validation of untrusted bytes as UTF-8.
 */
#ifndef SOPHIE_UTF8_H
#define SOPHIE_UTF8_H

#include <stddef.h>

/*
 * Is s[0..len) well-formed UTF-8 (no overlongs, no surrogates, nothing past
 * U+10FFFF) without NUL bytes?  Returns 1 or 0.
 */
int	 utf8_valid(const char *s, size_t len);

#endif
