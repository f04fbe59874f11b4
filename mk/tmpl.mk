# Templates: HTML escaping primitives and the context-aware template engine.
LIB_SRCS += \
	lib/html.c \
	lib/tmpl.c
UNIT_TESTS += \
	test_html \
	test_tmpl

.PHONY: fuzz-tmpl bench-tmpl

# libFuzzer target: random template text compiled and rendered with fixed
# data; must never crash. Bounded time, seeds in fuzz/corpus/tmpl/.
FUZZ_CC    ?= clang
FUZZ_TIME  ?= 30
TMPL_FUZZ_SRCS = fuzz/fuzz_tmpl.c lib/tmpl.c lib/html.c lib/buf.c

build/fuzz/fuzz_tmpl: $(TMPL_FUZZ_SRCS) lib/tmpl.h lib/html.h lib/buf.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) -g -O1 $(DEFS) -Ilib \
	    $(shell pkg-config --cflags json-c) \
	    -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined \
	    -o $@ $(TMPL_FUZZ_SRCS) $(shell pkg-config --libs json-c)

fuzz-tmpl: build/fuzz/fuzz_tmpl
	@mkdir -p build/fuzz/corpus-tmpl
	build/fuzz/fuzz_tmpl -max_total_time=$(FUZZ_TIME) -max_len=4096 \
	    -artifact_prefix=build/fuzz/ \
	    build/fuzz/corpus-tmpl fuzz/corpus/tmpl

# Renders per second of a 50-row table page (a figure, not a test).
$(B)/bench/bench_tmpl: $(B)/bench/bench_tmpl.o $(LIB)
	$(CC) $(SANLD) -o $@ $< $(LIB) $(LDLIBS)

$(B)/bench/bench_tmpl.o: bench/bench_tmpl.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

bench-tmpl: $(B)/bench/bench_tmpl
	$(B)/bench/bench_tmpl
