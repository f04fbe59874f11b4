/*
 * log_sys — see log_sys.h.
 */
#include <stdarg.h>
#include <syslog.h>

#include "log_sys.h"

void
log_sys_open(const char *program)
{
	openlog(program, LOG_PID, LOG_DAEMON);
}

void
log_sys_write(enum log_sys_level lv, const char *fmt, ...)
{
	static const int	 prio[] = { LOG_DEBUG, LOG_INFO, LOG_WARNING,
	    LOG_ERR };
	va_list			 ap;

	va_start(ap, fmt);
	vsyslog(prio[lv], fmt, ap);
	va_end(ap);
}
