/*
 * Route matching: router.c, with requests built by req_new.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "http_int.h"

static void
h_stub(struct req *r)
{
	(void)r;
}

/* A responder-like table; flags tell the entries apart. */
static const struct route routes[] = {
	{ "GET", "/health", h_stub, 1 },
	{ "POST", "/login", h_stub, 2 },
	{ "GET", "/login", h_stub, 3 },
	{ "GET", "/clinic/{clinicId}/admin", h_stub, 4 },
	{ "GET", "/clinic/{clinicId}/admin/new", h_stub, 5 },
	{ "GET", "/clinic/{clinicId}/admin/{page}", h_stub, 6 },
	{ "POST", "/clinic/{clinicId}/admin/{page}", h_stub, 7 },
	{ "DELETE", "/clinic/{clinicId}/admin/{page}", h_stub, 8 },
	{ "PUT", "/clinic/{clinicId}/admin/new", h_stub, 9 },
};
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/* Sink that appends the response to a struct buf. */
static int
sink_buf(void *arg, const char *s, size_t n)
{
	return buf_add(arg, s, n);
}

struct fx {
	struct buf	 out;
	struct req	*r;
};

/* Build a request for method and uri; the response goes to f->out. */
static struct req *
mkreq(struct fx *f, const char *method, const char *uri)
{
	char		 m[64], u[512];
	char		*envp[3];
	struct resp_sink sink;
	enum http_err	 err;

	snprintf(m, sizeof(m), "REQUEST_METHOD=%s", method);
	snprintf(u, sizeof(u), "REQUEST_URI=%s", uri);
	envp[0] = m;
	envp[1] = u;
	envp[2] = NULL;
	buf_init(&f->out, 1 << 16);
	sink.write = sink_buf;
	sink.arg = &f->out;
	f->r = req_new(envp, NULL, 0, 1024, sink, &err);
	assert_non_null(f->r);
	assert_int_equal(err, HTTP_OK);
	return f->r;
}

static void
fx_free(struct fx *f)
{
	req_free(f->r);
	buf_free(&f->out);
}

/* Match method uri; returns the route's flags, 0 for none; *st status. */
static unsigned
match(struct fx *f, const char *method, const char *uri, int *st)
{
	const struct route	*rt;

	mkreq(f, method, uri);
	rt = router_match(f->r, routes, NROUTES, st);
	return rt != NULL ? rt->flags : 0;
}

static void
router_literal_route(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	assert_int_equal(match(&f, "GET", "/health", &st), 1);
	assert_int_equal(st, 200);
	fx_free(&f);
	assert_int_equal(match(&f, "POST", "/login", &st), 2);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/login", &st), 3);
	fx_free(&f);
}

static void
router_query_not_part_of_path(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	assert_int_equal(match(&f, "GET", "/health?verbose=1&x=%2F", &st), 1);
	assert_string_equal(req_path(f.r), "/health");
	assert_string_equal(req_query(f.r, "x"), "/");
	fx_free(&f);
}

static void
router_captures_params(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	assert_int_equal(match(&f, "GET", "/clinic/abc/admin/x?y=1", &st), 6);
	assert_int_equal(st, 200);
	assert_string_equal(req_param(f.r, "clinicId"), "abc");
	assert_string_equal(req_param(f.r, "page"), "x");
	assert_null(req_param(f.r, "clinic"));
	assert_null(req_param(f.r, "y"));
	assert_string_equal(req_query(f.r, "y"), "1");
	fx_free(&f);
}

static void
router_params_percent_decoded(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	assert_int_equal(match(&f, "GET",
	    "/clinic/a%20b/admin/Dr%20L%C3%A9al+x", &st), 6);
	assert_string_equal(req_param(f.r, "clinicId"), "a b");
	assert_string_equal(req_param(f.r, "page"), "Dr L\xc3\xa9" "al+x");
	fx_free(&f);
}

static void
router_bad_trailing_slash_404(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	assert_int_equal(match(&f, "GET", "/clinic/abc/admin/", &st), 0);
	assert_int_equal(st, 404);
	assert_null(req_param(f.r, "clinicId"));
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/health/", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	/* Not a 405 either: the path is not a route's. */
	assert_int_equal(match(&f, "PATCH", "/login/", &st), 0);
	assert_int_equal(st, 404);
	assert_null(strstr(buf_str(&f.out), "Allow:"));
	fx_free(&f);
}

/* Paths in the one spelling routes have. */
static void
router_canonical_paths(void **state)
{
	static const char *const ok[] = {
		"/", "/health", "/clinic/abc/admin", "/clinic/a%20b/admin",
		"/clinic/%C3%A9/admin", "/x/a.b", "/x/.a", "/x/a..",
		"/x/...", "/x/%25", "/x/%3F", "/x/%3f", "/x/a+b", "/x/%zz",
		"/x/%", "/x/%4", "/x/a%2",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!router_path_canonical(ok[i]))
			fail_msg("refused: %s", ok[i]);
}

/* Every other spelling: empty segments, dot segments, needless escapes. */
static void
router_bad_noncanonical_paths(void **state)
{
	static const char *const bad[] = {
		"", "health", "/health/", "/health//", "//health",
		"/clinic//admin", "/./health", "/health/.", "/health/./",
		"/x/../health", "/health/..", "/..", "/.", "//",
		"/%68ealth", "/healt%68", "/x/%2F", "/x/%2f", "/x/a%2Fb",
		"/x/%2E", "/x/%2e%2e", "/x/%7E", "/x/%2D", "/x/%5F",
		"/x/%41", "/x/%7a", "/x/%30", "/x/a%2Db",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (router_path_canonical(bad[i]))
			fail_msg("accepted: %s", bad[i]);
}

/* Another spelling of a route is no route: 404 before any matching. */
static void
router_bad_other_spelling_404(void **state)
{
	static const char *const bad[] = {
		"/Health", "/HEALTH", "/%68ealth", "/health%20",
		"/health;x", "/clinic/abc/admin/%6Eew", "/clinic/abc//admin",
		"/clinic/abc/admin/./new", "/clinic/abc/x/../admin/new",
		"/clinic/%61bc/admin", "/clinic/abc/Admin",
	};
	struct fx	 f;
	size_t		 i;
	int		 st;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (match(&f, "GET", bad[i], &st) != 0 || st != 404)
			fail_msg("%s: status %d", bad[i], st);
		fx_free(&f);
	}
}

/* The router's 404 and 405 answers are not kept by caches. */
static void
router_answers_no_store(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	assert_int_equal(match(&f, "GET", "/health/", &st), 0);
	resp_error(f.r, st, "not found");
	assert_non_null(strstr(buf_str(&f.out),
	    "\r\nCache-Control: no-store\r\n"));
	fx_free(&f);
	assert_int_equal(match(&f, "PATCH", "/login", &st), 0);
	assert_int_equal(st, 405);
	resp_error(f.r, st, "method not allowed");
	assert_non_null(strstr(buf_str(&f.out),
	    "\r\nCache-Control: no-store\r\n"));
	fx_free(&f);
}

static void
router_first_match_wins(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	/* "new" is listed before {page}. */
	assert_int_equal(match(&f, "GET", "/clinic/abc/admin/new", &st), 5);
	assert_null(req_param(f.r, "page"));
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/clinic/abc/admin/old", &st), 6);
	assert_string_equal(req_param(f.r, "page"), "old");
	fx_free(&f);
}

static void
router_bad_no_path_404(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	assert_int_equal(match(&f, "GET", "/nowhere", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	/* Too short, too long, empty capture, no leading slash. */
	assert_int_equal(match(&f, "GET", "/clinic/abc", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/clinic/abc/admin/x/y", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/clinic//admin", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "health", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/Health", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
}

static void
router_bad_method_405_with_allow(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	assert_int_equal(match(&f, "PATCH", "/clinic/abc/admin/x", &st), 0);
	assert_int_equal(st, 405);
	resp_error(f.r, st, "method not allowed");
	assert_non_null(strstr(buf_str(&f.out),
	    "\r\nAllow: GET, POST, DELETE\r\n"));
	assert_non_null(strstr(buf_str(&f.out), "Status: 405 "));
	fx_free(&f);
}

static void
router_bad_method_allow_lists_each_once(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	/* Routes 5, 6, 7, 8 and 9 all match the path; GET appears twice. */
	assert_int_equal(match(&f, "PATCH", "/clinic/abc/admin/new", &st), 0);
	assert_int_equal(st, 405);
	resp_empty(f.r, st);
	assert_non_null(strstr(buf_str(&f.out),
	    "\r\nAllow: GET, POST, DELETE, PUT\r\n"));
	fx_free(&f);
}

static void
router_no_allow_when_a_later_route_matches(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	/* POST /login comes first in the table but GET matches later. */
	assert_int_equal(match(&f, "GET", "/login", &st), 3);
	resp_empty(f.r, 204);
	assert_null(strstr(buf_str(&f.out), "Allow:"));
	fx_free(&f);
}

static void
router_bad_segment_400(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	/* A parameter with a malformed escape. */
	assert_int_equal(match(&f, "GET", "/clinic/a%00b/admin", &st), 0);
	assert_int_equal(st, 400);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/clinic/%zz/admin", &st), 0);
	assert_int_equal(st, 400);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/clinic/%C0%AF/admin", &st), 0);
	assert_int_equal(st, 400);
	fx_free(&f);
}

static void
router_bad_escaped_slash_and_dots_404(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	/* Escaped '/' and '.' are another spelling: no route. */
	assert_int_equal(match(&f, "GET", "/clinic/%2e%2e%2f/admin", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/clinic/a%2Fb/admin", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/clinic/%2E%2E/admin", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
}

static void
router_bad_dot_segments(void **state)
{
	struct fx	 f;
	int		 st;

	(void)state;
	/* Raw "." and ".." are not even matched: 404. */
	assert_int_equal(match(&f, "GET", "/clinic/../admin", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	assert_int_equal(match(&f, "GET", "/clinic/./admin", &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
}

static void
router_bad_too_many_segments(void **state)
{
	struct fx	 f;
	struct buf	 u;
	int		 st, i;

	(void)state;
	buf_init(&u, 400);
	for (i = 0; i < 40; i++)
		assert_int_equal(buf_adds(&u, "/health"), 0);
	assert_int_equal(match(&f, "GET", buf_str(&u), &st), 0);
	assert_int_equal(st, 404);
	fx_free(&f);
	buf_free(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(router_literal_route),
		cmocka_unit_test(router_query_not_part_of_path),
		cmocka_unit_test(router_captures_params),
		cmocka_unit_test(router_params_percent_decoded),
		cmocka_unit_test(router_bad_trailing_slash_404),
		cmocka_unit_test(router_canonical_paths),
		cmocka_unit_test(router_bad_noncanonical_paths),
		cmocka_unit_test(router_bad_other_spelling_404),
		cmocka_unit_test(router_answers_no_store),
		cmocka_unit_test(router_first_match_wins),
		cmocka_unit_test(router_bad_no_path_404),
		cmocka_unit_test(router_bad_method_405_with_allow),
		cmocka_unit_test(router_bad_method_allow_lists_each_once),
		cmocka_unit_test(router_no_allow_when_a_later_route_matches),
		cmocka_unit_test(router_bad_segment_400),
		cmocka_unit_test(router_bad_escaped_slash_and_dots_404),
		cmocka_unit_test(router_bad_dot_segments),
		cmocka_unit_test(router_bad_too_many_segments),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
