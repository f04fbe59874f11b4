/*
 * engine — the conversation engine: one patient message in, one reply
 * out, over the conversation's stored state and context.
 *
 * "The LLM extracts, the engine decides, templates speak": the message
 * is understood by lib/llm (rules first), the engine's state machine
 * decides what happens (identify, book, move, cancel, list, inform,
 * emergency, hand over to staff), and the reply is a lib/replies
 * template filled with values from the database.
 *
 * engine_turn.c:   the turn: load a snapshot, decide, commit.
 * engine.c:        the decision's dispatch, identification.
 * engine_book.c:   booking, moving and cancelling flows.
 * engine_info.c:   lists, clinic information, emergencies, reminders.
 * engine_parse.c:  pure parsing of short answers (choices, yes/no...).
 */
#ifndef SOPHIE_ENGINE_H
#define SOPHIE_ENGINE_H

#include <stddef.h>

#include "worker.h"

struct app_ctx;

/*
 * Run the turn for inbound message id (uuid) of job j (engine_turn.c):
 * load, decide and commit, with no transaction open across the LLM or
 * Google; the state, the patient, the appointment, the reply in the
 * outbox and j's completion (jobs_finish, when j is not NULL) commit
 * together.  Called with no transaction open.  Returns JOB_DONE,
 * JOB_RETRY (database trouble; err says why) or JOB_GIVEUP (no such
 * message).
 */
enum job_outcome engine_turn(struct app_ctx *, struct job *j,
		    const char *message_id, char *err, size_t errsz);

/* --- pure parsing (engine_parse.c) ------------------------------------ */

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

/* What a question about the clinic asks for: ENGINE_INFO_* bits. */
int	 engine_parse_info(const char *text, size_t len);

/* 1 when the appointment is for someone else (a child, "autre"). */
int	 engine_parse_someone_else(const char *text, size_t len);

/* 1 when the text names a day (weekday, month, "demain", "week"). */
int	 engine_parse_dayword(const char *text, size_t len);

/* 1 when the patient asks for a person ("parler au secrétariat"). */
int	 engine_parse_human(const char *text, size_t len);

/* 1 when any practitioner will do ("peu importe", "anyone"). */
int	 engine_parse_anyone(const char *text, size_t len);

#endif
