# From the system Sophie replaces: `sophiectl import --from URL` reads the
# seed's Prisma database and brings a clinic's data over (lib/import.c);
# tests/integration/test_import.py builds such a database and imports it.
LIB_SRCS += \
	lib/import.c \
	lib/ctl_import.c
