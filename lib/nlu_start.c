/*
 * nlu_start — a program's start-up of the learned intent layer: the
 * model named by SOPHIE_NLU_MODEL becomes nlu_extract's classifier, or
 * the program stops with one line naming the setting. Linked only into
 * the programs that understand messages (the worker, sophiectl), with
 * libsophie_ft.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "nlu_ft.h"
#include "nlu_start.h"

void
nlu_start(const struct config *cfg, const char *program)
{
	const char	*m = cfg->nlu_model;

	if (m == NULL || *m == '\0' || strcmp(m, "off") == 0)
		return;
	if (nlu_ft_use(m) == -1) {
		fprintf(stderr, "%s: config: SOPHIE_NLU_MODEL %s is not a "
		    "readable fastText model (build it with make, or set "
		    "off)\n", program, m);
		exit(78);
	}
}
