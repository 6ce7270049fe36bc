/* Byte buffers: little- and big-endian integers (DOS structures, file
 * formats), and where two copies differ. */
#ifndef UNIDOS_BASE_BYTES_H
#define UNIDOS_BASE_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)get_le16(p) | (uint32_t)get_le16(p + 2) << 16;
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
    put_le16(p, (uint16_t)v);
    put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline uint64_t bytes_word(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* Where now differs from old (n bytes each): the first differing byte,
 * returned, and *len bytes from there to the last one. n (and *len 0) when
 * they are the same. Compared eight bytes at a time. */
static inline size_t bytes_diff(const uint8_t *now, const uint8_t *old, size_t n, size_t *len)
{
    const size_t w = sizeof(uint64_t);
    size_t first = 0, last = n;
    *len = 0;
    while (first + w <= n && bytes_word(now + first) == bytes_word(old + first))
        first += w;
    while (first < n && now[first] == old[first])
        first++;
    if (first == n)
        return n;
    while (last - first >= w && bytes_word(now + last - w) == bytes_word(old + last - w))
        last -= w;
    while (now[last - 1] == old[last - 1])
        last--;
    *len = last - first;
    return first;
}

#endif
