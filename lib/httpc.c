/*
 * httpc — outbound HTTP over libcurl's easy interface. One easy handle per
 * thread is kept and reset between calls, so connections and DNS answers
 * are reused while no option leaks from one request to the next.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "httpc.h"

#define HTTPC_TIMEOUT_MS	15000L
#define HTTPC_CONNECT_MS	5000L
#define HTTPC_MAX_RESPONSE	(1024 * 1024)
#define HTTPC_MAX_REDIRS	3
#define HTTPC_LOW_SPEED_BPS	64L	/* bytes per second ... */
#define HTTPC_LOW_SPEED_S	10L	/* ... averaged over this long */
#define HTTPC_MAX_HDRVAL	256	/* longest header value kept */
#define HTTPC_MAX_HEADERS	32	/* extra request headers */
#define HTTPC_USER_AGENT	"Sophie/1.0"

static int			 httpc_ready;		/* global init done */
static int			 httpc_production = 1;	/* https only */
static _Thread_local CURL	*httpc_handle;		/* reused per thread */

/* What the callbacks fill during one transfer. */
struct xfer {
	struct httpc_resp	*resp;
	int			 toobig;	/* write callback refused */
	int			 nomem;		/* header copy failed */
};

static const char *const httpc_errs[HTTPC_ERR__MAX] = {
	"ok",					/* HTTPC_OK */
	"bad request description",		/* HTTPC_ERR_ARG */
	"URL scheme not allowed",		/* HTTPC_ERR_SCHEME */
	"could not connect",			/* HTTPC_ERR_CONNECT */
	"timed out",				/* HTTPC_ERR_TIMEOUT */
	"response too large",			/* HTTPC_ERR_TOOBIG */
	"transfer failed",			/* HTTPC_ERR_IO */
	"out of memory",			/* HTTPC_ERR_NOMEM */
	"too many redirects",			/* HTTPC_ERR_REDIRECT */
	"TLS failure",				/* HTTPC_ERR_TLS */
};

const char *
httpc_strerror(enum httpc_err e)
{
	if ((unsigned int)e >= HTTPC_ERR__MAX)
		return "unknown error";
	return httpc_errs[e];
}

int
httpc_init(int production)
{
	if (!httpc_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return -1;
		httpc_ready = 1;
	}
	httpc_production = production != 0;
	return 0;
}

void
httpc_cleanup(void)
{
	if (httpc_handle != NULL) {
		curl_easy_cleanup(httpc_handle);
		httpc_handle = NULL;
	}
}

void
httpc_resp_free(struct httpc_resp *r)
{
	buf_free(&r->body);
	free(r->content_type);
	free(r->retry_after);
	free(r->error);
	r->content_type = r->retry_after = r->error = NULL;
}

/* Returns 1 when s holds a CR, LF or other control byte but tab. */
static int
has_ctl(const char *s)
{
	unsigned char	 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 1;
	}
	return 0;
}

/*
 * Check the URL's scheme against the mode. Returns HTTPC_OK,
 * HTTPC_ERR_SCHEME for a scheme not allowed, HTTPC_ERR_ARG for a URL
 * with control bytes or no scheme.
 */
static enum httpc_err
check_url(const char *url)
{
	if (url == NULL || *url == '\0' || has_ctl(url) ||
	    strchr(url, ' ') != NULL)
		return HTTPC_ERR_ARG;
	if (strncasecmp(url, "https://", 8) == 0)
		return HTTPC_OK;
	if (strncasecmp(url, "http://", 7) == 0)
		return httpc_production ? HTTPC_ERR_SCHEME : HTTPC_OK;
	return strstr(url, "://") != NULL ? HTTPC_ERR_SCHEME : HTTPC_ERR_ARG;
}

/* Returns 1 when the header line names the given field. */
static int
header_is(const char *line, const char *name)
{
	size_t	 n = strlen(name);

	return strncasecmp(line, name, n) == 0 && line[n] == ':';
}

/*
 * Build the request header list: content type, the caller's headers, and
 * an empty Expect to avoid the 100-continue wait. Sets *out (free with
 * curl_slist_free_all). Returns HTTPC_OK, HTTPC_ERR_ARG or NOMEM.
 */
static enum httpc_err
build_headers(const struct httpc_req *rq, struct curl_slist **out)
{
	struct curl_slist	*l = NULL, *nl;
	char			 ct[HTTPC_MAX_HDRVAL + 16];
	size_t			 i;

	*out = NULL;
	if (rq->content_type != NULL) {
		if (has_ctl(rq->content_type) ||
		    strlen(rq->content_type) > HTTPC_MAX_HDRVAL)
			return HTTPC_ERR_ARG;
		snprintf(ct, sizeof(ct), "Content-Type: %s", rq->content_type);
		if ((l = curl_slist_append(l, ct)) == NULL)
			return HTTPC_ERR_NOMEM;
	}
	for (i = 0; rq->headers != NULL && rq->headers[i] != NULL; i++) {
		if (i >= HTTPC_MAX_HEADERS || has_ctl(rq->headers[i]) ||
		    strchr(rq->headers[i], ':') == NULL ||
		    header_is(rq->headers[i], "Authorization") ||
		    header_is(rq->headers[i], "Proxy-Authorization") ||
		    header_is(rq->headers[i], "Cookie"))
			goto bad;
		if ((nl = curl_slist_append(l, rq->headers[i])) == NULL)
			goto nomem;
		l = nl;
	}
	if ((nl = curl_slist_append(l, "Expect:")) == NULL)
		goto nomem;
	*out = nl;
	return HTTPC_OK;
bad:
	curl_slist_free_all(l);
	return HTTPC_ERR_ARG;
nomem:
	curl_slist_free_all(l);
	return HTTPC_ERR_NOMEM;
}

/* Body bytes: appended to the bounded buffer, or the transfer stops. */
static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer	*x = arg;
	size_t		 n = size * nmemb;

	if (buf_add(&x->resp->body, p, n) == -1) {
		x->toobig = 1;
		return 0;
	}
	return n;
}

/*
 * Header lines of every response (redirects included): a status line
 * starts a new response and forgets the previous Retry-After.
 */
static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer	*x = arg;
	size_t		 n = size * nmemb, i, end;
	const size_t	 nl = sizeof("Retry-After:") - 1;

	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(x->resp->retry_after);
		x->resp->retry_after = NULL;
		return n;
	}
	if (n <= nl || strncasecmp(p, "Retry-After:", nl) != 0)
		return n;
	for (i = nl; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		continue;
	for (end = i; end < n && p[end] != '\r' && p[end] != '\n' &&
	    p[end] != '\0'; end++)
		continue;
	while (end > i && (p[end - 1] == ' ' || p[end - 1] == '\t'))
		end--;
	if (end - i > HTTPC_MAX_HDRVAL)
		return n;	/* nonsense: ignored */
	free(x->resp->retry_after);
	if ((x->resp->retry_after = strndup(p + i, end - i)) == NULL)
		x->nomem = 1;
	return n;
}

/* Map libcurl's result to ours. */
static enum httpc_err
map_code(CURLcode c, const struct xfer *x)
{
	switch (c) {
	case CURLE_OK:
		return HTTPC_OK;
	case CURLE_UNSUPPORTED_PROTOCOL:
		return HTTPC_ERR_SCHEME;
	case CURLE_URL_MALFORMAT:
		return HTTPC_ERR_ARG;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return HTTPC_ERR_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTPC_ERR_TIMEOUT;
	case CURLE_FILESIZE_EXCEEDED:
		return HTTPC_ERR_TOOBIG;
	case CURLE_WRITE_ERROR:
		return x->toobig ? HTTPC_ERR_TOOBIG : HTTPC_ERR_IO;
	case CURLE_TOO_MANY_REDIRECTS:
		return HTTPC_ERR_REDIRECT;
	case CURLE_OUT_OF_MEMORY:
		return HTTPC_ERR_NOMEM;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return HTTPC_ERR_TLS;
	default:
		return HTTPC_ERR_IO;
	}
}

/* Limits, protocols, proxy and redirect policy common to all requests. */
static CURLcode
set_policy(CURL *h, const struct httpc_req *rq, size_t max)
{
	const char	*protos = httpc_production ? "https" : "http,https";
	long		 lst = rq->low_speed_time_s;
	CURLcode	 c = CURLE_OK;

	if (lst == 0)
		lst = HTTPC_LOW_SPEED_S;
	c |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protos);
	c |= curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, protos);
	c |= curl_easy_setopt(h, CURLOPT_PROXY, "");
	c |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS,
	    rq->timeout_ms > 0 ? rq->timeout_ms : HTTPC_TIMEOUT_MS);
	c |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
	    rq->connect_timeout_ms > 0 ? rq->connect_timeout_ms :
	    HTTPC_CONNECT_MS);
	if (lst > 0) {
		c |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT,
		    HTTPC_LOW_SPEED_BPS);
		c |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, lst);
	}
	c |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	c |= curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 0L);
	if (rq->follow_redirects > 0) {
		c |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
		c |= curl_easy_setopt(h, CURLOPT_MAXREDIRS,
		    rq->follow_redirects < HTTPC_MAX_REDIRS ?
		    (long)rq->follow_redirects : (long)HTTPC_MAX_REDIRS);
	} else
		c |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	c |= curl_easy_setopt(h, CURLOPT_USERAGENT, HTTPC_USER_AGENT);
	return c;
}

/*
 * Method, body and credentials. Credentials go through libcurl's auth
 * options only, which it drops on a redirect to another origin.
 */
static CURLcode
set_request(CURL *h, const struct httpc_req *rq)
{
	CURLcode	 c = CURLE_OK;

	c |= curl_easy_setopt(h, CURLOPT_URL, rq->url);
	if (strcmp(rq->method, "GET") == 0)
		c |= curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	else if (strcmp(rq->method, "POST") != 0)
		c |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, rq->method);
	if (strcmp(rq->method, "POST") == 0 || rq->body != NULL) {
		c |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(rq->body != NULL ? rq->bodylen : 0));
		c |= curl_easy_setopt(h, CURLOPT_POSTFIELDS,
		    rq->body != NULL ? rq->body : "");
	}
	if (rq->basic_user != NULL) {
		c |= curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		c |= curl_easy_setopt(h, CURLOPT_USERNAME, rq->basic_user);
		c |= curl_easy_setopt(h, CURLOPT_PASSWORD, rq->basic_pass);
	} else if (rq->bearer != NULL) {
		c |= curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
		c |= curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, rq->bearer);
	}
	return c;
}

/* Check the request description. Returns HTTPC_OK or an error. */
static enum httpc_err
check_req(const struct httpc_req *rq)
{
	static const char *const methods[] = {
		"GET", "POST", "PUT", "PATCH", "DELETE", NULL
	};
	size_t	 i;

	if (rq->method == NULL)
		return HTTPC_ERR_ARG;
	for (i = 0; methods[i] != NULL; i++)
		if (strcmp(rq->method, methods[i]) == 0)
			break;
	if (methods[i] == NULL)
		return HTTPC_ERR_ARG;
	if (rq->body != NULL && strcmp(rq->method, "GET") == 0)
		return HTTPC_ERR_ARG;
	if ((rq->basic_user != NULL) != (rq->basic_pass != NULL) ||
	    (rq->basic_user != NULL && rq->bearer != NULL))
		return HTTPC_ERR_ARG;
	if ((rq->basic_user != NULL && (has_ctl(rq->basic_user) ||
	    strchr(rq->basic_user, ':') != NULL || has_ctl(rq->basic_pass))) ||
	    (rq->bearer != NULL && has_ctl(rq->bearer)))
		return HTTPC_ERR_ARG;
	return check_url(rq->url);
}

/* The calling thread's handle, reset for a new request, or NULL. */
static CURL *
handle_get(void)
{
	if (!httpc_ready && httpc_init(httpc_production) == -1)
		return NULL;
	if (httpc_handle == NULL)
		httpc_handle = curl_easy_init();
	else
		curl_easy_reset(httpc_handle);
	return httpc_handle;
}

/* Copy the content type of the finished transfer. */
static enum httpc_err
collect(CURL *h, struct httpc_resp *resp)
{
	char	*ct = NULL;

	if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK &&
	    ct != NULL && strlen(ct) <= HTTPC_MAX_HDRVAL && !has_ctl(ct)) {
		if ((resp->content_type = strdup(ct)) == NULL)
			return HTTPC_ERR_NOMEM;
	}
	return HTTPC_OK;
}

enum httpc_err
httpc_do(const struct httpc_req *rq, struct httpc_resp *resp)
{
	struct xfer		 x;
	struct curl_slist	*hdrs = NULL;
	char			 ebuf[CURL_ERROR_SIZE];
	size_t			 max;
	CURL			*h;
	CURLcode		 c;
	enum httpc_err		 er;

	max = rq->max_response > 0 ? rq->max_response : HTTPC_MAX_RESPONSE;
	memset(resp, 0, sizeof(*resp));
	buf_init(&resp->body, max);
	x.resp = resp;
	x.toobig = x.nomem = 0;
	ebuf[0] = '\0';
	if ((er = check_req(rq)) != HTTPC_OK)
		return er;
	if ((er = build_headers(rq, &hdrs)) != HTTPC_OK)
		return er;
	if ((h = handle_get()) == NULL) {
		er = HTTPC_ERR_NOMEM;
		goto out;
	}
	c = set_policy(h, rq, max);
	c |= set_request(h, rq);
	c |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	c |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	c |= curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
	c |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	c |= curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
	c |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	if (c != CURLE_OK) {
		er = HTTPC_ERR_IO;
		goto out;
	}
	c = curl_easy_perform(h);
	/* Even after a failure: a status line may have arrived. */
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
	er = map_code(c, &x);
	if (er == HTTPC_OK && x.nomem)
		er = HTTPC_ERR_NOMEM;
	if (er == HTTPC_OK)
		er = collect(h, resp);
	else
		resp->error = strdup(ebuf[0] != '\0' ? ebuf :
		    curl_easy_strerror(c));
	/* The handle must not keep pointers into this stack frame. */
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
out:
	curl_slist_free_all(hdrs);
	return er;
}
