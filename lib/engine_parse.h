/*
 * engine_parse — pure parsing of a patient's short answers: choices,
 * yes/no, reminders' answers, questions about the clinic.  No state, no
 * database: unit-tested on their own.
 */
#ifndef SOPHIE_ENGINE_PARSE_H
#define SOPHIE_ENGINE_PARSE_H

#include <stddef.h>

/*
 * Lower-case text (len bytes of UTF-8), fold French accents to ASCII
 * letters and turn everything but letters and digits into single
 * spaces, into out (sz bytes, always NUL-terminated).  Returns the
 * length written.
 */
size_t	 engine_norm(const char *text, size_t len, char *out, size_t sz);

/*
 * Which of n listed items the patient picked: "2", "le 2", "n°2", "the
 * second one", "deuxième", "1er"; or, when minutes is not NULL (the
 * local start of each item, minutes from midnight), a time "14h30",
 * "14:30", "2:30 pm" equal to one of them.  Returns the index 0..n-1,
 * or -1 when nothing (or something else: a date, a time not listed)
 * was said.
 */
int	 engine_parse_choice(const char *text, size_t len, const int *minutes,
	    size_t n);

/*
 * The item of n listed a message picks while it asks another clock time
 * of hour (0..23) for it: "le 2 mais à 11h", "the 3rd one at 10am".  A
 * lone number or ordinal besides the time's own digits; -1 when none,
 * several, or a month is named.
 */
int	 engine_parse_option(const char *text, size_t len, size_t n,
	    int hour);

/*
 * A move by an amount of time: "push it back an hour", "une demi-heure
 * plus tôt", "décaler d'une heure", "bring it forward 30 minutes".
 * Minutes, later positive, earlier negative; 0 when none is said.
 */
int	 engine_parse_shift(const char *text, size_t len);

/* Yes or no in the text: 1 yes, 0 no, -1 neither or both. */
int	 engine_parse_yesno(const char *text, size_t len);

enum engine_remind {
	ENGINE_REMIND_NONE = 0,
	ENGINE_REMIND_CONFIRM,
	ENGINE_REMIND_CANCEL,
	ENGINE_REMIND_MOVE
};

/* The answer to a reminder: confirm, cancel, move or none. */
enum engine_remind engine_parse_remind(const char *text, size_t len);

#define ENGINE_INFO_HOURS	0x1
#define ENGINE_INFO_ADDRESS	0x2
#define ENGINE_INFO_PHONE	0x4
#define ENGINE_INFO_ACCESS	0x8	/* parking, transport, lift */

#define ENGINE_ASK_PRICE	0x1
#define ENGINE_ASK_DURATION	0x2
#define ENGINE_ASK_WHO		0x4	/* "c'est avec qui ?" */

/* What a question at a recap asks about the appointment: its price, its
 * length, whom it is with (ENGINE_ASK_* bits, 0 for none). */
int	 engine_parse_recap_question(const char *text, size_t len);

/* 1 when a message at a recap asks whether the appointment can be
 * cancelled or moved later ("je pourrai annuler ?", "as long as I can
 * reschedule"), else 0. */
int	 engine_parse_recap_later(const char *text, size_t len);

/* What a question about the clinic asks for: ENGINE_INFO_* bits. */
int	 engine_parse_info(const char *text, size_t len);

/* 1 when the appointment is for someone else (a child, "autre"). */
int	 engine_parse_someone_else(const char *text, size_t len);

/* The lone number 1..99 of the text ("what about 11 the same day"),
 * -1 none (or a clock time or a month is written), -2 several. */
int	 engine_parse_number(const char *text, size_t len);

/* The one weekday the text names (0 = Monday .. 6 = Sunday), -1 for
 * none or several. */
int	 engine_parse_weekday(const char *text, size_t len);

/* 1 when the text names a day (weekday, month, "demain", "week"). */
int	 engine_parse_dayword(const char *text, size_t len);

/* 1 when the patient asks for a person ("parler au secrétariat"). */
int	 engine_parse_human(const char *text, size_t len);

/* 1 when any practitioner will do ("peu importe", "anyone"). */
int	 engine_parse_anyone(const char *text, size_t len);
/* 1 when the text asks for another practitioner ("un autre dentiste",
 * "a different doctor"). */
int	 engine_parse_other_prac(const char *text, size_t len);

/* 1 when w (one word or a phrase, normalised) is in s, normalised, as
 * whole words. */
int	 engine_has_word(const char *s, const char *w);
/* 1 when folded s holds one of the NULL-terminated phrases (whole
 * words). */
int	 engine_has_any(const char *s, const char *const *list);
/*
 * An hour said alone in folded s ("11 is good", "make it 3"): a number
 * of one or two digits standing as a word, read on the clinic's day (1
 * to 7 are the afternoon's).  With before NULL, the first number
 * decides; else it must be the only number of s and follow one of the
 * NULL-terminated words before ("at", "vers").  A word mixing digits
 * and letters, or a number out of 1..max, gives -1.  Returns the hour
 * (0..23), or -1.
 */
int	 engine_bare_hour(const char *s, const char *const *before, int max);

#endif
