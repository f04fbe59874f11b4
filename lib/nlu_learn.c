/*
 * nlu_learn — classifier features and the rules/classifier policy; see
 * nlu_learn.h.
 */
#include <stdlib.h>
#include <string.h>

#include "nlu_int.h"
#include "nlu_learn.h"

static nlu_classify_fn	 classify;
static double		 min_p = NLU_LEARN_MIN_P;
static double		 emergency_p = NLU_LEARN_EMERGENCY_P;

void
nlu_learn_thresholds(double mp, double ep)
{
	min_p = mp;
	emergency_p = ep;
}

void
nlu_learn_set(nlu_classify_fn fn)
{
	classify = fn;
}

void
nlu_learn_apply(const char *text, size_t len, enum nlu_awaiting aw,
    struct nlu_result *r)
{
	char		 feat[NLU_TEXT_MAX * 2];
	enum nlu_intent	 li;
	double		 p;

	if (classify == NULL)
		return;
	if (len > NLU_TEXT_MAX)
		len = NLU_TEXT_MAX;
	nlu_learn_text(text, len, aw, feat, sizeof(feat));
	if (classify(feat, &li, &p) != 0)
		return;
	if (li == NLU_INTENT_EMERGENCY && !nlu_learn_emergency_ok(text, len))
		return;
	nlu_learn_combine(r, li, p, aw);
}

int
nlu_learn_emergency_ok(const char *text, size_t len)
{
	struct nlu_doc	*dc;
	int		 denied;

	/* An emergency needs a symptom in the message, whoever says so
	 * (the LLM's answer is held to the same). */
	if (!nlu_symptom_present(text, len))
		return 0;
	/* a plain pain ("j'ai une douleur à la dent", "some pain in my
	 * tooth") asks for a visit: only a symptom beyond it, or a pain
	 * said to be severe, is the classifier's emergency */
	if (!nlu_symptom_beyond_pain(text, len) ||
	    (dc = nlu_symptom_doc(text, len)) == NULL)
		return 0;
	denied = nlu_urgency_denied(dc);
	free(dc);
	return !denied;
}

size_t
nlu_learn_text(const char *text, size_t len, enum nlu_awaiting aw,
    char *out, size_t outsz)
{
	static const char *const ctx[] = { "", "ctx_name ", "ctx_birth ",
	    "ctx_date ", "ctx_time ", "ctx_confirmation " };
	size_t	 o = 0, n, k;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if ((size_t)aw < sizeof(ctx) / sizeof(ctx[0])) {
		n = strlen(ctx[aw]);
		if (n >= outsz)
			return 0;
		memcpy(out, ctx[aw], n + 1);
		o = n;
	}
	n = nlu_fold(text, len, out + o, outsz - o);
	for (k = o; k < o + n; k++)
		if (out[k] >= '1' && out[k] <= '9')
			out[k] = '0';
	return o + n;
}

/* Intents whose mistake acts on an appointment. */
static int
acts(enum nlu_intent i)
{
	return i == NLU_INTENT_AFFIRMATIVE || i == NLU_INTENT_NEGATIVE ||
	    i == NLU_INTENT_CANCEL_APPOINTMENT;
}

void
nlu_learn_combine(struct nlu_result *r, enum nlu_intent li, double p,
    enum nlu_awaiting aw)
{
	if (r->intent == NLU_INTENT_EMERGENCY)
		return;
	if (li == NLU_INTENT_EMERGENCY && p >= emergency_p) {
		r->intent = NLU_INTENT_EMERGENCY;
		r->confidence = p;
		return;
	}
	/* The classifier arbitrates an unsure reading of the rules; where
	 * the rules found nothing (gibberish, a message unlike any it was
	 * trained on, which it may still score high), the LLM is asked.
	 * Its "I don't know" adds nothing either. */
	if (r->rules_sure || acts(r->intent) || acts(li) ||
	    li == NLU_INTENT_EMERGENCY || li == NLU_INTENT_UNKNOWN ||
	    r->intent == NLU_INTENT_UNKNOWN || p < min_p)
		return;
	if (aw == NLU_AWAIT_CONFIRMATION && r->intent != NLU_INTENT_UNKNOWN)
		return;
	if (aw != NLU_AWAIT_NONE && li == NLU_INTENT_GREETING)
		return;
	r->intent = li;
	r->confidence = p;
	r->rules_sure = 1;
	r->learned = 1;
}
