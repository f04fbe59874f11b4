/*
 * engine_base — what every part of the decision uses: saying a reply,
 * the state, the snapshot's appointments, and asking the turn for what
 * the snapshot lacks (free/busy time, Google).  Nothing here knows a
 * flow.  See engine_int.h.
 */
#include <stdio.h>
#include <string.h>

#include "booking.h"
#include "engine_int.h"
#include "nlu.h"
#include "replies.h"

/*
 * Say reply key with vars v (n of them); a {treatment} is named in the
 * patient's language (replies_treatment with the clinic's aliases).
 */
void
eng_say(struct eng *e, const char *key, const struct replies_var *v,
    size_t n)
{
	struct replies_var	 w[16];
	struct nlu_lists	 l;
	size_t			 i;

	if (e->tkey == NULL)
		e->tkey = key;
	if (e->reply.len > 0 && e->reply.p[e->reply.len - 1] != '\n')
		(void)buf_addc(&e->reply, '\n');
	if (e->b != NULL && n <= sizeof(w) / sizeof(w[0])) {
		memset(&l, 0, sizeof(l));
		l.treatments = booking_treat_names(e->b);
		l.ntreatments = booking_ntreats(e->b);
		l.aliases = booking_treat_aliases(e->b, &l.naliases);
		for (i = 0; i < n; i++) {
			w[i] = v[i];
			if (strcmp(v[i].name, "treatment") == 0)
				w[i].value = replies_treatment(&l, v[i].value,
				    e->lang);
		}
		v = w;
	}
	(void)replies_say(&e->reply, key, e->lang, v, n);
}

const char *
eng_treat_local(const struct eng *e, const char *canon)
{
	struct nlu_lists	 l;

	if (e->b == NULL)
		return canon;
	memset(&l, 0, sizeof(l));
	l.treatments = booking_treat_names(e->b);
	l.ntreatments = booking_ntreats(e->b);
	l.aliases = booking_treat_aliases(e->b, &l.naliases);
	return replies_treatment(&l, canon, e->lang);
}

void
eng_set_state(struct eng *e, const char *state)
{
	snprintf(e->c.state, sizeof(e->c.state), "%s", state);
}

void
eng_reset(struct eng *e)
{
	char	 next[ENG_NEXT][ENG_CLAUSE];
	int	 n = e->c.nnext;

	char	 first[ENG_NAME], last[ENG_NAME];

	/* the requests of the message still waiting outlive the flow, and
	 * so does the name a phone without patients gave (engine_who.c) */
	memcpy(next, e->c.next, sizeof(next));
	memcpy(first, e->c.first, sizeof(first));
	memcpy(last, e->c.last, sizeof(last));
	eng_ctx_init(&e->c);
	memcpy(e->c.next, next, sizeof(next));
	e->c.nnext = n;
	if (e->npats == 0) {
		memcpy(e->c.first, first, sizeof(first));
		memcpy(e->c.last, last, sizeof(last));
	}
}

int
eng_has(const struct eng *e, enum nlu_field f)
{
	return e->nlu.val[f][0] != '\0';
}

int
eng_fail(struct eng *e)
{
	e->c.fails++;
	if (e->c.fails < 2)
		return 0;
	eng_say(e, "handoff", NULL, 0);
	e->handoff = 1;
	e->staff_reason = "not_understood";
	eng_reset(e);
	return 1;
}

void
eng_unclear(struct eng *e)
{
	struct replies_var	 v[1];
	struct buf		 l;
	int			 again;

	/* the question already asked once is not asked again word for
	 * word: the concrete choices come instead */
	again = e->clar_was || e->c.fails > 0;
	if ((e->opening && e->c.fails == 0) || !eng_fail(e)) {
		if (again) {
			buf_init(&l, 2048);
			eng_treat_list(e, &l);
			v[0] = (struct replies_var){ "treatments",
			    buf_str(&l) };
			eng_say(e, "not_understood_choices", v, 1);
			buf_free(&l);
		} else
			eng_say(e, "not_understood", NULL, 0);
		e->c.clar = 1;
	}
}

void
eng_when(const struct eng *e, int64_t t, char *date, size_t dsz,
    char *time, size_t tsz)
{
	(void)replies_date(date, dsz, e->lang, booking_tz(e->b), t, e->now);
	(void)replies_time(time, tsz, booking_tz(e->b), t);
}

void
eng_patient_name(const struct eng *e, const char *id, char *out, size_t sz)
{
	int	 i;

	for (i = 0; i < e->npats; i++)
		if (strcmp(e->pats[i].id, id) == 0) {
			snprintf(out, sz, "%s %s", e->pats[i].first,
			    e->pats[i].last);
			return;
		}
	snprintf(out, sz, "%s %s", e->c.first, e->c.last);
}

int
eng_load_appts(struct eng *e, const char *only, struct eng_appt *out,
    int max)
{
	int	 i, n = 0;

	for (i = 0; i < e->nappts && n < max; i++) {
		/* one cancelled in this very turn is gone */
		if (e->act.kind == ENG_W_CANCEL &&
		    strcmp(e->appts[i].id, e->act.appt) == 0)
			continue;
		if (only == NULL || strcmp(e->appts[i].id, only) == 0)
			out[n++] = e->appts[i];
	}
	return n;
}

int
eng_have_busy(struct eng *e, const char *except)
{
	if (except == NULL)
		except = "";
	if (e->busy_loaded && strcmp(e->busy_except, except) == 0)
		return 1;
	e->need.busy = 1;
	snprintf(e->need.except, sizeof(e->need.except), "%s", except);
	return 0;
}

int
eng_cal_free(struct eng *e, int p, int t, int64_t start)
{
	if (e->cal_known && e->cal_prac == p && e->cal_treat == t &&
	    e->cal_start == start)
		return e->cal_free;
	e->need.cal = 1;
	e->need.cal_prac = p;
	e->need.cal_treat = t;
	e->need.cal_start = start;
	return -1;
}

int
eng_needs(const struct eng *e)
{
	return e->need.busy || e->need.cal;
}
