/*
 * agenda — the agenda's pure logic: booking rules with their reasons,
 * the day/week grid, CSV cells.  See agenda.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "buf.h"
#include "slots.h"
#include "tz.h"

#define DAY_MINS	1440
/* Most working ranges of a practitioner's day (work_ranges). */
#define WORK_MAX	(SLOTS_DAY_OPEN_MAX * SLOTS_DAY_RANGES)
/* The treatment id agenda_why probes the engine with. */
#define PROBE_ID	INT64_C(0x7fffffffffff)

/*
 * Each reason: can staff override it, its words, its class, its key in
 * the message catalogues (templates/i18n, the same words in French).
 */
static const struct {
	int		 soft;
	const char	*fr;
	const char	*cls;
	const char	*key;
} whys[AGENDA__MAX] = {
	{ 1, "créneau libre", "free", "why.free" },
	{ 0, "l'heure est passée", "past", "why.past" },
	{ 0, "créneau déjà pris", "taken", "why.taken" },
	{ 1, "jour férié", "holiday", "why.holiday" },
	{ 1, "la clinique est fermée ce jour de la semaine", "closed",
	    "why.weekly" },
	{ 1, "la clinique est fermée (fermeture exceptionnelle)", "closed",
	    "why.closure" },
	{ 1, "en dehors des horaires d'ouverture ou de travail", "off",
	    "why.hours" },
	{ 1, "le praticien est absent", "absent", "why.absent" },
	{ 1, "occupé dans l'agenda Google du praticien", "busy",
	    "why.calendar" },
	{ 1, "moins que le délai minimum de réservation", "notice",
	    "why.notice" },
	{ 1, "au-delà de l'horizon de réservation", "horizon",
	    "why.horizon" },
	{ 1, "en dehors de la grille des créneaux", "off", "why.grid" },
};

int
agenda_why_soft(enum agenda_why w)
{
	return (unsigned)w < AGENDA__MAX ? whys[w].soft : 0;
}

const char *
agenda_why_fr(enum agenda_why w)
{
	return (unsigned)w < AGENDA__MAX ? whys[w].fr : "";
}

const char *
agenda_why_key(enum agenda_why w)
{
	return (unsigned)w < AGENDA__MAX ? whys[w].key : "why.grid";
}

const char *
agenda_why_class(enum agenda_why w)
{
	return (unsigned)w < AGENDA__MAX ? whys[w].cls : "off";
}

/* 1 when some interval of v (n of them) meets [s, e). */
static int
ivs_hit(const struct slots_interval *v, size_t n, int64_t s, int64_t e)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i].start < e && v[i].end > s)
			return 1;
	return 0;
}

/*
 * 1 when the ranges r (n of them, any order, touching ones joined) cover
 * minutes [m0, m1) of the day.
 */
static int
covers(const struct slots_range *r, size_t n, int m0, int m1)
{
	size_t	 pass, i;
	int	 cur = m0;

	for (pass = 0; pass <= n; pass++) {
		if (cur >= m1)
			return 1;
		for (i = 0; i < n; i++)
			if (r[i].start <= cur && cur < r[i].end)
				cur = r[i].end;
	}
	return cur >= m1;
}

/* 1 when the engine offers start for the probe treatment t. */
static int
engine_free(const struct slots_clinic *c, size_t pi,
    const struct slots_treatment *t, int64_t start)
{
	struct slots_practitioner	 one;
	struct slots_clinic		 cc;
	struct slots_slot		 s;
	int64_t				 probe = PROBE_ID;
	enum slots_err			 er;
	size_t				 n = 0;

	one = c->practitioners[pi];
	one.treatments = &probe;
	one.ntreatments = 1;
	cc = *c;
	cc.practitioners = &one;
	cc.npractitioners = 1;
	er = slots_free(&cc, one.id, t, start, start + 1, &s, 1, &n);
	return (er == SLOTS_OK || er == SLOTS_ETRUNC) && n == 1 &&
	    s.start == start;
}

/*
 * What the grid knows of one column before judging its cells: the
 * starts the engine offers there for the probe treatment (one call for
 * the whole column, where engine_free asks once per cell), and the
 * clinic's day of its date (slots_day).  Owned by agenda_grid.
 */
struct memo {
	int			 have_free;	/* starts[] is the answer */
	int64_t			*starts;	/* ascending */
	size_t			 nstarts;
	int			 have_day;	/* day is slots_day(date) */
	struct slots_date	 date;
	enum slots_err		 day_er;
	struct slots_day	 day;
};

/*
 * The starts the engine offers practitioner pi for probe treatment t in
 * [from, to) into m (slots_free with room for every start of a day:
 * the same generation as engine_free's, which asks [start, start + 1)).
 * On a failure m->have_free stays 0 and the cells ask one by one.
 */
static void
memo_free(const struct slots_clinic *c, size_t pi,
    const struct slots_treatment *t, int64_t from, int64_t to,
    struct memo *m)
{
	struct slots_practitioner	 one;
	struct slots_clinic		 cc;
	struct slots_slot		*s;
	int64_t				 probe = PROBE_ID;
	size_t				 n = 0, i, max;

	max = (size_t)(to - from) / 60 / (size_t)t->duration + 128;
	if ((s = calloc(max, sizeof(*s))) == NULL)
		return;
	one = c->practitioners[pi];
	one.treatments = &probe;
	one.ntreatments = 1;
	cc = *c;
	cc.practitioners = &one;
	cc.npractitioners = 1;
	if (slots_free(&cc, one.id, t, from, to, s, max, &n) == SLOTS_OK &&
	    (m->starts = calloc(n + 1, sizeof(*m->starts))) != NULL) {
		for (i = 0; i < n; i++)
			m->starts[i] = s[i].start;
		m->nstarts = n;
		m->have_free = 1;
	}
	free(s);
}

/* 1 when start is among m's starts (binary search). */
static int
memo_has(const struct memo *m, int64_t start)
{
	size_t	 lo = 0, hi = m->nstarts, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->starts[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nstarts && m->starts[lo] == start;
}

/*
 * Why [start, start + minutes) on its local day is not bookable; m (or
 * NULL) holds slots_day of that day when its date is m->date.
 */
static enum agenda_why
day_why(const struct slots_clinic *c, const struct slots_practitioner *p,
    int64_t start, int minutes, struct memo *m)
{
	struct slots_day	 own, *day = &own;
	struct slots_date	 date;
	struct tz_local		 lt, now;
	enum slots_err		 er;
	int			 m0, m1;

	tz_to_local(c->tz, start, &lt);
	date.y = lt.year;
	date.m = lt.month;
	date.d = lt.day;
	if (m != NULL && m->date.y == date.y && m->date.m == date.m &&
	    m->date.d == date.d) {
		if (!m->have_day) {
			m->day_er = slots_day(c, &date, &m->day);
			m->have_day = 1;
		}
		er = m->day_er;
		day = &m->day;
	} else
		er = slots_day(c, &date, &own);
	if (er != SLOTS_OK)
		return AGENDA_GRID;
	if (day->kind == SLOTS_DAY_HOLIDAY)
		return AGENDA_HOLIDAY;
	if (day->kind == SLOTS_DAY_WEEKLY)
		return AGENDA_WEEKLY;
	if (day->kind == SLOTS_DAY_CLOSURE)
		return AGENDA_CLOSURE;
	m0 = lt.hour * 60 + lt.min;
	m1 = m0 + minutes;
	if (!covers(day->r, day->n, m0, m1))
		return covers(c->open.r[lt.wday], c->open.n[lt.wday], m0, m1) ?
		    AGENDA_CLOSURE : AGENDA_HOURS;
	if (!covers(p->hours.r[lt.wday], p->hours.n[lt.wday], m0, m1))
		return AGENDA_HOURS;
	tz_to_local(c->tz, c->now, &now);
	if (tz_days_from_civil(lt.year, lt.month, lt.day) -
	    tz_days_from_civil(now.year, now.month, now.day) > c->horizon)
		return AGENDA_HORIZON;
	return AGENDA_OK;
}

/*
 * agenda_why with m (NULL: none) the column's memo: its starts answer
 * for the engine when known, its day for slots_day.
 */
static enum agenda_why
why_memo(const struct slots_clinic *c, size_t pi, int duration,
    int buffer, int64_t start, struct memo *m)
{
	const struct slots_practitioner	*p;
	struct slots_treatment		 t;
	enum agenda_why			 w;
	int64_t				 end;

	if (c == NULL || c->tz == NULL || pi >= c->npractitioners ||
	    duration < 1 || duration > DAY_MINS || buffer < 0 ||
	    buffer > DAY_MINS || start < TZ_T_MIN || start > TZ_T_MAX)
		return AGENDA_GRID;
	p = &c->practitioners[pi];
	end = start + (int64_t)(duration + buffer) * 60;
	if (start < c->now)
		return AGENDA_PAST;
	if (ivs_hit(p->booked, p->nbooked, start, end))
		return AGENDA_TAKEN;
	t.id = PROBE_ID;
	t.duration = duration;
	t.buffer = buffer;
	if (m != NULL && m->have_free ? memo_has(m, start) :
	    engine_free(c, pi, &t, start))
		return AGENDA_OK;
	if ((w = day_why(c, p, start, duration + buffer, m)) != AGENDA_OK &&
	    w != AGENDA_HORIZON)
		return w;
	if (ivs_hit(p->absences, p->nabsences, start, end))
		return AGENDA_ABSENT;
	if (ivs_hit(p->calendar, p->ncalendar, start, end))
		return AGENDA_CALENDAR;
	if (start < c->now + (int64_t)c->notice * 60)
		return AGENDA_NOTICE;
	return w == AGENDA_HORIZON ? w : AGENDA_GRID;
}

enum agenda_why
agenda_why(const struct slots_clinic *c, size_t pi, int duration,
    int buffer, int64_t start)
{
	return why_memo(c, pi, duration, buffer, start, NULL);
}

/* Widen [*lo, *hi) to the ranges r (n of them). */
static void
widen(const struct slots_range *r, size_t n, int *lo, int *hi)
{
	size_t	 i;

	for (i = 0; i < n && i < SLOTS_DAY_RANGES; i++) {
		if (r[i].start < *lo)
			*lo = r[i].start;
		if (r[i].end > *hi)
			*hi = r[i].end;
	}
}

/*
 * Minutes from the local midnight of date d to instant t, clamped to
 * [0, 1440] (an instant of another day falls at an edge).
 */
static int
minute_of(const struct tz *z, const struct slots_date *d, int64_t t)
{
	struct tz_local	 lt;
	int64_t		 a, b;

	tz_to_local(z, t, &lt);
	a = tz_days_from_civil(lt.year, lt.month, lt.day);
	b = tz_days_from_civil(d->y, d->m, d->d);
	if (a < b)
		return 0;
	if (a > b)
		return DAY_MINS;
	return lt.hour * 60 + lt.min;
}

/* The rows' span [*lo, *hi) for the columns and appointments. */
static enum agenda_err
grid_span(const struct slots_clinic *c, const struct agenda_col *cols,
    size_t ncols, const struct agenda_appt *appts, size_t nappts, int *lo,
    int *hi)
{
	const struct agenda_col	*k;
	size_t			 i;
	int			 w, m;

	*lo = DAY_MINS;
	*hi = 0;
	for (i = 0; i < ncols; i++) {
		k = &cols[i];
		if (k->prac >= c->npractitioners ||
		    !tz_date_ok(k->date.y, k->date.m, k->date.d))
			return AGENDA_EINVAL;
		w = tz_weekday(tz_days_from_civil(k->date.y, k->date.m,
		    k->date.d));
		widen(c->open.r[w], c->open.n[w], lo, hi);
		widen(c->practitioners[k->prac].hours.r[w],
		    c->practitioners[k->prac].hours.n[w], lo, hi);
	}
	if (*lo >= *hi) {
		*lo = 8 * 60;
		*hi = 18 * 60;
	}
	for (i = 0; i < nappts; i++) {
		if (appts[i].col >= ncols || appts[i].end <= appts[i].start)
			return AGENDA_EINVAL;
		m = minute_of(c->tz, &cols[appts[i].col].date, appts[i].start);
		if (m < *lo)
			*lo = m;
		m = minute_of(c->tz, &cols[appts[i].col].date, appts[i].end);
		if (m > *hi)
			*hi = m;
	}
	return AGENDA_EOK;
}

/* The first row of g starting at minute m or later (g->nrows: none). */
static size_t
row_from(const struct agenda_grid *g, int m)
{
	size_t	 lo = 0, hi = g->nrows, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (g->mins[mid] < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Place appointment a (index i) in the cells it covers. */
static void
grid_place(const struct slots_clinic *c, struct agenda_grid *g,
    const struct agenda_col *cols, const struct agenda_appt *a, size_t i)
{
	const struct slots_date	*d = &cols[a->col].date;
	struct agenda_cell	*cell;
	int			 s, e;
	size_t			 r0, r1, r;

	s = minute_of(c->tz, d, a->start);
	e = minute_of(c->tz, d, a->end);
	if (s >= DAY_MINS)
		return;
	r0 = row_from(g, s + 1);	/* the last row starting by s */
	r0 = r0 > 0 ? r0 - 1 : 0;
	r1 = row_from(g, e);
	if (r0 >= g->nrows)
		return;
	if (r1 <= r0)
		r1 = r0 + 1;
	if (r1 > g->nrows)
		r1 = g->nrows;
	cell = &g->cells[r0 * g->ncols + a->col];
	if (cell->kind == AGENDA_CELL_APPT || cell->kind == AGENDA_CELL_COVERED)
		return;
	cell->kind = AGENDA_CELL_APPT;
	cell->appt = i;
	cell->span = 1;
	for (r = r0 + 1; r < r1; r++) {
		struct agenda_cell *n = &g->cells[r * g->ncols + a->col];

		if (n->kind == AGENDA_CELL_APPT ||
		    n->kind == AGENDA_CELL_COVERED)
			break;
		n->kind = AGENDA_CELL_COVERED;
		n->appt = i;
		cell->span++;
	}
}

/*
 * When the zone keeps one offset through local date d and 30 hours
 * either side (the engine's test, lib/slots.c), that offset into *off
 * and 1: every wall time of the day is then shown once, at midnight
 * (UTC seconds) *wall0 plus its minutes less *off.  Else 0.
 */
static int
day_offset(const struct tz *z, const struct slots_date *d, int64_t *wall0,
    int32_t *off)
{
	int	 k;

	*wall0 = tz_days_from_civil(d->y, d->m, d->d) * 86400;
	*off = tz_offset_at(z, *wall0);
	for (k = -5; k <= 9; k++)
		if (tz_offset_at(z, *wall0 + k * 6 * 3600) != *off)
			return 0;
	return 1;
}

/*
 * The start of cell (row, col) of g into cell->start (from wall0 and
 * off when fixed, see day_offset); a wall time that does not exist
 * shaded at once.  Returns 1 when the cell is still to judge (free or
 * shaded by agenda_why), else 0.
 */
static int
grid_start(const struct slots_clinic *c, struct agenda_grid *g,
    const struct agenda_col *k, size_t row, size_t col, int fixed,
    int64_t wall0, int32_t off)
{
	struct agenda_cell	*cell = &g->cells[row * g->ncols + col];
	int			 m = g->mins[row];
	int64_t			 t;
	enum tz_match		 mt;

	if (cell->kind == AGENDA_CELL_APPT ||
	    cell->kind == AGENDA_CELL_COVERED) {
		if (fixed)
			cell->start = wall0 + m * 60 - off;
		else
			(void)tz_from_local(c->tz, k->date.y, k->date.m,
			    k->date.d, m / 60, m % 60, &cell->start);
		return 0;
	}
	t = 0;
	if (fixed) {
		cell->start = wall0 + m * 60 - off;
		return 1;
	}
	mt = tz_from_local(c->tz, k->date.y, k->date.m, k->date.d, m / 60,
	    m % 60, &t);
	cell->start = t;
	if (mt == TZ_LOCAL_GAP || mt == TZ_LOCAL_INVALID) {
		cell->kind = AGENDA_CELL_SHADED;
		cell->why = AGENDA_GRID;
		return 0;
	}
	return 1;
}

/*
 * Judge the cells of column col of g: their starts first, then the
 * engine asked once for the column's span (memo_free) and the clinic's
 * day computed once, then each cell free or shaded by why_memo: the
 * same verdicts as agenda_why cell by cell.
 */
static void
grid_column(const struct slots_clinic *c, struct agenda_grid *g,
    const struct agenda_col *k, size_t col, unsigned char *todo)
{
	struct agenda_cell	*cell;
	struct slots_treatment	 t;
	struct memo		 m;
	int64_t			 lo = 0, hi = 0, wall0;
	int32_t			 off;
	size_t			 r, n = 0;
	int			 fixed;

	fixed = day_offset(c->tz, &k->date, &wall0, &off);
	for (r = 0; r < g->nrows; r++) {
		todo[r] = (unsigned char)grid_start(c, g, k, r, col, fixed,
		    wall0, off);
		if (!todo[r])
			continue;
		cell = &g->cells[r * g->ncols + col];
		if (n == 0 || cell->start < lo)
			lo = cell->start;
		if (n == 0 || cell->start > hi)
			hi = cell->start;
		n++;
	}
	if (n == 0)
		return;
	memset(&m, 0, sizeof(m));
	m.date = k->date;
	t.id = PROBE_ID;
	t.duration = g->step;
	t.buffer = 0;
	if (k->prac < c->npractitioners)
		memo_free(c, k->prac, &t, lo, hi + 1, &m);
	for (r = 0; r < g->nrows; r++) {
		if (!todo[r])
			continue;
		cell = &g->cells[r * g->ncols + col];
		cell->why = why_memo(c, k->prac, g->step, 0, cell->start, &m);
		cell->kind = cell->why == AGENDA_OK ? AGENDA_CELL_FREE :
		    AGENDA_CELL_SHADED;
	}
	free(m.starts);
}

/*
 * The working ranges of practitioner p on date d into r (room for
 * WORK_MAX): the clinic's day (slots_day: opening hours minus closures,
 * none on a holiday) within p's hours of that weekday, sorted and
 * merged, as the engine's own.  Returns their count (0: closed).
 */
static size_t
work_ranges(const struct slots_clinic *c, const struct slots_practitioner *p,
    const struct slots_date *d, struct slots_range *r)
{
	struct slots_day	 day;
	struct slots_range	 x;
	size_t			 i, j, n = 0, k;
	int			 w;

	if (slots_day(c, d, &day) != SLOTS_OK || day.kind != SLOTS_DAY_OPEN)
		return 0;
	w = tz_weekday(tz_days_from_civil(d->y, d->m, d->d));
	for (i = 0; i < day.n; i++)
		for (j = 0; j < p->hours.n[w] && j < SLOTS_DAY_RANGES; j++) {
			x.start = day.r[i].start > p->hours.r[w][j].start ?
			    day.r[i].start : p->hours.r[w][j].start;
			x.end = day.r[i].end < p->hours.r[w][j].end ?
			    day.r[i].end : p->hours.r[w][j].end;
			if (x.start >= x.end)
				continue;
			for (k = n; k > 0 && r[k - 1].start > x.start; k--)
				r[k] = r[k - 1];
			r[k] = x;
			n++;
		}
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
 * The rows of g (g->mins, g->nrows) for the columns: every start the
 * engine generates in a column (a working range's start, then every
 * step minutes while inside it), and each multiple of step in
 * [lo, hi) that no such start's step covers.  Returns an agenda_err.
 */
static enum agenda_err
grid_rows(const struct slots_clinic *c, const struct agenda_col *cols,
    size_t ncols, int lo, int hi, struct agenda_grid *g)
{
	unsigned char		 mark[DAY_MINS], cover[DAY_MINS];
	struct slots_range	 r[WORK_MAX];
	size_t			 i, k, n;
	int			 m, x;

	memset(mark, 0, sizeof(mark));
	memset(cover, 0, sizeof(cover));
	for (i = 0; i < ncols; i++) {
		n = work_ranges(c, &c->practitioners[cols[i].prac],
		    &cols[i].date, r);
		for (k = 0; k < n; k++)
			for (m = r[k].start; m < r[k].end; m += g->step) {
				mark[m] = 1;
				for (x = m; x < m + g->step && x < r[k].end;
				    x++)
					cover[x] = 1;
			}
	}
	for (m = lo; m < hi && m < DAY_MINS; m += g->step)
		if (!cover[m])
			mark[m] = 1;
	for (m = 0, n = 0; m < DAY_MINS; m++)
		n += mark[m];
	if (n == 0 || n > AGENDA_MAX_ROWS)
		return n == 0 ? AGENDA_EINVAL : AGENDA_ETOOBIG;
	if ((g->mins = calloc(n, sizeof(*g->mins))) == NULL)
		return AGENDA_ENOMEM;
	for (m = 0, k = 0; m < DAY_MINS; m++)
		if (mark[m])
			g->mins[k++] = m;
	g->nrows = n;
	g->first = g->mins[0];
	return AGENDA_EOK;
}

enum agenda_err
agenda_grid(const struct slots_clinic *c, const struct agenda_col *cols,
    size_t ncols, const struct agenda_appt *appts, size_t nappts,
    struct agenda_grid *out)
{
	enum agenda_err	 er;
	unsigned char	*todo;
	size_t		 i;
	int		 lo, hi, step;

	memset(out, 0, sizeof(*out));
	if (c == NULL || c->tz == NULL || c->granularity < 1 ||
	    c->granularity > DAY_MINS || cols == NULL || ncols == 0 ||
	    (nappts > 0 && appts == NULL))
		return AGENDA_EINVAL;
	if (ncols > AGENDA_MAX_COLS)
		return AGENDA_ETOOBIG;
	if ((er = grid_span(c, cols, ncols, appts, nappts, &lo, &hi)) !=
	    AGENDA_EOK)
		return er;
	step = c->granularity;
	lo -= lo % step;
	hi = hi + (step - hi % step) % step;
	if (hi > DAY_MINS)
		hi = DAY_MINS;
	if (hi <= lo)
		hi = lo + step;
	out->step = step;
	out->ncols = ncols;
	if ((er = grid_rows(c, cols, ncols, lo, hi, out)) != AGENDA_EOK) {
		agenda_grid_free(out);
		return er;
	}
	if ((out->cells = calloc(out->nrows * ncols, sizeof(*out->cells))) ==
	    NULL) {
		agenda_grid_free(out);
		return AGENDA_ENOMEM;
	}
	for (i = 0; i < nappts; i++)
		grid_place(c, out, cols, &appts[i], i);
	if ((todo = calloc(out->nrows, 1)) == NULL) {
		agenda_grid_free(out);
		return AGENDA_ENOMEM;
	}
	for (i = 0; i < ncols; i++)
		grid_column(c, out, &cols[i], i, todo);
	free(todo);
	return AGENDA_EOK;
}

void
agenda_grid_free(struct agenda_grid *g)
{
	if (g == NULL)
		return;
	free(g->cells);
	free(g->mins);
	g->cells = NULL;
	g->mins = NULL;
	g->nrows = g->ncols = 0;
}

int
agenda_csv_cell(struct buf *b, const char *s)
{
	if (buf_addc(b, '"') != 0)
		return -1;
	if (s != NULL && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	    *s == '\t' || *s == '\r') && buf_addc(b, '\'') != 0)
		return -1;
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '"' && buf_addc(b, '"') != 0)
			return -1;
		if (buf_addc(b, *s) != 0)
			return -1;
	}
	return buf_addc(b, '"');
}
