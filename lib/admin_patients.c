/*
 * admin_patients — the clinic's patients: list with search by name or
 * phone (keyset pages, newest first), and one patient with appointments
 * (every status), conversations and the records that may be the same
 * person.  Viewing a patient is audited.  Edit and merge: desk_patient.c.
 */
#include <string.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "db.h"
#include "desk.h"
#include "http.h"
#include "page.h"

/*
 * $1 clinic, $2/$3 cursor (created_at, id), $4 search text, $5 the
 * search text read as a phone number in E.164 (NULL when it is none):
 * "06 12 34 56 78" finds the patient stored as +33612345678.
 */
static const struct db_stmt st_list = { "admin_patients_list",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(r ORDER BY r.\"createdAt\" DESC, r.id DESC), "
	"'[]') FROM (SELECT p.id, p.first_name AS \"firstName\", "
	"p.last_name AS \"lastName\", p.phone, p.birth_date AS \"birthDate\", "
	"p.email, p.language, p.created_at AS \"createdAt\", "
	"(SELECT to_char(min(a.starts_at) AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI') FROM appointments a WHERE a.clinic_id = "
	"p.clinic_id AND a.patient_id = p.id AND a.status = 'booked' AND "
	"a.starts_at > now()) AS \"nextAppointment\" "
	"FROM patients p JOIN clinics cl ON cl.id = p.clinic_id "
	"WHERE p.clinic_id = $1::uuid AND ($2::timestamptz IS NULL OR "
	"(p.created_at, p.id) < ($2::timestamptz, $3::uuid)) AND "
	"($4::text IS NULL OR strpos(lower(p.first_name || ' ' || "
	"p.last_name), lower($4)) > 0 OR strpos(lower(p.last_name || ' ' || "
	"p.first_name), lower($4)) > 0 OR strpos(p.phone, $4) > 0 OR "
	"p.phone = $5) "
	"ORDER BY p.created_at DESC, p.id DESC LIMIT 51) r", 5 };

/* The clinic's country, to read a national phone number. */
static const struct db_stmt st_country = { "admin_patients_country",
	"SELECT country FROM clinics WHERE id = $1::uuid", 1 };

/*
 * The search text q as a phone number of the clinic's country, into
 * e164 (DESK_PHONE_MAX bytes).  Returns e164, or NULL when q is no
 * phone number or the country cannot be read.
 */
static const char *
search_phone(struct req *r, const char *q, char *e164)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	const char	*out = NULL;
	PGresult	*res;

	if (q == NULL)
		return NULL;
	res = db_exec(ctx->db, &st_country, p);
	if (db_ok(res) && PQntuples(res) == 1 &&
	    desk_phone_e164(q, PQgetvalue(res, 0, 0), e164,
	    DESK_PHONE_MAX) == 0)
		out = e164;
	PQclear(res);
	return out;
}

/* One patient, appointments (newest first) and conversations. */
static const struct db_stmt st_detail = { "admin_patient_detail",
	"SELECT json_build_object('id', p.id, 'firstName', p.first_name, "
	"'lastName', p.last_name, 'phone', p.phone, 'birthDate', "
	"p.birth_date, 'email', p.email, 'language', p.language, 'notes', "
	"p.notes, 'createdAt', p.created_at, "
	/* No-shows of the last 12 months; the STOP, if any (privacy). */
	"'noShows', (SELECT count(*) FROM appointments n WHERE n.clinic_id = "
	"p.clinic_id AND n.patient_id = p.id AND n.status = 'no_show' AND "
	"n.starts_at > now() - interval '12 months'), 'optedOutLocal', "
	"to_char(p.opted_out_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI'), "
	"'appointments', (SELECT coalesce(json_agg(x ORDER BY x.\"startsAt\" "
	"DESC), '[]') FROM (SELECT a.id, a.starts_at AS \"startsAt\", "
	"to_char(a.starts_at AT TIME ZONE cl.timezone, 'YYYY-MM-DD HH24:MI') "
	"AS \"startsLocal\", a.status, a.source, coalesce(a.treatment_name, "
	"t.name) AS treatment, pr.title || ' ' || pr.first_name || ' ' || "
	"pr.last_name AS practitioner FROM appointments a JOIN practitioners "
	"pr ON pr.id = a.practitioner_id AND pr.clinic_id = a.clinic_id "
	"LEFT JOIN treatment_types t ON t.id = a.treatment_type_id AND "
	"t.clinic_id = a.clinic_id WHERE a.clinic_id = p.clinic_id AND "
	"a.patient_id = p.id ORDER BY a.starts_at DESC LIMIT 200) x), "
	"'conversations', (SELECT coalesce(json_agg(json_build_object('id', "
	"c.id, 'status', c.status, 'phone', c.phone, 'lastMessageLocal', "
	"to_char(c.last_message_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI')) ORDER BY c.last_message_at DESC), '[]') "
	"FROM conversations c WHERE c.clinic_id = p.clinic_id AND "
	"c.patient_id = p.id), "
	/* Records that may be the same person: to merge (desk_patient.c). */
	"'lookalikes', (SELECT coalesce(json_agg(json_build_object('id', "
	"o.id, 'name', o.first_name || ' ' || o.last_name, 'phone', "
	"o.phone, 'birthDate', o.birth_date)), '[]') FROM (SELECT * FROM "
	"patients o WHERE o.clinic_id = p.clinic_id AND o.id <> p.id AND "
	"(o.phone = p.phone OR (lower(o.last_name) = lower(p.last_name) "
	"AND lower(o.first_name) = lower(p.first_name))) ORDER BY "
	"o.created_at LIMIT 10) o)) "
	"FROM patients p JOIN clinics cl ON cl.id = p.clinic_id "
	"WHERE p.clinic_id = $1::uuid AND p.id = $2::uuid", 2 };

void
admin_patients(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[5], *q;
	char		 e164[DESK_PHONE_MAX];
	json_object	*o, *f;
	int		 code;

	p[0] = req_param(r, "clinicId");
	if (page_cursor(r, &p[1], &p[2]) != 0) {
		page_error(r, 400, "bad cursor",
		    "error.cursor");
		return;
	}
	q = req_query(r, "q");
	if (q != NULL && *q == '\0')
		q = NULL;
	if (q != NULL && !page_is_text(q, 100)) {
		page_invalid(r, 400, "q: at most 100 characters",
		    "field.search");
		return;
	}
	p[3] = q;
	p[4] = search_phone(r, q, e164);
	if ((o = page_list(ctx, &st_list, p, "createdAt", &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	f = json_object_new_object();
	json_object_object_add(f, "q", json_object_new_string(q ? q : ""));
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "admin/patients", "title.patients", o, 1);
	json_object_put(o);
}

void
admin_patient(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "patientId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((o = page_query(ctx, &st_detail, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if (auth_audit(ctx, r, auth_current(r), p[0], "patient.view",
	    "patient", p[1], p[1]) != 0) {
		json_object_put(o);
		page_error(r, 503, "audit unavailable", "error.audit");
		return;
	}
	page_send(r, 200, "admin/patient", "title.patient", o, 1);
	json_object_put(o);
}
