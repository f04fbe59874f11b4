# The patient's rights (issue 21, item 4): export as one tar archive,
# erasure, retention of transcripts, the procedure for a patient who
# asks on WhatsApp.  sql/024_privacy.sql does the database part; routes
# in fcgi-bin/admin.c, the command in bin/sophiectl.c, the job in
# lib/worker_jobs.c.
LIB_SRCS += \
	lib/privacy.c \
	lib/privacy_tar.c \
	lib/privacy_admin.c \
	lib/privacy_intent.c \
	lib/ctl_privacy.c
UNIT_TESTS += \
	test_privacy
