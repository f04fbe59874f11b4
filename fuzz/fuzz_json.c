/*
 * libFuzzer target for JSON request bodies: the input is the body of a
 * POST with Content-Type application/json, parsed by req_json (req.c),
 * read the way handlers read it (page_in, the treatment id list, the
 * CSRF field: object members, array items, strings) and echoed with
 * resp_json.
 *
 * Checked properties:
 *  - nothing crashes, reads out of bounds or leaks (ASan, UBSan);
 *  - a JSON body is never decoded as a form;
 *  - req_json gives the same object on a second call, and one only for a
 *    body without NUL, nested at most 32 deep;
 *  - resp_json writes a "Status: 200" response whose body is the value
 *    written out, without NUL.
 *
 * (How lenient the parser is, "1e" or NaN as numbers, is json-c's own and
 * not checked here.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"

#define MAX_BODY	(1 << 20)
#define MAX_DEPTH	32

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
sink_write(void *arg, const char *s, size_t n)
{
	(void)buf_add(arg, s, n);
	return 0;
}

/* Read every value as handlers do; returns the nesting depth. */
static int
walk(json_object *o)
{
	int		 d, max = 0;
	size_t		 i, n;
	const char	*s;

	s = json_object_get_string(o);
	if (s == NULL && o != NULL)
		abort();
	(void)json_object_get_int64(o);
	(void)json_object_get_double(o);
	(void)json_object_get_boolean(o);
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v) {
			json_object	*w;

			if (k == NULL || !json_object_object_get_ex(o, k, &w))
				abort();
			if ((d = walk(v)) > max)
				max = d;
		}
		return max + 1;
	}
	if (json_object_is_type(o, json_type_array)) {
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			if ((d = walk(json_object_array_get_idx(o, i))) > max)
				max = d;
		return max + 1;
	}
	return 0;
}

/* The response is a 200 whose body is the n bytes of text. */
static void
check_echo(const struct buf *b, const char *text, size_t n)
{
	const char	*end;

	if (b->len < 12 || memcmp(b->p, "Status: 200 ", 12) != 0 ||
	    (end = memmem(b->p, b->len, "\r\n\r\n", 4)) == NULL)
		abort();
	end += 4;
	if ((size_t)(b->p + b->len - end) != n || memcmp(end, text, n) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 e0[] = "REQUEST_METHOD=POST";
	static char	 e1[] = "REQUEST_URI=/clinic/"
	    "0b5e7c1e-4a0c-4b7e-9c1a-2f1d3e4a5b6c/admin/settings";
	static char	 e2[] = "CONTENT_TYPE=application/json; charset=utf-8";
	static char	 e3[] = "HTTP_ACCEPT=application/json";
	char		*env[] = { e0, e1, e2, e3, NULL };
	struct buf	 out;
	struct resp_sink sink;
	struct req	*r;
	json_object	*j;
	const char	*plain;
	size_t		 plen;
	enum http_err	 err;

	buf_init(&out, 4 * MAX_BODY);
	sink.write = sink_write;
	sink.arg = &out;
	if ((r = req_new(env, (const char *)data, size, MAX_BODY, sink,
	    &err)) == NULL)
		return 0;
	/* A NUL in the body, raw or \u0000, is refused before any read. */
	if (err == HTTP_ERR_JSON_NUL) {
		if (memchr(data, '\0', size) == NULL &&
		    memmem(data, size, "\\u0000", 6) == NULL)
			abort();
		req_free(r);
		buf_free(&out);
		return 0;
	}
	if (err != HTTP_OK || req_form(r, "csrf") != NULL ||
	    req_form_pairs(r)->n != 0)
		abort();
	j = req_json(r);
	if (j != req_json(r))
		abort();
	if (j != NULL) {
		if (memchr(data, '\0', size) != NULL ||
		    walk(j) > MAX_DEPTH)
			abort();
		plain = json_object_to_json_string_length(j,
		    JSON_C_TO_STRING_PLAIN, &plen);
		if (plain == NULL || memchr(plain, '\0', plen) != NULL)
			abort();
		resp_json(r, 200, j);
		check_echo(&out, plain, plen);
	}
	req_free(r);
	buf_free(&out);
	return 0;
}
