/*
 * ctl_privacy — `sophiectl patient export|erase`: the patient's rights
 * from the operator's command line (lib/privacy.h).  The patient is found
 * by clinic id and phone (or --patient ID when several share a phone).
 * Erasure asks for --yes; both are journaled as the operator (no user).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "buf.h"
#include "config.h"
#include "ctl.h"
#include "privacy.h"

#define UUID_LEN	36

static const char usage_text[] =
    "usage: sophiectl patient export --clinic ID (--phone E164 | "
    "--patient ID) --out FILE\n"
    "       sophiectl patient erase --clinic ID (--phone E164 | "
    "--patient ID) --yes\n"
    "export writes one tar archive (data.json, index.html, media/) of "
    "everything held about the patient; erase deletes their transcripts "
    "and media, pseudonymises them and keeps their appointments for the "
    "statistics (no undo).  Both are journaled.\n";

/* Is s a uuid's text (36 characters of hex and dashes)? */
static int
ctl_is_uuid(const char *s)
{
	return s != NULL && strlen(s) == UUID_LEN &&
	    strspn(s, "0123456789abcdefABCDEF-") == UUID_LEN;
}

/* The patient the options name into id; 0, or -1 (said why). */
static int
ctl_patient_id(struct app_ctx *ctx, const char *clinic, int argc,
    char **argv, char id[37])
{
	const char		*phone = ctl_opt(argc, argv, "phone");
	const char		*pat = ctl_opt(argc, argv, "patient");
	enum privacy_err	 e;

	if (pat != NULL) {
		if (!ctl_is_uuid(pat)) {
			fprintf(stderr, "sophiectl: --patient: not an id\n");
			return -1;
		}
		snprintf(id, 37, "%s", pat);
		return 0;
	}
	if (phone == NULL || *phone != '+' || strlen(phone) > 16) {
		fprintf(stderr, "sophiectl: --phone +E164 or --patient ID "
		    "needed\n");
		return -1;
	}
	if ((e = privacy_find(ctx->db, clinic, phone, id)) != PRIVACY_OK) {
		fprintf(stderr, "sophiectl: %s%s\n", privacy_strerror(e),
		    e == PRIVACY_AMBIGUOUS ? " (use --patient ID)" : "");
		return -1;
	}
	return 0;
}

/* Write b to path, created 0600 (it holds patient data). 0 or -1. */
static int
ctl_write_file(const char *path, const struct buf *b)
{
	size_t	 off = 0;
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		return -1;
	while (off < b->len) {
		if ((n = write(fd, b->p + off, b->len - off)) <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	return close(fd);
}

/* The export command, connected. Exit status. */
static int
ctl_export(struct app_ctx *ctx, const char *clinic, const char *id,
    const char *out)
{
	struct privacy_actor	 a = { NULL, "OPERATOR", NULL };
	struct buf		 b;
	enum privacy_err	 e;

	buf_init(&b, PRIVACY_EXPORT_MAX);
	if ((e = privacy_export(ctx, clinic, id, &a, &b)) != PRIVACY_OK) {
		fprintf(stderr, "sophiectl: export: %s\n",
		    privacy_strerror(e));
		buf_free(&b);
		return 1;
	}
	if (ctl_write_file(out, &b) != 0) {
		fprintf(stderr, "sophiectl: %s: cannot write\n", out);
		buf_free(&b);
		return 1;
	}
	printf("patient %s exported to %s (%zu bytes)\n", id, out, b.len);
	buf_free(&b);
	return 0;
}

/* The erase command, connected. Exit status. */
static int
ctl_erase(struct app_ctx *ctx, const char *clinic, const char *id)
{
	struct privacy_actor	 a = { NULL, "OPERATOR", NULL };
	enum privacy_err	 e;
	int			 files = 0;

	if ((e = privacy_erase(ctx, clinic, id, &a, &files)) != PRIVACY_OK) {
		fprintf(stderr, "sophiectl: erase: %s\n", privacy_strerror(e));
		return 1;
	}
	printf("patient %s erased (%d media files to remove)\n", id, files);
	return 0;
}

int
ctl_patient(int argc, char **argv)
{
	struct app_ctx	 ctx;
	const char	*clinic = ctl_opt(argc, argv, "clinic");
	const char	*out = ctl_opt(argc, argv, "out");
	char		 id[37];
	int		 rc, export;

	if (ctl_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc < 2 || (strcmp(argv[1], "export") != 0 &&
	    strcmp(argv[1], "erase") != 0) || !ctl_is_uuid(clinic)) {
		fputs(usage_text, stderr);
		return 64;
	}
	export = strcmp(argv[1], "export") == 0;
	if (export && (out == NULL || *out == '\0')) {
		fprintf(stderr, "sophiectl: export needs --out FILE\n");
		return 64;
	}
	if (!export && !ctl_flag(argc, argv, "yes")) {
		fprintf(stderr, "sophiectl: erasure cannot be undone: add "
		    "--yes to confirm\n");
		return 64;
	}
	app_start(&ctx, PROG_CTL, "sophiectl");
	if (ctl_patient_id(&ctx, clinic, argc, argv, id) != 0) {
		app_stop(&ctx);
		return 1;
	}
	rc = export ? ctl_export(&ctx, clinic, id, out) :
	    ctl_erase(&ctx, clinic, id);
	app_stop(&ctx);
	return rc;
}
