/*
 * engine_int — what the engine's files share; not for other callers.
 */
#ifndef SOPHIE_ENGINE_INT_H
#define SOPHIE_ENGINE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "nlu.h"
#include "replies.h"

struct app_ctx;
struct booking;
struct json_object;

#define ENG_PROPS	3	/* proposals offered at once */
#define ENG_LIST	8	/* patients or appointments listed */
#define ENG_ID		37	/* a uuid and its NUL */
#define ENG_NAME	NLU_VALUE_MAX
#define ENG_NEXT	3	/* requests waiting their turn */
#define ENG_CLAUSE	512	/* the text of one, with its NUL */

/* A proposal kept in the context: practitioner uuid and start. */
struct eng_prop {
	char	 prac[ENG_ID];
	int64_t	 start;
};

/* The conversation's stored state and context (conversations.context). */
struct eng_ctx {
	char		 state[24];	/* conversations.state */
	int64_t		 t;		/* when saved (config_now) */
	int		 fails;		/* turns not understood in a row */
	char		 flow[12];	/* "", "book", "move", "cancel" */
	char		 pid[ENG_ID];	/* patient of the flow */
	char		 first[ENG_NAME];	/* new patient being recorded */
	char		 last[ENG_NAME];
	char		 ids[ENG_LIST][ENG_ID];	/* listed patients/appts */
	int		 nids;
	char		 tr[ENG_NAME];	/* treatment (canonical name) */
	char		 pr[ENG_NAME];	/* practitioner, "" = anyone */
	/* practitioner ruled out ("un autre dentiste"), never offered in
	 * the flow; "*": the one being discussed, once known; "": none */
	char		 notpr[ENG_NAME];
	char		 date[11];	/* YYYY-MM-DD */
	char		 until[11];	/* last day of a range, or "" */
	/* "mardi ou jeudi": the range's only weekdays (bit 0 = Monday),
	 * kept while they are still its first and last; 0: every day */
	int		 wdays;
#define ENG_WDAYS_EVERY	0x80	/* wdays: every such weekday of the span
				 * ("plutôt un lundi"), not two days */
	char		 time[6];	/* HH:MM */
	int		 around;	/* time given roughly ("vers 11h") */
	int		 same;		/* the time of the appt moved */
	char		 pref[12];	/* MORNING | AFTERNOON | EVENING */
	int		 wlo, whi;	/* window asked, minutes; whi 0: none */
	int		 wlate;		/* the window is a part of the day's end:
					   the latest times first */
	struct eng_prop	 props[ENG_PROPS];
	int		 nprops;
	int		 pick;		/* chosen proposal */
	char		 appt[ENG_ID];	/* appointment moved/cancelled */
	/* Requests of the same message still to handle, in order. */
	char		 next[ENG_NEXT][ENG_CLAUSE];
	int		 nnext;
	int		 dayq;		/* said if open on a day */
	/* The slot just booked or moved to, for "en fait plutôt 11h"
	 * (engine_book.c: eng_book_amend); start 0: none. */
	struct eng_prop	 done;
	/* The last reply answered a question about treatment tr (its
	 * price, "do you do it?"): "I'll take one" books it. */
	int		 trq;
	/* The last reply offered to pass a question to the team. */
	int		 askstaff;
	/* The booking was asked for someone else ("for my father"), in an
	 * earlier message of the flow. */
	int		 other;
	/* The last reply asked a message not understood at idle to be
	 * said again (eng_unclear); lasts one turn. */
	int		 clar;
};

/* A patient of the conversation's phone. */
struct eng_patient {
	char	 id[ENG_ID];
	char	 first[ENG_NAME];
	char	 last[ENG_NAME];
	char	 birth[11];	/* YYYY-MM-DD or "" */
};

/* An upcoming appointment of the phone's patients. */
struct eng_appt {
	char	 id[ENG_ID];
	int64_t	 start;
	char	 prac[ENG_ID];
	char	 treat[ENG_ID];	/* treatment type uuid or "" */
	char	 tname[ENG_NAME];
	char	 first[ENG_NAME];
	char	 last[ENG_NAME];
	char	 patient[ENG_ID];	/* patient uuid */
	int64_t	 until;		/* blocked_until: end plus buffer */
	char	 series[ENG_ID];	/* its series, or "" */
	int	 scount;	/* the series' upcoming booked sessions */
	int64_t	 slast;		/* the last one's start */
	int	 sw2;		/* the series' second weekday, or -1 */
};

#define ENG_TAKEN	8	/* slots lost at commit, kept across tries */

/* The write a decision asks of the commit (one per turn at most). */
enum eng_write {
	ENG_W_NONE = 0,
	ENG_W_BOOK,		/* book props[pick] for c.pid */
	ENG_W_MOVE,		/* move appt to props[pick] */
	ENG_W_CANCEL,		/* cancel appt */
	ENG_W_WAITLIST		/* the waitlist's (waitlist_eng.c) */
};

struct eng_act {
	enum eng_write	 kind;
	int		 prac;		/* booking index */
	int		 treat;		/* booking index */
	int64_t		 start;
	char		 appt[ENG_ID];	/* moved or cancelled */
	char		 patient[ENG_ID];	/* booked for */
};

/* A slot lost to someone else between the decision and the commit. */
struct eng_taken {
	int	 prac;
	int	 treat;
	int64_t	 start;
};

/*
 * What the decision could not know from the snapshot: the turn fetches
 * it (no transaction open) and decides again.
 */
struct eng_need {
	int	 busy;			/* free/busy time, except: */
	char	 except[ENG_ID];	/* the appointment being moved */
	int	 cal;			/* Google asked again for: */
	int	 cal_prac;
	int	 cal_treat;
	int64_t	 cal_start;
};

/* One turn in progress. */
struct eng {
	struct app_ctx		*app;
	char			 msg[ENG_ID];
	char			 conv[ENG_ID];
	char			 clinic[ENG_ID];
	char			 phone[24];
	char			 clinic_name[256];
	char			 address[256];
	char			 cphone[64];
	char			 emergency[256];
	char			 access[512];	/* parking, transport, lift */
	int			 timeout;	/* context, minutes */
	char			 set_patient[ENG_ID];
	char			*text;
	size_t			 len;
	int64_t			 now;
	struct booking		*b;
	struct nlu_result	 nlu;
	enum replies_lang	 lang;
	struct eng_ctx		 c;
	struct eng_patient	 pats[ENG_LIST];
	int			 npats;
	struct eng_appt		 appts[ENG_LIST];	/* upcoming, phone */
	int			 nappts;
	/* What the turn fetched for the decision (engine_turn.c). */
	int			 busy_loaded;
	char			 busy_except[ENG_ID];
	/* The treatment and practitioner named with an "are you open on
	 * ...?" just answered, kept for the request that follows. */
	char			 day_tr[ENG_NAME];
	char			 day_pr[ENG_NAME];
	int			 cal_known;	/* Google's answer for: */
	int			 cal_prac;
	int			 cal_treat;
	int64_t			 cal_start;
	int			 cal_free;
	struct eng_taken	 taken[ENG_TAKEN];
	int			 ntaken;
	/* The decision (reset before each run of decide). */
	struct eng_need		 need;
	struct buf		 reply;
	const char		*tkey;		/* first template used */
	const char		*staff_reason;	/* flag for staff */
	int			 handoff;	/* hand over to staff */
	/* The conversation was handed to staff before this message: only
	 * an emergency is answered (engine_turn.c). */
	int			 handed;
	/* The message opens the conversation: nothing of it is kept (the
	 * first message, or the first after the clinic's timeout). */
	int			 opening;
	int			 clar_was;	/* c.clar as loaded */
	/* The slot booked just before (c.done) and when the context was
	 * saved, as loaded: "also one for my daughter" (engine_book.c). */
	struct eng_prop		 done_was;
	int64_t			 t_was;
	int			 noshow_staff;	/* books through staff only
						   (the clinic's no-shows) */
	int			 dberr;		/* the snapshot is unusable */
	struct eng_act		 act;		/* the write asked for */
	int			 newpat;	/* create patient c.pid */
	char			 newbirth[11];
	char			 resp[16];	/* reminder answer for: */
	char			 resp_appt[ENG_ID];
	/* The message's attachments, and why staff were asked to look
	 * before it ("" when they were not, or no longer). */
	int			 media;
	char			 staff_was[24];
	/* No message of the conversation told its language yet. */
	int			 nolang;
	/* The waitlist's write (waitlist_eng.c): what, which offer, the
	 * window of a new entry. */
	int			 wl_op;
	char			 wl_id[ENG_ID];
	char			 wl_first[11];
	char			 wl_last[11];
	const char		*wl_part;	/* "morning", "afternoon" */
	struct eng_ctx		 wl_ctx;	/* the offer's, as loaded */
	/* "for me and my son": the patient the first request is for
	 * (engine_plan.c), "" when the message does not say. */
	char			 plan_self[ENG_ID];
};

/* engine_ctx.c */
void	 eng_ctx_init(struct eng_ctx *);
/* Parse stored context text (may be NULL) into c. Returns 0 or -1. */
int	 eng_ctx_parse(const char *json, struct eng_ctx *c);
/* The context as JSON text; malloc'd, caller frees; NULL on ENOMEM. */
char	*eng_ctx_json(const struct eng_ctx *c);

/* engine.c: the decision, a pure function of e's snapshot and nlu. */
/*
 * Run the state machine for the message in e: fills e->c (the new
 * context), e->reply and the writes asked of the commit, or sets
 * e->need when something must be fetched first.
 */
void	 eng_decide(struct eng *);
void	 eng_dispatch_idle(struct eng *);

/* engine_base.c: what every part of the decision uses. */
/*
 * Is the busy time for except (NULL: none) in the snapshot?  1 yes; 0
 * when not, after asking for it in e->need: the caller stops there.
 */
int	 eng_have_busy(struct eng *, const char *except);
/*
 * Google's fresh answer for slot p/t/start: 1 free, 0 busy, -1 not known
 * yet (asked for in e->need: the caller stops there).
 */
int	 eng_cal_free(struct eng *, int p, int t, int64_t start);
/* Did the decision ask for something (e->need)? */
int	 eng_needs(const struct eng *);
void	 eng_say(struct eng *, const char *key, const struct replies_var *,
	    size_t n);
void	 eng_reset(struct eng *);
void	 eng_set_state(struct eng *, const char *state);
/* Count a turn not understood: 1 when handed to staff (said so). */
int	 eng_fail(struct eng *);
/*
 * A message not understood with no flow in progress: an opening gets
 * the clarifying question and is no failure (the failures are the
 * answers to a question); any other counts (eng_fail).
 */
void	 eng_unclear(struct eng *);
/* "Marie Dupont" for patient id (from the phone's list or ctx). */
void	 eng_patient_name(const struct eng *, const char *id, char *out,
	    size_t sz);
/* Date and time of t as the patient reads them. */
void	 eng_when(const struct eng *, int64_t t, char *date, size_t dsz,
	    char *time, size_t tsz);
/*
 * series_list.c: the patient's appointments a (n of them) as list items
 * into l, the sessions of one series said once ("5 sessions ...,
 * Tuesdays at 10:00, from ... to ..."), the others one a line.
 */
void	 eng_series_list(struct eng *, const struct eng_appt *a, int n,
	    struct buf *l);
/*
 * noshow: when the patient books through staff only (the clinic's
 * no-show setting), say so, hand the conversation to staff and return 1;
 * else 0.
 */
int	 eng_noshow_handoff(struct eng *);
/*
 * noshow_eng.c: in state ns_offer (the no-show message unanswered), a
 * plain yes or a day starts the rebooking of the missed treatment.
 * Returns 1 when it did (the reply said), 0 when the message is for the
 * ordinary flow.
 */
int	 eng_noshow_answer(struct eng *);
/* Upcoming appointments of the phone (or only id), from the snapshot:
 * their count. */
int	 eng_load_appts(struct eng *, const char *only, struct eng_appt *,
	    int max);
/* Which message words the NLU found. */
int	 eng_has(const struct eng *, enum nlu_field);

/* engine_who.c: who the appointment is for. */
/*
 * "my daughter Lily" with no family name: the phone's patients' family
 * name (when they share one) set as the NLU's last name.  1 when set.
 */
int	 eng_who_child_name(struct eng *);
/* Make sure the flow has a patient: 1 yes, 0 when a question was asked. */
int	 eng_identify(struct eng *);
/* Answers to ask_who, ask_name, ask_birth: 1 once the patient is known
 * (the caller goes on with the flow), 0 when Sophie asked again. */
int	 eng_on_ask_who(struct eng *);
int	 eng_on_ask_name(struct eng *);
int	 eng_on_ask_birth(struct eng *);
/* The age of the phone's patient i today, -1 when unknown (engine_who.c). */
int	 eng_patient_age(const struct eng *, int);
/*
 * A phone without patients names someone (and maybe a birth date) in a
 * request about an appointment it does not hold: the name is kept (the
 * patient recorded when the birth date is there and valid, else kept in
 * the context for a later booking).  1 when a full name was given.
 */
int	 eng_who_keep_name(struct eng *);

/* engine_book.c */
/* The clinic's treatments, "Consultation, Détartrage, ...", into out. */
void	 eng_treat_list(const struct eng *, struct buf *out);
void	 eng_book_start(struct eng *);
void	 eng_book_next(struct eng *);
void	 eng_on_ask_treatment(struct eng *);
/* "J'ai noté : Détartrage le vendredi 27 novembre le matin.": what the
 * flow understood so far, said before a question asked again (nothing
 * when nothing was understood). */
void	 eng_say_noted_line(struct eng *);
void	 eng_on_choose_slot(struct eng *);
void	 eng_on_confirm(struct eng *);
void	 eng_on_ask_date(struct eng *);
void	 eng_move_start(struct eng *);
void	 eng_move_picked(struct eng *);
/* The cancellation of appointment id recapped (state confirm_cancel). */
void	 eng_cancel_appt(struct eng *, const char *id);
void	 eng_cancel_start(struct eng *);
void	 eng_on_choose_appt(struct eng *);
void	 eng_on_confirm_cancel(struct eng *);
/* Merge the message's booking entities into the context: 1 if changed. */
int	 eng_merge(struct eng *);

/* engine_book.c: what engine_aside.c uses after an aside. */
/* Merge the window of the day the message asks for: 1 if changed. */
int	 eng_merge_window(struct eng *);
/* Answer a price or length question at a recap: 1 when one was. */
int	 eng_recap_answer(struct eng *);
/* Ask again the question the flow waits on. */
void	 eng_reask(struct eng *);
/* engine_who.c: ask who the appointment is for, from the phone's list. */
void	 eng_ask_who(struct eng *);

/* engine_aside.c: what is said beside the flow. */
/*
 * An attachment without text, a greeting, thanks or small talk mid-flow,
 * a hesitant yes or a question at a recap: answered, and the pending
 * question asked again.  Returns 1 when handled (the turn's reply is
 * said), 0 when the message is for the flow.
 */
int	 eng_aside(struct eng *);
/*
 * The window of the day the message asks for, in local minutes [lo, hi):
 * "after 5pm", "avant 10h", "at lunchtime", "en fin d'après-midi"...
 * Returns 2 when it is the end of a part of the day ("late morning",
 * "en fin d'après-midi": its last times are meant, the latest first),
 * 3 when hi is when the patient's work begins ("before work, I start
 * at 9": the appointment must be over by then, the latest first), 1
 * for another window, 0 when it asks for none.
 */
int	 eng_aside_window(const struct eng *, int *lo, int *hi);
/*
 * The other day the message names beside day (days since 1970), as a
 * choice or together: "le 3 ou le 14", "the 24th and 31st", "samedi et
 * dimanche" (engine_book.c).  Days since 1970, or -1 when none.
 */
long	 eng_other_day(const struct eng *, long day);
/*
 * At a recap, "oui, réservez-le" / "ok yes, book it": a plain yes that
 * repeats the request (no doubt, condition, question or new value).
 * Returns 1 when so.
 */
int	 eng_aside_book_yes(const struct eng *);
int	 eng_book_recap_answer(struct eng *);

/*
 * engine_info.c: "do you take kids?", "do you do Invisalign?", "does Dr
 * Martin do cleanings?" at idle, answered from the clinic's treatments
 * and practitioners (no booking starts).  1 when answered.
 */
int	 eng_info_offer(struct eng *);
/*
 * "I need a filling" where the clinic has none: not among its
 * treatments, said with its list, and the question offered to the team
 * (a yes passes it: eng_info_after), rather than asking which
 * treatment.  1 when so.
 */
int	 eng_info_missing(struct eng *);
/*
 * The message after such an answer or a price: "I'll take one", a yes
 * books the treatment talked about (kept for any request that follows);
 * a yes to "shall I pass your question to the team?" flags the
 * conversation for the staff.  1 when handled.
 */
int	 eng_info_after(struct eng *);

/* engine_plan.c: several requests, which appointment, for whom. */
/* At idle: the message, cut in requests when it holds several. */
void	 eng_plan_idle(struct eng *);
/* "swap my whitening for a cleaning, same time", "un détartrage au lieu
 * du blanchiment": the upcoming appointment of the one treatment moves
 * to the other, at its own day and time unless another is said (one
 * appointment, recapped, changed on yes).  1 when so. */
int	 eng_treat_swap(struct eng *);
/* 1 when the message asks the clinic where it is, how to come, when it
 * opens or its number, beside a request ("..., and is there parking?"). */
int	 eng_clinic_asked(const struct eng *);
/* Once a request is over (idle), the next one waiting, if any. */
void	 eng_plan_next(struct eng *);
/* Which of the n appointments a the message names (by practitioner,
 * treatment, day, time): its index, or -1 when not exactly one. */
int	 eng_plan_which(struct eng *, const struct eng_appt *a, int n);
/* engine_who.c: "ma fille Léa", a relative's first name, folded. */
int	 eng_who_relative(const struct eng *, char *, size_t);
/* A move's "day" (and time) that are the moved appointment's own are
 * no wish: they name the appointment. */
void	 eng_plan_move_day(struct eng *, const struct eng_appt *a);
/* Who the message says the appointment is for: 1 known, -1 a question
 * was asked, 0 nothing said. */
int	 eng_plan_who(struct eng *);
/* Part of a message (text, n bytes) read alone by the rules, into r. */
void	 eng_plan_read(const struct eng *, const char *text, size_t n,
	    struct nlu_result *r);
/* Say the patient's other appointments on the day of start. */
void	 eng_plan_same_day(struct eng *, int64_t start);
/* Queue clause text (n bytes) first among the waiting ones: 0 or -1. */
int	 eng_plan_push(struct eng *, const char *text, size_t n);
/* engine_book.c: the recap of the picked proposal, asked again. */
void	 eng_book_recap(struct eng *);
/*
 * engine_info.c: before the nearest slots, why the exact day or time
 * the patient asked for cannot be had when the clinic or the patient
 * is the reason: a closed day (the holiday named), the patient's own
 * appointment then, or outside the day's hours.  Returns 1 when it
 * said why, 0 (nothing said) when the time is simply taken.
 */
int	 eng_info_why_not(struct eng *);
/* The day asked is closed: says so with the reason (1), else 0. */
int	 eng_info_closed(struct eng *);
/*
 * The same, followed by the next open day and its hours, for a new
 * patient asked their name before any time is offered ("un détartrage
 * aujourd'hui" on a Sunday).  1 when said, 0 when the day asked (if
 * any) is open, -1 when the closures are asked for first (e->need: the
 * caller stops there).
 */
int	 eng_info_closed_next(struct eng *);

/* waitlist_eng.c: the waitlist in the conversation. */
/* An offer's answer, joining or leaving the list: 1 when handled. */
int	 eng_waitlist(struct eng *);
/* After "no slot in your window": say the list can be joined. */
void	 eng_waitlist_suggest(struct eng *);
/* The commit's part of an ENG_W_WAITLIST decision.  Returns a db_err. */
struct db;
int	 eng_waitlist_commit(struct db *, struct eng *);

/* engine_info.c */
void	 eng_greet(struct eng *);
void	 eng_welcome(struct eng *);
/* engine_book.c: the answer to the offer of a booking (state
 * "offer_book", after "no upcoming appointment"): 1 when handled. */
int	 eng_offer_book_answer(struct eng *);
/* "can we make it 3pm instead?" right after a booking: its move. */
int	 eng_book_amend(struct eng *);
void	 eng_list_appts(struct eng *);
void	 eng_practitioners(struct eng *);
void	 eng_info(struct eng *, int what);
/*
 * What the clinic's settings say of the topics in what (ENGINE_INFO_*:
 * a day's hours or the week's, the address, the phone; 0: all of them),
 * added to the reply; e->need may be set (closures not loaded yet).
 */
void	 eng_info_clinic(struct eng *, int what);
/* "who's Dr Martin, is he nice?": practitioner p's treatments, the
 * clinic's phone for the rest, an offer to book with p (a yes books). */
void	 eng_info_prac(struct eng *, int p);
/*
 * "Are you open on the 25th?", and after such an answer "et le 26 ?",
 * "and Saturday?": the day's hours, or why it is closed and the next
 * open day.  follow: the previous reply answered such a question, so a
 * day alone asks the same.  Returns 1 when answered (or e->need set),
 * 0 when the message asks no such thing (nothing said).
 */
int	 eng_info_day(struct eng *, int follow);
/*
 * "How much is a cleaning?", "combien de temps dure un détartrage ?":
 * the price or the length of the treatment named, from the clinic's
 * list; a price asked of no treatment lists the prices the clinic gave.
 * Returns 1 when answered, 0 when the message asks neither.
 */
int	 eng_info_treat(struct eng *);
/* "Détartrage : 45 €." (or that the clinic will tell) for treatment t. */
void	 eng_say_price(struct eng *, int t);
/* An amount in cents as the clinic's country and the patient write it
 * ("60 €", "45,50 CHF", "£60"). */
void	 eng_price_text(const struct eng *, long cents, char *, size_t);
/* The day just answered: the treatment and practitioner named with the
 * question (or with the one before) are kept while idle. */
void	 eng_info_keep(struct eng *);
void	 eng_emergency(struct eng *);

/* engine_fix.c: readings that depend on where the flow stands. */
/*
 * At a recap, the message read as a correction that keeps what it does
 * not change: a new day alone keeps the recapped time; "not Dr X, Dr Y"
 * names Dr Y.  Adjusts e->nlu.
 */
void	 eng_fix_nlu(struct eng *);
/*
 * An emergency that also asks for an appointment: the emergency is
 * said (staff alerted), an attachment acknowledged, and the booking
 * started.  Returns 1 when so, 0 when the message asks for none.
 */
int	 eng_fix_emergency(struct eng *);
/* A treatment's canonical name as the patient's language names it
 * (borrowed; for lists written without eng_say). */
const char *eng_treat_local(const struct eng *, const char *canon);
/* Treatment t as the patient's language names it (borrowed). */
const char *eng_fix_treat_name(const struct eng *, size_t t);
/*
 * At a booking's recap, "it's for my wife Emma Foster, born …" or
 * another of the phone's patients named: the same slot for that
 * patient, recapped again (or their birth date asked first).  Returns
 * 1 when the message was that, 0 when it was not (nothing changed).
 */
int	 eng_fix_recap_who(struct eng *);
/*
 * "I can't make it tomorrow, anything later in the week?", "un autre
 * jour la semaine prochaine": a move of the appointment given up to the
 * free times of the days asked (the rest of its week, or the week
 * after), same practitioner and treatment.  Returns 1 when the message
 * was that (the proposals said), 0 when not (nothing changed).
 */
int	 eng_fix_range(struct eng *);
/* engine_shift.c: "anything earlier in the week?" at the proposals or
 * the recap: new proposals before or after the one offered.  1 when so. */
int	 eng_shift(struct eng *);
/* engine_late.c: "je vais avoir 10 minutes de retard" at idle: said
 * back with today's appointment, the staff flagged.  1 when so. */
int	 eng_late(struct eng *);
/* "push it back an hour", "une demi-heure plus tôt": when the message
 * says an amount of time and no day or time of its own, the wish
 * becomes the day and time of start moved by it.  1 when so. */
int	 eng_shift_by(struct eng *, int64_t start);
/* "plus tard dans la journée", "earlier in the week" said of instant
 * ref (the appointment being moved, len minutes long): the days and
 * window wished into the context.  Returns 1 when the message said so. */
int	 eng_shift_from(struct eng *, int64_t ref, int len);

/* engine_two.c: two people in one message, a pick from the list. */
/*
 * At idle, "for me and my son, me at 10 and him right after", "for Lily
 * and Max at 10:00 and 10:30": the first person's request handled now,
 * the other's waiting, each for its own person at its own time, in the
 * order given.  Returns 1 when so.
 */
int	 eng_two_people(struct eng *);
/* A waiting clause's marker of two people's removed (in place), whom it
 * is for into who ("other", "me" or the patient's id): 1 when it had
 * one. */
int	 eng_two_clause_who(char *clause, char who[ENG_ID]);
/* A waiting clause's "right after the one before" marker removed (in
 * place): 1 when it had one; the time said for it since ("HH:MM", see
 * eng_two_times) into at, else "". */
int	 eng_two_clause_after(char *clause, char at[6]);
/* Such a clause, understood as r, when the request before it was booked
 * this turn: its day becomes that booking's, its time at when one was
 * said for it, else the first start of the grid once that booking is
 * over (the time really booked, not the one asked). */
void	 eng_two_follow(const struct eng *, struct nlu_result *r,
	    const char *at);
/* "2pm for Noah and 3pm for Ethan" while the first of two is being
 * booked and the second waits right after: the message's time becomes
 * the first's (in e->nlu), the other is kept for the second.  1 when
 * so. */
int	 eng_two_times(struct eng *);
/* "oui, et ma fille aussi" at the recap of the writer's own booking:
 * the other person's booking of the same treatment is queued, right
 * after the writer's (its name read from the message, or asked).
 * Returns 1 when queued; the yes goes on to book. */
int	 eng_two_also(struct eng *);
/* The booking in progress (treatment, practitioner, its one day, time
 * or part of the day, for its patient) queued first among the waiting
 * requests, to resume once a request that interrupts it ("and cancel
 * my Thursday one") is over.  0, or -1 when there is none to keep. */
int	 eng_two_resume(struct eng *);
/* The patient of one person's request of two (e->plan_self says
 * which): 1 known, 0 when a question was asked. */
int	 eng_two_who(struct eng *);
/* "11 is good", "the later one": the proposal picked, or -1. */
int	 eng_two_pick(const struct eng *);
/* While choosing among proposals, an hour said alone that none of them
 * is at ("16 is better") is the time wished: set in e->nlu. */
void	 eng_two_nlu(struct eng *);

#endif
