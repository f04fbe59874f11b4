/*
 * admin_appointments — appointments of a clinic: list (keyset, filters),
 * a day or week calendar, and the staff's create / move / cancel /
 * no-show.  When staff create, move or cancel, the patient is told on
 * WhatsApp (a fixed French or English text in the patient's or clinic's
 * language, queued in the outbox in the same transaction).  Two booked
 * appointments of one practitioner cannot overlap: the exclusion
 * constraint answers 409 "slot taken".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "agenda.h"
#include "agenda_int.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "booking.h"
#include "calsync.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "outbox.h"
#include "page.h"

/*
 * The columns of one appointment row as JSON (aliases a, cl, pr, pa, t);
 * "reminder": the delivery status of its latest reminder (sql/019).
 */
#define APPT_JSON \
	"json_build_object('id', a.id, 'startsAt', a.starts_at, 'endsAt', " \
	"a.ends_at, 'startsLocal', to_char(a.starts_at AT TIME ZONE " \
	"cl.timezone, 'YYYY-MM-DD HH24:MI'), 'time', to_char(a.starts_at AT " \
	"TIME ZONE cl.timezone, 'HH24:MI'), 'endsLocal', " \
	"to_char(a.ends_at AT " \
	"TIME ZONE cl.timezone, 'HH24:MI'), 'status', a.status, 'booked', " \
	"a.status = 'booked', 'source', " \
	"a.source, 'treatment', coalesce(a.treatment_name, t.name), " \
	"'practitionerId', a.practitioner_id, 'practitioner', pr.title || " \
	"' ' || pr.first_name || ' ' || pr.last_name, 'patientId', " \
	"a.patient_id, 'patient', pa.first_name || ' ' || pa.last_name, " \
	"'patientPhone', pa.phone, 'calendarFlag', a.calendar_flag, " \
	"'notes', a.notes, 'reminder', (SELECT m.status FROM messages m " \
	"WHERE m.appointment_id = a.id AND m.clinic_id = a.clinic_id AND " \
	"m.template_key = 'reminder' ORDER BY m.created_at DESC LIMIT 1))"
#define APPT_FROM \
	"FROM appointments a JOIN clinics cl ON cl.id = a.clinic_id " \
	"JOIN practitioners pr ON pr.id = a.practitioner_id AND " \
	"pr.clinic_id = a.clinic_id JOIN patients pa ON pa.id = a.patient_id " \
	"AND pa.clinic_id = a.clinic_id LEFT JOIN treatment_types t ON " \
	"t.id = a.treatment_type_id AND t.clinic_id = a.clinic_id "

/*
 * $1 clinic, $2/$3 cursor (starts_at, id) ascending, $4 from and $5 to
 * (local dates, inclusive), $6 status, $7 practitioner.
 */
static const struct db_stmt st_list = { "admin_appointments_list",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(r.j ORDER BY r.s, r.id), '[]') FROM "
	"(SELECT a.starts_at AS s, a.id, " APPT_JSON " AS j " APPT_FROM
	"WHERE a.clinic_id = $1::uuid AND ($2::timestamptz IS NULL OR "
	"(a.starts_at, a.id) > ($2::timestamptz, $3::uuid)) AND ($4::date IS "
	"NULL OR a.starts_at >= $4::date::timestamp AT TIME ZONE cl.timezone) "
	"AND ($5::date IS NULL OR a.starts_at < ($5::date + 1)::timestamp AT "
	"TIME ZONE cl.timezone) AND ($6::text IS NULL OR a.status = $6) AND "
	"($7::uuid IS NULL OR a.practitioner_id = $7::uuid) "
	"ORDER BY a.starts_at, a.id LIMIT 51) r", 7 };

/*
 * Calendar: $1 clinic, $2 date (NULL: today there), $3 'day' or 'week'
 * (weeks from Monday), $4 practitioner, $5 now (UTC seconds).
 */
static const struct db_stmt st_calendar = { "admin_appointments_calendar",
	DB_PLAN_EACH_RUN
	"WITH c0 AS (SELECT id, timezone, coalesce($2::date, "
	"(to_timestamp($5::float8) AT TIME ZONE timezone)::date) AS d FROM "
	"clinics WHERE id = $1::uuid), rng AS (SELECT c0.*, CASE WHEN $3 = "
	"'week' THEN d - (extract(isodow FROM d)::int - 1) ELSE d END AS d0, "
	"CASE WHEN $3 = 'week' THEN 7 ELSE 1 END AS n FROM c0) "
	"SELECT json_build_object('view', $3, 'date', rng.d, 'from', rng.d0, "
	"'prev', rng.d0 - rng.n, 'next', rng.d0 + rng.n, 'days', (SELECT "
	"json_agg(json_build_object('day', dd::date, 'name', (ARRAY['lundi', "
	"'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'])"
	"[extract(isodow FROM dd)::int], 'items', (SELECT "
	"coalesce(json_agg(" APPT_JSON " ORDER BY a.starts_at), '[]') "
	APPT_FROM "WHERE a.clinic_id = rng.id AND a.status <> 'cancelled' "
	"AND a.starts_at >= dd AT TIME ZONE rng.timezone AND a.starts_at < "
	"(dd + interval '1 day') AT TIME ZONE rng.timezone AND ($4::uuid IS "
	"NULL OR a.practitioner_id = $4::uuid))) ORDER BY dd) FROM "
	"generate_series(rng.d0::timestamp, (rng.d0 + rng.n - 1)::timestamp, "
	"interval '1 day') dd)) FROM rng", 5 };

/* What the forms offer: active practitioners and treatments. */
static const struct db_stmt st_choices = { "admin_appointments_choices",
	"SELECT json_build_object('practitioners', (SELECT coalesce(json_agg("
	"json_build_object('id', id, 'name', title || ' ' || first_name || "
	"' ' || last_name) ORDER BY display_order, last_name), '[]') FROM "
	"practitioners WHERE clinic_id = $1::uuid AND is_active), "
	"'treatments', (SELECT coalesce(json_agg(json_build_object('id', id, "
	"'name', name, 'durationMinutes', duration_minutes) ORDER BY name), "
	"'[]') FROM treatment_types WHERE clinic_id = $1::uuid AND "
	"is_active))", 1 };

static const struct db_stmt st_patient_exists = {
	"admin_appointment_patient_exists",
	"SELECT id FROM patients WHERE clinic_id = $1::uuid AND id = $2::uuid",
	2 };

/* Find or add the patient by phone and name. */
static const struct db_stmt st_patient_upsert = {
	"admin_appointment_patient_upsert",
	"INSERT INTO patients (clinic_id, phone, first_name, last_name) "
	"VALUES ($1::uuid, $2, $3, $4) ON CONFLICT (clinic_id, phone, "
	"lower(first_name), lower(last_name), birth_date) DO UPDATE SET "
	"updated_at = now() RETURNING id", 4 };

/*
 * $1 clinic, $2 practitioner, $3 patient, $4 treatment (may be NULL),
 * $5 local start, $6 minutes when no treatment, $7 notes.
 */
static const struct db_stmt st_create = { "admin_appointment_create",
	"INSERT INTO appointments (clinic_id, practitioner_id, patient_id, "
	"treatment_type_id, treatment_name, starts_at, ends_at, "
	"buffer_minutes, source, notes) SELECT cl.id, pr.id, $3::uuid, t.id, "
	"t.name, $5::timestamp AT TIME ZONE cl.timezone, ($5::timestamp AT "
	"TIME ZONE cl.timezone) + make_interval(mins => coalesce("
	"t.duration_minutes, $6::int)), coalesce(t.buffer_minutes, 0), "
	"'admin', nullif($7, '') FROM clinics cl JOIN practitioners pr ON "
	"pr.clinic_id = cl.id AND pr.id = $2::uuid LEFT JOIN treatment_types "
	"t ON t.clinic_id = cl.id AND t.id = $4::uuid WHERE cl.id = $1::uuid "
	"AND ($4::uuid IS NULL OR t.id IS NOT NULL) "
	"RETURNING id, patient_id", 7 };

/* $3 local start, $4 practitioner (NULL: the same). Duration kept. */
static const struct db_stmt st_move = { "admin_appointment_move",
	"UPDATE appointments a SET starts_at = $3::timestamp AT TIME ZONE "
	"cl.timezone, ends_at = ($3::timestamp AT TIME ZONE cl.timezone) + "
	"(a.ends_at - a.starts_at), practitioner_id = coalesce($4::uuid, "
	"a.practitioner_id), reminder_sent_at = NULL, reminder_status = NULL, "
	"patient_response = NULL, patient_response_at = NULL FROM clinics cl "
	"WHERE cl.id = a.clinic_id AND a.clinic_id = $1::uuid AND "
	"a.id = $2::uuid AND a.status = 'booked' "
	"RETURNING a.id, a.patient_id", 4 };

static const struct db_stmt st_cancel = { "admin_appointment_cancel",
	"UPDATE appointments SET status = 'cancelled' WHERE clinic_id = "
	"$1::uuid AND id = $2::uuid AND status = 'booked' "
	"RETURNING id, patient_id", 2 };

/* No-show: only once the appointment has started ($3 now, UTC s). */
static const struct db_stmt st_noshow = { "admin_appointment_noshow",
	"UPDATE appointments SET status = 'no_show' WHERE clinic_id = "
	"$1::uuid AND id = $2::uuid AND status IN ('booked', 'completed') "
	"AND starts_at <= to_timestamp($3::float8) "
	"RETURNING id, patient_id", 3 };

/*
 * What the rules need of appointment $2 to move: its practitioner,
 * length and buffer in minutes, whether it is booked.
 */
static const struct db_stmt st_moving = { "admin_appointment_moving",
	"SELECT practitioner_id, (extract(epoch FROM ends_at - starts_at) "
	"/ 60)::int, buffer_minutes, status = 'booked' FROM appointments "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid", 2 };

/* Status of an appointment and whether it has started ($3 now). */
static const struct db_stmt st_state = { "admin_appointment_state",
	"SELECT status, starts_at <= to_timestamp($3::float8) FROM "
	"appointments WHERE clinic_id = $1::uuid AND id = $2::uuid", 3 };

/* Who makes this transaction's status changes (sql/019's history). */
static const struct db_stmt st_actor = { "admin_appointment_actor",
	"SELECT set_config('sophie.actor', $1, true)", 1 };

/* The notice queued is about this appointment (sql/019). */
static const struct db_stmt st_link = { "admin_appointment_link",
	"UPDATE messages SET appointment_id = $3::uuid WHERE clinic_id = "
	"$1::uuid AND id = $2::uuid", 3 };

/* The patient's open conversation, opened when there is none. */
static const struct db_stmt st_conversation = {
	"admin_appointment_conversation",
	"WITH ins AS (INSERT INTO conversations (clinic_id, phone, patient_id, "
	"language) SELECT p.clinic_id, p.phone, p.id, p.language FROM "
	"patients p WHERE p.clinic_id = $1::uuid AND p.id = $2::uuid ON "
	"CONFLICT (clinic_id, phone) WHERE status <> 'closed' DO NOTHING "
	"RETURNING id) SELECT id, false FROM ins UNION ALL SELECT c.id, "
	"coalesce(c.last_inbound_at > now() - interval '24 hours', false) FROM "
	"conversations c JOIN patients p ON p.phone = c.phone AND "
	"p.clinic_id = c.clinic_id WHERE c.clinic_id = $1::uuid AND "
	"p.id = $2::uuid AND c.status <> 'closed' LIMIT 1", 2 };

/*
 * The appointment whose patient could not be told (the list's notice):
 * who, their phone, when, in the clinic's time.
 */
static const struct db_stmt st_unreached = { "admin_appointment_unreached",
	"SELECT json_build_object('appointmentId', a.id, 'patient', "
	"btrim(pa.first_name || ' ' || pa.last_name), 'phone', pa.phone, "
	"'status', a.status, 'startsLocal', to_char(a.starts_at AT TIME ZONE "
	"cl.timezone, 'DD/MM/YYYY \"à\" HH24:MI')) FROM appointments a JOIN "
	"clinics cl ON cl.id = a.clinic_id JOIN patients pa ON pa.id = "
	"a.patient_id AND pa.clinic_id = a.clinic_id WHERE a.clinic_id = "
	"$1::uuid AND a.id = $2::uuid", 2 };

/*
 * The text the patient reads, in their language (else the
 * conversation's, else the clinic's): $3 'created', 'moved' or
 * 'cancelled'.
 */
static const struct db_stmt st_text = { "admin_appointment_text",
	"SELECT CASE WHEN coalesce(pa.language, c.language, cl.language) = "
	"'en' THEN CASE $3 WHEN 'cancelled' THEN 'Your appointment with ' || "
	"pr.title || ' ' || pr.last_name || ' on ' || to_char(a.starts_at AT "
	"TIME ZONE cl.timezone, 'YYYY-MM-DD') || ' at ' || to_char(a.starts_at "
	"AT TIME ZONE cl.timezone, 'HH24:MI') || ' has been cancelled. '"
	" WHEN 'moved' THEN 'Your appointment has been moved to ' || "
	"to_char(a.starts_at AT TIME ZONE cl.timezone, 'YYYY-MM-DD') || ' at ' "
	"|| to_char(a.starts_at AT TIME ZONE cl.timezone, 'HH24:MI') || ' with "
	"' || pr.title || ' ' || pr.last_name || '. ' ELSE 'Your appointment "
	"with ' || pr.title || ' ' || pr.last_name || ' is booked for ' || "
	"to_char(a.starts_at AT TIME ZONE cl.timezone, 'YYYY-MM-DD') || ' at ' "
	"|| to_char(a.starts_at AT TIME ZONE cl.timezone, 'HH24:MI') || "
	"coalesce(' (' || coalesce(a.treatment_name, t.name) || ')', '') || "
	"'. ' END || '— ' || cl.name ELSE CASE $3 WHEN 'cancelled' THEN "
	"'Votre rendez-vous avec ' || pr.title || ' ' || pr.last_name || "
	"' du ' || to_char(a.starts_at AT TIME ZONE cl.timezone, 'DD/MM/YYYY') "
	"|| ' à ' || to_char(a.starts_at AT TIME ZONE cl.timezone, 'HH24:MI') "
	"|| ' a été annulé. ' WHEN 'moved' THEN 'Votre rendez-vous a été "
	"déplacé au ' || to_char(a.starts_at AT TIME ZONE cl.timezone, "
	"'DD/MM/YYYY') || ' à ' || to_char(a.starts_at AT TIME ZONE "
	"cl.timezone, 'HH24:MI') || ' avec ' || pr.title || ' ' || "
	"pr.last_name || '. ' ELSE 'Votre rendez-vous avec ' || pr.title || "
	"' ' || pr.last_name || ' est réservé le ' || to_char(a.starts_at AT "
	"TIME ZONE cl.timezone, 'DD/MM/YYYY') || ' à ' || to_char(a.starts_at "
	"AT TIME ZONE cl.timezone, 'HH24:MI') || coalesce(' (' || "
	"coalesce(a.treatment_name, t.name) || ')', '') || '. ' END || '— ' "
	"|| cl.name END FROM appointments a JOIN clinics cl ON cl.id = "
	"a.clinic_id JOIN practitioners pr ON pr.id = a.practitioner_id AND "
	"pr.clinic_id = a.clinic_id JOIN patients pa ON pa.id = a.patient_id "
	"AND pa.clinic_id = a.clinic_id LEFT JOIN treatment_types t ON t.id = "
	"a.treatment_type_id AND t.clinic_id = a.clinic_id LEFT JOIN "
	"conversations c ON c.clinic_id = a.clinic_id AND c.id = $4::uuid "
	"WHERE a.clinic_id = $1::uuid AND a.id = $2::uuid", 4 };

/* One staff change, run in a transaction. */
struct appt_change {
	struct req		*r;
	const struct db_stmt	*st;
	const char		*p[7];	/* st's parameters ($1 clinic) */
	const char		*kind;	/* message kind, NULL: no message */
	const char		*action;	/* audit action */
	char			 id[37];	/* the appointment */
	char			 patient[37];
	char			 message[37];	/* the queued message, or "" */
	char			 now[24];	/* config_now(), for rules */
	int			 unreached;	/* the patient could not be told */
	int			 to_detail;	/* browsers back to its page */
	int			 http;		/* status when failed */
	/* A new patient, added in the transaction (phone NULL: none). */
	const char		*np[3];		/* phone, first, last name */
	char			 npid[37];
	const char		*at;		/* asked, for the journal */
	struct agenda_verdict	 v;		/* the rules' verdict */
};

/*
 * Tell the patient (conversation, text, outbox).  WhatsApp takes a
 * free-form message only within 24 hours of the patient's last one
 * (Twilio error 63016 otherwise): outside that window nothing is queued
 * and c->unreached tells the staff to call.  Returns 0 or -1.
 */
static int
appt_notify(struct db *db, struct appt_change *c)
{
	const char	*p[4];
	char		 conv[37], key[48];
	PGresult	*res;
	int		 rc, open;

	p[0] = c->p[0];
	p[1] = c->patient;
	res = db_exec(db, &st_conversation, p);
	if (db_ok(res) && PQntuples(res) == 0) {
		/* Another change for this patient opened the conversation
		 * while this statement waited on it: the row is not in this
		 * statement's snapshot, but it is in the next one's. */
		PQclear(res);
		res = db_exec(db, &st_conversation, p);
	}
	if (!db_ok(res) || PQntuples(res) != 1) {
		c->http = page_db_status(res);
		PQclear(res);
		return -1;
	}
	snprintf(conv, sizeof(conv), "%s", PQgetvalue(res, 0, 0));
	open = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	PQclear(res);
	if (!open) {
		c->unreached = 1;
		log_info("admin", "PATIENT_NOT_TOLD", c->p[0], "appointment %s "
		    "%s: the patient has not written for 24 hours; no WhatsApp "
		    "message", c->id, c->kind);
		return 0;
	}
	p[1] = c->id;
	p[2] = c->kind;
	p[3] = conv;
	res = db_exec(db, &st_text, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		c->http = page_db_status(res);
		PQclear(res);
		return -1;
	}
	snprintf(key, sizeof(key), "admin_appointment_%s", c->kind);
	rc = outbox_add(db, c->p[0], conv, PQgetvalue(res, 0, 0), key,
	    c->message);
	PQclear(res);
	if (rc == DB_OK) {
		p[1] = c->message;
		p[2] = c->id;
		rc = db_do(db, &st_link, p);
	}
	if (rc != DB_OK) {
		c->http = rc == DB_ERR_DOWN ? 503 : 500;
		return -1;
	}
	return 0;
}

/*
 * Find or add the new patient c->np in the transaction: c->p[2] is then
 * their id.  Returns 0 or -1 (c->http set).
 */
static int
appt_new_patient(struct db *db, struct appt_change *c)
{
	const char	*p[4] = { c->p[0], c->np[0], c->np[1], c->np[2] };
	PGresult	*res;

	res = db_exec(db, &st_patient_upsert, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		c->http = page_db_status(res);
		PQclear(res);
		return -1;
	}
	snprintf(c->npid, sizeof(c->npid), "%s", PQgetvalue(res, 0, 0));
	c->p[2] = c->npid;
	PQclear(res);
	return 0;
}

/* The change, its message and its audit row, all or nothing. */
static int
appt_change_tx(struct db *db, void *arg)
{
	struct appt_change	*c = arg;
	struct app_ctx		*ctx = req_ctx(c->r);
	const struct auth_user	*u = auth_current(c->r);
	const char		*who[1] = { u != NULL ? u->user_id : "" };
	PGresult		*res;

	if (db_do(db, &st_actor, who) != DB_OK) {
		c->http = 503;
		return -1;
	}
	/* Bookings and moves of one practitioner queue up (booking.h). */
	if ((c->st == &st_create && booking_lock(db, c->p[0], c->p[1],
	    NULL) != BOOKING_OK) || (c->st == &st_move && booking_lock(db,
	    c->p[0], c->p[3], c->p[1]) != BOOKING_OK)) {
		c->http = 503;
		return -1;
	}
	/* A new patient exists only with their appointment. */
	if (c->np[0] != NULL && appt_new_patient(db, c) != 0)
		return -1;
	res = db_exec(db, c->st, c->p);
	if (!db_ok(res)) {
		c->http = page_db_status(res);
		PQclear(res);
		return -1;
	}
	if (PQntuples(res) != 1) {
		c->http = 404;
		PQclear(res);
		return -1;
	}
	snprintf(c->id, sizeof(c->id), "%s", PQgetvalue(res, 0, 0));
	snprintf(c->patient, sizeof(c->patient), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (c->kind != NULL && appt_notify(db, c) != 0)
		return -1;
	/* The practitioner's Google Calendar follows, by a job. */
	if (calsync_enqueue_event(db, c->p[0], c->id) != DB_OK) {
		c->http = 503;
		return -1;
	}
	if (auth_audit(ctx, c->r, auth_current(c->r), c->p[0], c->action,
	    "appointment", c->id, c->patient) != 0) {
		c->http = 503;
		return -1;
	}
	return 0;
}

/* Run the change and answer. */
static void
appt_run(struct appt_change *c, int okstatus)
{
	struct app_ctx	*ctx = req_ctx(c->r);
	json_object	*o;
	struct buf	 loc;
	int		 rc;

	c->id[0] = c->patient[0] = c->message[0] = '\0';
	c->unreached = 0;
	c->http = 500;
	rc = db_tx(ctx->db, appt_change_tx, c);
	if (rc != 0) {
		page_fail(c->r, page_tx_status(rc, c->http));
		return;
	}
	if (c->at != NULL)
		agenda_staff_journal(c->r, c->id, c->at, &c->v);
	admin_dashboard_forget(c->p[0]);
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(c->id));
	if (c->v.why != AGENDA_OK)
		json_object_object_add(o, "overridden",
		    json_object_new_string(c->v.reason));
	json_object_object_add(o, "patientId",
	    json_object_new_string(c->patient));
	if (c->message[0] != '\0')
		json_object_object_add(o, "messageId",
		    json_object_new_string(c->message));
	if (c->kind != NULL)
		json_object_object_add(o, "patientNotified",
		    json_object_new_boolean(!c->unreached));
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/appointments", c->p[0]);
	/* A status change: its page, where it can be undone. */
	if (c->to_detail && !c->unreached)
		buf_printf(&loc, "/%s", c->id);
	/* The list then says whom to call. */
	if (c->unreached)
		buf_printf(&loc, "?unreached=%s", c->id);
	page_done(c->r, okstatus, buf_str(&loc), o);
	buf_free(&loc);
	json_object_put(o);
}

/* A query argument, NULL when absent or empty. */
static const char *
appt_q(struct req *r, const char *name)
{
	const char	*v = req_query(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* Add the form choices for browsers. */
static void
appt_choices(struct req *r, json_object *o)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	json_object	*c;
	int		 code;

	if (req_wants_json(r))
		return;
	if ((c = page_query(ctx, &st_choices, p, &code)) != NULL)
		json_object_object_add(o, "choices", c);
}

/*
 * After a change the patient could not be told of (?unreached=id): who to
 * call, as the list's notice.  An unknown or foreign id shows nothing.
 */
static void
appt_unreached(struct req *r, json_object *o)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*n;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = appt_q(r, "unreached");
	if (p[1] == NULL || !page_is_uuid(p[1]))
		return;
	if ((n = page_query(ctx, &st_unreached, p, &code)) != NULL)
		json_object_object_add(o, "notice", n);
}

/* The day or week view. */
static void
appt_calendar(struct req *r, const char *view)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[5];
	char		 now[24];
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = appt_q(r, "date");
	p[2] = view;
	p[3] = appt_q(r, "practitioner_id");
	snprintf(now, sizeof(now), "%lld", (long long)config_now());
	p[4] = now;
	if ((p[1] != NULL && !page_is_date(p[1])) ||
	    (p[3] != NULL && !page_is_uuid(p[3]))) {
		page_invalid(r, 400, "date: YYYY-MM-DD; practitioner_id: id",
		    "field.date.practitioner");
		return;
	}
	if ((o = page_query(ctx, &st_calendar, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	json_object_object_add(o, "practitionerId",
	    json_object_new_string(p[3] != NULL ? p[3] : ""));
	appt_choices(r, o);
	page_send(r, 200, "admin/calendar", view[0] == 'w' ? "title.week" :
	    "title.day", o, 1);
	json_object_put(o);
}

void
admin_appointments(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[7], *view = appt_q(r, "view");
	json_object	*o, *f;
	int		 code;

	if (view != NULL && (strcmp(view, "day") == 0 ||
	    strcmp(view, "week") == 0)) {
		appt_calendar(r, view);
		return;
	}
	p[0] = req_param(r, "clinicId");
	if (page_cursor(r, &p[1], &p[2]) != 0) {
		page_error(r, 400, "bad cursor",
		    "error.cursor");
		return;
	}
	p[3] = appt_q(r, "from");
	p[4] = appt_q(r, "to");
	p[5] = appt_q(r, "status");
	p[6] = appt_q(r, "practitioner_id");
	if ((p[3] != NULL && !page_is_date(p[3])) ||
	    (p[4] != NULL && !page_is_date(p[4])) ||
	    (p[6] != NULL && !page_is_uuid(p[6])) ||
	    (p[5] != NULL && strcmp(p[5], "booked") != 0 &&
	    strcmp(p[5], "cancelled") != 0 && strcmp(p[5], "completed") != 0 &&
	    strcmp(p[5], "no_show") != 0)) {
		page_invalid(r, 400, "from/to: YYYY-MM-DD; status: booked, "
		    "cancelled, completed or no_show; practitioner_id: id",
		    "field.appts.filter2");
		return;
	}
	if ((o = page_list(ctx, &st_list, p, "startsAt", &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	f = json_object_new_object();
	json_object_object_add(f, "from", json_object_new_string(p[3] ? p[3] :
	    ""));
	json_object_object_add(f, "to", json_object_new_string(p[4] ? p[4] :
	    ""));
	json_object_object_add(f, "status", json_object_new_string(p[5] ?
	    p[5] : ""));
	json_object_object_add(f, "practitioner_id",
	    json_object_new_string(p[6] ? p[6] : ""));
	json_object_object_add(o, "filters", f);
	appt_unreached(r, o);
	appt_choices(r, o);
	page_send(r, 200, "admin/appointments", "title.appointments", o, 1);
	json_object_put(o);
}

/* Input by snake_case name or camelCase twin; "" is absent. */
static const char *
appt_in(struct req *r, const char *snake, const char *camel)
{
	const char	*v = page_in(r, snake);

	if (v == NULL)
		v = page_in(r, camel);
	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * The patient of a new appointment: patient_id of this clinic (its id
 * into out), or a phone, first_name and last_name (into c->np: the
 * transaction finds or adds that patient, so that a refused booking
 * leaves no new patient behind).  Returns 0, or the HTTP status to
 * answer.
 */
static int
appt_patient(struct req *r, struct appt_change *c, char out[37])
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[4];
	PGresult	*res;
	int		 rc = 0;

	p[0] = req_param(r, "clinicId");
	if ((p[1] = appt_in(r, "patient_id", "patientId")) != NULL) {
		if (!page_is_uuid(p[1]))
			return 404;
		res = db_exec(ctx->db, &st_patient_exists, p);
	} else {
		c->np[0] = appt_in(r, "phone", "phone");
		c->np[1] = appt_in(r, "first_name", "firstName");
		c->np[2] = appt_in(r, "last_name", "lastName");
		if (c->np[0] == NULL || c->np[1] == NULL || c->np[2] == NULL ||
		    !page_is_text(c->np[0], 16) ||
		    !page_is_text(c->np[1], 100) ||
		    !page_is_text(c->np[2], 100))
			return 422;
		return 0;
	}
	if (!db_ok(res))
		rc = page_db_status(res);
	else if (PQntuples(res) != 1)
		rc = 404;
	else
		snprintf(out, 37, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/*
 * The catalogue key of the first refused field of a new appointment (c->p
 * as admin_appointment_create reads it), for the error page.
 */
static const char *
appt_bad_field(const struct appt_change *c)
{
	long	 n;

	if (!page_is_uuid(c->p[1]))
		return "field.practitioner";
	if (c->p[3] != NULL && !page_is_uuid(c->p[3]))
		return "field.treatment";
	if (!page_is_timestamp(c->p[4]))
		return "field.starts.at";
	if (c->p[5] != NULL && page_int(c->p[5], 5, 720, &n) != 0)
		return "field.treat.duration";
	if (c->p[3] == NULL && c->p[5] == NULL)
		return "field.treatment.or.duration";
	return "field.notes";
}

/* 1 when the request asks to "book anyway" (override=1/true/on). */
static int
appt_override(struct req *r)
{
	const char	*o = page_in(r, "override");

	return o != NULL && (strcmp(o, "1") == 0 || strcmp(o, "true") == 0 ||
	    strcmp(o, "on") == 0);
}

/*
 * Judge the change by the agenda's rules (agenda_staff_judge): 0 when
 * it may go on (c->v, c->at set for the journal), else -1 after
 * answering with the reason in words.
 */
static int
appt_rules(struct appt_change *c, const struct agenda_staff *s)
{
	int	 code;

	if ((code = agenda_staff_judge(c->r, s, &c->v)) == 0) {
		c->at = s->at;
		return 0;
	}
	/* An overlap answers as the exclusion constraint always did. */
	if (code == 409)
		page_error(c->r, 409, "slot taken", "error.slot.taken");
	else if (code == 404)
		page_fail(c->r, code);
	else if (code == 422)
		page_error(c->r, code, c->v.reason, c->v.reason);
	else
		page_fail(c->r, code);
	return -1;
}

void
admin_appointment_create(struct req *r)
{
	struct appt_change	 c;
	struct agenda_staff	 s;
	char			 patient[37];
	long			 n = 0;
	int			 rc;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	c.r = r;
	c.st = &st_create;
	c.kind = "created";
	c.action = "appointment.create";
	c.p[0] = req_param(r, "clinicId");
	c.p[1] = appt_in(r, "practitioner_id", "practitionerId");
	c.p[3] = appt_in(r, "treatment_id", "treatmentId");
	c.p[4] = appt_in(r, "starts_at", "startsAt");
	c.p[5] = appt_in(r, "duration_minutes", "durationMinutes");
	c.p[6] = appt_in(r, "notes", "notes");
	if (!page_is_uuid(c.p[1]) || (c.p[3] != NULL &&
	    !page_is_uuid(c.p[3])) || !page_is_timestamp(c.p[4]) ||
	    (c.p[5] != NULL && page_int(c.p[5], 5, 720, &n) != 0) ||
	    (c.p[3] == NULL && c.p[5] == NULL) ||
	    (c.p[6] != NULL && !page_is_text(c.p[6], 2000))) {
		page_invalid(r, 422, "practitioner_id, starts_at "
		    "(YYYY-MM-DDTHH:MM, clinic time), treatment_id or "
		    "duration_minutes, and patient_id or phone + names",
		    appt_bad_field(&c));
		return;
	}
	if ((rc = appt_patient(r, &c, patient)) != 0) {
		if (rc == 422)
			page_invalid(r, 422, "invalid value",
			    "field.patient.new");
		else if (rc == 404)
			page_error(r, 404, "not found",
			    "error.patient.missing");
		else
			page_fail(r, rc);
		return;
	}
	c.p[2] = c.np[0] == NULL ? patient : NULL;
	s.pid = c.p[1];
	s.at = c.p[4];
	s.tid = c.p[3];
	s.minutes = c.p[5] != NULL ? (int)n : 0;
	s.override = appt_override(r);
	if (appt_rules(&c, &s) != 0)
		return;
	if (c.v.why != AGENDA_OK)
		c.action = "appointment.create_anyway";
	appt_run(&c, 201);
}

/* {clinicId} and {appointmentId} into c; -1 after answering 404. */
static int
appt_ids(struct req *r, struct appt_change *c)
{
	memset(c, 0, sizeof(*c));
	c->r = r;
	c->p[0] = req_param(r, "clinicId");
	c->p[1] = req_param(r, "appointmentId");
	if (!page_is_uuid(c->p[1])) {
		page_error(r, 404, "not found", NULL);
		return -1;
	}
	return 0;
}

/*
 * The rules for moving c (c->p as admin_appointment_move reads it): the
 * appointment's practitioner (or the new one), length and buffer, the
 * appointment itself left out of the busy time.  0, or -1 after
 * answering.
 */
static int
appt_move_rules(struct appt_change *c)
{
	struct app_ctx		*ctx = req_ctx(c->r);
	struct agenda_staff	 s;
	char			 prac[37];
	PGresult		*res;
	long			 mins, buf;
	int			 ok;

	res = db_exec(ctx->db, &st_moving, c->p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		page_fail(c->r, db_ok(res) ? 404 : page_db_status(res));
		PQclear(res);
		return -1;
	}
	snprintf(prac, sizeof(prac), "%s", PQgetvalue(res, 0, 0));
	ok = page_int(PQgetvalue(res, 0, 1), 1, 1440, &mins) == 0 &&
	    page_int(PQgetvalue(res, 0, 2), 0, 1440, &buf) == 0 &&
	    strcmp(PQgetvalue(res, 0, 3), "t") == 0;
	PQclear(res);
	if (!ok) {		/* not booked: nothing to move */
		page_error(c->r, 404, "not found", NULL);
		return -1;
	}
	memset(&s, 0, sizeof(s));
	s.pid = c->p[3] != NULL ? c->p[3] : prac;
	s.at = c->p[2];
	s.minutes = (int)mins;
	s.buffer = (int)buf;
	s.except = c->p[1];
	s.override = appt_override(c->r);
	return appt_rules(c, &s);
}

void
admin_appointment_move(struct req *r)
{
	struct appt_change	 c;

	if (appt_ids(r, &c) != 0)
		return;
	c.st = &st_move;
	c.kind = "moved";
	c.action = "appointment.move";
	c.p[2] = appt_in(r, "starts_at", "startsAt");
	c.p[3] = appt_in(r, "practitioner_id", "practitionerId");
	if (!page_is_timestamp(c.p[2]) || (c.p[3] != NULL &&
	    !page_is_uuid(c.p[3]))) {
		page_invalid(r, 422,
		    "starts_at: YYYY-MM-DDTHH:MM (clinic time)",
		    page_is_timestamp(c.p[2]) ? "field.practitioner" :
		    "field.starts.at");
		return;
	}
	if (appt_move_rules(&c) != 0)
		return;
	appt_run(&c, 200);
}

/*
 * Read the appointment's status and whether it has started into st
 * (16 bytes) and *started.  Returns 0, or -1 after answering (404 for
 * none, the database's failure).
 */
static int
appt_state(struct appt_change *c, char st[16], int *started)
{
	struct app_ctx	*ctx = req_ctx(c->r);
	const char	*p[3] = { c->p[0], c->p[1], c->now };
	PGresult	*res;
	int		 code;

	snprintf(c->now, sizeof(c->now), "%lld", (long long)config_now());
	res = db_exec(ctx->db, &st_state, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		code = db_ok(res) ? 404 : page_db_status(res);
		PQclear(res);
		page_fail(c->r, code);
		return -1;
	}
	snprintf(st, 16, "%s", PQgetvalue(res, 0, 0));
	*started = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	PQclear(res);
	return 0;
}

/*
 * Whether to tell the patient of a cancellation: "notify" (1/true/on or
 * 0/false/off) when given; a confirmed form without it means no; an API
 * call without it keeps the old behaviour (tell).
 */
static int
appt_wants_notice(struct req *r)
{
	const char	*n = page_in(r, "notify");

	if (n == NULL)
		return page_in(r, "confirm") == NULL;
	return strcmp(n, "1") == 0 || strcmp(n, "true") == 0 ||
	    strcmp(n, "on") == 0;
}

/*
 * Cancel.  A browser must come through the confirmation page (GET
 * .../confirm-cancel, which posts confirm=1): a bare form post is sent
 * there.  The patient is told only when asked (appt_wants_notice).
 */
void
admin_appointment_cancel(struct req *r)
{
	struct appt_change	 c;
	struct buf		 loc;
	char			 st[16];
	int			 started;

	if (appt_ids(r, &c) != 0 || appt_state(&c, st, &started) != 0)
		return;
	if (!req_wants_json(r) && page_in(r, "confirm") == NULL &&
	    strcmp(st, "booked") == 0) {
		buf_init(&loc, 200);
		buf_printf(&loc, "/clinic/%s/admin/appointments/%s/"
		    "confirm-cancel", c.p[0], c.p[1]);
		page_redirect(r, buf_str(&loc));
		buf_free(&loc);
		return;
	}
	c.st = &st_cancel;
	c.kind = appt_wants_notice(r) ? "cancelled" : NULL;
	c.to_detail = 1;
	c.action = "appointment.cancel";
	appt_run(&c, 200);
}

/* No-show: refused, with the reason, before the start time. */
void
admin_appointment_noshow(struct req *r)
{
	struct appt_change	 c;
	char			 st[16];
	int			 started;

	if (appt_ids(r, &c) != 0 || appt_state(&c, st, &started) != 0)
		return;
	if (!started) {
		page_error(r, 409, "not started yet: no-show only after the "
		    "start time", "error.noshow.early");
		return;
	}
	c.st = &st_noshow;
	c.p[2] = c.now;
	c.kind = NULL;
	c.to_detail = 1;
	c.action = "appointment.no_show";
	appt_run(&c, 200);
}
