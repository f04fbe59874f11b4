/*
 * UTF-8 validation: utf8.c against the RFC 3629 table of well-formed
 * byte sequences.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "utf8.h"

/* Is the NUL-terminated s valid (its strlen)? */
static int
valid(const char *s)
{
	return utf8_valid(s, strlen(s));
}

static void
utf8_ascii_and_empty(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(valid("Bonjour, RDV mardi 10h ?"));
	assert_true(valid("\x01\x7f"));
}

static void
utf8_each_length_at_its_bounds(void **state)
{
	(void)state;
	assert_true(valid("\xc2\x80"));			/* U+0080 */
	assert_true(valid("\xdf\xbf"));			/* U+07FF */
	assert_true(valid("\xe0\xa0\x80"));		/* U+0800 */
	assert_true(valid("\xed\x9f\xbf"));		/* U+D7FF */
	assert_true(valid("\xee\x80\x80"));		/* U+E000 */
	assert_true(valid("\xef\xbf\xbf"));		/* U+FFFF */
	assert_true(valid("\xf0\x90\x80\x80"));		/* U+10000 */
	assert_true(valid("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
}

static void
utf8_real_text(void **state)
{
	(void)state;
	assert_true(valid("D\xc3\xa9tartrage \xc3\xa0 10h, "
	    "Dr L\xc3\xa9" "al \xf0\x9f\x98\x8a \xe2\x82\xac"));
}

static void
utf8_bad_nul(void **state)
{
	(void)state;
	assert_false(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\0", 1));
	/* The length given is the limit: the NUL after it is not read. */
	assert_true(utf8_valid("ab", 2));
}

static void
utf8_bad_lone_continuation(void **state)
{
	(void)state;
	assert_false(valid("\x80"));
	assert_false(valid("\xbf"));
	assert_false(valid("a\x80" "b"));
	assert_false(valid("\xc3\xa9\xa9"));
}

static void
utf8_bad_never_allowed_bytes(void **state)
{
	(void)state;
	assert_false(valid("\xc0\x80"));		/* overlong NUL */
	assert_false(valid("\xc1\xbf"));		/* overlong DEL */
	assert_false(valid("\xf5\x80\x80\x80"));
	assert_false(valid("\xf8\x88\x80\x80\x80"));
	assert_false(valid("\xfe"));
	assert_false(valid("\xff"));
}

static void
utf8_bad_overlong(void **state)
{
	(void)state;
	assert_false(valid("\xc0\xaf"));		/* '/' in 2 bytes */
	assert_false(valid("\xe0\x80\xaf"));		/* '/' in 3 bytes */
	assert_false(valid("\xe0\x9f\xbf"));		/* U+07FF in 3 */
	assert_false(valid("\xf0\x80\x80\xaf"));	/* '/' in 4 bytes */
	assert_false(valid("\xf0\x8f\xbf\xbf"));	/* U+FFFF in 4 */
}

static void
utf8_bad_surrogates(void **state)
{
	(void)state;
	assert_false(valid("\xed\xa0\x80"));		/* U+D800 */
	assert_false(valid("\xed\xaf\xbf"));		/* U+DBFF */
	assert_false(valid("\xed\xb0\x80"));		/* U+DC00 */
	assert_false(valid("\xed\xbf\xbf"));		/* U+DFFF */
	/* A CESU-8 pair for U+1F600. */
	assert_false(valid("\xed\xa0\xbd\xed\xb8\x80"));
}

static void
utf8_bad_past_max(void **state)
{
	(void)state;
	assert_false(valid("\xf4\x90\x80\x80"));	/* U+110000 */
	assert_false(valid("\xf4\xbf\xbf\xbf"));
}

static void
utf8_bad_truncated(void **state)
{
	(void)state;
	assert_false(valid("\xc3"));
	assert_false(valid("\xe2\x82"));
	assert_false(valid("\xf0\x9f\x98"));
	assert_false(valid("ok\xf0\x9f"));
	/* A valid sequence cut by the length. */
	assert_false(utf8_valid("\xc3\xa9", 1));
	assert_false(utf8_valid("\xf0\x9f\x98\x8a", 3));
}

static void
utf8_bad_continuation_replaced(void **state)
{
	(void)state;
	assert_false(valid("\xc3\x28"));
	assert_false(valid("\xe2\x28\xa1"));
	assert_false(valid("\xe2\x82\x28"));
	assert_false(valid("\xf0\x28\x8c\xbc"));
	assert_false(valid("\xf0\x90\x28\xbc"));
	assert_false(valid("\xf0\x9f\x98\xc3"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_ascii_and_empty),
		cmocka_unit_test(utf8_each_length_at_its_bounds),
		cmocka_unit_test(utf8_real_text),
		cmocka_unit_test(utf8_bad_nul),
		cmocka_unit_test(utf8_bad_lone_continuation),
		cmocka_unit_test(utf8_bad_never_allowed_bytes),
		cmocka_unit_test(utf8_bad_overlong),
		cmocka_unit_test(utf8_bad_surrogates),
		cmocka_unit_test(utf8_bad_past_max),
		cmocka_unit_test(utf8_bad_truncated),
		cmocka_unit_test(utf8_bad_continuation_replaced),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
