# Booking and conversation engine, replies, reminders; scenario runner.
LIB_SRCS += \
	lib/replies.c \
	lib/booking.c \
	lib/engine_parse.c \
	lib/engine_ctx.c \
	lib/engine_base.c \
	lib/engine_who.c \
	lib/engine.c \
	lib/engine_turn.c \
	lib/engine_book.c \
	lib/engine_info.c \
	lib/remind.c
UNIT_TESTS += \
	test_engine

# make scenarios [SCENARIOS=dir-or-file]: every scenario file, through the
# real stack (build first: make all).
SCENARIOS ?= tests/scenarios
.PHONY: scenarios
scenarios: all
	python3 tests/scenarios/run.py $(SCENARIOS)

# Turns per second of the worker with the LLM switched off (a figure, no
# pass/fail on time).
.PHONY: bench-engine
bench-engine: all
	python3 bench/bench_engine.py

# What is said beside the flow: attachments, greetings, thanks, a
# doubtful yes, windows of the day (issue 16, items 8, 10, 11, 13).
LIB_SRCS += lib/engine_aside.c
UNIT_TESTS += test_engine_aside
# Several requests in one message, which appointment, for whom.
LIB_SRCS += lib/engine_plan.c
# Corrections at a recap, an emergency that also asks for a booking.
LIB_SRCS += lib/engine_fix.c
LIB_SRCS += lib/engine_shift.c
# "Running late": acknowledged, the staff flagged.
LIB_SRCS += lib/engine_late.c

# Two people in one message, a pick from the list offered.
LIB_SRCS += lib/engine_two.c
