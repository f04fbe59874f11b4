/*
 * twilio_sink — a bench-only stand-in for Twilio's message creation,
 * cheap enough not to dominate the worker's turns per second (the fake
 * of tests/fakes/fake_twilio.py, in Python, costs more CPU per message
 * than a turn).  Loopback only; the tests keep the real fake.
 *
 *   POST /2010-04-01/Accounts/{AccountSid}/Messages.json
 *        Basic auth (the account SID and token given), a form body with
 *        To and Body: 201 and a Message resource as Twilio writes it
 *        (sid SM + 32 hex, status "queued"); 401 on a bad account or
 *        credentials, 400 without To or Body, 404 elsewhere.
 *   GET  /_count   {"accepted": N}: messages accepted so far.
 *
 * HTTP/1.1 with keep-alive (libcurl reuses its connection), one process,
 * poll(2) over at most SINK_CONNS connections.  Prints "port=N" and
 * "ready" on standard output once listening (bench/worker_bench.py).
 * Usage: twilio_sink ACCOUNT_SID AUTH_TOKEN [PORT]
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define SINK_CONNS	128		/* connections at once */
#define SINK_REQ_MAX	(64 * 1024)	/* one request, headers and body */

/* One client connection and the bytes of its request so far. */
struct conn {
	int	 fd;
	size_t	 len;
	char	 buf[SINK_REQ_MAX + 1];
};

static char		 path_want[256];	/* the Messages.json path */
static char		 auth_want[256];	/* "Basic base64(sid:token)" */
static unsigned long	 accepted;

/* Base64 of the n bytes of in into out (outsz bytes, NUL-terminated). */
static void
b64(const char *in, size_t n, char *out, size_t outsz)
{
	static const char	 al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*p = (const unsigned char *)in;
	size_t			 i, o = 0;
	unsigned long		 v;

	for (i = 0; i < n && o + 5 < outsz; i += 3) {
		v = (unsigned long)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = al[(v >> 18) & 63];
		out[o++] = al[(v >> 12) & 63];
		out[o++] = i + 1 < n ? al[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? al[v & 63] : '=';
	}
	out[o] = '\0';
}

/* Write all n bytes of s to fd. Returns 0 or -1. */
static int
write_all(int fd, const char *s, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, s, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Answer status with a JSON body. Returns 0 or -1. */
static int
answer(int fd, int status, const char *reason, const char *json)
{
	char	 head[256];
	int	 n;

	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n"
	    "Content-Type: application/json; charset=utf-8\r\n"
	    "Content-Length: %zu\r\nConnection: keep-alive\r\n\r\n",
	    status, reason, strlen(json));
	if (n < 0 || (size_t)n >= sizeof(head))
		return -1;
	if (write_all(fd, head, (size_t)n) == -1)
		return -1;
	return write_all(fd, json, strlen(json));
}

/* The value of header name in the n bytes of headers h, copied into
 * out (outsz bytes); "" when absent. */
static void
header(const char *h, size_t n, const char *name, char *out, size_t outsz)
{
	const char	*p = h, *end = h + n, *eol, *v;
	size_t		 nl = strlen(name), vl;

	out[0] = '\0';
	while (p < end && (eol = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == ':') {
			v = p + nl + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			vl = (size_t)(eol - v);
			if (vl > 0 && v[vl - 1] == '\r')
				vl--;
			if (vl >= outsz)
				vl = outsz - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return;
		}
		p = eol + 1;
	}
}

/* Whether the form body (n bytes) has a non-empty field key ("To="). */
static int
has_field(const char *body, size_t n, const char *key)
{
	const char	*p = body, *end = body + n;
	size_t		 kl = strlen(key);

	while (p < end) {
		if ((size_t)(end - p) > kl && strncmp(p, key, kl) == 0 &&
		    p[kl] != '&')
			return 1;
		if ((p = memchr(p, '&', (size_t)(end - p))) == NULL)
			return 0;
		p++;
	}
	return 0;
}

/* The Message resource of an accepted post. Returns 0 or -1. */
static int
created(int fd, const char *sid)
{
	char	 msid[40], json[1024];
	int	 n;

	accepted++;
	snprintf(msid, sizeof(msid), "SM%016lx%08lx%08lx", accepted,
	    (unsigned long)getpid(), accepted * 2654435761UL & 0xffffffffUL);
	n = snprintf(json, sizeof(json), "{\"account_sid\": \"%s\", "
	    "\"api_version\": \"2010-04-01\", \"direction\": \"outbound-api\","
	    " \"error_code\": null, \"error_message\": null, \"num_media\": "
	    "\"0\", \"num_segments\": \"1\", \"sid\": \"%s\", \"status\": "
	    "\"queued\", \"uri\": \"/2010-04-01/Accounts/%s/Messages/%s."
	    "json\"}", sid, msid, sid, msid);
	if (n < 0 || (size_t)n >= sizeof(json))
		return -1;
	return answer(fd, 201, "Created", json);
}

/*
 * Answer one complete request of hl header bytes and bl body bytes.
 * Returns 0 to keep the connection, -1 to close it.
 */
static int
serve(int fd, const char *req, size_t hl, size_t bl, const char *sid)
{
	char	 auth[256], count[64];
	int	 post = strncmp(req, "POST ", 5) == 0;
	size_t	 pl = strlen(path_want);

	if (strncmp(req, "GET /_count ", 12) == 0) {
		snprintf(count, sizeof(count), "{\"accepted\": %lu}", accepted);
		return answer(fd, 200, "OK", count);
	}
	if (!post || strncmp(req + 5, path_want, pl) != 0 ||
	    req[5 + pl] != ' ')
		return answer(fd, 404, "Not Found", "{\"code\": 20404, "
		    "\"message\": \"not found\", \"status\": 404}");
	header(req, hl, "Authorization", auth, sizeof(auth));
	if (strcmp(auth, auth_want) != 0)
		return answer(fd, 401, "Unauthorized", "{\"code\": 20003, "
		    "\"message\": \"Authenticate\", \"status\": 401}");
	if (!has_field(req + hl, bl, "To=") ||
	    !has_field(req + hl, bl, "Body="))
		return answer(fd, 400, "Bad Request", "{\"code\": 21604, "
		    "\"message\": \"A 'To' and a 'Body' are required\", "
		    "\"status\": 400}");
	return created(fd, sid);
}

/*
 * Read what c's socket has and answer each complete request in it.
 * Returns 0 to keep the connection, -1 to close it.
 */
static int
on_read(struct conn *c, const char *sid)
{
	char		 cl[32], *end, *hend;
	ssize_t		 r;
	size_t		 hl, bl, used;
	unsigned long	 v;

	r = read(c->fd, c->buf + c->len, SINK_REQ_MAX - c->len);
	if (r <= 0)
		return r < 0 && errno == EINTR ? 0 : -1;
	c->len += (size_t)r;
	c->buf[c->len] = '\0';
	for (;;) {
		if ((hend = strstr(c->buf, "\r\n\r\n")) == NULL)
			return c->len == SINK_REQ_MAX ? -1 : 0;
		hl = (size_t)(hend - c->buf) + 4;
		header(c->buf, hl, "Content-Length", cl, sizeof(cl));
		errno = 0;
		v = cl[0] != '\0' ? strtoul(cl, &end, 10) : 0;
		if (errno != 0 || (cl[0] != '\0' && *end != '\0') ||
		    v > SINK_REQ_MAX - hl)
			return -1;
		bl = (size_t)v;
		if (c->len < hl + bl)
			return 0;	/* the body is still coming */
		if (serve(c->fd, c->buf, hl, bl, sid) == -1)
			return -1;
		used = hl + bl;
		memmove(c->buf, c->buf + used, c->len - used);
		c->len -= used;
		c->buf[c->len] = '\0';
	}
}

/* A listening socket on 127.0.0.1:port (0: any); its port in *got. */
static int
listen_on(int port, int *got)
{
	struct sockaddr_in	 a;
	socklen_t		 al = sizeof(a);
	int			 fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(fd, 128) == -1 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) == -1) {
		close(fd);
		return -1;
	}
	*got = ntohs(a.sin_port);
	return fd;
}

/* Accept a connection into a free slot of cs (closed when none). */
static void
on_accept(int lfd, struct conn **cs)
{
	int	 fd, i, one = 1;

	if ((fd = accept(lfd, NULL, NULL)) < 0)
		return;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (i = 0; i < SINK_CONNS; i++)
		if (cs[i] == NULL) {
			if ((cs[i] = calloc(1, sizeof(*cs[i]))) == NULL)
				break;
			cs[i]->fd = fd;
			return;
		}
	close(fd);
}

/* The command line was wrong. Returns main's exit status. */
static int
usage(void)
{
	fprintf(stderr, "usage: twilio_sink ACCOUNT_SID AUTH_TOKEN [PORT]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static struct conn	*cs[SINK_CONNS];
	struct pollfd		 pf[SINK_CONNS + 1];
	char			 cred[256];
	int			 lfd, port = 0, i, n, idx[SINK_CONNS + 1];
	long			 want;
	char			*end;

	if (argc < 3 || strlen(argv[1]) != 34 || strncmp(argv[1], "AC", 2))
		return usage();
	if (argc > 3) {
		want = strtol(argv[3], &end, 10);
		if (*end != '\0' || want < 0 || want > 65535)
			return usage();
		port = (int)want;
	}
	signal(SIGPIPE, SIG_IGN);
	snprintf(path_want, sizeof(path_want),
	    "/2010-04-01/Accounts/%s/Messages.json", argv[1]);
	n = snprintf(cred, sizeof(cred), "%s:%s", argv[1], argv[2]);
	if (n < 0 || (size_t)n >= sizeof(cred))
		return usage();
	memcpy(auth_want, "Basic ", 6);
	b64(cred, (size_t)n, auth_want + 6, sizeof(auth_want) - 6);
	if ((lfd = listen_on(port, &port)) == -1) {
		perror("twilio_sink: listen");
		return 1;
	}
	printf("twilio_sink port=%d\nready\n", port);
	fflush(stdout);
	for (;;) {
		pf[0].fd = lfd;
		pf[0].events = POLLIN;
		for (i = 0, n = 1; i < SINK_CONNS; i++)
			if (cs[i] != NULL) {
				pf[n].fd = cs[i]->fd;
				pf[n].events = POLLIN;
				idx[n++] = i;
			}
		if (poll(pf, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("twilio_sink: poll");
			return 1;
		}
		for (i = 1; i < n; i++)
			if (pf[i].revents != 0 &&
			    on_read(cs[idx[i]], argv[1]) == -1) {
				close(cs[idx[i]]->fd);
				free(cs[idx[i]]);
				cs[idx[i]] = NULL;
			}
		if (pf[0].revents & POLLIN)
			on_accept(lfd, cs);
	}
}
