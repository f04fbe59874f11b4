/*
 * desk_appt — one appointment at the reception desk: its page (the
 * messages about it and their delivery state, its status history, what
 * can be done), the free slots to move it to on a chosen date (the
 * engine's own slot search), the cancellation's confirmation page, the
 * undo of the last status change (the clinic's same day), and the
 * new-appointment form with a patient preselected.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "agenda_int.h"
#include "app.h"
#include "auth.h"
#include "booking.h"
#include "buf.h"
#include "calsync.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "tz.h"

/* A message's kind from the template that wrote it. */
#define DESK_MSG_KIND \
	"CASE m.template_key WHEN 'reminder' THEN 'reminder' WHEN " \
	"'admin_appointment_moved' THEN 'move' WHEN " \
	"'admin_appointment_cancelled' THEN 'cancellation' WHEN 'noshow' " \
	"THEN 'noshow' ELSE 'confirmation' END"
/*
 * What staff read of it: queued (in our outbox or Twilio's queue), sent,
 * delivered, read, failed, or answered (a reminder the patient answered,
 * or after which the patient wrote).
 */
#define DESK_MSG_STATE \
	"CASE WHEN m.template_key = 'reminder' AND (a.patient_response IS " \
	"NOT NULL OR EXISTS (SELECT 1 FROM messages i WHERE " \
	"i.conversation_id = m.conversation_id AND i.direction = 'inbound' " \
	"AND i.created_at > m.created_at)) THEN 'answered' WHEN m.status IN " \
	"('pending', 'accepted', 'queued', 'sending', 'scheduled') THEN " \
	"'queued' WHEN m.status IN ('failed', 'undelivered', 'not_sent', " \
	"'canceled') THEN 'failed' ELSE m.status END"

/*
 * One appointment: $1 clinic, $2 appointment, $3 now (UTC s), $4 the
 * date slots are looked for (NULL: the appointment's, or today when it
 * is past).  Its messages are those linked to it (sql/019) and the
 * engine's confirmation, written in the booking's own transaction.
 * "undo" is the last status change when it can still be undone: not an
 * undo itself, not undone, made on the clinic's today, and the status
 * still the one it set.
 */
static const struct db_stmt st_detail = { "desk_appointment",
	"SELECT json_build_object('id', a.id, 'status', a.status, 'booked', "
	"a.status = 'booked', 'started', a.starts_at <= "
	"to_timestamp($3::float8), 'startsLocal', to_char(a.starts_at AT "
	"TIME ZONE cl.timezone, 'YYYY-MM-DD HH24:MI'), 'dateFr', "
	"to_char(a.starts_at AT TIME ZONE cl.timezone, 'DD/MM/YYYY'), "
	"'time', to_char(a.starts_at AT TIME ZONE cl.timezone, 'HH24:MI'), "
	"'endsLocal', to_char(a.ends_at AT TIME ZONE cl.timezone, "
	"'HH24:MI'), 'timezone', cl.timezone, 'source', a.source, "
	"'treatment', coalesce(a.treatment_name, t.name), 'treatmentId', "
	"a.treatment_type_id, 'practitionerId', a.practitioner_id, "
	"'practitioner', concat_ws(' ', pr.title, pr.first_name, "
	"pr.last_name), 'patientId', a.patient_id, 'patient', "
	"pa.first_name || ' ' || pa.last_name, 'patientPhone', pa.phone, "
	"'notes', a.notes, 'reminderStatus', a.reminder_status, "
	"'patientResponse', a.patient_response, 'day', d.day, 'prev', "
	"d.day - 1, 'next', d.day + 1, "
	"'messages', (SELECT coalesce(json_agg(json_build_object('id', m.id, "
	"'kind', " DESK_MSG_KIND ", 'status', m.status, 'state', "
	DESK_MSG_STATE ", 'body', m.body, 'errorCode', m.error_code, "
	"'createdLocal', to_char(m.created_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI'), 'statusLocal', to_char(m.status_updated_at "
	"AT TIME ZONE cl.timezone, 'YYYY-MM-DD HH24:MI')) ORDER BY "
	"m.created_at, m.id), '[]') FROM messages m WHERE m.clinic_id = "
	"a.clinic_id AND m.direction = 'outbound' AND (m.appointment_id = "
	"a.id OR (m.appointment_id IS NULL AND m.conversation_id = "
	"a.conversation_id AND m.created_at = a.created_at))), "
	"'history', (SELECT coalesce(json_agg(json_build_object('from', "
	"h.from_status, 'to', h.to_status, 'kind', h.kind, 'undone', "
	"h.undone_at IS NOT NULL, 'by', u.name, 'changedLocal', "
	"to_char(h.changed_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI')) ORDER BY h.id DESC), '[]') FROM "
	"appointment_status_history h LEFT JOIN clinic_users u ON u.id = "
	"h.actor_user_id WHERE h.appointment_id = a.id AND h.clinic_id = "
	"a.clinic_id), "
	"'undo', (SELECT json_build_object('from', h.from_status, 'to', "
	"h.to_status) FROM (SELECT * FROM appointment_status_history x "
	"WHERE x.appointment_id = a.id AND x.clinic_id = a.clinic_id ORDER "
	"BY x.id DESC LIMIT 1) h WHERE h.kind = 'change' AND h.undone_at IS "
	"NULL AND h.to_status = a.status AND (h.changed_at AT TIME ZONE "
	"cl.timezone)::date = (now() AT TIME ZONE cl.timezone)::date)) "
	"FROM appointments a JOIN clinics cl ON cl.id = a.clinic_id "
	"JOIN practitioners pr ON pr.id = a.practitioner_id AND "
	"pr.clinic_id = a.clinic_id JOIN patients pa ON pa.id = a.patient_id "
	"AND pa.clinic_id = a.clinic_id LEFT JOIN treatment_types t ON "
	"t.id = a.treatment_type_id AND t.clinic_id = a.clinic_id "
	"CROSS JOIN LATERAL (SELECT coalesce($4::date, greatest((a.starts_at "
	"AT TIME ZONE cl.timezone)::date, (to_timestamp($3::float8) AT TIME "
	"ZONE cl.timezone)::date)) AS day) d "
	"WHERE a.clinic_id = $1::uuid AND a.id = $2::uuid", 4 };

/*
 * The last status change of an appointment, locked with it: history id,
 * from, to, and whether it may be undone now (see st_detail's "undo").
 */
static const struct db_stmt st_last_change = { "desk_last_change",
	"SELECT h.id, h.from_status, h.to_status, h.kind = 'change' AND "
	"h.undone_at IS NULL AND h.to_status = a.status AND (h.changed_at AT "
	"TIME ZONE cl.timezone)::date = (now() AT TIME ZONE "
	"cl.timezone)::date, a.patient_id FROM appointments a JOIN clinics "
	"cl ON cl.id = a.clinic_id JOIN appointment_status_history h ON "
	"h.appointment_id = a.id AND h.clinic_id = a.clinic_id WHERE "
	"a.clinic_id = $1::uuid AND a.id = $2::uuid ORDER BY h.id DESC "
	"LIMIT 1 FOR UPDATE OF a", 2 };

/* This transaction's status change is an undo, by $1 (sql/019). */
static const struct db_stmt st_undo_kind = { "desk_undo_kind",
	"SELECT set_config('sophie.status_kind', 'undo', true), "
	"set_config('sophie.actor', $1, true)", 1 };

/* Restore $3 from $4; a restored booking meets the exclusion check. */
static const struct db_stmt st_restore = { "desk_restore",
	"UPDATE appointments SET status = $3, cancelled_at = CASE WHEN $3 = "
	"'cancelled' THEN cancelled_at END WHERE clinic_id = $1::uuid AND "
	"id = $2::uuid AND status = $4 RETURNING id", 4 };

static const struct db_stmt st_undone = { "desk_undone",
	"UPDATE appointment_status_history SET undone_at = now() WHERE "
	"id = $1::bigint", 1 };

/* The new-appointment form: the patient, the choices. */
static const struct db_stmt st_new = { "desk_appointment_new",
	"SELECT json_build_object('patient', (SELECT json_build_object('id', "
	"p.id, 'name', p.first_name || ' ' || p.last_name, 'phone', "
	"p.phone) FROM patients p WHERE p.clinic_id = $1::uuid AND p.id = "
	"$2::uuid), 'choices', json_build_object('practitioners', (SELECT "
	"coalesce(json_agg(json_build_object('id', id, 'name', concat_ws(' ', "
	"title, first_name, last_name)) ORDER BY display_order, last_name), "
	"'[]') FROM practitioners WHERE clinic_id = $1::uuid AND "
	"is_active), 'treatments', (SELECT coalesce(json_agg("
	"json_build_object('id', id, 'name', name, 'durationMinutes', "
	"duration_minutes) ORDER BY name), '[]') FROM treatment_types WHERE "
	"clinic_id = $1::uuid AND is_active)))", 2 };

/* A query argument, NULL when absent or empty. */
static const char *
desk_q(struct req *r, const char *name)
{
	const char	*v = req_query(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * The appointment of the route as st_detail builds it, for date (may be
 * NULL).  Returns a new object, or NULL after answering.
 */
static json_object *
desk_detail(struct req *r, const char *date)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[4];
	char		 now[24];
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "appointmentId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return NULL;
	}
	snprintf(now, sizeof(now), "%lld", (long long)config_now());
	p[2] = now;
	p[3] = date;
	if ((o = page_query(ctx, &st_detail, p, &code)) == NULL)
		page_fail(r, code);
	return o;
}

/* The member name of o as a string, or NULL. */
static const char *
desk_str(json_object *o, const char *name)
{
	json_object	*v;

	if (!json_object_object_get_ex(o, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

void
admin_appointment(struct req *r)
{
	json_object	*o;

	if ((o = desk_detail(r, NULL)) == NULL)
		return;
	page_send(r, 200, "admin/appt_detail", "title.appointment", o, 1);
	json_object_put(o);
}

void
admin_appointment_cancel_form(struct req *r)
{
	json_object	*o;

	if ((o = desk_detail(r, NULL)) == NULL)
		return;
	page_send(r, 200, "admin/appt_cancel", "title.appt.cancel", o,
	    1);
	json_object_put(o);
}

/* "YYYY-MM-DD" into d; 0 or -1. */
static int
desk_date(const char *s, struct slots_date *d)
{
	char	 y[5], m[3], dd[3];
	long	 v[3];

	if (s == NULL || !page_is_date(s) || strlen(s) != 10)
		return -1;
	memcpy(y, s, 4);
	y[4] = '\0';
	memcpy(m, s + 5, 2);
	m[2] = '\0';
	memcpy(dd, s + 8, 2);
	dd[2] = '\0';
	if (page_int(y, 1900, 9999, &v[0]) != 0 ||
	    page_int(m, 1, 12, &v[1]) != 0 || page_int(dd, 1, 31, &v[2]) != 0)
		return -1;
	d->y = (int)v[0];
	d->m = (int)v[1];
	d->d = (int)v[2];
	return 0;
}

#define DESK_SLOT_STEP	300	/* seconds: the finest slot grid */

/* {startsAt "YYYY-MM-DDTHH:MM", time "HH:MM"} of local time l. */
static json_object *
desk_slot(const struct tz_local *l)
{
	json_object	*s = json_object_new_object();
	char		 t[24];

	snprintf(t, sizeof(t), "%04d-%02d-%02dT%02d:%02d", l->year, l->month,
	    l->day, l->hour, l->min);
	json_object_object_add(s, "startsAt", json_object_new_string(t));
	snprintf(t, sizeof(t), "%02d:%02d", l->hour, l->min);
	json_object_object_add(s, "time", json_object_new_string(t));
	return s;
}

/*
 * The free slots of practitioner and treatment of appointment appt on
 * date, as the engine sees them (hours, closures, absences, holidays,
 * notice, horizon, other appointments and their buffers, the clinic's
 * slot grid; appt itself left out), as an array of desk_slot objects in
 * the clinic's time, in order.  Returns a new array, or NULL when the
 * clinic's data cannot be read; an appointment without a treatment the
 * practitioner offers has none.
 */
static json_object *
desk_free_slots(struct app_ctx *ctx, const char *clinic, const char *appt,
    const char *prac, const char *treat, const struct slots_date *date)
{
	struct booking		*b = NULL;
	struct tz_local		 l;
	json_object		*a = NULL;
	int64_t			 t, from, to;
	int			 p, k;

	if (booking_load(ctx, clinic, config_now(), &b) != BOOKING_OK ||
	    booking_busy_stored(ctx, b, appt) != BOOKING_OK)
		goto out;
	a = json_object_new_array();
	p = booking_find_prac(b, prac);
	k = booking_find_treat(b, treat);
	if (p < 0 || k < 0 || !booking_prac_offers(b, (size_t)p, (size_t)k) ||
	    tz_from_local(booking_tz(b), date->y, date->m, date->d, 0, 0,
	    &from) == TZ_LOCAL_INVALID || tz_from_local(booking_tz(b),
	    date->y, date->m, date->d, 24, 0, &to) == TZ_LOCAL_INVALID)
		goto out;
	for (t = from; t < to; t += DESK_SLOT_STEP) {
		if (!booking_slot_free(b, p, k, t))
			continue;
		tz_to_local(booking_tz(b), t, &l);
		json_object_array_add(a, desk_slot(&l));
	}
out:
	if (b != NULL)
		booking_free(b);
	return a;
}

/* Weekday names (catalogue keys), 0 = Monday. */
static const char *const desk_days[7] = {
	"day.0", "day.1", "day.2", "day.3", "day.4", "day.5", "day.6"
};

/*
 * The day d in words ("jeudi 10/12/2026") as "dayLabel", and the same
 * weekday a week before and after as "prevWeek" and "nextWeek": moving
 * an appointment "to next week" is one click.
 */
static void
desk_slots_days(struct req *r, json_object *o, const struct slots_date *d)
{
	struct slots_date	 w;
	char			 s[48];
	int			 wd;

	wd = tz_weekday(tz_days_from_civil(d->y, d->m, d->d));
	snprintf(s, sizeof(s), "%s %02d/%02d/%04d", page_text(r,
	    desk_days[wd]), d->d, d->m, d->y);
	json_object_object_add(o, "dayLabel", json_object_new_string(s));
	w = agenda_date_add(d, -7);
	agenda_date_str(&w, s, sizeof(s));
	json_object_object_add(o, "prevWeek", json_object_new_string(s));
	w = agenda_date_add(d, 7);
	agenda_date_str(&w, s, sizeof(s));
	json_object_object_add(o, "nextWeek", json_object_new_string(s));
}

void
admin_appointment_slots(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct slots_date	 d;
	const char		*date = desk_q(r, "date");
	json_object		*o, *slots;

	if (date != NULL && desk_date(date, &d) != 0) {
		page_invalid(r, 400, "date: YYYY-MM-DD", "field.date");
		return;
	}
	if ((o = desk_detail(r, date)) == NULL)
		return;
	if (desk_date(desk_str(o, "day"), &d) != 0 ||
	    (slots = desk_free_slots(ctx, req_param(r, "clinicId"),
	    req_param(r, "appointmentId"), desk_str(o, "practitionerId"),
	    desk_str(o, "treatmentId"), &d)) == NULL) {
		json_object_put(o);
		page_fail(r, 503);
		return;
	}
	json_object_object_add(o, "slots", slots);
	desk_slots_days(r, o, &d);
	page_send(r, 200, "admin/appt_slots", "title.appt.move", o,
	    1);
	json_object_put(o);
}

/* One undo, run in a transaction. */
struct desk_undo {
	struct req	*r;
	const char	*clinic;
	const char	*appt;
	char		 patient[37];
	char		 restored[16];
	int		 http;		/* status when failed */
	int		 nothing;	/* no change to undo today */
};

/* Restore the previous status, mark the change undone, journal it. */
static int
desk_undo_tx(struct db *db, void *arg)
{
	struct desk_undo	*u = arg;
	const struct auth_user	*who = auth_current(u->r);
	const char		*p[4];
	char			 hid[24], from[16], to[16];
	PGresult		*res;
	int			 ok;

	p[0] = u->clinic;
	p[1] = u->appt;
	res = db_exec(db, &st_last_change, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		u->http = db_ok(res) ? 409 : page_db_status(res);
		u->nothing = db_ok(res);
		PQclear(res);
		return -1;
	}
	snprintf(hid, sizeof(hid), "%s", PQgetvalue(res, 0, 0));
	snprintf(from, sizeof(from), "%s", PQgetvalue(res, 0, 1));
	snprintf(to, sizeof(to), "%s", PQgetvalue(res, 0, 2));
	ok = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
	snprintf(u->patient, sizeof(u->patient), "%s", PQgetvalue(res, 0, 4));
	PQclear(res);
	if (!ok) {
		u->http = 409;
		u->nothing = 1;
		return -1;
	}
	/* A restored booking queues with the practitioner's bookings. */
	if (strcmp(from, "booked") == 0 && booking_lock(db, u->clinic, NULL,
	    u->appt) != BOOKING_OK) {
		u->http = 503;
		return -1;
	}
	p[0] = who != NULL ? who->user_id : "";
	if (db_do(db, &st_undo_kind, p) != DB_OK) {
		u->http = 503;
		return -1;
	}
	p[0] = u->clinic;
	p[2] = from;
	p[3] = to;
	res = db_exec(db, &st_restore, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		u->http = db_ok(res) ? 409 : page_db_status(res);
		u->nothing = db_ok(res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	p[0] = hid;
	if (db_do(db, &st_undone, p) != DB_OK ||
	    calsync_enqueue_event(db, u->clinic, u->appt) != DB_OK ||
	    auth_audit(req_ctx(u->r), u->r, who, u->clinic,
	    "appointment.undo", "appointment", u->appt, u->patient) != 0) {
		u->http = 503;
		return -1;
	}
	snprintf(u->restored, sizeof(u->restored), "%s", from);
	return 0;
}

void
admin_appointment_undo(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct desk_undo	 u;
	struct buf		 loc;
	json_object		*o;
	int			 rc;

	memset(&u, 0, sizeof(u));
	u.r = r;
	u.clinic = req_param(r, "clinicId");
	u.appt = req_param(r, "appointmentId");
	u.http = 500;
	if (!page_is_uuid(u.appt)) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	rc = db_tx(ctx->db, desk_undo_tx, &u);
	if (rc != 0) {
		rc = page_tx_status(rc, u.http);
		if (rc == 409 && u.nothing)
			page_error(r, 409, "nothing to undo today",
			    "error.undo.none");
		else
			page_fail(r, rc);
		return;
	}
	admin_dashboard_forget(u.clinic);
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(u.appt));
	json_object_object_add(o, "status",
	    json_object_new_string(u.restored));
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/appointments/%s", u.clinic, u.appt);
	page_done(r, 200, buf_str(&loc), o);
	buf_free(&loc);
	json_object_put(o);
}

void
admin_appointment_new(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	const char	*pf[3] = { "practitioner_id", "treatment_id",
			    "starts_at" };
	json_object	*o, *f;
	size_t		 i;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = desk_q(r, "patient_id");
	if (p[1] != NULL && !page_is_uuid(p[1])) {
		page_invalid(r, 400, "patient_id: id", "patient");
		return;
	}
	if ((o = page_query(ctx, &st_new, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	/* What the agenda may prefill (checked again by the POST). */
	f = json_object_new_object();
	for (i = 0; i < 3; i++) {
		const char *v = desk_q(r, pf[i]);

		if (v != NULL && (i == 2 ? page_is_timestamp(v) :
		    page_is_uuid(v)))
			json_object_object_add(f, pf[i],
			    json_object_new_string(v));
	}
	json_object_object_add(o, "prefill", f);
	page_send(r, 200, "admin/appt_new", "title.appt.new", o, 1);
	json_object_put(o);
}
