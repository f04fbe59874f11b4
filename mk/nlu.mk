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
	test_nlu_match \
	test_nlu_emerg \
	test_llm \
	test_nlu_learn

DEV_CORPUS ?= $(sort $(wildcard tests/nlu/dev/*.jsonl))
HELDOUT_CORPUS ?= $(sort $(wildcard tests/nlu/heldout/*.jsonl))
# Cases moved out of the held-out corpus once read, that the rules still
# get wrong: measured, not floored.
KNOWN_CORPUS ?= $(sort $(wildcard tests/nlu/known/*.jsonl))
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
	$(if $(KNOWN_CORPUS),$(B)/tests/nlu/nlu_eval --name known \
	    $(NLU_EVAL_FLAGS) $(KNOWN_CORPUS))

# The targets of the issue as floors: fails the build below them.
.PHONY: nlu-check
nlu-check: $(B)/tests/nlu/nlu_eval
	$(B)/tests/nlu/nlu_eval -q --min-intent 0.95 --min-date 0.97 \
	    --min-time 0.97 --max-invented 0 --min-rules-only 0.80 \
	    --name dev $(DEV_CORPUS)

# The learned layer (issue: understanding): a fastText intent classifier
# trained at build time from the development corpus, measured against the
# rules on the three corpora by `make nlu-eval-ft` (rules, classifier,
# both).
LIB_SRCS += lib/nlu_learn.c
FT_MODEL = $(B)/nlu/intent.bin
FT_PREP = $(B)/tests/nlu/ft_prep
FT_FLAGS = -dim 30 -epoch 40 -lr 0.5 -wordNgrams 2 -minn 2 -maxn 5 \
	-bucket 50000 -thread 1 -seed 1 -verbose 0
# Generated messages (tests/nlu/ft_gen.py: paraphrase templates per
# intent over several kinds of clinic, SMS spellings, typing slips, mixed
# languages, long messages), FT_GEN_N per intent, emergencies left to
# the corpus. Off by default: 300 per intent raised the classifier alone
# on held-out from 0.927 to 0.947 but left rules + classifier at 0.970
# (the classifier decides only where the rules are unsure), and raised
# one more false emergency on known. After FT_GEN_N is changed on the
# command line, remove $(B)/nlu/gen.jsonl (a change here is seen).
FT_GEN = tests/nlu/ft_gen.py
FT_GEN_N ?= 0
FT_GEN_FLAGS = -n $(FT_GEN_N) --seed 1 --skip EMERGENCY

$(B)/tests/nlu/ft_prep: tests/nlu/ft_prep.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SANLD) -o $@ $< $(LIB) $(LDLIBS)

# The training file is replaced only when its text changes, so that a
# new libsophie.a (hence a new ft_prep) does not retrain the model.
$(B)/nlu/gen.jsonl: $(FT_GEN) mk/nlu.mk
	@mkdir -p $(@D)
	@python3 $(FT_GEN) $(FT_GEN_FLAGS) > $@.tmp && mv $@.tmp $@

$(B)/nlu/intent.train: $(FT_PREP) $(DEV_CORPUS) $(B)/nlu/gen.jsonl
	@mkdir -p $(@D)
	@{ $(FT_PREP) -v 2 $(DEV_CORPUS) && \
	    $(FT_PREP) -v 0 $(B)/nlu/gen.jsonl; } > $@.tmp && \
	    if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(FT_MODEL): $(B)/nlu/intent.train mk/nlu.mk
	fasttext supervised -input $< -output $(B)/nlu/intent $(FT_FLAGS)

$(B)/lib/nlu_ft.o: lib/nlu_ft.cc lib/nlu_ft.h
	@mkdir -p $(@D)
	$(CXX) -std=c++17 -Wall -Wextra -Werror -O2 -g $(SANLD) -Ilib \
	    -c $< -o $@

# The learned layer for programs: the C++ shim and the start-up that
# loads SOPHIE_NLU_MODEL, kept out of libsophie.a (which stays C only).
FT_LIB = $(B)/libsophie_ft.a
FT_LIBS = -lfasttext -lstdc++ -lpthread

$(FT_LIB): $(B)/lib/nlu_ft.o $(B)/lib/nlu_start.o
	@mkdir -p $(@D)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

# `make` trains the model the programs load.
all: $(FT_MODEL)

$(B)/tests/nlu/nlu_eval_ft: tests/nlu/nlu_eval.c $(FT_LIB) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DNLU_FT $(SANLD) -o $@ $< $(FT_LIB) \
	    $(LIB) $(LDLIBS) $(FT_LIBS)

.PHONY: nlu-eval-ft
nlu-eval-ft: $(B)/tests/nlu/nlu_eval_ft $(FT_MODEL)
	@for c in dev heldout known; do \
	    if [ $$c = dev ]; then files="$(DEV_CORPUS)"; \
	    elif [ $$c = known ]; then files="$(KNOWN_CORPUS)"; \
	    else files="$(HELDOUT_CORPUS)"; fi; \
	    [ -n "$$files" ] || continue; \
	    for m in rules ft both; do \
	        $(B)/tests/nlu/nlu_eval_ft -q --model $(FT_MODEL) --mode $$m \
	            --name $$c-$$m $$files | grep -E '^(nlu|emergency):'; \
	    done; \
	done
