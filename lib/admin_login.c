/*
 * admin_login — sign in and out of a clinic's admin, and the stylesheet
 * (served by a route because the CSP allows only 'self' styles).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "demo.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "page.h"

/* This section's login form (auth_login_page; auth_login_refused's page). */
static void
login_page(struct req *r, int status, const char *error, const char *email)
{
	auth_login_page(r, status, "admin/login", "title.login", error,
	    email);
}

void
admin_login_form(struct req *r)
{
	json_object	*o;

	if (req_wants_json(r)) {
		o = json_object_new_object();
		json_object_object_add(o, "login", json_object_new_string(
		    "POST email and password"));
		resp_json(r, 200, o);
		json_object_put(o);
		return;
	}
	login_page(r, 200, NULL, NULL);
}

void
admin_login(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	const char		*clinic = req_param(r, "clinicId");
	const char		*email = page_in(r, "email");
	const char		*password = page_in(r, "password");
	struct auth_user	 u;
	char			*token = NULL;
	struct buf		 loc;
	json_object		*o;
	int			 retry;
	enum auth_login_result	 lr;

	if (!page_is_uuid(clinic)) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if (!auth_login_csrf_ok(ctx, r)) {
		page_relogin(r, 403, "missing or bad login token",
		    "login.error.expired");
		return;
	}
	if (demo_password_refused(ctx->cfg->production, password)) {
		if (req_wants_json(r))
			resp_error(r, 403, DEMO_REFUSED);
		else
			login_page(r, 403, "login.error.demo", email);
		return;
	}
	lr = auth_login(ctx, r, clinic, email, password, &u, &token, &retry);
	if (lr != AUTH_LOGIN_OK) {
		auth_login_refused(r, lr, retry, email, login_page);
		return;
	}
	resp_nostore(r);
	if (req_wants_json(r)) {
		o = auth_login_json(token, &u, email, 1);
		resp_json(r, 200, o);
		json_object_put(o);
	} else {
		auth_set_cookie(ctx, r, token);
		buf_init(&loc, 128);
		buf_printf(&loc, "/clinic/%s/admin", clinic);
		page_redirect(r, buf_str(&loc));
		buf_free(&loc);
	}
	free(token);
}

void
admin_logout(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	const struct auth_user	*u = auth_current(r);
	struct buf		 loc;

	if (u == NULL || auth_logout(ctx, u) != 0) {
		page_error(r, 503, "database unavailable", NULL);
		return;
	}
	auth_set_cookie(ctx, r, NULL);
	buf_init(&loc, 128);
	buf_printf(&loc, "/clinic/%s/admin/login", req_param(r, "clinicId"));
	page_done(r, 200, buf_str(&loc), NULL);
	buf_free(&loc);
}

/* The whole stylesheet: small, readable on a phone, no external fonts. */
static const char stylesheet[] =
	":root{--fg:#1d2430;--mut:#5b6472;--bd:#d8dde5;--ac:#0b6bcb;"
	"--bg:#f6f8fb;--warn:#b3261e}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:16px/1.45 system-ui,sans-serif;color:var(--fg);"
	"background:var(--bg)}\n"
	"header{background:#fff;border-bottom:1px solid var(--bd);"
	"padding:.5rem 1rem}\n"
	"header nav a{margin-right:.8rem;white-space:nowrap}\n"
	"header form{display:inline}\n"
	"main{max-width:1100px;margin:0 auto;padding:1rem}\n"
	"a{color:var(--ac)}\n"
	"table{border-collapse:collapse;width:100%;background:#fff}\n"
	"th,td{border-bottom:1px solid var(--bd);padding:.35rem .5rem;"
	"text-align:left;vertical-align:top}\n"
	".scroll{overflow-x:auto}\n"
	".cards{display:flex;flex-wrap:wrap;gap:.6rem}\n"
	".card{background:#fff;border:1px solid var(--bd);border-radius:6px;"
	"padding:.6rem .8rem;min-width:9rem}\n"
	".card b{display:block;font-size:1.6rem}\n"
	".muted{color:var(--mut)}\n"
	".error{color:var(--warn);font-weight:600}\n"
	".msg{background:#fff;border:1px solid var(--bd);border-radius:8px;"
	"padding:.4rem .6rem;margin:.3rem 0;max-width:42rem;"
	"white-space:pre-wrap;overflow-wrap:anywhere}\n"
	".msg.outbound{margin-left:auto;background:#e8f3ff}\n"
	"form.inline{display:inline}\n"
	"label{display:block;margin:.4rem 0 .1rem}\n"
	"input,select,textarea,button{font:inherit;padding:.3rem;"
	"max-width:100%}\n"
	"button{cursor:pointer}\n"
	"fieldset{border:1px solid var(--bd);background:#fff;margin:.8rem 0}\n"
	".chart{background:#fff;border:1px solid var(--bd);max-width:100%;"
	"height:auto}\n"
	".chart .a{fill:#0b6bcb}.chart .m{fill:#9cc3ea}"
	".chart text{font-size:9px;fill:#5b6472}\n"
	/* Agenda (lib/agenda_*.c): grid cells by status and reason. */
	"table.agenda td.cell{border-left:1px solid var(--bd);"
	"min-width:6rem;padding:.1rem .3rem;font-size:.85rem}\n"
	"table.agenda th.t{white-space:nowrap;font-size:.8rem;"
	"color:var(--mut)}\n"
	".cell.free a{display:block;text-decoration:none;color:var(--ac)}\n"
	".cell.appt{background:#dcebfb;border-left:3px solid var(--ac)}\n"
	".cell.st-completed{background:#e3f4e1;border-left-color:#2e7d32}\n"
	".cell.st-no_show{background:#fde7e5;border-left-color:var(--warn)}\n"
	".cell.shaded{background:repeating-linear-gradient(45deg,#eef0f3,"
	"#eef0f3 4px,#e2e5ea 4px,#e2e5ea 8px)}\n"
	".cell.closed,.cell.holiday{background:#f1e3c8}"
	".cell.absent,.cell.busy{background:#e8e0f2}"
	".cell.notreat{background:#f0f0f0}"
	".cell.past{background:#f0f0f0}\n"
	".agenda-key span{display:inline-block;padding:0 .3rem;margin:.1rem;"
	"font-size:.8rem}\n"
	/* Appointments coloured by treatment (lib/agenda_page.c's tc-N),
	 * the status kept in the left border and in words; a second
	 * appointment of the same cell drawn under the first. */
	".cell.tc-0,.also.tc-0{background:#dcebfb}"
	".cell.tc-1,.also.tc-1{background:#e3f4e1}\n"
	".cell.tc-2,.also.tc-2{background:#fdf0d5}"
	".cell.tc-3,.also.tc-3{background:#f3e1f7}\n"
	".cell.tc-4,.also.tc-4{background:#d9f3f1}"
	".cell.tc-5,.also.tc-5{background:#fde4e1}\n"
	".cell.tc-6,.also.tc-6{background:#e6eaee}"
	".cell.tc-7,.also.tc-7{background:#fff7c2}\n"
	".cell.tc-8,.also.tc-8{background:#e0e7ff}"
	".cell.tc-9,.also.tc-9{background:#f6e7da}\n"
	".cell.tc-10,.also.tc-10{background:#dff5e9}"
	".cell.tc-11,.also.tc-11{background:#f9e0ef}\n"
	".cell.st-no_show,.also.st-no_show{border-left-style:dashed}"
	".cell.appt .st{font-weight:600}"
	".also{border-top:1px dashed var(--bd);border-left:3px solid "
	"var(--ac);margin-top:.2rem;padding-left:.2rem}"
	".also.st-no_show{border-left-color:var(--warn)}"
	".also.st-completed{border-left-color:#2e7d32}"
	".agenda-treats span{display:inline-block;padding:0 .3rem;"
	"margin:.1rem;font-size:.8rem}\n"
	".agenda-nav a{margin-right:.8rem;white-space:nowrap}\n"
	"@media print{header,.noprint,.agenda-nav,.agenda-pick{display:none}"
	"main{max-width:none;padding:0}.print-prac{break-inside:avoid}}\n"
	/* The reception desk: slot buttons, actions, message states. */
	"a.button{display:inline-block;padding:.3rem .6rem;border:1px solid "
	"var(--ac);border-radius:4px;background:#fff;text-decoration:none}\n"
	".slots{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0}\n"
	".actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}\n"
	".msg-failed td:nth-child(3){color:var(--warn);font-weight:600}\n"
	/* i18n: long words wrap; a <pre> scrolls in its .scroll box. */
	".wrap{overflow-wrap:anywhere}\n"
	".scroll pre{margin:0}\n"
	"form.lang{margin-left:.4rem}\n"
	/* Staff alerts (nav counter, alerts page) and the hours editor. */
	".alerts-count{display:inline-block;min-width:1.2em;padding:0 .3em;"
	"border-radius:.6em;background:#d5d9e0;text-align:center}\n"
	".alerts-on .alerts-count{background:#c62828;color:#fff}\n"
	".alert-new td{font-weight:600}\n"
	".sr{position:absolute;width:1px;height:1px;overflow:hidden;"
	"clip:rect(0 0 0 0)}\n"
	/* An .sr text in a .scroll box (a table's row actions) is placed
	 * in the box, not past the window's edge at 375 px. */
	".scroll{position:relative}\n"
	/* A table cell whose long words wrap keeps a readable width: at
	 * 375 px the table scrolls in its .scroll box instead of wrapping
	 * a message preview a few letters a line. */
	"td.wrap{min-width:12rem}\n"
	".week td,.week th{white-space:nowrap}.week input[type=time]"
	"{width:7.5em}\n"
	"@media (max-width:600px){th,td{padding:.3rem}"
	"main{padding:.5rem}}\n";

/* The active clinics, two at most: is there exactly one? */
static const struct db_stmt st_home = { "admin_home",
	"SELECT id FROM clinics WHERE is_active ORDER BY created_at, id "
	"LIMIT 2", 0 };

/*
 * "/": a person who types the server's address lands on a login form:
 * the clinic's own when the server runs one clinic, the superadmin's
 * otherwise (or when the database cannot say).
 */
void
admin_home(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	PGresult	*res;
	char		 loc[128];

	snprintf(loc, sizeof(loc), "/superadmin/login");
	res = db_exec(ctx->db, &st_home, NULL);
	if (db_ok(res) && PQntuples(res) == 1)
		snprintf(loc, sizeof(loc), "/clinic/%s/admin/login",
		    PQgetvalue(res, 0, 0));
	PQclear(res);
	resp_header(r, "Cache-Control", "no-store");
	page_redirect(r, loc);
}

void
admin_stylesheet(struct req *r)
{
	resp_header(r, "Cache-Control", "public, max-age=3600");
	resp_body(r, 200, "text/css; charset=utf-8", stylesheet,
	    sizeof(stylesheet) - 1);
}
