/*
 * nlu_name — the patient's names, e-mail address and phone number.
 * Names are copied as written in the message, never made up: only words
 * after a cue ("je m'appelle", "my name is"...) or, when Sophie asked for
 * the name, a bare reply made only of name-like words.
 */
#include <string.h>

#include "desk.h"
#include "nlu_int.h"

/* Folded words that are never names (after "je suis", "I'm"...). */
static const char *const stopwords[] = {
	"a", "absent", "absente", "accord", "actuellement", "afraid", "ai",
	"al", "allergique", "also", "an", "and", "appele", "appelle",
	"appointment", "asking", "at", "au", "aussi", "aux", "available",
	"avec", "back", "bien", "bientot", "bloque", "bloquee", "bon",
	"bonjour", "bonne", "bonsoir", "busy", "c", "ca", "calling", "ce",
	"cela", "cest", "cette", "chez", "client", "cliente", "coming",
	"content", "contente", "d", "dac", "dans", "de", "deja", "des",
	"desole", "desolee", "disponible", "dispo", "docteur", "doctor",
	"done", "dr", "du", "elle", "en", "encore", "enceinte", "est", "et",
	"fatigue", "fatiguee", "fine", "for", "free", "glad", "going",
	"good", "great", "happy", "hello", "here", "hi", "il", "ill", "in",
	"inquiet", "inquiete", "interested", "interesse", "interessee", "ici",
	"is", "j", "je", "just", "l", "la", "late", "le", "les", "libre",
	"looking", "lui", "m", "ma", "mais", "malade", "me", "merci", "mes",
	"moi", "mon", "my", "name", "names", "ne", "nee", "new", "no", "nom",
	"non",
	"nouveau", "nouvelle", "not", "occupe", "occupee", "of", "ok",
	"okay", "on", "ou", "oui", "par", "pas", "patient", "patiente",
	"perdu", "perdue", "peut", "plus", "pour", "pregnant", "pret",
	"prete", "prenom", "quand", "que", "qui", "quoi", "ravi", "ravie",
	"rdv", "really", "rendez", "retard", "running", "s", "sa", "salut",
	"sans", "sick", "so", "son", "sorry", "still", "sur", "sure",
	"suis", "t", "tard", "thanks", "the", "tired", "to", "toujours",
	"tres", "trying", "un", "une", "unable", "urgent", "urgence", "very",
	"vers", "vos", "votre", "vraiment", "waiting", "with", "writing",
	"y", "yes", "vous", "tu", "te", "toi", "we", "you", "your",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
	"dimanche", "demain", "today", "tomorrow", "aujourd", "matin",
	"soir", "apres", "midi", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "souffrant",
	"souffrante", "blesse", "blessee", "vieux", "vieille", "age",
	"agee", "mere", "pere", "maman", "papa", "fils", "fille", "femme",
	"mari", "the", "mother", "father", "wife", "husband", "son",
	"daughter", "hurt", "injured", "feeling", "having", "having",
	"confused", "lost", "available", "booked", "need", "want",
	"would", "like", "voudrais", "veux", "souhaite", "souhaiterais",
	"besoin", "annuler", "cancel", "book", "prendre", "medecin",
	"dentiste", "bien", "mal", "pareil", "ready", "calling", "au",
	"possible", "parfait", "super", "note", "partant", "partante",
	"correct", "exact", "worried", "scared", "enchante", "enchantee",
	"francais", "anglais", "english", "french", "local", "sur",
	"certain", "certaine", "oblige", "obligee", "pas", "plus",
	"toujours", "jamais", "vacances", "holiday", "away", "out",
	"off", "um", "euh", "hmm", "bof", "top", "cool", "nickel", "sous",
	"speaking", "appareil", "svp", "stp", "pls", "plz", "please",
	"thx", "bjr", "slt", "cordialement", "by", "again", "btw",
	"dob", "ddn", "born", "tel", "phone", "email", "mail",
	/* question words and small words of a reply that is no name */
	"why", "pourquoi", "what", "how", "comment", "who", "where",
	"when", "which", "same", "as", "before", "after", "meme", "comme",
	"avant", "idem", "usual", "habitude", "nothing", "rien",
	/* where one is from, one's faith, diet, condition or job */
	"from", "canadian", "canadien", "canadienne", "american",
	"americain", "americaine", "british", "irish", "scottish", "welsh",
	"belgian", "belge", "swiss", "suisse", "german", "allemande",
	"italian", "italien", "italienne", "spanish", "espagnol",
	"espagnole", "portuguese", "portugais", "portugaise", "dutch",
	"polish", "quebecois", "quebecoise", "muslim", "musulman",
	"musulmane", "jewish", "juif", "juive", "catholic", "catholique",
	"vegan", "vegane", "vegetarian", "vegetarien", "vegetarienne",
	"diabetic", "diabetique", "asthmatic", "asthmatique", "retired",
	"retraite", "retraitee", "student", "etudiant", "etudiante",
	/* wishes that may close a message in capitals ("Joyeuses Fêtes",
	 * "Happy Holidays", "Bonne Année") */
	"joyeux", "joyeuses", "joyeuse", "bonnes", "belle", "belles",
	"fetes", "journee", "soiree", "annee", "weekend", "happy", "merry",
	"christmas", "xmas", "holidays", "greetings", "wishes",
	/* sign-offs and the words of a clinic that may close a message
	 * in capitals ("Speak Soon", "Bisous", "Cabinet Dentaire") */
	"soon", "later", "speak", "talk", "bisous", "bises", "amities",
	"amicalement", "regards", "cheers", "xx", "xxx", "cabinet",
	"dentaire", "medical", "medicale", "clinique", "clinic", "dental",
	"surgery", "practice", "centre", "center", "annuel", "annual",
	"controle", "consultation", "detartrage", "cleaning", "checkup",
	"check", "kine", "physio", "osteo",
	/* verbs that follow one's name ("its jade mcintyre can i…") */
	"can", "could", "cant", "should", "shall",
};

/* Cues after which a lower-case word may still be one's name. */
static const char *const self_cues[] = {
	"je suis", "i m", "im", "i am", "moi c est",
};

/*
 * A lower-case word after a weak cue is taken as a name only when it ends
 * the sentence and does not look like a verb form or an adjective.
 */
static int
loose_name_ok(const struct nlu_doc *dc, const char *cue, size_t a,
    size_t b)
{
	const char *w = dc->t[a].w;
	size_t	 k, n = strlen(w), found = 0;

	for (k = 0; k < sizeof(self_cues) / sizeof(self_cues[0]); k++)
		found |= strcmp(cue, self_cues[k]) == 0;
	if (!found || n < 3)
		return 0;
	if ((n > 3 && strcmp(w + n - 3, "ing") == 0) ||
	    strcmp(w + n - 2, "ed") == 0 || strcmp(w + n - 2, "ee") == 0 ||
	    strcmp(w + n - 2, "ly") == 0)
		return 0;
	if (b < dc->n && dc->t[b].kind != NLU_TK_PUNCT)
		return 0;
	/* French participles: "essoufflé", "désolée" */
	k = dc->t[b - 1].eo;
	if (k >= 2 && (unsigned char)dc->text[k - 2] == 0xC3 &&
	    (unsigned char)dc->text[k - 1] == 0xA9)
		return 0;
	return 1;
}

static int
is_stopword(const char *w)
{
	size_t	 k;

	for (k = 0; k < sizeof(stopwords) / sizeof(stopwords[0]); k++)
		if (strcmp(w, stopwords[k]) == 0)
			return 1;
	return 0;
}

/*
 * 1 when token i is a one-letter prefix joined by an apostrophe to a
 * capitalised word ("O'Neil", "D'Amico").
 */
static int
elided(const struct nlu_doc *dc, size_t i)
{
	const struct nlu_tok *t = &dc->t[i], *u;
	size_t	 gap;

	/* "N'Diaye", "M'Bappé": n and m with a capital only */
	if (i + 1 >= dc->n || strlen(t->w) != 1 ||
	    (!t->cap && t->w[0] != 'd') ||
	    (t->w[0] != 'o' && t->w[0] != 'd' && t->w[0] != 'n' &&
	    t->w[0] != 'm'))
		return 0;
	u = &dc->t[i + 1];
	gap = u->so - t->eo;
	return u->cap && u->alpha && (gap == 1 || gap == 3) &&
	    (dc->text[t->eo] == '\'' || gap == 3);
}

/*
 * 1 when token i is "d" or "o" joined by an apostrophe to a word in lower
 * case ("jeanne d'arcy", "sean o'brien"): a surname when the first name
 * before it was written in lower case too.
 */
static int
elided_lower(const struct nlu_doc *dc, size_t i)
{
	const struct nlu_tok *t, *u;
	size_t	 gap;

	if (i + 1 >= dc->n)
		return 0;
	t = &dc->t[i];
	u = &dc->t[i + 1];
	if (t->kind != NLU_TK_WORD || strlen(t->w) != 1 || t->used ||
	    (t->w[0] != 'd' && t->w[0] != 'o') || u->used || !u->alpha ||
	    strlen(u->w) < 3 || is_stopword(u->w))
		return 0;
	gap = u->so - t->eo;
	return (gap == 1 && dc->text[t->eo] == '\'') || (gap == 3 &&
	    memcmp(dc->text + t->eo, "\xE2\x80\x99", 3) == 0);
}

/* Can token i be part of a name? */
static int	accented_after_name(const struct nlu_doc *, size_t);

static int
name_word(const struct nlu_doc *dc, size_t i)
{
	const struct nlu_tok *t;

	if (i >= dc->n)
		return 0;
	if (elided(dc, i) && !dc->t[i].used)
		return 1;
	t = &dc->t[i];
	if (t->kind != NLU_TK_WORD || !t->alpha || t->used ||
	    strlen(t->w) < 2)
		return 0;
	/* "Al-Khatib", "El-Amrani": a small word joined by a hyphen to a
	 * name with a capital is part of it */
	if (is_stopword(t->w) && !(t->cap && i + 2 < dc->n &&
	    dc->t[i + 1].kind == NLU_TK_PUNCT && dc->t[i + 1].w[0] == '-' &&
	    !dc->t[i + 1].sp && !dc->t[i + 2].sp && dc->t[i + 2].cap &&
	    dc->t[i + 2].alpha) && !accented_after_name(dc, i))
		return 0;
	return 1;
}

/*
 * 1 when token i, which folds to a small common word, is written with a
 * capital and an accent right after a name word with a capital ("Inês
 * Sá", "Ana Dá"): a surname, not "sa" or "da".
 */
static int
accented_after_name(const struct nlu_doc *dc, size_t i)
{
	size_t	 a;

	if (!dc->t[i].cap || dc->t[i].allcap || i == 0 ||
	    dc->t[i - 1].kind != NLU_TK_WORD || !dc->t[i - 1].cap)
		return 0;
	for (a = dc->t[i].so; a < dc->t[i].eo; a++)
		if ((unsigned char)dc->text[a] >= 0x80)
			return 1;
	return 0;
}

/*
 * End (one past) of the name word starting at token i, taking in
 * hyphenated parts written without blanks ("Jean-Pierre").
 */
/*
 * 1 when token e is the "h" of the Breton "c'h" ending the word before
 * it ("Le Floc'h", "Kerbrat-Le Boc'h"): joined to it by an apostrophe.
 */
static int
breton_h(const struct nlu_doc *dc, size_t e)
{
	const struct nlu_tok *t, *u;
	size_t	 gap, len;

	if (e == 0 || e >= dc->n)
		return 0;
	t = &dc->t[e - 1];
	u = &dc->t[e];
	len = strlen(t->w);
	if (u->kind != NLU_TK_WORD || strcmp(u->w, "h") != 0 ||
	    t->kind != NLU_TK_WORD || len < 2 || t->w[len - 1] != 'c')
		return 0;
	gap = u->so - t->eo;
	return (gap == 1 && dc->text[t->eo] == '\'') || (gap == 3 &&
	    memcmp(dc->text + t->eo, "\xE2\x80\x99", 3) == 0);
}

static size_t
word_end(const struct nlu_doc *dc, size_t i)
{
	size_t	 e = i + 1;

	if (elided(dc, i))
		e++;
	while (e + 1 < dc->n && dc->t[e].kind == NLU_TK_PUNCT &&
	    dc->t[e].w[0] == '-' && !dc->t[e].sp && !dc->t[e + 1].sp &&
	    dc->t[e + 1].kind == NLU_TK_WORD && dc->t[e + 1].alpha)
		e += 2;
	if (breton_h(dc, e))
		e++;
	return e;
}

struct span {
	size_t	 a, b;		/* tokens [a, b) */
};

/* Small words inside surnames ("de La Tour", "van der Berg"), folded. */
static const char *const particles[] = {
	"de", "du", "des", "la", "le", "van", "von", "der", "den", "di",
	"da", "del", "della", "dos", "das", "ter", "ten", "zu", "vander",
	"ben", "bin", "ibn", "el", "al", "ould", "abou", "abu", "ait", "ni",
	"nic", "mac", "mc", "o", "ua",
	/* Welsh "ap Gwynedd", "ferch Owain"; Flemish "Vanden Eynde",
	 * "Vande Velde", "Op de Beeck", "Van het Groenewoud"; Italian
	 * "Dal Molin", "Degli Esposti" */
	"ap", "ab", "ferch", "verch", "vanden", "vande", "op", "het",
	"dal", "dalla", "dei", "degli", "delle",
	/* "St John-Stevas", "St Pierre", "Ste Croix" */
	"st", "ste", "saint", "sainte",
};

/* Civil titles a patient may write before their own name, folded. */
static const char *const civil[] = {
	"mme", "madame", "mr", "monsieur", "mlle", "mademoiselle", "mrs",
	"ms", "miss",
};

static int	word_in(const struct nlu_doc *, size_t, const char *const *,
		    size_t);

/* Is token i a civil title ("Mme", "Mrs", or "M." for Monsieur)? */
static int
civil_at(const struct nlu_doc *dc, size_t i)
{
	return word_in(dc, i, civil, sizeof(civil) / sizeof(civil[0])) ||
	    (i + 1 < dc->n && dc->t[i].cap && nlu_tok_is(dc, i, "m") &&
	    dc->t[i + 1].kind == NLU_TK_PUNCT && dc->t[i + 1].w[0] == '.');
}

static int
word_in(const struct nlu_doc *dc, size_t i, const char *const *l,
    size_t n)
{
	size_t	 k;

	if (i >= dc->n || dc->t[i].kind != NLU_TK_WORD)
		return 0;
	for (k = 0; k < n; k++)
		if (strcmp(dc->t[i].w, l[k]) == 0)
			return 1;
	return 0;
}

/*
 * 1 when token k is joined by a hyphen to the word after it: "Saint" of
 * "de Saint-Exupéry" is part of a compound, not a particle.
 */
static int
hyphen_after(const struct nlu_doc *dc, size_t k)
{
	return k + 2 < dc->n && dc->t[k + 1].kind == NLU_TK_PUNCT &&
	    dc->t[k + 1].w[0] == '-' && !dc->t[k + 1].sp && !dc->t[k + 2].sp;
}

/*
 * 1 when token k is an Irish name with its initial mutation, a small
 * letter before the capital ("tSaoir", "bhFear", "hÉireann").
 */
static int
inner_cap(const struct nlu_doc *dc, size_t k)
{
	const unsigned char *p;
	size_t	 n;

	if (k >= dc->n || dc->t[k].kind != NLU_TK_WORD)
		return 0;
	p = (const unsigned char *)dc->text + dc->t[k].so;
	n = dc->t[k].eo - dc->t[k].so;
	if (n < 3 || p[0] < 'a' || p[0] > 'z')
		return 0;
	if (p[0] == 'b' && p[1] == 'h')		/* "bhFear" */
		p++, n--;
	return (p[1] >= 'A' && p[1] <= 'Z') || (n > 2 && p[1] == 0xC3 &&
	    p[2] >= 0x80 && p[2] <= 0x9E);
}

/*
 * End (one past) of a surname with particles starting at token i: one
 * to three particles, then a name word written with a capital (or in
 * lower case when the name before was: "elena de la cruz"). 0 if none.
 */
static size_t
particle_name(const struct nlu_doc *dc, size_t i, int lower)
{
	size_t	 k = i;

	while (k < dc->n && k - i < 3 && !dc->t[k].used &&
	    (word_in(dc, k, particles, sizeof(particles) /
	    sizeof(particles[0])) ||
	    /* Irish "Mac an tSaoir", "Nic an Bhaird", "Ó an" */
	    (k > i && (nlu_tok_is(dc, k, "an") || nlu_tok_is(dc, k, "na")) &&
	    (nlu_tok_is(dc, k - 1, "mac") || nlu_tok_is(dc, k - 1, "nic") ||
	    nlu_tok_is(dc, k - 1, "ni") || nlu_tok_is(dc, k - 1, "o")))) &&
	    !hyphen_after(dc, k))
		k++;
	if (k == i || !name_word(dc, k) ||
	    (word_in(dc, k, particles, sizeof(particles) /
	    sizeof(particles[0])) && !hyphen_after(dc, k)) ||
	    (!dc->t[k].cap && !lower && !inner_cap(dc, k)))
		return 0;
	/* Irish "Mac Giolla Phádraig", "Nic Giolla Bhríde": "Giolla"
	 * ("servant of") takes the name after it when it has a capital */
	if (nlu_tok_is(dc, k, "giolla") && name_word(dc, k + 1) &&
	    dc->t[k + 1].cap)
		k++;
	/* "de La Tour d'Auvergne": an elided name with a capital ends the
	 * family name */
	k = word_end(dc, k);
	if (k < dc->n && elided(dc, k) && !dc->t[k].cap && !dc->t[k].used)
		k = word_end(dc, k);
	return k;
}

/* Does the span w start with a particle ("Le Goff", "van der Berg")? */
static int
particle_first(const struct nlu_doc *dc, const struct span *w)
{
	return w->b > w->a + 1 && word_in(dc, w->a, particles,
	    sizeof(particles) / sizeof(particles[0]));
}

/*
 * End of a run of at least two words in capitals followed by a word
 * with a capital in lower case ("LE GALL Yann"): a surname written
 * first. 0 if none.
 */
static size_t
capital_run(const struct nlu_doc *dc, size_t i)
{
	size_t	 k = i;

	while (k < dc->n && dc->t[k].kind == NLU_TK_WORD &&
	    dc->t[k].alpha && dc->t[k].allcap && !dc->t[k].used &&
	    strlen(dc->t[k].w) >= 2 && k - i < 3)
		k++;
	if (k - i < 2 || !name_word(dc, k) || !dc->t[k].cap ||
	    dc->t[k].allcap)
		return 0;
	return k;
}

static int	first_name_at(const struct nlu_doc *, size_t);
static int	is_comma(const struct nlu_doc *, size_t);

/* How collect() reads the first word. */
enum collect_mode {
	COLLECT_ANY = 0,	/* any name word */
	COLLECT_CAP = 1,	/* a word with a capital */
	COLLECT_BARE = 2	/* a bare reply to "your name?": a surname
				 * with particles may open it */
};

/*
 * End of a surname with particles opening the words at token i, written
 * first ("Le Goff Marine", "van der Berg Anna", "ó súilleabháin, seán",
 * "o'brien, niamh"); 0 if none. Outside a bare reply, only a
 * capitalised particle followed by a known first name.
 */
static size_t
surname_opening(const struct nlu_doc *dc, size_t i, int mode)
{
	size_t	 e = 0;

	if (i >= dc->n)
		return 0;
	if (mode == COLLECT_BARE) {
		e = particle_name(dc, i, 0);
		if (e == 0 && !dc->t[i].cap) {
			e = particle_name(dc, i, 1);
			if (e == 0 && elided_lower(dc, i))
				e = i + 2;
			/* in lower case, only before ", first name" */
			if (e != 0 && !is_comma(dc, e))
				e = 0;
		}
		return e;
	}
	if (mode == COLLECT_ANY && dc->t[i].cap)
		e = particle_name(dc, i, 0);
	if (e != 0 && (e >= dc->n || !first_name_at(dc, e) ||
	    !dc->t[e].cap))
		e = 0;
	return e;
}

/*
 * Collect up to 3 name words from token i into w[]; need_cap
 * (enum collect_mode) requires the first word to start with a capital,
 * or allows a surname with particles first. A civil title before the
 * name is skipped; surnames with particles count as one word. Returns
 * the number found.
 */
static size_t
collect(const struct nlu_doc *dc, size_t i, int need_cap, struct span *w)
{
	size_t	 n = 0, e;

	if (civil_at(dc, i)) {
		e = i + 1;
		if (e < dc->n && dc->t[e].kind == NLU_TK_PUNCT &&
		    dc->t[e].w[0] == '.')
			e++;
		/* "Mme de Villepin", "Mr Van Damme": after a title, a name
		 * opening with a particle is the whole family name */
		if ((w[0].b = particle_name(dc, e, 1)) != 0) {
			w[0].a = e;
			/* "madame van den Broeck Annelies": a first name
			 * with a capital after the family name */
			e = w[0].b;
			if (e < dc->n && name_word(dc, e) && dc->t[e].cap &&
			    !dc->t[e].allcap && !word_in(dc, e, particles,
			    sizeof(particles) / sizeof(particles[0]))) {
				w[1].a = e;
				w[1].b = word_end(dc, e);
				return 2;
			}
			return 1;
		}
		if (name_word(dc, e))
			i = e;
	}
	if ((e = capital_run(dc, i)) != 0) {
		w[n].a = i;
		w[n].b = e;
		i = e;
		n++;
	}
	/* "Le Goff Marine", "De Smet Pieter", "o'brien, niamh" */
	e = n == 0 ? surname_opening(dc, i, need_cap) : 0;
	if (e != 0) {
		w[n].a = i;
		w[n].b = e;
		i = e;
		n++;
	}
	while (n < 3 && i < dc->n) {
		if (n > 0 && !dc->t[w[0].a].cap && elided_lower(dc, i)) {
			w[n].a = i;
			w[n].b = i + 2;
			n++;
			break;	/* nothing after "d'arcy" */
		}
		if (n > 0 && (e = particle_name(dc, i,
		    !dc->t[w[0].a].cap)) != 0) {
			/* "Ana Luísa de Sousa Ferreira", "da Silva Santos":
			 * a second family name written with a capital, or
			 * in lower case ending the name after a known first
			 * name ("fernando da costa pereira") */
			if (e < dc->n && name_word(dc, e) &&
			    !word_in(dc, e, particles, sizeof(particles) /
			    sizeof(particles[0])) && (dc->t[w[0].a].cap ?
			    dc->t[e].cap : (!dc->t[e].cap &&
			    first_name_at(dc, w[0].a) &&
			    (word_end(dc, e) >= dc->n || dc->t[word_end(dc,
			    e)].kind == NLU_TK_PUNCT))))
				e = word_end(dc, e);
			w[n].a = i;
			w[n].b = e;
			n++;
			break;	/* nothing after "de La Tour" */
		}
		if (!name_word(dc, i) || (need_cap == COLLECT_CAP &&
		    n == 0 && !dc->t[i].cap && !elided(dc, i)))
			break;
		w[n].a = i;
		w[n].b = word_end(dc, i);
		i = w[n].b;
		n++;
	}
	return n;
}

/* Copy the original text of tokens [a, b) into out. */
static void
copy_span(const struct nlu_doc *dc, size_t a, size_t b, char *out,
    size_t sz)
{
	size_t	 so = dc->t[a].so, eo = dc->t[b - 1].eo;

	nlu_copy(out, sz, dc->text + so, eo - so);
}

/*
 * First names that are seldom surnames, folded: with two capitalised
 * words, the one that is such a first name, after one that is no first
 * name at all, says the surname came first ("Lefebvre Camille", "Harris
 * Oliver"). Names that are often surnames too (Thomas, Martin, Bernard,
 * Simon, Laurent, James, Scott...) are in some_first[] instead.
 */
static const char *const pure_first[] = {
	"adele", "adrien", "agathe", "agnes", "aicha", "alain", "alexandra",
	"alexandre", "alice", "aline", "amandine", "amelie", "amina",
	"amy", "anais", "andrea", "anne", "annie", "antoine", "ashley",
	"audrey", "aurelie", "axel", "baptiste", "beatrice", "benjamin",
	"benoit", "bruno", "camille", "caroline", "catherine", "cecile",
	"celine", "charlotte", "chloe", "christine", "christophe", "claire",
	"clara", "claude", "clement", "colette", "corinne", "cyril",
	"damien", "daniel", "david", "delphine", "denise", "diane",
	"dominique", "eleonore", "elisa", "elise", "elodie", "eloise",
	"emilie", "emily", "emma", "enzo", "eric", "estelle", "ethan",
	"eva", "fabien", "fabrice", "fanny", "fatima", "florence",
	"florian", "francoise", "frederic", "gabriel", "gaelle", "genevieve",
	"guillaume", "hannah", "helene", "hugo", "ines", "irene",
	"isabelle", "jacqueline", "jade", "jasmine", "jean", "jeanne",
	"jennifer", "jessica", "joelle", "jonathan", "josephine", "julie",
	"julien", "juliette", "justine", "karim", "karine", "kevin",
	"laetitia", "laura", "lauren", "lea", "leonie", "leila", "lena",
	"leo", "lina", "lisa", "louise", "lucie", "lucy", "maeva",
	"manon", "marc", "margaux", "marguerite", "maria", "marie",
	"marine", "marion", "mathilde", "matthew", "maxime", "megan",
	"melanie", "melissa", "michelle", "mohamed", "monique", "nadia",
	"nathalie", "nicole", "noemie", "oceane", "olivia", "oliver",
	"olivier", "pascale", "patricia", "pauline", "quentin", "rachel",
	"rebecca", "romain", "sabrina", "samantha", "sandrine", "sarah",
	"jane",
	"sebastien", "severine", "sophie", "stephanie", "sylvie", "thibault",
	"valerie", "vanessa", "veronique", "virginie", "yann", "yannick",
	"yasmine", "yves", "zoe", "aoife", "niamh", "siobhan", "sinead",
	"ciara", "saoirse", "emmanuelle", "ophelie", "priya", "nina",
	"jenna", "chiara", "giulia", "lucia", "sofia", "mehdi", "youssef",
	"tom", "sam", "ben", "kate", "anna", "ella", "mia", "noah", "liam",
	"luke", "sean", "nathan", "theo", "jake", "sophia", "margaret",
	"susan", "karen", "linda", "helen", "mary", "michael", "peter",
	"gabrielle", "amelie", "zoe", "lea", "ines", "lucie", "elena",
	/* more first names seldom used as surnames or words */
	"luc", "mathis", "aurelien", "jules", "raphael", "gabin",
	"timothee", "victoire", "capucine", "apolline", "anthony",
	"alexis", "jeremy", "jerome", "mireille", "odile", "solene",
	"coralie", "marina", "hamza", "rayan", "yanis", "ilyes",
	"samia", "salma", "chantal", "sylvain", "thierry", "didier",
	"patrick", "stephane", "gilles", "herve", "fabienne",
	"murielle", "brigitte", "josiane", "maryse", "ginette",
	"gaetan", "john", "chris", "christopher", "isabella", "amelia",
	"evelyn", "abigail", "elizabeth", "victoria", "lily", "zoey",
	"penelope", "layla", "nora", "ellie", "emilia", "maya", "naomi",
	"aaliyah", "ariana", "allison", "gabriella", "madelyn", "cora",
	"adeline", "hailey", "gianna", "valentina", "isla", "eliana",
	"lydia", "julia", "delilah", "arianna", "vivian", "kaylee",
	"brielle", "madeline", "elijah", "alexander", "jacob",
	"sebastian", "aiden", "samuel", "jayden", "dylan", "isaac",
	"julian", "mateo", "joshua", "andrew", "theodore", "caleb",
	"isaiah", "josiah", "connor", "ezra", "aaron", "landon",
	"adrian", "nolan", "jeremiah", "elias", "nicholas", "dominic",
	"santiago", "ezekiel", "leonardo", "jason", "ciaran", "conor",
	"declan", "cian", "oisin", "padraig", "eoin", "orla", "grainne",
	"aisling", "mehmet", "fatou", "aminata", "moussa", "ousmane",
	"wei", "mei", "hiroshi", "yuki", "olga", "katarzyna",
	"agnieszka", "piotr", "giovanni", "francesca", "alessandro",
	"marco", "pedro", "joao", "ana", "paula", "sara", "jana", "anke",
	"sven",
	"lars", "pieter", "wim", "els", "griet", "sanne", "bram",
	"fien", "lotte", "maxence", "gaspard", "ambroise", "clemence",
	"lou", "louna", "lilou", "sacha", "noe", "ethan", "kylian",
	"loic", "benedicte", "ghislaine", "jacinthe", "mylene", "josee",
	/* Irish first names */
	"caoimhe", "aoibhinn", "aoibheann", "sorcha", "clodagh", "eimear",
	"tadhg", "orlaith", "fionn", "darragh", "cillian", "ruairi",
	"aine", "maeve", "meabh", "nuala", "deirdre", "brid", "seamus",
	"eoghan", "colm", "diarmuid", "donal", "fergal", "niall", "cathal",
	"enda", "ailbhe", "roisin", "maire", "muireann", "blathnaid",
	"dearbhla", "sadhbh", "caitriona", "peadar", "seosamh", "oisin",
	/* English first names and their short forms */
	"becky", "gemma", "callum", "kirsty", "hayley", "stacey", "kayleigh",
	"chelsea", "bethany", "courtney", "shannon", "jodie", "leanne",
	"danielle", "natalie", "nicola", "joanne", "gillian", "heather",
	"fiona", "alison", "deborah", "debbie", "sandra", "tracey",
	"lindsay", "katie", "kathryn", "kathleen", "abbie", "freya",
	"poppy", "imogen", "harriet", "phoebe", "matilda", "eleanor",
	"esme", "ellie", "millie", "tilly", "jessie", "becca", "jenny",
	"katy", "lizzie", "beth", "steph", "harry", "jack", "charlie",
	"alfie", "archie", "freddie", "oscar", "finley", "kieran",
	"jamie", "ryan", "liam", "rhys", "dafydd", "gareth", "ieuan",
	"aled", "sian", "cerys", "ffion", "rhiannon", "nia", "alastair",
	"angus", "hamish", "ewan", "fraser", "iain", "mhairi", "morag",
	"kenneth", "reginald", "nigel", "trevor", "clive", "malcolm",
	"graham", "derek", "keith", "stuart", "craig", "darren", "wayne",
	"gavin", "jeffrey", "timothy", "anthony", "steven", "stephen",
	"jonathon", "matthew", "joanna", "rosie", "amber", "jasmine",
	"ruth", "judith", "esther", "miriam", "naomi", "hilary", "kev",
	/* Québec first names */
	"rejean", "rejeanne", "gaetane", "rosaire", "yvon", "yvan",
	"normand", "ghislain", "jocelyn", "jocelyne", "sylvianne",
	"francine", "lise", "micheline", "nicolette", "marjolaine",
	"maude", "megane", "gabrielle", "annick", "simone", "gisele",
	"huguette", "raymonde", "suzanne", "danielle", "lucien",
	"lucienne", "fernand", "gilberte", "mario", "stephanie", "maxime",
	/* Portuguese, Spanish and Italian first names */
	"paulo", "tiago", "thiago", "joana", "goncalo", "rui", "nuno",
	"luis", "luisa", "catarina", "beatriz", "ines", "rodrigo",
	"afonso", "duarte", "miguel", "diogo", "filipa", "leonor",
	"mariana", "fernanda", "fernando", "carlos", "javier", "alejandro",
	"carmen", "dolores", "pilar", "lucia", "isabel", "elena", "pablo",
	"alvaro", "jorge", "sergio", "raul", "jose", "juan", "manuel",
	"paola", "federica", "giorgia", "matteo", "lorenzo", "davide",
	"simone", "luca", "stefano", "andrea", "riccardo", "gianluca",
	/* Dutch, German, Nordic, Slavic and Greek first names */
	"joost", "sander", "femke", "anouk", "maarten", "ruben",
	"jeroen", "thijs", "lieke", "hannes", "jurgen",
	"katrin", "sabine", "stefan", "tobias", "lukas", "jonas",
	"ingrid", "astrid", "sigrid", "bjorn", "nils", "erik", "magnus",
	"tomasz", "pawel", "krzysztof", "magdalena", "joanna", "natalia",
	"irina", "svetlana", "dmitri", "nikolai", "ivana",
	"dimitris", "eleni", "giorgos", "nikos", "yannis", "sofia",
	/* Arabic, Turkish and Persian first names */
	"ahmed", "ahmad", "mohammed", "muhammad", "omar", "ali", "hassan",
	"hussein", "khalid", "tariq", "bilal", "samir", "nabil", "rachid",
	"mustafa", "yusuf", "ibrahim", "ismail", "aya", "yasmin", "nour",
	/* second names of Maghrebi compound first names ("Mohamed
	 * Amine", "Mohamed Yassine") */
	"amine", "yassine", "yacine", "walid", "sofiane", "nassim",
	"redouane", "zakaria", "oussama", "ayoub",
	"leila", "layla", "zahra", "zeynep", "elif", "emine", "ayse",
	"fatma", "reza", "dariush", "shirin", "parisa", "soraya",
	/* second parts of compound first names: "Mohamed Amine" */
	"amine", "yassine", "mehdi", "ilyes", "hicham", "khadija",
	"meryem", "imane", "ikram", "salma",
	/* African first names */
	"kofi", "kwame", "kwabena", "ama", "akosua", "abena",
	"chidi", "chinedu", "chiamaka", "ngozi", "oluwaseun", "tunde",
	"olusegun", "folake", "amara", "ifeoma", "emeka", "obinna",
	"themba", "thabo", "sipho", "zanele", "nomvula", "aminata",
	"mamadou", "ibrahima", "awa", "aissatou", "fatoumata", "seydou",
	/* South and East Asian first names */
	"arjun", "rahul", "rohan", "vikram", "sanjay", "anil", "sunil",
	"deepak", "amit", "raj", "aarav", "ananya", "aisha",
	"divya", "kavya", "meera", "neha", "pooja", "shreya", "sunita",
	"lakshmi", "harpreet", "gurpreet", "manpreet", "simran", "navjot",
	"hiroko", "kenji", "takeshi", "haruto", "sakura", "yuna", "minh",
	"thanh", "linh", "huong", "jiawei", "xiaoming", "ling",
	"hyun", "jiwoo", "minjun", "seoyeon",
	/* Portuguese and Spanish */
	"ricardo", "rafael", "rita", "carla", "gabriela", "camila",
	"diego", "marta", "antonio", "francisco", "raquel", "teresa",
};

/* First names that are also common surnames, folded. */
static const char *const some_first[] = {
	"thomas", "martin", "bernard", "robert", "richard", "simon",
	"laurent", "michel", "vincent", "nicolas", "lucas", "henry",
	"henri", "james", "scott", "lewis", "grant", "arthur", "francis",
	"howard", "russell", "mathieu", "roger", "gerard", "andre", "paul",
	"marcel", "louis", "george", "charles", "william", "hugh",
	"morgan", "taylor", "jordan", "kelly", "lambert", "gilbert",
	"leon", "lionel", "rene", "pierre", "jacques", "philippe",
	"joseph", "lee", "ryan", "allen", "dean", "owen",
	"frank", "tony", "eddie", "neil", "gordon", "douglas", "craig",
	"stanley", "leslie", "sidney", "francis", "rowan", "cameron",
	/* Yoruba: first names and family names alike */
	"adebayo", "adewale", "adeyemi",
};

/* Is the folded word w in the list l of n words? */
static int
w_in(const char *w, const char *const *l, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (strcmp(w, l[k]) == 0)
			return 1;
	return 0;
}

/* Is token i a known first name (of either list)? */
static int
first_name_at(const struct nlu_doc *dc, size_t i)
{
	return w_in(dc->t[i].w, pure_first, sizeof(pure_first) /
	    sizeof(pure_first[0])) || w_in(dc->t[i].w, some_first,
	    sizeof(some_first) / sizeof(some_first[0]));
}

/*
 * 1 when two capitalised name words a, b are a surname then a first
 * name: b is a first name that is seldom a surname, a is no first name.
 */
static int
surname_first(const struct nlu_doc *dc, size_t a, size_t b)
{
	const char *x = dc->t[a].w, *y = dc->t[b].w;
	int	 ca = elided(dc, a) ? dc->t[a + 1].cap : dc->t[a].cap;

	/* both with a capital, or both in lower case ("dupont marie");
	 * "d'Almeida Sofia" */
	if (ca != dc->t[b].cap)
		return 0;
	return w_in(y, pure_first, sizeof(pure_first) /
	    sizeof(pure_first[0])) && !w_in(x, pure_first,
	    sizeof(pure_first) / sizeof(pure_first[0]));
}

/* Is token k a particle of Portuguese or Spanish family names? */
static int
iberian_particle(const struct nlu_doc *dc, size_t k)
{
	return nlu_tok_is(dc, k, "da") || nlu_tok_is(dc, k, "das") ||
	    nlu_tok_is(dc, k, "dos") || nlu_tok_is(dc, k, "del");
}

/*
 * 1 for a known first name, then a word that is none, then a surname
 * with a particle: "Duarte Pereira da Silva", "Ana Gomes de Sousa" (two
 * family names).
 */
static int
two_surnames(const struct nlu_doc *dc, const struct span *w)
{
	return particle_first(dc, &w[2]) && strlen(dc->t[w[2].a].w) >= 2 &&
	    w[0].b == w[0].a + 1 &&
	    w[1].b == w[1].a + 1 && w_in(dc->t[w[0].a].w, pure_first,
	    sizeof(pure_first) / sizeof(pure_first[0])) &&
	    !first_name_at(dc, w[1].a);
}

/*
 * Fill first/last from the words w[0..n): one word is a first name; with
 * more, the first is the first name unless it alone is in capitals
 * ("DUPONT Marie").
 */
static void
assign(struct nlu_doc *dc, const struct span *w, size_t n, char *first,
    char *last, size_t sz)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		for (size_t j = w[k].a; j < w[k].b; j++)
			dc->t[j].used = 1;
	if (n == 1 && particle_first(dc, &w[0])) {
		copy_span(dc, w[0].a, w[0].b, last, sz);
		return;
	}
	if (n == 1) {
		copy_span(dc, w[0].a, w[0].b, first, sz);
		return;
	}
	/* "Le Goff Marine", "Van Damme Tom": the surname with particles
	 * came first */
	if (n == 2 && particle_first(dc, &w[0]) && !particle_first(dc,
	    &w[1])) {
		copy_span(dc, w[1].a, w[1].b, first, sz);
		copy_span(dc, w[0].a, w[0].b, last, sz);
		return;
	}
	/* "Dupont Marie-Claire": a compound first name after a surname */
	if (n == 2 && ((dc->t[w[0].a].allcap && !dc->t[w[1].a].allcap) ||
	    ((w[0].b == w[0].a + 1 || (w[0].b == w[0].a + 2 &&
	    elided(dc, w[0].a)) || (w[0].b > w[0].a + 2 &&
	    !w_in(dc->t[w[0].b - 1].w, pure_first, sizeof(pure_first) /
	    sizeof(pure_first[0])) && !elided(dc, w[0].a) &&
	    !particle_first(dc, &w[0]))) && !particle_first(dc, &w[1]) &&
	    surname_first(dc, w[0].a, w[1].a)))) {
		copy_span(dc, w[1].a, w[1].b, first, sz);
		copy_span(dc, w[0].a, w[0].b, last, sz);
		return;
	}
	/* "PHAM Quoc Bao", "NGUYEN Thi Lan": a surname in capitals, then
	 * two first names that are not */
	if (n == 3 && dc->t[w[0].a].allcap && !dc->t[w[1].a].allcap &&
	    !dc->t[w[2].a].allcap && dc->t[w[1].a].cap && dc->t[w[2].a].cap) {
		copy_span(dc, w[1].a, w[2].b, first, sz);
		copy_span(dc, w[0].a, w[0].b, last, sz);
		return;
	}
	/* Three plain words: two first names and a last name ("Fatima
	 * Zahra Benali", "Jean Pierre Martin"); a surname with particles
	 * is one span already ("Marie Claire de La Tour"), but after a
	 * known first name a word that is none opens the two family
	 * names of the Portuguese and Spanish ("Duarte Pereira da Silva",
	 * below). */
	if (n == 3 && (first_name_at(dc, w[1].a) ||
	    !first_name_at(dc, w[0].a) || w[1].b != w[1].a + 1 ||
	    elided(dc, w[2].a) || (particle_first(dc, &w[2]) &&
	    !iberian_particle(dc, w[2].a))) && !two_surnames(dc, w)) {
		copy_span(dc, w[0].a, w[1].b, first, sz);
		copy_span(dc, w[2].a, w[2].b, last, sz);
		return;
	}
	/* "Lucas Oliveira Santos", "María García López": after a known
	 * first name, a word that is none opens two family names */
	copy_span(dc, w[0].a, w[0].b, first, sz);
	copy_span(dc, w[1].a, w[n - 1].b, last, sz);
}

/* Is token k the sign c? */
static int
is_sign_at(const struct nlu_doc *dc, size_t k, char c)
{
	return k < dc->n && dc->t[k].kind == NLU_TK_PUNCT && dc->t[k].w[0] == c;
}

/* Is token k a comma? */
static int
is_comma(const struct nlu_doc *dc, size_t k)
{
	return k < dc->n && dc->t[k].kind == NLU_TK_PUNCT &&
	    dc->t[k].w[0] == ',';
}

/* w[0] is the last name, w[1] the first ("Dupont, Marie"). */
static void
assign_reversed(struct nlu_doc *dc, const struct span *w, char *first,
    char *last, size_t sz)
{
	size_t	 k, j;

	for (k = 0; k < 2; k++)
		for (j = w[k].a; j < w[k].b; j++)
			dc->t[j].used = 1;
	copy_span(dc, w[1].a, w[1].b, first, sz);
	copy_span(dc, w[0].a, w[0].b, last, sz);
}

/*
 * Endings of the adjectives and nouns that follow "je suis" / "I'm" to
 * say how or what one is ("flexible", "disponible", "asthmatique",
 * "touriste", "nerveux", "sportive"), folded. A lower-case word with one
 * of them is not taken as a name (a capitalised one still is).
 */
static int
adjective_like(const char *w)
{
	static const char *const ends[] = { "ible", "able", "ique", "iste",
	    "eux", "euse", "ive", "if", "ant", "ante", "ful", "ous", "ish" };
	size_t	 n = strlen(w), k, e;

	for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
		e = strlen(ends[k]);
		if (n > e + 2 && strcmp(w + n - e, ends[k]) == 0)
			return 1;
	}
	return 0;
}

/* The number of word tokens of the message. */
static size_t
word_count(const struct nlu_doc *dc)
{
	size_t	 i, n = 0;

	for (i = 0; i < dc->n; i++)
		n += dc->t[i].kind == NLU_TK_WORD;
	return n;
}

/*
 * "hi i'm sarah connor and…", "je suis julie martin, …", "it's tom,":
 * one or two words in lower case after "je suis" / "I'm" / "c'est" are
 * a name when the first is a known first name and the name ends there
 * (a sign, the end, or "and", "et", "from", "de", "here", "ici").
 */
/* Words that may follow one's name in a sentence, folded. */
static const char *const after_name[] = { "and", "et", "from", "de",
    "here", "ici", "speaking", "i", "je", "j", "jvoudrais",
    "jvoudrai", "jveux", "jvoulais", "jsuis", "pour", "for", "can",
    "could", "ne", "nee", "born", "dob" };

static int
lower_name_ok(const struct nlu_doc *dc, const struct span *w, size_t n)
{
	size_t	 e;

	/* "sarah jane o'brien i need…": a third word when the last is a
	 * family name with its particle */
	if (n == 3 && !particle_first(dc, &w[2]) && !elided(dc, w[2].a))
		return 0;
	if (n == 0 || n > 3 || !first_name_at(dc, w[0].a) ||
	    (n == 2 && adjective_like(dc->t[w[1].a].w)))
		return 0;
	e = w[n - 1].b;
	return e >= dc->n || dc->t[e].kind == NLU_TK_PUNCT ||
	    word_in(dc, e, after_name, sizeof(after_name) /
	    sizeof(after_name[0]));
}

/* Cues and what follows them. */
enum cue_kind {
	CUE_STRONG,	/* any name-like word */
	CUE_WEAK,	/* capitalised word only */
	CUE_FIRST,	/* first name only */
	CUE_LAST,	/* last name only */
	CUE_FULL	/* a name in full, each word with a capital */
};

static const struct {
	const char	*phrase;
	enum cue_kind	 kind;
	int		 colon;	/* 1: before ':' ("Nom : ..."); 2: ',';
				 * 3: opening the message, before a name
				 * with a capital or a known first name;
				 * 4: no colon, opening the message or a
				 * clause; 5: a name in full whose first
				 * word is a known first name */
} cues[] = {
	{ "name s", CUE_STRONG, 3 },		/* "Name's Dan Wright" */
	{ "names", CUE_STRONG, 3 },		/* "Names Aoife Kelly" */
	{ "c", CUE_STRONG, 3 },			/* SMS: "c Sophie Morel" */
	{ "its", CUE_STRONG, 3 },		/* "Its Conor Byrne" */
	{ "suis", CUE_STRONG, 3 },		/* SMS: "jsuis Paul Morel" */
	{ "moi cest", CUE_STRONG, 0 },
	{ "c est pour", CUE_FULL, 0 },		/* c'est pour Hugo Morel */
	{ "c pour", CUE_FULL, 0 },		/* SMS: c pour Léa Morel */
	{ "ce pour", CUE_FULL, 0 },		/* SMS: cé pr Léa Morel */
	{ "cest pour", CUE_FULL, 0 },		/* SMS: cest pour Léa */
	{ "it s for", CUE_FULL, 0 },		/* it's for Sam Lee */
	{ "this is for", CUE_FULL, 0 },
	{ "je m appelle", CUE_STRONG, 0 },	/* je m'appelle */
	{ "je m apelle", CUE_STRONG, 0 },
	{ "je mappelle", CUE_STRONG, 0 },
	{ "je mapelle", CUE_STRONG, 0 },
	{ "je m appel", CUE_STRONG, 0 },	/* SMS: je m'appel */
	{ "je mappel", CUE_STRONG, 0 },
	{ "jm appelle", CUE_STRONG, 0 },
	{ "jmappelle", CUE_STRONG, 0 },
	{ "m appelle", CUE_STRONG, 0 },
	{ "je me nomme", CUE_STRONG, 0 },
	{ "au nom de", CUE_STRONG, 0 },
	{ "sous le nom de", CUE_STRONG, 0 },
	{ "under the name of", CUE_STRONG, 0 },
	{ "under the name", CUE_STRONG, 0 },
	{ "in the name of", CUE_STRONG, 0 },
	{ "s appelle", CUE_STRONG, 0 },		/* elle s'appelle */
	{ "his name is", CUE_STRONG, 0 },
	{ "her name is", CUE_STRONG, 0 },
	{ "mon nom de famille est", CUE_LAST, 0 },
	{ "mon nom de famille c est", CUE_LAST, 0 },
	{ "nom de famille", CUE_LAST, 0 },
	{ "mon prenom est", CUE_FIRST, 0 },
	{ "mon prenom c est", CUE_FIRST, 0 },
	{ "mon nom complet est", CUE_STRONG, 0 },
	{ "mon nom est", CUE_STRONG, 0 },
	{ "mon nom c est", CUE_STRONG, 0 },
	{ "my name is", CUE_STRONG, 0 },
	{ "my name s", CUE_STRONG, 0 },
	{ "my full name is", CUE_STRONG, 0 },
	{ "my first name is", CUE_FIRST, 0 },
	{ "my last name is", CUE_LAST, 0 },
	{ "my surname is", CUE_LAST, 0 },
	{ "name is", CUE_STRONG, 0 },
	{ "moi c est", CUE_STRONG, 0 },		/* moi c'est julie */
	{ "moi c", CUE_STRONG, 0 },		/* SMS: moi c julie */
	{ "de la part de", CUE_WEAK, 0 },	/* for someone else */
	{ "for me first", CUE_WEAK, 2 },	/* "book for me first, Ann Lee" */
	{ "pour moi d abord", CUE_WEAK, 2 },
	{ "for me", CUE_WEAK, 2 },		/* "for me, Grace Liu" */
	{ "for myself", CUE_WEAK, 2 },		/* "for myself, Paul Lee" */
	{ "pour moi meme", CUE_WEAK, 2 },
	{ "pour moi", CUE_WEAK, 2 },
	{ "on behalf of", CUE_WEAK, 0 },
	{ "ici c est", CUE_WEAK, 0 },
	{ "ici", CUE_WEAK, 0 },
	{ "je suis", CUE_WEAK, 0 },
	{ "c est", CUE_WEAK, 0 },
	{ "cest", CUE_WEAK, 0 },		/* SMS: cest marie */
	{ "i m", CUE_WEAK, 0 },
	{ "im", CUE_WEAK, 0 },
	{ "i am", CUE_WEAK, 0 },
	{ "this is", CUE_WEAK, 0 },
	{ "it s", CUE_WEAK, 0 },
	{ "its", CUE_WEAK, 0 },			/* SMS: hi its Ciarán */
	{ "it is", CUE_WEAK, 0 },
	{ "call me", CUE_STRONG, 0 },
	/* a name in full opening with a known first name (colon 5):
	 * "Hello from Tom O'Reilly-Santos!", "Annulation pour Lucie
	 * Gagnon", "Cancel for Emma Hart" */
	{ "moi", CUE_FULL, 5 },			/* "moi Fatima Zahra El Idrissi" */
	{ "hello from", CUE_FULL, 5 },
	{ "hi from", CUE_FULL, 5 },
	{ "hey from", CUE_FULL, 5 },
	{ "hiya from", CUE_FULL, 5 },
	{ "pour", CUE_FULL, 5 },
	{ "for", CUE_FULL, 5 },
	{ "booked under", CUE_STRONG, 0 },	/* booked under Tom Baker */
	{ "book it under", CUE_STRONG, 0 },
	{ "nom de famille", CUE_LAST, 1 },	/* forms: "Nom : ..." */
	{ "nom et prenom", CUE_STRONG, 1 },	/* "Nom et prénom : ..." */
	{ "prenom et nom", CUE_STRONG, 1 },
	{ "nom prenom", CUE_STRONG, 1 },
	{ "nom complet", CUE_STRONG, 1 },
	{ "full name", CUE_STRONG, 1 },
	{ "first name", CUE_FIRST, 1 },
	{ "last name", CUE_LAST, 1 },
	{ "surname", CUE_LAST, 1 },
	{ "surname", CUE_LAST, 0 },		/* "…, surname Kelly" */
	{ "prenom", CUE_FIRST, 1 },
	/* labelled fields without a colon, opening the message or a
	 * clause: "First name Ana Luisa, surname de Souza" */
	{ "first name", CUE_FIRST, 4 },
	{ "last name", CUE_LAST, 4 },
	{ "family name", CUE_LAST, 4 },
	{ "prenom", CUE_FIRST, 4 },
	{ "nom de famille", CUE_LAST, 4 },
	{ "nom", CUE_LAST, 4 },
	{ "nom", CUE_STRONG, 1 },
	{ "name", CUE_STRONG, 1 },
	{ "patient", CUE_STRONG, 1 },
};

/*
 * Is cue phrase p about someone else ("elle s'appelle", "his name is",
 * "on behalf of"): the name it gives is that person's.
 */
static int
third_person(const char *p)
{
	return strcmp(p, "s appelle") == 0 || strcmp(p, "his name is") == 0 ||
	    strcmp(p, "her name is") == 0 || strcmp(p, "de la part de") == 0 ||
	    strcmp(p, "on behalf of") == 0 || strcmp(p, "au nom de") == 0 ||
	    strcmp(p, "in the name of") == 0;
}

/*
 * 1 when token e is the "s" of a possessive joined to the word before
 * ("This is Sarah's mum", "I'm Emma's dad"): the name is someone else's.
 */
static int
possessive_s(const struct nlu_doc *dc, size_t e)
{
	size_t	 gap;

	if (e == 0 || e >= dc->n || strcmp(dc->t[e].w, "s") != 0)
		return 0;
	gap = dc->t[e].so - dc->t[e - 1].eo;
	return (gap == 1 && dc->text[dc->t[e - 1].eo] == '\'') ||
	    (gap == 3 && memcmp(dc->text + dc->t[e - 1].eo,
	    "\xE2\x80\x99", 3) == 0);
}

/*
 * 1 when token i opens the message: nothing before it but greetings
 * and signs ("Hi, name's Dan Wright").
 */
static int
opens_message(const struct nlu_doc *dc, size_t i)
{
	static const char *const hello[] = { "bonjour", "bonsoir", "salut",
	    "hello", "hi", "hey", "coucou", "allo", "oui", "yes", "ok",
	    "bjr", "slt", "cc", "hiya", "yo" };
	size_t	 k;

	for (k = 0; k < i; k++)
		if (dc->t[k].kind == NLU_TK_WORD && !word_in(dc, k, hello,
		    sizeof(hello) / sizeof(hello[0])))
			return 0;
	return 1;
}

/*
 * 1 when token i begins a clause after a comma, a dash, a full stop or
 * a question mark:
 * "…, name's Oliver Grant", "… - names Liam Walsh".
 */
static int
opens_clause(const struct nlu_doc *dc, size_t i)
{
	return i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT &&
	    strchr(",;.!?-", dc->t[i - 1].w[0]) != NULL;
}

/*
 * 1 when the words w[0..n) after an opening cue (colon 3) are a name:
 * one to three words, the first with a capital or a known first name,
 * ending the message or a clause ("Names Liam Murphy, born ..."), or
 * followed by a word that follows names ("its jade mcintyre can i",
 * "c Léa Morel je voudrais").
 */
static int
opening_name_ok(const struct nlu_doc *dc, const struct span *w, size_t n)
{
	size_t	 e;

	if (n == 0 || (!dc->t[w[0].a].cap && !first_name_at(dc, w[0].a)) ||
	    is_stopword(dc->t[w[0].a].w))
		return 0;
	e = w[n - 1].b;
	return e >= dc->n || dc->t[e].kind == NLU_TK_PUNCT ||
	    (n >= 2 && word_in(dc, e, after_name, sizeof(after_name) /
	    sizeof(after_name[0])));
}

/*
 * 1 when token i opens a sentence: after a full stop, a question or
 * an exclamation mark ("dmn midi c possible? c Léa Morel").
 */
static int
opens_sentence(const struct nlu_doc *dc, size_t i)
{
	return i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT &&
	    strchr(".!?", dc->t[i - 1].w[0]) != NULL;
}

/*
 * 1 when the words w[0..n) are a name in full: two or more, each with
 * a capital (or a particle: "de La Tour").
 */
static int
full_name(const struct nlu_doc *dc, const struct span *w, size_t n)
{
	size_t	 k;

	if (n < 2)
		return 0;
	for (k = 0; k < n; k++)
		if (!dc->t[w[k].a].cap && !word_in(dc, w[k].a, particles,
		    sizeof(particles) / sizeof(particles[0])))
			return 0;
	return 1;
}

/*
 * 1 when token e is a comma or a semicolon followed by a field naming
 * the family name ("…, surname de Souza", "…, nom : Le Goff").
 */
static int
last_field_after(const struct nlu_doc *dc, size_t e)
{
	static const char *const fields[] = { "surname", "last name",
	    "family name", "nom", "nom de famille" };
	size_t	 k, x;

	if (e >= dc->n || dc->t[e].kind != NLU_TK_PUNCT ||
	    (dc->t[e].w[0] != ',' && dc->t[e].w[0] != ';'))
		return 0;
	for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		if (nlu_seq(dc, e + 1, fields[k], &x))
			return 1;
	return 0;
}

/*
 * The one word w[0] after a cue, a comma, then a name in full (two or
 * three words with capitals) ending with that same word: the name in
 * full is meant ("Lambert, Julie Lambert"). Puts it into w and returns
 * its word count, else returns n unchanged.
 */
static size_t
restated(const struct nlu_doc *dc, struct span *w, size_t n)
{
	struct span	 v[3];
	size_t		 m, k;

	if (w[0].b != w[0].a + 1 || !dc->t[w[0].a].cap ||
	    !is_comma(dc, w[0].b))
		return n;
	m = collect(dc, w[0].b + 1, COLLECT_CAP, v);
	if (m < 2 || v[m - 1].b != v[m - 1].a + 1 ||
	    strcmp(dc->t[v[m - 1].a].w, dc->t[w[0].a].w) != 0)
		return n;
	for (k = 0; k < m; k++)
		if (!dc->t[v[k].a].cap)
			return n;
	for (k = 0; k < m; k++)
		w[k] = v[k];
	return m;
}

/*
 * What is booked or cancelled, folded: before "pour"/"for" and a name in
 * full, that name is the patient's ("Annulation pour Lucie Gagnon",
 * "Cancel for Emma Hart"; "yes, for Emma Stone" is no such cue).
 */
static const char *const booking_words[] = { "annulation", "annuler",
    "annulez", "annule", "rdv", "rendez", "vous", "reservation",
    "reserver", "cancel", "cancellation", "appointment", "appt",
    "booking", "book", "reservation", "seance", "session", "slot",
    "creneau", "consultation", "place", "appointments", "sessions",
    "seances", "rdvs", "bookings" };

/* The ones who treat a patient, folded ("ma kiné", "my physio"). */
static const char *const carers[] = { "kine", "kines", "kinesi",
    "kinesitherapeute", "physio", "physiotherapeute", "physiotherapist",
    "therapist", "therapeute", "osteo", "osteopathe", "osteopath",
    "dentiste", "dentist", "medecin", "docteur", "doctor", "doc", "gp",
    "generaliste", "hygieniste", "hygienist", "infirmiere", "infirmier",
    "nurse", "orthodontiste", "orthodontist", "praticien", "praticienne",
    "sage", "massotherapeute", "chiro", "chiropracteur", "chiropractor" };

/*
 * 1 when the cue at token i follows the one who treats the writer ("ma
 * kiné c'est Camille", "mon dentiste, c'est Claire", "my physio it's
 * Chris"): the name after it is the practitioner's, not the writer's.
 */
static int
carer_before(const struct nlu_doc *dc, size_t i)
{
	static const char *const mine[] = { "ma", "mon", "my", "notre",
	    "our", "la", "le", "the" };

	if (i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT &&
	    dc->t[i - 1].w[0] == ',')
		i--;
	return i >= 2 && word_in(dc, i - 1, carers, sizeof(carers) /
	    sizeof(carers[0])) && word_in(dc, i - 2, mine, sizeof(mine) /
	    sizeof(mine[0]));
}

/*
 * "Name's Fox, Jennifer", "je m'appelle Dupont, Marie": one word after
 * a cue, a comma, then one known first name with a capital that ends
 * the clause, the first word being no known first name: the surname
 * came first. Fills first and last and returns 1, else 0.
 */
static int
comma_first(struct nlu_doc *dc, const struct span *w, size_t n,
    char *first, char *last, size_t sz)
{
	struct span	 v[2];
	size_t		 b, e;

	if (n != 1 || !dc->t[w[0].a].cap || first_name_at(dc, w[0].a) ||
	    is_stopword(dc->t[w[0].a].w) || !is_comma(dc, w[0].b))
		return 0;
	b = w[0].b + 1;
	if (b >= dc->n || dc->t[b].kind != NLU_TK_WORD || !dc->t[b].cap ||
	    !first_name_at(dc, b))
		return 0;
	e = word_end(dc, b);
	if (e < dc->n && dc->t[e].kind != NLU_TK_PUNCT &&
	    !word_in(dc, e, after_name, sizeof(after_name) /
	    sizeof(after_name[0])))
		return 0;
	v[0] = w[0];
	v[1].a = b;
	v[1].b = e;
	assign_reversed(dc, v, first, last, sz);
	return 1;
}

/*
 * Try the cues at token i. With first already found, only a cue for
 * the last name (or "Nom : X") is taken, into last. Returns 1 when
 * names were found.
 */
static int
names_at(struct nlu_doc *dc, size_t i, int awaiting, char *first,
    char *last, size_t sz, int *other)
{
	struct span	 w[3];
	size_t		 k, e, n;
	enum cue_kind	 kind;
	int		 colon, titled;

	for (k = 0; k < sizeof(cues) / sizeof(cues[0]); k++) {
		if (!nlu_seq(dc, i, cues[k].phrase, &e))
			continue;
		kind = cues[k].kind;
		*other = third_person(cues[k].phrase);
		if ((kind == CUE_WEAK || cues[k].colon == 3) &&
		    carer_before(dc, i))
			continue;
		colon = e < dc->n && dc->t[e].kind == NLU_TK_PUNCT &&
		    dc->t[e].w[0] == ':';
		/* "name's" may open a clause too, not the others ("c",
		 * "its", "suis" are too common there) */
		if (cues[k].colon == 3 && (first[0] != '\0' ||
		    (!opens_message(dc, i) && !opens_sentence(dc, i) &&
		    !(opens_clause(dc, i) &&
		    (strcmp(cues[k].phrase, "name s") == 0 ||
		    strcmp(cues[k].phrase, "names") == 0)))))
			continue;
		if (cues[k].colon == 4 && (colon || (!opens_message(dc, i) &&
		    !opens_clause(dc, i))))
			continue;
		if ((cues[k].colon == 1 && !colon) || (cues[k].colon == 2 &&
		    !(e < dc->n && dc->t[e].kind == NLU_TK_PUNCT &&
		    dc->t[e].w[0] == ',')))
			continue;
		if (first[0] != '\0' && kind != CUE_LAST &&
		    !(cues[k].colon && kind == CUE_STRONG))
			continue;
		if (first[0] != '\0')
			kind = CUE_LAST;
		if (e < dc->n && dc->t[e].kind == NLU_TK_PUNCT &&
		    (dc->t[e].w[0] == ':' || dc->t[e].w[0] == ','))
			e++;
		titled = civil_at(dc, e);
		/* a form's "Nom : Le Gall" reads like a bare reply */
		n = collect(dc, e, cues[k].colon == 1 || cues[k].colon == 4 ||
		    (kind == CUE_LAST && first[0] != '\0') ? COLLECT_BARE :
		    COLLECT_ANY, w);
		/* "… is fine. Name's Fox, Jennifer" */
		if (cues[k].colon == 3 && first[0] == '\0' &&
		    (opens_message(dc, i) || opens_sentence(dc, i) ||
		    opens_clause(dc, i)) && comma_first(dc, w, n, first, last,
		    sz))
			return 1;
		if (cues[k].colon == 3) {
			/* not this cue: "c'est" is tried next; inside the
			 * message, a name in full only ("Name's Fox,
			 * Jennifer" may be surname first) */
			if (!opening_name_ok(dc, w, n) ||
			    possessive_s(dc, w[n - 1].b) ||
			    (n < 2 && !opens_message(dc, i)) ||
			    /* after a sentence, a name in full only */
			    (!opens_message(dc, i) && !opens_clause(dc, i) &&
			    !full_name(dc, w, n)) || (opens_sentence(dc, i) &&
			    !full_name(dc, w, n)))
				continue;
			if (!comma_first(dc, w, n, first, last, sz))
				assign(dc, w, n, first, last, sz);
			return 1;
		}
		if (cues[k].colon == 5 && (n < 2 || !first_name_at(dc,
		    w[0].a) || !dc->t[w[0].a].cap || (i > 0 &&
		    (nlu_tok_is(dc, i, "for") || nlu_tok_is(dc, i, "pour")) &&
		    !word_in(dc, i - 1, booking_words, sizeof(booking_words) /
		    sizeof(booking_words[0]))) || (i == 0 &&
		    (nlu_tok_is(dc, i, "for") || nlu_tok_is(dc, i, "pour")))))
			continue;
		if (n == 0 || possessive_s(dc, w[n - 1].b))
			return 0;
		/* "Je m'appelle Lambert, Julie Lambert", "I'm Bond, James
		 * Bond": the name said again in full replaces it */
		if (n == 1)
			n = restated(dc, w, n);
		if (first[0] == '\0' && (kind == CUE_STRONG ||
		    kind == CUE_WEAK) && comma_first(dc, w, n, first, last,
		    sz))
			return 1;
		/* "c'est pour Hugo de La Tour": a name in full only (one
		 * word may be a first name of someone else, or no name) */
		if (kind == CUE_FULL && !full_name(dc, w, n))
			return 0;
		/* A form's "Nom : Moreau" is the family name ("Prénom"
		 * gives the first). */
		if (cues[k].colon && n == 1 && strcmp(cues[k].phrase,
		    "nom") == 0 && kind == CUE_STRONG)
			kind = CUE_LAST;
		/* "c'est Mme Petit": after a civil title, one word is the
		 * last name. */
		if (titled && n == 1 && (dc->t[w[0].a].cap ||
		    particle_first(dc, &w[0])) &&
		    (kind == CUE_STRONG || kind == CUE_WEAK))
			kind = CUE_LAST;
		/* A lower-case word after "je suis" / "I'm" / "c'est" is
		 * far more often how one is, or what something is
		 * ("asthmatique", "flexible", "stuck abroad", "ouvert le
		 * week-end") than who: one word only, not an adjective, in
		 * a short message ("hi i'm tom, can i come at 5"). */
		if (kind == CUE_WEAK && !awaiting && !dc->t[w[0].a].cap &&
		    !(titled && particle_first(dc, &w[0])) &&
		    !lower_name_ok(dc, w, n) && (n > 1 ||
		    word_count(dc) > 12 ||
		    /* said inside a sentence ("the letter says I'm
		     * due"), it is how one is */
		    (!opens_message(dc, i) && !opens_clause(dc, i)) ||
		    !loose_name_ok(dc, cues[k].phrase, w[0].a, w[0].b) ||
		    adjective_like(dc->t[w[0].a].w)))
			return 0;
		if (kind == CUE_FIRST || kind == CUE_LAST) {
			/* a first name in two words when a field for the
			 * family name follows ("Prénom Jean Marc, nom Le
			 * Goff") */
			if (kind == CUE_FIRST && !(n > 1 &&
			    last_field_after(dc, w[n - 1].b)))
				n = 1;
			for (size_t j = w[0].a; j < w[n - 1].b; j++)
				dc->t[j].used = 1;
			copy_span(dc, w[0].a, w[n - 1].b,
			    kind == CUE_FIRST ? first : last, sz);
			return 1;
		}
		assign(dc, w, n, first, last, sz);
		return 1;
	}
	return 0;
}

/*
 * 1 when the sender books for themselves too ("pour moi et pour ma
 * fille", "for me and my son").
 */
static int
me_too(const struct nlu_doc *dc)
{
	return nlu_flat_has(dc, "pour moi") || nlu_flat_has(dc, "for me") ||
	    nlu_flat_has(dc, "moi et") || nlu_flat_has(dc, "and me") ||
	    nlu_flat_has(dc, "and i") || nlu_flat_has(dc, "et moi") ||
	    nlu_flat_has(dc, "me and");
}

/* Possessives and the relatives an appointment may be for, folded. */
static const char *const possessives[] = { "my", "our", "ma", "mon",
    "notre", "mes" };
static const char *const relatives[] = { "son", "daughter", "child", "kid",
    "husband", "wife", "partner", "mum", "mom", "mother", "dad", "father",
    "boy", "girl", "baby", "fils", "fille", "enfant", "bebe", "mari",
    "femme", "epouse", "conjoint", "conjointe", "mere", "maman", "pere",
    "papa", "garcon", "compagnon", "compagne",
    /* grandparents, siblings and the family further out */
    "grandfather", "grandmother", "grandpa", "grandma", "granddad",
    "grandad", "granny", "nan", "nana", "grandson", "granddaughter",
    "papi", "papy", "mamie", "mami", "brother", "sister", "frere",
    "soeur", "uncle", "aunt", "auntie", "oncle", "tante", "nephew",
    "niece", "neveu", "fiance", "fiancee" };

static int	plain_names(const struct nlu_doc *, const struct span *,
		    size_t);

/* The relatives that are children, folded: "my son Leo" names him. */
static const char *const children[] = { "son", "daughter", "child",
    "kid", "boy", "girl", "baby", "fils", "fille", "enfant", "bebe",
    "garcon", "grandson", "granddaughter" };

/* Not coming, said of someone: "Marie ne viendra pas demain", "Tom
 * won't be in tomorrow". */
static const char *const not_coming[] = {
	"ne viendra pas", "viendra pas", "ne pourra pas venir",
	"pourra pas venir", "ne peut pas venir", "peut pas venir",
	"ne peut plus venir", "peut plus venir", "won t be in",
	"wont be in", "won t be coming", "wont be coming", "can t come",
	"cant come", "cannot come", "can t make it", "cant make it",
	"won t make it", "wont make it", "won t be able to come",
	"will not be coming",
};

/*
 * "Bonjour, Marie ne viendra pas demain, elle a de la fièvre", "Hi, Tom
 * won't be in tomorrow": a first name alone opening the message, the
 * one who will not come, is the patient's (not a practitioner's, whom
 * no patient says will come). Returns 1 when found.
 */
static int
absent_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[1];
	size_t		 i, k;

	/* the first word that no greeting opens */
	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD && opens_message(dc, i + 1) ==
		    0)
			break;
	if (i + 1 >= dc->n || !dc->t[i].cap || !name_word(dc, i) ||
	    dc->t[i + 1].kind != NLU_TK_WORD)
		return 0;
	for (k = 0; k < sizeof(not_coming) / sizeof(not_coming[0]); k++)
		if (nlu_seq(dc, i + 1, not_coming[k], NULL))
			break;
	if (k == sizeof(not_coming) / sizeof(not_coming[0]))
		return 0;
	w[0].a = i;
	w[0].b = i + 1;
	if (!plain_names(dc, w, 1))
		return 0;
	assign(dc, w, 1, first, last, sz);
	return 1;
}

/*
 * "my daughter needs a check up, Aisling Nic Dhonncha, she's 9": later in
 * the sentence that names the relative (from token e), a name in full
 * (two words or more, each with a capital, none a common word) set off
 * by a comma before it and a comma, a bracket or the sentence's end
 * after it. Returns its number of words (into w), or 0.
 */
static size_t
set_off_name(const struct nlu_doc *dc, size_t e, struct span *w)
{
	size_t	 j, n, k, b;

	for (j = e; j + 1 < dc->n; j++) {
		if (dc->t[j].kind == NLU_TK_PUNCT &&
		    strchr(".!?;", dc->t[j].w[0]) != NULL)
			return 0;
		if (!is_comma(dc, j))
			continue;
		n = collect(dc, j + 1, 1, w);
		for (k = 0; k < n; k++)
			if (!dc->t[w[k].a].cap && !word_in(dc, w[k].a,
			    particles, sizeof(particles) /
			    sizeof(particles[0])))
				break;
		if (k < 2 || k != n || !plain_names(dc, w, n))
			continue;
		b = w[n - 1].b;
		if (b >= dc->n || (dc->t[b].kind == NLU_TK_PUNCT &&
		    strchr(",.!?;)", dc->t[b].w[0]) != NULL))
			return n;
	}
	return 0;
}

/*
 * "for my son Hugo Lefevre", "pour ma fille Léa Martin", "on behalf of my
 * husband, Patrick Doyle", "la maman de Léa Girard", "the father of Noah
 * Evans", "mon père (Henri Delacroix-Mercier)", "ma fille : Aoife
 * O'Sullivan": a relative named in full (two words or more, each with a
 * capital) is the person the appointment is for, so the patient. So is
 * a first name alone ("ma fille Inès", "my son Leo": tests/nlu/FORMAT.md),
 * with a capital and no common word, unless the sender books for
 * themselves too ("me and my son Finn"). Returns 1 when names were
 * found.
 */
static int
relative_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i, e, n, k;
	int		 child;

	for (i = 0; i + 2 < dc->n; i++) {
		child = word_in(dc, i, possessives, sizeof(possessives) /
		    sizeof(possessives[0])) && word_in(dc, i + 1, children,
		    sizeof(children) / sizeof(children[0]));
		if (word_in(dc, i, relatives, sizeof(relatives) /
		    sizeof(relatives[0])) && i > 0 && !word_in(dc, i - 1,
		    possessives, sizeof(possessives) /
		    sizeof(possessives[0])) && (nlu_tok_is(dc, i + 1, "de") ||
		    nlu_tok_is(dc, i + 1, "d") || nlu_tok_is(dc, i + 1, "of")))
			e = i + 2;	/* "la maman de Léa Girard" */
		else if (!word_in(dc, i, possessives, sizeof(possessives) /
		    sizeof(possessives[0])) || !word_in(dc, i + 1, relatives,
		    sizeof(relatives) / sizeof(relatives[0])))
			continue;
		else
			e = i + 2;
		/* "mon père de 82 ans, Henri …": the age first */
		if (e + 2 < dc->n && nlu_tok_is(dc, e, "de") &&
		    (nlu_parse_number_word(dc->t[e + 1].w) > 0 ||
		    (dc->t[e + 1].w[0] >= '1' && dc->t[e + 1].w[0] <= '9')) &&
		    nlu_tok_is(dc, e + 2, "ans"))
			e += 3;
		if (e < dc->n && dc->t[e].kind == NLU_TK_PUNCT &&
		    strchr(",:(", dc->t[e].w[0]) != NULL)
			e++;
		n = collect(dc, e, 1, w);
		/* Only the words with capitals ("Chloe Martin needs"). */
		for (k = 0; k < n; k++)
			if (!dc->t[w[k].a].cap &&
			    !word_in(dc, w[k].a, particles,
			    sizeof(particles) / sizeof(particles[0])))
				break;
		if (k < 2 && child && n >= 1 && k >= 1 && !me_too(dc) &&
		    plain_names(dc, w, 1) && (w[0].b >= dc->n ||
		    dc->t[w[0].b].kind == NLU_TK_PUNCT ||
		    !dc->t[w[0].b].cap)) {
			/* "ma fille Inès", "my son Leo needs…" */
			assign(dc, w, 1, first, last, sz);
			return 1;
		}
		if (k < 2 && (k = set_off_name(dc, e, w)) < 2)
			continue;
		assign(dc, w, k, first, last, sz);
		return 1;
	}
	return 0;
}


/* What a patient's visit is called after "Jacob's", folded prefixes. */
static const char *const visit_words[] = { "appointment*", "appt*",
    "session*", "check*", "clean*", "jab*", "vaccin*", "smear*",
    "exam*", "visit*", "test*", "consult*", "booking*", "filling*",
    "treatment*", "massage*", "physio*", "teeth", "tooth", "brace*",
    "review*", "scan*", "x", "hygien*", "follow*", "rehab*" };

/* Verbs that act on a visit, folded. */
static const char *const visit_verbs[] = { "move", "cancel", "book",
    "rebook", "reschedule", "change", "postpone", "confirm", "push",
    "bring", "shift", "check" };

/*
 * "Need to move Jacob's teeth cleaning", "cancel Róisín's check-up": a
 * name with a capital, just after a verb that acts on a visit, whose
 * visit follows its possessive "'s" (within three words) is the
 * patient's. Returns 1 when found.
 */
static int
possessive_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i, k, l;

	for (i = 1; i + 2 < dc->n; i++) {
		if (!dc->t[i].cap || dc->t[i].allcap || !name_word(dc, i) ||
		    !possessive_s(dc, i + 1) || !word_in(dc, i - 1,
		    visit_verbs, sizeof(visit_verbs) / sizeof(visit_verbs[0])))
			continue;
		w[0].a = i;
		w[0].b = i + 1;
		if (!plain_names(dc, w, 1))
			continue;
		for (k = i + 2; k < dc->n && k < i + 5; k++)
			for (l = 0; l < sizeof(visit_words) /
			    sizeof(visit_words[0]); l++)
				if (dc->t[k].kind == NLU_TK_WORD &&
				    nlu_tok_is(dc, k, visit_words[l])) {
					/* a practitioner's name is given
					 * back (nlu.c) */
					dc->name_thanked = 1;
					assign(dc, w, 1, first, last, sz);
					return 1;
				}
	}
	return 0;
}

/* Greetings that may open a message before the sender's name. */
static const char *const greetings[] = { "bonjour", "bonsoir", "salut",
    "hello", "hi", "hey", "coucou", "allo", "bjr", "slt", "hiya" };

/*
 * "Bonjour, Anne-Laure de Villiers, je souhaiterais…": after an opening
 * greeting, a name in full (two words or more with capitals) set off by
 * commas is the sender's. Returns 1 when found.
 */
static int
greeting_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i = 0, n, k, e;

	if (!word_in(dc, 0, greetings, sizeof(greetings) /
	    sizeof(greetings[0])))
		return 0;
	i = 1;
	if (i < dc->n && dc->t[i].kind == NLU_TK_PUNCT &&
	    dc->t[i].w[0] == ',')
		i++;
	n = collect(dc, i, 1, w);
	for (k = 0; k < n; k++)
		if (!dc->t[w[k].a].cap && !elided(dc, w[k].a) &&
		    !word_in(dc, w[k].a, particles, sizeof(particles) /
		    sizeof(particles[0])))
			return 0;
	if (n < 2)
		return 0;
	e = w[n - 1].b;
	if (e >= dc->n || dc->t[e].kind != NLU_TK_PUNCT ||
	    strchr(",.!(", dc->t[e].w[0]) == NULL)
		return 0;
	assign(dc, w, n, first, last, sz);
	return 1;
}

/* Closings before a signature, folded. */
static const char *const closings[] = { "cordialement", "regards",
    "salutations", "sincerely", "cheers", "bisous", "amicalement",
    "bien a vous", "best wishes", "best regards", "kind regards",
    "many thanks", "merci d avance", "thanks in advance",
    "yours faithfully", "yours sincerely", "yours truly",
    "warm regards", "warmest regards", "sinceres salutations" };

/*
 * Thanks that close a message, folded: a signature only after a comma
 * ("Thx, Ray"); "Thanks Sophie!" speaks to someone.
 */
static const char *const thanks[] = { "thanks", "thx", "thank you",
    "merci", "merci beaucoup", "thanks a lot", "tks", "thanks a million",
    "thanks so much", "thank you so much", "thanks again",
    "merci encore", "merci bien" };

#define NCLOSING	(sizeof(closings) / sizeof(closings[0]))
#define NCLOSE		(NCLOSING + sizeof(thanks) / sizeof(thanks[0]))

/*
 * One past the last word of the message, leaving out the signs after
 * it and a civil title in brackets after a signature ("Bridget McNamara
 * (Mrs)").
 */
static size_t
text_end(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = dc->n; i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT; i--)
		;
	if (i >= 3 && is_sign_at(dc, i - 2, '(') && i < dc->n &&
	    is_sign_at(dc, i, ')') && word_in(dc, i - 1, civil,
	    sizeof(civil) / sizeof(civil[0])))
		for (i -= 2; i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT; i--)
			;
	return i;
}

/*
 * "… Cordialement, Amélie", "Kind regards, Oliver": one word with a
 * capital that ends the message just after a closing is the sender's
 * first name. Returns 1 when found.
 */
static int
closing_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i, j, k, e;
	int		 titled = 0, comma;

	i = text_end(dc);
	if (i < 2)
		return 0;
	j = i - 1;
	/* "Marie-Claire": the whole compound */
	while (j >= 2 && is_sign_at(dc, j - 1, '-') && !dc->t[j - 1].sp &&
	    !dc->t[j].sp && dc->t[j - 2].kind == NLU_TK_WORD)
		j -= 2;
	if (!dc->t[j].cap || collect(dc, j, 1, w) != 1 || w[0].b != i)
		return 0;
	e = j;
	/* "Yours faithfully, Mrs P. Okonjo", "Regards, P. Okonjo": an
	 * initial is no first name; the surname alone is given */
	if (e >= 2 && is_sign_at(dc, e - 1, '.') &&
	    dc->t[e - 2].kind == NLU_TK_WORD && dc->t[e - 2].cap &&
	    strlen(dc->t[e - 2].w) == 1) {
		e -= 2;
		titled = 1;
	}
	/* "Regards, Mrs Kelly", "Bien à vous, M. Girard" */
	if (e >= 2 && is_sign_at(dc, e - 1, '.') && civil_at(dc, e - 2)) {
		e -= 2;
		titled = 1;
	} else if (e >= 1 && civil_at(dc, e - 1)) {
		e--;
		titled = 1;
	}
	if (e > 0 && dc->t[e - 1].kind == NLU_TK_PUNCT &&
	    dc->t[e - 1].w[0] == ',')
		e--;
	comma = e > 0 && dc->t[e].kind == NLU_TK_PUNCT &&
	    dc->t[e].w[0] == ',';
	for (k = 0; k < NCLOSE; k++) {
		size_t	 nw = 1, a, end;
		const char *c, *cl = k < NCLOSING ? closings[k] :
		    thanks[k - NCLOSING];

		for (c = cl; *c != '\0'; c++)
			nw += *c == ' ';
		if (e < nw)
			continue;
		a = e - nw;
		/* "… by a fortnight? Thanks Gráinne": thanks that open
		 * their own sentence sign the message without a comma;
		 * not when they thank Sophie */
		if (k >= NCLOSING && !comma && (titled || a == 0 ||
		    dc->t[a - 1].kind != NLU_TK_PUNCT ||
		    strchr(".!?", dc->t[a - 1].w[0]) == NULL ||
		    nlu_tok_is(dc, w[0].a, "sophie")))
			continue;
		if (nlu_seq(dc, a, cl, &end) && end == e) {
			dc->name_thanked = k >= NCLOSING;
			if (titled) {
				dc->t[w[0].a].used = 1;
				copy_span(dc, w[0].a, w[0].b, last, sz);
			} else
				assign(dc, w, 1, first, last, sz);
			return 1;
		}
	}
	return 0;
}

/*
 * "… merci d'avance, julie moreau", "thanks, tom baker": two words in
 * lower case that end the message after a closing and a comma, the
 * first a known first name and the second no common word, are the
 * sender's name. Returns 1 when found.
 */
static int
lower_closing_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[2];
	size_t		 i, e, k, nw, end;
	const char	*c, *cl;

	for (i = dc->n; i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT; i--)
		;
	if (i < 4)
		return 0;
	e = i - 2;
	if (dc->t[e].cap || dc->t[e + 1].cap || !dc->t[e].alpha ||
	    !dc->t[e + 1].alpha || dc->t[e].kind != NLU_TK_WORD ||
	    dc->t[e + 1].kind != NLU_TK_WORD || !first_name_at(dc, e) ||
	    is_stopword(dc->t[e + 1].w) || strlen(dc->t[e + 1].w) < 2 ||
	    !is_comma(dc, e - 1))
		return 0;
	for (k = 0; k < NCLOSE; k++) {
		cl = k < NCLOSING ? closings[k] : thanks[k - NCLOSING];
		for (nw = 1, c = cl; *c != '\0'; c++)
			nw += *c == ' ';
		if (e - 1 < nw || !nlu_seq(dc, e - 1 - nw, cl, &end) ||
		    end != e - 1)
			continue;
		w[0].a = e;
		w[0].b = e + 1;
		w[1].a = e + 1;
		w[1].b = e + 2;
		assign(dc, w, 2, first, last, sz);
		return 1;
	}
	return 0;
}

/*
 * Does token i open a line of its own: a line break before it, or a
 * dash that does ("…\n-- liam o'connor", "…\n- Tom")?
 */
static int
line_start(const struct nlu_doc *dc, size_t i)
{
	size_t	 a, k = i;

	while (k > 0 && dc->t[k - 1].kind == NLU_TK_PUNCT &&
	    (dc->t[k - 1].w[0] == '-' || strncmp(dc->t[k - 1].w,
	    "\xE2\x80\x93", 3) == 0 || strncmp(dc->t[k - 1].w,
	    "\xE2\x80\x94", 3) == 0))
		k--;
	if (k == 0)
		return 0;
	for (a = dc->t[k - 1].eo; a < dc->t[k].so; a++)
		if (dc->text[a] == '\n')
			return 1;
	return 0;
}

/*
 * "…\nlucas vanden bergh", "…\n-- liam o'connor", "… ? dominique
 * lefebvre": a last line or sentence in lower case made of a known first
 * name and one or two name words (a family
 * name with its particle counts as one) is the sender's signature.
 * Returns 1 when found.
 */
static int
lower_signature_name(struct nlu_doc *dc, char *first, char *last,
    size_t sz)
{
	struct span	 w[3];
	size_t		 i, j, n;

	for (i = dc->n; i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT; i--)
		;
	for (j = i >= 2 ? i - 2 : 0; j > 0 && j + 4 > i; j--) {
		/* "… mercredi 14 en soirée ? dominique lefebvre": after
		 * a sentence's end too */
		if ((!line_start(dc, j) && !(dc->t[j - 1].kind ==
		    NLU_TK_PUNCT && strchr("?!.", dc->t[j - 1].w[0]) !=
		    NULL)) || dc->t[j].cap || !first_name_at(dc, j))
			continue;
		n = collect(dc, j, COLLECT_ANY, w);
		if (n < 2 || w[n - 1].b != i || dc->t[w[1].a].cap)
			return 0;
		assign(dc, w, n, first, last, sz);
		return 1;
	}
	return 0;
}

/* Is there a line break or a sentence end just before token i? */
static int
break_before(const struct nlu_doc *dc, size_t i)
{
	size_t	 a;

	if (i == 0)
		return 0;
	if (dc->t[i - 1].kind == NLU_TK_PUNCT && strchr(".!,",
	    dc->t[i - 1].w[0]) != NULL)
		return 1;
	/* "… please - Tom Baker": a dash set off by blanks */
	if (dc->t[i - 1].kind == NLU_TK_PUNCT && dc->t[i].sp &&
	    (dc->t[i - 1].w[0] == '-' || strncmp(dc->t[i - 1].w,
	    "\xE2\x80\x93", 3) == 0 || strncmp(dc->t[i - 1].w,
	    "\xE2\x80\x94", 3) == 0))
		return 1;
	/* a line break, or an emoji ("… si possible 🙏 Aïcha Diallo"):
	 * a character of four bytes in UTF-8 */
	for (a = dc->t[i - 1].eo; a < dc->t[i].so; a++)
		if (dc->text[a] == '\n' ||
		    (unsigned char)dc->text[a] >= 0xF0)
			return 1;
	return 0;
}

/* Words of closings and wishes that may end a message in capitals. */
static const char *const closing_words[] = { "many", "thank", "best",
    "kind", "warm", "take", "care", "see", "bye", "goodbye", "love",
    "lots", "all", "thx", "ta", "ty", "much", "appreciated", "asap",
    "urgent", "urgently", "tomorrow", "tonight", "morning", "evening",
    "afternoon", "anytime", "whenever", "possible", "flexible" };

/* Months, folded: a capitalised month is no name ("May", "June"). */
static const char *const months[] = { "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "janvier", "fevrier", "mars", "avril", "mai",
    "juin", "juillet", "aout", "septembre", "octobre", "novembre",
    "decembre" };

/*
 * 1 when the words w[0..n) may be a name nobody listed ("… Monday at 2?
 * Greta Lindqvist"): each with a capital, none a common word, a month
 * or an adverb in -ly ("… Tuesday? Ideally Morning", "… ? Many Thanks").
 */
static int
plain_names(const struct nlu_doc *dc, const struct span *w, size_t n)
{
	size_t	 k, len, a;
	const char *x;

	for (k = 0; k < n; k++) {
		/* "Le Bihan": the name after the particle */
		a = particle_first(dc, &w[k]) ? w[k].b - 1 : w[k].a;
		x = dc->t[a].w;
		len = strlen(x);
		if (!dc->t[a].cap || dc->t[a].allcap || is_stopword(x) ||
		    word_in(dc, a, months, sizeof(months) /
		    sizeof(months[0])) ||
		    (len > 3 && strcmp(x + len - 2, "ly") == 0) ||
		    word_in(dc, a, closing_words, sizeof(closing_words) /
		    sizeof(closing_words[0])))
			return 0;
	}
	return 1;
}

/*
 * A message signed at its end ("… please cancel. Marie-Claire Dupuis"):
 * two or three words with capitals, after a sentence end or a line
 * break, and nothing but signs after them. Returns 1 when found.
 */
static int
signature_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i, j, n, e;
	int		 q;

	i = text_end(dc);
	for (j = i >= 2 ? i - 2 : 0; j + 8 > i && j > 0; j--) {
		/* "… can you fit me in today? Liam Byrne": after a
		 * question, only when a known first name opens it ("…
		 * Tuesday? Ideally Morning" is no name) */
		q = dc->t[j - 1].kind == NLU_TK_PUNCT &&
		    dc->t[j - 1].w[0] == '?';
		/* "… in a fortnight? (Mateus Oliveira)": a name in
		 * brackets after a sentence's end */
		if (!q && j >= 2 && is_sign_at(dc, j - 1, '(') &&
		    (break_before(dc, j - 1) || is_sign_at(dc, j - 2, '?')))
			q = 1;
		if (dc->t[j].kind != NLU_TK_WORD ||
		    (!break_before(dc, j) && !q))
			continue;
		n = collect(dc, j, 1, w);
		if (n < 2 || w[n - 1].b != i ||
		    (q && !break_before(dc, j) && !first_name_at(dc, j) &&
		    !plain_names(dc, w, n)))
			continue;
		for (e = 0; e < n; e++)
			if (!dc->t[w[e].a].cap && !elided(dc, w[e].a) &&
			    !word_in(dc, w[e].a, particles, sizeof(particles) /
			    sizeof(particles[0])))
				break;
		if (e < n)
			continue;
		assign(dc, w, n, first, last, sz);
		return 1;
	}
	return 0;
}

/* 1 when token k is a kiss in lower case ("x", "xx", "xxx"). */
static int
kiss_at(const struct nlu_doc *dc, size_t k)
{
	return !dc->t[k].cap && (nlu_tok_is(dc, k, "x") ||
	    nlu_tok_is(dc, k, "xx") || nlu_tok_is(dc, k, "xxx"));
}

/*
 * 1 when a closing or thanks ends just before token e ("cheers", "ta",
 * "merci", "kind regards").
 */
static int
closing_before(const struct nlu_doc *dc, size_t e)
{
	size_t	 k, nw, end;
	const char *c, *cl;

	if (e == 0)
		return 0;
	if (nlu_tok_is(dc, e - 1, "ta") || nlu_tok_is(dc, e - 1, "ty"))
		return 1;
	for (k = 0; k < NCLOSE; k++) {
		cl = k < NCLOSING ? closings[k] : thanks[k - NCLOSING];
		for (nw = 1, c = cl; *c != '\0'; c++)
			nw += *c == ' ';
		if (e >= nw && nlu_seq(dc, e - nw, cl, &end) && end == e)
			return 1;
	}
	return 0;
}

/*
 * 1 when token k is a dash that sets off what follows it ("… sorry!!
 * -Tyler", "… 3ish. - Jordan"): blank or a sign before it, so not the
 * hyphen of a compound ("Marie-Claire").
 */
static int
dash_off(const struct nlu_doc *dc, size_t k)
{
	return k > 0 && dc->t[k].kind == NLU_TK_PUNCT &&
	    dc->t[k].w[0] == '-' && (dc->t[k].sp ||
	    dc->t[k - 1].kind == NLU_TK_PUNCT);
}

/*
 * 1 when token k, just before a name that ends the message, sets it off
 * as a signature: a full stop, a question or exclamation mark, a comma,
 * an opening bracket, or a kiss ("… mon 21st? x Amy"). A full stop
 * after a title ("Dr. Hannah") is none.
 */
static int
sign_off_at(const struct nlu_doc *dc, size_t k)
{
	static const char *const titles[] = { "dr", "mr", "mrs", "ms",
	    "mme", "mlle", "m", "st", "pr", "prof", "doc" };

	if (dc->t[k].kind == NLU_TK_PUNCT) {
		if (strchr("?!,(", dc->t[k].w[0]) != NULL || dash_off(dc, k))
			return 1;
		return dc->t[k].w[0] == '.' && (k == 0 || !word_in(dc, k - 1,
		    titles, sizeof(titles) / sizeof(titles[0])));
	}
	return kiss_at(dc, k);
}

/*
 * "… thurs after work? ta, Becky", "… first thing friday? Liam", "… x
 * Amy", "… les cartons. Hugo", "… possible? (Paulo Da Silva)": a known
 * first name with a capital, alone or opening a name in full, that ends
 * the message after a sign, a bracket or a kiss, is the sender's. It is
 * taken as thanked, so that a practitioner's name is given back for the
 * practitioner. Returns 1 when found.
 */
static int
short_signature(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i, j, n;
	int		 lower;

	i = text_end(dc);
	/* "Ta, Jodie x": a kiss after the name */
	if (i > 2 && kiss_at(dc, i - 1)) {
		i--;
		while (i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT)
			i--;
	}
	for (j = i >= 1 ? i - 1 : 0; j > 0 && j + 5 > i; j--) {
		/* "cheers, kieran": in lower case, one word after a
		 * closing and a comma */
		lower = !dc->t[j].cap && j + 1 == i && j >= 2 &&
		    is_comma(dc, j - 1) && closing_before(dc, j - 1);
		/* "… my physio is 🙈 - ellie": a known first name in
		 * lower case, alone after a dash */
		lower |= !dc->t[j].cap && j + 1 == i && j >= 2 &&
		    dash_off(dc, j - 1) && first_name_at(dc, j);
		/* after a dash, a name nobody listed too ("-Tyler") */
		if (dc->t[j].kind != NLU_TK_WORD || (!dc->t[j].cap &&
		    !lower) || dc->t[j].used || (!first_name_at(dc, j) &&
		    !(dash_off(dc, j - 1) && collect(dc, j, COLLECT_CAP,
		    w) > 0 && plain_names(dc, w, 1))) ||
		    !sign_off_at(dc, j - 1))
			continue;
		if (lower) {
			dc->name_thanked = 1;
			dc->t[j].used = 1;
			copy_span(dc, j, j + 1, first, sz);
			return 1;
		}
		n = collect(dc, j, COLLECT_CAP, w);
		if (n == 0 || w[n - 1].b != i || (n > 1 && !full_name(dc, w,
		    n)))
			return 0;
		dc->name_thanked = 1;
		assign(dc, w, n, first, last, sz);
		return 1;
	}
	return 0;
}

/* Words after one's own name that say who writes, folded. */
static const char *const here_words[] = { "ici", "here", "speaking",
    "writing" };

/*
 * 1 when token i says who writes after one's name and ends a clause:
 * "ici", "here", "speaking", or the French phone idiom "à l'appareil".
 */
static int
here_at(const struct nlu_doc *dc, size_t i)
{
	size_t	 e = i + 1;

	if (!word_in(dc, i, here_words, sizeof(here_words) /
	    sizeof(here_words[0])) && !nlu_seq(dc, i, "a l appareil", &e) &&
	    !nlu_seq(dc, i, "qui vous ecrit", &e))
		return 0;
	return e >= dc->n || dc->t[e].kind == NLU_TK_PUNCT;
}

/*
 * "Mathieu Lavoie ici, …", "Sophie here, not the physio", "it's Daniel
 * Okoro speaking": one to three words with capitals just before "ici",
 * "here" or "speaking", at the start of the message or after a greeting,
 * a sentence end or "c'est" / "it's" / "this is", are the sender's name.
 * Returns 1 when found.
 */
static int
here_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i, j, n, k;

	for (i = 1; i < dc->n && i < 12; i++) {
		if (!here_at(dc, i))
			continue;
		for (j = i >= 4 ? i - 4 : 0; j < i; j++) {
			if (j > 0 && !break_before(dc, j) && !word_in(dc,
			    j - 1, greetings, sizeof(greetings) /
			    sizeof(greetings[0])) && !nlu_tok_is(dc, j - 1,
			    "est") && !nlu_tok_is(dc, j - 1, "s") &&
			    !nlu_tok_is(dc, j - 1, "is"))
				continue;
			n = collect(dc, j, 1, w);
			if (n == 0 || w[n - 1].b != i)
				continue;
			for (k = 0; k < n; k++)
				if (!dc->t[w[k].a].cap && !word_in(dc, w[k].a,
				    particles, sizeof(particles) /
				    sizeof(particles[0])))
					break;
			if (k < n)
				continue;
			/* "M. Lefèvre à l'appareil": one word after a
			 * civil title is the surname */
			if (n == 1 && civil_at(dc, j)) {
				dc->t[w[0].a].used = 1;
				copy_span(dc, w[0].a, w[0].b, last, sz);
				return 1;
			}
			assign(dc, w, n, first, last, sz);
			return 1;
		}
	}
	return 0;
}

/* Does the message end with a question mark ("pourquoi ?")? */
static int
ends_in_question(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = dc->n; i > 0 && dc->t[i - 1].kind == NLU_TK_PUNCT; i--)
		if (dc->t[i - 1].w[0] == '?')
			return 1;
	return 0;
}

/*
 * A bare reply that is only a name ("Marie Dupont", "Dupont Marie."),
 * accepted when Sophie asked for the name.
 */
static int
bare_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3], w2[3];
	size_t		 i = 0, n, e;
	int		 titled;

	while (i < dc->n && (nlu_tok_is(dc, i, "oui") ||
	    nlu_tok_is(dc, i, "bonjour") || nlu_tok_is(dc, i, "hello") ||
	    nlu_tok_is(dc, i, "yes") || nlu_tok_is(dc, i, "sure") ||
	    nlu_tok_is(dc, i, "ok") || nlu_tok_is(dc, i, "okay") ||
	    nlu_tok_is(dc, i, "yeah") || nlu_tok_is(dc, i, "yep") ||
	    nlu_tok_is(dc, i, "ouais") || dc->t[i].kind == NLU_TK_PUNCT))
		i++;
	titled = civil_at(dc, i);
	n = collect(dc, i, COLLECT_BARE, w);
	if (n == 0 || ends_in_question(dc))
		return 0;
	/* "Dupont, Marie" / "Smith, John": the surname, a comma, the first
	 * name, and nothing else */
	e = w[0].b;
	/* the first name into a whole array of its own: collect() may
	 * write three words */
	if (n == 1 && is_comma(dc, e) && collect(dc, e + 1,
	    dc->t[w[0].a].cap || elided(dc, w[0].a) ? COLLECT_CAP :
	    COLLECT_ANY, w2) == 1 && w2[0].b >= dc->n) {
		w[1] = w2[0];
		assign_reversed(dc, w, first, last, sz);
		return 1;
	}
	/* "Dos Santos Oliveira, Maria", "van den Berg Smit, Anna": family
	 * names that open with a particle, a comma, one first name */
	e = w[n - 1].b;
	if (n >= 2 && particle_first(dc, &w[0]) && is_comma(dc, e) &&
	    collect(dc, e + 1, dc->t[w[0].a].cap ? COLLECT_CAP :
	    COLLECT_ANY, w2) == 1 && w2[0].b >= dc->n) {
		w[0].b = w[n - 1].b;
		w[1] = w2[0];
		assign_reversed(dc, w, first, last, sz);
		return 1;
	}
	/* The name alone, or followed by a comma or the birth date ("Marie
	 * Curie, née le 7 novembre 1967", "Jean Dupont né le 3/3/80"). */
	e = w[n - 1].b;
	if (e < dc->n && !(dc->t[e].kind == NLU_TK_PUNCT &&
	    strchr(",;.", dc->t[e].w[0]) != NULL) && !nlu_tok_is(dc, e, "ne") &&
	    !nlu_tok_is(dc, e, "nee") && !nlu_tok_is(dc, e, "born") &&
	    !nlu_tok_is(dc, e, "dob")) {
		/* "marie dupont svp": a polite word may follow; so may
		 * the birth date or the phone number ("Tom Baker -
		 * 12/03/1985"), a civil title ("(Mr)"), or "is my name" */
		if (nlu_seq(dc, e, "is my name", NULL) ||
		    nlu_seq(dc, e, "c est mon nom", NULL))
			e = dc->n;
		for (; e < dc->n; e++)
			if (dc->t[e].kind != NLU_TK_PUNCT &&
			    !(dc->t[e].w[0] >= '0' && dc->t[e].w[0] <= '9') &&
			    !word_in(dc, e, civil, sizeof(civil) /
			    sizeof(civil[0])) &&
			    !nlu_tok_is(dc, e, "born") &&
			    !nlu_tok_is(dc, e, "dob") &&
			    !nlu_tok_is(dc, e, "svp") &&
			    !nlu_tok_is(dc, e, "stp") &&
			    !nlu_tok_is(dc, e, "pls") &&
			    !nlu_tok_is(dc, e, "please") &&
			    !nlu_tok_is(dc, e, "merci") &&
			    !nlu_tok_is(dc, e, "thanks") &&
			    !(dc->t[e].cap && strlen(dc->t[e].w) == 1 &&
			    is_sign_at(dc, e + 1, '.')))
				return 0;	/* "Marie D." keeps Marie */
	}
	/* "Mme Lefèvre": after a civil title, one word is the surname; so
	 * is one word in capitals ("DUPONT") */
	if (n == 1 && (titled || (dc->t[w[0].a].allcap &&
	    w[0].b == w[0].a + 1 && strlen(dc->t[w[0].a].w) >= 3))) {
		for (e = w[0].a; e < w[0].b; e++)
			dc->t[e].used = 1;
		copy_span(dc, w[0].a, w[0].b, last, sz);
		return 1;
	}
	assign(dc, w, n, first, last, sz);
	return 1;
}

/*
 * "Mrs Jane Smith-Jones, consultation Monday", "Bonjour, M. Paul
 * Girard, un rdv...": a civil title opening the message, then a first
 * and a last name with capitals and a comma, is the sender. Returns 1
 * when found.
 */
static int
titled_opening(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i = 0;

	while (i < dc->n && (nlu_tok_is(dc, i, "bonjour") ||
	    nlu_tok_is(dc, i, "hello") || nlu_tok_is(dc, i, "hi") ||
	    nlu_tok_is(dc, i, "bonsoir") || dc->t[i].kind == NLU_TK_PUNCT))
		i++;
	if (!civil_at(dc, i) || collect(dc, i, COLLECT_CAP, w) != 2 ||
	    !dc->t[w[0].a].cap || !dc->t[w[1].a].cap || !is_comma(dc, w[1].b))
		return 0;
	assign(dc, w, 2, first, last, sz);
	return 1;
}

/*
 * "moi c'est Chloé, Chloé Bernard", "Sophie here… Sophie Nguyen, the
 * patient": a first name found alone and said again before a word with
 * a capital gives the last name.
 */
static void
repeated_first(struct nlu_doc *dc, char *last, size_t sz,
    const char *first)
{
	char	 f[NLU_VALUE_MAX];
	size_t	 i, e;

	nlu_fold(first, strlen(first), f, sizeof(f));
	for (i = 0; i + 1 < dc->n; i++) {
		if (dc->t[i].kind != NLU_TK_WORD ||
		    strcmp(dc->t[i].w, f) != 0 || !name_word(dc, i + 1) ||
		    !dc->t[i + 1].cap || w_in(dc->t[i + 1].w, pure_first,
		    sizeof(pure_first) / sizeof(pure_first[0])))
			continue;
		e = word_end(dc, i + 1);
		dc->t[i].used = 1;
		for (size_t j = i + 1; j < e; j++)
			dc->t[j].used = 1;
		copy_span(dc, i + 1, e, last, sz);
		return;
	}
}

/*
 * "je voudrais un rdv pour mon mari", "a blood test for my son": the
 * appointment is for a relative (not named in full), so the name the
 * sender gives is not the patient's, unless the sender books for
 * themselves too ("pour moi et pour ma fille", "for me and my son").
 */
static int
for_relative(const struct nlu_doc *dc)
{
	size_t	 i;

	if (me_too(dc))
		return 0;
	for (i = 0; i + 2 < dc->n; i++)
		if ((nlu_tok_is(dc, i, "pour") || nlu_tok_is(dc, i, "for")) &&
		    word_in(dc, i + 1, possessives, sizeof(possessives) /
		    sizeof(possessives[0])) && word_in(dc, i + 2, relatives,
		    sizeof(relatives) / sizeof(relatives[0])))
			return 1;
	return 0;
}

/*
 * Find the patient's first and last names; each output is "" when absent.
 * Returns 1 when any name was found.
 */
/* What is said after the name of the one who treats the writer. */
static const char *const treats_me[] = {
	"qui me suit", "qui me soigne", "qui me traite", "qui m a soigne",
	"qui m a soignee", "qui s occupe de moi", "qui me suivait",
	"who sees me", "who usually sees me", "who normally sees me",
	"who treats me", "who usually treats me", "who looks after me",
	"who saw me", "who treated me",
};

/*
 * "c'est Nadia qui me suit d'habitude", "it's Sam who usually sees me":
 * a first name followed by who treats the writer is the practitioner's,
 * not the writer's; its token is given back. 1 when so.
 */
static int
treats_writer(struct nlu_doc *dc)
{
	size_t	 i, k, end;

	for (i = 0; i + 1 < dc->n; i++) {
		if (!dc->t[i].used || dc->t[i].kind != NLU_TK_WORD)
			continue;
		for (k = 0; k < sizeof(treats_me) / sizeof(treats_me[0]); k++)
			if (nlu_seq(dc, i + 1, treats_me[k], &end)) {
				dc->t[i].used = 0;
				return 1;
			}
	}
	return 0;
}

/* Is token i a year of a birth date (two digits, or 1900 to 2030)? */
static int
year_at(const struct nlu_doc *dc, size_t i)
{
	return i < dc->n && dc->t[i].kind == NLU_TK_WORD && dc->t[i].num >= 0 &&
	    (dc->t[i].ndig == 2 || (dc->t[i].ndig == 4 &&
	    dc->t[i].num >= 1900 && dc->t[i].num <= 2030));
}

/*
 * Does a full date with its year start at token i ("5/5/1970",
 * "12.03.85", "05-05-1970", "5 mai 1970", "3rd March 1984")?
 */
static int
full_date_at(const struct nlu_doc *dc, size_t i)
{
	static const char *const short_months[] = { "jan", "feb", "mar",
	    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	    "janv", "fev", "avr", "juil" };
	size_t	 k;

	if (i >= dc->n || dc->t[i].kind != NLU_TK_WORD)
		return 0;
	k = i;
	/* "3rd", "1er": the digits lead the word */
	if (dc->t[k].num < 1 || dc->t[k].num > 31) {
		if (!(dc->t[k].w[0] < '0' || dc->t[k].w[0] > '9') == 0 ||
		    (!nlu_tok_is(dc, k, "1er") && strlen(dc->t[k].w) > 4))
			return 0;
	}
	if (k + 4 < dc->n && dc->t[k + 1].kind == NLU_TK_PUNCT &&
	    strchr("/.-", dc->t[k + 1].w[0]) != NULL &&
	    dc->t[k + 2].num >= 1 && dc->t[k + 2].num <= 31 &&
	    dc->t[k + 3].kind == NLU_TK_PUNCT &&
	    dc->t[k + 3].w[0] == dc->t[k + 1].w[0] && year_at(dc, k + 4))
		return 1;
	return k + 2 < dc->n && (word_in(dc, k + 1, months,
	    sizeof(months) / sizeof(months[0])) || word_in(dc, k + 1,
	    short_months, sizeof(short_months) / sizeof(short_months[0]))) &&
	    year_at(dc, k + 2) && dc->t[k + 2].ndig == 4;
}

/*
 * "Anna Smith 5/5/1970", "Marie Dupont, née le 12/03/1980", "its Tom
 * Reid dob 5/5/1970": two or three words with capitals just before a
 * birth date, at the start of the message or of a sentence, after a
 * greeting or after "c'est" / "it's" / "je suis" / "I'm", are the
 * sender's name. Returns 1 when found.
 */
static int
dated_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	static const char *const intro[] = { "ne", "nee", "le", "born",
	    "on", "dob", "ddn", "date", "de", "naissance", "d", "o", "b",
	    "birth", "of" };
	static const char *const lead[] = { "est", "s", "its", "is", "suis",
	    "m", "im", "moi", "c", "cest", "ici", "sono", "am" };
	struct span	 w[3];
	size_t		 i, j, d, n, k;

	for (i = 1; i < dc->n; i++) {
		/* the name ends at i: a date follows after a few intro
		 * words */
		for (d = i, k = 0; d < dc->n && k < 4 && (word_in(dc, d,
		    intro, sizeof(intro) / sizeof(intro[0])) ||
		    (dc->t[d].kind == NLU_TK_PUNCT &&
		    strchr(",:(-.", dc->t[d].w[0]) != NULL)); d++, k++)
			;
		if (!full_date_at(dc, d))
			continue;
		for (j = i >= 3 ? i - 3 : 0; j + 1 < i; j++) {
			/* "… right after me? Jane Harkness, 2/2/1972": a
			 * question ends before the name */
			if (j > 0 && !break_before(dc, j) &&
			    !(dc->t[j - 1].kind == NLU_TK_PUNCT &&
			    strchr("?!", dc->t[j - 1].w[0]) != NULL) &&
			    !word_in(dc,
			    j - 1, greetings, sizeof(greetings) /
			    sizeof(greetings[0])) && !word_in(dc, j - 1, lead,
			    sizeof(lead) / sizeof(lead[0])))
				continue;
			n = collect(dc, j, 1, w);
			if (n < 2 || w[n - 1].b != i)
				continue;
			for (k = 0; k < n; k++)
				if (dc->t[w[k].a].used || (!dc->t[w[k].a].cap &&
				    !word_in(dc, w[k].a, particles,
				    sizeof(particles) / sizeof(particles[0]))))
					break;
			if (k < n)
				continue;
			assign(dc, w, n, first, last, sz);
			return 1;
		}
	}
	return 0;
}

/* Words after one's name that end the opening ("here", "ici"). */
static int
opening_end(const struct nlu_doc *dc, size_t e)
{
	return e >= dc->n || (dc->t[e].kind == NLU_TK_PUNCT &&
	    strchr(",.:;", dc->t[e].w[0]) != NULL) ||
	    nlu_tok_is(dc, e, "here") || nlu_tok_is(dc, e, "ici");
}

/*
 * 1 when the words w[0..n) may open a message as the sender's name: each
 * with a capital (or a particle), none a common word or a month, and
 * one a known first name.
 */
static int
opening_words_ok(const struct nlu_doc *dc, const struct span *w, size_t n)
{
	size_t	 k, j;
	int	 known = 0;

	for (k = 0; k < n; k++) {
		if (!dc->t[w[k].a].cap && !elided(dc, w[k].a) &&
		    !word_in(dc, w[k].a, particles, sizeof(particles) /
		    sizeof(particles[0])))
			return 0;
		for (j = w[k].a; j < w[k].b; j++) {
			if (dc->t[j].kind != NLU_TK_WORD)
				continue;
			if (word_in(dc, j, months, sizeof(months) /
			    sizeof(months[0])) || word_in(dc, j,
			    closing_words, sizeof(closing_words) /
			    sizeof(closing_words[0])))
				return 0;
			known |= first_name_at(dc, j);
		}
	}
	return known;
}

/*
 * "Anne Dubois. Je souhaite…", "DUPONT-MOREAU Jeanne, née le…", "DA
 * SILVA Beatriz. Need…", "Bonjour, van der Meulen Pieter, je
 * souhaite…", "Hi, mcgregor fiona, I'd like…", "Hello, O'Connor-Walsh
 * Bríd here": a name in full that opens the message (after a greeting,
 * if any) and ends its first clause (a comma, a full stop, a colon, or
 * "here" / "ici") is the sender's, when one of its words is a known
 * first name. A family name with its particles in lower case, or both
 * words in lower case after a greeting, come before the first name.
 * Returns 1 when found.
 */
static int
opening_name(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	struct span	 w[3];
	size_t		 i = 0, n, e;

	if (word_in(dc, 0, greetings, sizeof(greetings) /
	    sizeof(greetings[0])))
		i = 1;
	else if (nlu_tok_is(dc, 0, "good") && (nlu_tok_is(dc, 1, "morning") ||
	    nlu_tok_is(dc, 1, "afternoon") || nlu_tok_is(dc, 1, "evening")))
		i = 2;
	while (i < dc->n && dc->t[i].kind == NLU_TK_PUNCT &&
	    strchr(",.!", dc->t[i].w[0]) != NULL)
		i++;
	if (i >= dc->n || civil_at(dc, i) || dc->t[i].used)
		return 0;
	/* "van der Meulen Pieter,": the family name first */
	if (!dc->t[i].cap && (e = particle_name(dc, i, 0)) != 0 &&
	    e < dc->n && name_word(dc, e) && dc->t[e].cap &&
	    opening_end(dc, word_end(dc, e))) {
		w[0].a = i;
		w[0].b = e;
		w[1].a = e;
		w[1].b = word_end(dc, e);
		if (!plain_names(dc, &w[1], 1))
			return 0;
		assign_reversed(dc, w, first, last, sz);
		return 1;
	}
	/* "Hi, mcgregor fiona,": in lower case, after a greeting only */
	if (i > 0 && i + 2 < dc->n && !dc->t[i].cap && !dc->t[i + 1].cap &&
	    name_word(dc, i) && name_word(dc, i + 1) &&
	    dc->t[i].alpha && dc->t[i + 1].alpha &&
	    !is_stopword(dc->t[i].w) && !first_name_at(dc, i) &&
	    w_in(dc->t[i + 1].w, pure_first, sizeof(pure_first) /
	    sizeof(pure_first[0])) && is_comma(dc, i + 2)) {
		w[0].a = i;
		w[0].b = i + 1;
		w[1].a = i + 1;
		w[1].b = i + 2;
		assign_reversed(dc, w, first, last, sz);
		return 1;
	}
	n = collect(dc, i, COLLECT_CAP, w);
	if (n < 2 || !opening_end(dc, w[n - 1].b) ||
	    !opening_words_ok(dc, w, n))
		return 0;
	assign(dc, w, n, first, last, sz);
	return 1;
}

/*
 * "… Merci, Thi Thu Hà NGUYEN", "… thanks. Mary Ann O'BRIEN": after a
 * sentence end, a comma or a line break, one to three words with a
 * capital and a surname in capitals that ends the message are the
 * sender's name. Returns 1 when found.
 */
static int
capital_signature(struct nlu_doc *dc, char *first, char *last, size_t sz)
{
	size_t	 i, a, j, k;

	i = text_end(dc);
	if (i < 3)
		return 0;
	a = i - 1;
	while (a >= 2 && is_sign_at(dc, a - 1, '-') && !dc->t[a - 1].sp &&
	    !dc->t[a].sp && dc->t[a - 2].kind == NLU_TK_WORD)
		a -= 2;
	if (!dc->t[a].allcap || !dc->t[a].alpha || strlen(dc->t[a].w) < 2 ||
	    dc->t[a].used || is_stopword(dc->t[a].w))
		return 0;
	/* "O'DONNELL": the elided particle too */
	if (a >= 1 && elided(dc, a - 1))
		a--;
	for (j = a; j > 0 && a - j < 3; j--)
		if (!name_word(dc, j - 1) || !dc->t[j - 1].cap ||
		    dc->t[j - 1].allcap)
			break;
	if (j == a || !break_before(dc, j))
		return 0;
	for (k = j; k < a; k++) {
		struct span	 one = { k, k + 1 };

		if (!plain_names(dc, &one, 1))
			return 0;
	}
	for (k = j; k < i; k++)
		dc->t[k].used = 1;
	copy_span(dc, j, a, first, sz);
	copy_span(dc, a, i, last, sz);
	return 1;
}

int
nlu_names(struct nlu_doc *dc, enum nlu_awaiting aw, char *first,
    char *last, size_t sz)
{
	size_t	 i;
	int	 self = 0, other = 0;

	first[0] = last[0] = '\0';
	for (i = 0; i < dc->n; i++) {
		if (i > 0 && dc->t[i - 1].kind == NLU_TK_WORD &&
		    nlu_tok_is(dc, i - 1, "qui"))
			continue;
		if (names_at(dc, i, aw == NLU_AWAIT_NAME, first, last, sz,
		    &other) && !other)
			self = 1;
		if (first[0] != '\0' && last[0] != '\0')
			break;
	}
	if (first[0] == '\0' && last[0] == '\0' && aw == NLU_AWAIT_NAME)
		bare_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0')
		here_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0')
		dated_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0')
		titled_opening(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0')
		relative_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0')
		absent_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0')
		possessive_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0')
		greeting_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0' && dc->n > 3)
		opening_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0' && dc->n > 3)
		capital_signature(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0' && dc->n > 3)
		signature_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0' && dc->n > 3)
		closing_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0' && dc->n > 3)
		lower_closing_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0' && dc->n > 3)
		lower_signature_name(dc, first, last, sz);
	if (first[0] == '\0' && last[0] == '\0' && dc->n > 3)
		short_signature(dc, first, last, sz);
	if (first[0] != '\0' && last[0] == '\0' && treats_writer(dc))
		first[0] = '\0';
	if (first[0] != '\0' && last[0] == '\0')
		repeated_first(dc, last, sz, first);
	/* The sender who books for a relative is not the patient; the
	 * relative may be named in full. */
	if (self && aw != NLU_AWAIT_NAME && for_relative(dc)) {
		first[0] = last[0] = '\0';
		relative_name(dc, first, last, sz);
	}
	return first[0] != '\0' || last[0] != '\0';
}

static int
email_local(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%' ||
	    c == '+' || c == '-';
}

static int
email_domain(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/*
 * The first e-mail address, lower-cased, into out; its tokens are marked
 * used. Returns 1 or 0.
 */
int
nlu_email(struct nlu_doc *dc, char *out, size_t sz)
{
	const char *s = dc->text;
	size_t	 i, a, b, dot, k;

	out[0] = '\0';
	for (i = 1; i + 1 < dc->len; i++) {
		if (s[i] != '@')
			continue;
		for (a = i; a > 0 && email_local((unsigned char)s[a - 1]); a--)
			;
		for (b = i + 1; b < dc->len &&
		    email_domain((unsigned char)s[b]); b++)
			;
		while (b > i + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
			b--;
		while (a < i && s[a] == '.')
			a++;
		for (dot = 0, k = i + 1; k < b; k++)
			if (s[k] == '.')
				dot = k;
		if (a == i || dot == 0 || dot == i + 1 || b - a + 1 > sz)
			continue;
		for (k = a; k < b; k++)
			out[k - a] = (s[k] >= 'A' && s[k] <= 'Z') ?
			    (char)(s[k] - 'A' + 'a') : s[k];
		out[b - a] = '\0';
		for (k = 0; k < dc->n; k++)
			if (dc->t[k].so >= a && dc->t[k].eo <= b)
				dc->t[k].used = 1;
		return 1;
	}
	return 0;
}

/*
 * Read a phone number starting at text[i]: '+' or a digit (or an area
 * code in parentheses, "(212) 555-0187"), then digits with single
 * blanks, dots or dashes between groups. A number without a country
 * code is read with the clinic's country (desk_phone_e164, France when
 * unknown). Writes E.164 to out. Returns the end offset, or 0 when this
 * is not a phone number.
 */
static size_t
phone_at(const char *s, size_t len, size_t i, const char *country,
    char *out, size_t sz)
{
	char	 dg[24];
	size_t	 nd = 0, e = i, last = i;
	int	 plus = 0;

	if (s[e] == '+') {
		plus = 1;
		e++;
	} else if (s[e] == '(')
		e++;
	while (e < len && nd < sizeof(dg) - 1) {
		if (s[e] >= '0' && s[e] <= '9') {
			dg[nd++] = s[e++];
			last = e;
		} else if ((s[e] == ' ' || s[e] == '.' || s[e] == '-') &&
		    e + 1 < len && s[e + 1] >= '0' && s[e + 1] <= '9' && nd > 0)
			e++;
		else if (s[e] == '(' && e + 2 < len && s[e + 1] == '0' &&
		    s[e + 2] == ')' && plus)
			e += 3;
		else if (s[e] == ')' && s[i] == '(' && nd == 3 && e + 2 < len &&
		    (s[e + 1] == ' ' || s[e + 1] == '-') &&
		    s[e + 2] >= '0' && s[e + 2] <= '9')
			e += 2;		/* "(212) 555-0187" */
		else
			break;
	}
	dg[nd] = '\0';
	if (last < len && ((s[last] >= 'a' && s[last] <= 'z') ||
	    (s[last] >= 'A' && s[last] <= 'Z') || s[last] == '/'))
		return 0;
	/* E.164: 8 to 15 digits, the country code not starting with 0. */
	if (plus && nd >= 8 && nd <= 15 && dg[0] != '0') {
		out[0] = '+';
		nlu_copy(out + 1, sz - 1, dg, nd);
	} else if (!plus && nd >= 10 && dg[0] == '0' && dg[1] == '0' &&
	    dg[2] != '0' && nd <= 17) {
		out[0] = '+';
		nlu_copy(out + 1, sz - 1, dg + 2, nd - 2);
	} else {
		/* French numbers have ten digits; others nine to eleven. */
		if (country == NULL || *country == '\0')
			country = "FR";
		if (plus || nd < 9 || nd > 11 || (nd != 10 &&
		    strcmp(country, "FR") == 0) || sz < DESK_PHONE_MAX ||
		    desk_phone_e164(dg, country, out, sz) == -1)
			return 0;
	}
	return last;
}

/*
 * The first phone number, in E.164, into out; its tokens are marked used.
 * Returns 1 or 0.
 */
int
nlu_phone(struct nlu_doc *dc, char *out, size_t sz)
{
	const char *s = dc->text;
	size_t	 i, e, k;

	out[0] = '\0';
	for (i = 0; i < dc->len; i++) {
		if (s[i] != '+' && (s[i] < '0' || s[i] > '9') &&
		    !(s[i] == '(' && i + 1 < dc->len && s[i + 1] >= '1' &&
		    s[i + 1] <= '9'))
			continue;
		if (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') ||
		    (s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
		    (s[i - 1] >= 'A' && s[i - 1] <= 'Z') || s[i - 1] == '/'))
			continue;
		if ((e = phone_at(s, dc->len, i, dc->country, out, sz)) == 0) {
			out[0] = '\0';
			continue;
		}
		for (k = 0; k < dc->n; k++)
			if (dc->t[k].so >= i && dc->t[k].eo <= e)
				dc->t[k].used = 1;
		return 1;
	}
	return 0;
}
