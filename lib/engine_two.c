/*
 * engine_two — two people in one message, and a pick from the list
 * Sophie just offered.
 *
 * "un rdv pour ma mère et moi le même jour, elle à 9h moi à 9h30",
 * "book me and my son, me at 10am and him right after": the message is
 * cut where each person's time is said; the two requests are handled in
 * the order given, each for its own person at its own time, each with
 * its own recap and yes.  The one handled second waits in the context
 * (eng_ctx.next) as a clause: the message's common part (treatment,
 * practitioner, day, the relative's name) followed by that person's
 * time.  A clause that is the writer's own request begins with the
 * marker TWO_ME, followed by the writer's patient id when it was known
 * and TWO_ME again; the writer is then never taken for the relative the
 * clause names, and a new phone is asked its own name.  The other
 * person's clause begins with TWO_OTHER: their name is read from the
 * message, or asked (never "who is it for?": the message said).
 *
 * "check-ups for Lily and Max at 10:00 and 10:30", "mia at 4pm and tom
 * at 5pm": two of the phone's patients named with two times; each is
 * handled the same way, the second's clause carrying its patient's id.
 *
 * Picks: "11 is good", "11 ça me va" (an hour said alone), "the later
 * one", "le plus tôt" among the proposals.  See engine_int.h.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "booking.h"
#include "slots.h"
#include "replies.h"
#include "engine_parse.h"
#include "engine_int.h"
#include "tz.h"

#define TWO_ME		'\x1e'	/* begins the writer's own clause */
#define TWO_OTHER	'\x1f'	/* begins the other person's clause */
/* Begins a clause whose time is "right after" the request before it:
 * when that one was booked, the clause follows the time booked. */
#define TWO_AFTER	'\x1d'
/* After TWO_AFTER: "HH:MM" follows, the time said for that clause
 * since ("2pm for Noah and 3pm for Ethan"), kept over "right after". */
#define TWO_AT		'\x1c'
#define TWO_NORM	1024	/* normalised text looked at */
#define TWO_PARTS	32	/* parts a message is cut in */

/* The TWO_AFTER marker as a string. */
static const char after_mark[] = { TWO_AFTER, '\0' };

/* Words that begin one person's part ("elle à 9h moi à 9h30"). */
static const char *const person_words[] = {
	"moi", "elle", "lui", "me", "him", "her", "she", "he", "myself",
	NULL
};

/* Words of the one writing, in a part. */
static const char *const self_words[] = {
	"moi", "me", "myself", "i", "je", NULL
};

/* Phrases saying the request is also for the one writing. */
static const char *const self_phrases[] = {
	"pour moi", "for me", "for myself", "moi a", "me at", "moi et",
	"me and", "myself and", "et moi", "and me", "and myself",
	"and i", "et pour moi", "book me", "moi aussi", "me too", NULL
};

/* Phrases before the writer's own first name ("c'est Sandrine"). */
static const char *const intro_phrases[] = {
	"c est", "ici", "je suis", "je m appelle", "moi c est", "it s",
	"it is", "this is", "i am", "i m", "my name is", "my name s", NULL
};

/* "right after": the second time is the first's end. */
static const char *const after_phrases[] = {
	"juste apres", "tout de suite apres", "just after", "right after",
	"straight after", "directly after", "immediately after",
	"apres moi", "apres elle", "apres lui", "after me", "after him",
	"after her", "dans la foulee", "a la suite", "juste derriere",
	NULL
};

/* Picks by order in time among the proposals. */
static const char *const latest_phrases[] = {
	"the later one", "the later", "later one", "the latest",
	"latest one", "le plus tard", "la plus tard", "le plus tardif",
	"la plus tardive", "celui le plus tard", "l heure la plus tardive",
	"is latest", "s latest", "latest possible", "as late as possible",
	"whichever is later", "le plus tard possible",
	"aussi tard que possible", "le plus en fin", NULL
};
static const char *const earliest_phrases[] = {
	"the earlier one", "the earlier", "earlier one", "the earliest",
	"earliest one", "le plus tot", "la plus tot", "celui le plus tot",
	"l heure la plus tot", "is earliest", "s earliest",
	"earliest possible", "as early as possible", "whichever is earlier",
	"the soonest", "le plus tot possible", "aussi tot que possible",
	NULL
};

/* 1 when normalised s contains one of the phrases of list. */
static int
has_any(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (engine_has_word(s, *list))
			return 1;
	return 0;
}

/* 1 when s begins with one of the words of list. */
static int
has_any_at(const char *s, const char *const *list)
{
	size_t	 n;

	for (; *list != NULL; list++) {
		n = strlen(*list);
		if (strncmp(s, *list, n) == 0 && (s[n] == ' ' || s[n] == '\0'))
			return 1;
	}
	return 0;
}

/* Local minutes from midnight of t. */
static int
local_min(const struct eng *e, int64_t t)
{
	struct tz_local	 l;

	tz_to_local(booking_tz(e->b), t, &l);
	return l.hour * 60 + l.min;
}

/*
 * An hour said alone among the proposals ("11 is good", "11 ça me va",
 * "at 4", "11 30"): the proposal at that hour (on the hour first, or
 * the only one in that hour; "4" may be 4 pm).  Returns its index or -1.
 */
static int
pick_hour(const struct eng *e, const char *s)
{
	const char	*p;
	int		 v, m, i, k, hits, want;

	for (p = s; *p != '\0'; p++) {
		if ((p != s && p[-1] != ' ') || *p < '0' || *p > '9')
			continue;
		v = *p - '0';
		if (p[1] >= '0' && p[1] <= '9')
			v = v * 10 + p[1] - '0';
		k = v >= 10 ? 2 : 1;
		if (p[k] != ' ' && p[k] != '\0')
			continue;
		m = -1;
		if (p[k] == ' ' && p[k + 1] >= '0' && p[k + 1] <= '5' &&
		    p[k + 2] >= '0' && p[k + 2] <= '9' &&
		    (p[k + 3] == ' ' || p[k + 3] == '\0'))
			m = (p[k + 1] - '0') * 10 + p[k + 2] - '0';
		if (v > 23)
			return -1;
		for (want = v; want <= v + 12 && want < 24; want += 12) {
			hits = 0;
			k = -1;
			for (i = 0; i < e->c.nprops; i++) {
				int	 x = local_min(e, e->c.props[i].start);

				if (x / 60 != want ||
				    (m >= 0 && x % 60 != m))
					continue;
				if (m < 0 && x % 60 == 0)
					return i;
				hits++;
				k = i;
			}
			if (hits == 1)
				return k;
			if (hits > 1 || v >= 12)
				return -1;
		}
		return -1;
	}
	return -1;
}

void
eng_two_nlu(struct eng *e)
{
	char	 s[TWO_NORM];
	int	 m;

	if (strcmp(e->c.state, "choose_slot") != 0 || e->c.nprops < 1 ||
	    eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_DATE) ||
	    eng_has(e, NLU_F_DATE_RANGE) || eng_two_pick(e) >= 0 ||
	    engine_parse_choice(e->text, e->len, NULL,
	    (size_t)e->c.nprops) >= 0)
		return;
	engine_norm(e->text, e->len, s, sizeof(s));
	/* a short answer only: "11 is good", "16 ça m'irait" */
	if (strlen(s) > 24 || (m = engine_bare_hour(s, NULL, 23)) < 0)
		return;
	snprintf(e->nlu.val[NLU_F_TIME], NLU_VALUE_MAX, "%02d:00", m);
	e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
	e->nlu.time_approx = 0;
}

/* The latest (last 1) or earliest (0) proposal's index. */
static int
pick_order(const struct eng *e, int last)
{
	int	 i, k = 0;

	for (i = 1; i < e->c.nprops; i++)
		if (last ? e->c.props[i].start > e->c.props[k].start :
		    e->c.props[i].start < e->c.props[k].start)
			k = i;
	return k;
}

int
eng_two_pick(const struct eng *e)
{
	char	 s[TWO_NORM];

	if (e->c.nprops < 1)
		return -1;
	engine_norm(e->text, e->len, s, sizeof(s));
	if (e->c.nprops > 1 && has_any(s, latest_phrases))
		return pick_order(e, 1);
	if (e->c.nprops > 1 && has_any(s, earliest_phrases))
		return pick_order(e, 0);
	if (engine_parse_dayword(e->text, e->len))
		return -1;
	return pick_hour(e, s);
}

/*
 * The message taken as a booking request of the rules for who (a
 * patient's id, "me" or "other"), handled as at idle.  Returns 1.
 */
static int
book_for(struct eng *e, const char *who)
{
	e->nlu.intent = NLU_INTENT_BOOK_APPOINTMENT;
	e->nlu.intent_src = NLU_SRC_RULES;
	snprintf(e->plan_self, ENG_ID, "%s", who);
	eng_dispatch_idle(e);
	e->plan_self[0] = '\0';
	return 1;
}

/* One person's part of the message. */
struct two_part {
	size_t	 from, to;	/* bytes of the message */
	char	 time[6];	/* "HH:MM", or "" for "right after" */
	int	 self;		/* says "moi" / "me" */
	int	 after;		/* the time was "right after" the other */
};

/* 1 when the word w (normalised, ASCII) begins text at i. */
static int
word_at(const char *t, size_t n, size_t i, const char *w)
{
	size_t	 k, m = strlen(w);

	if (i > 0 && t[i - 1] != ' ' && t[i - 1] != ',')
		return 0;
	if (i + m > n)
		return 0;
	for (k = 0; k < m; k++) {
		char c = t[i + k];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[k])
			return 0;
	}
	return i + m == n || t[i + m] == ' ' || t[i + m] == ',';
}

/*
 * Where text (n bytes) may be cut between two people: at commas, line
 * and sentence ends, "et"/"and", and before a person's word ("moi",
 * "elle", "him"...).  Into cut[] (at most max), in order; their count.
 */
static int
two_cuts(const char *t, size_t n, size_t *cut, int max)
{
	static const char *const joins[] = { "et", "and", "puis", "then",
		NULL };
	const char *const	*w;
	size_t			 i;
	int			 k = 0;

	for (i = 1; i < n && k < max; i++) {
		if (t[i] == ',' || t[i] == '\n' || t[i] == ';' ||
		    ((t[i] == '.' || t[i] == '?' || t[i] == '!') &&
		    i + 1 < n && t[i + 1] == ' ')) {
			cut[k++] = i;
			continue;
		}
		if (t[i - 1] != ' ')
			continue;
		for (w = joins; *w != NULL && k < max; w++)
			if (word_at(t, n, i, *w))
				cut[k++] = i;
		for (w = person_words; *w != NULL && k < max; w++)
			if (word_at(t, n, i, *w) &&
			    (k == 0 || cut[k - 1] != i))
				cut[k++] = i;
	}
	return k;
}

/* Skip separators and join words at the start of a part. */
static size_t
skip_lead(const char *t, size_t n, size_t i)
{
	for (;;) {
		while (i < n && (t[i] == ' ' || t[i] == ',' ||
		    t[i] == '\n' || t[i] == '.' || t[i] == ';'))
			i++;
		if (word_at(t, n, i, "et") || word_at(t, n, i, "and"))
			i += t[i] == 'e' || t[i] == 'E' ? 2 : 3;
		else
			return i;
	}
}

/*
 * The parts of e's message that give one person's time, in order, into
 * p[] (two at most): a time said, or "right after".  Returns their
 * count, or -1 when the message does not read as two people's times.
 */
static int
two_parts(struct eng *e, struct two_part *p)
{
	struct nlu_result	 r;
	size_t			 cut[TWO_PARTS + 2], k;
	char			 s[TWO_NORM];
	int			 nc, i, np = 0;

	nc = two_cuts(e->text, e->len, cut + 1, TWO_PARTS);
	cut[0] = 0;
	cut[nc + 1] = e->len;
	for (i = 0; i <= nc; i++) {
		k = skip_lead(e->text, cut[i + 1], cut[i]);
		if (k >= cut[i + 1])
			continue;
		engine_norm(e->text + k, cut[i + 1] - k, s, sizeof(s));
		eng_plan_read(e, e->text + k, cut[i + 1] - k, &r);
		if (strlen(r.val[NLU_F_TIME]) == 5 && np == 2 &&
		    p[1].time[0] == '\0' && !has_any(s, person_words)) {
			/* "lui juste après, à 14h30 si possible" */
			memcpy(p[1].time, r.val[NLU_F_TIME], 6);
			p[1].to = cut[i + 1];
			continue;
		}
		if (strlen(r.val[NLU_F_TIME]) != 5 &&
		    (!has_any(s, after_phrases) || np != 1))
			continue;
		/* a third time: not two people's */
		if (np == 2)
			return -1;
		if (strlen(r.val[NLU_F_TIME]) == 5)
			memcpy(p[np].time, r.val[NLU_F_TIME], 6);
		else
			p[np].time[0] = '\0';
		p[np].from = k;
		p[np].to = cut[i + 1];
		p[np].self = has_any(s, self_words);
		p[np].after = 0;
		np++;
	}
	if (np != 2 || strcmp(p[0].time, p[1].time) == 0)
		return -1;
	return np;
}

/* "HH:MM" of hh:mm plus add minutes, into out (6 bytes); -1 past 24h. */
static int
add_minutes(const char *hhmm, int add, char out[6])
{
	int	 m;

	m = ((hhmm[0] - '0') * 10 + hhmm[1] - '0') * 60 +
	    (hhmm[3] - '0') * 10 + hhmm[4] - '0' + add;
	if (m < 0 || m >= 24 * 60)
		return -1;
	snprintf(out, 6, "%02d:%02d", m / 60, m % 60);
	return 0;
}

/*
 * The day of "YYYY-MM-DD" ymd as words a message would say it ("le
 * mardi 24 novembre", "on Tuesday 24 November"), into out (sz bytes);
 * "" when ymd is not a date.
 */
static void
day_words(const struct eng *e, const char *ymd, char *out, size_t sz)
{
	const char	*wd, *mo;
	long		 days;
	int		 y, m, d;

	out[0] = '\0';
	if (nlu_parse_ymd(ymd, &y, &m, &d) != 0)
		return;
	days = (long)tz_days_from_civil(y, m, d);
	/* 1970-01-01 was a Thursday (3, Monday being 0) */
	wd = replies_weekday(e->lang, (int)(((days % 7) + 7 + 3) % 7));
	mo = replies_month(e->lang, m);
	if (wd == NULL || mo == NULL)
		return;
	snprintf(out, sz, "%s %s %d %s", e->lang == REPLIES_FR ? "le" : "on",
	    wd, d, mo);
}

/*
 * The bytes of part p worth keeping in the other person's clause: up to
 * a "right after" (the clause says its own time), else all of it.
 */
static int
other_len(const struct eng *e, const struct two_part *p)
{
	char	 s[TWO_NORM];
	size_t	 i;
	const char *const *w;

	for (i = p->from; i < p->to; i++) {
		if (i > p->from && e->text[i - 1] != ' ')
			continue;
		engine_norm(e->text + i, p->to - i, s, sizeof(s));
		for (w = after_phrases; *w != NULL; w++)
			if (strncmp(s, *w, strlen(*w)) == 0 &&
			    (s[strlen(*w)] == ' ' || s[strlen(*w)] == '\0'))
				return (int)(i - p->from);
	}
	return (int)(p->to - p->from);
}

/*
 * The clause of the request handled second: the message without the two
 * parts (but the other person's own words, which name them), the day
 * when it was said only in them, then its time, in the patient's
 * language; a clause whose patient is known or is the writer begins
 * with TWO_ME (and that patient's id when known), the other's with
 * TWO_OTHER.  Returns its length, or 0 when it does not fit.
 */
/*
 * Where the message's common part before the first part ends, for the
 * other person's clause: before the words of the first person's own
 * request ("je voudrais un détartrage pour" before "moi à 9h") when
 * they name a treatment and the other person's part names its own ("et
 * un contrôle pour ma fille"); else at the first part.
 */
static size_t
prefix_end(const struct eng *e, const struct two_part *p)
{
	struct nlu_result	 r;
	size_t			 i = p[0].from;

	eng_plan_read(e, e->text + p[1].from, p[1].to - p[1].from, &r);
	if (r.val[NLU_F_APPOINTMENT_TYPE][0] == '\0')
		return p[0].from;
	while (i > 0 && strchr(",.;!?\n", e->text[i - 1]) == NULL)
		i--;
	eng_plan_read(e, e->text + i, p[0].from - i, &r);
	return r.val[NLU_F_APPOINTMENT_TYPE][0] != '\0' ? i : p[0].from;
}

static size_t
two_clause(const struct eng *e, const struct two_part *p,
    const char *time, int me, const char *self_id, char *out, size_t sz)
{
	struct nlu_result	 r, r1;
	char			 base[ENG_CLAUSE], day[96];
	const char		*tr = "", *pr = "";
	int			 n;

	/* the other person's part names them ("ma mère Josiane Blanc") */
	n = snprintf(base, sizeof(base), "%.*s %.*s %.*s",
	    (int)(me ? p[0].from : prefix_end(e, p)),
	    e->text, me ? 0 : other_len(e, &p[1]), e->text + p[1].from,
	    (int)(e->len - p[1].to), e->text + p[1].to);
	if (n < 0 || (size_t)n >= sizeof(base))
		return 0;
	day[0] = '\0';
	eng_plan_read(e, base, (size_t)n, &r);
	if (r.val[NLU_F_DATE][0] == '\0' && eng_has(e, NLU_F_DATE))
		day_words(e, e->nlu.val[NLU_F_DATE], day, sizeof(day));
	/* "un contrôle pour Jade à 14h et un pour Tom à 14h30": the
	 * treatment said in the first part only is the second's too,
	 * unless the second part (left out of a named patient's clause)
	 * names its own */
	eng_plan_read(e, e->text + p[1].from, p[1].to - p[1].from, &r1);
	if (r.val[NLU_F_APPOINTMENT_TYPE][0] == '\0')
		tr = r1.val[NLU_F_APPOINTMENT_TYPE][0] != '\0' ?
		    r1.val[NLU_F_APPOINTMENT_TYPE] :
		    e->nlu.val[NLU_F_APPOINTMENT_TYPE];
	/* the same for the practitioner ("..., with Dr Martin" said at
	 * the end of the second part, which the clause leaves out) */
	if (r.val[NLU_F_PRACTITIONER][0] == '\0')
		pr = r1.val[NLU_F_PRACTITIONER][0] != '\0' ?
		    r1.val[NLU_F_PRACTITIONER] :
		    e->nlu.val[NLU_F_PRACTITIONER];
	n = snprintf(out, sz, "%s%c%s%c%s, %s%s%s%s%s%s%s%s %.2s%s%s",
	    p[1].after ? after_mark : "",
	    me ? TWO_ME : TWO_OTHER, me ? self_id : "", me ? TWO_ME :
	    TWO_OTHER, base, tr, *tr != '\0' ? " " : "",
	    *pr == '\0' ? "" : e->lang == REPLIES_FR ? "avec " : "with ", pr,
	    *pr != '\0' ? " " : "", day, *day != '\0' ? " " : "",
	    e->lang == REPLIES_FR ? "à" : "at", time,
	    e->lang == REPLIES_FR ? "h" : ":", time + 3);
	if (n < 0 || (size_t)n >= sz)
		return 0;
	return (size_t)n;
}

/*
 * "him right after": the second part's time, when it said none, is the
 * first start the clinic's grid gives once the first one is over (its
 * length and buffer later).  Returns 0, or -1 when
 * it cannot be known.
 */
/*
 * The first start of the clinic's grid once treatment t, begun at
 * "HH:MM" at, is over (its length and buffer later), into out (6
 * bytes).  Returns 0, or -1 when it cannot be known.
 */
static int
grid_after(const struct eng *e, int t, const char *at, char out[6])
{
	const struct slots_treatment	*ts;
	struct slots_clinic		 sc;
	int				 m, g;

	if (t < 0 || (ts = booking_treat_slots(e->b, (size_t)t)) == NULL ||
	    strlen(at) != 5)
		return -1;
	booking_slots(e->b, &sc);
	g = sc.granularity > 0 ? sc.granularity : 1;
	m = ts->duration + ts->buffer;
	m += (g - ((at[0] - '0') * 600 + (at[1] - '0') * 60 +
	    (at[3] - '0') * 10 + at[4] - '0' + m) % g) % g;
	return add_minutes(at, m, out);
}

/*
 * "a cleaning for me at 10:00 and a check-up for my son at 11:00": the
 * treatment named up to the end of the first part is the first
 * request's (the reading of the whole message keeps one of the two);
 * the second's stays in its clause.
 */
static void
two_first_treat(struct eng *e, const struct two_part *p)
{
	struct nlu_result	 r;

	eng_plan_read(e, e->text, p[0].to, &r);
	if (r.val[NLU_F_APPOINTMENT_TYPE][0] == '\0')
		return;
	memcpy(e->nlu.val[NLU_F_APPOINTMENT_TYPE],
	    r.val[NLU_F_APPOINTMENT_TYPE], NLU_VALUE_MAX);
	e->nlu.src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_RULES;
}

/* "him right after" (above), once the first request has its own
 * treatment (two_first_treat). */
static int
two_after(struct eng *e, struct two_part *p)
{
	char	 later[6];

	two_first_treat(e, p);
	if (p[1].time[0] != '\0')
		return 0;
	if (grid_after(e, booking_find_treat(e->b,
	    e->nlu.val[NLU_F_APPOINTMENT_TYPE]), p[0].time, later) == -1)
		return -1;
	memcpy(p[1].time, later, 6);
	p[1].after = 1;
	return 0;
}

/*
 * Where normalised s first names patient i by their first name (not a
 * practitioner's "Dr Sophie"), as an offset, or -1.
 */
static long
named_at(const struct eng *e, int i, const char *s)
{
	char		 f[ENG_NAME];
	const char	*q;
	size_t		 n;

	n = engine_norm(e->pats[i].first, strlen(e->pats[i].first), f,
	    sizeof(f));
	if (n == 0)
		return -1;
	for (q = s; (q = strstr(q, f)) != NULL; q++) {
		if ((q != s && q[-1] != ' ') || (q[n] != ' ' && q[n] != '\0'))
			continue;
		if ((q - s >= 3 && strncmp(q - 3, "dr ", 3) == 0) ||
		    (q - s >= 8 && strncmp(q - 8, "docteur ", 8) == 0) ||
		    (q - s >= 7 && strncmp(q - 7, "doctor ", 7) == 0))
			continue;
		return (long)(q - s);
	}
	return -1;
}

/*
 * The second request waits as clause (n bytes; 0: it could not be
 * written, and nothing is done); the first, for the patient of id first
 * ("me", "other" or an id), is handled now at time ("HH:MM").  Returns
 * 1 when handled, else 0.
 */
static int
two_run(struct eng *e, const char *clause, size_t n, const char *time,
    const char *first)
{
	if (n == 0 || eng_plan_push(e, clause, n) == -1)
		return 0;
	memcpy(e->nlu.val[NLU_F_TIME], time, 6);
	e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
	e->nlu.time_approx = 0;
	return book_for(e, first);
}

/*
 * The first request, for the patient of id first, handled now at the
 * first part's time; the second waits as a clause for whom ("other",
 * or the writer's or a patient's id; mine: it is the writer's).
 * Returns 1, or 0 when the clause cannot be kept (nothing done).
 */
static int
two_start(struct eng *e, const struct two_part *p, const char *first,
    int mine, const char *id)
{
	char	 clause[ENG_CLAUSE];
	size_t	 n;

	n = two_clause(e, p, p[1].time, mine, id, clause, sizeof(clause));
	return two_run(e, clause, n, p[0].time, first);
}

static int	 introduced(const struct eng *, const char *);

/*
 * "check-ups for Lily and Max, at 10:00 and 10:30", "mia at 4pm and tom
 * at 5pm": two of the phone's patients named, each part's time is the
 * one named in it, else the times go to the names in the order given.
 * Returns 1 when so (the first handled), else 0.
 */
static int
two_named(struct eng *e, struct two_part *p)
{
	char	 s[TWO_NORM], part[TWO_NORM];
	long	 at[ENG_LIST], a;
	int	 i, k, me, who[2] = { -1, -1 }, pick[2] = { -1, -1 };
	int	 named = 0;

	engine_norm(e->text, e->len, s, sizeof(s));
	/* the writer introducing herself ("c'est Sandrine") is neither */
	me = introduced(e, s);
	for (i = 0; i < e->npats && i < ENG_LIST; i++) {
		if (i == me || (at[i] = named_at(e, i, s)) < 0)
			continue;
		if (named == 2)
			return 0;
		pick[named++] = i;
	}
	if (named != 2)
		return 0;
	if (at[pick[1]] < at[pick[0]]) {
		i = pick[0];
		pick[0] = pick[1];
		pick[1] = i;
	}
	/* the name said in a part is that part's person */
	for (k = 0; k < 2; k++) {
		engine_norm(e->text + p[k].from, p[k].to - p[k].from, part,
		    sizeof(part));
		a = named_at(e, pick[0], part);
		if ((a >= 0) != (named_at(e, pick[1], part) >= 0))
			who[k] = a >= 0 ? 0 : 1;
	}
	if (who[0] < 0 && who[1] < 0) {
		who[0] = 0;
		who[1] = 1;
	} else if (who[0] < 0)
		who[0] = 1 - who[1];
	else if (who[1] < 0)
		who[1] = 1 - who[0];
	if (who[0] == who[1] || two_after(e, p) == -1)
		return 0;
	return two_start(e, p, e->pats[pick[who[0]]].id, 1,
	    e->pats[pick[who[1]]].id);
}

/*
 * 1 when the text between two first names in a normalised message
 * (mid, without its blanks at either end) joins them: "et", "and",
 * after a last name at most ("Lily Morel et Max").
 */
static int
joins_names(const char *mid)
{
	const char	*sp = strchr(mid, ' ');

	if (sp != NULL && strchr(sp + 1, ' ') == NULL)
		mid = sp + 1;
	return strcmp(mid, "et") == 0 || strcmp(mid, "and") == 0;
}

/*
 * The two of the phone's patients a normalised message s names together
 * ("pour Lily et Max", "my kids Tom and Emma"), in the order said, into
 * who[]; the writer introducing herself ("c'est Claire") is not one of
 * them.  Returns 1 when exactly two are so named, else 0.
 */
static int
named_together(const struct eng *e, const char *s, int who[2])
{
	char	 f[ENG_NAME], mid[TWO_NORM];
	long	 at[2], a;
	size_t	 n0, k;
	int	 i, me, named = 0;

	me = introduced(e, s);
	for (i = 0; i < e->npats && i < ENG_LIST; i++) {
		if (i == me || (a = named_at(e, i, s)) < 0)
			continue;
		if (named == 2)
			return 0;
		at[named] = a;
		who[named++] = i;
	}
	if (named != 2)
		return 0;
	if (at[1] < at[0]) {
		a = at[0];
		at[0] = at[1];
		at[1] = a;
		i = who[0];
		who[0] = who[1];
		who[1] = i;
	}
	n0 = engine_norm(e->pats[who[0]].first,
	    strlen(e->pats[who[0]].first), f, sizeof(f));
	if ((size_t)at[1] < (size_t)at[0] + n0 + 2)
		return 0;
	k = (size_t)at[1] - (size_t)at[0] - n0 - 2;
	if (k >= sizeof(mid))
		return 0;
	memcpy(mid, s + at[0] + n0 + 1, k);
	mid[k] = '\0';
	return joins_names(mid);
}

/*
 * The clause of patient id's request, right after the one before it:
 * the message's treatment, practitioner and day, at time ("HH:MM"),
 * marked TWO_AFTER so that it follows the time really booked.  Into out
 * (ENG_CLAUSE bytes); its length, or 0 when it does not fit.
 */
static size_t
after_clause(const struct eng *e, const char *id, const char *time,
    char *out)
{
	char		 day[96];
	const char	*pr = e->nlu.val[NLU_F_PRACTITIONER];
	int		 n, fr = e->lang == REPLIES_FR;

	day[0] = '\0';
	if (eng_has(e, NLU_F_DATE))
		day_words(e, e->nlu.val[NLU_F_DATE], day, sizeof(day));
	n = snprintf(out, ENG_CLAUSE, "%s%c%s%c%s%s%s %s %s %.2s%s%s",
	    after_mark, TWO_ME, id, TWO_ME,
	    e->nlu.val[NLU_F_APPOINTMENT_TYPE], !eng_has(e,
	    NLU_F_PRACTITIONER) ? "" : fr ? " avec " : " with ",
	    eng_has(e, NLU_F_PRACTITIONER) ? pr : "", day, fr ? "à" : "at",
	    time, fr ? "h" : ":", time + 3);
	return n < 0 || n >= ENG_CLAUSE ? 0 : (size_t)n;
}

/*
 * The part of the day pref ("MORNING"...) as a message says it, in the
 * patient's language; "" for none.
 */
static const char *
pref_words(const struct eng *e, const char *pref)
{
	int	 fr = e->lang == REPLIES_FR;

	if (strcmp(pref, "MORNING") == 0)
		return fr ? "le matin" : "in the morning";
	if (strcmp(pref, "AFTERNOON") == 0)
		return fr ? "l'après-midi" : "in the afternoon";
	if (strcmp(pref, "EVENING") == 0)
		return fr ? "en fin de journée" : "in the evening";
	return "";
}

int
eng_two_resume(struct eng *e)
{
	const struct eng_ctx	*c = &e->c;
	char			 out[ENG_CLAUSE], day[96], at[24];
	const char		*pref;
	int			 n, fr = e->lang == REPLIES_FR;

	if (strcmp(c->flow, "book") != 0 || c->tr[0] == '\0' ||
	    (c->pid[0] != '\0' && strlen(c->pid) != ENG_ID - 1))
		return -1;
	day[0] = at[0] = '\0';
	if (c->date[0] != '\0' && c->until[0] == '\0')
		day_words(e, c->date, day, sizeof(day));
	if (strlen(c->time) == 5)
		snprintf(at, sizeof(at), "%s %.2s%s%s", fr ? "à" : "at",
		    c->time, fr ? "h" : ":", c->time + 3);
	pref = at[0] == '\0' ? pref_words(e, c->pref) : "";
	n = snprintf(out, sizeof(out), "%c%s%c%s%s%s %s %s %s", TWO_ME,
	    c->pid, TWO_ME, c->tr, c->pr[0] == '\0' ? "" : fr ? " avec " :
	    " with ", c->pr, day, at, pref);
	if (n < 0 || (size_t)n >= sizeof(out))
		return -1;
	return eng_plan_push(e, out, (size_t)n);
}

/*
 * The writer of a message naming two of the phone's patients (who[]):
 * the only other patient of the phone, else "me" (asked, or read from
 * an introduction, by two_self).  Into id (ENG_ID bytes).
 */
static void
writer_of(const struct eng *e, const int who[2], char *id)
{
	int	 i, k = -1, n = 0;

	for (i = 0; i < e->npats && i < ENG_LIST; i++)
		if (i != who[0] && i != who[1]) {
			k = i;
			n++;
		}
	snprintf(id, ENG_ID, "%s", n == 1 ? e->pats[k].id : "me");
}

/*
 * "Lily et Max mardi à 10h, l'un après l'autre", "a cleaning for my two
 * kids Tom and Emma tomorrow at 4pm", "pour moi et mes deux enfants Lily
 * et Max mercredi à 15h" (self): two of the phone's patients named
 * together and one time, maybe with the writer first.  The first person
 * is handled now at that time; each other waits, right after the one
 * before (its length and buffer later, on the clinic's grid; after the
 * time really booked when another was chosen), with the treatment,
 * practitioner and day of the message.  Returns 1 when so (the first
 * handled), else 0.
 */
static int
two_one_time(struct eng *e, int self)
{
	char		 s[TWO_NORM], c1[ENG_CLAUSE], c2[ENG_CLAUSE];
	char		 t1[6], t2[6], me[ENG_ID];
	int		 who[2], tr;
	size_t		 n1, n2 = 0;

	if (strlen(e->nlu.val[NLU_F_TIME]) != 5 || e->nlu.time_approx ||
	    !eng_has(e, NLU_F_APPOINTMENT_TYPE) || eng_has(e,
	    NLU_F_DATE_RANGE))
		return 0;
	engine_norm(e->text, e->len, s, sizeof(s));
	if (!named_together(e, s, who))
		return 0;
	/* "pour moi et mes deux enfants Lily et Max" */
	self = self || has_any(s, self_phrases);
	tr = booking_find_treat(e->b, e->nlu.val[NLU_F_APPOINTMENT_TYPE]);
	if (grid_after(e, tr, e->nlu.val[NLU_F_TIME], t1) == -1)
		return 0;
	if (!self) {
		n1 = after_clause(e, e->pats[who[1]].id, t1, c1);
		return two_run(e, c1, n1, e->nlu.val[NLU_F_TIME],
		    e->pats[who[0]].id);
	}
	if (grid_after(e, tr, t1, t2) == -1)
		return 0;
	writer_of(e, who, me);
	n1 = after_clause(e, e->pats[who[0]].id, t1, c1);
	n2 = after_clause(e, e->pats[who[1]].id, t2, c2);
	/* the last first: each is queued in front of the others */
	if (n1 == 0 || n2 == 0 || eng_plan_push(e, c2, n2) == -1)
		return 0;
	if (two_run(e, c1, n1, e->nlu.val[NLU_F_TIME], me))
		return 1;
	e->c.nnext = 0;
	return 0;
}

/* One word of a message: where it starts, its length, capitalised. */
struct two_word {
	const char	*p;
	size_t		 n;
	int		 cap;
};

/*
 * The words of text (n bytes) into w (max), letters (any UTF-8 byte
 * past ASCII counts as one), apostrophes and hyphens inside; their
 * count.  What stands in brackets ("Jade (née le 12/05/2015)") is
 * said about the name before it: no word of the names.
 */
static size_t
two_words(const char *t, size_t n, struct two_word *w, size_t max)
{
	size_t	 i = 0, k = 0, j;

#define TWO_LETTER(c) (((c) >= 'a' && (c) <= 'z') || \
	((c) >= 'A' && (c) <= 'Z') || (unsigned char)(c) >= 0x80)
	while (i < n && k < max) {
		if (t[i] == '(') {
			for (j = i; j < n && t[j] != ')'; j++)
				;
			i = j < n ? j + 1 : i + 1;
			continue;
		}
		if (!TWO_LETTER(t[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && (TWO_LETTER(t[j]) || ((t[j] == '-' ||
		    t[j] == '\'') && j + 1 < n && TWO_LETTER(t[j + 1])));
		    j++)
			;
		w[k].p = t + i;
		w[k].n = j - i;
		w[k].cap = t[i] >= 'A' && t[i] <= 'Z';
		k++;
		i = j;
	}
#undef TWO_LETTER
	return k;
}

/* 1 when word w is s (ASCII, case ignored). */
static int
word_eq(const struct two_word *w, const char *s)
{
	return strlen(s) == w->n && strncasecmp(w->p, s, w->n) == 0;
}

/* 1 when one of the n words w is a practitioner's title. */
static int
title_in(const struct two_word *w, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (word_eq(&w[i], "dr") || word_eq(&w[i], "docteur") ||
		    word_eq(&w[i], "doctor") || word_eq(&w[i], "doc"))
			return 1;
	return 0;
}

/* 1 when a sentence ends between words a and b (". , ; : ! ?"). */
static int
sentence_between(const struct two_word *a, const struct two_word *b)
{
	const char	*p;

	for (p = a->p + a->n; p < b->p; p++)
		if (strchr(".,;:!?\n", *p) != NULL)
			return 1;
	return 0;
}

/*
 * "our surname is Fielding", "notre nom de famille c'est Morel", "nom :
 * Petit": the family name said for itself, into out (sz bytes).  1 when
 * so.
 */
static int
said_surname(const struct eng *e, char *out, size_t sz)
{
	static const char *const cue[] = { "surname is ", "surname's ",
	    "surname: ", "surname ", "family name is ", "family name: ",
	    "last name is ", "last name: ", "nom de famille est ",
	    "nom de famille c'est ", "nom de famille c’est ",
	    "nom de famille : ", "nom de famille: ", "nom de famille ",
	    "notre nom est ", "notre nom c'est ", "notre nom c’est ", NULL };
	const char	*p, *q, *end = e->text + e->len;
	size_t		 i, n;

	for (i = 0; cue[i] != NULL; i++) {
		if ((p = strcasestr(e->text, cue[i])) == NULL || p >= end)
			continue;
		p += strlen(cue[i]);
		if (p >= end || *p < 'A' || *p > 'Z')
			continue;
		for (q = p; q < end && (*q == '-' || *q == '\'' ||
		    (unsigned char)*q >= 0x80 || (*q >= 'a' && *q <= 'z') ||
		    (*q >= 'A' && *q <= 'Z')); q++)
			;
		if ((n = (size_t)(q - p)) < 2 || n >= sz)
			continue;
		memcpy(out, p, n);
		out[n] = '\0';
		return 1;
	}
	return 0;
}

/*
 * The family name said for itself (said_surname, into said), else the
 * phone's patients', when they all share one and the message speaks of
 * the writer's children ("mes deux filles Jade et Lou"): the children
 * carry it (as "ma fille Lily": engine_who.c).  NULL otherwise.
 */
static const char *
kids_last(const struct eng *e, char *said, size_t sz)
{
	static const char *const kids[] = { "fils", "filles", "enfants",
	    "sons", "daughters", "kids", "children", "boys", "girls", NULL };
	char	 s[TWO_NORM];
	int	 i;

	if (said_surname(e, said, sz))
		return said;
	if (e->npats == 0)
		return NULL;
	for (i = 1; i < e->npats; i++)
		if (strcasecmp(e->pats[i].last, e->pats[0].last) != 0)
			return NULL;
	engine_norm(e->text, e->len, s, sizeof(s));
	return has_any(s, kids) ? e->pats[0].last : NULL;
}

/* 1 when word w is one of the names of days and months. */
static int
calendar_word(const struct two_word *w)
{
	static const char *const cal[] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday",
	    "wednesday", "thursday", "friday", "saturday", "sunday",
	    "janvier", "mars", "avril", "mai", "juin", "juillet", "aout",
	    "octobre", "novembre", "january", "february", "march", "april",
	    "may", "june", "july", "august", "september", "october",
	    "november", "december", NULL };
	size_t	 i;

	for (i = 0; cal[i] != NULL; i++)
		if (word_eq(w, cal[i]))
			return 1;
	return 0;
}

/*
 * "mes deux filles Jade et Lou, un contrôle ...": two first names alone
 * either side of "and"/"et" (w[i] the joining word), the children of a
 * phone whose patients share the family name last.  Into a and b.
 * Returns 1 when so.
 */
static int
two_first_names(const struct eng *e, const struct two_word *w, size_t nw,
    size_t i, const char *last, char *a, char *b, size_t sz)
{
	size_t	 from = i >= 2 ? i - 2 : 0;

	if (last == NULL || (i >= 2 && w[i - 2].cap) ||
	    (i + 2 < nw && w[i + 2].cap) || w[i - 1].n < 2 ||
	    w[i + 1].n < 2 || calendar_word(&w[i - 1]) ||
	    calendar_word(&w[i + 1]) || title_in(&w[from], i + 2 - from))
		return 0;
	/* "avec Leal et Bernard": practitioners, not children */
	snprintf(a, sz, "%.*s", (int)w[i - 1].n, w[i - 1].p);
	snprintf(b, sz, "%.*s", (int)w[i + 1].n, w[i + 1].p);
	if (nlu_match_list(booking_prac_names(e->b), booking_npracs(e->b),
	    a, 1) != NULL || nlu_match_list(booking_prac_names(e->b),
	    booking_npracs(e->b), b, 1) != NULL)
		return 0;
	snprintf(a, sz, "%.*s %s", (int)w[i - 1].n, w[i - 1].p, last);
	snprintf(b, sz, "%.*s %s", (int)w[i + 1].n, w[i + 1].p, last);
	return 1;
}

/*
 * "my two kids Tom Lee and Emma Lee", "mes enfants Tom et Emma Lee":
 * two people the phone does not know, named in full (or sharing the
 * last name said once, or the phone's family name: two_first_names),
 * either side of "and"/"et".  Into a and b ("First Last", ENG_NAME * 2
 * bytes).  Returns 1 when so.
 */
static int
two_new_names(const struct eng *e, char *a, char *b, size_t sz)
{
	struct two_word	 w[96];
	char		 said[ENG_NAME];
	size_t		 nw, i;
	int		 full;

	nw = two_words(e->text, e->len, w, sizeof(w) / sizeof(w[0]));
	for (i = 1; i + 1 < nw; i++) {
		if (!word_eq(&w[i], "and") && !word_eq(&w[i], "et"))
			continue;
		if (!w[i - 1].cap || !w[i + 1].cap)
			continue;
		if (two_first_names(e, w, nw, i, kids_last(e, said,
		    sizeof(said)), a, b, sz))
			return 1;
		full = i >= 2 && w[i - 2].cap;
		/* "... Harry Murphy. Ideally ...": a new sentence may follow */
		if (i + 2 >= nw || !w[i + 2].cap ||
		    (i + 3 < nw && w[i + 3].cap && !sentence_between(&w[i + 2],
		    &w[i + 3])))
			return 0;
		if (full && (i < 3 || !w[i - 3].cap) &&
		    !word_eq(&w[i - 3], "dr")) {
			snprintf(a, sz, "%.*s %.*s", (int)w[i - 2].n,
			    w[i - 2].p, (int)w[i - 1].n, w[i - 1].p);
		} else if (!full)
			snprintf(a, sz, "%.*s %.*s", (int)w[i - 1].n,
			    w[i - 1].p, (int)w[i + 2].n, w[i + 2].p);
		else
			return 0;
		snprintf(b, sz, "%.*s %.*s", (int)w[i + 1].n, w[i + 1].p,
		    (int)w[i + 2].n, w[i + 2].p);
		/* "Dr Leal and Dr Bernard" are no patients */
		return !title_in(&w[i > 3 ? i - 3 : 0], i > 3 ? 6 : i + 3) &&
		    nlu_match_list(booking_prac_names(e->b),
		    booking_npracs(e->b), a, 1) == NULL &&
		    nlu_match_list(booking_prac_names(e->b),
		    booking_npracs(e->b), b, 1) == NULL;
	}
	return 0;
}

/* Split "First Last" s into the NLU's first and last name of r. */
static void
set_name(struct nlu_result *r, const char *s)
{
	const char	*sp = strchr(s, ' ');

	if (sp == NULL)
		return;
	snprintf(r->val[NLU_F_FIRST_NAME], NLU_VALUE_MAX, "%.*s",
	    (int)(sp - s), s);
	snprintf(r->val[NLU_F_LAST_NAME], NLU_VALUE_MAX, "%s", sp + 1);
	r->src[NLU_F_FIRST_NAME] = r->src[NLU_F_LAST_NAME] = NLU_SRC_RULES;
}

/* The birth date r carries becomes ymd (YYYY-MM-DD), when one. */
static void
set_birth(struct nlu_result *r, const char *ymd)
{
	if (*ymd == '\0')
		return;
	snprintf(r->val[NLU_F_BIRTH_DATE], NLU_VALUE_MAX, "%s", ymd);
	r->src[NLU_F_BIRTH_DATE] = NLU_SRC_RULES;
}

static int	kid_birth(struct eng *, const char *, char *);

/*
 * The birth date said beside the first name of full ("First Last"),
 * into out (NLU_VALUE_MAX bytes, "" when none).
 */
static void
new_birth(struct eng *e, const char *full, char *out)
{
	char	 f[ENG_NAME];
	size_t	 n = strcspn(full, " ");

	out[0] = '\0';
	snprintf(f, sizeof(f), "%.*s", (int)n, full);
	if (!kid_birth(e, f, out))
		out[0] = '\0';
}

static int	kid_in_part(const struct eng *, const struct two_part *,
		    char *, size_t);

/*
 * "Chloé à 10h et Inès à 10h30" said of the two new people a and b
 * ("First Last"): b's time into tb, a's into the message's time.
 * 1 when each part names one of them with a time.
 */
static int
own_times(struct eng *e, const char *a, const char *b, char tb[6])
{
	struct two_part	 p[2];
	char		 f[2][ENG_NAME];
	size_t		 na = strcspn(a, " "), nb = strcspn(b, " ");
	int		 k;

	memset(p, 0, sizeof(p));
	if (two_parts(e, p) != 2 || p[0].time[0] == '\0' ||
	    p[1].time[0] == '\0' || !kid_in_part(e, &p[0], f[0], ENG_NAME) ||
	    !kid_in_part(e, &p[1], f[1], ENG_NAME))
		return 0;
	for (k = 0; k < 2; k++)
		if (strlen(f[k]) == nb && strncmp(f[k], b, nb) == 0 &&
		    strlen(f[1 - k]) == na && strncmp(f[1 - k], a, na) == 0)
			break;
	if (k == 2)
		return 0;
	memcpy(tb, p[k].time, 6);
	memcpy(e->nlu.val[NLU_F_TIME], p[1 - k].time, 6);
	e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
	return 1;
}

/*
 * "a check-up for my two kids Tom Lee and Emma Lee on Tuesday at 10am":
 * two people new to the phone (someone else's words), one time.  The
 * first is handled now at that time (asked the birth date), the second
 * waits right after, for their own name.  Returns 1 when so.
 */
static int
two_new_people(struct eng *e)
{
	char		 a[2 * ENG_NAME], b[2 * ENG_NAME], day[96], t1[6];
	char		 ba[NLU_VALUE_MAX], bb[NLU_VALUE_MAX], pre[8];
	char		 c[ENG_CLAUSE];
	const char	*pr = e->nlu.val[NLU_F_PRACTITIONER];
	int		 n, k, fr = e->lang == REPLIES_FR;

	if (!eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    !engine_parse_someone_else(e->text, e->len) ||
	    !two_new_names(e, a, b, sizeof(a)))
		return 0;
	/* names the phone knows are two_one_time's */
	for (k = 0; k < e->npats; k++)
		if (strncasecmp(a, e->pats[k].first,
		    strlen(e->pats[k].first)) == 0 ||
		    strncasecmp(b, e->pats[k].first,
		    strlen(e->pats[k].first)) == 0)
			return 0;
	/* each one's birth date, when said beside the name ("Jade
	 * Lefebvre (née le 12/05/2015)") */
	new_birth(e, a, ba);
	new_birth(e, b, bb);
	/* no one time ("back to back after school, next week"): the
	 * second waits right after the time the first is booked at */
	if (strlen(e->nlu.val[NLU_F_TIME]) != 5 || e->nlu.time_approx ||
	    eng_has(e, NLU_F_DATE_RANGE)) {
		n = snprintf(c, sizeof(c), "%s%c%c%s %s %s%s%s%s%s",
		    after_mark, TWO_OTHER, TWO_OTHER,
		    e->nlu.val[NLU_F_APPOINTMENT_TYPE],
		    fr ? "pour mon enfant" : "for my child", b,
		    *bb != '\0' ? (fr ? ", né le " : ", born ") : "", bb,
		    !eng_has(e, NLU_F_PRACTITIONER) ? "" : fr ? " avec " :
		    " with ", eng_has(e, NLU_F_PRACTITIONER) ? pr : "");
		if (n < 0 || (size_t)n >= sizeof(c) || e->c.nnext > 0 ||
		    eng_plan_push(e, c, (size_t)n) == -1)
			return 0;
		set_name(&e->nlu, a);
		set_birth(&e->nlu, ba);
		return book_for(e, "other");
	}
	/* "Chloé à 10h et Inès à 10h30": each at her own, kept over
	 * "right after" (TWO_AT) */
	pre[0] = TWO_AFTER;
	pre[1] = '\0';
	if (own_times(e, a, b, t1)) {
		pre[1] = TWO_AT;
		memcpy(pre + 2, t1, 6);
	} else if (grid_after(e, booking_find_treat(e->b,
	    e->nlu.val[NLU_F_APPOINTMENT_TYPE]), e->nlu.val[NLU_F_TIME],
	    t1) == -1)
		return 0;
	day[0] = '\0';
	if (eng_has(e, NLU_F_DATE))
		day_words(e, e->nlu.val[NLU_F_DATE], day, sizeof(day));
	n = snprintf(c, sizeof(c), "%s%c%c%s %s %s%s%s%s%s %s %s %.2s%s%s",
	    pre, TWO_OTHER, TWO_OTHER,
	    e->nlu.val[NLU_F_APPOINTMENT_TYPE],
	    fr ? "pour mon enfant" : "for my child", b,
	    *bb != '\0' ? (fr ? ", né le " : ", born ") : "", bb, !eng_has(e,
	    NLU_F_PRACTITIONER) ? "" : fr ? " avec " : " with ",
	    eng_has(e, NLU_F_PRACTITIONER) ? pr : "", day, fr ? "à" : "at",
	    t1, fr ? "h" : ":", t1 + 3);
	if (n < 0 || (size_t)n >= sizeof(c))
		return 0;
	set_name(&e->nlu, a);
	set_birth(&e->nlu, ba);
	return two_run(e, c, (size_t)n, e->nlu.val[NLU_F_TIME], "other");
}

/*
 * The capitalised first name said in part p of e's message ("Yanis à
 * 16h45"), not a title nor a practitioner's name, into out (sz bytes).
 * Returns 1 when there is one.
 */
static int
kid_in_part(const struct eng *e, const struct two_part *p, char *out,
    size_t sz)
{
	struct two_word	 w[16];
	size_t		 nw, i;
	char		 full[ENG_NAME];

	nw = two_words(e->text + p->from, p->to - p->from, w,
	    sizeof(w) / sizeof(w[0]));
	for (i = 0; i < nw; i++) {
		if (!w[i].cap || w[i].n < 2 || title_in(&w[i], 1) ||
		    (i > 0 && title_in(&w[i - 1], 1)))
			continue;
		snprintf(full, sizeof(full), "%.*s", (int)w[i].n, w[i].p);
		if (nlu_match_list(booking_prac_names(e->b),
		    booking_npracs(e->b), full, 1) != NULL)
			continue;
		snprintf(out, sz, "%s", full);
		return 1;
	}
	return 0;
}

/*
 * The birth date said right after the first mention of first name f in
 * e's message ("Yanis (né le 03/09/2015)"), up to the next comma or
 * bracket, into out ("YYYY-MM-DD", NLU_VALUE_MAX bytes).  1 when found.
 */
static int
kid_birth(struct eng *e, const char *f, char *out)
{
	struct nlu_result	 r;
	const char		*q = e->text, *end = e->text + e->len, *x;
	size_t			 n = strlen(f);

	/* each time the name is said ("Sam (5) … and Sam 06/06/2021"):
	 * the first that a birth date follows */
	for (; (q = strstr(q, f)) != NULL && q < end; q += n) {
		if ((q != e->text && isalpha((unsigned char)q[-1])) ||
		    isalpha((unsigned char)q[n]))
			continue;
		for (x = q + n; x < end && x - q < 48 && *x != ',' &&
		    *x != ')'; x++)
			;
		eng_plan_read(e, q + n, (size_t)(x - q - (ptrdiff_t)n), &r);
		if (r.val[NLU_F_BIRTH_DATE][0] != '\0') {
			snprintf(out, NLU_VALUE_MAX, "%s",
			    r.val[NLU_F_BIRTH_DATE]);
			return 1;
		}
	}
	return 0;
}

/*
 * "mes deux fils Yanis (né le 03/09/2015) et Adam (né le 21/01/2018),
 * un contrôle ..., Yanis à 16h45 et Adam à 17h15": two children new to
 * the phone, each named by first name with their own time.  They carry
 * the family name of the phone's patients (when these share one, as
 * for "my daughter Lily": engine_who.c).  The first is handled now at
 * their time, the second waits as a clause with their name, birth date
 * and time.  Returns 1 when so.
 */
static int
two_new_kids(struct eng *e)
{
	static const char *const kids[] = { "fils", "filles", "enfants",
	    "sons", "daughters", "kids", "children", "boys", "girls", NULL };
	struct two_part	 p[2];
	char		 a[ENG_NAME], b[ENG_NAME], bb[NLU_VALUE_MAX];
	char		 ba[NLU_VALUE_MAX], c[ENG_CLAUSE], day[96];
	char		 s[TWO_NORM];
	const char	*last, *pr = e->nlu.val[NLU_F_PRACTITIONER];
	int		 i, n, fr = e->lang == REPLIES_FR;

	memset(p, 0, sizeof(p));
	if (e->npats == 0 || e->c.nnext > 0 ||
	    !eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    !engine_parse_someone_else(e->text, e->len))
		return 0;
	engine_norm(e->text, e->len, s, sizeof(s));
	if (!has_any(s, kids))
		return 0;
	last = e->pats[0].last;
	for (i = 1; i < e->npats; i++)
		if (strcasecmp(e->pats[i].last, last) != 0)
			return 0;
	if (two_parts(e, p) != 2 || p[0].time[0] == '\0' ||
	    p[1].time[0] == '\0' || !kid_in_part(e, &p[0], a, sizeof(a)) ||
	    !kid_in_part(e, &p[1], b, sizeof(b)) || strcmp(a, b) == 0)
		return 0;
	/* names the phone knows are two_named's */
	for (i = 0; i < e->npats; i++)
		if (strcasecmp(a, e->pats[i].first) == 0 ||
		    strcasecmp(b, e->pats[i].first) == 0)
			return 0;
	day[0] = '\0';
	if (eng_has(e, NLU_F_DATE))
		day_words(e, e->nlu.val[NLU_F_DATE], day, sizeof(day));
	bb[0] = '\0';
	(void)kid_birth(e, b, bb);
	n = snprintf(c, sizeof(c), "%c%c%s %s %s %s%s%s%s%s %s %s %.2s%s%s",
	    TWO_OTHER, TWO_OTHER, e->nlu.val[NLU_F_APPOINTMENT_TYPE],
	    fr ? "pour mon enfant" : "for my child", b, last,
	    *bb != '\0' ? (fr ? ", né le " : ", born ") : "", bb,
	    !eng_has(e, NLU_F_PRACTITIONER) ? "" : fr ? ", avec " : ", with ",
	    eng_has(e, NLU_F_PRACTITIONER) ? pr : "", day, fr ? "à" : "at",
	    p[1].time, fr ? "h" : ":", p[1].time + 3);
	if (n < 0 || (size_t)n >= sizeof(c))
		return 0;
	snprintf(e->nlu.val[NLU_F_FIRST_NAME], NLU_VALUE_MAX, "%s", a);
	snprintf(e->nlu.val[NLU_F_LAST_NAME], NLU_VALUE_MAX, "%s", last);
	e->nlu.src[NLU_F_FIRST_NAME] = e->nlu.src[NLU_F_LAST_NAME] =
	    NLU_SRC_RULES;
	e->nlu.val[NLU_F_BIRTH_DATE][0] = '\0';
	if (kid_birth(e, a, ba)) {
		memcpy(e->nlu.val[NLU_F_BIRTH_DATE], ba, NLU_VALUE_MAX);
		e->nlu.src[NLU_F_BIRTH_DATE] = NLU_SRC_RULES;
	}
	return two_run(e, c, (size_t)n, p[0].time, "other");
}

/* 1 when folded s introduces the writer by the message's first name
 * ("i m helen", "je suis claire", "my name is ..."). */
static int
self_introduced(const struct eng *e, const char *s)
{
	char	 f[ENG_NAME], p[2 * ENG_NAME + 32];
	int	 i;

	engine_norm(e->nlu.val[NLU_F_FIRST_NAME],
	    strlen(e->nlu.val[NLU_F_FIRST_NAME]), f, sizeof(f));
	if (*f == '\0')
		return 0;
	for (i = 0; intro_phrases[i] != NULL; i++) {
		snprintf(p, sizeof(p), "%s %s", intro_phrases[i], f);
		if (engine_has_word(s, p))
			return 1;
	}
	return 0;
}

/*
 * "book my husband Mark in for a check-up, and a cleaning for me the same
 * day": each side of "and"/"et" its own treatment, one for the writer
 * ("for me", "pour moi"), the other for a relative.  The writer's
 * treatment becomes the message's, and the relative's side is written
 * into c as the clause that waits (right after the writer's time).
 * Returns its length, or 0 when the message is not so.
 */
static int
self_other_treats(struct eng *e, char *c, size_t sz)
{
	static const char *const joins[] = { " and ", " et ", NULL };
	static const char *const mine[] = { "pour moi", "for me",
	    "for myself", "me", "moi", "myself", NULL };
	struct nlu_result	 l, r;
	const struct nlu_result	*me;
	const char		*p, *o;
	char			 s[TWO_NORM];
	size_t			 i, k, cut, on, rn;
	int			 lme, rme, n;

	for (i = 0; joins[i] != NULL; i++) {
		k = strlen(joins[i]);
		for (p = e->text; (p = strcasestr(p, joins[i])) != NULL;
		    p += k) {
			cut = (size_t)(p - e->text);
			rn = e->len - cut - k;
			eng_plan_read(e, e->text, cut, &l);
			eng_plan_read(e, p + k, rn, &r);
			if (l.val[NLU_F_APPOINTMENT_TYPE][0] == '\0' ||
			    r.val[NLU_F_APPOINTMENT_TYPE][0] == '\0' ||
			    strcmp(l.val[NLU_F_APPOINTMENT_TYPE],
			    r.val[NLU_F_APPOINTMENT_TYPE]) == 0)
				continue;
			engine_norm(e->text, cut, s, sizeof(s));
			lme = has_any(s, mine) &&
			    !engine_parse_someone_else(e->text, cut);
			engine_norm(p + k, rn, s, sizeof(s));
			rme = has_any(s, mine) &&
			    !engine_parse_someone_else(p + k, rn);
			if (lme == rme)
				return 0;
			me = lme ? &l : &r;
			o = lme ? p + k : e->text;
			on = lme ? rn : cut;
			if (!engine_parse_someone_else(o, on))
				return 0;
			n = snprintf(c, sz, "%s%c%c%.*s", after_mark,
			    TWO_OTHER, TWO_OTHER, (int)on, o);
			if (n < 0 || (size_t)n >= sz)
				return 0;
			snprintf(e->nlu.val[NLU_F_APPOINTMENT_TYPE],
			    NLU_VALUE_MAX, "%s",
			    me->val[NLU_F_APPOINTMENT_TYPE]);
			e->nlu.src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_RULES;
			return n;
		}
	}
	return 0;
}

/*
 * "a check-up each for me and my husband on Friday morning": the writer
 * and one other person, without one time for both.  The writer's
 * booking is handled now; the other's waits with the same treatment and
 * practitioner, right after the time the writer books, for their own
 * name.  Returns 1 when so.
 */
static int
two_self_other(struct eng *e)
{
	char		 c[ENG_CLAUSE];
	const char	*pr = e->nlu.val[NLU_F_PRACTITIONER];
	int		 n, fr = e->lang == REPLIES_FR;

	if (e->c.nnext > 0)
		return 0;
	if ((n = self_other_treats(e, c, sizeof(c))) > 0)
		goto push;
	if (!eng_has(e, NLU_F_APPOINTMENT_TYPE))
		return 0;
	n = snprintf(c, sizeof(c), "%s%c%c%s %s%s%s", after_mark, TWO_OTHER,
	    TWO_OTHER, e->nlu.val[NLU_F_APPOINTMENT_TYPE],
	    fr ? "pour mon enfant" : "for my child",
	    !eng_has(e, NLU_F_PRACTITIONER) ? "" : fr ? " avec " : " with ",
	    eng_has(e, NLU_F_PRACTITIONER) ? pr : "");
push:
	if (n < 0 || (size_t)n >= sizeof(c) ||
	    eng_plan_push(e, c, (size_t)n) == -1)
		return 0;
	return book_for(e, e->npats == 1 ? e->pats[0].id : "me");
}

/* Blank every whole-word occurrence of phrase w in s. */
static void
blank_phrase(char *s, const char *w)
{
	size_t	 n = strlen(w);
	char	*p = s;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			memset(p, ' ', n);
		p += n;
	}
}

/*
 * "a whitening and a cleaning on the same visit", "un contrôle et un
 * détartrage le même jour": two treatments for the one writing, either
 * side of "and"/"et"/"puis"/"+".  The first is handled now, the second
 * waits right after the time the first is booked.  Only for the phone's
 * one patient or a new phone (several patients: whose is asked as
 * usual).  Returns 1 when so.
 */
static int
two_treatments(struct eng *e)
{
	static const char *const joins[] = { " and ", " et ", " puis ",
	    " + ", " & ", " then ", " plus ", NULL };
	static const char *const other_req[] = { "annul", "cancel",
	    "deplac", "decal", "move", "report", "resched", "chang",
	    "modif", NULL };
	static const char *const past[] = { "dernier", "derniere", "passe",
	    "last", "ago", "il y a", "deja", "already", "had", "fait",
	    "eu", "avais", "got", "previous", "precedent", NULL };
	char			 s[TWO_NORM];
	struct nlu_result	 l, r;
	char			 c[ENG_CLAUSE], t1[ENG_NAME];
	const char		*p, *pr = e->nlu.val[NLU_F_PRACTITIONER];
	size_t			 i, k, cut;
	int			 n, fr = e->lang == REPLIES_FR;

	if (e->npats > 1 || e->c.nnext > 0 ||
	    engine_parse_someone_else(e->text, e->len))
		return 0;
	/* "cancel my check-up and move the consultation": other requests
	 * (engine_plan.c cuts those) */
	engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; other_req[i] != NULL; i++)
		if (strstr(s, other_req[i]) != NULL)
			return 0;
	for (i = 0; joins[i] != NULL; i++) {
		k = strlen(joins[i]);
		for (p = e->text; (p = strcasestr(p, joins[i])) != NULL;
		    p += k) {
			cut = (size_t)(p - e->text);
			eng_plan_read(e, e->text, cut, &l);
			eng_plan_read(e, p + k, e->len - cut - k, &r);
			if (l.val[NLU_F_APPOINTMENT_TYPE][0] == '\0' ||
			    r.val[NLU_F_APPOINTMENT_TYPE][0] == '\0' ||
			    strcmp(l.val[NLU_F_APPOINTMENT_TYPE],
			    r.val[NLU_F_APPOINTMENT_TYPE]) == 0)
				continue;
			/* "j'ai eu un détartrage le mois dernier et je
			 * voudrais un contrôle": one is history; "ça fait
			 * 2 ans" only says how long since the last visit */
			engine_norm(e->text, e->len, s, sizeof(s));
			blank_phrase(s, "ca fait");
			blank_phrase(s, "cela fait");
			blank_phrase(s, "ca va faire");
			if (has_any(s, past))
				return 0;
			snprintf(t1, sizeof(t1), "%s",
			    l.val[NLU_F_APPOINTMENT_TYPE]);
			n = snprintf(c, sizeof(c), "%s%c%s%c%s %s%s%s",
			    after_mark, TWO_ME, e->npats == 1 ?
			    e->pats[0].id : "", TWO_ME, fr ? "rendez-vous" :
			    "appointment", r.val[NLU_F_APPOINTMENT_TYPE],
			    !eng_has(e, NLU_F_PRACTITIONER) ? "" : fr ?
			    " avec " : " with ", eng_has(e,
			    NLU_F_PRACTITIONER) ? pr : "");
			if (n < 0 || (size_t)n >= sizeof(c) ||
			    eng_plan_push(e, c, (size_t)n) == -1)
				return 0;
			snprintf(e->nlu.val[NLU_F_APPOINTMENT_TYPE],
			    NLU_VALUE_MAX, "%s", t1);
			e->nlu.src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_RULES;
			return book_for(e, e->npats == 1 ?
			    e->pats[0].id : "me");
		}
	}
	return 0;
}

/*
 * "son frère peut passer juste après ?", "can her brother come right
 * after her?": "right after" with nothing after it but a pronoun or a
 * relative's word is after the appointment just talked about.
 */
static int	bare_at(const char *, const char *const *);

static int
after_bare(const char *s)
{
	static const char *const after[] = { "juste apres", "right after",
	    "just after", "straight after", "tout de suite apres",
	    "directement apres", "dans la foulee", "right afterwards",
	    "straight afterwards", "just afterwards", NULL };

	return bare_at(s, after);
}

/*
 * 1 when s (normalized) holds one of phrase[] with nothing after it but
 * a pronoun, a relative's word or the end of the message: "juste avant
 * elle", "right before him", "just before".
 */
static int
bare_at(const char *s, const char *const *phrase)
{
	static const char *const next[] = { "lui", "elle", "him", "her",
	    "them", "eux", "sa", "son", "ses", "his", "their", "moi", "me",
	    "mine", "le meme jour", "the same day", "same day", NULL };
	const char	*p;
	size_t		 k, n;

	for (k = 0; phrase[k] != NULL; k++) {
		n = strlen(phrase[k]);
		for (p = s; (p = strstr(p, phrase[k])) != NULL; p++) {
			if ((p != s && p[-1] != ' ') || (p[n] != ' ' &&
			    p[n] != '\0'))
				continue;
			if (p[n] == '\0' || has_any_at(p + n + 1, next))
				return 1;
		}
	}
	return 0;
}

/*
 * "et moi juste avant elle ?", "can I go right before him?": no day or
 * time said, the request is for the time that ends where the
 * appointment just booked begins (else the phone's earliest one, when
 * all are one patient's), its day, on the grid.  Only the request's
 * date and time are set; whose it is and the rest go on as any booking.
 */
static void
before_booked(struct eng *e)
{
	static const char *const before[] = { "juste avant", "right before",
	    "just before", "tout juste avant", "immediately before",
	    "juste devant", NULL };
	const struct slots_treatment	*ts;
	struct slots_clinic		 sc;
	struct tz_local			 l;
	char				 s[TWO_NORM], at[6], out[6];
	int64_t				 start = 0;
	int				 i, t, g, m;

	engine_norm(e->text, e->len, s, sizeof(s));
	if (!bare_at(s, before) || eng_has(e, NLU_F_TIME) ||
	    e->c.nnext > 0 || !eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    (t = booking_find_treat(e->b,
	    e->nlu.val[NLU_F_APPOINTMENT_TYPE])) < 0 ||
	    (ts = booking_treat_slots(e->b, (size_t)t)) == NULL)
		return;
	if (e->c.done.start > 0)
		start = e->c.done.start;
	for (i = 0; start == 0 && i < e->nappts; i++)
		if (i > 0 && strcmp(e->appts[i].patient,
		    e->appts[0].patient) != 0)
			return;
	for (i = 0; e->c.done.start == 0 && i < e->nappts; i++)
		if (start == 0 || e->appts[i].start < start)
			start = e->appts[i].start;
	if (start == 0)
		return;
	tz_to_local(booking_tz(e->b), start, &l);
	booking_slots(e->b, &sc);
	g = sc.granularity > 0 ? sc.granularity : 1;
	m = l.hour * 60 + l.min - ts->duration - ts->buffer;
	m -= ((m % g) + g) % g;
	snprintf(at, sizeof(at), "%02d:%02d", l.hour, l.min);
	if (m < 0 || add_minutes(at, m - l.hour * 60 - l.min, out) == -1)
		return;
	snprintf(e->nlu.val[NLU_F_DATE], NLU_VALUE_MAX, "%04d-%02d-%02d",
	    l.year, l.month, l.day);
	memcpy(e->nlu.val[NLU_F_TIME], out, 6);
	e->nlu.val[NLU_F_TIME_PREFERENCE][0] = '\0';
	e->nlu.val[NLU_F_DATE_RANGE][0] = '\0';
	e->nlu.src[NLU_F_DATE] = e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
	e->nlu.time_approx = 0;
}

/*
 * "can my partner come in right after me for the same thing? it's Conor
 * Walsh", "et mon fils juste après moi, pareil ?": someone else, after
 * the writer's own appointment to come (the phone's earliest, when all
 * of them are one patient's) and, said "the same", for its treatment.
 * The request is taken for that other person, at the first time of the
 * grid once the writer's is over.  Returns 1 when so.
 */
static int
after_mine(struct eng *e)
{
	static const char *const after[] = { "right after me",
	    "straight after me", "just after me", "after me",
	    "right after mine", "after mine", "after my appointment",
	    "juste apres moi", "apres moi", "tout de suite apres moi",
	    "juste derriere moi", "a la suite", "apres mon rdv",
	    "apres mon rendez vous", "just after mine", NULL };
	static const char *const same[] = { "same thing", "the same",
	    "same treatment", "same as me", "la meme chose", "pareil",
	    "le meme soin", "comme moi", "same again", NULL };
	const struct eng_appt	*a = NULL;
	struct tz_local		 l;
	char			 s[TWO_NORM], at[6], later[6];
	int			 i, t, is_after, is_same;

	engine_norm(e->text, e->len, s, sizeof(s));
	is_after = has_any(s, after) || after_bare(s);
	is_same = has_any(s, same);
	if ((!is_after && !is_same) || e->nappts < 1 || e->c.nnext > 0 ||
	    !engine_parse_someone_else(e->text, e->len))
		return 0;
	for (i = 0; i < e->nappts; i++) {
		if (a != NULL && strcmp(a->patient, e->appts[i].patient) != 0)
			return 0;
		if (a == NULL || e->appts[i].start < a->start)
			a = &e->appts[i];
	}
	if ((t = booking_find_treat(e->b, a->treat)) < 0)
		t = booking_find_treat(e->b, a->tname);
	if (t < 0)
		return 0;
	if (is_same && !eng_has(e, NLU_F_APPOINTMENT_TYPE)) {
		snprintf(e->nlu.val[NLU_F_APPOINTMENT_TYPE], NLU_VALUE_MAX,
		    "%s", booking_treat_name(e->b, (size_t)t));
		e->nlu.src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_RULES;
	}
	if (!eng_has(e, NLU_F_APPOINTMENT_TYPE))
		return 0;
	if (is_after && !eng_has(e, NLU_F_DATE) && !eng_has(e, NLU_F_TIME) &&
	    !eng_has(e, NLU_F_DATE_RANGE)) {
		tz_to_local(booking_tz(e->b), a->start, &l);
		snprintf(at, sizeof(at), "%02d:%02d", l.hour, l.min);
		if (grid_after(e, t, at, later) == -1)
			return 0;
		snprintf(e->nlu.val[NLU_F_DATE], NLU_VALUE_MAX,
		    "%04d-%02d-%02d", l.year, l.month, l.day);
		memcpy(e->nlu.val[NLU_F_TIME], later, 6);
		e->nlu.val[NLU_F_TIME_PREFERENCE][0] = '\0';
		e->nlu.src[NLU_F_DATE] = e->nlu.src[NLU_F_TIME] =
		    NLU_SRC_RULES;
		e->nlu.time_approx = 0;
	}
	return book_for(e, "other");
}

int
eng_two_people(struct eng *e)
{
	struct two_part	 p[2];
	char		 s[TWO_NORM];
	const char	*self_id = "";
	int		 me, self;

	memset(p, 0, sizeof(p));
	before_booked(e);
	if (after_mine(e))
		return 1;
	if (e->len >= ENG_CLAUSE - 160 ||
	    (e->nlu.intent != NLU_INTENT_BOOK_APPOINTMENT &&
	    !eng_has(e, NLU_F_APPOINTMENT_TYPE)))
		return 0;
	engine_norm(e->text, e->len, s, sizeof(s));
	self = has_any(s, self_phrases) &&
	    engine_parse_someone_else(e->text, e->len);
	if (!self && two_new_people(e))
		return 1;
	if (!self && two_new_kids(e))
		return 1;
	if (!self && two_treatments(e))
		return 1;
	if (!self && e->npats < 2)
		return 0;
	if (two_parts(e, p) != 2)
		return two_one_time(e, self) ||
		    (self && e->npats <= 1 && two_self_other(e));
	if (!self)
		return two_named(e, p);
	/* whose part is whose: the one saying "moi"/"me", else the first */
	me = p[0].self == p[1].self ? 0 : (p[1].self ? 1 : 0);
	if (two_after(e, p) == -1)
		return 0;
	if (e->npats == 1)
		self_id = e->pats[0].id;
	if (me == 0)
		return two_start(e, p, *self_id != '\0' ? self_id : "me", 0,
		    self_id);
	return two_start(e, p, "other", 1, self_id);
}

int
eng_two_clause_after(char *clause, char at[6])
{
	at[0] = '\0';
	if (clause[0] != TWO_AFTER)
		return 0;
	memmove(clause, clause + 1, strlen(clause + 1) + 1);
	if (clause[0] == TWO_AT && strlen(clause) > 6) {
		memcpy(at, clause + 1, 5);
		at[5] = '\0';
		memmove(clause, clause + 6, strlen(clause + 6) + 1);
	}
	return 1;
}

void
eng_two_follow(const struct eng *e, struct nlu_result *r, const char *at)
{
	struct tz_local	 l;
	char		 hm[6], later[6];

	if (e->act.kind != ENG_W_BOOK)
		return;
	tz_to_local(booking_tz(e->b), e->act.start, &l);
	snprintf(hm, sizeof(hm), "%02d:%02d", l.hour, l.min);
	if (at[0] != '\0')
		memcpy(later, at, 6);
	else if (grid_after(e, e->act.treat, hm, later) == -1)
		return;
	snprintf(r->val[NLU_F_DATE], NLU_VALUE_MAX, "%04d-%02d-%02d",
	    l.year, l.month, l.day);
	memcpy(r->val[NLU_F_TIME], later, 6);
	r->val[NLU_F_DATE_RANGE][0] = '\0';
	r->val[NLU_F_TIME_PREFERENCE][0] = '\0';
	r->src[NLU_F_DATE] = r->src[NLU_F_TIME] = NLU_SRC_RULES;
	r->time_approx = 0;
	r->same_time = 0;
}

/*
 * A waiting clause of two people's: its marker removed from clause (in
 * place), whom it is for into who: the patient's id (the writer's or a
 * named one's), "me" (the writer, not known yet) or "other".  Returns 1 when it was one, else 0
 * (clause untouched).
 */
int
eng_two_clause_who(char *clause, char who[ENG_ID])
{
	char	 mark = clause[0], *q;
	size_t	 n;

	if ((mark != TWO_ME && mark != TWO_OTHER) ||
	    (q = strchr(clause + 1, mark)) == NULL)
		return 0;
	n = (size_t)(q - clause - 1);
	if (mark == TWO_OTHER)
		snprintf(who, ENG_ID, "other");
	else if (n == ENG_ID - 1) {
		memcpy(who, clause + 1, n);
		who[n] = '\0';
	} else
		snprintf(who, ENG_ID, "me");
	memmove(clause, q + 1, strlen(q + 1) + 1);
	return 1;
}

/*
 * The other person of two: named in the message (a relative of the
 * phone, or a new patient who gave name and birth date), else their
 * name is asked.  Returns 1 when known, 0 when a question was asked.
 */
static int
two_other(struct eng *e)
{
	int	 k;

	if ((k = eng_plan_who(e)) != 0)
		return k == 1;
	eng_say(e, "ask_name", NULL, 0);
	eng_set_state(e, "ask_name");
	return 0;
}

/*
 * The phone's patient whose first name normalised s gives right after
 * an introduction ("c'est Sandrine Lopez", "hi it's Rachel"), when
 * exactly one is: its index, else -1.
 */
static int
introduced(const struct eng *e, const char *s)
{
	const char *const	*w;
	char			 f[ENG_NAME], ph[ENG_NAME + 32];
	int			 i, k = -1, hits = 0;

	for (i = 0; i < e->npats; i++) {
		engine_norm(e->pats[i].first, strlen(e->pats[i].first), f,
		    sizeof(f));
		if (*f == '\0')
			continue;
		for (w = intro_phrases; *w != NULL; w++) {
			snprintf(ph, sizeof(ph), "%s %s", *w, f);
			if (engine_has_word(s, ph))
				break;
		}
		if (*w != NULL) {
			hits++;
			k = i;
		}
	}
	return hits == 1 ? k : -1;
}

/*
 * The writer, when the request is theirs: the id known when the message
 * was cut, else the phone's patients the message does not name: one is
 * the writer; none: the one the message introduces ("c'est Sandrine"),
 * else their own name is asked (never a name the message gave for the
 * other person); several: the list.  Returns 1 when known,
 * 0 when a question was asked.
 */
static int
two_self(struct eng *e)
{
	char	 s[TWO_NORM], f[ENG_NAME];
	int	 i, k = -1, hits = 0;

	if (strcmp(e->plan_self, "me") != 0) {
		for (i = 0; i < e->npats; i++)
			if (strcmp(e->pats[i].id, e->plan_self) == 0) {
				memcpy(e->c.pid, e->plan_self, ENG_ID);
				memcpy(e->set_patient, e->plan_self, ENG_ID);
				return 1;
			}
	}
	engine_norm(e->text, e->len, s, sizeof(s));
	/* a new phone whose writer introduced herself in full ("I'm Helen
	 * Shaw"), not a name given for the other person ("my son Leo
	 * Hale"), or gave a name with no one else named ("hi, Lisa Moran
	 * 09/09/1990. A check-up and a cleaning", a signature) */
	if (e->npats == 0 && eng_has(e, NLU_F_FIRST_NAME) &&
	    eng_has(e, NLU_F_LAST_NAME) && (self_introduced(e, s) ||
	    !engine_parse_someone_else(e->text, e->len)))
		return eng_on_ask_name(e);
	for (i = 0; i < e->npats; i++) {
		engine_norm(e->pats[i].first, strlen(e->pats[i].first), f,
		    sizeof(f));
		if (*f != '\0' && engine_has_word(s, f))
			continue;
		hits++;
		k = i;
	}
	if (hits == 1) {
		memcpy(e->c.pid, e->pats[k].id, ENG_ID);
		memcpy(e->set_patient, e->pats[k].id, ENG_ID);
		return 1;
	}
	if (hits == 0 && (k = introduced(e, s)) >= 0) {
		memcpy(e->c.pid, e->pats[k].id, ENG_ID);
		memcpy(e->set_patient, e->pats[k].id, ENG_ID);
		return 1;
	}
	if (hits > 1) {
		eng_ask_who(e);
		return 0;
	}
	eng_say(e, "ask_name_self", NULL, 0);
	eng_set_state(e, "ask_name");
	return 0;
}

int
eng_two_who(struct eng *e)
{
	if (strcmp(e->plan_self, "other") == 0)
		return two_other(e);
	return two_self(e);
}

int
eng_two_also(struct eng *e)
{
	char	 c[ENG_CLAUSE];
	int	 n, fr = e->lang == REPLIES_FR;

	if (e->c.tr[0] == '\0' || e->c.nnext > 0)
		return 0;
	/* the request the rules read again after the booking: "rendez-vous :
	 * oui et pour ma fille Emma aussi. Détartrage", for the other
	 * person (named there, or asked), right after the writer's */
	n = snprintf(c, sizeof(c), "%s%c%c%s : %.*s. %s", after_mark,
	    TWO_OTHER, TWO_OTHER, fr ? "rendez-vous" : "appointment",
	    (int)(e->len < 300 ? e->len : 300), e->text, e->c.tr);
	if (n < 0 || (size_t)n >= sizeof(c) ||
	    eng_plan_push(e, c, (size_t)n) == -1)
		return 0;
	return 1;
}

/*
 * 1 when first name f (as written) is a word of the waiting clause c.
 */
static int
clause_names(const char *c, const char *f)
{
	const char	*q = c;
	size_t		 n = strlen(f);

	if (n == 0)
		return 0;
	while ((q = strstr(q, f)) != NULL) {
		if ((q == c || !isalpha((unsigned char)q[-1])) &&
		    !isalpha((unsigned char)q[n]))
			return 1;
		q += n;
	}
	return 0;
}

int
eng_two_times(struct eng *e)
{
	struct two_part	 p[2];
	char		 a[ENG_NAME], b[ENG_NAME], *c = e->c.next[0];
	size_t		 n;
	int		 k;

	memset(p, 0, sizeof(p));
	if (e->c.nnext == 0 || c[0] != TWO_AFTER || c[1] == TWO_AT ||
	    two_parts(e, p) != 2 || p[0].time[0] == '\0' ||
	    p[1].time[0] == '\0' || !kid_in_part(e, &p[0], a, sizeof(a)) ||
	    !kid_in_part(e, &p[1], b, sizeof(b)))
		return 0;
	/* the part that names the one waiting keeps its time for it */
	if (clause_names(c, b) && !clause_names(c, a))
		k = 1;
	else if (clause_names(c, a) && !clause_names(c, b))
		k = 0;
	else
		return 0;
	n = strlen(c);
	if (n + 6 >= ENG_CLAUSE)
		return 0;
	memmove(c + 7, c + 1, n);
	c[1] = TWO_AT;
	memcpy(c + 2, p[k].time, 5);
	memcpy(e->nlu.val[NLU_F_TIME], p[1 - k].time, 6);
	e->nlu.src[NLU_F_TIME] = NLU_SRC_RULES;
	e->nlu.time_approx = 0;
	return 1;
}
