/*
 * google_cal — the Calendar v3 half of google.h: event ids and titles,
 * event bodies, freeBusy, events insert/patch/delete/list.  Answers are
 * untrusted: bounded, parsed under a depth limit, copied into fixed-size
 * fields; a free/busy answer we cannot trust counts as busy.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json.h>

#include "config.h"
#include "google.h"
#include "httpc.h"
#include "slots.h"

#define API_ANSWER_MAX	(1024 * 1024)
#define API_TIMEOUT_MS	10000L
#define JSON_DEPTH	12

/* Parse bounded JSON text into an object, or NULL.  Caller puts it. */
static json_object *
parse_object(const char *body, size_t len)
{
	struct json_tokener	*tok;
	json_object		*o;

	if (body == NULL || len == 0 || len > API_ANSWER_MAX ||
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

/* Member key of o when it has type t, else NULL. */
static json_object *
member(json_object *o, const char *key, json_type t)
{
	json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL ||
	    !json_object_is_type(v, t))
		return NULL;
	return v;
}

/* String member key of o, or NULL. */
static const char *
member_str(json_object *o, const char *key)
{
	json_object	*v = member(o, key, json_type_string);

	return v != NULL ? json_object_get_string(v) : NULL;
}

/* Is reason, in a Google error body, a rate limit?  1 or 0. */
static int
is_rate_reason(const char *r)
{
	return r != NULL && (strcmp(r, "rateLimitExceeded") == 0 ||
	    strcmp(r, "userRateLimitExceeded") == 0 ||
	    strcmp(r, "quotaExceeded") == 0);
}

/* Does a 403 body say "rate limit"? */
static int
body_rate_limited(const char *body, size_t len)
{
	json_object	*o, *e, *errs;
	size_t		 i, n;
	int		 rate = 0;

	if ((o = parse_object(body, len)) == NULL)
		return 0;
	if ((e = member(o, "error", json_type_object)) != NULL &&
	    (errs = member(e, "errors", json_type_array)) != NULL) {
		n = json_object_array_length(errs);
		for (i = 0; i < n && i < 16 && !rate; i++)
			rate = is_rate_reason(member_str(
			    json_object_array_get_idx(errs, i), "reason"));
	}
	json_object_put(o);
	return rate;
}

enum google_err
google_status_err(long status, const char *body, size_t len)
{
	if (status >= 200 && status < 300)
		return GOOGLE_OK;
	switch (status) {
	case 401:
		return GOOGLE_ERR_AUTH;
	case 403:
		return body_rate_limited(body, len) ? GOOGLE_ERR_RATE :
		    GOOGLE_ERR_CLIENT;
	case 404:
		return GOOGLE_ERR_NOTFOUND;
	case 409:
		return GOOGLE_ERR_CONFLICT;
	case 410:
		return GOOGLE_ERR_GONE;
	case 429:
		return GOOGLE_ERR_RATE;
	default:
		break;
	}
	if (status >= 500 && status < 600)
		return GOOGLE_ERR_SERVER;
	if (status >= 400 && status < 500)
		return GOOGLE_ERR_CLIENT;
	return GOOGLE_ERR_PARSE;
}

int
google_event_id(const char *uuid, char out[GOOGLE_EVENT_ID_SIZE])
{
	size_t	 i, j = 0;
	char	 c;

	out[0] = '\0';
	if (uuid == NULL || strnlen(uuid, 37) != 36)
		return -1;
	for (i = 0; i < 36; i++) {
		c = uuid[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return -1;
			continue;
		}
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
		out[j++] = c;
	}
	out[j] = '\0';
	return 0;
}

int
google_event_id_ok(const char *id)
{
	size_t	 n;

	if (id == NULL)
		return 0;
	for (n = 0; id[n] != '\0'; n++) {
		if (n >= 1024)
			return 0;
		if (!((id[n] >= '0' && id[n] <= '9') ||
		    (id[n] >= 'a' && id[n] <= 'v')))
			return 0;
	}
	return n >= 5;
}

enum google_title
google_title_mode(const char *s)
{
	if (s != NULL && strcmp(s, "treatment_only") == 0)
		return GOOGLE_TITLE_TREATMENT;
	if (s != NULL && strcmp(s, "treatment_full_name") == 0)
		return GOOGLE_TITLE_FULL_NAME;
	return GOOGLE_TITLE_INITIALS;
}

/* Length of the UTF-8 character starting at s (1 on a bad byte). */
static size_t
u8len(const char *s)
{
	unsigned char	 c = (unsigned char)*s;
	size_t		 n, i;

	n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
	    (c & 0xf8) == 0xf0 ? 4 : 1;
	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* Append s to out (outsz) whole characters only; control bytes dropped. */
static void
title_add(char *out, size_t outsz, const char *s)
{
	size_t	 len = strlen(out), n;

	for (; *s != '\0'; s += n) {
		n = u8len(s);
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			continue;
		if (len + n >= outsz)
			break;
		memcpy(out + len, s, n);
		len += n;
		out[len] = '\0';
	}
}

/* Append the initial of name ("J.") when it has one. */
static void
title_initial(char *out, size_t outsz, const char *name)
{
	char	 ini[8];
	size_t	 n;

	while (name != NULL && (*name == ' ' || *name == '\t'))
		name++;
	if (name == NULL || *name == '\0')
		return;
	n = u8len(name);
	memcpy(ini, name, n);
	ini[n] = '.';
	ini[n + 1] = '\0';
	if (n == 1 && ini[0] >= 'a' && ini[0] <= 'z')
		ini[0] = (char)(ini[0] - 'a' + 'A');
	title_add(out, outsz, ini);
}

void
google_event_title(enum google_title mode, const char *treatment,
    const char *first, const char *last, char *out, size_t outsz)
{
	int	 have_first, have_last;

	if (outsz == 0)
		return;
	out[0] = '\0';
	title_add(out, outsz, treatment != NULL && *treatment != '\0' ?
	    treatment : "Rendez-vous");
	have_first = first != NULL && *first != '\0';
	have_last = last != NULL && *last != '\0';
	if (mode == GOOGLE_TITLE_TREATMENT || (!have_first && !have_last))
		return;
	title_add(out, outsz, " \xe2\x80\x94 ");
	if (mode == GOOGLE_TITLE_FULL_NAME) {
		title_add(out, outsz, have_first ? first : "");
		if (have_first && have_last)
			title_add(out, outsz, " ");
		title_add(out, outsz, have_last ? last : "");
		return;
	}
	title_initial(out, outsz, first);
	if (have_first && have_last)
		title_add(out, outsz, " ");
	title_initial(out, outsz, last);
}

/* "YYYY-MM-DDTHH:MM:SS" of t + off, then "Z" or "+HH:MM". */
static void
fmt_time(int64_t t, int32_t off, int utc, char *out, size_t outsz)
{
	time_t		 tt = (time_t)(t + (utc ? 0 : off));
	struct tm	 tm;
	char		 base[24];
	int		 hh, mm;
	int32_t		 a = off < 0 ? -off : off;

	gmtime_r(&tt, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	hh = (int)(a / 3600 % 24);
	mm = (int)(a % 3600 / 60);
	if (utc)
		snprintf(out, outsz, "%sZ", base);
	else
		snprintf(out, outsz, "%s%c%02u:%02u", base, off < 0 ? '-' : '+',
		    (unsigned)hh % 100u, (unsigned)mm % 100u);
}

/* Add {"dateTime": ..., "timeZone": tz} under key. 0 or -1. */
static int
add_when(json_object *o, const char *key, int64_t t, int32_t off,
    const char *tz)
{
	json_object	*w;
	char		 s[64];

	if ((w = json_object_new_object()) == NULL)
		return -1;
	fmt_time(t, off, 0, s, sizeof(s));
	json_object_object_add(w, "dateTime", json_object_new_string(s));
	if (tz != NULL && *tz != '\0')
		json_object_object_add(w, "timeZone",
		    json_object_new_string(tz));
	json_object_object_add(o, key, w);
	return 0;
}

int
google_event_json(const struct google_event_spec *e, struct buf *out)
{
	json_object	*o;
	const char	*s;
	int		 rc = -1;

	if (e->end <= e->start || (o = json_object_new_object()) == NULL)
		return -1;
	if (e->id != NULL)
		json_object_object_add(o, "id", json_object_new_string(e->id));
	json_object_object_add(o, "summary",
	    json_object_new_string(e->title != NULL ? e->title : ""));
	json_object_object_add(o, "status", json_object_new_string(
	    "confirmed"));
	if (add_when(o, "start", e->start, e->start_off, e->tz) == -1 ||
	    add_when(o, "end", e->end, e->end_off, e->tz) == -1)
		goto out;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = s != NULL && buf_adds(out, s) == 0 ? 0 : -1;
out:
	json_object_put(o);
	return rc;
}

/* Read busy[] of one calendar into out; 0, or -1 when malformed. */
static int
busy_list(json_object *busy, struct slots_interval *out, size_t max,
    size_t *n, int *errors)
{
	json_object	*b;
	size_t		 i, len = json_object_array_length(busy);
	int64_t		 s, e;

	for (i = 0; i < len; i++) {
		b = json_object_array_get_idx(busy, i);
		if (config_parse_rfc3339(member_str(b, "start"), &s) == -1 ||
		    config_parse_rfc3339(member_str(b, "end"), &e) == -1 ||
		    e < s)
			return -1;
		if (e == s)
			continue;
		if (*n >= max) {
			*errors = 1;	/* more than we can hold */
			return 0;
		}
		out[*n].start = s;
		out[*n].end = e;
		(*n)++;
	}
	return 0;
}

enum google_err
google_freebusy_parse(long status, const char *body, size_t len,
    const char *calendar_id, struct slots_interval *out, size_t max,
    size_t *n, int *errors)
{
	json_object	*o, *cals, *cal, *busy, *errs;
	enum google_err	 er = GOOGLE_ERR_PARSE;

	*n = 0;
	*errors = 1;
	if ((er = google_status_err(status, body, len)) != GOOGLE_OK)
		return er == GOOGLE_ERR_PARSE ? GOOGLE_ERR_PARSE : er;
	er = GOOGLE_ERR_PARSE;
	if ((o = parse_object(body, len)) == NULL)
		return GOOGLE_ERR_PARSE;
	if ((cals = member(o, "calendars", json_type_object)) == NULL)
		goto out;
	er = GOOGLE_OK;
	if ((cal = member(cals, calendar_id, json_type_object)) == NULL)
		goto out;		/* not answered for: fail closed */
	errs = member(cal, "errors", json_type_array);
	*errors = errs != NULL && json_object_array_length(errs) > 0;
	if ((busy = member(cal, "busy", json_type_array)) != NULL &&
	    busy_list(busy, out, max, n, errors) == -1) {
		*n = 0;
		*errors = 1;
		er = GOOGLE_ERR_PARSE;
	}
out:
	json_object_put(o);
	return er;
}

/* Append {api_base}/calendar/v3/calendars/{cal}/events[/{id}] to url. */
static int
events_url(const struct config *cfg, const char *cal, const char *id,
    struct buf *url)
{
	if (buf_adds(url, cfg->google_api_base) == -1 ||
	    buf_adds(url, "/calendar/v3/calendars/") == -1 ||
	    google_url_escape(url, cal) == -1 ||
	    buf_adds(url, "/events") == -1)
		return -1;
	if (id != NULL && (buf_addc(url, '/') == -1 ||
	    google_url_escape(url, id) == -1))
		return -1;
	return 0;
}

/* One authenticated Calendar call; the answer stays in resp. */
static enum google_err
api_call(const struct config *cfg, const char *method, const char *url,
    const char *token, const char *json, long timeout_ms,
    struct httpc_resp *resp)
{
	struct httpc_req	 rq;
	enum google_err		 er;

	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.url = url;
	rq.bearer = token;
	if (json != NULL) {
		rq.body = json;
		rq.bodylen = strlen(json);
		rq.content_type = "application/json";
	}
	rq.timeout_ms = timeout_ms > 0 ? timeout_ms : API_TIMEOUT_MS;
	rq.connect_timeout_ms = rq.timeout_ms < 5000 ? rq.timeout_ms : 5000;
	rq.max_response = API_ANSWER_MAX;
	if ((er = google_do(cfg, &rq, resp)) != GOOGLE_OK)
		return er;
	return google_status_err(resp->status, buf_str(&resp->body),
	    resp->body.len);
}

enum google_err
google_freebusy(const struct config *cfg, const char *token,
    const char *calendar_id, int64_t from, int64_t to, long timeout_ms,
    struct slots_interval *out, size_t max, size_t *n, int *errors)
{
	struct httpc_resp	 resp;
	struct buf		 url, body;
	char			 a[64], b[64];
	enum google_err		 er = GOOGLE_ERR_NOMEM;

	*n = 0;
	*errors = 1;
	if (to <= from)
		return GOOGLE_ERR_ARG;
	buf_init(&url, 2048);
	buf_init(&body, 4096);
	fmt_time(from, 0, 1, a, sizeof(a));
	fmt_time(to, 0, 1, b, sizeof(b));
	if (buf_adds(&url, cfg->google_api_base) == -1 ||
	    buf_adds(&url, "/calendar/v3/freeBusy") == -1 ||
	    buf_printf(&body, "{\"timeMin\":\"%s\",\"timeMax\":\"%s\","
	    "\"items\":[{\"id\":", a, b) == -1)
		goto out;
	{
		json_object	*id = json_object_new_string(calendar_id);
		const char	*s = json_object_to_json_string(id);
		int		 bad = s == NULL || buf_adds(&body, s) == -1;

		json_object_put(id);
		if (bad || buf_adds(&body, "}]}") == -1)
			goto out;
	}
	er = api_call(cfg, "POST", buf_str(&url), token, buf_str(&body),
	    timeout_ms, &resp);
	if (er == GOOGLE_OK)
		er = google_freebusy_parse(resp.status, buf_str(&resp.body),
		    resp.body.len, calendar_id, out, max, n, errors);
	httpc_resp_free(&resp);
out:
	buf_free(&url);
	buf_free(&body);
	return er;
}

/* Run a call on an event URL and release the answer. */
static enum google_err
event_call(const struct config *cfg, const char *method, const char *token,
    const char *cal, const char *id, const char *json)
{
	struct httpc_resp	 resp;
	struct buf		 url;
	enum google_err		 er = GOOGLE_ERR_NOMEM;

	buf_init(&url, 4096);
	if (events_url(cfg, cal, id, &url) == 0) {
		er = api_call(cfg, method, buf_str(&url), token, json, 0,
		    &resp);
		httpc_resp_free(&resp);
	}
	buf_free(&url);
	return er;
}

enum google_err
google_event_insert(const struct config *cfg, const char *token,
    const char *calendar_id, const char *json)
{
	return event_call(cfg, "POST", token, calendar_id, NULL, json);
}

enum google_err
google_event_patch(const struct config *cfg, const char *token,
    const char *calendar_id, const char *event_id, const char *json)
{
	if (!google_event_id_ok(event_id))
		return GOOGLE_ERR_ARG;
	return event_call(cfg, "PATCH", token, calendar_id, event_id, json);
}

enum google_err
google_event_delete(const struct config *cfg, const char *token,
    const char *calendar_id, const char *event_id)
{
	enum google_err	 er;

	if (!google_event_id_ok(event_id))
		return GOOGLE_ERR_ARG;
	er = event_call(cfg, "DELETE", token, calendar_id, event_id, NULL);
	if (er == GOOGLE_ERR_NOTFOUND || er == GOOGLE_ERR_GONE)
		return GOOGLE_OK;
	return er;
}

/* Read start or end ({dateTime} or {date}) of an event. */
static int
event_when(json_object *ev, const char *key, int64_t *t, int *timed)
{
	json_object	*w = member(ev, key, json_type_object);
	const char	*s;

	if (w == NULL)
		return -1;
	if ((s = member_str(w, "dateTime")) != NULL) {
		*timed = 1;
		return config_parse_rfc3339(s, t);
	}
	*timed = 0;
	*t = 0;
	return member_str(w, "date") != NULL ? 0 : -1;
}

/* Fill one event from an item; 0, or -1 when it has no usable id. */
static int
event_item(json_object *ev, struct google_event *e)
{
	const char	*id = member_str(ev, "id"), *st;
	int		 t1 = 0, t2 = 0;

	memset(e, 0, sizeof(*e));
	if (id == NULL || *id == '\0')
		return -1;
	if (strlen(id) < sizeof(e->id))
		memcpy(e->id, id, strlen(id) + 1);
	st = member_str(ev, "status");
	e->cancelled = st != NULL && strcmp(st, "cancelled") == 0;
	if (e->cancelled)
		return 0;	/* deleted items carry nothing else */
	if (event_when(ev, "start", &e->start, &t1) == -1 ||
	    event_when(ev, "end", &e->end, &t2) == -1)
		return -1;
	e->timed = t1 && t2;
	return 0;
}

/* Copy a string member into out when it fits; 0, or -1. */
static int
copy_member(json_object *o, const char *key, char *out, size_t outsz)
{
	const char	*s = member_str(o, key);

	out[0] = '\0';
	if (s == NULL)
		return 0;
	if (strlen(s) >= outsz)
		return -1;
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

enum google_err
google_events_parse(long status, const char *body, size_t len,
    struct google_page *page)
{
	json_object	*o, *items;
	size_t		 i, n;
	enum google_err	 er;

	page->n = 0;
	page->next_page[0] = page->next_sync[0] = '\0';
	if ((er = google_status_err(status, body, len)) != GOOGLE_OK)
		return er;
	if ((o = parse_object(body, len)) == NULL)
		return GOOGLE_ERR_PARSE;
	er = GOOGLE_ERR_PARSE;
	if (copy_member(o, "nextPageToken", page->next_page,
	    sizeof(page->next_page)) == -1 ||
	    copy_member(o, "nextSyncToken", page->next_sync,
	    sizeof(page->next_sync)) == -1)
		goto out;
	if ((items = member(o, "items", json_type_array)) != NULL) {
		n = json_object_array_length(items);
		for (i = 0; i < n && page->n < page->max; i++)
			if (event_item(json_object_array_get_idx(items, i),
			    &page->items[page->n]) == 0)
				page->n++;
		if (i < n)
			goto out;	/* a page larger than asked for */
	}
	if (page->next_page[0] == '\0' && page->next_sync[0] == '\0')
		goto out;		/* the last page must end the sync */
	er = GOOGLE_OK;
out:
	json_object_put(o);
	return er;
}

enum google_err
google_events_list(const struct config *cfg, const char *token,
    const char *calendar_id, const char *sync_token, const char *page_token,
    struct google_page *page)
{
	struct httpc_resp	 resp;
	struct buf		 url;
	enum google_err		 er = GOOGLE_ERR_NOMEM;

	page->n = 0;
	buf_init(&url, 4096);
	if (events_url(cfg, calendar_id, NULL, &url) == -1 ||
	    buf_printf(&url, "?maxResults=%zu&showDeleted=true",
	    page->max) == -1)
		goto out;
	if (sync_token != NULL && (buf_adds(&url, "&syncToken=") == -1 ||
	    google_url_escape(&url, sync_token) == -1))
		goto out;
	if (page_token != NULL && (buf_adds(&url, "&pageToken=") == -1 ||
	    google_url_escape(&url, page_token) == -1))
		goto out;
	er = api_call(cfg, "GET", buf_str(&url), token, NULL, 0, &resp);
	if (er == GOOGLE_OK)
		er = google_events_parse(resp.status, buf_str(&resp.body),
		    resp.body.len, page);
	httpc_resp_free(&resp);
out:
	buf_free(&url);
	return er;
}
