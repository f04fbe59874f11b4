/*
 * privacy — export and erasure of one patient, retention of transcripts.
 * See privacy.h.  The database work is done by the functions of
 * sql/024_privacy.sql (corrected by 028), each call in one short
 * transaction; files are read outside it and removed by a job queued in
 * it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "privacy.h"
#include "tmpl.h"

/* Largest single media file put in an archive, bytes. */
#define PRIVACY_MEDIA_MAX	(64L * 1024 * 1024)
/* Largest rendered index.html, bytes. */
#define PRIVACY_HTML_MAX	(32u * 1024 * 1024)

/* The patients of a clinic with a phone (two at most: ambiguity). */
static const struct db_stmt st_find = { "privacy_find",
	"SELECT id FROM patients WHERE clinic_id = $1::uuid AND phone = $2 "
	"ORDER BY created_at LIMIT 2", 2 };

/* Everything about a patient, as JSON text (sql/024). */
static const struct db_stmt st_export = { "privacy_export",
	"SELECT privacy_export_json($1::uuid, $2::uuid)::text", 2 };

/* The export's journal entry. */
static const struct db_stmt st_export_audit = { "privacy_export_audit",
	"INSERT INTO audit_log (clinic_id, actor_user_id, actor_role, action, "
	"entity, entity_id, patient_id, ip, metadata) VALUES ($1::uuid, "
	"$3::uuid, $4, 'patient.export', 'patient', $2::text, $2::uuid, "
	"$5::inet, jsonb_build_object('media', $6::int))", 6 };

/*
 * The erasure (sql/024): the media paths to remove.  The phone's STOP
 * (sql/033) goes with it, unless another patient of the clinic has
 * that phone.
 */
static const struct db_stmt st_erase = { "privacy_erase",
	"WITH o AS (DELETE FROM patient_optouts o USING patients p WHERE "
	"p.clinic_id = $1::uuid AND p.id = $2::uuid AND o.clinic_id = "
	"p.clinic_id AND o.phone = p.phone AND NOT EXISTS (SELECT 1 FROM "
	"patients q WHERE q.clinic_id = p.clinic_id AND q.phone = p.phone "
	"AND q.id <> p.id)) "
	"SELECT media_path FROM privacy_erase_patient($1::uuid, $2::uuid, "
	"$3::uuid, $4, $5::inet)", 5 };

/* One retention sweep (sql/024): the media paths to remove. */
static const struct db_stmt st_sweep = { "privacy_sweep",
	"SELECT media_path FROM privacy_retention_sweep($1::int)", 1 };

/* The next sweep, unless one is queued. */
static const struct db_stmt st_next = { "privacy_next",
	"INSERT INTO jobs (kind, dedupe_key, run_at, max_attempts) VALUES "
	"('privacy_retention', 'privacy_retention', now() + "
	"make_interval(secs => $1::int), 1000) ON CONFLICT (dedupe_key) "
	"WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running') "
	"DO NOTHING", 1 };

/* A running sweep lets go of its key so that the next one is queued. */
static const struct db_stmt st_release = { "privacy_release",
	"UPDATE jobs SET dedupe_key = NULL WHERE id = $1::bigint", 1 };

static const char *const errs[PRIVACY_ERR__MAX] = {
	"ok", "no such patient", "several patients have that phone",
	"database error", "archive too large", "file unreadable"
};

const char *
privacy_strerror(enum privacy_err e)
{
	return e >= 0 && e < PRIVACY_ERR__MAX ? errs[e] : "unknown error";
}

enum privacy_err
privacy_find(struct db *db, const char *clinic, const char *phone,
    char id[37])
{
	const char	*p[2] = { clinic, phone };
	PGresult	*r;
	enum privacy_err e = PRIVACY_OK;

	if ((r = db_exec(db, &st_find, p)) == NULL || !db_ok(r))
		e = PRIVACY_DB;
	else if (PQntuples(r) == 0)
		e = PRIVACY_NOTFOUND;
	else if (PQntuples(r) > 1)
		e = PRIVACY_AMBIGUOUS;
	else
		snprintf(id, 37, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return e;
}

/* A relative media path as the database keeps it: no "..", not
 * absolute (the column's CHECK says so too). */
static int
privacy_path_ok(const char *rel)
{
	return rel != NULL && *rel != '\0' && *rel != '/' &&
	    strstr(rel, "..") == NULL;
}

/* The bytes of media id of a clinic, with MEDIA_STORE=db (sql/026). */
static const struct db_stmt st_blob = { "privacy_blob",
	"SELECT bytes FROM media_blobs WHERE clinic_id = $1::uuid AND "
	"media_id = $2::uuid", 2 };

/*
 * Read media id (file rel) of the clinic into b (initialised here with
 * PRIVACY_MEDIA_MAX): from media_blobs with MEDIA_STORE=db, else the
 * file rel under MEDIA_DIR.  0, or -1 (b freed).
 */
static int
privacy_read(struct app_ctx *ctx, const char *clinic, const char *id,
    const char *rel, struct buf *b)
{
	const char	*p[2] = { clinic, id };
	char		 path[4096], chunk[65536];
	unsigned char	*bytes;
	size_t		 len;
	PGresult	*r;
	ssize_t		 n;
	int		 fd, rc = 0;

	buf_init(b, PRIVACY_MEDIA_MAX);
	if (strcmp(ctx->cfg->media_store, "db") == 0) {
		if (id == NULL)
			return -1;
		r = db_exec(ctx->db, &st_blob, p);
		if (r == NULL || !db_ok(r) || PQntuples(r) != 1) {
			PQclear(r);
			return -1;
		}
		bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(r,
		    0, 0), &len);
		PQclear(r);
		if (bytes == NULL)
			return -1;
		rc = buf_add(b, bytes, len);
		PQfreemem(bytes);
		if (rc != 0)
			buf_free(b);
		return rc;
	}
	if (!privacy_path_ok(rel) || (size_t)snprintf(path, sizeof(path),
	    "%s/%s", ctx->cfg->media_dir, rel) >= sizeof(path))
		return -1;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || buf_add(b, chunk, (size_t)n) != 0) {
			rc = -1;
			break;
		}
	}
	close(fd);
	if (rc != 0)
		buf_free(b);
	return rc;
}

/* The archive name of a media path: media/<file name>. */
static void
privacy_media_name(const char *rel, char *out, size_t sz)
{
	const char	*s = strrchr(rel, '/');

	snprintf(out, sz, "media/%s", s != NULL ? s + 1 : rel);
}

/*
 * Add every stored media file of the export data d to the archive, each
 * message's media given its "file" member (the archive name) for the
 * HTML page.  *n gets the count.  PRIVACY_OK, or why not.
 */
static enum privacy_err
privacy_add_media(struct app_ctx *ctx, const char *clinic, json_object *d,
    struct buf *out, int *n)
{
	json_object	*convs, *msgs, *media, *m, *path, *id;
	struct buf	 b;
	char		 name[128];
	size_t		 i, j, k;
	long long	 now = (long long)time(NULL);

	*n = 0;
	if (!json_object_object_get_ex(d, "conversations", &convs))
		return PRIVACY_OK;
	for (i = 0; i < json_object_array_length(convs); i++) {
		if (!json_object_object_get_ex(json_object_array_get_idx(convs,
		    i), "messages", &msgs))
			continue;
		for (j = 0; j < json_object_array_length(msgs); j++) {
			if (!json_object_object_get_ex(
			    json_object_array_get_idx(msgs, j), "media",
			    &media))
				continue;
			for (k = 0; k < json_object_array_length(media); k++) {
				m = json_object_array_get_idx(media, k);
				if (!json_object_object_get_ex(m, "path",
				    &path) || !json_object_is_type(path,
				    json_type_string))
					continue;
				if (!json_object_object_get_ex(m, "id", &id))
					id = NULL;
				if (privacy_read(ctx, clinic,
				    json_object_get_string(id),
				    json_object_get_string(path), &b) != 0)
					continue;	/* gone: listed only */
				privacy_media_name(json_object_get_string(path),
				    name, sizeof(name));
				if (privacy_tar_add(out, name, b.p, b.len,
				    now) != 0) {
					buf_free(&b);
					return PRIVACY_TOOBIG;
				}
				buf_free(&b);
				json_object_object_add(m, "file",
				    json_object_new_string(name));
				(*n)++;
			}
		}
	}
	return PRIVACY_OK;
}

/*
 * index.html: the export data d rendered through
 * templates/privacy/export.html (escaped like every page), in the
 * patient's language.  PRIVACY_OK, or why not.
 */
static enum privacy_err
privacy_add_html(const struct config *cfg, json_object *d, struct buf *out)
{
	static struct tmpl_set	*set;
	json_object		*root, *pat, *lang;
	struct buf		 html;
	char			 why[256];
	enum privacy_err	 e = PRIVACY_OK;

	if (set == NULL && tmpl_load_dir(cfg->template_dir, &set, why,
	    sizeof(why)) != TMPL_OK) {
		log_error("privacy", "TEMPLATES_BROKEN", NULL, "%s", why);
		set = NULL;
		return PRIVACY_IO;
	}
	root = json_object_new_object();
	json_object_object_add(root, "page", json_object_get(d));
	if (json_object_object_get_ex(d, "patient", &pat) &&
	    json_object_object_get_ex(pat, "language", &lang) &&
	    json_object_is_type(lang, json_type_string))
		json_object_object_add(root, "lang", json_object_get(lang));
	buf_init(&html, PRIVACY_HTML_MAX);
	if (tmpl_render(set, "privacy/export", root, &html) != TMPL_OK)
		e = PRIVACY_IO;
	else if (privacy_tar_add(out, "index.html", html.p, html.len,
	    (long long)time(NULL)) != 0)
		e = PRIVACY_TOOBIG;
	buf_free(&html);
	json_object_put(root);
	return e;
}

/* Journal an export. PRIVACY_OK or PRIVACY_DB. */
static enum privacy_err
privacy_export_audit(struct db *db, const char *clinic, const char *patient,
    const struct privacy_actor *a, int nmedia)
{
	char		 n[16];
	const char	*p[6];

	snprintf(n, sizeof(n), "%d", nmedia);
	p[0] = clinic;
	p[1] = patient;
	p[2] = a->user_id;
	p[3] = a->role;
	p[4] = a->ip;
	p[5] = n;
	return db_do(db, &st_export_audit, p) == DB_OK ? PRIVACY_OK :
	    PRIVACY_DB;
}

enum privacy_err
privacy_export(struct app_ctx *ctx, const char *clinic, const char *patient,
    const struct privacy_actor *a, struct buf *out)
{
	const char		*p[2] = { clinic, patient };
	PGresult		*r;
	json_object		*d = NULL;
	enum privacy_err	 e;
	int			 n = 0;

	r = db_exec(ctx->db, &st_export, p);
	if (r == NULL || !db_ok(r) || PQntuples(r) != 1) {
		PQclear(r);
		return PRIVACY_DB;
	}
	if (PQgetisnull(r, 0, 0)) {
		PQclear(r);
		return PRIVACY_NOTFOUND;
	}
	if (privacy_tar_add(out, "data.json", PQgetvalue(r, 0, 0),
	    (size_t)PQgetlength(r, 0, 0), (long long)time(NULL)) != 0) {
		PQclear(r);
		return PRIVACY_TOOBIG;
	}
	d = json_tokener_parse(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (d == NULL)
		return PRIVACY_DB;
	if ((e = privacy_add_media(ctx, clinic, d, out, &n)) == PRIVACY_OK &&
	    (e = privacy_add_html(ctx->cfg, d, out)) == PRIVACY_OK &&
	    privacy_tar_end(out) != 0)
		e = PRIVACY_TOOBIG;
	json_object_put(d);
	if (e == PRIVACY_OK)
		e = privacy_export_audit(ctx->db, clinic, patient, a, n);
	return e;
}

/*
 * Job "privacy_media_delete": remove the media files whose paths
 * (relative to MEDIA_DIR) the erasure or the retention sweep listed in
 * the payload's "paths", in the transaction that deleted their rows.  A
 * file already gone counts as removed; any other failure retries the
 * whole list later.
 */
enum job_outcome
privacy_job_media_delete(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	json_object	*paths, *v;
	const char	*rel;
	char		 path[4096];
	size_t		 i;
	int		 n = 0, failed = 0, saved = 0;

	if (!json_object_object_get_ex(j->payload, "paths", &paths) ||
	    !json_object_is_type(paths, json_type_array)) {
		snprintf(err, errsz, "no paths");
		return JOB_GIVEUP;
	}
	for (i = 0; i < json_object_array_length(paths); i++) {
		v = json_object_array_get_idx(paths, i);
		rel = json_object_get_string(v);
		if (!json_object_is_type(v, json_type_string) ||
		    !privacy_path_ok(rel) || (size_t)snprintf(path,
		    sizeof(path), "%s/%s", ctx->cfg->media_dir, rel) >=
		    sizeof(path))
			continue;
		if (unlink(path) == 0)
			n++;
		else if (errno != ENOENT) {
			saved = errno;
			failed++;
		}
	}
	if (n > 0)
		log_info("privacy", "MEDIA_REMOVED", j->clinic_id[0] != '\0' ?
		    j->clinic_id : NULL, "%d media files removed", n);
	if (failed > 0) {
		snprintf(err, errsz, "%d media files not removed: %s", failed,
		    strerror(saved));
		return JOB_RETRY;
	}
	return JOB_DONE;
}

/*
 * Run stmt with p in one transaction of its own; the result (the media
 * paths) is returned once committed, NULL on failure.
 */
static PGresult *
privacy_tx(struct db *db, const struct db_stmt *stmt, const char **p)
{
	PGresult	*r;

	if (db_command(db, "BEGIN") != DB_OK)
		return NULL;
	r = db_exec(db, stmt, p);
	if (r == NULL || !db_ok(r)) {
		PQclear(r);
		db_command(db, "ROLLBACK");
		return NULL;
	}
	if (db_command(db, "COMMIT") != DB_OK) {
		PQclear(r);
		return NULL;
	}
	return r;
}

enum privacy_err
privacy_erase(struct app_ctx *ctx, const char *clinic, const char *patient,
    const struct privacy_actor *a, int *files)
{
	const char	*p[5];
	PGresult	*r;
	int		 n;

	p[0] = clinic;
	p[1] = patient;
	p[2] = a->user_id;
	p[3] = a->role;
	p[4] = a->ip;
	if ((r = privacy_tx(ctx->db, &st_erase, p)) == NULL)
		return PRIVACY_DB;
	/* The files are removed by the job the erasure queued. */
	n = PQntuples(r);
	PQclear(r);
	if (files != NULL)
		*files = n;
	log_event("privacy", "PATIENT_ERASED", clinic, "patient %s erased, "
	    "%d media files to remove", patient, n);
	return PRIVACY_OK;
}

enum job_outcome
privacy_job_retention(struct app_ctx *ctx, struct job *j, char *err,
    size_t errsz)
{
	char		 lim[16], per[16];
	const char	*p[1] = { lim };
	const char	*q[1] = { j->id };
	PGresult	*r;
	int		 n;

	snprintf(lim, sizeof(lim), "%d", PRIVACY_RETENTION_BATCH);
	if ((r = privacy_tx(ctx->db, &st_sweep, p)) == NULL) {
		snprintf(err, errsz, "retention sweep failed");
		return JOB_RETRY;
	}
	n = PQntuples(r);
	PQclear(r);
	if (n > 0)
		log_info("privacy", "RETENTION", NULL, "%d old media files "
		    "queued for removal", n);
	snprintf(per, sizeof(per), "%d", PRIVACY_RETENTION_S);
	p[0] = per;
	if (db_do(ctx->db, &st_release, q) != DB_OK ||
	    db_do(ctx->db, &st_next, p) != DB_OK) {
		snprintf(err, errsz, "could not queue the next sweep");
		return JOB_RETRY;
	}
	return JOB_DONE;
}
