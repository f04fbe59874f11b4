/*
 * media — the download_media job: fetch a MediaUrl from Twilio (Basic
 * auth, never forwarded on redirect, size capped while streaming), accept
 * it only when its first bytes say jpeg/png/webp/gif/pdf, and store it
 * under MEDIA_DIR/uploads/{images|documents}/{clinicId}/ with a name made
 * here (the media row's id), never one from outside; or, with
 * MEDIA_STORE=db, in media_blobs (at most MEDIA_DB_MAX_BYTES), where
 * every host reads it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "app.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "twilio.h"

/*
 * The job runs with no transaction open (WORKER_OWN_TX): it reads the
 * row, downloads with no transaction or row lock held, writes the file
 * (its name is the row's id, so a second run writes the same file), then
 * records the outcome and finishes the job in one short db_tx.  A row
 * no longer pending when the outcome is recorded is left as it is.
 */
static const struct db_stmt st_media = {
	"media_load",
	"SELECT mm.source_url, mm.status, mm.clinic_id FROM message_media mm "
	"WHERE mm.id = $1::uuid",
	1
};

static const struct db_stmt st_stored = {
	"media_stored",
	"UPDATE message_media SET status = 'stored', path = $2, kind = $3, "
	"detected_content_type = $4, size_bytes = $5::bigint, "
	"stored_at = now(), error = NULL "
	"WHERE id = $1::uuid AND status = 'pending'",
	5
};

static const struct db_stmt st_refused = {
	"media_refused",
	"UPDATE message_media SET status = $2, error = $3 "
	"WHERE id = $1::uuid AND status = 'pending'",
	3
};

/*
 * MEDIA_STORE=db: the bytes ($3, binary) of media $1 of clinic $2, kept
 * with the outcome in the job's last transaction; a second run writes
 * the same bytes again.
 */
static const struct db_stmt st_blob = {
	"media_blob_put",
	"INSERT INTO media_blobs (media_id, clinic_id, bytes) VALUES "
	"($1::uuid, $2::uuid, $3::bytea) ON CONFLICT (media_id) DO UPDATE "
	"SET bytes = excluded.bytes",
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

/* The outcome of one download, recorded with the job's completion. */
struct media_done {
	struct job		*j;
	const struct db_stmt	*st;		/* st_stored or st_refused */
	const char		*p[5];		/* st's parameters */
	const char		*clinic;	/* with blob: its clinic */
	const struct buf	*blob;		/* bytes to keep, or NULL */
};

/* Insert d's bytes into media_blobs, as binary.  Returns a db_err. */
static int
media_blob_put(struct db *db, const struct media_done *d)
{
	PGresult	*res;
	const char	*p[3] = { d->p[0], d->clinic, d->blob->p };
	int		 len[3] = { 0, 0, (int)d->blob->len };
	int		 fmt[3] = { 0, 0, 1 };
	enum db_err	 e;

	res = db_exec_bin(db, &st_blob, p, len, fmt, 0);
	e = db_result_err(res);
	PQclear(res);
	return e;
}

/* Record the outcome and finish the job.  Returns 0 or a db_err. */
static int
media_done_tx(struct db *db, void *arg)
{
	struct media_done	*d = arg;
	int			 er;

	if (d->blob != NULL && (er = media_blob_put(db, d)) != DB_OK)
		return er;
	if ((er = db_do(db, d->st, d->p)) != DB_OK)
		return er;
	/* A photo in an emergency conversation: the staff are told. */
	if (d->st == &st_stored && (er = alert_raise_media(db, d->p[0])) !=
	    DB_OK)
		return er;
	return jobs_finish(db, d->j);
}

/* Run media_done_tx; the job's outcome. */
static enum job_outcome
media_done(struct app_ctx *ctx, struct media_done *d, char *err,
    size_t errsz)
{
	int	 er;

	if ((er = db_tx(ctx->db, media_done_tx, d)) != 0) {
		snprintf(err, errsz, "recording the media: %s",
		    db_strerror(er));
		return JOB_RETRY;
	}
	return JOB_DONE;
}

/* Record a refusal or failure. */
static enum job_outcome
media_mark(struct app_ctx *ctx, struct job *j, const char *id,
    const char *status, const char *why, char *err, size_t errsz)
{
	struct media_done	 d;

	memset(&d, 0, sizeof(d));
	d.j = j;
	d.st = &st_refused;
	d.p[0] = id;
	d.p[1] = status;
	d.p[2] = why;
	return media_done(ctx, &d, err, errsz);
}

/* Store the downloaded bytes and record where. */
static enum job_outcome
media_store(struct app_ctx *ctx, struct job *j, const char *id,
    const char *clinic, struct twilio_media *m, char *err, size_t errsz)
{
	const char		*kind = strcmp(m->ext, "pdf") == 0 ?
				    "document" : "image";
	char			 dir[4096], rel[512], name[96], size[32];
	struct media_done	 d;
	int			 indb;

	indb = strcmp(ctx->cfg->media_store, "db") == 0;
	snprintf(rel, sizeof(rel), "uploads/%ss/%s", kind, clinic);
	snprintf(dir, sizeof(dir), "%s/%s", ctx->cfg->media_dir, rel);
	snprintf(name, sizeof(name), "%s.%s", id, m->ext);
	if (!indb && (mkdirs(dir) == -1 ||
	    write_file(dir, name, &m->data) == -1)) {
		snprintf(err, errsz, "cannot write %s/%s: %s", dir, name,
		    strerror(errno));
		return JOB_RETRY;
	}
	snprintf(rel + strlen(rel), sizeof(rel) - strlen(rel), "/%s", name);
	snprintf(size, sizeof(size), "%zu", m->data.len);
	memset(&d, 0, sizeof(d));
	if (indb) {
		d.clinic = clinic;
		d.blob = &m->data;
	}
	d.j = j;
	d.st = &st_stored;
	d.p[0] = id;
	d.p[1] = rel;
	d.p[2] = kind;
	d.p[3] = m->mime;
	d.p[4] = size;
	return media_done(ctx, &d, err, errsz);
}

/* What the job read of its row. */
struct media_row {
	char	 url[4096];
	char	 status[16];
	char	 clinic[37];
};

/*
 * Read the row: 1, 0 (no such row, or none this job can use), -1 (the
 * database is down or asked to try again).
 */
static int
media_load(struct app_ctx *ctx, const char *id, struct media_row *row)
{
	const char	*p[1] = { id };
	PGresult	*r;
	int		 rc = -1;

	memset(row, 0, sizeof(*row));
	r = db_exec(ctx->db, &st_media, p);
	if (!db_ok(r) && db_result_err(r) != DB_ERR_DOWN &&
	    db_result_err(r) != DB_ERR_RETRY)
		rc = 0;			/* e.g. not a uuid */
	else if (db_ok(r)) {
		rc = PQntuples(r) == 1;
		if (rc == 1 && (strlen(PQgetvalue(r, 0, 0)) >=
		    sizeof(row->url) || strlen(PQgetvalue(r, 0, 2)) >=
		    sizeof(row->clinic)))
			rc = 0;		/* not a row this job can use */
		else if (rc == 1) {
			snprintf(row->url, sizeof(row->url), "%s",
			    PQgetvalue(r, 0, 0));
			snprintf(row->status, sizeof(row->status), "%s",
			    PQgetvalue(r, 0, 1));
			snprintf(row->clinic, sizeof(row->clinic), "%s",
			    PQgetvalue(r, 0, 2));
		}
	}
	PQclear(r);
	return rc;
}

enum job_outcome
media_job_download(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	json_object		*v;
	const char		*id;
	struct twilio_account	 acct;
	struct twilio_media	 m;
	struct media_row	 row;
	char			 why[512];
	enum twilio_err		 e;
	enum job_outcome	 out;
	int			 r;

	if (!json_object_object_get_ex(j->payload, "media_id", &v) ||
	    (id = json_object_get_string(v)) == NULL)
		return JOB_GIVEUP;
	if ((r = media_load(ctx, id, &row)) != 1) {
		snprintf(err, errsz, r == 0 ? "no such media" : "database");
		return r == 0 ? JOB_GIVEUP : JOB_RETRY;
	}
	if (strcmp(row.status, "pending") != 0)
		return JOB_DONE;
	memset(&acct, 0, sizeof(acct));
	acct.api_base = ctx->cfg->twilio_api_base;
	acct.account_sid = ctx->cfg->twilio_account_sid;
	acct.auth_token = ctx->cfg->twilio_auth_token;
	e = twilio_media_get(&acct, row.url, (size_t)ctx->cfg->media_max_bytes,
	    &m);
	if (e == TWILIO_OK && strcmp(ctx->cfg->media_store, "db") == 0 &&
	    m.data.len > (size_t)ctx->cfg->media_db_max_bytes) {
		snprintf(why, sizeof(why), "%zu bytes, over MEDIA_DB_MAX_BYTES "
		    "(%ld) for media kept in the database", m.data.len,
		    ctx->cfg->media_db_max_bytes);
		log_warn("media", "MEDIA_REFUSED", j->clinic_id, "media %s: %s",
		    id, why);
		out = media_mark(ctx, j, id, "refused", why, err, errsz);
	} else if (e == TWILIO_OK)
		out = media_store(ctx, j, id, row.clinic, &m, err, errsz);
	else if (e == TWILIO_ERR_TOOBIG || e == TWILIO_ERR_MEDIA_TYPE ||
	    e == TWILIO_ERR_ARG || (e == TWILIO_ERR_HTTP &&
	    m.http_status >= 400 && m.http_status < 500 &&
	    m.http_status != 429)) {
		log_warn("media", "MEDIA_REFUSED", j->clinic_id, "media %s: %s",
		    id, twilio_strerror(e));
		out = media_mark(ctx, j, id, "refused", twilio_strerror(e),
		    err, errsz);
	} else {
		snprintf(why, sizeof(why), "download: %s (HTTP %ld)",
		    twilio_strerror(e), m.http_status);
		snprintf(err, errsz, "%s", why);
		out = JOB_RETRY;
		if (j->attempts >= j->max_attempts)
			out = media_mark(ctx, j, id, "failed", why, err,
			    errsz);
	}
	twilio_media_free(&m);
	return out;
}
