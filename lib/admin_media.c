/*
 * admin_media — images and PDFs patients sent, served only to a signed-in
 * user of the clinic (cookie or Bearer; never a token in the query
 * string), from SOPHIE_DATA_DIR/uploads/{images|documents}/{clinicId}/.
 * File names are checked here byte by byte: no "..", no '/', no NUL, no
 * leading dot; files are opened without following symlinks.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "page.h"

#define MEDIA_NAME_MAX	128

/* A stored media item of the clinic. */
static const struct db_stmt st_media = { "admin_media_get",
	"SELECT mm.path, coalesce(mm.detected_content_type, ''), mm.kind, "
	"c.patient_id, b.bytes IS NOT NULL FROM message_media mm "
	"LEFT JOIN media_blobs b ON b.media_id = mm.id AND b.clinic_id = "
	"mm.clinic_id JOIN messages m ON m.id = "
	"mm.message_id AND m.clinic_id = mm.clinic_id JOIN conversations c "
	"ON c.id = m.conversation_id AND c.clinic_id = m.clinic_id WHERE "
	"mm.clinic_id = $1::uuid AND mm.id = $2::uuid AND mm.status = "
	"'stored'", 2 };

/* The bytes of media $2 of clinic $1 kept in the database (binary). */
static const struct db_stmt st_blob = { "admin_media_blob",
	"SELECT bytes FROM media_blobs WHERE clinic_id = $1::uuid AND "
	"media_id = $2::uuid", 2 };

/* The same, by its stored path $2 (uploads/<kind>s/<clinic $1>/name). */
static const struct db_stmt st_blob_path = { "admin_media_blob_path",
	"SELECT b.bytes FROM media_blobs b JOIN message_media mm ON mm.id = "
	"b.media_id AND mm.clinic_id = b.clinic_id WHERE b.clinic_id = "
	"$1::uuid AND mm.path = $2", 2 };

/*
 * Is name a plain file name: [A-Za-z0-9._-], 1..MEDIA_NAME_MAX bytes,
 * not starting with '.', without ".."?  Returns 1 or 0.
 */
static int
media_name_ok(const char *name)
{
	size_t	 n;

	if (name == NULL || (n = strlen(name)) == 0 || n > MEDIA_NAME_MAX ||
	    name[0] == '.' || strstr(name, "..") != NULL)
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

/* The content type for a file name's extension, or NULL (refused). */
static const char *
media_type(const char *name)
{
	const char	*dot = strrchr(name, '.');

	if (dot == NULL)
		return NULL;
	if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0)
		return "image/jpeg";
	if (strcasecmp(dot, ".png") == 0)
		return "image/png";
	if (strcasecmp(dot, ".webp") == 0)
		return "image/webp";
	if (strcasecmp(dot, ".gif") == 0)
		return "image/gif";
	if (strcasecmp(dot, ".pdf") == 0)
		return "application/pdf";
	return NULL;
}

/*
 * Send the file dir/name (dir trusted, name checked) with ctype.
 * Images are shown inline, anything else is an attachment.
 */
static void
media_send(struct req *r, const char *dir, const char *name,
    const char *ctype)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct buf	 path, data;
	struct stat	 sb;
	char		 chunk[16384];
	ssize_t		 got;
	int		 fd;

	buf_init(&path, 4096);
	buf_init(&data, (size_t)ctx->cfg->media_max_bytes);
	if (buf_printf(&path, "%s/%s", dir, name) != 0 ||
	    (fd = open(buf_str(&path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1) {
		page_error(r, 404, "not found", NULL);
		goto out;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > ctx->cfg->media_max_bytes) {
		close(fd);
		page_error(r, 404, "not found", NULL);
		goto out;
	}
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_add(&data, chunk, (size_t)got) != 0) {
			got = -1;
			break;
		}
	close(fd);
	if (got < 0) {
		page_error(r, 500, "cannot read file", "Le fichier ne peut pas "
		    "être lu.");
		goto out;
	}
	resp_nostore(r);
	resp_header(r, "Content-Disposition", strncmp(ctype, "image/", 6) == 0 ?
	    "inline" : "attachment");
	resp_body(r, 200, ctype, data.p != NULL ? data.p : "", data.len);
out:
	buf_free(&path);
	buf_free(&data);
}

/*
 * Send the bytes st (st_blob or st_blob_path, with p) finds in
 * media_blobs (any host serves them, MEDIA_STORE=db) with ctype, as
 * media_send does.  Returns 1 (answered), 0 (no such bytes: nothing
 * answered).
 */
static int
media_send_blob(struct req *r, const struct db_stmt *st,
    const char *const *p, const char *ctype)
{
	struct app_ctx	*ctx = req_ctx(r);
	PGresult	*res;

	res = db_exec_bin(ctx->db, st, p, NULL, NULL, 1);
	if (res == NULL || !db_ok(res)) {
		PQclear(res);
		page_error(r, 503, "database unavailable", NULL);
		return 1;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		return 0;
	}
	resp_nostore(r);
	resp_header(r, "Content-Disposition", strncmp(ctype, "image/", 6) == 0 ?
	    "inline" : "attachment");
	resp_body(r, 200, ctype, PQgetvalue(res, 0, 0),
	    (size_t)PQgetlength(res, 0, 0));
	PQclear(res);
	return 1;
}

void
admin_image(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*clinic = req_param(r, "clinicId");
	const char	*name = req_param(r, "filename");
	const char	*ctype, *p[2];
	struct buf	 dir;

	if (!media_name_ok(name) || (ctype = media_type(name)) == NULL) {
		page_error(r, 400, "bad file name", "Nom de fichier invalide.");
		return;
	}
	buf_init(&dir, 4096);
	if (buf_printf(&dir, "%s/uploads/%s/%s", ctx->cfg->media_dir,
	    strcmp(ctype, "application/pdf") == 0 ? "documents" : "images",
	    clinic) != 0 || buf_printf(&dir, "/%s", name) != 0) {
		buf_free(&dir);
		page_error(r, 400, "bad file name", "Nom de fichier invalide.");
		return;
	}
	auth_audit(ctx, r, auth_current(r), clinic, "media.view", "file",
	    name, NULL);
	/* dir is MEDIA_DIR/<path stored on the row>: the path names the
	 * bytes in db mode; without its last part, the file's folder. */
	p[0] = clinic;
	p[1] = buf_str(&dir) + strlen(ctx->cfg->media_dir) + 1;
	if (strcmp(ctx->cfg->media_store, "db") != 0 ||
	    !media_send_blob(r, &st_blob_path, p, ctype)) {
		dir.len -= strlen(name) + 1;
		dir.p[dir.len] = '\0';
		media_send(r, buf_str(&dir), name, ctype);
	}
	buf_free(&dir);
}

/*
 * Split a stored relative path "uploads/<kind>s/<clinic>/<name>" and
 * check it names clinic's folder.  Returns the name (inside rel) or NULL.
 */
static const char *
media_rel_name(const char *rel, const char *clinic)
{
	const char	*slash = strrchr(rel, '/');
	size_t		 dl;

	if (slash == NULL || !media_name_ok(slash + 1))
		return NULL;
	dl = (size_t)(slash - rel);
	if ((dl == strlen("uploads/images/") + 36 &&
	    strncmp(rel, "uploads/images/", 15) == 0 &&
	    strncasecmp(rel + 15, clinic, 36) == 0) ||
	    (dl == strlen("uploads/documents/") + 36 &&
	    strncmp(rel, "uploads/documents/", 18) == 0 &&
	    strncasecmp(rel + 18, clinic, 36) == 0))
		return slash + 1;
	return NULL;
}

void
admin_media(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2], *name, *ctype;
	PGresult	*res;
	struct buf	 dir;

	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "mediaId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((res = db_exec(ctx->db, &st_media, p)) == NULL || !db_ok(res)) {
		PQclear(res);
		page_error(r, 503, "database unavailable", NULL);
		return;
	}
	if (PQntuples(res) != 1 || (name = media_rel_name(
	    PQgetvalue(res, 0, 0), p[0])) == NULL ||
	    (ctype = media_type(name)) == NULL) {
		PQclear(res);
		page_error(r, 404, "not found", NULL);
		return;
	}
	buf_init(&dir, 4096);
	buf_printf(&dir, "%s/%.*s", ctx->cfg->media_dir,
	    (int)(name - 1 - PQgetvalue(res, 0, 0)), PQgetvalue(res, 0, 0));
	auth_audit(ctx, r, auth_current(r), p[0], "media.view", "media", p[1],
	    PQgetisnull(res, 0, 3) ? NULL : PQgetvalue(res, 0, 3));
	if (strcmp(PQgetvalue(res, 0, 4), "t") != 0 ||
	    !media_send_blob(r, &st_blob, p, ctype))
		media_send(r, buf_str(&dir), name, ctype);
	buf_free(&dir);
	PQclear(res);
}
