/*
 * tz — IANA time zones read from the compiled TZif files (RFC 8536) under
 * /usr/share/zoneinfo, without touching the process-global TZ or localtime.
 *
 * Instants are int64_t seconds since 1970-01-01T00:00:00Z (POSIX time, no
 * leap seconds).  A "wall" time is the local civil time counted the same
 * way, as if it were UTC: days_from_civil * 86400 + seconds of the day.
 *
 * Weekdays are numbered 0 = Monday .. 6 = Sunday (ISO 8601 order).
 *
 * Instants and wall times are meaningful from year 1 to year 9999; the
 * conversions clamp values outside [TZ_T_MIN, TZ_T_MAX] to that range.
 *
 * Not thread-safe: the zone cache is per process, and Sophie's processes
 * are single-threaded.
 */
#ifndef SOPHIE_TZ_H
#define SOPHIE_TZ_H

#include <stddef.h>
#include <stdint.h>

/* Longest zone name accepted by tz_load (bytes, without the NUL). */
#define TZ_NAME_MAX	64
/* Largest TZif file read (bytes); real files are under 4 KiB. */
#define TZ_FILE_MAX	(256 * 1024)
/* Where the compiled zones live. */
#define TZ_DIR		"/usr/share/zoneinfo"
/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define TZ_T_MIN	(-62135596800LL)
#define TZ_T_MAX	(253402300799LL)

struct tz;

enum tz_err {
	TZ_OK = 0,
	TZ_EBADNAME,	/* name refused before touching the filesystem */
	TZ_ENOENT,	/* no such zone (or not a regular file) */
	TZ_EFORMAT,	/* not a TZif file we understand */
	TZ_ENOMEM,	/* allocation failed */
	TZ_EIO,		/* read error */
};

/* Result of converting a local wall time to an instant. */
enum tz_match {
	TZ_LOCAL_UNIQUE = 0,	/* exactly one instant shows this time */
	TZ_LOCAL_AMBIGUOUS,	/* shown twice (fall-back): earlier given */
	TZ_LOCAL_GAP,		/* never shown (spring-forward gap) */
	TZ_LOCAL_INVALID,	/* fields out of range */
};

/* A broken-down local time. */
struct tz_local {
	int	 year;		/* e.g. 2026 */
	int	 month;		/* 1..12 */
	int	 day;		/* 1..31 */
	int	 hour;		/* 0..23 */
	int	 min;		/* 0..59 */
	int	 sec;		/* 0..59 */
	int	 wday;		/* 0 = Monday .. 6 = Sunday */
	int32_t	 utc_offset;	/* seconds east of UTC: 3600 is +01:00 */
	int	 is_dst;	/* 1 when daylight saving time is in force */
};

/* A short English description of an error; static storage. */
const char	*tz_strerror(enum tz_err);

/*
 * Check a zone name: 1..TZ_NAME_MAX bytes of [A-Za-z0-9_+-/], no leading
 * or trailing '/', no "//", no "..".  Returns 1 when acceptable, else 0.
 */
int		 tz_name_ok(const char *name);

/*
 * Find the zone called name ("Europe/Paris"), reading TZ_DIR/name the first
 * time and keeping it in the per-process cache afterwards.  On TZ_OK *out
 * is set; the zone is owned by the cache and stays valid until
 * tz_cache_clear().  The cache holds at most one entry per zone file
 * installed, so it is bounded by the zoneinfo tree.
 */
enum tz_err	 tz_load(const char *name, const struct tz **out);

/* Release every cached zone; handles from tz_load become invalid. */
void		 tz_cache_clear(void);

/*
 * Parse a TZif image of len bytes (version 1 to 4; for version 2 and later
 * the 64-bit section and the footer rule are used).  Files that count leap
 * seconds ("right/" zones) are refused.  On TZ_OK *out is a new zone owned
 * by the caller (release with tz_free); name is copied (may be NULL).
 */
enum tz_err	 tz_parse(const unsigned char *data, size_t len,
		    const char *name, struct tz **out);

/* Release a zone from tz_parse.  NULL and cached zones are ignored. */
void		 tz_free(struct tz *);
/*
 * The country (ISO 3166-1 alpha-2, one of those sql/015 allows) of a
 * clinic in IANA zone name, or NULL when the zone is none of theirs.
 */
const char	*tz_country(const char *name);

/* The zone's name ("" when parsed without one); owned by the zone. */
const char	*tz_name(const struct tz *);

/* Seconds east of UTC in force at instant utc. */
int32_t		 tz_offset_at(const struct tz *, int64_t utc);

/* Break instant utc down into local time in the zone; fills *out. */
void		 tz_to_local(const struct tz *, int64_t utc,
		    struct tz_local *);

/*
 * Find the instant at which the zone's clocks show wall (see above).
 * TZ_LOCAL_UNIQUE: *utc is that instant.  TZ_LOCAL_AMBIGUOUS: *utc is the
 * earlier of the two.  TZ_LOCAL_GAP: the time is skipped; *utc is the
 * first instant after the gap, i.e. the first instant whose clock shows a
 * time later than wall.  In all three cases *utc is the first instant at
 * which the clock reads wall or later.
 */
enum tz_match	 tz_from_wall(const struct tz *, int64_t wall,
		    int64_t *utc);

/*
 * As tz_from_wall for the local date y-m-d at hh:mm:00.  hh may be 24
 * with mm 0 (the end of the day).  Returns TZ_LOCAL_INVALID, *utc
 * untouched, when a field is out of range.
 */
enum tz_match	 tz_from_local(const struct tz *, int y, int m, int d,
		    int hh, int mm, int64_t *utc);

/* Civil date arithmetic (proleptic Gregorian calendar). */

/* Days from 1970-01-01 to y-m-d (negative before).  Fields not checked. */
int64_t		 tz_days_from_civil(int y, int m, int d);
/* The date of day number days (as above). */
void		 tz_civil_from_days(int64_t days, int *y, int *m, int *d);
/* Weekday of day number days: 0 = Monday .. 6 = Sunday. */
int		 tz_weekday(int64_t days);
/* 1 for a leap year, else 0. */
int		 tz_is_leap(int y);
/* Days in month m (1..12) of year y; 0 when m is out of range. */
int		 tz_days_in_month(int y, int m);
/* 1 when y-m-d is a real date (years 1..9999), else 0. */
int		 tz_date_ok(int y, int m, int d);
/* floor(a / b) for b > 0. */
int64_t		 tz_floor_div(int64_t a, int64_t b);

#endif
