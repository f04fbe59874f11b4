# Time zones and the availability engine (pure library code, no database).
LIB_SRCS += \
	lib/tz.c \
	lib/slots.c
UNIT_TESTS += \
	test_tz \
	test_slots

.PHONY: bench-slots
# Proposals per second against a busy month; prints a figure, never fails
# on time.  Always optimised (-O2), whatever SAN says.
$(B)/bench/bench_slots: bench/bench_slots.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O2 -o $@ bench/bench_slots.c $(LIB) $(LDLIBS)

bench-slots: $(B)/bench/bench_slots
	./$(B)/bench/bench_slots
