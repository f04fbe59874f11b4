/*
 * privacy_tar — a plain POSIX ustar archive written into a bounded
 * buffer: regular files only, no directories, owner 0.  See privacy.h.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "privacy.h"

#define TAR_BLOCK	512

/* Write v in octal, zero-padded, into field f of n bytes (NUL last). */
static void
tar_octal(char *f, size_t n, unsigned long long v)
{
	size_t	 i = n - 1;

	f[i] = '\0';
	while (i > 0) {
		f[--i] = (char)('0' + (v & 7));
		v >>= 3;
	}
}

/* Zero bytes up to the next block boundary. 0 or -1. */
static int
tar_pad(struct buf *out, size_t len)
{
	static const char	 zero[TAR_BLOCK];
	size_t			 r = len % TAR_BLOCK;

	return r == 0 ? 0 : buf_add(out, zero, TAR_BLOCK - r);
}

int
privacy_tar_add(struct buf *out, const char *name, const void *data,
    size_t len, long long mtime)
{
	char		 h[TAR_BLOCK];
	unsigned	 sum = 0;
	size_t		 i, nlen = strlen(name);

	if (nlen == 0 || nlen > 99 || mtime < 0)
		return -1;
	memset(h, 0, sizeof(h));
	memcpy(h, name, nlen);
	tar_octal(h + 100, 8, 0644);		/* mode */
	tar_octal(h + 108, 8, 0);		/* uid */
	tar_octal(h + 116, 8, 0);		/* gid */
	tar_octal(h + 124, 12, len);		/* size */
	tar_octal(h + 136, 12, (unsigned long long)mtime);
	memset(h + 148, ' ', 8);		/* checksum, while summing */
	h[156] = '0';				/* regular file */
	memcpy(h + 257, "ustar", 6);		/* magic, NUL */
	memcpy(h + 263, "00", 2);		/* version */
	for (i = 0; i < sizeof(h); i++)
		sum += (unsigned char)h[i];
	tar_octal(h + 148, 7, sum);
	h[155] = ' ';
	if (buf_add(out, h, sizeof(h)) != 0)
		return -1;
	if (len > 0 && buf_add(out, data, len) != 0)
		return -1;
	return tar_pad(out, len);
}

int
privacy_tar_end(struct buf *out)
{
	static const char	 zero[2 * TAR_BLOCK];

	return buf_add(out, zero, sizeof(zero));
}
