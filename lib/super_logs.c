/*
 * super_logs — system_logs of every clinic and of the installation
 * (clinic_id NULL), newest first, keyset pages on the identity column,
 * filtered by least level, clinic and category; beside it the latest
 * actions of the audit log.  People are named, never shown as ids, and
 * every time is the clinic's, with its zone named.
 */
#include <string.h>

#include "app.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "super.h"
#include "super_int.h"

/* $1 before id, $2 least level, $3 clinic, $4 category. */
static const struct db_stmt st_list = { "super_logs_list",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(json_build_object('id', l.id, 'clinicId', "
	"l.clinic_id, 'clinic', cl.name, 'level', l.level, 'category', "
	"l.category, 'event', l.event, 'message', l.message, "
	"'conversationId', l.conversation_id, 'patient', "
	"nullif(concat_ws(' ', p.first_name, p.last_name), ''), "
	"'timezone', coalesce(cl.timezone, 'UTC'), "
	"'createdAt', l.created_at, "
	"'createdLocal', to_char(l.created_at AT TIME ZONE "
	"coalesce(cl.timezone, 'UTC'), 'YYYY-MM-DD HH24:MI:SS')) "
	"ORDER BY l.id DESC), '[]') "
	"FROM (SELECT * FROM system_logs WHERE ($1::bigint IS NULL OR "
	"id < $1::bigint) AND array_position(ARRAY['DEBUG', 'INFO', 'WARN', "
	"'ERROR'], level) >= coalesce(array_position(ARRAY['DEBUG', 'INFO', "
	"'WARN', 'ERROR'], $2::text), 1) AND ($3::uuid IS NULL OR "
	"clinic_id = $3::uuid) AND ($4::text IS NULL OR category = $4) "
	"ORDER BY id DESC LIMIT 51) l LEFT JOIN clinics cl ON "
	"cl.id = l.clinic_id LEFT JOIN conversations c ON "
	"c.id = l.conversation_id AND c.clinic_id = l.clinic_id "
	"LEFT JOIN patients p ON p.id = c.patient_id AND "
	"p.clinic_id = l.clinic_id", 4 };

/*
 * $1 clinic or NULL (every clinic): the latest audit_log actions (at
 * most 50) with the user who acted, the patient and the practitioner
 * concerned (of the appointment it names, or the practitioner itself)
 * by name, and the time in the clinic's zone, named.
 */
static const struct db_stmt st_actions = { "super_logs_actions",
	"SELECT coalesce(json_agg(json_build_object('id', x.id, 'clinicId', "
	"x.clinic_id, 'clinic', cl.name, 'action', x.action, 'role', "
	"x.actor_role, 'user', coalesce(u.name, u.email), 'patient', "
	"nullif(concat_ws(' ', p.first_name, p.last_name), ''), "
	"'practitioner', nullif(concat_ws(' ', pr.first_name, pr.last_name), "
	"''), 'timezone', coalesce(cl.timezone, 'UTC'), 'createdLocal', "
	"to_char(x.created_at AT TIME ZONE coalesce(cl.timezone, 'UTC'), "
	"'YYYY-MM-DD HH24:MI:SS')) ORDER BY x.id DESC), '[]') "
	"FROM (SELECT *, CASE WHEN entity_id ~ "
	"'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' "
	"THEN entity_id::uuid END AS eid FROM audit_log WHERE "
	"($1::uuid IS NULL OR clinic_id = $1::uuid) "
	"ORDER BY id DESC LIMIT 50) x "
	"LEFT JOIN clinics cl ON cl.id = x.clinic_id "
	"LEFT JOIN clinic_users u ON u.id = x.actor_user_id "
	"LEFT JOIN patients p ON p.id = x.patient_id AND "
	"p.clinic_id = x.clinic_id "
	"LEFT JOIN appointments a ON x.entity = 'appointment' AND "
	"a.id = x.eid AND a.clinic_id = x.clinic_id "
	"LEFT JOIN practitioners pr ON pr.clinic_id = x.clinic_id AND "
	"pr.id = CASE WHEN x.entity = 'practitioner' THEN x.eid ELSE "
	"a.practitioner_id END", 1 };

/* Is s one of the four levels? */
static int
level_ok(const char *s)
{
	return strcmp(s, "DEBUG") == 0 || strcmp(s, "INFO") == 0 ||
	    strcmp(s, "WARN") == 0 || strcmp(s, "ERROR") == 0;
}

void
super_logs(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[4];
	json_object	*o, *f, *a;
	long		 n;
	int		 code;

	p[0] = super_q(r, "before_id");
	p[1] = super_q(r, "level");
	p[3] = super_q(r, "category");
	if ((p[0] != NULL && page_int(p[0], 1, 0x7fffffffffffffffL, &n)) ||
	    (p[1] != NULL && !level_ok(p[1])) ||
	    super_clinic_filter(r, &p[2]) != 0 ||
	    (p[3] != NULL && (strlen(p[3]) > 64 || strspn(p[3],
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_") != strlen(p[3])))) {
		page_invalid(r, 400, "level: DEBUG, INFO, WARN or ERROR; "
		    "clinic: a uuid; category: a word; before_id: a number",
		    "field.super.logs.filter");
		return;
	}
	if ((o = page_list(ctx, &st_list, p, "id", &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if ((a = page_query(ctx, &st_actions, &p[2], &code)) == NULL) {
		json_object_put(o);
		page_fail(r, code);
		return;
	}
	json_object_object_add(o, "actions", a);
	f = json_object_new_object();
	super_add_str(f, "level", p[1]);
	super_add_str(f, "clinic", p[2]);
	super_add_str(f, "category", p[3]);
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "superadmin/logs", "title.super.logs", o, 1);
	json_object_put(o);
}
