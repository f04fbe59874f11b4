# Booking and conversation engine, replies, reminders; scenario runner.
LIB_SRCS += \
	lib/replies.c \
	lib/booking.c \
	lib/engine_parse.c \
	lib/engine_ctx.c \
	lib/engine.c \
	lib/engine_book.c \
	lib/engine_info.c \
	lib/remind.c
