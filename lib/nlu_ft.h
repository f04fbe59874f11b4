/*
 * nlu_ft — a fastText intent classifier (Debian's libfasttext, C++)
 * behind a C interface. Only programs that use it link libsophie_ft.a,
 * libfasttext and the C++ runtime.
 */
#ifndef SOPHIE_NLU_FT_H
#define SOPHIE_NLU_FT_H

#include "nlu.h"

#ifdef __cplusplus
extern "C" {
#endif

struct nlu_ft;

/* Load a supervised model (labels "__label__BOOK_APPOINTMENT"...).
 * Returns NULL when the file is missing or not a model. */
struct nlu_ft	*nlu_ft_open(const char *path);

/*
 * Classify text (as made by nlu_learn_text). Sets the most likely intent
 * and its probability. Returns 0, or -1 when nothing was predicted.
 */
int		 nlu_ft_predict(const struct nlu_ft *, const char *text,
		    enum nlu_intent *out, double *p);

void		 nlu_ft_close(struct nlu_ft *);

/*
 * Load the model at path and make it the classifier of nlu_extract (see
 * nlu_learn_set), for the life of the program. Returns 0, or -1 when the
 * file is not a model (nothing changes).
 */
int		 nlu_ft_use(const char *path);

#ifdef __cplusplus
}
#endif

#endif
