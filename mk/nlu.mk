# NLU: the rule-based extractor, the Ollama client and answer validator,
# the evaluation tool (its fuzz targets are in mk/fuzz.mk).
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

$(B)/tests/nlu/nlu_eval.o: tests/nlu/nlu_eval.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/tests/nlu/nlu_eval: $(B)/tests/nlu/nlu_eval.o $(LIB)
	$(CC) $(SANLD) -o $@ $< $(LIB) $(LDLIBS)

-include $(B)/tests/nlu/nlu_eval.d

# make nlu-eval CORPUS=path.jsonl [NLU_EVAL_FLAGS="--min-intent 0.95"]
nlu-eval: $(B)/tests/nlu/nlu_eval
	$(B)/tests/nlu/nlu_eval $(NLU_EVAL_FLAGS) $(CORPUS)

# The targets of the issue as floors: fails the build below them.
.PHONY: nlu-check
nlu-check: $(B)/tests/nlu/nlu_eval
	$(B)/tests/nlu/nlu_eval -q --min-intent 0.95 --min-date 0.97 \
	    --min-time 0.97 --max-invented 0 --min-rules-only 0.80 $(CORPUS)
