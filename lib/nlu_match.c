/*
 * nlu_match — find the clinic's practitioners and treatments in a message,
 * tolerant of case, accents, titles and small typos. Only names from the
 * clinic's own lists come out.
 */
#include <string.h>

#include "nlu_int.h"

#define MATCH_WORDS	6

/* Titles before a practitioner's name, folded. */
static const char *const titles[] = {
	"dr", "dre", "docteur", "docteure", "doctor", "doctoresse", "doc",
	"pr", "prof", "professeur", "mme", "mr", "mrs", "ms", "madame",
	"monsieur", "dentiste", "drs",
};

/* Small words ignored in treatment names. */
static const char *const minor[] = {
	"de", "des", "du", "d", "la", "le", "les", "l", "et", "en", "a",
	"the", "of", "and", "un", "une",
};

/* Other words for a treatment: message word -> folded canonical word. */
static const struct {
	const char	*w;
	const char	*canon;
} synonyms[] = {
	{ "cleaning", "detartrage" },	/* teeth cleaning */
	{ "scaling", "detartrage" },
	{ "nettoyage", "detartrage" },
	{ "detartrer", "detartrage" },
	{ "whitening", "blanchiment" },
	{ "bleaching", "blanchiment" },
	{ "blanchir", "blanchiment" },
	{ "checkup", "consultation" },
	{ "consult", "consultation" },
	{ "braces", "orthodontie" },
	{ "orthodontics", "orthodontie" },
	{ "crown", "couronne" },
	{ "implants", "implant" },
	{ "xray", "radiographie" },
	{ "radio", "radiographie" },
};

static int
in_list(const char *w, const char *const *l, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (strcmp(w, l[k]) == 0)
			return 1;
	return 0;
}

/*
 * Split canonical name s into folded words (titles and minor words
 * dropped when asked). Returns the count.
 */
static size_t
split(const char *s, char w[MATCH_WORDS][NLU_WORD_MAX], int drop_titles,
    int drop_minor)
{
	char	 f[256], *p, *q;
	size_t	 n = 0, l;

	nlu_fold(s, strlen(s), f, sizeof(f));
	for (p = f; *p != '\0' && n < MATCH_WORDS; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		l = (size_t)(q - p);
		if (l == 0)
			break;
		nlu_copy(w[n], NLU_WORD_MAX, p, l);
		if (drop_titles && in_list(w[n], titles,
		    sizeof(titles) / sizeof(titles[0])))
			continue;
		if (drop_minor && in_list(w[n], minor,
		    sizeof(minor) / sizeof(minor[0])))
			continue;
		n++;
	}
	return n;
}

/*
 * Does message word m match name word c? Exact always; typos allowed by
 * length (looser after a title). Returns 2 exact, 1 fuzzy, 0 no.
 */
static int
word_match(const char *m, const char *c, int titled)
{
	size_t	 lc = strlen(c);
	int	 max = 0;

	if (strcmp(m, c) == 0)
		return 2;
	if (titled)
		max = lc >= 6 ? 2 : lc >= 3 ? 1 : 0;
	else if (m[0] != c[0] || strlen(m) < 6)
		max = 0;	/* "matin" is not "Martin" */
	else
		max = lc >= 8 ? 2 : lc >= 6 ? 1 : 0;
	if (max > 0 && nlu_dist(m, c, max) <= max)
		return 1;
	return 0;
}

/* Is token i preceded by a title ("Dr", "Dr.", "docteur")? */
static int
titled_at(const struct nlu_doc *dc, size_t i)
{
	if (i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT &&
	    dc->t[i - 1].w[0] == '.')
		i--;
	return i > 0 && in_list(dc->t[i - 1].w, titles,
	    sizeof(titles) / sizeof(titles[0]));
}

/* Score practitioner words w (n of them) at token i; 0 = no match. */
static int
score_at(const struct nlu_doc *dc, size_t i, char w[][NLU_WORD_MAX],
    size_t n, int titled, size_t *end)
{
	const char *last = w[n - 1];
	int	 a, b;

	if (dc->t[i].used || !dc->t[i].alpha)
		return 0;
	*end = i + 1;
	if (n >= 2 && (a = word_match(dc->t[i].w, w[0], 1)) > 0 &&
	    i + 1 < dc->n && !dc->t[i + 1].used &&
	    (b = word_match(dc->t[i + 1].w, last, 1)) > 0) {
		*end = i + 2;
		return 4 + a + b;
	}
	if ((a = word_match(dc->t[i].w, last, titled)) > 0)
		return titled ? 2 + a : a;
	if (n >= 2 && titled && (a = word_match(dc->t[i].w, w[0], 1)) > 0)
		return a;
	return 0;
}

/*
 * The canonical practitioner the message names, or NULL (none or
 * ambiguous). The tokens matched are marked used.
 */
const char *
nlu_find_practitioner(struct nlu_doc *dc, const char *const *list, size_t n)
{
	char		 w[MATCH_WORDS][NLU_WORD_MAX];
	const char	*best = NULL;
	size_t		 i, k, nw, end, bend = 0, bi = 0;
	int		 sc, bsc = 0, tie = 0, titled;

	if (list == NULL)
		return NULL;
	for (k = 0; k < n; k++) {
		if (list[k] == NULL || (nw = split(list[k], w, 1, 0)) == 0)
			continue;
		for (i = 0; i < dc->n; i++) {
			if (dc->t[i].kind != NLU_TK_WORD)
				continue;
			titled = titled_at(dc, i);
			if ((sc = score_at(dc, i, w, nw, titled, &end)) == 0)
				continue;
			if (sc > bsc) {
				bsc = sc;
				best = list[k];
				bi = i;
				bend = end;
				tie = 0;
			} else if (sc == bsc && best != list[k])
				tie = 1;
		}
	}
	if (best == NULL || tie)
		return NULL;
	for (i = bi; i < bend; i++)
		dc->t[i].used = 1;
	return best;
}

/* Does message token i stand for treatment word c? */
static int
treat_word(const struct nlu_doc *dc, size_t i, const char *c)
{
	const char *m = dc->t[i].w;
	size_t	 lm = strlen(m), lc = strlen(c), k;

	if (dc->t[i].kind != NLU_TK_WORD || !dc->t[i].alpha)
		return 0;
	if (word_match(m, c, 0))
		return 1;
	if (lm == lc + 1 && (m[lm - 1] == 's' || m[lm - 1] == 'x') &&
	    strncmp(m, c, lc) == 0)
		return 1;
	for (k = 0; k < sizeof(synonyms) / sizeof(synonyms[0]); k++)
		if (strcmp(m, synonyms[k].w) == 0 &&
		    strcmp(c, synonyms[k].canon) == 0)
			return 1;
	return 0;
}

/* 1 when one message word is the treatment's words run together. */
static int
joined_at(const struct nlu_doc *dc, char w[][NLU_WORD_MAX], size_t nw)
{
	char	 j[NLU_WORD_MAX * 2];
	size_t	 k, l = 0, n;

	for (k = 0; k < nw; k++) {
		n = strlen(w[k]);
		if (l + n + 1 > sizeof(j))
			return 0;
		memcpy(j + l, w[k], n);
		l += n;
	}
	j[l] = '\0';
	for (k = 0; k < dc->n; k++)
		if (!dc->t[k].used && strcmp(dc->t[k].w, j) == 0)
			return 1;
	return 0;
}

/*
 * The canonical treatment the message names, or NULL. A treatment
 * matches when its first significant word is found; the one with most
 * words found wins; equal scores are ambiguous.
 */
const char *
nlu_find_treatment(struct nlu_doc *dc, const char *const *list, size_t n)
{
	char		 w[MATCH_WORDS][NLU_WORD_MAX];
	const char	*best = NULL;
	size_t		 i, k, j, nw;
	int		 sc, bsc = 0, tie = 0, head;

	if (list == NULL)
		return NULL;
	for (k = 0; k < n; k++) {
		if (list[k] == NULL || (nw = split(list[k], w, 0, 1)) == 0)
			continue;
		sc = 0;
		head = 0;
		if (nw > 1 && joined_at(dc, w, nw)) {
			sc = (int)nw;
			head = 1;
			nw = 0;
		}
		for (j = 0; j < nw; j++)
			for (i = 0; i < dc->n; i++)
				if (!dc->t[i].used &&
				    treat_word(dc, i, w[j])) {
					sc++;
					head |= j == 0;
					break;
				}
		if (!head)
			continue;
		sc = sc * 100 - (nw > (size_t)sc ? (int)(nw - (size_t)sc) * 10 :
		    0);
		if (sc > bsc) {
			bsc = sc;
			best = list[k];
			tie = 0;
		} else if (sc == bsc)
			tie = 1;
	}
	return tie ? NULL : best;
}

const char *
nlu_treatment_display(const struct nlu_lists *lists, const char *canon,
    enum nlu_lang lang)
{
	(void)lists;
	(void)lang;
	return canon;
}
