/*
 * super_login — sign in and out of the superadmin.  Login is shared with
 * the clinic admin (auth_login with no clinic: SUPERADMIN accounts only,
 * same Argon2id check and throttling).
 */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "auth.h"
#include "demo.h"
#include "http.h"
#include "page.h"
#include "super.h"
#include "super_int.h"

/* This section's login form (auth_login_page; auth_login_refused's page). */
static void
login_page(struct req *r, int status, const char *error, const char *email)
{
	auth_login_page(r, status, "superadmin/login", "title.super.login",
	    error, email);
}

void
super_login_form(struct req *r)
{
	json_object	*o;

	if (req_wants_json(r)) {
		o = json_object_new_object();
		super_add_str(o, "login", "POST email and password");
		resp_json(r, 200, o);
		json_object_put(o);
		return;
	}
	login_page(r, 200, NULL, NULL);
}

void
super_login(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	const char		*email = page_in(r, "email");
	struct auth_user	 u;
	char			*token = NULL;
	enum auth_login_result	 lr;
	json_object		*o;
	int			 retry;

	if (!auth_login_csrf_ok(ctx, r)) {
		page_relogin(r, 403, "missing or bad login token",
		    "login.error.expired");
		return;
	}
	if (demo_password_refused(ctx->cfg->production, page_in(r, "password"))) {
		if (req_wants_json(r))
			resp_error(r, 403, DEMO_REFUSED);
		else
			login_page(r, 403, "login.error.demo", email);
		return;
	}
	lr = auth_login(ctx, r, NULL, email, page_in(r, "password"), &u,
	    &token, &retry);
	if (lr != AUTH_LOGIN_OK) {
		auth_login_refused(r, lr, retry, email, login_page);
		return;
	}
	auth_audit(ctx, r, &u, NULL, "user.login", "user", u.user_id, NULL);
	resp_nostore(r);
	if (req_wants_json(r)) {
		o = auth_login_json(token, &u, email, 0);
		resp_json(r, 200, o);
		json_object_put(o);
	} else {
		auth_set_cookie(ctx, r, token);
		page_redirect(r, SUPER_BASE);
	}
	free(token);
}

void
super_logout(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	const struct auth_user	*u = auth_current(r);

	if (u == NULL || auth_logout(ctx, u) != 0) {
		page_error(r, 503, "database unavailable", NULL);
		return;
	}
	auth_set_cookie(ctx, r, NULL);
	page_done(r, 200, SUPER_BASE "/login", NULL);
}
