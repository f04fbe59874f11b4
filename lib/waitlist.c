/*
 * waitlist — the offer and scan jobs and the waitlist's messages.
 * See waitlist.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "booking.h"
#include "config.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "noshow.h"
#include "outbox.h"
#include "replies.h"
#include "tz.h"
#include "waitlist.h"

struct wl_tmpl {
	const char	*key;
	const char	*fr;
	const char	*en;
};

/*
 * The waitlist's messages.  Placeholders: {treatment}, {practitioner},
 * {date}, {time}, {until} (the offer's last minute), {old} (the date
 * and time of the appointment an offer replaces), {first}/{last} (the
 * window's days), {with} (" avec Dr X" / " with Dr X" or ""), {part}
 * (" le matin" / " in the morning"... or "").
 */
static const struct wl_tmpl tmpls[] = {
	/* A freed slot offered. */
	{ "wl_offer",
	  "Bonne nouvelle : une place s'est libérée pour {treatment} avec "
	  "{practitioner} le {date} à {time}, pour {patient}. La "
	  "voulez-vous ? Répondez OUI "
	  "pour la prendre ou NON pour la laisser (jusqu'à {until} ; la "
	  "première réponse l'emporte).",
	  "Good news: a slot has opened up for {treatment} with "
	  "{practitioner} on {date} at {time}, for {patient}. Would you "
	  "like it? Reply YES "
	  "to take it or NO to leave it (until {until}; the first answer "
	  "gets it)." },
	/* The same, in place of a later appointment. */
	{ "wl_offer_move",
	  "Bonne nouvelle : une place plus tôt s'est libérée pour "
	  "{treatment} avec {practitioner} le {date} à {time}, pour "
	  "{patient}, à la place de son rendez-vous du {old}. Répondez "
	  "OUI pour avancer le rendez-vous ou NON pour garder l'actuel "
	  "(jusqu'à {until} ; la première réponse l'emporte).",
	  "Good news: an earlier slot has opened up for {treatment} with "
	  "{practitioner} on {date} at {time}, for {patient}, instead of "
	  "the appointment on {old}. Reply YES to move the appointment or "
	  "NO to keep it (until {until}; the first answer gets it)." },
	{ "wl_booked",
	  "C'est réservé : {treatment} avec {practitioner} le {date} à "
	  "{time}. À bientôt !",
	  "It's booked: {treatment} with {practitioner} on {date} at "
	  "{time}. See you soon!" },
	{ "wl_moved",
	  "C'est fait : votre rendez-vous est avancé au {date} à {time} avec "
	  "{practitioner}. L'ancien horaire est libéré.",
	  "Done: your appointment is moved to {date} at {time} with "
	  "{practitioner}. The former time is released." },
	{ "wl_taken",
	  "Désolée, cette place vient d'être prise. Vous restez sur la liste "
	  "d'attente : je vous écrirai si une autre se libère.",
	  "Sorry, that slot has just been taken. You stay on the waiting "
	  "list: I will write to you if another one opens up." },
	{ "wl_expired",
	  "Cette proposition a expiré. Vous restez sur la liste d'attente : "
	  "je vous écrirai si une autre place se libère.",
	  "That offer has expired. You stay on the waiting list: I will "
	  "write to you if another slot opens up." },
	{ "wl_declined",
	  "D'accord, je la laisse. Vous restez sur la liste d'attente.",
	  "All right, I'll leave it. You stay on the waiting list." },
	/* Joining, recapped first. */
	{ "wl_join_recap",
	  "J'inscris {patient} sur la liste d'attente pour "
	  "{treatment}{with}, entre le {first} et le {last}{part} : si une "
	  "place se libère, je vous l'écrirai ici. C'est bien cela ? "
	  "(oui/non)",
	  "I'll put {patient} on the waiting list for {treatment}{with}, "
	  "between {first} and {last}{part}: if a slot opens up, I'll write "
	  "to you here. Is that right? (yes/no)" },
	{ "wl_joined",
	  "C'est noté : vous êtes sur la liste d'attente pour {treatment}. "
	  "Écrivez « retirez-moi de la liste » pour en sortir.",
	  "Noted: you are on the waiting list for {treatment}. Write "
	  "\"take me off the list\" to leave it." },
	{ "wl_join_no",
	  "D'accord, je ne vous inscris pas.",
	  "All right, I won't put you on the list." },
	{ "wl_need_treatment",
	  "Pour quel soin souhaitez-vous être sur la liste d'attente ?",
	  "Which treatment would you like to wait for?" },
	{ "wl_need_patient",
	  "Pour vous inscrire sur la liste d'attente, dites-moi d'abord quel "
	  "rendez-vous vous souhaitez prendre.",
	  "To put you on the waiting list, tell me first which appointment "
	  "you would like." },
	{ "wl_left",
	  "C'est fait : vous n'êtes plus sur la liste d'attente.",
	  "Done: you are no longer on the waiting list." },
	{ "wl_not_on",
	  "Vous n'êtes pas sur la liste d'attente.",
	  "You are not on the waiting list." },
	/* Sophie suggests the list when the wished time is full. */
	{ "wl_suggest",
	  "Si vous le souhaitez, je peux aussi vous inscrire sur la liste "
	  "d'attente : dites « liste d'attente ».",
	  "If you like, I can also put you on the waiting list: say "
	  "\"waiting list\"." },
	/* The offer asked again after a doubt or a question. */
	{ "wl_offer_again",
	  "La place proposée tient toujours : {treatment} avec "
	  "{practitioner} le {date} à {time}, pour {patient}. La "
	  "prenez-vous ? Répondez OUI pour la prendre ou NON pour la "
	  "laisser.",
	  "The slot offered still stands: {treatment} with {practitioner} "
	  "on {date} at {time}, for {patient}. Will you take it? Reply YES "
	  "to take it or NO to leave it." },
	/* A yes to a slot that is no longer free (absence, closure...). */
	{ "wl_not_free",
	  "Désolée, cette place n'est plus disponible. Vous restez sur la "
	  "liste d'attente : je vous écrirai si une autre se libère.",
	  "Sorry, that slot is no longer available. You stay on the "
	  "waiting list: I will write to you if another one opens up." },
	/* The offer answered no longer exists. */
	{ "wl_offer_closed",
	  "Cette proposition n'est plus valable. Je reste à votre "
	  "disposition pour tout autre rendez-vous.",
	  "That offer no longer stands. I'm happy to help with any other "
	  "appointment." },
};

int
waitlist_say(struct buf *out, const char *key, enum replies_lang lang,
    const struct replies_var *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(tmpls) / sizeof(tmpls[0]); i++)
		if (strcmp(tmpls[i].key, key) == 0)
			return replies_fill(out, lang == REPLIES_EN ?
			    tmpls[i].en : tmpls[i].fr, v, n);
	return -1;
}

static const struct db_stmt st_enqueue_offer = {
	"wl_enqueue_offer",
	"WITH j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload) "
	"VALUES ('waitlist_offer', $1::uuid, 'waitlist:' || $1, "
	"jsonb_build_object('practitioner_id', $2::uuid, 'starts_at', "
	"$3::bigint, 'ends_at', $4::bigint, 'treatment_type_id', "
	"$5::uuid)) RETURNING id) "
	"SELECT pg_notify('sophie_jobs', '') FROM j",
	5
};

/* The clinic's waitlist settings and its offer's template ("" none). */
static const struct db_stmt st_clinic = {
	"wl_clinic",
	"SELECT waitlist_batch, waitlist_offer_minutes, "
	"coalesce(waitlist_content_sid, '') FROM clinics "
	"WHERE id = $1::uuid AND is_active",
	1
};

/*
 * The waiting entries a freed slot ($2 practitioner, $3 start and $6
 * end, UTC seconds, of treatment $5) fits, oldest first: the slot's
 * treatment (one that fits in it when the slot had none), offered by
 * that practitioner,
 * practitioner asked (or anyone), the local day within the window and
 * the part of the day, no offer pending nor this slot offered before,
 * an appointment to replace that is later, the patient free then.
 */
static const struct db_stmt st_cands = {
	"wl_cands",
	"SELECT w.id, w.patient_id, w.treatment_type_id, p.phone, "
	"w.language, coalesce(w.appointment_id::text, ''), "
	"coalesce(extract(epoch FROM ap.starts_at)::bigint, 0), "
	"concat_ws(' ', p.first_name, p.last_name) "
	"FROM waitlist w JOIN clinics cl ON cl.id = w.clinic_id "
	"JOIN patients p ON p.id = w.patient_id AND p.clinic_id = w.clinic_id "
	"JOIN treatment_types t ON t.id = w.treatment_type_id "
	"AND t.clinic_id = w.clinic_id "
	"JOIN practitioner_treatments pt ON pt.clinic_id = w.clinic_id "
	"AND pt.practitioner_id = $2::uuid "
	"AND pt.treatment_type_id = w.treatment_type_id "
	"LEFT JOIN appointments ap ON ap.id = w.appointment_id "
	"AND ap.clinic_id = w.clinic_id "
	"WHERE w.clinic_id = $1::uuid AND w.status = 'waiting' "
	"AND p.opted_out_at IS NULL "
	"AND (w.treatment_type_id = $5::uuid OR ($5::uuid IS NULL AND "
	"t.duration_minutes * 60 <= $6::bigint - $3::bigint)) "
	"AND to_timestamp($3::bigint) > to_timestamp($4::bigint) "
	"AND (w.practitioner_id IS NULL OR w.practitioner_id = $2::uuid) "
	"AND (to_timestamp($3::bigint) AT TIME ZONE cl.timezone)::date "
	"BETWEEN w.earliest AND w.latest "
	"AND (w.part_of_day IS NULL OR (w.part_of_day = 'morning') = "
	"(extract(hour FROM to_timestamp($3::bigint) AT TIME ZONE "
	"cl.timezone) < 12)) "
	"AND NOT EXISTS (SELECT 1 FROM waitlist_offers o WHERE "
	"o.entry_id = w.id AND (o.status = 'offered' OR "
	"(o.practitioner_id = $2::uuid AND "
	"o.starts_at = to_timestamp($3::bigint)))) "
	"AND (w.appointment_id IS NULL OR (ap.status = 'booked' AND "
	"ap.starts_at > to_timestamp($3::bigint))) "
	"AND NOT EXISTS (SELECT 1 FROM appointments a JOIN patients q ON "
	"q.id = a.patient_id AND q.clinic_id = a.clinic_id "
	"WHERE a.clinic_id = w.clinic_id AND q.phone = p.phone "
	"AND a.status = 'booked' AND a.id IS DISTINCT FROM w.appointment_id "
	"AND tstzrange(a.starts_at, a.blocked_until) && "
	"tstzrange(to_timestamp($3::bigint), to_timestamp($3::bigint) + "
	"make_interval(mins => t.duration_minutes))) "
	"ORDER BY w.created_at, w.id LIMIT 50",
	6
};

/* The patient's open conversation (opened when there is none), and
 * whether the patient wrote in the last 24 hours. */
static const struct db_stmt st_conv = {
	"wl_conv",
	"INSERT INTO conversations (clinic_id, phone, language) "
	"VALUES ($1::uuid, $2, $3) "
	"ON CONFLICT (clinic_id, phone) WHERE status <> 'closed' "
	"DO UPDATE SET last_message_at = conversations.last_message_at "
	"RETURNING id, status, state, NOT EXISTS (SELECT 1 FROM messages m "
	"WHERE m.conversation_id = conversations.id AND m.direction = "
	"'inbound' AND m.handled_at IS NULL), coalesce(last_inbound_at > "
	"now() - interval '24 hours', false)",
	3
};

static const struct db_stmt st_offer_add = {
	"wl_offer_add",
	"INSERT INTO waitlist_offers (clinic_id, entry_id, practitioner_id, "
	"treatment_type_id, starts_at, ends_at, expires_at) VALUES "
	"($1::uuid, $2::uuid, $3::uuid, $4::uuid, to_timestamp($5::bigint), "
	"to_timestamp($5::bigint) + make_interval(mins => $6::int), "
	"to_timestamp($7::bigint) + make_interval(mins => $8::int)) "
	"ON CONFLICT DO NOTHING RETURNING id",
	8
};

static const struct db_stmt st_offer_drop = {
	"wl_offer_drop",
	"DELETE FROM waitlist_offers WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_entry_offered = {
	"wl_entry_offered",
	"UPDATE waitlist SET status = 'offered', updated_at = now(), "
	"conversation_id = coalesce(conversation_id, $2::uuid) "
	"WHERE id = $1::uuid AND status = 'waiting'",
	2
};

/* The conversation now waits for the answer to this offer. */
static const struct db_stmt st_conv_wait = {
	"wl_conv_wait",
	"UPDATE conversations SET state = 'wl_offer', context = $2::jsonb, "
	"version = version + 1 WHERE id = $1::uuid AND status = 'active' "
	"AND state IN ('idle', 'ns_offer') AND NOT EXISTS (SELECT 1 FROM "
	"messages m WHERE "
	"m.conversation_id = $1::uuid AND m.direction = 'inbound' AND "
	"m.handled_at IS NULL) RETURNING id",
	2
};

/* Offers expired at $1, up to WL_EXPIRE_BATCH (the LIMIT below) of
 * them: closed, their entries waiting again. */
#define WL_EXPIRE_BATCH	500
#define WL_EXPIRE_ROUNDS 20
static const struct db_stmt st_expire = {
	"wl_expire",
	"WITH o AS (UPDATE waitlist_offers SET status = 'expired', "
	"answered_at = now() WHERE id IN (SELECT id FROM waitlist_offers "
	"WHERE status = 'offered' AND expires_at <= to_timestamp($1::bigint) "
	"ORDER BY expires_at LIMIT 500 FOR UPDATE SKIP LOCKED) "
	"AND status = 'offered' RETURNING id, clinic_id, "
	"entry_id, practitioner_id, starts_at, ends_at, treatment_type_id), "
	"w AS (UPDATE waitlist w SET status = 'waiting', updated_at = now() "
	"FROM o WHERE w.id = o.entry_id AND w.status = 'offered') "
	"SELECT o.id, o.clinic_id, o.practitioner_id::text, "
	"extract(epoch FROM o.starts_at)::bigint, "
	"extract(epoch FROM o.ends_at)::bigint, "
	"o.treatment_type_id::text FROM o",
	1
};

/*
 * Offers closed (expired, or gone to someone else) whose patient was
 * not told yet and whose conversation still waits on them with no
 * message of the patient's pending (a turn will answer that one); with
 * the window (the patient wrote in the last 24 hours), the clinic's
 * template for the notice ("" none), the slot's start and the clinic's
 * time zone (its variables).
 */
static const struct db_stmt st_untold = {
	"wl_untold",
	"SELECT o.id, o.clinic_id, c.id, c.version, o.status, "
	"coalesce(c.language, w.language), coalesce(c.last_inbound_at > "
	"now() - interval '24 hours', false), "
	"coalesce(cl.waitlist_closed_content_sid, ''), "
	"extract(epoch FROM o.starts_at)::bigint, cl.timezone "
	"FROM waitlist_offers o JOIN clinics cl ON cl.id = o.clinic_id "
	"JOIN waitlist w ON w.id = o.entry_id "
	"JOIN patients p ON p.id = w.patient_id "
	"JOIN conversations c ON c.clinic_id = o.clinic_id "
	"AND c.phone = p.phone AND c.status = 'active' "
	"AND c.state = 'wl_offer' AND c.context->'ids'->>0 = o.id::text "
	"WHERE o.status IN ('gone', 'expired') AND o.told_at IS NULL "
	"AND NOT EXISTS (SELECT 1 FROM messages m WHERE "
	"m.conversation_id = c.id AND m.direction = 'inbound' "
	"AND m.handled_at IS NULL) LIMIT 200 FOR UPDATE OF o, c SKIP LOCKED",
	0
};

static const struct db_stmt st_told = {
	"wl_told",
	"UPDATE waitlist_offers SET told_at = now() WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_conv_idle = {
	"wl_conv_idle",
	"UPDATE conversations SET state = 'idle', context = "
	"jsonb_build_object('t', $3::bigint), version = version + 1 "
	"WHERE id = $1::uuid AND version = $2::bigint RETURNING id",
	3
};

static const struct db_stmt st_scan_enqueue = {
	"wl_scan_enqueue",
	"INSERT INTO jobs (kind, dedupe_key, run_at, max_attempts) "
	"VALUES ('waitlist_scan', 'waitlist_scan', now() + "
	"make_interval(secs => $1::int), 1000) "
	"ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND "
	"status IN ('queued', 'running') DO NOTHING",
	1
};

static const struct db_stmt st_release = {
	"wl_release",
	"UPDATE jobs SET dedupe_key = NULL WHERE id = $1::bigint",
	1
};

int
waitlist_enqueue_offer(struct db *db, const char *clinic, const char *prac,
    const char *treat, int64_t start, int64_t end)
{
	char		 s[24], e[24];
	const char	*p[5] = { clinic, prac, s, e, treat };

	snprintf(s, sizeof(s), "%lld", (long long)start);
	snprintf(e, sizeof(e), "%lld", (long long)end);
	return db_do(db, &st_enqueue_offer, p);
}

/* One waiting entry the slot may go to. */
struct cand {
	char	 id[37];
	char	 patient[37];
	char	 treat[37];
	char	 phone[32];
	char	 appt[37];
	char	 name[160];	/* the patient's first and last names */
	int64_t	 old;		/* the appointment replaced, or 0 */
	int	 t;		/* treatment index in the booking handle */
	enum replies_lang lang;
};

/* What the offer job works on. */
struct offer {
	struct app_ctx	*ctx;
	const char	*clinic;
	char		 prac[37];
	char		 treat[37];	/* the slot's treatment, or "" */
	int		 p;		/* practitioner index */
	int64_t		 start;
	int64_t		 end;
	int64_t		 now;
	int		 batch;
	int		 minutes;
	char		 sid[40];	/* the offer's template, or "" */
	struct booking	*b;
	struct cand	*c;
	int		 nc;
	int		 sent;
	struct job	*job;
};

/* An int64 from text, or 0 (the database's own numbers). */
static int64_t
num64(const char *s)
{
	char		*end;
	long long	 v;

	v = strtoll(s, &end, 10);
	return end == s || *end != '\0' ? 0 : (int64_t)v;
}

/*
 * The entries the slot fits, from the database, kept when the slot is
 * free for their treatment in b (at most o->batch).  0 or -1.
 */
static int
offer_cands(struct offer *o)
{
	char		 s[24], n[24], e[24];
	const char	*p[6] = { o->clinic, o->prac, s, n, NULL, e };
	PGresult	*r;
	struct cand	*c;
	int		 i, t;

	p[4] = o->treat[0] != '\0' ? o->treat : NULL;
	snprintf(e, sizeof(e), "%lld", (long long)o->end);
	snprintf(s, sizeof(s), "%lld", (long long)o->start);
	snprintf(n, sizeof(n), "%lld", (long long)o->now);
	r = db_exec(o->ctx->db, &st_cands, p);
	if (r == NULL || !db_ok(r)) {
		PQclear(r);
		return -1;
	}
	if ((o->c = calloc((size_t)PQntuples(r) + 1, sizeof(*o->c))) ==
	    NULL) {
		PQclear(r);
		return -1;
	}
	for (i = 0; i < PQntuples(r) && o->nc < o->batch; i++) {
		t = booking_find_treat(o->b, PQgetvalue(r, i, 2));
		if (t < 0 || !booking_slot_free(o->b, o->p, t, o->start))
			continue;
		c = &o->c[o->nc++];
		snprintf(c->id, sizeof(c->id), "%s", PQgetvalue(r, i, 0));
		snprintf(c->patient, sizeof(c->patient), "%s",
		    PQgetvalue(r, i, 1));
		snprintf(c->treat, sizeof(c->treat), "%s",
		    PQgetvalue(r, i, 2));
		snprintf(c->phone, sizeof(c->phone), "%s",
		    PQgetvalue(r, i, 3));
		c->lang = strcmp(PQgetvalue(r, i, 4), "en") == 0 ?
		    REPLIES_EN : REPLIES_FR;
		snprintf(c->appt, sizeof(c->appt), "%s", PQgetvalue(r, i, 5));
		c->old = num64(PQgetvalue(r, i, 6));
		snprintf(c->name, sizeof(c->name), "%s", PQgetvalue(r, i, 7));
		c->t = t;
	}
	PQclear(r);
	return 0;
}

/* The values an offer to c shows, in c's language. */
struct offer_vals {
	char	 date[64];
	char	 time[16];
	char	 until[16];	/* the offer's last minute */
	char	 old[96];	/* the appointment replaced, or "" */
};

/* Fill w for the offer of o to c. */
static void
offer_vals(const struct offer *o, const struct cand *c,
    struct offer_vals *w)
{
	const struct tz	*tz = booking_tz(o->b);
	char		 od[64], ot[16];

	(void)replies_date(w->date, sizeof(w->date), c->lang, tz, o->start,
	    o->now);
	(void)replies_time(w->time, sizeof(w->time), tz, o->start);
	(void)replies_time(w->until, sizeof(w->until), tz,
	    o->now + (int64_t)o->minutes * 60);
	w->old[0] = '\0';
	if (c->old > 0) {
		(void)replies_date(od, sizeof(od), c->lang, tz, c->old,
		    o->now);
		(void)replies_time(ot, sizeof(ot), tz, c->old);
		snprintf(w->old, sizeof(w->old), "%s %s %s", od,
		    c->lang == REPLIES_EN ? "at" : "à", ot);
	}
}

/* The offer's text for c into body. */
static void
offer_text(const struct offer *o, const struct cand *c,
    const struct offer_vals *w, struct buf *body)
{
	struct replies_var	 v[7];

	v[0] = (struct replies_var){ "treatment",
	    booking_treat_name(o->b, (size_t)c->t) };
	v[1] = (struct replies_var){ "practitioner",
	    booking_prac_name(o->b, (size_t)o->p) };
	v[2] = (struct replies_var){ "date", w->date };
	v[3] = (struct replies_var){ "time", w->time };
	v[4] = (struct replies_var){ "until", w->until };
	v[5] = (struct replies_var){ "old", w->old };
	v[6] = (struct replies_var){ "patient", c->name };
	(void)waitlist_say(body, c->old > 0 ? "wl_offer_move" : "wl_offer",
	    c->lang, v, 7);
}

/*
 * The offer's template variables (clinics.waitlist_content_sid, see
 * sql/033): 1 treatment, 2 practitioner, 3 date, 4 time, 5 until,
 * 6 patient, 7 the appointment replaced or "".  Malloc'd JSON text, or
 * NULL.
 */
static char *
offer_vars(const struct offer *o, const struct cand *c,
    const struct offer_vals *w)
{
	json_object	*j;
	char		*s;

	if ((j = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(j, "1", json_object_new_string(
	    booking_treat_name(o->b, (size_t)c->t)));
	json_object_object_add(j, "2", json_object_new_string(
	    booking_prac_name(o->b, (size_t)o->p)));
	json_object_object_add(j, "3", json_object_new_string(w->date));
	json_object_object_add(j, "4", json_object_new_string(w->time));
	json_object_object_add(j, "5", json_object_new_string(w->until));
	json_object_object_add(j, "6", json_object_new_string(c->name));
	json_object_object_add(j, "7", json_object_new_string(w->old));
	s = strdup(json_object_to_json_string(j));
	json_object_put(j);
	return s;
}

/*
 * The offer to c as a message of conversation conv, in the caller's
 * transaction: the text inside the 24-hour window (inwin), the clinic's
 * template outside it, or recorded not sent with the staff alerted
 * (noshow_notice).  Returns a NOTICE_* value or -1.
 */
static int
offer_message(struct db *db, const struct offer *o, const struct cand *c,
    const char *conv, int inwin)
{
	struct noshow_notice	 n;
	struct offer_vals	 w;
	struct buf		 body;
	char			 id[37], *vars = NULL;
	int			 rc = -1;

	offer_vals(o, c, &w);
	buf_init(&body, REPLIES_MAX);
	offer_text(o, c, &w, &body);
	memset(&n, 0, sizeof(n));
	n.clinic = o->clinic;
	n.conv = conv;
	n.body = buf_str(&body);
	n.key = "wl_offer";
	n.inwin = inwin;
	n.sid = o->sid;
	if (!inwin && o->sid[0] != '\0') {
		if ((vars = offer_vars(o, c, &w)) == NULL)
			goto out;
		n.vars = vars;
	}
	rc = noshow_notice(db, &n, id);
out:
	free(vars);
	buf_free(&body);
	return rc;
}

/*
 * The conversation's context while it waits on offer id: the slot
 * (props[0]), the treatment's name, the patient, the appointment
 * replaced.  Malloc'd JSON text, or NULL.
 */
static char *
offer_context(const struct offer *o, const struct cand *c, const char *id)
{
	json_object	*j, *a, *p;
	char		*s;

	if ((j = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(j, "t", json_object_new_int64(o->now));
	json_object_object_add(j, "flow", json_object_new_string("wl"));
	json_object_object_add(j, "pid", json_object_new_string(c->patient));
	json_object_object_add(j, "tr", json_object_new_string(
	    booking_treat_name(o->b, (size_t)c->t)));
	if (c->appt[0] != '\0')
		json_object_object_add(j, "appt",
		    json_object_new_string(c->appt));
	a = json_object_new_array();
	json_object_array_add(a, json_object_new_string(id));
	json_object_object_add(j, "ids", a);
	a = json_object_new_array();
	p = json_object_new_object();
	json_object_object_add(p, "p", json_object_new_string(o->prac));
	json_object_object_add(p, "s", json_object_new_int64(o->start));
	json_object_array_add(a, p);
	json_object_object_add(j, "props", a);
	s = strdup(json_object_to_json_string(j));
	json_object_put(j);
	return s;
}

/*
 * Offer the slot to c in the offer job's transaction: the offer, the
 * conversation waiting on it, the message in the outbox.  Returns 1
 * sent, 0 skipped (the patient is busy talking, or an offer was made
 * meanwhile), or a negative db_err.
 */
static int
offer_one(struct db *db, struct offer *o, const struct cand *c)
{
	char		 s[24], n[24], mins[12], dur[12], conv[37], id[37];
	const char	*p[8];
	char		*ctxj = NULL;
	PGresult	*r;
	int		 idle, inwin;

	p[0] = o->clinic;
	p[1] = c->phone;
	p[2] = c->lang == REPLIES_EN ? "en" : "fr";
	r = db_exec(db, &st_conv, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) != 1) {
		PQclear(r);
		return -DB_ERR_QUERY;
	}
	snprintf(conv, sizeof(conv), "%s", PQgetvalue(r, 0, 0));
	/* Idle (or only waiting for an answer to the no-show message,
	 * which the offer replaces), and no message of the patient waiting
	 * for its turn (it was written before the offer: it is no answer
	 * to it). */
	idle = strcmp(PQgetvalue(r, 0, 1), "active") == 0 &&
	    (strcmp(PQgetvalue(r, 0, 2), "idle") == 0 ||
	    strcmp(PQgetvalue(r, 0, 2), "ns_offer") == 0) &&
	    strcmp(PQgetvalue(r, 0, 3), "t") == 0;
	inwin = strcmp(PQgetvalue(r, 0, 4), "t") == 0;
	PQclear(r);
	if (!idle)
		return 0;
	/* Outside the window with no template: nothing can be sent; the
	 * message is recorded not sent, the staff told, the slot goes on
	 * to the next patient. */
	if (!inwin && o->sid[0] == '\0')
		return offer_message(db, o, c, conv, 0) < 0 ?
		    -DB_ERR_QUERY : 0;
	snprintf(s, sizeof(s), "%lld", (long long)o->start);
	snprintf(n, sizeof(n), "%lld", (long long)o->now);
	snprintf(mins, sizeof(mins), "%d", o->minutes);
	snprintf(dur, sizeof(dur), "%d", booking_treat_minutes(o->b,
	    (size_t)c->t));
	p[0] = o->clinic;
	p[1] = c->id;
	p[2] = o->prac;
	p[3] = c->treat;
	p[4] = s;
	p[5] = dur;
	p[6] = n;
	p[7] = mins;
	r = db_exec(db, &st_offer_add, p);
	if (r == NULL || !db_ok(r)) {
		PQclear(r);
		return -DB_ERR_QUERY;
	}
	if (PQntuples(r) != 1) {
		PQclear(r);
		return 0;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	if ((ctxj = offer_context(o, c, id)) == NULL)
		return -DB_ERR_NOMEM;
	p[0] = conv;
	p[1] = ctxj;
	r = db_exec(db, &st_conv_wait, p);
	free(ctxj);
	if (r == NULL || !db_ok(r)) {
		PQclear(r);
		return -DB_ERR_QUERY;
	}
	if (PQntuples(r) != 1) {
		PQclear(r);
		p[0] = id;
		return db_do(db, &st_offer_drop, p) == DB_OK ? 0 :
		    -DB_ERR_QUERY;
	}
	PQclear(r);
	p[0] = c->id;
	p[1] = conv;
	if (db_do(db, &st_entry_offered, p) != DB_OK)
		return -DB_ERR_QUERY;
	return offer_message(db, o, c, conv, inwin) > 0 ? 1 :
	    -DB_ERR_QUERY;
}

/* The offer job's transaction: every candidate in turn. */
static int
offer_tx(struct db *db, void *arg)
{
	struct offer	*o = arg;
	int		 i, rc;

	o->sent = 0;
	for (i = 0; i < o->nc; i++) {
		if ((rc = offer_one(db, o, &o->c[i])) < 0)
			return -rc;
		o->sent += rc;
	}
	/* The job is done with its offers, or not at all. */
	return jobs_finish(db, o->job);
}

/* The clinic's batch size and offer minutes into o: 0, 1 when the
 * clinic offers nothing (no such clinic, no batch, no minutes), or -1
 * when the database could not say (the job is tried again). */
static int
offer_settings(struct offer *o)
{
	const char	*p[1] = { o->clinic };
	PGresult	*r;
	int		 rc = 1;

	r = db_exec(o->ctx->db, &st_clinic, p);
	if (r == NULL || !db_ok(r))
		rc = -1;
	else if (PQntuples(r) == 1) {
		o->batch = (int)num64(PQgetvalue(r, 0, 0));
		o->minutes = (int)num64(PQgetvalue(r, 0, 1));
		snprintf(o->sid, sizeof(o->sid), "%s", PQgetvalue(r, 0, 2));
		rc = o->batch > 0 && o->minutes > 0 ? 0 : 1;
	}
	PQclear(r);
	return rc;
}

/* The slot of the job's payload into o.  0 or -1. */
static int
offer_payload(struct offer *o, const struct job *j)
{
	json_object	*v;
	const char	*s;

	if (!json_object_object_get_ex(j->payload, "practitioner_id", &v) ||
	    (s = json_object_get_string(v)) == NULL || strlen(s) != 36)
		return -1;
	snprintf(o->prac, sizeof(o->prac), "%s", s);
	if (json_object_object_get_ex(j->payload, "treatment_type_id", &v) &&
	    (s = json_object_get_string(v)) != NULL && strlen(s) == 36)
		snprintf(o->treat, sizeof(o->treat), "%s", s);
	if (!json_object_object_get_ex(j->payload, "starts_at", &v))
		return -1;
	o->start = json_object_get_int64(v);
	if (!json_object_object_get_ex(j->payload, "ends_at", &v))
		return -1;
	o->end = json_object_get_int64(v);
	return o->start > 0 && o->end > o->start ? 0 : -1;
}

enum job_outcome
waitlist_job_offer(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	struct offer		 o;
	enum job_outcome	 out = JOB_RETRY;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.ctx = ctx;
	o.job = j;
	o.clinic = j->clinic_id;
	o.now = config_now();
	if (*o.clinic == '\0' || offer_payload(&o, j) == -1) {
		snprintf(err, errsz, "bad waitlist offer payload");
		return JOB_GIVEUP;
	}
	if (o.start <= o.now)
		goto done;
	if ((rc = offer_settings(&o)) != 0) {
		if (rc == 1)
			goto done;
		snprintf(err, errsz, "could not read the waitlist settings");
		return JOB_RETRY;
	}
	/* Free time read with no transaction open (it may ask Google). */
	if (booking_load(ctx, o.clinic, o.now, &o.b) != BOOKING_OK) {
		snprintf(err, errsz, "could not load the clinic");
		return JOB_RETRY;
	}
	if (booking_busy(ctx, o.b, NULL) != BOOKING_OK ||
	    (o.p = booking_find_prac(o.b, o.prac)) < 0) {
		snprintf(err, errsz, "could not read free time");
		out = o.p < 0 ? JOB_DONE : JOB_RETRY;
		goto out;
	}
	if (offer_cands(&o) == -1) {
		snprintf(err, errsz, "could not read the waitlist");
		goto out;
	}
	if (o.nc > 0 && (rc = db_tx(ctx->db, offer_tx, &o)) != 0) {
		snprintf(err, errsz, "could not send the offers: %s",
		    db_strerror((enum db_err)rc));
		goto out;
	}
	if (o.sent > 0)
		log_event("waitlist", "WAITLIST_OFFERED", o.clinic,
		    "slot %s at %lld offered to %d", o.prac,
		    (long long)o.start, o.sent);
done:	/* the worker finishes it when the transaction did not */
	out = JOB_DONE;
out:
	booking_free(o.b);
	free(o.c);
	return out;
}

/*
 * The notice that offer row i of r (st_untold's) closed, queued in its
 * conversation: the text inside the window, the clinic's template
 * outside it (1 date, 2 time of the slot), or recorded not sent with the
 * staff alerted.  0 or -1.
 */
static int
tell_one(struct app_ctx *ctx, PGresult *r, int i, int64_t now)
{
	struct noshow_notice	 n;
	struct buf		 body;
	const struct tz		*tz;
	json_object		*j;
	enum replies_lang	 lang;
	char			 id[37], date[64], time[16];
	int64_t			 start;
	int			 rc;

	lang = strcmp(PQgetvalue(r, i, 5), "en") == 0 ? REPLIES_EN :
	    REPLIES_FR;
	buf_init(&body, REPLIES_MAX);
	(void)waitlist_say(&body, strcmp(PQgetvalue(r, i, 4), "gone") == 0 ?
	    "wl_taken" : "wl_expired", lang, NULL, 0);
	memset(&n, 0, sizeof(n));
	n.clinic = PQgetvalue(r, i, 1);
	n.conv = PQgetvalue(r, i, 2);
	n.body = buf_str(&body);
	n.key = "wl_closed";
	n.inwin = strcmp(PQgetvalue(r, i, 6), "t") == 0;
	n.sid = PQgetvalue(r, i, 7);
	j = NULL;
	if (!n.inwin && *n.sid != '\0') {
		if (tz_load(PQgetvalue(r, i, 9), &tz) != TZ_OK ||
		    (j = json_object_new_object()) == NULL) {
			buf_free(&body);
			return -1;
		}
		start = num64(PQgetvalue(r, i, 8));
		(void)replies_date(date, sizeof(date), lang, tz, start, now);
		(void)replies_time(time, sizeof(time), tz, start);
		json_object_object_add(j, "1", json_object_new_string(date));
		json_object_object_add(j, "2", json_object_new_string(time));
		n.vars = json_object_to_json_string(j);
	}
	rc = noshow_notice(ctx->db, &n, id) < 0 ? -1 : 0;
	json_object_put(j);
	buf_free(&body);
	return rc;
}

/* Tell the patients whose offer closed; their conversations go idle. */
static int
scan_tell(struct app_ctx *ctx, int64_t now)
{
	PGresult	*r, *q;
	const char	*p[3];
	char		 t[24];
	int		 i, rc = 0, idle;

	snprintf(t, sizeof(t), "%lld", (long long)now);
	r = db_exec(ctx->db, &st_untold, NULL);
	if (r == NULL || !db_ok(r)) {
		PQclear(r);
		return -1;
	}
	for (i = 0; i < PQntuples(r) && rc == 0; i++) {
		p[0] = PQgetvalue(r, i, 2);
		p[1] = PQgetvalue(r, i, 3);
		p[2] = t;
		q = db_exec(ctx->db, &st_conv_idle, p);
		if (q == NULL || !db_ok(q)) {
			PQclear(q);
			rc = -1;
			break;
		}
		idle = PQntuples(q) == 1;
		PQclear(q);
		if (!idle)	/* the patient wrote meanwhile */
			continue;
		rc = tell_one(ctx, r, i, now);
		p[0] = PQgetvalue(r, i, 0);
		if (rc == 0 && db_do(ctx->db, &st_told, p) != DB_OK)
			rc = -1;
	}
	PQclear(r);
	return rc;
}

/* One batch of expired offers closed, their slots queued again: the
 * number closed, or -1. */
static int
scan_expire_batch(struct app_ctx *ctx, int64_t now)
{
	char		 n[24];
	const char	*p[1] = { n };
	PGresult	*r;
	int		 i, rc = 0;

	snprintf(n, sizeof(n), "%lld", (long long)now);
	r = db_exec(ctx->db, &st_expire, p);
	if (r == NULL || !db_ok(r)) {
		PQclear(r);
		return -1;
	}
	for (i = 0; i < PQntuples(r) && rc == 0; i++)
		if (waitlist_enqueue_offer(ctx->db, PQgetvalue(r, i, 1),
		    PQgetvalue(r, i, 2), PQgetvalue(r, i, 5),
		    num64(PQgetvalue(r, i, 3)),
		    num64(PQgetvalue(r, i, 4))) != DB_OK)
			rc = -1;
	if (PQntuples(r) > 0)
		log_event("waitlist", "WAITLIST_EXPIRED", NULL,
		    "%d offers expired", PQntuples(r));
	if (rc == 0)
		rc = PQntuples(r);
	PQclear(r);
	return rc;
}

/*
 * Close the expired offers and offer their slots again, a batch at a
 * time until none is left (at most WL_EXPIRE_ROUNDS batches a run; the
 * next scan takes the rest).  0 or -1.
 */
static int
scan_expire(struct app_ctx *ctx, int64_t now)
{
	int	 i, n;

	for (i = 0; i < WL_EXPIRE_ROUNDS; i++)
		if ((n = scan_expire_batch(ctx, now)) < WL_EXPIRE_BATCH)
			return n < 0 ? -1 : 0;
	return 0;
}

enum job_outcome
waitlist_job_scan(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	char		 d[16];
	const char	*p[1] = { j->id };
	int64_t		 now = config_now();

	if (scan_expire(ctx, now) == -1 || scan_tell(ctx, now) == -1) {
		snprintf(err, errsz, "waitlist scan failed");
		return JOB_RETRY;
	}
	snprintf(d, sizeof(d), "%d", WAITLIST_PERIOD_S);
	if (db_do(ctx->db, &st_release, p) != DB_OK) {
		snprintf(err, errsz, "could not release the scan");
		return JOB_RETRY;
	}
	p[0] = d;
	if (db_do(ctx->db, &st_scan_enqueue, p) != DB_OK) {
		snprintf(err, errsz, "could not queue the next scan");
		return JOB_RETRY;
	}
	return JOB_DONE;
}
