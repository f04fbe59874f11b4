/*
 * migrate — apply the numbered files of sql/ in order, each in one
 * transaction, recording them in schema_migrations.
 */
#ifndef SOPHIE_MIGRATE_H
#define SOPHIE_MIGRATE_H

struct db;

/*
 * Apply every file of dir whose name starts with digits and ends in .sql
 * and is not yet recorded.  Prints one line per file applied to stdout
 * when verbose.  Returns the number applied, or -1 on failure (the failing
 * file is rolled back and named on stderr).
 */
int	 migrate_run(struct db *, const char *dir, int verbose);

#endif
