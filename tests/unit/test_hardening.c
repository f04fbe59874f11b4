/*
 * Hardening: the one email validator (page_is_email), the verify-token
 * hash and its constant-time check (crypto_token_*), and the refusal of a
 * JSON request body whose strings hold a NUL (req.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "crypto.h"
#include "http.h"
#include "page.h"

static void
email_good(void **state)
{
	static const char *const good[] = {
		"ana@example.org", "dr.ana+rdv@cabinet-exemple.fr",
		"a@b.co", "admin@demo.sophie.local", "ÉLODIE@exemple.fr",
		"o'brien@mail.example.ie", "x_y-z@sub.domain.example",
	};
	char	 longest[255];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(page_is_email(good[i]));
	/* 254 bytes is the most an address may have */
	memset(longest, 'x', sizeof(longest));
	memcpy(longest + 254 - 12, "@example.org", 12);
	longest[254] = '\0';
	assert_int_equal(strlen(longest), 254);
	assert_true(page_is_email(longest));
}

static void
email_bad_shape(void **state)
{
	static const char *const bad[] = {
		"", "plainaddress", "@example.org", "ana@", "a@b",
		"a@@example.org", "a@b@example.org", "ana@localhost",
		"ana@.org", "ana@example.", "ana@example..org",
	};
	size_t	 i;

	(void)state;
	assert_false(page_is_email(NULL));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(page_is_email(bad[i]));
}

static void
email_bad_spaces_controls_length(void **state)
{
	static const char *const bad[] = {
		"ana maria@example.org", "ana@exa mple.org", " ana@example.org",
		"ana@example.org ", "ana\t@example.org", "ana@example.org\n",
		"ana@example.org\r", "ana\x7f@example.org", "a\x01@example.org",
	};
	char	 toolong[256];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(page_is_email(bad[i]));
	memset(toolong, 'x', sizeof(toolong));
	memcpy(toolong + 255 - 12, "@example.org", 12);
	toolong[255] = '\0';
	assert_false(page_is_email(toolong));
}

/* sha256(salt || token), salt = 00 01 ... 0f (checked with Python). */
static void
token_digest_vector(void **state)
{
	unsigned char	 salt[CRYPTO_TOKEN_SALT_LEN], d[CRYPTO_TOKEN_HASH_LEN];
	char		 hex[2 * CRYPTO_TOKEN_HASH_LEN + 1];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(salt); i++)
		salt[i] = (unsigned char)i;
	crypto_token_digest(salt, "sophie-verify-token", d);
	crypto_hex_encode(d, sizeof(d), hex, sizeof(hex));
	assert_string_equal(hex, "839c8432cb15f6f840ebd631df23bd7c"
	    "bf94759d040d41b403edc2c384237d06");
	crypto_token_digest(salt, "", d);
	crypto_hex_encode(d, sizeof(d), hex, sizeof(hex));
	assert_string_equal(hex, "be45cb2605bf36bebde684841a28f0fd"
	    "43c69850a3dce5fedba69928ee3a8991");
}

static void
token_hash_then_match(void **state)
{
	char	 salt[2 * CRYPTO_TOKEN_SALT_LEN + 1];
	char	 hash[2 * CRYPTO_TOKEN_HASH_LEN + 1];
	char	 salt2[sizeof(salt)], hash2[sizeof(hash)];

	(void)state;
	crypto_token_hash("the-operator-token", salt, hash);
	assert_int_equal(strlen(salt), 32);
	assert_int_equal(strlen(hash), 64);
	assert_int_equal(crypto_token_matches(salt, hash,
	    "the-operator-token"), 1);
	/* a fresh salt each time: the same token never hashes the same */
	crypto_token_hash("the-operator-token", salt2, hash2);
	assert_string_not_equal(salt, salt2);
	assert_string_not_equal(hash, hash2);
	assert_int_equal(crypto_token_matches(salt2, hash2,
	    "the-operator-token"), 1);
}

static void
token_matches_bad(void **state)
{
	char	 salt[2 * CRYPTO_TOKEN_SALT_LEN + 1];
	char	 hash[2 * CRYPTO_TOKEN_HASH_LEN + 1];
	static const char *const wrong[] = {
		"", "the-operator-toke", "the-operator-token ",
		"THE-OPERATOR-TOKEN", "the-operator-tokem",
	};
	size_t	 i;

	(void)state;
	crypto_token_hash("the-operator-token", salt, hash);
	for (i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++)
		assert_int_equal(crypto_token_matches(salt, hash, wrong[i]),
		    0);
	assert_int_equal(crypto_token_matches(salt, hash, NULL), 0);
	/* stored values that are not what the schema allows never match */
	assert_int_equal(crypto_token_matches("", hash,
	    "the-operator-token"), 0);
	assert_int_equal(crypto_token_matches(salt, "",
	    "the-operator-token"), 0);
	assert_int_equal(crypto_token_matches(salt, hash + 2,
	    "the-operator-token"), 0);
	assert_int_equal(crypto_token_matches("zz", hash,
	    "the-operator-token"), 0);
	assert_int_equal(crypto_token_matches(NULL, NULL,
	    "the-operator-token"), 0);
}

/* Sink that drops the response. */
static int
sink_null(void *arg, const char *s, size_t n)
{
	(void)arg;
	(void)s;
	(void)n;
	return 0;
}

/* The body error of a JSON request with body b (n bytes). */
static enum http_err
json_body_err(const char *b, size_t n)
{
	char		*envp[] = { "REQUEST_METHOD=PUT",
	    "CONTENT_TYPE=application/json; charset=utf-8", NULL };
	struct resp_sink sink = { sink_null, NULL };
	struct req	*r;
	enum http_err	 e;

	r = req_new(envp, b, n, 4096, sink, &e);
	assert_non_null(r);
	req_free(r);
	return e;
}

static void
json_nul_escape_bad(void **state)
{
	static const char *const bad[] = {
		"{\"a\":\"x\\u0000y\"}", "{\"a\\u0000b\":1}",
		"[\"\\u0000\"]", "{\"a\":[{\"b\":\"\\u0000\"}]}",
		"{\"a\":\"\\\\\\u0000\"}", "{\"a\":\"\\u00000\"}",
	};
	static const char raw[] = "{\"a\":\"x\0y\"}";
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(json_body_err(bad[i], strlen(bad[i])),
		    HTTP_ERR_JSON_NUL);
	assert_int_equal(json_body_err(raw, sizeof(raw) - 1),
	    HTTP_ERR_JSON_NUL);
	assert_non_null(strstr(http_strerror(HTTP_ERR_JSON_NUL), "\\u0000"));
}

static void
json_nul_lookalikes_good(void **state)
{
	static const char *const good[] = {
		"{\"a\":\"x\\\\u0000y\"}", "{\"a\":\"\\u0001\"}",
		"{\"a\":\"\\u000a\"}", "{\"u0000\":\"\\\\\"}", "{}",
		"{\"a\":\"\\u0100\"}",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(json_body_err(good[i], strlen(good[i])),
		    HTTP_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(email_good),
		cmocka_unit_test(email_bad_shape),
		cmocka_unit_test(email_bad_spaces_controls_length),
		cmocka_unit_test(token_digest_vector),
		cmocka_unit_test(token_hash_then_match),
		cmocka_unit_test(token_matches_bad),
		cmocka_unit_test(json_nul_escape_bad),
		cmocka_unit_test(json_nul_lookalikes_good),
	};

	return cmocka_run_group_tests_name("hardening", tests, NULL, NULL);
}
