/*
 * engine_turn — one conversation turn in three steps, none of which
 * holds a transaction or a row lock across a third party:
 *
 *   load     two statements, each its own snapshot: the message, the
 *            conversation and its version, the clinic, the phone's
 *            patients and upcoming appointments; then the clinic's
 *            catalogue (what changes between them, the commit checks:
 *            the conversation's version, the slot's constraint); a
 *            batch's turns of one clinic share the catalogue and, within
 *            a round, the busy time they read (booking_cat_forget);
 *   decide   no transaction: the message understood (rules, the LLM when
 *            configured), then the state machine (engine.c) as a pure
 *            function of that snapshot; what it lacks (free/busy time,
 *            Google's fresh answer for a slot) is fetched here and the
 *            decision made again;
 *   commit   a short transaction that writes the decision only if the
 *            conversation's version is still the one loaded, together
 *            with the reply in the outbox and the job's completion.
 *
 * A changed version (staff took over, a reminder, another worker), a
 * slot lost at the commit or a patient created meanwhile starts again
 * from load, at most TURN_TRIES times.  See engine.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "alert.h"
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

#define TURN_TRIES	6	/* load-decide-commit rounds */
#define TURN_DECIDES	4	/* decisions per round (busy, Google) */

/* Commit outcomes beyond a db_err (db_tx passes them through). */
#define TURN_CHANGED	100	/* the conversation moved on: load again */
#define TURN_TAKEN	101	/* the slot was lost: load again */

/*
 * The message, its conversation and clinic, and as JSON arrays of rows
 * whose cells are text (NULL as null): the phone's patients (id, first
 * and last name, birth date) by creation, at most 8 (TURN_COL_PATS);
 * its upcoming booked appointments after $2 (id, start in UTC seconds,
 * practitioner, treatment, treatment name, the patient's first and last
 * name) by start, at most 8 (TURN_COL_APPTS).  One round trip.
 */
#define TURN_LOAD_COLS \
	"SELECT m.body, c.id, c.clinic_id, c.phone, c.state, c.context::text," \
	" c.status, cl.name, coalesce(cl.address, ''), " \
	"coalesce(cl.phone, ''), coalesce(cl.emergency_numbers, ''), " \
	"cl.context_timeout_minutes, coalesce(c.language, cl.language), " \
	"c.version, m.handled_at IS NOT NULL, " \
	"(SELECT coalesce(json_agg(json_build_array(p.id::text, " \
	"p.first_name, p.last_name, coalesce(p.birth_date::text, '')) " \
	"ORDER BY p.created_at," \
	" p.id), '[]') FROM (SELECT id, first_name, last_name, birth_date, " \
	"created_at FROM patients WHERE clinic_id = c.clinic_id " \
	"AND phone = c.phone ORDER BY created_at, id LIMIT 8) p), " \
	"(SELECT coalesce(json_agg(json_build_array(a.id::text, " \
	"a.start::text," \
	" a.practitioner_id::text, a.treat, a.tname, a.first_name, " \
	"a.last_name, a.patient_id::text, a.until::text, a.sid, " \
	"a.scount::text, a.slast::text, a.sw::text) ORDER BY " \
	"a.starts_at, a.id), '[]') FROM (SELECT a.id, a.patient_id, " \
	"extract(epoch FROM a.blocked_until)::bigint AS until, " \
	"a.starts_at, extract(epoch FROM a.starts_at)::bigint AS start, " \
	"a.practitioner_id, coalesce(a.treatment_type_id::text, '') AS treat," \
	" coalesce(a.treatment_name, '') AS tname, p.first_name, " \
	"p.last_name, " \
	"coalesce(a.series_id::text, '') AS sid, count(*) OVER (PARTITION BY " \
	"a.series_id) AS scount, extract(epoch FROM max(a.starts_at) OVER " \
	"(PARTITION BY a.series_id))::bigint AS slast, " \
	"coalesce(s.weekday2, -1) AS sw " \
	"FROM appointments a LEFT JOIN appointment_series s ON s.clinic_id = " \
	"a.clinic_id AND s.id = a.series_id " \
	"JOIN patients p ON p.id = a.patient_id " \
	"AND p.clinic_id = a.clinic_id WHERE a.clinic_id = c.clinic_id " \
	"AND p.phone = c.phone AND a.status = 'booked' " \
	"AND a.starts_at > to_timestamp(w.now) " \
	"ORDER BY a.starts_at, a.id LIMIT 8) a), " \
	"m.num_media, CASE WHEN c.needs_staff THEN " \
	"coalesce(c.needs_staff_reason, '') ELSE '' END, " \
	"(SELECT coalesce(cl.noshow_threshold IS NOT NULL AND " \
	"cl.noshow_action = 'staff' AND count(*) >= cl.noshow_threshold, " \
	"false) FROM appointments n JOIN patients q ON q.id = n.patient_id " \
	"AND q.clinic_id = n.clinic_id WHERE n.clinic_id = c.clinic_id AND " \
	"q.phone = c.phone AND n.status = 'no_show' AND n.starts_at > now() " \
	"- interval '12 months'), coalesce(cl.access_info, ''), " \
	"c.language IS NULL "
#define TURN_LOAD_FROM \
	"JOIN conversations c ON c.id = m.conversation_id " \
	"AND c.clinic_id = m.clinic_id JOIN clinics cl ON cl.id = c.clinic_id "

static const struct db_stmt st_load = {
	"turn_load",
	TURN_LOAD_COLS "FROM (SELECT $1::uuid AS mid, $2::bigint AS now) w "
	"JOIN messages m ON m.id = w.mid " TURN_LOAD_FROM
	"WHERE m.direction = 'inbound'",
	2
};

/*
 * st_load for the messages $1 (a uuid array) at once, each with its
 * time in $2 (a bigint array), in one snapshot: a row for each message
 * found, st_load's columns and its place in $1 (TURN_COL_AT, from 1),
 * in that order.
 */
static const struct db_stmt st_load_many = {
	"turn_load_many",
	TURN_LOAD_COLS ", w.k FROM unnest($1::uuid[], "
	"$2::bigint[]) WITH ORDINALITY AS w(mid, now, k) "
	"JOIN messages m ON m.id = w.mid " TURN_LOAD_FROM
	"WHERE m.direction = 'inbound' ORDER BY w.k",
	2
};

/* Columns of st_load that take_row does not read. */
#define TURN_COL_PATS	15	/* the phone's patients, JSON */
#define TURN_COL_APPTS	16	/* their upcoming appointments, JSON */
#define TURN_COL_MEDIA	17	/* the message's attachments */
#define TURN_COL_STAFF	18	/* why staff were asked to look, or "" */
#define TURN_COL_NOSHOW	19	/* booking handed to staff (no-shows) */
#define TURN_COL_ACCESS	20	/* how to reach the clinic */
#define TURN_COL_NOLANG	21	/* no language known for it yet */
#define TURN_COL_AT	22	/* st_load_many: the message's place */

/* The new patient, with the id the decision chose; a patient already
 * there under that identity keeps theirs (RETURNING tells). */
static const struct db_stmt st_new_patient = {
	"turn_new_patient",
	"INSERT INTO patients (id, clinic_id, phone, first_name, last_name, "
	"birth_date, language) VALUES ($1::uuid, $2::uuid, $3, $4, $5, "
	"$6::date, $7) "
	"ON CONFLICT (clinic_id, phone, lower(first_name), lower(last_name), "
	"birth_date) DO UPDATE SET updated_at = now() RETURNING id",
	7
};

/* The decision, only over the version loaded, and over a conversation
 * handed to staff only when it was so loaded ($9: an emergency). */
static const struct db_stmt st_save = {
	"turn_save",
	"UPDATE conversations SET state = $2, context = $3::jsonb, "
	"language = $4, patient_id = coalesce($5::uuid, patient_id), "
	"needs_staff = needs_staff OR $6::text IS NOT NULL, "
	"needs_staff_reason = coalesce($6, needs_staff_reason), "
	"status = CASE WHEN $7::bool THEN 'handoff' ELSE status END, "
	"last_message_at = now(), version = version + 1 "
	"WHERE id = $1::uuid AND version = $8::bigint "
	"AND (status <> 'handoff' OR $9::bool) RETURNING id",
	9
};

static const struct db_stmt st_msg_nlu = {
	"turn_msg_nlu",
	"UPDATE messages SET intent = $2, nlu = $3::jsonb, handled_at = now() "
	"WHERE id = $1::uuid AND handled_at IS NULL RETURNING id",
	3
};

static const struct db_stmt st_response = {
	"turn_reminder_response",
	"UPDATE appointments SET patient_response = $3, "
	"patient_response_at = now() WHERE clinic_id = $1::uuid "
	"AND id = $2::uuid",
	3
};

/*
 * The writes of a batch's plain turns (batch_tx: no booking act, no new
 * patient, no alert, no reminder answer) in one statement: $1 a JSON
 * array of one object per turn, k its place and then, as text, what
 * st_save and st_msg_nlu take (conv, state, ctx, lang, patient, staff,
 * handoff, version, msg, intent, nlu), its reply (reply, NULL when none,
 * and tkey), the send job's lease (who, lease), clinic and request id
 * (req).  Turns of one statement have different conversations.  g locks
 * each turn's conversation at the version loaded (not handed to staff)
 * and its message not yet handled; a turn's writes all hang on its g
 * row, so either all of them are made or none (no row: its conversation
 * moved on), whatever the others.  Then, per turn, the decision, the
 * message's reading and the reply queued as outbox_queue does (st_add
 * in lib/outbox.c): its send job running under its worker's lease
 * unless an earlier send of the conversation waits, carrying the
 * request id.  Rows are found by their keys' arrays (an index scan
 * whatever the set's estimated size).  Returns one row per turn, by k:
 * k, rows locked, conversations and messages updated, and the send
 * job's id or "".
 */
static const struct db_stmt st_write_many = {
	"turn_write_many",
	"WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(k int, "
	"conv text, state text, ctx text, lang text, patient text, "
	"staff text, handoff text, version text, msg text, intent text, "
	"nlu text, reply text, tkey text, who text, lease text, clinic text,"
	" req text)), "
	"g AS (SELECT x.k, c.id, c.clinic_id, c.phone FROM x "
	"JOIN conversations c ON c.id = x.conv::uuid AND c.clinic_id = "
	"x.clinic::uuid AND c.version = x.version::bigint "
	"AND c.status <> 'handoff' "
	"JOIN messages m ON m.conversation_id = c.id AND m.clinic_id = "
	"c.clinic_id AND m.id = x.msg::uuid AND m.direction = 'inbound' "
	"AND m.handled_at IS NULL "
	"WHERE c.id = ANY (ARRAY(SELECT conv::uuid FROM x)) "
	"AND m.id = ANY (ARRAY(SELECT msg::uuid FROM x)) "
	"FOR UPDATE OF c, m), "
	"s AS (UPDATE conversations c SET state = x.state, "
	"context = x.ctx::jsonb, language = x.lang, "
	"patient_id = coalesce(x.patient::uuid, c.patient_id), "
	"needs_staff = c.needs_staff OR x.staff IS NOT NULL, "
	"needs_staff_reason = coalesce(x.staff, c.needs_staff_reason), "
	"status = CASE WHEN x.handoff::bool THEN 'handoff' ELSE c.status END,"
	" last_message_at = now(), version = c.version + 1, "
	"last_body = CASE WHEN x.reply IS NULL THEN c.last_body ELSE "
	"left(x.reply, 140) END FROM g JOIN x ON x.k = g.k "
	"WHERE c.id = g.id AND c.id = ANY (ARRAY(SELECT id FROM g)) "
	"RETURNING g.k), "
	"n AS (UPDATE messages m SET intent = x.intent, nlu = x.nlu::jsonb, "
	"handled_at = now() FROM g JOIN x ON x.k = g.k "
	"WHERE m.id = x.msg::uuid "
	"AND m.id = ANY (ARRAY(SELECT msg::uuid FROM x)) RETURNING g.k), "
	"o AS (INSERT INTO messages (clinic_id, conversation_id, direction, "
	"body, template_key, status, to_number) SELECT g.clinic_id, g.id, "
	"'outbound', x.reply, x.tkey, 'pending', g.phone FROM g "
	"JOIN x ON x.k = g.k WHERE x.reply IS NOT NULL ORDER BY g.k "
	"RETURNING id, conversation_id), "
	"q AS MATERIALIZED (SELECT o.id, o.conversation_id, x.clinic, x.who, "
	"x.lease, "
	"x.req, x.k, x.who IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jobs k "
	"WHERE k.queue_key = 'send:' || o.conversation_id AND k.status IN "
	"('queued', 'running')) AS mine FROM o JOIN g ON g.id = "
	"o.conversation_id JOIN x ON x.k = g.k), "
	"j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload, status, "
	"attempts, locked_by, locked_until, started_at) "
	"SELECT 'send_message', q.clinic::uuid, 'send:' || q.conversation_id,"
	" jsonb_build_object('message_id', q.id) || CASE WHEN q.req = '' "
	"THEN '{}'::jsonb ELSE jsonb_build_object('request_id', q.req) END, "
	"CASE WHEN q.mine THEN "
	"'running' ELSE 'queued' END, CASE WHEN q.mine THEN 1 ELSE 0 END, "
	"CASE WHEN q.mine THEN q.who END, CASE WHEN q.mine THEN now() + "
	"make_interval(secs => q.lease::int) END, CASE WHEN q.mine THEN now() "
	"END FROM q ORDER BY q.k RETURNING id, queue_key) "
	"SELECT x.k, (SELECT count(*) FROM g WHERE g.k = x.k), "
	"(SELECT count(*) FROM s WHERE s.k = x.k), "
	"(SELECT count(*) FROM n WHERE n.k = x.k), "
	"coalesce((SELECT j.id::text FROM j JOIN g ON j.queue_key = "
	"'send:' || g.id WHERE g.k = x.k), '') FROM x ORDER BY x.k",
	1
};

/* What load found. */
enum turn_load {
	TURN_LOAD_OK = 0,
	TURN_LOAD_SILENT,	/* staff have it, or handled already */
	TURN_LOAD_GONE,		/* no such inbound message */
	TURN_LOAD_DB		/* database trouble: retry the job */
};

/* The snapshot a decision starts from (restored before each run). */
struct turn_snap {
	struct eng_ctx		 c;
	struct eng_patient	 pats[ENG_LIST];
	int			 npats;
	struct nlu_result	 nlu;
	char			 version[24];
	char			 lang[8];	/* conversation or clinic */
	char			 nlu_key[2 * ENG_NAME + 40]; /* understood for */
	int			 understood;
	int			 handed;	/* with staff when loaded */
};

/* A turn's place in a batch (engine_turn_batch). */
enum turn_step {
	TURN_STEP_AGAIN = 0,	/* to load and decide (again) */
	TURN_STEP_COMMIT,	/* decided: commits with the batch */
	TURN_STEP_SILENT,	/* nothing to say: its job ends with the batch */
	TURN_STEP_OVER		/* its outcome is known */
};

/* The turn: the engine's struct and the snapshot. */
struct turn {
	struct eng		 e;
	struct turn_snap	 s;
	struct job		*job;
	char			 send[OUTBOX_JOB_ID];	/* the reply's job */
	enum turn_step		 step;	/* in a batch */
	int			 rc;	/* in a batch: its commit's result */
	int			 tries;	/* in a batch: rounds run */
	int			 batched; /* its job finishes with the batch */
	struct booking_cat	**cats;	/* in a batch: its catalogues */
};

/* Copy the loaded row into t.  Returns a turn_load. */
static enum turn_load
take_row(struct turn *t, PGresult *r)
{
	struct eng	*e = &t->e;
	char		*end;
	long		 to;

	if (strcmp(PQgetvalue(r, 0, 14), "t") == 0)
		return TURN_LOAD_SILENT;
	/* with staff: silent unless it is an emergency (load_take) */
	t->s.handed = strcmp(PQgetvalue(r, 0, 6), "handoff") == 0;
	snprintf(e->conv, ENG_ID, "%s", PQgetvalue(r, 0, 1));
	snprintf(e->clinic, ENG_ID, "%s", PQgetvalue(r, 0, 2));
	snprintf(e->phone, sizeof(e->phone), "%s", PQgetvalue(r, 0, 3));
	eng_ctx_init(&t->s.c);
	if (eng_ctx_parse(PQgetvalue(r, 0, 5), &t->s.c) == -1)
		eng_ctx_init(&t->s.c);
	snprintf(t->s.c.state, sizeof(t->s.c.state), "%s",
	    PQgetvalue(r, 0, 4));
	snprintf(e->clinic_name, sizeof(e->clinic_name), "%s",
	    PQgetvalue(r, 0, 7));
	snprintf(e->address, sizeof(e->address), "%s", PQgetvalue(r, 0, 8));
	snprintf(e->cphone, sizeof(e->cphone), "%s", PQgetvalue(r, 0, 9));
	snprintf(e->emergency, sizeof(e->emergency), "%s",
	    PQgetvalue(r, 0, 10));
	snprintf(e->access, sizeof(e->access), "%s",
	    PQgetvalue(r, 0, TURN_COL_ACCESS));
	to = strtol(PQgetvalue(r, 0, 11), &end, 10);
	e->timeout = to > 0 && to < 100000 ? (int)to : 60;
	snprintf(t->s.lang, sizeof(t->s.lang), "%s", PQgetvalue(r, 0, 12));
	snprintf(t->s.version, sizeof(t->s.version), "%s",
	    PQgetvalue(r, 0, 13));
	free(e->text);
	e->len = strlen(PQgetvalue(r, 0, 0));
	if (e->len > NLU_TEXT_MAX)
		e->len = NLU_TEXT_MAX;
	if ((e->text = strndup(PQgetvalue(r, 0, 0), e->len)) == NULL)
		return TURN_LOAD_DB;
	to = strtol(PQgetvalue(r, 0, TURN_COL_MEDIA), &end, 10);
	e->media = to > 0 && to <= 10 ? (int)to : 0;
	snprintf(e->staff_was, sizeof(e->staff_was), "%s",
	    PQgetvalue(r, 0, TURN_COL_STAFF));
	e->noshow_staff = strcmp(PQgetvalue(r, 0, TURN_COL_NOSHOW), "t") ==
	    0;
	e->nolang = strcmp(PQgetvalue(r, 0, TURN_COL_NOLANG), "t") == 0;
	/* A half-finished flow is forgotten after the clinic's timeout;
	 * a waitlist offer stands until its own expiry (checked when it is
	 * answered: lib/waitlist_eng.c), the no-show message's three days
	 * (lib/noshow_eng.c). */
	if (t->s.c.t != 0 && e->now - t->s.c.t > (int64_t)e->timeout * 60 &&
	    strcmp(t->s.c.state, "wl_offer") != 0 &&
	    strcmp(t->s.c.state, "ns_offer") != 0)
		eng_ctx_init(&t->s.c);
	return TURN_LOAD_OK;
}

/* Column col of the loaded row r, a JSON array (NULL otherwise; the
 * caller puts it). */
static json_object *
rows_at(PGresult *r, int col)
{
	json_object	*a;

	if ((a = json_tokener_parse(PQgetvalue(r, 0, col))) != NULL &&
	    !json_object_is_type(a, json_type_array)) {
		json_object_put(a);
		a = NULL;
	}
	return a;
}

/* The phone's patients into the snapshot. Returns 0 or -1. */
static int
load_patients(struct turn *t, PGresult *r)
{
	json_object	*rows;
	size_t		 i;

	if ((rows = rows_at(r, TURN_COL_PATS)) == NULL)
		return -1;
	t->s.npats = 0;
	for (i = 0; i < json_object_array_length(rows) && i < ENG_LIST;
	    i++) {
		struct eng_patient *pt = &t->s.pats[i];

		snprintf(pt->id, ENG_ID, "%s", db_json_cell(rows, i, 0));
		snprintf(pt->first, ENG_NAME, "%s", db_json_cell(rows, i, 1));
		snprintf(pt->last, ENG_NAME, "%s", db_json_cell(rows, i, 2));
		snprintf(pt->birth, sizeof(pt->birth), "%s",
		    db_json_cell(rows, i, 3));
		t->s.npats++;
	}
	json_object_put(rows);
	return 0;
}

/* The phone's upcoming booked appointments. Returns 0 or -1. */
static int
load_appts(struct eng *e, PGresult *r)
{
	json_object	*rows;
	size_t		 i;

	if ((rows = rows_at(r, TURN_COL_APPTS)) == NULL)
		return -1;
	e->nappts = 0;
	for (i = 0; i < json_object_array_length(rows) && i < ENG_LIST;
	    i++) {
		struct eng_appt *a = &e->appts[i];
		char *end;

		memset(a, 0, sizeof(*a));
		snprintf(a->id, sizeof(a->id), "%s", db_json_cell(rows, i, 0));
		a->start = strtoll(db_json_cell(rows, i, 1), &end, 10);
		snprintf(a->prac, sizeof(a->prac), "%s", db_json_cell(rows, i, 2));
		snprintf(a->treat, sizeof(a->treat), "%s", db_json_cell(rows, i, 3));
		snprintf(a->tname, sizeof(a->tname), "%s", db_json_cell(rows, i, 4));
		snprintf(a->first, sizeof(a->first), "%s", db_json_cell(rows, i, 5));
		snprintf(a->last, sizeof(a->last), "%s", db_json_cell(rows, i, 6));
		snprintf(a->patient, sizeof(a->patient), "%s",
		    db_json_cell(rows, i, 7));
		a->until = strtoll(db_json_cell(rows, i, 8), &end, 10);
		/* Its series, when it is a session of one (lib/series_list.c). */
		snprintf(a->series, sizeof(a->series), "%s",
		    db_json_cell(rows, i, 9));
		a->scount = (int)strtol(db_json_cell(rows, i, 10), &end, 10);
		a->slast = strtoll(db_json_cell(rows, i, 11), &end, 10);
		a->sw2 = (int)strtol(db_json_cell(rows, i, 12), &end, 10);
		e->nappts++;
	}
	json_object_put(rows);
	return 0;
}

/*
 * The clinic's catalogue for a turn of a batch: read once per clinic
 * and batch (t->cats, ENGINE_BATCH_MAX slots, NULL-terminated), each
 * turn's booking handle built from it.  Returns a turn_load.
 */
static enum turn_load
load_from_batch(struct turn *t)
{
	struct eng	*e = &t->e;
	int		 i;

	for (i = 0; i < ENGINE_BATCH_MAX && t->cats[i] != NULL; i++)
		if (strcmp(booking_cat_clinic(t->cats[i]), e->clinic) == 0)
			break;
	if (i == ENGINE_BATCH_MAX)
		return TURN_LOAD_DB;
	if (t->cats[i] == NULL &&
	    booking_cat_load(e->app, e->clinic, &t->cats[i]) != BOOKING_OK)
		return TURN_LOAD_DB;
	if (booking_load_cat(t->cats[i], e->now, &e->b) != BOOKING_OK)
		return TURN_LOAD_DB;
	return TURN_LOAD_OK;
}

/* Ready turn t for a load: p gets st_load's parameters (now, nsz bytes,
 * holds the second). */
static void
load_params(struct turn *t, char *now, size_t nsz, const char **p)
{
	t->e.busy_loaded = 0;
	t->e.cal_known = 0;
	snprintf(now, nsz, "%lld", (long long)t->e.now);
	p[0] = t->e.msg;
	p[1] = now;
}

static int	handed_emergency(struct turn *);

/*
 * The snapshot from st_load's result r (NULL: the database failed;
 * cleared here), then the clinic's catalogue.  A conversation handed to
 * staff is silent, unless the message is an emergency.  Returns a
 * turn_load.
 */
static enum turn_load
load_take(struct turn *t, PGresult *r)
{
	struct eng	*e = &t->e;
	enum turn_load	 rc;

	if (r == NULL || !db_ok(r)) {
		PQclear(r);
		return TURN_LOAD_DB;
	}
	if (PQntuples(r) != 1) {
		PQclear(r);
		return TURN_LOAD_GONE;
	}
	if ((rc = take_row(t, r)) == TURN_LOAD_OK &&
	    (load_patients(t, r) == -1 || load_appts(e, r) == -1))
		rc = TURN_LOAD_DB;
	PQclear(r);
	if (rc != TURN_LOAD_OK)
		return rc;
	booking_free(e->b);
	e->b = NULL;
	if (t->cats != NULL)
		rc = load_from_batch(t);
	else if (booking_load(e->app, e->clinic, e->now, &e->b) !=
	    BOOKING_OK)
		rc = TURN_LOAD_DB;
	if (rc == TURN_LOAD_OK && t->s.handed && !handed_emergency(t))
		rc = TURN_LOAD_SILENT;
	return rc;
}

/*
 * Step one: the snapshot.  No transaction around it (a read-only one
 * would cost two round trips a turn and guard nothing the commit does
 * not check again).  Returns a turn_load.
 */
static enum turn_load
load(struct turn *t)
{
	char		 now[24];
	const char	*p[2];

	load_params(t, now, sizeof(now), p);
	return load_take(t, db_exec(t->e.app->db, &st_load, p));
}

/* What the extractor is told Sophie asked. */
static enum nlu_awaiting
awaiting(const char *state)
{
	/* "no appointment for this number: whose name is it in?" */
	if (strcmp(state, "ask_name") == 0 ||
	    strcmp(state, "offer_book_name") == 0)
		return NLU_AWAIT_NAME;
	if (strcmp(state, "ask_birth") == 0)
		return NLU_AWAIT_BIRTH_DATE;
	if (strcmp(state, "ask_date") == 0)
		return NLU_AWAIT_DATE;
	/* the proposals: a bare "15h" is the time wanted */
	if (strcmp(state, "choose_slot") == 0)
		return NLU_AWAIT_TIME;
	if (strcmp(state, "confirm") == 0 ||
	    strcmp(state, "confirm_cancel") == 0 ||
	    strcmp(state, "remind") == 0 ||
	    strcmp(state, "offer_book") == 0 ||
	    strcmp(state, "wl_offer") == 0 || strcmp(state, "wl_join") == 0)
		return NLU_AWAIT_CONFIRMATION;
	return NLU_AWAIT_NONE;
}

/*
 * Understand the message (rules, then the LLM when configured), with no
 * transaction open.  What the extractor is told depends on the loaded
 * state, the name being recorded and the language: the same three on a
 * later round reuse the first answer instead of asking the LLM again.
 */
static void
understand(struct turn *t)
{
	struct eng		*e = &t->e;
	const struct config	*cfg = e->app->cfg;
	struct llm_config	 lc;
	struct nlu_lists	 lists;
	struct nlu_context	 nc;
	struct nlu_now		 nn;
	struct tz_local		 l;
	char			 known[2 * ENG_NAME + 2], key[sizeof(t->s.nlu_key)];
	int			 llm;

	snprintf(known, sizeof(known), "%s %s", t->s.c.first, t->s.c.last);
	snprintf(key, sizeof(key), "%d|%d|%s|%s",
	    (int)awaiting(t->s.c.state), t->s.handed, known, t->s.lang);
	if (t->s.understood && strcmp(key, t->s.nlu_key) == 0)
		return;
	memset(&lists, 0, sizeof(lists));
	lists.practitioners = booking_prac_names(e->b);
	lists.npractitioners = booking_npracs(e->b);
	lists.treatments = booking_treat_names(e->b);
	lists.ntreatments = booking_ntreats(e->b);
	lists.aliases = booking_treat_aliases(e->b, &lists.naliases);
	memset(&nc, 0, sizeof(nc));
	nc.awaiting = awaiting(t->s.c.state);
	nc.has_last_lang = 1;
	nc.last_lang = strcmp(t->s.lang, "en") == 0 ? NLU_LANG_EN :
	    NLU_LANG_FR;
	nc.known = known;
	nc.country = booking_country(e->b);
	tz_to_local(booking_tz(e->b), e->now, &l);
	nn.y = l.year;
	nn.m = l.month;
	nn.d = l.day;
	nn.hh = l.hour;
	nn.mm = l.min;
	lc.api_url = cfg->llm_api_url;
	lc.model = cfg->llm_model;
	lc.timeout_ms = cfg->llm_timeout_ms;
	llm = cfg->llm_api_url != NULL && *cfg->llm_api_url != '\0' &&
	    strcmp(cfg->llm_api_url, "off") != 0 && !t->s.handed;
	(void)llm_understand(llm ? &lc : NULL, e->text, e->len, &lists, &nc,
	    &nn, &t->s.nlu);
	snprintf(t->s.nlu_key, sizeof(t->s.nlu_key), "%s", key);
	t->s.understood = 1;
}

/*
 * Is the message of a conversation handed to staff an emergency?  Read
 * by the rules alone (no LLM: it never decides an emergency, and staff
 * have the conversation), and only with a symptom named.  1 or 0.
 */
static int
handed_emergency(struct turn *t)
{
	understand(t);
	return t->s.nlu.intent == NLU_INTENT_EMERGENCY &&
	    nlu_symptom_present(t->e.text, t->e.len);
}

/* Put e back to the snapshot, with no decision made. */
static void
restore(struct turn *t)
{
	struct eng	*e = &t->e;

	e->c = t->s.c;
	memcpy(e->pats, t->s.pats, sizeof(e->pats));
	e->npats = t->s.npats;
	e->nlu = t->s.nlu;
	e->lang = e->nlu.lang == NLU_LANG_EN ? REPLIES_EN : REPLIES_FR;
	memset(&e->need, 0, sizeof(e->need));
	buf_reset(&e->reply);
	e->tkey = NULL;
	e->staff_reason = NULL;
	e->handoff = 0;
	e->handed = t->s.handed;
	e->dberr = 0;
	memset(&e->act, 0, sizeof(e->act));
	e->newpat = 0;
	e->newbirth[0] = '\0';
	e->resp[0] = '\0';
	e->resp_appt[0] = '\0';
	e->set_patient[0] = '\0';
	e->day_tr[0] = '\0';
	e->day_pr[0] = '\0';
}

/* Fetch what the decision asked for (no transaction). 0 or -1. */
static int
fetch(struct turn *t)
{
	struct eng	*e = &t->e;
	int		 i;

	if (e->need.busy) {
		if (booking_busy(e->app, e->b, *e->need.except != '\0' ?
		    e->need.except : NULL) != BOOKING_OK)
			return -1;
		for (i = 0; i < e->ntaken; i++)
			if (booking_add_busy(e->b, e->taken[i].prac,
			    e->taken[i].treat, e->taken[i].start) ==
			    BOOKING_NOMEM)
				return -1;
		memcpy(e->busy_except, e->need.except, ENG_ID);
		e->busy_loaded = 1;
	}
	if (e->need.cal) {
		e->cal_prac = e->need.cal_prac;
		e->cal_treat = e->need.cal_treat;
		e->cal_start = e->need.cal_start;
		e->cal_free = booking_calendar_free(e->app, e->b, e->cal_prac,
		    e->cal_treat, e->cal_start);
		e->cal_known = 1;
	}
	return 0;
}

/* Step two: the decision, fetching what it lacks. 0 or -1. */
static int
decide(struct turn *t)
{
	int	 i;

	understand(t);
	for (i = 0; i < TURN_DECIDES; i++) {
		restore(t);
		eng_decide(&t->e);
		if (t->e.dberr)
			return -1;
		if (!eng_needs(&t->e))
			return 0;
		if (fetch(t) == -1)
			return -1;
	}
	return -1;
}

/* The new patient. Returns 0, TURN_CHANGED or a db_err. */
static int
write_patient(struct db *db, struct eng *e)
{
	const char	*p[7] = { e->set_patient, e->clinic, e->phone, NULL,
	    NULL, e->newbirth, e->lang == REPLIES_EN ? "en" : "fr" };
	PGresult	*r;
	int		 i, rc;

	/* The new patient is among e->pats (engine.c). */
	for (i = 0; i < e->npats; i++)
		if (strcmp(e->pats[i].id, e->set_patient) == 0) {
			p[3] = e->pats[i].first;
			p[4] = e->pats[i].last;
		}
	if (p[3] == NULL)
		return DB_ERR_QUERY;
	r = db_exec(db, &st_new_patient, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) != 1)
		rc = db_result_err(r) == DB_OK ? DB_ERR_QUERY :
		    (int)db_result_err(r);
	else	/* someone recorded them meanwhile: decide again */
		rc = strcmp(PQgetvalue(r, 0, 0), p[0]) == 0 ? 0 :
		    TURN_CHANGED;
	PQclear(r);
	return rc;
}

/* st_save's parameters, also the first eight of a plain turn's object
 * in st_write_many: the decision. */
static void
save_params(const struct eng *e, const struct turn *t, const char *ctx,
    const char **p)
{
	p[0] = e->conv;
	p[1] = e->c.state;
	p[2] = ctx;
	p[3] = e->lang == REPLIES_EN ? "en" : "fr";
	p[4] = e->set_patient[0] != '\0' ? e->set_patient : NULL;
	p[5] = e->staff_reason;
	p[6] = e->handoff ? "true" : "false";
	p[7] = t->s.version;
}

/* The conversation's new state, over the loaded version only. */
static int
write_state(struct db *db, struct turn *t)
{
	struct eng	*e = &t->e;
	const char	*p[9];
	char		*ctx;
	PGresult	*r;
	int		 rc;

	e->c.t = e->now;
	if ((ctx = eng_ctx_json(&e->c)) == NULL)
		return DB_ERR_NOMEM;
	save_params(e, t, ctx, p);
	p[8] = t->s.handed ? "true" : "false";
	r = db_exec(db, &st_save, p);
	if (r == NULL || !db_ok(r))
		rc = r == NULL ? DB_ERR_DOWN : (int)db_result_err(r);
	else
		rc = PQntuples(r) == 1 ? 0 : TURN_CHANGED;
	PQclear(r);
	free(ctx);
	return rc;
}

/* The booking, move or cancellation. 0, TURN_TAKEN/CHANGED, db_err. */
static int
write_act(struct eng *e)
{
	enum booking_err	 er;
	const struct eng_act	*a = &e->act;

	switch (a->kind) {
	case ENG_W_BOOK:
		er = booking_book(e->app, e->b, e->clinic, a->patient, e->conv,
		    a->prac, a->treat, a->start, NULL);
		break;
	case ENG_W_MOVE:
		er = booking_move(e->app, e->b, e->clinic, e->phone, a->appt,
		    a->prac, a->treat, a->start);
		break;
	case ENG_W_CANCEL:
		er = booking_cancel(e->app, e->clinic, e->phone, a->appt,
		    e->now);
		break;
	case ENG_W_WAITLIST:
		return eng_waitlist_commit(e->app->db, e);
	default:
		return 0;
	}
	switch (er) {
	case BOOKING_OK:
		return 0;
	case BOOKING_TAKEN:
		return TURN_TAKEN;
	case BOOKING_GONE:	/* changed meanwhile: the next load shows it */
		return TURN_CHANGED;
	default:
		return DB_ERR_QUERY;
	}
}

/* The message's reading, marked handled. */
static int
write_msg(struct db *db, struct eng *e)
{
	json_object	*nj;
	const char	*p[3];
	PGresult	*r;
	int		 rc;

	if ((nj = nlu_result_json(&e->nlu)) == NULL)
		return DB_ERR_NOMEM;
	p[0] = e->msg;
	p[1] = nlu_intent_name(e->nlu.intent);
	p[2] = json_object_to_json_string(nj);
	r = db_exec(db, &st_msg_nlu, p);
	if (r == NULL || !db_ok(r))
		rc = r == NULL ? DB_ERR_DOWN : (int)db_result_err(r);
	else	/* another worker handled it: nothing of ours may stay */
		rc = PQntuples(r) == 1 ? 0 : TURN_CHANGED;
	PQclear(r);
	json_object_put(nj);
	return rc;
}

/*
 * Step three, inside db_tx: the decision, the reply in the outbox and
 * the job's completion.  Returns 0, TURN_CHANGED, TURN_TAKEN or a
 * db_err; anything but 0 rolls it all back.
 */
static int
commit_tx(struct db *db, void *arg)
{
	struct turn	*t = arg;
	struct eng	*e = &t->e;
	const char	*p[3];
	int		 rc;

	if ((e->act.kind == ENG_W_BOOK || e->act.kind == ENG_W_MOVE) &&
	    booking_lock(db, e->clinic, booking_prac_id(e->b, e->act.prac),
	    NULL) != BOOKING_OK)
		return DB_ERR_QUERY;
	if (e->newpat && (rc = write_patient(db, e)) != 0)
		return rc;
	if ((rc = write_state(db, t)) != 0 || (rc = write_act(e)) != 0 ||
	    (rc = write_msg(db, e)) != 0)
		return rc;
	/* The staff are told, with this commit (lib/alert.h). */
	if (e->handoff && (rc = alert_raise(db, e->clinic, e->conv, e->msg,
	    ALERT_HANDOFF)) != DB_OK)
		return rc;
	if (e->staff_reason != NULL && strcmp(e->staff_reason,
	    "emergency") == 0 && (rc = alert_raise(db, e->clinic, e->conv,
	    e->msg, ALERT_EMERGENCY)) != DB_OK)
		return rc;
	if (e->resp[0] != '\0') {
		p[0] = e->clinic;
		p[1] = e->resp_appt;
		p[2] = e->resp;
		if ((rc = db_do(db, &st_response, p)) != DB_OK)
			return rc;
	}
	t->send[0] = '\0';
	/* The reply's send is this worker's from the start: it sends it
	 * right after the commit, and no other worker takes it meanwhile. */
	if (e->reply.len > 0 && (rc = outbox_queue(db, e->clinic, e->conv,
	    buf_str(&e->reply), e->tkey, t->job != NULL ? t->job->who : NULL,
	    (int)e->app->cfg->job_lease_s, t->send)) != DB_OK)
		return rc;
	if (t->job != NULL && !t->batched &&
	    (rc = jobs_finish(db, t->job)) != DB_OK)
		return rc;
	return 0;
}

/*
 * Whether turn t's commit is plain: its writes fit st_write_many (no
 * booking act, no new patient, no alert, no reminder answer).
 */
static int
plain(const struct turn *t)
{
	const struct eng	*e = &t->e;

	return e->act.kind == ENG_W_NONE && !e->newpat && !e->handoff &&
	    (e->staff_reason == NULL || strcmp(e->staff_reason,
	    "emergency") != 0) && e->resp[0] == '\0';
}

/* Add key k = v (NULL: JSON null) to o.  Returns 0 or -1. */
static int
plain_put(json_object *o, const char *k, const char *v)
{
	json_object	*s = NULL;

	if (v != NULL && (s = json_object_new_string(v)) == NULL)
		return -1;
	if (json_object_object_add(o, k, s) != 0) {
		json_object_put(s);
		return -1;
	}
	return 0;
}

/*
 * Plain turn t's object of st_write_many's array, k its place in it:
 * its context and reading are made here, its request id is the one
 * being logged.  Returns the object (the caller puts it) or NULL when
 * out of memory.
 */
static json_object *
plain_row(struct turn *t, int k)
{
	struct eng	*e = &t->e;
	static const char *const keys[8] = { "conv", "state", "ctx", "lang",
	    "patient", "staff", "handoff", "version" };
	const char	*p[8];
	char		*ctx, lease[16];
	json_object	*o, *nj;
	int		 i, bad;

	e->c.t = e->now;
	if ((o = json_object_new_object()) == NULL)
		return NULL;
	ctx = eng_ctx_json(&e->c);
	nj = nlu_result_json(&e->nlu);
	snprintf(lease, sizeof(lease), "%d", (int)e->app->cfg->job_lease_s);
	t->send[0] = '\0';
	bad = ctx == NULL || nj == NULL ||
	    json_object_object_add(o, "k", json_object_new_int(k)) != 0;
	if (!bad) {
		save_params(e, t, ctx, p);
		for (i = 0; i < 8 && !bad; i++)
			bad = plain_put(o, keys[i], p[i]) == -1;
	}
	bad = bad || plain_put(o, "msg", e->msg) == -1 ||
	    plain_put(o, "intent", nlu_intent_name(e->nlu.intent)) == -1 ||
	    plain_put(o, "nlu", json_object_to_json_string(nj)) == -1 ||
	    plain_put(o, "reply", e->reply.len > 0 ? buf_str(&e->reply) :
	    NULL) == -1 || plain_put(o, "tkey", e->tkey) == -1 ||
	    plain_put(o, "who", t->job != NULL ? t->job->who : NULL) == -1 ||
	    plain_put(o, "lease", lease) == -1 ||
	    plain_put(o, "clinic", e->clinic) == -1 ||
	    plain_put(o, "req", log_request()) == -1;
	free(ctx);
	json_object_put(nj);
	if (bad) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/*
 * What row i of st_write_many's result r did for plain turn t: 0,
 * TURN_CHANGED (nothing written) or a db_err (the transaction is then
 * lost: written partly, or in error).
 */
static int
plain_take(struct turn *t, PGresult *r, int i)
{
	if (r == NULL || !db_ok(r))
		return r == NULL ? DB_ERR_DOWN : (int)db_result_err(r);
	if (i >= PQntuples(r) || PQnfields(r) != 5)
		return DB_ERR_QUERY;
	if (strcmp(PQgetvalue(r, i, 1), "0") == 0)
		return TURN_CHANGED;
	if (strcmp(PQgetvalue(r, i, 2), "1") != 0 ||
	    strcmp(PQgetvalue(r, i, 3), "1") != 0 ||
	    (t->e.reply.len > 0 && *PQgetvalue(r, i, 4) == '\0'))
		return DB_ERR_QUERY;
	snprintf(t->send, sizeof(t->send), "%s", PQgetvalue(r, i, 4));
	return 0;
}

/* What the commit did, in the log (after it, so a rolled back round
 * says nothing). */
static void
log_turn(const struct eng *e)
{
	if (e->newpat)
		log_event("engine", "PATIENT_CREATED", e->clinic, "patient %s",
		    e->set_patient);
	if (e->staff_reason != NULL && strcmp(e->staff_reason,
	    "emergency") == 0)
		log_event("engine", "EMERGENCY", e->clinic,
		    "conversation %s", e->conv);
}

/* Count the slot the commit lost, so the next round sees it taken. */
static void
lost_slot(struct eng *e)
{
	struct eng_taken	*k;

	if (e->ntaken == ENG_TAKEN)
		memmove(&e->taken[0], &e->taken[1],
		    sizeof(e->taken[0]) * (ENG_TAKEN - 1));
	else
		e->ntaken++;
	k = &e->taken[e->ntaken - 1];
	k->prac = e->act.prac;
	k->treat = e->act.treat;
	k->start = e->act.start;
}

/* One round: load, decide, commit.  Returns a job outcome, or -1 to go
 * round again. */
static int
round_once(struct turn *t, char *err, size_t errsz)
{
	struct eng	*e = &t->e;
	int		 rc;

	switch (load(t)) {
	case TURN_LOAD_OK:
		break;
	case TURN_LOAD_SILENT:	/* staff have it: Sophie stays silent */
		return JOB_DONE;
	case TURN_LOAD_GONE:
		snprintf(err, errsz, "message %s not found", e->msg);
		return JOB_GIVEUP;
	default:
		snprintf(err, errsz, "could not load the turn");
		return JOB_RETRY;
	}
	if (decide(t) == -1) {
		snprintf(err, errsz, "could not decide the turn");
		return JOB_RETRY;
	}
	rc = db_tx(e->app->db, commit_tx, t);
	if (rc == 0) {
		log_turn(e);
		if (t->job != NULL)	/* this worker sends the reply next */
			snprintf(t->job->next, sizeof(t->job->next), "%s",
			    t->send);
		return JOB_DONE;
	}
	if (t->job != NULL)
		t->job->finished = 0;
	if (rc == TURN_TAKEN) {
		lost_slot(e);
		return -1;
	}
	if (rc == TURN_CHANGED)
		return -1;
	snprintf(err, errsz, "database error during the turn: %s",
	    db_strerror((enum db_err)rc));
	return JOB_RETRY;
}

enum job_outcome
engine_turn(struct app_ctx *app, struct job *j, const char *id, char *err,
    size_t errsz)
{
	struct turn	*t;
	int		 i, out = -1;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return JOB_RETRY;
	t->e.app = app;
	t->e.now = config_now();
	t->job = j;
	snprintf(t->e.msg, sizeof(t->e.msg), "%s", id);
	buf_init(&t->e.reply, REPLIES_MAX);
	for (i = 0; i < TURN_TRIES && out == -1; i++)
		out = round_once(t, err, errsz);
	if (out == -1) {
		snprintf(err, errsz, "the conversation kept changing");
		out = JOB_RETRY;
	}
	booking_free(t->e.b);
	buf_free(&t->e.reply);
	free(t->e.text);
	free(t);
	return (enum job_outcome)out;
}

/* The message id of a conversation_turn job's payload, or NULL. */
static const char *
batch_message_id(const struct job *j)
{
	json_object	*v;
	const char	*id;

	if (!json_object_object_get_ex(j->payload, "message_id", &v) ||
	    (id = json_object_get_string(v)) == NULL || strlen(id) != 36)
		return NULL;
	return id;
}

/* A new turn for job j of the batch, NULL when out of memory. */
static struct turn *
batch_turn_new(struct app_ctx *app, struct job *j, const char *id)
{
	struct turn	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->e.app = app;
	t->e.now = config_now();
	t->job = j;
	snprintf(t->e.msg, sizeof(t->e.msg), "%s", id);
	buf_init(&t->e.reply, REPLIES_MAX);
	return t;
}

/* Release a turn of the batch (NULL is fine). */
static void
batch_turn_free(struct turn *t)
{
	if (t == NULL)
		return;
	booking_free(t->e.b);
	buf_free(&t->e.reply);
	free(t->e.text);
	free(t);
}

/* The turn's outcome is known: out, and err (errsz bytes) says why. */
static void
batch_over(struct turn *t, struct engine_batch_res *r, enum job_outcome out,
    const char *err)
{
	t->step = TURN_STEP_OVER;
	r->out = out;
	snprintf(r->err, sizeof(r->err), "%s", err);
}

/*
 * Decide one turn of the batch from its loaded row (st_load's result,
 * cleared here; no transaction open): it is then to commit, silent, or
 * over with its outcome in r.
 */
static void
batch_prepare(struct turn *t, struct engine_batch_res *r, PGresult *loaded)
{
	char	 err[128];

	if (t->tries++ == TURN_TRIES) {
		PQclear(loaded);
		batch_over(t, r, JOB_RETRY, "the conversation kept changing");
		return;
	}
	switch (load_take(t, loaded)) {
	case TURN_LOAD_OK:
		break;
	case TURN_LOAD_SILENT:	/* staff have it: Sophie stays silent */
		t->step = TURN_STEP_SILENT;
		return;
	case TURN_LOAD_GONE:
		snprintf(err, sizeof(err), "message %s not found", t->e.msg);
		batch_over(t, r, JOB_GIVEUP, err);
		return;
	default:
		batch_over(t, r, JOB_RETRY, "could not load the turn");
		return;
	}
	if (decide(t) == -1) {
		batch_over(t, r, JOB_RETRY, "could not decide the turn");
		return;
	}
	t->step = TURN_STEP_COMMIT;
}

/* The turns of one batch transaction. */
struct batch {
	struct turn	**t;
	size_t		  n;
};

/*
 * Is an earlier turn of w[0..k-1] one of conversation conv?
 */
static int
plain_seen(struct turn *const *w, size_t k, const char *conv)
{
	size_t	 i;

	for (i = 0; i < k; i++)
		if (strcmp(w[i]->e.conv, conv) == 0)
			return 1;
	return 0;
}

/*
 * The writes of the batch's plain turns in one statement (st_write_many)
 * inside the batch's transaction; the jobs of those written go into
 * done (*nd of them).  A second turn of a conversation already in the
 * statement is left to the next round (TURN_CHANGED: the first one
 * moves the conversation on).  Returns 0, or a db_err when the
 * transaction is lost (every turn with it).
 */
static int
write_plains(struct db *db, struct batch *b, struct job **done, size_t *nd)
{
	struct turn	*w[ENGINE_BATCH_MAX];
	json_object	*a, *o;
	const char	*p[1];
	PGresult	*res = NULL;
	size_t		 i, k = 0;
	int		 rc = 0, rci;

	if ((a = json_object_new_array()) == NULL)
		return DB_ERR_NOMEM;
	for (i = 0; i < b->n && rc == 0; i++) {
		if (b->t[i]->step != TURN_STEP_COMMIT || !plain(b->t[i]))
			continue;
		b->t[i]->batched = 1;
		if (plain_seen(w, k, b->t[i]->e.conv)) {
			b->t[i]->rc = TURN_CHANGED;
			continue;
		}
		w[k] = b->t[i];
		log_set_request(jobs_request(w[k]->job));
		if ((o = plain_row(w[k], (int)k)) == NULL ||
		    json_object_array_add(a, o) != 0) {
			json_object_put(o);
			rc = DB_ERR_NOMEM;
		} else
			k++;
	}
	log_set_request(NULL);
	if (rc == 0 && k > 0) {
		p[0] = json_object_to_json_string_ext(a,
		    JSON_C_TO_STRING_PLAIN);
		res = db_exec(db, &st_write_many, p);
	}
	for (i = 0; i < k; i++) {
		rci = rc != 0 ? rc : plain_take(w[i], res, (int)i);
		if (rc == 0 && rci != 0 && rci != TURN_CHANGED)
			rc = rci;
		if ((w[i]->rc = rci) == 0)
			done[(*nd)++] = w[i]->job;
	}
	PQclear(res);
	json_object_put(a);
	return rc;
}

/*
 * The batch's commit, inside db_tx: each decided turn behind its own
 * savepoint, so that a turn whose check fails (its conversation moved
 * on, its slot was taken, a statement failed) is rolled back alone and
 * its rc says why; the jobs of the others (and of the silent turns)
 * are finished together at the end.  Returns 0, or a db_err when the
 * transaction itself is lost (every turn with it).
 */
static int
batch_tx(struct db *db, void *arg)
{
	struct batch	*b = arg;
	struct turn	*t;
	struct job	*done[ENGINE_BATCH_MAX];
	size_t		 i, n = 0;
	int		 rc;

	for (i = 0; i < b->n; i++)
		b->t[i]->job->finished = 0;
	/* The plain turns first, all or nothing each: no savepoint. */
	if ((rc = write_plains(db, b, done, &n)) != 0)
		return rc;
	for (i = 0; i < b->n; i++) {
		t = b->t[i];
		if (t->step == TURN_STEP_SILENT) {
			t->rc = 0;
			done[n++] = t->job;
		}
		if (t->step != TURN_STEP_COMMIT || plain(t))
			continue;
		t->batched = 1;
		if ((rc = db_command(db, "SAVEPOINT turn")) != DB_OK)
			return rc;
		t->batched = 1;
		log_set_request(jobs_request(t->job));
		rc = commit_tx(db, t);
		if (rc == 0 && (db_conn(db) == NULL ||
		    PQtransactionStatus(db_conn(db)) == PQTRANS_INERROR))
			rc = DB_ERR_QUERY;
		if ((t->rc = rc) == 0) {
			done[n++] = t->job;
			continue;
		}
		if ((rc = db_command(db, "ROLLBACK TO SAVEPOINT turn")) !=
		    DB_OK)
			return rc;
	}
	/* The jobs of the turns committed, in one statement. */
	return jobs_finish_many(db, done, n);
}

/* What the batch's commit (db_tx's result txrc) did for turn t. */
static void
batch_settle(struct turn *t, int txrc, struct engine_batch_res *r)
{
	char	 err[160];
	int	 rc = txrc != 0 ? txrc : t->rc;

	if (t->step != TURN_STEP_COMMIT && t->step != TURN_STEP_SILENT)
		return;
	if (rc == 0) {
		if (t->step == TURN_STEP_COMMIT) {
			log_turn(&t->e);
			snprintf(t->job->next, sizeof(t->job->next), "%s",
			    t->send);
		}
		batch_over(t, r, JOB_DONE, "");
		return;
	}
	t->job->finished = 0;
	if (txrc == 0 && rc == TURN_TAKEN) {
		lost_slot(&t->e);
		t->step = TURN_STEP_AGAIN;
		return;
	}
	if (txrc == 0 && rc == TURN_CHANGED) {
		t->step = TURN_STEP_AGAIN;
		return;
	}
	snprintf(err, sizeof(err), "database error during the turn: %s",
	    db_strerror((enum db_err)rc));
	batch_over(t, r, JOB_RETRY, err);
}

/*
 * Is id a UUID in its text form (36 characters, hex and four dashes)?
 */
static int
batch_uuid(const char *id)
{
	size_t	 i;

	for (i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? id[i] != '-' :
		    strchr("0123456789abcdefABCDEF", id[i]) == NULL ||
		    id[i] == '\0')
			return 0;
	return id[36] == '\0';
}

/*
 * Row i of r (-1: none) as a result of its own, st_load's, that
 * load_take reads.  NULL when out of memory.
 */
static PGresult *
batch_row(const PGresult *r, int i)
{
	PGresult	*one;
	int		 f;

	if ((one = PQcopyResult(r, PG_COPYRES_ATTRS)) == NULL || i < 0)
		return one;
	for (f = 0; f < PQnfields(r); f++)
		if (!PQsetvalue(one, 0, f, PQgetisnull(r, i, f) ? NULL :
		    PQgetvalue(r, i, f), PQgetisnull(r, i, f) ? -1 :
		    PQgetlength(r, i, f))) {
			PQclear(one);
			return NULL;
		}
	return one;
}

/*
 * The loads of the batch's turns still to decide, in one statement
 * (st_load_many): loaded[i] gets turn i's row as st_load's result (no
 * row: its message is gone), NULL for the others (or when the database
 * failed, or its message id is no UUID: st_load would fail on it).
 */
static void
batch_load(struct app_ctx *app, struct turn **t, size_t n,
    PGresult **loaded)
{
	char		 ids[ENGINE_BATCH_MAX * 37 + 3], now[24];
	char		 nows[ENGINE_BATCH_MAX * 24 + 3];
	const char	*p[2];
	PGresult	*res;
	size_t		 i, k = 0, len = 1, nlen = 1, at[ENGINE_BATCH_MAX];
	long		 w;
	int		 row;

	ids[0] = '{';
	nows[0] = '{';
	for (i = 0; i < n; i++) {
		loaded[i] = NULL;
		if (t[i]->step != TURN_STEP_AGAIN ||
		    t[i]->tries >= TURN_TRIES || !batch_uuid(t[i]->e.msg))
			continue;
		load_params(t[i], now, sizeof(now), p);
		len += (size_t)snprintf(ids + len, sizeof(ids) - len, "%s%s",
		    k > 0 ? "," : "", t[i]->e.msg);
		nlen += (size_t)snprintf(nows + nlen, sizeof(nows) - nlen,
		    "%s%s", k > 0 ? "," : "", now);
		at[k++] = i;
	}
	if (k == 0)
		return;
	snprintf(ids + len, sizeof(ids) - len, "}");
	snprintf(nows + nlen, sizeof(nows) - nlen, "}");
	p[0] = ids;
	p[1] = nows;
	res = db_exec(app->db, &st_load_many, p);
	if (res == NULL || !db_ok(res)) {
		PQclear(res);
		return;
	}
	for (i = 0, row = 0; i < k; i++) {
		w = row < PQntuples(res) ? strtol(PQgetvalue(res, row,
		    TURN_COL_AT), NULL, 10) : 0;
		loaded[at[i]] = batch_row(res, w == (long)i + 1 ? row++ : -1);
	}
	PQclear(res);
}

/*
 * The busy time the batch's turns shared in the last round is read
 * again in the next: the round's commit (or another worker's) may have
 * changed it.  Within a round every turn decides from the snapshot of
 * the round's load, before the round's commit, as when each read it.
 */
static void
batch_forget(struct turn **t, size_t n)
{
	size_t	 i;

	if (n == 0 || t[0]->cats == NULL)
		return;
	for (i = 0; i < ENGINE_BATCH_MAX && t[0]->cats[i] != NULL; i++)
		booking_cat_forget(t[0]->cats[i]);
}

/* Rounds of the batch until every turn's outcome is known. */
static void
batch_rounds(struct app_ctx *app, struct turn **t, size_t n,
    struct engine_batch_res *r)
{
	struct batch	 b = { t, n };
	PGresult	*loaded[ENGINE_BATCH_MAX];
	size_t		 i, left;
	int		 txrc;

	for (;;) {
		batch_forget(t, n);
		batch_load(app, t, n, loaded);
		for (i = 0, left = 0; i < n; i++)
			if (t[i]->step == TURN_STEP_AGAIN) {
				log_set_request(jobs_request(t[i]->job));
				batch_prepare(t[i], &r[i], loaded[i]);
				left++;
			}
		for (i = 0; i < n; i++)
			if (t[i]->step == TURN_STEP_SILENT ||
			    t[i]->step == TURN_STEP_COMMIT)
				break;
		if (i == n) {
			log_set_request(NULL);
			if (left == 0)
				return;
			continue;
		}
		txrc = db_tx(app->db, batch_tx, &b);
		for (i = 0; i < n; i++) {
			log_set_request(jobs_request(t[i]->job));
			batch_settle(t[i], txrc, &r[i]);
		}
		log_set_request(NULL);
	}
}

void
engine_turn_batch(struct app_ctx *app, struct job *const *js, size_t n,
    struct engine_batch_res *r)
{
	struct turn		*t[ENGINE_BATCH_MAX];
	struct booking_cat	*cats[ENGINE_BATCH_MAX + 1];
	const char		*id;
	size_t			 i, m = 0;
	int			 j[ENGINE_BATCH_MAX];

	if (n > ENGINE_BATCH_MAX)
		n = ENGINE_BATCH_MAX;
	memset(cats, 0, sizeof(cats));
	for (i = 0; i < n; i++) {
		js[i]->next[0] = '\0';
		js[i]->finished = 0;
		r[i].out = JOB_RETRY;
		r[i].err[0] = '\0';
		if ((id = batch_message_id(js[i])) == NULL) {
			r[i].out = JOB_GIVEUP;
			snprintf(r[i].err, sizeof(r[i].err),
			    "no message_id in the payload");
			continue;
		}
		if ((t[m] = batch_turn_new(app, js[i], id)) == NULL) {
			snprintf(r[i].err, sizeof(r[i].err), "out of memory");
			continue;
		}
		t[m]->cats = cats;
		j[m++] = (int)i;
	}
	if (m > 0) {
		struct engine_batch_res	 rr[ENGINE_BATCH_MAX];

		batch_rounds(app, t, m, rr);
		for (i = 0; i < m; i++)
			r[j[i]] = rr[i];
	}
	for (i = 0; i < m; i++)
		batch_turn_free(t[i]);
	for (i = 0; i < ENGINE_BATCH_MAX && cats[i] != NULL; i++)
		booking_cat_free(cats[i]);
}
