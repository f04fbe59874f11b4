# The waitlist: earlier-slot offers of freed slots (lib/waitlist.h).
LIB_SRCS += \
	lib/waitlist.c \
	lib/waitlist_eng.c \
	lib/waitlist_admin.c
