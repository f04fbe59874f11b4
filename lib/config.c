/*
 * config — load and validate settings.  Every setting is one entry of the
 * table below: its name, where it goes, which programs require it, its
 * default and how it is checked.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "config.h"

#define EX_CONFIG	78
#define REQ(p)		(1u << (p))
#define REQ_ALL		0xffffu
#define REQ_WEB		(REQ(PROG_WEBHOOK) | REQ(PROG_OAUTH))
#define REQ_AUTH	(REQ(PROG_ADMIN) | REQ(PROG_SUPERADMIN) | REQ(PROG_OAUTH))
#define REQ_KEY		(REQ(PROG_WEBHOOK) | REQ(PROG_OAUTH) | REQ(PROG_WORKER) \
			    | REQ(PROG_ADMIN) | REQ(PROG_SUPERADMIN))

enum kind {
	K_STR,		/* any non-empty string */
	K_URL,		/* http:// or https:// URL */
	K_URL_OPT,	/* URL, or "off"/"" to switch a service off */
	K_INT,		/* integer within [lo, hi] */
	K_SECRET,	/* at least 32 bytes */
	K_HEXKEY,	/* 64 hex digits (32 bytes) */
	K_ENV,		/* production | development | test */
	K_TIME,		/* ISO time (SOPHIE_FAKE_NOW) */
	K_LEVEL,	/* debug | info | warn | error */
	K_SID,		/* Twilio Account SID: AC + 32 hex */
	K_PGURL		/* libpq connection string or URI (Prisma's too) */
};

struct setting {
	const char	*name;
	enum kind	 kind;
	unsigned	 required;	/* programs that need it */
	const char	*def;		/* default, NULL for none */
	size_t		 off;		/* offset of the field in struct config */
	long		 lo, hi;	/* K_INT range */
};

#define OFF(f)	offsetof(struct config, f)

static const struct setting settings[] = {
	/* The environment name: production refuses test-only settings. */
	{ "NODE_ENV", K_ENV, 0, "development", OFF(env_name), 0, 0 },
	/* Port nginx listens on (make run, tests). */
	{ "PORT", K_INT, 0, "8080", OFF(port), 1, 65535 },
	/* libpq connection string or URL. */
	{ "DATABASE_URL", K_PGURL, REQ_ALL & ~REQ(PROG_TEST), NULL,
	    OFF(database_url), 0, 0 },
	/* The URL Twilio and Google see: signatures, OAuth redirects. */
	{ "PUBLIC_BASE_URL", K_URL, REQ_WEB, NULL, OFF(public_base_url), 0, 0 },
	/* HS256 key for session tokens; no default. */
	{ "JWT_SECRET", K_SECRET, REQ_AUTH, NULL, OFF(jwt_secret), 0, 0 },
	/* Key that encrypts tokens at rest; handled apart (decoded). */
	{ "SOPHIE_SECRET_KEY", K_HEXKEY, REQ_KEY, NULL, 0, 0, 0 },
	/* Where uploads live. */
	{ "SOPHIE_DATA_DIR", K_STR, 0, "./var/data", OFF(data_dir), 0, 0 },
	/* Page templates (loaded once per process). */
	{ "SOPHIE_TEMPLATE_DIR", K_STR, 0, "templates", OFF(template_dir), 0, 0 },
	/* The learned intent layer's model; empty or "off": rules alone. */
	{ "SOPHIE_NLU_MODEL", K_STR, 0, "", OFF(nlu_model), 0, 0 },
	/* Ollama; "off" switches the LLM off (rules only). */
	{ "LLM_API_URL", K_URL_OPT, 0, "http://127.0.0.1:11434/api/chat",
	    OFF(llm_api_url), 0, 0 },
	{ "LLM_MODEL_NAME", K_STR, 0, "aida-medical-v1", OFF(llm_model), 0, 0 },
	{ "LLM_TIMEOUT_MS", K_INT, 0, "8000", OFF(llm_timeout_ms), 100, 120000 },
	/* Twilio: optional; without them replies stay in the outbox. */
	{ "TWILIO_ACCOUNT_SID", K_SID, 0, "", OFF(twilio_account_sid), 0, 0 },
	{ "TWILIO_AUTH_TOKEN", K_STR, 0, "", OFF(twilio_auth_token), 0, 0 },
	{ "TWILIO_PHONE_NUMBER", K_STR, 0, "", OFF(twilio_phone_number), 0, 0 },
	{ "TWILIO_API_BASE", K_URL, 0, "https://api.twilio.com",
	    OFF(twilio_api_base), 0, 0 },
	/* Google Calendar: optional. */
	{ "GOOGLE_CLIENT_ID", K_STR, 0, "", OFF(google_client_id), 0, 0 },
	{ "GOOGLE_CLIENT_SECRET", K_STR, 0, "", OFF(google_client_secret), 0, 0 },
	{ "GOOGLE_REDIRECT_URI", K_STR, 0, "", OFF(google_redirect_uri), 0, 0 },
	{ "GOOGLE_OAUTH_BASE", K_URL, 0, "https://oauth2.googleapis.com",
	    OFF(google_oauth_base), 0, 0 },
	{ "GOOGLE_AUTH_BASE", K_URL, 0, "https://accounts.google.com",
	    OFF(google_auth_base), 0, 0 },
	{ "GOOGLE_API_BASE", K_URL, 0, "https://www.googleapis.com",
	    OFF(google_api_base), 0, 0 },
	/* Staff alert emails: optional; an smtp:// or smtps:// relay, the
	 * sender address, and the relay's credentials when it asks. */
	{ "SMTP_URL", K_STR, 0, "", OFF(smtp_url), 0, 0 },
	{ "SMTP_FROM", K_STR, 0, "", OFF(smtp_from), 0, 0 },
	{ "SMTP_USER", K_STR, 0, "", OFF(smtp_user), 0, 0 },
	{ "SMTP_PASSWORD", K_STR, 0, "", OFF(smtp_password), 0, 0 },
	/* Fixed clock for tests and demos; refused in production. */
	{ "SOPHIE_FAKE_NOW", K_TIME, 0, "", 0, 0, 0 },
	/* Worker processes started by sophie-worker: a turn that waits on
	 * the LLM holds its process (not a transaction), so patients writing
	 * at once wait for a free one; 8 measured p99 3.2 s against 10.6 s
	 * for 2, 20 patients at once with an LLM answering in 1 s. */
	{ "SOPHIE_WORKERS", K_INT, 0, "8", OFF(workers), 1, 64 },
	/* Turns a worker process commits together (0: 16 with the LLM off,
	 * 1 with it on: a batch's turns are decided one after another, so
	 * with a slow LLM each would wait for the others' calls). */
	{ "SOPHIE_TURN_BATCH", K_INT, 0, "0", OFF(turn_batch), 0, 32 },
	/* Seconds a claimed job stays leased; longer than any job runs. */
	{ "SOPHIE_JOB_LEASE_S", K_INT, 0, "120", OFF(job_lease_s), 2, 3600 },
	/* Largest request body accepted (bytes). */
	{ "SOPHIE_MAX_BODY", K_INT, 0, "1048576", OFF(max_body), 1024,
	    64L * 1024 * 1024 },
	/* Largest media download (bytes). */
	{ "SOPHIE_MEDIA_MAX_BYTES", K_INT, 0, "10485760", OFF(media_max_bytes),
	    1024, 100L * 1024 * 1024 },
	{ "SOPHIE_LOG_LEVEL", K_LEVEL, 0, "info", OFF(log_level), 0, 0 },
	/* Named prepared statements (1); 0 runs every statement unprepared,
	 * for pgbouncer in transaction mode (docs/scaling.md). */
	{ "DB_PREPARED", K_INT, 0, "1", OFF(db_prepared), 0, 1 },
	/* Several hosts on one database (issue 20).  This host's name in
	 * the workers' ids ("" : the system's host name). */
	{ "SOPHIE_HOST_ID", K_STR, 0, "", OFF(host_id), 0, 0 },
	/* Seconds between two runs of the periodic work (calendar sync,
	 * reminders scan start), once across all hosts. */
	{ "SOPHIE_SCHEDULE_S", K_INT, 0, "60", OFF(schedule_s), 1, 3600 },
	/* Where media go: "path" (files under MEDIA_DIR, a path every host
	 * shares) or "db" (bytes in PostgreSQL, capped). */
	{ "MEDIA_STORE", K_STR, 0, "path", OFF(media_store), 0, 0 },
	/* The media folder; "" : SOPHIE_DATA_DIR. */
	{ "MEDIA_DIR", K_STR, 0, "", OFF(media_dir), 0, 0 },
	/* Largest media kept in the database (MEDIA_STORE=db), bytes. */
	{ "MEDIA_DB_MAX_BYTES", K_INT, 0, "5242880", OFF(media_db_max_bytes),
	    1024, 100L * 1024 * 1024 },
};

#define NSETTINGS	(sizeof(settings) / sizeof(settings[0]))

static struct config	 cfg;
static int		 loaded;
/* DATABASE_URL as handed to libpq (Prisma's parameters translated). */
static char		 pgurl[2048];
/* Values read from .env files: name=value strings, owned here. */
static char		*filevals[NSETTINGS];

/* Fail: format the one-line reason. Returns -1. */
static int
fail(char *err, size_t errsz, const char *name, const char *why)
{
	snprintf(err, errsz, "config: %s %s", name, why);
	return -1;
}

/*
 * Strip one .env value: optional matching quotes around it, or a trailing
 * " # comment" when unquoted.  Works in place; returns the value.
 */
static char *
env_unquote(char *v)
{
	size_t	 n;
	char	*h;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    v[n - 1] == '\r'))
		v[--n] = '\0';
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		return v + 1;
	}
	if ((h = strstr(v, " #")) != NULL) {
		*h = '\0';
		n = strlen(v);
		while (n > 0 && v[n - 1] == ' ')
			v[--n] = '\0';
	}
	return v;
}

/* Index of a setting by name, or -1. */
static int
setting_index(const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < NSETTINGS; i++)
		if (strlen(settings[i].name) == len &&
		    memcmp(settings[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/*
 * Read one .env file, keeping values of known settings not set already by
 * an earlier file.  Unknown names are ignored (the seed's file has some).
 * Returns 0, or -1 when the file exists but cannot be read.
 */
static int
env_file_read(const char *path, int must_exist, char *err, size_t errsz)
{
	FILE	*f;
	char	 line[4096], *p, *eq, *v;
	int	 idx;

	if ((f = fopen(path, "r")) == NULL) {
		if (!must_exist && errno == ENOENT)
			return 0;
		snprintf(err, errsz, "config: SOPHIE_ENV_FILE %s: %s", path,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		if (strncmp(p, "export ", 7) == 0)
			p += 7;
		if ((eq = strchr(p, '=')) == NULL)
			continue;
		p[strcspn(p, "\n")] = '\0';
		idx = setting_index(p, (size_t)(eq - p));
		if (idx < 0 || filevals[idx] != NULL)
			continue;
		v = env_unquote(eq + 1);
		if ((filevals[idx] = strdup(v)) == NULL)
			break;
	}
	fclose(f);
	return 0;
}

/* The raw value of setting i: environment, then files, then default. */
static const char *
raw_value(size_t i)
{
	const char	*v;

	if ((v = getenv(settings[i].name)) != NULL)
		return v;
	if (filevals[i] != NULL)
		return filevals[i];
	return settings[i].def;
}

/* Parse a decimal long within [lo, hi]. Returns 0 or -1. */
static int
parse_long(const char *s, long lo, long hi, long *out)
{
	char	*end;
	long	 v;

	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Is s an http(s) URL with a host?  Trailing slash allowed. */
static int
is_url(const char *s)
{
	const char	*h;

	if (strncmp(s, "https://", 8) == 0)
		h = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		h = s + 7;
	else
		return 0;
	if (*h == '\0' || *h == '/' || strpbrk(s, " \t\r\n") != NULL)
		return 0;
	return 1;
}

/* Is s "AC" followed by 32 hex digits? */
static int
is_sid(const char *s)
{
	size_t	 i;

	if (strncmp(s, "AC", 2) != 0 || strlen(s) != 34)
		return 0;
	for (i = 2; i < 34; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int
config_parse_iso(const char *s, int64_t *out)
{
	struct tm	 tm, day;
	const char	*p;
	int		 sign, oh, om;
	time_t		 t;

	memset(&tm, 0, sizeof(tm));
	if ((p = strptime(s, "%Y-%m-%dT%H:%M", &tm)) == NULL)
		return -1;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]))
			return -1;
		tm.tm_sec = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (tm.tm_sec > 60)
			return -1;
	}
	sign = 0;
	oh = om = 0;
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (strlen(p) != 6 || p[3] != ':' ||
		    !isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]) ||
		    !isdigit((unsigned char)p[4]) ||
		    !isdigit((unsigned char)p[5]))
			return -1;
		oh = (p[1] - '0') * 10 + (p[2] - '0');
		om = (p[4] - '0') * 10 + (p[5] - '0');
		if (oh > 23 || om > 59)
			return -1;
		p += 6;
	}
	if (*p != '\0')
		return -1;
	/* A day that does not exist (Feb 30) moves when normalised. */
	day = tm;
	day.tm_sec = 0;
	if (timegm(&day) == (time_t)-1 || day.tm_mday != tm.tm_mday)
		return -1;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	*out = (int64_t)t - sign * (oh * 3600 + om * 60);
	return 0;
}

int
config_parse_rfc3339(const char *s, int64_t *out)
{
	char	 t[40];
	size_t	 i, j = 0;

	if (s == NULL || strnlen(s, 64) >= 64 || strnlen(s, 64) < 20 ||
	    s[10] != 'T' || s[16] != ':')
		return -1;
	for (i = 0; s[i] != '\0' && j < sizeof(t) - 1; i++) {
		if (i == 19 && s[i] == '.') {
			for (i++; s[i] >= '0' && s[i] <= '9'; i++)
				;
			i--;
			continue;
		}
		t[j++] = s[i];
	}
	t[j] = '\0';
	/* An offset or Z is required after the seconds. */
	if (j < 20 || (t[19] != 'Z' && t[19] != '+' && t[19] != '-'))
		return -1;
	return config_parse_iso(t, out);
}

/*
 * Parameters of a Prisma-style URL that libpq does not know: "schema"
 * becomes the search_path; the pool and TLS-acceptance ones belong to
 * Prisma's own client and are dropped (the pools here are libpq's own
 * connections, one per process).
 */
static const char *const prisma_only[] = { "connection_limit",
    "pool_timeout", "socket_timeout", "pgbouncer", "statement_cache_size",
    "sslaccept", "sslidentity", "schema" };

/* Is the query parameter at p (up to '=' or '&') one of prisma_only? */
static int
prisma_param(const char *p, const char **schema, size_t *slen)
{
	size_t	 n = strcspn(p, "=&"), k;

	for (k = 0; k < sizeof(prisma_only) / sizeof(prisma_only[0]); k++)
		if (strlen(prisma_only[k]) == n &&
		    strncmp(p, prisma_only[k], n) == 0) {
			if (strcmp(prisma_only[k], "schema") == 0 &&
			    p[n] == '=') {
				*schema = p + n + 1;
				*slen = strcspn(p + n + 1, "&");
			}
			return 1;
		}
	return 0;
}

/*
 * DATABASE_URL for libpq: a postgres:// or postgresql:// URI loses the
 * parameters libpq would refuse (prisma_only), "schema=X" becoming
 * "options=-c search_path=X"; a key=value string is left as it is. Then
 * libpq parses it, so a bad one is refused at start with libpq's reason.
 * Returns the string to use (in buf, bufsz bytes, or v), or NULL with
 * err filled.
 */
static const char *
pg_conninfo_into(const char *name, const char *v, char *buf, size_t bufsz,
    char *err, size_t errsz)
{
	PQconninfoOption *opts;
	const char	*q, *p, *schema = NULL;
	char		*msg = NULL, *nl;
	size_t		 o, slen = 0, n, k;
	int		 first = 1;

	if ((strncmp(v, "postgres://", 11) == 0 ||
	    strncmp(v, "postgresql://", 13) == 0) &&
	    (q = strchr(v, '?')) != NULL) {
		o = (size_t)(q - v);
		if (o + 1 >= bufsz)
			goto toolong;
		memcpy(buf, v, o);
		for (p = q + 1; *p != '\0'; p += n + (p[n] == '&')) {
			n = strcspn(p, "&");
			if (n == 0 || prisma_param(p, &schema, &slen))
				continue;
			if (o + n + 2 >= bufsz)
				goto toolong;
			buf[o++] = first ? '?' : '&';
			memcpy(buf + o, p, n);
			o += n;
			first = 0;
		}
		if (schema != NULL && slen > 0) {
			if (o + slen + 40 >= bufsz)
				goto toolong;
			o += (size_t)snprintf(buf + o, bufsz - o,
			    "%coptions=-c%%20search_path%%3D", first ? '?' :
			    '&');
			for (k = 0; k < slen; k++) {
				if (!isalnum((unsigned char)schema[k]) &&
				    schema[k] != '_') {
					fail(err, errsz, name, "has a schema "
					    "that is not a plain name");
					return NULL;
				}
				buf[o++] = schema[k];
			}
		}
		buf[o] = '\0';
		v = buf;
	}
	if ((opts = PQconninfoParse(v, &msg)) == NULL) {
		if (msg != NULL && (nl = strchr(msg, '\n')) != NULL)
			*nl = '\0';
		snprintf(err, errsz, "config: %s is not a PostgreSQL "
		    "connection string: %s", name, msg != NULL ? msg :
		    "out of memory");
		PQfreemem(msg);
		return NULL;
	}
	PQconninfoFree(opts);
	return v;
toolong:
	fail(err, errsz, name, "is too long");
	return NULL;
}

/* DATABASE_URL's form, into the one buffer the loaded settings use. */
static const char *
pg_conninfo(const char *name, const char *v, char *err, size_t errsz)
{
	return pg_conninfo_into(name, v, pgurl, sizeof(pgurl), err, errsz);
}

int
config_conninfo(const char *name, const char *url, char *out, size_t outsz,
    char *err, size_t errsz)
{
	const char	*v;

	if ((v = pg_conninfo_into(name, url, out, outsz, err, errsz)) == NULL)
		return -1;
	if (v != out) {
		if (strlen(v) >= outsz)
			return fail(err, errsz, name, "is too long");
		memmove(out, v, strlen(v) + 1);
	}
	return 0;
}

/* Check and store one setting. Returns 0 or -1 with err filled. */
static int
apply(size_t i, enum config_prog prog, char *err, size_t errsz)
{
	const struct setting	*s = &settings[i];
	const char		*v = raw_value(i);
	char			*base = (char *)&cfg;
	size_t			 klen;

	if (v == NULL || (*v == '\0' && s->kind != K_URL_OPT)) {
		if (s->required & REQ(prog))
			return fail(err, errsz, s->name, "is missing");
		v = s->def != NULL ? s->def : "";
		if (*v == '\0') {
			if (s->kind != K_HEXKEY && s->kind != K_TIME &&
			    s->off != 0)
				*(const char **)(base + s->off) = "";
			return 0;
		}
	}
	switch (s->kind) {
	case K_INT:
		if (parse_long(v, s->lo, s->hi, (long *)(base + s->off)) == -1) {
			snprintf(err, errsz, "config: %s must be an integer "
			    "from %ld to %ld", s->name, s->lo, s->hi);
			return -1;
		}
		return 0;
	case K_URL:
		if (!is_url(v))
			return fail(err, errsz, s->name,
			    "must be an http:// or https:// URL");
		break;
	case K_URL_OPT:
		if (*v == '\0' || strcmp(v, "off") == 0)
			v = "";
		else if (!is_url(v))
			return fail(err, errsz, s->name,
			    "must be an http(s) URL or \"off\"");
		break;
	case K_SECRET:
		if (strlen(v) < 32)
			return fail(err, errsz, s->name,
			    "must be at least 32 characters");
		break;
	case K_HEXKEY:
		if (strlen(v) != 64 || sodium_hex2bin(cfg.secret_key,
		    sizeof(cfg.secret_key), v, 64, NULL, &klen, NULL) != 0 ||
		    klen != 32)
			return fail(err, errsz, s->name,
			    "must be 64 hex digits (32 bytes)");
		cfg.have_secret_key = 1;
		return 0;
	case K_ENV:
		if (strcmp(v, "production") != 0 &&
		    strcmp(v, "development") != 0 && strcmp(v, "test") != 0)
			return fail(err, errsz, s->name, "must be production, "
			    "development or test");
		break;
	case K_TIME:
		if (config_parse_iso(v, &cfg.fake_now) == -1)
			return fail(err, errsz, s->name,
			    "must be an ISO time like 2026-11-23T10:15:00Z");
		return 0;
	case K_LEVEL:
		if (strcmp(v, "debug") != 0 && strcmp(v, "info") != 0 &&
		    strcmp(v, "warn") != 0 && strcmp(v, "error") != 0)
			return fail(err, errsz, s->name,
			    "must be debug, info, warn or error");
		break;
	case K_SID:
		if (!is_sid(v))
			return fail(err, errsz, s->name,
			    "must be AC followed by 32 hex digits");
		break;
	case K_PGURL:
		if ((v = pg_conninfo(s->name, v, err, errsz)) == NULL)
			return -1;
		break;
	case K_STR:
		break;
	}
	*(const char **)(base + s->off) = v;
	return 0;
}

/* Checks that span several settings. Returns 0 or -1. */
static int
check_together(enum config_prog prog, char *err, size_t errsz)
{
	static char	 tdir[PATH_MAX];
	char		 why[PATH_MAX + 64];
	size_t		 n;

	/* The programs that render pages: their templates, as an absolute
	 * directory that exists, whatever the working directory later. */
	if (prog == PROG_ADMIN || prog == PROG_SUPERADMIN ||
	    prog == PROG_OAUTH) {
		if (realpath(cfg.template_dir, tdir) == NULL) {
			snprintf(why, sizeof(why), "%s: %s", cfg.template_dir,
			    strerror(errno));
			return fail(err, errsz, "SOPHIE_TEMPLATE_DIR", why);
		}
		cfg.template_dir = tdir;
	}
	cfg.production = strcmp(cfg.env_name, "production") == 0;
	if (cfg.production && cfg.fake_now != 0)
		return fail(err, errsz, "SOPHIE_FAKE_NOW",
		    "is refused when NODE_ENV is production");
	if (cfg.production && cfg.public_base_url[0] != '\0' &&
	    strncmp(cfg.public_base_url, "https://", 8) != 0)
		return fail(err, errsz, "PUBLIC_BASE_URL",
		    "must be https:// in production");
	if ((cfg.twilio_account_sid[0] == '\0') !=
	    (cfg.twilio_auth_token[0] == '\0'))
		return fail(err, errsz, cfg.twilio_account_sid[0] == '\0' ?
		    "TWILIO_ACCOUNT_SID" : "TWILIO_AUTH_TOKEN",
		    "is missing (Twilio needs both the SID and the token)");
	if (cfg.smtp_url[0] != '\0' &&
	    strncmp(cfg.smtp_url, "smtp://", 7) != 0 &&
	    strncmp(cfg.smtp_url, "smtps://", 8) != 0)
		return fail(err, errsz, "SMTP_URL",
		    "must be smtp://host[:port] or smtps://host[:port]");
	if ((cfg.smtp_url[0] == '\0') != (cfg.smtp_from[0] == '\0'))
		return fail(err, errsz, cfg.smtp_url[0] == '\0' ? "SMTP_URL" :
		    "SMTP_FROM", "is missing (alert emails need the relay and "
		    "the sender)");
	if (strcmp(cfg.media_store, "path") != 0 &&
	    strcmp(cfg.media_store, "db") != 0)
		return fail(err, errsz, "MEDIA_STORE", "must be db or path");
	if (cfg.media_dir[0] == '\0')
		cfg.media_dir = cfg.data_dir;
	/* Keep the base URL without its trailing slash. */
	n = strlen(cfg.public_base_url);
	if (n > 0 && cfg.public_base_url[n - 1] == '/') {
		static char	 trimmed[1024];

		if (n >= sizeof(trimmed))
			return fail(err, errsz, "PUBLIC_BASE_URL", "is too long");
		memcpy(trimmed, cfg.public_base_url, n - 1);
		trimmed[n - 1] = '\0';
		cfg.public_base_url = trimmed;
	}
	return 0;
}

void
config_reset(void)
{
	size_t	 i;

	for (i = 0; i < NSETTINGS; i++) {
		free(filevals[i]);
		filevals[i] = NULL;
	}
	memset(&cfg, 0, sizeof(cfg));
	loaded = 0;
}

const struct config *
config_try(enum config_prog prog, char *err, size_t errsz)
{
	const char	*path;
	size_t		 i;

	config_reset();
	if (sodium_init() < 0) {
		snprintf(err, errsz, "config: libsodium failed to start");
		return NULL;
	}
	if ((path = getenv("SOPHIE_ENV_FILE")) != NULL && *path != '\0') {
		if (env_file_read(path, 1, err, errsz) == -1)
			return NULL;
	} else if (env_file_read(".env", 0, err, errsz) == -1 ||
	    env_file_read("var/sophie.env", 0, err, errsz) == -1)
		return NULL;
	for (i = 0; i < NSETTINGS; i++)
		if (apply(i, prog, err, errsz) == -1)
			return NULL;
	if (check_together(prog, err, errsz) == -1)
		return NULL;
	loaded = 1;
	return &cfg;
}

int
config_problems(enum config_prog prog, void (*fn)(const char *, void *),
    void *arg)
{
	const char	*path;
	char		 err[512];
	size_t		 i;
	int		 n = 0;

	config_reset();
	if ((path = getenv("SOPHIE_ENV_FILE")) != NULL && *path != '\0') {
		if (env_file_read(path, 1, err, sizeof(err)) == -1) {
			fn(err, arg);
			return 1;
		}
	} else if (env_file_read(".env", 0, err, sizeof(err)) == -1 ||
	    env_file_read("var/sophie.env", 0, err, sizeof(err)) == -1) {
		fn(err, arg);
		return 1;
	}
	for (i = 0; i < NSETTINGS; i++)
		if (apply(i, prog, err, sizeof(err)) == -1) {
			fn(err, arg);
			n++;
		}
	if (n == 0 && check_together(prog, err, sizeof(err)) == -1) {
		fn(err, arg);
		n++;
	}
	config_reset();
	return n;
}

const struct config *
config_load(enum config_prog prog)
{
	const struct config	*c;
	char			 err[512];

	if ((c = config_try(prog, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sophie: %s\n", err);
		exit(EX_CONFIG);
	}
	return c;
}

const struct config *
config_get(void)
{
	return loaded ? &cfg : NULL;
}

int64_t
config_now(void)
{
	struct timespec	 ts;

	if (loaded && cfg.fake_now != 0)
		return cfg.fake_now;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}
