/*
 * fcgi — the FastCGI loop every responder runs: accept a request, read its
 * body (capped), build the request, match the route table, call the
 * handler, finish and release everything the request owned.
 */
#ifndef SOPHIE_FCGI_H
#define SOPHIE_FCGI_H

#include <stddef.h>

#include "http.h"

struct fcgi_app {
	const char		*name;		/* for logs */
	const struct route	*routes;
	size_t			 nroutes;
	size_t			 max_body;
	void			*ctx;		/* handed to handlers */
	/* Called before the handler (auth, csrf); returns 0 to go on, or
	 * non-zero after answering the request itself.  May be NULL. */
	int			(*before)(struct req *, const struct route *);
	/* Answers a request no route takes (404, 405, 400 for a malformed
	 * path) or a refused body (413, 400); NULL: resp_error. */
	void			(*error)(struct req *, int status,
				    const char *reason);
};

/* Serve until the process is told to stop. Returns 0, or 1 on a broken
 * FastCGI socket. */
int	 fcgi_serve(const struct fcgi_app *);

/* Dispatch one already-built request (also used by tests). */
void	 fcgi_dispatch(const struct fcgi_app *, struct req *,
	    enum http_err body_err);

#endif
