/*
 * booking — the clinic's availability read from the database (opening
 * hours, closures, practitioners and their hours, absences, treatments
 * and who offers them, appointments, Google busy time), proposals
 * through lib/slots, and the transactions that book, move and cancel.
 *
 * A struct booking is loaded once per turn: booking_load() reads the
 * catalogue (settings, practitioners, treatments, hours); booking_busy()
 * adds what makes time unavailable.  Practitioners and treatments are
 * addressed by their index in the handle (display order).
 *
 * The write functions run in the caller's transaction, inside a
 * savepoint: a slot lost to a concurrent booking (SQLSTATE 23P01 on the
 * exclusion constraint) rolls back to it and answers BOOKING_TAKEN, and
 * the caller's transaction goes on.  Each enqueues the Google Calendar
 * job for the appointment.  They call no third party: the caller checks
 * the slot first, with no transaction open (booking_busy and
 * booking_slot_free on fresh data, booking_calendar_free for Google).
 */
#ifndef SOPHIE_BOOKING_H
#define SOPHIE_BOOKING_H

#include <stddef.h>
#include <stdint.h>

#include "slots.h"

struct app_ctx;
struct booking;
struct db;
struct nlu_alias;
struct tz;

enum booking_err {
	BOOKING_OK = 0,
	BOOKING_TAKEN,		/* the slot is no longer free */
	BOOKING_GONE,		/* no such upcoming booked appointment */
	BOOKING_ARG,		/* bad arguments or clinic data */
	BOOKING_DB,		/* database unavailable or query failed */
	BOOKING_NOMEM,
	BOOKING__MAX
};

/* A proposal: practitioner index, UTC start and end, exact match. */
struct booking_prop {
	int	 prac;
	int64_t	 start;
	int64_t	 end;
	int	 exact;
};

/* A request for proposals. */
struct booking_req {
	int			 prac;	/* index, or -1: anyone */
	int			 treat;	/* index */
	struct slots_date	 first;	/* local dates, inclusive */
	struct slots_date	 last;
	int			 time;	/* minutes from midnight, or -1 */
	enum slots_pref		 pref;
	int			 extend; /* days looked at past last */
	int			 avoid;	/* index + 1 never offered, 0: none */
};

const char	*booking_strerror(enum booking_err);

/*
 * Read clinic's catalogue as of now (UTC seconds).  On BOOKING_OK *out
 * is a new handle owned by the caller (booking_free).  Returns
 * BOOKING_ARG for an unknown clinic or zone, BOOKING_DB, BOOKING_NOMEM.
 */
enum booking_err booking_load(struct app_ctx *, const char *clinic,
		    int64_t now, struct booking **out);
/*
 * A clinic's catalogue read once and shared by several booking handles
 * (a batch of turns of one clinic): booking_cat_load reads it (*out a
 * new handle owned by the caller, booking_cat_free), booking_load_cat
 * is booking_load over it.  Both return what booking_load returns.
 * The handles made over one catalogue also share their busy time
 * (booking_busy and its kin): the clinic's closures, absences and
 * booked time read for one handle are those of another that asks for
 * the same span, time and exception, until booking_cat_forget; Google's
 * busy time is still asked for each handle.  The catalogue outlives its
 * handles.
 */
struct booking_cat;
enum booking_err booking_cat_load(struct app_ctx *, const char *clinic,
		    struct booking_cat **out);
enum booking_err booking_load_cat(struct booking_cat *, int64_t now,
		    struct booking **out);
/* The clinic of a catalogue. */
const char	*booking_cat_clinic(const struct booking_cat *);
/* Forget the busy time read through c: the next read asks the database. */
void		 booking_cat_forget(struct booking_cat *);
void		 booking_cat_free(struct booking_cat *);

/*
 * Read closures, absences, booked appointments (with their buffers;
 * the appointment except, when not NULL, is left out: it is the one
 * being moved) and Google busy time (a calendar that cannot be read
 * makes its practitioner busy throughout).  Returns a booking_err.
 */
enum booking_err booking_busy(struct app_ctx *, struct booking *,
		    const char *except);

/* Google busy time in booking_busy_range: asked (may ask Google), or as
 * the worker stored it (calsync_busy_stored: never asks Google). */
#define BOOKING_CAL_ASK		1
#define BOOKING_CAL_STORED	2

/*
 * booking_busy with Google busy time as stored only (never asks Google,
 * for staff pages and checks in a request).  Returns as booking_busy.
 */
enum booking_err booking_busy_stored(struct app_ctx *, struct booking *,
		    const char *except);

/*
 * booking_busy over [from, to) (UTC seconds) only: what meets that span
 * (closures from today on, absences, booked appointments with their
 * buffers, and Google busy time when google is BOOKING_CAL_ASK: that
 * may ask Google; BOOKING_CAL_STORED: as stored; 0: none);
 * time outside it looks free, so only a check or a page of those days
 * may use the handle.  Returns BOOKING_ARG when to <= from, else as
 * booking_busy.
 */
enum booking_err booking_busy_range(struct app_ctx *, struct booking *,
		    const char *except, int64_t from, int64_t to, int google);

void		 booking_free(struct booking *);

/* The clinic's zone (owned by the tz cache). */
const struct tz	*booking_tz(const struct booking *);
/* The clinic's opening hours. */
const struct slots_week *booking_open(const struct booking *);
/* The clinic's country ("FR"; "" when unknown), owned by the handle. */
const char	*booking_country(const struct booking *);

/*
 * Whether and when the clinic opens on local date `date` (see
 * slots_day): its public holidays, weekly hours and closures.  Needs
 * booking_busy (closures).  Returns BOOKING_OK or BOOKING_ARG.
 */
enum booking_err booking_day(const struct booking *,
		    const struct slots_date *date, struct slots_day *out);

/*
 * The slots view of the clinic as loaded (practitioner index i is the
 * slots practitioner id i + 1), for pure checks over the data the
 * engine proposes from (lib/agenda).  Borrows from the handle: valid
 * until the next booking_busy, booking_add_busy* or booking_free.
 */
void		 booking_slots(const struct booking *,
		    struct slots_clinic *out);
/* Treatment t as the engine sees it, or NULL when out of range. */
const struct slots_treatment *booking_treat_slots(const struct booking *,
		    size_t t);

size_t		 booking_npracs(const struct booking *);
/* "Dr Marie Leal"; NULL when out of range.  Owned by the handle. */
const char	*booking_prac_name(const struct booking *, size_t i);
const char	*booking_prac_id(const struct booking *, size_t i);
const char	*booking_prac_specialty(const struct booking *, size_t i);
/* 1 when practitioner i offers treatment t. */
int		 booking_prac_offers(const struct booking *, size_t i,
		    size_t t);
/* The names of all practitioners (for the extractor), owned. */
const char *const *booking_prac_names(const struct booking *);

size_t		 booking_ntreats(const struct booking *);
const char	*booking_treat_name(const struct booking *, size_t t);
const char	*booking_treat_id(const struct booking *, size_t t);
const char *const *booking_treat_names(const struct booking *);
/* Treatment t's duration in minutes, or -1 when out of range. */
int		 booking_treat_minutes(const struct booking *, size_t t);
/* Minutes treatment t keeps its practitioner (duration plus buffer),
 * or -1 when out of range. */
int		 booking_treat_blocks(const struct booking *, size_t t);
/* Treatment t's price in cents, or -1 when unknown. */
long		 booking_treat_price(const struct booking *, size_t t);
/*
 * The aliases of the treatments (for struct nlu_lists), *n of them;
 * owned by b.
 */
const struct nlu_alias *booking_treat_aliases(const struct booking *,
		    size_t *n);

/* Index of the practitioner with that name or uuid, or -1. */
int		 booking_find_prac(const struct booking *, const char *);
/* Index of the treatment with that name or uuid, or -1. */
int		 booking_find_treat(const struct booking *, const char *);

/*
 * Up to max proposals for rq, best first (see slots_propose), into out;
 * their count in *n.  Needs booking_busy.  Returns BOOKING_OK (also
 * with *n = 0), BOOKING_ARG (bad request, or the practitioner does not
 * offer the treatment), BOOKING_NOMEM.
 */
enum booking_err booking_propose(const struct booking *,
		    const struct booking_req *rq, struct booking_prop *out,
		    size_t max, size_t *n);

/* 1 when start is a free slot of practitioner p for treatment t. */
int		 booking_slot_free(const struct booking *, int p, int t,
		    int64_t start);

/*
 * Ask the practitioner p's Google Calendar again (never its cache) over
 * the span of treatment t from start.  Calls Google: never inside a
 * transaction.  Returns 1 when free or not connected, 0 when busy or
 * unreadable (or p, t out of range).
 */
int		 booking_calendar_free(struct app_ctx *, const struct booking *,
		    int p, int t, int64_t start);

/*
 * Count treatment t's span from start as booked for practitioner p in
 * the handle (a slot lost to someone else since booking_busy).  Returns
 * BOOKING_OK, BOOKING_ARG, BOOKING_NOMEM.
 */
enum booking_err booking_add_busy(struct booking *, int p, int t,
		    int64_t start);
/*
 * Count [start, end) as booked for every practitioner (the time one
 * patient already holds elsewhere, when proposing to that patient).
 * Returns BOOKING_OK, BOOKING_ARG, BOOKING_NOMEM.
 */
enum booking_err booking_add_busy_all(struct booking *, int64_t start,
		    int64_t end);

/*
 * Take practitioner prac's write lock until the caller's transaction
 * ends (prac NULL: the practitioner of appointment appt of clinic).
 * Every transaction that books or moves an appointment takes it before
 * any other write, so that two such transactions wait for each other in
 * one order.  Returns BOOKING_OK or BOOKING_DB.
 */
enum booking_err booking_lock(struct db *, const char *clinic,
		    const char *prac, const char *appt);

/*
 * Book treatment t with practitioner p at start for patient, from
 * conversation conv (may be NULL).  The exclusion constraint is the last
 * word on overlaps.  appt_out (37 bytes) gets the new appointment's id.
 * Returns BOOKING_OK, BOOKING_TAKEN, BOOKING_ARG, BOOKING_DB.
 */
enum booking_err booking_book(struct app_ctx *, struct booking *,
		    const char *clinic, const char *patient, const char *conv,
		    int p, int t, int64_t start, char *appt_out);

/*
 * Move appointment appt (booked, upcoming, of one of the patients with
 * phone) to practitioner p at start, with treatment t (its own, or the
 * one it changes to: "a cleaning instead of the whitening").  Returns
 * BOOKING_OK, BOOKING_TAKEN, BOOKING_GONE, BOOKING_ARG, BOOKING_DB.
 */
enum booking_err booking_move(struct app_ctx *, struct booking *,
		    const char *clinic, const char *phone, const char *appt,
		    int p, int t, int64_t start);

/*
 * Cancel appointment appt (booked, upcoming, of a patient with phone):
 * its slot is free as soon as the transaction commits.  Returns
 * BOOKING_OK, BOOKING_GONE, BOOKING_DB.
 */
enum booking_err booking_cancel(struct app_ctx *, const char *clinic,
		    const char *phone, const char *appt, int64_t now);

#endif
