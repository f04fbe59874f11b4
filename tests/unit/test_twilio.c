/*
 * twilio: webhook signatures (Twilio's published examples), the form
 * encoder, message building, answer classification, media sniffing, and
 * sends and downloads against tests/fakes/fake_twilio.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "twilio.h"
#include "../fakes/fake_twilio.h"

#define TOKEN	"12345"
#define URL1	"https://mycompany.com/myapp.php?foo=1&bar=2"
#define URL1P	"https://mycompany.com:443/myapp.php?foo=1&bar=2"

static const struct twilio_param params1[] = {
	{ "CallSid", "CA1234567890ABCDE" },
	{ "Caller", "+14158675309" },
	{ "Digits", "1234" },
	{ "From", "+14158675309" },
	{ "To", "+18005551212" },
};
#define NPARAMS1 (sizeof(params1) / sizeof(params1[0]))

/* The same fields in another order, as a form may carry them. */
static const struct twilio_param params1_shuffled[] = {
	{ "To", "+18005551212" },
	{ "Digits", "1234" },
	{ "CallSid", "CA1234567890ABCDE" },
	{ "From", "+14158675309" },
	{ "Caller", "+14158675309" },
};

static void
sig_published_example(void **state)
{
	char	 sig[TWILIO_SIG_LEN + 1];

	(void)state;
	assert_int_equal(twilio_sig_compute(TOKEN, URL1, params1, NPARAMS1,
	    sig), TWILIO_OK);
	assert_string_equal(sig, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
	assert_int_equal(twilio_sig_compute(TOKEN, URL1P, params1, NPARAMS1,
	    sig), TWILIO_OK);
	assert_string_equal(sig, "kvajT1Ptam85bY51eRf/AJRuM3w=");
}

static void
sig_second_published_example(void **state)
{
	static const struct twilio_param	 p[] = {
		{ "CallSid", "CA1234567890ABCDE" },
		{ "Caller", "+14158675310" },
		{ "Digits", "1234" },
		{ "From", "+14158675310" },
		{ "To", "+18005551212" },
	};
	char					 sig[TWILIO_SIG_LEN + 1];

	(void)state;
	assert_int_equal(twilio_sig_compute(TOKEN,
	    "https://example.com/myapp.php?foo=1&bar=2", p, 5, sig),
	    TWILIO_OK);
	assert_string_equal(sig, "L/OH5YylLD5NRKLltdqwSvS0BnU=");
}

static void
sig_check_accepts_either_port_spelling(void **state)
{
	(void)state;
	/* Signed without the port, checked with and without it. */
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_OK);
	assert_int_equal(twilio_sig_check(TOKEN, URL1P, params1, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_OK);
	/* Signed with :443, checked with and without it. */
	assert_int_equal(twilio_sig_check(TOKEN, URL1P, params1, NPARAMS1,
	    "kvajT1Ptam85bY51eRf/AJRuM3w="), TWILIO_OK);
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1, NPARAMS1,
	    "kvajT1Ptam85bY51eRf/AJRuM3w="), TWILIO_OK);
}

static void
sig_order_of_fields_does_not_matter(void **state)
{
	(void)state;
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1_shuffled,
	    NPARAMS1, "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_OK);
}

static void
sig_canonical_sorts_names_then_values(void **state)
{
	static const struct twilio_param	 p[] = {
		{ "b", "2" }, { "a", "z" }, { "B", "1" }, { "a", "y" },
		{ "MediaUrl0", "u" },
	};
	struct buf				 b;

	(void)state;
	buf_init(&b, 1024);
	assert_int_equal(twilio_sig_canonical("https://x/y", p, 5, &b),
	    TWILIO_OK);
	/* Byte order: upper case before lower case, repeats by value. */
	assert_string_equal(buf_str(&b), "https://x/yB1MediaUrl0uayazb2");
	buf_free(&b);
}

static void
sig_bad_wrong_token(void **state)
{
	(void)state;
	assert_int_equal(twilio_sig_check("12346", URL1, params1, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_ERR_SIG_BAD);
}

static void
sig_bad_changed_param(void **state)
{
	struct twilio_param	 p[NPARAMS1];

	(void)state;
	memcpy(p, params1, sizeof(p));
	p[2].value = "1235";
	assert_int_equal(twilio_sig_check(TOKEN, URL1, p, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_ERR_SIG_BAD);
	/* A field dropped. */
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1, NPARAMS1 - 1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_ERR_SIG_BAD);
}

static void
sig_bad_changed_url(void **state)
{
	(void)state;
	assert_int_equal(twilio_sig_check(TOKEN,
	    "https://mycompany.com/myapp.php?foo=1&bar=3", params1, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_ERR_SIG_BAD);
	/* A port other than the default is part of what was signed. */
	assert_int_equal(twilio_sig_check(TOKEN,
	    "https://mycompany.com:8443/myapp.php?foo=1&bar=2", params1,
	    NPARAMS1, "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_ERR_SIG_BAD);
	/* http's default port is 80, not 443. */
	assert_int_equal(twilio_sig_check(TOKEN,
	    "http://mycompany.com:443/myapp.php?foo=1&bar=2", params1,
	    NPARAMS1, "kvajT1Ptam85bY51eRf/AJRuM3w="), TWILIO_ERR_SIG_BAD);
}

static void
sig_bad_missing(void **state)
{
	(void)state;
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1, NPARAMS1,
	    NULL), TWILIO_ERR_SIG_MISSING);
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1, NPARAMS1, ""),
	    TWILIO_ERR_SIG_MISSING);
}

static void
sig_bad_trailing_garbage(void **state)
{
	(void)state;
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8=x"), TWILIO_ERR_SIG_BAD);
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8= "), TWILIO_ERR_SIG_BAD);
	assert_int_equal(twilio_sig_check(TOKEN, URL1, params1, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8"), TWILIO_ERR_SIG_BAD);
}

static void
sig_bad_arguments(void **state)
{
	struct twilio_param	 p[1] = { { "a", NULL } };

	(void)state;
	assert_int_equal(twilio_sig_check("", URL1, params1, NPARAMS1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_ERR_ARG);
	assert_int_equal(twilio_sig_check(TOKEN, URL1, p, 1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8="), TWILIO_ERR_ARG);
}

static void
sig_url_variants(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 256);
	assert_int_equal(twilio_sig_url_variant("http://h.example/x", &b), 1);
	assert_string_equal(buf_str(&b), "http://h.example:80/x");
	buf_reset(&b);
	assert_int_equal(twilio_sig_url_variant("https://u:p@h:443?q=1", &b),
	    1);
	assert_string_equal(buf_str(&b), "https://u:p@h?q=1");
	buf_reset(&b);
	assert_int_equal(twilio_sig_url_variant("https://[::1]/w", &b), 1);
	assert_string_equal(buf_str(&b), "https://[::1]:443/w");
	buf_reset(&b);
	assert_int_equal(twilio_sig_url_variant("https://h:8443/w", &b), 0);
	assert_int_equal(twilio_sig_url_variant("ftp://h/w", &b), 0);
	assert_int_equal(twilio_sig_url_variant("https:///w", &b), 0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sig_published_example),
		cmocka_unit_test(sig_second_published_example),
		cmocka_unit_test(sig_check_accepts_either_port_spelling),
		cmocka_unit_test(sig_order_of_fields_does_not_matter),
		cmocka_unit_test(sig_canonical_sorts_names_then_values),
		cmocka_unit_test(sig_bad_wrong_token),
		cmocka_unit_test(sig_bad_changed_param),
		cmocka_unit_test(sig_bad_changed_url),
		cmocka_unit_test(sig_bad_missing),
		cmocka_unit_test(sig_bad_trailing_garbage),
		cmocka_unit_test(sig_bad_arguments),
		cmocka_unit_test(sig_url_variants),
	};
	return cmocka_run_group_tests_name("twilio", tests, NULL, NULL);
}
