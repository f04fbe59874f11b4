/*
 * waitlist_eng — the waitlist in the conversation: the answer to an
 * offer (state "wl_offer", set by waitlist.c), joining the list
 * (recapped, state "wl_join") and leaving it.  The decision is the
 * engine's pure function of its snapshot (eng_waitlist); the write is
 * the turn's commit (eng_waitlist_commit), where a yes to an offer
 * books or moves under the practitioner's booking lock, and a yes that
 * comes second is told the slot was just taken.  See waitlist.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "booking.h"
#include "db.h"
#include "engine_int.h"
#include "engine_parse.h"
#include "log.h"
#include "tz.h"
#include "waitlist.h"

/* Days a window runs when the patient named no day. */
#define WL_DAYS		30

/* The offer answered, its entry, locked for the commit. */
static const struct db_stmt st_offer = {
	"wl_eng_offer",
	"SELECT o.status, o.expires_at > to_timestamp($3::bigint), "
	"o.practitioner_id::text, extract(epoch FROM o.starts_at)::bigint, "
	"extract(epoch FROM o.ends_at)::bigint, "
	"EXISTS (SELECT 1 FROM waitlist_offers x JOIN appointments a ON "
	"a.id = x.appointment_id AND a.clinic_id = x.clinic_id WHERE "
	"x.clinic_id = o.clinic_id AND x.practitioner_id = "
	"o.practitioner_id AND x.starts_at = o.starts_at AND x.status = "
	"'accepted' AND a.status = 'booked' AND a.practitioner_id = "
	"x.practitioner_id AND a.starts_at = x.starts_at), "
	"o.treatment_type_id::text, "
	"coalesce((SELECT m.created_at < o.created_at FROM messages m "
	"WHERE m.id = $4::uuid), false) "
	"FROM waitlist_offers o JOIN waitlist w ON w.id = o.entry_id "
	"WHERE o.id = $1::uuid AND o.clinic_id = $2::uuid "
	"FOR UPDATE OF o, w",
	4
};

/* An offer closed by its answer ($2: accepted, declined, gone,
 * expired); its entry booked or waiting again. */
static const struct db_stmt st_close = {
	"wl_eng_close",
	"WITH o AS (UPDATE waitlist_offers SET status = $2, "
	"answered_at = now(), told_at = now(), appointment_id = $3::uuid "
	"WHERE id = $1::uuid RETURNING entry_id) "
	"UPDATE waitlist w SET status = CASE WHEN $2 = 'accepted' "
	"THEN 'booked' ELSE 'waiting' END, updated_at = now() FROM o "
	"WHERE w.id = o.entry_id AND w.status IN ('waiting', 'offered')",
	3
};

/* The other offers of a slot just given: gone; their entries wait. */
static const struct db_stmt st_others_gone = {
	"wl_eng_others_gone",
	"WITH o AS (UPDATE waitlist_offers x SET status = 'gone', "
	"answered_at = now() FROM waitlist_offers a WHERE a.id = $1::uuid "
	"AND x.clinic_id = a.clinic_id AND x.practitioner_id = "
	"a.practitioner_id AND x.starts_at = a.starts_at AND x.id <> a.id "
	"AND x.status = 'offered' RETURNING x.entry_id) "
	"UPDATE waitlist w SET status = 'waiting', updated_at = now() FROM o "
	"WHERE w.id = o.entry_id AND w.status = 'offered'",
	1
};

/* The conversation waits on the offer again (a message older than it
 * was no answer to it). */
static const struct db_stmt st_wait_again = {
	"wl_eng_wait_again",
	"UPDATE conversations SET state = 'wl_offer', context = $2::jsonb, "
	"version = version + 1 WHERE id = $1::uuid",
	2
};

/* Tell the others soon: a scan now (beside the periodic one). */
static const struct db_stmt st_scan_now = {
	"wl_eng_scan_now",
	"INSERT INTO jobs (kind, max_attempts) VALUES ('waitlist_scan', 3)",
	0
};

/* The phone's live entries cancelled, their pending offers declined
 * (the slots offered to the next ones, by jobs the worker polls). */
static const struct db_stmt st_leave = {
	"wl_eng_leave",
	"WITH w AS (UPDATE waitlist w SET status = 'cancelled', "
	"updated_at = now() FROM patients p WHERE p.id = w.patient_id "
	"AND p.clinic_id = w.clinic_id AND w.clinic_id = $1::uuid "
	"AND p.phone = $2 AND w.status IN ('waiting', 'offered') "
	"RETURNING w.id), "
	"o AS (UPDATE waitlist_offers o SET status = 'declined', "
	"answered_at = now(), told_at = now() FROM w WHERE o.entry_id = w.id "
	"AND o.status = 'offered' RETURNING o.*), "
	"j AS (INSERT INTO jobs (kind, clinic_id, queue_key, payload) "
	"SELECT 'waitlist_offer', o.clinic_id, 'waitlist:' || o.clinic_id, "
	"jsonb_build_object('practitioner_id', o.practitioner_id, "
	"'treatment_type_id', o.treatment_type_id, 'starts_at', "
	"extract(epoch FROM o.starts_at)::bigint, 'ends_at', "
	"extract(epoch FROM o.ends_at)::bigint) FROM o RETURNING id) "
	"SELECT count(*), (SELECT count(*) FROM j) FROM w",
	2
};

/*
 * A new entry (or the live one of that patient and treatment, its
 * window renewed); the patient's next appointment of that treatment,
 * when there is one, is the one an earlier slot would replace.
 */
static const struct db_stmt st_join = {
	"wl_eng_join",
	"INSERT INTO waitlist (clinic_id, patient_id, conversation_id, "
	"treatment_type_id, practitioner_id, earliest, latest, language, "
	"part_of_day, appointment_id) VALUES ($1::uuid, $2::uuid, $3::uuid, "
	"$4::uuid, $5::uuid, $6::date, $7::date, $8, $9, (SELECT a.id "
	"FROM appointments a "
	"WHERE a.clinic_id = $1::uuid AND a.patient_id = $2::uuid AND "
	"a.treatment_type_id = $4::uuid AND a.status = 'booked' AND "
	"a.starts_at > now() ORDER BY a.starts_at LIMIT 1)) "
	"ON CONFLICT (clinic_id, patient_id, treatment_type_id) "
	"WHERE status IN ('waiting', 'offered') DO UPDATE SET "
	"earliest = excluded.earliest, latest = excluded.latest, "
	"practitioner_id = excluded.practitioner_id, "
	"part_of_day = excluded.part_of_day, updated_at = now()",
	9
};

/* What the commit is asked (struct eng's wl_op). */
enum {
	WL_NONE = 0,
	WL_ACCEPT,	/* book or move act.* for offer wl_id */
	WL_DECLINE,	/* offer wl_id declined */
	WL_JOIN,	/* act.patient waits for act.treat (act.prac) */
	WL_LEAVE,	/* every live entry of the phone cancelled */
	WL_GONE		/* offer wl_id no longer free: closed as gone */
};

/* Say the waitlist's message key (the reply's first template names it). */
static void
wl_say(struct eng *e, const char *key, const struct replies_var *v,
    size_t n)
{
	if (e->tkey == NULL)
		e->tkey = key;
	if (e->reply.len > 0 && e->reply.p[e->reply.len - 1] != '\n')
		(void)buf_addc(&e->reply, '\n');
	(void)waitlist_say(&e->reply, key, e->lang, v, n);
}

/* Does the normalised text hold any of the words? */
static int
has_any(const char *t, const char *const *w)
{
	for (; *w != NULL; w++)
		if (strstr(t, *w) != NULL)
			return 1;
	return 0;
}

/*
 * The texts below are matched against engine_norm's folding: lower
 * case, no accents, punctuation as single spaces.
 */

/* The waiting list named; or, once on it, "the list". */
static const char *const wl_named[] = { "liste d attente",
    "waiting list", "waitlist", "wait list", NULL };
static const char *const wl_the[] = { "la liste", "the list", NULL };

/* "retirez-moi de la liste", "take me off the waiting list". */
static int
says_leave(const char *t)
{
	static const char *const out[] = { "retir", "enlev", "sortir",
	    "sortez", "desinscri", "plus sur la", "plus etre sur",
	    "take me off", "remove me", "off the", "leave the",
	    "cancel my wait", NULL };

	return (has_any(t, wl_named) || has_any(t, wl_the)) &&
	    has_any(t, out);
}

/*
 * "liste d'attente", "prévenez-moi si une place se libère plus tôt",
 * "let me know if something earlier frees up": the list, or being told
 * when something frees up (a question about free time is no such wish).
 */
static int
says_join(const char *t)
{
	static const char *const tell[] = { "prevenez", "previens",
	    "prevenir", "ecrivez moi", "tenez moi", "tell me", "let me know",
	    "notify me", "text me", "message me", NULL };
	static const char *const freed[] = { "libere", "liberait",
	    "plus tot", "desistement", "frees up", "freed up", "opens up",
	    "earlier", "cancellation", NULL };

	return has_any(t, wl_named) || (has_any(t, tell) &&
	    has_any(t, freed));
}

/*
 * "Ok, je regarde mon agenda et je reviens vers vous", "ok let me check
 * and get back to you": an answer put off, whatever yes word it has.
 */
static int
defers(const struct eng *e)
{
	static const char *const later[] = { "je regarde", "regarder",
	    "je verifie", "reviens vers", "revenir vers", "je reviens",
	    "je vous redis", "je vous dirai", "je vous recontacte",
	    "je rappelle", "plus tard", "mon agenda", "je reflechis",
	    "reflechir", "let me check", "i ll check", "get back to",
	    "i ll see", "let me see", "my calendar", "my diary", "later",
	    "think about", "let you know", NULL };
	char	 t[512];

	(void)engine_norm(e->text, e->len, t, sizeof(t));
	return has_any(t, later);
}

/*
 * The patient's yes (1), no (0), or neither (-1), as for the ordinary
 * recap (engine_book.c): a yes books or moves, so only the rules' plain
 * yes counts (a doubt, a condition or a question keeps it out: "oui
 * mais…", "ok, je regarde mon agenda", "yes? how long…"); a no only
 * leaves the offer, so a "no" word is enough.
 */
static int
yes_no(const struct eng *e)
{
	if (e->nlu.intent == NLU_INTENT_AFFIRMATIVE &&
	    e->nlu.intent_src == NLU_SRC_RULES && !defers(e))
		return 1;
	if (e->nlu.intent == NLU_INTENT_NEGATIVE)
		return 0;
	return engine_parse_yesno(e->text, e->len) == 0 ? 0 : -1;
}

/* A yes that is no plain yes, or a question about the slot (1). */
static int
doubtful(const struct eng *e)
{
	return engine_parse_yesno(e->text, e->len) == 1 ||
	    engine_parse_recap_question(e->text, e->len) != 0 ||
	    e->nlu.intent == NLU_INTENT_AFFIRMATIVE;
}

/*
 * The flow's patient busy where they already have an appointment (any
 * practitioner; not the one an earlier slot would replace), as
 * own_time_busy does for the ordinary recap.
 */
static void
own_busy(struct eng *e)
{
	int	 i;

	for (i = 0; i < e->nappts; i++)
		if (strcmp(e->appts[i].patient, e->c.pid) == 0 &&
		    strcmp(e->appts[i].id, e->c.appt) != 0 &&
		    e->appts[i].until > e->appts[i].start)
			(void)booking_add_busy_all(e->b, e->appts[i].start,
			    e->appts[i].until);
}

/* The offer (slot p, t at start, for patient pid) asked again, its
 * question answered. */
static void
offer_again(struct eng *e, int p, int t, int64_t start, const char *pid)
{
	struct replies_var	 v[5];
	char			 date[64], time[16], who[2 * ENG_NAME + 2];

	(void)eng_book_recap_answer(e);
	eng_when(e, start, date, sizeof(date), time, sizeof(time));
	eng_patient_name(e, pid, who, sizeof(who));
	v[0] = (struct replies_var){ "treatment", booking_treat_name(e->b,
	    (size_t)t) };
	v[1] = (struct replies_var){ "practitioner", booking_prac_name(e->b,
	    (size_t)p) };
	v[2] = (struct replies_var){ "date", date };
	v[3] = (struct replies_var){ "time", time };
	v[4] = (struct replies_var){ "patient", who };
	wl_say(e, "wl_offer_again", v, 5);
}

/* The answer to an offer: yes takes it (at the commit), no leaves it. */
static void
on_offer(struct eng *e, int yn)
{
	struct replies_var	 v[4];
	char			 date[64], time[16];
	int			 p, t, cal;

	p = e->c.nprops == 1 ? booking_find_prac(e->b, e->c.props[0].prac) :
	    -1;
	t = booking_find_treat(e->b, e->c.tr);
	if (e->c.nids != 1 || p < 0 || t < 0) {
		eng_dispatch_idle(e);
		return;
	}
	memcpy(e->wl_id, e->c.ids[0], ENG_ID);
	if (yn == -1) {
		/* A doubt or a question: answered, the offer asked again;
		 * anything else is a new request. */
		if (doubtful(e))
			offer_again(e, p, t, e->c.props[0].start, e->c.pid);
		else
			eng_dispatch_idle(e);
		return;
	}
	e->wl_ctx = e->c;
	e->act.prac = p;
	e->act.treat = t;
	e->act.start = e->c.props[0].start;
	memcpy(e->act.patient, e->c.pid, ENG_ID);
	if (yn == 0) {
		e->wl_op = WL_DECLINE;
		e->act.kind = ENG_W_WAITLIST;
		wl_say(e, "wl_declined", NULL, 0);
		eng_reset(e);
		return;
	}
	/* Still free?  The busy time of now (absences, closures, other
	 * bookings, the patient's own appointments), then the calendar,
	 * all read outside any transaction. */
	if (!eng_have_busy(e, e->c.appt[0] != '\0' ? e->c.appt : NULL))
		return;
	own_busy(e);
	if (!booking_slot_free(e->b, p, t, e->c.props[0].start) ||
	    (cal = eng_cal_free(e, p, t, e->c.props[0].start)) == 0) {
		e->wl_op = WL_GONE;
		e->act.kind = ENG_W_WAITLIST;
		wl_say(e, "wl_not_free", NULL, 0);
		eng_reset(e);
		return;
	}
	if (cal == -1)
		return;
	e->wl_op = WL_ACCEPT;
	e->act.kind = ENG_W_WAITLIST;
	e->act.prac = p;
	e->act.treat = t;
	e->act.start = e->c.props[0].start;
	memcpy(e->act.appt, e->c.appt, ENG_ID);
	memcpy(e->act.patient, e->c.pid, ENG_ID);
	eng_when(e, e->act.start, date, sizeof(date), time, sizeof(time));
	v[0] = (struct replies_var){ "treatment", booking_treat_name(e->b,
	    (size_t)t) };
	v[1] = (struct replies_var){ "practitioner", booking_prac_name(e->b,
	    (size_t)p) };
	v[2] = (struct replies_var){ "date", date };
	v[3] = (struct replies_var){ "time", time };
	wl_say(e, e->act.appt[0] != '\0' ? "wl_moved" : "wl_booked", v, 4);
	eng_reset(e);
}

/* A local date as YYYY-MM-DD, days after today's. */
static void
local_day(const struct eng *e, int days, char *out, size_t sz)
{
	struct tz_local	 l;
	int64_t		 d;
	int		 y, m, dd;

	tz_to_local(booking_tz(e->b), e->now, &l);
	d = tz_days_from_civil(l.year, l.month, l.day) + days;
	tz_civil_from_days(d, &y, &m, &dd);
	snprintf(out, sz, "%04d-%02d-%02d", y, m, dd);
}

/* Noon UTC of local day "YYYY-MM-DD" (written by local_day), to say
 * the day in any zone within twelve hours of UTC; 0 when malformed. */
static int64_t
day_utc(const char *day)
{
	char	*end;
	long	 y, m, d;

	y = strtol(day, &end, 10);
	if (end != day + 4 || *end != '-')
		return 0;
	m = strtol(day + 5, &end, 10);
	if (end != day + 7 || *end != '-' || m < 1 || m > 12)
		return 0;
	d = strtol(day + 8, &end, 10);
	if (end != day + 10 || *end != '\0' || d < 1 || d > 31)
		return 0;
	return tz_days_from_civil((int)y, (int)m, (int)d) * 86400 + 43200;
}

/* The patient the list would be for, or NULL (a question was asked). */
static const char *
join_patient(struct eng *e)
{
	if (e->c.pid[0] != '\0')
		return e->c.pid;
	if (e->npats == 1)
		return e->pats[0].id;
	wl_say(e, "wl_need_patient", NULL, 0);
	return NULL;
}

/* "Put me on the list": recapped (treatment, window) before the yes. */
static void
join_ask(struct eng *e)
{
	struct replies_var	 v[6];
	char			 first[64], last[64], with[ENG_NAME + 8];
	char			 name[2 * ENG_NAME + 2];
	char			 pid[ENG_ID], tr[ENG_NAME], pr[ENG_NAME];
	char			 from[11], to[11], pref[12];
	const char		*who;
	int			 t, p = -1;

	snprintf(tr, sizeof(tr), "%s", e->c.tr[0] != '\0' ? e->c.tr :
	    e->nlu.val[NLU_F_APPOINTMENT_TYPE]);
	snprintf(pr, sizeof(pr), "%s", e->c.pr[0] != '\0' ? e->c.pr :
	    e->nlu.val[NLU_F_PRACTITIONER]);
	local_day(e, 0, from, sizeof(from));
	if (e->c.until[0] != '\0' && strcmp(e->c.until, from) >= 0)
		snprintf(to, sizeof(to), "%s", e->c.until);
	else if (e->c.date[0] != '\0' && strcmp(e->c.date, from) >= 0)
		snprintf(to, sizeof(to), "%s", e->c.date);
	else
		local_day(e, WL_DAYS, to, sizeof(to));
	if ((who = join_patient(e)) == NULL) {
		eng_reset(e);
		return;
	}
	snprintf(pid, sizeof(pid), "%s", who);
	if ((t = booking_find_treat(e->b, tr)) < 0) {
		eng_reset(e);
		wl_say(e, "wl_need_treatment", NULL, 0);
		return;
	}
	if (pr[0] != '\0' && (p = booking_find_prac(e->b, pr)) >= 0 &&
	    !booking_prac_offers(e->b, (size_t)p, (size_t)t))
		p = -1;
	snprintf(pref, sizeof(pref), "%s", e->c.pref);
	eng_reset(e);
	snprintf(e->c.flow, sizeof(e->c.flow), "wl");
	snprintf(e->c.pref, sizeof(e->c.pref), "%s", pref);
	memcpy(e->c.pid, pid, ENG_ID);
	snprintf(e->c.tr, sizeof(e->c.tr), "%s",
	    booking_treat_name(e->b, (size_t)t));
	if (p >= 0)
		snprintf(e->c.pr, sizeof(e->c.pr), "%s",
		    booking_prac_name(e->b, (size_t)p));
	snprintf(e->c.date, sizeof(e->c.date), "%s", from);
	snprintf(e->c.until, sizeof(e->c.until), "%s", to);
	eng_set_state(e, "wl_join");
	with[0] = '\0';
	if (p >= 0)
		snprintf(with, sizeof(with), " %s %s",
		    e->lang == REPLIES_EN ? "with" : "avec",
		    booking_prac_name(e->b, (size_t)p));
	(void)replies_date(first, sizeof(first), e->lang, booking_tz(e->b),
	    day_utc(from), e->now);
	(void)replies_date(last, sizeof(last), e->lang, booking_tz(e->b),
	    day_utc(to), e->now);
	v[0] = (struct replies_var){ "treatment", e->c.tr };
	v[1] = (struct replies_var){ "with", with };
	v[2] = (struct replies_var){ "first", first };
	v[3] = (struct replies_var){ "last", last };
	v[4] = (struct replies_var){ "part", e->c.pref[0] == '\0' ? "" :
	    strcmp(e->c.pref, "MORNING") == 0 ? (e->lang == REPLIES_EN ?
	    " in the morning" : " le matin") : (e->lang == REPLIES_EN ?
	    " in the afternoon" : " l'après-midi") };
	eng_patient_name(e, e->c.pid, name, sizeof(name));
	v[5] = (struct replies_var){ "patient", name };
	wl_say(e, "wl_join_recap", v, 6);
}

/* The answer to the join recap. */
static void
on_join(struct eng *e, int yn)
{
	struct replies_var	 v[1];
	int			 t, p;

	t = booking_find_treat(e->b, e->c.tr);
	p = e->c.pr[0] != '\0' ? booking_find_prac(e->b, e->c.pr) : -1;
	if (yn == -1 && t >= 0) {
		/* "oui mais seulement le matin": the wish taken, the recap
		 * asked again; nothing joined before a plain yes. */
		if (strcmp(e->nlu.val[NLU_F_TIME_PREFERENCE],
		    "MORNING") == 0 || strcmp(e->nlu.val[
		    NLU_F_TIME_PREFERENCE], "AFTERNOON") == 0)
			(void)snprintf(e->c.pref, sizeof(e->c.pref), "%.11s",
			    e->nlu.val[NLU_F_TIME_PREFERENCE]);
		join_ask(e);
		return;
	}
	if (yn != 1 || t < 0) {
		eng_reset(e);
		wl_say(e, "wl_join_no", NULL, 0);
		return;
	}
	e->wl_op = WL_JOIN;
	e->act.kind = ENG_W_WAITLIST;
	e->act.treat = t;
	e->act.prac = p;
	memcpy(e->act.patient, e->c.pid, ENG_ID);
	snprintf(e->wl_first, sizeof(e->wl_first), "%s", e->c.date);
	snprintf(e->wl_last, sizeof(e->wl_last), "%s", e->c.until);
	/* The part of the day asked for when the list was offered. */
	e->wl_part = strcmp(e->c.pref, "MORNING") == 0 ? "morning" :
	    e->c.pref[0] != '\0' ? "afternoon" : NULL;
	v[0] = (struct replies_var){ "treatment", e->c.tr };
	eng_reset(e);
	wl_say(e, "wl_joined", v, 1);
}

int
eng_waitlist(struct eng *e)
{
	char	 t[512];
	int	 yn;

	(void)engine_norm(e->text, e->len, t, sizeof(t));
	if (says_leave(t)) {
		eng_reset(e);
		e->wl_op = WL_LEAVE;
		e->act.kind = ENG_W_WAITLIST;
		wl_say(e, "wl_left", NULL, 0);
		return 1;
	}
	yn = yes_no(e);
	if (strcmp(e->c.state, "wl_offer") == 0) {
		on_offer(e, yn);
		return 1;
	}
	if (strcmp(e->c.state, "wl_join") == 0 && (yn != -1 ||
	    doubtful(e))) {
		on_join(e, yn);
		return 1;
	}
	if (says_join(t) && e->b != NULL) {
		join_ask(e);
		return 1;
	}
	return 0;
}

void
eng_waitlist_suggest(struct eng *e)
{
	if (strcmp(e->c.flow, "book") == 0)
		wl_say(e, "wl_suggest", NULL, 0);
}

/* Replace the decided reply with the waitlist's message key. */
static void
wl_reply(struct eng *e, const char *key)
{
	buf_reset(&e->reply);
	e->tkey = NULL;
	wl_say(e, key, NULL, 0);
}

/*
 * The message answered was written before the offer: nothing done, the
 * offer asked again and the conversation waiting on it as loaded.
 * Returns a db_err.
 */
static int
wl_wait_again(struct db *db, struct eng *e)
{
	const char	*p[2];
	char		*ctx;
	int		 rc;

	buf_reset(&e->reply);
	e->tkey = NULL;
	offer_again(e, e->act.prac, e->act.treat, e->act.start,
	    e->act.patient);
	e->wl_ctx.t = e->now;
	if ((ctx = eng_ctx_json(&e->wl_ctx)) == NULL)
		return DB_ERR_NOMEM;
	p[0] = e->conv;
	p[1] = ctx;
	rc = db_do(db, &st_wait_again, p);
	free(ctx);
	return rc;
}

/* Close offer wl_id as status, the patient told by the reply key. */
static int
wl_close(struct db *db, struct eng *e, const char *status, const char *key,
    const char *appt)
{
	const char	*p[3] = { e->wl_id, status, appt };

	if (key != NULL)
		wl_reply(e, key);
	return db_do(db, &st_close, p);
}

/*
 * The yes to an offer, under the practitioner's booking lock: booked
 * or moved when the offer still stands, else the reply says why.
 * Returns a db_err.
 */
static int
commit_accept(struct db *db, struct eng *e)
{
	const struct eng_act	*a = &e->act;
	char			 now[24], appt[37];
	const char		*p[4] = { e->wl_id, e->clinic, now, NULL };
	enum booking_err	 er;
	PGresult		*r;
	int			 stands, live, given, older;

	if (booking_lock(db, e->clinic, booking_prac_id(e->b, a->prac),
	    NULL) != BOOKING_OK)
		return DB_ERR_QUERY;
	snprintf(now, sizeof(now), "%lld", (long long)e->now);
	p[3] = e->msg;
	r = db_exec(db, &st_offer, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) > 1) {
		PQclear(r);
		return r == NULL ? DB_ERR_DOWN : DB_ERR_QUERY;
	}
	if (PQntuples(r) == 0) {	/* deleted meanwhile: not live */
		PQclear(r);
		wl_reply(e, "wl_offer_closed");
		return DB_OK;
	}
	live = strcmp(PQgetvalue(r, 0, 0), "offered") == 0;
	stands = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	given = strcmp(PQgetvalue(r, 0, 5), "t") == 0;
	older = strcmp(PQgetvalue(r, 0, 7), "t") == 0;
	PQclear(r);
	if (live && older)	/* written before the offer */
		return wl_wait_again(db, e);
	if (!live) {
		wl_reply(e, "wl_taken");
		return DB_OK;
	}
	if (given)
		return wl_close(db, e, "gone", "wl_taken", NULL);
	if (!stands)
		return wl_close(db, e, "expired", "wl_expired", NULL);
	appt[0] = '\0';
	if (a->appt[0] != '\0') {
		er = booking_move(e->app, e->b, e->clinic, e->phone, a->appt,
		    a->prac, a->treat, a->start);
		snprintf(appt, sizeof(appt), "%s", a->appt);
	} else
		er = booking_book(e->app, e->b, e->clinic, a->patient,
		    e->conv, a->prac, a->treat, a->start, appt);
	if (er == BOOKING_TAKEN || er == BOOKING_GONE)
		return wl_close(db, e, "gone", "wl_taken", NULL);
	if (er != BOOKING_OK)
		return DB_ERR_QUERY;
	if (wl_close(db, e, "accepted", NULL, appt) != DB_OK)
		return DB_ERR_QUERY;
	p[0] = e->wl_id;
	if (db_do(db, &st_others_gone, p) != DB_OK ||
	    db_do(db, &st_scan_now, NULL) != DB_OK)
		return DB_ERR_QUERY;
	return DB_OK;
}

/* The no to an offer: closed, and the slot goes to the next ones. */
static int
commit_decline(struct db *db, struct eng *e)
{
	char		 now[24];
	const char	*p[4] = { e->wl_id, e->clinic, now, e->msg };
	PGresult	*r;
	int		 rc = DB_OK;
	char		*end;

	snprintf(now, sizeof(now), "%lld", (long long)e->now);
	r = db_exec(db, &st_offer, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) > 1) {
		PQclear(r);
		return r == NULL ? DB_ERR_DOWN : DB_ERR_QUERY;
	}
	if (PQntuples(r) == 0) {	/* deleted meanwhile: not live */
		PQclear(r);
		wl_reply(e, "wl_offer_closed");
		return DB_OK;
	}
	if (strcmp(PQgetvalue(r, 0, 0), "offered") == 0 &&
	    strcmp(PQgetvalue(r, 0, 7), "t") == 0) {
		PQclear(r);	/* written before the offer */
		return wl_wait_again(db, e);
	}
	if (strcmp(PQgetvalue(r, 0, 0), "offered") == 0 &&
	    ((rc = wl_close(db, e, "declined", NULL, NULL)) == DB_OK))
		rc = waitlist_enqueue_offer(db, e->clinic,
		    PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 6),
		    strtoll(PQgetvalue(r, 0, 3), &end, 10),
		    strtoll(PQgetvalue(r, 0, 4), &end, 10));
	PQclear(r);
	return rc;
}

/* A yes to a slot no longer free: the offer closed as gone (its entry
 * waits again), when it is still pending. */
static int
commit_gone(struct db *db, struct eng *e)
{
	char		 now[24];
	const char	*p[4] = { e->wl_id, e->clinic, now, e->msg };
	PGresult	*r;
	int		 live;

	snprintf(now, sizeof(now), "%lld", (long long)e->now);
	r = db_exec(db, &st_offer, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) > 1) {
		PQclear(r);
		return r == NULL ? DB_ERR_DOWN : DB_ERR_QUERY;
	}
	live = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0),
	    "offered") == 0;
	PQclear(r);
	return live ? wl_close(db, e, "gone", NULL, NULL) : DB_OK;
}

/* "Take me off the list". */
static int
commit_leave(struct db *db, struct eng *e)
{
	const char	*p[2] = { e->clinic, e->phone };
	PGresult	*r;
	int		 n;

	r = db_exec(db, &st_leave, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) != 1) {
		PQclear(r);
		return r == NULL ? DB_ERR_DOWN : DB_ERR_QUERY;
	}
	n = strcmp(PQgetvalue(r, 0, 0), "0") != 0;
	PQclear(r);
	if (!n)
		wl_reply(e, "wl_not_on");
	return DB_OK;
}

/* "Yes, put me on the list". */
static int
commit_join(struct db *db, struct eng *e)
{
	const char	*p[9];

	p[0] = e->clinic;
	p[1] = e->act.patient;
	p[2] = e->conv;
	p[3] = booking_treat_id(e->b, (size_t)e->act.treat);
	p[4] = e->act.prac >= 0 ? booking_prac_id(e->b, (size_t)e->act.prac) :
	    NULL;
	p[5] = e->wl_first;
	p[6] = e->wl_last;
	p[7] = e->lang == REPLIES_EN ? "en" : "fr";
	p[8] = e->wl_part;
	return db_do(db, &st_join, p);
}

int
eng_waitlist_commit(struct db *db, struct eng *e)
{
	switch (e->wl_op) {
	case WL_ACCEPT:
		return commit_accept(db, e);
	case WL_DECLINE:
		return commit_decline(db, e);
	case WL_LEAVE:
		return commit_leave(db, e);
	case WL_JOIN:
		return commit_join(db, e);
	case WL_GONE:
		return commit_gone(db, e);
	default:
		return DB_OK;
	}
}
