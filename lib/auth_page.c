/*
 * auth_page — what the authentication layer answers in pages: the route
 * guard (auth_before) with its 401/403/404 answers and the login form's
 * refusals. It sits above page.c, which asks auth.c for the current user
 * and the CSRF token; auth.c itself renders nothing.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "page.h"

/* Is the method one that changes nothing? */
static int
auth_safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/*
 * No session: a browser asking for a clinic page (or a superadmin page,
 * flag AUTH_F_SUPER) is sent to the login form; everyone else gets 401.
 */
static void
auth_refuse_401(struct req *r, const char *clinic, unsigned flags)
{
	struct buf	 b;

	if (!req_wants_json(r) && auth_safe_method(req_method(r)) &&
	    (clinic != NULL || (flags & AUTH_F_SUPER))) {
		buf_init(&b, 256);
		if (((flags & AUTH_F_SUPER) ?
		    buf_adds(&b, "/superadmin/login") :
		    buf_printf(&b, "/clinic/%s/admin/login", clinic)) == 0 &&
		    resp_header(r, "Location", buf_str(&b)) == 0) {
			buf_free(&b);
			resp_text(r, 303, "sign in first\n");
			return;
		}
		buf_free(&b);
	}
	page_relogin(r, 401, "unauthorized", "error.text.401");
}

int
auth_before(struct req *r, const struct route *rt)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct auth_user cur_user;
	const char	*clinic;
	int		 rc;

	auth_set_current(NULL, NULL);
	if (rt == NULL || (rt->flags & AUTH_F_PUBLIC))
		return 0;
	clinic = req_param(r, "clinicId");
	if (clinic != NULL && !page_is_uuid(clinic)) {
		page_error(r, 404, "not found", NULL);
		return 1;
	}
	if ((rc = auth_from_request(ctx, r, &cur_user)) != 0) {
		if (rc == 503)
			page_error(r, 503, "database unavailable", NULL);
		else
			auth_refuse_401(r, clinic, rt->flags);
		return 1;
	}
	if (((rt->flags & AUTH_F_SUPER) &&
	    strcmp(cur_user.role, "SUPERADMIN") != 0) ||
	    ((rt->flags & AUTH_F_ADMIN) &&
	    strcmp(cur_user.role, "STAFF") == 0) ||
	    (clinic != NULL && auth_clinic_access(&cur_user, clinic) != 0)) {
		page_error(r, 403, "forbidden", "error.forbidden.account");
		return 1;
	}
	if (cur_user.via_cookie && !auth_safe_method(req_method(r)) &&
	    !(rt->flags & AUTH_F_NOCSRF) &&
	    !auth_csrf_ok(ctx->cfg->jwt_secret, r, &cur_user)) {
		log_warn("auth", "CSRF_REFUSED", clinic, "%s %s",
		    req_method(r), req_path(r));
		page_relogin(r, 403, "missing or bad CSRF token",
		    "error.csrf");
		return 1;
	}
	auth_set_current(r, &cur_user);
	return 0;
}

void
auth_login_refused(struct req *r, enum auth_login_result lr, int retry,
    const char *email, void (*login_page)(struct req *, int, const char *,
    const char *))
{
	char	 wait[16];

	switch (lr) {
	case AUTH_LOGIN_THROTTLED:
		snprintf(wait, sizeof(wait), "%d", retry);
		resp_header(r, "Retry-After", wait);
		if (req_wants_json(r))
			resp_error(r, 429, "too many attempts, try later");
		else
			login_page(r, 429, "login.error.throttled", email);
		break;
	case AUTH_LOGIN_DB:
		page_error(r, 503, "database unavailable", NULL);
		break;
	case AUTH_LOGIN_NOMEM:
		page_error(r, 500, "internal error", NULL);
		break;
	default:
		if (req_wants_json(r))
			resp_error(r, 401, "invalid credentials");
		else
			login_page(r, 401, "login.error.credentials",
			    email);
		break;
	}
}

void
auth_login_page(struct req *r, int status, const char *tmpl,
    const char *title, const char *error, const char *email)
{
	json_object	*o = json_object_new_object();
	char		 field[AUTH_CSRF_LEN + 1];

	if (auth_login_csrf_issue(req_ctx(r), r, field) == 0)
		json_object_object_add(o, "loginToken",
		    json_object_new_string(field));
	if (error != NULL)
		json_object_object_add(o, "error",
		    json_object_new_string(page_text(r, error)));
	if (email != NULL && page_is_text(email, 320))
		json_object_object_add(o, "email",
		    json_object_new_string(email));
	page_send(r, status, tmpl, title, o, 1);
	json_object_put(o);
}
