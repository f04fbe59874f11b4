/*
 * twilio_rest — outbound WhatsApp messages through the Messages resource
 * (POST /2010-04-01/Accounts/{AccountSid}/Messages.json), the search of
 * its list for a message whose answer was lost (GET on the same URL),
 * and downloads of the media patients send. Answers from Twilio are
 * untrusted: bounded, parsed with json-c under a depth limit, copied
 * into fixed-size fields.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <json.h>

#include "twilio.h"
#include "utf8.h"

#define BODY_MAX_CHARS		1600		/* Twilio's limit */
#define VARS_MAX		(16 * 1024)	/* ContentVariables bytes */
#define CALLBACK_MAX		2048		/* StatusCallback bytes */
#define ANSWER_MAX		(64 * 1024)	/* Messages.json answer */
#define JSON_DEPTH		8
#define SEND_TIMEOUT_MS		15000L
#define MEDIA_TIMEOUT_MS	60000L
#define RETRY_AFTER_MAX		86400L
#define LIST_ANSWER_MAX		(2 * 1024 * 1024) /* one list page */
#define LIST_PAGE_SIZE		50
#define LIST_PAGE_SIZE_MAX	1000
#define LIST_URI_MAX		2048	/* next_page_uri bytes */

/* Returns 1 when s is prefix followed by exactly n hex digits. */
static int
is_sid(const char *s, const char *prefix, size_t n)
{
	size_t	 pl = strlen(prefix), i;

	if (s == NULL || strncmp(s, prefix, pl) != 0 || strlen(s) != pl + n)
		return 0;
	for (i = pl; i < pl + n; i++)
		if (strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			return 0;
	return 1;
}

/* Returns 1 when s is "+" and 8 to 15 digits (E.164), else 0. */
static int
is_e164(const char *s)
{
	size_t	 i;

	if (s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9' || i > 15)
			return 0;
	return i >= 9;
}

/* Returns 1 when s holds a byte below 0x20 or DEL. */
static int
has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* Characters (code points) in valid UTF-8 s. */
static size_t
utf8_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Copy src into dst (dstsz bytes, NUL-terminated), cut at a UTF-8
 * character boundary, control characters replaced by spaces.
 */
static void
copy_text(char *dst, size_t dstsz, const char *src)
{
	size_t	 n = strlen(src), i;

	if (n >= dstsz) {
		n = dstsz - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		dst[i] = ((unsigned char)src[i] < 0x20 || src[i] == 0x7f) ?
		    ' ' : src[i];
	dst[n] = '\0';
}

int
twilio_form_encode(struct buf *out, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	char			 esc[3];
	size_t			 i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '*' || c == '-' ||
		    c == '.' || c == '_') {
			if (buf_addc(out, (char)c) == -1)
				return -1;
		} else if (c == ' ') {
			if (buf_addc(out, '+') == -1)
				return -1;
		} else {
			esc[0] = '%';
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 0x0f];
			if (buf_add(out, esc, 3) == -1)
				return -1;
		}
	}
	return 0;
}

int
twilio_form_add(struct buf *out, const char *name, const char *value)
{
	if (out->len > 0 && buf_addc(out, '&') == -1)
		return -1;
	if (twilio_form_encode(out, name, strlen(name)) == -1 ||
	    buf_addc(out, '=') == -1 ||
	    twilio_form_encode(out, value, strlen(value)) == -1)
		return -1;
	return 0;
}

/* The API base without a trailing slash, checked: NULL when unusable. */
static const char *
api_base(const struct twilio_account *a, size_t *len)
{
	const char	*b = a->api_base != NULL ? a->api_base :
	    TWILIO_API_BASE_DEFAULT;

	if (has_ctl(b) || (strncasecmp(b, "https://", 8) != 0 &&
	    strncasecmp(b, "http://", 7) != 0))
		return NULL;
	*len = strlen(b);
	while (*len > 0 && b[*len - 1] == '/')
		(*len)--;
	return b;
}

/* Returns 1 when the account's SID and token can be used. */
static int
account_ok(const struct twilio_account *a)
{
	return is_sid(a->account_sid, "AC", 32) && a->auth_token != NULL &&
	    *a->auth_token != '\0' && !has_ctl(a->auth_token);
}

enum twilio_err
twilio_msg_url(const struct twilio_account *a, struct buf *url)
{
	const char	*b;
	size_t		 blen;

	if (!account_ok(a) || (b = api_base(a, &blen)) == NULL)
		return TWILIO_ERR_ARG;
	if (buf_add(url, b, blen) == -1 ||
	    buf_printf(url, "/2010-04-01/Accounts/%s/Messages.json",
	    a->account_sid) == -1)
		return TWILIO_ERR_NOMEM;
	return TWILIO_OK;
}

/* Add a WhatsApp address field. Returns TWILIO_OK, ARG or NOMEM. */
static enum twilio_err
form_number(struct buf *body, const char *name, const char *num)
{
	char	 v[32];

	if (num == NULL)
		return TWILIO_ERR_ARG;
	if (strncmp(num, "whatsapp:", 9) == 0)
		num += 9;
	if (!is_e164(num))
		return TWILIO_ERR_ARG;
	snprintf(v, sizeof(v), "whatsapp:%s", num);
	return twilio_form_add(body, name, v) == -1 ? TWILIO_ERR_NOMEM :
	    TWILIO_OK;
}

/* Returns 1 when s is a JSON object of at most VARS_MAX bytes. */
static int
is_json_object(const char *s)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	size_t			 n = strlen(s);
	int			 ok;

	if (n > VARS_MAX || !utf8_valid(s, n))
		return 0;
	if ((tok = json_tokener_new_ex(JSON_DEPTH)) == NULL)
		return 0;
	o = json_tokener_parse_ex(tok, s, (int)n);
	ok = o != NULL && json_object_is_type(o, json_type_object) &&
	    json_tokener_get_parse_end(tok) == n;
	json_object_put(o);
	json_tokener_free(tok);
	return ok;
}

/* Check the content fields of m. Returns 1 when acceptable. */
static int
content_ok(const struct twilio_msg *m)
{
	if (m->content_sid != NULL)
		return m->body == NULL && is_sid(m->content_sid, "HX", 32) &&
		    (m->content_variables == NULL ||
		    is_json_object(m->content_variables));
	return m->body != NULL && *m->body != '\0' && m->content_variables ==
	    NULL && utf8_valid(m->body, strlen(m->body)) &&
	    utf8_chars(m->body) <= BODY_MAX_CHARS;
}

/* Returns 1 when the status callback is absent or a plain http(s) URL. */
static int
callback_ok(const char *u)
{
	if (u == NULL)
		return 1;
	return strlen(u) <= CALLBACK_MAX && !has_ctl(u) &&
	    strchr(u, ' ') == NULL && (strncasecmp(u, "https://", 8) == 0 ||
	    strncasecmp(u, "http://", 7) == 0);
}

enum twilio_err
twilio_msg_form(const struct twilio_msg *m, struct buf *body)
{
	enum twilio_err	 er;
	int		 rc = 0;

	if (!content_ok(m) || !callback_ok(m->status_callback))
		return TWILIO_ERR_ARG;
	if ((er = form_number(body, "To", m->to)) != TWILIO_OK ||
	    (er = form_number(body, "From", m->from)) != TWILIO_OK)
		return er;
	if (m->content_sid == NULL)
		rc |= twilio_form_add(body, "Body", m->body);
	else {
		rc |= twilio_form_add(body, "ContentSid", m->content_sid);
		if (m->content_variables != NULL)
			rc |= twilio_form_add(body, "ContentVariables",
			    m->content_variables);
	}
	if (m->status_callback != NULL)
		rc |= twilio_form_add(body, "StatusCallback",
		    m->status_callback);
	return rc == 0 ? TWILIO_OK : TWILIO_ERR_NOMEM;
}

long
twilio_retry_after(const char *v, time_t now)
{
	long	 secs;
	time_t	 t;
	char	*end;

	if (v == NULL || *v == '\0')
		return -1;
	if (*v >= '0' && *v <= '9') {
		errno = 0;
		secs = strtol(v, &end, 10);
		if (errno != 0 || *end != '\0')
			return -1;
	} else {
		if ((t = curl_getdate(v, NULL)) == -1)
			return -1;
		secs = t > now ? (long)(t - now) : 0;
	}
	return secs > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : secs;
}

/* Copy the string member key of o into dst, when there is one. */
static void
json_copy(struct json_object *o, const char *key, char *dst, size_t dstsz)
{
	struct json_object	*v;

	if (json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string))
		copy_text(dst, dstsz, json_object_get_string(v));
}

/*
 * Parse a JSON object from untrusted bytes (at most max), or NULL. Caller
 * puts it.
 */
static struct json_object *
json_parse_object_max(const char *body, size_t len, size_t max)
{
	struct json_tokener	*tok;
	struct json_object	*o;

	if (body == NULL || len == 0 || len > max || len > INT_MAX)
		return NULL;
	if ((tok = json_tokener_new_ex(JSON_DEPTH)) == NULL)
		return NULL;
	o = json_tokener_parse_ex(tok, body, (int)len);
	json_tokener_free(tok);
	if (o != NULL && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

/* The same for one answer of the Messages resource. */
static struct json_object *
json_parse_object(const char *body, size_t len)
{
	return json_parse_object_max(body, len, ANSWER_MAX);
}

/* Read sid/status, or code/message/more_info, from Twilio's JSON. */
static void
classify_body(const char *body, size_t len, struct twilio_send_result *r)
{
	struct json_object	*o, *v;
	int64_t			 code;

	if ((o = json_parse_object(body, len)) == NULL)
		return;
	json_copy(o, "sid", r->sid, sizeof(r->sid));
	json_copy(o, "status", r->status, sizeof(r->status));
	json_copy(o, "message", r->message, sizeof(r->message));
	json_copy(o, "more_info", r->more_info, sizeof(r->more_info));
	if (json_object_object_get_ex(o, "code", &v) &&
	    json_object_is_type(v, json_type_int)) {
		code = json_object_get_int64(v);
		if (code > 0 && code < 1000000)
			r->code = (long)code;
	}
	json_object_put(o);
}

void
twilio_send_classify(enum httpc_err net, long status, const char *body,
    size_t len, const char *retry_after, time_t now,
    struct twilio_send_result *r)
{
	memset(r, 0, sizeof(*r));
	r->net = net;
	r->http_status = status;
	r->retry_after_s = -1;
	if (status >= 200 && status <= 299) {
		/* Accepted: never resend, even if the answer is garbled. */
		r->outcome = TWILIO_SENT;
		if (net == HTTPC_OK)
			classify_body(body, len, r);
		r->code = 0;
		r->message[0] = r->more_info[0] = '\0';
		return;
	}
	if (net != HTTPC_OK) {
		/* Our own refusals are for good; the network's are not. */
		r->outcome = (net == HTTPC_ERR_ARG || net == HTTPC_ERR_SCHEME) ?
		    TWILIO_FAILED : TWILIO_RETRY;
		copy_text(r->message, sizeof(r->message), httpc_strerror(net));
		return;
	}
	classify_body(body, len, r);
	if (status == 429 || (status >= 500 && status <= 599)) {
		r->outcome = TWILIO_RETRY;
		r->retry_after_s = twilio_retry_after(retry_after, now);
	} else
		r->outcome = TWILIO_FAILED;
	r->sid[0] = r->status[0] = '\0';
	r->outside_window = r->code == TWILIO_ERR_OUTSIDE_WINDOW;
	if (r->message[0] == '\0')
		snprintf(r->message, sizeof(r->message), "HTTP status %ld",
		    status);
}

enum twilio_err
twilio_send(const struct twilio_account *a, const struct twilio_msg *m,
    struct twilio_send_result *r)
{
	struct buf		 url, body;
	struct httpc_req	 rq;
	struct httpc_resp	 resp;
	enum httpc_err		 net;
	enum twilio_err		 er;

	buf_init(&url, 4096);
	buf_init(&body, 64 * 1024);
	if ((er = twilio_msg_url(a, &url)) == TWILIO_OK)
		er = twilio_msg_form(m, &body);
	if (er != TWILIO_OK) {
		twilio_send_classify(er == TWILIO_ERR_ARG ? HTTPC_ERR_ARG :
		    HTTPC_ERR_NOMEM, 0, NULL, 0, NULL, 0, r);
		copy_text(r->message, sizeof(r->message), twilio_strerror(er));
		goto out;
	}
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = buf_str(&url);
	rq.body = buf_str(&body);
	rq.bodylen = body.len;
	rq.content_type = "application/x-www-form-urlencoded";
	rq.basic_user = a->account_sid;
	rq.basic_pass = a->auth_token;
	rq.timeout_ms = a->timeout_ms > 0 ? a->timeout_ms : SEND_TIMEOUT_MS;
	rq.max_response = ANSWER_MAX;
	net = httpc_do(&rq, &resp);
	twilio_send_classify(net, resp.status, resp.body.p, resp.body.len,
	    resp.retry_after, time(NULL), r);
	httpc_resp_free(&resp);
out:
	buf_free(&url);
	buf_free(&body);
	return er;
}

/* A number without its "whatsapp:" prefix. */
static const char *
bare_number(const char *s)
{
	return strncmp(s, "whatsapp:", 9) == 0 ? s + 9 : s;
}

enum twilio_err
twilio_list_url(const struct twilio_account *a, const struct twilio_find *f,
    struct buf *url)
{
	struct buf	 q;
	struct tm	 tm;
	char		 to[32], from[32], day[16], size[16];
	enum twilio_err	 er;
	int		 n = f->page_size > 0 ? f->page_size : LIST_PAGE_SIZE;

	if (f->to == NULL || f->from == NULL || !is_e164(bare_number(f->to)) ||
	    !is_e164(bare_number(f->from)) || n > LIST_PAGE_SIZE_MAX ||
	    gmtime_r(&f->since, &tm) == NULL ||
	    strftime(day, sizeof(day), "%Y-%m-%d", &tm) == 0)
		return TWILIO_ERR_ARG;
	if ((er = twilio_msg_url(a, url)) != TWILIO_OK)
		return er;
	snprintf(to, sizeof(to), "whatsapp:%s", bare_number(f->to));
	snprintf(from, sizeof(from), "whatsapp:%s", bare_number(f->from));
	snprintf(size, sizeof(size), "%d", n);
	buf_init(&q, 1024);
	/* Twilio's "DateSent>" is "on or after"; its precision is a day. */
	if (twilio_form_add(&q, "To", to) == -1 ||
	    twilio_form_add(&q, "From", from) == -1 ||
	    twilio_form_add(&q, "DateSent>", day) == -1 ||
	    twilio_form_add(&q, "PageSize", size) == -1 ||
	    buf_addc(url, '?') == -1 || buf_add(url, q.p, q.len) == -1)
		er = TWILIO_ERR_NOMEM;
	buf_free(&q);
	return er;
}

/* The string member key of o, or NULL. */
static const char *
json_str(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Keep m among the oldest TWILIO_FIND_MAX matches, oldest first. */
static void
found_add(struct twilio_find_result *r, const struct twilio_found *m)
{
	size_t	 i;

	if (r->n == TWILIO_FIND_MAX) {
		if (m->created >= r->found[r->n - 1].created)
			return;
		r->n--;			/* the newest makes room */
	}
	for (i = r->n; i > 0 && r->found[i - 1].created > m->created; i--)
		r->found[i] = r->found[i - 1];
	r->found[i] = *m;
	r->n++;
}

/*
 * Read one listed message: added to r when it matches f. Returns 1 when
 * it was created before f->since, else 0.
 */
static int
list_item(struct json_object *o, const struct twilio_find *f,
    struct twilio_find_result *r)
{
	struct twilio_found	 m;
	struct json_object	*v;
	const char		*sid, *to, *from, *body, *date;
	time_t			 created;
	int64_t			 code;

	if (!json_object_is_type(o, json_type_object))
		return 0;
	date = json_str(o, "date_created");
	created = date != NULL ? curl_getdate(date, NULL) : -1;
	if (created != -1 && created < f->since)
		return 1;
	sid = json_str(o, "sid");
	to = json_str(o, "to");
	from = json_str(o, "from");
	body = json_str(o, "body");
	if (created == -1 || sid == NULL || !is_sid(sid, "SM", 32) ||
	    to == NULL || from == NULL ||
	    strcmp(bare_number(to), bare_number(f->to)) != 0 ||
	    strcmp(bare_number(from), bare_number(f->from)) != 0 ||
	    (f->body != NULL && (body == NULL || strcmp(body, f->body) != 0)))
		return 0;
	memset(&m, 0, sizeof(m));
	copy_text(m.sid, sizeof(m.sid), sid);
	json_copy(o, "status", m.status, sizeof(m.status));
	json_copy(o, "error_message", m.error_message,
	    sizeof(m.error_message));
	if (json_object_object_get_ex(o, "error_code", &v) &&
	    json_object_is_type(v, json_type_int)) {
		code = json_object_get_int64(v);
		if (code > 0 && code < 1000000)
			m.error_code = (long)code;
	}
	m.created = created;
	found_add(r, &m);
	return 0;
}

/* Is uri a page of this account's Messages list? */
static int
list_uri_ok(const struct twilio_account *a, const char *uri)
{
	char	 want[128];
	int	 n;

	n = snprintf(want, sizeof(want), "/2010-04-01/Accounts/%s/"
	    "Messages.json?", a->account_sid);
	if (n < 0 || (size_t)n >= sizeof(want))
		return 0;
	return strlen(uri) <= LIST_URI_MAX && !has_ctl(uri) &&
	    strchr(uri, ' ') == NULL && strchr(uri, '#') == NULL &&
	    strncmp(uri, want, (size_t)n) == 0;
}

enum twilio_err
twilio_list_page(const struct twilio_account *a, const struct twilio_find *f,
    const char *body, size_t len, struct twilio_find_result *r, char *next,
    size_t nextsz, int *older)
{
	struct json_object	*o, *msgs, *v;
	const char		*uri;
	size_t			 i, n, old = 0;
	enum twilio_err		 er = TWILIO_ERR_HTTP;

	*next = '\0';
	*older = 0;
	if ((o = json_parse_object_max(body, len, LIST_ANSWER_MAX)) == NULL)
		return TWILIO_ERR_HTTP;
	if (!json_object_object_get_ex(o, "messages", &msgs) ||
	    !json_object_is_type(msgs, json_type_array))
		goto out;
	if (json_object_object_get_ex(o, "next_page_uri", &v) &&
	    !json_object_is_type(v, json_type_null)) {
		if ((uri = json_str(o, "next_page_uri")) == NULL ||
		    !list_uri_ok(a, uri) || strlen(uri) >= nextsz)
			goto out;
		memcpy(next, uri, strlen(uri) + 1);
	}
	n = json_object_array_length(msgs);
	for (i = 0; i < n; i++)
		old += (size_t)list_item(json_object_array_get_idx(msgs, i), f,
		    r);
	*older = n > 0 && old == n;
	er = TWILIO_OK;
out:
	json_object_put(o);
	return er;
}

/* One GET of the list. Returns a twilio_err; resp filled. */
static enum twilio_err
list_get(const struct twilio_account *a, const char *url,
    struct twilio_find_result *r, struct httpc_resp *resp)
{
	struct httpc_req	 rq;

	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.url = url;
	rq.basic_user = a->account_sid;
	rq.basic_pass = a->auth_token;
	rq.timeout_ms = a->timeout_ms > 0 ? a->timeout_ms : SEND_TIMEOUT_MS;
	rq.max_response = LIST_ANSWER_MAX;
	r->net = httpc_do(&rq, resp);
	r->http_status = resp->status;
	if (r->net != HTTPC_OK) {
		copy_text(r->message, sizeof(r->message),
		    httpc_strerror(r->net));
		return r->net == HTTPC_ERR_NOMEM ? TWILIO_ERR_NOMEM :
		    TWILIO_ERR_NET;
	}
	if (resp->status != 200) {
		snprintf(r->message, sizeof(r->message), "HTTP status %ld",
		    resp->status);
		return TWILIO_ERR_HTTP;
	}
	return TWILIO_OK;
}

enum twilio_err
twilio_find_sent(const struct twilio_account *a, const struct twilio_find *f,
    struct twilio_find_result *r)
{
	struct buf		 url;
	struct httpc_resp	 resp;
	const char		*b;
	char			 next[LIST_URI_MAX + 1];
	size_t			 blen;
	int			 older, max;
	enum twilio_err		 er;

	memset(r, 0, sizeof(r[0]));
	max = f->max_pages > 0 ? f->max_pages : TWILIO_FIND_PAGES;
	buf_init(&url, LIST_URI_MAX + 1024);
	if ((er = twilio_list_url(a, f, &url)) != TWILIO_OK) {
		copy_text(r->message, sizeof(r->message), twilio_strerror(er));
		goto out;
	}
	b = api_base(a, &blen);
	while (r->pages < max) {
		er = list_get(a, buf_str(&url), r, &resp);
		if (er == TWILIO_OK && (er = twilio_list_page(a, f,
		    resp.body.p, resp.body.len, r, next, sizeof(next),
		    &older)) != TWILIO_OK)
			snprintf(r->message, sizeof(r->message),
			    "not a page of the Messages list");
		httpc_resp_free(&resp);
		if (er != TWILIO_OK)
			goto out;
		r->pages++;
		if (*next == '\0' || older) {
			r->complete = 1;
			break;
		}
		buf_reset(&url);
		if (buf_add(&url, b, blen) == -1 ||
		    buf_adds(&url, next) == -1) {
			er = TWILIO_ERR_NOMEM;
			goto out;
		}
	}
out:
	buf_free(&url);
	return er;
}

/* Magic numbers of the accepted media types. */
static const struct magic {
	const char	*mime;
	const char	*ext;
	size_t		 off;		/* where the bytes sit */
	const char	*bytes;
	size_t		 len;
} magics[] = {
	{ "image/jpeg", "jpg", 0, "\xff\xd8\xff", 3 },		/* SOI */
	{ "image/png", "png", 0, "\x89PNG\r\n\x1a\n", 8 },	/* signature */
	{ "image/gif", "gif", 0, "GIF87a", 6 },			/* 1987 */
	{ "image/gif", "gif", 0, "GIF89a", 6 },			/* 1989 */
	{ "image/webp", "webp", 8, "WEBP", 4 },			/* RIFF form */
	{ "application/pdf", "pdf", 0, "%PDF-", 5 },		/* header */
};

const char *
twilio_media_sniff(const void *data, size_t n, const char **ext)
{
	const unsigned char	*p = data;
	size_t			 i;

	*ext = NULL;
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		if (n < magics[i].off + magics[i].len ||
		    memcmp(p + magics[i].off, magics[i].bytes,
		    magics[i].len) != 0)
			continue;
		/* WebP lives in a RIFF container. */
		if (magics[i].off == 8 && memcmp(p, "RIFF", 4) != 0)
			continue;
		*ext = magics[i].ext;
		return magics[i].mime;
	}
	return NULL;
}

void
twilio_media_free(struct twilio_media *m)
{
	buf_free(&m->data);
	m->mime = m->ext = NULL;
}

/* Returns 1 when url lies under the account's API base. */
static int
media_url_ok(const struct twilio_account *a, const char *url)
{
	const char	*b;
	size_t		 blen;

	if ((b = api_base(a, &blen)) == NULL || has_ctl(url))
		return 0;
	return strncasecmp(url, b, blen) == 0 && url[blen] == '/';
}

enum twilio_err
twilio_media_get(const struct twilio_account *a, const char *url,
    size_t max, struct twilio_media *m)
{
	struct httpc_req	 rq;
	struct httpc_resp	 resp;

	memset(m, 0, sizeof(*m));
	buf_init(&m->data, 0);
	if (url == NULL || !account_ok(a) || !media_url_ok(a, url))
		return TWILIO_ERR_ARG;
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.url = url;
	rq.basic_user = a->account_sid;
	rq.basic_pass = a->auth_token;
	rq.follow_redirects = 3;
	rq.timeout_ms = a->timeout_ms > 0 ? a->timeout_ms : MEDIA_TIMEOUT_MS;
	rq.max_response = max > 0 ? max : TWILIO_MEDIA_MAX;
	m->net = httpc_do(&rq, &resp);
	m->http_status = resp.status;
	if (m->net != HTTPC_OK || resp.status != 200) {
		httpc_resp_free(&resp);
		if (m->net == HTTPC_ERR_TOOBIG)
			return TWILIO_ERR_TOOBIG;
		if (m->net == HTTPC_ERR_NOMEM)
			return TWILIO_ERR_NOMEM;
		return m->net != HTTPC_OK ? TWILIO_ERR_NET : TWILIO_ERR_HTTP;
	}
	m->mime = twilio_media_sniff(resp.body.p, resp.body.len, &m->ext);
	if (m->mime == NULL) {
		httpc_resp_free(&resp);
		return TWILIO_ERR_MEDIA_TYPE;
	}
	m->data = resp.body;
	buf_init(&resp.body, 0);
	httpc_resp_free(&resp);
	return TWILIO_OK;
}
