/*
 * alert_smtp — one email through the SMTP relay of SMTP_URL, with
 * libcurl: smtps:// (TLS from the start) or smtp:// (STARTTLS required
 * in production, tried elsewhere), AUTH with SMTP_USER/SMTP_PASSWORD when
 * given, connect and total timeouts, a low-speed limit, no proxy.
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "alert.h"
#include "config.h"

#define SMTP_CONNECT_MS		5000L
#define SMTP_TOTAL_MS		20000L
#define SMTP_LOW_SPEED		1L	/* bytes/s ... */
#define SMTP_LOW_SPEED_S	10L	/* ... for this long: give up */

/* The message being uploaded. */
struct smtp_src {
	const char	*p;
	size_t		 left;
};

/* libcurl's read callback: the next part of the message. */
static size_t
smtp_read(char *out, size_t size, size_t n, void *arg)
{
	struct smtp_src	*s = arg;
	size_t		 k = size * n;

	if (k > s->left)
		k = s->left;
	memcpy(out, s->p, k);
	s->p += k;
	s->left -= k;
	return k;
}

/* "<addr>" into out; 0, or -1 when it does not fit or has CR/LF/<>. */
static int
smtp_angle(const char *addr, char *out, size_t len)
{
	if (strpbrk(addr, "\r\n<>") != NULL ||
	    (size_t)snprintf(out, len, "<%s>", addr) >= len)
		return -1;
	return 0;
}

/* Set the options of one send on h.  Returns a CURLcode or'ed. */
static CURLcode
smtp_setup(CURL *h, const struct config *cfg, const char *from,
    struct curl_slist *rcpts, struct smtp_src *src, char *ebuf)
{
	CURLcode	 c = CURLE_OK;
	long		 tls;

	tls = strncmp(cfg->smtp_url, "smtps://", 8) == 0 ? CURLUSESSL_ALL :
	    cfg->production ? CURLUSESSL_ALL : CURLUSESSL_TRY;
	c |= curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
	c |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	c |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c |= curl_easy_setopt(h, CURLOPT_PROXY, "");
	c |= curl_easy_setopt(h, CURLOPT_USE_SSL, tls);
	c |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, SMTP_CONNECT_MS);
	c |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, SMTP_TOTAL_MS);
	c |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, SMTP_LOW_SPEED);
	c |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, SMTP_LOW_SPEED_S);
	c |= curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	c |= curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	c |= curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	c |= curl_easy_setopt(h, CURLOPT_READFUNCTION, smtp_read);
	c |= curl_easy_setopt(h, CURLOPT_READDATA, src);
	c |= curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
	    (curl_off_t)src->left);
	c |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	if (*cfg->smtp_user != '\0') {
		c |= curl_easy_setopt(h, CURLOPT_USERNAME, cfg->smtp_user);
		c |= curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->smtp_password);
	}
	return c;
}

int
alert_smtp_send(const struct config *cfg, const char *rcpt, const char *msg,
    char *err, size_t errsz)
{
	struct smtp_src		 src = { msg, strlen(msg) };
	struct curl_slist	*rcpts = NULL;
	char			 from[300], to[300];
	char			 ebuf[CURL_ERROR_SIZE] = "";
	CURL			*h;
	CURLcode		 c;
	long			 code = 0;

	if (smtp_angle(cfg->smtp_from, from, sizeof(from)) != 0 ||
	    smtp_angle(rcpt, to, sizeof(to)) != 0) {
		snprintf(err, errsz, "bad sender or recipient address");
		return -1;
	}
	if ((h = curl_easy_init()) == NULL ||
	    (rcpts = curl_slist_append(NULL, to)) == NULL) {
		curl_easy_cleanup(h);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if ((c = smtp_setup(h, cfg, from, rcpts, &src, ebuf)) == CURLE_OK)
		c = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(h);
	if (c != CURLE_OK) {
		snprintf(err, errsz, "SMTP relay: %s (last answer %ld)",
		    *ebuf != '\0' ? ebuf : curl_easy_strerror(c), code);
		return -1;
	}
	return 0;
}
