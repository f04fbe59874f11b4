/*
 * test_db_tx — db_tx against a live PostgreSQL: a real deadlock between
 * two connections (two transactions updating two rows in opposite order)
 * fails db_tx's side, which runs again and commits; a transaction
 * PostgreSQL refuses every time gives DB_ERR_RETRY after DB_TX_TRIES
 * tries; any other failure is not run again.  And a connection that is
 * refused is reported once per backoff step with libpq's reason (needs
 * no server).  db_exec_many: statements sent together (one round trip)
 * answer as each alone would, fail alone outside a transaction, fail the
 * transaction inside one, and survive a dropped idle connection like
 * db_exec.
 *
 * SOPHIE_TEST_PG names the database (a libpq connection string); without
 * it every test is skipped.  tests/integration/test_tx_retry.py runs this
 * program against its suite's cluster.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "db.h"

/* The other side: waits until db_tx's connection waits on a row lock
 * (at most 10 s), then takes row 1, which db_tx's side holds. */
#define OTHER_SIDE \
	"DO $$ DECLARE i int := 0; BEGIN " \
	"WHILE NOT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND " \
	"pid = current_setting('sophie.probe_pid')::int) AND i < 1000 LOOP " \
	"PERFORM pg_sleep(0.01); i := i + 1; END LOOP; END $$; " \
	"UPDATE db_tx_probe SET v = v + 10 WHERE id = 1; COMMIT"

static const struct db_stmt st_bump = {
	"test_bump",
	"UPDATE db_tx_probe SET v = v + 1 WHERE id = $1::int",
	1
};

static const struct db_stmt st_dup = {
	"test_dup",
	"INSERT INTO db_tx_probe (id, v) VALUES (1, 0)",
	0
};

/* What a transaction body saw. */
struct probe {
	int	 tries;
};

/* The connection string, or NULL (the test is skipped). */
static const char *
dsn(void)
{
	const char	*s = getenv("SOPHIE_TEST_PG");

	return s != NULL && *s != '\0' ? s : NULL;
}

/* Run a literal command on a raw connection; asserts it worked. */
static void
raw(PGconn *c, const char *sql)
{
	PGresult	*res = PQexec(c, sql);

	assert_true(PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK);
	PQclear(res);
}

/* A fresh probe table with rows 1 and 2 at 0; the raw connection. */
static PGconn *
probe_setup(void)
{
	PGconn	*c = PQconnectdb(dsn());

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	raw(c, "DROP TABLE IF EXISTS db_tx_probe");
	raw(c, "CREATE TABLE db_tx_probe (id int PRIMARY KEY, v int)");
	raw(c, "INSERT INTO db_tx_probe VALUES (1, 0), (2, 0)");
	return c;
}

/* v of row id, read on the raw connection. */
static int
probe_value(PGconn *c, const char *id)
{
	const char	*p[1] = { id };
	PGresult	*res;
	int		 v;

	res = PQexecParams(c, "SELECT v FROM db_tx_probe WHERE id = $1::int",
	    1, NULL, p, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	v = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

/* Row 1, then row 2: the opposite order of the other side. */
static int
bump_both(struct db *db, void *arg)
{
	struct probe	*pr = arg;
	const char	*one[1] = { "1" }, *two[1] = { "2" };
	enum db_err	 e;

	pr->tries++;
	if ((e = db_do(db, &st_bump, one)) != DB_OK)
		return e;
	return db_do(db, &st_bump, two);
}

static void
deadlock_runs_again(void **s)
{
	struct probe	 pr = { 0 };
	struct db	*db;
	PGconn		*other;
	PGresult	*res;
	char		 pid[16];
	const char	*p[1] = { pid };
	int		 rc, failed = 0;

	(void)s;
	if (dsn() == NULL)
		skip();
	other = probe_setup();
	db = db_new(dsn());
	assert_non_null(db);
	assert_int_equal(db_ensure(db), DB_OK);
	snprintf(pid, sizeof(pid), "%d", PQbackendPID(db_conn(db)));
	res = PQexecParams(other, "SELECT set_config('sophie.probe_pid', $1, "
	    "false)", 1, NULL, p, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	PQclear(res);
	/* The other side holds row 2, then asks for row 1 once db_tx's
	 * side (holding row 1) waits for row 2: a deadlock, which the
	 * side that waited first (db_tx's) is the one to detect and lose. */
	/* Only db_tx's side may detect the deadlock: PostgreSQL checks in
	 * whichever waiter's deadlock_timeout runs out first, and on a
	 * loaded machine that can be the other side's. */
	raw(other, "SET deadlock_timeout = '60s'");
	raw(other, "BEGIN");
	raw(other, "UPDATE db_tx_probe SET v = v + 10 WHERE id = 2");
	assert_int_equal(PQsendQuery(other, OTHER_SIDE), 1);
	rc = db_tx(db, bump_both, &pr);
	while ((res = PQgetResult(other)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK &&
		    PQresultStatus(res) != PGRES_TUPLES_OK)
			failed++;
		PQclear(res);
	}
	assert_int_equal(failed, 0);		/* the other side committed */
	assert_int_equal(rc, 0);		/* and so did db_tx's */
	assert_int_equal(pr.tries, 2);		/* at its second try */
	assert_int_equal(probe_value(other, "1"), 11);
	assert_int_equal(probe_value(other, "2"), 11);
	raw(other, "DROP TABLE db_tx_probe");
	PQfinish(other);
	db_free(db);
}

/* PostgreSQL refuses this transaction every time. */
static int
always_refused(struct db *db, void *arg)
{
	struct probe	*pr = arg;

	pr->tries++;
	return db_command(db, "DO $$ BEGIN RAISE EXCEPTION 'run it again' "
	    "USING ERRCODE = 'serialization_failure'; END $$");
}

static void
retry_bad_gives_up(void **s)
{
	struct probe	 pr = { 0 };
	struct db	*db;

	(void)s;
	if (dsn() == NULL)
		skip();
	db = db_new(dsn());
	assert_non_null(db);
	assert_int_equal(db_tx(db, always_refused, &pr), DB_ERR_RETRY);
	assert_int_equal(pr.tries, DB_TX_TRIES);
	assert_true(db_idle(db));		/* nothing left open */
	db_free(db);
}

/* A failure PostgreSQL does not ask to run again (a duplicate key). */
static int
duplicate(struct db *db, void *arg)
{
	struct probe	*pr = arg;

	pr->tries++;
	return db_do(db, &st_dup, NULL);
}

static void
retry_bad_other_errors_once(void **s)
{
	struct probe	 pr = { 0 };
	struct db	*db;
	PGconn		*c;

	(void)s;
	if (dsn() == NULL)
		skip();
	c = probe_setup();
	db = db_new(dsn());
	assert_non_null(db);
	assert_int_equal(db_tx(db, duplicate, &pr), DB_ERR_CONFLICT);
	assert_int_equal(pr.tries, 1);
	assert_true(db_idle(db));
	raw(c, "DROP TABLE db_tx_probe");
	PQfinish(c);
	db_free(db);
}

/* What the database layer reported, for refused_connection_reported. */
static int	 nreports;
static char	 last_event[64], last_msg[512];

static void
capture(enum db_report level, const char *event, const char *msg)
{
	(void)level;
	nreports++;
	snprintf(last_event, sizeof(last_event), "%s", event);
	snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

/*
 * A connection string that cannot work (no server there) is reported at
 * the first try with libpq's reason, once per backoff step: a second try
 * inside the wait neither connects nor reports again. Needs no server.
 */
static void
refused_connection_reported(void **state)
{
	struct db	*db;

	(void)state;
	db_set_report(capture);
	nreports = 0;
	db = db_new("host=/nonexistent-sophie-dir dbname=x user=x "
	    "connect_timeout=2");
	assert_non_null(db);
	assert_int_equal(db_ensure(db), DB_ERR_DOWN);
	assert_int_equal(nreports, 1);
	assert_string_equal(last_event, "DB_CONNECT_FAILED");
	assert_non_null(strstr(last_msg, "nonexistent-sophie-dir"));
	assert_non_null(strstr(last_msg, "next try in"));
	assert_null(strchr(last_msg, '\n'));
	assert_int_equal(db_ensure(db), DB_ERR_DOWN);
	assert_int_equal(nreports, 1);
	db_free(db);
	db_set_report(NULL);
}

static const struct db_stmt st_read = {
	"test_read", "SELECT v FROM db_tx_probe WHERE id = $1::int", 1 };
static const struct db_stmt st_pid = {
	"test_pid", "SELECT pg_backend_pid()", 0 };

/* Ends db's server session from the raw connection c, and waits for it
 * to be gone (at most 5 s). */
static void
kill_session(struct db *db, PGconn *c)
{
	PGresult	*res;
	char		 sql[128];
	int		 i;

	res = db_exec(db, &st_pid, NULL);
	assert_true(db_ok(res));
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%s)",
	    PQgetvalue(res, 0, 0));
	raw(c, sql);
	for (i = 0; i < 500; i++) {
		PGresult *r;

		snprintf(sql, sizeof(sql), "SELECT 1 FROM pg_stat_activity "
		    "WHERE pid = %s", PQgetvalue(res, 0, 0));
		r = PQexec(c, sql);
		if (PQntuples(r) == 0) {
			PQclear(r);
			break;
		}
		PQclear(r);
		usleep(10000);
	}
	PQclear(res);
}

/*
 * A connection whose server session ended while idle: a read is run
 * again on a new connection at once; a write is not (its answer may have
 * been lost after it committed): the caller sees the failure, nothing is
 * written twice, and the next call works on a new connection.
 */
static void
dropped_connection_reruns_reads_only(void **s)
{
	const char	*one[1] = { "1" };
	struct db	*db;
	PGconn		*c;
	PGresult	*res;

	(void)s;
	if (dsn() == NULL)
		skip();
	c = probe_setup();
	db = db_new(dsn());
	assert_non_null(db);
	kill_session(db, c);
	res = db_exec(db, &st_read, one);
	assert_true(db_ok(res));
	assert_string_equal(PQgetvalue(res, 0, 0), "0");
	PQclear(res);
	kill_session(db, c);
	assert_int_not_equal(db_do(db, &st_bump, one), DB_OK);
	assert_int_equal(probe_value(c, "1"), 0);
	assert_int_equal(db_do(db, &st_bump, one), DB_OK);
	assert_int_equal(probe_value(c, "1"), 1);
	db_free(db);
	raw(c, "DROP TABLE db_tx_probe");
	PQfinish(c);
}

/*
 * db_exec_many: three statements sent together give what each gives
 * alone (the same connection, the rows of each), and statements that
 * are not yet prepared on the connection are prepared on the way.
 */
static void
many_matches_one_by_one(void **s)
{
	const char		*one[1] = { "1" }, *two[1] = { "2" };
	const struct db_stmt	*st[3] = { &st_read, &st_pid, &st_read };
	const char *const	*p[3] = { one, NULL, two };
	PGresult		*res[3];
	struct db		*db;
	PGconn			*c;
	char			 pid[16];
	size_t			 i;

	(void)s;
	if (dsn() == NULL)
		skip();
	c = probe_setup();
	raw(c, "UPDATE db_tx_probe SET v = 7 WHERE id = 2");
	db = db_new(dsn());
	assert_non_null(db);
	assert_int_equal(db_ensure(db), DB_OK);
	snprintf(pid, sizeof(pid), "%d", PQbackendPID(db_conn(db)));
	assert_int_equal(db_exec_many(db, 3, st, p, res), DB_OK);
	for (i = 0; i < 3; i++) {
		assert_true(db_ok(res[i]));
		assert_int_equal(PQntuples(res[i]), 1);
	}
	assert_string_equal(PQgetvalue(res[0], 0, 0), "0");
	assert_string_equal(PQgetvalue(res[1], 0, 0), pid);
	assert_string_equal(PQgetvalue(res[2], 0, 0), "7");
	for (i = 0; i < 3; i++)
		PQclear(res[i]);
	/* Again, prepared this time; and the connection is idle after. */
	assert_int_equal(db_exec_many(db, 3, st, p, res), DB_OK);
	assert_string_equal(PQgetvalue(res[2], 0, 0), "7");
	for (i = 0; i < 3; i++)
		PQclear(res[i]);
	assert_true(db_idle(db));
	db_free(db);
	raw(c, "DROP TABLE db_tx_probe");
	PQfinish(c);
}

/*
 * Outside a transaction each statement of db_exec_many is its own: one
 * that fails (a duplicate key) undoes none of the others, and the first
 * failure is what comes back.
 */
static void
many_failure_alone_outside_tx(void **s)
{
	const char		*one[1] = { "1" }, *two[1] = { "2" };
	const struct db_stmt	*st[3] = { &st_bump, &st_dup, &st_bump };
	const char *const	*p[3] = { one, NULL, two };
	PGresult		*res[3];
	struct db		*db;
	PGconn			*c;
	size_t			 i;

	(void)s;
	if (dsn() == NULL)
		skip();
	c = probe_setup();
	db = db_new(dsn());
	assert_non_null(db);
	assert_int_equal(db_exec_many(db, 3, st, p, res), DB_ERR_CONFLICT);
	assert_true(db_ok(res[0]));
	assert_false(db_ok(res[1]));
	assert_true(db_ok(res[2]));
	for (i = 0; i < 3; i++)
		PQclear(res[i]);
	assert_int_equal(probe_value(c, "1"), 1);
	assert_int_equal(probe_value(c, "2"), 1);
	assert_true(db_idle(db));
	db_free(db);
	raw(c, "DROP TABLE db_tx_probe");
	PQfinish(c);
}

/* Inside db_tx: bump 1, a duplicate, bump 2, sent together. */
static int
many_in_tx(struct db *db, void *arg)
{
	const char		*one[1] = { "1" }, *two[1] = { "2" };
	const struct db_stmt	*st[3] = { &st_bump, &st_dup, &st_bump };
	const char *const	*p[3] = { one, NULL, two };
	PGresult		*res[3];
	struct probe		*pr = arg;
	enum db_err		 e;
	size_t			 i;

	pr->tries++;
	e = db_exec_many(db, 3, st, p, res);
	assert_false(db_ok(res[2]));	/* not run: the transaction failed */
	for (i = 0; i < 3; i++)
		PQclear(res[i]);
	return e;
}

/*
 * Inside a transaction a failed statement of db_exec_many fails the
 * transaction: nothing after it runs and db_tx rolls everything back.
 */
static void
many_failure_fails_the_tx(void **s)
{
	struct probe	 pr = { 0 };
	struct db	*db;
	PGconn		*c;

	(void)s;
	if (dsn() == NULL)
		skip();
	c = probe_setup();
	db = db_new(dsn());
	assert_non_null(db);
	assert_int_equal(db_tx(db, many_in_tx, &pr), DB_ERR_CONFLICT);
	assert_int_equal(pr.tries, 1);
	assert_int_equal(probe_value(c, "1"), 0);
	assert_int_equal(probe_value(c, "2"), 0);
	assert_true(db_idle(db));
	db_free(db);
	raw(c, "DROP TABLE db_tx_probe");
	PQfinish(c);
}

/*
 * A session ended while idle: db_exec_many of reads only runs them again
 * on a new connection; with a write among them it reports the
 * connection down (the write may have committed before the answer was
 * lost), writes nothing twice, and the next call works.
 */
static void
many_dropped_connection(void **s)
{
	const char		*one[1] = { "1" }, *two[1] = { "2" };
	const struct db_stmt	*rd[2] = { &st_read, &st_read };
	const struct db_stmt	*wr[2] = { &st_read, &st_bump };
	const char *const	*p[2] = { one, two };
	PGresult		*res[2];
	struct db		*db;
	PGconn			*c;

	(void)s;
	if (dsn() == NULL)
		skip();
	c = probe_setup();
	db = db_new(dsn());
	assert_non_null(db);
	kill_session(db, c);
	assert_int_equal(db_exec_many(db, 2, rd, p, res), DB_OK);
	assert_string_equal(PQgetvalue(res[1], 0, 0), "0");
	PQclear(res[0]);
	PQclear(res[1]);
	kill_session(db, c);
	assert_int_equal(db_exec_many(db, 2, wr, p, res), DB_ERR_DOWN);
	assert_null(res[0]);
	assert_null(res[1]);
	assert_int_equal(probe_value(c, "2"), 0);
	assert_int_equal(db_exec_many(db, 2, wr, p, res), DB_OK);
	PQclear(res[0]);
	PQclear(res[1]);
	assert_int_equal(probe_value(c, "2"), 1);
	db_free(db);
	raw(c, "DROP TABLE db_tx_probe");
	PQfinish(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refused_connection_reported),
		cmocka_unit_test(deadlock_runs_again),
		cmocka_unit_test(retry_bad_gives_up),
		cmocka_unit_test(retry_bad_other_errors_once),
		cmocka_unit_test(dropped_connection_reruns_reads_only),
		cmocka_unit_test(many_matches_one_by_one),
		cmocka_unit_test(many_failure_alone_outside_tx),
		cmocka_unit_test(many_failure_fails_the_tx),
		cmocka_unit_test(many_dropped_connection),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("db_tx", tests, NULL, NULL);
}
