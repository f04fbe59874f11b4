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
