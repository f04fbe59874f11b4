/*
 * calsync_ctl — "sophiectl calendar": look at a practitioner's Google busy
 * time as the booking engine sees it, and queue calendar jobs by hand.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "calsync.h"
#include "config.h"
#include "ctl.h"
#include "db.h"
#include "slots.h"

#define CTL_BUSY_MAX	512

static void
usage(void)
{
	printf("usage: sophiectl calendar busy|recheck --clinic ID "
	    "--practitioner ID --from ISO --to ISO [--json]\n"
	    "       sophiectl calendar sync --clinic ID --practitioner ID\n"
	    "       sophiectl calendar push --clinic ID --appointment ID\n"
	    "busy uses the cache (60 s), recheck always asks Google; sync "
	    "and push queue\nthe incremental sync and the event write.\n");
}

/* "YYYY-MM-DDTHH:MM:SSZ" of t. */
static void
iso(int64_t t, char out[32])
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Print busy time of a practitioner; exit status. */
static int
ctl_busy(struct app_ctx *ctx, int argc, char **argv, int recheck)
{
	struct slots_interval	 iv[CTL_BUSY_MAX];
	const char		*clinic = ctl_opt(argc, argv, "clinic");
	const char		*pract = ctl_opt(argc, argv, "practitioner");
	const char		*f = ctl_opt(argc, argv, "from");
	const char		*t = ctl_opt(argc, argv, "to");
	int64_t			 from, to;
	size_t			 n, i;
	int			 closed, json = ctl_flag(argc, argv, "json");
	enum calsync_err	 er;
	char			 a[32], b[32];

	if (clinic == NULL || pract == NULL || f == NULL || t == NULL ||
	    config_parse_iso(f, &from) == -1 ||
	    config_parse_iso(t, &to) == -1) {
		usage();
		return 64;
	}
	er = (recheck ? calsync_recheck : calsync_busy)(ctx, clinic, pract,
	    from, to, iv, CTL_BUSY_MAX, &n, &closed);
	if (er != CALSYNC_OK) {
		fprintf(stderr, "sophiectl: calendar: %s\n",
		    calsync_strerror(er));
		return 1;
	}
	if (json)
		printf("{\"fail_closed\": %s, \"busy\": [",
		    closed ? "true" : "false");
	else if (closed)
		printf("calendar unreadable: "
		    "the whole window counts as busy\n");
	for (i = 0; i < n; i++) {
		iso(iv[i].start, a);
		iso(iv[i].end, b);
		if (json)
			printf("%s{\"start\": \"%s\", \"end\": \"%s\"}",
			    i > 0 ? ", " : "", a, b);
		else
			printf("%s %s\n", a, b);
	}
	if (json)
		printf("]}\n");
	return 0;
}

int
calsync_ctl(int argc, char **argv)
{
	struct app_ctx	 ctx;
	const char	*cmd = argc > 1 ? argv[1] : "";
	int		 rc;

	if (ctl_wants_help(argc, argv) || argc < 2) {
		usage();
		return ctl_wants_help(argc, argv) ? 0 : 64;
	}
	app_start(&ctx, PROG_CTL, "sophiectl");
	if (db_ensure(ctx.db) != DB_OK) {
		fprintf(stderr, "sophiectl: database unavailable\n");
		app_stop(&ctx);
		return 69;
	}
	if (strcmp(cmd, "busy") == 0 || strcmp(cmd, "recheck") == 0)
		rc = ctl_busy(&ctx, argc, argv, strcmp(cmd, "recheck") == 0);
	else if (strcmp(cmd, "sync") == 0)
		rc = calsync_enqueue_sync(ctx.db, ctl_opt(argc, argv, "clinic"),
		    ctl_opt(argc, argv, "practitioner")) == DB_OK ? 0 : 1;
	else if (strcmp(cmd, "push") == 0)
		rc = calsync_enqueue_event(ctx.db, ctl_opt(argc, argv,
		    "clinic"), ctl_opt(argc, argv, "appointment")) == DB_OK ?
		    0 : 1;
	else {
		usage();
		rc = 64;
	}
	app_stop(&ctx);
	return rc;
}
