/*
 * nlu_date — dates and times in French and English messages, resolved
 * against the clinic's local "now" (rules in notes/nlu-spec.md).
 */
#include <string.h>

#include "nlu_int.h"

/* Month names, folded; value = month number. */
static const struct {
	const char	*w;
	int		 m;
} months[] = {
	{ "janvier", 1 }, { "janv", 1 }, { "january", 1 }, { "jan", 1 },
	{ "fevrier", 2 }, { "fevr", 2 }, { "fev", 2 }, { "february", 2 },
	{ "feb", 2 }, { "mars", 3 }, { "march", 3 }, { "mar", 3 },
	{ "avril", 4 }, { "avr", 4 }, { "april", 4 }, { "apr", 4 },
	{ "mai", 5 }, { "may", 5 }, { "juin", 6 }, { "june", 6 },
	{ "jun", 6 }, { "juillet", 7 }, { "juil", 7 }, { "july", 7 },
	{ "jul", 7 }, { "aout", 8 }, { "august", 8 }, { "aug", 8 },
	{ "septembre", 9 }, { "sept", 9 }, { "september", 9 }, { "sep", 9 },
	{ "octobre", 10 }, { "oct", 10 }, { "october", 10 },
	{ "novembre", 11 }, { "nov", 11 }, { "november", 11 },
	{ "decembre", 12 }, { "dec", 12 }, { "december", 12 },
};

/* Weekday names, folded; value 0 = Monday. */
static const struct {
	const char	*w;
	int		 wd;
} weekdays[] = {
	{ "lundi", 0 }, { "mardi", 1 }, { "mercredi", 2 }, { "jeudi", 3 },
	{ "vendredi", 4 }, { "samedi", 5 }, { "dimanche", 6 },
	{ "monday", 0 }, { "tuesday", 1 }, { "wednesday", 2 },
	{ "thursday", 3 }, { "friday", 4 }, { "saturday", 5 },
	{ "sunday", 6 },
};

/* Small numbers written as words. */
static const struct {
	const char	*w;
	int		 n;
} numwords[] = {
	{ "un", 1 }, { "une", 1 }, { "a", 1 }, { "one", 1 }, { "deux", 2 },
	{ "two", 2 }, { "trois", 3 }, { "three", 3 }, { "quatre", 4 },
	{ "four", 4 }, { "cinq", 5 }, { "five", 5 }, { "six", 6 },
	{ "sept", 7 }, { "seven", 7 }, { "huit", 8 }, { "eight", 8 },
	{ "neuf", 9 }, { "nine", 9 }, { "dix", 10 }, { "ten", 10 },
	{ "onze", 11 }, { "eleven", 11 }, { "douze", 12 }, { "twelve", 12 },
	{ "quinze", 15 }, { "fifteen", 15 }, { "vingt", 20 },
	{ "twenty", 20 }, { "trente", 30 }, { "thirty", 30 },
};

int
nlu_valid_date(int y, int m, int d)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 leap;

	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long
days_from_civil(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Inverse of days_from_civil. */
static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
nlu_weekday(int y, int m, int d)
{
	long	 z = days_from_civil(y, m, d);

	/* 1970-01-01 was a Thursday (3). */
	return (int)(((z % 7) + 7 + 3) % 7);
}

void
nlu_add_days(int *y, int *m, int *d, int n)
{
	civil_from_days(days_from_civil(*y, *m, *d) + n, y, m, d);
}

/* Parse exactly n digits at s. Returns the value or -1. */
static int
digits(const char *s, int n)
{
	int	 v = 0, k;

	for (k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	return v;
}

int
nlu_parse_ymd(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	*y = digits(s, 4);
	*m = digits(s + 5, 2);
	*d = digits(s + 8, 2);
	if (*y < 0 || *m < 0 || *d < 0 || !nlu_valid_date(*y, *m, *d))
		return -1;
	return 0;
}

int
nlu_parse_number_word(const char *w)
{
	size_t	 k;

	for (k = 0; k < sizeof(numwords) / sizeof(numwords[0]); k++)
		if (strcmp(w, numwords[k].w) == 0)
			return numwords[k].n;
	return -1;
}

static int
month_of(const char *w)
{
	size_t	 k;

	for (k = 0; k < sizeof(months) / sizeof(months[0]); k++)
		if (strcmp(w, months[k].w) == 0)
			return months[k].m;
	return 0;
}

static int
weekday_of(const char *w)
{
	size_t	 k;

	for (k = 0; k < sizeof(weekdays) / sizeof(weekdays[0]); k++)
		if (strcmp(w, weekdays[k].w) == 0)
			return weekdays[k].wd;
	return -1;
}

/*
 * Day of month in token i: "3", "03", "1er", "3rd", "21st", "premier".
 * Returns 1..31 or -1.
 */
static int
day_tok(const struct nlu_doc *dc, size_t i)
{
	const struct nlu_tok *t;
	const char *s;
	int	 v = 0, n = 0;

	if (i >= dc->n || dc->t[i].kind != NLU_TK_WORD)
		return -1;
	t = &dc->t[i];
	if (strcmp(t->w, "premier") == 0 || strcmp(t->w, "first") == 0)
		return 1;
	for (s = t->w; *s >= '0' && *s <= '9' && n < 3; s++, n++)
		v = v * 10 + (*s - '0');
	if (n == 0 || n > 2 || v < 1 || v > 31)
		return -1;
	if (*s == '\0' || strcmp(s, "er") == 0 || strcmp(s, "st") == 0 ||
	    strcmp(s, "nd") == 0 || strcmp(s, "rd") == 0 ||
	    strcmp(s, "th") == 0 || strcmp(s, "e") == 0)
		return v;
	return -1;
}

/* A 4-digit (or 2-digit) year in token i, or -1. */
static int
year_tok(const struct nlu_doc *dc, size_t i, const struct nlu_now *now)
{
	const struct nlu_tok *t;

	if (i >= dc->n)
		return -1;
	t = &dc->t[i];
	if (t->num < 0)
		return -1;
	if (t->ndig == 4 && t->num >= 1900 && t->num <= 2200)
		return t->num;
	if (t->ndig == 2)
		return t->num <= (now->y % 100) + 1 ? 2000 + t->num :
		    1900 + t->num;
	return -1;
}

/* Is token i the sign c? */
static int
is_sign(const struct nlu_doc *dc, size_t i, char c)
{
	return i < dc->n && dc->t[i].kind == NLU_TK_PUNCT && dc->t[i].w[0] == c;
}

/* 1 when a birth-date cue precedes token i closely. */
static int
birth_cue(const struct nlu_doc *dc, size_t i)
{
	size_t	 k, from = i > 6 ? i - 6 : 0;

	for (k = from; k < i; k++) {
		if (nlu_tok_is(dc, k, "naissance") ||
		    nlu_tok_is(dc, k, "born") ||
		    nlu_tok_is(dc, k, "dob") || nlu_tok_is(dc, k, "birth*") ||
		    nlu_tok_is(dc, k, "nee") || nlu_tok_is(dc, k, "naiss*"))
			return 1;
		if (nlu_tok_is(dc, k, "ne") && (nlu_tok_is(dc, k + 1, "le") ||
		    nlu_tok_is(dc, k + 1, "en")))
			return 1;
	}
	return 0;
}

struct dscan {
	struct nlu_doc	*dc;
	struct nlu_date	*out;
	size_t		 nout, max;
	int		 next_week;	/* "semaine prochaine" seen */
};

/* Mark tokens [a, b) used. */
static void
use(struct nlu_doc *dc, size_t a, size_t b)
{
	for (; a < b && a < dc->n; a++)
		dc->t[a].used = 1;
}

/*
 * Record a calendar date found at tokens [a, b). Year-less dates take the
 * next occurrence on or after today; impossible dates give nothing.
 */
static void
emit(struct dscan *s, size_t a, size_t b, int y, int m, int d)
{
	const struct nlu_now *now = &s->dc->now;
	struct nlu_date	*o;
	int		 explicit_year = y > 0;

	use(s->dc, a, b);
	s->dc->date_exprs++;
	if (!explicit_year) {
		y = now->y;
		if (m < now->m || (m == now->m && d < now->d))
			y++;
	}
	if (!nlu_valid_date(y, m, d) || s->nout >= s->max)
		return;
	o = &s->out[s->nout++];
	o->y = y;
	o->m = m;
	o->d = d;
	o->explicit_year = explicit_year;
	o->birth = birth_cue(s->dc, a) || (explicit_year &&
	    days_from_civil(y, m, d) < days_from_civil(now->y, now->m,
	    now->d));
}

/* Record today + n days. */
static void
emit_rel(struct dscan *s, size_t a, size_t b, int n)
{
	int	 y = s->dc->now.y, m = s->dc->now.m, d = s->dc->now.d;

	size_t	 before = s->nout;

	nlu_add_days(&y, &m, &d, n);
	emit(s, a, b, y, m, d);
	/* "demain", "lundi": never a birth date */
	if (s->nout > before)
		s->out[before].birth = 0;
}

/* Numeric dates: 2027-03-03, 03/03, 3/3/2027, 03.03.2027, 3-3-2027. */
static int
scan_numeric(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	const struct nlu_tok *t = &dc->t[i];
	char		 sep;
	int		 a, b, y;

	if (t->num < 0 || i + 2 >= dc->n || dc->t[i + 1].kind != NLU_TK_PUNCT)
		return 0;
	sep = dc->t[i + 1].w[0];
	if (sep != '/' && sep != '-' && sep != '.')
		return 0;
	if (dc->t[i + 2].num < 0 || dc->t[i + 2].ndig > 2)
		return 0;
	if (t->ndig == 4) {
		if (!is_sign(dc, i + 3, sep) || i + 4 >= dc->n ||
		    dc->t[i + 4].num < 0 || dc->t[i + 4].ndig > 2)
			return 0;
		emit(s, i, i + 5, t->num, dc->t[i + 2].num, dc->t[i + 4].num);
		return 1;
	}
	if (t->ndig > 2)
		return 0;
	a = t->num;
	b = dc->t[i + 2].num;
	if (is_sign(dc, i + 3, sep) &&
	    (y = year_tok(dc, i + 4, &dc->now)) > 0) {
		emit(s, i, i + 5, y, b, a);
		return 1;
	}
	if (sep != '/')
		return 0;
	emit(s, i, i + 3, 0, b, a);
	return 1;
}

/* "le 3 mars [2027]", "3rd of March", "March 3rd, 2027", "1er mai". */
static int
scan_named(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 j;
	int		 d, m, y;

	if ((d = day_tok(dc, i)) > 0) {
		j = i + 1;
		if (nlu_tok_is(dc, j, "of"))
			j++;
		if (j < dc->n && (m = month_of(dc->t[j].w)) > 0) {
			j++;
			if (is_sign(dc, j, ','))
				j++;
			if ((y = year_tok(dc, j, &dc->now)) > 0 &&
			    dc->t[j].ndig == 4) {
				emit(s, i, j + 1, y, m, d);
				return 1;
			}
			emit(s, i, i + 2 + nlu_tok_is(dc, i + 1, "of"),
			    0, m, d);
			return 1;
		}
		return 0;
	}
	if ((m = month_of(dc->t[i].w)) == 0)
		return 0;
	j = i + 1;
	if (nlu_tok_is(dc, j, "the"))
		j++;
	if ((d = day_tok(dc, j)) < 0)
		return 0;
	/* "mai 14h": a time, not a day. */
	if (j + 1 < dc->n && (nlu_tok_is(dc, j + 1, "h") ||
	    nlu_tok_is(dc, j + 1, "heure*") || is_sign(dc, j + 1, ':')))
		return 0;
	j++;
	if (is_sign(dc, j, ','))
		j++;
	if ((y = year_tok(dc, j, &dc->now)) > 0 && dc->t[j].ndig == 4) {
		emit(s, i, j + 1, y, m, d);
		return 1;
	}
	emit(s, i, j, 0, m, d);
	return 1;
}

/* Number of days in "dans 3 jours", "in two weeks", "dans une semaine". */
static int
scan_in(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 j = i + 1;
	int		 n, word = 0;

	if (!nlu_tok_is(dc, i, "dans") && !nlu_tok_is(dc, i, "in"))
		return 0;
	if (j >= dc->n)
		return 0;
	if ((n = dc->t[j].num) < 0 || dc->t[j].ndig > 3) {
		n = nlu_parse_number_word(dc->t[j].w);
		word = 1;
	}
	if (n < 0 || n > 400)
		return 0;
	j++;
	if (nlu_tok_is(dc, j, "jour") || nlu_tok_is(dc, j, "jours") ||
	    nlu_tok_is(dc, j, "day") || nlu_tok_is(dc, j, "days") ||
	    nlu_tok_is(dc, j, "j")) {
		/* "dans huit jours", "dans quinze jours": one, two weeks */
		if (word && (n == 8 || n == 15))
			n--;
		emit_rel(s, i, j + 1, n);
	}
	else if (nlu_tok_is(dc, j, "semaine") ||
	    nlu_tok_is(dc, j, "semaines") || nlu_tok_is(dc, j, "week") ||
	    nlu_tok_is(dc, j, "weeks") || nlu_tok_is(dc, j, "sem"))
		emit_rel(s, i, j + 1, 7 * n);
	else if (nlu_tok_is(dc, j, "fortnight"))
		emit_rel(s, i, j + 1, 14 * n);
	else
		return 0;
	return 1;
}

/* Today, tomorrow, the day after. */
static int
scan_relword(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 e;

	if (nlu_seq(dc, i, "apres demain", &e) ||
	    nlu_seq(dc, i, "apres dem", &e) ||
	    nlu_seq(dc, i, "apresdemain", &e) ||
	    nlu_seq(dc, i, "day after tomorrow", &e) ||
	    nlu_seq(dc, i, "after tomorrow", &e)) {
		emit_rel(s, i, e, 2);
		return 1;
	}
	if (nlu_seq(dc, i, "demain", &e) || nlu_seq(dc, i, "tomorrow", &e) ||
	    nlu_seq(dc, i, "dmn", &e) ||
	    nlu_seq(dc, i, "dem1", &e) || nlu_seq(dc, i, "tmrw", &e) ||
	    nlu_seq(dc, i, "tomorow", &e) || nlu_seq(dc, i, "tommorow", &e) ||
	    nlu_seq(dc, i, "tommorrow", &e) || nlu_seq(dc, i, "demin", &e)) {
		emit_rel(s, i, e, 1);
		return 1;
	}
	if (nlu_seq(dc, i, "aujourd hui", &e) ||
	    nlu_seq(dc, i, "aujourdhui", &e) || nlu_seq(dc, i, "ajd", &e) ||
	    nlu_seq(dc, i, "auj", &e) || nlu_seq(dc, i, "today", &e) ||
	    nlu_seq(dc, i, "tonight", &e) || nlu_seq(dc, i, "ce soir", &e)) {
		emit_rel(s, i, e, 0);
		return 1;
	}
	/* "cet aprèm", "this afternoon" (not "depuis cet après-midi") */
	if (i > 0 && (nlu_tok_is(dc, i - 1, "depuis") ||
	    nlu_tok_is(dc, i - 1, "since")))
		return 0;
	if (nlu_seq(dc, i, "cet apres midi", &e) ||
	    nlu_seq(dc, i, "cet apresmidi", &e) ||
	    nlu_seq(dc, i, "cet aprem", &e) ||
	    nlu_seq(dc, i, "cet aprm", &e) ||
	    nlu_seq(dc, i, "this afternoon", &e) ||
	    nlu_seq(dc, i, "this evening", &e)) {
		emit_rel(s, i, e, 0);
		return 1;
	}
	return 0;
}

/* 1 when the message asks whether or when the clinic is open. */
static int
opening_question(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = 0; i < dc->n; i++)
		if (nlu_tok_is(dc, i, "ouvert*") ||
		    nlu_tok_is(dc, i, "ouvrez") || nlu_tok_is(dc, i, "ouvre") ||
		    nlu_tok_is(dc, i, "ferme*") || nlu_tok_is(dc, i, "open") ||
		    nlu_tok_is(dc, i, "opened") ||
		    nlu_tok_is(dc, i, "closed") ||
		    nlu_tok_is(dc, i, "horaires") ||
		    nlu_tok_is(dc, i, "hours"))
			return 1;
	return 0;
}

/*
 * 1 when the weekday at token i, its cues ending at e, is a habitual day
 * ("le samedi", "les lundis", "open on Sunday?"): "le" or "les" before
 * it, or a question about opening days, and nothing that makes it one
 * particular day ("ce", "next", "prochain", a day number, "semaine
 * prochaine").
 */
static int
habitual(const struct dscan *s, size_t i, size_t e, int particular)
{
	const struct nlu_doc *dc = s->dc;

	if (particular || (i > 0 && (nlu_tok_is(dc, i - 1, "ce") ||
	    nlu_tok_is(dc, i - 1, "this") || nlu_tok_is(dc, i - 1, "next") ||
	    nlu_tok_is(dc, i - 1, "coming"))))
		return 0;
	if (e < dc->n && (day_tok(dc, e) > 0 || month_of(dc->t[e].w) > 0))
		return 0;
	if (i > 0 && (nlu_tok_is(dc, i - 1, "le") ||
	    nlu_tok_is(dc, i - 1, "les")))
		return 1;
	/* "vous êtes ouverts samedi ?", "are you open on Sunday?" */
	return opening_question(dc);
}

/* "lundi", "lundi prochain", "next Monday", "mardi 3 mars", "lundi 3". */
static int
scan_weekday(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 e = i + 1, x;
	int		 wd, today, next = s->next_week, delta, d, plus = 0;

	if ((wd = weekday_of(dc->t[i].w)) < 0)
		return 0;
	if (i > 0 && nlu_tok_is(dc, i - 1, "next"))
		next = 1;
	if (i > 0 && nlu_tok_is(dc, i - 1, "last"))
		goto past;
	if (nlu_tok_is(dc, e, "prochain") || nlu_tok_is(dc, e, "prochaine") ||
	    nlu_tok_is(dc, e, "suivant")) {
		next = 1;
		e++;
	} else if (nlu_tok_is(dc, e, "dernier"))
		goto past;
	/* "lundi en huit", "mardi en quinze": a week, two weeks later */
	if (nlu_seq(dc, e, "en huit", &x)) {
		plus = 7;
		e = x;
	} else if (nlu_seq(dc, e, "en quinze", &x)) {
		plus = 14;
		e = x;
	}
	if (habitual(s, i, e, next || plus > 0)) {
		use(dc, i, e);
		return 1;
	}
	/* "mardi 3 mars" / "Tuesday March 3": the calendar date decides. */
	if (e < dc->n && (day_tok(dc, e) > 0 || month_of(dc->t[e].w) > 0)) {
		if (scan_named(s, e) || scan_numeric(s, e)) {
			use(dc, i, e);
			return 1;
		}
		if ((d = day_tok(dc, e)) > 0 && !nlu_tok_is(dc, e + 1, "h") &&
		    !is_sign(dc, e + 1, ':') && dc->t[e].num >= 0) {
			/* "lundi 3": that day of this or next month. */
			delta = dc->now.d <= d ? 0 : 1;
			emit(s, i, e + 1, 0, dc->now.m + delta > 12 ? 1 :
			    dc->now.m + delta, d);
			return 1;
		}
	}
	today = nlu_weekday(dc->now.y, dc->now.m, dc->now.d);
	if (next)
		delta = 7 - today + wd;
	else {
		delta = (wd - today + 7) % 7;
		if (delta == 0)
			delta = 7;
	}
	emit_rel(s, i, e, delta + plus);
	return 1;
past:
	use(dc, i, e + 1);
	return 1;
}

/* "le 15" alone: the next 15th on or after today. */
static int
scan_le_day(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	int		 d, m, k;

	if (!nlu_tok_is(dc, i, "le") && !nlu_tok_is(dc, i, "the"))
		return 0;
	if ((d = day_tok(dc, i + 1)) < 0)
		return 0;
	if (i + 2 < dc->n) {
		const struct nlu_tok *t = &dc->t[i + 2];

		if (month_of(t->w) > 0 || nlu_tok_is(dc, i + 2, "of"))
			return 0;
		if (t->kind == NLU_TK_PUNCT && t->w[0] != ',' &&
		    t->w[0] != '?' && t->w[0] != '!' && t->w[0] != '.')
			return 0;
		if (nlu_tok_is(dc, i + 2, "h") ||
		    nlu_tok_is(dc, i + 2, "heure*") ||
		    nlu_tok_is(dc, i + 2, "jour*") ||
		    nlu_tok_is(dc, i + 2, "min*") ||
		    nlu_tok_is(dc, i + 2, "euro*") || t->num >= 0)
			return 0;
	}
	m = dc->now.m;
	if (d < dc->now.d)
		m = m == 12 ? 1 : m + 1;
	/* "le 31" in November: the next month that has a 31st. */
	for (k = 0; k < 12 && !nlu_valid_date(dc->now.y + (m < dc->now.m ||
	    (m == dc->now.m && d < dc->now.d)), m, d); k++)
		m = m == 12 ? 1 : m + 1;
	emit(s, i + 1, i + 2, 0, m, d);
	return 1;
}

/* Days in month m of year y. */
static int
month_len(int y, int m)
{
	int	 d = 31;

	while (d > 28 && !nlu_valid_date(y, m, d))
		d--;
	return d;
}

/* "le dernier jour du mois [prochain]", "the last day of (next) month". */
static int
scan_lastday(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 e;
	int		 y = dc->now.y, m = dc->now.m, next = 0;

	if (nlu_seq(dc, i, "dernier jour du mois", &e) ||
	    nlu_seq(dc, i, "last day of the month", &e) ||
	    nlu_seq(dc, i, "last day of this month", &e)) {
		if (nlu_tok_is(dc, e, "prochain")) {
			next = 1;
			e++;
		}
	} else if (nlu_seq(dc, i, "last day of next month", &e))
		next = 1;
	else
		return 0;
	if (next && ++m > 12) {
		m = 1;
		y++;
	}
	emit_rel(s, i, e, (int)(days_from_civil(y, m, month_len(y, m)) -
	    days_from_civil(dc->now.y, dc->now.m, dc->now.d)));
	return 1;
}

/*
 * Find every date expression in the message, in order, marking the tokens
 * used. Returns the number stored in out (at most max).
 */
size_t
nlu_dates(struct nlu_doc *dc, struct nlu_date *out, size_t max)
{
	struct dscan	 s;
	size_t		 i;

	s.dc = dc;
	s.out = out;
	s.nout = 0;
	s.max = max;
	s.next_week = nlu_flat_has(dc, "semaine prochaine") ||
	    nlu_flat_has(dc, "next week") ||
	    nlu_flat_has(dc, "semaine d apres");
	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].used || dc->t[i].kind != NLU_TK_WORD)
			continue;
		if (scan_lastday(&s, i) ||
		    scan_numeric(&s, i) || scan_named(&s, i) ||
		    scan_in(&s, i) || scan_relword(&s, i) ||
		    scan_weekday(&s, i) || scan_le_day(&s, i))
			continue;
	}
	/* "la semaine prochaine" alone is a range (nlu_range), no date. */
	return s.nout;
}

/* ---- ranges: weeks and vague spans ---- */

/* "YYYY-MM-DD..YYYY-MM-DD" of days a..b (days since 1970) into out. */
static void
fmt_range(char *out, size_t sz, long a, long b)
{
	char	 buf[24];
	int	 y, m, d, k;

	for (k = 0; k < 2; k++) {
		civil_from_days(k == 0 ? a : b, &y, &m, &d);
		buf[k * 12 + 0] = (char)('0' + y / 1000 % 10);
		buf[k * 12 + 1] = (char)('0' + y / 100 % 10);
		buf[k * 12 + 2] = (char)('0' + y / 10 % 10);
		buf[k * 12 + 3] = (char)('0' + y % 10);
		buf[k * 12 + 4] = '-';
		buf[k * 12 + 5] = (char)('0' + m / 10);
		buf[k * 12 + 6] = (char)('0' + m % 10);
		buf[k * 12 + 7] = '-';
		buf[k * 12 + 8] = (char)('0' + d / 10);
		buf[k * 12 + 9] = (char)('0' + d % 10);
	}
	buf[10] = buf[11] = '.';
	buf[22] = '\0';
	nlu_copy(out, sz, buf, 22);
}

/* Today as days since 1970. */
static long
today_of(const struct nlu_doc *dc)
{
	return days_from_civil(dc->now.y, dc->now.m, dc->now.d);
}

/*
 * Days a..b (b 0: the last day) of month m, in the first year where the
 * span is not over; from today on. Sets *from, *to.
 */
static void
month_span(const struct nlu_doc *dc, int m, int a, int b, long *from,
    long *to)
{
	long	 t = today_of(dc);
	int	 y = m >= dc->now.m ? dc->now.y : dc->now.y + 1;

	*to = days_from_civil(y, m, b ? b : month_len(y, m));
	if (*to < t) {
		y++;
		*to = days_from_civil(y, m, b ? b : month_len(y, m));
	}
	*from = days_from_civil(y, m, a);
	if (*from < t)
		*from = t;
}

/* 1 when the message names a weekday (then a week names its day). */
static int
weekday_named(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = 0; i < dc->n; i++)
		if (!dc->t[i].used && weekday_of(dc->t[i].w) >= 0)
			return 1;
	return 0;
}

/* Skip '-' and the small words of "début du mois de", "end of the". */
static size_t
skip_glue(const struct nlu_doc *dc, size_t j)
{
	while (j < dc->n && (is_sign(dc, j, '-') || nlu_tok_is(dc, j, "de") ||
	    nlu_tok_is(dc, j, "du") || nlu_tok_is(dc, j, "d") ||
	    nlu_tok_is(dc, j, "of") || nlu_tok_is(dc, j, "the") ||
	    nlu_tok_is(dc, j, "la")))
		j++;
	return j;
}

/*
 * The month a part-of-month cue refers to, from token j: a month name,
 * "mois prochain"/"next month", or "mois"/"month" (this one, or the next
 * when that part of it is over). Returns the month, 0 when none; *e is
 * set past it.
 */
static int
cue_month(const struct nlu_doc *dc, size_t j, int b, size_t *e)
{
	int	 m;

	if (j < dc->n && (m = month_of(dc->t[j].w)) > 0 &&
	    dc->t[j].num < 0 && day_tok(dc, j + 1) < 0) {
		*e = j + 1;
		return m;
	}
	m = dc->now.m == 12 ? 1 : dc->now.m + 1;
	if (nlu_seq(dc, j, "mois prochain", e) ||
	    nlu_seq(dc, j, "next month", e))
		return m;
	if (nlu_seq(dc, j, "mois", e) || nlu_seq(dc, j, "month", e) ||
	    nlu_seq(dc, j, "ce mois", e) || nlu_seq(dc, j, "this month", e))
		return b != 0 && dc->now.d > b ? m : dc->now.m;
	return 0;
}

/*
 * "début décembre", "mi-janvier", "fin du mois", "early next month",
 * "late December": days 1-10, 11-20, 21-end. Returns 1 and sets the
 * span.
 */
static int
range_part(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 e;
	int	 a, b, m;

	if (nlu_tok_is(dc, i, "debut") || nlu_tok_is(dc, i, "early") ||
	    nlu_tok_is(dc, i, "beginning")) {
		a = 1;
		b = 10;
	} else if (nlu_tok_is(dc, i, "mi") || nlu_tok_is(dc, i, "mid") ||
	    nlu_tok_is(dc, i, "milieu") || nlu_tok_is(dc, i, "middle")) {
		a = 11;
		b = 20;
	} else if (nlu_tok_is(dc, i, "fin") || nlu_tok_is(dc, i, "late") ||
	    nlu_tok_is(dc, i, "end")) {
		a = 21;
		b = 0;
	} else
		return 0;
	if ((m = cue_month(dc, skip_glue(dc, i + 1), b, &e)) == 0)
		return 0;
	month_span(dc, m, a, b, from, to);
	use(dc, i, e);
	return 1;
}

/* "la semaine du 11 janvier", "the week of December 7": its Mon-Sun. */
static int
range_week_of(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 j;
	long	 t;
	int	 d, m, y;

	if (!nlu_seq(dc, i, "semaine du", &j) &&
	    !nlu_seq(dc, i, "week of", &j))
		return 0;
	if (nlu_tok_is(dc, j, "the"))
		j++;
	if ((d = day_tok(dc, j)) > 0) {
		m = j + 1 < dc->n ? month_of(dc->t[j + 1].w) : 0;
		j += 1 + (m > 0);
		if (m == 0)
			m = d >= dc->now.d ? dc->now.m : dc->now.m % 12 + 1;
	} else if (j < dc->n && (m = month_of(dc->t[j].w)) > 0 &&
	    (d = day_tok(dc, j + 1)) > 0)
		j += 2;
	else
		return 0;
	y = m < dc->now.m || (m == dc->now.m && d < dc->now.d) ?
	    dc->now.y + 1 : dc->now.y;
	if (!nlu_valid_date(y, m, d))
		return 0;
	t = days_from_civil(y, m, d);
	*from = t - nlu_weekday(y, m, d);
	*to = *from + 6;
	if (*from < today_of(dc))
		*from = today_of(dc);
	use(dc, i, j);
	return 1;
}

/* "la semaine prochaine", "this week", "le mois prochain", "en mars". */
static int
range_words(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 e;
	long	 t = today_of(dc);
	int	 wd = nlu_weekday(dc->now.y, dc->now.m, dc->now.d), m;

	if (nlu_seq(dc, i, "week after next", &e) ||
	    nlu_seq(dc, i, "semaine d apres la semaine prochaine", &e)) {
		if (weekday_named(dc))
			return 0;
		*from = t + 14 - wd;
		*to = *from + 6;
	} else if (nlu_seq(dc, i, "semaine prochaine", &e) ||
	    nlu_seq(dc, i, "semaine pro", &e) ||
	    nlu_seq(dc, i, "sem prochaine", &e) ||
	    nlu_seq(dc, i, "sem pro", &e) ||
	    nlu_seq(dc, i, "semaine d apres", &e) ||
	    nlu_seq(dc, i, "semaine suivante", &e) ||
	    nlu_seq(dc, i, "next week", &e) ||
	    nlu_seq(dc, i, "following week", &e)) {
		if (weekday_named(dc))
			return 0;
		*from = t + 7 - wd;
		*to = *from + 6;
	} else if (nlu_seq(dc, i, "cette semaine", &e) ||
	    nlu_seq(dc, i, "this week", &e) ||
	    nlu_seq(dc, i, "fin de la semaine", &e) ||
	    nlu_seq(dc, i, "end of the week", &e)) {
		if (weekday_named(dc))
			return 0;
		*from = t;
		*to = t + 6 - wd;
	} else if (nlu_seq(dc, i, "ce week end", &e) ||
	    nlu_seq(dc, i, "ce weekend", &e) ||
	    nlu_seq(dc, i, "this weekend", &e) ||
	    nlu_seq(dc, i, "this week end", &e)) {
		*from = wd >= 5 ? t : t + 5 - wd;
		*to = t + 6 - wd;
	} else if (nlu_seq(dc, i, "week end prochain", &e) ||
	    nlu_seq(dc, i, "weekend prochain", &e) ||
	    nlu_seq(dc, i, "next weekend", &e) ||
	    nlu_seq(dc, i, "next week end", &e)) {
		*from = t + (wd >= 5 ? 12 : 5) - wd;
		*to = *from + 1;
	} else if (nlu_seq(dc, i, "mois prochain", &e) ||
	    nlu_seq(dc, i, "next month", &e)) {
		month_span(dc, dc->now.m % 12 + 1, 1, 0, from, to);
	} else if (nlu_seq(dc, i, "ce mois ci", &e) ||
	    nlu_seq(dc, i, "ce mois", &e) ||
	    nlu_seq(dc, i, "this month", &e)) {
		month_span(dc, dc->now.m, 1, 0, from, to);
	} else if ((nlu_tok_is(dc, i, "en") || nlu_tok_is(dc, i, "in")) &&
	    i + 1 < dc->n && (m = month_of(dc->t[i + 1].w)) > 0 &&
	    dc->t[i + 1].num < 0 && (i + 2 >= dc->n ||
	    dc->t[i + 2].num < 0) && !is_sign(dc, i + 2, '-')) {
		/* "en mars", "in March" (not "in May 1980") */
		month_span(dc, m, 1, 0, from, to);
		e = i + 2;
	} else
		return 0;
	use(dc, i, e);
	return 1;
}

int
nlu_range(struct nlu_doc *dc, char *out, size_t sz)
{
	size_t	 i;
	long	 from, to;

	if (sz > 0)
		out[0] = '\0';
	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].used || dc->t[i].kind != NLU_TK_WORD)
			continue;
		if (range_part(dc, i, &from, &to) ||
		    range_week_of(dc, i, &from, &to) ||
		    range_words(dc, i, &from, &to)) {
			dc->date_exprs++;
			fmt_range(out, sz, from, to);
			return 1;
		}
	}
	return 0;
}

/* 1 when the message asks for the time of the appointment discussed. */
int
nlu_same_time(const struct nlu_doc *dc)
{
	return nlu_flat_has(dc, "meme heure") ||
	    nlu_flat_has(dc, "meme horaire") ||
	    nlu_flat_has(dc, "meme creneau") ||
	    nlu_flat_has(dc, "same time") || nlu_flat_has(dc, "same hour") ||
	    nlu_flat_has(dc, "same slot");
}

/* ---- times ---- */

struct tscan {
	int	 h, m;		/* -1 until found */
	int	 ampm;		/* 0 none, 1 am, 2 pm */
	int	 approx;	/* "11ish" */
};

/* "am"/"pm"/"a.m."/"p.m." at token i; sets *e past it. 1 am, 2 pm. */
static int
ampm_at(const struct nlu_doc *dc, size_t i, size_t *e)
{
	if (nlu_tok_is(dc, i, "am") || nlu_tok_is(dc, i, "pm")) {
		*e = i + 1;
		return dc->t[i].w[0] == 'a' ? 1 : 2;
	}
	if ((nlu_tok_is(dc, i, "a") || nlu_tok_is(dc, i, "p")) &&
	    is_sign(dc, i + 1, '.') && nlu_tok_is(dc, i + 2, "m")) {
		*e = i + 3 + is_sign(dc, i + 3, '.');
		return dc->t[i].w[0] == 'a' ? 1 : 2;
	}
	return 0;
}

/* Minutes after an hour: "30", "et demie", "et quart". -1 if none. */
static int
minutes_at(const struct nlu_doc *dc, size_t i, size_t *e)
{
	if (i < dc->n && dc->t[i].num >= 0 && dc->t[i].ndig == 2 &&
	    dc->t[i].num < 60 && !is_sign(dc, i + 1, '/')) {
		*e = i + 1;
		return dc->t[i].num;
	}
	if (nlu_seq(dc, i, "et demi*", e))
		return 30;
	if (nlu_seq(dc, i, "et quart", e))
		return 15;
	return -1;
}

/*
 * A clock time starting at token i: "14h", "14h30", "14 h 30", "14:30",
 * "2pm", "2:30 pm", "9 heures". Returns 1 and fills ts.
 */
static int
time_at(struct nlu_doc *dc, size_t i, struct tscan *ts)
{
	const struct nlu_tok *t = &dc->t[i];
	const char	*w = t->w;
	size_t		 e = i + 1;
	int		 h = 0, n = 0, mn = 0, k;

	while (w[n] >= '0' && w[n] <= '9' && n < 3)
		h = h * 10 + (w[n++] - '0');
	if (n == 0 || n > 2)
		return 0;
	w += n;
	if (*w == 'h' && (w[1] == '\0' || ((k = digits(w + 1, 2)) >= 0 &&
	    w[3] == '\0'))) {
		/* 14h, 14h30 */
		if (w[1] != '\0')
			mn = digits(w + 1, 2);
		else if ((k = minutes_at(dc, e, &e)) >= 0)
			mn = k;
	} else if (strcmp(w, "am") == 0 || strcmp(w, "pm") == 0) {
		ts->ampm = *w == 'a' ? 1 : 2;
	} else if (strcmp(w, "ish") == 0) {
		ts->approx = 1;
	} else if (*w != '\0') {
		return 0;
	} else if (nlu_tok_is(dc, e, "h") || nlu_tok_is(dc, e, "heure") ||
	    nlu_tok_is(dc, e, "heures") || nlu_tok_is(dc, e, "hr") ||
	    nlu_tok_is(dc, e, "hrs")) {
		e++;
		if ((k = minutes_at(dc, e, &e)) >= 0)
			mn = k;
	} else if (is_sign(dc, e, ':') && e + 1 < dc->n) {
		w = dc->t[e + 1].w;
		if ((mn = digits(w, 2)) < 0)
			return 0;
		if (w[2] == 'a' || w[2] == 'p') {
			if (strcmp(w + 3, "m") != 0)
				return 0;
			ts->ampm = w[2] == 'a' ? 1 : 2;
		} else if (w[2] != '\0')
			return 0;
		e += 2;
	} else if ((k = ampm_at(dc, e, &e)) > 0) {
		ts->ampm = k;
	} else if (i > 0 && (nlu_tok_is(dc, i - 1, "at") ||
	    nlu_tok_is(dc, i - 1, "around")) && h >= 1 && h <= 12 &&
	    !nlu_tok_is(dc, e, "day*") && !nlu_tok_is(dc, e, "week*") &&
	    !nlu_tok_is(dc, e, "month*") && !is_sign(dc, e, '/') &&
	    !is_sign(dc, e, '.')) {
		/* "at 3" */
	} else
		return 0;
	if (ts->ampm == 0 && (k = ampm_at(dc, e, &e)) > 0)
		ts->ampm = k;
	if (h > 23 || mn < 0 || mn > 59 || (ts->ampm != 0 && h > 12))
		return 0;
	use(dc, i, e);
	ts->h = h;
	ts->m = mn;
	if (nlu_seq(dc, e, "du soir", NULL) || nlu_seq(dc, e, "de l apres*",
	    NULL) || nlu_seq(dc, e, "in the evening", NULL) ||
	    nlu_seq(dc, e, "in the afternoon", NULL))
		ts->ampm = ts->ampm ? ts->ampm : 3;
	if (nlu_seq(dc, e, "du matin", NULL) ||
	    nlu_seq(dc, e, "in the morning", NULL))
		ts->ampm = ts->ampm ? ts->ampm : 4;
	return 1;
}

/* "midi", "midi et demi", "noon" (not "après-midi"). */
static int
noon_at(struct nlu_doc *dc, size_t i, struct tscan *ts)
{
	size_t	 e = i + 1;
	int	 k;

	if (!nlu_tok_is(dc, i, "midi") && !nlu_tok_is(dc, i, "noon") &&
	    !nlu_tok_is(dc, i, "midday"))
		return 0;
	if (i > 0 && (nlu_tok_is(dc, i - 1, "apres") ||
	    nlu_tok_is(dc, i - 1, "ap") || nlu_tok_is(dc, i - 1, "aprs") ||
	    (i > 1 && is_sign(dc, i - 1, '-') &&
	    nlu_tok_is(dc, i - 2, "apres"))))
		return 0;
	if (nlu_tok_is(dc, i, "noon") && i > 0 &&
	    nlu_tok_is(dc, i - 1, "after"))
		return 0;
	ts->h = 12;
	ts->m = 0;
	if ((k = minutes_at(dc, e, &e)) >= 0)
		ts->m = k;
	use(dc, i, e);
	return 1;
}

/* Time preference words; "" when none. */
static const char *
preference(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = 0; i < dc->n; i++) {
		/* "bonne soirée", "good morning" are greetings */
		if (i > 0 && (nlu_tok_is(dc, i - 1, "good") ||
		    nlu_tok_is(dc, i - 1, "bonne") ||
		    nlu_tok_is(dc, i - 1, "bon")))
			continue;
		/* "fin de journée", "end of the day", "after work" */
		if (nlu_seq(dc, i, "fin de journee", NULL) ||
		    nlu_seq(dc, i, "fin de la journee", NULL) ||
		    nlu_seq(dc, i, "fin journee", NULL) ||
		    nlu_seq(dc, i, "end of the day", NULL) ||
		    nlu_seq(dc, i, "end of day", NULL) ||
		    nlu_seq(dc, i, "after work", NULL) ||
		    nlu_seq(dc, i, "apres le travail", NULL) ||
		    nlu_seq(dc, i, "apres le boulot", NULL))
			return "EVENING";
		if (nlu_seq(dc, i, "apres midi", NULL) ||
		    nlu_seq(dc, i, "apresmidi", NULL) ||
		    nlu_seq(dc, i, "aprem", NULL) ||
		    nlu_seq(dc, i, "aprm", NULL) ||
		    nlu_seq(dc, i, "apres mid", NULL) ||
		    nlu_seq(dc, i, "afternoon", NULL) ||
		    nlu_seq(dc, i, "aprem*", NULL))
			return "AFTERNOON";
		if (nlu_tok_is(dc, i, "matin") ||
		    nlu_tok_is(dc, i, "matinee") ||
		    nlu_tok_is(dc, i, "morning") || nlu_tok_is(dc, i, "mat1"))
			return "MORNING";
		if (nlu_tok_is(dc, i, "soir") || nlu_tok_is(dc, i, "soiree") ||
		    nlu_tok_is(dc, i, "evening") ||
		    nlu_tok_is(dc, i, "tonight"))
			return "EVENING";
	}
	return "";
}

/*
 * 1 when the time found at tokens from i (used, in a row) was given
 * roughly: "vers 11h", "around 3pm", "11h environ", "autour de midi".
 */
static int
approx_cue(const struct nlu_doc *dc, size_t i)
{
	size_t	 e = i;

	if (i > 0 && (nlu_tok_is(dc, i - 1, "vers") ||
	    nlu_tok_is(dc, i - 1, "around") || nlu_tok_is(dc, i - 1, "about") ||
	    nlu_tok_is(dc, i - 1, "environ") ||
	    nlu_tok_is(dc, i - 1, "approx*") ||
	    nlu_tok_is(dc, i - 1, "roughly") ||
	    nlu_tok_is(dc, i - 1, "towards")))
		return 1;
	if (i > 1 && (nlu_tok_is(dc, i - 1, "de") ||
	    nlu_tok_is(dc, i - 1, "du")) && (nlu_tok_is(dc, i - 2, "autour") ||
	    nlu_tok_is(dc, i - 2, "alentours")))
		return 1;
	while (e < dc->n && dc->t[e].used)
		e++;
	return nlu_tok_is(dc, e, "environ") || nlu_tok_is(dc, e, "ish") ||
	    (is_sign(dc, e, '-') && nlu_tok_is(dc, e + 1, "ish")) ||
	    nlu_seq(dc, e, "or so", NULL);
}

/*
 * The first clock time of the message into hhmm ("" when none) and the
 * time preference into pref ("" when none). Returns 1 when a time was found.
 */
int
nlu_times(struct nlu_doc *dc, char hhmm[6], char pref[16])
{
	struct tscan	 ts = { -1, 0, 0, 0 };
	const char	*p;
	size_t		 i, at = 0;
	int		 morning;

	hhmm[0] = '\0';
	dc->time_approx = 0;
	p = preference(dc);
	nlu_copy(pref, 16, p, strlen(p));
	for (i = 0; i < dc->n && ts.h < 0; i++) {
		if (dc->t[i].used || dc->t[i].kind != NLU_TK_WORD)
			continue;
		ts.ampm = 0;
		if (!time_at(dc, i, &ts))
			noon_at(dc, i, &ts);
		at = i;
	}
	if (ts.h < 0)
		return 0;
	dc->time_approx = ts.approx || approx_cue(dc, at);
	morning = strcmp(pref, "MORNING") == 0 || ts.ampm == 4;
	if ((ts.ampm == 2 || ts.ampm == 3) && ts.h < 12)
		ts.h += 12;
	else if (ts.ampm == 1 && ts.h == 12)
		ts.h = 0;
	else if (ts.ampm == 0 && ts.h >= 1 && ts.h <= 7 && !morning)
		ts.h += 12;
	hhmm[0] = (char)('0' + ts.h / 10);
	hhmm[1] = (char)('0' + ts.h % 10);
	hhmm[2] = ':';
	hhmm[3] = (char)('0' + ts.m / 10);
	hhmm[4] = (char)('0' + ts.m % 10);
	hhmm[5] = '\0';
	return 1;
}
