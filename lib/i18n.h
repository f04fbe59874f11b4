/*
 * i18n — message catalogues of the admin and superadmin pages.
 *
 * A catalogue directory holds one file per language, "fr.txt" and
 * "en.txt", of lines
 *
 *   # a comment
 *   key = text
 *
 * A key is 1 to 63 bytes of A-Za-z0-9 . _ -; the text (spaces around it
 * trimmed) is non-empty valid UTF-8 and may hold the placeholders {1} and
 * {2}, replaced by tmpl's {{ t "key" a b }}.  Both files hold exactly the
 * same keys, each once: anything else (a key in one file only, a
 * duplicate, a line without " = ") refuses the whole directory.
 */
#ifndef SOPHIE_I18N_H
#define SOPHIE_I18N_H

#include <stddef.h>

struct i18n;

/* The languages, in the order of i18n_langs; French is the default. */
enum i18n_lang {
	I18N_FR = 0,
	I18N_EN,
	I18N__MAX
};

/* "fr", "en": the code of l (the default's for an unknown l). */
const char	*i18n_code(enum i18n_lang l);

/* The language of code s ("fr", "en", case-insensitive), or -1. */
int		 i18n_lang_of(const char *s);

/*
 * The language an Accept-Language header value asks for: the fr or en
 * range (a region such as en-GB counts) with the highest q-value (ties:
 * the first listed); "*" counts as French; q=0 refuses.  French when
 * the header is NULL, malformed or names neither.
 */
enum i18n_lang	 i18n_accept(const char *header);

/*
 * Load dir/fr.txt and dir/en.txt.  On success *catp is a new catalogue
 * owned by the caller (i18n_free) and 0 is returned.  On failure *catp is
 * NULL, why holds "file:line: reason" (truncated to whysz) and -1 is
 * returned.
 */
int		 i18n_load_dir(const char *dir, struct i18n **catp,
		    char *why, size_t whysz);

/*
 * Parse the two catalogues given as texts (for tests): as i18n_load_dir.
 */
int		 i18n_load_texts(const char *fr, const char *en,
		    struct i18n **catp, char *why, size_t whysz);

/* The text of key (len bytes) in l, or NULL when the key is unknown. */
const char	*i18n_get(const struct i18n *, enum i18n_lang l,
		    const char *key, size_t len);

/* Free the catalogue; NULL is allowed. */
void		 i18n_free(struct i18n *);

#endif
