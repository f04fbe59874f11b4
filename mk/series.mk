# Series of appointments and no-shows (issue 21, items 2 and 3): staff
# book N sessions on a rule after a preview of every date (lib/series.c,
# routes in fcgi-bin/admin.c); a no-show brings one message offering to
# rebook, and the clinic's threshold asks for a confirmation
# (lib/noshow.c, a worker job).
LIB_SRCS += \
	lib/series.c \
	lib/series_list.c \
	lib/noshow.c \
	lib/noshow_admin.c
# The answer to the no-show message in the conversation (a yes rebooks).
LIB_SRCS += lib/noshow_eng.c
# Unprompted messages outside WhatsApp's 24-hour window (templates).
LIB_SRCS += lib/noshow_notice.c
