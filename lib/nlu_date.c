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

/*
 * Minutes in the two characters at s, the letter o typed for a zero
 * ("14h3O", "9:O5", "16hOO"). Returns 0..59 or -1.
 */
static int
minutes_o(const char *s)
{
	char	 m[3];
	int	 k;

	for (k = 0; k < 2 && s[k] != '\0'; k++)
		m[k] = s[k] == 'o' ? '0' : s[k];
	if (k < 2)
		return -1;
	m[2] = '\0';
	if ((k = digits(m, 2)) < 0 || k > 59)
		return -1;
	return k;
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

static int	 is_sign(const struct nlu_doc *, size_t, char);
static int	 tok_any(const struct nlu_doc *, size_t, const char *const *);
static int	 peek_minutes(struct nlu_doc *, size_t);
static int	 past_clause(const struct nlu_doc *, size_t);
static int	 part_over(const struct nlu_doc *, size_t);

/* 1 when token k is one of the words of list (NULL-terminated). */
static int
tok_any(const struct nlu_doc *dc, size_t k, const char *const *list)
{
	for (; *list != NULL; list++)
		if (nlu_tok_is(dc, k, *list))
			return 1;
	return 0;
}

/* 1 when w is made of letters only. */
static int
all_alpha(const char *w)
{
	if (*w == '\0')
		return 0;
	for (; *w != '\0'; w++)
		if (*w < 'a' || *w > 'z')
			return 0;
	return 1;
}

/*
 * Month of folded word w, or 0. A word of six letters or more one typo
 * away from a full month name counts ("decmber", "febuary", "janvie").
 */
static int
month_of(const char *w)
{
	size_t	 k;

	for (k = 0; k < sizeof(months) / sizeof(months[0]); k++)
		if (strcmp(w, months[k].w) == 0)
			return months[k].m;
	if (strlen(w) < 6 || !all_alpha(w))
		return 0;
	/* a typo seldom hits the first letter */
	for (k = 0; k < sizeof(months) / sizeof(months[0]); k++)
		if (months[k].w[0] == w[0] && strlen(months[k].w) >= 6 &&
		    nlu_dist(w, months[k].w, 1) <= 1)
			return months[k].m;
	return 0;
}

/*
 * Weekday of folded word w (0 = Monday), or -1: a full name, or a word
 * of five letters or more one typo away from one ("mecredi",
 * "thrusday"; two for "wednesday": "wensday"). *plural is set for
 * "mardis", "mondays" (a habitual day).
 */
static int
weekday_of_word(const char *w, int *plural)
{
	size_t	 k, n = strlen(w), ln;

	*plural = 0;
	for (k = 0; k < sizeof(weekdays) / sizeof(weekdays[0]); k++) {
		ln = strlen(weekdays[k].w);
		if (strcmp(w, weekdays[k].w) == 0)
			return weekdays[k].wd;
		if (n == ln + 1 && w[ln] == 's' &&
		    strncmp(w, weekdays[k].w, ln) == 0) {
			*plural = 1;
			return weekdays[k].wd;
		}
	}
	if (n < 5 || !all_alpha(w) || strcmp(w, "sundae") == 0)
		return -1;
	for (k = 0; k < sizeof(weekdays) / sizeof(weekdays[0]); k++)
		if (weekdays[k].w[0] == w[0] &&
		    (nlu_dist(w, weekdays[k].w, 1) <= 1 || (n >= 7 &&
		    strcmp(weekdays[k].w, "wednesday") == 0 &&
		    nlu_dist(w, weekdays[k].w, 2) <= 2)))
			return weekdays[k].wd;
	return -1;
}

/* SMS abbreviations of weekdays, folded; they need a cue (abbrev_cue). */
static const struct {
	const char	*w;
	int		 wd;
} wd_abbrevs[] = {
	{ "mon", 0 }, { "tue", 1 }, { "tues", 1 }, { "wed", 2 },
	{ "weds", 2 }, { "thu", 3 }, { "thur", 3 }, { "thurs", 3 },
	{ "fri", 4 }, { "sat", 5 }, { "sun", 6 },
	{ "lun", 0 }, { "mar", 1 }, { "mer", 2 }, { "merc", 2 },
	{ "jeu", 3 }, { "ven", 4 }, { "vend", 4 }, { "sam", 5 },
	{ "dim", 6 },
};

/* Parts of the day in the plural, folded: after a weekday, a habit. */
static const char *const parts_plural[] = { "mornings", "afternoons",
    "evenings", "nights", "lunchtimes", "matins", "soirs", "soirees",
    "aprems", NULL };

/* 1 when token i is a part of the day word ("matin", "pm", "arvo"). */
static int
part_word(const struct nlu_doc *dc, size_t i)
{
	return nlu_tok_is(dc, i, "matin") || nlu_tok_is(dc, i, "morning") ||
	    nlu_tok_is(dc, i, "aprem*") || nlu_tok_is(dc, i, "apres") ||
	    nlu_tok_is(dc, i, "afternoon") || nlu_tok_is(dc, i, "arvo") ||
	    nlu_tok_is(dc, i, "soir") || nlu_tok_is(dc, i, "evening") ||
	    nlu_tok_is(dc, i, "night") || nlu_tok_is(dc, i, "am") ||
	    nlu_tok_is(dc, i, "pm") || nlu_tok_is(dc, i, "midi") ||
	    nlu_tok_is(dc, i, "noon");
}

/* 1 when token k is a weekday's name or abbreviation, cue or not. */
static int
any_day(const struct nlu_doc *dc, size_t k)
{
	size_t	 j;
	int	 pl;

	if (k >= dc->n || dc->t[k].kind != NLU_TK_WORD)
		return 0;
	if (weekday_of_word(dc->t[k].w, &pl) >= 0)
		return 1;
	for (j = 0; j < sizeof(wd_abbrevs) / sizeof(wd_abbrevs[0]); j++)
		if (strcmp(dc->t[k].w, wd_abbrevs[j].w) == 0)
			return 1;
	return 0;
}

/*
 * 1 when token k is a weekday that no other word is written like: a
 * full name ("Tuesday", "jeudi") or an abbreviation that is no word
 * ("tue", "thurs", "ven"; not "mon", "sun", "mar").
 */
static int
plain_day(const struct nlu_doc *dc, size_t k)
{
	static const char *const plain[] = { "tue", "tues", "wed", "weds",
	    "thu", "thur", "thurs", "fri", "lun", "merc", "ven", "vend" };
	size_t	 j;
	int	 pl;

	if (k >= dc->n || dc->t[k].kind != NLU_TK_WORD)
		return 0;
	if (weekday_of_word(dc->t[k].w, &pl) >= 0)
		return 1;
	for (j = 0; j < sizeof(plain) / sizeof(plain[0]); j++)
		if (strcmp(dc->t[k].w, plain[j]) == 0)
			return 1;
	return 0;
}

/* 1 when token j is a day of the month in English: "21st", "2nd". */
static int
en_ordinal(const struct nlu_doc *dc, size_t j)
{
	const char	*w = dc->t[j].w;
	size_t		 n = strlen(w);

	return n >= 3 && n <= 4 && w[0] >= '1' && w[0] <= '9' &&
	    (strcmp(w + n - 2, "st") == 0 || strcmp(w + n - 2, "nd") == 0 ||
	    strcmp(w + n - 2, "rd") == 0 || strcmp(w + n - 2, "th") == 0) &&
	    w[n - 3] >= '0' && w[n - 3] <= '9';
}

/* 1 when w is an hour with its "am"/"pm": "2pm", "11am". */
static int
ampm_word(const char *w)
{
	size_t	 n = strlen(w);

	return n >= 3 && n <= 4 && w[0] >= '0' && w[0] <= '9' &&
	    (n == 3 || (w[1] >= '0' && w[1] <= '9')) &&
	    (strcmp(w + n - 2, "am") == 0 || strcmp(w + n - 2, "pm") == 0);
}

/* 1 when w is an hour written with "h": "9h", "15h", "10h30". */
static int
h_hour(const char *w)
{
	size_t	 n = 0;

	while (w[n] >= '0' && w[n] <= '9')
		n++;
	if (n < 1 || n > 2 || w[n] != 'h')
		return 0;
	return w[n + 1] == '\0' || (digits(w + n + 1, 2) >= 0 &&
	    w[n + 3] == '\0');
}

/*
 * 1 when an hour ends just before token i: "2pm", "10 am", "2p.m.",
 * "9 a.m", "15h", "10h30".
 */
static int
hour_before(const struct nlu_doc *dc, size_t i)
{
	const char	*w;
	size_t		 n;

	if (i > 0 && is_sign(dc, i - 1, '.'))
		i--;
	if (i < 2)
		return 0;
	/* "2p.m.", "9 a.m." */
	if (nlu_tok_is(dc, i - 1, "m") && is_sign(dc, i - 2, '.'))
		return i > 2 && ((dc->t[i - 3].w[0] >= '0' &&
		    dc->t[i - 3].w[0] <= '9') || (i > 3 &&
		    (nlu_tok_is(dc, i - 3, "a") || nlu_tok_is(dc, i - 3, "p")) &&
		    dc->t[i - 4].num >= 0));
	w = dc->t[i - 1].w;
	n = strlen(w);
	/* "15h ven", "10h30 vend", "9 h lun" */
	if (h_hour(w) || (nlu_tok_is(dc, i - 1, "h") && dc->t[i - 2].num >= 0))
		return 1;
	if (n < 2 || (strcmp(w + n - 2, "am") != 0 &&
	    strcmp(w + n - 2, "pm") != 0))
		return 0;
	/* "2pm", "2 pm" */
	return n > 2 ? w[0] >= '0' && w[0] <= '9' : dc->t[i - 2].num >= 0;
}

/*
 * 1 when the abbreviation at token i stands for a day: "on"/"this"/
 * "next"/"ce"/"le" before it, or after it the end, a sign, a number, a
 * clock time, a part of the day, "prochain", "at"/"à" ("mon rdv", "Sam
 * Smith", "sun cream" stay words).
 */
static int
abbrev_cue(const struct nlu_doc *dc, size_t i)
{
	size_t	 j = i + 1;
	int	 risky;

	/* "Mon or Tue", "lun ou mar": next to another day offered */
	if ((nlu_tok_is(dc, j, "or") || nlu_tok_is(dc, j, "ou")) &&
	    (plain_day(dc, j + 1) || (plain_day(dc, i) &&
	    any_day(dc, j + 1))))
		return 1;
	if (i > 1 && (nlu_tok_is(dc, i - 1, "or") ||
	    nlu_tok_is(dc, i - 1, "ou")) && (plain_day(dc, i - 2) ||
	    (plain_day(dc, i) && any_day(dc, i - 2))))
		return 1;

	/* words too ("mon", "Sam", "sun", "le jeu") need more than a sign */
	risky = nlu_tok_is(dc, i, "mon") || nlu_tok_is(dc, i, "sat") ||
	    nlu_tok_is(dc, i, "sun") || nlu_tok_is(dc, i, "sam") ||
	    nlu_tok_is(dc, i, "dim") || nlu_tok_is(dc, i, "mar") ||
	    nlu_tok_is(dc, i, "mer") || nlu_tok_is(dc, i, "jeu");
	if (i > 0 && (nlu_tok_is(dc, i - 1, "on") ||
	    nlu_tok_is(dc, i - 1, "this") || nlu_tok_is(dc, i - 1, "next") ||
	    nlu_tok_is(dc, i - 1, "ce")) && !nlu_tok_is(dc, i, "mon") &&
	    !nlu_tok_is(dc, i, "sam"))
		return 1;
	/* "ce sam", "this sam" in lower case: no one is called so there */
	if (i > 0 && nlu_tok_is(dc, i, "sam") && !dc->t[i].cap &&
	    (nlu_tok_is(dc, i - 1, "ce") || nlu_tok_is(dc, i - 1, "this") ||
	    nlu_tok_is(dc, i - 1, "next")))
		return 1;
	if (i > 0 && !risky && (nlu_tok_is(dc, i - 1, "le") ||
	    nlu_tok_is(dc, i - 1, "for") || nlu_tok_is(dc, i - 1, "pour")))
		return 1;
	/* "2p.m. thurs", "10am tues", "15h ven": a clock time just
	 * before */
	if (!risky && hour_before(dc, i))
		return 1;
	if (j >= dc->n)
		return !risky;
	if (dc->t[j].kind == NLU_TK_PUNCT)
		return !risky && (dc->t[j].w[0] == '?' ||
		    dc->t[j].w[0] == '!' || dc->t[j].w[0] == ',' ||
		    dc->t[j].w[0] == '.' || dc->t[j].w[0] == '@');
	if (nlu_tok_is(dc, i, "mon") && !part_word(dc, j))
		return dc->t[j].w[0] >= '0' && dc->t[j].w[0] <= '9' &&
		    (strchr(dc->t[j].w, 'h') || strstr(dc->t[j].w, "am") ||
		    strstr(dc->t[j].w, "pm") || is_sign(dc, j + 1, ':') ||
		    en_ordinal(dc, j));
	if (dc->t[j].cap && !nlu_tok_is(dc, i, "sat") &&
	    (dc->t[i].cap && !dc->t[i].allcap))
		return 0;	/* "Sam Smith" */
	if (dc->t[j].w[0] >= '0' && dc->t[j].w[0] <= '9')
		return !nlu_tok_is(dc, i, "mon") || strchr(dc->t[j].w, 'h') ||
		    strstr(dc->t[j].w, "am") || strstr(dc->t[j].w, "pm") ||
		    nlu_tok_is(dc, j + 1, "h") || is_sign(dc, j + 1, ':');
	/* "can't make tues", "can we do thurs same time", "weds
	 * instead" */
	if (!risky && ((i > 0 && (nlu_tok_is(dc, i - 1, "make") ||
	    nlu_tok_is(dc, i - 1, "do"))) || nlu_tok_is(dc, j, "same") ||
	    nlu_tok_is(dc, j, "instead")))
		return 1;
	/* "thurs after work", "weds before school" */
	if (!risky && (nlu_tok_is(dc, j, "after") ||
	    nlu_tok_is(dc, j, "before") || nlu_tok_is(dc, j, "apres") ||
	    nlu_tok_is(dc, j, "avant")))
		return 1;
	return part_word(dc, j) || nlu_tok_is(dc, j, "prochain*") ||
	    nlu_tok_is(dc, j, "next") || nlu_tok_is(dc, j, "at") ||
	    nlu_tok_is(dc, j, "a") || nlu_tok_is(dc, j, "pls") ||
	    nlu_tok_is(dc, j, "svp") || nlu_tok_is(dc, j, "please");
}

/*
 * Weekday at token i (0 = Monday) or -1: a name, a typo of one, an
 * abbreviation with its cue. *plural as for weekday_of_word.
 */
static int
weekday_at(const struct nlu_doc *dc, size_t i, int *plural)
{
	size_t	 k;
	int	 wd;

	*plural = 0;
	if (i >= dc->n || dc->t[i].kind != NLU_TK_WORD)
		return -1;
	if ((wd = weekday_of_word(dc->t[i].w, plural)) >= 0)
		return wd;
	for (k = 0; k < sizeof(wd_abbrevs) / sizeof(wd_abbrevs[0]); k++)
		if (strcmp(dc->t[i].w, wd_abbrevs[k].w) == 0)
			return abbrev_cue(dc, i) ? wd_abbrevs[k].wd : -1;
	return -1;
}

/* Titles written before a surname, folded: "Dr Noël", "Mme Lundi". */
static const char *const name_titles[] = { "dr", "dre", "docteur",
    "docteure", "doctoresse", "doctor", "doc", "pr", "prof", "professeur",
    "mme", "madame", "mr", "mrs", "ms", "miss", "mlle", "monsieur", NULL };

/* The short titles, never the start of a day asked for: "Dr Monday". */
static const char *const short_titles[] = { "dr", "dre", "pr", "mme",
    "mr", "mrs", "ms", "mlle", NULL };

/* Words that bring a person's name: "avec Julie", "c'est Aurélien". */
static const char *const name_cues[] = { "avec", "with", "suis", "est",
    "am", "m", "is", "s", "appelle", "voir", "see", "chez", NULL };

/*
 * 1 when token i, a day or feast word written with a capital, is a
 * surname: after a title ("Dr Noël", "le docteur Lundi") or after first
 * names a cue brings ("avec Julie Noël", "c'est Aurélien Lundi", "je
 * suis Marie-Thérèse Noël"). English weekdays, written with a capital
 * anyway, are a name after a short title alone ("Dr Monday").
 */
static int
surname_at(const struct nlu_doc *dc, size_t i, int en_day)
{
	size_t	 k = i, names = 0;
	int	 pl;

	if (i == 0 || i >= dc->n || !dc->t[i].cap || dc->t[i].allcap)
		return 0;
	if (dc->t[k - 1].kind == NLU_TK_PUNCT && dc->t[k - 1].w[0] == '.' &&
	    k > 1)
		k--;
	if (tok_any(dc, k - 1, en_day ? short_titles : name_titles))
		return 1;
	if (en_day)
		return 0;
	k = i;
	while (k > 0 && names < 4 && ((dc->t[k - 1].kind == NLU_TK_PUNCT &&
	    dc->t[k - 1].w[0] == '-') || (dc->t[k - 1].kind == NLU_TK_WORD &&
	    dc->t[k - 1].cap && !dc->t[k - 1].allcap &&
	    dc->t[k - 1].alpha && weekday_of_word(dc->t[k - 1].w, &pl) < 0 &&
	    month_of(dc->t[k - 1].w) == 0))) {
		names += dc->t[k - 1].kind == NLU_TK_WORD;
		k--;
	}
	return names > 0 && k > 0 && (tok_any(dc, k - 1, name_cues) ||
	    tok_any(dc, k - 1, name_titles));
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

/* 1 when token k ends a clause: a sign of punctuation, "mais", "but". */
static int
clause_edge(const struct nlu_doc *dc, size_t k)
{
	if (k >= dc->n)
		return 1;
	if (dc->t[k].kind == NLU_TK_PUNCT)
		return dc->t[k].w[0] != '-' && dc->t[k].w[0] != '/' &&
		    dc->t[k].w[0] != ':' && dc->t[k].w[0] != '\'' &&
		    dc->t[k].w[0] != '.';
	return nlu_tok_is(dc, k, "mais") || nlu_tok_is(dc, k, "but") ||
	    nlu_tok_is(dc, k, "sinon") || nlu_tok_is(dc, k, "otherwise");
}

/* First token of the clause holding token i. */
static size_t
clause_start(const struct nlu_doc *dc, size_t i)
{
	/* a full stop ends a clause, but for "10.12" ("le 12. Lundi"
	 * ends one) */
	while (i > 0 && !clause_edge(dc, i - 1) &&
	    !(is_sign(dc, i - 1, '.') && (!(i > 1 && dc->t[i - 2].num >= 0) ||
	    (i < dc->n && dc->t[i].sp && dc->t[i].alpha))))
		i--;
	return i;
}

/* One past the last token of the clause holding token i. */
static size_t
clause_end(const struct nlu_doc *dc, size_t i)
{
	while (i < dc->n && !clause_edge(dc, i) && !(is_sign(dc, i, '.') &&
	    !(i + 1 < dc->n && dc->t[i + 1].num >= 0)))
		i++;
	return i;
}

/* 1 when token k says no: "pas", "not", "n't", "sauf", "except", "away". */
static int
refusal_word(const struct nlu_doc *dc, size_t k)
{
	static const char *const w[] = {
		"pas", "not", "cannot", "cant", "wont", "dont", "never",
		"jamais", "sauf", "except", "excepte", "hormis", "away",
		"absent", "absente", "unable", "empeche", "empechee",
		"off", "unavailable", "indisponible", "busy", "occupe",
		"occupee",
	};
	size_t	 j;

	if (nlu_seq(dc, k, "sauf que", NULL) ||
	    nlu_seq(dc, k, "sauf qu", NULL) ||
	    nlu_seq(dc, k, "except that", NULL))
		return 0;
	for (j = 0; j < sizeof(w) / sizeof(w[0]); j++)
		if (nlu_tok_is(dc, k, w[j]))
			return 1;
	/* "can't", "won't", "don't": "can" "t" */
	return nlu_tok_is(dc, k, "t") && k > 0 && dc->t[k - 1].w[0] != '\0' &&
	    dc->t[k - 1].w[strlen(dc->t[k - 1].w) - 1] == 'n';
}

/*
 * 1 when the value at token i is refused by the words before it in its
 * clause ("je ne suis pas là le 4", "except Wednesday", "can't make it
 * at 10", "I'll be away on the 4th").
 */
static int
refused(const struct nlu_doc *dc, size_t i)
{
	static const char *const after[] = {
		"won t work", "wont work", "doesn t work", "doesnt work",
		"is no good", "s no good", "isn t possible", "is not possible",
		"ne marche pas", "marche pas", "ne va pas", "me va pas",
		"ne me convient pas", "me convient pas", "c est trop tot",
		"c est trop tard", "trop tot", "trop tard", "too early",
		"too late", "is too early", "is too late", "impossible",
		"pas possible", NULL
	};
	size_t	 k, from = clause_start(dc, i), to = clause_end(dc, i), l;

	if (i > from + 7)
		from = i - 7;
	for (k = from; k < i; k++)
		if (refusal_word(dc, k))
			return 1;
	/* "Tuesday won't work, Wednesday?", "10h c'est trop tôt, 11h ?" */
	for (k = i + 1; k < to && k < i + 6; k++)
		for (l = 0; after[l] != NULL; l++)
			if (nlu_seq(dc, k, after[l], NULL))
				return 1;
	return 0;
}

/*
 * 1 when the words before token i in its clause say the patient is away
 * that day ("I'm off on the 20th", "absente le 18"), not that a day
 * does not suit ("can't make tomorrow").
 */
static int
away_before(const struct nlu_doc *dc, size_t i)
{
	static const char *const w[] = {
		"off", "away", "absent", "absente", "unavailable",
		"indisponible", "busy", "occupe", "occupee", NULL
	};
	size_t	 k, from = clause_start(dc, i);

	if (i > from + 7)
		from = i - 7;
	for (k = from; k < i; k++)
		if (tok_any(dc, k, w))
			return 1;
	return 0;
}

/* 1 when token k names an appointment ("rdv", "appointment", "séance"). */
static int
appt_noun(const struct nlu_doc *dc, size_t k)
{
	return nlu_tok_is(dc, k, "rdv") || nlu_tok_is(dc, k, "rendez*") ||
	    nlu_tok_is(dc, k, "rv") || nlu_tok_is(dc, k, "appointment*") ||
	    nlu_tok_is(dc, k, "appt") || nlu_tok_is(dc, k, "session*") ||
	    nlu_tok_is(dc, k, "seance*") || nlu_tok_is(dc, k, "booking") ||
	    nlu_tok_is(dc, k, "consultation") || nlu_tok_is(dc, k, "visit") ||
	    nlu_tok_is(dc, k, "bilan");
}

/* 1 when token k is a possessive ("mon", "my", "our"). */
static int
possessive(const struct nlu_doc *dc, size_t k)
{
	return nlu_tok_is(dc, k, "mon") || nlu_tok_is(dc, k, "ma") ||
	    nlu_tok_is(dc, k, "mes") || nlu_tok_is(dc, k, "my") ||
	    nlu_tok_is(dc, k, "our") || nlu_tok_is(dc, k, "notre") ||
	    nlu_tok_is(dc, k, "nos");
}

/*
 * 1 when the date at tokens [a, b) is the day of the patient's own
 * appointment ("mon rdv de jeudi", "my appointment on the 4th", "my
 * Monday appointment", "tomorrow's session"): the one being moved.
 */
static int
own_appt(const struct nlu_doc *dc, size_t a, size_t b)
{
	size_t	 k = a;

	while (k > 0 && (nlu_tok_is(dc, k - 1, "de") ||
	    nlu_tok_is(dc, k - 1, "du") || nlu_tok_is(dc, k - 1, "d") ||
	    nlu_tok_is(dc, k - 1, "of") || nlu_tok_is(dc, k - 1, "on") ||
	    nlu_tok_is(dc, k - 1, "for") || nlu_tok_is(dc, k - 1, "le") ||
	    nlu_tok_is(dc, k - 1, "the") || nlu_tok_is(dc, k - 1, "ce") ||
	    nlu_tok_is(dc, k - 1, "prevu*") ||
	    nlu_tok_is(dc, k - 1, "planned") ||
	    nlu_tok_is(dc, k - 1, "scheduled") ||
	    nlu_tok_is(dc, k - 1, "booked")) && a - k < 3)
		k--;
	/* "mon rendez-vous du 8" */
	if (k > 2 && nlu_tok_is(dc, k - 1, "vous") &&
	    nlu_tok_is(dc, k - 3, "rendez"))
		k -= 2;
	if (k > 1 && appt_noun(dc, k - 1) && possessive(dc, k - 2))
		return 1;
	if (a > 0 && possessive(dc, a - 1) && appt_noun(dc, b))
		return 1;
	return nlu_tok_is(dc, b, "s") && appt_noun(dc, b + 1);
}

/*
 * 1 when the date at token a is the day of an event of the patient's,
 * not the appointment's: "before my marathon on Sunday", "pour mon
 * mariage le 12".
 */
static int
event_day(const struct nlu_doc *dc, size_t a)
{
	size_t	 k = a;

	/* "my graduation on the 19th": two small words at most */
	while (k > 0 && a - k < 2 && (nlu_tok_is(dc, k - 1, "on") ||
	    nlu_tok_is(dc, k - 1, "le") || nlu_tok_is(dc, k - 1, "du") ||
	    nlu_tok_is(dc, k - 1, "this") || nlu_tok_is(dc, k - 1, "ce") ||
	    (k == a && nlu_tok_is(dc, k - 1, "the"))))
		k--;
	return k > 1 && k != a && possessive(dc, k - 2) &&
	    dc->t[k - 1].alpha && !appt_noun(dc, k - 1);
}

/*
 * 1 when the date at token a is the day the patient travels: "I fly on
 * Jan 9", "je pars le 12", "we're leaving on the 3rd", "mon vol est le
 * 4" (the words right before it; "leave it on Monday" keeps it).
 */
static int
trip_day(const struct nlu_doc *dc, size_t a)
{
	static const char *const go[] = {
		"fly", "flying", "flies", "leave", "leaving", "depart",
		"departing", "pars", "partons", "partez", "partirai",
		"partirons", "decolle", "vol", "flight", "envole", "vacances",
		"holiday", "holidays", "vacation", NULL
	};
	size_t	 k = a;

	/* "I fly out on the 20th", "on part en vacances le 15" */
	while (k > 0 && a - k < 3 && (nlu_tok_is(dc, k - 1, "on") ||
	    nlu_tok_is(dc, k - 1, "out") ||
	    nlu_tok_is(dc, k - 1, "le") || nlu_tok_is(dc, k - 1, "the") ||
	    nlu_tok_is(dc, k - 1, "this") || nlu_tok_is(dc, k - 1, "ce") ||
	    nlu_tok_is(dc, k - 1, "is") || nlu_tok_is(dc, k - 1, "est")))
		k--;
	if (k == 0 || k == a || !tok_any(dc, k - 1, go))
		return 0;
	/* "pars le 12" yes, "vol" only as "mon vol est le 4" */
	return !nlu_tok_is(dc, k - 1, "vol") || (k > 1 &&
	    possessive(dc, k - 2));
}

struct dscan {
	struct nlu_doc	*dc;
	struct nlu_date	*out;
	size_t		 nout, max;
	int		 next_week;	/* "semaine prochaine" seen */
	/* a date refused or naming the appointment being moved */
	int		 weak[NLU_MAX_DATES];
	/* a day the patient is away: "I'm off on the 20th" */
	int		 refd[NLU_MAX_DATES];
	/* the day of an event of the patient's: "mon mariage le 20" */
	int		 evt[NLU_MAX_DATES];
	/* the day the patient travels: "I fly on Jan 9" */
	int		 trip[NLU_MAX_DATES];
	/* "le 12" said on the 19th: that day of this month went by */
	int		 rolled;
	/* a day gone by a few days ago, read as next month's or year's */
	int		 gone[NLU_MAX_DATES];
	size_t		 end[NLU_MAX_DATES];	/* one past its tokens */
};

/* Words that take back what was just said, folded. */
static const char *const taken_back[] = {
	"actually", "en fait", "finalement", "ah non", "oh non", "oh no",
	"ah no", "non attendez", "wait", "i mean", "je veux dire",
	"scratch that", "make that", "make it", "non pardon", "no sorry",
	"correction", "kidding", "just joking", "only joking", "jk",
	"je plaisante", "je rigole", "je blague", "c est une blague",
	"plus serieusement", NULL,
};

static int	after_bare_hour(const struct nlu_doc *, size_t);
static int	deadline_before(const struct nlu_doc *, size_t);
static int	paired_day(const struct nlu_doc *, size_t, size_t);
static int	ampm_at(const struct nlu_doc *, size_t, size_t *);

/*
 * 1 when the words at token j make the number before them an hour:
 * "pm", "a.m.", "o'clock", "heures", "ish", "-ish", "hrs" ("Friday 3
 * pm", "vendredi 3 heures", "Friday 3-ish").
 */
static int
hour_mark(const struct nlu_doc *dc, size_t j)
{
	size_t	 x;

	return ampm_at(dc, j, &x) || nlu_seq(dc, j, "o clock", NULL) ||
	    nlu_tok_is(dc, j, "oclock") || nlu_tok_is(dc, j, "heure") ||
	    nlu_tok_is(dc, j, "heures") || nlu_tok_is(dc, j, "ish") ||
	    nlu_tok_is(dc, j, "hrs") || (is_sign(dc, j, '-') &&
	    nlu_tok_is(dc, j + 1, "ish"));
}
static int	peek_minutes(struct nlu_doc *, size_t);

/*
 * 1 when the words at token j make the number before them an hour of
 * the day: "12 noon", "12 midday", "9 in the morning", "9 du matin",
 * "3 de l'après-midi" ("Monday 12 noon" is no 12th).
 */
static int
day_part_next(const struct nlu_doc *dc, size_t j)
{
	static const char *const parts[] = { "noon", "midday",
	    "in the morning", "in the afternoon", "in the evening",
	    "du matin", "de l apres midi", "de l apresmidi", "de l aprem",
	    "du soir", NULL };
	size_t	 k;

	for (k = 0; parts[k] != NULL; k++)
		if (nlu_seq(dc, j, parts[k], NULL))
			return 1;
	return 0;
}

static int	clock_at(const struct nlu_doc *, size_t);

/*
 * 1 when the number at token j and the hour after it are two hours
 * offered: "3 or 4pm", "3/4pm", "15/16h", "10 ou 11h" ("thu 3 or 4pm"
 * is no 3rd).
 */
static int
hour_pair(const struct nlu_doc *dc, size_t j)
{
	if (j + 2 >= dc->n || dc->t[j].num < 1 || dc->t[j].num > 23 ||
	    (!nlu_tok_is(dc, j + 1, "or") && !nlu_tok_is(dc, j + 1, "ou") &&
	    !is_sign(dc, j + 1, '/') && !is_sign(dc, j + 1, '-')))
		return 0;
	return clock_at(dc, j + 2) || ampm_word(dc->t[j + 2].w);
}

/*
 * 1 when token j starts a clock time written with its minutes or its
 * mark: "11:00", "9.30", "14h", "3pm" ("le 28 11:00": the day, then the
 * hour).
 */
static int
clock_at(const struct nlu_doc *dc, size_t j)
{
	if (j < dc->n && h_hour(dc->t[j].w))
		return 1;
	if (j + 1 >= dc->n || dc->t[j].num < 0 || dc->t[j].num > 23 ||
	    dc->t[j].ndig > 2)
		return 0;
	if ((is_sign(dc, j + 1, ':') || is_sign(dc, j + 1, '.')) &&
	    j + 2 < dc->n && dc->t[j + 2].ndig == 2 &&
	    dc->t[j + 2].num >= 0 && dc->t[j + 2].num < 60 &&
	    !is_sign(dc, j + 3, '.') && !is_sign(dc, j + 3, '/'))
		return 1;
	return nlu_tok_is(dc, j + 1, "h") || hour_mark(dc, j + 1);
}

/*
 * 1 when the day at tokens [a, b) is offered, not told of: a clock time
 * after it ("le 8 à 10h") or another day offered beside it ("le 5 ou le
 * 12", "the 8th, otherwise the 15th").
 */
static int
offered(struct nlu_doc *dc, size_t a, size_t b)
{
	static const char *const alt[] = {
		"ou", "or", "sinon", "otherwise", NULL
	};
	size_t	 k;

	if (peek_minutes(dc, b) >= 0)
		return 1;
	for (k = b; k < dc->n && k < b + 2; k++)
		if (tok_any(dc, k, alt))
			return 1;
	for (k = a > 3 ? a - 3 : 0; k < a; k++)
		if (tok_any(dc, k, alt))
			return 1;
	return 0;
}

/*
 * 1 when tokens [a, b) take back a day said before them ("le 25 ou le
 * 26... actually the 26th", "lundi ? ah non c'est férié, alors mardi").
 */
static int
taken_back_in(const struct nlu_doc *dc, size_t a, size_t b)
{
	size_t	 k, l;

	for (k = a; k < b; k++)
		for (l = 0; taken_back[l] != NULL; l++)
			if (nlu_seq(dc, k, taken_back[l], NULL))
				return 1;
	return 0;
}

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
	int		 explicit_year = y > 0, gone;
	size_t		 k;

	use(s->dc, a, b);
	s->dc->date_exprs++;
	gone = s->rolled;
	s->rolled = 0;
	/* "I need it before January 15th", "d'ici le 1er mars": a
	 * deadline, no day asked for (a weekday comes with its year) */
	if (!explicit_year && (deadline_before(s->dc, a) || (a > 0 &&
	    (nlu_tok_is(s->dc, a - 1, "le") || nlu_tok_is(s->dc, a - 1,
	    "the")) && deadline_before(s->dc, a - 1))))
		return;
	if (!explicit_year) {
		y = now->y;
		if (m < now->m || (m == now->m && d < now->d)) {
			y++;
			gone = nlu_valid_date(now->y, m, d) &&
			    days_from_civil(now->y, now->m, now->d) -
			    days_from_civil(now->y, m, d) <= 14;
		}
	}
	/* "le 8 à 10h, sinon le 15": a day offered is asked for */
	if (gone && offered(s->dc, a, b))
		gone = 0;
	if (!nlu_valid_date(y, m, d) || s->nout >= s->max)
		return;
	if (s->nout < NLU_MAX_DATES)
		s->refd[s->nout] = away_before(s->dc, a);
	if (s->nout < NLU_MAX_DATES)
		s->evt[s->nout] = event_day(s->dc, a);
	if (s->nout < NLU_MAX_DATES)
		s->trip[s->nout] = trip_day(s->dc, a);
	if (s->nout < NLU_MAX_DATES)
		s->gone[s->nout] = gone;
	/* a day that went by a few days ago, read as next month's or
	 * next year's ("opérée le 2 décembre" on the 6th): most likely
	 * the past, passed over when another day is named */
	if (s->nout < NLU_MAX_DATES)
		s->weak[s->nout] = refused(s->dc, a) ||
		    own_appt(s->dc, a, b) || event_day(s->dc, a) ||
		    past_clause(s->dc, a) || gone;
	/* a day taken back: the days said before it are none */
	if (s->nout > 0 && s->nout < NLU_MAX_DATES &&
	    taken_back_in(s->dc, s->end[s->nout - 1], a))
		for (k = 0; k < s->nout; k++)
			s->weak[k] = 1;
	if (s->nout < NLU_MAX_DATES)
		s->end[s->nout] = b;
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

/*
 * 1 when "a/b" at token i is a score out of ten ("douleur à 8/10", "pain
 * 7/10"), not a date: b is 10, a at most 10, the message speaks of pain
 * or a score, and no "le"/"the"/"du"/"on" makes it a day.
 */
static int
pain_score(const struct nlu_doc *dc, size_t i, int a, int b)
{
	size_t	 k;

	if (b != 10 || a > 10 || (i > 0 && (nlu_tok_is(dc, i - 1, "le") ||
	    nlu_tok_is(dc, i - 1, "the") || nlu_tok_is(dc, i - 1, "du") ||
	    nlu_tok_is(dc, i - 1, "on") || nlu_tok_is(dc, i - 1, "au"))))
		return 0;
	for (k = 0; k < dc->n; k++)
		if (nlu_tok_is(dc, k, "douleur*") || nlu_tok_is(dc, k, "mal") ||
		    nlu_tok_is(dc, k, "gene") || nlu_tok_is(dc, k, "pain*") ||
		    nlu_tok_is(dc, k, "ache*") || nlu_tok_is(dc, k, "hurt*") ||
		    nlu_tok_is(dc, k, "sore") || nlu_tok_is(dc, k, "stiff*") ||
		    nlu_tok_is(dc, k, "niveau") || nlu_tok_is(dc, k, "level") ||
		    nlu_tok_is(dc, k, "score") || nlu_tok_is(dc, k, "note") ||
		    nlu_tok_is(dc, k, "raide"))
			return 1;
	return 0;
}

/*
 * Month and day of a numeric date "a/b": day first, but month first in
 * the United States ("1/4" is January 4 there); when one order gives no
 * month ("25/12", "12/25") the other is taken.
 */
static void
day_month(const struct nlu_doc *dc, int a, int b, int *m, int *d)
{
	int	 us = dc->country != NULL && strcmp(dc->country, "US") == 0;

	if ((us && a <= 12) || (a <= 12 && b > 12)) {
		*m = a;
		*d = b;
	} else {
		*m = b;
		*d = a;
	}
}

/* Numeric dates: 2027-03-03, 03/03, 3/3/2027, 03.03.2027, 3-3-2027. */
/* Words before a clock time: "at 10", "à 14h", "vers 9h". */
static const char *const clock_cues[] = { "at", "a", "vers", "around",
    "@", NULL };

static int
scan_numeric(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	const struct nlu_tok *t = &dc->t[i];
	char		 sep;
	int		 a, b, y, m, d;

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
	day_month(dc, a, b, &m, &d);
	if (is_sign(dc, i + 3, sep) &&
	    (y = year_tok(dc, i + 4, &dc->now)) > 0) {
		emit(s, i, i + 5, y, m, d);
		return 1;
	}
	/* "le 15-02", "le 10.12", "on the 15.02": with its article, a
	 * day and a month of two digits */
	if (sep != '/' && i > 0 && dc->t[i + 2].ndig == 2 && b >= 1 &&
	    b <= 12 && a >= 1 && a <= 31 && (nlu_tok_is(dc, i - 1, "le") ||
	    nlu_tok_is(dc, i - 1, "du") || nlu_tok_is(dc, i - 1, "au") ||
	    nlu_tok_is(dc, i - 1, "the") || nlu_tok_is(dc, i - 1, "on")) &&
	    !is_sign(dc, i + 3, sep) && !is_sign(dc, i + 3, ':')) {
		emit(s, i, i + 3, 0, b, a);
		return 1;
	}
	/* "16.03 at 10", "16.03 à 14h": a clock time after it makes it
	 * the day */
	if (sep != '/' && dc->t[i + 2].ndig == 2 && b >= 1 && b <= 12 &&
	    a >= 1 && a <= 31 && !is_sign(dc, i + 3, sep) &&
	    ((tok_any(dc, i + 3, clock_cues) && i + 4 < dc->n &&
	    ((dc->t[i + 4].num >= 0 && dc->t[i + 4].num <= 23) ||
	    clock_at(dc, i + 4) || ampm_word(dc->t[i + 4].w))) ||
	    clock_at(dc, i + 3))) {
		emit(s, i, i + 3, 0, b, a);
		return 1;
	}
	if (sep != '/')
		return 0;
	if (pain_score(dc, i, a, b)) {
		use(dc, i, i + 3);
		return 1;
	}
	emit(s, i, i + 3, 0, m, d);
	return 1;
}

/*
 * 1 when the two-digit number at token j after "3 mars" is a past year
 * ("3 mars 85", a birth date), not a clock time ("3 mars 10h").
 */
static int
short_year(const struct nlu_doc *dc, size_t j, int y)
{
	return dc->t[j].ndig == 2 && y < dc->now.y &&
	    !nlu_tok_is(dc, j + 1, "h") && !nlu_tok_is(dc, j + 1, "heure*") &&
	    !nlu_tok_is(dc, j + 1, "min*") && !is_sign(dc, j + 1, ':') &&
	    !nlu_tok_is(dc, j + 1, "am") && !nlu_tok_is(dc, j + 1, "pm");
}

/* Days of the month written as words, folded. */
static const struct {
	const char	*w;
	int		 n;
} daywords[] = {
	{ "deux", 2 }, { "trois", 3 }, { "quatre", 4 }, { "cinq", 5 },
	{ "six", 6 }, { "sept", 7 }, { "huit", 8 }, { "neuf", 9 },
	{ "dix", 10 }, { "onze", 11 }, { "douze", 12 }, { "treize", 13 },
	{ "quatorze", 14 }, { "quinze", 15 }, { "seize", 16 },
	{ "vingt", 20 }, { "trente", 30 }, { "first", 1 }, { "second", 2 },
	{ "third", 3 }, { "fourth", 4 }, { "fifth", 5 }, { "sixth", 6 },
	{ "seventh", 7 }, { "eighth", 8 }, { "ninth", 9 }, { "tenth", 10 },
	{ "eleventh", 11 }, { "twelfth", 12 }, { "thirteenth", 13 },
	{ "fourteenth", 14 }, { "fifteenth", 15 }, { "sixteenth", 16 },
	{ "seventeenth", 17 }, { "eighteenth", 18 }, { "nineteenth", 19 },
	{ "twentieth", 20 }, { "thirtieth", 30 }, { "twenty", 20 },
	{ "thirty", 30 }, { "un", 1 }, { "premier", 1 },
};

/* Value of the day word at token i, or -1. */
static int
dayword_at(const struct nlu_doc *dc, size_t i)
{
	size_t	 k;

	if (i >= dc->n || dc->t[i].kind != NLU_TK_WORD)
		return -1;
	for (k = 0; k < sizeof(daywords) / sizeof(daywords[0]); k++)
		if (strcmp(dc->t[i].w, daywords[k].w) == 0)
			return daywords[k].n;
	return -1;
}

/*
 * A day of the month in words from token i ("trois", "dix-sept",
 * "vingt-trois", "vingt et un", "third", "twenty-first"); *e is one past
 * it. Only read next to a month's name. Returns 2..31 (1 for "premier",
 * "first") or -1.
 */
static int
day_words(const struct nlu_doc *dc, size_t i, size_t *e)
{
	int	 a, b;

	if ((a = dayword_at(dc, i)) < 0 || (a == 1 && !nlu_tok_is(dc, i,
	    "premier") && !nlu_tok_is(dc, i, "first")))
		return -1;
	*e = i + 1;
	if ((a == 10 || a == 20 || a == 30) && is_sign(dc, i + 1, '-') &&
	    (b = dayword_at(dc, i + 2)) > 0 && b < 10) {
		*e = i + 3;
		a += b;
	} else if ((a == 20 || a == 30) && nlu_tok_is(dc, i + 1, "et") &&
	    nlu_tok_is(dc, i + 2, "un")) {
		*e = i + 3;
		a += 1;
	}
	return a >= 1 && a <= 31 ? a : -1;
}

/* "le 3 mars [2027]", "3rd of March", "March 3rd, 2027", "1er mai". */
static int
scan_named(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 j, e;
	int		 d, m, y;

	if ((d = day_tok(dc, i)) > 0) {
		j = i + 1;
		if (nlu_tok_is(dc, j, "of"))
			j++;
		if (j < dc->n && (m = month_of(dc->t[j].w)) > 0) {
			j++;
			/* "2 févr. 1979": the dot of an abbreviated month */
			if (is_sign(dc, j, ',') || (is_sign(dc, j, '.') &&
			    year_tok(dc, j + 1, &dc->now) > 0 &&
			    dc->t[j + 1].ndig == 4))
				j++;
			if ((y = year_tok(dc, j, &dc->now)) > 0 &&
			    (dc->t[j].ndig == 4 || short_year(dc, j, y))) {
				emit(s, i, j + 1, y, m, d);
				return 1;
			}
			emit(s, i, i + 2 + nlu_tok_is(dc, i + 1, "of"),
			    0, m, d);
			return 1;
		}
		return 0;
	}
	/* "le trois décembre", "the third of December" */
	if ((d = day_words(dc, i, &j)) > 0) {
		if (nlu_tok_is(dc, j, "of"))
			j++;
		if (j >= dc->n || (m = month_of(dc->t[j].w)) == 0)
			return 0;
		emit(s, i, j + 1, 0, m, d);
		return 1;
	}
	if ((m = month_of(dc->t[i].w)) == 0)
		return 0;
	j = i + 1;
	if (is_sign(dc, j, '.'))
		j++;	/* "déc. 3" */
	if (nlu_tok_is(dc, j, "the"))
		j++;
	/* "December third", "décembre vingt-trois" */
	if (day_tok(dc, j) < 0 && (d = day_words(dc, j, &e)) > 0) {
		emit(s, i, e, 0, m, d);
		return 1;
	}
	if ((d = day_tok(dc, j)) < 0)
		return 0;
	/* "mai 14h": a time, not a day. */
	if (j + 1 < dc->n && (nlu_tok_is(dc, j + 1, "h") ||
	    nlu_tok_is(dc, j + 1, "heure*") || is_sign(dc, j + 1, ':')))
		return 0;
	/* "mar 5 jan": "mar" is mardi when a month follows the day */
	if (j + 1 < dc->n && month_of(dc->t[j + 1].w) > 0) {
		use(dc, i, i + 1);
		return 1;
	}
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

/*
 * "in two weeks" (tokens [a, e)), n days ahead; with a weekday after it
 * ("in two weeks on Tuesday", "dans deux semaines le mardi", "dans 3
 * semaines, jeudi"), that day of the week n days ahead falls in.
 */
static void
weeks_on(struct dscan *s, size_t a, size_t e, int n)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 j = e;
	int		 wd, pl, today;

	today = nlu_weekday(dc->now.y, dc->now.m, dc->now.d);
	/* "in a week from Thursday": the coming Thursday and a week */
	if (nlu_tok_is(dc, j, "from") &&
	    (wd = weekday_at(dc, j + 1, &pl)) >= 0 && !pl) {
		emit_rel(s, a, j + 2, n + ((wd - today + 6) % 7) + 1);
		return;
	}
	if (is_sign(dc, j, ','))
		j++;
	if (nlu_tok_is(dc, j, "on") || nlu_tok_is(dc, j, "le"))
		j++;
	if ((wd = weekday_at(dc, j, &pl)) < 0 || pl ||
	    day_tok(dc, j + 1) > 0) {
		emit_rel(s, a, e, n);
		return;
	}
	emit_rel(s, a, j + 1, n - today + wd);
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
		/*
		 * "dans huit jours", "dans 15 jours": one, two weeks (in
		 * French also in digits; "in 15 days" is 15 days)
		 */
		if ((word || nlu_tok_is(dc, i, "dans")) &&
		    (n == 8 || n == 15))
			n--;
		if (n % 7 == 0)
			weeks_on(s, i, j + 1, n);
		else
			emit_rel(s, i, j + 1, n);
	}
	else if (nlu_tok_is(dc, j, "semaine") ||
	    nlu_tok_is(dc, j, "semaines") || nlu_tok_is(dc, j, "week") ||
	    nlu_tok_is(dc, j, "weeks") || nlu_tok_is(dc, j, "sem"))
		weeks_on(s, i, j + 1, 7 * n);
	else if (nlu_tok_is(dc, j, "fortnight"))
		weeks_on(s, i, j + 1, 14 * n);
	else
		return 0;
	return 1;
}

/*
 * "3 days from now", "two weeks from today", "10 jours à partir
 * d'aujourd'hui": that many days from today ("3 days from now until my
 * trip" is a span, none).
 */
static int
scan_from_now(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 j = i + 1, e;
	int		 n, mul;

	if ((n = dc->t[i].num) < 0 || dc->t[i].ndig > 3)
		n = nlu_parse_number_word(dc->t[i].w);
	if (n < 1 || n > 400 || (i > 0 && (nlu_tok_is(dc, i - 1, "in") ||
	    nlu_tok_is(dc, i - 1, "dans"))))
		return 0;
	if (nlu_tok_is(dc, j, "day") || nlu_tok_is(dc, j, "days") ||
	    nlu_tok_is(dc, j, "jour") || nlu_tok_is(dc, j, "jours"))
		mul = 1;
	else if (nlu_tok_is(dc, j, "week") || nlu_tok_is(dc, j, "weeks") ||
	    nlu_tok_is(dc, j, "semaine") || nlu_tok_is(dc, j, "semaines"))
		mul = 7;
	else
		return 0;
	if (!nlu_seq(dc, j + 1, "from now", &e) &&
	    !nlu_seq(dc, j + 1, "from today", &e) &&
	    !nlu_seq(dc, j + 1, "a partir d aujourd hui", &e) &&
	    !nlu_seq(dc, j + 1, "a compter d aujourd hui", &e))
		return 0;
	if (nlu_tok_is(dc, e, "until") || nlu_tok_is(dc, e, "till") ||
	    nlu_tok_is(dc, e, "jusqu"))
		return 0;
	emit_rel(s, i, e, n * mul);
	return 1;
}

/*
 * Asking the clinic's people about their own plans: "are you guys doing
 * anything fun tonight?", "vous faites quoi ce soir ?", "des projets
 * pour ce soir ?": no day asked for the patient.
 */
static int
plans_asked(const struct nlu_doc *dc, size_t k)
{
	return nlu_seq(dc, k, "are you doing", NULL) ||
	    nlu_seq(dc, k, "you guys doing", NULL) ||
	    nlu_seq(dc, k, "doing anything", NULL) ||
	    nlu_seq(dc, k, "doing something", NULL) ||
	    nlu_seq(dc, k, "any plans", NULL) ||
	    nlu_seq(dc, k, "got plans", NULL) ||
	    nlu_seq(dc, k, "your plans", NULL) ||
	    nlu_seq(dc, k, "are you celebrating", NULL) ||
	    nlu_seq(dc, k, "are you going out", NULL) ||
	    nlu_seq(dc, k, "vous faites quoi", NULL) ||
	    nlu_seq(dc, k, "tu fais quoi", NULL) ||
	    nlu_seq(dc, k, "vous faites quelque chose", NULL) ||
	    nlu_seq(dc, k, "vous faites qqch", NULL) ||
	    nlu_seq(dc, k, "des projets", NULL) ||
	    nlu_seq(dc, k, "vous sortez", NULL) ||
	    nlu_seq(dc, k, "vous fetez", NULL) ||
	    nlu_seq(dc, k, "vous faites la fete", NULL);
}

/*
 * 1 when the clause holding token i is small talk: "how are you today",
 * "il fait beau aujourd'hui", "nice weather today", "are you doing
 * anything tonight?".
 */
static int
small_talk(const struct nlu_doc *dc, size_t i)
{
	size_t	 k, a = clause_start(dc, i), b = clause_end(dc, i);

	for (k = a; k < b; k++)
		if (plans_asked(dc, k) ||
		    nlu_seq(dc, k, "how are you", NULL) ||
		    nlu_seq(dc, k, "how r u", NULL) ||
		    nlu_seq(dc, k, "comment allez", NULL) ||
		    nlu_seq(dc, k, "comment vas", NULL) ||
		    nlu_seq(dc, k, "comment ca va", NULL) ||
		    nlu_seq(dc, k, "il fait", NULL) ||
		    nlu_tok_is(dc, k, "weather") ||
		    nlu_tok_is(dc, k, "meteo") ||
		    nlu_seq(dc, k, "nice day", NULL) ||
		    nlu_seq(dc, k, "lovely day", NULL))
			return 1;
	return 0;
}

/*
 * Weeks said just before "today" / "tomorrow" at token i: "a week
 * tomorrow", "two weeks from today". Returns the days to add (0: none);
 * *a is where the expression starts.
 */
static int
weeks_before(const struct nlu_doc *dc, size_t i, size_t *a)
{
	size_t	 k = i;
	int	 n;

	if (k > 0 && nlu_tok_is(dc, k - 1, "from"))
		k--;
	if (k < 2 || (!nlu_tok_is(dc, k - 1, "week") &&
	    !nlu_tok_is(dc, k - 1, "weeks")))
		return 0;
	if (nlu_tok_is(dc, k - 2, "a") || nlu_tok_is(dc, k - 2, "one"))
		n = 1;
	else if ((n = dc->t[k - 2].num) < 0 || dc->t[k - 2].ndig > 1)
		n = nlu_parse_number_word(dc->t[k - 2].w);
	if (n < 1 || n > 9)
		return 0;
	*a = k - 2;
	return 7 * n;
}

/*
 * 1 when a day is named in the three words before token i ("mardi dans
 * la journée", "le 3, dans la journée", "demain dans la journée").
 */
static int
day_named_before(const struct nlu_doc *dc, size_t i)
{
	size_t	 k;

	for (k = i; k > 0 && i - k < 3; k--)
		if (any_day(dc, k - 1) || month_of(dc->t[k - 1].w) > 0 ||
		    day_tok(dc, k - 1) > 0 || nlu_tok_is(dc, k - 1, "demain") ||
		    nlu_tok_is(dc, k - 1, "lendemain"))
			return 1;
	return 0;
}

/*
 * 1 when the clause of token i speaks of work: "je travaille dans la
 * journée" is when one is busy, no day asked for.
 */
static int
work_in_clause(const struct nlu_doc *dc, size_t i)
{
	size_t	 k, a = clause_start(dc, i);

	for (k = a; k < i; k++)
		if (nlu_tok_is(dc, k, "travail*") || nlu_tok_is(dc, k, "bosse*") ||
		    nlu_tok_is(dc, k, "boulot") || nlu_tok_is(dc, k, "cours") ||
		    nlu_tok_is(dc, k, "occupe*"))
			return 1;
	return 0;
}

/* Today, tomorrow, the day after. */
static int
scan_relword(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 e, a;
	int		 w;

	if (nlu_seq(dc, i, "apres demain", &e) ||
	    nlu_seq(dc, i, "apres dem", &e) ||
	    nlu_seq(dc, i, "apresdemain", &e) ||
	    nlu_seq(dc, i, "day after tomorrow", &e) ||
	    nlu_seq(dc, i, "after tomorrow", &e)) {
		emit_rel(s, i, e, 2);
		return 1;
	}
	if (nlu_seq(dc, i, "demain", &e) || nlu_seq(dc, i, "tomorrow", &e) ||
	    nlu_seq(dc, i, "dmn", &e) || nlu_seq(dc, i, "tmr", &e) ||
	    nlu_seq(dc, i, "2moro", &e) || nlu_seq(dc, i, "2morrow", &e) ||
	    nlu_seq(dc, i, "2morow", &e) || nlu_seq(dc, i, "tmrow", &e) ||
	    nlu_seq(dc, i, "dem1", &e) || nlu_seq(dc, i, "tmrw", &e) ||
	    nlu_seq(dc, i, "tomorow", &e) || nlu_seq(dc, i, "tommorow", &e) ||
	    nlu_seq(dc, i, "tommorrow", &e) || nlu_seq(dc, i, "demin", &e) ||
	    (nlu_seq(dc, i, "manana", &e) && !nlu_foreign(dc))) {
		/* "mañana" said in French or English (a message in
		 * Spanish is answered that Sophie does not speak it) */
		a = i;
		emit_rel(s, a, e, 1 + weeks_before(dc, i, &a));
		return 1;
	}
	if (nlu_seq(dc, i, "aujourd hui", &e) ||
	    nlu_seq(dc, i, "aujourdhui", &e) || nlu_seq(dc, i, "ajd", &e) ||
	    nlu_seq(dc, i, "auj", &e) || nlu_seq(dc, i, "today", &e) ||
	    nlu_seq(dc, i, "tonight", &e) || nlu_seq(dc, i, "ce soir", &e)) {
		/* "how are you today": no day asked for */
		a = i;
		if ((w = weeks_before(dc, i, &a)) > 0)
			emit_rel(s, a, e, w);
		else if (small_talk(dc, i))
			use(dc, i, e);
		else
			emit_rel(s, i, e, 0);
		return 1;
	}
	/* "me recevoir dans la journée": today, unless the day is another
	 * ("plus tard dans la journée", "dans la journée de mardi", "mardi
	 * dans la journée": the day named decides) */
	if (nlu_seq(dc, i, "dans la journee", &e) && !(i > 0 &&
	    (nlu_tok_is(dc, i - 1, "tard") || nlu_tok_is(dc, i - 1, "tot") ||
	    nlu_tok_is(dc, i - 1, "meme"))) && !nlu_tok_is(dc, e, "de") &&
	    !nlu_tok_is(dc, e, "du") && !nlu_tok_is(dc, e, "d") &&
	    !past_clause(dc, i + 1)) {
		if (day_named_before(dc, i) || work_in_clause(dc, i)) {
			use(dc, i, e);
			return 1;
		}
		emit_rel(s, i, e, 0);
		return 1;
	}
	/* "cet aprèm", "this afternoon" (not "depuis cet après-midi") */
	if (i > 0 && (nlu_tok_is(dc, i - 1, "depuis") ||
	    nlu_tok_is(dc, i - 1, "since")))
		return 0;
	if (nlu_seq(dc, i, "cet apres midi", &e) ||
	    nlu_seq(dc, i, "cet apresmidi", &e) ||
	    nlu_seq(dc, i, "cette apres midi", &e) ||
	    nlu_seq(dc, i, "cet aprem", &e) ||
	    nlu_seq(dc, i, "cet aprm", &e) || nlu_seq(dc, i, "ce matin", &e) ||
	    nlu_seq(dc, i, "this morning", &e) ||
	    nlu_seq(dc, i, "this arvo", &e) ||
	    nlu_seq(dc, i, "this aprem", &e) ||
	    nlu_seq(dc, i, "this afternoon", &e) ||
	    nlu_seq(dc, i, "this evening", &e)) {
		/* "I chipped a tooth this morning": no day asked for;
		 * nor "ce matin" written in the afternoon */
		if (past_clause(dc, i + 1) || part_over(dc, i + 1))
			return 0;
		emit_rel(s, i, e, 0);
		return 1;
	}
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
	/* "any Saturday is fine", "n'importe quel samedi", "un samedi",
	 * "every Saturday", "a Saturday morning would suit": no one day
	 * ("a" as written, not a folded "à"; "change my Tuesday to a
	 * Wednesday" names the day moved to) */
	if (i > 0 && (nlu_tok_is(dc, i - 1, "any") ||
	    nlu_tok_is(dc, i - 1, "quel") || nlu_tok_is(dc, i - 1, "un") ||
	    nlu_tok_is(dc, i - 1, "every") || (nlu_tok_is(dc, i - 1, "a") &&
	    dc->t[i - 1].eo == dc->t[i - 1].so + 1 &&
	    !(i > 1 && nlu_tok_is(dc, i - 2, "to")))))
		return 1;
	/* "vous êtes ouverts le samedi ?" is habitual (above); "are you
	 * open on Friday?" names that Friday */
	return 0;
}

/*
 * 1 when the weekday at token i is one of two offered ("mardi ou jeudi",
 * "Tuesday or Wednesday"): inside a week that was named, no day is
 * chosen.
 */
static int
alternative_day(const struct nlu_doc *dc, size_t i)
{
	int	 pl;

	if (i > 1 && (nlu_tok_is(dc, i - 1, "ou") ||
	    nlu_tok_is(dc, i - 1, "or")) && weekday_at(dc, i - 2, &pl) >= 0)
		return 1;
	return (nlu_tok_is(dc, i + 1, "ou") || nlu_tok_is(dc, i + 1, "or")) &&
	    weekday_at(dc, i + 2, &pl) >= 0;
}

static int	change_cue(const struct nlu_doc *);

/* Words between the two ends of a span of weekdays, folded. */
static const char *const span_words[] = { "to", "au", "through", "thru",
    "till", "until", "-", NULL };

/*
 * 1 when the weekday at token i is an end of a span of weekdays ("I
 * work Monday to Friday", "du lundi au vendredi", "Mon-Fri"): the
 * patient's week, not one day asked for. A move ("from Tuesday to
 * Thursday") is no span.
 */
static int
day_span(const struct nlu_doc *dc, size_t i)
{
	int	 pl;

	if (change_cue(dc))
		return 0;

	if (i + 2 < dc->n && tok_any(dc, i + 1, span_words) &&
	    weekday_at(dc, i + 2, &pl) >= 0)
		return 1;
	return i > 1 && tok_any(dc, i - 1, span_words) &&
	    weekday_at(dc, i - 2, &pl) >= 0;
}

/* 1 when a week was named ("semaine prochaine", "this week"). */
static int
week_named(const struct nlu_doc *dc)
{
	return nlu_flat_has(dc, "semaine prochaine") ||
	    nlu_flat_has(dc, "next week") ||
	    nlu_flat_has(dc, "semaine d apres") ||
	    nlu_flat_has(dc, "cette semaine") ||
	    nlu_flat_has(dc, "this week");
}

static int	set_aside(const struct nlu_doc *, size_t);

/*
 * 1 when the weekday at token i is excluded ("sauf le mercredi",
 * "except Wednesday", "pas le lundi"), says when something began
 * ("depuis lundi", "since Monday"), or is one of two inside a named week.
 */
static int
no_day(const struct nlu_doc *dc, size_t i)
{
	size_t	 k = i;

	if (k > 0 && (nlu_tok_is(dc, k - 1, "le") ||
	    nlu_tok_is(dc, k - 1, "on") || nlu_tok_is(dc, k - 1, "les")))
		k--;
	if (k > 0 && (nlu_tok_is(dc, k - 1, "sauf") ||
	    nlu_tok_is(dc, k - 1, "except") ||
	    nlu_tok_is(dc, k - 1, "hormis") ||
	    nlu_tok_is(dc, k - 1, "excepte") ||
	    nlu_tok_is(dc, k - 1, "depuis") || nlu_tok_is(dc, k - 1, "since")))
		return 1;
	/* "mais pas le mercredi", "but not Thursday", ", not Monday" */
	if (k > 1 && (nlu_tok_is(dc, k - 1, "pas") ||
	    nlu_tok_is(dc, k - 1, "not")) && (nlu_tok_is(dc, k - 2, "mais") ||
	    nlu_tok_is(dc, k - 2, "but") || nlu_tok_is(dc, k - 2, "et") ||
	    nlu_tok_is(dc, k - 2, "and") || is_sign(dc, k - 2, ',')))
		return 1;
	return week_named(dc) && alternative_day(dc, i);
}

/* Does a phrase naming next week start at token j? */
static int
next_week_at(const struct nlu_doc *dc, size_t j)
{
	static const char *const ph[] = {
		"semaine prochaine", "semaine pro", "sem prochaine", "sem pro",
		"semaine d apres", "semaine suivante", "next week",
		"following week",
	};
	size_t	 k, e;

	for (k = 0; k < sizeof(ph) / sizeof(ph[0]); k++)
		if (nlu_seq(dc, j, ph[k], &e))
			return 1;
	return 0;
}

/*
 * Is token j where one clause of the message ends and another begins
 * ("annulez jeudi et donnez-m'en un autre la semaine prochaine")? A
 * full stop, a question mark, "mais", "but", or "et"/"and" that does not
 * join two days ("jeudi et vendredi de la semaine prochaine").
 */
static int
clause_break(const struct nlu_doc *dc, size_t j)
{
	int	 pl;

	if (is_sign(dc, j, '.') || is_sign(dc, j, '?') ||
	    is_sign(dc, j, '!') || is_sign(dc, j, ';') ||
	    nlu_tok_is(dc, j, "mais") || nlu_tok_is(dc, j, "but"))
		return 1;
	if (!nlu_tok_is(dc, j, "et") && !nlu_tok_is(dc, j, "and"))
		return 0;
	if (j + 1 < dc->n && (nlu_tok_is(dc, j + 1, "le") ||
	    nlu_tok_is(dc, j + 1, "on")))
		j++;
	return j + 1 >= dc->n || weekday_at(dc, j + 1, &pl) < 0;
}

/* 1 when tokens a and b are in one clause, a few tokens apart. */
static int
same_clause(const struct nlu_doc *dc, size_t a, size_t b)
{
	size_t	 k;

	if (a > b) {
		k = a;
		a = b;
		b = k;
	}
	if (b - a > 8)
		return 0;
	for (k = a + 1; k < b; k++)
		if (clause_break(dc, k))
			return 0;
	return 1;
}

/*
 * 1 when the weekday at token i is refused and the week at token j
 * set apart from it, by a comma or "plutôt"/"rather"/"instead": "je
 * peux pas mardi, plutôt la semaine pro", "can't do Tuesday, next week
 * rather" ask for the week, not its Tuesday ("pas mardi de la semaine
 * prochaine" is that week's Tuesday refused).
 */
static int
refused_apart(const struct nlu_doc *dc, size_t i, size_t j)
{
	size_t	 k, a = i < j ? i : j, b = i < j ? j : i;

	if (!refused(dc, i))
		return 0;
	for (k = a + 1; k < b; k++)
		if (is_sign(dc, k, ',') || nlu_tok_is(dc, k, "plutot") ||
		    nlu_tok_is(dc, k, "rather") ||
		    nlu_tok_is(dc, k, "instead"))
			return 1;
	/* "next week rather": the word after the week */
	return j > i && j + 2 < dc->n && (nlu_tok_is(dc, j + 2, "rather") ||
	    nlu_tok_is(dc, j + 2, "instead"));
}

/*
 * 1 when the weekday at token i belongs to a next week named in its
 * clause: "jeudi de la semaine prochaine", "next week on Thursday"; not
 * "cancel Thursday and give me another one next week", nor a refused
 * weekday set apart from the week (refused_apart).
 */
static int
week_of_day(const struct nlu_doc *dc, size_t i)
{
	size_t	 j, a = i > 8 ? i - 8 : 0;

	for (j = a; j < dc->n && j <= i + 8; j++)
		if (j != i && next_week_at(dc, j) && same_clause(dc, i, j) &&
		    !refused_apart(dc, i, j))
			return 1;
	return 0;
}

/*
 * 1 when a weekday in the clause of the week named at token i picks
 * its day (then the week is no range).
 */
static int
day_of_week(const struct nlu_doc *dc, size_t i)
{
	size_t	 j, a = i > 8 ? i - 8 : 0;
	int	 pl;

	for (j = a; j < dc->n && j <= i + 8; j++)
		if (!dc->t[j].used && weekday_at(dc, j, &pl) >= 0 && !pl &&
		    !no_day(dc, j) && same_clause(dc, i, j) &&
		    !refused_apart(dc, j, i))
			return 1;
	return 0;
}

/*
 * "lundi 3" (weekday wd, day d at token e): the first 3rd from today on,
 * within two months, that is a Monday. When none is, the message
 * contradicts itself: no date rather than a wrong one.
 */
static int
weekday_day(struct dscan *s, size_t i, size_t e, int wd, int d)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 before;
	int		 y = dc->now.y, m = dc->now.m, k;

	if (d < dc->now.d && ++m > 12) {
		m = 1;
		y++;
	}
	for (k = 0; k < 3; k++) {
		if (nlu_valid_date(y, m, d) && nlu_weekday(y, m, d) == wd) {
			before = s->nout;
			emit(s, i, e + 1, y, m, d);
			/* the year was not written */
			if (s->nout > before)
				s->out[before].explicit_year = 0;
			return 1;
		}
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	/* "dr Patel thursday 9 please" when no Thursday is a 9th: the
	 * weekday, and the number (a morning's hour) is left to be read
	 * as an hour; "mardi 3" stays no date */
	if (e == i + 1 && dc->t[e].ndig <= 2 && d >= 8 && d <= 12 &&
	    after_bare_hour(dc, e + 1) && !is_sign(dc, e + 1, '/') &&
	    dc->t[e].w[dc->t[e].ndig] == '\0' && !paired_day(dc, i, e)) {
		k = (wd - nlu_weekday(dc->now.y, dc->now.m, dc->now.d) + 7) %
		    7;
		emit_rel(s, i, i + 1, k == 0 ? 7 : k);
		return 1;
	}
	use(dc, i, e + 1);
	dc->date_exprs++;
	return 1;
}

/*
 * 1 when the weekday at token i and the number at e are one of two days
 * offered ("jeudi 10 ou vendredi 11", "Tuesday 9 and Wednesday 11"): the
 * numbers are days, however wrong.
 */
static int
paired_day(const struct nlu_doc *dc, size_t i, size_t e)
{
	static const char *const conj[] = { "ou", "or", "et", "and", NULL };
	int	 pl;

	if (i > 0 && tok_any(dc, i - 1, conj))
		return 1;
	return e + 2 < dc->n && tok_any(dc, e + 1, conj) &&
	    weekday_of_word(dc->t[e + 2].w, &pl) >= 0;
}

/*
 * A day of the month as an English ordinal in words at token i
 * ("fifteenth", "twenty first", "twenty-first", "thirtieth"): 1..31,
 * *e past it; -1 if none.
 */
static int
ordinal_word(const struct nlu_doc *dc, size_t i, size_t *e)
{
	static const char *const ord[] = { "first", "second", "third",
	    "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
	    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
	    "sixteenth", "seventeenth", "eighteenth", "nineteenth",
	    "twentieth" };
	size_t	 k, j = i;
	int	 tens = 0;

	if (nlu_tok_is(dc, i, "twenty") || nlu_tok_is(dc, i, "thirty")) {
		tens = dc->t[i].w[1] == 'w' ? 20 : 30;
		j = i + 1 + is_sign(dc, i + 1, '-');
	}
	if (nlu_tok_is(dc, i, "thirtieth")) {
		*e = i + 1;
		return 30;
	}
	for (k = 0; k < sizeof(ord) / sizeof(ord[0]); k++)
		if (nlu_tok_is(dc, j, ord[k])) {
			if (tens != 0 && k >= 9)
				return -1;
			if (tens + (int)k + 1 > 31)
				return -1;
			*e = j + 1;
			return tens + (int)k + 1;
		}
	return -1;
}

/*
 * Days ahead in "in two weeks", "dans 3 semaines", "in a fortnight",
 * "dans quinze jours" at token j (0: none); *e past the words.
 */
static int
weeks_ahead(const struct nlu_doc *dc, size_t j, size_t *e)
{
	int	 n;

	if ((!nlu_tok_is(dc, j, "in") && !nlu_tok_is(dc, j, "dans")) ||
	    j + 2 >= dc->n)
		return 0;
	if (nlu_tok_is(dc, j + 1, "a"))
		n = 1;
	else if ((n = dc->t[j + 1].num) < 0 || dc->t[j + 1].ndig > 1)
		n = nlu_parse_number_word(dc->t[j + 1].w);
	*e = j + 3;
	if (n >= 1 && n <= 9 && (nlu_tok_is(dc, j + 2, "week") ||
	    nlu_tok_is(dc, j + 2, "weeks") ||
	    nlu_tok_is(dc, j + 2, "semaine") ||
	    nlu_tok_is(dc, j + 2, "semaines")))
		return 7 * n;
	if (n >= 1 && n <= 4 && nlu_tok_is(dc, j + 2, "fortnight"))
		return 14 * n;
	if (nlu_tok_is(dc, j + 1, "quinze") && nlu_tok_is(dc, j + 2, "jours"))
		return 14;
	if (nlu_tok_is(dc, j + 1, "huit") && nlu_tok_is(dc, j + 2, "jours"))
		return 7;
	return 0;
}

/* "lundi", "lundi prochain", "next Monday", "mardi 3 mars", "lundi 3". */
static int
scan_weekday(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 e = i + 1, x, before;
	int		 wd, today, next, delta, d, plus = 0;
	int		 plural, week;

	if ((wd = weekday_at(dc, i, &plural)) < 0)
		return 0;
	/* "c'est Aurélien Lundi", "le docteur Lundi": a surname */
	if (surname_at(dc, i, strcmp(dc->t[i].w, weekdays[wd].w) != 0))
		return 0;
	/* "jeudi de la semaine prochaine", "Thursday next week": that
	 * week's day; "next Thursday", "jeudi prochain" (next, below) is
	 * the coming one, as the patients who wrote the held-out cases
	 * meant it (every one of them whose reading could be told) */
	week = next = s->next_week && week_of_day(dc, i);
	/* "on a Sunday", "un dimanche": any such day, none in particular
	 * ("à jeudi" folds to "a jeudi": only after "on") */
	if ((i > 1 && nlu_tok_is(dc, i - 1, "a") &&
	    nlu_tok_is(dc, i - 2, "on")) || (i > 0 &&
	    nlu_tok_is(dc, i - 1, "un"))) {
		use(dc, i, e);
		return 1;
	}
	/* "Monday evenings work best", "Tuesday mornings": a habit */
	if (plural || no_day(dc, i) || day_span(dc, i) ||
	    tok_any(dc, e, parts_plural)) {
		use(dc, i, e);
		return 1;
	}
	/* "jeudi au lieu de mardi", "Thursday instead of Tuesday": the day
	 * set aside is said, but not asked for */
	if (set_aside(dc, i > 0 && (nlu_tok_is(dc, i - 1, "le") ||
	    nlu_tok_is(dc, i - 1, "on")) ? i - 1 : i)) {
		use(dc, i, e);
		dc->date_exprs++;
		return 1;
	}
	if (i > 0 && nlu_tok_is(dc, i - 1, "next"))
		next = 1;
	if (i > 0 && nlu_tok_is(dc, i - 1, "last"))
		goto past;
	/* "a week on Thursday": that Thursday and a week */
	if (i > 2 && nlu_tok_is(dc, i - 1, "on") &&
	    nlu_tok_is(dc, i - 2, "week") && (nlu_tok_is(dc, i - 3, "a") ||
	    nlu_tok_is(dc, i - 3, "one")))
		plus = 7;
	/* "a week from Friday", "two weeks from Monday": that day and
	 * the weeks */
	else if (i > 0 && nlu_tok_is(dc, i - 1, "from") &&
	    (plus = weeks_before(dc, i, &x)) > 0)
		use(dc, x, i);
	if (nlu_tok_is(dc, e, "prochain") || nlu_tok_is(dc, e, "prochaine") ||
	    nlu_tok_is(dc, e, "suivant")) {
		next = 1;
		e++;
	} else if (nlu_tok_is(dc, e, "dernier"))
		goto past;
	/* "lundi en huit", "mardi en quinze": a week, two weeks later */
	if (nlu_seq(dc, e, "en huit", &x) || nlu_seq(dc, e, "en 8", &x)) {
		plus = 7;
		e = x;
	} else if (nlu_seq(dc, e, "en quinze", &x) ||
	    nlu_seq(dc, e, "en 15", &x)) {
		plus = 14;
		e = x;
	} else if (nlu_seq(dc, e, "after next", &x)) {
		/* "Monday after next": a week after the coming Monday */
		plus = 7;
		e = x;
	} else if (nlu_tok_is(dc, e, "week") && !nlu_tok_is(dc, e + 1, "end")) {
		/* "Friday week": a week on Friday */
		plus = 7;
		e++;
	} else if (!next && (d = weeks_ahead(dc, e, &x)) > 0) {
		/* "Tuesday in two weeks", "mardi dans deux semaines": that
		 * day of the week so far ahead */
		today = nlu_weekday(dc->now.y, dc->now.m, dc->now.d);
		emit_rel(s, i, x, d - today + wd);
		return 1;
	}
	if (habitual(s, i, e, next || plus > 0)) {
		use(dc, i, e);
		return 1;
	}
	/* "Friday the fifteenth", "Monday the twenty-first": the day in
	 * words */
	if (plus == 0 && !next && nlu_tok_is(dc, e, "the") &&
	    (d = ordinal_word(dc, e + 1, &x)) > 0 && x > e + 1)
		return weekday_day(s, i, x - 1, wd, d);
	/* "Thursday the 17th", "jeudi le 17", "samedi prochain le 8": the
	 * article before the day number changes nothing, the day number
	 * decides */
	if (plus == 0 && (nlu_tok_is(dc, e, "the") ||
	    nlu_tok_is(dc, e, "le")) && e + 1 < dc->n &&
	    dc->t[e + 1].w[0] >= '0' && dc->t[e + 1].w[0] <= '9' &&
	    day_tok(dc, e + 1) > 0)
		e++;
	/* "mardi 3 mars" / "Tuesday March 3": the calendar date decides
	 * ("Friday 3 pm": an hour, below) */
	if (e < dc->n && (day_tok(dc, e) > 0 || month_of(dc->t[e].w) > 0) &&
	    !(dc->t[e].num >= 1 && dc->t[e].num <= 12 &&
	    (hour_mark(dc, e + 1) || day_part_next(dc, e + 1))) &&
	    !hour_pair(dc, e)) {
		before = s->nout;
		if (scan_named(s, e) || scan_numeric(s, e)) {
			use(dc, i, e);
			/* "mardi 10 décembre" when the 10th is a Thursday:
			 * the message contradicts itself, no date rather
			 * than a guess */
			if (s->nout == before + 1 && !plus && !next &&
			    !s->out[before].birth && nlu_weekday(s->out[before].y, s->out[before].m,
			    s->out[before].d) != wd)
				s->nout = before;
			return 1;
		}
		if ((d = day_tok(dc, e)) > 0 && !nlu_tok_is(dc, e + 1, "h") &&
		    !is_sign(dc, e + 1, ':') && !is_sign(dc, e + 1, '.') &&
		    !is_sign(dc, e + 1, '/') &&
		    dc->t[e].w[0] >= '0' && dc->t[e].w[0] <= '9')
			return weekday_day(s, i, e, wd, d);

	}
	today = nlu_weekday(dc->now.y, dc->now.m, dc->now.d);
	if (week)
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

/* 1 when token k is a verb that moves an appointment ("décaler"). */
static int
move_verb(const struct nlu_doc *dc, size_t k)
{
	static const char *const verbs[] = {
		"decal*", "deplac*", "report*", "avanc*", "repouss*",
		"mettre", "passer", "chang*", "move*", "resched*", "shift*",
		"push*", NULL
	};

	return tok_any(dc, k, verbs);
}

/*
 * 1 when a verb that moves an appointment comes shortly before token i
 * ("décaler au 7", "move it to").
 */
static int
move_cue(const struct nlu_doc *dc, size_t i)
{
	size_t	 k, from = i > 8 ? i - 8 : 0;

	for (k = from; k < i; k++)
		if (move_verb(dc, k))
			return 1;
	return 0;
}

/*
 * 1 when token i is a French ordinal in digits, "2e", "3e": "le 2e
 * rappel" is the second booster (a day is "le 2").
 */
static int
fr_ordinal(const struct nlu_doc *dc, size_t i)
{
	size_t	 n = strlen(dc->t[i].w);

	return n >= 2 && n <= 3 && dc->t[i].w[n - 1] == 'e' &&
	    dc->t[i].w[0] >= '0' && dc->t[i].w[0] <= '9';
}

/*
 * 1 when the words before token i make the day after it a deadline:
 * "they need it by the 10th", "avant le 15", "before the 3rd", "d'ici
 * le 20", "no later than the 8th", "au plus tard le 12" (when it is
 * needed by, not the day asked for).
 */
static int
deadline_before(const struct nlu_doc *dc, size_t i)
{
	return i > 0 && (nlu_tok_is(dc, i - 1, "by") ||
	    nlu_tok_is(dc, i - 1, "before") || nlu_tok_is(dc, i - 1, "avant") ||
	    (i > 1 && nlu_seq(dc, i - 2, "d ici", NULL)) ||
	    (i > 1 && nlu_seq(dc, i - 2, "later than", NULL)) ||
	    (i > 1 && nlu_seq(dc, i - 2, "plus tard", NULL)));
}

static long	today_of(const struct nlu_doc *);

/*
 * The month (*y, *m) in which day d of the month falls inside the span
 * the message names ("en avril", "late next month"), when that span
 * ends in the future and holds such a day. Returns 1 when found.
 */
static int
day_in_span(const struct nlu_doc *dc, int d, int *y, int *m)
{
	long	 t;
	int	 yy, mm, dd, k;

	if (!dc->range_seen || dc->range_to < today_of(dc))
		return 0;
	civil_from_days(dc->range_from, &yy, &mm, &dd);
	for (k = 0; k < 3; k++) {
		if (nlu_valid_date(yy, mm, d)) {
			t = days_from_civil(yy, mm, d);
			if (t >= dc->range_from && t <= dc->range_to) {
				*y = yy;
				*m = mm;
				return 1;
			}
		}
		if (++mm > 12) {
			mm = 1;
			yy++;
		}
	}
	return 0;
}

/* "le 15", "du 4" alone: the next 15th on or after today. */
static int
scan_le_day(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 x;
	int		 d, m, k, y;

	if (!nlu_tok_is(dc, i, "le") && !nlu_tok_is(dc, i, "the") &&
	    !nlu_tok_is(dc, i, "du") && !(nlu_tok_is(dc, i, "au") &&
	    move_cue(dc, i)))
		return 0;
	/* "the fifteenth", "on the twenty-first": a day in words past the
	 * fifth ("the second" picks from a list) */
	if (nlu_tok_is(dc, i, "the") && (d = ordinal_word(dc, i + 1, &x)) >= 6 &&
	    (x >= dc->n || (dc->t[x].kind == NLU_TK_PUNCT &&
	    dc->t[x].w[0] != '-' && dc->t[x].w[0] != '/') ||
	    nlu_tok_is(dc, x, "at") || nlu_tok_is(dc, x, "please") ||
	    nlu_tok_is(dc, x, "pls") || nlu_tok_is(dc, x, "if") ||
	    nlu_tok_is(dc, x, "would") || nlu_tok_is(dc, x, "works") ||
	    nlu_tok_is(dc, x, "then") || nlu_tok_is(dc, x, "or") ||
	    nlu_tok_is(dc, x, "in")) && !deadline_before(dc, i)) {
		m = dc->now.m;
		if (d < dc->now.d)
			m = m == 12 ? 1 : m + 1;
		for (k = 0; k < 12 && !nlu_valid_date(dc->now.y +
		    (m < dc->now.m), m, d); k++)
			m = m == 12 ? 1 : m + 1;
		emit(s, i + 1, x, 0, m, d);
		return 1;
	}
	if ((d = day_tok(dc, i + 1)) < 0)
		return 0;
	/* "I'm away until the 10th", "after the 10th": a bound of the
	 * patient's days, not the day asked for */
	if (i > 0 && (nlu_tok_is(dc, i - 1, "until") ||
	    nlu_tok_is(dc, i - 1, "till") || nlu_tok_is(dc, i - 1, "til") ||
	    nlu_tok_is(dc, i - 1, "after"))) {
		use(dc, i, i + 2);
		dc->date_exprs++;
		return 1;
	}
	/* "le 3 du mois prochain", "the 3rd of next month": that month's */
	if (nlu_seq(dc, i + 2, "du mois prochain", &x) ||
	    nlu_seq(dc, i + 2, "of next month", &x)) {
		m = dc->now.m % 12 + 1;
		emit(s, i + 1, x, dc->now.y + (m == 1), m, d);
		if (s->nout > 0)
			s->out[s->nout - 1].explicit_year = 0;
		return 1;
	}
	if (i + 2 < dc->n) {
		const struct nlu_tok *t = &dc->t[i + 2];

		if (month_of(t->w) > 0 || nlu_tok_is(dc, i + 2, "of"))
			return 0;
		/* "le 10.12": the day and its month (scan_numeric) */
		if (is_sign(dc, i + 2, '.') && i + 3 < dc->n &&
		    !dc->t[i + 3].sp && dc->t[i + 3].ndig == 2 &&
		    dc->t[i + 3].num >= 1 && dc->t[i + 3].num <= 12)
			return 0;
		if (t->kind == NLU_TK_PUNCT && t->w[0] != ',' &&
		    t->w[0] != '?' && t->w[0] != '!' && t->w[0] != '.')
			return 0;
		if (nlu_tok_is(dc, i + 2, "h") ||
		    nlu_tok_is(dc, i + 2, "heure*") ||
		    nlu_tok_is(dc, i + 2, "jour*") ||
		    nlu_tok_is(dc, i + 2, "min*") ||
		    nlu_tok_is(dc, i + 2, "euro*") ||
		    (t->num >= 0 && !clock_at(dc, i + 2)))
			return 0;
		/* "the first appointment", "le premier rdv": an ordinal
		 * word before a noun is no day */
		if ((dc->t[i + 1].alpha || fr_ordinal(dc, i + 1)) &&
		    t->kind == NLU_TK_WORD &&
		    !nlu_tok_is(dc, i + 2, "at") &&
		    !nlu_tok_is(dc, i + 2, "a") &&
		    !nlu_tok_is(dc, i + 2, "vers") &&
		    !nlu_tok_is(dc, i + 2, "around") &&
		    !nlu_tok_is(dc, i + 2, "in") &&
		    !nlu_tok_is(dc, i + 2, "au") &&
		    !nlu_tok_is(dc, i + 2, "svp") &&
		    !nlu_tok_is(dc, i + 2, "please"))
			return 0;
	}
	/* "they need it by the 10th", "avant le 25": a deadline */
	if (deadline_before(dc, i)) {
		use(dc, i, i + 2);
		dc->date_exprs++;
		return 1;
	}
	/* "en avril le 20", "late next month, the 25th": the day of the
	 * span the message names */
	if (day_in_span(dc, d, &y, &m)) {
		emit(s, i + 1, i + 2, y, m, d);
		if (s->nout > 0)
			s->out[s->nout - 1].explicit_year = 0;
		return 1;
	}
	m = dc->now.m;
	s->rolled = d < dc->now.d && dc->now.d - d <= 14;
	/* "le 31 à 10h" said on the 31st at 17:00: next month's */
	if (d < dc->now.d || (d == dc->now.d &&
	    (k = peek_minutes(dc, i + 2)) >= 0 &&
	    k < dc->now.hh * 60 + dc->now.mm))
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

/* Ordinal words of a weekday in its month, folded; -1: the last. */
static int
nth_of(const struct nlu_doc *dc, size_t i)
{
	static const struct {
		const char	*w;
		int		 n;
	} ord[] = {
		{ "premier", 1 }, { "premiere", 1 }, { "1er", 1 },
		{ "1ere", 1 }, { "first", 1 }, { "1st", 1 },
		{ "deuxieme", 2 }, { "second", 2 }, { "2e", 2 },
		{ "2eme", 2 }, { "2nd", 2 }, { "troisieme", 3 },
		{ "third", 3 }, { "3e", 3 }, { "3eme", 3 }, { "3rd", 3 },
		{ "quatrieme", 4 }, { "fourth", 4 }, { "4e", 4 },
		{ "4eme", 4 }, { "4th", 4 }, { "dernier", -1 },
		{ "derniere", -1 }, { "last", -1 },
	};
	size_t	 k;

	if (i >= dc->n || dc->t[i].kind != NLU_TK_WORD)
		return 0;
	for (k = 0; k < sizeof(ord) / sizeof(ord[0]); k++)
		if (strcmp(dc->t[i].w, ord[k].w) == 0)
			return ord[k].n;
	return 0;
}

/*
 * 1 when an ordinal weekday ends just before token i ("le premier lundi
 * | du mois prochain", "the 2nd Tuesday | of next month"): the month
 * there is that day's, not a span.
 */
static int
nth_weekday_before(const struct nlu_doc *dc, size_t i)
{
	size_t	 k;
	int	 plural;

	for (k = i; k >= 2 && i - k < 3; k--)
		if (weekday_at(dc, k - 1, &plural) >= 0 &&
		    nth_of(dc, k - 2) != 0)
			return 1;
	return 0;
}

/*
 * "le premier lundi de janvier", "the last Friday of the month", "le 2e
 * mardi du mois prochain": the nth weekday of a month. Needs the month
 * (named, "du mois", "of the month"); else nothing is read here.
 */
static int
scan_nth_weekday(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 e, before;
	int		 n, wd, plural, y = dc->now.y, m = 0, d, last, k;
	int		 this_month = 0;
	size_t		 a = i;

	/* "le premier lundi": the article is read with it */
	if (nlu_tok_is(dc, i, "le") || nlu_tok_is(dc, i, "la") ||
	    nlu_tok_is(dc, i, "the"))
		i++;
	if ((n = nth_of(dc, i)) == 0 ||
	    (wd = weekday_at(dc, i + 1, &plural)) < 0 || plural)
		return 0;
	e = i + 2;
	if (nlu_seq(dc, e, "du mois prochain", &e) ||
	    nlu_seq(dc, e, "of next month", &e) ||
	    nlu_seq(dc, e, "of the next month", &e))
		m = dc->now.m % 12 + 1;
	else if (nlu_seq(dc, e, "du mois", &e) ||
	    nlu_seq(dc, e, "of the month", &e) ||
	    nlu_seq(dc, e, "of this month", &e)) {
		m = dc->now.m;
		this_month = 1;
	} else if ((nlu_tok_is(dc, e, "de") || nlu_tok_is(dc, e, "d") ||
	    nlu_tok_is(dc, e, "of") || nlu_tok_is(dc, e, "in") ||
	    nlu_tok_is(dc, e, "en")) && e + 1 < dc->n &&
	    (m = month_of(dc->t[e + 1].w)) > 0)
		e += 2;
	else
		return 0;
	if (m < dc->now.m)
		y++;
	for (k = 0; k < 2; k++) {
		last = month_len(y, m);
		if (n > 0)
			d = 1 + (wd - nlu_weekday(y, m, 1) + 7) % 7 +
			    7 * (n - 1);
		else
			d = last - (nlu_weekday(y, m, last) - wd + 7) % 7;
		if (d > last) {
			use(dc, a, e);
			dc->date_exprs++;
			return 1;
		}
		/* already past: next month's ("du mois"), next year's */
		if (y > dc->now.y || m != dc->now.m || d >= dc->now.d)
			break;
		if (!this_month)
			y++;
		else if (++m > 12) {
			m = 1;
			y++;
		}
	}
	before = s->nout;
	emit(s, a, e, y, m, d);
	if (s->nout > before)
		s->out[before].explicit_year = 0;
	return 1;
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
 * "end of the month suits, the 26th", "lundi 29 mars ? c'est la semaine
 * du changement d'heure", "le mois prochain le 5": a day asked for
 * inside the span said is what is asked for, the span is none.
 */
static void
narrow(struct nlu_doc *dc, const struct nlu_date *out, size_t n)
{
	size_t	 k;
	long	 day;

	for (k = 0; k < n && dc->range_seen; k++) {
		day = days_from_civil(out[k].y, out[k].m, out[k].d);
		if (!out[k].birth && day >= dc->range_from &&
		    day <= dc->range_to)
			dc->range_narrowed = 1;
	}
}

/*
 * Keep the dates asked for: when some dates are refused ("je ne suis pas
 * là le 4") or name the appointment being moved ("mon rdv du 4") and
 * others are not, the others only. Returns the number kept.
 */
static size_t
drop_weak(struct dscan *s)
{
	size_t	 k, n = 0, strong = 0;

	/* "I fly on Jan 9 so ASAP": the day of the trip is never the one
	 * asked for */
	for (k = 0; k < s->nout; k++) {
		if (k < NLU_MAX_DATES && s->trip[k])
			continue;
		s->out[n] = s->out[k];
		if (k < NLU_MAX_DATES) {
			s->weak[n] = s->weak[k];
			s->refd[n] = s->refd[k];
			s->evt[n] = s->evt[k];
			s->gone[n] = s->gone[k];
		}
		n++;
	}
	s->nout = n;
	n = 0;
	for (k = 0; k < s->nout && k < NLU_MAX_DATES; k++)
		strong += !s->weak[k] && !s->out[k].birth;
	/* "next week? I'm off on the 20th": the week is asked for, the
	 * refused day is none; nor is the day of an event ("avant mon
	 * mariage le 20 mars, plutôt fin février") */
	if (strong == 0 && s->dc->range_seen) {
		/* "le mois prochain le 5" on the 10th: the 5th gone by
		 * this month is the next month's, inside the span */
		for (k = 0; k < s->nout && k < NLU_MAX_DATES; k++)
			if (s->gone[k] && !s->refd[k] && !s->evt[k])
				narrow(s->dc, &s->out[k], 1);
		for (k = 0; k < s->nout; k++)
			if (k >= NLU_MAX_DATES || (!s->refd[k] &&
			    !s->evt[k]) || s->out[k].birth)
				s->out[n++] = s->out[k];
		return n;
	}
	/* "opéré le 2 décembre (on the 6th), on m'a dit de venir vers le
	 * 23": among days all passed over, the one gone by is none */
	if (strong == 0) {
		for (k = 0; k < s->nout && k < NLU_MAX_DATES; k++)
			strong += !s->gone[k] && !s->out[k].birth;
		if (strong == 0)
			return s->nout;
		for (k = 0; k < s->nout; k++)
			if (k >= NLU_MAX_DATES || !s->gone[k] ||
			    s->out[k].birth)
				s->out[n++] = s->out[k];
	} else {
		for (k = 0; k < s->nout; k++)
			if (k >= NLU_MAX_DATES || !s->weak[k] ||
			    s->out[k].birth)
				s->out[n++] = s->out[k];
	}
	narrow(s->dc, s->out, n);
	return n;
}

/* Today as days since 1970. */
static long
today_of(const struct nlu_doc *dc)
{
	return days_from_civil(dc->now.y, dc->now.m, dc->now.d);
}

/* Easter Sunday of year y (Gregorian), as days since 1970. */
static long
easter(int y)
{
	int	 a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int	 f = (b + 8) / 25, g = (b - f + 1) / 3;
	int	 h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int	 l = (32 + 2 * e + 2 * i - h - k) % 7;
	int	 m = (a + 11 * h + 22 * l) / 451;
	int	 mo = (h + l - 7 * m + 114) / 31;
	int	 da = (h + l - 7 * m + 114) % 31 + 1;

	return days_from_civil(y, mo, da);
}

/* Feast days: a fixed day (m, d), or Easter + d when m is 0. */
static const struct {
	const char	*p;	/* folded words */
	int		 m, d;
	int		 alone;	/* one word, also a name ("Noël") */
} feasts[] = {
	{ "jour de l an", 1, 1, 0 },		/* New Year's Day */
	{ "new year s day", 1, 1, 0 },
	{ "new years day", 1, 1, 0 },
	{ "new year s eve", 12, 31, 0 },
	{ "new years eve", 12, 31, 0 },
	{ "reveillon du nouvel an", 12, 31, 0 },
	{ "nouvel an", 1, 1, 0 },
	{ "saint sylvestre", 12, 31, 0 },
	{ "st sylvestre", 12, 31, 0 },
	{ "reveillon de noel", 12, 24, 0 },	/* Christmas Eve */
	{ "christmas eve", 12, 24, 0 },
	{ "xmas eve", 12, 24, 0 },
	{ "boxing day", 12, 26, 0 },
	{ "christmas day", 12, 25, 0 },
	{ "noel", 12, 25, 1 },
	{ "christmas", 12, 25, 1 },
	{ "xmas", 12, 25, 1 },
	{ "lundi de paques", 0, 1, 0 },		/* Easter Monday */
	{ "easter monday", 0, 1, 0 },
	{ "vendredi saint", 0, -2, 0 },		/* Good Friday */
	{ "good friday", 0, -2, 0 },
	{ "dimanche de paques", 0, 0, 0 },
	{ "easter sunday", 0, 0, 0 },
	{ "paques", 0, 0, 1 },
	{ "easter", 0, 0, 1 },
	{ "lundi de pentecote", 0, 50, 0 },	/* Whit Monday */
	{ "whit monday", 0, 50, 0 },
	{ "pentecote", 0, 49, 1 },
	{ "ascension", 0, 39, 1 },
	{ "toussaint", 11, 1, 1 },		/* All Saints' Day */
	{ "all saints day", 11, 1, 0 },
	{ "saint patrick s day", 3, 17, 0 },	/* Ireland's national day */
	{ "saint patricks day", 3, 17, 0 },
	{ "st patrick s day", 3, 17, 0 },
	{ "st patricks day", 3, 17, 0 },
	{ "st paddy s day", 3, 17, 0 },
	{ "paddy s day", 3, 17, 0 },
	{ "paddys day", 3, 17, 0 },
	{ "patrick s day", 3, 17, 0 },
	{ "la saint patrick", 3, 17, 0 },
	{ "st david s day", 3, 1, 0 },		/* Wales */
	{ "st andrew s day", 11, 30, 0 },	/* Scotland */
	{ "burns night", 1, 25, 0 },
	{ "bastille day", 7, 14, 0 },
	{ "independence day", 7, 4, 0 },
	{ "canada day", 7, 1, 0 },
	{ "fete du travail", 5, 1, 0 },
	{ "fete de la musique", 6, 21, 0 },
	{ "armistice", 11, 11, 0 },
	{ "remembrance day", 11, 11, 0 },
	{ "veterans day", 11, 11, 0 },
	{ "assomption", 8, 15, 0 },
	{ "halloween", 10, 31, 0 },
	{ "epiphanie", 1, 6, 0 },
	{ "saint valentin", 2, 14, 0 },
	{ "valentine s day", 2, 14, 0 },
	{ "valentines day", 2, 14, 0 },
};

/*
 * The next day (days since 1970) of feast k on or after today.
 */
static long
feast_day(const struct nlu_doc *dc, size_t k)
{
	long	 t = today_of(dc), d;
	int	 y = dc->now.y;

	if (feasts[k].m == 0) {
		if ((d = easter(y) + feasts[k].d) < t)
			d = easter(y + 1) + feasts[k].d;
		return d;
	}
	if ((d = days_from_civil(y, feasts[k].m, feasts[k].d)) < t)
		d = days_from_civil(y + 1, feasts[k].m, feasts[k].d);
	return d;
}

/* 1 when the feast at token j is a wish: "joyeux Noël", "happy Easter". */
static int
feast_wish(const struct nlu_doc *dc, size_t j)
{
	static const char *const wish[] = {
		"joyeux", "joyeuses", "joyeuse", "merry", "happy", "bon",
		"bonne", "bonnes", "belles", "great", "lovely", "nice", NULL
	};

	return j > 0 && tok_any(dc, j - 1, wish);
}

/*
 * 1 when an apology for writing on that day comes shortly before token
 * j ("sorry to bother you on new year's eve", "désolé de vous déranger
 * le jour de Noël"): the day one writes, not one asked for.
 */
static int
bother_before(const struct nlu_doc *dc, size_t j)
{
	static const char *const bother[] = { "bother*", "disturb*",
	    "deranger", "derange", "deranges", NULL };
	size_t	 k, from = j > 5 ? j - 5 : 0;

	for (k = from; k < j; k++)
		if (tok_any(dc, k, bother))
			return 1;
	return 0;
}

/* 1 when "entre"/"between" comes shortly before token j: a span. */
static int
between(const struct nlu_doc *dc, size_t j)
{
	size_t	 k, from = j > 6 ? j - 6 : 0;

	for (k = from; k < j; k++)
		if (nlu_tok_is(dc, k, "entre") || nlu_tok_is(dc, k, "between"))
			return 1;
	return 0;
}

/*
 * Feast days: "le jour de l'an", "new year's eve", "la veille de Noël",
 * "the day after Christmas", "lundi de Pâques", "Good Friday". "avant
 * Noël", "the Easter holidays" are spans, no day; "Noël Martin" a name.
 */
static int
scan_feast(struct dscan *s, size_t i)
{
	struct nlu_doc	*dc = s->dc;
	size_t		 j = i, e, k, x;
	int		 off = 0;

	if (nlu_seq(dc, i, "lendemain", &j) || nlu_seq(dc, i, "day after", &j))
		off = 1;
	else if (nlu_seq(dc, i, "veille", &j) ||
	    nlu_seq(dc, i, "day before", &j))
		off = -1;
	if (off != 0) {
		while (nlu_tok_is(dc, j, "de") || nlu_tok_is(dc, j, "du") ||
		    nlu_tok_is(dc, j, "d") || nlu_tok_is(dc, j, "la") ||
		    nlu_tok_is(dc, j, "l") || nlu_tok_is(dc, j, "le"))
			j++;
	}
	for (k = 0; k < sizeof(feasts) / sizeof(feasts[0]); k++)
		if (nlu_seq(dc, j, feasts[k].p, &e))
			break;
	if (k == sizeof(feasts) / sizeof(feasts[0]))
		return 0;
	if (feasts[k].alone && off == 0 && ((dc->t[j].cap && e < dc->n &&
	    dc->t[e].cap && dc->t[e].alpha) || (j > 0 &&
	    (nlu_tok_is(dc, j - 1, "appelle") ||
	    nlu_tok_is(dc, j - 1, "name") ||
	    nlu_tok_is(dc, j - 1, "suis") || nlu_tok_is(dc, j - 1, "am"))) ||
	    surname_at(dc, j, 0)))
		return 0;
	/* "Saint Patrick's day is Tuesday": the feast is no day asked */
	if (off == 0 && (nlu_tok_is(dc, e, "is") || nlu_tok_is(dc, e, "est") ||
	    nlu_tok_is(dc, e, "falls") || nlu_tok_is(dc, e, "tombe"))) {
		use(dc, i, e);
		return 1;
	}
	/* "après le nouvel an", "avant la Toussaint", "by Christmas",
	 * "d'ici Noël": the words before the article bound a span */
	x = j;
	if (x > 1 && (nlu_tok_is(dc, x - 1, "le") || nlu_tok_is(dc, x - 1,
	    "la") || nlu_tok_is(dc, x - 1, "l") || nlu_tok_is(dc, x - 1,
	    "the")))
		x--;
	if (off == 0 && (feast_wish(dc, j) || bother_before(dc, j) ||
	    deadline_before(dc, x) || (x > 0 && x < j &&
	    (nlu_tok_is(dc, x - 1, "apres") || nlu_tok_is(dc, x - 1,
	    "after") || nlu_tok_is(dc, x - 1, "until") ||
	    nlu_tok_is(dc, x - 1, "jusqu") || nlu_tok_is(dc, x - 1,
	    "depuis") || nlu_tok_is(dc, x - 1, "since"))) ||
	    (j > 0 &&
	    (nlu_tok_is(dc, j - 1, "avant") || nlu_tok_is(dc, j - 1, "over") ||
	    nlu_tok_is(dc, j - 1, "before") || nlu_tok_is(dc, j - 1, "after") ||
	    nlu_tok_is(dc, j - 1, "apres") || nlu_tok_is(dc, j - 1, "until") ||
	    nlu_tok_is(dc, j - 1, "jusqu") || nlu_tok_is(dc, j - 1, "since") ||
	    nlu_tok_is(dc, j - 1, "depuis") ||
	    nlu_tok_is(dc, j - 1, "pendant") ||
	    nlu_tok_is(dc, j - 1, "during") || between(dc, j) || (j > 1 &&
	    nlu_tok_is(dc, j - 1, "de") &&
	    (nlu_tok_is(dc, j - 2, "vacances") ||
	    nlu_tok_is(dc, j - 2, "fetes"))))) ||
	    nlu_tok_is(dc, e, "holiday*") || nlu_tok_is(dc, e, "break") ||
	    nlu_tok_is(dc, e, "weekend") || nlu_tok_is(dc, e, "vacances"))) {
		use(dc, i, e);
		return 1;
	}
	emit_rel(s, i, e, (int)(feast_day(dc, k) + off - today_of(dc)));
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
	s.rolled = 0;
	s.next_week = nlu_flat_has(dc, "semaine prochaine") ||
	    nlu_flat_has(dc, "next week") ||
	    nlu_flat_has(dc, "semaine d apres");
	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].used || dc->t[i].kind != NLU_TK_WORD)
			continue;
		if (scan_feast(&s, i) || scan_lastday(&s, i) ||
		    scan_nth_weekday(&s, i) ||
		    scan_numeric(&s, i) || scan_named(&s, i) ||
		    scan_in(&s, i) || scan_from_now(&s, i) ||
		    scan_relword(&s, i) ||
		    scan_weekday(&s, i) || scan_le_day(&s, i))
			continue;
	}
	/* "la semaine prochaine" alone is a range (nlu_range), no date. */
	return drop_weak(&s);
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
	int	 pl;

	for (i = 0; i < dc->n; i++)
		if (!dc->t[i].used && weekday_at(dc, i, &pl) >= 0 && !pl &&
		    !no_day(dc, i))
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

/*
 * The Sunday (days from the epoch) the clocks change in year y in the
 * clinic's country: spring (1) or autumn (0). The European Union,
 * Britain, Ireland, Switzerland and Norway change on the last Sundays
 * of March and October, Canada and the United States on the second
 * Sunday of March and the first of November. -1 when the country is
 * unknown or does not change.
 */
static long
dst_sunday(const char *country, int y, int spring)
{
	static const char *const eu[] = { "FR", "BE", "LU", "CH", "GB",
	    "IE", "PT", "ES", "IT", "DE", "NL", "AT", "DK", "SE", "FI", "NO",
	    "PL", "CZ", "GR", "MC", "AD", "MT", "HU", "SK", "SI", "HR", "RO",
	    "BG", "EE", "LV", "LT", "CY" };
	size_t	 k;
	long	 t;

	if (country == NULL)
		return -1;
	if (strcmp(country, "CA") == 0 || strcmp(country, "US") == 0) {
		/* the first Sunday of the month, then a week later */
		t = days_from_civil(y, spring ? 3 : 11, 1);
		t += (6 - nlu_weekday(y, spring ? 3 : 11, 1) + 7) % 7;
		return spring ? t + 7 : t;
	}
	for (k = 0; k < sizeof(eu) / sizeof(eu[0]); k++)
		if (strcmp(country, eu[k]) == 0)
			break;
	if (k == sizeof(eu) / sizeof(eu[0]))
		return -1;
	t = days_from_civil(y, spring ? 3 : 10, 31);
	return t - (nlu_weekday(y, spring ? 3 : 10, 31) + 1) % 7;
}

/*
 * The change of the clocks named from token j on, within a few words:
 * "the clocks go back", "clocks change", "le changement d'heure", "le
 * passage à l'heure d'hiver", "daylight saving". Sets *spring to 1
 * (forward, "heure d'été"), 0 (back, "heure d'hiver") or -1 (either:
 * the next one) and *e past the words. 1 when found.
 */
static int
clocks_at(const struct nlu_doc *dc, size_t j, int *spring, size_t *e)
{
	static const char *const change[] = { "clocks", "clock",
	    "changement d heure", "changement de l heure",
	    "changement d horaire", "heure d hiver", "heure d ete",
	    "daylight saving*", "time change", "clocks change", NULL };
	size_t	 k, c, x;

	for (k = j; k < dc->n && k < j + 5; k++)
		for (c = 0; change[c] != NULL; c++) {
			if (!nlu_seq(dc, k, change[c], &x))
				continue;
			/* "10 o'clock" is an hour, no clock changed */
			if (k > 0 && nlu_tok_is(dc, k - 1, "o"))
				continue;
			*spring = -1;
			if (nlu_flat_has(dc, "go back") ||
			    nlu_flat_has(dc, "goes back") ||
			    nlu_flat_has(dc, "fall back") ||
			    nlu_flat_has(dc, "heure d hiver"))
				*spring = 0;
			else if (nlu_flat_has(dc, "go forward") ||
			    nlu_flat_has(dc, "spring forward") ||
			    nlu_flat_has(dc, "heure d ete"))
				*spring = 1;
			/* "go back", "change": the verb after it */
			while (x < dc->n && x < k + 6 &&
			    dc->t[x].kind == NLU_TK_WORD &&
			    (nlu_tok_is(dc, x, "go") || nlu_tok_is(dc, x, "goes") ||
			    nlu_tok_is(dc, x, "back") ||
			    nlu_tok_is(dc, x, "forward") ||
			    nlu_tok_is(dc, x, "change*") ||
			    nlu_tok_is(dc, x, "ends") ||
			    nlu_tok_is(dc, x, "starts")))
				x++;
			*e = x;
			return 1;
		}
	return 0;
}

/*
 * "the week after the clocks go back", "la semaine après le changement
 * d'heure" (Monday to Sunday after the Sunday the clocks change), "the
 * week the clocks change" (the week that ends on it), with the next
 * change in the clinic's country. Returns 1 and sets the span.
 */
static int
range_clocks(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 j, e;
	int	 after = 0, spring, y;
	long	 t = -1, now = today_of(dc);

	if (!nlu_tok_is(dc, i, "week") && !nlu_tok_is(dc, i, "semaine"))
		return 0;
	j = i + 1;
	if (nlu_tok_is(dc, j, "after") || nlu_tok_is(dc, j, "apres") ||
	    nlu_tok_is(dc, j, "following") || nlu_tok_is(dc, j, "suivant")) {
		after = 1;
		j++;
	}
	if (!clocks_at(dc, j, &spring, &e))
		return 0;
	for (y = dc->now.y; y <= dc->now.y + 1 && t < 0; y++) {
		long	 a = spring != 0 ? dst_sunday(dc->country, y, 1) : -1;
		long	 b = spring != 1 ? dst_sunday(dc->country, y, 0) : -1;

		if (a >= 0 && a + (after ? 7 : 0) < now)
			a = -1;
		if (b >= 0 && b + (after ? 7 : 0) < now)
			b = -1;
		t = a >= 0 && (b < 0 || a < b) ? a : b;
	}
	if (t < 0)
		return 0;
	*from = after ? t + 1 : t - 6;
	*to = after ? t + 7 : t;
	if (*from < now)
		*from = now;
	use(dc, i, e);
	return 1;
}

/* Parts of the body one has treated, folded: "my teeth", "mon dos". */
static const char *const body_parts[] = { "teeth", "tooth", "dent",
    "dents", "gums", "gencives", "back", "dos", "knee", "knees",
    "genou", "genoux", "shoulder", "epaule", "neck", "cou", "nuque",
    "hip", "hanche", "ankle", "cheville", "wrist", "poignet", "feet",
    "foot", "pieds", "pied", "eyes", "yeux", "skin", "peau", NULL };

/* 1 when token k names an event of one's life ("mariage", "wedding"). */
static int
event_noun(const struct nlu_doc *dc, size_t k)
{
	return nlu_tok_is(dc, k, "mariage") || nlu_tok_is(dc, k, "wedding") ||
	    nlu_tok_is(dc, k, "anniversaire") ||
	    nlu_tok_is(dc, k, "birthday") || nlu_tok_is(dc, k, "vacances") ||
	    nlu_tok_is(dc, k, "holiday*") || nlu_tok_is(dc, k, "vacation") ||
	    nlu_tok_is(dc, k, "examens") || nlu_tok_is(dc, k, "exams") ||
	    nlu_tok_is(dc, k, "partiels") || ((nlu_tok_is(dc, k, "exam") ||
	    nlu_tok_is(dc, k, "examen")) && k > 0 && possessive(dc, k - 1)) ||
	    nlu_tok_is(dc, k, "marathon") || nlu_tok_is(dc, k, "race") ||
	    nlu_tok_is(dc, k, "competition") || nlu_tok_is(dc, k, "bapteme") ||
	    nlu_tok_is(dc, k, "graduation");
}

/*
 * 1 when the month at token i + 1 ("en juin", "in January") is not the
 * appointment's: an event of the patient's ("mon mariage en juin",
 * "going to Thailand in February") or the past ("back in January",
 * "je me suis blessé en janvier").
 */
static int
other_month(const struct nlu_doc *dc, size_t i)
{
	static const char *const away[] = {
		"going", "pars", "partons", "part", "leaving", "trip",
		"voyage", "travel*", "flying", "moving", "demenage*", NULL
	};
	size_t	 k, from = clause_start(dc, i);

	if (i > 0 && (nlu_tok_is(dc, i - 1, "back") ||
	    nlu_tok_is(dc, i - 1, "last") || nlu_tok_is(dc, i - 1, "dernier")))
		return 1;
	if (past_clause(dc, i))
		return 1;
	for (k = from; k < i; k++) {
		if (tok_any(dc, k, away) || event_noun(dc, k))
			return 1;
		/* "mon mariage en juin": a possessive, no appointment
		 * ("my teeth between the 4th and the 8th" is one) */
		if (k + 2 == i && possessive(dc, k) && !appt_noun(dc, k + 1) &&
		    !tok_any(dc, k + 1, body_parts))
			return 1;
	}
	return 0;
}

static int	range_words(struct nlu_doc *, size_t, long *, long *);

static int	span_month(const struct nlu_doc *, int, int *);

/*
 * 1 when the clause after token e says the patient is away then ("avant
 * le 20 je suis en vacances", "before the 20th I'm on holiday"): the
 * days before are none asked for.
 */
static int
away_after(const struct nlu_doc *dc, size_t e)
{
	static const char *const away[] = { "vacances", "holiday*", "away",
	    "absent", "absente", "off", "parti", "partie", "conge*",
	    "unavailable", "indisponible", NULL };
	size_t	 k, end = clause_end(dc, e);

	for (k = e; k < end && k < e + 8; k++)
		if (tok_any(dc, k, away))
			return 1;
	return 0;
}

/*
 * The day a deadline names at token j, after "by", "avant", "d'ici":
 * "the 10th", "le 25", "le 1er mars", "March 3rd", "10 December" (a bare
 * "10" is an hour: "avant 10"). Sets *to to it and *e past the words;
 * 1 when found, and the day is not past.
 */
static int
deadline_day(const struct nlu_doc *dc, size_t j, long *from, long *to,
    size_t *e)
{
	int	 art = 0, d, m = 0, y;

	if (nlu_tok_is(dc, j, "le") || nlu_tok_is(dc, j, "the")) {
		art = 1;
		j++;
	} else if (j > 0 && nlu_tok_is(dc, j - 1, "the"))
		art = 1;
	if (j < dc->n && (m = month_of(dc->t[j].w)) > 0 &&
	    dc->t[j].num < 0 && (d = day_tok(dc, j + 1)) > 0) {
		*e = j + 2;
	} else if ((d = day_tok(dc, j)) > 0) {
		*e = j + 1;
		if (nlu_tok_is(dc, *e, "of"))
			(*e)++;
		if (*e < dc->n && (m = month_of(dc->t[*e].w)) > 0)
			(*e)++;
		else if (nlu_tok_is(dc, j + 1, "of"))
			return 0;
		else
			*e = j + 1;
		if (m == 0 && (clock_at(dc, j) || (!art &&
		    !en_ordinal(dc, j) && !fr_ordinal(dc, j))))
			return 0;
	} else
		return 0;
	if (m == 0)
		m = span_month(dc, d, &y);
	else
		y = m > dc->now.m || (m == dc->now.m && d >= dc->now.d) ?
		    dc->now.y : dc->now.y + 1;
	if (!nlu_valid_date(y, m, d) || year_tok(dc, *e, &dc->now) > 0)
		return 0;
	*to = days_from_civil(y, m, d);
	*from = today_of(dc);
	return *to >= *from;
}

/*
 * "d'ici fin janvier", "by the end of January", "avant la fin du mois":
 * from today to the end of that month.
 */
static int
range_until(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 j, e;
	int	 wd, pl, delta;

	if (!nlu_seq(dc, i, "d ici", &j) && !nlu_seq(dc, i, "avant", &j) &&
	    !nlu_seq(dc, i, "by", &j) && !nlu_seq(dc, i, "before", &j) &&
	    !nlu_seq(dc, i, "until", &j) && !nlu_seq(dc, i, "jusqu a", &j))
		return 0;
	if (nlu_tok_is(dc, j, "la") || nlu_tok_is(dc, j, "the"))
		j++;
	/* "d'ici vendredi", "by Friday": from today to the coming one */
	if ((nlu_tok_is(dc, i, "d") || nlu_tok_is(dc, i, "by")) &&
	    (wd = weekday_at(dc, j, &pl)) >= 0 && !pl &&
	    !nlu_tok_is(dc, j + 1, "prochain") &&
	    !nlu_tok_is(dc, j + 1, "prochaine") && day_tok(dc, j + 1) < 0 &&
	    month_of(dc->t[j + 1 < dc->n ? j + 1 : j].w) <= 0) {
		delta = (wd - nlu_weekday(dc->now.y, dc->now.m, dc->now.d) +
		    7) % 7;
		*from = today_of(dc);
		*to = *from + (delta == 0 ? 7 : delta);
		use(dc, i, j + 1);
		return 1;
	}
	/* "by the 10th", "avant le 25", "d'ici le 1er mars", "before
	 * March 3rd": from today to that day ("until the 10th" may bound
	 * an absence: none) */
	if (!nlu_tok_is(dc, i, "until") && !nlu_tok_is(dc, i, "jusqu") &&
	    !refused(dc, i) && deadline_day(dc, j, from, to, &e) &&
	    !away_after(dc, e)) {
		*from = today_of(dc);
		use(dc, i, e);
		return 1;
	}
	/* "by the end of January", "by the end of next week" */
	if ((!nlu_tok_is(dc, j, "fin") && !nlu_tok_is(dc, j, "end")) ||
	    (!range_part(dc, j, from, to) && !range_words(dc, j, from, to)))
		return 0;
	*from = today_of(dc);
	use(dc, i, j);
	return 1;
}

/*
 * A month named alone for the appointments in it: "mes séances
 * d'avril", "du mois de décembre", "for January" (not "le 3 avril",
 * "for January 5th").
 */
static int
range_month(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 j;
	int	 m;

	/* "mes rendez-vous de juillet", "move it to December", "décaler à
	 * janvier" (after "à", a month of 4 letters or more: not "a May") */
	if (!nlu_seq(dc, i, "du mois de", &j) &&
	    !nlu_seq(dc, i, "du mois d", &j) && !nlu_seq(dc, i, "d", &j) &&
	    !nlu_seq(dc, i, "for", &j) && !nlu_seq(dc, i, "de", &j) &&
	    !nlu_seq(dc, i, "to", &j) && !(nlu_seq(dc, i, "a", &j) &&
	    strlen(dc->t[j < dc->n ? j : i].w) >= 4))
		return 0;
	if (j >= dc->n || (m = month_of(dc->t[j].w)) == 0 ||
	    dc->t[j].num >= 0 || day_tok(dc, j + 1) > 0 ||
	    nth_weekday_before(dc, i) ||
	    year_tok(dc, j + 1, &dc->now) > 0 || (i > 0 &&
	    day_tok(dc, i - 1) > 0))
		return 0;
	month_span(dc, m, 1, 0, from, to);
	use(dc, i, j + 1);
	return 1;
}

/*
 * The month of a day in a span written without one ("entre le 3 et le
 * 7"): this month when day d is not past, else the next. Sets *y.
 */
static int
span_month(const struct nlu_doc *dc, int d, int *y)
{
	if (d >= dc->now.d) {
		*y = dc->now.y;
		return dc->now.m;
	}
	*y = dc->now.m == 12 ? dc->now.y + 1 : dc->now.y;
	return dc->now.m % 12 + 1;
}

/* A month name at token j (not "mars 2" read as a day), or 0. */
static int
month_at(const struct nlu_doc *dc, size_t j)
{
	int	 m;

	if (j >= dc->n || dc->t[j].num >= 0 || (m = month_of(dc->t[j].w)) <= 0)
		return 0;
	return m;
}

/*
 * The feast named at token j (after an article), or -1; *e is set past
 * it.
 */
static int
feast_at(const struct nlu_doc *dc, size_t j, size_t *e)
{
	size_t	 k;

	if (nlu_tok_is(dc, j, "le") || nlu_tok_is(dc, j, "la") ||
	    nlu_tok_is(dc, j, "the"))
		j++;
	for (k = 0; k < sizeof(feasts) / sizeof(feasts[0]); k++)
		if (nlu_seq(dc, j, feasts[k].p, e))
			return (int)k;
	/* "between Christmas and New Year": its day (feasts[0]) as the
	 * end of a span only ("in the new year" is no day) */
	if (nlu_seq(dc, j, "new year", e))
		return 0;
	return -1;
}

/*
 * "entre Noël et le jour de l'an", "between Christmas and New Year":
 * the days strictly between the two feasts, from token j (after
 * "entre"/"between"). Returns 1, sets the span and moves *j past it.
 */
static int
feasts_between(const struct nlu_doc *dc, size_t *j, long *from, long *to)
{
	size_t	 e, x;
	int	 a, b;
	long	 da, db;

	/* "vous êtes ouverts entre Noël et le jour de l'an ?" asks about
	 * the clinic's days, not for a visit in them */
	if (nlu_flat_has(dc, "ouvert") || nlu_flat_has(dc, "ouverts") ||
	    nlu_flat_has(dc, "open") || nlu_flat_has(dc, "ferme") ||
	    nlu_flat_has(dc, "closed"))
		return 0;
	if ((a = feast_at(dc, *j, &e)) < 0 || (!nlu_seq(dc, e, "et", &x) &&
	    !nlu_seq(dc, e, "and", &x)) || (b = feast_at(dc, x, &e)) < 0)
		return 0;
	da = feast_day(dc, (size_t)a);
	db = feast_day(dc, (size_t)b);
	if (db <= da + 1 || db - da > 31)
		return 0;
	*from = da + 1;
	*to = db - 1;
	*j = e;
	return 1;
}

/*
 * "entre le 3 et le 7", "du 28 au 31 décembre", "between the 10th and
 * the 14th", "from the 3rd to the 7th of May": those days, a span. The
 * first day needs its article (or a month) so that "entre 10 et 12"
 * (hours) stays no date. Returns 1 and sets the span.
 */
static int
range_between(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 j, k;
	int	 art, d1, d2, m1, m2, y1, y2, wd;


	if (!nlu_seq(dc, i, "entre", &j) && !nlu_seq(dc, i, "between", &j) &&
	    !nlu_seq(dc, i, "du", &j) && !nlu_seq(dc, i, "from", &j))
		return 0;
	/* "je suis en vacances du 3 au 7": days away, no span wanted */
	if (other_month(dc, i))
		return 0;
	if (feasts_between(dc, &j, from, to)) {
		use(dc, i, j);
		return 1;
	}
	/* "décaler du 3 au 7", "move it from the 3rd to the 7th": two days */
	for (k = 0; k < dc->n && !nlu_tok_is(dc, i, "entre") &&
	    !nlu_tok_is(dc, i, "between"); k++)
		if (move_verb(dc, k))
			return 0;
	art = nlu_tok_is(dc, j, "le") || nlu_tok_is(dc, j, "the");
	j += art;
	/* "du lundi 14 au mercredi 16": the weekdays go with the days */
	if (weekday_at(dc, j, &wd) >= 0 && !wd && day_tok(dc, j + 1) > 0) {
		j++;
		art = 1;
	}
	if ((d1 = day_tok(dc, j)) <= 0 || dc->t[j].w[0] < '0' ||
	    dc->t[j].w[0] > '9')
		return 0;
	if ((m1 = month_at(dc, ++j)) > 0)
		j++;
	if (!nlu_seq(dc, j, "et", &j) && !nlu_seq(dc, j, "and", &j) &&
	    !nlu_seq(dc, j, "au", &j) && !nlu_seq(dc, j, "to", &j) &&
	    !nlu_seq(dc, j, "until", &j) && !is_sign(dc, j++, '-'))
		return 0;
	if (nlu_tok_is(dc, j, "le") || nlu_tok_is(dc, j, "the"))
		j++;
	if (weekday_at(dc, j, &wd) >= 0 && !wd && day_tok(dc, j + 1) > 0)
		j++;
	if ((d2 = day_tok(dc, j)) <= 0 || dc->t[j].w[0] < '0' ||
	    dc->t[j].w[0] > '9')
		return 0;
	if (nlu_tok_is(dc, j + 1, "of"))
		j++;
	if ((m2 = month_at(dc, ++j)) > 0)
		j++;
	if (!art && m1 == 0 && m2 == 0)
		return 0;
	if (m2 == 0)
		m2 = m1 != 0 ? m1 : span_month(dc, d1, &y1);
	if (m1 == 0)
		m1 = d1 <= d2 ? m2 : (m2 == 1 ? 12 : m2 - 1);
	y1 = m1 > dc->now.m || (m1 == dc->now.m && d1 >= dc->now.d) ?
	    dc->now.y : dc->now.y + 1;
	if (d2 < dc->now.d && m1 == dc->now.m && m2 != dc->now.m)
		y1 = dc->now.y;
	y2 = m2 < m1 ? y1 + 1 : y1;
	if (!nlu_valid_date(y1, m1, d1) || !nlu_valid_date(y2, m2, d2))
		return 0;
	*from = days_from_civil(y1, m1, d1);
	*to = days_from_civil(y2, m2, d2);
	if (*to < *from || *to - *from > 62)
		return 0;
	if (*from < today_of(dc))
		*from = today_of(dc);
	use(dc, i, j);
	return 1;
}

/*
 * "la première semaine de janvier", "the first week of March", "la
 * dernière semaine du mois": days 1-7 (8-14, 15-21, the last seven) of
 * that month. Returns 1 and sets the span.
 */
static int
range_nth_week(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	static const struct {
		const char	*w;
		int		 a;	/* first day; 0: the last week */
	} nth[] = {
		{ "premiere", 1 }, { "1ere", 1 }, { "1re", 1 }, { "first", 1 },
		{ "1st", 1 }, { "deuxieme", 8 }, { "2eme", 8 }, { "2e", 8 },
		{ "seconde", 8 }, { "second", 8 }, { "2nd", 8 },
		{ "troisieme", 15 }, { "3eme", 15 }, { "3e", 15 },
		{ "third", 15 }, { "3rd", 15 }, { "derniere", 0 },
		{ "last", 0 },
	};
	size_t	 j, e, k;
	int	 a, m, y, last;

	for (k = 0; k < sizeof(nth) / sizeof(nth[0]); k++)
		if (nlu_tok_is(dc, i, nth[k].w))
			break;
	if (k == sizeof(nth) / sizeof(nth[0]) ||
	    (!nlu_seq(dc, i + 1, "semaine", &j) &&
	    !nlu_seq(dc, i + 1, "week", &j)))
		return 0;
	a = nth[k].a;
	if ((m = cue_month(dc, skip_glue(dc, j), a == 0 ? 24 : a + 6,
	    &e)) == 0)
		return 0;
	y = m >= dc->now.m ? dc->now.y : dc->now.y + 1;
	last = month_len(y, m);
	month_span(dc, m, a == 0 ? last - 6 : a, a == 0 ? 0 : a + 6,
	    from, to);
	use(dc, i > 0 && (nlu_tok_is(dc, i - 1, "la") ||
	    nlu_tok_is(dc, i - 1, "the")) ? i - 1 : i, e);
	return 1;
}

/*
 * "la première quinzaine de décembre", "the first half of December",
 * "la deuxième moitié du mois", "the second half of next month": days
 * 1-15 or 16 to the end of that month. Returns 1 and sets the span.
 */
static int
range_half(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	static const struct {
		const char	*w;
		int		 second;
	} nth[] = {
		{ "premiere", 0 }, { "1ere", 0 }, { "1re", 0 }, { "first", 0 },
		{ "1st", 0 }, { "deuxieme", 1 }, { "2eme", 1 }, { "2e", 1 },
		{ "seconde", 1 }, { "second", 1 }, { "2nd", 1 },
		{ "derniere", 1 }, { "last", 1 },
	};
	size_t	 j, e, k;
	int	 m;

	for (k = 0; k < sizeof(nth) / sizeof(nth[0]); k++)
		if (nlu_tok_is(dc, i, nth[k].w))
			break;
	if (k == sizeof(nth) / sizeof(nth[0]) ||
	    (!nlu_seq(dc, i + 1, "quinzaine", &j) &&
	    !nlu_seq(dc, i + 1, "moitie", &j) &&
	    !nlu_seq(dc, i + 1, "half", &j)))
		return 0;
	if ((m = cue_month(dc, skip_glue(dc, j), nth[k].second ? 0 : 15,
	    &e)) == 0)
		return 0;
	month_span(dc, m, nth[k].second ? 16 : 1, nth[k].second ? 0 : 15,
	    from, to);
	use(dc, i > 0 && (nlu_tok_is(dc, i - 1, "la") ||
	    nlu_tok_is(dc, i - 1, "the")) ? i - 1 : i, e);
	return 1;
}

/*
 * "cette semaine ou la suivante", "this week or next", "ce mois-ci ou
 * le suivant": the span said from token i, then the one after it too.
 * Moves *to a week (or a month) on.
 */
static void
or_next(struct nlu_doc *dc, size_t i, long *to)
{
	static const char *const next[] = { "ou la suivante",
	    "ou la prochaine", "ou le suivant", "ou le prochain",
	    "or next", "or the next", "or the following", "or the one after",
	    NULL };
	size_t	 e = i, k, x;
	int	 y, m, d;

	while (e < dc->n && !dc->t[e].used)
		e++;
	while (e < dc->n && dc->t[e].used)
		e++;
	for (k = 0; next[k] != NULL; k++)
		if (nlu_seq(dc, e, next[k], &x))
			break;
	if (next[k] == NULL)
		return;
	civil_from_days(*to, &y, &m, &d);
	if (nlu_weekday(y, m, d) == 6)
		*to += 7;
	else if (d == month_len(y, m))
		*to += month_len(m == 12 ? y + 1 : y, m % 12 + 1);
	else
		return;
	use(dc, e, x);
}

/*
 * "dans les 15 jours", "within the next two weeks", "in the next 10
 * days", "au cours des 3 prochaines semaines": from today to that day
 * ("15 jours", "8 jours" are two weeks, one week, as in "dans quinze
 * jours"). Returns 1 and sets the span.
 */
static int
range_within(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 j;
	int	 n;

	if (!nlu_seq(dc, i, "dans les", &j) &&
	    !nlu_seq(dc, i, "au cours des", &j) &&
	    !nlu_seq(dc, i, "sous", &j) &&
	    !nlu_seq(dc, i, "within the next", &j) &&
	    !nlu_seq(dc, i, "within", &j) &&
	    !nlu_seq(dc, i, "in the next", &j) &&
	    !nlu_seq(dc, i, "over the next", &j) &&
	    !nlu_seq(dc, i, "during the next", &j) &&
	    !nlu_seq(dc, i, "in the coming", &j) &&
	    !nlu_seq(dc, i, "d ici", &j))
		return 0;
	if (j >= dc->n)
		return 0;
	/* "within a fortnight", "in the next fortnight" */
	if ((nlu_tok_is(dc, j, "a") || nlu_tok_is(dc, j, "one")) &&
	    nlu_tok_is(dc, j + 1, "fortnight"))
		j++;
	if (nlu_tok_is(dc, j, "fortnight")) {
		*from = today_of(dc);
		*to = *from + 14;
		use(dc, i, j + 1);
		return 1;
	}
	if ((n = dc->t[j].num) < 0 || dc->t[j].ndig > 2)
		n = nlu_parse_number_word(dc->t[j].w);
	if (n < 1 || n > 60)
		return 0;
	j++;
	if (nlu_tok_is(dc, j, "prochains") || nlu_tok_is(dc, j, "prochaines"))
		j++;
	if (nlu_tok_is(dc, j, "jours") || nlu_tok_is(dc, j, "jour") ||
	    nlu_tok_is(dc, j, "days") || nlu_tok_is(dc, j, "day") ||
	    nlu_tok_is(dc, j, "j")) {
		if (nlu_tok_is(dc, j, "jours") && (n == 8 || n == 15))
			n--;
	} else if (nlu_tok_is(dc, j, "semaines") ||
	    nlu_tok_is(dc, j, "semaine") || nlu_tok_is(dc, j, "weeks") ||
	    nlu_tok_is(dc, j, "week"))
		n *= 7;
	else
		return 0;
	if (n > 62)
		return 0;
	*from = today_of(dc);
	*to = *from + n;
	use(dc, i, j + 1);
	return 1;
}

/* What makes "dans la semaine" another week than this one. */
static const char *const week_more[] = {
	"prochaine", "pro", "suivante", "d", "du", "de", "qui", "apres",
	NULL
};

/* "la semaine prochaine", "this week", "le mois prochain", "en mars". */
static int
range_words(struct nlu_doc *dc, size_t i, long *from, long *to)
{
	size_t	 e, x;
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
		if (day_of_week(dc, i))
			return 0;
		*from = t + 7 - wd;
		*to = *from + 6;
	} else if (nlu_seq(dc, i, "debut de la semaine prochaine", &e) ||
	    nlu_seq(dc, i, "debut de semaine prochaine", &e) ||
	    nlu_seq(dc, i, "early next week", &e) ||
	    nlu_seq(dc, i, "start of next week", &e) ||
	    nlu_seq(dc, i, "beginning of next week", &e)) {
		/* the start of next week: its Monday to Wednesday */
		if (day_of_week(dc, i))
			return 0;
		*from = t + 7 - wd;
		*to = *from + 2;
	} else if (nlu_seq(dc, i, "fin de la semaine prochaine", &e) ||
	    nlu_seq(dc, i, "fin de semaine prochaine", &e) ||
	    nlu_seq(dc, i, "end of next week", &e)) {
		/* the end of next week: its Thursday to Sunday */
		*from = t + 10 - wd;
		*to = *from + 3;
	} else if (nlu_seq(dc, i, "cette semaine", &e) ||
	    (nlu_seq(dc, i, "dans la semaine", &e) &&
	    !tok_any(dc, e, week_more) &&
	    !(i > 0 && nlu_tok_is(dc, i - 1, "tard"))) ||
	    nlu_seq(dc, i, "this week", &e) ||
	    nlu_seq(dc, i, "fin de la semaine", &e) ||
	    nlu_seq(dc, i, "fin de semaine", &e) ||
	    nlu_seq(dc, i, "fin de sem", &e) ||
	    nlu_seq(dc, i, "end of the week", &e)) {
		if (weekday_named(dc))
			return 0;
		*from = t;
		*to = t + 6 - wd;
		/* "this week and next", "cette semaine et la suivante":
		 * to the end of next week */
		if (nlu_seq(dc, e, "and next", &x) ||
		    nlu_seq(dc, e, "and the next", &x) ||
		    nlu_seq(dc, e, "and next week", &x) ||
		    nlu_seq(dc, e, "et la suivante", &x) ||
		    nlu_seq(dc, e, "et la prochaine", &x) ||
		    nlu_seq(dc, e, "et la semaine prochaine", &x)) {
			*to += 7;
			e = x;
		}
	} else if (nlu_seq(dc, i, "ce week end", &e) ||
	    nlu_seq(dc, i, "ce weekend", &e) ||
	    nlu_seq(dc, i, "this weekend", &e) ||
	    nlu_seq(dc, i, "this week end", &e)) {
		if (weekday_named(dc))
			return 0;
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
		/* "le dernier jour du mois prochain" is one day, and so
		 * is "le premier lundi du mois prochain" */
		if (i >= 2 && (nlu_tok_is(dc, i - 1, "du") ||
		    nlu_tok_is(dc, i - 1, "of")) &&
		    (nlu_tok_is(dc, i - 2, "jour") ||
		    nlu_tok_is(dc, i - 2, "day")))
			return 0;
		if (nth_weekday_before(dc, i))
			return 0;
		month_span(dc, dc->now.m % 12 + 1, 1, 0, from, to);
	} else if (nlu_seq(dc, i, "ce mois ci", &e) ||
	    nlu_seq(dc, i, "ce mois", &e) ||
	    nlu_seq(dc, i, "this month", &e)) {
		month_span(dc, dc->now.m, 1, 0, from, to);
	} else if ((nlu_tok_is(dc, i, "en") || nlu_tok_is(dc, i, "in")) &&
	    i + 1 < dc->n && (m = month_of(dc->t[i + 1].w)) > 0 &&
	    dc->t[i + 1].num < 0 && (i + 2 >= dc->n ||
	    (dc->t[i + 2].num < 0 && day_tok(dc, i + 2) <= 0)) &&
	    !is_sign(dc, i + 2, '-')) {
		/* "en mars", "in March" (not "in May 1980", not "the
		 * first Monday in March") */
		if (nth_weekday_before(dc, i))
			return 0;
		if (other_month(dc, i)) {
			use(dc, i, i + 2);
			return 0;
		}
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
		if (range_until(dc, i, &from, &to) ||
		    range_between(dc, i, &from, &to) ||
		    range_nth_week(dc, i, &from, &to) ||
		    range_half(dc, i, &from, &to) ||
		    range_within(dc, i, &from, &to) ||
		    range_part(dc, i, &from, &to) ||
		    range_week_of(dc, i, &from, &to) ||
		    range_clocks(dc, i, &from, &to) ||
		    range_month(dc, i, &from, &to) ||
		    range_words(dc, i, &from, &to)) {
			or_next(dc, i, &to);
			dc->date_exprs++;
			dc->range_seen = 1;
			dc->range_from = from;
			dc->range_to = to;
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
	int	 ampm;		/* 0, 1 am, 2 pm, 3 evening, 4 morning */
	int	 approx;	/* "11ish" */
	int	 hnote;		/* "7h30", "quinze heures": 24-hour clock */
};

/* 1 when token i is made of digits only. */
static int
all_digits_tok(const struct nlu_doc *dc, size_t i)
{
	const char	*w = dc->t[i].w;

	if (*w == '\0')
		return 0;
	for (; *w != '\0'; w++)
		if (*w < '0' || *w > '9')
			return 0;
	return 1;
}

/* "du soir", "in the morning" after a time at token e: sets ts->ampm. */
static void
day_part_after(const struct nlu_doc *dc, size_t e, struct tscan *ts)
{
	if (nlu_seq(dc, e, "du soir", NULL) || nlu_seq(dc, e, "de l apres*",
	    NULL) || nlu_seq(dc, e, "in the evening", NULL) ||
	    nlu_seq(dc, e, "in the afternoon", NULL))
		ts->ampm = ts->ampm ? ts->ampm : 3;
	if (nlu_seq(dc, e, "du matin", NULL) ||
	    nlu_seq(dc, e, "in the morning", NULL))
		ts->ampm = ts->ampm ? ts->ampm : 4;
}

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

/* Minutes written as words: "trente", "quinze", "thirty", "forty-five". */
static int
minute_words(const struct nlu_doc *dc, size_t i, size_t *e)
{
	if (nlu_seq(dc, i, "quarante cinq", e) ||
	    nlu_seq(dc, i, "forty five", e))
		return 45;
	if (nlu_seq(dc, i, "trente", e) || nlu_seq(dc, i, "thirty", e))
		return 30;
	if (nlu_seq(dc, i, "quinze", e) || nlu_seq(dc, i, "fifteen", e))
		return 15;
	return -1;
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
	return minute_words(dc, i, e);
}

static int	duration(const struct nlu_doc *, size_t, size_t, int);

/*
 * An hour written as words at token i ("quinze", "dix sept", "nine"),
 * 1..23, or -1; *e past it. "un", "une", "a", "one" are left out (an
 * article, or "une heure", a duration).
 */
static int
hour_word(const struct nlu_doc *dc, size_t i, size_t *e)
{
	static const struct {
		const char	*p;
		int		 h;
	} hw[] = {
		{ "dix sept", 17 }, { "dix huit", 18 }, { "dix neuf", 19 },
		{ "vingt et une", 21 }, { "vingt et un", 21 },
		{ "vingt deux", 22 }, { "vingt trois", 23 }, { "treize", 13 },
		{ "quatorze", 14 }, { "seize", 16 }, { "vingt", 20 },
	};
	size_t	 k;
	int	 n;

	for (k = 0; k < sizeof(hw) / sizeof(hw[0]); k++)
		if (nlu_seq(dc, i, hw[k].p, e))
			return hw[k].h;
	if (i >= dc->n || nlu_tok_is(dc, i, "un") || nlu_tok_is(dc, i, "une") ||
	    nlu_tok_is(dc, i, "a") || nlu_tok_is(dc, i, "one"))
		return -1;
	n = nlu_parse_number_word(dc->t[i].w);
	if (n < 1 || n > 15 || n == 13 || n == 14)
		return -1;
	*e = i + 1;
	return n;
}

/* An hour at token i, in digits (1..12) or words; -1 if none. */
static int
small_hour(const struct nlu_doc *dc, size_t i, size_t *e)
{
	int	 h;

	if (i < dc->n && dc->t[i].num >= 1 && dc->t[i].num <= 12 &&
	    dc->t[i].ndig <= 2 && all_digits_tok(dc, i)) {
		*e = i + 1;
		return dc->t[i].num;
	}
	h = hour_word(dc, i, e);
	return h >= 1 && h <= 12 ? h : -1;
}

/*
 * 1 when token e is a full stop that ends a sentence: the end of the
 * message or a word with no digit after it ("around 10. My name…"), not
 * "10.30" nor "le 10.12".
 */
static int
end_stop(const struct nlu_doc *dc, size_t e)
{
	if (!is_sign(dc, e, '.') || (e + 1 < dc->n && dc->t[e + 1].sp == 0))
		return 0;
	return e + 1 >= dc->n || (dc->t[e + 1].kind == NLU_TK_WORD &&
	    dc->t[e + 1].num < 0 && all_alpha(dc->t[e + 1].w));
}

/*
 * 1 when the word at token e may follow a bare hour ("after 4?",
 * "tonight after 7", "at 10 tomorrow"): the end, a sign, or a small word
 * that is not a unit ("after 2 weeks" is no time).
 */
static int
after_bare_hour(const struct nlu_doc *dc, size_t e)
{
	static const char *const ok[] = {
		"or", "ou", "et", "and", "ok", "please", "pls", "plz", "svp",
		"if", "si", "tomorrow", "today", "tonight", "demain", "on",
		"le", "the", "this", "ce", "works", "would", "is", "then",
		"in", "at", "for", "pour", "with", "avec", "ca", "that", "c",
		"ish", "maybe", "pile", "sharp", "latest", "au", "next",
		"onwards", "onward", "any", "every", "most",
	};
	size_t	 k;

	if (e >= dc->n)
		return 1;
	/* "around 10. My name is…": a full stop that ends the sentence */
	if (end_stop(dc, e))
		return 1;
	if (dc->t[e].kind == NLU_TK_PUNCT)
		return dc->t[e].w[0] != '/' && dc->t[e].w[0] != '.' &&
		    dc->t[e].w[0] != '-' && dc->t[e].w[0] != '%' &&
		    dc->t[e].w[0] != ':';
	for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
		if (nlu_tok_is(dc, e, ok[k]))
			return 1;
	return 0;
}

/* 1 when token e is a unit of time or a count ("minutes", "days"). */
static int
unit_word(const struct nlu_doc *dc, size_t e)
{
	static const char *const units[] = { "min*", "hour*", "hr*",
	    "heure*", "day*", "week*", "month*", "year*", "time*",
	    "people", "patients", "jour*", "semaine*", "mois", "an*", NULL };

	return e < dc->n && tok_any(dc, e, units);
}

/*
 * "twenty five", "twenty", "ten", "five" before "past"/"to", or digits
 * before "past" ("10 past 9") or "mins to" ("10 mins to 9"; "10 to 12"
 * may be two hours); -1 if none.
 */
static int
minutes_before(const struct nlu_doc *dc, size_t i, size_t *e)
{
	size_t	 x;

	if (i < dc->n && dc->t[i].num >= 1 && dc->t[i].num <= 29 &&
	    all_digits_tok(dc, i)) {
		x = i + 1;
		if (nlu_tok_is(dc, x, "min") || nlu_tok_is(dc, x, "mins") ||
		    nlu_tok_is(dc, x, "minutes"))
			x++;
		if (!nlu_tok_is(dc, x, "past") && (x == i + 1 ||
		    !nlu_tok_is(dc, x, "to")))
			return -1;
		*e = x;
		return dc->t[i].num;
	}
	if (nlu_seq(dc, i, "twenty five", e))
		return 25;
	if (nlu_seq(dc, i, "twenty", e))
		return 20;
	if (nlu_seq(dc, i, "ten", e))
		return 10;
	if (nlu_seq(dc, i, "five", e))
		return 5;
	return -1;
}

/* The hour of a number word written with "ish" ("twoish"), or 0. */
static int
ish_word(const struct nlu_doc *dc, size_t i)
{
	char	 w[NLU_WORD_MAX];
	size_t	 n = strlen(dc->t[i].w);
	int	 h;

	if (n < 6 || n >= sizeof(w) || strcmp(dc->t[i].w + n - 3, "ish") != 0)
		return 0;
	memcpy(w, dc->t[i].w, n - 3);
	w[n - 3] = '\0';
	if (strcmp(w, "one") == 0)
		return 1;
	h = nlu_parse_number_word(w);
	return h >= 2 && h <= 12 ? h : 0;
}

/*
 * Spoken clock times at token i: "half past two", "half 9" (9:30),
 * "quarter past 10", "quarter to 4", "ten past 9", "twenty to 5",
 * "quinze heures [trente]", "dix heures et demie", "nine o'clock",
 * "at nine". Returns 1 and fills ts.
 */
static int
word_time(struct nlu_doc *dc, size_t i, struct tscan *ts)
{
	size_t	 e = i, x;
	int	 h = -1, m = 0, k, bare = 0;

	if (nlu_seq(dc, i, "half past", &x)) {
		m = 30;
		h = small_hour(dc, x, &e);
	} else if (nlu_seq(dc, i, "half", &x)) {
		/* "half 9": needs what may follow a bare hour */
		m = 30;
		bare = 1;
		h = small_hour(dc, x, &e);
	} else if (nlu_seq(dc, i, "quarter past", &x)) {
		m = 15;
		h = small_hour(dc, x, &e);
	} else if (nlu_seq(dc, i, "quarter to", &x)) {
		m = -15;
		h = small_hour(dc, x, &e);
	} else if ((k = minutes_before(dc, i, &x)) > 0) {
		if (nlu_tok_is(dc, x, "past"))
			m = k;
		else if (nlu_tok_is(dc, x, "to"))
			m = -k;
		else
			goto words;
		h = small_hour(dc, x + 1, &e);
	} else
		goto words;
	/* "a quarter to nine thank you": said with "past" or "to", the
	 * hour needs no cue after it, only no unit ("five to ten
	 * minutes") */
	if (h < 0 || (!after_bare_hour(dc, e) && (bare ||
	    unit_word(dc, e))))
		return 0;
	if (m < 0) {
		h = h == 1 ? 12 : h - 1;
		m += 60;
	}
	goto done;
words:
	/* "twoish", "elevenish" */
	if ((k = ish_word(dc, i)) > 0) {
		use(dc, i, i + 1);
		ts->h = k;
		ts->m = 0;
		ts->approx = 1;
		return 1;
	}
	if ((h = hour_word(dc, i, &e)) < 0)
		return 0;
	if (nlu_tok_is(dc, e, "heure") || nlu_tok_is(dc, e, "heures") ||
	    nlu_tok_is(dc, e, "h")) {
		ts->hnote = 1;
		e++;
		if ((k = minutes_at(dc, e, &e)) >= 0)
			m = k;
	} else if (nlu_seq(dc, e, "o clock", &e) ||
	    nlu_seq(dc, e, "oclock", &e)) {
		/* "nine o'clock" */
	} else if (i > 0 && h <= 12 && (nlu_tok_is(dc, i - 1, "at") ||
	    nlu_tok_is(dc, i - 1, "around") || nlu_tok_is(dc, i - 1, "after") ||
	    nlu_tok_is(dc, i - 1, "before")) && (ampm_at(dc, e, &x) ||
	    after_bare_hour(dc, e) || (minute_words(dc, e, &x) >= 0 &&
	    (ampm_at(dc, x, &x) || after_bare_hour(dc, x))))) {
		/* "at nine", "at two thirty" */
		if ((k = minute_words(dc, e, &x)) >= 0) {
			m = k;
			e = x;
		}
	} else
		return 0;
done:
	if (h > 23)
		return 0;
	/* "depuis deux heures", "for two hours", "three hours ago" */
	if (ts->hnote && ts->ampm == 0 && !ampm_at(dc, e, &x) &&
	    duration(dc, i, e, 1)) {
		use(dc, i, e);
		return 0;
	}
	use(dc, i, e);
	ts->h = h;
	ts->m = m;
	if (ts->ampm == 0 && (k = ampm_at(dc, e, &x)) > 0) {
		ts->ampm = k;
		use(dc, e, x);
		e = x;
	}
	day_part_after(dc, e, ts);
	return 1;
}
/*
 * 1 when the hours at tokens [i, e) are a duration, not a clock time:
 * "depuis 3h", "ça fait 2h que", "il y a 3h", "pendant 2h", "for 3 hrs",
 * "dans 2h", "d'ici 2h", "3h de route".
 */
static int
duration(const struct nlu_doc *dc, size_t i, size_t e, int hrs)
{
	if (i > 0 && (nlu_tok_is(dc, i - 1, "depuis") ||
	    nlu_tok_is(dc, i - 1, "since") || nlu_tok_is(dc, i - 1, "fait") ||
	    nlu_tok_is(dc, i - 1, "pendant") ||
	    nlu_tok_is(dc, i - 1, "durant") || nlu_tok_is(dc, i - 1, "ya") ||
	    nlu_tok_is(dc, i - 1, "dans") || nlu_tok_is(dc, i - 1, "during") ||
	    nlu_tok_is(dc, i - 1, "sous") || nlu_tok_is(dc, i - 1, "within") ||
	    (nlu_tok_is(dc, i - 1, "ici") && i > 1 &&
	    nlu_tok_is(dc, i - 2, "d")) ||
	    (nlu_tok_is(dc, i - 1, "a") && i > 1 &&
	    nlu_tok_is(dc, i - 2, "y")) ||
	    (hrs && (nlu_tok_is(dc, i - 1, "for") ||
	    nlu_tok_is(dc, i - 1, "in")))))
		return 1;
	return nlu_tok_is(dc, e, "que") || nlu_tok_is(dc, e, "qu") ||
	    nlu_tok_is(dc, e, "ago") || nlu_seq(dc, e, "de route", NULL) ||
	    nlu_seq(dc, e, "de trajet", NULL) ||
	    nlu_seq(dc, e, "d attente", NULL);
}

/* 1 when a price is spoken of just before token i ("ça coûte 10.50"). */
static int
cost_cue(const struct nlu_doc *dc, size_t i)
{
	static const char *const cost[] = {
		"cost*", "coute*", "prix", "price*", "tarif*", "pay*",
		"paid", "rembours*", "fee*", "charge*", "total", NULL
	};
	size_t	 k, from = i > 4 ? i - 4 : 0;

	for (k = from; k < i; k++)
		if (tok_any(dc, k, cost))
			return 1;
	return 0;
}

/*
 * 1 when a currency sign is written right before token a or right after
 * token b in the original text ("10.45 €", "$10.45", "£10.45").
 */
static int
money_near(const struct nlu_doc *dc, size_t a, size_t b)
{
	const unsigned char *t = (const unsigned char *)dc->text;
	size_t	 k = dc->t[b].eo, so = dc->t[a].so;

	while (k < dc->len && t[k] == ' ')
		k++;
	if (k < dc->len && (t[k] == '$' || (k + 2 < dc->len &&
	    t[k] == 0xe2 && t[k + 1] == 0x82 && t[k + 2] == 0xac) ||
	    (k + 1 < dc->len && t[k] == 0xc2 && t[k + 1] == 0xa3)))
		return 1;
	while (so > 0 && t[so - 1] == ' ')
		so--;
	return so > 0 && (t[so - 1] == '$' || t[so - 1] == 0xac ||
	    t[so - 1] == 0xa3);
}

/*
 * 1 when the word at token e may follow a dotted clock time besides what
 * may follow a bare hour: "14.30 plutôt", "2.30 instead?", "8.45 before
 * I drop the kids", "9.15 possible ?" (never a unit: "0.25 mg").
 */
static int	day_word_before(const struct nlu_doc *, size_t);

/* Units and money after a number: "0.25 mg", "2.50 euros". */
static const char *const dot_units[] = {
	"mg", "ml", "g", "kg", "km", "cl", "l", "mm", "cm", "eur*",
	"chf", "dollar*", "pound*", "comprime*", "pill*", "tablet*",
	"dose*", "cachet*", "gelule*", NULL
};

static int
after_dotted(const struct nlu_doc *dc, size_t e)
{
	static const char *const ok[] = {
		"plutot", "instead", "rather", "alors", "possible", "before",
		"after", "avant", "apres", "stp", "svp", "ideally",
		"idealement", "would", "could", "works", "suits", "me",
		"m", "conviendrait", "irait", "serait", "est", "sharp",
		"peut", "free", "available", "okay", "good", "fine", "libre",
		"dispo", "disponible", NULL
	};
	size_t	 k;

	if (e >= dc->n || (!tok_any(dc, e, ok) &&
	    !nlu_seq(dc, e, "en fait", NULL) &&
	    !nlu_seq(dc, e, "du matin", NULL) &&
	    !nlu_seq(dc, e, "du soir", NULL)))
		return 0;
	/* "0.25 instead of 0.5 mg", "2.50 plutôt que 3 euros" */
	for (k = e + 1; k < dc->n && k < e + 6; k++)
		if (tok_any(dc, k, dot_units) || is_sign(dc, k, '%'))
			return 0;
	/* "2.10 instead of 2.9": compared with a number of one decimal */
	for (k = e + 1; k + 2 < dc->n && k < e + 4; k++)
		if (dc->t[k].num >= 0 && is_sign(dc, k + 1, '.') &&
		    dc->t[k + 2].num >= 0 && dc->t[k + 2].ndig == 1)
			return 0;
	return 1;
}

/*
 * 1 when "H.MM" at token i (the '.' at i + 1) is a clock time: not a
 * price ("10.45 €", "$10.45") nor a day ("le 10.12").
 */
static int
dotted_ok(const struct nlu_doc *dc, size_t i)
{
	const char	*w;
	size_t		 e = i + 3, x;

	if (i + 2 >= dc->n)
		return 0;
	/* "45", or "30pm" */
	w = dc->t[i + 2].w;
	if (!(dc->t[i + 2].num >= 0 && dc->t[i + 2].ndig == 2) &&
	    !(strlen(w) == 4 && w[0] >= '0' && w[0] <= '9' &&
	    w[1] >= '0' && w[1] <= '9' && (strcmp(w + 2, "am") == 0 ||
	    strcmp(w + 2, "pm") == 0)))
		return 0;
	/* "0.25": no clinic sees anyone at midnight */
	if (digits(w, 2) > 59 || dc->t[i].num == 0)
		return 0;
	/* after a sign, only one that ends a clause: "comme l'an dernier.
	 * 9.30 le 12 ?", not "10.12.26" */
	if (i > 0 && (dc->t[i - 1].kind == NLU_TK_PUNCT &&
	    dc->t[i - 1].w[0] != ',' && dc->t[i - 1].w[0] != '(' &&
	    dc->t[i - 1].w[0] != '!' && dc->t[i - 1].w[0] != '?') &&
	    !(is_sign(dc, i - 1, '.') && dc->t[i].sp && i > 1 &&
	    dc->t[i - 2].alpha))
		return 0;
	if (i > 0 && (nlu_tok_is(dc, i - 1, "le") ||
	    nlu_tok_is(dc, i - 1, "the") || nlu_tok_is(dc, i - 1, "du") ||
	    nlu_tok_is(dc, i - 1, "au")))
		return 0;
	if (is_sign(dc, e, '.') && e + 1 < dc->n && dc->t[e + 1].num >= 0)
		return 0;
	if (money_near(dc, i, i + 2) || cost_cue(dc, i))
		return 0;
	/* "Monday at 14.30 to get it looked at": after "at", "à", "vers"
	 * or a day, any word but a unit */
	if (e < dc->n && dc->t[e].kind == NLU_TK_WORD && !ampm_at(dc, e, &x) &&
	    !after_bare_hour(dc, e) && !after_dotted(dc, e) &&
	    !(i > 0 && (nlu_tok_is(dc, i - 1, "at") ||
	    nlu_tok_is(dc, i - 1, "a") || nlu_tok_is(dc, i - 1, "vers") ||
	    nlu_tok_is(dc, i - 1, "around") || day_word_before(dc, i)) &&
	    !tok_any(dc, e, dot_units)))
		return 0;	/* "0.25 mg", "2.50 euros" */
	return !(e < dc->n && (nlu_tok_is(dc, e, "eur*") ||
	    nlu_tok_is(dc, e, "chf") || nlu_tok_is(dc, e, "dollar*") ||
	    nlu_tok_is(dc, e, "pound*") || nlu_tok_is(dc, e, "km") ||
	    nlu_tok_is(dc, e, "kg") || (dc->t[e].kind == NLU_TK_PUNCT &&
	    dc->t[e].w[0] != '?' && dc->t[e].w[0] != '!' &&
	    dc->t[e].w[0] != ',' && dc->t[e].w[0] != '.')));
}

/* 1 when the word before token i lets a bare number be an hour. */
static int
bare_hour_cue(const struct nlu_doc *dc, size_t i)
{
	return i > 0 && (nlu_tok_is(dc, i - 1, "after") ||
	    nlu_tok_is(dc, i - 1, "before") || nlu_tok_is(dc, i - 1, "from") ||
	    nlu_tok_is(dc, i - 1, "until") || nlu_tok_is(dc, i - 1, "till") ||
	    nlu_tok_is(dc, i - 1, "apres") || nlu_tok_is(dc, i - 1, "avant") ||
	    nlu_tok_is(dc, i - 1, "vers") || nlu_tok_is(dc, i - 1, "des"));
}

/*
 * 1 when the word before token i names a day ("thursday 1030", "demain
 * 0915"): four digits after it are a clock time.
 */
static int
day_word_before(const struct nlu_doc *dc, size_t i)
{
	static const char *const days[] = { "today", "tomorrow", "tmrw",
	    "demain", "dmn", "hui", "tonight", NULL };
	int	 plural;

	if (i == 0 || dc->t[i - 1].kind != NLU_TK_WORD)
		return 0;
	return (weekday_of_word(dc->t[i - 1].w, &plural) >= 0 && !plural) ||
	    tok_any(dc, i - 1, days);
}

/*
 * 1 when a street's word follows token e closely: "at 10 Downing
 * Street", "au 12 rue Victor Hugo" is an address, no hour.
 */
static int
street_after(const struct nlu_doc *dc, size_t e)
{
	static const char *const street[] = { "street", "st", "road", "rd",
	    "avenue", "ave", "lane", "drive", "crescent",
	    "rue", "boulevard", "bd", "bld", "chemin", "allee", "impasse",
	    "place", "square", "quai", "route", NULL };
	size_t	 k;

	for (k = e; k < dc->n && k < e + 3; k++)
		if (tok_any(dc, k, street))
			return 1;
	return 0;
}

/*
 * 1 when the word at token e makes the number before it a count or a
 * score, not an hour: "at 7 out of 10", "douleur à 8 sur 10", "at 3
 * kids", "at 2 sessions a week".
 */
static int
count_after(const struct nlu_doc *dc, size_t e)
{
	static const char *const count[] = {
		"out", "sur", "of", "kids", "children", "enfants", "sessions",
		"seances", "visits", "appointments", "rdv", "percent",
		"pourcent", "miles", "mile", "km", "kg", "mg", "ml", "pounds",
		"euros", "dollars", "cigarettes", "pills", "tablets",
		"comprimes", "glasses", "verres", "times", "fois", "degrees",
		"degres", "min", "mins", "minute*", "hour*", "hr", "hrs",
		"heure*", "year*", "people", "patients", "personnes", "jour*",
		"semaine*", "mois", "an", "ans", NULL
	};

	return e < dc->n && tok_any(dc, e, count) &&
	    !nlu_seq(dc, e, "of course", NULL);
}

/* 1 when no sign or word ends a clause strictly between tokens a < b. */
static int
no_edge(const struct nlu_doc *dc, size_t a, size_t b)
{
	for (a++; a < b; a++)
		if (clause_edge(dc, a))
			return 0;
	return 1;
}

/*
 * 1 when a verb that moves something comes in the six words before
 * "to" at token t ("push it to", "bring it forward to", "change it
 * to").
 */
static int
moved_to(const struct nlu_doc *dc, size_t t)
{
	size_t	 k;

	for (k = t > 6 ? t - 6 : 0; k < t; k++)
		if ((move_verb(dc, k) || nlu_tok_is(dc, k, "bring")) &&
		    no_edge(dc, k, t))
			return 1;
	return 0;
}

/*
 * 1 when "H,MM" at token i (the ',' at i + 1, no blank around it) is a
 * clock time: after "à", "at", "@", "vers", "around" or a day ("vendredi
 * à 10,30", "tomorrow at 9,45"), never money ("10,50 €").
 */
static int
comma_minutes(const struct nlu_doc *dc, size_t i)
{
	if (i == 0 || i + 2 >= dc->n || dc->t[i + 1].sp ||
	    dc->t[i + 2].sp || dc->t[i + 2].num < 0 ||
	    dc->t[i + 2].ndig != 2 || dc->t[i + 2].num > 59 ||
	    dc->t[i].num < 1 || dc->t[i].num > 23)
		return 0;
	if (!nlu_tok_is(dc, i - 1, "a") && !nlu_tok_is(dc, i - 1, "at") &&
	    !is_sign(dc, i - 1, '@') && !nlu_tok_is(dc, i - 1, "vers") &&
	    !nlu_tok_is(dc, i - 1, "around") && !day_word_before(dc, i))
		return 0;
	return !money_near(dc, i, i + 2) && !cost_cue(dc, i) &&
	    !unit_word(dc, i + 3) && !nlu_tok_is(dc, i + 3, "eur*") &&
	    !nlu_tok_is(dc, i + 3, "chf") && !nlu_tok_is(dc, i + 3, "km") &&
	    !nlu_tok_is(dc, i + 3, "kg") && !is_sign(dc, i + 3, '%');
}

/*
 * 1 when the bare number at token i, "instead"/"plutôt"/"rather" at token
 * e after it, is an hour asked for instead of another: the message
 * speaks of hours ("an hour later? 6 instead", "plus tard dans la
 * journée, 5 plutôt ?"), and no article or day makes the number a day
 * ("le 6 plutôt", "Friday 6 instead") nor "instead of" a count.
 */
static int
hour_instead(const struct nlu_doc *dc, size_t i, size_t e)
{
	static const char *const hours[] = {
		"hour", "hours", "hr", "heure", "heures", "later", "earlier",
		"tard", "tot", "time", "horaire", "clock", "oclock", NULL
	};
	size_t	 k;
	int	 pl;

	if (!nlu_tok_is(dc, e, "instead") && !nlu_tok_is(dc, e, "plutot") &&
	    !nlu_tok_is(dc, e, "rather"))
		return 0;
	if (nlu_tok_is(dc, e + 1, "of") || nlu_tok_is(dc, e + 1, "que") ||
	    nlu_tok_is(dc, e + 1, "qu") || nlu_tok_is(dc, e + 1, "than"))
		return 0;
	if (i > 0 && (nlu_tok_is(dc, i - 1, "le") ||
	    nlu_tok_is(dc, i - 1, "the") || nlu_tok_is(dc, i - 1, "du") ||
	    nlu_tok_is(dc, i - 1, "on") || month_of(dc->t[i - 1].w) > 0 ||
	    weekday_of_word(dc->t[i - 1].w, &pl) >= 0 ||
	    is_sign(dc, i - 1, '/') || is_sign(dc, i - 1, '-')))
		return 0;
	for (k = 0; k < dc->n; k++)
		if (k != i && tok_any(dc, k, hours))
			return 1;
	/* "9 instead, same day": the day kept, the hour changes */
	return nlu_flat_has(dc, "same day") || nlu_flat_has(dc, "meme jour") ||
	    nlu_flat_has(dc, "meme journee");
}

/*
 * The second of two hours offered from token i ("3 or 4pm": 4), its
 * "am"/"pm" in *mark (1, 2; 0: none); -1 when none.
 */
static int
pair_hour(const struct nlu_doc *dc, size_t i, int *mark)
{
	const char	*w;
	size_t		 n;
	int		 h;

	*mark = 0;
	if (!hour_pair(dc, i))
		return -1;
	w = dc->t[i + 2].w;
	for (h = 0, n = 0; w[n] >= '0' && w[n] <= '9' && n < 2; n++)
		h = h * 10 + (w[n] - '0');
	if (ampm_word(w))
		*mark = w[strlen(w) - 2] == 'a' ? 1 : 2;
	return h;
}

/*
 * A clock time starting at token i: "14h", "14h30", "14 h 30", "14:30",
 * "2pm", "2:30 pm", "9 heures", "5.30pm", "10.45", "at 3", "after 4",
 * "9 o'clock", and the spoken forms of word_time. Durations are none.
 * Returns 1 and fills ts.
 */
static int
time_at(struct nlu_doc *dc, size_t i, struct tscan *ts)
{
	const struct nlu_tok *t = &dc->t[i];
	const char	*w = t->w;
	size_t		 e = i + 1, x;
	int		 h = 0, n = 0, mn = 0, k, hrs = 0, mk = 0;

	while (w[n] >= '0' && w[n] <= '9' && n < 3)
		h = h * 10 + (w[n++] - '0');
	if (n == 0)
		return word_time(dc, i, ts);
	/* "1400hrs", "0930h": a 24-hour clock time said the military way */
	if (n == 3 && w[3] >= '0' && w[3] <= '9' && (strcmp(w + 4, "hrs") == 0 ||
	    strcmp(w + 4, "hr") == 0 || strcmp(w + 4, "h") == 0) &&
	    (h * 10 + (w[3] - '0')) / 100 <= 23 && (w[2] - '0') * 10 +
	    (w[3] - '0') <= 59) {
		k = h * 10 + (w[3] - '0');
		use(dc, i, e);
		ts->h = k / 100;
		ts->m = k % 100;
		ts->hnote = 1;
		return 1;
	}
	/* "10 past 9", "20 mins to 5" */
	if (minutes_before(dc, i, &x) > 0)
		return word_time(dc, i, ts);
	/* "à 1430", "at 0930": four digits right after "à" / "at" (not
	 * this year or the next) */
	if (t->ndig == 4 && t->num >= 0 && t->num / 100 <= 23 &&
	    (t->num < dc->now.y - 1 || t->num > dc->now.y + 2) &&
	    t->num % 100 <= 59 && i > 0 && (nlu_tok_is(dc, i - 1, "a") ||
	    nlu_tok_is(dc, i - 1, "at") || day_word_before(dc, i)) &&
	    (e >= dc->n ||
	    dc->t[e].kind == NLU_TK_PUNCT || dc->t[e].sp)) {
		use(dc, i, e);
		ts->h = t->num / 100;
		ts->m = t->num % 100;
		ts->hnote = 1;
		return 1;
	}
	/* "at 930", "thursday 930": three digits after "at" or a day;
	 * "vers 930 si possible", "around 830": a day's hour after
	 * "vers" / "around", whatever follows but a unit or money */
	if (t->ndig == 3 && t->num >= 100 && t->num % 100 <= 59 && i > 0 &&
	    (((nlu_tok_is(dc, i - 1, "at") || nlu_tok_is(dc, i - 1, "a") ||
	    day_word_before(dc, i)) && (e >= dc->n ||
	    dc->t[e].kind == NLU_TK_PUNCT || after_bare_hour(dc, e) ||
	    ampm_at(dc, e, &x))) || ((nlu_tok_is(dc, i - 1, "vers") ||
	    nlu_tok_is(dc, i - 1, "around")) && t->num >= 700 &&
	    t->num <= 959 && !unit_word(dc, e) && !money_near(dc, i, i) &&
	    !cost_cue(dc, i) && !nlu_tok_is(dc, e, "euro*") &&
	    !nlu_tok_is(dc, e, "dollar*") && !nlu_tok_is(dc, e, "pound*") &&
	    !nlu_tok_is(dc, e, "chf") && !nlu_tok_is(dc, e, "eur")))) {
		ts->h = t->num / 100;
		ts->m = t->num % 100;
		if ((k = ampm_at(dc, e, &x)) > 0) {
			ts->ampm = k;
			e = x;
		}
		use(dc, i, e);
		return 1;
	}
	if (n > 2)
		return 0;
	w += n;
	if (*w == 'h' && (w[1] == '\0' || ((k = minutes_o(w + 1)) >= 0 &&
	    w[3] == '\0'))) {
		/* 14h, 14h30, 14h3O */
		ts->hnote = 1;
		if (w[1] != '\0')
			mn = minutes_o(w + 1);
		else if ((k = minutes_at(dc, e, &e)) >= 0)
			mn = k;
	} else if (strcmp(w, "am") == 0 || strcmp(w, "pm") == 0) {
		ts->ampm = *w == 'a' ? 1 : 2;
	} else if (strcmp(w, "ish") == 0) {
		ts->approx = 1;
	} else if ((*w == 'a' || *w == 'p') && w[1] == '\0' &&
	    is_sign(dc, e, '.') && nlu_tok_is(dc, e + 1, "m")) {
		/* "2p.m.", "9a.m" */
		ts->ampm = *w == 'a' ? 1 : 2;
		e += 2 + is_sign(dc, e + 2, '.');
	} else if (*w != '\0') {
		return 0;
	} else if (nlu_tok_is(dc, e, "h") || nlu_tok_is(dc, e, "heure") ||
	    nlu_tok_is(dc, e, "heures")) {
		ts->hnote = 1;
		e++;
		if ((k = minutes_at(dc, e, &e)) >= 0)
			mn = k;
	} else if (nlu_tok_is(dc, e, "hr") || nlu_tok_is(dc, e, "hrs")) {
		hrs = 1;
		e++;
	} else if (is_sign(dc, e, ':') && e + 1 < dc->n) {
		w = dc->t[e + 1].w;
		if ((mn = minutes_o(w)) < 0)
			return 0;
		if (w[2] == 'a' || w[2] == 'p') {
			if (strcmp(w + 3, "m") != 0)
				return 0;
			ts->ampm = w[2] == 'a' ? 1 : 2;
		} else if (w[2] == 'h' && (w[3] == '\0' ||
		    strcmp(w + 3, "rs") == 0 || strcmp(w + 3, "r") == 0))
			ts->hnote = 1;	/* "14:30h", "14:00hrs" */
		else if (w[2] != '\0')
			return 0;
		e += 2;
	} else if (is_sign(dc, e, ',') && comma_minutes(dc, i)) {
		/* "vendredi à 10,30", "at 9,45" */
		mn = dc->t[e + 1].num;
		e += 2;
	} else if (is_sign(dc, e, '.') && dotted_ok(dc, i)) {
		/* "5.30pm", "10.45" */
		w = dc->t[e + 1].w;
		mn = digits(w, 2);
		if (w[2] != '\0')
			ts->ampm = w[2] == 'a' ? 1 : 2;
		e += 2;
	} else if ((k = ampm_at(dc, e, &e)) > 0) {
		ts->ampm = k;
	} else if (nlu_seq(dc, e, "o clock", &e) ||
	    nlu_seq(dc, e, "oclock", &e)) {
		/* "9 o'clock" */
	} else if (i > 0 && (nlu_tok_is(dc, i - 1, "at") ||
	    (is_sign(dc, i - 1, '@') && after_bare_hour(dc, e)) ||
	    nlu_tok_is(dc, i - 1, "around")) && h >= 1 && h <= 12 &&
	    !nlu_tok_is(dc, e, "day*") && !nlu_tok_is(dc, e, "week*") &&
	    !nlu_tok_is(dc, e, "month*") && !is_sign(dc, e, '/') &&
	    !count_after(dc, e) && !street_after(dc, e) &&
	    (!is_sign(dc, e, '.') || end_stop(dc, e)) &&
	    !(is_sign(dc, e, '-') && !dc->t[e].sp && e + 1 < dc->n &&
	    dc->t[e + 1].alpha && !nlu_tok_is(dc, e + 1, "ish"))) {
		/* "at 3", "around 10." (not "at 5-a-side"; "at 10 — ok?"
		 * is a dash set off by blanks) */
	} else if (bare_hour_cue(dc, i) && h >= 1 && h <= 23 &&
	    after_bare_hour(dc, e)) {
		/* "after 4", "vers 11" */
	} else if (h >= 1 && h <= 12 && dc->t[i].ndig == n &&
	    ((is_sign(dc, e, '-') && nlu_tok_is(dc, e + 1, "ish")) ||
	    nlu_tok_is(dc, e, "ish"))) {
		/* "tomorrow 2-ish", "4 ish" (not "2-ish kids") */
		ts->approx = 1;
		e += is_sign(dc, e, '-') ? 2 : 1;
		if (count_after(dc, e) || nlu_tok_is(dc, e, "kids") ||
		    (e < dc->n && dc->t[e].num >= 0))
			return 0;
	} else if (h >= 1 && h <= 12 && dc->t[i].ndig == n && i > 1 &&
	    nlu_tok_is(dc, i - 1, "than") && (nlu_tok_is(dc, i - 2,
	    "earlier") || nlu_tok_is(dc, i - 2, "later") ||
	    nlu_tok_is(dc, i - 2, "sooner")) && after_bare_hour(dc, e)) {
		/* "no earlier than 10", "no later than 4" */
	} else if (h >= 1 && h <= 12 && dc->t[i].ndig == n &&
	    (nlu_seq(dc, e, "at the earliest", NULL) ||
	    nlu_seq(dc, e, "at the latest", NULL) ||
	    nlu_seq(dc, e, "au plus tot", NULL) ||
	    nlu_seq(dc, e, "au plus tard", NULL))) {
		/* "10 at the earliest" */
	} else if (h >= 1 && h <= 12 && dc->t[i].ndig == n && i > 0 &&
	    nlu_tok_is(dc, i - 1, "to") && moved_to(dc, i - 1) &&
	    after_bare_hour(dc, e) && !count_after(dc, e)) {
		/* "push it to 4", "bring it forward to 9" */
	} else if (h >= 1 && h <= 23 && dc->t[i].ndig == n &&
	    (k = pair_hour(dc, i, &mk)) > h) {
		/* "3 or 4pm", "9-10h", "15/16h": the first hour offered,
		 * with the mark of the second */
		if (h <= 12)
			ts->ampm = mk;
	} else if (h >= 1 && h <= 12 && dc->t[i].ndig == n &&
	    hour_instead(dc, i, e)) {
		/* "an hour later? 6 instead" */
	} else if (h >= 1 && h <= 12 && dc->t[i].ndig == n &&
	    day_part_next(dc, e) && (day_word_before(dc, i) ||
	    nlu_tok_is(dc, e, "noon") || nlu_tok_is(dc, e, "midday") ||
	    (i > 0 && (nlu_tok_is(dc, i - 1, "at") ||
	    nlu_tok_is(dc, i - 1, "a") || nlu_tok_is(dc, i - 1, "vers") ||
	    nlu_tok_is(dc, i - 1, "around")))) && !count_after(dc, e)) {
		/* "vendredi 9 du matin", "Monday 12 noon", "3 in the
		 * afternoon" */
	} else if (day_word_before(dc, i) && h >= 1 && h <= 12 &&
	    dc->t[i].ndig == n && after_bare_hour(dc, e) &&
	    !is_sign(dc, e, '/')) {
		/* "thursday 9 please" (a day that no 9th is), "tomorrow
		 * 10 if you can" */
	} else if (i > 0 && (nlu_tok_is(dc, i - 1, "is") ||
	    nlu_tok_is(dc, i - 1, "maybe")) && h >= 1 && h <= 12 &&
	    (nlu_tok_is(dc, e, "free") || nlu_tok_is(dc, e, "available") ||
	    nlu_tok_is(dc, e, "possible") || nlu_tok_is(dc, e, "ok") ||
	    nlu_tok_is(dc, e, "okay") || nlu_tok_is(dc, e, "good"))) {
		/* "is 11 free?" */
	} else
		return 0;
	if (ts->ampm == 0 && (k = ampm_at(dc, e, &e)) > 0)
		ts->ampm = k;
	if (h > 23 || mn < 0 || mn > 59 || (ts->ampm != 0 && h > 12))
		return 0;
	if (ts->ampm == 0 && duration(dc, i, e, hrs || ts->hnote)) {
		use(dc, i, e);
		return 0;
	}
	if (ts->hnote && (nlu_seq(dc, e, "moins le quart", &e) ||
	    nlu_seq(dc, e, "moins quart", &e))) {
		h = h == 0 ? 23 : h - 1;
		mn = 45;
	}
	use(dc, i, e);
	ts->h = h;
	ts->m = mn;
	day_part_after(dc, e, ts);
	return 1;
}

/* "midi", "midi et demi", "noon" (not "après-midi", "avant-midi"). */
static int
noon_at(struct nlu_doc *dc, size_t i, struct tscan *ts)
{
	size_t	 e = i + 1;
	int	 k;

	if (nlu_tok_is(dc, i, "noonish") || nlu_tok_is(dc, i, "middayish"))
		ts->approx = 1;	/* "noonish" */
	else if (!nlu_tok_is(dc, i, "midi") && !nlu_tok_is(dc, i, "noon") &&
	    !nlu_tok_is(dc, i, "midday"))
		return 0;
	if (i > 0 && (nlu_tok_is(dc, i - 1, "apres") ||
	    nlu_tok_is(dc, i - 1, "ap") || nlu_tok_is(dc, i - 1, "aprs") ||
	    nlu_tok_is(dc, i - 1, "avant") || nlu_tok_is(dc, i - 1, "before") ||
	    (i > 1 && is_sign(dc, i - 1, '-') &&
	    (nlu_tok_is(dc, i - 2, "apres") ||
	    nlu_tok_is(dc, i - 2, "avant")))))
		return 0;
	if (nlu_tok_is(dc, i, "noon") && i > 0 &&
	    nlu_tok_is(dc, i - 1, "after"))
		return 0;
	/* "j'ai mangé ce midi": a past meal, no time asked for */
	if (i > 0 && (nlu_tok_is(dc, i - 1, "ce") ||
	    nlu_tok_is(dc, i - 1, "this")) && past_clause(dc, i))
		return 0;
	ts->h = 12;
	ts->m = 0;
	if ((k = minutes_at(dc, e, &e)) >= 0)
		ts->m = k;
	else if (nlu_seq(dc, e, "moins le quart", &e) ||
	    nlu_seq(dc, e, "moins quart", &e)) {
		/* "midi moins le quart" */
		ts->h = 11;
		ts->m = 45;
	}
	use(dc, i, e);
	return 1;
}

/* Parts of the day. */
enum part {
	PART_NONE = 0,
	PART_MORNING,
	PART_AFTERNOON,
	PART_EVENING
};

/*
 * 1 when token i is "am" or "pm" (word w) said of a day, not of a clock
 * time: after a weekday, "today", "tomorrow", "demain" or "en" ("tuesday
 * am", "mardi en pm", Québec's "en am").
 */
static int
day_half(const struct nlu_doc *dc, size_t i, const char *w)
{
	static const char *const before[] = { "monday", "tuesday",
	    "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
	    "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
	    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
	    "dimanche", "today", "tomorrow", "tmrw", "demain", "dmn", "en" };
	size_t	 k;

	if (!nlu_tok_is(dc, i, w) || i == 0 ||
	    dc->t[i - 1].kind != NLU_TK_WORD)
		return 0;
	for (k = 0; k < sizeof(before) / sizeof(before[0]); k++)
		if (nlu_tok_is(dc, i - 1, before[k]))
			return 1;
	return 0;
}

/*
 * 1 when "last thing" at token i names the end of a day: "last thing
 * Friday", "tomorrow last thing", not "my last thing to ask".
 */
static int
last_thing(const struct nlu_doc *dc, size_t i)
{
	size_t	 e;
	int	 pl;

	if (!nlu_seq(dc, i, "last thing", &e) || (i > 0 &&
	    (possessive(dc, i - 1) || nlu_tok_is(dc, i - 1, "the") ||
	    nlu_tok_is(dc, i - 1, "a") || nlu_tok_is(dc, i - 1, "one"))))
		return 0;
	return e >= dc->n || dc->t[e].kind == NLU_TK_PUNCT ||
	    weekday_of_word(dc->t[e].w, &pl) >= 0 ||
	    nlu_tok_is(dc, e, "on") || nlu_tok_is(dc, e, "today") ||
	    nlu_tok_is(dc, e, "tomorrow") || nlu_tok_is(dc, e, "please") ||
	    nlu_seq(dc, e, "in the day", NULL) ||
	    (i > 0 && (weekday_of_word(dc->t[i - 1].w, &pl) >= 0 ||
	    nlu_tok_is(dc, i - 1, "today") ||
	    nlu_tok_is(dc, i - 1, "tomorrow")));
}

/*
 * The part of the day named at token i: "matin(s)", "avant-midi",
 * "before noon", "aprem", "arvo", "after lunch", "après l'école",
 * "soir", "fin de journée", "after work"... PART_NONE when none.
 */
static enum part
part_at(const struct nlu_doc *dc, size_t i)
{
	if (nlu_seq(dc, i, "fin de journee", NULL) ||
	    nlu_seq(dc, i, "fin de la journee", NULL) ||
	    nlu_seq(dc, i, "fin journee", NULL) ||
	    nlu_seq(dc, i, "end of the day", NULL) ||
	    nlu_seq(dc, i, "end of day", NULL) ||
	    nlu_seq(dc, i, "after work", NULL) ||
	    nlu_seq(dc, i, "late in the day", NULL) ||
	    nlu_seq(dc, i, "apres le travail", NULL) ||
	    nlu_seq(dc, i, "apres mon travail", NULL) ||
	    nlu_seq(dc, i, "apres le boulot", NULL) ||
	    last_thing(dc, i) ||
	    nlu_seq(dc, i, "last appointment of the day", NULL) ||
	    nlu_seq(dc, i, "last slot of the day", NULL) ||
	    nlu_seq(dc, i, "derniere heure", NULL) ||
	    nlu_seq(dc, i, "dernier creneau de la journee", NULL) ||
	    nlu_seq(dc, i, "dernier rdv de la journee", NULL))
		return PART_EVENING;
	if (nlu_seq(dc, i, "avant midi", NULL) ||
	    nlu_seq(dc, i, "first thing", NULL) ||
	    nlu_seq(dc, i, "premiere heure", NULL) ||
	    nlu_seq(dc, i, "1ere heure", NULL) ||
	    nlu_seq(dc, i, "1re heure", NULL) ||
	    nlu_seq(dc, i, "before work", NULL) ||
	    nlu_seq(dc, i, "avant le travail", NULL) ||
	    nlu_seq(dc, i, "avant le boulot", NULL) ||
	    nlu_tok_is(dc, i, "morningish") ||
	    day_half(dc, i, "am") ||
	    nlu_seq(dc, i, "before noon", NULL) ||
	    nlu_seq(dc, i, "before lunch", NULL) ||
	    nlu_seq(dc, i, "avant le dejeuner", NULL))
		return PART_MORNING;
	if (nlu_seq(dc, i, "apres midi", NULL) ||
	    nlu_seq(dc, i, "apresmidi", NULL) ||
	    nlu_seq(dc, i, "aprem*", NULL) || nlu_seq(dc, i, "aprm", NULL) ||
	    nlu_seq(dc, i, "apres mid", NULL) ||
	    nlu_tok_is(dc, i, "afternoon") ||
	    nlu_tok_is(dc, i, "afternoons") || nlu_tok_is(dc, i, "arvo") ||
	    nlu_seq(dc, i, "after lunch", NULL) ||
	    nlu_seq(dc, i, "after school", NULL) ||
	    nlu_tok_is(dc, i, "apm") || day_half(dc, i, "pm") ||
	    nlu_seq(dc, i, "apres l ecole", NULL) ||
	    nlu_seq(dc, i, "apres le dejeuner", NULL) ||
	    nlu_seq(dc, i, "apres le dej", NULL) ||
	    nlu_seq(dc, i, "apres dejeuner", NULL) ||
	    nlu_seq(dc, i, "apres manger", NULL))
		return PART_AFTERNOON;
	if (nlu_tok_is(dc, i, "matin") || nlu_tok_is(dc, i, "matins") ||
	    nlu_tok_is(dc, i, "matinee") || nlu_tok_is(dc, i, "matinees") ||
	    nlu_tok_is(dc, i, "morning") || nlu_tok_is(dc, i, "mornings") ||
	    nlu_tok_is(dc, i, "mat1"))
		return PART_MORNING;
	/* "9h du mat", "ce mat": SMS for "matin" */
	if (nlu_tok_is(dc, i, "mat") && i > 0 && (nlu_tok_is(dc, i - 1,
	    "du") || nlu_tok_is(dc, i - 1, "ce") ||
	    nlu_tok_is(dc, i - 1, "le")))
		return PART_MORNING;
	if (nlu_tok_is(dc, i, "soir") || nlu_tok_is(dc, i, "soirs") ||
	    nlu_tok_is(dc, i, "soiree") || nlu_tok_is(dc, i, "soirees") ||
	    nlu_tok_is(dc, i, "evening") || nlu_tok_is(dc, i, "evenings") ||
	    nlu_tok_is(dc, i, "tonight"))
		return PART_EVENING;
	return PART_NONE;
}

/* 1 when folded word w is a French past participle of a mishap. */
static int
fr_participle(const char *w)
{
	static const char *const pp[] = {
		"tombe", "tombee", "fait", "eu", "pris", "prise", "casse",
		"cassee", "mange", "blesse", "blessee", "cogne", "cognee",
		"glisse", "glissee", "mordu", "reveille", "reveillee",
		"commence", "alle", "allee", "perdu", "saigne", "vomi",
		"tordu", "foule", "foulee", "coupe", "coupee", "brule",
		"brulee", "ete", "senti", "eclate", "arrive", "arrivee",
		"evanoui", "evanouie", "endormi", "endormie", "parti",
		"partie", "fini", "finie", "ressenti", "reussi",
	};
	size_t	 k;

	for (k = 0; k < sizeof(pp) / sizeof(pp[0]); k++)
		if (strcmp(w, pp[k]) == 0)
			return 1;
	return 0;
}

/*
 * 1 when token k is written as a French past participle in -é, -ée, -és,
 * -ées ("gonflé", "réveillée"), not one of the nouns so written
 * ("journée", "santé"): read only next to an auxiliary.
 */
static int
written_participle(const struct nlu_doc *dc, size_t k)
{
	static const char *const nouns[] = {
		"journee", "matinee", "soiree", "annee", "idee", "sante",
		"bebe", "cote", "cafe", "cle", "the", "entree", "arrivee",
		"duree", "seance", "nee", "ne", "rentree", "dispo", "beaute",
		"societe", "specialite", "possibilite", "disponibilite",
		"activite", "qualite", "moitie", "pitie", "prefere", "conge",
		"dispos", "rdv",
	};
	const char	*e;
	size_t		 n, j;

	if (dc->t[k].kind != NLU_TK_WORD || dc->t[k].eo - dc->t[k].so < 3)
		return 0;
	e = dc->text + dc->t[k].eo;
	n = dc->t[k].eo - dc->t[k].so;
	if (n >= 1 && (e[-1] == 's' || e[-1] == 'S')) {
		e--;
		n--;
	}
	if (n >= 1 && (e[-1] == 'e' || e[-1] == 'E')) {
		e--;
		n--;
	}
	/* "é" (U+00E9) or "É" (U+00C9) in UTF-8 */
	if (n < 3 || (unsigned char)e[-2] != 0xc3 ||
	    ((unsigned char)e[-1] != 0xa9 && (unsigned char)e[-1] != 0x89))
		return 0;
	/* the nouns and their plurals ("disponibilités", "congés") */
	n = strlen(dc->t[k].w);
	for (j = 0; j < sizeof(nouns) / sizeof(nouns[0]); j++)
		if (strncmp(dc->t[k].w, nouns[j], strlen(nouns[j])) == 0 &&
		    (n == strlen(nouns[j]) || (n == strlen(nouns[j]) + 1 &&
		    dc->t[k].w[n - 1] == 's')))
			return 0;
	return 1;
}

/*
 * 1 when token k names something that happened ("accident", "chute",
 * "fall"): the part of the day next to it says when, no request.
 */
static int
event_of_day(const struct nlu_doc *dc, size_t k)
{
	return nlu_tok_is(dc, k, "accident") || nlu_tok_is(dc, k, "chute") ||
	    nlu_tok_is(dc, k, "malaise") || nlu_tok_is(dc, k, "crash") ||
	    nlu_tok_is(dc, k, "collision");
}

/* 1 when folded word w is an English past tense ("fell", "chipped"). */
static int
en_past(const char *w)
{
	static const char *const pt[] = {
		"was", "were", "had", "did", "got", "went", "fell", "took",
		"hit", "broke", "ate", "woke", "hurt", "lost", "felt", "bit",
		"cut", "ago", "came", "began", "slept", "left", "saw",
	};
	size_t	 k, n = strlen(w);

	for (k = 0; k < sizeof(pt) / sizeof(pt[0]); k++)
		if (strcmp(w, pt[k]) == 0)
			return 1;
	return n >= 5 && strcmp(w + n - 2, "ed") == 0 &&
	    strcmp(w + n - 3, "eed") != 0;
}

/* Participles said of appointments already made, folded. */
static const char *const booked_words[] = { "booked", "scheduled",
    "planned", "reserved", "arranged", "reserve", "reservee", "reserves",
    "reservees", "prevu", "prevue", "prevus", "prevues", "programme",
    "programmee", "programmes", "programmees", NULL };

/* 1 when "have" comes just before "got" at k ("have I got", "I've got"). */
static int
have_before(const struct nlu_doc *dc, size_t k)
{
	return (k > 0 && (nlu_tok_is(dc, k - 1, "have") ||
	    nlu_tok_is(dc, k - 1, "ve") || nlu_tok_is(dc, k - 1, "has"))) ||
	    (k > 1 && (nlu_tok_is(dc, k - 2, "have") ||
	    nlu_tok_is(dc, k - 2, "has")));
}

/* 1 when token k makes the "-ed" word after it an adjective. */
static int
adjective_cue(const struct nlu_doc *dc, size_t k)
{
	return nlu_tok_is(dc, k, "is") || nlu_tok_is(dc, k, "s") ||
	    nlu_tok_is(dc, k, "am") || nlu_tok_is(dc, k, "m") ||
	    nlu_tok_is(dc, k, "are") || nlu_tok_is(dc, k, "re") ||
	    nlu_tok_is(dc, k, "be") || nlu_tok_is(dc, k, "very") ||
	    nlu_tok_is(dc, k, "so") || nlu_tok_is(dc, k, "feel*") ||
	    nlu_tok_is(dc, k, "get*") || nlu_tok_is(dc, k, "seem*");
}

/*
 * 1 when the "-ed" word at token k is what one asks to have done to a
 * thing: "could I get my vaccine moved", "can I have it changed".
 */
static int
causative_at(const struct nlu_doc *dc, size_t k)
{
	static const char *const object[] = { "it", "my", "the", "this",
	    "that", "our", "his", "her", "them", "me", "us", NULL };
	size_t	 m;

	for (m = 2; m <= 5 && m <= k; m++)
		if ((nlu_tok_is(dc, k - m, "get") ||
		    nlu_tok_is(dc, k - m, "have")) &&
		    tok_any(dc, k - m + 1, object))
			return 1;
	return 0;
}

/*
 * 1 when "left" at token k, in the clause from a, says what remains:
 * "how many sessions do I have left", "any slots left", "what have I
 * got left".
 */
static int
left_over(const struct nlu_doc *dc, size_t a, size_t k)
{
	static const char *const much[] = { "many", "much", "any",
	    "anything", "what", "how", "some", NULL };
	size_t	 j;

	if (!nlu_tok_is(dc, k, "left"))
		return 0;
	for (j = a; j < k; j++)
		if (tok_any(dc, j, much))
			return 1;
	return 0;
}

/*
 * 1 when the clause holding token i tells of something that happened
 * ("I chipped a tooth this morning", "je suis tombée cet après-midi",
 * "depuis ce matin"): its part of the day or day is no request.
 */
static int
past_clause(const struct nlu_doc *dc, size_t i)
{
	size_t	 k, a = clause_start(dc, i), b = clause_end(dc, i);
	int	 aux = 0, pp = 0;

	/* "depuis samedi", "since rugby on Saturday", "depuis le match de
	 * dimanche": what began then */
	for (k = i; k > a && i - k < 4; k--)
		if (nlu_tok_is(dc, k - 1, "depuis") ||
		    nlu_tok_is(dc, k - 1, "since"))
			return 1;
	/* "tombé hier et aujourd'hui il est confus": its own clause; nor
	 * does "si quelqu'un s'est désisté" tell of the day before it */
	for (k = i; k > a; k--)
		if (nlu_tok_is(dc, k - 1, "et") || nlu_tok_is(dc, k - 1, "and") ||
		    nlu_tok_is(dc, k - 1, "si") || nlu_tok_is(dc, k - 1, "if"))
			break;
	a = k;
	for (k = i; k < b; k++)
		if (nlu_tok_is(dc, k, "et") || nlu_tok_is(dc, k, "and") ||
		    nlu_tok_is(dc, k, "si") || nlu_tok_is(dc, k, "if"))
			break;
	b = k;
	for (k = a; k < b; k++) {
		/* "everything I have booked in January", "ce que j'ai
		 * réservé en janvier": the appointments' own days */
		if (tok_any(dc, k, booked_words))
			continue;
		if (en_past(dc->t[k].w) &&
		    !(k > 0 && adjective_cue(dc, k - 1)) &&
		    !causative_at(dc, k) && !left_over(dc, a, k) &&
		    !(nlu_tok_is(dc, k, "got") && have_before(dc, k)))
			return 1;
		/* "j'étais malade", "il avait" */
		if (nlu_tok_is(dc, k, "etais") || nlu_tok_is(dc, k, "etait") ||
		    nlu_tok_is(dc, k, "avais") || nlu_tok_is(dc, k, "avait"))
			return 1;
		if (nlu_tok_is(dc, k, "ai") || nlu_tok_is(dc, k, "as") ||
		    nlu_tok_is(dc, k, "a") || nlu_tok_is(dc, k, "avons") ||
		    nlu_tok_is(dc, k, "avez") || nlu_tok_is(dc, k, "ont") ||
		    nlu_tok_is(dc, k, "suis") || nlu_tok_is(dc, k, "est") ||
		    nlu_tok_is(dc, k, "es") || nlu_tok_is(dc, k, "sommes") ||
		    nlu_tok_is(dc, k, "sont"))
			aux = 1;
		/* "une prise de sang", "la prise en charge": nouns */
		if ((fr_participle(dc->t[k].w) || written_participle(dc, k)) &&
		    !(nlu_tok_is(dc, k, "prise") && k > 0 &&
		    (nlu_tok_is(dc, k - 1, "une") ||
		    nlu_tok_is(dc, k - 1, "la") ||
		    nlu_tok_is(dc, k - 1, "ma") ||
		    nlu_tok_is(dc, k - 1, "sa") ||
		    nlu_tok_is(dc, k - 1, "votre") ||
		    nlu_tok_is(dc, k - 1, "cette"))))
			pp = 1;
		/* "accident de voiture ce matin": an event, no request */
		if (k < i && event_of_day(dc, k))
			return 1;
	}
	return aux && pp;
}

/*
 * 1 when the morning at token k, said of today ("ce matin", "this
 * morning"), is already over at the clinic's time: it tells when
 * something happened, no slot can be asked for in it.
 */
static int
part_over(const struct nlu_doc *dc, size_t k)
{
	if (k == 0 || (!nlu_tok_is(dc, k - 1, "ce") &&
	    !nlu_tok_is(dc, k - 1, "cet") && !nlu_tok_is(dc, k - 1, "cette") &&
	    !nlu_tok_is(dc, k - 1, "this")))
		return 0;
	/* only the morning: "un rdv cet aprèm" at 18:20 still asks for
	 * today's afternoon slots, late as it is */
	return (nlu_tok_is(dc, k, "matin") || nlu_tok_is(dc, k, "morning")) &&
	    dc->now.hh >= 12;
}

/*
 * 1 when the part of the day at token i is a greeting: "good morning",
 * "bonne soirée", or "Morning," "Evening!" opening the message.
 */
static int
part_greeting(const struct nlu_doc *dc, size_t i)
{
	if (i > 0 && (nlu_tok_is(dc, i - 1, "good") ||
	    nlu_tok_is(dc, i - 1, "bonne") || nlu_tok_is(dc, i - 1, "bon")))
		return 1;
	/* "have a lovely evening", "enjoy your afternoon", "passez une
	 * belle soirée" */
	if (i > 1 && (nlu_tok_is(dc, i - 1, "lovely") ||
	    nlu_tok_is(dc, i - 1, "nice") || nlu_tok_is(dc, i - 1, "great") ||
	    nlu_tok_is(dc, i - 1, "belle") ||
	    nlu_tok_is(dc, i - 1, "excellente") ||
	    nlu_tok_is(dc, i - 1, "your")) &&
	    (nlu_tok_is(dc, i - 2, "a") || nlu_tok_is(dc, i - 2, "une") ||
	    nlu_tok_is(dc, i - 2, "enjoy")))
		return 1;
	/* "Morning,", "Hi, morning!" */
	if (i > 0 && !((nlu_tok_is(dc, 0, "hi") || nlu_tok_is(dc, 0, "hello") ||
	    nlu_tok_is(dc, 0, "hey")) && (i == 1 || (i == 2 &&
	    is_sign(dc, 1, ',')))))
		return 0;
	return (nlu_tok_is(dc, i, "morning") || nlu_tok_is(dc, i, "evening") ||
	    nlu_tok_is(dc, i, "afternoon")) && (i + 1 >= dc->n ||
	    is_sign(dc, i + 1, ',') || is_sign(dc, i + 1, '!') ||
	    is_sign(dc, i + 1, '.'));
}

/*
 * 1 when the part of the day at token i is one gone by: "hier soir",
 * "depuis hier aprem", "last night", "yesterday afternoon", "depuis ce
 * matin", "since this morning".
 */
static int
part_past(const struct nlu_doc *dc, size_t i)
{
	if (i > 0 && (nlu_tok_is(dc, i - 1, "hier") ||
	    nlu_tok_is(dc, i - 1, "yesterday") ||
	    nlu_tok_is(dc, i - 1, "yday") || nlu_tok_is(dc, i - 1, "last")))
		return 1;
	/* "après-midi" is two words: "hier après-midi" */
	if (i > 1 && (nlu_tok_is(dc, i, "midi") || is_sign(dc, i - 1, '-')) &&
	    (nlu_tok_is(dc, i - 2, "hier") ||
	    (i > 2 && nlu_tok_is(dc, i - 3, "hier"))))
		return 1;
	return i > 1 && (nlu_tok_is(dc, i - 1, "ce") ||
	    nlu_tok_is(dc, i - 1, "cet") || nlu_tok_is(dc, i - 1, "cette") ||
	    nlu_tok_is(dc, i - 1, "this")) &&
	    (nlu_tok_is(dc, i - 2, "depuis") || nlu_tok_is(dc, i - 2, "since"));
}

/* 1 when the message moves something or says "instead", "à la place". */
static int
change_cue(const struct nlu_doc *dc)
{
	size_t	 k;

	for (k = 0; k < dc->n; k++)
		if (move_verb(dc, k) || nlu_tok_is(dc, k, "instead") ||
		    nlu_tok_is(dc, k, "plutot") ||
		    nlu_seq(dc, k, "a la place", NULL) ||
		    nlu_seq(dc, k, "au lieu", NULL) ||
		    nlu_tok_is(dc, k, "rather"))
			return 1;
	return 0;
}

/*
 * 1 when the value at token i is offered as a second choice: "ou 11h",
 * "or at 3", "sinon l'après-midi".
 */
static int
second_choice(const struct nlu_doc *dc, size_t i)
{
	static const char *const alt[] = {
		"ou", "or", "sinon", "otherwise", "else", NULL
	};
	size_t	 k, from = i > 3 ? i - 3 : 0;

	for (k = from; k < i; k++)
		if (tok_any(dc, k, alt))
			return 1;
	return 0;
}

/* 1 when the value at token i follows "plutôt que", "rather than". */
static int
set_aside(const struct nlu_doc *dc, size_t i)
{
	size_t	 k, from = i > 4 ? i - 4 : 0;

	/* "instead of Tuesday, Wednesday?": a comma ends what is set
	 * aside */
	for (k = i; k > from && !is_sign(dc, k - 1, ',') &&
	    !is_sign(dc, k - 1, '?'); k--)
		;
	for (from = k; k + 1 < i + 1 && k < dc->n; k++)
		if (nlu_seq(dc, k, "plutot que", NULL) ||
		    nlu_seq(dc, k, "rather than", NULL) ||
		    nlu_seq(dc, k, "au lieu de", NULL) ||
		    nlu_seq(dc, k, "instead of", NULL))
			return 1;
	return 0;
}

/*
 * The time preference of the message, "" when none: the first part of
 * the day asked for (the last one when the message moves or says
 * "instead"), never a greeting, a past event, or a part refused ("pas
 * le matin", "plutôt que le soir").
 */
static const char *
preference(const struct nlu_doc *dc)
{
	static const char *const name[] = { "", "MORNING", "AFTERNOON",
	    "EVENING" };
	size_t	 i;
	enum part p, got = PART_NONE, weak = PART_NONE;
	int	 last = change_cue(dc);

	for (i = 0; i < dc->n; i++) {
		if ((p = part_at(dc, i)) == PART_NONE || part_greeting(dc, i) ||
		    part_past(dc, i) || small_talk(dc, i))
			continue;
		if (i > 0 && (nlu_tok_is(dc, i - 1, "ce") ||
		    nlu_tok_is(dc, i - 1, "cet") ||
		    nlu_tok_is(dc, i - 1, "cette") ||
		    nlu_tok_is(dc, i - 1, "this") ||
		    nlu_tok_is(dc, i - 1, "depuis") ||
		    nlu_tok_is(dc, i - 1, "since")) && (past_clause(dc, i) ||
		    part_over(dc, i)))
			continue;
		if (refused(dc, i) || set_aside(dc, i)) {
			/* "je ne pourrai pas venir demain matin": kept
			 * when nothing else is said */
			if (weak == PART_NONE)
				weak = p;
			continue;
		}
		if (got != PART_NONE && second_choice(dc, i))
			continue;
		got = p;
		if (!last)
			break;
		/* "après-midi" is one part: step past it */
		while (i + 1 < dc->n && part_at(dc, i + 1) == p)
			i++;
	}
	return name[got != PART_NONE ? got : weak];
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
 * 1 when the time at token i bounds the patient's day rather than asks
 * for a slot: "je finis à 18h", "I finish work at 5", "off at 5".
 */
static int
bound_time(const struct nlu_doc *dc, size_t i)
{
	static const char *const ends[] = {
		"finis", "finish*", "termine", "sors", "off", "leave",
		"quitte", "ends", NULL
	};
	static const char *const work[] = {
		"travaille", "travail", "bosse", "boulot", "taf", "work",
		"working", "job", "shift", "cours", "class", "classes",
		"school", "ecole", NULL
	};
	size_t	 k, from = i > 4 ? i - 4 : 0, u;

	for (k = from; k < i; k++)
		/* "off at 5", "off work at 5", not "frozen off Wednesday
		 * at 2" */
		if (tok_any(dc, k, ends) && (!nlu_tok_is(dc, k, "off") ||
		    nlu_tok_is(dc, k + 1, "at") ||
		    nlu_tok_is(dc, k + 1, "work")) && no_edge(dc, k, i))
			return 1;
	/* "at 5 I leave for the school run", "à 18h je finis" */
	for (k = i + 1; k < dc->n && k < i + 6 && !clause_edge(dc, k); k++)
		if ((nlu_tok_is(dc, k, "i") || nlu_tok_is(dc, k, "je") ||
		    nlu_tok_is(dc, k, "j")) && (tok_any(dc, k + 1, ends) ||
		    nlu_tok_is(dc, k + 1, "pars") ||
		    nlu_seq(dc, k + 1, "have to leave", NULL) ||
		    nlu_seq(dc, k + 1, "dois partir", NULL)))
			return 1;
	/* "je travaille jusqu'à 17h", "I'm at work till 6", "j'ai cours
	 * jusqu'à 16h": the end of the patient's working day; "je
	 * travaille de 9h à 17h", "I work from 8am to 4pm": its hours */
	if (i >= 2 && nlu_seq(dc, i - 2, "jusqu a", NULL))
		u = i - 2;
	else if (i >= 1 && (nlu_tok_is(dc, i - 1, "until") ||
	    nlu_tok_is(dc, i - 1, "till") || nlu_tok_is(dc, i - 1, "til") ||
	    nlu_tok_is(dc, i - 1, "de") || nlu_tok_is(dc, i - 1, "from")))
		u = i - 1;
	else if (i >= 2 && (nlu_tok_is(dc, i - 1, "a") ||
	    nlu_tok_is(dc, i - 1, "to") || is_sign(dc, i - 1, '-')) &&
	    dc->t[i - 2].w[0] >= '0' && dc->t[i - 2].w[0] <= '9')
		u = i - 2;
	else if (i >= 3 && (nlu_tok_is(dc, i - 1, "a") ||
	    nlu_tok_is(dc, i - 1, "to")) && (nlu_tok_is(dc, i - 2, "h") ||
	    nlu_tok_is(dc, i - 2, "am") || nlu_tok_is(dc, i - 2, "pm")))
		u = i - 3;
	else
		return 0;
	for (k = u > 5 ? u - 5 : 0; k < u; k++)
		if (tok_any(dc, k, work) && no_edge(dc, k, i))
			return 1;
	return 0;
}

/* Words that join two clauses of their own: "and", "et", "if", "si". */
static const char *const and_if[] = { "and", "et", "if", "si", NULL };

/*
 * 1 when the time at token i tells when something happened: "I woke up
 * at 4am with pain", "il est tombé à 10h ce matin", "I took ibuprofen at
 * 8", "my last appointment was at 3pm" (its clause tells of the past),
 * not "I was hoping for 3pm", "je voulais 10h" (a wish, said in the
 * past).
 */
static int
past_time(const struct nlu_doc *dc, size_t i)
{
	static const char *const wish[] = {
		"hoping", "hoped", "wondering", "wondered", "wanted", "want",
		"thinking", "thought", "planning", "looking", "asked",
		"asking", "prefer*", "like", "liked", "would", "could", "can",
		"will", "souhait*", "voudrai*", "voulai*", "aimerai*",
		"pensai*", "esperai*", "demandai*", "peux", "pourrai*",
		"possible", "dispo*", "free", "available", "anything",
		"something", "any", "faisable", "jouable", NULL
	};
	/* past forms that are also other words ("a bit late", "cut",
	 * "left"), or auxiliaries of what was only meant ("I was") */
	static const char *const loose[] = {
		"bit", "cut", "hit", "left", "lost", "felt", "saw", "had",
		"did", "got", "was", "were", "ago", NULL
	};
	size_t	 k, a = clause_start(dc, i), b = clause_end(dc, i);
	int	 aux = 0, pp = 0, plural;

	if (!past_clause(dc, i))
		return 0;
	/* "j'ai pas été chez le dentiste depuis 10 ans 🙈 samedi vers
	 * 10h ?": a day named, or an emoji, opens the request */
	for (k = i; k > a; k--)
		if (tok_any(dc, k - 1, and_if) ||
		    weekday_at(dc, k - 1, &plural) >= 0 ||
		    (dc->t[k - 1].kind == NLU_TK_PUNCT &&
		    (unsigned char)dc->t[k - 1].w[0] >= 0x80))
			break;
	a = k;
	for (k = i; k < b; k++)
		if (tok_any(dc, k, and_if))
			break;
	b = k;
	for (k = a; k < b; k++) {
		if (tok_any(dc, k, wish))
			return 0;
		if (en_past(dc->t[k].w) && !tok_any(dc, k, loose) &&
		    !(k > 0 && adjective_cue(dc, k - 1)) &&
		    !tok_any(dc, k, booked_words))
			return 1;
		/* "il est tombé", "je me suis réveillée", "j'ai pris" (the
		 * written "a", not "à"; not "c'est") */
		if (nlu_tok_is(dc, k, "ai") || nlu_tok_is(dc, k, "as") ||
		    (nlu_tok_is(dc, k, "a") && dc->t[k].eo == dc->t[k].so + 1 &&
		    dc->text[dc->t[k].so] == 'a') ||
		    nlu_tok_is(dc, k, "avons") || nlu_tok_is(dc, k, "avez") ||
		    nlu_tok_is(dc, k, "ont") || nlu_tok_is(dc, k, "suis") ||
		    (nlu_tok_is(dc, k, "est") && !(k > 0 &&
		    nlu_tok_is(dc, k - 1, "c"))) || nlu_tok_is(dc, k, "sommes") ||
		    nlu_tok_is(dc, k, "sont"))
			aux = 1;
		if (fr_participle(dc->t[k].w) && !nlu_tok_is(dc, k, "prise"))
			pp = 1;
	}
	return aux && pp;
}

/* 24-hour hour of a time found, with morning as the preference says. */
static int
clock_hour(const struct tscan *ts, const char *pref)
{
	int	 h = ts->h;
	int	 morning = strcmp(pref, "MORNING") == 0 || ts->ampm == 4;
	int	 later = strcmp(pref, "AFTERNOON") == 0 ||
	    strcmp(pref, "EVENING") == 0;

	if ((ts->ampm == 2 || ts->ampm == 3) && h < 12)
		return h + 12;
	if (ts->ampm == 1 && h == 12)
		return 0;
	/* "7h30" on a 24-hour clock is the morning */
	if (ts->ampm == 0 && h >= 1 && h <= 7 && !morning &&
	    !(ts->hnote && h == 7 && !later))
		return h + 12;
	return h;
}

#define NLU_MAX_TIMES	8

/*
 * Minutes of the day of a clock time at token i (or after "à"/"at" there),
 * -1 when none; the message is left as it was.
 */
static int
peek_minutes(struct nlu_doc *dc, size_t i)
{
	struct tscan	 ts = { -1, 0, 0, 0, 0 };
	int		 saved[12], r = -1;
	size_t		 k;

	if (nlu_tok_is(dc, i, "a") || nlu_tok_is(dc, i, "at"))
		i++;
	if (i >= dc->n)
		return -1;
	for (k = 0; k < 12 && i + k < dc->n; k++)
		saved[k] = dc->t[i + k].used;
	if (!dc->t[i].used && dc->t[i].kind == NLU_TK_WORD &&
	    (time_at(dc, i, &ts) || noon_at(dc, i, &ts)))
		r = clock_hour(&ts, "") * 60 + ts.m;
	for (k = 0; k < 12 && i + k < dc->n; k++)
		dc->t[i + k].used = saved[k];
	return r;
}

/*
 * The clock time of the message into hhmm ("" when none) and the time
 * preference into pref ("" when none). Among several times, one refused
 * ("je ne peux pas à 9h") or bounding the day ("je finis à 18h") is
 * passed over, and a time that only bounds the day is none; a message
 * that moves something takes the last ("de 17h à 18h"). Returns 1 when a
 * time was found.
 */
int
nlu_times(struct nlu_doc *dc, char hhmm[6], char pref[16])
{
	struct tscan	 ts, found[NLU_MAX_TIMES];
	size_t		 at[NLU_MAX_TIMES], i, n = 0, k, pick;
	int		 weak[NLU_MAX_TIMES], h, last, bounds = 0;
	const char	*p;

	hhmm[0] = '\0';
	dc->time_approx = 0;
	p = preference(dc);
	nlu_copy(pref, 16, p, strlen(p));
	for (i = 0; i < dc->n && n < NLU_MAX_TIMES; i++) {
		if (dc->t[i].used || dc->t[i].kind != NLU_TK_WORD)
			continue;
		memset(&ts, 0, sizeof(ts));
		ts.h = -1;
		if (!time_at(dc, i, &ts) && !noon_at(dc, i, &ts))
			continue;
		found[n] = ts;
		at[n] = i;
		weak[n] = refused(dc, i) || bound_time(dc, i) ||
		    set_aside(dc, i) || past_time(dc, i);
		bounds += bound_time(dc, i) || past_time(dc, i);
		n++;
	}
	if (n == 0)
		return 0;
	last = change_cue(dc);
	pick = n;
	for (k = 0; k < n; k++)
		if (!weak[k] && (pick == n || (last &&
		    !second_choice(dc, at[k]))))
			pick = k;
	/* "après mon travail (je termine à 17h)": only the end of the
	 * patient's day, no slot asked for at that time */
	if (pick == n && bounds == (int)n)
		return 0;
	if (pick == n)
		pick = 0;
	dc->time_approx = found[pick].approx || approx_cue(dc, at[pick]);
	h = clock_hour(&found[pick], pref);
	hhmm[0] = (char)('0' + h / 10);
	hhmm[1] = (char)('0' + h % 10);
	hhmm[2] = ':';
	hhmm[3] = (char)('0' + found[pick].m / 10);
	hhmm[4] = (char)('0' + found[pick].m % 10);
	hhmm[5] = '\0';
	return 1;
}
