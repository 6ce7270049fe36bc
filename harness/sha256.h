/* SHA-256 (FIPS 180-4), for expect-file checks. */
#ifndef UNIDOS_HARNESS_SHA256_H
#define UNIDOS_HARNESS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32

struct sha256 {
    uint32_t h[8];
    uint64_t len; /* bytes hashed so far */
    uint8_t block[64];
    size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_BYTES]);

/* Hash a whole host file. Returns 0 or -errno. */
int sha256_file(const char *path, uint8_t out[SHA256_BYTES]);
/* 64 lower-case hex digits and a NUL. */
void sha256_hex(const uint8_t d[SHA256_BYTES], char out[2 * SHA256_BYTES + 1]);

#endif
