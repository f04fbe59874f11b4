/*
 * privacy_intent — a patient who writes "STOP", "supprimez mes données",
 * "delete my data"... gets the procedure in one reply in their language,
 * and the staff an alert (the conversation is handed to them, like any
 * handoff).  Nothing is erased here: erasure is the staff's, after they
 * have checked who asks (privacy_admin.c, ctl_privacy.c).
 */
#include <stdio.h>
#include <string.h>

#include "engine_int.h"
#include "engine_parse.h"
#include "privacy.h"

#define PRIVACY_NORM_MAX	1024

/* Whole messages that ask to stop. */
static const char *const stop_only[] = { "stop", "stop svp", "stop merci",
	"stop please", "stop stop", "unsubscribe", "desabonner",
	"me desabonner", "desinscription", NULL };

/* Phrases that name the patient's data, whole words. */
static const char *const data_words[] = { "mes donnees", "mes informations",
	"mes infos", "mes coordonnees", "mes donnees personnelles",
	"vos donnees sur moi", "mon dossier", "my data", "my information",
	"my info", "my details", "my personal", "my records",
	"informations me concernant", "donnees me concernant",
	"data about me", "information about me", NULL };

/* What they want done with it: the start of a word. */
static const char *const verb_stems[] = { "supprim", "effac", "retir",
	"detrui", "export", "copie", "oubli", "delet", "eras", "remov",
	"destroy", "wipe", "copy", "forget", "purg", NULL };

/* Phrases enough on their own. */
static const char *const alone[] = { "rgpd", "gdpr", "droit a l oubli",
	"right to be forgotten", "forget me", "oubliez moi", NULL };

/* Does a word of s (normalised, words split by one space) start with
 * stem? */
static int
privacy_has_stem(const char *s, const char *stem)
{
	const char	*p = s;
	size_t		 n = strlen(stem);

	while ((p = strstr(p, stem)) != NULL) {
		if (p == s || p[-1] == ' ')
			return 1;
		p += n;
	}
	return 0;
}

/* Is any phrase of list a whole-word part of s? */
static int
privacy_any(const char *s, const char *const *list)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (engine_has_word(s, list[i]))
			return 1;
	return 0;
}

int
privacy_asks(const char *text, size_t len)
{
	char	 s[PRIVACY_NORM_MAX];
	size_t	 i, n;

	if (text == NULL)
		return 0;
	n = engine_norm(text, len, s, sizeof(s));
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	for (i = 0; stop_only[i] != NULL; i++)
		if (strcmp(s + (s[0] == ' '), stop_only[i]) == 0)
			return 1;
	if (privacy_any(s, alone))
		return 1;
	if (!privacy_any(s, data_words))
		return 0;
	for (i = 0; verb_stems[i] != NULL; i++)
		if (privacy_has_stem(s, verb_stems[i]))
			return 1;
	return 0;
}

int
privacy_intent(struct eng *e)
{
	if (!privacy_asks(e->text, e->len))
		return 0;
	eng_say(e, "privacy_procedure", NULL, 0);
	e->handoff = 1;
	e->staff_reason = "privacy_request";
	eng_reset(e);
	return 1;
}
