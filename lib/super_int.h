/*
 * super_int — helpers the super_*.c files share; not for callers.
 */
#ifndef SOPHIE_SUPER_INT_H
#define SOPHIE_SUPER_INT_H

#include <stddef.h>

#include <json-c/json.h>

struct req;

#define SUPER_BASE	"/superadmin"

/*
 * A query argument, or NULL when absent or empty.  Owned by the request.
 */
const char	*super_q(struct req *, const char *name);

/*
 * The optional "clinic" query filter: *out a uuid or NULL.  Returns 0,
 * or -1 when it is present and not a uuid.
 */
int		 super_clinic_filter(struct req *, const char **out);

/*
 * The keyset cursor (p[0] time, p[1] id) and the clinic filter (p[2]) of
 * a superadmin list.  Returns 0, or -1 after answering 400.
 */
int		 super_list_params(struct req *, const char **p);

/*
 * A boolean input (JSON true/false or form "true", "false", "1", "0",
 * "on"): *out "true", "false" or NULL when absent.  Returns 0 or -1.
 */
int		 super_bool_in(const char *v, const char **out);

/*
 * Is v absent (NULL), or printable text of at most max bytes, not empty
 * unless empty_ok?  Returns 1 or 0.
 */
int		 super_text_ok(const char *v, size_t max, int empty_ok);

/*
 * Add a string member name = v (or "" when v is NULL) to o.
 */
void		 super_add_str(json_object *o, const char *name, const char *v);

/*
 * After a change: API clients get o (or {"ok":true}) with status,
 * browsers are sent to SUPER_BASE + path + "/" + id (id may be NULL).
 */
void		 super_done(struct req *, int status, const char *path,
		    const char *id, json_object *o);

#endif
