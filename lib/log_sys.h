/*
 * log_sys — the log's way to syslog, apart from log.c because
 * <syslog.h> defines LOG_INFO and LOG_DEBUG, which log.h names too.
 */
#ifndef SOPHIE_LOG_SYS_H
#define SOPHIE_LOG_SYS_H

enum log_sys_level {
	LOG_SYS_DEBUG, LOG_SYS_INFO, LOG_SYS_WARN, LOG_SYS_ERR
};

/* Open syslog under program's name (with the pid, facility daemon). */
void	 log_sys_open(const char *program);
/* One line to syslog at that level. */
void	 log_sys_write(enum log_sys_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
