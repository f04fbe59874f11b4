/*
 * auth — JWT sessions, cookie, CSRF, login with throttling, audit rows.
 * This file trusts nothing it reads from the request: tokens, cookies,
 * form fields and headers are checked here before anyone else sees them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jwt.h>
#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "passwd.h"

#define AUTH_TOKEN_MAX		2048	/* longest token looked at */
#define AUTH_HEADER_MAX		256	/* longest JWT header decoded */
#define THROTTLE_EMAIL_FREE	4	/* failures before delays (email) */
#define THROTTLE_IP_FREE	20	/* failures before delays (IP) */
#define THROTTLE_MAX_DELAY	900	/* seconds */
#define THROTTLE_WINDOW		"1 hour"

/* The user row behind a token. */
static const struct db_stmt st_user_check = { "auth_user_check",
	"SELECT u.token_version, u.role, coalesce(u.clinic_id::text, ''), "
	"coalesce(u.ui_lang, '') "
	"FROM clinic_users u LEFT JOIN clinics c ON c.id = u.clinic_id "
	"WHERE u.id = $1::uuid AND u.is_active "
	"AND (u.clinic_id IS NULL OR c.is_active)", 1 };

/* A user by email for login: clinic users of $2, or superadmins. */
static const struct db_stmt st_user_login = { "auth_user_login",
	"SELECT u.id, coalesce(u.clinic_id::text, ''), u.role, "
	"u.token_version, u.password_hash, u.is_active "
	"AND (u.clinic_id IS NULL OR c.is_active) "
	"FROM clinic_users u LEFT JOIN clinics c ON c.id = u.clinic_id "
	"WHERE lower(u.email) = lower($1) AND "
	"(($2::uuid IS NULL AND u.role = 'SUPERADMIN') OR "
	"(u.clinic_id = $2::uuid))", 2 };

/* $1 user, $2 new Argon2id hash, $3 the hash that matched: a bcrypt hash
 * from the seed system is replaced at its first login (unless changed
 * meanwhile). */
static const struct db_stmt st_user_rehash = { "auth_user_rehash",
	"UPDATE clinic_users SET password_hash = $2 WHERE id = $1::uuid AND "
	"password_hash = $3", 3 };

/* Record a successful login. */
static const struct db_stmt st_user_logged_in = { "auth_user_logged_in",
	"UPDATE clinic_users SET last_login_at = now(), failed_logins = 0 "
	"WHERE id = $1::uuid", 1 };

/* Count a failed password on a known user (informative only). */
static const struct db_stmt st_user_failed = { "auth_user_failed",
	"UPDATE clinic_users SET failed_logins = failed_logins + 1 "
	"WHERE id = $1::uuid", 1 };

/* Seconds to wait before either key may try again (0: may try now). */
static const struct db_stmt st_throttle_wait = { "auth_throttle_wait",
	"SELECT coalesce(ceil(extract(epoch FROM max(next_allowed_at) - "
	"now())), 0)::int FROM login_throttle "
	"WHERE key IN ($1, $2) AND next_allowed_at > now()", 2 };

/*
 * Count one failure for key: a new window after an hour of quiet.
 */
static const struct db_stmt st_throttle_fail = { "auth_throttle_fail",
	"INSERT INTO login_throttle AS t (key, failures, window_start, "
	"updated_at) VALUES ($1, 1, now(), now()) "
	"ON CONFLICT (key) DO UPDATE SET "
	"failures = CASE WHEN t.updated_at < now() - interval '"
	THROTTLE_WINDOW "' THEN 1 ELSE t.failures + 1 END, "
	"window_start = CASE WHEN t.updated_at < now() - interval '"
	THROTTLE_WINDOW "' THEN now() ELSE t.window_start END, "
	"updated_at = now() "
	"RETURNING failures", 1 };

/* Past $2 free failures the next try waits 5 * 2^(n-$2) seconds, at
 * most $3: 10 s, 20 s, 40 s ... 15 min; never a permanent lock. */
static const struct db_stmt st_throttle_delay = { "auth_throttle_delay",
	"UPDATE login_throttle SET next_allowed_at = CASE "
	"WHEN failures > $2::int THEN now() + make_interval(secs => "
	"least($3::int, 5 * power(2, least(failures - $2::int, 20)))::int) "
	"ELSE NULL END WHERE key = $1", 3 };

/* A success forgets the email's failures. */
static const struct db_stmt st_throttle_clear = { "auth_throttle_clear",
	"DELETE FROM login_throttle WHERE key = $1", 1 };

/* Logout and disabling: every token issued before stops working. */
static const struct db_stmt st_user_bump = { "auth_user_bump",
	"UPDATE clinic_users SET token_version = token_version + 1 "
	"WHERE id = $1::uuid", 1 };

/* One audit row (append-only table). */
static const struct db_stmt st_audit = { "auth_audit",
	"INSERT INTO audit_log (clinic_id, actor_user_id, actor_role, action, "
	"entity, entity_id, patient_id, ip) VALUES ($1::uuid, $2::uuid, $3, "
	"$4, $5, $6, $7::uuid, $8::inet)", 8 };

static const char *const auth_errs[AUTH_ERR__MAX] = {
	"ok", "token missing", "token malformed", "algorithm refused",
	"bad signature", "token expired", "session ended",
	"database unavailable"
};

/* The caller of the request being served (single-threaded responder). */
static struct auth_user	 cur_user;
static const struct req	*cur_req;

const char *
auth_strerror(enum auth_err e)
{
	if ((int)e < 0 || e >= AUTH_ERR__MAX)
		return "unknown";
	return auth_errs[e];
}

/* Is s a canonical lower- or upper-case uuid text? Returns 1 or 0. */
static int
auth_is_uuid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 36)
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

/* Is s exactly n lower-case hex digits? */
static int
auth_is_hex(const char *s, size_t n)
{
	size_t	 i;

	if (s == NULL || strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("0123456789abcdef", s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

/* Are the first n bytes of s lower-case hex digits? */
static int
auth_is_hex_prefix(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr("0123456789abcdef", s[i]) == NULL)
			return 0;
	return 1;
}

static int
auth_role_ok(const char *r)
{
	return strcmp(r, "SUPERADMIN") == 0 || strcmp(r, "ADMIN") == 0 ||
	    strcmp(r, "STAFF") == 0;
}

/* Copy s into dst (n bytes) when it fits; returns 0 or -1. */
static int
auth_copy(char *dst, size_t n, const char *s)
{
	size_t	 len;

	if (s == NULL || (len = strlen(s)) >= n)
		return -1;
	memcpy(dst, s, len + 1);
	return 0;
}

char *
auth_jwt_issue(const char *secret, struct auth_user *u, int64_t now,
    int64_t ttl)
{
	jwt_t		*j = NULL;
	unsigned char	 rnd[16];
	char		*tok = NULL;

	randombytes_buf(rnd, sizeof(rnd));
	crypto_hex_encode(rnd, sizeof(rnd), u->jti, sizeof(u->jti));
	u->exp = now + ttl;
	if (jwt_new(&j) != 0)
		return NULL;
	if (jwt_set_alg(j, JWT_ALG_HS256, (const unsigned char *)secret,
	    (int)strlen(secret)) != 0 ||
	    jwt_add_grant(j, "sub", u->user_id) != 0 ||
	    jwt_add_grant(j, "role", u->role) != 0 ||
	    jwt_add_grant(j, "clinic", u->clinic_id) != 0 ||
	    jwt_add_grant_int(j, "ver", u->token_version) != 0 ||
	    jwt_add_grant(j, "jti", u->jti) != 0 ||
	    jwt_add_grant_int(j, "iat", (long)now) != 0 ||
	    jwt_add_grant_int(j, "nbf", (long)now - 60) != 0 ||
	    jwt_add_grant_int(j, "exp", (long)u->exp) != 0)
		goto out;
	tok = jwt_encode_str(j);
out:
	jwt_free(j);
	return tok;
}

/*
 * The text of v when it is a JSON string with no NUL inside (json-c
 * decodes \u0000 into the string, and C would read it cut), else NULL.
 */
static const char *
auth_json_str(json_object *v)
{
	const char	*s;

	if (!json_object_is_type(v, json_type_string) ||
	    (s = json_object_get_string(v)) == NULL ||
	    strlen(s) != (size_t)json_object_get_string_len(v))
		return NULL;
	return s;
}

/*
 * Decode the JWT header (before the first '.') and require exactly
 * alg HS256 (typ, when present, JWT).  Returns AUTH_OK or the reason.
 */
static enum auth_err
auth_header_check(const char *tok)
{
	const char	*dot = strchr(tok, '.');
	unsigned char	 raw[AUTH_HEADER_MAX + 1];
	size_t		 n;
	json_object	*h, *v;
	const char	*s;
	enum auth_err	 e = AUTH_ERR_ALG;

	if (dot == NULL || dot == tok || (size_t)(dot - tok) >
	    (AUTH_HEADER_MAX * 4) / 3)
		return AUTH_ERR_MALFORMED;
	if (sodium_base642bin(raw, AUTH_HEADER_MAX, tok, (size_t)(dot - tok),
	    NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return AUTH_ERR_MALFORMED;
	raw[n] = '\0';
	if (memchr(raw, '\0', n) != NULL ||
	    (h = json_tokener_parse((const char *)raw)) == NULL)
		return AUTH_ERR_MALFORMED;
	if (!json_object_is_type(h, json_type_object)) {
		e = AUTH_ERR_MALFORMED;
		goto out;
	}
	if (!json_object_object_get_ex(h, "alg", &v) ||
	    (s = auth_json_str(v)) == NULL || strcmp(s, "HS256") != 0)
		goto out;
	if (json_object_object_get_ex(h, "typ", &v) &&
	    ((s = auth_json_str(v)) == NULL || strcasecmp(s, "JWT") != 0)) {
		e = AUTH_ERR_MALFORMED;
		goto out;
	}
	e = AUTH_OK;
out:
	json_object_put(h);
	return e;
}

/* A string claim copied into dst (n bytes); returns 0 or -1. */
static int
auth_claim_str(json_object *c, const char *name, char *dst, size_t n)
{
	json_object	*v;

	if (!json_object_object_get_ex(c, name, &v))
		return -1;
	return auth_copy(dst, n, auth_json_str(v));
}

/* An integer claim; returns 0 or -1. */
static int
auth_claim_int(json_object *c, const char *name, int64_t *out)
{
	json_object	*v;

	if (!json_object_object_get_ex(c, name, &v) ||
	    !json_object_is_type(v, json_type_int))
		return -1;
	errno = 0;
	*out = json_object_get_int64(v);
	return errno == 0 ? 0 : -1;
}

/* Read and validate the claims of a verified token into out. */
static enum auth_err
auth_claims(jwt_t *j, int64_t now, struct auth_user *out)
{
	char		*txt;
	json_object	*c;
	int64_t		 ver, exp, nbf = 0, iat = 0;
	enum auth_err	 e = AUTH_ERR_MALFORMED;

	if ((txt = jwt_get_grants_json(j, NULL)) == NULL)
		return AUTH_ERR_MALFORMED;
	c = json_tokener_parse(txt);
	free(txt);
	if (c == NULL)
		return AUTH_ERR_MALFORMED;
	if (!json_object_is_type(c, json_type_object) ||
	    auth_claim_str(c, "sub", out->user_id, sizeof(out->user_id)) ||
	    auth_claim_str(c, "role", out->role, sizeof(out->role)) ||
	    auth_claim_str(c, "clinic", out->clinic_id,
	    sizeof(out->clinic_id)) ||
	    auth_claim_str(c, "jti", out->jti, sizeof(out->jti)) ||
	    auth_claim_int(c, "ver", &ver) || auth_claim_int(c, "exp", &exp) ||
	    auth_claim_int(c, "iat", &iat))
		goto out;
	if (json_object_object_get_ex(c, "nbf", NULL) &&
	    auth_claim_int(c, "nbf", &nbf))
		goto out;
	if (!auth_is_uuid(out->user_id) || !auth_role_ok(out->role) ||
	    !auth_is_hex(out->jti, 32) || ver < 1 || ver > 0x7fffffff)
		goto out;
	if (strcmp(out->role, "SUPERADMIN") == 0 ?
	    out->clinic_id[0] != '\0' : !auth_is_uuid(out->clinic_id))
		goto out;
	if (exp <= now || nbf > now || iat > now + 60) {
		e = AUTH_ERR_EXPIRED;
		goto out;
	}
	out->token_version = (int)ver;
	out->exp = exp;
	e = AUTH_OK;
out:
	json_object_put(c);
	return e;
}

enum auth_err
auth_jwt_check(const char *secret, const char *token, int64_t now,
    struct auth_user *out)
{
	jwt_t		*j = NULL;
	enum auth_err	 e;
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (token == NULL || *token == '\0')
		return AUTH_ERR_MISSING;
	if (strlen(token) > AUTH_TOKEN_MAX)
		return AUTH_ERR_MALFORMED;
	if ((e = auth_header_check(token)) != AUTH_OK)
		return e;
	rc = jwt_decode(&j, token, (const unsigned char *)secret,
	    (int)strlen(secret));
	if (rc != 0 || j == NULL)
		return rc == EINVAL ? AUTH_ERR_SIGNATURE : AUTH_ERR_MALFORMED;
	if (jwt_get_alg(j) != JWT_ALG_HS256)
		e = AUTH_ERR_ALG;
	else
		e = auth_claims(j, now, out);
	jwt_free(j);
	if (e != AUTH_OK)
		memset(out, 0, sizeof(*out));
	return e;
}

const char *
auth_cookie_name(const struct app_ctx *ctx)
{
	const char	*b = ctx->cfg->public_base_url;

	if (b != NULL && strncasecmp(b, "https://", 8) == 0)
		return AUTH_COOKIE_SECURE;
	return AUTH_COOKIE_PLAIN;
}

int
auth_set_cookie(struct app_ctx *ctx, struct req *r, const char *token)
{
	struct buf	 b;
	const char	*name = auth_cookie_name(ctx);
	int		 secure = strcmp(name, AUTH_COOKIE_SECURE) == 0;
	int		 rc;

	if (token != NULL && strpbrk(token, ";, \r\n") != NULL)
		return -1;
	buf_init(&b, 4096);
	if (token != NULL)
		rc = buf_printf(&b, "%s=%s; Path=/; Max-Age=%d; HttpOnly; "
		    "SameSite=Strict%s", name, token, AUTH_TOKEN_TTL,
		    secure ? "; Secure" : "");
	else
		rc = buf_printf(&b, "%s=; Path=/; Max-Age=0; HttpOnly; "
		    "SameSite=Strict%s", name, secure ? "; Secure" : "");
	if (rc == 0)
		rc = resp_header(r, "Set-Cookie", buf_str(&b));
	buf_free(&b);
	return rc;
}

/*
 * The token of the request: "Authorization: Bearer x" wins, else the
 * session cookie (*cookie set to 1).  NULL when neither.
 */
static const char *
auth_request_token(struct app_ctx *ctx, struct req *r, int *cookie)
{
	const char	*h = req_header(r, "AUTHORIZATION");

	*cookie = 0;
	if (h != NULL) {
		if (strncasecmp(h, "Bearer ", 7) != 0)
			return NULL;
		h += 7;
		while (*h == ' ')
			h++;
		return h;
	}
	if ((h = req_cookie(r, auth_cookie_name(ctx))) != NULL && *h != '\0')
		*cookie = 1;
	return h;
}

int
auth_from_request(struct app_ctx *ctx, struct req *r, struct auth_user *out)
{
	const char	*tok, *p[1];
	PGresult	*res;
	int		 cookie, rc = 401;
	enum auth_err	 e;

	tok = auth_request_token(ctx, r, &cookie);
	e = auth_jwt_check(ctx->cfg->jwt_secret, tok, config_now(), out);
	if (e != AUTH_OK) {
		if (e != AUTH_ERR_MISSING)
			log_info("auth", "TOKEN_REFUSED", NULL, "%s",
			    auth_strerror(e));
		return 401;
	}
	out->via_cookie = cookie;
	p[0] = out->user_id;
	if ((res = db_exec(ctx->db, &st_user_check, p)) == NULL)
		return 503;
	if (!db_ok(res)) {
		rc = 503;
		goto out;
	}
	if (PQntuples(res) != 1)
		goto out;
	if (strtol(PQgetvalue(res, 0, 0), NULL, 10) != out->token_version ||
	    strcmp(PQgetvalue(res, 0, 1), out->role) != 0 ||
	    strcmp(PQgetvalue(res, 0, 2), out->clinic_id) != 0)
		goto out;
	/* The page language the user chose (sql/021), "" when none. */
	snprintf(out->lang, sizeof(out->lang), "%s", PQgetvalue(res, 0, 3));
	rc = 0;
out:
	PQclear(res);
	if (rc != 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

int
auth_clinic_access(const struct auth_user *u, const char *clinic_id)
{
	if (u == NULL || clinic_id == NULL)
		return 403;
	if (strcmp(u->role, "SUPERADMIN") == 0)
		return 0;
	return strcasecmp(u->clinic_id, clinic_id) == 0 ? 0 : 403;
}

void
auth_csrf_token(const char *secret, const struct auth_user *u,
    char out[AUTH_CSRF_LEN + 1])
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"csrf:", 5);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)u->jti,
	    strlen(u->jti));
	crypto_auth_hmacsha256_final(&st, mac);
	crypto_hex_encode(mac, sizeof(mac), out, AUTH_CSRF_LEN + 1);
	crypto_wipe(mac, sizeof(mac));
}

int
auth_csrf_ok(const char *secret, struct req *r, const struct auth_user *u)
{
	char		 want[AUTH_CSRF_LEN + 1];
	const char	*got;

	got = req_header(r, "X_CSRF_TOKEN");
	if (got == NULL)
		got = req_form(r, AUTH_CSRF_FIELD);
	if (got == NULL) {
		json_object	*j = req_json(r), *v;

		if (j != NULL && json_object_object_get_ex(j, AUTH_CSRF_FIELD,
		    &v))
			got = auth_json_str(v);
	}
	if (got == NULL || strlen(got) != AUTH_CSRF_LEN)
		return 0;
	auth_csrf_token(secret, u, want);
	return crypto_memeq(want, got, AUTH_CSRF_LEN);
}

const struct auth_user *
auth_current(const struct req *r)
{
	return r != NULL && r == cur_req ? &cur_user : NULL;
}

void
auth_set_current(const struct req *r, const struct auth_user *u)
{
	cur_req = r;
	if (u != NULL)
		cur_user = *u;
	else
		memset(&cur_user, 0, sizeof(cur_user));
}

/* The client address when it looks like one, else NULL. */
static const char *
auth_client_ip(struct req *r)
{
	const char	*ip = req_env(r, "REMOTE_ADDR");

	if (ip == NULL || *ip == '\0' || strlen(ip) > 45 ||
	    strspn(ip, "0123456789abcdefABCDEF.:") != strlen(ip))
		return NULL;
	return ip;
}

/* Count a failure for key and set its next delay. */
static void
auth_throttle_fail(struct db *db, const char *key, int free_n)
{
	const char	*p[3];
	char		 nfree[16], cap[16];
	PGresult	*res;

	p[0] = key;
	if ((res = db_exec(db, &st_throttle_fail, p)) != NULL)
		PQclear(res);
	snprintf(nfree, sizeof(nfree), "%d", free_n);
	snprintf(cap, sizeof(cap), "%d", THROTTLE_MAX_DELAY);
	p[1] = nfree;
	p[2] = cap;
	db_do(db, &st_throttle_delay, p);
}

/* The argon2id hash compared against when no user matches (timing). */
static const char *
auth_dummy_hash(void)
{
	static char	 h[PASSWD_HASH_LEN];

	if (h[0] == '\0' && passwd_hash("sophie-no-such-user", h) != 0)
		return NULL;
	return h;
}

/* Fill the throttle keys for email and the client's IP. */
static int
auth_throttle_keys(struct req *r, const char *email, struct buf *ke,
    struct buf *ki)
{
	const char	*ip = auth_client_ip(r);
	size_t		 i;

	if (buf_adds(ke, "email:") != 0)
		return -1;
	for (i = 0; email[i] != '\0'; i++)
		if (buf_addc(ke, (char)((email[i] >= 'A' && email[i] <= 'Z') ?
		    email[i] + 32 : email[i])) != 0)
			return -1;
	return buf_printf(ki, "ip:%s", ip != NULL ? ip : "unknown");
}

/* Seconds before either key may try again; -1 when the db failed. */
static int
auth_throttle_wait(struct db *db, const char *ke, const char *ki)
{
	const char	*p[2] = { ke, ki };
	PGresult	*res;
	long		 w = -1;

	if ((res = db_exec(db, &st_throttle_wait, p)) == NULL)
		return -1;
	if (db_ok(res) && PQntuples(res) == 1)
		w = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return w < 0 ? -1 : (int)(w > THROTTLE_MAX_DELAY ? THROTTLE_MAX_DELAY :
	    w);
}

/* Fill u from the login row. */
static int
auth_user_from_row(PGresult *res, struct auth_user *u)
{
	memset(u, 0, sizeof(*u));
	if (auth_copy(u->user_id, sizeof(u->user_id), PQgetvalue(res, 0, 0)) ||
	    auth_copy(u->clinic_id, sizeof(u->clinic_id),
	    PQgetvalue(res, 0, 1)) ||
	    auth_copy(u->role, sizeof(u->role), PQgetvalue(res, 0, 2)))
		return -1;
	u->token_version = (int)strtol(PQgetvalue(res, 0, 3), NULL, 10);
	return 0;
}

/*
 * Compare password with the user's hash (or a dummy one when no user),
 * so that an unknown email costs the same time.  Returns 1 on a match of
 * an active user.
 */
static int
auth_password_matches(PGresult *res, const char *password)
{
	const char	*hash;
	int		 found = PQntuples(res) == 1, ok;

	hash = found ? PQgetvalue(res, 0, 4) : auth_dummy_hash();
	if (hash == NULL)
		return 0;
	ok = passwd_verify(hash, password);
	return found && ok && strcmp(PQgetvalue(res, 0, 5), "t") == 0;
}

/*
 * After a login: a hash of another kind (bcrypt from the seed system) or
 * with older limits becomes an Argon2id one. A failure changes nothing
 * but the log: the old hash keeps working.
 */
static void
auth_rehash(struct app_ctx *ctx, const char *user, const char *old,
    const char *password)
{
	char		 fresh[PASSWD_HASH_LEN];
	const char	*p[3];

	if (!passwd_needs_rehash(old))
		return;
	if (passwd_hash(password, fresh) != 0) {
		log_warn("auth", "REHASH_FAILED", NULL, "user %s", user);
		return;
	}
	p[0] = user;
	p[1] = fresh;
	p[2] = old;
	if (db_do(ctx->db, &st_user_rehash, p) == DB_OK)
		log_event("auth", "PASSWORD_REHASHED", NULL, "user %s", user);
	sodium_memzero(fresh, sizeof(fresh));
}

enum auth_login_result
auth_login(struct app_ctx *ctx, struct req *r, const char *clinic_id,
    const char *email, const char *password, struct auth_user *out,
    char **token, int *retry_after)
{
	struct buf		 ke, ki;
	const char		*p[2];
	PGresult		*res = NULL;
	enum auth_login_result	 rc = AUTH_LOGIN_BAD;
	int			 w;

	*token = NULL;
	*retry_after = 0;
	memset(out, 0, sizeof(*out));
	if (email == NULL || password == NULL || *email == '\0' ||
	    strlen(email) > 320 || *password == '\0' ||
	    strlen(password) > AUTH_PASSWORD_MAX ||
	    (clinic_id != NULL && !auth_is_uuid(clinic_id)))
		return AUTH_LOGIN_BAD;
	buf_init(&ke, 400);
	buf_init(&ki, 64);
	if (auth_throttle_keys(r, email, &ke, &ki) != 0) {
		rc = AUTH_LOGIN_NOMEM;
		goto out;
	}
	if ((w = auth_throttle_wait(ctx->db, buf_str(&ke), buf_str(&ki))) < 0) {
		rc = AUTH_LOGIN_DB;
		goto out;
	}
	if (w > 0) {
		*retry_after = w;
		rc = AUTH_LOGIN_THROTTLED;
		log_warn("auth", "LOGIN_THROTTLED", clinic_id, "%s",
		    buf_str(&ke));
		goto out;
	}
	p[0] = email;
	p[1] = clinic_id;
	if ((res = db_exec(ctx->db, &st_user_login, p)) == NULL ||
	    !db_ok(res)) {
		rc = AUTH_LOGIN_DB;
		goto out;
	}
	if (!auth_password_matches(res, password)) {
		auth_throttle_fail(ctx->db, buf_str(&ke), THROTTLE_EMAIL_FREE);
		auth_throttle_fail(ctx->db, buf_str(&ki), THROTTLE_IP_FREE);
		if (PQntuples(res) == 1) {
			p[0] = PQgetvalue(res, 0, 0);
			db_do(ctx->db, &st_user_failed, p);
		}
		log_warn("auth", "LOGIN_FAILED", clinic_id, "%s",
		    buf_str(&ke));
		goto out;
	}
	if (auth_user_from_row(res, out) != 0) {
		rc = AUTH_LOGIN_NOMEM;
		goto out;
	}
	if ((*token = auth_jwt_issue(ctx->cfg->jwt_secret, out, config_now(),
	    AUTH_TOKEN_TTL)) == NULL) {
		rc = AUTH_LOGIN_NOMEM;
		goto out;
	}
	p[0] = buf_str(&ke);
	db_do(ctx->db, &st_throttle_clear, p);
	p[0] = out->user_id;
	db_do(ctx->db, &st_user_logged_in, p);
	auth_rehash(ctx, out->user_id, PQgetvalue(res, 0, 4), password);
	log_event("auth", "LOGIN", out->clinic_id[0] ? out->clinic_id : NULL,
	    "user %s", out->user_id);
	rc = AUTH_LOGIN_OK;
out:
	if (res != NULL)
		PQclear(res);
	buf_free(&ke);
	buf_free(&ki);
	return rc;
}

int
auth_logout(struct app_ctx *ctx, const struct auth_user *u)
{
	const char	*p[1] = { u->user_id };

	return db_do(ctx->db, &st_user_bump, p) == DB_OK ? 0 : -1;
}

int
auth_audit(struct app_ctx *ctx, struct req *r, const struct auth_user *u,
    const char *clinic_id, const char *action, const char *entity,
    const char *entity_id, const char *patient_id)
{
	const char	*p[8];

	p[0] = clinic_id;
	p[1] = u != NULL ? u->user_id : NULL;
	p[2] = u != NULL ? u->role : NULL;
	p[3] = action;
	p[4] = entity;
	p[5] = entity_id;
	p[6] = patient_id;
	p[7] = auth_client_ip(r);
	if (db_do(ctx->db, &st_audit, p) != DB_OK) {
		log_error("auth", "AUDIT_FAILED", clinic_id, "%s %s",
		    action, entity_id != NULL ? entity_id : "");
		return -1;
	}
	return 0;
}

json_object *
auth_login_json(const char *token, const struct auth_user *u,
    const char *email, int with_clinic)
{
	json_object	*o = json_object_new_object(), *usr;

	usr = json_object_new_object();
	json_object_object_add(usr, "id", json_object_new_string(u->user_id));
	json_object_object_add(usr, "email", json_object_new_string(email));
	json_object_object_add(usr, "role", json_object_new_string(u->role));
	if (with_clinic)
		json_object_object_add(usr, "clinicId",
		    json_object_new_string(u->clinic_id));
	json_object_object_add(o, "token", json_object_new_string(token));
	json_object_object_add(o, "expiresAt",
	    json_object_new_int64(u->exp));
	json_object_object_add(o, "user", usr);
	return o;
}

/* The pre-session cookie's name for this configuration. */
static const char *
auth_login_cookie_name(const struct app_ctx *ctx)
{
	return strcmp(auth_cookie_name(ctx), AUTH_COOKIE_SECURE) == 0 ?
	    AUTH_LOGIN_COOKIE_SECURE : AUTH_LOGIN_COOKIE_PLAIN;
}

/* The form field for the pre-session value v: hex HMAC of "login:" + v. */
static void
auth_login_mac(const char *secret, const char *v,
    char out[AUTH_CSRF_LEN + 1])
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"login:",
	    6);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)v,
	    strlen(v));
	crypto_auth_hmacsha256_final(&st, mac);
	crypto_hex_encode(mac, sizeof(mac), out, AUTH_CSRF_LEN + 1);
	crypto_wipe(mac, sizeof(mac));
}

int
auth_login_csrf_issue(struct app_ctx *ctx, struct req *r,
    char field[AUTH_CSRF_LEN + 1])
{
	const char	*name = auth_login_cookie_name(ctx);
	unsigned char	 rnd[16];
	char		 v[64];
	struct buf	 b;
	int		 rc;

	randombytes_buf(rnd, sizeof(rnd));
	crypto_hex_encode(rnd, sizeof(rnd), v, 33);
	snprintf(v + 32, sizeof(v) - 32, "-%lld",
	    (long long)(config_now() + AUTH_LOGIN_TTL));
	auth_login_mac(ctx->cfg->jwt_secret, v, field);
	buf_init(&b, 256);
	rc = buf_printf(&b, "%s=%s; Path=/; Max-Age=%d; HttpOnly; "
	    "SameSite=Strict%s", name, v, AUTH_LOGIN_TTL,
	    strcmp(name, AUTH_LOGIN_COOKIE_SECURE) == 0 ? "; Secure" : "");
	if (rc == 0)
		rc = resp_header(r, "Set-Cookie", buf_str(&b));
	buf_free(&b);
	return rc;
}

/* Is the request's body JSON by its Content-Type? */
static int
auth_json_body(struct req *r)
{
	const char	*ct = req_env(r, "CONTENT_TYPE");

	return ct != NULL && strncasecmp(ct, "application/json", 16) == 0 &&
	    (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

int
auth_login_csrf_ok(struct app_ctx *ctx, struct req *r)
{
	const char	*v, *got;
	char		 want[AUTH_CSRF_LEN + 1];
	char		*end;
	long long	 exp;

	if (req_wants_json(r) || auth_json_body(r))
		return 1;
	v = req_cookie(r, auth_login_cookie_name(ctx));
	got = req_form(r, AUTH_LOGIN_FIELD);
	if (v == NULL || got == NULL || strlen(got) != AUTH_CSRF_LEN ||
	    strlen(v) < 34 || strlen(v) > 52 || !auth_is_hex_prefix(v, 32) ||
	    v[32] != '-' || v[33] < '1' || v[33] > '9')
		return 0;
	errno = 0;
	exp = strtoll(v + 33, &end, 10);
	if (errno != 0 || *end != '\0' || exp < config_now() ||
	    exp > config_now() + AUTH_LOGIN_TTL)
		return 0;
	auth_login_mac(ctx->cfg->jwt_secret, v, want);
	return crypto_memeq(want, got, AUTH_CSRF_LEN);
}
