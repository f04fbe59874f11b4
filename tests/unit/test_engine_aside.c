/*
 * test_engine_aside — the windows of the day the engine reads beside
 * the extractor ("after 5pm", "avant 10h", "at lunchtime", "en fin
 * d'après-midi"), and the words that must not make one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine_int.h"

/* Window of text (with the time the extractor found, or NULL): 1 and
 * lo/hi set, or 0. */
static int
window(const char *text, const char *time, int *lo, int *hi)
{
	static struct eng	 e;
	static char		 buf[256];

	memset(&e, 0, sizeof(e));
	nlu_result_init(&e.nlu);
	snprintf(buf, sizeof(buf), "%s", text);
	e.text = buf;
	e.len = strlen(buf);
	if (time != NULL)
		snprintf(e.nlu.val[NLU_F_TIME], NLU_VALUE_MAX, "%s", time);
	return eng_aside_window(&e, lo, hi);
}

static void
window_after_before(void **state)
{
	int	 lo, hi;

	(void)state;
	assert_int_equal(window("Wednesday after 5pm?", "17:00", &lo, &hi), 1);
	assert_int_equal(lo, 17 * 60);
	assert_int_equal(hi, 24 * 60);
	assert_int_equal(window("mardi après 17h", "17:00", &lo, &hi), 1);
	assert_int_equal(lo, 17 * 60);
	assert_int_equal(window("à partir de 16h30", "16:30", &lo, &hi), 1);
	assert_int_equal(lo, 16 * 60 + 30);
	assert_int_equal(window("jeudi avant 10h", "10:00", &lo, &hi), 1);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 10 * 60);
	assert_int_equal(window("not before nine", "09:00", &lo, &hi), 1);
	assert_int_equal(lo, 9 * 60);
}

static void
window_parts_of_day(void **state)
{
	int	 lo, hi;

	(void)state;
	assert_int_equal(window("at lunchtime on Thursday", NULL, &lo, &hi), 1);
	assert_int_equal(lo, 12 * 60);
	assert_int_equal(hi, 14 * 60);
	assert_int_equal(window("pendant la pause déjeuner", NULL, &lo, &hi),
	    1);
	assert_int_equal(lo, 12 * 60);
	/* the end of a part of the day: 2, its last times are meant */
	assert_int_equal(window("jeudi en fin d'après-midi", NULL, &lo, &hi),
	    2);
	assert_int_equal(lo, 16 * 60);
	assert_int_equal(window("late afternoon please", NULL, &lo, &hi), 2);
	assert_int_equal(lo, 16 * 60);
	assert_int_equal(window("une consultation en fin de matinée", NULL,
	    &lo, &hi), 2);
	assert_int_equal(lo, 10 * 60 + 30);
	assert_int_equal(hi, 13 * 60);
	assert_int_equal(window("late morning on Thursday", NULL, &lo, &hi),
	    2);
	assert_int_equal(window("early afternoon", NULL, &lo, &hi), 1);
	/* "à midi" is a time; a window only with words of lunch */
	assert_int_equal(window("jeudi à midi", "12:00", &lo, &hi), 0);
	assert_int_equal(window("jeudi entre midi et deux", "12:00", &lo,
	    &hi), 1);
	assert_int_equal(lo, 12 * 60);
}

static void
window_bad_not_a_bound(void **state)
{
	int	 lo, hi;

	(void)state;
	assert_int_equal(window("à 17h", "17:00", &lo, &hi), 0);
	assert_int_equal(window("after all, 5pm is fine", "17:00", &lo, &hi),
	    0);
	assert_int_equal(window("avez-vous des créneaux à 17h", "17:00", &lo,
	    &hi), 0);
	assert_int_equal(window("je passe vendredi à 9h", "09:00", &lo, &hi),
	    0);
	assert_int_equal(window("jeudi après-midi", NULL, &lo, &hi), 0);
	assert_int_equal(window("jeudi après-midi à 15h", "15:00", &lo, &hi),
	    0);
	assert_int_equal(window("", NULL, &lo, &hi), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(window_after_before),
		cmocka_unit_test(window_parts_of_day),
		cmocka_unit_test(window_bad_not_a_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
