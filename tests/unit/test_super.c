/*
 * The superadmin's input helpers (super_util.c): boolean inputs, text
 * limits, the clinic filter of lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "super_int.h"

#define UUID	"5e0f1e00-0000-4000-8000-00000000de40"

/* Sink that drops the response. */
static int
sink_null(void *arg, const char *s, size_t n)
{
	(void)arg;
	(void)s;
	(void)n;
	return 0;
}

/* A GET request with query string qs; caller req_free()s. */
static struct req *
mkreq(const char *qs)
{
	static char	 q[512];
	char		 m[] = "REQUEST_METHOD=GET";
	char		 u[] = "REQUEST_URI=/superadmin/patients";
	char		*envp[4];
	struct resp_sink sink = { sink_null, NULL };
	enum http_err	 err;
	struct req	*r;

	snprintf(q, sizeof(q), "QUERY_STRING=%s", qs);
	envp[0] = m;
	envp[1] = u;
	envp[2] = q;
	envp[3] = NULL;
	r = req_new(envp, NULL, 0, 1024, sink, &err);
	assert_non_null(r);
	return r;
}

static void
bool_in_accepts_true_and_false_words(void **state)
{
	const char	*v = "x";

	(void)state;
	assert_int_equal(super_bool_in("true", &v), 0);
	assert_string_equal(v, "true");
	assert_int_equal(super_bool_in("1", &v), 0);
	assert_string_equal(v, "true");
	assert_int_equal(super_bool_in("on", &v), 0);
	assert_string_equal(v, "true");
	assert_int_equal(super_bool_in("false", &v), 0);
	assert_string_equal(v, "false");
	assert_int_equal(super_bool_in("0", &v), 0);
	assert_string_equal(v, "false");
	assert_int_equal(super_bool_in(NULL, &v), 0);
	assert_null(v);
}

static void
bool_in_bad_words_refused(void **state)
{
	const char	*v = "x";

	(void)state;
	assert_int_equal(super_bool_in("maybe", &v), -1);
	assert_null(v);
	assert_int_equal(super_bool_in("", &v), -1);
	assert_int_equal(super_bool_in("TRUE", &v), -1);
	assert_int_equal(super_bool_in("true ", &v), -1);
	assert_int_equal(super_bool_in("2", &v), -1);
}

static void
text_ok_limits(void **state)
{
	(void)state;
	assert_true(super_text_ok(NULL, 10, 0));
	assert_true(super_text_ok("Cabinet", 10, 0));
	assert_true(super_text_ok("", 10, 1));
	assert_true(super_text_ok("l1\nl2", 10, 0));
	assert_true(super_text_ok("0123456789", 10, 0));
}

static void
text_ok_bad_empty_long_control(void **state)
{
	(void)state;
	assert_false(super_text_ok("", 10, 0));
	assert_false(super_text_ok("01234567890", 10, 0));
	assert_false(super_text_ok("a\001b", 10, 1));
	assert_false(super_text_ok("a\033[2Jb", 10, 1));
	assert_false(super_text_ok("a\177", 10, 1));
}

static void
clinic_filter_uuid_or_absent(void **state)
{
	struct req	*r;
	const char	*c = "x";

	(void)state;
	r = mkreq("clinic=" UUID "&q=a");
	assert_int_equal(super_clinic_filter(r, &c), 0);
	assert_string_equal(c, UUID);
	req_free(r);
	r = mkreq("clinic=&q=a");
	assert_int_equal(super_clinic_filter(r, &c), 0);
	assert_null(c);
	req_free(r);
	r = mkreq("q=a");
	assert_int_equal(super_clinic_filter(r, &c), 0);
	assert_null(c);
	assert_string_equal(super_q(r, "q"), "a");
	assert_null(super_q(r, "clinic"));
	req_free(r);
}

static void
clinic_filter_bad_values_refused(void **state)
{
	static const char *const bad[] = {
		"clinic=abc", "clinic=" UUID "x", "clinic=1%27%20OR%201=1",
		"clinic=5e0f1e00-0000-4000-8000-00000000de4g",
		"clinic=5e0f1e00000040008000000000000de40",
	};
	struct req	*r;
	const char	*c;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = mkreq(bad[i]);
		assert_int_equal(super_clinic_filter(r, &c), -1);
		req_free(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bool_in_accepts_true_and_false_words),
		cmocka_unit_test(bool_in_bad_words_refused),
		cmocka_unit_test(text_ok_limits),
		cmocka_unit_test(text_ok_bad_empty_long_control),
		cmocka_unit_test(clinic_filter_uuid_or_absent),
		cmocka_unit_test(clinic_filter_bad_values_refused),
	};

	return cmocka_run_group_tests_name("super", tests, NULL, NULL);
}
