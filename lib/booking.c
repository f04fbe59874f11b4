/*
 * booking — availability inputs from the database and the booking, move
 * and cancel transactions.  See booking.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "booking.h"
#include "calsync.h"
#include "db.h"
#include "holiday.h"
#include "log.h"
#include "nlu.h"
#include "slots.h"
#include "tz.h"

/* Calendar busy intervals read per practitioner. */
#define BOOKING_CAL_MAX		2000
/* Days of busy data read past the horizon (slots_propose may extend). */
#define BOOKING_EXTRA_DAYS	(SLOTS_MAX_EXTEND + 2)
/* Most practitioners and treatments of one clinic used here. */
#define BOOKING_MAX_ITEMS	200

/* Seconds of the window a slot memo covers (four UTC days). */
#define MEMO_SPAN		(4 * 86400)

/*
 * The free starts of one practitioner for one treatment over a window
 * [from, to) of MEMO_SPAN seconds, as slots_free gives them, sorted:
 * booking_slot_free answers from it instead of running slots_free (its
 * checks, busy merge and day ranges) once per start tried.  The memos
 * (one per practitioner) are dropped whenever the snapshot's busy time
 * or closures change (build_sp, busy_load).
 */
struct slot_memo {
	int			 valid;
	int			 p;
	int			 t;
	int64_t			 from;
	int64_t			 to;
	int64_t			*starts;
	size_t			 n;
	struct slots_slot	*buf;	/* slots_free's output */
	size_t			 cap;
};

/* A growable array of intervals, bounded by SLOTS_MAX_BUSY. */
struct ivs {
	struct slots_interval	*v;
	size_t			 n;
	size_t			 cap;
};

struct bprac {
	char			 id[37];
	char			*name;
	char			*spec;
	struct slots_week	 hours;
	int			 has_hours;
	int64_t			*treats;
	size_t			 ntreats;
	struct ivs		 abs;
	struct ivs		 booked;
	struct ivs		 cal;
	int			 google;	/* a Google Calendar not disconnected */
};

struct btreat {
	char			 id[37];
	char			*name;
	struct slots_treatment	 st;
	int64_t			 price;		/* cents, -1 unknown */
};

struct booking {
	char				 clinic[37];
	const struct tz			*tz;
	char				 country[3];	/* "" unknown */
	int64_t				 now;
	int				 notice;
	int				 horizon;
	int				 granularity;
	struct slots_week		 open;
	struct slots_closure		*closures;
	size_t				 nclosures;
	struct bprac			*pracs;
	size_t				 npracs;
	const char			**pnames;
	struct btreat			*treats;
	size_t				 ntreats;
	const char			**tnames;
	struct nlu_alias		*aliases;	/* for nlu_lists */
	char				**atexts;	/* their texts */
	size_t				 naliases;
	struct slots_practitioner	*sp;
	struct slot_memo		*memo;	/* one per practitioner */
	struct booking_cat		*cat;	/* shared with, or NULL */
};

/*
 * The catalogue in one round trip: the clinic's settings, then as JSON
 * arrays of rows whose cells are text (NULL as null), in this order:
 * opening hours (weekday, start, end) by weekday and start; the active
 * practitioners (id, name, specialty) in display order, at most 200;
 * the active treatments (id, name, duration, buffer, price in cents or
 * null) by creation, at
 * most 200; who offers what (practitioner, treatment); the working
 * hours (practitioner, weekday, start, end) by weekday and start; the
 * treatments' aliases (treatment, language, alias, is_name), names
 * first, at most 2000.
 */
static const struct db_stmt st_catalogue = {
	"booking_catalogue",
	"SELECT c.timezone, c.min_notice_minutes, c.booking_horizon_days, "
	"c.slot_granularity_minutes, c.country, "
	"(SELECT coalesce(json_agg(json_build_array(h.weekday::text, "
	"h.start_min::text, h.end_min::text) ORDER BY h.weekday, "
	"h.start_min), '[]') FROM clinic_opening_hours h "
	"WHERE h.clinic_id = $1::uuid), "
	"(SELECT coalesce(json_agg(json_build_array(p.id::text, p.name, "
	"p.spec, p.google::text) ORDER BY p.display_order, p.last_name, "
	"p.first_name, p.id), "
	"'[]') FROM (SELECT id, concat_ws(' ', nullif(btrim(title), ''), "
	"first_name, last_name) AS name, coalesce(specialty, '') AS spec, "
	"EXISTS (SELECT 1 FROM practitioner_calendar_integrations g "
	"WHERE g.clinic_id = $1::uuid AND g.practitioner_id = x.id "
	"AND g.status <> 'disconnected') AS google, "
	"display_order, last_name, first_name FROM practitioners x "
	"WHERE clinic_id = $1::uuid AND is_active "
	"ORDER BY display_order, last_name, first_name, id LIMIT 200) p), "
	"(SELECT coalesce(json_agg(json_build_array(t.id::text, t.name, "
	"t.duration_minutes::text, t.buffer_minutes::text, "
	"t.price_cents::text) ORDER BY t.created_at, t.name), '[]') FROM "
	"(SELECT id, name, duration_minutes, buffer_minutes, price_cents, "
	"created_at FROM treatment_types "
	"WHERE clinic_id = $1::uuid AND is_active "
	"ORDER BY created_at, name LIMIT 200) t), "
	"(SELECT coalesce(json_agg(json_build_array(l.practitioner_id::text, "
	"l.treatment_type_id::text)), '[]') FROM practitioner_treatments l "
	"WHERE l.clinic_id = $1::uuid), "
	"(SELECT coalesce(json_agg(json_build_array(w.practitioner_id::text, "
	"w.weekday::text, w.start_min::text, w.end_min::text) ORDER BY "
	"w.weekday, w.start_min), '[]') FROM practitioner_working_hours w "
	"WHERE w.clinic_id = $1::uuid), "
	"(SELECT coalesce(json_agg(json_build_array("
	"a.treatment_type_id::text, a.lang, a.alias, a.is_name::text) "
	"ORDER BY a.is_name DESC, a.position, a.created_at), '[]') FROM "
	"(SELECT treatment_type_id, lang, alias, is_name, position, "
	"created_at FROM treatment_aliases WHERE clinic_id = $1::uuid "
	"ORDER BY is_name DESC, position, created_at LIMIT 2000) a) "
	"FROM clinics c WHERE c.id = $1::uuid",
	1
};

/* The catalogue's columns (st_catalogue). */
enum cat_col {
	CAT_TZ = 0,		/* the settings, one column each */
	CAT_NOTICE,
	CAT_HORIZON,
	CAT_GRANULARITY,
	CAT_COUNTRY,
	CAT_OPEN,		/* the JSON arrays of rows */
	CAT_PRACS,
	CAT_TREATS,
	CAT_LINKS,
	CAT_WHOURS,
	CAT_ALIASES,
	CAT__MAX
};

static const struct db_stmt st_closures = {
	"booking_closures",
	"SELECT to_char(day, 'YYYY-MM-DD'), coalesce(start_min, 0), "
	"coalesce(end_min, 1440) FROM clinic_closures "
	"WHERE clinic_id = $1::uuid AND day >= (to_timestamp($2::bigint) "
	"AT TIME ZONE $3)::date - 1 ORDER BY day LIMIT 5000",
	3
};

static const struct db_stmt st_absences = {
	"booking_absences",
	"SELECT practitioner_id, extract(epoch FROM starts_at)::bigint, "
	"extract(epoch FROM ends_at)::bigint FROM practitioner_absences "
	"WHERE clinic_id = $1::uuid AND ends_at > to_timestamp($2::bigint) "
	"LIMIT 50000",
	2
};

/*
 * The booked time meeting [$2, $3) of clinic $1 but appointment $4.  An
 * appointment lasts at most 12 hours and its buffer 4 (CHECKs of sql/002):
 * one starting before $3 is blocked until before $3 + 16 hours, a bound
 * that keeps the walk of appointments_clinic_booked_until (sql/022) to
 * the span asked (the agenda's day or week), not every later booking.
 */
static const struct db_stmt st_booked = {
	"booking_booked",
	"SELECT practitioner_id, extract(epoch FROM starts_at)::bigint, "
	"extract(epoch FROM blocked_until)::bigint FROM appointments "
	"WHERE clinic_id = $1::uuid AND status = 'booked' "
	"AND blocked_until > to_timestamp($2::bigint) "
	"AND blocked_until < to_timestamp($3::bigint) + interval '16 hours' "
	"AND starts_at < to_timestamp($3::bigint) "
	"AND ($4::uuid IS NULL OR id <> $4::uuid) LIMIT 100000",
	4
};

static const struct db_stmt st_insert = {
	"booking_insert",
	"WITH a AS (INSERT INTO appointments (clinic_id, practitioner_id, "
	"patient_id, treatment_type_id, treatment_name, conversation_id, "
	"starts_at, ends_at, buffer_minutes, source) VALUES ($1::uuid, "
	"$2::uuid, $3::uuid, $4::uuid, $5, $6::uuid, "
	"to_timestamp($7::bigint), to_timestamp($8::bigint), $9::int, "
	"'whatsapp') RETURNING id, patient_id), "
	"l AS (INSERT INTO audit_log (clinic_id, action, entity, entity_id, "
	"patient_id, metadata) SELECT $1::uuid, 'appointment.book', "
	"'appointment', a.id::text, a.patient_id, "
	"'{\"source\": \"whatsapp\"}' FROM a) "
	"SELECT id FROM a",
	9
};

static const struct db_stmt st_move = {
	"booking_move",
	"WITH a AS (UPDATE appointments SET practitioner_id = $3::uuid, "
	"starts_at = to_timestamp($4::bigint), "
	"ends_at = to_timestamp($5::bigint), buffer_minutes = $6::int, "
	"treatment_name = CASE WHEN treatment_type_id IS DISTINCT FROM "
	"$9::uuid THEN $10 ELSE treatment_name END, "
	"treatment_type_id = $9::uuid, "
	"reminder_sent_at = NULL, reminder_status = NULL "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid AND status = 'booked' "
	"AND starts_at > to_timestamp($7::bigint) AND patient_id IN "
	"(SELECT id FROM patients WHERE clinic_id = $1::uuid AND phone = $8) "
	"RETURNING id, patient_id), "
	"l AS (INSERT INTO audit_log (clinic_id, action, entity, entity_id, "
	"patient_id, metadata) SELECT $1::uuid, 'appointment.move', "
	"'appointment', a.id::text, a.patient_id, "
	"'{\"source\": \"whatsapp\"}' FROM a) "
	"SELECT id FROM a",
	10
};

static const struct db_stmt st_cancel = {
	"booking_cancel",
	"WITH a AS (UPDATE appointments SET status = 'cancelled' "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid AND status = 'booked' "
	"AND starts_at > to_timestamp($3::bigint) AND patient_id IN "
	"(SELECT id FROM patients WHERE clinic_id = $1::uuid AND phone = $4) "
	"RETURNING id, patient_id), "
	"l AS (INSERT INTO audit_log (clinic_id, action, entity, entity_id, "
	"patient_id, metadata) SELECT $1::uuid, 'appointment.cancel', "
	"'appointment', a.id::text, a.patient_id, "
	"'{\"source\": \"whatsapp\"}' FROM a) "
	"SELECT id FROM a",
	4
};

/*
 * The practitioner's write lock, for the rest of the transaction: the
 * one given, else the one appointment $3 is with.  Transactions that
 * write a practitioner's appointment times take it first, so two of
 * them queue up instead of deadlocking through the exclusion
 * constraint and the rows each holds.
 */
static const struct db_stmt st_lock = {
	"booking_lock",
	"SELECT pg_advisory_xact_lock(1936681, hashtext(coalesce($2::uuid, "
	"(SELECT practitioner_id FROM appointments WHERE clinic_id = $1::uuid "
	"AND id = $3::uuid))::text))",
	3
};

static const char *const errs[BOOKING__MAX] = {
	"ok", "slot taken", "no such appointment", "bad arguments",
	"database error", "out of memory"
};

const char *
booking_strerror(enum booking_err e)
{
	return (unsigned)e < BOOKING__MAX ? errs[e] : "unknown error";
}

/* Parse a decimal integer (whole string) within [lo, hi]. 0 or -1. */
static int
num(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Append [s, e) to a. Returns 0 or -1 (bound or ENOMEM). */
static int
ivs_add(struct ivs *a, int64_t s, int64_t e)
{
	struct slots_interval	*nv;
	size_t			 ncap;

	if (a->n == a->cap) {
		if (a->cap >= SLOTS_MAX_BUSY)
			return -1;
		ncap = a->cap == 0 ? 16 : a->cap * 2;
		if ((nv = reallocarray(a->v, ncap, sizeof(*nv))) == NULL)
			return -1;
		a->v = nv;
		a->cap = ncap;
	}
	a->v[a->n].start = s;
	a->v[a->n].end = e;
	a->n++;
	return 0;
}

/* Add a range to day w of week. Returns 0 or -1 (full or bad). */
static int
week_add(struct slots_week *wk, int64_t w, int64_t s, int64_t e)
{
	if (w < 0 || w > 6 || wk->n[w] >= SLOTS_DAY_RANGES)
		return -1;
	wk->r[w][wk->n[w]].start = (int)s;
	wk->r[w][wk->n[w]].end = (int)e;
	wk->n[w]++;
	return 0;
}

/* Forget b's slot memos (the busy time or closures change). */
static void
memo_free(struct booking *b)
{
	size_t	 i;

	if (b->memo == NULL)
		return;
	for (i = 0; i < b->npracs; i++) {
		free(b->memo[i].starts);
		free(b->memo[i].buf);
	}
	free(b->memo);
	b->memo = NULL;
}

static void
prac_clear_busy(struct bprac *p)
{
	free(p->abs.v);
	free(p->booked.v);
	free(p->cal.v);
	memset(&p->abs, 0, sizeof(p->abs));
	memset(&p->booked, 0, sizeof(p->booked));
	memset(&p->cal, 0, sizeof(p->cal));
}

void
booking_free(struct booking *b)
{
	size_t	 i;

	if (b == NULL)
		return;
	for (i = 0; i < b->npracs; i++) {
		free(b->pracs[i].name);
		free(b->pracs[i].spec);
		free(b->pracs[i].treats);
		prac_clear_busy(&b->pracs[i]);
	}
	for (i = 0; i < b->ntreats; i++)
		free(b->treats[i].name);
	free(b->pracs);
	free(b->treats);
	free(b->pnames);
	free(b->tnames);
	for (i = 0; i < b->naliases; i++)
		free(b->atexts[i]);
	free(b->atexts);
	free(b->aliases);
	free(b->closures);
	free(b->sp);
	memo_free(b);
	free(b);
}

/* Run st with params; NULL (and the result cleared) unless tuples. */
static PGresult *
query(struct app_ctx *ctx, const struct db_stmt *st, const char *const *p)
{
	PGresult	*r;

	r = db_exec(ctx->db, st, p);
	if (r == NULL)
		return NULL;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		log_error("booking", "QUERY_FAILED", NULL, "%s: %s", st->name,
		    PQresultErrorMessage(r));
		PQclear(r);
		return NULL;
	}
	return r;
}

/* Settings of the clinic from the catalogue's row r. A booking_err. */
static enum booking_err
load_clinic(PGresult *r, struct booking *b)
{
	int64_t		 v[3];
	int		 ok;

	ok = tz_load(PQgetvalue(r, 0, CAT_TZ), &b->tz) == TZ_OK &&
	    num(PQgetvalue(r, 0, CAT_NOTICE), 0, 20160, &v[0]) == 0 &&
	    num(PQgetvalue(r, 0, CAT_HORIZON), 0, 3660, &v[1]) == 0 &&
	    num(PQgetvalue(r, 0, CAT_GRANULARITY), 1, 1440, &v[2]) == 0;
	if (!ok)
		return BOOKING_ARG;
	b->notice = (int)v[0];
	b->horizon = (int)v[1];
	b->granularity = (int)v[2];
	/* The column's CHECK keeps it supported; anything else: none. */
	if (holiday_supported(PQgetvalue(r, 0, CAT_COUNTRY)))
		snprintf(b->country, sizeof(b->country), "%s",
		    PQgetvalue(r, 0, CAT_COUNTRY));
	return BOOKING_OK;
}

/* Opening hours from their rows. Returns a booking_err. */
static enum booking_err
load_open(json_object *r, struct booking *b)
{
	int64_t		 w, s, e;
	size_t		 i;

	for (i = 0; i < json_object_array_length(r); i++)
		if (num(db_json_cell(r, i, 0), 0, 6, &w) == 0 &&
		    num(db_json_cell(r, i, 1), 0, 1439, &s) == 0 &&
		    num(db_json_cell(r, i, 2), 1, 1440, &e) == 0)
			(void)week_add(&b->open, w, s, e);
	return BOOKING_OK;
}

/* Practitioners from their rows. Returns a booking_err. */
static enum booking_err
load_pracs(json_object *r, struct booking *b)
{
	size_t		 i, n;

	n = json_object_array_length(r);
	if (n > BOOKING_MAX_ITEMS)
		n = BOOKING_MAX_ITEMS;
	b->pracs = calloc(n + 1, sizeof(*b->pracs));
	b->pnames = calloc(n + 1, sizeof(*b->pnames));
	if (b->pracs == NULL || b->pnames == NULL)
		return BOOKING_NOMEM;
	for (i = 0; i < n; i++) {
		struct bprac *bp = &b->pracs[i];

		snprintf(bp->id, sizeof(bp->id), "%s", db_json_cell(r, i, 0));
		bp->name = strdup(db_json_cell(r, i, 1));
		bp->spec = strdup(db_json_cell(r, i, 2));
		bp->google = strcmp(db_json_cell(r, i, 3), "true") == 0;
		b->npracs++;
		if (bp->name == NULL || bp->spec == NULL)
			return BOOKING_NOMEM;
		b->pnames[i] = bp->name;
	}
	return BOOKING_OK;
}

/* Treatments from their rows. Returns a booking_err. */
static enum booking_err
load_treats(json_object *r, struct booking *b)
{
	int64_t		 d, buf;
	size_t		 i, n;

	n = json_object_array_length(r);
	if (n > BOOKING_MAX_ITEMS)
		n = BOOKING_MAX_ITEMS;
	b->treats = calloc(n + 1, sizeof(*b->treats));
	b->tnames = calloc(n + 1, sizeof(*b->tnames));
	if (b->treats == NULL || b->tnames == NULL)
		return BOOKING_NOMEM;
	for (i = 0; i < n; i++) {
		struct btreat *t = &b->treats[b->ntreats];

		if (num(db_json_cell(r, i, 2), 1, 720, &d) == -1 ||
		    num(db_json_cell(r, i, 3), 0, 240, &buf) == -1)
			continue;
		snprintf(t->id, sizeof(t->id), "%s", db_json_cell(r, i, 0));
		if ((t->name = strdup(db_json_cell(r, i, 1))) == NULL)
			return BOOKING_NOMEM;
		t->st.id = (int64_t)b->ntreats + 1;
		t->st.duration = (int)d;
		t->st.buffer = (int)buf;
		if (db_json_cell(r, i, 4) == NULL ||
		    num(db_json_cell(r, i, 4), 0, 100000000, &t->price) == -1)
			t->price = -1;
		b->tnames[b->ntreats++] = t->name;
	}
	return BOOKING_OK;
}

int
booking_treat_minutes(const struct booking *b, size_t t)
{
	return t < b->ntreats ? b->treats[t].st.duration : -1;
}

int
booking_treat_blocks(const struct booking *b, size_t t)
{
	return t < b->ntreats ? b->treats[t].st.duration +
	    b->treats[t].st.buffer : -1;
}

long
booking_treat_price(const struct booking *b, size_t t)
{
	return t < b->ntreats ? (long)b->treats[t].price : -1;
}

/* Index of the practitioner whose uuid is id, or -1. */
static int
prac_by_id(const struct booking *b, const char *id)
{
	size_t	 i;

	for (i = 0; i < b->npracs; i++)
		if (strcmp(b->pracs[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Index of the treatment whose uuid is id, or -1. */
static int
treat_by_id(const struct booking *b, const char *id)
{
	size_t	 i;

	for (i = 0; i < b->ntreats; i++)
		if (strcmp(b->treats[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Who offers what, from its rows. Returns a booking_err. */
static enum booking_err
load_links(json_object *r, struct booking *b)
{
	int		 pi, ti;
	size_t		 i, k;

	for (k = 0; k < b->npracs; k++) {
		b->pracs[k].treats = calloc(b->ntreats + 1, sizeof(int64_t));
		if (b->pracs[k].treats == NULL)
			return BOOKING_NOMEM;
	}
	for (i = 0; i < json_object_array_length(r); i++) {
		pi = prac_by_id(b, db_json_cell(r, i, 0));
		ti = treat_by_id(b, db_json_cell(r, i, 1));
		if (pi < 0 || ti < 0 ||
		    b->pracs[pi].ntreats >= b->ntreats)
			continue;
		b->pracs[pi].treats[b->pracs[pi].ntreats++] =
		    b->treats[ti].st.id;
	}
	return BOOKING_OK;
}

/*
 * The aliases of the active treatments from their rows (those of other
 * treatments are skipped). Returns a booking_err.
 */
static enum booking_err
load_aliases(json_object *r, struct booking *b)
{
	struct nlu_alias	*a;
	const char		*lang;
	size_t			 i, n;
	int			 ti;

	n = json_object_array_length(r);
	b->aliases = calloc(n + 1, sizeof(*b->aliases));
	b->atexts = calloc(n + 1, sizeof(*b->atexts));
	if (b->aliases == NULL || b->atexts == NULL)
		return BOOKING_NOMEM;
	for (i = 0; i < n; i++) {
		if ((ti = treat_by_id(b, db_json_cell(r, i, 0))) < 0)
			continue;
		lang = db_json_cell(r, i, 1);
		a = &b->aliases[b->naliases];
		a->treatment = (size_t)ti;
		a->lang = strcmp(lang, "en") == 0 ? NLU_LANG_EN : NLU_LANG_FR;
		a->is_name = strcmp(db_json_cell(r, i, 3), "true") == 0;
		if ((b->atexts[b->naliases] = strdup(db_json_cell(r, i, 2))) ==
		    NULL)
			return BOOKING_NOMEM;
		a->text = b->atexts[b->naliases++];
	}
	return BOOKING_OK;
}

/*
 * Working hours from their rows; a practitioner without any row works
 * the clinic's opening hours (sql/002_core.sql).  Returns a booking_err.
 */
static enum booking_err
load_whours(json_object *r, struct booking *b)
{
	int64_t		 w, s, e;
	int		 pi;
	size_t		 i, k;

	for (i = 0; i < json_object_array_length(r); i++) {
		if ((pi = prac_by_id(b, db_json_cell(r, i, 0))) < 0 ||
		    num(db_json_cell(r, i, 1), 0, 6, &w) == -1 ||
		    num(db_json_cell(r, i, 2), 0, 1439, &s) == -1 ||
		    num(db_json_cell(r, i, 3), 1, 1440, &e) == -1)
			continue;
		b->pracs[pi].has_hours = 1;
		(void)week_add(&b->pracs[pi].hours, w, s, e);
	}
	for (k = 0; k < b->npracs; k++)
		if (!b->pracs[k].has_hours)
			b->pracs[k].hours = b->open;
	return BOOKING_OK;
}

/* (Re)build the slots view of the practitioners. Returns 0 or -1. */
static int
build_sp(struct booking *b)
{
	size_t	 i;

	memo_free(b);
	if ((b->memo = calloc(b->npracs + 1, sizeof(*b->memo))) == NULL)
		return -1;
	free(b->sp);
	if ((b->sp = calloc(b->npracs + 1, sizeof(*b->sp))) == NULL)
		return -1;
	for (i = 0; i < b->npracs; i++) {
		struct bprac *p = &b->pracs[i];

		b->sp[i].id = (int64_t)i + 1;
		b->sp[i].hours = p->hours;
		b->sp[i].treatments = p->treats;
		b->sp[i].ntreatments = p->ntreats;
		b->sp[i].absences = p->abs.v;
		b->sp[i].nabsences = p->abs.n;
		b->sp[i].booked = p->booked.v;
		b->sp[i].nbooked = p->booked.n;
		b->sp[i].calendar = p->cal.v;
		b->sp[i].ncalendar = p->cal.n;
	}
	return 0;
}

/* The lists of the catalogue, rows[i] for column CAT_OPEN + i. */
#define CAT_NLISTS	(CAT__MAX - CAT_OPEN)

/* Fill b's lists from their rows, in the order they depend on. */
static enum booking_err
load_lists(json_object *const *rows, struct booking *b)
{
	enum booking_err	 er;

	if ((er = load_open(rows[CAT_OPEN - CAT_OPEN], b)) != BOOKING_OK ||
	    (er = load_pracs(rows[CAT_PRACS - CAT_OPEN], b)) != BOOKING_OK ||
	    (er = load_treats(rows[CAT_TREATS - CAT_OPEN], b)) !=
	    BOOKING_OK ||
	    (er = load_links(rows[CAT_LINKS - CAT_OPEN], b)) != BOOKING_OK ||
	    (er = load_aliases(rows[CAT_ALIASES - CAT_OPEN], b)) !=
	    BOOKING_OK)
		return er;
	return load_whours(rows[CAT_WHOURS - CAT_OPEN], b);
}

/*
 * Parse the catalogue's lists of row r into rows (json arrays, each to
 * be put by the caller, also on failure).  Returns BOOKING_OK or
 * BOOKING_DB when a list is not a JSON array.
 */
static enum booking_err
parse_lists(PGresult *r, json_object **rows)
{
	size_t	 i;

	for (i = 0; i < CAT_NLISTS; i++) {
		rows[i] = json_tokener_parse(PQgetvalue(r, 0,
		    CAT_OPEN + (int)i));
		if (rows[i] == NULL ||
		    !json_object_is_type(rows[i], json_type_array))
			return BOOKING_DB;
	}
	return BOOKING_OK;
}

/*
 * Fill b from the catalogue's row r: the settings, then the lists.
 * Returns a booking_err (BOOKING_DB when a list is not a JSON array).
 */
static enum booking_err
load_catalogue(PGresult *r, struct booking *b)
{
	json_object		*rows[CAT_NLISTS] = { NULL };
	enum booking_err	 er;
	size_t			 i;

	if ((er = load_clinic(r, b)) == BOOKING_OK &&
	    (er = parse_lists(r, rows)) == BOOKING_OK)
		er = load_lists(rows, b);
	for (i = 0; i < CAT_NLISTS; i++)
		json_object_put(rows[i]);
	return er;
}

enum booking_err
booking_load(struct app_ctx *ctx, const char *clinic, int64_t now,
    struct booking **out)
{
	const char		*p[1];
	struct booking		*b;
	PGresult		*r;
	enum booking_err	 er;

	*out = NULL;
	if (clinic == NULL || strlen(clinic) != 36)
		return BOOKING_ARG;
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return BOOKING_NOMEM;
	memcpy(b->clinic, clinic, 37);
	b->now = now;
	p[0] = b->clinic;
	if ((r = query(ctx, &st_catalogue, p)) == NULL) {
		er = BOOKING_DB;
		goto fail;
	}
	er = PQntuples(r) == 1 && PQnfields(r) == CAT__MAX ?
	    load_catalogue(r, b) : BOOKING_ARG;
	PQclear(r);
	if (er != BOOKING_OK)
		goto fail;
	if (build_sp(b) == -1) {
		er = BOOKING_NOMEM;
		goto fail;
	}
	*out = b;
	return BOOKING_OK;
fail:
	booking_free(b);
	return er;
}

/*
 * A clinic's catalogue row, shared by booking_load_cat's handles, and
 * its lists parsed once (json-c objects only read by load_lists).
 */
/* The busy time's three results (load_busy_rows), kept for the key of
 * what they answered (clinic, now, zone, span, exception). */
#define CAT_BUSY	3
#define CAT_BUSY_KEY	192

struct booking_cat {
	char		 clinic[37];
	PGresult	*r;
	json_object	*rows[CAT_NLISTS];
	char		 busy_key[CAT_BUSY_KEY];	/* "" none */
	PGresult	*busy[CAT_BUSY];
};

enum booking_err
booking_cat_load(struct app_ctx *ctx, const char *clinic,
    struct booking_cat **out)
{
	const char		*p[1];
	struct booking_cat	*c;

	*out = NULL;
	if (clinic == NULL || strlen(clinic) != 36)
		return BOOKING_ARG;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return BOOKING_NOMEM;
	memcpy(c->clinic, clinic, 37);
	p[0] = c->clinic;
	if ((c->r = query(ctx, &st_catalogue, p)) == NULL) {
		free(c);
		return BOOKING_DB;
	}
	if (PQntuples(c->r) != 1 || PQnfields(c->r) != CAT__MAX) {
		booking_cat_free(c);
		return BOOKING_ARG;
	}
	if (parse_lists(c->r, c->rows) != BOOKING_OK) {
		booking_cat_free(c);
		return BOOKING_DB;
	}
	*out = c;
	return BOOKING_OK;
}

enum booking_err
booking_load_cat(struct booking_cat *c, int64_t now, struct booking **out)
{
	struct booking		*b;
	enum booking_err	 er;

	*out = NULL;
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return BOOKING_NOMEM;
	memcpy(b->clinic, c->clinic, 37);
	b->now = now;
	b->cat = c;
	if ((er = load_clinic(c->r, b)) != BOOKING_OK ||
	    (er = load_lists(c->rows, b)) != BOOKING_OK) {
		booking_free(b);
		return er;
	}
	if (build_sp(b) == -1) {
		booking_free(b);
		return BOOKING_NOMEM;
	}
	*out = b;
	return BOOKING_OK;
}

const char *
booking_cat_clinic(const struct booking_cat *c)
{
	return c->clinic;
}

void
booking_cat_forget(struct booking_cat *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < CAT_BUSY; i++) {
		PQclear(c->busy[i]);
		c->busy[i] = NULL;
	}
	c->busy_key[0] = '\0';
}

void
booking_cat_free(struct booking_cat *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	booking_cat_forget(c);
	for (i = 0; i < CAT_NLISTS; i++)
		json_object_put(c->rows[i]);
	PQclear(c->r);
	free(c);
}

/* Closures from today on, from st_closures' result r. A booking_err. */
static enum booking_err
take_closures(struct booking *b, PGresult *r)
{
	int64_t		 s, e;
	int		 i, n, y, m, d;

	n = PQntuples(r);
	free(b->closures);
	b->nclosures = 0;
	if ((b->closures = calloc(n + 1, sizeof(*b->closures))) == NULL)
		return BOOKING_NOMEM;
	for (i = 0; i < n; i++) {
		if (nlu_parse_ymd(PQgetvalue(r, i, 0), &y, &m, &d) == -1 ||
		    num(PQgetvalue(r, i, 1), 0, 1439, &s) == -1 ||
		    num(PQgetvalue(r, i, 2), 1, 1440, &e) == -1 || s >= e)
			continue;
		b->closures[b->nclosures].date.y = y;
		b->closures[b->nclosures].date.m = m;
		b->closures[b->nclosures].date.d = d;
		b->closures[b->nclosures].range.start = (int)s;
		b->closures[b->nclosures].range.end = (int)e;
		b->nclosures++;
	}
	return BOOKING_OK;
}

/*
 * Rows (practitioner, start, end) of result r into the intervals chosen
 * by which (0 absences, 1 booked).  Returns a booking_err.
 */
static enum booking_err
take_ivs(struct booking *b, PGresult *r, int which)
{
	int64_t		 s, e;
	int		 i, pi;
	struct ivs	*a;

	for (i = 0; i < PQntuples(r); i++) {
		if ((pi = prac_by_id(b, PQgetvalue(r, i, 0))) < 0 ||
		    num(PQgetvalue(r, i, 1), TZ_T_MIN, TZ_T_MAX, &s) == -1 ||
		    num(PQgetvalue(r, i, 2), TZ_T_MIN, TZ_T_MAX, &e) == -1 ||
		    e <= s)
			continue;
		a = which == 0 ? &b->pracs[pi].abs : &b->pracs[pi].booked;
		if (ivs_add(a, s, e) == -1)
			return BOOKING_NOMEM;
	}
	return BOOKING_OK;
}

/* The closures, absences and booked time of results r into b. */
static enum booking_err
busy_take(struct booking *b, PGresult *const *r)
{
	enum booking_err	 er;

	if ((er = take_closures(b, r[0])) == BOOKING_OK &&
	    (er = take_ivs(b, r[1], 0)) == BOOKING_OK)
		er = take_ivs(b, r[2], 1);
	return er;
}

/*
 * Closures from today on, absences and booked time meeting [p[1],
 * p[2]) (but appointment p[3]): three statements in one round trip, or
 * their results as read a moment ago for another handle over b's
 * catalogue with the same parameters (kept there until
 * booking_cat_forget).  Returns a booking_err.
 */
static enum booking_err
load_busy_rows(struct app_ctx *ctx, struct booking *b, const char **p)
{
	const struct db_stmt	*st[CAT_BUSY] = { &st_closures, &st_absences,
	    &st_booked };
	char			 now[24], key[CAT_BUSY_KEY];
	const char		*pc[3] = { b->clinic, now, tz_name(b->tz) };
	const char *const	*ps[CAT_BUSY] = { pc, p, p };
	PGresult		*r[CAT_BUSY];
	struct booking_cat	*c = b->cat;
	enum booking_err	 er = BOOKING_OK;
	int			 i, k;

	snprintf(now, sizeof(now), "%lld", (long long)b->now);
	k = snprintf(key, sizeof(key), "%s|%s|%s|%s|%s|%s", b->clinic, now,
	    pc[2] != NULL ? pc[2] : "", p[1], p[2], p[3] != NULL ? p[3] : "");
	if (k < 0 || (size_t)k >= sizeof(key))
		c = NULL;		/* no key: read, keep nothing */
	if (c != NULL && strcmp(c->busy_key, key) == 0)
		return busy_take(b, c->busy);
	(void)db_exec_many(ctx->db, CAT_BUSY, st, ps, r);
	for (i = 0; i < CAT_BUSY; i++)
		if (r[i] == NULL || PQresultStatus(r[i]) != PGRES_TUPLES_OK) {
			if (r[i] != NULL)
				log_error("booking", "QUERY_FAILED", NULL,
				    "%s: %s", st[i]->name,
				    PQresultErrorMessage(r[i]));
			er = BOOKING_DB;
			break;
		}
	if (er == BOOKING_OK)
		er = busy_take(b, r);
	if (er != BOOKING_OK || c == NULL) {
		for (i = 0; i < CAT_BUSY; i++)
			PQclear(r[i]);
		return er;
	}
	booking_cat_forget(c);		/* the catalogue keeps these now */
	for (i = 0; i < CAT_BUSY; i++)
		c->busy[i] = r[i];
	memcpy(c->busy_key, key, (size_t)k + 1);
	return er;
}

/* Google busy time of every practitioner over [from, to), asked or
 * (google == BOOKING_CAL_STORED) as stored only. Returns a booking_err. */
static enum booking_err
load_calendars(struct app_ctx *ctx, struct booking *b, int64_t from,
    int64_t to, int google)
{
	struct slots_interval	*iv;
	size_t			 i, k, n;
	int			 fail;

	if ((iv = calloc(BOOKING_CAL_MAX, sizeof(*iv))) == NULL)
		return BOOKING_NOMEM;
	for (i = 0; i < b->npracs; i++) {
		if (!b->pracs[i].google)	/* Sophie's own calendar only */
			continue;
		n = 0;
		fail = 0;
		if (google == BOOKING_CAL_STORED)
			(void)calsync_busy_stored(ctx, b->clinic,
			    b->pracs[i].id, from, to, iv, BOOKING_CAL_MAX, &n,
			    &fail);
		else
			(void)calsync_busy(ctx, b->clinic, b->pracs[i].id,
			    from, to, iv, BOOKING_CAL_MAX, &n, &fail);
		if (fail)
			n = 0;
		for (k = 0; k < n; k++)
			if (ivs_add(&b->pracs[i].cal, iv[k].start,
			    iv[k].end) == -1)
				break;
		if (fail)
			(void)ivs_add(&b->pracs[i].cal, from, to);
	}
	free(iv);
	return BOOKING_OK;
}

/*
 * The busy time that meets [from, end): closures from today on,
 * absences, booked appointments (but except) and, when google, Google
 * busy time from now on (the past is never offered).  Returns a
 * booking_err.
 */
static enum booking_err
busy_load(struct app_ctx *ctx, struct booking *b, const char *except,
    int64_t from, int64_t end, int google)
{
	char			 fs[24], to[24];
	const char		*p[4];
	size_t			 i;
	enum booking_err	 er;

	memo_free(b);
	for (i = 0; i < b->npracs; i++)
		prac_clear_busy(&b->pracs[i]);
	snprintf(fs, sizeof(fs), "%lld", (long long)from);
	snprintf(to, sizeof(to), "%lld", (long long)end);
	p[0] = b->clinic;
	p[1] = fs;
	p[2] = to;
	p[3] = except;
	if ((er = load_busy_rows(ctx, b, p)) != BOOKING_OK ||
	    (google && end > b->now && (er = load_calendars(ctx, b,
	    from > b->now ? from : b->now, end, google)) != BOOKING_OK))
		return er;
	return build_sp(b) == -1 ? BOOKING_NOMEM : BOOKING_OK;
}

enum booking_err
booking_busy(struct app_ctx *ctx, struct booking *b, const char *except)
{
	return busy_load(ctx, b, except, b->now, b->now +
	    ((int64_t)b->horizon + BOOKING_EXTRA_DAYS) * 86400, 1);
}

enum booking_err
booking_busy_stored(struct app_ctx *ctx, struct booking *b,
    const char *except)
{
	return busy_load(ctx, b, except, b->now, b->now +
	    ((int64_t)b->horizon + BOOKING_EXTRA_DAYS) * 86400,
	    BOOKING_CAL_STORED);
}

enum booking_err
booking_busy_range(struct app_ctx *ctx, struct booking *b,
    const char *except, int64_t from, int64_t to, int google)
{
	if (to <= from)
		return BOOKING_ARG;
	return busy_load(ctx, b, except, from, to, google);
}

const struct tz *
booking_tz(const struct booking *b)
{
	return b->tz;
}

const struct slots_week *
booking_open(const struct booking *b)
{
	return &b->open;
}

const char *
booking_country(const struct booking *b)
{
	return b->country;
}

size_t
booking_npracs(const struct booking *b)
{
	return b->npracs;
}

const char *
booking_prac_name(const struct booking *b, size_t i)
{
	return i < b->npracs ? b->pracs[i].name : NULL;
}

const char *
booking_prac_id(const struct booking *b, size_t i)
{
	return i < b->npracs ? b->pracs[i].id : NULL;
}

const char *
booking_prac_specialty(const struct booking *b, size_t i)
{
	return i < b->npracs ? b->pracs[i].spec : NULL;
}

int
booking_prac_offers(const struct booking *b, size_t i, size_t t)
{
	size_t	 k;

	if (i >= b->npracs || t >= b->ntreats)
		return 0;
	for (k = 0; k < b->pracs[i].ntreats; k++)
		if (b->pracs[i].treats[k] == b->treats[t].st.id)
			return 1;
	return 0;
}

const char *const *
booking_prac_names(const struct booking *b)
{
	return b->pnames;
}

size_t
booking_ntreats(const struct booking *b)
{
	return b->ntreats;
}

const char *
booking_treat_name(const struct booking *b, size_t t)
{
	return t < b->ntreats ? b->treats[t].name : NULL;
}

const char *
booking_treat_id(const struct booking *b, size_t t)
{
	return t < b->ntreats ? b->treats[t].id : NULL;
}

const char *const *
booking_treat_names(const struct booking *b)
{
	return b->tnames;
}

const struct nlu_alias *
booking_treat_aliases(const struct booking *b, size_t *n)
{
	*n = b->naliases;
	return b->aliases;
}

int
booking_find_prac(const struct booking *b, const char *s)
{
	size_t	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < b->npracs; i++)
		if (strcmp(b->pracs[i].name, s) == 0 ||
		    strcmp(b->pracs[i].id, s) == 0)
			return (int)i;
	return -1;
}

int
booking_find_treat(const struct booking *b, const char *s)
{
	size_t	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < b->ntreats; i++)
		if (strcmp(b->treats[i].name, s) == 0 ||
		    strcmp(b->treats[i].id, s) == 0)
			return (int)i;
	return -1;
}

/* The slots view of the clinic. */
static void
slots_view(const struct booking *b, struct slots_clinic *c)
{
	memset(c, 0, sizeof(*c));
	c->tz = b->tz;
	c->country = b->country;
	c->open = b->open;
	c->closures = b->closures;
	c->nclosures = b->nclosures;
	c->practitioners = b->sp;
	c->npractitioners = b->npracs;
	c->notice = b->notice;
	c->horizon = b->horizon;
	c->granularity = b->granularity;
	c->now = b->now;
}

void
booking_slots(const struct booking *b, struct slots_clinic *out)
{
	slots_view(b, out);
}

const struct slots_treatment *
booking_treat_slots(const struct booking *b, size_t t)
{
	return t < b->ntreats ? &b->treats[t].st : NULL;
}

enum booking_err
booking_day(const struct booking *b, const struct slots_date *date,
    struct slots_day *out)
{
	struct slots_clinic	 c;
	enum slots_err		 se;

	slots_view(b, &c);
	if ((se = slots_day(&c, date, out)) == SLOTS_OK)
		return BOOKING_OK;
	return BOOKING_ARG;
}

enum booking_err
booking_propose(const struct booking *b, const struct booking_req *rq,
    struct booking_prop *out, size_t max, size_t *n)
{
	struct slots_clinic	 c;
	struct slots_request	 sr;
	struct slots_slot	 sl[8];
	enum slots_err		 se;
	size_t			 i, k;

	*n = 0;
	if (rq->treat < 0 || (size_t)rq->treat >= b->ntreats ||
	    rq->prac >= (int)b->npracs || max > 8)
		return BOOKING_ARG;
	slots_view(b, &c);
	memset(&sr, 0, sizeof(sr));
	sr.practitioner = rq->prac < 0 ? SLOTS_ANYONE : rq->prac + 1;
	sr.treatment = &b->treats[rq->treat].st;
	sr.first = rq->first;
	sr.last = rq->last;
	sr.time = rq->time;
	sr.pref = rq->pref;
	sr.extend = rq->extend;
	if (rq->avoid > 0 && rq->avoid <= (int)b->npracs)
		sr.exclude = rq->avoid;
	se = slots_propose(&c, &sr, sl, max, &k);
	if (se == SLOTS_ENOMEM)
		return BOOKING_NOMEM;
	if (se != SLOTS_OK)
		return BOOKING_ARG;
	for (i = 0; i < k; i++) {
		out[i].prac = (int)sl[i].practitioner - 1;
		out[i].start = sl[i].start;
		out[i].end = sl[i].end;
		out[i].exact = sl[i].exact;
	}
	*n = k;
	return BOOKING_OK;
}

/* slots_free's answer for the one start tried: 1 when it is a slot. */
static int
slot_free_once(const struct booking *b, int p, int t, int64_t start)
{
	struct slots_clinic	 c;
	struct slots_slot	 s;
	size_t			 n = 0;

	slots_view(b, &c);
	if (slots_free(&c, p + 1, &b->treats[t].st, start, start + 1, &s, 1,
	    &n) != SLOTS_OK)
		return 0;
	return n == 1 && s.start == start;
}

static int
i64_cmp(const void *a, const void *b)
{
	const int64_t	*x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * Fill m with practitioner p's free starts for treatment t over the
 * window of MEMO_SPAN seconds around start.  A start is free in the
 * window exactly when slots_free says so of it alone: every condition
 * slots_free checks is the slot's own (its day's ranges, notice,
 * horizon, busy time), the window only bounds which are listed.  An
 * error that concerns every start (bad settings, no such practitioner,
 * not offered) leaves an empty list, as slots_free for one start
 * answers no; any other (a day of the window over a bound, memory)
 * returns -1 and the caller asks slots_free for the start alone.
 */
static int
memo_fill(const struct booking *b, struct slot_memo *m, int p, int t,
    int64_t start)
{
	struct slots_clinic	 c;
	enum slots_err		 se;
	size_t			 n = 0, i, cap;
	int64_t			 from;

	m->valid = 0;
	cap = (size_t)(5 * (1440 / (b->granularity > 0 ? b->granularity :
	    1) + 2));
	if (m->cap < cap) {
		free(m->buf);
		free(m->starts);
		m->cap = 0;
		m->buf = calloc(cap, sizeof(*m->buf));
		m->starts = calloc(cap, sizeof(*m->starts));
		if (m->buf == NULL || m->starts == NULL)
			return -1;
		m->cap = cap;
	}
	from = tz_floor_div(start, 86400) * 86400 - 86400;
	slots_view(b, &c);
	se = slots_free(&c, p + 1, &b->treats[t].st, from, from + MEMO_SPAN,
	    m->buf, m->cap, &n);
	if (se == SLOTS_EINVAL || se == SLOTS_ENOTFOUND ||
	    se == SLOTS_ENOTOFFERED)
		n = 0;
	else if (se != SLOTS_OK)
		return -1;
	for (i = 0; i < n; i++)
		m->starts[i] = m->buf[i].start;
	qsort(m->starts, n, sizeof(*m->starts), i64_cmp);
	m->n = n;
	m->p = p;
	m->t = t;
	m->from = from;
	m->to = from + MEMO_SPAN;
	m->valid = 1;
	return 0;
}

/* 1 when start is among m's starts (binary search). */
static int
memo_has(const struct slot_memo *m, int64_t start)
{
	size_t	 lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->starts[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->starts[lo] == start;
}

/*
 * As slots_free for the one start, answered from b's memo of the
 * practitioner's free starts around it (one memo per practitioner) (filled on first use, again
 * when another practitioner, treatment or window is asked).  The memo
 * is the snapshot's, not the caller's: b stays const to callers.
 */
int
booking_slot_free(const struct booking *b, int p, int t, int64_t start)
{
	struct slot_memo	*m;

	if (p < 0 || (size_t)p >= b->npracs || t < 0 ||
	    (size_t)t >= b->ntreats)
		return 0;
	if (b->memo == NULL)
		return slot_free_once(b, p, t, start);
	m = &b->memo[p];
	if (!m->valid || m->p != p || m->t != t || start < m->from ||
	    start >= m->to) {
		if (start < INT64_MIN / 2 || start > INT64_MAX / 2 ||
		    memo_fill(b, m, p, t, start) == -1)
			return slot_free_once(b, p, t, start);
	}
	return memo_has(m, start);
}

/*
 * The practitioner's Google Calendar, asked again over [start, end):
 * 1 when it is free (or not connected), 0 when busy or unreadable.
 */
static int
calendar_free(struct app_ctx *ctx, const struct booking *b, int p,
    int64_t start, int64_t end)
{
	struct slots_interval	 iv[16];
	size_t			 n = 0, i;
	int			 fail = 0;

	(void)calsync_recheck(ctx, b->clinic, b->pracs[p].id, start, end,
	    iv, 16, &n, &fail);
	if (fail)
		return 0;
	for (i = 0; i < n; i++)
		if (iv[i].start < end && iv[i].end > start)
			return 0;
	return 1;
}

/*
 * Run a write statement in a savepoint.  Returns BOOKING_OK with the
 * first value in id (37 bytes), BOOKING_TAKEN on an exclusion or unique
 * violation, BOOKING_GONE when no row came back, BOOKING_DB.
 */
static enum booking_err
write_sp(struct app_ctx *ctx, const struct db_stmt *st, const char *const *p,
    char *id)
{
	PGresult		*r;
	enum booking_err	 er;

	if (db_command(ctx->db, "SAVEPOINT booking") != DB_OK)
		return BOOKING_DB;
	r = db_exec(ctx->db, st, p);
	if (r != NULL && db_ok(r)) {
		er = PQntuples(r) == 1 ? BOOKING_OK : BOOKING_GONE;
		if (er == BOOKING_OK && id != NULL)
			snprintf(id, 37, "%s", PQgetvalue(r, 0, 0));
	} else if (db_result_err(r) == DB_ERR_CONFLICT)
		er = BOOKING_TAKEN;
	else {
		if (r != NULL)
			log_error("booking", "WRITE_FAILED", NULL, "%s: %s",
			    st->name, PQresultErrorMessage(r));
		er = BOOKING_DB;
	}
	PQclear(r);
	if (er == BOOKING_OK || er == BOOKING_GONE) {
		if (db_command(ctx->db, "RELEASE SAVEPOINT booking") != DB_OK)
			return BOOKING_DB;
	} else if (db_command(ctx->db, "ROLLBACK TO SAVEPOINT booking") !=
	    DB_OK)
		return BOOKING_DB;
	return er;
}

int
booking_calendar_free(struct app_ctx *ctx, const struct booking *b, int p,
    int t, int64_t start)
{
	int64_t	 end;

	if (p < 0 || (size_t)p >= b->npracs || t < 0 ||
	    (size_t)t >= b->ntreats)
		return 0;
	end = start + (int64_t)(b->treats[t].st.duration +
	    b->treats[t].st.buffer) * 60;
	return calendar_free(ctx, b, p, start, end);
}

enum booking_err
booking_add_busy(struct booking *b, int p, int t, int64_t start)
{
	int64_t	 end;

	if (p < 0 || (size_t)p >= b->npracs || t < 0 ||
	    (size_t)t >= b->ntreats)
		return BOOKING_ARG;
	end = start + (int64_t)(b->treats[t].st.duration +
	    b->treats[t].st.buffer) * 60;
	if (ivs_add(&b->pracs[p].booked, start, end) == -1 ||
	    build_sp(b) == -1)
		return BOOKING_NOMEM;
	return BOOKING_OK;
}

enum booking_err
booking_add_busy_all(struct booking *b, int64_t start, int64_t end)
{
	size_t	 p;

	if (end <= start)
		return BOOKING_ARG;
	for (p = 0; p < b->npracs; p++)
		if (ivs_add(&b->pracs[p].booked, start, end) == -1)
			return BOOKING_NOMEM;
	return build_sp(b) == -1 ? BOOKING_NOMEM : BOOKING_OK;
}

enum booking_err
booking_lock(struct db *db, const char *clinic, const char *prac,
    const char *appt)
{
	const char	*p[3] = { clinic, prac, appt };

	return db_do(db, &st_lock, p) == DB_OK ? BOOKING_OK : BOOKING_DB;
}

/* Are p and t indexes of b?  BOOKING_OK or BOOKING_ARG. */
static enum booking_err
check_pt(const struct booking *b, int p, int t)
{
	if (p < 0 || (size_t)p >= b->npracs || t < 0 ||
	    (size_t)t >= b->ntreats)
		return BOOKING_ARG;
	return BOOKING_OK;
}

enum booking_err
booking_book(struct app_ctx *ctx, struct booking *b, const char *clinic,
    const char *patient, const char *conv, int p, int t, int64_t start,
    char *appt_out)
{
	char			 s[24], e[24], bf[16], id[37];
	const char		*pp[9];
	enum booking_err	 er;

	if ((er = check_pt(b, p, t)) != BOOKING_OK)
		return er;
	snprintf(s, sizeof(s), "%lld", (long long)start);
	snprintf(e, sizeof(e), "%lld", (long long)(start +
	    (int64_t)b->treats[t].st.duration * 60));
	snprintf(bf, sizeof(bf), "%d", b->treats[t].st.buffer);
	pp[0] = clinic;
	pp[1] = b->pracs[p].id;
	pp[2] = patient;
	pp[3] = b->treats[t].id;
	pp[4] = b->treats[t].name;
	pp[5] = conv;
	pp[6] = s;
	pp[7] = e;
	pp[8] = bf;
	if ((er = write_sp(ctx, &st_insert, pp, id)) != BOOKING_OK)
		return er == BOOKING_GONE ? BOOKING_DB : er;
	if (calsync_enqueue_event(ctx->db, clinic, id) != DB_OK)
		return BOOKING_DB;
	if (appt_out != NULL)
		memcpy(appt_out, id, 37);
	log_event("booking", "APPOINTMENT_BOOKED", clinic, "appointment %s",
	    id);
	return BOOKING_OK;
}

enum booking_err
booking_move(struct app_ctx *ctx, struct booking *b, const char *clinic,
    const char *phone, const char *appt, int p, int t, int64_t start)
{
	char			 s[24], e[24], bf[16], now[24];
	const char		*pp[10];
	enum booking_err	 er;

	if ((er = check_pt(b, p, t)) != BOOKING_OK)
		return er;
	snprintf(s, sizeof(s), "%lld", (long long)start);
	snprintf(e, sizeof(e), "%lld", (long long)(start +
	    (int64_t)b->treats[t].st.duration * 60));
	snprintf(bf, sizeof(bf), "%d", b->treats[t].st.buffer);
	snprintf(now, sizeof(now), "%lld", (long long)b->now);
	pp[0] = clinic;
	pp[1] = appt;
	pp[2] = b->pracs[p].id;
	pp[3] = s;
	pp[4] = e;
	pp[5] = bf;
	pp[6] = now;
	pp[7] = phone;
	pp[8] = b->treats[t].id;
	pp[9] = booking_treat_name(b, (size_t)t);
	if ((er = write_sp(ctx, &st_move, pp, NULL)) != BOOKING_OK)
		return er;
	if (calsync_enqueue_event(ctx->db, clinic, appt) != DB_OK)
		return BOOKING_DB;
	log_event("booking", "APPOINTMENT_MOVED", clinic, "appointment %s",
	    appt);
	return BOOKING_OK;
}

enum booking_err
booking_cancel(struct app_ctx *ctx, const char *clinic, const char *phone,
    const char *appt, int64_t now)
{
	char			 n[24];
	const char		*pp[4];
	enum booking_err	 er;

	snprintf(n, sizeof(n), "%lld", (long long)now);
	pp[0] = clinic;
	pp[1] = appt;
	pp[2] = n;
	pp[3] = phone;
	if ((er = write_sp(ctx, &st_cancel, pp, NULL)) != BOOKING_OK)
		return er == BOOKING_TAKEN ? BOOKING_DB : er;
	if (calsync_enqueue_event(ctx->db, clinic, appt) != DB_OK)
		return BOOKING_DB;
	log_event("booking", "APPOINTMENT_CANCELLED", clinic,
	    "appointment %s", appt);
	return BOOKING_OK;
}
