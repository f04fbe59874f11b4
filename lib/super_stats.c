/*
 * super_stats — figures across every clinic: per clinic (messages in the
 * last 24 h and 7 days, appointments of the last and next 7 days, new
 * patients, conversations waiting for staff, errors logged) and their
 * sums.  Every count is a range over an index led by clinic_id, the
 * patients of each clinic included (the planner's estimate,
 * pg_class.reltuples, is -1 or 0 until the table is first analysed: the
 * page showed 0 patients); the other table volumes are estimates, never
 * a count over a whole table.
 */
#include <stdio.h>

#include "app.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "super.h"

#define STATS_CLINICS_MAX	"500"	/* clinics listed on the page */

/* $1 now (UTC seconds, so SOPHIE_FAKE_NOW applies). */
static const struct db_stmt st_stats = { "super_stats",
	"WITH b AS (SELECT to_timestamp($1::float8) AS now), "
	"per AS (SELECT cl.id, cl.name, cl.is_active AS \"isActive\", "
	"(SELECT count(*) FROM messages m WHERE m.clinic_id = cl.id AND "
	"m.created_at >= b.now - interval '24 hours' AND m.created_at < "
	"b.now) AS \"messages24h\", "
	"(SELECT count(*) FROM messages m WHERE m.clinic_id = cl.id AND "
	"m.created_at >= b.now - interval '7 days' AND m.created_at < "
	"b.now) AS \"messages7d\", "
	"(SELECT count(*) FROM appointments a WHERE a.clinic_id = cl.id AND "
	"a.status <> 'cancelled' AND a.starts_at >= b.now - interval "
	"'7 days' AND a.starts_at < b.now) AS \"appointmentsPast7d\", "
	"(SELECT count(*) FROM appointments a WHERE a.clinic_id = cl.id AND "
	"a.status = 'booked' AND a.starts_at >= b.now AND a.starts_at < "
	"b.now + interval '7 days') AS \"appointmentsNext7d\", "
	"(SELECT count(*) FROM patients p WHERE p.clinic_id = cl.id AND "
	"p.created_at >= b.now - interval '7 days') AS \"newPatients7d\", "
	"(SELECT count(*) FROM patients p WHERE p.clinic_id = cl.id) "
	"AS \"patients\", "
	"(SELECT count(*) FROM conversations c WHERE c.clinic_id = cl.id AND "
	"c.status <> 'closed' AND (c.needs_staff OR c.status = 'handoff')) "
	"AS \"waitingForStaff\", "
	"(SELECT count(*) FROM system_logs l WHERE l.clinic_id = cl.id AND "
	"l.created_at >= b.now - interval '24 hours' AND l.level = 'ERROR') "
	"AS \"errors24h\" "
	"FROM clinics cl, b ORDER BY cl.is_active DESC, cl.name, cl.id "
	"LIMIT " STATS_CLINICS_MAX ") "
	"SELECT json_build_object('now', b.now, "
	"'clinics', json_build_object('total', (SELECT count(*) FROM "
	"clinics), 'active', (SELECT count(*) FROM clinics WHERE "
	"is_active)), "
	"'practitioners', (SELECT count(*) FROM practitioners WHERE "
	"is_active), "
	"'totals', (SELECT json_build_object('messages24h', "
	"coalesce(sum(\"messages24h\"), 0), 'messages7d', "
	"coalesce(sum(\"messages7d\"), 0), 'appointmentsPast7d', "
	"coalesce(sum(\"appointmentsPast7d\"), 0), 'appointmentsNext7d', "
	"coalesce(sum(\"appointmentsNext7d\"), 0), 'newPatients7d', "
	"coalesce(sum(\"newPatients7d\"), 0), 'patients', "
	"coalesce(sum(\"patients\"), 0), 'waitingForStaff', "
	"coalesce(sum(\"waitingForStaff\"), 0)) FROM per), "
	"'errors24h', (SELECT count(*) FROM system_logs WHERE level = "
	"'ERROR' AND created_at >= b.now - interval '24 hours'), "
	"'jobs', json_build_object('queued', (SELECT count(*) FROM jobs "
	"WHERE status = 'queued'), 'failed24h', (SELECT count(*) FROM jobs "
	"WHERE status = 'failed' AND finished_at >= b.now - interval "
	"'24 hours')), "
	"'estimated', (SELECT json_object_agg(c.relname, "
	"greatest(c.reltuples, 0)::bigint) FROM pg_class c WHERE c.oid IN "
	"('patients'::regclass, 'messages'::regclass, "
	"'appointments'::regclass, 'conversations'::regclass)), "
	"'perClinic', (SELECT coalesce(json_agg(per ORDER BY "
	"per.\"isActive\" DESC, per.name, per.id), '[]') FROM per)) "
	"FROM b", 1 };

void
super_stats(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1];
	char		 now[24];
	json_object	*o;
	int		 code;

	snprintf(now, sizeof(now), "%lld", (long long)config_now());
	p[0] = now;
	if ((o = page_query(ctx, &st_stats, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "superadmin/stats", "title.super.overview", o, 1);
	json_object_put(o);
}
