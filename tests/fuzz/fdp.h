/* Fuzz input consumer: reads fields from the front of the input, zeros
 * once it is used up (libFuzzer's FuzzedDataProvider idea, in C). */
#ifndef UNIDOS_TESTS_FUZZ_FDP_H
#define UNIDOS_TESTS_FUZZ_FDP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct fdp {
    const uint8_t *p;
    size_t n;
};

static inline size_t fdp_left(const struct fdp *f)
{
    return f->n;
}

static inline uint8_t fdp_u8(struct fdp *f)
{
    if (!f->n)
        return 0;
    f->n--;
    return *f->p++;
}

static inline uint16_t fdp_u16(struct fdp *f)
{
    uint16_t lo = fdp_u8(f);
    return (uint16_t)(lo | fdp_u8(f) << 8);
}

/* Up to n bytes into dst; returns how many were there. */
static inline size_t fdp_bytes(struct fdp *f, void *dst, size_t n)
{
    size_t k = n < f->n ? n : f->n;
    memcpy(dst, f->p, k);
    f->p += k;
    f->n -= k;
    return k;
}

/* A pointer to the next n bytes (fewer at the end), consumed. */
static inline const uint8_t *fdp_take(struct fdp *f, size_t *n)
{
    const uint8_t *p = f->p;
    if (*n > f->n)
        *n = f->n;
    f->p += *n;
    f->n -= *n;
    return p;
}

#endif
