/*
 * desk_patient — a patient's record at the reception desk: edit (name,
 * phone normalised to E.164, date of birth, language, email, notes; a
 * phone another patient of the clinic has is refused and a merge
 * offered), and merge two records of one clinic (a confirmation page,
 * then one transaction that moves appointments and conversations, with
 * their messages and media, to the kept record and removes the other).
 * Both are journaled.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "desk.h"
#include "http.h"
#include "log.h"
#include "page.h"

static const struct db_stmt st_country = { "desk_clinic_country",
	"SELECT country FROM clinics WHERE id = $1::uuid", 1 };

/* Another patient of the clinic with phone $2 (not $3). */
static const struct db_stmt st_same_phone = { "desk_patient_same_phone",
	"SELECT json_build_object('error', 'phone taken', 'patientId', "
	"$3::uuid, 'other', json_build_object('id', p.id, 'name', "
	"p.first_name || ' ' || p.last_name, 'phone', p.phone)) FROM "
	"patients p WHERE p.clinic_id = $1::uuid AND p.phone = $2 AND "
	"p.id <> $3::uuid ORDER BY p.created_at LIMIT 1", 3 };

/*
 * $1 clinic, $2 patient; NULL keeps a value, "" clears an optional one:
 * $3 first name, $4 last name, $5 phone (E.164), $6 birth date, $7
 * language, $8 email, $9 notes.
 */
static const struct db_stmt st_update = { "desk_patient_update",
	"UPDATE patients SET first_name = coalesce($3, first_name), "
	"last_name = coalesce($4, last_name), phone = coalesce($5, phone), "
	"birth_date = CASE WHEN $6::text IS NULL THEN birth_date ELSE "
	"nullif($6, '')::date END, language = CASE WHEN $7::text IS NULL "
	"THEN language ELSE nullif($7, '') END, email = CASE WHEN $8::text "
	"IS NULL THEN email ELSE nullif($8, '') END, notes = CASE WHEN "
	"$9::text IS NULL THEN notes ELSE nullif($9, '') END "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid RETURNING id", 9 };

/* Both records of a merge, side by side ($2 kept, $3 merged into it). */
static const struct db_stmt st_pair = { "desk_patient_pair",
	"SELECT json_build_object('keep', (SELECT row_to_json(x) FROM ("
	"SELECT p.id, p.first_name AS \"firstName\", p.last_name AS "
	"\"lastName\", p.phone, p.birth_date AS \"birthDate\", (SELECT "
	"count(*) FROM appointments a WHERE a.clinic_id = p.clinic_id AND "
	"a.patient_id = p.id) AS appointments, (SELECT count(*) FROM "
	"conversations c WHERE c.clinic_id = p.clinic_id AND c.patient_id = "
	"p.id) AS conversations FROM patients p WHERE p.clinic_id = "
	"$1::uuid AND p.id = $2::uuid) x), 'other', (SELECT row_to_json(x) "
	"FROM (SELECT p.id, p.first_name AS \"firstName\", p.last_name AS "
	"\"lastName\", p.phone, p.birth_date AS \"birthDate\", (SELECT "
	"count(*) FROM appointments a WHERE a.clinic_id = p.clinic_id AND "
	"a.patient_id = p.id) AS appointments, (SELECT count(*) FROM "
	"conversations c WHERE c.clinic_id = p.clinic_id AND c.patient_id = "
	"p.id) AS conversations FROM patients p WHERE p.clinic_id = "
	"$1::uuid AND p.id = $3::uuid) x)) WHERE $2::uuid <> $3::uuid AND "
	"(SELECT count(*) FROM patients WHERE clinic_id = $1::uuid AND id IN "
	"($2::uuid, $3::uuid)) = 2", 3 };

/* Lock both records of a merge; two rows when both are the clinic's. */
static const struct db_stmt st_lock_pair = { "desk_patient_lock_pair",
	"SELECT id FROM patients WHERE clinic_id = $1::uuid AND id IN "
	"($2::uuid, $3::uuid) AND $2::uuid <> $3::uuid ORDER BY id "
	"FOR UPDATE", 3 };

static const struct db_stmt st_move_appts = { "desk_merge_appointments",
	"UPDATE appointments SET patient_id = $2::uuid WHERE clinic_id = "
	"$1::uuid AND patient_id = $3::uuid", 3 };

static const struct db_stmt st_move_convs = { "desk_merge_conversations",
	"UPDATE conversations SET patient_id = $2::uuid WHERE clinic_id = "
	"$1::uuid AND patient_id = $3::uuid", 3 };

/* Remove the merged record, handing back what the kept one may lack. */
static const struct db_stmt st_drop = { "desk_merge_drop",
	"DELETE FROM patients WHERE clinic_id = $1::uuid AND id = $2::uuid "
	"RETURNING birth_date, email, language, notes, opted_out_at", 2 };

/* The kept record takes what it lacked from the merged one (a STOP
 * too: either record's opt-out stays). */
static const struct db_stmt st_fill = { "desk_merge_fill",
	"UPDATE patients SET birth_date = coalesce(birth_date, $3::date), "
	"email = coalesce(email, $4), language = coalesce(language, $5), "
	"notes = CASE WHEN $6::text IS NULL THEN notes WHEN notes IS NULL "
	"THEN $6 ELSE notes || E'\\n' || $6 END, opted_out_at = coalesce("
	"opted_out_at, $7::timestamptz) WHERE clinic_id = $1::uuid "
	"AND id = $2::uuid", 7 };

/* Input by snake_case name or camelCase twin (NULL when absent). */
static const char *
desk_in(struct req *r, const char *snake, const char *camel)
{
	const char	*v = page_in(r, snake);

	return v != NULL ? v : page_in(r, camel);
}

/* One patient update, run in a transaction. */
struct desk_edit {
	struct req	*r;
	const char	*p[9];
	int		 http;
};

static int
desk_edit_tx(struct db *db, void *arg)
{
	struct desk_edit	*e = arg;
	PGresult		*res;

	res = db_exec(db, &st_update, e->p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		e->http = db_ok(res) ? 404 : page_db_status(res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	if (auth_audit(req_ctx(e->r), e->r, auth_current(e->r), e->p[0],
	    "patient.update", "patient", e->p[1], e->p[1]) != 0) {
		e->http = 503;
		return -1;
	}
	return 0;
}

/*
 * The catalogue key of the first refused field of an edit (NULL: none).
 * Names may not be blank; "" clears the optional values.
 */
static const char *
desk_edit_bad(const struct desk_edit *e)
{
	if (e->p[2] != NULL && (*e->p[2] == '\0' ||
	    !page_is_text(e->p[2], 100)))
		return "field.pat.first";
	if (e->p[3] != NULL && (*e->p[3] == '\0' ||
	    !page_is_text(e->p[3], 100)))
		return "field.pat.last";
	if (e->p[5] != NULL && *e->p[5] != '\0' && !page_is_date(e->p[5]))
		return "field.pat.birth";
	if (e->p[6] != NULL && *e->p[6] != '\0' && strcmp(e->p[6], "fr") !=
	    0 && strcmp(e->p[6], "en") != 0)
		return "field.pat.language";
	if (e->p[7] != NULL && *e->p[7] != '\0' && !page_is_email(e->p[7]))
		return "field.s.email";
	if (e->p[8] != NULL && !page_is_text(e->p[8], 2000))
		return "field.notes";
	return NULL;
}

/*
 * The phone typed into e164 (DESK_PHONE_MAX bytes), with the clinic's
 * country for a national number.  Returns 0, 422 for a number that is
 * none, or the database's status.
 */
static int
desk_edit_phone(struct req *r, const char *typed, char *e164)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	PGresult	*res;
	int		 rc;

	res = db_exec(ctx->db, &st_country, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		rc = db_ok(res) ? 404 : page_db_status(res);
		PQclear(res);
		return rc;
	}
	rc = desk_phone_e164(typed, PQgetvalue(res, 0, 0), e164,
	    DESK_PHONE_MAX) == 0 ? 0 : 422;
	PQclear(res);
	return rc;
}

/*
 * Another patient of the clinic holds this phone: 409 with both, and
 * (for browsers) the page offering to merge them.  Returns 1 when it
 * answered, 0 when the phone is free, -1 after answering a failure.
 */
static int
desk_phone_taken(struct req *r, const struct desk_edit *e)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[3] = { e->p[0], e->p[4], e->p[1] };
	json_object	*o;
	int		 code;

	if ((o = page_query(ctx, &st_same_phone, p, &code)) == NULL) {
		if (code == 404)
			return 0;
		page_fail(r, code);
		return -1;
	}
	page_send(r, 409, "admin/patient_conflict", "title.phone.taken", o,
	    1);
	json_object_put(o);
	return 1;
}

void
admin_patient_update(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct desk_edit	 e;
	struct buf		 loc;
	const char		*bad, *typed;
	char			 e164[DESK_PHONE_MAX];
	int			 rc;

	memset(&e, 0, sizeof(e));
	e.r = r;
	e.p[0] = req_param(r, "clinicId");
	e.p[1] = req_param(r, "patientId");
	if (!page_is_uuid(e.p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	e.p[2] = desk_in(r, "first_name", "firstName");
	e.p[3] = desk_in(r, "last_name", "lastName");
	e.p[5] = desk_in(r, "birth_date", "birthDate");
	e.p[6] = desk_in(r, "language", "language");
	e.p[7] = desk_in(r, "email", "email");
	e.p[8] = desk_in(r, "notes", "notes");
	if ((bad = desk_edit_bad(&e)) != NULL) {
		page_invalid(r, 422, "invalid value", bad);
		return;
	}
	typed = desk_in(r, "phone", "phone");
	if (typed != NULL && *typed != '\0') {
		if ((rc = desk_edit_phone(r, typed, e164)) != 0) {
			if (rc == 422)
				page_invalid(r, 422, "phone: not a phone "
				    "number", "field.phone.fr");
			else
				page_fail(r, rc);
			return;
		}
		e.p[4] = e164;
		if (desk_phone_taken(r, &e) != 0)
			return;
	}
	e.http = 500;
	if ((rc = db_tx(ctx->db, desk_edit_tx, &e)) != 0) {
		page_fail(r, page_tx_status(rc, e.http));
		return;
	}
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/patients/%s", e.p[0], e.p[1]);
	page_done(r, 200, buf_str(&loc), NULL);
	buf_free(&loc);
}

/* The two records of a merge from the route and input; 0 or -1. */
static int
desk_pair(struct req *r, const char *p[3], const char *other)
{
	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "patientId");
	p[2] = other;
	if (!page_is_uuid(p[1]) || !page_is_uuid(p[2])) {
		page_error(r, 404, "not found", NULL);
		return -1;
	}
	return 0;
}

void
admin_patient_merge_form(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[3];
	json_object	*o;
	int		 code;

	if (desk_pair(r, p, req_query(r, "other")) != 0)
		return;
	if ((o = page_query(ctx, &st_pair, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/patient_merge", "title.patient.merge", o,
	    1);
	json_object_put(o);
}

/* One merge, run in a transaction. */
struct desk_merge {
	struct req	*r;
	const char	*p[3];	/* clinic, kept, merged */
	int		 http;
};

/* The merged record's value of column i of res, or NULL. */
static const char *
desk_cell(PGresult *res, int i)
{
	return PQgetisnull(res, 0, i) ? NULL : PQgetvalue(res, 0, i);
}

static int
desk_merge_tx(struct db *db, void *arg)
{
	struct desk_merge	*m = arg;
	const char		*q[7];
	PGresult		*res;
	int			 rc;

	res = db_exec(db, &st_lock_pair, m->p);
	if (!db_ok(res) || PQntuples(res) != 2) {
		m->http = db_ok(res) ? 404 : page_db_status(res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	if (db_do(db, &st_move_appts, m->p) != DB_OK ||
	    db_do(db, &st_move_convs, m->p) != DB_OK) {
		m->http = 503;
		return -1;
	}
	q[0] = m->p[0];
	q[1] = m->p[2];
	res = db_exec(db, &st_drop, q);
	if (!db_ok(res) || PQntuples(res) != 1) {
		m->http = db_ok(res) ? 404 : page_db_status(res);
		PQclear(res);
		return -1;
	}
	q[1] = m->p[1];
	q[2] = desk_cell(res, 0);
	q[3] = desk_cell(res, 1);
	q[4] = desk_cell(res, 2);
	q[5] = desk_cell(res, 3);
	q[6] = desk_cell(res, 4);
	rc = db_do(db, &st_fill, q);
	PQclear(res);
	if (rc != DB_OK) {
		m->http = 503;
		return -1;
	}
	if (auth_audit(req_ctx(m->r), m->r, auth_current(m->r), m->p[0],
	    "patient.merge", "patient", m->p[1], m->p[1]) != 0) {
		m->http = 503;
		return -1;
	}
	return 0;
}

void
admin_patient_merge(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct desk_merge	 m;
	struct buf		 loc;
	int			 rc;

	memset(&m, 0, sizeof(m));
	m.r = r;
	if (desk_pair(r, m.p, desk_in(r, "other_id", "otherId")) != 0)
		return;
	m.http = 500;
	if ((rc = db_tx(ctx->db, desk_merge_tx, &m)) != 0) {
		page_fail(r, page_tx_status(rc, m.http));
		return;
	}
	log_info("admin", "PATIENT_MERGED", m.p[0], "patient %s merged into "
	    "patient %s", m.p[2], m.p[1]);
	admin_dashboard_forget(m.p[0]);
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/patients/%s", m.p[0], m.p[1]);
	page_done(r, 200, buf_str(&loc), NULL);
	buf_free(&loc);
}
