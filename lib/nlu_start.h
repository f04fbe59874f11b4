/*
 * nlu_start — load the learned intent layer at a program's start.
 */
#ifndef SOPHIE_NLU_START_H
#define SOPHIE_NLU_START_H

struct config;

/* Use SOPHIE_NLU_MODEL's model, if set; exits 78 when it cannot be. */
void	 nlu_start(const struct config *, const char *program);

#endif
