/*
 * The extractor: names, practitioners and treatments, intents,
 * emergencies, yes/no, language, JSON rendering and the merge policy.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "nlu.h"

static const char *const practs[] = { "Dr Marie Leal", "Dr Paul Martin",
    "Dr Sophie Bernard" };
static const char *const treats[] = { "Détartrage", "Consultation",
    "Blanchiment", "Extraction dentaire" };
static const struct nlu_lists lists = { practs, 3, treats, 4, NULL, 0 };
static const struct nlu_now monday = { 2026, 11, 23, 10, 15 };

static void
exc(const char *text, enum nlu_awaiting aw, struct nlu_result *r)
{
	struct nlu_context ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.awaiting = aw;
	assert_int_equal(nlu_extract(text, strlen(text), &lists, &ctx,
	    &monday, r), 0);
}

static void
ex(const char *text, struct nlu_result *r)
{
	exc(text, NLU_AWAIT_NONE, r);
}

static enum nlu_intent
intent_of(const char *text)
{
	struct nlu_result r;

	ex(text, &r);
	return r.intent;
}

static void
names_after_cues(void **state)
{
	struct nlu_result r;

	(void)state;
	ex("Je m'appelle Marie Dupont", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Marie");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Dupont");
	assert_int_equal(r.src[NLU_F_FIRST_NAME], NLU_SRC_RULES);
	ex("my name is john smith", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "john");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "smith");
	ex("Bonjour, c'est Jean-Pierre", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Jean-Pierre");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "");
	ex("I'm Sarah", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Sarah");
	ex("je m'appelle Hélène Ébrard", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Hélène");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Ébrard");
}

static void
names_bare_reply_when_asked(void **state)
{
	struct nlu_result r;

	(void)state;
	exc("Marie Dupont", NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Marie");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Dupont");
	/* A bare answer gives information (the seed's label), surely. */
	assert_int_equal(r.intent, NLU_INTENT_INFORMATION);
	assert_true(r.rules_sure);
	exc("DUPONT Marie", NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Marie");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "DUPONT");
	/* The name and the birth date in one answer; a practitioner who is
	 * also a Marie is not what the patient named. */
	exc("Marie Curie, née le 7 novembre 1967", NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Marie");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Curie");
	assert_string_equal(r.val[NLU_F_BIRTH_DATE], "1967-11-07");
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "");
	exc("Jean Dupont né le 3 mars 1980", NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Dupont");
	assert_string_equal(r.val[NLU_F_BIRTH_DATE], "1980-03-03");
}

static void
names_bad_never_made_up(void **state)
{
	struct nlu_result r;

	(void)state;
	ex("je suis malade", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	ex("I'm late", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	ex("c'est possible demain ?", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	ex("je suis désolée", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	ex("Marie Dupont", &r);	/* not asked: no name */
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	exc("oui merci", NLU_AWAIT_NAME, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	ex("this is urgent", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
}

/* Checks the first and last names found in text (awaiting aw). */
static void
names_are(const char *text, enum nlu_awaiting aw, const char *first,
    const char *last)
{
	struct nlu_result r;

	exc(text, aw, &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], first);
	assert_string_equal(r.val[NLU_F_LAST_NAME], last);
}

static void
names_particles_irish_and_surname_first(void **state)
{
	(void)state;
	/* a surname with particles written first, kept as written */
	names_are("Le Goff Marine", NLU_AWAIT_NAME, "Marine", "Le Goff");
	names_are("Van Damme Tom", NLU_AWAIT_NAME, "Tom", "Van Damme");
	names_are("van der Berg Anna", NLU_AWAIT_NAME, "Anna",
	    "van der Berg");
	names_are("o'brien, niamh", NLU_AWAIT_NAME, "niamh", "o'brien");
	names_are("Dubois-Martin Hélène", NLU_AWAIT_NAME, "Hélène",
	    "Dubois-Martin");
	names_are("Mme Lefèvre", NLU_AWAIT_NAME, "", "Lefèvre");
	names_are("DUPONT", NLU_AWAIT_NAME, "", "DUPONT");
	/* Irish Ó, Mac Giolla; a particle's surname is not reversed */
	names_are("it's Seán Ó Súilleabháin", NLU_AWAIT_NAME, "Seán",
	    "Ó Súilleabháin");
	names_are("Ciarán Mac Giolla Phádraig", NLU_AWAIT_NAME, "Ciarán",
	    "Mac Giolla Phádraig");
	names_are("Thanks! I'm Ahmed Ben Salah", NLU_AWAIT_NAME, "Ahmed",
	    "Ben Salah");
	/* inside a booking message */
	names_are("Bonjour, c'est pour Hugo de La Tour, un détartrage "
	    "demain", NLU_AWAIT_NONE, "Hugo", "de La Tour");
	names_are("slt jsuis Inès van der Berg, un rdv mardi ?",
	    NLU_AWAIT_NONE, "Inès", "van der Berg");
	names_are("Hiya, Conor McCarthy, can I book a cleaning friday",
	    NLU_AWAIT_NONE, "Conor", "McCarthy");
	names_are("Can I book a cleaning next Tuesday please - Tom Baker",
	    NLU_AWAIT_NONE, "Tom", "Baker");
	names_are("Booking for myself, Paul Smith, a consultation tomorrow",
	    NLU_AWAIT_NONE, "Paul", "Smith");
	names_are("Nom et prénom : Girard Élodie", NLU_AWAIT_NONE, "Élodie",
	    "Girard");
	/* a bare name followed by the birth date, the phone, a title */
	names_are("Tom Baker - 12/03/1985", NLU_AWAIT_NAME, "Tom", "Baker");
	names_are("Tom Baker 07700 900123", NLU_AWAIT_NAME, "Tom", "Baker");
	names_are("Name: Tom Baker DOB: 12/03/1985", NLU_AWAIT_NAME, "Tom",
	    "Baker");
	names_are("Tom Baker (Mr)", NLU_AWAIT_NAME, "Tom", "Baker");
	names_are("sure - tom baker", NLU_AWAIT_NAME, "tom", "baker");
	names_are("Tom Baker is my name", NLU_AWAIT_NAME, "Tom", "Baker");
	/* the French phone idiom, "M." for Monsieur, "surname X" */
	names_are("Hi, Paul Durand à l'appareil, un contrôle svp",
	    NLU_AWAIT_NONE, "Paul", "Durand");
	names_are("Bonjour, M. Lefèvre à l'appareil, une consultation",
	    NLU_AWAIT_NONE, "", "Lefèvre");
	names_are("my name's Aoife, surname Kelly, can I book an exam?",
	    NLU_AWAIT_NONE, "Aoife", "Kelly");
	/* signed: a civil title after the closing, a dash, particles */
	names_are("Could I book an exam on Friday? Regards, Mrs Kelly",
	    NLU_AWAIT_NONE, "", "Kelly");
	names_are("Could I book an exam on Friday?\n-- Tom Baker",
	    NLU_AWAIT_NONE, "Tom", "Baker");
	names_are("Un bilan lundi svp\nJean-Baptiste de La Tour",
	    NLU_AWAIT_NONE, "Jean-Baptiste", "de La Tour");
}

/* Signatures at the end of a message, and names after booking words. */
static void
names_signed_at_the_end(void **state)
{
	(void)state;
	names_are("un détartrage jeudi ? ta, Becky", NLU_AWAIT_NONE,
	    "Becky", "");
	names_are("need bloods done fasting, first thing friday? Liam",
	    NLU_AWAIT_NONE, "Liam", "");
	names_are("can I get it replaced mon 21st? x Amy", NLU_AWAIT_NONE,
	    "Amy", "");
	names_are("une consultation demain. Hugo", NLU_AWAIT_NONE, "Hugo",
	    "");
	names_are("une consultation le 2 janvier ? (Paulo Da Silva)",
	    NLU_AWAIT_NONE, "Paulo", "Da Silva");
	names_are("a filling on Friday? cheers, kieran", NLU_AWAIT_NONE,
	    "kieran", "");
	names_are("a check-up on Friday. Ta, Jodie x", NLU_AWAIT_NONE,
	    "Jodie", "");
	names_are("Hello from Tom O'Reilly-Santos! Monday 1st please",
	    NLU_AWAIT_NONE, "Tom", "O'Reilly-Santos");
	names_are("Annulation pour Lucie Gagnon demain 9h merci",
	    NLU_AWAIT_NONE, "Lucie", "Gagnon");
	names_are("My name is Eleanor St John-Stevas", NLU_AWAIT_NONE,
	    "Eleanor", "St John-Stevas");
	names_are("je m'appelle Marie de Saint-Exupéry", NLU_AWAIT_NONE,
	    "Marie", "de Saint-Exupéry");
	names_are("Filling, Wednesday at 11? Ingeborg Halvorsen",
	    NLU_AWAIT_NONE, "Ingeborg", "Halvorsen");
	names_are("un détartrage jeudi à 9h ? Gwenaëlle Le Bihan",
	    NLU_AWAIT_NONE, "Gwenaëlle", "Le Bihan");
	names_are("Monday at 9 is fine. Name's Fox, Jennifer",
	    NLU_AWAIT_NONE, "Jennifer", "Fox");
	names_are("je m'appelle Dupont, Marie, un détartrage vendredi",
	    NLU_AWAIT_NONE, "Marie", "Dupont");
}

/* No name from a weekday, a closing, a reply, or the practitioner. */
static void
names_bad_signature_lookalikes(void **state)
{
	struct nlu_result r;

	(void)state;
	names_are("a filling on Thursday. Monday", NLU_AWAIT_NONE, "", "");
	names_are("a filling on Thursday? Thanks!", NLU_AWAIT_NONE, "", "");
	names_are("yes, for Emma Stone", NLU_AWAIT_NONE, "", "");
	names_are("a check-up on Tuesday? Ideally Morning", NLU_AWAIT_NONE,
	    "", "");
	names_are("a filling on Friday? Many Thanks", NLU_AWAIT_NONE, "",
	    "");
	names_are("could I come in Friday? Anytime Works", NLU_AWAIT_NONE,
	    "", "");
	names_are("its Monday, Marie here", NLU_AWAIT_NONE, "Marie", "");
	names_are("on Friday at 10? Merci, Sophie", NLU_AWAIT_NONE, "", "");
	ex("ma dentiste c'est Marie, un détartrage lundi", &r);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Marie Leal");
}

static void
names_bad_questions_places_and_small_words(void **state)
{
	(void)state;
	names_are("pourquoi ?", NLU_AWAIT_NAME, "", "");
	names_are("Same As Before", NLU_AWAIT_NAME, "", "");
	names_are("c'est pour ma fille", NLU_AWAIT_NAME, "", "");
	names_are("c'est pour un détartrage", NLU_AWAIT_NONE, "", "");
	names_are("Bonjour, c'est La Poste qui m'a rendu la lettre",
	    NLU_AWAIT_NONE, "", "");
	names_are("je suis de Paris, un rdv lundi ?", NLU_AWAIT_NONE, "", "");
	names_are("Sorry it's Mehmet again, can we move it to Friday?",
	    NLU_AWAIT_NONE, "Mehmet", "");
}

static void
contacts_email_phone(void **state)
{
	struct nlu_result r;

	(void)state;
	ex("mon mail: Marie.Dupont@Gmail.com, tel 06 12 34 56 78", &r);
	assert_string_equal(r.val[NLU_F_EMAIL], "marie.dupont@gmail.com");
	assert_string_equal(r.val[NLU_F_PHONE], "+33612345678");
	ex("+33 6 12 34 56 78", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "+33612345678");
	ex("06.12.34.56.78", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "+33612345678");
	assert_string_equal(r.val[NLU_F_BIRTH_DATE], "");
}

static void
contacts_bad_not_phones(void **state)
{
	struct nlu_result r;

	(void)state;
	ex("né le 15/05/1980 à 14h", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "");
	ex("a@b", &r);
	assert_string_equal(r.val[NLU_F_EMAIL], "");
	ex("12345", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "");
	/* Too short for E.164 after 00, or a country code starting 0. */
	ex("code 0-0033-1", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "");
	ex("ref 00031 30304", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "");
	ex("+0 12 34 56 78", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "");
	/* "+0..." read as the French number it is. */
	ex("+06 12 34 56 78", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "+33612345678");
	ex("0044 20 7946 0958", &r);
	assert_string_equal(r.val[NLU_F_PHONE], "+442079460958");
}

static void
match_practitioner_tolerant(void **state)
{
	struct nlu_result r;

	(void)state;
	ex("je voudrais voir le docteur leale", &r);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Marie Leal");
	ex("avec Dr. Martn demain", &r);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Paul Martin");
	ex("rdv avec Sophie BERNARD", &r);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Sophie Bernard");
	ex("Doctor Bernrad please", &r);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Sophie Bernard");
}

static void
match_bad_practitioner_lookalikes(void **state)
{
	struct nlu_result r;

	(void)state;
	ex("rdv demain matin", &r);	/* matin is not Martin */
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "");
	ex("that's a real deal", &r);	/* real/deal are not Leal */
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "");
	ex("Je m'appelle Paul Martin", &r);	/* the patient's own name */
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Martin");
}

static void
match_treatment_tolerant(void **state)
{
	struct nlu_result r;

	(void)state;
	ex("un detartrage svp", &r);
	assert_string_equal(r.val[NLU_F_APPOINTMENT_TYPE], "Détartrage");
	ex("un détartarge", &r);
	assert_string_equal(r.val[NLU_F_APPOINTMENT_TYPE], "Détartrage");
	ex("teeth whitening", &r);
	assert_string_equal(r.val[NLU_F_APPOINTMENT_TYPE], "Blanchiment");
	ex("pour une extraction", &r);
	assert_string_equal(r.val[NLU_F_APPOINTMENT_TYPE],
	    "Extraction dentaire");
	ex("rdv demain", &r);
	assert_string_equal(r.val[NLU_F_APPOINTMENT_TYPE], "");
}

static void
intent_requests(void **state)
{
	(void)state;
	assert_int_equal(intent_of("Bonjour, je voudrais un rdv"),
	    NLU_INTENT_BOOK_APPOINTMENT);
	assert_int_equal(intent_of("dispo demain ?"),
	    NLU_INTENT_BOOK_APPOINTMENT);
	assert_int_equal(intent_of("je voudrais voir le Dr Leal"),
	    NLU_INTENT_BOOK_APPOINTMENT);
	assert_int_equal(intent_of("je dois décaler mon rdv"),
	    NLU_INTENT_MODIFY_APPOINTMENT);
	assert_int_equal(intent_of("cancel mine and book another one"),
	    NLU_INTENT_MODIFY_APPOINTMENT);
	assert_int_equal(intent_of("je ne pourrai pas venir demain"),
	    NLU_INTENT_CANCEL_APPOINTMENT);
	assert_int_equal(intent_of("quand est mon prochain rdv ?"),
	    NLU_INTENT_LIST_APPOINTMENTS);
	assert_int_equal(intent_of("Which doctors work there?"),
	    NLU_INTENT_LIST_PRACTITIONERS);
	assert_int_equal(intent_of("vous êtes ouverts samedi ?"),
	    NLU_INTENT_INFORMATION);
	assert_int_equal(intent_of("mardi à 14h"), NLU_INTENT_INFORMATION);
	assert_int_equal(intent_of("rdv stp demain aprem"),
	    NLU_INTENT_BOOK_APPOINTMENT);
}

static void
intent_emergency_wins(void **state)
{
	(void)state;
	assert_int_equal(intent_of("j'ai mal à la poitrine, rdv demain ?"),
	    NLU_INTENT_EMERGENCY);
	assert_int_equal(intent_of("je n'arrive plus à respirer"),
	    NLU_INTENT_EMERGENCY);
	assert_int_equal(intent_of("I want to cancel, I have chest pain"),
	    NLU_INTENT_EMERGENCY);
	assert_int_equal(intent_of("he can't breathe"), NLU_INTENT_EMERGENCY);
	assert_int_equal(intent_of("saignement abondant depuis 1h"),
	    NLU_INTENT_EMERGENCY);
}

static void
intent_bad_not_emergency(void **state)
{
	(void)state;
	assert_int_equal(intent_of("j'ai mal aux dents, un rdv svp"),
	    NLU_INTENT_BOOK_APPOINTMENT);
	assert_int_equal(intent_of("Quel temps fait-il ?"),
	    NLU_INTENT_UNKNOWN);
}

static void
intent_yes_no_greeting(void **state)
{
	(void)state;
	assert_int_equal(intent_of("oui"), NLU_INTENT_AFFIRMATIVE);
	assert_int_equal(intent_of("ouais c'est bon"), NLU_INTENT_AFFIRMATIVE);
	assert_int_equal(intent_of("d'accord, merci"), NLU_INTENT_AFFIRMATIVE);
	assert_int_equal(intent_of("Yep, thanks!"), NLU_INTENT_AFFIRMATIVE);
	assert_int_equal(intent_of("non merci"), NLU_INTENT_NEGATIVE);
	assert_int_equal(intent_of("pas du tout"), NLU_INTENT_NEGATIVE);
	assert_int_equal(intent_of("nope"), NLU_INTENT_NEGATIVE);
	assert_int_equal(intent_of("no thanks"), NLU_INTENT_NEGATIVE);
	assert_int_equal(intent_of("Bonjour !"), NLU_INTENT_GREETING);
	assert_int_equal(intent_of("coucou"), NLU_INTENT_GREETING);
	assert_int_equal(intent_of("hello there"), NLU_INTENT_GREETING);
}

/* A yes or no said another way; a doubt or a condition is never a yes. */
static void
intent_replies_other_words(void **state)
{
	struct nlu_result r;

	(void)state;
	exc("sure, go ahead and book it", NLU_AWAIT_CONFIRMATION, &r);
	assert_int_equal(r.intent, NLU_INTENT_AFFIRMATIVE);
	assert_true(r.rules_sure);
	exc("vas-y réserve", NLU_AWAIT_CONFIRMATION, &r);
	assert_int_equal(r.intent, NLU_INTENT_AFFIRMATIVE);
	exc("hmm no, actually don't book it", NLU_AWAIT_CONFIRMATION, &r);
	assert_int_equal(r.intent, NLU_INTENT_NEGATIVE);
	exc("\xF0\x9F\x91\x8E", NLU_AWAIT_CONFIRMATION, &r);
	assert_int_equal(r.intent, NLU_INTENT_NEGATIVE);
	exc("sure, book it if it's not too expensive", NLU_AWAIT_CONFIRMATION,
	    &r);
	assert_int_not_equal(r.intent, NLU_INTENT_AFFIRMATIVE);
	exc("vas-y réserve, enfin je crois", NLU_AWAIT_CONFIRMATION, &r);
	assert_int_not_equal(r.intent, NLU_INTENT_AFFIRMATIVE);
	/* thanks and good wishes close a conversation: thanks, so a yes
	 * (tests/nlu/FORMAT.md), closing; good wishes alone a greeting */
	exc("merci bien, bonne soirée !", NLU_AWAIT_NONE, &r);
	assert_int_equal(r.intent, NLU_INTENT_AFFIRMATIVE);
	assert_true(r.closing);
	exc("bonne soirée !", NLU_AWAIT_NONE, &r);
	assert_int_equal(r.intent, NLU_INTENT_GREETING);
	assert_true(r.closing);
	exc("Bonjour !", NLU_AWAIT_NONE, &r);
	assert_int_equal(r.intent, NLU_INTENT_GREETING);
	assert_false(r.closing);
	exc("great, see you then", NLU_AWAIT_CONFIRMATION, &r);
	assert_int_equal(r.intent, NLU_INTENT_AFFIRMATIVE);
}

/* Requests said without the usual words. */
static void
intent_requests_other_words(void **state)
{
	(void)state;
	assert_int_equal(intent_of("do I have anything booked on Friday?"),
	    NLU_INTENT_LIST_APPOINTMENTS);
	assert_int_equal(intent_of("à quelle heure je dois venir jeudi ?"),
	    NLU_INTENT_LIST_APPOINTMENTS);
	assert_int_equal(intent_of("could we push it to Thursday?"),
	    NLU_INTENT_MODIFY_APPOINTMENT);
	assert_int_equal(intent_of("supprimez mon rdv de jeudi svp"),
	    NLU_INTENT_CANCEL_APPOINTMENT);
	assert_int_equal(intent_of("vous avez des dentistes femmes ?"),
	    NLU_INTENT_LIST_PRACTITIONERS);
	assert_int_equal(intent_of("c'est à quel étage ?"),
	    NLU_INTENT_INFORMATION);
	/* a booking stays a booking */
	assert_int_equal(intent_of("do you have anything on Friday?"),
	    NLU_INTENT_BOOK_APPOINTMENT);
	assert_int_equal(intent_of("un rdv jeudi plutôt que vendredi"),
	    NLU_INTENT_BOOK_APPOINTMENT);
}

static void
sure_flag_and_language(void **state)
{
	struct nlu_result r;

	(void)state;
	ex("je voudrais un rdv demain", &r);
	assert_true(r.rules_sure);
	assert_int_equal(r.lang, NLU_LANG_FR);
	ex("I would like an appointment", &r);
	assert_true(r.rules_sure);
	assert_int_equal(r.lang, NLU_LANG_EN);
	ex("blablabla zorg", &r);
	assert_false(r.rules_sure);
	assert_int_equal(r.intent, NLU_INTENT_UNKNOWN);
}

static void
extract_bad_arguments(void **state)
{
	struct nlu_result r;
	struct nlu_now bad = { 2026, 2, 30, 10, 0 };

	(void)state;
	assert_int_equal(nlu_extract("a\0b", 3, NULL, NULL, &monday, &r), -1);
	assert_int_equal(r.intent, NLU_INTENT_UNKNOWN);
	assert_int_equal(nlu_extract("demain", 6, NULL, NULL, &bad, &r), -1);
	assert_int_equal(nlu_extract(NULL, 0, NULL, NULL, &monday, &r), -1);
	assert_int_equal(nlu_extract("", 0, NULL, NULL, &monday, &r), 0);
	assert_int_equal(r.intent, NLU_INTENT_UNKNOWN);
}

static void
json_rendering_has_sources(void **state)
{
	struct nlu_result r;
	struct json_object *o, *e, *s, *v;

	(void)state;
	ex("rdv demain à 14h avec le Dr Leal", &r);
	assert_non_null(o = nlu_result_json(&r));
	assert_true(json_object_object_get_ex(o, "intent", &v));
	assert_string_equal(json_object_get_string(v), "BOOK_APPOINTMENT");
	assert_true(json_object_object_get_ex(o, "entities", &e));
	assert_true(json_object_object_get_ex(e, "date", &v));
	assert_string_equal(json_object_get_string(v), "2026-11-24");
	assert_true(json_object_object_get_ex(e, "first_name", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "source", &s));
	assert_true(json_object_object_get_ex(s, "practitioner", &v));
	assert_string_equal(json_object_get_string(v), "rules");
	json_object_put(o);
}

static void
merge_policy(void **state)
{
	struct nlu_result rules, llm;

	(void)state;
	/* rules sure: the LLM changes nothing */
	ex("je voudrais un rdv demain", &rules);
	nlu_result_init(&llm);
	llm.intent = NLU_INTENT_CANCEL_APPOINTMENT;
	llm.intent_src = NLU_SRC_LLM;
	llm.confidence = 1;
	snprintf(llm.val[NLU_F_TIME], NLU_VALUE_MAX, "09:00");
	llm.src[NLU_F_TIME] = NLU_SRC_LLM;
	nlu_merge(&rules, &llm);
	assert_int_equal(rules.intent, NLU_INTENT_BOOK_APPOINTMENT);
	assert_string_equal(rules.val[NLU_F_TIME], "");
	/* rules unsure: the LLM fills what is missing, rules' fields stay */
	ex("euh demain zorg", &rules);
	assert_false(rules.rules_sure);
	snprintf(llm.val[NLU_F_DATE], NLU_VALUE_MAX, "2026-12-01");
	llm.src[NLU_F_DATE] = NLU_SRC_LLM;
	/* (never a cancellation: the rules' alone, see test_llm.c) */
	llm.intent = NLU_INTENT_MODIFY_APPOINTMENT;
	nlu_merge(&rules, &llm);
	assert_int_equal(rules.intent, NLU_INTENT_MODIFY_APPOINTMENT);
	assert_int_equal(rules.intent_src, NLU_SRC_LLM);
	assert_string_equal(rules.val[NLU_F_DATE], "2026-11-24");
	assert_int_equal(rules.src[NLU_F_DATE], NLU_SRC_RULES);
	assert_string_equal(rules.val[NLU_F_TIME], "09:00");
	assert_int_equal(rules.src[NLU_F_TIME], NLU_SRC_LLM);
}

static void
merge_bad_llm_failure_keeps_rules(void **state)
{
	struct nlu_result rules, llm;

	(void)state;
	ex("zorg demain", &rules);
	nlu_result_init(&llm);	/* what a failed call leaves */
	nlu_merge(&rules, &llm);
	assert_int_equal(rules.intent_src, NLU_SRC_RULES);
	assert_string_equal(rules.val[NLU_F_DATE], "2026-11-24");
	nlu_merge(&rules, NULL);
	assert_string_equal(rules.val[NLU_F_DATE], "2026-11-24");
}

static void
validator_checks(void **state)
{
	/* that week's Tuesday ("mardi prochain" is the coming one) */
	const char *t = "je suis Marie, rdv mardi de la semaine prochaine "
	    "à 14h";

	(void)state;
	assert_true(nlu_date_derivable(t, strlen(t), &monday, "2026-12-01"));
	assert_false(nlu_date_derivable(t, strlen(t), &monday, "2026-11-24"));
	assert_false(nlu_date_derivable(t, strlen(t), &monday, "2026-02-30"));
	assert_true(nlu_time_derivable(t, strlen(t), "14:00"));
	assert_false(nlu_time_derivable(t, strlen(t), "10:00"));
	assert_true(nlu_words_present(t, strlen(t), "marie"));
	assert_false(nlu_words_present(t, strlen(t), "Mar"));
	assert_false(nlu_words_present(t, strlen(t), "Jean"));
	assert_string_equal(nlu_match_list(practs, 3, "Docteur Leal", 1),
	    "Dr Marie Leal");
	assert_null(nlu_match_list(practs, 3, "Dr House", 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_after_cues),
		cmocka_unit_test(names_bare_reply_when_asked),
		cmocka_unit_test(names_bad_never_made_up),
		cmocka_unit_test(names_particles_irish_and_surname_first),
		cmocka_unit_test(names_bad_questions_places_and_small_words),
		cmocka_unit_test(names_signed_at_the_end),
		cmocka_unit_test(names_bad_signature_lookalikes),
		cmocka_unit_test(contacts_email_phone),
		cmocka_unit_test(contacts_bad_not_phones),
		cmocka_unit_test(match_practitioner_tolerant),
		cmocka_unit_test(match_bad_practitioner_lookalikes),
		cmocka_unit_test(match_treatment_tolerant),
		cmocka_unit_test(intent_requests),
		cmocka_unit_test(intent_emergency_wins),
		cmocka_unit_test(intent_bad_not_emergency),
		cmocka_unit_test(intent_yes_no_greeting),
		cmocka_unit_test(sure_flag_and_language),
		cmocka_unit_test(extract_bad_arguments),
		cmocka_unit_test(intent_replies_other_words),
		cmocka_unit_test(intent_requests_other_words),
		cmocka_unit_test(json_rendering_has_sources),
		cmocka_unit_test(merge_policy),
		cmocka_unit_test(merge_bad_llm_failure_keeps_rules),
		cmocka_unit_test(validator_checks),
	};
	return cmocka_run_group_tests_name("nlu", tests, NULL, NULL);
}
