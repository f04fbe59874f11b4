/*
 * nlu — the rule-based extractor for patient messages (French/English).
 *
 * nlu_extract() is a pure function of the message, the clinic's lists
 * (practitioners, treatments), the conversation context and "now" (the
 * clinic's local wall-clock date and time). It fills a struct nlu_result
 * with the language, the intent, a confidence, the entities in the formats
 * of notes/nlu-spec.md, and the source (rules or LLM) of every field.
 *
 * When the rules are sure (result.rules_sure), the LLM is not consulted.
 * Otherwise lib/llm.c asks the LLM, validates its answer field by field
 * and nlu_merge() fills what the rules did not find.
 */
#ifndef SOPHIE_NLU_H
#define SOPHIE_NLU_H

#include <stddef.h>

struct json_object;

enum nlu_intent {
	NLU_INTENT_UNKNOWN = 0,
	NLU_INTENT_BOOK_APPOINTMENT,
	NLU_INTENT_MODIFY_APPOINTMENT,
	NLU_INTENT_CANCEL_APPOINTMENT,
	NLU_INTENT_LIST_APPOINTMENTS,
	NLU_INTENT_INFORMATION,
	NLU_INTENT_GREETING,
	NLU_INTENT_AFFIRMATIVE,
	NLU_INTENT_NEGATIVE,
	NLU_INTENT_LIST_PRACTITIONERS,
	NLU_INTENT_EMERGENCY,
	NLU_INTENT__MAX
};

enum nlu_lang {
	NLU_LANG_FR = 0,
	NLU_LANG_EN
};

/* Who decided a field. */
enum nlu_src {
	NLU_SRC_NONE = 0,	/* field empty */
	NLU_SRC_RULES,		/* the rule-based extractor */
	NLU_SRC_LLM		/* the validated LLM answer */
};

/* The entities, in the order of the output schema. */
enum nlu_field {
	NLU_F_FIRST_NAME = 0,
	NLU_F_LAST_NAME,
	NLU_F_BIRTH_DATE,	/* YYYY-MM-DD */
	NLU_F_EMAIL,		/* lower-cased */
	NLU_F_PHONE,		/* E.164 */
	NLU_F_APPOINTMENT_TYPE,	/* canonical treatment name */
	NLU_F_DATE,		/* YYYY-MM-DD, appointment date */
	NLU_F_TIME,		/* HH:MM, 24 h */
	NLU_F_TIME_PREFERENCE,	/* MORNING | AFTERNOON | EVENING */
	NLU_F_PRACTITIONER,	/* canonical practitioner name */
	NLU_F_DATE_RANGE,	/* YYYY-MM-DD..YYYY-MM-DD, a week or span */
	NLU_F__MAX
};

/* What Sophie just asked the patient. */
enum nlu_awaiting {
	NLU_AWAIT_NONE = 0,
	NLU_AWAIT_NAME,
	NLU_AWAIT_BIRTH_DATE,
	NLU_AWAIT_DATE,
	NLU_AWAIT_TIME,
	NLU_AWAIT_CONFIRMATION
};

/*
 * Another name of one of the clinic's treatments, in one language, as
 * the clinic wrote it (lay words: "arracher une dent", "tooth removal").
 * is_name marks the name replies use for that language.
 */
struct nlu_alias {
	size_t		 treatment;	/* index in nlu_lists.treatments */
	enum nlu_lang	 lang;
	int		 is_name;	/* the treatment's name in lang */
	const char	*text;		/* UTF-8 */
};

/*
 * The clinic's own lists; canonical names, UTF-8. Borrowed, not copied.
 * aliases may be NULL: built-in lay words for common treatments are
 * always tried after the clinic's own.
 */
struct nlu_lists {
	const char *const	*practitioners;
	size_t			 npractitioners;
	const char *const	*treatments;
	size_t			 ntreatments;
	const struct nlu_alias	*aliases;
	size_t			 naliases;
};

/* The clinic's local wall-clock time. */
struct nlu_now {
	int	 y, m, d, hh, mm;
};

struct nlu_context {
	enum nlu_awaiting	 awaiting;
	int			 has_last_lang;	/* last_lang is set */
	enum nlu_lang		 last_lang;
	/*
	 * Names already known in the conversation (e.g. the patient's
	 * record), UTF-8, may be NULL: context for the LLM. A name it
	 * proposes is kept only when it appears in the message itself.
	 */
	const char		*known;
	/*
	 * The clinic's country (ISO 3166-1 alpha-2, "FR"...), may be NULL:
	 * phone numbers written without a country code are read with it.
	 */
	const char		*country;
};

#define NLU_VALUE_MAX	128	/* bytes per value, with the NUL */
#define NLU_TEXT_MAX	4096	/* bytes of a message looked at */

struct nlu_result {
	enum nlu_lang	 lang;
	enum nlu_src	 lang_src;
	enum nlu_intent	 intent;
	enum nlu_src	 intent_src;
	double		 confidence;	/* 0..1 */
	int		 rules_sure;	/* 1: rules sure, no LLM */
	int		 learned;	/* the intent is the classifier's */
	int		 urgent;	/* said urgent, no symptom found */
	int		 foreign;	/* written in another language */
	char		 val[NLU_F__MAX][NLU_VALUE_MAX]; /* "" = none */
	enum nlu_src	 src[NLU_F__MAX];
	/*
	 * "même heure", "same time": the time of the appointment being
	 * discussed; the message alone gives no time.
	 */
	int		 same_time;
	/* The time was given roughly: "vers 11h", "11ish", "around 3pm". */
	int		 time_approx;
	/*
	 * A GREETING that only thanks, wishes well or says goodbye ("merci,
	 * bonne journée", "thanks, merry Christmas"): a farewell, answered
	 * as a thank-you, not by Sophie introducing herself.
	 */
	int		 closing;
};

/*
 * Extract intent and entities from text (len bytes, UTF-8; only the first
 * NLU_TEXT_MAX bytes are looked at). lists, ctx may be NULL; now must be a
 * valid date. out is always initialised. Returns 0, or -1 on bad arguments
 * (NULL text/now/out, embedded NUL, invalid now): out is then an empty
 * UNKNOWN result.
 */
int	 nlu_extract(const char *text, size_t len, const struct nlu_lists *,
	    const struct nlu_context *, const struct nlu_now *,
	    struct nlu_result *out);

/* Clear a result: UNKNOWN, French, confidence 0, no entities. */
void	 nlu_result_init(struct nlu_result *);

/*
 * Merge policy: when rules->rules_sure, rules is left as it is. Otherwise
 * the validated LLM answer llm fills what the rules did not find (intent
 * when the rules had none or were weak, empty entities). The LLM never
 * decides a yes, a no, a cancellation or the language: its AFFIRMATIVE,
 * NEGATIVE and CANCEL_APPOINTMENT are ignored, and so is its language; it
 * never replaces a yes, no, cancellation or EMERGENCY found by the rules,
 * and its GREETING or lists never hide a treatment, practitioner, date or
 * time the rules found.
 * Sources are kept per field.
 */
void	 nlu_merge(struct nlu_result *rules, const struct nlu_result *llm);

/*
 * JSON rendering: {"detected_language", "intent", "confidence",
 * "rules_sure", "urgent", "foreign", "entities": {...},
 * "source": {"intent": "rules", ...}}.
 * Empty entities are null. Returns a new object owned by the caller
 * (json_object_put), or NULL on ENOMEM.
 */
struct json_object *nlu_result_json(const struct nlu_result *);

/* Static names: "BOOK_APPOINTMENT"..., "first_name"..., "rules"/"llm". */
const char *nlu_intent_name(enum nlu_intent);
const char *nlu_field_name(enum nlu_field);
const char *nlu_src_name(enum nlu_src);
const char *nlu_lang_name(enum nlu_lang);
/* Parse an intent name. Returns 0 and sets *out, or -1 when unknown. */
int	 nlu_intent_parse(const char *, enum nlu_intent *out);
/* Parse an awaiting name ("name", "date"...). Returns 0 or -1. */
int	 nlu_awaiting_parse(const char *, enum nlu_awaiting *out);

/*
 * Checks used by the LLM answer validator.
 * nlu_date_derivable: 1 when ymd ("YYYY-MM-DD") is literally in text or is
 * the date of some date expression in text as of now; else 0.
 * nlu_time_derivable: same for "HH:MM".
 * nlu_words_present: 1 when every word of s appears, in order, as words of
 * text (case and accents ignored); else 0.
 * nlu_match_list: the canonical entry of list that s names (tolerant of
 * case, accents, titles, small typos), or NULL.
 * nlu_phone_present: 1 when the E.164 number is written in text.
 * nlu_pref_derivable: 1 when text holds a part-of-day expression that
 * yields pref ("MORNING", "AFTERNOON", "EVENING"); else 0.
 * nlu_symptom_present: 1 when text names a symptom or an injury (pain,
 * bleeding, swelling, fever, breathing, fainting, a fall...), French or
 * English, or is an emergency for the rules; else 0. An LLM "emergency"
 * without one is not an emergency.
 */
int	 nlu_date_derivable(const char *text, size_t len,
	    const struct nlu_now *, const char *ymd);
int	 nlu_time_derivable(const char *text, size_t len, const char *hhmm);
int	 nlu_words_present(const char *text, size_t len, const char *s);
const char *nlu_match_list(const char *const *list, size_t n, const char *s,
	    int is_practitioner);
int	 nlu_phone_present(const char *text, size_t len, const char *e164);
/* The index in list of the practitioner text rules out ("pas avec le Dr
 * Leal", "anyone but Dr Leal", "instead of Dr Leal"), or -1. */
int	 nlu_avoided_practitioner(const char *text, size_t len,
	    const char *const *list, size_t n);
int	 nlu_pref_derivable(const char *text, size_t len, const char *pref);
int	 nlu_symptom_present(const char *text, size_t len);
/* 1 when text names more than a plain pain: another symptom, an
 * emergency for the rules, or a pain said to be severe ("rage de
 * dents", "unbearable", "can't sleep"). */
int	 nlu_symptom_beyond_pain(const char *text, size_t len);

/*
 * The name of canonical treatment canon for a patient writing in lang:
 * the clinic's alias marked is_name in lang, else the built-in name of a
 * common treatment in lang when canon is that treatment's name in the
 * other language only ("Détartrage" -> "Cleaning"), else canon. lists
 * may be NULL. Returns a borrowed string (canon, an alias of lists, or
 * static storage), or NULL when canon is NULL.
 */
const char *nlu_treatment_display(const struct nlu_lists *,
	    const char *canon, enum nlu_lang lang);

/* Calendar helpers. */
int	 nlu_valid_date(int y, int m, int d);
/* Day of week, 0 = Monday .. 6 = Sunday. */
int	 nlu_weekday(int y, int m, int d);
/* Parse "YYYY-MM-DD" exactly (valid calendar date). Returns 0 or -1. */
int	 nlu_parse_ymd(const char *, int *y, int *m, int *d);

#endif
