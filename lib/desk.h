/*
 * desk — the reception desk's helpers shared by its pages
 * (lib/desk_appt.c, lib/desk_patient.c) and the agenda's booking form
 * and patient search (lib/agenda_book.c): phone numbers as staff type
 * them, turned into E.164.
 */
#ifndef SOPHIE_DESK_H
#define SOPHIE_DESK_H

#include <stddef.h>

/* Longest E.164 number with its '+', and its NUL. */
#define DESK_PHONE_MAX	17

/*
 * Normalise a phone number typed by staff into E.164 ("+33612345678"):
 * spaces, dots, dashes, slashes and parentheses are dropped; "+" or "00"
 * starts an international number; a national number takes the calling
 * code of country (ISO 3166-1 alpha-2, one of the clinic countries
 * sql/015 allows; "" or unknown: refused): its one trunk "0" dropped
 * (FR, BE, GB...), kept (IT), or none to drop (ES, PT, LU: a leading "0"
 * is refused), and a North American ten-digit number (CA, US) takes
 * "+1".  The result has 7 to 15 digits after '+', the first not 0.
 * Writes it into out (outsz >= DESK_PHONE_MAX).  Returns 0, or -1 when
 * in is not a phone number.
 */
int	 desk_phone_e164(const char *in, const char *country, char *out,
	    size_t outsz);

#endif
