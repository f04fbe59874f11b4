/*
 * seal — libsodium AEAD for secrets at rest.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "seal.h"

#define NONCE	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG	crypto_aead_xchacha20poly1305_ietf_ABYTES

int
seal_encrypt(const unsigned char *key, const char *plain, size_t len,
    const char *ad, struct buf *out)
{
	unsigned char		 nonce[NONCE];
	unsigned char		*c;
	unsigned long long	 clen;
	size_t			 start = out->len;

	randombytes_buf(nonce, sizeof(nonce));
	if (buf_add(out, nonce, sizeof(nonce)) == -1 ||
	    buf_add(out, plain, len) == -1 || buf_add(out, nonce, TAG) == -1) {
		out->len = start;
		if (out->p != NULL)
			out->p[start] = '\0';
		return -1;
	}
	c = (unsigned char *)out->p + start + NONCE;
	crypto_aead_xchacha20poly1305_ietf_encrypt(c, &clen,
	    (const unsigned char *)plain, len, (const unsigned char *)ad,
	    strlen(ad), NULL, nonce, key);
	return 0;
}

int
seal_decrypt(const unsigned char *key, const unsigned char *sealed,
    size_t len, const char *ad, struct buf *out)
{
	unsigned long long	 plen;
	size_t			 start = out->len;

	if (len < NONCE + TAG)
		return -1;
	if (buf_add(out, sealed, len - NONCE - TAG) == -1)
		return -1;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
	    (unsigned char *)out->p + start, &plen, NULL, sealed + NONCE,
	    len - NONCE, (const unsigned char *)ad, strlen(ad), sealed,
	    key) != 0) {
		sodium_memzero(out->p + start, len - NONCE - TAG);
		out->len = start;
		out->p[start] = '\0';
		return -1;
	}
	out->len = start + (size_t)plen;
	out->p[out->len] = '\0';
	return 0;
}

int
seal_open_hex(const unsigned char *key, const char *hex, const char *ad,
    char *out, size_t outsz)
{
	unsigned char	*bin;
	size_t		 hlen = strlen(hex), blen;
	struct buf	 b;
	int		 rc = -1;

	if (outsz == 0)
		return -1;
	out[0] = '\0';
	if (hlen == 0)
		return 0;
	if (hlen % 2 != 0 || (bin = malloc(hlen / 2)) == NULL)
		return -1;
	if (sodium_hex2bin(bin, hlen / 2, hex, hlen, NULL, &blen, NULL) != 0)
		goto out;
	buf_init(&b, outsz);
	if (seal_decrypt(key, bin, blen, ad, &b) == 0 && b.len < outsz) {
		memcpy(out, buf_str(&b), b.len + 1);
		rc = 0;
	}
	if (b.p != NULL)
		sodium_memzero(b.p, b.cap);
	buf_free(&b);
out:
	free(bin);
	return rc;
}
