/*
 * seal — secrets at rest (OAuth tokens, per-clinic Twilio tokens):
 * XChaCha20-Poly1305 (libsodium AEAD) under SOPHIE_SECRET_KEY, with the
 * owning row's id as associated data, so a sealed value moved to another
 * row does not open.  Sealed form: 24-byte nonce || ciphertext || tag.
 */
#ifndef SOPHIE_SEAL_H
#define SOPHIE_SEAL_H

#include <stddef.h>

#include "buf.h"

/*
 * Seal plain (len bytes) with key (32 bytes) and associated data ad (a
 * string, may be ""); appends the sealed bytes to out.  Returns 0 or -1.
 */
int	 seal_encrypt(const unsigned char *key, const char *plain, size_t len,
	    const char *ad, struct buf *out);
/*
 * Open sealed bytes; appends the plaintext to out.  Returns 0, or -1 when
 * the key, the associated data or the bytes are wrong.
 */
int	 seal_decrypt(const unsigned char *key, const unsigned char *sealed,
	    size_t len, const char *ad, struct buf *out);

/*
 * Open a sealed value given as hex (as PostgreSQL's encode(x, 'hex')
 * prints a bytea) into out, NUL-terminated.  An empty hex gives "".
 * Returns 0, or -1 when it does not open or does not fit in outsz.
 */
int	 seal_open_hex(const unsigned char *key, const char *hex,
	    const char *ad, char *out, size_t outsz);

#endif
