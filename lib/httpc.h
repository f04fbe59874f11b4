/*
 * httpc — the one outbound HTTP client (libcurl) used for Twilio, Google and
 * Ollama. Every call has connect and total timeouts, a low-speed limit, a
 * bounded response size, at most a few redirects, and never forwards
 * credentials to another host on redirect. In production only https URLs
 * are allowed (httpc_init).
 */
#ifndef SOPHIE_HTTPC_H
#define SOPHIE_HTTPC_H

#include <stddef.h>

#include "buf.h"

enum httpc_err {
	HTTPC_OK = 0,
	HTTPC_ERR_ARG,		/* bad request description */
	HTTPC_ERR_SCHEME,	/* plain http refused in production */
	HTTPC_ERR_CONNECT,	/* could not connect / resolve */
	HTTPC_ERR_TIMEOUT,	/* connect, total or low-speed timeout */
	HTTPC_ERR_TOOBIG,	/* response larger than max_response */
	HTTPC_ERR_IO,		/* any other transfer failure */
	HTTPC_ERR_NOMEM,
	HTTPC_ERR_REDIRECT,	/* more redirects than allowed */
	HTTPC_ERR_TLS,		/* TLS handshake or certificate failure */
	HTTPC_ERR__MAX
};

struct httpc_req {
	const char	 *method;	/* "GET", "POST", "PATCH", "DELETE" */
	const char	 *url;
	const char	 *body;		/* may be NULL */
	size_t		  bodylen;
	const char	 *content_type;	/* for body; may be NULL */
	const char	 *basic_user;	/* Basic auth, with basic_pass */
	const char	 *basic_pass;
	const char	 *bearer;	/* Authorization: Bearer; may be NULL */
	const char *const *headers;	/* extra "Name: value", NULL-terminated */
	long		  timeout_ms;	/* total; 0 = 15000 */
	long		  connect_timeout_ms; /* 0 = 5000 */
	size_t		  max_response;	/* 0 = 1 MiB */
	int		  follow_redirects; /* 0 = none, else at most 3 */
	long		  low_speed_time_s; /* abort when under 64 B/s for
					     this long; 0 = 10, -1 = never
					     (a slow LLM answer) */
};

struct httpc_resp {
	long		 status;	/* HTTP status, 0 when no response */
	struct buf	 body;		/* response body, bounded */
	char		*content_type;	/* malloc'd or NULL */
	char		*retry_after;	/* Retry-After header, malloc'd or NULL */
	char		*error;		/* libcurl's words on failure,
					   malloc'd or NULL */
};

/*
 * Once per process, before any thread starts: production != 0 refuses
 * non-https URLs (and redirects to them). Until it is called, the client
 * behaves as in production. Calling it again only changes the mode.
 * Returns 0 or -1 when libcurl cannot be initialised.
 */
int	 httpc_init(int production);
/*
 * Release the calling thread's libcurl handle (kept between calls so
 * connections are reused). Safe to call when none is held.
 */
void	 httpc_cleanup(void);
/*
 * Perform one request. resp is initialised by the call and must be released
 * with httpc_resp_free whatever the result. Returns HTTPC_OK when a response
 * (any status) arrived, else an error; after an error resp->status still
 * holds the status of a response whose body failed (too large, timed
 * out), 0 when none arrived. Credentials are given only through
 * basic_user/basic_pass or bearer: an "Authorization" entry in headers is
 * refused (HTTPC_ERR_ARG), as is any header or URL holding CR or LF.
 * Redirects are followed only when asked, and never carry credentials to
 * another host, port or scheme.
 */
enum httpc_err httpc_do(const struct httpc_req *, struct httpc_resp *);
void	 httpc_resp_free(struct httpc_resp *);
const char *httpc_strerror(enum httpc_err);

#endif
