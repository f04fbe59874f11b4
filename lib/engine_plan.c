/*
 * engine_plan — what one message may ask beyond one plain request:
 * several requests ("annulez celui de mercredi et prenez-moi un
 * détartrage vendredi"), handled in order, each with its own recap and
 * yes; which of the phone's appointments a request names (by day, time,
 * practitioner or treatment); who it is for when the message says it
 * (a relative named in passing, a new patient who gave everything); the
 * other appointment the patient already holds that day; "je ne peux pas
 * venir" as a move.  The requests still waiting are kept, as the text
 * of their clauses, in the conversation's context (eng_ctx.next) and
 * understood again when their turn comes.  See engine_int.h.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "booking.h"
#include "engine_parse.h"
#include "engine_int.h"
#include "tz.h"

#define PLAN_NORM	1024	/* normalised clause looked at */
#define PLAN_CUTS	24	/* places a message may be cut at */

/* What a clause asks, as far as cutting a message goes. */
enum plan_kind {
	PLAN_NONE = 0,
	PLAN_BOOK,
	PLAN_MOVE,
	PLAN_CANCEL,
	PLAN_LIST
};

/* Word beginnings that say "cancel" in a clause, whatever the NLU says. */
static const char *const cancel_stems[] = {
	"annul",	/* annuler, annulez, annulation */
	"cancel",	/* cancel, cancelled, cancellation */
	"supprim",	/* supprimer mon rendez-vous */
	"decommand",	/* décommander */
	NULL
};

/* Word beginnings that say "move" in a clause. */
static const char *const move_stems[] = {
	"deplac",	/* déplacer */
	"decal",	/* décaler */
	"report",	/* reporter */
	"avanc",	/* avancer */
	"move",		/* move, moving */
	"reschedul",	/* reschedule */
	"postpon",	/* postpone */
	"rebook",	/* rebook */
	NULL
};

/* Phrases that ask for another appointment in a clause, whatever the NLU
 * says ("et en reprendre un la semaine d'après"). */
static const char *const book_phrases[] = {
	"en reprendre un", "en reprendre une", "reprendre un rdv",
	"reprendre un rendez vous", "en prendre un autre",
	"en prendre une autre", "prendre un autre rdv",
	"prendre un autre rendez vous", "un nouveau rdv",
	"un nouveau rendez vous", "book another", "book a new",
	"make a new appointment", "make another appointment",
	"a new appointment", "another appointment", NULL
};

/* "I can't come" phrases (normalised, whole words): a move by default. */
static const char *const cant_come[] = {
	"peux pas venir", "pourrai pas venir", "pourrais pas venir",
	"pas pouvoir venir", "serai pas la", "pourrai pas etre la",
	"pourrai pas etre present", "pourrai pas m y rendre",
	"peux plus venir", "empechement", "can t make it",
	"cannot make it", "can t come", "cannot come", "can t attend",
	"cannot attend", "won t be able to come", "won t be able to make it",
	"cant come", "cant make it", "cant attend", "wont be able to come",
	"wont be able to make it", "ne vais pas pouvoir venir",
	"unable to come", "not be able to come", "not be able to make it",
	NULL
};

/* Words before a relative's first name ("ma fille Emma", "for Sam"). */
static const char *const relative_words[] = {
	"fils", "fille", "enfant", "bebe", "femme", "mari", "epouse",
	"epoux", "pere", "mere", "frere", "soeur", "pour", "son",
	"daughter", "child", "kid", "baby", "wife", "husband", "father",
	"mother", "brother", "sister", "for", NULL
};

/* 1 when w is a whole word of normalised s at p. */
static int
word_at(const char *s, const char *p, size_t n)
{
	return (p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0');
}

/* 1 when normalised s contains phrase w as whole words. */
static int
has_phrase(const char *s, const char *w)
{
	const char	*p = s;
	size_t		 n = strlen(w);

	while ((p = strstr(p, w)) != NULL) {
		if (word_at(s, p, n))
			return 1;
		p++;
	}
	return 0;
}

/* 1 when some word of normalised s begins with one of stems. */
static int
has_stem(const char *s, const char *const *stems)
{
	const char	*p;

	for (; *stems != NULL; stems++)
		for (p = s; (p = strstr(p, *stems)) != NULL; p++)
			if (p == s || p[-1] == ' ')
				return 1;
	return 0;
}

/* 1 when normalised s contains one of the phrases of list. */
static int
has_any_phrase(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (has_phrase(s, *list))
			return 1;
	return 0;
}

/*
 * Understand text (n bytes) with the rules alone, as a message of its
 * own from this conversation awaiting aw (the answer to a question
 * when not NLU_AWAIT_NONE), into r.
 */
static void
understand_as(const struct eng *e, const char *text, size_t n,
    enum nlu_awaiting aw, struct nlu_result *r)
{
	struct nlu_lists	 lists;
	struct nlu_context	 nc;
	struct nlu_now		 nn;
	struct tz_local		 l;

	memset(&lists, 0, sizeof(lists));
	lists.practitioners = booking_prac_names(e->b);
	lists.npractitioners = booking_npracs(e->b);
	lists.treatments = booking_treat_names(e->b);
	lists.ntreatments = booking_ntreats(e->b);
	lists.aliases = booking_treat_aliases(e->b, &lists.naliases);
	memset(&nc, 0, sizeof(nc));
	nc.awaiting = aw;
	nc.has_last_lang = 1;
	nc.last_lang = e->nlu.lang;
	tz_to_local(booking_tz(e->b), e->now, &l);
	nn.y = l.year;
	nn.m = l.month;
	nn.d = l.day;
	nn.hh = l.hour;
	nn.mm = l.min;
	if (nlu_extract(text, n, &lists, &nc, &nn, r) != 0)
		nlu_result_init(r);
}

/* understand_as, with nothing awaited: a message of its own. */
static void
understand(const struct eng *e, const char *text, size_t n,
    struct nlu_result *r)
{
	understand_as(e, text, n, NLU_AWAIT_NONE, r);
}

void
eng_plan_read(const struct eng *e, const char *text, size_t n,
    struct nlu_result *r)
{
	understand(e, text, n, r);
}

/*
 * What clause text (n bytes, understood as r) asks: an explicit word
 * ("annuler", "move") first, then the rules' intent; a cancellation or
 * a move the rules guessed from "je ne peux pas venir" is not enough to
 * cut a message on.
 */
static enum plan_kind
clause_kind(const char *text, size_t n, const struct nlu_result *r)
{
	char	 s[PLAN_NORM];

	engine_norm(text, n, s, sizeof(s));
	if (has_stem(s, cancel_stems))
		return PLAN_CANCEL;
	if (has_stem(s, move_stems))
		return PLAN_MOVE;
	if (has_any_phrase(s, book_phrases))
		return PLAN_BOOK;
	/* the classifier's reading of a few words ("même heure") is no
	 * request of its own: it changes each time it is trained */
	if (r->intent_src != NLU_SRC_RULES || r->learned)
		return PLAN_NONE;
	if (r->intent == NLU_INTENT_LIST_APPOINTMENTS)
		return PLAN_LIST;
	if (r->intent == NLU_INTENT_BOOK_APPOINTMENT)
		return PLAN_BOOK;
	return PLAN_NONE;
}

/*
 * Two requests of these kinds, one after the other, are two requests:
 * different kinds, and not a move beside a booking (that is one move,
 * its new day said apart: "je voudrais déplacer mon rendez-vous. Jeudi
 * à 10h ?").
 */
static int
two_requests(enum plan_kind a, enum plan_kind b)
{
	if (a == PLAN_NONE || b == PLAN_NONE || a == b)
		return 0;
	if ((a == PLAN_MOVE && b == PLAN_BOOK) ||
	    (a == PLAN_BOOK && b == PLAN_MOVE))
		return 0;
	return 1;
}

/* 1 when text[i..] begins the word w (ASCII, any case) and a space. */
static int
word_here(const char *t, size_t n, size_t i, const char *w)
{
	size_t	 k, m = strlen(w);

	if (i + m >= n)
		return 0;
	for (k = 0; k < m; k++) {
		char c = t[i + k];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[k])
			return 0;
	}
	return t[i + m] == ' ';
}

/*
 * The places text (n bytes) may be cut at, in order, into cut[] (at
 * most PLAN_CUTS): after an end of sentence, at a comma or a line
 * break, before "et", "and", "puis", "then", "also", "aussi".  Returns
 * their count.
 */
static int
cuts(const char *t, size_t n, size_t *cut)
{
	static const char *const joins[] = { "et", "and", "puis", "then",
		"also", "aussi", "ensuite", NULL };
	const char *const *j;
	size_t		 i;
	int		 k = 0;

	for (i = 1; i + 1 < n && k < PLAN_CUTS; i++) {
		if ((t[i] == '.' || t[i] == '?' || t[i] == '!' ||
		    t[i] == ';') && (t[i + 1] == ' ' || t[i + 1] == '\n'))
			cut[k++] = i + 1;
		else if (t[i] == ',' || t[i] == '\n')
			cut[k++] = i;
		else if (t[i] == ' ')
			for (j = joins; *j != NULL; j++)
				if (word_here(t, n, i + 1, *j)) {
					cut[k++] = i;
					break;
				}
	}
	return k;
}

/* Skip the separators a right-hand clause begins with. */
static size_t
skip_sep(const char *t, size_t n, size_t i)
{
	while (i < n && (t[i] == ' ' || t[i] == ',' || t[i] == '\n' ||
	    t[i] == '.' || t[i] == ';'))
		i++;
	return i;
}

/* The intent a clause of kind k is handled as. */
static enum nlu_intent
kind_intent(enum plan_kind k, enum nlu_intent def)
{
	switch (k) {
	case PLAN_BOOK:
		return NLU_INTENT_BOOK_APPOINTMENT;
	case PLAN_MOVE:
		return NLU_INTENT_MODIFY_APPOINTMENT;
	case PLAN_CANCEL:
		return NLU_INTENT_CANCEL_APPOINTMENT;
	case PLAN_LIST:
		return NLU_INTENT_LIST_APPOINTMENTS;
	default:
		return def;
	}
}

/* 1 when the message says it cannot come, without saying "cancel". */
static int
says_cant_come(const struct eng *e, const char *text, size_t n)
{
	char	 s[PLAN_NORM];

	if (e->nappts == 0)
		return 0;
	engine_norm(text, n, s, sizeof(s));
	return has_any_phrase(s, cant_come) && !has_stem(s, cancel_stems);
}

/*
 * Handle clause text (n bytes) understood as r, of kind k, as a
 * message of its own at idle; e's message and understanding are put
 * back afterwards, the language kept.
 */
static void
run_clause(struct eng *e, const char *text, size_t n,
    const struct nlu_result *r, enum plan_kind k)
{
	struct nlu_result	 saved = e->nlu;
	char			*st = e->text, buf[ENG_CLAUSE];
	size_t			 sl = e->len;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	e->text = buf;
	e->len = n;
	e->nlu = *r;
	e->nlu.lang = saved.lang;
	e->nlu.urgent = saved.urgent;
	e->nlu.intent = kind_intent(k, r->intent);
	if (k != PLAN_NONE)
		e->nlu.intent_src = NLU_SRC_RULES;
	if (says_cant_come(e, buf, n) &&
	    e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_LIST_APPOINTMENTS) {
		e->nlu.intent = NLU_INTENT_MODIFY_APPOINTMENT;
		e->nlu.intent_src = NLU_SRC_RULES;
	}
	eng_dispatch_idle(e);
	e->text = st;
	e->len = sl;
	e->nlu = saved;
}

/* Queue clause text (n bytes) first among the waiting ones: 0 or -1. */
static int
push_front(struct eng_ctx *c, const char *text, size_t n);

int
eng_plan_push(struct eng *e, const char *text, size_t n)
{
	return push_front(&e->c, text, n);
}

static int
push_front(struct eng_ctx *c, const char *text, size_t n)
{
	int	 i;

	if (n == 0 || n >= ENG_CLAUSE || c->nnext >= ENG_NEXT)
		return -1;
	for (i = c->nnext; i > 0; i--)
		memcpy(c->next[i], c->next[i - 1], ENG_CLAUSE);
	memcpy(c->next[0], text, n);
	c->next[0][n] = '\0';
	c->nnext++;
	return 0;
}

/* A cancel or a move of "it": the appointment named before. */
static const char *const it_verbs[] = { "l annul", "le decal", "la decal",
	"le deplac", "la deplac", "l avanc", "le report", "la report",
	"l enlev", "le supprim", "la supprim", "cancel it", "move it",
	"push it", "reschedule it", "cancel that", "move that",
	"shift it", "drop it", NULL };

/*
 * "le rdv de mon mari, vous pouvez l'annuler ?", "my son's check-up,
 * can you move it?": the first part only names the appointment the
 * second (text, n bytes) cancels or moves.  1 when so (one request).
 */
static int
names_then_it(const char *text, size_t n, enum plan_kind ka)
{
	char	 s[PLAN_NORM];

	if (ka != PLAN_BOOK)
		return 0;
	engine_norm(text, n, s, sizeof(s));
	return has_stem(s, it_verbs);
}

/*
 * Cut text (n bytes) in two requests when it holds two: the first is
 * handled now, the second waits in the context.  Returns 1 when cut
 * (and handled), 0 when the text is one request.
 */
static int
split_run(struct eng *e, const char *text, size_t n)
{
	struct nlu_result	 a, b;
	enum plan_kind		 ka, kb;
	size_t			 cut[PLAN_CUTS], r;
	int			 i, nc;

	nc = cuts(text, n, cut);
	for (i = 0; i < nc; i++) {
		r = skip_sep(text, n, cut[i]);
		if (r >= n)
			break;
		understand(e, text, cut[i], &a);
		if ((ka = clause_kind(text, cut[i], &a)) == PLAN_NONE)
			continue;
		understand(e, text + r, n - r, &b);
		kb = clause_kind(text + r, n - r, &b);
		if (!two_requests(ka, kb) || names_then_it(text + r, n - r, ka))
			continue;
		if (push_front(&e->c, text + r, n - r) == -1)
			return 0;
		run_clause(e, text, cut[i], &a, ka);
		return 1;
	}
	return 0;
}

/* 1 when r holds a day, a span, a time or a part of the day. */
static int
has_when(const struct nlu_result *r)
{
	return r->val[NLU_F_DATE][0] != '\0' ||
	    r->val[NLU_F_DATE_RANGE][0] != '\0' ||
	    r->val[NLU_F_TIME][0] != '\0' ||
	    r->val[NLU_F_TIME_PREFERENCE][0] != '\0' || r->same_time;
}

/*
 * "Je ne peux pas venir cet après-midi, auriez-vous quelque chose lundi
 * matin ?": the day said with "can't come" is the appointment's, the
 * wish is in the clause after it.  When the message is cut so, the
 * wish of the later clause replaces the message's days and times.
 */
static void
wish_after_cant_come(struct eng *e)
{
	static const enum nlu_field when[] = { NLU_F_DATE, NLU_F_DATE_RANGE,
		NLU_F_TIME, NLU_F_TIME_PREFERENCE };
	struct nlu_result	 r;
	size_t			 cut[PLAN_CUTS], k, f;
	char			 s[PLAN_NORM];
	int			 i, nc;

	nc = cuts(e->text, e->len, cut);
	for (i = 0; i < nc; i++) {
		engine_norm(e->text, cut[i], s, sizeof(s));
		if (!has_any_phrase(s, cant_come))
			continue;
		k = skip_sep(e->text, e->len, cut[i]);
		if (k >= e->len)
			return;
		understand(e, e->text + k, e->len - k, &r);
		if (!has_when(&r))
			return;
		for (f = 0; f < sizeof(when) / sizeof(when[0]); f++) {
			memcpy(e->nlu.val[when[f]], r.val[when[f]],
			    NLU_VALUE_MAX);
			e->nlu.src[when[f]] = r.src[when[f]];
		}
		e->nlu.same_time = r.same_time;
		e->nlu.time_approx = r.time_approx;
		return;
	}
}

void
eng_plan_idle(struct eng *e)
{
	e->c.nnext = 0;
	if (eng_two_people(e))
		return;
	if (split_run(e, e->text, e->len))
		return;
	if (e->nlu.intent != NLU_INTENT_EMERGENCY &&
	    e->nlu.intent != NLU_INTENT_LIST_APPOINTMENTS &&
	    says_cant_come(e, e->text, e->len)) {
		e->nlu.intent = NLU_INTENT_MODIFY_APPOINTMENT;
		e->nlu.intent_src = NLU_SRC_RULES;
		wish_after_cant_come(e);
	}
	eng_dispatch_idle(e);
}

/*
 * "annule le rdv de Léa mardi, et reprends-en un pour elle la semaine
 * d'après", "cancel Sam's on Tuesday and book him another one the week
 * after": the booking that follows a cancellation made this turn takes
 * its treatment and its patient from the cancelled appointment when it
 * names neither (unless it is for the writer: "et un pour moi"), and
 * "the week after" is the week after that appointment's.
 */
static void
after_cancel(struct eng *e, const char *clause, size_t n,
    struct nlu_result *r)
{
	static const char *const her[] = { "elle", "lui", "her", "him",
	    "she", "he", "la meme", "le meme", "same", NULL };
	static const char *const me[] = { "moi", "me", "myself", "mine",
	    NULL };
	static const char *const week_after[] = { "semaine d apres",
	    "semaine suivante", "semaine apres", "week after",
	    "following week", "next week after", NULL };
	static const char *const same_day[] = { "meme jour", "same day",
	    NULL };
	const struct eng_appt	*a = NULL;
	char			 s[PLAN_NORM];
	struct tz_local		 l;
	int64_t			 d;
	int			 i;

	if (e->act.kind != ENG_W_CANCEL)
		return;
	for (i = 0; i < e->nappts; i++)
		if (strcmp(e->appts[i].id, e->act.appt) == 0)
			a = &e->appts[i];
	if (a == NULL)
		return;
	engine_norm(clause, n, s, sizeof(s));
	if (r->val[NLU_F_APPOINTMENT_TYPE][0] == '\0' && a->tname[0] != '\0' &&
	    booking_find_treat(e->b, a->tname) >= 0) {
		snprintf(r->val[NLU_F_APPOINTMENT_TYPE], NLU_VALUE_MAX, "%s",
		    a->tname);
		r->src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_RULES;
	}
	if (e->plan_self[0] == '\0' && a->patient[0] != '\0' &&
	    (has_any_phrase(s, her) || !has_any_phrase(s, me)) &&
	    r->val[NLU_F_FIRST_NAME][0] == '\0')
		snprintf(e->plan_self, ENG_ID, "%s", a->patient);
	if (has_any_phrase(s, week_after) && has_any_phrase(s, same_day) &&
	    r->val[NLU_F_DATE][0] == '\0') {
		/* "le même jour": its weekday, a week later */
		tz_to_local(booking_tz(e->b), a->start, &l);
		d = tz_days_from_civil(l.year, l.month, l.day) + 7;
		tz_civil_from_days(d, &l.year, &l.month, &l.day);
		snprintf(r->val[NLU_F_DATE], NLU_VALUE_MAX, "%04d-%02d-%02d",
		    l.year, l.month, l.day);
		r->src[NLU_F_DATE] = NLU_SRC_RULES;
		r->val[NLU_F_DATE_RANGE][0] = '\0';
	} else if (has_any_phrase(s, week_after) &&
	    r->val[NLU_F_DATE][0] == '\0') {
		/* Monday to Sunday of the week after the appointment's */
		tz_to_local(booking_tz(e->b), a->start, &l);
		d = tz_days_from_civil(l.year, l.month, l.day) - l.wday + 7;
		tz_civil_from_days(d, &l.year, &l.month, &l.day);
		i = snprintf(r->val[NLU_F_DATE_RANGE], NLU_VALUE_MAX,
		    "%04d-%02d-%02d..", l.year, l.month, l.day);
		tz_civil_from_days(d + 6, &l.year, &l.month, &l.day);
		snprintf(r->val[NLU_F_DATE_RANGE] + i, NLU_VALUE_MAX - (size_t)i,
		    "%04d-%02d-%02d", l.year, l.month, l.day);
		r->src[NLU_F_DATE_RANGE] = NLU_SRC_RULES;
	}
}

void
eng_plan_next(struct eng *e)
{
	struct nlu_result	 r;
	char			 clause[ENG_CLAUSE], at[6];
	size_t			 n;
	int			 i, guard, me, after;

	if (e->handoff) {
		e->c.nnext = 0;
		return;
	}
	for (guard = 0; guard < ENG_NEXT; guard++) {
		if (e->c.nnext == 0 || strcmp(e->c.state, "idle") != 0 ||
		    eng_needs(e) || e->dberr)
			return;
		memcpy(clause, e->c.next[0], ENG_CLAUSE);
		clause[ENG_CLAUSE - 1] = '\0';
		for (i = 1; i < e->c.nnext; i++)
			memcpy(e->c.next[i - 1], e->c.next[i], ENG_CLAUSE);
		e->c.nnext--;
		/* one person's request of two: for whom, and when */
		after = eng_two_clause_after(clause, at);
		me = eng_two_clause_who(clause, e->plan_self);
		n = strlen(clause);
		if (!me && split_run(e, clause, n))
			continue;
		understand(e, clause, n, &r);
		/* one person's part of two is a booking, whatever its few
		 * words ("Détartrage pour mon enfant") read as alone */
		if (me && r.intent != NLU_INTENT_EMERGENCY &&
		    r.intent != NLU_INTENT_BOOK_APPOINTMENT) {
			r.intent = NLU_INTENT_BOOK_APPOINTMENT;
			r.intent_src = NLU_SRC_RULES;
			r.rules_sure = 1;
		}
		if (after)
			eng_two_follow(e, &r, at);
		if (!me)
			after_cancel(e, clause, n, &r);
		run_clause(e, clause, n, &r, clause_kind(clause, n, &r));
		e->plan_self[0] = '\0';
		if (e->handoff)
			e->c.nnext = 0;
	}
}

/* Local calendar day of t as days since 1970. */
static long
local_day(const struct eng *e, int64_t t, int *minutes)
{
	struct tz_local	 l;

	tz_to_local(booking_tz(e->b), t, &l);
	if (minutes != NULL)
		*minutes = l.hour * 60 + l.min;
	return (long)tz_days_from_civil(l.year, l.month, l.day);
}

/* Days since 1970 of "YYYY-MM-DD", or -1. */
static long
ymd_day(const char *ymd)
{
	int	 y, m, d;

	if (nlu_parse_ymd(ymd, &y, &m, &d) != 0)
		return -1;
	return (long)tz_days_from_civil(y, m, d);
}

/* The treatment index of appointment a, or -1. */
static int
appt_treat(const struct eng *e, const struct eng_appt *a)
{
	int	 t = booking_find_treat(e->b, a->treat);

	return t >= 0 ? t : booking_find_treat(e->b, a->tname);
}

/*
 * Keep in keep[] (n flags) the appointments that match criterion f of
 * the message, when at least one does.  Returns 1 when it narrowed.
 */
static int
narrow(struct eng *e, const struct eng_appt *a, int n, int *keep,
    enum nlu_field f)
{
	int	 m[ENG_LIST], i, hits = 0, want, min;
	long	 day;

	if (!eng_has(e, f))
		return 0;
	for (i = 0; i < n; i++) {
		m[i] = 0;
		if (!keep[i])
			continue;
		switch (f) {
		case NLU_F_PRACTITIONER:
			want = booking_find_prac(e->b,
			    e->nlu.val[NLU_F_PRACTITIONER]);
			m[i] = want >= 0 &&
			    booking_find_prac(e->b, a[i].prac) == want;
			break;
		case NLU_F_APPOINTMENT_TYPE:
			want = booking_find_treat(e->b,
			    e->nlu.val[NLU_F_APPOINTMENT_TYPE]);
			m[i] = want >= 0 && appt_treat(e, &a[i]) == want;
			break;
		case NLU_F_DATE:
			day = local_day(e, a[i].start, NULL);
			m[i] = day == ymd_day(e->nlu.val[NLU_F_DATE]);
			break;
		default:
			(void)local_day(e, a[i].start, &min);
			want = ((e->nlu.val[f][0] - '0') * 10 +
			    e->nlu.val[f][1] - '0') * 60 +
			    (e->nlu.val[f][3] - '0') * 10 +
			    e->nlu.val[f][4] - '0';
			m[i] = strlen(e->nlu.val[f]) == 5 && min == want;
			break;
		}
		hits += m[i];
	}
	if (hits == 0)
		return 0;
	for (i = 0; i < n; i++)
		keep[i] = keep[i] && m[i];
	return 1;
}

/*
 * "cancel the one on Tuesday": a weekday alone (no day number in the
 * message) that no appointment's date matched (the extractor read the
 * next Tuesday) names the appointments on that weekday.  Keeps them in
 * keep[] when at least one is.  Returns 1 when it narrowed.
 */
static int
narrow_weekday(struct eng *e, const struct eng_appt *a, int n, int *keep)
{
	int	 m[ENG_LIST], i, hits = 0;
	long	 want;
	size_t	 k;

	if (!eng_has(e, NLU_F_DATE) ||
	    (want = ymd_day(e->nlu.val[NLU_F_DATE])) < 0)
		return 0;
	for (k = 0; k < e->len; k++)
		if (e->text[k] >= '0' && e->text[k] <= '9')
			return 0;
	for (i = 0; i < n; i++)
		if (keep[i] && local_day(e, a[i].start, NULL) == want)
			return 0;
	for (i = 0; i < n; i++) {
		/* days since 1970 (a Thursday): same weekday, same rest */
		m[i] = keep[i] &&
		    (local_day(e, a[i].start, NULL) - want) % 7 == 0;
		hits += m[i];
	}
	if (hits == 0)
		return 0;
	for (i = 0; i < n; i++)
		keep[i] = m[i];
	return 1;
}

static int	named_patient(const struct eng *, int);

/*
 * "cancel Lucy's appointment": keep the appointments of the phone's
 * patient whose first name the message gives; 1 when that narrowed.
 */
static int
narrow_patient(const struct eng *e, const struct eng_appt *a, int n,
    int *keep)
{
	int	 i, k, hits = 0;

	if ((k = named_patient(e, 0)) < 0)
		return 0;
	for (i = 0; i < n; i++)
		hits += keep[i] && strcmp(a[i].patient, e->pats[k].id) == 0;
	if (hits == 0)
		return 0;
	for (i = 0; i < n; i++)
		keep[i] = keep[i] && strcmp(a[i].patient, e->pats[k].id) == 0;
	return 1;
}

/* A spouse or a parent, said with a possessive: an adult. */
static const char *const rel_adult[] = { "mon mari", "ma femme",
	"mon epoux", "mon epouse", "mon conjoint", "ma conjointe",
	"mon compagnon", "ma compagne", "mon pere", "ma mere",
	"my husband", "my wife", "my partner", "my spouse", "my father",
	"my mother", "my dad", "my mum", "my mom", NULL };

/* A child, said with a possessive. */
static const char *const rel_child[] = { "mon fils", "ma fille",
	"mon enfant", "mon bebe", "notre fils", "notre fille", "my son",
	"my daughter", "my child", "my kid", "my baby", "our son",
	"our daughter", NULL };

/* 1 when patient id (of the phone) is 18 or over today; -1 unknown. */
static int
adult_patient(const struct eng *e, const char *id)
{
	int	 i, age;

	for (i = 0; i < e->npats; i++)
		if (strcmp(e->pats[i].id, id) == 0)
			return (age = eng_patient_age(e, i)) < 0 ? -1 :
			    age >= 18;
	return -1;
}

/*
 * "le rdv de mon mari", "my daughter's check-up", no name said: keep the
 * appointments of the phone's adults (a spouse, a parent) or of its
 * minors (a child), when some are.  1 when that narrowed.
 */
static int
narrow_relative(const struct eng *e, const struct eng_appt *a, int n,
    int *keep)
{
	char	 s[PLAN_NORM];
	int	 m[ENG_LIST], i, want, hits = 0, kept = 0;

	engine_norm(e->text, e->len, s, sizeof(s));
	if (has_any_phrase(s, rel_adult))
		want = 1;
	else if (has_any_phrase(s, rel_child))
		want = 0;
	else
		return 0;
	for (i = 0; i < n; i++) {
		m[i] = keep[i] && adult_patient(e, a[i].patient) == want;
		hits += m[i];
		kept += keep[i];
	}
	if (hits == 0 || hits == kept)
		return 0;
	for (i = 0; i < n; i++)
		keep[i] = m[i];
	return 1;
}

int
eng_plan_which(struct eng *e, const struct eng_appt *a, int n)
{
	static const enum nlu_field by[] = { NLU_F_PRACTITIONER,
		NLU_F_APPOINTMENT_TYPE, NLU_F_DATE, NLU_F_TIME };
	int	 keep[ENG_LIST], i, k = -1, left = 0, used = 0;
	size_t	 f;

	if (n < 2 || n > ENG_LIST)
		return -1;
	for (i = 0; i < n; i++)
		keep[i] = 1;
	for (f = 0; f < sizeof(by) / sizeof(by[0]); f++)
		used |= narrow(e, a, n, keep, by[f]);
	used |= narrow_weekday(e, a, n, keep);
	used |= narrow_patient(e, a, n, keep);
	used |= narrow_relative(e, a, n, keep);
	for (i = 0; i < n; i++)
		if (keep[i]) {
			left++;
			k = i;
		}
	return used && left == 1 ? k : -1;
}

/*
 * "the Friday after", "le vendredi d'après", "the following Friday",
 * "le vendredi suivant": the weekday wd said of the day that follows
 * the one being moved from.  1 when the message says so.
 */
static int
weekday_after(const char *s, int wd)
{
	static const char *const fr[] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche" };
	static const char *const en[] = { "monday", "tuesday", "wednesday",
	    "thursday", "friday", "saturday", "sunday" };
	char	 w[48];

	snprintf(w, sizeof(w), "%s after", en[wd]);
	if (has_phrase(s, w))
		return 1;
	snprintf(w, sizeof(w), "following %s", en[wd]);
	if (has_phrase(s, w))
		return 1;
	snprintf(w, sizeof(w), "%s d apres", fr[wd]);
	if (has_phrase(s, w))
		return 1;
	snprintf(w, sizeof(w), "%s suivant", fr[wd]);
	return has_phrase(s, w);
}

/*
 * "move the cleaning to the Friday", "au vendredi de la même semaine",
 * "on peut le mettre le jeudi ?": a weekday said with the definite
 * article, and no day number, is that weekday of the moved
 * appointment's own week (Monday to Sunday), when it is still to come;
 * not the first such day from today (which may come before the
 * appointment, even on a holiday), nor every such weekday ("le jeudi"
 * read as a habit: one appointment moves to one day).  "The Friday
 * after" is the first such weekday after the appointment's day.
 */
static void
the_weekday(struct eng *e, const struct eng_appt *a)
{
	static const char *const fr[] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche" };
	static const char *const en[] = { "monday", "tuesday", "wednesday",
	    "thursday", "friday", "saturday", "sunday" };
	static const char *const art[] = { "the", "au", "le" };
	struct eng_ctx	*c = &e->c;
	char		 s[PLAN_NORM], w[48];
	long		 day, today, want;
	int		 wd, min, y, m, d, after;
	size_t		 k;
	const char	*p = NULL;

	if (c->date[0] == '\0' ||
	    (wd = engine_parse_weekday(e->text, e->len)) < 0)
		return;
	/* "le jeudi" read as every Thursday of a span: one day here */
	if (c->until[0] != '\0' && c->wdays != (ENG_WDAYS_EVERY | 1 << wd))
		return;
	engine_norm(e->text, e->len, s, sizeof(s));
	for (k = 0; k < sizeof(art) / sizeof(art[0]) && p == NULL; k++) {
		snprintf(w, sizeof(w), "%s %s", art[k],
		    k == 0 ? en[wd] : fr[wd]);
		if (has_phrase(s, w))
			p = strstr(s, w);
	}
	after = weekday_after(s, wd);
	if (p == NULL && !after)
		return;
	/* "the friday 8th", "au vendredi 8": a date said */
	if (p != NULL) {
		p += strlen(w);
		if (*p == ' ' && p[1] >= '0' && p[1] <= '9')
			return;
	}
	day = local_day(e, a->start, &min);
	today = local_day(e, e->now, NULL);
	tz_civil_from_days(day, &y, &m, &d);
	want = day - nlu_weekday(y, m, d) + wd;
	if (after && want <= day)
		want += 7;
	if (want <= today || want == day ||
	    (c->until[0] == '\0' && want == ymd_day(c->date)))
		return;
	tz_civil_from_days(want, &y, &m, &d);
	snprintf(c->date, sizeof(c->date), "%04d-%02d-%02d", y, m, d);
	c->until[0] = '\0';
	c->wdays = 0;
}

/*
 * "le même jour la semaine d'après", "same day the following week", said
 * of the appointment being moved: its weekday a week later.  A day, time
 * or part of the day that named the appointment itself ("my check-up
 * this afternoon") is no wish.  Returns 1 when it applied.
 */
static int
same_day_week_after(struct eng *e, const struct eng_appt *a)
{
	static const char *const same[] = { "meme jour", "same day",
	    "le jour meme", NULL };
	static const char *const after[] = { "semaine d apres",
	    "semaine suivante", "semaine apres", "week after",
	    "following week", "next week", "semaine prochaine", NULL };
	char		 s[PLAN_NORM];
	struct tz_local	 l;
	int64_t		 d;

	engine_norm(e->text, e->len, s, sizeof(s));
	if (!has_any_phrase(s, same) || !has_any_phrase(s, after))
		return 0;
	tz_to_local(booking_tz(e->b), a->start, &l);
	d = tz_days_from_civil(l.year, l.month, l.day);
	if (e->c.date[0] != '\0' && ymd_day(e->c.date) != d)
		return 0;
	if (e->c.date[0] != '\0' || e->c.until[0] != '\0') {
		e->c.pref[0] = '\0';
		e->c.time[0] = '\0';
	}
	tz_civil_from_days(d + 7, &l.year, &l.month, &l.day);
	snprintf(e->c.date, sizeof(e->c.date), "%04d-%02d-%02d", l.year,
	    l.month, l.day);
	e->c.until[0] = '\0';
	return 1;
}

/*
 * "to the afternoon the same day", "plus tard le même jour": the day of
 * the appointment being moved, with the part of the day or time said.
 * Returns 1 when it applied.
 */
static int
same_day_move(struct eng *e, const struct eng_appt *a)
{
	static const char *const same[] = { "meme jour", "same day",
	    "that day", "ce jour la", "that same day", NULL };
	char		 s[PLAN_NORM];
	struct tz_local	 l;
	int		 min;

	engine_norm(e->text, e->len, s, sizeof(s));
	if (!has_any_phrase(s, same) || e->c.until[0] != '\0' ||
	    (e->c.date[0] != '\0' && ymd_day(e->c.date) !=
	    local_day(e, e->now, &min)))
		return 0;
	tz_to_local(booking_tz(e->b), a->start, &l);
	snprintf(e->c.date, sizeof(e->c.date), "%04d-%02d-%02d", l.year,
	    l.month, l.day);
	return 1;
}

void
eng_plan_move_day(struct eng *e, const struct eng_appt *a)
{
	struct eng_ctx	*c = &e->c;
	char		 hm[16];
	int		 min;

	the_weekday(e, a);
	if (same_day_week_after(e, a) || same_day_move(e, a))
		return;
	if (c->pref[0] != '\0' || c->until[0] != '\0' ||
	    ymd_day(c->date) != local_day(e, a->start, &min))
		return;
	snprintf(hm, sizeof(hm), "%02d:%02d", min / 60, min % 60);
	if (c->time[0] != '\0' && strcmp(c->time, hm) != 0)
		return;
	/* its own day (and time): the day it is moved from, not to */
	c->date[0] = '\0';
	c->time[0] = '\0';
}

/*
 * The phone's patient whose first name the message gives (for someone
 * else: right after a relative word, "ma fille Emma", "for Sam"), when
 * exactly one is; -1 otherwise.  A practitioner's first name ("Dr Sophie
 * Bernard") is not the patient's.
 */
static int
named_patient(const struct eng *e, int other)
{
	char		 s[PLAN_NORM], f[ENG_NAME], w[64];
	const char	*p, *q;
	int		 i, k = -1, hits = 0, ok;
	size_t		 n;

	engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; i < e->npats; i++) {
		n = engine_norm(e->pats[i].first, strlen(e->pats[i].first), f,
		    sizeof(f));
		if (n == 0)
			continue;
		ok = 0;
		for (p = s; !ok && (p = strstr(p, f)) != NULL; p++) {
			/* "tiagos one": a possessive written without its
			 * apostrophe names the patient too */
			if (!word_at(s, p, n) && !(p[n] == 's' &&
			    (p == s || p[-1] == ' ') &&
			    (p[n + 1] == ' ' || p[n + 1] == '\0')))
				continue;
			/* the word before the name */
			for (q = p; q > s && q[-1] == ' '; q--)
				;
			while (q > s && q[-1] != ' ')
				q--;
			snprintf(w, sizeof(w), "%.*s", (int)(p - q), q);
			if (*w != '\0' && w[strlen(w) - 1] == ' ')
				w[strlen(w) - 1] = '\0';
			if (strcmp(w, "dr") == 0 || strcmp(w, "docteur") == 0 ||
			    strcmp(w, "doctor") == 0)
				continue;
			ok = !other || has_any_phrase(w, relative_words);
		}
		if (ok) {
			hits++;
			k = i;
		}
	}
	return hits == 1 ? k : -1;
}

/*
 * A new phone that gave everything at once ("Hi! James Wilson, born
 * 22/08/1985. Consultation with …"), where the whole message gave no
 * name: its parts are read alone, and when exactly one gives a first
 * and a last name they are the patient's (and a birth date one part
 * gives, when the message gave none).
 */
/*
 * Past "pour", "for", "au nom de" and the like at byte i of text (n
 * bytes) and the spaces after it: "pour Luc Dewaele" names the patient
 * as the answer to "your name?" would.  Returns the new offset.
 */
static size_t
skip_for(const char *text, size_t n, size_t i)
{
	static const char *const w[] = { "c'est pour ", "c’est pour ",
	    "au nom de ", "it's for ", "pour ", "for ", NULL };
	size_t	 j, m;

	for (j = 0; w[j] != NULL; j++) {
		m = strlen(w[j]);
		if (n - i > m && strncasecmp(text + i, w[j], m) == 0) {
			for (i += m; i < n && text[i] == ' '; i++)
				;
			return i;
		}
	}
	return i;
}

static void
name_in_parts(struct eng *e)
{
	struct nlu_result	 r;
	size_t			 cut[PLAN_CUTS + 2], k;
	char			 first[NLU_VALUE_MAX], last[NLU_VALUE_MAX];
	char			 birth[NLU_VALUE_MAX];
	int			 nc, i, names = 0, births = 0;

	if (e->npats != 0 || eng_has(e, NLU_F_FIRST_NAME) ||
	    e->c.first[0] != '\0')
		return;
	nc = cuts(e->text, e->len, cut + 1);
	if (nc == 0)
		return;
	cut[0] = 0;
	cut[nc + 1] = e->len;
	for (i = 0; i <= nc; i++) {
		k = skip_sep(e->text, cut[i + 1], cut[i]);
		k = skip_for(e->text, cut[i + 1], k);
		if (k >= cut[i + 1])
			continue;
		/* each part read as the answer to "your name?" */
		understand_as(e, e->text + k, cut[i + 1] - k, NLU_AWAIT_NAME,
		    &r);
		if (r.val[NLU_F_BIRTH_DATE][0] != '\0') {
			memcpy(birth, r.val[NLU_F_BIRTH_DATE], sizeof(birth));
			births++;
		}
		if (r.val[NLU_F_FIRST_NAME][0] == '\0' ||
		    r.val[NLU_F_LAST_NAME][0] == '\0')
			continue;
		memcpy(first, r.val[NLU_F_FIRST_NAME], sizeof(first));
		memcpy(last, r.val[NLU_F_LAST_NAME], sizeof(last));
		names++;
	}
	if (names != 1)
		return;
	memcpy(e->nlu.val[NLU_F_FIRST_NAME], first, NLU_VALUE_MAX);
	memcpy(e->nlu.val[NLU_F_LAST_NAME], last, NLU_VALUE_MAX);
	e->nlu.src[NLU_F_FIRST_NAME] = NLU_SRC_RULES;
	e->nlu.src[NLU_F_LAST_NAME] = NLU_SRC_RULES;
	if (!eng_has(e, NLU_F_BIRTH_DATE) && births == 1) {
		memcpy(e->nlu.val[NLU_F_BIRTH_DATE], birth, NLU_VALUE_MAX);
		e->nlu.src[NLU_F_BIRTH_DATE] = NLU_SRC_RULES;
	}
}

int
eng_plan_who(struct eng *e)
{
	char	 full[2 * ENG_NAME + 2], rel[64], first[NLU_VALUE_MAX];
	int	 other, k;

	name_in_parts(e);
	if (e->npats == 0 && !eng_has(e, NLU_F_FIRST_NAME))
		return 0;
	other = engine_parse_someone_else(e->text, e->len);
	if ((k = named_patient(e, other)) >= 0) {
		memcpy(e->c.pid, e->pats[k].id, ENG_ID);
		memcpy(e->set_patient, e->pats[k].id, ENG_ID);
		return 1;
	}
	if (other)
		(void)eng_who_child_name(e);
	if (!eng_has(e, NLU_F_FIRST_NAME) || !eng_has(e, NLU_F_LAST_NAME))
		return 0;
	if (e->npats > 0 && !other)
		return 0;
	/* "my daughter Emily needs ... I'm Rachel Green": the full name
	 * is the writer's; the patient's is asked */
	if (other && eng_who_relative(e, rel, sizeof(rel))) {
		(void)engine_norm(e->nlu.val[NLU_F_FIRST_NAME],
		    strlen(e->nlu.val[NLU_F_FIRST_NAME]), first,
		    sizeof(first));
		if (strcmp(rel, first) != 0)
			return 0;
	}
	/* a practitioner's name is not the patient's */
	snprintf(full, sizeof(full), "%s %s", e->nlu.val[NLU_F_FIRST_NAME],
	    e->nlu.val[NLU_F_LAST_NAME]);
	if (nlu_match_list(booking_prac_names(e->b), booking_npracs(e->b),
	    full, 1) != NULL)
		return 0;
	return eng_on_ask_name(e) ? 1 : -1;
}

void
eng_plan_same_day(struct eng *e, int64_t start)
{
	struct replies_var	 v[3];
	char			 date[64], time[16];
	long			 day = local_day(e, start, NULL);
	int			 i, pi;

	if (e->c.pid[0] == '\0')
		return;
	for (i = 0; i < e->nappts; i++) {
		const struct eng_appt *a = &e->appts[i];

		if (strcmp(a->patient, e->c.pid) != 0 ||
		    strcmp(a->id, e->c.appt) == 0 ||
		    (e->act.kind == ENG_W_CANCEL &&
		    strcmp(a->id, e->act.appt) == 0) ||
		    local_day(e, a->start, NULL) != day)
			continue;
		pi = booking_find_prac(e->b, a->prac);
		eng_when(e, a->start, date, sizeof(date), time, sizeof(time));
		v[0] = (struct replies_var){ "time", time };
		v[1] = (struct replies_var){ "treatment", a->tname };
		v[2] = (struct replies_var){ "practitioner", pi >= 0 ?
		    booking_prac_name(e->b, pi) : "" };
		eng_say(e, "same_day", v, 3);
	}
}
