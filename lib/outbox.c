/*
 * outbox — queue replies and send them through Twilio's REST API.
 *
 * Exactly-once, as far as Twilio allows: a message is posted only while
 * its row is 'pending' with no SID, and the SID is stored in the same
 * transaction that finishes the job.  The one window left: Twilio
 * accepted the POST but the worker died (or the database failed) before
 * that commit; the job's lease then expires and the message is posted a
 * second time.  Twilio has no idempotency key for Messages, so this
 * window can only be made short, not closed.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
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
	"j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload) "
	"SELECT 'send_message', $1::uuid, 'send:' || m.conversation_id, "
	"jsonb_build_object('message_id', m.id) FROM m RETURNING id), "
	"v AS (UPDATE conversations c SET last_body = left($3, 140) FROM m "
	"WHERE c.id = m.conversation_id AND c.clinic_id = $1::uuid) "
	"SELECT m.id, pg_notify('sophie_jobs', '') FROM m, j",
	4
};

/* The message to send with what sending needs. */
static const struct db_stmt st_load = {
	"outbox_load",
	"SELECT m.status, coalesce(m.twilio_sid, ''), m.body, m.to_number, "
	"coalesce(m.content_sid, ''), coalesce(m.content_variables::text, ''), "
	"coalesce(w.phone_number, ''), coalesce(w.account_sid, ''), "
	"coalesce(encode(w.auth_token_enc, 'hex'), ''), coalesce(w.id::text, ''),"
	" m.clinic_id FROM messages m LEFT JOIN clinic_whatsapp_configs w ON "
	"w.clinic_id = m.clinic_id AND w.is_active WHERE m.id = $1::uuid "
	"AND m.direction = 'outbound' FOR UPDATE OF m",
	1
};

static const struct db_stmt st_sent = {
	"outbox_sent",
	"UPDATE messages SET twilio_sid = $2, status = $3, sent_at = now(), "
	"from_number = $4 WHERE id = $1::uuid",
	4
};

static const struct db_stmt st_failed = {
	"outbox_failed",
	"UPDATE messages SET status = $2, error_code = NULLIF($3, ''), "
	"error_message = $4 WHERE id = $1::uuid",
	4
};

int
outbox_add(struct db *db, const char *clinic, const char *conv,
    const char *body, const char *template_key, char *id_out)
{
	const char	*p[4] = { clinic, conv, body, template_key };
	PGresult	*res;
	int		 rc;

	res = db_exec(db, &st_add, p);
	rc = db_result_err(res);
	if (rc == DB_OK && PQntuples(res) != 1)
		rc = DB_ERR_QUERY;
	if (rc == DB_OK && id_out != NULL)
		snprintf(id_out, 37, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* Mark the message failed or not sent; the job is then done. */
static enum job_outcome
mark(struct app_ctx *ctx, const char *id, const char *status,
    const char *code, const char *why)
{
	const char	*p[4] = { id, status, code, why };

	return db_do(ctx->db, &st_failed, p) == DB_OK ? JOB_DONE : JOB_RETRY;
}

enum job_outcome
outbox_job_send(struct app_ctx *ctx, struct job *j, char *err, size_t errsz)
{
	const struct config	*cfg = ctx->cfg;
	json_object		*v;
	const char		*id, *p[4];
	char			 token[256] = "", code[16], cb[512];
	struct twilio_account	 acct;
	struct twilio_msg	 msg;
	struct twilio_send_result res;
	PGresult		*r;
	enum job_outcome	 out = JOB_RETRY;

	if (!json_object_object_get_ex(j->payload, "message_id", &v) ||
	    (id = json_object_get_string(v)) == NULL) {
		snprintf(err, errsz, "payload without message_id");
		return JOB_GIVEUP;
	}
	p[0] = id;
	r = db_exec(ctx->db, &st_load, p);
	if (!db_ok(r) || PQntuples(r) != 1) {
		snprintf(err, errsz, "message %s not found", id);
		PQclear(r);
		return r == NULL ? JOB_RETRY : JOB_GIVEUP;
	}
	if (strcmp(PQgetvalue(r, 0, 0), "pending") != 0 ||
	    *PQgetvalue(r, 0, 1) != '\0') {
		PQclear(r);		/* sent already: nothing to do */
		return JOB_DONE;
	}
	memset(&acct, 0, sizeof(acct));
	acct.api_base = cfg->twilio_api_base;
	acct.account_sid = *PQgetvalue(r, 0, 7) != '\0' ?
	    PQgetvalue(r, 0, 7) : cfg->twilio_account_sid;
	if (*PQgetvalue(r, 0, 8) != '\0' && (!cfg->have_secret_key ||
	    seal_open_hex(cfg->secret_key, PQgetvalue(r, 0, 8),
	    PQgetvalue(r, 0, 9), token, sizeof(token)) == -1)) {
		snprintf(err, errsz, "cannot decrypt the clinic's token");
		out = mark(ctx, id, "failed", "", err);
		PQclear(r);
		return out;
	}
	/* A clinic's own token goes with its own account only. */
	acct.auth_token = *token != '\0' && *PQgetvalue(r, 0, 7) != '\0' ?
	    token : cfg->twilio_auth_token;
	if (*acct.account_sid == '\0' || *acct.auth_token == '\0') {
		out = mark(ctx, id, "not_sent", "",
		    "Twilio is not configured; the reply stays in the outbox");
		PQclear(r);
		return out;
	}
	memset(&msg, 0, sizeof(msg));
	msg.from = *PQgetvalue(r, 0, 6) != '\0' ? PQgetvalue(r, 0, 6) :
	    cfg->twilio_phone_number;
	msg.to = PQgetvalue(r, 0, 3);
	msg.body = PQgetvalue(r, 0, 2);
	if (*PQgetvalue(r, 0, 4) != '\0') {
		msg.content_sid = PQgetvalue(r, 0, 4);
		msg.content_variables = PQgetvalue(r, 0, 5);
		msg.body = NULL;
	}
	snprintf(cb, sizeof(cb), "%s/webhook/whatsapp/%s/status",
	    cfg->public_base_url, PQgetvalue(r, 0, 10));
	msg.status_callback = *cfg->public_base_url != '\0' ? cb : NULL;
	twilio_send(&acct, &msg, &res);
	switch (res.outcome) {
	case TWILIO_SENT:
		p[1] = res.sid;
		p[2] = *res.status != '\0' ? res.status : "queued";
		p[3] = msg.from;
		out = db_do(ctx->db, &st_sent, p) == DB_OK ? JOB_DONE :
		    JOB_RETRY;
		break;
	case TWILIO_FAILED:
		snprintf(code, sizeof(code), "%ld", res.code);
		snprintf(err, errsz, "%s%s", res.outside_window ?
		    "outside the 24-hour window (63016): " : "", res.message);
		log_warn("twilio", "SEND_FAILED", j->clinic_id, "message %s: "
		    "%ld %s", id, res.code, res.message);
		out = mark(ctx, id, "failed", res.code ? code : "", err);
		break;
	case TWILIO_RETRY:
		snprintf(err, errsz, "Twilio: %s (HTTP %ld)", res.message,
		    res.http_status);
		if (res.retry_after_s > 0)	/* Twilio asks us to wait */
			j->retry_after_s = res.retry_after_s > INT_MAX ?
			    INT_MAX : (int)res.retry_after_s;
		if (j->attempts >= j->max_attempts) {
			log_error("twilio", "SEND_GAVE_UP", j->clinic_id,
			    "message %s: %s", id, err);
			out = mark(ctx, id, "failed", "", err);
		}
		break;
	}
	PQclear(r);
	return out;
}
