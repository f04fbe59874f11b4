/*
 * google_oauth — the OAuth 2.0 half of google.h: PKCE (RFC 7636), the
 * signed state, the consent URL and the token endpoint.  Token answers are
 * untrusted and parsed into fixed-size fields.
 */
#include <string.h>
#include <strings.h>

#include <json.h>
#include <sodium.h>

#include "config.h"
#include "google.h"
#include "httpc.h"

#define STATE_RAND	24		/* random bytes in a state */
#define STATE_PAYLOAD	(STATE_RAND + 8) /* random || expiry (BE) */
#define B64_32		43		/* base64url of 32 bytes, no pad */
#define TOKEN_ANSWER_MAX (64 * 1024)
#define TOKEN_TIMEOUT_MS 10000L
#define JSON_DEPTH	8

static const char *const google_errs[GOOGLE_ERR__MAX] = {
	"ok",
	"bad argument",
	"out of memory",
	"Google did not answer",
	"Google's answer was not understood",
	"authorization refused (invalid_grant)",
	"access token refused",
	"rate limited",
	"Google server error",
	"not found",
	"already exists",
	"gone",
	"request refused"
};

const char *
google_strerror(enum google_err e)
{
	if ((unsigned int)e >= GOOGLE_ERR__MAX)
		return "unknown error";
	return google_errs[e];
}

int
google_err_transient(enum google_err e)
{
	return e == GOOGLE_ERR_NET || e == GOOGLE_ERR_RATE ||
	    e == GOOGLE_ERR_SERVER || e == GOOGLE_ERR_NOMEM;
}

enum google_err
google_do(const struct config *cfg, const struct httpc_req *rq,
    struct httpc_resp *resp)
{
	enum httpc_err	 he;

	if (httpc_init(cfg->production) == -1) {
		memset(resp, 0, sizeof(*resp));
		return GOOGLE_ERR_NET;
	}
	he = httpc_do(rq, resp);
	if (he == HTTPC_OK)
		return GOOGLE_OK;
	if (he == HTTPC_ERR_ARG || he == HTTPC_ERR_SCHEME)
		return GOOGLE_ERR_ARG;
	if (he == HTTPC_ERR_NOMEM)
		return GOOGLE_ERR_NOMEM;
	/* A body that failed (too big, cut) is no usable answer either. */
	return GOOGLE_ERR_NET;
}

int
google_url_escape(struct buf *out, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			if (buf_addc(out, (char)c) == -1)
				return -1;
		} else if (buf_addc(out, '%') == -1 ||
		    buf_addc(out, hex[c >> 4]) == -1 ||
		    buf_addc(out, hex[c & 15]) == -1)
			return -1;
	}
	return 0;
}

/* base64url without padding of n bytes into out (sodium sizes it). */
static void
b64url(const unsigned char *p, size_t n, char *out, size_t outsz)
{
	sodium_bin2base64(out, outsz, p, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
google_pkce_verifier(char out[GOOGLE_PKCE_SIZE])
{
	unsigned char	 r[32];

	randombytes_buf(r, sizeof(r));
	b64url(r, sizeof(r), out, GOOGLE_PKCE_SIZE);
	sodium_memzero(r, sizeof(r));
}

int
google_pkce_challenge(const char *verifier, char out[GOOGLE_PKCE_SIZE])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	size_t		 i, n;

	n = strnlen(verifier, 129);
	if (n < 43 || n > 128)
		return -1;
	for (i = 0; i < n; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-._~",
		    verifier[i]) == NULL)
			return -1;
	crypto_hash_sha256(h, (const unsigned char *)verifier, n);
	b64url(h, sizeof(h), out, GOOGLE_PKCE_SIZE);
	return 0;
}

/* The state MAC key: BLAKE2b of the secret key under a fixed label. */
static void
state_key(const unsigned char *key, unsigned char out[32])
{
	static const char	 label[] = "sophie oauth state v1";

	crypto_generichash(out, 32, (const unsigned char *)label,
	    sizeof(label) - 1, key, 32);
}

/* MAC of payload into out (32 bytes). */
static void
state_mac(const unsigned char *key, const unsigned char *payload,
    unsigned char out[32])
{
	unsigned char	 k[32];

	state_key(key, k);
	crypto_auth_hmacsha256(out, payload, STATE_PAYLOAD, k);
	sodium_memzero(k, sizeof(k));
}

void
google_state_new(const unsigned char *key, int64_t now,
    char out[GOOGLE_STATE_SIZE])
{
	unsigned char	 payload[STATE_PAYLOAD], mac[32];
	uint64_t	 exp = (uint64_t)(now + GOOGLE_STATE_TTL);
	int		 i;

	randombytes_buf(payload, STATE_RAND);
	for (i = 0; i < 8; i++)
		payload[STATE_RAND + i] = (unsigned char)(exp >> (56 - 8 * i));
	state_mac(key, payload, mac);
	b64url(payload, sizeof(payload), out, B64_32 + 1);
	out[B64_32] = '.';
	b64url(mac, sizeof(mac), out + B64_32 + 1, B64_32 + 1);
}

int
google_state_check(const unsigned char *key, const char *state,
    int64_t now)
{
	unsigned char	 payload[STATE_PAYLOAD], mac[32], want[32];
	size_t		 n;
	uint64_t	 exp = 0;
	int		 i, rc = -1;

	if (state == NULL || strnlen(state, GOOGLE_STATE_SIZE) !=
	    GOOGLE_STATE_SIZE - 1 || state[B64_32] != '.')
		return -1;
	if (sodium_base642bin(payload, sizeof(payload), state, B64_32, NULL,
	    &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != sizeof(payload))
		return -1;
	if (sodium_base642bin(mac, sizeof(mac), state + B64_32 + 1, B64_32,
	    NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != sizeof(mac))
		return -1;
	state_mac(key, payload, want);
	if (sodium_memcmp(mac, want, sizeof(mac)) != 0)
		goto out;
	for (i = 0; i < 8; i++)
		exp = (exp << 8) | payload[STATE_RAND + i];
	if (now >= 0 && (uint64_t)now < exp &&
	    exp <= (uint64_t)now + GOOGLE_STATE_TTL)
		rc = 0;
out:
	sodium_memzero(want, sizeof(want));
	return rc;
}

/* Append "&name=value" (value escaped; no "&" when first). */
static int
add_arg(struct buf *out, int first, const char *name, const char *value)
{
	if ((!first && buf_addc(out, '&') == -1) || buf_adds(out, name) == -1 ||
	    buf_addc(out, '=') == -1 || google_url_escape(out, value) == -1)
		return -1;
	return 0;
}

int
google_auth_url(const struct config *cfg, const char *state,
    const char *challenge, struct buf *out)
{
	if (buf_adds(out, cfg->google_auth_base) == -1 ||
	    buf_adds(out, "/o/oauth2/v2/auth?") == -1 ||
	    add_arg(out, 1, "client_id", cfg->google_client_id) == -1 ||
	    add_arg(out, 0, "redirect_uri", cfg->google_redirect_uri) == -1 ||
	    add_arg(out, 0, "response_type", "code") == -1 ||
	    add_arg(out, 0, "scope", GOOGLE_SCOPE) == -1 ||
	    add_arg(out, 0, "access_type", "offline") == -1 ||
	    add_arg(out, 0, "prompt", "consent") == -1 ||
	    add_arg(out, 0, "include_granted_scopes", "false") == -1 ||
	    add_arg(out, 0, "state", state) == -1 ||
	    add_arg(out, 0, "code_challenge", challenge) == -1 ||
	    add_arg(out, 0, "code_challenge_method", "S256") == -1)
		return -1;
	return 0;
}

/* Parse bounded JSON text into an object, or NULL. Caller puts it. */
static json_object *
parse_object(const char *body, size_t len)
{
	struct json_tokener	*tok;
	json_object		*o;

	if (body == NULL || len == 0 || len > TOKEN_ANSWER_MAX ||
	    (tok = json_tokener_new_ex(JSON_DEPTH)) == NULL)
		return NULL;
	o = json_tokener_parse_ex(tok, body, (int)len);
	if (o != NULL && (json_tokener_get_error(tok) !=
	    json_tokener_success ||
	    !json_object_is_type(o, json_type_object))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

/*
 * Copy the string member key of o into out (outsz).  Returns 1 when
 * copied, 0 when absent, -1 when not a string, empty with NUL inside,
 * or too long.
 */
static int
get_str(json_object *o, const char *key, char *out, size_t outsz)
{
	json_object	*v;
	const char	*s;
	size_t		 n;

	out[0] = '\0';
	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n >= outsz || strlen(s) != n)
		return -1;
	memcpy(out, s, n + 1);
	return 1;
}

/* Is s made of printable ASCII only (token characters)? */
static int
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* The status class of a failed answer. */
static enum google_err
status_class(long status)
{
	if (status == 429)
		return GOOGLE_ERR_RATE;
	if (status >= 500)
		return GOOGLE_ERR_SERVER;
	if (status >= 400)
		return GOOGLE_ERR_CLIENT;
	return GOOGLE_ERR_PARSE;
}

/* Read a success answer's fields into out. */
static enum google_err
token_fields(json_object *o, struct google_token *out)
{
	char		 type[32];
	json_object	*v;
	int64_t		 e;

	if (get_str(o, "access_token", out->access_token,
	    sizeof(out->access_token)) != 1 || out->access_token[0] == '\0' ||
	    !printable(out->access_token) ||
	    get_str(o, "token_type", type, sizeof(type)) != 1 ||
	    strcasecmp(type, "Bearer") != 0 ||
	    get_str(o, "refresh_token", out->refresh_token,
	    sizeof(out->refresh_token)) == -1 ||
	    !printable(out->refresh_token) ||
	    get_str(o, "scope", out->scope, sizeof(out->scope)) == -1)
		return GOOGLE_ERR_PARSE;
	out->expires_in = 3600;
	if (json_object_object_get_ex(o, "expires_in", &v) && v != NULL) {
		if (!json_object_is_type(v, json_type_int))
			return GOOGLE_ERR_PARSE;
		e = json_object_get_int64(v);
		if (e < 1 || e > 86400 * 30)
			return GOOGLE_ERR_PARSE;
		out->expires_in = e;
	}
	return GOOGLE_OK;
}

enum google_err
google_token_parse(long status, const char *body, size_t len,
    struct google_token *out)
{
	json_object	*o;
	enum google_err	 er;

	memset(out, 0, sizeof(*out));
	o = parse_object(body, len);
	if (o != NULL && get_str(o, "error", out->error,
	    sizeof(out->error)) == -1)
		out->error[0] = '\0';
	if (status == 200)
		er = o != NULL ? token_fields(o, out) : GOOGLE_ERR_PARSE;
	else if (strcmp(out->error, "invalid_grant") == 0)
		er = GOOGLE_ERR_INVALID_GRANT;
	else
		er = status_class(status);
	json_object_put(o);
	if (er != GOOGLE_OK) {
		sodium_memzero(out->access_token, sizeof(out->access_token));
		sodium_memzero(out->refresh_token,
		    sizeof(out->refresh_token));
	}
	return er;
}

/* POST form to {oauth_base}/token and parse the answer. */
static enum google_err
token_post(const struct config *cfg, struct buf *form,
    struct google_token *out)
{
	struct httpc_req	 rq;
	struct httpc_resp	 resp;
	struct buf		 url;
	enum google_err		 er;

	memset(out, 0, sizeof(*out));
	buf_init(&url, 2048);
	if (buf_adds(&url, cfg->google_oauth_base) == -1 ||
	    buf_adds(&url, "/token") == -1) {
		buf_free(&url);
		return GOOGLE_ERR_ARG;
	}
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = buf_str(&url);
	rq.body = buf_str(form);
	rq.bodylen = form->len;
	rq.content_type = "application/x-www-form-urlencoded";
	rq.timeout_ms = TOKEN_TIMEOUT_MS;
	rq.max_response = TOKEN_ANSWER_MAX;
	er = google_do(cfg, &rq, &resp);
	if (er == GOOGLE_OK)
		er = google_token_parse(resp.status, buf_str(&resp.body),
		    resp.body.len, out);
	if (resp.body.p != NULL)
		sodium_memzero(resp.body.p, resp.body.len);
	httpc_resp_free(&resp);
	buf_free(&url);
	return er;
}

/* Wipe and free a form that held secrets. */
static void
form_free(struct buf *form)
{
	if (form->p != NULL)
		sodium_memzero(form->p, form->len);
	buf_free(form);
}

enum google_err
google_token_exchange(const struct config *cfg, const char *code,
    const char *verifier, struct google_token *out)
{
	struct buf	 form;
	enum google_err	 er = GOOGLE_ERR_ARG;

	memset(out, 0, sizeof(*out));
	buf_init(&form, 8192);
	if (code == NULL || *code == '\0' || verifier == NULL)
		goto out;
	if (add_arg(&form, 1, "grant_type", "authorization_code") == -1 ||
	    add_arg(&form, 0, "code", code) == -1 ||
	    add_arg(&form, 0, "redirect_uri", cfg->google_redirect_uri) == -1 ||
	    add_arg(&form, 0, "client_id", cfg->google_client_id) == -1 ||
	    add_arg(&form, 0, "client_secret",
	    cfg->google_client_secret) == -1 ||
	    add_arg(&form, 0, "code_verifier", verifier) == -1)
		goto out;
	er = token_post(cfg, &form, out);
out:
	form_free(&form);
	return er;
}

enum google_err
google_token_refresh(const struct config *cfg, const char *refresh_token,
    struct google_token *out)
{
	struct buf	 form;
	enum google_err	 er = GOOGLE_ERR_ARG;

	memset(out, 0, sizeof(*out));
	buf_init(&form, 8192);
	if (refresh_token == NULL || *refresh_token == '\0')
		goto out;
	if (add_arg(&form, 1, "grant_type", "refresh_token") == -1 ||
	    add_arg(&form, 0, "refresh_token", refresh_token) == -1 ||
	    add_arg(&form, 0, "client_id", cfg->google_client_id) == -1 ||
	    add_arg(&form, 0, "client_secret",
	    cfg->google_client_secret) == -1)
		goto out;
	er = token_post(cfg, &form, out);
out:
	form_free(&form);
	return er;
}
