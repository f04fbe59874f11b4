/*
 * privacy_admin — the patient page's export and erasure (issue 21, item
 * 4).  POST .../patients/{id}/export answers the archive as a download;
 * GET .../patients/{id}/erase is the confirmation page and POST erases
 * only with its "confirm" field.  The routes are signed in, CSRF checked
 * and clinic checked by auth_before (fcgi-bin/admin.c); every query here
 * filters by the clinic of the path as well.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "page.h"
#include "privacy.h"

/* What the confirmation page shows; NULL row: not this clinic's. */
static const struct db_stmt st_summary = { "privacy_summary",
	"SELECT json_build_object('id', p.id, 'firstName', p.first_name, "
	"'lastName', p.last_name, 'phone', p.phone, 'appointments', "
	"(SELECT count(*) FROM appointments a WHERE a.clinic_id = "
	"p.clinic_id AND a.patient_id = p.id), 'conversations', (SELECT "
	"count(*) FROM conversations c WHERE c.clinic_id = p.clinic_id AND "
	"c.patient_id = p.id)) FROM patients p WHERE p.clinic_id = $1::uuid "
	"AND p.id = $2::uuid", 2 };

/* The caller as the journal names them. */
static void
privacy_actor_of(struct req *r, struct privacy_actor *a)
{
	const struct auth_user	*u = auth_current(r);
	const char		*ip = req_env(r, "REMOTE_ADDR");

	a->user_id = u != NULL ? u->user_id : NULL;
	a->role = u != NULL ? u->role : NULL;
	a->ip = ip != NULL && *ip != '\0' && strlen(ip) <= 45 &&
	    strspn(ip, "0123456789abcdefABCDEF.:") == strlen(ip) ? ip : NULL;
}

/* The patient of the path, or NULL after answering 404/5xx. */
static json_object *
privacy_patient(struct req *r, const char *p[2])
{
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "patientId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return NULL;
	}
	if ((o = page_query(req_ctx(r), &st_summary, p, &code)) == NULL)
		page_fail(r, code);
	return o;
}

void
admin_patient_export(struct req *r)
{
	struct privacy_actor	 a;
	struct buf		 out;
	const char		*p[2];
	char			 disp[96];
	json_object		*o;
	enum privacy_err	 e;

	if ((o = privacy_patient(r, p)) == NULL)
		return;
	json_object_put(o);
	privacy_actor_of(r, &a);
	buf_init(&out, PRIVACY_EXPORT_MAX);
	if ((e = privacy_export(req_ctx(r), p[0], p[1], &a, &out)) !=
	    PRIVACY_OK) {
		buf_free(&out);
		log_error("privacy", "EXPORT_FAILED", p[0], "patient %s: %s",
		    p[1], privacy_strerror(e));
		page_error(r, e == PRIVACY_TOOBIG ? 413 : 503,
		    privacy_strerror(e), "privacy.failed");
		return;
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"patient-%.36s"
	    ".tar\"", p[1]);
	resp_nostore(r);
	resp_header(r, "Content-Disposition", disp);
	resp_body(r, 200, "application/x-tar", out.p, out.len);
	buf_free(&out);
}

void
admin_patient_erase_form(struct req *r)
{
	const char	*p[2];
	json_object	*o;

	if ((o = privacy_patient(r, p)) == NULL)
		return;
	page_send(r, 200, "admin/patient_erase", "privacy.erase.title", o, 1);
	json_object_put(o);
}

void
admin_patient_erase(struct req *r)
{
	struct privacy_actor	 a;
	struct buf		 loc;
	const char		*p[2], *c;
	json_object		*o;
	enum privacy_err	 e;
	int			 files = 0;

	if ((o = privacy_patient(r, p)) == NULL)
		return;
	json_object_put(o);
	buf_init(&loc, 200);
	c = page_in(r, "confirm");
	if (c == NULL || strcmp(c, "1") != 0) {
		/* Nothing erased without the confirmation page's yes. */
		buf_printf(&loc, "/clinic/%s/admin/patients/%s/erase", p[0],
		    p[1]);
		if (req_wants_json(r))
			page_invalid(r, 422, "confirm: must be 1",
			    "privacy.confirm");
		else
			page_redirect(r, buf_str(&loc));
		buf_free(&loc);
		return;
	}
	privacy_actor_of(r, &a);
	if ((e = privacy_erase(req_ctx(r), p[0], p[1], &a, &files)) !=
	    PRIVACY_OK) {
		buf_free(&loc);
		page_error(r, 503, privacy_strerror(e), "privacy.failed");
		return;
	}
	admin_dashboard_forget(p[0]);
	buf_printf(&loc, "/clinic/%s/admin/patients/%s", p[0], p[1]);
	page_done(r, 200, buf_str(&loc), NULL);
	buf_free(&loc);
}

/* The clinic's retention setting, for its page. */
static const struct db_stmt st_ret_get = { "privacy_retention_get",
	"SELECT json_build_object('retentionMonths', retention_months) "
	"FROM clinics WHERE id = $1::uuid", 1 };

/* Set it ($2 NULL: off). */
static const struct db_stmt st_ret_set = { "privacy_retention_set",
	"UPDATE clinics SET retention_months = $2::int WHERE id = $1::uuid",
	2 };

void
admin_retention(struct req *r)
{
	const char	*p[1] = { req_param(r, "clinicId") };
	json_object	*o;
	int		 code;

	if ((o = page_query(req_ctx(r), &st_ret_get, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/retention", "privacy.retention.title", o, 0);
	json_object_put(o);
}

/*
 * "retention_months"/"retentionMonths": 1 to 240, or empty for off; the
 * change is journaled (settings.retention) in its transaction.
 */
void
admin_retention_update(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct buf	 loc;
	const char	*p[2], *v = page_in(r, "retention_months");
	long		 m;

	if (v == NULL)
		v = page_in(r, "retentionMonths");
	p[0] = req_param(r, "clinicId");
	p[1] = v != NULL && *v != '\0' ? v : NULL;
	if (p[1] != NULL && page_int(p[1], 1, 240, &m) != 0) {
		page_invalid(r, 422, "retentionMonths: 1 to 240, or empty",
		    "privacy.retention.field");
		return;
	}
	if (db_command(ctx->db, "BEGIN") != DB_OK ||
	    db_do(ctx->db, &st_ret_set, p) != DB_OK ||
	    auth_audit(ctx, r, auth_current(r), p[0], "settings.retention",
	    "clinic", p[0], NULL) != 0 ||
	    db_command(ctx->db, "COMMIT") != DB_OK) {
		db_command(ctx->db, "ROLLBACK");
		page_error(r, 503, "database unavailable", "privacy.failed");
		return;
	}
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/settings/retention", p[0]);
	page_done(r, 200, buf_str(&loc), NULL);
	buf_free(&loc);
}

/* Patient $2 of clinic $1 may be written to again (its STOP cleared). */
static const struct db_stmt st_optin = { "privacy_optin",
	"UPDATE patients SET opted_out_at = NULL, updated_at = now() WHERE "
	"clinic_id = $1::uuid AND id = $2::uuid AND opted_out_at IS NOT NULL "
	"RETURNING id", 2 };

/* The clearing and its journal, at once. */
struct optin {
	struct req	*r;
	const char	*p[2];
	int		 cleared;
};

static int
optin_tx(struct db *db, void *arg)
{
	struct optin	*o = arg;
	PGresult	*res;

	res = db_exec(db, &st_optin, o->p);
	if (!db_ok(res)) {
		PQclear(res);
		return -1;
	}
	o->cleared = PQntuples(res) == 1;
	PQclear(res);
	if (o->cleared && auth_audit(req_ctx(o->r), o->r,
	    auth_current(o->r), o->p[0], "patient.optin", "patient", o->p[1],
	    o->p[1]) != 0)
		return -1;
	return 0;
}

/*
 * POST .../patients/{id}/optin: staff clear the patient's opt-out (a
 * STOP they sent), so reminders, no-show messages and waitlist offers
 * reach them again; journaled patient.optin.  A patient who was not
 * opted out is left as is.  Back to the patient page.
 */
void
admin_patient_optin(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct optin	 o;
	struct buf	 loc;
	json_object	*s;
	int		 rc;

	memset(&o, 0, sizeof(o));
	o.r = r;
	if ((s = privacy_patient(r, o.p)) == NULL)
		return;
	json_object_put(s);
	if ((rc = db_tx(ctx->db, optin_tx, &o)) != 0) {
		page_fail(r, page_tx_status(rc, 503));
		return;
	}
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/patients/%s", o.p[0], o.p[1]);
	page_done(r, 200, buf_str(&loc), NULL);
	buf_free(&loc);
}
