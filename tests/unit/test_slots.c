#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "slots.h"

#define HM(h, m)	((h) * 60 + (m))
#define NSLOTS		512

/*
 * The test clinic, in Europe/Paris unless changed: open Monday to Friday
 * 08:30-12:30 and 14:00-18:30, Saturday 09:00-12:00.  Practitioner 1
 * works 08:00-19:00 on weekdays and Saturday and offers treatments 10 and
 * 20; practitioner 2 works 14:00-20:00 on weekdays and offers 10;
 * practitioner 3 offers 30 only.  Granularity 15 min, notice 2 h, horizon
 * 60 days, now Monday 2026-06-01 08:00 local.
 */
struct fx {
	struct slots_clinic		 c;
	struct slots_practitioner	 p[3];
	int64_t				 ta[2], tb[1], tc[1];
	struct slots_closure		 cl[4];
	struct slots_interval		 absn[4], booked[8], cal[4];
	struct slots_slot		 out[NSLOTS];
	size_t				 n;
};

static const struct slots_treatment t30 = { 10, 30, 0 };
static const struct slots_treatment t45 = { 20, 45, 15 };
static const struct slots_treatment tother = { 30, 20, 0 };

/* Add range s-e to weekday d of w. */
static void
week_add(struct slots_week *w, int d, int s, int e)
{
	w->r[d][w->n[d]].start = s;
	w->r[d][w->n[d]].end = e;
	w->n[d]++;
}

/* The instant local y-m-d hh:mm shows in zone z (must exist). */
static int64_t
at(const struct tz *z, int y, int m, int d, int hh, int mm)
{
	int64_t	 t = 0;

	assert_true(tz_from_local(z, y, m, d, hh, mm, &t) != TZ_LOCAL_INVALID);
	return t;
}

/* Local minutes of the day at instant t. */
static int
lmin(const struct tz *z, int64_t t)
{
	struct tz_local	 l;

	tz_to_local(z, t, &l);
	return l.hour * 60 + l.min;
}

/* Local day of month at instant t. */
static int
lday(const struct tz *z, int64_t t)
{
	struct tz_local	 l;

	tz_to_local(z, t, &l);
	return l.day;
}

static void
fx_init(struct fx *f, const char *zone)
{
	const struct tz	*z = NULL;
	int		 d;

	memset(f, 0, sizeof(*f));
	assert_int_equal(tz_load(zone, &z), TZ_OK);
	f->c.tz = z;
	for (d = 0; d < 5; d++) {
		week_add(&f->c.open, d, HM(8, 30), HM(12, 30));
		week_add(&f->c.open, d, HM(14, 0), HM(18, 30));
		week_add(&f->p[0].hours, d, HM(8, 0), HM(19, 0));
		week_add(&f->p[1].hours, d, HM(14, 0), HM(20, 0));
		week_add(&f->p[2].hours, d, HM(8, 0), HM(19, 0));
	}
	week_add(&f->c.open, 5, HM(9, 0), HM(12, 0));
	week_add(&f->p[0].hours, 5, HM(8, 0), HM(19, 0));
	f->ta[0] = 10;
	f->ta[1] = 20;
	f->tb[0] = 10;
	f->tc[0] = 30;
	f->p[0].id = 1;
	f->p[0].treatments = f->ta;
	f->p[0].ntreatments = 2;
	f->p[0].absences = f->absn;
	f->p[0].booked = f->booked;
	f->p[0].calendar = f->cal;
	f->p[1].id = 2;
	f->p[1].treatments = f->tb;
	f->p[1].ntreatments = 1;
	f->p[2].id = 3;
	f->p[2].treatments = f->tc;
	f->p[2].ntreatments = 1;
	f->c.closures = f->cl;
	f->c.practitioners = f->p;
	f->c.npractitioners = 3;
	f->c.notice = 120;
	f->c.horizon = 60;
	f->c.granularity = 15;
	f->c.now = at(z, 2026, 6, 1, 8, 0);
}

/* Free slots of practitioner id for t on local day 2026-06-dd. */
static enum slots_err
fx_day(struct fx *f, int64_t id, const struct slots_treatment *t, int dd)
{
	const struct tz	*z = f->c.tz;

	return slots_free(&f->c, id, t, at(z, 2026, 6, dd, 0, 0),
	    at(z, 2026, 6, dd + 1, 0, 0), f->out, NSLOTS, &f->n);
}

/* 1 when some slot in f->out starts at local hh:mm. */
static int
has(const struct fx *f, int hh, int mm)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		if (lmin(f->c.tz, f->out[i].start) == HM(hh, mm))
			return 1;
	return 0;
}

/* A request of practitioner id for t on 2026-06-d0..d1. */
static struct slots_request
req(int64_t id, const struct slots_treatment *t, int d0, int d1, int time)
{
	struct slots_request	 rq;

	memset(&rq, 0, sizeof(rq));
	rq.practitioner = id;
	rq.treatment = t;
	rq.first.y = rq.last.y = 2026;
	rq.first.m = rq.last.m = 6;
	rq.first.d = d0;
	rq.last.d = d1;
	rq.time = time;
	rq.pref = SLOTS_PREF_NONE;
	return rq;
}

static void
free_lunch_break_respected(void **state)
{
	struct fx	 f;
	size_t		 i;
	int		 m;

	(void)state;
	fx_init(&f, "Europe/Paris");
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_OK);
	/* 08:30..12:00 and 14:00..18:00 every 15 minutes. */
	assert_int_equal(f.n, 15 + 17);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(8, 30));
	for (i = 0; i < f.n; i++) {
		m = lmin(f.c.tz, f.out[i].start);
		assert_false(m > HM(12, 0) && m < HM(14, 0));
		assert_int_equal(f.out[i].end - f.out[i].start, 30 * 60);
		if (i > 0)
			assert_true(f.out[i].start > f.out[i - 1].start);
	}
	assert_true(has(&f, 12, 0));
	assert_false(has(&f, 12, 15));
	assert_true(has(&f, 18, 0));
	assert_false(has(&f, 18, 15));
}

static void
free_bad_duration_plus_buffer_past_range_end(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	/* 45 min + 15 min buffer: must end by 12:30 and 18:30. */
	assert_int_equal(fx_day(&f, 1, &t45, 2), SLOTS_OK);
	assert_true(has(&f, 11, 30));
	assert_false(has(&f, 11, 45));
	assert_true(has(&f, 17, 30));
	assert_false(has(&f, 17, 45));
	/* The buffer is not part of the appointment. */
	assert_int_equal(f.out[0].end - f.out[0].start, 45 * 60);
}

static void
free_bad_before_notice_or_past_horizon(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	/* Now 08:00 + 2 h notice: nothing before 10:00 today. */
	assert_int_equal(fx_day(&f, 1, &t30, 1), SLOTS_OK);
	assert_false(has(&f, 9, 45));
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(10, 0));
	/* Horizon 60 days: Friday 31 July yes, Monday 3 August no. */
	assert_int_equal(slots_free(&f.c, 1, &t30,
	    at(f.c.tz, 2026, 7, 31, 0, 0), at(f.c.tz, 2026, 8, 4, 0, 0),
	    f.out, NSLOTS, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 32);
	assert_int_equal(lday(f.c.tz, f.out[f.n - 1].start), 31);
}

static void
free_bad_closed_days_and_hours(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	f.cl[0].date = (struct slots_date){ 2026, 6, 3 };
	f.cl[0].range = (struct slots_range){ 0, HM(24, 0) };
	f.cl[1].date = (struct slots_date){ 2026, 6, 4 };
	f.cl[1].range = (struct slots_range){ HM(10, 0), HM(11, 0) };
	f.c.nclosures = 2;
	assert_int_equal(fx_day(&f, 1, &t30, 3), SLOTS_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(fx_day(&f, 1, &t30, 4), SLOTS_OK);
	assert_true(has(&f, 9, 30));
	assert_false(has(&f, 9, 45));
	assert_false(has(&f, 10, 30));
	assert_true(has(&f, 11, 0));
	/* Sunday: the clinic does not open. */
	assert_int_equal(fx_day(&f, 1, &t30, 7), SLOTS_OK);
	assert_int_equal(f.n, 0);
}

static void
free_bad_during_absence(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	f.absn[0].start = at(f.c.tz, 2026, 6, 2, 10, 0);
	f.absn[0].end = at(f.c.tz, 2026, 6, 2, 15, 0);
	f.p[0].nabsences = 1;
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_OK);
	assert_true(has(&f, 9, 30));
	assert_false(has(&f, 9, 45));
	assert_false(has(&f, 14, 45));
	assert_true(has(&f, 15, 0));
}

static void
free_bad_overlapping_appointment_or_calendar(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	f.booked[0].start = at(f.c.tz, 2026, 6, 2, 9, 0);
	f.booked[0].end = at(f.c.tz, 2026, 6, 2, 9, 45);
	f.cal[0].start = at(f.c.tz, 2026, 6, 2, 15, 0);
	f.cal[0].end = at(f.c.tz, 2026, 6, 2, 16, 0);
	f.cal[1] = f.cal[0];	/* duplicates and overlaps are allowed */
	f.p[0].nbooked = 1;
	f.p[0].ncalendar = 2;
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_OK);
	assert_true(has(&f, 8, 30));
	assert_false(has(&f, 8, 45));
	assert_false(has(&f, 9, 30));
	assert_true(has(&f, 9, 45));
	assert_true(has(&f, 14, 30));
	assert_false(has(&f, 14, 45));
	assert_false(has(&f, 15, 45));
	assert_true(has(&f, 16, 0));
	/* The buffer of treatment 20 must be free too: 14:00+60 > 15:00? */
	assert_int_equal(fx_day(&f, 1, &t45, 2), SLOTS_OK);
	assert_true(has(&f, 14, 0));
	assert_false(has(&f, 14, 15));
}

static void
free_granularity_from_range_start(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	f.c.granularity = 20;
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_OK);
	assert_true(has(&f, 8, 50));
	assert_false(has(&f, 8, 45));
	assert_true(has(&f, 14, 20));
	/* The practitioner starts at 09:10: slots count from there. */
	f.c.granularity = 15;
	f.p[0].hours.r[1][0].start = HM(9, 10);
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_OK);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(9, 10));
	assert_true(has(&f, 9, 25));
	assert_false(has(&f, 9, 30));
}

static void
free_bad_unknown_or_not_offered(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	assert_int_equal(fx_day(&f, 3, &t30, 2), SLOTS_ENOTOFFERED);
	assert_int_equal(fx_day(&f, 9, &t30, 2), SLOTS_ENOTFOUND);
	assert_int_equal(f.n, 0);
}

static void
free_bad_invalid_settings(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	f.c.granularity = 0;
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_EINVAL);
	fx_init(&f, "Europe/Paris");
	f.c.open.r[1][0].end = HM(8, 0);	/* ends before it starts */
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_EINVAL);
	fx_init(&f, "Europe/Paris");
	f.c.open.n[1] = SLOTS_DAY_RANGES + 1;
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_EINVAL);
	fx_init(&f, "Europe/Paris");
	f.cl[0].date = (struct slots_date){ 2026, 2, 30 };
	f.cl[0].range = (struct slots_range){ 0, HM(24, 0) };
	f.c.nclosures = 1;
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_EINVAL);
}

static void
free_bad_unbounded_window_is_clamped(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	/* From the beginning of time: only now+notice..horizon. */
	assert_int_equal(slots_free(&f.c, 1, &t30, INT64_MIN, INT64_MAX,
	    f.out, NSLOTS, &f.n), SLOTS_ETRUNC);
	assert_int_equal(f.n, NSLOTS);
	assert_int_equal(lday(f.c.tz, f.out[0].start), 1);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(10, 0));
	f.c.now = INT64_MAX;
	assert_int_equal(slots_free(&f.c, 1, &t30, INT64_MIN, INT64_MAX,
	    f.out, NSLOTS, &f.n), SLOTS_EINVAL);
}

static void
free_bad_truncated_at_max(void **state)
{
	struct fx	 f;

	(void)state;
	fx_init(&f, "Europe/Paris");
	assert_int_equal(slots_free(&f.c, 1, &t30,
	    at(f.c.tz, 2026, 6, 2, 0, 0), at(f.c.tz, 2026, 6, 3, 0, 0),
	    f.out, 3, &f.n), SLOTS_ETRUNC);
	assert_int_equal(f.n, 3);
	assert_int_equal(lmin(f.c.tz, f.out[2].start), HM(9, 0));
}

static void
propose_anyone_only_who_offers(void **state)
{
	struct fx		 f;
	struct slots_request	 rq;
	size_t			 i;

	(void)state;
	fx_init(&f, "Europe/Paris");
	rq = req(SLOTS_ANYONE, &t30, 2, 2, HM(15, 0));
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 6, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 6);
	/* Both who offer it are proposed at 15:00; 3 never. */
	assert_int_equal(f.out[0].practitioner, 1);
	assert_int_equal(f.out[1].practitioner, 2);
	assert_true(f.out[0].exact && f.out[1].exact);
	for (i = 0; i < f.n; i++)
		assert_int_not_equal(f.out[i].practitioner, 3);
	rq.treatment = &tother;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 6, &f.n), SLOTS_OK);
	assert_true(f.n > 0);
	for (i = 0; i < f.n; i++)
		assert_int_equal(f.out[i].practitioner, 3);
}

/* "un autre dentiste": the practitioner ruled out is never proposed,
 * the others who offer the treatment still are. */
static void
propose_anyone_but_excluded(void **state)
{
	struct fx		 f;
	struct slots_request	 rq;
	size_t			 i;

	(void)state;
	fx_init(&f, "Europe/Paris");
	rq = req(SLOTS_ANYONE, &t30, 2, 2, HM(15, 0));
	rq.exclude = 1;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 6, &f.n), SLOTS_OK);
	assert_true(f.n > 0);
	assert_int_equal(f.out[0].practitioner, 2);
	for (i = 0; i < f.n; i++)
		assert_int_equal(f.out[i].practitioner, 2);
}

static void
propose_bad_not_offered_or_bad_request(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(2, &t45, 2, 2, -1);

	(void)state;
	fx_init(&f, "Europe/Paris");
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n),
	    SLOTS_ENOTOFFERED);
	rq = req(1, &t30, 5, 2, -1);		/* last before first */
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n),
	    SLOTS_EINVAL);
	rq = req(1, &t30, 2, 2, HM(24, 0));	/* no such time */
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n),
	    SLOTS_EINVAL);
	rq = req(1, &t30, 2, 2, -1);
	rq.last.m = 12;				/* over SLOTS_MAX_SPAN */
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n),
	    SLOTS_ETOOBIG);
	assert_int_equal(f.n, 0);
}

static void
propose_preferences_filter(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(1, &t30, 2, 4, -1);
	size_t			 i;
	int			 m;

	(void)state;
	fx_init(&f, "Europe/Paris");
	rq.pref = SLOTS_PREF_MORNING;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 3);
	for (i = 0; i < f.n; i++) {
		assert_true(lmin(f.c.tz, f.out[i].start) < HM(12, 0));
		assert_true(f.out[i].exact);
	}
	rq.pref = SLOTS_PREF_AFTERNOON;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	for (i = 0; i < f.n; i++) {
		m = lmin(f.c.tz, f.out[i].start);
		assert_true(m >= HM(12, 0) && m < HM(18, 0));
	}
	rq.pref = SLOTS_PREF_EVENING;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(18, 0));
	assert_true(f.out[0].exact);
}

static void
propose_bad_preference_unavailable_gives_nearest(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(1, &t45, 2, 2, -1);

	(void)state;
	fx_init(&f, "Europe/Paris");
	/* 45+15 min never fits after 18:00: the latest are offered. */
	rq.pref = SLOTS_PREF_EVENING;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 2, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 2);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(17, 30));
	assert_false(f.out[0].exact);
	assert_false(f.out[1].exact);
}

static void
propose_best_three_spread(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(1, &t30, 2, 4, -1);
	size_t			 i, j;
	int			 mi, mj;

	(void)state;
	fx_init(&f, "Europe/Paris");
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 3);
	/*
	 * Tuesday morning, Tuesday afternoon (12:00 counts as afternoon),
	 * Wednesday morning.
	 */
	assert_int_equal(lday(f.c.tz, f.out[0].start), 2);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(8, 30));
	assert_int_equal(lday(f.c.tz, f.out[1].start), 2);
	assert_int_equal(lmin(f.c.tz, f.out[1].start), HM(12, 0));
	assert_int_equal(lday(f.c.tz, f.out[2].start), 3);
	for (i = 0; i < f.n; i++) {
		for (j = i + 1; j < f.n; j++) {
			mi = lmin(f.c.tz, f.out[i].start) < HM(12, 0);
			mj = lmin(f.c.tz, f.out[j].start) < HM(12, 0);
			assert_false(lday(f.c.tz, f.out[i].start) ==
			    lday(f.c.tz, f.out[j].start) && mi == mj);
		}
	}
}

static void
propose_one_day_spread_not_adjacent(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(1, &t30, 2, 2, -1);
	int64_t			 d;

	(void)state;
	fx_init(&f, "Europe/Paris");
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 3);
	d = f.out[2].start - f.out[0].start;
	assert_true(d >= 3600 || d <= -3600);
	d = f.out[2].start - f.out[1].start;
	assert_true(d >= 3600 || d <= -3600);
}

static void
propose_exact_time_first(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(1, &t30, 2, 2, HM(11, 0));

	(void)state;
	fx_init(&f, "Europe/Paris");
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(11, 0));
	assert_true(f.out[0].exact);
	assert_int_equal(f.out[0].end - f.out[0].start, 30 * 60);
	assert_false(f.out[1].exact);
}

static void
propose_bad_time_taken_gives_nearest_both_sides(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(1, &t30, 2, 2, HM(10, 0));

	(void)state;
	fx_init(&f, "Europe/Paris");
	f.booked[0].start = at(f.c.tz, 2026, 6, 2, 10, 0);
	f.booked[0].end = at(f.c.tz, 2026, 6, 2, 10, 30);
	f.p[0].nbooked = 1;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 3);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(9, 30));
	assert_int_equal(lmin(f.c.tz, f.out[1].start), HM(10, 30));
	/* Then the nearest left in the asked half-day (09:15 and 10:45 tie:
	 * the earlier), not 12:00 in the other half-day. */
	assert_int_equal(lmin(f.c.tz, f.out[2].start), HM(9, 15));
	assert_false(f.out[0].exact || f.out[1].exact || f.out[2].exact);
}

static void
propose_bad_closed_day_extends_to_next(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(1, &t30, 7, 7, HM(9, 0));

	(void)state;
	fx_init(&f, "Europe/Paris");
	/* Sunday is closed; nothing without looking further. */
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 0);
	rq.extend = 7;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 3, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 3);
	assert_int_equal(lday(f.c.tz, f.out[0].start), 8);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(9, 0));
	assert_false(f.out[0].exact);
}

/*
 * A clinic open and worked every day 01:00-04:00 and 08:30-10:00, with
 * 15-minute treatments, now 2026-03-01.
 */
static void
fx_night(struct fx *f, const char *zone)
{
	int	 d;

	fx_init(f, zone);
	memset(&f->c.open, 0, sizeof(f->c.open));
	memset(&f->p[0].hours, 0, sizeof(f->p[0].hours));
	for (d = 0; d < 7; d++) {
		week_add(&f->c.open, d, HM(1, 0), HM(4, 0));
		week_add(&f->c.open, d, HM(8, 30), HM(10, 0));
		week_add(&f->p[0].hours, d, HM(1, 0), HM(4, 0));
		week_add(&f->p[0].hours, d, HM(8, 30), HM(10, 0));
	}
	f->c.now = at(f->c.tz, 2026, 3, 1, 0, 0);
	f->c.horizon = 300;
}

/*
 * Assert the slots of local day y-m-d show exactly the local times of
 * want (minutes, ascending), one each, at increasing instants.
 */
static void
assert_day_times(struct fx *f, int y, int m, int d, const int *want,
    size_t nwant)
{
	static const struct slots_treatment t15 = { 10, 15, 0 };
	size_t	 i;

	assert_int_equal(slots_free(&f->c, 1, &t15, at(f->c.tz, y, m, d, 0, 0),
	    at(f->c.tz, y, m, d, 24, 0), f->out, NSLOTS, &f->n), SLOTS_OK);
	assert_int_equal(f->n, nwant);
	for (i = 0; i < f->n; i++) {
		assert_int_equal(lmin(f->c.tz, f->out[i].start), want[i]);
		assert_int_equal(lday(f->c.tz, f->out[i].start), d);
		assert_int_equal(f->out[i].end - f->out[i].start, 15 * 60);
		if (i > 0)
			assert_true(f->out[i].start > f->out[i - 1].start);
	}
}

static void
dst_paris_spring_forward_no_missing_no_ghost(void **state)
{
	static const int want[] = {
		HM(1, 0), HM(1, 15), HM(1, 30), HM(1, 45),
		HM(3, 0), HM(3, 15), HM(3, 30), HM(3, 45),
		HM(8, 30), HM(8, 45), HM(9, 0), HM(9, 15), HM(9, 30),
		HM(9, 45),
	};
	struct fx	 f;

	(void)state;
	fx_night(&f, "Europe/Paris");
	assert_day_times(&f, 2026, 3, 29, want, sizeof(want) / sizeof(*want));
	/* 01:45 CET is 00:45Z; 03:00 CEST is 01:00Z. */
	assert_int_equal(f.out[3].start, at(f.c.tz, 2026, 3, 29, 0, 0) +
	    45 * 60 + 3600);
	assert_int_equal(f.out[4].start - f.out[3].start, 15 * 60);
	assert_int_equal(lmin(f.c.tz, f.out[8].start), HM(8, 30));
}

static void
dst_paris_fall_back_none_doubled(void **state)
{
	static const int want[] = {
		HM(1, 0), HM(1, 15), HM(1, 30), HM(1, 45),
		HM(2, 0), HM(2, 15), HM(2, 30), HM(2, 45),
		HM(3, 0), HM(3, 15), HM(3, 30), HM(3, 45),
		HM(8, 30), HM(8, 45), HM(9, 0), HM(9, 15), HM(9, 30),
		HM(9, 45),
	};
	struct fx	 f;

	(void)state;
	fx_night(&f, "Europe/Paris");
	assert_day_times(&f, 2026, 10, 25, want, sizeof(want) / sizeof(*want));
	/* 02:45 is its first (summer) occurrence, then 03:00 winter. */
	assert_int_equal(f.out[7].start, at(f.c.tz, 2026, 10, 25, 2, 45));
	assert_int_equal(f.out[8].start - f.out[7].start, 75 * 60);
}

static void
dst_paris_asked_time_in_gap_gives_nearest(void **state)
{
	struct fx		 f;
	struct slots_request	 rq = req(1, &t30, 29, 29, HM(2, 30));

	(void)state;
	fx_night(&f, "Europe/Paris");
	rq.first.m = rq.last.m = 3;
	assert_int_equal(slots_propose(&f.c, &rq, f.out, 2, &f.n), SLOTS_OK);
	assert_int_equal(f.n, 2);
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(3, 0));
	assert_int_equal(lmin(f.c.tz, f.out[1].start), HM(1, 45));
	assert_false(f.out[0].exact);
}

/*
 * Whether a start is a free slot does not depend on the window asked:
 * the slots of a four-day window are exactly the starts that slots_free
 * of that start alone gives (the memo of booking_slot_free relies on
 * it).  Over the autumn change, with notice cutting the first day, a
 * partial closure, an absence, appointments and calendar busy time,
 * every minute of the window is tried.
 */
static void
free_window_same_as_each_start(void **state)
{
	static struct slots_slot	 win[2048];
	const struct slots_treatment	*ts[] = { &t30, &t45 };
	struct slots_slot		 one;
	struct fx			 f;
	size_t				 nw, n1, i, k, ti, got = 0;
	int64_t				 from, t;
	int				 in;

	(void)state;
	fx_night(&f, "Europe/Paris");
	f.c.now = at(f.c.tz, 2026, 10, 24, 2, 10);
	f.c.notice = 50;
	f.cl[0].date.y = 2026;
	f.cl[0].date.m = 10;
	f.cl[0].date.d = 26;
	f.cl[0].range.start = HM(1, 30);
	f.cl[0].range.end = HM(2, 30);
	f.c.nclosures = 1;
	f.absn[0].start = at(f.c.tz, 2026, 10, 25, 9, 10);
	f.absn[0].end = at(f.c.tz, 2026, 10, 25, 9, 40);
	f.p[0].nabsences = 1;
	f.booked[0].start = at(f.c.tz, 2026, 10, 25, 2, 20);
	f.booked[0].end = f.booked[0].start + 40 * 60;
	f.booked[1].start = at(f.c.tz, 2026, 10, 27, 8, 30);
	f.booked[1].end = f.booked[1].start + 15 * 60;
	f.p[0].nbooked = 2;
	f.cal[0].start = at(f.c.tz, 2026, 10, 24, 3, 0);
	f.cal[0].end = at(f.c.tz, 2026, 10, 24, 3, 20);
	f.p[0].ncalendar = 1;
	from = at(f.c.tz, 2026, 10, 24, 0, 0);
	for (ti = 0; ti < 2; ti++) {
		assert_int_equal(slots_free(&f.c, 1, ts[ti], from,
		    from + 4 * 86400, win, 2048, &nw), SLOTS_OK);
		for (t = from; t < from + 4 * 86400; t += 60) {
			n1 = 0;
			assert_int_equal(slots_free(&f.c, 1, ts[ti], t, t + 1,
			    &one, 1, &n1), SLOTS_OK);
			for (in = 0, k = 0; k < nw; k++)
				if (win[k].start == t)
					in = 1;
			assert_int_equal(n1 == 1 && one.start == t, in);
			got += (size_t)in;
		}
		for (i = 1; i < nw; i++)
			assert_true(win[i].start > win[i - 1].start);
	}
	/* the window had slots on every side of what it cuts */
	assert_true(got > 20);
}

static void
dst_montreal_nights(void **state)
{
	static const int spring[] = {
		HM(1, 0), HM(1, 15), HM(1, 30), HM(1, 45),
		HM(3, 0), HM(3, 15), HM(3, 30), HM(3, 45),
		HM(8, 30), HM(8, 45), HM(9, 0), HM(9, 15), HM(9, 30),
		HM(9, 45),
	};
	static const int fall[] = {
		HM(1, 0), HM(1, 15), HM(1, 30), HM(1, 45),
		HM(2, 0), HM(2, 15), HM(2, 30), HM(2, 45),
		HM(3, 0), HM(3, 15), HM(3, 30), HM(3, 45),
		HM(8, 30), HM(8, 45), HM(9, 0), HM(9, 15), HM(9, 30),
		HM(9, 45),
	};
	struct fx	 f;

	(void)state;
	fx_night(&f, "America/Montreal");
	assert_day_times(&f, 2026, 3, 8, spring, sizeof(spring) /
	    sizeof(*spring));
	assert_day_times(&f, 2026, 11, 1, fall, sizeof(fall) / sizeof(*fall));
	/* 01:45 shows twice in Montreal that night: the EDT one is used. */
	assert_int_equal(f.out[3].start, at(f.c.tz, 2026, 11, 1, 5, 45) -
	    5 * 3600);
}

static void
kolkata_half_hour_zone(void **state)
{
	struct fx	 f;
	const struct tz	*utc = NULL;

	(void)state;
	fx_init(&f, "Asia/Kolkata");
	assert_int_equal(tz_load("UTC", &utc), TZ_OK);
	assert_int_equal(fx_day(&f, 1, &t30, 2), SLOTS_OK);
	assert_int_equal(f.n, 32);
	/* 08:30 IST is 03:00Z. */
	assert_int_equal(f.out[0].start, at(utc, 2026, 6, 2, 3, 0));
	assert_int_equal(lmin(f.c.tz, f.out[0].start), HM(8, 30));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(free_lunch_break_respected),
		cmocka_unit_test(free_bad_duration_plus_buffer_past_range_end),
		cmocka_unit_test(free_bad_before_notice_or_past_horizon),
		cmocka_unit_test(free_bad_closed_days_and_hours),
		cmocka_unit_test(free_bad_during_absence),
		cmocka_unit_test(free_bad_overlapping_appointment_or_calendar),
		cmocka_unit_test(free_granularity_from_range_start),
		cmocka_unit_test(free_bad_unknown_or_not_offered),
		cmocka_unit_test(free_bad_invalid_settings),
		cmocka_unit_test(free_bad_truncated_at_max),
		cmocka_unit_test(free_bad_unbounded_window_is_clamped),
		cmocka_unit_test(propose_anyone_only_who_offers),
		cmocka_unit_test(propose_anyone_but_excluded),
		cmocka_unit_test(propose_bad_not_offered_or_bad_request),
		cmocka_unit_test(propose_preferences_filter),
		cmocka_unit_test(
		    propose_bad_preference_unavailable_gives_nearest),
		cmocka_unit_test(propose_best_three_spread),
		cmocka_unit_test(propose_one_day_spread_not_adjacent),
		cmocka_unit_test(propose_exact_time_first),
		cmocka_unit_test(
		    propose_bad_time_taken_gives_nearest_both_sides),
		cmocka_unit_test(propose_bad_closed_day_extends_to_next),
		cmocka_unit_test(dst_paris_spring_forward_no_missing_no_ghost),
		cmocka_unit_test(dst_paris_fall_back_none_doubled),
		cmocka_unit_test(dst_paris_asked_time_in_gap_gives_nearest),
		cmocka_unit_test(free_window_same_as_each_start),
		cmocka_unit_test(dst_montreal_nights),
		cmocka_unit_test(kolkata_half_hour_zone),
	};
	int	 rc;

	rc = cmocka_run_group_tests_name("slots", tests, NULL, NULL);
	tz_cache_clear();
	return rc;
}
