# Hardening: fuzz targets for the TZif reader, Google's answers and the
# request/JSON/router path, and the soak test that runs one webhook
# responder under valgrind for 10,000 requests.
#
#   make fuzz-tz fuzz-google fuzz-reqjson
#                        each FUZZ_TIME seconds (30); new inputs go to
#                        build-fuzz/corpus-<name>, crashes to build-fuzz/
#   make soak            needs `make all` first; SOAK_REQUESTS (10000)
FUZZERS += fuzz_tz fuzz_google fuzz_reqjson
FUZZ_CC ?= clang
FUZZ_TIME ?= 30
HARD_FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

TZ_FUZZ_SRCS = fuzz/fuzz_tz.c lib/tz.c
GOOGLE_FUZZ_SRCS = fuzz/fuzz_google.c lib/google_oauth.c lib/google_cal.c \
	lib/httpc.c lib/config.c lib/buf.c
REQJSON_FUZZ_SRCS = fuzz/fuzz_reqjson.c lib/req.c lib/router.c \
	lib/http_parse.c lib/utf8.c lib/buf.c

build-fuzz/fuzz_tz: $(TZ_FUZZ_SRCS) lib/tz.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(DEFS) $(HARD_FUZZ_FLAGS) -Ilib \
	    $(TZ_FUZZ_SRCS) -o $@

build-fuzz/fuzz_google: $(GOOGLE_FUZZ_SRCS) lib/google.h lib/httpc.h \
    lib/config.h lib/slots.h lib/buf.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(DEFS) $(HARD_FUZZ_FLAGS) -Ilib \
	    $(shell pkg-config --cflags json-c libcurl libsodium) \
	    $(GOOGLE_FUZZ_SRCS) -o $@ \
	    $(shell pkg-config --libs json-c libcurl libsodium)

build-fuzz/fuzz_reqjson: $(REQJSON_FUZZ_SRCS) lib/http.h lib/http_int.h \
    lib/utf8.h lib/buf.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(DEFS) $(HARD_FUZZ_FLAGS) -Ilib \
	    $(shell pkg-config --cflags json-c) \
	    $(REQJSON_FUZZ_SRCS) -o $@ $(shell pkg-config --libs json-c)

.PHONY: fuzz-tz fuzz-google fuzz-reqjson soak
fuzz-tz: build-fuzz/fuzz_tz
	@mkdir -p build-fuzz/corpus-tz
	./build-fuzz/fuzz_tz -max_total_time=$(FUZZ_TIME) -max_len=8192 \
	    -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus-tz fuzz/corpus/tz

fuzz-google: build-fuzz/fuzz_google
	@mkdir -p build-fuzz/corpus-google
	./build-fuzz/fuzz_google -max_total_time=$(FUZZ_TIME) -max_len=8192 \
	    -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus-google fuzz/corpus/google

fuzz-reqjson: build-fuzz/fuzz_reqjson
	@mkdir -p build-fuzz/corpus-reqjson
	./build-fuzz/fuzz_reqjson -max_total_time=$(FUZZ_TIME) -max_len=8192 \
	    -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus-reqjson fuzz/corpus/reqjson

# One webhook responder under valgrind behind a real suite: heap after
# 1,000 and after SOAK_REQUESTS requests; fails when definitely-lost
# bytes grow with the count.
SOAK_REQUESTS ?= 10000
soak:
	@B=$(B) python3 tests/soak/soak.py --requests $(SOAK_REQUESTS)
