/*
 * sophie-worker — takes jobs from the database (see lib/worker.c); loads
 * the learned intent layer first (SOPHIE_NLU_MODEL), shared by the worker
 * processes it forks.
 */
#include "config.h"
#include "nlu_start.h"
#include "worker.h"

int
main(int argc, char *argv[])
{
	nlu_start(config_load(PROG_WORKER), "sophie-worker");
	return worker_main(argc, argv);
}
