/*
 * desk_phone — phone numbers typed by staff, into E.164 (see desk.h).
 * Untrusted input: the cursor never passes the terminating NUL and the
 * output never grows past DESK_PHONE_MAX.
 */
#include <string.h>

#include "desk.h"

/*
 * Calling codes of the countries a clinic may be in (sql/015), and the
 * national prefix a number typed at home starts with: a trunk "0" that
 * E.164 drops, none (the number is dialled as is), or a "0" kept.
 */
enum desk_trunk {
	DESK_TRUNK_0,		/* "0" dropped: 06 12 34 56 78 */
	DESK_TRUNK_NONE,	/* no prefix: 612 34 56 78 */
	DESK_TRUNK_KEPT,	/* "0" part of the number (Italy) */
	DESK_TRUNK_NANP,	/* ten digits, no prefix (CA, US) */
};

static const struct {
	const char	*country;	/* ISO 3166-1 alpha-2 */
	const char	*code;		/* calling code, digits */
	enum desk_trunk	 trunk;
} desk_codes[] = {
	{ "BE", "32", DESK_TRUNK_0 },		/* Belgium */
	{ "CA", "1", DESK_TRUNK_NANP },		/* Canada */
	{ "CH", "41", DESK_TRUNK_0 },		/* Switzerland */
	{ "DE", "49", DESK_TRUNK_0 },		/* Germany */
	{ "ES", "34", DESK_TRUNK_NONE },	/* Spain */
	{ "FR", "33", DESK_TRUNK_0 },		/* France */
	{ "GB", "44", DESK_TRUNK_0 },		/* United Kingdom */
	{ "IE", "353", DESK_TRUNK_0 },		/* Ireland */
	{ "IT", "39", DESK_TRUNK_KEPT },	/* Italy */
	{ "LU", "352", DESK_TRUNK_NONE },	/* Luxembourg */
	{ "NL", "31", DESK_TRUNK_0 },		/* Netherlands */
	{ "PT", "351", DESK_TRUNK_NONE },	/* Portugal */
	{ "US", "1", DESK_TRUNK_NANP },		/* United States */
};

/* The index of country in desk_codes, or -1. */
static int
desk_code(const char *country)
{
	size_t	 i;

	for (i = 0; i < sizeof(desk_codes) / sizeof(desk_codes[0]); i++)
		if (strcmp(desk_codes[i].country, country) == 0)
			return (int)i;
	return -1;
}

/*
 * The national number d (n digits) as it follows the calling code of
 * country k in E.164, or NULL when a number of k cannot be typed so.
 */
static const char *
desk_national(int k, const char *d, int n)
{
	switch (desk_codes[k].trunk) {
	case DESK_TRUNK_0:
		return d[0] == '0' && d[1] != '0' ? d + 1 : NULL;
	case DESK_TRUNK_NONE:
		return d[0] != '0' ? d : NULL;
	case DESK_TRUNK_KEPT:
		return d[0] == '0' ? d : NULL;
	case DESK_TRUNK_NANP:
		return n == 10 && d[0] != '0' && d[0] != '1' ? d : NULL;
	}
	return NULL;
}

/*
 * The digits of in, separators dropped, into d (at most 15 digits and a
 * NUL); *plus tells whether in started with '+'.  Returns the number of
 * digits, or -1 for any other character or too many digits.
 */
static int
desk_digits(const char *in, char d[16], int *plus)
{
	size_t	 n = 0;

	*plus = 0;
	while (*in == ' ')
		in++;
	if (*in == '+') {
		*plus = 1;
		in++;
	}
	for (; *in != '\0'; in++) {
		if (strchr(" .-/()", *in) != NULL)
			continue;
		if (*in < '0' || *in > '9' || n >= 15)
			return -1;
		d[n++] = *in;
	}
	d[n] = '\0';
	return (int)n;
}

int
desk_phone_e164(const char *in, const char *country, char *out,
    size_t outsz)
{
	char		 d[16];
	const char	*code, *rest;
	size_t		 total;
	int		 n, plus, k;

	if (in == NULL || out == NULL || outsz < DESK_PHONE_MAX ||
	    (n = desk_digits(in, d, &plus)) < 0)
		return -1;
	code = "";
	rest = d;
	if (!plus && n > 2 && d[0] == '0' && d[1] == '0')
		rest = d + 2;			/* 00 33 6... */
	else if (!plus) {
		if (country == NULL || n == 0 ||
		    (k = desk_code(country)) < 0 ||
		    (rest = desk_national(k, d, n)) == NULL)
			return -1;
		code = desk_codes[k].code;
	}
	total = strlen(code) + strlen(rest);
	if (total < 7 || total > 15 || (*code == '\0' && *rest == '0'))
		return -1;
	out[0] = '+';
	memcpy(out + 1, code, strlen(code));
	memcpy(out + 1 + strlen(code), rest, strlen(rest) + 1);
	return 0;
}
