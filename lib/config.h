/*
 * config — settings from the environment or a .env file, read once at start
 * and validated.  A missing or malformed required setting stops the program
 * with one line naming it and exit status 78 (EX_CONFIG).
 */
#ifndef SOPHIE_CONFIG_H
#define SOPHIE_CONFIG_H

#include <stdint.h>
#include <stddef.h>

/* Which program is starting: decides which settings are required. */
enum config_prog {
	PROG_WEBHOOK = 0,
	PROG_ADMIN,
	PROG_SUPERADMIN,
	PROG_OAUTH,
	PROG_WORKER,
	PROG_CTL,
	PROG_TEST,
	PROG__MAX
};

struct config {
	const char	*env_name;	/* NODE_ENV: production, development, test */
	int		 production;	/* env_name is "production" */
	long		 port;		/* PORT */
	const char	*database_url;	/* DATABASE_URL */
	const char	*public_base_url; /* PUBLIC_BASE_URL, no trailing slash */
	const char	*jwt_secret;	/* JWT_SECRET, >= 32 bytes */
	unsigned char	 secret_key[32];/* SOPHIE_SECRET_KEY, decoded */
	int		 have_secret_key;
	const char	*data_dir;	/* SOPHIE_DATA_DIR */
	const char	*template_dir;	/* SOPHIE_TEMPLATE_DIR */
	const char	*nlu_model;	/* SOPHIE_NLU_MODEL, "" or "off": none */
	const char	*llm_api_url;	/* LLM_API_URL; "" when switched off */
	const char	*llm_model;	/* LLM_MODEL_NAME */
	long		 llm_timeout_ms;/* LLM_TIMEOUT_MS */
	const char	*twilio_account_sid;
	const char	*twilio_auth_token;
	const char	*twilio_phone_number;
	const char	*twilio_api_base;
	const char	*google_client_id;
	const char	*google_client_secret;
	const char	*google_redirect_uri;
	const char	*google_oauth_base;	/* token endpoint host */
	const char	*google_auth_base;	/* consent page host */
	const char	*google_api_base;	/* Calendar API host */
	const char	*smtp_url;	/* SMTP_URL: smtp(s)://relay, "" none */
	const char	*smtp_from;	/* SMTP_FROM: the alerts' sender */
	const char	*smtp_user;	/* SMTP_USER, "" when none */
	const char	*smtp_password;	/* SMTP_PASSWORD, "" when none */
	int64_t		 fake_now;	/* SOPHIE_FAKE_NOW as UTC seconds, or 0 */
	long		 workers;	/* SOPHIE_WORKERS */
	long		 job_lease_s;	/* SOPHIE_JOB_LEASE_S */
	long		 turn_batch;	/* SOPHIE_TURN_BATCH (0: by the LLM) */
	long		 max_body;	/* SOPHIE_MAX_BODY bytes */
	long		 media_max_bytes; /* SOPHIE_MEDIA_MAX_BYTES */
	const char	*log_level;	/* SOPHIE_LOG_LEVEL */
	long		 db_prepared;	/* DB_PREPARED: 0 unprepared */
	const char	*host_id;	/* SOPHIE_HOST_ID, "" : gethostname */
	long		 schedule_s;	/* SOPHIE_SCHEDULE_S */
	const char	*media_store;	/* MEDIA_STORE: "path" or "db" */
	const char	*media_dir;	/* MEDIA_DIR, else SOPHIE_DATA_DIR */
	long		 media_db_max_bytes; /* MEDIA_DB_MAX_BYTES */
};

/*
 * Load the settings for prog: the environment first, then the file named by
 * SOPHIE_ENV_FILE, else ./.env and ./var/sophie.env when present (the
 * environment wins).  On a bad setting writes one line to stderr and exits
 * with status 78.  Returns the process-wide configuration (never NULL).
 */
const struct config *config_load(enum config_prog prog);

/*
 * The same, but returns NULL instead of exiting and writes the one-line
 * reason into err (errsz bytes).  For tests.
 */
const struct config *config_try(enum config_prog prog, char *err,
	    size_t errsz);

/*
 * Every problem of prog's settings, not only the first: fn gets each
 * one-line reason. Returns how many (0: prog would start). Loads nothing.
 */
int	 config_problems(enum config_prog prog,
	    void (*fn)(const char *why, void *arg), void *arg);

/*
 * A PostgreSQL URL or key=value string for libpq, as DATABASE_URL is read
 * (Prisma's "?schema=X" becomes the search path, its pool parameters are
 * dropped), written into out.  name labels the one-line reason in err.
 * Returns 0, or -1 when libpq would refuse it.
 */
int	 config_conninfo(const char *name, const char *url, char *out,
	    size_t outsz, char *err, size_t errsz);

/* The configuration loaded last (NULL before config_load). */
const struct config *config_get(void);

/* Forget everything loaded (tests); the next config_try starts afresh. */
void	 config_reset(void);

/* Current time, honouring SOPHIE_FAKE_NOW: UTC seconds. */
int64_t	 config_now(void);

/* Parse "YYYY-MM-DDTHH:MM[:SS]" (+ optional Z or +HH:MM) as UTC seconds.
 * Without an offset the time is read as UTC.  Returns 0 or -1. */
int	 config_parse_iso(const char *, int64_t *out);

/* Parse an RFC 3339 date-time, offset or Z required, fractional seconds
 * ignored (Google's times, PostgreSQL's timestamptz in JSON).  0 or -1. */
int	 config_parse_rfc3339(const char *, int64_t *out);

#endif
