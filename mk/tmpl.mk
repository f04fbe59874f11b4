# Templates: HTML escaping primitives and the context-aware template engine.
LIB_SRCS += \
	lib/html.c \
	lib/tmpl.c
UNIT_TESTS += \
	test_html \
	test_tmpl

.PHONY: bench-tmpl

# Renders per second of a 50-row table page (a figure, not a test).
$(B)/bench/bench_tmpl: $(B)/bench/bench_tmpl.o $(LIB)
	$(CC) $(SANLD) -o $@ $< $(LIB) $(LDLIBS)

$(B)/bench/bench_tmpl.o: bench/bench_tmpl.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

bench-tmpl: $(B)/bench/bench_tmpl
	$(B)/bench/bench_tmpl
