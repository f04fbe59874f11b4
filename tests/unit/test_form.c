/*
 * Form bodies, query strings, cookies and path segments: http_parse.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http.h"

/* Decode s (its strlen) with at most maxpairs pairs into p. */
static enum http_err
decode(const char *s, size_t maxpairs, struct http_pairs *p)
{
	memset(p, 0, sizeof(*p));
	return http_form_decode(s, strlen(s), maxpairs, p);
}

/* Assert that s is refused as malformed. */
static void
assert_malformed(const char *s)
{
	struct http_pairs	 p;

	assert_int_equal(decode(s, 64, &p), HTTP_ERR_MALFORMED);
	http_pairs_free(&p);
}

static void
form_plus_is_space_pct2b_is_plus(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("a=1+2&b=1%2B2&c=%2b+", 64, &p), HTTP_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(http_pairs_get(&p, "a"), "1 2");
	assert_string_equal(http_pairs_get(&p, "b"), "1+2");
	assert_string_equal(http_pairs_get(&p, "c"), "+ ");
	http_pairs_free(&p);
}

static void
form_empty_values_kept(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("a=&b=", 64, &p), HTTP_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.v[0].name, "a");
	assert_string_equal(p.v[0].value, "");
	assert_int_equal(p.v[0].vlen, 0);
	assert_string_equal(p.v[1].name, "b");
	assert_string_equal(p.v[1].value, "");
	http_pairs_free(&p);
}

static void
form_key_without_equals_has_empty_value(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("flag&x=1", 64, &p), HTTP_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.v[0].name, "flag");
	assert_string_equal(p.v[0].value, "");
	assert_string_equal(p.v[1].value, "1");
	http_pairs_free(&p);
}

static void
form_empty_fields_skipped(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("&&a=1&&", 64, &p), HTTP_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].value, "1");
	http_pairs_free(&p);
	assert_int_equal(decode("", 64, &p), HTTP_OK);
	assert_int_equal(p.n, 0);
	http_pairs_free(&p);
}

static void
form_repeated_keys_in_order(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("k=1&j=x&k=2&k=3", 64, &p), HTTP_OK);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.v[0].value, "1");
	assert_string_equal(p.v[2].value, "2");
	assert_string_equal(p.v[3].value, "3");
	assert_string_equal(p.v[3].name, "k");
	/* The first value wins for http_pairs_get. */
	assert_string_equal(http_pairs_get(&p, "k"), "1");
	assert_null(http_pairs_get(&p, "missing"));
	http_pairs_free(&p);
}

static void
form_surrounding_spaces_not_trimmed(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("v=%20x%20&w=+y+", 64, &p), HTTP_OK);
	assert_string_equal(http_pairs_get(&p, "v"), " x ");
	assert_int_equal(p.v[0].vlen, 3);
	assert_string_equal(http_pairs_get(&p, "w"), " y ");
	http_pairs_free(&p);
}

static void
form_utf8_kept(void **state)
{
	struct http_pairs	 p;

	(void)state;
	/* "é" "à" "😀", raw and escaped; names may be escaped too. */
	assert_int_equal(decode("n=%C3%A9l%C3%A8ve&e=%F0%9F%98%80"
	    "&r=\xc3\xa0&%C3%A7a=1", 64, &p), HTTP_OK);
	assert_string_equal(http_pairs_get(&p, "n"), "\xc3\xa9l\xc3\xa8ve");
	assert_string_equal(http_pairs_get(&p, "e"), "\xf0\x9f\x98\x80");
	assert_int_equal(p.v[1].vlen, 4);
	assert_string_equal(http_pairs_get(&p, "r"), "\xc3\xa0");
	assert_string_equal(http_pairs_get(&p, "\xc3\xa7" "a"), "1");
	http_pairs_free(&p);
}

static void
form_equals_in_value_kept(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("a=b=c&d=%3D", 64, &p), HTTP_OK);
	assert_string_equal(http_pairs_get(&p, "a"), "b=c");
	assert_string_equal(http_pairs_get(&p, "d"), "=");
	http_pairs_free(&p);
}

static void
form_length_bounds_input(void **state)
{
	struct http_pairs	 p;
	const char		*s = "a=12&b=34";

	(void)state;
	memset(&p, 0, sizeof(p));
	/* Only the first 3 bytes are read: "a=1". */
	assert_int_equal(http_form_decode(s, 3, 64, &p), HTTP_OK);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].value, "1");
	http_pairs_free(&p);
	/* A cut escape at the end of the window is an error. */
	memset(&p, 0, sizeof(p));
	assert_int_equal(http_form_decode("a=%41", 4, 64, &p),
	    HTTP_ERR_MALFORMED);
	http_pairs_free(&p);
}

static void
form_twilio_body(void **state)
{
	struct http_pairs	 p;
	const char		*body =
	    "SmsMessageSid=SM0123456789abcdef0123456789abcdef"
	    "&NumMedia=0&ProfileName=Ren%C3%A9e+L%27H%C3%B4te"
	    "&SmsSid=SM0123456789abcdef0123456789abcdef&WaId=33612345678"
	    "&SmsStatus=received&Body=Bonjour+%C3%A0+tous+%F0%9F%98%8A"
	    "&To=whatsapp%3A%2B14155238886&NumSegments=1"
	    "&ReferralNumMedia=0"
	    "&MessageSid=SM0123456789abcdef0123456789abcdef"
	    "&AccountSid=AC0123456789abcdef0123456789abcdef"
	    "&From=whatsapp%3A%2B33612345678&ApiVersion=2010-04-01";

	(void)state;
	assert_int_equal(decode(body, 256, &p), HTTP_OK);
	assert_int_equal(p.n, 14);
	assert_string_equal(http_pairs_get(&p, "From"),
	    "whatsapp:+33612345678");
	assert_string_equal(http_pairs_get(&p, "To"),
	    "whatsapp:+14155238886");
	assert_string_equal(http_pairs_get(&p, "Body"),
	    "Bonjour \xc3\xa0 tous \xf0\x9f\x98\x8a");
	assert_string_equal(http_pairs_get(&p, "ProfileName"),
	    "Ren\xc3\xa9" "e L'H\xc3\xb4te");
	assert_string_equal(http_pairs_get(&p, "NumMedia"), "0");
	assert_string_equal(p.v[0].name, "SmsMessageSid");
	assert_string_equal(p.v[13].name, "ApiVersion");
	http_pairs_free(&p);
}

static void
form_bad_escape_not_hex(void **state)
{
	(void)state;
	assert_malformed("a=%zz");
	assert_malformed("a=%g1");
	assert_malformed("%zz=1");
}

static void
form_bad_escape_short(void **state)
{
	(void)state;
	assert_malformed("a=%2");
	assert_malformed("a=%2&b=1");
	assert_malformed("a=%");
	assert_malformed("a=1%");
}

static void
form_bad_nul(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_malformed("a=%00");
	assert_malformed("a=x%00y");
	assert_malformed("%00=1");
	/* A raw NUL byte inside the given length. */
	memset(&p, 0, sizeof(p));
	assert_int_equal(http_form_decode("a=x\0y", 5, 64, &p),
	    HTTP_ERR_MALFORMED);
	http_pairs_free(&p);
}

static void
form_bad_utf8(void **state)
{
	(void)state;
	assert_malformed("a=%C3%28");		/* bad continuation */
	assert_malformed("a=%C0%AF");		/* overlong '/' */
	assert_malformed("a=%E0%80%AF");	/* overlong, 3 bytes */
	assert_malformed("a=%ED%A0%80");	/* UTF-16 surrogate */
	assert_malformed("a=%F4%90%80%80");	/* past U+10FFFF */
	assert_malformed("a=%C3");		/* cut sequence */
	assert_malformed("a=%FF");
	assert_malformed("a=\xc3\x28");		/* raw, not escaped */
	assert_malformed("%C3%28=1");		/* in the name */
}

static void
form_bad_too_many_fields(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("a=1&b=2&c=3", 3, &p), HTTP_OK);
	assert_int_equal(p.n, 3);
	http_pairs_free(&p);
	assert_int_equal(decode("a=1&b=2&c=3&d=4", 3, &p), HTTP_ERR_TOOMANY);
	/* What came before the error is kept for the caller to free. */
	assert_int_equal(p.n, 3);
	http_pairs_free(&p);
}

static void
form_bad_error_keeps_earlier_pairs(void **state)
{
	struct http_pairs	 p;

	(void)state;
	assert_int_equal(decode("a=1&b=%zz&c=3", 64, &p), HTTP_ERR_MALFORMED);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].value, "1");
	http_pairs_free(&p);
	assert_int_equal(p.n, 0);
	assert_null(p.v);
}

static void
form_strerror_names_errors(void **state)
{
	(void)state;
	assert_string_equal(http_strerror(HTTP_OK), "ok");
	assert_string_equal(http_strerror(HTTP_ERR_TOOMANY),
	    "too many fields");
	assert_string_equal(http_strerror(HTTP_ERR__MAX), "unknown");
}

/* Cookies. */

static void
cookie_pairs_split_and_trimmed(void **state)
{
	struct http_pairs	 p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(http_cookie_parse("sid=abc; csrf=x1 ;  lang=fr",
	    &p), HTTP_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(http_pairs_get(&p, "sid"), "abc");
	assert_string_equal(http_pairs_get(&p, "csrf"), "x1");
	assert_string_equal(http_pairs_get(&p, "lang"), "fr");
	http_pairs_free(&p);
}

static void
cookie_values_not_decoded(void **state)
{
	struct http_pairs	 p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(http_cookie_parse("t=a%20b+c; j=eyJ.x=y", &p),
	    HTTP_OK);
	assert_string_equal(http_pairs_get(&p, "t"), "a%20b+c");
	assert_string_equal(http_pairs_get(&p, "j"), "eyJ.x=y");
	http_pairs_free(&p);
}

static void
cookie_without_equals_ignored(void **state)
{
	struct http_pairs	 p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(http_cookie_parse("junk; a=1;;; b=; ", &p), HTTP_OK);
	assert_int_equal(p.n, 2);
	assert_string_equal(http_pairs_get(&p, "a"), "1");
	assert_string_equal(http_pairs_get(&p, "b"), "");
	assert_null(http_pairs_get(&p, "junk"));
	http_pairs_free(&p);
	assert_int_equal(http_cookie_parse("", &p), HTTP_OK);
	assert_int_equal(p.n, 0);
}

static void
cookie_bad_too_many(void **state)
{
	struct http_pairs	 p;
	struct buf		 b;
	int			 i;

	(void)state;
	buf_init(&b, 4096);
	for (i = 0; i < 65; i++)
		assert_int_equal(buf_printf(&b, "c%d=%d; ", i, i), 0);
	memset(&p, 0, sizeof(p));
	assert_int_equal(http_cookie_parse(buf_str(&b), &p),
	    HTTP_ERR_TOOMANY);
	http_pairs_free(&p);
	buf_free(&b);
}

/* Path segments. */

/* Decode s in a copy; returns the result, the decoded text in out. */
static int
seg(const char *s, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s", s);
	return http_path_segment_decode(out);
}

static void
segment_decoded(void **state)
{
	char	 b[64];

	(void)state;
	assert_int_equal(seg("abc", b, sizeof(b)), 0);
	assert_string_equal(b, "abc");
	assert_int_equal(seg("a%20b+c", b, sizeof(b)), 0);
	assert_string_equal(b, "a b+c");	/* '+' stays in paths */
	assert_int_equal(seg("Dr%20L%C3%A9al", b, sizeof(b)), 0);
	assert_string_equal(b, "Dr L\xc3\xa9" "al");
	assert_int_equal(seg("...", b, sizeof(b)), 0);
	assert_string_equal(b, "...");
	assert_int_equal(seg("", b, sizeof(b)), 0);
	assert_string_equal(b, "");
}

static void
segment_bad_slash(void **state)
{
	char	 b[64];

	(void)state;
	assert_int_equal(seg("a%2Fb", b, sizeof(b)), -1);
	assert_int_equal(seg("%2f", b, sizeof(b)), -1);
	assert_int_equal(seg("%2e%2e%2f", b, sizeof(b)), -1);
}

static void
segment_bad_dots(void **state)
{
	char	 b[64];

	(void)state;
	assert_int_equal(seg("..", b, sizeof(b)), -1);
	assert_int_equal(seg(".", b, sizeof(b)), -1);
	assert_int_equal(seg("%2e%2e", b, sizeof(b)), -1);
	assert_int_equal(seg("%2E", b, sizeof(b)), -1);
	assert_int_equal(seg(".%2e", b, sizeof(b)), -1);
}

static void
segment_bad_escapes(void **state)
{
	char	 b[64];

	(void)state;
	assert_int_equal(seg("%00", b, sizeof(b)), -1);
	assert_int_equal(seg("a%00b", b, sizeof(b)), -1);
	assert_int_equal(seg("%zz", b, sizeof(b)), -1);
	assert_int_equal(seg("%2", b, sizeof(b)), -1);
	assert_int_equal(seg("%", b, sizeof(b)), -1);
	assert_int_equal(seg("%C0%AF", b, sizeof(b)), -1);
	assert_int_equal(seg("%ED%A0%80", b, sizeof(b)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(form_plus_is_space_pct2b_is_plus),
		cmocka_unit_test(form_empty_values_kept),
		cmocka_unit_test(form_key_without_equals_has_empty_value),
		cmocka_unit_test(form_empty_fields_skipped),
		cmocka_unit_test(form_repeated_keys_in_order),
		cmocka_unit_test(form_surrounding_spaces_not_trimmed),
		cmocka_unit_test(form_utf8_kept),
		cmocka_unit_test(form_equals_in_value_kept),
		cmocka_unit_test(form_length_bounds_input),
		cmocka_unit_test(form_twilio_body),
		cmocka_unit_test(form_bad_escape_not_hex),
		cmocka_unit_test(form_bad_escape_short),
		cmocka_unit_test(form_bad_nul),
		cmocka_unit_test(form_bad_utf8),
		cmocka_unit_test(form_bad_too_many_fields),
		cmocka_unit_test(form_bad_error_keeps_earlier_pairs),
		cmocka_unit_test(form_strerror_names_errors),
		cmocka_unit_test(cookie_pairs_split_and_trimmed),
		cmocka_unit_test(cookie_values_not_decoded),
		cmocka_unit_test(cookie_without_equals_ignored),
		cmocka_unit_test(cookie_bad_too_many),
		cmocka_unit_test(segment_decoded),
		cmocka_unit_test(segment_bad_slash),
		cmocka_unit_test(segment_bad_dots),
		cmocka_unit_test(segment_bad_escapes),
	};
	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
