/*
 * jobs — enqueue, claim, finish, fail, reap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "jobs.h"

/* Seconds: the longest wait a third party's Retry-After can impose. */
#define JOBS_RETRY_AFTER_MAX	3600

static const struct db_stmt st_enqueue = {
	"jobs_enqueue",
	"INSERT INTO jobs (kind, clinic_id, queue_key, payload, max_attempts) "
	"VALUES ($1, $2::uuid, $3, $4::jsonb, $5::int)",
	5
};

/* The oldest runnable job whose queue has nothing older queued or
 * running; rows locked by another claimer are skipped. */
static const struct db_stmt st_claim = {
	"jobs_claim",
	"WITH c AS (SELECT j.id FROM jobs j WHERE j.status = 'queued' "
	"AND j.run_at <= now() AND (j.queue_key IS NULL OR NOT EXISTS ("
	"SELECT 1 FROM jobs k WHERE k.queue_key = j.queue_key "
	"AND k.status IN ('queued', 'running') AND k.id < j.id)) "
	"ORDER BY j.run_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED) "
	"UPDATE jobs SET status = 'running', attempts = jobs.attempts + 1, "
	"locked_by = $1, locked_until = now() + make_interval(secs => $2::int),"
	" started_at = now() FROM c WHERE jobs.id = c.id "
	"RETURNING jobs.id, jobs.kind, coalesce(jobs.clinic_id::text, ''), "
	"jobs.payload::text, jobs.attempts, jobs.max_attempts",
	2
};

/* Job $3 on the same terms as st_claim (no scan: its primary key), or
 * the same job already $1's (queued as its own: outbox_queue). */
static const struct db_stmt st_claim_id = {
	"jobs_claim_id",
	"UPDATE jobs SET status = 'running', attempts = CASE WHEN "
	"jobs.status = 'queued' THEN jobs.attempts + 1 ELSE jobs.attempts "
	"END, locked_by = $1, locked_until = now() + make_interval(secs => "
	"$2::int), started_at = now() WHERE jobs.id = $3::bigint AND "
	"((jobs.status = 'queued' AND jobs.run_at <= now() AND "
	"(jobs.queue_key IS NULL OR NOT EXISTS (SELECT 1 FROM jobs k WHERE "
	"k.queue_key = jobs.queue_key AND k.status IN ('queued', 'running') "
	"AND k.id < jobs.id))) OR (jobs.status = 'running' AND "
	"jobs.locked_by = $1)) "
	"RETURNING jobs.id, jobs.kind, coalesce(jobs.clinic_id::text, ''), "
	"jobs.payload::text, jobs.attempts, jobs.max_attempts",
	3
};

/*
 * Up to $3 jobs of kind $4 on the same terms as st_claim (the oldest
 * runnable, the first of each queue: at most one per queue_key), in one
 * statement.  A statement of its own, without the optional arguments
 * of one claim for every use (`$n IS NULL OR ...`), so that its plan is
 * made once per connection instead of at every call.
 */
static const struct db_stmt st_claim_kind = {
	"jobs_claim_kind",
	"WITH c AS (SELECT j.id FROM jobs j WHERE j.status = 'queued' "
	"AND j.run_at <= now() AND j.kind = $4 "
	"AND (j.queue_key IS NULL OR NOT EXISTS ("
	"SELECT 1 FROM jobs k WHERE k.queue_key = j.queue_key "
	"AND k.status IN ('queued', 'running') AND k.id < j.id)) "
	"ORDER BY j.run_at, j.id LIMIT $3::int FOR UPDATE SKIP LOCKED) "
	"UPDATE jobs SET status = 'running', attempts = jobs.attempts + 1, "
	"locked_by = $1, locked_until = now() + make_interval(secs => $2::int),"
	" started_at = now() FROM c WHERE jobs.id = c.id "
	"RETURNING jobs.id, jobs.kind, coalesce(jobs.clinic_id::text, ''), "
	"jobs.payload::text, jobs.attempts, jobs.max_attempts",
	4
};

/*
 * Of the jobs $3 (a bigint array, at most $4 of them): those $1 already
 * holds (queued as its own by outbox_queue, in the transaction that
 * wrote them: the lease they were given then stands) read as they are,
 * without a lock or a write; the others claimed on the terms of
 * st_claim (queued, runnable, first of their queue; rows another
 * claimer holds skipped).  A batch's replies are mostly the former, so
 * their send costs no transaction of its own before the posts; when
 * all of them are, the queued jobs are not looked at (a one-time
 * filter: the claim's walk of the queue would read the whole backlog
 * of turns under a generic plan).
 */
static const struct db_stmt st_claim_ids = {
	"jobs_claim_ids",
	"WITH m AS (SELECT j.id, j.kind, coalesce(j.clinic_id::text, '') AS "
	"clinic, j.payload::text AS payload, j.attempts, j.max_attempts FROM "
	"jobs j WHERE j.id = ANY ($3::bigint[]) AND j.status = 'running' AND "
	"j.locked_by = $1 AND j.locked_until > now()), "
	"c AS (SELECT j.id FROM jobs j WHERE j.id = ANY ($3::bigint[]) "
	"AND cardinality($3::bigint[]) > (SELECT count(*) FROM m) "
	"AND j.status = 'queued' AND j.run_at <= now() "
	"AND (j.queue_key IS NULL OR NOT EXISTS ("
	"SELECT 1 FROM jobs k WHERE k.queue_key = j.queue_key "
	"AND k.status IN ('queued', 'running') AND k.id < j.id)) "
	"ORDER BY j.run_at, j.id LIMIT $4::int FOR UPDATE SKIP LOCKED), "
	"u AS (UPDATE jobs SET status = 'running', attempts = jobs.attempts + 1,"
	" locked_by = $1, locked_until = now() + make_interval(secs => "
	"$2::int), started_at = now() FROM c WHERE jobs.id = c.id "
	"RETURNING jobs.id, jobs.kind, coalesce(jobs.clinic_id::text, ''), "
	"jobs.payload::text, jobs.attempts, jobs.max_attempts) "
	"SELECT * FROM m UNION ALL SELECT * FROM u ORDER BY 1 LIMIT $4::int",
	4
};

static const struct db_stmt st_finish = {
	"jobs_finish",
	"UPDATE jobs SET status = 'done', finished_at = now(), "
	"locked_until = NULL, last_error = NULL "
	"WHERE id = $1::bigint AND locked_by = $2 AND status = 'running'",
	2
};

/* st_finish for the jobs of $1 (a bigint array) held by $2. */
static const struct db_stmt st_finish_many = {
	"jobs_finish_many",
	"UPDATE jobs SET status = 'done', finished_at = now(), "
	"locked_until = NULL, last_error = NULL "
	"WHERE id = ANY($1::bigint[]) AND locked_by = $2 AND "
	"status = 'running'",
	2
};

static const struct db_stmt st_fail = {
	"jobs_fail",
	"UPDATE jobs SET status = CASE WHEN $4::bool OR attempts >= "
	"max_attempts THEN 'failed' ELSE 'queued' END, "
	"run_at = now() + make_interval(secs => $3::int), last_error = $5, "
	"locked_until = NULL, finished_at = CASE WHEN $4::bool OR attempts >= "
	"max_attempts THEN now() END "
	"WHERE id = $1::bigint AND locked_by = $2 AND status = 'running'",
	5
};

static const struct db_stmt st_reap = {
	"jobs_reap",
	"UPDATE jobs SET status = 'queued', locked_until = NULL, "
	"last_error = 'lease expired (worker stopped mid-job)' "
	"WHERE status = 'running' AND locked_until < now()",
	0
};

static const struct db_stmt st_release_own = {
	"jobs_release_own",
	"UPDATE jobs SET status = 'queued', locked_until = NULL, "
	"last_error = 'connection lost mid-job (database restarted or "
	"failed over)' WHERE status = 'running' AND locked_by = $1",
	1
};

int
jobs_release_own(struct db *db, const char *who)
{
	PGresult	*res;
	const char	*p[1] = { who };
	int		 n = -1;

	res = db_exec(db, &st_release_own, p);
	if (db_ok(res))
		n = (int)strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n;
}

int
jobs_enqueue(struct db *db, const char *kind, const char *clinic,
    const char *queue_key, const char *payload, int max_attempts)
{
	char		 max[16];
	const char	*p[5];

	snprintf(max, sizeof(max), "%d", max_attempts > 0 ? max_attempts : 8);
	p[0] = kind;
	p[1] = clinic;
	p[2] = queue_key;
	p[3] = payload != NULL ? payload : "{}";
	p[4] = max;
	return db_do(db, &st_enqueue, p);
}

/* Copy s into a fixed field. */
static void
copyfield(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s);
}

/* Fill *j (claimed by who) from row i of a claim statement's result. */
static void
take_job(PGresult *res, int i, const char *who, struct job *j)
{
	memset(j, 0, sizeof(*j));
	copyfield(j->who, sizeof(j->who), who);
	copyfield(j->id, sizeof(j->id), PQgetvalue(res, i, 0));
	copyfield(j->kind, sizeof(j->kind), PQgetvalue(res, i, 1));
	copyfield(j->clinic_id, sizeof(j->clinic_id), PQgetvalue(res, i, 2));
	j->payload = json_tokener_parse(PQgetvalue(res, i, 3));
	if (j->payload == NULL)
		j->payload = json_object_new_object();
	j->attempts = (int)strtol(PQgetvalue(res, i, 4), NULL, 10);
	j->max_attempts = (int)strtol(PQgetvalue(res, i, 5), NULL, 10);
}

/* Run a claim statement and fill *j from its row. 1, 0 or -1. */
static int
claim(struct db *db, const struct db_stmt *st, const char **p,
    const char *who, struct job *j)
{
	PGresult	*res;
	int		 rc;

	memset(j, 0, sizeof(*j));
	copyfield(j->who, sizeof(j->who), who);
	res = db_exec(db, st, p);
	if (!db_ok(res)) {
		PQclear(res);
		return -1;
	}
	if ((rc = PQntuples(res) == 1))
		take_job(res, 0, who, j);
	PQclear(res);
	return rc;
}

int
jobs_claim_many(struct db *db, const char *who, int lease_s, int max,
    const char *ids, const char *kind, struct job *js)
{
	char		 lease[16], lim[16];
	const char	*p[4];
	PGresult	*res;
	int		 i, n;

	if (max < 1 || (ids == NULL && kind == NULL))
		return 0;
	snprintf(lease, sizeof(lease), "%d", lease_s);
	snprintf(lim, sizeof(lim), "%d", max);
	p[0] = who;
	p[1] = lease;
	if (ids != NULL) {
		p[2] = ids;
		p[3] = lim;
		res = db_exec(db, &st_claim_ids, p);
	} else {
		p[2] = lim;
		p[3] = kind;
		res = db_exec(db, &st_claim_kind, p);
	}
	if (!db_ok(res)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	if (n > max)	/* cannot happen: LIMIT */
		n = max;
	for (i = 0; i < n; i++)
		take_job(res, i, who, &js[i]);
	PQclear(res);
	return n;
}

int
jobs_claim(struct db *db, const char *who, int lease_s, struct job *j)
{
	char		 lease[16];
	const char	*p[2];

	snprintf(lease, sizeof(lease), "%d", lease_s);
	p[0] = who;
	p[1] = lease;
	return claim(db, &st_claim, p, who, j);
}

int
jobs_claim_id(struct db *db, const char *who, int lease_s, const char *id,
    struct job *j)
{
	char		 lease[16];
	const char	*p[3];

	snprintf(lease, sizeof(lease), "%d", lease_s);
	p[0] = who;
	p[1] = lease;
	p[2] = id;
	return claim(db, &st_claim_id, p, who, j);
}

int
jobs_finish(struct db *db, struct job *j)
{
	const char	*p[2] = { j->id, j->who };
	int		 er;

	if ((er = db_do(db, &st_finish, p)) == DB_OK)
		j->finished = 1;
	return er;
}

int
jobs_finish_many(struct db *db, struct job *const *js, size_t n)
{
	char		 ids[64 * 24 + 3];
	const char	*p[2];
	size_t		 i, len = 0;
	int		 k, er;

	if (n == 0)
		return DB_OK;
	if (n > 64)
		return DB_ERR_QUERY;
	ids[len++] = '{';
	for (i = 0; i < n; i++) {
		k = snprintf(ids + len, sizeof(ids) - len, "%s%s",
		    i > 0 ? "," : "", js[i]->id);
		if (k < 0 || (size_t)k >= sizeof(ids) - len - 1)
			return DB_ERR_QUERY;
		len += (size_t)k;
	}
	ids[len++] = '}';
	ids[len] = '\0';
	p[0] = ids;
	p[1] = js[0]->who;
	if ((er = db_do(db, &st_finish_many, p)) == DB_OK)
		for (i = 0; i < n; i++)
			js[i]->finished = 1;
	return er;
}

int
jobs_backoff(int attempts)
{
	int	 base, jitter;

	if (attempts < 1)
		attempts = 1;
	base = attempts >= 10 ? 600 : 1 << (attempts - 1);
	if (base > 600)
		base = 600;
	jitter = (int)randombytes_uniform((uint32_t)base / 2 + 1);
	return base + jitter;
}

int
jobs_fail(struct db *db, const struct job *j, const char *who,
    const char *error, int permanent)
{
	char		 delay[16];
	const char	*p[5];
	int		 wait = jobs_backoff(j->attempts);

	if (j->retry_after_s > wait)
		wait = j->retry_after_s > JOBS_RETRY_AFTER_MAX ?
		    JOBS_RETRY_AFTER_MAX : j->retry_after_s;
	snprintf(delay, sizeof(delay), "%d", wait);
	p[0] = j->id;
	p[1] = who;
	p[2] = delay;
	p[3] = permanent ? "true" : "false";
	p[4] = error;
	return db_do(db, &st_fail, p);
}

int
jobs_reap(struct db *db)
{
	PGresult	*res;
	int		 n = -1;

	res = db_exec(db, &st_reap, NULL);
	if (db_ok(res))
		n = (int)strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n;
}

const char *
jobs_request(const struct job *j)
{
	json_object	*v;
	const char	*id;

	if (j->payload == NULL ||
	    !json_object_object_get_ex(j->payload, "request_id", &v) ||
	    (id = json_object_get_string(v)) == NULL)
		return "";
	return id;
}

void
jobs_release(struct job *j)
{
	if (j->payload != NULL)
		json_object_put(j->payload);
	j->payload = NULL;
}
