/*
 * remind — the reminders scan job and its command.  See remind.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "config.h"
#include "ctl.h"
#include "db.h"
#include "log.h"
#include "noshow.h"
#include "outbox.h"
#include "remind.h"
#include "replies.h"
#include "tz.h"

static const struct db_stmt st_due = {
	"remind_due",
	"SELECT a.id, a.clinic_id, p.phone, "
	"extract(epoch FROM a.starts_at)::bigint, "
	"concat_ws(' ', nullif(btrim(pr.title), ''), pr.first_name, "
	"pr.last_name), coalesce((SELECT ta.alias FROM treatment_aliases ta "
	"WHERE ta.treatment_type_id = a.treatment_type_id AND "
	"ta.clinic_id = a.clinic_id AND ta.is_name AND "
	"ta.lang = coalesce(p.language, cl.language) LIMIT 1), "
	"a.treatment_name, ''), "
	"coalesce(cl.reminder_content_sid, ''), cl.name, cl.timezone, "
	"coalesce(p.language, cl.language), " NOSHOW_MUST_CONFIRM " "
	"FROM appointments a JOIN clinics cl ON cl.id = a.clinic_id "
	"JOIN patients p ON p.id = a.patient_id AND p.clinic_id = a.clinic_id "
	"JOIN practitioners pr ON pr.id = a.practitioner_id "
	"AND pr.clinic_id = a.clinic_id "
	"WHERE a.status = 'booked' AND a.reminder_sent_at IS NULL "
	"AND p.opted_out_at IS NULL "
	"AND (a.reminder_status IS NULL OR a.reminder_status = 'pending') "
	"AND a.starts_at > to_timestamp($1::bigint) "
	"AND a.starts_at - make_interval(mins => cl.reminder_delay_minutes) "
	"<= to_timestamp($1::bigint) AND cl.is_active "
	/* booked by the patient inside its own window: the booking's
	 * summary was the reminder (created_at read on the clock $1) */
	"AND NOT (a.source = 'whatsapp' AND a.created_at + "
	"(to_timestamp($1::bigint) - now()) >= a.starts_at - "
	"make_interval(mins => cl.reminder_delay_minutes)) "
	"ORDER BY a.starts_at LIMIT 200 FOR UPDATE OF a SKIP LOCKED",
	1
};

/* The patient's open conversation (opened when there is none). */
static const struct db_stmt st_conv = {
	"remind_conv",
	"INSERT INTO conversations (clinic_id, phone) VALUES ($1::uuid, $2) "
	"ON CONFLICT (clinic_id, phone) WHERE status <> 'closed' "
	"DO UPDATE SET last_message_at = conversations.last_message_at "
	"RETURNING id, coalesce(last_inbound_at > now() - interval "
	"'24 hours', false), coalesce(language, ''), status, state",
	2
};

/* A template message (outside the 24-hour window) and its send job. */
static const struct db_stmt st_template = {
	"remind_template",
	"WITH m AS (INSERT INTO messages (clinic_id, conversation_id, "
	"direction, body, template_key, status, to_number, content_sid, "
	"content_variables) SELECT $1::uuid, c.id, 'outbound', $3, "
	"'reminder', 'pending', c.phone, $4, $5::jsonb FROM conversations c "
	"WHERE c.id = $2::uuid AND c.clinic_id = $1::uuid "
	"RETURNING id, conversation_id), "
	"j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload) "
	"SELECT 'send_message', $1::uuid, 'send:' || m.conversation_id, "
	"jsonb_build_object('message_id', m.id) FROM m RETURNING id), "
	"v AS (UPDATE conversations c SET last_body = left($3, 140) FROM m "
	"WHERE c.id = m.conversation_id AND c.clinic_id = $1::uuid) "
	"SELECT m.id, pg_notify('sophie_jobs', '') FROM m, j",
	5
};

static const struct db_stmt st_mark = {
	"remind_mark",
	"UPDATE appointments SET reminder_status = $2, reminder_sent_at = "
	"CASE WHEN $2 = 'sent' THEN now() END WHERE id = $1::uuid",
	2
};

/* The reminder message is about this appointment (sql/019). */
static const struct db_stmt st_link = {
	"remind_link",
	"UPDATE messages SET appointment_id = $2::uuid WHERE id = $1::uuid",
	2
};

/* The conversation now waits for the answer to this reminder. */
static const struct db_stmt st_wait = {
	"remind_wait",
	"UPDATE conversations SET state = 'remind', context = $2::jsonb, "
	"version = version + 1 "
	"WHERE id = $1::uuid AND status = 'active' "
	"AND state IN ('idle', 'remind', 'ns_offer')",
	2
};

static const struct db_stmt st_enqueue = {
	"remind_enqueue",
	"INSERT INTO jobs (kind, dedupe_key, run_at, max_attempts) "
	"VALUES ('reminders_scan', 'reminders_scan', now() + "
	"make_interval(secs => $1::int), 1000) "
	"ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND "
	"status IN ('queued', 'running') DO NOTHING",
	1
};

/* A running scan lets go of the key so that the next one can be queued. */
static const struct db_stmt st_release = {
	"remind_release",
	"UPDATE jobs SET dedupe_key = NULL WHERE id = $1::bigint",
	1
};

/* One due appointment, as the scan read it. */
struct due {
	const char	*appt;
	const char	*clinic;
	const char	*phone;
	int64_t		 start;
	const char	*prac;
	const char	*treat;
	const char	*sid;
	const char	*cname;
	const char	*zone;
	const char	*lang;
	int		 confirm;	/* must confirm (noshow.h) */
};

/* Remind one appointment: 1 sent, 0 skipped, -1 database error. */
static int
remind_one(struct app_ctx *ctx, const struct due *d, int64_t now)
{
	const struct tz		*tz;
	struct buf		 body;
	struct replies_var	 v[5];
	enum replies_lang	 lang;
	char			 date[64], time[16], ctxj[128], conv[37];
	char			 msg[37];
	const char		*p[5];
	PGresult		*r;
	json_object		*vars;
	int			 inwin, rc = -1, active;

	if (tz_load(d->zone, &tz) != TZ_OK)
		return -1;
	p[0] = d->clinic;
	p[1] = d->phone;
	r = db_exec(ctx->db, &st_conv, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) != 1) {
		PQclear(r);
		return -1;
	}
	snprintf(conv, sizeof(conv), "%s", PQgetvalue(r, 0, 0));
	inwin = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	lang = strcmp(*PQgetvalue(r, 0, 2) != '\0' ? PQgetvalue(r, 0, 2) :
	    d->lang, "en") == 0 ? REPLIES_EN : REPLIES_FR;
	active = strcmp(PQgetvalue(r, 0, 3), "active") == 0;
	PQclear(r);
	(void)replies_date(date, sizeof(date), lang, tz, d->start, now);
	(void)replies_time(time, sizeof(time), tz, d->start);
	v[0] = (struct replies_var){ "date", date };
	v[1] = (struct replies_var){ "time", time };
	v[2] = (struct replies_var){ "practitioner", d->prac };
	/* the clinic's name for it in that language, else the common one
	 * ("Détartrage" is "Cleaning" to an English patient) */
	v[3] = (struct replies_var){ "treatment",
	    replies_treatment(NULL, d->treat, lang) };
	v[4] = (struct replies_var){ "clinic", d->cname };
	buf_init(&body, REPLIES_MAX);
	if (noshow_reminder_text(d->confirm, lang == REPLIES_EN ? "en" :
	    "fr") != NULL)
		(void)replies_fill(&body, noshow_reminder_text(d->confirm,
		    lang == REPLIES_EN ? "en" : "fr"), v, 5);
	else
		(void)replies_say(&body, "reminder", lang, v, 5);
	p[0] = d->appt;
	if (!inwin && *d->sid == '\0') {
		p[1] = "skipped";
		rc = db_do(ctx->db, &st_mark, p) == DB_OK ? 0 : -1;
		log_warn("reminder", "REMINDER_SKIPPED", d->clinic,
		    "appointment %s: outside the 24-hour window and no "
		    "reminder_content_sid configured", d->appt);
		goto out;
	}
	if (inwin) {
		if (outbox_add(ctx->db, d->clinic, conv, buf_str(&body),
		    "reminder", msg) != DB_OK)
			goto out;
	} else {
		vars = json_object_new_object();
		json_object_object_add(vars, "1", json_object_new_string(date));
		json_object_object_add(vars, "2", json_object_new_string(time));
		json_object_object_add(vars, "3",
		    json_object_new_string(d->prac));
		json_object_object_add(vars, "4",
		    json_object_new_string(d->treat));
		json_object_object_add(vars, "5",
		    json_object_new_string(d->cname));
		p[0] = d->clinic;
		p[1] = conv;
		p[2] = buf_str(&body);
		p[3] = d->sid;
		p[4] = json_object_to_json_string(vars);
		r = db_exec(ctx->db, &st_template, p);
		json_object_put(vars);
		if (r == NULL || !db_ok(r) || PQntuples(r) != 1) {
			PQclear(r);
			goto out;
		}
		snprintf(msg, sizeof(msg), "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	p[0] = msg;
	p[1] = d->appt;
	if (db_do(ctx->db, &st_link, p) != DB_OK)
		goto out;
	p[0] = d->appt;
	p[1] = "sent";
	if (db_do(ctx->db, &st_mark, p) != DB_OK)
		goto out;
	if (d->confirm && noshow_asked(ctx, d->appt) != DB_OK)
		goto out;
	if (active) {
		snprintf(ctxj, sizeof(ctxj), "{\"t\": %lld, \"appt\": \"%s\"}",
		    (long long)now, d->appt);
		p[0] = conv;
		p[1] = ctxj;
		if (db_do(ctx->db, &st_wait, p) != DB_OK)
			goto out;
	}
	log_event("reminder", "REMINDER_SENT", d->clinic, "appointment %s%s",
	    d->appt, inwin ? "" : " (template)");
	rc = 1;
out:
	buf_free(&body);
	return rc;
}

int
remind_scan(struct app_ctx *ctx, int64_t now, int *sent, int *skipped)
{
	char		 n[24];
	const char	*p[1] = { n };
	PGresult	*r;
	struct due	 d;
	int		 i, rc, ns = 0, nk = 0;
	char		*end;

	snprintf(n, sizeof(n), "%lld", (long long)now);
	r = db_exec(ctx->db, &st_due, p);
	if (r == NULL || !db_ok(r)) {
		PQclear(r);
		return -1;
	}
	for (i = 0; i < PQntuples(r); i++) {
		d.appt = PQgetvalue(r, i, 0);
		d.clinic = PQgetvalue(r, i, 1);
		d.phone = PQgetvalue(r, i, 2);
		d.start = strtoll(PQgetvalue(r, i, 3), &end, 10);
		d.prac = PQgetvalue(r, i, 4);
		d.treat = PQgetvalue(r, i, 5);
		d.sid = PQgetvalue(r, i, 6);
		d.cname = PQgetvalue(r, i, 7);
		d.zone = PQgetvalue(r, i, 8);
		d.lang = PQgetvalue(r, i, 9);
		d.confirm = strcmp(PQgetvalue(r, i, 10), "t") == 0;
		if ((rc = remind_one(ctx, &d, now)) == -1) {
			PQclear(r);
			return -1;
		}
		if (rc == 1)
			ns++;
		else
			nk++;
	}
	PQclear(r);
	if (noshow_scan_unconfirmed(ctx, now) < 0)
		return -1;
	if (sent != NULL)
		*sent = ns;
	if (skipped != NULL)
		*skipped = nk;
	return 0;
}

int
remind_enqueue(struct db *db, int delay_s)
{
	char		 d[16];
	const char	*p[1] = { d };

	snprintf(d, sizeof(d), "%d", delay_s);
	return db_do(db, &st_enqueue, p);
}

enum job_outcome
remind_job_scan(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	const char	*p[1] = { j->id };

	if (remind_scan(ctx, config_now(), NULL, NULL) == -1) {
		snprintf(err, errsz, "reminder scan failed");
		return JOB_RETRY;
	}
	if (db_do(ctx->db, &st_release, p) != DB_OK ||
	    remind_enqueue(ctx->db, REMIND_PERIOD_S) != DB_OK) {
		snprintf(err, errsz, "could not queue the next scan");
		return JOB_RETRY;
	}
	return JOB_DONE;
}

int
remind_ctl(int argc, char **argv)
{
	struct app_ctx	 ctx;
	int		 sent = 0, skipped = 0, rc = 0;

	if (ctl_flag(argc, argv, "help")) {
		printf("usage: sophiectl reminders [--scan] [--json]\n"
		    "Queues the periodic reminders scan job when none is "
		    "queued; with --scan, also sends the reminders due now "
		    "at once and prints how many were sent and skipped.\n");
		return 0;
	}
	app_start(&ctx, PROG_CTL, "sophiectl");
	if (db_command(ctx.db, "BEGIN") != DB_OK) {
		fprintf(stderr, "sophiectl: database unavailable\n");
		app_stop(&ctx);
		return 1;
	}
	if ((ctl_flag(argc, argv, "scan") &&
	    remind_scan(&ctx, config_now(), &sent, &skipped) == -1) ||
	    remind_enqueue(ctx.db, REMIND_PERIOD_S) != DB_OK ||
	    db_command(ctx.db, "COMMIT") != DB_OK) {
		(void)db_command(ctx.db, "ROLLBACK");
		fprintf(stderr, "sophiectl: reminders: database error\n");
		rc = 1;
	} else if (ctl_flag(argc, argv, "json"))
		printf("{\"sent\": %d, \"skipped\": %d}\n", sent, skipped);
	else
		printf("reminders: %d sent, %d skipped\n", sent, skipped);
	app_stop(&ctx);
	return rc;
}
