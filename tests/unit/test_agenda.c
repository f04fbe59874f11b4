#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "agenda.h"
#include "buf.h"
#include "slots.h"
#include "tz.h"

#define HM(h, m)	((h) * 60 + (m))

/*
 * A clinic in Europe/Paris open Monday to Friday 08:30-12:30 and
 * 14:00-18:30, one practitioner working those hours, booked on Tuesday
 * 2026-06-02 09:00-09:30, the clinic closed all of Wednesday 2026-06-03,
 * the practitioner absent Thursday 2026-06-04 10:00-11:00 and busy in
 * Google on Friday 2026-06-05 15:00-16:00.  Step 15 min,
 * notice 2 h, horizon 60 days, now Monday 2026-06-01 08:00 local.
 */
struct fx {
	struct slots_clinic		 c;
	struct slots_practitioner	 p;
	struct slots_closure		 cl[1];
	struct slots_interval		 booked[1], absn[1], cal[1];
};

static int64_t
at(const struct tz *z, int y, int m, int d, int hh, int mm)
{
	int64_t	 t = 0;

	assert_int_equal(tz_from_local(z, y, m, d, hh, mm, &t),
	    TZ_LOCAL_UNIQUE);
	return t;
}

static int
setup(void **state)
{
	static struct fx	 f;
	const struct tz		*z;
	int			 d;

	memset(&f, 0, sizeof(f));
	assert_int_equal(tz_load("Europe/Paris", &z), TZ_OK);
	f.c.tz = z;
	f.c.country = "FR";
	for (d = 0; d < 5; d++) {
		f.c.open.r[d][0].start = HM(8, 30);
		f.c.open.r[d][0].end = HM(12, 30);
		f.c.open.r[d][1].start = HM(14, 0);
		f.c.open.r[d][1].end = HM(18, 30);
		f.c.open.n[d] = 2;
	}
	f.p.id = 1;
	f.p.hours = f.c.open;
	f.booked[0].start = at(z, 2026, 6, 2, 9, 0);
	f.booked[0].end = at(z, 2026, 6, 2, 9, 30);
	f.p.booked = f.booked;
	f.p.nbooked = 1;
	f.absn[0].start = at(z, 2026, 6, 4, 10, 0);
	f.absn[0].end = at(z, 2026, 6, 4, 11, 0);
	f.p.absences = f.absn;
	f.p.nabsences = 1;
	f.cal[0].start = at(z, 2026, 6, 5, 15, 0);
	f.cal[0].end = at(z, 2026, 6, 5, 16, 0);
	f.p.calendar = f.cal;
	f.p.ncalendar = 1;
	f.cl[0].date.y = 2026;
	f.cl[0].date.m = 6;
	f.cl[0].date.d = 3;
	f.cl[0].range.start = 0;
	f.cl[0].range.end = 1440;
	f.c.closures = f.cl;
	f.c.nclosures = 1;
	f.c.practitioners = &f.p;
	f.c.npractitioners = 1;
	f.c.notice = 120;
	f.c.horizon = 60;
	f.c.granularity = 15;
	f.c.now = at(z, 2026, 6, 1, 8, 0);
	*state = &f;
	return 0;
}

static enum agenda_why
why(struct fx *f, int m, int d, int hh, int mm, int dur, int buf)
{
	return agenda_why(&f->c, 0, dur, buf, at(f->c.tz, 2026, m, d, hh,
	    mm));
}

static void
test_why_free_slot_is_ok(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(why(f, 6, 2, 10, 0, 30, 0), AGENDA_OK);
	assert_int_equal(why(f, 6, 2, 9, 30, 30, 0), AGENDA_OK);
}

static void
test_why_bad_hard_reasons(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(agenda_why(&f->c, 0, 30, 0, at(f->c.tz, 2026, 5, 29,
	    10, 0)), AGENDA_PAST);
	/* overlaps 09:00-09:30, and its buffer reaches 09:00 */
	assert_int_equal(why(f, 6, 2, 9, 15, 30, 0), AGENDA_TAKEN);
	assert_int_equal(why(f, 6, 2, 8, 30, 20, 15), AGENDA_TAKEN);
	assert_false(agenda_why_soft(AGENDA_PAST));
	assert_false(agenda_why_soft(AGENDA_TAKEN));
	assert_int_equal(agenda_why(&f->c, 1, 30, 0, f->c.now + 86400),
	    AGENDA_GRID);
}

static void
test_why_bad_soft_reasons(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(why(f, 6, 3, 10, 0, 30, 0), AGENDA_CLOSURE);
	assert_int_equal(why(f, 6, 2, 13, 0, 30, 0), AGENDA_HOURS);
	assert_int_equal(why(f, 6, 2, 12, 15, 30, 0), AGENDA_HOURS);
	assert_int_equal(why(f, 6, 7, 10, 0, 30, 0), AGENDA_WEEKLY);
	assert_int_equal(why(f, 7, 14, 10, 0, 30, 0), AGENDA_HOLIDAY);
	assert_int_equal(why(f, 6, 4, 10, 30, 30, 0), AGENDA_ABSENT);
	/* Google busy 15:00-16:00; 14:45 + 30 min reaches it */
	assert_int_equal(why(f, 6, 5, 14, 45, 30, 0), AGENDA_CALENDAR);
	assert_int_equal(why(f, 6, 5, 16, 0, 30, 0), AGENDA_OK);
	assert_true(agenda_why_soft(AGENDA_CALENDAR));
	assert_int_equal(why(f, 6, 1, 9, 0, 30, 0), AGENDA_NOTICE);
	assert_int_equal(why(f, 9, 1, 10, 0, 30, 0), AGENDA_HORIZON);
	assert_true(agenda_why_soft(AGENDA_CLOSURE));
	assert_true(agenda_why_soft(AGENDA_HOURS));
	assert_true(agenda_why_soft(AGENDA_NOTICE));
	assert_string_equal(agenda_why_class(AGENDA_HOLIDAY), "holiday");
	assert_non_null(strstr(agenda_why_fr(AGENDA_CLOSURE), "fermée"));
}

static void
test_grid_day_cells(void **state)
{
	struct fx		*f = *state;
	struct agenda_col	 col = { 0, { 2026, 6, 2 } };
	struct agenda_appt	 a = { 0, 0, 0 };
	struct agenda_grid	 g;

	a.start = f->booked[0].start;
	a.end = f->booked[0].end;
	assert_int_equal(agenda_grid(&f->c, &col, 1, &a, 1, &g), AGENDA_EOK);
	assert_int_equal(g.first, HM(8, 30));
	assert_int_equal(g.step, 15);
	assert_int_equal(g.nrows, (HM(18, 30) - HM(8, 30)) / 15);
	assert_int_equal(g.cells[0].kind, AGENDA_CELL_FREE);
	assert_int_equal(g.cells[2].kind, AGENDA_CELL_APPT);
	assert_int_equal(g.cells[2].span, 2);
	assert_int_equal(g.cells[3].kind, AGENDA_CELL_COVERED);
	assert_int_equal(g.cells[4].kind, AGENDA_CELL_FREE);
	assert_int_equal(g.cells[4].start, at(f->c.tz, 2026, 6, 2, 9, 30));
	/* 12:30, lunch */
	assert_int_equal(g.cells[16].kind, AGENDA_CELL_SHADED);
	assert_int_equal(g.cells[16].why, AGENDA_HOURS);
	agenda_grid_free(&g);
}

static void
test_grid_week_closed_and_bad(void **state)
{
	struct fx		*f = *state;
	struct agenda_col	 cols[2] = { { 0, { 2026, 6, 3 } },
				    { 0, { 2026, 6, 7 } } };
	struct agenda_col	 bad = { 3, { 2026, 6, 3 } };
	struct agenda_appt	 a = { 5, 0, 1 };
	struct agenda_grid	 g;

	assert_int_equal(agenda_grid(&f->c, cols, 2, NULL, 0, &g),
	    AGENDA_EOK);
	assert_int_equal(g.cells[0].why, AGENDA_CLOSURE);
	assert_int_equal(g.cells[1].why, AGENDA_WEEKLY);
	agenda_grid_free(&g);
	assert_int_equal(agenda_grid(&f->c, &bad, 1, NULL, 0, &g),
	    AGENDA_EINVAL);
	assert_int_equal(agenda_grid(&f->c, cols, 2, &a, 1, &g),
	    AGENDA_EINVAL);
	assert_int_equal(agenda_grid(&f->c, cols, 0, NULL, 0, &g),
	    AGENDA_EINVAL);
}

/*
 * Every cell of the week of columns d0.. (7 days) judged by the grid
 * has the verdict agenda_why gives that cell alone.  Returns the count
 * of free cells.
 */
static size_t
grid_matches_why(struct fx *f, int y, int m, int d)
{
	struct agenda_col	 cols[7];
	struct agenda_grid	 g;
	struct agenda_cell	*k;
	size_t			 i, n = 0;
	int64_t			 day = tz_days_from_civil(y, m, d);

	for (i = 0; i < 7; i++) {
		cols[i].prac = 0;
		tz_civil_from_days(day + (int64_t)i, &cols[i].date.y,
		    &cols[i].date.m, &cols[i].date.d);
	}
	assert_int_equal(agenda_grid(&f->c, cols, 7, NULL, 0, &g),
	    AGENDA_EOK);
	for (i = 0; i < g.nrows * g.ncols; i++) {
		k = &g.cells[i];
		if (k->kind == AGENDA_CELL_FREE)
			n++;
		if (k->kind != AGENDA_CELL_FREE &&
		    (k->kind != AGENDA_CELL_SHADED || k->why == AGENDA_GRID))
			continue;
		assert_int_equal(k->why, agenda_why(&f->c, 0, g.step, 0,
		    k->start));
	}
	agenda_grid_free(&g);
	return n;
}

/*
 * The grid's verdicts are agenda_why's cell by cell: the fixture's week
 * (notice, booked, closure, absence, Google, weekend), steps that do not
 * divide the hours (20 and 25 minutes), the days the clocks change.
 */
static void
test_grid_cells_match_why(void **state)
{
	struct fx	*f = *state;
	const int	 steps[4] = { 15, 10, 20, 25 };
	size_t		 i, n;

	for (i = 0; i < 4; i++) {
		f->c.granularity = steps[i];
		n = grid_matches_why(f, 2026, 6, 1);
		n += grid_matches_why(f, 2026, 6, 8);
		if (steps[i] <= 15)	/* on the hours' grid: some free */
			assert_true(n > 0);
	}
	f->c.granularity = 15;
	f->c.open.r[6][0].start = HM(1, 0);	/* Sunday nights */
	f->c.open.r[6][0].end = HM(4, 0);
	f->c.open.n[6] = 1;
	f->p.hours = f->c.open;
	f->c.now = at(f->c.tz, 2026, 3, 20, 8, 0);
	/* the clocks go forward, and back */
	assert_true(grid_matches_why(f, 2026, 3, 23) > 0);
	f->c.now = at(f->c.tz, 2026, 10, 20, 8, 0);
	assert_true(grid_matches_why(f, 2026, 10, 19) > 0);
}

/*
 * The free cells of the week from 2026-06-08 are exactly the starts the
 * engine offers there for one step's length, column by column.  Returns
 * the count of free cells.
 */
static size_t
grid_free_is_engine(struct fx *f)
{
	struct agenda_col	 cols[7];
	struct agenda_grid	 g;
	struct slots_treatment	 t;
	struct slots_slot	 s[512];
	int64_t			 ids[1] = { 7 };
	int64_t			 day = tz_days_from_civil(2026, 6, 8), t0, t1;
	size_t			 i, r, n, k, nfree = 0;

	f->p.treatments = ids;
	f->p.ntreatments = 1;
	t.id = 7;
	t.duration = f->c.granularity;
	t.buffer = 0;
	for (i = 0; i < 7; i++) {
		cols[i].prac = 0;
		tz_civil_from_days(day + (int64_t)i, &cols[i].date.y,
		    &cols[i].date.m, &cols[i].date.d);
	}
	assert_int_equal(agenda_grid(&f->c, cols, 7, NULL, 0, &g),
	    AGENDA_EOK);
	for (i = 0; i < 7; i++) {
		t0 = at(f->c.tz, cols[i].date.y, cols[i].date.m,
		    cols[i].date.d, 0, 0);
		t1 = t0 + 86400;
		assert_int_equal(slots_free(&f->c, 1, &t, t0, t1, s, 512, &n),
		    SLOTS_OK);
		for (r = 0, k = 0; r < g.nrows; r++) {
			if (g.cells[r * 7 + i].kind != AGENDA_CELL_FREE)
				continue;
			assert_true(k < n);
			assert_int_equal(g.cells[r * 7 + i].start, s[k].start);
			k++;
			nfree++;
		}
		assert_int_equal(k, n);
	}
	agenda_grid_free(&g);
	f->p.treatments = NULL;
	f->p.ntreatments = 0;
	return nfree;
}

/*
 * Steps that do not divide the hours (20, 25 and 60 minutes from 08:30;
 * 15 minutes from 08:10 and 14:05): the grid's free cells are the
 * engine's own starts, none missing, none more.
 */
static void
test_grid_odd_step_free_cells_are_engine_starts(void **state)
{
	struct fx	*f = *state;
	const int	 steps[5] = { 15, 20, 25, 60, 10 };
	size_t		 i;
	int		 d;

	for (i = 0; i < 5; i++) {
		f->c.granularity = steps[i];
		assert_true(grid_free_is_engine(f) > 0);
	}
	for (d = 0; d < 5; d++) {
		f->c.open.r[d][0].start = HM(8, 10);
		f->c.open.r[d][1].start = HM(14, 5);
	}
	f->p.hours = f->c.open;
	f->p.hours.r[1][0].start = HM(8, 45);	/* Tuesdays from 08:45 */
	for (i = 0; i < 5; i++) {
		f->c.granularity = steps[i];
		assert_true(grid_free_is_engine(f) > 0);
	}
}

static void
test_csv_cells(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 1024);
	assert_int_equal(agenda_csv_cell(&b, "=1+2"), 0);
	assert_int_equal(buf_addc(&b, ','), 0);
	assert_int_equal(agenda_csv_cell(&b, "Jean, \"Jo\""), 0);
	assert_int_equal(buf_addc(&b, ','), 0);
	assert_int_equal(agenda_csv_cell(&b, NULL), 0);
	assert_int_equal(buf_addc(&b, ','), 0);
	assert_int_equal(agenda_csv_cell(&b, "@x"), 0);
	assert_int_equal(buf_addc(&b, ','), 0);
	assert_int_equal(agenda_csv_cell(&b, "Émile"), 0);
	assert_string_equal(buf_str(&b),
	    "\"'=1+2\",\"Jean, \"\"Jo\"\"\",\"\",\"'@x\",\"Émile\"");
	buf_free(&b);
}

static void
test_csv_bad_full_buffer(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(agenda_csv_cell(&b, "abcdef"), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_why_free_slot_is_ok, setup),
		cmocka_unit_test_setup(test_why_bad_hard_reasons, setup),
		cmocka_unit_test_setup(test_why_bad_soft_reasons, setup),
		cmocka_unit_test_setup(test_grid_day_cells, setup),
		cmocka_unit_test_setup(test_grid_week_closed_and_bad, setup),
		cmocka_unit_test_setup(test_grid_cells_match_why, setup),
		cmocka_unit_test_setup(
		    test_grid_odd_step_free_cells_are_engine_starts, setup),
		cmocka_unit_test(test_csv_cells),
		cmocka_unit_test(test_csv_bad_full_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
