/*
 * Start and stop tests/fakes/fake_twilio.py from a C unit test. The fake
 * listens on ports the system picks; the test reads them from its
 * "listening port=P cdn_port=Q" line. SOPHIE_SRCDIR (default ".") locates
 * the script. Header-only: every function is static inline.
 */
#ifndef SOPHIE_FAKE_TWILIO_H
#define SOPHIE_FAKE_TWILIO_H

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FAKE_SID	"AC0123456789abcdef0123456789abcdef"
#define FAKE_TOKEN	"test-auth-token"

struct fake_twilio {
	pid_t	 pid;
	int	 port;		/* API port */
	int	 cdn_port;	/* media CDN port */
	char	 base[64];	/* "http://127.0.0.1:PORT" */
	char	 cdn_base[64];	/* "http://127.0.0.1:CDN_PORT" */
};

/* The number after key= in line, or -1. */
static inline int
fake_port_after(const char *line, const char *key)
{
	const char	*p;
	char		*end;
	long		 v;

	if ((p = strstr(line, key)) == NULL)
		return -1;
	p += strlen(key);
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno != 0 || end == p || v <= 0 || v > 65535)
		return -1;
	return (int)v;
}

/* Read the fake's stdout until "ready". Returns 0 or -1. */
static inline int
fake_wait_ready(struct fake_twilio *f, int fd)
{
	char		 out[512];
	size_t		 len = 0;
	ssize_t		 n;
	struct pollfd	 pfd = { .fd = fd, .events = POLLIN };

	while (len < sizeof(out) - 1) {
		if (poll(&pfd, 1, 10000) <= 0)
			return -1;
		if ((n = read(fd, out + len, sizeof(out) - 1 - len)) <= 0)
			return -1;
		len += (size_t)n;
		out[len] = '\0';
		if (strstr(out, "\nready\n") != NULL)
			break;
	}
	f->port = fake_port_after(out, " port=");
	f->cdn_port = fake_port_after(out, "cdn_port=");
	if (f->port < 0 || f->cdn_port < 0)
		return -1;
	snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%d", f->port);
	snprintf(f->cdn_base, sizeof(f->cdn_base), "http://127.0.0.1:%d",
	    f->cdn_port);
	return 0;
}

/* Start the fake. Returns 0, or -1 with a message on stderr. */
static inline int
fake_twilio_start(struct fake_twilio *f)
{
	char		 script[512];
	const char	*dir = getenv("SOPHIE_SRCDIR");
	int		 fds[2], rc;

	snprintf(script, sizeof(script), "%s/tests/fakes/fake_twilio.py",
	    dir != NULL ? dir : ".");
	if (access(script, R_OK) == -1) {
		fprintf(stderr, "fake_twilio: %s not found (SOPHIE_SRCDIR?)\n",
		    script);
		return -1;
	}
	if (pipe(fds) == -1)
		return -1;
	if ((f->pid = fork()) == -1)
		return -1;
	if (f->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("python3", "python3", script, "--port", "0",
		    "--cdn-port", "0", "--account-sid", FAKE_SID,
		    "--auth-token", FAKE_TOKEN, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	rc = fake_wait_ready(f, fds[0]);
	close(fds[0]);
	if (rc == -1) {
		fprintf(stderr, "fake_twilio: did not start\n");
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
	}
	return rc;
}

static inline void
fake_twilio_stop(struct fake_twilio *f)
{
	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
		f->pid = 0;
	}
}

#endif
