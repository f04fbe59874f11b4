/*
 * sophiectl — the operator's command line: migrations, clinics, users,
 * WhatsApp setup, demo data, psql.  Each command is an entry of the table
 * below with its own --help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "calsync.h"
#include "config.h"
#include "ctl.h"
#include "nlu_start.h"
#include "privacy.h"
#include "remind.h"

/* Commands: name, function, one line of help. */
static const struct ctl_cmd cmds[] = {
	/* Apply the new files of sql/, each in one transaction. */
	{ "migrate", ctl_migrate, "apply new database migrations" },
	/* Load (or find) the demo clinic; --json prints its ids. */
	{ "demo", ctl_demo, "create the demo clinic and print its logins" },
	/* Create a clinic. */
	{ "clinic", ctl_clinic, "clinic add --name N [--timezone TZ]" },
	/* Create a clinic user. */
	{ "user", ctl_user, "user add --clinic ID --email E --password P" },
	/* Create a superadmin. */
	{ "superadmin", ctl_superadmin, "superadmin add --email E --password P" },
	/* Set a clinic's WhatsApp number and Twilio token. */
	{ "whatsapp", ctl_whatsapp,
	    "whatsapp set --clinic ID --number N [--auth-token T]" },
	/* The extraction of one message, as JSON. */
	{ "understand", ctl_understand,
	    "understand [--clinic ID] [--now ISO] [--llm] \"message\"" },
	/* Play a patient against the running suite. */
	{ "chat", ctl_chat, "chat [--clinic ID] [--from +E164] [--message T]" },
	/* Check a settings file and what it points at. */
	{ "config", ctl_config, "config check [--file PATH]" },
	/* The database and the media in one file, and back. */
	{ "backup", ctl_backup, "backup [--dir DIR | --out FILE] [--keep N]" },
	{ "restore", ctl_restore, "restore FILE (into an empty database)" },
	{ "import", ctl_import,
	    "import --from URL [--dry-run] (the seed system's data)" },
	/* A country's public holidays, as the booking code sees them. */
	{ "holidays", ctl_holidays,
	    "holidays --country CC --year Y [--json]" },
	/* Open psql on the configured database. */
	{ "psql", ctl_psql, "open psql on the database" },
	/* Google Calendar: busy time as Sophie sees it, queue sync jobs. */
	{ "calendar", calsync_ctl, "calendar busy|recheck|sync|push ..." },
	/* Queue the reminders scan; --scan sends the due reminders now. */
	{ "reminders", remind_ctl, "reminders [--scan] [--json]" },
	/* The patient's rights: export everything, erase. */
	{ "patient", ctl_patient,
	    "patient export|erase --clinic ID --phone E164 ..." },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: sophiectl COMMAND [options]   (COMMAND --help)\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-11s %s\n", cmds[i].name, cmds[i].help);
}

int
main(int argc, char *argv[])
{
	size_t	 i;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 64 : 0;
	}
	/* Understanding a message uses the learned layer, as the worker. */
	if (strcmp(argv[1], "understand") == 0 && !ctl_wants_help(argc - 1,
	    argv + 1))
		nlu_start(config_load(PROG_CTL), "sophiectl");
	for (i = 0; i < NCMDS; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "sophiectl: unknown command %s\n", argv[1]);
	usage(stderr);
	return 64;
}
