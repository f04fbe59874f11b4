#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "buf.h"

static void
buf_appends_within_max(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 16);
	assert_int_equal(buf_adds(&b, "hello "), 0);
	assert_int_equal(buf_printf(&b, "%d", 42), 0);
	assert_string_equal(buf_str(&b), "hello 42");
	buf_free(&b);
}

static void
buf_bad_past_max_keeps_contents(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_addc(&b, 'x'), -1);
	assert_int_equal(buf_printf(&b, "%s", "y"), -1);
	assert_string_equal(buf_str(&b), "12345678");
	assert_int_equal(b.len, 8);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_appends_within_max),
		cmocka_unit_test(buf_bad_past_max_keeps_contents),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
