/*
 * calsync — tokens, the free/busy cache and the calendar jobs (see
 * calsync.h).  Every query names the clinic it works for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>
#include <sodium.h>

#include "app.h"
#include "calsync.h"
#include "calsync_int.h"
#include "db.h"
#include "google.h"
#include "jobs.h"
#include "log.h"
#include "seal.h"
#include "slots.h"
#include "tz.h"

#define REFRESH_MARGIN	120		/* refresh this long before expiry */
#define BUSY_MAX	2048		/* intervals kept from one answer */
#define WIDEN_MAX	(62 * 86400)	/* widest window asked for */
#define PAGE_MAX	250		/* events per events.list page */
#define PAGES_MAX	40		/* pages per sync run */
#define CACHE_KEEP	600		/* cache rows kept this long */

static const char *const calsync_errs[CALSYNC_ERR__MAX] = {
	"ok",
	"bad argument",
	"database unavailable",
	"out of memory",
	"no such practitioner",
	"invalid or expired link",
	"Google refused or did not answer",
	"no secret key configured"
};

/* ---- statements ----------------------------------------------------- */

static const struct db_stmt st_integ_load = {
	"calsync_integ_load",
	"SELECT id, calendar_id, status, "
	"coalesce(encode(access_token_enc, 'hex'), ''), "
	"coalesce(encode(refresh_token_enc, 'hex'), ''), "
	"coalesce(extract(epoch FROM token_expires_at)::bigint, 0), "
	"coalesce(sync_token, '') "
	"FROM practitioner_calendar_integrations "
	"WHERE clinic_id = $1::uuid AND practitioner_id = $2::uuid",
	2
};

static const struct db_stmt st_integ_access = {
	"calsync_integ_access",
	"UPDATE practitioner_calendar_integrations SET "
	"access_token_enc = decode($3, 'hex'), "
	"access_token_nonce = decode($4, 'hex'), "
	"token_expires_at = to_timestamp($5::bigint), last_error = NULL "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid",
	5
};

static const struct db_stmt st_integ_refresh = {
	"calsync_integ_refresh",
	"UPDATE practitioner_calendar_integrations SET "
	"refresh_token_enc = decode($3, 'hex'), "
	"refresh_token_nonce = decode($4, 'hex') "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid",
	4
};

/* invalid_grant: the tokens are worthless; staff must reconnect. */
static const struct db_stmt st_integ_disconnect = {
	"calsync_integ_disconnect",
	"UPDATE practitioner_calendar_integrations SET "
	"status = 'disconnected', access_token_enc = NULL, "
	"access_token_nonce = NULL, refresh_token_enc = NULL, "
	"refresh_token_nonce = NULL, token_expires_at = NULL, "
	"sync_token = NULL, last_error = $3 "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid",
	3
};

static const struct db_stmt st_integ_error = {
	"calsync_integ_error",
	"UPDATE practitioner_calendar_integrations SET last_error = $3 "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid",
	3
};

/* The new sync token, unless the calendar was reconnected or
 * disconnected since the sync read the token $5 it started from. */
static const struct db_stmt st_integ_synced = {
	"calsync_integ_synced",
	"UPDATE practitioner_calendar_integrations SET "
	"sync_token = NULLIF($3, ''), last_sync_at = to_timestamp($4::bigint) "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid "
	"AND status = 'connected' AND coalesce(sync_token, '') = $5",
	5
};

/* The freshest cached answer covering the window, with its busy ranges
 * overlapping the window (one row with NULL bounds when none). */
static const struct db_stmt st_cache_get = {
	"calsync_cache_get",
	"SELECT c.errors, "
	"coalesce(extract(epoch FROM lower(u.r))::bigint, 0), "
	"coalesce(extract(epoch FROM upper(u.r))::bigint, 0), "
	"u.r IS NULL "
	"FROM (SELECT errors, busy FROM freebusy_cache "
	"WHERE clinic_id = $1::uuid AND practitioner_id = $2::uuid "
	"AND window_start <= to_timestamp($3::bigint) "
	"AND window_end >= to_timestamp($4::bigint) "
	"AND fetched_at > to_timestamp($5::bigint) "
	"ORDER BY fetched_at DESC LIMIT 1) c "
	"LEFT JOIN LATERAL (SELECT r FROM unnest(c.busy) AS r "
	"WHERE r && tstzrange(to_timestamp($3::bigint), "
	"to_timestamp($4::bigint))) u ON true",
	5
};

/* The freshest stored answer younger than $5 meeting the window, one
 * covering it first, with its busy ranges overlapping the window. */
static const struct db_stmt st_cache_stored = {
	"calsync_cache_stored",
	"SELECT c.errors, "
	"coalesce(extract(epoch FROM lower(u.r))::bigint, 0), "
	"coalesce(extract(epoch FROM upper(u.r))::bigint, 0), "
	"u.r IS NULL "
	"FROM (SELECT errors, busy FROM freebusy_cache "
	"WHERE clinic_id = $1::uuid AND practitioner_id = $2::uuid "
	"AND window_start < to_timestamp($4::bigint) "
	"AND window_end > to_timestamp($3::bigint) "
	"AND fetched_at > to_timestamp($5::bigint) "
	"ORDER BY (window_start <= to_timestamp($3::bigint) AND "
	"window_end >= to_timestamp($4::bigint)) DESC, fetched_at DESC "
	"LIMIT 1) c "
	"LEFT JOIN LATERAL (SELECT r FROM unnest(c.busy) AS r "
	"WHERE r && tstzrange(to_timestamp($3::bigint), "
	"to_timestamp($4::bigint))) u ON true",
	5
};

static const struct db_stmt st_cache_put = {
	"calsync_cache_put",
	"INSERT INTO freebusy_cache (clinic_id, practitioner_id, "
	"window_start, window_end, busy, fetched_at, errors) "
	"VALUES ($1::uuid, $2::uuid, to_timestamp($3::bigint), "
	"to_timestamp($4::bigint), $5::tstzmultirange, "
	"to_timestamp($6::bigint), $7::boolean) "
	"ON CONFLICT (practitioner_id, window_start, window_end) DO UPDATE "
	"SET busy = EXCLUDED.busy, fetched_at = EXCLUDED.fetched_at, "
	"errors = EXCLUDED.errors",
	7
};

static const struct db_stmt st_cache_prune = {
	"calsync_cache_prune",
	"DELETE FROM freebusy_cache WHERE clinic_id = $1::uuid "
	"AND practitioner_id = $2::uuid "
	"AND fetched_at < to_timestamp($3::bigint)",
	3
};

static const struct db_stmt st_cache_drop = {
	"calsync_cache_drop",
	"DELETE FROM freebusy_cache WHERE clinic_id = $1::uuid "
	"AND practitioner_id = $2::uuid",
	2
};

static const struct db_stmt st_appt_load = {
	"calsync_appt_load",
	"SELECT a.practitioner_id, a.status, "
	"extract(epoch FROM a.starts_at)::bigint, "
	"extract(epoch FROM a.ends_at)::bigint, "
	"coalesce(a.google_event_id, ''), "
	"coalesce(nullif(a.treatment_name, ''), t.name, ''), "
	"p.first_name, p.last_name, c.timezone, "
	"c.calendar_event_title_mode, coalesce(a.calendar_flag, '') "
	"FROM appointments a "
	"JOIN clinics c ON c.id = a.clinic_id "
	"JOIN patients p ON p.clinic_id = a.clinic_id AND p.id = a.patient_id "
	"LEFT JOIN treatment_types t ON t.clinic_id = a.clinic_id "
	"AND t.id = a.treatment_type_id "
	"WHERE a.clinic_id = $1::uuid AND a.id = $2::uuid",
	2
};

static const struct db_stmt st_appt_practitioner = {
	"calsync_appt_practitioner",
	"SELECT practitioner_id FROM appointments "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid",
	2
};

/*
 * Record the event $3 inserted for an appointment, clearing the flag $4
 * read before the write (a newer flag stays); no write when there is
 * nothing to change.
 */
static const struct db_stmt st_appt_event = {
	"calsync_appt_event",
	"UPDATE appointments SET google_event_id = $3, calendar_flag = "
	"CASE WHEN calendar_flag = NULLIF($4::text, '') THEN NULL "
	"ELSE calendar_flag END "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid "
	"AND (google_event_id IS DISTINCT FROM $3 "
	"OR calendar_flag = NULLIF($4::text, ''))",
	4
};

/* Is a write of the appointment into Google queued? */
static const struct db_stmt st_event_queued = {
	"calsync_event_queued",
	"SELECT EXISTS (SELECT 1 FROM jobs WHERE kind = "
	"'calendar_event_upsert' AND status = 'queued' AND clinic_id = "
	"$1::uuid AND payload->>'appointment_id' = $2)",
	2
};

static const struct db_stmt st_appt_flag = {
	"calsync_appt_flag",
	"UPDATE appointments SET calendar_flag = NULLIF($3, '') "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid "
	"AND calendar_flag IS DISTINCT FROM NULLIF($3, '')",
	3
};

/* A booked appointment of ours behind a Google event, and whether a
 * write of it into Google is still pending. */
static const struct db_stmt st_sync_find = {
	"calsync_sync_find",
	"SELECT a.id, extract(epoch FROM a.starts_at)::bigint, "
	"extract(epoch FROM a.ends_at)::bigint, "
	"coalesce(a.calendar_flag, ''), "
	"EXISTS (SELECT 1 FROM jobs j WHERE j.kind = 'calendar_event_upsert' "
	"AND j.status IN ('queued', 'running') AND j.clinic_id = a.clinic_id "
	"AND j.payload->>'appointment_id' = a.id::text) "
	"FROM appointments a WHERE a.clinic_id = $1::uuid "
	"AND a.practitioner_id = $2::uuid AND a.google_event_id = $3 "
	"AND a.status = 'booked'",
	3
};

/* ---- small helpers ---------------------------------------------------- */

const char *
calsync_strerror(enum calsync_err e)
{
	if ((unsigned int)e >= CALSYNC_ERR__MAX)
		return "unknown error";
	return calsync_errs[e];
}

void
calsync_no_tx(struct app_ctx *ctx, const char *what)
{
	if (!db_idle(ctx->db) && db_usable(ctx->db))
		log_warn("calendar", "GOOGLE_CALL_IN_TX", NULL,
		    "%s: Google called with a transaction open", what);
}

int
calsync_uuid_ok(const char *s)
{
	size_t	 i;

	if (s == NULL || strnlen(s, 37) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (strchr("0123456789abcdefABCDEF", s[i]) == NULL ||
		    s[i] == '\0')
			return 0;
	}
	return 1;
}

void
calsync_uuid_new(char out[37])
{
	unsigned char	 r[16];

	randombytes_buf(r, sizeof(r));
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
	    r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

void
calsync_sha256_hex(const char *s, char out[65])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int
calsync_seal_hex(struct app_ctx *ctx, const char *plain, const char *ad,
    char **hex, char nonce[49])
{
	struct buf	 sealed;
	int		 rc = -1;

	*hex = NULL;
	if (!ctx->cfg->have_secret_key)
		return -1;
	buf_init(&sealed, 16384);
	if (seal_encrypt(ctx->cfg->secret_key, plain, strlen(plain), ad,
	    &sealed) == 0 && sealed.len > 24 &&
	    (*hex = malloc(sealed.len * 2 + 1)) != NULL) {
		sodium_bin2hex(*hex, sealed.len * 2 + 1,
		    (unsigned char *)sealed.p, sealed.len);
		/* The nonce leads the sealed bytes; its column keeps a
		 * copy for the schema's pairing check. */
		sodium_bin2hex(nonce, 49, (unsigned char *)sealed.p, 24);
		rc = 0;
	}
	buf_free(&sealed);
	return rc;
}

int
calsync_open_hex(struct app_ctx *ctx, const char *hex, const char *ad,
    char *out, size_t outsz)
{
	unsigned char	*bin;
	size_t		 n, hl = strlen(hex);
	struct buf	 plain;
	int		 rc = -1;

	out[0] = '\0';
	if (!ctx->cfg->have_secret_key || hl == 0 || hl > 32768)
		return -1;
	if ((bin = malloc(hl / 2 + 1)) == NULL)
		return -1;
	buf_init(&plain, outsz - 1);
	if (sodium_hex2bin(bin, hl / 2 + 1, hex, hl, NULL, &n, NULL) == 0 &&
	    seal_decrypt(ctx->cfg->secret_key, bin, n, ad, &plain) == 0 &&
	    strlen(buf_str(&plain)) == plain.len) {
		memcpy(out, buf_str(&plain), plain.len + 1);
		rc = 0;
	}
	if (plain.p != NULL)
		sodium_memzero(plain.p, plain.len);
	buf_free(&plain);
	free(bin);
	return rc;
}

/* Copy column c of row 0 into out (outsz); truncation counts as -1. */
static int
col(PGresult *res, int row, int c, char *out, size_t outsz)
{
	const char	*v = PQgetvalue(res, row, c);
	size_t		 n = strlen(v);

	if (n >= outsz) {
		out[0] = '\0';
		return -1;
	}
	memcpy(out, v, n + 1);
	return 0;
}

/* Column c as a number (always ours: bigint text). */
static int64_t
col_i64(PGresult *res, int row, int c)
{
	return (int64_t)strtoll(PQgetvalue(res, row, c), NULL, 10);
}

/* "%lld" of v into out. */
static void
i64s(int64_t v, char out[24])
{
	snprintf(out, 24, "%lld", (long long)v);
}

void
calsync_integ_wipe(struct calsync_integ *in)
{
	sodium_memzero(in->access, sizeof(in->access));
	sodium_memzero(in->refresh, sizeof(in->refresh));
}

int
calsync_integ_load(struct app_ctx *ctx, const char *clinic,
    const char *practitioner, struct calsync_integ *in)
{
	const char	*p[2] = { clinic, practitioner };
	PGresult	*res;
	char		*ahex = NULL, *rhex = NULL;
	int		 rc = -1;

	memset(in, 0, sizeof(*in));
	if ((res = db_exec(ctx->db, &st_integ_load, p)) == NULL ||
	    !db_ok(res))
		goto out;
	if (PQntuples(res) == 0) {
		rc = 0;
		goto out;
	}
	snprintf(in->clinic, sizeof(in->clinic), "%s", clinic);
	snprintf(in->practitioner, sizeof(in->practitioner), "%s",
	    practitioner);
	if (col(res, 0, 0, in->id, sizeof(in->id)) == -1 ||
	    col(res, 0, 1, in->calendar_id, sizeof(in->calendar_id)) == -1 ||
	    col(res, 0, 2, in->status, sizeof(in->status)) == -1)
		goto out;
	col(res, 0, 6, in->sync_token, sizeof(in->sync_token));
	in->expires = col_i64(res, 0, 5);
	ahex = PQgetvalue(res, 0, 3);
	rhex = PQgetvalue(res, 0, 4);
	rc = 1;
	if (*ahex != '\0' && calsync_open_hex(ctx, ahex, in->id, in->access,
	    sizeof(in->access)) == -1)
		rc = -2;
	if (*rhex != '\0' && calsync_open_hex(ctx, rhex, in->id, in->refresh,
	    sizeof(in->refresh)) == -1)
		rc = -2;
out:
	PQclear(res);
	if (rc == -2)
		calsync_integ_wipe(in);
	return rc;
}

/* Store a sealed token with stmt (access or refresh); 0 or -1. */
static int
store_sealed(struct app_ctx *ctx, const struct db_stmt *st,
    const struct calsync_integ *in, const char *token, const char *exp)
{
	char		*hex;
	char		 nonce[49];
	const char	*p[5];
	int		 rc;

	if (calsync_seal_hex(ctx, token, in->id, &hex, nonce) == -1)
		return -1;
	p[0] = in->clinic;
	p[1] = in->id;
	p[2] = hex;
	p[3] = nonce;
	p[4] = exp;
	rc = db_do(ctx->db, st, p) == DB_OK ? 0 : -1;
	free(hex);
	return rc;
}

/* Record why the calendar failed (for staff), best effort. */
static void
integ_error(struct app_ctx *ctx, const struct calsync_integ *in,
    const char *why)
{
	const char	*p[3] = { in->clinic, in->id, why };

	db_do(ctx->db, &st_integ_error, p);
}

/* Google refused the refresh token: disconnect and tell staff. */
static void
integ_disconnect(struct app_ctx *ctx, struct calsync_integ *in)
{
	const char	*p[3] = { in->clinic, in->id,
	    "invalid_grant: Google refused the refresh token; "
	    "reconnect the calendar" };

	db_do(ctx->db, &st_integ_disconnect, p);
	snprintf(in->status, sizeof(in->status), "disconnected");
	calsync_integ_wipe(in);
	log_warn("calendar", "CALENDAR_DISCONNECTED", in->clinic,
	    "practitioner=%s Google refused the refresh token "
	    "(invalid_grant); bookings continue on Sophie's calendar",
	    in->practitioner);
}

enum google_err
calsync_integ_token(struct app_ctx *ctx, struct calsync_integ *in,
    int force)
{
	struct google_token	*tok;
	enum google_err		 er;
	int64_t			 now = config_now();
	char			 exp[24];

	if (!force && in->access[0] != '\0' &&
	    in->expires > now + REFRESH_MARGIN)
		return GOOGLE_OK;
	if (in->refresh[0] == '\0') {
		integ_disconnect(ctx, in);
		return GOOGLE_ERR_INVALID_GRANT;
	}
	if ((tok = malloc(sizeof(*tok))) == NULL)
		return GOOGLE_ERR_NOMEM;
	calsync_no_tx(ctx, "token refresh");
	er = google_token_refresh(ctx->cfg, in->refresh, tok);
	if (er == GOOGLE_ERR_INVALID_GRANT)
		integ_disconnect(ctx, in);
	else if (er != GOOGLE_OK) {
		integ_error(ctx, in, google_strerror(er));
		log_warn("calendar", "CALENDAR_REFRESH_FAILED", in->clinic,
		    "practitioner=%s %s", in->practitioner,
		    google_strerror(er));
	} else {
		in->expires = now + tok->expires_in;
		i64s(in->expires, exp);
		memcpy(in->access, tok->access_token,
		    strlen(tok->access_token) + 1);
		if (store_sealed(ctx, &st_integ_access, in, in->access,
		    exp) == -1)
			er = GOOGLE_ERR_NOMEM;
		if (er == GOOGLE_OK && tok->refresh_token[0] != '\0' &&
		    strcmp(tok->refresh_token, in->refresh) != 0) {
			memcpy(in->refresh, tok->refresh_token,
			    strlen(tok->refresh_token) + 1);
			if (store_sealed(ctx, &st_integ_refresh, in,
			    in->refresh, NULL) == -1)
				er = GOOGLE_ERR_NOMEM;
		}
	}
	sodium_memzero(tok, sizeof(*tok));
	free(tok);
	return er;
}

/* ---- free/busy -------------------------------------------------------- */

/* Append a busy interval that overlaps [from, to), clipped. */
static void
clip_add(int64_t s, int64_t e, int64_t from, int64_t to,
    struct slots_interval *out, size_t max, size_t *n, int *fail_closed)
{
	if (e <= from || s >= to)
		return;
	if (*n >= max) {
		*fail_closed = 1;
		return;
	}
	out[*n].start = s < from ? from : s;
	out[*n].end = e > to ? to : e;
	(*n)++;
}

/*
 * A cached answer younger than max_age by st (st_cache_get: covering
 * the window; st_cache_stored: meeting it): 1 (out filled), 0 (none),
 * -1 (database).
 */
static int
cache_read(struct app_ctx *ctx, const struct db_stmt *st, int max_age,
    const char *clinic, const char *pract, int64_t from, int64_t to,
    struct slots_interval *out, size_t max, size_t *n, int *fail_closed)
{
	char		 a[24], b[24], c[24];
	const char	*p[5] = { clinic, pract, a, b, c };
	PGresult	*res;
	int		 i, rows, rc = -1;

	i64s(from, a);
	i64s(to, b);
	i64s(config_now() - max_age, c);
	if ((res = db_exec(ctx->db, st, p)) == NULL ||
	    !db_ok(res))
		goto out;
	rows = PQntuples(res);
	*n = 0;
	*fail_closed = rows > 0 && PQgetvalue(res, 0, 0)[0] == 't';
	for (i = 0; i < rows && !*fail_closed; i++)
		if (PQgetvalue(res, i, 3)[0] != 't')
			clip_add(col_i64(res, i, 1), col_i64(res, i, 2), from,
			    to, out, max, n, fail_closed);
	rc = rows > 0;
out:
	PQclear(res);
	return rc;
}

/* "YYYY-MM-DD HH:MM:SS+00" of t. */
static void
pg_time(int64_t t, char out[32])
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S+00", &tm);
}

/* Remember an answer for [wfrom, wto); best effort. */
static void
cache_put(struct app_ctx *ctx, const char *clinic, const char *pract,
    int64_t wfrom, int64_t wto, const struct slots_interval *iv, size_t n,
    int errors)
{
	struct buf	 mr;
	char		 a[24], b[24], now[24], old[24], s[32], e[32];
	const char	*p[7];
	size_t		 i;

	buf_init(&mr, 256 * 1024);
	if (buf_addc(&mr, '{') == -1)
		goto out;
	for (i = 0; i < n && !errors; i++) {
		pg_time(iv[i].start, s);
		pg_time(iv[i].end, e);
		if (buf_printf(&mr, "%s[\"%s\",\"%s\")", i > 0 ? "," : "",
		    s, e) == -1)
			goto out;
	}
	if (buf_addc(&mr, '}') == -1)
		goto out;
	i64s(wfrom, a);
	i64s(wto, b);
	i64s(config_now(), now);
	i64s(config_now() - CACHE_KEEP, old);
	p[0] = clinic;
	p[1] = pract;
	p[2] = old;
	db_do(ctx->db, &st_cache_prune, p);
	p[2] = a;
	p[3] = b;
	p[4] = buf_str(&mr);
	p[5] = now;
	p[6] = errors ? "true" : "false";
	db_do(ctx->db, &st_cache_put, p);
out:
	buf_free(&mr);
}

/* Ask Google for [wfrom, wto); refreshes once on 401. */
static enum google_err
ask_freebusy(struct app_ctx *ctx, struct calsync_integ *in, int64_t wfrom,
    int64_t wto, struct slots_interval *iv, size_t *n, int *errors)
{
	enum google_err	 er;

	*n = 0;
	*errors = 1;
	if ((er = calsync_integ_token(ctx, in, 0)) != GOOGLE_OK)
		return er;
	calsync_no_tx(ctx, "freeBusy");
	er = google_freebusy(ctx->cfg, in->access, in->calendar_id, wfrom,
	    wto, CALSYNC_BUSY_TIMEOUT_MS, iv, BUSY_MAX, n, errors);
	if (er != GOOGLE_ERR_AUTH)
		return er;
	if ((er = calsync_integ_token(ctx, in, 1)) != GOOGLE_OK)
		return er;
	return google_freebusy(ctx->cfg, in->access, in->calendar_id, wfrom,
	    wto, CALSYNC_BUSY_TIMEOUT_MS, iv, BUSY_MAX, n, errors);
}

/* The widened window to ask for: whole UTC days, at most WIDEN_MAX. */
static void
widen(int64_t from, int64_t to, int64_t *wfrom, int64_t *wto)
{
	*wfrom = from - ((from % 86400) + 86400) % 86400;
	*wto = to + (86400 - ((to % 86400) + 86400) % 86400) % 86400;
	if (*wto - *wfrom > WIDEN_MAX) {
		*wfrom = from;
		*wto = to;
	}
}

/* calsync_busy and calsync_recheck. */
static enum calsync_err
busy(struct app_ctx *ctx, const char *clinic, const char *pract,
    int64_t from, int64_t to, struct slots_interval *out, size_t max,
    size_t *n, int *fail_closed, int use_cache)
{
	struct calsync_integ	 in;
	struct slots_interval	*iv;
	enum google_err		 er;
	int64_t			 wfrom, wto;
	size_t			 k, i;
	int			 r, errors;

	*n = 0;
	*fail_closed = 1;
	if (!calsync_uuid_ok(clinic) || !calsync_uuid_ok(pract) || to <= from)
		return CALSYNC_ERR_ARG;
	if (use_cache && (r = cache_read(ctx, &st_cache_get,
	    CALSYNC_CACHE_TTL, clinic, pract, from, to, out, max, n,
	    fail_closed)) != 0)
		return r == 1 ? CALSYNC_OK : CALSYNC_ERR_DB;
	*fail_closed = 1;
	if ((r = calsync_integ_load(ctx, clinic, pract, &in)) == -1)
		return CALSYNC_ERR_DB;
	if (r == 0 || strcmp(in.status, "connected") != 0) {
		*fail_closed = 0;	/* Sophie's own calendar only */
		calsync_integ_wipe(&in);
		return CALSYNC_OK;
	}
	if (r == -2) {
		log_error("calendar", "CALENDAR_TOKENS_UNREADABLE", clinic,
		    "practitioner=%s tokens do not open with the key", pract);
		return CALSYNC_OK;
	}
	if ((iv = calloc(BUSY_MAX, sizeof(*iv))) == NULL) {
		calsync_integ_wipe(&in);
		return CALSYNC_ERR_NOMEM;
	}
	widen(from, to, &wfrom, &wto);
	er = ask_freebusy(ctx, &in, wfrom, wto, iv, &k, &errors);
	calsync_integ_wipe(&in);
	if (er == GOOGLE_ERR_INVALID_GRANT) {
		*fail_closed = 0;	/* just disconnected */
		free(iv);
		return CALSYNC_OK;
	}
	if (er != GOOGLE_OK || errors) {
		log_warn("calendar", "CALENDAR_BUSY_UNKNOWN", clinic,
		    "practitioner=%s %s; the window counts as busy", pract,
		    er != GOOGLE_OK ? google_strerror(er) :
		    "Google reported errors for the calendar");
		cache_put(ctx, clinic, pract, wfrom, wto, NULL, 0, 1);
		free(iv);
		return CALSYNC_OK;
	}
	cache_put(ctx, clinic, pract, wfrom, wto, iv, k, 0);
	*fail_closed = 0;
	for (i = 0; i < k; i++)
		clip_add(iv[i].start, iv[i].end, from, to, out, max, n,
		    fail_closed);
	free(iv);
	return CALSYNC_OK;
}

enum calsync_err
calsync_busy(struct app_ctx *ctx, const char *clinic,
    const char *practitioner, int64_t from, int64_t to,
    struct slots_interval *out, size_t max, size_t *n, int *fail_closed)
{
	return busy(ctx, clinic, practitioner, from, to, out, max, n,
	    fail_closed, 1);
}

enum calsync_err
calsync_recheck(struct app_ctx *ctx, const char *clinic,
    const char *practitioner, int64_t from, int64_t to,
    struct slots_interval *out, size_t max, size_t *n, int *fail_closed)
{
	return busy(ctx, clinic, practitioner, from, to, out, max, n,
	    fail_closed, 0);
}

enum calsync_err
calsync_busy_stored(struct app_ctx *ctx, const char *clinic,
    const char *practitioner, int64_t from, int64_t to,
    struct slots_interval *out, size_t max, size_t *n, int *fail_closed)
{
	int	 r;

	*n = 0;
	*fail_closed = 1;
	if (!calsync_uuid_ok(clinic) || !calsync_uuid_ok(practitioner) ||
	    to <= from)
		return CALSYNC_ERR_ARG;
	r = cache_read(ctx, &st_cache_stored, CALSYNC_STORED_MAX_AGE, clinic,
	    practitioner, from, to, out, max, n, fail_closed);
	if (r == -1)
		return CALSYNC_ERR_DB;
	if (r == 0)
		*fail_closed = 0;	/* nothing stored: Sophie's own */
	return CALSYNC_OK;
}

/*
 * After a sync run, outside any transaction: ask Google for the
 * practitioner's busy time from the start of today (UTC) over WIDEN_MAX
 * and store it, for calsync_busy_stored.  Best effort: busy() logs a
 * calendar it cannot read and stores that answer as errors.
 */
static void
sync_store_busy(struct app_ctx *ctx, const char *clinic, const char *pract)
{
	struct slots_interval	 one;
	int64_t			 now = config_now(), from;
	size_t			 n;
	int			 fail;

	from = now - ((now % 86400) + 86400) % 86400;
	(void)busy(ctx, clinic, pract, from, from + WIDEN_MAX, &one, 1, &n,
	    &fail, 0);
}

/* ---- enqueueing ------------------------------------------------------- */

int
calsync_enqueue_event(struct db *db, const char *clinic,
    const char *appointment)
{
	const char	*p[2] = { clinic, appointment };
	PGresult	*res;
	char		 key[48], payload[96];
	int		 rc;

	if (!calsync_uuid_ok(clinic) || !calsync_uuid_ok(appointment))
		return DB_ERR_QUERY;
	res = db_exec(db, &st_appt_practitioner, p);
	if (res == NULL || !db_ok(res) || PQntuples(res) != 1) {
		rc = res == NULL ? DB_ERR_DOWN : DB_ERR_QUERY;
		PQclear(res);
		return rc;
	}
	/* One queue per practitioner: writes and syncs stay in order. */
	snprintf(key, sizeof(key), "cal:%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	snprintf(payload, sizeof(payload), "{\"appointment_id\":\"%s\"}",
	    appointment);
	return jobs_enqueue(db, CALSYNC_JOB_EVENT, clinic, key, payload, 8);
}

int
calsync_enqueue_sync(struct db *db, const char *clinic,
    const char *practitioner)
{
	char	 key[48], payload[96];

	if (!calsync_uuid_ok(clinic) || !calsync_uuid_ok(practitioner))
		return DB_ERR_QUERY;
	snprintf(key, sizeof(key), "cal:%s", practitioner);
	snprintf(payload, sizeof(payload), "{\"practitioner_id\":\"%s\"}",
	    practitioner);
	return jobs_enqueue(db, CALSYNC_JOB_SYNC, clinic, key, payload, 5);
}

/* ---- jobs ------------------------------------------------------------- */

/*
 * The calendar jobs run with no transaction open (WORKER_OWN_TX): they
 * read what they need in single statements, call Google, then write what
 * came of it and finish the job in one short db_tx, which PostgreSQL may
 * ask to run again; what the transaction decides on, it reads inside.
 */

/* The uuid under key in the job's payload, or NULL. */
static const char *
payload_uuid(struct job *j, const char *key)
{
	json_object	*v;
	const char	*s;

	if (j->payload == NULL ||
	    !json_object_object_get_ex(j->payload, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	return calsync_uuid_ok(s) ? s : NULL;
}

/* What the event job read about the appointment. */
struct appt {
	char	 practitioner[37];
	char	 status[16];
	int64_t	 start;
	int64_t	 end;
	char	 event_id[1025];
	char	 flag[32];		/* calendar_flag, "" when none */
	char	 title[256];
	char	 tz[64];
};

/* Load the appointment; 1, 0 (none), -1 (database: a db_err in *er). */
static int
appt_load(struct db *db, const char *clinic, const char *appt,
    struct appt *a, int *er)
{
	const char	*p[2] = { clinic, appt };
	PGresult	*res;
	int		 rc = -1;

	memset(a, 0, sizeof(*a));
	res = db_exec(db, &st_appt_load, p);
	*er = db_result_err(res);
	if (*er != DB_OK)
		goto out;
	rc = 0;
	if (PQntuples(res) != 1)
		goto out;
	if (col(res, 0, 0, a->practitioner, sizeof(a->practitioner)) == -1 ||
	    col(res, 0, 1, a->status, sizeof(a->status)) == -1 ||
	    col(res, 0, 4, a->event_id, sizeof(a->event_id)) == -1 ||
	    col(res, 0, 8, a->tz, sizeof(a->tz)) == -1 ||
	    col(res, 0, 10, a->flag, sizeof(a->flag)) == -1) {
		*er = DB_ERR_QUERY;
		rc = -1;
		goto out;
	}
	a->start = col_i64(res, 0, 2);
	a->end = col_i64(res, 0, 3);
	google_event_title(google_title_mode(PQgetvalue(res, 0, 9)),
	    PQgetvalue(res, 0, 5), PQgetvalue(res, 0, 6),
	    PQgetvalue(res, 0, 7), a->title, sizeof(a->title));
	rc = 1;
out:
	PQclear(res);
	return rc;
}

/*
 * Does Google need writing again to match b, after it was written to
 * match a?  (Where, when, whose calendar, what it is called, and whether
 * it is still booked.)  1 or 0.
 */
static int
appt_differs(const struct appt *a, const struct appt *b)
{
	return strcmp(a->practitioner, b->practitioner) != 0 ||
	    strcmp(a->status, b->status) != 0 || a->start != b->start ||
	    a->end != b->end || strcmp(a->title, b->title) != 0;
}

/* The event body for a (id NULL for a patch); 0 or -1. */
static int
event_body(const struct appt *a, const char *id, struct buf *out)
{
	struct google_event_spec	 e;
	const struct tz			*tz = NULL;

	memset(&e, 0, sizeof(e));
	e.id = id;
	e.title = a->title;
	e.start = a->start;
	e.end = a->end;
	e.tz = a->tz;
	if (tz_load(a->tz, &tz) == TZ_OK) {
		e.start_off = tz_offset_at(tz, a->start);
		e.end_off = tz_offset_at(tz, a->end);
	} else
		e.tz = "UTC";
	return google_event_json(&e, out);
}

/*
 * One write of the appointment into Google, by the state a read (Google
 * only: nothing is written here).  A cancelled appointment's event is
 * deleted: the one recorded, else the one its id would have had (an
 * insert Google made before a crash left no record of it).  On
 * GOOGLE_OK, inserted (GOOGLE_EVENT_ID_SIZE bytes) holds the id of an
 * event this write inserted, to record; "" otherwise.
 */
static enum google_err
event_write(struct app_ctx *ctx, struct calsync_integ *in, const char *appt,
    const struct appt *a, char *inserted)
{
	char		 id[GOOGLE_EVENT_ID_SIZE];
	struct buf	 body;
	enum google_err	 er;

	inserted[0] = '\0';
	if (google_event_id(appt, id) == -1)
		return GOOGLE_ERR_ARG;
	calsync_no_tx(ctx, "event write");
	if (strcmp(a->status, "cancelled") == 0)
		return google_event_delete(ctx->cfg, in->access,
		    in->calendar_id, a->event_id[0] != '\0' ? a->event_id : id);
	if (strcmp(a->status, "booked") != 0)
		return GOOGLE_OK;	/* completed, no-show: leave it */
	buf_init(&body, 16384);
	er = GOOGLE_ERR_NOMEM;
	if (a->event_id[0] != '\0') {
		if (event_body(a, NULL, &body) == 0)
			er = google_event_patch(ctx->cfg, in->access,
			    in->calendar_id, a->event_id, buf_str(&body));
		if (er != GOOGLE_ERR_NOTFOUND)
			goto out;
		buf_reset(&body);
	}
	if (event_body(a, id, &body) == -1)
		goto out;
	er = google_event_insert(ctx->cfg, in->access, in->calendar_id,
	    buf_str(&body));
	if (er == GOOGLE_ERR_CONFLICT) {
		/* Inserted before (a retry after a crash): bring it up to
		 * date instead of making a second one. */
		buf_reset(&body);
		er = event_body(a, NULL, &body) == 0 ? google_event_patch(
		    ctx->cfg, in->access, in->calendar_id, id,
		    buf_str(&body)) : GOOGLE_ERR_NOMEM;
	}
	if (er == GOOGLE_OK)
		memcpy(inserted, id, sizeof(id));
out:
	buf_free(&body);
	return er;
}

/* What the event job's last transaction records. */
struct event_done {
	struct job		*j;
	const char		*clinic;
	const char		*appt;
	const struct appt	*was;		/* as written into Google */
	const char		*inserted;	/* event id to record, or "" */
	const char		*flag;		/* flag to set, or NULL */
	int			 followup;	/* out: a follow-up queued */
};

/*
 * The event job's last transaction: record the inserted event's id
 * (clearing the flag read before the write, keeping a newer one), or set
 * a flag; then, when the appointment changed in a way Google shows while
 * Google was being written and no write of it is queued, queue one, so
 * that Google ends with the appointment's latest state; finish the job.
 * Returns 0 or a db_err.
 */
static int
event_done_tx(struct db *db, void *arg)
{
	struct event_done	*d = arg;
	struct appt		 now;
	const char		*p[4];
	PGresult		*res;
	int			 er, r, queued = 0;

	d->followup = 0;
	p[0] = d->clinic;
	p[1] = d->appt;
	if (d->inserted[0] != '\0') {
		p[2] = d->inserted;
		p[3] = d->was->flag;
		if ((er = db_do(db, &st_appt_event, p)) != DB_OK)
			return er;
	}
	if (d->flag != NULL) {
		p[2] = d->flag;
		if ((er = db_do(db, &st_appt_flag, p)) != DB_OK)
			return er;
	}
	if ((r = appt_load(db, d->clinic, d->appt, &now, &er)) == -1)
		return er;
	if (r == 1 && appt_differs(d->was, &now)) {
		res = db_exec(db, &st_event_queued, p);
		if ((er = db_result_err(res)) == DB_OK)
			queued = PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
		if (er != DB_OK)
			return er;
		if (!queued) {
			if ((er = calsync_enqueue_event(db, d->clinic,
			    d->appt)) != DB_OK)
				return er;
			d->followup = 1;
		}
	}
	return jobs_finish(db, d->j);
}

/* Run event_done_tx; the job's outcome. */
static enum job_outcome
event_done(struct app_ctx *ctx, struct event_done *d, char *err,
    size_t errsz)
{
	int	 er;

	if ((er = db_tx(ctx->db, event_done_tx, d)) != 0) {
		snprintf(err, errsz, "recording the event: %s",
		    db_strerror(er));
		return JOB_RETRY;	/* Google's side is idempotent */
	}
	if (d->followup)
		log_info("calendar", "CALENDAR_FOLLOWUP", d->clinic,
		    "appointment=%s changed while its event was written; "
		    "written again", d->appt);
	return JOB_DONE;
}

/* What a failed write means for the job. */
static enum job_outcome
job_failed(struct app_ctx *ctx, struct job *j, const char *clinic,
    const char *appt, const struct appt *a, enum google_err er, char *err,
    size_t errsz)
{
	struct event_done	 d;

	snprintf(err, errsz, "google: %s", google_strerror(er));
	if (google_err_transient(er) && j->attempts < j->max_attempts)
		return JOB_RETRY;	/* the queue backs off with jitter */
	log_error("calendar", "CALENDAR_WRITE_FAILED", clinic,
	    "appointment=%s %s (not retried)", appt != NULL ? appt : "-",
	    google_strerror(er));
	if (appt == NULL)
		return JOB_DONE;
	memset(&d, 0, sizeof(d));
	d.j = j;
	d.clinic = clinic;
	d.appt = appt;
	d.was = a;
	d.inserted = "";
	d.flag = "sync_failed";
	return event_done(ctx, &d, err, errsz);	/* keep the flag */
}

enum job_outcome
calsync_job_event(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	struct calsync_integ	 in;
	struct appt		 a;
	struct event_done	 d;
	const char		*appt = payload_uuid(j, "appointment_id");
	const char		*clinic = j->clinic_id;
	char			 inserted[GOOGLE_EVENT_ID_SIZE];
	enum google_err		 er;
	int			 r, dbe;

	if (appt == NULL || !calsync_uuid_ok(clinic)) {
		snprintf(err, errsz, "payload needs appointment_id and clinic");
		return JOB_GIVEUP;
	}
	if ((r = appt_load(ctx->db, clinic, appt, &a, &dbe)) <= 0) {
		snprintf(err, errsz, r == 0 ? "no such appointment" :
		    "database");
		return r == 0 ? JOB_DONE : JOB_RETRY;
	}
	if ((r = calsync_integ_load(ctx, clinic, a.practitioner, &in)) == -1) {
		snprintf(err, errsz, "database");
		return JOB_RETRY;
	}
	if (r == 0 || strcmp(in.status, "connected") != 0) {
		calsync_integ_wipe(&in);
		return JOB_DONE;	/* no Google calendar to write */
	}
	if (r == -2) {
		snprintf(err, errsz, "tokens do not open with the key");
		return JOB_GIVEUP;
	}
	if ((er = calsync_integ_token(ctx, &in, 0)) == GOOGLE_OK &&
	    (er = event_write(ctx, &in, appt, &a, inserted)) ==
	    GOOGLE_ERR_AUTH &&
	    (er = calsync_integ_token(ctx, &in, 1)) == GOOGLE_OK)
		er = event_write(ctx, &in, appt, &a, inserted);
	calsync_integ_wipe(&in);
	if (er == GOOGLE_ERR_INVALID_GRANT)
		return JOB_DONE;	/* now disconnected */
	if (er != GOOGLE_OK)
		return job_failed(ctx, j, clinic, appt, &a, er, err, errsz);
	memset(&d, 0, sizeof(d));
	d.j = j;
	d.clinic = clinic;
	d.appt = appt;
	d.was = &a;
	d.inserted = inserted;
	return event_done(ctx, &d, err, errsz);
}

/* One change seen in Google, to flag and log once committed. */
struct sync_flag {
	char		 appt[37];
	const char	*flag;		/* static; "" clears */
};

/* What one sync run gathered from Google and records. */
struct sync_run {
	struct job		*j;
	const struct calsync_integ *in;
	const char		*from_token;	/* sync token it started from */
	const char		*next_token;
	struct google_event	*items;		/* Sophie's events seen */
	size_t			 n;
	size_t			 max;
	int			 changed;	/* any event changed */
	struct sync_flag	*flags;		/* out, n of them at most */
	size_t			 nflags;
};

/*
 * Compare one Google event with the booked appointment behind it, read
 * now (inside the transaction): flag it when Google shows it moved or
 * deleted and no write of ours is queued or running.  Returns a db_err.
 */
static int
sync_item(struct db *db, struct sync_run *s, const struct google_event *e)
{
	const char	*p[3] = { s->in->clinic, s->in->practitioner, e->id };
	const char	*flag;
	PGresult	*res;
	char		 appt[37], old[32];
	int		 moved, er;

	res = db_exec(db, &st_sync_find, p);
	if ((er = db_result_err(res)) != DB_OK) {
		PQclear(res);
		return er;
	}
	if (PQntuples(res) != 1 || PQgetvalue(res, 0, 4)[0] == 't') {
		PQclear(res);	/* not ours, or our write is pending */
		return DB_OK;
	}
	col(res, 0, 0, appt, sizeof(appt));
	col(res, 0, 3, old, sizeof(old));
	moved = e->timed && (e->start != col_i64(res, 0, 1) ||
	    e->end != col_i64(res, 0, 2));
	PQclear(res);
	flag = e->cancelled ? "deleted_in_google" : !e->timed || moved ?
	    "moved_in_google" : "";
	if (strcmp(old, flag) == 0 || strcmp(old, "sync_failed") == 0)
		return DB_OK;
	p[0] = s->in->clinic;
	p[1] = appt;
	p[2] = flag;
	if ((er = db_do(db, &st_appt_flag, p)) != DB_OK)
		return er;
	memcpy(s->flags[s->nflags].appt, appt, sizeof(appt));
	s->flags[s->nflags++].flag = flag;
	return DB_OK;
}

/*
 * The sync job's last transaction: flag what changed in Google, keep
 * the new sync token (unless the calendar was reconnected or
 * disconnected meanwhile), forget the cached free/busy when anything
 * changed, finish the job.  Returns 0 or a db_err.
 */
static int
sync_done_tx(struct db *db, void *arg)
{
	struct sync_run	*s = arg;
	const char	*p[5];
	char		 now[24];
	size_t		 i;
	int		 er;

	s->nflags = 0;
	for (i = 0; i < s->n; i++)
		if ((er = sync_item(db, s, &s->items[i])) != DB_OK)
			return er;
	i64s(config_now(), now);
	p[0] = s->in->clinic;
	p[1] = s->in->id;
	p[2] = s->next_token;
	p[3] = now;
	p[4] = s->from_token;
	if ((er = db_do(db, &st_integ_synced, p)) != DB_OK)
		return er;
	p[1] = s->in->practitioner;
	if (s->changed && (er = db_do(db, &st_cache_drop, p)) != DB_OK)
		return er;
	return jobs_finish(db, s->j);
}

/* Keep the events of a page that may be Sophie's.  0 or -1 (memory). */
static int
sync_keep(struct sync_run *s, const struct google_page *pg)
{
	struct google_event	*n;
	size_t			 i, want;

	for (i = 0; i < pg->n; i++) {
		if (pg->items[i].id[0] == '\0' ||
		    !google_event_id_ok(pg->items[i].id))
			continue;
		if (s->n == s->max) {
			want = s->max == 0 ? PAGE_MAX : s->max * 2;
			if (want > PAGE_MAX * PAGES_MAX ||
			    (n = reallocarray(s->items, want,
			    sizeof(*n))) == NULL)
				return -1;
			s->items = n;
			s->max = want;
		}
		s->items[s->n++] = pg->items[i];
	}
	return 0;
}

/* List every page since the sync token; GONE when it expired. */
static enum google_err
sync_pages(struct app_ctx *ctx, struct calsync_integ *in,
    struct google_page *pg, struct sync_run *s)
{
	char		 page[512] = "";
	enum google_err	 er;
	int		 n;

	s->n = 0;
	s->changed = 0;
	for (n = 0; n < PAGES_MAX; n++) {
		calsync_no_tx(ctx, "events list");
		er = google_events_list(ctx->cfg, in->access, in->calendar_id,
		    in->sync_token[0] != '\0' ? in->sync_token : NULL,
		    page[0] != '\0' ? page : NULL, pg);
		if (er == GOOGLE_ERR_AUTH &&
		    (er = calsync_integ_token(ctx, in, 1)) == GOOGLE_OK)
			er = google_events_list(ctx->cfg, in->access,
			    in->calendar_id, in->sync_token[0] != '\0' ?
			    in->sync_token : NULL, page[0] != '\0' ? page :
			    NULL, pg);
		if (er != GOOGLE_OK)
			return er;
		s->changed |= pg->n > 0;
		if (sync_keep(s, pg) == -1)
			return GOOGLE_ERR_NOMEM;
		if (pg->next_sync[0] != '\0')
			return GOOGLE_OK;
		memcpy(page, pg->next_page, sizeof(page));
	}
	return GOOGLE_ERR_SERVER;	/* too many pages: later */
}

/* Record a sync run; the job's outcome. */
static enum job_outcome
sync_done(struct app_ctx *ctx, struct sync_run *s, char *err, size_t errsz)
{
	size_t	 i;
	int	 er;

	if ((s->flags = calloc(s->n > 0 ? s->n : 1,
	    sizeof(*s->flags))) == NULL) {
		snprintf(err, errsz, "out of memory");
		return JOB_RETRY;
	}
	if ((er = db_tx(ctx->db, sync_done_tx, s)) != 0) {
		snprintf(err, errsz, "recording the sync: %s",
		    db_strerror(er));
		return JOB_RETRY;
	}
	for (i = 0; i < s->nflags; i++)
		if (*s->flags[i].flag != '\0')
			log_event("calendar", "CALENDAR_CHANGED_IN_GOOGLE",
			    s->in->clinic, "appointment=%s practitioner=%s %s",
			    s->flags[i].appt, s->in->practitioner,
			    s->flags[i].flag);
	return JOB_DONE;
}

enum job_outcome
calsync_job_sync(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	struct calsync_integ	 in;
	struct google_event	*items;
	struct google_page	 pg;
	struct sync_run		 s;
	const char		*pract = payload_uuid(j, "practitioner_id");
	char			 from[sizeof(in.sync_token)];
	enum google_err		 er;
	enum job_outcome	 out;
	int			 r;

	if (pract == NULL || !calsync_uuid_ok(j->clinic_id)) {
		snprintf(err, errsz,
		    "payload needs practitioner_id and clinic");
		return JOB_GIVEUP;
	}
	if ((r = calsync_integ_load(ctx, j->clinic_id, pract, &in)) == -1) {
		snprintf(err, errsz, "database");
		return JOB_RETRY;
	}
	if (r == 0 || r == -2 || strcmp(in.status, "connected") != 0) {
		calsync_integ_wipe(&in);
		return JOB_DONE;
	}
	if ((items = calloc(PAGE_MAX, sizeof(*items))) == NULL) {
		calsync_integ_wipe(&in);
		return JOB_RETRY;
	}
	memcpy(from, in.sync_token, sizeof(from));
	memset(&pg, 0, sizeof(pg));
	pg.items = items;
	pg.max = PAGE_MAX;
	memset(&s, 0, sizeof(s));
	if ((er = calsync_integ_token(ctx, &in, 0)) == GOOGLE_OK &&
	    (er = sync_pages(ctx, &in, &pg, &s)) == GOOGLE_ERR_GONE) {
		/* The sync token expired: start again with a full sync. */
		in.sync_token[0] = '\0';
		er = sync_pages(ctx, &in, &pg, &s);
	}
	calsync_integ_wipe(&in);
	out = JOB_DONE;
	if (er == GOOGLE_OK) {
		s.j = j;
		s.in = &in;
		s.from_token = from;
		s.next_token = pg.next_sync;
		out = sync_done(ctx, &s, err, errsz);
		if (out == JOB_DONE)
			sync_store_busy(ctx, j->clinic_id, pract);
	} else if (er != GOOGLE_ERR_INVALID_GRANT)
		out = job_failed(ctx, j, j->clinic_id, NULL, NULL, er, err,
		    errsz);
	free(s.items);
	free(s.flags);
	free(items);
	return out;
}
