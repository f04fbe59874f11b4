/*
 * bench_tmpl — renders per second of a 50-row patient table page (layout,
 * page, one partial per row, values in text, attributes and URLs). Prints
 * a figure; there is no pass or fail.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "buf.h"
#include "tmpl.h"

#define BENCH_ROWS	50
#define BENCH_SECONDS	2.0

/* The templates: name, source. */
static const char *const bench_tmpls[] = {
	"layout",
	"<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
	"<title>{{ title }}</title></head>\n<body><nav><a href=\"/clinic/"
	"{{ clinic.id | url }}/admin/\">{{ clinic.name }}</a></nav>\n<main>"
	"{{> @body}}</main></body></html>\n",
	"row",
	"<tr class=\"{{#if vip}}vip{{else}}row{{/if}}\"><td>{{ @index }}</td>"
	"<td><a href=\"/clinic/{{ ../clinic.id }}/admin/patients/{{ id }}\" "
	"title=\"{{ last_name }}, {{ first_name }}\">{{ first_name }} "
	"{{ last_name }}</a></td><td>{{ phone }}</td><td>{{ email }}</td>"
	"<td>{{#if site}}<a href=\"{{ site }}\">site</a>{{/if}}</td></tr>\n",
	"page",
	"{{< layout}}<h1>{{ title }}</h1>\n<form action=\"?\" method=\"get\">"
	"<input name=\"q\" value=\"{{ q }}\"></form>\n<table>\n"
	"{{#each patients}}{{> row}}{{else}}<tr><td>-</td></tr>{{/each}}"
	"</table>\n<a href=\"?q={{ q | url }}&amp;page={{ next }}\">&gt;</a>\n",
	NULL
};

/* Data for the page: BENCH_ROWS patients, some with markup in them. */
static struct json_object *
bench_data(void)
{
	struct json_object *d, *arr, *p, *c;
	char		 s[64];
	int		 i;

	d = json_object_new_object();
	c = json_object_new_object();
	json_object_object_add(c, "id", json_object_new_string("c-1"));
	json_object_object_add(c, "name",
	    json_object_new_string("Cabinet d'Orthodontie <Centre>"));
	json_object_object_add(d, "clinic", c);
	json_object_object_add(d, "title", json_object_new_string("Patients"));
	json_object_object_add(d, "q", json_object_new_string("Zoé & co"));
	json_object_object_add(d, "next", json_object_new_int(2));
	arr = json_object_new_array();
	for (i = 0; i < BENCH_ROWS; i++) {
		p = json_object_new_object();
		json_object_object_add(p, "id", json_object_new_int(1000 + i));
		snprintf(s, sizeof(s), "Prénom%d", i);
		json_object_object_add(p, "first_name",
		    json_object_new_string(s));
		snprintf(s, sizeof(s), "O'Nom \"%d\"", i);
		json_object_object_add(p, "last_name",
		    json_object_new_string(s));
		snprintf(s, sizeof(s), "+33 6 12 34 %02d %02d", i, i);
		json_object_object_add(p, "phone", json_object_new_string(s));
		snprintf(s, sizeof(s), "p%d@example.org", i);
		json_object_object_add(p, "email", json_object_new_string(s));
		json_object_object_add(p, "vip",
		    json_object_new_boolean(i % 7 == 0));
		if (i % 3 == 0)
			json_object_object_add(p, "site",
			    json_object_new_string(i % 2 ?
			    "javascript:alert(1)" :
			    "https://x.example/?a=1&b"));
		json_object_array_add(arr, p);
	}
	json_object_object_add(d, "patients", arr);
	return d;
}

/* Seconds on the monotonic clock. */
static double
bench_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(void)
{
	struct tmpl_set	*s;
	struct json_object *d;
	struct buf	 out;
	char		 why[256];
	double		 t0, t1, el;
	unsigned long	 n = 0;
	size_t		 i, bytes = 0;
	enum tmpl_err	 er;

	if ((s = tmpl_set_new()) == NULL)
		errx(1, "out of memory");
	for (i = 0; bench_tmpls[i] != NULL; i += 2)
		if ((er = tmpl_add(s, bench_tmpls[i], bench_tmpls[i + 1],
		    strlen(bench_tmpls[i + 1]), why, sizeof(why))) != TMPL_OK)
			errx(1, "%s: %s", tmpl_strerror(er), why);
	if ((er = tmpl_link(s, why, sizeof(why))) != TMPL_OK)
		errx(1, "%s: %s", tmpl_strerror(er), why);
	d = bench_data();
	buf_init(&out, 1 << 20);
	t0 = bench_now();
	do {
		for (i = 0; i < 100; i++) {
			buf_reset(&out);
			if ((er = tmpl_render(s, "page", d, &out)) != TMPL_OK)
				errx(1, "render: %s", tmpl_strerror(er));
			n++;
		}
		t1 = bench_now();
	} while (t1 - t0 < BENCH_SECONDS);
	el = t1 - t0;
	bytes = out.len;
	printf("tmpl: %d-row table page, %zu bytes: %.0f renders/s "
	    "(%.1f us/render, %.0f MB/s)\n", BENCH_ROWS, bytes, n / el,
	    el / n * 1e6, (double)bytes * n / el / 1e6);
	buf_free(&out);
	json_object_put(d);
	tmpl_set_free(s);
	return 0;
}
