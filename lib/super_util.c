/*
 * super_util — small helpers shared by the superadmin handlers.
 */
#include <string.h>

#include "buf.h"
#include "http.h"
#include "page.h"
#include "super_int.h"

const char *
super_q(struct req *r, const char *name)
{
	const char	*v = req_query(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

int
super_clinic_filter(struct req *r, const char **out)
{
	*out = super_q(r, "clinic");
	return *out == NULL || page_is_uuid(*out) ? 0 : -1;
}

int
super_list_params(struct req *r, const char **p)
{
	if (page_cursor(r, &p[0], &p[1]) != 0 ||
	    super_clinic_filter(r, &p[2]) != 0) {
		page_invalid(r, 400, "bad cursor or clinic filter",
		    "clinique (identifiant) ou lien de pagination");
		return -1;
	}
	return 0;
}

int
super_bool_in(const char *v, const char **out)
{
	*out = NULL;
	if (v == NULL)
		return 0;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	    strcmp(v, "on") == 0)
		*out = "true";
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = "false";
	else
		return -1;
	return 0;
}

int
super_text_ok(const char *v, size_t max, int empty_ok)
{
	return v == NULL || (page_is_text(v, max) && (empty_ok || *v != '\0'));
}

void
super_add_str(json_object *o, const char *name, const char *v)
{
	json_object_object_add(o, name, json_object_new_string(v != NULL ?
	    v : ""));
}

void
super_done(struct req *r, int status, const char *path, const char *id,
    json_object *o)
{
	struct buf	 loc;

	buf_init(&loc, 256);
	if (id != NULL)
		buf_printf(&loc, "%s%s/%s", SUPER_BASE, path, id);
	else
		buf_printf(&loc, "%s%s", SUPER_BASE, path);
	page_done(r, status, buf_str(&loc), o);
	buf_free(&loc);
}
