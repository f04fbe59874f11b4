# Authentication (JWT sessions, cookie, CSRF, login throttling) and the
# clinic admin pages and JSON API (fcgi-bin/admin.c holds the routes).
LIB_SRCS += \
	lib/auth.c \
	lib/auth_page.c \
	lib/page.c \
	lib/admin_login.c \
	lib/admin_dashboard.c \
	lib/admin_conversations.c \
	lib/admin_patients.c \
	lib/admin_practitioners.c \
	lib/admin_treatments.c \
	lib/admin_appointments.c \
	lib/admin_settings.c \
	lib/admin_logs.c \
	lib/admin_media.c
UNIT_TESTS += \
	test_auth
