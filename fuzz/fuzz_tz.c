/*
 * libFuzzer target for the TZif reader in tz.c (tz_parse), including the
 * POSIX TZ rule in the version 2+ footer.
 *
 * Input starting with "TZif" is parsed as a whole file.  Any other input
 * becomes the footer rule of a minimal, valid version 2 file (one UTC
 * type, no transitions), so the rule parser is reached at once.
 *
 * Checked properties:
 *  - nothing crashes, reads out of bounds or leaks (ASan, UBSan);
 *  - a parsed zone keeps its name;
 *  - at instants taken from the input and a few fixed ones, offsets stay
 *    within 26 hours, tz_to_local gives fields in range and agrees with
 *    tz_offset_at;
 *  - tz_from_wall: a UNIQUE or AMBIGUOUS answer is an instant whose clock
 *    shows exactly that wall time;
 *  - tz_from_local refuses exactly the out-of-range fields and otherwise
 *    answers as tz_from_wall does for the same wall time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"

#define MAX_OFF		(26 * 3600)
#define HDR_LEN		44

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Write a TZif header (version '2', one type, charcnt 4) at p. */
static size_t
put_hdr(unsigned char *p)
{
	memset(p, 0, HDR_LEN);
	memcpy(p, "TZif2", 5);
	p[39] = 1;		/* typecnt */
	p[43] = 4;		/* charcnt */
	return HDR_LEN;
}

/* Write the data block for that header: one type (UTC) and "UTC\0". */
static size_t
put_blk(unsigned char *p)
{
	memset(p, 0, 10);
	memcpy(p + 6, "UTC", 4);
	return 10;
}

/*
 * A version 2 file whose footer is "\n" rule "\n".  Returns a new
 * exact-size buffer in *out (caller frees) and its length, or 0.
 */
static size_t
wrap_rule(const uint8_t *rule, size_t n, unsigned char **out)
{
	unsigned char	*p;
	size_t		 len, k = 0;

	len = 2 * (HDR_LEN + 10) + n + 2;
	if ((p = malloc(len)) == NULL)
		return 0;
	k += put_hdr(p + k);
	k += put_blk(p + k);
	k += put_hdr(p + k);
	k += put_blk(p + k);
	p[k++] = '\n';
	memcpy(p + k, rule, n);
	k += n;
	p[k++] = '\n';
	*out = p;
	return k;
}

/* Read 8 bytes of the input (zero-padded) from its end. */
static int64_t
tail64(const uint8_t *d, size_t n, size_t back)
{
	uint64_t	 v = 0;
	size_t		 i;

	for (i = 0; i < 8; i++) {
		v <<= 8;
		if (back + i < n)
			v |= d[n - 1 - back - i];
	}
	return (int64_t)v;
}

static void
check_instant(const struct tz *z, int64_t t)
{
	struct tz_local	 l;
	int32_t		 off;

	off = tz_offset_at(z, t);
	if (off < -MAX_OFF || off > MAX_OFF)
		abort();
	tz_to_local(z, t, &l);
	if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > 31 ||
	    l.hour < 0 || l.hour > 23 || l.min < 0 || l.min > 59 ||
	    l.sec < 0 || l.sec > 59 || l.wday < 0 || l.wday > 6 ||
	    (l.is_dst != 0 && l.is_dst != 1))
		abort();
	if (t >= TZ_T_MIN && t <= TZ_T_MAX && l.utc_offset != off)
		abort();
}

static void
check_wall(const struct tz *z, int64_t wall)
{
	enum tz_match	 m;
	int64_t		 utc = 0;

	m = tz_from_wall(z, wall, &utc);
	if (m != TZ_LOCAL_UNIQUE && m != TZ_LOCAL_AMBIGUOUS &&
	    m != TZ_LOCAL_GAP)
		abort();
	/* Inside the range and away from its ends, no clamping happens. */
	if (wall < TZ_T_MIN + 2 * 86400 || wall > TZ_T_MAX - 2 * 86400)
		return;
	if (m != TZ_LOCAL_GAP && utc + tz_offset_at(z, utc) != wall)
		abort();
}

/* tz_from_local refuses exactly the bad fields and agrees with wall. */
static void
check_fields(const struct tz *z, uint64_t v)
{
	int		 y, m, d, hh, mm, ok;
	int64_t		 utc = 0, utc2 = 0;
	enum tz_match	 r;

	y = (int)(v % 10002);		/* 0 and 10001 are out of range */
	m = (int)(v >> 16 & 15);	/* 0..15 */
	d = (int)(v >> 20 & 31);	/* 0..31 */
	hh = (int)(v >> 25 & 31) - 2;	/* -2..29 */
	mm = (int)(v >> 30 & 63);	/* 0..63 */
	ok = tz_date_ok(y, m, d) && hh >= 0 && mm <= 59 &&
	    (hh < 24 || (hh == 24 && mm == 0));
	r = tz_from_local(z, y, m, d, hh, mm, &utc);
	if ((r == TZ_LOCAL_INVALID) != !ok)
		abort();
	if (!ok)
		return;
	if (tz_from_wall(z, tz_days_from_civil(y, m, d) * 86400 +
	    hh * 3600 + mm * 60, &utc2) != r || utc2 != utc)
		abort();
}

static void
check_zone(const struct tz *z, const uint8_t *d, size_t n)
{
	static const int64_t	 fixed[] = {
		TZ_T_MIN, -2208988800LL, -1, 0, 1774746000LL, 1792890000LL,
		1800000000LL, 4102444800LL, TZ_T_MAX, INT64_MIN, INT64_MAX
	};
	size_t			 i;
	int64_t			 t;

	if (strcmp(tz_name(z), "Fuzz/Zone") != 0)
		abort();
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		check_instant(z, fixed[i]);
		check_wall(z, fixed[i]);
	}
	for (i = 0; i < 3; i++) {
		t = tail64(d, n, 8 * i);
		check_instant(z, t);
		check_wall(z, t);
		/* The same, brought into the years 1..9999. */
		t = TZ_T_MIN + (int64_t)((uint64_t)t %
		    (uint64_t)(TZ_T_MAX - TZ_T_MIN));
		check_instant(z, t);
		check_wall(z, t);
		check_fields(z, (uint64_t)tail64(d, n, 8 * i));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char	*img;
	size_t		 len;
	struct tz	*z = NULL;
	enum tz_err	 er;

	if (size >= 4 && memcmp(data, "TZif", 4) == 0) {
		/* An exact-size copy, so ASan sees any read past the end. */
		if ((img = malloc(size)) == NULL)
			return 0;
		memcpy(img, data, size);
		len = size;
	} else if ((len = wrap_rule(data, size, &img)) == 0)
		return 0;
	er = tz_parse(img, len, "Fuzz/Zone", &z);
	if (er == TZ_OK) {
		if (z == NULL)
			abort();
		check_zone(z, data, size);
		tz_free(z);
	} else if (er != TZ_EFORMAT && er != TZ_ENOMEM)
		abort();
	free(img);
	return 0;
}
