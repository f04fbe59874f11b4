/*
 * sophie-worker — takes jobs from the database (see lib/worker.c).
 */
#include "worker.h"

int
main(int argc, char *argv[])
{
	return worker_main(argc, argv);
}
