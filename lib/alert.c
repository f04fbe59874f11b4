/*
 * alert — raise staff alerts inside the caller's transaction, count the
 * unseen ones, and the email job (see alert.h).
 *
 * What the staff are told, by email and WhatsApp alike: what happened
 * (handoff, emergency, photo in an emergency), the patient's name when
 * the conversation has one, when, and a link to the conversation in the
 * admin.  Never the text of the patient's messages: email and WhatsApp
 * to a staff phone leave the clinic's systems, and the link is enough.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "alert.h"
#include "app.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "outbox.h"
#include "page.h"

#define ALERT_EMAIL_TRIES	"20"	/* attempts (backoff up to 10 min) */
#define ALERT_MAIL_MAX		(16 * 1024)	/* one email, bytes */
#define ALERT_TEXT_MAX		1024		/* one WhatsApp, bytes */

/* A new alert, unless an unseen one of that kind is there already. */
static const struct db_stmt st_insert = {
	"alert_insert",
	"INSERT INTO staff_alerts (clinic_id, conversation_id, message_id, "
	"kind) SELECT c.clinic_id, c.id, $3::uuid, $4 FROM conversations c "
	"WHERE c.clinic_id = $1::uuid AND c.id = $2::uuid "
	"ON CONFLICT (conversation_id, kind) WHERE seen_at IS NULL "
	"DO NOTHING RETURNING id",
	4
};

/* A "media" alert for a stored media of an emergency conversation. */
static const struct db_stmt st_insert_media = {
	"alert_insert_media",
	"INSERT INTO staff_alerts (clinic_id, conversation_id, message_id, "
	"kind) SELECT c.clinic_id, c.id, m.id, 'media' FROM message_media mm "
	"JOIN messages m ON m.id = mm.message_id AND m.clinic_id = "
	"mm.clinic_id JOIN conversations c ON c.id = m.conversation_id AND "
	"c.clinic_id = m.clinic_id WHERE mm.id = $1::uuid AND c.needs_staff "
	"AND c.needs_staff_reason = 'emergency' "
	"ON CONFLICT (conversation_id, kind) WHERE seen_at IS NULL "
	"DO NOTHING RETURNING id",
	1
};

/*
 * The media's conversation, locked until the caller commits: a turn
 * flagging an emergency writes that row too, so either the turn commits
 * first (and st_insert_media, a later statement, sees the flag) or this
 * transaction does (and the turn's st_insert_msg_media sees the media
 * stored).  Without it, each could miss the other's uncommitted write.
 */
static const struct db_stmt st_lock_media_conv = {
	"alert_lock_media_conv",
	"SELECT c.id FROM message_media mm JOIN messages m ON m.id = "
	"mm.message_id AND m.clinic_id = mm.clinic_id JOIN conversations c "
	"ON c.id = m.conversation_id AND c.clinic_id = m.clinic_id "
	"WHERE mm.id = $1::uuid FOR UPDATE OF c",
	1
};

/*
 * A "media" alert for message $2 of clinic $1 when a media of it is
 * stored already: the message that made the conversation an emergency
 * came with a photo, stored before the turn's commit (the media job,
 * which checks the flag, saw no emergency yet).
 */
static const struct db_stmt st_insert_msg_media = {
	"alert_insert_msg_media",
	"INSERT INTO staff_alerts (clinic_id, conversation_id, message_id, "
	"kind) SELECT m.clinic_id, m.conversation_id, m.id, 'media' FROM "
	"messages m WHERE m.clinic_id = $1::uuid AND m.id = $2::uuid AND "
	"EXISTS (SELECT 1 FROM message_media mm WHERE mm.clinic_id = "
	"m.clinic_id AND mm.message_id = m.id AND mm.status = 'stored') "
	"ON CONFLICT (conversation_id, kind) WHERE seen_at IS NULL "
	"DO NOTHING RETURNING id",
	2
};

/*
 * The email job of alert $1 when the clinic has an address, and what the
 * WhatsApp needs: clinic, conversation, kind, staff number ("" none),
 * the patient's name ("" unknown).  Wakes a worker.
 */
static const struct db_stmt st_tell = {
	"alert_tell",
	"WITH a AS (SELECT a.id, a.clinic_id, a.conversation_id, a.kind, "
	"cl.alert_email, coalesce(cl.staff_whatsapp, '') AS staff, "
	"btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, "
	"'')) AS who FROM staff_alerts a JOIN clinics cl ON cl.id = "
	"a.clinic_id JOIN conversations c ON c.id = a.conversation_id AND "
	"c.clinic_id = a.clinic_id LEFT JOIN patients p ON p.id = "
	"c.patient_id AND p.clinic_id = c.clinic_id WHERE a.id = $1::uuid), "
	"j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload, "
	"max_attempts) SELECT '" ALERT_JOB_EMAIL "', a.clinic_id, 'alert:' "
	"|| a.id, jsonb_build_object('alert_id', a.id), " ALERT_EMAIL_TRIES
	" FROM a WHERE a.alert_email IS NOT NULL RETURNING id) "
	"SELECT a.clinic_id, a.conversation_id, a.kind, a.staff, a.who, "
	"(SELECT count(*) FROM j), pg_notify('sophie_jobs', '') FROM a",
	1
};

/*
 * The conversation of the staff number: the open one, else the latest,
 * else a new closed one (so that Sophie does not answer it).
 */
static const struct db_stmt st_staff_conv = {
	"alert_staff_conv",
	"WITH f AS (SELECT id FROM conversations WHERE clinic_id = $1::uuid "
	"AND phone = $2 ORDER BY (status <> 'closed') DESC, last_message_at "
	"DESC, id LIMIT 1), n AS (INSERT INTO conversations (clinic_id, "
	"phone, status, closed_at) SELECT $1::uuid, $2, 'closed', now() "
	"WHERE NOT EXISTS (SELECT 1 FROM f) RETURNING id) "
	"SELECT id FROM f UNION ALL SELECT id FROM n",
	2
};

static const struct db_stmt st_unseen = {
	"alert_unseen",
	"SELECT count(*) FROM staff_alerts WHERE clinic_id = $1::uuid "
	"AND seen_at IS NULL",
	1
};

/* What the email job needs of alert $1. */
static const struct db_stmt st_mail_load = {
	"alert_mail_load",
	"SELECT a.kind, a.email_sent_at IS NOT NULL, coalesce(cl.alert_email, "
	"''), cl.name, a.clinic_id, a.conversation_id, to_char(a.created_at "
	"AT TIME ZONE cl.timezone, 'DD/MM/YYYY HH24:MI'), cl.timezone, "
	"btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, "
	"'')) FROM staff_alerts a JOIN clinics cl ON cl.id = a.clinic_id "
	"JOIN conversations c ON c.id = a.conversation_id AND c.clinic_id = "
	"a.clinic_id LEFT JOIN patients p ON p.id = c.patient_id AND "
	"p.clinic_id = c.clinic_id WHERE a.id = $1::uuid",
	1
};

/* The relay accepted the email. */
static const struct db_stmt st_mail_sent = {
	"alert_mail_sent",
	"UPDATE staff_alerts SET email_sent_at = now() WHERE id = $1::uuid "
	"AND email_sent_at IS NULL",
	1
};

/* French words for a kind, for the WhatsApp and the email. */
static const char *
alert_what(const char *kind)
{
	if (strcmp(kind, ALERT_EMERGENCY) == 0)
		return "urgence signalée par un patient";
	if (strcmp(kind, ALERT_MEDIA) == 0)
		return "photo ou document reçu dans une conversation d'urgence";
	return "une conversation attend l'équipe";
}

/* The admin link of a conversation into b. */
static int
alert_link(struct buf *b, const char *clinic, const char *conv)
{
	const struct config	*cfg = config_get();

	return buf_printf(b, "%s/clinic/%s/admin/conversations/%s",
	    cfg != NULL ? cfg->public_base_url : "", clinic, conv);
}

/* Copy s into b with control characters as spaces (one header-safe,
 * line-safe value). */
static int
alert_flat(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		if (buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ?
		    ' ' : *s) != 0)
			return -1;
	return 0;
}

/*
 * The WhatsApp to the staff number of row r (st_tell's), in the outbox of
 * that number's conversation.  Returns a db_err.
 */
static int
alert_whatsapp(struct db *db, PGresult *r)
{
	const char	*clinic = PQgetvalue(r, 0, 0), *who;
	const char	*p[2] = { clinic, PQgetvalue(r, 0, 3) };
	struct buf	 text;
	PGresult	*c;
	int		 rc;

	c = db_exec(db, &st_staff_conv, p);
	if ((rc = db_result_err(c)) == DB_OK && PQntuples(c) < 1)
		rc = DB_ERR_QUERY;
	if (rc != DB_OK) {
		PQclear(c);
		return rc;
	}
	who = PQgetvalue(r, 0, 4);
	buf_init(&text, ALERT_TEXT_MAX);
	if (buf_printf(&text, "Sophie : %s (", alert_what(PQgetvalue(r, 0,
	    2))) != 0 || alert_flat(&text, *who != '\0' ? who :
	    "patient non identifié") != 0 || buf_adds(&text, ").\n") != 0 ||
	    alert_link(&text, clinic, PQgetvalue(r, 0, 1)) != 0)
		rc = DB_ERR_NOMEM;
	else
		rc = outbox_add(db, clinic, PQgetvalue(c, 0, 0),
		    buf_str(&text), "staff_alert", NULL);
	buf_free(&text);
	PQclear(c);
	return rc;
}

/* Tell the staff of the new alert id (its email job, its WhatsApp). */
static int
alert_tell(struct db *db, const char *id)
{
	const char	*p[1] = { id };
	PGresult	*r;
	int		 rc;

	r = db_exec(db, &st_tell, p);
	if ((rc = db_result_err(r)) == DB_OK && PQntuples(r) == 1 &&
	    *PQgetvalue(r, 0, 3) != '\0')
		rc = alert_whatsapp(db, r);
	PQclear(r);
	return rc;
}

/* Run an insert (st_insert or st_insert_media), then tell. */
static int
alert_insert(struct db *db, const struct db_stmt *st, const char *const *p)
{
	char		 id[40];
	PGresult	*r;
	int		 rc;

	r = db_exec(db, st, p);
	if ((rc = db_result_err(r)) != DB_OK || PQntuples(r) != 1) {
		PQclear(r);
		return rc;	/* DB_OK: none new */
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return alert_tell(db, id);
}

int
alert_raise(struct db *db, const char *clinic, const char *conv,
    const char *msg, const char *kind)
{
	const char	*p[4] = { clinic, conv, msg, kind };
	int		 rc;

	if (msg != NULL && !page_is_uuid(msg))
		p[2] = NULL;
	if ((rc = alert_insert(db, &st_insert, p)) != DB_OK ||
	    p[2] == NULL || strcmp(kind, ALERT_EMERGENCY) != 0)
		return rc;
	p[1] = p[2];
	return alert_insert(db, &st_insert_msg_media, p);
}

int
alert_raise_media(struct db *db, const char *media_id)
{
	const char	*p[1] = { media_id };
	int		 rc;

	if ((rc = db_do(db, &st_lock_media_conv, p)) != DB_OK)
		return rc;
	return alert_insert(db, &st_insert_media, p);
}

long
alert_unseen(struct app_ctx *ctx, const char *clinic)
{
	const char	*p[1] = { clinic };
	PGresult	*r;
	long		 n = -1;
	char		*end;

	if (clinic == NULL || !page_is_uuid(clinic))
		return -1;
	r = db_exec(ctx->db, &st_unseen, p);
	if (db_ok(r) && PQntuples(r) == 1)
		n = strtol(PQgetvalue(r, 0, 0), &end, 10);
	PQclear(r);
	return n;
}

/* "=?UTF-8?B?...?=" of s into b (a header value of any text). */
static int
alert_encoded_word(struct buf *b, const char *s)
{
	size_t	 n = strlen(s), m;
	char	 out[512];

	if (n > 300)
		n = 300;
	m = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	if (m > sizeof(out))
		return -1;
	sodium_bin2base64(out, sizeof(out), (const unsigned char *)s, n,
	    sodium_base64_VARIANT_ORIGINAL);
	return buf_printf(b, "=?UTF-8?B?%s?=", out);
}

/*
 * The whole email of alert id from st_mail_load's row r into b: headers,
 * then a body with the kind, the patient's name, the local time and the
 * link.  Returns 0 or -1.
 */
static int
alert_mail(struct buf *b, const struct config *cfg, const char *id,
    PGresult *r)
{
	const char	*who = PQgetvalue(r, 0, 8);
	char		 date[64], subject[400];
	struct tm	 tm;
	time_t		 now = time(NULL);

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(subject, sizeof(subject), "[Sophie] %s — %s",
	    strcmp(PQgetvalue(r, 0, 0), ALERT_EMERGENCY) == 0 ? "Urgence" :
	    strcmp(PQgetvalue(r, 0, 0), ALERT_MEDIA) == 0 ?
	    "Photo en urgence" : "Conversation à reprendre",
	    PQgetvalue(r, 0, 3));
	if (buf_printf(b, "Date: %s\r\nFrom: Sophie <", date) != 0 ||
	    alert_flat(b, cfg->smtp_from) != 0 ||
	    buf_adds(b, ">\r\nTo: <") != 0 ||
	    alert_flat(b, PQgetvalue(r, 0, 2)) != 0 ||
	    buf_adds(b, ">\r\nSubject: ") != 0 ||
	    alert_encoded_word(b, subject) != 0 ||
	    buf_printf(b, "\r\nMessage-ID: <alert-%s@sophie>\r\n"
	    "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n", id) != 0)
		return -1;
	if (buf_printf(b, "Bonjour,\r\n\r\nSophie a besoin de l'équipe : "
	    "%s.\r\n\r\nPatient : ", alert_what(PQgetvalue(r, 0, 0))) != 0 ||
	    alert_flat(b, *who != '\0' ? who : "non identifié") != 0 ||
	    buf_printf(b, "\r\nLe : %s (%s)\r\n\r\nLa conversation : ",
	    PQgetvalue(r, 0, 6), PQgetvalue(r, 0, 7)) != 0 ||
	    alert_link(b, PQgetvalue(r, 0, 4), PQgetvalue(r, 0, 5)) != 0 ||
	    buf_adds(b, "\r\n\r\nLe texte des messages n'est pas repris "
	    "ici : il se lit dans l'administration.\r\n") != 0)
		return -1;
	return 0;
}

/* Record that the relay took it, with the job's completion. */
struct alert_sent {
	const char	*id;
	struct job	*j;
};

static int
alert_sent_tx(struct db *db, void *arg)
{
	struct alert_sent	*s = arg;
	const char		*p[1] = { s->id };
	int			 rc;

	if ((rc = db_do(db, &st_mail_sent, p)) != DB_OK)
		return rc;
	return jobs_finish(db, s->j);
}

/* Send the email of row r (no transaction open). */
static enum job_outcome
alert_mail_send(struct app_ctx *ctx, struct job *j, const char *id,
    PGresult *r, char *err, size_t errsz)
{
	struct alert_sent	 s = { id, j };
	struct buf		 mail;
	int			 rc;

	buf_init(&mail, ALERT_MAIL_MAX);
	if (alert_mail(&mail, ctx->cfg, id, r) != 0) {
		buf_free(&mail);
		snprintf(err, errsz, "the email does not fit");
		return JOB_GIVEUP;
	}
	rc = alert_smtp_send(ctx->cfg, PQgetvalue(r, 0, 2), buf_str(&mail),
	    err, errsz);
	buf_free(&mail);
	if (rc != 0)
		return JOB_RETRY;
	/* From here a crash would send it again: the relay has it. */
	if ((rc = db_tx(ctx->db, alert_sent_tx, &s)) != 0) {
		snprintf(err, errsz, "recording the email: %s",
		    db_strerror((enum db_err)rc));
		return JOB_RETRY;
	}
	log_event("alert", "ALERT_EMAILED", PQgetvalue(r, 0, 4), "alert %s",
	    id);
	return JOB_DONE;
}

enum job_outcome
alert_job_email(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	json_object		*v;
	const char		*id, *p[1];
	PGresult		*r;
	enum job_outcome	 out;

	if (!json_object_object_get_ex(j->payload, "alert_id", &v) ||
	    !page_is_uuid(id = json_object_get_string(v))) {
		snprintf(err, errsz, "payload without alert_id");
		return JOB_GIVEUP;
	}
	if (*ctx->cfg->smtp_url == '\0') {
		snprintf(err, errsz, "SMTP_URL is not set: no alert email");
		return JOB_GIVEUP;
	}
	p[0] = id;
	r = db_exec(ctx->db, &st_mail_load, p);
	if (!db_ok(r)) {
		PQclear(r);
		snprintf(err, errsz, "could not load alert %s", id);
		return JOB_RETRY;
	}
	/* Gone, already emailed, or the address removed: nothing to do. */
	if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 1), "t") == 0 ||
	    *PQgetvalue(r, 0, 2) == '\0')
		out = JOB_DONE;
	else
		out = alert_mail_send(ctx, j, id, r, err, errsz);
	PQclear(r);
	return out;
}
