/*
 * engine — the decision of one turn: the state machine run over the
 * snapshot the turn loaded (engine_turn.c) and the understood message.
 * It reads nothing and writes nothing: what it wants written (a new
 * patient, a booking, a move, a cancellation, a reminder's answer) is
 * left in struct eng for the turn's commit, and what it lacks (free/busy
 * time, Google's fresh answer) is asked for in e->need.  Identification
 * of the patient lives here too.  See engine.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "booking.h"
#include "config.h"
#include "engine.h"
#include "engine_int.h"
#include "log.h"
#include "tz.h"

void
eng_say(struct eng *e, const char *key, const struct replies_var *v,
    size_t n)
{
	if (e->tkey == NULL)
		e->tkey = key;
	if (e->reply.len > 0 && e->reply.p[e->reply.len - 1] != '\n')
		(void)buf_addc(&e->reply, '\n');
	(void)replies_say(&e->reply, key, e->lang, v, n);
}

void
eng_set_state(struct eng *e, const char *state)
{
	snprintf(e->c.state, sizeof(e->c.state), "%s", state);
}

void
eng_reset(struct eng *e)
{
	eng_ctx_init(&e->c);
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

	for (i = 0; i < e->nappts && n < max; i++)
		if (only == NULL || strcmp(e->appts[i].id, only) == 0)
			out[n++] = e->appts[i];
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

/* A fresh random (version 4) uuid into out. */
static void
new_uuid(char out[ENG_ID])
{
	unsigned char	 r[16];

	randombytes_buf(r, sizeof(r));
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	snprintf(out, ENG_ID, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
	    r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* Ask who the appointment is for: the phone's patients and "other". */
static void
ask_who(struct eng *e)
{
	struct buf		 l;
	struct replies_var	 v[3];
	char			 n[16];
	int			 i;

	buf_init(&l, REPLIES_MAX);
	e->c.nids = 0;
	for (i = 0; i < e->npats; i++) {
		snprintf(n, sizeof(n), "%d", i + 1);
		v[0] = (struct replies_var){ "n", n };
		v[1] = (struct replies_var){ "first", e->pats[i].first };
		v[2] = (struct replies_var){ "last", e->pats[i].last };
		(void)replies_say(&l, "who_line", e->lang, v, 3);
		(void)buf_addc(&l, '\n');
		memcpy(e->c.ids[e->c.nids++], e->pats[i].id, ENG_ID);
	}
	(void)buf_printf(&l, "%d. %s", i + 1,
	    replies_get("someone_else", e->lang));
	v[0] = (struct replies_var){ "list", buf_str(&l) };
	eng_say(e, "ask_who", v, 1);
	eng_set_state(e, "ask_who");
	buf_free(&l);
}

int
eng_identify(struct eng *e)
{
	int	 other;

	if (e->c.pid[0] != '\0')
		return 1;
	other = engine_parse_someone_else(e->text, e->len);
	if (e->npats == 0) {
		eng_say(e, "ask_name", NULL, 0);
		eng_set_state(e, "ask_name");
		return 0;
	}
	if (e->npats == 1 && !other) {
		memcpy(e->c.pid, e->pats[0].id, ENG_ID);
		memcpy(e->set_patient, e->pats[0].id, ENG_ID);
		return 1;
	}
	ask_who(e);
	return 0;
}

void
eng_continue(struct eng *e)
{
	e->c.nids = 0;
	if (strcmp(e->c.flow, "book") == 0)
		eng_book_next(e);
	else
		eng_reset(e);
}

/* The patient's first name in text, among the listed ones: index or -1. */
static int
who_by_name(const struct eng *e)
{
	char	 t[512], f[ENG_NAME];
	int	 i;

	engine_norm(e->text, e->len, t, sizeof(t));
	for (i = 0; i < e->npats && i < e->c.nids; i++) {
		engine_norm(e->pats[i].first, strlen(e->pats[i].first), f,
		    sizeof(f));
		if (*f != '\0' && strstr(t, f) != NULL)
			return i;
	}
	return -1;
}

static void
on_ask_who(struct eng *e)
{
	int	 k;

	k = engine_parse_choice(e->text, e->len, NULL, e->c.nids + 1);
	if (k < 0)
		k = who_by_name(e);
	if (k < 0 && engine_parse_someone_else(e->text, e->len))
		k = e->c.nids;
	if (k < 0) {
		if (!eng_fail(e))
			ask_who(e);
		return;
	}
	e->c.fails = 0;
	if (k == e->c.nids) {
		e->c.nids = 0;
		eng_say(e, "ask_name", NULL, 0);
		eng_set_state(e, "ask_name");
		return;
	}
	memcpy(e->c.pid, e->c.ids[k], ENG_ID);
	memcpy(e->set_patient, e->c.ids[k], ENG_ID);
	eng_continue(e);
}

/* Lower-case ASCII compare (names as the database's lower() would). */
static int
same_name(const char *a, const char *b)
{
	char	 x[ENG_NAME], y[ENG_NAME];

	engine_norm(a, strlen(a), x, sizeof(x));
	engine_norm(b, strlen(b), y, sizeof(y));
	return strcmp(x, y) == 0;
}

/*
 * The new patient from the context: one of the phone's patients when
 * the name and birth date are theirs, else a new one the commit writes
 * (its id chosen here).  Then the flow goes on.
 */
static void
create_patient(struct eng *e, const char *birth)
{
	int	 i;

	for (i = 0; i < e->npats; i++)
		if (same_name(e->pats[i].first, e->c.first) &&
		    same_name(e->pats[i].last, e->c.last) &&
		    strcmp(e->pats[i].birth, birth) == 0)
			break;
	if (i < e->npats)
		memcpy(e->c.pid, e->pats[i].id, ENG_ID);
	else {
		new_uuid(e->c.pid);
		e->newpat = 1;
		snprintf(e->newbirth, sizeof(e->newbirth), "%s", birth);
		if (e->npats < ENG_LIST) {
			memcpy(e->pats[e->npats].id, e->c.pid, ENG_ID);
			memcpy(e->pats[e->npats].first, e->c.first, ENG_NAME);
			memcpy(e->pats[e->npats].last, e->c.last, ENG_NAME);
			memcpy(e->pats[e->npats].birth, e->newbirth, 11);
			e->npats++;
		}
	}
	memcpy(e->set_patient, e->c.pid, ENG_ID);
	eng_continue(e);
}

/* A birth date must be in the past and after 1880. */
static int
birth_ok(const struct eng *e, const char *ymd)
{
	struct tz_local	 l;
	int		 y, m, d;

	if (nlu_parse_ymd(ymd, &y, &m, &d) == -1 || y <= 1880)
		return 0;
	tz_to_local(booking_tz(e->b), e->now, &l);
	return y * 10000 + m * 100 + d <= l.year * 10000 + l.month * 100 +
	    l.day;
}

static void
ask_birth(struct eng *e)
{
	struct replies_var v[2] = { { "first", e->c.first },
	    { "last", e->c.last } };

	eng_say(e, "ask_birth", v, 2);
	eng_set_state(e, "ask_birth");
}

static void
on_ask_name(struct eng *e)
{
	if (!eng_has(e, NLU_F_FIRST_NAME) || !eng_has(e, NLU_F_LAST_NAME)) {
		if (!eng_fail(e))
			eng_say(e, "ask_name_again", NULL, 0);
		return;
	}
	e->c.fails = 0;
	memcpy(e->c.first, e->nlu.val[NLU_F_FIRST_NAME], ENG_NAME);
	memcpy(e->c.last, e->nlu.val[NLU_F_LAST_NAME], ENG_NAME);
	if (eng_has(e, NLU_F_BIRTH_DATE) &&
	    birth_ok(e, e->nlu.val[NLU_F_BIRTH_DATE])) {
		create_patient(e, e->nlu.val[NLU_F_BIRTH_DATE]);
		return;
	}
	ask_birth(e);
}

static void
on_ask_birth(struct eng *e)
{
	const char	*bd = NULL;

	if (eng_has(e, NLU_F_FIRST_NAME) && eng_has(e, NLU_F_LAST_NAME)) {
		memcpy(e->c.first, e->nlu.val[NLU_F_FIRST_NAME], ENG_NAME);
		memcpy(e->c.last, e->nlu.val[NLU_F_LAST_NAME], ENG_NAME);
	}
	if (eng_has(e, NLU_F_BIRTH_DATE))
		bd = e->nlu.val[NLU_F_BIRTH_DATE];
	else if (eng_has(e, NLU_F_DATE))
		bd = e->nlu.val[NLU_F_DATE];
	if (bd == NULL || !birth_ok(e, bd)) {
		if (eng_has(e, NLU_F_FIRST_NAME) &&
		    eng_has(e, NLU_F_LAST_NAME)) {
			ask_birth(e);
			return;
		}
		if (!eng_fail(e))
			eng_say(e, "ask_birth_again", NULL, 0);
		return;
	}
	e->c.fails = 0;
	create_patient(e, bd);
}

/* Does the message carry something a booking uses? */
static int
booking_words(const struct eng *e)
{
	return eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    eng_has(e, NLU_F_PRACTITIONER) || eng_has(e, NLU_F_DATE) ||
	    eng_has(e, NLU_F_TIME) || eng_has(e, NLU_F_TIME_PREFERENCE);
}

void
eng_dispatch_idle(struct eng *e)
{
	int	 info, fails = e->c.fails;

	eng_reset(e);
	e->c.fails = fails;
	info = engine_parse_info(e->text, e->len);
	switch (e->nlu.intent) {
	case NLU_INTENT_BOOK_APPOINTMENT:
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
		eng_practitioners(e);
		return;
	case NLU_INTENT_GREETING:
		eng_greet(e);
		return;
	case NLU_INTENT_AFFIRMATIVE:
	case NLU_INTENT_NEGATIVE:
		eng_welcome(e);
		return;
	case NLU_INTENT_INFORMATION:
		if (info == 0 && booking_words(e)) {
			eng_book_start(e);
			return;
		}
		eng_info(e, info);
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
		if (!eng_fail(e))
			eng_say(e, "not_understood", NULL, 0);
		return;
	}
}

/*
 * Requests that interrupt a waiting flow.  Questions (practitioners,
 * appointments, clinic information) are answered and the flow keeps
 * waiting; a new request replaces the flow.  Returns 1 when handled.
 */
static int
interrupt(struct eng *e)
{
	const char	*flow = e->c.flow;
	int		 info;

	switch (e->nlu.intent) {
	case NLU_INTENT_MODIFY_APPOINTMENT:
		if (strcmp(flow, "move") == 0)
			return 0;
		eng_reset(e);
		eng_move_start(e);
		return 1;
	case NLU_INTENT_CANCEL_APPOINTMENT:
		if (strcmp(flow, "cancel") == 0 ||
		    strcmp(e->c.state, "confirm") == 0 ||
		    strcmp(e->c.state, "choose_slot") == 0)
			return 0;
		eng_reset(e);
		eng_cancel_start(e);
		return 1;
	case NLU_INTENT_BOOK_APPOINTMENT:
		if (strcmp(flow, "book") == 0 || strcmp(flow, "") == 0)
			return 0;
		eng_reset(e);
		eng_book_start(e);
		return 1;
	case NLU_INTENT_LIST_APPOINTMENTS:
		eng_list_appts(e);
		return 1;
	case NLU_INTENT_LIST_PRACTITIONERS:
		eng_practitioners(e);
		return 1;
	case NLU_INTENT_GREETING:
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

void
eng_decide(struct eng *e)
{
	const char	*s = e->c.state;

	if (e->nlu.intent == NLU_INTENT_EMERGENCY) {
		eng_emergency(e);
		return;
	}
	/* A patient who asks for a person gets one: staff take over. */
	if (engine_parse_human(e->text, e->len)) {
		eng_say(e, "handoff_asked", NULL, 0);
		e->handoff = 1;
		e->staff_reason = "asked_for_staff";
		eng_reset(e);
		return;
	}
	if (strcmp(s, "remind") == 0) {
		eng_on_remind(e);
		return;
	}
	if (strcmp(s, "idle") != 0 && interrupt(e))
		return;
	if (strcmp(s, "ask_who") == 0)
		on_ask_who(e);
	else if (strcmp(s, "ask_name") == 0)
		on_ask_name(e);
	else if (strcmp(s, "ask_birth") == 0)
		on_ask_birth(e);
	else if (strcmp(s, "ask_treatment") == 0)
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
	else
		eng_dispatch_idle(e);
}
