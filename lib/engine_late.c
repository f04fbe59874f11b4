/*
 * engine_late — "je vais avoir 10 minutes de retard", "running late,
 * stuck in traffic": a patient warns the clinic on the day.  Nothing
 * moves; the message is acknowledged with the appointment it concerns
 * (the phone's first one today that has not ended long ago) and the
 * conversation is flagged for the staff, who see it on the desk.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "booking.h"
#include "engine_int.h"
#include "engine_parse.h"
#include "replies.h"
#include "tz.h"

#define LATE_NORM	1024
#define LATE_BEFORE	(30 * 60)	/* an appointment begun this long ago */

static const char *const late_words[] = { "en retard", "de retard",
	"du retard", "un peu de retard", "retard de", "bouchons",
	"embouteillage", "embouteillages", "dans les bouchons",
	"je suis en route", "suis en chemin", "running late", "running behind",
	"be late", "i m late", "im late", "i am late", "will be late",
	"gonna be late", "going to be late", "minutes late", "mins late",
	"min late", "bit late", "stuck in traffic", "in traffic",
	"on my way", "be there in", "serai la dans", "arrive dans", NULL };

/* The phone's appointment of today still to come (or just begun). */
static const struct eng_appt *
today_appt(const struct eng *e)
{
	struct tz_local	 now, l;
	int		 i;

	tz_to_local(booking_tz(e->b), e->now, &now);
	for (i = 0; i < e->nappts; i++) {
		if (e->appts[i].start < e->now - LATE_BEFORE)
			continue;
		tz_to_local(booking_tz(e->b), e->appts[i].start, &l);
		if (l.year == now.year && l.month == now.month &&
		    l.day == now.day)
			return &e->appts[i];
	}
	return NULL;
}

int
eng_late(struct eng *e)
{
	const struct eng_appt	*a;
	struct replies_var	 v[2];
	char			 s[LATE_NORM], date[64], time[16];
	int			 pi;

	switch (e->nlu.intent) {
	case NLU_INTENT_BOOK_APPOINTMENT:
	case NLU_INTENT_MODIFY_APPOINTMENT:
	case NLU_INTENT_CANCEL_APPOINTMENT:
	case NLU_INTENT_LIST_APPOINTMENTS:
	case NLU_INTENT_EMERGENCY:
		return 0;
	default:
		break;
	}
	if (e->b == NULL)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if (!engine_has_any(s, late_words))
		return 0;
	e->staff_reason = "late";
	if ((a = today_appt(e)) == NULL) {
		eng_say(e, "late_no_appt", NULL, 0);
		return 1;
	}
	eng_when(e, a->start, date, sizeof(date), time, sizeof(time));
	pi = booking_find_prac(e->b, a->prac);
	v[0] = (struct replies_var){ "time", time };
	v[1] = (struct replies_var){ "practitioner", pi >= 0 ?
	    booking_prac_name(e->b, pi) : "" };
	eng_say(e, "late_noted", v, 2);
	return 1;
}
