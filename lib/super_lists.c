/*
 * super_lists — patients and appointments of every clinic, keyset pages.
 * Each list walks the per-clinic indexes (patients_clinic_created,
 * appointments_clinic_starts) clinic by clinic through a LATERAL join,
 * keeps at most 51 rows of each, and merges: the work grows with the
 * number of clinics, never with the size of the tables.
 */
#include <string.h>

#include "app.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "super.h"
#include "super_int.h"

/* What a patient row of the lists shows (both statements below). */
#define PATIENT_ROWS \
	"SELECT coalesce(json_agg(r ORDER BY r.\"createdAt\" DESC, " \
	"r.id DESC), '[]') FROM (SELECT p.id, p.clinic_id AS " \
	"\"clinicId\", cl.name AS clinic, cl.timezone, " \
	"p.first_name AS \"firstName\", " \
	"p.last_name AS \"lastName\", p.phone, p.birth_date AS " \
	"\"birthDate\", p.email, p.language, " \
	"p.created_at AS \"createdAt\", to_char(p.created_at AT TIME ZONE " \
	"cl.timezone, 'YYYY-MM-DD HH24:MI') AS \"createdLocal\" "

/* $1/$2 cursor (created_at, id), $3 clinic (no search: see below). */
static const struct db_stmt st_patients = { "super_patients_list",
	DB_PLAN_EACH_RUN
	PATIENT_ROWS
	"FROM (SELECT p1.* FROM clinics c1 CROSS JOIN LATERAL (SELECT * FROM "
	"patients p0 WHERE p0.clinic_id = c1.id AND ($1::timestamptz IS NULL "
	"OR (p0.created_at, p0.id) < ($1::timestamptz, $2::uuid)) "
	"ORDER BY p0.created_at DESC, p0.id DESC LIMIT 51) p1 WHERE "
	"$3::uuid IS NULL OR c1.id = $3::uuid "
	"ORDER BY p1.created_at DESC, p1.id DESC LIMIT 51) p "
	"JOIN clinics cl ON cl.id = p.clinic_id) r", 3 };

/*
 * A search (q given): $1/$2 cursor, $3 clinic, $4 the LIKE pattern
 * "%q%" (wildcards escaped).  Served by the trigram indexes
 * of sql/007 on the name expression and the phone, newest first.
 */
static const struct db_stmt st_patients_search = { "super_patients_search",
	DB_PLAN_EACH_RUN
	PATIENT_ROWS
	"FROM patients p JOIN clinics cl ON cl.id = p.clinic_id "
	"WHERE (lower(p.first_name || ' ' || p.last_name || ' ' || "
	"p.first_name) LIKE lower($4) OR p.phone LIKE $4) "
	"AND ($3::uuid IS NULL OR p.clinic_id = $3::uuid) "
	"AND ($1::timestamptz IS NULL OR (p.created_at, p.id) < "
	"($1::timestamptz, $2::uuid)) "
	"ORDER BY p.created_at DESC, p.id DESC LIMIT 51) r", 4 };

/*
 * $1/$2 cursor (starts_at, id), $3 clinic, $4 status, $5 from and $6 to
 * (dates, in each clinic's zone, inclusive), $7 practitioner.
 * Newest first.
 */
static const struct db_stmt st_appointments = { "super_appointments_list",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(r ORDER BY r.\"startsAt\" DESC, r.id DESC), "
	"'[]') FROM (SELECT a.id, a.clinic_id AS \"clinicId\", cl.name AS "
	"clinic, cl.timezone, a.starts_at AS \"startsAt\", "
	"to_char(a.starts_at AT TIME "
	"ZONE cl.timezone, 'YYYY-MM-DD HH24:MI') AS \"startsLocal\", "
	"a.status, a.source, a.treatment_name AS treatment, "
	"a.conversation_id AS \"conversationId\", a.practitioner_id AS "
	"\"practitionerId\", pr.title || ' ' || pr.first_name || ' ' || "
	"pr.last_name AS practitioner, a.patient_id AS \"patientId\", "
	"pa.first_name || ' ' || pa.last_name AS patient "
	"FROM (SELECT a1.* FROM clinics c1 CROSS JOIN LATERAL (SELECT * FROM "
	"appointments a0 WHERE a0.clinic_id = c1.id AND ($1::timestamptz IS "
	"NULL OR (a0.starts_at, a0.id) < ($1::timestamptz, $2::uuid)) AND "
	"($4::text IS NULL OR a0.status = $4) AND ($5::date IS NULL OR "
	"a0.starts_at >= $5::date::timestamp AT TIME ZONE c1.timezone) AND "
	"($6::date IS NULL OR a0.starts_at < ($6::date + 1)::timestamp AT "
	"TIME ZONE c1.timezone) AND ($7::uuid IS NULL OR a0.practitioner_id "
	"= $7::uuid) ORDER BY a0.starts_at DESC, a0.id DESC LIMIT 51) a1 "
	"WHERE $3::uuid IS NULL OR c1.id = $3::uuid "
	"ORDER BY a1.starts_at DESC, a1.id DESC LIMIT 51) a "
	"JOIN clinics cl ON cl.id = a.clinic_id JOIN practitioners pr ON "
	"pr.id = a.practitioner_id AND pr.clinic_id = a.clinic_id JOIN "
	"patients pa ON pa.id = a.patient_id AND pa.clinic_id = a.clinic_id) "
	"r", 7 };

void
super_patients(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[4], *q;
	char		 pat[1024];	/* "%q%", q escaped (twice its size) */
	json_object	*o, *f;
	int		 code;

	if (super_list_params(r, p) != 0)
		return;
	p[3] = super_q(r, "q");
	if (p[3] != NULL && !page_is_text(p[3], 100)) {
		page_invalid(r, 400, "q: at most 100 characters",
		    "field.search");
		return;
	}
	q = p[3];
	if (q != NULL && page_like_contains(q, pat, sizeof(pat)) == -1) {
		page_invalid(r, 400, "q: too long", "field.search");
		return;
	}
	if (q != NULL)
		p[3] = pat;
	if ((o = page_list(ctx, q != NULL ? &st_patients_search :
	    &st_patients, p, "createdAt", &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	f = json_object_new_object();
	super_add_str(f, "clinic", p[2]);
	super_add_str(f, "q", q);
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "superadmin/patients", "title.super.patients", o, 1);
	json_object_put(o);
}

/* Is s an appointment status? */
static int
status_ok(const char *s)
{
	return strcmp(s, "booked") == 0 || strcmp(s, "cancelled") == 0 ||
	    strcmp(s, "completed") == 0 || strcmp(s, "no_show") == 0;
}

void
super_appointments(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[7];
	json_object	*o, *f;
	int		 code;

	if (super_list_params(r, p) != 0)
		return;
	p[3] = super_q(r, "status");
	p[4] = super_q(r, "from");
	p[5] = super_q(r, "to");
	p[6] = super_q(r, "practitioner");
	if ((p[3] != NULL && !status_ok(p[3])) ||
	    (p[4] != NULL && !page_is_date(p[4])) ||
	    (p[5] != NULL && !page_is_date(p[5])) ||
	    (p[6] != NULL && !page_is_uuid(p[6]))) {
		page_invalid(r, 400, "status: booked, cancelled, completed or "
		    "no_show; from, to: YYYY-MM-DD; practitioner: a uuid",
		    "field.appts.filter");
		return;
	}
	if ((o = page_list(ctx, &st_appointments, p, "startsAt", &code)) ==
	    NULL) {
		if (code == 422)	/* a date PostgreSQL refused */
			page_invalid(r, 400, "from, to: no such date",
			    "field.dates");
		else
			page_fail(r, code);
		return;
	}
	f = json_object_new_object();
	super_add_str(f, "clinic", p[2]);
	super_add_str(f, "status", p[3]);
	super_add_str(f, "from", p[4]);
	super_add_str(f, "to", p[5]);
	super_add_str(f, "practitioner", p[6]);
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "superadmin/appointments",
	    "title.super.appointments", o, 1);
	json_object_put(o);
}
