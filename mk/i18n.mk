# Message catalogues (templates/i18n/*.txt) for the admin pages.
LIB_SRCS += \
	lib/i18n.c
UNIT_TESTS += \
	test_i18n
