/*
 * log — stderr lines and system_logs rows.  A program whose standard
 * error is /dev/null or closed (spawn-fcgi hands its responders that)
 * writes its lines to syslog instead, which journald keeps with the
 * unit.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"
#include "log_sys.h"
#include "utf8.h"

static const char	*prog = "sophie";
static enum log_level	 minlevel = LOG_INFO;
static struct db	*logdb;
static int		 in_log;	/* guards against logging a log failure */
static char		 reqid[41];	/* log_set_request */
static int		 to_syslog;	/* stderr goes nowhere */

static const char *const level_names[] = {
	"DEBUG", "INFO", "WARN", "ERROR", "EVENT"
};

/* Stored as the seed's level names. */
static const char *const level_db[] = {
	"DEBUG", "INFO", "WARN", "ERROR", "INFO"
};

static const struct db_stmt st_log_insert = {
	"log_insert",
	"INSERT INTO system_logs (clinic_id, level, category, event, message, "
	"metadata) VALUES ($1::uuid, $2, $3, $4, $5, CASE WHEN $6 = '' THEN "
	"'{}'::jsonb ELSE jsonb_build_object('request_id', $6) END)",
	6
};

/* Is standard error closed, or /dev/null? */
static int
stderr_lost(void)
{
	struct stat	 e, n;

	if (fstat(2, &e) == -1)
		return 1;
	return S_ISCHR(e.st_mode) && stat("/dev/null", &n) == 0 &&
	    e.st_rdev == n.st_rdev;
}

void
log_init(const char *program, const char *level)
{
	prog = program;
	if ((to_syslog = stderr_lost()))
		log_sys_open(program);
	if (level == NULL || strcmp(level, "info") == 0)
		minlevel = LOG_INFO;
	else if (strcmp(level, "debug") == 0)
		minlevel = LOG_DEBUG;
	else if (strcmp(level, "warn") == 0)
		minlevel = LOG_WARN;
	else if (strcmp(level, "error") == 0)
		minlevel = LOG_ERROR;
}

void
log_set_request(const char *id)
{
	size_t	 o = 0;

	for (; id != NULL && *id != '\0' && o + 1 < sizeof(reqid); id++)
		if ((*id >= '0' && *id <= '9') || (*id >= 'a' && *id <= 'z') ||
		    (*id >= 'A' && *id <= 'Z') || *id == '-')
			reqid[o++] = *id;
	reqid[o] = '\0';
}

const char *
log_request(void)
{
	return reqid;
}

void
log_attach_db(struct db *db)
{
	logdb = db;
}

void
log_escape(const char *s, char *out, size_t outsz)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 o = 0;
	unsigned char		 c;

	if (outsz == 0)
		return;
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			if (o + 1 >= outsz)
				break;
			out[o++] = (char)c;
			continue;
		}
		if (o + 4 >= outsz)
			break;
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 0xf];
	}
	out[o] = '\0';
}

/* Is clinic a well-formed uuid (so the insert cannot fail on it)? */
static int
looks_uuid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return 1;
}

/*
 * Rows logged while a transaction is open wait here and are written by
 * log_flush once it is over, so a log line never joins (or aborts) the
 * caller's transaction and is not lost when that transaction rolls back.
 */
#define LOG_PENDING_MAX	32

struct log_row {
	enum log_level	 lv;
	char		 cat[32];
	char		 ev[64];
	char		 clinic[37];
	char		 msg[1024];
	char		 req[41];
};

static struct log_row	 pending[LOG_PENDING_MAX];
static size_t		 npending;

/* Write one row to system_logs; failures go to stderr only. */
static void
log_write(const struct log_row *row)
{
	const char	*params[6];
	PGresult	*res;

	in_log = 1;
	params[0] = looks_uuid(row->clinic) ? row->clinic : NULL;
	params[1] = level_db[row->lv];
	params[2] = row->cat;
	params[3] = row->ev;
	params[4] = row->msg;
	params[5] = row->req;
	res = db_exec(logdb, &st_log_insert, params);
	PQclear(res);
	in_log = 0;
}

static void
log_store(enum log_level lv, const char *cat, const char *ev,
    const char *clinic, const char *msg)
{
	struct log_row	 row;

	if (logdb == NULL || in_log)
		return;
	row.lv = lv;
	snprintf(row.cat, sizeof(row.cat), "%.*s", (int)sizeof(row.cat) - 1,
	    cat);
	snprintf(row.ev, sizeof(row.ev), "%.*s", (int)sizeof(row.ev) - 1, ev);
	snprintf(row.clinic, sizeof(row.clinic), "%.36s",
	    clinic != NULL ? clinic : "");
	snprintf(row.msg, sizeof(row.msg), "%.*s", (int)sizeof(row.msg) - 1,
	    msg);
	memcpy(row.req, reqid, sizeof(row.req));
	if (db_idle(logdb))
		log_write(&row);
	else if (npending < LOG_PENDING_MAX)
		pending[npending++] = row;
}

void
log_flush(void)
{
	size_t	 i;

	if (logdb == NULL || npending == 0 || !db_idle(logdb))
		return;
	for (i = 0; i < npending; i++)
		log_write(&pending[i]);
	npending = 0;
}

void
log_msg(enum log_level lv, const char *cat, const char *ev,
    const char *clinic, const char *fmt, ...)
{
	char		 raw[2048], esc[4096], ts[32];
	va_list		 ap;
	time_t		 now;
	struct tm	 tm;

	if (lv < minlevel && lv != LOG_EVENT)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	log_escape(raw, esc, sizeof(esc));
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (to_syslog)
		log_sys_write(lv == LOG_ERROR ? LOG_SYS_ERR : lv == LOG_WARN ?
		    LOG_SYS_WARN : lv == LOG_DEBUG ? LOG_SYS_DEBUG : LOG_SYS_INFO,
		    "%s %s %s clinic=%s req=%s \"%s\"", level_names[lv], cat,
		    ev, clinic != NULL && looks_uuid(clinic) ? clinic : "-",
		    reqid[0] != '\0' ? reqid : "-", esc);
	else
		fprintf(stderr, "%s %s %s %s %s clinic=%s req=%s \"%s\"\n", ts,
	    level_names[lv], prog, cat, ev, clinic != NULL && looks_uuid(clinic)
	    ? clinic : "-", reqid[0] != '\0' ? reqid : "-", esc);
	if (lv >= LOG_WARN)
		log_store(lv, cat, ev, clinic,
		    utf8_valid(raw, strlen(raw)) ? raw : esc);
}
