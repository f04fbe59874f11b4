/*
 * engine_parse — pure parsing of the short answers a flow waits for:
 * which listed item, yes or no, what a reminder answer means.  Works on
 * normalised text (engine_norm): lower-case ASCII words separated by
 * single spaces.
 */
#include <stdio.h>
#include <string.h>

#include "engine_parse.h"

/* Longest text looked at, normalised (bytes). */
#define NORM_MAX	1024

/* Two-byte UTF-8 Latin-1 letters (after 0xC3) folded to ASCII. */
static char
fold_c3(unsigned char c)
{
	static const char map[64] =
	    "aaaaaaaceeeeiiiidnooooo*ouuuuyts"	/* 0x80..0x9f (upper) */
	    "aaaaaaaceeeeiiiidnooooo/ouuuuyty";	/* 0xa0..0xbf */

	if (c < 0x80 || c > 0xbf)
		return ' ';
	return map[c - 0x80];
}

size_t
engine_norm(const char *text, size_t len, char *out, size_t sz)
{
	size_t		 i, o = 0;
	unsigned char	 c;
	char		 ch;

	if (sz == 0)
		return 0;
	for (i = 0; i < len && o + 1 < sz; i++) {
		c = (unsigned char)text[i];
		if (c == 0xc3 && i + 1 < len) {
			ch = fold_c3((unsigned char)text[++i]);
		} else if (c == 0xc5 && i + 1 < len) {
			/* œ, Œ */
			i++;
			ch = 'o';
		} else if (c >= 'A' && c <= 'Z')
			ch = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			ch = (char)c;
		else if (c == ':' && o > 0 && out[o - 1] >= '0' &&
		    out[o - 1] <= '9')
			ch = 'h';	/* 14:30 reads as 14h30 */
		else
			ch = ' ';
		if (ch == '*' || ch == '/')
			ch = ' ';
		if (ch == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = ch;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

int
engine_has_word(const char *s, const char *w)
{
	size_t		 n = strlen(w);
	const char	*p = s;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

/* How many times s holds the phrase w as whole words. */
static size_t
word_count(const char *s, const char *w)
{
	size_t		 k = 0, n = strlen(w);
	const char	*p = s;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			k++;
		p++;
	}
	return k;
}

/* 1 when some word of s starts with w. */
static int
has_prefix(const char *s, const char *w)
{
	const char	*p = s;

	while ((p = strstr(p, w)) != NULL) {
		if (p == s || p[-1] == ' ')
			return 1;
		p++;
	}
	return 0;
}

int
engine_has_any(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (engine_has_word(s, *list))
			return 1;
	return 0;
}

/* Normalise into a stack buffer. */
#define NORM(buf, t, l) \
	char buf[NORM_MAX]; \
	engine_norm((t), (l), buf, sizeof(buf))

static const char *const months[] = { "janvier", "fevrier", "mars", "avril",
	"mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
	"decembre", "january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december",
	"jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
	"dec", "janv", "fev", "avr", "juil", "dem", NULL };

/* Ordinal words and their index. */
static const struct {
	const char	*w;
	int		 i;
} ordinals[] = {
	{ "premier", 0 }, { "premiere", 0 }, { "first", 0 }, { "1er", 0 },
	{ "1ere", 0 }, { "1st", 0 },
	{ "deuxieme", 1 }, { "second", 1 }, { "seconde", 1 }, { "2e", 1 },
	{ "2eme", 1 }, { "2nd", 1 }, { "deux", 1 },
	{ "troisieme", 2 }, { "third", 2 }, { "3e", 2 }, { "3eme", 2 },
	{ "3rd", 2 }, { "trois", 2 },
	{ "quatrieme", 3 }, { "fourth", 3 }, { "4e", 3 }, { "4eme", 3 },
	{ "4th", 3 },
	{ "cinquieme", 4 }, { "fifth", 4 }, { "5e", 4 }, { "5th", 4 },
};

/* Read up to 2 digits at *p into *v. Returns digits read. */
static int
digits2(const char **p, int *v)
{
	int	 k = 0;

	*v = 0;
	while (k < 3 && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k;
}

/*
 * The first clock time in normalised s ("14h30", "14h", "2 pm",
 * "2h30pm"): minutes from midnight, or -1.
 */
static int
find_time(const char *s)
{
	const char	*p, *q;
	int		 h, m, k;

	for (p = s; *p != '\0'; p++) {
		if ((p != s && p[-1] != ' ') || *p < '0' || *p > '9')
			continue;
		q = p;
		if ((k = digits2(&q, &h)) == 0 || k > 2 || h > 23)
			continue;
		m = 0;
		if (*q == 'h') {
			q++;
			if (*q >= '0' && *q <= '9' &&
			    (digits2(&q, &m) != 2 || m > 59))
				continue;
		} else if (!(strncmp(q, "pm", 2) == 0 ||
		    strncmp(q, "am", 2) == 0 || strncmp(q, " pm", 3) == 0 ||
		    strncmp(q, " am", 3) == 0))
			continue;
		if (*q == ' ')
			q++;
		if (strncmp(q, "pm", 2) == 0 && h < 12)
			h += 12;
		else if (strncmp(q, "am", 2) == 0 && h == 12)
			h = 0;
		return h * 60 + m;
	}
	return -1;
}

/* The lone number 1..99 of s ("le 2", "n 2"), -1 none, -2 several. */
static int
find_number(const char *s)
{
	const char	*p = s, *q;
	int		 v, found = -1, k;

	while (*p != '\0') {
		if (*p >= '0' && *p <= '9' && (p == s || p[-1] == ' ')) {
			q = p;
			k = digits2(&q, &v);
			if (k <= 2 && (*q == ' ' || *q == '\0')) {
				if (found != -1)
					return -2;
				found = v;
			}
			p = q;
			continue;
		}
		p++;
	}
	return found;
}

int
engine_parse_number(const char *text, size_t len)
{
	if (text == NULL)
		return -1;
	NORM(s, text, len);
	if (find_time(s) != -1 || engine_has_any(s, months))
		return -1;
	return find_number(s);
}

int
engine_parse_choice(const char *text, size_t len, const int *minutes,
    size_t n)
{
	size_t	 i;
	int	 t, v;

	if (text == NULL || n == 0)
		return -1;
	NORM(s, text, len);
	if ((t = find_time(s)) != -1) {
		if (minutes == NULL)
			return -1;
		for (i = 0; i < n; i++)
			if (minutes[i] == t)
				return (int)i;
		/* "2" after a 12-hour reading: 2 pm. */
		for (i = 0; i < n; i++)
			if (t < 12 * 60 && minutes[i] == t + 12 * 60)
				return (int)i;
		return -1;
	}
	if (engine_has_any(s, months))
		return -1;
	v = find_number(s);
	if (v >= 1 && (size_t)v <= n)
		return v - 1;
	if (v != -1)
		return -1;
	for (i = 0; i < sizeof(ordinals) / sizeof(ordinals[0]); i++)
		if (engine_has_word(s, ordinals[i].w) && (size_t)ordinals[i].i < n)
			return ordinals[i].i;
	if ((engine_has_word(s, "dernier") || engine_has_word(s, "derniere") ||
	    engine_has_word(s, "last")) && n > 0)
		return (int)n - 1;
	return -1;
}

/*
 * The number token at p (a word of normalised text): "2", or with an
 * ordinal's ending "2e", "2eme", "2nd", "3rd", "1er", "1st" (*ord set).
 * Its value, or -1.
 */
static int
token_number(const char *p, int *ord)
{
	static const char *const suf[] = { "", "e", "eme", "er", "ere",
	    "st", "nd", "rd", "th", NULL };
	const char	*q = p;
	size_t		 i, k;
	int		 v;

	if (digits2(&q, &v) == 0 || (q - p) > 2)
		return -1;
	for (i = 0; suf[i] != NULL; i++) {
		k = strlen(suf[i]);
		if (strncmp(q, suf[i], k) == 0 &&
		    (q[k] == ' ' || q[k] == '\0')) {
			*ord = i > 0;
			return v;
		}
	}
	return -1;
}

int
engine_parse_option(const char *text, size_t len, size_t n, int hour)
{
	static const struct {
		const char	*w;
		int		 v;
	} words[] = {
		{ "premier", 1 }, { "premiere", 1 }, { "first", 1 },
		{ "deuxieme", 2 }, { "second", 2 }, { "troisieme", 3 },
		{ "third", 3 }, { "quatrieme", 4 }, { "fourth", 4 },
		{ "cinquieme", 5 }, { "fifth", 5 },
	};
	const char	*p;
	int		 v[16], ord[16], o, found = -1, at = -1;
	size_t		 i, k = 0;

	if (text == NULL || n == 0)
		return -1;
	NORM(s, text, len);
	if (engine_has_any(s, months))
		return -1;
	for (p = s; *p != '\0' && k < 16; p++)
		if ((p == s || p[-1] == ' ') &&
		    (v[k] = token_number(p, &o)) >= 0)
			ord[k++] = o;
	/* the clock time's own digits, the last ones: "à 11", "10 am" */
	for (i = 0; i < k; i++)
		if (!ord[i] && (v[i] == hour || (hour > 12 && v[i] == hour - 12)))
			at = (int)i;
	for (i = 0; i < k; i++) {
		/* its minutes: "11 30" */
		if ((int)i == at || (at >= 0 && (int)i == at + 1 && !ord[i] &&
		    v[i] < 60))
			continue;
		if (found != -1)
			return -1;
		found = v[i];
	}
	for (i = 0; found == -1 && i < sizeof(words) / sizeof(words[0]); i++)
		if (engine_has_word(s, words[i].w))
			found = words[i].v;
	return found >= 1 && (size_t)found <= n ? found - 1 : -1;
}

/*
 * 1 when the amount w is when something is, not by how much it moves:
 * "dans une semaine", "in a week", "il y a deux jours", "a week ago".
 */
static int
in_span(const char *s, const char *w)
{
	char	 p[64];

	snprintf(p, sizeof(p), "dans %s", w);
	if (engine_has_word(s, p))
		return 1;
	snprintf(p, sizeof(p), "in %s", w);
	if (engine_has_word(s, p))
		return 1;
	snprintf(p, sizeof(p), "y a %s", w);
	if (engine_has_word(s, p))
		return 1;
	snprintf(p, sizeof(p), "%s ago", w);
	if (engine_has_word(s, p))
		return 1;
	snprintf(p, sizeof(p), "for %s", w);
	return engine_has_word(s, p);
}

/* Amounts of time said in words, minutes. */
static const struct {
	const char	*w;
	int		 min;
} shift_amounts[] = {
	{ "une heure et demie", 90 }, { "1 heure et demie", 90 },
	{ "an hour and a half", 90 }, { "one hour and a half", 90 },
	{ "hour and a half", 90 }, { "1h30", 90 }, { "1 h 30", 90 },
	{ "demi heure", 30 }, { "half an hour", 30 }, { "half hour", 30 },
	{ "quart d heure", 15 }, { "quarter of an hour", 15 },
	{ "quarter hour", 15 }, { "une heure", 60 }, { "1 heure", 60 },
	{ "an hour", 60 }, { "one hour", 60 }, { "1 hour", 60 },
	{ "1hr", 60 }, { "1 hr", 60 }, { "1h", 60 }, { "1 h", 60 },
	{ "deux heures", 120 }, { "2 heures", 120 }, { "two hours", 120 },
	{ "2 hours", 120 }, { "2h", 120 }, { "2 hrs", 120 },
	{ "trois heures", 180 }, { "3 heures", 180 }, { "three hours", 180 },
	{ "3 hours", 180 },
	/* "put it back a week", "repoussez-le d'une semaine" */
	{ "deux semaines", 14 * 1440 }, { "2 semaines", 14 * 1440 },
	{ "quinze jours", 14 * 1440 }, { "15 jours", 14 * 1440 },
	{ "two weeks", 14 * 1440 }, { "2 weeks", 14 * 1440 },
	{ "a fortnight", 14 * 1440 }, { "une semaine", 7 * 1440 },
	{ "1 semaine", 7 * 1440 }, { "huit jours", 7 * 1440 },
	{ "8 jours", 7 * 1440 }, { "a week", 7 * 1440 },
	{ "one week", 7 * 1440 }, { "1 week", 7 * 1440 },
	{ "un jour", 1440 }, { "a day", 1440 }, { "one day", 1440 },
	{ "deux jours", 2 * 1440 }, { "2 jours", 2 * 1440 },
	{ "two days", 2 * 1440 }, { "2 days", 2 * 1440 },
};
static const char *const shift_later[] = { "plus tard", "later",
	"back", "retarder", "reculer", "repousser", "decaler", "apres",
	"after", NULL };
static const char *const shift_earlier[] = { "plus tot", "earlier",
	"forward", "avancer", "avant", "before", "sooner", NULL };

int
engine_parse_shift(const char *text, size_t len)
{
	size_t	 i;
	int	 v, min = 0, later, earlier;

	if (text == NULL)
		return 0;
	NORM(s, text, len);
	for (i = 0; i < sizeof(shift_amounts) / sizeof(shift_amounts[0]); i++)
		if (engine_has_word(s, shift_amounts[i].w) &&
		    !in_span(s, shift_amounts[i].w)) {
			min = shift_amounts[i].min;
			break;
		}
	/* "30 min", "45 minutes", "20 mins" */
	for (i = 0; min == 0 && s[i] != '\0'; i++) {
		const char *q = s + i;

		if ((i > 0 && s[i - 1] != ' ') || digits2(&q, &v) == 0)
			continue;
		if ((strncmp(q, " min", 4) == 0 || strncmp(q, "min", 3) == 0) &&
		    v >= 5 && v <= 90)
			min = v;
	}
	if (min == 0)
		return 0;
	later = engine_has_any(s, shift_later);
	earlier = engine_has_any(s, shift_earlier);
	if (earlier)
		return -min;
	return later ? min : 0;
}

static const char *const yes_words[] = { "oui", "ouais", "ok", "okay",
	"yes", "yep", "yeah", "sure", "confirme", "confirm", "confirmer",
	"confirmed", "daccord", "parfait", "parfaitement", "exactement",
	"absolument", "volontiers", "go", "bien sur", "d accord",
	"c est bon", "cest bon", "ca marche", "that s fine", "perfect",
	"great", "correct", "of course", "please do", "vas y", "allez y",
	NULL };
static const char *const no_words[] = { "non", "no", "nope", "nan",
	"pas du tout", "surtout pas", "not", "don t", "dont", "annule",
	"never mind", "laisse tomber", NULL };

int
engine_parse_yesno(const char *text, size_t len)
{
	int	 y, n;

	if (text == NULL)
		return -1;
	NORM(s, text, len);
	y = engine_has_any(s, yes_words);
	n = engine_has_any(s, no_words);
	if (y && !n)
		return 1;
	if (n && !y)
		return 0;
	/* "non merci" / "no thanks": a no; "oui non" stays unclear. */
	if (n && y && (engine_has_word(s, "non merci") || engine_has_word(s, "no thanks")))
		return 0;
	return -1;
}

int
engine_parse_recap_question(const char *text, size_t len)
{
	static const char *const dur[] = { "combien de temps", "duree",
	    "dure", "durera", "how long", "duration", "take long",
	    "takes long", "minutes", NULL };
	static const char *const price[] = { "prix", "tarif",
	    "tarifs", "coute", "cout", "couter", "how much", "price", "cost",
	    "costs", "prices", "pricing", "fees", "rates", "euros", "eur", "fee",
	    "rembourse", NULL };
	static const char *const who[] = { "avec qui", "with who",
	    "with whom", "who with", "who will i see", "who will i be seeing",
	    "who am i seeing", "who am i with", "who is it with",
	    "who s it with", "who will it be with", "which dentist",
	    "which doctor", "which physio", "quel dentiste", "quel docteur",
	    "quel medecin", "quel kine", "quelle dentiste", "qui je vois",
	    "je vois qui", "je serai avec qui", "same dentist", "same doctor",
	    "same physio", "meme dentiste", "meme docteur", "meme medecin",
	    "meme kine", "meme praticien", NULL };
	int	 what = 0;

	if (text == NULL)
		return 0;
	NORM(s, text, len);
	if (engine_has_any(s, dur))
		what |= ENGINE_ASK_DURATION;
	if (engine_has_any(s, who))
		what |= ENGINE_ASK_WHO;
	/* "combien" asks a price unless each one is "combien de temps"
	 * ("c'est combien et ça dure combien de temps ?" asks both) */
	if (engine_has_any(s, price) || word_count(s, "combien") >
	    word_count(s, "combien de temps"))
		what |= ENGINE_ASK_PRICE;
	return what;
}

int
engine_parse_recap_later(const char *text, size_t len)
{
	static const char *const later[] = { "annuler", "annulation",
	    "annule", "decaler", "deplacer", "reporter", "modifier",
	    "changer de date", "changer d horaire", "cancel", "cancelling",
	    "canceling", "cancellation", "reschedule", "rescheduling",
	    "postpone", "move it", "change it", "change the date",
	    "change the time", NULL };

	if (text == NULL)
		return 0;
	NORM(s, text, len);
	return engine_has_any(s, later);
}

enum engine_remind
engine_parse_remind(const char *text, size_t len)
{
	if (text == NULL)
		return ENGINE_REMIND_NONE;
	NORM(s, text, len);
	if (has_prefix(s, "annul") || has_prefix(s, "cancel") ||
	    engine_has_word(s, "pourrai pas") || engine_has_word(s, "can t come") ||
	    engine_has_word(s, "cannot come"))
		return ENGINE_REMIND_CANCEL;
	if (has_prefix(s, "deplac") || has_prefix(s, "decal") ||
	    has_prefix(s, "report") || has_prefix(s, "move") ||
	    has_prefix(s, "resched") || has_prefix(s, "chang") ||
	    has_prefix(s, "modif") || engine_has_word(s, "autre horaire") ||
	    engine_has_word(s, "another time"))
		return ENGINE_REMIND_MOVE;
	if (engine_parse_yesno(text, len) == 1 || has_prefix(s, "confirm") ||
	    engine_has_word(s, "je serai la") || engine_has_word(s, "i ll be there") ||
	    engine_has_word(s, "j y serai"))
		return ENGINE_REMIND_CONFIRM;
	return ENGINE_REMIND_NONE;
}

/* How to reach the clinic: parking, transport, lift, wheelchair. */
static const char *const access_words[] = { "parking", "car park",
	"to park", "park my", "park the", "park near", "park nearby",
	"park outside", "can i park", "where do i park", "where can i park",
	"park there", "park close", "se garer", "me garer", "nous garer", "garer",
	"stationner", "stationnement", "metro", "transports en commun",
	"transport en commun", "public transport", "ascenseur", "lift",
	"elevator", "escalier", "escaliers", "stairs", "fauteuil roulant",
	"wheelchair", "accessible", "accessibilite", "pmr", "poussette",
	"pushchair", "stroller", NULL };

int
engine_parse_info(const char *text, size_t len)
{
	int	 f = 0;

	if (text == NULL)
		return 0;
	NORM(s, text, len);
	if (has_prefix(s, "horaire") || has_prefix(s, "ouver") ||
	    has_prefix(s, "ouvert") || has_prefix(s, "ferm") ||
	    engine_has_word(s, "hours") || engine_has_word(s, "open") ||
	    engine_has_word(s, "opening") || engine_has_word(s, "close") ||
	    engine_has_word(s, "closed") || engine_has_word(s, "quelle heure"))
		f |= ENGINE_INFO_HOURS;
	if (has_prefix(s, "adress") || has_prefix(s, "addres") ||
	    engine_has_word(s, "ou etes") || engine_has_word(s, "etes ou") ||
	    engine_has_word(s, "ou se trouve") || engine_has_word(s, "where") ||
	    engine_has_word(s, "situe") || engine_has_word(s, "acces") ||
	    engine_has_word(s, "venir") || engine_has_word(s, "parking"))
		f |= ENGINE_INFO_ADDRESS;
	if (engine_has_any(s, access_words))
		f |= ENGINE_INFO_ACCESS | ENGINE_INFO_ADDRESS;
	if (has_prefix(s, "telephon") || engine_has_word(s, "numero") ||
	    engine_has_word(s, "phone") || engine_has_word(s, "call") ||
	    engine_has_word(s, "appeler") || engine_has_word(s, "tel"))
		f |= ENGINE_INFO_PHONE;
	return f;
}

static const char *const other_words[] = { "mon fils", "ma fille",
	"mon enfant", "mes enfants", "mes deux enfants", "mes 2 enfants",
	"mes fils", "mes filles", "nos enfants", "mon mari", "ma femme",
	"mon epoux",
	"mon epouse", "ma mere", "mon pere", "mon bebe", "quelqu un d autre",
	"une autre personne", "autre personne", "pour lui", "pour elle",
	"my son", "my daughter", "my child", "my kid", "my kids",
	"my two kids", "my 2 kids", "my children", "my two children",
	"my 2 children", "my sons", "my daughters", "our kids",
	"our children", "my wife",
	"my husband", "my mother", "my father", "my baby", "someone else",
	"another person", "for him", "for her", NULL };

/* Relatives said with a possessive a few words before ("my elderly
 * father", "ma petite maman", "our youngest son"), each language's
 * nouns after its own possessives ("son" is "his" in French). */
static const char *const relative_fr[] = { "fils", "fille", "filles",
	"enfant", "enfants", "mari", "femme", "epoux", "epouse", "mere",
	"pere", "maman", "papa", "bebe", "conjoint", "conjointe", "compagnon",
	"compagne", "frere", "soeur", "grand mere", "grand pere", "mamie",
	"papy", "papi", "neveu", "niece", "belle mere", "beau pere",
	"petit fils", "petite fille", "cousin", "cousine", "oncle", "tante",
	"garcon", "garcons", "jumeaux", "jumelles", "gamin", "gamins",
	"gamine", "petits", "petites", "loulou", "loulous", NULL };
static const char *const relative_en[] = { "son", "sons", "daughter",
	"daughters", "child", "children", "kid", "kids", "wife", "husband",
	"mother", "father", "mum", "mom", "mam", "mummy", "mommy", "dad",
	"daddy", "baby", "partner", "brother", "sister", "grandmother",
	"grandfather", "grandma", "grandpa", "nan", "nana", "granny",
	"grandson", "granddaughter", "nephew", "niece", "stepson",
	"stepdaughter", "uncle", "aunt", "boy", "boys", "girl", "girls",
	"lad", "lads", "twins", "little ones", "kiddo", "kiddos", "little one",
	"toddler", "teenager", "father in law", "mother in law", NULL };
/* "son frère", "her brother": a relative of the person just talked
 * about is someone else too */
static const char *const possessive_fr[] = { "mon", "ma", "mes", "notre",
	"nos", "son", "sa", "ses", "leur", "leurs", NULL };
static const char *const possessive_en[] = { "my", "our", "his", "her",
	"their", NULL };
static const char *const behalf_words[] = { "on behalf of",
	"de la part de",
	/* the writer said as someone's parent: "je suis la maman de Inès" */
	"maman de", "mere de", "papa de", "pere de", "parent de",
	"grand mere de", "grand pere de", "mamie de", "papi de",
	"mum of", "mom of", "mother of", "dad of", "father of", "parent of",
	"grandmother of", "grandfather of", "nan of", "grandad of", NULL };

/* The word of list that begins at p (a word start), its length or 0. */
static size_t
word_of(const char *p, const char *const *list)
{
	size_t	 i, k;

	for (i = 0; list[i] != NULL; i++) {
		k = strlen(list[i]);
		if (strncmp(p, list[i], k) == 0 && (p[k] == ' ' || p[k] == '\0'))
			return k;
	}
	return 0;
}

/* 1 when s (normalised) holds a possessive then, within the next
 * three words, a relative noun of its language. */
static int
possessive_relative(const char *s)
{
	const char		*p, *q;
	const char *const	*nouns;
	size_t			 k;
	int			 words;

	for (p = s; *p != '\0'; p++) {
		if (p != s && p[-1] != ' ')
			continue;
		if ((k = word_of(p, possessive_fr)) != 0)
			nouns = relative_fr;
		else if ((k = word_of(p, possessive_en)) != 0)
			nouns = relative_en;
		else
			continue;
		for (q = p + k, words = 0; words < 3 && *q == ' '; words++) {
			q++;
			if (word_of(q, nouns) != 0)
				return 1;
			while (*q != '\0' && *q != ' ')
				q++;
		}
	}
	return 0;
}

int
engine_parse_someone_else(const char *text, size_t len)
{
	if (text == NULL)
		return 0;
	NORM(s, text, len);
	return engine_has_any(s, other_words) ||
	    engine_has_any(s, behalf_words) || possessive_relative(s);
}

static const char *const human_words[] = { "parler a un humain",
	"parler a quelqu un", "parler au secretariat", "parler a la secretaire",
	"parler a une personne", "une vraie personne", "un etre humain",
	"un humain", "parler a un conseiller", "real person", "a human",
	"speak to someone", "talk to someone", "speak to a person",
	"talk to a person", "the receptionist", "a receptionist",
	"speak to the office", "call me back", "rappelez moi", NULL };

/*
 * "je préfère parler directement à quelqu'un du cabinet", "can I talk
 * with somebody at reception", "put me through to the desk": a verb of
 * speaking, then within four words someone of the clinic.  1 when so.
 */
static int
speak_to_someone(const char *s)
{
	static const char *const verb[] = { "parler", "parle", "discuter",
	    "joindre", "speak", "talk", "chat", "through", NULL };
	static const char *const who[] = { "quelqu un", "une personne",
	    "humain", "humaine", "secretaire", "secretariat", "accueil",
	    "reception", "receptionist", "conseiller", "conseillere",
	    "someone", "somebody", "a person", "human", "staff",
	    "l equipe", "the team", "the desk", "the office", NULL };
	const char	*p, *q;
	size_t		 i, k, w;

	for (i = 0; verb[i] != NULL; i++)
		for (p = s; (p = strstr(p, verb[i])) != NULL; p++) {
			if ((p != s && p[-1] != ' ') ||
			    (p[strlen(verb[i])] != ' '))
				continue;
			q = p + strlen(verb[i]);
			for (w = 0; w < 5 && *q == ' '; w++) {
				for (k = 0; who[k] != NULL; k++)
					if (strncmp(q + 1, who[k],
					    strlen(who[k])) == 0 &&
					    (q[1 + strlen(who[k])] == ' ' ||
					    q[1 + strlen(who[k])] == '\0'))
						return 1;
				q = strchr(q + 1, ' ');
				if (q == NULL)
					break;
			}
		}
	return 0;
}

int
engine_parse_human(const char *text, size_t len)
{
	if (text == NULL)
		return 0;
	NORM(s, text, len);
	return engine_has_any(s, human_words) || speak_to_someone(s);
}

static const char *const anyone_words[] = { "n importe", "peu importe",
	"importe qui", "indifferent", "pas de preference", "anyone",
	"any", "whoever", "no preference", "doesn t matter",
	"don t mind", "le premier disponible", "first available", NULL };

int
engine_parse_anyone(const char *text, size_t len)
{
	if (text == NULL)
		return 0;
	NORM(s, text, len);
	return engine_has_any(s, anyone_words);
}

/*
 * 1 when text asks for another practitioner than the one being
 * discussed: "un autre dentiste", "l'autre docteur", "a different
 * dentist", "the other doctor", "changer de kiné".
 */
int
engine_parse_other_prac(const char *text, size_t len)
{
	static const char *const other[] = { "un autre", "une autre",
	    "l autre", "another", "a different", "the other", "different",
	    "changer de", "change", "switch", NULL };
	static const char *const who[] = { "dentiste", "dentist", "docteur",
	    "docteure", "doctor", "dr", "medecin", "praticien", "praticienne",
	    "practitioner", "physio", "physiotherapist", "kine",
	    "kinesitherapeute", "osteo", "osteopathe", "osteopath",
	    "hygienist", "hygieniste", "gp", "doc", NULL };
	char	 ph[64];
	size_t	 i, k;

	if (text == NULL)
		return 0;
	NORM(s, text, len);
	for (i = 0; other[i] != NULL; i++)
		for (k = 0; who[k] != NULL; k++) {
			snprintf(ph, sizeof(ph), "%s %s", other[i], who[k]);
			if (engine_has_word(s, ph))
				return 1;
		}
	return 0;
}

static const char *const day_words[] = { "lundi", "mardi", "mercredi",
	"jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "demain",
	"tomorrow", "aujourd hui", "today", "semaine", "week", "jours",
	"days", NULL };

int
engine_parse_weekday(const char *text, size_t len)
{
	static const char *const wd[] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche", "monday", "tuesday",
	    "wednesday", "thursday", "friday", "saturday", "sunday" };
	size_t	 k;
	int	 found = -1;

	if (text == NULL)
		return -1;
	NORM(s, text, len);
	for (k = 0; k < sizeof(wd) / sizeof(wd[0]); k++) {
		if (!engine_has_word(s, wd[k]))
			continue;
		if (found != -1 && found != (int)(k % 7))
			return -1;
		found = (int)(k % 7);
	}
	return found;
}

int
engine_parse_dayword(const char *text, size_t len)
{
	if (text == NULL)
		return 0;
	NORM(s, text, len);
	return engine_has_any(s, day_words) || engine_has_any(s, months);
}

/* 1 when the word of folded s ending just before s + i (one space
 * between) is one of list. */
static int
word_before(const char *s, size_t i, size_t pn, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == pn && i > pn &&
		    strncmp(s + i - pn - 1, *list, pn) == 0)
			return 1;
	return 0;
}

int
engine_bare_hour(const char *s, const char *const *before, int max)
{
	size_t	 i, n, pn = 0;
	int	 h = 0, found = 0;

	for (i = 0; s[i] != '\0'; pn = n, i += n) {
		while (s[i] == ' ')
			i++;
		for (n = 0; s[i + n] != '\0' && s[i + n] != ' '; n++)
			;
		if (n == 0 || strspn(s + i, "0123456789") == 0)
			continue;
		if (strspn(s + i, "0123456789") < n || n > 2 || found++)
			return -1;
		if (before != NULL && !word_before(s, i, pn, before))
			return -1;
		h = s[i] - '0';
		if (n == 2)
			h = h * 10 + s[i + 1] - '0';
		if (before == NULL)
			break;
	}
	if (!found || h < 1 || h > max)
		return -1;
	return h < 8 ? h + 12 : h;
}
