#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "buf.h"
#include "html.h"

/* Escape s (n bytes) with f into a fresh buffer and compare to want. */
static void
check(int (*f)(struct buf *, const char *, size_t), const char *s, size_t n,
    const char *want)
{
	struct buf	 b;

	buf_init(&b, 4096);
	assert_int_equal(f(&b, s, n), 0);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

#define CHECK(f, lit, want) check((f), (lit), sizeof(lit) - 1, (want))

static void
html_txt_escapes_markup(void **state)
{
	(void)state;
	CHECK(html_txt, "a & b < c > d \" e ' f",
	    "a &amp; b &lt; c &gt; d &quot; e &#39; f");
	CHECK(html_txt, "Zoé 🦷", "Zoé 🦷");
	CHECK(html_txt, "", "");
}

static void
html_txt_bad_script_is_inert(void **state)
{
	(void)state;
	CHECK(html_txt, "<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
}

static void
html_txt_bad_nul_and_invalid_utf8(void **state)
{
	(void)state;
	CHECK(html_txt, "a\0b", "a\xef\xbf\xbd" "b");
	/* stray continuation, overlong '<', surrogate, truncated */
	CHECK(html_txt, "\x80", "\xef\xbf\xbd");
	CHECK(html_txt, "\xc0\xbc", "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK(html_txt, "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK(html_txt, "x\xe2\x82", "x\xef\xbf\xbd\xef\xbf\xbd");
	CHECK(html_txt, "\xf4\x90\x80\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

static void
html_attr_escapes_breakouts(void **state)
{
	(void)state;
	CHECK(html_attr, "Dr. Martin-Dupont, 12/03 @ 9:30",
	    "Dr. Martin-Dupont, 12/03 @ 9:30");
	CHECK(html_attr, "\"><svg onload=alert(1)>",
	    "&quot;&gt;&lt;svg onload=alert&#x28;1&#x29;&gt;");
	CHECK(html_attr, "' onmouseover='x'",
	    "&#39; onmouseover=&#39;x&#39;");
	CHECK(html_attr, "a`b\tc\n", "a&#x60;b&#x09;c&#x0A;");
}

static void
html_attr_bad_nul_and_invalid_utf8(void **state)
{
	(void)state;
	CHECK(html_attr, "\"\0\"", "&quot;\xef\xbf\xbd&quot;");
	CHECK(html_attr, "\xfe\"", "\xef\xbf\xbd&quot;");
}

static void
html_url_arg_encodes_component(void **state)
{
	(void)state;
	CHECK(html_url_arg, "Zoé & co/1?x=2#y",
	    "Zo%C3%A9%20%26%20co%2F1%3Fx%3D2%23y");
	CHECK(html_url_arg, "a-b.c_d~e", "a-b.c_d~e");
	CHECK(html_url_arg, "\"><script>\0",
	    "%22%3E%3Cscript%3E%00");
}

static void
html_url_allowed_schemes(void **state)
{
	(void)state;
	assert_true(html_url_allowed("https://x.fr/a", 14));
	assert_true(html_url_allowed("HTTP://x", 8));
	assert_true(html_url_allowed("mailto:a@b.fr", 13));
	assert_true(html_url_allowed("/clinic/1", 9));
	assert_true(html_url_allowed("?page=2", 7));
	assert_true(html_url_allowed("#top", 4));
	assert_true(html_url_allowed("p/a:b", 5));
	assert_true(html_url_allowed("", 0));
}

static void
html_url_allowed_bad_schemes(void **state)
{
	(void)state;
	assert_false(html_url_allowed("javascript:alert(1)", 19));
	assert_false(html_url_allowed("JaVaScRiPt:alert(1)", 19));
	assert_false(html_url_allowed(" javascript:x", 13));
	assert_false(html_url_allowed("java\tscript:x", 13));
	assert_false(html_url_allowed("data:text/html,<b>", 18));
	assert_false(html_url_allowed("vbscript:x", 10));
	assert_false(html_url_allowed("httpx:x", 7));
	assert_false(html_url_allowed("\0javascript:x", 13));
}

static void
html_url_attr_normalizes(void **state)
{
	(void)state;
	CHECK(html_url_attr, "/a b?q=1&r=%41%zz",
	    "/a%20b?q=1&amp;r=%41%25zz");
	CHECK(html_url_attr, "/\"><script>", "/%22%3E%3Cscript%3E");
	CHECK(html_url_attr, "/it's", "/it&#39;s");
	CHECK(html_url_attr, "/é\0", "/%C3%A9%00");
}

static void
html_bad_buffer_full_fails(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(html_txt(&b, "abcdefgh", 8), 0);
	assert_int_equal(html_txt(&b, "<", 1), -1);
	buf_reset(&b);
	assert_int_equal(html_attr(&b, "<<<", 3), -1);
	buf_reset(&b);
	assert_int_equal(html_url_arg(&b, "\"\"\"", 3), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_txt_escapes_markup),
		cmocka_unit_test(html_txt_bad_script_is_inert),
		cmocka_unit_test(html_txt_bad_nul_and_invalid_utf8),
		cmocka_unit_test(html_attr_escapes_breakouts),
		cmocka_unit_test(html_attr_bad_nul_and_invalid_utf8),
		cmocka_unit_test(html_url_arg_encodes_component),
		cmocka_unit_test(html_url_allowed_schemes),
		cmocka_unit_test(html_url_allowed_bad_schemes),
		cmocka_unit_test(html_url_attr_normalizes),
		cmocka_unit_test(html_bad_buffer_full_fails),
	};
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
