/*
 * auth — who is asking: JWT sessions (HS256, libjwt), the browser cookie,
 * CSRF tokens for cookie-authenticated forms, login with Argon2id and
 * throttling, and the `before` hook responders put in their fcgi_app.
 *
 * A token carries sub (user id), role, clinic ("" for SUPERADMIN), ver
 * (clinic_users.token_version), jti (random, 32 hex), iat, nbf and exp.
 * Verification checks, besides the signature: the header alg is HS256
 * (alg none or any other alg is refused), exp and nbf against config_now(),
 * and then in the database that the user is active and its token_version
 * still equals ver.  Logout and disabling bump token_version, which
 * invalidates every token issued before.
 *
 * Browsers get the token in a cookie: "__Host-sophie" with Secure when
 * PUBLIC_BASE_URL is https, else "sophie" without Secure (a Secure cookie
 * on plain http://127.0.0.1 is refused by browsers); HttpOnly,
 * SameSite=Strict, Path=/ in both cases.  API clients send
 * "Authorization: Bearer <token>".  A state-changing request (anything but
 * GET/HEAD) authenticated by the cookie must carry the CSRF token
 * (auth_csrf_token of the session) in the form field "_csrf" or the header
 * X-CSRF-Token; without it the hook answers 403.
 */
#ifndef SOPHIE_AUTH_H
#define SOPHIE_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

struct app_ctx;
struct req;
struct route;

#define AUTH_COOKIE_SECURE	"__Host-sophie"
#define AUTH_COOKIE_PLAIN	"sophie"
#define AUTH_CSRF_FIELD		"_csrf"
#define AUTH_TOKEN_TTL		(12 * 3600)	/* seconds a session lasts */
#define AUTH_CSRF_LEN		64		/* hex chars, without NUL */
#define AUTH_PASSWORD_MAX	1024		/* bytes accepted at login */
#define AUTH_LOGIN_COOKIE_SECURE "__Host-sophie_login"	/* pre-session */
#define AUTH_LOGIN_COOKIE_PLAIN	"sophie_login"
#define AUTH_LOGIN_FIELD	"_login"	/* its form field */
#define AUTH_LOGIN_TTL		3600		/* seconds it is accepted */

/* Route flags (struct route.flags) read by auth_before. */
#define AUTH_F_PUBLIC	0x01	/* no authentication (login, health) */
#define AUTH_F_SUPER	0x02	/* SUPERADMIN only */
#define AUTH_F_ADMIN	0x04	/* role ADMIN (of {clinicId}) or SUPERADMIN */
#define AUTH_F_NOCSRF	0x08	/* state change exempt from CSRF (login) */
/*
 * Without AUTH_F_PUBLIC or AUTH_F_SUPER a route is a clinic route: the
 * caller must be a user (ADMIN or STAFF) of the clinic named by the route's
 * {clinicId} parameter, or a SUPERADMIN.
 */

enum auth_err {
	AUTH_OK = 0,
	AUTH_ERR_MISSING,	/* no token */
	AUTH_ERR_MALFORMED,	/* not a JWT, or missing/bad claims */
	AUTH_ERR_ALG,		/* alg is not HS256 */
	AUTH_ERR_SIGNATURE,	/* signature does not verify */
	AUTH_ERR_EXPIRED,	/* exp passed (or nbf not reached) */
	AUTH_ERR_REVOKED,	/* user gone or disabled, token_version moved */
	AUTH_ERR_DB,		/* database unavailable */
	AUTH_ERR__MAX
};

/* The authenticated caller; plain value. */
struct auth_user {
	char	 user_id[37];	/* uuid */
	char	 clinic_id[37];	/* uuid, "" for SUPERADMIN */
	char	 role[16];	/* "SUPERADMIN", "ADMIN" or "STAFF" */
	int	 token_version;
	char	 jti[33];	/* 32 hex chars */
	int64_t	 exp;		/* UTC seconds */
	int	 via_cookie;	/* 1 when the cookie authenticated (CSRF) */
	char	 lang[3];	/* chosen page language: fr, en or "" */
};

/* A short English description; static storage, never NULL. */
const char	*auth_strerror(enum auth_err);

/*
 * Sign a token for u (user_id, clinic_id, role, token_version are read;
 * a fresh jti is generated and written back into u, with u->exp) valid
 * from now for ttl seconds, with secret.  Returns a malloc'ed string the
 * caller frees, or NULL when memory runs out.
 */
char		*auth_jwt_issue(const char *secret, struct auth_user *u,
		    int64_t now, int64_t ttl);
/*
 * Verify token with secret at time now, without the database: format,
 * alg == HS256, signature, exp/nbf, claim types and sizes.  Fills *out
 * (via_cookie 0).  Returns AUTH_OK or the reason.
 */
enum auth_err	 auth_jwt_check(const char *secret, const char *token,
		    int64_t now, struct auth_user *out);

/*
 * Authenticate the request: Bearer header first, else the session cookie;
 * auth_jwt_check, then the user row (active, same token_version, same
 * clinic and role).  Fills *out.  Returns 0, 401 (no or bad token), or 503
 * (database down).  Does not look at the route or CSRF.
 */
int		 auth_from_request(struct app_ctx *, struct req *,
		    struct auth_user *out);

/*
 * May u act on clinic clinic_id?  SUPERADMIN: any clinic; others only
 * their own.  Returns 0 or 403.
 */
int		 auth_clinic_access(const struct auth_user *,
		    const char *clinic_id);

/*
 * The CSRF token of a session: hex HMAC-SHA256 of "csrf:" + jti keyed by
 * secret, written to out (AUTH_CSRF_LEN + 1 bytes).
 */
void		 auth_csrf_token(const char *secret, const struct auth_user *,
		    char out[AUTH_CSRF_LEN + 1]);
/*
 * Check the request's CSRF token (form "_csrf" or header X-CSRF-Token)
 * against u in constant time.  Returns 1 when it matches, 0 otherwise.
 */
int		 auth_csrf_ok(const char *secret, struct req *,
		    const struct auth_user *);

/*
 * The `before` hook for fcgi_app: reads route->flags, authenticates,
 * checks the clinic ({clinicId}), the role and CSRF, answers 401/403/503
 * itself and returns non-zero then; returns 0 to run the handler, with
 * the caller available through auth_current.  The app context must be
 * the struct app_ctx given to fcgi_serve.
 */
int		 auth_before(struct req *, const struct route *);
/*
 * The caller authenticated by auth_before for req, or NULL (public route
 * or another request).  Valid until the request ends.
 */
const struct auth_user *auth_current(const struct req *);
/* Record u (copied; NULL: nobody) as req's caller, for auth_current. */
void		 auth_set_current(const struct req *, const struct auth_user *);

/* The session cookie's name for this configuration. */
const char	*auth_cookie_name(const struct app_ctx *);
/*
 * Add a Set-Cookie header carrying token (NULL: clear the cookie).
 * Returns 0 or -1.
 */
int		 auth_set_cookie(struct app_ctx *, struct req *,
		    const char *token);

/*
 * Login CSRF (double submit before any session exists).  Showing a login
 * form issues a pre-session token: a cookie (AUTH_LOGIN_COOKIE_*, named
 * and flagged like the session cookie, Max-Age AUTH_LOGIN_TTL) holding
 * "<32 random hex>-<expiry, UTC seconds>", and for the form's hidden
 * field AUTH_LOGIN_FIELD the hex HMAC-SHA256 of "login:" + that value
 * keyed by the JWT secret, written to field (AUTH_CSRF_LEN + 1 bytes).
 * Returns 0, or -1 when the header could not be added.
 */
int		 auth_login_csrf_issue(struct app_ctx *, struct req *,
		    char field[AUTH_CSRF_LEN + 1]);
/*
 * May this login POST proceed?  API clients (req_wants_json, or a JSON
 * body: Content-Type application/json, which no cross-site form can
 * send) always; browser forms only with the cookie and the field of one
 * auth_login_csrf_issue, not expired (compared in constant time).
 * Returns 1 or 0.
 */
int		 auth_login_csrf_ok(struct app_ctx *, struct req *);

enum auth_login_result {
	AUTH_LOGIN_OK = 0,
	AUTH_LOGIN_BAD,		/* unknown email, wrong password, disabled,
				 * or not a user of that clinic: 401 */
	AUTH_LOGIN_THROTTLED,	/* too many recent failures: 429 */
	AUTH_LOGIN_DB,		/* database down: 503 */
	AUTH_LOGIN_NOMEM
};

/*
 * Check email/password (Argon2id) for a user of clinic_id (NULL: a
 * SUPERADMIN login), honouring and updating login_throttle (per email and
 * per client IP, exponential delay capped at 15 minutes, reset by a
 * success; never a permanent lock).  On success fills *out, stores a new
 * token in *token (caller frees) and records last_login_at.
 * *retry_after gets the seconds to wait when throttled.
 */
enum auth_login_result auth_login(struct app_ctx *, struct req *,
		    const char *clinic_id, const char *email,
		    const char *password, struct auth_user *out,
		    char **token, int *retry_after);
/*
 * Answer a refused login the same way on every login route: 429 with
 * Retry-After, 503, 500 or 401; browsers get page(r, status, message,
 * email), the route's own login form with the message.
 */
void	 auth_login_refused(struct req *, enum auth_login_result, int retry,
	    const char *email, void (*page)(struct req *, int, const char *,
	    const char *));

/*
 * A login form page (template tmpl, title): an optional error line, the
 * email typed (when plain text), and a fresh pre-session token
 * (auth_login_csrf_issue).  Shared by the clinic admin and superadmin.
 */
void	 auth_login_page(struct req *, int status, const char *tmpl,
	    const char *title, const char *error, const char *email);
/*
 * The answer to a successful API login: {token, expiresAt, user: {id,
 * email, role}}, user.clinicId too when with_clinic.  Caller puts it.
 */
json_object *auth_login_json(const char *token, const struct auth_user *,
	    const char *email, int with_clinic);

/*
 * End u's sessions: bump clinic_users.token_version.  Returns 0, or -1
 * when the database failed.
 */
int		 auth_logout(struct app_ctx *, const struct auth_user *);

/*
 * Append an audit_log row for u's action on entity/entity_id, patient_id
 * (may be NULL), clinic_id, with the request's client IP.  Runs inside the
 * caller's transaction when there is one.  Returns 0 or -1.
 */
int		 auth_audit(struct app_ctx *, struct req *,
		    const struct auth_user *, const char *clinic_id,
		    const char *action, const char *entity,
		    const char *entity_id, const char *patient_id);

#endif
