# The superadmin pages and JSON API (fcgi-bin/superadmin.c holds the
# routes; auth and page rendering come from mk/admin.mk's files).
LIB_SRCS += \
	lib/super_util.c \
	lib/super_login.c \
	lib/super_stats.c \
	lib/super_clinics.c \
	lib/super_practitioners.c \
	lib/super_logs.c \
	lib/super_lists.c \
	lib/super_conversations.c
UNIT_TESTS += \
	test_super
