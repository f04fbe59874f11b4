/*
 * app — program start-up shared by responders, the worker and sophiectl.
 */
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "app.h"
#include "buf.h"
#include "db.h"
#include "log.h"

/* The database layer's reports go to the log. */
static void
db_to_log(enum db_report level, const char *event, const char *msg)
{
	if (level == DB_REPORT_ERROR)
		log_error("db", event, NULL, "%s", msg);
	else
		log_warn("db", event, NULL, "%s", msg);
}

void
app_start(struct app_ctx *ctx, enum config_prog prog, const char *name)
{
	ctx->cfg = config_load(prog);
	ctx->name = name;
	log_init(name, ctx->cfg->log_level);
	db_set_report(db_to_log);
	if ((ctx->db = db_new(ctx->cfg->database_url)) == NULL) {
		fprintf(stderr, "sophie: out of memory\n");
		exit(71);
	}
	db_set_name(ctx->db, name);
	db_set_prepared(ctx->db, ctx->cfg->db_prepared != 0);
	log_attach_db(ctx->db);
}

void
app_stop(struct app_ctx *ctx)
{
	log_attach_db(NULL);
	db_free(ctx->db);
	ctx->db = NULL;
}

/*
 * The ages, in seconds, of the youngest worker heartbeat, the oldest turn
 * waiting and the oldest reply waiting (NULL: none); read through the
 * jobs' partial indexes (queued, running), so it stays cheap.
 */
static const struct db_stmt st_health = { "health",
	"SELECT (SELECT extract(epoch FROM now() - max(seen_at))::bigint "
	"FROM worker_heartbeats), "
	"(SELECT extract(epoch FROM now() - min(created_at))::bigint FROM jobs "
	"WHERE status IN ('queued', 'running') AND kind = "
	"'conversation_turn'), "
	"(SELECT extract(epoch FROM now() - min(created_at))::bigint FROM jobs "
	"WHERE status IN ('queued', 'running') AND kind = 'send_message')",
	0 };

#define HEALTH_WORKER_S	60	/* no heartbeat for longer: stale */
#define HEALTH_TURN_S	60	/* a turn waiting longer: late */
#define HEALTH_SEND_S	120	/* a reply waiting longer: late */

/* One part of the health answer: its line and its JSON member. */
static int
health_part(struct buf *b, json_object *o, const char *name,
    const char *what, const char *age, long limit, int none_ok)
{
	json_object	*p = json_object_new_object();
	long		 s = age != NULL && *age != '\0' ? strtol(age, NULL, 10) :
			     -1;
	int		 ok = s < 0 ? none_ok : s <= limit;

	json_object_object_add(p, "status", json_object_new_string(ok ?
	    "ok" : (s < 0 ? "none" : "late")));
	if (s >= 0)
		json_object_object_add(p, "age_s", json_object_new_int64(s));
	json_object_object_add(o, name, p);
	if (s < 0)
		buf_printf(b, "%s %s (%s)\n", name, ok ? "ok" : "none",
		    none_ok ? "none waiting" : "no heartbeat");
	else
		buf_printf(b, "%s %s (%s %ld s ago)\n", name, ok ? "ok" :
		    "late", what, s);
	return ok;
}

/*
 * GET /health: 200 when this host can take requests (its database
 * answers), 503 when it cannot. The body says, apart, how the worker and
 * the queues are: a first line OK or DEGRADED, then one line each (or
 * JSON for API clients). A stale worker does not make the host refuse
 * webhooks: the messages wait in the database for it.
 */
void
app_health(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	json_object	*o;
	PGresult	*res;
	struct buf	 b;
	int		 ok = 1;

	res = db_exec(ctx->db, &st_health, NULL);
	if (!db_ok(res) || PQntuples(res) != 1) {
		PQclear(res);
		resp_text(r, 503, "database unavailable\n");
		return;
	}
	o = json_object_new_object();
	buf_init(&b, 256);
	buf_adds(&b, "database ok\n");
	json_object_object_add(o, "database", json_object_new_string("ok"));
	ok &= health_part(&b, o, "worker", "heartbeat", PQgetvalue(res, 0, 0),
	    HEALTH_WORKER_S, 0);
	ok &= health_part(&b, o, "turns", "oldest waiting since",
	    PQgetvalue(res, 0, 1), HEALTH_TURN_S, 1);
	ok &= health_part(&b, o, "replies", "oldest waiting since",
	    PQgetvalue(res, 0, 2), HEALTH_SEND_S, 1);
	PQclear(res);
	json_object_object_add(o, "status", json_object_new_string(ok ?
	    "ok" : "degraded"));
	if (req_wants_json(r))
		resp_json(r, 200, o);
	else {
		struct buf	 t;

		buf_init(&t, 300);
		buf_printf(&t, "%s\n%s", ok ? "OK" : "DEGRADED", buf_str(&b));
		resp_text(r, 200, buf_str(&t));
		buf_free(&t);
	}
	buf_free(&b);
	json_object_put(o);
}
