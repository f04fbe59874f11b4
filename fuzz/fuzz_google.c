/*
 * libFuzzer target for the parsers of Google's answers (google.h): the
 * token endpoint (google_token_parse), freeBusy (google_freebusy_parse),
 * events.list (google_events_parse), the error classifier
 * (google_status_err) and RFC 3339 times (config_parse_rfc3339).
 *
 * Input: byte 0 picks the parser (low 2 bits) and the HTTP status (next
 * 3 bits), byte 1 the capacity of the caller's array; the rest is the
 * body, handed over in an exact-size buffer without a NUL after it.
 *
 * Checked properties:
 *  - nothing crashes, reads out of bounds or leaks (ASan, UBSan);
 *  - token: GOOGLE_OK only for status 200, with a non-empty printable
 *    access token and expires_in within 1 s .. 30 days; on any error
 *    no token is left in the output; every field is NUL-terminated;
 *  - freeBusy: never more than max intervals, each non-empty; on error
 *    no interval and *errors set (fail closed);
 *  - events: never more than max items; on GOOGLE_OK a page or sync
 *    token is there; ids and tokens NUL-terminated;
 *  - times: config_parse_rfc3339 agrees with itself on the same string;
 *  - OAuth callback strings: a state without the key's MAC is refused,
 *    a PKCE challenge is always 43 base64url characters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "google.h"
#include "slots.h"

#define MAX_ITEMS	16

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const long	 statuses[] = {
	200, 200, 400, 401, 403, 410, 429, 500
};

/* Is the char array a NUL-terminated string within its size? */
static int
terminated(const char *s, size_t sz)
{
	return memchr(s, '\0', sz) != NULL;
}

static int
all_zero(const char *s, size_t sz)
{
	size_t	 i;

	for (i = 0; i < sz; i++)
		if (s[i] != '\0')
			return 0;
	return 1;
}

static void
fuzz_token(long status, const char *body, size_t len)
{
	struct google_token	*t;
	enum google_err		 er;
	const char		*p;

	if ((t = malloc(sizeof(*t))) == NULL)
		return;
	memset(t, 'x', sizeof(*t));
	er = google_token_parse(status, body, len, t);
	if (er < GOOGLE_OK || er >= GOOGLE_ERR__MAX ||
	    !terminated(t->access_token, sizeof(t->access_token)) ||
	    !terminated(t->refresh_token, sizeof(t->refresh_token)) ||
	    !terminated(t->scope, sizeof(t->scope)) ||
	    !terminated(t->error, sizeof(t->error)))
		abort();
	if (er == GOOGLE_OK) {
		if (status != 200 || t->access_token[0] == '\0' ||
		    t->expires_in < 1 || t->expires_in > 86400 * 30)
			abort();
		for (p = t->access_token; *p != '\0'; p++)
			if ((unsigned char)*p <= 0x20 ||
			    (unsigned char)*p >= 0x7f)
				abort();
	} else if (!all_zero(t->access_token, sizeof(t->access_token)) ||
	    !all_zero(t->refresh_token, sizeof(t->refresh_token)))
		abort();
	free(t);
}

static void
fuzz_freebusy(long status, const char *body, size_t len, size_t max,
    const char *cal)
{
	struct slots_interval	*iv;
	size_t			 n = 12345, i;
	int			 errors = 7;
	enum google_err		 er;

	if ((iv = calloc(max > 0 ? max : 1, sizeof(*iv))) == NULL)
		return;
	er = google_freebusy_parse(status, body, len, cal, iv, max, &n,
	    &errors);
	if (n > max || (errors != 0 && errors != 1))
		abort();
	if (er != GOOGLE_OK && (n != 0 || errors != 1))
		abort();
	for (i = 0; i < n; i++)
		if (iv[i].end <= iv[i].start)
			abort();
	free(iv);
}

static void
fuzz_events(long status, const char *body, size_t len, size_t max)
{
	struct google_page	 page;
	size_t			 i;
	enum google_err		 er;

	memset(&page, 'x', sizeof(page));
	page.max = max;
	if ((page.items = calloc(max > 0 ? max : 1,
	    sizeof(*page.items))) == NULL)
		return;
	er = google_events_parse(status, body, len, &page);
	if (page.n > max ||
	    !terminated(page.next_page, sizeof(page.next_page)) ||
	    !terminated(page.next_sync, sizeof(page.next_sync)))
		abort();
	if (er == GOOGLE_OK && page.next_page[0] == '\0' &&
	    page.next_sync[0] == '\0')
		abort();
	for (i = 0; i < page.n; i++)
		if (!terminated(page.items[i].id, sizeof(page.items[i].id)) ||
		    (page.items[i].cancelled != 0 &&
		    page.items[i].cancelled != 1))
			abort();
	free(page.items);
}

/*
 * The OAuth callback's untrusted strings: a state never checks out
 * without the key's MAC (while a fresh one does), and a PKCE challenge
 * is 43 base64url characters whenever one is given.
 */
static void
fuzz_state(const char *s)
{
	static const unsigned char	 key[32] = "fuzz key, not a secret";
	char				 good[GOOGLE_STATE_SIZE];
	char				 ch[GOOGLE_PKCE_SIZE];
	const int64_t			 now = 1772442000;

	google_state_new(key, now, good);
	if (google_state_check(key, good, now) != 0)
		abort();
	if (strcmp(s, good) != 0 && google_state_check(key, s, now) != -1)
		abort();
	memset(ch, 'x', sizeof(ch));
	if (google_pkce_challenge(s, ch) == 0 &&
	    (strnlen(ch, sizeof(ch)) != GOOGLE_PKCE_SIZE - 1 ||
	    strspn(ch, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_") != GOOGLE_PKCE_SIZE - 1))
		abort();
}

static void
fuzz_misc(long status, const char *body, size_t len)
{
	char		*s;
	int64_t		 a = 0, b = 0;
	int		 ra, rb;
	enum google_err	 er;

	er = google_status_err(status, body, len);
	if (er < GOOGLE_OK || er >= GOOGLE_ERR__MAX ||
	    (status == 200 && er != GOOGLE_OK))
		abort();
	if ((s = malloc(len + 1)) == NULL)
		return;
	memcpy(s, body, len);
	s[len] = '\0';
	ra = config_parse_rfc3339(s, &a);
	rb = config_parse_rfc3339(s, &b);
	if (ra != rb || (ra == 0 && a != b) || (ra != 0 && ra != -1))
		abort();
	fuzz_state(s);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*body;
	size_t	 len, max;
	long	 status;
	int	 mode;

	if (size < 2)
		return 0;
	mode = data[0] & 3;
	status = statuses[(data[0] >> 2) & 7];
	max = data[1] % (MAX_ITEMS + 1);
	len = size - 2;
	/* Exact size and no NUL after it: ASan sees any over-read. */
	if ((body = malloc(len > 0 ? len : 1)) == NULL)
		return 0;
	memcpy(body, data + 2, len);
	switch (mode) {
	case 0:
		fuzz_token(status, body, len);
		break;
	case 1:
		fuzz_freebusy(status, body, len, max,
		    (data[0] & 0x80) ? "c_1@group.calendar.google.com" :
		    "primary");
		break;
	case 2:
		fuzz_events(status, body, len, max);
		break;
	default:
		fuzz_misc(status, body, len);
		break;
	}
	free(body);
	return 0;
}
