# Twilio: outbound HTTP client, SHA-1/HMAC, webhook signatures, REST sends
# and media downloads.
LIB_SRCS += \
	lib/crypto.c \
	lib/httpc.c \
	lib/twilio_sig.c
UNIT_TESTS += \
	test_crypto \
	test_httpc \
	test_twilio
LIB_SRCS += \
	lib/twilio_rest.c

# Fuzzing the signature canonicaliser (clang, libFuzzer + ASan + UBSan).
#   make fuzz-twilio            30 s, new inputs kept in build-fuzz/
FUZZERS += fuzz_twilio_sig
FUZZ_CC ?= clang
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_TWILIO_SRCS = fuzz/fuzz_twilio_sig.c lib/twilio_sig.c lib/crypto.c \
	lib/buf.c
FUZZ_TWILIO_TIME ?= 30

build-fuzz/fuzz_twilio_sig: $(FUZZ_TWILIO_SRCS) lib/twilio.h lib/crypto.h \
    lib/buf.h lib/httpc.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(DEFS) $(FUZZ_FLAGS) -Ilib \
	    $(shell pkg-config --cflags libsodium) $(FUZZ_TWILIO_SRCS) \
	    -o $@ $(shell pkg-config --libs libsodium)

.PHONY: fuzz-twilio
fuzz-twilio: build-fuzz/fuzz_twilio_sig
	@mkdir -p build-fuzz/corpus-twilio
	./build-fuzz/fuzz_twilio_sig -max_total_time=$(FUZZ_TWILIO_TIME) \
	    -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus-twilio fuzz/corpus/twilio
