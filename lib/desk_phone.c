/*
 * desk_phone — phone numbers typed by staff, into E.164 (see desk.h).
 * Untrusted input: the cursor never passes the terminating NUL and the
 * output never grows past DESK_PHONE_MAX.
 */
#include <string.h>

#include "desk.h"

/* Calling codes of the countries a clinic may be in (sql/015). */
static const struct {
	const char	*country;	/* ISO 3166-1 alpha-2 */
	const char	*code;		/* calling code, digits */
} desk_codes[] = {
	{ "BE", "32" },		/* Belgium */
	{ "CA", "1" },		/* Canada */
	{ "CH", "41" },		/* Switzerland */
	{ "DE", "49" },		/* Germany */
	{ "ES", "34" },		/* Spain */
	{ "FR", "33" },		/* France */
	{ "GB", "44" },		/* United Kingdom */
	{ "IE", "353" },	/* Ireland */
	{ "IT", "39" },		/* Italy: the leading 0 is kept */
	{ "LU", "352" },	/* Luxembourg */
	{ "NL", "31" },		/* Netherlands */
	{ "PT", "351" },	/* Portugal */
	{ "US", "1" },		/* United States */
};

/* The calling code of country, or NULL. */
static const char *
desk_code(const char *country)
{
	size_t	 i;

	for (i = 0; i < sizeof(desk_codes) / sizeof(desk_codes[0]); i++)
		if (strcmp(desk_codes[i].country, country) == 0)
			return desk_codes[i].code;
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
	int		 n, plus;

	if (in == NULL || outsz < DESK_PHONE_MAX ||
	    (n = desk_digits(in, d, &plus)) < 0)
		return -1;
	code = "";
	rest = d;
	if (!plus && n > 2 && d[0] == '0' && d[1] == '0')
		rest = d + 2;			/* 00 33 6... */
	else if (!plus) {
		if (country == NULL || (code = desk_code(country)) == NULL)
			return -1;
		if (strcmp(code, "1") == 0 && n == 10 && d[0] != '0')
			rest = d;		/* (415) 555-0100 */
		else if (strcmp(code, "39") == 0 && d[0] == '0')
			rest = d;		/* Italy keeps its 0 */
		else if (d[0] == '0' && d[1] != '0')
			rest = d + 1;		/* 06 12 34 56 78 */
		else
			return -1;
	}
	total = strlen(code) + strlen(rest);
	if (total < 7 || total > 15 || (*code == '\0' && *rest == '0'))
		return -1;
	out[0] = '+';
	memcpy(out + 1, code, strlen(code));
	memcpy(out + 1 + strlen(code), rest, strlen(rest) + 1);
	return 0;
}
