/*
 * admin — handlers of the clinic admin (fcgi-bin/admin.c holds the route
 * table).  Every handler runs after auth_before: the caller is a user of
 * {clinicId} (or a SUPERADMIN) and CSRF was checked for cookie sessions.
 * Each handler builds one json-c object and answers it through page_send
 * (JSON or HTML).  Every query filters by the {clinicId} of the route,
 * so an id of another clinic answers 404.
 */
#ifndef SOPHIE_ADMIN_H
#define SOPHIE_ADMIN_H

struct req;

/* admin_login.c */
void	 admin_login_form(struct req *);	/* GET .../login */
void	 admin_login(struct req *);		/* POST .../login */
void	 admin_logout(struct req *);		/* POST .../logout */
void	 admin_home(struct req *);		/* GET /: on to a login form */
void	 admin_stylesheet(struct req *);	/* GET /clinic/static/app.css */

/* admin_dashboard.c */
void	 admin_dashboard(struct req *);		/* GET .../admin, stats */
/* Forget this process's cached figures of a clinic (after a change). */
void	 admin_dashboard_forget(const char *clinic);

/* admin_conversations.c */
void	 admin_conversations(struct req *);
void	 admin_conversation(struct req *);
void	 admin_conversation_takeover(struct req *);
void	 admin_conversation_handback(struct req *);
void	 admin_conversation_reply(struct req *);

/* admin_patients.c */
void	 admin_patients(struct req *);
void	 admin_patient(struct req *);

/* admin_practitioners.c */
void	 admin_practitioners(struct req *);
void	 admin_practitioner(struct req *);
void	 admin_practitioner_create(struct req *);
void	 admin_practitioner_update(struct req *);
void	 admin_practitioner_calendar(struct req *);
void	 admin_practitioner_treatments(struct req *);
void	 admin_practitioner_treatments_set(struct req *);
void	 admin_practitioner_hours_set(struct req *);
void	 admin_practitioner_absence_add(struct req *);
void	 admin_practitioner_absence_delete(struct req *);

/* admin_treatments.c */
void	 admin_treatments(struct req *);
void	 admin_treatment_create(struct req *);
void	 admin_treatment_update(struct req *);
void	 admin_treatment_delete(struct req *);

/* admin_appointments.c */
void	 admin_appointments(struct req *);
void	 admin_appointment_create(struct req *);
void	 admin_appointment_move(struct req *);
void	 admin_appointment_cancel(struct req *);
void	 admin_appointment_noshow(struct req *);

/* The reception desk (issue 17, items 4-6): desk_appt.c, desk_patient.c */
void	 admin_appointment(struct req *);	/* GET: messages, history */
void	 admin_appointment_new(struct req *);	/* GET: form, ?patient_id */
void	 admin_appointment_slots(struct req *);	/* GET: free slots, ?date */
void	 admin_appointment_cancel_form(struct req *); /* GET: confirm */
void	 admin_appointment_undo(struct req *);	/* POST: last change, today */
void	 admin_patient_update(struct req *);	/* PUT/POST: edit */
void	 admin_patient_merge_form(struct req *);	/* GET: ?other= */
void	 admin_patient_merge(struct req *);	/* POST: other_id into it */
/* The patient's rights (privacy_admin.c). */
void	 admin_patient_export(struct req *);	/* POST: the tar archive */
void	 admin_patient_erase_form(struct req *);	/* GET: confirmation */
void	 admin_patient_erase(struct req *);	/* POST: confirm=1 */
void	 admin_patient_optin(struct req *);	/* POST: clear STOP */
void	 admin_retention(struct req *);		/* GET: the setting */
void	 admin_retention_update(struct req *);	/* POST: months or "" */

/* admin_settings.c */
void	 admin_settings(struct req *);
void	 admin_settings_update(struct req *);
void	 admin_settings_closure_add(struct req *);
void	 admin_settings_closure_delete(struct req *);

/* admin_logs.c */
void	 admin_logs(struct req *);

/* admin_media.c */
void	 admin_image(struct req *);		/* .../images/{filename} */
void	 admin_media(struct req *);		/* .../media/{mediaId} */

/*
 * agenda_page.c, agenda_book.c, agenda_export.c — the reception desk's
 * agenda: the day/week grid, booking from it under Sophie's rules, the
 * patient search, the printable day and the CSV exports.
 */
void	 admin_agenda(struct req *);		/* GET .../agenda */
void	 admin_agenda_print(struct req *);	/* GET .../agenda/print */
void	 admin_agenda_book_form(struct req *);	/* GET .../agenda/book */
void	 admin_agenda_book(struct req *);	/* POST .../agenda/book */
void	 admin_patient_search(struct req *);	/* GET .../patients/search */
void	 admin_export_appointments(struct req *);
void	 admin_export_patients(struct req *);
/* GET /clinic/static/agenda.js: the booking form's search as you type. */
void	 admin_agenda_script(struct req *);

/* alert_admin.c — staff alerts (issue 17, item 7) */
void	 admin_alerts(struct req *);		/* GET .../alerts: list, count */
void	 admin_alerts_seen(struct req *);	/* POST .../alerts/seen: all */
void	 admin_alert_seen(struct req *);	/* POST .../alerts/{id}/seen */
void	 admin_alerts_script(struct req *);	/* GET /clinic/static/alerts.js */

/* series.c — series of appointments (issue 21, item 2) */
void	 admin_series_preview(struct req *);	/* GET .../series/new, POST
						   .../series/preview */
void	 admin_series_create(struct req *);	/* POST .../series */
void	 admin_series(struct req *);		/* GET .../series/{id} */
void	 admin_series_cancel(struct req *);	/* POST .../series/{id}/cancel */
/* noshow_admin.c — the clinic's no-show settings (issue 21, item 3) */
void	 admin_noshow_settings(struct req *);	/* GET .../settings/noshow */
void	 admin_noshow_settings_update(struct req *); /* POST, ADMIN */
/* waitlist_admin.c — the waitlist (issue 21, item 1) */
void	 admin_waitlist(struct req *);		/* GET .../waitlist */
void	 admin_waitlist_add(struct req *);	/* POST .../waitlist */
void	 admin_waitlist_remove(struct req *);	/* POST .../{id}/remove */
void	 admin_waitlist_edit(struct req *);	/* POST .../waitlist/{id} */

#endif
