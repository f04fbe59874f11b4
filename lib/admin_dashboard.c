/*
 * admin_dashboard — today's and this week's figures, conversations
 * waiting for staff, and a 14-day chart (SVG drawn by the template from
 * coordinates computed here).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "app.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "page.h"

#define CHART_W		560	/* viewBox width */
#define CHART_H		160	/* viewBox height */
#define CHART_TOP	12	/* room for the figures above bars */
#define CHART_BOTTOM	20	/* room for the day labels */

/*
 * All figures in the clinic's time zone: $1 clinic, $2 "now" (UTC seconds,
 * so SOPHIE_FAKE_NOW applies).  Weeks start on Monday.
 */
static const struct db_stmt st_stats = { "admin_dashboard_stats",
	DB_PLAN_EACH_RUN
	"WITH cl AS (SELECT id, name, timezone, (to_timestamp($2::float8) "
	"AT TIME ZONE timezone)::date AS today FROM clinics "
	"WHERE id = $1::uuid), "
	"b AS (SELECT cl.*, today::timestamp AT TIME ZONE timezone AS t0, "
	"(today + 1)::timestamp AT TIME ZONE timezone AS t1, "
	"(today - extract(isodow FROM today)::int + 1)::timestamp "
	"AT TIME ZONE timezone AS w0, "
	"(today - extract(isodow FROM today)::int + 8)::timestamp "
	"AT TIME ZONE timezone AS w1 FROM cl), "
	"days AS (SELECT d::date AS day, d::timestamp AT TIME ZONE b.timezone "
	"AS s, (d + interval '1 day')::timestamp AT TIME ZONE b.timezone AS e "
	"FROM b, generate_series(b.today - 13, b.today, interval '1 day') d) "
	"SELECT json_build_object("
	"'clinic', json_build_object('id', b.id, 'name', b.name, "
	"'timezone', b.timezone, 'today', b.today), "
	"'today', json_build_object("
	"'appointments', (SELECT count(*) FROM appointments a WHERE "
	"a.clinic_id = b.id AND a.status <> 'cancelled' AND "
	"a.starts_at >= b.t0 "
	"AND a.starts_at < b.t1), "
	"'messages', (SELECT count(*) FROM messages m WHERE m.clinic_id = b.id "
	"AND m.created_at >= b.t0 AND m.created_at < b.t1), "
	"'newPatients', (SELECT count(*) FROM patients p WHERE "
	"p.clinic_id = b.id AND p.created_at >= b.t0 AND p.created_at < b.t1), "
	"'noShows', (SELECT count(*) FROM appointments a WHERE a.clinic_id = "
	"b.id AND a.status = 'no_show' AND a.starts_at >= b.t0 AND "
	"a.starts_at < b.t1)), "
	"'week', json_build_object("
	"'appointments', (SELECT count(*) FROM appointments a WHERE "
	"a.clinic_id = b.id AND a.status <> 'cancelled' AND "
	"a.starts_at >= b.w0 "
	"AND a.starts_at < b.w1), "
	"'messages', (SELECT count(*) FROM messages m WHERE m.clinic_id = b.id "
	"AND m.created_at >= b.w0 AND m.created_at < b.w1), "
	"'newPatients', (SELECT count(*) FROM patients p WHERE "
	"p.clinic_id = b.id AND p.created_at >= b.w0 AND p.created_at < b.w1), "
	"'noShows', (SELECT count(*) FROM appointments a WHERE a.clinic_id = "
	"b.id AND a.status = 'no_show' AND a.starts_at >= b.w0 AND "
	"a.starts_at < b.w1)), "
	"'waitingForStaff', (SELECT count(*) FROM conversations c WHERE "
	"c.clinic_id = b.id AND c.status <> 'closed' AND "
	"(c.needs_staff OR c.status = 'handoff')), "
	"'waiting', (SELECT coalesce(json_agg(w), '[]') FROM (SELECT c.id, "
	"c.phone, c.status, c.needs_staff_reason AS reason, "
	"to_char(c.last_message_at AT TIME ZONE b.timezone, "
	"'YYYY-MM-DD HH24:MI') AS \"lastMessage\", "
	"nullif(btrim(coalesce(p.first_name, '') || ' ' || "
	"coalesce(p.last_name, '')), '') AS patient "
	"FROM conversations c LEFT JOIN patients p ON p.id = c.patient_id "
	"AND p.clinic_id = c.clinic_id WHERE c.clinic_id = b.id AND "
	"c.status <> 'closed' AND (c.needs_staff OR c.status = 'handoff') "
	"ORDER BY c.last_message_at DESC LIMIT 10) w), "
	"'days', (SELECT json_agg(json_build_object('day', d.day, "
	"'label', to_char(d.day, 'DD/MM'), "
	"'appointments', (SELECT count(*) FROM appointments a WHERE "
	"a.clinic_id = b.id AND a.status <> 'cancelled' AND a.starts_at >= d.s "
	"AND a.starts_at < d.e), "
	"'messages', (SELECT count(*) FROM messages m WHERE m.clinic_id = b.id "
	"AND m.created_at >= d.s AND m.created_at < d.e)) ORDER BY d.day) "
	"FROM days d)) FROM b", 2 };

/* A member's integer value, 0 when absent. */
static int64_t
dash_int(json_object *o, const char *name)
{
	json_object	*v;

	if (!json_object_object_get_ex(o, name, &v))
		return 0;
	return json_object_get_int64(v);
}

/* Add a bar's geometry to row under prefix ("a" or "m"). */
static void
dash_bar(json_object *row, const char *prefix, int64_t v, int64_t max,
    int x, int w)
{
	char	 k[8];
	int	 plot = CHART_H - CHART_TOP - CHART_BOTTOM;
	int	 h = max > 0 ? (int)((v * plot) / max) : 0;

	if (v > 0 && h < 1)
		h = 1;
	snprintf(k, sizeof(k), "%sx", prefix);
	json_object_object_add(row, k, json_object_new_int(x));
	snprintf(k, sizeof(k), "%sy", prefix);
	json_object_object_add(row, k,
	    json_object_new_int(CHART_H - CHART_BOTTOM - h));
	snprintf(k, sizeof(k), "%sh", prefix);
	json_object_object_add(row, k, json_object_new_int(h));
	snprintf(k, sizeof(k), "%sw", prefix);
	json_object_object_add(row, k, json_object_new_int(w));
}

/*
 * Chart geometry for the "days" array: two bars per day (appointments,
 * messages) scaled to the largest value, a label under each day.
 */
static void
dash_chart(json_object *o)
{
	json_object	*days, *row, *chart, *bars;
	size_t		 i, n;
	int64_t		 max = 0, a, m;
	int		 slot, x;

	if (!json_object_object_get_ex(o, "days", &days) ||
	    !json_object_is_type(days, json_type_array) ||
	    (n = json_object_array_length(days)) == 0)
		return;
	for (i = 0; i < n; i++) {
		row = json_object_array_get_idx(days, i);
		a = dash_int(row, "appointments");
		m = dash_int(row, "messages");
		max = a > max ? a : max;
		max = m > max ? m : max;
	}
	slot = CHART_W / (int)n;
	bars = json_object_new_array();
	for (i = 0; i < n; i++) {
		row = json_object_get(json_object_array_get_idx(days, i));
		x = (int)i * slot;
		dash_bar(row, "a", dash_int(row, "appointments"), max, x + 4,
		    slot / 2 - 5);
		dash_bar(row, "m", dash_int(row, "messages"), max,
		    x + slot / 2, slot / 2 - 5);
		json_object_object_add(row, "lx", json_object_new_int(x + 4));
		json_object_object_add(row, "ly",
		    json_object_new_int(CHART_H - 6));
		json_object_array_add(bars, row);
	}
	chart = json_object_new_object();
	json_object_object_add(chart, "width", json_object_new_int(CHART_W));
	json_object_object_add(chart, "height", json_object_new_int(CHART_H));
	json_object_object_add(chart, "max", json_object_new_int64(max));
	json_object_object_add(chart, "bars", bars);
	json_object_object_add(o, "chart", chart);
}

/*
 * The figures of a clinic are kept DASH_CACHE_MS per process: staff who
 * refresh the dashboard (and several screens showing it) do not each
 * recount a fortnight of messages.  A change made through this process
 * (takeover, hand-back, appointment) forgets its clinic at once; another
 * process shows it at most DASH_CACHE_MS later.
 */
#define DASH_CACHE_SLOTS	32
#define DASH_CACHE_MS		5000

struct dash_cached {
	char		 clinic[37];
	long long	 at_ms;		/* monotonic time of the count */
	char		*json;		/* the statement's answer */
};

static struct dash_cached	 dash_cache[DASH_CACHE_SLOTS];

static long long
dash_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
admin_dashboard_forget(const char *clinic)
{
	size_t	 i;

	for (i = 0; i < DASH_CACHE_SLOTS; i++)
		if (strcmp(dash_cache[i].clinic, clinic) == 0) {
			free(dash_cache[i].json);
			dash_cache[i].json = NULL;
			dash_cache[i].clinic[0] = '\0';
		}
}

/* Keep the answer for clinic in the oldest slot. */
static void
dash_keep(const char *clinic, json_object *o, long long now)
{
	size_t	 i, old = 0;

	for (i = 0; i < DASH_CACHE_SLOTS; i++)
		if (dash_cache[i].at_ms < dash_cache[old].at_ms)
			old = i;
	free(dash_cache[old].json);
	dash_cache[old].json = strdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	snprintf(dash_cache[old].clinic, sizeof(dash_cache[old].clinic),
	    "%s", clinic);
	dash_cache[old].at_ms = now;
}

/* The clinic's figures: from the cache when fresh, else counted. */
static json_object *
dash_stats(struct app_ctx *ctx, const char *clinic, int *status)
{
	const char	*p[2];
	char		 now[24];
	long long	 t = dash_now_ms();
	json_object	*o;
	size_t		 i;

	*status = 200;
	for (i = 0; i < DASH_CACHE_SLOTS; i++)
		if (dash_cache[i].json != NULL &&
		    strcmp(dash_cache[i].clinic, clinic) == 0 &&
		    t - dash_cache[i].at_ms < DASH_CACHE_MS &&
		    (o = json_tokener_parse(dash_cache[i].json)) != NULL)
			return o;
	snprintf(now, sizeof(now), "%lld", (long long)config_now());
	p[0] = clinic;
	p[1] = now;
	if ((o = page_query(ctx, &st_stats, p, status)) != NULL)
		dash_keep(clinic, o, t);
	return o;
}

void
admin_dashboard(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	json_object	*o, *days;
	int		 status;

	if ((o = dash_stats(ctx, req_param(r, "clinicId"), &status)) == NULL) {
		page_fail(r, status);
		return;
	}
	if (req_wants_json(r)) {
		page_send(r, 200, "admin/dashboard", NULL, o, 1);
		json_object_put(o);
		return;
	}
	dash_chart(o);
	if (json_object_object_get_ex(o, "days", &days))
		json_object_object_del(o, "days");
	page_send(r, 200, "admin/dashboard", "title.dashboard", o, 1);
	json_object_put(o);
}
