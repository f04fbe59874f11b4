/*
 * oauth — FastCGI responder for the oauth route group: connecting a
 * practitioner's Google Calendar.
 *
 *   GET /oauth/authorize?practitionerId=&clinicId=   signed-in admin of
 *       that clinic (or superadmin): 302 to Google's consent page, and a
 *       SameSite=Lax binding cookie (the session cookie is Strict and does
 *       not come back with Google's cross-site redirect).
 *   GET /oauth/callback?code=&state=  (or error=): a page saying what
 *       happened; tokens are stored only after every check passed.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json.h>

#include "app.h"
#include "auth.h"
#include "buf.h"
#include "calsync.h"
#include "fcgi.h"
#include "log.h"
#include "tmpl.h"

#define PAGE_MAX	(64 * 1024)

static struct tmpl_set	*pages;		/* templates/oauth, or NULL */

/* The binding cookie's name for this configuration. */
static const char *
cookie_name(const struct app_ctx *ctx)
{
	const char	*b = ctx->cfg->public_base_url;

	return b != NULL && strncasecmp(b, "https://", 8) == 0 ?
	    CALSYNC_COOKIE_SECURE : CALSYNC_COOKIE;
}

/* Set the binding cookie (value NULL: clear it).  0 or -1. */
static int
set_binding(struct app_ctx *ctx, struct req *r, const char *value)
{
	const char	*name = cookie_name(ctx);
	int		 secure = strcmp(name, CALSYNC_COOKIE_SECURE) == 0;
	char		 h[256];

	snprintf(h, sizeof(h), "%s=%s; Path=/; Max-Age=%d; HttpOnly; "
	    "SameSite=Lax%s", name, value != NULL ? value : "",
	    value != NULL ? 600 : 0, secure ? "; Secure" : "");
	return resp_header(r, "Set-Cookie", h);
}

/* Answer with the result page (French first, English below). */
static void
page(struct req *r, int status, int ok, const char *title,
    const char *fr, const char *en)
{
	json_object	*d;
	struct buf	 out;

	resp_nostore(r);
	if (req_wants_json(r) || pages == NULL ||
	    (d = json_object_new_object()) == NULL) {
		resp_error(r, status, en);
		return;
	}
	json_object_object_add(d, "title", json_object_new_string(title));
	json_object_object_add(d, "message", json_object_new_string(fr));
	json_object_object_add(d, "message_en", json_object_new_string(en));
	json_object_object_add(d, "ok", json_object_new_boolean(ok));
	buf_init(&out, PAGE_MAX);
	if (tmpl_render(pages, "result", d, &out) == TMPL_OK)
		resp_html(r, status, buf_str(&out), out.len);
	else
		resp_error(r, status, en);
	buf_free(&out);
	json_object_put(d);
}

/* GET /oauth/authorize */
static void
authorize(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct auth_user	 u;
	const char		*clinic = req_query(r, "clinicId");
	const char		*pract = req_query(r, "practitionerId");
	char			 binding[CALSYNC_BINDING_SIZE];
	struct buf		 url;
	enum calsync_err	 er;
	int			 st;

	if ((st = auth_from_request(ctx, r, &u)) != 0) {
		page(r, st == 503 ? 503 : 401, 0, "Connexion requise",
		    "Connectez-vous à l'administration de la clinique, puis "
		    "recommencez.", "Sign in to the clinic's admin first.");
		return;
	}
	if (clinic == NULL || pract == NULL) {
		page(r, 400, 0, "Lien incomplet", "Le praticien ou la "
		    "clinique manque.", "practitionerId and clinicId are "
		    "required.");
		return;
	}
	if ((strcmp(u.role, "ADMIN") != 0 &&
	    strcmp(u.role, "SUPERADMIN") != 0) ||
	    auth_clinic_access(&u, clinic) != 0) {
		page(r, 403, 0, "Accès refusé", "Seul un administrateur de "
		    "cette clinique peut connecter un agenda.",
		    "Only an admin of this clinic may connect a calendar.");
		return;
	}
	buf_init(&url, 8192);
	er = calsync_oauth_start(ctx, clinic, pract, u.user_id,
	    u.token_version, binding, &url);
	if (er == CALSYNC_OK && set_binding(ctx, r, binding) == 0 &&
	    resp_header(r, "Location", buf_str(&url)) == 0) {
		resp_nostore(r);
		resp_empty(r, 302);
	} else if (er == CALSYNC_ERR_NOTFOUND || er == CALSYNC_ERR_ARG)
		page(r, 404, 0, "Praticien inconnu", "Ce praticien n'existe "
		    "pas dans cette clinique.", "No such practitioner in "
		    "this clinic.");
	else
		page(r, er == CALSYNC_ERR_DB ? 503 : 500, 0, "Erreur",
		    "La connexion n'a pas pu commencer ; réessayez.",
		    "The connection could not start; try again.");
	buf_free(&url);
}

/* GET /oauth/callback */
static void
callback(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct auth_user	 u;
	const char		*state = req_query(r, "state");
	const char		*code = req_query(r, "code");
	const char		*who = NULL;
	char			 name[256], fr[512], en[512];
	enum calsync_err	 er;

	set_binding(ctx, r, NULL);
	if (req_query(r, "error") != NULL) {
		if (state != NULL)
			calsync_oauth_abandon(ctx, state);
		page(r, 400, 0, "Agenda non connecté", "Google n'a pas "
		    "accordé l'accès à l'agenda ; rien n'a été enregistré.",
		    "Google did not grant access; nothing was stored.");
		return;
	}
	if (state == NULL || code == NULL) {
		page(r, 400, 0, "Lien invalide", "Ce lien de connexion est "
		    "incomplet ; recommencez depuis l'administration.",
		    "Missing code or state; start again from the admin.");
		return;
	}
	/* A session cookie that does come back must be the same user. */
	if (auth_from_request(ctx, r, &u) == 0)
		who = u.user_id;
	er = calsync_oauth_finish(ctx, state, code,
	    req_cookie(r, cookie_name(ctx)), who, name, sizeof(name));
	switch (er) {
	case CALSYNC_OK:
		snprintf(fr, sizeof(fr), "L'agenda Google de %s est connecté.",
		    name);
		snprintf(en, sizeof(en), "The Google Calendar of %s is "
		    "connected.", name);
		page(r, 200, 1, "Agenda connecté", fr, en);
		break;
	case CALSYNC_ERR_STATE:
		page(r, 400, 0, "Lien invalide ou expiré", "Ce lien de "
		    "connexion est invalide, déjà utilisé ou expiré ; rien n'a "
		    "été enregistré. Recommencez depuis l'administration.",
		    "This link is invalid, already used or expired; nothing "
		    "was stored.");
		break;
	case CALSYNC_ERR_GOOGLE:
		page(r, 502, 0, "Agenda non connecté", "Google a refusé "
		    "l'échange ; rien n'a été enregistré. Recommencez.",
		    "Google refused the exchange; nothing was stored.");
		break;
	default:
		page(r, 503, 0, "Erreur", "Le service est momentanément "
		    "indisponible ; recommencez.", "Service unavailable; try "
		    "again.");
		break;
	}
}

/* Routes of this responder; matched before any work is done. */
static const struct route routes[] = {
	/* Liveness and database reachability. */
	{ "GET", "/health", app_health, 0 },
	/* Start connecting a practitioner's Google Calendar. */
	{ "GET", "/oauth/authorize", authorize, 0 },
	/* Google's redirect back after consent (or refusal). */
	{ "GET", "/oauth/callback", callback, 0 },
};

/* Load templates/oauth; the responder answers plain text without. */
static void
load_pages(const struct app_ctx *ctx)
{
	char	 dir[1024], why[256];

	snprintf(dir, sizeof(dir), "%s/oauth", ctx->cfg->template_dir);
	if (tmpl_load_dir(dir, &pages, why, sizeof(why)) != TMPL_OK)
		log_warn("oauth", "TEMPLATES_UNREADABLE", NULL, "%s: %s", dir,
		    why);
}

int
main(void)
{
	struct app_ctx		 ctx;
	struct fcgi_app		 app = {
		"oauth", routes, sizeof(routes) / sizeof(routes[0]),
		0, &ctx, NULL, NULL
	};
	int			 rc;

	app_start(&ctx, PROG_OAUTH, "oauth");
	app.max_body = (size_t)ctx.cfg->max_body;
	load_pages(&ctx);
	rc = fcgi_serve(&app);
	tmpl_set_free(pages);
	app_stop(&ctx);
	return rc;
}
