/*
 * media — the download_media job: fetch a MediaUrl from Twilio (Basic
 * auth, never forwarded on redirect, size capped while streaming), accept
 * it only when its first bytes say jpeg/png/webp/gif/pdf, and store it
 * under SOPHIE_DATA_DIR/uploads/{images|documents}/{clinicId}/ with a
 * name made here (the media row's id), never one from outside.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "twilio.h"

static const struct db_stmt st_media = {
	"media_load",
	"SELECT mm.source_url, mm.status, mm.clinic_id FROM message_media mm "
	"WHERE mm.id = $1::uuid FOR UPDATE",
	1
};

static const struct db_stmt st_stored = {
	"media_stored",
	"UPDATE message_media SET status = 'stored', path = $2, kind = $3, "
	"detected_content_type = $4, size_bytes = $5::bigint, "
	"stored_at = now(), error = NULL WHERE id = $1::uuid",
	5
};

static const struct db_stmt st_refused = {
	"media_refused",
	"UPDATE message_media SET status = $2, error = $3 WHERE id = $1::uuid",
	3
};

/* mkdir -p for a path under the data directory. Returns 0 or -1. */
static int
mkdirs(char *path)
{
	char	*s;

	for (s = path + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0750) == -1 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	if (mkdir(path, 0750) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* Write data to dir/name through a temporary file. Returns 0 or -1. */
static int
write_file(const char *dir, const char *name, const struct buf *data)
{
	char	 tmp[4352], dst[4352];
	int	 fd;
	ssize_t	 w;
	size_t	 off = 0;

	if (strlen(dir) + strlen(name) + 8 > sizeof(tmp))
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640)) == -1)
		return -1;
	while (off < data->len) {
		if ((w = write(fd, data->p + off, data->len - off)) <= 0) {
			close(fd);
			unlink(tmp);
			return -1;
		}
		off += (size_t)w;
	}
	if (fsync(fd) == -1 || close(fd) == -1 || rename(tmp, dst) == -1) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Record a refusal or failure. */
static enum job_outcome
media_mark(struct app_ctx *ctx, const char *id, const char *status,
    const char *why)
{
	const char	*p[3] = { id, status, why };

	return db_do(ctx->db, &st_refused, p) == DB_OK ? JOB_DONE : JOB_RETRY;
}

/* Store the downloaded bytes and record where. */
static enum job_outcome
media_store(struct app_ctx *ctx, const char *id, const char *clinic,
    struct twilio_media *m, char *err, size_t errsz)
{
	const char	*kind = strcmp(m->ext, "pdf") == 0 ? "document" : "image";
	char		 dir[4096], rel[512], name[96], size[32];
	const char	*p[5];

	snprintf(rel, sizeof(rel), "uploads/%ss/%s", kind, clinic);
	snprintf(dir, sizeof(dir), "%s/%s", ctx->cfg->data_dir, rel);
	snprintf(name, sizeof(name), "%s.%s", id, m->ext);
	if (mkdirs(dir) == -1 || write_file(dir, name, &m->data) == -1) {
		snprintf(err, errsz, "cannot write %s/%s: %s", dir, name,
		    strerror(errno));
		return JOB_RETRY;
	}
	snprintf(rel + strlen(rel), sizeof(rel) - strlen(rel), "/%s", name);
	snprintf(size, sizeof(size), "%zu", m->data.len);
	p[0] = id;
	p[1] = rel;
	p[2] = kind;
	p[3] = m->mime;
	p[4] = size;
	return db_do(ctx->db, &st_stored, p) == DB_OK ? JOB_DONE : JOB_RETRY;
}

enum job_outcome
media_job_download(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	json_object		*v;
	const char		*id, *p[1];
	struct twilio_account	 acct;
	struct twilio_media	 m;
	enum twilio_err		 e;
	enum job_outcome	 out;
	PGresult		*r;

	if (!json_object_object_get_ex(j->payload, "media_id", &v) ||
	    (id = json_object_get_string(v)) == NULL)
		return JOB_GIVEUP;
	p[0] = id;
	r = db_exec(ctx->db, &st_media, p);
	if (!db_ok(r) || PQntuples(r) != 1) {
		PQclear(r);
		return r == NULL ? JOB_RETRY : JOB_GIVEUP;
	}
	if (strcmp(PQgetvalue(r, 0, 1), "pending") != 0) {
		PQclear(r);
		return JOB_DONE;
	}
	memset(&acct, 0, sizeof(acct));
	acct.api_base = ctx->cfg->twilio_api_base;
	acct.account_sid = ctx->cfg->twilio_account_sid;
	acct.auth_token = ctx->cfg->twilio_auth_token;
	e = twilio_media_get(&acct, PQgetvalue(r, 0, 0),
	    (size_t)ctx->cfg->media_max_bytes, &m);
	if (e == TWILIO_OK)
		out = media_store(ctx, id, PQgetvalue(r, 0, 2), &m, err, errsz);
	else if (e == TWILIO_ERR_TOOBIG || e == TWILIO_ERR_MEDIA_TYPE ||
	    e == TWILIO_ERR_ARG || (e == TWILIO_ERR_HTTP &&
	    m.http_status >= 400 && m.http_status < 500 &&
	    m.http_status != 429)) {
		log_warn("media", "MEDIA_REFUSED", j->clinic_id, "media %s: %s",
		    id, twilio_strerror(e));
		out = media_mark(ctx, id, "refused", twilio_strerror(e));
	} else {
		snprintf(err, errsz, "download: %s (HTTP %ld)",
		    twilio_strerror(e), m.http_status);
		out = JOB_RETRY;
		if (j->attempts >= j->max_attempts)
			out = media_mark(ctx, id, "failed", err);
	}
	twilio_media_free(&m);
	PQclear(r);
	return out;
}
