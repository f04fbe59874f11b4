/*
 * i18n — message catalogues: two "key = text" files parsed once, checked
 * against each other, looked up by binary search.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "utf8.h"

#define I18N_KEY_MAX	63		/* longest key, in bytes */
#define I18N_TEXT_MAX	1024		/* longest message, in bytes */
#define I18N_FILE_MAX	(1024 * 1024)	/* largest catalogue file */
#define I18N_MSGS_MAX	4096		/* keys per catalogue */

/* One message: its key and its text in every language. */
struct i18n_msg {
	char	*key;
	char	*text[I18N__MAX];
};

struct i18n {
	struct i18n_msg	*m;		/* sorted by key */
	size_t		 n;
};

/* One parsed file: key/text pairs in file order. */
struct i18n_file {
	char		**key;
	char		**text;
	unsigned	 *line;
	size_t		  n;
};

static const char *const i18n_codes[I18N__MAX] = { "fr", "en" };

const char *
i18n_code(enum i18n_lang l)
{
	return (unsigned)l < I18N__MAX ? i18n_codes[l] : i18n_codes[0];
}

int
i18n_lang_of(const char *s)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < I18N__MAX; i++)
		if (strcasecmp(s, i18n_codes[i]) == 0)
			return i;
	return -1;
}

/*
 * Parse the q-value at *s (after "q="): 0 to 1 with at most three
 * decimals, as thousandths into *q.  Returns 0, or -1 when malformed.
 */
static int
accept_q(const char *s, size_t n, int *q)
{
	size_t	 i;
	int	 v, d;

	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	v = (s[0] - '0') * 1000;
	if (n == 1)
		goto done;
	if (s[1] != '.' || n > 5)
		return -1;
	for (i = 2, d = 100; i < n; i++, d /= 10) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v += (s[i] - '0') * d;
	}
done:
	if (v > 1000)
		return -1;
	*q = v;
	return 0;
}

/*
 * One range of an Accept-Language list (s, n bytes: "en-GB;q=0.8"):
 * its language (-1: neither fr nor en) and q in thousandths.  Returns 0,
 * or -1 when malformed.
 */
static int
accept_range(const char *s, size_t n, int *lang, int *q)
{
	const char	*semi, *p;
	size_t		 tl, pl;

	*q = 1000;
	semi = memchr(s, ';', n);
	tl = semi != NULL ? (size_t)(semi - s) : n;
	while (tl > 0 && (s[tl - 1] == ' ' || s[tl - 1] == '\t'))
		tl--;
	if (tl == 0)
		return -1;
	*lang = -1;
	if (tl == 1 && s[0] == '*')
		*lang = I18N_FR;
	else if ((tl == 2 || (tl > 2 && s[2] == '-')) &&
	    strncasecmp(s, "fr", 2) == 0)
		*lang = I18N_FR;
	else if ((tl == 2 || (tl > 2 && s[2] == '-')) &&
	    strncasecmp(s, "en", 2) == 0)
		*lang = I18N_EN;
	if (semi == NULL)
		return 0;
	p = semi + 1;
	pl = n - (size_t)(p - s);
	while (pl > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		pl--;
	}
	while (pl > 0 && (p[pl - 1] == ' ' || p[pl - 1] == '\t'))
		pl--;
	if (pl < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return -1;
	return accept_q(p + 2, pl - 2, q);
}

enum i18n_lang
i18n_accept(const char *h)
{
	const char	*comma;
	size_t		 n;
	int		 lang, q, best = I18N_FR, bestq = 0;

	if (h == NULL)
		return I18N_FR;
	while (*h != '\0') {
		while (*h == ' ' || *h == '\t' || *h == ',')
			h++;
		if (*h == '\0')
			break;
		comma = strchr(h, ',');
		n = comma != NULL ? (size_t)(comma - h) : strlen(h);
		if (accept_range(h, n, &lang, &q) != 0)
			return I18N_FR;
		if (lang != -1 && q > bestq) {
			best = lang;
			bestq = q;
		}
		h += n;
	}
	return (enum i18n_lang)best;
}

/* Free the pairs of one parsed file. */
static void
file_free(struct i18n_file *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++) {
		free(f->key[i]);
		free(f->text[i]);
	}
	free(f->key);
	free(f->text);
	free(f->line);
	memset(f, 0, sizeof(*f));
}

/* A copy of s (n bytes) as a string, or NULL. */
static char *
dupn(const char *s, size_t n)
{
	char	*p;

	if ((p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Is s (n bytes) a key? */
static int
key_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > I18N_KEY_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' &&
		    s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

/*
 * Parse one line (s, n bytes, no newline) into f.  Comments and blank
 * lines add nothing.  Returns NULL, or the reason it is refused.
 */
static const char *
file_line(struct i18n_file *f, const char *s, size_t n, unsigned line)
{
	const char	*eq, *t;
	size_t		 kl, tl;
	void		*p;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	if (n == 0 || s[0] == '#')
		return NULL;
	if ((eq = memchr(s, '=', n)) == NULL)
		return "not \"key = text\"";
	kl = (size_t)(eq - s);
	while (kl > 0 && (s[kl - 1] == ' ' || s[kl - 1] == '\t'))
		kl--;
	t = eq + 1;
	tl = n - (size_t)(t - s);
	while (tl > 0 && (*t == ' ' || *t == '\t')) {
		t++;
		tl--;
	}
	if (!key_ok(s, kl))
		return "bad key (A-Za-z0-9._- only, 63 bytes at most)";
	if (tl == 0 || tl > I18N_TEXT_MAX)
		return "empty or too long text";
	if (memchr(t, '\0', tl) != NULL || !utf8_valid(t, tl))
		return "text not valid UTF-8";
	if (f->n == I18N_MSGS_MAX)
		return "too many keys";
	if ((p = realloc(f->key, (f->n + 1) * sizeof(*f->key))) == NULL)
		return "out of memory";
	f->key = p;
	if ((p = realloc(f->text, (f->n + 1) * sizeof(*f->text))) == NULL)
		return "out of memory";
	f->text = p;
	if ((p = realloc(f->line, (f->n + 1) * sizeof(*f->line))) == NULL)
		return "out of memory";
	f->line = p;
	f->key[f->n] = dupn(s, kl);
	f->text[f->n] = dupn(t, tl);
	f->line[f->n] = line;
	f->n++;
	if (f->key[f->n - 1] == NULL || f->text[f->n - 1] == NULL)
		return "out of memory";
	return NULL;
}

/* Parse text (a whole file) into f; 0, or -1 with why set. */
static int
file_parse(struct i18n_file *f, const char *name, const char *text,
    char *why, size_t whysz)
{
	const char	*nl, *reason;
	unsigned	 line = 0;
	size_t		 n;

	while (*text != '\0') {
		line++;
		nl = strchr(text, '\n');
		n = nl != NULL ? (size_t)(nl - text) : strlen(text);
		if ((reason = file_line(f, text, n, line)) != NULL) {
			snprintf(why, whysz, "%s:%u: %s", name, line, reason);
			return -1;
		}
		text += n + (nl != NULL);
	}
	return 0;
}

/* Compare two messages by key, for qsort and bsearch. */
static int
msg_cmp(const void *a, const void *b)
{
	return strcmp(((const struct i18n_msg *)a)->key,
	    ((const struct i18n_msg *)b)->key);
}

void
i18n_free(struct i18n *c)
{
	size_t	 i;
	int	 l;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->m[i].key);
		for (l = 0; l < I18N__MAX; l++)
			free(c->m[i].text[l]);
	}
	free(c->m);
	free(c);
}

/*
 * Build the catalogue from the French file's keys (taken from fr, which
 * is emptied) and look each up in en.  Returns the catalogue, or NULL
 * with why set (a duplicate, a key in one file only, memory).
 */
static struct i18n *
cat_build(struct i18n_file *fr, struct i18n_file *en, char *why,
    size_t whysz)
{
	struct i18n	*c;
	struct i18n_msg	 k, *m;
	size_t		 i;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->m = calloc(fr->n + 1, sizeof(*c->m))) == NULL) {
		free(c);
		snprintf(why, whysz, "out of memory");
		return NULL;
	}
	for (i = 0; i < fr->n; i++) {
		c->m[i].key = fr->key[i];
		c->m[i].text[I18N_FR] = fr->text[i];
		fr->key[i] = fr->text[i] = NULL;
		c->n++;
	}
	qsort(c->m, c->n, sizeof(*c->m), msg_cmp);
	for (i = 1; i < c->n; i++)
		if (strcmp(c->m[i - 1].key, c->m[i].key) == 0) {
			snprintf(why, whysz, "fr.txt: duplicate key %s",
			    c->m[i].key);
			goto fail;
		}
	for (i = 0; i < en->n; i++) {
		k.key = en->key[i];
		m = bsearch(&k, c->m, c->n, sizeof(*c->m), msg_cmp);
		if (m == NULL) {
			snprintf(why, whysz, "en.txt:%u: key %s is not in "
			    "fr.txt", en->line[i], en->key[i]);
			goto fail;
		}
		if (m->text[I18N_EN] != NULL) {
			snprintf(why, whysz, "en.txt:%u: duplicate key %s",
			    en->line[i], en->key[i]);
			goto fail;
		}
		m->text[I18N_EN] = en->text[i];
		en->text[i] = NULL;
	}
	for (i = 0; i < c->n; i++)
		if (c->m[i].text[I18N_EN] == NULL) {
			snprintf(why, whysz, "fr.txt: key %s is not in en.txt",
			    c->m[i].key);
			goto fail;
		}
	return c;
fail:
	i18n_free(c);
	return NULL;
}

int
i18n_load_texts(const char *fr, const char *en, struct i18n **catp,
    char *why, size_t whysz)
{
	struct i18n_file fa, fb;
	char		 dummy[8];
	int		 rc = -1;

	*catp = NULL;
	if (why == NULL || whysz == 0) {
		why = dummy;
		whysz = sizeof(dummy);
	}
	memset(&fa, 0, sizeof(fa));
	memset(&fb, 0, sizeof(fb));
	if (file_parse(&fa, "fr.txt", fr, why, whysz) != 0 ||
	    file_parse(&fb, "en.txt", en, why, whysz) != 0)
		goto out;
	if ((*catp = cat_build(&fa, &fb, why, whysz)) != NULL)
		rc = 0;
out:
	file_free(&fa);
	file_free(&fb);
	return rc;
}

/* The whole file dir/name as a string, or NULL (why set). */
static char *
file_read(const char *dir, const char *name, char *why, size_t whysz)
{
	char	 path[1024];
	char	*s;
	FILE	*fp;
	size_t	 n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(why, whysz, "%s: cannot be read", path);
		return NULL;
	}
	if ((s = malloc(I18N_FILE_MAX + 1)) == NULL) {
		fclose(fp);
		snprintf(why, whysz, "out of memory");
		return NULL;
	}
	n = fread(s, 1, I18N_FILE_MAX + 1, fp);
	if (ferror(fp) || n > I18N_FILE_MAX || memchr(s, '\0', n)) {
		fclose(fp);
		free(s);
		snprintf(why, whysz, "%s: unreadable, too large or binary",
		    path);
		return NULL;
	}
	fclose(fp);
	s[n] = '\0';
	return s;
}

int
i18n_load_dir(const char *dir, struct i18n **catp, char *why,
    size_t whysz)
{
	char	*fr, *en = NULL;
	char	 dummy[8];
	int	 rc = -1;

	*catp = NULL;
	if (why == NULL || whysz == 0) {
		why = dummy;
		whysz = sizeof(dummy);
	}
	if ((fr = file_read(dir, "fr.txt", why, whysz)) != NULL &&
	    (en = file_read(dir, "en.txt", why, whysz)) != NULL)
		rc = i18n_load_texts(fr, en, catp, why, whysz);
	free(fr);
	free(en);
	return rc;
}

const char *
i18n_get(const struct i18n *c, enum i18n_lang l, const char *key,
    size_t len)
{
	struct i18n_msg	 k, *m;
	char		 tmp[I18N_KEY_MAX + 1];

	if (c == NULL || len == 0 || len > I18N_KEY_MAX ||
	    (unsigned)l >= I18N__MAX)
		return NULL;
	memcpy(tmp, key, len);
	tmp[len] = '\0';
	k.key = tmp;
	m = bsearch(&k, c->m, c->n, sizeof(*c->m), msg_cmp);
	return m != NULL ? m->text[l] : NULL;
}
