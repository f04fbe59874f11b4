/*
 * ctl_config — `sophiectl config check [--file PATH]`: read a settings
 * file the way each program will, then try what the settings point at
 * (the database, its migrations, the templates), and say exactly what is
 * wrong, one line each. Exit 0 when everything would start.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "config.h"
#include "ctl.h"
#include "tmpl.h"

/* The programs whose settings are checked, with the names they go by. */
static const struct {
	enum config_prog	 prog;
	const char		*name;
} progs[] = {
	{ PROG_WEBHOOK, "webhook responder" },
	{ PROG_ADMIN, "admin responder" },
	{ PROG_SUPERADMIN, "superadmin responder" },
	{ PROG_OAUTH, "oauth responder" },
	{ PROG_WORKER, "worker" },
	{ PROG_CTL, "sophiectl" },
};

#define NPROGS	(sizeof(progs) / sizeof(progs[0]))

/* One problem of a program's settings. */
static void
problem(const char *why, void *arg)
{
	printf("FAIL  %s: %s\n", (const char *)arg, why);
}

/* The migration files of dir not recorded in schema_migrations, or -1
 * (reason printed). */
static int
pending_migrations(PGconn *c, const char *dir)
{
	const char	*p[1];
	struct dirent	*e;
	PGresult	*res;
	DIR		*d;
	size_t		 n;
	int		 pending = 0;

	if ((d = opendir(dir)) == NULL) {
		printf("FAIL  SOPHIE_SQL_DIR: %s cannot be read\n", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n <= 4 || !isdigit((unsigned char)e->d_name[0]) ||
		    strcmp(e->d_name + n - 4, ".sql") != 0)
			continue;
		p[0] = e->d_name;
		res = PQexecParams(c, "SELECT 1 FROM schema_migrations WHERE "
		    "version = $1", 1, NULL, p, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK ||
		    PQntuples(res) == 0)
			pending++;
		PQclear(res);
	}
	closedir(d);
	return pending;
}

/* Connect with the settings' DATABASE_URL; report; 0 when all is well. */
static int
check_database(const struct config *cfg, const char *sqldir)
{
	PGconn	*c;
	char	*msg, *nl;
	int	 pending, rc = 0;

	c = PQconnectdb(cfg->database_url);
	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		msg = c != NULL ? PQerrorMessage(c) : "out of memory";
		while ((nl = strchr(msg, '\n')) != NULL)
			*nl = nl[1] == '\0' ? '\0' : ' ';
		printf("FAIL  database (DATABASE_URL): %s\n", msg);
		PQfinish(c);
		return -1;
	}
	printf("ok    database: connected to %s as %s (PostgreSQL %d)\n",
	    PQdb(c), PQuser(c), PQserverVersion(c));
	pending = pending_migrations(c, sqldir);
	if (pending > 0) {
		printf("FAIL  database: %d migration(s) of %s not applied "
		    "(run: sophiectl migrate)\n", pending, sqldir);
		rc = -1;
	} else if (pending == 0)
		printf("ok    database: every migration of %s applied\n",
		    sqldir);
	else
		rc = -1;
	PQfinish(c);
	return rc;
}

/* Load the page templates the way the responders will. */
static int
check_templates(const struct config *cfg)
{
	struct tmpl_set	*set = NULL;
	char		 why[256];

	if (tmpl_load_dir(cfg->template_dir, &set, why, sizeof(why)) !=
	    TMPL_OK) {
		printf("FAIL  SOPHIE_TEMPLATE_DIR: %s: %s\n",
		    cfg->template_dir, why);
		return -1;
	}
	tmpl_set_free(set);
	printf("ok    templates: %s\n", cfg->template_dir);
	return 0;
}

int
ctl_config(int argc, char **argv)
{
	const struct config	*cfg = NULL, *c;
	const char		*file;
	char			 err[512];
	size_t			 i;
	int			 bad = 0;

	if (ctl_wants_help(argc, argv) || argc < 2 ||
	    strcmp(argv[1], "check") != 0) {
		printf("usage: sophiectl config check [--file PATH]\n"
		    "  Reads the settings (PATH, else SOPHIE_ENV_FILE, else "
		    ".env and var/sophie.env, the environment first)\n"
		    "  as each program will, then tries the database, its "
		    "migrations and the templates.\n");
		return argc < 2 ? 64 : 0;
	}
	if ((file = ctl_opt(argc, argv, "file")) != NULL) {
		if (access(file, R_OK) != 0) {
			printf("FAIL  %s cannot be read\n", file);
			return 1;
		}
		setenv("SOPHIE_ENV_FILE", file, 1);
	}
	for (i = 0; i < NPROGS; i++) {
		if (config_problems(progs[i].prog, problem,
		    (void *)progs[i].name) > 0) {
			bad = 1;
			continue;
		}
		if ((c = config_try(progs[i].prog, err, sizeof(err))) != NULL)
			printf("ok    %s: settings complete (%s)\n",
			    progs[i].name, c->env_name);
	}
	/* The last program that loaded decides what to try next. */
	for (i = NPROGS; i > 0 && cfg == NULL; i--)
		cfg = config_try(progs[i - 1].prog, err, sizeof(err));
	if (cfg == NULL) {
		printf("config check: something is wrong (FAIL lines above); "
		    "the database and templates were not tried\n");
		return 1;
	}
	if (check_database(cfg, ctl_sql_dir()) != 0)
		bad = 1;
	if (check_templates(cfg) != 0)
		bad = 1;
	printf("%s\n", bad ? "config check: something is wrong (FAIL lines "
	    "above)" : "config check: everything would start");
	return bad;
}
