/*
 * fcgi — libfcgi glue.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "fcgi.h"
#include "log.h"

/* The answer when not even a request could be built: no memory. */
static const char fcgi_oom[] = "Status: 500 Internal Server Error\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
    "Cache-Control: no-store\r\n"
    "Content-Type: text/plain\r\n\r\nout of memory\n";

static volatile sig_atomic_t	 stopping;
static volatile sig_atomic_t	 busy;	/* a request is in hand */

/* Write callback for the response sink: the FastCGI output stream. */
static int
fcgi_write(void *arg, const char *p, size_t n)
{
	FCGX_Stream	*out = arg;

	while (n > 0) {
		int	 chunk = n > INT_MAX ? INT_MAX : (int)n;

		if (FCGX_PutStr(p, chunk, out) != chunk)
			return -1;
		p += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

/*
 * Read the declared body.  Returns the body (caller frees) and its length,
 * NULL with *err HTTP_ERR_TOOBIG when CONTENT_LENGTH exceeds max, or
 * HTTP_ERR_MALFORMED when it is not a number.
 */
static char *
fcgi_read_body(FCGX_Request *fr, size_t max, size_t *len,
    enum http_err *err)
{
	const char	*cl = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	char		*body, *end;
	unsigned long	 n;
	int		 got;

	*len = 0;
	*err = HTTP_OK;
	if (cl == NULL || *cl == '\0')
		return calloc(1, 1);
	errno = 0;
	n = strtoul(cl, &end, 10);
	if (errno != 0 || *end != '\0' || *cl == '-') {
		*err = HTTP_ERR_MALFORMED;
		return calloc(1, 1);
	}
	if (n > max) {
		*err = HTTP_ERR_TOOBIG;
		return calloc(1, 1);
	}
	if ((body = malloc(n + 1)) == NULL)
		return NULL;
	got = n > 0 ? FCGX_GetStr(body, (int)n, fr->in) : 0;
	if (got < 0 || (unsigned long)got != n) {
		*err = HTTP_ERR_MALFORMED;
		got = 0;
	}
	body[got] = '\0';
	*len = (size_t)got;
	return body;
}

void
fcgi_dispatch(const struct fcgi_app *app, struct req *r,
    enum http_err body_err)
{
	const struct route	*rt;
	int			 status;
	void			(*fail)(struct req *, int, const char *);

	fail = app->error != NULL ? app->error : resp_error;
	req_set_ctx(r, app->ctx);
	if (body_err == HTTP_ERR_TOOBIG) {
		fail(r, 413, "request body too large");
		return;
	}
	if (body_err != HTTP_OK) {
		fail(r, 400, http_strerror(body_err));
		return;
	}
	if ((rt = router_match(r, app->routes, app->nroutes, &status)) ==
	    NULL) {
		fail(r, status, status == 405 ? "method not allowed" :
		    status == 400 ? "malformed path" : "not found");
		return;
	}
	if (app->before != NULL && app->before(r, rt) != 0)
		return;
	rt->fn(r);
	if (!resp_started(r)) {
		log_error("http", "NO_RESPONSE", NULL, "%s %s", req_method(r),
		    req_path(r));
		resp_error(r, 500, "internal error");
	}
}

/*
 * SIGTERM: an idle responder (blocked in accept, which libfcgi restarts
 * on EINTR) leaves at once; a busy one finishes its request first.
 */
static void
on_term(int sig)
{
	(void)sig;
	if (!busy)
		_exit(0);
	stopping = 1;
}

int
fcgi_serve(const struct fcgi_app *app)
{
	FCGX_Request	 fr;
	struct req	*r;
	struct resp_sink sink;
	enum http_err	 berr, derr;
	char		*body;
	size_t		 blen;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, 0, 0) != 0)
		return 1;
	while (!stopping && FCGX_Accept_r(&fr) >= 0) {
		busy = 1;
		body = fcgi_read_body(&fr, app->max_body, &blen, &berr);
		sink.write = fcgi_write;
		sink.arg = fr.out;
		r = body != NULL ? req_new(fr.envp, body, blen, app->max_body,
		    sink, &derr) : NULL;
		free(body);
		if (r == NULL) {
			FCGX_PutS(fcgi_oom, fr.out);
		} else {
			log_set_request(req_id(r));
			fcgi_dispatch(app, r, berr != HTTP_OK ? berr : derr);
			req_free(r);
			log_flush();
			log_set_request(NULL);
		}
		FCGX_Finish_r(&fr);
		busy = 0;
	}
	return 0;
}
