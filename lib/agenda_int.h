/*
 * agenda_int — what the agenda's page files (lib/agenda_page.c,
 * agenda_book.c, agenda_export.c) share; callers use admin.h.
 */
#ifndef SOPHIE_AGENDA_INT_H
#define SOPHIE_AGENDA_INT_H

#include <stdint.h>

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
 * booking_busy, as of config_now()) into *out, owned by the caller
 * (booking_free).  Returns 0, or the HTTP status to answer (404 for an
 * unknown clinic, 503, 500).
 */
int	 agenda_booking(struct req *, struct booking **out);

#endif
