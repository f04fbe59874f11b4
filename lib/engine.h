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
 * engine.c:        the decision's dispatch, reminders' answers.
 * engine_who.c:    identification of the patient.
 * engine_base.c:   replies, state, the snapshot's lookups.
 * engine_book.c:   booking, moving and cancelling flows.
 * engine_info.c:   lists, clinic information, emergencies, reminders.
 * engine_parse.c:  pure parsing of short answers (engine_parse.h).
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

/* The most turns engine_turn_batch takes at once. */
#define ENGINE_BATCH_MAX	32

/* What engine_turn_batch says of one job. */
struct engine_batch_res {
	enum job_outcome	 out;
	char			 err[256];	/* why, when not JOB_DONE */
};

/*
 * Run the turns of the claimed conversation_turn jobs js[0..n) (n at
 * most ENGINE_BATCH_MAX, each of another conversation), as engine_turn
 * runs one: they are loaded together (one statement, one snapshot)
 * and each is decided alone (no transaction open), then every decided
 * turn commits in one transaction, each with its own version check
 * (the plain ones written by one statement in which each turn's writes
 * hang on its own locked row, the others each behind its own
 * savepoint); a turn whose check fails writes nothing and runs again
 * from load, the others stay committed.  A job that is done is finished inside that transaction
 * (its finished flag set, its reply's job in next); r[i] says what
 * became of js[i], and the caller records the failures.  Called with
 * no transaction open.
 */
void	 engine_turn_batch(struct app_ctx *, struct job *const *js, size_t n,
	    struct engine_batch_res *r);

#endif
