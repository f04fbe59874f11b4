# Google Calendar: OAuth (PKCE, signed state, tokens), Calendar v3 calls,
# and calendar sync (free/busy cache, event jobs, incremental sync).
LIB_SRCS += \
	lib/google_oauth.c \
	lib/google_cal.c \
	lib/calsync.c \
	lib/calsync_oauth.c \
	lib/calsync_ctl.c
UNIT_TESTS += \
	test_google
