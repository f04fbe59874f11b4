/*
 * engine_info — answers that need no flow: greeting, practitioners,
 * clinic information, emergencies; and the answer to a reminder.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "booking.h"
#include "engine_parse.h"
#include "engine_int.h"

void
eng_greet(struct eng *e)
{
	struct replies_var	 v[2];
	char			 hello[ENG_NAME + 4] = "";

	if (e->npats == 1)
		snprintf(hello, sizeof(hello), " %s", e->pats[0].first);
	v[0] = (struct replies_var){ "hello", hello };
	v[1] = (struct replies_var){ "clinic", e->clinic_name };
	eng_say(e, "greet", v, 2);
}

void
eng_welcome(struct eng *e)
{
	eng_say(e, "welcome", NULL, 0);
}

void
eng_practitioners(struct eng *e)
{
	struct buf		 l, tl;
	struct replies_var	 v[3];
	size_t			 i, t;

	buf_init(&l, REPLIES_MAX);
	buf_init(&tl, 1024);
	for (i = 0; i < booking_npracs(e->b); i++) {
		buf_reset(&tl);
		for (t = 0; t < booking_ntreats(e->b); t++) {
			if (!booking_prac_offers(e->b, i, t))
				continue;
			if (tl.len > 0)
				(void)buf_adds(&tl, ", ");
			(void)buf_adds(&tl, booking_treat_name(e->b, t));
		}
		v[0] = (struct replies_var){ "practitioner",
		    booking_prac_name(e->b, i) };
		v[1] = (struct replies_var){ "specialty",
		    booking_prac_specialty(e->b, i) };
		v[2] = (struct replies_var){ "treatments", buf_str(&tl) };
		if (i > 0)
			(void)buf_addc(&l, '\n');
		(void)replies_say(&l, "prac_line", e->lang, v, 3);
	}
	v[0] = (struct replies_var){ "list", buf_str(&l) };
	eng_say(e, "practitioners", v, 1);
	buf_free(&tl);
	buf_free(&l);
}

/* The opening hours, one line a weekday, into out. */
static void
hours(struct eng *e, struct buf *out)
{
	const struct slots_week	*w = booking_open(e->b);
	struct replies_var	 v[2];
	char			 r[160];
	size_t			 d, k, o;

	for (d = 0; d < 7; d++) {
		r[0] = '\0';
		o = 0;
		for (k = 0; k < w->n[d] && o < sizeof(r) - 16; k++)
			o += (size_t)snprintf(r + o, sizeof(r) - o,
			    "%s%02d:%02d–%02d:%02d", k > 0 ? ", " : "",
			    w->r[d][k].start / 60, w->r[d][k].start % 60,
			    w->r[d][k].end / 60, w->r[d][k].end % 60);
		v[0] = (struct replies_var){ "day",
		    replies_weekday(e->lang, (int)d) };
		v[1] = (struct replies_var){ "ranges", w->n[d] > 0 ? r :
		    replies_get("closed", e->lang) };
		if (d > 0)
			(void)buf_addc(out, '\n');
		(void)replies_say(out, "hours_line", e->lang, v, 2);
	}
}

void
eng_info(struct eng *e, int what)
{
	struct buf		 h;
	struct replies_var	 v[4];
	const char		*unknown = replies_get("unknown", e->lang);

	buf_init(&h, 2048);
	hours(e, &h);
	v[0] = (struct replies_var){ "hours", buf_str(&h) };
	v[1] = (struct replies_var){ "address", *e->address != '\0' ?
	    e->address : unknown };
	v[2] = (struct replies_var){ "phone", *e->cphone != '\0' ?
	    e->cphone : unknown };
	v[3] = (struct replies_var){ "clinic", e->clinic_name };
	if (what == 0)
		eng_say(e, "info_all", v, 4);
	if (what & ENGINE_INFO_HOURS)
		eng_say(e, "info_hours", v, 4);
	if (what & ENGINE_INFO_ADDRESS)
		eng_say(e, "info_address", v, 4);
	if (what & ENGINE_INFO_PHONE)
		eng_say(e, "info_phone", v, 4);
	buf_free(&h);
}

void
eng_emergency(struct eng *e)
{
	struct buf		 n;
	struct replies_var	 v[1];

	buf_init(&n, 512);
	if (*e->emergency != '\0') {
		v[0] = (struct replies_var){ "numbers", e->emergency };
		(void)replies_say(&n, "emergency_numbers", e->lang, v, 1);
	}
	v[0] = (struct replies_var){ "numbers", buf_str(&n) };
	eng_say(e, "emergency", v, 1);
	buf_free(&n);
	e->staff_reason = "emergency";
	eng_reset(e);
}
