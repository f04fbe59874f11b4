/*
 * test_log — the log line names the request being handled: req=<id>
 * while log_set_request holds one (only letters, digits and '-' of it),
 * req=- otherwise; untrusted message bytes stay escaped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"

/* Run one log_msg with stderr sent to a file; its line into out. */
static void
capture(const char *req, const char *msg, char *out, size_t outsz)
{
	char	 path[] = "/tmp/sophie-test-log-XXXXXX";
	FILE	*f;
	int	 fd, saved;
	size_t	 n;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	log_set_request(req);
	log_warn("test", "PROBE", "5e0f1e00-0000-4000-8000-00000000de40",
	    "%s", msg);
	log_set_request(NULL);
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	close(fd);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	fclose(f);
	unlink(path);
}

static void
line_names_the_request(void **s)
{
	char	 line[1024];

	(void)s;
	capture("0123456789abcdef0123456789abcdef", "hello", line,
	    sizeof(line));
	assert_non_null(strstr(line, " WARN unit test PROBE "
	    "clinic=5e0f1e00-0000-4000-8000-00000000de40 "
	    "req=0123456789abcdef0123456789abcdef \"hello\"\n"));
}

static void
no_request_is_a_dash(void **s)
{
	char	 line[1024];

	(void)s;
	capture(NULL, "x", line, sizeof(line));
	assert_non_null(strstr(line, " req=- \"x\""));
	capture("", "x", line, sizeof(line));
	assert_non_null(strstr(line, " req=- \"x\""));
}

static void
request_id_cannot_forge_the_line(void **s)
{
	char	 line[1024];

	(void)s;
	capture("job-42 \"x\"\nFAKE", "a\"b\nc", line, sizeof(line));
	assert_non_null(strstr(line, " req=job-42xFAKE \"a\\x22b\\x0ac\"\n"));
	/* One line: its only newline is the last byte. */
	assert_true(strchr(line, '\n') == line + strlen(line) - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_names_the_request),
		cmocka_unit_test(no_request_is_a_dash),
		cmocka_unit_test(request_id_cannot_forge_the_line),
	};

	log_init("unit", "info");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
