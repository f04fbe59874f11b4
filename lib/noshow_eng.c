/*
 * noshow_eng — the answer to the no-show message, in the conversation
 * (issue 21, item 3).  When lib/noshow.c writes "we missed you, would
 * you like a new appointment?", it leaves the conversation in state
 * "ns_offer" with the missed appointment's patient (pid), practitioner
 * (pr) and treatment (tr) as ids.  Here a plain yes, or an answer that
 * names a day or a time, starts the booking of that treatment with that
 * practitioner for that patient: free slots are proposed, and nothing is
 * booked before the patient's yes to the recap, as in any booking.  Any
 * other answer (a no, a question, another request) is read by the
 * ordinary flow, the offer forgotten.
 */
#include <stdio.h>
#include <string.h>

#include "booking.h"
#include "engine_int.h"
#include "engine_parse.h"

/* How long the offer stands: three days after the message. */
#define NS_OFFER_S	((int64_t)3 * 86400)

/* A yes with nothing else to it (the rules', not a guess). */
static int
plain_yes(const struct eng *e)
{
	if (e->nlu.intent == NLU_INTENT_AFFIRMATIVE &&
	    e->nlu.intent_src == NLU_SRC_RULES)
		return 1;
	return engine_parse_yesno(e->text, e->len) == 1 &&
	    e->nlu.intent != NLU_INTENT_NEGATIVE &&
	    e->nlu.intent != NLU_INTENT_CANCEL_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_MODIFY_APPOINTMENT;
}

/*
 * The ids kept by lib/noshow.c as the names the flow uses (the
 * treatment's and practitioner's canonical names), in place; "" for one
 * the clinic no longer has.
 */
static void
names_of_ids(struct eng *e)
{
	int	 i;

	i = e->b != NULL ? booking_find_treat(e->b, e->c.tr) : -1;
	if (i >= 0)
		snprintf(e->c.tr, sizeof(e->c.tr), "%s",
		    booking_treat_name(e->b, (size_t)i));
	else
		e->c.tr[0] = '\0';
	i = e->b != NULL ? booking_find_prac(e->b, e->c.pr) : -1;
	if (i >= 0)
		snprintf(e->c.pr, sizeof(e->c.pr), "%s",
		    booking_prac_name(e->b, (size_t)i));
	else
		e->c.pr[0] = '\0';
}

/*
 * The turn of a conversation waiting for the answer to the no-show
 * message.  Returns 1 when the rebooking was started (the reply said),
 * 0 when the message is for the ordinary flow (the state is then idle).
 */
int
eng_noshow_answer(struct eng *e)
{
	char	 pid[ENG_ID];
	int	 i;

	if (strcmp(e->c.state, "ns_offer") != 0)
		return 0;
	if (e->now - e->c.t > NS_OFFER_S || e->nlu.intent ==
	    NLU_INTENT_EMERGENCY || !(plain_yes(e) || eng_has(e, NLU_F_DATE) ||
	    eng_has(e, NLU_F_TIME))) {
		eng_reset(e);
		return 0;
	}
	names_of_ids(e);
	memcpy(pid, e->c.pid, sizeof(pid));
	eng_set_state(e, "idle");
	e->c.appt[0] = '\0';
	/* The clinic's no-show rule may hand the booking to its staff. */
	if (eng_noshow_handoff(e))
		return 1;
	/* The patient of the missed appointment, if still on this phone. */
	e->c.pid[0] = '\0';
	for (i = 0; i < e->npats; i++)
		if (strcmp(e->pats[i].id, pid) == 0)
			memcpy(e->c.pid, pid, sizeof(pid));
	(void)eng_merge(e);
	e->c.fails = 0;
	eng_book_next(e);
	return 1;
}
