/*
 * ctl_backup — `sophiectl backup` and `sophiectl restore`: one tar file
 * holding the database in pg_dump's custom format, the media folder
 * (SOPHIE_DATA_DIR/uploads) and a MANIFEST with the row counts, and the
 * way back into an EMPTY database (a restore never mixes two states).
 * pg_dump, pg_restore and tar do the work; this file runs them without a
 * shell, so no setting is ever interpreted by one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "config.h"
#include "ctl.h"

#define BACKUP_PREFIX	"sophie-backup-"
#define BACKUP_SUFFIX	".tar"
#define MAX_BACKUPS	4096

/* The tables whose rows a backup counts and a restore compares. */
static const char *const counted[] = { "clinics", "clinic_users",
    "practitioners", "treatment_types", "patients", "appointments",
    "conversations", "messages" };

#define NCOUNTED	(sizeof(counted) / sizeof(counted[0]))

/*
 * Run argv (argv[0] looked up in PATH, then in PostgreSQL 15's bin) and
 * wait. Returns its exit status, or -1 when it could not run.
 */
static int
run(char *const argv[])
{
	char	 alt[256];
	pid_t	 pid;
	int	 st;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		snprintf(alt, sizeof(alt), "/usr/lib/postgresql/15/bin/%s",
		    argv[0]);
		execv(alt, argv);
		fprintf(stderr, "sophiectl: %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Remove a temporary directory and what is in it (one level deep and
 * the uploads tree, through rm, never through a shell). */
static void
rm_tree(const char *dir)
{
	char	*const av[] = { (char *)"rm", (char *)"-rf", (char *)dir,
	    NULL };

	run(av);
}

/* Row counts of the counted tables into out (-1 for a missing table).
 * Returns 0, or -1 when the database cannot be reached. */
static int
count_rows(const char *conninfo, long out[NCOUNTED])
{
	PGconn		*c;
	PGresult	*res;
	size_t		 i;

	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "sophiectl: database: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	/* One literal statement, in the order of counted[]. */
	res = PQexec(c, "SELECT (SELECT count(*) FROM clinics), "
	    "(SELECT count(*) FROM clinic_users), "
	    "(SELECT count(*) FROM practitioners), "
	    "(SELECT count(*) FROM treatment_types), "
	    "(SELECT count(*) FROM patients), "
	    "(SELECT count(*) FROM appointments), "
	    "(SELECT count(*) FROM conversations), "
	    "(SELECT count(*) FROM messages)");
	for (i = 0; i < NCOUNTED; i++)
		out[i] = PQresultStatus(res) == PGRES_TUPLES_OK &&
		    PQnfields(res) == (int)NCOUNTED ?
		    strtol(PQgetvalue(res, 0, (int)i), NULL, 10) : -1;
	PQclear(res);
	PQfinish(c);
	return 0;
}

/* The number of tables in the public schema, or -1. */
static long
public_tables(const char *conninfo, char *db, size_t dbsz)
{
	PGconn		*c;
	PGresult	*res;
	long		 n = -1;

	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "sophiectl: database: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	snprintf(db, dbsz, "%s", PQdb(c));
	res = PQexec(c, "SELECT count(*) FROM pg_tables WHERE schemaname = "
	    "'public'");
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	PQfinish(c);
	return n;
}

/* Is path a directory? */
static int
is_dir(const char *path)
{
	struct stat	 sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Keep the newest keep backups of dir (by name: the names sort by
 * time); delete the others. */
static void
prune(const char *dir, long keep)
{
	struct dirent	*e;
	char		*names[MAX_BACKUPS], path[4096];
	size_t		 n = 0, i, j, pl = strlen(BACKUP_PREFIX),
			 sl = strlen(BACKUP_SUFFIX), l;
	DIR		*d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && n < MAX_BACKUPS) {
		l = strlen(e->d_name);
		if (l > pl + sl && strncmp(e->d_name, BACKUP_PREFIX, pl) == 0 &&
		    strcmp(e->d_name + l - sl, BACKUP_SUFFIX) == 0 &&
		    (names[n] = strdup(e->d_name)) != NULL)
			n++;
	}
	closedir(d);
	/* Newest first (insertion sort: a few hundred names at most). */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) < 0; j--) {
			char *t = names[j];

			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		if ((long)i >= keep) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			if (unlink(path) == 0)
				printf("removed %s\n", path);
		}
		free(names[i]);
	}
}

/* Write the MANIFEST of a backup. Returns 0 or -1. */
static int
write_manifest(const char *path, const char *stamp, const long n[NCOUNTED])
{
	FILE	*f;
	size_t	 i;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "sophie-backup 1\ncreated %s\n", stamp);
	for (i = 0; i < NCOUNTED; i++)
		fprintf(f, "rows %s %ld\n", counted[i], n[i]);
	return fclose(f) == 0 ? 0 : -1;
}

/* Read the row counts of a MANIFEST (-1 where absent). */
static void
read_manifest(const char *path, long n[NCOUNTED])
{
	char	 line[256], name[64];
	long	 v;
	size_t	 i;
	FILE	*f;

	for (i = 0; i < NCOUNTED; i++)
		n[i] = -1;
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char	*p, *end;

		if (strncmp(line, "rows ", 5) != 0 ||
		    (p = strchr(line + 5, ' ')) == NULL ||
		    (size_t)(p - (line + 5)) >= sizeof(name))
			continue;
		memcpy(name, line + 5, (size_t)(p - (line + 5)));
		name[p - (line + 5)] = '\0';
		errno = 0;
		v = strtol(p + 1, &end, 10);
		if (errno != 0 || end == p + 1)
			continue;
		for (i = 0; i < NCOUNTED; i++)
			if (strcmp(name, counted[i]) == 0)
				n[i] = v;
	}
	fclose(f);
}

static int
backup(int argc, char **argv)
{
	const struct config	*cfg = config_load(PROG_CTL);
	const char		*dir, *out, *keeps;
	char			 tmp[] = "/tmp/sophie-backup-XXXXXX";
	char			 dump[64 + sizeof(tmp)], man[64 + sizeof(tmp)];
	char			 stamp[32], target[4096], part[4200];
	char			 uploads[4096], *end;
	long			 n[NCOUNTED], keep = 0;
	time_t			 now = time(NULL);
	struct tm		 tm;
	int			 rc = 1;

	if ((keeps = ctl_opt(argc, argv, "keep")) != NULL) {
		errno = 0;
		keep = strtol(keeps, &end, 10);
		if (errno != 0 || *end != '\0' || keep < 1 || keep > 10000) {
			fprintf(stderr, "sophiectl: --keep wants a count "
			    "from 1 to 10000\n");
			return 64;
		}
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	dir = ctl_opt(argc, argv, "dir");
	if ((out = ctl_opt(argc, argv, "out")) != NULL)
		snprintf(target, sizeof(target), "%s", out);
	else
		snprintf(target, sizeof(target), "%s/%s%s%s", dir ? dir : ".",
		    BACKUP_PREFIX, stamp, BACKUP_SUFFIX);
	snprintf(part, sizeof(part), "%s.part", target);
	if (mkdtemp(tmp) == NULL) {
		perror("sophiectl: backup");
		return 1;
	}
	snprintf(dump, sizeof(dump), "%s/database.dump", tmp);
	snprintf(man, sizeof(man), "%s/MANIFEST", tmp);
	snprintf(uploads, sizeof(uploads), "%s/uploads", cfg->media_dir);
	{
		char *const av[] = { (char *)"pg_dump", (char *)"-Fc",
		    (char *)"--no-owner", (char *)"-f", dump, (char *)"-d",
		    (char *)cfg->database_url, NULL };

		if (run(av) != 0) {
			fprintf(stderr, "sophiectl: pg_dump failed; nothing "
			    "written\n");
			goto out;
		}
	}
	if (count_rows(cfg->database_url, n) == -1 ||
	    write_manifest(man, stamp, n) == -1)
		goto out;
	{
		char *const with[] = { (char *)"tar", (char *)"-cf", part,
		    (char *)"-C", tmp, (char *)"MANIFEST",
		    (char *)"database.dump", (char *)"-C",
		    (char *)cfg->media_dir, (char *)"uploads", NULL };
		char *const without[] = { (char *)"tar", (char *)"-cf", part,
		    (char *)"-C", tmp, (char *)"MANIFEST",
		    (char *)"database.dump", NULL };

		if (run(is_dir(uploads) ? with : without) != 0 ||
		    rename(part, target) == -1) {
			fprintf(stderr, "sophiectl: writing %s failed\n",
			    target);
			unlink(part);
			goto out;
		}
	}
	printf("backup %s (database%s)\n", target, is_dir(uploads) ?
	    " and media" : "; no media folder");
	if (keep > 0)
		prune(dir ? dir : ".", keep);
	rc = 0;
out:
	rm_tree(tmp);
	return rc;
}

static int
restore(int argc, char **argv)
{
	const struct config	*cfg;
	char			 tmp[] = "/tmp/sophie-restore-XXXXXX";
	char			 dump[64 + sizeof(tmp)], man[64 + sizeof(tmp)];
	char			 up[64 + sizeof(tmp)], db[128];
	long			 want[NCOUNTED], got[NCOUNTED], tables;
	size_t			 i;
	int			 rc = 1, same = 1;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: sophiectl restore FILE\n");
		return 64;
	}
	cfg = config_load(PROG_CTL);
	if (access(argv[1], R_OK) != 0) {
		fprintf(stderr, "sophiectl: %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	if ((tables = public_tables(cfg->database_url, db, sizeof(db))) < 0)
		return 1;
	if (tables > 0) {
		fprintf(stderr, "sophiectl: restore needs an empty database: "
		    "%s has %ld tables (create a new database and point "
		    "DATABASE_URL at it)\n", db, tables);
		return 1;
	}
	if (mkdtemp(tmp) == NULL) {
		perror("sophiectl: restore");
		return 1;
	}
	snprintf(dump, sizeof(dump), "%s/database.dump", tmp);
	snprintf(man, sizeof(man), "%s/MANIFEST", tmp);
	snprintf(up, sizeof(up), "%s/uploads", tmp);
	{
		char *const av[] = { (char *)"tar", (char *)"-xf",
		    argv[1], (char *)"-C", tmp, NULL };

		if (run(av) != 0 || access(dump, R_OK) != 0) {
			fprintf(stderr, "sophiectl: %s is not a Sophie "
			    "backup\n", argv[1]);
			goto out;
		}
	}
	{
		char *const av[] = { (char *)"pg_restore", (char *)"--no-owner",
		    (char *)"--no-privileges", (char *)"--exit-on-error",
		    (char *)"-d", (char *)cfg->database_url, dump, NULL };

		if (run(av) != 0) {
			fprintf(stderr, "sophiectl: pg_restore failed\n");
			goto out;
		}
	}
	if (is_dir(up)) {
		char *const mk[] = { (char *)"mkdir", (char *)"-p",
		    (char *)cfg->media_dir, NULL };
		char *const cp[] = { (char *)"cp", (char *)"-a", (char *)"-n",
		    up, (char *)cfg->media_dir, NULL };

		if (run(mk) != 0 || run(cp) != 0) {
			fprintf(stderr, "sophiectl: copying the media into "
			    "%s failed\n", cfg->media_dir);
			goto out;
		}
	}
	read_manifest(man, want);
	if (count_rows(cfg->database_url, got) == -1)
		goto out;
	for (i = 0; i < NCOUNTED; i++) {
		printf("%-16s %8ld rows%s\n", counted[i], got[i],
		    want[i] >= 0 && want[i] != got[i] ? "  (backup said "
		    "otherwise)" : "");
		if (want[i] >= 0 && want[i] != got[i])
			same = 0;
	}
	printf("restored %s into %s%s\n", argv[1], db, is_dir(up) ?
	    ", media included" : "");
	rc = same ? 0 : 1;
out:
	rm_tree(tmp);
	return rc;
}

int
ctl_backup(int argc, char **argv)
{
	if (ctl_wants_help(argc, argv)) {
		printf("usage: sophiectl backup [--dir DIR | --out FILE] "
		    "[--keep N]\n"
		    "  one tar file: the database (pg_dump custom format), "
		    "the media folder and a MANIFEST;\n"
		    "  --keep N deletes all but the newest N backups of "
		    "DIR\n");
		return 0;
	}
	return backup(argc, argv);
}

int
ctl_restore(int argc, char **argv)
{
	if (ctl_wants_help(argc, argv)) {
		printf("usage: sophiectl restore FILE\n"
		    "  into the EMPTY database of DATABASE_URL (no "
		    "`sophiectl migrate` needed after),\n"
		    "  the media into SOPHIE_DATA_DIR; prints the row "
		    "counts against the backup's\n");
		return 0;
	}
	return restore(argc, argv);
}
