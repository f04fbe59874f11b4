/*
 * noshow — the no-show message job and the confirmation asked of
 * patients over the clinic's threshold.  See noshow.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "alert.h"
#include "app.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "noshow.h"
#include "outbox.h"
#include "replies.h"
#include "tz.h"

/*
 * Appointment $1, locked, when it is still a no-show not written about:
 * clinic, the patient's phone, the clinic's text in the patient's
 * language (NULL: the default), that language; the patient, the
 * practitioner and the treatment ("" when none) that the rebooking
 * offers again; the clinic's template SID ("" none), the start (UTC
 * seconds), the practitioner's name, the clinic's name and time zone
 * (the template's variables).
 */
static const struct db_stmt st_appt = { "noshow_appt",
	"SELECT a.clinic_id, p.phone, CASE coalesce(p.language, cl.language) "
	"WHEN 'en' THEN cl.noshow_message_en ELSE cl.noshow_message_fr END, "
	"coalesce(p.language, cl.language), a.patient_id, a.practitioner_id, "
	"coalesce(a.treatment_type_id::text, ''), "
	"coalesce(cl.noshow_content_sid, ''), "
	"extract(epoch FROM a.starts_at)::bigint, concat_ws(' ', "
	"nullif(btrim(pr.title), ''), pr.first_name, pr.last_name), "
	"cl.name, cl.timezone FROM appointments a "
	"JOIN clinics cl ON cl.id = a.clinic_id JOIN patients p ON "
	"p.clinic_id = a.clinic_id AND p.id = a.patient_id "
	"JOIN practitioners pr ON pr.id = a.practitioner_id AND "
	"pr.clinic_id = a.clinic_id WHERE a.id = "
	"$1::uuid AND a.status = 'no_show' AND a.noshow_notified_at IS NULL "
	"AND p.opted_out_at IS NULL "
	"FOR UPDATE OF a", 1 };

/* The patient's open conversation (opened when there is none). */
static const struct db_stmt st_conv = { "noshow_conv",
	"INSERT INTO conversations (clinic_id, phone) VALUES ($1::uuid, $2) "
	"ON CONFLICT (clinic_id, phone) WHERE status <> 'closed' "
	"DO UPDATE SET last_message_at = conversations.last_message_at "
	"RETURNING id, coalesce(last_inbound_at > now() - interval "
	"'24 hours', false), coalesce(language, '')", 2 };

static const struct db_stmt st_done = { "noshow_done",
	"UPDATE appointments SET noshow_notified_at = now() WHERE id = "
	"$1::uuid", 1 };

/* The message is about this appointment (sql/019). */
static const struct db_stmt st_link = { "noshow_link",
	"UPDATE messages SET appointment_id = $2::uuid WHERE id = $1::uuid",
	2 };

/*
 * The conversation $1 now waits for the answer to the message: state
 * ns_offer, context $2 (lib/noshow_eng.c reads it), when it is at rest.
 */
static const struct db_stmt st_wait = { "noshow_wait",
	"UPDATE conversations SET state = 'ns_offer', context = $2::jsonb, "
	"version = version + 1 WHERE id = $1::uuid AND status = 'active' AND "
	"state IN ('idle', 'ns_offer')", 2 };

static const struct db_stmt st_asked = { "noshow_asked",
	"UPDATE appointments SET confirm_asked_at = now() WHERE id = $1::uuid",
	1 };

/*
 * The appointments whose patient was asked for a yes, gave none, and
 * start within the clinic's deadline ($1 now): their clinic, id and
 * the patient's open conversation.
 */
static const struct db_stmt st_unconfirmed = { "noshow_unconfirmed",
	"SELECT a.clinic_id, a.id, c.id FROM appointments a JOIN clinics cl "
	"ON cl.id = a.clinic_id JOIN patients p ON p.clinic_id = a.clinic_id "
	"AND p.id = a.patient_id JOIN conversations c ON c.clinic_id = "
	"a.clinic_id AND c.phone = p.phone AND c.status <> 'closed' "
	"WHERE a.status = 'booked' AND a.confirm_asked_at IS NOT NULL AND "
	"a.confirm_alerted_at IS NULL AND a.patient_response IS DISTINCT "
	"FROM 'confirmed' AND a.starts_at > to_timestamp($1::bigint) AND "
	"a.starts_at <= to_timestamp($1::bigint) + make_interval(hours => "
	"cl.noshow_confirm_hours) ORDER BY a.starts_at LIMIT 200 "
	"FOR UPDATE OF a SKIP LOCKED", 1 };

static const struct db_stmt st_alerted = { "noshow_alerted",
	"UPDATE appointments SET confirm_alerted_at = now() WHERE id = "
	"$1::uuid", 1 };

/* The kind defaults, French then English. */
static const char *const msg_default[2] = {
	"Bonjour, nous ne vous avons pas vu à votre rendez-vous. Ce n'est pas "
	"grave : souhaitez-vous en prendre un nouveau ? Dites-moi simplement "
	"quel jour vous conviendrait.",
	"Hello, we missed you at your appointment. No worries: would you like "
	"to book a new one? Just tell me which day would suit you."
};

/* The reminders that ask for a yes, French then English. */
static const char *const confirm_text[2] = {
	"Rappel : vous avez rendez-vous ({treatment}) avec {practitioner} "
	"le {date} à {time} au {clinic}. Merci de confirmer votre présence "
	"en répondant OUI ; ANNULER pour annuler ou DÉPLACER pour changer "
	"d'horaire.",
	"Reminder: you have an appointment ({treatment}) with {practitioner} "
	"on {date} at {time} at {clinic}. Please confirm that you will come "
	"by replying YES; CANCEL to cancel or MOVE to change the time."
};

const char *
noshow_reminder_text(int must, const char *lang)
{
	if (!must)
		return NULL;
	return confirm_text[lang != NULL && strcmp(lang, "en") == 0];
}

int
noshow_asked(struct app_ctx *ctx, const char *appt)
{
	const char	*p[1] = { appt };

	return db_do(ctx->db, &st_asked, p);
}

/*
 * Leave conversation conv waiting for the answer to the message about
 * appointment appt (row a of st_appt): a yes rebooks its treatment with
 * its practitioner (lib/noshow_eng.c).  Returns 0, or -1 on a database
 * error.
 */
static int
offer_wait(struct app_ctx *ctx, const char *conv, const char *appt,
    PGresult *a)
{
	char		 cj[320];
	const char	*p[2];
	int		 n;

	n = snprintf(cj, sizeof(cj), "{\"t\": %lld, \"flow\": \"book\", "
	    "\"pid\": \"%s\", \"appt\": \"%s\", \"pr\": \"%s\", "
	    "\"tr\": \"%s\"}", (long long)config_now(),
	    PQgetvalue(a, 0, 4), appt, PQgetvalue(a, 0, 5),
	    PQgetvalue(a, 0, 6));
	if (n < 0 || (size_t)n >= sizeof(cj))
		return 0;
	p[0] = conv;
	p[1] = cj;
	return db_do(ctx->db, &st_wait, p) == DB_OK ? 0 : -1;
}

/*
 * The template's variables for appointment row a, in language en or
 * not: 1 date, 2 time (the clinic's zone), 3 practitioner, 4 clinic.
 * JSON text into out; 0, or -1 when it does not fit.
 */
static int
template_vars(PGresult *a, int en, char *out, size_t sz)
{
	const struct tz	*tz;
	json_object	*v;
	char		 date[64], time[16], *end;
	int64_t		 start;
	int		 n;

	if (tz_load(PQgetvalue(a, 0, 11), &tz) != TZ_OK)
		return -1;
	start = strtoll(PQgetvalue(a, 0, 8), &end, 10);
	(void)replies_date(date, sizeof(date), en ? REPLIES_EN : REPLIES_FR,
	    tz, start, config_now());
	(void)replies_time(time, sizeof(time), tz, start);
	if ((v = json_object_new_object()) == NULL)
		return -1;
	json_object_object_add(v, "1", json_object_new_string(date));
	json_object_object_add(v, "2", json_object_new_string(time));
	json_object_object_add(v, "3",
	    json_object_new_string(PQgetvalue(a, 0, 9)));
	json_object_object_add(v, "4",
	    json_object_new_string(PQgetvalue(a, 0, 10)));
	n = snprintf(out, sz, "%s", json_object_to_json_string(v));
	json_object_put(v);
	return n < 0 || (size_t)n >= sz ? -1 : 0;
}

/*
 * Write the message of appointment appt (locked, still to write): the
 * text inside the 24-hour window, the clinic's template outside it, or
 * a message recorded not sent and the staff alerted (noshow_notice).
 * Returns 1 written, 0 not sent, -1 database error.
 */
static int
write_one(struct app_ctx *ctx, const char *appt, PGresult *a)
{
	struct noshow_notice	 n;
	const char		*p[2];
	char			 conv[37], msg[37], vars[512];
	PGresult		*r;
	int			 en, rc;

	p[0] = PQgetvalue(a, 0, 0);
	p[1] = PQgetvalue(a, 0, 1);
	r = db_exec(ctx->db, &st_conv, p);
	if (!db_ok(r) || PQntuples(r) != 1) {
		PQclear(r);
		return -1;
	}
	memset(&n, 0, sizeof(n));
	snprintf(conv, sizeof(conv), "%s", PQgetvalue(r, 0, 0));
	n.inwin = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	PQclear(r);
	en = strcmp(PQgetvalue(a, 0, 3), "en") == 0;
	n.clinic = PQgetvalue(a, 0, 0);
	n.conv = conv;
	n.body = PQgetisnull(a, 0, 2) ? msg_default[en] :
	    PQgetvalue(a, 0, 2);
	n.key = "noshow";
	n.sid = PQgetvalue(a, 0, 7);
	if (!n.inwin && *n.sid != '\0') {
		if (template_vars(a, en, vars, sizeof(vars)) != 0)
			n.sid = "";	/* recorded not sent */
		n.vars = vars;
	}
	if ((rc = noshow_notice(ctx->db, &n, msg)) < 0)
		return -1;
	p[0] = msg;
	p[1] = appt;
	if (db_do(ctx->db, &st_link, p) != DB_OK)
		return -1;
	if (rc == NOTICE_UNSENT)
		return 0;
	if (offer_wait(ctx, conv, appt, a) != 0)
		return -1;
	log_event("noshow", "NOSHOW_MESSAGE", PQgetvalue(a, 0, 0),
	    "appointment %s%s", appt, rc == NOTICE_TEMPLATE ? " (template)" :
	    "");
	return 1;
}

enum job_outcome
noshow_job_message(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	json_object	*v;
	const char	*appt, *p[1];
	PGresult	*a;
	int		 rc;

	if (!json_object_object_get_ex(j->payload, "appointment_id", &v) ||
	    (appt = json_object_get_string(v)) == NULL || strlen(appt) != 36) {
		snprintf(err, errsz, "no appointment_id");
		return JOB_GIVEUP;
	}
	p[0] = appt;
	a = db_exec(ctx->db, &st_appt, p);
	if (!db_ok(a)) {
		PQclear(a);
		snprintf(err, errsz, "database error");
		return JOB_RETRY;
	}
	if (PQntuples(a) != 1) {
		/* Undone meanwhile, or written about already. */
		PQclear(a);
		return JOB_DONE;
	}
	rc = write_one(ctx, appt, a);
	PQclear(a);
	if (rc < 0 || db_do(ctx->db, &st_done, p) != DB_OK) {
		snprintf(err, errsz, "database error");
		return JOB_RETRY;
	}
	return JOB_DONE;
}

int
noshow_scan_unconfirmed(struct app_ctx *ctx, int64_t now)
{
	char		 n[24];
	const char	*p[1] = { n };
	PGresult	*r;
	int		 i, k;

	snprintf(n, sizeof(n), "%lld", (long long)now);
	r = db_exec(ctx->db, &st_unconfirmed, p);
	if (!db_ok(r)) {
		PQclear(r);
		return -1;
	}
	k = PQntuples(r);
	for (i = 0; i < k; i++) {
		p[0] = PQgetvalue(r, i, 1);
		if (alert_raise(ctx->db, PQgetvalue(r, i, 0),
		    PQgetvalue(r, i, 2), NULL, "handoff") != DB_OK ||
		    db_do(ctx->db, &st_alerted, p) != DB_OK) {
			PQclear(r);
			return -1;
		}
		log_warn("noshow", "UNCONFIRMED", PQgetvalue(r, i, 0),
		    "appointment %s: no yes to the reminder by the deadline; "
		    "staff alerted", PQgetvalue(r, i, 1));
	}
	PQclear(r);
	return k;
}
