/*
 * The emergency lexicon and the short-answer rules: symptoms by medical
 * category in French and English, found anywhere in a message, negation
 * and past events, the urgent and foreign flags, acknowledgements,
 * hesitant yeses and refused lists.
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

static const char *const practs[] = { "Dr Claire Fontaine",
    "Hugo Mercier" };
static const char *const treats[] = { "Détartrage", "Consultation",
    "Extraction", "Blanchiment" };
static const struct nlu_lists lists = { practs, 2, treats, 4, NULL, 0 };
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

/* Every message of l (NULL-terminated) has intent want. */
static void
all_are(const char *const *l, enum nlu_awaiting aw, enum nlu_intent want)
{
	struct nlu_result r;

	for (; *l != NULL; l++) {
		exc(*l, aw, &r);
		if (r.intent != want)
			fail_msg("\"%s\": %s, expected %s", *l,
			    nlu_intent_name(r.intent), nlu_intent_name(want));
	}
}

/* No message of l (NULL-terminated) has intent bad. */
static void
none_is(const char *const *l, enum nlu_awaiting aw, enum nlu_intent bad)
{
	struct nlu_result r;

	for (; *l != NULL; l++) {
		exc(*l, aw, &r);
		if (r.intent == bad)
			fail_msg("\"%s\": %s", *l, nlu_intent_name(bad));
	}
}

static void
emerg_fr_categories(void **state)
{
	static const char *const l[] = {
		"ma mère s'est évanouie",			/* faint */
		"il a perdu connaissance",
		"elle est tombée dans les pommes",
		"ça saigne et ça ne s'arrête pas",		/* bleeding */
		"sa saigne tjr, ça arrête pas",
		"j'ai la joue gonflée et de la fièvre",	/* swelling */
		"visage enflé avec 39 de fievre",
		"j'ai du mal à avaler, la gorge se ferme",	/* breathing */
		"mon fils n'arrive pas à respirer",
		"elle est tombée, une dent est cassée",	/* trauma */
		"dent arrachée en tombant de vélo",
		"accident de voiture ce matin",
		"j'ai une rage de dents",			/* pain */
		"douleur insupportable à la mâchoire",
		"j'ai tellement mal que je pleure",
		"une douleur à 10/10",
		"douleur dans la poitrine",			/* chest */
		"je fais une réaction allergique",		/* allergy */
		"les lèvres qui gonflent après le médicament",
		"mon bébé a 40 de fièvre et ne réagit plus",	/* child */
		"ma fille a une forte fièvre, elle est toute molle",
		"il a la bouche de travers",			/* stroke */
		"elle n'arrive plus à lever le bras",
		"il parle bizarrement d'un coup",
		"tombé hier, aujourd'hui il est confus",	/* after fall */
		NULL
	};

	(void)state;
	all_are(l, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
}

static void
emerg_en_categories(void **state)
{
	static const char *const l[] = {
		"my dad fainted",
		"she passed out for a minute",
		"he blacked out",
		"the bleeding won't stop",
		"it keeps bleeding",
		"my face is swollen and I have a fever",
		"swollen cheek and a high temperature",
		"my throat is closing",
		"I'm struggling to breathe",
		"hard to swallow",
		"he knocked out a tooth",
		"I broke my tooth",
		"I had a bad fall",
		"unbearable toothache",
		"pain is 10/10",
		"excruciating pain",
		"chest pains since an hour",
		"I think I'm having an allergic reaction",
		"my baby has a high fever and is barely responding",
		"his face is drooping",
		"her speech is slurred",
		"he can't lift his arm",
		"he fell and now he's confused",
		NULL
	};

	(void)state;
	all_are(l, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
}

static void
emerg_wins_in_long_message(void **state)
{
	static const char *const l[] = {
		"Bonjour, je voulais prendre rendez-vous pour un détartrage "
		    "mardi à 10h avec le Dr Fontaine, mais depuis hier j'ai "
		    "la joue très gonflée et de la fièvre, merci de me dire",
		"Hi, I'd like to book a cleaning on Tuesday at 10am please. "
		    "Also, since I fell yesterday I keep feeling drowsy and "
		    "a bit confused, is that normal?",
		"Can I cancel my appointment? My son knocked out his tooth",
		NULL
	};

	(void)state;
	all_are(l, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
	all_are(l, NLU_AWAIT_CONFIRMATION, NLU_INTENT_EMERGENCY);
}

static void
emerg_bad_negated_or_past(void **state)
{
	static const char *const l[] = {
		"ce n'est pas urgent, un rdv pour un détartrage",
		"pas de douleur, juste un contrôle",
		"je n'ai pas de fièvre, un rdv cette semaine ?",
		"l'an dernier je me suis évanoui chez le dentiste",
		"no pain, I just want a cleaning",
		"not an emergency, can I book a check-up?",
		"I don't have a fever but I'd like to see a doctor",
		"Last year I fainted during a blood test",
		"no bleeding anymore, thanks",
		"j'ai mal aux dents, un rdv svp",
		"I have a toothache, can I come in?",
		"il n'y a plus de saignement depuis hier",
		"years ago I had an allergic reaction to penicillin",
		"ma gencive saigne toujours un peu quand je me brosse",
		"my gums still bleed when I floss",
		NULL
	};

	(void)state;
	none_is(l, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
}

static void
urgent_flag_without_symptom(void **state)
{
	struct nlu_result r;

	(void)state;
	exc("C'est urgent, un rendez-vous le plus tôt possible", 0, &r);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
	assert_true(r.urgent);
	exc("urgent: need a check-up asap", 0, &r);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
	assert_true(r.urgent);
	exc("rdv urgent svp", 0, &r);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
	assert_true(r.urgent);
}

static void
urgent_bad_not_urgent(void **state)
{
	struct nlu_result r;

	(void)state;
	exc("ce n'est pas urgent, un rdv pour un détartrage", 0, &r);
	assert_false(r.urgent);
	exc("not urgent, I'd like a cleaning", 0, &r);
	assert_false(r.urgent);
	exc("un rdv mardi svp", 0, &r);
	assert_false(r.urgent);
	exc("Vous avez un numéro en cas d'urgence ?", 0, &r);
	assert_false(r.urgent);
	assert_int_equal(r.intent, NLU_INTENT_INFORMATION);
	exc("what is your emergency number?", 0, &r);
	assert_false(r.urgent);
}

static void
ack_emoji_and_slang(void **state)
{
	static const char *const l[] = {
		"👍", "👌", "🙏", "✅", "👍👍", "d'acc", "ça marche", "nickel",
		"top", "parfait", "impec", "yep", "sounds good",
		"go for it", "works for me", "super 👍", NULL
	};

	(void)state;
	all_are(l, NLU_AWAIT_CONFIRMATION, NLU_INTENT_AFFIRMATIVE);
}

static void
ack_bad_hesitant_yes(void **state)
{
	static const char *const l[] = {
		"oui mais...", "oui mais c'est combien ?", "oui je pense ?",
		"yes if it's before 5", "ok but what does it cost?",
		"yes I think?", "euh oui peut-être", "I guess so?",
		"ok as long as it's with Dr Fontaine", "yeah maybe",
		"👍 mais c'est où ?", NULL
	};

	(void)state;
	none_is(l, NLU_AWAIT_CONFIRMATION, NLU_INTENT_AFFIRMATIVE);
}

static void
refuse_list(void **state)
{
	static const char *const l[] = {
		"aucun ne me va", "aucun de ces créneaux ne me convient",
		"rien d'autre ?", "none of those work", "nothing else?",
		"neither of those suits me", "no, none of them", NULL
	};

	(void)state;
	all_are(l, NLU_AWAIT_TIME, NLU_INTENT_NEGATIVE);
	none_is(l, NLU_AWAIT_TIME, NLU_INTENT_BOOK_APPOINTMENT);
}

static void
foreign_detected(void **state)
{
	static const char *const l[] = {
		"Guten Tag, ich möchte einen Termin",
		"Hola, quisiera una cita para mañana",
		"Buongiorno, vorrei prenotare una visita",
		"Goedemiddag, ik wil graag een afspraak maken",
		"Olá, gostaria de marcar uma consulta",
		NULL
	};
	const char *const *p;
	struct nlu_result r;

	(void)state;
	for (p = l; *p != NULL; p++) {
		exc(*p, 0, &r);
		if (!r.foreign)
			fail_msg("\"%s\": not foreign", *p);
		assert_true(r.lang == NLU_LANG_FR || r.lang == NLU_LANG_EN);
	}
}

static void
foreign_bad_french_english(void **state)
{
	static const char *const l[] = {
		"Bonjour, je voudrais un rendez-vous demain",
		"Hi, can I book a cleaning on Tuesday?",
		"ok", "👍", "merci beaucoup", "Marie Dupont",
		"je m'appelle Giovanni Rossi", "Hello, I'm Hans Müller",
		NULL
	};
	const char *const *p;
	struct nlu_result r;

	(void)state;
	for (p = l; *p != NULL; p++) {
		exc(*p, 0, &r);
		if (r.foreign)
			fail_msg("\"%s\": foreign", *p);
	}
}

static void
json_has_flags(void **state)
{
	struct nlu_result r;
	struct json_object *o, *v;

	(void)state;
	exc("c'est urgent, un rdv svp", 0, &r);
	assert_non_null(o = nlu_result_json(&r));
	assert_true(json_object_object_get_ex(o, "urgent", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(o, "foreign", &v));
	assert_false(json_object_get_boolean(v));
	json_object_put(o);
	exc("Hola, quisiera una cita", 0, &r);
	assert_non_null(o = nlu_result_json(&r));
	assert_true(json_object_object_get_ex(o, "foreign", &v));
	assert_true(json_object_get_boolean(v));
	json_object_put(o);
}

/* Said in a long story: a blackout, a nosebleed, a leg after a fall. */
static void
emerg_story_words(void **state)
{
	static const char *const l[] = {
		"I was at the gym and then everything went black",
		"d'un coup tout est devenu noir, je me suis réveillé par terre",
		"my son has had a nosebleed for an hour that won't stop",
		"ma cheville a triplé de volume depuis la chute, impossible "
		    "de poser le pied",
		NULL
	};

	(void)state;
	all_are(l, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
}

/* A negation inside the symptom ("chest isn't hurting") is none. */
static void
emerg_bad_negation_inside(void **state)
{
	static const char *const l[] = {
		"my chest isn't hurting, I just need a check for my blood "
		    "pressure, Monday?",
		"my chest doesn't hurt anymore, I'd like a follow-up",
		NULL
	};

	(void)state;
	none_is(l, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
}

/* A tooth pushed into the gum after a fall on a hard floor. */
static void
emerg_tooth_pushed_in_after_fall(void **state)
{
	static const char *const l[] = {
		"mon petit est tombé sur le carrelage, sa dent est rentrée "
		    "dans la gencive",
		"she fell against the kitchen table and her front tooth got "
		    "pushed up into the gum",
		NULL
	};

	(void)state;
	all_are(l, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
}

/*
 * A fall the child came out of well, a broken tooth a dentist has seen
 * already, a little bleeding said to be nothing serious: no emergency.
 */
static void
emerg_bad_unhurt_seen_or_minor(void **state)
{
	static const char *const l[] = {
		"mon fils est tombé de l'échelle, il va bien, il lui faut "
		    "juste un certificat pour le judo",
		"my daughter fell off her bike, she's fine, school wants a "
		    "note",
		"my broken molar was seen by a dentist abroad, he said it "
		    "has to come out, can I book the extraction?",
		"le dentiste de garde a vu ma dent cassée et m'a dit de "
		    "prendre rdv chez vous",
		NULL
	};

	(void)state;
	none_is(l, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
}

/*
 * Stroke signs in Quebec French and slurred speech are emergencies;
 * pain the patient calls nothing serious, beside a cancel, is not.
 */
static void
emerg_stroke_words_and_pain_not_serious(void **state)
{
	static const char *const stroke[] = {
		"mon mari a la bouche croche d'un bord pis il parle tout mêlé",
		"ma mère a le visage croche depuis tantôt",
		"my dad's speech is all slurred since lunch",
		NULL,
	};
	static const char *const not_serious[] = {
		"please cancel Thursday, my knee is killing me but it's "
		    "nothing serious",
		"je dois annuler demain, mon dos me tue mais rien de grave",
		NULL,
	};

	(void)state;
	all_are(stroke, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
	none_is(not_serious, NLU_AWAIT_NONE, NLU_INTENT_EMERGENCY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(emerg_fr_categories),
		cmocka_unit_test(emerg_en_categories),
		cmocka_unit_test(emerg_wins_in_long_message),
		cmocka_unit_test(emerg_bad_negated_or_past),
		cmocka_unit_test(emerg_story_words),
		cmocka_unit_test(emerg_bad_negation_inside),
		cmocka_unit_test(urgent_flag_without_symptom),
		cmocka_unit_test(urgent_bad_not_urgent),
		cmocka_unit_test(ack_emoji_and_slang),
		cmocka_unit_test(ack_bad_hesitant_yes),
		cmocka_unit_test(refuse_list),
		cmocka_unit_test(foreign_detected),
		cmocka_unit_test(foreign_bad_french_english),
		cmocka_unit_test(emerg_tooth_pushed_in_after_fall),
		cmocka_unit_test(emerg_bad_unhurt_seen_or_minor),
		cmocka_unit_test(json_has_flags),
		cmocka_unit_test(emerg_stroke_words_and_pain_not_serious),
	};
	return cmocka_run_group_tests_name("nlu_emerg", tests, NULL, NULL);
}
