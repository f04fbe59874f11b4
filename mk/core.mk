# Core: buffers, configuration, logging, database, HTTP/FastCGI plumbing.
LIB_SRCS += \
	lib/buf.c
UNIT_TESTS += \
	test_buf
