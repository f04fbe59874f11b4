/*
 * log — one line per event on stderr:
 *   2026-11-24T10:15:00Z WARN webhook SIGNATURE_INVALID clinic=<id> req=<id>
 *       "<message>"
 * Untrusted bytes in the message are escaped (control characters, quotes,
 * backslashes and non-ASCII shown as \xNN).  Warnings, errors and business
 * events are also written as rows of system_logs when a database is attached.
 */
#ifndef SOPHIE_LOG_H
#define SOPHIE_LOG_H

#include <stddef.h>

enum log_level {
	LOG_DEBUG = 0,
	LOG_INFO,
	LOG_WARN,
	LOG_ERROR,
	LOG_EVENT	/* a business event: info on stderr, always stored */
};

struct db;

/* Name the program (first word of each line) and the least level shown. */
void	 log_init(const char *program, const char *level);
/* Attach a database for system_logs rows; NULL detaches. */
void	 log_attach_db(struct db *);
/*
 * Log one event.  category and event are short identifiers (trusted);
 * clinic may be NULL; the formatted message is escaped before output.
 */
void	 log_msg(enum log_level, const char *category, const char *event,
	    const char *clinic, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

#define log_debug(c, e, cl, ...)	log_msg(LOG_DEBUG, c, e, cl, __VA_ARGS__)
#define log_info(c, e, cl, ...)		log_msg(LOG_INFO, c, e, cl, __VA_ARGS__)
#define log_warn(c, e, cl, ...)		log_msg(LOG_WARN, c, e, cl, __VA_ARGS__)
#define log_error(c, e, cl, ...)	log_msg(LOG_ERROR, c, e, cl, __VA_ARGS__)
#define log_event(c, e, cl, ...)	log_msg(LOG_EVENT, c, e, cl, __VA_ARGS__)

/*
 * The id of the request (or job) being handled, shown as req=<id> on
 * each line and kept in system_logs.metadata.request_id until the next
 * call; NULL or "" clears it.  Letters, digits and '-' only (others are
 * dropped), at most 40.
 */
void	 log_set_request(const char *id);

/* The id set by log_set_request, "" when none. */
const char	*log_request(void);

/* Write the rows logged during a transaction that has ended. */
void	 log_flush(void);

/*
 * Escape s into out (outsz bytes, always NUL-terminated, truncated when
 * needed).  Printable ASCII other than '"' and '\\' is kept.
 */
void	 log_escape(const char *s, char *out, size_t outsz);

#endif
