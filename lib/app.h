/*
 * app — what every program does at start: settings, logging, database.
 */
#ifndef SOPHIE_APP_H
#define SOPHIE_APP_H

#include "config.h"
#include "http.h"

struct db;

struct app_ctx {
	const struct config	*cfg;
	struct db		*db;
	const char		*name;
};

/*
 * Load the settings for prog (exits with 78 on a bad one), start logging
 * under name and create the database handle (connected lazily).  Fills
 * ctx.  Exits with 71 when memory runs out.
 */
void	 app_start(struct app_ctx *, enum config_prog, const char *name);
void	 app_stop(struct app_ctx *);

/* GET /health: "OK", or 503 when the database does not answer. */
void	 app_health(struct req *);

#endif
