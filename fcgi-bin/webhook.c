/*
 * webhook — FastCGI responder for Twilio's WhatsApp webhooks and /health.
 * Never waits on a third party: it stores and answers.
 */
#include <stddef.h>

#include "app.h"
#include "fcgi.h"
#include "intake.h"

/* Routes of this responder; matched before any work is done. */
static const struct route routes[] = {
	/* Liveness and database reachability. */
	{ "GET", "/health", app_health, 0 },
	/* The seed's verify-token handshake. */
	{ "GET", "/webhook/whatsapp/{clinicId}", intake_verify, 0 },
	/* An inbound WhatsApp message, signed by Twilio. */
	{ "POST", "/webhook/whatsapp/{clinicId}", intake_message, 0 },
	/* A delivery status callback, signed by Twilio over the full URL
	   (its query carries the outbox's key, ?k=<message id>). */
	{ "POST", "/webhook/whatsapp/{clinicId}/status", intake_status, 0 },
};

int
main(void)
{
	struct app_ctx		 ctx;
	struct fcgi_app		 app = {
		"webhook", routes, sizeof(routes) / sizeof(routes[0]),
		0, &ctx, NULL, NULL
	};
	int			 rc;

	app_start(&ctx, PROG_WEBHOOK, "webhook");
	app.max_body = (size_t)ctx.cfg->max_body;
	intake_warm(&ctx);
	rc = fcgi_serve(&app);
	app_stop(&ctx);
	return rc;
}
