/*
 * Practitioners, patients' names and treatments as patients write them:
 * practitioners listed with or without a title, names that are ordinary
 * words, particles and compounds in patients' names, lay words for
 * treatments (built in, and the clinic's own aliases per language), and
 * the name of a treatment in the patient's language.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "nlu.h"
#include "replies.h"

/* A clinic whose staff are listed with, without or with other titles. */
static const char *const practs[] = { "Julie Lambert", "Kiné Marc Dubois",
    "Dr Claire Petit", "Rose Durand", "Dr Pierre Rousseau" };
static const char *const practs_en[] = { "Dr James Grant", "Dr Sarah May",
    "Will Thompson", "Hope Williams" };
static const char *const treats[] = { "Détartrage", "Extraction",
    "Blanchiment", "Soin de carie", "Kinésithérapie" };
static const char *const treats_en[] = { "Cleaning", "Check-up",
    "Vaccination", "Prescription renewal" };
/* The clinic's own words for its treatments. */
static const struct nlu_alias aliases[] = {
	{ 0, NLU_LANG_EN, 1, "Scale and polish" },
	{ 0, NLU_LANG_FR, 0, "grand ménage" },
	{ 2, NLU_LANG_EN, 0, "Hollywood smile" },
	{ 1, NLU_LANG_EN, 1, "Tooth removal" },
	{ 2, NLU_LANG_FR, 0, "coup d'éclat" },
	{ 0, NLU_LANG_FR, 0, "remise-à-neuf" },
};
static const struct nlu_now monday = { 2026, 11, 23, 10, 15 };

/* Extract text against lists l (awaiting aw) into r. */
static void
run(const struct nlu_lists *l, const char *text, enum nlu_awaiting aw,
    struct nlu_result *r)
{
	struct nlu_context ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.awaiting = aw;
	assert_int_equal(nlu_extract(text, strlen(text), l, &ctx, &monday,
	    r), 0);
}

/* The practitioner found in text (French clinic), "" when none. */
static const char *
pract_fr(const char *text)
{
	static struct nlu_result r;
	struct nlu_lists l;

	memset(&l, 0, sizeof(l));
	l.practitioners = practs;
	l.npractitioners = sizeof(practs) / sizeof(practs[0]);
	run(&l, text, NLU_AWAIT_NONE, &r);
	return r.val[NLU_F_PRACTITIONER];
}

/* The practitioner found in text (English clinic), "" when none. */
static const char *
pract_en(const char *text)
{
	static struct nlu_result r;
	struct nlu_lists l;

	memset(&l, 0, sizeof(l));
	l.practitioners = practs_en;
	l.npractitioners = sizeof(practs_en) / sizeof(practs_en[0]);
	run(&l, text, NLU_AWAIT_NONE, &r);
	return r.val[NLU_F_PRACTITIONER];
}

/* The treatment found in text; with_aliases adds the clinic's own. */
static const char *
treat_of(const char *const *list, size_t n, int with_aliases,
    const char *text)
{
	static struct nlu_result r;
	struct nlu_lists l;

	memset(&l, 0, sizeof(l));
	l.treatments = list;
	l.ntreatments = n;
	if (with_aliases) {
		l.aliases = aliases;
		l.naliases = sizeof(aliases) / sizeof(aliases[0]);
	}
	run(&l, text, NLU_AWAIT_NONE, &r);
	return r.val[NLU_F_APPOINTMENT_TYPE];
}

#define TREAT_FR(text)	treat_of(treats, 5, 0, (text))
#define TREAT_EN(text)	treat_of(treats_en, 4, 0, (text))

static void
practitioner_untitled_and_other_titles(void **state)
{
	(void)state;
	assert_string_equal(pract_fr("rdv avec Julie Lambert svp"),
	    "Julie Lambert");
	assert_string_equal(pract_fr("un rdv avec Mme Lambert"),
	    "Julie Lambert");
	assert_string_equal(pract_fr("je voudrais voir Julie"),
	    "Julie Lambert");
	assert_string_equal(pract_fr("rdv avec lambert jeudi"),
	    "Julie Lambert");
	assert_string_equal(pract_fr("une séance avec Marc Dubois"),
	    "Kiné Marc Dubois");
	assert_string_equal(pract_fr("rdv chez le kiné Dubois"),
	    "Kiné Marc Dubois");
	assert_string_equal(pract_fr("je voudrais voir le docteur Pierre"),
	    "Dr Pierre Rousseau");
	assert_string_equal(pract_en("Can I book with Will Thompson?"),
	    "Will Thompson");
}

static void
practitioner_small_typos(void **state)
{
	(void)state;
	assert_string_equal(pract_fr("rdv avec Julie Lamber"),
	    "Julie Lambert");
	assert_string_equal(pract_fr("rdv avec le dr Rouseau"),
	    "Dr Pierre Rousseau");
	assert_string_equal(pract_fr("je voudrais un rdv avec Durant"),
	    "Rose Durand");
	assert_string_equal(pract_en("Can I book with Dr Thomson"),
	    "Will Thompson");
}

static void
practitioner_bad_ordinary_words(void **state)
{
	(void)state;
	/* Names that are ordinary words need a title, both names or a cue. */
	assert_string_equal(pract_fr("je voudrais un petit rdv rapide"), "");
	assert_string_equal(pract_fr("c'est pour mon petit garçon"), "");
	assert_string_equal(pract_fr("j'ai la gencive toute rose"), "");
	assert_string_equal(pract_fr("j'ai une pierre au rein"), "");
	assert_string_equal(pract_fr("ce n'est pas très clair"), "");
	assert_string_equal(pract_en("I will be free all day"), "");
	assert_string_equal(pract_en("May I book for tomorrow?"), "");
	assert_string_equal(pract_en("I hope that works"), "");
	assert_string_equal(pract_en("Can you grant me a slot?"), "");
	/* A treatment word is not the practitioner who has it as title. */
	assert_string_equal(pract_fr("un rdv chez le kiné"), "");
	/* A first name given as a child's or the patient's own. */
	assert_string_equal(pract_fr("un rdv pour ma fille Julie"), "");
	assert_string_equal(pract_fr("Je m'appelle Julie Martin"), "");
	/* Typos are not allowed on short names, nor without a cue. */
	assert_string_equal(pract_fr("une rose rouge"), "");
	assert_string_equal(pract_en("I was granted a leave"), "");
}

static void
practitioner_ordinary_words_with_cue(void **state)
{
	(void)state;
	assert_string_equal(pract_fr("un rdv avec le Dr Petit"),
	    "Dr Claire Petit");
	assert_string_equal(pract_fr("je voudrais voir Claire Petit"),
	    "Dr Claire Petit");
	assert_string_equal(pract_fr("un rdv avec Rose"), "Rose Durand");
	assert_string_equal(pract_fr("rdv avec Pierre jeudi"),
	    "Dr Pierre Rousseau");
	assert_string_equal(pract_en("Can I book with Dr May on Friday?"),
	    "Dr Sarah May");
	assert_string_equal(pract_en("I'd like to book with Will"),
	    "Will Thompson");
	assert_string_equal(pract_en("Can I book with Grant?"),
	    "Dr James Grant");
	assert_string_equal(pract_en("I'd like to see Hope Williams"),
	    "Hope Williams");
}

static void
patient_names_particles_and_compounds(void **state)
{
	struct nlu_result r;

	(void)state;
	run(NULL, "je m'appelle Marie de La Tour", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Marie");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "de La Tour");
	run(NULL, "Anna van der Berg", NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Anna");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "van der Berg");
	run(NULL, "my name is Sean O'Neil", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_LAST_NAME], "O'Neil");
	run(NULL, "c'est Kevin McDonald", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_LAST_NAME], "McDonald");
	run(NULL, "LE GALL Yann", NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Yann");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "LE GALL");
	run(NULL, "je m'appelle Ludwig von Beethoven", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_LAST_NAME], "von Beethoven");
	run(NULL, "Name: Angus MacLeod", NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Angus");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "MacLeod");
	run(NULL, "je suis Mme Camille Durand", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Camille");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Durand");
	run(NULL, "Mon prénom est Lucie et mon nom de famille est Bernard",
	    NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Lucie");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Bernard");
}

static void
patient_names_bad_not_someone_else(void **state)
{
	struct nlu_result r;

	(void)state;
	/* the child the appointment is for, named alone, is the patient
	 * (tests/nlu/FORMAT.md); the parent who says whose parent they
	 * are gives no name */
	run(NULL, "Je voudrais un rdv pour ma fille Léa", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Léa");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "");
	run(NULL, "I'd like to book for my daughter Emma", NLU_AWAIT_NONE,
	    &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Emma");
	run(NULL, "a check-up for me and my son Finn", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	run(NULL, "je suis la maman de Léo", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "");
}

static void
treatment_lay_words_builtin(void **state)
{
	(void)state;
	assert_string_equal(TREAT_FR("me faire arracher une dent"),
	    "Extraction");
	assert_string_equal(TREAT_FR("enlever une dent de sagesse"),
	    "Extraction");
	assert_string_equal(TREAT_FR("me faire blanchir les dents"),
	    "Blanchiment");
	assert_string_equal(TREAT_FR("j'ai une carie"), "Soin de carie");
	assert_string_equal(TREAT_FR("I have a cavity"), "Soin de carie");
	assert_string_equal(TREAT_FR("get my teeth cleaned"), "Détartrage");
	assert_string_equal(TREAT_FR("une séance de kiné"), "Kinésithérapie");
	assert_string_equal(TREAT_FR("some physio please"), "Kinésithérapie");
	assert_string_equal(TREAT_EN("un détartrage"), "Cleaning");
	assert_string_equal(TREAT_EN("un contrôle"), "Check-up");
	assert_string_equal(TREAT_EN("my flu jab"), "Vaccination");
	assert_string_equal(TREAT_EN("me faire vacciner"), "Vaccination");
	assert_string_equal(TREAT_EN("a repeat prescription"),
	    "Prescription renewal");
	assert_string_equal(TREAT_EN("renouveler mon ordonnance"),
	    "Prescription renewal");
}

/*
 * A tooth and what to do with it, in either order and a few words
 * apart, within one sentence; lay words of a treatment's family.
 */
static void
treatment_word_order_and_lay_families(void **state)
{
	(void)state;
	assert_string_equal(TREAT_FR("une dent à enlever, c'est possible ?"),
	    "Extraction");
	assert_string_equal(TREAT_FR("j'ai une dent de lait qui bouge, il "
	    "faudrait la retirer"), "Extraction");
	assert_string_equal(TREAT_FR("a wobbly tooth at the back that needs "
	    "to come out"), "Extraction");
	assert_string_equal(TREAT_FR("my teeth a few shades whiter"),
	    "Blanchiment");
	assert_string_equal(TREAT_EN("I need a new script for my tablets"),
	    "Prescription renewal");
	assert_string_equal(TREAT_EN("my teeth are due a clean"), "Cleaning");
	/* another sentence, or no tooth: no extraction */
	assert_string_equal(TREAT_FR("j'ai mal à une dent. Vous pouvez "
	    "retirer mon nom de la liste ?"), "");
	assert_string_equal(TREAT_FR("pouvez-vous enlever mon rdv ?"), "");
	/* told as what happened, not asked for */
	assert_string_equal(TREAT_EN("had a cleaning last week, all fine, "
	    "can I book a check-up?"), "Check-up");
}

static void
treatment_bad_no_lay_word(void **state)
{
	(void)state;
	assert_string_equal(TREAT_FR("rdv demain matin"), "");
	assert_string_equal(TREAT_FR("une dent me fait mal"), "");
	assert_string_equal(TREAT_FR("j'ai le teint blanc"), "");
	assert_string_equal(TREAT_EN("I will take a shower first"), "");
	/* No treatment of that kind in the clinic's list. */
	assert_string_equal(TREAT_EN("me faire arracher une dent"), "");
}

static void
treatment_clinic_aliases(void **state)
{
	(void)state;
	assert_string_equal(treat_of(treats, 5, 1, "un grand ménage svp"),
	    "Détartrage");
	assert_string_equal(treat_of(treats, 5, 1,
	    "Can I book a Hollywood smile?"), "Blanchiment");
	assert_string_equal(treat_of(treats, 5, 1, "a tooth removal"),
	    "Extraction");
	/* Apostrophes, hyphens, case and accents as the patient types. */
	assert_string_equal(treat_of(treats, 5, 1, "un COUP D’ECLAT"),
	    "Blanchiment");
	assert_string_equal(treat_of(treats, 5, 1, "une remise a neuf"),
	    "Détartrage");
	/* Without the clinic's aliases those words mean nothing. */
	assert_string_equal(treat_of(treats, 5, 0, "un grand ménage svp"),
	    "");
}

static void
treatment_name_in_patient_language(void **state)
{
	struct nlu_lists l;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.treatments = treats;
	l.ntreatments = 5;
	/* Built in: a French name has an English one, and back. */
	assert_string_equal(nlu_treatment_display(&l, "Détartrage",
	    NLU_LANG_EN), "Cleaning");
	assert_string_equal(nlu_treatment_display(&l, "Détartrage",
	    NLU_LANG_FR), "Détartrage");
	assert_string_equal(nlu_treatment_display(&l, "Kinésithérapie",
	    NLU_LANG_EN), "Physiotherapy");
	assert_string_equal(nlu_treatment_display(&l, "Urgence dentaire",
	    NLU_LANG_EN), "Emergency appointment");
	assert_string_equal(nlu_treatment_display(&l, "Urgence dentaire",
	    NLU_LANG_FR), "Urgence dentaire");
	/* The clinic's own name in that language comes first. */
	l.aliases = aliases;
	l.naliases = sizeof(aliases) / sizeof(aliases[0]);
	assert_string_equal(nlu_treatment_display(&l, "Détartrage",
	    NLU_LANG_EN), "Scale and polish");
	assert_string_equal(nlu_treatment_display(&l, "Extraction",
	    NLU_LANG_EN), "Tooth removal");
	assert_string_equal(nlu_treatment_display(&l, "Extraction",
	    NLU_LANG_FR), "Extraction");
	/* Unknown names and English canonical names stay as they are. */
	l.treatments = treats_en;
	l.ntreatments = 4;
	l.aliases = NULL;
	l.naliases = 0;
	assert_string_equal(nlu_treatment_display(&l, "Cleaning",
	    NLU_LANG_EN), "Cleaning");
	assert_string_equal(nlu_treatment_display(&l, "Cleaning",
	    NLU_LANG_FR), "Détartrage");
	assert_string_equal(nlu_treatment_display(&l, "Pose de bague",
	    NLU_LANG_EN), "Pose de bague");
	assert_null(nlu_treatment_display(&l, NULL, NLU_LANG_EN));
	/* A name that says more than its kind keeps its own words. */
	assert_string_equal(nlu_treatment_display(&l, "Rééducation du genou",
	    NLU_LANG_EN), "Rééducation du genou");
	assert_string_equal(nlu_treatment_display(&l, "Orthodontie",
	    NLU_LANG_EN), "Orthodontics");
	/* The reply code's helper says the same. */
	assert_string_equal(replies_treatment(&l, "Cleaning", REPLIES_FR),
	    "Détartrage");
	assert_string_equal(replies_treatment(NULL, "Cleaning", REPLIES_EN),
	    "Cleaning");
	assert_string_equal(replies_treatment(NULL, "Pose de bague",
	    REPLIES_EN), "Pose de bague");
}

/* The phone number found in text for a clinic in country cc. */
static const char *
phone_in(const char *cc, const char *text)
{
	static struct nlu_result r;
	struct nlu_context ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.country = cc;
	assert_int_equal(nlu_extract(text, strlen(text), NULL, &ctx,
	    &monday, &r), 0);
	return r.val[NLU_F_PHONE];
}

static void
phone_local_read_with_clinic_country(void **state)
{
	(void)state;
	assert_string_equal(phone_in("BE", "mon gsm: 0470 12 34 56"),
	    "+32470123456");
	assert_string_equal(phone_in("CH", "le 079 123 45 67 svp"),
	    "+41791234567");
	assert_string_equal(phone_in("CA", "c'est le 514-555-0142"),
	    "+15145550142");
	assert_string_equal(phone_in("US", "call (212) 555-0187 please"),
	    "+12125550187");
	assert_string_equal(phone_in("GB", "my mobile is 07700 900123"),
	    "+447700900123");
	assert_string_equal(phone_in("IE", "ring me on 087 123 4567"),
	    "+353871234567");
	/* Unknown country: France, as before; "+" always wins. */
	assert_string_equal(phone_in(NULL, "06 12 34 56 78"),
	    "+33612345678");
	assert_string_equal(phone_in("GB", "+33 6 12 34 56 78"),
	    "+33612345678");
}

static void
phone_bad_not_a_local_number(void **state)
{
	(void)state;
	/* Dates, times and short numbers are no phone numbers. */
	assert_string_equal(phone_in("CA", "le 2026-11-23 a 14h"), "");
	assert_string_equal(phone_in("US", "room 212, 5pm"), "");
	assert_string_equal(phone_in("BE", "04 70 12"), "");
	/* A ten-digit North American number cannot start with 1 or 0. */
	assert_string_equal(phone_in("US", "ref 1234567890"), "");
}

/* First and last names found in text (awaiting aw), as "first|last". */
static const char *
names_of(const char *text, enum nlu_awaiting aw)
{
	static struct nlu_result r;
	static char out[2 * NLU_VALUE_MAX + 2];
	struct nlu_lists l;

	memset(&l, 0, sizeof(l));
	l.practitioners = practs;
	l.npractitioners = sizeof(practs) / sizeof(practs[0]);
	run(&l, text, aw, &r);
	snprintf(out, sizeof(out), "%s|%s", r.val[NLU_F_FIRST_NAME],
	    r.val[NLU_F_LAST_NAME]);
	return out;
}

static void
patient_names_before_here(void **state)
{
	(void)state;
	assert_string_equal(names_of("Bonjour, Mathieu Lavoie ici, un rdv "
	    "svp", NLU_AWAIT_NONE), "Mathieu|Lavoie");
	assert_string_equal(names_of("Hi, Rebecca Lawson here, can I book?",
	    NLU_AWAIT_NONE), "Rebecca|Lawson");
	assert_string_equal(names_of("it's Daniel Okoro speaking",
	    NLU_AWAIT_NONE), "Daniel|Okoro");
	/* A patient named like a practitioner is the patient. */
	assert_string_equal(names_of("Julie here, not the physio!",
	    NLU_AWAIT_NONE), "Julie|");
	assert_string_equal(pract_fr("Julie ici, pas la kiné"), "");
}

static void
patient_names_surname_first(void **state)
{
	(void)state;
	assert_string_equal(names_of("Lefebvre Camille", NLU_AWAIT_NAME),
	    "Camille|Lefebvre");
	assert_string_equal(names_of("je suis Bouchard Nathalie",
	    NLU_AWAIT_NONE), "Nathalie|Bouchard");
	assert_string_equal(names_of("Nom : Moreau, prénom : Julien",
	    NLU_AWAIT_NONE), "Julien|Moreau");
	/* Two first names, or a first name first: as written. */
	assert_string_equal(names_of("Camille Lefebvre", NLU_AWAIT_NAME),
	    "Camille|Lefebvre");
	assert_string_equal(names_of("Thomas Martin", NLU_AWAIT_NAME),
	    "Thomas|Martin");
}

static void
patient_names_signed_after_closing(void **state)
{
	(void)state;
	assert_string_equal(names_of("merci d'annuler.\nCordialement,\n"
	    "Bernard Leroy", NLU_AWAIT_NONE), "Bernard|Leroy");
	assert_string_equal(names_of("please cancel. Kind regards, Gareth "
	    "Hughes", NLU_AWAIT_NONE), "Gareth|Hughes");
	/* A first name alone after a closing. */
	assert_string_equal(names_of("merci d'annuler.\nCordialement,\n"
	    "Amélie", NLU_AWAIT_NONE), "Amélie|");
	assert_string_equal(names_of("please cancel. Kind regards, Oliver",
	    NLU_AWAIT_NONE), "Oliver|");
	/* Lower case after "moi c'est"; a name before brackets. */
	assert_string_equal(names_of("slt moi c'est julie moreau, un rdv",
	    NLU_AWAIT_NONE), "julie|moreau");
	assert_string_equal(names_of("moi c'est pour un contrôle",
	    NLU_AWAIT_NONE), "|");
	assert_string_equal(names_of("Hello, Jane Porter (born 1985) here "
	    "for a test", NLU_AWAIT_NONE), "Jane|Porter");
	/* Lower case after "I'm" when a known first name starts it. */
	assert_string_equal(names_of("hi i'm sarah connor and i need a test",
	    NLU_AWAIT_NONE), "sarah|connor");
	assert_string_equal(names_of("hi i'm stuck abroad, can I book?",
	    NLU_AWAIT_NONE), "|");
	/* A child named after "la maman de", "the father of". */
	assert_string_equal(names_of("je suis la maman de Léa Girard",
	    NLU_AWAIT_NONE), "Léa|Girard");
	assert_string_equal(names_of("I'm writing on behalf of Margaret "
	    "Hill", NLU_AWAIT_NONE), "Margaret|Hill");
	/* The sender who books for a relative is not the patient. */
	assert_string_equal(names_of("Moi c'est Sandrine, un rdv pour mon "
	    "mari svp", NLU_AWAIT_NONE), "|");
	assert_string_equal(names_of("I'm Sarah Jones, a flu jab for my son "
	    "Ben Jones", NLU_AWAIT_NONE), "Ben|Jones");
	assert_string_equal(names_of("c pour ma mere, elle s'appelle Fatima "
	    "El Idrissi", NLU_AWAIT_NONE), "Fatima|El Idrissi");
	assert_string_equal(names_of("je m'appelle Paul Morel, pour moi et "
	    "pour ma fille", NLU_AWAIT_NONE), "Paul|Morel");
	/* A first name said again with the last name. */
	assert_string_equal(names_of("moi c'est Chloé, Chloé Bernard",
	    NLU_AWAIT_NONE), "Chloé|Bernard");
	assert_string_equal(names_of("This one is for me, Grace Liu, a test",
	    NLU_AWAIT_NONE), "Grace|Liu");
}

static void
practitioner_after_role_word(void **state)
{
	(void)state;
	assert_string_equal(pract_fr("avec l'infirmière Claire demain"),
	    "Dr Claire Petit");
	assert_string_equal(pract_en("could the nurse Grant see me"),
	    "Dr James Grant");
	assert_string_equal(pract_fr("est-ce que Marc peut me voir"),
	    "Kiné Marc Dubois");
	/* A misspelt last name needs a capital, a title or a cue. */
	assert_string_equal(pract_fr("un rdv avec Rouseau"),
	    "Dr Pierre Rousseau");
	assert_string_equal(pract_fr("un rousseaux de dent"), "");
}

static void
practitioner_elided_names(void **state)
{
	static const char *const l[] = { "Dr Conor O'Neill", "Dr Aoife Kelly" };
	static struct nlu_result r;
	struct nlu_lists ls;

	(void)state;
	memset(&ls, 0, sizeof(ls));
	ls.practitioners = l;
	ls.npractitioners = 2;
	run(&ls, "Would Dr O'Neil have a slot?", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Conor O'Neill");
	run(&ls, "un rdv avec O’Neill", NLU_AWAIT_NONE, &r);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Conor O'Neill");
}

static const char *const treats_rehab[] = { "Séance de kinésithérapie",
    "Bilan initial", "Rééducation de la hanche", "Rééducation de l'épaule",
    "Pose de couronne", "Sick note", "Back pain treatment" };
#define TREAT_RH(text)	treat_of(treats_rehab, 7, 0, (text))

static void
treatment_for_a_body_part(void **state)
{
	static const char *const dental[] = { "Orthodontie", "Soin de carie",
	    "Contrôle" };

	(void)state;
	assert_string_equal(TREAT_RH("un rdv chez le kiné pour ma hanche"),
	    "Rééducation de la hanche");
	assert_string_equal(TREAT_RH("voir Thomas pour mon épaule"),
	    "Rééducation de l'épaule");
	assert_string_equal(TREAT_RH("a session for my back please"),
	    "Back pain treatment");
	assert_string_equal(TREAT_RH("rdv pour une couronne"),
	    "Pose de couronne");
	/* Lay words of kinds of treatment. */
	assert_string_equal(treat_of(dental, 3, 0, "un appareil dentaire "
	    "pour mon fils"), "Orthodontie");
	assert_string_equal(treat_of(dental, 3, 0, "un trou dans une dent"),
	    "Soin de carie");
	assert_string_equal(treat_of(dental, 3, 0, "le trou de la dent "
	    "arrachée saigne"), "");
	assert_string_equal(TREAT_RH("can I book a back session?"),
	    "Back pain treatment");
	assert_string_equal(TREAT_RH("une séance épaule svp"),
	    "Rééducation de l'épaule");
	/* An explicit treatment word wins over the part of the body. */
	assert_string_equal(TREAT_RH("un bilan initial pour ma hanche"),
	    "Bilan initial");
}

/*
 * A part of the body beside a therapy word, or one that hurts when
 * nothing else is named; lay words of fresh kinds (an ECG, a physical,
 * a tooth out); "blood pressure" and a therapy never had are none.
 */
static void
treatment_therapy_part_and_lay_words(void **state)
{
	static const char *const gp[] = { "Consultation", "Blood test",
	    "Physical exam", "Électrocardiogramme", "Repeat prescription" };
	static const char *const dental[] = { "Check-up", "Filling",
	    "Extraction" };

	(void)state;
	assert_string_equal(TREAT_RH("je voudrais commencer la kiné de "
	    "l'épaule"), "Rééducation de l'épaule");
	assert_string_equal(TREAT_RH("could I start hip physio next week?"),
	    "Rééducation de la hanche");
	assert_string_equal(TREAT_RH("my back's been sore since Sunday, "
	    "can someone see me?"), "Back pain treatment");
	assert_string_equal(TREAT_RH("mon épaule bloque, vous pouvez me "
	    "prendre ?"), "Rééducation de l'épaule");
	/* a treatment named wins over the part that hurts */
	assert_string_equal(TREAT_RH("j'ai mal à la hanche, je voudrais un "
	    "bilan initial"), "Bilan initial");
	assert_string_equal(treat_of(gp, 5, 0, "un électro du cœur mardi ?"),
	    "Électrocardiogramme");
	assert_string_equal(treat_of(gp, 5, 0, "book a physical please"),
	    "Physical exam");
	assert_string_equal(treat_of(gp, 5, 0, "can I get the pill renewed?"),
	    "Repeat prescription");
	assert_string_equal(treat_of(gp, 5, 0, "I'd like my blood pressure "
	    "checked"), "");
	assert_string_equal(treat_of(dental, 3, 0, "I need a molar out"),
	    "Extraction");
	assert_string_equal(treat_of(dental, 3, 0, "a hole in one of my back "
	    "teeth"), "Filling");
	assert_string_equal(treat_of(dental, 3, 0, "he knocked his tooth out "
	    "at football"), "");
}

/* A clinic whose doctor's surname has a particle. */
static const char *const practs_gp[] = { "Dr Philippe Lemaire",
    "Dr Yannick Le Goff", "Dre Julie Roy" };

/* The practitioner of the GP clinic found in text, "" when none. */
static const char *
pract_gp(const char *text)
{
	static struct nlu_result r;
	struct nlu_lists l;

	memset(&l, 0, sizeof(l));
	l.practitioners = practs_gp;
	l.npractitioners = 3;
	run(&l, text, NLU_AWAIT_NONE, &r);
	return r.val[NLU_F_PRACTITIONER];
}

static void
practitioner_surname_with_particle(void **state)
{
	(void)state;
	assert_string_equal(pract_gp("Je souhaiterais voir le docteur Le "
	    "Goff vendredi"), "Dr Yannick Le Goff");
	assert_string_equal(pract_gp("j'ai rdv avec le Dr Le Goff"),
	    "Dr Yannick Le Goff");
	assert_string_equal(pract_gp("rdv avec dr le goff pour un frottis"),
	    "Dr Yannick Le Goff");
	/* another Le Goff is not the doctor */
	assert_string_equal(pract_gp("je suis Marine Le Goff, un rdv lundi"),
	    "");
}

static void
treatment_bad_history_and_ordinary_words(void **state)
{
	static const char *const dental[] = { "Détartrage", "Contrôle" };

	(void)state;
	/* Said as what happened, not what is asked for. */
	assert_string_equal(TREAT_FR("depuis qu'on m'a arraché une dent ça "
	    "saigne"), "");
	assert_string_equal(TREAT_EN("I had my teeth cleaned and I feel "
	    "dizzy"), "");
	/* The clinic's own name in a story counts only when nothing else
	 * is asked for. */
	assert_string_equal(TREAT_EN("bleeding after my cleaning"),
	    "Cleaning");
	assert_string_equal(TREAT_EN("after my cleaning, I'd like a "
	    "check-up"), "Check-up");
	/* Generic and ordinary words alone name no treatment. */
	assert_string_equal(TREAT_RH("je dois annuler ma séance de demain"),
	    "");
	assert_string_equal(TREAT_RH("my cat is sick"), "");
	assert_string_equal(TREAT_RH("can I come back on Friday?"), "");
	assert_string_equal(TREAT_RH("my shoulder is fine now, cancel"), "");
	assert_string_equal(TREAT_RH("pour ma hanche ça va mieux, merci"),
	    "");
	assert_string_equal(TREAT_RH("Qui sont les kinés chez vous ?"), "");
	/* "contre" is no misspelt "Contrôle". */
	assert_string_equal(treat_of(dental, 2, 0, "un détartrage, par "
	    "contre pas le lundi"), "Détartrage");
}

/*
 * Rehabilitation after an operation; a part said sore; the kinds of a
 * GP's list (blood pressure, minor surgery, x-rays, needles); and
 * what names none of them.
 */
static void
treatment_after_surgery_and_gp_kinds(void **state)
{
	static const char *const physio[] = { "Physio session",
	    "Rehab after surgery", "Neck assessment", "Dry needling" };
	static const char *const kine[] = { "Séance de kiné",
	    "Rééducation du genou", "Rééducation de la hanche", "Bilan kiné" };
	static const char *const gp[] = { "Consultation",
	    "Blood pressure check", "Minor surgery", "Blood test" };
	static const char *const dental[] = { "Check-up", "Dental X-ray",
	    "Hygienist appointment" };

	(void)state;
	assert_string_equal(treat_of(physio, 4, 0, "I need physio after my "
	    "hip replacement"), "Rehab after surgery");
	assert_string_equal(treat_of(kine, 4, 0, "10 séances après mon "
	    "opération du genou, je peux commencer mardi ?"),
	    "Rééducation du genou");
	assert_string_equal(treat_of(physio, 4, 0, "could I book a session "
	    "for my stiff neck?"), "Neck assessment");
	assert_string_equal(treat_of(physio, 4, 0, "do you do the needles, "
	    "like acupuncture?"), "Dry needling");
	assert_string_equal(treat_of(gp, 4, 0, "I'd like my blood pressure "
	    "checked"), "Blood pressure check");
	assert_string_equal(treat_of(gp, 4, 0, "I'd like a mole removed"),
	    "Minor surgery");
	assert_string_equal(treat_of(dental, 3, 0, "can I get an x-ray of "
	    "my back tooth?"), "Dental X-ray");
	assert_string_equal(treat_of(dental, 3, 0, "have the kids' teeth "
	    "looked at"), "Check-up");
	/* An operation with no sessions asked, a mole only looked at,
	 * "appointments" and a cough name nothing. */
	assert_string_equal(treat_of(kine, 4, 0, "annulez tout en janvier, "
	    "j'ai une opération"), "");
	assert_string_equal(treat_of(gp, 4, 0, "can you check a mole on my "
	    "back?"), "");
	assert_string_equal(treat_of(dental, 3, 0, "which appointments have "
	    "I got next month?"), "");
	assert_string_equal(treat_of(gp, 4, 0, "can I see a doctor about a "
	    "cough?"), "");
	/* "blood pressure" is no blood test where none is offered. */
	assert_string_equal(treat_of(gp + 2, 2, 0, "my blood pressure is "
	    "high"), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(practitioner_untitled_and_other_titles),
		cmocka_unit_test(practitioner_small_typos),
		cmocka_unit_test(practitioner_bad_ordinary_words),
		cmocka_unit_test(practitioner_ordinary_words_with_cue),
		cmocka_unit_test(patient_names_particles_and_compounds),
		cmocka_unit_test(patient_names_bad_not_someone_else),
		cmocka_unit_test(treatment_lay_words_builtin),
		cmocka_unit_test(treatment_bad_no_lay_word),
		cmocka_unit_test(treatment_word_order_and_lay_families),
		cmocka_unit_test(treatment_clinic_aliases),
		cmocka_unit_test(treatment_name_in_patient_language),
		cmocka_unit_test(phone_local_read_with_clinic_country),
		cmocka_unit_test(phone_bad_not_a_local_number),
		cmocka_unit_test(patient_names_before_here),
		cmocka_unit_test(patient_names_surname_first),
		cmocka_unit_test(patient_names_signed_after_closing),
		cmocka_unit_test(practitioner_after_role_word),
		cmocka_unit_test(practitioner_elided_names),
		cmocka_unit_test(treatment_for_a_body_part),
		cmocka_unit_test(treatment_therapy_part_and_lay_words),
		cmocka_unit_test(treatment_bad_history_and_ordinary_words),
		cmocka_unit_test(treatment_after_surgery_and_gp_kinds),
		cmocka_unit_test(practitioner_surname_with_particle),
	};
	return cmocka_run_group_tests_name("nlu_match", tests, NULL, NULL);
}
