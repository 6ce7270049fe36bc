/* CPUID answers per model. Unicorn 2.0.1 hard-codes the feature words of
 * every x86 model (unicorn issue #1787, fixed after 2.0.1: CPUID 1 gives
 * EDX=07088100h, without even the FPU bit), so the CPU hook answers CPUID
 * from this table instead. The features listed are those Unicorn executes:
 * CMOV/FCOMI, RDTSC, CMPXCHG8B and MMX work on every model. */
#include "cpu/cpuid.h"

#include "base/common.h"

/* CPUID 1 EDX feature bits (Intel SDM vol. 2A, table 3-11). */
enum {
    CPUID_FPU = 1u << 0,
    CPUID_VME = 1u << 1,
    CPUID_DE = 1u << 2,
    CPUID_PSE = 1u << 3,
    CPUID_TSC = 1u << 4,
    CPUID_MSR = 1u << 5,
    CPUID_CX8 = 1u << 8,
    CPUID_CMOV = 1u << 15,
    CPUID_MMX = 1u << 23,
    CPUID_FXSR = 1u << 24,
    CPUID_SSE = 1u << 25,
};
#define CPUID_VENDOR_EBX 0x756E6547u   /* "Genu" */
#define CPUID_VENDOR_EDX 0x49656E69u   /* "ineI" */
#define CPUID_VENDOR_ECX 0x6C65746Eu   /* "ntel" */
#define CPUID_P6_CACHE_EAX 0x03020101u /* leaf 2: one iteration, 16K L1, 512K L2 */
#define CPUID_P6_CACHE_EDX 0x0C040843u

struct cpuid_model {
    const char *name;
    uint32_t max_leaf;
    uint32_t signature; /* leaf 1 EAX: family << 8 | model << 4 | stepping */
    uint32_t features;  /* leaf 1 EDX */
};

static const struct cpuid_model k_models[] = {
    /* 486DX4 (family 4 model 8): the last 486s answered CPUID */
    [CPU_MODEL_486] = {"486DX4", 1, 0x0480, CPUID_FPU | CPUID_VME},
    /* Pentium MMX (family 5 model 4) */
    [CPU_MODEL_PENTIUM] = {"Pentium MMX", 1, 0x0543,
                           CPUID_FPU | CPUID_VME | CPUID_DE | CPUID_PSE | CPUID_TSC |
                               CPUID_MSR | CPUID_CX8 | CPUID_MMX},
    /* Pentium II Deschutes (family 6 model 5) */
    [CPU_MODEL_PENTIUM2] = {"Pentium II", 2, 0x0652,
                            CPUID_FPU | CPUID_VME | CPUID_DE | CPUID_PSE | CPUID_TSC |
                                CPUID_MSR | CPUID_CX8 | CPUID_CMOV | CPUID_MMX | CPUID_FXSR},
    /* Pentium III Katmai (family 6 model 7) */
    [CPU_MODEL_PENTIUM3] = {"Pentium III", 2, 0x0673,
                            CPUID_FPU | CPUID_VME | CPUID_DE | CPUID_PSE | CPUID_TSC |
                                CPUID_MSR | CPUID_CX8 | CPUID_CMOV | CPUID_MMX | CPUID_FXSR |
                                CPUID_SSE},
};

static const struct cpuid_model *model_of(enum cpu_model m)
{
    return &k_models[(unsigned)m < ARRAY_LEN(k_models) ? m : CPU_MODEL_PENTIUM2];
}

void cpuid_query(enum cpu_model model, uint32_t leaf, struct cpuid_out *out)
{
    const struct cpuid_model *m = model_of(model);
    *out = (struct cpuid_out){0};
    /* SDM: a leaf above the highest one answers as the highest basic leaf. */
    if (leaf > m->max_leaf)
        leaf = m->max_leaf;
    if (leaf == 0) {
        *out = (struct cpuid_out){m->max_leaf, CPUID_VENDOR_EBX, CPUID_VENDOR_ECX,
                                  CPUID_VENDOR_EDX};
    } else if (leaf == 1) {
        out->eax = m->signature;
        out->edx = m->features;
    } else if (leaf == 2) {
        out->eax = CPUID_P6_CACHE_EAX;
        out->edx = CPUID_P6_CACHE_EDX;
    }
}

const char *cpuid_model_name(enum cpu_model model)
{
    return model_of(model)->name;
}
