/*
 * agenda_page — the agenda grid (GET .../agenda: a day with one column
 * per active practitioner, or a week of one practitioner) and the
 * printable day list (GET .../agenda/print).  The grid itself is built
 * by agenda_grid over the engine's data (lib/agenda.c); this file loads
 * the appointments and closure reasons of the days shown and writes the
 * page's data.  Every time is in the clinic's zone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "admin.h"
#include "agenda.h"
#include "agenda_int.h"
#include "app.h"
#include "booking.h"
#include "config.h"
#include "db.h"
#include "holiday.h"
#include "http.h"
#include "page.h"
#include "tz.h"

/* Most appointments shown on one grid or day list. */
#define AGENDA_MAX_APPTS	2000
/*
 * The closures booking_busy_range loads at most (LIMIT of booking.c's
 * booking_closures): with that many, some may be missing.
 */
#define AGENDA_CLOSURES_LOADED	5000
/* Treatment colours of the stylesheet (.tc-0 to .tc-11). */
#define AGENDA_COLOURS		12

/*
 * The appointments (not cancelled) meeting [$2, $3) (UTC seconds) of
 * clinic $1, of practitioner $4 (NULL: all): practitioner, start, end,
 * status, patient, treatment, id, patient id, phone (the local times
 * are written from start and end here, hhmm: no join of clinics, no
 * zone conversion per row in the database).  An appointment lasts at
 * most 12 hours (a CHECK of appointments), so one ending after $2
 * starts after $2 - 12 hours: that bound keeps the walk of
 * appointments_clinic_starts to the days shown, where "starts before
 * $3" alone read every earlier appointment of the clinic (about 6,600
 * rows for a day of a clinic of 10,000 appointments, make bench).
 */
#define APPTS_SELECT \
	"SELECT a.practitioner_id, extract(epoch FROM a.starts_at)::bigint, " \
	"extract(epoch FROM a.ends_at)::bigint, a.status, " \
	"btrim(pa.first_name || ' ' || pa.last_name), " \
	"coalesce(a.treatment_name, t.name, ''), a.id, a.patient_id, " \
	"pa.phone FROM appointments a " \
	"JOIN patients pa ON pa.id = a.patient_id AND pa.clinic_id = " \
	"a.clinic_id LEFT JOIN treatment_types t ON t.id = " \
	"a.treatment_type_id AND t.clinic_id = a.clinic_id " \
	"WHERE a.clinic_id = $1::uuid AND a.status <> 'cancelled' AND " \
	"a.starts_at < to_timestamp($3::bigint) AND a.starts_at > " \
	"to_timestamp($2::bigint) - interval '12 hours' AND a.ends_at > " \
	"to_timestamp($2::bigint) AND "
#define APPTS_ORDER \
	" ORDER BY a.starts_at, a.id LIMIT 2000"
static const struct db_stmt st_appts = { "agenda_appts",
	APPTS_SELECT "$4::text IS NULL" APPTS_ORDER, 4 };
/*
 * The same for one practitioner ($4, the week page): that condition
 * stated plainly lets PostgreSQL walk appointments_practitioner_starts
 * over the week (the "$4 IS NULL OR" form read every appointment of the
 * clinic through its id index: 9,866 rows for 47, make bench).
 */
static const struct db_stmt st_appts_prac = { "agenda_appts_prac",
	APPTS_SELECT "a.practitioner_id = $4::uuid" APPTS_ORDER, 4 };

/* The closures of clinic $1 from $2 to $3 (dates) with their reason. */
static const struct db_stmt st_closures = { "agenda_closures",
	"SELECT to_char(day, 'YYYY-MM-DD'), coalesce(start_min, 0), "
	"coalesce(end_min, 1440), coalesce(reason, '') FROM clinic_closures "
	"WHERE clinic_id = $1::uuid AND day BETWEEN $2::date AND $3::date "
	"ORDER BY day, start_min LIMIT 500", 3 };

/* Weekday names (catalogue keys), 0 = Monday. */
static const char *const days_long[7] = {
	"day.0", "day.1", "day.2", "day.3", "day.4", "day.5", "day.6"
};

/* Short weekday names (catalogue keys), 0 = Monday. */
static const char *const days_short[7] = {
	"day.short.0", "day.short.1", "day.short.2", "day.short.3",
	"day.short.4", "day.short.5", "day.short.6"
};

int
agenda_parse_date(const char *s, struct slots_date *d)
{
	int	 i, v[3] = { 0, 0, 0 }, k = 0;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			k++;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v[k] = v[k] * 10 + (s[i] - '0');
	}
	if (v[0] < 1970 || v[0] > 9999 || !tz_date_ok(v[0], v[1], v[2]))
		return -1;
	d->y = v[0];
	d->m = v[1];
	d->d = v[2];
	return 0;
}

int
agenda_parse_local(const char *s, struct slots_date *d, int *min)
{
	char	 day[11];
	int	 h, m;

	if (s == NULL || strlen(s) != 16 || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':')
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (agenda_parse_date(day, d) != 0)
		return -1;
	if (s[11] < '0' || s[11] > '2' || s[12] < '0' || s[12] > '9' ||
	    s[14] < '0' || s[14] > '5' || s[15] < '0' || s[15] > '9')
		return -1;
	h = (s[11] - '0') * 10 + (s[12] - '0');
	m = (s[14] - '0') * 10 + (s[15] - '0');
	if (h > 23)
		return -1;
	*min = h * 60 + m;
	return 0;
}

void
agenda_date_str(const struct slots_date *d, char *out, size_t sz)
{
	snprintf(out, sz, "%04d-%02d-%02d", d->y, d->m, d->d);
}

struct slots_date
agenda_date_add(const struct slots_date *d, int n)
{
	struct slots_date	 r;

	tz_civil_from_days(tz_days_from_civil(d->y, d->m, d->d) + n, &r.y,
	    &r.m, &r.d);
	return r;
}

/*
 * The clinic of the route, its catalogue only (booking_load as of
 * config_now()) into *out, owned by the caller.  Returns 0, or the
 * HTTP status to answer (404 unknown clinic, 503, 500).
 */
static int
catalogue(struct req *r, struct booking **out)
{
	struct app_ctx		*ctx = req_ctx(r);
	enum booking_err	 er;

	*out = NULL;
	er = booking_load(ctx, req_param(r, "clinicId"), config_now(), out);
	if (er == BOOKING_ARG)
		return 404;
	if (er != BOOKING_OK)
		return er == BOOKING_DB ? 503 : 500;
	return 0;
}

int
agenda_booking(struct req *r, struct booking **out)
{
	struct app_ctx		*ctx = req_ctx(r);
	enum booking_err	 er;
	int			 code;

	if ((code = catalogue(r, out)) != 0)
		return code;
	if ((er = booking_busy_stored(ctx, *out, NULL)) != BOOKING_OK) {
		booking_free(*out);
		*out = NULL;
		return er == BOOKING_DB ? 503 : 500;
	}
	return 0;
}

/* What one agenda request asks for. */
struct view {
	struct req		*r;	/* its language */
	struct booking		*b;
	struct slots_date	 date;	/* asked, or today */
	struct slots_date	 d0;	/* first day shown */
	int			 ndays;	/* 1 or 7 */
	int			 week;
	int			 prac;	/* week view: index */
	const char		*pid;	/* week view: id */
	struct agenda_col	 cols[AGENDA_MAX_COLS];
	size_t			 ncols;
	PGresult		*appts;
	PGresult		*closures;
	int			 busy;	/* b's busy time loaded */
};

/* A whole decimal integer of a result cell; 0 or -1. */
static int
cell_num(const char *s, long long *out)
{
	char		*end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' ? -1 : 0;
}

/* Midnight (UTC seconds) starting local date d. */
static int64_t
midnight(const struct booking *b, const struct slots_date *d)
{
	int64_t	 t = 0;

	(void)tz_from_local(booking_tz(b), d->y, d->m, d->d, 0, 0, &t);
	return t;
}

/*
 * The busy time of b on local days first to last only, with a day on
 * either side (buffers, an appointment from the evening before, a
 * treatment running past midnight); except left out; Google's as
 * google says (booking_busy_range).  Returns 0 or the HTTP status.
 */
static int
busy_days(struct req *r, struct booking *b, const char *except,
    const struct slots_date *first, const struct slots_date *last,
    int google)
{
	struct slots_date	 d0 = agenda_date_add(first, -1);
	struct slots_date	 d1 = agenda_date_add(last, 2);
	enum booking_err	 er;

	er = booking_busy_range(req_ctx(r), b, except, midnight(b, &d0),
	    midnight(b, &d1), google);
	if (er == BOOKING_OK)
		return 0;
	return er == BOOKING_DB ? 503 : 500;
}

int
agenda_booking_days(struct req *r, const char *except,
    const struct slots_date *first, const struct slots_date *last,
    struct booking **out)
{
	int	 code;

	if ((code = catalogue(r, out)) != 0)
		return code;
	if ((code = busy_days(r, *out, except, first, last,
	    BOOKING_CAL_STORED)) != 0) {
		booking_free(*out);
		*out = NULL;
	}
	return code;
}

/*
 * 1 when the closures of the days shown d0 to last may hold a row: b's
 * busy time (v->busy) holds every closure from the clinic's yesterday
 * on (booking_busy_range, at most BOOKING_CLOSURES_MAX), so a day shown
 * from then on that none of them falls on has none.
 */
static int
closures_needed(const struct view *v, const struct slots_date *last)
{
	struct slots_clinic	 sc;
	struct tz_local		 now;
	int64_t			 d0, d1, today, k;
	size_t			 i;

	if (!v->busy)
		return 1;
	booking_slots(v->b, &sc);
	if (sc.nclosures >= AGENDA_CLOSURES_LOADED)
		return 1;
	tz_to_local(booking_tz(v->b), sc.now, &now);
	today = tz_days_from_civil(now.year, now.month, now.day);
	d0 = tz_days_from_civil(v->d0.y, v->d0.m, v->d0.d);
	d1 = tz_days_from_civil(last->y, last->m, last->d);
	if (d0 < today - 1)
		return 1;
	for (i = 0; i < sc.nclosures; i++) {
		k = tz_days_from_civil(sc.closures[i].date.y,
		    sc.closures[i].date.m, sc.closures[i].date.d);
		if (k >= d0 && k <= d1)
			return 1;
	}
	return 0;
}

/* Load the appointments and closures of the days shown.  0 or status. */
static int
view_load(struct req *r, struct view *v, const char *prac)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct slots_date	 end = agenda_date_add(&v->d0, v->ndays);
	struct slots_date	 last = agenda_date_add(&v->d0, v->ndays - 1);
	char			 s[24], e[24], d0[11], d1[11];
	const char		*p[4];

	snprintf(s, sizeof(s), "%lld", (long long)midnight(v->b, &v->d0));
	snprintf(e, sizeof(e), "%lld", (long long)midnight(v->b, &end));
	p[0] = req_param(r, "clinicId");
	p[1] = s;
	p[2] = e;
	p[3] = prac;
	v->appts = db_exec(ctx->db, prac != NULL ? &st_appts_prac :
	    &st_appts, p);
	if (!db_ok(v->appts))
		return page_db_status(v->appts);
	agenda_date_str(&v->d0, d0, sizeof(d0));
	agenda_date_str(&last, d1, sizeof(d1));
	p[1] = d0;
	p[2] = d1;
	if (!closures_needed(v, &last))
		return 0;	/* v->closures NULL: no row */
	v->closures = db_exec(ctx->db, &st_closures, p);
	if (!db_ok(v->closures))
		return page_db_status(v->closures);
	return 0;
}

/* The column of appointment row i, or -1 when not shown. */
static int
appt_col(const struct view *v, int i, int64_t start)
{
	struct tz_local	 lt;
	int64_t		 k;
	int		 p;

	p = booking_find_prac(v->b, PQgetvalue(v->appts, i, 0));
	if (p < 0)
		return -1;
	if (!v->week)
		return p;
	tz_to_local(booking_tz(v->b), start, &lt);
	k = tz_days_from_civil(lt.year, lt.month, lt.day) -
	    tz_days_from_civil(v->d0.y, v->d0.m, v->d0.d);
	return k >= 0 && k < v->ndays ? (int)k : -1;
}

/*
 * The appointments as agenda_appt (into a, room for the rows of
 * v->appts up to AGENDA_MAX_APPTS),
 * with rows[k] the result row of a[k].  Returns their count.
 */
static size_t
view_appts(const struct view *v, struct agenda_appt *a, int *rows)
{
	size_t	 n = 0;
	int	 i, col;
	long long s, e;

	for (i = 0; i < PQntuples(v->appts) && n < AGENDA_MAX_APPTS; i++) {
		if (cell_num(PQgetvalue(v->appts, i, 1), &s) != 0 ||
		    cell_num(PQgetvalue(v->appts, i, 2), &e) != 0 || e <= s ||
		    (col = appt_col(v, i, s)) < 0)
			continue;
		a[n].col = (size_t)col;
		a[n].start = s;
		a[n].end = e;
		rows[n] = i;
		n++;
	}
	return n;
}

/* The reason of the closure covering minute m of date d, or NULL. */
static const char *
closure_reason(const struct view *v, const struct slots_date *d, int m)
{
	char		 ds[11];
	long long	 s, e;
	int		 i;

	agenda_date_str(d, ds, sizeof(ds));
	for (i = 0; i < PQntuples(v->closures); i++) {
		if (strcmp(PQgetvalue(v->closures, i, 0), ds) != 0)
			continue;
		if (cell_num(PQgetvalue(v->closures, i, 1), &s) == 0 &&
		    cell_num(PQgetvalue(v->closures, i, 2), &e) == 0 &&
		    s <= m && m < e)
			return PQgetvalue(v->closures, i, 3);
	}
	return NULL;
}

/* 1 when the request's page language is English. */
static int
lang_en(struct req *r)
{
	return strcmp(page_lang(r), "en") == 0;
}

/* The title of a shaded cell: the reason in plain words. */
static json_object *
shade_title(const struct view *v, const struct agenda_col *k,
    enum agenda_why w, int m)
{
	const char	*why, *x = NULL;
	char		 t[300];
	int		 en = lang_en(v->r);

	why = page_text(v->r, agenda_why_key(w));
	if (w == AGENDA_HOLIDAY)
		x = holiday_find(booking_country(v->b), k->date.y, k->date.m,
		    k->date.d, en ? HOLIDAY_EN : HOLIDAY_FR);
	else if (w == AGENDA_CLOSURE)
		x = closure_reason(v, &k->date, m);
	if (w == AGENDA_HOLIDAY)
		why = page_text(v->r, "shade.holiday");
	else if (w == AGENDA_CLOSURE)
		why = page_text(v->r, "shade.closed");
	else if (w == AGENDA_WEEKLY)
		why = page_text(v->r, "shade.weekly");
	if (x != NULL && *x != '\0')
		snprintf(t, sizeof(t), "%s%s%s", why, en ? ": " : " : ", x);
	else
		snprintf(t, sizeof(t), "%s", why);
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return json_object_new_string(t);
}

/* 1 when practitioner p offers at least one treatment. */
static int
offers_any(const struct booking *b, size_t p)
{
	size_t	 t, n = booking_ntreats(b);

	for (t = 0; t < n; t++)
		if (booking_prac_offers(b, p, t))
			return 1;
	return 0;
}

/*
 * The colour class of treatment name ("tc-0" to "tc-11") into out: its
 * place in the clinic's catalogue, oldest first (a new treatment comes
 * last, so the others keep their colour; the first twelve all differ),
 * else (a treatment no longer offered) a hash of the name (FNV-1a).
 */
static void
treat_colour(const struct booking *b, const char *name, char *out,
    size_t sz)
{
	uint32_t	 h = 2166136261u;
	int		 t;

	if ((t = booking_find_treat(b, name)) >= 0) {
		snprintf(out, sz, "tc-%d", t % AGENDA_COLOURS);
		return;
	}
	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	snprintf(out, sz, "tc-%u", (unsigned)(h % AGENDA_COLOURS));
}

/*
 * Column col (1: start, 2: end) of appointment row i as the clinic's
 * local "HH:MM" into out (6 bytes or more); "" when unreadable.
 */
static void
hhmm(const struct view *v, int i, int col, char *out, size_t sz)
{
	struct tz_local	 lt;
	long long	 t;

	out[0] = '\0';
	if (cell_num(PQgetvalue(v->appts, i, col), &t) != 0 ||
	    t < TZ_T_MIN || t > TZ_T_MAX)
		return;
	tz_to_local(booking_tz(v->b), t, &lt);
	snprintf(out, sz, "%02d:%02d", lt.hour, lt.min);
}

/* Add the local start and end of appointment row i to o. */
static void
add_times(const struct view *v, int i, json_object *o)
{
	char	 t[16];

	hhmm(v, i, 1, t, sizeof(t));
	json_object_object_add(o, "time", json_object_new_string(t));
	hhmm(v, i, 2, t, sizeof(t));
	json_object_object_add(o, "end", json_object_new_string(t));
}

/* Result row i of the appointments as the template reads it. */
static json_object *
appt_json(const struct view *v, int i)
{
	json_object	*o = json_object_new_object();
	char		 tc[8];

	treat_colour(v->b, PQgetvalue(v->appts, i, 5), tc, sizeof(tc));
	json_object_object_add(o, "status", json_object_new_string(
	    PQgetvalue(v->appts, i, 3)));
	json_object_object_add(o, "patient", json_object_new_string(
	    PQgetvalue(v->appts, i, 4)));
	json_object_object_add(o, "treatment", json_object_new_string(
	    PQgetvalue(v->appts, i, 5)));
	json_object_object_add(o, "tc", json_object_new_string(tc));
	json_object_object_add(o, "patientId", json_object_new_string(
	    PQgetvalue(v->appts, i, 7)));
	add_times(v, i, o);
	return o;
}

/*
 * The appointments agenda_grid left out (one starting in a cell an
 * earlier one already takes: a no-show and the booking made in its
 * place) that start within the block of cell c (column col), minutes
 * long: they are drawn in that block, under the one placed.  a and rows
 * as view_appts made them (n), placed[k] set for each one the grid
 * placed.
 */
static json_object *
also_json(const struct view *v, const struct agenda_cell *c, size_t col,
    int minutes, const struct agenda_appt *a, const int *rows,
    const unsigned char *placed, size_t n)
{
	json_object	*arr = json_object_new_array();
	int64_t		 end = c->start + (int64_t)minutes * 60;
	size_t		 k;

	for (k = 0; k < n; k++)
		if (!placed[k] && a[k].col == col && a[k].start >= c->start &&
		    a[k].start < end)
			json_object_array_add(arr, appt_json(v, rows[k]));
	return arr;
}

/*
 * What cell_json needs beyond the grid: the appointments placed, and
 * the JSON values many cells share (read-only, each held once here and
 * once per cell that shows it: cells_release drops ours).
 */
struct cells_ctx {
	const struct agenda_appt	*a;
	const int			*rows;
	const unsigned char		*placed;
	size_t				 n;
	json_object			*k_free;	/* "free" */
	json_object			*skip;		/* a covered cell */
	/* Per column: its practitioner id, its "nothing to book" cell. */
	json_object			*pid[AGENDA_MAX_COLS];
	json_object			*notreat[AGENDA_MAX_COLS];
	/* Per column and reason: its shaded cell (not closures). */
	json_object			*shade[AGENDA_MAX_COLS][AGENDA__MAX];
};

/* Drop x's references to its shared values. */
static void
cells_release(struct cells_ctx *x)
{
	size_t	 i, w;

	json_object_put(x->k_free);
	json_object_put(x->skip);
	for (i = 0; i < AGENDA_MAX_COLS; i++) {
		json_object_put(x->pid[i]);
		json_object_put(x->notreat[i]);
		for (w = 0; w < AGENDA__MAX; w++)
			json_object_put(x->shade[i][w]);
	}
}

/* A shaded cell: class cls, title t (owned by the cell). */
static json_object *
shaded_json(const char *cls, json_object *t)
{
	json_object	*o = json_object_new_object();

	json_object_object_add(o, "k", json_object_new_string("shaded"));
	json_object_object_add(o, "cls", json_object_new_string(cls));
	json_object_object_add(o, "title", t);
	return o;
}

/*
 * *slot made by mk when still NULL, then one more reference to it for
 * the cell that shows it.
 */
#define SHARED(slot, mk) \
	json_object_get((slot) != NULL ? (slot) : ((slot) = (mk)))

/* One cell of the grid as the template reads it. */
static json_object *
cell_json(const struct view *v, const struct agenda_grid *g, size_t row,
    size_t col, struct cells_ctx *x)
{
	const struct agenda_cell	*c = &g->cells[row * g->ncols + col];
	const struct agenda_col		*k = &v->cols[col];
	json_object			*o;
	char				 at[64];
	int				 m = g->mins[row], e;

	switch (c->kind) {
	case AGENDA_CELL_FREE:
		if (!offers_any(v->b, k->prac))		/* nothing to book */
			return SHARED(x->notreat[col], shaded_json("notreat",
			    json_object_new_string(page_text(v->r,
			    "shade.notreat"))));
		snprintf(at, sizeof(at), "%04d-%02d-%02dT%02d:%02d", k->date.y,
		    k->date.m, k->date.d, m / 60, m % 60);
		o = json_object_new_object();
		json_object_object_add(o, "k", SHARED(x->k_free,
		    json_object_new_string("free")));
		json_object_object_add(o, "at", json_object_new_string(at));
		json_object_object_add(o, "pid", SHARED(x->pid[col],
		    json_object_new_string(booking_prac_id(v->b, k->prac))));
		break;
	case AGENDA_CELL_SHADED:
		if (c->why != AGENDA_CLOSURE && (unsigned)c->why < AGENDA__MAX)
			return SHARED(x->shade[col][c->why], shaded_json(
			    agenda_why_class(c->why), shade_title(v, k, c->why,
			    m)));
		o = shaded_json(agenda_why_class(c->why),
		    shade_title(v, k, c->why, m));
		break;
	case AGENDA_CELL_APPT:
		o = appt_json(v, x->rows[c->appt]);
		json_object_object_add(o, "k", json_object_new_string("appt"));
		json_object_object_add(o, "span", json_object_new_int(c->span));
		/* the block ends where the row after it starts */
		e = row + (size_t)c->span < g->nrows ?
		    g->mins[row + (size_t)c->span] :
		    g->mins[g->nrows - 1] + g->step;
		json_object_object_add(o, "also", also_json(v, c, col, e - m,
		    x->a, x->rows, x->placed, x->n));
		break;
	default:
		if (x->skip == NULL) {
			x->skip = json_object_new_object();
			json_object_object_add(x->skip, "k",
			    json_object_new_string("skip"));
		}
		return json_object_get(x->skip);
	}
	return o;
}

/* The rows of the grid as JSON. */
static json_object *
rows_json(const struct view *v, const struct agenda_grid *g,
    struct cells_ctx *x)
{
	json_object	*a = json_object_new_array(), *row, *cells;
	char		 t[16];
	size_t		 r, c;
	int		 m;

	for (r = 0; r < g->nrows; r++) {
		m = g->mins[r];
		snprintf(t, sizeof(t), "%02d:%02d", m / 60, m % 60);
		row = json_object_new_object();
		cells = json_object_new_array();
		json_object_object_add(row, "time", json_object_new_string(t));
		for (c = 0; c < g->ncols; c++)
			json_object_array_add(cells, cell_json(v, g, r, c, x));
		json_object_object_add(row, "cells", cells);
		json_object_array_add(a, row);
	}
	return a;
}

/* The column headers and the practitioner choices. */
static void
heads_json(const struct view *v, json_object *o)
{
	json_object	*h = json_object_new_array(), *x, *ps;
	char		 t[32];
	size_t		 i;
	int		 w;

	for (i = 0; i < v->ncols; i++) {
		x = json_object_new_object();
		if (v->week) {
			w = tz_weekday(tz_days_from_civil(v->cols[i].date.y,
			    v->cols[i].date.m, v->cols[i].date.d));
			snprintf(t, sizeof(t), "%s %02d/%02d",
			    page_text(v->r, days_short[w]),
			    v->cols[i].date.d, v->cols[i].date.m);
			json_object_object_add(x, "name",
			    json_object_new_string(t));
		} else
			json_object_object_add(x, "name",
			    json_object_new_string(booking_prac_name(v->b,
			    v->cols[i].prac)));
		json_object_array_add(h, x);
	}
	json_object_object_add(o, "cols", h);
	ps = json_object_new_array();
	for (i = 0; i < booking_npracs(v->b); i++) {
		x = json_object_new_object();
		json_object_object_add(x, "id", json_object_new_string(
		    booking_prac_id(v->b, i)));
		json_object_object_add(x, "name", json_object_new_string(
		    booking_prac_name(v->b, i)));
		json_object_object_add(x, "sel", json_object_new_boolean(
		    v->week && (int)i == v->prac));
		json_object_array_add(ps, x);
	}
	json_object_object_add(o, "practitioners", ps);
}

/* Add date d as "YYYY-MM-DD" under key. */
static void
add_date(json_object *o, const char *key, const struct slots_date *d)
{
	char	 s[11];

	agenda_date_str(d, s, sizeof(s));
	json_object_object_add(o, key, json_object_new_string(s));
}

/*
 * The day d as staff read it, weekday in words in the page's language
 * ("jeudi 10/12/2026"), under key in o.
 */
static void
add_day_label(const struct view *v, json_object *o, const char *key,
    const struct slots_date *d)
{
	char	 s[48];
	int	 w;

	w = tz_weekday(tz_days_from_civil(d->y, d->m, d->d));
	snprintf(s, sizeof(s), "%s %02d/%02d/%04d",
	    page_text(v->r, days_long[w]), d->d, d->m, d->y);
	json_object_object_add(o, key, json_object_new_string(s));
}

/* The treatments of the clinic with their colour, for the legend. */
static json_object *
legend_json(const struct view *v)
{
	json_object	*a = json_object_new_array(), *x;
	char		 tc[8];
	size_t		 t;

	for (t = 0; t < booking_ntreats(v->b); t++) {
		treat_colour(v->b, booking_treat_name(v->b, t), tc,
		    sizeof(tc));
		x = json_object_new_object();
		json_object_object_add(x, "name", json_object_new_string(
		    booking_treat_name(v->b, t)));
		json_object_object_add(x, "tc", json_object_new_string(tc));
		json_object_array_add(a, x);
	}
	return a;
}

/*
 * Day view of a day the clinic is closed all day (every cell shaded for
 * one reason: its weekly hours, a public holiday, a closure): the reason
 * in words under "closedNote", so the page says it without a pointer
 * hovering a cell.
 */
static void
add_closed_note(const struct view *v, const struct agenda_grid *g,
    json_object *o)
{
	const struct agenda_cell	*c;
	enum agenda_why			 w;
	size_t				 i, n = g->nrows * g->ncols;

	if (v->week || n == 0 || g->cells[0].kind != AGENDA_CELL_SHADED)
		return;
	w = g->cells[0].why;
	if (w != AGENDA_WEEKLY && w != AGENDA_HOLIDAY && w != AGENDA_CLOSURE)
		return;
	for (i = 0; i < n; i++) {
		c = &g->cells[i];
		if (c->kind != AGENDA_CELL_SHADED || c->why != w)
			return;
	}
	json_object_object_add(o, "closedNote", shade_title(v, &v->cols[0], w,
	    g->mins[0]));
}

/* The page's data: navigation, headers, rows.  NULL on ENOMEM. */
static json_object *
view_json(struct view *v, const struct agenda_grid *g,
    struct cells_ctx *x)
{
	json_object		*o = json_object_new_object();
	struct tz_local		 now;
	struct slots_date	 today, d;

	tz_to_local(booking_tz(v->b), config_now(), &now);
	today.y = now.year;
	today.m = now.month;
	today.d = now.day;
	json_object_object_add(o, "view", json_object_new_string(v->week ?
	    "week" : "day"));
	json_object_object_add(o, "week", json_object_new_boolean(v->week));
	add_date(o, "date", &v->date);
	d = agenda_date_add(&v->date, -v->ndays);
	add_date(o, "prev", &d);
	d = agenda_date_add(&v->date, v->ndays);
	add_date(o, "next", &d);
	add_date(o, "today", &today);
	add_date(o, "from", &v->d0);
	add_day_label(v, o, "fromLabel", &v->d0);
	d = agenda_date_add(&v->d0, v->ndays - 1);
	add_date(o, "to", &d);
	add_day_label(v, o, "toLabel", &d);
	json_object_object_add(o, "practitionerId", json_object_new_string(
	    v->week ? v->pid : ""));
	json_object_object_add(o, "zone", json_object_new_string(
	    tz_name(booking_tz(v->b))));
	heads_json(v, o);
	json_object_object_add(o, "rows", rows_json(v, g, x));
	add_closed_note(v, g, o);
	json_object_object_add(o, "treatments", legend_json(v));
	return o;
}

/*
 * Read ?date, ?view and ?practitioner_id into v (v->b loaded).  Returns
 * 0, or the status answered (400 bad input, 404 unknown practitioner).
 */
static int
view_args(struct req *r, struct view *v)
{
	const char	*ds = req_query(r, "date"), *vw = req_query(r, "view");
	const char	*pid = req_query(r, "practitioner_id");
	struct tz_local	 now;
	int		 i, w;

	if (ds != NULL && *ds != '\0') {
		if (agenda_parse_date(ds, &v->date) != 0)
			return 400;
	} else {
		tz_to_local(booking_tz(v->b), config_now(), &now);
		v->date.y = now.year;
		v->date.m = now.month;
		v->date.d = now.day;
	}
	v->week = vw != NULL && strcmp(vw, "week") == 0;
	if (vw != NULL && *vw != '\0' && !v->week && strcmp(vw, "day") != 0)
		return 400;
	v->prac = 0;
	if (pid != NULL && *pid != '\0') {
		if (!page_is_uuid(pid))
			return 400;
		if ((v->prac = booking_find_prac(v->b, pid)) < 0)
			return 404;
	}
	if (booking_npracs(v->b) == 0)
		v->week = 0;
	v->ndays = v->week ? 7 : 1;
	v->d0 = v->date;
	if (v->week) {
		w = tz_weekday(tz_days_from_civil(v->date.y, v->date.m,
		    v->date.d));
		v->d0 = agenda_date_add(&v->date, -w);
		v->pid = booking_prac_id(v->b, (size_t)v->prac);
		for (i = 0; i < 7; i++) {
			v->cols[i].prac = (size_t)v->prac;
			v->cols[i].date = agenda_date_add(&v->d0, i);
		}
		v->ncols = 7;
	} else {
		for (i = 0; (size_t)i < booking_npracs(v->b) &&
		    i < AGENDA_MAX_COLS; i++) {
			v->cols[i].prac = (size_t)i;
			v->cols[i].date = v->date;
		}
		v->ncols = (size_t)i;
	}
	return 0;
}

/* Release what v holds. */
static void
view_free(struct view *v)
{
	PQclear(v->appts);
	PQclear(v->closures);
	booking_free(v->b);
}

/* Answer a failed view step. */
static void
view_fail(struct req *r, int code)
{
	if (code == 400)
		page_invalid(r, 400, "date: YYYY-MM-DD; view: day or week; "
		    "practitioner_id: id",
		    "field.agenda.filter");
	else if (code == 404)
		page_error(r, 404, "not found", NULL);
	else
		page_fail(r, code);
}

/* Build and send the grid of v. */
static void
view_send(struct req *r, struct view *v)
{
	struct slots_clinic	 sc;
	struct agenda_grid	 g;
	struct agenda_appt	*a;
	struct cells_ctx	 x;
	unsigned char		*placed;
	int			*rows;
	size_t			 n, i, max;
	json_object		*o;

	/* Room for the rows read (at most AGENDA_MAX_APPTS), not more. */
	max = (size_t)PQntuples(v->appts);
	if (max > AGENDA_MAX_APPTS)
		max = AGENDA_MAX_APPTS;
	a = calloc(max + 1, sizeof(*a));
	rows = calloc(max + 1, sizeof(*rows));
	placed = calloc(max + 1, 1);
	if (a == NULL || rows == NULL || placed == NULL) {
		free(a);
		free(rows);
		free(placed);
		page_fail(r, 500);
		return;
	}
	n = view_appts(v, a, rows);
	booking_slots(v->b, &sc);
	memset(&g, 0, sizeof(g));
	if (v->ncols == 0 || agenda_grid(&sc, v->cols, v->ncols, a, n, &g) !=
	    AGENDA_EOK)
		g.nrows = 0;
	for (i = 0; i < g.nrows * g.ncols; i++)
		if (g.cells[i].kind == AGENDA_CELL_APPT && g.cells[i].appt < n)
			placed[g.cells[i].appt] = 1;
	memset(&x, 0, sizeof(x));
	x.a = a;
	x.rows = rows;
	x.placed = placed;
	x.n = n;
	o = view_json(v, &g, &x);
	page_send(r, 200, "admin/agenda", v->week ? "title.agenda.week" :
	    "title.agenda.day", o, 1);
	json_object_put(o);
	cells_release(&x);
	agenda_grid_free(&g);
	free(a);
	free(rows);
	free(placed);
}

void
admin_agenda(struct req *r)
{
	struct view		 v;
	struct slots_date	 last;
	int			 code;

	memset(&v, 0, sizeof(v));
	v.r = r;
	if ((code = catalogue(r, &v.b)) != 0) {
		view_fail(r, code);
		return;
	}
	/* Busy time of the days shown only, not of the whole horizon. */
	if ((code = view_args(r, &v)) == 0) {
		last = agenda_date_add(&v.d0, v.ndays - 1);
		code = busy_days(r, v.b, NULL, &v.d0, &last,
		    BOOKING_CAL_STORED);
		v.busy = code == 0;
	}
	if (code != 0 ||
	    (code = view_load(r, &v, v.week ? v.pid : NULL)) != 0) {
		view_fail(r, code);
		view_free(&v);
		return;
	}
	view_send(r, &v);
	view_free(&v);
}

/* The day list: one block per practitioner with their appointments. */
static json_object *
print_json(const struct view *v)
{
	json_object	*ps = json_object_new_array(), *p, *items, *x;
	size_t		 i;
	int		 k;

	for (i = 0; i < booking_npracs(v->b); i++) {
		p = json_object_new_object();
		items = json_object_new_array();
		json_object_object_add(p, "name", json_object_new_string(
		    booking_prac_name(v->b, i)));
		for (k = 0; k < PQntuples(v->appts); k++) {
			if (strcmp(PQgetvalue(v->appts, k, 0),
			    booking_prac_id(v->b, i)) != 0)
				continue;
			x = json_object_new_object();
			add_times(v, k, x);
			json_object_object_add(x, "status",
			    json_object_new_string(PQgetvalue(v->appts, k, 3)));
			json_object_object_add(x, "patient",
			    json_object_new_string(PQgetvalue(v->appts, k, 4)));
			json_object_object_add(x, "treatment",
			    json_object_new_string(PQgetvalue(v->appts, k, 5)));
			json_object_object_add(x, "phone",
			    json_object_new_string(PQgetvalue(v->appts, k, 8)));
			json_object_array_add(items, x);
		}
		json_object_object_add(p, "items", items);
		json_object_array_add(ps, p);
	}
	return ps;
}

void
admin_agenda_print(struct req *r)
{
	struct view	 v;
	json_object	*o;
	int		 code;

	memset(&v, 0, sizeof(v));
	v.r = r;
	if ((code = catalogue(r, &v.b)) != 0) {	/* no busy time needed */
		view_fail(r, code);
		return;
	}
	if ((code = view_args(r, &v)) == 0) {
		/* One day, every practitioner, whatever ?view says. */
		v.week = 0;
		v.ndays = 1;
		v.d0 = v.date;
		code = view_load(r, &v, NULL);
	}
	if (code != 0) {
		view_fail(r, code);
		view_free(&v);
		return;
	}
	o = json_object_new_object();
	add_date(o, "date", &v.date);
	json_object_object_add(o, "zone", json_object_new_string(
	    tz_name(booking_tz(v.b))));
	json_object_object_add(o, "practitioners", print_json(&v));
	page_send(r, 200, "admin/agenda_print", "title.agenda.print", o, 1);
	json_object_put(o);
	view_free(&v);
}
