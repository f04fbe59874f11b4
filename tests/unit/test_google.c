/*
 * test_google — PKCE, signed state, event ids, titles, event bodies, and
 * the parsers of Google's token, freeBusy and events.list answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "google.h"
#include "slots.h"

static const unsigned char key1[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const unsigned char key2[32] = { 9, 8, 7 };

#define NOW	((int64_t)1767261600)	/* 2026-01-01T10:00:00Z */

static void
pkce_rfc7636_vector(void **s)
{
	char	 c[GOOGLE_PKCE_SIZE];

	(void)s;
	/* RFC 7636 appendix B. */
	assert_int_equal(google_pkce_challenge(
	    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", c), 0);
	assert_string_equal(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
pkce_verifier_fresh(void **s)
{
	char	 v1[GOOGLE_PKCE_SIZE], v2[GOOGLE_PKCE_SIZE];
	char	 c[GOOGLE_PKCE_SIZE];

	(void)s;
	google_pkce_verifier(v1);
	google_pkce_verifier(v2);
	assert_int_equal(strlen(v1), 43);
	assert_string_not_equal(v1, v2);
	assert_int_equal(google_pkce_challenge(v1, c), 0);
	assert_int_equal(strlen(c), 43);
}

static void
pkce_bad_verifier(void **s)
{
	char	 c[GOOGLE_PKCE_SIZE];

	(void)s;
	assert_int_equal(google_pkce_challenge("short", c), -1);
	assert_int_equal(google_pkce_challenge(
	    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX+", c), -1);
}

static void
state_good(void **s)
{
	char	 st[GOOGLE_STATE_SIZE], st2[GOOGLE_STATE_SIZE];

	(void)s;
	google_state_new(key1, NOW, st);
	google_state_new(key1, NOW, st2);
	assert_int_equal(strlen(st), GOOGLE_STATE_SIZE - 1);
	assert_string_not_equal(st, st2);
	assert_int_equal(google_state_check(key1, st, NOW), 0);
	assert_int_equal(google_state_check(key1, st, NOW + 599), 0);
}

static void
state_bad_tampered(void **s)
{
	char	 st[GOOGLE_STATE_SIZE];

	(void)s;
	google_state_new(key1, NOW, st);
	st[3] = st[3] == 'A' ? 'B' : 'A';
	assert_int_equal(google_state_check(key1, st, NOW), -1);
	google_state_new(key1, NOW, st);
	st[60] = st[60] == 'A' ? 'B' : 'A';
	assert_int_equal(google_state_check(key1, st, NOW), -1);
}

static void
state_bad_expired(void **s)
{
	char	 st[GOOGLE_STATE_SIZE];

	(void)s;
	google_state_new(key1, NOW, st);
	assert_int_equal(google_state_check(key1, st, NOW + 600), -1);
	assert_int_equal(google_state_check(key1, st, NOW + 86400), -1);
	/* Issued "in the future" (clock moved back past the TTL). */
	assert_int_equal(google_state_check(key1, st, NOW - 601), -1);
}

static void
state_bad_wrong_key(void **s)
{
	char	 st[GOOGLE_STATE_SIZE];

	(void)s;
	google_state_new(key1, NOW, st);
	assert_int_equal(google_state_check(key2, st, NOW), -1);
}

static void
state_bad_garbage(void **s)
{
	(void)s;
	assert_int_equal(google_state_check(key1, NULL, NOW), -1);
	assert_int_equal(google_state_check(key1, "", NOW), -1);
	assert_int_equal(google_state_check(key1,
	    "{\"practitionerId\":\"x\",\"clinicId\":\"y\"}", NOW), -1);
}

static void
auth_url_has_everything(void **s)
{
	struct config	 cfg;
	struct buf	 b;
	const char	*u;

	(void)s;
	memset(&cfg, 0, sizeof(cfg));
	cfg.google_auth_base = "https://accounts.google.com";
	cfg.google_client_id = "cid.apps";
	cfg.google_redirect_uri = "https://x.test/oauth/callback";
	buf_init(&b, 4096);
	assert_int_equal(google_auth_url(&cfg, "st.ate", "chal", &b), 0);
	u = buf_str(&b);
	assert_non_null(strstr(u, "https://accounts.google.com/o/oauth2/v2/"
	    "auth?client_id=cid.apps&"));
	assert_non_null(strstr(u, "redirect_uri=https%3A%2F%2Fx.test%2F"
	    "oauth%2Fcallback"));
	assert_non_null(strstr(u, "scope=https%3A%2F%2Fwww.googleapis.com"
	    "%2Fauth%2Fcalendar&"));
	assert_non_null(strstr(u, "access_type=offline"));
	assert_non_null(strstr(u, "prompt=consent"));
	assert_non_null(strstr(u, "state=st.ate"));
	assert_non_null(strstr(u, "code_challenge=chal&"
	    "code_challenge_method=S256"));
	buf_free(&b);
}

static void
event_id_from_uuid(void **s)
{
	char	 id[GOOGLE_EVENT_ID_SIZE], id2[GOOGLE_EVENT_ID_SIZE];

	(void)s;
	assert_int_equal(google_event_id(
	    "5E0F1E00-0000-4000-8000-00000000DE40", id), 0);
	assert_string_equal(id, "5e0f1e0000004000800000000000de40");
	assert_int_equal(strlen(id), 32);
	assert_true(google_event_id_ok(id));
	assert_int_equal(google_event_id(
	    "5e0f1e00-0000-4000-8000-00000000de40", id2), 0);
	assert_string_equal(id, id2);	/* stable: retries meet 409 */
}

static void
event_id_bad(void **s)
{
	char	 id[GOOGLE_EVENT_ID_SIZE];

	(void)s;
	assert_int_equal(google_event_id("not-a-uuid", id), -1);
	assert_int_equal(google_event_id(
	    "5e0f1e00-0000-4000-8000-00000000de4g", id), -1);
	assert_int_equal(google_event_id(
	    "5e0f1e00x0000-4000-8000-00000000de40", id), -1);
	assert_false(google_event_id_ok("sophiew"));	/* w is not base32hex */
	assert_false(google_event_id_ok("sophie-1"));
	assert_false(google_event_id_ok("abc"));	/* too short */
	assert_false(google_event_id_ok("ABCDEF"));
	assert_true(google_event_id_ok("abcdv"));
}

static void
title_modes(void **s)
{
	char	 t[128];

	(void)s;
	google_event_title(google_title_mode("treatment_initials"),
	    "Détartrage", "jeanne", "Dupont", t, sizeof(t));
	assert_string_equal(t, "Détartrage \xe2\x80\x94 J. D.");
	google_event_title(google_title_mode(NULL), "Contrôle", "Élodie",
	    "Ångström", t, sizeof(t));
	assert_string_equal(t, "Contrôle \xe2\x80\x94 É. Å.");
	google_event_title(google_title_mode("treatment_only"), "Extraction",
	    "Jeanne", "Dupont", t, sizeof(t));
	assert_string_equal(t, "Extraction");
	google_event_title(google_title_mode("treatment_full_name"),
	    "Extraction", "Jeanne", "Dupont", t, sizeof(t));
	assert_string_equal(t, "Extraction \xe2\x80\x94 Jeanne Dupont");
	google_event_title(GOOGLE_TITLE_INITIALS, "", "Jeanne", "", t,
	    sizeof(t));
	assert_string_equal(t, "Rendez-vous \xe2\x80\x94 J.");
}

static void
title_bad_inputs(void **s)
{
	char	 t[12];

	(void)s;
	/* Unknown mode: the most discreet default with a name. */
	assert_int_equal(google_title_mode("phone"), GOOGLE_TITLE_INITIALS);
	/* Control characters dropped; truncation keeps whole characters. */
	google_event_title(GOOGLE_TITLE_TREATMENT, "ab\r\ncd", NULL, NULL, t,
	    sizeof(t));
	assert_string_equal(t, "abcd");
	google_event_title(GOOGLE_TITLE_TREATMENT, "ééééééé", NULL, NULL, t,
	    sizeof(t));
	assert_string_equal(t, "ééééé");
}

static void
event_json_local_time(void **s)
{
	struct google_event_spec	 e;
	struct buf			 b;

	(void)s;
	memset(&e, 0, sizeof(e));
	e.id = "abc12";
	e.title = "Soin \"x\"";
	e.start = NOW;
	e.end = NOW + 1800;
	e.start_off = e.end_off = 3600;
	e.tz = "Europe/Paris";
	buf_init(&b, 4096);
	assert_int_equal(google_event_json(&e, &b), 0);
	assert_non_null(strstr(buf_str(&b), "\"dateTime\":"
	    "\"2026-01-01T11:00:00+01:00\",\"timeZone\":\"Europe/Paris\""));
	assert_non_null(strstr(buf_str(&b), "\"id\":\"abc12\""));
	assert_non_null(strstr(buf_str(&b), "\"summary\":\"Soin \\\"x\\\"\""));
	buf_reset(&b);
	e.end = e.start;
	assert_int_equal(google_event_json(&e, &b), -1);
	buf_free(&b);
}

static void
freebusy_busy(void **s)
{
	const char	*j = "{\"kind\":\"calendar#freeBusy\",\"calendars\":"
	    "{\"primary\":{\"busy\":[{\"start\":\"2026-01-01T10:00:00Z\","
	    "\"end\":\"2026-01-01T11:00:00.000Z\"},{\"start\":"
	    "\"2026-01-01T14:00:00+01:00\",\"end\":"
	    "\"2026-01-01T14:30:00+01:00\"}]}}}";
	struct slots_interval	 iv[4];
	size_t			 n;
	int			 errors;

	(void)s;
	assert_int_equal(google_freebusy_parse(200, j, strlen(j), "primary",
	    iv, 4, &n, &errors), GOOGLE_OK);
	assert_int_equal(errors, 0);
	assert_int_equal(n, 2);
	assert_int_equal(iv[0].start, NOW);
	assert_int_equal(iv[0].end, NOW + 3600);
	assert_int_equal(iv[1].start, NOW + 3 * 3600);
	assert_int_equal(iv[1].end, NOW + 3 * 3600 + 1800);
}

static void
freebusy_bad_fail_closed(void **s)
{
	const char	*errs = "{\"calendars\":{\"primary\":{\"errors\":"
	    "[{\"domain\":\"global\",\"reason\":\"backendError\"}],"
	    "\"busy\":[]}}}";
	const char	*other = "{\"calendars\":{\"x@y\":{\"busy\":[]}}}";
	const char	*bad = "{\"calendars\":{\"primary\":{\"busy\":"
	    "[{\"start\":\"tomorrow\",\"end\":\"2026-01-01T11:00:00Z\"}]}}}";
	const char	*many = "{\"calendars\":{\"primary\":{\"busy\":["
	    "{\"start\":\"2026-01-01T10:00:00Z\","
	    "\"end\":\"2026-01-01T11:00:00Z\"},"
	    "{\"start\":\"2026-01-01T12:00:00Z\","
	    "\"end\":\"2026-01-01T13:00:00Z\"}"
	    "]}}}";
	struct slots_interval	 iv[1];
	size_t			 n;
	int			 errors;

	(void)s;
	assert_int_equal(google_freebusy_parse(200, errs, strlen(errs),
	    "primary", iv, 1, &n, &errors), GOOGLE_OK);
	assert_int_equal(errors, 1);
	assert_int_equal(google_freebusy_parse(200, other, strlen(other),
	    "primary", iv, 1, &n, &errors), GOOGLE_OK);
	assert_int_equal(errors, 1);
	assert_int_equal(google_freebusy_parse(200, bad, strlen(bad),
	    "primary", iv, 1, &n, &errors), GOOGLE_ERR_PARSE);
	assert_int_equal(errors, 1);
	assert_int_equal(google_freebusy_parse(200, many, strlen(many),
	    "primary", iv, 1, &n, &errors), GOOGLE_OK);
	assert_int_equal(errors, 1);	/* more than we could hold */
	assert_int_equal(google_freebusy_parse(200, "[]", 2, "primary", iv, 1,
	    &n, &errors), GOOGLE_ERR_PARSE);
	assert_int_equal(errors, 1);
	assert_int_equal(google_freebusy_parse(500, "", 0, "primary", iv, 1,
	    &n, &errors), GOOGLE_ERR_SERVER);
	assert_int_equal(errors, 1);
}

static void
status_classes(void **s)
{
	const char	*rate = "{\"error\":{\"code\":403,\"errors\":[{"
	    "\"domain\":\"usageLimits\","
	    "\"reason\":\"userRateLimitExceeded\"}]}}";
	const char	*forb = "{\"error\":{\"code\":403,\"errors\":[{"
	    "\"domain\":\"global\",\"reason\":\"forbidden\"}]}}";

	(void)s;
	assert_int_equal(google_status_err(200, "", 0), GOOGLE_OK);
	assert_int_equal(google_status_err(204, "", 0), GOOGLE_OK);
	assert_int_equal(google_status_err(403, rate, strlen(rate)),
	    GOOGLE_ERR_RATE);
	assert_int_equal(google_status_err(403, forb, strlen(forb)),
	    GOOGLE_ERR_CLIENT);
	assert_int_equal(google_status_err(401, "", 0), GOOGLE_ERR_AUTH);
	assert_int_equal(google_status_err(429, "", 0), GOOGLE_ERR_RATE);
	assert_int_equal(google_status_err(503, "", 0), GOOGLE_ERR_SERVER);
	assert_int_equal(google_status_err(410, "", 0), GOOGLE_ERR_GONE);
	assert_int_equal(google_status_err(400, "", 0), GOOGLE_ERR_CLIENT);
	assert_true(google_err_transient(GOOGLE_ERR_RATE));
	assert_true(google_err_transient(GOOGLE_ERR_SERVER));
	assert_false(google_err_transient(GOOGLE_ERR_CLIENT));
	assert_false(google_err_transient(GOOGLE_ERR_INVALID_GRANT));
}

static void
token_good(void **s)
{
	const char	*j = "{\"access_token\":\"ya29.abc\","
	    "\"expires_in\":3599,"
	    "\"refresh_token\":\"1//xyz\",\"scope\":\"https://www.googleapis."
	    "com/auth/calendar\",\"token_type\":\"Bearer\"}";
	const char	*r = "{\"access_token\":\"ya29.def\","
	    "\"expires_in\":3599,"
	    "\"token_type\":\"Bearer\"}";
	struct google_token	 t;

	(void)s;
	assert_int_equal(google_token_parse(200, j, strlen(j), &t), GOOGLE_OK);
	assert_string_equal(t.access_token, "ya29.abc");
	assert_string_equal(t.refresh_token, "1//xyz");
	assert_int_equal(t.expires_in, 3599);
	assert_int_equal(google_token_parse(200, r, strlen(r), &t), GOOGLE_OK);
	assert_string_equal(t.refresh_token, "");
}

static void
token_bad(void **s)
{
	const char	*ig = "{\"error\":\"invalid_grant\","
	    "\"error_description\":"
	    "\"Token has been expired or revoked.\"}";
	const char	*notype = "{\"access_token\":\"ya29.abc\"}";
	const char	*neg = "{\"access_token\":\"a\","
	    "\"token_type\":\"Bearer\","
	    "\"expires_in\":-5}";
	const char	*ctl = "{\"access_token\":\"a\\nb\",\"token_type\":"
	    "\"Bearer\"}";
	struct google_token	 t;

	(void)s;
	assert_int_equal(google_token_parse(400, ig, strlen(ig), &t),
	    GOOGLE_ERR_INVALID_GRANT);
	assert_string_equal(t.error, "invalid_grant");
	assert_int_equal(google_token_parse(200, notype, strlen(notype), &t),
	    GOOGLE_ERR_PARSE);
	assert_string_equal(t.access_token, "");	/* wiped */
	assert_int_equal(google_token_parse(200, neg, strlen(neg), &t),
	    GOOGLE_ERR_PARSE);
	assert_int_equal(google_token_parse(200, ctl, strlen(ctl), &t),
	    GOOGLE_ERR_PARSE);
	assert_int_equal(google_token_parse(200, "{", 1, &t),
	    GOOGLE_ERR_PARSE);
	assert_int_equal(google_token_parse(503, "", 0, &t),
	    GOOGLE_ERR_SERVER);
	assert_int_equal(google_token_parse(429, "", 0, &t), GOOGLE_ERR_RATE);
	assert_int_equal(google_token_parse(401, "{\"error\":"
	    "\"invalid_client\"}", 26, &t), GOOGLE_ERR_CLIENT);
}

static void
events_page(void **s)
{
	const char	*j = "{\"items\":["
	    "{\"id\":\"0123456789abcdef0123456789abcdef\",\"status\":"
	    "\"cancelled\"},"
	    "{\"id\":\"abcdefabcdefabcdefabcdefabcdefab\",\"status\":"
	    "\"confirmed\","
	    "\"start\":{\"dateTime\":\"2026-01-01T11:00:00+01:00\"},"
	    "\"end\":{\"dateTime\":\"2026-01-01T11:30:00+01:00\"}},"
	    "{\"id\":\"allday\",\"start\":{\"date\":\"2026-01-02\"},"
	    "\"end\":{\"date\":\"2026-01-03\"}}],"
	    "\"nextSyncToken\":\"tok-1\"}";
	struct google_event	 items[4];
	struct google_page	 pg;

	(void)s;
	memset(&pg, 0, sizeof(pg));
	pg.items = items;
	pg.max = 4;
	assert_int_equal(google_events_parse(200, j, strlen(j), &pg),
	    GOOGLE_OK);
	assert_int_equal(pg.n, 3);
	assert_true(items[0].cancelled);
	assert_false(items[1].cancelled);
	assert_true(items[1].timed);
	assert_int_equal(items[1].start, NOW);
	assert_int_equal(items[1].end, NOW + 1800);
	assert_false(items[2].timed);
	assert_string_equal(pg.next_sync, "tok-1");
}

static void
events_bad_page(void **s)
{
	const char	*nosync = "{\"items\":[]}";
	struct google_event	 items[1];
	struct google_page	 pg;

	(void)s;
	memset(&pg, 0, sizeof(pg));
	pg.items = items;
	pg.max = 1;
	assert_int_equal(google_events_parse(410, "{}", 2, &pg),
	    GOOGLE_ERR_GONE);
	/* A last page must carry the next sync token. */
	assert_int_equal(google_events_parse(200, nosync, strlen(nosync), &pg),
	    GOOGLE_ERR_PARSE);
}

static void
parse_time_forms(void **s)
{
	int64_t	 t;

	(void)s;
	assert_int_equal(config_parse_rfc3339("2026-01-01T10:00:00Z", &t), 0);
	assert_int_equal(t, NOW);
	assert_int_equal(config_parse_rfc3339("2026-01-01T10:00:00.123Z", &t),
	    0);
	assert_int_equal(t, NOW);
	assert_int_equal(config_parse_rfc3339("2026-01-01T05:00:00-05:00", &t),
	    0);
	assert_int_equal(t, NOW);
	assert_int_equal(config_parse_rfc3339("2026-01-01T10:00:00", &t), -1);
	assert_int_equal(config_parse_rfc3339("2026-01-01", &t), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pkce_rfc7636_vector),
		cmocka_unit_test(pkce_verifier_fresh),
		cmocka_unit_test(pkce_bad_verifier),
		cmocka_unit_test(state_good),
		cmocka_unit_test(state_bad_tampered),
		cmocka_unit_test(state_bad_expired),
		cmocka_unit_test(state_bad_wrong_key),
		cmocka_unit_test(state_bad_garbage),
		cmocka_unit_test(auth_url_has_everything),
		cmocka_unit_test(event_id_from_uuid),
		cmocka_unit_test(event_id_bad),
		cmocka_unit_test(title_modes),
		cmocka_unit_test(title_bad_inputs),
		cmocka_unit_test(event_json_local_time),
		cmocka_unit_test(freebusy_busy),
		cmocka_unit_test(freebusy_bad_fail_closed),
		cmocka_unit_test(status_classes),
		cmocka_unit_test(token_good),
		cmocka_unit_test(token_bad),
		cmocka_unit_test(events_page),
		cmocka_unit_test(events_bad_page),
		cmocka_unit_test(parse_time_forms),
	};

	return cmocka_run_group_tests_name("google", tests, NULL, NULL);
}
