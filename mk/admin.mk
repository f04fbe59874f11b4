# Authentication (JWT sessions, cookie, CSRF, login throttling) and the
# clinic admin pages and JSON API.
LIB_SRCS += \
	lib/auth.c
UNIT_TESTS += \
	test_auth
