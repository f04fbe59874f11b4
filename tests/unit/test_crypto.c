/*
 * crypto: SHA-1 against FIPS 180 examples, HMAC-SHA1 against RFC 2202,
 * base64 against RFC 4648, hex and constant-time comparison.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "crypto.h"

/* Hex of a SHA-1 sized digest, for readable assertions. */
static const char *
hex20(const unsigned char d[CRYPTO_SHA1_LEN], char out[41])
{
	assert_int_equal(crypto_hex_encode(d, CRYPTO_SHA1_LEN, out, 41), 40);
	return out;
}

static void
sha1_fips_vectors(void **state)
{
	unsigned char	 d[CRYPTO_SHA1_LEN];
	char		 h[41];

	(void)state;
	crypto_sha1("abc", 3, d);
	assert_string_equal(hex20(d, h),
	    "a9993e364706816aba3e25717850c26c9cd0d89d");
	crypto_sha1("", 0, d);
	assert_string_equal(hex20(d, h),
	    "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	crypto_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, d);
	assert_string_equal(hex20(d, h),
	    "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

/* A million 'a' fed in uneven pieces crosses every block boundary case. */
static void
sha1_million_a_in_pieces(void **state)
{
	struct crypto_sha1	 s;
	unsigned char		 chunk[1024], d[CRYPTO_SHA1_LEN];
	char			 h[41];
	size_t			 left = 1000000, n, step = 1;

	(void)state;
	memset(chunk, 'a', sizeof(chunk));
	crypto_sha1_init(&s);
	while (left > 0) {
		n = step < left ? step : left;
		crypto_sha1_update(&s, chunk, n);
		left -= n;
		step = step % 997 + 13;	/* at most 1009 bytes */
	}
	crypto_sha1_final(&s, d);
	assert_string_equal(hex20(d, h),
	    "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

struct hmac_case {
	unsigned char	 key[80];
	size_t		 keylen;
	unsigned char	 data[80];
	size_t		 datalen;
	const char	*mac;
};

static void
hmac_case_fill(struct hmac_case *c, int kb, size_t kl, int db, size_t dl,
    const char *mac)
{
	memset(c->key, kb, kl);
	c->keylen = kl;
	memset(c->data, db, dl);
	c->datalen = dl;
	c->mac = mac;
}

static void
hmac_check(const struct hmac_case *c)
{
	unsigned char	 d[CRYPTO_SHA1_LEN];
	char		 h[41];

	crypto_hmac_sha1(c->key, c->keylen, c->data, c->datalen, d);
	assert_string_equal(hex20(d, h), c->mac);
}

static void
hmac_rfc2202_vectors(void **state)
{
	struct hmac_case	 c;
	size_t			 i;
	const char		*t6 =
	    "Test Using Larger Than Block-Size Key - Hash Key First";
	const char		*t7 = "Test Using Larger Than Block-Size Key "
	    "and Larger Than One Block-Size Data";

	(void)state;
	hmac_case_fill(&c, 0x0b, 20, 0, 0,
	    "b617318655057264e28bc0b6fb378c8ef146be00");
	memcpy(c.data, "Hi There", c.datalen = 8);
	hmac_check(&c);

	hmac_case_fill(&c, 0, 0, 0, 0,
	    "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	memcpy(c.key, "Jefe", c.keylen = 4);
	memcpy(c.data, "what do ya want for nothing?", c.datalen = 28);
	hmac_check(&c);

	hmac_case_fill(&c, 0xaa, 20, 0xdd, 50,
	    "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
	hmac_check(&c);

	hmac_case_fill(&c, 0, 25, 0xcd, 50,
	    "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
	for (i = 0; i < 25; i++)
		c.key[i] = (unsigned char)(i + 1);
	hmac_check(&c);

	hmac_case_fill(&c, 0x0c, 20, 0, 0,
	    "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
	memcpy(c.data, "Test With Truncation", c.datalen = 20);
	hmac_check(&c);

	hmac_case_fill(&c, 0xaa, 80, 0, 0,
	    "aa4ae5e15272d00e95705637ce8a3b55ed402112");
	memcpy(c.data, t6, c.datalen = strlen(t6));
	hmac_check(&c);

	hmac_case_fill(&c, 0xaa, 80, 0, 0,
	    "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
	memcpy(c.data, t7, c.datalen = strlen(t7));
	hmac_check(&c);
}

static void
hmac_streaming_matches_oneshot(void **state)
{
	struct crypto_hmac_sha1	 h;
	unsigned char		 a[CRYPTO_SHA1_LEN], b[CRYPTO_SHA1_LEN];
	const char		*msg = "what do ya want for nothing?";

	(void)state;
	crypto_hmac_sha1("Jefe", 4, msg, strlen(msg), a);
	crypto_hmac_sha1_init(&h, "Jefe", 4);
	crypto_hmac_sha1_update(&h, msg, 5);
	crypto_hmac_sha1_update(&h, msg + 5, 0);
	crypto_hmac_sha1_update(&h, msg + 5, strlen(msg) - 5);
	crypto_hmac_sha1_final(&h, b);
	assert_memory_equal(a, b, sizeof(a));
}

static void
b64_rfc4648_vectors(void **state)
{
	char	 out[16];

	(void)state;
	assert_int_equal(crypto_b64_encode("", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(crypto_b64_encode("f", 1, out, sizeof(out)), 4);
	assert_string_equal(out, "Zg==");
	assert_int_equal(crypto_b64_encode("fo", 2, out, sizeof(out)), 4);
	assert_string_equal(out, "Zm8=");
	assert_int_equal(crypto_b64_encode("foobar", 6, out, sizeof(out)), 8);
	assert_string_equal(out, "Zm9vYmFy");
}

static void
b64_bad_short_output(void **state)
{
	char	 out[8];

	(void)state;
	/* "foobar" needs 8 chars plus the NUL. */
	assert_int_equal(crypto_b64_encode("foobar", 6, out, sizeof(out)), -1);
	assert_int_equal(crypto_b64_encode("fooba", 5, out, sizeof(out)), -1);
	assert_int_equal(crypto_b64_encode("foo", 3, out, 5), 4);
}

static void
b64_decode_roundtrip(void **state)
{
	unsigned char	 out[8];

	(void)state;
	assert_int_equal(crypto_b64_decode("Zm9vYmE=", 8, out, sizeof(out)),
	    5);
	assert_memory_equal(out, "fooba", 5);
}

static void
b64_bad_decode_input(void **state)
{
	unsigned char	 out[8];

	(void)state;
	assert_int_equal(crypto_b64_decode("Zg=", 3, out, sizeof(out)), -1);
	assert_int_equal(crypto_b64_decode("Zm9v!", 5, out, sizeof(out)), -1);
	assert_int_equal(crypto_b64_decode("Zm9v Zm9v", 9, out, sizeof(out)),
	    -1);
	assert_int_equal(crypto_b64_decode("Zm9vYmFyYmF6", 12, out, 8), -1);
}

static void
hex_roundtrip(void **state)
{
	unsigned char	 in[3] = { 0x00, 0xab, 0xff }, out[3];
	char		 h[7];

	(void)state;
	assert_int_equal(crypto_hex_encode(in, 3, h, sizeof(h)), 6);
	assert_string_equal(h, "00abff");
	assert_int_equal(crypto_hex_decode("00ABff", 6, out, sizeof(out)), 3);
	assert_memory_equal(in, out, 3);
}

static void
hex_bad_input(void **state)
{
	unsigned char	 out[4];
	char		 h[6];

	(void)state;
	assert_int_equal(crypto_hex_decode("abc", 3, out, sizeof(out)), -1);
	assert_int_equal(crypto_hex_decode("zz", 2, out, sizeof(out)), -1);
	assert_int_equal(crypto_hex_decode("0102030405", 10, out, 4), -1);
	assert_int_equal(crypto_hex_encode("abc", 3, h, sizeof(h)), -1);
}

static void
memeq_compares_all_bytes(void **state)
{
	(void)state;
	assert_int_equal(crypto_memeq("abcdef", "abcdef", 6), 1);
	assert_int_equal(crypto_memeq("abcdef", "abcdeg", 6), 0);
	assert_int_equal(crypto_memeq("xbcdef", "abcdef", 6), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha1_fips_vectors),
		cmocka_unit_test(sha1_million_a_in_pieces),
		cmocka_unit_test(hmac_rfc2202_vectors),
		cmocka_unit_test(hmac_streaming_matches_oneshot),
		cmocka_unit_test(b64_rfc4648_vectors),
		cmocka_unit_test(b64_bad_short_output),
		cmocka_unit_test(b64_decode_roundtrip),
		cmocka_unit_test(b64_bad_decode_input),
		cmocka_unit_test(hex_roundtrip),
		cmocka_unit_test(hex_bad_input),
		cmocka_unit_test(memeq_compares_all_bytes),
	};
	return cmocka_run_group_tests_name("crypto", tests, NULL, NULL);
}
