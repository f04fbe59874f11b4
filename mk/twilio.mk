# Twilio: outbound HTTP client, SHA-1/HMAC, webhook signatures, REST sends
# and media downloads.
LIB_SRCS += \
	lib/crypto.c \
	lib/httpc.c
UNIT_TESTS += \
	test_crypto \
	test_httpc
