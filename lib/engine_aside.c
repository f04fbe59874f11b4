/*
 * engine_aside — what a patient says beside the flow, and the flow goes
 * on: an attachment sent without text (acknowledged, shown to the staff,
 * an alert in an emergency context), a greeting, thanks or small talk,
 * a yes that hesitates or asks something, a question about the clinic
 * at a recap.  Each is answered briefly and the question the flow waits
 * on is asked again; nothing the flow holds is lost, nothing is booked.
 * Also the windows of the day the extractor leaves to the engine
 * ("after 5pm", "at lunchtime", "late afternoon").  Pure: reads the
 * turn's snapshot, writes only e (see engine_int.h).
 */
#include <stdio.h>
#include <string.h>

#include "booking.h"
#include "engine_parse.h"
#include "engine_int.h"
#include "tz.h"

/* Longest text looked at, normalised (bytes). */
#define ASIDE_NORM	1024

#define MIN_NOON	720	/* 12:00 */
#define MIN_TWO		840	/* 14:00 */
#define MIN_LATE_PM	960	/* 16:00: the afternoon's last part */
#define MIN_EARLY_PM	780	/* 13:00 */
#define MIN_EARLY_PM_END 900	/* 15:00 */
#define MIN_LATE_AM	630	/* 10:30 */
#define MIN_EARLY_AM_END 570	/* 09:30 */
#define MIN_DAY_END	(24 * 60)


/* 1 when some phrase of the NULL-terminated list is in s. */
static int
aside_any(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (engine_has_word(s, *list))
			return 1;
	return 0;
}

/* 1 when every word of s is in the NULL-terminated list (and s has one). */
static int
aside_only(const char *s, const char *const *list)
{
	char		 w[64];
	const char	*p = s, *q;
	size_t		 n;
	int		 found, words = 0;
	const char *const *l;

	while (*p != '\0') {
		if ((q = strchr(p, ' ')) == NULL)
			q = p + strlen(p);
		if ((n = (size_t)(q - p)) >= sizeof(w))
			return 0;
		memcpy(w, p, n);
		w[n] = '\0';
		for (found = 0, l = list; *l != NULL && !found; l++)
			found = strcmp(*l, w) == 0;
		if (!found)
			return 0;
		words++;
		p = *q == ' ' ? q + 1 : q;
	}
	return words > 0;
}

/* Words of a thank-you said for itself (no yes, no request). */
static const char *const thanks_words[] = { "merci", "thanks", "thank",
	"thx", "ty", "cheers", "you", "so", "much", "very", "many", "a", "lot",
	"beaucoup", "bcp", "bien", "infiniment", "mille", "fois", "vous",
	"tres", "madame", "sophie", "encore", "again",
	/* "merci c'est gentil", "thanks, that's kind of you", "I
	 * appreciate it" */
	"c", "est", "gentil", "gentille", "sympa", "adorable", "trop",
	"that", "s", "kind", "of", "it", "i", "really", "appreciate",
	"appreciated", "lovely", "nice", "sweet", "ever", NULL };

/* Words that make a yes hesitate, wait or depend on something. */
static const char *const doubt_words[] = { "attends", "attendez", "attend",
	"wait", "hold on", "hang on", "un instant", "une seconde", "une minute",
	"one second", "one moment", "a moment", "hmm", "hum", "euh", "heu",
	"je crois", "je pense", "i think", "i guess", "maybe", "perhaps",
	"peut etre", "pas sur", "pas sure", "not sure", "unless", "sauf si",
	"a condition", "provided", "only if", "seulement si", NULL };

/* Questions about where the clinic is, beyond engine_parse_info. */
static const char *const where_words[] = { "c est ou", "ou est", "ou c est",
	"ou ca se trouve", "ou vous trouver", "ou etes vous", "ou est ce",
	"vous etes ou",
	"where are you", "where is", "where s", "how do i get",
	"how to get there", "located", NULL };

/* Small talk said for itself. */
static const char *const smalltalk_words[] = { "comment allez vous",
	"comment vas tu", "vous allez bien", "ca va", "how are you",
	"how s it going", "how are things", "bonne journee", "bonne soiree",
	"have a nice day", "have a good day", "joyeux noel", "merry christmas",
	"bonne annee", "happy new year", "bon week end", "have a nice weekend",
	NULL };

/* The patient asks the clinic's people about their own plans. */
static const char *const plans_words[] = { "are you doing",
	"you guys doing", "doing anything", "doing something", "any plans",
	"got plans", "your plans", "are you celebrating", "are you going out",
	"vous faites quoi", "tu fais quoi", "vous faites quelque chose",
	"vous faites qqch", "des projets", "vous sortez", "vous fetez",
	"vous faites la fete", NULL };

/* The patient goes to look at a diary or think before answering. */
static const char *const wait_words[] = { "je regarde mon agenda",
	"je regarde mon calendrier", "je regarde mon planning",
	"je verifie mon agenda", "je consulte mon agenda",
	"je vais regarder", "je vais verifier", "je regarde ca",
	"laissez moi regarder", "je reflechis", "je vais reflechir",
	"je reviens vers vous", "je vous redis", "je vous recontacte",
	"je vous tiens au courant", "looking at my diary",
	"looking at my calendar", "looking at my agenda",
	"looking at my schedule", "checking my diary", "checking my calendar",
	"checking my schedule", "check my diary", "check my calendar",
	"check my schedule", "let me check", "let me look", "let me think",
	"i ll check", "i ll think", "get back to you", "i ll let you know",
	NULL };

/* Normalise the message into s (ASIDE_NORM bytes). */
static void
aside_norm(const struct eng *e, char *s)
{
	if (e->text == NULL)
		s[0] = '\0';
	else
		(void)engine_norm(e->text, e->len, s, ASIDE_NORM);
}

/* Does the message carry something a booking uses? */
static int
aside_booking_words(const struct eng *e)
{
	return eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    eng_has(e, NLU_F_PRACTITIONER) || eng_has(e, NLU_F_DATE) ||
	    eng_has(e, NLU_F_DATE_RANGE) || eng_has(e, NLU_F_TIME) ||
	    eng_has(e, NLU_F_TIME_PREFERENCE) || e->nlu.same_time;
}

/* Does the message say when (a day, a span, a time, "same time")? */
static int
aside_when_words(const struct eng *e)
{
	return eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_DATE_RANGE) ||
	    eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_TIME_PREFERENCE) ||
	    e->nlu.same_time;
}

/* Read as a question (or as nothing) rather than a request. */
static int
aside_info_intent(const struct eng *e)
{
	return e->nlu.intent == NLU_INTENT_INFORMATION ||
	    e->nlu.intent == NLU_INTENT_UNKNOWN;
}

/* 1 while a flow waits on the patient's answer. */
static int
aside_pending(const struct eng *e)
{
	return strcmp(e->c.state, "idle") != 0 &&
	    strcmp(e->c.state, "remind") != 0;
}

/*
 * An attachment without text: acknowledged (in both languages when no
 * message told the patient's), shown to the staff (the
 * conversation is flagged; an emergency stays the reason, so that the
 * stored media raises its alert), and the pending question asked again.
 */
static void
aside_media(struct eng *e)
{
	enum replies_lang	 l = e->lang;

	eng_say(e, "media_received", NULL, 0);
	/* no word of the patient's yet: said in the other language too */
	if (e->nolang) {
		e->lang = l == REPLIES_FR ? REPLIES_EN : REPLIES_FR;
		eng_say(e, "media_received", NULL, 0);
		e->lang = l;
	}
	e->staff_reason = strcmp(e->staff_was, "emergency") == 0 ?
	    "emergency" : "media";
	if (aside_pending(e))
		eng_reask(e);
}

/* A greeting, thanks or small talk mid-flow: one word, then the
 * question again. */
static void
aside_polite(struct eng *e, const char *key)
{
	struct replies_var	 v[1];
	char			 hello[ENG_NAME + 4] = "";

	if (e->npats == 1)
		snprintf(hello, sizeof(hello), " %s", e->pats[0].first);
	v[0] = (struct replies_var){ "hello", hello };
	eng_say(e, key, v, 1);
	if (aside_pending(e))
		eng_reask(e);
}

/* Words that make a yes depend on something ("yes if Dr X is there"). */
static const char *const cond_words[] = { "if", "si", "as long as",
	"tant que", "pourvu que", "du moment que", NULL };

/* At a recap: a yes with a doubt, a condition or a question in it (1),
 * else 0. */
static int
aside_hesitant(const struct eng *e, const char *s)
{
	if (engine_parse_yesno(e->text, e->len) != 1)
		return 0;
	return memchr(e->text, '?', e->len) != NULL ||
	    aside_any(s, doubt_words) || aside_any(s, cond_words);
}

/*
 * "yes if Dr Bernard is there": the recap's practitioner is the one
 * named (aside_agrees), so say that they see the patient then.
 */
static void
aside_prac_there(struct eng *e)
{
	struct replies_var	 v[1];
	const char		*name;
	int			 pi;

	if (!eng_has(e, NLU_F_PRACTITIONER) || e->c.nprops <= 0 ||
	    e->c.pick < 0 || e->c.pick >= e->c.nprops ||
	    (pi = booking_find_prac(e->b, e->c.props[e->c.pick].prac)) < 0 ||
	    (name = booking_prac_name(e->b, (size_t)pi)) == NULL)
		return;
	v[0] = (struct replies_var){ "practitioner", name };
	if (e->reply.len > 0 && e->reply.p[e->reply.len - 1] != '\n')
		(void)buf_addc(&e->reply, ' ');
	(void)replies_fill(&e->reply, e->lang == REPLIES_EN ?
	    "Yes, {practitioner} sees you at that time." :
	    "Oui, c'est bien {practitioner} qui vous reçoit à ce moment-là.",
	    v, 1);
}

/* What a question about the clinic asks (ENGINE_INFO_* bits), 0 none. */
static int
aside_info_asked(const struct eng *e, const char *s)
{
	int	 what = engine_parse_info(e->text, e->len);

	if (aside_any(s, where_words))
		what |= ENGINE_INFO_ADDRESS;
	return what;
}

/*
 * Answer what a hesitant yes or a question at a recap asks (the
 * appointment's price or length, the clinic's address, hours, phone),
 * then ask for the plain yes again.
 */
static void
aside_recap(struct eng *e, int info)
{
	/* "c'est combien et vous êtes où ?": the price, and the address */
	if (eng_recap_answer(e)) {
		if (info != 0)
			eng_info_clinic(e, info);
	} else if (info != 0)
		eng_info(e, info);
	aside_prac_there(e);
	if (!eng_needs(e))
		eng_reask(e);
}

/* The word of a thank-you. */
static const char *const thanks_core[] = { "merci", "thanks", "thank",
	"thx", "ty", "cheers", NULL };

/* Words that add a condition or a change to a yes. */
static const char *const but_words[] = { "mais", "but", "si", "if",
	"sauf", "except", "plutot", "rather", "instead", "ou", "or", NULL };

/* A thank-you said for itself: only thanks words, and one of them a
 * "thanks". */
static int
aside_thanks(const char *s)
{
	return aside_only(s, thanks_words) && aside_any(s, thanks_core);
}

/* Local minutes of the recapped proposal's start, and its date. */
static int
aside_recap_at(const struct eng *e, char *ymd, size_t sz)
{
	struct tz_local	 l;

	tz_to_local(booking_tz(e->b), e->c.props[e->c.pick].start, &l);
	snprintf(ymd, sz, "%04d-%02d-%02d", l.year, l.month, l.day);
	return l.hour * 60 + l.min;
}

/*
 * 1 when everything the message names (day, time, part of the day,
 * practitioner, treatment) is what the recap says already: "oui, c'est
 * bien le matin ?" asks, it does not change.
 */
static int
aside_agrees(const struct eng *e)
{
	const struct nlu_result	*n = &e->nlu;
	const char		*v;
	char			 ymd[32], hm[32];
	int			 m;

	if (e->c.nprops <= 0 || e->c.pick < 0 || e->c.pick >= e->c.nprops ||
	    eng_has(e, NLU_F_DATE_RANGE) || n->same_time)
		return 0;
	m = aside_recap_at(e, ymd, sizeof(ymd));
	snprintf(hm, sizeof(hm), "%02d:%02d", m / 60, m % 60);
	if (eng_has(e, NLU_F_DATE) && strcmp(n->val[NLU_F_DATE], ymd) != 0)
		return 0;
	if (eng_has(e, NLU_F_TIME) && strcmp(n->val[NLU_F_TIME], hm) != 0)
		return 0;
	v = n->val[NLU_F_TIME_PREFERENCE];
	if ((strcmp(v, "MORNING") == 0 && m >= MIN_NOON) ||
	    (strcmp(v, "AFTERNOON") == 0 && m < MIN_EARLY_PM) ||
	    (strcmp(v, "EVENING") == 0 && m < MIN_LATE_PM))
		return 0;
	if (eng_has(e, NLU_F_PRACTITIONER) &&
	    strcmp(n->val[NLU_F_PRACTITIONER], e->c.pr) != 0 &&
	    booking_find_prac(e->b, n->val[NLU_F_PRACTITIONER]) !=
	    booking_find_prac(e->b, e->c.props[e->c.pick].prac))
		return 0;
	if (eng_has(e, NLU_F_APPOINTMENT_TYPE) &&
	    strcmp(n->val[NLU_F_APPOINTMENT_TYPE], e->c.tr) != 0)
		return 0;
	return 1;
}

/*
 * Nothing pending: thanks with wishes, small talk ("thanks, merry
 * Christmas!", "bonne journée") the extractor did not read, answered
 * politely rather than as not understood.  1 when so.
 */
static int
aside_idle(struct eng *e, const char *s)
{
	if (e->nlu.intent != NLU_INTENT_UNKNOWN &&
	    e->nlu.intent_src != NLU_SRC_LLM)
		return 0;
	if (aside_thanks(s) || (aside_any(s, smalltalk_words) &&
	    aside_any(s, thanks_core))) {
		eng_welcome(e);
		return 1;
	}
	if (aside_any(s, smalltalk_words)) {
		aside_polite(e, "aside_smalltalk");
		return 1;
	}
	return 0;
}

int
eng_aside_book_yes(const struct eng *e)
{
	char	 s[ASIDE_NORM];

	if (strcmp(e->c.state, "confirm") != 0 ||
	    e->nlu.intent != NLU_INTENT_BOOK_APPOINTMENT ||
	    e->nlu.intent_src != NLU_SRC_RULES || aside_booking_words(e) ||
	    engine_parse_yesno(e->text, e->len) != 1 ||
	    memchr(e->text, '?', e->len) != NULL)
		return 0;
	aside_norm(e, s);
	return !aside_any(s, doubt_words) && !aside_any(s, but_words);
}

/* What eng_aside answers; 1 when handled. */
static int
aside_one(struct eng *e)
{
	char	 s[ASIDE_NORM];
	int	 confirm, info, follow;

	aside_norm(e, s);
	/* the previous reply said whether the clinic opens on a day */
	follow = e->c.dayq;
	e->c.dayq = 0;
	if (follow && strcmp(e->c.state, "idle") == 0) {
		memcpy(e->day_tr, e->c.tr, sizeof(e->day_tr));
		memcpy(e->day_pr, e->c.pr, sizeof(e->day_pr));
	}
	if (e->media > 0 && s[0] == '\0') {
		aside_media(e);
		return 1;
	}
	confirm = strcmp(e->c.state, "confirm") == 0;
	info = aside_info_asked(e, s);
	/* A doubtful yes, or a question, at a recap: answered, never a yes
	 * (even one naming what the recap says already). */
	if (confirm && (aside_hesitant(e, s) || (info != 0 &&
	    engine_parse_yesno(e->text, e->len) != 0)) && aside_agrees(e)) {
		aside_recap(e, info);
		return 1;
	}
	/* "vous êtes ouverts le 25 ?", then "et le 26 ?": answered, and a
	 * flow in progress asks its question again */
	if (eng_info_day(e, follow)) {
		/* "... and is there parking?", "... and how much is it?" */
		if (eng_needs(e))
			;
		else if ((info & ~ENGINE_INFO_HOURS) != 0)
			eng_info(e, info & ~ENGINE_INFO_HOURS);
		else if (!confirm && aside_info_intent(e))
			(void)eng_info_treat(e);
		if (aside_pending(e) && !eng_needs(e))
			eng_reask(e);
		return 1;
	}
	/* "how much is a cleaning?", "c'est combien ?" mid-booking: the
	 * clinic's price or length (and what else it asks of the clinic:
	 * "... et vous êtes où ?"), then the flow's question again; a
	 * message with a day or a time to book is a request, not this */
	if (!confirm && aside_info_intent(e) && !aside_when_words(e) &&
	    eng_info_treat(e)) {
		if (info != 0)
			eng_info_clinic(e, info);
		if (aside_pending(e) && !eng_needs(e))
			eng_reask(e);
		return 1;
	}
	if (aside_booking_words(e))
		return 0;
	if (!aside_pending(e))
		return aside_idle(e, s);
	if (e->nlu.intent_src == NLU_SRC_RULES &&
	    e->nlu.intent == NLU_INTENT_GREETING) {
		aside_polite(e, "aside_hello");
		return 1;
	}
	/* "lol thanks, are you guys doing anything fun tonight?" while
	 * choosing: a kind word, and the question asked again */
	if (aside_any(s, plans_words) &&
	    engine_parse_yesno(e->text, e->len) == -1 &&
	    e->nlu.intent != NLU_INTENT_CANCEL_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT) {
		aside_polite(e, "aside_plans");
		return 1;
	}
	if (aside_thanks(s)) {
		aside_polite(e, "aside_thanks");
		return 1;
	}
	if (aside_any(s, smalltalk_words) &&
	    engine_parse_yesno(e->text, e->len) == -1 &&
	    e->nlu.intent != NLU_INTENT_CANCEL_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT) {
		aside_polite(e, "aside_smalltalk");
		return 1;
	}
	/* "merci, je regarde mon agenda" among offered times or at a
	 * recap: a short word, the list and the recap stay */
	if ((strcmp(e->c.state, "choose_slot") == 0 || confirm) &&
	    e->c.nprops > 0 && aside_any(s, wait_words) &&
	    engine_parse_yesno(e->text, e->len) == -1 &&
	    e->nlu.intent != NLU_INTENT_CANCEL_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT) {
		eng_say(e, "aside_wait", NULL, 0);
		return 1;
	}
	if (info != 0 && (e->nlu.intent == NLU_INTENT_INFORMATION ||
	    e->nlu.intent == NLU_INTENT_UNKNOWN)) {
		eng_info(e, info);
		if (!eng_needs(e))
			eng_reask(e);
		return 1;
	}
	return 0;
}

int
eng_aside(struct eng *e)
{
	if (!aside_one(e))
		return 0;
	/* understood: the misunderstandings in a row start again */
	if (e->handoff == 0)
		e->c.fails = 0;
	return 1;
}

/* 1 when word w (at most up to a space) reads as an hour: "17h", "5",
 * "5pm", "five", "cinq", "noon" ("après midi" is the afternoon). */
static int
aside_hourword(const char *w)
{
	static const char *const hours[] = { "one", "two", "three", "four",
	    "five", "six", "seven", "eight", "nine", "ten", "eleven",
	    "twelve", "noon", "midday", "une", "deux", "trois", "quatre",
	    "cinq", "sept", "huit", "neuf", "dix", "onze", "douze", NULL };
	const char *const *h;
	size_t		 n;

	if (*w >= '0' && *w <= '9')
		return 1;
	for (h = hours; *h != NULL; h++) {
		n = strlen(*h);
		if (strncmp(w, *h, n) == 0 && (w[n] == ' ' || w[n] == '\0'))
			return 1;
	}
	return 0;
}

/*
 * 1 when a phrase of list is in s right before an hour ("after 5pm",
 * "après 17h", "not before 9", "after the 5pm"... only the first):
 * a time bound, not a word used otherwise.
 */
/*
 * 1 when "past" at p in normalised s tells the time ("half past nine",
 * "twenty past 3") rather than bounds it ("past 5pm"): the word before
 * it counts minutes.
 */
static int
aside_clock_past(const char *s, const char *p)
{
	static const char *const mins[] = { "half", "quarter", "five", "ten",
	    "twenty", "minutes", "mins", NULL };
	const char	*const *m;
	size_t		 n;

	if (p - s < 2 || p[-1] != ' ')
		return 0;
	if (p[-2] >= '0' && p[-2] <= '9')
		return 1;
	for (m = mins; *m != NULL; m++) {
		n = strlen(*m);
		if ((size_t)(p - s) >= n + 1 &&
		    strncmp(p - 1 - n, *m, n) == 0 &&
		    (p - 1 - n == s || p[-2 - (long)n] == ' '))
			return 1;
	}
	return 0;
}

static int
aside_bound(const char *s, const char *const *list)
{
	const char	*p;
	size_t		 n;

	for (; *list != NULL; list++) {
		n = strlen(*list);
		for (p = s; (p = strstr(p, *list)) != NULL; p++)
			if ((p == s || p[-1] == ' ') && p[n] == ' ' &&
			    aside_hourword(p + n + 1) &&
			    !(strcmp(*list, "past") == 0 &&
			    aside_clock_past(s, p)))
				return 1;
	}
	return 0;
}

/* Minutes of the "HH:MM" clock the extractor read in text (n bytes), or
 * -1. */
static int
clause_clock(const struct eng *e, const char *text, size_t n)
{
	struct nlu_result	 r;
	const char		*v;

	size_t			 i = 0;
	int			 h = 0;

	eng_plan_read(e, text, n, &r);
	v = r.val[NLU_F_TIME];
	if (strlen(v) != 5 || v[2] != ':') {
		/* "between 1 and 3pm": a bare hour before the second */
		while (i < n && text[i] == ' ')
			i++;
		if (i >= n || text[i] < '0' || text[i] > '9')
			return -1;
		for (; i < n && text[i] >= '0' && text[i] <= '9'; i++)
			h = h * 10 + text[i] - '0';
		while (i < n && text[i] == ' ')
			i++;
		return i == n && h >= 1 && h <= 12 ? h * 60 : -1;
	}
	return ((v[0] - '0') * 10 + v[1] - '0') * 60 + (v[3] - '0') * 10 +
	    v[4] - '0';
}

/*
 * "idéalement entre 12h et 14h", "anytime between 1 and 3pm": the span
 * between two clock times, into *lo and *hi.  Returns 1 when found.
 */
static int
between_clocks(const struct eng *e, int *lo, int *hi)
{
	static const char *const open[] = { "entre ", "between ", NULL };
	static const char *const mid[] = { " et ", " and ", "-", " to ",
	    " a ", " à ", NULL };
	const char	*p, *q, *end = e->text + e->len;
	size_t		 i, k;
	int		 a, b;

	if (e->b == NULL || e->text == NULL)
		return 0;
	for (i = 0; open[i] != NULL; i++) {
		if ((p = strcasestr(e->text, open[i])) == NULL)
			continue;
		p += strlen(open[i]);
		for (k = 0; mid[k] != NULL; k++) {
			if ((q = strstr(p, mid[k])) == NULL || q - p > 24)
				continue;
			a = clause_clock(e, p, (size_t)(q - p));
			q += strlen(mid[k]);
			b = clause_clock(e, q, (size_t)(end - q) < 24 ?
			    (size_t)(end - q) : 24);
			/* "between 1 and 3pm": the first has the second's
			 * half of the day */
			if (a >= 0 && b >= 0 && a < 12 * 60 && b >= 12 * 60 &&
			    a + 12 * 60 < b)
				a += 12 * 60;
			if (a >= 0 && b > a) {
				*lo = a;
				*hi = b;
				return 1;
			}
		}
	}
	return 0;
}

/*
 * "I work until 5:30", "je finis à 18h", "je bosse jusqu'à 17h", "off at
 * 5" (start 0), "I start work at 9", "je commence à 9h" (start 1): the
 * clock that bounds the patient's day, which the extractor gives as no
 * time of the request; the times offered begin half an hour after work
 * ends.  Minutes, or -1.  A working day does not end
 * before 8 in the morning: "until 5:30" is 17:30.
 */
static int
work_bound(const struct eng *e, const char *s, int start)
{
	static const char *const ends[] = { "finish at ", "finish work at ",
	    "finish work by ", "get off at ", "get off work at ", "off at ",
	    "off work at ", "work ends at ", "finis a ", "finis à ",
	    "termine a ", "termine à ", "sors a ", "sors à ",
	    "sors du travail a ", "sors du travail à ", "sors du boulot a ",
	    "sors du boulot à ", "quitte a ", "quitte à ",
	    "quitte le travail a ", "quitte le travail à ",
	    "finis le travail a ", "finis le travail à ", NULL };
	static const char *const until[] = { "until ", "till ", "til ",
	    "jusqu'à ", "jusqu'a ", "jusqu’à ", "jusqu’a ", "jusqu a ", NULL };
	static const char *const starts[] = { "start at ", "start work at ",
	    "commence a ", "commence à ", "commence le travail a ",
	    "commence le travail à ", "embauche a ", "embauche à ",
	    "i'm at work by ", "i m at work by ", "be at work by ", NULL };
	static const char *const work[] = { "travail", "travaille", "bosse",
	    "boulot", "taf", "work", "working", "job", "shift", "office",
	    "bureau", NULL };
	const char *const	*list = start ? starts : ends;
	const char		*p, *end = e->text + e->len;
	size_t			 i, k, n;
	int			 m, pass;

	if (e->b == NULL || e->text == NULL)
		return -1;
	for (pass = 0; pass < (start ? 1 : 2); pass++) {
		if (pass == 1) {
			if (!aside_any(s, work))
				return -1;
			list = until;
		}
		for (i = 0; list[i] != NULL; i++) {
			if ((p = strcasestr(e->text, list[i])) == NULL)
				continue;
			p += strlen(list[i]);
			n = (size_t)(end - p) < 12 ? (size_t)(end - p) : 12;
			n = strcspn(p, ",;!?\n") < n ? strcspn(p, ",;!?\n") : n;
			for (k = 0; k < n; k++)
				if (p[k] == '.' && (k + 1 == n || p[k + 1] == ' '))
					n = k;
			for (; n > 0 && p[n - 1] == ' '; n--)
				;
			if ((m = clause_clock(e, p, n)) < 0)
				continue;
			if (!start && m < 8 * 60)
				m += 12 * 60;
			if (m > 0 && m < MIN_DAY_END)
				return m;
		}
	}
	return -1;
}

int
eng_aside_window(const struct eng *e, int *lo, int *hi)
{
	static const char *const after[] = { "after", "apres", "a partir de",
	    "from", "passe", "past", "later than", "plus tard que",
	    "not before", "pas avant", "des", NULL };
	static const char *const before[] = { "before", "avant", "by",
	    "not after", "pas apres", "no later than", NULL };
	static const char *const lunch[] = { "lunchtime", "lunch time",
	    "lunch break", "at lunch", "over lunch", "during lunch",
	    "heure du dejeuner", "pause dejeuner", "pause de midi",
	    "entre midi et deux", "temps de midi", "heure de midi",
	    "pause du midi", "heure du dej", NULL };
	/* "mercredi aprem après l'école", "after school": from 16:00 */
	static const char *const school_out[] = { "apres l ecole",
	    "apres ecole", "sortie de l ecole", "sortie d ecole",
	    "sortie des classes", "apres les cours", "apres la classe",
	    "apres le college", "apres le lycee", "after school",
	    "after the school run", "school s out", "school finishes",
	    "school ends", "out of school", "after class", "after classes",
	    "after college", NULL };
	static const char *const late_pm[] = { "late afternoon",
	    "later in the afternoon", "end of the afternoon",
	    "fin d apres midi", "fin de l apres midi", "fin d aprem",
	    "fin de l aprem", "tard dans l apres midi", NULL };
	static const char *const early_pm[] = { "early afternoon",
	    "debut d apres midi", "debut de l apres midi", "debut d aprem",
	    NULL };
	static const char *const late_am[] = { "late morning",
	    "fin de matinee", "fin de la matinee", NULL };
	static const char *const early_am[] = { "early morning",
	    "first thing", "tot le matin", "debut de matinee",
	    "de bonne heure", NULL };
	static const char *const work_starts[] = { "i start at",
	    "i start work at", "start work at", "work starts at",
	    "i m at work at", "i m at work by", "be at work by",
	    "be at work at", "je commence a", "je commence le travail a",
	    "je commence le boulot a", "je bosse a", "je prends mon poste a",
	    "je dois etre au travail a", "je dois etre au boulot a", NULL };
	static const char *const work_ends[] = { "i finish at",
	    "i finish work at", "finish work at", "i get off at",
	    "i m off at", "off work at", "work ends at", "je finis a",
	    "je termine a", "je sors a", "je sors du travail a",
	    "je sors du boulot a", "je quitte a", "je quitte le travail a",
	    NULL };
	const char	*v = e->nlu.val[NLU_F_TIME];
	char		 s[ASIDE_NORM];
	int		 m;

	aside_norm(e, s);
	*lo = 0;
	*hi = MIN_DAY_END;
	if (between_clocks(e, lo, hi))
		return 1;
	if (aside_any(s, lunch)) {
		*lo = MIN_NOON;
		*hi = MIN_TWO;
	} else if (aside_any(s, late_pm)) {
		*lo = MIN_LATE_PM;
		return 2;
	} else if (aside_any(s, school_out) && strlen(v) != 5) {
		*lo = MIN_LATE_PM;
		return 1;
	} else if (aside_any(s, early_pm)) {
		*lo = MIN_EARLY_PM;
		*hi = MIN_EARLY_PM_END;
	} else if (aside_any(s, late_am)) {
		*lo = MIN_LATE_AM;
		*hi = MIN_NOON + 60;
		return 2;
	} else if (aside_any(s, early_am))
		*hi = MIN_EARLY_AM_END;
	else if (strlen(v) == 5 && v[2] == ':') {
		m = ((v[0] - '0') * 10 + v[1] - '0') * 60 +
		    (v[3] - '0') * 10 + v[4] - '0';
		if (m <= 0 || m >= MIN_DAY_END)
			return 0;
		/* "before work, I start at 9": that time is when work
		 * begins (the latest slots before it first); "I finish at
		 * 5": when it ends */
		if (aside_any(s, work_starts)) {
			*hi = m;
			return 3;
		}
		if (aside_any(s, work_ends))
			*lo = m;
		else if (aside_bound(s, after))
			*lo = m;
		else if (aside_bound(s, before))
			*hi = m;
		else
			return 0;
	} else if ((m = work_bound(e, s, 0)) > 0)
		/* who leaves work at 17:00 is not at the clinic at 17:00 */
		*lo = m + 30 < MIN_DAY_END ? m + 30 : m;
	else if ((m = work_bound(e, s, 1)) > 0) {
		*hi = m;
		return 3;
	} else
		return 0;
	return 1;
}
