/*
 * page — JSON or HTML from one json-c object; input helpers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alert.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "tmpl.h"
#include "tz.h"
#include "utf8.h"

#define PAGE_HTML_MAX	(4 * 1024 * 1024)	/* largest page rendered */

/* The process's templates, loaded on first use. */
static struct tmpl_set	*page_set;
static int		 page_load_failed;
/* SQLSTATE of the last failed page_query, for page_fail's reason. */
static char		 page_last_state[6];
/* The column a failed statement named (PostgreSQL's diagnostics), or "". */
static char		 page_last_field[64];

#define PAGE_BACK_MAX	1024	/* longest Referer path linked back to */
#define PAGE_UUID_LEN	36	/* a canonical uuid, in characters */
#define PAGE_RETRY_AFTER "1"	/* seconds, after a transaction refused */

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

void
page_start(struct app_ctx *ctx)
{
	if (page_templates(ctx) == NULL) {
		fprintf(stderr, "sophie: %s: templates or message catalogues "
		    "refused (see the log; sophiectl config check)\n",
		    ctx->cfg->template_dir);
		exit(78);
	}
}

/* The user's page language: "fr" or "en" (see lib/i18n.h). */
const char *
page_lang(struct req *r)
{
	const struct auth_user	*u = auth_current(r);
	int			 l;

	if (u != NULL && (l = i18n_lang_of(u->lang)) != -1)
		return i18n_code((enum i18n_lang)l);
	return i18n_code(i18n_accept(req_header(r, "ACCEPT_LANGUAGE")));
}

const char *
page_text(struct req *r, const char *s)
{
	const char	*m = NULL;

	if (page_set == NULL && !page_load_failed && req_ctx(r) != NULL)
		page_templates(req_ctx(r));
	if (s != NULL && page_set != NULL)
		m = tmpl_message(page_set, page_lang(r), s);
	return m != NULL ? m : s;
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
	long			 n;

	root = json_object_new_object();
	json_object_object_add(root, "page", json_object_get(data));
	json_object_object_add(root, "title",
	    json_object_new_string(title != NULL ? page_text(r, title) :
	    "Sophie"));
	json_object_object_add(root, "lang",
	    json_object_new_string(page_lang(r)));
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
		/* The nav's counter of unseen staff alerts (lib/alert.h). */
		if (clinic != NULL && (n = alert_unseen(ctx, clinic)) >= 0)
			json_object_object_add(root, "alerts",
			    json_object_new_int64(n));
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

int
page_is_email(const char *s)
{
	const unsigned char	*p;
	const char		*at, *dom;
	size_t			 n;

	if (s == NULL || (n = strlen(s)) > PAGE_EMAIL_MAX ||
	    !utf8_valid(s, n))
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 0;
	if ((at = strchr(s, '@')) == NULL || at == s ||
	    strchr(at + 1, '@') != NULL)
		return 0;
	dom = at + 1;
	n = strlen(dom);
	return n >= 3 && strchr(dom, '.') != NULL && dom[0] != '.' &&
	    dom[n - 1] != '.' && strstr(dom, "..") == NULL;
}

int
page_email_refused(struct req *r, const char *v)
{
	if (v == NULL || *v == '\0' || page_is_email(v))
		return 0;
	page_invalid(r, 422, "email: not a valid email address",
	    "email (une adresse comme nom@exemple.fr)");
	return -1;
}

/*
 * Remember the column a failed statement is about: PostgreSQL's column
 * field (NOT NULL), else the column of a "<table>_<column>_check"
 * constraint.  Empty when neither.
 */
static void
page_note_field(const PGresult *res)
{
	const char	*col, *con, *tab;
	size_t		 cl, tl;

	page_last_field[0] = '\0';
	if ((col = PQresultErrorField(res, PG_DIAG_COLUMN_NAME)) != NULL) {
		snprintf(page_last_field, sizeof(page_last_field), "%s", col);
		return;
	}
	con = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	tab = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
	if (con == NULL || tab == NULL)
		return;
	cl = strlen(con);
	tl = strlen(tab);
	if (cl <= tl + 7 || strncmp(con, tab, tl) != 0 || con[tl] != '_' ||
	    strcmp(con + cl - 6, "_check") != 0 ||
	    cl - tl - 7 >= sizeof(page_last_field))
		return;
	memcpy(page_last_field, con + tl + 1, cl - tl - 7);
	page_last_field[cl - tl - 7] = '\0';
}

/* Map a failed statement's SQLSTATE to an HTTP status. */
static int
page_sqlstate_status(const PGresult *res)
{
	const char	*s = db_sqlstate(res);

	snprintf(page_last_state, sizeof(page_last_state), "%s", s);
	page_note_field(res);

	if (strcmp(s, "23505") == 0 || strcmp(s, "23P01") == 0)
		return 409;
	if (db_result_err(res) == DB_ERR_RETRY)
		return 503;	/* page_fail: busy, Retry-After */
	if (strncmp(s, "22", 2) == 0 || strcmp(s, "23514") == 0 ||
	    strcmp(s, "23502") == 0 || strcmp(s, "23503") == 0)
		return 422;
	return 500;
}

int
page_db_status(const PGresult *res)
{
	if (res == NULL) {
		page_last_state[0] = '\0';
		return 503;
	}
	return page_sqlstate_status(res);
}

int
page_tx_status(int rc, int status)
{
	if (rc == DB_ERR_RETRY) {
		/* PostgreSQL still asked to run it again after the last
		 * try: nothing was done, and a new request may succeed. */
		snprintf(page_last_state, sizeof(page_last_state), "40001");
		return 503;
	}
	if (rc == DB_ERR_DOWN) {
		page_last_state[0] = '\0';
		return 503;
	}
	return status;
}

/*
 * page_query, also copying the second column of the row (a time zone
 * name) into zone when zone is not NULL; "" when there is none.
 */
static json_object *
page_query_zone(struct app_ctx *ctx, const struct db_stmt *st,
    const char *const *params, int *status, char zone[TZ_NAME_MAX + 1])
{
	PGresult	*res;
	json_object	*o = NULL;

	*status = 200;
	page_last_state[0] = '\0';
	page_last_field[0] = '\0';
	if (zone != NULL)
		zone[0] = '\0';
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
	if (o != NULL && zone != NULL && PQnfields(res) > 1)
		snprintf(zone, TZ_NAME_MAX + 1, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return o;
}

json_object *
page_query(struct app_ctx *ctx, const struct db_stmt *st,
    const char *const *params, int *status)
{
	return page_query_zone(ctx, st, params, status, NULL);
}

int
page_local_time(const struct tz *zone, const char *instant, char *out,
    size_t len)
{
	struct tz_local	 l;
	int64_t		 t;

	if (config_parse_rfc3339(instant, &t) != 0)
		return -1;
	tz_to_local(zone, t, &l);
	if (snprintf(out, len, "%04d-%02d-%02d %02d:%02d", l.year, l.month,
	    l.day, l.hour, l.min) >= (int)len)
		return -1;
	return 0;
}

json_object *
page_list_local(struct app_ctx *ctx, const struct db_stmt *st,
    const char *const *params, const char *tkey, const char *lkey,
    int *status)
{
	char		 name[TZ_NAME_MAX + 1], local[32];
	const struct tz	*zone = NULL;
	json_object	*arr, *o, *item, *last, *next = NULL, *t, *id;
	enum tz_err	 e;
	size_t		 i, n;

	if ((arr = page_query_zone(ctx, st, params, status,
	    lkey != NULL ? name : NULL)) == NULL)
		return NULL;
	if (!json_object_is_type(arr, json_type_array)) {
		json_object_put(arr);
		*status = 500;
		return NULL;
	}
	if (lkey != NULL && (e = tz_load(name, &zone)) != TZ_OK) {
		log_error("page", "BAD_TIME_ZONE", NULL, "%s: zone \"%s\": %s",
		    st->name, name, tz_strerror(e));
		json_object_put(arr);
		*status = 500;
		return NULL;
	}
	n = json_object_array_length(arr);
	for (i = 0; zone != NULL && i < n; i++) {
		item = json_object_array_get_idx(arr, i);
		if (!json_object_object_get_ex(item, tkey, &t) ||
		    page_local_time(zone, json_object_get_string(t), local,
		    sizeof(local)) != 0) {
			log_error("page", "BAD_INSTANT", NULL, "%s: %s",
			    st->name, tkey);
			json_object_put(arr);
			*status = 500;
			return NULL;
		}
		json_object_object_add(item, lkey,
		    json_object_new_string(local));
	}
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

json_object *
page_list(struct app_ctx *ctx, const struct db_stmt *st,
    const char *const *params, const char *tkey, int *status)
{
	return page_list_local(ctx, st, params, tkey, NULL, status);
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

/*
 * The columns a refused value may be about (see page_note_field), for
 * "Valeur invalide : <name>.": the catalogue key of each one's name.
 */
static const struct page_field {
	const char	*column;
	const char	*name;	/* catalogue key */
} page_fields[] = {
	{ "address",			"column.address" },
	{ "booking_horizon_days",	"column.booking_horizon_days" },
	{ "buffer_minutes",		"column.buffer_minutes" },
	{ "day",			"column.day" },
	{ "display_order",		"column.display_order" },
	{ "duration_minutes",		"column.duration_minutes" },
	{ "email",			"column.email" },
	{ "end_min",			"column.end_min" },
	{ "ends_at",			"column.ends_at" },
	{ "first_name",			"column.first_name" },
	{ "language",			"column.language" },
	{ "last_name",			"column.last_name" },
	{ "min_notice_minutes",		"column.min_notice_minutes" },
	{ "name",			"column.name" },
	{ "phone",			"column.phone" },
	{ "phone_number",		"column.phone_number" },
	{ "practitioner_id",		"column.practitioner_id" },
	{ "price_cents",		"column.price_cents" },
	{ "reminder_delay_minutes",	"column.reminder_delay_minutes" },
	{ "slot_granularity_minutes",	"column.slot_granularity_minutes" },
	{ "start_min",			"column.start_min" },
	{ "starts_at",			"column.starts_at" },
	{ "timezone",			"column.timezone" },
	{ "treatment_id",		"column.treatment_id" },
};

/* The catalogue key of the last refused column's name, or NULL. */
static const char *
page_field_name(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(page_fields) / sizeof(page_fields[0]); i++)
		if (strcmp(page_fields[i].column, page_last_field) == 0)
			return page_fields[i].name;
	return NULL;
}

/* The catalogue keys of an error page's title and message, by status. */
static const struct page_error_keys {
	int		 status;
	const char	*title;
	const char	*text;
} page_error_keys[] = {
	{ 400, "error.title.400", "error.text.400" },	/* bad request */
	{ 401, "error.title.401", "error.text.401" },	/* session ended */
	{ 403, "error.title.403", "error.text.403" },	/* forbidden */
	{ 404, "error.title.404", "error.text.404" },	/* not found */
	{ 405, "error.title.405", "error.text.405" },	/* wrong method */
	{ 409, "error.title.409", "error.text.409" },	/* conflict */
	{ 413, "error.title.413", "error.text.413" },	/* too large */
	{ 422, "error.title.422", "error.text.422" },	/* invalid value */
	{ 429, "error.title.429", "error.text.429" },	/* throttled */
	{ 503, "error.title.503", "error.text.503" },	/* unavailable */
};

/* The keys for status (the "other" ones for a status not listed). */
static const struct page_error_keys *
page_error_find(int status)
{
	static const struct page_error_keys other = { 0,
	    "error.title.other", "error.text.other" };
	size_t	 i;

	for (i = 0; i < sizeof(page_error_keys) /
	    sizeof(page_error_keys[0]); i++)
		if (page_error_keys[i].status == status)
			return &page_error_keys[i];
	return &other;
}

/* The catalogue key of an error page's title for status. */
static const char *
page_error_title(int status)
{
	return page_error_find(status)->title;
}

/* The catalogue key of an error page's message for status. */
static const char *
page_error_default(int status)
{
	return page_error_find(status)->text;
}

/*
 * The section of the request: "/superadmin" for superadmin paths, else
 * "/clinic/{clinicId}/admin" (written to out).  Returns 0, or -1 when
 * the request has no usable section (no or malformed clinic id).
 */
static int
page_section(struct req *r, struct buf *out)
{
	const char	*path = req_path(r), *clinic;
	char		 id[PAGE_UUID_LEN + 1];

	if (path != NULL && strncmp(path, "/superadmin", 11) == 0 &&
	    (path[11] == '\0' || path[11] == '/'))
		return buf_adds(out, "/superadmin");
	clinic = req_param(r, "clinicId");
	if (clinic == NULL && path != NULL &&
	    strlen(path) >= 8 + PAGE_UUID_LEN + 6 &&
	    strncmp(path, "/clinic/", 8) == 0 &&
	    strncmp(path + 8 + PAGE_UUID_LEN, "/admin", 6) == 0) {
		/* No route took the request: read the id in the path. */
		memcpy(id, path + 8, PAGE_UUID_LEN);
		id[PAGE_UUID_LEN] = '\0';
		clinic = id;
	}
	if (!page_is_uuid(clinic))
		return -1;
	return buf_printf(out, "/clinic/%s/admin", clinic);
}

/*
 * The section's list the request belongs to: its section plus the first
 * path segment after it (/clinic/X/admin/appointments/Y/move ->
 * /clinic/X/admin/appointments).  Returns 0 or -1 (no section).
 */
static int
page_section_list(struct req *r, struct buf *out)
{
	const char	*path = req_path(r), *rest;
	size_t		 seg;

	if (page_section(r, out) != 0)
		return -1;
	if (path == NULL || strncmp(path, buf_str(out), out->len) != 0)
		return 0;
	rest = path + out->len;
	if (*rest != '/')
		return 0;
	seg = strspn(rest + 1, "abcdefghijklmnopqrstuvwxyz_-");
	if (seg == 0 || seg > 40 || (rest[1 + seg] != '\0' &&
	    rest[1 + seg] != '/'))
		return 0;
	return buf_add(out, rest, seg + 1);
}

/*
 * Does the authority a (alen bytes) name this site: the request's Host
 * header or the host of PUBLIC_BASE_URL (case-insensitive)?
 */
static int
page_same_host(struct req *r, const char *a, size_t alen)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*host = req_header(r, "HOST"), *b = NULL, *e;

	if (alen == 0)
		return 0;
	if (host != NULL && strlen(host) == alen &&
	    strncasecmp(host, a, alen) == 0)
		return 1;
	if (ctx != NULL && ctx->cfg != NULL)
		b = ctx->cfg->public_base_url;
	if (b == NULL || (e = strstr(b, "://")) == NULL)
		return 0;
	b = e + 3;
	e = b + strcspn(b, "/?#");
	return (size_t)(e - b) == alen && strncasecmp(b, a, alen) == 0;
}

/*
 * Is the link p (n bytes, path and query) the page a GET or HEAD request
 * asked for itself (a reload of an error page)?  A form's POST may share
 * its page's path, so other methods never are.
 */
static int
page_is_self(struct req *r, const char *p, size_t n)
{
	const char	*m = req_method(r), *path = req_path(r);
	const char	*q = req_query_string(r);
	size_t		 pl;

	if (m == NULL || path == NULL ||
	    (strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0))
		return 0;
	pl = strlen(path);
	if (n < pl || strncmp(p, path, pl) != 0)
		return 0;
	if (n == pl)
		return q == NULL || *q == '\0';
	return p[pl] == '?' && q != NULL && strlen(q) == n - pl - 1 &&
	    strncmp(p + pl + 1, q, n - pl - 1) == 0;
}

/*
 * The Referer's path and query when it is a page of this site inside the
 * request's section (and not the request's own path), written to out.
 * Only "http(s)://<this host>/<section>..." with printable ASCII and no
 * backslash is taken; the link written is the path alone.  Returns 0, or
 * -1 when there is no such Referer.
 */
static int
page_back_referer(struct req *r, const char *section, struct buf *out)
{
	const char	*ref = req_header(r, "REFERER"), *p, *auth;
	size_t		 n, sl = strlen(section), i;

	if (ref == NULL || (n = strlen(ref)) == 0 || n > PAGE_BACK_MAX)
		return -1;
	if (strncasecmp(ref, "https://", 8) == 0)
		auth = ref + 8;
	else if (strncasecmp(ref, "http://", 7) == 0)
		auth = ref + 7;
	else
		return -1;
	p = auth + strcspn(auth, "/?#\\");
	if (*p != '/' || !page_same_host(r, auth, (size_t)(p - auth)))
		return -1;
	n = strcspn(p, "#");
	for (i = 0; i < n; i++)
		if (p[i] <= 0x20 || p[i] >= 0x7f || p[i] == '\\' ||
		    p[i] == '"' || p[i] == '<' || p[i] == '>')
			return -1;
	if (p[1] == '/' || n < sl || strncmp(p, section, sl) != 0 ||
	    (p[sl] != '\0' && p[sl] != '/' && p[sl] != '?' && p[sl] != '#'))
		return -1;
	if (page_is_self(r, p, n))
		return -1;
	return buf_add(out, p, n);
}

/*
 * Render the error page of the request's section (superadmin/error or
 * error) with status, msg and a link to back (may be NULL) labelled
 * label.  Falls back to resp_error's text when the page cannot render.
 */
static void
page_error_html(struct req *r, int status, const char *reason,
    const char *msg, const char *back, const char *label)
{
	const char	*path = req_path(r);
	json_object	*o = json_object_new_object();
	int		 super;

	super = path != NULL && strncmp(path, "/superadmin", 11) == 0;
	json_object_object_add(o, "status", json_object_new_int(status));
	if (page_set == NULL && !page_load_failed && req_ctx(r) != NULL)
		page_templates(req_ctx(r));
	json_object_object_add(o, "message",
	    json_object_new_string(page_text(r, msg)));
	if (back != NULL) {
		json_object_object_add(o, "back", json_object_new_string(back));
		json_object_object_add(o, "backLabel",
		    json_object_new_string(page_text(r, label)));
	}
	if (page_set == NULL)
		resp_error(r, status, reason);
	else
		page_send(r, status, super ? "superadmin/error" : "error",
		    page_error_title(status), o, 1);
	json_object_put(o);
}

void
page_error(struct req *r, int status, const char *reason, const char *msg)
{
	struct buf	 sec, back;
	const char	*label = NULL;

	if (req_wants_json(r)) {
		resp_error(r, status, reason);
		return;
	}
	buf_init(&sec, 256);
	buf_init(&back, PAGE_BACK_MAX + 1);
	if (page_section(r, &sec) == 0) {
		if (page_back_referer(r, buf_str(&sec), &back) == 0)
			label = "error.back.previous";
		else {
			buf_reset(&back);
			if (page_section_list(r, &back) == 0)
				label = "error.back.list";
		}
	}
	page_error_html(r, status, reason, msg != NULL ? msg :
	    page_error_default(status), label != NULL ? buf_str(&back) : NULL,
	    label);
	buf_free(&back);
	buf_free(&sec);
}

void
page_route_error(struct req *r, int status, const char *reason)
{
	struct buf	 sec;

	if (status != 404 || req_wants_json(r)) {
		page_error(r, status, reason, NULL);
		return;
	}
	/* The address itself is wrong: back to the section's home page. */
	buf_init(&sec, 256);
	if (page_section(r, &sec) == 0)
		page_error_html(r, status, reason, page_error_default(status),
		    buf_str(&sec), "error.back.home");
	else
		page_error_html(r, status, reason, page_error_default(status),
		    NULL, NULL);
	buf_free(&sec);
}

void
page_invalid(struct req *r, int status, const char *reason,
    const char *field)
{
	struct buf	 m;

	if (field == NULL || req_wants_json(r)) {
		page_error(r, status, reason, NULL);
		return;
	}
	buf_init(&m, 512);
	buf_printf(&m, "%s %s.", page_text(r, "error.invalid"),
	    page_text(r, field));
	page_error(r, status, reason, buf_str(&m));
	buf_free(&m);
}

void
page_relogin(struct req *r, int status, const char *reason,
    const char *msg)
{
	struct buf	 login;

	if (req_wants_json(r)) {
		resp_error(r, status, reason);
		return;
	}
	buf_init(&login, 256);
	if (page_section(r, &login) == 0 && buf_adds(&login, "/login") == 0)
		page_error_html(r, status, reason, msg, buf_str(&login),
		    "error.back.login");
	else
		page_error_html(r, status, reason, msg, NULL, NULL);
	buf_free(&login);
}

void
page_fail(struct req *r, int status)
{
	struct buf	 m;
	const char	*f;

	switch (status) {
	case 404:
		page_error(r, 404, "not found", NULL);
		break;
	case 409:
		if (strcmp(page_last_state, "23P01") == 0)
			page_error(r, 409, "slot taken", "error.slot.taken");
		else
			page_error(r, 409, "conflict: already exists",
			    "error.conflict.same");
		break;
	case 422:
		buf_init(&m, 256);
		if ((f = page_field_name()) != NULL)
			buf_printf(&m, "%s %s.", page_text(r,
			    "error.invalid"), page_text(r, f));
		page_error(r, 422, "invalid value", f != NULL ?
		    buf_str(&m) : NULL);
		buf_free(&m);
		break;
	case 503:
		if (strncmp(page_last_state, "40", 2) == 0) {
			/* A deadlock or serialization failure that went on
			 * after db_tx's last try: nothing was done. */
			resp_header(r, "Retry-After", PAGE_RETRY_AFTER);
			page_error(r, 503, "busy, try again", "error.busy");
		} else
			page_error(r, 503, "database unavailable", NULL);
		break;
	default:
		page_error(r, status >= 400 ? status : 500, "internal error",
		    NULL);
		break;
	}
}

/* $1 user, $2 "fr" or "en": the page language the user chose. */
static const struct db_stmt st_set_lang = { "page_set_lang",
	"UPDATE clinic_users SET ui_lang = $2 WHERE id = $1::uuid", 2 };

void
page_lang_switch(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	const struct auth_user	*u = auth_current(r);
	const char		*lang = page_in(r, "lang"), *p[2];
	struct buf		 sec, back;
	PGresult		*res;
	int			 l;

	if (u == NULL) {
		page_error(r, 401, "not signed in", NULL);
		return;
	}
	if (lang == NULL || strlen(lang) != 2 ||
	    (l = i18n_lang_of(lang)) == -1) {
		page_invalid(r, 422, "lang: fr or en", "field.lang");
		return;
	}
	p[0] = u->user_id;
	p[1] = i18n_code((enum i18n_lang)l);
	if ((res = db_exec(ctx->db, &st_set_lang, p)) == NULL ||
	    !db_ok(res)) {
		PQclear(res);
		page_fail(r, 503);
		return;
	}
	PQclear(res);
	buf_init(&sec, 256);
	buf_init(&back, PAGE_BACK_MAX + 1);
	if (page_section(r, &sec) != 0)
		buf_adds(&sec, "/");
	if (page_back_referer(r, buf_str(&sec), &back) != 0) {
		buf_reset(&back);
		buf_adds(&back, buf_str(&sec));
	}
	page_done(r, 200, buf_str(&back), NULL);
	buf_free(&back);
	buf_free(&sec);
}

int
page_like_contains(const char *q, char *out, size_t outsz)
{
	size_t	 n = 0;

	if (outsz < 3)
		return -1;
	out[n++] = '%';
	for (; *q != '\0'; q++) {
		if (n + 3 >= outsz)
			return -1;
		if (*q == '%' || *q == '_' || *q == '\\')
			out[n++] = '\\';
		out[n++] = *q;
	}
	out[n++] = '%';
	out[n] = '\0';
	return 0;
}
