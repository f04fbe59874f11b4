/*
 * ctl_demo — `sophiectl demo`: a demo clinic in Europe/Paris with three
 * practitioners, treatments with durations, opening hours with a lunch
 * break, an admin user and a WhatsApp configuration.  Running it again
 * changes nothing and prints the same logins.  The verify token is
 * derived from SOPHIE_SECRET_KEY (so it is the same at every run, yet
 * not a constant anyone can read here); the database holds only its
 * salted hash, and `--json` prints the token for the operator.  In
 * production it refuses to run: its password is public (demo.h).
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include <sodium.h>

#include "app.h"
#include "buf.h"
#include "crypto.h"
#include "ctl.h"
#include "db.h"
#include "demo.h"
#include "passwd.h"
#include "seal.h"

#define DEMO_CLINIC	"5e0f1e00-0000-4000-8000-00000000de40"
#define DEMO_NUMBER	"+14155238886"
#define DEMO_TOKEN	"demo-twilio-auth-token-0123456789"
#define DEMO_VERIFY_CTX	"sophie demo whatsapp verify token"

static const struct db_stmt st_demo_clinic = {
	"demo_clinic",
	"INSERT INTO clinics (id, name, address, phone, email, timezone, "
	"language, emergency_numbers, access_info) VALUES ($1::uuid, "
	"'Cabinet dentaire Démo', '12 rue de la Paix, 75002 Paris', "
	"'+33140000000', 'contact@demo.sophie.local', 'Europe/Paris', 'fr', "
	"'01 40 00 00 00', 'Parking Opéra-Meyerbeer à 200 m ; métro Opéra "
	"(lignes 3, 7, 8) ; 2e étage avec ascenseur.') "
	"ON CONFLICT (id) DO NOTHING RETURNING id",
	1
};

/* Monday to Friday 08:30–12:30 and 14:00–18:30, Saturday 09:00–12:00. */
static const struct db_stmt st_demo_hours = {
	"demo_hours",
	"INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min, "
	"end_min) SELECT $1::uuid, d, r.s, r.e FROM generate_series(0, 4) d, "
	"(VALUES (510, 750), (840, 1110)) r(s, e) UNION ALL "
	"SELECT $1::uuid, 5, 540, 720",
	1
};

static const struct db_stmt st_demo_practitioners = {
	"demo_practitioners",
	"INSERT INTO practitioners (clinic_id, first_name, last_name, title, "
	"specialty, display_order) VALUES "
	"($1::uuid, 'Marie', 'Leal', 'Dr', 'Chirurgien-dentiste', 1), "
	"($1::uuid, 'Paul', 'Martin', 'Dr', 'Orthodontiste', 2), "
	"($1::uuid, 'Sophie', 'Bernard', 'Dr', 'Chirurgien-dentiste', 3)",
	1
};

static const struct db_stmt st_demo_treatments = {
	"demo_treatments",
	"INSERT INTO treatment_types (clinic_id, name, duration_minutes, "
	"buffer_minutes, price_cents) VALUES "
	"($1::uuid, 'Consultation', 30, 0, 2500), "
	"($1::uuid, 'Détartrage', 45, 10, 4500), "
	"($1::uuid, 'Blanchiment', 60, 15, 30000), "
	"($1::uuid, 'Extraction', 45, 15, 8000), "
	"($1::uuid, 'Contrôle', 20, 0, 2300), "
	"($1::uuid, 'Urgence dentaire', 30, 0, 5000)",
	1
};

/* Dr Leal and Dr Bernard do everything but orthodontics; Dr Martin does
 * consultations and check-ups. */
static const struct db_stmt st_demo_links = {
	"demo_links",
	"INSERT INTO practitioner_treatments (clinic_id, practitioner_id, "
	"treatment_type_id) SELECT p.clinic_id, p.id, t.id FROM practitioners p "
	"JOIN treatment_types t ON t.clinic_id = p.clinic_id "
	"WHERE p.clinic_id = $1::uuid AND (p.last_name <> 'Martin' OR "
	"t.name IN ('Consultation', 'Contrôle'))",
	1
};

static const struct db_stmt st_demo_token = {
	"demo_token",
	"SELECT w.id, encode(w.auth_token_enc, 'hex'), w.phone_number "
	"FROM clinic_whatsapp_configs w WHERE w.clinic_id = $1::uuid "
	"AND w.is_active",
	1
};

/*
 * The demo's verify token: 16 bytes of BLAKE2b keyed with the secret
 * key over DEMO_VERIFY_CTX, in hex (out: 33 bytes).
 */
static void
demo_verify_token(const unsigned char *key, char out[33])
{
	unsigned char	 d[16];

	crypto_generichash(d, sizeof(d), (const unsigned char *)
	    DEMO_VERIFY_CTX, sizeof(DEMO_VERIFY_CTX) - 1, key, 32);
	crypto_hex_encode(d, sizeof(d), out, 33);
	crypto_wipe(d, sizeof(d));
}

/* Insert the demo rows inside the open transaction. Returns 0 or -1. */
static int
demo_insert(struct app_ctx *ctx)
{
	char		 verify[33];
	const char	*p[1] = { DEMO_CLINIC };
	PGresult	*res;
	int		 fresh;

	res = db_exec(ctx->db, &st_demo_clinic, p);
	if (!db_ok(res)) {
		PQclear(res);
		return -1;
	}
	fresh = PQntuples(res) == 1;
	PQclear(res);
	if (!fresh)
		return 0;
	if (db_do(ctx->db, &st_demo_hours, p) != DB_OK ||
	    db_do(ctx->db, &st_demo_practitioners, p) != DB_OK ||
	    db_do(ctx->db, &st_demo_treatments, p) != DB_OK ||
	    db_do(ctx->db, &st_demo_links, p) != DB_OK)
		return -1;
	demo_verify_token(ctx->cfg->secret_key, verify);
	return ctl_whatsapp_store(ctx->db, ctx->cfg->secret_key, DEMO_CLINIC,
	    DEMO_NUMBER, verify, NULL, DEMO_TOKEN);
}

/* Read back the demo's WhatsApp number and token into o. */
static int
demo_whatsapp(struct app_ctx *ctx, json_object *o)
{
	const char	*p[1] = { DEMO_CLINIC };
	PGresult	*res;
	char		 tok[256], verify[33];
	int		 rc = -1;

	res = db_exec(ctx->db, &st_demo_token, p);
	if (!db_ok(res) || PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	if (seal_open_hex(ctx->cfg->secret_key, PQgetvalue(res, 0, 1),
	    PQgetvalue(res, 0, 0), tok, sizeof(tok)) == 0) {
		json_object_object_add(o, "whatsapp_number",
		    json_object_new_string(PQgetvalue(res, 0, 2)));
		demo_verify_token(ctx->cfg->secret_key, verify);
		json_object_object_add(o, "verify_token",
		    json_object_new_string(verify));
		json_object_object_add(o, "auth_token",
		    json_object_new_string(tok));
		rc = 0;
	}
	PQclear(res);
	return rc;
}

int
ctl_demo(int argc, char **argv)
{
	struct app_ctx	 ctx;
	json_object	*o;
	const char	*cp[5];
	char		 hash[PASSWD_HASH_LEN];
	int		 rc = 1;
	static const struct db_stmt st_admin = {
		"demo_admin",
		"INSERT INTO clinic_users (clinic_id, email, name, "
		"password_hash, role) VALUES ($1::uuid, $2, $3, $4, $5) "
		"ON CONFLICT (lower(email)) DO NOTHING",
		5
	};

	if (ctl_wants_help(argc, argv)) {
		printf("usage: sophiectl demo [--json]\n"
		    "Creates the demo clinic (once) and prints its id, the "
		    "admin login and the WhatsApp number and auth token that "
		    "its webhooks are signed with.\n");
		return 0;
	}
	app_start(&ctx, PROG_CTL, "sophiectl");
	if (ctx.cfg->production) {
		fprintf(stderr, "sophiectl: demo: %s (NODE_ENV=production); "
		    "create a clinic and its users with sophiectl clinic add "
		    "and user add\n", DEMO_REFUSED);
		app_stop(&ctx);
		return 78;
	}
	if (!ctx.cfg->have_secret_key) {
		fprintf(stderr, "sophie: config: SOPHIE_SECRET_KEY is missing\n");
		return 78;
	}
	if (db_ensure(ctx.db) != DB_OK) {
		fprintf(stderr, "sophiectl: database unavailable: %s\n",
		    db_last_error(ctx.db));
		app_stop(&ctx);
		return 69;
	}
	o = json_object_new_object();
	if (passwd_hash(DEMO_PASSWORD, hash) == -1 ||
	    db_command(ctx.db, "BEGIN") != DB_OK)
		goto out;
	cp[0] = DEMO_CLINIC;
	cp[1] = DEMO_EMAIL;
	cp[2] = "Demo admin";
	cp[3] = hash;
	cp[4] = "ADMIN";
	if (demo_insert(&ctx) == -1 || db_do(ctx.db, &st_admin, cp) != DB_OK ||
	    db_command(ctx.db, "COMMIT") != DB_OK) {
		db_command(ctx.db, "ROLLBACK");
		fprintf(stderr, "sophiectl: demo: could not create the demo "
		    "clinic (did you run sophiectl migrate?)\n");
		goto out;
	}
	json_object_object_add(o, "clinic_id", json_object_new_string(
	    DEMO_CLINIC));
	json_object_object_add(o, "admin_email", json_object_new_string(
	    DEMO_EMAIL));
	json_object_object_add(o, "admin_password", json_object_new_string(
	    DEMO_PASSWORD));
	if (demo_whatsapp(&ctx, o) == -1) {
		fprintf(stderr, "sophiectl: demo: cannot read the WhatsApp "
		    "token (was SOPHIE_SECRET_KEY changed?)\n");
		goto out;
	}
	if (ctl_flag(argc, argv, "json"))
		printf("%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		printf("demo clinic %s\n"
		    "admin pages: %s/clinic/%s/admin/login\n"
		    "admin login: %s / %s\n"
		    "WhatsApp number: %s (talk to it: sophiectl chat)\n",
		    DEMO_CLINIC, ctx.cfg->public_base_url, DEMO_CLINIC,
		    DEMO_EMAIL, DEMO_PASSWORD, json_object_get_string(
		    json_object_object_get(o, "whatsapp_number")));
	rc = 0;
out:
	json_object_put(o);
	app_stop(&ctx);
	return rc;
}
