/*
 * app — program start-up shared by responders, the worker and sophiectl.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
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
	log_attach_db(ctx->db);
}

void
app_stop(struct app_ctx *ctx)
{
	log_attach_db(NULL);
	db_free(ctx->db);
	ctx->db = NULL;
}

static const struct db_stmt st_health = {
	"health", "SELECT 1", 0
};

void
app_health(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	PGresult	*res;
	int		 ok;

	res = db_exec(ctx->db, &st_health, NULL);
	ok = db_ok(res);
	PQclear(res);
	if (!ok) {
		resp_text(r, 503, "database unavailable\n");
		return;
	}
	resp_text(r, 200, "OK");
}
