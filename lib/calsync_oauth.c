/*
 * calsync_oauth — the database side of connecting a calendar: state rows
 * (only the state's SHA-256 is stored; single use, 10 minutes, bound to
 * the browser that started and to the user's session version), the PKCE
 * verifier sealed in the row, and the tokens sealed into
 * practitioner_calendar_integrations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "calsync.h"
#include "calsync_int.h"
#include "db.h"
#include "google.h"
#include "log.h"

static const struct db_stmt st_practitioner = {
	"calsync_practitioner",
	"SELECT coalesce(title || ' ', '') || first_name || ' ' || last_name "
	"FROM practitioners "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid AND is_active",
	2
};

static const struct db_stmt st_state_prune = {
	"calsync_state_prune",
	"DELETE FROM oauth_states WHERE expires_at < to_timestamp($1::bigint)",
	1
};

static const struct db_stmt st_state_insert = {
	"calsync_state_insert",
	"INSERT INTO oauth_states (id, state_hash, clinic_id, practitioner_id, "
	"user_id, session_hash, user_token_version, code_verifier_enc, "
	"code_verifier_nonce, created_at, expires_at) VALUES ($1::uuid, "
	"decode($2, 'hex'), $3::uuid, $4::uuid, $5::uuid, decode($6, 'hex'), "
	"$7::int, decode($8, 'hex'), decode($9, 'hex'), "
	"to_timestamp($10::bigint), to_timestamp($11::bigint))",
	11
};

/* Finds and uses the state in one statement: a second use finds none. */
static const struct db_stmt st_state_use = {
	"calsync_state_use",
	"UPDATE oauth_states SET used_at = to_timestamp($2::bigint) "
	"WHERE state_hash = decode($1, 'hex') AND used_at IS NULL "
	"AND expires_at > to_timestamp($2::bigint) "
	"RETURNING id, clinic_id, practitioner_id, user_id, "
	"encode(session_hash, 'hex'), user_token_version, "
	"coalesce(encode(code_verifier_enc, 'hex'), '')",
	2
};

/* The user is still active with the session version the state saw. */
static const struct db_stmt st_user_session = {
	"calsync_user_session",
	"SELECT 1 FROM clinic_users WHERE id = $1::uuid AND is_active "
	"AND token_version = $2::int "
	"AND (clinic_id = $3::uuid OR role = 'SUPERADMIN')",
	3
};

static const struct db_stmt st_integ_upsert = {
	"calsync_integ_upsert",
	"INSERT INTO practitioner_calendar_integrations "
	"(id, clinic_id, practitioner_id) VALUES ($1::uuid, $2::uuid, "
	"$3::uuid) ON CONFLICT (practitioner_id) DO UPDATE "
	"SET updated_at = now() "
	"WHERE practitioner_calendar_integrations.clinic_id = $2::uuid "
	"RETURNING id",
	3
};

static const struct db_stmt st_integ_connect = {
	"calsync_integ_connect",
	"UPDATE practitioner_calendar_integrations SET status = 'connected', "
	"access_token_enc = decode($3, 'hex'), "
	"access_token_nonce = decode($4, 'hex'), "
	"refresh_token_enc = decode($5, 'hex'), "
	"refresh_token_nonce = decode($6, 'hex'), "
	"token_expires_at = to_timestamp($7::bigint), scope = $8, "
	"sync_token = NULL, last_error = NULL, "
	"connected_at = to_timestamp($9::bigint) "
	"WHERE clinic_id = $1::uuid AND id = $2::uuid",
	9
};

static const struct db_stmt st_cache_forget = {
	"calsync_cache_forget",
	"DELETE FROM freebusy_cache WHERE clinic_id = $1::uuid "
	"AND practitioner_id = $2::uuid",
	2
};

/* "%lld" of v. */
static void
i64s(int64_t v, char out[24])
{
	snprintf(out, 24, "%lld", (long long)v);
}

/* The practitioner's display name; 1 found, 0 none, -1 database. */
static int
practitioner_name(struct app_ctx *ctx, const char *clinic,
    const char *pract, char *name, size_t namesz)
{
	const char	*p[2] = { clinic, pract };
	PGresult	*res;
	int		 rc = -1;

	if ((res = db_exec(ctx->db, &st_practitioner, p)) != NULL &&
	    db_ok(res)) {
		rc = PQntuples(res) == 1;
		if (rc == 1 && name != NULL)
			snprintf(name, namesz, "%s", PQgetvalue(res, 0, 0));
	}
	PQclear(res);
	return rc;
}

enum calsync_err
calsync_oauth_start(struct app_ctx *ctx, const char *clinic,
    const char *practitioner, const char *user_id, int ver,
    char binding[CALSYNC_BINDING_SIZE], struct buf *url)
{
	char		 state[GOOGLE_STATE_SIZE], verifier[GOOGLE_PKCE_SIZE];
	char		 challenge[GOOGLE_PKCE_SIZE], id[37], shash[65];
	char		 bhash[65], vers[24], now[24], exp[24], nonce[49];
	unsigned char	 b[32];
	char		*vhex = NULL;
	const char	*p[11];
	enum calsync_err er = CALSYNC_ERR_DB;
	int64_t		 t = config_now();
	int		 r;

	binding[0] = '\0';
	if (!calsync_uuid_ok(clinic) || !calsync_uuid_ok(practitioner) ||
	    !calsync_uuid_ok(user_id))
		return CALSYNC_ERR_ARG;
	if (!ctx->cfg->have_secret_key)
		return CALSYNC_ERR_KEY;
	if ((r = practitioner_name(ctx, clinic, practitioner, NULL, 0)) != 1)
		return r == 0 ? CALSYNC_ERR_NOTFOUND : CALSYNC_ERR_DB;
	google_state_new(ctx->cfg->secret_key, t, state);
	calsync_sha256_hex(state, shash);
	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(binding, CALSYNC_BINDING_SIZE, b, sizeof(b));
	calsync_sha256_hex(binding, bhash);
	google_pkce_verifier(verifier);
	if (google_pkce_challenge(verifier, challenge) == -1)
		return CALSYNC_ERR_ARG;
	calsync_uuid_new(id);
	if (calsync_seal_hex(ctx, verifier, id, &vhex, nonce) == -1) {
		er = CALSYNC_ERR_NOMEM;
		goto out;
	}
	i64s(ver, vers);
	i64s(t, now);
	i64s(t + GOOGLE_STATE_TTL, exp);
	p[0] = now;
	db_do(ctx->db, &st_state_prune, p);
	p[0] = id;
	p[1] = shash;
	p[2] = clinic;
	p[3] = practitioner;
	p[4] = user_id;
	p[5] = bhash;
	p[6] = vers;
	p[7] = vhex;
	p[8] = nonce;
	p[9] = now;
	p[10] = exp;
	if (db_do(ctx->db, &st_state_insert, p) != DB_OK)
		goto out;
	er = google_auth_url(ctx->cfg, state, challenge, url) == 0 ?
	    CALSYNC_OK : CALSYNC_ERR_NOMEM;
out:
	free(vhex);
	sodium_memzero(verifier, sizeof(verifier));
	if (er != CALSYNC_OK)
		binding[0] = '\0';
	return er;
}

/* The used state row. */
struct state_row {
	char	 id[37];
	char	 clinic[37];
	char	 practitioner[37];
	char	 user[37];
	char	 session_hash[65];
	char	 ver[16];
	char	 verifier[GOOGLE_PKCE_SIZE + 96];
};

/*
 * Check and use the state: 0 (row filled), -1 (refused), -2 (database).
 */
static int
state_use(struct app_ctx *ctx, const char *state, struct state_row *row)
{
	char		 hash[65], now[24];
	const char	*p[2] = { hash, now };
	PGresult	*res;
	int		 rc = -1;

	memset(row, 0, sizeof(*row));
	if (google_state_check(ctx->cfg->secret_key, state, config_now()) == -1)
		return -1;
	calsync_sha256_hex(state, hash);
	i64s(config_now(), now);
	if ((res = db_exec(ctx->db, &st_state_use, p)) == NULL ||
	    !db_ok(res)) {
		PQclear(res);
		return -2;
	}
	if (PQntuples(res) == 1) {
		snprintf(row->id, sizeof(row->id), "%s", PQgetvalue(res, 0, 0));
		snprintf(row->clinic, sizeof(row->clinic), "%s",
		    PQgetvalue(res, 0, 1));
		snprintf(row->practitioner, sizeof(row->practitioner), "%s",
		    PQgetvalue(res, 0, 2));
		snprintf(row->user, sizeof(row->user), "%s",
		    PQgetvalue(res, 0, 3));
		snprintf(row->session_hash, sizeof(row->session_hash), "%s",
		    PQgetvalue(res, 0, 4));
		snprintf(row->ver, sizeof(row->ver), "%s",
		    PQgetvalue(res, 0, 5));
		rc = calsync_open_hex(ctx, PQgetvalue(res, 0, 6), row->id,
		    row->verifier, sizeof(row->verifier)) == 0 ? 0 : -1;
	}
	PQclear(res);
	return rc;
}

/* Does the browser's binding and the user's session match the row? */
static int
session_ok(struct app_ctx *ctx, const struct state_row *row,
    const char *binding, const char *session_user)
{
	char		 bhash[65];
	const char	*p[3] = { row->user, row->ver, row->clinic };
	PGresult	*res;
	int		 ok;

	if (binding == NULL || strnlen(binding, CALSYNC_BINDING_SIZE) !=
	    CALSYNC_BINDING_SIZE - 1)
		return 0;
	calsync_sha256_hex(binding, bhash);
	if (sodium_memcmp(bhash, row->session_hash, 64) != 0)
		return 0;
	if (session_user != NULL && strcmp(session_user, row->user) != 0)
		return 0;
	res = db_exec(ctx->db, &st_user_session, p);
	ok = res != NULL && db_ok(res) && PQntuples(res) == 1;
	PQclear(res);
	return ok;
}

/* Store the tokens of a new connection (one transaction's work). */
struct connect_arg {
	struct app_ctx			*ctx;
	const struct state_row		*row;
	const struct google_token	*tok;
};

static int
connect_tx(struct db *db, void *arg)
{
	struct connect_arg	*a = arg;
	const char		*p[9];
	char			*ahex = NULL, *rhex = NULL;
	char			 id[37], an[49], rn[49], exp[24], now[24];
	PGresult		*res;
	int			 rc = -1;

	calsync_uuid_new(id);
	p[0] = id;
	p[1] = a->row->clinic;
	p[2] = a->row->practitioner;
	if ((res = db_exec(db, &st_integ_upsert, p)) == NULL || !db_ok(res) ||
	    PQntuples(res) != 1) {
		PQclear(res);
		return -1;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (calsync_seal_hex(a->ctx, a->tok->access_token, id, &ahex,
	    an) == -1 || calsync_seal_hex(a->ctx, a->tok->refresh_token, id,
	    &rhex, rn) == -1)
		goto out;
	i64s(config_now() + a->tok->expires_in, exp);
	i64s(config_now(), now);
	p[0] = a->row->clinic;
	p[1] = id;
	p[2] = ahex;
	p[3] = an;
	p[4] = rhex;
	p[5] = rn;
	p[6] = exp;
	p[7] = a->tok->scope;
	p[8] = now;
	if (db_do(db, &st_integ_connect, p) != DB_OK)
		goto out;
	p[1] = a->row->practitioner;
	rc = db_do(db, &st_cache_forget, p) == DB_OK ? 0 : -1;
out:
	free(ahex);
	free(rhex);
	return rc;
}

enum calsync_err
calsync_oauth_finish(struct app_ctx *ctx, const char *state,
    const char *code, const char *binding, const char *session_user,
    char *name, size_t namesz)
{
	struct state_row	 row;
	struct google_token	*tok = NULL;
	struct connect_arg	 arg;
	enum calsync_err	 er = CALSYNC_ERR_STATE;
	enum google_err		 ge;
	int			 r;

	if (name != NULL && namesz > 0)
		name[0] = '\0';
	if (!ctx->cfg->have_secret_key)
		return CALSYNC_ERR_KEY;
	if ((r = state_use(ctx, state, &row)) != 0)
		return r == -2 ? CALSYNC_ERR_DB : CALSYNC_ERR_STATE;
	if (!session_ok(ctx, &row, binding, session_user)) {
		log_warn("oauth", "OAUTH_STATE_REFUSED", row.clinic,
		    "practitioner=%s state from another browser or session",
		    row.practitioner);
		goto out;
	}
	er = CALSYNC_ERR_NOMEM;
	if (code == NULL || *code == '\0' || strlen(code) > 2048 ||
	    (tok = malloc(sizeof(*tok))) == NULL)
		goto out;
	/* Google first, with no transaction open; then one short
	 * transaction stores what it gave. */
	er = CALSYNC_ERR_GOOGLE;
	calsync_no_tx(ctx, "code exchange");
	ge = google_token_exchange(ctx->cfg, code, row.verifier, tok);
	if (ge != GOOGLE_OK || tok->refresh_token[0] == '\0') {
		log_warn("oauth", "OAUTH_EXCHANGE_FAILED", row.clinic,
		    "practitioner=%s %s%s", row.practitioner,
		    ge != GOOGLE_OK ? google_strerror(ge) : "no refresh token",
		    tok->error[0] != '\0' ? " (Google said so)" : "");
		goto out;
	}
	arg.ctx = ctx;
	arg.row = &row;
	arg.tok = tok;
	er = db_tx(ctx->db, connect_tx, &arg) == 0 ? CALSYNC_OK :
	    CALSYNC_ERR_DB;
	if (er == CALSYNC_OK) {
		practitioner_name(ctx, row.clinic, row.practitioner, name,
		    namesz);
		log_event("oauth", "CALENDAR_CONNECTED", row.clinic,
		    "practitioner=%s user=%s", row.practitioner, row.user);
	}
out:
	if (tok != NULL) {
		sodium_memzero(tok, sizeof(*tok));
		free(tok);
	}
	sodium_memzero(row.verifier, sizeof(row.verifier));
	return er;
}

enum calsync_err
calsync_oauth_abandon(struct app_ctx *ctx, const char *state)
{
	struct state_row	 row;
	int			 r;

	if (!ctx->cfg->have_secret_key)
		return CALSYNC_ERR_KEY;
	r = state_use(ctx, state, &row);
	sodium_memzero(row.verifier, sizeof(row.verifier));
	return r == 0 ? CALSYNC_OK : r == -2 ? CALSYNC_ERR_DB :
	    CALSYNC_ERR_STATE;
}
