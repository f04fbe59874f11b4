/*
 * fuzz_tmpl — libFuzzer target: the input is the text of a template "t",
 * compiled beside a fixed partial "p" and layout "L" and rendered against
 * fixed hostile data. It must never crash, leak or trip a sanitizer, and
 * the data's markup must never come out raw: when the template itself does
 * not contain "qq", the output may not contain <qqq, "qqq or 'qqq (each
 * value in the data carries one).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "tmpl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Hostile data shared by every run (built once, never freed). */
static const char fuzz_json[] =
	"{\"x\":\"<qqq>\\\"qqq'qqq&\",\"u\":\"javascript:alert('qqq')\","
	"\"n\":42,\"d\":-0.5,\"t\":true,\"z\":null,\"e\":\"\","
	"\"o\":{\"x\":\"\\\"qqq\",\"name\":\"<qqq/>\",\"o\":{\"x\":\"'qqq\"}},"
	"\"items\":[\"<qqq\",{\"name\":\"'qqq\",\"items\":[1,\"\\\"qqq\"]},"
	"[\"<qqq\"],null,\"javascript:qqq\"],"
	"\"name\":\"<qqq\\u0000\\\"qqq\",\"empty\":[]}";

static struct json_object *fuzz_data;

/* Whether the n bytes at s contain the NUL-terminated string w. */
static int
fuzz_has(const char *s, size_t n, const char *w)
{
	return memmem(s, n, w, strlen(w)) != NULL;
}

/*
 * Abort when a data marker appears unescaped in the output.  A template
 * whose own text holds "qq" can write a marker itself around an empty
 * value ("\"qq{{e}}q"), so it proves nothing and is skipped.
 */
static void
fuzz_oracle(const uint8_t *src, size_t len, const struct buf *out)
{
	if (fuzz_has((const char *)src, len, "qq"))
		return;
	if (fuzz_has(out->p != NULL ? out->p : "", out->len, "<qqq") ||
	    fuzz_has(out->p != NULL ? out->p : "", out->len, "\"qqq") ||
	    fuzz_has(out->p != NULL ? out->p : "", out->len, "'qqq"))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_set	*s;
	struct buf	 out;
	char		 why[256];

	if (fuzz_data == NULL &&
	    (fuzz_data = json_tokener_parse(fuzz_json)) == NULL)
		abort();
	if ((s = tmpl_set_new()) == NULL)
		return 0;
	if (tmpl_add(s, "p", "<b title=\"{{name}}\">{{x}}</b>", 29, why,
	    sizeof(why)) != TMPL_OK ||
	    tmpl_add(s, "L", "<main>{{> @body}}</main>", 24, why,
	    sizeof(why)) != TMPL_OK)
		abort();
	buf_init(&out, 1 << 16);
	if (tmpl_add(s, "t", (const char *)data, size, why, sizeof(why)) ==
	    TMPL_OK && tmpl_link(s, why, sizeof(why)) == TMPL_OK) {
		if (tmpl_render(s, "t", fuzz_data, &out) == TMPL_OK)
			fuzz_oracle(data, size, &out);
		buf_reset(&out);
		(void)tmpl_render(s, "L", fuzz_data, &out);
	}
	buf_free(&out);
	tmpl_set_free(s);
	return 0;
}
