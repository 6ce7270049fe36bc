/* COM and MZ executables as pure functions over bytes: header checks,
 * relocation, entry registers. No guest state here. */
#ifndef UNIDOS_LOADER_LOADER_H
#define UNIDOS_LOADER_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LDR_MZ_HEADER_BYTES 0x1C
#define LDR_PARA 16u
#define LDR_PAGE 512u
#define LDR_COM_MAX_BYTES 0xFF00u /* 64 KiB minus the PSP and a stack word */

enum ldr_kind { LDR_COM, LDR_MZ };

/* A parsed executable. Pointers refer into the caller's file buffer. */
struct ldr_image {
    enum ldr_kind kind;
    const uint8_t *module; /* the load module (after the MZ header) */
    uint32_t module_bytes;
    uint32_t min_extra_paras; /* MZ: memory needed beyond the module */
    uint32_t max_extra_paras; /* MZ: memory wanted beyond the module */
    bool load_high;           /* MZ with min = max = 0: load at the top */
    uint16_t cs, ip, ss, sp;  /* MZ: relative to the load segment */
    const uint8_t *relocs;    /* MZ: nrelocs entries of offset, segment */
    uint32_t nrelocs;
};

/* Parse an executable file. COM unless it starts with "MZ" or "ZM" (the
 * contents decide, not the name). On failure returns false and writes a
 * one-line reason to err. */
bool ldr_parse(const uint8_t *file, size_t len, struct ldr_image *img, char *err,
               size_t errcap);

/* Paragraphs the module occupies (rounded up). */
uint32_t ldr_module_paras(const struct ldr_image *img);

/* Add base_seg to every relocated word of a module copy at dst (dst_len
 * bytes, module plus any extra memory). Returns false when an entry points
 * outside dst; nothing is changed then. */
bool ldr_relocate(const struct ldr_image *img, uint8_t *dst, size_t dst_len, uint16_t base_seg);

#endif
