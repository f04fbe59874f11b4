/*
 * privacy — the patient's rights (issue 21, item 4).
 *
 * Export: everything held about one patient as one plain tar archive
 * (data.json, a readable index.html rendered by the template engine,
 * and the media files under media/), journaled.  Erasure: transcripts
 * and media deleted, identity pseudonymised, appointments kept for the
 * statistics with no free text left, the phone and name scrubbed from
 * logs, jobs and past audit rows (sql/024_privacy.sql does the database
 * part in one transaction), journaled without the phone or the name.
 * Retention: the "privacy_retention" job deletes transcripts and media
 * older than clinics.retention_months.  A patient who asks on WhatsApp
 * gets the procedure and the staff an alert (privacy_intent.c); nothing
 * is erased without staff.
 */
#ifndef SOPHIE_PRIVACY_H
#define SOPHIE_PRIVACY_H

#include <stddef.h>

#include "worker.h"

struct app_ctx;
struct buf;
struct db;
struct eng;
struct job;

enum privacy_err {
	PRIVACY_OK = 0,
	PRIVACY_NOTFOUND,	/* no such patient in the clinic */
	PRIVACY_AMBIGUOUS,	/* several patients have that phone */
	PRIVACY_DB,		/* the database refused or is down */
	PRIVACY_TOOBIG,		/* the archive would pass its maximum */
	PRIVACY_IO,		/* a media file or a template unreadable */
	PRIVACY_ERR__MAX
};

/* Largest export archive, bytes. */
#define PRIVACY_EXPORT_MAX	(256u * 1024 * 1024)
/* The retention job's kind, and how often it runs. */
#define PRIVACY_JOB_RETENTION	"privacy_retention"
#define PRIVACY_RETENTION_S	3600
/* The job removing the media files of an erasure or a sweep. */
#define PRIVACY_JOB_MEDIA_DELETE	"privacy_media_delete"
/* Messages deleted per retention run at most. */
#define PRIVACY_RETENTION_BATCH	5000

/* Who asks, for the journal: user id (NULL: an operator), role, ip. */
struct privacy_actor {
	const char	*user_id;
	const char	*role;
	const char	*ip;
};

/* A short English description; static storage. */
const char	*privacy_strerror(enum privacy_err);

/*
 * The id of the patient of clinic whose phone is phone into id (37
 * bytes).  PRIVACY_AMBIGUOUS when several share it.
 */
enum privacy_err privacy_find(struct db *, const char *clinic,
	    const char *phone, char id[37]);

/*
 * Write the export archive of patient of clinic into out (initialised
 * by the caller with its maximum), and journal it ("patient.export").
 * Media files are read from ctx's data directory.
 */
enum privacy_err privacy_export(struct app_ctx *, const char *clinic,
	    const char *patient, const struct privacy_actor *, struct buf *out);

/*
 * Erase patient of clinic (one transaction, journaled "patient.erase"),
 * which queues the removal of their media files ("privacy_media_delete",
 * run by the worker).  *files (may be NULL) gets the number of files.
 */
enum privacy_err privacy_erase(struct app_ctx *, const char *clinic,
	    const char *patient, const struct privacy_actor *, int *files);

/* Job "privacy_retention" (WORKER_OWN_TX): one sweep, then the next
 * one queued. */
enum job_outcome privacy_job_retention(struct app_ctx *, struct job *,
	    char *err, size_t errsz);

/* Job "privacy_media_delete" (WORKER_OWN_TX): remove the files of the
 * payload's "paths" under MEDIA_DIR, retried until none fails. */
enum job_outcome privacy_job_media_delete(struct app_ctx *, struct job *,
	    char *err, size_t errsz);

/*
 * Append one ustar member (regular file, mode 0644) named name (at most
 * 99 bytes) holding data to out; privacy_tar_end closes the archive.
 * 0, or -1 when out's maximum is reached.  privacy_tar.c.
 */
int	 privacy_tar_add(struct buf *out, const char *name, const void *data,
	    size_t len, long long mtime);
int	 privacy_tar_end(struct buf *out);

/*
 * The engine's hook: when the patient's message asks to stop, to have
 * their data deleted or exported, say the procedure, flag the staff and
 * return 1; 0 otherwise (privacy_intent.c).
 */
int	 privacy_intent(struct eng *);
/* Does text (len bytes) ask for the patient's data to go?  1 or 0. */
int	 privacy_asks(const char *text, size_t len);

/* "sophiectl patient export|erase ..." (ctl_privacy.c). */
int	 ctl_patient(int, char **);

#endif
