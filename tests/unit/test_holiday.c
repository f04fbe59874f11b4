/*
 * test_holiday — public holidays per country (known dates of 2026 and
 * 2027, from the governments' published lists), and the availability
 * engine closing them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "holiday.h"
#include "slots.h"
#include "tz.h"

/* A date and the holiday's English name expected on it. */
struct known {
	int		 y, m, d;
	const char	*en;
};

/* Every date of k is a holiday of cc with that English name. */
static void
assert_known(const char *cc, const struct known *k, size_t n)
{
	const char	*name;
	size_t		 i;

	for (i = 0; i < n; i++) {
		name = holiday_find(cc, k[i].y, k[i].m, k[i].d, HOLIDAY_EN);
		if (name == NULL || strcmp(name, k[i].en) != 0)
			fail_msg("%s %04d-%02d-%02d: want \"%s\", got \"%s\"",
			    cc, k[i].y, k[i].m, k[i].d, k[i].en,
			    name == NULL ? "(none)" : name);
	}
}

/* Year y of cc has exactly n holidays (observed days included). */
static void
assert_count(const char *cc, int y, int n)
{
	struct holiday	 h[HOLIDAY_YEAR_MAX];

	assert_int_equal(holiday_list(cc, y, HOLIDAY_EN, h,
	    HOLIDAY_YEAR_MAX), n);
}

/* None of the dates (y, m, d triples) is a holiday of cc. */
static void
assert_none(const char *cc, const int (*d)[3], size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (holiday_find(cc, d[i][0], d[i][1], d[i][2],
		    HOLIDAY_EN) != NULL)
			fail_msg("%s %04d-%02d-%02d: should be no holiday", cc,
			    d[i][0], d[i][1], d[i][2]);
}

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static void
easter_based_dates(void **state)
{
	(void)state;
	/* Easter 2026 = 5 April, 2027 = 28 March. */
	assert_non_null(holiday_find("DE", 2026, 4, 3, HOLIDAY_EN));
	assert_non_null(holiday_find("DE", 2026, 4, 6, HOLIDAY_EN));
	assert_non_null(holiday_find("DE", 2027, 3, 26, HOLIDAY_EN));
	assert_non_null(holiday_find("DE", 2027, 3, 29, HOLIDAY_EN));
	/* Other known Easters: 2019-04-21, 2038-04-25, 2285-03-22. */
	assert_non_null(holiday_find("FR", 2019, 4, 22, HOLIDAY_EN));
	assert_non_null(holiday_find("FR", 2038, 4, 26, HOLIDAY_EN));
	assert_non_null(holiday_find("FR", 2285, 3, 23, HOLIDAY_EN));
}

static void
france(void **state)
{
	static const struct known k[] = {
		{ 2026, 1, 1, "New Year's Day" },
		{ 2026, 4, 6, "Easter Monday" },
		{ 2026, 5, 1, "Labour Day" },
		{ 2026, 5, 8, "Victory in Europe Day" },
		{ 2026, 5, 14, "Ascension Day" },
		{ 2026, 5, 25, "Whit Monday" },
		{ 2026, 7, 14, "Bastille Day" },
		{ 2026, 8, 15, "Assumption Day" },
		{ 2026, 11, 1, "All Saints' Day" },
		{ 2026, 11, 11, "Armistice Day" },
		{ 2026, 12, 25, "Christmas Day" },
		{ 2027, 3, 29, "Easter Monday" },
		{ 2027, 5, 6, "Ascension Day" },
		{ 2027, 5, 17, "Whit Monday" },
	};
	static const int no[][3] = { { 2026, 4, 3 }, { 2026, 12, 26 },
		{ 2026, 11, 23 }, { 2026, 6, 4 }, { 2027, 1, 6 } };

	(void)state;
	assert_known("FR", k, N(k));
	assert_none("FR", no, N(no));
	assert_count("FR", 2026, 11);
	assert_count("FR", 2027, 11);
	assert_string_equal(holiday_find("FR", 2026, 12, 25, HOLIDAY_FR),
	    "Noël");
	assert_string_equal(holiday_find("FR", 2027, 5, 1, HOLIDAY_FR),
	    "Fête du Travail");
}

static void
belgium_luxembourg(void **state)
{
	static const struct known be[] = {
		{ 2026, 4, 6, "Easter Monday" },
		{ 2026, 5, 14, "Ascension Day" },
		{ 2026, 7, 21, "Belgian National Day" },
		{ 2026, 11, 11, "Armistice Day" },
		{ 2027, 5, 17, "Whit Monday" },
	};
	static const struct known lu[] = {
		{ 2026, 5, 9, "Europe Day" },
		{ 2026, 6, 23, "National Day" },
		{ 2026, 12, 26, "St Stephen's Day" },
		{ 2027, 3, 29, "Easter Monday" },
	};
	static const int no[][3] = { { 2026, 5, 8 }, { 2026, 7, 14 } };

	(void)state;
	assert_known("BE", be, N(be));
	assert_known("LU", lu, N(lu));
	assert_none("BE", no, N(no));
	assert_none("LU", no, N(no));
	assert_count("BE", 2026, 10);
	assert_count("LU", 2027, 11);
}

static void
switzerland_germany(void **state)
{
	static const struct known ch[] = {
		{ 2026, 4, 3, "Good Friday" },
		{ 2026, 8, 1, "Swiss National Day" },
		{ 2026, 12, 26, "St Stephen's Day" },
		{ 2027, 5, 6, "Ascension Day" },
	};
	static const struct known de[] = {
		{ 2026, 10, 3, "German Unity Day" },
		{ 2026, 5, 25, "Whit Monday" },
		{ 2027, 12, 26, "St Stephen's Day" },
	};
	/* Corpus Christi and Epiphany are regional in Germany. */
	static const int no[][3] = { { 2026, 6, 4 }, { 2026, 1, 6 },
		{ 2026, 10, 31 } };

	(void)state;
	assert_known("CH", ch, N(ch));
	assert_known("DE", de, N(de));
	assert_none("DE", no, N(no));
	assert_count("CH", 2026, 8);
	assert_count("DE", 2026, 9);
}

static void
britain_substitutes(void **state)
{
	static const struct known k[] = {
		{ 2026, 1, 1, "New Year's Day" },
		{ 2026, 4, 3, "Good Friday" },
		{ 2026, 4, 6, "Easter Monday" },
		{ 2026, 5, 4, "Early May bank holiday" },
		{ 2026, 5, 25, "Spring bank holiday" },
		{ 2026, 8, 31, "Summer bank holiday" },
		{ 2026, 12, 25, "Christmas Day" },
		{ 2026, 12, 28, "Boxing Day (substitute day)" },
		{ 2027, 5, 3, "Early May bank holiday" },
		{ 2027, 5, 31, "Spring bank holiday" },
		{ 2027, 8, 30, "Summer bank holiday" },
		{ 2027, 12, 27, "Christmas Day (substitute day)" },
		{ 2027, 12, 28, "Boxing Day (substitute day)" },
		/* Christmas on a Sunday: Boxing Day Monday, Tuesday for it. */
		{ 2022, 12, 27, "Christmas Day (substitute day)" },
		{ 2022, 12, 26, "Boxing Day" },
		/* New Year's Day 2028 is a Saturday. */
		{ 2028, 1, 3, "New Year's Day (substitute day)" },
	};
	static const int no[][3] = { { 2026, 12, 29 }, { 2026, 5, 8 },
		{ 2027, 12, 29 } };

	(void)state;
	assert_known("GB", k, N(k));
	assert_none("GB", no, N(no));
	assert_count("GB", 2026, 9);
}

static void
ireland(void **state)
{
	static const struct known k[] = {
		{ 2026, 2, 2, "St Brigid's Day" },
		{ 2026, 3, 17, "St Patrick's Day" },
		{ 2026, 4, 6, "Easter Monday" },
		{ 2026, 5, 4, "May bank holiday" },
		{ 2026, 6, 1, "June bank holiday" },
		{ 2026, 8, 3, "August bank holiday" },
		{ 2026, 10, 26, "October bank holiday" },
		{ 2026, 12, 28, "St Stephen's Day (substitute day)" },
		{ 2027, 2, 1, "St Brigid's Day" },
		{ 2027, 6, 7, "June bank holiday" },
		{ 2027, 12, 27, "Christmas Day (substitute day)" },
	};
	/* Good Friday is not a public holiday in Ireland. */
	static const int no[][3] = { { 2026, 4, 3 }, { 2026, 2, 1 } };

	(void)state;
	assert_known("IE", k, N(k));
	assert_none("IE", no, N(no));
}

static void
spain_italy(void **state)
{
	static const struct known es[] = {
		{ 2026, 1, 6, "Epiphany" },
		{ 2026, 4, 3, "Good Friday" },
		{ 2026, 10, 12, "Spanish National Day" },
		{ 2026, 12, 6, "Constitution Day" },
		{ 2026, 12, 8, "Immaculate Conception" },
		{ 2027, 3, 26, "Good Friday" },
	};
	static const struct known it[] = {
		{ 2026, 4, 6, "Easter Monday" },
		{ 2026, 4, 25, "Liberation Day" },
		{ 2026, 6, 2, "Republic Day" },
		{ 2026, 10, 4, "St Francis of Assisi" },
		{ 2026, 12, 26, "St Stephen's Day" },
		{ 2027, 3, 29, "Easter Monday" },
	};
	static const int es_no[][3] = { { 2026, 4, 6 }, { 2026, 4, 2 } };
	static const int it_no[][3] = { { 2026, 4, 3 }, { 2025, 10, 4 },
		{ 2026, 5, 14 } };

	(void)state;
	assert_known("ES", es, N(es));
	assert_known("IT", it, N(it));
	assert_none("ES", es_no, N(es_no));
	assert_none("IT", it_no, N(it_no));
	assert_count("ES", 2026, 10);
	assert_count("IT", 2026, 12);
}

static void
netherlands_portugal(void **state)
{
	static const struct known nl[] = {
		{ 2026, 4, 27, "King's Day" },
		{ 2026, 4, 5, "Easter Sunday" },
		{ 2026, 4, 6, "Easter Monday" },
		{ 2026, 5, 25, "Whit Monday" },
		{ 2030, 5, 5, "Liberation Day" },
		/* King's Day moves to the 26th when the 27th is a Sunday. */
		{ 2025, 4, 26, "King's Day" },
	};
	static const struct known pt[] = {
		{ 2026, 4, 3, "Good Friday" },
		{ 2026, 4, 25, "Freedom Day" },
		{ 2026, 6, 4, "Corpus Christi" },
		{ 2026, 6, 10, "Portugal Day" },
		{ 2026, 10, 5, "Republic Day" },
		{ 2026, 12, 1, "Restoration of Independence" },
		{ 2027, 5, 27, "Corpus Christi" },
	};
	static const int nl_no[][3] = { { 2026, 5, 5 }, { 2025, 4, 27 },
		{ 2026, 4, 3 } };

	(void)state;
	assert_known("NL", nl, N(nl));
	assert_known("PT", pt, N(pt));
	assert_none("NL", nl_no, N(nl_no));
	assert_count("PT", 2026, 13);
}

static void
canada(void **state)
{
	static const struct known k[] = {
		{ 2026, 4, 3, "Good Friday" },
		{ 2026, 5, 18, "Victoria Day" },
		{ 2026, 7, 1, "Canada Day" },
		{ 2026, 9, 7, "Labour Day" },
		{ 2026, 10, 12, "Thanksgiving" },
		{ 2026, 12, 28, "Boxing Day (substitute day)" },
		{ 2027, 5, 24, "Victoria Day" },
		{ 2027, 9, 6, "Labour Day" },
		{ 2027, 10, 11, "Thanksgiving" },
		{ 2027, 12, 27, "Christmas Day (substitute day)" },
		{ 2027, 12, 28, "Boxing Day (substitute day)" },
	};
	static const int no[][3] = { { 2026, 4, 6 }, { 2026, 11, 26 } };

	(void)state;
	assert_known("CA", k, N(k));
	assert_none("CA", no, N(no));
}

static void
united_states(void **state)
{
	static const struct known k[] = {
		{ 2026, 1, 19, "Martin Luther King Jr. Day" },
		{ 2026, 2, 16, "Washington's Birthday" },
		{ 2026, 5, 25, "Memorial Day" },
		{ 2026, 6, 19, "Juneteenth" },
		{ 2026, 7, 3, "Independence Day (observed)" },
		{ 2026, 9, 7, "Labor Day" },
		{ 2026, 10, 12, "Columbus Day" },
		{ 2026, 11, 11, "Veterans Day" },
		{ 2026, 11, 26, "Thanksgiving Day" },
		{ 2026, 12, 25, "Christmas Day" },
		{ 2027, 1, 18, "Martin Luther King Jr. Day" },
		{ 2027, 6, 18, "Juneteenth (observed)" },
		{ 2027, 7, 5, "Independence Day (observed)" },
		{ 2027, 11, 25, "Thanksgiving Day" },
		{ 2027, 12, 24, "Christmas Day (observed)" },
		/* New Year's Day 2028 (a Saturday) is observed in 2027. */
		{ 2027, 12, 31, "New Year's Day (observed)" },
	};
	static const int no[][3] = { { 2026, 4, 3 }, { 2026, 11, 27 },
		{ 2026, 12, 28 } };

	(void)state;
	assert_known("US", k, N(k));
	assert_none("US", no, N(no));
	assert_count("US", 2026, 12);
}

static void
list_next_and_names(void **state)
{
	struct holiday	 h[HOLIDAY_YEAR_MAX];
	int		 n, i, y, m, d;

	(void)state;
	n = holiday_list("GB", 2027, HOLIDAY_FR, h, HOLIDAY_YEAR_MAX);
	assert_true(n > 0);
	for (i = 1; i < n; i++)
		assert_true(h[i - 1].m * 100 + h[i - 1].d <
		    h[i].m * 100 + h[i].d);
	assert_int_equal(holiday_next("FR", "christmas", 2026, 11, 23, &y,
	    &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20261225);
	assert_int_equal(holiday_next("FR", "christmas", 2026, 12, 26, &y,
	    &m, &d), 0);
	assert_int_equal(y, 2027);
	assert_int_equal(holiday_next("FR", "new_year", 2026, 11, 23, &y,
	    &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20270101);
	assert_int_equal(holiday_next("US", "thanksgiving", 2026, 11, 23,
	    &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20261126);
	assert_string_equal(holiday_country_name("DE", HOLIDAY_FR),
	    "Allemagne");
	for (i = 0; holiday_country(i) != NULL; i++)
		assert_true(holiday_supported(holiday_country(i)));
	assert_int_equal(i, 13);
}

static void
holiday_bad_input(void **state)
{
	struct holiday	 h[2];
	int		 y, m, d;

	(void)state;
	assert_null(holiday_find(NULL, 2026, 12, 25, HOLIDAY_EN));
	assert_null(holiday_find("fr", 2026, 12, 25, HOLIDAY_EN));
	assert_null(holiday_find("XX", 2026, 12, 25, HOLIDAY_EN));
	assert_null(holiday_find("FRA", 2026, 12, 25, HOLIDAY_EN));
	assert_null(holiday_find("FR", 2026, 2, 30, HOLIDAY_EN));
	assert_null(holiday_find("FR", 1200, 12, 25, HOLIDAY_EN));
	assert_null(holiday_find("FR", 10000, 12, 25, HOLIDAY_EN));
	assert_int_equal(holiday_list("XX", 2026, HOLIDAY_EN, h, 2), -1);
	/* More than max: the count of them all, the first max given. */
	assert_int_equal(holiday_list("FR", 2026, HOLIDAY_EN, h, 2), 11);
	assert_int_equal(h[1].m, 4);
	assert_int_equal(holiday_next("FR", "thanksgiving", 2026, 1, 1, &y,
	    &m, &d), -1);
	assert_int_equal(holiday_next("FR", NULL, 2026, 1, 1, &y, &m, &d),
	    -1);
	assert_false(holiday_supported(""));
	assert_null(holiday_country_name("XX", HOLIDAY_EN));
}

/* --- the availability engine closes holidays --- */

/* A one-practitioner clinic open 09:00-17:00 every day but Sunday. */
static void
clinic_init(struct slots_clinic *c, struct slots_practitioner *p,
    const int64_t *tid)
{
	int	 w;

	memset(c, 0, sizeof(*c));
	memset(p, 0, sizeof(*p));
	assert_int_equal(tz_load("Europe/Paris", &c->tz), TZ_OK);
	for (w = 0; w < 6; w++) {
		c->open.r[w][0] = (struct slots_range){ 540, 1020 };
		c->open.n[w] = 1;
		p->hours.r[w][0] = (struct slots_range){ 540, 1020 };
		p->hours.n[w] = 1;
	}
	p->id = 1;
	p->treatments = tid;
	p->ntreatments = 1;
	c->practitioners = p;
	c->npractitioners = 1;
	c->horizon = 60;
	c->granularity = 30;
	/* 2026-11-23 09:15 UTC, a Monday. */
	c->now = tz_days_from_civil(2026, 11, 23) * 86400 + 9 * 3600 + 900;
}

/* How many slots of 30 minutes the clinic has on local day y-m-d. */
static size_t
slots_on(const struct slots_clinic *c, int y, int m, int d)
{
	static const struct slots_treatment t = { 7, 30, 0 };
	struct slots_slot	 s[64];
	int64_t			 day = tz_days_from_civil(y, m, d) * 86400;
	size_t			 n = 0;

	assert_int_equal(slots_free(c, 1, &t, day - 7200, day + 86400,
	    s, 64, &n), SLOTS_OK);
	return n;
}

static void
slots_never_on_a_holiday(void **state)
{
	struct slots_clinic		 c;
	struct slots_practitioner	 p;
	static const int64_t		 tid[] = { 7 };

	(void)state;
	clinic_init(&c, &p, tid);
	/* No country: Christmas (a Friday) has its 16 slots. */
	assert_int_equal(slots_on(&c, 2026, 12, 25), 16);
	c.country = "FR";
	assert_int_equal(slots_on(&c, 2026, 12, 25), 0);
	assert_int_equal(slots_on(&c, 2026, 12, 24), 16);
	/* 26 December is a working day in France, not in Germany. */
	assert_int_equal(slots_on(&c, 2026, 12, 26), 16);
	c.country = "DE";
	assert_int_equal(slots_on(&c, 2026, 12, 26), 0);
	/* GB: Boxing Day's substitute, Monday 28 December. */
	c.country = "GB";
	assert_int_equal(slots_on(&c, 2026, 12, 28), 0);
	assert_int_equal(slots_on(&c, 2026, 12, 29), 16);
	/* An unknown country is bad clinic data. */
	c.country = "XX";
	{
		static const struct slots_treatment t = { 7, 30, 0 };
		struct slots_slot	 s[4];
		size_t			 n = 9;

		assert_int_equal(slots_free(&c, 1, &t, c.now, c.now + 86400,
		    s, 4, &n), SLOTS_EINVAL);
		assert_int_equal(n, 0);
	}
}

static void
slots_propose_skips_holidays(void **state)
{
	static const struct slots_treatment t = { 7, 30, 0 };
	struct slots_clinic		 c;
	struct slots_practitioner	 p;
	struct slots_request		 rq;
	struct slots_slot		 s[3];
	static const int64_t		 tid[] = { 7 };
	struct tz_local			 l;
	size_t				 n, i;

	(void)state;
	clinic_init(&c, &p, tid);
	c.country = "FR";
	memset(&rq, 0, sizeof(rq));
	rq.practitioner = 1;
	rq.treatment = &t;
	rq.first = (struct slots_date){ 2026, 12, 25 };
	rq.last = rq.first;
	rq.time = 600;
	rq.extend = 7;
	assert_int_equal(slots_propose(&c, &rq, s, 3, &n), SLOTS_OK);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		tz_to_local(c.tz, s[i].start, &l);
		assert_false(l.month == 12 && l.day == 25);
		assert_int_equal(s[i].exact, 0);
	}
}

static void
slots_day_says_why(void **state)
{
	struct slots_clinic		 c;
	struct slots_practitioner	 p;
	struct slots_day		 day;
	static const int64_t		 tid[] = { 7 };
	struct slots_closure		 cl[2];

	(void)state;
	clinic_init(&c, &p, tid);
	c.country = "FR";
	cl[0] = (struct slots_closure){ { 2026, 11, 25 }, { 0, 1440 } };
	cl[1] = (struct slots_closure){ { 2026, 11, 26 }, { 720, 1440 } };
	c.closures = cl;
	c.nclosures = 2;
	assert_int_equal(slots_day(&c, &(struct slots_date){ 2026, 11, 24 },
	    &day), SLOTS_OK);
	assert_int_equal(day.kind, SLOTS_DAY_OPEN);
	assert_int_equal(day.n, 1);
	assert_int_equal(day.r[0].start, 540);
	assert_int_equal(day.r[0].end, 1020);
	assert_int_equal(slots_day(&c, &(struct slots_date){ 2026, 11, 25 },
	    &day), SLOTS_OK);
	assert_int_equal(day.kind, SLOTS_DAY_CLOSURE);
	assert_int_equal(day.n, 0);
	/* A closure of the afternoon leaves the morning open. */
	assert_int_equal(slots_day(&c, &(struct slots_date){ 2026, 11, 26 },
	    &day), SLOTS_OK);
	assert_int_equal(day.kind, SLOTS_DAY_OPEN);
	assert_int_equal(day.n, 1);
	assert_int_equal(day.r[0].end, 720);
	assert_int_equal(slots_day(&c, &(struct slots_date){ 2026, 11, 29 },
	    &day), SLOTS_OK);
	assert_int_equal(day.kind, SLOTS_DAY_WEEKLY);
	assert_int_equal(slots_day(&c, &(struct slots_date){ 2026, 12, 25 },
	    &day), SLOTS_OK);
	assert_int_equal(day.kind, SLOTS_DAY_HOLIDAY);
	assert_int_equal(day.n, 0);
	assert_int_equal(slots_day(&c, &(struct slots_date){ 2026, 2, 30 },
	    &day), SLOTS_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(easter_based_dates),
		cmocka_unit_test(france),
		cmocka_unit_test(belgium_luxembourg),
		cmocka_unit_test(switzerland_germany),
		cmocka_unit_test(britain_substitutes),
		cmocka_unit_test(ireland),
		cmocka_unit_test(spain_italy),
		cmocka_unit_test(netherlands_portugal),
		cmocka_unit_test(canada),
		cmocka_unit_test(united_states),
		cmocka_unit_test(list_next_and_names),
		cmocka_unit_test(holiday_bad_input),
		cmocka_unit_test(slots_never_on_a_holiday),
		cmocka_unit_test(slots_propose_skips_holidays),
		cmocka_unit_test(slots_day_says_why),
	};
	int	 rc;

	rc = cmocka_run_group_tests_name("holiday", tests, NULL, NULL);
	tz_cache_clear();
	return rc;
}
