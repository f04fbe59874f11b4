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

