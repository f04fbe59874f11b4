# Foundation tests: the form/cookie/path decoders, the router, requests and
# responses, configuration, seal and UTF-8 validation.
UNIT_TESTS += \
	test_form \
	test_router \
	test_req \
	test_config \
	test_seal \
	test_utf8

# Fuzzing the form, cookie and path segment decoders (clang, libFuzzer +
# ASan + UBSan).
#   make fuzz-form               FUZZ_TIME seconds (30); new inputs and
#                                crashes go to build-fuzz/
FUZZERS += fuzz_form
FUZZ_CC ?= clang
FUZZ_TIME ?= 30
FORM_FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FORM_FUZZ_SRCS = fuzz/fuzz_form.c lib/http_parse.c lib/utf8.c lib/buf.c

build-fuzz/fuzz_form: $(FORM_FUZZ_SRCS) lib/http.h lib/utf8.h lib/buf.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(DEFS) $(FORM_FUZZ_FLAGS) -Ilib \
	    $(shell pkg-config --cflags json-c) $(FORM_FUZZ_SRCS) -o $@

.PHONY: fuzz-form
fuzz-form: build-fuzz/fuzz_form
	@mkdir -p build-fuzz/corpus-form
	./build-fuzz/fuzz_form -max_total_time=$(FUZZ_TIME) -max_len=4096 \
	    -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus-form fuzz/corpus/form
