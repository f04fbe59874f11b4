/*
 * Requests and responses: req.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http.h"

#define MAX_ENV	8

/* Sink that appends the response to a struct buf. */
static int
sink_buf(void *arg, const char *s, size_t n)
{
	return buf_add(arg, s, n);
}

struct fx {
	struct buf	 out;
	struct req	*r;
	enum http_err	 err;
};

/*
 * Build a request from "NAME=value" strings (NULL-ended, at most MAX_ENV)
 * and a body with a cap of max_body; the response goes to f->out.
 */
static struct req *
mkreq(struct fx *f, const char *const *env, const char *body,
    size_t max_body)
{
	char		*envp[MAX_ENV + 1];
	struct resp_sink sink;
	size_t		 i;

	for (i = 0; i < MAX_ENV && env[i] != NULL; i++)
		envp[i] = (char *)env[i];
	envp[i] = NULL;
	buf_init(&f->out, 1 << 16);
	sink.write = sink_buf;
	sink.arg = &f->out;
	f->r = req_new(envp, body, body != NULL ? strlen(body) : 0,
	    max_body, sink, &f->err);
	assert_non_null(f->r);
	return f->r;
}

static void
fx_free(struct fx *f)
{
	req_free(f->r);
	buf_free(&f->out);
}

/* The response's head (before the blank line) contains line? */
static int
head_has(const struct fx *f, const char *line)
{
	const char	*s = buf_str(&f->out), *end, *p;
	size_t		 n = strlen(line);

	if ((end = strstr(s, "\r\n\r\n")) == NULL)
		return 0;
	for (p = s; p < end; p += strcspn(p, "\n") + 1)
		if (strncmp(p, line, n) == 0 && p[n] == '\r')
			return 1;
	return 0;
}

/* The response body (after the blank line). */
static const char *
body_of(const struct fx *f)
{
	const char	*end = strstr(buf_str(&f->out), "\r\n\r\n");

	assert_non_null(end);
	return end + 4;
}

static const char *const get_env[] = {
	"REQUEST_METHOD=GET", "REQUEST_URI=/x", NULL
};

/* Every response carries the security headers. */
static void
assert_security_headers(const struct fx *f)
{
	assert_true(head_has(f, "X-Content-Type-Options: nosniff"));
	assert_true(head_has(f, "X-Frame-Options: DENY"));
	assert_true(strstr(buf_str(&f->out), "\r\nContent-Security-Policy: "
	    "default-src 'self'") != NULL);
}

static void
resp_status_line_and_type(void **state)
{
	struct fx	 f;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	resp_text(f.r, 201, "made");
	assert_true(strncmp(buf_str(&f.out), "Status: 201 Created\r\n",
	    21) == 0);
	assert_true(head_has(&f, "Content-Type: text/plain; charset=utf-8"));
	assert_string_equal(body_of(&f), "made");
	assert_true(resp_started(f.r));
	assert_int_equal(resp_status_code(f.r), 201);
	fx_free(&f);
}

static void
resp_security_headers_on_every_kind(void **state)
{
	struct fx	 f;
	json_object	*o;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	resp_html(f.r, 200, "<p>hi</p>", 9);
	assert_security_headers(&f);
	assert_true(head_has(&f, "Content-Type: text/html; charset=utf-8"));
	fx_free(&f);

	mkreq(&f, get_env, NULL, 1024);
	resp_empty(f.r, 204);
	assert_security_headers(&f);
	assert_true(head_has(&f, "Status: 204 No Content"));
	assert_null(strstr(buf_str(&f.out), "\r\nContent-Type:"));
	fx_free(&f);

	mkreq(&f, get_env, NULL, 1024);
	o = json_object_new_object();
	json_object_object_add(o, "ok", json_object_new_boolean(1));
	resp_json(f.r, 200, o);
	json_object_put(o);
	assert_security_headers(&f);
	assert_string_equal(body_of(&f), "{\"ok\":true}");
	fx_free(&f);

	mkreq(&f, get_env, NULL, 1024);
	resp_error(f.r, 500, "boom");
	assert_security_headers(&f);
	fx_free(&f);
}

static void
resp_written_once(void **state)
{
	struct fx	 f;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	resp_text(f.r, 200, "first");
	resp_text(f.r, 500, "second");
	resp_error(f.r, 404, "third");
	assert_string_equal(body_of(&f), "first");
	assert_int_equal(resp_status_code(f.r), 200);
	assert_null(strstr(buf_str(&f.out), "Status: 500"));
	fx_free(&f);
}

static void
resp_header_added(void **state)
{
	struct fx	 f;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	assert_int_equal(resp_header(f.r, "Location", "/clinic/a?b=c"), 0);
	assert_int_equal(resp_header(f.r, "Set-Cookie",
	    "sid=x; HttpOnly; Secure; SameSite=Lax"), 0);
	resp_nostore(f.r);
	resp_empty(f.r, 303);
	assert_true(head_has(&f, "Status: 303 See Other"));
	assert_true(head_has(&f, "Location: /clinic/a?b=c"));
	assert_true(head_has(&f, "Set-Cookie: sid=x; HttpOnly; Secure; "
	    "SameSite=Lax"));
	assert_true(head_has(&f, "Cache-Control: no-store"));
	fx_free(&f);
}

/* How many times a header line appears in the head. */
static int
head_count(const struct fx *f, const char *name)
{
	const char	*p = buf_str(&f->out);
	int		 n = 0;

	while ((p = strstr(p, name)) != NULL) {
		n++;
		p += strlen(name);
	}
	return n;
}

/* A 503 says when to try again (Twilio, browsers); once; the handler's
 * own value wins; other statuses get none. */
static void
resp_503_retry_after(void **state)
{
	struct fx	 f;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	resp_error(f.r, 503, "database unavailable");
	assert_true(head_has(&f, "Status: 503 Service Unavailable"));
	assert_true(head_has(&f, "Retry-After: 2"));
	assert_int_equal(head_count(&f, "Retry-After:"), 1);
	fx_free(&f);
	mkreq(&f, get_env, NULL, 1024);
	assert_int_equal(resp_header(f.r, "Retry-After", "1"), 0);
	resp_error(f.r, 503, "busy");
	assert_true(head_has(&f, "Retry-After: 1"));
	assert_int_equal(head_count(&f, "Retry-After:"), 1);
	fx_free(&f);
	mkreq(&f, get_env, NULL, 1024);
	resp_error(f.r, 500, "oops");
	assert_int_equal(head_count(&f, "Retry-After:"), 0);
	fx_free(&f);
}

/* One Cache-Control per response: no-store unless the handler chose. */
static void
resp_cache_control_once(void **state)
{
	struct fx	 f;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	resp_text(f.r, 200, "data");
	assert_true(head_has(&f, "Cache-Control: no-store"));
	assert_int_equal(head_count(&f, "\r\nCache-Control:"), 1);
	fx_free(&f);

	mkreq(&f, get_env, NULL, 1024);
	resp_nostore(f.r);
	resp_nostore(f.r);
	resp_error(f.r, 404, "not found");
	assert_int_equal(head_count(&f, "\r\nCache-Control:"), 1);
	fx_free(&f);

	mkreq(&f, get_env, NULL, 1024);
	assert_int_equal(resp_header(f.r, "Cache-Control",
	    "public, max-age=3600"), 0);
	resp_text(f.r, 200, "a { }");
	assert_true(head_has(&f, "Cache-Control: public, max-age=3600"));
	assert_int_equal(head_count(&f, "\r\nCache-Control:"), 1);
	fx_free(&f);

	/* no-store wins over a later choice. */
	mkreq(&f, get_env, NULL, 1024);
	resp_nostore(f.r);
	assert_int_equal(resp_header(f.r, "cache-control", "public"), 0);
	resp_text(f.r, 200, "data");
	assert_true(head_has(&f, "Cache-Control: no-store"));
	assert_int_equal(head_count(&f, "\r\nCache-Control:"), 1);
	assert_null(strstr(buf_str(&f.out), "public"));
	fx_free(&f);
}

static void
resp_header_bad_crlf(void **state)
{
	struct fx	 f;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	assert_int_equal(resp_header(f.r, "Location", "/a\r\nSet-Cookie: x"),
	    -1);
	assert_int_equal(resp_header(f.r, "Location", "/a\nb"), -1);
	assert_int_equal(resp_header(f.r, "Location", "/a\rb"), -1);
	assert_int_equal(resp_header(f.r, "X-A\r\nX-B", "v"), -1);
	assert_int_equal(resp_header(f.r, "X-A\n", "v"), -1);
	assert_int_equal(resp_header(f.r, "X-A: b", "v"), -1);
	assert_int_equal(resp_header(f.r, "", "v"), -1);
	resp_empty(f.r, 200);
	assert_null(strstr(buf_str(&f.out), "Location"));
	assert_null(strstr(buf_str(&f.out), "Set-Cookie"));
	assert_null(strstr(buf_str(&f.out), "X-A"));
	fx_free(&f);
}

static void
resp_header_bad_after_start(void **state)
{
	struct fx	 f;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	resp_empty(f.r, 200);
	assert_int_equal(resp_header(f.r, "X-Late", "1"), -1);
	assert_null(strstr(buf_str(&f.out), "X-Late"));
	fx_free(&f);
}

static void
resp_error_text_by_default(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/x",
		"HTTP_ACCEPT=text/html,application/xhtml+xml,*/*", NULL
	};

	(void)state;
	mkreq(&f, env, NULL, 1024);
	resp_error(f.r, 404, "no such page");
	assert_true(head_has(&f, "Status: 404 Not Found"));
	assert_true(head_has(&f, "Content-Type: text/plain; charset=utf-8"));
	assert_string_equal(body_of(&f), "404 Not Found: no such page\n");
	fx_free(&f);
}

static void
resp_error_json_when_accepted(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/x",
		"HTTP_ACCEPT=application/json", NULL
	};

	(void)state;
	mkreq(&f, env, NULL, 1024);
	resp_error(f.r, 403, "not \"yours\"");
	assert_true(head_has(&f, "Status: 403 Forbidden"));
	assert_true(head_has(&f,
	    "Content-Type: application/json; charset=utf-8"));
	assert_string_equal(body_of(&f), "{\"error\":\"not \\\"yours\\\"\"}");
	fx_free(&f);
}

static void
resp_error_json_with_bearer(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/x",
		"HTTP_AUTHORIZATION=Bearer abc.def.ghi", NULL
	};

	(void)state;
	mkreq(&f, env, NULL, 1024);
	resp_error(f.r, 401, "token expired");
	assert_string_equal(body_of(&f), "{\"error\":\"token expired\"}");
	fx_free(&f);
}

static void
req_wants_json_cases(void **state)
{
	struct fx	 f;
	static const char *const html_and_json[] = {
		"HTTP_ACCEPT=text/html, application/json", NULL
	};
	static const char *const basic[] = {
		"HTTP_AUTHORIZATION=Basic dXNlcjpwYXNz", NULL
	};
	static const char *const bearer_lower[] = {
		"HTTP_AUTHORIZATION=bearer x", NULL
	};

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	assert_false(req_wants_json(f.r));
	fx_free(&f);
	mkreq(&f, html_and_json, NULL, 1024);
	assert_false(req_wants_json(f.r));
	fx_free(&f);
	mkreq(&f, basic, NULL, 1024);
	assert_false(req_wants_json(f.r));
	fx_free(&f);
	mkreq(&f, bearer_lower, NULL, 1024);
	assert_true(req_wants_json(f.r));
	fx_free(&f);
}

static void
req_env_and_headers(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=POST", "REQUEST_URI=/hook",
		"HTTP_ACCEPT_LANGUAGE=fr", "HTTP_X_TWILIO_SIGNATURE=abc=",
		"CONTENT_TYPE=text/plain", "REMOTE_ADDR=127.0.0.1", NULL
	};

	(void)state;
	mkreq(&f, env, "hello", 1024);
	assert_string_equal(req_method(f.r), "POST");
	assert_string_equal(req_header(f.r, "X_TWILIO_SIGNATURE"), "abc=");
	assert_string_equal(req_header(f.r, "CONTENT_TYPE"), "text/plain");
	assert_string_equal(req_env(f.r, "REMOTE_ADDR"), "127.0.0.1");
	/* A name that is a prefix of another is not confused with it. */
	assert_null(req_header(f.r, "ACCEPT"));
	assert_null(req_env(f.r, "REMOTE"));
	fx_free(&f);
}

static void
req_defaults_without_env(void **state)
{
	struct fx	 f;
	static const char *const env[] = { NULL };

	(void)state;
	mkreq(&f, env, NULL, 1024);
	assert_string_equal(req_method(f.r), "GET");
	assert_string_equal(req_path(f.r), "/");
	assert_string_equal(req_query_string(f.r), "");
	fx_free(&f);
}

static void
req_query_parsed(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/list?day=2026-11-23&q=a+b",
		"QUERY_STRING=day=2026-11-23&q=a+b", NULL
	};
	static const char *const qs_only[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/list",
		"QUERY_STRING=page=2", NULL
	};

	(void)state;
	mkreq(&f, env, NULL, 1024);
	assert_int_equal(f.err, HTTP_OK);
	assert_string_equal(req_path(f.r), "/list");
	assert_string_equal(req_query_string(f.r), "day=2026-11-23&q=a+b");
	assert_string_equal(req_query(f.r, "day"), "2026-11-23");
	assert_string_equal(req_query(f.r, "q"), "a b");
	assert_null(req_query(f.r, "page"));
	fx_free(&f);
	mkreq(&f, qs_only, NULL, 1024);
	assert_string_equal(req_path(f.r), "/list");
	assert_string_equal(req_query(f.r, "page"), "2");
	fx_free(&f);
}

static void
req_bad_query_malformed(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=GET", "REQUEST_URI=/list?q=%zz", NULL
	};

	(void)state;
	mkreq(&f, env, NULL, 1024);
	assert_int_equal(f.err, HTTP_ERR_MALFORMED);
	fx_free(&f);
}

static void
req_form_body_decoded(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=POST", "REQUEST_URI=/hook",
		"CONTENT_TYPE=application/x-www-form-urlencoded; charset=UTF-8",
		"HTTP_COOKIE=sid=s1; csrf=c1", NULL
	};

	(void)state;
	mkreq(&f, env, "From=whatsapp%3A%2B33612345678&Body=Bonjour+%C3%A0",
	    1024);
	assert_int_equal(f.err, HTTP_OK);
	assert_string_equal(req_form(f.r, "From"), "whatsapp:+33612345678");
	assert_string_equal(req_form(f.r, "Body"), "Bonjour \xc3\xa0");
	assert_int_equal(req_form_pairs(f.r)->n, 2);
	assert_string_equal(req_cookie(f.r, "csrf"), "c1");
	assert_null(req_cookie(f.r, "From"));
	fx_free(&f);
}

static void
req_form_needs_form_type(void **state)
{
	struct fx	 f;
	size_t		 n;
	static const char *const json_env[] = {
		"REQUEST_METHOD=POST", "CONTENT_TYPE=application/json", NULL
	};
	static const char *const near_env[] = {
		"REQUEST_METHOD=POST",
		"CONTENT_TYPE=application/x-www-form-urlencodedx", NULL
	};

	(void)state;
	mkreq(&f, json_env, "a=1", 1024);
	assert_null(req_form(f.r, "a"));
	assert_string_equal(req_body(f.r, &n), "a=1");
	assert_int_equal(n, 3);
	fx_free(&f);
	mkreq(&f, near_env, "a=1", 1024);
	assert_null(req_form(f.r, "a"));
	fx_free(&f);
}

static void
req_bad_form_body_malformed(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=POST",
		"CONTENT_TYPE=application/x-www-form-urlencoded", NULL
	};

	(void)state;
	mkreq(&f, env, "Body=%C3%28", 1024);
	assert_int_equal(f.err, HTTP_ERR_MALFORMED);
	fx_free(&f);
	mkreq(&f, env, "Body=a%00", 1024);
	assert_int_equal(f.err, HTTP_ERR_MALFORMED);
	fx_free(&f);
}

static void
req_bad_body_too_big(void **state)
{
	struct fx	 f;
	size_t		 n;
	static const char *const env[] = {
		"REQUEST_METHOD=POST",
		"CONTENT_TYPE=application/x-www-form-urlencoded", NULL
	};

	(void)state;
	mkreq(&f, env, "a=1234567", 9);
	assert_int_equal(f.err, HTTP_OK);
	fx_free(&f);
	mkreq(&f, env, "a=12345678", 9);
	assert_int_equal(f.err, HTTP_ERR_TOOBIG);
	assert_string_equal(req_body(f.r, &n), "");
	assert_int_equal(n, 0);
	assert_null(req_form(f.r, "a"));
	fx_free(&f);
}

static void
req_json_parsed(void **state)
{
	struct fx	 f;
	json_object	*o, *v;
	static const char *const env[] = {
		"REQUEST_METHOD=POST",
		"CONTENT_TYPE=application/json; charset=utf-8", NULL
	};

	(void)state;
	mkreq(&f, env, "{\"name\":\"L\xc3\xa9\x61\",\"n\":2}", 1024);
	assert_non_null(o = req_json(f.r));
	assert_true(json_object_object_get_ex(o, "name", &v));
	assert_string_equal(json_object_get_string(v), "L\xc3\xa9" "a");
	/* The same object on a second call. */
	assert_ptr_equal(req_json(f.r), o);
	fx_free(&f);
}

static void
req_json_trailing_whitespace_ok(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=POST", "CONTENT_TYPE=application/json", NULL
	};

	(void)state;
	/* What curl -d @file.json sends: a final newline. */
	mkreq(&f, env, "{\"a\":1}\n", 1024);
	assert_non_null(req_json(f.r));
	fx_free(&f);
	mkreq(&f, env, " [1, 2] \r\n", 1024);
	assert_non_null(req_json(f.r));
	fx_free(&f);
}

static void
req_json_bad_content_type(void **state)
{
	struct fx	 f;
	static const char *const form[] = {
		"REQUEST_METHOD=POST",
		"CONTENT_TYPE=application/x-www-form-urlencoded", NULL
	};
	static const char *const none[] = { "REQUEST_METHOD=POST", NULL };
	static const char *const near[] = {
		"REQUEST_METHOD=POST", "CONTENT_TYPE=application/jsonp", NULL
	};

	(void)state;
	mkreq(&f, form, "{\"a\":1}", 1024);
	assert_null(req_json(f.r));
	fx_free(&f);
	mkreq(&f, none, "{\"a\":1}", 1024);
	assert_null(req_json(f.r));
	fx_free(&f);
	mkreq(&f, near, "{\"a\":1}", 1024);
	assert_null(req_json(f.r));
	fx_free(&f);
}

static void
req_json_bad_body(void **state)
{
	struct fx	 f;
	static const char *const env[] = {
		"REQUEST_METHOD=POST", "CONTENT_TYPE=application/json", NULL
	};
	static const char *const bad[] = {
		"{\"a\":1}x", "{\"a\":1}{}", "{\"a\":", "", "nope",
		"{\"a\":1} 2",
	};
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mkreq(&f, env, bad[i], 1024);
		assert_null(req_json(f.r));
		fx_free(&f);
	}
}

static void
req_json_bad_nul_inside(void **state)
{
	struct fx	 f;
	struct resp_sink sink = { sink_buf, &f.out };
	char		*envp[] = { "CONTENT_TYPE=application/json", NULL };
	static const char body[] = "{\"a\":\"x\0y\"}";

	(void)state;
	buf_init(&f.out, 1024);
	f.r = req_new(envp, body, sizeof(body) - 1, 1024, sink, &f.err);
	assert_non_null(f.r);
	assert_null(req_json(f.r));
	fx_free(&f);
}

static void
req_alloc_owned_by_request(void **state)
{
	struct fx	 f;
	char		*s;
	int		 i;

	(void)state;
	mkreq(&f, get_env, NULL, 1024);
	for (i = 0; i < 40; i++) {
		assert_non_null(s = req_strdup(f.r, "kept until req_free"));
		assert_string_equal(s, "kept until req_free");
	}
	assert_non_null(req_alloc(f.r, 100));
	fx_free(&f);	/* ASan reports a leak if these were not freed */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resp_status_line_and_type),
		cmocka_unit_test(resp_security_headers_on_every_kind),
		cmocka_unit_test(resp_written_once),
		cmocka_unit_test(resp_header_added),
		cmocka_unit_test(resp_503_retry_after),
		cmocka_unit_test(resp_cache_control_once),
		cmocka_unit_test(resp_header_bad_crlf),
		cmocka_unit_test(resp_header_bad_after_start),
		cmocka_unit_test(resp_error_text_by_default),
		cmocka_unit_test(resp_error_json_when_accepted),
		cmocka_unit_test(resp_error_json_with_bearer),
		cmocka_unit_test(req_wants_json_cases),
		cmocka_unit_test(req_env_and_headers),
		cmocka_unit_test(req_defaults_without_env),
		cmocka_unit_test(req_query_parsed),
		cmocka_unit_test(req_bad_query_malformed),
		cmocka_unit_test(req_form_body_decoded),
		cmocka_unit_test(req_form_needs_form_type),
		cmocka_unit_test(req_bad_form_body_malformed),
		cmocka_unit_test(req_bad_body_too_big),
		cmocka_unit_test(req_json_parsed),
		cmocka_unit_test(req_json_trailing_whitespace_ok),
		cmocka_unit_test(req_json_bad_content_type),
		cmocka_unit_test(req_json_bad_body),
		cmocka_unit_test(req_json_bad_nul_inside),
		cmocka_unit_test(req_alloc_owned_by_request),
	};
	return cmocka_run_group_tests_name("req", tests, NULL, NULL);
}
