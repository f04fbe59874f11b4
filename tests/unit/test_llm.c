/*
 * The LLM client: endpoint, request body, the answer validator (field by
 * field), and calls to tests/fakes/fake_ollama.py over loopback.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "httpc.h"
#include "llm.h"

static const char *const practs[] = { "Dr Marie Leal", "Dr Paul Martin" };
static const char *const treats[] = { "Détartrage", "Consultation" };
static const struct nlu_lists lists = { practs, 2, treats, 2, NULL, 0 };
static const struct nlu_now monday = { 2026, 11, 23, 10, 15 };

static pid_t	 fake_pid = -1;
static char	 fake_base[64];

/* An Ollama /api/chat body whose message.content is content. */
static char *
chat_body(const char *content)
{
	struct json_object *o = json_object_new_object(), *m;
	char	*s;

	m = json_object_new_object();
	json_object_object_add(m, "role", json_object_new_string("assistant"));
	json_object_object_add(m, "content", json_object_new_string(content));
	json_object_object_add(o, "model", json_object_new_string("x"));
	json_object_object_add(o, "message", m);
	json_object_object_add(o, "done", json_object_new_boolean(1));
	s = strdup(json_object_to_json_string(o));
	json_object_put(o);
	return s;
}

/* Validate content as the answer about text. */
static enum llm_err
answer(const char *content, const char *text, const char *known,
    struct nlu_result *r)
{
	struct nlu_context ctx;
	char	*b = chat_body(content);
	enum llm_err er;

	memset(&ctx, 0, sizeof(ctx));
	ctx.known = known;
	er = llm_parse_answer(b, strlen(b), text, strlen(text), &lists, &ctx,
	    &monday, r);
	free(b);
	return er;
}

static void
url_derivation(void **state)
{
	char	 u[128];

	(void)state;
	assert_int_equal(llm_chat_url("http://localhost:11434/api/generate",
	    u, sizeof(u)), 0);
	assert_string_equal(u, "http://localhost:11434/api/chat");
	assert_int_equal(llm_chat_url("http://ollama:11434", u, sizeof(u)), 0);
	assert_string_equal(u, "http://ollama:11434/api/chat");
	assert_int_equal(llm_chat_url("http://h:1/", u, sizeof(u)), 0);
	assert_string_equal(u, "http://h:1/api/chat");
	assert_int_equal(llm_chat_url("https://h/api/chat", u, sizeof(u)), 0);
	assert_string_equal(u, "https://h/api/chat");
	assert_int_equal(llm_chat_url(NULL, u, sizeof(u)), 0);
	assert_string_equal(u, "http://localhost:11434/api/chat");
}

static void
url_bad_scheme_or_size(void **state)
{
	char	 u[16];

	(void)state;
	assert_int_equal(llm_chat_url("ftp://h/api", u, sizeof(u)), -1);
	assert_int_equal(llm_chat_url("http://a-very-long-host:11434", u,
	    sizeof(u)), -1);
}

static void
request_body_shape(void **state)
{
	struct json_object *o, *v, *f, *p, *m;
	struct llm_config cfg = { NULL, NULL, 0 };
	char	*b;

	(void)state;
	b = llm_request_body(&cfg, "rdv \"demain\"", 12, &lists, NULL,
	    &monday);
	assert_non_null(b);
	assert_non_null(o = json_tokener_parse(b));
	assert_true(json_object_object_get_ex(o, "model", &v));
	assert_string_equal(json_object_get_string(v), "aida-medical-v1");
	assert_true(json_object_object_get_ex(o, "stream", &v));
	assert_false(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(o, "format", &f));
	assert_true(json_object_is_type(f, json_type_object));
	assert_true(json_object_object_get_ex(f, "properties", &p));
	assert_true(json_object_object_get_ex(p, "intent", &v));
	assert_true(json_object_object_get_ex(o, "options", &v));
	assert_true(json_object_object_get_ex(v, "temperature", &v));
	assert_int_equal(json_object_get_int(v), 0);
	assert_true(json_object_object_get_ex(o, "messages", &m));
	assert_int_equal(json_object_array_length(m), 2);
	v = json_object_array_get_idx(m, 1);
	assert_true(json_object_object_get_ex(v, "content", &v));
	assert_non_null(strstr(json_object_get_string(v), "rdv \"demain\""));
	assert_non_null(strstr(json_object_get_string(v),
	    "2026-11-23 (Monday"));
	assert_non_null(strstr(json_object_get_string(v), "Dr Marie Leal"));
	json_object_put(o);
	free(b);
}

static void
answer_good(void **state)
{
	struct nlu_result r;

	(void)state;
	assert_int_equal(answer("{\"detected_language\":\"fr\","
	    "\"intent\":\"BOOK_APPOINTMENT\",\"confidence\":0.8,"
	    "\"entities\":{\"first_name\":\"Marie\",\"date\":\"2026-11-24\","
	    "\"time\":\"14:00\",\"practitioner\":\"docteur leal\","
	    "\"appointment_type\":\"detartrage\",\"last_name\":null}}",
	    "moi c'est marie, un détartrage mardi prochain à 14h chez leal",
	    NULL, &r), LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
	assert_int_equal(r.intent_src, NLU_SRC_LLM);
	assert_true(r.confidence > 0.79 && r.confidence < 0.81);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Marie");
	assert_int_equal(r.src[NLU_F_FIRST_NAME], NLU_SRC_LLM);
	/* "mardi prochain" said on Monday 23 November: the coming Tuesday */
	assert_string_equal(r.val[NLU_F_DATE], "2026-11-24");
	assert_string_equal(r.val[NLU_F_TIME], "14:00");
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Marie Leal");
	assert_string_equal(r.val[NLU_F_APPOINTMENT_TYPE], "Détartrage");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "");
}

static void
answer_fenced_and_generate_style(void **state)
{
	struct nlu_result r;
	const char *g = "{\"response\":\"{\\\"intent\\\":\\\"GREETING\\\","
	    "\\\"confidence\\\":1}\",\"done\":true}";

	(void)state;
	assert_int_equal(answer("```json\n{\"intent\":\"NEGATIVE\","
	    "\"confidence\":0.9,\"detected_language\":\"en\"}\n```", "nah",
	    NULL, &r), LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_NEGATIVE);
	assert_int_equal(r.lang, NLU_LANG_EN);
	assert_int_equal(llm_parse_answer(g, strlen(g), "hi", 2, &lists, NULL,
	    &monday, &r), LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_GREETING);
}

static void
answer_bad_broken_json(void **state)
{
	struct nlu_result r;
	const char *b = "{\"message\": {\"content\": ";

	(void)state;
	assert_int_equal(answer("{\"intent\": \"BOOK_APPOINTMENT\",", "x",
	    NULL, &r), LLM_ERR_JSON);
	assert_int_equal(r.intent_src, NLU_SRC_NONE);
	assert_int_equal(answer("[1,2]", "x", NULL, &r), LLM_ERR_JSON);
	assert_int_equal(answer("{} trailing", "x", NULL, &r), LLM_ERR_JSON);
	assert_int_equal(llm_parse_answer(b, strlen(b), "x", 1, &lists, NULL,
	    &monday, &r), LLM_ERR_JSON);
	assert_int_equal(llm_parse_answer("{\"done\":true}", 13, "x", 1,
	    &lists, NULL, &monday, &r), LLM_ERR_SCHEMA);
}

static void
answer_bad_enums_dropped(void **state)
{
	struct nlu_result r;

	(void)state;
	assert_int_equal(answer("{\"intent\":\"BOOK\",\"confidence\":0.9,"
	    "\"detected_language\":\"de\",\"entities\":{\"time_preference\":"
	    "\"NIGHT\",\"practitioner\":\"Dr House\"}}", "rdv", NULL, &r),
	    LLM_OK);
	assert_int_equal(r.intent_src, NLU_SRC_NONE);
	assert_int_equal(r.lang_src, NLU_SRC_NONE);
	assert_string_equal(r.val[NLU_F_TIME_PREFERENCE], "");
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "");
}

static void
answer_bad_confidence_and_types(void **state)
{
	struct nlu_result r;

	(void)state;
	assert_int_equal(answer("{\"intent\":\"BOOK_APPOINTMENT\","
	    "\"confidence\":1.7}", "rdv", NULL, &r), LLM_OK);
	assert_int_equal(r.intent_src, NLU_SRC_NONE);
	assert_int_equal(answer("{\"intent\":\"BOOK_APPOINTMENT\","
	    "\"confidence\":\"high\"}", "rdv", NULL, &r), LLM_OK);
	assert_int_equal(r.intent_src, NLU_SRC_NONE);
	assert_int_equal(answer("{\"intent\":7,\"confidence\":0.5,"
	    "\"entities\":{\"first_name\":42,\"time\":[\"14:00\"],"
	    "\"date\":\"demain\"}}", "Marie demain 14h", NULL, &r), LLM_OK);
	assert_int_equal(r.intent_src, NLU_SRC_NONE);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	assert_string_equal(r.val[NLU_F_TIME], "");
	assert_string_equal(r.val[NLU_F_DATE], "");
	assert_int_equal(answer("{\"intent\":\"GREETING\",\"confidence\":0,"
	    "\"entities\":[]}", "yo", NULL, &r), LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_GREETING);
}

static void
answer_bad_invented_name_and_date_dropped(void **state)
{
	struct nlu_result r;

	(void)state;
	assert_int_equal(answer("{\"intent\":\"BOOK_APPOINTMENT\","
	    "\"confidence\":0.9,\"entities\":{\"first_name\":\"Jean\","
	    "\"last_name\":\"Dupont\",\"date\":\"2026-12-01\","
	    "\"time\":\"10:00\",\"birth_date\":\"1980-02-30\"}}",
	    "un rdv mardi prochain svp", "Dupont", &r), LLM_OK);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	/* known from the conversation, but not written in this message */
	assert_string_equal(r.val[NLU_F_LAST_NAME], "");
	assert_string_equal(r.val[NLU_F_DATE], "");
	assert_string_equal(r.val[NLU_F_TIME], "");
	assert_string_equal(r.val[NLU_F_BIRTH_DATE], "");
	assert_int_equal(answer("{\"intent\":\"INFORMATION\","
	    "\"confidence\":0.9,\"entities\":{\"date\":\"2026-11-24\","
	    "\"email\":\"x@y.fr\",\"phone\":\"+33612345678\"}}",
	    "mardi prochain, 06 12 34 56 78", NULL, &r), LLM_OK);
	assert_string_equal(r.val[NLU_F_DATE], "2026-11-24");
	assert_string_equal(r.val[NLU_F_PHONE], "+33612345678");
	assert_string_equal(r.val[NLU_F_EMAIL], "");
}

/* An unsure rules result of intent i, French, for the merge tests. */
static void
rules_unsure(struct nlu_result *r, enum nlu_intent i, double conf)
{
	nlu_result_init(r);
	r->intent = i;
	r->intent_src = NLU_SRC_RULES;
	r->confidence = conf;
	r->lang = NLU_LANG_FR;
	r->lang_src = NLU_SRC_RULES;
}

/* A validated LLM answer of intent i, in English, very confident. */
static void
llm_says(struct nlu_result *l, enum nlu_intent i)
{
	nlu_result_init(l);
	l->intent = i;
	l->intent_src = NLU_SRC_LLM;
	l->confidence = 0.99;
	l->lang = NLU_LANG_EN;
	l->lang_src = NLU_SRC_LLM;
}

static void
answer_bad_name_not_in_this_message(void **state)
{
	struct nlu_result r;

	(void)state;
	/* A parent known as Marie Dupont books for her son Lucas. */
	assert_int_equal(answer("{\"intent\":\"INFORMATION\","
	    "\"confidence\":0.9,\"entities\":{\"first_name\":\"Lucas\","
	    "\"last_name\":\"Dupont\"}}", "c'est pour mon fils Lucas",
	    "Marie Dupont", &r), LLM_OK);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "Lucas");
	assert_string_equal(r.val[NLU_F_LAST_NAME], "");
}

static void
answer_bad_name_in_broken_utf8(void **state)
{
	struct nlu_result r;

	(void)state;
	/* The message says "John Smith"; the answer's first name carries a
	 * byte that is no UTF-8 ("\xfbJohn"): dropped, the valid one kept. */
	assert_int_equal(answer("{\"intent\":\"BOOK_APPOINTMENT\","
	    "\"confidence\":0.7,\"entities\":{\"first_name\":\"\xfbJohn\","
	    "\"last_name\":\"Smith\"}}", "Hi, I am John Smith", NULL, &r),
	    LLM_OK);
	assert_string_equal(r.val[NLU_F_FIRST_NAME], "");
	assert_int_equal(r.src[NLU_F_FIRST_NAME], NLU_SRC_NONE);
	assert_string_equal(r.val[NLU_F_LAST_NAME], "Smith");
}

static void
merge_bad_llm_never_confirms_cancels_or_switches_language(void **state)
{
	static const enum nlu_intent acts[] = { NLU_INTENT_AFFIRMATIVE,
	    NLU_INTENT_NEGATIVE, NLU_INTENT_CANCEL_APPOINTMENT };
	struct nlu_result r, l;
	size_t	 k;

	(void)state;
	for (k = 0; k < sizeof(acts) / sizeof(acts[0]); k++) {
		rules_unsure(&r, NLU_INTENT_UNKNOWN, 0.3);
		llm_says(&l, acts[k]);
		nlu_merge(&r, &l);
		assert_int_equal(r.intent, NLU_INTENT_UNKNOWN);
		assert_int_equal(r.intent_src, NLU_SRC_RULES);
		assert_int_equal(r.lang, NLU_LANG_FR);
	}
	/* A useful intent is taken, the language still is not. */
	rules_unsure(&r, NLU_INTENT_UNKNOWN, 0.3);
	llm_says(&l, NLU_INTENT_BOOK_APPOINTMENT);
	nlu_merge(&r, &l);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
	assert_int_equal(r.intent_src, NLU_SRC_LLM);
	assert_int_equal(r.lang, NLU_LANG_FR);
	assert_int_equal(r.lang_src, NLU_SRC_RULES);
}

static void
merge_bad_llm_never_replaces_a_rules_yes_no_or_cancel(void **state)
{
	static const enum nlu_intent kept[] = { NLU_INTENT_AFFIRMATIVE,
	    NLU_INTENT_NEGATIVE, NLU_INTENT_CANCEL_APPOINTMENT,
	    NLU_INTENT_EMERGENCY };
	struct nlu_result r, l;
	size_t	 k;

	(void)state;
	for (k = 0; k < sizeof(kept) / sizeof(kept[0]); k++) {
		rules_unsure(&r, kept[k], 0.5);
		llm_says(&l, NLU_INTENT_BOOK_APPOINTMENT);
		nlu_merge(&r, &l);
		assert_int_equal(r.intent, kept[k]);
		assert_int_equal(r.intent_src, NLU_SRC_RULES);
	}
}

static void
merge_bad_llm_intent_blind_to_the_rules_values(void **state)
{
	static const enum nlu_intent blind[] = { NLU_INTENT_GREETING,
	    NLU_INTENT_LIST_APPOINTMENTS, NLU_INTENT_LIST_PRACTITIONERS };
	struct nlu_result r, l;
	size_t	 k;

	(void)state;
	/* "Consultation avec le Dr Bernard mardi à 10h": a booking. */
	for (k = 0; k < sizeof(blind) / sizeof(blind[0]); k++) {
		rules_unsure(&r, NLU_INTENT_INFORMATION, 0.6);
		snprintf(r.val[NLU_F_APPOINTMENT_TYPE], NLU_VALUE_MAX,
		    "Consultation");
		r.src[NLU_F_APPOINTMENT_TYPE] = NLU_SRC_RULES;
		llm_says(&l, blind[k]);
		nlu_merge(&r, &l);
		assert_int_equal(r.intent, NLU_INTENT_INFORMATION);
		assert_int_equal(r.intent_src, NLU_SRC_RULES);
	}
	llm_says(&l, NLU_INTENT_BOOK_APPOINTMENT);
	nlu_merge(&r, &l);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
}

static void
answer_bad_emergency_without_symptom(void **state)
{
	struct nlu_result r;
	const char *e = "{\"intent\":\"EMERGENCY\",\"confidence\":0.99}";

	(void)state;
	assert_int_equal(answer(e, "euh c'est pour ma fille", NULL, &r),
	    LLM_OK);
	assert_int_equal(r.intent_src, NLU_SRC_NONE);
	assert_int_equal(answer(e, "hmm not sure", NULL, &r), LLM_OK);
	assert_int_equal(r.intent_src, NLU_SRC_NONE);
	/* With a symptom in the message, the LLM's flag stands. */
	assert_int_equal(answer(e, "ma joue a gonflé depuis hier soir",
	    NULL, &r), LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_EMERGENCY);
	assert_int_equal(r.intent_src, NLU_SRC_LLM);
	assert_int_equal(answer(e, "my son is bleeding a lot", NULL, &r),
	    LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_EMERGENCY);
}

/* nlu_symptom_present on a NUL-terminated string. */
static int
sym(const char *s)
{
	return nlu_symptom_present(s, strlen(s));
}

static void
symptom_words(void **state)
{
	(void)state;
	assert_true(sym("j'ai très mal"));
	assert_true(sym("Il saigne beaucoup"));
	assert_true(sym("I can't breathe"));
	assert_true(sym("she fainted"));
	assert_false(sym("euh c'est pour ma fille"));
	assert_false(sym("c'est urgent"));
	assert_false(sym("je voudrais acheter du dentifrice"));
	assert_false(sym("hello"));
	assert_false(nlu_symptom_present(NULL, 0));
}

static void
answer_bad_practitioner_or_treatment_not_in_message(void **state)
{
	struct nlu_result r;
	const char *a = "{\"intent\":\"BOOK_APPOINTMENT\",\"confidence\":0.9,"
	    "\"entities\":{\"practitioner\":\"Dr Marie Leal\","
	    "\"appointment_type\":\"Consultation\"}}";

	(void)state;
	assert_int_equal(answer(a, "un rdv mardi prochain svp", NULL, &r),
	    LLM_OK);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "");
	assert_string_equal(r.val[NLU_F_APPOINTMENT_TYPE], "");
	/* The patient's own first name is not the practitioner's. */
	assert_int_equal(answer(a, "Marie Dupont", NULL, &r), LLM_OK);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "");
	/* Named in the message: kept, as the clinic's canonical names. */
	assert_int_equal(answer(a, "avec le dr leal pour une consultation",
	    NULL, &r), LLM_OK);
	assert_string_equal(r.val[NLU_F_PRACTITIONER], "Dr Marie Leal");
	assert_string_equal(r.val[NLU_F_APPOINTMENT_TYPE], "Consultation");
}

static void
answer_bad_time_preference_not_in_message(void **state)
{
	struct nlu_result r;
	const char *a = "{\"intent\":\"BOOK_APPOINTMENT\",\"confidence\":0.9,"
	    "\"entities\":{\"time_preference\":\"MORNING\"}}";

	(void)state;
	assert_int_equal(answer(a, "un rdv mardi prochain", NULL, &r), LLM_OK);
	assert_string_equal(r.val[NLU_F_TIME_PREFERENCE], "");
	assert_int_equal(answer(a, "mardi matin si possible", NULL, &r),
	    LLM_OK);
	assert_string_equal(r.val[NLU_F_TIME_PREFERENCE], "MORNING");
}

/* ---- loopback against fake_ollama.py ---- */

static int
start_fake(void **state)
{
	const char	*dir = getenv("SOPHIE_SRCDIR");
	char		 script[512], out[256], *p;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fds[2];
	struct pollfd	 pfd;

	(void)state;
	out[0] = '\0';
	httpc_init(0);
	snprintf(script, sizeof(script), "%s/tests/fakes/fake_ollama.py",
	    dir != NULL ? dir : ".");
	if (pipe(fds) == -1 || (fake_pid = fork()) == -1)
		return -1;
	if (fake_pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("python3", "python3", script, "--port", "0",
		    (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (len < sizeof(out) - 1 && strstr(out, "ready\n") == NULL) {
		if (poll(&pfd, 1, 10000) <= 0 ||
		    (n = read(fds[0], out + len, sizeof(out) - 1 - len)) <= 0)
			break;
		len += (size_t)n;
		out[len] = '\0';
	}
	close(fds[0]);
	if ((p = strstr(out, "port=")) == NULL)
		return -1;
	snprintf(fake_base, sizeof(fake_base), "http://127.0.0.1:%.5s",
	    p + 5);
	if ((p = strchr(fake_base + 17, '\n')) != NULL)
		*p = '\0';
	return 0;
}

static int
stop_fake(void **state)
{
	(void)state;
	if (fake_pid > 0) {
		kill(fake_pid, SIGTERM);
		waitpid(fake_pid, NULL, 0);
	}
	return 0;
}

/* Tell the fake what to answer. */
static void
set_answer(const char *content, int status, int delay_ms)
{
	struct json_object *o = json_object_new_object();
	struct httpc_req rq;
	struct httpc_resp rs;
	char	 url[128];
	const char *b;

	json_object_object_add(o, "content", json_object_new_string(content));
	json_object_object_add(o, "status", json_object_new_int(status));
	json_object_object_add(o, "delay_ms", json_object_new_int(delay_ms));
	b = json_object_to_json_string(o);
	snprintf(url, sizeof(url), "%s/_answer", fake_base);
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = url;
	rq.body = b;
	rq.bodylen = strlen(b);
	rq.content_type = "application/json";
	assert_int_equal(httpc_do(&rq, &rs), HTTPC_OK);
	assert_int_equal(rs.status, 200);
	httpc_resp_free(&rs);
	json_object_put(o);
}

static void
loopback_extract_and_merge(void **state)
{
	struct llm_config cfg = { NULL, NULL, 3000 };
	struct nlu_result r;
	char	 url[128];
	const char *t = "euh zorg mardi prochain";

	(void)state;
	snprintf(url, sizeof(url), "%s/api/generate", fake_base);
	cfg.api_url = url;
	set_answer("{\"detected_language\":\"fr\",\"intent\":"
	    "\"BOOK_APPOINTMENT\",\"confidence\":0.9,\"entities\":"
	    "{\"date\":\"2026-12-01\",\"time\":\"09:00\"}}", 200, 0);
	assert_int_equal(llm_extract(&cfg, t, strlen(t), &lists, NULL,
	    &monday, &r), LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
	assert_string_equal(r.val[NLU_F_TIME], "");	/* not in the text */
	assert_int_equal(llm_understand(&cfg, t, strlen(t), &lists, NULL,
	    &monday, &r), LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
	assert_int_equal(r.intent_src, NLU_SRC_LLM);
	/* the rules' date ("mardi prochain" on a Monday: the coming
	 * Tuesday), not the LLM's other one */
	assert_string_equal(r.val[NLU_F_DATE], "2026-11-24");
	assert_int_equal(r.src[NLU_F_DATE], NLU_SRC_RULES);
}

static void
loopback_bad_timeout_and_status_keep_rules(void **state)
{
	struct llm_config cfg = { NULL, NULL, 300 };
	struct nlu_result r;
	const char *t = "euh zorg mardi prochain";

	(void)state;
	cfg.api_url = fake_base;
	set_answer("{\"intent\":\"CANCEL_APPOINTMENT\",\"confidence\":1}",
	    200, 1500);
	assert_int_equal(llm_understand(&cfg, t, strlen(t), &lists, NULL,
	    &monday, &r), LLM_ERR_HTTP);
	assert_int_equal(r.intent_src, NLU_SRC_RULES);
	assert_string_equal(r.val[NLU_F_DATE], "2026-11-24");
	set_answer("{}", 500, 0);
	cfg.timeout_ms = 3000;
	assert_int_equal(llm_understand(&cfg, t, strlen(t), &lists, NULL,
	    &monday, &r), LLM_ERR_STATUS);
	assert_int_equal(r.intent_src, NLU_SRC_RULES);
	set_answer("not json at all", 200, 0);
	assert_int_equal(llm_understand(&cfg, t, strlen(t), &lists, NULL,
	    &monday, &r), LLM_ERR_JSON);
	assert_string_equal(r.val[NLU_F_DATE], "2026-11-24");
}

static void
loopback_rules_sure_skip_llm(void **state)
{
	struct llm_config cfg = { "http://127.0.0.1:1", NULL, 300 };
	struct nlu_result r;
	const char *t = "je voudrais un rdv demain";

	(void)state;
	/* nothing listens on port 1: not called when the rules are sure */
	assert_int_equal(llm_understand(&cfg, t, strlen(t), &lists, NULL,
	    &monday, &r), LLM_OK);
	assert_int_equal(r.intent, NLU_INTENT_BOOK_APPOINTMENT);
}

int
main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(url_derivation),
		cmocka_unit_test(url_bad_scheme_or_size),
		cmocka_unit_test(request_body_shape),
		cmocka_unit_test(answer_good),
		cmocka_unit_test(answer_fenced_and_generate_style),
		cmocka_unit_test(answer_bad_broken_json),
		cmocka_unit_test(answer_bad_enums_dropped),
		cmocka_unit_test(answer_bad_confidence_and_types),
		cmocka_unit_test(answer_bad_invented_name_and_date_dropped),
		cmocka_unit_test(answer_bad_name_not_in_this_message),
		cmocka_unit_test(answer_bad_name_in_broken_utf8),
		cmocka_unit_test(
		    merge_bad_llm_never_confirms_cancels_or_switches_language),
		cmocka_unit_test(
		    merge_bad_llm_never_replaces_a_rules_yes_no_or_cancel),
		cmocka_unit_test(
		    merge_bad_llm_intent_blind_to_the_rules_values),
		cmocka_unit_test(answer_bad_emergency_without_symptom),
		cmocka_unit_test(symptom_words),
		cmocka_unit_test(
		    answer_bad_practitioner_or_treatment_not_in_message),
		cmocka_unit_test(answer_bad_time_preference_not_in_message),
	};
	const struct CMUnitTest loop[] = {
		cmocka_unit_test(loopback_extract_and_merge),
		cmocka_unit_test(loopback_bad_timeout_and_status_keep_rules),
		cmocka_unit_test(loopback_rules_sure_skip_llm),
	};
	int	 rc;

	rc = cmocka_run_group_tests_name("llm", pure, NULL, NULL);
	rc += cmocka_run_group_tests_name("llm_loopback", loop, start_fake,
	    stop_fake);
	return rc;
}
