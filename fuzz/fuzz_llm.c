/*
 * libFuzzer target for the LLM answer validator: the input is tried both
 * as a whole Ollama response body and as the model's message content.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "llm.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const practs[] = { "Dr Marie Leal",
	    "Dr Paul Martin" };
	static const char *const treats[] = { "Détartrage", "Consultation" };
	static const struct nlu_lists lists = { practs, 2, treats, 2, NULL, 0 };
	static const struct nlu_now now = { 2026, 11, 23, 10, 15 };
	static const char text[] = "Je suis Marie Dupont, rdv mardi prochain "
	    "à 14h avec le Dr Leal, né le 15/05/1980, 06 12 34 56 78";
	struct nlu_context	 ctx = { 0 };
	struct nlu_result	 r;
	struct json_object	*o, *m;
	const char		*b;

	ctx.known = "Dupont";
	llm_parse_answer((const char *)data, size, text, sizeof(text) - 1,
	    &lists, &ctx, &now, &r);
	if ((o = json_object_new_object()) == NULL)
		return 0;
	m = json_object_new_object();
	json_object_object_add(m, "content",
	    json_object_new_string_len((const char *)data, (int)size));
	json_object_object_add(o, "message", m);
	b = json_object_to_json_string(o);
	llm_parse_answer(b, strlen(b), text, sizeof(text) - 1, &lists, &ctx,
	    &now, &r);
	json_object_put(o);
	return 0;
}
