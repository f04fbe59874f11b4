/*
 * nlu — the extractor: runs the pieces in order (contacts, dates, times,
 * names, practitioner, treatment, intent, language), the merge with a
 * validated LLM answer, and the JSON rendering of a result.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "nlu_int.h"
#include "nlu_learn.h"

static const char *const intent_names[NLU_INTENT__MAX] = {
	"UNKNOWN",		/* NLU_INTENT_UNKNOWN */
	"BOOK_APPOINTMENT",	/* NLU_INTENT_BOOK_APPOINTMENT */
	"MODIFY_APPOINTMENT",	/* NLU_INTENT_MODIFY_APPOINTMENT */
	"CANCEL_APPOINTMENT",	/* NLU_INTENT_CANCEL_APPOINTMENT */
	"LIST_APPOINTMENTS",	/* NLU_INTENT_LIST_APPOINTMENTS */
	"INFORMATION",		/* NLU_INTENT_INFORMATION */
	"GREETING",		/* NLU_INTENT_GREETING */
	"AFFIRMATIVE",		/* NLU_INTENT_AFFIRMATIVE */
	"NEGATIVE",		/* NLU_INTENT_NEGATIVE */
	"LIST_PRACTITIONERS",	/* NLU_INTENT_LIST_PRACTITIONERS */
	"EMERGENCY",		/* NLU_INTENT_EMERGENCY */
};

static const char *const field_names[NLU_F__MAX] = {
	"first_name",		/* NLU_F_FIRST_NAME */
	"last_name",		/* NLU_F_LAST_NAME */
	"birth_date",		/* NLU_F_BIRTH_DATE */
	"email",		/* NLU_F_EMAIL */
	"phone",		/* NLU_F_PHONE */
	"appointment_type",	/* NLU_F_APPOINTMENT_TYPE */
	"date",			/* NLU_F_DATE */
	"time",			/* NLU_F_TIME */
	"time_preference",	/* NLU_F_TIME_PREFERENCE */
	"practitioner",		/* NLU_F_PRACTITIONER */
	"date_range",		/* NLU_F_DATE_RANGE */
};

static const char *const await_names[] = {
	"",			/* NLU_AWAIT_NONE */
	"name",			/* NLU_AWAIT_NAME */
	"birth_date",		/* NLU_AWAIT_BIRTH_DATE */
	"date",			/* NLU_AWAIT_DATE */
	"time",			/* NLU_AWAIT_TIME */
	"confirmation",		/* NLU_AWAIT_CONFIRMATION */
};

const char *
nlu_intent_name(enum nlu_intent i)
{
	return (unsigned)i < NLU_INTENT__MAX ? intent_names[i] : "UNKNOWN";
}

const char *
nlu_field_name(enum nlu_field f)
{
	return (unsigned)f < NLU_F__MAX ? field_names[f] : "";
}

const char *
nlu_src_name(enum nlu_src s)
{
	return s == NLU_SRC_RULES ? "rules" : s == NLU_SRC_LLM ? "llm" :
	    "none";
}

const char *
nlu_lang_name(enum nlu_lang l)
{
	return l == NLU_LANG_EN ? "en" : "fr";
}

int
nlu_intent_parse(const char *s, enum nlu_intent *out)
{
	int	 k;

	if (s == NULL)
		return -1;
	for (k = 0; k < NLU_INTENT__MAX; k++)
		if (strcmp(s, intent_names[k]) == 0) {
			*out = (enum nlu_intent)k;
			return 0;
		}
	return -1;
}

int
nlu_awaiting_parse(const char *s, enum nlu_awaiting *out)
{
	size_t	 k;

	if (s == NULL)
		return -1;
	for (k = 1; k < sizeof(await_names) / sizeof(await_names[0]); k++)
		if (strcmp(s, await_names[k]) == 0) {
			*out = (enum nlu_awaiting)k;
			return 0;
		}
	return -1;
}

void
nlu_result_init(struct nlu_result *r)
{
	memset(r, 0, sizeof(*r));
	r->lang = NLU_LANG_FR;
	r->intent = NLU_INTENT_UNKNOWN;
}

/* Store value v for field f, decided by the rules. */
static void
set_field(struct nlu_result *r, enum nlu_field f, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	nlu_copy(r->val[f], NLU_VALUE_MAX, v, strlen(v));
	r->src[f] = NLU_SRC_RULES;
}

static void
fmt_ymd(char out[11], int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/*
 * Pick the appointment date and birth date among the dates found. With
 * several appointment dates, a correction or a move takes the last one.
 */
static void
pick_dates(struct nlu_doc *dc, struct nlu_date *ds, size_t n,
    enum nlu_awaiting aw, int last, struct nlu_result *r)
{
	char	 s[11];
	size_t	 k;
	int	 got_birth = 0, got_date = 0;

	for (k = 0; k < n; k++)
		if (aw == NLU_AWAIT_BIRTH_DATE && ds[k].explicit_year)
			ds[k].birth = 1;
	for (k = 0; k < n; k++) {
		fmt_ymd(s, ds[k].y, ds[k].m, ds[k].d);
		if (ds[k].birth && !got_birth) {
			set_field(r, NLU_F_BIRTH_DATE, s);
			got_birth = 1;
		} else if (!ds[k].birth && (!got_date || last)) {
			set_field(r, NLU_F_DATE, s);
			got_date = 1;
		}
	}
	(void)dc;
}

/*
 * The accents of a message say it is French, except those written only
 * in the patient's own name ("First name Ana Luísa, surname de Souza"):
 * a name is spelt as at birth, whatever language its bearer writes in.
 */
static void
name_accents(struct nlu_doc *dc, const char *first, const char *last)
{
	size_t	 i, k;
	int	 acc;

	if (!dc->accents || (first[0] == '\0' && last[0] == '\0'))
		return;
	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind != NLU_TK_WORD)
			continue;
		acc = 0;
		for (k = dc->t[i].so; k < dc->t[i].eo; k++)
			acc |= (unsigned char)dc->text[k] >= 0x80;
		if (acc && !nlu_words_present(first, strlen(first),
		    dc->t[i].w) && !nlu_words_present(last, strlen(last),
		    dc->t[i].w))
			return;
	}
	dc->accents = 0;
}

/*
 * 1 when the one-word name after closing thanks ("Thanks, Sophie", "ok
 * merci, Martin"; first in v or last in w) is a word of one of the
 * clinic's practitioners' names: the practitioner is thanked, no patient
 * signs. The name's tokens are given back for the practitioner.
 */
static int
practitioner_word(struct nlu_doc *dc, const struct nlu_lists *lists,
    const char *v, const char *w)
{
	char		 name[NLU_WORD_MAX], pw[NLU_VALUE_MAX];
	const char	*one, *p, *q;
	size_t		 k, n, i;

	if (lists == NULL || !dc->name_thanked ||
	    (v[0] != '\0') == (w[0] != '\0'))
		return 0;
	one = v[0] != '\0' ? v : w;
	if (strchr(one, ' ') != NULL ||
	    nlu_fold(one, strlen(one), name, sizeof(name)) == 0)
		return 0;
	for (k = 0; k < lists->npractitioners; k++) {
		if ((p = lists->practitioners[k]) == NULL)
			continue;
		n = nlu_fold(p, strlen(p), pw, sizeof(pw));
		for (p = pw; p < pw + n; p = q + (*q != '\0')) {
			if ((q = strchr(p, ' ')) == NULL)
				q = pw + n;
			if ((size_t)(q - p) == strlen(name) &&
			    strncmp(p, name, (size_t)(q - p)) == 0)
				break;
		}
		if (p < pw + n)
			break;
	}
	if (k == lists->npractitioners)
		return 0;
	for (i = 0; i < dc->n; i++)
		if (strcmp(dc->t[i].w, name) == 0)
			dc->t[i].used = 0;
	return 1;
}

/* The has-mask for the intent rules. */
static int
has_mask(const struct nlu_result *r, size_t ndates, enum nlu_awaiting aw)
{
	int	 has = 0;

	if (r->val[NLU_F_FIRST_NAME][0] || r->val[NLU_F_LAST_NAME][0] ||
	    r->val[NLU_F_BIRTH_DATE][0] || r->val[NLU_F_EMAIL][0] ||
	    r->val[NLU_F_PHONE][0])
		has |= NLU_HAS_PERSONAL;
	if (ndates > 0)
		has |= NLU_HAS_DATE;
	if (r->val[NLU_F_TIME][0] || r->val[NLU_F_TIME_PREFERENCE][0] ||
	    r->same_time)
		has |= NLU_HAS_TIME;
	if (r->val[NLU_F_PRACTITIONER][0])
		has |= NLU_HAS_PRACT;
	if (r->val[NLU_F_APPOINTMENT_TYPE][0])
		has |= NLU_HAS_TREAT;
	if (aw != NLU_AWAIT_NONE)
		has |= NLU_HAS_AWAIT;
	if (aw == NLU_AWAIT_NAME || aw == NLU_AWAIT_BIRTH_DATE)
		has |= NLU_HAS_AWAIT_WHO;
	if (aw == NLU_AWAIT_CONFIRMATION)
		has |= NLU_HAS_AWAIT_YES;
	return has;
}

static int
valid_now(const struct nlu_now *now)
{
	return nlu_valid_date(now->y, now->m, now->d) && now->hh >= 0 &&
	    now->hh < 24 && now->mm >= 0 && now->mm < 60;
}

/* Titles written before a practitioner's name, folded. */
static const char *const prac_titles[] = { "dr", "docteur", "doctor",
    "dre", "doc", "pr", "professeur", "prof", "doctoresse" };

/* 1 when the folded word w is a title of prac_titles. */
static int
prac_title(const char *w)
{
	size_t	 j;

	for (j = 0; j < sizeof(prac_titles) / sizeof(prac_titles[0]); j++)
		if (strcmp(w, prac_titles[j]) == 0)
			return 1;
	return 0;
}

/*
 * 1 when token i, the last word of the folded practitioner's name pw
 * (words split by blanks), follows a title or another word of that
 * name ("Docteur Lundi", "Marie Lundi", "Isabelle Noël").
 */
static int
prac_named_at(const struct nlu_doc *dc, size_t i, const char *pw)
{
	const char	*last, *p, *q;
	const char	*prev = dc->t[i - 1].w;

	if ((last = strrchr(pw, ' ')) == NULL)
		return 0;
	last++;
	if (strcmp(dc->t[i].w, last) != 0 ||
	    dc->t[i - 1].kind != NLU_TK_WORD)
		return 0;
	if (prac_title(prev))
		return 1;
	for (p = pw; p < last; p = q + 1) {
		q = strchr(p, ' ');
		if ((size_t)(q - p) == strlen(prev) &&
		    strncmp(p, prev, (size_t)(q - p)) == 0)
			return !prac_title(prev);
	}
	return 0;
}

/*
 * "le Docteur Lundi", "avec Isabelle Noël": a practitioner's family name
 * after a title or after that practitioner's first name is the
 * practitioner, not a day, whatever day it names. Its tokens are marked
 * used (so that no date is read in them) and their indices stored in
 * held (at most max); returns their number, to be given back once the
 * dates are read.
 */
static size_t
hold_practitioners(struct nlu_doc *dc, const struct nlu_lists *lists,
    size_t *held, size_t max)
{
	char	 pw[NLU_VALUE_MAX];
	size_t	 i, k, nh = 0;

	if (lists == NULL)
		return 0;
	for (k = 0; k < lists->npractitioners; k++) {
		if (lists->practitioners[k] == NULL ||
		    nlu_fold(lists->practitioners[k],
		    strlen(lists->practitioners[k]), pw, sizeof(pw)) == 0)
			continue;
		for (i = 1; i < dc->n && nh < max; i++)
			if (dc->t[i].kind == NLU_TK_WORD && !dc->t[i].used &&
			    prac_named_at(dc, i, pw)) {
				dc->t[i].used = 1;
				held[nh++] = i;
			}
	}
	return nh;
}

/* Days and feasts a family name may be ("Lundi", "Noël"), folded. */
static const char *const day_names[] = { "lundi", "mardi", "mercredi",
    "jeudi", "vendredi", "samedi", "dimanche", "noel", "paques",
    "toussaint", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "christmas", "easter" };

/* One's own name introduced: "je suis", "c'est", "I'm", "this is". */
static const char *const self_cues[] = { "je suis", "c est",
    "je m appelle", "moi c est", "i m", "im", "this is", "it s", "its",
    "my name is", "my name s" };

/* What follows a day said as a day: "Lundi prochain", "Monday 10am". */
static const char *const day_after[] = { "prochain", "prochaine", "matin",
    "soir", "apres", "midi", "next", "morning", "afternoon", "evening",
    "night", "at", "a", "vers", "from", "des", "the", "le" };

/*
 * 1 when folded word w is in the list l of n words.
 */
static int
word_listed(const char *w, const char *const *l, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (strcmp(w, l[k]) == 0)
			return 1;
	return 0;
}

/* 1 when a word of tokens [a, b) has a capital ("Je Suis Disponible"). */
static int
title_case(const struct nlu_doc *dc, size_t a, size_t b)
{
	for (; a < b && a < dc->n; a++)
		if (dc->t[a].kind == NLU_TK_WORD && dc->t[a].cap)
			return 1;
	return 0;
}

/*
 * "c'est Aurélien Lundi, je voudrais…", "je suis Marie-Thérèse Noël et…":
 * after one's name is introduced, a first name with a capital and a day
 * or feast with a capital is a family name, not a day (nothing of a day
 * after it: "Lundi prochain", "Monday 10am"). Its token is held like a
 * practitioner's (see hold_practitioners); returns the new count.
 */
static size_t
hold_self_name(struct nlu_doc *dc, size_t *held, size_t nh, size_t max)
{
	size_t	 i, k, e, j;

	for (i = 0; i < dc->n && nh < max; i++) {
		for (k = 0; k < sizeof(self_cues) / sizeof(self_cues[0]); k++)
			if (nlu_seq(dc, i, self_cues[k], &e))
				break;
		if (k == sizeof(self_cues) / sizeof(self_cues[0]) ||
		    title_case(dc, i + 1, e) ||
		    e >= dc->n || dc->t[e].kind != NLU_TK_WORD ||
		    !dc->t[e].cap || !dc->t[e].alpha ||
		    word_listed(dc->t[e].w, day_names, sizeof(day_names) /
		    sizeof(day_names[0])))
			continue;
		/* "Marie-Thérèse": the whole compound */
		for (j = e + 1; j + 1 < dc->n && dc->t[j].kind ==
		    NLU_TK_PUNCT && dc->t[j].w[0] == '-' && !dc->t[j].sp &&
		    !dc->t[j + 1].sp && dc->t[j + 1].kind == NLU_TK_WORD;
		    j += 2)
			;
		if (j >= dc->n || dc->t[j].kind != NLU_TK_WORD ||
		    !dc->t[j].cap || dc->t[j].used ||
		    !word_listed(dc->t[j].w, day_names, sizeof(day_names) /
		    sizeof(day_names[0])))
			continue;
		if (j + 1 < dc->n && (dc->t[j + 1].num >= 0 ||
		    word_listed(dc->t[j + 1].w, day_after, sizeof(day_after) /
		    sizeof(day_after[0]))))
			continue;
		dc->t[j].used = 1;
		held[nh++] = j;
	}
	return nh;
}

/*
 * The family name held by hold_self_name (tokens held[0..n)) right
 * after the first name v found ("c'est Aurélien Lundi"): copied into w
 * (sz bytes) as written, its token taken.
 */
static void
self_day_name(struct nlu_doc *dc, const size_t *held, size_t n,
    const char *v, char *w, size_t sz)
{
	size_t	 k, j, len;
	const char *end;

	for (k = 0; k < n; k++) {
		j = held[k];
		/* the first name found ends just before the held token */
		end = dc->text + dc->t[j].so;
		while (end > dc->text && end[-1] == ' ')
			end--;
		len = strlen(v);
		if ((size_t)(end - dc->text) < len ||
		    memcmp(end - len, v, len) != 0)
			continue;
		len = dc->t[j].eo - dc->t[j].so;
		if (len + 1 > sz)
			continue;
		memcpy(w, dc->text + dc->t[j].so, len);
		w[len] = '\0';
		dc->t[j].used = 1;
		return;
	}
}

/* Run every extractor over the tokenised message dc into r. */
static void
extract(struct nlu_doc *dc, const struct nlu_lists *lists,
    const struct nlu_context *ctx, struct nlu_result *r)
{
	struct nlu_date	 ds[NLU_MAX_DATES];
	char		 v[NLU_VALUE_MAX], w[NLU_VALUE_MAX];
	char		 range[NLU_VALUE_MAX];
	char		 hhmm[6], pref[16];
	size_t		 nd, held[8], nh, k, nself;
	enum nlu_awaiting aw = ctx != NULL ? ctx->awaiting : NLU_AWAIT_NONE;
	int		 sure, last;

	if (nlu_email(dc, v, sizeof(v)))
		set_field(r, NLU_F_EMAIL, v);
	if (nlu_phone(dc, v, sizeof(v)))
		set_field(r, NLU_F_PHONE, v);
	nh = hold_practitioners(dc, lists, held, sizeof(held) /
	    sizeof(held[0]));
	nself = nh;
	nh = hold_self_name(dc, held, nh, sizeof(held) / sizeof(held[0]));
	if (nlu_range(dc, range, sizeof(range)))
		set_field(r, NLU_F_DATE_RANGE, range);
	nd = nlu_dates(dc, ds, NLU_MAX_DATES);
	for (k = 0; k < nh; k++)
		dc->t[held[k]].used = 0;
	/* a day asked for inside the span said: the day (nlu_date.c) */
	if (dc->range_narrowed) {
		r->val[NLU_F_DATE_RANGE][0] = '\0';
		r->src[NLU_F_DATE_RANGE] = NLU_SRC_NONE;
	}
	if (nlu_times(dc, hhmm, pref)) {
		set_field(r, NLU_F_TIME, hhmm);
		r->time_approx = dc->time_approx;
	}
	r->same_time = nlu_same_time(dc);
	set_field(r, NLU_F_TIME_PREFERENCE, pref);
	if (nlu_names(dc, aw, v, w, sizeof(v)) && w[0] == '\0' &&
	    v[0] != '\0')
		self_day_name(dc, held + nself, nh - nself, v, w, sizeof(w));
	if ((v[0] != '\0' || w[0] != '\0') &&
	    !practitioner_word(dc, lists, v, w)) {
		set_field(r, NLU_F_FIRST_NAME, v);
		set_field(r, NLU_F_LAST_NAME, w);
		name_accents(dc, v, w);
	}
	if (lists != NULL)
		set_field(r, NLU_F_PRACTITIONER, nlu_find_practitioner(dc,
		    lists->practitioners, lists->npractitioners));
	if (lists != NULL)
		set_field(r, NLU_F_APPOINTMENT_TYPE, nlu_find_treatment(dc,
		    lists));
	pick_dates(dc, ds, nd, aw, 0, r);
	r->intent = nlu_intent_rules(dc, has_mask(r, (size_t)dc->date_exprs,
	    aw), &r->confidence,
	    &sure);
	last = r->intent == NLU_INTENT_MODIFY_APPOINTMENT ||
	    nlu_flat_has(dc, "plutot") || nlu_flat_has(dc, "instead") ||
	    nlu_flat_has(dc, "rather") || nlu_flat_has(dc, "au lieu");
	if (last) {
		r->val[NLU_F_DATE][0] = '\0';
		r->src[NLU_F_DATE] = NLU_SRC_NONE;
		pick_dates(dc, ds, nd, aw, 1, r);
	}
	/* a visit cancelled: the profession said is where one will not
	 * come ("chez la kiné"), not a treatment asked for */
	if (r->intent == NLU_INTENT_CANCEL_APPOINTMENT && lists != NULL &&
	    r->val[NLU_F_APPOINTMENT_TYPE][0]) {
		dc->not_coming = 1;
		r->val[NLU_F_APPOINTMENT_TYPE][0] = '\0';
		r->src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_NONE;
		set_field(r, NLU_F_APPOINTMENT_TYPE, nlu_find_treatment(dc,
		    lists));
	}
	r->rules_sure = sure;
	r->urgent = r->intent != NLU_INTENT_EMERGENCY && nlu_urgent(dc);
	r->foreign = nlu_foreign(dc);
	/* good wishes, or thanks with them ("merci, bonne journée") */
	r->closing = (r->intent == NLU_INTENT_GREETING ||
	    r->intent == NLU_INTENT_AFFIRMATIVE) && nlu_closing(dc);
	r->intent_src = NLU_SRC_RULES;
	r->lang = nlu_language(dc, ctx);
	r->lang_src = NLU_SRC_RULES;
}

int
nlu_extract(const char *text, size_t len, const struct nlu_lists *lists,
    const struct nlu_context *ctx, const struct nlu_now *now,
    struct nlu_result *out)
{
	struct nlu_doc	*dc;

	if (out == NULL)
		return -1;
	nlu_result_init(out);
	if (text == NULL || now == NULL || !valid_now(now) ||
	    memchr(text, '\0', len) != NULL)
		return -1;
	if ((dc = malloc(sizeof(*dc))) == NULL)
		return -1;
	nlu_doc_init(dc, text, len);
	dc->now = *now;
	dc->country = ctx != NULL ? ctx->country : NULL;
	extract(dc, lists, ctx, out);
	nlu_learn_apply(text, len, ctx != NULL ? ctx->awaiting :
	    NLU_AWAIT_NONE, out);
	free(dc);
	return 0;
}

/*
 * The intents that act on an answer (a yes or no to a recap, a
 * cancellation): only the rules decide them.
 */
static int
rules_only(enum nlu_intent i)
{
	return i == NLU_INTENT_AFFIRMATIVE || i == NLU_INTENT_NEGATIVE ||
	    i == NLU_INTENT_CANCEL_APPOINTMENT;
}

/*
 * 1 when the LLM's intent i ignores what the rules found in the message:
 * a greeting or a list while the message names a treatment, a
 * practitioner, a date or a time is a booking misread.
 */
static int
blind_to_values(enum nlu_intent i, const struct nlu_result *r)
{
	if (i != NLU_INTENT_GREETING && i != NLU_INTENT_LIST_APPOINTMENTS &&
	    i != NLU_INTENT_LIST_PRACTITIONERS)
		return 0;
	return r->val[NLU_F_APPOINTMENT_TYPE][0] != '\0' ||
	    r->val[NLU_F_PRACTITIONER][0] != '\0' ||
	    r->val[NLU_F_DATE][0] != '\0' || r->val[NLU_F_TIME][0] != '\0' ||
	    r->val[NLU_F_TIME_PREFERENCE][0] != '\0';
}

/*
 * Merge policy; see nlu.h. The LLM's intent is taken when the rules found
 * none, or when they were unsure and the LLM is at least as confident,
 * except where the rules alone decide, and never when it ignores the
 * values the rules found. The language stays the rules'.
 */
void
nlu_merge(struct nlu_result *r, const struct nlu_result *llm)
{
	int	 f;

	if (r->rules_sure || llm == NULL)
		return;
	if (llm->intent_src == NLU_SRC_LLM &&
	    llm->intent != NLU_INTENT_UNKNOWN && !rules_only(llm->intent) &&
	    !blind_to_values(llm->intent, r) &&
	    r->intent != NLU_INTENT_EMERGENCY && !rules_only(r->intent) &&
	    (r->intent == NLU_INTENT_UNKNOWN ||
	    llm->confidence >= r->confidence)) {
		r->intent = llm->intent;
		r->intent_src = NLU_SRC_LLM;
		r->confidence = llm->confidence;
	}
	for (f = 0; f < NLU_F__MAX; f++) {
		if (r->val[f][0] != '\0' || llm->src[f] != NLU_SRC_LLM ||
		    llm->val[f][0] == '\0')
			continue;
		memcpy(r->val[f], llm->val[f], NLU_VALUE_MAX);
		r->src[f] = NLU_SRC_LLM;
	}
}

struct json_object *
nlu_result_json(const struct nlu_result *r)
{
	struct json_object *o, *e, *s;
	int	 f;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	e = json_object_new_object();
	s = json_object_new_object();
	if (e == NULL || s == NULL) {
		json_object_put(e);
		json_object_put(s);
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "detected_language",
	    json_object_new_string(nlu_lang_name(r->lang)));
	json_object_object_add(o, "intent",
	    json_object_new_string(nlu_intent_name(r->intent)));
	json_object_object_add(o, "confidence",
	    json_object_new_double(r->confidence));
	json_object_object_add(o, "rules_sure",
	    json_object_new_boolean(r->rules_sure));
	json_object_object_add(o, "urgent",
	    json_object_new_boolean(r->urgent));
	json_object_object_add(o, "foreign",
	    json_object_new_boolean(r->foreign));
	json_object_object_add(s, "detected_language",
	    json_object_new_string(nlu_src_name(r->lang_src)));
	json_object_object_add(s, "intent",
	    json_object_new_string(nlu_src_name(r->intent_src)));
	for (f = 0; f < NLU_F__MAX; f++) {
		json_object_object_add(e, field_names[f], r->val[f][0] ?
		    json_object_new_string(r->val[f]) : NULL);
		json_object_object_add(s, field_names[f],
		    r->src[f] != NLU_SRC_NONE ?
		    json_object_new_string(nlu_src_name(r->src[f])) : NULL);
	}
	json_object_object_add(o, "entities", e);
	json_object_object_add(o, "source", s);
	return o;
}

/* ---- checks for the LLM validator ---- */

int
nlu_date_derivable(const char *text, size_t len, const struct nlu_now *now,
    const char *ymd)
{
	struct nlu_doc	*dc;
	struct nlu_date	 ds[NLU_MAX_DATES];
	size_t		 n, k;
	int		 y, m, d, ok = 0;

	if (text == NULL || now == NULL || nlu_parse_ymd(ymd, &y, &m, &d) ||
	    !valid_now(now))
		return 0;
	if (len > NLU_TEXT_MAX)
		len = NLU_TEXT_MAX;
	if (memmem(text, len, ymd, 10) != NULL)
		return 1;
	if ((dc = malloc(sizeof(*dc))) == NULL)
		return 0;
	nlu_doc_init(dc, text, len);
	dc->now = *now;
	n = nlu_dates(dc, ds, NLU_MAX_DATES);
	for (k = 0; k < n && !ok; k++)
		ok = ds[k].y == y && ds[k].m == m && ds[k].d == d;
	free(dc);
	return ok;
}

int
nlu_time_derivable(const char *text, size_t len, const char *hhmm)
{
	struct nlu_doc	*dc;
	char		 t[6], pref[16];
	int		 ok;

	if (text == NULL || hhmm == NULL || strlen(hhmm) != 5)
		return 0;
	if (len > NLU_TEXT_MAX)
		len = NLU_TEXT_MAX;
	if (memmem(text, len, hhmm, 5) != NULL)
		return 1;
	if ((dc = malloc(sizeof(*dc))) == NULL)
		return 0;
	nlu_doc_init(dc, text, len);
	ok = nlu_times(dc, t, pref) && strcmp(t, hhmm) == 0;
	free(dc);
	return ok;
}

int
nlu_words_present(const char *text, size_t len, const char *s)
{
	char	 ft[NLU_TEXT_MAX + 3], fs[NLU_VALUE_MAX + 3];
	size_t	 n;

	if (text == NULL || s == NULL)
		return 0;
	if (len > NLU_TEXT_MAX)
		len = NLU_TEXT_MAX;
	ft[0] = fs[0] = ' ';
	n = nlu_fold(text, len, ft + 1, sizeof(ft) - 2);
	ft[n + 1] = ' ';
	ft[n + 2] = '\0';
	n = nlu_fold(s, strlen(s), fs + 1, sizeof(fs) - 2);
	if (n == 0)
		return 0;
	fs[n + 1] = ' ';
	fs[n + 2] = '\0';
	return strstr(ft, fs) != NULL;
}

const char *
nlu_match_list(const char *const *list, size_t n, const char *s,
    int is_practitioner)
{
	struct nlu_doc	*dc;
	struct nlu_lists l;
	const char	*r;
	char		 a[NLU_VALUE_MAX * 2], b[NLU_VALUE_MAX * 2];
	size_t		 k;

	if (list == NULL || s == NULL || *s == '\0')
		return NULL;
	nlu_fold(s, strlen(s), a, sizeof(a));
	for (k = 0; k < n; k++) {
		if (list[k] == NULL)
			continue;
		nlu_fold(list[k], strlen(list[k]), b, sizeof(b));
		if (strcmp(a, b) == 0)
			return list[k];
	}
	if ((dc = malloc(sizeof(*dc))) == NULL)
		return NULL;
	nlu_doc_init(dc, s, strlen(s));
	memset(&l, 0, sizeof(l));
	l.treatments = list;
	l.ntreatments = n;
	r = is_practitioner ? nlu_find_practitioner(dc, list, n) :
	    nlu_find_treatment(dc, &l);
	free(dc);
	return r;
}

int
nlu_avoided_practitioner(const char *text, size_t len,
    const char *const *list, size_t n)
{
	struct nlu_doc	*dc;
	int		 k;

	if (text == NULL || list == NULL)
		return -1;
	if ((dc = malloc(sizeof(*dc))) == NULL)
		return -1;
	nlu_doc_init(dc, text, len);
	k = nlu_find_avoided(dc, list, n);
	free(dc);
	return k;
}

int
nlu_phone_present(const char *text, size_t len, const char *e164)
{
	struct nlu_doc	*dc;
	char		 p[NLU_VALUE_MAX];
	int		 ok;

	if (text == NULL || e164 == NULL)
		return 0;
	if ((dc = malloc(sizeof(*dc))) == NULL)
		return 0;
	nlu_doc_init(dc, text, len);
	ok = nlu_phone(dc, p, sizeof(p)) && strcmp(p, e164) == 0;
	free(dc);
	return ok;
}

int
nlu_pref_derivable(const char *text, size_t len, const char *pref)
{
	struct nlu_doc	*dc;
	char		 t[6], p[16];
	int		 ok;

	if (text == NULL || pref == NULL || *pref == '\0')
		return 0;
	if (len > NLU_TEXT_MAX)
		len = NLU_TEXT_MAX;
	if ((dc = malloc(sizeof(*dc))) == NULL)
		return 0;
	nlu_doc_init(dc, text, len);
	p[0] = '\0';
	(void)nlu_times(dc, t, p);
	ok = strcmp(p, pref) == 0;
	free(dc);
	return ok;
}

/*
 * Folded word stems that name a symptom or an injury, French and
 * English: a word of the message that starts with one of them counts.
 */
static const char *const symptom_stems[] = {
	"douleur", "douloureu",		/* pain */
	"saign", "hemorrag",		/* bleeding */
	"respir", "etouff", "suffoqu",	/* breathing */
	"inconscien", "evanoui",	/* loss of consciousness */
	"connaissance", "malaise",
	"gonfl", "enfl", "oedem",	/* swelling */
	"fievre", "brul",		/* fever, burns */
	"chute", "tombe", "accident",	/* trauma */
	"casse", "fractur", "cogne",
	"ebrech", "fissur", "chipped",	/* a tooth chipped, cracked */
	"crack",
	"urticair",			/* allergic reaction */
	"paralys", "convuls", "vomi",
	"poitrine", "thorac",		/* chest */
	"abces", "infect", "vertig",
	"pain", "hurt", "sore",		/* pain */
	"toothach", "headach", "earach",
	"bleed", "blood",		/* bleeding */
	"breath", "chok", "suffocat",	/* breathing */
	"unconscious", "faint",		/* loss of consciousness */
	"collaps", "swell", "swollen",	/* swelling */
	"fever", "burn",		/* fever, burns */
	"fell", "fall", "broke",	/* trauma */
	"knocked", "injur", "chest",
	"allerg", "rash", "stroke",
	"seizure", "numbness", "dizz",
	"suicid",
};

/* Folded words that name a symptom only as a whole word. */
static const char *const symptom_words[] = {
	"mal",		/* "j'ai mal" */
	"sang",		/* blood */
	"avc",		/* stroke */
	"bobo",		/* a child's pain */
};

/* 1 when the folded word w starts with a stem or is a symptom word. */
static int
symptom_word(const char *w)
{
	size_t	 k;

	for (k = 0; k < sizeof(symptom_stems) / sizeof(symptom_stems[0]); k++)
		if (strncmp(w, symptom_stems[k], strlen(symptom_stems[k])) ==
		    0)
			return 1;
	for (k = 0; k < sizeof(symptom_words) / sizeof(symptom_words[0]); k++)
		if (strcmp(w, symptom_words[k]) == 0)
			return 1;
	return 0;
}

/* Stems of pain alone: a pain, without more, asks for a consultation. */
static const char *const pain_stems[] = {
	"douleur", "douloureu", "mal", "pain", "hurt", "sore", "toothach",
	"headach", "earach", "bobo",
};

/* Words that say a pain is severe. */
static const char *const severe_words[] = {
	"tres", "trop", "horrible", "horribles", "atroce", "atroces",
	"insupportable", "insupportables", "intense", "intenses", "violent",
	"violente", "violentes", "enorme", "terrible", "terribles",
	"unbearable", "severe", "excruciating", "agony", "agonie", "worst",
	"pire", "rage", "killing", "crying", "pleure", "pleurer", "dormir",
	"sleep", "lance", "lancinante", "lancinant", "extreme", "extremely",
	"awful",
	/* common words, kept: narrowing them to the phrases below changed
	 * no read corpus and lost an emergency on an unread one */
	"really", "so", "bad", "plus",
};

/*
 * Phrases that say a pain is severe, folded: their words alone are too
 * common ("plus", "so", "really", "bad": "je n'ai plus mal", "so can I
 * come", "not too bad").
 */
static const char *const severe_phrases[] = {
	"n en peux plus", "en peux plus", "n en pouvons plus",
	"so bad", "really bad", "very bad", "so much", "really hurts",
	"so painful", "really painful", "really sore", "so sore",
};

/* 1 when a phrase of severe_phrases starts at token i. */
static int
severe_at(const struct nlu_doc *dc, size_t i)
{
	size_t	 k;

	for (k = 0; k < sizeof(severe_phrases) / sizeof(severe_phrases[0]);
	    k++)
		if (nlu_seq(dc, i, severe_phrases[k], NULL))
			return 1;
	return 0;
}

/* 1 when the folded word w is a pain word (pain_stems). */
static int
pain_word(const char *w)
{
	size_t	 k;

	for (k = 0; k < sizeof(pain_stems) / sizeof(pain_stems[0]); k++)
		if (strncmp(w, pain_stems[k], strlen(pain_stems[k])) == 0 &&
		    (strcmp(pain_stems[k], "mal") != 0 || strcmp(w, "mal") ==
		    0))
			return 1;
	return 0;
}

/* The tokens of text (cut at NLU_TEXT_MAX) for the symptom checks, to
 * be freed; NULL for no text, a NUL inside it, or no memory. */
struct nlu_doc *
nlu_symptom_doc(const char *text, size_t len)
{
	struct nlu_doc	*dc;

	if (text == NULL || memchr(text, '\0', len) != NULL)
		return NULL;
	if (len > NLU_TEXT_MAX)
		len = NLU_TEXT_MAX;
	if ((dc = malloc(sizeof(*dc))) == NULL)
		return NULL;
	nlu_doc_init(dc, text, len);
	return dc;
}

/* Bleeding words: a little bleeding is no symptom beyond a pain. */
static const char *const bleed_stems[] = {
	"saign", "sang", "bleed", "bled", "blood",
};

/* Saying it is a little: "saigne un peu", "bleeding a bit". */
static const char *const little[] = {
	"un peu", "a bit", "a little", "slightly", "legerement",
	"un tout petit peu", "tiny bit", "bit of blood", "peu de sang",
};

/* 1 when w is a bleeding word and the message says it is a little. */
static int
little_bleeding(const struct nlu_doc *dc, const char *w)
{
	size_t	 k, i;

	for (k = 0; k < sizeof(bleed_stems) / sizeof(bleed_stems[0]); k++)
		if (strncmp(w, bleed_stems[k], strlen(bleed_stems[k])) == 0)
			break;
	if (k == sizeof(bleed_stems) / sizeof(bleed_stems[0]))
		return 0;
	for (i = 0; i < dc->n; i++)
		for (k = 0; k < sizeof(little) / sizeof(little[0]); k++)
			if (nlu_seq(dc, i, little[k], NULL))
				return 1;
	return 0;
}

int
nlu_symptom_beyond_pain(const char *text, size_t len)
{
	struct nlu_doc	*dc;
	size_t		 i, k;
	int		 other = 0, severe = 0;

	if ((dc = nlu_symptom_doc(text, len)) == NULL)
		return 0;
	other = nlu_is_emergency(dc);
	for (i = 0; i < dc->n && !other; i++) {
		if (dc->t[i].kind != NLU_TK_WORD)
			continue;
		/* "it bleeds a little when I brush": no more than a pain */
		if (symptom_word(dc->t[i].w) && !pain_word(dc->t[i].w) &&
		    !little_bleeding(dc, dc->t[i].w))
			other = 1;
		for (k = 0; k < sizeof(severe_words) / sizeof(severe_words[0]);
		    k++)
			if (strcmp(dc->t[i].w, severe_words[k]) == 0)
				severe = 1;
		severe |= severe_at(dc, i);
	}
	free(dc);
	return other || severe;
}

int
nlu_doc_symptom(const struct nlu_doc *dc)
{
	size_t	 i;
	int	 ok;

	ok = nlu_is_emergency(dc);
	for (i = 0; i < dc->n && !ok; i++)
		ok = dc->t[i].kind == NLU_TK_WORD && (symptom_word(dc->t[i].w) ||
		    nlu_seq(dc, i, "killing me", NULL) ||
		    nlu_seq(dc, i, "me tue", NULL) ||
		    nlu_seq(dc, i, "in agony", NULL));
	return ok;
}

int
nlu_symptom_present(const char *text, size_t len)
{
	struct nlu_doc	*dc;
	int		 ok;

	if ((dc = nlu_symptom_doc(text, len)) == NULL)
		return 0;
	ok = nlu_doc_symptom(dc);
	free(dc);
	return ok;
}
