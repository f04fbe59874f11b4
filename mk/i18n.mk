# Message catalogues (templates/i18n/*.txt) for the admin pages.
LIB_SRCS += \
	lib/i18n.c
UNIT_TESTS += \
	test_i18n

# The templates' engine reads the catalogues (fuzz_tmpl links them too).
FUZZ_tmpl_SRCS += lib/i18n.c lib/utf8.c

# fuzz-i18n: Accept-Language and the catalogue parser (mk/fuzz.mk's
# macro; declared here, after it).
FUZZERS += i18n
FUZZ_i18n_SRCS = lib/i18n.c lib/utf8.c
FUZZ_i18n_LEN  = 4096
$(eval $(call fuzz_target,i18n))
