/*
 * tz — IANA time zones from compiled TZif files (RFC 8536), with the
 * POSIX TZ footer rule (POSIX.1-2017 8.3, plus the RFC's version 3
 * extensions) for instants past the last stored transition.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tz.h"

#define TZ_DAY		86400
#define TZ_HDR_LEN	44
#define TZ_MAX_TYPES	256
/* Largest |UT offset| accepted from a file: 26 hours. */
#define TZ_MAX_OFF	(26 * 3600)
/* tz_from_wall samples offsets this many times either side, 6 h apart. */
#define TZ_SAMPLES	5
#define TZ_SAMPLE_STEP	(6 * 3600)

/* One local time type of a TZif file. */
struct tz_type {
	int32_t	 off;	/* seconds east of UTC */
	int	 isdst;	/* 1 for daylight saving time */
};

/* The three forms of a POSIX rule date. */
enum tz_rkind {
	TZ_RJULIAN1,	/* Jn: 1..365, 29 February never counted */
	TZ_RJULIAN0,	/* n: 0..365, 29 February counted */
	TZ_RMONTH,	/* Mm.w.d: weekday d of week w of month m */
};

/* When a POSIX rule switches, in the local time then in force. */
struct tz_rdate {
	enum tz_rkind	 kind;
	int		 n;	/* day, for the two Julian forms */
	int		 mon;	/* 1..12, for Mm.w.d */
	int		 week;	/* 1..5 (5 = last), for Mm.w.d */
	int		 wday;	/* 0 = Sunday .. 6, for Mm.w.d */
	int32_t		 time;	/* seconds after local midnight */
};

/* A parsed POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3". */
struct tz_rule {
	int32_t		 std_off;	/* seconds east, standard */
	int32_t		 dst_off;	/* seconds east, daylight */
	int		 has_dst;
	struct tz_rdate	 start;		/* to daylight time */
	struct tz_rdate	 end;		/* back to standard time */
};

struct tz {
	char		 name[TZ_NAME_MAX + 1];
	size_t		 ntrans;	/* transitions, ascending */
	int64_t		*trans;
	unsigned char	*tidx;		/* type of each transition */
	size_t		 ntypes;
	struct tz_type	*types;
	int		 has_rule;	/* footer rule present */
	struct tz_rule	 rule;
	int		 cached;	/* owned by the cache */
	struct tz	*next;		/* cache list */
};

/* Counts from a TZif header. */
struct tz_hdr {
	int		 version;	/* 0, or '2', '3', ... */
	uint32_t	 isutcnt;
	uint32_t	 isstdcnt;
	uint32_t	 leapcnt;
	uint32_t	 timecnt;
	uint32_t	 typecnt;
	uint32_t	 charcnt;
};

/* A cursor over bytes. */
struct tz_rd {
	const unsigned char	*p;
	size_t			 left;
};

/* A cursor over a POSIX TZ string. */
struct tz_cur {
	const char	*p;
	const char	*end;
};

static struct tz	*tz_cache;

const char *
tz_strerror(enum tz_err er)
{
	switch (er) {
	case TZ_OK:
		return "success";
	case TZ_EBADNAME:
		return "invalid time zone name";
	case TZ_ENOENT:
		return "unknown time zone";
	case TZ_EFORMAT:
		return "malformed time zone file";
	case TZ_ENOMEM:
		return "out of memory";
	case TZ_EIO:
		return "error reading time zone file";
	}
	return "unknown error";
}

/* --- civil dates --- */

int64_t
tz_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b) != 0 && a < 0)
		q--;
	return q;
}

int
tz_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
tz_days_in_month(int y, int m)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return mdays[m - 1] + (m == 2 && tz_is_leap(y));
}

int
tz_date_ok(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && d >= 1 && d <= tz_days_in_month(y, m);
}

/*
 * Days since 1970-01-01, counting years from March so that the leap day
 * ends a year; eras of 400 years have 146097 days.
 */
int64_t
tz_days_from_civil(int y, int m, int d)
{
	int64_t	 yy, era, yoe, doy, doe;

	yy = (int64_t)y - (m <= 2);
	era = tz_floor_div(yy, 400);
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of tz_days_from_civil. */
void
tz_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	int64_t	 z, era, doe, yoe, doy, mp;

	z = days + 719468;
	era = tz_floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 1970-01-01 was a Thursday (3 when Monday is 0). */
int
tz_weekday(int64_t days)
{
	return (int)(days + 3 - 7 * tz_floor_div(days + 3, 7));
}

/* --- POSIX TZ strings --- */

/* The next character, or -1 at the end. */
static int
cur_peek(const struct tz_cur *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

/* Consume ch if it is next.  Returns 1 when consumed, else 0. */
static int
cur_eat(struct tz_cur *c, int ch)
{
	if (cur_peek(c) != ch)
		return 0;
	c->p++;
	return 1;
}

static int
is_alpha(int ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * Skip a zone abbreviation: three or more letters, or "<...>" holding
 * three or more of [A-Za-z0-9+-].  Returns 0, or -1 when malformed.
 */
static int
rule_name(struct tz_cur *c)
{
	int	 n = 0, ch;

	if (cur_eat(c, '<')) {
		while ((ch = cur_peek(c)) != -1 && ch != '>') {
			if (!is_alpha(ch) && !is_digit(ch) &&
			    ch != '+' && ch != '-')
				return -1;
			c->p++;
			n++;
		}
		return (n >= 3 && cur_eat(c, '>')) ? 0 : -1;
	}
	while (is_alpha(cur_peek(c))) {
		c->p++;
		n++;
	}
	return n >= 3 ? 0 : -1;
}

/* Read 1..3 decimal digits no greater than max.  Returns 0 or -1. */
static int
rule_num(struct tz_cur *c, int max, int *out)
{
	int	 v = 0, n = 0;

	while (is_digit(cur_peek(c)) && n < 3) {
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n == 0 || is_digit(cur_peek(c)) || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Read [+-]h[:mm[:ss]] with h <= maxh, as signed seconds.  0 or -1. */
static int
rule_hms(struct tz_cur *c, int maxh, int32_t *out)
{
	int	 sign = 1, h, m = 0, s = 0;

	if (cur_eat(c, '-'))
		sign = -1;
	else
		(void)cur_eat(c, '+');
	if (rule_num(c, maxh, &h) == -1)
		return -1;
	if (cur_eat(c, ':')) {
		if (rule_num(c, 59, &m) == -1)
			return -1;
		if (cur_eat(c, ':') && rule_num(c, 59, &s) == -1)
			return -1;
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return 0;
}

/* Read a rule date (Jn, n or Mm.w.d) and its optional /time.  0 or -1. */
static int
rule_date(struct tz_cur *c, struct tz_rdate *d)
{
	memset(d, 0, sizeof(*d));
	d->time = 2 * 3600;
	if (cur_eat(c, 'J')) {
		d->kind = TZ_RJULIAN1;
		if (rule_num(c, 365, &d->n) == -1 || d->n < 1)
			return -1;
	} else if (cur_eat(c, 'M')) {
		d->kind = TZ_RMONTH;
		if (rule_num(c, 12, &d->mon) == -1 || d->mon < 1 ||
		    !cur_eat(c, '.') ||
		    rule_num(c, 5, &d->week) == -1 || d->week < 1 ||
		    !cur_eat(c, '.') || rule_num(c, 6, &d->wday) == -1)
			return -1;
	} else {
		d->kind = TZ_RJULIAN0;
		if (rule_num(c, 365, &d->n) == -1)
			return -1;
	}
	if (cur_eat(c, '/'))
		return rule_hms(c, 167, &d->time);
	return 0;
}

/*
 * Parse a POSIX TZ string of len bytes into *r.  Offsets in the string
 * count west of UTC; *r stores them east.  A daylight name without rule
 * dates gets the default M3.2.0,M11.1.0.  Returns 0, or -1 if malformed.
 */
static int
rule_parse(const char *s, size_t len, struct tz_rule *r)
{
	struct tz_cur	 c = { s, s + len };
	int32_t		 v;

	memset(r, 0, sizeof(*r));
	if (rule_name(&c) == -1 || rule_hms(&c, 24, &v) == -1)
		return -1;
	r->std_off = -v;
	if (cur_peek(&c) == -1)
		return 0;
	if (rule_name(&c) == -1)
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (cur_peek(&c) != ',' && cur_peek(&c) != -1) {
		if (rule_hms(&c, 24, &v) == -1)
			return -1;
		r->dst_off = -v;
	}
	if (cur_peek(&c) == -1) {
		c.p = "M3.2.0,M11.1.0";
		c.end = c.p + strlen(c.p);
	} else if (!cur_eat(&c, ','))
		return -1;
	if (rule_date(&c, &r->start) == -1 || !cur_eat(&c, ',') ||
	    rule_date(&c, &r->end) == -1)
		return -1;
	return cur_peek(&c) == -1 ? 0 : -1;
}

/* The day number on which rule date d falls in year y. */
static int64_t
rdate_day(const struct tz_rdate *d, int y)
{
	int64_t	 first, day;
	int	 shift;

	switch (d->kind) {
	case TZ_RJULIAN1:
		first = tz_days_from_civil(y, 1, 1);
		return first + d->n - 1 + (tz_is_leap(y) && d->n >= 60);
	case TZ_RJULIAN0:
		return tz_days_from_civil(y, 1, 1) + d->n;
	case TZ_RMONTH:
		break;
	}
	first = tz_days_from_civil(y, d->mon, 1);
	/* tz_weekday counts from Monday; POSIX d counts from Sunday. */
	shift = (d->wday - (tz_weekday(first) + 1) % 7 + 7) % 7;
	day = first + shift + 7 * (d->week - 1);
	while (day >= first + tz_days_in_month(y, d->mon))
		day -= 7;
	return day;
}

/* The local time type a footer rule gives at instant t. */
static struct tz_type
rule_type(const struct tz_rule *r, int64_t t)
{
	struct tz_type	 ty = { r->std_off, 0 };
	int64_t		 s, e;
	int		 y, m, d, dst;

	if (!r->has_dst)
		return ty;
	tz_civil_from_days(tz_floor_div(t + r->std_off, TZ_DAY), &y, &m, &d);
	s = rdate_day(&r->start, y) * TZ_DAY + r->start.time - r->std_off;
	e = rdate_day(&r->end, y) * TZ_DAY + r->end.time - r->dst_off;
	if (s < e)
		dst = t >= s && t < e;
	else
		dst = !(t >= e && t < s);
	if (dst) {
		ty.off = r->dst_off;
		ty.isdst = 1;
	}
	return ty;
}

/* --- TZif files --- */

/* Take n bytes from the cursor into *out.  Returns 0, or -1 if short. */
static int
rd_take(struct tz_rd *r, size_t n, const unsigned char **out)
{
	if (n > r->left)
		return -1;
	*out = r->p;
	r->p += n;
	r->left -= n;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* Read and check a 44-byte header.  Returns TZ_OK or TZ_EFORMAT. */
static enum tz_err
hdr_read(struct tz_rd *r, struct tz_hdr *h)
{
	const unsigned char	*p;

	if (rd_take(r, TZ_HDR_LEN, &p) == -1 || memcmp(p, "TZif", 4) != 0)
		return TZ_EFORMAT;
	h->version = p[4];
	if (h->version != 0 && (h->version < '2' || h->version > '9'))
		return TZ_EFORMAT;
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	if (h->typecnt == 0 || h->typecnt > TZ_MAX_TYPES ||
	    h->charcnt == 0 || h->leapcnt != 0 ||
	    (h->isstdcnt != 0 && h->isstdcnt != h->typecnt) ||
	    (h->isutcnt != 0 && h->isutcnt != h->typecnt))
		return TZ_EFORMAT;
	return TZ_OK;
}

/* Bytes in the data block after header h, with tsize-byte times. */
static uint64_t
blk_len(const struct tz_hdr *h, unsigned tsize)
{
	return (uint64_t)h->timecnt * (tsize + 1) + h->typecnt * 6ULL +
	    h->charcnt + (uint64_t)h->leapcnt * (tsize + 4) +
	    h->isstdcnt + h->isutcnt;
}

/* Read the transition times and their type indices into z. */
static enum tz_err
trans_read(struct tz *z, struct tz_rd *r, const struct tz_hdr *h,
    unsigned tsize)
{
	const unsigned char	*p, *q;
	size_t			 i;

	z->ntrans = h->timecnt;
	z->trans = calloc(z->ntrans + 1, sizeof(*z->trans));
	z->tidx = calloc(z->ntrans + 1, 1);
	if (z->trans == NULL || z->tidx == NULL)
		return TZ_ENOMEM;
	if (rd_take(r, z->ntrans * tsize, &p) == -1 ||
	    rd_take(r, z->ntrans, &q) == -1)
		return TZ_EFORMAT;
	for (i = 0; i < z->ntrans; i++) {
		z->trans[i] = tsize == 8 ? be64(p + 8 * i) :
		    (int32_t)be32(p + 4 * i);
		if (i > 0 && z->trans[i] <= z->trans[i - 1])
			return TZ_EFORMAT;
		if (q[i] >= h->typecnt)
			return TZ_EFORMAT;
		z->tidx[i] = q[i];
	}
	return TZ_OK;
}

/* Read the local time types into z and skip what follows them. */
static enum tz_err
types_read(struct tz *z, struct tz_rd *r, const struct tz_hdr *h)
{
	const unsigned char	*p, *skip;
	size_t			 i;
	int32_t			 off;

	z->ntypes = h->typecnt;
	if ((z->types = calloc(z->ntypes, sizeof(*z->types))) == NULL)
		return TZ_ENOMEM;
	if (rd_take(r, z->ntypes * 6, &p) == -1)
		return TZ_EFORMAT;
	for (i = 0; i < z->ntypes; i++, p += 6) {
		off = (int32_t)be32(p);
		if (off < -TZ_MAX_OFF || off > TZ_MAX_OFF || p[4] > 1 ||
		    p[5] >= h->charcnt)
			return TZ_EFORMAT;
		z->types[i].off = off;
		z->types[i].isdst = p[4];
	}
	if (rd_take(r, (size_t)h->charcnt + h->isstdcnt + h->isutcnt,
	    &skip) == -1)
		return TZ_EFORMAT;
	return TZ_OK;
}

/* Read the footer "\n<POSIX TZ string>\n" that ends the file. */
static enum tz_err
footer_read(struct tz *z, struct tz_rd *r)
{
	const unsigned char	*p, *nl;

	if (r->left < 2 || r->p[0] != '\n')
		return TZ_EFORMAT;
	p = r->p + 1;
	if ((nl = memchr(p, '\n', r->left - 1)) == NULL)
		return TZ_EFORMAT;
	if (nl == p)
		return TZ_OK;
	if (memchr(p, '\0', (size_t)(nl - p)) != NULL ||
	    rule_parse((const char *)p, (size_t)(nl - p), &z->rule) == -1)
		return TZ_EFORMAT;
	z->has_rule = 1;
	return TZ_OK;
}

/* Fill z from a whole TZif image held in r. */
static enum tz_err
tzif_read(struct tz *z, struct tz_rd *r)
{
	struct tz_hdr		 h;
	const unsigned char	*skip;
	enum tz_err		 er;
	unsigned		 tsize = 4;

	if ((er = hdr_read(r, &h)) != TZ_OK)
		return er;
	if (blk_len(&h, 4) > r->left)
		return TZ_EFORMAT;
	if (h.version != 0) {
		if (rd_take(r, (size_t)blk_len(&h, 4), &skip) == -1)
			return TZ_EFORMAT;
		if ((er = hdr_read(r, &h)) != TZ_OK)
			return er;
		tsize = 8;
		if (blk_len(&h, 8) > r->left)
			return TZ_EFORMAT;
	}
	if ((er = trans_read(z, r, &h, tsize)) != TZ_OK ||
	    (er = types_read(z, r, &h)) != TZ_OK)
		return er;
	return h.version != 0 ? footer_read(z, r) : TZ_OK;
}

enum tz_err
tz_parse(const unsigned char *data, size_t len, const char *name,
    struct tz **out)
{
	struct tz	*z;
	struct tz_rd	 r = { data, len };
	enum tz_err	 er;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		return TZ_ENOMEM;
	if (name != NULL)
		(void)snprintf(z->name, sizeof(z->name), "%s", name);
	if ((er = tzif_read(z, &r)) != TZ_OK) {
		tz_free(z);
		return er;
	}
	*out = z;
	return TZ_OK;
}

/* Free z whatever its ownership. */
static void
tz_destroy(struct tz *z)
{
	free(z->trans);
	free(z->tidx);
	free(z->types);
	free(z);
}

void
tz_free(struct tz *z)
{
	if (z == NULL || z->cached)
		return;
	tz_destroy(z);
}

const char *
tz_name(const struct tz *z)
{
	return z->name;
}

/* --- loading and caching --- */

int
tz_name_ok(const char *name)
{
	size_t	 i, len;
	int	 ch;

	len = strnlen(name, TZ_NAME_MAX + 1);
	if (len == 0 || len > TZ_NAME_MAX || name[0] == '/' ||
	    name[len - 1] == '/' || strstr(name, "..") != NULL ||
	    strstr(name, "//") != NULL)
		return 0;
	for (i = 0; i < len; i++) {
		ch = (unsigned char)name[i];
		if (!is_alpha(ch) && !is_digit(ch) && ch != '_' &&
		    ch != '+' && ch != '-' && ch != '/')
			return 0;
	}
	return 1;
}

/* Read the whole regular file at fd (at most TZ_FILE_MAX bytes). */
static enum tz_err
fd_slurp(int fd, unsigned char **out, size_t *len)
{
	struct stat	 st;
	unsigned char	*p;
	size_t		 got = 0;
	ssize_t		 n;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return TZ_ENOENT;
	if (st.st_size <= 0 || st.st_size > TZ_FILE_MAX)
		return TZ_EFORMAT;
	if ((p = malloc((size_t)st.st_size)) == NULL)
		return TZ_ENOMEM;
	while (got < (size_t)st.st_size) {
		n = read(fd, p + got, (size_t)st.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(p);
			return TZ_EIO;
		}
		got += (size_t)n;
	}
	*out = p;
	*len = got;
	return TZ_OK;
}

/* Read and parse TZ_DIR/name into a new zone owned by the caller. */
static enum tz_err
tz_read_zone(const char *name, struct tz **out)
{
	char		 path[sizeof(TZ_DIR) + TZ_NAME_MAX + 2];
	unsigned char	*data;
	size_t		 len;
	enum tz_err	 er;
	int		 fd;

	(void)snprintf(path, sizeof(path), "%s/%s", TZ_DIR, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return TZ_ENOENT;
	er = fd_slurp(fd, &data, &len);
	close(fd);
	if (er != TZ_OK)
		return er;
	er = tz_parse(data, len, name, out);
	free(data);
	return er;
}

enum tz_err
tz_load(const char *name, const struct tz **out)
{
	struct tz	*z;
	enum tz_err	 er;

	if (name == NULL || !tz_name_ok(name))
		return TZ_EBADNAME;
	for (z = tz_cache; z != NULL; z = z->next) {
		if (strcmp(z->name, name) == 0) {
			*out = z;
			return TZ_OK;
		}
	}
	if ((er = tz_read_zone(name, &z)) != TZ_OK)
		return er;
	z->cached = 1;
	z->next = tz_cache;
	tz_cache = z;
	*out = z;
	return TZ_OK;
}

void
tz_cache_clear(void)
{
	struct tz	*z;

	while ((z = tz_cache) != NULL) {
		tz_cache = z->next;
		tz_destroy(z);
	}
}

/* --- conversions --- */

/* t limited to [TZ_T_MIN, TZ_T_MAX]. */
static int64_t
tz_clamp(int64_t t)
{
	return t < TZ_T_MIN ? TZ_T_MIN : (t > TZ_T_MAX ? TZ_T_MAX : t);
}

/* The local time type in force at instant t. */
static struct tz_type
tz_type_at(const struct tz *z, int64_t t)
{
	size_t	 lo, hi, mid;

	t = tz_clamp(t);
	if (z->ntrans == 0 || t >= z->trans[z->ntrans - 1]) {
		if (z->has_rule)
			return rule_type(&z->rule, t);
		if (z->ntrans == 0)
			return z->types[0];
	}
	if (t < z->trans[0])
		return z->types[0];
	/* Last transition at or before t: trans[lo] <= t < trans[hi]. */
	lo = 0;
	hi = z->ntrans;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->types[z->tidx[lo]];
}

int32_t
tz_offset_at(const struct tz *z, int64_t utc)
{
	return tz_type_at(z, utc).off;
}

void
tz_to_local(const struct tz *z, int64_t utc, struct tz_local *out)
{
	struct tz_type	 ty;
	int64_t		 l, days, secs;

	utc = tz_clamp(utc);
	ty = tz_type_at(z, utc);
	l = utc + ty.off;
	days = tz_floor_div(l, TZ_DAY);
	secs = l - days * TZ_DAY;
	tz_civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(secs / 3600);
	out->min = (int)(secs / 60 % 60);
	out->sec = (int)(secs % 60);
	out->wday = tz_weekday(days);
	out->utc_offset = ty.off;
	out->is_dst = ty.isdst;
}

/*
 * Collect the distinct offsets in force within 30 hours of wall (every
 * instant that could show wall lies there).  Returns how many, at most
 * 2 * TZ_SAMPLES + 1, in offs.
 */
static size_t
offsets_near(const struct tz *z, int64_t wall, int32_t *offs)
{
	size_t	 n = 0, i;
	int32_t	 o;
	int	 k;

	for (k = -TZ_SAMPLES; k <= TZ_SAMPLES; k++) {
		o = tz_offset_at(z, wall + (int64_t)k * TZ_SAMPLE_STEP);
		for (i = 0; i < n && offs[i] != o; i++)
			continue;
		if (i == n)
			offs[n++] = o;
	}
	return n;
}

/*
 * wall lies in a gap between offsets omin and omax: find the first
 * instant whose clock shows wall or later, by bisection over the
 * instants that could hold the transition.
 */
static int64_t
gap_end(const struct tz *z, int64_t wall, int32_t omin, int32_t omax)
{
	int64_t	 lo = wall - omax, hi = wall - omin, mid;

	if (hi <= lo)
		return hi;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (mid + tz_offset_at(z, mid) >= wall)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

enum tz_match
tz_from_wall(const struct tz *z, int64_t wall, int64_t *utc)
{
	int32_t	 offs[2 * TZ_SAMPLES + 1], omin, omax;
	int64_t	 t, best = 0;
	size_t	 n, i, nvalid = 0;

	wall = tz_clamp(wall);
	n = offsets_near(z, wall, offs);
	omin = omax = offs[0];
	for (i = 0; i < n; i++) {
		omin = offs[i] < omin ? offs[i] : omin;
		omax = offs[i] > omax ? offs[i] : omax;
		t = wall - offs[i];
		if (tz_offset_at(z, t) != offs[i])
			continue;
		if (nvalid == 0 || t < best)
			best = t;
		nvalid++;
	}
	if (nvalid == 0) {
		*utc = gap_end(z, wall, omin, omax);
		return TZ_LOCAL_GAP;
	}
	*utc = best;
	return nvalid == 1 ? TZ_LOCAL_UNIQUE : TZ_LOCAL_AMBIGUOUS;
}

enum tz_match
tz_from_local(const struct tz *z, int y, int m, int d, int hh, int mm,
    int64_t *utc)
{
	int64_t	 wall;

	if (!tz_date_ok(y, m, d) || hh < 0 || hh > 24 || mm < 0 ||
	    mm > 59 || (hh == 24 && mm != 0))
		return TZ_LOCAL_INVALID;
	wall = tz_days_from_civil(y, m, d) * TZ_DAY + hh * 3600 + mm * 60;
	return tz_from_wall(z, wall, utc);
}

const char *
tz_country(const char *name)
{
	static const struct {
		const char	*tz, *cc;
	} map[] = {
		{ "Europe/Paris", "FR" }, { "Europe/Brussels", "BE" },
		{ "Europe/Zurich", "CH" }, { "Europe/Luxembourg", "LU" },
		{ "Europe/Berlin", "DE" }, { "Europe/London", "GB" },
		{ "Europe/Dublin", "IE" }, { "Europe/Madrid", "ES" },
		{ "Europe/Rome", "IT" }, { "Europe/Amsterdam", "NL" },
		{ "Europe/Lisbon", "PT" }, { "America/Montreal", "CA" },
		{ "America/Toronto", "CA" }, { "America/Vancouver", "CA" },
		{ "America/Halifax", "CA" }, { "America/Edmonton", "CA" },
		{ "America/Winnipeg", "CA" }, { "America/New_York", "US" },
		{ "America/Chicago", "US" }, { "America/Denver", "US" },
		{ "America/Los_Angeles", "US" }, { "America/Phoenix", "US" },
	};
	size_t	 i;

	for (i = 0; name != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].tz, name) == 0)
			return map[i].cc;
	return NULL;
}
