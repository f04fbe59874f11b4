/*
 * buf — a growable byte buffer with a maximum size fixed at creation.
 * Appending past the maximum fails cleanly and leaves the buffer as it was.
 * The contents are always NUL-terminated (the NUL is not counted in len).
 */
#ifndef SOPHIE_BUF_H
#define SOPHIE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*p;	/* contents, NUL-terminated; NULL until first append */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
	size_t	 max;	/* largest len allowed */
};

/* Initialise an empty buffer that may grow to max bytes. */
void	 buf_init(struct buf *, size_t max);
/* Release the contents; the buffer may be reused after buf_init. */
void	 buf_free(struct buf *);
/* Empty the buffer, keeping its allocation. */
void	 buf_reset(struct buf *);
/* Append n bytes. Returns 0, or -1 when it would exceed max or on ENOMEM. */
int	 buf_add(struct buf *, const void *, size_t n);
/* Append a NUL-terminated string. Same return as buf_add. */
int	 buf_adds(struct buf *, const char *);
/* Append one byte. Same return as buf_add. */
int	 buf_addc(struct buf *, char);
/* Append printf-style formatted text. Same return as buf_add. */
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* The contents as a string: never NULL ("" when empty). Owned by buf. */
const char *buf_str(const struct buf *);
/* Hand the contents to the caller (free() them); the buffer is emptied. */
char	*buf_take(struct buf *);

#endif
