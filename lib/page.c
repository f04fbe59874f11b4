/*
 * page — JSON or HTML from one json-c object; input helpers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "page.h"
#include "tmpl.h"

#define PAGE_HTML_MAX	(4 * 1024 * 1024)	/* largest page rendered */

/* The process's templates, loaded on first use. */
static struct tmpl_set	*page_set;
static int		 page_load_failed;
/* SQLSTATE of the last failed page_query, for page_fail's reason. */
static char		 page_last_state[6];

/* Load the template set once; NULL (logged) when it cannot be. */
static struct tmpl_set *
page_templates(struct app_ctx *ctx)
{
	char	 why[256];

	if (page_set != NULL || page_load_failed)
		return page_set;
	if (tmpl_load_dir(ctx->cfg->template_dir, &page_set, why,
	    sizeof(why)) != TMPL_OK) {
		log_error("page", "TEMPLATES_BROKEN", NULL, "%s: %s",
		    ctx->cfg->template_dir, why);
		page_load_failed = 1;
		page_set = NULL;
	}
	return page_set;
}

/* The layout's data around the page's. */
static json_object *
page_root(struct req *r, const char *title, json_object *data)
{
	struct app_ctx		*ctx = req_ctx(r);
	const struct auth_user	*u = auth_current(r);
	const char		*clinic = req_param(r, "clinicId");
	json_object		*root, *me;
	char			 csrf[AUTH_CSRF_LEN + 1];
	struct buf		 base;

	root = json_object_new_object();
	json_object_object_add(root, "page", json_object_get(data));
	json_object_object_add(root, "title",
	    json_object_new_string(title != NULL ? title : "Sophie"));
	if (clinic != NULL) {
		json_object_object_add(root, "clinic_id",
		    json_object_new_string(clinic));
		buf_init(&base, 128);
		buf_printf(&base, "/clinic/%s/admin", clinic);
		json_object_object_add(root, "base",
		    json_object_new_string(buf_str(&base)));
		buf_free(&base);
	}
	if (u != NULL) {
		auth_csrf_token(ctx->cfg->jwt_secret, u, csrf);
		json_object_object_add(root, "csrf",
		    json_object_new_string(csrf));
		me = json_object_new_object();
		json_object_object_add(me, "role",
		    json_object_new_string(u->role));
		json_object_object_add(me, "user_id",
		    json_object_new_string(u->user_id));
		json_object_object_add(root, "me", me);
	}
	return root;
}

void
page_send(struct req *r, int status, const char *tmpl, const char *title,
    json_object *data, int nostore)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct tmpl_set	*set;
	json_object	*root;
	struct buf	 out;
	enum tmpl_err	 e;

	if (nostore)
		resp_nostore(r);
	if (req_wants_json(r)) {
		resp_json(r, status, data);
		return;
	}
	if ((set = page_templates(ctx)) == NULL) {
		resp_error(r, 500, "templates unavailable");
		return;
	}
	root = page_root(r, title, data);
	buf_init(&out, PAGE_HTML_MAX);
	e = tmpl_render(set, tmpl, root, &out);
	if (e != TMPL_OK) {
		log_error("page", "RENDER_FAILED", req_param(r, "clinicId"),
		    "%s: %s", tmpl, tmpl_strerror(e));
		resp_error(r, 500, "page unavailable");
	} else
		resp_html(r, status, buf_str(&out), out.len);
	buf_free(&out);
	json_object_put(root);
}

void
page_redirect(struct req *r, const char *location)
{
	if (resp_header(r, "Location", location) != 0) {
		resp_error(r, 500, "bad redirect");
		return;
	}
	resp_text(r, 303, "see other\n");
}

void
page_done(struct req *r, int status, const char *location,
    json_object *data)
{
	json_object	*o;

	if (!req_wants_json(r)) {
		page_redirect(r, location);
		return;
	}
	if (data != NULL) {
		resp_json(r, status, data);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "ok", json_object_new_boolean(1));
	resp_json(r, status, o);
	json_object_put(o);
}

const char *
page_in(struct req *r, const char *name)
{
	json_object	*j = req_json(r), *v;

	if (j != NULL && json_object_is_type(j, json_type_object)) {
		if (!json_object_object_get_ex(j, name, &v) ||
		    json_object_is_type(v, json_type_null))
			return NULL;
		if (json_object_is_type(v, json_type_object) ||
		    json_object_is_type(v, json_type_array))
			return NULL;
		return json_object_get_string(v);
	}
	return req_form(r, name);
}

int
page_is_uuid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return 1;
}

int
page_int(const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v;

	if (s == NULL || *s == '\0' || strlen(s) > 20)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
page_is_date(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

int
page_is_timestamp(const char *s)
{
	size_t	 n;

	if (s == NULL || (n = strlen(s)) < 10 || n > 40 ||
	    s[0] < '0' || s[0] > '9')
		return 0;
	return strspn(s, "0123456789-:.+TZ ") == n;
}

int
page_is_text(const char *s, size_t max)
{
	const unsigned char	*p;

	if (s == NULL || strlen(s) > max)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') ||
		    *p == 0x7f)
			return 0;
	return 1;
}

/* Map a failed statement's SQLSTATE to an HTTP status. */
static int
page_sqlstate_status(const PGresult *res)
{
	const char	*s = db_sqlstate(res);

	snprintf(page_last_state, sizeof(page_last_state), "%s", s);

	if (strcmp(s, "23505") == 0 || strcmp(s, "23P01") == 0)
		return 409;
	if (strncmp(s, "22", 2) == 0 || strcmp(s, "23514") == 0 ||
	    strcmp(s, "23502") == 0 || strcmp(s, "23503") == 0)
		return 422;
	return 500;
}

int
page_db_status(const PGresult *res)
{
	if (res == NULL)
		return 503;
	return page_sqlstate_status(res);
}

json_object *
page_query(struct app_ctx *ctx, const struct db_stmt *st,
    const char *const *params, int *status)
{
	PGresult	*res;
	json_object	*o = NULL;

	*status = 200;
	page_last_state[0] = '\0';
	if ((res = db_exec(ctx->db, st, params)) == NULL) {
		*status = 503;
		return NULL;
	}
	if (!db_ok(res)) {
		*status = page_sqlstate_status(res);
		if (*status == 500)
			log_error("page", "QUERY_FAILED", NULL, "%s: %s",
			    st->name, PQresultErrorMessage(res));
	} else if (PQntuples(res) < 1 || PQgetisnull(res, 0, 0))
		*status = 404;
	else if ((o = json_tokener_parse(PQgetvalue(res, 0, 0))) == NULL)
		*status = 500;
	PQclear(res);
	return o;
}

json_object *
page_list(struct app_ctx *ctx, const struct db_stmt *st,
    const char *const *params, const char *tkey, int *status)
{
	json_object	*arr, *o, *last, *next = NULL, *t, *id;
	size_t		 n;

	if ((arr = page_query(ctx, st, params, status)) == NULL)
		return NULL;
	if (!json_object_is_type(arr, json_type_array)) {
		json_object_put(arr);
		*status = 500;
		return NULL;
	}
	n = json_object_array_length(arr);
	if (n > PAGE_LIST_MAX) {
		json_object_array_del_idx(arr, PAGE_LIST_MAX,
		    n - PAGE_LIST_MAX);
		last = json_object_array_get_idx(arr, PAGE_LIST_MAX - 1);
		if (json_object_object_get_ex(last, tkey, &t) &&
		    json_object_object_get_ex(last, "id", &id)) {
			next = json_object_new_object();
			json_object_object_add(next, "t", json_object_get(t));
			json_object_object_add(next, "id",
			    json_object_get(id));
		}
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", arr);
	json_object_object_add(o, "next", next);
	return o;
}

int
page_cursor(struct req *r, const char **t, const char **id)
{
	*t = req_query(r, "before_t");
	*id = req_query(r, "before_id");
	if ((*t == NULL || **t == '\0') && (*id == NULL || **id == '\0')) {
		*t = *id = NULL;
		return 0;
	}
	if (!page_is_timestamp(*t) || !page_is_uuid(*id))
		return -1;
	return 0;
}

/* Parse "HH:MM" at *cur (advanced); minutes or -1. */
static int
page_hhmm(const char **cur)
{
	const char	*c = *cur;
	int		 h, m;

	if (c[0] < '0' || c[0] > '9' || c[1] < '0' || c[1] > '9' ||
	    c[2] != ':' || c[3] < '0' || c[3] > '5' || c[4] < '0' ||
	    c[4] > '9')
		return -1;
	h = (c[0] - '0') * 10 + (c[1] - '0');
	m = (c[3] - '0') * 10 + (c[4] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	*cur = c + 5;
	return h * 60 + m;
}

int
page_ranges(const char *s, int start[PAGE_RANGES_MAX],
    int end[PAGE_RANGES_MAX])
{
	const char	*c = s;
	int		 n = 0, a, b, prev = -1;

	if (s == NULL || strlen(s) > 100)
		return -1;
	for (;;) {
		while (*c == ' ' || *c == ',')
			c++;
		if (*c == '\0')
			return n;
		if (n == PAGE_RANGES_MAX || (a = page_hhmm(&c)) < 0 ||
		    *c++ != '-' || (b = page_hhmm(&c)) < 0 || a >= b ||
		    a >= 1440 || a < prev)
			return -1;
		if (*c != '\0' && *c != ' ' && *c != ',')
			return -1;
		start[n] = a;
		end[n] = b;
		prev = b;
		n++;
	}
}

void
page_fail(struct req *r, int status)
{
	switch (status) {
	case 404:
		resp_error(r, 404, "not found");
		break;
	case 409:
		resp_error(r, 409, strcmp(page_last_state, "23P01") == 0 ?
		    "slot taken" : "conflict: already exists");
		break;
	case 422:
		resp_error(r, 422, "invalid value");
		break;
	case 503:
		resp_error(r, 503, "database unavailable");
		break;
	default:
		resp_error(r, status >= 400 ? status : 500, "internal error");
		break;
	}
}
