# Foundation tests: the form/cookie/path decoders, the router, requests and
# responses, configuration, seal and UTF-8 validation.
UNIT_TESTS += \
	test_form \
	test_router \
	test_req \
	test_config \
	test_seal \
	test_utf8

