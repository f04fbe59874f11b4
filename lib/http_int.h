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

/*
 * Is the raw path (no query) in the one spelling routes have: a leading
 * '/', no empty segment (no "//", no trailing slash), no "." or ".."
 * segment, no escape of an unreserved character or of '/'?  Returns 1 or
 * 0.  router_match answers 404 for any other path.
 */
int	 router_path_canonical(const char *path);
/* The value of one hex digit (http_parse.c), or -1. */
int	 http_hexval(char c);

#endif
