/* One machine for all tests: load a test's registers and RAM, execute one
 * instruction through cpu/, compare, restore the touched bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "cpu/cpu.h"
#include "cpu/cpuid.h"
#include "bus/io.h"
#include "tests/cputest/cputest.h"

/* The number in j, or def when j is missing or not a number. */
static double num(const cJSON *j, double def)
{
    return cJSON_IsNumber(j) ? j->valuedouble : def;
}

/* Member key of object j (NULL when j is NULL or has no such member). */
static const cJSON *get(const cJSON *j, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(j, key);
}

/* Element i of array j as a number (the RAM pairs [address, byte]). */
static double num_at(const cJSON *j, int i)
{
    return num(cJSON_GetArrayItem(j, i), 0);
}

#define KNOWN_MAX 1024
#define REP_MAX_STEPS 0x20000
/* FLAGS bits 12-15 read as 1 on the 8086/8088 the tests come from; on a
 * 386+ in real mode they are IOPL and NT (settable) and bit 15 is 0. The
 * comparison leaves them out for every test (see known_differences.txt). */
#define FLAGS_8086_HIGH 0xF000u
#define IVT_VEC_INVALID 6
#define VEC_TRAP 1
#define OP_INT 0xCD

struct ct_known {
    char *id[KNOWN_MAX];
    bool hit[KNOWN_MAX];
    size_t n;
};

struct ct_machine {
    struct mem *mem;
    struct io *io;
    struct cpu *cpu;
};

static const char *const k_reg_names[] = {"ax", "bx", "cx", "dx", "si", "di", "bp", "sp",
                                          "ip", "cs", "ds", "es", "ss", "fs", "gs", "flags"};
_Static_assert(ARRAY_LEN(k_reg_names) * sizeof(uint16_t) == sizeof(struct cpu_regs),
               "one name per struct cpu_regs field, in order");

/* ---- the machine: a bare CPU whose interrupts go through the IVT ---- */

static void push16(struct mem *m, struct cpu_regs *r, uint16_t v)
{
    r->sp = (uint16_t)(r->sp - 2);
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    mem_write_far(m, r->ss, r->sp, b, 2);
}

/* What the CPU itself does for INT n, exceptions and traps. */
static void reflect(struct mem *m, struct cpu_regs *r, unsigned vec)
{
    push16(m, r, r->flags);
    push16(m, r, r->cs);
    push16(m, r, r->ip);
    r->flags &= (uint16_t)~(CPU_FLAG_IF | CPU_FLAG_TF);
    r->ip = mem_rd16(m, vec * 4);
    r->cs = mem_rd16(m, vec * 4 + 2);
}

static void on_intr(void *ctx, unsigned intno, struct cpu_regs *r)
{
    struct ct_machine *mc = ctx;
    uint32_t at = mem_lin(mc->mem, r->cs, (uint16_t)(r->ip - 2));
    bool int1_insn = mem_rd8(mc->mem, at) == OP_INT && mem_rd8(mc->mem, at + 1) == VEC_TRAP;
    /* A single-step test ends at the instruction boundary: the trap that
     * TF raises after the instruction is not taken. */
    if (intno == VEC_TRAP && !int1_insn) {
        cpu_yield(mc->cpu);
        return;
    }
    reflect(mc->mem, r, intno & 0xFF);
}

static bool on_invalid(void *ctx, struct cpu_regs *r)
{
    struct ct_machine *mc = ctx;
    reflect(mc->mem, r, IVT_VEC_INVALID);
    return true;
}

/* ---- known differences ---- */

static int read_known(struct ct_known *k, const char *path)
{
    char line[512];
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cputest: %s: cannot open\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, f) && k->n < KNOWN_MAX) {
        size_t idlen = strcspn(line, " \t\r\n");
        if (line[0] == '#' || idlen == 0)
            continue;
        k->id[k->n++] = strndup(line, idlen);
    }
    fclose(f);
    return 0;
}

static bool known(struct ct_known *k, const char *id)
{
    for (size_t i = 0; i < k->n; i++)
        if (!strcmp(k->id[i], id)) {
            k->hit[i] = true;
            return true;
        }
    return false;
}

int ct_begin(struct ct_run *run)
{
    struct cpu_callbacks cb = {on_intr, on_invalid, NULL, NULL};
    struct ct_machine *mc = xcalloc(1, sizeof *mc);
    run->known = xcalloc(1, sizeof *run->known);
    if (run->known_path && read_known(run->known, run->known_path) < 0)
        return -1;
    mc->mem = mem_new();
    mc->io = io_new();
    cb.ctx = mc;
    mc->cpu = cpu_new(mc->mem, mc->io, run->model, &cb);
    cpu_set_tier(mc->cpu, run->tier);
    run->m = mc;
    return 0;
}

/* ---- one test ---- */

static bool is_prefix(unsigned b)
{
    return b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0xF0 || b == 0xF2 ||
           b == 0xF3;
}

static bool is_string_op(unsigned op)
{
    return (op >= 0xA4 && op <= 0xA7) || (op >= 0xAA && op <= 0xAF) ||
           (op >= 0x6C && op <= 0x6F);
}

struct insn {
    unsigned op, reg;           /* opcode after prefixes; ModRM reg field */
    bool rep;
};

static struct insn decode(const cJSON *bytes)
{
    struct insn in = {0};
    int i = 0;
    for (; i < cJSON_GetArraySize(bytes) && is_prefix((unsigned)num_at(bytes, i)); i++)
        in.rep |= ((unsigned)num_at(bytes, i) & 0xFE) == 0xF2;
    in.op = (unsigned)num_at(bytes, i) & 0xFF;
    in.reg = ((unsigned)num_at(bytes, i + 1) >> 3) & 7;
    return in;
}

/* Undefined flags of this opcode (metadata "flags-mask", per ModRM reg for
 * the group opcodes); the flags compared are those set in the mask. */
static uint16_t flags_mask(const cJSON *meta, const struct insn *in)
{
    char key[4], reg[2] = {(char)('0' + in->reg), 0};
    snprintf(key, sizeof key, "%02X", in->op);
    const cJSON *e = get(meta, key);
    const cJSON *g = get(get(e, "reg"), reg);
    double mask = num(get(g ? g : e, "flags-mask"), 0xFFFF);
    return (uint16_t)((unsigned)mask & ~FLAGS_8086_HIGH);
}

static void load_regs(const cJSON *regs, const struct cpu_regs *base, struct cpu_regs *r)
{
    uint16_t *f = (uint16_t *)r;
    *r = *base;
    for (size_t i = 0; i < ARRAY_LEN(k_reg_names); i++) {
        const cJSON *v = get(regs, k_reg_names[i]);
        if (v)
            f[i] = (uint16_t)num(v, 0);
    }
}

static void load_ram(struct mem *m, const cJSON *ram)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, ram)
        mem_wr8(m, (uint32_t)num_at(e, 0), (uint8_t)num_at(e, 1));
}

static void clear_ram(struct mem *m, const cJSON *ram)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, ram)
        mem_wr8(m, (uint32_t)num_at(e, 0), 0);
}

/* Differences between the state reached and the expected one, as text. */
static int compare(struct ct_machine *mc, const struct cpu_regs *got,
                   const struct cpu_regs *want, uint16_t fmask, const cJSON *ram,
                   char *out, size_t cap)
{
    const uint16_t *g = (const uint16_t *)got, *w = (const uint16_t *)want;
    size_t n = 0;
    int diffs = 0;
    for (size_t i = 0; i < ARRAY_LEN(k_reg_names); i++) {
        uint16_t mask = !strcmp(k_reg_names[i], "flags") ? fmask : 0xFFFF;
        if ((g[i] & mask) != (w[i] & mask) && n < cap) {
            diffs++;
            n += (size_t)snprintf(out + n, cap - n, " %s=%04X(want %04X)",
                                           k_reg_names[i], g[i], w[i]);
        }
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, ram) {
        uint32_t a = (uint32_t)num_at(e, 0);
        uint8_t v = (uint8_t)num_at(e, 1), is = mem_rd8(mc->mem, a);
        if (v != is && n < cap) {
            diffs++;
            n += (size_t)snprintf(out + n, cap - n, " [%05X]=%02X(want %02X)", a, is, v);
        }
    }
    return diffs;
}

static void execute(struct ct_machine *mc, const struct insn *in, struct cpu_regs *r)
{
    struct cpu_regs start;
    cpu_get_regs(mc->cpu, &start);
    for (unsigned n = 0; n < REP_MAX_STEPS; n++) {
        if (cpu_step(mc->cpu) == CPU_STOP_FAULT)
            break;
        cpu_get_regs(mc->cpu, r);
        /* A REP string instruction runs one iteration per step. */
        if (!in->rep || !is_string_op(in->op) || r->ip != start.ip || r->cs != start.cs)
            return;
    }
    cpu_get_regs(mc->cpu, r);
}

static void report(struct ct_run *run, const char *id, const char *name, bool is_known,
                   const char *diff)
{
    if (!is_known)
        printf("FAIL %s (%s):%s\n", id, name, diff);
    else if (run->verbose)
        printf("known %s (%s):%s\n", id, name, diff);
}

static void run_one(struct ct_run *run, const char *id, const cJSON *t)
{
    struct ct_machine *mc = run->m;
    const cJSON *init = get(t, "initial"), *fin = get(t, "final");
    const char *name = cJSON_GetStringValue(get(t, "name"));
    struct insn in = decode(get(t, "bytes"));
    struct cpu_regs zero = {0}, start, want, got;
    char diff[1024] = "";
    load_ram(mc->mem, get(init, "ram"));
    load_regs(get(init, "regs"), &zero, &start);
    load_regs(get(fin, "regs"), &start, &want);
    cpu_set_regs(mc->cpu, &start);
    execute(mc, &in, &got);
    int diffs = compare(mc, &got, &want, flags_mask(run->meta, &in), get(fin, "ram"), diff,
                        sizeof diff);
    clear_ram(mc->mem, get(init, "ram"));
    clear_ram(mc->mem, get(fin, "ram"));
    struct ct_tally *tl = &run->by_op[in.op];
    if (!diffs) {
        tl->pass++;
        run->pass++;
        return;
    }
    tl->fail++;
    bool is_known = known(run->known, id);
    is_known ? run->known_fail++ : run->unexpected++;
    report(run, id, name ? name : "", is_known, diff);
}

static void test_id(const char *path, size_t index, size_t count, char *out, size_t cap)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t stem = strcspn(base, ".");
    if (count == 1)
        snprintf(out, cap, "%.*s", (int)stem, base);
    else
        snprintf(out, cap, "%.*s#%zu", (int)stem, base, index);
}

void ct_run_file(struct ct_run *run, const char *path, const cJSON *tests)
{
    char id[256];
    size_t i = 0, n = (size_t)cJSON_GetArraySize(tests);
    const cJSON *t;
    cJSON_ArrayForEach(t, tests) {
        test_id(path, i++, n, id, sizeof id);
        run_one(run, id, t);
    }
}

int ct_finish(struct ct_run *run)
{
    unsigned stale = 0, total = run->pass + run->known_fail + run->unexpected;
    printf("# pass rate per opcode (model %s, %s):\n", cpuid_model_name(run->model),
           run->tier == CPU_TIER_INTERP ? "the interpreter" : "Unicorn");
    for (unsigned op = 0; op < 256; op++) {
        const struct ct_tally *t = &run->by_op[op];
        if (t->pass + t->fail)
            printf("#   %02X: %u/%u\n", op, t->pass, t->pass + t->fail);
    }
    for (size_t i = 0; i < run->known->n; i++)
        if (!run->known->hit[i]) {
            stale++;
            printf("STALE %s: listed as a known difference but passed or did not run\n",
                   run->known->id[i]);
        }
    printf("# %u tests: %u pass, %u known differences, %u unexpected failures, "
           "%u stale entries\n",
           total, run->pass, run->known_fail, run->unexpected, stale);
    cpu_free(run->m->cpu);
    io_free(run->m->io);
    mem_free(run->m->mem);
    free(run->m);
    for (size_t i = 0; i < run->known->n; i++)
        free(run->known->id[i]);
    free(run->known);
    return run->unexpected || stale ? 1 : 0;
}
