/*
 * nlu_int — shared between the lib/nlu*.c files only; callers use nlu.h.
 *
 * A message is folded (lower case, accents removed, typographic quotes
 * made plain) and cut into tokens: a word is a run of ASCII letters and
 * digits; '/', ':', '.', ',', '-', '@', '+', '?', '!' and other signs are
 * one-character punctuation tokens; blanks and apostrophes separate.
 * Every token remembers where it came from in the original text, so names
 * are copied as written.
 */
#ifndef SOPHIE_NLU_INT_H
#define SOPHIE_NLU_INT_H

#include <stddef.h>

#include "nlu.h"

#define NLU_MAX_TOK	512
#define NLU_WORD_MAX	24	/* folded bytes kept per token */
#define NLU_FLAT_MAX	(NLU_TEXT_MAX + 8)

enum nlu_tk {
	NLU_TK_WORD = 0,	/* letters and digits */
	NLU_TK_PUNCT		/* one sign */
};

struct nlu_tok {
	char		 w[NLU_WORD_MAX];	/* folded, truncated */
	size_t		 so, eo;	/* span in the original text */
	int		 kind;		/* enum nlu_tk */
	int		 num;		/* value if <= 4 digits, else -1 */
	int		 ndig;		/* digits when num >= 0 */
	int		 cap;		/* written with a capital */
	int		 allcap;	/* written in capitals */
	int		 alpha;		/* letters only */
	int		 sp;		/* blank or apostrophe before */
	int		 used;		/* consumed by an entity */
};

struct nlu_doc {
	const char		*text;
	size_t			 len;
	/* The clinic's country (ISO 3166-1 alpha-2), NULL: unknown. */
	const char		*country;
	struct nlu_tok		 t[NLU_MAX_TOK];
	size_t			 n;
	char			 flat[NLU_FLAT_MAX]; /* " w1 w2 " */
	int			 accents;	/* saw accented letters */
	int			 date_exprs;	/* dates, valid or not */
	int			 range_seen;	/* nlu_range found a span */
	long			 range_from, range_to; /* its days */
	int			 range_narrowed; /* a day asked for in it */
	int			 name_thanked;	/* name after "Thx," */
	struct nlu_now		 now;
	int			 time_approx;	/* set by nlu_times */
	int			 not_coming;	/* a visit cancelled: "chez le
						 * kiné" is where, not what */
};

/* A date found in a message. */
struct nlu_date {
	int	 y, m, d;
	int	 birth;		/* a birth date */
	int	 explicit_year;
};

#define NLU_MAX_DATES	16

/* nlu_text.c */
void	 nlu_doc_init(struct nlu_doc *, const char *, size_t);
int	 nlu_flat_has(const struct nlu_doc *, const char *phrase);
int	 nlu_tok_is(const struct nlu_doc *, size_t i, const char *w);
int	 nlu_seq(const struct nlu_doc *, size_t i, const char *phrase,
	    size_t *end);
size_t	 nlu_fold(const char *s, size_t len, char *out, size_t outsz);
int	 nlu_dist(const char *a, const char *b, int max);

/* nlu_date.c */
size_t	 nlu_dates(struct nlu_doc *, struct nlu_date *, size_t max);
int	 nlu_times(struct nlu_doc *, char hhmm[6], char pref[16]);
/* A week or span into out ("YYYY-MM-DD..YYYY-MM-DD"): 1, or 0 (""). */
int	 nlu_range(struct nlu_doc *, char *out, size_t sz);
/* 1 when the message asks for the same time ("même heure"). */
int	 nlu_same_time(const struct nlu_doc *);
void	 nlu_add_days(int *y, int *m, int *d, int n);
int	 nlu_parse_number_word(const char *w);

/* nlu_name.c */
int	 nlu_names(struct nlu_doc *, enum nlu_awaiting, char *first,
	    char *last, size_t sz);
int	 nlu_email(struct nlu_doc *, char *out, size_t sz);
int	 nlu_phone(struct nlu_doc *, char *out, size_t sz);

/* nlu_match.c */
/* The index of the practitioner of list the message rules out ("pas avec
 * le Dr Leal"), or -1. */
int	 nlu_find_avoided(struct nlu_doc *, const char *const *, size_t);
const char *nlu_find_practitioner(struct nlu_doc *, const char *const *,
	    size_t);
const char *nlu_find_treatment(struct nlu_doc *, const struct nlu_lists *);

/* nlu_emerg.c: the medical category of an emergency. */
enum nlu_emerg {
	NLU_EMERG_NONE = 0,
	NLU_EMERG_FAINT,		/* loss of consciousness */
	NLU_EMERG_BLEEDING,		/* bleeding that will not stop */
	NLU_EMERG_SWELLING,		/* face, cheek, neck with fever */
	NLU_EMERG_BREATHING,		/* breathing or swallowing */
	NLU_EMERG_TRAUMA,		/* tooth knocked out, bad fall */
	NLU_EMERG_PAIN,			/* severe, unbearable pain */
	NLU_EMERG_CHEST,		/* chest pain, heart */
	NLU_EMERG_ALLERGY,		/* allergic reaction */
	NLU_EMERG_CHILD_FEVER,		/* high fever, child barely awake */
	NLU_EMERG_STROKE,		/* face, arm, speech */
	NLU_EMERG_FALL_CONFUSION,	/* confused or drowsy after a fall */
	NLU_EMERG_OTHER,		/* suicide, seizure, overdose */
	NLU_EMERG__MAX
};
/* The category of the emergency in the message, or NLU_EMERG_NONE. */
enum nlu_emerg nlu_emerg_find(const struct nlu_doc *);
/* 1 when the message says it is urgent (and not that it is not). */
int	 nlu_urgent(const struct nlu_doc *);
int	 nlu_urgency_denied(const struct nlu_doc *);
/* nlu.c: the tokens of text (cut at NLU_TEXT_MAX) for the symptom checks, to
 * be freed; NULL for no text, a NUL inside it, or no memory. */
struct nlu_doc	*nlu_symptom_doc(const char *text, size_t len);
/* Static name of a category: "bleeding"..., "" for none. */
const char *nlu_emerg_name(enum nlu_emerg);

/* nlu_intent.c */
int	 nlu_is_emergency(const struct nlu_doc *);
/* 1 when the message's words name a symptom or an injury (nlu.c). */
int	 nlu_doc_symptom(const struct nlu_doc *);
/* What else was found, for the intent rules. */
#define NLU_HAS_PERSONAL	0x01	/* name, birth date, contact */
#define NLU_HAS_DATE		0x02	/* date */
#define NLU_HAS_TIME		0x04	/* time or time preference */
#define NLU_HAS_PRACT		0x08	/* practitioner */
#define NLU_HAS_TREAT		0x10	/* treatment */
#define NLU_HAS_AWAIT		0x20	/* Sophie asked a question */
#define NLU_HAS_AWAIT_WHO	0x40	/* she asked a name or birth date */
#define NLU_HAS_AWAIT_YES	0x80	/* she asked to confirm a recap */
enum nlu_intent nlu_intent_rules(const struct nlu_doc *, int has,
	    double *conf, int *sure);
enum nlu_lang nlu_language(const struct nlu_doc *, const struct nlu_context *);
/* 1 when the message only thanks, wishes well or says goodbye. */
int	 nlu_closing(const struct nlu_doc *);
/* 1 when the message is written in another language (de, es, it, nl, pt). */
int	 nlu_foreign(const struct nlu_doc *);

/* Copy s into dst of size sz, truncating. */
void	 nlu_copy(char *dst, size_t sz, const char *s, size_t n);

#endif
