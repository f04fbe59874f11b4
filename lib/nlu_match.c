/*
 * nlu_match — find the clinic's practitioners and treatments in a message,
 * tolerant of case, accents, titles and small typos. Only names from the
 * clinic's own lists come out.
 */
#include <string.h>

#include "nlu_int.h"

#define MATCH_WORDS	6

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Titles before a practitioner's name, folded. */
static const char *const titles[] = {
	"dr", "dre", "docteur", "docteure", "doctor", "doctoresse", "doc",
	"pr", "prof", "professeur", "mme", "mr", "mrs", "ms", "madame",
	"monsieur", "dentiste", "drs", "mlle", "mademoiselle", "miss",
	"kine", "kinesitherapeute", "osteo", "osteopathe", "osteopath",
	"physio", "physiotherapist", "therapist", "therapeute",
	/* roles said before a name: "the nurse Helen", "l'infirmière" */
	"nurse", "infirmiere", "infirmier", "hygienist", "hygieniste",
	"dentist", "midwife", "physiotherapeute",
};

/*
 * Names that are also ordinary words of the messages: a practitioner
 * called so is found only after a title, with both names, or after a
 * cue ("avec", "with"...). A message word listed here is never taken
 * for a misspelt name either.
 */
static const char *const common_names[] = {
	/* French */
	"petit", "petite", "blanc", "blanche", "rose", "pierre", "martin",
	"roux", "brun", "brune", "noir", "vert", "grand", "gros", "bon",
	"bonne", "fort", "leger", "marchand", "boucher", "boulanger",
	"berger", "meunier", "chevalier", "lion", "loup", "renard", "roy",
	"roi", "page", "moulin", "fontaine", "bois", "riviere", "lac",
	"prince", "croix", "colombe", "olive", "olivier", "laurier", "aime",
	"joli", "jolie", "beau", "belle", "blond", "blonde", "court", "long",
	"claire", "clair", "france", "aurore", "constance", "prudence",
	"patience", "celeste", "ange", "capucine", "marine", "rive", "vigne",
	"mai", "juin", "avril", "fleur", "soleil", "lune", "matin", "soir",
	"noel", "pascal", "august", "auguste", "mars",
	"cote", "gagne", "poirier", "bonnet", "clement", "roche", "barbier",
	"charpentier", "masse", "poulain", "carre", "couture", "sauvage",
	"paris",
	/* English */
	"may", "will", "hope", "grant", "grace", "young", "wood", "woods",
	"stone", "hill", "brown", "green", "white", "black", "gray", "grey",
	"king", "bell", "cook", "baker", "miller", "little", "rich", "sharp",
	"strong", "best", "child", "love", "joy", "faith", "lily", "daisy",
	"june", "april", "summer", "winter", "spring", "fox", "wolf", "bird",
	"swan", "drake", "frank", "mark", "bill", "pat", "sue", "jack",
	"bob", "rob", "art", "ray", "dawn", "iris", "ivy", "holly", "pearl",
	"ruby", "amber", "jade", "hunter", "mason", "price", "cash", "chase",
	"hall", "lane", "field", "brook", "rivers", "ford", "bush", "moss",
	"marsh", "hardy", "moody", "noble", "wise", "swift", "bright",
	"street", "ward", "dean", "north", "west", "south", "east", "park",
	"parks", "banks", "major", "long", "short", "rose", "hart", "hunt",
	"fish", "gold", "silver", "day", "christmas", "easter", "guy",
	"sunny", "free", "early", "late", "well", "good", "fine",
	/* ordinary words a typo away from a treatment ("contre" is not
	 * "contrôle") */
	"contre", "centre", "contact", "content", "contente", "contrat",
	"central", "courant", "couronner", "message", "messages",
	"passage", "montage", "mariage", "dossier", "dossiers",
};

/* Words just before a name that say a person is meant. */
static const char *const person_cues[] = {
	"avec", "with", "chez", "voir", "see", "aupres", "consulter",
	"by", "prefere", "prefer",
};

/* Words before a first name that say it is someone else's. */
static const char *const kin_words[] = {
	"fille", "fils", "femme", "mari", "enfant", "enfants", "bebe",
	"frere", "soeur", "mere", "pere", "maman", "papa", "niece", "neveu",
	"daughter", "son", "wife", "husband", "child", "kid", "baby",
	"brother", "sister", "mother", "father", "mum", "mom", "dad",
	"petit", "petite", "copain", "copine", "ami", "amie", "friend",
	"appelle", "name", "nom", "prenom", "suis", "am", "im",
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
	{ "consult", "consultation" },
	{ "braces", "orthodontie" },
	{ "orthodontics", "orthodontie" },
	{ "crown", "couronne" },
	{ "cap", "crown" },		/* "a cap on my molar" */
	{ "caps", "crown" },
	{ "implants", "implant" },
	{ "xray", "radiographie" },
	{ "radio", "radiographie" },
	{ "rehab", "rehabilitation" },
	{ "broches", "orthodontie" },	/* Québec: braces */
	{ "aligners", "invisalign" },
	{ "aligner", "invisalign" },
	{ "yearly", "annual" },
	{ "follow", "suivi" },		/* "a follow-up" for "Suivi" */
	{ "followup", "suivi" },
	{ "suivi", "follow" },		/* "un suivi" for "Follow-up" */
	{ "op", "operatoire" },		/* post-op */
	{ "operation", "operatoire" },
	{ "surgery", "operatoire" },
	{ "op", "surgery" },
	{ "operation", "surgery" },
	{ "operatoire", "surgery" },
	{ "respi", "respiratoire" },	/* "kiné respi" */
	{ "assess", "assessment" },	/* "can someone assess it" */
	{ "assessed", "assessment" },
	{ "evaluer", "evaluation" },
	{ "bronches", "respiratoire" },	/* "de la kiné pour les bronches" */
	{ "bronchiolite", "respiratoire" },
	{ "poumons", "respiratoire" },
	{ "respiratory", "respiratoire" },
	{ "bronchiolitis", "respiratory" },
	{ "bronchiolitis", "respiratoire" },
	{ "bronchiolite", "respiratory" },
	{ "lungs", "respiratory" },
	{ "respiratoire", "respiratory" },
	{ "massage", "massotherapie" },	/* "un massage" */
	{ "massages", "massotherapie" },
	{ "enceinte", "grossesse" },	/* "je suis enceinte" */
	{ "pregnant", "pregnancy" },
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
 * Words of treatment names that alone say nothing about which treatment
 * is meant ("ma séance", "come back", "my cat is sick", "check with my
 * boss"), folded: a name found by one such word only is not found.
 */
static const char *const generic[] = {
	"seance", "seances", "session", "sessions", "soin", "soins",
	"traitement", "treatment", "visite", "visit", "rendez", "appointment",
	"test", "tests", "back", "check", "sick", "note", "dry", "follow",
	"up", "health", "emergency", "urgence", "physical", "annual",
	"annuel", "initial", "initiale", "sport", "sports", "sportif",
	"sportive", "dental", "dentaire", "medical", "medicale", "therapy",
	"therapie", "general", "generale", "simple", "first", "premiere",
	"new", "nouveau", "pain", "douleur", "care", "quick", "rapide",
	"post", "pre", "short", "long", "court", "longue", "tooth", "teeth",
	"dent", "dents",
	/* the profession said of the visit ("my physio next week", "en
	 * sortant de la kiné") or of the people ("any female GPs?") names
	 * none of its treatments ("Post-natal physio", "Kiné
	 * respiratoire"); "see a GP" still is the GP's consultation */
	"physio", "physios", "kine", "kines", "gps",
};

/*
 * Parts of the body, French and English words of one part on one line
 * (folded, blank-separated): "pour mon genou", "for my knee" ask for the
 * clinic's treatment of that part ("Rééducation du genou", "Knee rehab").
 */
static const char *const body_parts[] = {
	" genou genoux knee knees ",
	" epaule epaules shoulder shoulders ",
	" hanche hanches hip hips ",
	" dos lombaires lombaire back lumbar ",
	" cheville chevilles ankle ankles ",
	" cou nuque cervicales cervical neck ",
	" poignet poignets wrist wrists ",
	" coude coudes elbow elbows ",
	" pied pieds foot feet ",
	" main mains hand hands ",
	" jambe jambes leg legs ",
	" bras arm arms ",
	" perinee perineale perineal pelvic ",
	" machoire jaw ",
};

/* The line of body_parts[] that word w is on, or -1. */
static int
body_part(const char *w)
{
	char	 b[NLU_WORD_MAX + 2];
	size_t	 k, n = strlen(w);

	if (n == 0 || n + 3 > sizeof(b))
		return -1;
	b[0] = ' ';
	memcpy(b + 1, w, n);
	b[n + 1] = ' ';
	b[n + 2] = '\0';
	for (k = 0; k < NELEM(body_parts); k++)
		if (strstr(body_parts[k], b) != NULL)
			return (int)k;
	return -1;
}

/* Is w a word that names no treatment by itself (generic, body part)? */
static int
weak_word(const char *w)
{
	return in_list(w, generic, NELEM(generic)) || body_part(w) >= 0;
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
		while (*p == ' ' || *p == '.')
			p++;
		for (q = p; *q != '\0' && *q != ' ' && *q != '.'; q++)
			;
		l = (size_t)(q - p);
		if (l == 0)
			break;
		nlu_copy(w[n], NLU_WORD_MAX, p, l);
		if (drop_titles && in_list(w[n], titles, NELEM(titles)))
			continue;
		/* "O'Neill", "D'Amico": the elided "o", "d" is no word */
		if (drop_titles && l == 1)
			continue;
		if (drop_minor && in_list(w[n], minor, NELEM(minor)))
			continue;
		n++;
	}
	return n;
}

/*
 * Does message word m match name word c? Exact always; typos allowed by
 * length: after a title, on names of 3 letters or more; after a cue
 * ("avec", "with"), on names of 5 or more; otherwise on names of 6 or
 * more, and never when m is itself an ordinary word; the first letter
 * kept unless the name has 8 letters or more.
 * Returns 2 exact, 1 fuzzy, 0 no.
 */
static int
word_match(const char *m, const char *c, int ctx)
{
	size_t	 lc = strlen(c);
	int	 max = 0;

	if (strcmp(m, c) == 0)
		return 2;
	if (ctx == 2)
		max = lc >= 6 ? 2 : lc >= 3 ? 1 : 0;
	else if (ctx == 1)
		max = lc >= 8 ? 2 : lc >= 5 ? 1 : 0;
	else if (m[0] != c[0] || strlen(m) < 6 ||
	    in_list(m, common_names, NELEM(common_names)))
		max = 0;	/* "matin" is not "Martin" */
	else
		max = lc >= 8 ? 2 : lc >= 6 ? 1 : 0;
	/* a typo keeps the length within a letter: "fort" is not "Lefort" */
	if (strlen(m) + 1 < lc || strlen(m) > lc + 1)
		return 0;
	/* and seldom hits the first letter: "physio after" is not the
	 * physio Carter */
	if (m[0] != c[0] && lc < 8)
		return 0;
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
	return i > 0 && in_list(dc->t[i - 1].w, titles, NELEM(titles));
}

/* Words just after a name that say a person is meant ("Summer is
 * free", "does Will have", "Rose est dispo", "Marc a-t-il"). */
static const char *const person_after[] = {
	"have", "has", "available", "free", "working", "dispo",
	"disponible", "libre", "travaille",
};

/*
 * Is token i preceded by a cue that a person is meant ("avec"), or
 * followed by one, written with a capital inside the sentence?
 */
static int
cued_at(const struct nlu_doc *dc, size_t i)
{
	size_t	 e;

	if (i > 0 && dc->t[i - 1].kind == NLU_TK_WORD &&
	    in_list(dc->t[i - 1].w, person_cues, NELEM(person_cues)))
		return 1;
	if (i == 0 || i + 1 >= dc->n || !dc->t[i].cap ||
	    (dc->t[i - 1].kind == NLU_TK_PUNCT &&
	    strchr(".!?", dc->t[i - 1].w[0]) != NULL))
		return 0;
	/* "c'est Olivier qui me soigne", "Sam who usually sees me" */
	if (nlu_seq(dc, i + 1, "qui me", &e) || nlu_seq(dc, i + 1, "qui m",
	    &e) || nlu_seq(dc, i + 1, "who usually", &e) ||
	    nlu_seq(dc, i + 1, "who sees me", &e) ||
	    nlu_seq(dc, i + 1, "who treats me", &e) ||
	    nlu_seq(dc, i + 1, "who looks after me", &e))
		return 1;
	if (i + 2 < dc->n && nlu_tok_is(dc, i + 1, "a") &&
	    nlu_tok_is(dc, i + 2, "t"))
		return 1;
	if (i + 2 < dc->n && (nlu_tok_is(dc, i + 1, "is") ||
	    nlu_tok_is(dc, i + 1, "est")))
		i++;
	return dc->t[i + 1].kind == NLU_TK_WORD &&
	    in_list(dc->t[i + 1].w, person_after, NELEM(person_after));
}

/* Can token i be a name (an unused word of letters)? */
static int
free_word(const struct nlu_doc *dc, size_t i)
{
	return i < dc->n && dc->t[i].kind == NLU_TK_WORD &&
	    dc->t[i].alpha && !dc->t[i].used;
}

/* A practitioner's name, split once per message. */
struct pname {
	char	 w[MATCH_WORDS][NLU_WORD_MAX];	/* first name first */
	size_t	 n;
	int	 common_last;	/* the last name is an ordinary word */
	int	 common_first;	/* the first name is */
};

/*
 * Score practitioner name p at token i, whose context ctx is 2 after a
 * title, 1 after a cue, else 0; 0 = no match. Both names together score
 * most, then a name after a title or a cue, then a bare last name, then
 * a bare first name written with a capital. A name that is an ordinary
 * word needs both names, a title, or a cue and a capital ("with Will"
 * but not "with wood").
 */
/* Is word i part of a hyphenated name ("Anne-Laure", "Jean-Martin")? */
static int
hyphen_joined(const struct nlu_doc *dc, size_t i)
{
	return (i + 2 < dc->n && dc->t[i + 1].kind == NLU_TK_PUNCT &&
	    dc->t[i + 1].w[0] == '-' && !dc->t[i + 1].sp &&
	    !dc->t[i + 2].sp) || (i >= 2 && dc->t[i - 1].kind ==
	    NLU_TK_PUNCT && dc->t[i - 1].w[0] == '-' && !dc->t[i - 1].sp &&
	    !dc->t[i].sp);
}

/*
 * Is token i the name after an elided "O'" or "D'" ("O'Neill")? The
 * one-letter token just before it is joined to it by an apostrophe.
 */
static int
elided_before(const struct nlu_doc *dc, size_t i)
{
	const struct nlu_tok *o;

	if (i == 0)
		return 0;
	o = &dc->t[i - 1];
	return o->kind == NLU_TK_WORD && strlen(o->w) == 1 &&
	    (o->w[0] == 'o' || o->w[0] == 'd') && dc->t[i].so > o->eo &&
	    dc->t[i].so - o->eo <= 3 && !(dc->text[o->eo] == ' ');
}

/*
 * A first name in two parts joined by a hyphen ("Marie-Ève") at token
 * i: 1 when tokens i, '-', i + 2 are the practitioner's first two
 * name words, and the name has a third (the last name).
 */
static int
compound_first(const struct nlu_doc *dc, size_t i, const struct pname *p)
{
	return p->n >= 3 && i + 2 < dc->n && free_word(dc, i + 2) &&
	    dc->t[i + 1].kind == NLU_TK_PUNCT && dc->t[i + 1].w[0] == '-' &&
	    !dc->t[i + 1].sp && !dc->t[i + 2].sp &&
	    strcmp(dc->t[i].w, p->w[0]) == 0 &&
	    strcmp(dc->t[i + 2].w, p->w[1]) == 0;
}

/*
 * 1 when a word of kin comes before the first name at token i: "ma
 * fille Julie", "le mari de Julie", "the wife of Ben".
 */
static int
kin_before(const struct nlu_doc *dc, size_t i)
{
	if (i == 0)
		return 0;
	if (in_list(dc->t[i - 1].w, kin_words, NELEM(kin_words)))
		return 1;
	return i >= 2 && (nlu_tok_is(dc, i - 1, "de") ||
	    nlu_tok_is(dc, i - 1, "d") || nlu_tok_is(dc, i - 1, "of")) &&
	    in_list(dc->t[i - 2].w, kin_words, NELEM(kin_words));
}

/* Weekdays and months, folded: written with a capital, not names. */
static const char *const calendar_words[] = {
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
	"dimanche", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "janvier", "fevrier", "mars", "avril", "mai",
	"juin", "juillet", "aout", "septembre", "octobre", "novembre",
	"decembre", "january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december",
};

/* Is token k a free word written with a capital, no weekday or month? */
static int
cap_word(const struct nlu_doc *dc, size_t k)
{
	return free_word(dc, k) && (dc->t[k].cap || dc->t[k].allcap) &&
	    strlen(dc->t[k].w) >= 2 &&
	    !in_list(dc->t[k].w, calendar_words, NELEM(calendar_words)) &&
	    !in_list(dc->t[k].w, titles, NELEM(titles)) &&
	    !in_list(dc->t[k].w, person_cues, NELEM(person_cues));
}

/*
 * 1 when the practitioner's first name at token i is part of someone
 * else's full name: another capitalised word follows it ("Marie Dupont"
 * for Dr Marie Leal), or a surname in capitals comes before ("DUPONT
 * Marie").
 */
static int
other_full_first(const struct nlu_doc *dc, size_t i, const struct pname *p)
{
	size_t	 k = i + 1;

	if (cap_word(dc, k) && word_match(dc->t[k].w, p->w[p->n - 1], 1) == 0)
		return 1;
	/* "Marie D.": an initial */
	if (k + 1 < dc->n && dc->t[k].kind == NLU_TK_WORD &&
	    dc->t[k].cap && strlen(dc->t[k].w) == 1 &&
	    dc->t[k + 1].kind == NLU_TK_PUNCT && dc->t[k + 1].w[0] == '.')
		return 1;
	/* "Dupont (Marie)", "DUPONT Marie" */
	k = i;
	if (k >= 2 && dc->t[k - 1].kind == NLU_TK_PUNCT &&
	    dc->t[k - 1].w[0] == '(')
		k--;
	return k > 0 && (dc->t[k - 1].allcap || k < i) &&
	    cap_word(dc, k - 1) &&
	    word_match(dc->t[k - 1].w, p->w[p->n - 1], 1) == 0;
}

/*
 * 1 when token i - 1 is the word of the practitioner's own name just
 * before the last ("Le" of "Dr Yannick Le Goff", "van" of "Eva van
 * Dijk"): the surname's particle, not someone's first name.
 */
static int
particle_of(const struct nlu_doc *dc, size_t i, const struct pname *p)
{
	return p->n >= 3 && i >= 1 && dc->t[i - 1].kind == NLU_TK_WORD &&
	    strlen(p->w[p->n - 2]) <= 4 &&
	    strcmp(dc->t[i - 1].w, p->w[p->n - 2]) == 0;
}

/*
 * 1 when the practitioner's last name at token i, named without a title,
 * follows another first name written with a capital inside a sentence
 * ("je suis Luc Martin" for Paul Martin).
 */
static int
other_full_last(const struct nlu_doc *dc, size_t i, const struct pname *p)
{
	size_t	 k;

	if (i < 2 || !cap_word(dc, i - 1) || dc->t[i - 1].allcap ||
	    strcmp(dc->t[i - 1].w, p->w[0]) == 0 || particle_of(dc, i, p))
		return 0;
	k = i - 2;
	/* "Bonjour Martin": a word opening a sentence is no first name */
	if (dc->t[k].kind == NLU_TK_WORD)
		return 1;
	/* "… Monday at 2? Greta Lindqvist": two words with capitals that
	 * sign the message after a sentence end are someone's name */
	if (strchr("?.!", dc->t[k].w[0]) == NULL)
		return 0;
	for (k = i + 1; k < dc->n; k++)
		if (dc->t[k].kind != NLU_TK_PUNCT)
			return 0;
	return 1;
}

static int
score_at(const struct nlu_doc *dc, size_t i, const struct pname *p,
    int ctx, size_t *end)
{
	const char	*last = p->w[p->n - 1], *m = dc->t[i].w;
	int		 a, b;

	if (!free_word(dc, i))
		return 0;
	/* "le docteur Le Goff": the title is before the particle */
	if (ctx == 0 && particle_of(dc, i, p) && titled_at(dc, i - 1))
		ctx = 2;
	*end = i + 1;
	if (p->n >= 2 && free_word(dc, i + 1)) {
		*end = i + 2;
		if ((a = word_match(m, p->w[0], 1)) > 0 &&
		    (b = word_match(dc->t[i + 1].w, last, 1)) > 0 &&
		    (a + b >= 3 || ctx > 0))
			return 8 + a + b;
		if ((a = word_match(m, last, 1)) > 0 &&
		    (b = word_match(dc->t[i + 1].w, p->w[0], 1)) > 0 &&
		    a + b >= 3)
			return 8 + a + b;
		*end = i + 1;
	}
	/* "Marie-Ève" for "Dre Marie-Ève Gagnon": a first name, with a
	 * capital or after a title or a cue. */
	if (compound_first(dc, i, p)) {
		*end = i + 3;
		return ctx > 0 ? 5 : dc->t[i].cap ? 3 : 0;
	}
	/* One word of a compound name is not that practitioner's name. */
	if (hyphen_joined(dc, i))
		return 0;
	if (ctx == 2 || (ctx == 1 && (!p->common_last || dc->t[i].cap))) {
		if ((a = word_match(m, last, ctx)) > 0)
			return 4 + a;
	}
	/* a bare last name; misspelt only when written with a capital
	 * ("morceau" is not "Moreau") */
	if (ctx == 0 && !p->common_last && (a = word_match(m, last, 0)) > 0 &&
	    (a == 2 || dc->t[i].cap) && !other_full_last(dc, i, p))
		return 1 + a;
	if (p->n < 2 || (ctx < 2 && other_full_first(dc, i, p)))
		return 0;
	if ((ctx == 2 || (ctx == 1 && (!p->common_first || dc->t[i].cap))) &&
	    strcmp(m, p->w[0]) == 0)
		return 5;
	if (ctx == 0 && !p->common_first && dc->t[i].cap &&
	    strcmp(m, p->w[0]) == 0 && !kin_before(dc, i))
		return 2;
	return 0;
}

/*
 * Is the practitioner's name at token i ruled out ("pas avec le Dr
 * Leal", "anyone but Dr Leal", "quelqu'un d'autre que le docteur Leal",
 * "instead of Dr Leal", "au lieu du Dr Leal")? The words between the
 * cue and the name may be an article or a title.
 */
static int
negated_at(const struct nlu_doc *dc, size_t i)
{
	static const char *const skip[] = { "le", "la", "l", "the", "du",
	    "de", "d", "a", "an" };
	/* the cue's last word, and the word that must come before it
	 * (NULL: any) */
	static const struct { const char *w, *before; } cue[] = {
		{ "not", NULL }, { "pas", NULL }, { "sauf", NULL },
		{ "except", NULL }, { "excepte", NULL },
		{ "avec", "pas" }, { "chez", "pas" }, { "with", "not" },
		{ "with", "t" }, { "see", "t" }, { "voir", "pas" },
		{ "but", "anyone" }, { "but", "anybody" },
		{ "want", "t" }, { "than", "other" }, { "than", "rather" },
		{ "que", "autre" }, { "que", "plutot" }, { "of", "instead" },
		{ "lieu", "au" }, { "place", "la" }, { "hormis", NULL },
		{ "plus", "veux" },
	};
	size_t	 k, j;

	for (k = 0; k < 3 && i > 0; k++) {
		j = i - 1;
		if (dc->t[j].kind == NLU_TK_PUNCT && dc->t[j].w[0] == '.' &&
		    j > 0)
			j--;
		if (dc->t[j].kind != NLU_TK_WORD)
			return 0;
		if (!in_list(dc->t[j].w, skip, NELEM(skip)) &&
		    !in_list(dc->t[j].w, titles, NELEM(titles)))
			break;
		i = j;
	}
	if (i == 0 || dc->t[i - 1].kind != NLU_TK_WORD)
		return 0;
	j = i - 1;
	for (k = 0; k < NELEM(cue); k++) {
		if (strcmp(dc->t[j].w, cue[k].w) != 0)
			continue;
		if (cue[k].before == NULL)
			return 1;
		if (j > 0 && strcmp(dc->t[j - 1].w, cue[k].before) == 0)
			return 1;
	}
	return 0;
}

/*
 * The best practitioner of list at a place of the message that is
 * ruled out (avoid 1) or not (avoid 0): its index, or -1 (none, or a
 * tie of two). *bi, *bend: the tokens it spans.
 */
static int
best_practitioner(struct nlu_doc *dc, const char *const *list, size_t n,
    int avoid, size_t *bi, size_t *bend)
{
	struct pname	 p;
	unsigned char	 ctx[NLU_MAX_TOK];
	size_t		 i, j, k, end;
	int		 sc, bsc = 0, tie = 0, best = -1;

	for (i = 0; i < dc->n && i < NLU_MAX_TOK; i++) {
		j = elided_before(dc, i) ? i - 1 : i;
		ctx[i] = titled_at(dc, j) ? 2 : cued_at(dc, j) ? 1 : 0;
	}
	for (k = 0; k < n; k++) {
		if (list[k] == NULL || (p.n = split(list[k], p.w, 1, 0)) == 0)
			continue;
		p.common_last = in_list(p.w[p.n - 1], common_names,
		    NELEM(common_names));
		p.common_first = in_list(p.w[0], common_names,
		    NELEM(common_names));
		for (i = 0; i < dc->n && i < NLU_MAX_TOK; i++) {
			if ((sc = score_at(dc, i, &p, ctx[i], &end)) == 0 ||
			    negated_at(dc, i) != avoid)
				continue;
			if (sc > bsc) {
				bsc = sc;
				best = (int)k;
				*bi = i;
				*bend = end;
				tie = 0;
			} else if (sc == bsc && best != (int)k)
				tie = 1;
		}
	}
	return tie ? -1 : best;
}

int
nlu_find_avoided(struct nlu_doc *dc, const char *const *list, size_t n)
{
	size_t	 bi = 0, bend = 0;

	if (list == NULL)
		return -1;
	return best_practitioner(dc, list, n, 1, &bi, &bend);
}

/*
 * The canonical practitioner the message names, or NULL (none or
 * ambiguous: two practitioners with the same best score; a name ruled
 * out, "pas avec le Dr Leal", is none). The tokens matched, and those
 * of a name ruled out, are marked used.
 */
const char *
nlu_find_practitioner(struct nlu_doc *dc, const char *const *list, size_t n)
{
	size_t	 i, bi = 0, bend = 0;
	int	 k;

	if (list == NULL)
		return NULL;
	if ((k = best_practitioner(dc, list, n, 1, &bi, &bend)) >= 0)
		for (i = bi; i < bend; i++)
			dc->t[i].used = 1;
	if ((k = best_practitioner(dc, list, n, 0, &bi, &bend)) < 0)
		return NULL;
	for (i = bi; i < bend; i++)
		dc->t[i].used = 1;
	return list[k];
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
 * Kinds of treatment common to many clinics. A clinic's treatment is of
 * a kind when a word of its name is one of the kind's words; the kind's
 * lay phrases then name it. The display names serve patients who write
 * in the other language than the treatment's name.
 */
enum kind {
	K_CLEAN = 0, K_CHECK, K_EXTRACT, K_WHITE, K_FILL, K_VACC, K_PHYSIO,
	K_OSTEO, K_CONSULT, K_CERT, K_RENEW, K_BLOOD, K_REHAB, K_ORTHO,
	K_ROOT, K_SMEAR, K_DENTURE, K_TELE, K_MASSAGE, K_URGENT, K_ECG,
	K_BP, K_SURG, K_XRAY, K_NEEDLE, K_STITCH,
	K__MAX
};

static const struct {
	const char	*fr_words;	/* folded words of French names */
	const char	*en_words;	/* folded words of English names */
	const char	*fr;		/* its name for French patients */
	const char	*en;		/* its name for English patients */
} kinds[K__MAX] = {
	{ " detartrage nettoyage ",
	  " cleaning scaling scale hygiene hygienist ",
	  "Détartrage", "Cleaning" },			/* K_CLEAN */
	{ " controle bilan examen evaluation ",
	  " check checkup exam examination assessment ",
	  "Contrôle", "Check-up" },			/* K_CHECK */
	{ " extraction avulsion ", " extraction removal ",
	  "Extraction", "Extraction" },			/* K_EXTRACT */
	{ " blanchiment ", " whitening bleaching ",
	  "Blanchiment", "Whitening" },			/* K_WHITE */
	{ " plombage carie caries obturation ", " filling fillings cavity ",
	  "Plombage", "Filling" },			/* K_FILL */
	{ " vaccination vaccinations vaccin vaccins ",
	  " vaccination vaccinations vaccine vaccines immunisation "
	  "immunisations immunization immunizations jab jabs shots ",
	  "Vaccination", "Vaccination" },		/* K_VACC */
	{ " kinesitherapie kine physiotherapie ", " physiotherapy physio ",
	  "Kinésithérapie", "Physiotherapy" },		/* K_PHYSIO */
	{ " osteopathie osteo ", " osteopathy ",
	  "Ostéopathie", "Osteopathy" },		/* K_OSTEO */
	{ " consultation ", " consultation consult ",
	  "Consultation", "Consultation" },		/* K_CONSULT */
	{ " certificat ", " certificate note ",
	  "Certificat médical", "Medical certificate" },	/* K_CERT */
	{ " renouvellement ordonnance ", " renewal prescription repeat ",
	  "Renouvellement d'ordonnance", "Prescription renewal" }, /* K_RENEW */
	{ " sang sanguin ", " blood ",
	  "Prise de sang", "Blood test" },		/* K_BLOOD */
	{ " reeducation ", " rehabilitation rehab ",
	  "Rééducation", "Rehabilitation" },		/* K_REHAB */
	{ " orthodontie orthodontique appareil ",
	  " orthodontics orthodontic braces invisalign aligner aligners ",
	  "Orthodontie", "Orthodontics" },		/* K_ORTHO */
	{ " devitalisation endodontie ", " root endodontic ",
	  "Dévitalisation", "Root canal" },		/* K_ROOT */
	{ " frottis ", " smear pap ",
	  "Frottis", "Smear test" },			/* K_SMEAR */
	{ " prothese dentier ", " denture dentures ",
	  "Prothèse dentaire", "Dentures" },		/* K_DENTURE */
	{ " teleconsultation visio ", " video teleconsultation telehealth ",
	  "Téléconsultation", "Video consultation" },	/* K_TELE */
	{ " massage massages massotherapie ", " massage massages massotherapy ",
	  "Massage", "Massage" },			/* K_MASSAGE */
	/* asked for by name only ("an emergency appointment") */
	{ " urgence urgences ", " emergency emergencies urgent ",
	  "Urgence", "Emergency appointment" },		/* K_URGENT */
	{ " electrocardiogramme ecg ", " ecg ekg electrocardiogram ",
	  "Électrocardiogramme", "ECG" },		/* K_ECG */
	{ " tension ", " pressure ",
	  "Prise de tension", "Blood pressure check" },	/* K_BP */
	{ " chirurgie ", " surgery ",
	  "Petite chirurgie", "Minor surgery" },	/* K_SURG */
	{ " radiographie radio radios ",
	  " xray xrays ray rays radiograph radiography ",
	  "Radiographie", "X-ray" },			/* K_XRAY */
	{ " puncture ", " needling ",
	  "Puncture sèche", "Dry needling" },		/* K_NEEDLE */
	{ " points sutures suture ", " stitches stitch sutures suture ",
	  "Ablation de points", "Stitches removal" },	/* K_STITCH */
};

/*
 * Built-in lay phrases, folded: words in order, "w*" any word starting
 * with w, " ~ " up to two words of any kind between.
 */
static const struct {
	enum kind	 k;
	const char	*p;
} lay[] = {
	{ K_CLEAN, "detartr*" },		/* détartrage, détartrer */
	{ K_CLEAN, "nettoyage" },
	{ K_CLEAN, "nettoy* ~ dents" },
	{ K_CLEAN, "tartre" },
	{ K_CLEAN, "cleaning" },
	{ K_CLEAN, "cleaned" },
	{ K_CLEAN, "clean ~ teeth" },
	{ K_CLEAN, "teeth clean*" },
	{ K_CLEAN, "scale and polish" },
	{ K_CLEAN, "scale and clean" },
	{ K_CLEAN, "scaling" },
	{ K_CLEAN, "hygienist" },
	{ K_CHECK, "controle" },
	{ K_CHECK, "bilan dentaire" },
	{ K_CHECK, "visite de controle" },
	{ K_CHECK, "check up" },		/* also "check-up" */
	{ K_CHECK, "checkup" },
	{ K_CHECK, "check ups" },		/* two people: "check-ups" */
	{ K_CHECK, "checkups" },
	{ K_CHECK, "controles" },
	{ K_CHECK, "exams" },
	{ K_CLEAN, "cleanings" },
	{ K_CHECK, "routine check*" },
	{ K_CHECK, "dental exam*" },
	{ K_CHECK, "exam" },
	{ K_CHECK, "examination" },
	{ K_CHECK, "check ~ teeth" },		/* "check my teeth" */
	{ K_CHECK, "teeth checked" },
	{ K_CHECK, "verifier ~ dents" },
	{ K_CHECK, "controler ~ dents" },
	{ K_EXTRACT, "arrach*" },		/* arracher, arraché */
	{ K_EXTRACT, "extrai*" },		/* extraire */
	{ K_EXTRACT, "extraction" },
	{ K_EXTRACT, "enlever ~ dent*" },
	{ K_EXTRACT, "retirer ~ dent*" },
	{ K_EXTRACT, "enlever ~ sagesse" },
	{ K_EXTRACT, "dent* de sagesse" },
	{ K_EXTRACT, "tooth pulled" },
	{ K_EXTRACT, "teeth pulled" },
	{ K_EXTRACT, "pull ~ tooth" },
	{ K_EXTRACT, "pull ~ teeth" },
	{ K_EXTRACT, "taken out" },
	{ K_EXTRACT, "wisdom tooth" },
	{ K_EXTRACT, "wisdom teeth" },
	{ K_EXTRACT, "extract*" },
	{ K_EXTRACT, "remove ~ tooth" },
	{ K_EXTRACT, "tooth removal" },
	{ K_WHITE, "blanchi*" },		/* blanchir, blanchiment */
	{ K_WHITE, "dents plus blanches" },
	{ K_WHITE, "dents blanches" },
	{ K_WHITE, "whiten*" },
	{ K_WHITE, "bleach*" },
	{ K_WHITE, "whiter teeth" },
	{ K_WHITE, "teeth whiter" },
	{ K_WHITE, "dents ~ plus blanches" },
	{ K_FILL, "carie*" },
	{ K_FILL, "plombage*" },
	{ K_FILL, "plomber" },
	{ K_FILL, "obturation" },
	{ K_FILL, "filling*" },
	{ K_FILL, "cavity" },
	{ K_FILL, "cavities" },
	{ K_VACC, "vaccin*" },		/* vaccin, vacciner, vaccinated */
	{ K_VACC, "jab" },
	{ K_VACC, "jabs" },
	{ K_VACC, "flu shot" },
	{ K_VACC, "covid shot" },
	{ K_VACC, "booster" },
	{ K_VACC, "immunisation" },
	{ K_VACC, "immunization" },
	{ K_PHYSIO, "kine" },
	{ K_PHYSIO, "kines*" },		/* kinésithérapie, kinésithérapeute */
	{ K_PHYSIO, "physio*" },		/* physio, physiotherapy */
	{ K_PHYSIO, "physical therapy" },
	{ K_MASSAGE, "massage*" },		/* "un massage" for Massothérapie */
	{ K_MASSAGE, "masso*" },
	{ K_OSTEO, "osteo" },
	{ K_OSTEO, "osteopath*" },
	{ K_CONSULT, "consultation" },
	{ K_CONSULT, "consulter" },
	{ K_CERT, "certificat*" },		/* certificat, certificate */
	{ K_CERT, "cert" },			/* "a medical cert" */
	{ K_CERT, "certif" },
	{ K_CERT, "sick note" },
	{ K_CERT, "papier ~ sport" },		/* "un papier pour le sport" */
	{ K_CERT, "note for school" },
	{ K_CERT, "form for ~ sport*" },
	{ K_CERT, "fit note" },
	{ K_CERT, "doctor s note" },
	{ K_RENEW, "renouvel*" },		/* renouveler, renouvellement */
	{ K_RENEW, "ordonnance" },
	{ K_RENEW, "repeat prescription" },
	{ K_RENEW, "renew ~ prescription" },
	{ K_RENEW, "prescription" },
	{ K_BLOOD, "prise de sang" },
	{ K_BLOOD, "analyse* de sang" },
	{ K_BLOOD, "bilan sanguin" },
	{ K_BLOOD, "blood test*" },
	{ K_BLOOD, "blood work" },
	{ K_REHAB, "reeducation" },
	{ K_REHAB, "rehab*" },
	{ K_REHAB, "reeduc" },
	{ K_FILL, "trou dans ~ dent*" },	/* un trou dans une dent */
	{ K_FILL, "hole in ~ tooth" },
	{ K_FILL, "hole in ~ teeth" },
	{ K_FILL, "plomb" },		/* "j'ai perdu un plomb" */
	{ K_FILL, "plombs" },
	{ K_FILL, "plombe*" },		/* plombé, plombée; not plombier */
	{ K_VACC, "piqure* ~ grippe" },	/* piqûre contre la grippe */
	{ K_VACC, "vaccin* ~ grippe" },
	{ K_VACC, "flu jab*" },
	{ K_VACC, "flu vaccine" },
	{ K_VACC, "tetanos" },
	{ K_VACC, "tetanus" },
	{ K_CERT, "arret de travail" },		/* sick note */
	{ K_CERT, "arret maladie" },
	{ K_CERT, "attestation" },
	{ K_CERT, "note for work" },
	{ K_CLEAN, "polish" },
	{ K_CLEAN, "deep clean*" },
	{ K_BLOOD, "bloods" },
	{ K_BLOOD, "blood draw" },
	{ K_RENEW, "refill" },
	{ K_RENEW, "my meds" },
	{ K_RENEW, "mes medicaments" },
	{ K_ORTHO, "appareil* dentaire*" },	/* also "les appareils dentaires" */
	{ K_ORTHO, "appareil ~ dents" },
	{ K_ORTHO, "bagues" },
	{ K_ORTHO, "broches" },
	{ K_ORTHO, "braces" },
	{ K_ORTHO, "orthodont*" },
	{ K_ORTHO, "aligner*" },
	{ K_ORTHO, "invisalign" },
	{ K_ORTHO, "gouttiere*" },
	{ K_ORTHO, "straighten*" },
	{ K_ROOT, "devitalis*" },
	{ K_ROOT, "traitement de canal" },
	{ K_ROOT, "root canal" },
	{ K_SMEAR, "frottis" },
	{ K_SMEAR, "smear*" },
	{ K_SMEAR, "pap test" },
	{ K_SMEAR, "cervical screening" },
	{ K_DENTURE, "prothese* dentaire*" },
	{ K_DENTURE, "dentier*" },
	{ K_DENTURE, "denture*" },
	{ K_DENTURE, "false teeth" },
	{ K_TELE, "teleconsult*" },
	{ K_TELE, "visio*" },
	{ K_TELE, "video consult*" },
	{ K_URGENT, "emergency appointment*" },	/* its English name */
	{ K_URGENT, "urgent appointment*" },
	{ K_URGENT, "emergency visit*" },
	{ K_URGENT, "rendez vous d urgence" },
	{ K_URGENT, "rdv d urgence" },
	{ K_URGENT, "emergency slot*" },	/* "my emergency slot" */
	{ K_URGENT, "urgent slot*" },
	{ K_URGENT, "creneau* d urgence" },
	{ K_BLOOD, "bloodwork" },
	{ K_BLOOD, "blood panel" },
	{ K_RENEW, "script" },			/* "a new script" */
	{ K_RENEW, "scripts" },
	{ K_ROOT, "nerve treatment" },
	{ K_ROOT, "traitement ~ nerf" },	/* traitement du nerf */
	{ K_ROOT, "kill ~ nerve" },
	{ K_WHITE, "whiter" },			/* "a few shades whiter" */
	{ K_WHITE, "plus blanches" },
	{ K_ORTHO, "mon appareil" },		/* at a dental clinic */
	{ K_ORTHO, "son appareil" },
	{ K_ORTHO, "ton appareil" },
	{ K_CLEAN, "a clean" },			/* "due a clean" */
	{ K_CLEAN, "nettoyer" },
	/* a tooth and what to do with it, in either order and up to
	 * ten words apart ("une dent à enlever", "la retirer", "a tooth
	 * that needs to come out") */
	{ K_EXTRACT, "dent ^ enlev*" },
	{ K_EXTRACT, "dent ^ l enlever" },
	{ K_EXTRACT, "dent ^ retir*" },
	{ K_EXTRACT, "dents ^ enlev*" },
	{ K_EXTRACT, "dents ^ retir*" },
	{ K_EXTRACT, "dent ^ la retirer" },
	{ K_EXTRACT, "tooth ^ come out" },
	/* a tooth, a molar "out": "I need a tooth out" */
	{ K_EXTRACT, "need ~ tooth out" },
	{ K_EXTRACT, "need ~ molar out" },
	{ K_EXTRACT, "need ~ teeth out" },
	{ K_EXTRACT, "want ~ tooth out" },
	{ K_EXTRACT, "want ~ molar out" },
	{ K_EXTRACT, "get ~ tooth out" },
	{ K_EXTRACT, "have ~ tooth out" },
	/* a hole in a tooth: "une dent qui a un trou", "a hole in one of
	 * my back teeth" */
	{ K_FILL, "dent qui a un trou" },
	{ K_FILL, "dent avec un trou" },
	{ K_FILL, "molaire qui a un trou" },
	{ K_FILL, "molaire avec un trou" },
	{ K_FILL, "hole in ^ tooth" },
	{ K_FILL, "hole in ^ teeth" },
	{ K_FILL, "hole in ^ molar*" },
	/* a prescription renewed: "get the pill renewed", "my repeat" */
	{ K_RENEW, "renew*" },
	{ K_RENEW, "my repeat" },
	{ K_RENEW, "repeat for" },
	{ K_VACC, "flu shot*" },
	{ K_VACC, "covid shot*" },
	{ K_VACC, "booster shot*" },
	{ K_VACC, "their shots" },
	{ K_VACC, "his shots" },
	{ K_VACC, "her shots" },
	{ K_VACC, "my shots" },
	/* straightening teeth: braces */
	{ K_ORTHO, "redress* ~ dents" },
	{ K_ORTHO, "dents ^ redress*" },
	{ K_ORTHO, "aligner ~ dents" },
	{ K_ORTHO, "dents de travers" },
	{ K_ORTHO, "crooked teeth" },
	{ K_ORTHO, "teeth ^ straight*" },
	/* a paper from the doctor for a club or school */
	{ K_CERT, "papier du medecin" },
	{ K_CERT, "papier du docteur" },
	{ K_CERT, "papier ^ club" },
	{ K_CERT, "papier ^ foot" },
	{ K_CERT, "papier ^ ecole" },
	{ K_CERT, "mot du medecin" },
	{ K_CERT, "note from the doctor" },
	{ K_CERT, "form ^ club" },
	/* "a physical", "his yearly physical" (Physical exam) */
	{ K_CHECK, "a physical" },
	{ K_CHECK, "annual physical" },
	{ K_CHECK, "yearly physical" },
	{ K_CHECK, "my physical" },
	{ K_CHECK, "his physical" },
	{ K_CHECK, "her physical" },
	{ K_CHECK, "physical exam*" },
	/* an electrocardiogram */
	{ K_ECG, "electro" },
	{ K_ECG, "electro du coeur" },
	{ K_ECG, "electrocardio*" },
	{ K_ECG, "ecg" },
	{ K_ECG, "ekg" },
	{ K_ECG, "heart tracing" },
	{ K_ECG, "trace du coeur" },
	/* teeth to be looked at: "have the kids' teeth looked at",
	 * "faire regarder les dents de mon fils" */
	{ K_CHECK, "look* ^ teeth" },
	{ K_CHECK, "regard* ^ dents" },
	/* a check said by how often: "my six-monthly check", "my yearly
	 * check", "mon bilan de l'année", "le bilan annuel" */
	{ K_CHECK, "monthly check*" },
	{ K_CHECK, "yearly check*" },
	{ K_CHECK, "annual check*" },
	{ K_CHECK, "regular check*" },
	{ K_CHECK, "bilan" },
	{ K_CHECK, "bilan annuel" },
	{ K_CHECK, "bilan de l annee" },
	{ K_CHECK, "bilan de chaque annee" },
	/* an assessment: "faire évaluer ma cheville", "get my knee
	 * assessed" */
	{ K_CHECK, "faire evaluer" },
	{ K_CHECK, "assessed" },
	/* vaccines said as shots: "her 4 year shots", "the shots" */
	{ K_VACC, "shots" },
	/* one's blood pressure taken */
	{ K_BP, "blood pressure" },
	{ K_BP, "tension arterielle" },
	{ K_BP, "ma tension" },
	{ K_BP, "sa tension" },
	{ K_BP, "la tension" },
	{ K_BP, "prendre ~ tension" },
	/* a small growth of the skin removed (minor surgery): the growth
	 * alone may be only looked at */
	{ K_SURG, "grain* de beaute ^ enlev*" },
	{ K_SURG, "grain* de beaute ^ retir*" },
	{ K_SURG, "kyste* ^ enlev*" },
	{ K_SURG, "kyste* ^ retir*" },
	{ K_SURG, "mole* ^ remov*" },
	{ K_SURG, "cyst* ^ remov*" },
	{ K_SURG, "skin tag* ^ remov*" },
	{ K_SURG, "ongle* incarne*" },
	{ K_SURG, "ingrown* ~ nail*" },
	/* x-rays: "des radios des dents", "an x-ray" */
	{ K_XRAY, "x ray*" },
	{ K_XRAY, "xray*" },
	{ K_XRAY, "radio" },
	{ K_XRAY, "radios" },
	{ K_XRAY, "radiograph*" },
	{ K_XRAY, "panoramique" },
	{ K_XRAY, "panoramic" },
	/* dry needling as patients say it */
	{ K_NEEDLE, "needl*" },
	{ K_NEEDLE, "acupunct*" },
	{ K_NEEDLE, "aiguille*" },
	/* one's usual treatment prescribed again */
	{ K_RENEW, "represcri*" },
	{ K_RENEW, "traitement habituel" },
	{ K_RENEW, "usual medication*" },
	{ K_RENEW, "usual meds" },
	{ K_RENEW, "regular medication*" },
	/* stitches taken out: "qu'on m'enlève les fils", "retirer mes
	 * points", "get my stitches out" */
	{ K_STITCH, "enlev* ~ fils" },
	{ K_STITCH, "enlev* ~ points" },
	{ K_STITCH, "retir* ~ fils" },
	{ K_STITCH, "retir* ~ points" },
	{ K_STITCH, "ote* ~ fils" },
	{ K_STITCH, "ote* ~ points" },
	{ K_STITCH, "points de suture" },
	{ K_STITCH, "stitches out" },
	{ K_STITCH, "stitches ~ out" },
	{ K_STITCH, "stitches removed" },
	{ K_STITCH, "remov* ~ stitches" },
	{ K_STITCH, "take ~ stitches" },
	{ K_STITCH, "sutures out" },
	/* the teeth checked, said as a noun: "the teeth check", "a dental
	 * check" */
	{ K_CHECK, "teeth check*" },
	{ K_CHECK, "tooth check*" },
	{ K_CHECK, "dental check*" },
	/* a letter from the doctor: "a doctor's letter saying I'm fit",
	 * "une lettre du médecin" */
	{ K_CERT, "doctor s letter" },
	{ K_CERT, "gp s letter" },
	{ K_CERT, "letter from ~ doctor" },
	{ K_CERT, "letter from ~ gp" },
	{ K_CERT, "lettre du medecin" },
	{ K_CERT, "lettre du docteur" },
	{ K_CERT, "lettre ~ medecin" },
	/* "bp" for blood pressure: "a bp check", "check my bp" */
	{ K_BP, "bp check*" },
	{ K_BP, "bp test*" },
	{ K_BP, "bp reading*" },
	{ K_BP, "check ~ bp" },
	{ K_BP, "my bp" },
	{ K_BP, "prise de tension" },
	{ K_BP, "controle de tension" },
	{ K_BP, "controle ~ tension" },
};

/* Is word w (folded) one of the blank-separated words of set? */
static int
in_set(const char *set, const char *w)
{
	char	 b[NLU_WORD_MAX + 2];
	size_t	 n = strlen(w);

	if (n == 0 || n + 3 > sizeof(b))
		return 0;
	b[0] = ' ';
	memcpy(b + 1, w, n);
	b[n + 1] = ' ';
	b[n + 2] = '\0';
	return strstr(set, b) != NULL;
}

/* Is the treatment whose words are w (n of them) of kind k? */
static int
of_kind(char w[][NLU_WORD_MAX], size_t n, enum kind k)
{
	size_t	 j;

	for (j = 0; j < n; j++)
		if (in_set(kinds[k].fr_words, w[j]) ||
		    in_set(kinds[k].en_words, w[j]))
			return 1;
	return 0;
}

/*
 * How many words of a treatment's name (words w) say more than its kind
 * k: not the kind's own words, not generic ones ("Kiné respiratoire",
 * "Shoulder rehab" have one; "Séance de kinésithérapie" none).
 */
static size_t
specific_words(char w[][NLU_WORD_MAX], size_t nw, enum kind k)
{
	size_t	 j, n = 0;

	for (j = 0; j < nw; j++)
		n += !in_set(kinds[k].fr_words, w[j]) &&
		    !in_set(kinds[k].en_words, w[j]) &&
		    !in_list(w[j], generic, NELEM(generic));
	return n;
}

/*
 * The clinic's treatment of each kind into kt[]: the one with fewest
 * words saying more than the kind, then fewest words, or -1 (none, or
 * two alike).
 */
/* 1 when treatment name s is a first visit or a plain session. */
static int
entry_visit(const char *s)
{
	static const char *const entry[] = { "bilan", "assessment",
	    "evaluation", "seance", "session", "consultation", "initial",
	    "initiale", "examen", "exam" };
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 j, nw = split(s, w, 0, 1);

	for (j = 0; j < nw; j++)
		if (in_list(w[j], entry, NELEM(entry)))
			return 1;
	return 0;
}

static void
treatments_by_kind(const char *const *list, size_t n, int kt[K__MAX])
{
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 i, nw, rank, bn[K__MAX];
	int	 k, tie[K__MAX], many[K__MAX];

	for (k = 0; k < K__MAX; k++) {
		kt[k] = -1;
		tie[k] = 0;
		many[k] = 0;
		bn[k] = 0;
	}
	for (i = 0; list != NULL && i < n; i++) {
		if (list[i] == NULL || (nw = split(list[i], w, 0, 1)) == 0)
			continue;
		for (k = 0; k < K__MAX; k++) {
			if (!of_kind(w, nw, (enum kind)k))
				continue;
			/* rank: specific words first, then all words */
			rank = specific_words(w, nw, (enum kind)k) *
			    MATCH_WORDS + nw;
			many[k] |= kt[k] != -1;
			if (kt[k] == -1 || rank < bn[k]) {
				kt[k] = (int)i;
				bn[k] = rank;
				tie[k] = 0;
			} else if (rank == bn[k])
				tie[k] = 1;
		}
	}
	/* Of several treatments of a kind, one that says more than its
	 * kind ("Rééducation périnéale") is not what the kind's word
	 * alone names. */
	for (k = 0; k < K__MAX; k++)
		if (tie[k] || (many[k] && bn[k] >= MATCH_WORDS))
			kt[k] = -1;
	/* Nor is a physiotherapy for one kind of patient ("Post-natal
	 * physio"), even alone of its kind: "my physio appointments" are
	 * any; a first visit ("Bilan kiné", "Physiotherapy assessment")
	 * still is what the word alone asks for. */
	if (kt[K_PHYSIO] >= 0 && bn[K_PHYSIO] >= MATCH_WORDS &&
	    !entry_visit(list[kt[K_PHYSIO]]))
		kt[K_PHYSIO] = -1;
}

/* Is token i the end of a sentence (". ! ? ;")? */
static int
sentence_end(const struct nlu_doc *dc, size_t i)
{
	return dc->t[i].kind == NLU_TK_PUNCT &&
	    strchr(".!?;", dc->t[i].w[0]) != NULL;
}

/*
 * Are both phrases a and b (" ^ " in lay[]) in one sentence of the
 * message, in either order, at most 10 tokens apart? Returns 1 or 0.
 */
static int
both_near(const struct nlu_doc *dc, const char *a, const char *b)
{
	size_t	 i, j, e, lo, hi;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].used || !nlu_seq(dc, i, a, &e))
			continue;
		lo = i > 10 ? i - 10 : 0;
		hi = e + 10 < dc->n ? e + 10 : dc->n;
		for (j = i; j > lo && !sentence_end(dc, j - 1); j--)
			;
		for (; j < hi; j++) {
			if (j >= e && sentence_end(dc, j))
				break;
			if ((j < i || j >= e) && !dc->t[j].used &&
			    nlu_seq(dc, j, b, NULL))
				return 1;
		}
	}
	return 0;
}

/*
 * Is phrase p (see lay[]) in the message? Returns the number of its
 * words (the " ~ " gap not counted), or 0.
 */
static size_t
phrase_in(const struct nlu_doc *dc, const char *p)
{
	char		 a[128];
	const char	*gap, *rest;
	size_t		 i, e, e2, g, n = 1;

	for (rest = p; *rest != '\0'; rest++)
		n += *rest == ' ';
	if ((gap = strstr(p, " ^ ")) != NULL) {
		if ((size_t)(gap - p) >= sizeof(a))
			return 0;
		memcpy(a, p, (size_t)(gap - p));
		a[gap - p] = '\0';
		return both_near(dc, a, gap + 3) ? n - 1 : 0;
	}
	if ((gap = strstr(p, " ~ ")) != NULL) {
		if ((size_t)(gap - p) >= sizeof(a))
			return 0;
		memcpy(a, p, (size_t)(gap - p));
		a[gap - p] = '\0';
		p = a;
		n--;
	}
	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].used || !nlu_seq(dc, i, p, &e))
			continue;
		if (gap == NULL)
			return n;
		for (g = 0; g <= 2 && e + g < dc->n; g++)
			if (nlu_seq(dc, e + g, gap + 3, &e2))
				return n;
	}
	return 0;
}

/* A candidate treatment: index, words covered, and who said so. */
struct cand {
	int	 t;		/* index in the list, -1 none */
	int	 score;		/* words * 10 + source rank */
	int	 tie;		/* another treatment scored the same */
};

/* Keep treatment t when it scores more than c; equal scores tie. */
static void
cand_add(struct cand *c, int t, int score)
{
	if (t < 0 || score < c->score)
		return;
	if (score > c->score) {
		c->t = t;
		c->score = score;
		c->tie = 0;
	} else if (t != c->t)
		c->tie = 1;
}

/* The clinic's aliases found in the message (rank 2). */
static void
clinic_aliases(const struct nlu_doc *dc, const struct nlu_lists *l,
    struct cand *c)
{
	char	 f[NLU_VALUE_MAX * 2];
	size_t	 k, n;

	if (l->aliases == NULL)
		return;
	for (k = 0; k < l->naliases; k++) {
		if (l->aliases[k].text == NULL ||
		    l->aliases[k].treatment >= l->ntreatments)
			continue;
		nlu_fold(l->aliases[k].text, strlen(l->aliases[k].text), f,
		    sizeof(f));
		if (*f != '\0' && (n = phrase_in(dc, f)) > 0)
			cand_add(c, (int)l->aliases[k].treatment,
			    (int)n * 10 + 2);
	}
}

/* The built-in lay phrases found in the message (rank 1). */
static void
builtin_aliases(const struct nlu_doc *dc, const struct nlu_lists *l,
    struct cand *c)
{
	int	 kt[K__MAX];
	size_t	 k, n;

	treatments_by_kind(l->treatments, l->ntreatments, kt);

	for (k = 0; k < NELEM(lay); k++) {
		if (kt[lay[k].k] < 0)
			continue;	/* the clinic has none of that kind */
		if ((n = phrase_in(dc, lay[k].p)) > 0)
			cand_add(c, kt[lay[k].k], (int)n * 10 + 1);
	}
}

/*
 * The canonical names found in the message: a name matches when its
 * first significant word is found; complete names (every word found)
 * rank 3, the others are kept in *partial (most words wins).
 */
/*
 * Is word x of treatment k's name in no other treatment's name of list
 * (n entries)?
 */
static int
only_in(const char *const *list, size_t n, size_t k, const char *x)
{
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 i, j, nw;

	for (i = 0; i < n; i++) {
		if (i == k || list[i] == NULL)
			continue;
		nw = split(list[i], w, 0, 1);
		for (j = 0; j < nw; j++)
			if (strcmp(w[j], x) == 0)
				return 0;
	}
	return 1;
}

/*
 * Does message token i say something by itself: not a generic word or
 * a part of the body, or one after an indefinite article ("une séance",
 * "a session": asked for; "ma séance", "my back": not)?
 */
static int
strong_at(const struct nlu_doc *dc, size_t i)
{
	static const char *const indef[] = { "un", "une", "a", "an", "des",
	    "some" };
	static const char *const service[] = { "seance", "seances",
	    "session", "sessions", "soin", "soins", "traitement",
	    "treatment", "visite", "visit", "test", "check" };

	return !weak_word(dc->t[i].w) || (i > 0 && dc->t[i - 1].kind ==
	    NLU_TK_WORD && in_list(dc->t[i - 1].w, indef, NELEM(indef)) &&
	    in_list(dc->t[i].w, service, NELEM(service)));
}

/*
 * Is a treatment's name (words w) only a word for any booking
 * ("Appointment", "Rendez-vous")? Said in a message, such a word asks
 * for no treatment in particular.
 */
static int
booking_name(char w[][NLU_WORD_MAX], size_t nw)
{
	static const char *const booking[] = { "appointment", "appointments",
	    "rendez", "vous", "rdv", "booking", "appt", "visit" };
	size_t	 j;

	for (j = 0; j < nw; j++)
		if (!in_list(w[j], booking, NELEM(booking)))
			return 0;
	return 1;
}

/*
 * The canonical names found in the message. Complete names (every
 * word found) rank 3 in *c; names whose first word is found go to
 * *partial, unless only generic words were ("my cat is sick" is no
 * "Sick note"); names found by one of their own words only, a word no
 * other treatment has ("une couronne": "Pose de couronne"), rank below
 * those in *partial. With pass 1, complete names only.
 */
static void
canonical(const struct nlu_doc *dc, const char *const *list, size_t n,
    struct cand *c, struct cand *partial, int pass)
{
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 i, k, j, nw, f;
	int	 sc, head, strong, own;

	for (k = 0; k < n; k++) {
		if (list[k] == NULL || (nw = split(list[k], w, 0, 1)) == 0 ||
		    booking_name(w, nw))
			continue;
		sc = 0;
		head = 0;
		strong = 0;
		own = 0;
		if (nw > 1 && joined_at(dc, w, nw)) {
			cand_add(c, (int)k, (int)nw * 10 + 3);
			continue;
		}
		for (j = 0; j < nw; j++) {
			/* the word's first strong occurrence, else its
			 * first ("my lower back… a back session") */
			for (f = dc->n, i = 0; i < dc->n; i++) {
				if (dc->t[i].used || !treat_word(dc, i, w[j]))
					continue;
				if (f == dc->n)
					f = i;
				if (strong_at(dc, i)) {
					f = i;
					break;
				}
			}
			if (f == dc->n)
				continue;
			sc++;
			head |= j == 0;
			strong += strong_at(dc, f);
			own |= j > 0 && !own && !weak_word(dc->t[f].w) &&
			    !weak_word(w[j]) &&
			    strlen(w[j]) >= 5 && only_in(list, n, k, w[j]);
		}
		if ((size_t)sc == nw)
			cand_add(c, (int)k, sc * 10 + 3);
		else if (pass == 1)
			continue;
		else if (head && (sc >= 2 || strong > 0))
			cand_add(partial, (int)k, sc * 100 -
			    (int)(nw - (size_t)sc) * 10);
		else if (!head && own)
			cand_add(partial, (int)k, sc * 100 -
			    (int)(nw - (size_t)sc) * 10 - 50);
	}
}

/* Said just before a part of the body: "a stiff neck", "my sore knee". */
static const char *const sore[] = { "sore", "stiff", "bad", "painful",
	"achy", "dodgy", "injured", "twisted", "sprained", "frozen", "tight",
	"pulled", "locked" };

/*
 * Is the part of the body at token i one's own and said to hurt: "my
 * back's been sore", "mon épaule bloque", "j'ai le dos bloqué", "mal
 * au genou"? A possessive or "j'ai le" before it, a complaint word
 * within four words after it; or "mal au", "douleur à l'" before it.
 */
static int
body_complaint(const struct nlu_doc *dc, size_t i)
{
	static const char *const own[] = { "my", "mon", "ma", "mes" };
	static const char *const complaint[] = { "sore", "stiff", "hurts",
	    "hurt", "hurting", "aching", "aches", "ache", "painful", "pain",
	    "bloque", "bloquee", "bloques", "coince", "coincee", "barre",
	    "raide", "douleur", "douleurs", "mal", "locked", "stuck",
	    "twinge", "pulled", "tweaked", "injured", "blesse", "blessee",
	    "killing", "douloureux", "douloureuse", "fait", "font",
	    /* "my ankle's still wonky", "my knee keeps giving way" */
	    "wonky", "weak", "swollen", "unstable", "giving", "gonfle",
	    "gonflee", "instable" };
	static const char *const before[] = { "mal au", "mal a la",
	    "mal a l", "mal aux", "douleur au", "douleur a la",
	    "douleur a l", "douleurs au", "douleurs a la", "pain in my",
	    "ache in my", "j ai le", "j ai la", "j ai les", "i ve hurt my",
	    "i hurt my", "injured my", "twisted my", "pulled my",
	    "tordu le", "tordu la",
	    /* "une entorse à la cheville", "sprained my ankle" */
	    "entorse a la", "entorse au", "entorse a l", "entorse du",
	    "entorse de la", "foulure a la", "foulure au", "sprained my",
	    "rolled my", "sprain in my", "strained my" };
	size_t	 k, j, seen, e;

	if (i > 0 && in_list(dc->t[i - 1].w, sore, NELEM(sore)))
		return 1;
	/* a phrase of before[] ending just before i (at most 4 words) */
	for (k = 0; k < NELEM(before); k++)
		for (j = i > 4 ? i - 4 : 0; j < i; j++)
			if (nlu_seq(dc, j, before[k], &e) && e == i)
				return 1;
	if (i == 0 || !in_list(dc->t[i - 1].w, own, NELEM(own)))
		return 0;
	for (j = i + 1, seen = 0; j < dc->n && seen < 4; j++) {
		if (dc->t[j].kind != NLU_TK_WORD) {
			if (strchr(".!?;,", dc->t[j].w[0]) != NULL)
				return 0;
			continue;
		}
		seen++;
		if (in_list(dc->t[j].w, complaint, NELEM(complaint)))
			return 1;
	}
	return 0;
}

/*
 * Is token i a part of the body said as what to treat: after "pour" /
 * "for" (and a possessive or article), beside a session or therapy word
 * ("a back session", "une séance épaule", "knee physio", "la physio du
 * genou"), or, with complaint, one's own part said to hurt (see
 * body_complaint)? Returns the line of body_parts[] or -1.
 */
/*
 * 1 when "back" at token i is an adverb ("push my physio back to
 * Monday", "come back", "call me back"): a verb of moving or returning
 * within three words before it, or "to" / "a week" after it.
 */
static int
back_adverb(const struct nlu_doc *dc, size_t i)
{
	static const char *const verbs[] = { "push", "pushed", "pushing",
	    "put", "move", "moved", "bring", "set", "come", "coming",
	    "came", "go", "going", "get", "getting", "call", "ring", "text",
	    "write", "hear", "pay", "give", "send", "shift", "knock" };
	size_t	 k;

	if (strcmp(dc->t[i].w, "back") != 0)
		return 0;
	for (k = i; k > 0 && i - k < 3; k--)
		if (in_list(dc->t[k - 1].w, verbs, NELEM(verbs)))
			return 1;
	return i + 1 < dc->n && (strcmp(dc->t[i + 1].w, "to") == 0 ||
	    strcmp(dc->t[i + 1].w, "until") == 0 ||
	    strcmp(dc->t[i + 1].w, "till") == 0);
}

static int
body_asked(const struct nlu_doc *dc, size_t i, int complaint)
{
	static const char *const preps[] = { "pour", "for" };
	static const char *const dets[] = { "mon", "ma", "mes", "my", "son",
	    "sa", "ses", "his", "her", "their", "le", "la", "les", "l", "the",
	    "our", "notre", "nos" };
	static const char *const sess[] = { "session", "sessions", "seance",
	    "seances", "appointment", "treatment", "rdv", "rehab", "physio",
	    "kine", "physiotherapy", "physiotherapie", "kinesitherapie",
	    "reeducation", "reeduc", "therapy" };
	/* small words between a therapy and its part: "physio du genou",
	 * "physio on my shoulder" */
	static const char *const links[] = { "du", "de", "des", "d", "of",
	    "on", "for", "pour", "la", "le", "l", "my", "mon", "ma", "mes",
	    "the", "his", "her", "son", "sa", "ses" };
	size_t	 p = i, k;
	int	 part;

	if (dc->t[i].used || (part = body_part(dc->t[i].w)) < 0)
		return -1;
	if (back_adverb(dc, i))
		return -1;
	if ((i + 1 < dc->n && in_list(dc->t[i + 1].w, sess, NELEM(sess))) ||
	    (i > 0 && in_list(dc->t[i - 1].w, sess, NELEM(sess))))
		return part;	/* "a back session", "séance épaule" */
	for (k = i; k > 0 && i - k < 2 && in_list(dc->t[k - 1].w, links,
	    NELEM(links)); k--)
		if (k >= 2 && in_list(dc->t[k - 2].w, sess, NELEM(sess)))
			return part;
	/* "my back's been sore", "j'ai le dos bloqué" */
	if (complaint && body_complaint(dc, i))
		return part;
	if (p > 0 && in_list(dc->t[p - 1].w, sore, NELEM(sore)))
		p--;	/* "for my stiff neck" */
	if (p > 0 && in_list(dc->t[p - 1].w, dets, NELEM(dets)))
		p--;
	return p > 0 && dc->t[p - 1].kind == NLU_TK_WORD &&
	    in_list(dc->t[p - 1].w, preps, NELEM(preps)) ? part : -1;
}

/*
 * "pour mon genou", "for my knee", "a back session": the clinic's one
 * treatment whose name holds that part of the body (rank above a lone
 * kind word: "chez le kiné pour ma hanche" is the hip's rehabilitation).
 * With complaint, a part that hurts counts too, beside a request said
 * outright ("my back's been sore, can Dr Costa see me?").
 */
static void
body_treatment(const struct nlu_doc *dc, const char *const *list,
    size_t n, struct cand *c, int complaint)
{
	/* with a complaint only, a request said outright */
	static const char *const asks_more[] = { "rdv", "rendez",
	    "appointment", "book", "voir", "see", "prendre", "recevoir",
	    "dispo", "available", "come", "passer", "venir", "look",
	    "regarder", "cherche", "looking", "auriez", "commencer",
	    "start" };
	static const char *const asks[] = { "rdv", "rendez", "appointment",
	    "book", "seance", "session", "kine", "physio", "voir", "see",
	    "voudrais", "like", "need", "besoin", "veux", "want", "souhaite",
	    "seances", "sessions",
	    "traitement", "treatment", "reeducation", "reeduc", "rehab",
	    "therapy", "commencer", "start", "faut", "aimerais", "dispo",
	    "prendre", "recevoir", "appointment", "come" };
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 i, k, j, nw;
	int	 part, found = -1, tie = 0;

	/* "pour mon genou ça va mieux" asks for nothing */
	for (i = 0; i < dc->n; i++)
		if (complaint ? in_list(dc->t[i].w, asks_more,
		    NELEM(asks_more)) : in_list(dc->t[i].w, asks, NELEM(asks)))
			break;
	if (i == dc->n)
		return;
	for (i = 0; i < dc->n; i++) {
		if ((part = body_asked(dc, i, complaint)) < 0)
			continue;
		for (k = 0; k < n; k++) {
			if (list[k] == NULL)
				continue;
			nw = split(list[k], w, 0, 1);
			for (j = 0; j < nw; j++)
				if (body_part(w[j]) == part)
					break;
			if (j == nw || (int)k == found)
				continue;
			tie |= found >= 0;
			found = (int)k;
		}
		if (found >= 0 && !tie)
			cand_add(c, found, 35);
		return;
	}
}

/*
 * The canonical treatment the message names, or NULL: the longest of
 * a complete canonical name, one of the clinic's aliases and a built-in
 * lay phrase (on equal length in that order); else the partial
 * canonical name with most words. Equal scores are ambiguous.
 */
/*
 * "a scaling instead of a consultation", "plutôt qu'une consultation":
 * the words after such a phrase name what the patient no longer wants.
 * Marks up to 4 of them used (into hid[], to be given back); returns
 * how many.
 */
static size_t
hide_replaced(struct nlu_doc *dc, size_t *hid, size_t max)
{
	static const char *const cues[] = { "instead of", "rather than",
	    "au lieu de", "au lieu d", "au lieu du", "plutot que",
	    "plutot qu", "a la place de", "a la place du" };
	size_t	 i, k, e, j, n = 0;

	for (i = 0; i < dc->n; i++)
		for (k = 0; k < NELEM(cues); k++) {
			if (!nlu_seq(dc, i, cues[k], &e))
				continue;
			for (j = e; j < dc->n && j < e + 4 && n < max; j++) {
				if (dc->t[j].kind != NLU_TK_WORD)
					break;
				if (!dc->t[j].used) {
					dc->t[j].used = 1;
					hid[n++] = j;
				}
			}
			break;
		}
	return n;
}

/*
 * Hide (mark used, into hid[]) token j when it is free. Returns the new
 * count n.
 */
static size_t	hide_tok(struct nlu_doc *, size_t, size_t *, size_t, size_t);

/*
 * Words of a treatment's name said of something else: "blood pressure"
 * is no blood test (unless the clinic has a blood pressure check, named
 * by them). Hides them; returns the new count n.
 */
static size_t
hide_not_treatment(struct nlu_doc *dc, const struct nlu_lists *l,
    size_t *hid, size_t n, size_t max)
{
	static const char *const other[] = { "blood pressure",
	    "tension arterielle", "pression arterielle" };
	/* a verb, a medicine: "my mouth keeps filling with blood", "I'm
	 * on blood thinners" */
	static const char *const never[] = { "keeps filling",
	    "keep filling", "kept filling", "is filling", "s filling up",
	    "filling up with", "filling out", "fills with", "fills up",
	    "blood thinner*", "thinning the blood" };
	int	 kt[K__MAX];
	size_t	 i, k, e, j;

	for (i = 0; i < dc->n; i++)
		for (k = 0; k < NELEM(never); k++)
			if (nlu_seq(dc, i, never[k], &e))
				for (j = i; j < e; j++)
					n = hide_tok(dc, j, hid, n, max);
	treatments_by_kind(l->treatments, l->ntreatments, kt);
	if (kt[K_BP] >= 0)
		return n;
	for (i = 0; i < dc->n; i++)
		for (k = 0; k < NELEM(other); k++)
			if (nlu_seq(dc, i, other[k], &e))
				for (j = i; j < e; j++)
					n = hide_tok(dc, j, hid, n, max);
	return n;
}

static size_t
hide_tok(struct nlu_doc *dc, size_t j, size_t *hid, size_t n, size_t max)
{
	if (n < max && !dc->t[j].used) {
		dc->t[j].used = 1;
		hid[n++] = j;
	}
	return n;
}

/*
 * A treatment said as what happened ("depuis qu'on m'a arraché une dent",
 * "after my cleaning", "I had a filling done last year") is history, not
 * what the patient asks for: the words after such a cue, up to the end
 * of the clause (at most 12), are hidden, unless the clause speaks of an
 * appointment ("I had booked a cleaning"). Returns the new count n.
 */
static size_t
hide_history(struct nlu_doc *dc, size_t *hid, size_t n, size_t max,
    int advice)
{
	/* advice told: "my GP said a few physio sessions would help" */
	static const char *const told[] = { "said", "told me", "recommended",
	    "suggested", "advised", "m a dit", "m a conseille",
	    "m a recommande", "m a suggere", "a dit", "a conseille",
	    "a recommande" };
	static const char *const cues[] = { "depuis", "apres mon",
	    "apres ma", "apres mes", "apres l", "apres le", "apres la",
	    "on m a", "on m avait", "vous m avez", "je me suis fait",
	    "j ai eu", "j ai fait", "m a fait", "since my", "since the",
	    "after my", "after the", "i had", "i ve had", "i have had",
	    "had my", "you did my", "apres son", "apres sa", "apres ses",
	    "s est fait", "se sont fait", "viens de faire", "vient de faire",
	    "after his", "after her", "after their", "after our",
	    "had a", "had an", "had his", "had her", "just had",
	    "jamais fait", "jamais eu", "never had", "never done",
	    "never tried" };
	static const char *const appt[] = { "rdv", "rendez", "appointment",
	    "booked", "book", "reserve", "prevu", "prevue", "appt" };
	static const char *const stop[] = { "mais", "but", "now",
	    "maintenant", "donc", "so", "and", "et" };
	static const char *const unsaid[] = { "not", "t", "pas" };
	const char *const *cue = advice ? told : cues;
	size_t	 ncue = advice ? NELEM(told) : NELEM(cues);
	size_t	 i, k, e, j, end;

	for (i = 0; i < dc->n; i++)
		for (k = 0; k < ncue; k++) {
			if (!nlu_seq(dc, i, cue[k], &e))
				continue;
			/* "I've not had a smear in years", "haven't had
			 * a check-up": what was not done is asked for */
			if (i > 0 && in_list(dc->t[i - 1].w, unsaid,
			    NELEM(unsaid)))
				break;
			for (end = e; end < dc->n && end < e + 12; end++)
				if ((dc->t[end].kind == NLU_TK_PUNCT &&
				    strchr(",.!?;:", dc->t[end].w[0]) !=
				    NULL) ||
				    in_list(dc->t[end].w, stop, NELEM(stop)))
					break;
			for (j = e; j < end; j++)
				if (in_list(dc->t[j].w, appt, NELEM(appt)))
					break;
			if (j < end)
				break;
			for (j = e; j < end; j++)
				n = hide_tok(dc, j, hid, n, max);
			break;
		}
	return n;
}

/*
 * "Qui sont les kinés ?", "who are your physios?": the plural of a
 * profession speaks of the people, not of a treatment. Returns the new
 * count n.
 */
/* A profession said of one person. */
static const char *const profession[] = { "kine", "physio", "osteo",
    "therapist", "physiotherapist", "kinesitherapeute", "osteopathe",
    "osteopath", "dentiste", "dentist", "gp" };

/*
 * 1 when the profession at token i names a person: "a different
 * physio", "un autre kiné", "looked at by a physio"; or, in a message
 * that cancels (dc->not_coming), the place one will not come to ("je
 * ne viendrai pas chez la kiné", "won't be coming to the physio").
 */
static int
profession_person(const struct nlu_doc *dc, size_t i)
{
	static const char *const other[] = { "different", "another",
	    "other", "autre", "nouveau", "nouvelle" };
	static const char *const by[] = { "by", "par" };
	static const char *const art[] = { "a", "an", "the", "un", "une",
	    "le", "la", "l" };
	static const char *const to[] = { "chez", "to", "at" };
	static const char *const seek[] = { "need", "needs", "for",
	    "cherche", "cherchons", "cherchez" };
	static const char *const practice[] = { "gp", "dentist",
	    "dentiste" };

	if (!in_list(dc->t[i].w, profession, NELEM(profession)) || i == 0)
		return 0;
	if (in_list(dc->t[i - 1].w, other, NELEM(other)))
		return 1;
	if (i < 2 || !in_list(dc->t[i - 1].w, art, NELEM(art)))
		return 0;
	if (in_list(dc->t[i - 2].w, other, NELEM(other)) ||
	    in_list(dc->t[i - 2].w, by, NELEM(by)))
		return 1;
	/* a practice to register with: "we need a GP.", "looking for a
	 * dentist" (nothing said after it) */
	if (in_list(dc->t[i].w, practice, NELEM(practice)) &&
	    in_list(dc->t[i - 2].w, seek, NELEM(seek)) &&
	    (i + 1 >= dc->n || dc->t[i + 1].kind != NLU_TK_WORD))
		return 1;
	return dc->not_coming && in_list(dc->t[i - 2].w, to, NELEM(to));
}

static size_t
hide_professions(struct nlu_doc *dc, size_t *hid, size_t n, size_t max)
{
	static const char *const plural[] = { "kines", "physios", "osteos",
	    "therapists", "physiotherapists", "kinesitherapeutes",
	    "osteopathes", "osteopaths", "dentistes", "dentists", "nurses",
	    "infirmieres", "infirmiers", "hygienists", "hygienistes",
	    "medecins", "doctors", "docteurs" };
	size_t	 i;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind != NLU_TK_WORD)
			continue;
		if (profession_person(dc, i)) {
			n = hide_tok(dc, i, hid, n, max);
			continue;
		}
		if (!in_list(dc->t[i].w, plural, NELEM(plural)))
			continue;
		n = hide_tok(dc, i, hid, n, max);
		if (i > 0 && nlu_tok_is(dc, i - 1, "physical"))
			n = hide_tok(dc, i - 1, hid, n, max);
	}
	return n;
}

/*
 * Is canonical treatment name s only a kind of therapy (physiotherapy,
 * osteopathy, rehabilitation: "Séance de kinésithérapie", "Physio
 * session")? A part of the body said then names the treatment better.
 */
static int
therapy(const char *s)
{
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 nw = split(s, w, 0, 1);

	return of_kind(w, nw, K_PHYSIO) || of_kind(w, nw, K_OSTEO) ||
	    of_kind(w, nw, K_REHAB);
}

/* Is one of the phrases l (n of them, see nlu_seq) anywhere in dc? */
static int
said_anywhere(const struct nlu_doc *dc, const char *const *l, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < dc->n; i++)
		for (k = 0; k < n; k++)
			if (nlu_seq(dc, i, l[k], NULL))
				return 1;
	return 0;
}

/* Has treatment name s a part of the body said in dc? */
static int
part_said(const struct nlu_doc *dc, const char *s)
{
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 i, j, nw = split(s, w, 0, 1);
	int	 part;

	for (j = 0; j < nw; j++) {
		if ((part = body_part(w[j])) < 0)
			continue;
		for (i = 0; i < dc->n; i++)
			if (dc->t[i].kind == NLU_TK_WORD &&
			    body_part(dc->t[i].w) == part)
				return 1;
	}
	return 0;
}

/*
 * An operation said anywhere in the message, even as what happened
 * ("physio after my hip replacement", "dix séances après mon opération
 * du genou") beside sessions asked for: the clinic's rehabilitation
 * named for after surgery, else the one of the part of the body said,
 * else the only one (rank above a lone kind word and a part of the
 * body).
 */
/* An operation to come: "going in for surgery", "je me fais opérer". */
static const char *const op_ahead[] = {
	"going in for", "go in for", "having surgery", "having an op*",
	"have surgery", "have an op*", "before my surgery",
	"before my op*", "before the surgery", "booked for surgery",
	"me fais operer", "me faire operer", "vais etre opere*",
	"avant mon operation", "avant l operation", "je serai opere*",
};

/* Said after an operation: "after", "since", "depuis". */
static const char *const op_past[] = {
	"after", "since", "following", "post", "apres", "depuis",
	"suite a", "recovering", "had surgery", "had an op*",
};

static void
surgery_rehab(const struct nlu_doc *dc, const struct nlu_lists *l,
    struct cand *c)
{
	static const char *const op[] = { "surgery", "operation", "operated",
	    "opere", "operee", "operation*", "chirurgie", "replacement",
	    "reconstruction", "post op", "my op", "his op", "her op",
	    "the op", "an op", "op on",
	    "mon operation", "l operation", "ligamentoplastie",
	    "prothese", "protheses", "arthroplast*" };
	static const char *const after[] = { " post surgery surgical op "
	    "operatoire operation chirurgie chirurgical " };
	/* and sessions asked for ("I'm having surgery" alone is not) */
	static const char *const therapy_said[] = { "physio*", "kine*",
	    "rehab*", "reeduc*", "seance*", "session*", "therapy",
	    "therapie" };
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 k, j, nw;
	int	 one = -1, nrehab = 0, bypart = -1, nbypart = 0, named = -1;
	int	 nnamed = 0, asked;

	if (!said_anywhere(dc, op, NELEM(op)))
		return;
	/* "I'm going in for surgery", "je me fais opérer mardi": the
	 * operation is to come, no rehabilitation after it is asked */
	if (said_anywhere(dc, op_ahead, NELEM(op_ahead)) &&
	    !said_anywhere(dc, op_past, NELEM(op_past)))
		return;
	asked = said_anywhere(dc, therapy_said, NELEM(therapy_said));
	for (k = 0; k < l->ntreatments; k++) {
		if (l->treatments[k] == NULL ||
		    (nw = split(l->treatments[k], w, 0, 1)) == 0 ||
		    !of_kind(w, nw, K_REHAB))
			continue;
		one = (int)k;
		nrehab++;
		if (part_said(dc, l->treatments[k])) {
			bypart = (int)k;
			nbypart++;
		}
		for (j = 0; j < nw; j++)
			if (in_set(after[0], w[j]))
				break;
		if (j < nw) {
			named = (int)k;
			nnamed++;
		}
	}
	/* no sessions asked for: the part of the body operated on
	 * ("get her knee going again after the replacement") names the
	 * clinic's rehabilitation of that part, if it has one */
	if (!asked) {
		if (nbypart == 1)
			cand_add(c, bypart, 45);
		return;
	}
	if (nnamed == 1)
		cand_add(c, named, 45);
	else if (nbypart == 1)
		cand_add(c, bypart, 45);
	else if (nrehab == 1)
		cand_add(c, one, 45);
}

/*
 * "cancel my sessions, I'm going in for surgery": an operation to come
 * (see op_ahead) names no rehabilitation after it; its words are
 * hidden (into hid[], n so far, at most max). Returns the new count.
 */
static size_t
hide_op_ahead(struct nlu_doc *dc, size_t *hid, size_t n, size_t max)
{
	static const char *const op_words[] = { "surgery", "operation",
	    "op", "operer", "opere", "operee", "chirurgie" };
	size_t	 i;

	if (!said_anywhere(dc, op_ahead, NELEM(op_ahead)) ||
	    said_anywhere(dc, op_past, NELEM(op_past)))
		return n;
	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD &&
		    in_list(dc->t[i].w, op_words, NELEM(op_words)))
			n = hide_tok(dc, i, hid, n, max);
	return n;
}

/*
 * The treatment asked for (see nlu_find_treatment); with advice, the
 * advice someone gave is set aside too. *tie is set when two treatments
 * were asked for alike.
 */
static const char *
find_treatment(struct nlu_doc *dc, const struct nlu_lists *l, int advice,
    int *tie)
{
	struct cand	 c = { -1, 0, 0 }, partial = { -1, 0, 0 };
	struct cand	 story = { -1, 0, 0 };
	size_t		 hid[64], nh, nstory, k;

	*tie = 0;
	nh = hide_replaced(dc, hid, 16);
	nh = hide_professions(dc, hid, nh, NELEM(hid));
	nh = hide_not_treatment(dc, l, hid, nh, NELEM(hid));
	nh = hide_op_ahead(dc, hid, nh, NELEM(hid));
	nstory = nh;
	nh = hide_history(dc, hid, nh, NELEM(hid), 0);
	if (advice)
		nh = hide_history(dc, hid, nh, NELEM(hid), 1);
	canonical(dc, l->treatments, l->ntreatments, &c, &partial, 0);
	clinic_aliases(dc, l, &c);
	builtin_aliases(dc, l, &c);
	if (c.t < 0 || c.tie || therapy(l->treatments[c.t]))
		body_treatment(dc, l->treatments, l->ntreatments, &c, 0);
	if (c.t < 0 || c.tie || therapy(l->treatments[c.t]))
		surgery_rehab(dc, l, &c);
	/* The clinic's own name in a story ("bleeding after my
	 * extraction") when nothing else is asked for. */
	for (k = nstory; k < nh; k++)
		dc->t[hid[k]].used = 0;
	canonical(dc, l->treatments, l->ntreatments, &story, &partial, 1);
	for (k = 0; k < nstory; k++)
		dc->t[hid[k]].used = 0;
	if (c.t < 0)
		c = partial;
	/* "my back's been sore, can Dr Costa see me?": nothing else
	 * named, the clinic's treatment of the part that hurts */
	if (c.t < 0 && !c.tie)
		body_treatment(dc, l->treatments, l->ntreatments, &c, 1);
	if (c.t < 0)
		c = story;
	*tie = c.t >= 0 && c.tie;
	if (c.t < 0 || c.tie)
		return NULL;
	return l->treatments[c.t];
}

const char *
nlu_find_treatment(struct nlu_doc *dc, const struct nlu_lists *l)
{
	const char	*t;
	int		 tie;

	if (l == NULL || l->treatments == NULL)
		return NULL;
	/* two treatments alike: the one not only advised by someone
	 * ("my GP said physio would help... can I book an assessment?") */
	if ((t = find_treatment(dc, l, 0, &tie)) == NULL && tie)
		t = find_treatment(dc, l, 1, &tie);
	return t;
}

/* The kind of treatment named canon in its words w, or -1. */
static int
kind_of(char w[][NLU_WORD_MAX], size_t nw)
{
	int	 k;

	for (k = 0; k < K__MAX; k++)
		if (of_kind(w, nw, (enum kind)k))
			return k;
	return -1;
}

/* Has the name (words w) a word of the language's names of kind k? */
static int
said_in(char w[][NLU_WORD_MAX], size_t nw, const char *set)
{
	size_t	 j;

	for (j = 0; j < nw; j++)
		if (in_set(set, w[j]))
			return 1;
	return 0;
}

const char *
nlu_treatment_display(const struct nlu_lists *l, const char *canon,
    enum nlu_lang lang)
{
	char	 w[MATCH_WORDS][NLU_WORD_MAX];
	size_t	 k, nw;
	int	 kd;

	if (canon == NULL)
		return NULL;
	for (k = 0; l != NULL && l->aliases != NULL && k < l->naliases;
	    k++) {
		const struct nlu_alias *a = &l->aliases[k];

		if (a->is_name && a->lang == lang && a->text != NULL &&
		    *a->text != '\0' && a->treatment < l->ntreatments &&
		    l->treatments[a->treatment] != NULL &&
		    strcmp(l->treatments[a->treatment], canon) == 0)
			return a->text;
	}
	if ((nw = split(canon, w, 0, 1)) == 0 || (kd = kind_of(w, nw)) < 0)
		return canon;
	/* "Suivi de grossesse", "Rééducation du genou": a name that says
	 * more than its kind keeps its own words. */
	if (specific_words(w, nw, (enum kind)kd) > 0)
		return canon;
	if (lang == NLU_LANG_EN && !said_in(w, nw, kinds[kd].en_words) &&
	    said_in(w, nw, kinds[kd].fr_words))
		return kinds[kd].en;
	if (lang == NLU_LANG_FR && !said_in(w, nw, kinds[kd].fr_words) &&
	    said_in(w, nw, kinds[kd].en_words))
		return kinds[kd].fr;
	return canon;
}
