/*
 * import — a clinic's data from the system Sophie replaces (the seed's
 * Node/Prisma stack), read from its own PostgreSQL database: clinics,
 * practitioners, treatments and who gives them, patients, appointments,
 * users (their bcrypt hashes kept), conversations with their messages,
 * the WhatsApp configurations and the Google Calendar connections.
 *
 * The seed's schema is read as Prisma lays it out (its table names, or
 * the models' names; columns camelCase or snake_case, compared without
 * case or underscores), so the exact column spelling of one version
 * does not matter.  New ids are the old ones when they are uuids, else
 * derived from them, so a second run finds what the first one wrote and
 * adds only what is new.  Everything goes in one transaction.
 */
#ifndef SOPHIE_IMPORT_H
#define SOPHIE_IMPORT_H

#include <stdio.h>

struct db;

struct import_opts {
	const char		*src;	/* libpq connection string */
	struct db		*dst;	/* Sophie's database */
	const unsigned char	*key;	/* SOPHIE_SECRET_KEY (32 bytes) */
	int			 dry_run; /* roll back at the end */
};

/* What import_run returns. */
enum import_rc {
	IMPORT_OK = 0,		/* every source row is in Sophie */
	IMPORT_FAILED = 1,	/* nothing written; err says why */
	IMPORT_PARTIAL = 2,	/* written, some rows left out (named) */
	IMPORT_NO_SOURCE = 69	/* the source database cannot be read */
};

/*
 * Run the import: a line per table on out, one line per row left out
 * (with its old id and the reason) and any failure on err.
 */
enum import_rc	 import_run(const struct import_opts *, FILE *out,
		    FILE *err);

#endif
