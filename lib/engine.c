/*
 * engine — the decision of one turn: the state machine run over the
 * snapshot the turn loaded (engine_turn.c) and the understood message,
 * at the top of the decision's files: it dispatches to the flows
 * (engine_book.c), identification (engine_who.c) and answers
 * (engine_info.c), which use engine_base.c and never call back up.
 * It reads nothing and writes nothing: what it wants written (a new
 * patient, a booking, a move, a cancellation, a reminder's answer) is
 * left in struct eng for the turn's commit, and what it lacks (free/busy
 * time, Google's fresh answer) is asked for in e->need.  The answer to a
 * reminder lives here: it may start any flow.  See engine.h.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "booking.h"
#include "config.h"
#include "engine_parse.h"
#include "engine_int.h"
#include "log.h"
#include "privacy.h"
#include "tz.h"

/* The flow goes on once the patient is known. */
static void
eng_continue(struct eng *e)
{
	e->c.nids = 0;
	if (strcmp(e->c.flow, "book") == 0)
		eng_book_next(e);
	else
		eng_reset(e);
}

/* The patient's answer to the reminder, for the commit to record. */
static void
response(struct eng *e, const char *what)
{
	snprintf(e->resp, sizeof(e->resp), "%s", what);
	memcpy(e->resp_appt, e->c.appt, ENG_ID);
}

/* The answer to a reminder: confirm, cancel or move, else anything. */
static void
eng_on_remind(struct eng *e)
{
	enum engine_remind	 a;
	struct eng_appt		 ap;
	struct replies_var	 v[2];
	char			 date[64], time[16];

	a = engine_parse_remind(e->text, e->len);
	/* The answer to a reminder is the rules' reading, never the LLM's. */
	if (a == ENGINE_REMIND_NONE && e->nlu.intent_src == NLU_SRC_RULES) {
		if (e->nlu.intent == NLU_INTENT_CANCEL_APPOINTMENT)
			a = ENGINE_REMIND_CANCEL;
		else if (e->nlu.intent == NLU_INTENT_MODIFY_APPOINTMENT)
			a = ENGINE_REMIND_MOVE;
		else if (e->nlu.intent == NLU_INTENT_AFFIRMATIVE)
			a = ENGINE_REMIND_CONFIRM;
	}
	if (a == ENGINE_REMIND_NONE ||
	    eng_load_appts(e, e->c.appt, &ap, 1) != 1) {
		eng_dispatch_idle(e);
		return;
	}
	switch (a) {
	case ENGINE_REMIND_CONFIRM:
		response(e, "confirmed");
		eng_when(e, ap.start, date, sizeof(date), time, sizeof(time));
		v[0] = (struct replies_var){ "date", date };
		v[1] = (struct replies_var){ "time", time };
		eng_say(e, "remind_confirmed", v, 2);
		eng_reset(e);
		return;
	case ENGINE_REMIND_CANCEL:
		response(e, "cancelled");
		snprintf(e->c.flow, sizeof(e->c.flow), "cancel");
		e->c.nids = 0;
		eng_set_state(e, "confirm_cancel");
		/* The answer itself is the cancellation: no second yes. */
		e->nlu.intent = NLU_INTENT_AFFIRMATIVE;
		eng_on_confirm_cancel(e);
		return;
	default:
		response(e, "move_requested");
		snprintf(e->c.flow, sizeof(e->c.flow), "move");
		(void)eng_merge(e);
		eng_move_picked(e);
		return;
	}
}

/* More than six words: more than an acknowledgement. */
static int
long_words(const struct eng *e)
{
	char		 s[1024];
	const char	*p;
	int		 n = 0;

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	for (p = s; *p != '\0'; p++)
		if (*p != ' ' && (p == s || p[-1] == ' '))
			n++;
	return n > 6;
}

/* The clinic's details asked in general ("des infos sur le cabinet",
 * "your contact details"). */
static int
card_asked(const struct eng *e)
{
	static const char *const w[] = { "info", "infos", "information",
	    "informations", "renseignement", "renseignements", "details",
	    "detail", "coordonnees", "contact", "about you", "about the clinic",
	    "le cabinet", "the clinic", "vos horaires", NULL };
	char	 s[1024];

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, w);
}

/* Thanks in the message ("merci beaucoup pour tout", "thanks a lot"). */
static int
thanks_said(const struct eng *e)
{
	static const char *const w[] = { "merci", "thanks", "thank", "cheers",
	    "ta", "remercie", "grateful", NULL };
	char	 s[1024];

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, w);
}

/* Does the message carry something a booking uses? */
static int
booking_words(const struct eng *e)
{
	return eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    eng_has(e, NLU_F_PRACTITIONER) || eng_has(e, NLU_F_DATE) ||
	    eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_TIME_PREFERENCE);
}

/*
 * A wish to book said in words ("je voudrais", "un rdv", "I'd like",
 * "can I book"), and no question of price or length: "c'est combien un
 * blanchiment ?" asks, it does not book.
 */
static int
wants_booking(const struct eng *e)
{
	static const char *const w[] = { "je voudrais", "je voudrai",
	    "j aimerais", "j aimerai", "je souhaite", "je souhaiterais",
	    "rdv", "rendez vous", "prendre", "reserver", "book", "booking",
	    "appointment", "appt", "i d like", "id like", "i would like",
	    "i want", "i need", "can i have", "can i get", "could i have",
	    "could i get", "je veux", "je voulais", "need my", "need a",
	    "need an", "needs a", "needs an", "need to get", "need to have",
	    "besoin d un", "besoin d une", "il me faudrait", "il me faut",
	    "il lui faudrait", "il lui faut", "il leur faudrait",
	    "looking for a", "looking to", "fit me in", "squeeze me in",
	    "me prendre", "if poss", "if possible", "si possible", NULL };
	char	 s[1024];

	if (engine_parse_recap_question(e->text, e->len) != 0)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, w);
}

/*
 * "who's Dr Martin?", "la Dr Leal elle est gentille avec les enfants ?":
 * a question naming a practitioner and nothing a booking needs (no
 * treatment, day or time, no wish to book).  The practitioner's index,
 * or -1.
 */
static int
prac_question(const struct eng *e)
{
	static const char *const q[] = { "who", "whos", "who s", "what",
	    "is", "are", "does", "do", "can", "could", "how", "qui", "c est",
	    "est ce", "est il", "est elle", "comment", "quel", "quelle", NULL };
	char	 s[1024];
	size_t	 i;
	int	 ask = memchr(e->text, '?', e->len) != NULL;

	if (!eng_has(e, NLU_F_PRACTITIONER) ||
	    eng_has(e, NLU_F_APPOINTMENT_TYPE) || eng_has(e, NLU_F_DATE) ||
	    eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_DATE_RANGE) ||
	    eng_has(e, NLU_F_TIME_PREFERENCE) || wants_booking(e))
		return -1;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; !ask && q[i] != NULL; i++)
		ask = engine_has_word(s, q[i]);
	return ask ? booking_find_prac(e->b, e->nlu.val[NLU_F_PRACTITIONER]) :
	    -1;
}

/* "aussi", "avec ma fille", "my son too": one more person, not another
 * one instead. */
static int
also_said(const struct eng *e)
{
	static const char *const w[] = { "aussi", "egalement", "en plus",
	    "avec ma", "avec mon", "avec mes", "et ma", "et mon", "et mes",
	    "also", "too", "as well", "and my", "with my", NULL };
	char	 s[1024];

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, w);
}

/*
 * 1 when the message is a question or a greeting that gives the
 * writer's own name, no birth date and no request ("what are your
 * hours? My name is Priya Nair"): the name is kept for what follows.
 * A request names its person in its own flow (engine_who.c).
 */
static int
name_with_question(const struct eng *e)
{
	enum nlu_intent	 i = e->nlu.intent;

	return (i == NLU_INTENT_INFORMATION || i == NLU_INTENT_GREETING ||
	    i == NLU_INTENT_LIST_PRACTITIONERS || i == NLU_INTENT_UNKNOWN) &&
	    !eng_has(e, NLU_F_BIRTH_DATE) &&
	    !engine_parse_someone_else(e->text, e->len);
}

/*
 * 1 when the message's intent is the LLM's alone and the rules found
 * nothing in it: no value (the LLM's values are kept only when the
 * message holds them), no question they know (info).  Such an intent is
 * a guess at a message nobody read.
 */
static int
llm_guess(const struct eng *e, int info)
{
	int	 f;

	if (e->nlu.intent_src != NLU_SRC_LLM || info != 0)
		return 0;
	for (f = 0; f < NLU_F__MAX; f++)
		if (e->nlu.val[f][0] != '\0')
			return 0;
	return 1;
}

/*
 * "c'est avec qui ?", "who am I seeing?" from a phone with appointments
 * to come asks whom its appointment is with: the list of them, not the
 * clinic's practitioners ("avec qui je peux prendre rdv ?" stays).
 */
static int
asks_own_appt(const struct eng *e)
{
	static const char *const mine[] = { "c est avec qui",
	    "je suis avec qui", "je vois qui", "je serai avec qui",
	    "mon rdv est avec qui", "mon rendez vous est avec qui",
	    "avec qui est mon", "avec quel docteur est mon",
	    "who am i seeing", "who am i with", "who is it with",
	    "who s it with", "who is my appointment with",
	    "who s my appointment with", "which doctor am i seeing",
	    "which dentist am i seeing", NULL };
	char	 s[1024];

	if (e->nappts == 0)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, mine);
}

static void
practitioners(struct eng *e)
{
	if (asks_own_appt(e))
		eng_list_appts(e);
	else
		eng_practitioners(e);
}

/*
 * A question to the clinic beside a request ("..., et vous êtes où ?",
 * "..., and is there parking?"): a question mark and words that ask
 * where, how to come, when it opens or its number ("je peux venir
 * jeudi ?" asks none).
 */
int
eng_clinic_asked(const struct eng *e)
{
	static const char *const w[] = { "ou etes", "etes ou", "vous etes ou",
	    "ou se trouve", "ou c est", "c est ou", "ou est le cabinet",
	    "where", "address", "adresse", "parking", "park", "metro",
	    "ascenseur", "lift", "wheelchair", "fauteuil", "horaires",
	    "opening hours", "phone number", "numero de telephone", NULL };
	char	 s[1024];

	if (memchr(e->text, '?', e->len) == NULL)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, w);
}

/* The start of what the message's intent asks for, at idle. */
static void
dispatch_intent(struct eng *e, int info)
{
	int	 k;

	switch (e->nlu.intent) {
	case NLU_INTENT_BOOK_APPOINTMENT:
		/* a booking the rules were unsure of that only asks about a
		 * practitioner ("la Dr Leal elle est gentille avec les
		 * enfants ?"): what is known of that practitioner */
		if (!e->nlu.rules_sure && (k = prac_question(e)) >= 0) {
			eng_info_prac(e, k);
			return;
		}
		/* "un contrôle vendredi après-midi, et vous êtes où ?":
		 * the question answered, then the booking */
		if (info != 0 && e->nlu.intent_src == NLU_SRC_RULES &&
		    eng_clinic_asked(e))
			eng_info_clinic(e, info);
		if (!eng_needs(e))
			eng_book_start(e);
		return;
	case NLU_INTENT_MODIFY_APPOINTMENT:
		eng_move_start(e);
		return;
	case NLU_INTENT_CANCEL_APPOINTMENT:
		eng_cancel_start(e);
		return;
	case NLU_INTENT_LIST_APPOINTMENTS:
		eng_list_appts(e);
		return;
	case NLU_INTENT_LIST_PRACTITIONERS:
		practitioners(e);
		return;
	case NLU_INTENT_GREETING:
		if (e->nlu.closing) {
			eng_welcome(e);
			return;
		}
		eng_greet(e);
		return;
	case NLU_INTENT_AFFIRMATIVE:
		/* "ok Tuesday at 10am then", "d'accord mardi 10h": with
		 * nothing to agree to, a day or a time asks for it */
		if (eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_TIME) ||
		    eng_has(e, NLU_F_DATE_RANGE)) {
			eng_book_start(e);
			return;
		}
		/* a bare yes or no to "could you rephrase?" says nothing
		 * more: still not understood; nor does a long message that
		 * only begins with one ("yes hello this is Margaret, I was
		 * calling about the thing for my mouth") */
		if (e->clar_was || (long_words(e) && !thanks_said(e))) {
			eng_unclear(e);
			return;
		}
		eng_welcome(e);
		return;
	case NLU_INTENT_NEGATIVE:
		if (e->clar_was) {
			eng_unclear(e);
			return;
		}
		eng_welcome(e);
		return;
	case NLU_INTENT_INFORMATION:
		if (info == 0 && (k = prac_question(e)) >= 0) {
			eng_info_prac(e, k);
			return;
		}
		if (info == 0 && booking_words(e)) {
			eng_book_start(e);
			return;
		}
		/* "je voudrais un détartrage mardi matin, il y a un
		 * ascenseur ?": the question answered, then the booking */
		if (info != 0 && e->nlu.intent_src == NLU_SRC_RULES &&
		    eng_has(e, NLU_F_APPOINTMENT_TYPE) && (wants_booking(e) ||
		    engine_parse_recap_question(e->text, e->len) == 0) &&
		    (eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_TIME) ||
		    eng_has(e, NLU_F_DATE_RANGE) ||
		    eng_has(e, NLU_F_TIME_PREFERENCE))) {
			eng_info_clinic(e, info);
			if (!eng_needs(e))
				eng_book_start(e);
			return;
		}
		/* the LLM's "information" for a message that asks nothing
		 * the rules know of: a question back, not the clinic's card;
		 * nor for a long message that asks nothing of the clinic
		 * ("yeah hi it's Tom about the thing with my jaw") */
		if (info == 0 && long_words(e) && !card_asked(e) &&
		    !eng_has(e, NLU_F_APPOINTMENT_TYPE) &&
		    engine_parse_recap_question(e->text, e->len) == 0) {
			eng_unclear(e);
			return;
		}
		if (info != 0 || e->nlu.intent_src != NLU_SRC_LLM) {
			eng_info(e, info);
			return;
		}
		eng_unclear(e);
		return;
	default:
		if (booking_words(e)) {
			eng_book_start(e);
			return;
		}
		if (info != 0) {
			eng_info(e, info);
			return;
		}
		eng_unclear(e);
		return;
	}
}

/*
 * A request at idle.  An intent the LLM guessed for a message the rules
 * could not read (llm_guess) is followed only when it starts a booking,
 * or a move of one of the patient's appointments, whose first reply asks
 * what is missing; any other guess (a list, a greeting, a move with
 * nothing to move) gets the clarifying question instead.  A followed
 * guess is not counted as understood: the misunderstandings in a row go
 * on (an opening's is no failure: its reply is the clarifying
 * question), and the second failed answer is handed to staff whatever
 * the LLM makes of it (the LLM advises, it never keeps a patient who is
 * not understood away from a person).  A guess at the answer to the
 * clarifying question is a failure.
 */
void
eng_dispatch_idle(struct eng *e)
{
	int	 info, guess, fails = e->c.fails;

	eng_reset(e);
	e->c.fails = fails;
	if (eng_late(e))
		return;
	info = engine_parse_info(e->text, e->len);
	guess = llm_guess(e, info);
	if (guess && (fails > 0 || e->clar_was ||
	    (e->nlu.intent != NLU_INTENT_BOOK_APPOINTMENT &&
	    (e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT ||
	    e->nappts == 0)))) {
		eng_unclear(e);
		return;
	}
	dispatch_intent(e, info);
	if (guess && e->handoff == 0 && !e->opening)
		e->c.fails = fails + 1;
}

/*
 * Does the message name one of the patient's booked appointments ("mon
 * rdv", "my appointment", "ma séance") rather than the one being booked?
 * Only when the patient has some.
 */
static int
names_booked(const struct eng *e)
{
	static const char *const w[] = {
		"rdv", "rendez vous", "rendezvous", "rv", "appointment",
		"appointments", "appt", "booking", "seance", "session",
		"reservation", NULL
	};
	char		 s[1024];
	size_t		 i;

	if (e->nappts == 0)
		return 0;
	engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; w[i] != NULL; i++)
		if (engine_has_word(s, w[i]))
			return 1;
	return 0;
}

/*
 * "annulez tous mes rdv", "cancel my appointment on Friday": the
 * message names appointments already booked, in words no booking in
 * progress is called by.  Only when the phone has some.
 */
static int
names_my_booked(const struct eng *e)
{
	static const char *const w[] = { "mes rdv", "mes rendez vous",
	    "tous mes", "tous les rdv", "tous les rendez vous", "mon rdv du",
	    "mon rdv de", "mon rendez vous du", "mon rendez vous de",
	    "mes seances", "all my", "my appointments", "my bookings",
	    "my appointment on", "my appointment for", "my other",
	    "mon autre", NULL };
	char	 s[1024];
	const char *tn;
	int	 i, t;

	if (e->nappts == 0)
		return 0;
	engine_norm(e->text, e->len, s, sizeof(s));
	if (engine_has_any(s, w))
		return 1;
	/* "cancel the whitening, I'll just do the cleaning" while the
	 * cleaning is being booked: the treatment of an appointment
	 * booked, not of the booking in progress */
	for (i = 0; i < e->nappts; i++) {
		if ((t = booking_find_treat(e->b, e->appts[i].treat)) < 0)
			t = booking_find_treat(e->b, e->appts[i].tname);
		if (t < 0)
			continue;
		tn = booking_treat_name(e->b, (size_t)t);
		if (strcmp(tn, e->c.tr) == 0)
			continue;
		if (nlu_words_present(e->text, e->len, tn) ||
		    nlu_words_present(e->text, e->len,
		    eng_treat_local(e, tn)))
			return 1;
	}
	return 0;
}

/*
 * "just cancel it", "annulez-le", "cancel the appointment instead":
 * the appointment talked about is to be cancelled (not "don't cancel
 * it", "ne l'annulez pas").
 */
static int
cancel_said(const struct eng *e)
{
	static const char *const w[] = { "cancel it", "just cancel",
	    "cancel the appointment", "cancel my appointment", "cancel that",
	    "cancel instead", "rather cancel", "cancel the whole thing",
	    "annulez le", "annule le", "annulez la", "annule la",
	    "annulez le rdv", "annuler le rdv", "plutot annuler",
	    "prefere annuler", "on annule", "annulez tout", "annule tout",
	    NULL };
	static const char *const neg[] = { "don t cancel", "dont cancel",
	    "do not cancel", "not cancel", "no need to cancel",
	    "ne l annulez pas", "n annulez pas", "ne pas annuler",
	    "pas l annuler", "pas annuler", NULL };
	char	 s[1024];

	engine_norm(e->text, e->len, s, sizeof(s));
	return engine_has_any(s, w) && !engine_has_any(s, neg);
}

/*
 * "vous avez quelqu'un d'autre que le docteur Leal ?", "a different
 * dentist?" while booking or moving: a change of practitioner for that
 * flow, not a question about the practitioners.
 */
static int
rules_out_prac(const struct eng *e)
{
	if (strcmp(e->c.flow, "book") != 0 && strcmp(e->c.flow, "move") != 0)
		return 0;
	return nlu_avoided_practitioner(e->text, e->len,
	    booking_prac_names(e->b), booking_npracs(e->b)) >= 0 ||
	    engine_parse_other_prac(e->text, e->len);
}

/*
 * A question answered while a recap waits (the practitioners, the
 * appointments): the recap is said again, so that a yes that follows
 * answers a recap just shown.  state: the state before the answer.
 */
static void
recap_again(struct eng *e, const char *state)
{
	if (strcmp(e->c.state, state) == 0 &&
	    (strcmp(state, "confirm") == 0 ||
	    strcmp(state, "confirm_cancel") == 0))
		eng_reask(e);
}

/* 1 for a state that waits for a yes or a no (a recap, an offer). */
static int
awaits_yes(const char *state)
{
	static const char *const yes_states[] = { "confirm",
	    "confirm_cancel", "remind", "offer_book", "wl_offer", "wl_join" };
	size_t	 k;

	for (k = 0; k < sizeof(yes_states) / sizeof(yes_states[0]); k++)
		if (strcmp(state, yes_states[k]) == 0)
			return 1;
	return 0;
}

/*
 * Requests that interrupt a waiting flow.  Questions (practitioners,
 * appointments, clinic information) are answered and the flow keeps
 * waiting; a new request replaces the flow.  Only the rules interrupt:
 * an intent the LLM proposed (a GREETING, another request) leaves the
 * flow to read the message.  Returns 1 when handled.
 */
static int
interrupt(struct eng *e)
{
	const char	*flow = e->c.flow;
	char		 state[sizeof(e->c.state)];
	int		 info;

	memcpy(state, e->c.state, sizeof(state));
	if (e->nlu.intent_src == NLU_SRC_LLM &&
	    e->nlu.intent != NLU_INTENT_INFORMATION)
		return 0;
	/* "forget it, just cancel it, I'll rebook in Feb" while moving an
	 * appointment: that appointment's cancellation, recapped */
	if (strcmp(flow, "move") == 0 && e->c.appt[0] != '\0' &&
	    cancel_said(e)) {
		char	 id[ENG_ID];

		memcpy(id, e->c.appt, ENG_ID);
		eng_cancel_appt(e, id);
		return 1;
	}
	/* "and could my son come too, for a check-up?" while the writer's
	 * own booking waits for its slot or its yes (read as a booking, a
	 * change of treatment at the recap or a yes): that booking goes
	 * on, the other person's comes right after */
	if ((e->nlu.intent == NLU_INTENT_BOOK_APPOINTMENT ||
	    e->nlu.intent == NLU_INTENT_MODIFY_APPOINTMENT ||
	    eng_has(e, NLU_F_APPOINTMENT_TYPE)) &&
	    e->nlu.intent != NLU_INTENT_CANCEL_APPOINTMENT &&
	    strcmp(flow, "book") == 0 &&
	    (e->c.pid[0] != '\0' || e->c.first[0] != '\0') &&
	    (strcmp(e->c.state, "confirm") == 0 ||
	    strcmp(e->c.state, "choose_slot") == 0) &&
	    engine_parse_someone_else(e->text, e->len) && also_said(e) &&
	    eng_plan_push(e, e->text, e->len) == 0) {
		eng_say(e, "queued_after", NULL, 0);
		eng_reask(e);
		return 1;
	}
	/* "yes, and my daughter too" at that recap: the yes books the
	 * writer's, the other person's follows right after */
	if (e->nlu.intent == NLU_INTENT_AFFIRMATIVE &&
	    e->nlu.intent_src == NLU_SRC_RULES &&
	    strcmp(flow, "book") == 0 && strcmp(e->c.state, "confirm") == 0 &&
	    (e->c.pid[0] != '\0' || e->c.first[0] != '\0') &&
	    engine_parse_someone_else(e->text, e->len) && also_said(e))
		(void)eng_two_also(e);
	/* thanks with good wishes ("merci, bonne journée") while a name,
	 * a day or a time is asked: a goodbye, as a greeting that closes;
	 * the flow is kept for when they return (at a recap it is the
	 * yes it always was) */
	if (e->nlu.intent == NLU_INTENT_AFFIRMATIVE && e->nlu.closing &&
	    !awaits_yes(state)) {
		eng_welcome(e);
		return 1;
	}
	switch (e->nlu.intent) {
	case NLU_INTENT_MODIFY_APPOINTMENT:
		if (strcmp(flow, "move") == 0)
			return 0;
		/* "plutôt jeudi, même heure", "with Dr X instead" at the
		 * recap or the proposals of a booking change that booking,
		 * unless they name an appointment already booked. */
		if (strcmp(flow, "book") == 0 &&
		    (strcmp(e->c.state, "confirm") == 0 ||
		    strcmp(e->c.state, "choose_slot") == 0) &&
		    !names_booked(e))
			return 0;
		eng_reset(e);
		eng_move_start(e);
		return 1;
	case NLU_INTENT_CANCEL_APPOINTMENT:
		/* "non, je veux annuler" during a move cancels it; during
		 * a booking it drops that booking, unless it names the
		 * appointments already booked ("annulez tous mes rdv") */
		if (strcmp(flow, "cancel") == 0 ||
		    (strcmp(flow, "move") != 0 &&
		    (strcmp(e->c.state, "confirm") == 0 ||
		    strcmp(e->c.state, "choose_slot") == 0) &&
		    !names_my_booked(e)))
			return 0;
		/* the booking in progress resumes once the other
		 * appointment's cancellation is over */
		if (strcmp(flow, "book") == 0)
			(void)eng_two_resume(e);
		eng_reset(e);
		eng_cancel_start(e);
		return 1;
	case NLU_INTENT_BOOK_APPOINTMENT:
		if (strcmp(flow, "book") == 0 || strcmp(flow, "") == 0)
			return 0;
		/* "and my son needs a cleaning on Thursday" at the recap of
		 * a move or a cancellation: that recap still waits for its
		 * answer; the other person's request comes right after */
		if ((strcmp(e->c.state, "confirm") == 0 ||
		    strcmp(e->c.state, "confirm_cancel") == 0) &&
		    engine_parse_someone_else(e->text, e->len) &&
		    eng_plan_push(e, e->text, e->len) == 0) {
			eng_say(e, "queued_after", NULL, 0);
			eng_reask(e);
			return 1;
		}
		eng_reset(e);
		eng_book_start(e);
		return 1;
	case NLU_INTENT_LIST_APPOINTMENTS:
		eng_list_appts(e);
		recap_again(e, state);
		return 1;
	case NLU_INTENT_LIST_PRACTITIONERS:
		/* "c'est avec qui ?" at a recap: that recap's practitioner */
		if (rules_out_prac(e) || (strcmp(e->c.state, "confirm") == 0 &&
		    e->c.nprops > 0 && (engine_parse_recap_question(e->text,
		    e->len) & ENGINE_ASK_WHO)))
			return 0;
		practitioners(e);
		recap_again(e, state);
		return 1;
	case NLU_INTENT_GREETING:
		/* thanks and goodbye: the flow is kept for when they return */
		if (e->nlu.closing) {
			eng_welcome(e);
			return 1;
		}
		eng_reset(e);
		eng_greet(e);
		return 1;
	case NLU_INTENT_INFORMATION:
	case NLU_INTENT_UNKNOWN:
		info = engine_parse_info(e->text, e->len);
		if (info == 0 || booking_words(e))
			return 0;
		eng_info(e, info);
		return 1;
	default:
		return 0;
	}
}

/* The decision for the message, before the requests waiting. */
static void
decide_one(struct eng *e)
{
	const char	*s = e->c.state;

	if (e->nlu.intent == NLU_INTENT_EMERGENCY) {
		if (!eng_fix_emergency(e))
			eng_emergency(e);
		return;
	}
	/* "STOP", "delete my data": the procedure, staff told (privacy.h). */
	if (privacy_intent(e))
		return;
	/* A patient who asks for a person gets one: staff take over. */
	if (engine_parse_human(e->text, e->len)) {
		eng_say(e, "handoff_asked", NULL, 0);
		e->handoff = 1;
		e->staff_reason = "asked_for_staff";
		eng_reset(e);
		return;
	}
	/*
	 * Another language (German, Spanish...): say which ones Sophie
	 * speaks, in both, once; a patient who goes on in it is handed to
	 * staff (a second failure).  The flow in progress is kept.
	 */
	if (e->nlu.foreign && e->nlu.intent != NLU_INTENT_EMERGENCY) {
		if (!eng_fail(e))
			eng_say(e, "languages", NULL, 0);
		/* what follows without words (a photo, a document) is
		 * answered in English, the one of the two more likely read */
		e->lang = REPLIES_EN;
		return;
	}
	/* "C'est urgent" without a symptom: the team sees it; the request
	 * goes on (the earliest slots come first). */
	if (e->nlu.urgent && e->staff_reason == NULL)
		e->staff_reason = "urgent";
	/* An offer of a freed slot, joining or leaving the waitlist. */
	if (eng_waitlist(e))
		return;
	/* The answer to the no-show message: a yes rebooks. */
	if (eng_noshow_answer(e))
		return;
	/* "no appointment to come; would you like one?" answered */
	if (eng_offer_book_answer(e))
		return;
	/* "en fait plutôt 11h" right after "C'est réservé" */
	if (eng_book_amend(e))
		return;
	/* "c'est combien un détartrage ? Je suis Chloé Martin": a phone
	 * without patients that gave its full name is not asked it again */
	if (strcmp(s, "idle") == 0 && name_with_question(e))
		(void)eng_who_keep_name(e);
	/* An attachment, a greeting, thanks, a doubtful yes: answered, and
	 * the flow asks its question again (engine_aside.c). */
	eng_fix_nlu(e);
	eng_two_nlu(e);
	/* "I'll take one" after a price; a yes to passing a question on */
	if (eng_info_after(e))
		return;
	/* "do you do Invisalign?", "does Dr Martin do cleanings?" */
	if (eng_info_offer(e))
		return;
	/* "I need a filling" in a clinic that does none */
	if (eng_info_missing(e))
		return;
	/* "swap my whitening for a cleaning, same time" */
	if (strcmp(s, "idle") == 0 && eng_treat_swap(e))
		return;
	if (eng_aside(e))
		return;
	/* "can't make it tomorrow, anything later in the week?" */
	if (eng_fix_range(e))
		return;
	/* "anything earlier in the week?" at the proposals or the recap */
	if (eng_shift(e))
		return;
	if (strcmp(s, "remind") == 0) {
		eng_on_remind(e);
		return;
	}
	if (strcmp(s, "idle") != 0 && interrupt(e))
		return;
	if (strcmp(s, "ask_who") == 0) {
		if (eng_on_ask_who(e))
			eng_continue(e);
	} else if (strcmp(s, "ask_name") == 0) {
		if (eng_on_ask_name(e))
			eng_continue(e);
	} else if (strcmp(s, "ask_birth") == 0) {
		if (eng_on_ask_birth(e))
			eng_continue(e);
	} else if (strcmp(s, "ask_treatment") == 0)
		eng_on_ask_treatment(e);
	else if (strcmp(s, "choose_slot") == 0)
		eng_on_choose_slot(e);
	else if (strcmp(s, "confirm") == 0)
		eng_on_confirm(e);
	else if (strcmp(s, "ask_date") == 0)
		eng_on_ask_date(e);
	else if (strcmp(s, "choose_appt") == 0)
		eng_on_choose_appt(e);
	else if (strcmp(s, "confirm_cancel") == 0)
		eng_on_confirm_cancel(e);
	else if (asks_own_appt(e))	/* "who am I seeing on Monday?" */
		eng_list_appts(e);
	else
		eng_plan_idle(e);
}

void
eng_decide(struct eng *e)
{
	e->opening = e->c.t == 0;
	e->clar_was = e->c.clar;
	e->c.clar = 0;
	e->done_was = e->c.done;
	e->t_was = e->c.t;
	/* with staff, only an emergency is answered (engine_turn.c), and
	 * nothing else of the message is taken up */
	if (e->handed) {
		eng_emergency(e);
		e->c.nnext = 0;
		return;
	}
	decide_one(e);
	eng_plan_next(e);
}
