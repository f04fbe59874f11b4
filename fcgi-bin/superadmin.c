/*
 * superadmin — FastCGI responder for the superadmin route group: the
 * seed's /superadmin/... routes across every clinic (JSON for API
 * clients, HTML pages for browsers) and the POST equivalents HTML forms
 * need.  auth_before authenticates every route not flagged AUTH_F_PUBLIC
 * and requires the SUPERADMIN role (AUTH_F_SUPER) and, for cookie
 * sessions, the CSRF token, before any handler runs.
 */
#include <stddef.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "db.h"
#include "fcgi.h"
#include "page.h"
#include "super.h"

#define S	"/superadmin"
#define PUB	(AUTH_F_PUBLIC | AUTH_F_NOCSRF)
#define SU	AUTH_F_SUPER

/* Routes of this responder; matched before any work is done. */
static const struct route routes[] = {
	/* Liveness and database reachability. */
	{ "GET", "/health", app_health, AUTH_F_PUBLIC },
	/* The login form, sign-in (public, throttled), sign-out. */
	{ "GET", S "/login", super_login_form, PUB },
	{ "POST", S "/login", super_login, PUB },
	{ "POST", S "/logout", super_logout, SU },
	/* i18n: the FR/EN switch of every page (the user's language). */
	{ "POST", S "/lang", page_lang_switch, SU },
	/* Global figures: the home page, and the seed's stats route. */
	{ "GET", S, super_stats, SU },
	{ "GET", S "/stats", super_stats, SU },
	/* Practitioners of every clinic; POST twin of PUT for forms. */
	{ "GET", S "/practitioners", super_practitioners, SU },
	{ "GET", S "/practitioners/{practitionerId}", super_practitioner, SU },
	{ "PUT", S "/practitioners/{practitionerId}",
	    super_practitioner_update, SU },
	{ "POST", S "/practitioners/{practitionerId}",
	    super_practitioner_update, SU },
	/* System log of every clinic and of the installation. */
	{ "GET", S "/logs", super_logs, SU },
	/* Conversations: list, transcript, analysis. */
	{ "GET", S "/conversations", super_conversations, SU },
	{ "GET", S "/conversations/{conversationId}", super_conversation, SU },
	{ "GET", S "/conversations/{conversationId}/analysis",
	    super_conversation_analysis, SU },
	/* Patients of every clinic, with search. */
	{ "GET", S "/patients", super_patients, SU },
	/* Clinics: list, detail, edit (PUT, or POST from the form),
	 * activate and deactivate. */
	{ "GET", S "/clinics", super_clinics, SU },
	{ "GET", S "/clinics/{clinicId}", super_clinic, SU },
	{ "PUT", S "/clinics/{clinicId}", super_clinic_update, SU },
	{ "POST", S "/clinics/{clinicId}", super_clinic_update, SU },
	{ "POST", S "/clinics/{clinicId}/activate", super_clinic_activate,
	    SU },
	{ "POST", S "/clinics/{clinicId}/deactivate", super_clinic_deactivate,
	    SU },
	/* Appointments of every clinic, with filters. */
	{ "GET", S "/appointments", super_appointments, SU },
	/* Images patients sent: the clinic admin's checked file server
	 * (cookie or Bearer; never a token in the query string). */
	{ "GET", S "/images/{clinicId}/{filename}", admin_image, SU },
};

int
main(void)
{
	struct app_ctx		 ctx;
	struct fcgi_app		 app = {
		"superadmin", routes, sizeof(routes) / sizeof(routes[0]),
		0, &ctx, auth_before, page_route_error
	};
	int			 rc;

	app_start(&ctx, PROG_SUPERADMIN, "superadmin");
	page_start(&ctx);	/* i18n: templates and catalogues, or exit */
	app.max_body = (size_t)ctx.cfg->max_body;
	rc = fcgi_serve(&app);
	app_stop(&ctx);
	return rc;
}
