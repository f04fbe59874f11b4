/*
 * engine_fix — readings of a message that depend on where the flow
 * stands, applied to the understood message before the flow reads it:
 * a correction at a recap keeps what it does not change ("non, plutôt
 * jeudi" keeps the recapped time; "not Dr Leal, Dr Bernard" names
 * Dr Bernard), and an emergency that also asks for an appointment keeps
 * the request.  Pure functions over the snapshot, like the rest of the
 * decision.  See engine_int.h.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "booking.h"
#include "engine_int.h"
#include "engine_parse.h"
#include "nlu.h"
#include "replies.h"
#include "tz.h"

#define FIX_NORM	1024	/* a normalised message, with its NUL */
#define FIX_BEFORE	24	/* bytes before a name searched for a "not" */

/* Words that, just before a practitioner's name, turn it away. */
static const char *const fix_not[] = {
	"not", "pas", "instead of", "rather than", "au lieu du",
	"au lieu de", "plutot que", "sans", "other than", "autre que", NULL
};

/* Words of a request for an appointment. */
static const char *const fix_request[] = {
	"rendez vous", "rdv", "appointment", "book", "booking", "reserver",
	"creneau", "slot", "me prendre", "me recevoir", "me voir", "me caser",
	"nous recevoir", "nous prendre", "la prendre", "le prendre",
	"le recevoir", "la recevoir", "venir", "passer", "see me", "fit me in",
	"squeeze me in", "get me in", "come in", "be seen", "see someone",
	"see him", "see her", "fit him in", "fit her in", "available",
	"disponible", "dispo", NULL
};

/* 1 when s (normalised) holds one of the phrases of list. */
static int
fix_any(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (engine_has_word(s, *list))
			return 1;
	return 0;
}

/* Offset of word w as a whole word in s, or -1. */
static long
fix_find(const char *s, const char *w)
{
	size_t		 n = strlen(w);
	const char	*p = s;

	if (n == 0)
		return -1;
	while ((p = strstr(p, w)) != NULL) {
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return (long)(p - s);
		p++;
	}
	return -1;
}

/*
 * 1 when the words just before offset at in s turn the name there away:
 * the words since the previous name named (offset prev, -1 for none),
 * at most FIX_BEFORE bytes.
 */
static int
fix_negated(const char *s, long at, long prev)
{
	char	 win[FIX_BEFORE + 1];
	long	 from = at > FIX_BEFORE ? at - FIX_BEFORE : 0;

	if (prev > from)
		from = prev;
	snprintf(win, sizeof(win), "%.*s", (int)(at - from), s + from);
	return fix_any(win, fix_not);
}

#define FIX_PRACS	32	/* practitioners looked for */

/*
 * "not Dr Leal, Dr Bernard", "pas le Dr Leal, le Dr Bernard", "Dr
 * Bernard instead of Dr Leal": when the message names two or more of
 * the clinic's practitioners (by last name) and exactly one of them is
 * not turned away, that one is the practitioner the message asks for.
 */
static void
fix_prac(struct eng *e, const char *s)
{
	char		 last[128];
	const char	*name, *sp;
	long		 at[FIX_PRACS], end[FIX_PRACS], prev;
	size_t		 i, j, n = booking_npracs(e->b);
	int		 named = 0, kept = -1, nkept = 0;

	if (n > FIX_PRACS)
		n = FIX_PRACS;
	for (i = 0; i < n; i++) {
		at[i] = -1;
		if ((name = booking_prac_name(e->b, i)) == NULL)
			continue;
		sp = strrchr(name, ' ');
		sp = sp != NULL ? sp + 1 : name;
		(void)engine_norm(sp, strlen(sp), last, sizeof(last));
		if ((at[i] = fix_find(s, last)) >= 0) {
			end[i] = at[i] + (long)strlen(last);
			named++;
		}
	}
	if (named < 2)
		return;
	for (i = 0; i < n; i++) {
		if (at[i] < 0)
			continue;
		prev = -1;
		for (j = 0; j < n; j++)
			if (at[j] >= 0 && at[j] < at[i] && end[j] > prev)
				prev = end[j];
		if (!fix_negated(s, at[i], prev)) {
			kept = (int)i;
			nkept++;
		}
	}
	if (nkept != 1)
		return;
	snprintf(e->nlu.val[NLU_F_PRACTITIONER], NLU_VALUE_MAX, "%s",
	    booking_prac_name(e->b, (size_t)kept));
	e->nlu.src[NLU_F_PRACTITIONER] = NLU_SRC_RULES;
}

/*
 * The message is read as if it said again the recapped time (and, with
 * day set, the recapped day): the picked proposal in the clinic's zone.
 */
static void
fix_say_pick(struct eng *e, int day)
{
	struct tz_local	l;

	tz_to_local(booking_tz(e->b), e->c.props[e->c.pick].start, &l);
	if (day) {
		snprintf(e->nlu.val[NLU_F_DATE], NLU_VALUE_MAX,
		    "%04d-%02d-%02d", l.year, l.month, l.day);
		e->nlu.src[NLU_F_DATE] = NLU_SRC_RULES;
	}
	snprintf(e->nlu.val[NLU_F_TIME], NLU_VALUE_MAX, "%02d:%02d",
	    l.hour, l.min);
	e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
	e->nlu.time_approx = 0;
}

/*
 * At a recap, a new day alone ("non, plutôt jeudi", "no, Thursday
 * instead", "plutôt le 1er décembre") keeps the recapped time: the
 * message is read as if it said it again.
 */
static void
fix_keep_time(struct eng *e)
{
	const struct nlu_result	*n = &e->nlu;
	int			 lo, hi;

	if (e->c.nprops <= 0 || e->c.pick < 0 || e->c.pick >= e->c.nprops ||
	    !eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_TIME) ||
	    eng_has(e, NLU_F_TIME_PREFERENCE) || n->same_time ||
	    eng_aside_window(e, &lo, &hi))
		return;
	/* "vous êtes ouverts samedi ?", "et dimanche ?" after such an
	 * answer: a question about the day, not a new one for the recap */
	if (e->c.dayq ||
	    (engine_parse_info(e->text, e->len) & ENGINE_INFO_HOURS))
		return;
	fix_say_pick(e, 0);
}

/*
 * At a recap, another practitioner or treatment alone ("plutôt avec le
 * Dr Bernard", "make it a check-up instead") keeps the recapped day and
 * time, even when they came from a pick in a list over a span: the
 * message is read as if it said them again, and that very time is
 * checked for the new request (a new recap when free, the nearest
 * times when not).
 */
static void
fix_keep_when(struct eng *e)
{
	const struct nlu_result	*n = &e->nlu;
	int			 lo, hi;

	if (e->c.nprops <= 0 || e->c.pick < 0 || e->c.pick >= e->c.nprops ||
	    (!eng_has(e, NLU_F_PRACTITIONER) &&
	    !eng_has(e, NLU_F_APPOINTMENT_TYPE)) ||
	    eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_DATE_RANGE) ||
	    eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_TIME_PREFERENCE) ||
	    n->same_time || eng_aside_window(e, &lo, &hi) || e->c.dayq ||
	    engine_parse_info(e->text, e->len) != 0)
		return;
	fix_say_pick(e, 1);
}

/* Words for the day of the appointment being discussed. */
static const char *const fix_same_day[] = {
	"meme jour", "le jour meme", "ce jour la", "same day", "that day",
	"that same day", NULL
};

/*
 * "what about 11 the same day?", "et 3 le même jour ?": with the day of
 * the appointment discussed, a lone number is an hour of that day (1 to
 * 6 in the afternoon), unless it may name an item of the list shown.
 */
static void
fix_same_day_hour(struct eng *e)
{
	int	 n;

	if (eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_TIME_PREFERENCE))
		return;
	n = engine_parse_number(e->text, e->len);
	if (n < 1 || n > 12 || n <= e->c.nprops)
		return;
	snprintf(e->nlu.val[NLU_F_TIME], NLU_VALUE_MAX, "%02d:00",
	    n <= 6 ? n + 12 : n);
	e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
	e->nlu.time_approx = 0;
}

/*
 * "le même jour", "the same day" (the extractor may read "today"): the
 * day of the appointment being discussed (the recap, the one moved),
 * else of the phone's next appointment (the one just booked, on a later
 * turn).
 */
static void
fix_same_date(struct eng *e, const char *s)
{
	struct eng_appt		 a;
	struct tz_local		 l;
	int64_t			 t;

	if (eng_has(e, NLU_F_DATE_RANGE) || !fix_any(s, fix_same_day) ||
	    engine_has_word(s, "aujourd hui") || engine_has_word(s, "today"))
		return;
	/* "ce jour-là j'ai le kiné, plutôt le mercredi": another day is
	 * named, "that day" is the one refused */
	if (engine_parse_weekday(e->text, e->len) >= 0 &&
	    (engine_has_word(s, "plutot") || engine_has_word(s, "instead") ||
	    engine_has_word(s, "rather") || engine_has_word(s, "pas") ||
	    engine_has_word(s, "can t") || engine_has_word(s, "cannot")))
		return;
	if (e->c.nprops > 0 && e->c.pick >= 0 && e->c.pick < e->c.nprops)
		t = e->c.props[e->c.pick].start;
	else if (e->c.appt[0] != '\0' &&
	    eng_load_appts(e, e->c.appt, &a, 1) == 1)
		t = a.start;
	else if (e->nappts > 0)
		t = e->appts[0].start;
	else
		return;
	tz_to_local(booking_tz(e->b), t, &l);
	snprintf(e->nlu.val[NLU_F_DATE], NLU_VALUE_MAX, "%04d-%02d-%02d",
	    l.year, l.month, l.day);
	e->nlu.src[NLU_F_DATE] = NLU_SRC_RULES;
	fix_same_day_hour(e);
}

/* Words a part of a message begins with; neg: what follows is not wanted
 * ("pas le blanchiment", "instead of a consultation"). */
struct fix_cutword {
	const char	*w;	/* lower case, as written (UTF-8) */
	int		 neg;
};

static const struct fix_cutword fix_cutwords[] = {
	{ "pas", 1 },			/* "non pas le blanchiment" */
	{ "not", 1 },			/* "not a whitening" */
	{ "instead of", 1 },		/* "a check-up instead of a ..." */
	{ "rather than", 1 },
	{ "other than", 1 },
	{ "au lieu du", 1 },		/* "au lieu du détartrage" */
	{ "au lieu de", 1 },
	{ "au lieu d", 1 },		/* "au lieu d'un" */
	{ "plutot que", 1 },
	{ "plut\xc3\xb4t que", 1 },	/* "plutôt que" */
	{ "sans", 1 },
	{ "mais", 0 },			/* "pas X mais Y": Y wanted */
	{ "but", 0 },
	{ "instead", 0 },		/* "a cleaning instead" (after "of") */
	{ NULL, 0 }
};

/* 1 when t[i..n) begins word w (ASCII letters any case) at a word start. */
static int
fix_word_at(const char *t, size_t n, size_t i, const char *w)
{
	size_t	 k, m = strlen(w);
	unsigned char c;

	if (i + m > n || (i > 0 && ((unsigned char)t[i - 1] >= 0x80 ||
	    ((t[i - 1] | 0x20) >= 'a' && (t[i - 1] | 0x20) <= 'z'))))
		return 0;
	for (k = 0; k < m; k++) {
		c = (unsigned char)t[i + k];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)w[k])
			return 0;
	}
	if (i + m == n)
		return 1;
	c = (unsigned char)t[i + m];
	return !(c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
}

/*
 * The cut-word beginning at t[i] (-1 none, else its negation flag),
 * its length in *len.
 */
static int
fix_cut_here(const char *t, size_t n, size_t i, size_t *len)
{
	const struct fix_cutword	*c;

	for (c = fix_cutwords; c->w != NULL; c++)
		if (fix_word_at(t, n, i, c->w)) {
			*len = strlen(c->w);
			return c->neg;
		}
	return -1;
}

#define FIX_PARTS	12	/* parts of a message read for a treatment */

/* One part of a message: its bytes and whether it is turned away. */
struct fix_part {
	size_t	 from, to;
	int	 neg;
};

/*
 * Cut text (n bytes) into parts at punctuation and at the cut-words,
 * into p (at most FIX_PARTS).  Returns their count.
 */
static int
fix_parts(const char *t, size_t n, struct fix_part *p)
{
	size_t	 i, len;
	int	 k = 0, neg;

	p[0].from = 0;
	p[0].neg = 0;
	for (i = 0; i < n && k < FIX_PARTS - 1; i++) {
		if (t[i] == ',' || t[i] == ';' || t[i] == '.' ||
		    t[i] == '!' || t[i] == '?' || t[i] == '\n') {
			p[k].to = i;
			p[++k].from = i + 1;
			p[k].neg = 0;
			continue;
		}
		if ((neg = fix_cut_here(t, n, i, &len)) < 0)
			continue;
		if (i > p[k].from) {
			p[k].to = i;
			p[++k].from = i;
		}
		p[k].neg = neg;
		i += len - 1;
	}
	p[k].to = n;
	return k + 1;
}

/*
 * At a recap, "pas le blanchiment, un détartrage", "not a whitening, a
 * cleaning", "a check-up instead of a consultation" (read whole, the
 * message names two treatments, so none): the message is cut
 * into parts, each read alone; when exactly one treatment is named in
 * parts not turned away, and it is not the one the message was read
 * as, it is the treatment asked for.  The day, time and practitioner
 * of the recap stay (the flow keeps what a message does not change).
 */
static void
fix_treat(struct eng *e)
{
	struct fix_part		 p[FIX_PARTS];
	struct nlu_result	 r;
	char			 want[NLU_VALUE_MAX];
	int			 np, i, nwant = 0, neg = 0;

	if (strcmp(e->c.flow, "book") != 0)
		return;
	want[0] = '\0';
	np = fix_parts(e->text, e->len, p);
	if (np < 2)
		return;
	for (i = 0; i < np; i++) {
		if (p[i].to <= p[i].from)
			continue;
		eng_plan_read(e, e->text + p[i].from, p[i].to - p[i].from,
		    &r);
		if (r.val[NLU_F_APPOINTMENT_TYPE][0] == '\0')
			continue;
		if (p[i].neg) {
			neg = 1;
			continue;
		}
		if (strcmp(want, r.val[NLU_F_APPOINTMENT_TYPE]) == 0)
			continue;
		snprintf(want, sizeof(want), "%s",
		    r.val[NLU_F_APPOINTMENT_TYPE]);
		nwant++;
	}
	if (nwant != 1 || !neg ||
	    strcmp(want, e->nlu.val[NLU_F_APPOINTMENT_TYPE]) == 0)
		return;
	snprintf(e->nlu.val[NLU_F_APPOINTMENT_TYPE], NLU_VALUE_MAX, "%s",
	    want);
	e->nlu.src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_RULES;
}

/* Other words that make a time rough, beside "about". */
static const char *const fix_rough[] = {
	"around", "vers", "environ", "roughly", "approximately", "approx",
	"ish", "or so", "autour", "alentours", "towards", NULL
};

/*
 * "what about 2pm?", "how about 3pm that same day?": a time proposed,
 * not a rough one ("about 2pm" alone is): the exact time is asked.
 */
static void
fix_what_about(struct eng *e, const char *s)
{
	const char	*p;
	int		 abouts = 0;

	if (!e->nlu.time_approx ||
	    (!engine_has_word(s, "what about") &&
	    !engine_has_word(s, "how about")) || fix_any(s, fix_rough))
		return;
	for (p = s; (p = strstr(p, "about")) != NULL; p++)
		abouts++;
	if (abouts == 1)
		e->nlu.time_approx = 0;
}

/*
 * During a move, a day or a time said with booking words ("friday
 * morning would be good", read as a request to book) and no treatment
 * is the move's wish, not a new booking.
 */
static void
fix_move_wish(struct eng *e)
{
	if (strcmp(e->c.flow, "move") != 0 ||
	    e->nlu.intent != NLU_INTENT_BOOK_APPOINTMENT ||
	    eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    (strcmp(e->c.state, "ask_date") != 0 &&
	    strcmp(e->c.state, "choose_slot") != 0 &&
	    strcmp(e->c.state, "confirm") != 0))
		return;
	e->nlu.intent = NLU_INTENT_MODIFY_APPOINTMENT;
	e->nlu.intent_src = NLU_SRC_RULES;
}

/* Phrases that turn a day of the message away ("mardi je peux plus"). */
static const char *const fix_refuse[] = {
	"peux plus", "peux pas", "pourrai pas", "pourrai plus",
	"pourrais pas", "va plus", "va pas", "vais pas", "marche pas",
	"marche plus", "convient pas", "convient plus", "arrange pas",
	"arrange plus", "impossible", "pas possible", "plus possible",
	"pas", "not", "can t", "cannot", "cant", "no longer", "doesn t work",
	"doesnt work", "won t work", "no good", "au lieu", "instead of",
	"rather than", "plutot que", "other than", "autre que", NULL
};

#define FIX_DAYS	8	/* parts of a message read for a day */

/*
 * The end of the part of text (n bytes) that begins at i: a comma, a
 * semicolon, a line or sentence end, or the words "mais", "but", "et",
 * "and" that join two parts.
 */
static size_t
fix_day_part_end(const char *t, size_t n, size_t i)
{
	static const char *const joins[] = { "mais", "but", "et", "and",
		NULL };
	const char *const	*j;
	size_t			 k;

	for (k = i + 1; k < n; k++) {
		if (t[k] == ',' || t[k] == ';' || t[k] == '\n' ||
		    ((t[k] == '.' || t[k] == '!' || t[k] == '?') &&
		    (k + 1 == n || t[k + 1] == ' ')))
			return k;
		for (j = joins; *j != NULL; j++)
			if (t[k - 1] == ' ' && fix_word_at(t, n, k, *j))
				return k;
	}
	return n;
}

/*
 * While a day is being chosen or recapped, "plutôt jeudi 1er avril même
 * heure, mardi je peux plus", "Monday instead, Tuesday doesn't work":
 * read whole, the message gives the last day it names.  Its parts are
 * read alone; when exactly two days are named, in parts of which
 * exactly one turns its day away, the other part's day (and its time or
 * "same time") is the one asked for.
 */
static void
fix_refused_day(struct eng *e)
{
	struct nlu_result	 r[FIX_DAYS];
	char			 s[FIX_NORM];
	size_t			 i, end;
	int			 np = 0, k, want = -1, refused = 0, days = 0;

	if (strcmp(e->c.state, "confirm") != 0 &&
	    strcmp(e->c.state, "choose_slot") != 0 &&
	    strcmp(e->c.state, "ask_date") != 0)
		return;
	/* A part's words are the message's: with no refusal in the whole
	 * message no part turns its day away, and the parts need not be
	 * read (each reading is the extractor's whole work again). */
	if (e->len < FIX_NORM) {
		(void)engine_norm(e->text, e->len, s, sizeof(s));
		if (!fix_any(s, fix_refuse))
			return;
	}
	for (i = 0; i < e->len && np < FIX_DAYS; i = end) {
		end = fix_day_part_end(e->text, e->len, i);
		if (end < e->len && (unsigned char)e->text[end] < 'A')
			end++;	/* past the punctuation, not a join word */
		eng_plan_read(e, e->text + i, end - i, &r[np]);
		if (r[np].val[NLU_F_DATE][0] == '\0')
			continue;
		days++;
		(void)engine_norm(e->text + i, end - i, s, sizeof(s));
		if (fix_any(s, fix_refuse))
			refused++;
		else
			want = np;
		np++;
	}
	if (days != 2 || refused != 1 || want < 0 ||
	    strcmp(r[0].val[NLU_F_DATE], r[1].val[NLU_F_DATE]) == 0)
		return;
	k = want;
	memcpy(e->nlu.val[NLU_F_DATE], r[k].val[NLU_F_DATE], NLU_VALUE_MAX);
	e->nlu.src[NLU_F_DATE] = NLU_SRC_RULES;
	if (r[k].val[NLU_F_TIME][0] != '\0') {
		memcpy(e->nlu.val[NLU_F_TIME], r[k].val[NLU_F_TIME],
		    NLU_VALUE_MAX);
		e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
		e->nlu.time_approx = r[k].time_approx;
	}
	e->nlu.same_time = e->nlu.same_time || r[k].same_time;
}

/*
 * "ok le 1", "oui le 2 finalement", "the 1 is fine" at the recap of an
 * item of a list: the number names an item, not the 1st or the 2nd of
 * a month; the date read from it alone is dropped (a day word or a
 * month beside it keeps it), and the item is picked as in the list.
 */
static void
fix_list_number(struct eng *e)
{
	int	 k, y, m, d;

	if (e->c.nprops < 2 || e->c.pick < 0 || !eng_has(e, NLU_F_DATE) ||
	    nlu_parse_ymd(e->nlu.val[NLU_F_DATE], &y, &m, &d) != 0 ||
	    engine_parse_dayword(e->text, e->len))
		return;
	k = engine_parse_choice(e->text, e->len, NULL, (size_t)e->c.nprops);
	if (k < 0 || d != k + 1)
		return;
	e->nlu.val[NLU_F_DATE][0] = '\0';
	e->nlu.src[NLU_F_DATE] = NLU_SRC_NONE;
}

void
eng_fix_nlu(struct eng *e)
{
	char	 s[FIX_NORM];

	if (e->b == NULL)
		return;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if (strcmp(e->c.state, "confirm") == 0)
		fix_list_number(e);
	fix_refused_day(e);
	fix_same_date(e, s);
	fix_what_about(e, s);
	fix_move_wish(e);
	if (strcmp(e->c.state, "confirm") != 0)
		return;
	fix_prac(e, s);
	fix_treat(e);
	fix_keep_time(e);
	fix_keep_when(e);
}

/*
 * The clinic's treatment for emergencies ("Urgence dentaire",
 * "Emergency visit"), when it has one, as the message's treatment.
 */
static void
fix_urgent_treat(struct eng *e)
{
	char		 s[256];
	const char	*name;
	size_t		 t;

	for (t = 0; t < booking_ntreats(e->b); t++) {
		if ((name = booking_treat_name(e->b, t)) == NULL)
			continue;
		(void)engine_norm(name, strlen(name), s, sizeof(s));
		if (strncmp(s, "urgen", 5) == 0 ||
		    strncmp(s, "emergenc", 8) == 0 ||
		    engine_has_word(s, "urgence") ||
		    engine_has_word(s, "emergency")) {
			snprintf(e->nlu.val[NLU_F_APPOINTMENT_TYPE],
			    NLU_VALUE_MAX, "%s", name);
			e->nlu.src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_RULES;
			return;
		}
	}
}

int
eng_fix_emergency(struct eng *e)
{
	char	 s[FIX_NORM];

	if (e->b == NULL)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if (!fix_any(s, fix_request) && !eng_has(e, NLU_F_PRACTITIONER))
		return 0;
	if (!eng_has(e, NLU_F_APPOINTMENT_TYPE))
		fix_urgent_treat(e);
	if (e->media > 0)
		eng_say(e, "media_received", NULL, 0);
	eng_emergency(e);
	eng_book_start(e);
	return 1;
}

const char *
eng_fix_treat_name(const struct eng *e, size_t t)
{
	struct nlu_lists	 l;
	const char		*canon = booking_treat_name(e->b, t);

	memset(&l, 0, sizeof(l));
	l.treatments = booking_treat_names(e->b);
	l.ntreatments = booking_ntreats(e->b);
	l.aliases = booking_treat_aliases(e->b, &l.naliases);
	return replies_treatment(&l, canon, e->lang);
}

/* The first and last name of patient pid among the phone's, or NULL. */
static const struct eng_patient *
fix_patient(const struct eng *e, const char *pid)
{
	int	 i;

	for (i = 0; i < e->npats; i++)
		if (strcmp(e->pats[i].id, pid) == 0)
			return &e->pats[i];
	return NULL;
}

/* 1 when the message names another of the phone's patients than cur. */
static int
fix_other_known(const struct eng *e, const struct eng_patient *cur)
{
	char	 s[FIX_NORM], f[ENG_NAME];
	int	 i;

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; i < e->npats; i++) {
		if (&e->pats[i] == cur || engine_norm(e->pats[i].first,
		    strlen(e->pats[i].first), f, sizeof(f)) == 0)
			continue;
		if (engine_has_word(s, f))
			return 1;
	}
	return 0;
}

int
eng_fix_recap_who(struct eng *e)
{
	const struct eng_patient	*cur;
	char			 old[ENG_ID];
	int			 other, named, r;

	if (strcmp(e->c.state, "confirm") != 0 ||
	    strcmp(e->c.flow, "book") != 0 || e->c.pid[0] == '\0' ||
	    (e->nlu.intent == NLU_INTENT_AFFIRMATIVE &&
	    e->nlu.intent_src == NLU_SRC_RULES))
		return 0;
	other = engine_parse_someone_else(e->text, e->len);
	cur = fix_patient(e, e->c.pid);
	named = eng_has(e, NLU_F_FIRST_NAME) && cur != NULL &&
	    strcasecmp(cur->first, e->nlu.val[NLU_F_FIRST_NAME]) != 0;
	if (!other && !named && !fix_other_known(e, cur))
		return 0;
	memcpy(old, e->c.pid, ENG_ID);
	e->c.pid[0] = '\0';
	if ((r = eng_plan_who(e)) == 0 || (r == 1 &&
	    strcmp(e->c.pid, old) == 0)) {
		memcpy(e->c.pid, old, ENG_ID);
		return 0;
	}
	if (r == 1)
		eng_book_recap(e);
	return 1;
}

/* Words of a range of days later than the appointment's day. */
static const char *const fix_later_week[] = {
	"plus tard dans la semaine", "plus tard cette semaine",
	"plus loin dans la semaine", "en fin de semaine", "fin de semaine",
	"dans la semaine", "cette semaine", "later in the week",
	"later this week", "later that week", "later on in the week",
	"end of the week", "end of this week", "this week", NULL
};

/* Words of the week after. */
static const char *const fix_next_week[] = {
	"semaine prochaine", "semaine d apres", "semaine suivante",
	"next week", "following week", "the week after", NULL
};

/* Words that give up a booked appointment's day for another. */
static const char *const fix_move_words[] = {
	"peux plus", "peux pas", "pourrai pas", "pourrais pas", "pourrai plus",
	"ne va plus", "va plus", "ne va pas", "vais pas pouvoir",
	"empeche", "empechement", "plutot", "a la place", "autre jour",
	"decaler", "deplacer", "reporter", "changer", "can t", "cannot",
	"can not", "cant", "won t be able", "wont be able", "unable",
	"instead", "another day", "other day", "move", "reschedule",
	"postpone", "push", "change", "no longer", NULL
};

/* Words of a cancellation: the range is not a move then. */
static const char *const fix_cancel_words[] = {
	"annuler", "annule", "annulez", "annulation", "cancel", "cancelled",
	"canceled", NULL
};

/* Local day number (tz_days_from_civil) of instant t. */
static int64_t
fix_day(const struct eng *e, int64_t t)
{
	struct tz_local	 l;

	tz_to_local(booking_tz(e->b), t, &l);
	return tz_days_from_civil(l.year, l.month, l.day);
}

/*
 * The day the message gives up ("demain", "tomorrow", "jeudi", "on
 * Tuesday"): its day number, or -1 when it names none.
 */
static int64_t
fix_from_day(const struct eng *e, const char *s)
{
	static const char *const fr[] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche" };
	static const char *const en[] = { "monday", "tuesday", "wednesday",
	    "thursday", "friday", "saturday", "sunday" };
	int64_t		 today = fix_day(e, e->now);
	int		 w, found = -1;

	if (engine_has_word(s, "apres demain") ||
	    engine_has_word(s, "day after tomorrow"))
		return today + 2;
	if (engine_has_word(s, "demain") || engine_has_word(s, "tomorrow"))
		return today + 1;
	if (engine_has_word(s, "aujourd hui") || engine_has_word(s, "today"))
		return today;
	for (w = 0; w < 7; w++) {
		if (!engine_has_word(s, fr[w]) && !engine_has_word(s, en[w]))
			continue;
		if (found >= 0)
			return -1;
		found = w;
	}
	if (found < 0)
		return -1;
	return today + (found - tz_weekday(today) + 7) % 7;
}

/*
 * The appointment the range move is about: the only one, else the one
 * on the day the message gives up.  Its index in a, or -1.
 */
static int
fix_range_appt(const struct eng *e, const char *s, const struct eng_appt *a,
    int n)
{
	int64_t	 d;
	int	 i, k = -1, hits = 0;

	if (n == 1)
		return 0;
	if ((d = fix_from_day(e, s)) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (fix_day(e, a[i].start) == d) {
			k = i;
			hits++;
		}
	return hits == 1 ? k : -1;
}

/* Day number d as "YYYY-MM-DD" into out (24 bytes). */
static void
fix_ymd(int64_t d, char out[24])
{
	int	 y, m, dd;

	tz_civil_from_days(d, &y, &m, &dd);
	snprintf(out, 24, "%04d-%02d-%02d", y, m, dd);
}

/* 1 when the treatment the message names is not appointment a's. */
static int
fix_other_treat(const struct eng *e, const struct eng_appt *a)
{
	int	 t = booking_find_treat(e->b, a->treat);

	if (t < 0)
		t = booking_find_treat(e->b, a->tname);
	return t < 0 || t != booking_find_treat(e->b,
	    e->nlu.val[NLU_F_APPOINTMENT_TYPE]);
}

int
eng_fix_range(struct eng *e)
{
	struct eng_appt	 a[ENG_LIST], ap;
	struct tz_local	 l;
	char		 s[FIX_NORM], from[24], to[24], hm[16];
	int64_t		 d, lo, hi, base;
	int		 later, next, n, i, moving, remind = 0;

	if (e->b == NULL)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	later = fix_any(s, fix_later_week);
	next = fix_any(s, fix_next_week);
	if ((!later && !next) || fix_any(s, fix_cancel_words))
		return 0;
	moving = strcmp(e->c.flow, "move") == 0 && e->c.appt[0] != '\0' &&
	    (strcmp(e->c.state, "ask_date") == 0 ||
	    strcmp(e->c.state, "choose_slot") == 0);
	if (moving) {
		if (eng_load_appts(e, e->c.appt, &ap, 1) != 1)
			return 0;
	} else {
		remind = strcmp(e->c.state, "remind") == 0 &&
		    e->c.appt[0] != '\0';
		if ((strcmp(e->c.state, "idle") != 0 && !remind) ||
		    (!fix_any(s, fix_move_words) &&
		    !(e->nlu.intent == NLU_INTENT_MODIFY_APPOINTMENT &&
		    e->nlu.intent_src == NLU_SRC_RULES)))
			return 0;
		/* the reminder's appointment, else the one given up */
		if (remind) {
			if (eng_load_appts(e, e->c.appt, &ap, 1) != 1)
				return 0;
		} else {
			n = eng_load_appts(e, NULL, a, ENG_LIST);
			if (n <= 0 || (i = fix_range_appt(e, s, a, n)) < 0)
				return 0;
			ap = a[i];
		}
		/* another treatment named: a new booking, not this move */
		if (eng_has(e, NLU_F_APPOINTMENT_TYPE) &&
		    fix_other_treat(e, &ap))
			return 0;
	}
	d = fix_day(e, ap.start);
	if (next) {
		/* the week after this one (or after the appointment's) */
		base = fix_day(e, e->now);
		if (d > base)
			base = d;
		lo = base - tz_weekday(base) + 7;
		hi = lo + 6;
	} else {
		lo = d + 1;
		hi = d + 6 - tz_weekday(d);
		if (hi < lo)
			hi = lo + 6;
	}
	fix_ymd(lo, from);
	fix_ymd(hi, to);
	eng_reset(e);
	snprintf(e->c.flow, sizeof(e->c.flow), "move");
	(void)eng_merge(e);
	memcpy(e->c.appt, ap.id, ENG_ID);
	snprintf(e->c.date, sizeof(e->c.date), "%.10s", from);
	snprintf(e->c.until, sizeof(e->c.until), "%.10s", to);
	e->c.wdays = 0;
	/* "tomorrow at 10" names the appointment given up, not a wish */
	if (e->c.time[0] != '\0') {
		tz_to_local(booking_tz(e->b), ap.start, &l);
		snprintf(hm, sizeof(hm), "%02d:%02d", l.hour, l.min);
		if (strcmp(hm, e->c.time) == 0)
			e->c.time[0] = '\0';
	}
	if (remind) {
		/* the answer to the reminder, for the commit to record */
		snprintf(e->resp, sizeof(e->resp), "move_requested");
		memcpy(e->resp_appt, ap.id, ENG_ID);
	}
	eng_move_picked(e);
	return 1;
}
