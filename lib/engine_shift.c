/*
 * "Anything earlier in the week?", "rien de plus tard dans la
 * journée ?": at the proposals or the recap of a booking or a move, the
 * patient asks for other times relative to the one offered.  The days
 * before or after it (or the same day, later) become the wish, the rest
 * of the request (treatment, practitioner, part of the day) is kept, and
 * new proposals follow.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "booking.h"
#include "engine_int.h"
#include "engine_parse.h"
#include "tz.h"

#define SHIFT_NORM	1024

enum shift {
	SHIFT_NONE = 0,
	SHIFT_EARLIER_WEEK,	/* the days of its week before it */
	SHIFT_LATER_WEEK,	/* the days of its week after it */
	SHIFT_EARLIER,		/* any day from today up to it */
	SHIFT_LATER_DAY,	/* its own day, after it */
	SHIFT_LATER_MONTH	/* the days of its month after it */
};

static const char *const later_month[] = {
	"plus tard dans le mois", "plus loin dans le mois", "fin du mois",
	"en fin de mois", "fin de mois", "later in the month",
	"later this month", "later that month", "end of the month",
	"later on in the month", NULL
};

static const char *const earlier_week[] = {
	"plus tot dans la semaine", "plus tot cette semaine",
	"en debut de semaine", "debut de semaine", "earlier in the week",
	"earlier that week", "earlier this week", "start of the week",
	"beginning of the week", "early in the week", NULL
};

static const char *const later_week[] = {
	"plus tard dans la semaine", "plus tard cette semaine",
	"plus loin dans la semaine", "en fin de semaine", "later in the week",
	"later that week", "later this week", "later on in the week",
	"end of the week", NULL
};

static const char *const earlier[] = {
	"plus tot", "rien avant", "quelque chose avant", "un peu avant",
	"earlier", "anything before", "something before", "sooner", NULL
};

/* "plus tard" alone also says "I'll write back later": only these. */
static const char *const later_day[] = {
	"plus tard dans la journee", "plus tard le meme jour",
	"rien de plus tard", "quelque chose de plus tard", "un peu plus tard",
	"plus tard ce jour la", "later in the day", "later that day",
	"later on that day", "anything later", "something later",
	"a bit later", "bit later", "later slot", "later time", NULL
};

static enum shift
shift_read(const char *s)
{
	if (engine_has_any(s, earlier_week))
		return SHIFT_EARLIER_WEEK;
	if (engine_has_any(s, later_week))
		return SHIFT_LATER_WEEK;
	if (engine_has_any(s, later_month))
		return SHIFT_LATER_MONTH;
	if (engine_has_any(s, later_day))
		return SHIFT_LATER_DAY;
	if (engine_has_any(s, earlier))
		return SHIFT_EARLIER;
	return SHIFT_NONE;
}

/* The local day number and minutes of the day of instant t. */
static int64_t
local_day(const struct eng *e, int64_t t, int *min)
{
	struct tz_local	 l;

	tz_to_local(booking_tz(e->b), t, &l);
	if (min != NULL)
		*min = l.hour * 60 + l.min;
	return tz_days_from_civil(l.year, l.month, l.day);
}

static void
put_day(int64_t day, char *out, size_t sz)
{
	int	 y, m, d;

	tz_civil_from_days(day, &y, &m, &d);
	snprintf(out, sz, "%04d-%02d-%02d", y, m, d);
}

int
eng_shift_by(struct eng *e, int64_t start)
{
	struct eng_ctx	*c = &e->c;
	struct tz_local	 l;
	char		 own[16];
	int		 by;

	/* a day said is the appointment's own ("mon rdv de jeudi") */
	tz_to_local(booking_tz(e->b), start, &l);
	snprintf(own, sizeof(own), "%04d-%02d-%02d", l.year, l.month, l.day);
	if ((c->date[0] != '\0' && strcmp(c->date, own) != 0) ||
	    c->time[0] != '\0' || c->until[0] != '\0' ||
	    (eng_has(e, NLU_F_DATE) &&
	    strcmp(e->nlu.val[NLU_F_DATE], own) != 0) ||
	    eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_DATE_RANGE) ||
	    (by = engine_parse_shift(e->text, e->len)) == 0)
		return 0;
	tz_to_local(booking_tz(e->b), start + (int64_t)by * 60, &l);
	snprintf(c->date, sizeof(c->date), "%04d-%02d-%02d", l.year, l.month,
	    l.day);
	snprintf(c->time, sizeof(c->time), "%02d:%02d", l.hour, l.min);
	c->until[0] = '\0';
	c->pref[0] = '\0';
	c->wlo = c->whi = 0;
	c->wdays = 0;
	c->around = 0;
	c->same = 0;
	return 1;
}

/*
 * The wish k relative to the instant ref (a time offered, or the
 * appointment being moved): its days into the context, and for "later
 * the same day" the window after it.
 */
static void
shift_apply(struct eng *e, enum shift k, int64_t ref)
{
	struct eng_ctx	*c = &e->c;
	int64_t		 today, lo, hi, d;
	int		 min;

	d = local_day(e, ref, &min);
	today = local_day(e, e->now, NULL);
	lo = hi = d;
	switch (k) {
	case SHIFT_EARLIER_WEEK:
		lo = d - tz_weekday(d);
		hi = d - 1;
		if (lo < today)
			lo = today;
		if (hi < lo)	/* nothing before it that week: any earlier */
			hi = d;
		break;
	case SHIFT_LATER_WEEK:
		lo = d + 1;
		hi = d + 6 - tz_weekday(d);
		if (hi < lo)
			hi = lo + 6;
		break;
	case SHIFT_EARLIER:
		lo = today;
		hi = d;
		break;
	case SHIFT_LATER_MONTH: {
		int	 y, m, dd;

		tz_civil_from_days(d, &y, &m, &dd);
		lo = d + 1;
		/* the month's last day; past it, the next month's */
		hi = tz_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 :
		    m + 1, 1) - 1;
		if (hi < lo + 2)
			hi = tz_days_from_civil(m >= 11 ? y + 1 : y,
			    (m + 1) % 12 + 1, 1) - 1;
		break;
	}
	default:
		break;
	}
	put_day(lo, c->date, sizeof(c->date));
	if (hi != lo)
		put_day(hi, c->until, sizeof(c->until));
	else
		c->until[0] = '\0';
	c->time[0] = '\0';
	/* "le mercredi" stays a wish; two days said are no longer it */
	if (!(c->wdays & ENG_WDAYS_EVERY))
		c->wdays = 0;
	c->around = 0;
	c->same = 0;
	if (k == SHIFT_LATER_DAY) {
		c->pref[0] = '\0';
		c->wlo = min + 1;
		c->whi = 24 * 60;
	}
}

int
eng_shift_from(struct eng *e, int64_t ref, int len)
{
	char		 s[SHIFT_NORM], own[16], hm[16];
	enum shift	 k;
	int		 min;

	if (e->b == NULL || eng_has(e, NLU_F_DATE_RANGE))
		return 0;
	/* a day or time said is ref's own ("can't make my 9am on
	 * thursday, anything later that day?") */
	put_day(local_day(e, ref, &min), own, sizeof(own));
	snprintf(hm, sizeof(hm), "%02d:%02d", min / 60, min % 60);
	if ((eng_has(e, NLU_F_DATE) &&
	    strcmp(e->nlu.val[NLU_F_DATE], own) != 0) ||
	    (eng_has(e, NLU_F_TIME) &&
	    strcmp(e->nlu.val[NLU_F_TIME], hm) != 0))
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if ((k = shift_read(s)) == SHIFT_NONE)
		return 0;
	shift_apply(e, k, ref);
	/* later than the appointment moved: once it is over */
	if (k == SHIFT_LATER_DAY && len > 1)
		e->c.wlo += len - 1;
	return 1;
}

/* The new wish understood: its proposals, for a move or a booking. */
static int
shift_go(struct eng *e)
{
	e->c.fails = 0;
	if (strcmp(e->c.flow, "move") == 0)
		eng_move_picked(e);
	else
		eng_book_next(e);
	return 1;
}

int
eng_shift(struct eng *e)
{
	struct eng_ctx	*c = &e->c;
	char		 s[SHIFT_NORM];
	enum shift	 k;
	int64_t		 ref;
	int		 i, confirm;

	confirm = strcmp(c->state, "confirm") == 0;
	if (e->b == NULL || c->nprops < 1 || (!confirm &&
	    strcmp(c->state, "choose_slot") != 0) ||
	    (strcmp(c->flow, "book") != 0 && strcmp(c->flow, "move") != 0))
		return 0;
	if (eng_has(e, NLU_F_DATE) || eng_has(e, NLU_F_DATE_RANGE) ||
	    eng_has(e, NLU_F_TIME))
		return 0;
	/* "the earlier one", "le plus tôt" pick among the times offered */
	if (c->nprops > 1 && eng_two_pick(e) >= 0)
		return 0;
	/* "an hour later?" at the recap: that time moved by it */
	if (confirm && c->pick >= 0 && c->pick < c->nprops &&
	    engine_parse_shift(e->text, e->len) != 0) {
		ref = c->props[c->pick].start;
		(void)eng_merge(e);
		c->date[0] = c->time[0] = '\0';
		(void)eng_shift_by(e, ref);
		return shift_go(e);
	}
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if ((k = shift_read(s)) == SHIFT_NONE)
		return 0;
	/* the time recapped, else the earliest (or latest) offered */
	if (confirm && c->pick >= 0 && c->pick < c->nprops)
		ref = c->props[c->pick].start;
	else {
		ref = c->props[0].start;
		for (i = 1; i < c->nprops; i++)
			if (k == SHIFT_LATER_WEEK || k == SHIFT_LATER_DAY ||
			    k == SHIFT_LATER_MONTH ?
			    c->props[i].start > ref : c->props[i].start < ref)
				ref = c->props[i].start;
	}
	(void)eng_merge(e);
	shift_apply(e, k, ref);
	return shift_go(e);
}
