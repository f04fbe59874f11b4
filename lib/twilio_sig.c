/*
 * twilio_sig — X-Twilio-Signature: base64(HMAC-SHA1(auth token,
 * URL + sorted name/value pairs)). The canonical string is produced once,
 * by one walk, whether it feeds a buffer (tests, fuzzing) or the MAC.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto.h"
#include "twilio.h"

static const char *const twilio_errs[TWILIO_ERR__MAX] = {
	"ok",					/* TWILIO_OK */
	"bad argument",				/* TWILIO_ERR_ARG */
	"out of memory",			/* TWILIO_ERR_NOMEM */
	"missing signature",			/* TWILIO_ERR_SIG_MISSING */
	"bad signature",			/* TWILIO_ERR_SIG_BAD */
	"network failure",			/* TWILIO_ERR_NET */
	"unexpected HTTP status",		/* TWILIO_ERR_HTTP */
	"media too large",			/* TWILIO_ERR_TOOBIG */
	"media type not accepted",		/* TWILIO_ERR_MEDIA_TYPE */
};

const char *
twilio_strerror(enum twilio_err e)
{
	if ((unsigned int)e >= TWILIO_ERR__MAX)
		return "unknown error";
	return twilio_errs[e];
}

/* Where the canonical string goes: a buffer or a running MAC. */
struct sink {
	struct buf		*buf;	/* when not NULL */
	struct crypto_hmac_sha1	*mac;	/* otherwise */
	int			 full;	/* buffer refused an append */
};

static void
sink_put(struct sink *s, const char *p)
{
	size_t	 n = strlen(p);

	if (s->buf != NULL) {
		if (buf_add(s->buf, p, n) == -1)
			s->full = 1;
	} else
		crypto_hmac_sha1_update(s->mac, p, n);
}

/* Order of two parameters: by name, then by value, bytewise. */
static int
param_cmp(const void *a, const void *b)
{
	const struct twilio_param *const	*pa = a, *const *pb = b;
	int					 c;

	if ((c = strcmp((*pa)->name, (*pb)->name)) != 0)
		return c;
	return strcmp((*pa)->value, (*pb)->value);
}

/*
 * Feed url and the sorted parameters to s. Returns TWILIO_OK,
 * TWILIO_ERR_ARG or TWILIO_ERR_NOMEM.
 */
static enum twilio_err
sig_walk(const char *url, const struct twilio_param *p, size_t n,
    struct sink *s)
{
	const struct twilio_param	**v = NULL;
	size_t				 i;

	if (url == NULL || (n > 0 && p == NULL) || n > TWILIO_SIG_MAX_PARAMS)
		return TWILIO_ERR_ARG;
	for (i = 0; i < n; i++)
		if (p[i].name == NULL || p[i].value == NULL)
			return TWILIO_ERR_ARG;
	if (n > 0 && (v = calloc(n, sizeof(*v))) == NULL)
		return TWILIO_ERR_NOMEM;
	for (i = 0; i < n; i++)
		v[i] = &p[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), param_cmp);
	sink_put(s, url);
	for (i = 0; i < n; i++) {
		sink_put(s, v[i]->name);
		sink_put(s, v[i]->value);
	}
	free(v);
	return s->full ? TWILIO_ERR_NOMEM : TWILIO_OK;
}

enum twilio_err
twilio_sig_canonical(const char *url, const struct twilio_param *p,
    size_t n, struct buf *out)
{
	struct sink	 s = { .buf = out };

	return sig_walk(url, p, n, &s);
}

enum twilio_err
twilio_sig_compute(const char *token, const char *url,
    const struct twilio_param *p, size_t n, char out[TWILIO_SIG_LEN + 1])
{
	struct crypto_hmac_sha1	 mac;
	struct sink		 s = { .mac = &mac };
	unsigned char		 d[CRYPTO_SHA1_LEN];
	enum twilio_err		 er;

	out[0] = '\0';
	if (token == NULL || *token == '\0')
		return TWILIO_ERR_ARG;
	crypto_hmac_sha1_init(&mac, token, strlen(token));
	if ((er = sig_walk(url, p, n, &s)) != TWILIO_OK) {
		crypto_wipe(&mac, sizeof(mac));
		return er;
	}
	crypto_hmac_sha1_final(&mac, d);
	if (crypto_b64_encode(d, sizeof(d), out, TWILIO_SIG_LEN + 1) !=
	    TWILIO_SIG_LEN)
		return TWILIO_ERR_ARG;
	return TWILIO_OK;
}

/* Where the authority of url ends and its port separator sits. */
struct authority {
	size_t	 end;		/* index of the first byte after it */
	size_t	 colon;		/* index of the port's ':', or 0 */
	int	 https;		/* 1 https, 0 http */
};

/*
 * Split url's authority. Returns 0, or -1 when not an http(s) URL with a
 * host and an optional numeric port.
 */
static int
authority_find(const char *url, struct authority *a)
{
	size_t	 start, host, i;

	if (strncasecmp(url, "https://", 8) == 0) {
		a->https = 1;
		start = 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		a->https = 0;
		start = 7;
	} else
		return -1;
	a->end = start + strcspn(url + start, "/?#");
	host = start;
	for (i = start; i < a->end; i++)	/* skip any user@ */
		if (url[i] == '@')
			host = i + 1;
	if (url[host] == '[') {
		for (i = host; i < a->end && url[i] != ']'; i++)
			continue;
		if (i == a->end)
			return -1;
		host = i;
	}
	a->colon = 0;
	for (i = host; i < a->end; i++) {
		if (url[i] != ':')
			continue;
		if (a->colon != 0)
			return -1;	/* a bare IPv6 address or worse */
		a->colon = i;
	}
	if (host == a->end || a->colon == host)
		return -1;
	for (i = a->colon + 1; a->colon != 0 && i < a->end; i++)
		if (url[i] < '0' || url[i] > '9')
			return -1;	/* not a port */
	return 0;
}

int
twilio_sig_url_variant(const char *url, struct buf *out)
{
	struct authority	 a;
	const char		*dflt;
	size_t			 plen;

	if (authority_find(url, &a) == -1)
		return 0;
	dflt = a.https ? "443" : "80";
	if (a.colon == 0) {
		if (buf_add(out, url, a.end) == -1 ||
		    buf_printf(out, ":%s%s", dflt, url + a.end) == -1)
			return -1;
		return 1;
	}
	plen = a.end - a.colon - 1;
	if (plen != strlen(dflt) || strncmp(url + a.colon + 1, dflt, plen) != 0)
		return 0;
	if (buf_add(out, url, a.colon) == -1 ||
	    buf_adds(out, url + a.end) == -1)
		return -1;
	return 1;
}

/*
 * Is sig (exactly TWILIO_SIG_LEN bytes) the signature for url? Returns
 * 1, 0, or -1 on an error stored in *er.
 */
static int
sig_matches(const char *token, const char *url, const struct twilio_param *p,
    size_t n, const char *sig, enum twilio_err *er)
{
	char	 want[TWILIO_SIG_LEN + 1];
	int	 eq;

	if ((*er = twilio_sig_compute(token, url, p, n, want)) != TWILIO_OK)
		return -1;
	eq = crypto_memeq(want, sig, TWILIO_SIG_LEN);
	crypto_wipe(want, sizeof(want));
	return eq;
}

enum twilio_err
twilio_sig_check(const char *token, const char *url,
    const struct twilio_param *p, size_t n, const char *sig)
{
	struct buf	 alt;
	enum twilio_err	 er;
	int		 m, v;

	if (token == NULL || *token == '\0' || url == NULL)
		return TWILIO_ERR_ARG;
	if (sig == NULL || *sig == '\0')
		return TWILIO_ERR_SIG_MISSING;
	if (strnlen(sig, TWILIO_SIG_LEN + 1) != TWILIO_SIG_LEN)
		return TWILIO_ERR_SIG_BAD;
	if ((m = sig_matches(token, url, p, n, sig, &er)) == -1)
		return er;
	if (m == 1)
		return TWILIO_OK;
	buf_init(&alt, strlen(url) + 8);
	if ((v = twilio_sig_url_variant(url, &alt)) == 1)
		m = sig_matches(token, buf_str(&alt), p, n, sig, &er);
	buf_free(&alt);
	if (v == -1)
		return TWILIO_ERR_NOMEM;
	if (m == -1)
		return er;
	return m == 1 ? TWILIO_OK : TWILIO_ERR_SIG_BAD;
}
