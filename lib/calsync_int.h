/*
 * calsync_int — what calsync*.c share and callers must not use: the
 * integration row with its opened tokens, token upkeep, sealing.
 */
#ifndef SOPHIE_CALSYNC_INT_H
#define SOPHIE_CALSYNC_INT_H

#include <stdint.h>

#include "google.h"

struct app_ctx;

/* One practitioner_calendar_integrations row, tokens opened. */
struct calsync_integ {
	char	 id[37];
	char	 clinic[37];
	char	 practitioner[37];
	char	 calendar_id[256];
	char	 status[16];
	char	 access[4096];
	char	 refresh[1024];
	int64_t	 expires;	/* token_expires_at, UTC seconds (0: none) */
	char	 sync_token[512];
};

/*
 * Google is about to be called on ctx's behalf: when a transaction is
 * open on ctx's connection (a row lock or a snapshot held across a
 * third-party call), log a warning GOOGLE_CALL_IN_TX naming what.  No
 * I/O; changes nothing else.
 */
void	 calsync_no_tx(struct app_ctx *, const char *what);
/* Is s a canonical lower- or upper-case uuid?  1 or 0. */
int	 calsync_uuid_ok(const char *s);
/* A fresh random (version 4) uuid. */
void	 calsync_uuid_new(char out[37]);
/* Lower-case hex SHA-256 of s into out (65 bytes). */
void	 calsync_sha256_hex(const char *s, char out[65]);
/*
 * Seal plain with the configured key and ad; *hex is a malloc'd hex
 * string of the sealed bytes (free it), nonce the hex of its nonce.
 * Returns 0, or -1 (no key, no memory).
 */
int	 calsync_seal_hex(struct app_ctx *, const char *plain, const char *ad,
	    char **hex, char nonce[49]);
/* Open hex-encoded sealed bytes into out (outsz).  0 or -1. */
int	 calsync_open_hex(struct app_ctx *, const char *hex, const char *ad,
	    char *out, size_t outsz);
/*
 * Load the integration of practitioner in clinic.  Returns 1 (found,
 * tokens opened), 0 (none), -1 (database), -2 (tokens do not open).
 */
int	 calsync_integ_load(struct app_ctx *, const char *clinic,
	    const char *practitioner, struct calsync_integ *);
/* Wipe the tokens held in in. */
void	 calsync_integ_wipe(struct calsync_integ *);
/*
 * Make sure in->access is good for two more minutes (force: refresh
 * anyway, after a 401).  GOOGLE_ERR_INVALID_GRANT means the integration
 * was just marked disconnected (and logged).
 */
enum google_err calsync_integ_token(struct app_ctx *,
	    struct calsync_integ *, int force);

#endif
