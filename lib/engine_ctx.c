/*
 * engine_ctx — the conversation context between turns, as JSON in
 * conversations.context.  Every value read back is bounded and checked:
 * the column is written only by the engine, but a damaged or foreign
 * value must not break a turn (it is dropped).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "engine_int.h"

void
eng_ctx_init(struct eng_ctx *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->state, sizeof(c->state), "idle");
}

/* Copy string member key of o into dst (sz bytes) when it fits. */
static void
get_str(json_object *o, const char *key, char *dst, size_t sz)
{
	json_object	*v;
	const char	*s;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return;
	s = json_object_get_string(v);
	if (strlen(s) < sz)
		memcpy(dst, s, strlen(s) + 1);
}

/* Integer member key of o, or def. */
static int64_t
get_int(json_object *o, const char *key, int64_t def)
{
	json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return def;
	return json_object_get_int64(v);
}

/* The requests waiting their turn ("next": texts that fit), into c. */
static void
parse_next(json_object *o, struct eng_ctx *c)
{
	json_object	*a, *it;
	const char	*s;
	size_t		 i, n;

	if (!json_object_object_get_ex(o, "next", &a) ||
	    !json_object_is_type(a, json_type_array))
		return;
	n = json_object_array_length(a);
	for (i = 0; i < n && c->nnext < ENG_NEXT; i++) {
		it = json_object_array_get_idx(a, i);
		if (!json_object_is_type(it, json_type_string))
			continue;
		s = json_object_get_string(it);
		if (*s != '\0' && strlen(s) < ENG_CLAUSE)
			memcpy(c->next[c->nnext++], s, strlen(s) + 1);
	}
}

int
eng_ctx_parse(const char *json, struct eng_ctx *c)
{
	json_object	*o, *a, *it;
	size_t		 i, n;
	char		 state[24];

	snprintf(state, sizeof(state), "%s", c->state);
	eng_ctx_init(c);
	snprintf(c->state, sizeof(c->state), "%s", state);
	if (json == NULL || *json == '\0')
		return 0;
	if ((o = json_tokener_parse(json)) == NULL)
		return -1;
	if (!json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -1;
	}
	c->t = get_int(o, "t", 0);
	c->fails = (int)get_int(o, "fails", 0);
	if (c->fails < 0 || c->fails > 10)
		c->fails = 0;
	get_str(o, "flow", c->flow, sizeof(c->flow));
	get_str(o, "pid", c->pid, sizeof(c->pid));
	get_str(o, "first", c->first, sizeof(c->first));
	get_str(o, "last", c->last, sizeof(c->last));
	get_str(o, "tr", c->tr, sizeof(c->tr));
	get_str(o, "pr", c->pr, sizeof(c->pr));
	get_str(o, "notpr", c->notpr, sizeof(c->notpr));
	get_str(o, "date", c->date, sizeof(c->date));
	get_str(o, "until", c->until, sizeof(c->until));
	c->wdays = (int)get_int(o, "wdays", 0);
	if (c->wdays < 0 || c->wdays > (ENG_WDAYS_EVERY | 0x7f))
		c->wdays = 0;
	get_str(o, "time", c->time, sizeof(c->time));
	c->around = get_int(o, "around", 0) == 1;
	c->same = get_int(o, "same", 0) == 1;
	get_str(o, "pref", c->pref, sizeof(c->pref));
	c->wlo = (int)get_int(o, "wlo", 0);
	c->whi = (int)get_int(o, "whi", 0);
	if (c->wlo < 0 || c->whi > 24 * 60 || c->wlo >= c->whi)
		c->wlo = c->whi = 0;
	c->wlate = c->whi > 0 && get_int(o, "wlate", 0) == 1;
	get_str(o, "appt", c->appt, sizeof(c->appt));
	/* the day last said open or closed (days since 1970; 1: unknown) */
	c->trq = get_int(o, "trq", 0) == 1;
	c->askstaff = get_int(o, "askstaff", 0) == 1;
	c->other = get_int(o, "other", 0) == 1;
	c->clar = get_int(o, "clar", 0) == 1;
	c->dayq = get_int(o, "dayq", 0);
	if (c->dayq < 0)
		c->dayq = 0;
	c->pick = (int)get_int(o, "pick", 0);
	if (json_object_object_get_ex(o, "done", &it) &&
	    json_object_is_type(it, json_type_object)) {
		get_str(it, "p", c->done.prac, sizeof(c->done.prac));
		c->done.start = get_int(it, "s", 0);
		if (c->done.prac[0] == '\0' || c->done.start < 0)
			c->done.start = 0;
	}
	if (json_object_object_get_ex(o, "ids", &a) &&
	    json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		for (i = 0; i < n && c->nids < ENG_LIST; i++) {
			it = json_object_array_get_idx(a, i);
			if (json_object_is_type(it, json_type_string) &&
			    strlen(json_object_get_string(it)) == 36)
				memcpy(c->ids[c->nids++],
				    json_object_get_string(it), ENG_ID);
		}
	}
	if (json_object_object_get_ex(o, "props", &a) &&
	    json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		for (i = 0; i < n && c->nprops < ENG_PROPS; i++) {
			struct eng_prop *p = &c->props[c->nprops];

			it = json_object_array_get_idx(a, i);
			p->prac[0] = '\0';
			get_str(it, "p", p->prac, sizeof(p->prac));
			p->start = get_int(it, "s", 0);
			if (strlen(p->prac) == 36 && p->start > 0)
				c->nprops++;
		}
	}
	if (c->pick < 0 || c->pick >= c->nprops)
		c->pick = 0;
	parse_next(o, c);
	json_object_put(o);
	return 0;
}

/* Add string member key when s is not empty. */
static void
put_str(json_object *o, const char *key, const char *s)
{
	if (*s != '\0')
		json_object_object_add(o, key, json_object_new_string(s));
}

char *
eng_ctx_json(const struct eng_ctx *c)
{
	json_object	*o, *a, *p;
	char		*out;
	int		 i;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	json_object_object_add(o, "t", json_object_new_int64(c->t));
	if (c->fails > 0)
		json_object_object_add(o, "fails",
		    json_object_new_int(c->fails));
	put_str(o, "flow", c->flow);
	put_str(o, "pid", c->pid);
	put_str(o, "first", c->first);
	put_str(o, "last", c->last);
	put_str(o, "tr", c->tr);
	put_str(o, "pr", c->pr);
	put_str(o, "notpr", c->notpr);
	put_str(o, "date", c->date);
	put_str(o, "until", c->until);
	if (c->wdays != 0)
		json_object_object_add(o, "wdays",
		    json_object_new_int(c->wdays));
	put_str(o, "time", c->time);
	if (c->around)
		json_object_object_add(o, "around", json_object_new_int(1));
	if (c->same)
		json_object_object_add(o, "same", json_object_new_int(1));
	put_str(o, "pref", c->pref);
	if (c->whi > 0) {
		json_object_object_add(o, "wlo", json_object_new_int(c->wlo));
		json_object_object_add(o, "whi", json_object_new_int(c->whi));
		if (c->wlate)
			json_object_object_add(o, "wlate",
			    json_object_new_int(1));
	}
	put_str(o, "appt", c->appt);
	if (c->trq)
		json_object_object_add(o, "trq", json_object_new_int(1));
	if (c->clar)
		json_object_object_add(o, "clar", json_object_new_int(1));
	if (c->askstaff)
		json_object_object_add(o, "askstaff",
		    json_object_new_int(1));
	if (c->other)
		json_object_object_add(o, "other", json_object_new_int(1));
	if (c->dayq)
		json_object_object_add(o, "dayq",
		    json_object_new_int(c->dayq));
	if (c->nids > 0) {
		a = json_object_new_array();
		for (i = 0; i < c->nids; i++)
			json_object_array_add(a,
			    json_object_new_string(c->ids[i]));
		json_object_object_add(o, "ids", a);
	}
	if (c->nprops > 0) {
		a = json_object_new_array();
		for (i = 0; i < c->nprops; i++) {
			p = json_object_new_object();
			json_object_object_add(p, "p",
			    json_object_new_string(c->props[i].prac));
			json_object_object_add(p, "s",
			    json_object_new_int64(c->props[i].start));
			json_object_array_add(a, p);
		}
		json_object_object_add(o, "props", a);
		json_object_object_add(o, "pick",
		    json_object_new_int(c->pick));
	}
	if (c->done.start > 0 && c->done.prac[0] != '\0') {
		p = json_object_new_object();
		json_object_object_add(p, "p",
		    json_object_new_string(c->done.prac));
		json_object_object_add(p, "s",
		    json_object_new_int64(c->done.start));
		json_object_object_add(o, "done", p);
	}
	if (c->nnext > 0) {
		a = json_object_new_array();
		for (i = 0; i < c->nnext && i < ENG_NEXT; i++)
			json_object_array_add(a,
			    json_object_new_string(c->next[i]));
		json_object_object_add(o, "next", a);
	}
	out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return out;
}
