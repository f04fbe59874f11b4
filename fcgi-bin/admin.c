/*
 * admin — FastCGI responder for the clinic admin route group: the seed's
 * /clinic/{clinicId}/admin/... routes (JSON for API clients, HTML pages
 * for browsers) and the POST equivalents HTML forms need.  auth_before
 * authenticates every route not flagged AUTH_F_PUBLIC, checks the clinic
 * and the CSRF token, before any handler runs.
 */
#include <stddef.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "fcgi.h"

#define C	"/clinic/{clinicId}/admin"
#define PUB	(AUTH_F_PUBLIC | AUTH_F_NOCSRF)

/* Routes of this responder; matched before any work is done. */
static const struct route routes[] = {
	/* Liveness and database reachability. */
	{ "GET", "/health", app_health, AUTH_F_PUBLIC },
	/* The login form, sign-in (public, throttled), sign-out. */
	{ "GET", C "/login", admin_login_form, PUB },
	{ "POST", C "/login", admin_login, PUB },
	{ "POST", C "/logout", admin_logout, 0 },
	/* The stylesheet (no secrets in it). */
	{ "GET", "/clinic/static/app.css", admin_stylesheet, PUB },
	/* Dashboard: the page, and the seed's stats route. */
	{ "GET", C, admin_dashboard, 0 },
	{ "GET", C "/dashboard/stats", admin_dashboard, 0 },
	/* Conversations: list, transcript, take over, hand back, reply. */
	{ "GET", C "/conversations", admin_conversations, 0 },
	{ "GET", C "/conversations/{conversationId}", admin_conversation, 0 },
	{ "POST", C "/conversations/{conversationId}/takeover",
	    admin_conversation_takeover, 0 },
	{ "POST", C "/conversations/{conversationId}/handback",
	    admin_conversation_handback, 0 },
	{ "POST", C "/conversations/{conversationId}/reply",
	    admin_conversation_reply, 0 },
	/* Patients: list with search, one patient. */
	{ "GET", C "/patients", admin_patients, 0 },
	{ "GET", C "/patients/{patientId}", admin_patient, 0 },
};

int
main(void)
{
	struct app_ctx		 ctx;
	struct fcgi_app		 app = {
		"admin", routes, sizeof(routes) / sizeof(routes[0]),
		0, &ctx, auth_before
	};
	int			 rc;

	app_start(&ctx, PROG_ADMIN, "admin");
	app.max_body = (size_t)ctx.cfg->max_body;
	rc = fcgi_serve(&app);
	app_stop(&ctx);
	return rc;
}
