/*
 * nlu_text — folding and tokenising of untrusted message text.
 * Everything here reads at most len bytes and writes within fixed buffers.
 */
#include <string.h>

#include "nlu_int.h"

enum cls {
	CLS_SEP = 0,	/* blank, apostrophe, control, emoji */
	CLS_WORD,	/* folded letter or digit */
	CLS_PUNCT	/* one sign */
};

/* Latin-1 letters U+00C0..U+00FF folded; "" = separator (×, ÷). */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* C0 */
	"e", "e", "e", "e", "i", "i", "i", "i",		/* C8 */
	"d", "n", "o", "o", "o", "o", "o", "",		/* D0 */
	"o", "u", "u", "u", "u", "y", "th", "ss",	/* D8 */
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* E0 */
	"e", "e", "e", "e", "i", "i", "i", "i",		/* E8 */
	"d", "n", "o", "o", "o", "o", "o", "",		/* F0 */
	"o", "u", "u", "u", "u", "y", "th", "y"		/* F8 */
};

/*
 * Latin letters beyond Latin-1 that names from many origins are written
 * with (Polish "Kamińska", Czech "Dvořák", Turkish "Yıldız", Vietnamese
 * "Nguyễn"), by code point from U+0100 and from U+1E00: the base letter,
 * in capitals for a capital letter; '*' for none (left to the caller).
 */
static const char latin_ext_a[] =
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGg"	/* 0100 */
	"GgGgHhHhIiIiIiIiIi**JjKkkLlLlLlL"	/* 0120 */
	"lLlNnNnNnnNnOoOoOo**RrRrRrSsSsSs"	/* 0140 */
	"SsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs"	/* 0160 */;
static const char latin_ext_add[] =
	"AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFf"	/* 1E00 */
	"GgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm"	/* 1E20 */
	"MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRr"	/* 1E40 */
	"SsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv"	/* 1E60 */
	"WwWwWwWwWwXxXxYyZzZzZzhtwy**ss*d"	/* 1E80 */
	"AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe"	/* 1EA0 */
	"EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOo"	/* 1EC0 */
	"OoOoUuUuUuUuUuUuUuYyYyYyYyLlVvYy"	/* 1EE0 */;

/* Letters of Latin Extended-B that names use, with their base letter. */
static const struct {
	unsigned	 cp;
	char		 base;
} latin_ext_b[] = {
	{ 0x18F, 'E' }, { 0x259, 'e' },	/* schwa (Azerbaijani) */
	{ 0x1A0, 'O' }, { 0x1A1, 'o' },	/* horn (Vietnamese) */
	{ 0x1AF, 'U' }, { 0x1B0, 'u' },
	{ 0x1CD, 'A' }, { 0x1CE, 'a' },	/* caron (pinyin) */
	{ 0x1CF, 'I' }, { 0x1D0, 'i' }, { 0x1D1, 'O' }, { 0x1D2, 'o' },
	{ 0x1D3, 'U' }, { 0x1D4, 'u' }, { 0x1D5, 'U' }, { 0x1D6, 'u' },
	{ 0x1D7, 'U' }, { 0x1D8, 'u' }, { 0x1D9, 'U' }, { 0x1DA, 'u' },
	{ 0x1DB, 'U' }, { 0x1DC, 'u' },
	{ 0x218, 'S' }, { 0x219, 's' },	/* comma below (Romanian) */
	{ 0x21A, 'T' }, { 0x21B, 't' },
};

/*
 * The base letter of a Latin letter outside Latin-1 (capital when the
 * letter is), or 0 when c is none of those known.
 */
static char
latin_ext(unsigned c)
{
	size_t	 k;
	char	 b = '*';

	if (c >= 0x100 && c < 0x180)
		b = latin_ext_a[c - 0x100];
	else if (c >= 0x1E00 && c < 0x1F00)
		b = latin_ext_add[c - 0x1E00];
	else
		for (k = 0; k < sizeof(latin_ext_b) /
		    sizeof(latin_ext_b[0]); k++)
			if (latin_ext_b[k].cp == c)
				b = latin_ext_b[k].base;
	return b == '*' ? 0 : b;
}

/*
 * Decode one UTF-8 code point at s[*i] (len bytes in all), advancing *i.
 * Invalid or truncated sequences give U+FFFD and consume one byte.
 */
static unsigned
utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t	 left = len - *i, n, k;
	unsigned c;

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0) {
		n = 2;
		c = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		n = 3;
		c = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		n = 4;
		c = p[0] & 0x07;
	} else {
		(*i)++;
		return 0xFFFD;
	}
	if (left < n) {
		(*i)++;
		return 0xFFFD;
	}
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		c = (c << 6) | (p[k] & 0x3F);
	}
	*i += n;
	return c;
}

/*
 * Fold one code point: writes up to 2 ASCII bytes to out, returns the
 * class. *upper is set for upper-case letters, *accent for letters with
 * French diacritics.
 */
static enum cls
fold_cp(unsigned c, char out[3], int *upper, int *accent)
{
	const char *f;
	char	 b;

	*upper = *accent = 0;
	out[0] = out[1] = out[2] = '\0';
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z') {
			*upper = 1;
			out[0] = (char)(c - 'A' + 'a');
			return CLS_WORD;
		}
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[0] = (char)c;
			return CLS_WORD;
		}
		if (c <= ' ' || c == '\'' || c == '`' || c == 0x7F)
			return CLS_SEP;
		out[0] = (char)c;
		return CLS_PUNCT;
	}
	if (c >= 0xC0 && c <= 0xFF) {
		f = latin1[c - 0xC0];
		if (*f == '\0')
			return CLS_PUNCT;
		memcpy(out, f, strlen(f));
		*upper = c <= 0xDE;
		*accent = 1;
		return CLS_WORD;
	}
	switch (c) {
	case 0x152:	/* Œ */
	case 0x153:	/* œ */
		out[0] = 'o';
		out[1] = 'e';
		*upper = c == 0x152;
		*accent = 1;
		return CLS_WORD;
	case 0x178:	/* Ÿ */
		out[0] = 'y';
		*upper = 1;
		return CLS_WORD;
	case 0xA0:	/* no-break space */
	case 0x202F:
	case 0x2009:
	case 0x2018:	/* quotes used as apostrophes */
	case 0x2019:
	case 0x02BC:
	case 0xB4:
		return CLS_SEP;
	case 0x2010:	/* dashes */
	case 0x2011:
	case 0x2013:
	case 0x2014:
		out[0] = '-';
		return CLS_PUNCT;
	case 0x2026:	/* ellipsis */
		out[0] = '.';
		return CLS_PUNCT;
	case 0xAB:	/* guillemets */
	case 0xBB:
	case 0x201C:
	case 0x201D:
		out[0] = '"';
		return CLS_PUNCT;
	default:
		break;
	}
	if ((b = latin_ext(c)) != 0) {
		*upper = b >= 'A' && b <= 'Z';
		out[0] = *upper ? (char)(b - 'A' + 'a') : b;
		return CLS_WORD;
	}
	if (c == 0x132 || c == 0x133) {		/* Ĳ ĳ (Dutch) */
		out[0] = 'i';
		out[1] = 'j';
		*upper = c == 0x132;
		return CLS_WORD;
	}
	if (c < 0xC0 || (c >= 0x2000 && c <= 0x2BFF) ||
	    (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE00 && c <= 0xFE0F) ||
	    c >= 0x1F000 || c == 0xFFFD)
		return CLS_SEP;
	out[0] = '_';	/* some other letter */
	return CLS_WORD;
}

/* Finish token t: number value and flags. */
static void
tok_finish(struct nlu_tok *t, size_t wl, int nupper, int nletters)
{
	size_t	 k;
	int	 digits = 1, letters = 1, v = 0;

	t->w[wl < NLU_WORD_MAX ? wl : NLU_WORD_MAX - 1] = '\0';
	for (k = 0; t->w[k] != '\0'; k++) {
		if (t->w[k] >= '0' && t->w[k] <= '9') {
			letters = 0;
			if (v < 100000)
				v = v * 10 + (t->w[k] - '0');
		} else {
			digits = 0;
			if (t->w[k] < 'a' || t->w[k] > 'z')
				letters = 0;
		}
	}
	t->num = -1;
	t->ndig = 0;
	if (t->kind == NLU_TK_WORD && digits && wl <= 4) {
		t->num = v;
		t->ndig = (int)wl;
	}
	t->alpha = t->kind == NLU_TK_WORD && letters;
	t->allcap = nletters > 1 && nupper == nletters;
}

/*
 * Fold s (len bytes) into out (outsz bytes, NUL-terminated): lower-case
 * ASCII, accents removed, separators and signs made single blanks.
 * Returns the length written.
 */
size_t
nlu_fold(const char *s, size_t len, char *out, size_t outsz)
{
	size_t	 i = 0, o = 0, k;
	char	 f[3];
	int	 up, ac;
	unsigned c;

	if (outsz == 0)
		return 0;
	while (i < len && o + 3 < outsz) {
		c = utf8_next(s, len, &i);
		if (fold_cp(c, f, &up, &ac) == CLS_WORD) {
			for (k = 0; f[k] != '\0'; k++)
				out[o++] = f[k];
		} else if (o > 0 && out[o - 1] != ' ')
			out[o++] = ' ';
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

/* Append word w to the flat text, keeping room for the closing blank. */
static void
flat_add(struct nlu_doc *d, size_t *fl, const char *w)
{
	size_t	 n = strlen(w);

	if (*fl + n + 2 >= sizeof(d->flat))
		return;
	memcpy(d->flat + *fl, w, n);
	*fl += n;
	d->flat[(*fl)++] = ' ';
	d->flat[*fl] = '\0';
}

/*
 * SMS spellings and common typos, folded, with the word they stand for:
 * one word for one word, so that every rule reads the usual spelling.
 */
static const struct {
	const char	*from, *to;
} sms[] = {
	/* English */
	{ "cancle", "cancel" }, { "cancell", "cancel" }, { "cansel", "cancel" },
	{ "cancl", "cancel" }, { "canel", "cancel" },
	{ "reshedule", "reschedule" }, { "reschedual", "reschedule" },
	{ "reschedle", "reschedule" }, { "rescedule", "reschedule" },
	{ "apointment", "appointment" }, { "appointmnet", "appointment" },
	{ "appoinment", "appointment" }, { "appontment", "appointment" },
	{ "appiontment", "appointment" }, { "apointement", "appointment" },
	{ "appointement", "appointment" }, { "appt", "appointment" },
	{ "tmrw", "tomorrow" }, { "tmr", "tomorrow" }, { "tmrow", "tomorrow" },
	{ "2morrow", "tomorrow" }, { "2moro", "tomorrow" },
	{ "tommorow", "tomorrow" }, { "tomorow", "tomorrow" },
	{ "tommorrow", "tomorrow" }, { "tomoz", "tomorrow" },
	{ "2day", "today" }, { "tdy", "today" }, { "ur", "your" },
	{ "u", "you" }, { "cn", "can" }, { "wud", "would" }, { "cud", "could" },
	{ "wanna", "want" }, { "nxt", "next" }, { "wk", "week" },
	{ "plz", "please" }, { "plse", "please" }, { "thnx", "thanks" },
	{ "thanx", "thanks" }, { "tks", "thanks" }, { "brething", "breathing" },
	{ "bleding", "bleeding" },
	{ "bleedin", "bleeding" }, { "unconcious", "unconscious" },
	{ "faintd", "fainted" }, { "yh", "yeah" }, { "okie", "okay" },
	/* French */
	{ "pa", "pas" }, { "pr", "pour" }, { "ds", "dans" }, { "vs", "vous" },
	{ "tt", "tout" }, { "qd", "quand" }, { "qnd", "quand" },
	{ "kand", "quand" }, { "koi", "quoi" }, { "dmn", "demain" },
	{ "dem1", "demain" }, { "dm1", "demain" }, { "dmain", "demain" }, { "2main", "demain" },
	{ "tjr", "toujours" }, { "tjrs", "toujours" }, { "tjs", "toujours" },
	{ "dsl", "desole" }, { "mtn", "maintenant" }, { "mnt", "maintenant" },
	{ "jpeux", "peux" }, { "px", "peux" }, { "jveux", "veux" }, { "jvoudrais", "voudrais" },
	{ "jvoudrai", "voudrais" }, { "jpourrai", "pourrai" },
	{ "jpourrais", "pourrais" }, { "jsais", "sais" }, { "chui", "suis" },
	{ "chuis", "suis" }, { "jsuis", "suis" }, { "anuler", "annuler" },
	{ "rdez", "rendez" }, { "respiree", "respirer" },
	{ "saignne", "saigne" }, { "ui", "oui" },
};

/*
 * Write the usual spelling over SMS spellings and typos: only words
 * written without a capital (a name keeps its spelling).
 */
static void
sms_fix(struct nlu_doc *d)
{
	size_t	 i, k;

	for (i = 0; i < d->n; i++) {
		struct nlu_tok *t = &d->t[i];

		if (t->kind != NLU_TK_WORD || t->cap)
			continue;
		for (k = 0; k < sizeof(sms) / sizeof(sms[0]); k++)
			if (strcmp(t->w, sms[k].from) == 0) {
				nlu_copy(t->w, sizeof(t->w), sms[k].to,
				    strlen(sms[k].to));
				t->num = -1;
				t->ndig = 0;
				t->alpha = 1;
				break;
			}
	}
}

/*
 * Tokenise text (at most NLU_TEXT_MAX bytes of len) into d.
 */
void
nlu_doc_init(struct nlu_doc *d, const char *text, size_t len)
{
	struct nlu_tok	*t = NULL;
	size_t		 i = 0, start, wl = 0, fl, k;
	enum cls	 cl;
	char		 f[3];
	int		 up, ac, sep = 1, nup = 0, nlet = 0;
	unsigned	 c;

	memset(d, 0, offsetof(struct nlu_doc, t));
	if (len > NLU_TEXT_MAX)
		len = NLU_TEXT_MAX;
	d->text = text;
	d->len = len;
	d->n = 0;
	d->accents = 0;
	d->date_exprs = 0;
	d->range_seen = 0;
	d->range_narrowed = 0;
	d->name_thanked = 0;
	d->not_coming = 0;
	while (i < len) {
		start = i;
		c = utf8_next(text, len, &i);
		cl = fold_cp(c, f, &up, &ac);
		if (ac && c != 0xD7 && c != 0xF7)
			d->accents = 1;
		if (cl == CLS_WORD && t != NULL && t->kind == NLU_TK_WORD &&
		    t->eo == start) {
			for (k = 0; f[k] != '\0'; k++, wl++)
				if (wl < NLU_WORD_MAX - 1)
					t->w[wl] = f[k];
			t->eo = i;
			nlet += f[0] >= 'a' && f[0] <= 'z';
			nup += up;
			continue;
		}
		if (t != NULL)
			tok_finish(t, wl, nup, nlet);
		t = NULL;
		if (cl == CLS_SEP) {
			sep = 1;
			continue;
		}
		if (d->n >= NLU_MAX_TOK)
			break;
		t = &d->t[d->n++];
		memset(t, 0, sizeof(*t));
		t->kind = cl == CLS_WORD ? NLU_TK_WORD : NLU_TK_PUNCT;
		t->so = start;
		t->eo = i;
		t->sp = sep;
		t->cap = up;
		sep = 0;
		wl = 0;
		for (k = 0; f[k] != '\0'; k++, wl++)
			t->w[wl] = f[k];
		nlet = f[0] >= 'a' && f[0] <= 'z';
		nup = up;
	}
	if (t != NULL)
		tok_finish(t, wl, nup, nlet);
	sms_fix(d);
	d->flat[0] = ' ';
	d->flat[1] = '\0';
	fl = 1;
	for (k = 0; k < d->n; k++)
		if (d->t[k].kind == NLU_TK_WORD)
			flat_add(d, &fl, d->t[k].w);
}

/*
 * 1 when phrase (folded words separated by single blanks) occurs as whole
 * words in the message; a phrase ending in '*' may end inside a word.
 */
int
nlu_flat_has(const struct nlu_doc *d, const char *phrase)
{
	char	 pat[128];
	size_t	 n = strlen(phrase);

	if (n == 0 || n + 3 > sizeof(pat))
		return 0;
	pat[0] = ' ';
	memcpy(pat + 1, phrase, n);
	if (phrase[n - 1] == '*')
		pat[n] = '\0';
	else {
		pat[n + 1] = ' ';
		pat[n + 2] = '\0';
	}
	return strstr(d->flat, pat) != NULL;
}

/* 1 when token i is the word w ('*' at the end of w: prefix). */
int
nlu_tok_is(const struct nlu_doc *d, size_t i, const char *w)
{
	size_t	 n = strlen(w);

	if (i >= d->n)
		return 0;
	if (n > 0 && w[n - 1] == '*')
		return strncmp(d->t[i].w, w, n - 1) == 0;
	return strcmp(d->t[i].w, w) == 0;
}

/*
 * Match the blank-separated words of phrase against the tokens from i,
 * skipping '-' tokens between words. Returns 1 and sets *end (one past the
 * last token matched) when all match, else 0.
 */
int
nlu_seq(const struct nlu_doc *d, size_t i, const char *phrase, size_t *end)
{
	char	 w[NLU_WORD_MAX + 1];
	size_t	 n, first = 1;

	while (*phrase != '\0') {
		while (*phrase == ' ')
			phrase++;
		for (n = 0; phrase[n] != '\0' && phrase[n] != ' '; n++)
			;
		if (n == 0)
			break;
		if (n >= sizeof(w))
			return 0;
		memcpy(w, phrase, n);
		w[n] = '\0';
		phrase += n;
		if (!first)
			while (i < d->n && d->t[i].kind == NLU_TK_PUNCT &&
			    d->t[i].w[0] == '-')
				i++;
		if (!nlu_tok_is(d, i, w) || d->t[i].kind != NLU_TK_WORD)
			return 0;
		i++;
		first = 0;
	}
	if (end != NULL)
		*end = i;
	return 1;
}

/*
 * Optimal string alignment distance between a and b (each at most 63
 * bytes), stopping early: returns a value > max when the distance is.
 */
int
nlu_dist(const char *a, const char *b, int max)
{
	int	 la = (int)strlen(a), lb = (int)strlen(b);
	int	 dp[3][64], i, j, v, best, *cur, *p1, *p2;

	if (la > 63 || lb > 63)
		return max + 1;
	if (la - lb > max || lb - la > max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		dp[0][j] = j;
	for (i = 1; i <= la; i++) {
		cur = dp[i % 3];
		p1 = dp[(i + 2) % 3];
		p2 = dp[(i + 1) % 3];
		cur[0] = i;
		best = i;
		for (j = 1; j <= lb; j++) {
			v = p1[j - 1] + (a[i - 1] != b[j - 1]);
			if (p1[j] + 1 < v)
				v = p1[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && p2[j - 2] + 1 < v)
				v = p2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return dp[la % 3][lb];
}

void
nlu_copy(char *dst, size_t sz, const char *s, size_t n)
{
	if (sz == 0)
		return;
	if (n >= sz)
		n = sz - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}
