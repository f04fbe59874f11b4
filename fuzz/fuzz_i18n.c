/*
 * fuzz_i18n — libFuzzer target: the input is an Accept-Language header
 * (untrusted, from every request) and, split at its first 0x01 byte, a
 * French and an English catalogue.  Nothing may crash, leak or trip a
 * sanitizer; the language is always French or English; a pair of equal
 * files that loads gives every key's text back in both languages.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Load fr and en; when both are the same text, look its keys up. */
static void
fuzz_catalogues(const char *fr, const char *en)
{
	struct i18n	*c = NULL;
	char		 why[128];
	const char	*k, *eq;

	if (i18n_load_texts(fr, en, &c, why, sizeof(why)) != 0) {
		if (c != NULL)
			abort();
		return;
	}
	if (strcmp(fr, en) == 0)
		for (k = fr; *k != '\0'; k = strchr(k, '\n') ?
		    strchr(k, '\n') + 1 : k + strlen(k)) {
			while (*k == ' ' || *k == '\t')
				k++;
			if (*k == '#' || (eq = strchr(k, '=')) == NULL ||
			    (strchr(k, '\n') != NULL && eq > strchr(k, '\n')))
				continue;
			while (eq > k && (eq[-1] == ' ' || eq[-1] == '\t'))
				eq--;
			if (i18n_get(c, I18N_FR, k, (size_t)(eq - k)) == NULL ||
			    i18n_get(c, I18N_EN, k, (size_t)(eq - k)) == NULL)
				abort();
		}
	i18n_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s, *sep;
	enum i18n_lang	 l;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	l = i18n_accept(s);
	if (l != I18N_FR && l != I18N_EN)
		abort();
	if ((sep = strchr(s, '\x01')) != NULL) {
		*sep = '\0';
		fuzz_catalogues(s, sep + 1);
	} else
		fuzz_catalogues(s, s);
	free(s);
	return 0;
}
