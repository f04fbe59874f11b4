/*
 * bench_slots — proposal requests per second (best 3 each) for one
 * practitioner with 500 booked appointments over 30 days in
 * Europe/Paris.  Prints figures; there is no pass/fail on time.  The
 * appointments come from a fixed seed, so every run measures the same
 * calendar.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slots.h"

#define NBOOKED		500
#define DAYS		30
#define RUN_SECS	0.5

/* The clinic under test and its storage. */
struct bench {
	struct slots_clinic		 c;
	struct slots_practitioner	 p;
	int64_t				 treatments[1];
	struct slots_interval		 booked[NBOOKED];
	struct slots_treatment		 t;
	int64_t				 day0;	/* first day */
};

/* A 64-bit linear congruential step (Knuth's MMIX constants). */
static uint64_t
lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* 1 when iv overlaps one of the n intervals in a. */
static int
overlaps(const struct slots_interval *a, size_t n,
    const struct slots_interval *iv)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (a[i].start < iv->end && iv->start < a[i].end)
			return 1;
	return 0;
}

static double
now_secs(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Local instant of day number day at minute m (Paris). */
static int64_t
local_at(const struct bench *b, int64_t day, int m)
{
	int64_t	 t = 0;

	(void)tz_from_wall(b->c.tz, day * 86400 + m * 60, &t);
	return t;
}

/*
 * Fill b: open and worked Monday-Saturday 08:00-12:30 and 13:30-19:00,
 * 20-minute treatment with 10 minutes' buffer, 15-minute grid, and 500
 * non-overlapping appointments of 15 or 30 minutes (buffers included)
 * at random grid times: about 70% of the month is booked.
 */
static void
bench_init(struct bench *b)
{
	static const int	 starts[] = { 8 * 60, 13 * 60 + 30 };
	static const int	 lens[] = { 270, 330 };
	const struct tz		*z;
	uint64_t		 seed = 42;
	struct slots_interval	 iv;
	int64_t			 day;
	size_t			 i, tries;
	int			 d, r, m;

	memset(b, 0, sizeof(*b));
	if (tz_load("Europe/Paris", &z) != TZ_OK)
		errx(1, "Europe/Paris: cannot load");
	b->c.tz = z;
	for (d = 0; d < 6; d++) {
		for (r = 0; r < 2; r++) {
			b->c.open.r[d][r].start = starts[r];
			b->c.open.r[d][r].end = starts[r] + lens[r];
		}
		b->c.open.n[d] = 2;
	}
	b->p.hours = b->c.open;
	b->p.id = 1;
	b->treatments[0] = 7;
	b->p.treatments = b->treatments;
	b->p.ntreatments = 1;
	b->t = (struct slots_treatment){ 7, 20, 10 };
	b->day0 = tz_days_from_civil(2026, 9, 1);
	b->c.now = local_at(b, b->day0, 0);
	b->c.granularity = 15;
	b->c.notice = 60;
	b->c.horizon = 90;
	b->c.practitioners = &b->p;
	b->c.npractitioners = 1;
	for (i = 0, tries = 0; i < NBOOKED; ) {
		if (++tries > 10000000)
			errx(1, "cannot place %d appointments", NBOOKED);
		day = b->day0 + (int64_t)(lcg(&seed) % DAYS);
		if (tz_weekday(day) >= 6)
			continue;
		r = (int)(lcg(&seed) % 2);
		m = starts[r] + 15 * (int)(lcg(&seed) % (lens[r] / 15));
		iv.start = local_at(b, day, m);
		iv.end = iv.start + (int64_t)(15 + 15 * (lcg(&seed) % 2)) * 60;
		if (overlaps(b->booked, i, &iv))
			continue;
		b->booked[i++] = iv;
	}
	b->p.booked = b->booked;
	b->p.nbooked = NBOOKED;
}

/* Set rq to ask for days first..first+span-1 after day0. */
static void
req_days(const struct bench *b, struct slots_request *rq, int first,
    int span)
{
	tz_civil_from_days(b->day0 + first, &rq->first.y, &rq->first.m,
	    &rq->first.d);
	tz_civil_from_days(b->day0 + first + span - 1, &rq->last.y,
	    &rq->last.m, &rq->last.d);
}

/* Run slots_propose with rq (day shifted per call) and print calls/s. */
static void
run_propose(const struct bench *b, const char *label,
    struct slots_request rq, int span)
{
	struct slots_slot	 out[3];
	size_t			 n, calls = 0, found = 0;
	double			 t0, t1;

	t0 = t1 = now_secs();
	while (t1 - t0 < RUN_SECS) {
		req_days(b, &rq, (int)(calls % (DAYS - span + 1)), span);
		if (slots_propose(&b->c, &rq, out, 3, &n) != SLOTS_OK)
			errx(1, "%s: slots_propose failed", label);
		found += n;
		calls++;
		if (calls % 64 == 0)
			t1 = now_secs();
	}
	printf("%-40s %9.0f requests/s (%zu calls, %.2f proposals each)\n",
	    label, (double)calls / (t1 - t0), calls,
	    (double)found / (double)calls);
}

/* Run slots_free over the whole month and print calls/s. */
static void
run_free(const struct bench *b)
{
	static struct slots_slot out[2048];
	size_t			 n = 0, calls = 0;
	double			 t0, t1;

	t0 = t1 = now_secs();
	while (t1 - t0 < RUN_SECS) {
		if (slots_free(&b->c, 1, &b->t, b->c.now,
		    local_at(b, b->day0 + DAYS, 0), out, 2048, &n) != SLOTS_OK)
			errx(1, "slots_free failed");
		calls++;
		if (calls % 16 == 0)
			t1 = now_secs();
	}
	printf("%-40s %9.0f calls/s (%zu free slots in the month)\n",
	    "slots_free, whole month", (double)calls / (t1 - t0), n);
}

int
main(void)
{
	struct bench		*b;
	struct slots_request	 rq;

	if ((b = malloc(sizeof(*b))) == NULL)
		err(1, "malloc");
	bench_init(b);
	printf("bench_slots: %d booked appointments over %d days, "
	    "Europe/Paris, best 3\n", NBOOKED, DAYS);
	memset(&rq, 0, sizeof(rq));
	rq.practitioner = 1;
	rq.treatment = &b->t;
	rq.time = 10 * 60;
	run_propose(b, "one day, asked 10:00", rq, 1);
	rq.time = -1;
	rq.pref = SLOTS_PREF_MORNING;
	run_propose(b, "one week, MORNING", rq, 7);
	rq.pref = SLOTS_PREF_NONE;
	run_propose(b, "whole month, no preference", rq, DAYS);
	rq.extend = 7;
	rq.time = 16 * 60;
	run_propose(b, "one day, asked 16:00, extend 7 days", rq, 1);
	run_free(b);
	free(b);
	tz_cache_clear();
	return 0;
}
