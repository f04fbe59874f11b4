# Fuzzing: every libFuzzer target (clang, -fsanitize=fuzzer,address,
# undefined), built and run by one macro so that they all run alike.
#
#   make fuzz              every target, FUZZ_TIME seconds each (30)
#   make fuzz-NAME         one target (NAME as in FUZZERS below)
#   make fuzz-build        build them all without running them
#
# Target NAME is fuzz/fuzz_NAME.c linked with FUZZ_NAME_SRCS; it starts
# from the committed seeds in fuzz/corpus/NAME/, adds what it finds to
# build/fuzz/corpus/NAME/ and writes crashes, leaks and timeouts to
# build/fuzz/artifacts/NAME/.  Inputs are cut at FUZZ_NAME_LEN bytes; one
# input running longer than FUZZ_TIMEOUT seconds is a failure.
# fuzz/NAME.dict, when there, is handed over as -dict.  FUZZ_ARGS adds
# libFuzzer flags (e.g. FUZZ_ARGS=-only_ascii=1).
FUZZERS += form twilio nlu llm tmpl tz google reqjson json router

FUZZ_CC      ?= clang
FUZZ_TIME    ?= 30
FUZZ_TIMEOUT ?= 10
FUZZ_ARGS    ?=
FUZZ_DIR      = build/fuzz
FUZZ_FLAGS    = $(WARN) $(DEFS) -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Ilib

# Sources under test, pkg-config packages, extra flags, longest input.
FUZZ_form_SRCS    = lib/http_parse.c lib/utf8.c lib/buf.c
FUZZ_form_PKGS    = json-c
FUZZ_form_LEN     = 4096

FUZZ_twilio_SRCS  = lib/twilio_sig.c lib/crypto.c lib/buf.c
FUZZ_twilio_PKGS  = libsodium
FUZZ_twilio_LEN   = 4096

FUZZ_NLU_SRCS     = lib/nlu.c lib/nlu_learn.c lib/nlu_emerg.c lib/nlu_text.c lib/nlu_date.c lib/nlu_name.c \
	lib/nlu_match.c lib/nlu_intent.c lib/llm.c lib/buf.c lib/desk_phone.c
FUZZ_nlu_SRCS     = $(FUZZ_NLU_SRCS) lib/utf8.c
FUZZ_nlu_PKGS     = json-c
FUZZ_nlu_DEFS     = -DLLM_NO_HTTP
FUZZ_nlu_LEN      = 8192

FUZZ_llm_SRCS     = $(FUZZ_NLU_SRCS) lib/utf8.c
FUZZ_llm_PKGS     = json-c
FUZZ_llm_DEFS     = -DLLM_NO_HTTP
FUZZ_llm_LEN      = 8192

FUZZ_tmpl_SRCS    = lib/tmpl.c lib/html.c lib/buf.c
FUZZ_tmpl_PKGS    = json-c
FUZZ_tmpl_LEN     = 4096

FUZZ_tz_SRCS      = lib/tz.c
FUZZ_tz_LEN       = 8192

FUZZ_google_SRCS  = lib/google_oauth.c lib/google_cal.c lib/httpc.c \
	lib/config.c lib/buf.c
FUZZ_google_PKGS  = json-c libcurl libsodium libpq
FUZZ_google_LEN   = 8192

FUZZ_REQ_SRCS     = lib/req.c lib/router.c lib/http_parse.c lib/utf8.c \
	lib/buf.c
FUZZ_reqjson_SRCS = $(FUZZ_REQ_SRCS)
FUZZ_reqjson_PKGS = json-c libsodium
FUZZ_reqjson_LEN  = 8192

FUZZ_json_SRCS    = $(FUZZ_REQ_SRCS)
FUZZ_json_PKGS    = json-c libsodium
FUZZ_json_LEN     = 16384

FUZZ_router_SRCS  = $(FUZZ_REQ_SRCS)
FUZZ_router_PKGS  = json-c libsodium
FUZZ_router_LEN   = 2048

# $(call fuzz_target,NAME): the binary and the fuzz-NAME rule.
define fuzz_target
$$(FUZZ_DIR)/fuzz_$(1): fuzz/fuzz_$(1).c $$(FUZZ_$(1)_SRCS) \
    $$(wildcard lib/*.h) mk/fuzz.mk
	@mkdir -p $$(@D)
	$$(say) FUZZCC $$@
	$$(Q)$$(FUZZ_CC) $$(FUZZ_FLAGS) $$(FUZZ_$(1)_DEFS) \
	    $$(if $$(FUZZ_$(1)_PKGS),$$(shell pkg-config --cflags \
	    $$(FUZZ_$(1)_PKGS))) -o $$@ fuzz/fuzz_$(1).c $$(FUZZ_$(1)_SRCS) \
	    $$(if $$(FUZZ_$(1)_PKGS),$$(shell pkg-config --libs \
	    $$(FUZZ_$(1)_PKGS)))

.PHONY: fuzz-$(1)
fuzz-$(1): $$(FUZZ_DIR)/fuzz_$(1)
	@mkdir -p $$(FUZZ_DIR)/corpus/$(1) $$(FUZZ_DIR)/artifacts/$(1)
	$$(FUZZ_DIR)/fuzz_$(1) -max_total_time=$$(FUZZ_TIME) \
	    -max_len=$$(FUZZ_$(1)_LEN) -timeout=$$(FUZZ_TIMEOUT) \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$$(FUZZ_DIR)/artifacts/$(1)/ \
	    $$(if $$(wildcard fuzz/$(1).dict),-dict=fuzz/$(1).dict) \
	    $$(FUZZ_ARGS) \
	    $$(FUZZ_DIR)/corpus/$(1) fuzz/corpus/$(1)
endef

$(foreach t,$(FUZZERS),$(eval $(call fuzz_target,$(t))))

.PHONY: fuzz-build
fuzz-build: $(FUZZERS:%=$(FUZZ_DIR)/fuzz_%)
