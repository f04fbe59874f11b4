/*
 * engine_book — the booking, moving and cancelling flows: collect what
 * is missing, propose real free slots, repeat the absolute date back,
 * and write only after the patient's yes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "booking.h"
#include "engine_parse.h"
#include "engine_int.h"
#include "tz.h"

/* Days searched when the patient gave no date, and past a given date. */
#define BOOK_SPAN	14
/* Free times looked at when choosing by the patient's wishes. */
#define BOOK_CANDS	2048
#define NOON		720
#define AFTERNOON	780	/* 13:00: noon is not the afternoon */
#define EVENING_END	1080	/* 18:00 */
#define EVENING_MAX	1020	/* the day's last times start by 17:00 */
#define LAST_TIMES	120	/* ...or in its last two opening hours */

/* Copy a field into dst when it differs. Returns 1 when changed. */
static int
set_field(char *dst, size_t sz, const char *v)
{
	size_t	 n = strlen(v);

	if (strcmp(dst, v) == 0 || n >= sz)
		return 0;
	memcpy(dst, v, n + 1);
	return 1;
}

/* Set flag *dst to v. Returns 1 when changed. */
static int
set_flag(int *dst, int v)
{
	if (*dst == v)
		return 0;
	*dst = v;
	return 1;
}

/*
 * A date range "YYYY-MM-DD..YYYY-MM-DD" into the context: its first day
 * in date, its last in until. Returns 1 when changed, 0 when the same
 * or not a valid range.
 */
static int
merge_range(struct eng_ctx *c, const char *v)
{
	char	 a[11], b[11];
	int	 y, m, d, ch;

	if (strlen(v) != 22 || v[10] != '.' || v[11] != '.')
		return 0;
	memcpy(a, v, 10);
	a[10] = '\0';
	memcpy(b, v + 12, 10);
	b[10] = '\0';
	if (nlu_parse_ymd(a, &y, &m, &d) != 0 ||
	    nlu_parse_ymd(b, &y, &m, &d) != 0 || strcmp(a, b) > 0)
		return 0;
	ch = set_field(c->date, sizeof(c->date), a);
	if (strcmp(a, b) == 0)
		b[0] = '\0';
	return set_field(c->until, sizeof(c->until), b) | ch;
}

/* The first and last day of range v ("YYYY-MM-DD..YYYY-MM-DD") as day
 * numbers into *lo and *hi.  Returns 0, or -1 when v is no range. */
static int
range_days(const char *v, long *lo, long *hi)
{
	char	 a[11];
	int	 y, m, d;

	if (strlen(v) != 22 || v[10] != '.' || v[11] != '.')
		return -1;
	memcpy(a, v, 10);
	a[10] = '\0';
	if (nlu_parse_ymd(a, &y, &m, &d) != 0)
		return -1;
	*lo = (long)tz_days_from_civil(y, m, d);
	if (nlu_parse_ymd(v + 12, &y, &m, &d) != 0)
		return -1;
	*hi = (long)tz_days_from_civil(y, m, d);
	return 0;
}

/* The local "HH:MM" of t into out (6 bytes). */
static void
local_hhmm(const struct eng *e, int64_t t, char out[6])
{
	struct tz_local	 l;

	tz_to_local(booking_tz(e->b), t, &l);
	snprintf(out, 6, "%02d:%02d", l.hour, l.min);
}

/*
 * "same time next week", "même heure la semaine d'après" about the
 * appointment (or the slot recapped) at t: its weekday a week later,
 * not any day of the calendar's next week (which may hold t itself).
 * A weekday said other than t's keeps the plain reading.
 */
static void
same_next_week(struct eng *e, int64_t t)
{
	static const char *const week[] = { "next week", "the week after",
	    "week after", "following week", "semaine prochaine",
	    "semaine d apres", "semaine suivante", "semaine apres", NULL };
	struct eng_ctx	*c = &e->c;
	struct tz_local	 l;
	char		 s[1024];
	int64_t		 d;
	int		 y, m, dd, w;

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if (!engine_has_any(s, week))
		return;
	tz_to_local(booking_tz(e->b), t, &l);
	if ((w = engine_parse_weekday(e->text, e->len)) >= 0 && w != l.wday)
		return;
	d = tz_days_from_civil(l.year, l.month, l.day) + 7;
	tz_civil_from_days(d, &y, &m, &dd);
	snprintf(c->date, sizeof(c->date), "%04d-%02d-%02d", y, m, dd);
	c->until[0] = '\0';
	c->wdays = 0;
}

/*
 * "même heure": the time of the appointment being moved, or else of the
 * proposal being discussed, becomes the time asked. Returns 1 when the
 * context changed.
 */
static int
apply_same(struct eng *e)
{
	struct eng_ctx	*c = &e->c;
	struct eng_appt	 a;
	char		 hm[6];
	int64_t		 t;

	if (!c->same)
		return 0;
	if (strcmp(c->flow, "move") == 0 && c->appt[0] != '\0' &&
	    eng_load_appts(e, c->appt, &a, 1) == 1)
		t = a.start;
	else if (c->nprops > 0 && c->pick >= 0 && c->pick < c->nprops)
		t = c->props[c->pick].start;
	else
		return 0;
	local_hhmm(e, t, hm);
	c->same = 0;
	(void)set_field(c->time, sizeof(c->time), hm);
	(void)set_field(c->pref, sizeof(c->pref), "");
	c->around = 0;
	same_next_week(e, t);
	return 1;
}

/* The weekday word s starts with (whole word): 0 = Monday .. 6, or -1. */
static int
weekday_word(const char *s)
{
	static const char *const w[] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday",
	    "wednesday", "thursday", "friday", "saturday", "sunday" };
	size_t	 i, n;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		n = strlen(w[i]);
		if (strncmp(s, w[i], n) == 0 && (s[n] == ' ' || s[n] == '\0'))
			return (int)(i % 7);
	}
	return -1;
}

/* The word after the one at s (blank-separated), or "" at the end. */
static const char *
next_word(const char *s)
{
	const char	*p = strchr(s, ' ');

	return p == NULL ? "" : p + 1;
}

/* 1 when the word at s is w. */
static int
word_is(const char *s, const char *w)
{
	size_t	 n = strlen(w);

	return strncmp(s, w, n) == 0 && (s[n] == ' ' || s[n] == '\0');
}

/* 1 when the word at s joins two days: "ou", "or", and when both is
 * set (two days asked about together) "et", "and". */
static int
day_joint(const char *s, int both)
{
	return word_is(s, "ou") || word_is(s, "or") ||
	    (both && (word_is(s, "et") || word_is(s, "and")));
}

/*
 * "mardi ou mercredi ?", "Tuesday or Wednesday morning", "lundi ou bien
 * jeudi": two weekdays either side of "ou"/"or" (or "et"/"and" when
 * both) in the folded text s, into *a and *b.  Returns 1 when so.  "pas
 * lundi, mardi plutôt" is no such choice (its last day is the one
 * meant).
 */
static int
either_weekdays(const char *s, int both, int *a, int *b)
{
	const char	*p, *q;

	for (p = s; *p != '\0'; p = next_word(p)) {
		if ((*a = weekday_word(p)) < 0)
			continue;
		q = next_word(p);
		if (!day_joint(q, both))
			continue;
		q = next_word(q);
		if (word_is(q, "bien") || word_is(q, "le") || word_is(q, "on"))
			q = next_word(q);
		if ((*b = weekday_word(q)) >= 0 && *b != *a)
			return 1;
	}
	return 0;
}

/*
 * The day of the month the word at s says ("3", "1er", "10th", "2nd"),
 * 1 to 31; sets *ord when it carries an ordinal ending.  -1 when none.
 */
static int
monthday_word(const char *s, int *ord)
{
	static const char *const end[] = { "", "er", "e", "eme", "st", "nd",
	    "rd", "th" };
	size_t	 i, n;
	int	 d = 0, k;

	for (k = 0; k < 2 && s[k] >= '0' && s[k] <= '9'; k++)
		d = d * 10 + s[k] - '0';
	if (k == 0 || d < 1 || d > 31)
		return -1;
	for (i = 0; i < sizeof(end) / sizeof(end[0]); i++) {
		n = strlen(end[i]);
		if (strncmp(s + k, end[i], n) == 0 &&
		    (s[k + n] == ' ' || s[k + n] == '\0')) {
			*ord = i > 0;
			return d;
		}
	}
	return -1;
}

/* The month the word at s names, 1 to 12, or 0. */
static int
month_word(const char *s)
{
	static const char *const w[] = { "janvier", "fevrier", "mars",
	    "avril", "mai", "juin", "juillet", "aout", "septembre",
	    "octobre", "novembre", "decembre", "january", "february",
	    "march", "april", "may", "june", "july", "august", "september",
	    "october", "november", "december" };
	size_t	 i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (word_is(s, w[i]))
			return (int)(i % 12) + 1;
	return 0;
}

/* Past "of" and a month word at *p (advanced); the month or 0. */
static int
month_after(const char **p)
{
	const char	*q = word_is(*p, "of") ? next_word(*p) : *p;
	int		 m;

	if ((m = month_word(q)) != 0)
		*p = next_word(q);
	return m;
}

/*
 * "le 3 ou le 4 ?", "the 10th or the 11th", "le 30 novembre ou le 2
 * décembre", "lundi 30 ou vendredi 27": two days of the month either
 * side of "ou"/"or" (or "et"/"and" when both: "the 24th and 31st") in
 * the folded text s, into *a and *b, with their months (*ma, *mb; 0
 * when not said).  A number is read as a day only after "le", "the",
 * "on", "du" or its weekday ("lundi 30 ou vendredi 27"), with an
 * ordinal ending, or beside a month ("à 10 ou 11h" are times).  Returns
 * 1 when so.
 */
static int
either_monthdays(const char *s, int both, int *a, int *ma, int *b,
    int *mb)
{
	const char	*p, *q, *prev = "";
	int		 oa, ob, dayish, wb;

	for (p = s; *p != '\0'; prev = p, p = next_word(p)) {
		oa = ob = 0;
		if ((*a = monthday_word(p, &oa)) < 0)
			continue;
		q = next_word(p);
		*ma = month_after(&q);
		if (!day_joint(q, both))
			continue;
		q = next_word(q);
		if (word_is(q, "bien") || word_is(q, "le") ||
		    word_is(q, "the") || word_is(q, "on"))
			q = next_word(q);
		/* "lundi 30 ou vendredi 27", "Monday 30th or Friday the
		 * 27th": the second day's weekday said before it */
		wb = weekday_word(q) >= 0;
		if (wb) {
			q = next_word(q);
			if (word_is(q, "the"))
				q = next_word(q);
		}
		if ((*b = monthday_word(q, &ob)) < 0)
			continue;
		q = next_word(q);
		*mb = month_after(&q);
		dayish = word_is(prev, "le") || word_is(prev, "the") ||
		    word_is(prev, "on") || word_is(prev, "du") || oa || ob ||
		    *ma != 0 || *mb != 0 || (wb && weekday_word(prev) >= 0);
		if (dayish && (*a != *b || *ma != *mb))
			return 1;
	}
	return 0;
}

/*
 * The day numbered dd (of month mm, or of a month near it when mm is
 * 0) nearest to day (days since 1970), not before today t nor day
 * itself, within a month of it; -1 when none.
 */
static long
near_monthday(long day, long t, int dd, int mm)
{
	int	 y, m, d, k, yy, mo, y2, m2, d2;
	long	 best = -1, x;

	tz_civil_from_days(day, &y, &m, &d);
	for (k = -1; k <= 1; k++) {
		yy = mm != 0 ? y + k : y;
		mo = mm != 0 ? mm : m + k;
		if (mo < 1) {
			mo += 12;
			yy--;
		} else if (mo > 12) {
			mo -= 12;
			yy++;
		}
		x = (long)tz_days_from_civil(yy, mo, dd);
		tz_civil_from_days(x, &y2, &m2, &d2);
		if (d2 != dd || x < t || x == day || labs(x - day) > 31)
			continue;
		if (best < 0 || labs(x - day) < labs(best - day))
			best = x;
	}
	return best;
}

/*
 * The other day of a choice the message names, when the extractor read
 * one of its days (day): the other weekday of "mardi ou mercredi" (the
 * nearest such day after today on the side of the one read; in the same
 * week when the choice is "prochain"/"next"), or the other date of "le
 * 3 ou le 4"; with both, also of "le 24 et le 31".  Its weekday in
 * *wo; -1 when there is no such choice.
 */
static long
either_other(const char *s, int both, long day, long t, int *wo)
{
	int	 a, b, ma, mb, y, m, d, wa;
	long	 alt;

	tz_civil_from_days(day, &y, &m, &d);
	wa = nlu_weekday(y, m, d);
	if (either_weekdays(s, both, &a, &b)) {
		if (wa != a && wa != b)
			return -1;
		*wo = wa == a ? b : a;
		if (engine_has_word(s, "prochain") ||
		    engine_has_word(s, "prochaine") ||
		    engine_has_word(s, "next"))
			return day - wa + *wo;
		alt = day + (*wo - wa + 7) % 7;
		return alt - 7 > t ? alt - 7 : alt;
	}
	if (!either_monthdays(s, both, &a, &ma, &b, &mb))
		return -1;
	if (d == a && (ma == 0 || ma == m))
		alt = near_monthday(day, t, b, mb);
	else if (d == b && (mb == 0 || mb == m))
		alt = near_monthday(day, t, a, ma);
	else
		return -1;
	if (alt >= 0) {
		tz_civil_from_days(alt, &y, &m, &d);
		*wo = nlu_weekday(y, m, d);
	}
	return alt;
}

/*
 * The message names two days as a choice ("mardi ou mercredi", "le 3
 * ou le 4") and the extractor read one of them as the date: the span
 * from the earlier to the later, those two weekdays only, so that both
 * are offered and neither is chosen for the patient.  Returns 1 when
 * the context changed.
 */
static int
either_day(struct eng *e)
{
	struct eng_ctx	*c = &e->c;
	struct tz_local	 today;
	char		 s[1024], d0[11], d1[11];
	int		 y, m, d, other, wa;
	long		 day, alt, t, lo, hi;

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if (nlu_parse_ymd(c->date, &y, &m, &d) != 0)
		return 0;
	wa = nlu_weekday(y, m, d);
	day = (long)tz_days_from_civil(y, m, d);
	tz_to_local(booking_tz(e->b), e->now, &today);
	t = (long)tz_days_from_civil(today.year, today.month, today.day);
	if ((alt = either_other(s, 0, day, t, &other)) < 0 || alt == day)
		return 0;
	/* "the week of the 14th, tuesday or wednesday": both in that week */
	if (range_days(e->nlu.val[NLU_F_DATE_RANGE], &lo, &hi) == 0)
		while (alt < lo && alt < day)
			alt += 7;
	tz_civil_from_days(day < alt ? day : alt, &y, &m, &d);
	snprintf(d0, sizeof(d0), "%04d-%02d-%02d", y, m, d);
	tz_civil_from_days(day < alt ? alt : day, &y, &m, &d);
	snprintf(d1, sizeof(d1), "%04d-%02d-%02d", y, m, d);
	c->wdays = (1 << wa) | (1 << other);
	return set_field(c->date, sizeof(c->date), d0) |
	    set_field(c->until, sizeof(c->until), d1);
}

long
eng_other_day(const struct eng *e, long day)
{
	struct tz_local	 today;
	char		 s[1024];
	long		 alt, t;
	int		 wo;

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	tz_to_local(booking_tz(e->b), e->now, &today);
	t = (long)tz_days_from_civil(today.year, today.month, today.day);
	alt = either_other(s, 1, day, t, &wo);
	return alt == day ? -1 : alt;
}

/* 1 when word w is one of days, maybe plural ("mardis", "mondays"). */
static int
is_day_word(const char *w, const char *const *days)
{
	size_t	 n;

	for (; *days != NULL; days++) {
		n = strlen(*days);
		if (strncmp(w, *days, n) == 0 &&
		    (w[n] == '\0' || strcmp(w + n, "s") == 0))
			return 1;
	}
	return 0;
}

/*
 * 1 when text (len bytes) has the weekday word day followed by a comma
 * or a full stop and then "plutôt"/"rather"/"instead": "je peux pas
 * mardi, plutôt la semaine pro" refuses Tuesday and asks for the week;
 * "pas lundi, mardi plutôt" keeps its Tuesday.
 */
static int
rather_apart(const char *text, size_t len, const char *day)
{
	static const char *const rather[] = { "plut", "rather", "instead",
	    NULL };
	const char *const	*r;
	size_t			 i, k, n = strlen(day);

	for (i = 0; i + n < len; i++) {
		for (k = 0; k < n; k++)
			if (tolower((unsigned char)text[i + k]) != day[k])
				break;
		if (k < n || (i > 0 && isalpha((unsigned char)text[i - 1])))
			continue;
		k = i + n;
		while (k < len && text[k] == ' ')
			k++;
		if (k >= len || strchr(",.;", text[k]) == NULL)
			continue;
		for (k++; k < len && text[k] == ' '; k++)
			;
		for (r = rather; *r != NULL; r++)
			if (len - k >= strlen(*r) &&
			    strncasecmp(text + k, *r, strlen(*r)) == 0)
				return 1;
	}
	return 0;
}

/*
 * The words right after a weekday (w[i]) refuse it: "le mardi je
 * travaille", "mardi je peux pas", "le mardi c'est impossible",
 * "Tuesdays I'm working", "Tuesday doesn't work for me", "Friday is no
 * good".  "le mardi je ne travaille pas", "on Tuesdays I don't work",
 * "mardi je peux", "mardi avant le boulot" do not.  Looks at four
 * words at most, up to another weekday, a turn of the sentence ("mais",
 * "but") or a time of the day ("avant", "after").  1 when refused.
 */
static int
refused_after(const char *const *w, size_t nw, size_t i)
{
	/* the writer is busy then: refused unless negated */
	static const char *const busy[] = { "travaille", "bosse", "taffe",
	    "occupe", "occupee", "pris", "prise", "busy", "working", NULL };
	/* "I work" (the writer) or "it doesn't work" (the day) */
	static const char *const work[] = { "work", NULL };
	/* the day suits: refused only when negated */
	static const char *const can[] = { "peux", "pourrai", "pourrais",
	    "peut", "arrange", "va", "convient", "possible", "dispo",
	    "disponible", "libre", "can", "could", "available", "free",
	    "good", "suits", "ok", "okay", NULL };
	static const char *const bad[] = { "impossible", "indisponible",
	    "complique", "bad", "cannot", "cant", NULL };
	static const char *const neg[] = { "pas", "ne", "n", "not", "t",
	    "no", "never", "jamais", NULL };
	static const char *const person[] = { "je", "j", "i", "im", "moi",
	    "on", NULL };
	/* a turn of the sentence, or a time of the day ("mardi avant le
	 * boulot", "Tuesday after work": a wish, not a refusal) */
	static const char *const stop[] = { "mais", "but", "plutot",
	    "rather", "instead", "sinon", "otherwise", "avant", "apres",
	    "before", "after", NULL };
	static const char *const days[] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday",
	    "wednesday", "thursday", "friday", "saturday", "sunday", NULL };
	/* the hours of a working day ("je bosse jusqu'à 17h", "I'm off
	 * work at 4", "I work till 5"): a bound of the day, no refusal */
	static const char *const bound[] = { "jusqu", "jusque", "until",
	    "till", "til", "off", "finish", "finis", "termine", "sors",
	    "commence", "start", "starts", "from", "des", NULL };
	size_t		 k, end, vk = 0;
	int		 isneg = 0, who = 0, verb = 0;

	end = i + 5 < nw ? i + 5 : nw;
	for (k = i + 1; k < end; k++) {
		if (engine_has_any(w[k], stop) || is_day_word(w[k], days))
			break;
		if (engine_has_any(w[k], neg)) {
			/* "mardi je peux, pas jeudi": that one's own */
			if ((k + 1 < nw && is_day_word(w[k + 1], days)) ||
			    (k + 2 < nw && is_day_word(w[k + 2], days)))
				break;
			isneg = 1;
		}
		if (engine_has_any(w[k], person))
			who = 1;
		if (verb != 0)
			continue;
		vk = k;
		if (engine_has_any(w[k], bad))
			verb = 4;
		else if (engine_has_any(w[k], busy))
			verb = 1;
		else if (engine_has_any(w[k], work))
			verb = 2;
		else if (engine_has_any(w[k], can))
			verb = 3;
	}
	if ((verb == 1 || verb == 2) && ((vk > 0 &&
	    engine_has_any(w[vk - 1], bound)) || (vk + 1 < nw &&
	    (engine_has_any(w[vk + 1], bound) || (w[vk + 1][0] >= '0' &&
	    w[vk + 1][0] <= '9'))) || (vk + 2 < nw &&
	    engine_has_any(w[vk + 2], bound))))
		return 0;
	switch (verb) {
	case 4:
		return 1;
	case 1:
		return !isneg;
	case 2:
		return who ? !isneg : isneg;
	case 3:
		return isneg;
	default:
		return 0;
	}
}

/*
 * The weekdays text names in general (*want: "le mercredi", "un
 * lundi", "les jeudis", "any Monday", "Wednesdays", "le mardi de
 * préférence") and those it rules out (*avoid: after a negation or a
 * reason not to come, "pas le lundi", "j'évite le lundi", "sauf le
 * samedi", "I work Mondays", "any day but Friday"), as masks (bit 0 =
 * Monday).  "le mercredi 16" is a date and "lundi dernier", "depuis
 * lundi" a day gone: neither.
 */
static void
weekday_masks(const char *text, size_t len, int *want, int *avoid,
    int *bare)
{
	static const char *const days[2][7] = {
		{ "lundi", "mardi", "mercredi", "jeudi", "vendredi",
		  "samedi", "dimanche" },
		{ "monday", "tuesday", "wednesday", "thursday", "friday",
		  "saturday", "sunday" },
	};
	/* the word before a French weekday said in general */
	static const char *const fr_before[] = { "le", "les", "un", "chaque",
	    "quel", "tous", NULL };
	/* the word before an English one ("any Monday", "a Friday") */
	static const char *const en_before[] = { "any", "a", "every", NULL };
	static const char *const not_words[] = { "pas", "sauf", "hors",
	    "excepte", "jamais", "ni", "travaille", "bosse", "eviter", "evite",
	    "evitez", "not", "t", "cannot", "never", "except", "avoid", "work",
	    "working", NULL };
	static const char *const articles[] = { "le", "les", "la", "on",
	    "the", "a", "un", NULL };
	static const char *const any_words[] = { "anything", "anytime",
	    "anyday", NULL };
	static const char *const rather[] = { "plutot", "instead", "rather",
	    NULL };
	static const char *const gone[] = { "depuis", "since", NULL };
	/* "do" between the negation and the day: "can't do Tuesday"
	 * ("je ne pourrai pas venir mardi", "I can't make it on Thursday"
	 * speak of the appointment that day, not of Tuesdays) */
	static const char *const verbs[] = { "do", NULL };
	char		 s[1024];
	const char	*w[48];
	size_t		 nw = 0, i, k, j;
	int		 wa, lang, plural = 0, hit, general, neg;
	char		*p;

	*want = *avoid = 0;
	if (bare != NULL)
		*bare = 0;
	(void)engine_norm(text, len, s, sizeof(s));
	for (p = s; *p != '\0' && nw < 48; ) {
		w[nw++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (*p == ' ')
			*p++ = '\0';
	}
	for (i = 0; i < nw; i++) {
		hit = -1;
		general = 0;
		for (lang = 0; hit < 0 && lang < 2; lang++)
			for (wa = 0; hit < 0 && wa < 7; wa++) {
				k = strlen(days[lang][wa]);
				if (strncmp(w[i], days[lang][wa], k) != 0 ||
				    (w[i][k] != '\0' && strcmp(w[i] + k, "s")))
					continue;
				if (i + 1 < nw && ((w[i + 1][0] >= '0' &&
				    w[i + 1][0] <= '9') ||
				    strcmp(w[i + 1], "dernier") == 0 ||
				    strcmp(w[i + 1], "passe") == 0 ||
				    strcmp(w[i + 1], "last") == 0))
					continue;
				hit = wa;
				plural = w[i][k] == 's';
				general = plural || (i > 0 &&
				    engine_has_any(w[i - 1], lang == 0 ?
				    fr_before : en_before)) || (i + 2 < nw &&
				    lang == 0 && strcmp(w[i + 1], "de") == 0 &&
				    strcmp(w[i + 2], "preference") == 0);
			}
		if (hit < 0)
			continue;
		neg = 0;
		/* "depuis lundi", "since Monday": a day gone */
		for (j = i > 3 ? i - 3 : 0; j < i; j++)
			if (engine_has_any(w[j], gone))
				break;
		if (j < i)
			continue;
		/* the word just before it (an article skipped) rules it out:
		 * "pas le lundi", "sauf samedi", "not Mondays", "any day
		 * but Friday", "je travaille le lundi", "no Mondays"; never
		 * "no, Thursday instead", "pas lundi, mardi plutôt" */
		j = i;
		if (j > 0 && engine_has_any(w[j - 1], articles))
			j--;
		if (j > 1 && engine_has_any(w[j - 1], verbs) &&
		    engine_has_any(w[j - 2], not_words))
			j--;
		if (j > 0 && (engine_has_any(w[j - 1], not_words) ||
		    (strcmp(w[j - 1], "no") == 0 && plural) ||
		    (strcmp(w[j - 1], "but") == 0 && j > 1 &&
		    (engine_has_any(w[j - 2], any_words) || (j > 2 &&
		    (strcmp(w[j - 2], "day") == 0 ||
		    strcmp(w[j - 2], "days") == 0) &&
		    (strcmp(w[j - 3], "any") == 0 ||
		    strcmp(w[j - 3], "every") == 0))))))
			neg = 1;
		if (i + 1 < nw && engine_has_any(w[i + 1], rather) &&
		    !rather_apart(text, len, w[i]))
			neg = 0;
		else if (refused_after(w, nw, i))
			neg = 1;
		if (neg) {
			*avoid |= 1 << hit;
			if (!general && bare != NULL)
				*bare |= 1 << hit;
		} else if (general)
			*want |= 1 << hit;
	}
	*want &= ~*avoid;
}

/*
 * "plutôt un lundi", "any Monday", "on Mondays", "je suis dispo le
 * mercredi après-midi", "le mercredi ou le samedi": weekdays in general,
 * which the extractor gives no date for.  A span of four weeks from the
 * next such day, those weekdays only (wdays), so that other days are
 * never offered for them.  Returns 1 when the context changed.
 */
static int
any_weekday(struct eng *e)
{
	struct eng_ctx	*c = &e->c;
	struct tz_local	 today;
	char		 d0[11], d1[11];
	int		 y, m, d, mask, avoid, first, k;
	long		 day;

	weekday_masks(e->text, e->len, &mask, &avoid, NULL);
	if (mask == 0)
		return 0;
	tz_to_local(booking_tz(e->b), e->now, &today);
	/* "plutôt le mercredi" about one day being discussed (Tuesday 30
	 * March): the Wednesday of that week, when still to come */
	if ((mask & (mask - 1)) == 0 && c->date[0] != '\0' &&
	    c->until[0] == '\0' && nlu_parse_ymd(c->date, &y, &m, &d) == 0) {
		for (k = 0; !(mask & (1 << k)); k++)
			;
		day = (long)tz_days_from_civil(y, m, d) -
		    nlu_weekday(y, m, d) + k;
		if (day > (long)tz_days_from_civil(today.year, today.month,
		    today.day)) {
			tz_civil_from_days(day, &y, &m, &d);
			snprintf(d0, sizeof(d0), "%04d-%02d-%02d", y, m, d);
			c->wdays = 0;
			return set_field(c->date, sizeof(c->date), d0);
		}
	}
	day = (long)tz_days_from_civil(today.year, today.month, today.day);
	first = nlu_weekday(today.year, today.month, today.day);
	for (k = 0; k < 7 && !(mask & (1 << ((first + k) % 7))); k++)
		;
	day += k;
	tz_civil_from_days(day, &y, &m, &d);
	snprintf(d0, sizeof(d0), "%04d-%02d-%02d", y, m, d);
	/* four of them: three weeks after the first, or four weeks */
	tz_civil_from_days(day + ((mask & (mask - 1)) == 0 ? 21 : 27), &y, &m,
	    &d);
	snprintf(d1, sizeof(d1), "%04d-%02d-%02d", y, m, d);
	c->wdays = ENG_WDAYS_EVERY | mask;
	return set_field(c->date, sizeof(c->date), d0) |
	    set_field(c->until, sizeof(c->until), d1);
}

/*
 * The weekdays of bare refused as one day ("je peux pas mardi", "can't
 * do Tuesday": the coming one) whose day falls outside the span asked
 * (c.date to c.until): on a Monday, "je peux pas mardi, plutôt la
 * semaine pro" refuses tomorrow, not next week's Tuesday.  A mask.
 */
static int
bare_outside(const struct eng *e, int bare)
{
	struct tz_local	 today;
	int		 k, wd, y0, m0, d0, y1, m1, d1, out = 0;
	long		 t, day;

	if (bare == 0 || nlu_parse_ymd(e->c.date, &y0, &m0, &d0) != 0 ||
	    nlu_parse_ymd(e->c.until, &y1, &m1, &d1) != 0)
		return 0;
	tz_to_local(booking_tz(e->b), e->now, &today);
	t = (long)tz_days_from_civil(today.year, today.month, today.day);
	wd = nlu_weekday(today.year, today.month, today.day);
	for (k = 0; k < 7; k++) {
		if (!(bare & (1 << k)))
			continue;
		day = t + ((k - wd + 7) % 7 == 0 ? 7 : (k - wd + 7) % 7);
		if (day < (long)tz_days_from_civil(y0, m0, d0) ||
		    day > (long)tz_days_from_civil(y1, m1, d1))
			out |= 1 << k;
	}
	return out;
}

/*
 * "j'évite le lundi", "pas le samedi", "any day but Friday": weekdays
 * ruled out of a span being asked (or of the next four weeks when no
 * day is): the span keeps its other weekdays only.  A single day asked
 * is left as it is.  Returns 1 when the context changed.
 */
static int
avoid_weekdays(struct eng *e)
{
	struct eng_ctx	*c = &e->c;
	struct tz_local	 today;
	int		 want, avoid, bare, keep, y, m, d;
	long		 day;

	weekday_masks(e->text, e->len, &want, &avoid, &bare);
	if (avoid == 0 || (c->date[0] != '\0' && c->until[0] == '\0'))
		return 0;
	avoid &= ~bare_outside(e, bare);
	if (avoid == 0)
		return 0;
	if (c->wdays & ENG_WDAYS_EVERY)
		keep = c->wdays & 0x7f & ~avoid;
	else if (c->wdays != 0)
		return 0;	/* "mardi ou jeudi": two days said */
	else
		keep = 0x7f & ~avoid;
	if (keep == 0)
		return 0;
	if (c->date[0] == '\0') {
		tz_to_local(booking_tz(e->b), e->now, &today);
		day = (long)tz_days_from_civil(today.year, today.month,
		    today.day);
		tz_civil_from_days(day, &y, &m, &d);
		snprintf(c->date, sizeof(c->date), "%04d-%02d-%02d", y, m, d);
		tz_civil_from_days(day + 27, &y, &m, &d);
		snprintf(c->until, sizeof(c->until), "%04d-%02d-%02d", y, m,
		    d);
	}
	c->wdays = ENG_WDAYS_EVERY | keep;
	return 1;
}

/*
 * 1 when local day y-m-d is outside the context's "mardi ou jeudi", "le
 * 3 ou le 14" (wdays), while the span still runs from one of its days
 * to the other: a choice of two days is those two days only, never the
 * days between that fall on the same weekdays (the 7th and the 10th of
 * "le 3 ou le 14").
 */
static int
not_either_day(const struct eng_ctx *c, int y, int m, int d)
{
	int	 y0, m0, d0, y1, m1, d1, mask;
	long	 day;

	if (c->wdays == 0 || nlu_parse_ymd(c->date, &y0, &m0, &d0) != 0 ||
	    nlu_parse_ymd(c->until, &y1, &m1, &d1) != 0)
		return 0;
	/* "plutôt un lundi": every one of that weekday in the span */
	if (c->wdays & ENG_WDAYS_EVERY)
		return !(c->wdays & (1 << nlu_weekday(y, m, d)));
	mask = (1 << nlu_weekday(y0, m0, d0)) | (1 << nlu_weekday(y1, m1, d1));
	if (mask != c->wdays)
		return 0;
	day = (long)tz_days_from_civil(y, m, d);
	return day != (long)tz_days_from_civil(y0, m0, d0) &&
	    day != (long)tz_days_from_civil(y1, m1, d1);
}

/*
 * "le lendemain à la même heure", "the day after", "la veille": the day
 * after (or before) the one being discussed (the day asked, else the
 * recapped slot's), when the extractor read no day.
 */
static void
next_day_said(struct eng *e)
{
	static const char *const after[] = { "le lendemain", "lendemain",
	    "le jour d apres", "le jour suivant", "the day after",
	    "the next day", "the following day", "day after", NULL };
	static const char *const before[] = { "la veille", "le jour d avant",
	    "the day before", NULL };
	struct tz_local	 l;
	char		 s[1024];
	int		 y, m, d, by;
	long		 day;

	if (eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_DATE_RANGE))
		return;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if (engine_has_any(s, after))
		by = 1;
	else if (engine_has_any(s, before))
		by = -1;
	else
		return;
	if (e->c.date[0] != '\0' && e->c.until[0] == '\0' &&
	    nlu_parse_ymd(e->c.date, &y, &m, &d) == 0)
		day = (long)tz_days_from_civil(y, m, d);
	else if (e->c.pick >= 0 && e->c.pick < e->c.nprops) {
		tz_to_local(booking_tz(e->b), e->c.props[e->c.pick].start, &l);
		day = (long)tz_days_from_civil(l.year, l.month, l.day);
	} else
		return;
	tz_civil_from_days(day + by, &y, &m, &d);
	snprintf(e->nlu.val[NLU_F_DATE], NLU_VALUE_MAX, "%04d-%02d-%02d", y,
	    m, d);
	e->nlu.src[NLU_F_DATE] = NLU_SRC_RULES;
}

/*
 * "next week, any day but Friday": a day the extractor read from a
 * weekday the message rules out is no wish; the span (if any) stays.
 */
static void
avoided_date(struct eng *e)
{
	int	 want, avoid, y, m, d;

	if (!eng_has(e, NLU_F_DATE) ||
	    nlu_parse_ymd(e->nlu.val[NLU_F_DATE], &y, &m, &d) != 0)
		return;
	weekday_masks(e->text, e->len, &want, &avoid, NULL);
	if (avoid & (1 << nlu_weekday(y, m, d)))
		e->nlu.val[NLU_F_DATE][0] = '\0';
}

/*
 * The practitioner being discussed, by index: the one asked for, else
 * the one of every time offered; -1 when none is.
 */
static int
current_prac(const struct eng *e)
{
	int	 p, q;
	int	 i;

	if (e->c.pr[0] != '\0')
		return booking_find_prac(e->b, e->c.pr);
	if (e->c.nprops <= 0)
		return -1;
	p = booking_find_prac(e->b, e->c.props[0].prac);
	for (i = 1; i < e->c.nprops && p >= 0; i++)
		if ((q = booking_find_prac(e->b, e->c.props[i].prac)) != p)
			return -1;
	return p;
}

/*
 * "pas avec le Dr Leal", "anyone but Dr Leal", "un autre dentiste": the
 * practitioner ruled out is kept for the flow (never offered again, and
 * no longer the one asked for). "Another dentist" said before anyone is
 * discussed (a move not yet read) is "*", resolved by avoid_current.
 */
static int
avoid_prac(struct eng *e)
{
	struct eng_ctx	*c = &e->c;
	const char	*name;
	int		 k, ch = 0;

	k = nlu_avoided_practitioner(e->text, e->len,
	    booking_prac_names(e->b), booking_npracs(e->b));
	if (k < 0 && engine_parse_other_prac(e->text, e->len) &&
	    (k = current_prac(e)) < 0)
		return set_field(c->notpr, sizeof(c->notpr), "*");
	if (k < 0)
		return 0;
	name = booking_prac_name(e->b, (size_t)k);
	ch |= set_field(c->notpr, sizeof(c->notpr), name);
	if (strcmp(c->pr, name) == 0)
		ch |= set_field(c->pr, sizeof(c->pr), "");
	return ch;
}

/* "un autre dentiste" said before anyone was discussed: prac (a name or
 * uuid, NULL: none) is now the one ruled out. */
static void
avoid_current(struct eng *e, const char *prac)
{
	int	 k;

	if (strcmp(e->c.notpr, "*") != 0)
		return;
	if (prac == NULL || (k = booking_find_prac(e->b, prac)) < 0) {
		e->c.notpr[0] = '\0';
		return;
	}
	snprintf(e->c.notpr, sizeof(e->c.notpr), "%s",
	    booking_prac_name(e->b, (size_t)k));
	if (strcmp(e->c.pr, e->c.notpr) == 0)
		e->c.pr[0] = '\0';
}

/*
 * "the week of the 14th, ideally tuesday or wednesday", "la semaine du
 * 14, mardi": a weekday said with a week is that week's, not the next
 * one from today (the extractor reads the two apart).  The day is moved
 * into the week.
 */
static void
day_in_week_said(struct eng *e)
{
	int		 y, m, d, wd;
	long		 day, lo, hi, in;

	if (!eng_has(e, NLU_F_DATE_RANGE) ||
	    range_days(e->nlu.val[NLU_F_DATE_RANGE], &lo, &hi) != 0 ||
	    hi - lo > 6 || hi < lo)
		return;
	/* "la semaine du 14, le mardi si possible": one weekday named,
	 * which the extractor gave no day for */
	if (!eng_has(e, NLU_F_DATE)) {
		int	 want = 0, avoid = 0;

		/* not "je préfère éviter le lundi … la semaine du 14" */
		weekday_masks(e->text, e->len, &want, &avoid, NULL);
		if ((wd = engine_parse_weekday(e->text, e->len)) < 0 ||
		    (avoid & (1 << wd)))
			return;
		day = lo + (((wd - tz_weekday(lo)) % 7) + 7) % 7;
	} else if (nlu_parse_ymd(e->nlu.val[NLU_F_DATE], &y, &m, &d) != 0)
		return;
	else
		day = (long)tz_days_from_civil(y, m, d);
	if (day >= lo && day <= hi && eng_has(e, NLU_F_DATE))
		return;
	in = lo + (((tz_weekday(day) - tz_weekday(lo)) % 7) + 7) % 7;
	if (in > hi)
		return;
	tz_civil_from_days(in, &y, &m, &d);
	snprintf(e->nlu.val[NLU_F_DATE], NLU_VALUE_MAX, "%04d-%02d-%02d", y,
	    m, d);
}

/*
 * "avec la même dentiste que lundi", "with the same dentist as last
 * time": no practitioner named, the one of the appointment spoken of
 * (the one just booked, else the phone's appointment on the day said
 * after "que"/"as", else its next one when all are with one
 * practitioner) is asked for; that day is no day wished ("un détartrage
 * en janvier avec la même dentiste que lundi" keeps January).  Returns 1
 * when the context changed.
 */
static int
same_prac(struct eng *e)
{
	static const char *const same[] = { "meme dentiste",
	    "meme docteur", "meme medecin", "meme kine", "meme praticien",
	    "meme praticienne", "meme docteure", "meme personne",
	    "meme physio", "meme osteo", "same dentist", "same doctor",
	    "same physio", "same practitioner", "same person", "same one",
	    "same gp", "same hygienist", NULL };
	struct tz_local	 l;
	const char	*pr = NULL;
	char		 s[512], ymd[16];
	int		 i, k;

	if (e->b == NULL || eng_has(e, NLU_F_PRACTITIONER) || e->nappts < 1)
		return 0;
	engine_norm(e->text, e->len, s, sizeof(s));
	if (!engine_has_any(s, same))
		return 0;
	for (i = 0; i < e->nappts && pr == NULL; i++)
		if (e->c.done.start != 0 &&
		    e->appts[i].start == e->c.done.start)
			pr = e->appts[i].prac;
	for (i = 0; i < e->nappts && pr == NULL; i++) {
		tz_to_local(booking_tz(e->b), e->appts[i].start, &l);
		snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", l.year,
		    l.month, l.day);
		if (eng_has(e, NLU_F_DATE) &&
		    strcmp(e->nlu.val[NLU_F_DATE], ymd) == 0)
			pr = e->appts[i].prac;
	}
	for (i = 0; i < e->nappts && pr == NULL; i++)
		if (strcmp(e->appts[i].prac, e->appts[0].prac) != 0)
			return 0;
	if (pr == NULL)
		pr = e->appts[0].prac;
	if ((k = booking_find_prac(e->b, pr)) < 0)
		return 0;
	/* the day of the appointment spoken of ("que lundi": its weekday)
	 * is not the day wished */
	for (i = 0; i < e->nappts && eng_has(e, NLU_F_DATE); i++) {
		int	 y, m, d;

		tz_to_local(booking_tz(e->b), e->appts[i].start, &l);
		if (strcmp(e->appts[i].prac, pr) != 0 ||
		    nlu_parse_ymd(e->nlu.val[NLU_F_DATE], &y, &m, &d) != 0)
			continue;
		if (tz_weekday(tz_days_from_civil(y, m, d)) ==
		    tz_weekday(tz_days_from_civil(l.year, l.month, l.day)))
			e->nlu.val[NLU_F_DATE][0] = '\0';
	}
	return set_field(e->c.pr, sizeof(e->c.pr),
	    booking_prac_name(e->b, (size_t)k));
}

/*
 * "I'm away until Friday", "pas dispo avant mercredi", "en vacances
 * jusqu'au 14", "back on the 14th", "je rentre le 3": the patient cannot
 * come before that day, so the span asked starts on it (and runs a
 * week), never a deadline.  Returns -1 when the message says no such
 * thing, else 1 when the context changed, 0 when not.
 */
static int
away_until(struct eng *e)
{
	static const char *const away[] = { "away", "absent", "absente",
	    "vacances", "vacs", "holiday", "holidays", "vacation", "hols",
	    "pas dispo", "pas disponible", "not available", "unavailable",
	    "not free", "out of town", "travelling", "traveling", "abroad",
	    "deplacement", "a l etranger", "pas la", "not around",
	    "not here", "can t", "cannot", "cant", "peux pas",
	    "pourrai pas", "pourrais pas", "parti", "partie", "stuck",
	    "off sick", "en stage", "en mission", "overseas", NULL };
	static const char *const until[] = { "until ", "till ", "til ",
	    "jusqu'à ", "jusqu'a ", "jusqu\xe2\x80\x99\xc3\xa0 ",
	    "jusqu'au ", "jusqu\xe2\x80\x99" "au ", "jusqu au ", "avant ",
	    "before ", NULL };
	static const char *const back[] = { "back on ", "back the ",
	    "back ", "je rentre le ", "je rentre ", "je reviens le ",
	    "je reviens ", "de retour le ", "de retour ", "rentre le ",
	    "returning on ", "return on ", NULL };
	struct eng_ctx		*c = &e->c;
	struct nlu_result	 r;
	const char		*p, *end = e->text + e->len;
	char			 s[512], d1[11], day[40];
	size_t			 k, n;
	int			 y, m, d, pass, k2;

	if (eng_has(e, NLU_F_DATE_RANGE) || e->text == NULL || e->b == NULL)
		return -1;
	engine_norm(e->text, e->len, s, sizeof(s));
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0 && !engine_has_any(s, away))
			continue;
		for (k = 0; (pass ? back : until)[k] != NULL; k++) {
			const char *w = (pass ? back : until)[k];

			if ((p = strcasestr(e->text, w)) == NULL ||
			    (p > e->text && p[-1] != ' ' && p[-1] != ','))
				continue;
			p += strlen(w);
			n = (size_t)(end - p) < 32 ? (size_t)(end - p) : 32;
			/* "jusqu'au 14": read as "le 14" */
			k2 = strlen(w) >= 3 && strcmp(w + strlen(w) - 3,
			    "au ") == 0;
			snprintf(day, sizeof(day), "%s%.*s", k2 ? "le " : "",
			    (int)n, p);
			eng_plan_read(e, day, strlen(day), &r);
			if (nlu_parse_ymd(r.val[NLU_F_DATE], &y, &m, &d) != 0)
				continue;
			tz_civil_from_days(tz_days_from_civil(y, m, d) + 6,
			    &y, &m, &d);
			snprintf(d1, sizeof(d1), "%04d-%02d-%02d", y, m, d);
			c->wdays = 0;
			return set_field(c->date, sizeof(c->date),
			    r.val[NLU_F_DATE]) |
			    set_field(c->until, sizeof(c->until), d1);
		}
	}
	return -1;
}

/*
 * "any saturday morning before christmas", "un contrôle d'ici le 20",
 * "by the 18th": the last day for what is asked.  The day after the cue
 * (read by the extractor on those words alone) ends the span asked, the
 * day before it for "before" (not "not before", "pas avant"); the span
 * starts today when no day was asked.  Returns 1 when the context
 * changed.
 */
static int
deadline(struct eng *e)
{
	static const struct { const char *w; int incl; } cue[] = {
		{ "before ", 0 }, { "avant ", 0 }, { "by ", 1 },
		{ "d'ici ", 1 }, { "d\xe2\x80\x99ici ", 1 }, { "d ici ", 1 },
		{ "no later than ", 1 }, { "au plus tard ", 1 },
		{ "not after ", 1 }, { "pas apres ", 1 }, { "pas après ", 1 },
		{ "until ", 1 }, { "jusqu'au ", 1 }, { "jusqu au ", 1 },
	};
	static const char *const neg[] = { "pas ", "not ", "n't ", "nt ",
	    "only ", "que " };
	struct eng_ctx		*c = &e->c;
	struct nlu_result	 r;
	struct tz_local		 today;
	const char		*p, *end = e->text + e->len;
	char			 d0[11], d1[11];
	size_t			 k, j, n;
	int			 y, m, d;
	long			 last, first;

	if (eng_has(e, NLU_F_DATE_RANGE) || e->text == NULL || e->b == NULL)
		return 0;
	for (k = 0; k < sizeof(cue) / sizeof(cue[0]); k++) {
		if ((p = strcasestr(e->text, cue[k].w)) == NULL ||
		    (p > e->text && p[-1] != ' ' && p[-1] != ','))
			continue;
		for (j = 0; j < sizeof(neg) / sizeof(neg[0]); j++) {
			n = strlen(neg[j]);
			if ((size_t)(p - e->text) >= n &&
			    strncasecmp(p - n, neg[j], n) == 0)
				break;
		}
		if (j < sizeof(neg) / sizeof(neg[0]))
			continue;
		p += strlen(cue[k].w);
		n = (size_t)(end - p) < 32 ? (size_t)(end - p) : 32;
		eng_plan_read(e, p, n, &r);
		if (nlu_parse_ymd(r.val[NLU_F_DATE], &y, &m, &d) != 0 ||
		    r.val[NLU_F_TIME][0] != '\0')
			continue;
		last = (long)tz_days_from_civil(y, m, d) - (cue[k].incl ? 0 : 1);
		tz_to_local(booking_tz(e->b), e->now, &today);
		first = (long)tz_days_from_civil(today.year, today.month,
		    today.day);
		/* the deadline read as the day asked: no day was */
		if (strcmp(c->date, r.val[NLU_F_DATE]) == 0 &&
		    c->until[0] == '\0')
			c->date[0] = '\0';
		/* "le mardi avant Noël": one day asked stays that day */
		else if (c->date[0] != '\0' && c->until[0] == '\0')
			return 0;
		if (nlu_parse_ymd(c->date, &y, &m, &d) == 0)
			first = (long)tz_days_from_civil(y, m, d);
		if (last < first)
			return 0;
		tz_civil_from_days(first, &y, &m, &d);
		snprintf(d0, sizeof(d0), "%04d-%02d-%02d", y, m, d);
		tz_civil_from_days(last, &y, &m, &d);
		snprintf(d1, sizeof(d1), "%04d-%02d-%02d", y, m, d);
		if (c->until[0] != '\0' && strcmp(c->until, d1) < 0)
			return 0;	/* the span asked ends sooner */
		return set_field(c->date, sizeof(c->date), d0) |
		    set_field(c->until, sizeof(c->until), d1);
	}
	return 0;
}

int
eng_merge(struct eng *e)
{
	struct eng_ctx	*c = &e->c;
	const struct nlu_result *n = &e->nlu;
	int		 ch = 0, k;

	if (eng_has(e, NLU_F_APPOINTMENT_TYPE))
		ch |= set_field(c->tr, sizeof(c->tr),
		    n->val[NLU_F_APPOINTMENT_TYPE]);
	ch |= avoid_prac(e);
	ch |= same_prac(e);
	if (eng_has(e, NLU_F_PRACTITIONER)) {
		ch |= set_field(c->pr, sizeof(c->pr),
		    n->val[NLU_F_PRACTITIONER]);
		/* named again: no longer ruled out */
		if (strcmp(c->notpr, c->pr) == 0)
			ch |= set_field(c->notpr, sizeof(c->notpr), "");
	} else if (c->pr[0] != '\0' && engine_parse_anyone(e->text, e->len))
		ch |= set_field(c->pr, sizeof(c->pr), "");
	avoided_date(e);
	next_day_said(e);
	day_in_week_said(e);
	if (eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_DATE_RANGE)) {
		/* one particular day wins over a span */
		if (eng_has(e, NLU_F_DATE)) {
			ch |= set_field(c->date, sizeof(c->date),
			    n->val[NLU_F_DATE]);
			ch |= set_field(c->until, sizeof(c->until), "");
		} else
			ch |= merge_range(c, n->val[NLU_F_DATE_RANGE]);
		c->wdays = 0;
		if (eng_has(e, NLU_F_DATE))
			ch |= either_day(e);
		/* another day drops the exact time ("same time" keeps it)
		 * but keeps the part of the day, as it keeps a window:
		 * "Thursday afternoon?", then "Friday would be better" */
		if (!eng_has(e, NLU_F_TIME))
			ch |= set_field(c->time, sizeof(c->time), "");
	} else
		ch |= any_weekday(e);
	ch |= avoid_weekdays(e);
	if ((k = away_until(e)) >= 0)
		ch |= k;
	else
		ch |= deadline(e);
	if (eng_has(e, NLU_F_TIME)) {
		ch |= set_field(c->time, sizeof(c->time), n->val[NLU_F_TIME]);
		ch |= set_field(c->pref, sizeof(c->pref), "");
		ch |= set_flag(&c->around, n->time_approx != 0);
		c->same = 0;
	} else if (eng_has(e, NLU_F_TIME_PREFERENCE)) {
		ch |= set_field(c->pref, sizeof(c->pref),
		    n->val[NLU_F_TIME_PREFERENCE]);
		ch |= set_field(c->time, sizeof(c->time), "");
		c->around = 0;
		c->same = 0;
	} else if (n->same_time)
		ch |= set_flag(&c->same, 1);
	ch |= eng_merge_window(e);
	return apply_same(e) | ch;
}

/* "Consultation, Détartrage, ..." into out. */
void
eng_treat_list(const struct eng *e, struct buf *out)
{
	size_t	 i;

	for (i = 0; i < booking_ntreats(e->b); i++) {
		if (i > 0)
			(void)buf_adds(out, ", ");
		(void)buf_adds(out, eng_fix_treat_name(e, i));
	}
}

/*
 * Asking what a request is for keeps what was understood: the day and
 * the practitioner already given are said back ("Day asked: Thursday 1
 * April, with Dr Sophie Bernard"), without the time (which is not
 * checked yet, so never shown as an offer).
 */
static void
say_kept_day(struct eng *e)
{
	struct replies_var	 v[2];
	char			 date[64], time[16];
	const char		*pr = NULL;
	int			 y, m, d, pi, day = 1;
	int64_t			 t;

	if (e->c.pr[0] != '\0' && (pi = booking_find_prac(e->b, e->c.pr)) >= 0)
		pr = booking_prac_name(e->b, (size_t)pi);
	if (e->c.date[0] == '\0' || e->c.until[0] != '\0' ||
	    nlu_parse_ymd(e->c.date, &y, &m, &d) != 0 ||
	    tz_from_local(booking_tz(e->b), y, m, d, 12, 0, &t) >=
	    TZ_LOCAL_GAP)
		day = 0;
	if (!day && pr == NULL)
		return;
	v[1] = (struct replies_var){ "practitioner", pr != NULL ? pr : "" };
	/* "demain" on Christmas Eve: the closure is said now, not after
	 * the treatment is given */
	if (day && eng_info_closed(e))
		day = 0;
	if (!day && pr == NULL)
		return;
	if (!day) {
		eng_say(e, "kept_prac", v + 1, 1);
		return;
	}
	eng_when(e, t, date, sizeof(date), time, sizeof(time));
	v[0] = (struct replies_var){ "date", date };
	eng_say(e, pr != NULL ? "kept_day_prac" : "kept_day", v, 2);
}

/* Words of a treatment's name or alias that make it the visit for a
 * pain: an emergency consultation first, else a consultation. */
static const char *const pain_visit_words[2][6] = {
	{ "urgence", "urgences", "urgent", "emergency", "emergencies", NULL },
	{ "consultation", "consult", "visite", "visit", "examen", NULL },
};

/* 1 when the folded name s has a word of the NULL-terminated list w. */
static int
has_any_word(const char *s, const char *const *w)
{
	for (; *w != NULL; w++)
		if (engine_has_word(s, *w))
			return 1;
	return 0;
}

/*
 * The clinic's treatment for a pain or a symptom without an emergency
 * sign: the first whose name or one of its aliases says an emergency
 * visit, else a consultation.  Its index, or -1 when it has neither.
 */
static int
pain_treat(const struct eng *e)
{
	/* "rien d'urgent, une petite douleur au froid": a consultation */
	static const char *const mild[] = { "pas urgent", "rien d urgent",
	    "pas d urgence", "pas presse", "pas pressee", "petite douleur",
	    "legere douleur", "un peu mal", "un peu sensible", "sensible",
	    "sensibilite", "not urgent", "nothing urgent", "no rush",
	    "not an emergency", "no emergency", "slight pain", "a bit sore",
	    "bit sensitive", "sensitive", "sensitivity", "mild",
	    "ne fait pas mal", "fait pas mal", "pas de douleur", "sans douleur",
	    "doesn t hurt", "does not hurt", "no pain", "not painful",
	    "isn t painful", NULL };
	const struct nlu_alias	*a;
	char			 s[256], m[1024];
	size_t			 na, i, k;
	int			 pass;

	a = booking_treat_aliases(e->b, &na);
	(void)engine_norm(e->text, e->len, m, sizeof(m));
	for (pass = engine_has_any(m, mild) ? 1 : 0; pass < 2; pass++) {
		for (i = 0; i < booking_ntreats(e->b); i++) {
			(void)engine_norm(booking_treat_name(e->b, i),
			    strlen(booking_treat_name(e->b, i)), s,
			    sizeof(s));
			if (has_any_word(s, pain_visit_words[pass]))
				return (int)i;
		}
		for (k = 0; a != NULL && k < na; k++) {
			(void)engine_norm(a[k].text, strlen(a[k].text), s,
			    sizeof(s));
			if (a[k].treatment < booking_ntreats(e->b) &&
			    has_any_word(s, pain_visit_words[pass]))
				return (int)a[k].treatment;
		}
	}
	return -1;
}

/*
 * "ma couronne s'est décollée", "I lost a filling", "my brace wire
 * broke": something of the mouth broken, lost or come off, which the
 * clinic's visit for a problem is for (a consultation when it does not
 * hurt, see pain_treat).
 */
static int
dental_mishap(const struct eng *e)
{
	static const char *const things[] = { "couronne", "plombage",
	    "dent", "dents", "bridge", "appareil", "dentier", "prothese",
	    "implant", "facette", "bague", "bagues", "crown", "filling",
	    "tooth", "teeth", "bracket", "brace", "braces", "denture",
	    "dentures", "veneer", "cap", "retainer", "wire", NULL };
	static const char *const what[] = { "decolle", "decollee",
	    "tombe", "tombee", "casse", "cassee", "perdu", "perdue",
	    "ebreche", "ebrechee", "fissure", "fissuree", "bouge", "fendu",
	    "fendue", "came off", "come off", "fell out", "fallen out",
	    "falling out", "broke", "broken", "lost", "chipped", "cracked",
	    "loose", "snapped", NULL };
	char	 s[1024];

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, things) && engine_has_any(s, what);
}

/* "elle me gêne pour manger", "it's been aching on and off": a
 * discomfort told, milder than the symptoms the NLU knows. */
static int
discomfort_said(const struct eng *e)
{
	static const char *const w[] = { "gene", "genant", "genante",
	    "sensible", "sensibilite", "douleur", "douleurs", "mal",
	    "lance", "elance", "elancement", "elancements", "bother",
	    "bothers", "bothering", "hurt", "hurts", "hurting", "ache",
	    "aches", "aching", "achy", "sore", "sensitive", "tender",
	    "throbbing", "pain", "painful", NULL };
	char	 s[1024];

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, w);
}

/*
 * A request that names no treatment but a pain or a symptom ("j'ai mal
 * aux dents depuis hier"; an emergency never comes here): the clinic's
 * visit for it is taken as the treatment and said first, so that the
 * patient is not asked the bare treatment question.  The recap names
 * it, and another treatment can still be asked for there.  1 when so.
 */
static int
pain_visit(struct eng *e)
{
	struct replies_var	 v[1];
	int			 t, pain;

	if (e->c.tr[0] != '\0' || e->text == NULL)
		return 0;
	pain = nlu_symptom_present(e->text, e->len) || dental_mishap(e);
	if ((!pain && !e->nlu.urgent) || (t = pain_treat(e)) < 0)
		return 0;
	(void)set_field(e->c.tr, sizeof(e->c.tr),
	    booking_treat_name(e->b, (size_t)t));
	v[0] = (struct replies_var){ "treatment", e->c.tr };
	eng_say(e, pain ? "pain_visit" : "urgent_visit", v, 1);
	return 1;
}

/* The treatment question alone, as template key says it. */
static void
ask_treatment_as(struct eng *e, const char *key)
{
	struct buf		 l;
	struct replies_var	 v[1];

	buf_init(&l, 2048);
	eng_treat_list(e, &l);
	v[0] = (struct replies_var){ "treatments", buf_str(&l) };
	eng_say(e, key, v, 1);
	eng_set_state(e, "ask_treatment");
	buf_free(&l);
}

static void
ask_treatment_only(struct eng *e)
{
	ask_treatment_as(e, "ask_treatment");
}

/* The treatment question and the day or practitioner already kept. */
static void
ask_treatment(struct eng *e)
{
	ask_treatment_only(e);
	say_kept_day(e);
}

/*
 * Right after a booking (within half an hour), "also one for my
 * daughter", "la même chose pour mon fils", "could my son come in
 * too?" without a treatment: the treatment and practitioner of the
 * appointment just booked (done) are taken for the new request.
 */
static void
same_as_done(struct eng *e)
{
	const struct eng_prop	*done = &e->done_was;
	static const char *const same[] = { "one for", "one too",
	    "another one", "also one", "same for", "same thing", "the same",
	    "un pour", "une pour", "un aussi", "une aussi", "un autre",
	    "la meme chose", "pareil", "idem", "meme chose", NULL };
	static const char *const more[] = { "also", "too", "another",
	    "aussi", "autre", "egalement", "pareil", "idem", "meme", "same",
	    NULL };
	char	 s[1024];
	int	 i, t, other;

	if (done->start == 0 || e->now - e->t_was > 30 * 60 ||
	    eng_has(e, NLU_F_APPOINTMENT_TYPE) || e->c.tr[0] != '\0')
		return;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	other = engine_parse_someone_else(e->text, e->len);
	/* "the same for my son", "another one", "could my son come too" */
	if (!(engine_has_any(s, same) && (other || engine_has_any(s, more)))
	    && !(other && engine_has_any(s, more)))
		return;
	for (i = 0; i < e->nappts; i++) {
		const struct eng_appt *a = &e->appts[i];

		if (a->start != done->start || strcmp(a->prac, done->prac) != 0 ||
		    (t = booking_find_treat(e->b, a->treat[0] != '\0' ?
		    a->treat : a->tname)) < 0)
			continue;
		snprintf(e->c.tr, sizeof(e->c.tr), "%s",
		    booking_treat_name(e->b, (size_t)t));
		if (e->c.pr[0] == '\0' &&
		    (t = booking_find_prac(e->b, a->prac)) >= 0)
			snprintf(e->c.pr, sizeof(e->c.pr), "%s",
			    booking_prac_name(e->b, (size_t)t));
		return;
	}
}

void
eng_book_start(struct eng *e)
{
	eng_reset(e);
	if (eng_noshow_handoff(e))
		return;
	/* "ouverts demain ? c'est pour un contrôle", then "vendredi 9h" */
	memcpy(e->c.tr, e->day_tr, sizeof(e->c.tr));
	memcpy(e->c.pr, e->day_pr, sizeof(e->c.pr));
	snprintf(e->c.flow, sizeof(e->c.flow), "book");
	/* "for my father": remembered while the flow asks what it needs */
	e->c.other = engine_parse_someone_else(e->text, e->len);
	(void)eng_merge(e);
	same_as_done(e);
	(void)pain_visit(e);
	eng_book_next(e);
}

void
eng_on_ask_treatment(struct eng *e)
{
	int	 ch = eng_merge(e);

	if (booking_find_treat(e->b, e->c.tr) < 0 && !pain_visit(e)) {
		/* "anything after 5?": the time is kept and said back, the
		 * treatment asked again, and it is not a failure */
		if (ch) {
			e->c.fails = 0;
			eng_say_noted_line(e);
			ask_treatment_only(e);
		} else if (!eng_fail(e)) {
			/* asked again in other words, with what was kept */
			ask_treatment_as(e, "ask_treatment_again");
			say_kept_day(e);
		}
		return;
	}
	e->c.fails = 0;
	eng_book_next(e);
}

/* Local date of t as slots_date. */
static struct slots_date
local_date(const struct eng *e, int64_t t)
{
	struct tz_local		 l;
	struct slots_date	 d;

	tz_to_local(booking_tz(e->b), t, &l);
	d.y = l.year;
	d.m = l.month;
	d.d = l.day;
	return d;
}

/* d plus n days. */
static struct slots_date
add_days(struct slots_date d, int n)
{
	struct slots_date	 r;

	tz_civil_from_days(tz_days_from_civil(d.y, d.m, d.d) + n, &r.y, &r.m,
	    &r.d);
	return r;
}

/* 1 when a practitioner other than p offers treatment t. */
static int
someone_else_offers(const struct eng *e, int p, int t)
{
	size_t	 i;

	if (t < 0)
		return 0;
	for (i = 0; i < booking_npracs(e->b); i++)
		if ((int)i != p && booking_prac_offers(e->b, i, (size_t)t))
			return 1;
	return 0;
}

/* The proposal request from the context. */
static void
make_req(const struct eng *e, int prac, int treat, struct booking_req *rq)
{
	int	 y, m, d;

	memset(rq, 0, sizeof(*rq));
	rq->prac = prac;
	rq->treat = treat;
	rq->time = -1;
	rq->extend = BOOK_SPAN;
	if (e->c.notpr[0] != '\0' && strcmp(e->c.notpr, "*") != 0)
		rq->avoid = booking_find_prac(e->b, e->c.notpr) + 1;
	if (rq->avoid > 0 && !someone_else_offers(e, rq->avoid - 1, treat))
		rq->avoid = 0;
	if (nlu_parse_ymd(e->c.date, &y, &m, &d) == 0) {
		rq->first.y = y;
		rq->first.m = m;
		rq->first.d = d;
		rq->last = rq->first;
		if (nlu_parse_ymd(e->c.until, &y, &m, &d) == 0) {
			rq->last.y = y;
			rq->last.m = m;
			rq->last.d = d;
		}
	} else {
		rq->first = local_date(e, e->now);
		rq->last = add_days(rq->first, BOOK_SPAN - 1);
	}
	if (strlen(e->c.time) == 5)
		rq->time = ((e->c.time[0] - '0') * 10 + e->c.time[1] - '0') *
		    60 + (e->c.time[3] - '0') * 10 + e->c.time[4] - '0';
	else if (strcmp(e->c.pref, "MORNING") == 0)
		rq->pref = SLOTS_PREF_MORNING;
	else if (strcmp(e->c.pref, "AFTERNOON") == 0)
		rq->pref = SLOTS_PREF_AFTERNOON;
	else if (strcmp(e->c.pref, "EVENING") == 0)
		rq->pref = SLOTS_PREF_EVENING;
}

/* The proposal's practitioner index (-1 when gone). */
static int
prop_prac(const struct eng *e, int i)
{
	return booking_find_prac(e->b, e->c.props[i].prac);
}

/* Say the recap of the picked proposal and wait for yes. */
/* 1 when the treatment asked (c.tr) is not appointment a's own. */
static int
treat_changed(const struct eng *e, const struct eng_appt *a)
{
	int	 t = booking_find_treat(e->b, a->treat);

	if (t < 0)
		t = booking_find_treat(e->b, a->tname);
	return t >= 0 && t != booking_find_treat(e->b, e->c.tr);
}

/* The name patients read of appointment a's treatment. */
static const char *
old_treat_name(const struct eng *e, const struct eng_appt *a)
{
	int	 t = booking_find_treat(e->b, a->treat);

	if (t < 0)
		t = booking_find_treat(e->b, a->tname);
	return t >= 0 ? eng_fix_treat_name(e, (size_t)t) : a->tname;
}

static void
say_confirm(struct eng *e)
{
	struct eng_prop		*p = &e->c.props[e->c.pick];
	struct replies_var	 v[6];
	struct eng_appt		 a;
	char			 date[64], time[16], who[2 * ENG_NAME + 2];
	char			 od[64], ot[16], old[96];
	int			 pi = prop_prac(e, e->c.pick);

	eng_when(e, p->start, date, sizeof(date), time, sizeof(time));
	v[0] = (struct replies_var){ "treatment", e->c.tr };
	v[1] = (struct replies_var){ "practitioner", pi >= 0 ?
	    booking_prac_name(e->b, pi) : "" };
	v[2] = (struct replies_var){ "date", date };
	v[3] = (struct replies_var){ "time", time };
	eng_set_state(e, "confirm");
	if (strcmp(e->c.flow, "move") == 0) {
		old[0] = '\0';
		if (eng_load_appts(e, e->c.appt, &a, 1) == 1) {
			eng_when(e, a.start, od, sizeof(od), ot, sizeof(ot));
			snprintf(old, sizeof(old), "%s %s %s", od,
			    e->lang == REPLIES_EN ? "at" : "à", ot);
			/* "a cleaning instead, same time": the treatment
			 * changes, not the time */
			if (a.start == p->start && treat_changed(e, &a)) {
				v[4] = (struct replies_var){ "oldtreat",
				    old_treat_name(e, &a) };
				eng_say(e, "confirm_treat_change", v, 5);
				return;
			}
		}
		v[4] = (struct replies_var){ "old", old };
		eng_say(e, "confirm_move", v, 5);
		return;
	}
	eng_patient_name(e, e->c.pid, who, sizeof(who));
	v[4] = (struct replies_var){ "patient", who };
	eng_plan_same_day(e, p->start);
	eng_say(e, "confirm_book", v, 5);
}

/* The numbered list of the proposals into l. */
static void
prop_list(struct eng *e, struct buf *l)
{
	struct replies_var	 v[4];
	char			 n[16], date[64], time[16];
	int			 i, pi;

	for (i = 0; i < e->c.nprops; i++) {
		pi = prop_prac(e, i);
		snprintf(n, sizeof(n), "%d", i + 1);
		eng_when(e, e->c.props[i].start, date, sizeof(date), time,
		    sizeof(time));
		v[0] = (struct replies_var){ "n", n };
		v[1] = (struct replies_var){ "date", date };
		v[2] = (struct replies_var){ "time", time };
		v[3] = (struct replies_var){ "practitioner", pi >= 0 ?
		    booking_prac_name(e->b, pi) : "" };
		if (i > 0)
			(void)buf_addc(l, '\n');
		(void)replies_say(l, "slot_line", e->lang, v, 4);
	}
}

/* A free time, placed in the clinic's local days. */
struct cand {
	struct booking_prop	 p;
	long			 day;	/* local days since 1970 */
	int			 min;	/* local start, minutes */
	int			 wday;	/* 0 = Monday */
	int			 key;	/* rank within its day, lower first */
};

/* What the patient asked for, as a window over the day's minutes. */
struct wish {
	int	 lo, hi;	/* start in [lo, hi); lo -1: the last times */
	int	 at;		/* rank by distance to at, or -1 */
	int	 latest;	/* rank the latest first */
	int	 gap;		/* minutes between two picks of one day */
	int	 range;		/* spread the picks over the days */
};

/*
 * Does the context ask for something booking_propose alone does not
 * rank the way the patient means: a span of days, a part of the day,
 * or a time given roughly?  Fills w when so (1), else 0.
 */
static int
wish_of(const struct eng *e, struct wish *w)
{
	const struct eng_ctx *c = &e->c;

	memset(w, 0, sizeof(*w));
	w->at = -1;
	w->hi = 24 * 60;
	w->gap = 60;
	w->range = c->until[0] != '\0';
	if (c->whi > c->wlo) {
		/* "after 5pm", "at lunchtime": that window, earliest first;
		 * "late morning": the part of the day's last times, the
		 * nearest to its end first, as "end of the day" */
		w->lo = c->wlo;
		w->hi = c->whi;
		if (c->wlate) {
			w->latest = 1;
			w->gap = 30;
		}
	} else if (strlen(c->time) == 5) {
		w->at = ((c->time[0] - '0') * 10 + c->time[1] - '0') * 60 +
		    (c->time[3] - '0') * 10 + c->time[4] - '0';
		if (c->around) {
			/* "vers 11h": 10:00 to 12:00, the nearest first */
			w->lo = w->at - 60;
			w->hi = w->at + 61;
			w->gap = 30;
		} else if (w->range) {
			/* "la semaine prochaine à 14h": that time, each day */
			w->lo = w->at;
			w->hi = w->at + 1;
		} else
			return 0;
	} else if (strcmp(c->pref, "MORNING") == 0)
		w->hi = NOON;
	else if (strcmp(c->pref, "AFTERNOON") == 0) {
		w->lo = AFTERNOON;
		w->hi = EVENING_END;
	} else if (strcmp(c->pref, "EVENING") == 0) {
		w->lo = -1;
		w->latest = 1;
		w->gap = 30;
	} else if (!w->range)
		return 0;
	return 1;
}

/* When weekday wd closes, in minutes (0 when it does not open). */
static int
day_close(const struct eng *e, int wd)
{
	const struct slots_week	*o = booking_open(e->b);
	size_t			 i;
	int			 close = 0;

	for (i = 0; o != NULL && i < o->n[wd]; i++)
		if (o->r[wd][i].end > close)
			close = o->r[wd][i].end;
	return close;
}

/* When weekday wd's last opening hours begin (for "fin de journée"). */
static int
last_times(const struct eng *e, int wd)
{
	int	 close = day_close(e, wd);

	return close - LAST_TIMES < EVENING_MAX ? close - LAST_TIMES :
	    EVENING_MAX;
}

/*
 * 1 when candidate k is in the wished window; sets its rank key.  "The
 * end of the day" over a span of days means the end of a full day: a
 * day closing by the afternoon (a Saturday morning) has none.
 */
static int
wish_match(const struct eng *e, const struct wish *w, struct cand *k)
{
	int	 lo = w->lo < 0 ? last_times(e, k->wday) : w->lo;

	if (w->lo < 0 && w->range && day_close(e, k->wday) <= AFTERNOON)
		return 0;
	if (k->min < lo || k->min >= w->hi)
		return 0;
	if (w->at >= 0)
		k->key = 2 * abs(k->min - w->at) + (k->min > w->at);
	else
		k->key = w->latest ? 24 * 60 - k->min : k->min;
	return 1;
}

/* Rank order: day, key, start, practitioner. */
static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->p.start != y->p.start)
		return x->p.start < y->p.start ? -1 : 1;
	return x->p.prac < y->p.prac ? -1 : x->p.prac > y->p.prac;
}

/* Minutes between two start times tried (every granularity divides it). */
#define BOOK_STEP	5

/*
 * Add to c (n so far, at most BOOK_CANDS) the free starts of day y-m-d,
 * for practitioner rq->prac or everyone offering the treatment, that are
 * in the wished window, tried every BOOK_STEP minutes of the opening
 * hours against the snapshot's free/busy time.
 */
static void
day_cands(struct eng *e, const struct booking_req *rq,
    const struct wish *w, struct slots_date d, struct cand *c, size_t *n)
{
	const struct slots_week	*o = booking_open(e->b);
	struct cand		 k;
	size_t			 r, np = booking_npracs(e->b), i;
	int64_t			 utc;
	int			 wd = nlu_weekday(d.y, d.m, d.d), m;

	memset(&k, 0, sizeof(k));
	k.day = (long)tz_days_from_civil(d.y, d.m, d.d);
	k.wday = wd;
	for (r = 0; o != NULL && r < o->n[wd]; r++)
		for (m = o->r[wd][r].start; m < o->r[wd][r].end;
		    m += BOOK_STEP) {
			k.min = m;
			if (!wish_match(e, w, &k) || tz_from_local(
			    booking_tz(e->b), d.y, d.m, d.d, m / 60, m % 60,
			    &utc) != TZ_LOCAL_UNIQUE)
				continue;
			for (i = 0; i < np && *n < BOOK_CANDS; i++) {
				if (rq->prac >= 0 ? (int)i != rq->prac :
				    !booking_prac_offers(e->b, i,
				    (size_t)rq->treat) ||
				    (int)i + 1 == rq->avoid)
					continue;
				if (!booking_slot_free(e->b, (int)i,
				    rq->treat, utc))
					continue;
				k.p.prac = (int)i;
				k.p.start = utc;
				c[(*n)++] = k;
			}
		}
}

/*
 * The free times of rq's days (from first to last) in the wished window,
 * ranked, into c (BOOK_CANDS); their count in *n. A pure look at the
 * snapshot (needs the busy time).
 */
static void
wish_cands(struct eng *e, const struct booking_req *rq,
    const struct wish *w, struct cand *c, size_t *n)
{
	struct slots_date	 d = rq->first;
	int			 k;

	*n = 0;
	for (k = 0; k < 92 && tz_days_from_civil(d.y, d.m, d.d) <=
	    tz_days_from_civil(rq->last.y, rq->last.m, rq->last.d); k++) {
		if (!not_either_day(&e->c, d.y, d.m, d.d))
			day_cands(e, rq, w, d, c, n);
		d = add_days(d, 1);
	}
	if (*n > 1)
		qsort(c, *n, sizeof(*c), cand_cmp);
}

/* 1 when k is gap minutes or more from every pick of its day. */
static int
apart(const struct cand *k, const struct cand *const *pk, size_t n,
    int gap)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (pk[i] == k || (pk[i]->day == k->day &&
		    abs(pk[i]->min - k->min) < gap))
			return 0;
	return 1;
}

/* Picks in date order (for a range). */
static int
pick_cmp(const void *a, const void *b)
{
	const struct cand *const *x = a, *const *y = b;

	return (*x)->p.start < (*y)->p.start ? -1 :
	    (*x)->p.start > (*y)->p.start;
}

/* 1 when k's day is another weekday than every pick's, and no pick's. */
static int
new_wday(const struct cand *k, const struct cand *const *pk, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (pk[i]->wday == k->wday || pk[i]->day == k->day)
			return 0;
	return 1;
}

/*
 * Pick up to max of the ranked candidates c[0..n): over a range, the
 * best time of days spread from its first to its last; otherwise the
 * best times, gap minutes apart on one day. Into out, in rank order;
 * returns their count.
 */
static size_t
wish_pick(const struct wish *w, const struct cand *c, size_t n,
    struct booking_prop *out, size_t max)
{
	const struct cand	*pk[ENG_PROPS];
	size_t			 days[BOOK_CANDS], nd = 0, np = 0, i, k;
	int			 pass;

	if (max > ENG_PROPS)
		max = ENG_PROPS;
	for (i = 0; i < n; i++)
		if (i == 0 || c[i].day != c[i - 1].day)
			days[nd++] = i;
	if (w->range && nd > 1) {
		for (k = 0; k < max && k < nd; k++) {
			size_t	 at = nd <= max || max < 2 ? k :
			    k * (nd - 1) / (max - 1), j;

			/* "in January": not three Saturdays because the
			 * month's first, middle and last open days are; the
			 * nearest day of another weekday than those picked */
			for (j = 0; j < nd && np > 0; j++) {
				if (at + j < nd && new_wday(&c[days[at + j]],
				    pk, np)) {
					at += j;
					break;
				}
				if (j <= at && new_wday(&c[days[at - j]],
				    pk, np)) {
					at -= j;
					break;
				}
			}
			pk[np++] = &c[days[at]];
		}
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n && np < max; i++)
			if (apart(&c[i], pk, np, pass == 0 ? w->gap : 0))
				pk[np++] = &c[i];
	if (w->range && np > 1)
		qsort(pk, np, sizeof(pk[0]), pick_cmp);
	for (i = 0; i < np; i++)
		out[i] = pk[i]->p;
	return np;
}

/*
 * Proposals for the patient's wish w (see wish_of) into out: on the
 * asked days, else in the BOOK_SPAN days after them (*met = 0), else
 * whatever booking_propose finds nearest. Returns a booking_err.
 */
static enum booking_err
propose_wish(struct eng *e, const struct booking_req *rq,
    const struct wish *w, struct booking_prop *out, size_t max,
    size_t *n, int *met)
{
	struct booking_req	 later = *rq;
	struct cand		*c;
	size_t			 nc = 0;

	*n = 0;
	*met = 1;
	if ((c = calloc(BOOK_CANDS, sizeof(*c))) == NULL)
		return BOOKING_NOMEM;
	wish_cands(e, rq, w, c, &nc);
	if (nc == 0) {
		*met = 0;
		later.first = add_days(rq->last, 1);
		later.last = add_days(rq->last, BOOK_SPAN);
		wish_cands(e, &later, w, c, &nc);
	}
	if (nc > 0)
		*n = wish_pick(w, c, nc, out, max);
	free(c);
	if (nc > 0)
		return BOOKING_OK;
	return booking_propose(e->b, rq, out, max, n);
}

/*
 * Look for free slots matching the context and offer them: straight to
 * the recap when the exact time asked is free, else a numbered list.
 * taken: the last pick was just lost to someone else.
 */
/*
 * One patient, one place at a time: the time the flow's patient already
 * holds (any practitioner, buffers included; not the appointment being
 * moved) is busy for every practitioner in what is proposed to them.
 */
static void
own_time_busy(struct eng *e)
{
	const char	*pid = e->c.pid;
	int		 i;

	/* A move is for the moved appointment's patient. */
	if (pid[0] == '\0' && strcmp(e->c.flow, "move") == 0)
		for (i = 0; i < e->nappts; i++)
			if (strcmp(e->appts[i].id, e->c.appt) == 0)
				pid = e->appts[i].patient;
	if (pid[0] == '\0')
		return;
	for (i = 0; i < e->nappts; i++)
		if (strcmp(e->appts[i].patient, pid) == 0 &&
		    strcmp(e->appts[i].id, e->c.appt) != 0 &&
		    e->appts[i].until > e->appts[i].start)
			(void)booking_add_busy_all(e->b, e->appts[i].start,
			    e->appts[i].until);
}

/*
 * The booking this very turn makes (the first of two people in one
 * message) is not in the snapshot's busy time yet: a time of the same
 * practitioner that overlaps it is dropped from what is proposed next.
 */
static void
drop_act_overlap(const struct eng *e, int t, struct booking_prop *pr,
    size_t *n)
{
	const struct eng_act	*a = &e->act;
	int64_t			 aend, end;
	size_t			 i, k = 0;
	int			 am, m;

	if ((a->kind != ENG_W_BOOK && a->kind != ENG_W_MOVE) ||
	    (am = booking_treat_blocks(e->b, (size_t)a->treat)) <= 0 ||
	    (m = booking_treat_blocks(e->b, (size_t)t)) <= 0)
		return;
	aend = a->start + (int64_t)am * 60;
	for (i = 0; i < *n; i++) {
		end = pr[i].start + (int64_t)m * 60;
		if (pr[i].prac == a->prac && pr[i].start < aend &&
		    a->start < end)
			continue;
		pr[k++] = pr[i];
	}
	*n = k;
}

/*
 * A correction at the recap with a rough time ("plutôt vers 11h" while
 * the recap is shown) whose very time is free on the day asked: a new
 * recap of it, as for any correction, rather than a list to pick from.
 */
static int
recap_rough_free(const struct eng *e, const struct booking_prop *pr,
    size_t n)
{
	struct tz_local	 l;
	char		 hm[8], day[16];

	if (n == 0 || !e->c.around || strcmp(e->c.state, "confirm") != 0 ||
	    e->c.date[0] == '\0' || strlen(e->c.time) != 5)
		return 0;
	tz_to_local(booking_tz(e->b), pr[0].start, &l);
	snprintf(hm, sizeof(hm), "%02d:%02d", l.hour, l.min);
	snprintf(day, sizeof(day), "%04d-%02d-%02d", l.year, l.month, l.day);
	return strcmp(hm, e->c.time) == 0 && strcmp(day, e->c.date) == 0;
}

/*
 * After the recap of a rough time's very time, the other free times
 * found around it that day, so that "plutôt 11h30" needs no list.
 */
static void
say_near(struct eng *e, const struct booking_prop *pr, size_t n)
{
	struct replies_var	 v;
	struct tz_local		 l0, l;
	struct buf		 t;
	size_t			 i, k = 0;

	tz_to_local(booking_tz(e->b), pr[0].start, &l0);
	buf_init(&t, 64);
	for (i = 1; i < n && k < 3; i++) {
		tz_to_local(booking_tz(e->b), pr[i].start, &l);
		if (l.year != l0.year || l.month != l0.month ||
		    l.day != l0.day || pr[i].prac != pr[0].prac)
			continue;
		(void)buf_printf(&t, "%s%02d:%02d", k > 0 ? ", " : "",
		    l.hour, l.min);
		k++;
	}
	if (k > 0) {
		v = (struct replies_var){ "list", buf_str(&t) };
		eng_say(e, "confirm_near", &v, 1);
	}
	buf_free(&t);
}

/*
 * "after 4pm" kept from an earlier message, and then "and Saturday?"
 * when Saturday closes at 12:00: the day closes before the window
 * begins.  That is said, and the window is left out of this day's
 * proposals (w keeps it for the caller to put back: the next day asked
 * has it again).  1 when so, else 0.
 */
static int
closes_before(struct eng *e, struct eng_ctx *w)
{
	struct eng_ctx		*c = &e->c;
	struct slots_clinic	 sc;
	struct replies_var	 v[3];
	const char		*wd, *mo;
	char			 day[64], at[16], from[16];
	int			 y, m, d, k, end = 0;
	size_t			 i;

	if (c->whi <= c->wlo || c->wlo <= 0 || c->until[0] != '\0' ||
	    nlu_parse_ymd(c->date, &y, &m, &d) != 0)
		return 0;
	k = nlu_weekday(y, m, d);
	booking_slots(e->b, &sc);
	for (i = 0; k >= 0 && k < 7 && i < sc.open.n[k]; i++)
		if (sc.open.r[k][i].end > end)
			end = sc.open.r[k][i].end;
	/* closed that day (said elsewhere), or open within the window */
	if (end == 0 || end > c->wlo)
		return 0;
	wd = replies_weekday(e->lang, k);
	mo = replies_month(e->lang, m);
	snprintf(day, sizeof(day), "%s %d %s", wd != NULL ? wd : "", d,
	    mo != NULL ? mo : "");
	snprintf(at, sizeof(at), "%02d:%02d", end / 60, end % 60);
	snprintf(from, sizeof(from), "%02d:%02d", c->wlo / 60 % 24,
	    c->wlo % 60);
	v[0] = (struct replies_var){ "date", day };
	v[1] = (struct replies_var){ "time", at };
	v[2] = (struct replies_var){ "from", from };
	eng_say(e, "closes_before", v, 3);
	*w = *c;
	c->wlo = c->whi = c->wlate = 0;
	return 1;
}

static int	move_kept(struct eng *);

/*
 * A move never offers the appointment's own time (with its own
 * practitioner) as where it could go: that time is dropped from pr.
 * Returns 1 when it was the first, the time asked for.
 */
static int
drop_own_slot(struct eng *e, struct booking_prop *pr, size_t *n)
{
	struct eng_appt	 a;
	size_t		 i, k = 0;
	int		 first = 0, p, t;

	if (strcmp(e->c.flow, "move") != 0 || e->c.appt[0] == '\0' ||
	    *n == 0 || eng_load_appts(e, e->c.appt, &a, 1) != 1)
		return 0;
	/* "swap my whitening for a cleaning, same time": the same time
	 * with another treatment is a change */
	if ((t = booking_find_treat(e->b, a.treat)) < 0)
		t = booking_find_treat(e->b, a.tname);
	if (t >= 0 && e->c.tr[0] != '\0' &&
	    strcmp(booking_treat_name(e->b, (size_t)t), e->c.tr) != 0)
		return 0;
	p = booking_find_prac(e->b, a.prac);
	for (i = 0; i < *n; i++) {
		if (pr[i].start == a.start && pr[i].prac == p) {
			if (i == 0)
				first = 1;
			continue;
		}
		pr[k++] = pr[i];
	}
	*n = k;
	return first;
}

static void
propose(struct eng *e, int taken)
{
	struct booking_req	 rq;
	struct booking_prop	 pr[ENG_PROPS];
	struct replies_var	 v[3];
	struct buf		 l;
	struct wish		 w;
	struct eng_ctx		 kept;
	size_t			 n = 0, i;
	int			 t, p = -1, met, why, early;
	enum booking_err	 er;

	t = booking_find_treat(e->b, e->c.tr);
	avoid_current(e, e->c.pr[0] != '\0' ? e->c.pr : NULL);
	if (e->c.pr[0] != '\0')
		p = booking_find_prac(e->b, e->c.pr);
	v[0] = (struct replies_var){ "treatment", e->c.tr };
	v[1] = (struct replies_var){ "practitioner", e->c.pr };
	if (p >= 0 && !booking_prac_offers(e->b, p, t)) {
		eng_say(e, "not_offered", v, 2);
		e->c.pr[0] = '\0';
		p = -1;
	}
	if (!eng_have_busy(e, strcmp(e->c.flow, "move") == 0 ?
	    e->c.appt : NULL))
		return;
	own_time_busy(e);
	memset(&kept, 0, sizeof(kept));
	early = closes_before(e, &kept);
	make_req(e, p, t, &rq);
	if (wish_of(e, &w))
		er = propose_wish(e, &rq, &w, pr, ENG_PROPS, &n, &met);
	else {
		er = booking_propose(e->b, &rq, pr, ENG_PROPS, &n);
		met = n > 0 && pr[0].exact;
	}
	if (early) {
		e->c.wlo = kept.wlo;
		e->c.whi = kept.whi;
		e->c.wlate = kept.wlate;
	}
	if (er == BOOKING_DB || er == BOOKING_NOMEM) {
		e->dberr = 1;
		return;
	}
	if (er == BOOKING_OK)
		drop_act_overlap(e, t, pr, &n);
	/* "finalement je garde le mercredi 2 à 15h": the time asked is the
	 * moved appointment's own; it stays as it is */
	if (er == BOOKING_OK && drop_own_slot(e, pr, &n) && met) {
		if (!move_kept(e))
			eng_welcome(e);
		eng_reset(e);
		return;
	}
	e->c.nprops = 0;
	e->c.pick = 0;
	if (er != BOOKING_OK || n == 0) {
		why = !taken && eng_info_why_not(e);
		eng_say(e, taken ? "slot_taken_none" : "no_slots", v, 1);
		if (!why)	/* a waitlist is for a time that is taken */
			eng_waitlist_suggest(e);
		eng_set_state(e, "ask_date");
		return;
	}
	for (i = 0; i < n; i++) {
		memcpy(e->c.props[i].prac, booking_prac_id(e->b, pr[i].prac),
		    ENG_ID);
		e->c.props[i].start = pr[i].start;
	}
	e->c.nprops = (int)n;
	if (!taken && e->c.time[0] != '\0' && (!e->c.around ||
	    recap_rough_free(e, pr, n)) && e->c.until[0] == '\0' && met) {
		e->c.nprops = 1;
		say_confirm(e);
		if (e->c.around)
			say_near(e, pr, n);
		return;
	}
	/* "un détartrage jeudi vers 10h15" when the patient already has
	 * a check-up at 10:00 that day: said before the list (which keeps
	 * clear of it), as the recap says it; when the time asked is not
	 * met, what is there at that time is said with the reason (no
	 * second note of the same appointment) */
	if (!taken && e->c.date[0] != '\0' && e->c.until[0] == '\0' &&
	    (met || e->c.time[0] == '\0')) {
		char	 ymd[16];
		struct tz_local	 d0;

		tz_to_local(booking_tz(e->b), pr[0].start, &d0);
		snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", d0.year,
		    d0.month, d0.day);
		if (strcmp(ymd, e->c.date) == 0)
			eng_plan_same_day(e, pr[0].start);
	}
	buf_init(&l, REPLIES_MAX);
	prop_list(e, &l);
	v[2] = (struct replies_var){ "list", buf_str(&l) };
	if (taken)
		eng_say(e, "slot_taken", &v[2], 1);
	else if ((e->c.time[0] != '\0' || e->c.date[0] != '\0' ||
	    e->c.pref[0] != '\0') && !met) {
		/* a closed day said and no time asked: "that time is not
		 * available" would speak of a time nobody asked for */
		why = eng_info_why_not(e);
		eng_say(e, why && e->c.time[0] == '\0' && e->c.pref[0] ==
		    '\0' ? "proposals_nearest" : "proposals_unavailable", v, 3);
		if (!why)
			eng_waitlist_suggest(e);
	} else
		eng_say(e, "proposals", v, 3);
	buf_free(&l);
	eng_set_state(e, "choose_slot");
}

void
eng_book_next(struct eng *e)
{
	if (!eng_identify(e))
		return;
	if (booking_find_treat(e->b, e->c.tr) < 0) {
		ask_treatment(e);
		return;
	}
	propose(e, 0);
}

/* 1 when the message names a date none of the proposals is on. */
static int
new_date(const struct eng *e)
{
	struct slots_date	 d;
	char			 ymd[16];
	int			 i;

	if (!eng_has(e, NLU_F_DATE))
		return 0;
	for (i = 0; i < e->c.nprops; i++) {
		d = local_date(e, e->c.props[i].start);
		snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", d.y, d.m, d.d);
		if (strcmp(ymd, e->nlu.val[NLU_F_DATE]) == 0)
			return 0;
	}
	return 1;
}

/* Append template key (vars v, n of them) to out, after a blank. */
static void
noted_add(const struct eng *e, struct buf *out, const char *key,
    const struct replies_var *v, size_t n)
{
	if (out->len > 0)
		(void)buf_addc(out, ' ');
	(void)replies_say(out, key, e->lang, v, n);
}

/* The day words of "YYYY-MM-DD" ymd into out (sz), or 0 when none. */
static int
noted_date(const struct eng *e, const char *ymd, char *out, size_t sz)
{
	char	 time[16];
	int	 y, m, d;
	int64_t	 t;

	if (nlu_parse_ymd(ymd, &y, &m, &d) != 0 || tz_from_local(
	    booking_tz(e->b), y, m, d, 12, 0, &t) >= TZ_LOCAL_GAP)
		return 0;
	eng_when(e, t, out, sz, time, sizeof(time));
	return 1;
}

/* The window asked ("after 5", "avant 10h", "late morning"), said
 * back as its bounds: after, before, or between two times. */
static void
noted_window(const struct eng *e, struct buf *out)
{
	struct replies_var	 v[2];
	char			 lo[8], hi[8];
	int			 end = e->c.whi >= 24 * 60;

	snprintf(lo, sizeof(lo), "%02d:%02d", e->c.wlo / 60 % 24,
	    e->c.wlo % 60);
	snprintf(hi, sizeof(hi), "%02d:%02d", e->c.whi / 60 % 24,
	    e->c.whi % 60);
	v[0] = (struct replies_var){ "from", lo };
	v[1] = (struct replies_var){ "to", hi };
	if (e->c.wlo > 0 && end)
		noted_add(e, out, "noted_after", v, 1);
	else if (e->c.wlo <= 0 && !end)
		noted_add(e, out, "noted_before", v + 1, 1);
	else if (e->c.wlo > 0)
		noted_add(e, out, "noted_between", v, 2);
}

/* The appointment being moved, said back ("le déplacement de ..."). */
static void
noted_moved(struct eng *e, struct buf *out)
{
	struct eng_appt		 a;
	struct replies_var	 v[3];
	char			 date[64], time[16];

	if (strcmp(e->c.flow, "move") != 0 || e->c.appt[0] == '\0' ||
	    eng_load_appts(e, e->c.appt, &a, 1) != 1)
		return;
	eng_when(e, a.start, date, sizeof(date), time, sizeof(time));
	v[0] = (struct replies_var){ "treatment",
	    eng_treat_local(e, a.tname) };
	v[1] = (struct replies_var){ "date", date };
	v[2] = (struct replies_var){ "time", time };
	noted_add(e, out, "noted_move", v, 3);
}

/*
 * What the flow understood so far, as a patient reads it: the
 * appointment being moved, the treatment, the practitioner, the day or
 * span and the time or part of the day (when, unless the question asks
 * for them), and whose appointment it is ("Détartrage avec Dr Sophie
 * Bernard le vendredi 27 novembre le matin, pour Hélène Roux").  Into
 * out; empty when nothing is.
 */
static void
noted(struct eng *e, struct buf *out, int when)
{
	struct replies_var	 v[2];
	char			 d0[64], d1[64], who[2 * ENG_NAME + 2];
	const char		*pref = e->c.pref;
	int			 pi;

	noted_moved(e, out);
	if (strcmp(e->c.flow, "move") != 0 && e->c.tr[0] != '\0') {
		v[0] = (struct replies_var){ "treatment",
		    eng_treat_local(e, e->c.tr) };
		noted_add(e, out, "noted_treat", v, 1);
	} else if (strcmp(e->c.flow, "move") != 0 && (e->c.pr[0] != '\0' ||
	    e->c.date[0] != '\0' || e->c.time[0] != '\0'))
		noted_add(e, out, "noted_appt", NULL, 0);
	if (e->c.pr[0] != '\0' && (pi = booking_find_prac(e->b,
	    e->c.pr)) >= 0) {
		v[0] = (struct replies_var){ "practitioner",
		    booking_prac_name(e->b, (size_t)pi) };
		noted_add(e, out, "noted_prac", v, 1);
	}
	if (when && noted_date(e, e->c.date, d0, sizeof(d0))) {
		v[0] = (struct replies_var){ "date", d0 };
		if (noted_date(e, e->c.until, d1, sizeof(d1))) {
			v[1] = (struct replies_var){ "until", d1 };
			noted_add(e, out, "noted_span", v, 2);
		} else
			noted_add(e, out, "noted_day", v, 1);
	}
	if (!when)
		;
	else if (strlen(e->c.time) == 5) {
		v[0] = (struct replies_var){ "time", e->c.time };
		noted_add(e, out, "noted_time", v, 1);
	} else if (strcmp(pref, "MORNING") == 0)
		noted_add(e, out, "noted_morning", NULL, 0);
	else if (strcmp(pref, "AFTERNOON") == 0)
		noted_add(e, out, "noted_afternoon", NULL, 0);
	else if (strcmp(pref, "EVENING") == 0)
		noted_add(e, out, "noted_evening", NULL, 0);
	else if (e->c.whi > 0)
		noted_window(e, out);
	if (e->c.pid[0] != '\0' && out->len > 0) {
		eng_patient_name(e, e->c.pid, who, sizeof(who));
		v[0] = (struct replies_var){ "patient", who };
		(void)buf_addc(out, ',');
		noted_add(e, out, "noted_for", v, 1);
	}
}

/*
 * The one clarifying question of a step that was not understood: key
 * (a template with {noted} and maybe {n}) saying back what was
 * understood so far (the day and time too when when is 1), or plain
 * when nothing was.
 */
static void
say_noted(struct eng *e, const char *key, const char *plain,
    const struct replies_var *extra, int when)
{
	struct replies_var	 v[2];
	struct buf		 l;

	buf_init(&l, 1024);
	noted(e, &l, when);
	v[0] = (struct replies_var){ "noted", buf_str(&l) };
	if (extra != NULL)
		v[1] = *extra;
	if (l.len > 0)
		eng_say(e, key, v, extra != NULL ? 2 : 1);
	else
		eng_say(e, plain, extra, extra != NULL ? 1 : 0);
	buf_free(&l);
}

void
eng_say_noted_line(struct eng *e)
{
	struct replies_var	 v[1];
	struct buf		 l;

	buf_init(&l, 1024);
	noted(e, &l, 1);
	v[0] = (struct replies_var){ "noted", buf_str(&l) };
	if (l.len > 0)
		eng_say(e, "noted_line", v, 1);
	buf_free(&l);
}

/* Which proposal the message picks, or -1. */
static int
pick(const struct eng *e)
{
	int		 mins[ENG_PROPS], i;
	struct tz_local	 l;
	char		 ymd[16];

	if (new_date(e) && engine_parse_dayword(e->text, e->len))
		return -1;
	for (i = 0; i < e->c.nprops; i++) {
		tz_to_local(booking_tz(e->b), e->c.props[i].start, &l);
		mins[i] = l.hour * 60 + l.min;
		/* "the Wednesday one at 8:30": a time of the day named */
		snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", l.year, l.month,
		    l.day);
		if (eng_has(e, NLU_F_DATE) &&
		    strcmp(ymd, e->nlu.val[NLU_F_DATE]) != 0)
			mins[i] = -1;
	}
	i = engine_parse_choice(e->text, e->len, mins, (size_t)e->c.nprops);
	/* "11 is good", "the later one" (engine_two.c) */
	return i >= 0 ? i : eng_two_pick(e);
}

/*
 * The patient's yes (1), no (0) or neither (-1).  A yes acts (books,
 * moves, cancels), so only the rules' plain yes counts: the NLU's
 * AFFIRMATIVE from the rules, which a doubt, a condition or a question
 * already keeps out ("oui mais…", "probably yes, I'll check", "yes? how
 * long…").  A "yes" word found elsewhere in the message is not one.  A
 * no only stops, so a "no" word is enough.
 */
static int
yesno(const struct eng *e)
{
	if (e->nlu.intent == NLU_INTENT_AFFIRMATIVE &&
	    e->nlu.intent_src == NLU_SRC_RULES)
		return 1;
	if (eng_aside_book_yes(e))
		return 1;
	if (e->nlu.intent == NLU_INTENT_NEGATIVE)
		return 0;
	return engine_parse_yesno(e->text, e->len) == 0 ? 0 : -1;
}

static int move_kept(struct eng *);

/*
 * A no to the times offered or to the recap: another day is asked, unless
 * the patient gives the matter up ("no forget it", "non laissez tomber"):
 * then a move keeps the appointment as it is, and a booking books nothing.
 */
static void
declined(struct eng *e)
{
	static const char *const drop[] = { "forget it", "never mind",
	    "nevermind", "laisse tomber", "laissez tomber", "tant pis",
	    "leave it", "on oublie", "oubliez", "oublie ca",
	    "keep it as it is", "keep the one i have", "je garde",
	    "on garde", "laissez le", "laisse le", "laissez comme",
	    "laisse comme", "as it is", NULL };
	char	 s[1024];

	e->c.nprops = 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if (engine_has_any(s, drop)) {
		if (!move_kept(e))
			eng_welcome(e);
		eng_reset(e);
		return;
	}
	eng_say(e, strcmp(e->c.flow, "move") == 0 ? "declined_move" :
	    "declined", NULL, 0);
	eng_set_state(e, "ask_date");
}

/*
 * "le mercredi", "the Wednesday one" among times offered on several
 * days: the one offered on that weekday, when exactly one is and no
 * time is said; else -1.
 */
static int
pick_weekday(const struct eng *e)
{
	struct tz_local	 l;
	char		 ymd[16];
	int		 w, i, k = -1;

	if (eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_TIME_PREFERENCE) ||
	    eng_has(e, NLU_F_DATE_RANGE) ||
	    (w = engine_parse_weekday(e->text, e->len)) < 0)
		return -1;
	for (i = 0; i < e->c.nprops; i++) {
		tz_to_local(booking_tz(e->b), e->c.props[i].start, &l);
		snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", l.year, l.month,
		    l.day);
		/* "mercredi 16" is another Wednesday than the one offered */
		if (l.wday != w || (eng_has(e, NLU_F_DATE) &&
		    strcmp(ymd, e->nlu.val[NLU_F_DATE]) != 0))
			continue;
		if (k >= 0)
			return -1;
		k = i;
	}
	return k;
}

/*
 * "vers 17h", then a plain yes to the list: the one proposal at the
 * time asked (on the day asked, when one was), when exactly one is; it
 * is recapped, so nothing is booked before the next yes.  Else -1.
 */
static int
pick_asked_time(const struct eng *e)
{
	struct tz_local	 l;
	char		 hm[8], ymd[16];
	int		 i, k = -1, n = 0;

	if (strlen(e->c.time) != 5 || yesno(e) != 1 ||
	    eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_TIME))
		return -1;
	for (i = 0; i < e->c.nprops; i++) {
		tz_to_local(booking_tz(e->b), e->c.props[i].start, &l);
		snprintf(hm, sizeof(hm), "%02d:%02d", l.hour, l.min);
		snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", l.year, l.month,
		    l.day);
		if (strcmp(hm, e->c.time) != 0 || (e->c.date[0] != '\0' &&
		    e->c.until[0] == '\0' && strcmp(ymd, e->c.date) != 0))
			continue;
		k = i;
		n++;
	}
	return n == 1 ? k : -1;
}

/*
 * "ok for 2pm, and do you have parking?", "d'accord pour 15h, et c'est
 * combien ?": a question beside the pick is answered before the recap
 * (the clinic's address, access, hours, phone; the treatment's price or
 * length).
 */
static void
slot_questions(struct eng *e)
{
	int	 info;

	if (memchr(e->text, '?', e->len) == NULL)
		return;
	if (eng_clinic_asked(e) &&
	    (info = engine_parse_info(e->text, e->len)) != 0)
		eng_info_clinic(e, info);
	if (engine_parse_recap_question(e->text, e->len) != 0)
		(void)eng_info_treat(e);
}

/* The one proposal at local time hm ("HH:MM"), or -1. */
static int
prop_at(const struct eng *e, const char *hm)
{
	struct tz_local	 l;
	char		 at[8];
	int		 i, k = -1, n = 0;

	for (i = 0; i < e->c.nprops; i++) {
		tz_to_local(booking_tz(e->b), e->c.props[i].start, &l);
		snprintf(at, sizeof(at), "%02d:%02d", l.hour, l.min);
		if (strcmp(at, hm) == 0) {
			k = i;
			n++;
		}
	}
	return n == 1 ? k : -1;
}

/*
 * "le 2 svp mais à 11h", "the 3rd one at 10am": a listed slot's number
 * with another clock time is that slot's day at that time, not the 2nd
 * or 3rd of a month (which the NLU may have read).  The date read is
 * replaced by the slot's day when it is the number's own reading and
 * no slot falls on it.
 */
static void
option_day(struct eng *e)
{
	struct tz_local	 l;
	char		 ymd[16];
	const char	*d = e->nlu.val[NLU_F_DATE];
	const char	*t = e->nlu.val[NLU_F_TIME];
	int		 k, i, y, m, dd;

	/* the NLU's time is "HH:MM", its date "YYYY-MM-DD" */
	if (strlen(t) != 5 || t[0] < '0' || t[0] > '2' || t[1] < '0' ||
	    t[1] > '9' || engine_parse_dayword(e->text, e->len) ||
	    (k = engine_parse_option(e->text, e->len, (size_t)e->c.nprops,
	    (t[0] - '0') * 10 + t[1] - '0')) < 0)
		return;
	if (eng_has(e, NLU_F_DATE)) {
		if (nlu_parse_ymd(d, &y, &m, &dd) != 0 || dd != k + 1)
			return;
		for (i = 0; i < e->c.nprops; i++) {
			tz_to_local(booking_tz(e->b), e->c.props[i].start, &l);
			snprintf(ymd, sizeof(ymd), "%04d-%02d-%02d", l.year,
			    l.month, l.day);
			if (strcmp(ymd, d) == 0)
				return;
		}
	}
	tz_to_local(booking_tz(e->b), e->c.props[k].start, &l);
	snprintf(e->nlu.val[NLU_F_DATE], sizeof(e->nlu.val[NLU_F_DATE]),
	    "%04d-%02d-%02d", l.year, l.month, l.day);
}

void
eng_on_choose_slot(struct eng *e)
{
	int	 k;

	/* "Zoé à 16h et Emma à 15h": the time said for the one now */
	if (eng_two_times(e) && (k = prop_at(e, e->nlu.val[NLU_F_TIME])) >= 0) {
		e->c.fails = 0;
		e->c.pick = k;
		say_confirm(e);
		return;
	}
	if ((k = pick(e)) >= 0 || (k = pick_weekday(e)) >= 0 ||
	    (k = pick_asked_time(e)) >= 0) {
		e->c.fails = 0;
		e->c.pick = k;
		slot_questions(e);
		say_confirm(e);
		return;
	}
	option_day(e);
	/* New wishes, or the same request again: fresh proposals.  A
	 * request only the LLM saw is no answer: it never keeps a patient
	 * who is not understood away from staff. */
	if (eng_merge(e) ||
	    (e->nlu.intent == NLU_INTENT_BOOK_APPOINTMENT &&
	    e->nlu.intent_src != NLU_SRC_LLM)) {
		e->c.fails = 0;
		propose(e, 0);
		return;
	}
	if (yesno(e) == 0) {
		e->c.fails = 0;
		declined(e);
		return;
	}
	/* "yes", "ok 👍" to a list: the one time offered is that one (a
	 * recap follows); among several, which one is asked, and that is
	 * no misunderstanding */
	if (yesno(e) == 1 && e->nlu.intent == NLU_INTENT_AFFIRMATIVE) {
		char n[16];
		struct replies_var v[1] = { { "n", n } };

		if (e->c.nprops == 1) {
			e->c.fails = 0;
			e->c.pick = 0;
			say_confirm(e);
			return;
		}
		snprintf(n, sizeof(n), "%d", e->c.nprops);
		eng_say(e, "pick_which", v, 1);
		return;
	}
	/* "j'ai une couronne qui s'est décollée": what the visit is for,
	 * told while choosing; kept in the conversation for the team, and
	 * the choice asked again without counting it as misunderstood */
	if (nlu_symptom_present(e->text, e->len) || dental_mishap(e) ||
	    discomfort_said(e)) {
		char n[16];
		struct replies_var v[1] = { { "n", n } };

		snprintf(n, sizeof(n), "%d", e->c.nprops);
		eng_say(e, "pick_details", v, 1);
		return;
	}
	if (!eng_fail(e)) {
		char n[16];
		struct replies_var v[1] = { { "n", n } };

		snprintf(n, sizeof(n), "%d", e->c.nprops);
		say_noted(e, "pick_again_noted", "pick_again", v, 1);
	}
}

/* Say the booked or moved summary. */
static void
say_done(struct eng *e, const char *key, int pi, int64_t start)
{
	struct replies_var	 v[6];
	char			 date[64], time[16], who[2 * ENG_NAME + 2];

	eng_when(e, start, date, sizeof(date), time, sizeof(time));
	eng_patient_name(e, e->c.pid, who, sizeof(who));
	v[0] = (struct replies_var){ "treatment", e->c.tr };
	v[1] = (struct replies_var){ "practitioner",
	    booking_prac_name(e->b, pi) };
	v[2] = (struct replies_var){ "date", date };
	v[3] = (struct replies_var){ "time", time };
	v[4] = (struct replies_var){ "patient", who };
	v[5] = (struct replies_var){ "address", e->address };
	eng_say(e, key, v, 6);
}

/*
 * Book or move to the picked proposal: checked against the free/busy
 * time loaded for this turn and Google's fresh answer, then left for the
 * commit to write (it comes back here, with the slot counted as taken,
 * when someone else got it first).
 */
static void
commit(struct eng *e)
{
	struct eng_prop		*p = &e->c.props[e->c.pick];
	struct eng_prop		 done;
	struct eng_appt		 a;
	int			 pi, t, cal;
	int			 move = strcmp(e->c.flow, "move") == 0;

	pi = prop_prac(e, e->c.pick);
	t = booking_find_treat(e->b, e->c.tr);
	if (move && eng_load_appts(e, e->c.appt, &a, 1) != 1) {
		eng_say(e, "appt_gone", NULL, 0);
		eng_reset(e);
		return;
	}
	if (!eng_have_busy(e, move ? e->c.appt : NULL))
		return;
	own_time_busy(e);
	if (pi < 0 || t < 0 || !booking_slot_free(e->b, pi, t, p->start)) {
		propose(e, 1);
		return;
	}
	if ((cal = eng_cal_free(e, pi, t, p->start)) == -1)
		return;
	if (cal == 0) {
		propose(e, 1);
		return;
	}
	e->act.kind = move ? ENG_W_MOVE : ENG_W_BOOK;
	e->act.prac = pi;
	e->act.treat = t;
	e->act.start = p->start;
	if (move)
		memcpy(e->act.appt, e->c.appt, ENG_ID);
	memcpy(e->act.patient, e->c.pid, ENG_ID);
	say_done(e, !move ? "booked" : a.start == p->start &&
	    treat_changed(e, &a) ? "treat_changed" : "moved", pi, p->start);
	done = *p;
	eng_reset(e);
	e->c.done = done;
}

/*
 * Right after a booking or a move ("C'est réservé"), "ah en fait plutôt
 * 11h", "can we make it 3pm instead?", "make it 3": a change of the
 * appointment just written, within half an hour, when the message names
 * a day, a time, a part of the day or a practitioner and no treatment,
 * says it changes
 * something (or asks a move) and asks for nobody else nor for another
 * appointment.  The move of that appointment follows (its own day when
 * no day is said), recapped.  1 when so.
 */
int
eng_book_amend(struct eng *e)
{
	static const char *const change[] = { "instead", "rather",
	    "actually", "make it", "change it", "change to", "switch",
	    "plutot", "en fait", "finalement", "au lieu", "changer",
	    "mettre plutot", "decaler", "modifier",
	    /* "oh no I have a meeting then, could we do Thursday?" */
	    "can t make", "cant make", "can t do", "cant do", "won t work",
	    "doesn t work", "not possible", "peux pas", "pourrai pas",
	    "ca ne va pas", "ca va pas", "pas possible", "a la place",
	    "have a meeting", "j ai une reunion", NULL };
	static const char *const more[] = { "also", "another", "too",
	    "as well", "aussi", "autre", "egalement", "en plus", "second",
	    "deuxieme", NULL };
	/* "make it 3", "plutot a 4": the words before an hour said alone */
	static const char *const before[] = { "it", "a", "at", "to", "for",
	    "vers", "plutot", NULL };
	struct eng_ctx	*c = &e->c;
	struct tz_local	 l;
	char		 s[1024];
	int		 i, k = -1, h;

	if (strcmp(c->state, "idle") != 0 || c->done.start == 0 ||
	    c->nnext > 0 || e->now - c->t > 30 * 60)
		return 0;
	/* an intent only the LLM saw does not stand in the way */
	if (e->nlu.intent != NLU_INTENT_BOOK_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_UNKNOWN &&
	    e->nlu.intent_src != NLU_SRC_LLM)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	/* "actually make it 3": the hour said alone is the new time */
	if (!eng_has(e, NLU_F_TIME) && !eng_has(e, NLU_F_DATE) &&
	    engine_has_any(s, change) &&
	    (h = engine_bare_hour(s, before, 20)) >= 0) {
		snprintf(e->nlu.val[NLU_F_TIME], NLU_VALUE_MAX, "%02d:00", h);
		e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
		e->nlu.time_approx = 0;
	}
	if (eng_has(e, NLU_F_APPOINTMENT_TYPE) || (!eng_has(e, NLU_F_DATE) &&
	    !eng_has(e, NLU_F_TIME) && !eng_has(e, NLU_F_TIME_PREFERENCE) &&
	    !eng_has(e, NLU_F_PRACTITIONER)) ||
	    engine_parse_someone_else(e->text, e->len))
		return 0;
	/* "the same time on Thursday" said of the one just booked */
	if (engine_has_any(s, more) || (!engine_has_any(s, change) &&
	    !e->nlu.same_time &&
	    e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT))
		return 0;
	for (i = 0; i < e->nappts; i++)
		if (e->appts[i].start == c->done.start &&
		    strcmp(e->appts[i].prac, c->done.prac) == 0)
			k = i;
	if (k < 0)
		return 0;
	eng_reset(e);
	memcpy(c->appt, e->appts[k].id, ENG_ID);
	snprintf(c->flow, sizeof(c->flow), "move");
	(void)eng_merge(e);
	if (!eng_has(e, NLU_F_DATE) && !eng_has(e, NLU_F_DATE_RANGE)) {
		tz_to_local(booking_tz(e->b), e->appts[k].start, &l);
		snprintf(c->date, sizeof(c->date), "%04d-%02d-%02d", l.year,
		    l.month, l.day);
	}
	eng_move_picked(e);
	return 1;
}

/*
 * Answer a question about the recapped appointment (its price, its
 * length, from the clinic's treatments; whether it can be cancelled or
 * moved later).  Returns 1 when one was.
 */
static int
recap_answer(struct eng *e)
{
	struct replies_var	 v[1];
	char			 n[16];
	int			 what, t, m, later, p;

	/* "yes, if I can cancel later?": what the confirmation says */
	if ((later = engine_parse_recap_later(e->text, e->len)) != 0)
		eng_say(e, "recap_later", NULL, 0);
	what = engine_parse_recap_question(e->text, e->len);
	/* "c'est avec qui ?", "is it the same dentist?": the recap's */
	if ((what & ENGINE_ASK_WHO) && e->c.nprops > 0 &&
	    e->c.pick >= 0 && e->c.pick < e->c.nprops &&
	    (p = booking_find_prac(e->b, e->c.props[e->c.pick].prac)) >= 0) {
		v[0] = (struct replies_var){ "practitioner",
		    booking_prac_name(e->b, (size_t)p) };
		eng_say(e, "recap_who", v, 1);
		later = 1;
	}
	what &= ~ENGINE_ASK_WHO;
	if (what == 0 || (t = booking_find_treat(e->b, e->c.tr)) < 0)
		return later;
	if (what & ENGINE_ASK_PRICE)
		eng_say_price(e, t);
	if ((what & ENGINE_ASK_DURATION) &&
	    (m = booking_treat_minutes(e->b, (size_t)t)) > 0) {
		snprintf(n, sizeof(n), "%d", m);
		v[0] = (struct replies_var){ "n", n };
		eng_say(e, "recap_duration", v, 1);
	}
	return 1;
}

/* Ask again for a yes to the recap: its treatment, date and time. */
static void
confirm_again(struct eng *e)
{
	char			 date[64], time[16];
	struct replies_var	 v[3] = { { "date", date }, { "time", time },
				    { "treatment", e->c.tr } };

	eng_when(e, e->c.props[e->c.pick].start, date, sizeof(date), time,
	    sizeof(time));
	eng_say(e, "confirm_again", v, 3);
}

void
eng_book_recap(struct eng *e)
{
	say_confirm(e);
}

/*
 * At the recap, a window of the day alone ("si c'est fini avant
 * 18h15", "as long as it's after 5") that the recapped time meets: 1.
 * Anything else the message changes (a day, a time, a treatment, a
 * practitioner) is no such window.
 */
static int
window_met(struct eng *e)
{
	struct tz_local	 l;
	int		 lo, hi, m;

	if (e->c.pick < 0 || e->c.pick >= e->c.nprops ||
	    eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_DATE_RANGE) ||
	    eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    eng_has(e, NLU_F_PRACTITIONER) ||
	    eng_has(e, NLU_F_TIME_PREFERENCE) ||
	    eng_aside_window(e, &lo, &hi) != 1)
		return 0;
	tz_to_local(booking_tz(e->b), e->c.props[e->c.pick].start, &l);
	m = l.hour * 60 + l.min;
	return m >= lo && m < hi;
}

void
eng_on_confirm(struct eng *e)
{
	int	 yn, k;

	k = e->c.nprops > 1 ? pick(e) : -1;
	if (k >= 0 && k != e->c.pick) {
		e->c.pick = k;
		say_confirm(e);
		return;
	}
	if (eng_fix_recap_who(e)) {
		e->c.fails = 0;
		return;
	}
	yn = yesno(e);
	/* "oui si c'est fini avant 18h15 pour mon bus, ça dure combien
	 * de temps ?": a window the recapped time already meets changes
	 * nothing; the question is answered and the recap asked again */
	if (window_met(e)) {
		e->c.fails = 0;
		(void)recap_answer(e);
		confirm_again(e);
		return;
	}
	if (eng_merge(e)) {
		e->c.fails = 0;
		propose(e, 0);
		return;
	}
	if (yn == 1) {
		e->c.fails = 0;
		commit(e);
		return;
	}
	if (yn == 0) {
		e->c.fails = 0;
		declined(e);
		return;
	}
	/* "oui mais c'est combien ?": the question is answered, then the
	 * recap asked again; nothing is booked before a plain yes. */
	if (recap_answer(e)) {
		confirm_again(e);
		return;
	}
	if (!eng_fail(e))
		confirm_again(e);
}

static int	no_appt_named(struct eng *);

/*
 * The answer to "no appointment to come; would you like to book one?":
 * a yes starts the booking (with what it names), a plain no closes; a
 * new phone's full name alone ("c'est au nom de Nina Morel") is looked
 * for as no_appt_named does; anything else is read as a new message.
 * 1 when handled.
 */
int
eng_offer_book_answer(struct eng *e)
{
	int	 yn;

	if (strcmp(e->c.state, "offer_book") != 0 &&
	    strcmp(e->c.state, "offer_book_name") != 0)
		return 0;
	yn = yesno(e);
	eng_set_state(e, "idle");
	if (yn == 1) {
		eng_book_start(e);
		return 1;
	}
	if (yn == 0 && !eng_has(e, NLU_F_APPOINTMENT_TYPE) &&
	    !eng_has(e, NLU_F_DATE) && !eng_has(e, NLU_F_TIME)) {
		eng_welcome(e);
		return 1;
	}
	if (yn == -1 && e->npats == 0 && eng_has(e, NLU_F_FIRST_NAME) &&
	    eng_has(e, NLU_F_LAST_NAME) &&
	    !eng_has(e, NLU_F_APPOINTMENT_TYPE) &&
	    !eng_has(e, NLU_F_PRACTITIONER) && !eng_has(e, NLU_F_TIME) &&
	    e->nlu.intent != NLU_INTENT_BOOK_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_EMERGENCY &&
	    e->nlu.intent != NLU_INTENT_LIST_PRACTITIONERS) {
		(void)no_appt_named(e);
		eng_set_state(e, "offer_book");
		return 1;
	}
	return 0;
}

static void appt_vars(struct eng *, const struct eng_appt *,
    struct replies_var *, char *, size_t, char *, size_t);

/* The appointment of a move given up is kept, and said so; 0 if none. */
static int
move_kept(struct eng *e)
{
	struct eng_appt		 a;
	struct replies_var	 v[4];
	char			 date[64], time[16];

	if (strcmp(e->c.flow, "move") != 0 || e->c.appt[0] == '\0' ||
	    eng_load_appts(e, e->c.appt, &a, 1) != 1)
		return 0;
	appt_vars(e, &a, v, date, sizeof(date), time, sizeof(time));
	eng_say(e, "kept", v, 4);
	return 1;
}

void
eng_on_ask_date(struct eng *e)
{
	if (eng_merge(e)) {
		e->c.fails = 0;
		if (strcmp(e->c.flow, "book") == 0)
			eng_book_next(e);
		else
			propose(e, 0);
		return;
	}
	if (yesno(e) == 0) {
		/* "no" to which day a move should go: the appointment
		 * stays, and is said to */
		if (!move_kept(e))
			eng_welcome(e);
		eng_reset(e);
		return;
	}
	if (!eng_fail(e))
		say_noted(e, "unclear_day", "not_understood", NULL, 0);
}

/* The numbered list of appointments a into l. */
static void
appt_list(struct eng *e, const struct eng_appt *a, int n, struct buf *l,
    int numbered)
{
	struct replies_var	 v[6];
	char			 k[16], date[64], time[16], who[2 * ENG_NAME + 2];
	int			 i, pi;

	for (i = 0; i < n; i++) {
		pi = booking_find_prac(e->b, a[i].prac);
		snprintf(k, sizeof(k), "%d", i + 1);
		eng_when(e, a[i].start, date, sizeof(date), time, sizeof(time));
		snprintf(who, sizeof(who), "%s %s", a[i].first, a[i].last);
		v[0] = (struct replies_var){ "n", k };
		v[1] = (struct replies_var){ "date", date };
		v[2] = (struct replies_var){ "time", time };
		v[3] = (struct replies_var){ "treatment",
		    eng_treat_local(e, a[i].tname) };
		v[4] = (struct replies_var){ "practitioner", pi >= 0 ?
		    booking_prac_name(e->b, pi) : "" };
		v[5] = (struct replies_var){ "patient", who };
		if (i > 0)
			(void)buf_addc(l, '\n');
		(void)replies_say(l, numbered ? "appt_line" : "appt_item",
		    e->lang, v, 6);
	}
}

/* Say list_appts for the phone's upcoming appointments. */
void
eng_list_appts(struct eng *e)
{
	struct eng_appt		 a[ENG_LIST];
	struct replies_var	 v[1];
	struct buf		 l;
	int			 n;

	n = eng_load_appts(e, NULL, a, ENG_LIST);
	if (n == 0) {
		eng_say(e, "no_appts", NULL, 0);
		/* its question is answered next, unless a flow waits */
		if (strcmp(e->c.state, "idle") == 0)
			eng_set_state(e, "offer_book");
		return;
	}
	buf_init(&l, REPLIES_MAX);
	eng_series_list(e, a, n, &l);
	v[0] = (struct replies_var){ "list", buf_str(&l) };
	eng_say(e, "list_appts", v, 1);
	buf_free(&l);
}

/* Vars of one appointment: treatment, practitioner, date, time. */
static void
appt_vars(struct eng *e, const struct eng_appt *a, struct replies_var *v,
    char *date, size_t dsz, char *time, size_t tsz)
{
	int	 pi = booking_find_prac(e->b, a->prac);

	eng_when(e, a->start, date, dsz, time, tsz);
	v[0] = (struct replies_var){ "treatment", a->tname };
	v[1] = (struct replies_var){ "practitioner", pi >= 0 ?
	    booking_prac_name(e->b, pi) : "" };
	v[2] = (struct replies_var){ "date", date };
	v[3] = (struct replies_var){ "time", time };
}

/*
 * Nothing to move or cancel on this phone.  A new phone that named
 * someone ("c'est Jeanne Petit, je voudrais annuler") is told so by
 * name, the name is kept, and the staff are flagged (the appointment may
 * have been booked from another number); a new phone that named no one
 * is asked the name (1: the answer is awaited as a name); else the
 * plain answer.
 */
static int
no_appt_named(struct eng *e)
{
	struct replies_var	 v[2];

	if (!eng_who_keep_name(e)) {
		if (e->npats == 0) {
			eng_say(e, "no_appts_new_phone", NULL, 0);
			return 1;
		}
		eng_say(e, "no_appts", NULL, 0);
		return 0;
	}
	v[0] = (struct replies_var){ "first", e->c.first };
	v[1] = (struct replies_var){ "last", e->c.last };
	eng_say(e, "no_appts_named", v, 2);
	e->staff_reason = "appointment_not_found";
	return 0;
}

/* Ask "which appointment" or go on with the only one. */
static void
pick_appt(struct eng *e, const char *key)
{
	struct eng_appt		 a[ENG_LIST];
	struct replies_var	 v[1];
	struct buf		 l;
	int			 n, i;

	n = eng_load_appts(e, NULL, a, ENG_LIST);
	if (n == 0) {
		eng_reset(e);
		eng_set_state(e, no_appt_named(e) ? "offer_book_name" :
		    "offer_book");
		return;
	}
	if (n > 1 && (i = eng_plan_which(e, a, n)) >= 0) {
		a[0] = a[i];
		n = 1;
	}
	if (n == 1) {
		memcpy(e->c.appt, a[0].id, ENG_ID);
		if (strcmp(e->c.flow, "move") == 0)
			eng_move_picked(e);
		else
			eng_on_choose_appt(e);
		return;
	}
	e->c.nids = 0;
	for (i = 0; i < n; i++)
		memcpy(e->c.ids[e->c.nids++], a[i].id, ENG_ID);
	buf_init(&l, REPLIES_MAX);
	appt_list(e, a, n, &l, 1);
	v[0] = (struct replies_var){ "list", buf_str(&l) };
	eng_say(e, key, v, 1);
	buf_free(&l);
	eng_set_state(e, "choose_appt");
}

/* Words that put one treatment in place of another. */
static const char *const swap_words[] = { "swap", "switch", "change",
	"instead", "rather", "replace", "au lieu", "plutot", "a la place",
	"remplacer", "remplacez", "changer", "changez", "transformer", NULL };

/* Words of a cancellation: no swap of treatments then. */
static const char *const cancel_said[] = { "annuler", "annulez",
	"annule", "annulation", "cancel", "cancelled", "cancelling",
	"supprimer", "supprimez", "call off", NULL };

/* Where a message may be cut between two treatments it names. */
static const char *const swap_cuts[] = { " for ", " pour ", " par ",
	" au lieu", " instead", " plutôt que", " plutot que", " à la place",
	" a la place", " into ", " to ", " en ", " with ", NULL };

/* The treatment the piece text (n bytes) names, or -1. */
static int
piece_treat(const struct eng *e, const char *text, size_t n)
{
	struct nlu_result	 r;

	if (n == 0)
		return -1;
	eng_plan_read(e, text, n, &r);
	if (r.val[NLU_F_APPOINTMENT_TYPE][0] == '\0')
		return -1;
	return booking_find_treat(e->b, r.val[NLU_F_APPOINTMENT_TYPE]);
}

/* The treatment index of upcoming appointment a, or -1. */
static int
appt_treat_of(const struct eng *e, const struct eng_appt *a)
{
	int	 t = booking_find_treat(e->b, a->treat);

	return t >= 0 ? t : booking_find_treat(e->b, a->tname);
}

/*
 * The phone's one upcoming appointment of treatment t, or -1.
 */
static int
only_appt_of(const struct eng *e, int t)
{
	int	 i, k = -1, n = 0;

	for (i = 0; i < e->nappts; i++)
		if (appt_treat_of(e, &e->appts[i]) == t) {
			k = i;
			n++;
		}
	return n == 1 ? k : -1;
}

/*
 * Two treatments the message names either side of a cut ("swap my
 * whitening for a cleaning", "un détartrage au lieu du blanchiment"):
 * the one an upcoming appointment has into *old (its index in
 * e->appts), the other into *t.  1 when so.
 */
static int
swap_said(const struct eng *e, int *old, int *t)
{
	const char *const	*c;
	const char		*p;
	int			 a, b;
	size_t			 at;

	for (c = swap_cuts; *c != NULL; c++) {
		for (p = e->text; (p = strcasestr(p, *c)) != NULL &&
		    p < e->text + e->len; p++) {
			/* the word of the cut left out: "au lieu du X"
			 * reads X, where the extractor sets it aside */
			at = (size_t)(p - e->text);
			a = piece_treat(e, e->text, at);
			b = at + strlen(*c) >= e->len ? -1 : piece_treat(e,
			    p + strlen(*c), e->len - at - strlen(*c));
			if (a < 0 || b < 0 || a == b)
				continue;
			if ((*old = only_appt_of(e, a)) >= 0 &&
			    only_appt_of(e, b) < 0) {
				*t = b;
				return 1;
			}
			if ((*old = only_appt_of(e, b)) >= 0 &&
			    only_appt_of(e, a) < 0) {
				*t = a;
				return 1;
			}
		}
	}
	return 0;
}

int
eng_treat_swap(struct eng *e)
{
	struct eng_appt	*a;
	struct tz_local	 l;
	char		 s[1024];
	int		 k, t, pi;

	if (e->nappts == 0 || e->b == NULL ||
	    (e->nlu.intent != NLU_INTENT_BOOK_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_UNKNOWN))
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	/* "annuler mon contrôle et prendre à la place un détartrage":
	 * a cancellation and a new booking, each recapped (engine_plan) */
	if (!engine_has_any(s, swap_words) || engine_has_any(s, cancel_said) ||
	    !swap_said(e, &k, &t))
		return 0;
	a = &e->appts[k];
	eng_reset(e);
	memcpy(e->c.appt, a->id, ENG_ID);
	snprintf(e->c.flow, sizeof(e->c.flow), "move");
	snprintf(e->c.tr, sizeof(e->c.tr), "%s", booking_treat_name(e->b,
	    (size_t)t));
	if ((pi = booking_find_prac(e->b, a->prac)) >= 0)
		snprintf(e->c.pr, sizeof(e->c.pr), "%s",
		    booking_prac_name(e->b, pi));
	/* the same day and time, unless another is said */
	if ((eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_TIME) ||
	    eng_has(e, NLU_F_DATE_RANGE) ||
	    eng_has(e, NLU_F_TIME_PREFERENCE)) && !e->nlu.same_time) {
		(void)eng_merge(e);
		snprintf(e->c.tr, sizeof(e->c.tr), "%s",
		    booking_treat_name(e->b, (size_t)t));
	} else {
		tz_to_local(booking_tz(e->b), a->start, &l);
		snprintf(e->c.date, sizeof(e->c.date), "%04d-%02d-%02d",
		    l.year, l.month, l.day);
		snprintf(e->c.time, sizeof(e->c.time), "%02d:%02d", l.hour,
		    l.min);
	}
	propose(e, 0);
	return 1;
}

void
eng_move_start(struct eng *e)
{
	eng_reset(e);
	snprintf(e->c.flow, sizeof(e->c.flow), "move");
	(void)eng_merge(e);
	pick_appt(e, "choose_appt_move");
}

void
eng_cancel_appt(struct eng *e, const char *id)
{
	struct eng_appt		 a;
	struct replies_var	 v[4];
	char			 date[64], time[16];

	eng_reset(e);
	snprintf(e->c.flow, sizeof(e->c.flow), "cancel");
	snprintf(e->c.appt, sizeof(e->c.appt), "%s", id);
	if (eng_load_appts(e, e->c.appt, &a, 1) != 1) {
		eng_say(e, "appt_gone", NULL, 0);
		eng_reset(e);
		return;
	}
	appt_vars(e, &a, v, date, sizeof(date), time, sizeof(time));
	eng_say(e, "confirm_cancel", v, 4);
	eng_set_state(e, "confirm_cancel");
}

void
eng_cancel_start(struct eng *e)
{
	eng_reset(e);
	snprintf(e->c.flow, sizeof(e->c.flow), "cancel");
	pick_appt(e, "choose_appt_cancel");
}

void
eng_move_picked(struct eng *e)
{
	struct eng_appt		 a;
	struct replies_var	 v[4];
	char			 date[64], time[16];
	int			 t, pi;

	if (eng_load_appts(e, e->c.appt, &a, 1) != 1) {
		eng_say(e, "appt_gone", NULL, 0);
		eng_reset(e);
		return;
	}
	snprintf(e->c.flow, sizeof(e->c.flow), "move");
	e->c.nids = 0;
	t = booking_find_treat(e->b, a.treat);
	if (t < 0)
		t = booking_find_treat(e->b, a.tname);
	snprintf(e->c.tr, sizeof(e->c.tr), "%s", t >= 0 ?
	    booking_treat_name(e->b, t) : a.tname);
	avoid_current(e, a.prac);
	if (e->c.pr[0] == '\0' && (pi = booking_find_prac(e->b, a.prac)) >= 0 &&
	    strcmp(e->c.notpr, booking_prac_name(e->b, pi)) != 0)
		snprintf(e->c.pr, sizeof(e->c.pr), "%s",
		    booking_prac_name(e->b, pi));
	/* "put it back a week, same time": the appointment's time moved
	 * by that much, before "same time" reads as today's */
	/* "pas dispo à l'heure prévue, plus tard dans la journée ?", "can't
	 * make my 9am, anything later that day?": its own day after it, or
	 * the days of its week before or after it */
	if (strcmp(e->c.state, "choose_slot") != 0 &&
	    strcmp(e->c.state, "confirm") != 0 &&
	    engine_parse_shift(e->text, e->len) == 0 &&
	    eng_shift_from(e, a.start, t >= 0 ?
	    booking_treat_minutes(e->b, (size_t)t) : 0))
		;	/* at the offers or the recap, engine_shift.c said it */
	else if (!eng_shift_by(e, a.start)) {
		(void)apply_same(e);
		eng_plan_move_day(e, &a);
		eng_shift_by(e, a.start);
	}
	if (e->c.date[0] != '\0' || e->c.time[0] != '\0' ||
	    e->c.pref[0] != '\0') {
		propose(e, 0);
		return;
	}
	appt_vars(e, &a, v, date, sizeof(date), time, sizeof(time));
	eng_say(e, "ask_move_date", v, 4);
	eng_set_state(e, "ask_date");
}

void
eng_on_choose_appt(struct eng *e)
{
	struct eng_appt		 a;
	struct replies_var	 v[4];
	char			 date[64], time[16];
	int			 k;

	if (e->c.nids > 0) {
		struct eng_appt	 all[ENG_LIST];
		int		 mins[ENG_LIST], n, i;
		struct tz_local	 l;

		n = eng_load_appts(e, NULL, all, ENG_LIST);
		for (i = 0; i < n; i++) {
			tz_to_local(booking_tz(e->b), all[i].start, &l);
			mins[i] = l.hour * 60 + l.min;
		}
		k = n == e->c.nids ? engine_parse_choice(e->text, e->len,
		    mins, (size_t)n) : -1;
		/* "Lucy's", "the cleaning", "Tuesday's": the one the
		 * message names, as when it was first asked */
		if (k < 0 && n == e->c.nids)
			k = eng_plan_which(e, all, n);
		if (k < 0) {
			if (!eng_fail(e))
				pick_appt(e, strcmp(e->c.flow, "move") == 0 ?
				    "choose_appt_move" : "choose_appt_cancel");
			return;
		}
		e->c.fails = 0;
		memcpy(e->c.appt, e->c.ids[k], ENG_ID);
		e->c.nids = 0;
	}
	if (strcmp(e->c.flow, "move") == 0) {
		(void)eng_merge(e);
		eng_move_picked(e);
		return;
	}
	if (eng_load_appts(e, e->c.appt, &a, 1) != 1) {
		eng_say(e, "appt_gone", NULL, 0);
		eng_reset(e);
		return;
	}
	appt_vars(e, &a, v, date, sizeof(date), time, sizeof(time));
	eng_say(e, "confirm_cancel", v, 4);
	eng_set_state(e, "confirm_cancel");
}

void
eng_on_confirm_cancel(struct eng *e)
{
	struct eng_appt		 a;
	struct replies_var	 v[4];
	char			 date[64], time[16];
	int			 yn;

	yn = yesno(e);
	if (yn == -1 && e->nlu.intent == NLU_INTENT_CANCEL_APPOINTMENT)
		yn = 1;
	if (yn == -1) {
		if (!eng_fail(e))
			eng_on_choose_appt(e);
		return;
	}
	if (eng_load_appts(e, e->c.appt, &a, 1) != 1) {
		eng_say(e, "appt_gone", NULL, 0);
		eng_reset(e);
		return;
	}
	appt_vars(e, &a, v, date, sizeof(date), time, sizeof(time));
	if (yn == 0) {
		eng_say(e, "kept", v, 4);
		eng_reset(e);
		return;
	}
	e->act.kind = ENG_W_CANCEL;
	memcpy(e->act.appt, e->c.appt, ENG_ID);
	eng_say(e, "cancelled", v, 4);
	eng_reset(e);
}

/*
 * The window of the day the message asks for ("after 5pm", "at
 * lunchtime", "late afternoon"; engine_aside.c) into the context, in
 * place of the time or part of the day it was read as; any other time
 * or part of the day replaces a window.  Returns 1 when changed.
 */
int
eng_merge_window(struct eng *e)
{
	struct eng_ctx	*c = &e->c;
	int		 lo, hi, w, ch = 0;

	if ((w = eng_aside_window(e, &lo, &hi)) != 0) {
		/* "I start work at 9": over by then, the treatment's length
		 * (half an hour when not known yet) before it */
		if (w == 3) {
			int	 t = booking_find_treat(e->b, c->tr), d;

			d = t >= 0 ? booking_treat_minutes(e->b, (size_t)t) : -1;
			hi -= d > 0 ? d : 30;
			if (hi <= lo)
				hi = lo + 1;
			w = 2;
		}
		ch |= set_flag(&c->wlo, lo) | set_flag(&c->whi, hi);
		ch |= set_flag(&c->wlate, w == 2);
		ch |= set_field(c->time, sizeof(c->time), "");
		ch |= set_field(c->pref, sizeof(c->pref), "");
		c->around = 0;
		c->same = 0;
	} else if (eng_has(e, NLU_F_TIME) ||
	    eng_has(e, NLU_F_TIME_PREFERENCE) || c->same) {
		ch |= set_flag(&c->wlo, 0) | set_flag(&c->whi, 0);
		ch |= set_flag(&c->wlate, 0);
	}
	return ch;
}

int
eng_recap_answer(struct eng *e)
{
	return recap_answer(e);
}

/*
 * Ask again the question the flow waits on (after an aside): the recap,
 * the proposals, the treatment, the day, the appointment to pick, the
 * patient's name or birth date.
 */
void
eng_reask(struct eng *e)
{
	const char		*s = e->c.state;
	struct replies_var	 v[3];
	struct buf		 l;

	if (strcmp(s, "confirm") == 0 && e->c.nprops > 0)
		say_confirm(e);
	else if (strcmp(s, "choose_slot") == 0 && e->c.nprops > 0) {
		buf_init(&l, REPLIES_MAX);
		prop_list(e, &l);
		v[0] = (struct replies_var){ "treatment", e->c.tr };
		v[1] = (struct replies_var){ "practitioner", e->c.pr };
		v[2] = (struct replies_var){ "list", buf_str(&l) };
		eng_say(e, "proposals", v, 3);
		buf_free(&l);
	} else if (strcmp(s, "ask_treatment") == 0)
		ask_treatment(e);
	else if (strcmp(s, "choose_appt") == 0)
		pick_appt(e, strcmp(e->c.flow, "move") == 0 ?
		    "choose_appt_move" : "choose_appt_cancel");
	else if (strcmp(s, "confirm_cancel") == 0) {
		e->c.nids = 0;
		eng_on_choose_appt(e);
	} else if (strcmp(s, "ask_name") == 0)
		eng_say(e, "ask_name", NULL, 0);
	else if (strcmp(s, "ask_birth") == 0) {
		v[0] = (struct replies_var){ "first", e->c.first };
		v[1] = (struct replies_var){ "last", e->c.last };
		eng_say(e, "ask_birth", v, 2);
	} else if (strcmp(s, "ask_who") == 0)
		eng_ask_who(e);
	else
		eng_say(e, "aside_ask_date", NULL, 0);
}

/* The recap's question answered for another flow's recap (the
 * waitlist's offer); 1 when there was one. */
int
eng_book_recap_answer(struct eng *e)
{
	return recap_answer(e);
}
