# Hardening unit tests: the email validator, the verify-token hash and
# its constant-time check, the refusal of NUL in JSON request bodies.
UNIT_TESTS += \
	test_hardening
