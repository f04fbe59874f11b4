/*
 * libFuzzer target for the X-Twilio-Signature canonicaliser.
 *
 * Input: a URL line, then one "name=value" line per parameter (a line
 * without "=" is a name with an empty value). Checked properties:
 *  - the canonical string can always be built, starts with the URL;
 *  - the HMAC of the canonical string is what twilio_sig_compute gives;
 *  - twilio_sig_check accepts that signature and refuses a changed one;
 *  - the port variant of the port variant is the URL itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "twilio.h"

#define MAX_PARAMS	64

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Split the input into NUL-terminated lines inside a copy. */
static size_t
split(char *s, size_t n, char **lines, size_t max)
{
	size_t	 i, k = 0;

	lines[k++] = s;
	for (i = 0; i < n && k < max; i++)
		if (s[i] == '\n') {
			s[i] = '\0';
			lines[k++] = s + i + 1;
		}
	return k;
}

static void
check_variant(const char *url)
{
	struct buf	 v, back;

	buf_init(&v, strlen(url) + 8);
	buf_init(&back, strlen(url) + 16);
	if (twilio_sig_url_variant(url, &v) == 1) {
		if (twilio_sig_url_variant(buf_str(&v), &back) != 1 ||
		    strcmp(buf_str(&back), url) != 0)
			abort();
	}
	buf_free(&v);
	buf_free(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct twilio_param	 p[MAX_PARAMS];
	char			*copy, *lines[MAX_PARAMS + 1], *eq;
	char			 sig[TWILIO_SIG_LEN + 1];
	char			 bad[TWILIO_SIG_LEN + 1];
	unsigned char		 d[CRYPTO_SHA1_LEN];
	char			 b64[TWILIO_SIG_LEN + 1];
	struct buf		 canon;
	size_t			 n, i;

	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	n = split(copy, size, lines, MAX_PARAMS + 1);
	for (i = 1; i < n; i++) {
		p[i - 1].name = lines[i];
		if ((eq = strchr(lines[i], '=')) != NULL) {
			*eq = '\0';
			p[i - 1].value = eq + 1;
		} else
			p[i - 1].value = "";
	}
	n--;
	buf_init(&canon, 2 * size + 64);
	if (twilio_sig_canonical(lines[0], p, n, &canon) != TWILIO_OK ||
	    strncmp(buf_str(&canon), lines[0], strlen(lines[0])) != 0)
		abort();
	if (twilio_sig_compute("token", lines[0], p, n, sig) != TWILIO_OK)
		abort();
	crypto_hmac_sha1("token", 5, canon.p, canon.len, d);
	if (crypto_b64_encode(d, sizeof(d), b64, sizeof(b64)) !=
	    TWILIO_SIG_LEN || strcmp(b64, sig) != 0)
		abort();
	if (twilio_sig_check("token", lines[0], p, n, sig) != TWILIO_OK)
		abort();
	memcpy(bad, sig, sizeof(bad));
	bad[3] = bad[3] == 'A' ? 'B' : 'A';
	if (twilio_sig_check("token", lines[0], p, n, bad) !=
	    TWILIO_ERR_SIG_BAD)
		abort();
	check_variant(lines[0]);
	buf_free(&canon);
	free(copy);
	return 0;
}
