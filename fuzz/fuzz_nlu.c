/*
 * libFuzzer target for the rule-based extractor: the first byte picks what
 * Sophie was awaiting, the rest is the patient's message. The result is
 * also rendered as JSON.
 */
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "nlu.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const practs[] = { "Dr Marie Leal",
	    "Dr Paul Martin", "Dr Sophie Bernard" };
	static const char *const treats[] = { "Détartrage", "Consultation",
	    "Extraction dentaire", "Check-up" };
	static const struct nlu_lists lists = { practs, 3, treats, 4 };
	static const struct nlu_now now = { 2026, 12, 31, 23, 59 };
	struct nlu_context	 ctx = { 0 };
	struct nlu_result	 r;
	struct json_object	*o;

	if (size == 0)
		return 0;
	ctx.awaiting = (enum nlu_awaiting)(data[0] % 6);
	ctx.known = "Marie Dupont";
	if (nlu_extract((const char *)data + 1, size - 1, &lists, &ctx, &now,
	    &r) == 0 && (o = nlu_result_json(&r)) != NULL)
		json_object_put(o);
	return 0;
}
