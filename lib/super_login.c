/*
 * super_login — sign in and out of the superadmin.  Login is shared with
 * the clinic admin (auth_login with no clinic: SUPERADMIN accounts only,
 * same Argon2id check and throttling).
 */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "auth.h"
#include "http.h"
#include "page.h"
#include "super.h"
#include "super_int.h"

/*
 * The form, with an optional error line and the email typed, and a fresh
 * pre-session token (cookie and hidden field, auth_login_csrf_issue).
 */
static void
login_page(struct req *r, int status, const char *error, const char *email)
{
	json_object	*o = json_object_new_object();
	char		 field[AUTH_CSRF_LEN + 1];

	if (auth_login_csrf_issue(req_ctx(r), r, field) == 0)
		super_add_str(o, "loginToken", field);

	if (error != NULL)
		super_add_str(o, "error", error);
	if (email != NULL && page_is_text(email, 320))
		super_add_str(o, "email", email);
	page_send(r, status, "superadmin/login", "Connexion superadmin", o, 1);
	json_object_put(o);
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

/* The {token, expiresAt, user} answer for API clients; caller puts. */
static json_object *
login_answer(const char *token, const struct auth_user *u, const char *email)
{
	json_object	*o = json_object_new_object(), *usr;

	usr = json_object_new_object();
	super_add_str(usr, "id", u->user_id);
	super_add_str(usr, "email", email);
	super_add_str(usr, "role", u->role);
	super_add_str(o, "token", token);
	json_object_object_add(o, "expiresAt", json_object_new_int64(u->exp));
	json_object_object_add(o, "user", usr);
	return o;
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
		    "Le formulaire de connexion a expiré ou ne vient pas de "
		    "ce site : rechargez la page de connexion et recommencez.");
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
		o = login_answer(token, &u, email);
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
