/*
 * series — a series of appointments booked by staff (issue 21, item 2):
 * N sessions of one treatment with one practitioner for one patient,
 * every week, twice a week (two weekdays) or every N weeks, at one
 * local time.
 *
 *  - GET .../series/new and POST .../series/preview: the preview, every
 *    date with its status, free or the conflict in plain words (closed
 *    day, holiday, absence, overlap, outside hours...), judged by the
 *    agenda's rules (agenda_why over the engine's data) plus the
 *    patient's own appointments.  Nothing is written.
 *  - POST .../series: books the dates staff confirmed (JSON "dates", an
 *    array, or the form's d0..dN checkboxes).  All or nothing: every
 *    date must be one of the rule's and free when judged again, and the
 *    series row and its appointments are written in one transaction (an
 *    overlap met there, exclusion constraint, rolls it all back: 409).
 *    Conflicts are never booked ("book anyway" stays the single
 *    appointment's form).  Each session is an ordinary appointment with
 *    series_id, journaled as appointment.create, the series as
 *    series.create.
 *  - GET .../series/{id}: the series and its sessions.
 *  - POST .../series/{id}/cancel: one session (scope=one) or it and the
 *    following booked ones (scope=following), each journaled as
 *    appointment.cancel.  The patient is not written to (the staff may
 *    tell them from the appointment's page).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "admin.h"
#include "agenda.h"
#include "agenda_int.h"
#include "app.h"
#include "auth.h"
#include "booking.h"
#include "buf.h"
#include "calsync.h"
#include "config.h"
#include "db.h"
#include "holiday.h"
#include "http.h"
#include "log.h"
#include "page.h"
#include "tz.h"

/* Most sessions of one series. */
#define SERIES_MAX	52

/* Patient $2 of clinic $1: their name. */
static const struct db_stmt st_patient = { "series_patient",
	"SELECT first_name || ' ' || last_name FROM patients "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid", 2 };

/* The booked appointments of patient $2 meeting [$3, $4) (UTC s). */
static const struct db_stmt st_pat_busy = { "series_patient_busy",
	"SELECT extract(epoch FROM starts_at)::bigint, "
	"extract(epoch FROM ends_at)::bigint FROM appointments "
	"WHERE clinic_id = $1::uuid AND patient_id = $2::uuid AND "
	"status = 'booked' AND ends_at > to_timestamp($3::bigint) AND "
	"starts_at < to_timestamp($4::bigint) ORDER BY starts_at LIMIT 1000",
	4 };

/*
 * The patient's lock for the rest of the transaction: the row locked
 * FOR UPDATE, which also holds back any new appointment of that patient
 * (its foreign key check takes a KEY SHARE lock on the row) until the
 * commit; then the patient's time, read again, is what it is.
 */
static const struct db_stmt st_pat_lock = { "series_patient_lock",
	"SELECT 1 FROM patients WHERE clinic_id = $1::uuid AND id = $2::uuid "
	"FOR UPDATE", 2 };

static const struct db_stmt st_series_add = { "series_add",
	"INSERT INTO appointment_series (clinic_id, patient_id, "
	"practitioner_id, treatment_type_id, treatment_name, rule, weekday, "
	"weekday2, every_weeks, start_min, session_count, first_day, "
	"created_by) VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, "
	"$7::int, $8::int, $9::int, $10::int, $11::int, $12::date, "
	"$13::uuid) RETURNING id", 13 };

/*
 * $1 clinic, $2 practitioner, $3 patient, $4 treatment, $5 its name,
 * $6/$7 start and end (UTC seconds), $8 buffer minutes, $9 series.
 */
static const struct db_stmt st_appt_add = { "series_appointment_add",
	"INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
	"treatment_type_id, treatment_name, starts_at, ends_at, "
	"buffer_minutes, source, series_id) VALUES ($1::uuid, $2::uuid, "
	"$3::uuid, $4::uuid, $5, to_timestamp($6::bigint), "
	"to_timestamp($7::bigint), $8::int, 'admin', $9::uuid) RETURNING id",
	9 };

/* The series $2 of clinic $1 with its sessions, in the clinic's time. */
static const struct db_stmt st_series = { "series_get",
	"SELECT json_build_object('id', s.id, 'rule', s.rule, 'count', "
	"s.session_count, 'patientId', s.patient_id, 'patient', "
	"p.first_name || ' ' || p.last_name, 'practitionerId', "
	"s.practitioner_id, 'treatment', s.treatment_name, 'sessions', "
	"(SELECT coalesce(json_agg(json_build_object('id', a.id, "
	"'startsAt', to_char(a.starts_at AT TIME ZONE c.timezone, "
	"'YYYY-MM-DD\"T\"HH24:MI'), 'status', a.status, 'future', "
	"a.starts_at > now()) ORDER BY a.starts_at, a.id), '[]') FROM "
	"appointments a WHERE a.clinic_id = s.clinic_id AND a.series_id = "
	"s.id)) FROM appointment_series s JOIN clinics c ON c.id = "
	"s.clinic_id LEFT JOIN patients p ON p.clinic_id = s.clinic_id AND "
	"p.id = s.patient_id WHERE s.clinic_id = $1::uuid AND s.id = $2::uuid",
	2 };

/* Who makes this transaction's status changes (sql/019's history). */
static const struct db_stmt st_actor = { "series_actor",
	"SELECT set_config('sophie.actor', $1, true)", 1 };

/*
 * Cancel session $3 of series $2 (clinic $1), and when $4 is
 * 'following' the booked upcoming sessions after it too.
 */
static const struct db_stmt st_cancel = { "series_cancel",
	"UPDATE appointments a SET status = 'cancelled' FROM appointments x "
	"WHERE x.clinic_id = $1::uuid AND x.series_id = $2::uuid AND "
	"x.id = $3::uuid AND a.clinic_id = $1::uuid AND a.series_id = "
	"$2::uuid AND a.status = 'booked' AND (a.id = x.id OR ($4 = "
	"'following' AND a.starts_at > x.starts_at AND a.starts_at > now())) "
	"RETURNING a.id, a.patient_id", 4 };

/* One session of a preview. */
struct sess {
	struct slots_date	 date;
	int64_t			 start;
	enum agenda_why		 why;	/* AGENDA_OK: free */
	int			 self;	/* the patient is busy then */
	int			 pick;	/* confirmed by staff */
	char			 appt[37];
};

/* A series as asked. */
struct ser {
	struct req		*r;
	struct booking		*b;
	const char		*clinic;
	const char		*pid;
	const char		*tid;
	const char		*patient;
	const char		*at;
	const char		*rule;
	int			 p;
	int			 t;
	int			 w1;
	int			 w2;
	int			 every;
	int			 count;
	int			 min;
	struct slots_date	 first;
	char			 pname[256];
	struct sess		 s[SERIES_MAX];
	/* The transaction's results. */
	char			 id[37];
	int			 http;
};

/* Input name (form) or its camelCase twin (JSON); "" is absent. */
static const char *
in2(struct req *r, const char *form, const char *json)
{
	const char	*v;

	if (strcmp(req_method(r), "GET") == 0)
		v = req_query(r, form);
	else if ((v = page_in(r, form)) == NULL)
		v = page_in(r, json);
	return v != NULL && *v != '\0' ? v : NULL;
}

/* An integer input within [lo, hi], def when absent; -1 when bad. */
static int
in_int(struct req *r, const char *form, const char *json, int lo, int hi,
    int def, int *out)
{
	const char	*v = in2(r, form, json);
	long		 n;

	if (v == NULL) {
		*out = def;
		return 0;
	}
	if (page_int(v, lo, hi, &n) != 0)
		return -1;
	*out = (int)n;
	return 0;
}

/*
 * The dates of the rule from k->first (k->count of them) into k->s.
 * weekly and every_n step k->every weeks; twice takes the weekdays w1
 * and w2 of each week in turn.
 */
static void
ser_dates(struct ser *k)
{
	struct slots_date	 d = k->first;
	int			 n = 0, w, guard = 0;

	while (n < k->count && guard++ < 7 * SERIES_MAX * 12) {
		w = tz_weekday(tz_days_from_civil(d.y, d.m, d.d));
		if (strcmp(k->rule, "twice") != 0) {
			k->s[n++].date = d;
			d = agenda_date_add(&d, 7 * k->every);
			continue;
		}
		if (w == k->w1 || w == k->w2)
			k->s[n++].date = d;
		d = agenda_date_add(&d, 1);
	}
	k->count = n;
}

/*
 * Read and check the request into k, booking data loaded for the span
 * of the series.  Returns 0, or the status answered.
 */
static int
ser_read(struct req *r, struct ser *k)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	PGresult	*res;
	int		 code;

	memset(k, 0, sizeof(*k));
	k->r = r;
	k->clinic = req_param(r, "clinicId");
	k->pid = in2(r, "practitioner_id", "practitionerId");
	k->tid = in2(r, "treatment_id", "treatmentId");
	k->patient = in2(r, "patient_id", "patientId");
	k->at = in2(r, "starts_at", "startsAt");
	k->rule = in2(r, "rule", "rule");
	if (k->rule == NULL)
		k->rule = "weekly";
	if (strcmp(k->rule, "weekly") != 0 && strcmp(k->rule, "twice") != 0 &&
	    strcmp(k->rule, "every_n") != 0) {
		page_invalid(r, 422, "rule: weekly, twice or every_n",
		    "field.series.rule");
		return 422;
	}
	if (in_int(r, "count", "count", 1, SERIES_MAX, 0, &k->count) != 0 ||
	    k->count < 1) {
		page_invalid(r, 422, "count: 1 to 52", "field.series.count");
		return 422;
	}
	if (in_int(r, "every", "every", 1, 12, strcmp(k->rule, "every_n") ==
	    0 ? 2 : 1, &k->every) != 0) {
		page_invalid(r, 422, "every: 1 to 12 weeks",
		    "field.series.every");
		return 422;
	}
	if (strcmp(k->rule, "every_n") != 0)
		k->every = 1;
	if (k->pid == NULL || !page_is_uuid(k->pid) || k->patient == NULL ||
	    !page_is_uuid(k->patient) || (k->tid != NULL &&
	    !page_is_uuid(k->tid))) {
		page_invalid(r, 422, "practitioner_id, patient_id, "
		    "treatment_id: ids", "field.practitioner");
		return 422;
	}
	if (agenda_parse_local(k->at, &k->first, &k->min) != 0) {
		page_invalid(r, 422, "starts_at: YYYY-MM-DDTHH:MM",
		    "field.starts.at");
		return 422;
	}
	k->w1 = tz_weekday(tz_days_from_civil(k->first.y, k->first.m,
	    k->first.d));
	/* -1 is none, as the preview page sends it back. */
	if (in_int(r, "weekday2", "weekday2", -1, 6, -1, &k->w2) != 0 ||
	    (strcmp(k->rule, "twice") == 0 && (k->w2 < 0 || k->w2 == k->w1))) {
		page_invalid(r, 422, "weekday2: 0 (Monday) to 6, another day "
		    "than the first session's", "field.series.weekday2");
		return 422;
	}
	p[0] = k->clinic;
	p[1] = k->patient;
	res = db_exec(ctx->db, &st_patient, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		code = db_ok(res) ? 404 : page_db_status(res);
		PQclear(res);
		if (code == 404)
			page_error(r, 404, "not found", "book.patient.gone");
		else
			page_fail(r, code);
		return code;
	}
	snprintf(k->pname, sizeof(k->pname), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	ser_dates(k);
	if ((code = agenda_booking_days(r, NULL, &k->s[0].date,
	    &k->s[k->count - 1].date, &k->b)) != 0) {
		page_fail(r, code);
		return code;
	}
	k->t = k->tid != NULL ? booking_find_treat(k->b, k->tid) : -1;
	if ((k->p = booking_find_prac(k->b, k->pid)) < 0 || k->t < 0 ||
	    !booking_prac_offers(k->b, (size_t)k->p, (size_t)k->t)) {
		page_error(r, 404, "not found: practitioner or treatment",
		    "error.practitioner.missing");
		return 404;
	}
	return 0;
}

/*
 * Judge every session of k: its instant, the agenda's verdict, and
 * whether the patient already has an appointment then.  Returns 0 or
 * the HTTP status to answer (503 when the patient's time cannot be
 * read).
 */
static int
ser_judge(struct ser *k)
{
	struct app_ctx			*ctx = req_ctx(k->r);
	const struct slots_treatment	*st;
	struct slots_clinic		 sc;
	enum tz_match			 m;
	const char			*p[4];
	char				 a[24], z[24];
	PGresult			*res;
	int64_t				 s, e;
	int				 i, j;

	st = booking_treat_slots(k->b, (size_t)k->t);
	booking_slots(k->b, &sc);
	for (i = 0; i < k->count; i++) {
		m = tz_from_local(booking_tz(k->b), k->s[i].date.y,
		    k->s[i].date.m, k->s[i].date.d, k->min / 60, k->min % 60,
		    &k->s[i].start);
		if (m == TZ_LOCAL_GAP || m == TZ_LOCAL_INVALID)
			k->s[i].why = AGENDA_GRID;
		else
			k->s[i].why = agenda_why(&sc, (size_t)k->p,
			    st->duration, st->buffer, k->s[i].start);
	}
	snprintf(a, sizeof(a), "%lld", (long long)k->s[0].start);
	snprintf(z, sizeof(z), "%lld", (long long)(k->s[k->count - 1].start +
	    (int64_t)st->duration * 60));
	p[0] = k->clinic;
	p[1] = k->patient;
	p[2] = a;
	p[3] = z;
	res = db_exec(ctx->db, &st_pat_busy, p);
	if (!db_ok(res)) {
		PQclear(res);
		return 503;
	}
	for (j = 0; j < PQntuples(res); j++) {
		s = strtoll(PQgetvalue(res, j, 0), NULL, 10);
		e = strtoll(PQgetvalue(res, j, 1), NULL, 10);
		for (i = 0; i < k->count; i++)
			if (s < k->s[i].start + (int64_t)st->duration * 60 &&
			    e > k->s[i].start)
				k->s[i].self = 1;
	}
	PQclear(res);
	return 0;
}

/* 1 when session i may be booked. */
static int
sess_free(const struct ser *k, int i)
{
	return k->s[i].why == AGENDA_OK && !k->s[i].self;
}

/* Session i's conflict in plain words into out (the page's language). */
static void
sess_reason(const struct ser *k, int i, char *out, size_t sz)
{
	const struct sess	*s = &k->s[i];
	const char		*x = NULL;
	int			 en = strcmp(page_lang(k->r), "en") == 0;

	if (s->why == AGENDA_OK && s->self) {
		snprintf(out, sz, "%s", page_text(k->r, "series.self"));
		return;
	}
	if (s->why == AGENDA_HOLIDAY)
		x = holiday_find(booking_country(k->b), s->date.y, s->date.m,
		    s->date.d, en ? HOLIDAY_EN : HOLIDAY_FR);
	if (x != NULL && *x != '\0')
		snprintf(out, sz, "%s (%s)", page_text(k->r,
		    agenda_why_key(s->why)), x);
	else
		snprintf(out, sz, "%s", page_text(k->r,
		    agenda_why_key(s->why)));
}

/* The preview of k as JSON: the request and its sessions. */
static json_object *
ser_json(const struct ser *k)
{
	static const char *const dn[7] = { "day.0", "day.1", "day.2",
	    "day.3", "day.4", "day.5", "day.6" };
	json_object	*o = json_object_new_object(), *a, *x;
	char		 at[32], label[96], why[400];
	int		 i, w, nfree = 0;

	json_object_object_add(o, "practitionerId",
	    json_object_new_string(k->pid));
	json_object_object_add(o, "practitioner", json_object_new_string(
	    booking_prac_name(k->b, (size_t)k->p)));
	json_object_object_add(o, "treatmentId",
	    json_object_new_string(k->tid));
	json_object_object_add(o, "treatment", json_object_new_string(
	    booking_treat_name(k->b, (size_t)k->t)));
	json_object_object_add(o, "patientId",
	    json_object_new_string(k->patient));
	json_object_object_add(o, "patient",
	    json_object_new_string(k->pname));
	json_object_object_add(o, "startsAt", json_object_new_string(k->at));
	json_object_object_add(o, "rule", json_object_new_string(k->rule));
	json_object_object_add(o, "count", json_object_new_int(k->count));
	json_object_object_add(o, "every", json_object_new_int(k->every));
	json_object_object_add(o, "weekday2", json_object_new_int(k->w2));
	a = json_object_new_array();
	for (i = 0; i < k->count; i++) {
		x = json_object_new_object();
		agenda_date_str(&k->s[i].date, at, 11);
		snprintf(at + 10, sizeof(at) - 10, "T%02d:%02d", k->min / 60,
		    k->min % 60);
		w = tz_weekday(tz_days_from_civil(k->s[i].date.y,
		    k->s[i].date.m, k->s[i].date.d));
		snprintf(label, sizeof(label), "%s %02d/%02d/%04d %02d:%02d",
		    page_text(k->r, dn[w]), k->s[i].date.d, k->s[i].date.m,
		    k->s[i].date.y, k->min / 60, k->min % 60);
		json_object_object_add(x, "n", json_object_new_int(i));
		json_object_object_add(x, "startsAt",
		    json_object_new_string(at));
		json_object_object_add(x, "label",
		    json_object_new_string(label));
		json_object_object_add(x, "status", json_object_new_string(
		    sess_free(k, i) ? "free" : "conflict"));
		if (!sess_free(k, i)) {
			sess_reason(k, i, why, sizeof(why));
			json_object_object_add(x, "why", json_object_new_string(
			    k->s[i].why == AGENDA_OK ? "patient" :
			    agenda_why_class(k->s[i].why)));
			json_object_object_add(x, "reason",
			    json_object_new_string(why));
		} else
			nfree++;
		if (k->s[i].appt[0] != '\0')
			json_object_object_add(x, "id",
			    json_object_new_string(k->s[i].appt));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "sessions", a);
	json_object_object_add(o, "free", json_object_new_int(nfree));
	return o;
}

/* Answer the preview page or JSON with status and error (may be NULL). */
static void
ser_send(struct ser *k, int status, const char *error)
{
	json_object	*o = ser_json(k);

	if (error != NULL)
		json_object_object_add(o, "error",
		    json_object_new_string(error));
	page_send(k->r, status, "admin/series", "title.series", o, 1);
	json_object_put(o);
}

/*
 * The first step from the patient's page or the agenda's form, when the
 * practitioner, treatment or first time is not chosen yet: the form to
 * choose them (what was given kept).
 */
static void
ser_pick_form(struct req *r)
{
	struct slots_date	 d = { 2000, 1, 1 };
	struct booking		*b;
	json_object		*o, *a, *x;
	const char		*pid = req_query(r, "practitioner_id");
	const char		*tid = req_query(r, "treatment_id");
	size_t			 i;
	int			 code;

	if ((code = agenda_booking_days(r, NULL, &d, &d, &b)) != 0) {
		page_fail(r, code);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "pick", json_object_new_boolean(1));
	json_object_object_add(o, "patientId", json_object_new_string(
	    in2(r, "patient_id", "patientId") ? in2(r, "patient_id",
	    "patientId") : ""));
	json_object_object_add(o, "startsAt", json_object_new_string(
	    in2(r, "starts_at", "startsAt") ? in2(r, "starts_at",
	    "startsAt") : ""));
	a = json_object_new_array();
	for (i = 0; i < booking_npracs(b); i++) {
		x = json_object_new_object();
		json_object_object_add(x, "id", json_object_new_string(
		    booking_prac_id(b, i)));
		json_object_object_add(x, "name", json_object_new_string(
		    booking_prac_name(b, i)));
		json_object_object_add(x, "sel", json_object_new_boolean(
		    pid != NULL && strcmp(pid, booking_prac_id(b, i)) == 0));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "practitioners", a);
	a = json_object_new_array();
	for (i = 0; i < booking_ntreats(b); i++) {
		x = json_object_new_object();
		json_object_object_add(x, "id", json_object_new_string(
		    booking_treat_id(b, i)));
		json_object_object_add(x, "name", json_object_new_string(
		    booking_treat_name(b, i)));
		json_object_object_add(x, "sel", json_object_new_boolean(
		    tid != NULL && strcmp(tid, booking_treat_id(b, i)) == 0));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "treatments", a);
	json_object_object_add(o, "count", json_object_new_int(6));
	json_object_object_add(o, "every", json_object_new_int(1));
	page_send(r, 200, "admin/series", "title.series", o, 1);
	json_object_put(o);
	booking_free(b);
}

/* The preview: GET .../series/new, POST .../series/preview. */
void
admin_series_preview(struct req *r)
{
	struct ser	*k;
	int		 code;

	if (strcmp(req_method(r), "GET") == 0 && (req_query(r,
	    "practitioner_id") == NULL || req_query(r, "treatment_id") ==
	    NULL || req_query(r, "starts_at") == NULL ||
	    req_query(r, "count") == NULL)) {
		ser_pick_form(r);
		return;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		page_fail(r, 500);
		return;
	}
	if (ser_read(r, k) == 0) {
		if ((code = ser_judge(k)) != 0)
			page_fail(r, code);
		else
			ser_send(k, 200, NULL);
	}
	booking_free(k->b);
	free(k);
}

/* Mark the session starting at "YYYY-MM-DDTHH:MM" v. 0, or -1: none. */
static int
ser_pick(struct ser *k, const char *v)
{
	struct slots_date	 d;
	int			 i, min;

	if (agenda_parse_local(v, &d, &min) != 0 || min != k->min)
		return -1;
	for (i = 0; i < k->count; i++)
		if (k->s[i].date.y == d.y && k->s[i].date.m == d.m &&
		    k->s[i].date.d == d.d) {
			k->s[i].pick = 1;
			return 0;
		}
	return -1;
}

/*
 * The dates staff confirmed: JSON "dates" (an array of
 * "YYYY-MM-DDTHH:MM") or the form's d0..d51.  Returns how many, or -1
 * when one is not a date of the series.
 */
static int
ser_picks(struct ser *k)
{
	json_object	*j = req_json(k->r), *a;
	const char	*v;
	char		 name[24];
	size_t		 i;
	int		 n = 0;

	if (j != NULL && json_object_is_type(j, json_type_object)) {
		if (!json_object_object_get_ex(j, "dates", &a) ||
		    !json_object_is_type(a, json_type_array))
			return 0;
		for (i = 0; i < json_object_array_length(a) &&
		    i < SERIES_MAX; i++) {
			v = json_object_get_string(
			    json_object_array_get_idx(a, i));
			if (v == NULL || ser_pick(k, v) != 0)
				return -1;
			n++;
		}
		return n;
	}
	for (i = 0; i < (size_t)k->count; i++) {
		snprintf(name, sizeof(name), "d%zu", i);
		if ((v = req_form(k->r, name)) == NULL || *v == '\0')
			continue;
		if (ser_pick(k, v) != 0)
			return -1;
		n++;
	}
	return n;
}

/*
 * Under the patient's lock, in ser_tx: is the patient still free at
 * every session picked (no appointment of theirs booked meanwhile)?
 * 0 free, 1 not, -1 on a database error.
 */
static int
ser_patient_free(struct db *db, struct ser *k,
    const struct slots_treatment *st)
{
	const char	*p[4];
	char		 a[24], z[24];
	PGresult	*res;
	int64_t		 s, e, len = (int64_t)st->duration * 60;
	int		 i, j, busy = 0;

	p[0] = k->clinic;
	p[1] = k->patient;
	res = db_exec(db, &st_pat_lock, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	PQclear(res);
	snprintf(a, sizeof(a), "%lld", (long long)k->s[0].start);
	snprintf(z, sizeof(z), "%lld", (long long)(k->s[k->count - 1].start +
	    len));
	p[2] = a;
	p[3] = z;
	res = db_exec(db, &st_pat_busy, p);
	if (!db_ok(res)) {
		PQclear(res);
		return -1;
	}
	for (j = 0; j < PQntuples(res) && !busy; j++) {
		s = strtoll(PQgetvalue(res, j, 0), NULL, 10);
		e = strtoll(PQgetvalue(res, j, 1), NULL, 10);
		for (i = 0; i < k->count; i++)
			if (k->s[i].pick && s < k->s[i].start + len &&
			    e > k->s[i].start)
				busy = 1;
	}
	PQclear(res);
	return busy;
}

/* The series and its picked sessions, in one transaction. */
static int
ser_tx(struct db *db, void *arg)
{
	struct ser			*k = arg;
	struct app_ctx			*ctx = req_ctx(k->r);
	const struct auth_user		*u = auth_current(k->r);
	const struct slots_treatment	*st;
	const char			*p[13];
	char				 w1[4], w2[4], ev[4], mn[8], cn[4];
	char				 d[11], s[24], e[24], bf[16];
	PGresult			*res;
	int				 i;

	k->http = 503;
	st = booking_treat_slots(k->b, (size_t)k->t);
	if (booking_lock(db, k->clinic, k->pid, NULL) != BOOKING_OK)
		return -1;
	if ((i = ser_patient_free(db, k, st)) != 0) {
		if (i > 0)
			k->http = 409;
		return -1;
	}
	snprintf(w1, sizeof(w1), "%d", k->w1);
	snprintf(w2, sizeof(w2), "%d", k->w2);
	snprintf(ev, sizeof(ev), "%d", k->every);
	snprintf(mn, sizeof(mn), "%d", k->min);
	snprintf(cn, sizeof(cn), "%d", k->count);
	agenda_date_str(&k->first, d, sizeof(d));
	p[0] = k->clinic;
	p[1] = k->patient;
	p[2] = k->pid;
	p[3] = booking_treat_id(k->b, (size_t)k->t);
	p[4] = booking_treat_name(k->b, (size_t)k->t);
	p[5] = k->rule;
	p[6] = w1;
	p[7] = strcmp(k->rule, "twice") == 0 ? w2 : NULL;
	p[8] = ev;
	p[9] = mn;
	p[10] = cn;
	p[11] = d;
	p[12] = u != NULL && page_is_uuid(u->user_id) ? u->user_id : NULL;
	res = db_exec(db, &st_series_add, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		k->http = page_db_status(res);
		PQclear(res);
		return -1;
	}
	snprintf(k->id, sizeof(k->id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	snprintf(bf, sizeof(bf), "%d", st->buffer);
	for (i = 0; i < k->count; i++) {
		if (!k->s[i].pick)
			continue;
		snprintf(s, sizeof(s), "%lld", (long long)k->s[i].start);
		snprintf(e, sizeof(e), "%lld", (long long)(k->s[i].start +
		    (int64_t)st->duration * 60));
		p[1] = k->pid;
		p[2] = k->patient;
		p[5] = s;
		p[6] = e;
		p[7] = bf;
		p[8] = k->id;
		res = db_exec(db, &st_appt_add, p);
		if (!db_ok(res) || PQntuples(res) != 1) {
			k->http = db_result_err(res) == DB_ERR_CONFLICT ? 409 :
			    page_db_status(res);
			PQclear(res);
			return -1;
		}
		snprintf(k->s[i].appt, sizeof(k->s[i].appt), "%s",
		    PQgetvalue(res, 0, 0));
		PQclear(res);
		if (calsync_enqueue_event(db, k->clinic, k->s[i].appt) !=
		    DB_OK || auth_audit(ctx, k->r, u, k->clinic,
		    "appointment.create", "appointment", k->s[i].appt,
		    k->patient) != 0)
			return -1;
	}
	if (auth_audit(ctx, k->r, u, k->clinic, "series.create", "series",
	    k->id, k->patient) != 0)
		return -1;
	return 0;
}

/* Book the confirmed sessions: POST .../series. */
void
admin_series_create(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct ser	*k;
	json_object	*o;
	struct buf	 loc;
	int		 code, i, n;

	if ((k = calloc(1, sizeof(*k))) == NULL) {
		page_fail(r, 500);
		return;
	}
	if (ser_read(r, k) != 0)
		goto out;
	if ((code = ser_judge(k)) != 0) {
		page_fail(r, code);
		goto out;
	}
	if ((n = ser_picks(k)) <= 0) {
		ser_send(k, 422, page_text(r, n < 0 ? "series.not.ours" :
		    "series.none"));
		goto out;
	}
	for (i = 0; i < k->count; i++)
		if (k->s[i].pick && !sess_free(k, i)) {
			ser_send(k, 409, page_text(r, "series.conflict"));
			goto out;
		}
	if ((code = db_tx(ctx->db, ser_tx, k)) != 0) {
		code = page_tx_status(code, k->http);
		if (code == 409)
			ser_send(k, 409, page_text(r, "series.conflict"));
		else
			page_fail(r, code);
		goto out;
	}
	log_event("series", "SERIES_BOOKED", k->clinic, "series %s: %d "
	    "sessions", k->id, n);
	admin_dashboard_forget(k->clinic);
	o = ser_json(k);
	json_object_object_add(o, "seriesId", json_object_new_string(k->id));
	buf_init(&loc, 256);
	buf_printf(&loc, "/clinic/%s/admin/series/%s", k->clinic, k->id);
	page_done(r, 201, buf_str(&loc), o);
	buf_free(&loc);
	json_object_put(o);
out:
	booking_free(k->b);
	free(k);
}

/* The series page: GET .../series/{seriesId}. */
void
admin_series(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "seriesId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((o = page_query(ctx, &st_series, p, &code)) == NULL) {
		if (code == 404)
			page_error(r, 404, "not found", NULL);
		else
			page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/series_detail", "title.series", o, 1);
	json_object_put(o);
}

/* A cancellation of sessions of a series. */
struct ser_cancel {
	struct req	*r;
	const char	*p[4];
	int		 n;
	int		 http;
};

static int
cancel_tx(struct db *db, void *arg)
{
	struct ser_cancel	*c = arg;
	struct app_ctx		*ctx = req_ctx(c->r);
	const struct auth_user	*u = auth_current(c->r);
	const char		*who[1] = { u != NULL ? u->user_id : "" };
	PGresult		*res;
	int			 i;

	c->http = 503;
	if (db_do(db, &st_actor, who) != DB_OK)
		return -1;
	res = db_exec(db, &st_cancel, c->p);
	if (!db_ok(res)) {
		c->http = page_db_status(res);
		PQclear(res);
		return -1;
	}
	c->n = PQntuples(res);
	for (i = 0; i < c->n; i++)
		if (calsync_enqueue_event(db, c->p[0], PQgetvalue(res, i, 0)) !=
		    DB_OK || auth_audit(ctx, c->r, u, c->p[0],
		    "appointment.cancel", "appointment", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1)) != 0) {
			PQclear(res);
			return -1;
		}
	PQclear(res);
	if (c->n == 0) {
		c->http = 404;
		return -1;
	}
	return 0;
}

/*
 * Cancel one session (scope=one) or it and the following ones
 * (scope=following): POST .../series/{seriesId}/cancel.
 */
void
admin_series_cancel(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct ser_cancel	 c;
	json_object		*o;
	struct buf		 loc;
	int			 code;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.p[0] = req_param(r, "clinicId");
	c.p[1] = req_param(r, "seriesId");
	c.p[2] = in2(r, "appointment_id", "appointmentId");
	c.p[3] = in2(r, "scope", "scope");
	if (c.p[3] == NULL)
		c.p[3] = "one";
	if (!page_is_uuid(c.p[1]) || !page_is_uuid(c.p[2]) ||
	    (strcmp(c.p[3], "one") != 0 &&
	    strcmp(c.p[3], "following") != 0)) {
		page_invalid(r, 422, "appointment_id: id; scope: one or "
		    "following", "field.series.scope");
		return;
	}
	if ((code = db_tx(ctx->db, cancel_tx, &c)) != 0) {
		code = page_tx_status(code, c.http);
		if (code == 404)
			page_error(r, 404, "no booked session to cancel",
			    "series.cancel.none");
		else
			page_fail(r, code);
		return;
	}
	log_event("series", "SERIES_CANCELLED", c.p[0], "series %s: %d "
	    "sessions (%s)", c.p[1], c.n, c.p[3]);
	admin_dashboard_forget(c.p[0]);
	o = json_object_new_object();
	json_object_object_add(o, "cancelled", json_object_new_int(c.n));
	buf_init(&loc, 256);
	buf_printf(&loc, "/clinic/%s/admin/series/%s", c.p[0], c.p[1]);
	page_done(r, 200, buf_str(&loc), o);
	buf_free(&loc);
	json_object_put(o);
}
