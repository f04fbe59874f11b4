# NLU: the rule-based extractor, the Ollama client and answer validator,
# the evaluation tool and the fuzz targets.
LIB_SRCS += \
	lib/nlu.c \
	lib/nlu_text.c \
	lib/nlu_date.c \
	lib/nlu_name.c \
	lib/nlu_match.c \
	lib/nlu_intent.c \
	lib/llm.c
UNIT_TESTS += \
	test_nlu_date \
	test_nlu \
	test_llm

CORPUS ?= tests/nlu/corpus.jsonl
NLU_EVAL_FLAGS ?=
FUZZ_TIME ?= 30

$(B)/tests/nlu/nlu_eval.o: tests/nlu/nlu_eval.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/tests/nlu/nlu_eval: $(B)/tests/nlu/nlu_eval.o $(LIB)
	$(CC) $(SANLD) -o $@ $< $(LIB) $(LDLIBS)

-include $(B)/tests/nlu/nlu_eval.d

# make nlu-eval CORPUS=path.jsonl [NLU_EVAL_FLAGS="--min-intent 0.95"]
nlu-eval: $(B)/tests/nlu/nlu_eval
	$(B)/tests/nlu/nlu_eval $(NLU_EVAL_FLAGS) $(CORPUS)

# Fuzz targets: clang libFuzzer + ASan + UBSan, each run FUZZ_TIME seconds.
NLU_FUZZ_SRCS = lib/nlu.c lib/nlu_text.c lib/nlu_date.c lib/nlu_name.c \
	lib/nlu_match.c lib/nlu_intent.c lib/llm.c lib/buf.c
FUZZ_CFLAGS = -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
	-D_DEFAULT_SOURCE -D_GNU_SOURCE -DLLM_NO_HTTP -Ilib \
	$(shell pkg-config --cflags json-c)
FUZZ_LIBS = $(shell pkg-config --libs json-c)

build-fuzz/fuzz_nlu: fuzz/fuzz_nlu.c $(NLU_FUZZ_SRCS) lib/nlu.h lib/nlu_int.h
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_nlu.c $(NLU_FUZZ_SRCS) $(FUZZ_LIBS)

build-fuzz/fuzz_llm: fuzz/fuzz_llm.c $(NLU_FUZZ_SRCS) lib/llm.h lib/nlu.h
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_llm.c $(NLU_FUZZ_SRCS) $(FUZZ_LIBS)

.PHONY: fuzz-nlu
fuzz-nlu: build-fuzz/fuzz_nlu build-fuzz/fuzz_llm
	@mkdir -p build-fuzz/corpus/nlu build-fuzz/corpus/llm
	build-fuzz/fuzz_nlu -max_total_time=$(FUZZ_TIME) \
	    build-fuzz/corpus/nlu fuzz/corpus/nlu
	build-fuzz/fuzz_llm -max_total_time=$(FUZZ_TIME) \
	    build-fuzz/corpus/llm fuzz/corpus/llm

# The targets of the issue as floors: fails the build below them.
.PHONY: nlu-check
nlu-check: $(B)/tests/nlu/nlu_eval
	$(B)/tests/nlu/nlu_eval -q --min-intent 0.95 --min-date 0.97 \
	    --min-time 0.97 --max-invented 0 --min-rules-only 0.80 $(CORPUS)
