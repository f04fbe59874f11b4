/*
 * agenda — the reception desk's agenda: pure logic over data already
 * loaded (no database, no I/O), used by the agenda pages (lib/agenda_*.c).
 *
 *  - agenda_why: whether staff may book a practitioner at an instant and,
 *    when not, the first reason, from the same rules the availability
 *    engine (lib/slots) applies when Sophie proposes slots; a free slot of
 *    the engine is always AGENDA_OK.
 *  - agenda_grid: the day or week grid: rows on the clinic's slot step,
 *    one column per (practitioner, local date), appointments placed in
 *    the cells they cover, every other cell free or shaded with a reason.
 *  - agenda_csv_cell: one RFC 4180 cell, safe against formula injection.
 *
 * Rules staff may override ("Réserver quand même", journaled): outside
 * the hours, a closure, a public holiday, an absence, Google busy time,
 * the minimum notice, the booking horizon.  Never: the past, and an
 * overlap with a booked appointment (buffers included).
 */
#ifndef SOPHIE_AGENDA_H
#define SOPHIE_AGENDA_H

#include <stddef.h>
#include <stdint.h>

#include "slots.h"

struct buf;

/* Most rows (one a minute at most) and columns of one grid. */
#define AGENDA_MAX_ROWS		1440
#define AGENDA_MAX_COLS		64

/* Why a time cannot be booked; AGENDA_OK when it can. */
enum agenda_why {
	AGENDA_OK = 0,
	AGENDA_PAST,		/* hard: the start is past */
	AGENDA_TAKEN,		/* hard: overlaps a booked appointment */
	AGENDA_HOLIDAY,		/* a public holiday of the clinic's country */
	AGENDA_WEEKLY,		/* the clinic does not open that weekday */
	AGENDA_CLOSURE,		/* a closure of the clinic */
	AGENDA_HOURS,		/* outside the opening or working hours */
	AGENDA_ABSENT,		/* the practitioner is absent */
	AGENDA_CALENDAR,	/* busy in the practitioner's Google Calendar */
	AGENDA_NOTICE,		/* sooner than the minimum notice */
	AGENDA_HORIZON,		/* past the booking horizon */
	AGENDA_GRID,		/* not a start the engine offers (grid, gap) */
	AGENDA__MAX
};

/* 1 when staff may override reason w with an explicit confirmation. */
int		 agenda_why_soft(enum agenda_why w);
/* The reason in plain French ("la clinique est fermée"); static. */
const char	*agenda_why_fr(enum agenda_why w);
/* Its key in the message catalogues ("why.closure"); static. */
const char	*agenda_why_key(enum agenda_why w);
/* A short class name for the grid ("closed", "holiday"...); static. */
const char	*agenda_why_class(enum agenda_why w);

/*
 * Whether practitioner index pi of c (c->practitioners[pi]) may be
 * booked for duration minutes plus buffer minutes from instant start:
 * AGENDA_OK when the engine (slots_free) offers that start for such a
 * treatment, else the first reason in the order of enum agenda_why.
 * Returns AGENDA_GRID for bad arguments.  Pure; allocates scratch memory
 * inside slots_free only.
 */
enum agenda_why	 agenda_why(const struct slots_clinic *c, size_t pi,
		    int duration, int buffer, int64_t start);

/* A column of the grid: a practitioner (index) on a local date. */
struct agenda_col {
	size_t			 prac;
	struct slots_date	 date;
};

/* An appointment to place: its column and UTC span (end excluded). */
struct agenda_appt {
	size_t	 col;
	int64_t	 start;
	int64_t	 end;
};

enum agenda_cell_kind {
	AGENDA_CELL_FREE = 0,	/* bookable: a link to the form */
	AGENDA_CELL_SHADED,	/* not bookable: why says why */
	AGENDA_CELL_APPT,	/* first cell of appointment appt */
	AGENDA_CELL_COVERED,	/* covered by the appointment above */
};

struct agenda_cell {
	enum agenda_cell_kind	 kind;
	enum agenda_why		 why;	/* SHADED */
	size_t			 appt;	/* APPT, COVERED: index in appts */
	int			 span;	/* APPT: rows covered, >= 1 */
	int64_t			 start;	/* the cell's instant (UTC) */
};

/*
 * A grid: row r starts at mins[r] minutes from local midnight (first is
 * mins[0], step the clinic's slot step); cells[row * ncols + col].
 * Owned by the caller (agenda_grid_free).
 */
struct agenda_grid {
	int			 first;
	int			 step;
	size_t			 nrows;
	size_t			 ncols;
	int			*mins;	/* ascending, nrows of them */
	struct agenda_cell	*cells;
};

enum agenda_err {
	AGENDA_EOK = 0,
	AGENDA_EINVAL,		/* bad clinic data, column or appointment */
	AGENDA_ETOOBIG,		/* over AGENDA_MAX_ROWS or AGENDA_MAX_COLS */
	AGENDA_ENOMEM,
};

/*
 * Build the grid of cols (ncols of them) for clinic c.  Rows are the
 * starts the engine generates (lib/slots: each working range's start,
 * then every step minutes) in any column, and, where no such start's
 * step covers the time, the multiples of the step from the earliest
 * opening or working hour to the latest closing of the columns'
 * weekdays (08:00-18:00 when none), widened to show every appointment:
 * a step that divides the hours gives the plain step grid, one that
 * does not (08:10 on a 15-minute step) rows on the times offered.
 * Appointments (whatever their status; the caller leaves cancelled ones
 * out) take the cells from their start to their end; an appointment
 * starting in a cell already taken is left out.  Every other cell is
 * free when agenda_why with one step's duration says AGENDA_OK, else
 * shaded with that reason.  Fills *out (cells owned by the caller).
 * Returns an agenda_err.
 */
enum agenda_err	 agenda_grid(const struct slots_clinic *c,
		    const struct agenda_col *cols, size_t ncols,
		    const struct agenda_appt *appts, size_t nappts,
		    struct agenda_grid *out);
void		 agenda_grid_free(struct agenda_grid *);

/*
 * Append s as one CSV cell (RFC 4180: always quoted, '"' doubled) to b;
 * a cell starting with '=', '+', '-', '@', a tab or a CR gets a "'"
 * first, so a spreadsheet never reads it as a formula.  NULL is an empty
 * cell.  Returns 0, or -1 when b is full.
 */
int		 agenda_csv_cell(struct buf *b, const char *s);

#endif
