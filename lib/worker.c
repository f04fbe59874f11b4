/*
 * worker — supervisor and job loop.
 */
#include <sys/select.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "db.h"
#include "engine.h"
#include "httpc.h"
#include "log.h"
#include "outbox.h"
#include "remind.h"
#include "worker.h"

#define POLL_MS		500
#define MAX_CHILDREN	64

#define HEARTBEAT_S	15	/* how often a process says it is alive */
#define CHAIN_MAX	4	/* jobs run one after another (run_chain) */
#define BATCH_MAX	32	/* turns committed together, at most */
#define BATCH_AUTO	16	/* the same with the LLM off by default */
#define TURN_KIND	"conversation_turn"

/* $1 who: this process is alive (for /health). */
static const struct db_stmt st_beat = { "worker_beat",
	"INSERT INTO worker_heartbeats (who, seen_at) VALUES ($1, now()) "
	"ON CONFLICT (who) DO UPDATE SET seen_at = now()", 1 };

/* $1 who: this process stops; rows of processes long gone go too. */
static const struct db_stmt st_unbeat = { "worker_unbeat",
	"DELETE FROM worker_heartbeats WHERE who = $1 OR seen_at < now() - "
	"interval '1 day'", 1 };

/*
 * The periodic work of the current period, once across hosts: $1 the
 * work's name, $2 the period in seconds, $3 who.  The row of the period
 * (its slot by the database's clock, the one clock every host shares)
 * is inserted by one worker only; a row back means this one runs it.
 * A lease row rather than pg_try_advisory_xact_lock: the lock only keeps
 * two hosts from running at the same instant, not one after the other
 * within the same period, and a session lock would not survive
 * pgbouncer's transaction mode.
 */
static const struct db_stmt st_tick = { "worker_tick",
	"INSERT INTO scheduler_ticks (name, slot, holder) VALUES ($1, "
	"floor(extract(epoch FROM now()) / $2::int)::bigint, $3) "
	"ON CONFLICT (name, slot) DO NOTHING RETURNING slot", 3 };

/* The winner of a period forgets the rows of the periods of yesterday. */
static const struct db_stmt st_tick_prune = { "worker_tick_prune",
	"DELETE FROM scheduler_ticks WHERE at < now() - interval '1 day'", 0 };

static volatile sig_atomic_t	 stopping;

/*
 * Periodic work, queued once a period (SOPHIE_SCHEDULE_S, a minute by
 * default) across all hosts by the worker that wins it (schedule_tick):
 * an incremental Google Calendar sync of every connected calendar not
 * synced for five minutes (one queued at a time per practitioner, by its
 * dedupe key).  The reminders scan queues itself again after each run;
 * this starts it.
 */
static const struct db_stmt st_schedule_sync = {
	"worker_schedule_sync",
	"INSERT INTO jobs (kind, clinic_id, queue_key, dedupe_key, payload, "
	"max_attempts) SELECT 'calendar_sync', i.clinic_id, "
	"'cal:' || i.practitioner_id, 'calsync:' || i.practitioner_id, "
	"jsonb_build_object('practitioner_id', i.practitioner_id), 5 "
	"FROM practitioner_calendar_integrations i WHERE i.status = "
	"'connected' AND (i.last_sync_at IS NULL OR i.last_sync_at < now() - "
	"interval '5 minutes') ON CONFLICT (dedupe_key) WHERE dedupe_key IS "
	"NOT NULL AND status IN ('queued', 'running') DO NOTHING",
	0
};

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The handler for a kind, or NULL. */
static const struct job_handler *
handler_for(const char *kind)
{
	size_t	 i;

	for (i = 0; i < worker_nhandlers; i++)
		if (strcmp(worker_handlers[i].kind, kind) == 0)
			return &worker_handlers[i];
	return NULL;
}

/* Record a failure outside the handler's (rolled back) transaction. */
static void
job_failed(struct app_ctx *ctx, struct job *j, const char *who,
    const char *err, int permanent)
{
	if (jobs_fail(ctx->db, j, who, err, permanent) != DB_OK)
		log_error("worker", "JOB_FAIL_LOST", j->clinic_id, "job %s: %s",
		    j->id, err);
	else if (permanent || j->attempts >= j->max_attempts)
		log_error("worker", "JOB_GAVE_UP", j->clinic_id,
		    "job %s (%s) after %d attempts: %s", j->id, j->kind,
		    j->attempts, err);
	else
		log_warn("worker", "JOB_RETRY", j->clinic_id,
		    "job %s (%s) attempt %d: %s", j->id, j->kind, j->attempts,
		    err);
}

/*
 * The end of a WORKER_OWN_TX job j whose handler said out (err: why):
 * finished when done (unless it finished itself), else failed.
 */
static void
own_tx_over(struct app_ctx *ctx, struct job *j, const char *who,
    enum job_outcome out, char *err, size_t errsz)
{
	if (out == JOB_DONE && (j->finished ||
	    jobs_finish(ctx->db, j) == DB_OK))
		return;
	if (out == JOB_DONE)	/* the work is done; taken again */
		snprintf(err, errsz, "could not mark it done");
	if (!db_idle(ctx->db))	/* a handler left a transaction */
		db_command(ctx->db, "ROLLBACK");
	job_failed(ctx, j, who, err[0] != '\0' ? err : "failed",
	    out == JOB_GIVEUP);
}

static void
run_job(struct app_ctx *ctx, struct job *j, const char *who)
{
	const struct job_handler	*h;
	enum job_outcome		 out;
	char				 err[512] = "";

	if ((h = handler_for(j->kind)) == NULL) {
		job_failed(ctx, j, who, "unknown job kind", 1);
		return;
	}
	snprintf(j->who, sizeof(j->who), "%s", who);
	j->finished = 0;
	if (h->tx == WORKER_OWN_TX) {
		out = h->fn(ctx, j, err, sizeof(err));
		own_tx_over(ctx, j, who, out, err, sizeof(err));
		return;
	}
	if (db_command(ctx->db, "BEGIN") != DB_OK)
		return;		/* the lease will expire; taken again */
	out = h->fn(ctx, j, err, sizeof(err));
	if (out == JOB_DONE) {
		if (jobs_finish(ctx->db, j) == DB_OK &&
		    db_command(ctx->db, "COMMIT") == DB_OK)
			return;
		snprintf(err, sizeof(err), "commit failed");
		out = JOB_RETRY;
	}
	db_command(ctx->db, "ROLLBACK");
	job_failed(ctx, j, who, err[0] != '\0' ? err : "failed",
	    out == JOB_GIVEUP);
}

/* Run j with its request's id on every log line it writes. */
void
worker_run_job(struct app_ctx *ctx, struct job *j, const char *who)
{
	log_set_request(jobs_request(j));
	run_job(ctx, j, who);
	log_set_request(NULL);
}

/*
 * Run j, then the job it handed on (j->next: e.g. a turn's reply, sent
 * at once by the worker that wrote it instead of waking another), and so
 * on, a bounded number of times.  Releases j.
 */
static void
run_chain(struct app_ctx *ctx, struct job *j, const char *who)
{
	char	 next[sizeof(j->next)];
	int	 i;

	for (i = 0; i < CHAIN_MAX; i++) {
		j->next[0] = '\0';
		worker_run_job(ctx, j, who);
		snprintf(next, sizeof(next), "%s", j->next);
		jobs_release(j);
		if (next[0] == '\0' || stopping || jobs_claim_id(ctx->db, who,
		    (int)ctx->cfg->job_lease_s, next, j) != 1)
			return;
	}
}

/*
 * The replies' send jobs the batch's turns queued (their ids in js[i].next
 * of the turns that were done), claimed in one statement and sent while
 * this worker is awake: together (outbox_send_batch: their bookkeeping
 * in one statement before the posts and one after), and those it leaves
 * one after another.
 */
static void
run_sends(struct app_ctx *ctx, struct job *js, int n, const char *who)
{
	struct job	 sends[BATCH_MAX];
	char		 ids[BATCH_MAX * 24 + 3];
	char		 err[BATCH_MAX][512];
	int		 out[BATCH_MAX];
	size_t		 len = 0;
	int		 i, k, m = 0;

	ids[len++] = '{';
	for (i = 0; i < n; i++) {
		if (js[i].next[0] == '\0')
			continue;
		k = snprintf(ids + len, sizeof(ids) - len, "%s%s",
		    m > 0 ? "," : "", js[i].next);
		if (k < 0 || (size_t)k >= sizeof(ids) - len - 1)
			break;
		len += (size_t)k;
		m++;
	}
	ids[len++] = '}';
	ids[len] = '\0';
	if (m == 0 || stopping || (m = jobs_claim_many(ctx->db, who,
	    (int)ctx->cfg->job_lease_s, m, ids, NULL, sends)) <= 0)
		return;		/* left queued: any worker sends them */
	for (i = 0; i < m; i++)
		snprintf(sends[i].who, sizeof(sends[i].who), "%s", who);
	outbox_send_batch(ctx, sends, m, out, err[0], sizeof(err[0]));
	for (i = 0; i < m; i++) {
		if (out[i] == OUTBOX_ALONE)
			worker_run_job(ctx, &sends[i], who);
		else
			own_tx_over(ctx, &sends[i], who,
			    (enum job_outcome)out[i], err[i], sizeof(err[i]));
		jobs_release(&sends[i]);
	}
}

/*
 * Turns to take at once: SOPHIE_TURN_BATCH, or when 0, BATCH_AUTO with
 * the LLM off and 1 with it on (a batch's turns are decided one after
 * another: each would wait for the others' LLM calls).
 */
static int
batch_size(const struct config *cfg)
{
	const char	*u = cfg->llm_api_url;

	if (cfg->turn_batch > 0)
		return cfg->turn_batch > BATCH_MAX ? BATCH_MAX :
		    (int)cfg->turn_batch;
	return u == NULL || *u == '\0' || strcmp(u, "off") == 0 ?
	    BATCH_AUTO : 1;
}

/*
 * Run j, a claimed conversation turn, with up to batch_size() - 1 more turns
 * of other conversations claimed now, as one batch (engine_turn_batch:
 * each decided alone, all committed in one transaction, each behind its
 * own check); then their replies' sends.  Releases j.
 */
static void
run_turns(struct app_ctx *ctx, struct job *j, const char *who)
{
	struct job		 js[BATCH_MAX];
	struct job		*p[BATCH_MAX];
	struct engine_batch_res	 r[BATCH_MAX];
	int			 i, n;

	js[0] = *j;
	memset(j, 0, sizeof(*j));
	n = stopping || batch_size(ctx->cfg) < 2 ? 0 : jobs_claim_many(ctx->db,
	    who, (int)ctx->cfg->job_lease_s, batch_size(ctx->cfg) - 1, NULL,
	    TURN_KIND, js + 1);
	n = 1 + (n > 0 ? n : 0);
	for (i = 0; i < n; i++) {
		snprintf(js[i].who, sizeof(js[i].who), "%s", who);
		p[i] = &js[i];
	}
	engine_turn_batch(ctx, p, (size_t)n, r);
	for (i = 0; i < n; i++)
		if (r[i].out != JOB_DONE)
			job_failed(ctx, &js[i], who, r[i].err[0] != '\0' ?
			    r[i].err : "failed", r[i].out == JOB_GIVEUP);
		else if (!js[i].finished && jobs_finish(ctx->db, &js[i]) !=
		    DB_OK)
			job_failed(ctx, &js[i], who, "could not mark it done",
			    0);
	run_sends(ctx, js, n, who);
	for (i = 0; i < n; i++)
		jobs_release(&js[i]);
}

/* What schedule_tx needs and what it found. */
struct tick {
	const char	*who;
	long		 period_s;
	int		 won;		/* this worker has the period */
};

/*
 * In one transaction: take the current period (st_tick) and, when this
 * worker got it, queue its work.  A failure rolls back both, so the
 * period is never taken without its work.  Returns 0 or a db_err.
 */
static int
schedule_tx(struct db *db, void *arg)
{
	struct tick	*t = arg;
	char		 period[16];
	const char	*p[3] = { "schedule", period, t->who };
	PGresult	*res;
	int		 er;

	snprintf(period, sizeof(period), "%ld", t->period_s);
	res = db_exec(db, &st_tick, p);
	if (!db_ok(res)) {
		er = db_result_err(res);
		PQclear(res);
		return er;
	}
	t->won = PQntuples(res) == 1;
	PQclear(res);
	if (!t->won)
		return 0;
	if ((er = db_do(db, &st_schedule_sync, NULL)) != DB_OK ||
	    (er = remind_enqueue(db, 0)) != DB_OK ||
	    (er = db_do(db, &st_tick_prune, NULL)) != DB_OK)
		return er;
	return 0;
}

/*
 * Queue the periodic work when this worker wins the current period
 * (schedule_tx): the calendar syncs due, and the reminders scan when
 * none is queued.  Every worker process of every host calls this; the
 * work is queued once per period.  Returns 1 (queued here), 0 (another
 * worker has the period) or -1 (database: try again soon).
 */
static int
schedule_tick(struct app_ctx *ctx, const char *who)
{
	struct tick	 t = { who, ctx->cfg->schedule_s, 0 };

	if (db_tx(ctx->db, schedule_tx, &t) != 0)
		return -1;
	if (t.won)
		log_info("worker", "SCHEDULED", NULL, "periodic work queued "
		    "by %s", who);
	return t.won;
}

/* Wait for a notification or the poll interval. */
static void
wait_for_work(struct app_ctx *ctx)
{
	PGconn		*c = db_conn(ctx->db);
	PGnotify	*n;
	fd_set		 rfds;
	struct timeval	 tv;
	int		 fd;

	if (c == NULL || (fd = PQsocket(c)) < 0) {
		usleep(POLL_MS * 1000);
		return;
	}
	FD_ZERO(&rfds);
	FD_SET(fd, &rfds);
	tv.tv_sec = POLL_MS / 1000;
	tv.tv_usec = (POLL_MS % 1000) * 1000;
	if (select(fd + 1, &rfds, NULL, NULL, &tv) > 0 &&
	    PQconsumeInput(c) == 0)
		db_drop(ctx->db);
	else
		while ((n = PQnotifies(c)) != NULL)
			PQfreemem(n);
}

/* One worker process: claim and run jobs until told to stop. */
static int
worker_loop(int index)
{
	struct app_ctx	 ctx;
	struct job	 j;
	char		 who[128], host[64];
	const char	*beat[1];
	unsigned long	 listening = 0;	/* the connection that LISTENs */
	int		 connected = 0;	/* a connection was open before */
	int		 rc;
	time_t		 last_schedule = 0, last_beat = 0;

	app_start(&ctx, PROG_WORKER, "worker");
	httpc_init(ctx.cfg->production);
	if (ctx.cfg->host_id[0] != '\0')
		snprintf(host, sizeof(host), "%s", ctx.cfg->host_id);
	else
		gethostname(host, sizeof(host));
	host[sizeof(host) - 1] = '\0';
	snprintf(who, sizeof(who), "%s:%ld:%d", host, (long)getpid(), index);
	while (!stopping) {
		if (db_ensure(ctx.db) != DB_OK) {
			listening = 0;
			usleep(200 * 1000);
			continue;
		}
		/* A connection opened again (the database restarted, a
		 * failover) listens again: LISTEN went with the old one;
		 * and what this worker held when the old one died (it holds
		 * nothing here) is queued again at once, not after its
		 * lease. */
		if (listening != db_generation(ctx.db) &&
		    db_command(ctx.db, "LISTEN " WORKER_CHANNEL) == DB_OK) {
			if (connected &&
			    (rc = jobs_release_own(ctx.db, who)) > 0)
				log_warn("worker", "JOBS_RELEASED", NULL,
				    "%d job(s) held when the connection was "
				    "lost queued again", rc);
			listening = db_generation(ctx.db);
			connected = 1;
		}
		if (time(NULL) - last_beat >= HEARTBEAT_S) {
			beat[0] = who;
			db_do(ctx.db, &st_beat, beat);
			last_beat = time(NULL);
		}
		jobs_reap(ctx.db);
		if (time(NULL) - last_schedule >= ctx.cfg->schedule_s &&
		    schedule_tick(&ctx, who) != -1)
			last_schedule = time(NULL);
		while (!stopping && (rc = jobs_claim(ctx.db, who,
		    (int)ctx.cfg->job_lease_s, &j)) == 1) {
			if (strcmp(j.kind, TURN_KIND) == 0)
				run_turns(&ctx, &j, who);
			else
				run_chain(&ctx, &j, who);
			log_flush();
		}
		if (!stopping)
			wait_for_work(&ctx);
	}
	beat[0] = who;
	db_do(ctx.db, &st_unbeat, beat);
	app_stop(&ctx);
	return 0;
}

/* Start worker process i; returns its pid or -1. */
static pid_t
spawn(int i)
{
	pid_t	 pid;

	if ((pid = fork()) == 0)
		_exit(worker_loop(i));
	return pid;
}

int
worker_main(int argc, char **argv)
{
	const struct config	*cfg;
	pid_t			 kids[MAX_CHILDREN], pid;
	int			 n, i, status;
	struct sigaction	 sa;

	(void)argc;
	(void)argv;
	cfg = config_load(PROG_WORKER);
	log_init("worker", cfg->log_level);
	n = (int)cfg->workers;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (i = 0; i < n; i++)
		kids[i] = spawn(i);
	log_info("worker", "STARTED", NULL, "%d worker processes", n);
	while (!stopping) {
		pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		for (i = 0; i < n && !stopping; i++)
			if (kids[i] == pid) {
				log_warn("worker", "CHILD_EXITED", NULL,
				    "worker %d exited (status %d); restarting",
				    i, status);
				sleep(1);
				kids[i] = spawn(i);
			}
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	return 0;
}
