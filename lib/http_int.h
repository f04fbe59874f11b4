/*
 * http_int — shared by req.c, router.c and fcgi.c; not for handlers.
 */
#ifndef SOPHIE_HTTP_INT_H
#define SOPHIE_HTTP_INT_H

#include "http.h"

/* Add a captured {param} (value malloc'd, owned by the request). */
int	 req_add_param(struct req *, const char *name, size_t nlen,
	    char *value);
/* Forget captured parameters. */
void	 req_clear_params(struct req *);

#endif
