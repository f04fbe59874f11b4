/*
 * auth: JWT issue and check (alg, signature, time, claims), CSRF tokens.
 * Tokens are also built by hand here, so the checks are tested against
 * bytes an attacker could send, not only against what auth_jwt_issue makes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jwt.h>
#include <sodium.h>

#include "auth.h"
#include "passwd.h"

#define SECRET	"0123456789abcdef0123456789abcdef-test-secret"
#define NOW	((int64_t)1795000000)
#define UID	"11111111-2222-4333-8444-555555555555"
#define CID	"5e0f1e00-0000-4000-8000-00000000de40"
#define JTI	"0123456789abcdef0123456789abcdef"

/* base64url without padding of n bytes into out. */
static void
b64url(const void *p, size_t n, char *out, size_t outsz)
{
	assert_non_null(sodium_bin2base64(out, outsz, p, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING));
}

/*
 * A token from raw header and payload JSON, signed HS256 with key (or
 * with no signature when key is NULL).  Returns a malloc'ed string.
 */
static char *
make_token(const char *header, const char *payload, const char *key)
{
	char		 h[512], p[1024], sig[128], *out;
	unsigned char	 mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	size_t		 n;

	b64url(header, strlen(header), h, sizeof(h));
	b64url(payload, strlen(payload), p, sizeof(p));
	n = strlen(h) + strlen(p) + sizeof(sig) + 3;
	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%s.%s", h, p);
	sig[0] = '\0';
	if (key != NULL) {
		crypto_auth_hmacsha256_init(&st, (const unsigned char *)key,
		    strlen(key));
		crypto_auth_hmacsha256_update(&st, (unsigned char *)out,
		    strlen(out));
		crypto_auth_hmacsha256_final(&st, mac);
		b64url(mac, sizeof(mac), sig, sizeof(sig));
	}
	snprintf(out + strlen(out), n - strlen(out), ".%s", sig);
	return out;
}

/* Standard claims for an ADMIN of CID, with exp relative to NOW. */
static void
claims(char *out, size_t n, long exp_delta, const char *extra)
{
	snprintf(out, n, "{\"sub\":\"%s\",\"role\":\"ADMIN\",\"clinic\":\"%s\","
	    "\"ver\":1,\"jti\":\"%s\",\"iat\":%lld,\"exp\":%lld%s}", UID, CID,
	    JTI, (long long)NOW, (long long)(NOW + exp_delta),
	    extra != NULL ? extra : "");
}

static void
issue_then_check_round_trips(void **state)
{
	struct auth_user	 u = { UID, CID, "ADMIN", 7, "", 0, 0, "" }, got;
	char			*tok;

	(void)state;
	tok = auth_jwt_issue(SECRET, &u, NOW, 3600);
	assert_non_null(tok);
	assert_int_equal(strlen(u.jti), 32);
	assert_int_equal(u.exp, NOW + 3600);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW + 10, &got), AUTH_OK);
	assert_string_equal(got.user_id, UID);
	assert_string_equal(got.clinic_id, CID);
	assert_string_equal(got.role, "ADMIN");
	assert_int_equal(got.token_version, 7);
	assert_string_equal(got.jti, u.jti);
	free(tok);
}

static void
issue_gives_fresh_jti(void **state)
{
	struct auth_user	 a = { UID, CID, "ADMIN", 1, "", 0, 0, "" }, b = a;
	char			*t1, *t2;

	(void)state;
	t1 = auth_jwt_issue(SECRET, &a, NOW, 60);
	t2 = auth_jwt_issue(SECRET, &b, NOW, 60);
	assert_string_not_equal(a.jti, b.jti);
	assert_string_not_equal(t1, t2);
	free(t1);
	free(t2);
}

static void
check_hand_made_hs256_ok(void **state)
{
	struct auth_user	 got;
	char			 c[512], *tok;

	(void)state;
	claims(c, sizeof(c), 600, NULL);
	tok = make_token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", c, SECRET);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got), AUTH_OK);
	free(tok);
}

static void
check_bad_missing(void **state)
{
	struct auth_user	 got;

	(void)state;
	assert_int_equal(auth_jwt_check(SECRET, NULL, NOW, &got),
	    AUTH_ERR_MISSING);
	assert_int_equal(auth_jwt_check(SECRET, "", NOW, &got),
	    AUTH_ERR_MISSING);
}

static void
check_bad_alg_none(void **state)
{
	struct auth_user	 got;
	char			 c[512], *tok;

	(void)state;
	claims(c, sizeof(c), 600, NULL);
	tok = make_token("{\"alg\":\"none\",\"typ\":\"JWT\"}", c, NULL);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
	    AUTH_ERR_ALG);
	assert_string_equal(got.user_id, "");
	free(tok);
	/* alg none but carrying a valid HS256 signature all the same */
	tok = make_token("{\"alg\":\"none\"}", c, SECRET);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
	    AUTH_ERR_ALG);
	free(tok);
	/* case games */
	tok = make_token("{\"alg\":\"hs256\"}", c, SECRET);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
	    AUTH_ERR_ALG);
	free(tok);
}

static void
check_bad_hs512_same_secret(void **state)
{
	struct auth_user	 got;
	jwt_t			*j;
	char			*tok;

	(void)state;
	assert_int_equal(jwt_new(&j), 0);
	assert_int_equal(jwt_set_alg(j, JWT_ALG_HS512,
	    (const unsigned char *)SECRET, (int)strlen(SECRET)), 0);
	jwt_add_grant(j, "sub", UID);
	jwt_add_grant(j, "role", "ADMIN");
	jwt_add_grant(j, "clinic", CID);
	jwt_add_grant(j, "jti", JTI);
	jwt_add_grant_int(j, "ver", 1);
	jwt_add_grant_int(j, "iat", (long)NOW);
	jwt_add_grant_int(j, "exp", (long)NOW + 600);
	tok = jwt_encode_str(j);
	jwt_free(j);
	assert_non_null(tok);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
	    AUTH_ERR_ALG);
	free(tok);
}

static void
check_bad_signature(void **state)
{
	struct auth_user	 got;
	char			 c[512], *tok;
	size_t			 n;

	(void)state;
	claims(c, sizeof(c), 600, NULL);
	tok = make_token("{\"alg\":\"HS256\"}", c, "another-secret-entirely");
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
	    AUTH_ERR_SIGNATURE);
	free(tok);
	tok = make_token("{\"alg\":\"HS256\"}", c, SECRET);
	n = strlen(tok);
	tok[n - 2] = tok[n - 2] == 'A' ? 'B' : 'A';
	assert_int_not_equal(auth_jwt_check(SECRET, tok, NOW, &got), AUTH_OK);
	free(tok);
}

static void
check_bad_tampered_payload(void **state)
{
	struct auth_user	 got;
	char			 c[512], c2[512], *good, *evil, *p1, *p2;

	(void)state;
	claims(c, sizeof(c), 600, NULL);
	good = make_token("{\"alg\":\"HS256\"}", c, SECRET);
	snprintf(c2, sizeof(c2), "{\"sub\":\"%s\",\"role\":\"SUPERADMIN\","
	    "\"clinic\":\"\",\"ver\":1,\"jti\":\"%s\",\"iat\":%lld,"
	    "\"exp\":%lld}", UID, JTI, (long long)NOW, (long long)NOW + 600);
	evil = make_token("{\"alg\":\"HS256\"}", c2, "x");
	/* graft the good signature onto the evil payload */
	p1 = strrchr(good, '.');
	p2 = strrchr(evil, '.');
	assert_true(strlen(p1) <= strlen(p2) + 64);
	evil = realloc(evil, (size_t)(p2 - evil) + strlen(p1) + 1);
	p2 = strrchr(evil, '.');
	memcpy(p2, p1, strlen(p1) + 1);
	assert_int_equal(auth_jwt_check(SECRET, evil, NOW, &got),
	    AUTH_ERR_SIGNATURE);
	free(good);
	free(evil);
}

static void
check_bad_expired_and_not_before(void **state)
{
	struct auth_user	 got;
	char			 c[512], *tok;

	(void)state;
	claims(c, sizeof(c), -1, NULL);
	tok = make_token("{\"alg\":\"HS256\"}", c, SECRET);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
	    AUTH_ERR_EXPIRED);
	free(tok);
	claims(c, sizeof(c), 0, NULL);
	tok = make_token("{\"alg\":\"HS256\"}", c, SECRET);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
	    AUTH_ERR_EXPIRED);
	free(tok);
	claims(c, sizeof(c), 600, ",\"nbf\":1795000100");
	tok = make_token("{\"alg\":\"HS256\"}", c, SECRET);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
	    AUTH_ERR_EXPIRED);
	assert_int_equal(auth_jwt_check(SECRET, tok, NOW + 100, &got),
	    AUTH_OK);
	free(tok);
}

static void
check_bad_claims(void **state)
{
	static const char *const bad[] = {
		/* ver as a string */
		"{\"sub\":\"" UID "\",\"role\":\"ADMIN\",\"clinic\":\"" CID
		"\",\"ver\":\"1\",\"jti\":\"" JTI "\",\"iat\":1,"
		"\"exp\":1795000600}",
		/* no exp */
		"{\"sub\":\"" UID "\",\"role\":\"ADMIN\",\"clinic\":\"" CID
		"\",\"ver\":1,\"jti\":\"" JTI "\",\"iat\":1}",
		/* unknown role */
		"{\"sub\":\"" UID "\",\"role\":\"ROOT\",\"clinic\":\"" CID
		"\",\"ver\":1,\"jti\":\"" JTI "\",\"iat\":1,"
		"\"exp\":1795000600}",
		/* superadmin bound to a clinic */
		"{\"sub\":\"" UID "\",\"role\":\"SUPERADMIN\",\"clinic\":\""
		CID "\",\"ver\":1,\"jti\":\"" JTI "\",\"iat\":1,"
		"\"exp\":1795000600}",
		/* admin without a clinic */
		"{\"sub\":\"" UID "\",\"role\":\"ADMIN\",\"clinic\":\"\","
		"\"ver\":1,\"jti\":\"" JTI "\",\"iat\":1,\"exp\":1795000600}",
		/* sub not a uuid */
		"{\"sub\":\"1 OR 1=1\",\"role\":\"ADMIN\",\"clinic\":\"" CID
		"\",\"ver\":1,\"jti\":\"" JTI "\",\"iat\":1,"
		"\"exp\":1795000600}",
		/* payload not an object */
		"[1,2,3]",
	};
	struct auth_user	 got;
	char			*tok;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tok = make_token("{\"alg\":\"HS256\"}", bad[i], SECRET);
		assert_int_equal(auth_jwt_check(SECRET, tok, NOW, &got),
		    AUTH_ERR_MALFORMED);
		free(tok);
	}
}

static void
check_bad_garbage(void **state)
{
	struct auth_user	 got;
	char			 big[4096];

	(void)state;
	assert_int_equal(auth_jwt_check(SECRET, "abc", NOW, &got),
	    AUTH_ERR_MALFORMED);
	assert_int_equal(auth_jwt_check(SECRET, ".a.b", NOW, &got),
	    AUTH_ERR_MALFORMED);
	assert_int_equal(auth_jwt_check(SECRET, "!!!.a.b", NOW, &got),
	    AUTH_ERR_MALFORMED);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(auth_jwt_check(SECRET, big, NOW, &got),
	    AUTH_ERR_MALFORMED);
}

static void
csrf_token_is_bound_to_session(void **state)
{
	struct auth_user	 a = { UID, CID, "ADMIN", 1, JTI, 0, 1, "" }, b = a;
	char			 t1[AUTH_CSRF_LEN + 1], t2[AUTH_CSRF_LEN + 1];
	char			 t3[AUTH_CSRF_LEN + 1];

	(void)state;
	auth_csrf_token(SECRET, &a, t1);
	auth_csrf_token(SECRET, &a, t2);
	assert_int_equal(strlen(t1), AUTH_CSRF_LEN);
	assert_string_equal(t1, t2);
	memcpy(b.jti, "ffffffffffffffffffffffffffffffff", 33);
	auth_csrf_token(SECRET, &b, t3);
	assert_string_not_equal(t1, t3);
	auth_csrf_token("another-secret-another-secret-xx", &a, t3);
	assert_string_not_equal(t1, t3);
}

static void
clinic_access_rules(void **state)
{
	struct auth_user	 a = { UID, CID, "ADMIN", 1, JTI, 0, 0, "" };
	struct auth_user	 s = { UID, "", "SUPERADMIN", 1, JTI, 0, 0, "" };

	(void)state;
	assert_int_equal(auth_clinic_access(&a, CID), 0);
	assert_int_equal(auth_clinic_access(&a,
	    "5e0f1e00-0000-4000-8000-00000000de41"), 403);
	assert_int_equal(auth_clinic_access(&s,
	    "5e0f1e00-0000-4000-8000-00000000de41"), 0);
	assert_int_equal(auth_clinic_access(NULL, CID), 403);
}

/* bcrypt hashes of the seed system verify (both forms), once; Argon2id
 * hashes made now need no rehash. */
static void
passwd_bcrypt_and_argon2(void **state)
{
	static const char b2b[] = "$2b$10$q9dgXWN89o57g/tFi.WU4us7FvGU1AJIQ"
	    "FSbnDtYOn98sbIlTE1R6";
	static const char b2a[] = "$2a$10$q9dgXWN89o57g/tFi.WU4us7FvGU1AJIQ"
	    "FSbnDtYOn98sbIlTE1R6";
	char	 h[PASSWD_HASH_LEN], longpw[100];

	(void)state;
	assert_int_equal(passwd_verify(b2b, "seed-password-2024"), 1);
	assert_int_equal(passwd_verify(b2a, "seed-password-2024"), 1);
	assert_int_equal(passwd_verify(b2b, "seed-password-2025"), 0);
	assert_int_equal(passwd_verify(b2b, ""), 0);
	assert_int_equal(passwd_verify("$2b$10$short", "x"), 0);
	/* Past bcrypt's 72 bytes: refused, never matched on a prefix. */
	memset(longpw, 'a', sizeof(longpw) - 1);
	longpw[sizeof(longpw) - 1] = '\0';
	assert_int_equal(passwd_verify(b2b, longpw), 0);
	assert_int_equal(passwd_needs_rehash(b2b), 1);
	assert_int_equal(passwd_needs_rehash(b2a), 1);
	assert_int_equal(passwd_hash("seed-password-2024", h), 0);
	assert_int_equal(passwd_verify(h, "seed-password-2024"), 1);
	assert_int_equal(passwd_needs_rehash(h), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(passwd_bcrypt_and_argon2),
		cmocka_unit_test(issue_then_check_round_trips),
		cmocka_unit_test(issue_gives_fresh_jti),
		cmocka_unit_test(check_hand_made_hs256_ok),
		cmocka_unit_test(check_bad_missing),
		cmocka_unit_test(check_bad_alg_none),
		cmocka_unit_test(check_bad_hs512_same_secret),
		cmocka_unit_test(check_bad_signature),
		cmocka_unit_test(check_bad_tampered_payload),
		cmocka_unit_test(check_bad_expired_and_not_before),
		cmocka_unit_test(check_bad_claims),
		cmocka_unit_test(check_bad_garbage),
		cmocka_unit_test(csrf_token_is_bound_to_session),
		cmocka_unit_test(clinic_access_rules),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
