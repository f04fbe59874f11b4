/*
 * desk_phone_e164: phone numbers as staff type them (the desk's patient
 * edit, the agenda's booking form and patient search), into E.164.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "desk.h"

/* in with country, expected E.164 (NULL: refused). */
static void
check(const char *in, const char *country, const char *want)
{
	char	 out[DESK_PHONE_MAX];
	int	 rc = desk_phone_e164(in, country, out, sizeof(out));

	if (want == NULL)
		assert_int_equal(rc, -1);
	else {
		assert_int_equal(rc, 0);
		assert_string_equal(out, want);
	}
}

static void
desk_phone_national_and_international(void **state)
{
	(void)state;
	check("06 12 34 56 78", "FR", "+33612345678");
	check("06.12.34.56.78", "FR", "+33612345678");
	check("+33 6 12 34 56 78", "FR", "+33612345678");
	check("+33612345678", "", "+33612345678");
	check("0033 6 12 34 56 78", "FR", "+33612345678");
	check("0470 12 34 56", "BE", "+32470123456");
	check("07700 900123", "GB", "+447700900123");
	check("(415) 555-0100", "US", "+14155550100");
	check("06 1234 5678", "IT", "+390612345678");
	check("0032 470.12.34.56", "FR", "+32470123456");
	check("+1 (415) 555-0100", "FR", "+14155550100");
	check(" 06-12-34-56-78", "FR", "+33612345678");
	check("030 1234567", "DE", "+49301234567");
}

/* Spain, Portugal and Luxembourg dial no trunk "0": none is dropped. */
static void
desk_phone_no_trunk_countries(void **state)
{
	(void)state;
	check("612 34 56 78", "ES", "+34612345678");
	check("912 345 678", "PT", "+351912345678");
	check("621 123 456", "LU", "+352621123456");
	check("0034 612 34 56 78", "FR", "+34612345678");
}

static void
desk_phone_bad_refused(void **state)
{
	char	 small[8];

	(void)state;
	check("", "FR", NULL);
	check("12", "FR", NULL);
	check("612345678", "FR", NULL);		/* national without its 0 */
	check("06 12 34 56 78", "", NULL);	/* no country to read it */
	check("06 12 34 56 78", "XX", NULL);
	check("+0612345678", "FR", NULL);
	check("+33 6 12 34 56 78 90 12 34", "FR", NULL);	/* too long */
	check("06 12 34 56 7a", "FR", NULL);
	check("+33 6 12\n34 56 78", "FR", NULL);
	check("00", "FR", NULL);
	check("abc", "FR", NULL);
	check("06 12;34", "FR", NULL);
	check("+0612", "FR", NULL);
	check("+33 6 12 34 56 78 90 12 34 56", "FR", NULL);
	check("0612 34 56 78", "ES", NULL);	/* no trunk 0 in Spain */
	assert_int_equal(desk_phone_e164("+33612345678", "FR", small,
	    sizeof(small)), -1);
	assert_int_equal(desk_phone_e164(NULL, "FR", small, sizeof(small)),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(desk_phone_national_and_international),
		cmocka_unit_test(desk_phone_no_trunk_countries),
		cmocka_unit_test(desk_phone_bad_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
