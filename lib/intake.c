/*
 * intake — inbound webhooks.  Nothing is stored before the signature is
 * checked; a message is durable (committed) before Twilio hears 200.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "buf.h"
#include "db.h"
#include "intake.h"
#include "log.h"
#include "seal.h"
#include "crypto.h"
#include "twilio.h"

#define INTAKE_MAX_MEDIA	10
#define CACHE_SLOTS		64
#define NOTIFY_GAP_MS		50

/*
 * The active configuration of one clinic, as the webhook needs it.  A
 * cached one is never trusted alone: the statement that stores a message
 * checks, in the same round trip, that this row is still the clinic's
 * active configuration at this version and that the clinic is active
 * (st_intake's "ok"), and every other route reads the configuration
 * afresh.  A deactivation or a new token therefore counts from the next
 * request on, in every responder.
 */
struct wa_conf {
	char		 clinic_id[37];
	char		 conf_id[37];	/* clinic_whatsapp_configs.id */
	char		 version[16];	/* that row's xmin */
	char		 token[256];	/* auth token in clear ("" = env) */
	long long	 used_ms;	/* last use, for eviction (0: free) */
};

static struct wa_conf	 cache[CACHE_SLOTS];
static long long	 last_notify_ms;

/*
 * The active configuration of $1.  Its version is the row's xmin, the
 * transaction that wrote it last: any UPDATE of the row gives it a new
 * one, and two versions of a row never share it (updated_at could, when
 * two transactions start in the same microsecond).
 */
static const struct db_stmt st_conf = {
	"intake_conf",
	"SELECT w.id, coalesce(encode(w.auth_token_enc, 'hex'), ''), "
	"w.xmin::text FROM clinic_whatsapp_configs w JOIN clinics c "
	"ON c.id = w.clinic_id WHERE w.clinic_id = $1::uuid AND w.is_active "
	"AND c.is_active",
	1
};

/* The verify token's salt and hash of the active configuration of $1. */
static const struct db_stmt st_verify = {
	"intake_verify",
	"SELECT encode(w.verify_salt, 'hex'), encode(w.verify_hash, 'hex') "
	"FROM clinic_whatsapp_configs w JOIN clinics c ON c.id = w.clinic_id "
	"WHERE w.clinic_id = $1::uuid AND w.is_active AND c.is_active",
	1
};

/*
 * The inbound message, its conversation (found or opened, its preview of
 * the latest message set), its media rows and its jobs, in one statement:
 * one round trip, one commit.  A redelivered MessageSid inserts no
 * message, hence no job.  Nothing is inserted unless the configuration
 * the signature was checked with ($11 at version $12) is still the
 * clinic's active one and the clinic is active ("ok", two primary-key
 * reads); the fourth column says whether it was.  A conversation handed
 * to staff in which nobody wrote for 12 hours (neither the patient nor
 * the staff nor Sophie) is Sophie's again: the patient who comes back
 * the next day is answered, and its staff flag stays for the desk.
 */
static const struct db_stmt st_intake = {
	"intake_message",
	"WITH ok AS ("
	" SELECT 1 FROM clinic_whatsapp_configs w JOIN clinics c ON "
	" c.id = w.clinic_id WHERE w.id = $11::uuid AND w.clinic_id = "
	" $1::uuid AND w.xmin = $12::xid AND w.is_active AND c.is_active), "
	"conv AS ("
	" INSERT INTO conversations (clinic_id, phone, last_inbound_at, "
	" last_message_at, last_body) SELECT $1::uuid, $2, now(), now(), "
	" left($3, 140) FROM ok ON CONFLICT (clinic_id, phone) WHERE status <> "
	" 'closed' DO UPDATE SET last_inbound_at = now(), last_message_at = "
	" now(), last_body = excluded.last_body, status = CASE WHEN "
	" conversations.status = 'handoff' AND (SELECT max(x.created_at) "
	" FROM messages x WHERE x.conversation_id = conversations.id) < "
	" now() - interval '12 hours' THEN 'active' ELSE "
	" conversations.status END "
	" RETURNING id), "
	"msg AS ("
	" INSERT INTO messages (clinic_id, conversation_id, direction, body, "
	" twilio_sid, from_number, to_number, num_media, status) "
	" SELECT $1::uuid, conv.id, 'inbound', $3, $4, $5, $6, $7::smallint, "
	" 'received' FROM conv "
	" ON CONFLICT (twilio_sid) WHERE twilio_sid IS NOT NULL DO NOTHING "
	" RETURNING id, conversation_id), "
	"media AS ("
	" INSERT INTO message_media (clinic_id, message_id, n, source_url, "
	" declared_content_type) SELECT $1::uuid, msg.id, (u.n - 1)::smallint,"
	" u.url, ($9::text[])[u.n] FROM msg, unnest($8::text[]) "
	" WITH ORDINALITY AS u(url, n) RETURNING id), "
	"job AS ("
	" INSERT INTO jobs (kind, clinic_id, queue_key, payload) "
	" SELECT 'conversation_turn', $1::uuid, 'conv:' || msg.conversation_id,"
	" jsonb_build_object('message_id', msg.id, 'conversation_id', "
	" msg.conversation_id) || CASE WHEN $13 = '' THEN '{}'::jsonb ELSE "
	" jsonb_build_object('request_id', $13) END FROM msg "
	" UNION ALL SELECT 'download_media', $1::uuid, NULL, "
	" jsonb_build_object('media_id', media.id) FROM media RETURNING id) "
	"SELECT (SELECT count(*) FROM msg), (SELECT count(*) FROM job), "
	"CASE WHEN $10::bool AND EXISTS (SELECT 1 FROM msg) "
	"THEN pg_notify('sophie_jobs', '') END, EXISTS (SELECT 1 FROM ok)",
	13
};

/*
 * A delivery status only ever moves forward (see status_rank).  The
 * message is the one with that SID or, when no message has it, the one
 * whose key ($6: its id, from the StatusCallback URL; NULL when absent)
 * came with the callback, if its SID is still unknown: the worker that
 * posted it died, or lost Twilio's answer, so the SID is recorded here
 * (a keyed message takes its SID even from a late status).  One row,
 * found by an index either way.
 */
static const struct db_stmt st_status = {
	"intake_status",
	"UPDATE messages SET twilio_sid = $2, status = CASE WHEN "
	"status_rank($3) > status_rank(status) THEN $3 ELSE status END, "
	"error_code = CASE WHEN status_rank($3) > status_rank(status) THEN "
	"NULLIF($4, '') ELSE error_code END, error_message = CASE WHEN "
	"status_rank($3) > status_rank(status) THEN NULLIF($5, '') ELSE "
	"error_message END, sent_at = coalesce(sent_at, CASE WHEN $3 IN "
	"('sent', 'delivered', 'read') THEN now() END) "
	"WHERE id = coalesce((SELECT o.id FROM messages o WHERE "
	"o.twilio_sid = $2), $6::uuid) AND clinic_id = $1::uuid AND "
	"direction = 'outbound' AND ((twilio_sid = $2 AND status_rank($3) > "
	"status_rank(status)) OR twilio_sid IS NULL)",
	6
};

void
intake_warm(struct app_ctx *ctx)
{
	static const struct db_stmt *const all[] = {
		&st_conf, &st_verify, &st_intake, &st_status
	};

	db_warm(ctx->db, all, sizeof(all) / sizeof(all[0]));
}

int
intake_is_uuid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return 1;
}

static long long
mono_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The cache slot of clinic, or NULL. */
static struct wa_conf *
conf_cached(const char *clinic)
{
	size_t	 i;

	for (i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].used_ms != 0 &&
		    strcmp(cache[i].clinic_id, clinic) == 0)
			return &cache[i];
	return NULL;
}

/* The slot to fill for clinic: its own, else a free or the least used. */
static struct wa_conf *
conf_slot(const char *clinic)
{
	struct wa_conf	*c;
	size_t		 i, slot = 0;

	if ((c = conf_cached(clinic)) != NULL)
		return c;
	for (i = 1; i < CACHE_SLOTS; i++)
		if (cache[i].used_ms < cache[slot].used_ms)
			slot = i;
	return &cache[slot];
}

/* Forget what is cached for c's clinic. */
static void
conf_forget(struct wa_conf *c)
{
	crypto_wipe(c, sizeof(*c));
}

/*
 * The active configuration of clinic: the cached one when cached is set
 * and there is one (*hit set), else read afresh (and cached).  Returns
 * it, or NULL when the clinic is unknown or inactive (*down set when the
 * database is unreachable).
 */
static struct wa_conf *
conf_get(struct app_ctx *ctx, const char *clinic, int cached, int *hit,
    int *down)
{
	struct wa_conf	*c;
	const char	*p[1] = { clinic };
	PGresult	*res;

	*down = *hit = 0;
	if (cached && (c = conf_cached(clinic)) != NULL) {
		*hit = 1;
		c->used_ms = mono_ms();
		return c;
	}
	res = db_exec(ctx->db, &st_conf, p);
	if (res == NULL || !db_ok(res)) {
		*down = 1;
		PQclear(res);
		return NULL;
	}
	if (PQntuples(res) != 1) {
		if ((c = conf_cached(clinic)) != NULL)
			conf_forget(c);
		PQclear(res);
		return NULL;
	}
	c = conf_slot(clinic);
	conf_forget(c);
	if (!ctx->cfg->have_secret_key || seal_open_hex(
	    ctx->cfg->secret_key, PQgetvalue(res, 0, 1),
	    PQgetvalue(res, 0, 0), c->token, sizeof(c->token)) == -1 ||
	    strlen(PQgetvalue(res, 0, 2)) >= sizeof(c->version)) {
		log_error("webhook", "TOKEN_UNREADABLE", clinic,
		    "cannot decrypt the clinic's Twilio token");
		conf_forget(c);
		c = NULL;
	} else {
		snprintf(c->clinic_id, sizeof(c->clinic_id), "%s", clinic);
		snprintf(c->conf_id, sizeof(c->conf_id), "%s",
		    PQgetvalue(res, 0, 0));
		snprintf(c->version, sizeof(c->version), "%s",
		    PQgetvalue(res, 0, 2));
		c->used_ms = mono_ms();
	}
	PQclear(res);
	return c;
}

/* Check the request's X-Twilio-Signature against c; a twilio_err. */
static enum twilio_err
signature_check(struct req *r, const struct wa_conf *c,
    struct twilio_param *params, size_t n)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct buf	 url;
	const char	*token;
	enum twilio_err	 e;

	token = c->token[0] != '\0' ? c->token : ctx->cfg->twilio_auth_token;
	if (*token == '\0')
		return TWILIO_ERR_SIG_BAD;
	buf_init(&url, 4096);
	buf_printf(&url, "%s%s", ctx->cfg->public_base_url,
	    req_env(r, "REQUEST_URI") != NULL ? req_env(r, "REQUEST_URI") :
	    req_path(r));
	e = twilio_sig_check(token, buf_str(&url), params, n,
	    req_header(r, "X_TWILIO_SIGNATURE"));
	buf_free(&url);
	return e;
}

/*
 * Find the clinic of the request and check the signature, with the
 * cached configuration when cached is set (a signature it refuses is
 * checked again against a fresh read: the token may have changed).
 * Answers the request itself (404, 403, 503) and returns NULL when it
 * must stop.
 */
static struct wa_conf *
authorise_as(struct req *r, int cached)
{
	struct app_ctx		*ctx = req_ctx(r);
	const char		*clinic = req_param(r, "clinicId");
	struct wa_conf		*c;
	const struct http_pairs	*f = req_form_pairs(r);
	struct twilio_param	 params[256];
	size_t			 i;
	int			 down, hit;
	enum twilio_err		 e;

	if (!intake_is_uuid(clinic) ||
	    (c = conf_get(ctx, clinic, cached, &hit, &down)) == NULL) {
		if (intake_is_uuid(clinic) && down)
			resp_error(r, 503, "database unavailable");
		else
			resp_error(r, 404, "unknown or inactive clinic");
		return NULL;
	}
	if (f->n > sizeof(params) / sizeof(params[0])) {
		resp_error(r, 400, "too many fields");
		return NULL;
	}
	for (i = 0; i < f->n; i++) {
		params[i].name = f->v[i].name;
		params[i].value = f->v[i].value;
	}
	e = signature_check(r, c, params, f->n);
	if (e == TWILIO_ERR_SIG_BAD && hit) {
		if ((c = conf_get(ctx, clinic, 0, &hit, &down)) == NULL) {
			resp_error(r, down ? 503 : 404, down ?
			    "database unavailable" :
			    "unknown or inactive clinic");
			return NULL;
		}
		e = signature_check(r, c, params, f->n);
	}
	if (e != TWILIO_OK) {
		log_warn("webhook", "SIGNATURE_INVALID", clinic, "%s from %s",
		    twilio_strerror(e), req_env(r, "REMOTE_ADDR") != NULL ?
		    req_env(r, "REMOTE_ADDR") : "?");
		resp_error(r, 403, e == TWILIO_ERR_SIG_MISSING ?
		    "missing X-Twilio-Signature" : "bad X-Twilio-Signature");
		return NULL;
	}
	return c;
}

/* authorise_as with a fresh read of the configuration. */
static const struct wa_conf *
authorise(struct req *r)
{
	return authorise_as(r, 0);
}

/* "whatsapp:+336..." or "+336..." → the E.164 part, or NULL. */
static const char *
e164(const char *s)
{
	size_t	 i, n;

	if (s == NULL)
		return NULL;
	if (strncmp(s, "whatsapp:", 9) == 0)
		s += 9;
	n = strlen(s);
	if (n < 8 || n > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return NULL;
	for (i = 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return NULL;
	return s;
}

/* Append a text[] literal element, quoted for PostgreSQL's array input. */
static void
array_add(struct buf *b, const char *v)
{
	buf_addc(b, '"');
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *v);
	}
	buf_addc(b, '"');
}

/* Collect MediaUrlN/MediaContentTypeN into two text[] literals. */
static int
media_arrays(struct req *r, long n, struct buf *urls, struct buf *types)
{
	char		 name[48];
	const char	*u, *t;
	long		 i;

	buf_adds(urls, "{");
	buf_adds(types, "{");
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "MediaUrl%ld", i);
		if ((u = req_form(r, name)) == NULL ||
		    (strncmp(u, "https://", 8) != 0 &&
		    strncmp(u, "http://", 7) != 0))
			return -1;
		snprintf(name, sizeof(name), "MediaContentType%ld", i);
		t = req_form(r, name);
		if (urls->len > 1)
			buf_addc(urls, ',');
		if (types->len > 1)
			buf_addc(types, ',');
		array_add(urls, u);
		array_add(types, t != NULL ? t : "");
	}
	buf_adds(urls, "}");
	buf_adds(types, "}");
	return 0;
}

/* NumMedia as a number 0..10, or -1. */
static long
num_media(const char *s)
{
	char	*end;
	long	 n;

	if (s == NULL || *s == '\0')
		return 0;
	n = strtol(s, &end, 10);
	if (*end != '\0' || n < 0 || n > INTAKE_MAX_MEDIA)
		return -1;
	return n;
}

/*
 * Run st_intake with p (its first ten parameters set) for configuration
 * c.  Returns 1 (stored, or a redelivery), 0 (c is no longer the
 * clinic's active configuration, or the clinic is inactive: nothing
 * stored) or -1 (database).
 */
static int
intake_store(struct app_ctx *ctx, const struct wa_conf *c, const char **p,
    long long now)
{
	PGresult	*res;
	int		 rc;

	p[0] = c->clinic_id;
	p[10] = c->conf_id;
	p[11] = c->version;
	p[12] = log_request();
	res = db_exec(ctx->db, &st_intake, p);
	if (!db_ok(res)) {
		PQclear(res);
		return -1;
	}
	rc = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
	if (rc && p[9][0] == 't' && strcmp(PQgetvalue(res, 0, 0), "1") == 0)
		last_notify_ms = now;
	PQclear(res);
	return rc;
}

void
intake_message(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct wa_conf		*c;
	const char		*sid, *from, *to, *body, *p[13];
	struct buf		 urls, types;
	char			 nm[24];
	long			 nmedia;
	long long		 now;
	int			 rc;

	if ((c = authorise_as(r, 1)) == NULL)
		return;
	sid = req_form(r, "MessageSid");
	if (sid == NULL)
		sid = req_form(r, "SmsMessageSid");
	from = e164(req_form(r, "From"));
	to = req_form(r, "To");
	body = req_form(r, "Body");
	nmedia = num_media(req_form(r, "NumMedia"));
	if (sid == NULL || strlen(sid) < 10 || strlen(sid) > 64 ||
	    from == NULL || nmedia < 0) {
		resp_error(r, 400, sid == NULL ? "MessageSid is missing" :
		    from == NULL ? "From is not a WhatsApp number" :
		    "malformed message fields");
		return;
	}
	buf_init(&urls, 64 * 1024);
	buf_init(&types, 4096);
	if (media_arrays(r, nmedia, &urls, &types) == -1) {
		resp_error(r, 400, "MediaUrlN missing or not a URL");
		goto out;
	}
	snprintf(nm, sizeof(nm), "%ld", nmedia);
	now = mono_ms();
	p[1] = from;
	p[2] = body != NULL ? body : "";
	p[3] = sid;
	p[4] = from;
	p[5] = e164(to) != NULL ? e164(to) : to;
	p[6] = nm;
	p[7] = buf_str(&urls);
	p[8] = buf_str(&types);
	p[9] = now - last_notify_ms >= NOTIFY_GAP_MS ? "true" : "false";
	if ((rc = intake_store(ctx, c, p, now)) == 0) {
		/* The cached configuration is stale: read it again, check
		 * the signature against it, store with it. */
		conf_forget(c);
		if ((c = authorise_as(r, 0)) == NULL)
			goto out;
		if ((rc = intake_store(ctx, c, p, now)) == 0) {
			resp_error(r, 503, "configuration changing; retry");
			goto out;
		}
	}
	if (rc == -1) {
		resp_error(r, 503, "could not store the message; retry");
		goto out;
	}
	resp_body(r, 200, "text/xml", "<Response/>", 11);
out:
	buf_free(&urls);
	buf_free(&types);
}

/* Is s a status Twilio reports for a message? */
static int
known_status(const char *s)
{
	static const char *const v[] = { "accepted", "queued", "sending",
	    "sent", "failed", "delivered", "undelivered", "read" };
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

void
intake_status(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	const struct wa_conf	*c;
	const char		*p[6], *st, *sid, *key;

	if ((c = authorise(r)) == NULL)
		return;
	/* The outbox's key, signed with the URL; anything else is none. */
	key = req_query(r, "k");
	if (!intake_is_uuid(key))
		key = NULL;
	sid = req_form(r, "MessageSid");
	st = req_form(r, "MessageStatus");
	if (st == NULL)
		st = req_form(r, "SmsStatus");
	if (sid == NULL || st == NULL) {
		resp_error(r, 400, "MessageSid and MessageStatus are required");
		return;
	}
	if (!known_status(st)) {
		log_info("webhook", "STATUS_IGNORED", c->clinic_id,
		    "status %s for %s", st, sid);
		resp_body(r, 200, "text/xml", "<Response/>", 11);
		return;
	}
	p[0] = c->clinic_id;
	p[1] = sid;
	p[2] = st;
	p[3] = req_form(r, "ErrorCode") != NULL ? req_form(r, "ErrorCode") : "";
	p[4] = req_form(r, "ErrorMessage") != NULL ?
	    req_form(r, "ErrorMessage") : "";
	p[5] = key;
	if (db_do(ctx->db, &st_status, p) != DB_OK) {
		resp_error(r, 503, "could not record the status; retry");
		return;
	}
	resp_body(r, 200, "text/xml", "<Response/>", 11);
}

/*
 * The GET handshake: hub.verify_token is hashed with the stored salt and
 * compared in constant time with the stored hash (the token itself is
 * never stored).  Read afresh every time: it is rare.
 */
void
intake_verify(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*clinic = req_param(r, "clinicId");
	const char	*mode = req_query(r, "hub.mode");
	const char	*tok = req_query(r, "hub.verify_token");
	const char	*chal = req_query(r, "hub.challenge");
	const char	*p[1] = { clinic };
	PGresult	*res;
	int		 ok;

	if (mode == NULL || tok == NULL || strcmp(mode, "subscribe") != 0) {
		resp_error(r, 400, "hub.mode=subscribe and hub.verify_token "
		    "are required");
		return;
	}
	if (!intake_is_uuid(clinic)) {
		resp_error(r, 404, "unknown or inactive clinic");
		return;
	}
	res = db_exec(ctx->db, &st_verify, p);
	if (res == NULL || !db_ok(res)) {
		PQclear(res);
		resp_error(r, 503, "database unavailable");
		return;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		resp_error(r, 404, "unknown or inactive clinic");
		return;
	}
	ok = crypto_token_matches(PQgetvalue(res, 0, 0),
	    PQgetvalue(res, 0, 1), tok);
	PQclear(res);
	if (!ok) {
		log_warn("webhook", "VERIFY_FAILED", clinic, "wrong verify token");
		resp_error(r, 403, "verify token does not match");
		return;
	}
	resp_text(r, 200, chal != NULL ? chal : "");
}
