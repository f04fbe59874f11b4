/*
 * slots — the availability engine: free appointment slots and the best
 * few proposals for a patient's request.  Pure functions over plain
 * structures the caller fills (from the database); no I/O, no globals.
 *
 * Instants are int64_t seconds since the epoch (UTC).  Daily rules are
 * minutes from local midnight in the clinic's zone, [start, end) with
 * 0 <= start < end <= 1440.  Weekdays: 0 = Monday .. 6 = Sunday.
 *
 * What a slot is (slots_free):
 *  - its start is a local wall-clock time start + k * granularity of a
 *    working range of its local day: the intersection of the clinic's
 *    opening ranges and the practitioner's working ranges for that
 *    weekday, minus the day's partial closures.  A time that does not
 *    exist that day (spring-forward gap) gives no slot; a time shown twice
 *    (fall-back) gives one slot, at its first occurrence.  So the local
 *    times a patient sees are exactly the wall-clock times of the hours,
 *    none doubled.
 *  - [start, start + duration + buffer) lies inside the range, measured
 *    in real time; a range bound that falls in a gap means the first
 *    instant the clock shows that time or later.
 *  - the day is not wholly closed, and is no public holiday of the
 *    clinic's country (lib/holiday); the start is at or after
 *    now + notice; its local date is at most today + horizon days;
 *  - [start, start + duration + buffer) overlaps no absence, booked
 *    appointment or calendar busy interval of the practitioner.
 * A slot's end is start + duration (the buffer is not part of it).
 */
#ifndef SOPHIE_SLOTS_H
#define SOPHIE_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "tz.h"

/* Ranges per weekday, in opening and in working hours. */
#define SLOTS_DAY_RANGES	8
/* Longest requested date range of slots_propose (days). */
#define SLOTS_MAX_SPAN		92
/* Most days slots_propose may look past the requested range. */
#define SLOTS_MAX_EXTEND	31
/* Most candidate slots slots_propose ranks in one call. */
#define SLOTS_MAX_CANDIDATES	65536
/* Most busy intervals (all kinds) of one practitioner. */
#define SLOTS_MAX_BUSY		100000
/* Practitioner id meaning "anyone who offers the treatment". */
#define SLOTS_ANYONE		0

enum slots_err {
	SLOTS_OK = 0,
	SLOTS_ETRUNC,		/* more results than room: first given */
	SLOTS_EINVAL,		/* malformed ranges, dates or sizes */
	SLOTS_ENOTFOUND,	/* no such practitioner */
	SLOTS_ENOTOFFERED,	/* the practitioner does not offer it */
	SLOTS_ETOOBIG,		/* over a SLOTS_MAX_* bound */
	SLOTS_ENOMEM,
};

/* A local time range of a day, in minutes from midnight: [start, end). */
struct slots_range {
	int	 start;
	int	 end;
};

/* Ranges for each weekday (index 0 = Monday); n[w] of them used. */
struct slots_week {
	struct slots_range	 r[7][SLOTS_DAY_RANGES];
	size_t			 n[7];
};

/* A local calendar date. */
struct slots_date {
	int	 y;
	int	 m;	/* 1..12 */
	int	 d;	/* 1..31 */
};

/* A closure of the clinic: range {0, 1440} closes the whole day. */
struct slots_closure {
	struct slots_date	 date;
	struct slots_range	 range;
};

/* A UTC interval [start, end). */
struct slots_interval {
	int64_t	 start;
	int64_t	 end;
};

/* A treatment: its length and the free time it needs after it. */
struct slots_treatment {
	int64_t	 id;
	int	 duration;	/* minutes, >= 1 */
	int	 buffer;	/* minutes, >= 0 */
};

/*
 * A practitioner.  Booked appointments are given with their buffers
 * included.  All arrays are borrowed, in any order, overlaps allowed.
 */
struct slots_practitioner {
	int64_t				 id;	/* != SLOTS_ANYONE */
	struct slots_week		 hours;
	/* Ids of the treatments offered. */
	const int64_t			*treatments;
	size_t				 ntreatments;
	const struct slots_interval	*absences;
	size_t				 nabsences;
	const struct slots_interval	*booked;
	size_t				 nbooked;
	const struct slots_interval	*calendar;	/* Google busy */
	size_t				 ncalendar;
};

/*
 * Everything about the clinic the engine reads.  Borrowed arrays.  now
 * must lie between 1970 and the year 5000, horizon at most 3660 days.
 * country is an ISO 3166 code holiday_supported() knows ("FR"): no slot
 * is offered on its public holidays.  NULL or "" closes no holiday.
 */
struct slots_clinic {
	const struct tz			*tz;
	const char			*country;
	struct slots_week		 open;
	const struct slots_closure	*closures;
	size_t				 nclosures;
	const struct slots_practitioner	*practitioners;
	size_t				 npractitioners;
	int				 notice;	/* minutes, >= 0 */
	int				 horizon;	/* days, >= 0 */
	int				 granularity;	/* minutes */
	int64_t				 now;
};

/*
 * Parts of the day a patient may ask for, by local start time:
 * MORNING before 12:00, AFTERNOON 12:00 to before 18:00, EVENING 18:00
 * and later.
 */
enum slots_pref {
	SLOTS_PREF_NONE = 0,
	SLOTS_PREF_MORNING,
	SLOTS_PREF_AFTERNOON,
	SLOTS_PREF_EVENING,
};

/* A patient's request for proposals. */
struct slots_request {
	/* A practitioner id, or SLOTS_ANYONE. */
	int64_t				 practitioner;
	const struct slots_treatment	*treatment;
	struct slots_date		 first;	/* local, inclusive */
	struct slots_date		 last;
	int				 time;	/* minutes, -1: none */
	enum slots_pref			 pref;	/* when time is -1 */
	int				 extend; /* days to look past last */
	/* A practitioner id never offered, or SLOTS_ANYONE: none. */
	int64_t				 exclude;
};

/* A slot or proposal. */
struct slots_slot {
	int64_t	 practitioner;
	int64_t	 start;		/* UTC */
	int64_t	 end;		/* UTC, start + duration */
	int	 exact;		/* proposals: matches the request */
};

/* Whether, and why, the clinic opens on a day (slots_day). */
enum slots_day_kind {
	SLOTS_DAY_OPEN = 0,	/* open: r[0..n) are its hours */
	SLOTS_DAY_HOLIDAY,	/* a public holiday of the country */
	SLOTS_DAY_WEEKLY,	/* no opening hours that weekday */
	SLOTS_DAY_CLOSURE,	/* closures take the whole day */
};

/* Most opening ranges slots_day gives for one day. */
#define SLOTS_DAY_OPEN_MAX	(SLOTS_DAY_RANGES + 16)

/* A day of the clinic as slots_day sees it. */
struct slots_day {
	enum slots_day_kind	 kind;
	struct slots_range	 r[SLOTS_DAY_OPEN_MAX];	/* sorted */
	size_t			 n;	/* 0 unless SLOTS_DAY_OPEN */
};

/* A short English description of an error; static storage. */
const char	*slots_strerror(enum slots_err);

/*
 * The free slots of practitioner id for treatment t starting in
 * [from, to), in increasing start order (see the top of this file).
 * Writes at most max slots to out and their count to *n.  Returns
 * SLOTS_OK; SLOTS_ETRUNC when more slots existed (out holds the first
 * max); SLOTS_ENOTFOUND, SLOTS_ENOTOFFERED, SLOTS_EINVAL (bad clinic
 * data), SLOTS_ETOOBIG or SLOTS_ENOMEM with *n = 0.  Allocates scratch
 * memory, freed before returning.
 */
enum slots_err	 slots_free(const struct slots_clinic *, int64_t id,
		    const struct slots_treatment *t, int64_t from, int64_t to,
		    struct slots_slot *out, size_t max, size_t *n);

/*
 * The best max proposals for request rq, best first; their count in *n.
 *
 * Candidates are the free slots, on the requested local dates, of the
 * requested practitioner or of every practitioner offering the treatment
 * (in the order of the clinic's array).  When fewer than max candidates
 * exist there, the next rq->extend days are searched too.
 *
 * A candidate "matches" (exact = 1) when it is on a requested date and
 * starts at rq->time exactly; or, without a time, starts in the
 * preferred part of the day; or, with neither, always.  Candidates are
 * ranked by tier -- matching, then non-matching on requested dates, then
 * matching and non-matching on the later days -- then by distance: from
 * the requested time (minutes), or from the preferred part of the day;
 * on later days plus one day's minutes per day past the range -- then by
 * start and practitioner order.
 *
 * Picking, tier by tier, walking the ranked list each time:
 *  1. the best candidate;
 *  2. when a time was asked, the candidates on requested dates starting
 *     within 60 minutes of it in its half-day, nearest first (both
 *     sides, "09:45 or 10:15"; other practitioners at the same time
 *     before times further away);
 *  3. when a time was asked and nothing matched it, the nearest on the
 *     other side of that time on the same day;
 *  4. candidates in a half-day (date, before/after 12:00) not yet used;
 *  5. candidates of a practitioner not yet proposed;
 *  6. candidates at least 60 minutes from every pick;
 *  7. anything left.
 * So a patient is offered the nearest times first (17:45 taken: 17:15,
 * never 11:45 before the afternoon's times), then a spread across
 * half-days, days and practitioners rather than adjacent slots.
 *
 * Returns SLOTS_OK (also with *n = 0: nothing free), SLOTS_EINVAL (bad
 * request or clinic data), SLOTS_ENOTFOUND, SLOTS_ENOTOFFERED,
 * SLOTS_ETOOBIG (range over SLOTS_MAX_SPAN or too many candidates) or
 * SLOTS_ENOMEM.  Scratch memory is freed before returning.
 */
enum slots_err	 slots_propose(const struct slots_clinic *,
		    const struct slots_request *rq, struct slots_slot *out,
		    size_t max, size_t *n);

/*
 * The clinic's opening hours on local date `date`, whatever the
 * practitioners do: the weekday's opening ranges minus the day's
 * closures, or why it is closed (a holiday first, then a weekday without
 * hours, then closures taking the whole day).  Fills *out.  Returns
 * SLOTS_OK, SLOTS_EINVAL (bad clinic data or date) or SLOTS_ETOOBIG
 * (closures splitting the day into more than SLOTS_DAY_OPEN_MAX ranges).
 */
enum slots_err	 slots_day(const struct slots_clinic *,
		    const struct slots_date *date, struct slots_day *out);

#endif
