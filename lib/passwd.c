/*
 * passwd — Argon2id through libsodium.
 */
#include <string.h>

#include "passwd.h"

int
passwd_hash(const char *password, char out[PASSWD_HASH_LEN])
{
	return crypto_pwhash_str_alg(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int
passwd_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
