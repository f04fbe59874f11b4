/*
 * admin_logs — the clinic's system log (system_logs rows of the clinic),
 * newest first, keyset pages on the identity column, filtered by least
 * level and category; beside it the latest actions of the audit log.
 * People are named (the patient of a line's conversation; an action's
 * user, patient and practitioner), never shown as ids.
 */
#include <string.h>

#include "admin.h"
#include "app.h"
#include "db.h"
#include "http.h"
#include "page.h"

/* $1 clinic, $2 before id, $3 least level, $4 category. */
static const struct db_stmt st_list = { "admin_logs_list",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(json_build_object('id', l.id, 'level', "
	"l.level, 'category', l.category, 'event', l.event, 'message', "
	"l.message, 'conversationId', l.conversation_id, 'patient', "
	"nullif(concat_ws(' ', p.first_name, p.last_name), ''), 'createdAt', "
	"l.created_at, 'createdLocal', to_char(l.created_at AT TIME ZONE "
	"cl.timezone, 'YYYY-MM-DD HH24:MI:SS')) ORDER BY l.id DESC), '[]') "
	"FROM (SELECT * FROM system_logs WHERE clinic_id = $1::uuid AND "
	"($2::bigint IS NULL OR id < $2::bigint) AND array_position("
	"ARRAY['DEBUG', 'INFO', 'WARN', 'ERROR'], level) >= "
	"coalesce(array_position(ARRAY['DEBUG', 'INFO', 'WARN', 'ERROR'], "
	"$3::text), 1) AND ($4::text IS NULL OR category = $4) "
	"ORDER BY id DESC LIMIT 51) l JOIN clinics cl ON cl.id = l.clinic_id "
	"LEFT JOIN conversations c ON c.id = l.conversation_id AND "
	"c.clinic_id = l.clinic_id LEFT JOIN patients p ON p.id = "
	"c.patient_id AND p.clinic_id = l.clinic_id", 4 };

/*
 * $1 clinic: its latest audit_log actions (at most 50), each with the
 * user who acted, the patient and the practitioner concerned (of the
 * appointment it names, or the practitioner itself) by name.
 */
static const struct db_stmt st_actions = { "admin_logs_actions",
	"SELECT coalesce(json_agg(json_build_object('id', x.id, 'action', "
	"x.action, 'role', x.actor_role, 'user', coalesce(u.name, u.email), "
	"'patient', nullif(concat_ws(' ', p.first_name, p.last_name), ''), "
	"'practitioner', nullif(concat_ws(' ', pr.first_name, pr.last_name), "
	"''), 'createdLocal', to_char(x.created_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI:SS')) ORDER BY x.created_at DESC, x.id DESC), "
	"'[]') FROM (SELECT *, CASE WHEN entity_id ~ "
	"'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' "
	"THEN entity_id::uuid END AS eid FROM audit_log WHERE clinic_id = "
	"$1::uuid ORDER BY created_at DESC, id DESC LIMIT 50) x "
	"JOIN clinics cl ON cl.id = x.clinic_id "
	"LEFT JOIN clinic_users u ON u.id = x.actor_user_id "
	"LEFT JOIN patients p ON p.id = x.patient_id AND "
	"p.clinic_id = x.clinic_id "
	"LEFT JOIN appointments a ON x.entity = 'appointment' AND "
	"a.id = x.eid AND a.clinic_id = x.clinic_id "
	"LEFT JOIN practitioners pr ON pr.clinic_id = x.clinic_id AND "
	"pr.id = CASE WHEN x.entity = 'practitioner' THEN x.eid ELSE "
	"a.practitioner_id END", 1 };

void
admin_logs(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[4];
	json_object	*o, *f, *a;
	long		 n;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = req_query(r, "before_id");
	p[2] = req_query(r, "level");
	p[3] = req_query(r, "category");
	if (p[1] != NULL && *p[1] == '\0')
		p[1] = NULL;
	if (p[2] != NULL && *p[2] == '\0')
		p[2] = NULL;
	if (p[3] != NULL && *p[3] == '\0')
		p[3] = NULL;
	if ((p[1] != NULL && page_int(p[1], 1, 0x7fffffffffffffffL, &n)) ||
	    (p[2] != NULL && strcmp(p[2], "DEBUG") != 0 &&
	    strcmp(p[2], "INFO") != 0 && strcmp(p[2], "WARN") != 0 &&
	    strcmp(p[2], "ERROR") != 0) ||
	    (p[3] != NULL && (!page_is_text(p[3], 64) ||
	    strspn(p[3], "abcdefghijklmnopqrstuvwxyz0123456789_") !=
	    strlen(p[3])))) {
		page_invalid(r, 400, "level: DEBUG, INFO, WARN or ERROR; "
		    "category: a word; before_id: a number",
		    "field.logs.filter");
		return;
	}
	if ((o = page_list(ctx, &st_list, p, "id", &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if ((a = page_query(ctx, &st_actions, p, &code)) == NULL) {
		json_object_put(o);
		page_fail(r, code);
		return;
	}
	json_object_object_add(o, "actions", a);
	f = json_object_new_object();
	json_object_object_add(f, "level", json_object_new_string(p[2] ?
	    p[2] : ""));
	json_object_object_add(f, "category", json_object_new_string(p[3] ?
	    p[3] : ""));
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "admin/logs", "title.logs", o, 1);
	json_object_put(o);
}
