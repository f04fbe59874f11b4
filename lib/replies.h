/*
 * replies — what Sophie says: French and English message templates and
 * the formatting of dates and times a patient reads.
 *
 * A template is a fixed string with {placeholders}; replies_fill() puts
 * values in.  Values come from the clinic's settings, the database and
 * the engine (names, dates, lists), never from LLM text.  WhatsApp is
 * plain text, so nothing is escaped, but control characters other than
 * newline are dropped from values.
 */
#ifndef SOPHIE_REPLIES_H
#define SOPHIE_REPLIES_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct nlu_lists;
struct tz;

enum replies_lang {
	REPLIES_FR = 0,
	REPLIES_EN
};

/* One placeholder value: {name} becomes value. */
struct replies_var {
	const char	*name;
	const char	*value;
};

/* Longest reply written (bytes); WhatsApp's limit is 4096 characters. */
#define REPLIES_MAX	3600

/*
 * The template called key in lang (static storage), or NULL when there
 * is no such key.
 */
const char	*replies_get(const char *key, enum replies_lang);

/*
 * Append tmpl to out with every {name} replaced by the value of the
 * var of that name (n vars).  An unknown placeholder is kept as it is;
 * a NULL value counts as "".  Returns 0, or -1 when out is full (out
 * then holds what fitted) or tmpl is NULL.
 */
int		 replies_fill(struct buf *out, const char *tmpl,
		    const struct replies_var *vars, size_t n);

/* replies_fill with the template key in lang. Same return. */
int		 replies_say(struct buf *out, const char *key,
		    enum replies_lang, const struct replies_var *vars,
		    size_t n);

/*
 * The local date of instant t in zone tz as a patient reads it:
 * "mardi 24 novembre" / "Tuesday 24 November" (the year is added when
 * it is not the year of now).  Writes into out (sz bytes, always
 * NUL-terminated).  Returns 0, or -1 when it did not fit.
 */
int		 replies_date(char *out, size_t sz, enum replies_lang,
		    const struct tz *tz, int64_t t, int64_t now);

/* The local time of t: "14:30" in both languages. Returns 0 or -1. */
int		 replies_time(char *out, size_t sz, const struct tz *tz,
		    int64_t t);

/*
 * How a reply names canonical treatment canon for a patient in lang:
 * the clinic's name for it in that language (see nlu_treatment_display;
 * lists may be NULL). Returns a borrowed string, NULL when canon is.
 */
const char	*replies_treatment(const struct nlu_lists *, const char *canon,
		    enum replies_lang);

/* Weekday name, 0 = Monday; NULL when out of range. */
const char	*replies_weekday(enum replies_lang, int wday);
/* Month name, 1 = January; NULL when out of range. */
const char	*replies_month(enum replies_lang, int month);

#endif
