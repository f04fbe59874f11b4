# The reception desk's agenda: grid, booking from it with the engine's
# rules, printable day, CSV exports (lib/agenda.c is pure; the pages are
# lib/agenda_*.c, their routes in fcgi-bin/admin.c).
LIB_SRCS += \
	lib/agenda.c \
	lib/agenda_page.c \
	lib/agenda_book.c \
	lib/agenda_export.c \
	lib/agenda_script.c
UNIT_TESTS += \
	test_agenda
