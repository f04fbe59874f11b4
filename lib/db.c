/*
 * db — persistent connection, backoff, prepared statements.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <sodium.h>

#include "db.h"

#define DB_MAX_STMTS	256
#define BACKOFF_MIN_MS	100
#define BACKOFF_MAX_MS	2000

/* Until a program sets one: standard error. */
static void
report_stderr(enum db_report level, const char *event, const char *msg)
{
	fprintf(stderr, "db: %s %s: %s\n", level == DB_REPORT_ERROR ?
	    "error" : "warning", event, msg);
}

static db_report_fn	 reporter = report_stderr;

void
db_set_report(db_report_fn fn)
{
	reporter = fn != NULL ? fn : report_stderr;
}

/* Format one report and hand it to the reporter. */
static void
report(enum db_report level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
report(enum db_report level, const char *event, const char *fmt, ...)
{
	char	 msg[512], *nl;
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	while ((nl = strchr(msg, '\n')) != NULL)
		*nl = (nl[1] == '\0') ? '\0' : ' ';
	reporter(level, event, msg);
}

struct db {
	char			*conninfo;
	PGconn			*conn;
	long			 backoff_ms;	/* current wait after failure */
	int64_t			 next_try_ms;	/* monotonic ms of next attempt */
	const struct db_stmt	*prepared[DB_MAX_STMTS]; /* on this conn */
	size_t			 nprepared;
	char			 lasterr[256];
	int			 was_up;	/* for the "back" log line */
	int			 saw_retry;	/* a 40001/40P01 since BEGIN */
	char			 name[64];	/* application_name */
	int			 unprepared;	/* DB_PREPARED=0 */
	unsigned long		 generation;	/* connections opened */
};

static const char *const errs[DB_ERR__MAX] = {
	"ok",
	"database unavailable",
	"query failed",
	"conflict",
	"out of memory",
	"transaction to run again",
};

const char *
db_strerror(enum db_err e)
{
	return e >= 0 && e < DB_ERR__MAX ? errs[e] : "unknown";
}

/* Monotonic milliseconds. */
static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct db *
db_new(const char *conninfo)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->conninfo = strdup(conninfo)) == NULL) {
		free(db);
		return NULL;
	}
	db->backoff_ms = BACKOFF_MIN_MS;
	return db;
}

/* Close the connection and forget its prepared statements. */
static void
db_close(struct db *db)
{
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->conn = NULL;
	db->nprepared = 0;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_close(db);
	free(db->conninfo);
	free(db);
}

void
db_drop(struct db *db)
{
	db_close(db);
	db->next_try_ms = 0;
}

/* Copy the connection's error message, one line, for logs. */
static void
db_keep_error(struct db *db)
{
	const char	*m = db->conn != NULL ? PQerrorMessage(db->conn) : "";

	snprintf(db->lasterr, sizeof(db->lasterr), "%s", m);
	db->lasterr[strcspn(db->lasterr, "\n")] = '\0';
}

/* Session settings every connection starts with. */
static int
db_session_setup(struct db *db)
{
	PGresult	*res;
	int		 ok;

	res = PQexec(db->conn,
	    "SET TIME ZONE 'UTC'; SET client_min_messages = warning");
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1;
}

void
db_set_name(struct db *db, const char *name)
{
	snprintf(db->name, sizeof(db->name), "%s", name);
}

void
db_set_prepared(struct db *db, int on)
{
	db->unprepared = !on;
}

/* Connect with DATABASE_URL, naming the program unless it names one. */
static PGconn *
db_connect(const struct db *db)
{
	const char *const keys[] = { "dbname", "fallback_application_name",
	    NULL };
	const char *const vals[] = { db->conninfo, db->name[0] != '\0' ?
	    db->name : "sophie", NULL };

	return PQconnectdbParams(keys, vals, 1);
}

enum db_err
db_ensure(struct db *db)
{
	int64_t	 t;

	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		return DB_OK;
	if (db->conn != NULL)
		db_close(db);
	t = now_ms();
	if (t < db->next_try_ms)
		return DB_ERR_DOWN;
	db->conn = db_connect(db);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK ||
	    db_session_setup(db) == -1) {
		db_keep_error(db);
		db_close(db);
		db->next_try_ms = t + db->backoff_ms;
		/* Once per backoff step, with libpq's reason: a wrong
		 * DATABASE_URL says so at start, and again at each try. */
		report(DB_REPORT_WARN, db->was_up ? "DB_DOWN" :
		    "DB_CONNECT_FAILED", "%s (next try in %ld ms)",
		    db->lasterr, db->backoff_ms);
		db->was_up = 0;
		db->backoff_ms *= 2;
		if (db->backoff_ms > BACKOFF_MAX_MS)
			db->backoff_ms = BACKOFF_MAX_MS;
		return DB_ERR_DOWN;
	}
	db->backoff_ms = BACKOFF_MIN_MS;
	db->next_try_ms = 0;
	db->was_up = 1;
	db->generation++;
	return DB_OK;
}

unsigned long
db_generation(const struct db *db)
{
	return db->conn != NULL ? db->generation : 0;
}

int
db_usable(const struct db *db)
{
	PGTransactionStatusType	 ts;

	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK)
		return 0;
	ts = PQtransactionStatus(db->conn);
	return ts == PQTRANS_IDLE || ts == PQTRANS_INTRANS;
}

int
db_idle(const struct db *db)
{
	return db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE;
}

PGconn *
db_conn(struct db *db)
{
	return db_ensure(db) == DB_OK ? db->conn : NULL;
}

const char *
db_last_error(const struct db *db)
{
	return db->lasterr;
}

/*
 * Did the server end the session with res (terminated by an
 * administrator, shutting down, crashed: SQLSTATE class 57P; or a
 * connection exception, class 08)?  libpq may hand over that FATAL error
 * as the next statement's result before it notices the closed socket.
 */
static int
db_res_fatal(const PGresult *res)
{
	const char	*s = db_sqlstate(res);

	return strncmp(s, "57P", 3) == 0 || strncmp(s, "08", 2) == 0;
}

/* After a result that ended the session, close the connection. */
static void
db_check_fatal(struct db *db, const PGresult *res)
{
	if (db->conn == NULL || res == NULL || !db_res_fatal(res))
		return;
	snprintf(db->lasterr, sizeof(db->lasterr), "%s",
	    PQresultErrorMessage(res));
	db->lasterr[strcspn(db->lasterr, "\n")] = '\0';
	report(DB_REPORT_WARN, "DB_LOST", "%s", db->lasterr);
	db_close(db);
	db->was_up = 0;
}

/* After a failed call, notice a dropped connection. */
static void
db_check_broken(struct db *db)
{
	if (db->conn != NULL && PQstatus(db->conn) != CONNECTION_OK) {
		db_keep_error(db);
		report(DB_REPORT_WARN, "DB_LOST", "%s", db->lasterr);
		db_close(db);
		db->was_up = 0;
	}
}

/* Index of stmt among the statements prepared on this connection. */
static int
db_prepared_index(const struct db *db, const struct db_stmt *st)
{
	size_t	 i;

	for (i = 0; i < db->nprepared; i++)
		if (db->prepared[i] == st)
			return (int)i;
	return -1;
}

/*
 * Prepare stmt on the connection when not yet done; the server-side name
 * is "s<index>".  Returns the index, or -1 (the statement then runs
 * unprepared).
 */
static int
db_prepare(struct db *db, const struct db_stmt *st, char *name, size_t nsz)
{
	PGresult	*res;
	int		 idx, ok;

	if ((idx = db_prepared_index(db, st)) >= 0) {
		snprintf(name, nsz, "s%d", idx);
		return idx;
	}
	if (db->nprepared >= DB_MAX_STMTS)
		return -1;
	idx = (int)db->nprepared;
	snprintf(name, nsz, "s%d", idx);
	res = PQprepare(db->conn, name, st->sql, st->nparams, NULL);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		report(DB_REPORT_ERROR, "PREPARE_FAILED", "%s: %s", st->name,
		    PQresultErrorMessage(res));
	PQclear(res);
	if (!ok) {
		db_check_broken(db);
		return -1;
	}
	db->prepared[db->nprepared++] = st;
	return idx;
}

/*
 * Is st planned with its values at every run: DB_PLAN_EACH_RUN, or no
 * prepared statement at all on this handle (DB_PREPARED=0)?
 */
static int
db_each_run(const struct db *db, const struct db_stmt *st)
{
	return db->unprepared || strncmp(st->sql, DB_PLAN_EACH_RUN,
	    sizeof(DB_PLAN_EACH_RUN) - 1) == 0;
}

size_t
db_warm(struct db *db, const struct db_stmt *const *st, size_t n)
{
	char	 name[16];
	size_t	 i, done = 0;

	if (db_ensure(db) != DB_OK)
		return 0;
	for (i = 0; i < n; i++)
		if (db_each_run(db, st[i]) ||
		    db_prepare(db, st[i], name, sizeof(name)) >= 0)
			done++;
	return done;
}

/* One attempt of a statement on the current connection. */
static PGresult *
db_exec_once(struct db *db, const struct db_stmt *st,
    const char *const *params)
{
	char	 name[16];

	if (db_ensure(db) != DB_OK)
		return NULL;
	if (!db_each_run(db, st) && db_prepare(db, st, name, sizeof(name)) >= 0)
		return PQexecPrepared(db->conn, name, st->nparams, params,
		    NULL, NULL, 0);
	if (db->conn != NULL)
		return PQexecParams(db->conn, st->sql, st->nparams, NULL,
		    params, NULL, NULL, 0);
	return NULL;
}

/*
 * 1 when st only reads, so that running it twice does no harm: a SELECT
 * that writes nothing and calls none of the functions with effects.  A
 * connection lost with no answer may have lost it after the server ran
 * and committed the statement; only such a statement is run again.
 */
static int
db_repeatable(const struct db_stmt *st)
{
	static const char *const writes[] = { "INSERT", "UPDATE ", "DELETE",
	    "pg_notify", "set_config", "nextval", "privacy_", "_lock(" };
	const char	*q = st->sql;
	size_t		 i;

	if (strncmp(q, DB_PLAN_EACH_RUN, sizeof(DB_PLAN_EACH_RUN) - 1) == 0)
		q += sizeof(DB_PLAN_EACH_RUN) - 1;
	if (strncmp(q, "SELECT ", 7) != 0)
		return 0;
	for (i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
		if (strstr(q, writes[i]) != NULL)
			return 0;
	return 1;
}

/*
 * Run a statement.  When the connection turns out to have dropped while
 * idle (the server restarted since the last request), reconnect at once
 * and run it again, once, when it only reads (db_repeatable): a write
 * may have been committed before the answer was lost, and its caller
 * answers "try again" instead.  Inside a transaction nothing is run
 * again: the transaction is lost and the caller must see it.
 */
PGresult *
db_exec(struct db *db, const struct db_stmt *st, const char *const *params)
{
	PGresult	*res;
	int		 idle, tries;

	for (tries = 0; tries < 2; tries++) {
		/* Only a connection that was up and idle is worth a retry. */
		idle = db->conn != NULL && PQtransactionStatus(db->conn) ==
		    PQTRANS_IDLE;
		res = db_exec_once(db, st, params);
		if (res != NULL && db_ok(res))
			return res;
		if (db_result_err(res) == DB_ERR_RETRY)
			db->saw_retry = 1;
		db_check_fatal(db, res);
		db_check_broken(db);
		if (db->conn != NULL) {
			if (res != NULL &&
			    strncmp(db_sqlstate(res), "23", 2) != 0 &&
			    db_result_err(res) != DB_ERR_RETRY)
				report(DB_REPORT_ERROR, "QUERY_FAILED", "%s: %s",
				    st->name, PQresultErrorMessage(res));
			return res;
		}
		PQclear(res);
		if (!idle || tries == 1 || !db_repeatable(st))
			return NULL;
		db->next_try_ms = 0;	/* reconnect now, not after backoff */
	}
	return NULL;
}

PGresult *
db_exec_bin(struct db *db, const struct db_stmt *st,
    const char *const *params, const int *lengths, const int *formats,
    int binary)
{
	PGresult	*res;

	if (db_ensure(db) != DB_OK)
		return NULL;
	res = PQexecParams(db->conn, st->sql, st->nparams, NULL, params,
	    lengths, formats, binary ? 1 : 0);
	if (res != NULL && db_ok(res))
		return res;
	if (db_result_err(res) == DB_ERR_RETRY)
		db->saw_retry = 1;
	db_check_fatal(db, res);
	db_check_broken(db);
	if (db->conn == NULL) {
		PQclear(res);
		return NULL;
	}
	if (res != NULL && db_result_err(res) == DB_ERR_QUERY)
		report(DB_REPORT_ERROR, "QUERY_FAILED", "%s: %s", st->name,
		    PQresultErrorMessage(res));
	return res;
}

/*
 * db_exec_many's fallback: each statement by db_exec, stopping at the
 * first failure inside a transaction (the rest could not run).  Returns
 * the first failure's db_err, or DB_OK.
 */
static enum db_err
db_many_each(struct db *db, size_t n, const struct db_stmt *const *st,
    const char *const *const *p, PGresult **res)
{
	enum db_err	 e = DB_OK, ei;
	size_t		 i;

	for (i = 0; i < n; i++) {
		res[i] = db_exec(db, st[i], p[i]);
		if ((ei = db_result_err(res[i])) == DB_OK)
			continue;
		if (e == DB_OK)
			e = ei;
		if (db->conn == NULL || PQtransactionStatus(db->conn) !=
		    PQTRANS_IDLE)
			break;
	}
	return e;
}

/*
 * Send st[0..n) in pipeline mode, each followed by a sync, and read
 * their results into res.  *sent tells whether anything was sent.
 * Returns how many results came back (fewer than n: the connection was
 * lost, or is in a state that cannot be trusted and was closed).
 */
static size_t
db_pipeline(struct db *db, size_t n, const struct db_stmt *const *st,
    const char *const *const *p, PGresult **res, int *sent)
{
	PGresult	*r;
	char		 name[16];
	size_t		 i, k, got = 0;
	int		 idx, ok = 1;

	*sent = 0;
	/* Statements new to this connection are prepared first (once). */
	for (i = 0; i < n; i++)
		if (!db_each_run(db, st[i]) &&
		    db_prepare(db, st[i], name, sizeof(name)) < 0 &&
		    db->conn == NULL)
			return 0;
	if (db->conn == NULL || PQenterPipelineMode(db->conn) != 1)
		return 0;
	*sent = 1;
	for (i = 0; i < n && ok; i++) {
		idx = db_each_run(db, st[i]) ? -1 : db_prepared_index(db,
		    st[i]);
		snprintf(name, sizeof(name), "s%d", idx);
		ok = (idx >= 0 ? PQsendQueryPrepared(db->conn, name,
		    st[i]->nparams, p[i], NULL, NULL, 0) :
		    PQsendQueryParams(db->conn, st[i]->sql, st[i]->nparams,
		    NULL, p[i], NULL, NULL, 0)) == 1 &&
		    PQpipelineSync(db->conn) == 1;
	}
	/* A send that failed (the link broke): nothing is read. */
	for (; ok && got < n; got++) {
		if ((r = PQgetResult(db->conn)) == NULL)
			break;
		res[got] = r;
		/* the end of its results (NULL), then its sync */
		for (k = 0; k < 4 && (r = PQgetResult(db->conn)) != NULL;
		    k++)
			PQclear(r);
		r = PQgetResult(db->conn);
		ok = r != NULL && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (!ok) {
			got++;
			break;
		}
	}
	if (got < n || PQexitPipelineMode(db->conn) != 1) {
		/* Results still pending or the link broken: start afresh. */
		db_keep_error(db);
		report(DB_REPORT_WARN, "DB_LOST", "pipeline: %s",
		    db->lasterr);
		db_close(db);
		db->was_up = 0;
	}
	return got;
}

enum db_err
db_exec_many(struct db *db, size_t n, const struct db_stmt *const *st,
    const char *const *const *p, PGresult **res)
{
	enum db_err	 e = DB_OK, ei;
	size_t		 i, got;
	int		 idle, sent;

	for (i = 0; i < n; i++)
		res[i] = NULL;
	if (n == 0)
		return DB_OK;
	if (n > DB_MANY_MAX)
		return DB_ERR_QUERY;
	if (db->unprepared || n == 1)
		return db_many_each(db, n, st, p, res);
	if (db_ensure(db) != DB_OK)
		return DB_ERR_DOWN;
	idle = PQtransactionStatus(db->conn) == PQTRANS_IDLE;
	got = db_pipeline(db, n, st, p, res, &sent);
	for (i = 0; i < got && db->conn != NULL; i++) {
		if ((ei = db_result_err(res[i])) == DB_OK)
			continue;
		if (ei == DB_ERR_RETRY)
			db->saw_retry = 1;
		db_check_fatal(db, res[i]);
		if (e == DB_OK && db->conn != NULL && ei == DB_ERR_QUERY)
			report(DB_REPORT_ERROR, "QUERY_FAILED", "%s: %s",
			    st[i]->name, PQresultErrorMessage(res[i]));
		if (e == DB_OK)
			e = ei;
	}
	if (db->conn != NULL)
		db_check_broken(db);
	if (got == n && db->conn != NULL)
		return e;
	for (i = 0; i < n; i++) {
		PQclear(res[i]);
		res[i] = NULL;
	}
	if (!sent && db->conn != NULL)	/* nothing sent: one by one */
		return db_many_each(db, n, st, p, res);
	/* Lost: run again only reads, on a connection that was idle. */
	if (!idle)
		return DB_ERR_DOWN;
	for (i = 0; i < n; i++)
		if (!db_repeatable(st[i]))
			return DB_ERR_DOWN;
	db->next_try_ms = 0;
	return db_many_each(db, n, st, p, res);
}

int
db_ok(const PGresult *res)
{
	ExecStatusType	 s;

	if (res == NULL)
		return 0;
	s = PQresultStatus(res);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

const char *
db_sqlstate(const PGresult *res)
{
	const char	*s;

	if (res == NULL)
		return "";
	s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	return s != NULL ? s : "";
}

enum db_err
db_result_err(const PGresult *res)
{
	const char	*s;

	if (res == NULL)
		return DB_ERR_DOWN;
	if (db_ok(res))
		return DB_OK;
	s = db_sqlstate(res);
	if (strcmp(s, "23505") == 0 || strcmp(s, "23P01") == 0)
		return DB_ERR_CONFLICT;
	if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0)
		return DB_ERR_RETRY;
	return DB_ERR_QUERY;
}

enum db_err
db_do(struct db *db, const struct db_stmt *st, const char *const *params)
{
	PGresult	*res;
	enum db_err	 e;

	res = db_exec(db, st, params);
	e = db_result_err(res);
	PQclear(res);
	return e;
}

enum db_err
db_command(struct db *db, const char *literal)
{
	PGresult	*res;
	enum db_err	 e;

	if (db_ensure(db) != DB_OK)
		return DB_ERR_DOWN;
	res = PQexec(db->conn, literal);
	e = db_result_err(res);
	if (e == DB_ERR_RETRY)
		db->saw_retry = 1;
	if (e != DB_OK) {
		db_check_fatal(db, res);
		db_check_broken(db);
	}
	PQclear(res);
	if (db->conn == NULL)
		return DB_ERR_DOWN;
	return e;
}

/* One try of db_tx. Returns fn's value or a db_err. */
static int
db_tx_once(struct db *db, int (*fn)(struct db *, void *), void *arg)
{
	int		 rc;
	enum db_err	 e;

	if ((e = db_command(db, "BEGIN")) != DB_OK)
		return e;
	db->saw_retry = 0;
	rc = fn(db, arg);
	if (rc == 0 && db->conn != NULL &&
	    PQtransactionStatus(db->conn) == PQTRANS_INERROR)
		rc = DB_ERR_QUERY;
	if (rc != 0) {
		if (db->conn != NULL)
			db_command(db, "ROLLBACK");
		return rc;
	}
	return db_command(db, "COMMIT");
}

int
db_tx(struct db *db, int (*fn)(struct db *, void *), void *arg)
{
	struct timespec	 ts;
	long		 ms;
	int		 rc, tries;

	for (tries = 1; ; tries++) {
		rc = db_tx_once(db, fn, arg);
		if (rc == 0 || !db->saw_retry || db->conn == NULL)
			return rc;
		if (tries == DB_TX_TRIES) {
			report(DB_REPORT_WARN, "TX_RETRIES_EXHAUSTED",
			    "still asked to run again after %d tries", tries);
			return DB_ERR_RETRY;
		}
		/* 1 to 4 ms times the try: the other side finishes first. */
		ts.tv_sec = 0;
		ms = tries * (1 + (long)randombytes_uniform(4));
		ts.tv_nsec = ms * 1000000L;
		nanosleep(&ts, NULL);
	}
}

const char *
db_json_cell(struct json_object *rows, size_t i, size_t col)
{
	json_object	*row, *v;
	const char	*s;

	row = json_object_array_get_idx(rows, i);
	if (row == NULL || !json_object_is_type(row, json_type_array) ||
	    (v = json_object_array_get_idx(row, col)) == NULL ||
	    !json_object_is_type(v, json_type_string) ||
	    (s = json_object_get_string(v)) == NULL)
		return "";
	return s;
}
