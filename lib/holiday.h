/*
 * holiday — public holidays of a clinic's country, computed (no table of
 * dates to keep up to date, no I/O, no globals but constant tables).
 *
 * Countries are ISO 3166-1 alpha-2 codes, upper case: FR BE CH LU DE GB
 * IE ES IT NL PT CA US.  Only NATIONAL holidays are known: the set every
 * clinic of the country closes on.  Regional ones are left out on
 * purpose, because the clinic's region is not recorded:
 *  - FR: Alsace-Moselle's Good Friday and 26 December; overseas days.
 *  - CH: only 1 August is federal; the set kept is the one most cantons
 *    share (1 Jan, Good Friday, Easter Monday, Ascension, Whit Monday,
 *    1 Aug, 25 and 26 Dec).  Berchtoldstag, 1 May, Corpus Christi and
 *    other cantonal days are left out (and VS/TI, which do not close on
 *    Good Friday, get it anyway).
 *  - DE: the nine federal days; Epiphany, Corpus Christi, Reformation
 *    Day, All Saints' and the other Land days are left out.
 *  - GB: England and Wales; Scotland's and Northern Ireland's own days
 *    (2 Jan, St Andrew's, St Patrick's, 12 July...) are left out.
 *  - ES: the days common to every autonomous community (the "fiestas
 *    nacionales"); Maundy Thursday, Easter Monday and each community's
 *    own days and Monday replacements are left out.
 *  - IT: national days (4 October again from 2026); patron saints of
 *    towns are left out.
 *  - NL: 5 May (Liberation Day) only in lustrum years (2025, 2030...),
 *    the years it is a general day off; Good Friday is left out.
 *  - PT: national days including Corpus Christi; Carnival and municipal
 *    days are left out.
 *  - CA: the days observed in (nearly) every province: New Year's Day,
 *    Good Friday, Victoria Day, Canada Day, Labour Day, Thanksgiving,
 *    Christmas and Boxing Day; Family Day, Civic Holiday, Saint-Jean,
 *    Remembrance Day and 30 September are provincial or federal-only.
 *  - US: the eleven federal holidays; state days are left out.
 *
 * Observed days: a holiday falling on a weekend also closes a weekday
 * where the country does that -- GB, IE and CA: the next weekday that is
 * not already a holiday (Christmas on a Saturday gives Monday 27 and
 * Boxing Day Tuesday 28); US: a Saturday holiday is observed on the
 * Friday before, a Sunday one on the Monday after.  The weekend date
 * itself stays a holiday too.  Other countries do not move holidays.
 *
 * Years 1583 (the Gregorian calendar) to 9999.
 */
#ifndef SOPHIE_HOLIDAY_H
#define SOPHIE_HOLIDAY_H

#include <stddef.h>

/* Most holidays of one country in one year, observed days included. */
#define HOLIDAY_YEAR_MAX	24

enum holiday_lang {
	HOLIDAY_FR = 0,
	HOLIDAY_EN
};

/* One holiday of a year. */
struct holiday {
	int		 y;
	int		 m;		/* 1..12 */
	int		 d;		/* 1..31 */
	const char	*key;		/* stable: "christmas", "new_year" */
	const char	*name;		/* in the language asked; static */
	int		 observed;	/* 1: weekday standing in for it */
};

/* 1 when country (e.g. "FR") is supported, else 0 (also for NULL). */
int		 holiday_supported(const char *country);

/* The i-th supported country code, or NULL past the last (for forms). */
const char	*holiday_country(size_t i);

/* The country's name in lang ("France"), or NULL when not supported. */
const char	*holiday_country_name(const char *country, enum holiday_lang);

/*
 * The name (static storage) in lang of the holiday of country on the
 * date y-m-d, observed days included; NULL when the day is no holiday,
 * the country is not supported or the date is invalid.
 */
const char	*holiday_find(const char *country, int y, int m, int d,
		    enum holiday_lang);

/*
 * The holidays of country falling in year y, by date, into out (room
 * for max).  Returns their count (all of them, even when more than max:
 * out then holds the first max), or -1 for an unsupported country or a
 * year out of range.
 */
int		 holiday_list(const char *country, int y, enum holiday_lang,
		    struct holiday *out, size_t max);

/*
 * The first date on or after y-m-d when country's holiday key falls
 * (its own date, never an observed day), within the next 2 years, into
 * *oy, *om, *od.  Returns 0, or -1 when there is none (unknown key or
 * country, bad date).
 */
int		 holiday_next(const char *country, const char *key, int y,
		    int m, int d, int *oy, int *om, int *od);

#endif
