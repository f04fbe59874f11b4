/*
 * ctl_import — `sophiectl import --from URL [--dry-run]`: the seed's data
 * into the database of DATABASE_URL (see import.h).  The URL is read as
 * the seed's own DATABASE_URL was (Prisma's "?schema=" honoured).
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "ctl.h"
#include "db.h"
#include "import.h"

int
ctl_import(int argc, char **argv)
{
	struct app_ctx		 ctx;
	struct import_opts	 o;
	const char		*from;
	char			 conninfo[2048], err[512];
	int			 rc;

	if (ctl_wants_help(argc, argv)) {
		printf("usage: sophiectl import --from URL [--dry-run]\n"
		    "  brings a clinic's data over from the seed system's "
		    "PostgreSQL database\n"
		    "  (its DATABASE_URL, ?schema= included) into "
		    "DATABASE_URL, in one transaction;\n"
		    "  a second run adds only what is new.  Exit 0: every "
		    "row is in; 2: some\n"
		    "  rows were left out (each named on standard error); "
		    "1: nothing written.\n");
		return 0;
	}
	if ((from = ctl_opt(argc, argv, "from")) == NULL || *from == '\0') {
		fprintf(stderr, "sophiectl: import: --from URL (the seed's "
		    "DATABASE_URL) is required\n");
		return 64;
	}
	if (config_conninfo("--from", from, conninfo, sizeof(conninfo), err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "sophiectl: import: %s\n", err);
		return 64;
	}
	if (ctl_connect(&ctx) == -1)
		return 69;
	memset(&o, 0, sizeof(o));
	o.src = conninfo;
	o.dst = ctx.db;
	o.key = ctx.cfg->have_secret_key ? ctx.cfg->secret_key : NULL;
	o.dry_run = ctl_flag(argc, argv, "dry-run");
	rc = (int)import_run(&o, stdout, stderr);
	app_stop(&ctx);
	return rc;
}
