/* audio/: the mixer and its sources on a virtual clock, checked on the
 * samples they produce. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/blep.h"
#include "audio/mixer.h"
#include "audio/mpu.h"
#include "audio/opl.h"
#include "audio/resample.h"
#include "audio/sb.h"
#include "audio/speaker.h"
#include "audio/wav.h"
#include "bus/mem.h"
#include "hw/dma.h"
#include "hw/pic.h"
#include "hw/pit.h"
#include "tests/unit/unit.h"

#define CAP_FRAMES (AUD_RATE * 4)

static uint64_t g_blocks;
static struct audio_hw g_hw;
static struct aud_mixer *g_mix;
static int16_t *g_cap;
static size_t g_ncap;
/* Devices are sources of the mixer: freed after it, in teardown. */
static struct aud_speaker *g_spk;
static struct aud_opl *g_opl;
static struct aud_sb *g_sb;

static uint64_t blocks(void *ctx)
{
    (void)ctx;
    return g_blocks;
}

static void advance_us(uint64_t us)
{
    g_blocks += us * 1000 / CLOCK_NS_PER_BLOCK;
}

static void cap_write(void *ctx, const int16_t *frames, size_t n)
{
    (void)ctx;
    size_t k = n < CAP_FRAMES - g_ncap ? n : CAP_FRAMES - g_ncap;
    memcpy(g_cap + 2 * g_ncap, frames, k * 4);
    g_ncap += k;
}

static void cap_close(void *ctx)
{
    (void)ctx;
}

static const struct aud_sink_ops k_cap_ops = {cap_write, cap_close};

static void setup(void)
{
    g_blocks = 0;
    g_ncap = 0;
    g_cap = calloc(CAP_FRAMES * 2, sizeof *g_cap);
    g_hw.io = io_new();
    g_hw.mem = mem_new();
    g_hw.clk = clock_new(true, blocks, NULL);
    g_hw.pic = pic_new(g_hw.io);
    g_hw.sched = sched_new(g_hw.clk);
    g_hw.pit = pit_new(g_hw.io, g_hw.clk, g_hw.pic, g_hw.sched);
    g_hw.dma = dma_new(g_hw.io, g_hw.mem);
    g_mix = aud_mixer_new(g_hw.clk, g_hw.sched);
    struct aud_sink s = {&k_cap_ops, NULL, false};
    aud_mixer_add_sink(g_mix, &s);
}

static void teardown(void)
{
    aud_mixer_free(g_mix);
    aud_speaker_free(g_spk);
    aud_opl_free(g_opl);
    aud_sb_free(g_sb);
    g_spk = NULL;
    g_opl = NULL;
    g_sb = NULL;
    dma_free(g_hw.dma);
    pit_free(g_hw.pit);
    sched_free(g_hw.sched);
    pic_free(g_hw.pic);
    clock_free(g_hw.clk);
    mem_free(g_hw.mem);
    io_free(g_hw.io);
    free(g_cap);
}

/* Rising zero crossings per second of channel 0 over [from, to) frames. */
static double frequency(size_t from, size_t to)
{
    double first = -1, last = 0;
    unsigned n = 0;
    for (size_t i = from + 1; i < to; i++)
        if (g_cap[2 * (i - 1)] < 0 && g_cap[2 * i] >= 0) {
            double x = (double)i - 1 + (double)-g_cap[2 * (i - 1)] / (g_cap[2 * i] - g_cap[2 * (i - 1)]);
            if (first < 0)
                first = x;
            last = x;
            n++;
        }
    return n > 1 ? (n - 1) * (double)AUD_RATE / (last - first) : 0;
}

static int peak(size_t from, size_t to)
{
    int p = 0;
    for (size_t i = from; i < to; i++)
        p = abs(g_cap[2 * i]) > p ? abs(g_cap[2 * i]) : p;
    return p;
}

/* ---- speaker ---- */

static void speaker_tone(unsigned sync_every_us)
{
    g_spk = aud_speaker_new(g_hw.pit, g_mix);
    io_out(g_hw.io, 0x43, 1, 0xB6);
    io_out(g_hw.io, 0x42, 1, 2712 & 0xFF);
    io_out(g_hw.io, 0x42, 1, 2712 >> 8);
    io_out(g_hw.io, 0x61, 1, 0x03);
    for (unsigned t = 0; t < 500000; t += sync_every_us) {
        advance_us(sync_every_us);
        aud_mixer_sync(g_mix);
    }
    io_out(g_hw.io, 0x61, 1, 0x00);
    advance_us(200000);
    aud_mixer_sync(g_mix);
}

START_TEST(test_speaker_square_wave_has_the_pit_frequency_and_stops_clean)
{
    speaker_tone(1000);
    ck_assert_uint_ge(g_ncap, AUD_RATE * 7 / 10);
    ck_assert_double_eq_tol(frequency(100, AUD_RATE / 2), 1193182.0 / 2712, 0.2);
    ck_assert_int_ge(peak(100, AUD_RATE / 2), 5500);
    ck_assert_int_le(peak(100, AUD_RATE / 2), 8000);      /* Gibbs overshoot */
    ck_assert_int_lt(peak(g_ncap - 100, g_ncap), 100);     /* back to silence */
}
END_TEST

/* The pinned property behind byte-identical WAV files: what is mixed
 * depends on when events happened, never on when mixing ran. */
START_TEST(test_speaker_output_does_not_depend_on_mixing_granularity)
{
    int16_t *first = malloc(CAP_FRAMES * 4);
    size_t n;
    speaker_tone(1000);
    memcpy(first, g_cap, g_ncap * 4);
    n = g_ncap;
    teardown();
    setup();
    speaker_tone(125000);
    ck_assert_uint_eq(g_ncap, n);
    ck_assert_int_eq(memcmp(first, g_cap, n * 4), 0);
    free(first);
}
END_TEST

/* ---- OPL ---- */

static void opl_reg(struct aud_opl *o, uint8_t reg, uint8_t v)
{
    aud_opl_write(o, AUD_OPL_ADDR0, reg);
    aud_opl_write(o, AUD_OPL_DATA0, v);
}

/* Each status read is an ISA access that takes 1 us of machine time. */
START_TEST(test_opl_timer1_sets_status_as_the_adlib_test_expects)
{
    static const uint8_t k_extra[] = {[AUD_OPL2] = 0x06, [AUD_OPL3] = 0x00};
    enum aud_opl_type type = (enum aud_opl_type)_i;
    struct aud_opl *o = g_opl = aud_opl_new(g_hw.io, g_mix, type);
    opl_reg(o, 4, 0x60);
    opl_reg(o, 4, 0x80);
    ck_assert_uint_eq(aud_opl_read(o, AUD_OPL_ADDR0), k_extra[type]);
    opl_reg(o, 2, 0xFF);                        /* one 80 us period */
    opl_reg(o, 4, 0x21);
    advance_us(78);
    ck_assert_uint_eq(aud_opl_read(o, AUD_OPL_ADDR0), k_extra[type]);
    advance_us(1);
    ck_assert_uint_eq(aud_opl_read(o, AUD_OPL_ADDR0), 0xC0 | k_extra[type]);
    opl_reg(o, 4, 0x80);                        /* IRQ reset */
    ck_assert_uint_eq(aud_opl_read(o, AUD_OPL_ADDR0), k_extra[type]);
}
END_TEST

START_TEST(test_opl_masked_timer_never_flags)
{
    struct aud_opl *o = g_opl = aud_opl_new(g_hw.io, g_mix, AUD_OPL3);
    opl_reg(o, 3, 0xFE);                        /* timer 2: 640 us */
    opl_reg(o, 4, 0x22);                        /* start 2, masked */
    advance_us(5000);
    ck_assert_uint_eq(aud_opl_read(o, AUD_OPL_ADDR0), 0);
}
END_TEST

/* ---- Sound Blaster ---- */

static struct aud_sb *make_sb(enum aud_card card)
{
    struct aud_sb_config c = {card, 0x220, 7, 1, 5};
    return g_sb = aud_sb_new(&g_hw, g_mix, &c, NULL, NULL);
}

static void dsp(uint8_t v)
{
    io_out(g_hw.io, 0x22C, 1, v);
}

static int dsp_in(void)
{
    if (!(io_in(g_hw.io, 0x22E, 1) & 0x80))
        return -1;
    return (int)io_in(g_hw.io, 0x22A, 1);
}

START_TEST(test_sb_dsp_reset_and_version_per_card)
{
    static const struct { enum aud_card card; int major, minor; } k_cards[] = {
        {AUD_CARD_SB2, 2, 1}, {AUD_CARD_SBPRO, 3, 2}, {AUD_CARD_SB16, 4, 5}};
    make_sb(k_cards[_i].card);
    ck_assert_int_eq(dsp_in(), -1);
    io_out(g_hw.io, 0x226, 1, 1);
    io_out(g_hw.io, 0x226, 1, 0);
    ck_assert_int_eq(dsp_in(), 0xAA);
    dsp(0xE1);
    ck_assert_int_eq(dsp_in(), k_cards[_i].major);
    ck_assert_int_eq(dsp_in(), k_cards[_i].minor);
    dsp(0xE0);
    dsp(0x12);
    ck_assert_int_eq(dsp_in(), 0xED);
}
END_TEST

START_TEST(test_sb_single_cycle_dma_plays_and_interrupts_at_block_end)
{
    make_sb(AUD_CARD_SB16);
    uint8_t vec;
    io_out(g_hw.io, 0x21, 1, 0x7F);             /* only IRQ 7 (not the timer) */
    for (uint32_t i = 0; i < 2000; i++)
        mem_wr8(g_hw.mem, 0x30000 + i, (i / 10) & 1 ? 0x40 : 0xC0);
    io_out(g_hw.io, 0x0A, 1, 5);
    io_out(g_hw.io, 0x0C, 1, 0);
    io_out(g_hw.io, 0x0B, 1, 0x49);
    io_out(g_hw.io, 0x02, 1, 0);
    io_out(g_hw.io, 0x02, 1, 0);
    io_out(g_hw.io, 0x83, 1, 3);
    io_out(g_hw.io, 0x03, 1, 1999 & 0xFF);
    io_out(g_hw.io, 0x03, 1, 1999 >> 8);
    io_out(g_hw.io, 0x0A, 1, 1);
    dsp(0x40);
    dsp(211);                        /* 22222 Hz: 45 us a sample */
    dsp(0x14);
    dsp(1999 & 0xFF);
    dsp(1999 >> 8);
    advance_us(1999 * 45 - 1);                  /* the last byte goes at 1999 * 45 us */
    sched_run(g_hw.sched);
    ck_assert(!pic_pending(g_hw.pic));
    advance_us(2);
    sched_run(g_hw.sched);
    ck_assert(pic_acknowledge(g_hw.pic, &vec));
    ck_assert_uint_eq(vec, 0x0F);               /* IRQ 7 */
    ck_assert(dma_masked(g_hw.dma, 1));
    ck_assert_uint_eq(io_in(g_hw.io, 0x22E, 1) & 0x80, 0);  /* acknowledged, no data */
    ck_assert_double_eq_tol(frequency(200, 1999 * 48000 / 22222), 22222.2 / 20, 1.0);
    ck_assert_int_ge(peak(200, 4000), 15000);
}
END_TEST

static void dma1_program(uint32_t lin, uint16_t count, uint8_t mode)
{
    io_out(g_hw.io, 0x0A, 1, 5);
    io_out(g_hw.io, 0x0C, 1, 0);
    io_out(g_hw.io, 0x0B, 1, mode);
    io_out(g_hw.io, 0x02, 1, lin & 0xFF);
    io_out(g_hw.io, 0x02, 1, (lin >> 8) & 0xFF);
    io_out(g_hw.io, 0x83, 1, lin >> 16);
    io_out(g_hw.io, 0x03, 1, count & 0xFF);
    io_out(g_hw.io, 0x03, 1, count >> 8);
    io_out(g_hw.io, 0x0A, 1, 1);
}

START_TEST(test_sb_high_speed_dma_ignores_commands_until_it_ends)
{
    make_sb(AUD_CARD_SBPRO);
    dma1_program(0x30000, 999, 0x49);
    dsp(0x40);
    dsp(233);                        /* 43478 Hz */
    dsp(0x48);
    dsp(999 & 0xFF);
    dsp(999 >> 8);
    dsp(0x91);                                  /* high-speed single-cycle */
    dsp(0xE1);                                  /* ignored in high-speed mode */
    ck_assert_int_eq(dsp_in(), -1);
    advance_us(1000 * 23 + 10);
    sched_run(g_hw.sched);
    dsp(0xE1);                                  /* the block ended: normal again */
    ck_assert_int_eq(dsp_in(), 3);
    ck_assert_int_eq(dsp_in(), 2);
    dma1_program(0x30000, 999, 0x59);
    dsp(0x90);                                  /* high-speed auto-init: only a reset ends it */
    advance_us(100000);
    sched_run(g_hw.sched);
    dsp(0xE1);
    ck_assert_int_eq(dsp_in(), -1);
    io_out(g_hw.io, 0x226, 1, 1);
    io_out(g_hw.io, 0x226, 1, 0);
    ck_assert_int_eq(dsp_in(), 0xAA);
}
END_TEST

START_TEST(test_sbpro_stereo_dma_keeps_left_and_right_apart)
{
    make_sb(AUD_CARD_SBPRO);
    for (uint32_t i = 0; i < 4000; i += 2) {    /* left: square, right: silence */
        mem_wr8(g_hw.mem, 0x30000 + i, (i / 2 / 10) & 1 ? 0x40 : 0xC0);
        mem_wr8(g_hw.mem, 0x30001 + i, 0x80);
    }
    io_out(g_hw.io, 0x224, 1, 0x0E);
    io_out(g_hw.io, 0x225, 1, 0x02);            /* stereo output */
    dma1_program(0x30000, 3999, 0x49);
    dsp(0xD1);                                  /* the SB Pro mutes with the speaker off */
    dsp(0x40);
    dsp(233);                        /* 43478 bytes/s: 21739 frames/s */
    dsp(0x14);
    dsp(3999 & 0xFF);
    dsp(3999 >> 8);
    advance_us(90000);
    sched_run(g_hw.sched);
    ck_assert_double_eq_tol(frequency(200, 4000), 1000000.0 / 23 / 2 / 20, 1.0);
    int right = 0;
    for (size_t i = 200; i < 4000; i++)
        right = abs(g_cap[2 * i + 1]) > right ? abs(g_cap[2 * i + 1]) : right;
    ck_assert_int_lt(right, 50);
}
END_TEST

/* Recording: there is no input, so the card records silence, written into
 * guest memory between slices (sched_run), never from a port hook. */
START_TEST(test_sb_recording_writes_silence_into_memory_by_dma)
{
    uint8_t vec;
    make_sb(AUD_CARD_SB16);
    io_out(g_hw.io, 0x21, 1, 0x7F);
    mem_fill(g_hw.mem, 0x40000, 0x11, 200);
    dma1_program(0x40000, 99, 0x45);            /* single, device -> memory */
    dsp(0x40);
    dsp(156);                        /* 10 kHz */
    dsp(0x24);
    dsp(99);
    dsp(0);                 /* 100 bytes in */
    advance_us(5000);
    ck_assert_uint_eq(mem_rd8(g_hw.mem, 0x40000), 0x11);    /* nothing from port hooks */
    sched_run(g_hw.sched);
    ck_assert_uint_eq(mem_rd8(g_hw.mem, 0x40000), 0x80);
    ck_assert_uint_eq(mem_rd8(g_hw.mem, 0x40032), 0x80);    /* 51 bytes by 5 ms: */
    ck_assert_uint_eq(mem_rd8(g_hw.mem, 0x40033), 0x11);    /* the first one at once */
    ck_assert(!pic_acknowledge(g_hw.pic, &vec));
    advance_us(6000);
    sched_run(g_hw.sched);
    ck_assert_uint_eq(mem_rd8(g_hw.mem, 0x40063), 0x80);
    ck_assert_uint_eq(mem_rd8(g_hw.mem, 0x40064), 0x11);    /* exactly 100 */
    ck_assert(pic_acknowledge(g_hw.pic, &vec));
    ck_assert_uint_eq(vec, 0x0F);
}
END_TEST

static int mpu_command(uint8_t cmd)
{
    io_out(g_hw.io, 0x331, 1, cmd);
    if (io_in(g_hw.io, 0x331, 1) & 0x80)
        return -1;
    return (int)io_in(g_hw.io, 0x330, 1);
}

START_TEST(test_mpu401_handshakes_as_drivers_expect)
{
    struct aud_mpu *m = aud_mpu_new(g_hw.io, g_mix, NULL);
    ck_assert_int_eq(io_in(g_hw.io, 0x331, 1) & 0xC0, 0x80);    /* ready, no data */
    ck_assert_int_eq(mpu_command(0xFF), 0xFE);
    ck_assert_int_eq(mpu_command(0xAC), 0xFE);                  /* version: ACK, then 15h */
    ck_assert_int_eq((int)io_in(g_hw.io, 0x330, 1), 0x15);
    ck_assert_int_eq(mpu_command(0x3F), 0xFE);                  /* UART mode */
    ck_assert_int_eq(mpu_command(0x3F), -1);                    /* no more commands */
    ck_assert_int_eq(mpu_command(0xFF), -1);                    /* reset leaves UART mode silently */
    ck_assert_int_eq(mpu_command(0xFF), 0xFE);
    aud_mixer_free(g_mix);                                      /* before its source */
    g_mix = NULL;
    aud_mpu_free(m);
}
END_TEST

START_TEST(test_sb_mixer_sbpro_registers_alias_the_sb16_ones)
{
    make_sb(AUD_CARD_SB16);
    io_out(g_hw.io, 0x224, 1, 0x04);
    io_out(g_hw.io, 0x225, 1, 0x97);
    io_out(g_hw.io, 0x224, 1, 0x32);
    ck_assert_uint_eq(io_in(g_hw.io, 0x225, 1), (9 << 1 | 1) << 3);
    io_out(g_hw.io, 0x224, 1, 0x33);
    ck_assert_uint_eq(io_in(g_hw.io, 0x225, 1), (7 << 1 | 1) << 3);
    io_out(g_hw.io, 0x224, 1, 0x04);
    ck_assert_uint_eq(io_in(g_hw.io, 0x225, 1), 0x97);
    io_out(g_hw.io, 0x224, 1, 0x80);            /* move to IRQ 5 */
    io_out(g_hw.io, 0x225, 1, 0x02);
    ck_assert_uint_eq(io_in(g_hw.io, 0x225, 1), 0x02);
}
END_TEST

/* ---- building blocks ---- */

START_TEST(test_blep_steps_settle_exactly_on_their_level)
{
    struct aud_blep b;
    int32_t out[64];
    aud_blep_init(&b);
    for (int i = 0; i < 40; i++)                /* steps at odd sub-frame phases */
        aud_blep_set(&b, (uint64_t)i * 377777 + 12345, i & 1 ? -3000 : 5000);
    aud_blep_set(&b, 40 * 377777, 0);
    for (uint64_t f = 0; f < 256; f += 64)
        aud_blep_read(&b, f, out, 64);
    ck_assert_int_eq(out[63], 0);               /* no drift after 41 steps */
    ck_assert(aud_blep_settled(&b));
    aud_blep_free(&b);
}
END_TEST

START_TEST(test_resampler_keeps_a_sine_frequency_and_level)
{
    struct aud_resampler r;
    static int32_t mix[AUD_RATE / 10 * 2];
    aud_rs_init(&r);
    aud_rs_start(&r, 22050, 0);
    for (int i = 0; i < 2205 + 20; i++) {
        int16_t v = (int16_t)lrint(10000 * sin(2 * 3.14159265358979 * 1000 * i / 22050));
        aud_rs_push(&r, v, v);
    }
    aud_rs_render(&r, mix, 0, AUD_RATE / 10);
    double sum2 = 0;
    for (size_t i = 1000; i < AUD_RATE / 10; i++) {
        g_cap[2 * (i - 1000)] = (int16_t)mix[2 * i];
        sum2 += (double)mix[2 * i] * mix[2 * i];
    }
    ck_assert_double_eq_tol(frequency(0, AUD_RATE / 10 - 1000), 1000, 0.5);
    ck_assert_double_eq_tol(sqrt(sum2 / (AUD_RATE / 10 - 1000)), 10000 / sqrt(2), 70);
    aud_rs_free(&r);
}
END_TEST

START_TEST(test_wav_file_has_a_pcm_header_and_the_frames)
{
    char path[] = "/tmp/unidos-wav-XXXXXX";
    int fd = mkstemp(path);
    struct aud_sink s;
    int16_t frames[200];
    uint8_t h[44];
    for (int i = 0; i < 200; i++)
        frames[i] = (int16_t)(i * 100 - 10000);
    ck_assert_int_eq(aud_wav_open(path, &s), 0);
    s.ops->write(s.ctx, frames, 100);
    s.ops->close(s.ctx);
    FILE *f = fopen(path, "rb");
    ck_assert_uint_eq(fread(h, 1, 44, f), 44);
    ck_assert_mem_eq(h, "RIFF", 4);
    ck_assert_mem_eq(h + 8, "WAVEfmt ", 8);
    ck_assert_uint_eq(h[22], 2);                             /* stereo */
    ck_assert_uint_eq(h[24] | h[25] << 8 | h[26] << 16, 48000);
    ck_assert_uint_eq(h[34], 16);
    ck_assert_mem_eq(h + 36, "data", 4);
    ck_assert_uint_eq(h[40] | h[41] << 8, 400);
    ck_assert_uint_eq(h[4] | h[5] << 8, 436);
    fclose(f);
    close(fd);
    unlink(path);
}
END_TEST

Suite *suite_audio(void)
{
    Suite *s = suite_create("audio");
    TCase *tc = tcase_create("devices");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_speaker_square_wave_has_the_pit_frequency_and_stops_clean);
    tcase_add_test(tc, test_speaker_output_does_not_depend_on_mixing_granularity);
    tcase_add_loop_test(tc, test_opl_timer1_sets_status_as_the_adlib_test_expects, AUD_OPL2,
                        AUD_OPL3 + 1);
    tcase_add_test(tc, test_opl_masked_timer_never_flags);
    tcase_add_loop_test(tc, test_sb_dsp_reset_and_version_per_card, 0, 3);
    tcase_add_test(tc, test_sb_single_cycle_dma_plays_and_interrupts_at_block_end);
    tcase_add_test(tc, test_sb_high_speed_dma_ignores_commands_until_it_ends);
    tcase_add_test(tc, test_sbpro_stereo_dma_keeps_left_and_right_apart);
    tcase_add_test(tc, test_sb_recording_writes_silence_into_memory_by_dma);
    tcase_add_test(tc, test_mpu401_handshakes_as_drivers_expect);
    tcase_add_test(tc, test_sb_mixer_sbpro_registers_alias_the_sb16_ones);
    tcase_add_test(tc, test_blep_steps_settle_exactly_on_their_level);
    tcase_add_test(tc, test_resampler_keeps_a_sine_frequency_and_level);
    tcase_add_test(tc, test_wav_file_has_a_pcm_header_and_the_frames);
    suite_add_tcase(s, tc);
    return s;
}
