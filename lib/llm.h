/*
 * llm — ask Ollama (/api/chat, JSON-schema "format", temperature 0) when
 * the rules are not sure, and validate its answer like any untrusted
 * input: field by field, dropping what is malformed or not supported by
 * the message (names and dates that are not in the message or context,
 * practitioners and treatments the message does not name, a part of the
 * day it does not say, an emergency without a symptom). nlu_merge then
 * leaves the yes/no, the cancellation and the language to the rules.
 */
#ifndef SOPHIE_LLM_H
#define SOPHIE_LLM_H

#include <stddef.h>

#include "nlu.h"

#define LLM_DEFAULT_URL		"http://localhost:11434"
#define LLM_DEFAULT_MODEL	"aida-medical-v1"
#define LLM_DEFAULT_TIMEOUT_MS	8000

struct llm_config {
	const char	*api_url;	/* LLM_API_URL; NULL = default */
	const char	*model;		/* LLM_MODEL_NAME, NULL: default */
	long		 timeout_ms;	/* LLM_TIMEOUT_MS, 0: default */
};

enum llm_err {
	LLM_OK = 0,
	LLM_ERR_ARG,		/* bad arguments or URL */
	LLM_ERR_NOMEM,
	LLM_ERR_HTTP,		/* transport failure or timeout */
	LLM_ERR_STATUS,		/* HTTP status other than 200 */
	LLM_ERR_JSON,		/* body or content is not JSON */
	LLM_ERR_SCHEMA,		/* no usable content in the answer */
	LLM_ERR__MAX
};

const char *llm_strerror(enum llm_err);

/*
 * The chat endpoint for api_url into out (sz bytes): ".../api/generate"
 * becomes ".../api/chat", a bare base gets "/api/chat", ".../api/chat"
 * stays. Returns 0, or -1 when it does not fit or is not http(s).
 */
int	 llm_chat_url(const char *api_url, char *out, size_t sz);

/*
 * The request body for /api/chat: model, stream false, format = the JSON
 * schema of the answer, options.temperature 0, a system prompt and a user
 * message with the patient's text, today's date and weekday, the context
 * and the clinic's lists. Returns a malloc'd NUL-terminated string owned by
 * the caller, or NULL on ENOMEM / bad arguments.
 */
char	*llm_request_body(const struct llm_config *, const char *text,
	    size_t len, const struct nlu_lists *, const struct nlu_context *,
	    const struct nlu_now *);

/*
 * Validate an Ollama response body (len bytes): message.content (or
 * "response"), code fences stripped, parsed as JSON, then every field
 * checked. out is always initialised; valid fields have source LLM.
 * Returns LLM_OK when the content was a JSON object (some fields may have
 * been dropped), else LLM_ERR_JSON / LLM_ERR_SCHEMA with out empty.
 */
enum llm_err llm_parse_answer(const char *body, size_t len,
	    const char *text, size_t textlen, const struct nlu_lists *,
	    const struct nlu_context *, const struct nlu_now *,
	    struct nlu_result *out);

/*
 * One call to the LLM (through lib/httpc) and validation of its answer
 * into out. Returns LLM_OK or an error; out is always initialised.
 */
enum llm_err llm_extract(const struct llm_config *, const char *text,
	    size_t len, const struct nlu_lists *, const struct nlu_context *,
	    const struct nlu_now *, struct nlu_result *out);

/*
 * Understand a message: the rules first; when they are not sure, the LLM,
 * merged by nlu_merge. out always holds a usable result (the rules' own
 * when the LLM fails or times out). Returns LLM_OK when the LLM was not
 * needed or answered, else the LLM's error. cfg may be NULL: rules only.
 */
enum llm_err llm_understand(const struct llm_config *, const char *text,
	    size_t len, const struct nlu_lists *, const struct nlu_context *,
	    const struct nlu_now *, struct nlu_result *out);

#endif
