/*
 * outbox — queue replies and send them through Twilio's REST API.
 *
 * At most one post per reply that Twilio accepted.  Twilio has no
 * idempotency key for Messages, so the send job (a WORKER_OWN_TX
 * handler: no transaction is open while Twilio is called) works in
 * steps, each committed before the next:
 *  1. it records that an attempt starts (send_started_at, the first;
 *     send_attempt_at, the one in flight: sql/013), only while the
 *     message is 'pending' without a SID and no other attempt may still
 *     be in flight;
 *  2. it posts, with a StatusCallback URL that carries the message's id
 *     (".../status?k=<id>"), so Twilio's callbacks record the SID even
 *     when the answer to the post is lost (lib/intake.c);
 *  3. it records the SID and finishes the job in one transaction.
 * A message found 'pending' without a SID but with an attempt started
 * has an unknown outcome (the worker died, or the connection dropped,
 * after Twilio may have accepted it).  Before posting again the job
 * looks for it in Twilio's message list (same To, From and Body, created
 * since the first attempt, a SID no other message holds); found, its SID
 * and status are recorded and nothing is posted; not found, it is posted;
 * the list unreachable, the job waits and asks again.
 * A worker sending the replies of a batch of turns (outbox_send_batch)
 * takes the same steps for the batch: step 1 for all its messages never
 * attempted in one statement, the posts one after another (each started
 * within OUTBOX_BATCH_POST_S of step 1, so its window still holds; the
 * others are put back and sent alone), step 3 for all accepted posts in
 * one statement.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "crypto.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "outbox.h"
#include "seal.h"
#include "twilio.h"
#include "worker.h"

static const struct db_stmt st_add = {
	"outbox_add",
	"WITH m AS (INSERT INTO messages (clinic_id, conversation_id, "
	"direction, body, template_key, status, to_number) "
	"SELECT $1::uuid, c.id, 'outbound', $3, $4, 'pending', c.phone "
	"FROM conversations c WHERE c.id = $2::uuid AND c.clinic_id = $1::uuid "
	"RETURNING id, conversation_id), "
	"q AS (SELECT m.id, m.conversation_id, $6::text IS NOT NULL AND "
	"NOT EXISTS (SELECT 1 FROM jobs k WHERE k.queue_key = 'send:' || "
	"m.conversation_id AND k.status IN ('queued', 'running')) AS mine "
	"FROM m), "
	"j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload, status, "
	"attempts, locked_by, locked_until, started_at) "
	"SELECT 'send_message', $1::uuid, 'send:' || q.conversation_id, "
	"jsonb_build_object('message_id', q.id) || CASE WHEN $8 = '' THEN "
	"'{}'::jsonb ELSE jsonb_build_object('request_id', $8) END, "
	"CASE WHEN q.mine THEN "
	"'running' ELSE 'queued' END, CASE WHEN q.mine THEN 1 ELSE 0 END, "
	"CASE WHEN q.mine THEN $6 END, CASE WHEN q.mine THEN now() + "
	"make_interval(secs => $7::int) END, CASE WHEN q.mine THEN now() END "
	"FROM q RETURNING id), "
	"v AS (UPDATE conversations c SET last_body = left($3, 140) FROM m "
	"WHERE c.id = m.conversation_id AND c.clinic_id = $1::uuid) "
	"SELECT m.id, j.id, CASE WHEN $5::bool THEN "
	"pg_notify('sophie_jobs', '') END FROM m, j",
	8
};

/*
 * Seconds an attempt may still reach Twilio after it began: the send's
 * total timeout (15 s, lib/twilio_rest.c) and a margin.  No attempt
 * starts while another began less than this ago.
 */
#define OUTBOX_IN_FLIGHT_S	"20"
/* Seconds Twilio's clock may be behind the database's. */
#define OUTBOX_CLOCK_SKEW_S	60

/*
 * The message to send with what sending needs: its state, the clinic's
 * WhatsApp configuration, when its first attempt started (epoch seconds,
 * "" when none) and how many seconds an attempt in flight may still take
 * (0 or less: none).
 */
static const struct db_stmt st_load = {
	"outbox_load",
	"SELECT m.status, coalesce(m.twilio_sid, ''), m.body, m.to_number, "
	"coalesce(m.content_sid, ''), coalesce(m.content_variables::text, ''), "
	"coalesce(w.phone_number, ''), coalesce(w.account_sid, ''), "
	"coalesce(encode(w.auth_token_enc, 'hex'), ''), coalesce(w.id::text, ''),"
	" m.clinic_id, coalesce(floor(extract(epoch FROM m.send_started_at))"
	"::bigint::text, ''), coalesce(ceil(extract(epoch FROM "
	"m.send_attempt_at + make_interval(secs => $2::int) - now()))::int, 0) "
	"FROM messages m LEFT JOIN clinic_whatsapp_configs w ON "
	"w.clinic_id = m.clinic_id AND w.is_active WHERE m.id = $1::uuid "
	"AND m.direction = 'outbound'",
	2
};

/*
 * An attempt starts: only one at a time, only while the message still
 * waits for its SID.  Returns a row when it may post.
 */
static const struct db_stmt st_begin = {
	"outbox_begin",
	"UPDATE messages SET send_started_at = coalesce(send_started_at, "
	"now()), send_attempt_at = now() WHERE id = $1::uuid AND status = "
	"'pending' AND twilio_sid IS NULL AND (send_attempt_at IS NULL OR "
	"send_attempt_at <= now() - make_interval(secs => $2::int)) "
	"RETURNING 1",
	2
};

/* The attempt is over without a SID (Twilio's answer said so). */
static const struct db_stmt st_end = {
	"outbox_end",
	"UPDATE messages SET send_attempt_at = NULL WHERE id = $1::uuid",
	1
};

/*
 * Twilio accepted the post: its SID ($2, "" when its answer had none:
 * a callback brings it) and status, unless a callback already recorded
 * them (a status never moves back).
 */
static const struct db_stmt st_sent = {
	"outbox_sent",
	"WITH f AS (UPDATE jobs SET status = 'done', finished_at = now(), "
	"locked_until = NULL, last_error = NULL WHERE id = $5::bigint "
	"AND locked_by = $6 AND status = 'running' RETURNING 1) "
	"UPDATE messages SET twilio_sid = coalesce(twilio_sid, NULLIF($2, '')),"
	" status = CASE WHEN status_rank($3) > status_rank(status) THEN $3 "
	"ELSE status END, sent_at = coalesce(sent_at, now()), from_number = $4,"
	" send_attempt_at = NULL WHERE id = $1::uuid "
	"RETURNING (SELECT count(*) FROM f)",
	6
};

/*
 * A message found in Twilio's list is this one: its SID, status and
 * error, unless the message has a SID by now or another message holds
 * that one.  Returns a row when recorded.
 */
static const struct db_stmt st_adopt = {
	"outbox_adopt",
	"UPDATE messages SET twilio_sid = $2, status = CASE WHEN "
	"status_rank($3) > status_rank(status) THEN $3 ELSE status END, "
	"error_code = CASE WHEN status_rank($3) > status_rank(status) THEN "
	"NULLIF($5, '') ELSE error_code END, error_message = CASE WHEN "
	"status_rank($3) > status_rank(status) THEN NULLIF($6, '') ELSE "
	"error_message END, sent_at = coalesce(sent_at, now()), "
	"from_number = $4, send_attempt_at = NULL WHERE id = $1::uuid AND "
	"twilio_sid IS NULL AND NOT EXISTS (SELECT 1 FROM messages o WHERE "
	"o.twilio_sid = $2) RETURNING 1",
	6
};

static const struct db_stmt st_failed = {
	"outbox_failed",
	"UPDATE messages SET status = $2, error_code = NULLIF($3, ''), "
	"error_message = $4, send_attempt_at = NULL WHERE id = $1::uuid",
	4
};

/*
 * The attempts of a batch of sends start together (outbox_send_batch):
 * of the messages $1 (a JSON array of ids), those never attempted that
 * still wait for their SID get their attempt recorded (st_begin's, for
 * a first attempt) and come back with st_load's columns (an earlier
 * attempt none) and their id last.
 */
static const struct db_stmt st_begin_many = {
	"outbox_begin_many",
	"WITH b AS (UPDATE messages m SET send_started_at = now(), "
	"send_attempt_at = now() WHERE m.id = ANY (ARRAY(SELECT value::uuid "
	"FROM jsonb_array_elements_text($1::jsonb))) AND "
	"m.direction = 'outbound' "
	"AND m.status = 'pending' AND m.twilio_sid IS NULL AND "
	"m.send_started_at IS NULL AND m.send_attempt_at IS NULL RETURNING "
	"m.id, m.status, m.body, m.to_number, m.content_sid, "
	"m.content_variables, m.clinic_id) "
	"SELECT b.status, '', b.body, b.to_number, coalesce(b.content_sid, ''),"
	" coalesce(b.content_variables::text, ''), "
	"coalesce(w.phone_number, ''), coalesce(w.account_sid, ''), "
	"coalesce(encode(w.auth_token_enc, 'hex'), ''), "
	"coalesce(w.id::text, ''), b.clinic_id, '', 0, b.id FROM b LEFT JOIN clinic_whatsapp_configs w "
	"ON w.clinic_id = b.clinic_id AND w.is_active",
	1
};

/*
 * Attempts recorded by st_begin_many that were not posted ($1, a JSON
 * array of ids): no attempt of theirs began, they are as before.
 */
static const struct db_stmt st_unbegin_many = {
	"outbox_unbegin_many",
	"UPDATE messages SET send_started_at = NULL, send_attempt_at = NULL "
	"WHERE id = ANY (ARRAY(SELECT value::uuid FROM "
	"jsonb_array_elements_text($1::jsonb))) AND status = 'pending' AND "
	"twilio_sid IS NULL",
	1
};

/*
 * st_sent for a batch of accepted posts in one statement: $1 a JSON
 * array of {id, sid, st, frm, job} (the message, Twilio's SID or "",
 * our status, the sender, the send job), $2 the worker holding the
 * jobs.  Rows are found by their keys' arrays (an index scan whatever
 * the set's estimated size).  Returns the ids of the jobs finished.
 */
static const struct db_stmt st_sent_many = {
	"outbox_sent_many",
	"WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid,"
	" sid text, st text, frm text, job bigint)), "
	"f AS (UPDATE jobs SET status = 'done', finished_at = now(), "
	"locked_until = NULL, last_error = NULL FROM x WHERE jobs.id = x.job "
	"AND jobs.id = ANY (ARRAY(SELECT job FROM x)) "
	"AND jobs.locked_by = $2 AND jobs.status = 'running' "
	"RETURNING jobs.id), "
	"u AS (UPDATE messages m SET twilio_sid = coalesce(m.twilio_sid, "
	"NULLIF(x.sid, '')), status = CASE WHEN status_rank(x.st) > "
	"status_rank(m.status) THEN x.st ELSE m.status END, sent_at = "
	"coalesce(m.sent_at, now()), from_number = x.frm, "
	"send_attempt_at = NULL FROM x WHERE m.id = x.id AND "
	"m.id = ANY (ARRAY(SELECT id FROM x)) RETURNING m.id) "
	"SELECT f.id::text FROM f",
	2
};

/*
 * Seconds after a batch's attempts were recorded within which a post of
 * the batch may still start: the in-flight window (OUTBOX_IN_FLIGHT_S)
 * less the send's total timeout (15 s) and a second of margin, so that
 * no attempt is still in flight when its window closes.
 */
#define OUTBOX_BATCH_POST_S	4

/* outbox_add and outbox_queue: wake says whether to notify workers; who
 * (not NULL) holds the send job from the start, for lease_s seconds. */
static int
add(struct db *db, const char *clinic, const char *conv, const char *body,
    const char *template_key, char *id_out, char *job_out, int wake,
    const char *who, int lease_s)
{
	char		 lease[16];
	const char	*p[8] = { clinic, conv, body, template_key,
	    wake ? "true" : "false", who, lease, log_request() };
	PGresult	*res;
	int		 rc;

	snprintf(lease, sizeof(lease), "%d", lease_s);
	res = db_exec(db, &st_add, p);
	rc = db_result_err(res);
	if (rc == DB_OK && PQntuples(res) != 1)
		rc = DB_ERR_QUERY;
	if (rc == DB_OK && id_out != NULL)
		snprintf(id_out, 37, "%s", PQgetvalue(res, 0, 0));
	if (rc == DB_OK && job_out != NULL)
		snprintf(job_out, OUTBOX_JOB_ID, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return rc;
}

int
outbox_add(struct db *db, const char *clinic, const char *conv,
    const char *body, const char *template_key, char *id_out)
{
	return add(db, clinic, conv, body, template_key, id_out, NULL, 1,
	    NULL, 0);
}

int
outbox_queue(struct db *db, const char *clinic, const char *conv,
    const char *body, const char *template_key, const char *who,
    int lease_s, char *job_out)
{
	return add(db, clinic, conv, body, template_key, NULL, job_out, 0,
	    who, lease_s);
}

/* Mark the message failed or not sent; the job is then done. */
static enum job_outcome
mark(struct app_ctx *ctx, const char *id, const char *status,
    const char *code, const char *why)
{
	const char	*p[4] = { id, status, code, why };

	return db_do(ctx->db, &st_failed, p) == DB_OK ? JOB_DONE : JOB_RETRY;
}

/* One send: the job, its message and what posting it needs. */
struct send {
	struct app_ctx		*ctx;
	struct job		*j;
	const char		*id;		/* the message */
	PGresult		*row;		/* st_load's, owned */
	int			 ri;		/* its row (a batch's) */
	char			 token[256];	/* the clinic's, in clear */
	char			 cb[512];	/* StatusCallback URL */
	struct twilio_account	 acct;
	struct twilio_msg	 msg;
	const struct twilio_send_result *res;	/* st_sent's input */
	const struct twilio_find_result *found;	/* st_adopt's input */
	int			 adopted;	/* st_adopt recorded one */
};

/* Column c of the loaded message. */
static const char *
col(const struct send *s, int c)
{
	return PQgetvalue(s->row, s->ri, c);
}

/* Twilio's word for a message's state, as one of ours (status_rank). */
static const char *
our_status(const char *twilio)
{
	static const char *const v[] = { "accepted", "queued", "sending",
	    "sent", "failed", "delivered", "undelivered", "read" };
	size_t	 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(twilio, v[i]) == 0)
			return v[i];
	return strcmp(twilio, "canceled") == 0 ? "failed" : "queued";
}

/*
 * Fill s->acct and s->msg from the loaded message.  Returns JOB_RETRY to
 * go on, or the job's outcome when the message cannot be sent (then
 * marked so, or err written).
 */
static enum job_outcome
prepare(struct send *s, char *err, size_t errsz)
{
	const struct config	*cfg = s->ctx->cfg;

	s->acct.api_base = cfg->twilio_api_base;
	s->acct.account_sid = *col(s, 7) != '\0' ? col(s, 7) :
	    cfg->twilio_account_sid;
	if (*col(s, 8) != '\0' && (!cfg->have_secret_key ||
	    seal_open_hex(cfg->secret_key, col(s, 8), col(s, 9), s->token,
	    sizeof(s->token)) == -1)) {
		snprintf(err, errsz, "cannot decrypt the clinic's token");
		return mark(s->ctx, s->id, "failed", "", err);
	}
	/* A clinic's own token goes with its own account only. */
	s->acct.auth_token = *s->token != '\0' && *col(s, 7) != '\0' ?
	    s->token : cfg->twilio_auth_token;
	if (*s->acct.account_sid == '\0' || *s->acct.auth_token == '\0')
		return mark(s->ctx, s->id, "not_sent", "",
		    "Twilio is not configured; the reply stays in the outbox");
	s->msg.from = *col(s, 6) != '\0' ? col(s, 6) :
	    cfg->twilio_phone_number;
	s->msg.to = col(s, 3);
	s->msg.body = col(s, 2);
	if (*col(s, 4) != '\0') {
		s->msg.content_sid = col(s, 4);
		s->msg.content_variables = col(s, 5);
		s->msg.body = NULL;
	}
	/* The message's id is the key a callback brings back. */
	snprintf(s->cb, sizeof(s->cb), "%s/webhook/whatsapp/%s/status?k=%s",
	    cfg->public_base_url, col(s, 10), s->id);
	s->msg.status_callback = *cfg->public_base_url != '\0' ? s->cb : NULL;
	return JOB_RETRY;
}

/*
 * In one transaction: the first match no other message holds, recorded
 * as this message's, and the job finished with it.
 */
static int
adopt_tx(struct db *db, void *arg)
{
	struct send			*s = arg;
	const struct twilio_found	*m;
	const char			*p[6];
	char				 code[16];
	PGresult			*r;
	size_t				 i;
	int				 rc;

	s->adopted = 0;
	for (i = 0; i < s->found->n && !s->adopted; i++) {
		m = &s->found->found[i];
		snprintf(code, sizeof(code), "%ld", m->error_code);
		p[0] = s->id;
		p[1] = m->sid;
		p[2] = our_status(m->status);
		p[3] = s->msg.from;
		p[4] = m->error_code != 0 ? code : "";
		p[5] = m->error_message;
		r = db_exec(db, &st_adopt, p);
		rc = db_result_err(r);
		s->adopted = rc == DB_OK && PQntuples(r) == 1;
		PQclear(r);
		if (rc != DB_OK)
			return rc;
	}
	return s->adopted ? jobs_finish(db, s->j) : DB_OK;
}

/*
 * An earlier attempt's outcome is unknown: look for it in Twilio's list.
 * Returns JOB_DONE when it was found and recorded (the job finished),
 * JOB_RETRY with *post set when it is not there (post it), JOB_RETRY
 * with *post clear when the list could not be read (ask again later).
 */
static enum job_outcome
recover(struct send *s, char *err, size_t errsz, int *post)
{
	struct twilio_find		 f;
	struct twilio_find_result	 fr;
	enum twilio_err			 er;
	char				*end;
	long long			 since;

	*post = 0;
	since = strtoll(col(s, 11), &end, 10);
	memset(&f, 0, sizeof(f));
	f.to = s->msg.to;
	f.from = s->msg.from;
	f.body = s->msg.body;		/* NULL for a template */
	f.since = (time_t)(since - OUTBOX_CLOCK_SKEW_S);
	if ((er = twilio_find_sent(&s->acct, &f, &fr)) != TWILIO_OK) {
		snprintf(err, errsz, "cannot tell whether an earlier post "
		    "reached Twilio: %s (%s)", twilio_strerror(er), fr.message);
		return JOB_RETRY;
	}
	s->found = &fr;
	if (fr.n > 0 && db_tx(s->ctx->db, adopt_tx, s) != DB_OK) {
		snprintf(err, errsz, "could not record the message found");
		return JOB_RETRY;
	}
	s->found = NULL;
	if (s->adopted) {
		log_info("twilio", "SEND_RECOVERED", s->j->clinic_id, "message "
		    "%s: an earlier post had reached Twilio", s->id);
		return JOB_DONE;
	}
	if (!fr.complete)
		log_warn("twilio", "SEND_CHECK_PARTIAL", s->j->clinic_id,
		    "message %s: not in the %d newest pages of Twilio's list; "
		    "posting it again", s->id, fr.pages);
	*post = 1;
	return JOB_RETRY;
}

/*
 * Record an accepted post and finish the job: one statement, hence one
 * transaction.  Returns a db_err.
 */
static int
record_sent(struct send *s)
{
	const char	*p[6];
	PGresult	*r;
	int		 rc;

	p[0] = s->id;
	p[1] = s->res->sid;
	p[2] = *s->res->status != '\0' ? our_status(s->res->status) :
	    "queued";
	p[3] = s->msg.from;
	p[4] = s->j->id;
	p[5] = s->j->who;
	r = db_exec(s->ctx->db, &st_sent, p);
	rc = db_result_err(r);
	if (rc == DB_OK && PQntuples(r) == 1 &&
	    strcmp(PQgetvalue(r, 0, 0), "1") == 0)
		s->j->finished = 1;
	PQclear(r);
	return rc;
}

/*
 * A post Twilio did not accept (res): failed for good (the message marked
 * so), or to try again (the attempt over; the job gives up after its
 * last attempt).  Returns the job's outcome, err written.
 */
static enum job_outcome
not_sent(struct send *s, const struct twilio_send_result *res, char *err,
    size_t errsz)
{
	const char	*p[2] = { s->id, OUTBOX_IN_FLIGHT_S };
	char		 code[16];

	if (res->outcome == TWILIO_FAILED) {
		snprintf(code, sizeof(code), "%ld", res->code);
		snprintf(err, errsz, "%s%s", res->outside_window ?
		    "outside the 24-hour window (63016): " : "", res->message);
		log_warn("twilio", "SEND_FAILED", s->j->clinic_id,
		    "message %s: %ld %s", s->id, res->code, res->message);
		return mark(s->ctx, s->id, "failed", res->code ? code : "",
		    err);
	}
	db_do(s->ctx->db, &st_end, p);	/* our attempt is over */
	snprintf(err, errsz, "Twilio: %s (HTTP %ld)", res->message,
	    res->http_status);
	if (res->retry_after_s > 0)	/* Twilio asks us to wait */
		s->j->retry_after_s = res->retry_after_s > INT_MAX ? INT_MAX :
		    (int)res->retry_after_s;
	if (s->j->attempts >= s->j->max_attempts) {
		log_error("twilio", "SEND_GAVE_UP", s->j->clinic_id,
		    "message %s: %s", s->id, err);
		return mark(s->ctx, s->id, "failed", "", err);
	}
	return JOB_RETRY;
}

/* Post the message (its attempt recorded) and record what Twilio said. */
static enum job_outcome
post(struct send *s, char *err, size_t errsz)
{
	struct twilio_send_result	 res;
	const char			*p[2] = { s->id, OUTBOX_IN_FLIGHT_S };
	PGresult			*r;
	int				 ok;

	r = db_exec(s->ctx->db, &st_begin, p);
	ok = db_ok(r) && PQntuples(r) == 1;
	if (!ok) {
		snprintf(err, errsz, r == NULL || !db_ok(r) ?
		    "could not record the attempt" :
		    "the message changed; looking again");
		PQclear(r);
		return JOB_RETRY;
	}
	PQclear(r);
	twilio_send(&s->acct, &s->msg, &res);
	if (res.outcome == TWILIO_SENT) {
		s->res = &res;
		return record_sent(s) == DB_OK ? JOB_DONE : JOB_RETRY;
	}
	return not_sent(s, &res, err, errsz);
}

enum job_outcome
outbox_job_send(struct app_ctx *ctx, struct job *j, char *err, size_t errsz)
{
	struct send		 s;
	json_object		*v;
	const char		*p[2];
	char			*end;
	long			 wait;
	int			 again;
	enum job_outcome	 out;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.j = j;
	if (!json_object_object_get_ex(j->payload, "message_id", &v) ||
	    (s.id = json_object_get_string(v)) == NULL) {
		snprintf(err, errsz, "payload without message_id");
		return JOB_GIVEUP;
	}
	p[0] = s.id;
	p[1] = OUTBOX_IN_FLIGHT_S;
	s.row = db_exec(ctx->db, &st_load, p);
	if (!db_ok(s.row) || PQntuples(s.row) != 1) {
		snprintf(err, errsz, "message %s not found", s.id);
		out = db_ok(s.row) ? JOB_GIVEUP : JOB_RETRY;
		goto done;
	}
	out = JOB_DONE;			/* sent already: nothing to do */
	if (strcmp(col(&s, 0), "pending") != 0 || *col(&s, 1) != '\0')
		goto done;
	if ((out = prepare(&s, err, errsz)) != JOB_RETRY)
		goto done;
	if (*col(&s, 11) != '\0') {	/* an earlier attempt */
		wait = strtol(col(&s, 12), &end, 10);
		if (wait > 0) {		/* it may still reach Twilio */
			snprintf(err, errsz, "an earlier post may still reach "
			    "Twilio");
			j->retry_after_s = (int)wait;
			goto done;
		}
		if ((out = recover(&s, err, errsz, &again)) != JOB_RETRY ||
		    !again)
			goto done;
	}
	out = post(&s, err, errsz);
done:
	crypto_wipe(s.token, sizeof(s.token));
	PQclear(s.row);
	return out;
}

/* The message id of send job j's payload (a uuid's 36 characters of hex
 * digits and dashes), or NULL. */
static const char *
job_message(const struct job *j)
{
	json_object	*v;
	const char	*id;
	size_t		 i;

	if (!json_object_object_get_ex(j->payload, "message_id", &v) ||
	    (id = json_object_get_string(v)) == NULL || strlen(id) != 36)
		return NULL;
	for (i = 0; i < 36; i++)
		if (!isxdigit((unsigned char)id[i]) && id[i] != '-')
			return NULL;
	return id;
}

/* Seconds since t0 on the monotonic clock. */
static double
since(const struct timespec *t0)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Statement st with a JSON array a for $1 and who (may be NULL) for $2.
 * Returns its result (the caller clears it) or NULL. */
static PGresult *
exec_json(struct db *db, const struct db_stmt *st, json_object *a,
    const char *who)
{
	const char	*p[2];

	p[0] = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN);
	p[1] = who;
	return db_exec(db, st, p);
}

/* The job (of n, msg[i] its message) not yet taken whose message is
 * id, or -1. */
static int
job_of(const int *out, const char *const *msg, int n, const char *id)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (out[i] == OUTBOX_ALONE && msg[i] != NULL &&
		    strcmp(msg[i], id) == 0)
			return i;
	return -1;
}

/* Post the batch's message of row k (job js[i]): its outcome in out[i],
 * or an accepted post added to sent. */
static void
batch_post(struct app_ctx *ctx, struct job *j, PGresult *r, int k, int *out,
    char *err, size_t errsz, json_object *sent)
{
	struct send			 s;
	struct twilio_send_result	 res;
	json_object			*o;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.j = j;
	s.id = PQgetvalue(r, k, 13);
	s.row = r;
	s.ri = k;
	if ((*out = prepare(&s, err, errsz)) != JOB_RETRY) {
		crypto_wipe(s.token, sizeof(s.token));
		return;
	}
	twilio_send(&s.acct, &s.msg, &res);
	crypto_wipe(s.token, sizeof(s.token));
	if (res.outcome != TWILIO_SENT) {
		*out = not_sent(&s, &res, err, errsz);
		return;
	}
	*out = JOB_RETRY;	/* until recorded (st_sent_many) */
	snprintf(err, errsz, "could not record the post");
	if ((o = json_object_new_object()) == NULL)
		return;
	json_object_object_add(o, "id", json_object_new_string(s.id));
	json_object_object_add(o, "sid", json_object_new_string(res.sid));
	json_object_object_add(o, "st", json_object_new_string(
	    *res.status != '\0' ? our_status(res.status) : "queued"));
	json_object_object_add(o, "frm", json_object_new_string(s.msg.from));
	json_object_object_add(o, "job", json_object_new_string(j->id));
	json_object_array_add(sent, o);
}

/* Record the batch's accepted posts (sent) and finish their jobs. */
static void
batch_record(struct app_ctx *ctx, struct job *js, int n, int *out,
    char *err, size_t errsz, json_object *sent)
{
	json_object	*o, *v;
	PGresult	*r;
	size_t		 k;
	int		 i, f;

	if (json_object_array_length(sent) == 0)
		return;
	r = exec_json(ctx->db, &st_sent_many, sent, js[0].who);
	if (db_ok(r))
		for (k = 0; k < json_object_array_length(sent); k++) {
			o = json_object_array_get_idx(sent, k);
			if (!json_object_object_get_ex(o, "job", &v))
				continue;
			for (i = 0; i < n; i++) {
				if (strcmp(js[i].id, json_object_get_string(v)))
					continue;
				out[i] = JOB_DONE;
				err[(size_t)i * errsz] = '\0';
				for (f = 0; f < PQntuples(r); f++)
					if (strcmp(PQgetvalue(r, f, 0),
					    js[i].id) == 0)
						js[i].finished = 1;
			}
		}
	PQclear(r);
}

void
outbox_send_batch(struct app_ctx *ctx, struct job *js, int n, int *out,
    char *err, size_t errsz)
{
	const char	*msg[OUTBOX_BATCH_MAX];
	json_object	*ids, *sent, *left;
	struct timespec	 t0;
	PGresult	*r = NULL;
	int		 i, k;

	for (i = 0; i < n; i++) {
		out[i] = OUTBOX_ALONE;
		err[(size_t)i * errsz] = '\0';
		js[i].finished = 0;
	}
	if (n > OUTBOX_BATCH_MAX)
		n = OUTBOX_BATCH_MAX;
	ids = json_object_new_array();
	sent = json_object_new_array();
	left = json_object_new_array();
	if (ids == NULL || sent == NULL || left == NULL)
		goto done;
	for (i = 0; i < n; i++)
		if ((msg[i] = job_message(&js[i])) != NULL)
			json_object_array_add(ids,
			    json_object_new_string(msg[i]));
	if (json_object_array_length(ids) == 0)
		goto done;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = exec_json(ctx->db, &st_begin_many, ids, NULL);
	if (!db_ok(r))
		goto done;		/* each runs alone */
	for (k = 0; k < PQntuples(r); k++) {
		i = job_of(out, msg, n, PQgetvalue(r, k, 13));
		/* Too late to start a post in its attempt's window. */
		if (i == -1 || since(&t0) > OUTBOX_BATCH_POST_S) {
			json_object_array_add(left,
			    json_object_new_string(PQgetvalue(r, k, 13)));
			continue;
		}
		batch_post(ctx, &js[i], r, k, &out[i], err + (size_t)i * errsz,
		    errsz, sent);
	}
	batch_record(ctx, js, n, out, err, errsz, sent);
	/* Those not posted are as before (then run alone). */
	if (json_object_array_length(left) > 0)
		PQclear(exec_json(ctx->db, &st_unbegin_many, left, NULL));
done:
	PQclear(r);
	json_object_put(ids);
	json_object_put(sent);
	json_object_put(left);
}
