/* Idle detection. A program waiting for a key on a PC rarely blocks in a
 * BIOS call: it polls (INT 16h 01h/11h, INT 21h 06h/0Bh, INT 33h 03h, the
 * keyboard port), reads the tick count until it changes (through INT 1Ah,
 * or straight from memory: cpu/tickwait.c finds that loop and reports it
 * with bios_tick_wait), or tells a multitasker it has nothing to do
 * (INT 2Fh 1680h, INT 15h 1000h, INT 28h, INT 2Ah 84h). Each service that finds nothing new reports it here. Two
 * such polls with nothing else in between (at most IDLE_SPAN_BLOCKS blocks
 * of guest code, no other DOS or BIOS service, nothing drawn on the
 * screen) are a program waiting:
 * the slice ends and the run loop sleeps until the next event (a key, the
 * mouse, the next timer tick, audio to feed), or in deterministic runs
 * skips to it. The span is counted in executed blocks, not host time, so
 * the decision does not depend on the host's speed or load, and sleeping
 * does not break a wait: after a wake-up the first empty poll idles again.
 * A game that polls once per frame does a frame's work in between and
 * keeps its speed.
 *
 * Deterministic runs keep their own rule, as golden files expect: only
 * empty reads and peeks of the BIOS keyboard buffer count, and two of them
 * within IDLE_DET_SPIN_NS of machine time skip virtual time to the next
 * event; polls of input that has ended idle by the rule above.
 *
 * End of input: once no input can ever come (standard input at its end,
 * no keys left to type, no window or terminal), only time can change what
 * a waiting program sees, and nobody watches: the run loop skips its idle
 * time at once (bios_waits_for_ended_input), as deterministic runs do. A
 * program that keeps looking for that input, each look within
 * IDLE_ENDED_SPAN_BLOCKS blocks of guest code after the one before, for
 * IDLE_ENDED_NS of machine time is stopped (bios_input_starved): long
 * enough for a prompt with a time-out (CHOICE /T waits 99 seconds at most)
 * to answer itself, and no host time since it is skipped. A program doing
 * real work between looks (a demo drawing frames, a tool checking for a
 * key between files) does not look often enough to count. All of it is
 * guest behaviour and machine time, so a deterministic run stops at the
 * same point every time. */
#include <string.h>

#include "base/common.h"
#include "base/log.h"
#include "bios/bios_impl.h"

#define IDLE_SPAN_BLOCKS 5000u        /* polls this close together are one wait */
#define IDLE_POLLS 2u                 /* polls in a row that make a wait */
#define IDLE_POLLS_TYPEAHEAD 64u      /* ... with keys in the buffer */
#define IDLE_ENDED_NS 100000000000ull /* looking for ended input this long: starved */
#define IDLE_ENDED_SPAN_BLOCKS 20000u /* looks this close together are one wait */
#define IDLE_DET_SPIN_NS 50000u       /* deterministic: key misses this close idle */
#define TEXT_HASH_MAX 0x4000u         /* bytes of a text page hashed at most */
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

/* What the program shows: writes through the VGA window, and the text
 * page (plain RAM). A program that draws between polls is working. */
static uint64_t progress(struct bios *b)
{
    if (!b->vga)
        return 0;
    struct vga_view v;
    vga_view(b->vga, &v);
    uint64_t h = FNV_OFFSET ^ vga_vram_writes(b->vga);
    if (v.graphics)
        return h;
    uint32_t len = MIN(v.cols * v.rows * 2u, TEXT_HASH_MAX) & ~7u;
    const uint8_t *p = mem_ptr(b->mem, v.vram_lin + v.start * 2u, len);
    for (uint32_t i = 0; p && i < len; i += 8) {
        uint64_t word;
        memcpy(&word, p + i, sizeof word);
        h = (h ^ word) * FNV_PRIME;
    }
    return h;
}

static void starved(struct bios *b, uint64_t ns)
{
    if (b->input_starved)
        return;
    b->input_starved = true;
    LOG(LOG_BIOS, "idle: looked for input that has ended for %llu ms of machine time",
        (unsigned long long)(ns / 1000000u));
    if (b->intr)
        intr_idle(b->intr); /* end the slice: the run loop stops the program */
}

/* Input that cannot come: how long has the program been asking for it? */
static void note_ended(struct bios *b, enum bios_poll kind, uint64_t blocks)
{
    struct bios_idle *w = &b->idle;
    uint64_t now = clock_now_ns(b->clk) + 1; /* 0 is "not waiting" */
    if (kind == BIOS_POLL_YIELD || kind == BIOS_POLL_CLOCK)
        return;
    if (kind == BIOS_POLL_INPUT) {
        w->ended_since_ns = 0;
        return;
    }
    if (!w->ended_since_ns || blocks - w->ended_blocks > IDLE_ENDED_SPAN_BLOCKS)
        w->ended_since_ns = now;
    w->ended_blocks = blocks;
    if (now - w->ended_since_ns >= IDLE_ENDED_NS)
        starved(b, now - w->ended_since_ns);
}

/* The deterministic rule: two empty looks at the keyboard buffer close
 * together in machine time. */
static bool det_key_spin(struct bios *b)
{
    struct bios_idle *w = &b->idle;
    uint64_t now = clock_now_ns(b->clk);
    bool spinning = b->key_misses > 1 && now - w->last_miss_ns < IDLE_DET_SPIN_NS;
    w->last_miss_ns = now;
    return spinning;
}

static void poll_empty(struct bios *b, enum bios_poll kind, bool key)
{
    struct bios_idle *w = &b->idle;
    uint64_t blocks = clock_blocks(b->clk), busy = intr_busy_services(b->intr);
    bool near = w->streak && blocks - w->last_blocks <= IDLE_SPAN_BLOCKS &&
                busy == w->last_busy;
    /* The screen is looked at only between polls that are otherwise close:
     * a program printing between its polls never pays for the hash. */
    uint64_t shown = near ? progress(b) : 0;
    bool close = near && w->shown_known && shown == w->shown;
    intr_note_poll(b->intr);
    w->streak = close ? w->streak + 1 : 1;
    w->last_blocks = blocks;
    w->last_busy = busy;
    w->shown = shown;
    w->shown_known = near;
    note_ended(b, kind, blocks);
    /* Keys in the buffer: the program is on its way to them (it looks at
     * the mouse first, say); one that never reads them waits longer. */
    unsigned need = bios_key_buffered(b) ? IDLE_POLLS_TYPEAHEAD : IDLE_POLLS;
    bool wait = w->streak >= need;
    if (clock_deterministic(b->clk)) {
        bool spin = key && det_key_spin(b);
        wait = spin || (wait && kind == BIOS_POLL_ENDED);
    }
    if (wait && b->intr) {
        w->idles++;
        intr_idle(b->intr);
    }
}

void bios_poll_empty(struct bios *b, enum bios_poll kind)
{
    poll_empty(b, kind, false);
}

void bios_key_missed(struct bios *b)
{
    b->key_misses++;
    poll_empty(b, b->input_ended ? BIOS_POLL_ENDED : BIOS_POLL_INPUT, true);
}

/* A loop reading the tick count from memory, proven by the CPU to be at
 * a fixed point: one look is enough, as nothing it reads can change
 * before the next interrupt. */
void bios_tick_wait(struct bios *b)
{
    if (clock_deterministic(b->clk) || !b->intr)
        return;
    b->idle.idles++;
    LOG(LOG_BIOS, "idle: a loop reading the tick count from memory waits for an interrupt");
    intr_idle(b->intr);
}

void bios_poll_hit(struct bios *b)
{
    intr_note_poll(b->intr);
    b->idle.streak = 0;
    b->idle.ended_since_ns = 0;
}

bool bios_waits_for_ended_input(const struct bios *b)
{
    return b->idle.ended_since_ns != 0;
}

uint64_t bios_idle_count(const struct bios *b)
{
    return b->idle.idles;
}
