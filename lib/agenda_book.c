/*
 * agenda_book — booking from the agenda grid: the form (GET
 * .../agenda/book), the booking (POST .../agenda/book) under the same
 * rules as Sophie (agenda_why over the engine's data), and the patient
 * search by name or phone (GET .../patients/search, JSON for the form's
 * script, a page otherwise).
 *
 * A soft rule (hours, closure, holiday, absence, Google busy time,
 * notice, horizon) refuses the booking with its reason unless the form
 * says override=1 ("Réserver quand même"); the booking then goes through
 * and the journal (system_logs, BOOKED_ANYWAY) names the rule.  The past
 * and overlaps are never booked: the exclusion constraint has the last
 * word ("créneau déjà pris").  A new patient's phone is stored in E.164;
 * when it is already a patient's, that patient is offered instead.
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
#include "db.h"
#include "desk.h"
#include "holiday.h"
#include "http.h"
#include "log.h"
#include "page.h"
#include "tz.h"

/*
 * $1 clinic, $2 the LIKE pattern "%q%" of a name (wildcards escaped),
 * $3 a whole phone in E.164, $4 the pattern "%digits%" of part of a
 * phone ($3, $4 may be NULL).  Served by the trigram indexes of sql/007
 * (the name expression holds the first name on both sides).
 */
static const struct db_stmt st_search = { "agenda_patient_search",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(json_build_object('id', p.id, 'firstName', "
	"p.first_name, 'lastName', p.last_name, 'phone', p.phone, "
	"'birthDate', p.birth_date) ORDER BY p.last_name, p.first_name, "
	"p.id), '[]') FROM (SELECT id, first_name, last_name, phone, "
	"birth_date FROM patients WHERE clinic_id = $1::uuid AND "
	"(lower(first_name || ' ' || last_name || ' ' || first_name) LIKE "
	"lower($2) OR phone = $3 OR phone LIKE $4) "
	"ORDER BY last_name, first_name, id LIMIT 20) p", 4 };

/* The country of clinic $1 (phone numbers typed without "+"). */
static const struct db_stmt st_country = { "agenda_clinic_country",
	"SELECT country FROM clinics WHERE id = $1::uuid", 1 };

/* The patients of clinic $1 with phone $2 (E.164). */
static const struct db_stmt st_by_phone = { "agenda_patient_by_phone",
	"SELECT coalesce(json_agg(json_build_object('id', id, 'firstName', "
	"first_name, 'lastName', last_name, 'phone', phone, 'birthDate', "
	"birth_date) ORDER BY created_at, id), '[]') FROM patients "
	"WHERE clinic_id = $1::uuid AND phone = $2", 2 };

/* Patient $2 of clinic $1. */
static const struct db_stmt st_patient = { "agenda_patient",
	"SELECT json_build_object('id', id, 'firstName', first_name, "
	"'lastName', last_name, 'phone', phone) FROM patients "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid", 2 };

static const struct db_stmt st_patient_add = { "agenda_patient_add",
	"INSERT INTO patients (clinic_id, phone, first_name, last_name) "
	"VALUES ($1::uuid, $2, $3, $4) RETURNING id", 4 };

/*
 * $1 clinic, $2 practitioner, $3 patient, $4 treatment, $5 its name,
 * $6/$7 start and end (UTC seconds), $8 buffer minutes, $9 notes.
 */
static const struct db_stmt st_insert = { "agenda_appointment_add",
	"INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
	"treatment_type_id, treatment_name, starts_at, ends_at, "
	"buffer_minutes, source, notes) VALUES ($1::uuid, $2::uuid, "
	"$3::uuid, $4::uuid, $5, to_timestamp($6::bigint), "
	"to_timestamp($7::bigint), $8::int, 'admin', nullif($9, '')) "
	"RETURNING id", 9 };

/* The reason of a closure of clinic $1 on $2 covering minute $3. */
static const struct db_stmt st_closure = { "agenda_closure_reason",
	"SELECT coalesce(reason, '') FROM clinic_closures WHERE clinic_id = "
	"$1::uuid AND day = $2::date AND coalesce(start_min, 0) <= $3::int "
	"AND coalesce(end_min, 1440) > $3::int ORDER BY start_min LIMIT 1", 3 };

/* One booking request, as typed. */
struct bk {
	struct req		*r;
	struct booking		*b;
	const char		*clinic;
	const char		*pid;
	const char		*at;	/* YYYY-MM-DDTHH:MM, clinic time */
	const char		*tid;
	const char		*patient;	/* patient_id */
	const char		*first;
	const char		*last;
	const char		*phone;
	const char		*notes;
	const char		*q;
	int			 override;
	int			 p;	/* practitioner index */
	int			 t;	/* treatment index, -1 */
	int			 dur;	/* t < 0: minutes and buffer */
	int			 buf;
	struct slots_date	 date;
	int			 min;
	int64_t			 start;
	char			 e164[24];
	char			 reason[400];	/* the refusal, in words */
	enum agenda_why		 why;
	/* The transaction's results. */
	char			 appt[37];
	char			 pat[37];
	int			 http;
};

/* An input by name ("" is absent); query string for GET. */
static const char *
bk_in(struct req *r, const char *name)
{
	const char	*v;

	if (strcmp(req_method(r), "GET") == 0)
		v = req_query(r, name);
	else
		v = page_in(r, name);
	return v != NULL && *v != '\0' ? v : NULL;
}

/* Read the request's fields into k. */
static void
bk_read(struct req *r, struct bk *k)
{
	const char	*o;

	memset(k, 0, sizeof(*k));
	k->r = r;
	k->clinic = req_param(r, "clinicId");
	k->pid = bk_in(r, "practitioner_id");
	k->at = bk_in(r, "starts_at");
	k->tid = bk_in(r, "treatment_id");
	k->patient = bk_in(r, "patient_id");
	k->first = bk_in(r, "new_first_name");
	k->last = bk_in(r, "new_last_name");
	k->phone = bk_in(r, "new_phone");
	k->notes = bk_in(r, "notes");
	k->q = bk_in(r, "q");
	o = bk_in(r, "override");
	k->override = o != NULL && (strcmp(o, "1") == 0 ||
	    strcmp(o, "true") == 0 || strcmp(o, "on") == 0);
	k->t = -1;
	k->p = -1;
}

/* Add s (NULL: "") under key. */
static void
add_s(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, json_object_new_string(s ? s : ""));
}

/*
 * The patients matching q (a name, part of one, or a phone: a whole one
 * in any spelling, read with the clinic's country, or some of its
 * digits), as a JSON array, or NULL with *code set.
 */
static json_object *
search(struct req *r, const char *q, int *code)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[4];
	char		 e164[24], dg[24], pd[32], pat[256];
	char		 country[4] = "FR";
	json_object	*a;
	PGresult	*res;
	size_t		 n = 0;

	p[0] = req_param(r, "clinicId");
	res = db_exec(ctx->db, &st_country, p);
	if (db_ok(res) && PQntuples(res) == 1)
		snprintf(country, sizeof(country), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (page_like_contains(q, pat, sizeof(pat)) != 0) {
		*code = 400;
		return NULL;
	}
	p[1] = pat;
	p[2] = desk_phone_e164(q, country, e164, sizeof(e164)) == 0 ? e164 :
	    NULL;
	p[3] = NULL;
	/* The digits, leading zeros (a trunk prefix) left out. */
	for (; *q != '\0' && n < sizeof(dg) - 1; q++)
		if (*q >= '1' && *q <= '9')
			dg[n++] = *q;
		else if (*q == '0' && n > 0)
			dg[n++] = *q;
		else if (*q != '0' && strchr(" .-+()", *q) == NULL)
			break;
	dg[n] = '\0';
	if (*q == '\0' && n >= 4) {
		snprintf(pd, sizeof(pd), "%%%s%%", dg);
		p[3] = pd;
	}
	a = page_query(ctx, &st_search, p, code);
	return a;
}

void
admin_patient_search(struct req *r)
{
	const char	*q = req_query(r, "q");
	json_object	*o, *a;
	int		 code;

	if (q == NULL || *q == '\0' || !page_is_text(q, 100)) {
		page_invalid(r, 400, "q: 1 to 100 characters",
		    "field.search.patient");
		return;
	}
	if ((a = search(r, q, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", a);
	add_s(o, "q", q);
	page_send(r, 200, "admin/agenda_search", "title.patients", o, 1);
	json_object_put(o);
}

/* The treatments practitioner k->p performs, k->t selected. */
static json_object *
treats_json(const struct bk *k)
{
	json_object	*a = json_object_new_array(), *x;
	size_t		 t;

	for (t = 0; t < booking_ntreats(k->b); t++) {
		if (!booking_prac_offers(k->b, (size_t)k->p, t))
			continue;
		x = json_object_new_object();
		add_s(x, "id", booking_treat_id(k->b, t));
		add_s(x, "name", booking_treat_name(k->b, t));
		json_object_object_add(x, "minutes", json_object_new_int(
		    booking_treat_minutes(k->b, t)));
		json_object_object_add(x, "sel", json_object_new_boolean(
		    (int)t == k->t));
		json_object_array_add(a, x);
	}
	return a;
}

/* Append s to out (size sz, NUL-terminated), cut at the end. */
static void
bk_append(char *out, size_t sz, const char *s)
{
	size_t	 n = strlen(out);

	if (n + 1 < sz)
		snprintf(out + n, sz - n, "%s", s);
}

/*
 * The treatments practitioner k->p does not perform, each with who
 * performs it ("Détartrage : Dr Marie Leal, Dr Sophie Bernard"), joined
 * by " ; ": staff asked for a cleaning with a practitioner who does
 * none learn where to book it.  A new string ("" when none); NULL on
 * ENOMEM.
 */
static json_object *
elsewhere_json(const struct bk *k)
{
	char	 out[1024] = "", one[512];
	size_t	 t, p;
	int	 en = strcmp(page_lang(k->r), "en") == 0, n;

	for (t = 0; t < booking_ntreats(k->b); t++) {
		if (booking_prac_offers(k->b, (size_t)k->p, t))
			continue;
		snprintf(one, sizeof(one), "%s%s", booking_treat_name(k->b, t),
		    en ? ": " : " : ");
		for (n = 0, p = 0; p < booking_npracs(k->b); p++) {
			if (!booking_prac_offers(k->b, p, t))
				continue;
			if (n++ > 0)
				bk_append(one, sizeof(one), ", ");
			bk_append(one, sizeof(one), booking_prac_name(k->b, p));
		}
		if (n == 0)		/* nobody does it */
			continue;
		if (out[0] != '\0')
			bk_append(out, sizeof(out), en ? "; " : " ; ");
		bk_append(out, sizeof(out), one);
	}
	return json_object_new_string(out);
}

/* k's text of catalogue key: the page's language. */
static const char *
bk_t(const struct bk *k, const char *key)
{
	return page_text(k->r, key);
}

/*
 * "mardi 08/12/2026 à 10:00" ("Tuesday 08/12/2026 at 10:00") for the
 * form's heading.
 */
static void
when_label(const struct bk *k, char *out, size_t sz)
{
	static const char *const dn[7] = { "day.0", "day.1", "day.2",
	    "day.3", "day.4", "day.5", "day.6" };
	int	 w;

	w = tz_weekday(tz_days_from_civil(k->date.y, k->date.m, k->date.d));
	snprintf(out, sz, "%s %02d/%02d/%04d %s %02d:%02d", bk_t(k, dn[w]),
	    k->date.d, k->date.m, k->date.y, bk_t(k, "book.at"), k->min / 60,
	    k->min % 60);
}

/*
 * Send the form with what was typed, status, an error (NULL: none),
 * whether the override box is offered, and patients to choose from
 * (matches of a search or the owners of a typed phone; may be NULL).
 */
static void
form_send(struct bk *k, int status, const char *error, int soft,
    json_object *choices, const char *choices_title)
{
	json_object	*o = json_object_new_object();
	char		 when[64], d[11];

	when_label(k, when, sizeof(when));
	agenda_date_str(&k->date, d, sizeof(d));
	add_s(o, "practitionerId", booking_prac_id(k->b, (size_t)k->p));
	add_s(o, "practitioner", booking_prac_name(k->b, (size_t)k->p));
	add_s(o, "startsAt", k->at);
	add_s(o, "date", d);
	add_s(o, "when", when);
	add_s(o, "zone", tz_name(booking_tz(k->b)));
	json_object_object_add(o, "treatments", treats_json(k));
	json_object_object_add(o, "elsewhere", elsewhere_json(k));
	add_s(o, "patientId", k->patient);
	add_s(o, "firstName", k->first);
	add_s(o, "lastName", k->last);
	add_s(o, "phone", k->phone);
	add_s(o, "notes", k->notes);
	add_s(o, "q", k->q);
	if (error != NULL) {
		add_s(o, "error", error);
		json_object_object_add(o, "soft",
		    json_object_new_boolean(soft));
		if (soft)
			add_s(o, "reason", bk_t(k, agenda_why_key(k->why)));
	}
	if (choices != NULL) {
		json_object_object_add(o, "choices", choices);
		add_s(o, "choicesTitle", choices_title);
	}
	page_send(k->r, status, "admin/agenda_book", "title.appt.new", o,
	    1);
	json_object_put(o);
}

/*
 * Check the practitioner, the time and the treatment of k (k->b
 * loaded).  Returns 0, or the status answered (404, 422).
 */
static int
bk_check(struct bk *k)
{
	if (k->pid == NULL || !page_is_uuid(k->pid) ||
	    (k->p = booking_find_prac(k->b, k->pid)) < 0) {
		page_error(k->r, 404, "not found",
		    "error.practitioner.missing");
		return 404;
	}
	if (agenda_parse_local(k->at, &k->date, &k->min) != 0) {
		page_invalid(k->r, 422, "starts_at: YYYY-MM-DDTHH:MM",
		    "field.starts.at");
		return 422;
	}
	if (k->notes != NULL && !page_is_text(k->notes, 2000)) {
		page_invalid(k->r, 422, "notes: at most 2000 characters",
		    "field.notes");
		return 422;
	}
	if (k->tid != NULL && page_is_uuid(k->tid))
		k->t = booking_find_treat(k->b, k->tid);
	if (k->t >= 0 && !booking_prac_offers(k->b, (size_t)k->p,
	    (size_t)k->t))
		k->t = -1;
	return 0;
}

static int	 bk_judge(struct bk *);

void
admin_agenda_book_form(struct req *r)
{
	struct bk	 k;
	json_object	*m = NULL;
	char		 msg[512];
	size_t		 t;
	int		 code;

	bk_read(r, &k);
	if ((code = agenda_booking(r, &k.b)) != 0) {
		page_fail(r, code);
		return;
	}
	if (bk_check(&k) != 0) {
		booking_free(k.b);
		return;
	}
	if (k.q != NULL) {
		if (!page_is_text(k.q, 100) || (m = search(r, k.q, &code)) ==
		    NULL) {
			page_fail(r, page_is_text(k.q, 100) ? code : 400);
			booking_free(k.b);
			return;
		}
	}
	/* Warn at once when the time breaks a rule (first treatment when
	 * none is chosen yet). */
	for (t = 0; k.t < 0 && t < booking_ntreats(k.b); t++)
		if (booking_prac_offers(k.b, (size_t)k.p, t))
			k.t = (int)t;
	msg[0] = '\0';
	if (k.t >= 0 && bk_judge(&k) == 0 && k.why != AGENDA_OK)
		snprintf(msg, sizeof(msg), "%s %s.%s%s", bk_t(&k,
		    "book.warning"), k.reason, agenda_why_soft(k.why) ? " " :
		    "", agenda_why_soft(k.why) ? bk_t(&k, "book.hint") : "");
	form_send(&k, 200, msg[0] != '\0' ? msg : NULL,
	    msg[0] != '\0' && agenda_why_soft(k.why), m,
	    bk_t(&k, "book.found"));
	booking_free(k.b);
}

/* Write the refusal of k->why into k->reason, with the closure's or
 * holiday's name when there is one. */
static void
bk_reason(struct bk *k)
{
	struct app_ctx	*ctx = req_ctx(k->r);
	const char	*p[3], *x = NULL;
	char		 d[11], m[8];
	PGresult	*res = NULL;
	int		 en = strcmp(page_lang(k->r), "en") == 0;

	agenda_date_str(&k->date, d, sizeof(d));
	snprintf(m, sizeof(m), "%d", k->min);
	if (k->why == AGENDA_HOLIDAY)
		x = holiday_find(booking_country(k->b), k->date.y, k->date.m,
		    k->date.d, en ? HOLIDAY_EN : HOLIDAY_FR);
	else if (k->why == AGENDA_CLOSURE) {
		p[0] = k->clinic;
		p[1] = d;
		p[2] = m;
		res = db_exec(ctx->db, &st_closure, p);
		if (db_ok(res) && PQntuples(res) == 1)
			x = PQgetvalue(res, 0, 0);
	}
	if (x != NULL && *x != '\0')
		snprintf(k->reason, sizeof(k->reason), "%s (%s)",
		    bk_t(k, agenda_why_key(k->why)), x);
	else
		snprintf(k->reason, sizeof(k->reason), "%s",
		    bk_t(k, agenda_why_key(k->why)));
	PQclear(res);
}

/*
 * The patient of the booking: patient_id of this clinic, or a new one
 * from the typed names and phone.  Returns 0 when the booking may go on
 * (k->patient set, or k->e164 for a new patient), else the status
 * answered (the form again: bad input, or the phone's owners offered).
 */
static int
bk_patient(struct bk *k)
{
	struct app_ctx	*ctx = req_ctx(k->r);
	const char	*p[2];
	json_object	*o;
	int		 code;

	p[0] = k->clinic;
	if (k->patient != NULL) {
		p[1] = k->patient;
		if (!page_is_uuid(k->patient) || (o = page_query(ctx,
		    &st_patient, p, &code)) == NULL) {
			form_send(k, 422, bk_t(k, "book.patient.gone"), 0,
			    NULL, NULL);
			return 422;
		}
		json_object_put(o);
		return 0;
	}
	if (k->first == NULL || k->last == NULL || k->phone == NULL ||
	    !page_is_text(k->first, 100) || !page_is_text(k->last, 100) ||
	    !page_is_text(k->phone, 40)) {
		form_send(k, 422, bk_t(k, "book.patient.need"), 0, NULL,
		    NULL);
		return 422;
	}
	if (desk_phone_e164(k->phone, booking_country(k->b), k->e164,
	    sizeof(k->e164)) != 0) {
		form_send(k, 422, bk_t(k, "book.phone.bad"), 0, NULL, NULL);
		return 422;
	}
	p[1] = k->e164;
	if ((o = page_query(ctx, &st_by_phone, p, &code)) == NULL) {
		page_fail(k->r, code);
		return code;
	}
	if (json_object_array_length(o) > 0) {
		form_send(k, 200, bk_t(k, "book.phone.taken"), 0, o,
		    bk_t(k, "book.phone.owner"));
		return 200;
	}
	json_object_put(o);
	return 0;
}

/* The new patient (when there is one) and the appointment, at once. */
static int
bk_tx(struct db *db, void *arg)
{
	struct bk	*k = arg;
	struct app_ctx	*ctx = req_ctx(k->r);
	const char	*p[9];
	char		 s[24], e[24], bf[16];
	const struct slots_treatment *st = booking_treat_slots(k->b,
	    (size_t)k->t);
	PGresult	*res;

	k->http = 503;
	if (booking_lock(db, k->clinic, k->pid, NULL) != BOOKING_OK)
		return -1;
	if (k->patient == NULL) {
		p[0] = k->clinic;
		p[1] = k->e164;
		p[2] = k->first;
		p[3] = k->last;
		res = db_exec(db, &st_patient_add, p);
		if (!db_ok(res) || PQntuples(res) != 1) {
			/* The same person added meanwhile: not a slot taken. */
			k->http = db_result_err(res) == DB_ERR_CONFLICT ? 422 :
			    page_db_status(res);
			PQclear(res);
			return -1;
		}
		snprintf(k->pat, sizeof(k->pat), "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
	} else
		snprintf(k->pat, sizeof(k->pat), "%s", k->patient);
	snprintf(s, sizeof(s), "%lld", (long long)k->start);
	snprintf(e, sizeof(e), "%lld", (long long)(k->start +
	    (int64_t)st->duration * 60));
	snprintf(bf, sizeof(bf), "%d", st->buffer);
	p[0] = k->clinic;
	p[1] = k->pid;
	p[2] = k->pat;
	p[3] = booking_treat_id(k->b, (size_t)k->t);
	p[4] = booking_treat_name(k->b, (size_t)k->t);
	p[5] = s;
	p[6] = e;
	p[7] = bf;
	p[8] = k->notes != NULL ? k->notes : "";
	res = db_exec(db, &st_insert, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		k->http = db_result_err(res) == DB_ERR_CONFLICT ? 409 :
		    page_db_status(res);
		PQclear(res);
		return -1;
	}
	snprintf(k->appt, sizeof(k->appt), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (calsync_enqueue_event(db, k->clinic, k->appt) != DB_OK)
		return -1;
	if (auth_audit(ctx, k->r, auth_current(k->r), k->clinic,
	    k->override && k->why != AGENDA_OK ? "appointment.create_anyway" :
	    "appointment.create", "appointment", k->appt, k->pat) != 0)
		return -1;
	return 0;
}

/*
 * Judge k's time for treatment k->t (k->t < 0: k->dur minutes and
 * k->buf buffer minutes) against the rules: k->start,
 * k->why and, when refused, k->reason.  Returns 0, or -1 when that
 * local time does not exist that day (spring-forward gap).
 */
static int
bk_judge(struct bk *k)
{
	const struct slots_treatment	*st;
	struct slots_clinic		 sc;
	enum tz_match			 m;
	int				 dur = k->dur, buf = k->buf;

	m = tz_from_local(booking_tz(k->b), k->date.y, k->date.m, k->date.d,
	    k->min / 60, k->min % 60, &k->start);
	if (m == TZ_LOCAL_GAP || m == TZ_LOCAL_INVALID)
		return -1;
	if (k->t >= 0) {
		st = booking_treat_slots(k->b, (size_t)k->t);
		dur = st->duration;
		buf = st->buffer;
	}
	booking_slots(k->b, &sc);
	k->why = agenda_why(&sc, (size_t)k->p, dur, buf, k->start);
	if (k->why != AGENDA_OK)
		bk_reason(k);
	return 0;
}

/*
 * The rules: 0 when the booking may go on, else the status answered
 * (the form again with the reason).
 */
static int
bk_rules(struct bk *k)
{
	char	 msg[512];

	if (bk_judge(k) != 0) {
		form_send(k, 422, bk_t(k, "book.gap"), 0, NULL, NULL);
		return 422;
	}
	if (k->why == AGENDA_OK)
		return 0;
	if (k->why == AGENDA_TAKEN) {
		form_send(k, 409, bk_t(k, "book.taken.long"), 0, NULL,
		    NULL);
		return 409;
	}
	if (!agenda_why_soft(k->why)) {
		snprintf(msg, sizeof(msg), "%s %s.", bk_t(k, "book.refused"),
		    k->reason);
		form_send(k, 422, msg, 0, NULL, NULL);
		return 422;
	}
	if (k->override)
		return 0;
	snprintf(msg, sizeof(msg), "%s %s. %s", bk_t(k, "book.refused"),
	    k->reason, bk_t(k, "book.hint"));
	form_send(k, 422, msg, 1, NULL, NULL);
	return 422;
}

/* After the booking: journal an override, answer. */
static void
bk_done(struct bk *k)
{
	const struct auth_user	*u = auth_current(k->r);
	json_object		*o;
	struct buf		 loc;
	char			 d[11];

	if (k->why != AGENDA_OK)
		log_warn("agenda", "BOOKED_ANYWAY", k->clinic, "appointment "
		    "%s at %s booked anyway by user %s: %s", k->appt, k->at,
		    u != NULL ? u->user_id : "?", k->reason);
	admin_dashboard_forget(k->clinic);
	o = json_object_new_object();
	add_s(o, "id", k->appt);
	add_s(o, "patientId", k->pat);
	if (k->why != AGENDA_OK)
		add_s(o, "overridden", k->reason);
	agenda_date_str(&k->date, d, sizeof(d));
	buf_init(&loc, 256);
	buf_printf(&loc, "/clinic/%s/admin/agenda?date=%s", k->clinic, d);
	page_done(k->r, 201, buf_str(&loc), o);
	buf_free(&loc);
	json_object_put(o);
}

void
admin_agenda_book(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct bk	 k;
	int		 code;

	bk_read(r, &k);
	if ((code = agenda_booking(r, &k.b)) != 0) {
		page_fail(r, code);
		return;
	}
	if (bk_check(&k) != 0)
		goto out;
	if (k.t < 0) {
		form_send(&k, 422, bk_t(&k, "book.treat.need"), 0, NULL,
		    NULL);
		goto out;
	}
	if (bk_rules(&k) != 0 || bk_patient(&k) != 0)
		goto out;
	if ((code = db_tx(ctx->db, bk_tx, &k)) != 0) {
		code = page_tx_status(code, k.http);
		if (code == 409)
			form_send(&k, 409, bk_t(&k, "book.taken"), 0, NULL,
			    NULL);
		else
			page_fail(r, code);
		goto out;
	}
	bk_done(&k);
out:
	booking_free(k.b);
}

/*
 * The verdict on k (k->b, k->p, k->t or k->dur, k->date, k->min set)
 * into v, as bk_rules judges the agenda's form.  Returns 0 or the HTTP
 * status (see agenda_staff_judge).
 */
static int
staff_verdict(struct bk *k, struct agenda_verdict *v)
{
	if (bk_judge(k) != 0) {
		snprintf(v->reason, sizeof(v->reason), "%s",
		    bk_t(k, "book.gap"));
		return 422;
	}
	v->why = k->why;
	if (k->why == AGENDA_OK)
		return 0;
	if (k->why == AGENDA_TAKEN) {
		snprintf(v->reason, sizeof(v->reason), "%s",
		    bk_t(k, "book.taken.long"));
		return 409;
	}
	if (agenda_why_soft(k->why) && k->override) {
		snprintf(v->reason, sizeof(v->reason), "%s", k->reason);
		return 0;
	}
	snprintf(v->reason, sizeof(v->reason), "%s %s.%s%s",
	    bk_t(k, "book.refused"), k->reason, agenda_why_soft(k->why) ?
	    " " : "", agenda_why_soft(k->why) ? bk_t(k, "book.hint") : "");
	return 422;
}

int
agenda_staff_judge(struct req *r, const struct agenda_staff *s,
    struct agenda_verdict *v)
{
	struct bk	 k;
	int		 code;

	memset(v, 0, sizeof(*v));
	memset(&k, 0, sizeof(k));
	k.r = r;
	k.clinic = req_param(r, "clinicId");
	k.at = s->at;
	k.override = s->override;
	k.dur = s->minutes;
	k.buf = s->buffer;
	k.t = -1;
	snprintf(v->reason, sizeof(v->reason), "not found");
	if (agenda_parse_local(s->at, &k.date, &k.min) != 0) {
		snprintf(v->reason, sizeof(v->reason), "starts_at: "
		    "YYYY-MM-DDTHH:MM (clinic time)");
		return 422;
	}
	if ((code = agenda_booking_days(r, s->except, &k.date, &k.date,
	    &k.b)) != 0)
		return code;
	if ((k.p = booking_find_prac(k.b, s->pid)) < 0 || (s->tid != NULL &&
	    (k.t = booking_find_treat(k.b, s->tid)) < 0))
		code = 404;
	else if (k.t < 0 && k.dur <= 0)
		code = 422;
	else
		code = staff_verdict(&k, v);
	booking_free(k.b);
	return code;
}

void
agenda_staff_journal(struct req *r, const char *appt, const char *at,
    const struct agenda_verdict *v)
{
	const struct auth_user	*u = auth_current(r);

	if (v->why == AGENDA_OK)
		return;
	log_warn("agenda", "BOOKED_ANYWAY", req_param(r, "clinicId"),
	    "appointment %s at %s booked anyway by user %s: %s", appt, at,
	    u != NULL ? u->user_id : "?", v->reason);
}
