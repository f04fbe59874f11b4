/*
 * privacy: which WhatsApp messages ask for the patient's data to go (the
 * procedure, never an erasure), and the ustar members of the export.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "privacy.h"

static int
asks(const char *s)
{
	return privacy_asks(s, strlen(s));
}

static void
privacy_asks_stop_and_data_requests(void **state)
{
	(void)state;
	assert_true(asks("STOP"));
	assert_true(asks("stop."));
	assert_true(asks("Stop svp"));
	assert_true(asks("supprimez mes données"));
	assert_true(asks("je veux que vous effaciez mes informations"));
	assert_true(asks("Please delete my data"));
	assert_true(asks("Can I get a copy of my data?"));
	assert_true(asks("RGPD : droit à l'oubli"));
	assert_true(asks("I want to be forgotten, right to be forgotten"));
}

static void
privacy_asks_bad_not_a_request(void **state)
{
	(void)state;
	assert_false(asks("Stop, je préfère mardi finalement"));
	assert_false(asks("je voudrais annuler mon rendez-vous"));
	assert_false(asks("supprimez mon rendez-vous de jeudi"));
	assert_false(asks("Please delete my appointment"));
	assert_false(asks("mes données sont à jour ?"));
	assert_false(asks(""));
	assert_false(privacy_asks(NULL, 0));
}

static void
privacy_tar_members(void **state)
{
	struct buf	 b;
	unsigned	 sum = 0;
	size_t		 i;

	(void)state;
	buf_init(&b, 2048);
	assert_int_equal(privacy_tar_add(&b, "data.json", "{}", 2, 0), 0);
	assert_int_equal(b.len, 1024);
	assert_memory_equal(b.p, "data.json", 10);
	assert_memory_equal(b.p + 257, "ustar", 6);
	assert_memory_equal(b.p + 124, "00000000002", 12);
	for (i = 0; i < 512; i++)
		sum += (unsigned char)(i >= 148 && i < 156 ? ' ' : b.p[i]);
	assert_int_equal(sum, (unsigned)strtoul(b.p + 148, NULL, 8));
	assert_memory_equal(b.p + 512, "{}", 2);
	assert_int_equal(privacy_tar_end(&b), 0);
	assert_int_equal(b.len, 2048);
	/* past the buffer's maximum, or a name too long: refused */
	assert_int_equal(privacy_tar_add(&b, "x", "", 0, 0), -1);
	buf_free(&b);
	buf_init(&b, 1 << 16);
	assert_int_equal(privacy_tar_add(&b, "", "", 0, 0), -1);
	assert_int_equal(privacy_tar_add(&b, "media/"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "", 0, 0), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(privacy_asks_stop_and_data_requests),
		cmocka_unit_test(privacy_asks_bad_not_a_request),
		cmocka_unit_test(privacy_tar_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
