/*
 * ctl_chat — `sophiectl chat`: play a patient against a running suite.
 * Each line typed is posted as a correctly signed Twilio webhook through
 * nginx; Sophie's replies are printed as they are created (read from the
 * outbox, so they show even when Twilio is not configured).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "ctl.h"
#include "db.h"
#include "httpc.h"
#include "seal.h"
#include "twilio.h"

#define DEMO_CLINIC	"5e0f1e00-0000-4000-8000-00000000de40"

static const struct db_stmt st_chat_conf = {
	"chat_conf",
	"SELECT w.id, coalesce(encode(w.auth_token_enc, 'hex'), ''), "
	"w.phone_number FROM clinic_whatsapp_configs w "
	"WHERE w.clinic_id = $1::uuid AND w.is_active",
	1
};

/* Outbound messages of the patient's open conversation after a mark. */
static const struct db_stmt st_chat_replies = {
	"chat_replies",
	"SELECT m.body, m.status, to_char(m.created_at, "
	"'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM messages m JOIN conversations c "
	"ON c.id = m.conversation_id WHERE c.clinic_id = $1::uuid AND "
	"c.phone = $2 AND m.direction = 'outbound' AND m.created_at > "
	"$3::timestamp ORDER BY m.created_at, m.id",
	3
};

static const struct db_stmt st_chat_now = {
	"chat_now",
	"SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
	"'YYYY-MM-DD\"T\"HH24:MI:SS.US')",
	0
};

struct chat {
	struct app_ctx	 ctx;
	const char	*clinic;
	const char	*from;		/* E.164 */
	const char	*url;		/* where to post (nginx) */
	char		 signed_url[1024]; /* what Twilio would have called */
	char		 token[256];
	char		 number[32];
	char		 mark[40];	/* replies after this time are new */
};

/* Read the clinic's number and webhook token. Returns 0 or -1. */
static int
chat_conf(struct chat *c)
{
	const char	*p[1] = { c->clinic };
	PGresult	*res;
	int		 rc = -1;

	res = db_exec(c->ctx.db, &st_chat_conf, p);
	if (db_ok(res) && PQntuples(res) == 1 && seal_open_hex(
	    c->ctx.cfg->secret_key, PQgetvalue(res, 0, 1),
	    PQgetvalue(res, 0, 0), c->token, sizeof(c->token)) == 0) {
		snprintf(c->number, sizeof(c->number), "%s",
		    PQgetvalue(res, 0, 2));
		if (c->token[0] == '\0')
			snprintf(c->token, sizeof(c->token), "%s",
			    c->ctx.cfg->twilio_auth_token);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/* Post one signed webhook carrying text. Returns the HTTP status. */
static long
chat_post(struct chat *c, const char *text)
{
	struct twilio_param	 prm[6];
	unsigned char		 rnd[16];
	char			 sid[40], from[48], to[48], sig[64], hdr[96];
	const char		*hdrs[2];
	struct buf		 body;
	struct httpc_req	 rq;
	struct httpc_resp	 rs;
	long			 status;
	size_t			 i;

	randombytes_buf(rnd, sizeof(rnd));
	memcpy(sid, "SM", 2);
	sodium_bin2hex(sid + 2, sizeof(sid) - 2, rnd, sizeof(rnd));
	snprintf(from, sizeof(from), "whatsapp:%s", c->from);
	snprintf(to, sizeof(to), "whatsapp:%s", c->number);
	prm[0] = (struct twilio_param){ "MessageSid", sid };
	prm[1] = (struct twilio_param){ "From", from };
	prm[2] = (struct twilio_param){ "To", to };
	prm[3] = (struct twilio_param){ "Body", text };
	prm[4] = (struct twilio_param){ "NumMedia", "0" };
	prm[5] = (struct twilio_param){ "ProfileName", "sophiectl chat" };
	if (twilio_sig_compute(c->token, c->signed_url, prm, 6, sig) !=
	    TWILIO_OK)
		return 0;
	buf_init(&body, 64 * 1024);
	for (i = 0; i < 6; i++)
		twilio_form_add(&body, prm[i].name, prm[i].value);
	snprintf(hdr, sizeof(hdr), "X-Twilio-Signature: %s", sig);
	hdrs[0] = hdr;
	hdrs[1] = NULL;
	memset(&rq, 0, sizeof(rq));
	rq.method = "POST";
	rq.url = c->url;
	rq.body = buf_str(&body);
	rq.bodylen = body.len;
	rq.content_type = "application/x-www-form-urlencoded";
	rq.headers = hdrs;
	rq.timeout_ms = 10000;
	httpc_do(&rq, &rs);
	status = rs.status;
	httpc_resp_free(&rs);
	buf_free(&body);
	return status;
}

/* Print replies newer than the mark; returns how many were printed. */
static int
chat_print(struct chat *c)
{
	const char	*p[3] = { c->clinic, c->from, c->mark };
	PGresult	*res;
	int		 i, n = 0;

	res = db_exec(c->ctx.db, &st_chat_replies, p);
	for (i = 0; db_ok(res) && i < PQntuples(res); i++, n++) {
		printf("sophie> %s%s\n", PQgetvalue(res, i, 0),
		    strcmp(PQgetvalue(res, i, 1), "not_sent") == 0 ?
		    "   [not sent: no Twilio credentials]" : "");
		snprintf(c->mark, sizeof(c->mark), "%s", PQgetvalue(res, i, 2));
	}
	fflush(stdout);
	PQclear(res);
	return n;
}

/* Wait up to wait_ms for replies, then a short quiet time. */
static void
chat_wait(struct chat *c, int wait_ms)
{
	int	 waited = 0, quiet = 0, got = 0;

	while (waited < wait_ms && (got == 0 || quiet < 800)) {
		usleep(100 * 1000);
		waited += 100;
		if (chat_print(c) > 0) {
			got = 1;
			quiet = 0;
		} else
			quiet += 100;
	}
}

static void
chat_set_mark(struct chat *c)
{
	PGresult	*res = db_exec(c->ctx.db, &st_chat_now, NULL);

	if (db_ok(res))
		snprintf(c->mark, sizeof(c->mark), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
}

/* One line from the patient. Returns 0 or -1. */
static int
chat_say(struct chat *c, const char *line, int wait_ms)
{
	long	 st;

	chat_set_mark(c);
	if ((st = chat_post(c, line)) != 200) {
		fprintf(stderr, "sophiectl: the webhook answered %ld\n", st);
		return -1;
	}
	chat_wait(c, wait_ms);
	return 0;
}

int
ctl_chat(int argc, char **argv)
{
	struct chat	 c;
	char		 url[1024], line[2048];
	const char	*msg, *base;
	int		 rc = 0;

	if (ctl_wants_help(argc, argv)) {
		printf("usage: sophiectl chat [--clinic ID] [--from +E164] "
		    "[--url http://127.0.0.1:PORT] [--message TEXT]\n"
		    "Type as a patient; Sophie's replies are printed.\n");
		return 0;
	}
	memset(&c, 0, sizeof(c));
	app_start(&c.ctx, PROG_CTL, "sophiectl");
	c.clinic = ctl_opt(argc, argv, "clinic") ? ctl_opt(argc, argv,
	    "clinic") : DEMO_CLINIC;
	c.from = ctl_opt(argc, argv, "from") ? ctl_opt(argc, argv, "from") :
	    "+33600000001";
	base = ctl_opt(argc, argv, "url");
	snprintf(url, sizeof(url), "%s/webhook/whatsapp/%s", base != NULL ?
	    base : c.ctx.cfg->public_base_url, c.clinic);
	c.url = url;
	snprintf(c.signed_url, sizeof(c.signed_url), "%s/webhook/whatsapp/%s",
	    c.ctx.cfg->public_base_url, c.clinic);
	httpc_init(c.ctx.cfg->production);
	if (!c.ctx.cfg->have_secret_key || chat_conf(&c) == -1) {
		fprintf(stderr, "sophiectl: clinic %s has no readable WhatsApp "
		    "configuration\n", c.clinic);
		app_stop(&c.ctx);
		return 1;
	}
	if ((msg = ctl_opt(argc, argv, "message")) != NULL)
		rc = chat_say(&c, msg, 15000) == 0 ? 0 : 1;
	else {
		printf("You are %s writing to %s. Type a message (Ctrl-D to "
		    "quit).\n", c.from, c.number);
		while (printf("you> "), fflush(stdout),
		    fgets(line, sizeof(line), stdin) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (line[0] != '\0')
				chat_say(&c, line, 15000);
		}
	}
	app_stop(&c.ctx);
	return rc;
}
