/*
 * super_practitioners — practitioners of every clinic: list (keyset on
 * creation, filters: clinic, name, active), detail (clinic, hours,
 * treatments, calendar status, recent and next appointments) and update
 * of the same fields the clinic admin edits.  Updates are audited under
 * the practitioner's clinic.
 */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "super.h"
#include "super_int.h"

/* $1/$2 cursor (created_at, id), $3 clinic, $4 name search, $5 active. */
static const struct db_stmt st_list = { "super_practitioners_list",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(r ORDER BY r.\"createdAt\" DESC, r.id DESC), "
	"'[]') FROM (SELECT p.id, p.clinic_id AS \"clinicId\", cl.name AS "
	"clinic, p.title, p.first_name AS \"firstName\", p.last_name AS "
	"\"lastName\", p.specialty, p.email, p.phone, p.is_active AS "
	"\"isActive\", p.created_at AS \"createdAt\", "
	"coalesce((SELECT ci.status FROM practitioner_calendar_integrations "
	"ci WHERE ci.practitioner_id = p.id AND ci.clinic_id = p.clinic_id), "
	"'disconnected') AS \"calendarStatus\" "
	"FROM practitioners p JOIN clinics cl ON cl.id = p.clinic_id WHERE "
	"($1::timestamptz IS NULL OR (p.created_at, p.id) < "
	"($1::timestamptz, $2::uuid)) AND ($3::uuid IS NULL OR "
	"p.clinic_id = $3::uuid) AND ($4::text IS NULL OR "
	"strpos(lower(p.first_name || ' ' || p.last_name), lower($4)) > 0 OR "
	"strpos(lower(p.last_name || ' ' || p.first_name), lower($4)) > 0) "
	"AND ($5::boolean IS NULL OR p.is_active = $5::boolean) "
	"ORDER BY p.created_at DESC, p.id DESC LIMIT 51) r", 5 };

static const struct db_stmt st_detail = { "super_practitioner_detail",
	"SELECT json_build_object('id', p.id, 'clinicId', p.clinic_id, "
	"'clinic', cl.name, 'timezone', cl.timezone, 'title', p.title, "
	"'firstName', p.first_name, "
	"'lastName', p.last_name, 'specialty', p.specialty, 'email', "
	"p.email, 'phone', p.phone, 'isActive', p.is_active, "
	"'displayOrder', p.display_order, 'createdAt', p.created_at, "
	"'hours', (SELECT json_agg(json_build_object('weekday', d, 'name', "
	"(ARRAY['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', "
	"'samedi', 'dimanche'])[d + 1], 'text', "
	"coalesce((SELECT string_agg(lpad((h.start_min / 60)::text, 2, '0') "
	"|| ':' || lpad((h.start_min % 60)::text, 2, '0') || '-' || "
	"lpad((h.end_min / 60)::text, 2, '0') || ':' || "
	"lpad((h.end_min % 60)::text, 2, '0'), ' ' ORDER BY h.start_min) "
	"FROM practitioner_working_hours h WHERE h.clinic_id = p.clinic_id "
	"AND h.practitioner_id = p.id AND h.weekday = d), '')) ORDER BY d) "
	"FROM generate_series(0, 6) d), "
	"'treatments', (SELECT coalesce(json_agg(t.name ORDER BY t.name), "
	"'[]') FROM practitioner_treatments pt JOIN treatment_types t ON "
	"t.id = pt.treatment_type_id AND t.clinic_id = pt.clinic_id WHERE "
	"pt.clinic_id = p.clinic_id AND pt.practitioner_id = p.id), "
	"'calendar', (SELECT json_build_object('calendarId', ci.calendar_id, "
	"'status', ci.status, 'lastSyncAt', ci.last_sync_at, "
	"'lastSyncLocal', to_char(ci.last_sync_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI'), 'lastError', "
	"ci.last_error) FROM practitioner_calendar_integrations ci WHERE "
	"ci.practitioner_id = p.id AND ci.clinic_id = p.clinic_id), "
	"'appointments', (SELECT coalesce(json_agg(x ORDER BY "
	"x.\"startsAt\" DESC), '[]') FROM (SELECT a.id, a.starts_at AS "
	"\"startsAt\", to_char(a.starts_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI') AS \"startsLocal\", a.status, "
	"a.treatment_name AS treatment FROM appointments a WHERE "
	"a.practitioner_id = p.id AND a.clinic_id = p.clinic_id "
	"ORDER BY a.starts_at DESC LIMIT 20) x)) "
	"FROM practitioners p JOIN clinics cl ON cl.id = p.clinic_id "
	"WHERE p.id = $1::uuid", 1 };

/* Absent fields keep their value; "" clears an optional one. */
static const struct db_stmt st_update = { "super_practitioner_update",
	"UPDATE practitioners SET first_name = coalesce($2, first_name), "
	"last_name = coalesce($3, last_name), title = CASE WHEN $4::text IS "
	"NULL THEN title ELSE nullif($4, '') END, specialty = CASE WHEN "
	"$5::text IS NULL THEN specialty ELSE nullif($5, '') END, email = "
	"CASE WHEN $6::text IS NULL THEN email ELSE nullif($6, '') END, "
	"phone = CASE WHEN $7::text IS NULL THEN phone ELSE nullif($7, '') "
	"END, is_active = coalesce($8::boolean, is_active), display_order = "
	"coalesce($9::int, display_order) WHERE id = $1::uuid "
	"RETURNING json_build_object('id', id, 'clinicId', clinic_id)", 9 };

void
super_practitioners(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[5], *active = NULL;
	json_object	*o, *f;
	int		 code;

	if (super_list_params(r, p) != 0)
		return;
	if (super_bool_in(super_q(r, "active"), &active) != 0) {
		page_invalid(r, 400, "active: true or false", "field.active");
		return;
	}
	p[3] = super_q(r, "q");
	if (p[3] != NULL && !page_is_text(p[3], 100)) {
		page_invalid(r, 400, "q: at most 100 characters",
		    "field.search");
		return;
	}
	p[4] = active;
	if ((o = page_list(ctx, &st_list, p, "createdAt", &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	f = json_object_new_object();
	super_add_str(f, "clinic", p[2]);
	super_add_str(f, "q", p[3]);
	super_add_str(f, "active", active);
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "superadmin/practitioners",
	    "title.super.practitioners", o, 1);
	json_object_put(o);
}

void
super_practitioner(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "practitionerId") };
	json_object	*o;
	int		 code;

	if (!page_is_uuid(p[0])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((o = page_query(ctx, &st_detail, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "superadmin/practitioner",
	    "title.super.practitioner", o, 1);
	json_object_put(o);
}

/*
 * The catalogue key of the first refused field of the practitioner form
 * (p[1..8] as super_practitioner_update reads them), or NULL.
 */
static const char *
sp_bad_field(struct req *r, const char **p)
{
	const char	*act;
	long		 n;

	if (!super_text_ok(p[1], 100, 0))
		return "field.prac.first";
	if (!super_text_ok(p[2], 100, 0))
		return "field.prac.last";
	if (!super_text_ok(p[3], 40, 1))
		return "field.prac.title";
	if (!super_text_ok(p[4], 200, 1))
		return "field.prac.specialty";
	if (!super_text_ok(p[5], 320, 1))
		return "field.email";
	if (!super_text_ok(p[6], 40, 1))
		return "field.clinic.phone";
	if (super_bool_in(page_in(r, "isActive"), &act) != 0)
		return "field.treat.active";
	if (p[8] != NULL && page_int(p[8], -100000, 100000, &n) != 0)
		return "field.prac.order";
	return NULL;
}

void
super_practitioner_update(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[9], *clinic = NULL;
	json_object	*o, *v;
	long		 n;
	int		 code;

	p[0] = req_param(r, "practitionerId");
	if (!page_is_uuid(p[0])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	p[1] = page_in(r, "firstName");
	p[2] = page_in(r, "lastName");
	p[3] = page_in(r, "title");
	p[4] = page_in(r, "specialty");
	p[5] = page_in(r, "email");
	p[6] = page_in(r, "phone");
	p[8] = page_in(r, "displayOrder");
	if (p[8] != NULL && *p[8] == '\0')
		p[8] = NULL;
	if (page_email_refused(r, p[5]) != 0)
		return;
	if (!super_text_ok(p[1], 100, 0) || !super_text_ok(p[2], 100, 0) ||
	    !super_text_ok(p[3], 40, 1) || !super_text_ok(p[4], 200, 1) ||
	    !super_text_ok(p[5], 320, 1) || !super_text_ok(p[6], 40, 1) ||
	    super_bool_in(page_in(r, "isActive"), &p[7]) != 0 ||
	    (p[8] != NULL && page_int(p[8], -100000, 100000, &n) != 0)) {
		page_invalid(r, 422, "invalid value", sp_bad_field(r, p));
		return;
	}
	if ((o = page_query(ctx, &st_update, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if (json_object_object_get_ex(o, "clinicId", &v))
		clinic = json_object_get_string(v);
	auth_audit(ctx, r, auth_current(r), clinic, "practitioner.update",
	    "practitioner", p[0], NULL);
	super_done(r, 200, "/practitioners", p[0], o);
	json_object_put(o);
}
