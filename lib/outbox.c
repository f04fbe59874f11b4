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
 */
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
	return PQgetvalue(s->row, 0, c);
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

/* Post the message (its attempt recorded) and record what Twilio said. */
static enum job_outcome
post(struct send *s, char *err, size_t errsz)
{
	struct twilio_send_result	 res;
	const char			*p[2] = { s->id, OUTBOX_IN_FLIGHT_S };
	char				 code[16];
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
	switch (res.outcome) {
	case TWILIO_SENT:
		s->res = &res;
		return record_sent(s) == DB_OK ? JOB_DONE : JOB_RETRY;
	case TWILIO_FAILED:
		snprintf(code, sizeof(code), "%ld", res.code);
		snprintf(err, errsz, "%s%s", res.outside_window ?
		    "outside the 24-hour window (63016): " : "", res.message);
		log_warn("twilio", "SEND_FAILED", s->j->clinic_id,
		    "message %s: %ld %s", s->id, res.code, res.message);
		return mark(s->ctx, s->id, "failed", res.code ? code : "", err);
	case TWILIO_RETRY:
		break;
	}
	db_do(s->ctx->db, &st_end, p);	/* our attempt is over */
	snprintf(err, errsz, "Twilio: %s (HTTP %ld)", res.message,
	    res.http_status);
	if (res.retry_after_s > 0)	/* Twilio asks us to wait */
		s->j->retry_after_s = res.retry_after_s > INT_MAX ? INT_MAX :
		    (int)res.retry_after_s;
	if (s->j->attempts >= s->j->max_attempts) {
		log_error("twilio", "SEND_GAVE_UP", s->j->clinic_id,
		    "message %s: %s", s->id, err);
		return mark(s->ctx, s->id, "failed", "", err);
	}
	return JOB_RETRY;
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
