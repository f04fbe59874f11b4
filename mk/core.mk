# Core: buffers, configuration, logging, database, HTTP/FastCGI plumbing.
LIB_SRCS += \
	lib/buf.c
UNIT_TESTS += \
	test_buf \
	test_log
LIB_SRCS += \
	lib/utf8.c \
	lib/config.c \
	lib/log.c \
	lib/log_sys.c \
	lib/db.c \
	lib/http_parse.c \
	lib/req.c \
	lib/router.c \
	lib/fcgi.c \
	lib/app.c \
	lib/migrate.c \
	lib/seal.c \
	lib/intake.c \
	lib/outbox.c \
	lib/media.c \
	lib/turn.c
RESPONDERS += webhook admin superadmin oauth
PROGRAMS += sophiectl sophie-worker
LIB_SRCS += \
	lib/passwd.c \
	lib/jobs.c \
	lib/worker.c \
	lib/worker_jobs.c \
	lib/ctl.c \
	lib/ctl_demo.c \
	lib/ctl_config.c \
	lib/ctl_backup.c \
	lib/ctl_understand.c \
	lib/ctl_chat.c \
	lib/ctl_holidays.c
