/*
 * Secrets at rest: seal.c (XChaCha20-Poly1305 with the row id as AD).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <sodium.h>

#include "seal.h"

#define OVERHEAD	(24 + 16)	/* nonce + tag */
#define ROW_A	"5e0f1e00-0000-4000-8000-00000000de40"
#define ROW_B	"5e0f1e00-0000-4000-8000-00000000de41"

static unsigned char	 key[32], key2[32];
static const char	 secret[] = "1//0gRefreshTokenFromGoogle-abc";

static int
group_setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	memset(key, 0x42, sizeof(key));
	memcpy(key2, key, sizeof(key2));
	key2[31] ^= 1;
	return 0;
}

/* Seal secret for row ad into b. */
static void
seal_secret(struct buf *b, const char *ad)
{
	buf_init(b, 4096);
	assert_int_equal(seal_encrypt(key, secret, strlen(secret), ad, b), 0);
	assert_int_equal(b->len, strlen(secret) + OVERHEAD);
}

/* Try to open sealed bytes; returns seal_decrypt's result. */
static int
open_with(const unsigned char *k, const struct buf *s, size_t len,
    const char *ad, struct buf *out)
{
	buf_init(out, 4096);
	return seal_decrypt(k, (const unsigned char *)s->p, len, ad, out);
}

static void
seal_round_trip(void **state)
{
	struct buf	 s, o;

	(void)state;
	seal_secret(&s, ROW_A);
	assert_int_equal(open_with(key, &s, s.len, ROW_A, &o), 0);
	assert_int_equal(o.len, strlen(secret));
	assert_string_equal(buf_str(&o), secret);
	/* The sealed bytes do not contain the secret. */
	assert_null(memmem(s.p, s.len, secret, 8));
	buf_free(&s);
	buf_free(&o);
}

static void
seal_round_trip_empty_and_binary(void **state)
{
	struct buf		 s, o;
	static const char	 bin[] = { 0, 1, 2, '\n', (char)0xff, 0 };

	(void)state;
	buf_init(&s, 4096);
	assert_int_equal(seal_encrypt(key, "", 0, "", &s), 0);
	assert_int_equal(s.len, OVERHEAD);
	assert_int_equal(open_with(key, &s, s.len, "", &o), 0);
	assert_int_equal(o.len, 0);
	buf_free(&s);
	buf_free(&o);
	buf_init(&s, 4096);
	assert_int_equal(seal_encrypt(key, bin, sizeof(bin), ROW_A, &s), 0);
	assert_int_equal(open_with(key, &s, s.len, ROW_A, &o), 0);
	assert_int_equal(o.len, sizeof(bin));
	assert_memory_equal(o.p, bin, sizeof(bin));
	buf_free(&s);
	buf_free(&o);
}

static void
seal_appends_to_buffer(void **state)
{
	struct buf	 s, o;
	size_t		 n;

	(void)state;
	buf_init(&s, 4096);
	assert_int_equal(buf_adds(&s, "prefix"), 0);
	assert_int_equal(seal_encrypt(key, secret, strlen(secret), ROW_A, &s),
	    0);
	n = s.len - 6;
	buf_init(&o, 4096);
	assert_int_equal(buf_adds(&o, "got:"), 0);
	assert_int_equal(seal_decrypt(key, (unsigned char *)s.p + 6, n, ROW_A,
	    &o), 0);
	assert_true(strncmp(buf_str(&o), "got:", 4) == 0);
	assert_string_equal(buf_str(&o) + 4, secret);
	buf_free(&s);
	buf_free(&o);
}

static void
seal_two_seals_differ(void **state)
{
	struct buf	 a, b;

	(void)state;
	seal_secret(&a, ROW_A);
	seal_secret(&b, ROW_A);
	assert_int_equal(a.len, b.len);
	assert_true(memcmp(a.p, b.p, a.len) != 0);
	/* Not even the nonces repeat. */
	assert_true(memcmp(a.p, b.p, 24) != 0);
	buf_free(&a);
	buf_free(&b);
}

static void
seal_bad_wrong_key(void **state)
{
	struct buf	 s, o;

	(void)state;
	seal_secret(&s, ROW_A);
	assert_int_equal(open_with(key2, &s, s.len, ROW_A, &o), -1);
	assert_int_equal(o.len, 0);
	assert_string_equal(buf_str(&o), "");
	buf_free(&s);
	buf_free(&o);
}

static void
seal_bad_other_row(void **state)
{
	struct buf	 s, o;

	(void)state;
	seal_secret(&s, ROW_A);
	assert_int_equal(open_with(key, &s, s.len, ROW_B, &o), -1);
	assert_int_equal(o.len, 0);
	buf_free(&o);
	assert_int_equal(open_with(key, &s, s.len, "", &o), -1);
	buf_free(&s);
	buf_free(&o);
}

static void
seal_bad_flipped_byte(void **state)
{
	struct buf	 s, o;
	size_t		 i;

	(void)state;
	seal_secret(&s, ROW_A);
	/* Any byte: nonce, ciphertext or tag. */
	for (i = 0; i < s.len; i++) {
		s.p[i] ^= 0x01;
		assert_int_equal(open_with(key, &s, s.len, ROW_A, &o), -1);
		assert_int_equal(o.len, 0);
		buf_free(&o);
		s.p[i] ^= 0x01;
	}
	assert_int_equal(open_with(key, &s, s.len, ROW_A, &o), 0);
	buf_free(&s);
	buf_free(&o);
}

static void
seal_bad_truncated(void **state)
{
	struct buf	 s, o;
	size_t		 n;

	(void)state;
	seal_secret(&s, ROW_A);
	for (n = 0; n < s.len; n++) {
		assert_int_equal(open_with(key, &s, n, ROW_A, &o), -1);
		assert_int_equal(o.len, 0);
		buf_free(&o);
	}
	buf_free(&s);
}

static void
seal_bad_output_cap(void **state)
{
	struct buf	 s, o;

	(void)state;
	/* Sealing into a buffer too small fails and leaves it as it was. */
	buf_init(&s, 30);
	assert_int_equal(buf_adds(&s, "keep"), 0);
	assert_int_equal(seal_encrypt(key, secret, strlen(secret), ROW_A, &s),
	    -1);
	assert_string_equal(buf_str(&s), "keep");
	buf_free(&s);
	seal_secret(&s, ROW_A);
	buf_init(&o, 4);
	assert_int_equal(seal_decrypt(key, (unsigned char *)s.p, s.len, ROW_A,
	    &o), -1);
	assert_int_equal(o.len, 0);
	buf_free(&s);
	buf_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seal_round_trip),
		cmocka_unit_test(seal_round_trip_empty_and_binary),
		cmocka_unit_test(seal_appends_to_buffer),
		cmocka_unit_test(seal_two_seals_differ),
		cmocka_unit_test(seal_bad_wrong_key),
		cmocka_unit_test(seal_bad_other_row),
		cmocka_unit_test(seal_bad_flipped_byte),
		cmocka_unit_test(seal_bad_truncated),
		cmocka_unit_test(seal_bad_output_cap),
	};
	return cmocka_run_group_tests_name("seal", tests, group_setup, NULL);
}
