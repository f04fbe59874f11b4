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
#include "db.h"
#include "fcgi.h"
#include "page.h"

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
	/* i18n: the FR/EN switch of every page (the user's language). */
	{ "POST", C "/lang", page_lang_switch, 0 },
	/* The server's address: on to a login form. */
	{ "GET", "/", admin_home, PUB },
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
	/*
	 * Agenda (lib/agenda_*.c): the grid, booking from it, the patient
	 * search of its form (before /patients/{patientId}), the printable
	 * day, the CSV exports, the booking form's script (public, like
	 * the stylesheet).
	 */
	{ "GET", "/clinic/static/agenda.js", admin_agenda_script, PUB },
	{ "GET", C "/agenda", admin_agenda, 0 },
	{ "GET", C "/agenda/print", admin_agenda_print, 0 },
	{ "GET", C "/agenda/book", admin_agenda_book_form, 0 },
	{ "POST", C "/agenda/book", admin_agenda_book, 0 },
	/* Series of appointments: preview, booking, page, cancel. */
	{ "GET", C "/series/new", admin_series_preview, 0 },
	{ "POST", C "/series/preview", admin_series_preview, 0 },
	{ "POST", C "/series", admin_series_create, 0 },
	{ "GET", C "/series/{seriesId}", admin_series, 0 },
	{ "POST", C "/series/{seriesId}/cancel", admin_series_cancel, 0 },
	{ "GET", C "/settings/noshow", admin_noshow_settings, 0 },
	{ "POST", C "/settings/noshow", admin_noshow_settings_update,
	    AUTH_F_ADMIN },
	{ "GET", C "/patients/search", admin_patient_search, 0 },
	{ "GET", C "/export/appointments.csv", admin_export_appointments, 0 },
	{ "GET", C "/export/patients.csv", admin_export_patients, 0 },
	/* Patients: list with search, one patient. */
	{ "GET", C "/patients", admin_patients, 0 },
	{ "GET", C "/patients/{patientId}", admin_patient, 0 },
	/* Practitioners; POST twins of PUT/DELETE for HTML forms. */
	{ "GET", C "/practitioners", admin_practitioners, 0 },
	{ "POST", C "/practitioners", admin_practitioner_create, AUTH_F_ADMIN },
	{ "GET", C "/practitioners/{practitionerId}", admin_practitioner, 0 },
	{ "PUT", C "/practitioners/{practitionerId}",
	    admin_practitioner_update, AUTH_F_ADMIN },
	{ "POST", C "/practitioners/{practitionerId}",
	    admin_practitioner_update, AUTH_F_ADMIN },
	{ "PUT", C "/practitioners/{practitionerId}/calendar",
	    admin_practitioner_calendar, AUTH_F_ADMIN },
	{ "POST", C "/practitioners/{practitionerId}/calendar",
	    admin_practitioner_calendar, AUTH_F_ADMIN },
	{ "GET", C "/practitioners/{practitionerId}/treatments",
	    admin_practitioner_treatments, 0 },
	{ "PUT", C "/practitioners/{practitionerId}/treatments",
	    admin_practitioner_treatments_set, AUTH_F_ADMIN },
	{ "POST", C "/practitioners/{practitionerId}/treatments",
	    admin_practitioner_treatments_set, AUTH_F_ADMIN },
	{ "PUT", C "/practitioners/{practitionerId}/hours",
	    admin_practitioner_hours_set, AUTH_F_ADMIN },
	{ "POST", C "/practitioners/{practitionerId}/hours",
	    admin_practitioner_hours_set, AUTH_F_ADMIN },
	{ "POST", C "/practitioners/{practitionerId}/absences",
	    admin_practitioner_absence_add, 0 },
	{ "DELETE", C "/practitioners/{practitionerId}/absences/{absenceId}",
	    admin_practitioner_absence_delete, 0 },
	{ "POST", C "/practitioners/{practitionerId}/absences/{absenceId}"
	    "/delete", admin_practitioner_absence_delete, 0 },
	/* Treatment types. */
	{ "GET", C "/treatments", admin_treatments, 0 },
	{ "POST", C "/treatments", admin_treatment_create, AUTH_F_ADMIN },
	{ "PUT", C "/treatments/{treatmentId}", admin_treatment_update,
	    AUTH_F_ADMIN },
	{ "POST", C "/treatments/{treatmentId}", admin_treatment_update,
	    AUTH_F_ADMIN },
	{ "DELETE", C "/treatments/{treatmentId}", admin_treatment_delete,
	    AUTH_F_ADMIN },
	{ "POST", C "/treatments/{treatmentId}/delete",
	    admin_treatment_delete, AUTH_F_ADMIN },
	/* Appointments: list or ?view=day|week calendar, staff changes. */
	{ "GET", C "/appointments", admin_appointments, 0 },
	{ "POST", C "/appointments", admin_appointment_create, 0 },
	{ "PUT", C "/appointments/{appointmentId}", admin_appointment_move, 0 },
	{ "POST", C "/appointments/{appointmentId}/move",
	    admin_appointment_move, 0 },
	{ "POST", C "/appointments/{appointmentId}/cancel",
	    admin_appointment_cancel, 0 },
	{ "DELETE", C "/appointments/{appointmentId}",
	    admin_appointment_cancel, 0 },
	{ "POST", C "/appointments/{appointmentId}/no-show",
	    admin_appointment_noshow, 0 },
	/* The reception desk: an appointment's page (messages, history),
	 * the new-appointment form (patient preselected), free slots to
	 * move to, the cancellation's confirmation, undo; patient edit and
	 * merge (confirmation page, then the POST). */
	{ "GET", C "/appointments/new", admin_appointment_new, 0 },
	{ "GET", C "/appointments/{appointmentId}", admin_appointment, 0 },
	{ "GET", C "/appointments/{appointmentId}/slots",
	    admin_appointment_slots, 0 },
	{ "GET", C "/appointments/{appointmentId}/confirm-cancel",
	    admin_appointment_cancel_form, 0 },
	{ "POST", C "/appointments/{appointmentId}/undo",
	    admin_appointment_undo, 0 },
	{ "PUT", C "/patients/{patientId}", admin_patient_update, 0 },
	{ "POST", C "/patients/{patientId}", admin_patient_update, 0 },
	{ "GET", C "/patients/{patientId}/merge", admin_patient_merge_form, 0 },
	{ "POST", C "/patients/{patientId}/merge", admin_patient_merge, 0 },
	/* The patient's rights: export (a download), erasure after its
	 * confirmation page (lib/privacy_admin.c). */
	{ "POST", C "/patients/{patientId}/export", admin_patient_export, 0 },
	{ "GET", C "/patients/{patientId}/erase", admin_patient_erase_form, 0 },
	{ "POST", C "/patients/{patientId}/erase", admin_patient_erase, 0 },
	/* The patient's STOP cleared by staff (journaled). */
	{ "POST", C "/patients/{patientId}/optin", admin_patient_optin, 0 },
	/* Clinic settings (ADMIN role to change). */
	{ "GET", C "/settings", admin_settings, 0 },
	{ "PUT", C "/settings", admin_settings_update, AUTH_F_ADMIN },
	{ "POST", C "/settings", admin_settings_update, AUTH_F_ADMIN },
	{ "POST", C "/settings/closures", admin_settings_closure_add,
	    AUTH_F_ADMIN },
	{ "DELETE", C "/settings/closures/{closureId}",
	    admin_settings_closure_delete, AUTH_F_ADMIN },
	{ "POST", C "/settings/closures/{closureId}/delete",
	    admin_settings_closure_delete, AUTH_F_ADMIN },
	/* Retention of transcripts and media (lib/privacy_admin.c). */
	{ "GET", C "/settings/retention", admin_retention, 0 },
	{ "POST", C "/settings/retention", admin_retention_update,
	    AUTH_F_ADMIN },
	/* System log of the clinic. */
	{ "GET", C "/logs", admin_logs, 0 },
	/* Media patients sent (cookie or Bearer; never a query token). */
	{ "GET", C "/images/{filename}", admin_image, 0 },
	{ "GET", C "/media/{mediaId}", admin_media, 0 },
	/* Staff alerts: the list and unseen count (polled by the nav's
	 * script), "seen" for all or one, the script (no secrets in it). */
	{ "GET", "/clinic/static/alerts.js", admin_alerts_script, PUB },
	{ "GET", C "/alerts", admin_alerts, 0 },
	{ "POST", C "/alerts/seen", admin_alerts_seen, 0 },
	{ "POST", C "/alerts/{alertId}/seen", admin_alert_seen, 0 },
	/* The waitlist: list, add, remove (journaled). */
	{ "GET", C "/waitlist", admin_waitlist, 0 },
	{ "POST", C "/waitlist", admin_waitlist_add, 0 },
	{ "POST", C "/waitlist/{entryId}/remove", admin_waitlist_remove, 0 },
	/* A live entry's practitioner and window (journaled). */
	{ "POST", C "/waitlist/{entryId}", admin_waitlist_edit, 0 },
};

int
main(void)
{
	struct app_ctx		 ctx;
	struct fcgi_app		 app = {
		"admin", routes, sizeof(routes) / sizeof(routes[0]),
		0, &ctx, auth_before, page_route_error
	};
	int			 rc;

	app_start(&ctx, PROG_ADMIN, "admin");
	page_start(&ctx);	/* i18n: templates and catalogues, or exit */
	app.max_body = (size_t)ctx.cfg->max_body;
	rc = fcgi_serve(&app);
	app_stop(&ctx);
	return rc;
}
