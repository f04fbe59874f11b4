/*
 * minimal_fcgi — the bare libfcgi responder of `make bench`: reads the
 * request body (bounded) and answers "OK".  It measures what the nginx to
 * FastCGI hop costs by itself, the ceiling of any Sophie route.
 * Started by spawn-fcgi on its own unix socket (file descriptor 0).
 */
#include <stdio.h>
#include <stdlib.h>

#include <fcgiapp.h>

#define BODY_MAX	(1024 * 1024)	/* read and dropped, at most */

/* Read and drop the body of req, at most BODY_MAX bytes.  Returns 0. */
static int
drain_body(FCGX_Request *req)
{
	char	 chunk[4096];
	size_t	 total = 0;
	int	 n;

	while (total < BODY_MAX &&
	    (n = FCGX_GetStr(chunk, sizeof(chunk), req->in)) > 0)
		total += (size_t)n;
	return 0;
}

int
main(void)
{
	FCGX_Request	 req;

	if (FCGX_Init() != 0) {
		fprintf(stderr, "minimal_fcgi: FCGX_Init failed\n");
		return 1;
	}
	if (FCGX_InitRequest(&req, 0, 0) != 0) {
		fprintf(stderr, "minimal_fcgi: FCGX_InitRequest failed\n");
		return 1;
	}
	while (FCGX_Accept_r(&req) >= 0) {
		drain_body(&req);
		FCGX_PutS("Status: 200 OK\r\n"
		    "Content-Type: text/plain\r\n"
		    "Content-Length: 3\r\n\r\nOK\n", req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}
