/*
 * test_engine — the engine's pure parts: choice parsing, yes/no and
 * reminder answers, template filling, dates in French and English, the
 * stored context.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "engine.h"
#include "engine_parse.h"
#include "engine_int.h"
#include "replies.h"
#include "tz.h"

#define CH(s, m, n)	engine_parse_choice((s), strlen(s), (m), (n))

static const int mins[3] = { 14 * 60, 14 * 60 + 30, 9 * 60 };

static void
choice_numbers(void **state)
{
	(void)state;
	assert_int_equal(CH("2", NULL, 3), 1);
	assert_int_equal(CH("le 2", NULL, 3), 1);
	assert_int_equal(CH("Le 3 svp", NULL, 3), 2);
	assert_int_equal(CH("n°1", NULL, 3), 0);
	assert_int_equal(CH("option 1.", NULL, 3), 0);
}

static void
choice_words(void **state)
{
	(void)state;
	assert_int_equal(CH("the second one", NULL, 3), 1);
	assert_int_equal(CH("le deuxième", NULL, 3), 1);
	assert_int_equal(CH("Le premier créneau", NULL, 3), 0);
	assert_int_equal(CH("1er", NULL, 3), 0);
	assert_int_equal(CH("the third please", NULL, 3), 2);
	assert_int_equal(CH("le dernier", NULL, 3), 2);
}

static void
choice_times(void **state)
{
	(void)state;
	assert_int_equal(CH("14h30", mins, 3), 1);
	assert_int_equal(CH("celui de 14h", mins, 3), 0);
	assert_int_equal(CH("14:30", mins, 3), 1);
	assert_int_equal(CH("2:30 pm", mins, 3), 1);
	assert_int_equal(CH("2pm", mins, 3), 0);
	assert_int_equal(CH("9h", mins, 3), 2);
}

#define OPT(s, n, h)	engine_parse_option((s), strlen(s), (n), (h))

/* A slot's number with another time: the number, not the time's digits. */
static void
option_with_time(void **state)
{
	(void)state;
	assert_int_equal(OPT("le 2 svp mais à 11h", 3, 11), 1);
	assert_int_equal(OPT("the 3rd one but at 10am", 3, 10), 2);
	assert_int_equal(OPT("le 1 mais plutôt à 17:30", 3, 17), 0);
	assert_int_equal(OPT("number 2 at 2 pm", 3, 14), 1);
	assert_int_equal(OPT("the second one at 4", 3, 16), 1);
	assert_int_equal(OPT("2 à 9 30", 3, 9), 1);
	/* out of range, a month, two numbers, none: not a pick */
	assert_int_equal(OPT("le 5 à 11h", 3, 11), -1);
	assert_int_equal(OPT("le 2 janvier à 11h", 3, 11), -1);
	assert_int_equal(OPT("le 2 ou le 3 à 11h", 3, 11), -1);
	assert_int_equal(OPT("plutôt à 11h", 3, 11), -1);
}

#define SH(s)	engine_parse_shift((s), strlen(s))

/* An amount of time and its direction. */
static void
shift_amounts(void **state)
{
	(void)state;
	assert_int_equal(SH("actually can you push it back an hour?"), 60);
	assert_int_equal(SH("vous pouvez décaler mon rdv d'une heure ?"), 60);
	assert_int_equal(SH("une demi-heure plus tôt ?"), -30);
	assert_int_equal(SH("bring it forward 45 minutes"), -45);
	assert_int_equal(SH("2 hours later please"), 120);
	/* no amount, or no direction: not a shift */
	assert_int_equal(SH("un peu plus tard"), 0);
	assert_int_equal(SH("it takes an hour"), 0);
	assert_int_equal(SH("à 14h plutôt"), 0);
}

static void
choice_bad_out_of_range_or_dates(void **state)
{
	(void)state;
	assert_int_equal(CH("4", NULL, 3), -1);
	assert_int_equal(CH("le 24", NULL, 3), -1);
	assert_int_equal(CH("le 2 décembre", NULL, 3), -1);
	assert_int_equal(CH("16h", mins, 3), -1);
	assert_int_equal(CH("1 ou 2", NULL, 3), -1);
	assert_int_equal(CH("", NULL, 3), -1);
	assert_int_equal(CH("bonjour", NULL, 3), -1);
	assert_int_equal(CH("2", NULL, 0), -1);
	assert_int_equal(CH("je veux un autre jour", NULL, 3), -1);
}

#define YN(s)	engine_parse_yesno((s), strlen(s))

static void
yesno_words(void **state)
{
	(void)state;
	assert_int_equal(YN("Oui"), 1);
	assert_int_equal(YN("oui je confirme"), 1);
	assert_int_equal(YN("yes please"), 1);
	assert_int_equal(YN("c'est bon"), 1);
	assert_int_equal(YN("Non"), 0);
	assert_int_equal(YN("no thanks"), 0);
	assert_int_equal(YN("non merci"), 0);
}

static void
yesno_bad_neither(void **state)
{
	(void)state;
	assert_int_equal(YN("peut-être"), -1);
	assert_int_equal(YN("jeudi"), -1);
	assert_int_equal(YN("nonante"), -1);
	assert_int_equal(YN("oui non"), -1);
}

#define RM(s)	engine_parse_remind((s), strlen(s))

static void
remind_answers(void **state)
{
	(void)state;
	assert_int_equal(RM("OUI"), ENGINE_REMIND_CONFIRM);
	assert_int_equal(RM("je confirme"), ENGINE_REMIND_CONFIRM);
	assert_int_equal(RM("ANNULER"), ENGINE_REMIND_CANCEL);
	assert_int_equal(RM("Cancel please"), ENGINE_REMIND_CANCEL);
	assert_int_equal(RM("je voudrais le déplacer"), ENGINE_REMIND_MOVE);
	assert_int_equal(RM("can we reschedule"), ENGINE_REMIND_MOVE);
	assert_int_equal(RM("quelle est votre adresse"), ENGINE_REMIND_NONE);
}

#define RQ(s)	engine_parse_recap_question((s), strlen(s))

static void
recap_question_price_and_length(void **state)
{
	(void)state;
	assert_int_equal(RQ("c'est combien ?"), ENGINE_ASK_PRICE);
	assert_int_equal(RQ("ça dure combien de temps ?"),
	    ENGINE_ASK_DURATION);
	/* both asked: one "combien" is not "combien de temps" */
	assert_int_equal(RQ("c'est combien et ça dure combien de temps ?"),
	    ENGINE_ASK_PRICE | ENGINE_ASK_DURATION);
	assert_int_equal(RQ("combien de temps et quel prix ?"),
	    ENGINE_ASK_PRICE | ENGINE_ASK_DURATION);
	assert_int_equal(RQ("bonjour"), 0);
}

static void
info_and_others(void **state)
{
	(void)state;
	assert_int_equal(engine_parse_info("vos horaires ?", 14),
	    ENGINE_INFO_HOURS);
	assert_int_equal(engine_parse_info("What's your address", 19),
	    ENGINE_INFO_ADDRESS);
	assert_int_equal(engine_parse_info("bonjour", 7), 0);
	/* "vous êtes où ?" asks the address as "où êtes-vous ?" does */
	assert_int_equal(engine_parse_info("vous êtes où ?",
	    strlen("vous êtes où ?")),
	    ENGINE_INFO_ADDRESS);
	/* parking, lift, wheelchair: how to reach the clinic */
	assert_int_equal(engine_parse_info("il y a un parking ?",
	    strlen("il y a un parking ?")),
	    ENGINE_INFO_ACCESS | ENGINE_INFO_ADDRESS);
	assert_int_equal(engine_parse_info("is there a lift? wheelchair",
	    strlen("is there a lift? wheelchair")),
	    ENGINE_INFO_ACCESS | ENGINE_INFO_ADDRESS);
	assert_int_equal(engine_parse_info("Sue Park 01/01/1990",
	    strlen("Sue Park 01/01/1990")), 0);
	assert_int_equal(engine_parse_info("where can I park?",
	    strlen("where can I park?")),
	    ENGINE_INFO_ACCESS | ENGINE_INFO_ADDRESS);
	assert_int_equal(engine_parse_info("je suis en train de regarder",
	    strlen("je suis en train de regarder")), 0);
	assert_int_equal(engine_parse_someone_else("pour mon fils", 13), 1);
	assert_int_equal(engine_parse_someone_else("pour moi", 8), 0);
	/* a relative with words between: "my elderly father" */
	assert_int_equal(engine_parse_someone_else("on behalf of my elderly "
	    "father", strlen("on behalf of my elderly father")), 1);
	assert_int_equal(engine_parse_someone_else("c'est pour ma petite "
	    "maman", strlen("c'est pour ma petite maman")), 1);
	assert_int_equal(engine_parse_someone_else("my dad needs a check-up",
	    strlen("my dad needs a check-up")), 1);
	assert_int_equal(engine_parse_someone_else("my teeth hurt, my gums "
	    "too", strlen("my teeth hurt, my gums too")), 0);
	assert_int_equal(engine_parse_someone_else("mon rdv de mardi",
	    strlen("mon rdv de mardi")), 0);
	assert_int_equal(engine_parse_someone_else("ma dent et son plombage",
	    strlen("ma dent et son plombage")), 0);
	assert_int_equal(engine_parse_anyone("peu importe", 11), 1);
	assert_int_equal(engine_parse_anyone("Dr Leal", 7), 0);
}

static void
norm_folds_accents(void **state)
{
	char	 out[64];

	(void)state;
	engine_norm("Déjà  ÉTÉ, 14:30!", strlen("Déjà  ÉTÉ, 14:30!"), out,
	    sizeof(out));
	assert_string_equal(out, "deja ete 14h30");
	engine_norm("abc", 3, out, 2);
	assert_string_equal(out, "a");
}

static void
fill_template(void **state)
{
	struct buf		 b;
	struct replies_var	 v[2] = { { "date", "mardi 24 novembre" },
	    { "time", "14:30" } };

	(void)state;
	buf_init(&b, 256);
	assert_int_equal(replies_fill(&b, "le {date} à {time} {nope}", v, 2),
	    0);
	assert_string_equal(buf_str(&b), "le mardi 24 novembre à 14:30 {nope}");
	buf_free(&b);
}

static void
fill_bad_controls_and_overflow(void **state)
{
	struct buf		 b;
	struct replies_var	 v[1] = { { "x", "a\rb\x1b[31m\nc" } };

	(void)state;
	buf_init(&b, 256);
	assert_int_equal(replies_fill(&b, "[{x}]", v, 1), 0);
	assert_string_equal(buf_str(&b), "[ab[31m\nc]");
	buf_free(&b);
	buf_init(&b, 4);
	assert_int_equal(replies_fill(&b, "{x}{x}", v, 1), -1);
	buf_free(&b);
	assert_int_equal(replies_fill(&b, NULL, v, 1), -1);
}

static void
every_template_in_both_languages(void **state)
{
	(void)state;
	assert_non_null(replies_get("booked", REPLIES_FR));
	assert_non_null(replies_get("booked", REPLIES_EN));
	assert_string_not_equal(replies_get("confirm_book", REPLIES_FR),
	    replies_get("confirm_book", REPLIES_EN));
	assert_null(replies_get("no_such_key", REPLIES_FR));
}

static void
dates_fr_en(void **state)
{
	const struct tz	*tz;
	char		 d[64], t[16];
	int64_t		 now = 1795425300;	/* 2026-11-23T09:15Z */

	(void)state;
	assert_int_equal(tz_load("Europe/Paris", &tz), TZ_OK);
	/* 2026-11-24T13:30Z is 14:30 in Paris (UTC+1). */
	assert_int_equal(replies_date(d, sizeof(d), REPLIES_FR, tz,
	    1795527000, now), 0);
	assert_string_equal(d, "mardi 24 novembre");
	assert_int_equal(replies_date(d, sizeof(d), REPLIES_EN, tz,
	    1795527000, now), 0);
	assert_string_equal(d, "Tuesday 24 November");
	assert_int_equal(replies_time(t, sizeof(t), tz, 1795527000), 0);
	assert_string_equal(t, "14:30");
	/* 2027-03-29T07:00Z: 09:00 in summer time, with the year. */
	assert_int_equal(replies_date(d, sizeof(d), REPLIES_FR, tz,
	    1806303600, now), 0);
	assert_string_equal(d, "lundi 29 mars 2027");
	assert_int_equal(replies_time(t, sizeof(t), tz, 1806303600), 0);
	assert_string_equal(t, "09:00");
	/* The first of a month: "1er" in French, "1" in English. */
	assert_int_equal(replies_date(d, sizeof(d), REPLIES_FR, tz,
	    1796115600, now), 0);
	assert_string_equal(d, "mardi 1er décembre");
	assert_int_equal(replies_date(d, sizeof(d), REPLIES_EN, tz,
	    1796115600, now), 0);
	assert_string_equal(d, "Tuesday 1 December");
}

static void
dates_bad_small_buffer(void **state)
{
	const struct tz	*tz;
	char		 d[5];

	(void)state;
	assert_int_equal(tz_load("Europe/Paris", &tz), TZ_OK);
	assert_int_equal(replies_date(d, sizeof(d), REPLIES_FR, tz,
	    1795527000, 1795527000), -1);
	assert_int_equal(replies_date(d, sizeof(d), REPLIES_FR, NULL, 0, 0),
	    -1);
}

static void
context_round_trip(void **state)
{
	struct eng_ctx	 c, d;
	char		*j;

	(void)state;
	eng_ctx_init(&c);
	snprintf(c.state, sizeof(c.state), "confirm");
	snprintf(c.flow, sizeof(c.flow), "book");
	snprintf(c.tr, sizeof(c.tr), "Détartrage");
	c.nprops = 2;
	snprintf(c.props[1].prac, ENG_ID,
	    "5e0f1e00-0000-4000-8000-00000000de40");
	c.props[1].start = 1795527000;
	snprintf(c.props[0].prac, ENG_ID,
	    "5e0f1e00-0000-4000-8000-00000000de41");
	c.props[0].start = 1795520000;
	c.pick = 1;
	c.t = 42;
	c.clar = 1;
	assert_non_null(j = eng_ctx_json(&c));
	memcpy(d.state, c.state, sizeof(d.state));
	assert_int_equal(eng_ctx_parse(j, &d), 0);
	free(j);
	assert_string_equal(d.state, "confirm");
	assert_string_equal(d.tr, "Détartrage");
	assert_int_equal(d.nprops, 2);
	assert_int_equal(d.pick, 1);
	assert_int_equal(d.props[1].start, 1795527000);
	assert_int_equal(d.t, 42);
	/* the clarifying question to an unclear message is remembered */
	assert_int_equal(d.clar, 1);
}

static void
context_bad_json_dropped(void **state)
{
	struct eng_ctx	 d;

	(void)state;
	eng_ctx_init(&d);
	assert_int_equal(eng_ctx_parse("[1,2]", &d), -1);
	assert_int_equal(eng_ctx_parse("{\"props\": [{\"p\": \"short\", "
	    "\"s\": 5}], \"pick\": 7, \"fails\": -3, \"tr\": 12}", &d), 0);
	assert_int_equal(d.nprops, 0);
	assert_int_equal(d.pick, 0);
	assert_int_equal(d.fails, 0);
	assert_string_equal(d.tr, "");
}

/* The requests waiting their turn survive the round trip, in order. */
static void
context_next_round_trip(void **state)
{
	struct eng_ctx	 c, d;
	char		*j;

	(void)state;
	eng_ctx_init(&c);
	snprintf(c.next[0], ENG_CLAUSE, "et prendre un détartrage vendredi");
	snprintf(c.next[1], ENG_CLAUSE, "and cancel the Friday one");
	c.nnext = 2;
	assert_non_null(j = eng_ctx_json(&c));
	eng_ctx_init(&d);
	assert_int_equal(eng_ctx_parse(j, &d), 0);
	free(j);
	assert_int_equal(d.nnext, 2);
	assert_string_equal(d.next[0], "et prendre un détartrage vendredi");
	assert_string_equal(d.next[1], "and cancel the Friday one");
}

/* A damaged queue: non-strings, empty and too many entries are dropped. */
static void
context_next_bad_dropped(void **state)
{
	struct eng_ctx	 d;

	(void)state;
	eng_ctx_init(&d);
	assert_int_equal(eng_ctx_parse("{\"next\": [3, \"\", \"a\", \"b\", "
	    "\"c\", \"d\"]}", &d), 0);
	assert_int_equal(d.nnext, ENG_NEXT);
	assert_string_equal(d.next[0], "a");
	eng_ctx_init(&d);
	assert_int_equal(eng_ctx_parse("{\"next\": \"a\"}", &d), 0);
	assert_int_equal(d.nnext, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(choice_numbers),
		cmocka_unit_test(choice_words),
		cmocka_unit_test(choice_times),
		cmocka_unit_test(option_with_time),
		cmocka_unit_test(shift_amounts),
		cmocka_unit_test(choice_bad_out_of_range_or_dates),
		cmocka_unit_test(yesno_words),
		cmocka_unit_test(yesno_bad_neither),
		cmocka_unit_test(remind_answers),
		cmocka_unit_test(info_and_others),
		cmocka_unit_test(recap_question_price_and_length),
		cmocka_unit_test(norm_folds_accents),
		cmocka_unit_test(fill_template),
		cmocka_unit_test(fill_bad_controls_and_overflow),
		cmocka_unit_test(every_template_in_both_languages),
		cmocka_unit_test(dates_fr_en),
		cmocka_unit_test(dates_bad_small_buffer),
		cmocka_unit_test(context_round_trip),
		cmocka_unit_test(context_bad_json_dropped),
		cmocka_unit_test(context_next_round_trip),
		cmocka_unit_test(context_next_bad_dropped),
	};

	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
