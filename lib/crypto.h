/*
 * crypto — the small primitives libsodium does not give us, and thin
 * wrappers over the ones it does.
 *
 * SHA-1 (FIPS 180-4) and HMAC-SHA1 (RFC 2104) exist here only because
 * Twilio signs webhooks with HMAC-SHA1; nothing else in Sophie may use
 * SHA-1. Base64 and the constant-time comparison are libsodium's.
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

#endif
