/*
 * slots — free slots and proposals.  See slots.h for the rules.
 */
#include <stdlib.h>
#include <string.h>

#include "holiday.h"
#include "slots.h"

#define DAY_SECS	86400
#define DAY_MINS	1440
#define NOON		720
/* Working ranges of one day: all pairwise intersections plus splits. */
#define DAY_MAX		(SLOTS_DAY_RANGES * SLOTS_DAY_RANGES + 16)
/* Proposals at least this far apart count as spread (rule 6). */
#define SPREAD_GAP	3600
/* Minutes from an asked time within which a slot is "near" it. */
#define NEAR_MINS	60

/* A practitioner's busy time: sorted, merged, disjoint. */
struct busy {
	struct slots_interval	*iv;
	size_t			 n;
};

/* A generated slot and what ranking needs to know about it. */
struct cand {
	struct slots_slot	 s;
	int64_t			 day;	/* local day number */
	int			 min;	/* local start, minutes */
	int			 tier;	/* see slots_propose */
	int64_t			 dist;
	size_t			 prac;	/* index in the clinic */
	int			 taken;
};

/* One practitioner's slot generation over a run of days. */
struct gen {
	const struct slots_clinic	*c;
	const struct slots_practitioner	*p;
	size_t				 pi;
	int64_t				 dur;	/* seconds */
	int64_t				 need;	/* seconds, with buffer */
	struct busy			 busy;
	int64_t				 from;	/* first start */
	int64_t				 to;	/* starts before */
	int				(*emit)(void *, const struct cand *);
	void				*arg;
};

/* Where slots_free puts slots. */
struct fsink {
	struct slots_slot	*out;
	size_t			 max;
	size_t			 n;
	int			 trunc;
};

/* Where slots_propose puts candidates (growable, bounded). */
struct psink {
	struct cand	*c;
	size_t		 n;
	size_t		 cap;
	enum slots_err	 err;
};

/* The selection rules of slots_propose, in the order they run. */
enum pick_rule {
	PICK_FIRST,	/* the best candidate, when nothing is picked */
	PICK_NEAR,	/* near the asked time, in its half-day */
	PICK_OTHER,	/* the other side of the asked time, same day */
	PICK_HALFDAY,	/* a half-day not yet used */
	PICK_PRACT,	/* a practitioner not yet proposed */
	PICK_GAP,	/* SPREAD_GAP away from every pick */
	PICK_ANY,	/* anything left */
	PICK__MAX,
};

/* Picks made so far by slots_propose. */
struct picks {
	const struct slots_request	*rq;
	struct cand			**pk;
	size_t				 n;
	size_t				 max;
};

const char *
slots_strerror(enum slots_err er)
{
	switch (er) {
	case SLOTS_OK:
		return "success";
	case SLOTS_ETRUNC:
		return "more slots than room for them";
	case SLOTS_EINVAL:
		return "invalid availability data";
	case SLOTS_ENOTFOUND:
		return "no such practitioner";
	case SLOTS_ENOTOFFERED:
		return "treatment not offered by the practitioner";
	case SLOTS_ETOOBIG:
		return "request too large";
	case SLOTS_ENOMEM:
		return "out of memory";
	}
	return "unknown error";
}

/* --- checking input --- */

static int
range_ok(const struct slots_range *r)
{
	return r->start >= 0 && r->start < r->end && r->end <= DAY_MINS;
}

static int
week_ok(const struct slots_week *w)
{
	size_t	 d, i;

	for (d = 0; d < 7; d++) {
		if (w->n[d] > SLOTS_DAY_RANGES)
			return 0;
		for (i = 0; i < w->n[d]; i++)
			if (!range_ok(&w->r[d][i]))
				return 0;
	}
	return 1;
}

static int
date_ok(const struct slots_date *d)
{
	return tz_date_ok(d->y, d->m, d->d);
}

/* 1 when the clinic's settings, hours and closures are usable. */
static int
clinic_ok(const struct slots_clinic *c)
{
	size_t	 i;

	if (c->tz == NULL || c->now < 0 || c->now > TZ_T_MAX / 2 ||
	    (c->country != NULL && *c->country != '\0' &&
	    !holiday_supported(c->country)) ||
	    c->granularity < 1 ||
	    c->granularity > DAY_MINS || c->notice < 0 || c->horizon < 0 ||
	    c->horizon > 3660 || !week_ok(&c->open))
		return 0;
	for (i = 0; i < c->nclosures; i++)
		if (!date_ok(&c->closures[i].date) ||
		    !range_ok(&c->closures[i].range))
			return 0;
	for (i = 0; i < c->npractitioners; i++)
		if (c->practitioners[i].id == SLOTS_ANYONE ||
		    !week_ok(&c->practitioners[i].hours))
			return 0;
	return 1;
}

static int
treatment_ok(const struct slots_treatment *t)
{
	return t != NULL && t->duration >= 1 && t->duration <= DAY_MINS &&
	    t->buffer >= 0 && t->buffer <= DAY_MINS;
}

/* 1 when practitioner p offers treatment id. */
static int
offers(const struct slots_practitioner *p, int64_t id)
{
	size_t	 i;

	for (i = 0; i < p->ntreatments; i++)
		if (p->treatments[i] == id)
			return 1;
	return 0;
}

/*
 * Find practitioner id offering treatment tid; its index in *idx.
 * Returns SLOTS_OK, SLOTS_ENOTFOUND or SLOTS_ENOTOFFERED.
 */
static enum slots_err
find_practitioner(const struct slots_clinic *c, int64_t id, int64_t tid,
    size_t *idx)
{
	size_t	 i;

	for (i = 0; i < c->npractitioners; i++) {
		if (c->practitioners[i].id != id)
			continue;
		if (!offers(&c->practitioners[i], tid))
			return SLOTS_ENOTOFFERED;
		*idx = i;
		return SLOTS_OK;
	}
	return SLOTS_ENOTFOUND;
}

/* --- busy time --- */

static int
iv_cmp(const void *a, const void *b)
{
	const struct slots_interval *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* Append the non-empty intervals of src to dst at *n. */
static void
busy_copy(struct slots_interval *dst, size_t *n,
    const struct slots_interval *src, size_t nsrc)
{
	size_t	 i;

	for (i = 0; i < nsrc; i++)
		if (src[i].end > src[i].start)
			dst[(*n)++] = src[i];
}

/*
 * Gather p's absences, appointments and calendar busy time into b,
 * sorted and merged.  b->iv is allocated (free it).  Returns SLOTS_OK,
 * SLOTS_ETOOBIG or SLOTS_ENOMEM.
 */
static enum slots_err
busy_build(const struct slots_practitioner *p, struct busy *b)
{
	size_t	 total, n = 0, i, k;

	b->iv = NULL;
	b->n = 0;
	if (p->nabsences > SLOTS_MAX_BUSY || p->nbooked > SLOTS_MAX_BUSY ||
	    p->ncalendar > SLOTS_MAX_BUSY)
		return SLOTS_ETOOBIG;
	total = p->nabsences + p->nbooked + p->ncalendar;
	if (total > SLOTS_MAX_BUSY)
		return SLOTS_ETOOBIG;
	if ((b->iv = calloc(total + 1, sizeof(*b->iv))) == NULL)
		return SLOTS_ENOMEM;
	busy_copy(b->iv, &n, p->absences, p->nabsences);
	busy_copy(b->iv, &n, p->booked, p->nbooked);
	busy_copy(b->iv, &n, p->calendar, p->ncalendar);
	qsort(b->iv, n, sizeof(*b->iv), iv_cmp);
	for (i = 0, k = 0; i < n; i++) {
		if (k > 0 && b->iv[i].start <= b->iv[k - 1].end) {
			if (b->iv[i].end > b->iv[k - 1].end)
				b->iv[k - 1].end = b->iv[i].end;
		} else
			b->iv[k++] = b->iv[i];
	}
	b->n = k;
	return SLOTS_OK;
}

/* 1 when [s, e) overlaps b's busy time (binary search). */
static int
busy_overlaps(const struct busy *b, int64_t s, int64_t e)
{
	size_t	 lo = 0, hi = b->n, mid;

	/* First interval ending after s. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (b->iv[mid].end <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < b->n && b->iv[lo].start < e;
}

/* --- working ranges of a day --- */

/* 1 when local date y-m-d is a public holiday of the clinic's country. */
static int
is_holiday(const struct slots_clinic *c, int y, int m, int d)
{
	return c->country != NULL && *c->country != '\0' &&
	    holiday_find(c->country, y, m, d, HOLIDAY_EN) != NULL;
}

static int
range_cmp(const void *a, const void *b)
{
	const struct slots_range *x = a, *y = b;

	return x->start != y->start ? (x->start < y->start ? -1 : 1) : 0;
}

/* Intersect two lists of ranges into r; returns the count (sorted). */
static size_t
ranges_intersect(const struct slots_range *a, size_t na,
    const struct slots_range *b, size_t nb, struct slots_range *r)
{
	size_t	 i, j, n = 0, k;
	int	 s, e;

	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++) {
			s = a[i].start > b[j].start ? a[i].start : b[j].start;
			e = a[i].end < b[j].end ? a[i].end : b[j].end;
			if (s < e) {
				r[n].start = s;
				r[n++].end = e;
			}
		}
	}
	qsort(r, n, sizeof(*r), range_cmp);
	for (i = 0, k = 0; i < n; i++) {
		if (k > 0 && r[i].start <= r[k - 1].end) {
			if (r[i].end > r[k - 1].end)
				r[k - 1].end = r[i].end;
		} else
			r[k++] = r[i];
	}
	return k;
}

/*
 * Remove closed range x from the n sorted ranges in r (room for max).
 * Returns the new count, or -1 when a split would not fit.
 */
static int
ranges_subtract(struct slots_range *r, size_t n, size_t max,
    const struct slots_range *x)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (x->end <= r[i].start || x->start >= r[i].end)
			continue;
		if (x->start > r[i].start && x->end < r[i].end) {
			if (n == max)
				return -1;
			memmove(&r[i + 2], &r[i + 1],
			    (n - i - 1) * sizeof(*r));
			r[i + 1].start = x->end;
			r[i + 1].end = r[i].end;
			r[i].end = x->start;
			n++;
			i++;
		} else if (x->start <= r[i].start && x->end >= r[i].end) {
			memmove(&r[i], &r[i + 1], (n - i - 1) * sizeof(*r));
			n--;
			i--;
		} else if (x->start <= r[i].start)
			r[i].start = x->end;
		else
			r[i].end = x->start;
	}
	return (int)n;
}

/*
 * The working ranges of practitioner p on local day `day`: opening hours
 * intersected with p's hours, minus the day's closures; none on a
 * public holiday.  Writes up to
 * DAY_MAX sorted ranges to r.  Returns the count, or -1 when too many.
 */
static int
day_ranges(const struct slots_clinic *c, const struct slots_practitioner *p,
    int64_t day, struct slots_range *r)
{
	const struct slots_closure	*cl;
	size_t				 i;
	int				 w, n, y, m, d;

	w = tz_weekday(day);
	tz_civil_from_days(day, &y, &m, &d);
	if (is_holiday(c, y, m, d))
		return 0;
	n = (int)ranges_intersect(c->open.r[w], c->open.n[w],
	    p->hours.r[w], p->hours.n[w], r);
	for (i = 0; i < c->nclosures && n > 0; i++) {
		cl = &c->closures[i];
		if (cl->date.y != y || cl->date.m != m || cl->date.d != d)
			continue;
		if ((n = ranges_subtract(r, (size_t)n, DAY_MAX,
		    &cl->range)) == -1)
			return -1;
	}
	return n;
}

/* --- generating slots --- */

/* The local day number of instant t. */
static int64_t
local_day(const struct tz *z, int64_t t)
{
	return tz_floor_div(t + tz_offset_at(z, t), DAY_SECS);
}

/*
 * When the zone keeps one offset through local day `day` and 30 hours
 * either side, store it in *off and return 1 (every wall time of the day
 * is then shown exactly once); else return 0.
 */
static int
day_fixed_offset(const struct tz *z, int64_t day, int32_t *off)
{
	int64_t	 wall0 = day * DAY_SECS;
	int	 k;

	*off = tz_offset_at(z, wall0);
	for (k = -5; k <= 9; k++)
		if (tz_offset_at(z, wall0 + k * 6 * 3600) != *off)
			return 0;
	return 1;
}

/*
 * Emit the free slots of one working range r of local day `day`.
 * Returns 0 to go on, 1 to stop (past the window, or the sink says so).
 */
static int
gen_range(struct gen *g, int64_t day, const struct slots_range *r,
    int fixed, int32_t off)
{
	const struct tz	*z = g->c->tz;
	struct cand	 k;
	int64_t		 wall0 = day * DAY_SECS, re, t;
	int		 m;

	(void)tz_from_wall(z, wall0 + r->end * 60, &re);
	for (m = r->start; m < r->end; m += g->c->granularity) {
		if (fixed)
			t = wall0 + m * 60 - off;
		else if (tz_from_wall(z, wall0 + m * 60, &t) == TZ_LOCAL_GAP)
			continue;
		if (t + g->need > re)
			break;
		if (t >= g->to)
			return 1;
		if (t < g->from || busy_overlaps(&g->busy, t, t + g->need))
			continue;
		memset(&k, 0, sizeof(k));
		k.s.practitioner = g->p->id;
		k.s.start = t;
		k.s.end = t + g->dur;
		k.day = day;
		k.min = m;
		k.prac = g->pi;
		if (g->emit(g->arg, &k) != 0)
			return 1;
	}
	return 0;
}

/*
 * Emit the free slots of local days day0..day1 in start order.  Returns
 * SLOTS_OK or SLOTS_ETOOBIG (a day with too many closure splits).
 */
static enum slots_err
gen_days(struct gen *g, int64_t day0, int64_t day1)
{
	struct slots_range	 r[DAY_MAX];
	int64_t			 day;
	int32_t			 off;
	int			 n, i, fixed;

	for (day = day0; day <= day1; day++) {
		if ((n = day_ranges(g->c, g->p, day, r)) == -1)
			return SLOTS_ETOOBIG;
		if (n == 0)
			continue;
		fixed = day_fixed_offset(g->c->tz, day, &off);
		for (i = 0; i < n; i++)
			if (gen_range(g, day, &r[i], fixed, off) != 0)
				return SLOTS_OK;
	}
	return SLOTS_OK;
}

/*
 * Emit practitioner pi's free slots for treatment t starting in
 * [from, to) on local days day0..day1, within notice and horizon.
 */
static enum slots_err
gen_run(const struct slots_clinic *c, size_t pi,
    const struct slots_treatment *t, int64_t from, int64_t to,
    int64_t day0, int64_t day1, int (*emit)(void *, const struct cand *),
    void *arg)
{
	struct gen	 g;
	enum slots_err	 er;
	int64_t		 earliest, last;

	earliest = c->now + (int64_t)c->notice * 60;
	last = local_day(c->tz, c->now) + c->horizon;
	if (from < earliest)
		from = earliest;
	if (day1 > last)
		day1 = last;
	if (day0 < local_day(c->tz, from))
		day0 = local_day(c->tz, from);
	memset(&g, 0, sizeof(g));
	g.c = c;
	g.p = &c->practitioners[pi];
	g.pi = pi;
	g.dur = (int64_t)t->duration * 60;
	g.need = (int64_t)(t->duration + t->buffer) * 60;
	g.from = from;
	g.to = to;
	g.emit = emit;
	g.arg = arg;
	if ((er = busy_build(g.p, &g.busy)) == SLOTS_OK)
		er = gen_days(&g, day0, day1);
	free(g.busy.iv);
	return er;
}

/* --- slots_free --- */

/* Sink of slots_free: copy into the caller's array; 1 when full. */
static int
fsink_emit(void *arg, const struct cand *k)
{
	struct fsink	*f = arg;

	if (f->n == f->max) {
		f->trunc = 1;
		return 1;
	}
	f->out[f->n++] = k->s;
	return 0;
}

enum slots_err
slots_free(const struct slots_clinic *c, int64_t id,
    const struct slots_treatment *t, int64_t from, int64_t to,
    struct slots_slot *out, size_t max, size_t *n)
{
	struct fsink	 f = { out, max, 0, 0 };
	enum slots_err	 er;
	size_t		 pi;

	*n = 0;
	if (!clinic_ok(c) || !treatment_ok(t) || (out == NULL && max > 0))
		return SLOTS_EINVAL;
	if ((er = find_practitioner(c, id, t->id, &pi)) != SLOTS_OK)
		return er;
	/* Nothing is bookable before now or past the horizon. */
	if (from < c->now)
		from = c->now;
	if (to > c->now + (int64_t)(c->horizon + 2) * DAY_SECS)
		to = c->now + (int64_t)(c->horizon + 2) * DAY_SECS;
	if (to <= from)
		return SLOTS_OK;
	er = gen_run(c, pi, t, from, to, local_day(c->tz, from),
	    local_day(c->tz, to - 1), fsink_emit, &f);
	if (er != SLOTS_OK)
		return er;
	*n = f.n;
	return f.trunc ? SLOTS_ETRUNC : SLOTS_OK;
}

/* --- slots_propose --- */

/* Sink of slots_propose: append, doubling up to SLOTS_MAX_CANDIDATES. */
static int
psink_emit(void *arg, const struct cand *k)
{
	struct psink	*p = arg;
	struct cand	*nc;
	size_t		 ncap;

	if (p->n == p->cap) {
		if (p->cap >= SLOTS_MAX_CANDIDATES) {
			p->err = SLOTS_ETOOBIG;
			return 1;
		}
		ncap = p->cap ? p->cap * 2 : 256;
		if (ncap > SLOTS_MAX_CANDIDATES)
			ncap = SLOTS_MAX_CANDIDATES;
		if ((nc = reallocarray(p->c, ncap, sizeof(*nc))) == NULL) {
			p->err = SLOTS_ENOMEM;
			return 1;
		}
		p->c = nc;
		p->cap = ncap;
	}
	p->c[p->n++] = *k;
	return 0;
}

/* Check a request.  Returns SLOTS_OK, SLOTS_EINVAL or SLOTS_ETOOBIG. */
static enum slots_err
request_ok(const struct slots_request *rq)
{
	int64_t	 d0, d1;

	if (!treatment_ok(rq->treatment) || !date_ok(&rq->first) ||
	    !date_ok(&rq->last) || rq->time < -1 || rq->time >= DAY_MINS ||
	    rq->pref < SLOTS_PREF_NONE || rq->pref > SLOTS_PREF_EVENING ||
	    rq->extend < 0)
		return SLOTS_EINVAL;
	d0 = tz_days_from_civil(rq->first.y, rq->first.m, rq->first.d);
	d1 = tz_days_from_civil(rq->last.y, rq->last.m, rq->last.d);
	if (d1 < d0)
		return SLOTS_EINVAL;
	if (d1 - d0 >= SLOTS_MAX_SPAN || rq->extend > SLOTS_MAX_EXTEND)
		return SLOTS_ETOOBIG;
	return SLOTS_OK;
}

/*
 * Add to s the free slots on local days day0..day1 of every practitioner
 * the request names (or who offers the treatment, for SLOTS_ANYONE).
 */
static enum slots_err
collect(const struct slots_clinic *c, const struct slots_request *rq,
    int64_t day0, int64_t day1, struct psink *s)
{
	const struct slots_practitioner	*p;
	enum slots_err			 er;
	size_t				 i;

	for (i = 0; i < c->npractitioners; i++) {
		p = &c->practitioners[i];
		if (rq->practitioner == SLOTS_ANYONE ?
		    !offers(p, rq->treatment->id) : p->id != rq->practitioner)
			continue;
		if (rq->exclude != SLOTS_ANYONE && p->id == rq->exclude)
			continue;
		er = gen_run(c, i, rq->treatment, INT64_MIN, INT64_MAX,
		    day0, day1, psink_emit, s);
		if (er != SLOTS_OK)
			return er;
		if (s->err != SLOTS_OK)
			return s->err;
	}
	return SLOTS_OK;
}

/*
 * Set k's tier, distance and exact flag for request rq whose last
 * requested local day is last (see slots_propose in slots.h).
 */
static void
score(struct cand *k, const struct slots_request *rq, int64_t last)
{
	static const struct slots_range part[] = {
		{ 0, DAY_MINS },	/* SLOTS_PREF_NONE */
		{ 0, NOON },		/* SLOTS_PREF_MORNING */
		{ NOON, 1080 },		/* SLOTS_PREF_AFTERNOON */
		{ 1080, DAY_MINS },	/* SLOTS_PREF_EVENING */
	};
	const struct slots_range	*r = &part[rq->pref];
	int				 later = k->day > last, match;

	if (rq->time >= 0) {
		k->dist = abs(k->min - rq->time);
		match = k->dist == 0;
	} else {
		match = k->min >= r->start && k->min < r->end;
		k->dist = k->min < r->start ? r->start - k->min :
		    (match ? 0 : k->min - r->end + 1);
	}
	if (later)
		k->dist += (k->day - last) * DAY_MINS;
	k->tier = later * 2 + !match;
	k->s.exact = !later && match;
}

/* Rank order: tier, distance, start, practitioner order. */
static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->tier != y->tier)
		return x->tier < y->tier ? -1 : 1;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	if (x->s.start != y->s.start)
		return x->s.start < y->s.start ? -1 : 1;
	if (x->prac != y->prac)
		return x->prac < y->prac ? -1 : 1;
	return 0;
}

/*
 * 1 when k is on the other side of the asked time from the single,
 * inexact pick so far, on the same day.
 */
static int
other_side(const struct cand *k, const struct picks *pk)
{
	const struct cand	*f;
	int			 t = pk->rq->time;

	if (t < 0 || pk->n != 1)
		return 0;
	f = pk->pk[0];
	if (f->min == t || f->day != k->day)
		return 0;
	return (f->min < t) != (k->min < t);
}

/*
 * 1 when k, on a requested date, starts within NEAR_MINS of the asked
 * time and in the same half-day (before/after 12:00) as that time.
 */
static int
near_asked(const struct cand *k, const struct slots_request *rq)
{
	if (rq->time < 0 || k->tier > 1)
		return 0;
	return k->dist <= NEAR_MINS && (k->min < NOON) == (rq->time < NOON);
}

/* 1 when candidate k may be picked under rule r after the picks so far. */
static int
pick_ok(enum pick_rule r, const struct cand *k, const struct picks *pk)
{
	const struct cand	*q;
	size_t			 i;

	if (r == PICK_FIRST)
		return pk->n == 0;
	if (r == PICK_OTHER)
		return other_side(k, pk);
	if (r == PICK_NEAR)
		return near_asked(k, pk->rq);
	for (i = 0; i < pk->n; i++) {
		q = pk->pk[i];
		if (r == PICK_HALFDAY && q->day == k->day &&
		    (q->min < NOON) == (k->min < NOON))
			return 0;
		if (r == PICK_PRACT && q->prac == k->prac)
			return 0;
		if (r == PICK_GAP && q->s.start - k->s.start < SPREAD_GAP &&
		    k->s.start - q->s.start < SPREAD_GAP)
			return 0;
	}
	return 1;
}

/* Run every pick rule over the ranked candidates c[lo..hi) of a tier. */
static void
pick_tier(struct picks *pk, struct cand *c, size_t lo, size_t hi)
{
	size_t	 i;
	int	 r;

	for (r = 0; r < PICK__MAX; r++) {
		for (i = lo; i < hi && pk->n < pk->max; i++) {
			if (c[i].taken || !pick_ok(r, &c[i], pk))
				continue;
			c[i].taken = 1;
			pk->pk[pk->n++] = &c[i];
		}
	}
}

/*
 * Rank the candidates in s and copy the best max, picked by the rules of
 * slots_propose, to out.  Returns SLOTS_OK or SLOTS_ENOMEM.
 */
static enum slots_err
choose(struct psink *s, const struct slots_request *rq, int64_t last,
    struct slots_slot *out, size_t max, size_t *n)
{
	struct picks	 pk;
	size_t		 i, lo;

	for (i = 0; i < s->n; i++)
		score(&s->c[i], rq, last);
	if (s->n > 1)
		qsort(s->c, s->n, sizeof(*s->c), cand_cmp);
	pk.rq = rq;
	pk.n = 0;
	pk.max = max < s->n ? max : s->n;
	if ((pk.pk = calloc(pk.max + 1, sizeof(*pk.pk))) == NULL)
		return SLOTS_ENOMEM;
	for (lo = 0; lo < s->n && pk.n < pk.max; lo = i) {
		for (i = lo; i < s->n && s->c[i].tier == s->c[lo].tier; i++)
			continue;
		pick_tier(&pk, s->c, lo, i);
	}
	for (i = 0; i < pk.n; i++)
		out[i] = pk.pk[i]->s;
	*n = pk.n;
	free(pk.pk);
	return SLOTS_OK;
}

enum slots_err
slots_propose(const struct slots_clinic *c, const struct slots_request *rq,
    struct slots_slot *out, size_t max, size_t *n)
{
	struct psink	 s;
	enum slots_err	 er;
	int64_t		 day0, day1;
	size_t		 pi;

	*n = 0;
	if (!clinic_ok(c) || rq == NULL || (out == NULL && max > 0))
		return SLOTS_EINVAL;
	if ((er = request_ok(rq)) != SLOTS_OK)
		return er;
	if (rq->practitioner != SLOTS_ANYONE && (er = find_practitioner(c,
	    rq->practitioner, rq->treatment->id, &pi)) != SLOTS_OK)
		return er;
	if (max == 0)
		return SLOTS_OK;
	day0 = tz_days_from_civil(rq->first.y, rq->first.m, rq->first.d);
	day1 = tz_days_from_civil(rq->last.y, rq->last.m, rq->last.d);
	memset(&s, 0, sizeof(s));
	er = collect(c, rq, day0, day1, &s);
	if (er == SLOTS_OK && s.n < max && rq->extend > 0)
		er = collect(c, rq, day1 + 1, day1 + rq->extend, &s);
	if (er == SLOTS_OK)
		er = choose(&s, rq, day1, out, max, n);
	free(s.c);
	return er;
}

/* --- slots_day --- */

enum slots_err
slots_day(const struct slots_clinic *c, const struct slots_date *date,
    struct slots_day *out)
{
	const struct slots_closure	*cl;
	size_t				 i;
	int				 w, n;

	memset(out, 0, sizeof(*out));
	if (!clinic_ok(c) || date == NULL || !date_ok(date))
		return SLOTS_EINVAL;
	w = tz_weekday(tz_days_from_civil(date->y, date->m, date->d));
	if (is_holiday(c, date->y, date->m, date->d)) {
		out->kind = SLOTS_DAY_HOLIDAY;
		return SLOTS_OK;
	}
	if (c->open.n[w] == 0) {
		out->kind = SLOTS_DAY_WEEKLY;
		return SLOTS_OK;
	}
	/* The weekday's ranges, sorted and merged. */
	n = (int)ranges_intersect(c->open.r[w], c->open.n[w],
	    &(struct slots_range){ 0, DAY_MINS }, 1, out->r);
	for (i = 0; i < c->nclosures && n > 0; i++) {
		cl = &c->closures[i];
		if (cl->date.y != date->y || cl->date.m != date->m ||
		    cl->date.d != date->d)
			continue;
		if ((n = ranges_subtract(out->r, (size_t)n, SLOTS_DAY_OPEN_MAX,
		    &cl->range)) == -1) {
			memset(out, 0, sizeof(*out));
			return SLOTS_ETOOBIG;
		}
	}
	out->n = (size_t)n;
	out->kind = n > 0 ? SLOTS_DAY_OPEN : SLOTS_DAY_CLOSURE;
	return SLOTS_OK;
}
