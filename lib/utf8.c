/*
 * utf8 — validation (RFC 3629 table of well-formed byte sequences).
 */
#include "utf8.h"

/* Length of the sequence starting at s[i], or 0 when it is ill-formed. */
static size_t
utf8_seq(const unsigned char *s, size_t i, size_t len)
{
	unsigned char	 c = s[i], lo = 0x80, hi = 0xbf;
	size_t		 n, k;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len - i < n)
		return 0;
	if (s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (k = 2; k < n; k++)
		if (s[i + k] < 0x80 || s[i + k] > 0xbf)
			return 0;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		if ((n = utf8_seq(u, i, len)) == 0)
			return 0;
		i += n;
	}
	return 1;
}
