/*
 * ctl_holidays — `sophiectl holidays --country CC --year Y [--json]`:
 * the public holidays Sophie never offers, as the booking code computes
 * them (lib/holiday.c), one "YYYY-MM-DD name" line each, or a JSON
 * array.  No settings and no database are needed, so a test or an
 * operator reads the very dates the engine uses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ctl.h"
#include "holiday.h"

/* Most holidays of one year in any supported country. */
#define CTL_HOLIDAYS_MAX	32

/* The year in s: 1900..2200, digits only; -1 when not. */
static int
year_of(const char *s)
{
	char	*end;
	long	 y;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	y = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || y < 1900 || y > 2200)
		return -1;
	return (int)y;
}

/* Print the n holidays of h as lines or as a JSON array. */
static void
holidays_print(const struct holiday *h, int n, int json)
{
	struct json_object	*a, *o;
	char			 d[11];
	int			 i;

	a = json ? json_object_new_array() : NULL;
	for (i = 0; i < n; i++) {
		snprintf(d, sizeof(d), "%04d-%02d-%02d", h[i].y, h[i].m,
		    h[i].d);
		if (!json) {
			printf("%s %s%s\n", d, h[i].name, h[i].observed ?
			    " (observed)" : "");
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "date", json_object_new_string(d));
		json_object_object_add(o, "key",
		    json_object_new_string(h[i].key));
		json_object_object_add(o, "name",
		    json_object_new_string(h[i].name));
		json_object_object_add(o, "observed",
		    json_object_new_boolean(h[i].observed));
		json_object_array_add(a, o);
	}
	if (json) {
		puts(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN));
		json_object_put(a);
	}
}

int
ctl_holidays(int argc, char **argv)
{
	struct holiday	 h[CTL_HOLIDAYS_MAX];
	const char	*cc = ctl_opt(argc, argv, "country");
	int		 y = year_of(ctl_opt(argc, argv, "year")), n;

	if (ctl_wants_help(argc, argv)) {
		printf("usage: sophiectl holidays --country CC --year Y "
		    "[--json]\n  the public holidays of country CC (ISO "
		    "3166-1, e.g. FR, GB, US) in year Y,\n  observed days "
		    "included, as the booking code computes them\n");
		return 0;
	}
	if (cc == NULL || !holiday_supported(cc) || y == -1) {
		fprintf(stderr, "sophiectl holidays: --country (a supported "
		    "code) and --year (1900-2200) are required\n");
		return 64;
	}
	n = holiday_list(cc, y, HOLIDAY_EN, h, CTL_HOLIDAYS_MAX);
	if (n < 0 || n > CTL_HOLIDAYS_MAX) {
		fprintf(stderr, "sophiectl holidays: %s %d: no list\n", cc, y);
		return 1;
	}
	holidays_print(h, n, ctl_flag(argc, argv, "json"));
	return 0;
}
