/*
 * crypto — the small primitives libsodium does not give us, and thin
 * wrappers over the ones it does.
 *
 * SHA-1 (FIPS 180-4) and HMAC-SHA1 (RFC 2104) exist here only because
 * Twilio signs webhooks with HMAC-SHA1; nothing else in Sophie may use
 * SHA-1. Base64, SHA-256 and the constant-time comparison are
 * libsodium's.
 */
#ifndef SOPHIE_CRYPTO_H
#define SOPHIE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_SHA1_LEN		20	/* digest bytes */
#define CRYPTO_SHA1_BLOCK	64	/* block bytes */

/* A SHA-1 computation in progress. Plain value: no resources held. */
struct crypto_sha1 {
	uint32_t	 h[5];		/* chaining state */
	uint64_t	 total;		/* bytes hashed so far */
	size_t		 used;		/* bytes waiting in blk */
	unsigned char	 blk[CRYPTO_SHA1_BLOCK];
};

/* An HMAC-SHA1 computation in progress. Plain value. */
struct crypto_hmac_sha1 {
	struct crypto_sha1	 inner;
	unsigned char		 okey[CRYPTO_SHA1_BLOCK]; /* key ^ opad */
};

void	 crypto_sha1_init(struct crypto_sha1 *);
void	 crypto_sha1_update(struct crypto_sha1 *, const void *, size_t);
/* Write the digest to out and wipe the context. */
void	 crypto_sha1_final(struct crypto_sha1 *,
	    unsigned char out[CRYPTO_SHA1_LEN]);
/* One-shot SHA-1 of n bytes. */
void	 crypto_sha1(const void *, size_t n,
	    unsigned char out[CRYPTO_SHA1_LEN]);

/* Start an HMAC-SHA1 with a key of any length. */
void	 crypto_hmac_sha1_init(struct crypto_hmac_sha1 *,
	    const void *key, size_t keylen);
void	 crypto_hmac_sha1_update(struct crypto_hmac_sha1 *,
	    const void *, size_t);
/* Write the MAC to out and wipe the context. */
void	 crypto_hmac_sha1_final(struct crypto_hmac_sha1 *,
	    unsigned char out[CRYPTO_SHA1_LEN]);
/* One-shot HMAC-SHA1. */
void	 crypto_hmac_sha1(const void *key, size_t keylen,
	    const void *msg, size_t msglen, unsigned char out[CRYPTO_SHA1_LEN]);

/* Bytes needed (with the NUL) for the padded base64 of n bytes. */
#define CRYPTO_B64_SIZE(n)	((((n) + 2) / 3) * 4 + 1)

/*
 * Standard padded base64 (RFC 4648 section 4) of n bytes into out, which
 * holds outsz bytes. Returns the length written (without the NUL), or -1
 * when out is too small.
 */
int	 crypto_b64_encode(const void *, size_t n, char *out, size_t outsz);
/*
 * Decode standard padded base64 of inlen chars into out (outmax bytes).
 * Rejects whitespace, missing padding and trailing garbage. Returns the
 * number of bytes decoded, or -1.
 */
int	 crypto_b64_decode(const char *, size_t inlen, void *out,
	    size_t outmax);

/*
 * Lower-case hex of n bytes into out (outsz bytes, 2n+1 needed).
 * Returns the length written, or -1 when out is too small.
 */
int	 crypto_hex_encode(const void *, size_t n, char *out, size_t outsz);
/*
 * Decode exactly inlen hex digits (either case; inlen even) into out,
 * which holds outmax bytes. Returns the number of bytes, or -1 on a bad
 * digit, odd length or short output.
 */
int	 crypto_hex_decode(const char *, size_t inlen, void *out,
	    size_t outmax);

/*
 * Compare n bytes in time independent of their contents.
 * Returns 1 when equal, 0 otherwise.
 */
int	 crypto_memeq(const void *, const void *, size_t n);
/* Zero n bytes in a way the compiler cannot remove. */
void	 crypto_wipe(void *, size_t n);

/*
 * Stored tokens (the WhatsApp verify token): only a random salt and
 * SHA-256(salt || token) are kept, never the token.  SHA-256 because
 * PostgreSQL computes it too (sha256(), built in), so that a migration
 * can convert tokens stored in clear (sql/012_verify_token_hash.sql).
 * The tokens are long random strings, so one fast hash is enough; a slow
 * password hash would only slow the webhook down.
 */
#define CRYPTO_TOKEN_SALT_LEN	16	/* salt bytes */
#define CRYPTO_TOKEN_HASH_LEN	32	/* SHA-256 bytes */

/* SHA-256(salt || token), the token up to its NUL. */
void	 crypto_token_digest(const unsigned char salt[CRYPTO_TOKEN_SALT_LEN],
	    const char *token, unsigned char out[CRYPTO_TOKEN_HASH_LEN]);
/* A fresh random salt and the digest of token, both in lower-case hex. */
void	 crypto_token_hash(const char *token,
	    char salt_hex[2 * CRYPTO_TOKEN_SALT_LEN + 1],
	    char hash_hex[2 * CRYPTO_TOKEN_HASH_LEN + 1]);
/*
 * Does token hash to hash_hex with salt_hex (as crypto_token_hash wrote
 * them)?  The digests are compared in constant time.  Returns 1 or 0 (0
 * also for a NULL or malformed argument).
 */
int	 crypto_token_matches(const char *salt_hex, const char *hash_hex,
	    const char *token);

#endif
