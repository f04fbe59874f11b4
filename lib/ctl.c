/*
 * ctl — sophiectl's commands: migrations, clinics, users, WhatsApp, psql.
 * Every statement is a named, parameterised statement of this file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "crypto.h"
#include "ctl.h"
#include "db.h"
#include "migrate.h"
#include "page.h"
#include "passwd.h"
#include "seal.h"

static const struct db_stmt st_clinic_add = {
	"ctl_clinic_add",
	"INSERT INTO clinics (name, timezone, language, address, phone) "
	"VALUES ($1, $2, $3, $4, $5) RETURNING id",
	5
};

static const struct db_stmt st_user_add = {
	"ctl_user_add",
	"INSERT INTO clinic_users (clinic_id, email, name, password_hash, role) "
	"VALUES ($1::uuid, lower($2), $3, $4, $5) "
	"ON CONFLICT (lower(email)) DO UPDATE SET password_hash = "
	"EXCLUDED.password_hash, role = EXCLUDED.role, clinic_id = "
	"EXCLUDED.clinic_id, is_active = true, token_version = "
	"clinic_users.token_version + 1 RETURNING id",
	5
};

static const struct db_stmt st_wa_deactivate = {
	"ctl_wa_deactivate",
	"UPDATE clinic_whatsapp_configs SET is_active = false "
	"WHERE clinic_id = $1::uuid AND is_active",
	1
};

/* The verify token is stored as salt ($4) and hash ($5), hex. */
static const struct db_stmt st_wa_insert = {
	"ctl_wa_insert",
	"INSERT INTO clinic_whatsapp_configs (id, clinic_id, phone_number, "
	"verify_salt, verify_hash, account_sid, auth_token_enc, "
	"auth_token_nonce) VALUES ($1::uuid, $2::uuid, $3, decode($4, 'hex'), "
	"decode($5, 'hex'), NULLIF($6, ''), decode(NULLIF($7, ''), 'hex'), "
	"decode(NULLIF($8, ''), 'hex'))",
	8
};

/* The verify token's salt and hash of the clinic's active config. */
static const struct db_stmt st_wa_verify = {
	"ctl_wa_verify",
	"SELECT encode(verify_salt, 'hex'), encode(verify_hash, 'hex') "
	"FROM clinic_whatsapp_configs WHERE clinic_id = $1::uuid AND "
	"is_active",
	1
};

int
ctl_wants_help(int argc, char **argv)
{
	int	 i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

const char *
ctl_opt(int argc, char **argv, const char *name)
{
	int	 i;

	for (i = 1; i + 1 < argc; i++)
		if (strncmp(argv[i], "--", 2) == 0 &&
		    strcmp(argv[i] + 2, name) == 0)
			return argv[i + 1];
	return NULL;
}

int
ctl_flag(int argc, char **argv, const char *name)
{
	int	 i;

	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--", 2) == 0 &&
		    strcmp(argv[i] + 2, name) == 0)
			return 1;
	return 0;
}

const char *
ctl_sql_dir(void)
{
	const char	*d = getenv("SOPHIE_SQL_DIR");

	if (d != NULL && *d != '\0')
		return d;
	if (access("sql/002_core.sql", R_OK) == 0)
		return "sql";
	return "/usr/local/share/sophie/sql";
}

int
ctl_connect(struct app_ctx *ctx)
{
	app_start(ctx, PROG_CTL, "sophiectl");
	if (db_ensure(ctx->db) != DB_OK) {
		fprintf(stderr, "sophiectl: database unavailable: %s\n",
		    db_last_error(ctx->db));
		app_stop(ctx);
		return -1;
	}
	return 0;
}

int
ctl_migrate(int argc, char **argv)
{
	struct app_ctx	 ctx;
	int		 n;

	if (ctl_wants_help(argc, argv)) {
		printf("usage: sophiectl migrate [--json]\n"
		    "Applies the files of sql/ not yet recorded in "
		    "schema_migrations, each in one transaction.\n");
		return 0;
	}
	if (ctl_connect(&ctx) == -1)
		return 69;
	n = migrate_run(ctx.db, ctl_sql_dir(), !ctl_flag(argc, argv, "json"));
	app_stop(&ctx);
	if (n < 0)
		return 1;
	if (ctl_flag(argc, argv, "json"))
		printf("{\"applied\": %d}\n", n);
	else if (n == 0)
		printf("nothing to apply\n");
	return 0;
}

int
ctl_psql(int argc, char **argv)
{
	const struct config	*cfg;

	if (ctl_wants_help(argc, argv)) {
		printf("usage: sophiectl psql [psql options]\n");
		return 0;
	}
	cfg = config_load(PROG_CTL);
	argv[0] = (char *)"psql";
	if (argc >= 1) {
		char	**av = calloc((size_t)argc + 2, sizeof(char *));
		int	  i;

		if (av == NULL)
			return 71;
		av[0] = (char *)"psql";
		av[1] = (char *)cfg->database_url;
		for (i = 1; i < argc; i++)
			av[i + 1] = argv[i];
		execvp("psql", av);
		free(av);
	}
	perror("sophiectl: psql");
	return 69;
}

/* Run one statement returning one value (copied into out). */
static int
ctl_one(struct db *db, const struct db_stmt *st, const char *const *p,
    char *out, size_t outsz)
{
	PGresult	*res;
	int		 rc = -1;

	res = db_exec(db, st, p);
	if (db_ok(res) && PQntuples(res) == 1) {
		snprintf(out, outsz, "%s", PQgetvalue(res, 0, 0));
		rc = 0;
	} else if (res != NULL)
		fprintf(stderr, "sophiectl: %s", PQresultErrorMessage(res));
	PQclear(res);
	return rc;
}

int
ctl_clinic(int argc, char **argv)
{
	struct app_ctx	 ctx;
	const char	*p[5];
	char		 id[64];

	if (ctl_wants_help(argc, argv) || argc < 2 ||
	    strcmp(argv[1], "add") != 0) {
		printf("usage: sophiectl clinic add --name NAME [--timezone TZ] "
		    "[--language fr|en] [--address A] [--phone P] [--json]\n");
		return ctl_wants_help(argc, argv) ? 0 : 64;
	}
	if ((p[0] = ctl_opt(argc, argv, "name")) == NULL) {
		fprintf(stderr, "sophiectl: clinic add: --name is required\n");
		return 64;
	}
	p[1] = ctl_opt(argc, argv, "timezone");
	p[1] = p[1] != NULL ? p[1] : "Europe/Paris";
	p[2] = ctl_opt(argc, argv, "language");
	p[2] = p[2] != NULL ? p[2] : "fr";
	p[3] = ctl_opt(argc, argv, "address");
	p[4] = ctl_opt(argc, argv, "phone");
	if (ctl_connect(&ctx) == -1)
		return 69;
	if (ctl_one(ctx.db, &st_clinic_add, p, id, sizeof(id)) == -1) {
		app_stop(&ctx);
		return 1;
	}
	app_stop(&ctx);
	if (ctl_flag(argc, argv, "json"))
		printf("{\"clinic_id\": \"%s\"}\n", id);
	else
		printf("clinic %s\n", id);
	return 0;
}

/* Shared by user add and superadmin add. */
static int
ctl_add_user(int argc, char **argv, const char *clinic, const char *role)
{
	struct app_ctx	 ctx;
	const char	*p[5], *email, *pw;
	char		 hash[PASSWD_HASH_LEN], id[64];

	email = ctl_opt(argc, argv, "email");
	pw = ctl_opt(argc, argv, "password");
	if (email == NULL || pw == NULL || strlen(pw) < 8) {
		fprintf(stderr, "sophiectl: --email and --password (at least "
		    "8 characters) are required\n");
		return 64;
	}
	if (!page_is_email(email)) {
		fprintf(stderr, "sophiectl: --email: not a valid email "
		    "address\n");
		return 64;
	}
	if (ctl_connect(&ctx) == -1)
		return 69;
	if (passwd_hash(pw, hash) == -1) {
		fprintf(stderr, "sophiectl: cannot hash the password\n");
		app_stop(&ctx);
		return 1;
	}
	p[0] = clinic;
	p[1] = email;
	p[2] = ctl_opt(argc, argv, "name");
	p[3] = hash;
	p[4] = role;
	if (ctl_one(ctx.db, &st_user_add, p, id, sizeof(id)) == -1) {
		app_stop(&ctx);
		return 1;
	}
	app_stop(&ctx);
	if (ctl_flag(argc, argv, "json"))
		printf("{\"user_id\": \"%s\"}\n", id);
	else
		printf("user %s\n", id);
	return 0;
}

int
ctl_user(int argc, char **argv)
{
	const char	*clinic, *role;

	if (ctl_wants_help(argc, argv) || argc < 2 ||
	    strcmp(argv[1], "add") != 0) {
		printf("usage: sophiectl user add --clinic ID --email E "
		    "--password P [--role ADMIN|STAFF] [--name N] [--json]\n");
		return ctl_wants_help(argc, argv) ? 0 : 64;
	}
	if ((clinic = ctl_opt(argc, argv, "clinic")) == NULL) {
		fprintf(stderr, "sophiectl: user add: --clinic is required\n");
		return 64;
	}
	role = ctl_opt(argc, argv, "role");
	if (role == NULL)
		role = "ADMIN";
	if (strcmp(role, "ADMIN") != 0 && strcmp(role, "STAFF") != 0) {
		fprintf(stderr, "sophiectl: --role must be ADMIN or STAFF\n");
		return 64;
	}
	return ctl_add_user(argc, argv, clinic, role);
}

int
ctl_superadmin(int argc, char **argv)
{
	if (ctl_wants_help(argc, argv) || argc < 2 ||
	    strcmp(argv[1], "add") != 0) {
		printf("usage: sophiectl superadmin add --email E --password P "
		    "[--name N] [--json]\n");
		return ctl_wants_help(argc, argv) ? 0 : 64;
	}
	return ctl_add_user(argc, argv, NULL, "SUPERADMIN");
}

/*
 * The salt and hash (hex) of the verify token of the clinic's active
 * WhatsApp configuration.  Returns 0, or -1 when it has none (or the
 * database failed).
 */
static int
ctl_wa_current_verify(struct db *db, const char *clinic,
    char salt[2 * CRYPTO_TOKEN_SALT_LEN + 1],
    char hash[2 * CRYPTO_TOKEN_HASH_LEN + 1])
{
	const char	*p[1] = { clinic };
	PGresult	*res;
	int		 rc = -1;

	res = db_exec(db, &st_wa_verify, p);
	if (db_ok(res) && PQntuples(res) == 1 &&
	    strlen(PQgetvalue(res, 0, 0)) == 2 * CRYPTO_TOKEN_SALT_LEN &&
	    strlen(PQgetvalue(res, 0, 1)) == 2 * CRYPTO_TOKEN_HASH_LEN) {
		memcpy(salt, PQgetvalue(res, 0, 0),
		    2 * CRYPTO_TOKEN_SALT_LEN + 1);
		memcpy(hash, PQgetvalue(res, 0, 1),
		    2 * CRYPTO_TOKEN_HASH_LEN + 1);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/*
 * Store a clinic's WhatsApp configuration (replacing the active one), the
 * auth token sealed with the row's id as associated data, the verify
 * token as a salted hash only (verify NULL: the active configuration's
 * one is kept; there must be one).  Returns 0/-1.
 */
int
ctl_whatsapp_store(struct db *db, const unsigned char *key,
    const char *clinic, const char *number, const char *verify,
    const char *sid, const char *token)
{
	unsigned char	 rid[16];
	char		 id[37], hex[1024], nhex[64];
	char		 vsalt[2 * CRYPTO_TOKEN_SALT_LEN + 1];
	char		 vhash[2 * CRYPTO_TOKEN_HASH_LEN + 1];
	const char	*p[8];
	struct buf	 sealed;
	int		 rc = -1;

	if (verify != NULL)
		crypto_token_hash(verify, vsalt, vhash);
	else if (ctl_wa_current_verify(db, clinic, vsalt, vhash) != 0)
		return -1;

	randombytes_buf(rid, sizeof(rid));
	rid[6] = (rid[6] & 0x0f) | 0x40;
	rid[8] = (rid[8] & 0x3f) | 0x80;
	snprintf(id, sizeof(id), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", rid[0], rid[1], rid[2], rid[3], rid[4],
	    rid[5], rid[6], rid[7], rid[8], rid[9], rid[10], rid[11], rid[12],
	    rid[13], rid[14], rid[15]);
	buf_init(&sealed, 512);
	hex[0] = nhex[0] = '\0';
	if (token != NULL && *token != '\0') {
		if (seal_encrypt(key, token, strlen(token), id, &sealed) == -1 ||
		    sealed.len * 2 + 1 > sizeof(hex))
			goto out;
		sodium_bin2hex(hex, sizeof(hex), (unsigned char *)sealed.p,
		    sealed.len);
		/* The nonce is inside the sealed bytes; the column keeps
		 * its first 24 bytes for the schema's pairing check. */
		sodium_bin2hex(nhex, sizeof(nhex), (unsigned char *)sealed.p, 24);
	}
	p[0] = clinic;
	if (db_do(db, &st_wa_deactivate, p) != DB_OK)
		goto out;
	p[0] = id;
	p[1] = clinic;
	p[2] = number;
	p[3] = vsalt;
	p[4] = vhash;
	p[5] = sid != NULL ? sid : "";
	p[6] = hex;
	p[7] = nhex;
	rc = db_do(db, &st_wa_insert, p) == DB_OK ? 0 : -1;
out:
	buf_free(&sealed);
	return rc;
}

/*
 * The verify token for `whatsapp set`: the one given, else NULL to keep
 * the active configuration's, else a new random one written into made
 * (printed once by the caller: only its hash is stored).
 */
static const char *
ctl_wa_verify_arg(struct db *db, const char *clinic, const char *given,
    char made[65])
{
	unsigned char	 rnd[32];
	char		 salt[2 * CRYPTO_TOKEN_SALT_LEN + 1];
	char		 hash[2 * CRYPTO_TOKEN_HASH_LEN + 1];

	made[0] = '\0';
	if (given != NULL)
		return given;
	if (ctl_wa_current_verify(db, clinic, salt, hash) == 0)
		return NULL;
	randombytes_buf(rnd, sizeof(rnd));
	crypto_hex_encode(rnd, sizeof(rnd), made, 65);
	crypto_wipe(rnd, sizeof(rnd));
	return made;
}

int
ctl_whatsapp(int argc, char **argv)
{
	struct app_ctx	 ctx;
	const char	*clinic, *number, *verify;
	char		 made[65] = "";
	int		 rc;

	if (ctl_wants_help(argc, argv) || argc < 2 ||
	    strcmp(argv[1], "set") != 0) {
		printf("usage: sophiectl whatsapp set --clinic ID --number "
		    "+E164 [--verify-token T] [--account-sid AC...] "
		    "[--auth-token T]\n"
		    "Without --verify-token the active configuration's verify "
		    "token is kept,\nor a random one is made and printed once "
		    "(only its hash is stored).\n");
		return ctl_wants_help(argc, argv) ? 0 : 64;
	}
	clinic = ctl_opt(argc, argv, "clinic");
	number = ctl_opt(argc, argv, "number");
	if (clinic == NULL || number == NULL) {
		fprintf(stderr, "sophiectl: whatsapp set: --clinic and "
		    "--number are required\n");
		return 64;
	}
	if (ctl_connect(&ctx) == -1)
		return 69;
	if (!ctx.cfg->have_secret_key) {
		fprintf(stderr, "sophie: config: SOPHIE_SECRET_KEY is missing\n");
		app_stop(&ctx);
		return 78;
	}
	if (db_command(ctx.db, "BEGIN") != DB_OK)
		rc = -1;
	else {
		verify = ctl_wa_verify_arg(ctx.db, clinic,
		    ctl_opt(argc, argv, "verify-token"), made);
		rc = ctl_whatsapp_store(ctx.db, ctx.cfg->secret_key, clinic,
		    number, verify, ctl_opt(argc, argv, "account-sid"),
		    ctl_opt(argc, argv, "auth-token"));
	}
	if (rc == 0 && db_command(ctx.db, "COMMIT") != DB_OK)
		rc = -1;
	if (rc != 0)
		db_command(ctx.db, "ROLLBACK");
	app_stop(&ctx);
	if (rc != 0) {
		fprintf(stderr, "sophiectl: whatsapp set failed\n");
		return 1;
	}
	printf("whatsapp %s set for clinic %s\n", number, clinic);
	if (made[0] != '\0')
		printf("verify token (shown once, stored hashed): %s\n", made);
	crypto_wipe(made, sizeof(made));
	return 0;
}
