/*
 * engine — one conversation turn: load the message, the conversation and
 * the clinic, understand the message, run the state machine, save the
 * state and queue the reply.  Identification of the patient lives here
 * too.  See engine.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "booking.h"
#include "config.h"
#include "db.h"
#include "engine.h"
#include "engine_int.h"
#include "llm.h"
#include "log.h"
#include "outbox.h"
#include "tz.h"

static const struct db_stmt st_load = {
	"engine_load",
	"SELECT m.body, c.id, c.clinic_id, c.phone, c.state, c.context::text,"
	" c.status, cl.name, coalesce(cl.address, ''), "
	"coalesce(cl.phone, ''), coalesce(cl.emergency_numbers, ''), "
	"cl.context_timeout_minutes, coalesce(c.language, cl.language) "
	"FROM messages m JOIN conversations c ON c.id = m.conversation_id "
	"AND c.clinic_id = m.clinic_id JOIN clinics cl ON cl.id = c.clinic_id "
	"WHERE m.id = $1::uuid AND m.direction = 'inbound' FOR UPDATE OF c",
	1
};

static const struct db_stmt st_patients = {
	"engine_patients",
	"SELECT id, first_name, last_name FROM patients "
	"WHERE clinic_id = $1::uuid AND phone = $2 "
	"ORDER BY created_at, id LIMIT 8",
	2
};

static const struct db_stmt st_new_patient = {
	"engine_new_patient",
	"INSERT INTO patients (clinic_id, phone, first_name, last_name, "
	"birth_date, language) VALUES ($1::uuid, $2, $3, $4, $5::date, $6) "
	"ON CONFLICT (clinic_id, phone, lower(first_name), lower(last_name), "
	"birth_date) DO UPDATE SET updated_at = now() RETURNING id",
	6
};

static const struct db_stmt st_save = {
	"engine_save",
	"UPDATE conversations SET state = $2, context = $3::jsonb, "
	"language = $4, patient_id = coalesce($5::uuid, patient_id), "
	"needs_staff = needs_staff OR $6::text IS NOT NULL, "
	"needs_staff_reason = coalesce($6, needs_staff_reason), "
	"status = CASE WHEN $7::bool THEN 'handoff' ELSE status END, "
	"last_message_at = now() WHERE id = $1::uuid",
	7
};

static const struct db_stmt st_msg_nlu = {
	"engine_msg_nlu",
	"UPDATE messages SET intent = $2, nlu = $3::jsonb WHERE id = $1::uuid",
	3
};

static const struct db_stmt st_appts = {
	"engine_appts",
	"SELECT a.id, extract(epoch FROM a.starts_at)::bigint, "
	"a.practitioner_id, coalesce(a.treatment_type_id::text, ''), "
	"coalesce(a.treatment_name, ''), p.first_name, p.last_name "
	"FROM appointments a JOIN patients p ON p.id = a.patient_id "
	"AND p.clinic_id = a.clinic_id WHERE a.clinic_id = $1::uuid "
	"AND p.phone = $2 AND a.status = 'booked' "
	"AND a.starts_at > to_timestamp($3::bigint) "
	"AND ($4::uuid IS NULL OR a.id = $4::uuid) "
	"ORDER BY a.starts_at, a.id LIMIT 8",
	4
};

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
	char		 now[24];
	const char	*p[4] = { e->clinic, e->phone, now, only };
	PGresult	*r;
	int		 i, n;

	snprintf(now, sizeof(now), "%lld", (long long)e->now);
	r = db_exec(e->app->db, &st_appts, p);
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		e->dberr = 1;
		return -1;
	}
	n = PQntuples(r);
	for (i = 0; i < n && i < max; i++) {
		struct eng_appt *a = &out[i];
		char *end;

		memset(a, 0, sizeof(*a));
		snprintf(a->id, sizeof(a->id), "%s", PQgetvalue(r, i, 0));
		a->start = strtoll(PQgetvalue(r, i, 1), &end, 10);
		snprintf(a->prac, sizeof(a->prac), "%s", PQgetvalue(r, i, 2));
		snprintf(a->treat, sizeof(a->treat), "%s",
		    PQgetvalue(r, i, 3));
		snprintf(a->tname, sizeof(a->tname), "%s",
		    PQgetvalue(r, i, 4));
		snprintf(a->first, sizeof(a->first), "%s",
		    PQgetvalue(r, i, 5));
		snprintf(a->last, sizeof(a->last), "%s", PQgetvalue(r, i, 6));
	}
	PQclear(r);
	return i;
}

/* The patients of the conversation's phone. Returns 0 or -1. */
static int
load_patients(struct eng *e)
{
	const char	*p[2] = { e->clinic, e->phone };
	PGresult	*r;
	int		 i;

	r = db_exec(e->app->db, &st_patients, p);
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return -1;
	}
	e->npats = 0;
	for (i = 0; i < PQntuples(r) && i < ENG_LIST; i++) {
		snprintf(e->pats[i].id, ENG_ID, "%s", PQgetvalue(r, i, 0));
		snprintf(e->pats[i].first, ENG_NAME, "%s",
		    PQgetvalue(r, i, 1));
		snprintf(e->pats[i].last, ENG_NAME, "%s", PQgetvalue(r, i, 2));
		e->npats++;
	}
	PQclear(r);
	return 0;
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

/* Record the new patient from the context and go on. */
static void
create_patient(struct eng *e, const char *birth)
{
	const char	*p[6] = { e->clinic, e->phone, e->c.first, e->c.last,
	    birth, e->lang == REPLIES_EN ? "en" : "fr" };
	PGresult	*r;

	r = db_exec(e->app->db, &st_new_patient, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) != 1) {
		if (r != NULL)
			log_error("engine", "PATIENT_CREATE_FAILED", e->clinic,
			    "%s", PQresultErrorMessage(r));
		PQclear(r);
		e->dberr = 1;
		return;
	}
	snprintf(e->c.pid, ENG_ID, "%s", PQgetvalue(r, 0, 0));
	memcpy(e->set_patient, e->c.pid, ENG_ID);
	PQclear(r);
	if (e->npats < ENG_LIST) {
		memcpy(e->pats[e->npats].id, e->c.pid, ENG_ID);
		memcpy(e->pats[e->npats].first, e->c.first, ENG_NAME);
		memcpy(e->pats[e->npats].last, e->c.last, ENG_NAME);
		e->npats++;
	}
	log_event("engine", "PATIENT_CREATED", e->clinic, "patient %s",
	    e->c.pid);
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

/* Run the state machine for one message. */
static void
dispatch(struct eng *e)
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

/* What the extractor is told Sophie asked. */
static enum nlu_awaiting
awaiting(const char *state)
{
	if (strcmp(state, "ask_name") == 0)
		return NLU_AWAIT_NAME;
	if (strcmp(state, "ask_birth") == 0)
		return NLU_AWAIT_BIRTH_DATE;
	if (strcmp(state, "ask_date") == 0)
		return NLU_AWAIT_DATE;
	if (strcmp(state, "confirm") == 0 ||
	    strcmp(state, "confirm_cancel") == 0 ||
	    strcmp(state, "remind") == 0)
		return NLU_AWAIT_CONFIRMATION;
	return NLU_AWAIT_NONE;
}

/* Understand the message (rules, then the LLM when configured). */
static void
understand(struct eng *e, const char *lang)
{
	const struct config	*cfg = e->app->cfg;
	struct llm_config	 lc;
	struct nlu_lists	 lists;
	struct nlu_context	 nc;
	struct nlu_now		 nn;
	struct tz_local		 l;
	char			 known[2 * ENG_NAME + 2];

	memset(&lists, 0, sizeof(lists));
	lists.practitioners = booking_prac_names(e->b);
	lists.npractitioners = booking_npracs(e->b);
	lists.treatments = booking_treat_names(e->b);
	lists.ntreatments = booking_ntreats(e->b);
	memset(&nc, 0, sizeof(nc));
	nc.awaiting = awaiting(e->c.state);
	nc.has_last_lang = 1;
	nc.last_lang = strcmp(lang, "en") == 0 ? NLU_LANG_EN : NLU_LANG_FR;
	snprintf(known, sizeof(known), "%s %s", e->c.first, e->c.last);
	nc.known = known;
	tz_to_local(booking_tz(e->b), e->now, &l);
	nn.y = l.year;
	nn.m = l.month;
	nn.d = l.day;
	nn.hh = l.hour;
	nn.mm = l.min;
	lc.api_url = cfg->llm_api_url;
	lc.model = cfg->llm_model;
	lc.timeout_ms = cfg->llm_timeout_ms;
	(void)llm_understand(cfg->llm_api_url == NULL ||
	    *cfg->llm_api_url == '\0' || strcmp(cfg->llm_api_url, "off") ==
	    0 ? NULL : &lc, e->text, e->len, &lists, &nc, &nn, &e->nlu);
	e->lang = e->nlu.lang == NLU_LANG_EN ? REPLIES_EN : REPLIES_FR;
}

/* Store the state, the NLU result and the reply. Returns 0 or -1. */
static int
save(struct eng *e)
{
	char		*ctx;
	const char	*p[7];
	json_object	*nj;
	int		 rc = 0;

	e->c.t = e->now;
	if ((ctx = eng_ctx_json(&e->c)) == NULL)
		return -1;
	p[0] = e->conv;
	p[1] = e->c.state;
	p[2] = ctx;
	p[3] = e->lang == REPLIES_EN ? "en" : "fr";
	p[4] = e->set_patient[0] != '\0' ? e->set_patient : NULL;
	p[5] = e->staff_reason;
	p[6] = e->handoff ? "true" : "false";
	if (db_do(e->app->db, &st_save, p) != DB_OK)
		rc = -1;
	free(ctx);
	if (rc == 0 && (nj = nlu_result_json(&e->nlu)) != NULL) {
		p[0] = e->msg;
		p[1] = nlu_intent_name(e->nlu.intent);
		p[2] = json_object_to_json_string(nj);
		if (db_do(e->app->db, &st_msg_nlu, p) != DB_OK)
			rc = -1;
		json_object_put(nj);
	}
	if (rc == 0 && e->reply.len > 0 && outbox_add(e->app->db, e->clinic,
	    e->conv, buf_str(&e->reply), e->tkey, NULL) != DB_OK)
		rc = -1;
	return rc;
}

/* Copy the loaded row into e. Returns 0, or -1 when handed to staff. */
static int
take_row(struct eng *e, PGresult *r, char *lang, size_t lsz)
{
	char	*end;
	long	 to;

	snprintf(e->conv, ENG_ID, "%s", PQgetvalue(r, 0, 1));
	snprintf(e->clinic, ENG_ID, "%s", PQgetvalue(r, 0, 2));
	snprintf(e->phone, sizeof(e->phone), "%s", PQgetvalue(r, 0, 3));
	snprintf(e->c.state, sizeof(e->c.state), "%s", PQgetvalue(r, 0, 4));
	if (eng_ctx_parse(PQgetvalue(r, 0, 5), &e->c) == -1)
		eng_ctx_init(&e->c);
	snprintf(e->clinic_name, sizeof(e->clinic_name), "%s",
	    PQgetvalue(r, 0, 7));
	snprintf(e->address, sizeof(e->address), "%s", PQgetvalue(r, 0, 8));
	snprintf(e->cphone, sizeof(e->cphone), "%s", PQgetvalue(r, 0, 9));
	snprintf(e->emergency, sizeof(e->emergency), "%s",
	    PQgetvalue(r, 0, 10));
	to = strtol(PQgetvalue(r, 0, 11), &end, 10);
	e->timeout = to > 0 && to < 100000 ? (int)to : 60;
	snprintf(lang, lsz, "%s", PQgetvalue(r, 0, 12));
	e->len = strlen(PQgetvalue(r, 0, 0));
	if (e->len > NLU_TEXT_MAX)
		e->len = NLU_TEXT_MAX;
	if ((e->text = strndup(PQgetvalue(r, 0, 0), e->len)) == NULL)
		return -2;
	return strcmp(PQgetvalue(r, 0, 6), "handoff") == 0 ? -1 : 0;
}

enum job_outcome
engine_turn(struct app_ctx *app, const char *id, char *err, size_t errsz)
{
	struct eng		*e;
	const char		*p[1] = { id };
	PGresult		*r;
	char			 lang[8];
	enum job_outcome	 out = JOB_DONE;
	int			 rc;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return JOB_RETRY;
	e->app = app;
	e->now = config_now();
	snprintf(e->msg, sizeof(e->msg), "%s", id);
	buf_init(&e->reply, REPLIES_MAX);
	r = db_exec(app->db, &st_load, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) != 1) {
		snprintf(err, errsz, "message %s not found", id);
		out = r == NULL || !db_ok(r) ? JOB_RETRY : JOB_GIVEUP;
		PQclear(r);
		goto done;
	}
	rc = take_row(e, r, lang, sizeof(lang));
	PQclear(r);
	if (rc == -1)
		goto done;	/* staff have it: Sophie stays silent */
	if (rc == -2 || booking_load(app, e->clinic, e->now, &e->b) !=
	    BOOKING_OK || load_patients(e) == -1) {
		snprintf(err, errsz, "could not load the turn");
		out = JOB_RETRY;
		goto done;
	}
	/* A half-finished flow is forgotten after the clinic's timeout. */
	if (e->c.t != 0 && e->now - e->c.t > (int64_t)e->timeout * 60)
		eng_ctx_init(&e->c);
	understand(e, lang);
	dispatch(e);
	if (e->dberr || save(e) == -1) {
		snprintf(err, errsz, "database error during the turn");
		out = JOB_RETRY;
	}
done:
	booking_free(e->b);
	buf_free(&e->reply);
	free(e->text);
	free(e);
	return out;
}
