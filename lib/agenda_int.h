/*
 * agenda_int — what the agenda's page files (lib/agenda_page.c,
 * agenda_book.c, agenda_export.c) share; callers use admin.h.
 */
#ifndef SOPHIE_AGENDA_INT_H
#define SOPHIE_AGENDA_INT_H

#include <stdint.h>

#include "agenda.h"
#include "slots.h"

struct booking;
struct req;

/* "YYYY-MM-DD" (a real date) into *d.  Returns 0 or -1. */
int	 agenda_parse_date(const char *s, struct slots_date *d);
/*
 * "YYYY-MM-DDTHH:MM" (or a blank for the T) into *d and *min, minutes
 * from midnight.  Returns 0 or -1.
 */
int	 agenda_parse_local(const char *s, struct slots_date *d, int *min);
/* d as "YYYY-MM-DD" into out (11 bytes or more). */
void	 agenda_date_str(const struct slots_date *d, char *out, size_t sz);
/* The date n days after d (n may be negative). */
struct slots_date agenda_date_add(const struct slots_date *d, int n);

/*
 * The clinic of the route with its availability (booking_load then
 * booking_busy_stored, as of config_now(): Google busy time as the
 * worker stored it, Google never asked) into *out, owned by the caller
 * (booking_free).  Returns 0, or the HTTP status to answer (404 for an
 * unknown clinic, 503, 500).
 */
int	 agenda_booking(struct req *, struct booking **out);

/*
 * agenda_booking with the busy time of the local days first to last
 * only (booking_busy_range), the appointment except (NULL: none) left
 * out, with Google's as the worker stored it (never asked from here):
 * what a staff check of those days needs.  Same returns.
 */
int	 agenda_booking_days(struct req *, const char *except,
	    const struct slots_date *first, const struct slots_date *last,
	    struct booking **out);

/* A staff booking or move to judge (the older appointment routes). */
struct agenda_staff {
	const char	*pid;		/* practitioner id */
	const char	*at;		/* YYYY-MM-DDTHH:MM, clinic time */
	const char	*tid;		/* treatment id, or NULL */
	int		 minutes;	/* length when tid is NULL */
	int		 buffer;	/* buffer minutes when tid is NULL */
	const char	*except;	/* the appointment moved, or NULL */
	int		 override;	/* "book anyway" was asked */
};

/* The verdict: why (AGENDA_OK, or the soft rule overridden), words. */
struct agenda_verdict {
	enum agenda_why	 why;
	char		 reason[512];
};

/*
 * Judge s by the agenda's rules (agenda_why over the engine's data, as
 * the agenda's own booking form does; Google busy time left out: a
 * responder does not wait on Google for this).  Returns 0 when the
 * change may go on (v->why != AGENDA_OK: a soft rule overridden, journal
 * it with agenda_staff_journal), else the HTTP status to answer with v->reason
 * in words: 404 (unknown practitioner or treatment), 409 (an overlap,
 * buffers included: never overridden), 422 (the past, a time that does
 * not exist, a soft rule without s->override), 503, 500.
 */
int	 agenda_staff_judge(struct req *, const struct agenda_staff *s,
	    struct agenda_verdict *v);

/*
 * Journal (system_logs, BOOKED_ANYWAY) that appointment appt was booked
 * or moved to at against the soft rule of v.  Nothing when v->why is
 * AGENDA_OK.
 */
void	 agenda_staff_journal(struct req *, const char *appt,
	    const char *at, const struct agenda_verdict *v);

#endif
