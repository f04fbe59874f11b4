/*
 * engine_who — who the appointment is for: the phone's only patient,
 * one of its patients picked from a list, or a new patient recorded
 * from a name and a birth date (the commit writes it).  The handlers
 * say 1 once the patient is known; the dispatcher then goes on with the
 * flow.  See engine_int.h.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "booking.h"
#include "engine_parse.h"
#include "engine_int.h"
#include "tz.h"

static int	same_name(const char *, const char *);

/* A fresh random (version 4) uuid into out. */
static void
new_uuid(char out[ENG_ID])
{
	unsigned char	 r[16];

	randombytes_buf(r, sizeof(r));
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	snprintf(out, ENG_ID, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
	    r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* Ask who the appointment is for (key: the question), with the phone's
 * patients and "other". */
static void
ask_who_as(struct eng *e, const char *key)
{
	struct buf		 l;
	struct replies_var	 v[3];
	char			 n[16];
	int			 i;

	buf_init(&l, REPLIES_MAX);
	e->c.nids = 0;
	for (i = 0; i < e->npats; i++) {
		snprintf(n, sizeof(n), "%d", i + 1);
		v[0] = (struct replies_var){ "n", n };
		v[1] = (struct replies_var){ "first", e->pats[i].first };
		v[2] = (struct replies_var){ "last", e->pats[i].last };
		(void)replies_say(&l, "who_line", e->lang, v, 3);
		(void)buf_addc(&l, '\n');
		memcpy(e->c.ids[e->c.nids++], e->pats[i].id, ENG_ID);
	}
	(void)buf_printf(&l, "%d. %s", i + 1,
	    replies_get("someone_else", e->lang));
	v[0] = (struct replies_var){ "list", buf_str(&l) };
	eng_say(e, key, v, 1);
	eng_set_state(e, "ask_who");
	buf_free(&l);
}

static void
ask_who(struct eng *e)
{
	ask_who_as(e, "ask_who");
}

void
eng_ask_who(struct eng *e)
{
	ask_who(e);
}

/* Next word of text from *p (letters, digits, apostrophes, hyphens and
 * UTF-8 bytes) into w; 0 at the end. */
static int
next_word(const char *text, size_t len, size_t *p, char *w, size_t wsz)
{
	size_t		 i = *p, n = 0;
	unsigned char	 c;

	while (i < len && (c = (unsigned char)text[i]) < 0x80 &&
	    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
	    !(c >= '0' && c <= '9'))
		i++;
	while (i < len && ((c = (unsigned char)text[i]) >= 0x80 ||
	    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '\'')) {
		if (n + 1 < wsz)
			w[n++] = (char)c;
		i++;
	}
	w[n] = '\0';
	*p = i;
	return n > 0;
}

/* Written with a capital: A-Z, or a Latin-1 capital in UTF-8 (É...). */
static int
capital(const char *w)
{
	const unsigned char *u = (const unsigned char *)w;

	return (u[0] >= 'A' && u[0] <= 'Z') ||
	    (u[0] == 0xc3 && u[1] >= 0x80 && u[1] <= 0x9e && u[1] != 0x97);
}

/*
 * "pour mon fils Léo", "my daughter Emma": a relative named with a
 * capitalised first name that is none of the phone's patients (1, and
 * that first name folded into out when out is not NULL).  Then the
 * appointment is for a new person, whose name is asked: the list of
 * the phone's patients would ask again what was said.
 */
/* Words for a relative after "mon", "my"...; the first KIN_CHILD are
 * the writer's children, who carry the writer's family name. */
static const char *const kin[] = { "fils", "fille", "enfant", "bebe",
    "son", "daughter", "child", "kid", "baby",
    "mari", "femme", "epoux", "epouse", "pere", "mere", "frere", "soeur",
    "wife", "husband", "father", "mother", "brother", "sister", "mum",
    "mom", "dad", "papa", "maman", NULL };
#define KIN_CHILD	9

/*
 * The relative named in e's text (see eng_who_relative): 1 when found,
 * its first name folded into out and as written into word (both may be
 * NULL), *child set when the relative is the writer's child.
 */
static int
relative_named(const struct eng *e, char *out, size_t sz, char *word,
    size_t wsz, int *child)
{
	static const char *const own[] = { "mon", "ma", "my", "notre",
	    "our", NULL };
	/* "son frère Hugo", "her sister Mia": a brother or sister of the
	 * child just talked about is the writer's child too */
	static const char *const theirs[] = { "son", "sa", "his", "her",
	    NULL };
	static const char *const sibling[] = { "frere", "soeur", "brother",
	    "sister", NULL };
	int		 sib;
	char		 w[64], prev[64] = "", cur[64] = "", nw[64], f[ENG_NAME];
	size_t		 p = 0, q;
	int		 i, a, b;

	while (next_word(e->text, e->len, &p, w, sizeof(w))) {
		memcpy(prev, cur, sizeof(prev));
		(void)engine_norm(w, strlen(w), cur, sizeof(cur));
		for (a = 0; own[a] != NULL && strcmp(prev, own[a]) != 0; a++)
			;
		for (b = 0; kin[b] != NULL && strcmp(cur, kin[b]) != 0; b++)
			;
		sib = own[a] == NULL && e->npats > 0 &&
		    engine_has_any(prev, theirs) && engine_has_any(cur, sibling);
		if ((own[a] == NULL && !sib) || kin[b] == NULL)
			continue;
		q = p;
		if (!next_word(e->text, e->len, &q, w, sizeof(w)) ||
		    !capital(w))
			return 0;
		(void)engine_norm(w, strlen(w), nw, sizeof(nw));
		if (strlen(nw) < 2)
			return 0;
		for (i = 0; i < e->npats; i++) {
			(void)engine_norm(e->pats[i].first,
			    strlen(e->pats[i].first), f, sizeof(f));
			if (strcmp(f, nw) == 0)
				return 0;
		}
		if (out != NULL)
			snprintf(out, sz, "%s", nw);
		if (word != NULL)
			snprintf(word, wsz, "%s", w);
		if (child != NULL)
			*child = b < KIN_CHILD || sib;
		return 1;
	}
	return 0;
}

int
eng_who_relative(const struct eng *e, char *out, size_t sz)
{
	return relative_named(e, out, sz, NULL, 0, NULL);
}

/*
 * "my daughter Lily", "pour mon fils Léo" with no family name: a child
 * of the writer carries the family name of the phone's patients when
 * they all share one (the writer is among them).  Then the NLU's first
 * and last name are set to it and 1 is returned; else 0 (the name is
 * asked, as for a husband or a mother, whose name may differ).
 */
int
eng_who_child_name(struct eng *e)
{
	char	 w[64];
	int	 child = 0, i;

	if (e->npats == 0 || eng_has(e, NLU_F_LAST_NAME) ||
	    !relative_named(e, NULL, 0, w, sizeof(w), &child) || !child)
		return 0;
	for (i = 1; i < e->npats; i++)
		if (!same_name(e->pats[i].last, e->pats[0].last))
			return 0;
	snprintf(e->nlu.val[NLU_F_FIRST_NAME], NLU_VALUE_MAX, "%s", w);
	snprintf(e->nlu.val[NLU_F_LAST_NAME], NLU_VALUE_MAX, "%s",
	    e->pats[0].last);
	e->nlu.src[NLU_F_FIRST_NAME] = NLU_SRC_RULES;
	e->nlu.src[NLU_F_LAST_NAME] = NLU_SRC_RULES;
	return 1;
}

static int
new_relative_named(const struct eng *e)
{
	return eng_who_relative(e, NULL, 0);
}

static void	ask_birth(struct eng *);

/* The age of the phone's patient i today, -1 when its birth is unknown. */
int
eng_patient_age(const struct eng *e, int i)
{
	struct tz_local	 l;
	int		 y, m, d;

	if (i < 0 || i >= e->npats ||
	    nlu_parse_ymd(e->pats[i].birth, &y, &m, &d) != 0)
		return -1;
	tz_to_local(booking_tz(e->b), e->now, &l);
	return l.year - y - (l.month < m || (l.month == m && l.day < d));
}

/*
 * 1 when the message books for the one writing ("et moi ?", "pour moi
 * aussi", "can you book me too") and the phone's one patient is a child
 * under 16: a child that young is not who writes, so the writer is a
 * new patient, never the child booked again.
 */
static int
writer_not_the_child(const struct eng *e)
{
	static const char *const me[] = { "pour moi", "et moi", "moi aussi",
	    "moi meme", "moi je", "for me", "for myself", "and me",
	    "and myself", "me too", "me as well", "book me", "myself", NULL };
	char	 s[512];
	int	 i, age;

	if ((age = eng_patient_age(e, 0)) < 0 || age >= 16)
		return 0;
	engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; me[i] != NULL; i++)
		if (engine_has_word(s, me[i]))
			return 1;
	return 0;
}

int
eng_identify(struct eng *e)
{
	int	 other;

	if (e->c.pid[0] != '\0')
		return 1;
	/* one of two people in one message (engine_two.c) */
	if (e->plan_self[0] != '\0')
		return eng_two_who(e);
	if ((other = eng_plan_who(e)) != 0)
		return other == 1;
	other = engine_parse_someone_else(e->text, e->len);
	/* "for my father" in an earlier message of this booking: the
	 * phone's patients are listed with "someone else", never the one
	 * patient taken for granted */
	if (!other && e->c.other && e->npats > 0) {
		ask_who(e);
		return 0;
	}
	/* a new phone that gave its name already is asked the rest only */
	/* a new phone that asked for a day the clinic is closed is told
	 * so, and the next open day, before the questions */
	if (e->npats == 0 && eng_info_closed_next(e) < 0)
		return 0;
	if (e->npats == 0 && !other && e->c.first[0] != '\0' &&
	    e->c.last[0] != '\0') {
		ask_birth(e);
		return 0;
	}
	if (e->npats == 0) {
		eng_say(e, "ask_name", NULL, 0);
		eng_set_state(e, "ask_name");
		return 0;
	}
	/* "et moi", "book me too" on a phone whose one patient is a child:
	 * the writer is another, new patient */
	if (e->npats == 1 && !other && writer_not_the_child(e)) {
		eng_say(e, "ask_name", NULL, 0);
		eng_set_state(e, "ask_name");
		return 0;
	}
	if (e->npats == 1 && !other) {
		memcpy(e->c.pid, e->pats[0].id, ENG_ID);
		memcpy(e->set_patient, e->pats[0].id, ENG_ID);
		return 1;
	}
	if (other && new_relative_named(e)) {
		eng_say(e, "ask_name", NULL, 0);
		eng_set_state(e, "ask_name");
		return 0;
	}
	ask_who(e);
	return 0;
}

/* The patient's first name in text, among the listed ones: index or -1. */
static int
who_by_name(const struct eng *e)
{
	char	 t[512], f[ENG_NAME];
	int	 i;

	engine_norm(e->text, e->len, t, sizeof(t));
	for (i = 0; i < e->npats && i < e->c.nids; i++) {
		engine_norm(e->pats[i].first, strlen(e->pats[i].first), f,
		    sizeof(f));
		if (*f != '\0' && strstr(t, f) != NULL)
			return i;
	}
	return -1;
}

/*
 * "pour moi", "for me", "c'est moi", "myself" answering "who is it
 * for?": the writer, whom the list does not tell (the phone's patients
 * share it; their ages say nothing of who writes).  1 when the message
 * says only that, else 0 (it also names someone else: "pour moi et mon
 * fils").
 */
static int
for_writer(const struct eng *e)
{
	static const char *const me[] = { "pour moi", "c est moi",
	    "moi meme", "for me", "for myself", "myself", "it s me",
	    "it s for me", "that s me", "just me", "only me", "moi", NULL };
	static const char *const more[] = { "et", "and", "aussi", "also",
	    "too", NULL };
	char		 s[512];
	int		 i;

	engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; me[i] != NULL && !engine_has_word(s, me[i]); i++)
		;
	if ((me[i] == NULL && strcmp(s, "me") != 0) ||
	    engine_parse_someone_else(e->text, e->len))
		return 0;
	for (i = 0; more[i] != NULL; i++)
		if (engine_has_word(s, more[i]))
			return 0;
	return 1;
}

int
eng_on_ask_who(struct eng *e)
{
	int	 k;

	k = engine_parse_choice(e->text, e->len, NULL, e->c.nids + 1);
	if (k < 0)
		k = who_by_name(e);
	/* "for me": which of them writes is asked, never guessed (no
	 * failure: the answer was clear) */
	if (k < 0 && for_writer(e)) {
		(void)eng_merge(e);
		e->c.fails = 0;
		ask_who_as(e, "ask_who_me");
		return 0;
	}
	if (k < 0 && engine_parse_someone_else(e->text, e->len))
		k = e->c.nids;
	if (k < 0) {
		/* "un contrôle" to "who is it for?": kept, not a failure;
		 * what was understood is said back with the question */
		if (eng_merge(e))
			e->c.fails = 0;
		else if (eng_fail(e))
			return 0;
		eng_say_noted_line(e);
		ask_who(e);
		return 0;
	}
	e->c.fails = 0;
	if (k == e->c.nids) {
		e->c.nids = 0;
		eng_say(e, "ask_name", NULL, 0);
		eng_set_state(e, "ask_name");
		return 0;
	}
	memcpy(e->c.pid, e->c.ids[k], ENG_ID);
	memcpy(e->set_patient, e->c.ids[k], ENG_ID);
	return 1;
}

/* Lower-case ASCII compare (names as the database's lower() would). */
static int
same_name(const char *a, const char *b)
{
	char	 x[ENG_NAME], y[ENG_NAME];

	engine_norm(a, strlen(a), x, sizeof(x));
	engine_norm(b, strlen(b), y, sizeof(y));
	return strcmp(x, y) == 0;
}

/*
 * The new patient from the context: one of the phone's patients when
 * the name and birth date are theirs, else a new one the commit writes
 * (its id chosen here).  Returns 1: the patient is known.
 */
static int
create_patient(struct eng *e, const char *birth)
{
	int	 i;

	for (i = 0; i < e->npats; i++)
		if (same_name(e->pats[i].first, e->c.first) &&
		    same_name(e->pats[i].last, e->c.last) &&
		    strcmp(e->pats[i].birth, birth) == 0)
			break;
	if (i < e->npats)
		memcpy(e->c.pid, e->pats[i].id, ENG_ID);
	else {
		new_uuid(e->c.pid);
		e->newpat = 1;
		snprintf(e->newbirth, sizeof(e->newbirth), "%s", birth);
		if (e->npats < ENG_LIST) {
			memcpy(e->pats[e->npats].id, e->c.pid, ENG_ID);
			memcpy(e->pats[e->npats].first, e->c.first, ENG_NAME);
			memcpy(e->pats[e->npats].last, e->c.last, ENG_NAME);
			memcpy(e->pats[e->npats].birth, e->newbirth, 11);
			e->npats++;
		}
	}
	memcpy(e->set_patient, e->c.pid, ENG_ID);
	return 1;
}

/* A birth date must be in the past and after 1880. */
static int
birth_ok(const struct eng *e, const char *ymd)
{
	struct tz_local	 l;
	int		 y, m, d;

	if (nlu_parse_ymd(ymd, &y, &m, &d) == -1 || y <= 1880)
		return 0;
	tz_to_local(booking_tz(e->b), e->now, &l);
	return y * 10000 + m * 100 + d <= l.year * 10000 + l.month * 100 +
	    l.day;
}

static void
ask_birth(struct eng *e)
{
	struct replies_var v[2] = { { "first", e->c.first },
	    { "last", e->c.last } };

	eng_say(e, "ask_birth", v, 2);
	eng_set_state(e, "ask_birth");
}

/*
 * "the 26th at 10 would be ideal" to "your name?" or "your date of
 * birth?" while booking: the day, time, treatment or practitioner are
 * kept (said back with the question again) and it is not a failure.
 * A date that is no birth date (in the future) is the day wanted.
 */
static int
keep_details(struct eng *e)
{
	if (strcmp(e->c.flow, "book") != 0 || !eng_merge(e))
		return 0;
	e->c.fails = 0;
	return 1;
}

int
eng_on_ask_name(struct eng *e)
{
	if (!eng_has(e, NLU_F_FIRST_NAME) || !eng_has(e, NLU_F_LAST_NAME)) {
		if (keep_details(e)) {
			eng_say_noted_line(e);
			eng_say(e, "ask_name_still", NULL, 0);
		} else if (!eng_fail(e)) {
			eng_say_noted_line(e);
			eng_say(e, "ask_name_again", NULL, 0);
		}
		return 0;
	}
	e->c.fails = 0;
	memcpy(e->c.first, e->nlu.val[NLU_F_FIRST_NAME], ENG_NAME);
	memcpy(e->c.last, e->nlu.val[NLU_F_LAST_NAME], ENG_NAME);
	if (eng_has(e, NLU_F_BIRTH_DATE) &&
	    birth_ok(e, e->nlu.val[NLU_F_BIRTH_DATE]))
		return create_patient(e, e->nlu.val[NLU_F_BIRTH_DATE]);
	ask_birth(e);
	return 0;
}

int
eng_on_ask_birth(struct eng *e)
{
	const char	*bd = NULL;

	if (eng_has(e, NLU_F_FIRST_NAME) && eng_has(e, NLU_F_LAST_NAME)) {
		memcpy(e->c.first, e->nlu.val[NLU_F_FIRST_NAME], ENG_NAME);
		memcpy(e->c.last, e->nlu.val[NLU_F_LAST_NAME], ENG_NAME);
	}
	if (eng_has(e, NLU_F_BIRTH_DATE))
		bd = e->nlu.val[NLU_F_BIRTH_DATE];
	else if (eng_has(e, NLU_F_DATE))
		bd = e->nlu.val[NLU_F_DATE];
	if (bd == NULL || !birth_ok(e, bd)) {
		if (eng_has(e, NLU_F_FIRST_NAME) &&
		    eng_has(e, NLU_F_LAST_NAME)) {
			ask_birth(e);
			return 0;
		}
		if (keep_details(e)) {
			struct replies_var v[2] = { { "first", e->c.first },
			    { "last", e->c.last } };

			eng_say_noted_line(e);
			eng_say(e, "ask_birth_still", v, 2);
		} else if (!eng_fail(e)) {
			eng_say_noted_line(e);
			eng_say(e, "ask_birth_again", NULL, 0);
		}
		return 0;
	}
	e->c.fails = 0;
	return create_patient(e, bd);
}

int
eng_who_keep_name(struct eng *e)
{
	if (e->npats != 0 || !eng_has(e, NLU_F_FIRST_NAME) ||
	    !eng_has(e, NLU_F_LAST_NAME))
		return 0;
	memcpy(e->c.first, e->nlu.val[NLU_F_FIRST_NAME], ENG_NAME);
	memcpy(e->c.last, e->nlu.val[NLU_F_LAST_NAME], ENG_NAME);
	if (eng_has(e, NLU_F_BIRTH_DATE) &&
	    birth_ok(e, e->nlu.val[NLU_F_BIRTH_DATE]))
		(void)create_patient(e, e->nlu.val[NLU_F_BIRTH_DATE]);
	return 1;
}
