# Staff alerts (issue 17, item 7): raised with the turn's commit, counted
# on every admin page, emailed through an SMTP relay by a worker job.
LIB_SRCS += \
	lib/alert.c \
	lib/alert_smtp.c \
	lib/alert_admin.c
