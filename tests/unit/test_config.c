/*
 * Settings: config.c.  Each test starts from an environment without any
 * Sophie setting and SOPHIE_ENV_FILE pointing at an empty temporary file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

#define KEY64	"000102030405060708090a0b0c0d0e0f" \
		"101112131415161718191a1b1c1d1e1f"
#define SID	"AC0123456789abcdef0123456789ABCDEF"
#define JWT32	"0123456789abcdef0123456789abcdef"
#define T_20261123_1015	INT64_C(1795428900)	/* 2026-11-23T10:15Z */

static const char *const names[] = {
	"NODE_ENV", "PORT", "DATABASE_URL", "PUBLIC_BASE_URL", "JWT_SECRET",
	"SOPHIE_SECRET_KEY", "SOPHIE_DATA_DIR", "SOPHIE_TEMPLATE_DIR",
	"SOPHIE_NLU_MODEL", "DB_PREPARED",
	"LLM_API_URL", "LLM_MODEL_NAME", "LLM_TIMEOUT_MS",
	"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER",
	"TWILIO_API_BASE", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET",
	"GOOGLE_REDIRECT_URI", "GOOGLE_OAUTH_BASE", "GOOGLE_AUTH_BASE",
	"GOOGLE_API_BASE", "SOPHIE_FAKE_NOW", "SOPHIE_WORKERS",
	"SOPHIE_MAX_BODY", "SOPHIE_MEDIA_MAX_BYTES", "SOPHIE_LOG_LEVEL",
	"SOPHIE_HOST_ID", "SOPHIE_SCHEDULE_S", "MEDIA_STORE", "MEDIA_DIR",
	"MEDIA_DB_MAX_BYTES",
};

static char	 envfile[] = "/tmp/sophie-test-config-XXXXXX";
static char	 err[512];

/* Replace the .env file's contents with text. */
static void
write_envfile(const char *text)
{
	FILE	*f;

	assert_non_null(f = fopen(envfile, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int
group_setup(void **state)
{
	int	 fd;

	(void)state;
	if ((fd = mkstemp(envfile)) == -1)
		return -1;
	close(fd);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	unlink(envfile);
	config_reset();
	return 0;
}

/* No Sophie setting in the environment; an empty .env file. */
static int
clean_env(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unsetenv(names[i]);
	setenv("SOPHIE_ENV_FILE", envfile, 1);
	write_envfile("");
	config_reset();
	err[0] = '\0';
	return 0;
}

/* Settings every web-facing program needs. */
static void
set_web_basics(void)
{
	setenv("DATABASE_URL", "postgresql:///sophie", 1);
	setenv("PUBLIC_BASE_URL", "https://sophie.example", 1);
	setenv("SOPHIE_SECRET_KEY", KEY64, 1);
	setenv("JWT_SECRET", JWT32, 1);
}

/* Load for prog expecting a refusal that names name. */
static void
assert_refused(enum config_prog prog, const char *name)
{
	assert_null(config_try(prog, err, sizeof(err)));
	if (strstr(err, name) == NULL)
		fail_msg("\"%s\" does not name %s", err, name);
	assert_null(config_get());
}

/* Load for prog expecting success. */
static const struct config *
load_ok(enum config_prog prog)
{
	const struct config	*c;

	if ((c = config_try(prog, err, sizeof(err))) == NULL)
		fail_msg("refused: %s", err);
	assert_ptr_equal(config_get(), c);
	return c;
}

static void
config_defaults(void **state)
{
	const struct config	*c;

	(void)state;
	set_web_basics();
	c = load_ok(PROG_WEBHOOK);
	assert_string_equal(c->env_name, "development");
	assert_false(c->production);
	assert_int_equal(c->port, 8080);
	assert_string_equal(c->database_url, "postgresql:///sophie");
	assert_string_equal(c->llm_api_url, "http://127.0.0.1:11434/api/chat");
	assert_int_equal(c->llm_timeout_ms, 8000);
	assert_string_equal(c->twilio_api_base, "https://api.twilio.com");
	assert_string_equal(c->twilio_account_sid, "");
	assert_int_equal(c->fake_now, 0);
	assert_int_equal(c->max_body, 1048576);
	assert_string_equal(c->log_level, "info");
}

/* The seed's Prisma-style URLs work; libpq's refusals name the setting. */
static void
config_database_url_forms(void **state)
{
	const struct config	*c;

	(void)state;
	set_web_basics();
	setenv("DATABASE_URL", "postgresql://u:p@db.example:5432/sophie?"
	    "schema=public", 1);
	c = load_ok(PROG_WEBHOOK);
	assert_string_equal(c->database_url, "postgresql://u:p@db.example:"
	    "5432/sophie?options=-c%20search_path%3Dpublic");
	setenv("DATABASE_URL", "postgres://db/sophie?sslmode=require&"
	    "connection_limit=5&schema=clinic_a&pool_timeout=10", 1);
	c = load_ok(PROG_WEBHOOK);
	assert_string_equal(c->database_url, "postgres://db/sophie?"
	    "sslmode=require&options=-c%20search_path%3Dclinic_a");
	/* key=value strings and plain URIs are left as they are. */
	setenv("DATABASE_URL", "host=/run/pg dbname=sophie", 1);
	assert_string_equal(load_ok(PROG_WEBHOOK)->database_url,
	    "host=/run/pg dbname=sophie");
	setenv("DATABASE_URL", "postgresql:///sophie?host=/run/pg", 1);
	assert_string_equal(load_ok(PROG_WEBHOOK)->database_url,
	    "postgresql:///sophie?host=/run/pg");
	/* What libpq refuses stops the start, naming the setting. */
	setenv("DATABASE_URL", "postgresql://db/sophie?nosuchparam=1", 1);
	assert_refused(PROG_WEBHOOK, "DATABASE_URL");
	setenv("DATABASE_URL", "host=db dbname", 1);
	assert_refused(PROG_WEBHOOK, "DATABASE_URL");
	setenv("DATABASE_URL", "postgresql://db/s?schema=a;drop", 1);
	assert_refused(PROG_WEBHOOK, "DATABASE_URL");
}

/*
 * Several hosts (a Patroni cluster): libpq tries them in turn and keeps
 * the one that takes writes; the URL reaches libpq as it was written.
 */
static void
config_database_url_multi_host(void **state)
{
	const char	*u = "postgresql://sophie@10.0.0.1:5432,10.0.0.2:5433,"
	    "[::1]:5434/sophie?target_session_attrs=read-write&"
	    "connect_timeout=2";

	(void)state;
	set_web_basics();
	setenv("DATABASE_URL", u, 1);
	assert_string_equal(load_ok(PROG_WEBHOOK)->database_url, u);
	setenv("DATABASE_URL", "postgresql://sophie@a:1,b:2/sophie?"
	    "target_session_attrs=read-write&schema=clinic", 1);
	assert_string_equal(load_ok(PROG_WORKER)->database_url,
	    "postgresql://sophie@a:1,b:2/sophie?target_session_attrs="
	    "read-write&options=-c%20search_path%3Dclinic");
}

/* DB_PREPARED: 1 by default (named prepared statements), 0 for pgbouncer
 * in transaction mode; nothing else. */
static void
config_db_prepared(void **state)
{
	static const char *const bad[] = { "2", "-1", "yes", "off" };
	size_t	 i;

	(void)state;
	set_web_basics();
	assert_int_equal(load_ok(PROG_WEBHOOK)->db_prepared, 1);
	setenv("DB_PREPARED", "0", 1);
	assert_int_equal(load_ok(PROG_WORKER)->db_prepared, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("DB_PREPARED", bad[i], 1);
		assert_refused(PROG_WEBHOOK, "DB_PREPARED");
	}
}

/* The page programs get an absolute template directory that exists. */
static void
config_template_dir_resolved(void **state)
{
	const struct config	*c;

	(void)state;
	set_web_basics();
	setenv("SOPHIE_TEMPLATE_DIR", "templates", 1);
	c = load_ok(PROG_ADMIN);
	assert_true(c->template_dir[0] == '/');
	assert_non_null(strstr(c->template_dir, "/templates"));
	setenv("SOPHIE_TEMPLATE_DIR", "/nonexistent-templates", 1);
	assert_refused(PROG_ADMIN, "SOPHIE_TEMPLATE_DIR");
	assert_non_null(strstr(err, "/nonexistent-templates"));
	/* The webhook renders no page: the directory is not its concern. */
	assert_non_null(load_ok(PROG_WEBHOOK));
	unsetenv("SOPHIE_TEMPLATE_DIR");
}

static void
config_bad_webhook_without_database_url(void **state)
{
	(void)state;
	set_web_basics();
	unsetenv("DATABASE_URL");
	assert_refused(PROG_WEBHOOK, "DATABASE_URL");
	/* An empty value counts as missing. */
	setenv("DATABASE_URL", "", 1);
	assert_refused(PROG_WEBHOOK, "DATABASE_URL");
}

static void
config_bad_admin_without_jwt_secret(void **state)
{
	(void)state;
	set_web_basics();
	unsetenv("JWT_SECRET");
	assert_refused(PROG_ADMIN, "JWT_SECRET");
	assert_refused(PROG_SUPERADMIN, "JWT_SECRET");
}

static void
config_worker_without_jwt_secret(void **state)
{
	const struct config	*c;

	(void)state;
	set_web_basics();
	unsetenv("JWT_SECRET");
	c = load_ok(PROG_WORKER);
	assert_string_equal(c->jwt_secret, "");
}

static void
config_bad_short_jwt_secret(void **state)
{
	(void)state;
	set_web_basics();
	setenv("JWT_SECRET", "0123456789abcdef0123456789abcde", 1);
	assert_refused(PROG_ADMIN, "JWT_SECRET");
	/* A short secret is refused even where it is optional. */
	assert_refused(PROG_WORKER, "JWT_SECRET");
	setenv("JWT_SECRET", JWT32, 1);
	assert_string_equal(load_ok(PROG_ADMIN)->jwt_secret, JWT32);
}

static void
config_secret_key_decoded(void **state)
{
	const struct config	*c;
	size_t			 i;

	(void)state;
	set_web_basics();
	c = load_ok(PROG_WORKER);
	assert_true(c->have_secret_key);
	for (i = 0; i < sizeof(c->secret_key); i++)
		assert_int_equal(c->secret_key[i], i);
}

static void
config_bad_secret_key(void **state)
{
	static const char *const bad[] = {
		"", "0011", KEY64 "0",
		"zz02030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1f",
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1",
	};
	size_t	 i;

	(void)state;
	set_web_basics();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("SOPHIE_SECRET_KEY", bad[i], 1);
		assert_refused(PROG_WEBHOOK, "SOPHIE_SECRET_KEY");
	}
	unsetenv("SOPHIE_SECRET_KEY");
	assert_refused(PROG_WORKER, "SOPHIE_SECRET_KEY");
	/* sophiectl runs without it. */
	assert_false(load_ok(PROG_CTL)->have_secret_key);
}

static void
config_port_range(void **state)
{
	static const char *const bad[] = {
		"0", "65536", "-1", "80x", " 80", "0x50",
		"99999999999999999999",
	};
	size_t	 i;

	(void)state;
	set_web_basics();
	setenv("PORT", "1", 1);
	assert_int_equal(load_ok(PROG_WEBHOOK)->port, 1);
	setenv("PORT", "65535", 1);
	assert_int_equal(load_ok(PROG_WEBHOOK)->port, 65535);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("PORT", bad[i], 1);
		assert_refused(PROG_WEBHOOK, "PORT");
	}
}

static void
config_bad_llm_timeout_range(void **state)
{
	(void)state;
	set_web_basics();
	setenv("LLM_TIMEOUT_MS", "100", 1);
	assert_int_equal(load_ok(PROG_WORKER)->llm_timeout_ms, 100);
	setenv("LLM_TIMEOUT_MS", "120000", 1);
	assert_int_equal(load_ok(PROG_WORKER)->llm_timeout_ms, 120000);
	setenv("LLM_TIMEOUT_MS", "99", 1);
	assert_refused(PROG_WORKER, "LLM_TIMEOUT_MS");
	setenv("LLM_TIMEOUT_MS", "120001", 1);
	assert_refused(PROG_WORKER, "LLM_TIMEOUT_MS");
	setenv("LLM_TIMEOUT_MS", "8s", 1);
	assert_refused(PROG_WORKER, "LLM_TIMEOUT_MS");
}

static void
config_bad_url(void **state)
{
	static const char *const bad[] = {
		"ftp://api.twilio.com", "https://", "http:///x",
		"api.twilio.com", "https://api twilio.com", "off",
	};
	size_t	 i;

	(void)state;
	set_web_basics();
	setenv("TWILIO_API_BASE", "http://127.0.0.1:9999", 1);
	assert_string_equal(load_ok(PROG_WORKER)->twilio_api_base,
	    "http://127.0.0.1:9999");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("TWILIO_API_BASE", bad[i], 1);
		assert_refused(PROG_WORKER, "TWILIO_API_BASE");
	}
}

static void
config_twilio_sid_and_token(void **state)
{
	const struct config	*c;

	(void)state;
	set_web_basics();
	setenv("TWILIO_ACCOUNT_SID", SID, 1);
	setenv("TWILIO_AUTH_TOKEN", "tok", 1);
	c = load_ok(PROG_WORKER);
	assert_string_equal(c->twilio_account_sid, SID);
	assert_string_equal(c->twilio_auth_token, "tok");
}

static void
config_bad_twilio_sid_format(void **state)
{
	static const char *const bad[] = {
		"AB0123456789abcdef0123456789abcdef",
		"AC0123456789abcdef0123456789abcde",
		"AC0123456789abcdef0123456789abcdef0",
		"AC0123456789abcdef0123456789abcdeg",
		"ac0123456789abcdef0123456789abcdef",
	};
	size_t	 i;

	(void)state;
	set_web_basics();
	setenv("TWILIO_AUTH_TOKEN", "tok", 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("TWILIO_ACCOUNT_SID", bad[i], 1);
		assert_refused(PROG_WORKER, "TWILIO_ACCOUNT_SID");
	}
}

static void
config_bad_twilio_half_configured(void **state)
{
	(void)state;
	set_web_basics();
	setenv("TWILIO_ACCOUNT_SID", SID, 1);
	assert_refused(PROG_WORKER, "TWILIO_AUTH_TOKEN");
	unsetenv("TWILIO_ACCOUNT_SID");
	setenv("TWILIO_AUTH_TOKEN", "tok", 1);
	assert_refused(PROG_WORKER, "TWILIO_ACCOUNT_SID");
}

static void
config_node_env_values(void **state)
{
	(void)state;
	set_web_basics();
	setenv("NODE_ENV", "production", 1);
	assert_true(load_ok(PROG_WEBHOOK)->production);
	setenv("NODE_ENV", "test", 1);
	assert_false(load_ok(PROG_WEBHOOK)->production);
	assert_string_equal(config_get()->env_name, "test");
	setenv("NODE_ENV", "development", 1);
	assert_false(load_ok(PROG_WEBHOOK)->production);
}

static void
config_bad_node_env(void **state)
{
	(void)state;
	set_web_basics();
	setenv("NODE_ENV", "prod", 1);
	assert_refused(PROG_WEBHOOK, "NODE_ENV");
	setenv("NODE_ENV", "Production", 1);
	assert_refused(PROG_WEBHOOK, "NODE_ENV");
}

static void
config_bad_production_http_base_url(void **state)
{
	(void)state;
	set_web_basics();
	setenv("NODE_ENV", "production", 1);
	setenv("PUBLIC_BASE_URL", "http://sophie.example", 1);
	assert_refused(PROG_WEBHOOK, "PUBLIC_BASE_URL");
}

static void
config_fake_now_parsed(void **state)
{
	(void)state;
	set_web_basics();
	setenv("SOPHIE_FAKE_NOW", "2026-11-23T10:15:00Z", 1);
	assert_int_equal(load_ok(PROG_WORKER)->fake_now, T_20261123_1015);
	assert_int_equal(config_now(), T_20261123_1015);
	setenv("SOPHIE_FAKE_NOW", "2026-11-23T11:15:00+01:00", 1);
	assert_int_equal(load_ok(PROG_WORKER)->fake_now, T_20261123_1015);
	setenv("SOPHIE_FAKE_NOW", "2026-11-23T05:15:00-05:00", 1);
	assert_int_equal(load_ok(PROG_WORKER)->fake_now, T_20261123_1015);
	/* Without an offset: UTC. */
	setenv("SOPHIE_FAKE_NOW", "2026-11-23T10:15:00", 1);
	assert_int_equal(load_ok(PROG_WORKER)->fake_now, T_20261123_1015);
	setenv("SOPHIE_FAKE_NOW", "2026-11-23T10:15", 1);
	assert_int_equal(load_ok(PROG_WORKER)->fake_now, T_20261123_1015);
	setenv("SOPHIE_FAKE_NOW", "2026-11-23T10:15:07Z", 1);
	assert_int_equal(load_ok(PROG_WORKER)->fake_now,
	    T_20261123_1015 + 7);
}

static void
config_now_real_without_fake(void **state)
{
	int64_t	 t;

	(void)state;
	set_web_basics();
	load_ok(PROG_WORKER);
	t = config_now();
	assert_true(t > T_20261123_1015 - 5 * 365 * 86400);
	assert_true(t != T_20261123_1015);
}

static void
config_bad_fake_now(void **state)
{
	static const char *const bad[] = {
		"2026-11-23", "2026-11-23 10:15", "2026-11-23T10:15:00+0100",
		"2026-11-23T10:15:00+01", "2026-11-23T10:15:00 Z",
		"2026-11-23T10:15:0Z", "2026-11-23T10:15:00Zjunk",
		"tomorrow", "2026-02-30T10:00Z", "2026-13-01T10:00Z",
		"2026-11-23T10:15:61Z", "2026-11-23T10:15:00+24:00",
		"2026-11-23T10:15:00+01:60",
	};
	size_t	 i;

	(void)state;
	set_web_basics();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("SOPHIE_FAKE_NOW", bad[i], 1);
		assert_refused(PROG_WORKER, "SOPHIE_FAKE_NOW");
	}
}

static void
config_bad_fake_now_in_production(void **state)
{
	(void)state;
	set_web_basics();
	setenv("NODE_ENV", "production", 1);
	setenv("SOPHIE_FAKE_NOW", "2026-11-23T10:15:00Z", 1);
	assert_refused(PROG_WORKER, "SOPHIE_FAKE_NOW");
}

static void
config_env_file_read(void **state)
{
	const struct config	*c;

	(void)state;
	write_envfile(
	    "# Sophie settings\n"
	    "\n"
	    "DATABASE_URL=\"postgresql://u:p@db/sophie?sslmode=require\"\n"
	    "export PUBLIC_BASE_URL='https://clinic.example/'\n"
	    "  SOPHIE_SECRET_KEY=" KEY64 "   # the AEAD key\n"
	    "JWT_SECRET=\"" JWT32 " # not a comment\"\n"
	    "LLM_MODEL_NAME=aida-medical-v1\r\n"
	    "UNKNOWN_THING=ignored\n"
	    "#PORT=1\n"
	    "no equals sign here\n"
	    "PORT=9090\n"
	    "PORT=9191\n");
	c = load_ok(PROG_ADMIN);
	assert_string_equal(c->database_url,
	    "postgresql://u:p@db/sophie?sslmode=require");
	assert_string_equal(c->public_base_url, "https://clinic.example");
	assert_int_equal(c->secret_key[31], 0x1f);
	assert_string_equal(c->jwt_secret, JWT32 " # not a comment");
	assert_string_equal(c->llm_model, "aida-medical-v1");
	/* The first value in the file counts. */
	assert_int_equal(c->port, 9090);
}

static void
config_env_wins_over_file(void **state)
{
	const struct config	*c;

	(void)state;
	set_web_basics();
	write_envfile("PORT=9090\nLLM_MODEL_NAME=from-file\n"
	    "DATABASE_URL=postgresql:///file\n");
	setenv("PORT", "7070", 1);
	c = load_ok(PROG_WEBHOOK);
	assert_int_equal(c->port, 7070);
	assert_string_equal(c->llm_model, "from-file");
	assert_string_equal(c->database_url, "postgresql:///sophie");
}

static void
config_bad_value_in_file_named(void **state)
{
	(void)state;
	set_web_basics();
	write_envfile("LLM_TIMEOUT_MS=forever\n");
	assert_refused(PROG_WORKER, "LLM_TIMEOUT_MS");
}

static void
config_bad_env_file_missing(void **state)
{
	(void)state;
	set_web_basics();
	setenv("SOPHIE_ENV_FILE", "/nonexistent/sophie-test.env", 1);
	assert_refused(PROG_WORKER, "SOPHIE_ENV_FILE");
}

static void
config_public_base_url_trimmed(void **state)
{
	(void)state;
	set_web_basics();
	setenv("PUBLIC_BASE_URL", "https://sophie.example/", 1);
	assert_string_equal(load_ok(PROG_WEBHOOK)->public_base_url,
	    "https://sophie.example");
	setenv("PUBLIC_BASE_URL", "https://sophie.example/base/", 1);
	assert_string_equal(load_ok(PROG_WEBHOOK)->public_base_url,
	    "https://sophie.example/base");
}

static void
config_bad_public_base_url(void **state)
{
	(void)state;
	set_web_basics();
	setenv("PUBLIC_BASE_URL", "sophie.example", 1);
	assert_refused(PROG_WEBHOOK, "PUBLIC_BASE_URL");
	unsetenv("PUBLIC_BASE_URL");
	assert_refused(PROG_WEBHOOK, "PUBLIC_BASE_URL");
	/* The admin does not need it. */
	assert_string_equal(load_ok(PROG_ADMIN)->public_base_url, "");
}

static void
config_llm_off(void **state)
{
	(void)state;
	set_web_basics();
	setenv("LLM_API_URL", "off", 1);
	assert_string_equal(load_ok(PROG_WORKER)->llm_api_url, "");
	setenv("LLM_API_URL", "", 1);
	assert_string_equal(load_ok(PROG_WORKER)->llm_api_url, "");
	setenv("LLM_API_URL", "http://10.0.0.2:11434/api/chat", 1);
	assert_string_equal(load_ok(PROG_WORKER)->llm_api_url,
	    "http://10.0.0.2:11434/api/chat");
	setenv("LLM_API_URL", "ollama", 1);
	assert_refused(PROG_WORKER, "LLM_API_URL");
}

static void
config_bad_log_level(void **state)
{
	(void)state;
	set_web_basics();
	setenv("SOPHIE_LOG_LEVEL", "debug", 1);
	assert_string_equal(load_ok(PROG_WORKER)->log_level, "debug");
	setenv("SOPHIE_LOG_LEVEL", "verbose", 1);
	assert_refused(PROG_WORKER, "SOPHIE_LOG_LEVEL");
}

static void
config_reset_forgets(void **state)
{
	(void)state;
	set_web_basics();
	load_ok(PROG_WORKER);
	config_reset();
	assert_null(config_get());
}

/* Several hosts: media in files by default, MEDIA_DIR the data dir. */
static void
config_media_store_defaults(void **state)
{
	const struct config	*c;

	(void)state;
	set_web_basics();
	setenv("SOPHIE_DATA_DIR", "/srv/sophie", 1);
	c = load_ok(PROG_WORKER);
	assert_string_equal(c->media_store, "path");
	assert_string_equal(c->media_dir, "/srv/sophie");
	assert_int_equal(c->media_db_max_bytes, 5242880);
	assert_int_equal(c->schedule_s, 60);
	assert_string_equal(c->host_id, "");
	config_reset();
	setenv("MEDIA_STORE", "db", 1);
	setenv("MEDIA_DIR", "/mnt/shared", 1);
	setenv("SOPHIE_HOST_ID", "app2", 1);
	c = load_ok(PROG_WORKER);
	assert_string_equal(c->media_store, "db");
	assert_string_equal(c->media_dir, "/mnt/shared");
	assert_string_equal(c->host_id, "app2");
}

/* MEDIA_STORE is db or path; the cap and the period have ranges. */
static void
config_bad_media_store(void **state)
{
	(void)state;
	set_web_basics();
	setenv("MEDIA_STORE", "s3", 1);
	assert_refused(PROG_WORKER, "MEDIA_STORE");
	unsetenv("MEDIA_STORE");
	setenv("MEDIA_DB_MAX_BYTES", "10", 1);
	assert_refused(PROG_WORKER, "MEDIA_DB_MAX_BYTES");
	unsetenv("MEDIA_DB_MAX_BYTES");
	setenv("SOPHIE_SCHEDULE_S", "0", 1);
	assert_refused(PROG_WORKER, "SOPHIE_SCHEDULE_S");
}

#define T(f)	cmocka_unit_test_setup(f, clean_env)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(config_defaults),
		T(config_media_store_defaults),
		T(config_bad_media_store),
		T(config_database_url_forms),
		T(config_database_url_multi_host),
		T(config_db_prepared),
		T(config_template_dir_resolved),
		T(config_bad_webhook_without_database_url),
		T(config_bad_admin_without_jwt_secret),
		T(config_worker_without_jwt_secret),
		T(config_bad_short_jwt_secret),
		T(config_secret_key_decoded),
		T(config_bad_secret_key),
		T(config_port_range),
		T(config_bad_llm_timeout_range),
		T(config_bad_url),
		T(config_twilio_sid_and_token),
		T(config_bad_twilio_sid_format),
		T(config_bad_twilio_half_configured),
		T(config_node_env_values),
		T(config_bad_node_env),
		T(config_bad_production_http_base_url),
		T(config_fake_now_parsed),
		T(config_now_real_without_fake),
		T(config_bad_fake_now),
		T(config_bad_fake_now_in_production),
		T(config_env_file_read),
		T(config_env_wins_over_file),
		T(config_bad_value_in_file_named),
		T(config_bad_env_file_missing),
		T(config_public_base_url_trimmed),
		T(config_bad_public_base_url),
		T(config_llm_off),
		T(config_bad_log_level),
		T(config_reset_forgets),
	};
	return cmocka_run_group_tests_name("config", tests, group_setup,
	    group_teardown);
}
