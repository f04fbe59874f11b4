/*
 * nlu_eval — measure the rule-based extractor on a labelled corpus
 * (JSON Lines, format in notes/nlu-spec.md), rules only, no LLM.
 *
 *   nlu_eval [-q] [--min-intent X] [--min-date X] [--min-time X]
 *            [--min-name X] [--min-rules-only X] [--max-invented N]
 *            [--name NAME] [--only KIND [--only-max N]] corpus.jsonl ...
 *
 * --only prints the failing cases of one kind alone (name, date, time,
 * range, intent, treatment or invented), at most N of them (all by default), even
 * with -q: a held-out set can be read one field at a time.
 *
 * Prints per-intent precision and recall, per-entity accuracy, the failing
 * cases (one line each, unless -q), extractor messages per second, and a
 * last line "nlu: cases=N intent=... date=... time=... name=... invented=N
 * rules_only=...". Exits 1 when a floor is not met, 2 on usage or I/O
 * errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "nlu.h"
#include "tz.h"
#ifdef NLU_FT
#include "nlu_ft.h"
#include "nlu_learn.h"

/* --mode: the rules alone, the classifier alone, or both (nlu_learn). */
enum mode { MODE_RULES = 0, MODE_FT, MODE_BOTH };
static struct nlu_ft	*model;
static enum mode	 mode;
#endif

#define MAX_LIST	64
#define MAX_LINE	(64 * 1024)

struct ecase {
	char			*text;
	struct nlu_now		 now;
	char			*pract[MAX_LIST];
	size_t			 npract;
	char			*treat[MAX_LIST];
	size_t			 ntreat;
	struct nlu_context	 ctx;
	enum nlu_intent		 intent;
	int			 has_lang;
	enum nlu_lang		 lang;
	char			 exp[NLU_F__MAX][NLU_VALUE_MAX];
	const char		*file;
	int			 line;
};

struct counts {
	int	 tp[NLU_INTENT__MAX], fp[NLU_INTENT__MAX];
	int	 fn[NLU_INTENT__MAX];
	int	 fok[NLU_F__MAX], ftot[NLU_F__MAX];
	int	 intent_ok, date_ok, date_n, time_ok, time_n;
	int	 name_ok, name_n;
	int	 lang_ok, lang_n, invented, sure, n;
	int	 conf[NLU_INTENT__MAX][NLU_INTENT__MAX]; /* [expected][got] */
	/* the rules were sure and wrong: [expected][got] */
	int	 sure_wrong[NLU_INTENT__MAX][NLU_INTENT__MAX];
};

/* Parse exactly n digits. Returns the value or -1. */
static int
num(const char *s, int n)
{
	int	 v = 0, k;

	for (k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + s[k] - '0';
	}
	return v;
}

/* "2026-11-23T10:15:00" into now. Returns 0 or -1. */
static int
parse_now(const char *s, struct nlu_now *now)
{
	if (s == NULL || strlen(s) < 16 || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T' || s[13] != ':')
		return -1;
	now->y = num(s, 4);
	now->m = num(s + 5, 2);
	now->d = num(s + 8, 2);
	now->hh = num(s + 11, 2);
	now->mm = num(s + 14, 2);
	return nlu_valid_date(now->y, now->m, now->d) && now->hh >= 0 &&
	    now->mm >= 0 ? 0 : -1;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}


/* Copy a JSON array of strings into dst (strdup'd). */
static size_t
jlist(struct json_object *o, const char *key, char **dst)
{
	struct json_object *a, *v;
	size_t	 k, n = 0;

	if (!json_object_object_get_ex(o, key, &a) ||
	    !json_object_is_type(a, json_type_array))
		return 0;
	for (k = 0; k < json_object_array_length(a) && n < MAX_LIST; k++) {
		v = json_object_array_get_idx(a, k);
		if (json_object_is_type(v, json_type_string))
			dst[n++] = strdup(json_object_get_string(v));
	}
	return n;
}

/* Fill c from one corpus line. Returns 0 or -1 (line skipped). */
static int
parse_case(const char *line, struct ecase *c)
{
	struct json_object *o, *x, *ents, *ctx;
	const char	*s;
	int		 f, rc = -1;

	memset(c, 0, sizeof(*c));
	if ((o = json_tokener_parse(line)) == NULL)
		return -1;
	if ((s = jstr(o, "text")) == NULL || parse_now(jstr(o, "now"),
	    &c->now) == -1 || !json_object_object_get_ex(o, "expect", &x))
		goto out;
	c->text = strdup(s);
	c->npract = jlist(o, "practitioners", c->pract);
	c->ntreat = jlist(o, "treatments", c->treat);
	c->ctx.country = tz_country(jstr(o, "tz"));
	if (json_object_object_get_ex(o, "context", &ctx) &&
	    (s = jstr(ctx, "awaiting")) != NULL)
		nlu_awaiting_parse(s, &c->ctx.awaiting);
	if (nlu_intent_parse(jstr(x, "intent"), &c->intent) == -1)
		goto out;
	if ((s = jstr(x, "language")) != NULL) {
		c->has_lang = 1;
		c->lang = strcmp(s, "en") == 0 ? NLU_LANG_EN : NLU_LANG_FR;
	}
	if (json_object_object_get_ex(x, "entities", &ents))
		for (f = 0; f < NLU_F__MAX; f++)
			if ((s = jstr(ents, nlu_field_name(f))) != NULL)
				snprintf(c->exp[f], NLU_VALUE_MAX, "%s", s);
	rc = 0;
out:
	json_object_put(o);
	return rc;
}

static void
free_case(struct ecase *c)
{
	size_t	 k;

	free(c->text);
	for (k = 0; k < c->npract; k++)
		free(c->pract[k]);
	for (k = 0; k < c->ntreat; k++)
		free(c->treat[k]);
}

#ifdef NLU_FT
/* Cases the rules were unsure of, and how many each reader got right. */
static int	 unsure_n, unsure_rules, unsure_ft, unsure_both;
#endif

/* --only: the kind of failure printed, and how many at most. */
enum only { ONLY_NONE = 0, ONLY_NAME, ONLY_DATE, ONLY_TIME, ONLY_RANGE,
    ONLY_INTENT, ONLY_TREATMENT, ONLY_INVENTED };
static const char *const only_names[] = { "", "name", "date", "time",
    "range", "intent", "treatment", "invented" };
static enum only	 only;
static long		 only_max = -1, only_shown;

/* Run the extractor on case c. */
static void
run_case(const struct ecase *c, struct nlu_result *r)
{
	struct nlu_lists l;

	memset(&l, 0, sizeof(l));
	l.practitioners = (const char *const *)c->pract;
	l.npractitioners = c->npract;
	l.treatments = (const char *const *)c->treat;
	l.ntreatments = c->ntreat;
	nlu_extract(c->text, strlen(c->text), &l, &c->ctx, &c->now, r);
#ifdef NLU_FT
	if (mode != MODE_RULES) {
		char		 feat[NLU_TEXT_MAX * 2];
		enum nlu_intent	 li;
		double		 p;
		int		 unsure;

		nlu_learn_text(c->text, strlen(c->text), c->ctx.awaiting,
		    feat, sizeof(feat));
		if (nlu_ft_predict(model, feat, &li, &p) == -1)
			return;
		unsure = !r->rules_sure;
		if (unsure) {
			unsure_n++;
			unsure_rules += r->intent == c->intent;
			unsure_ft += li == c->intent;
		}
		if (mode == MODE_FT) {
			r->intent = li;
			r->rules_sure = 1;
		} else if (li != NLU_INTENT_EMERGENCY ||
		    nlu_learn_emergency_ok(c->text, strlen(c->text)))
			/* as nlu_learn_apply does at run time */
			nlu_learn_combine(r, li, p, c->ctx.awaiting);
		if (unsure)
			unsure_both += r->intent == c->intent;
	}
#endif
}

/* Equal values; names compare without case (ASCII and Latin-1 letters). */
static int
same(enum nlu_field f, const char *a, const char *b)
{
	if (f == NLU_F_FIRST_NAME || f == NLU_F_LAST_NAME)
		return (*a == '\0' && *b == '\0') ||
		    (*a != '\0' && *b != '\0' && nlu_words_present(a,
		    strlen(a), b) && nlu_words_present(b, strlen(b), a));
	return strcmp(a, b) == 0;
}

/* Score one case; print it when it fails (unless quiet). */
static void
score(const struct ecase *c, const struct nlu_result *r,
    struct counts *k, int quiet)
{
	int	 f, bad = 0, inv = 0, nm, hit[ONLY_INVENTED + 1];
	char	 why[1024];
	size_t	 wl = 0;

	why[0] = '\0';
	memset(hit, 0, sizeof(hit));
	k->n++;
	k->sure += r->rules_sure;
	k->conf[c->intent][r->intent]++;
	if (r->intent == c->intent) {
		k->intent_ok++;
		k->tp[c->intent]++;
	} else {
		k->fp[r->intent]++;
		k->fn[c->intent]++;
		k->sure_wrong[c->intent][r->intent] += r->rules_sure;
		bad = hit[ONLY_INTENT] = 1;
		wl += (size_t)snprintf(why + wl, sizeof(why) - wl,
		    " intent %s->%s", nlu_intent_name(c->intent),
		    nlu_intent_name(r->intent));
	}
	if (c->has_lang) {
		k->lang_n++;
		k->lang_ok += c->lang == r->lang;
		if (c->lang != r->lang) {
			bad = 1;
			wl += (size_t)snprintf(why + wl, sizeof(why) - wl,
			    " lang %s->%s", nlu_lang_name(c->lang),
			    nlu_lang_name(r->lang));
		}
	}
	for (f = 0; f < NLU_F__MAX; f++) {
		if (c->exp[f][0] == '\0' && r->val[f][0] == '\0')
			continue;
		k->ftot[f]++;
		if (same(f, c->exp[f], r->val[f])) {
			k->fok[f]++;
			continue;
		}
		bad = 1;
		if (f == NLU_F_DATE_RANGE)
			hit[ONLY_RANGE] = 1;
		if (f == NLU_F_APPOINTMENT_TYPE)
			hit[ONLY_TREATMENT] = 1;
		if ((f == NLU_F_FIRST_NAME || f == NLU_F_LAST_NAME ||
		    f == NLU_F_DATE || f == NLU_F_BIRTH_DATE) &&
		    r->val[f][0] != '\0')
			inv = 1;
		if (wl < sizeof(why))
			wl += (size_t)snprintf(why + wl, sizeof(why) - wl,
			    " %s '%s'->'%s'", nlu_field_name(f), c->exp[f],
			    r->val[f]);
	}
	k->invented += inv;
	hit[ONLY_INVENTED] = inv;
	if (c->exp[NLU_F_DATE][0] || r->val[NLU_F_DATE][0]) {
		k->date_n++;
		f = same(NLU_F_DATE, c->exp[NLU_F_DATE], r->val[NLU_F_DATE]);
		k->date_ok += f;
		hit[ONLY_DATE] = !f;
	}
	if (c->exp[NLU_F_TIME][0] || r->val[NLU_F_TIME][0]) {
		k->time_n++;
		f = same(NLU_F_TIME, c->exp[NLU_F_TIME], r->val[NLU_F_TIME]);
		k->time_ok += f;
		hit[ONLY_TIME] = !f;
	}
	nm = c->exp[NLU_F_FIRST_NAME][0] || c->exp[NLU_F_LAST_NAME][0] ||
	    r->val[NLU_F_FIRST_NAME][0] || r->val[NLU_F_LAST_NAME][0];
	if (nm) {
		k->name_n++;
		f = same(NLU_F_FIRST_NAME,
		    c->exp[NLU_F_FIRST_NAME], r->val[NLU_F_FIRST_NAME]) &&
		    same(NLU_F_LAST_NAME, c->exp[NLU_F_LAST_NAME],
		    r->val[NLU_F_LAST_NAME]);
		k->name_ok += f;
		hit[ONLY_NAME] = !f;
	}
	if (only != ONLY_NONE) {
		if (hit[only] && (only_max < 0 || only_shown < only_max)) {
			only_shown++;
			printf("FAIL %s:%d:%s | %s\n", c->file, c->line, why,
			    c->text);
		}
	} else if (bad && !quiet)
		printf("FAIL %s:%d:%s | %s\n", c->file, c->line, why,
		    c->text);
}

static double
ratio(int a, int b)
{
	return b == 0 ? 1.0 : (double)a / b;
}

/* Short column label of an intent (in the order of enum nlu_intent). */
static void
label(int i, char out[6])
{
	static const char *const short_names[] = { "unkn", "book", "move",
	    "cancl", "appts", "info", "greet", "yes", "no", "pract",
	    "EMERG" };

	if ((size_t)i < sizeof(short_names) / sizeof(short_names[0]))
		snprintf(out, 6, "%s", short_names[i]);
	else
		snprintf(out, 6, "%.5s", nlu_intent_name(i));
}

/*
 * The confusion table (rows: expected intent, columns: intent found) and
 * the emergency flag's recall and precision: a missed emergency is the
 * worst mistake, a false one sends a patient to the emergency numbers.
 */
static void
confusion(const struct counts *k)
{
	char	 l[6];
	int	 i, j, e = NLU_INTENT_EMERGENCY, tp, fn = 0, fp = 0;

	printf("confusion (row: expected, column: found)\n%-6s", "");
	for (j = 0; j < NLU_INTENT__MAX; j++) {
		label(j, l);
		printf(" %5s", l);
	}
	printf("\n");
	for (i = 0; i < NLU_INTENT__MAX; i++) {
		label(i, l);
		printf("%-6s", l);
		for (j = 0; j < NLU_INTENT__MAX; j++)
			printf(" %5d", k->conf[i][j]);
		printf("\n");
	}
	tp = k->conf[e][e];
	for (i = 0; i < NLU_INTENT__MAX; i++)
		if (i != e) {
			fn += k->conf[e][i];
			fp += k->conf[i][e];
		}
	printf("emergency: recall %d/%d = %.3f, precision %d/%d = %.3f\n",
	    tp, tp + fn, ratio(tp, tp + fn), tp, tp + fp, ratio(tp, tp + fp));
}

/*
 * The intents the rules decided alone and wrongly (expected -> found,
 * count), which the classifier never sees: one line each.
 */
static void
sure_wrong(const struct counts *k)
{
	int	 i, j, n = 0;

	for (i = 0; i < NLU_INTENT__MAX; i++)
		for (j = 0; j < NLU_INTENT__MAX; j++)
			n += k->sure_wrong[i][j];
	printf("sure and wrong: %d\n", n);
	for (i = 0; i < NLU_INTENT__MAX; i++)
		for (j = 0; j < NLU_INTENT__MAX; j++)
			if (k->sure_wrong[i][j] > 0)
				printf("  %s -> %s: %d\n", nlu_intent_name(i),
				    nlu_intent_name(j), k->sure_wrong[i][j]);
}

static void
report(const struct counts *k)
{
	int	 i, f;

	printf("%-20s %9s %9s %6s\n", "intent", "precision", "recall",
	    "n");
	for (i = 0; i < NLU_INTENT__MAX; i++) {
		if (k->tp[i] + k->fn[i] + k->fp[i] == 0)
			continue;
		printf("%-20s %9.3f %9.3f %6d\n", nlu_intent_name(i),
		    ratio(k->tp[i], k->tp[i] + k->fp[i]),
		    ratio(k->tp[i], k->tp[i] + k->fn[i]), k->tp[i] + k->fn[i]);
	}
	printf("%-20s %9s %6s\n", "entity", "accuracy", "n");
	for (f = 0; f < NLU_F__MAX; f++)
		if (k->ftot[f] > 0)
			printf("%-20s %9.3f %6d\n", nlu_field_name(f),
			    ratio(k->fok[f], k->ftot[f]), k->ftot[f]);
	if (k->lang_n > 0)
		printf("%-20s %9.3f %6d\n", "language",
		    ratio(k->lang_ok, k->lang_n), k->lang_n);
	printf("decided by rules alone: %.3f\n", ratio(k->sure, k->n));
	confusion(k);
	sure_wrong(k);
}

/* Messages per second over the whole corpus, repeated for >= 0.3 s. */
static double
bench(const struct ecase *cs, size_t n)
{
	struct timespec	 a, b;
	struct nlu_result r;
	size_t		 k, done = 0;
	double		 el = 0;

	if (n == 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	while (el < 0.3) {
		for (k = 0; k < n; k++)
			run_case(&cs[k], &r);
		done += n;
		clock_gettime(CLOCK_MONOTONIC, &b);
		el = (double)(b.tv_sec - a.tv_sec) +
		    (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	}
	return (double)done / el;
}

static int
parse_floor(const char *s, double *out)
{
	char	*end;

	errno = 0;
	*out = strtod(s, &end);
	return errno != 0 || end == s || *end != '\0' ? -1 : 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: nlu_eval [-q] [--name NAME] [--min-intent X] [--min-date X]"
	    " [--min-time X] [--min-name X] [--min-rules-only X]"
	    " [--max-invented N] [--only name|date|time|range|intent|invented"
	    " [--only-max N]] corpus.jsonl ...\n");
	return 2;
}

/*
 * Append the cases of the file at path to *cs (n used, cap allocated);
 * line is a MAX_LINE buffer. Returns 0, or -1 on an I/O or memory error.
 */
static int
load(const char *path, char *line, struct ecase **cs, size_t *n,
    size_t *cap)
{
	FILE	*fp;
	int	 lineno = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "nlu_eval: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, MAX_LINE, fp) != NULL) {
		lineno++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			if ((*cs = reallocarray(*cs, *cap, sizeof(**cs))) ==
			    NULL) {
				fclose(fp);
				return -1;
			}
		}
		if (parse_case(line, &(*cs)[*n]) == -1) {
			fprintf(stderr, "nlu_eval: %s:%d: bad case, skipped\n",
			    path, lineno);
			free_case(&(*cs)[*n]);
			continue;
		}
		(*cs)[*n].file = path;
		(*cs)[(*n)++].line = lineno;
	}
	fclose(fp);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const char *const opts[] = { "--min-intent", "--min-date",
	    "--min-time", "--min-name", "--min-rules-only", "--max-invented" };
	double		 floor[6] = { -1, -1, -1, -1, -1, -1 }, got[6];
	const char	*name = "corpus", *paths[512];
	size_t		 npaths = 0, p;
	struct ecase	*cs = NULL;
	struct counts	 k;
	struct nlu_result r;
	size_t		 n = 0, cap = 0, o;
	char		*line;
	int		 i, quiet = 0, fail = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0) {
			quiet = 1;
			continue;
		}
#ifdef NLU_FT
		if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
			if ((model = nlu_ft_open(argv[++i])) == NULL) {
				fprintf(stderr, "nlu_eval: %s: not a model\n",
				    argv[i]);
				return 2;
			}
			continue;
		}
		if ((strcmp(argv[i], "--min-p") == 0 ||
		    strcmp(argv[i], "--emergency-p") == 0) && i + 1 < argc) {
			static double	 mp = NLU_LEARN_MIN_P,
					 ep = NLU_LEARN_EMERGENCY_P;

			if (parse_floor(argv[i + 1], strcmp(argv[i],
			    "--min-p") == 0 ? &mp : &ep) == -1)
				return usage();
			i++;
			nlu_learn_thresholds(mp, ep);
			continue;
		}
		if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
			i++;
			if (strcmp(argv[i], "rules") == 0)
				mode = MODE_RULES;
			else if (strcmp(argv[i], "ft") == 0)
				mode = MODE_FT;
			else if (strcmp(argv[i], "both") == 0)
				mode = MODE_BOTH;
			else
				return usage();
			continue;
		}
#endif
		if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
			i++;
			for (o = ONLY_NAME; o <= ONLY_INVENTED; o++)
				if (strcmp(argv[i], only_names[o]) == 0)
					break;
			if (o > ONLY_INVENTED)
				return usage();
			only = (enum only)o;
			continue;
		}
		if (strcmp(argv[i], "--only-max") == 0 && i + 1 < argc) {
			char	*end;

			errno = 0;
			only_max = strtol(argv[++i], &end, 10);
			if (errno != 0 || end == argv[i] || *end != '\0' ||
			    only_max < 0)
				return usage();
			continue;
		}
		if (strcmp(argv[i], "--name") == 0) {
			if (i + 1 >= argc)
				return usage();
			name = argv[++i];
			continue;
		}
		for (o = 0; o < 6; o++)
			if (strcmp(argv[i], opts[o]) == 0)
				break;
		if (o < 6) {
			if (i + 1 >= argc ||
			    parse_floor(argv[++i], &floor[o]) == -1)
				return usage();
		} else if (argv[i][0] == '-')
			return usage();
		else if (npaths < sizeof(paths) / sizeof(paths[0]))
			paths[npaths++] = argv[i];
		else
			return usage();
	}
	if (npaths == 0)
		return usage();
#ifdef NLU_FT
	if (mode != MODE_RULES && model == NULL) {
		fprintf(stderr, "nlu_eval: --mode ft|both needs --model\n");
		return 2;
	}
#endif
	if ((line = malloc(MAX_LINE)) == NULL)
		return 2;
	for (p = 0; p < npaths; p++)
		if (load(paths[p], line, &cs, &n, &cap) == -1)
			return 2;
	free(line);
	memset(&k, 0, sizeof(k));
	for (o = 0; o < n; o++) {
		run_case(&cs[o], &r);
		score(&cs[o], &r, &k, quiet);
	}
	report(&k);
#ifdef NLU_FT
	if (mode != MODE_RULES)
		printf("unsure: %d cases the rules were unsure of, intent "
		    "right by the rules %d, by the classifier %d, by both %d\n",
		    unsure_n, unsure_rules, unsure_ft, unsure_both);
#endif
	printf("bench: %.0f messages/s\n", bench(cs, n));
	got[0] = ratio(k.intent_ok, k.n);
	got[1] = ratio(k.date_ok, k.date_n);
	got[2] = ratio(k.time_ok, k.time_n);
	got[3] = ratio(k.name_ok, k.name_n);
	got[4] = ratio(k.sure, k.n);
	got[5] = k.invented;
	printf("nlu: corpus=%s cases=%d intent=%.3f date=%.3f time=%.3f name=%.2f "
	    "invented=%d rules_only=%.2f\n", name, k.n, got[0], got[1], got[2],
	    got[3], k.invented, got[4]);
	for (o = 0; o < 5; o++)
		if (floor[o] >= 0 && got[o] < floor[o]) {
			fprintf(stderr, "nlu_eval: %s %.3f < %.3f\n",
			    opts[o] + 6, got[o], floor[o]);
			fail = 1;
		}
	if (floor[5] >= 0 && got[5] > floor[5]) {
		fprintf(stderr, "nlu_eval: invented %d > %.0f\n", k.invented,
		    floor[5]);
		fail = 1;
	}
	for (o = 0; o < n; o++)
		free_case(&cs[o]);
	free(cs);
	return fail;
}
