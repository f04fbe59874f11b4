/*
 * db — one persistent PostgreSQL connection per process.  The connection is
 * opened lazily and re-opened with backoff when it drops; while it is down
 * callers get DB_ERR_DOWN and answer 503.  Every query goes through a named
 * statement (struct db_stmt, kept together per module) with bound
 * parameters, prepared once per connection (or planned at every run, see
 * DB_PLAN_EACH_RUN).
 */
#ifndef SOPHIE_DB_H
#define SOPHIE_DB_H

#include <stddef.h>

#include <libpq-fe.h>

enum db_err {
	DB_OK = 0,
	DB_ERR_DOWN,		/* no connection (backing off) */
	DB_ERR_QUERY,		/* the statement failed */
	DB_ERR_CONFLICT,	/* unique or exclusion violation */
	DB_ERR_NOMEM,
	DB_ERR_RETRY,		/* serialization failure or deadlock
				   (40001, 40P01): run the transaction
				   again */
	DB_ERR__MAX
};

/*
 * Put first in a statement's SQL to have it planned with its actual values
 * at every run (sent as an unnamed statement) instead of prepared once and
 * left to PostgreSQL's plan cache.  For optional filters ("$n IS NULL OR
 * ...") and for pages of one clinic's rows: a generic plan is made for an
 * average clinic and would read the whole of a large one.
 */
#define DB_PLAN_EACH_RUN	"/* planned each run */ "

/* A named statement: the name is for humans and logs, nparams checked. */
struct db_stmt {
	const char	*name;
	const char	*sql;
	int		 nparams;
};

struct db;

/*
 * Where the database layer reports what it meets (a refused or lost
 * connection, a statement that failed...): event is a constant name
 * ("DB_DOWN"...), msg one line. The program decides where it goes (app.c
 * sends it to the log); until one is set, to standard error. This keeps
 * db below log: the log writes to the database, never the other way.
 */
enum db_report { DB_REPORT_WARN, DB_REPORT_ERROR };
typedef void	(*db_report_fn)(enum db_report, const char *event,
		    const char *msg);
void		 db_set_report(db_report_fn);

/* Create a handle for conninfo (copied); connects on first use. */
struct db	*db_new(const char *conninfo);
/*
 * The name the connection shows in pg_stat_activity (application_name,
 * unless the connection string sets one); name is copied.
 */
void		 db_set_name(struct db *, const char *name);
/*
 * on 0: every statement runs unprepared (PQexecParams, the unnamed
 * statement), as a pooler in transaction mode needs; 1 (the default):
 * named prepared statements, once per connection.
 */
void		 db_set_prepared(struct db *, int on);
void		 db_free(struct db *);
/*
 * Make sure the connection is up, connecting when the backoff allows.
 * Returns DB_OK or DB_ERR_DOWN.
 */
enum db_err	 db_ensure(struct db *);
/* Is the connection up and outside any transaction? (no I/O) */
int		 db_idle(const struct db *);
/* Is the connection up and not in a failed transaction? (no I/O) */
int		 db_usable(const struct db *);
/*
 * Run a statement with params (stmt->nparams strings, NULL for SQL NULL).
 * Returns a result the caller PQclear()s; NULL when the connection is down
 * or memory ran out.  A failed statement returns its result (check
 * db_ok()); a dropped connection is noticed and re-opened later.
 */
PGresult	*db_exec(struct db *, const struct db_stmt *,
		    const char *const *params);
/*
 * Run n statements in one round trip (libpq's pipeline mode): st[i] with
 * params p[i] (NULL when it takes none); res[i] gets its result, which
 * the caller PQclear()s (NULL when it never ran).  Each statement ends
 * with its own sync: outside a transaction each runs as its own (one
 * that fails undoes none of the others); inside one, a failure fails the
 * transaction and the statements after it do not run.  A connection
 * found dropped while idle is opened again and the statements run again
 * one by one only when all of them only read (as db_exec).  Returns
 * DB_OK when every statement succeeded, else the first failure's db_err
 * (DB_ERR_DOWN: connection down or lost).  On a handle without prepared
 * statements (DB_PREPARED=0: a pooler) they run one by one.
 */
#define DB_MANY_MAX	64
enum db_err	 db_exec_many(struct db *, size_t n,
		    const struct db_stmt *const *st,
		    const char *const *const *p, PGresult **res);
/*
 * db_exec with binary parameters (formats[i] = 1, lengths[i] their sizes;
 * NULL arrays: all text) and, when binary is set, binary results: for
 * bytea.  Sent unprepared, never run again on a dropped connection (NULL
 * back: the caller's transaction is lost).
 */
PGresult	*db_exec_bin(struct db *, const struct db_stmt *,
		    const char *const *params, const int *lengths,
		    const int *formats, int binary);
/* Is res a success (tuples or command ok)? */
int		 db_ok(const PGresult *);
/* The SQLSTATE of a failed result, or "" */
const char	*db_sqlstate(const PGresult *);
/* Classify a result: DB_OK, DB_ERR_CONFLICT (23505, 23P01), DB_ERR_RETRY
 * (40001, 40P01), DB_ERR_QUERY, DB_ERR_DOWN for NULL. */
enum db_err	 db_result_err(const PGresult *);
/* Run a statement expecting no rows back; returns a db_err. */
enum db_err	 db_do(struct db *, const struct db_stmt *,
		    const char *const *params);
/*
 * Run fn inside BEGIN ... COMMIT; ROLLBACK when fn returns non-zero or the
 * commit fails.  When PostgreSQL asked for the transaction to be run
 * again (a serialization failure or a deadlock, 40001 / 40P01, in any
 * statement or at the commit), it is rolled back and fn runs again from
 * the start, up to DB_TX_TRIES times in all, after a short random wait:
 * fn must read everything it decides on inside the transaction.
 * Returns fn's value, or DB_ERR_DOWN / DB_ERR_QUERY / DB_ERR_RETRY (still
 * failing after the last try).
 */
#define DB_TX_TRIES	5
int		 db_tx(struct db *, int (*fn)(struct db *, void *), void *arg);
/*
 * Open the connection now and prepare these statements on it, so that a
 * responder's first requests do not pay for it.  A database that is down
 * is not an error here (the connection opens later, on demand); returns
 * the number of statements ready (prepared, or planned at every run).
 */
size_t		 db_warm(struct db *, const struct db_stmt *const *, size_t);
/* Plain literal commands (BEGIN, COMMIT, LISTEN x): returns a db_err. */
enum db_err	 db_command(struct db *, const char *literal);
/*
 * Cell col of row i of rows, a JSON array of arrays of strings (a query
 * that returns its rows as one json value): "" when it is null or
 * missing, as PQgetvalue gives a NULL.  Owned by rows.
 */
struct json_object;
const char	*db_json_cell(struct json_object *rows, size_t i, size_t col);
/* The libpq connection, for LISTEN/NOTIFY and COPY (NULL when down). */
PGconn		*db_conn(struct db *);
/*
 * Which connection this is: a number that changes with every connection
 * opened (session state such as LISTEN is lost with the old one); 0 when
 * there is none.  No I/O.
 */
unsigned long	 db_generation(const struct db *);
/* Mark the connection broken (after an error seen by the caller). */
void		 db_drop(struct db *);
/* The last connection error, for logs. */
const char	*db_last_error(const struct db *);
const char	*db_strerror(enum db_err);

#endif
