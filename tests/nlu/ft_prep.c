/*
 * ft_prep — write fastText training lines from labelled corpora:
 *
 *   ft_prep [-v N] corpus.jsonl ... > train.txt
 *
 * One line per case, "__label__INTENT features" (features as made by
 * nlu_learn_text, so training and prediction see the same text), plus N
 * variants per case (default 2) with typing slips: a letter dropped,
 * two letters swapped, or a letter doubled, at positions drawn from a
 * fixed seed so the file is the same on every build.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "nlu.h"
#include "nlu_learn.h"

#define MAX_LINE	(64 * 1024)
#define FEAT_MAX	(NLU_TEXT_MAX * 2)

static unsigned long	 rng = 12345;

/* A small deterministic generator (LCG); returns 0..n-1. */
static size_t
pick(size_t n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return n == 0 ? 0 : (size_t)(rng >> 33) % n;
}

/* One typing slip in s (a folded, ASCII text) at a letter position. */
static void
slip(char *s)
{
	size_t	 n = strlen(s), i, tries;
	char	 c;

	for (tries = 0; tries < 8; tries++) {
		i = pick(n);
		if (i + 1 < n && s[i] >= 'a' && s[i] <= 'z' &&
		    s[i + 1] >= 'a' && s[i + 1] <= 'z')
			break;
	}
	if (tries == 8)
		return;
	switch (pick(3)) {
	case 0:		/* dropped */
		memmove(s + i, s + i + 1, n - i);
		break;
	case 1:		/* swapped */
		c = s[i];
		s[i] = s[i + 1];
		s[i + 1] = c;
		break;
	default:	/* doubled, when there is room */
		if (n + 1 < FEAT_MAX) {
			memmove(s + i + 1, s + i, n - i + 1);
		}
		break;
	}
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Write the lines of one case. Returns 0, or -1 when it is malformed. */
static int
one(const char *line, int variants)
{
	struct json_object *o, *x = NULL, *ctx = NULL;
	enum nlu_awaiting aw = NLU_AWAIT_NONE;
	enum nlu_intent	 in;
	const char	*text, *s;
	char		 feat[FEAT_MAX], var[FEAT_MAX];
	int		 v, rc = -1;

	if ((o = json_tokener_parse(line)) == NULL)
		return -1;
	json_object_object_get_ex(o, "expect", &x);
	json_object_object_get_ex(o, "context", &ctx);
	if ((s = jstr(ctx, "awaiting")) != NULL)
		nlu_awaiting_parse(s, &aw);
	if ((text = jstr(o, "text")) == NULL ||
	    nlu_intent_parse(jstr(x, "intent"), &in) == -1)
		goto out;
	nlu_learn_text(text, strlen(text), aw, feat, sizeof(feat));
	printf("__label__%s %s\n", nlu_intent_name(in), feat);
	for (v = 0; v < variants; v++) {
		memcpy(var, feat, sizeof(var));
		slip(var);
		printf("__label__%s %s\n", nlu_intent_name(in), var);
	}
	rc = 0;
out:
	json_object_put(o);
	return rc;
}

int
main(int argc, char *argv[])
{
	char	*line, *end;
	FILE	*fp;
	long	 v = 2;
	int	 i = 1, n;

	if (argc > 2 && strcmp(argv[1], "-v") == 0) {
		errno = 0;
		v = strtol(argv[2], &end, 10);
		if (errno != 0 || *end != '\0' || v < 0 || v > 20) {
			fprintf(stderr, "ft_prep: bad -v\n");
			return 2;
		}
		i = 3;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: ft_prep [-v N] corpus.jsonl ...\n");
		return 2;
	}
	if ((line = malloc(MAX_LINE)) == NULL)
		return 2;
	for (; i < argc; i++) {
		if ((fp = fopen(argv[i], "r")) == NULL) {
			fprintf(stderr, "ft_prep: %s: %s\n", argv[i],
			    strerror(errno));
			free(line);
			return 2;
		}
		n = 0;
		while (fgets(line, MAX_LINE, fp) != NULL) {
			n++;
			if (line[strspn(line, " \t\r\n")] != '\0' &&
			    one(line, (int)v) == -1)
				fprintf(stderr, "ft_prep: %s:%d: skipped\n",
				    argv[i], n);
		}
		fclose(fp);
	}
	free(line);
	return 0;
}
