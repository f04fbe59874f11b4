/*
 * twilio: webhook signatures (Twilio's published examples), the form
 * encoder, message building, answer classification, media sniffing, the
 * message list's pages, and sends, list searches and downloads against
 * tests/fakes/fake_twilio.py.
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
	/* Not a host and a numeric port: left alone. */
	assert_int_equal(twilio_sig_url_variant("http://u:1]:80/x", &b), 0);
	assert_int_equal(twilio_sig_url_variant("http://h:8o/x", &b), 0);
	assert_int_equal(twilio_sig_url_variant("http://::1/x", &b), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}


/* ---- form encoding and message building ---------------------------- */

static void
form_encodes_reserved_bytes(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 256);
	assert_int_equal(twilio_form_add(&b, "Body", "a b&c=d+\xc3\xa9/~*-._"),
	    0);
	assert_int_equal(twilio_form_add(&b, "X", ""), 0);
	assert_string_equal(buf_str(&b),
	    "Body=a+b%26c%3Dd%2B%C3%A9%2F%7E*-._&X=");
	buf_free(&b);
}

static void
form_bad_over_max(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(twilio_form_add(&b, "Body", "\xc3\xa9"), -1);
	buf_free(&b);
}

/* Build msg's form into a static string; returns NULL on error. */
static const char *
form_of(const struct twilio_msg *m, enum twilio_err *er)
{
	static char	 out[16384];	/* 1600 two-byte characters, %XX'd */
	struct buf	 b;

	buf_init(&b, sizeof(out) - 1);
	*er = twilio_msg_form(m, &b);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_free(&b);
	return *er == TWILIO_OK ? out : NULL;
}

static void
msg_form_text(void **state)
{
	struct twilio_msg	 m = {
		.from = "+14155238886", .to = "whatsapp:+33612345678",
		.body = "Bonjour \xc3\xa0 10:00",
	};
	enum twilio_err		 er;

	(void)state;
	assert_string_equal(form_of(&m, &er),
	    "To=whatsapp%3A%2B33612345678&From=whatsapp%3A%2B14155238886"
	    "&Body=Bonjour+%C3%A0+10%3A00");
}

static void
msg_form_template_and_callback(void **state)
{
	struct twilio_msg	 m = {
		.from = "+14155238886", .to = "+33612345678",
		.content_sid = "HX0123456789abcdef0123456789abcdef",
		.content_variables = "{\"1\":\"12/1\",\"2\":\"3pm\"}",
		.status_callback = "https://sophie.example/webhook/whatsapp/"
		    "7/status",
	};
	enum twilio_err		 er;

	(void)state;
	assert_string_equal(form_of(&m, &er),
	    "To=whatsapp%3A%2B33612345678&From=whatsapp%3A%2B14155238886"
	    "&ContentSid=HX0123456789abcdef0123456789abcdef"
	    "&ContentVariables=%7B%221%22%3A%2212%2F1%22%2C%222%22%3A%223pm"
	    "%22%7D&StatusCallback=https%3A%2F%2Fsophie.example%2Fwebhook"
	    "%2Fwhatsapp%2F7%2Fstatus");
}

static void
msg_form_counts_characters_not_bytes(void **state)
{
	char			 body[1601 * 2 + 1];
	struct twilio_msg	 m = {
		.from = "+14155238886", .to = "+33612345678", .body = body,
	};
	enum twilio_err		 er;
	size_t			 i;

	(void)state;
	for (i = 0; i < 1600; i++)
		memcpy(body + 2 * i, "\xc3\xa9", 2);
	body[2 * 1600] = '\0';
	assert_non_null(form_of(&m, &er));
	memcpy(body + 2 * 1600, "\xc3\xa9", 3);	/* 1601 characters */
	assert_null(form_of(&m, &er));
	assert_int_equal(er, TWILIO_ERR_ARG);
}

static void
msg_bad_fields(void **state)
{
	static const struct twilio_msg	 bad[] = {
		{ .from = "+14155238886", .to = "0612345678", .body = "x" },
		{ .from = "+14155238886", .to = "+33 612345678", .body = "x" },
		{ .from = "whatsapp:", .to = "+33612345678", .body = "x" },
		{ .from = "+1415", .to = "+33612345678", .body = "x" },
		{ .from = "+14155238886", .to = "+3361234567890123",
		    .body = "x" },
		{ .from = "+14155238886", .to = "+33612345678", .body = "" },
		{ .from = "+14155238886", .to = "+33612345678", .body = NULL },
		{ .from = "+14155238886", .to = "+33612345678",
		    .body = "bad \xc3 utf8" },
		{ .from = "+14155238886", .to = "+33612345678", .body = "x",
		    .content_sid = "HX0123456789abcdef0123456789abcdef" },
		{ .from = "+14155238886", .to = "+33612345678",
		    .content_sid = "HX0123" },
		{ .from = "+14155238886", .to = "+33612345678",
		    .content_sid = "HX0123456789abcdef0123456789abcdef",
		    .content_variables = "[1,2]" },
		{ .from = "+14155238886", .to = "+33612345678",
		    .content_sid = "HX0123456789abcdef0123456789abcdef",
		    .content_variables = "{\"1\": \"a\"} trailing" },
		{ .from = "+14155238886", .to = "+33612345678", .body = "x",
		    .status_callback = "javascript:alert(1)" },
		{ .from = "+14155238886", .to = "+33612345678", .body = "x",
		    .status_callback = "https://a/\r\nX: y" },
	};
	enum twilio_err			 er;
	size_t				 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(form_of(&bad[i], &er));
		assert_int_equal(er, TWILIO_ERR_ARG);
	}
}

static void
msg_url_from_base(void **state)
{
	struct twilio_account	 a = {
		.api_base = "http://127.0.0.1:9/", .account_sid = FAKE_SID,
		.auth_token = "t",
	};
	struct buf		 b;

	(void)state;
	buf_init(&b, 512);
	assert_int_equal(twilio_msg_url(&a, &b), TWILIO_OK);
	assert_string_equal(buf_str(&b), "http://127.0.0.1:9/2010-04-01/"
	    "Accounts/" FAKE_SID "/Messages.json");
	buf_reset(&b);
	a.api_base = NULL;
	assert_int_equal(twilio_msg_url(&a, &b), TWILIO_OK);
	assert_string_equal(buf_str(&b), "https://api.twilio.com/2010-04-01/"
	    "Accounts/" FAKE_SID "/Messages.json");
	buf_free(&b);
}

static void
msg_url_bad_account(void **state)
{
	struct twilio_account	 a = {
		.account_sid = "AC../../x", .auth_token = "t",
	};
	struct buf		 b;

	(void)state;
	buf_init(&b, 512);
	assert_int_equal(twilio_msg_url(&a, &b), TWILIO_ERR_ARG);
	a.account_sid = FAKE_SID;
	a.auth_token = "";
	assert_int_equal(twilio_msg_url(&a, &b), TWILIO_ERR_ARG);
	a.auth_token = "t";
	a.api_base = "ftp://x";
	assert_int_equal(twilio_msg_url(&a, &b), TWILIO_ERR_ARG);
	buf_free(&b);
}

/* ---- classification of answers --------------------------------------- */

static void
classify(enum httpc_err net, long status, const char *body, const char *ra,
    struct twilio_send_result *r)
{
	twilio_send_classify(net, status, body, body ? strlen(body) : 0, ra,
	    1700000000, r);
}

static void
classify_created_is_sent(void **state)
{
	struct twilio_send_result	 r;

	(void)state;
	classify(HTTPC_OK, 201,
	    "{\"sid\": \"SM0123456789abcdef0123456789abcdef\","
	    " \"status\": \"queued\", \"error_code\": null}", NULL, &r);
	assert_int_equal(r.outcome, TWILIO_SENT);
	assert_string_equal(r.sid, "SM0123456789abcdef0123456789abcdef");
	assert_string_equal(r.status, "queued");
	assert_int_equal(r.code, 0);
}

static void
classify_garbled_2xx_is_still_sent(void **state)
{
	struct twilio_send_result	 r;

	(void)state;
	classify(HTTPC_OK, 201, "<html>", NULL, &r);
	assert_int_equal(r.outcome, TWILIO_SENT);
	assert_string_equal(r.sid, "");
	/* The body broke off after "201 Created": sent all the same. */
	classify(HTTPC_ERR_TOOBIG, 201, "{\"sid\": \"SM", NULL, &r);
	assert_int_equal(r.outcome, TWILIO_SENT);
	classify(HTTPC_ERR_TIMEOUT, 201, NULL, NULL, &r);
	assert_int_equal(r.outcome, TWILIO_SENT);
}

static void
classify_bad_outside_window(void **state)
{
	struct twilio_send_result	 r;

	(void)state;
	classify(HTTPC_OK, 400, "{\"code\": 63016, \"message\": \"Failed to "
	    "send freeform message\", \"more_info\": \"https://www.twilio.com/"
	    "docs/errors/63016\", \"status\": 400}", NULL, &r);
	assert_int_equal(r.outcome, TWILIO_FAILED);
	assert_int_equal(r.code, 63016);
	assert_int_equal(r.outside_window, 1);
	assert_string_equal(r.message, "Failed to send freeform message");
	assert_string_equal(r.more_info,
	    "https://www.twilio.com/docs/errors/63016");
}

static void
classify_bad_other_4xx(void **state)
{
	struct twilio_send_result	 r;

	(void)state;
	classify(HTTPC_OK, 401, "{\"code\": 20003, \"message\": "
	    "\"Authenticate\\n\", \"status\": 401}", NULL, &r);
	assert_int_equal(r.outcome, TWILIO_FAILED);
	assert_int_equal(r.code, 20003);
	assert_int_equal(r.outside_window, 0);
	/* Control characters from Twilio never reach our logs. */
	assert_string_equal(r.message, "Authenticate ");
}

static void
classify_429_retries_after(void **state)
{
	struct twilio_send_result	 r;

	(void)state;
	classify(HTTPC_OK, 429, "{\"code\": 20429}", "7", &r);
	assert_int_equal(r.outcome, TWILIO_RETRY);
	assert_int_equal(r.retry_after_s, 7);
	assert_int_equal(r.code, 20429);
}

static void
classify_5xx_and_network_retry(void **state)
{
	struct twilio_send_result	 r;

	(void)state;
	classify(HTTPC_OK, 503, "not json", "Tue, 14 Nov 2023 22:14:20 GMT",
	    &r);
	assert_int_equal(r.outcome, TWILIO_RETRY);
	assert_int_equal(r.retry_after_s, 1700000060L - 1700000000L);
	assert_string_equal(r.message, "HTTP status 503");
	classify(HTTPC_ERR_TIMEOUT, 0, NULL, NULL, &r);
	assert_int_equal(r.outcome, TWILIO_RETRY);
	assert_int_equal(r.net, HTTPC_ERR_TIMEOUT);
	classify(HTTPC_ERR_SCHEME, 0, NULL, NULL, &r);
	assert_int_equal(r.outcome, TWILIO_FAILED);
}

static void
retry_after_forms(void **state)
{
	(void)state;
	assert_int_equal(twilio_retry_after("120", 0), 120);
	assert_int_equal(twilio_retry_after("99999999", 0), 86400);
	assert_int_equal(twilio_retry_after("Tue, 14 Nov 2023 22:13:10 GMT",
	    1700000000), 0);
	assert_int_equal(twilio_retry_after(NULL, 0), -1);
	assert_int_equal(twilio_retry_after("", 0), -1);
	assert_int_equal(twilio_retry_after("12x", 0), -1);
	assert_int_equal(twilio_retry_after("soon", 0), -1);
}

/* ---- media sniffing -------------------------------------------------- */

static void
sniff_accepted_types(void **state)
{
	const char	*ext;

	(void)state;
	assert_string_equal(twilio_media_sniff("\xff\xd8\xff\xe0..", 6, &ext),
	    "image/jpeg");
	assert_string_equal(ext, "jpg");
	assert_string_equal(twilio_media_sniff("\x89PNG\r\n\x1a\n..", 10,
	    &ext), "image/png");
	assert_string_equal(ext, "png");
	assert_string_equal(twilio_media_sniff("GIF89a..", 8, &ext),
	    "image/gif");
	assert_string_equal(twilio_media_sniff("RIFF\x10\0\0\0WEBPVP8 ", 16,
	    &ext), "image/webp");
	assert_string_equal(ext, "webp");
	assert_string_equal(twilio_media_sniff("%PDF-1.7\n", 9, &ext),
	    "application/pdf");
	assert_string_equal(ext, "pdf");
}

static void
sniff_bad_types(void **state)
{
	const char	*ext = "x";

	(void)state;
	assert_null(twilio_media_sniff("<html><body>", 12, &ext));
	assert_null(ext);
	assert_null(twilio_media_sniff("RIFF\x10\0\0\0WAVEfmt ", 16, &ext));
	assert_null(twilio_media_sniff("XXXX\x10\0\0\0WEBPVP8 ", 16, &ext));
	assert_null(twilio_media_sniff("\xff\xd8", 2, &ext));
	assert_null(twilio_media_sniff("", 0, &ext));
}

/* ---- against the fake Twilio ----------------------------------------- */

static struct fake_twilio	 fake;

static int
fake_setup(void **state)
{
	(void)state;
	if (httpc_init(0) == -1)
		return -1;
	return fake_twilio_start(&fake);
}

static int
fake_teardown(void **state)
{
	(void)state;
	fake_twilio_stop(&fake);
	httpc_cleanup();
	return 0;
}

/* A control request to the fake; returns the answer body (static). */
static const char *
ctl(const char *method, const char *path, const char *ctype,
    const char *body, size_t len)
{
	static char		 out[8192];
	char			 u[256];
	struct httpc_req	 rq = {
		.method = method, .url = u, .body = body, .bodylen = len,
		.content_type = ctype, .max_response = 20 * 1024 * 1024,
	};
	struct httpc_resp	 r;

	snprintf(u, sizeof(u), "%s%s", fake.base, path);
	assert_int_equal(httpc_do(&rq, &r), HTTPC_OK);
	assert_int_equal(r.status, 200);
	snprintf(out, sizeof(out), "%s", buf_str(&r.body));
	httpc_resp_free(&r);
	return out;
}

static void
fail_next(const char *spec)
{
	ctl("POST", "/_fail", "application/json", spec, strlen(spec));
}

static int
reset_fake(void **state)
{
	(void)state;
	ctl("POST", "/_reset", NULL, "", 0);
	return 0;
}

static void
account(struct twilio_account *a)
{
	memset(a, 0, sizeof(*a));
	a->api_base = fake.base;
	a->account_sid = FAKE_SID;
	a->auth_token = FAKE_TOKEN;
}

static const struct twilio_msg	 hello = {
	.from = "+14155238886", .to = "+33612345678",
	.body = "RDV a 10:00 & 10h30? 50% + 1",
};

static void
send_text_is_sent_and_recorded(void **state)
{
	struct twilio_account		 a;
	struct twilio_send_result	 r;
	const char			*msgs;

	(void)state;
	account(&a);
	assert_int_equal(twilio_send(&a, &hello, &r), TWILIO_OK);
	assert_int_equal(r.outcome, TWILIO_SENT);
	assert_int_equal(r.http_status, 201);
	assert_int_equal(strlen(r.sid), 34);
	assert_memory_equal(r.sid, "SM", 2);
	assert_string_equal(r.status, "queued");
	msgs = ctl("GET", "/_messages", NULL, NULL, 0);
	assert_non_null(strstr(msgs, "\"Body\": \"RDV a 10:00 & 10h30? 50% "
	    "+ 1\""));
	assert_non_null(strstr(msgs, "\"To\": \"whatsapp:+33612345678\""));
	assert_non_null(strstr(msgs, "\"From\": \"whatsapp:+14155238886\""));
	assert_non_null(strstr(msgs, r.sid));
}

static void
send_bad_credentials_fail(void **state)
{
	struct twilio_account		 a;
	struct twilio_send_result	 r;

	(void)state;
	account(&a);
	a.auth_token = "wrong";
	assert_int_equal(twilio_send(&a, &hello, &r), TWILIO_OK);
	assert_int_equal(r.outcome, TWILIO_FAILED);
	assert_int_equal(r.http_status, 401);
	assert_int_equal(r.code, 20003);
	assert_string_equal(ctl("GET", "/_messages", NULL, NULL, 0), "[]");
}

static void
send_bad_message_is_not_sent(void **state)
{
	struct twilio_account		 a;
	struct twilio_send_result	 r;
	struct twilio_msg		 m = hello;

	(void)state;
	account(&a);
	m.to = "0612345678";
	assert_int_equal(twilio_send(&a, &m, &r), TWILIO_ERR_ARG);
	assert_int_equal(r.outcome, TWILIO_FAILED);
	assert_string_equal(ctl("GET", "/_messages", NULL, NULL, 0), "[]");
}

static void
send_500_then_ok(void **state)
{
	struct twilio_account		 a;
	struct twilio_send_result	 r;

	(void)state;
	account(&a);
	fail_next("{\"status\": 500, \"count\": 1}");
	assert_int_equal(twilio_send(&a, &hello, &r), TWILIO_OK);
	assert_int_equal(r.outcome, TWILIO_RETRY);
	assert_int_equal(r.http_status, 500);
	assert_int_equal(twilio_send(&a, &hello, &r), TWILIO_OK);
	assert_int_equal(r.outcome, TWILIO_SENT);
}

static void
send_429_honours_retry_after(void **state)
{
	struct twilio_account		 a;
	struct twilio_send_result	 r;

	(void)state;
	account(&a);
	fail_next("{\"status\": 429, \"count\": 1, \"retry_after\": 3}");
	assert_int_equal(twilio_send(&a, &hello, &r), TWILIO_OK);
	assert_int_equal(r.outcome, TWILIO_RETRY);
	assert_int_equal(r.retry_after_s, 3);
}

static void
send_outside_window_fails(void **state)
{
	struct twilio_account		 a;
	struct twilio_send_result	 r;

	(void)state;
	account(&a);
	fail_next("{\"status\": 400, \"count\": 1, \"code\": 63016}");
	assert_int_equal(twilio_send(&a, &hello, &r), TWILIO_OK);
	assert_int_equal(r.outcome, TWILIO_FAILED);
	assert_int_equal(r.outside_window, 1);
	assert_non_null(strstr(r.message, "outside the allowed window"));
}

static void
send_hang_is_timeout_retry(void **state)
{
	struct twilio_account		 a;
	struct twilio_send_result	 r;

	(void)state;
	account(&a);
	a.timeout_ms = 300;
	fail_next("{\"status\": 500, \"count\": 1, \"delay_ms\": 2000}");
	assert_int_equal(twilio_send(&a, &hello, &r), TWILIO_OK);
	assert_int_equal(r.outcome, TWILIO_RETRY);
	assert_int_equal(r.net, HTTPC_ERR_TIMEOUT);
	assert_int_equal(r.http_status, 0);
}

/* Register media bytes under name on the fake. */
static void
put_media(const char *name, const char *ctype, const void *d, size_t n)
{
	char	 path[128];

	snprintf(path, sizeof(path), "/_media/%s", name);
	ctl("POST", path, ctype, d, n);
}

static enum twilio_err
get_media(const char *name, size_t max, struct twilio_media *m)
{
	struct twilio_account	 a;
	char			 u[256];

	account(&a);
	snprintf(u, sizeof(u), "%s/media/%s", fake.base, name);
	return twilio_media_get(&a, u, max, m);
}

static void
media_follows_redirect_without_credentials(void **state)
{
	static const char	 png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	struct twilio_media	 m;
	const char		*seen;

	(void)state;
	put_media("ME1", "image/png", png, sizeof(png) - 1);
	assert_int_equal(get_media("ME1", 0, &m), TWILIO_OK);
	assert_string_equal(m.mime, "image/png");
	assert_string_equal(m.ext, "png");
	assert_int_equal(m.data.len, sizeof(png) - 1);
	assert_memory_equal(m.data.p, png, sizeof(png) - 1);
	twilio_media_free(&m);
	seen = ctl("GET", "/_cdn_auth_seen", NULL, NULL, 0);
	assert_non_null(strstr(seen, "\"requests\": 1"));
	assert_non_null(strstr(seen, "\"seen\": false"));
}

static void
media_bad_html_named_jpg(void **state)
{
	static const char	 html[] = "<!DOCTYPE html><html>hi</html>";
	struct twilio_media	 m;

	(void)state;
	put_media("photo.jpg", "image/jpeg", html, sizeof(html) - 1);
	assert_int_equal(get_media("photo.jpg", 0, &m), TWILIO_ERR_MEDIA_TYPE);
	assert_null(m.mime);
	assert_int_equal(m.data.len, 0);
	twilio_media_free(&m);
}

static void
media_bad_over_default_cap(void **state)
{
	struct twilio_media	 m;
	size_t			 n = TWILIO_MEDIA_MAX + 1;
	char			*big;

	(void)state;
	big = calloc(1, n);
	assert_non_null(big);
	memcpy(big, "\xff\xd8\xff\xe0", 4);
	put_media("big.jpg", "image/jpeg", big, n);
	free(big);
	assert_int_equal(get_media("big.jpg", 0, &m), TWILIO_ERR_TOOBIG);
	twilio_media_free(&m);
	/* A smaller cap given by the caller applies too. */
	put_media("small.jpg", "image/jpeg", "\xff\xd8\xff\xe0 0123456789",
	    15);
	assert_int_equal(get_media("small.jpg", 10, &m), TWILIO_ERR_TOOBIG);
	twilio_media_free(&m);
	assert_int_equal(get_media("small.jpg", 15, &m), TWILIO_OK);
	twilio_media_free(&m);
}

static void
media_bad_url_or_status(void **state)
{
	struct twilio_account	 a;
	struct twilio_media	 m;
	char			 u[256];

	(void)state;
	account(&a);
	/* Not under the API base: no request, no credentials sent. */
	snprintf(u, sizeof(u), "%s/media/x", fake.cdn_base);
	assert_int_equal(twilio_media_get(&a, u, 0, &m), TWILIO_ERR_ARG);
	twilio_media_free(&m);
	snprintf(u, sizeof(u), "%s.evil.example/media/x", fake.base);
	assert_int_equal(twilio_media_get(&a, u, 0, &m), TWILIO_ERR_ARG);
	twilio_media_free(&m);
	assert_non_null(strstr(ctl("GET", "/_cdn_auth_seen", NULL, NULL, 0),
	    "\"requests\": 0"));
	/* Unknown media, wrong token. */
	assert_int_equal(get_media("nothing", 0, &m), TWILIO_ERR_HTTP);
	assert_int_equal(m.http_status, 404);
	twilio_media_free(&m);
	put_media("ME2", "image/gif", "GIF89a", 6);
	a.auth_token = "wrong";
	snprintf(u, sizeof(u), "%s/media/ME2", fake.base);
	assert_int_equal(twilio_media_get(&a, u, 0, &m), TWILIO_ERR_HTTP);
	assert_int_equal(m.http_status, 401);
	twilio_media_free(&m);
}

/* A page of the Messages list as Twilio writes it, around items. */
#define LIST_PAGE(items, next)						\
	"{\"messages\": [" items "], \"end\": 0, \"page\": 0, "	\
	"\"page_size\": 50, \"start\": 0, "				\
	"\"next_page_uri\": " next ", "					\
	"\"uri\": \"/2010-04-01/Accounts/" FAKE_SID "/Messages.json\"}"
#define LIST_ITEM(sid, to, body, date)					\
	"{\"sid\": \"" sid "\", \"to\": \"" to "\", "			\
	"\"from\": \"whatsapp:+14155238886\", \"body\": \"" body "\", "	\
	"\"status\": \"delivered\", \"error_code\": null, "		\
	"\"date_created\": \"" date "\", \"uri\": \"/x\"}"
#define SM_A	"SM00000000000000000000000000000001"
#define SM_B	"SM00000000000000000000000000000002"
#define SM_C	"SM00000000000000000000000000000003"
#define T_BEFORE "Thu, 24 Aug 2023 05:01:44 +0000"	/* since - 1 */
#define T_SINCE	"Thu, 24 Aug 2023 05:01:45 +0000"
#define T_AFTER	"Thu, 24 Aug 2023 05:03:00 +0000"
#define SINCE	((time_t)1692853305)

static void
list_account(struct twilio_account *a)
{
	memset(a, 0, sizeof(*a));
	a->api_base = "https://api.example";
	a->account_sid = FAKE_SID;
	a->auth_token = FAKE_TOKEN;
}

static const struct twilio_find	 find_hi = {
	.to = "+33612345678", .from = "whatsapp:+14155238886",
	.body = "hi", .since = SINCE,
};

static void
list_url_has_the_filters(void **state)
{
	struct twilio_account	 a;
	struct twilio_find	 f = find_hi;
	struct buf		 u;

	(void)state;
	list_account(&a);
	buf_init(&u, 4096);
	assert_int_equal(twilio_list_url(&a, &f, &u), TWILIO_OK);
	assert_string_equal(buf_str(&u), "https://api.example/2010-04-01/"
	    "Accounts/" FAKE_SID "/Messages.json?To=whatsapp%3A%2B33612345678"
	    "&From=whatsapp%3A%2B14155238886&DateSent%3E=2023-08-24"
	    "&PageSize=50");
	buf_free(&u);
}

static void
list_url_bad_arguments(void **state)
{
	struct twilio_account	 a;
	struct twilio_find	 f = find_hi;
	struct buf		 u;

	(void)state;
	list_account(&a);
	buf_init(&u, 4096);
	f.to = "0612345678";
	assert_int_equal(twilio_list_url(&a, &f, &u), TWILIO_ERR_ARG);
	f = find_hi;
	f.page_size = 1001;
	assert_int_equal(twilio_list_url(&a, &f, &u), TWILIO_ERR_ARG);
	f = find_hi;
	a.account_sid = "AC123";
	assert_int_equal(twilio_list_url(&a, &f, &u), TWILIO_ERR_ARG);
	buf_free(&u);
}

/* Read one page into r; returns the twilio_err. */
static enum twilio_err
page(const char *json, const struct twilio_find *f,
    struct twilio_find_result *r, char *next, size_t nextsz, int *older)
{
	struct twilio_account	 a;

	list_account(&a);
	return twilio_list_page(&a, f, json, strlen(json), r, next, nextsz,
	    older);
}

static void
list_page_keeps_only_the_same_message(void **state)
{
	static const char json[] = LIST_PAGE(
	    LIST_ITEM(SM_A, "whatsapp:+33612345678", "hi", T_AFTER) ", "
	    LIST_ITEM(SM_B, "whatsapp:+33612345678", "hello", T_AFTER) ", "
	    LIST_ITEM(SM_C, "whatsapp:+33699999999", "hi", T_AFTER) ", "
	    LIST_ITEM("SMnothex", "whatsapp:+33612345678", "hi", T_AFTER) ", "
	    LIST_ITEM(SM_C, "whatsapp:+33612345678", "hi", T_BEFORE),
	    "\"/2010-04-01/Accounts/" FAKE_SID "/Messages.json?Page=1\"");
	struct twilio_find_result	 r;
	char				 next[256];
	int				 older;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(page(json, &find_hi, &r, next, sizeof(next),
	    &older), TWILIO_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.found[0].sid, SM_A);
	assert_string_equal(r.found[0].status, "delivered");
	assert_int_equal(r.found[0].created, SINCE + 75);
	assert_string_equal(next, "/2010-04-01/Accounts/" FAKE_SID
	    "/Messages.json?Page=1");
	assert_int_equal(older, 0);
}

static void
list_page_template_matches_any_body_since(void **state)
{
	static const char json[] = LIST_PAGE(
	    LIST_ITEM(SM_B, "whatsapp:+33612345678", "Rappel", T_AFTER) ", "
	    LIST_ITEM(SM_A, "whatsapp:+33612345678", "Rappel", T_SINCE),
	    "null");
	struct twilio_find		 f = find_hi;
	struct twilio_find_result	 r;
	char				 next[256];
	int				 older;

	(void)state;
	f.body = NULL;
	memset(&r, 0, sizeof(r));
	assert_int_equal(page(json, &f, &r, next, sizeof(next), &older),
	    TWILIO_OK);
	assert_int_equal(r.n, 2);		/* oldest first */
	assert_string_equal(r.found[0].sid, SM_A);
	assert_string_equal(r.found[1].sid, SM_B);
	assert_string_equal(next, "");
}

static void
list_page_all_older_says_so(void **state)
{
	static const char json[] = LIST_PAGE(
	    LIST_ITEM(SM_A, "whatsapp:+33612345678", "hi", T_BEFORE),
	    "\"/2010-04-01/Accounts/" FAKE_SID "/Messages.json?Page=1\"");
	struct twilio_find_result	 r;
	char				 next[256];
	int				 older;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(page(json, &find_hi, &r, next, sizeof(next),
	    &older), TWILIO_OK);
	assert_int_equal(r.n, 0);
	assert_int_equal(older, 1);
}

static void
list_page_bad_answers(void **state)
{
	static const char *const bad[] = {
	    "",
	    "not json",
	    "[]",
	    "{\"messages\": {}}",
	    "{\"next_page_uri\": null}",
	    /* A next page elsewhere: another account, another host. */
	    LIST_PAGE("", "\"/2010-04-01/Accounts/AC0000000000000000000000"
		"0000000000/Messages.json?Page=1\""),
	    LIST_PAGE("", "\"https://evil.example/2010-04-01/Accounts/"
		FAKE_SID "/Messages.json?Page=1\""),
	    LIST_PAGE("", "\"/2010-04-01/Accounts/" FAKE_SID
		"/Messages.json?Page=1\\r\\nX: y\""),
	    LIST_PAGE("", "42"),
	};
	struct twilio_find_result	 r;
	char				 next[256];
	size_t				 i;
	int				 older;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&r, 0, sizeof(r));
		assert_int_equal(page(bad[i], &find_hi, &r, next,
		    sizeof(next), &older), TWILIO_ERR_HTTP);
		assert_int_equal(r.n, 0);
	}
}

static void
list_page_keeps_the_oldest_matches(void **state)
{
	struct twilio_find_result	 r;
	struct buf			 j;
	char				 next[256], sid[40];
	size_t				 i;
	int				 older;

	(void)state;
	buf_init(&j, 64 * 1024);
	buf_adds(&j, "{\"next_page_uri\": null, \"messages\": [");
	for (i = 0; i < TWILIO_FIND_MAX + 4; i++) {	/* newest first */
		snprintf(sid, sizeof(sid), "SM%032zu", i);
		buf_printf(&j, "%s{\"sid\": \"%s\", \"to\": "
		    "\"whatsapp:+33612345678\", \"from\": "
		    "\"whatsapp:+14155238886\", \"body\": \"hi\", "
		    "\"date_created\": \"Thu, 24 Aug 2023 06:%02zu:00 +0000\"}",
		    i > 0 ? ", " : "", sid, 59 - i);
	}
	buf_adds(&j, "]}");
	memset(&r, 0, sizeof(r));
	assert_int_equal(page(buf_str(&j), &find_hi, &r, next, sizeof(next),
	    &older), TWILIO_OK);
	assert_int_equal(r.n, TWILIO_FIND_MAX);
	snprintf(sid, sizeof(sid), "SM%032zu", (size_t)TWILIO_FIND_MAX + 3);
	assert_string_equal(r.found[0].sid, sid);
	for (i = 1; i < r.n; i++)
		assert_true(r.found[i - 1].created < r.found[i].created);
	buf_free(&j);
}

/* Send text to number through the fake (it must be accepted). */
static void
send_to(const char *to, const char *body, char sid[40])
{
	struct twilio_account		 a;
	struct twilio_send_result	 r;
	struct twilio_msg		 m = hello;

	account(&a);
	m.to = to;
	m.body = body;
	assert_int_equal(twilio_send(&a, &m, &r), TWILIO_OK);
	assert_int_equal(r.outcome, TWILIO_SENT);
	if (sid != NULL)
		memcpy(sid, r.sid, 40);
}

static void
find_sent_reads_pages_until_it_finds(void **state)
{
	struct twilio_account		 a;
	struct twilio_find		 f;
	struct twilio_find_result	 r;
	char				 sid[40], body[32];
	int				 i;

	(void)state;
	account(&a);
	send_to("+33612345678", "the one", sid);
	for (i = 0; i < 5; i++) {
		snprintf(body, sizeof(body), "later %d", i);
		send_to("+33612345678", body, NULL);
	}
	send_to("+33698765432", "the one", NULL);	/* someone else */
	memset(&f, 0, sizeof(f));
	f.to = "+33612345678";
	f.from = hello.from;
	f.body = "the one";
	f.since = time(NULL) - 60;
	f.page_size = 2;
	assert_int_equal(twilio_find_sent(&a, &f, &r), TWILIO_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.found[0].sid, sid);
	assert_string_equal(r.found[0].status, "sent");
	assert_int_equal(r.pages, 3);
	assert_int_equal(r.complete, 1);
	/* Fewer pages than it takes: nothing found, and it says so. */
	f.max_pages = 2;
	assert_int_equal(twilio_find_sent(&a, &f, &r), TWILIO_OK);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.complete, 0);
	/* A text never sent: the whole window read, nothing found. */
	f.max_pages = 0;
	f.body = "never sent";
	assert_int_equal(twilio_find_sent(&a, &f, &r), TWILIO_OK);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.complete, 1);
}

static void
find_sent_bad_list_is_an_error(void **state)
{
	struct twilio_account		 a;
	struct twilio_find		 f;
	struct twilio_find_result	 r;

	(void)state;
	account(&a);
	send_to("+33612345678", "the one", NULL);
	memset(&f, 0, sizeof(f));
	f.to = "+33612345678";
	f.from = hello.from;
	f.body = "the one";
	f.since = time(NULL) - 60;
	fail_next("{\"status\": 500, \"count\": 1, \"route\": \"list\"}");
	assert_int_equal(twilio_find_sent(&a, &f, &r), TWILIO_ERR_HTTP);
	assert_int_equal(r.http_status, 500);
	assert_int_equal(r.n, 0);
	a.auth_token = "wrong";
	assert_int_equal(twilio_find_sent(&a, &f, &r), TWILIO_ERR_HTTP);
	assert_int_equal(r.http_status, 401);
	account(&a);
	a.api_base = "http://127.0.0.1:1";
	assert_int_equal(twilio_find_sent(&a, &f, &r), TWILIO_ERR_NET);
	assert_int_equal(r.n, 0);
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
		cmocka_unit_test(form_encodes_reserved_bytes),
		cmocka_unit_test(form_bad_over_max),
		cmocka_unit_test(msg_form_text),
		cmocka_unit_test(msg_form_template_and_callback),
		cmocka_unit_test(msg_form_counts_characters_not_bytes),
		cmocka_unit_test(msg_bad_fields),
		cmocka_unit_test(msg_url_from_base),
		cmocka_unit_test(msg_url_bad_account),
		cmocka_unit_test(classify_created_is_sent),
		cmocka_unit_test(classify_garbled_2xx_is_still_sent),
		cmocka_unit_test(classify_bad_outside_window),
		cmocka_unit_test(classify_bad_other_4xx),
		cmocka_unit_test(classify_429_retries_after),
		cmocka_unit_test(classify_5xx_and_network_retry),
		cmocka_unit_test(retry_after_forms),
		cmocka_unit_test(sniff_accepted_types),
		cmocka_unit_test(sniff_bad_types),
		cmocka_unit_test(list_url_has_the_filters),
		cmocka_unit_test(list_url_bad_arguments),
		cmocka_unit_test(list_page_keeps_only_the_same_message),
		cmocka_unit_test(list_page_template_matches_any_body_since),
		cmocka_unit_test(list_page_all_older_says_so),
		cmocka_unit_test(list_page_bad_answers),
		cmocka_unit_test(list_page_keeps_the_oldest_matches),
	};
	const struct CMUnitTest live[] = {
		cmocka_unit_test_setup(send_text_is_sent_and_recorded,
		    reset_fake),
		cmocka_unit_test_setup(send_bad_credentials_fail, reset_fake),
		cmocka_unit_test_setup(send_bad_message_is_not_sent,
		    reset_fake),
		cmocka_unit_test_setup(send_500_then_ok, reset_fake),
		cmocka_unit_test_setup(send_429_honours_retry_after,
		    reset_fake),
		cmocka_unit_test_setup(send_outside_window_fails, reset_fake),
		cmocka_unit_test_setup(send_hang_is_timeout_retry, reset_fake),
		cmocka_unit_test_setup(
		    media_follows_redirect_without_credentials, reset_fake),
		cmocka_unit_test_setup(media_bad_html_named_jpg, reset_fake),
		cmocka_unit_test_setup(media_bad_over_default_cap, reset_fake),
		cmocka_unit_test_setup(media_bad_url_or_status, reset_fake),
		cmocka_unit_test_setup(find_sent_reads_pages_until_it_finds,
		    reset_fake),
		cmocka_unit_test_setup(find_sent_bad_list_is_an_error,
		    reset_fake),
	};
	int	 fails;

	fails = cmocka_run_group_tests_name("twilio", tests, NULL, NULL);
	fails += cmocka_run_group_tests_name("twilio_live", live, fake_setup,
	    fake_teardown);
	return fails;
}
