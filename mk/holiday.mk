# Public holidays per country (pure library code, no database).
LIB_SRCS += \
	lib/holiday.c
UNIT_TESTS += \
	test_holiday
