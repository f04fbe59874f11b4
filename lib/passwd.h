/*
 * passwd — password hashing with libsodium's Argon2id (interactive limits).
 */
#ifndef SOPHIE_PASSWD_H
#define SOPHIE_PASSWD_H

#include <sodium.h>

#define PASSWD_HASH_LEN	crypto_pwhash_STRBYTES

/* Hash password into out (PASSWD_HASH_LEN bytes). Returns 0 or -1. */
int	 passwd_hash(const char *password, char out[PASSWD_HASH_LEN]);
/* Does password match the stored hash (Argon2id, or a bcrypt hash of the
 * seed system)? Returns 1 or 0. */
int	 passwd_verify(const char *hash, const char *password);
/* Should a hash that just matched be replaced by a new passwd_hash? 1 for
 * bcrypt and for Argon2id with other limits, else 0. */
int	 passwd_needs_rehash(const char *hash);

#endif
