/*
 * libFuzzer target for the NLU entry point as the engine drives it
 * (llm_understand): the rule-based extractor (nlu_extract), then, when
 * the rules are not sure, the validated LLM answer (llm_parse_answer)
 * merged into the rules' result (nlu_merge), then the JSON rendering.
 *
 * Input: byte 0 is the context: bits 0-2 what Sophie awaits (mod 6),
 * bit 3 a last language is known, bit 4 it is English, bits 5-6 pick
 * "now", bit 7 drops the known names.  The rest is the patient's message
 * up to the first NUL; what follows a NUL is the LLM's answer (an Ollama
 * response body).  Without a NUL the LLM is off, as with no LLM_API_URL.
 *
 * Checked properties:
 *  - nothing crashes, reads out of bounds or leaks (ASan, UBSan);
 *  - the result is usable: intent, language and sources in range,
 *    confidence within 0..1, every value NUL-terminated, a value exactly
 *    when its source is set;
 *  - values have their documented format: dates YYYY-MM-DD and real,
 *    time HH:MM, time preference MORNING/AFTERNOON/EVENING, phone E.164
 *    ('+', 8 to 15 digits, the first not 0),
 *    email with '@' and no capital, practitioner and treatment one of the
 *    clinic's canonical names; and valid UTF-8 when the message is;
 *  - when the rules are sure, or found an emergency, the LLM changes
 *    nothing of that.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "llm.h"
#include "nlu.h"
#include "utf8.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const practs[] = { "Dr Marie Leal", "Dr Paul Martin",
    "Dr Sophie Bernard" };
static const char *const treats[] = { "Détartrage", "Consultation",
    "Extraction dentaire", "Check-up" };
/* The clinic's own words, with an apostrophe and a hyphen. */
static const struct nlu_alias aliases[] = {
	{ 0, NLU_LANG_EN, 1, "Scale and polish" },
	{ 2, NLU_LANG_FR, 0, "dent d'en-bas" },
};
static const struct nlu_lists lists = { practs, 3, treats, 4, aliases, 2 };
static const struct nlu_now nows[] = {
	{ 2026, 12, 31, 23, 59 },
	{ 2028, 2, 29, 0, 0 },
	{ 2026, 1, 1, 8, 30 },
	{ 2027, 6, 15, 12, 0 },
};

static int
in_list(const char *s, const char *const *l, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(s, l[i]) == 0)
			return 1;
	return 0;
}

static int
digits(const char *s, size_t n)
{
	return strspn(s, "0123456789") >= n;
}

/* "YYYY-MM-DD" naming a day of the calendar. */
static int
ymd_ok(const char *s)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	int			 y, m, d, max;

	if (strlen(s) != 10 || !digits(s, 4) || s[4] != '-' ||
	    !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1)
		return 0;
	max = mdays[m - 1];
	if (m == 2 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		max = 28;
	return d <= max;
}

static int
value_ok(enum nlu_field f, const char *s)
{
	size_t	 n = strlen(s);

	switch (f) {
	case NLU_F_BIRTH_DATE:
	case NLU_F_DATE:
		return ymd_ok(s);
	case NLU_F_TIME:
		return n == 5 && digits(s, 2) && s[2] == ':' &&
		    digits(s + 3, 2) && (s[0] - '0') * 10 + (s[1] - '0') < 24 &&
		    s[3] <= '5';
	case NLU_F_TIME_PREFERENCE:
		return strcmp(s, "MORNING") == 0 ||
		    strcmp(s, "AFTERNOON") == 0 || strcmp(s, "EVENING") == 0;
	case NLU_F_PHONE:
		return s[0] == '+' && s[1] != '0' && n >= 9 && n <= 16 &&
		    digits(s + 1, n - 1);
	case NLU_F_EMAIL:
		return strchr(s, '@') != NULL &&
		    strpbrk(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ \t") == NULL;
	case NLU_F_PRACTITIONER:
		return in_list(s, practs, 3);
	case NLU_F_APPOINTMENT_TYPE:
		return in_list(s, treats, 4);
	default:
		return 1;
	}
}

static void
check_result(const struct nlu_result *r, int text_utf8)
{
	struct json_object	*o;
	int			 f;
	size_t			 n;

	if ((unsigned)r->intent >= NLU_INTENT__MAX ||
	    (r->lang != NLU_LANG_FR && r->lang != NLU_LANG_EN) ||
	    (unsigned)r->intent_src > NLU_SRC_LLM ||
	    (unsigned)r->lang_src > NLU_SRC_LLM ||
	    !(r->confidence >= 0.0 && r->confidence <= 1.0))
		abort();
	for (f = 0; f < NLU_F__MAX; f++) {
		if (memchr(r->val[f], '\0', NLU_VALUE_MAX) == NULL ||
		    (unsigned)r->src[f] > NLU_SRC_LLM ||
		    (r->val[f][0] == '\0') != (r->src[f] == NLU_SRC_NONE))
			abort();
		n = strlen(r->val[f]);
		if (n == 0)
			continue;
		if (!value_ok((enum nlu_field)f, r->val[f]) ||
		    (text_utf8 && !utf8_valid(r->val[f], n)))
			abort();
	}
	if ((o = nlu_result_json(r)) != NULL) {
		(void)json_object_to_json_string(o);
		json_object_put(o);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlu_context	 ctx;
	struct nlu_result	 rules, r, lr;
	const struct nlu_now	*now;
	const char		*text, *answer = NULL, *nul;
	size_t			 tlen, alen = 0;
	int			 f, text_utf8;

	if (size == 0)
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.awaiting = (enum nlu_awaiting)((data[0] & 7) % 6);
	ctx.has_last_lang = (data[0] >> 3) & 1;
	ctx.last_lang = (data[0] >> 4) & 1 ? NLU_LANG_EN : NLU_LANG_FR;
	now = &nows[(data[0] >> 5) & 3];
	ctx.known = (data[0] & 0x80) ? NULL : "Marie Dupont";
	text = (const char *)data + 1;
	tlen = size - 1;
	if ((nul = memchr(text, '\0', tlen)) != NULL) {
		answer = nul + 1;
		alen = tlen - (size_t)(answer - text);
		tlen = (size_t)(nul - text);
	}
	text_utf8 = utf8_valid(text, tlen);

	if (nlu_extract(text, tlen, &lists, &ctx, now, &rules) != 0)
		abort();
	check_result(&rules, text_utf8);
	r = rules;
	if (answer != NULL && !rules.rules_sure) {
		(void)llm_parse_answer(answer, alen, text, tlen, &lists, &ctx,
		    now, &lr);
		check_result(&lr, text_utf8);
		nlu_merge(&r, &lr);
	}
	check_result(&r, text_utf8);
	if (rules.rules_sure && (r.intent != rules.intent ||
	    r.lang != rules.lang || r.confidence != rules.confidence ||
	    memcmp(r.src, rules.src, sizeof(r.src)) != 0 ||
	    memcmp(r.val, rules.val, sizeof(r.val)) != 0))
		abort();
	if (rules.intent == NLU_INTENT_EMERGENCY &&
	    r.intent != NLU_INTENT_EMERGENCY)
		abort();
	for (f = 0; f < NLU_F__MAX; f++)
		if (rules.src[f] == NLU_SRC_RULES &&
		    strcmp(r.val[f], rules.val[f]) != 0)
			abort();
	return 0;
}
