# Twilio: outbound HTTP client, SHA-1/HMAC, webhook signatures, REST sends
# and media downloads.
LIB_SRCS += \
	lib/crypto.c \
	lib/httpc.c \
	lib/twilio_sig.c \
	lib/twilio_rest.c
UNIT_TESTS += \
	test_crypto \
	test_httpc \
	test_twilio

# Fuzzing the signature canonicaliser (clang, libFuzzer + ASan + UBSan).
#   make fuzz-twilio            30 s; new inputs and crashes go to build-fuzz/
FUZZERS += fuzz_twilio_sig
TWILIO_FUZZ_CC ?= clang
TWILIO_FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
TWILIO_FUZZ_SRCS = fuzz/fuzz_twilio_sig.c lib/twilio_sig.c lib/crypto.c \
	lib/buf.c
TWILIO_FUZZ_TIME ?= 30

build-fuzz/fuzz_twilio_sig: $(TWILIO_FUZZ_SRCS) lib/twilio.h lib/crypto.h \
    lib/buf.h lib/httpc.h
	@mkdir -p $(@D)
	$(TWILIO_FUZZ_CC) $(WARN) $(DEFS) $(TWILIO_FUZZ_FLAGS) -Ilib \
	    $(shell pkg-config --cflags libsodium) $(TWILIO_FUZZ_SRCS) \
	    -o $@ $(shell pkg-config --libs libsodium)

.PHONY: fuzz-twilio
fuzz-twilio: build-fuzz/fuzz_twilio_sig
	@mkdir -p build-fuzz/corpus-twilio
	./build-fuzz/fuzz_twilio_sig -max_total_time=$(TWILIO_FUZZ_TIME) \
	    -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus-twilio fuzz/corpus/twilio
