/*
 * crypto — SHA-1 and HMAC-SHA1 written from FIPS 180-4 and RFC 2104;
 * base64 and constant-time comparison from libsodium; hex helpers.
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "crypto.h"

static uint32_t
rol32(uint32_t x, unsigned int n)
{
	return (x << n) | (x >> (32 - n));
}

static uint32_t
load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* FIPS 180-4 section 6.1.2: process one 64-byte block. */
static void
sha1_block(uint32_t h[5], const unsigned char *blk)
{
	uint32_t	 w[80], a, b, c, d, e, f, k, t;
	int		 i;

	for (i = 0; i < 16; i++)
		w[i] = load_be32(blk + 4 * i);
	for (i = 16; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol32(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol32(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	crypto_wipe(w, sizeof(w));
}

void
crypto_sha1_init(struct crypto_sha1 *s)
{
	s->h[0] = 0x67452301;
	s->h[1] = 0xefcdab89;
	s->h[2] = 0x98badcfe;
	s->h[3] = 0x10325476;
	s->h[4] = 0xc3d2e1f0;
	s->total = 0;
	s->used = 0;
}

void
crypto_sha1_update(struct crypto_sha1 *s, const void *data, size_t n)
{
	const unsigned char	*p = data;
	size_t			 take;

	s->total += n;
	while (n > 0) {
		if (s->used == 0 && n >= CRYPTO_SHA1_BLOCK) {
			sha1_block(s->h, p);
			p += CRYPTO_SHA1_BLOCK;
			n -= CRYPTO_SHA1_BLOCK;
			continue;
		}
		take = CRYPTO_SHA1_BLOCK - s->used;
		if (take > n)
			take = n;
		memcpy(s->blk + s->used, p, take);
		s->used += take;
		p += take;
		n -= take;
		if (s->used == CRYPTO_SHA1_BLOCK) {
			sha1_block(s->h, s->blk);
			s->used = 0;
		}
	}
}

/* FIPS 180-4 section 5.1.1: pad with 0x80, zeros, 64-bit bit length. */
void
crypto_sha1_final(struct crypto_sha1 *s, unsigned char out[CRYPTO_SHA1_LEN])
{
	uint64_t	 bits = s->total * 8;
	int		 i;

	s->blk[s->used++] = 0x80;
	if (s->used > CRYPTO_SHA1_BLOCK - 8) {
		memset(s->blk + s->used, 0, CRYPTO_SHA1_BLOCK - s->used);
		sha1_block(s->h, s->blk);
		s->used = 0;
	}
	memset(s->blk + s->used, 0, CRYPTO_SHA1_BLOCK - 8 - s->used);
	for (i = 0; i < 8; i++)
		s->blk[CRYPTO_SHA1_BLOCK - 1 - i] =
		    (unsigned char)(bits >> 8 * i);
	sha1_block(s->h, s->blk);
	for (i = 0; i < 5; i++)
		store_be32(out + 4 * i, s->h[i]);
	crypto_wipe(s, sizeof(*s));
}

void
crypto_sha1(const void *data, size_t n, unsigned char out[CRYPTO_SHA1_LEN])
{
	struct crypto_sha1	 s;

	crypto_sha1_init(&s);
	crypto_sha1_update(&s, data, n);
	crypto_sha1_final(&s, out);
}

/*
 * RFC 2104: H((K ^ opad) || H((K ^ ipad) || text)), keys longer than a
 * block replaced by their hash, shorter ones padded with zeros.
 */
void
crypto_hmac_sha1_init(struct crypto_hmac_sha1 *h, const void *key,
    size_t keylen)
{
	unsigned char	 k[CRYPTO_SHA1_BLOCK], ikey[CRYPTO_SHA1_BLOCK];
	size_t		 i;

	memset(k, 0, sizeof(k));
	if (keylen > CRYPTO_SHA1_BLOCK)
		crypto_sha1(key, keylen, k);
	else if (keylen > 0)
		memcpy(k, key, keylen);
	for (i = 0; i < CRYPTO_SHA1_BLOCK; i++) {
		ikey[i] = k[i] ^ 0x36;
		h->okey[i] = k[i] ^ 0x5c;
	}
	crypto_sha1_init(&h->inner);
	crypto_sha1_update(&h->inner, ikey, sizeof(ikey));
	crypto_wipe(k, sizeof(k));
	crypto_wipe(ikey, sizeof(ikey));
}

void
crypto_hmac_sha1_update(struct crypto_hmac_sha1 *h, const void *data,
    size_t n)
{
	crypto_sha1_update(&h->inner, data, n);
}

void
crypto_hmac_sha1_final(struct crypto_hmac_sha1 *h,
    unsigned char out[CRYPTO_SHA1_LEN])
{
	unsigned char		 ihash[CRYPTO_SHA1_LEN];
	struct crypto_sha1	 outer;

	crypto_sha1_final(&h->inner, ihash);
	crypto_sha1_init(&outer);
	crypto_sha1_update(&outer, h->okey, sizeof(h->okey));
	crypto_sha1_update(&outer, ihash, sizeof(ihash));
	crypto_sha1_final(&outer, out);
	crypto_wipe(ihash, sizeof(ihash));
	crypto_wipe(h, sizeof(*h));
}

void
crypto_hmac_sha1(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[CRYPTO_SHA1_LEN])
{
	struct crypto_hmac_sha1	 h;

	crypto_hmac_sha1_init(&h, key, keylen);
	crypto_hmac_sha1_update(&h, msg, msglen);
	crypto_hmac_sha1_final(&h, out);
}

int
crypto_b64_encode(const void *in, size_t n, char *out, size_t outsz)
{
	size_t	 need;

	if (n > (SIZE_MAX - 1) / 4 * 3 - 2)
		return -1;
	need = CRYPTO_B64_SIZE(n);
	if (need > outsz || need - 1 > INT32_MAX)
		return -1;
	/* libsodium aborts on a short output, hence the check above. */
	sodium_bin2base64(out, outsz, in, n, sodium_base64_VARIANT_ORIGINAL);
	return (int)(need - 1);
}

int
crypto_b64_decode(const char *in, size_t inlen, void *out, size_t outmax)
{
	size_t	 got = 0;

	if (inlen > INT32_MAX)
		return -1;
	if (sodium_base642bin(out, outmax, in, inlen, NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return (int)got;
}

int
crypto_hex_encode(const void *in, size_t n, char *out, size_t outsz)
{
	static const char	 digits[] = "0123456789abcdef";
	const unsigned char	*p = in;
	size_t			 i;

	if (n > (SIZE_MAX - 1) / 2 || 2 * n + 1 > outsz || 2 * n > INT32_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0f];
	}
	out[2 * n] = '\0';
	return (int)(2 * n);
}

/* Value of one hex digit, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
crypto_hex_decode(const char *in, size_t inlen, void *out, size_t outmax)
{
	unsigned char	*p = out;
	size_t		 i;
	int		 hi, lo;

	if (inlen % 2 != 0 || inlen / 2 > outmax || inlen / 2 > INT32_MAX)
		return -1;
	for (i = 0; i < inlen / 2; i++) {
		hi = hexval(in[2 * i]);
		lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		p[i] = (unsigned char)(hi << 4 | lo);
	}
	return (int)(inlen / 2);
}

int
crypto_memeq(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void
crypto_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

void
crypto_token_digest(const unsigned char salt[CRYPTO_TOKEN_SALT_LEN],
    const char *token, unsigned char out[CRYPTO_TOKEN_HASH_LEN])
{
	crypto_hash_sha256_state	 st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, salt, CRYPTO_TOKEN_SALT_LEN);
	crypto_hash_sha256_update(&st, (const unsigned char *)token,
	    strlen(token));
	crypto_hash_sha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

void
crypto_token_hash(const char *token,
    char salt_hex[2 * CRYPTO_TOKEN_SALT_LEN + 1],
    char hash_hex[2 * CRYPTO_TOKEN_HASH_LEN + 1])
{
	unsigned char	 salt[CRYPTO_TOKEN_SALT_LEN];
	unsigned char	 d[CRYPTO_TOKEN_HASH_LEN];

	randombytes_buf(salt, sizeof(salt));
	crypto_token_digest(salt, token, d);
	crypto_hex_encode(salt, sizeof(salt), salt_hex,
	    2 * CRYPTO_TOKEN_SALT_LEN + 1);
	crypto_hex_encode(d, sizeof(d), hash_hex,
	    2 * CRYPTO_TOKEN_HASH_LEN + 1);
	sodium_memzero(d, sizeof(d));
}

int
crypto_token_matches(const char *salt_hex, const char *hash_hex,
    const char *token)
{
	unsigned char	 salt[CRYPTO_TOKEN_SALT_LEN];
	unsigned char	 want[CRYPTO_TOKEN_HASH_LEN];
	unsigned char	 got[CRYPTO_TOKEN_HASH_LEN];
	int		 ok;

	if (salt_hex == NULL || hash_hex == NULL || token == NULL ||
	    strlen(salt_hex) != 2 * CRYPTO_TOKEN_SALT_LEN ||
	    strlen(hash_hex) != 2 * CRYPTO_TOKEN_HASH_LEN ||
	    crypto_hex_decode(salt_hex, 2 * CRYPTO_TOKEN_SALT_LEN, salt,
	    sizeof(salt)) != CRYPTO_TOKEN_SALT_LEN ||
	    crypto_hex_decode(hash_hex, 2 * CRYPTO_TOKEN_HASH_LEN, want,
	    sizeof(want)) != CRYPTO_TOKEN_HASH_LEN)
		return 0;
	crypto_token_digest(salt, token, got);
	ok = sodium_memcmp(got, want, sizeof(got)) == 0;
	sodium_memzero(got, sizeof(got));
	return ok;
}
