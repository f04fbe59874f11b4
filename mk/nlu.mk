# NLU: the rule-based extractor, the Ollama client and answer validator,
# the evaluation tool (its fuzz targets are in mk/fuzz.mk).
LIB_SRCS += \
	lib/nlu.c \
	lib/nlu_text.c \
	lib/nlu_date.c \
	lib/nlu_name.c \
	lib/nlu_match.c \
	lib/nlu_intent.c \
	lib/nlu_emerg.c \
	lib/llm.c
UNIT_TESTS += \
	test_nlu_date \
	test_nlu \
	test_nlu_emerg \
	test_llm

DEV_CORPUS ?= $(sort $(wildcard tests/nlu/dev/*.jsonl))
HELDOUT_CORPUS ?= $(sort $(wildcard tests/nlu/heldout/*.jsonl))
NLU_EVAL_FLAGS ?=

$(B)/tests/nlu/nlu_eval.o: tests/nlu/nlu_eval.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/tests/nlu/nlu_eval: $(B)/tests/nlu/nlu_eval.o $(LIB)
	$(CC) $(SANLD) -o $@ $< $(LIB) $(LDLIBS)

-include $(B)/tests/nlu/nlu_eval.d

# make nlu-eval [NLU_EVAL_FLAGS=-q]: both corpora, one "nlu:" line each;
# make nlu-eval DEV_CORPUS=path.jsonl HELDOUT_CORPUS= for one file.
nlu-eval: $(B)/tests/nlu/nlu_eval
	$(B)/tests/nlu/nlu_eval --name dev $(NLU_EVAL_FLAGS) $(DEV_CORPUS)
	$(if $(HELDOUT_CORPUS),$(B)/tests/nlu/nlu_eval --name heldout \
	    $(NLU_EVAL_FLAGS) $(HELDOUT_CORPUS))

# The targets of the issue as floors: fails the build below them.
.PHONY: nlu-check
nlu-check: $(B)/tests/nlu/nlu_eval
	$(B)/tests/nlu/nlu_eval -q --min-intent 0.95 --min-date 0.97 \
	    --min-time 0.97 --max-invented 0 --min-rules-only 0.80 \
	    --name dev $(DEV_CORPUS)
