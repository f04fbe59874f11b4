/*
 * alert_admin — the staff alerts in the clinic admin: the list with its
 * unseen count (the JSON the counter's script polls), "seen" for one
 * alert or all of them, and the counter's script itself.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "alert.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "page.h"

#define ALERT_LIST_MAX	"100"	/* alerts listed: unseen first, newest */

/* The unseen count and the latest alerts of clinic $1. */
static const struct db_stmt st_list = { "alert_admin_list",
	"SELECT json_build_object('count', (SELECT count(*) FROM "
	"staff_alerts WHERE clinic_id = cl.id AND seen_at IS NULL), "
	"'items', (SELECT coalesce(json_agg(json_build_object('id', a.id, "
	"'kind', a.kind, 'label', CASE a.kind WHEN 'handoff' THEN "
	"'Conversation à reprendre' WHEN 'emergency' THEN 'Urgence' ELSE "
	"'Photo ou document en urgence' END, 'conversationId', "
	"a.conversation_id, 'patientName', nullif(btrim(coalesce("
	"p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''), "
	"'createdAt', a.created_at, 'createdLocal', to_char(a.created_at AT "
	"TIME ZONE cl.timezone, 'DD/MM/YYYY HH24:MI'), 'seen', a.seen_at IS "
	"NOT NULL, 'emailSent', a.email_sent_at IS NOT NULL) ORDER BY "
	"a.seen_at IS NOT NULL, a.created_at DESC, a.id DESC), '[]') FROM "
	"(SELECT * FROM staff_alerts WHERE clinic_id = cl.id ORDER BY "
	"seen_at IS NOT NULL, created_at DESC, id DESC LIMIT " ALERT_LIST_MAX
	") a JOIN conversations c ON c.id = a.conversation_id AND "
	"c.clinic_id = a.clinic_id LEFT JOIN patients p ON p.id = "
	"c.patient_id AND p.clinic_id = c.clinic_id)) "
	"FROM clinics cl WHERE cl.id = $1::uuid", 1 };

/* Every unseen alert of clinic $1 seen by user $2. */
static const struct db_stmt st_seen_all = { "alert_admin_seen_all",
	"WITH s AS (UPDATE staff_alerts SET seen_at = now(), seen_by = "
	"$2::uuid WHERE clinic_id = $1::uuid AND seen_at IS NULL RETURNING 1) "
	"SELECT json_build_object('seen', (SELECT count(*) FROM s))", 2 };

/* Alert $2 of clinic $1 seen by user $3 (seen already: kept as it was). */
static const struct db_stmt st_seen_one = { "alert_admin_seen_one",
	"UPDATE staff_alerts SET seen_at = coalesce(seen_at, now()), "
	"seen_by = coalesce(seen_by, $3::uuid) WHERE clinic_id = $1::uuid "
	"AND id = $2::uuid RETURNING json_build_object('id', id)", 3 };

/*
 * The counter's script: every 20 s (and when the tab comes back), the
 * unseen count from the alerts route, written into the nav's badge.  No
 * JavaScript: the count of the page as it was served stays.
 */
static const char alerts_js[] =
	"(function () {\n"
	"  'use strict';\n"
	"  var el = document.querySelector('[data-alerts-url]');\n"
	"  if (!el || !window.fetch) { return; }\n"
	"  var url = el.getAttribute('data-alerts-url');\n"
	"  function show(n) {\n"
	"    var c = el.querySelector('.alerts-count');\n"
	"    if (c) { c.textContent = String(n); }\n"
	"    el.classList.toggle('alerts-on', n > 0);\n"
	"  }\n"
	"  function poll() {\n"
	"    fetch(url, { headers: { 'Accept': 'application/json' },\n"
	"      credentials: 'same-origin', cache: 'no-store' })\n"
	"      .then(function (r) { return r.ok ? r.json() : null; })\n"
	"      .then(function (o) {\n"
	"        if (o && typeof o.count === 'number') { show(o.count); }\n"
	"      })\n"
	"      .catch(function () {});\n"
	"  }\n"
	"  setInterval(poll, 20000);\n"
	"  document.addEventListener('visibilitychange', function () {\n"
	"    if (!document.hidden) { poll(); }\n"
	"  });\n"
	"})();\n";

void
admin_alerts_script(struct req *r)
{
	resp_header(r, "Cache-Control", "public, max-age=3600");
	resp_body(r, 200, "text/javascript; charset=utf-8", alerts_js,
	    sizeof(alerts_js) - 1);
}

void
admin_alerts(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	json_object	*o;
	int		 code;

	if ((o = page_query(ctx, &st_list, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/alerts", "title.alerts", o, 1);
	json_object_put(o);
}

/* Back to the alerts page, or o for API clients. */
static void
alerts_done(struct req *r, json_object *o)
{
	struct buf	 loc;

	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/alerts", req_param(r, "clinicId"));
	page_done(r, 200, buf_str(&loc), o);
	buf_free(&loc);
}

/* The signed-in user's id when it is a uuid, else NULL. */
static const char *
alerts_user(struct req *r)
{
	const struct auth_user	*u = auth_current(r);

	return u != NULL && page_is_uuid(u->user_id) ? u->user_id : NULL;
}

void
admin_alerts_seen(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2] = { req_param(r, "clinicId"), alerts_user(r) };
	json_object	*o;
	int		 code;

	if ((o = page_query(ctx, &st_seen_all, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	alerts_done(r, o);
	json_object_put(o);
}

void
admin_alert_seen(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[3] = { req_param(r, "clinicId"),
			    req_param(r, "alertId"), alerts_user(r) };
	json_object	*o;
	int		 code;

	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((o = page_query(ctx, &st_seen_one, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	alerts_done(r, o);
	json_object_put(o);
}
