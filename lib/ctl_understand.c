/*
 * ctl_understand — `sophiectl understand [--clinic ID] [--now ISO] [--llm]
 * "message"`: the extraction of one message as JSON, with the source of
 * each field, for checking a message by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "ctl.h"
#include "db.h"
#include "llm.h"
#include "nlu.h"
#include "tz.h"

#define MAX_NAMES	128

static const struct db_stmt st_names = {
	"understand_names",
	"SELECT 'p', concat_ws(' ', p.title, p.first_name, p.last_name) "
	"FROM practitioners p WHERE p.clinic_id = $1::uuid AND p.is_active "
	"UNION ALL SELECT 't', t.name FROM treatment_types t "
	"WHERE t.clinic_id = $1::uuid AND t.is_active "
	"UNION ALL SELECT 'z', c.timezone FROM clinics c WHERE c.id = $1::uuid",
	1
};

/* The clinic's lists and zone. Strings are strdup'd into names. */
struct clinic_lists {
	char		*prac[MAX_NAMES];
	char		*treat[MAX_NAMES];
	size_t		 np, nt;
	char		 tz[64];
};

static int
load_lists(struct db *db, const char *clinic, struct clinic_lists *cl)
{
	const char	*p[1] = { clinic };
	PGresult	*res;
	int		 i;
	char		 k;

	res = db_exec(db, &st_names, p);
	if (!db_ok(res)) {
		PQclear(res);
		return -1;
	}
	for (i = 0; i < PQntuples(res); i++) {
		k = PQgetvalue(res, i, 0)[0];
		if (k == 'p' && cl->np < MAX_NAMES)
			cl->prac[cl->np++] = strdup(PQgetvalue(res, i, 1));
		else if (k == 't' && cl->nt < MAX_NAMES)
			cl->treat[cl->nt++] = strdup(PQgetvalue(res, i, 1));
		else if (k == 'z')
			snprintf(cl->tz, sizeof(cl->tz), "%s",
			    PQgetvalue(res, i, 1));
	}
	PQclear(res);
	return 0;
}

/* "now" as the clinic's local wall clock. Returns 0 or -1. */
static int
local_now(const char *iso, const char *zone, struct nlu_now *now)
{
	const struct tz	*z;
	struct tz_local	 l;
	int64_t		 t;

	if (iso != NULL) {
		if (config_parse_iso(iso, &t) == -1)
			return -1;
	} else
		t = config_now();
	if (tz_load(zone, &z) != 0)
		return -1;
	tz_to_local(z, t, &l);
	now->y = l.year;
	now->m = l.month;
	now->d = l.day;
	now->hh = l.hour;
	now->mm = l.min;
	return 0;
}

int
ctl_understand(int argc, char **argv)
{
	struct app_ctx		 ctx;
	struct clinic_lists	 cl;
	struct nlu_lists	 lists;
	struct nlu_context	 nctx;
	struct nlu_now		 now;
	struct nlu_result	 res;
	struct llm_config	 lc;
	json_object		*o;
	const char		*clinic, *text, *iso;
	size_t			 i;
	int			 rc = 1;

	if (ctl_wants_help(argc, argv) || argc < 2) {
		printf("usage: sophiectl understand [--clinic ID] [--now ISO] "
		    "[--tz ZONE] [--llm] \"message\"\n");
		return ctl_wants_help(argc, argv) ? 0 : 64;
	}
	text = argv[argc - 1];
	clinic = ctl_opt(argc, argv, "clinic");
	iso = ctl_opt(argc, argv, "now");
	memset(&cl, 0, sizeof(cl));
	snprintf(cl.tz, sizeof(cl.tz), "%s", ctl_opt(argc, argv, "tz") != NULL ?
	    ctl_opt(argc, argv, "tz") : "Europe/Paris");
	app_start(&ctx, PROG_CTL, "sophiectl");
	if (clinic != NULL && load_lists(ctx.db, clinic, &cl) == -1) {
		fprintf(stderr, "sophiectl: cannot read clinic %s\n", clinic);
		goto out;
	}
	if (local_now(iso, cl.tz, &now) == -1) {
		fprintf(stderr, "sophiectl: bad --now or time zone\n");
		goto out;
	}
	memset(&lists, 0, sizeof(lists));
	lists.practitioners = (const char *const *)cl.prac;
	lists.npractitioners = cl.np;
	lists.treatments = (const char *const *)cl.treat;
	lists.ntreatments = cl.nt;
	memset(&nctx, 0, sizeof(nctx));
	lc.api_url = ctx.cfg->llm_api_url;
	lc.model = ctx.cfg->llm_model;
	lc.timeout_ms = ctx.cfg->llm_timeout_ms;
	if (ctl_flag(argc, argv, "llm") && *lc.api_url != '\0')
		llm_understand(&lc, text, strlen(text), &lists, &nctx, &now,
		    &res);
	else if (nlu_extract(text, strlen(text), &lists, &nctx, &now,
	    &res) == -1) {
		fprintf(stderr, "sophiectl: the message cannot be read\n");
		goto out;
	}
	o = nlu_result_json(&res);
	printf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	rc = 0;
out:
	for (i = 0; i < cl.np; i++)
		free(cl.prac[i]);
	for (i = 0; i < cl.nt; i++)
		free(cl.treat[i]);
	app_stop(&ctx);
	return rc;
}
