/*
 * series_list — how Sophie lists a patient's appointments when some are
 * sessions of a series (issue 21, item 2): the series once, "5 sessions
 * (Physiotherapy) with Dr Leal, on Tuesdays at 10:00, from Tuesday 8
 * March to Tuesday 5 April", then the other appointments one a line as
 * before.  Pure over the turn's snapshot (see engine_int.h).
 */
#include <stdio.h>
#include <string.h>

#include "booking.h"
#include "buf.h"
#include "engine_int.h"
#include "replies.h"
#include "tz.h"

/* The series line, French then English. */
static const char *const line_text[2] = {
	"• {n} séances ({treatment}) avec {practitioner}, {days} à {time}, "
	"du {first} au {last}",
	"• {n} sessions ({treatment}) with {practitioner}, {days} at {time}, "
	"from {first} to {last}"
};

static const char *const days_fr[7] = { "le lundi", "le mardi",
	"le mercredi", "le jeudi", "le vendredi", "le samedi", "le dimanche" };
static const char *const days_en[7] = { "on Mondays", "on Tuesdays",
	"on Wednesdays", "on Thursdays", "on Fridays", "on Saturdays",
	"on Sundays" };
static const char *const and_fr[7] = { "lundi", "mardi", "mercredi",
	"jeudi", "vendredi", "samedi", "dimanche" };
static const char *const and_en[7] = { "Mondays", "Tuesdays",
	"Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays" };

/* 1 when a series' session was listed before index i. */
static int
seen(const struct eng_appt *a, int i)
{
	int	 j;

	for (j = 0; j < i; j++)
		if (strcmp(a[j].series, a[i].series) == 0)
			return 1;
	return 0;
}

/* The days of the series of a ("le mardi", "on Tuesdays and Fridays"). */
static void
series_days(const struct eng *e, const struct eng_appt *a, char *out,
    size_t sz)
{
	struct tz_local	 lt;
	int		 en = e->lang == REPLIES_EN, w2 = a->sw2;

	tz_to_local(booking_tz(e->b), a->start, &lt);
	if (w2 < 0 || w2 > 6 || w2 == lt.wday)
		snprintf(out, sz, "%s", en ? days_en[lt.wday] :
		    days_fr[lt.wday]);
	else if (en)
		snprintf(out, sz, "on %s and %s", and_en[lt.wday], and_en[w2]);
	else
		snprintf(out, sz, "le %s et le %s", and_fr[lt.wday],
		    and_fr[w2]);
}

void
eng_series_list(struct eng *e, const struct eng_appt *a, int n,
    struct buf *l)
{
	struct replies_var	 v[8];
	char			 k[16], date[64], time[16], last[64], ltime[16];
	char			 days[64], who[2 * ENG_NAME + 2];
	const char		*prac;
	int			 i, pi, items = 0;

	for (i = 0; i < n; i++) {
		if (a[i].series[0] != '\0' && seen(a, i))
			continue;
		pi = booking_find_prac(e->b, a[i].prac);
		prac = pi >= 0 ? booking_prac_name(e->b, (size_t)pi) : "";
		eng_when(e, a[i].start, date, sizeof(date), time, sizeof(time));
		if (items++ > 0)
			(void)buf_addc(l, '\n');
		if (a[i].series[0] != '\0' && a[i].scount > 1) {
			eng_when(e, a[i].slast, last, sizeof(last), ltime,
			    sizeof(ltime));
			series_days(e, &a[i], days, sizeof(days));
			snprintf(k, sizeof(k), "%d", a[i].scount);
			v[0] = (struct replies_var){ "n", k };
			v[1] = (struct replies_var){ "treatment",
			    eng_treat_local(e, a[i].tname) };
			v[2] = (struct replies_var){ "practitioner", prac };
			v[3] = (struct replies_var){ "days", days };
			v[4] = (struct replies_var){ "time", time };
			v[5] = (struct replies_var){ "first", date };
			v[6] = (struct replies_var){ "last", last };
			(void)replies_fill(l, line_text[e->lang == REPLIES_EN],
			    v, 7);
			continue;
		}
		snprintf(who, sizeof(who), "%s %s", a[i].first, a[i].last);
		v[0] = (struct replies_var){ "n", "" };
		v[1] = (struct replies_var){ "date", date };
		v[2] = (struct replies_var){ "time", time };
		v[3] = (struct replies_var){ "treatment",
			    eng_treat_local(e, a[i].tname) };
		v[4] = (struct replies_var){ "practitioner", prac };
		v[5] = (struct replies_var){ "patient", who };
		(void)replies_say(l, "appt_item", e->lang, v, 6);
	}
}

/* The handoff of a patient who books through staff only, fr then en. */
static const char *const staff_text[2] = {
	"Pour prendre ce rendez-vous, je transmets votre demande à l'équipe "
	"du cabinet, qui vous répondra ici dès que possible.",
	"To book this appointment, I am passing your request to the clinic's "
	"team, who will answer you here as soon as possible."
};

int
eng_noshow_handoff(struct eng *e)
{
	if (!e->noshow_staff)
		return 0;
	if (e->reply.len > 0 && e->reply.p[e->reply.len - 1] != '\n')
		(void)buf_addc(&e->reply, '\n');
	(void)replies_fill(&e->reply, staff_text[e->lang == REPLIES_EN],
	    NULL, 0);
	if (e->tkey == NULL)
		e->tkey = "noshow_staff";
	e->handoff = 1;
	e->staff_reason = "noshow";
	return 1;
}
