/*
 * passwd — Argon2id through libsodium; bcrypt hashes brought over from the
 * seed system are checked through libcrypt (libxcrypt), once, and then
 * replaced (see passwd_needs_rehash).
 */
#include <crypt.h>
#include <string.h>

#include "passwd.h"

/* Is hash a bcrypt one ($2a$, $2b$, $2y$)? */
static int
is_bcrypt(const char *hash)
{
	return strncmp(hash, "$2a$", 4) == 0 || strncmp(hash, "$2b$", 4) == 0 ||
	    strncmp(hash, "$2y$", 4) == 0;
}

/* bcrypt: libcrypt computes the hash again; compared in constant time. */
static int
bcrypt_verify(const char *hash, const char *password)
{
	struct crypt_data	*cd;
	const char		*out;
	size_t			 n = strlen(hash);
	int			 ok = 0;

	/* bcrypt reads at most 72 bytes; longer ones are refused, so a
	 * password is never accepted on its first 72 bytes alone. */
	if (n != 60 || strlen(password) > 72)
		return 0;
	if ((cd = sodium_malloc(sizeof(*cd))) == NULL)
		return 0;
	memset(cd, 0, sizeof(*cd));
	out = crypt_r(password, hash, cd);
	if (out != NULL && out[0] != '*' && strlen(out) == n)
		ok = sodium_memcmp(out, hash, n) == 0;
	sodium_free(cd);
	return ok;
}

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
	if (is_bcrypt(hash))
		return bcrypt_verify(hash, password);
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int
passwd_needs_rehash(const char *hash)
{
	if (is_bcrypt(hash))
		return 1;
	return crypto_pwhash_str_needs_rehash(hash,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}
