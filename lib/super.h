/*
 * super — handlers of the superadmin (fcgi-bin/superadmin.c holds the
 * route table): the seed's /superadmin/... routes across every clinic.
 * Every handler but the login ones runs after auth_before with the route
 * flag AUTH_F_SUPER: the caller is a SUPERADMIN, and CSRF was checked for
 * cookie sessions.  Each handler builds one json-c object and answers it
 * through page_send (JSON for API clients, a templates/superadmin page for
 * browsers).  Lists are keyset-paginated (query before_t/before_id, or
 * before_id alone for the log), never counted.
 */
#ifndef SOPHIE_SUPER_H
#define SOPHIE_SUPER_H

struct req;

/* super_login.c */
void	 super_login_form(struct req *);	/* GET /superadmin/login */
void	 super_login(struct req *);		/* POST /superadmin/login */
void	 super_logout(struct req *);		/* POST /superadmin/logout */

/* super_stats.c */
void	 super_stats(struct req *);		/* GET /superadmin(/stats) */

/* super_clinics.c */
void	 super_clinics(struct req *);		/* GET .../clinics */
void	 super_clinic(struct req *);		/* GET .../clinics/{id} */
void	 super_clinic_update(struct req *);	/* PUT/POST .../clinics/{id} */
void	 super_clinic_activate(struct req *);	/* POST .../activate */
void	 super_clinic_deactivate(struct req *);	/* POST .../deactivate */

/* super_practitioners.c */
void	 super_practitioners(struct req *);
void	 super_practitioner(struct req *);
void	 super_practitioner_update(struct req *); /* PUT/POST */

/* super_logs.c */
void	 super_logs(struct req *);

/* super_conversations.c */
void	 super_conversations(struct req *);
void	 super_conversation(struct req *);
void	 super_conversation_analysis(struct req *);

/* super_lists.c */
void	 super_patients(struct req *);
void	 super_appointments(struct req *);

#endif
