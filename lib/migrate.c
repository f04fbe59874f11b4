/*
 * migrate — numbered SQL files, each in one transaction.
 *
 * The files are the project's own and trusted; they are sent as one
 * simple-query string inside BEGIN/COMMIT so a file may hold several
 * statements (DDL).  Nothing from outside reaches these strings.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "migrate.h"

#define MIGRATE_MAX_FILES	256
#define MIGRATE_MAX_SIZE	(4 * 1024 * 1024)

static const struct db_stmt st_applied = {
	"migrate_applied",
	"SELECT 1 FROM schema_migrations WHERE version = $1",
	1
};

static const struct db_stmt st_record = {
	"migrate_record",
	"INSERT INTO schema_migrations (version) VALUES ($1)",
	1
};

/* Is name a migration file: digits, anything, ".sql"? */
static int
is_migration(const char *name)
{
	size_t	 n = strlen(name);

	return n > 4 && isdigit((unsigned char)name[0]) &&
	    strcmp(name + n - 4, ".sql") == 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole file into b. Returns 0 or -1. */
static int
read_file(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) == -1) {
			rc = -1;
			break;
		}
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/* Has this version been applied? Returns 1, 0, or -1 on error. */
static int
is_applied(struct db *db, const char *version)
{
	const char	*p[1] = { version };
	PGresult	*res;
	int		 rc;

	res = db_exec(db, &st_applied, p);
	rc = db_ok(res) ? PQntuples(res) > 0 : -1;
	PQclear(res);
	return rc;
}

/* Apply one file in one transaction. Returns 0 or -1. */
static int
apply_file(struct db *db, const char *dir, const char *name)
{
	struct buf	 sql;
	char		 path[4096];
	const char	*p[1] = { name };
	PGresult	*res;
	int		 rc = -1;

	buf_init(&sql, MIGRATE_MAX_SIZE);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_file(path, &sql) == -1) {
		fprintf(stderr, "sophie: migrate: cannot read %s\n", path);
		goto out;
	}
	if (db_command(db, "BEGIN") != DB_OK)
		goto out;
	res = PQexec(db_conn(db), buf_str(&sql));
	if (!db_ok(res)) {
		fprintf(stderr, "sophie: migrate: %s: %s", name,
		    PQresultErrorMessage(res));
		PQclear(res);
		db_command(db, "ROLLBACK");
		goto out;
	}
	PQclear(res);
	if (db_do(db, &st_record, p) != DB_OK ||
	    db_command(db, "COMMIT") != DB_OK) {
		db_command(db, "ROLLBACK");
		goto out;
	}
	rc = 0;
out:
	buf_free(&sql);
	return rc;
}

/* List migration file names in dir, sorted. Returns the count or -1. */
static int
list_files(const char *dir, char **names, int max)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && n < max)
		if (is_migration(de->d_name) &&
		    (names[n] = strdup(de->d_name)) != NULL)
			n++;
	closedir(d);
	qsort(names, (size_t)n, sizeof(char *), cmp_names);
	return n;
}

int
migrate_run(struct db *db, const char *dir, int verbose)
{
	char	*names[MIGRATE_MAX_FILES];
	int	 n, i, applied = 0, a;

	if (db_command(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, "
	    "applied_at timestamptz NOT NULL DEFAULT now())") != DB_OK) {
		fprintf(stderr, "sophie: migrate: database unavailable: %s\n",
		    db_last_error(db));
		return -1;
	}
	if ((n = list_files(dir, names, MIGRATE_MAX_FILES)) < 0) {
		fprintf(stderr, "sophie: migrate: cannot read %s\n", dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (applied >= 0 && (a = is_applied(db, names[i])) != 0) {
			if (a < 0)
				applied = -1;
		} else if (applied >= 0) {
			if (apply_file(db, dir, names[i]) == -1)
				applied = -1;
			else {
				applied++;
				if (verbose)
					printf("applied %s\n", names[i]);
			}
		}
		free(names[i]);
	}
	return applied;
}
