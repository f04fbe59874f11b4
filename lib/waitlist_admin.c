/*
 * waitlist_admin — the clinic's waitlist in the admin: the list (who,
 * which treatment and practitioner, the window, the status, the offers
 * sent), adding a patient, changing a live entry's practitioner and
 * window, and removing an entry.  Each change is journaled (audit_log
 * "waitlist.add", "waitlist.edit", "waitlist.remove") with the change,
 * in one transaction.  See waitlist.h.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "page.h"

/* The live and latest entries of clinic $1, the choices of the form. */
static const struct db_stmt st_list = { "wl_admin_list",
	"SELECT json_build_object('waitlist', (SELECT coalesce(json_agg("
	"json_build_object('id', w.id, 'patientId', w.patient_id, "
	"'practitionerId', w.practitioner_id, "
	"'patient', btrim(p.first_name || ' ' || p.last_name), "
	"'phone', p.phone, 'treatment', t.name, 'practitioner', "
	"nullif(btrim(concat_ws(' ', nullif(btrim(pr.title), ''), "
	"pr.first_name, pr.last_name)), ''), 'earliest', w.earliest, "
	"'latest', w.latest, 'part', w.part_of_day, 'status', w.status, "
	"'live', w.status IN "
	"('waiting', 'offered'), 'offers', (SELECT count(*) FROM "
	"waitlist_offers o WHERE o.entry_id = w.id), 'createdLocal', "
	"to_char(w.created_at AT TIME ZONE cl.timezone, 'DD/MM/YYYY HH24:MI'))"
	" ORDER BY w.status NOT IN ('waiting', 'offered'), w.created_at, "
	"w.id), '[]') FROM (SELECT * FROM waitlist WHERE clinic_id = cl.id "
	"ORDER BY status NOT IN ('waiting', 'offered'), created_at DESC "
	"LIMIT 200) w JOIN patients p ON p.id = w.patient_id AND "
	"p.clinic_id = w.clinic_id JOIN treatment_types t ON t.id = "
	"w.treatment_type_id AND t.clinic_id = w.clinic_id LEFT JOIN "
	"practitioners pr ON pr.id = w.practitioner_id AND pr.clinic_id = "
	"w.clinic_id), "
	"'patients', (SELECT coalesce(json_agg(json_build_object('id', id, "
	"'name', btrim(first_name || ' ' || last_name) || ' (' || phone || "
	"')') ORDER BY last_name, first_name, id), '[]') FROM (SELECT * FROM "
	"patients WHERE clinic_id = cl.id ORDER BY last_name, first_name, id "
	"LIMIT 500) x), "
	"'treatments', (SELECT coalesce(json_agg(json_build_object('id', id, "
	"'name', name) ORDER BY name, id), '[]') FROM treatment_types WHERE "
	"clinic_id = cl.id AND is_active), "
	"'practitioners', (SELECT coalesce(json_agg(json_build_object('id', "
	"id, 'name', concat_ws(' ', nullif(btrim(title), ''), first_name, "
	"last_name)) ORDER BY display_order, id), '[]') FROM practitioners "
	"WHERE clinic_id = cl.id AND is_active)) "
	"FROM clinics cl WHERE cl.id = $1::uuid", 1 };

/* A new entry of clinic $1 (its patient, treatment and practitioner of
 * that clinic), or the live one of that patient and treatment. */
static const struct db_stmt st_add = { "wl_admin_add",
	"INSERT INTO waitlist (clinic_id, patient_id, treatment_type_id, "
	"practitioner_id, earliest, latest, part_of_day, language) "
	"SELECT $1::uuid, p.id, $3::uuid, $4::uuid, $5::date, $6::date, $7, "
	"coalesce(p.language, cl.language, 'fr') FROM patients p JOIN "
	"clinics cl ON cl.id = p.clinic_id WHERE p.clinic_id = $1::uuid "
	"AND p.id = $2::uuid "
	"ON CONFLICT (clinic_id, patient_id, treatment_type_id) WHERE "
	"status IN ('waiting', 'offered') DO UPDATE SET earliest = "
	"excluded.earliest, latest = excluded.latest, practitioner_id = "
	"excluded.practitioner_id, part_of_day = excluded.part_of_day, "
	"updated_at = now() RETURNING id, patient_id", 7 };

/* Live entry $2 of clinic $1: its practitioner ($3, NULL anyone; the
 * clinic's by foreign key), window and part of the day. */
static const struct db_stmt st_edit = { "wl_admin_edit",
	"UPDATE waitlist SET practitioner_id = $3::uuid, earliest = $4::date, "
	"latest = $5::date, part_of_day = $6, updated_at = now() WHERE "
	"clinic_id = $1::uuid AND id = $2::uuid AND status IN ('waiting', "
	"'offered') RETURNING id, patient_id", 6 };

/* Entry $2 of clinic $1 off the list; its pending offer declined and
 * its slot offered to the next ones (a job the worker polls). */
static const struct db_stmt st_remove = { "wl_admin_remove",
	"WITH w AS (UPDATE waitlist SET status = 'cancelled', updated_at = "
	"now() WHERE clinic_id = $1::uuid AND id = $2::uuid AND status IN "
	"('waiting', 'offered') RETURNING id, patient_id), "
	"o AS (UPDATE waitlist_offers x SET status = 'declined', "
	"answered_at = now(), told_at = now() FROM w WHERE x.entry_id = w.id "
	"AND x.status = 'offered' RETURNING x.*), "
	"j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload) "
	"SELECT 'waitlist_offer', o.clinic_id, 'waitlist:' || o.clinic_id, "
	"jsonb_build_object('practitioner_id', o.practitioner_id, "
	"'treatment_type_id', o.treatment_type_id, 'starts_at', "
	"extract(epoch FROM o.starts_at)::bigint, 'ends_at', "
	"extract(epoch FROM o.ends_at)::bigint) FROM o RETURNING id) "
	"SELECT id, patient_id, (SELECT count(*) FROM j) FROM w", 2 };

/* One change: its statement, parameters, action, and what it did. */
struct wl_change {
	struct req		*r;
	const struct db_stmt	*st;
	const char		*p[7];
	const char		*action;
	char			 id[37];
	int			 http;
};

void
admin_waitlist(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	json_object	*o;
	int		 code;

	if ((o = page_query(ctx, &st_list, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/waitlist", "title.waitlist", o, 1);
	json_object_put(o);
}

/* The change and its audit row, all or nothing. */
static int
wl_change_tx(struct db *db, void *arg)
{
	struct wl_change	*c = arg;
	char			 patient[37];
	PGresult		*res;

	res = db_exec(db, c->st, c->p);
	if (!db_ok(res)) {
		c->http = page_db_status(res);
		PQclear(res);
		return -1;
	}
	if (PQntuples(res) != 1) {
		c->http = 404;
		PQclear(res);
		return -1;
	}
	snprintf(c->id, sizeof(c->id), "%s", PQgetvalue(res, 0, 0));
	snprintf(patient, sizeof(patient), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (auth_audit(req_ctx(c->r), c->r, auth_current(c->r), c->p[0],
	    c->action, "waitlist", c->id, patient) != 0) {
		c->http = 503;
		return -1;
	}
	return 0;
}

/* Run the change; back to the list (browsers) or {"id"} (API). */
static void
wl_run(struct wl_change *c)
{
	struct app_ctx	*ctx = req_ctx(c->r);
	json_object	*o;
	struct buf	 loc;
	int		 rc;

	c->http = 500;
	rc = db_tx(ctx->db, wl_change_tx, c);
	if (rc != 0) {
		page_fail(c->r, page_tx_status(rc, c->http));
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(c->id));
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/waitlist", c->p[0]);
	page_done(c->r, 200, buf_str(&loc), o);
	buf_free(&loc);
	json_object_put(o);
}

void
admin_waitlist_add(struct req *r)
{
	struct wl_change	 c;
	const char		*pr, *part;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.st = &st_add;
	c.action = "waitlist.add";
	c.p[0] = req_param(r, "clinicId");
	c.p[1] = page_in(r, "patientId");
	c.p[2] = page_in(r, "treatmentId");
	pr = page_in(r, "practitionerId");
	c.p[3] = pr != NULL && *pr != '\0' ? pr : NULL;
	c.p[4] = page_in(r, "earliest");
	c.p[5] = page_in(r, "latest");
	part = page_in(r, "partOfDay");
	c.p[6] = part != NULL && (strcmp(part, "morning") == 0 ||
	    strcmp(part, "afternoon") == 0) ? part : NULL;
	if (c.p[1] == NULL || !page_is_uuid(c.p[1]) || c.p[2] == NULL ||
	    !page_is_uuid(c.p[2]) || (c.p[3] != NULL &&
	    !page_is_uuid(c.p[3])) || c.p[4] == NULL ||
	    !page_is_date(c.p[4]) || c.p[5] == NULL ||
	    !page_is_date(c.p[5]) || strcmp(c.p[4], c.p[5]) > 0 ||
	    (part != NULL && *part != '\0' && c.p[6] == NULL)) {
		page_invalid(r, 422, "patientId, treatmentId, practitionerId "
		    "(optional), earliest <= latest (YYYY-MM-DD), partOfDay "
		    "(optional: morning, afternoon)", "field.waitlist");
		return;
	}
	wl_run(&c);
}

/*
 * The window fields of the form from p[first] on: practitioner (optional),
 * earliest, latest, part of the day (optional).  Returns 0, or -1 after
 * answering 422.
 */
static int
wl_window(struct req *r, const char **p)
{
	const char	*pr, *part;

	pr = page_in(r, "practitionerId");
	p[0] = pr != NULL && *pr != '\0' ? pr : NULL;
	p[1] = page_in(r, "earliest");
	p[2] = page_in(r, "latest");
	part = page_in(r, "partOfDay");
	p[3] = part != NULL && (strcmp(part, "morning") == 0 ||
	    strcmp(part, "afternoon") == 0) ? part : NULL;
	if ((p[0] != NULL && !page_is_uuid(p[0])) || p[1] == NULL ||
	    !page_is_date(p[1]) || p[2] == NULL || !page_is_date(p[2]) ||
	    strcmp(p[1], p[2]) > 0 ||
	    (part != NULL && *part != '\0' && p[3] == NULL)) {
		page_invalid(r, 422, "practitionerId (optional), earliest <= "
		    "latest (YYYY-MM-DD), partOfDay (optional: morning, "
		    "afternoon)", "field.waitlist");
		return -1;
	}
	return 0;
}

/* POST .../waitlist/{entryId}: a live entry's practitioner and window. */
void
admin_waitlist_edit(struct req *r)
{
	struct wl_change	 c;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.st = &st_edit;
	c.action = "waitlist.edit";
	c.p[0] = req_param(r, "clinicId");
	c.p[1] = req_param(r, "entryId");
	if (!page_is_uuid(c.p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if (wl_window(r, &c.p[2]) != 0)
		return;
	wl_run(&c);
}

void
admin_waitlist_remove(struct req *r)
{
	struct wl_change	 c;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.st = &st_remove;
	c.action = "waitlist.remove";
	c.p[0] = req_param(r, "clinicId");
	c.p[1] = req_param(r, "entryId");
	if (!page_is_uuid(c.p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	wl_run(&c);
}
