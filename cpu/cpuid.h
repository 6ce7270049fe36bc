/* What the guest learns from CPUID for each CPU model: a plain table, so the
 * identification is the same whatever Unicorn version runs underneath. */
#ifndef UNIDOS_CPU_CPUID_H
#define UNIDOS_CPU_CPUID_H

#include <stdint.h>

#include "cpu/cpu.h"

struct cpuid_out {
    uint32_t eax, ebx, ecx, edx;
};

/* CPUID leaf `leaf` as the given model answers it (Intel SDM vol. 2A,
 * "CPUID"): leaf 0 vendor and highest leaf, leaf 1 signature and features,
 * leaf 2 cache descriptors (P6 only); other leaves read as zeros. */
void cpuid_query(enum cpu_model model, uint32_t leaf, struct cpuid_out *out);

/* Human name of a model ("Pentium II"), for logs and --help. */
const char *cpuid_model_name(enum cpu_model model);

#endif
