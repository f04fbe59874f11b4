/*
 * llm — the Ollama client and the validator of its answers. The answer is
 * untrusted input: every field is type-checked, enums and ranges checked,
 * dates re-parsed and required to follow from the message, names required
 * to appear in the message or the context, practitioners and treatments
 * mapped onto the clinic's own lists. What fails is dropped, never
 * guessed.
 */
#include <string.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "llm.h"
#include "buf.h"
#include "utf8.h"
#ifndef LLM_NO_HTTP
#include "httpc.h"
#endif

#define LLM_MAX_ANSWER	(256 * 1024)	/* largest answer parsed */
#define LLM_URL_MAX	1024

static const char *const llm_errs[LLM_ERR__MAX] = {
	"ok",				/* LLM_OK */
	"bad arguments",		/* LLM_ERR_ARG */
	"out of memory",		/* LLM_ERR_NOMEM */
	"LLM unreachable or slow",	/* LLM_ERR_HTTP */
	"LLM answered an error status",	/* LLM_ERR_STATUS */
	"LLM answer is not JSON",	/* LLM_ERR_JSON */
	"LLM answer has no content",	/* LLM_ERR_SCHEMA */
};

/* The system prompt: extraction only, no free text, no invention. */
static const char llm_system[] =
    "Tu es l'extracteur de Sophie, secretaire medicale sur WhatsApp. / "
    "You extract structured data from one patient message (French or "
    "English).\n"
    "Answer with ONE JSON object following the given schema, nothing "
    "else.\n"
    "Rules:\n"
    "- intent: BOOK_APPOINTMENT (new appointment), MODIFY_APPOINTMENT "
    "(move/reschedule; cancel-and-rebook), CANCEL_APPOINTMENT, "
    "LIST_APPOINTMENTS (my appointments), INFORMATION (question about the "
    "clinic, or only personal details / a date / a time), GREETING, "
    "AFFIRMATIVE (yes, ok, thanks), NEGATIVE (no), LIST_PRACTITIONERS, "
    "EMERGENCY (chest pain, cannot breathe, heavy bleeding, "
    "unconsciousness, stroke, suicide: always wins), UNKNOWN.\n"
    "- Never invent: a value not stated in the message or the context is "
    "null. Names are copied as written. Never use names from examples.\n"
    "- date: YYYY-MM-DD computed from TODAY; birth_date separate "
    "(YYYY-MM-DD); time HH:MM 24h; time_preference MORNING, AFTERNOON or "
    "EVENING; practitioner and appointment_type only as written in the "
    "clinic's lists; phone E.164; email lower case.\n"
    "- confidence between 0 and 1.\n";

const char *
llm_strerror(enum llm_err e)
{
	return (unsigned)e < LLM_ERR__MAX ? llm_errs[e] : "unknown error";
}

int
llm_chat_url(const char *api_url, char *out, size_t sz)
{
	const char	*suffixes[] = { "/api/generate", "/api/chat", "/api",
	    "/" };
	size_t		 n, k, l;

	if (api_url == NULL || *api_url == '\0')
		api_url = LLM_DEFAULT_URL;
	if (strncmp(api_url, "http://", 7) != 0 &&
	    strncmp(api_url, "https://", 8) != 0)
		return -1;
	n = strlen(api_url);
	for (k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++) {
		l = strlen(suffixes[k]);
		if (n > l + 8 && strcmp(api_url + n - l, suffixes[k]) == 0) {
			n -= l;
			break;
		}
	}
	while (n > 8 && api_url[n - 1] == '/')
		n--;
	if (n + sizeof("/api/chat") > sz)
		return -1;
	memcpy(out, api_url, n);
	memcpy(out + n, "/api/chat", sizeof("/api/chat"));
	return 0;
}

/* {"type": t} */
static struct json_object *
jtype(const char *t)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string(t));
	return o;
}

/* A string-or-null property, optionally restricted to an enum. */
static struct json_object *
jnullable(const char *const *vals, size_t n)
{
	struct json_object *o = json_object_new_object(), *t, *e;
	size_t	 k;

	t = json_object_new_array();
	json_object_array_add(t, json_object_new_string("string"));
	json_object_array_add(t, json_object_new_string("null"));
	json_object_object_add(o, "type", t);
	if (vals != NULL) {
		e = json_object_new_array();
		for (k = 0; k < n; k++)
			json_object_array_add(e,
			    json_object_new_string(vals[k]));
		json_object_array_add(e, NULL);
		json_object_object_add(o, "enum", e);
	}
	return o;
}

/* The JSON schema of the answer (Ollama structured outputs). */
static struct json_object *
answer_schema(void)
{
	static const char *const langs[] = { "fr", "en" };
	static const char *const prefs[] = { "MORNING", "AFTERNOON",
	    "EVENING" };
	struct json_object *s, *p, *ents, *ep, *e, *req;
	int	 k;

	s = jtype("object");
	p = json_object_new_object();
	e = json_object_new_array();
	for (k = 0; k < NLU_INTENT__MAX; k++)
		json_object_array_add(e, json_object_new_string(
		    nlu_intent_name((enum nlu_intent)k)));
	json_object_object_add(p, "detected_language", jtype("string"));
	json_object_object_add(json_object_object_get(p,
	    "detected_language"), "enum", json_object_new_array());
	for (k = 0; k < 2; k++)
		json_object_array_add(json_object_object_get(
		    json_object_object_get(p, "detected_language"), "enum"),
		    json_object_new_string(langs[k]));
	json_object_object_add(p, "intent", jtype("string"));
	json_object_object_add(json_object_object_get(p, "intent"), "enum", e);
	json_object_object_add(p, "confidence", jtype("number"));
	ents = jtype("object");
	ep = json_object_new_object();
	for (k = 0; k < NLU_F__MAX; k++)
		json_object_object_add(ep, nlu_field_name((enum nlu_field)k),
		    k == NLU_F_TIME_PREFERENCE ? jnullable(prefs, 3) :
		    jnullable(NULL, 0));
	json_object_object_add(ents, "properties", ep);
	json_object_object_add(p, "entities", ents);
	json_object_object_add(s, "properties", p);
	req = json_object_new_array();
	json_object_array_add(req, json_object_new_string("detected_language"));
	json_object_array_add(req, json_object_new_string("intent"));
	json_object_array_add(req, json_object_new_string("confidence"));
	json_object_array_add(req, json_object_new_string("entities"));
	json_object_object_add(s, "required", req);
	return s;
}

/* The user message: text, today, context, lists. */
static int
user_message(struct buf *b, const char *text, size_t len,
    const struct nlu_lists *l, const struct nlu_context *ctx,
    const struct nlu_now *now)
{
	static const char *const days[7] = { "Monday / lundi",
	    "Tuesday / mardi", "Wednesday / mercredi", "Thursday / jeudi",
	    "Friday / vendredi", "Saturday / samedi", "Sunday / dimanche" };
	static const char *const aw[] = { "", "name", "birth_date", "date",
	    "time", "confirmation" };
	size_t	 k;
	int	 rc = 0;

	if (len > NLU_TEXT_MAX)
		len = NLU_TEXT_MAX;
	rc |= buf_adds(b, "MESSAGE: ");
	rc |= buf_add(b, text, len);
	rc |= buf_printf(b, "\nTODAY: %04d-%02d-%02d (%s) %02d:%02d\n",
	    now->y, now->m, now->d, days[nlu_weekday(now->y, now->m, now->d)],
	    now->hh, now->mm);
	if (ctx != NULL && (unsigned)ctx->awaiting < sizeof(aw) / sizeof(aw[0])
	    && ctx->awaiting != NLU_AWAIT_NONE)
		rc |= buf_printf(b, "SOPHIE_ASKED_FOR: %s\n",
		    aw[ctx->awaiting]);
	if (ctx != NULL && ctx->known != NULL)
		rc |= buf_printf(b, "KNOWN: %.200s\n", ctx->known);
	if (l != NULL) {
		rc |= buf_adds(b, "PRACTITIONERS:");
		for (k = 0; k < l->npractitioners && k < 50; k++)
			rc |= buf_printf(b, " %.80s;", l->practitioners[k]);
		rc |= buf_adds(b, "\nTREATMENTS:");
		for (k = 0; k < l->ntreatments && k < 50; k++)
			rc |= buf_printf(b, " %.80s;", l->treatments[k]);
		rc |= buf_adds(b, "\n");
	}
	return rc;
}

char *
llm_request_body(const struct llm_config *cfg, const char *text, size_t len,
    const struct nlu_lists *l, const struct nlu_context *ctx,
    const struct nlu_now *now)
{
	struct json_object *o, *msgs, *m, *opt;
	struct buf	 u;
	const char	*model = NULL;
	char		*out = NULL;

	if (text == NULL || now == NULL ||
	    !nlu_valid_date(now->y, now->m, now->d))
		return NULL;
	if (cfg != NULL && cfg->model != NULL && *cfg->model != '\0')
		model = cfg->model;
	buf_init(&u, 64 * 1024);
	if (user_message(&u, text, len, l, ctx, now) != 0) {
		buf_free(&u);
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, "model", json_object_new_string(
	    model != NULL ? model : LLM_DEFAULT_MODEL));
	json_object_object_add(o, "stream", json_object_new_boolean(0));
	json_object_object_add(o, "format", answer_schema());
	opt = json_object_new_object();
	json_object_object_add(opt, "temperature", json_object_new_int(0));
	json_object_object_add(o, "options", opt);
	msgs = json_object_new_array();
	m = json_object_new_object();
	json_object_object_add(m, "role", json_object_new_string("system"));
	json_object_object_add(m, "content",
	    json_object_new_string(llm_system));
	json_object_array_add(msgs, m);
	m = json_object_new_object();
	json_object_object_add(m, "role", json_object_new_string("user"));
	json_object_object_add(m, "content", json_object_new_string_len(
	    buf_str(&u), (int)u.len));
	json_object_array_add(msgs, m);
	json_object_object_add(o, "messages", msgs);
	out = strdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	buf_free(&u);
	return out;
}

/* Parse len bytes as one JSON value. Returns it (caller puts) or NULL. */
static struct json_object *
parse_json(const char *s, size_t len)
{
	struct json_tokener *tok;
	struct json_object *o;

	if (len > LLM_MAX_ANSWER || memchr(s, '\0', len) != NULL)
		return NULL;
	if ((tok = json_tokener_new()) == NULL)
		return NULL;
	o = json_tokener_parse_ex(tok, s, (int)len);
	if (o != NULL && (json_tokener_get_error(tok) != json_tokener_success
	    || tok->char_offset < (int)len)) {
		/* trailing text after the value */
		size_t k;

		for (k = (size_t)tok->char_offset; k < len; k++)
			if (s[k] != ' ' && s[k] != '\n' && s[k] != '\r' &&
			    s[k] != '\t') {
				json_object_put(o);
				o = NULL;
				break;
			}
	}
	json_tokener_free(tok);
	return o;
}

/*
 * Trim blanks and a Markdown code fence (```json ... ```) around s.
 * Sets *a and *b to the content's bounds.
 */
static void
strip_fences(const char *s, size_t len, size_t *a, size_t *b)
{
	size_t	 i = 0, e = len;

	while (i < e && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' ||
	    s[i] == '\t'))
		i++;
	while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\n' ||
	    s[e - 1] == '\r' || s[e - 1] == '\t'))
		e--;
	if (e - i >= 3 && strncmp(s + i, "```", 3) == 0) {
		while (i < e && s[i] != '\n')
			i++;
		if (e - i >= 3 && strncmp(s + e - 3, "```", 3) == 0)
			e -= 3;
	}
	*a = i;
	*b = e < i ? i : e;
}

/* Context shared by the field validators. */
struct vctx {
	const char		*text;
	size_t			 len;
	const struct nlu_lists	*lists;
	const struct nlu_context *ctx;
	const struct nlu_now	*now;
};

/* Copy s into a value buffer, truncating. */
static void
copy_val(char out[NLU_VALUE_MAX], const char *s)
{
	size_t	 n = strnlen(s, NLU_VALUE_MAX - 1);

	memcpy(out, s, n);
	out[n] = '\0';
}

/* 1 when s is a printable value of sane length in valid UTF-8 (the
 * message's own text is checked at intake; the LLM's answer is not). */
static int
sane(const char *s)
{
	size_t	 n = strlen(s), k;

	if (n == 0 || n >= NLU_VALUE_MAX || !utf8_valid(s, n))
		return 0;
	for (k = 0; k < n; k++)
		if ((unsigned char)s[k] < 0x20)
			return 0;
	return 1;
}

/*
 * A name must be written in this message: a name known from the
 * conversation (the context) is not one the patient gave now.
 */
static int
name_ok(const struct vctx *v, const char *s)
{
	return nlu_words_present(v->text, v->len, s);
}

/*
 * A practitioner or treatment the LLM named, mapped onto the clinic's
 * canonical name c, is kept only when the message names it: the LLM's
 * words or the canonical name for a treatment, the practitioner's
 * surname (the last word of c) for a practitioner, so that a patient's
 * own first name never picks a practitioner.
 */
static int
named_ok(const struct vctx *v, enum nlu_field f, const char *s,
    const char *c)
{
	const char	*last;

	if (f == NLU_F_APPOINTMENT_TYPE)
		return nlu_words_present(v->text, v->len, s) ||
		    nlu_words_present(v->text, v->len, c);
	if ((last = strrchr(c, ' ')) == NULL)
		last = c;
	else
		last++;
	return nlu_words_present(v->text, v->len, last);
}

/* "HH:MM" with a valid clock time. */
static int
hhmm_ok(const char *s)
{
	return strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' &&
	    s[1] >= '0' && s[1] <= '9' && s[2] == ':' && s[3] >= '0' &&
	    s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
	    (s[0] - '0') * 10 + (s[1] - '0') < 24;
}

/* An email that is written in the message, lower-cased into out. */
static int
email_ok(const struct vctx *v, const char *s, char *out)
{
	size_t	 k, n = strlen(s);
	const char *at = strchr(s, '@');

	if (at == NULL || at == s || strchr(at, '.') == NULL ||
	    strchr(s, ' ') != NULL)
		return 0;
	for (k = 0; k < n; k++)
		out[k] = (s[k] >= 'A' && s[k] <= 'Z') ?
		    (char)(s[k] + 32) : s[k];
	out[n] = '\0';
	for (k = 0; k + n <= v->len; k++)
		if (strncasecmp(v->text + k, s, n) == 0)
			return 1;
	return 0;
}

/*
 * Validate one entity value s for field f; on success the value to keep
 * is written to out. Returns 1 to keep, 0 to drop.
 */
static int
field_ok(const struct vctx *v, enum nlu_field f, const char *s, char *out)
{
	const char	*c;
	int		 y, m, d;

	if (!sane(s))
		return 0;
	copy_val(out, s);
	switch (f) {
	case NLU_F_FIRST_NAME:
	case NLU_F_LAST_NAME:
		return name_ok(v, s);
	case NLU_F_BIRTH_DATE:
	case NLU_F_DATE:
		return nlu_parse_ymd(s, &y, &m, &d) == 0 &&
		    nlu_date_derivable(v->text, v->len, v->now, s);
	case NLU_F_TIME:
		return hhmm_ok(s) && nlu_time_derivable(v->text, v->len, s);
	case NLU_F_TIME_PREFERENCE:
		return (strcmp(s, "MORNING") == 0 ||
		    strcmp(s, "AFTERNOON") == 0 || strcmp(s, "EVENING") == 0) &&
		    nlu_pref_derivable(v->text, v->len, s);
	case NLU_F_EMAIL:
		return email_ok(v, s, out);
	case NLU_F_PHONE:
		return nlu_phone_present(v->text, v->len, s);
	case NLU_F_PRACTITIONER:
	case NLU_F_APPOINTMENT_TYPE:
		if (v->lists == NULL)
			return 0;
		c = f == NLU_F_PRACTITIONER ?
		    nlu_match_list(v->lists->practitioners,
		    v->lists->npractitioners, s, 1) :
		    nlu_match_list(v->lists->treatments,
		    v->lists->ntreatments, s, 0);
		if (c == NULL || !named_ok(v, f, s, c))
			return 0;
		copy_val(out, c);
		return 1;
	default:
		return 0;
	}
}

/* Validate the top-level fields and the entities of answer a into out. */
static void
validate(const struct vctx *v, struct json_object *a, struct nlu_result *out)
{
	struct json_object *x, *ents;
	enum nlu_intent	 in;
	const char	*s;
	double		 c = -1;
	char		 val[NLU_VALUE_MAX];
	int		 f;

	if (json_object_object_get_ex(a, "confidence", &x) &&
	    (json_object_is_type(x, json_type_double) ||
	    json_object_is_type(x, json_type_int)))
		c = json_object_get_double(x);
	/* An emergency needs a symptom in the message, whoever says so. */
	if (json_object_object_get_ex(a, "intent", &x) &&
	    json_object_is_type(x, json_type_string) &&
	    nlu_intent_parse(json_object_get_string(x), &in) == 0 &&
	    c >= 0.0 && c <= 1.0 && (in != NLU_INTENT_EMERGENCY ||
	    nlu_symptom_present(v->text, v->len))) {
		out->intent = in;
		out->intent_src = NLU_SRC_LLM;
		out->confidence = c;
	}
	if (json_object_object_get_ex(a, "detected_language", &x) &&
	    json_object_is_type(x, json_type_string)) {
		s = json_object_get_string(x);
		if (strcmp(s, "fr") == 0 || strcmp(s, "en") == 0) {
			out->lang = s[0] == 'e' ? NLU_LANG_EN : NLU_LANG_FR;
			out->lang_src = NLU_SRC_LLM;
		}
	}
	if (!json_object_object_get_ex(a, "entities", &ents) ||
	    !json_object_is_type(ents, json_type_object))
		return;
	for (f = 0; f < NLU_F__MAX; f++) {
		if (!json_object_object_get_ex(ents,
		    nlu_field_name((enum nlu_field)f), &x) ||
		    !json_object_is_type(x, json_type_string))
			continue;
		if (field_ok(v, (enum nlu_field)f, json_object_get_string(x),
		    val)) {
			memcpy(out->val[f], val, NLU_VALUE_MAX);
			out->src[f] = NLU_SRC_LLM;
		}
	}
}

enum llm_err
llm_parse_answer(const char *body, size_t len, const char *text,
    size_t textlen, const struct nlu_lists *lists,
    const struct nlu_context *ctx, const struct nlu_now *now,
    struct nlu_result *out)
{
	struct json_object *top, *x, *ans;
	struct vctx	 v;
	const char	*content = NULL;
	size_t		 clen = 0, a, b;
	enum llm_err	 er = LLM_OK;

	if (out == NULL)
		return LLM_ERR_ARG;
	nlu_result_init(out);
	if (body == NULL || text == NULL || now == NULL)
		return LLM_ERR_ARG;
	if ((top = parse_json(body, len)) == NULL)
		return LLM_ERR_JSON;
	if (json_object_object_get_ex(top, "message", &x) &&
	    json_object_is_type(x, json_type_object) &&
	    json_object_object_get_ex(x, "content", &x) &&
	    json_object_is_type(x, json_type_string)) {
		content = json_object_get_string(x);
		clen = (size_t)json_object_get_string_len(x);
	} else if (json_object_object_get_ex(top, "response", &x) &&
	    json_object_is_type(x, json_type_string)) {
		content = json_object_get_string(x);
		clen = (size_t)json_object_get_string_len(x);
	}
	if (content == NULL) {
		json_object_put(top);
		return LLM_ERR_SCHEMA;
	}
	strip_fences(content, clen, &a, &b);
	if ((ans = parse_json(content + a, b - a)) == NULL ||
	    !json_object_is_type(ans, json_type_object))
		er = LLM_ERR_JSON;
	else {
		v.text = text;
		v.len = textlen > NLU_TEXT_MAX ? NLU_TEXT_MAX : textlen;
		v.lists = lists;
		v.ctx = ctx;
		v.now = now;
		validate(&v, ans, out);
	}
	json_object_put(ans);
	json_object_put(top);
	return er;
}

#ifndef LLM_NO_HTTP
enum llm_err
llm_extract(const struct llm_config *cfg, const char *text, size_t len,
    const struct nlu_lists *lists, const struct nlu_context *ctx,
    const struct nlu_now *now, struct nlu_result *out)
{
	static const char *const hdrs[] = { "Accept: application/json", NULL };
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	char			 url[LLM_URL_MAX], *body;
	enum httpc_err		 he;
	enum llm_err		 er;

	if (out == NULL)
		return LLM_ERR_ARG;
	nlu_result_init(out);
	if (llm_chat_url(cfg != NULL ? cfg->api_url : NULL, url,
	    sizeof(url)) == -1)
		return LLM_ERR_ARG;
	if ((body = llm_request_body(cfg, text, len, lists, ctx, now)) == NULL)
		return LLM_ERR_NOMEM;
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = url;
	rq.body = body;
	rq.bodylen = strlen(body);
	rq.content_type = "application/json";
	rq.headers = hdrs;
	rq.timeout_ms = cfg != NULL && cfg->timeout_ms > 0 ? cfg->timeout_ms :
	    LLM_DEFAULT_TIMEOUT_MS;
	rq.connect_timeout_ms = rq.timeout_ms < 2000 ? rq.timeout_ms : 2000;
	rq.max_response = LLM_MAX_ANSWER;
	he = httpc_do(&rq, &rs);
	free(body);
	if (he != HTTPC_OK)
		er = LLM_ERR_HTTP;
	else if (rs.status != 200)
		er = LLM_ERR_STATUS;
	else
		er = llm_parse_answer(buf_str(&rs.body), rs.body.len, text, len,
		    lists, ctx, now, out);
	httpc_resp_free(&rs);
	return er;
}

enum llm_err
llm_understand(const struct llm_config *cfg, const char *text, size_t len,
    const struct nlu_lists *lists, const struct nlu_context *ctx,
    const struct nlu_now *now, struct nlu_result *out)
{
	struct nlu_result	 lr;
	enum llm_err		 er;

	if (nlu_extract(text, len, lists, ctx, now, out) == -1)
		return LLM_ERR_ARG;
	if (out->rules_sure || cfg == NULL)
		return LLM_OK;
	if ((er = llm_extract(cfg, text, len, lists, ctx, now, &lr)) != LLM_OK)
		return er;
	nlu_merge(out, &lr);
	return LLM_OK;
}
#endif
