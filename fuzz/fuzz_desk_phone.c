/*
 * libFuzzer target for desk_phone_e164 (lib/desk_phone.c): phone numbers
 * as staff type them.  The first two bytes of the input pick the
 * country (one of the clinic countries, or an unknown one); the rest is
 * the typed text, NUL-terminated.
 *
 * Checked properties:
 *  - nothing crashes or reads out of bounds (ASan, UBSan);
 *  - an accepted number is '+' and 7 to 15 digits, the first not 0;
 *  - an accepted number is accepted again unchanged (idempotent).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "desk.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const countries[] = {
	"FR", "BE", "CH", "LU", "DE", "GB", "IE", "ES", "IT", "NL", "PT",
	"CA", "US", "XX", ""
};

/* Is out a well-formed E.164 number? */
static int
well_formed(const char *out)
{
	size_t	 i, n = strlen(out);

	if (n < 8 || n > 16 || out[0] != '+' || out[1] == '0')
		return 0;
	for (i = 1; i < n; i++)
		if (out[i] < '0' || out[i] > '9')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		 out[DESK_PHONE_MAX], again[DESK_PHONE_MAX];
	char		*in;
	const char	*country;

	if (size < 1)
		return 0;
	country = countries[data[0] % (sizeof(countries) /
	    sizeof(countries[0]))];
	if ((in = malloc(size)) == NULL)
		return 0;
	memcpy(in, data + 1, size - 1);
	in[size - 1] = '\0';
	if (desk_phone_e164(in, country, out, sizeof(out)) == 0) {
		if (!well_formed(out))
			abort();
		if (desk_phone_e164(out, country, again, sizeof(again)) != 0 ||
		    strcmp(out, again) != 0)
			abort();
	}
	free(in);
	return 0;
}
