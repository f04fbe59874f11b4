/*
 * holiday — public holidays computed from rules.  See holiday.h for the
 * countries and the choices made.
 */
#include <string.h>

#include "holiday.h"
#include "tz.h"

#define YEAR_MIN	1583
#define YEAR_MAX	9999

/* How a rule gives its date in a year. */
enum rule_kind {
	R_FIXED,	/* m-d */
	R_EASTER,	/* Easter Sunday + off days */
	R_NTH,		/* the n-th weekday wd of month m (n = -1: last) */
	R_BEFORE,	/* the last weekday wd strictly before m-d */
	R_BRIGID,	/* IE: 1 Feb when a Friday, else 1st Monday of Feb */
	R_KINGS,	/* NL: 27 April, the 26th when the 27th is a Sunday */
};

/* What a country does with a holiday falling on a weekend. */
enum subst {
	SUB_NONE,	/* nothing */
	SUB_NEXT,	/* next weekday that is not already a holiday */
	SUB_US,		/* Saturday: the Friday before; Sunday: the Monday */
};

/* A holiday rule. */
struct rule {
	const char	*key;		/* stable, language-free */
	enum rule_kind	 kind;
	int		 m;		/* month (R_FIXED, R_NTH, R_BEFORE) */
	int		 d;		/* day; R_EASTER: offset in days */
	int		 wd;		/* R_NTH, R_BEFORE: 0 = Monday */
	int		 n;		/* R_NTH: 1..5, -1 = last */
	int		 since;		/* first year it applies, 0: always */
	int		 every;		/* only in years divisible by it, 0 */
	int		 moves;		/* observed on a weekday (subst) */
	const char	*fr;
	const char	*en;
	const char	*sub_fr;	/* names of the observed day */
	const char	*sub_en;
};

/* A country: its code, names, weekend rule and holidays. */
struct country {
	const char		 cc[3];
	const char		*fr;
	const char		*en;
	enum subst		 subst;
	const struct rule	*rules;
	size_t			 n;
};

/* Shorthands for the tables below. */
#define FIX(k, m, d, fr, en) \
	{ k, R_FIXED, m, d, 0, 0, 0, 0, 0, fr, en, NULL, NULL }
#define EAS(k, off, fr, en) \
	{ k, R_EASTER, 0, off, 0, 0, 0, 0, 0, fr, en, NULL, NULL }
#define NTH(k, m, wd, n, fr, en) \
	{ k, R_NTH, m, 0, wd, n, 0, 0, 0, fr, en, NULL, NULL }
/* A fixed holiday that is observed on a weekday (GB, IE, CA). */
#define MOV(k, m, d, fr, en) \
	{ k, R_FIXED, m, d, 0, 0, 0, 0, 1, fr, en, \
	  fr " (jour de remplacement)", en " (substitute day)" }
/* A fixed US federal holiday, observed on the nearest weekday. */
#define USF(k, m, d, fr, en) \
	{ k, R_FIXED, m, d, 0, 0, 0, 0, 1, fr, en, \
	  fr " (jour chômé)", en " (observed)" }

#define MON	0
#define THU	3

/* Names shared by several countries. */
#define NEWYEAR(mac)	mac("new_year", 1, 1, "Jour de l'an", \
			    "New Year's Day")
#define XMAS(mac)	mac("christmas", 12, 25, "Noël", "Christmas Day")
#define GOODFRI		EAS("good_friday", -2, "Vendredi saint", \
			    "Good Friday")
#define EASTER		EAS("easter", 0, "Pâques", "Easter Sunday")
#define EASTERMON	EAS("easter_monday", 1, "Lundi de Pâques", \
			    "Easter Monday")
#define ASCENSION	EAS("ascension", 39, "Ascension", "Ascension Day")
#define WHITSUN		EAS("whit_sunday", 49, "Pentecôte", "Whit Sunday")
#define WHITMON		EAS("whit_monday", 50, "Lundi de Pentecôte", \
			    "Whit Monday")
#define CORPUS		EAS("corpus_christi", 60, "Fête-Dieu", \
			    "Corpus Christi")
#define LABOUR		FIX("labour_day", 5, 1, "Fête du Travail", \
			    "Labour Day")
#define ASSUMPTION	FIX("assumption", 8, 15, "Assomption", \
			    "Assumption Day")
#define ALLSAINTS	FIX("all_saints", 11, 1, "Toussaint", \
			    "All Saints' Day")
#define ARMISTICE	FIX("armistice", 11, 11, "Armistice", \
			    "Armistice Day")
#define EPIPHANY	FIX("epiphany", 1, 6, "Épiphanie", "Epiphany")
#define IMMACULATE	FIX("immaculate_conception", 12, 8, \
			    "Immaculée Conception", "Immaculate Conception")
#define STEPHEN		FIX("st_stephen", 12, 26, "Saint-Étienne", \
			    "St Stephen's Day")

static const struct rule fr[] = {
	NEWYEAR(FIX), EASTERMON, LABOUR,
	FIX("victory_1945", 5, 8, "Victoire 1945", "Victory in Europe Day"),
	ASCENSION, WHITMON,
	FIX("national_day", 7, 14, "Fête nationale", "Bastille Day"),
	ASSUMPTION, ALLSAINTS, ARMISTICE, XMAS(FIX),
};

static const struct rule be[] = {
	NEWYEAR(FIX), EASTERMON, LABOUR, ASCENSION, WHITMON,
	FIX("national_day", 7, 21, "Fête nationale belge",
	    "Belgian National Day"),
	ASSUMPTION, ALLSAINTS, ARMISTICE, XMAS(FIX),
};

static const struct rule ch[] = {
	NEWYEAR(FIX), GOODFRI, EASTERMON, ASCENSION, WHITMON,
	FIX("national_day", 8, 1, "Fête nationale suisse",
	    "Swiss National Day"),
	XMAS(FIX), STEPHEN,
};

static const struct rule lu[] = {
	NEWYEAR(FIX), EASTERMON, LABOUR,
	{ "europe_day", R_FIXED, 5, 9, 0, 0, 2019, 0, 0, "Journée de l'Europe",
	  "Europe Day", NULL, NULL },
	ASCENSION, WHITMON,
	FIX("national_day", 6, 23, "Fête nationale", "National Day"),
	ASSUMPTION, ALLSAINTS, XMAS(FIX), STEPHEN,
};

static const struct rule de[] = {
	NEWYEAR(FIX), GOODFRI, EASTERMON, LABOUR, ASCENSION, WHITMON,
	FIX("national_day", 10, 3, "Fête de l'unité allemande",
	    "German Unity Day"),
	XMAS(FIX), STEPHEN,
};

static const struct rule gb[] = {
	NEWYEAR(MOV), GOODFRI, EASTERMON,
	NTH("early_may", 5, MON, 1, "Jour férié de début mai",
	    "Early May bank holiday"),
	NTH("spring_bank", 5, MON, -1, "Jour férié de printemps",
	    "Spring bank holiday"),
	NTH("summer_bank", 8, MON, -1, "Jour férié d'été",
	    "Summer bank holiday"),
	XMAS(MOV),
	MOV("boxing_day", 12, 26, "Boxing Day", "Boxing Day"),
};

static const struct rule ie[] = {
	NEWYEAR(MOV),
	{ "st_brigid", R_BRIGID, 2, 1, MON, 1, 2023, 0, 0, "Sainte-Brigitte",
	  "St Brigid's Day", NULL, NULL },
	MOV("st_patrick", 3, 17, "Saint-Patrick", "St Patrick's Day"),
	EASTERMON,
	NTH("may_bank", 5, MON, 1, "Jour férié de mai", "May bank holiday"),
	NTH("june_bank", 6, MON, 1, "Jour férié de juin",
	    "June bank holiday"),
	NTH("august_bank", 8, MON, 1, "Jour férié d'août",
	    "August bank holiday"),
	NTH("october_bank", 10, MON, -1, "Jour férié d'octobre",
	    "October bank holiday"),
	XMAS(MOV),
	MOV("st_stephen", 12, 26, "Saint-Étienne", "St Stephen's Day"),
};

static const struct rule es[] = {
	NEWYEAR(FIX), EPIPHANY, GOODFRI, LABOUR, ASSUMPTION,
	FIX("national_day", 10, 12, "Fête nationale espagnole",
	    "Spanish National Day"),
	ALLSAINTS,
	FIX("constitution_day", 12, 6, "Jour de la Constitution",
	    "Constitution Day"),
	IMMACULATE, XMAS(FIX),
};

static const struct rule it[] = {
	NEWYEAR(FIX), EPIPHANY, EASTERMON,
	FIX("liberation_day", 4, 25, "Fête de la Libération",
	    "Liberation Day"),
	LABOUR,
	FIX("republic_day", 6, 2, "Fête de la République", "Republic Day"),
	ASSUMPTION,
	{ "st_francis", R_FIXED, 10, 4, 0, 0, 2026, 0, 0,
	  "Saint-François d'Assise", "St Francis of Assisi", NULL, NULL },
	ALLSAINTS, IMMACULATE, XMAS(FIX), STEPHEN,
};

static const struct rule nl[] = {
	NEWYEAR(FIX), EASTER, EASTERMON,
	{ "kings_day", R_KINGS, 4, 27, 0, 0, 2014, 0, 0, "Fête du Roi",
	  "King's Day", NULL, NULL },
	{ "liberation_day", R_FIXED, 5, 5, 0, 0, 0, 5, 0,
	  "Jour de la Libération", "Liberation Day", NULL, NULL },
	ASCENSION, WHITSUN, WHITMON, XMAS(FIX),
	FIX("boxing_day", 12, 26, "Lendemain de Noël",
	    "Second Day of Christmas"),
};

static const struct rule pt[] = {
	NEWYEAR(FIX), GOODFRI, EASTER,
	FIX("freedom_day", 4, 25, "Jour de la Liberté", "Freedom Day"),
	LABOUR, CORPUS,
	FIX("portugal_day", 6, 10, "Jour du Portugal", "Portugal Day"),
	ASSUMPTION,
	FIX("republic_day", 10, 5, "Proclamation de la République",
	    "Republic Day"),
	ALLSAINTS,
	FIX("restoration_day", 12, 1, "Restauration de l'indépendance",
	    "Restoration of Independence"),
	IMMACULATE, XMAS(FIX),
};

static const struct rule ca[] = {
	NEWYEAR(MOV), GOODFRI,
	{ "victoria_day", R_BEFORE, 5, 25, MON, 0, 0, 0, 0,
	  "Fête de la Reine", "Victoria Day", NULL, NULL },
	MOV("canada_day", 7, 1, "Fête du Canada", "Canada Day"),
	NTH("labour_day", 9, MON, 1, "Fête du Travail", "Labour Day"),
	NTH("thanksgiving", 10, MON, 2, "Action de grâce", "Thanksgiving"),
	XMAS(MOV),
	MOV("boxing_day", 12, 26, "Lendemain de Noël", "Boxing Day"),
};

static const struct rule us[] = {
	NEWYEAR(USF),
	NTH("mlk_day", 1, MON, 3, "Jour de Martin Luther King",
	    "Martin Luther King Jr. Day"),
	NTH("washington", 2, MON, 3, "Anniversaire de Washington",
	    "Washington's Birthday"),
	NTH("memorial_day", 5, MON, -1, "Memorial Day", "Memorial Day"),
	{ "juneteenth", R_FIXED, 6, 19, 0, 0, 2021, 0, 1, "Juneteenth",
	  "Juneteenth", "Juneteenth (jour chômé)", "Juneteenth (observed)" },
	USF("independence_day", 7, 4, "Fête de l'Indépendance",
	    "Independence Day"),
	NTH("labor_day", 9, MON, 1, "Fête du Travail", "Labor Day"),
	NTH("columbus_day", 10, MON, 2, "Columbus Day", "Columbus Day"),
	USF("veterans_day", 11, 11, "Jour des anciens combattants",
	    "Veterans Day"),
	NTH("thanksgiving", 11, THU, 4, "Thanksgiving", "Thanksgiving Day"),
	USF("christmas", 12, 25, "Noël", "Christmas Day"),
};

#define C(cc, f, e, s, r)	{ cc, f, e, s, r, sizeof(r) / sizeof(r[0]) }

/* The supported countries, in the order forms list them. */
static const struct country countries[] = {
	C("FR", "France", "France", SUB_NONE, fr),
	C("BE", "Belgique", "Belgium", SUB_NONE, be),
	C("CH", "Suisse", "Switzerland", SUB_NONE, ch),
	C("LU", "Luxembourg", "Luxembourg", SUB_NONE, lu),
	C("DE", "Allemagne", "Germany", SUB_NONE, de),
	C("GB", "Royaume-Uni", "United Kingdom", SUB_NEXT, gb),
	C("IE", "Irlande", "Ireland", SUB_NEXT, ie),
	C("ES", "Espagne", "Spain", SUB_NONE, es),
	C("IT", "Italie", "Italy", SUB_NONE, it),
	C("NL", "Pays-Bas", "Netherlands", SUB_NONE, nl),
	C("PT", "Portugal", "Portugal", SUB_NONE, pt),
	C("CA", "Canada", "Canada", SUB_NEXT, ca),
	C("US", "États-Unis", "United States", SUB_US, us),
};

#define NCOUNTRIES	(sizeof(countries) / sizeof(countries[0]))

/* The country of code cc, or NULL. */
static const struct country *
country_of(const char *cc)
{
	size_t	 i;

	if (cc == NULL)
		return NULL;
	for (i = 0; i < NCOUNTRIES; i++)
		if (strcmp(countries[i].cc, cc) == 0)
			return &countries[i];
	return NULL;
}

int
holiday_supported(const char *cc)
{
	return country_of(cc) != NULL;
}

const char *
holiday_country(size_t i)
{
	return i < NCOUNTRIES ? countries[i].cc : NULL;
}

const char *
holiday_country_name(const char *cc, enum holiday_lang lang)
{
	const struct country	*c;

	if ((c = country_of(cc)) == NULL)
		return NULL;
	return lang == HOLIDAY_EN ? c->en : c->fr;
}

/*
 * Easter Sunday of year y (Gregorian; the anonymous algorithm of Meeus,
 * Jones and Butcher) as a day number (tz_days_from_civil).
 */
static int64_t
easter(int y)
{
	int	 a, b, c, d, e, f, g, h, i, k, l, m, mo, da;

	a = y % 19;
	b = y / 100;
	c = y % 100;
	d = b / 4;
	e = b % 4;
	f = (b + 8) / 25;
	g = (b - f + 1) / 3;
	h = (19 * a + b - d - g + 15) % 30;
	i = c / 4;
	k = c % 4;
	l = (32 + 2 * e + 2 * i - h - k) % 7;
	m = (a + 11 * h + 22 * l) / 451;
	mo = (h + l - 7 * m + 114) / 31;
	da = (h + l - 7 * m + 114) % 31 + 1;
	return tz_days_from_civil(y, mo, da);
}

/* The n-th (n >= 1) or last (n = -1) weekday wd of month m of year y. */
static int64_t
nth_weekday(int y, int m, int wd, int n)
{
	int64_t	 day;

	if (n > 0) {
		day = tz_days_from_civil(y, m, 1);
		day += (wd - tz_weekday(day) + 7) % 7;
		return day + (int64_t)(n - 1) * 7;
	}
	day = tz_days_from_civil(y, m, tz_days_in_month(y, m));
	return day - (tz_weekday(day) - wd + 7) % 7;
}

/*
 * The day number of rule r in year y into *day.  Returns 0, or -1 when
 * the rule does not apply that year.
 */
static int
rule_day(const struct rule *r, int y, int64_t *day)
{
	int64_t	 t;

	if ((r->since != 0 && y < r->since) ||
	    (r->every != 0 && y % r->every != 0))
		return -1;
	switch (r->kind) {
	case R_FIXED:
		*day = tz_days_from_civil(y, r->m, r->d);
		return 0;
	case R_EASTER:
		*day = easter(y) + r->d;
		return 0;
	case R_NTH:
		*day = nth_weekday(y, r->m, r->wd, r->n);
		return 0;
	case R_BEFORE:
		t = tz_days_from_civil(y, r->m, r->d) - 1;
		*day = t - (tz_weekday(t) - r->wd + 7) % 7;
		return 0;
	case R_BRIGID:
		t = tz_days_from_civil(y, 2, 1);
		*day = tz_weekday(t) == 4 ? t : nth_weekday(y, 2, MON, 1);
		return 0;
	case R_KINGS:
		t = tz_days_from_civil(y, 4, 27);
		*day = tz_weekday(t) == 6 ? t - 1 : t;
		return 0;
	}
	return -1;
}

/* A holiday while a year is being built: its day and rule. */
struct hday {
	int64_t			 day;
	const struct rule	*r;
	int			 observed;
};

/* 1 when day is among the n days of h. */
static int
taken(const struct hday *h, size_t n, int64_t day)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (h[i].day == day)
			return 1;
	return 0;
}

/* Append (day, r, observed) to h when there is room. */
static void
add(struct hday *h, size_t *n, size_t max, int64_t day,
    const struct rule *r, int observed)
{
	if (*n < max) {
		h[*n].day = day;
		h[*n].r = r;
		h[*n].observed = observed;
		(*n)++;
	}
}

/*
 * The observed days of the holidays in h (a year's own dates) falling
 * on a weekend, appended to h.  SUB_NEXT walks the
 * moving holidays in date order, so Christmas takes Monday and Boxing
 * Day the Tuesday after.
 */
static void
add_observed(const struct country *c, struct hday *h, size_t *n,
    size_t max)
{
	size_t	 i, own = *n;
	int64_t	 day, sub;
	int	 wd;

	for (i = 0; i < own; i++) {
		if (!h[i].r->moves || (wd = tz_weekday(h[i].day)) < 5)
			continue;
		day = h[i].day;
		if (c->subst == SUB_US)
			sub = wd == 5 ? day - 1 : day + 1;
		else {
			sub = day + (7 - wd);
			while (taken(h, *n, sub) || tz_weekday(sub) >= 5)
				sub++;
		}
		add(h, n, max, sub, h[i].r, 1);
	}
}

/* Date order; on one date a holiday's own day before an observed one. */
static int
hday_cmp(const struct hday *a, const struct hday *b)
{
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return a->observed - b->observed;
}

/* Sort the n days of h by date (few: insertion sort). */
static void
sort_days(struct hday *h, size_t n)
{
	struct hday	 t;
	size_t		 i, j;

	for (i = 1; i < n; i++) {
		t = h[i];
		for (j = i; j > 0 && hday_cmp(&h[j - 1], &t) > 0; j--)
			h[j] = h[j - 1];
		h[j] = t;
	}
}

/*
 * Every holiday of c computed from year y's rules (own dates in y, and
 * their observed days, which may fall in y - 1 or y + 1), by date, into
 * h (room for max).  Returns the count.
 */
static size_t
year_days(const struct country *c, int y, struct hday *h, size_t max)
{
	size_t	 i, n = 0;
	int64_t	 day;

	for (i = 0; i < c->n; i++)
		if (rule_day(&c->rules[i], y, &day) == 0)
			add(h, &n, max, day, &c->rules[i], 0);
	sort_days(h, n);
	if (c->subst != SUB_NONE) {
		add_observed(c, h, &n, max);
		sort_days(h, n);
	}
	return n;
}

/* The name of h in lang. */
static const char *
hday_name(const struct hday *h, enum holiday_lang lang)
{
	if (h->observed)
		return lang == HOLIDAY_EN ? h->r->sub_en : h->r->sub_fr;
	return lang == HOLIDAY_EN ? h->r->en : h->r->fr;
}

/*
 * The holidays of c falling in year y (rules of y - 1 and y + 1 may
 * give observed days in y), by date, into h.  Returns the count.
 */
static size_t
days_in_year(const struct country *c, int y, struct hday *h, size_t max)
{
	struct hday	 t[3 * HOLIDAY_YEAR_MAX];
	int64_t		 first, last;
	size_t		 n = 0, k, i;
	int		 yy;

	first = tz_days_from_civil(y, 1, 1);
	last = tz_days_from_civil(y, 12, 31);
	for (yy = y - 1; yy <= y + 1; yy++) {
		if (yy < YEAR_MIN || yy > YEAR_MAX)
			continue;
		k = year_days(c, yy, t, HOLIDAY_YEAR_MAX);
		for (i = 0; i < k; i++)
			if (t[i].day >= first && t[i].day <= last)
				add(h, &n, max, t[i].day, t[i].r,
				    t[i].observed);
	}
	sort_days(h, n);
	return n;
}

const char *
holiday_find(const char *cc, int y, int m, int d, enum holiday_lang lang)
{
	const struct country	*c;
	struct hday		 h[2 * HOLIDAY_YEAR_MAX];
	int64_t			 day;
	size_t			 n, i;

	if ((c = country_of(cc)) == NULL || y < YEAR_MIN || y > YEAR_MAX ||
	    !tz_date_ok(y, m, d))
		return NULL;
	day = tz_days_from_civil(y, m, d);
	n = days_in_year(c, y, h, 2 * HOLIDAY_YEAR_MAX);
	/* A holiday's own date wins over an observed day (sorted first). */
	for (i = 0; i < n; i++)
		if (h[i].day == day)
			return hday_name(&h[i], lang);
	return NULL;
}

int
holiday_list(const char *cc, int y, enum holiday_lang lang,
    struct holiday *out, size_t max)
{
	const struct country	*c;
	struct hday		 h[2 * HOLIDAY_YEAR_MAX];
	size_t			 n, i;

	if ((c = country_of(cc)) == NULL || y < YEAR_MIN || y > YEAR_MAX ||
	    (out == NULL && max > 0))
		return -1;
	n = days_in_year(c, y, h, 2 * HOLIDAY_YEAR_MAX);
	for (i = 0; i < n && i < max; i++) {
		tz_civil_from_days(h[i].day, &out[i].y, &out[i].m, &out[i].d);
		out[i].key = h[i].r->key;
		out[i].name = hday_name(&h[i], lang);
		out[i].observed = h[i].observed;
	}
	return (int)n;
}

int
holiday_next(const char *cc, const char *key, int y, int m, int d,
    int *oy, int *om, int *od)
{
	const struct country	*c;
	int64_t			 from, day;
	size_t			 i;
	int			 yy;

	if ((c = country_of(cc)) == NULL || key == NULL || y < YEAR_MIN ||
	    y > YEAR_MAX - 2 || !tz_date_ok(y, m, d))
		return -1;
	from = tz_days_from_civil(y, m, d);
	for (yy = y; yy <= y + 2; yy++)
		for (i = 0; i < c->n; i++) {
			if (strcmp(c->rules[i].key, key) != 0)
				continue;
			if (rule_day(&c->rules[i], yy, &day) == -1 ||
			    day < from)
				continue;
			tz_civil_from_days(day, oy, om, od);
			return 0;
		}
	return -1;
}
