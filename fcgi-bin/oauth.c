/*
 * oauth — FastCGI responder for the oauth route group.
 */
#include <stddef.h>

#include "app.h"
#include "fcgi.h"

/* Routes of this responder; matched before any work is done. */
static const struct route routes[] = {
	/* Liveness and database reachability. */
	{ "GET", "/health", app_health, 0 },
};

int
main(void)
{
	struct app_ctx		 ctx;
	struct fcgi_app		 app = {
		"oauth", routes, sizeof(routes) / sizeof(routes[0]),
		0, &ctx, NULL
	};
	int			 rc;

	app_start(&ctx, PROG_OAUTH, "oauth");
	app.max_body = (size_t)ctx.cfg->max_body;
	rc = fcgi_serve(&app);
	app_stop(&ctx);
	return rc;
}
