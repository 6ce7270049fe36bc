/* wavcheck: measure a tone in a 16-bit PCM WAV file and check it.
 *
 *   wavcheck FILE [raw] [channel=left|right|mix] [freq=HZ[|HZ...][:TOL_PCT]]
 *                 [start=MIN:MAX] [dur=MIN:MAX] [rms=MIN:MAX] [gap=MAX_MS] [len=MIN:MAX]
 *
 * raw: FILE is headerless 48 kHz 16-bit stereo (what SDL's disk driver
 * writes). freq may list alternatives: any one of them passes.
 * The tone is the span from the first to the last sample louder than 1/8
 * of the peak. Within it: frequency from rising zero crossings (with
 * hysteresis, interpolated), RMS level (10 ms trimmed at each end), and
 * the longest quiet run (a dropout shows up as a long one). Prints what it
 * measured; exits 1 when a check fails, 2 on a bad file. */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"

#define TRIM_SEC 0.010

struct wav {
    unsigned rate, channels;
    size_t frames;
    int16_t *data;
};

struct tone {
    double start, dur, freq, rms, gap_ms, gap_at, len;
    size_t first, last;
};

static int load_raw(const char *path, struct wav *w)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
        fprintf(stderr, "wavcheck: %s: cannot read\n", path);
        return -1;
    }
    w->channels = 2;
    w->rate = 48000;
    w->frames = (size_t)n / 4;
    w->data = calloc(w->frames * 2 + 1, sizeof(int16_t));
    if (fread(w->data, 4, w->frames, f) != w->frames)
        return -1;
    fclose(f);
    return 0;
}

static int load(const char *path, struct wav *w)
{
    FILE *f = fopen(path, "rb");
    uint8_t h[44];
    if (!f || fread(h, 1, sizeof h, f) != sizeof h || memcmp(h, "RIFF", 4) ||
        memcmp(h + 8, "WAVE", 4) || memcmp(h + 36, "data", 4) || h[34] != 16) {
        fprintf(stderr, "wavcheck: %s: not a 16-bit PCM WAV file\n", path);
        return -1;
    }
    w->channels = h[22];
    w->rate = get_le32(h + 24);
    w->frames = get_le32(h + 40) / (2u * w->channels);
    w->data = calloc(w->frames * w->channels + 1, sizeof(int16_t));
    if (fread(w->data, 2 * w->channels, w->frames, f) != w->frames) {
        fprintf(stderr, "wavcheck: %s: data shorter than the header says\n", path);
        return -1;
    }
    fclose(f);
    return 0;
}

static double sample(const struct wav *w, size_t i, int chan)
{
    const int16_t *p = w->data + i * w->channels;
    if (chan < 0)
        return w->channels > 1 ? (p[0] + p[1]) / 2.0 : p[0];
    return p[chan < (int)w->channels ? chan : 0];
}

static void measure(const struct wav *w, int chan, struct tone *t)
{
    double peak = 0;
    memset(t, 0, sizeof *t);
    t->len = (double)w->frames / w->rate;
    for (size_t i = 0; i < w->frames; i++)
        peak = fmax(peak, fabs(sample(w, i, chan)));
    double thr = peak / 8, hyst = peak / 10;
    if (peak < 1)
        return;
    t->first = w->frames;
    t->last = 0;
    for (size_t i = 0; i < w->frames; i++)
        if (fabs(sample(w, i, chan)) > thr) {
            t->first = i < t->first ? i : t->first;
            t->last = i;
        }
    t->start = (double)t->first / w->rate;
    t->dur = (double)(t->last - t->first) / w->rate;
    /* Zero crossings, rms and quiet runs inside the tone. */
    size_t trim = (size_t)(TRIM_SEC * w->rate), n = 0, quiet = 0, longest = 0, ncross = 0;
    double sum2 = 0, first_x = 0, last_x = 0;
    int armed = 0;
    for (size_t i = t->first; i <= t->last; i++) {
        double v = sample(w, i, chan);
        quiet = fabs(v) < thr ? quiet + 1 : 0;
        if (quiet > longest) {
            longest = quiet;
            t->gap_at = (double)(i + 1 - quiet) / w->rate;
        }
        if (i >= t->first + trim && i + trim <= t->last) {
            sum2 += v * v;
            n++;
        }
        if (v < -hyst)
            armed = 1;
        if (armed && v >= 0 && i > t->first) {
            double prev = sample(w, i - 1, chan);
            double x = (double)(i - 1) + (prev < 0 ? -prev / (v - prev) : 0);
            if (!ncross++)
                first_x = x;
            last_x = x;
            armed = 0;
        }
    }
    t->rms = n ? sqrt(sum2 / (double)n) : 0;
    t->freq = ncross > 1 ? (double)(ncross - 1) * w->rate / (last_x - first_x) : 0;
    t->gap_ms = 1000.0 * (double)longest / w->rate;
}

static int range(const char *arg, const char *name, double v)
{
    double lo, hi;
    if (sscanf(arg, "%lf:%lf", &lo, &hi) != 2) {
        fprintf(stderr, "wavcheck: bad range '%s'\n", arg);
        return 1;
    }
    if (v >= lo && v <= hi)
        return 0;
    printf("FAIL: %s %.4f not in [%g, %g]\n", name, v, lo, hi);
    return 1;
}

static int check(const char *arg, const struct tone *t)
{
    const char *v = strchr(arg, '=') + 1;
    if (!strncmp(arg, "freq=", 5)) {
        double tol = strchr(v, ':') ? atof(strchr(v, ':') + 1) : 0.5;
        for (const char *p = v; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
            if (fabs(t->freq - atof(p)) <= atof(p) * tol / 100)
                return 0;
        printf("FAIL: frequency %.3f Hz, expected %s Hz +- %g %%\n", t->freq, v, tol);
        return 1;
    }
    if (!strncmp(arg, "gap=", 4)) {
        if (t->gap_ms <= atof(v))
            return 0;
        printf("FAIL: a dropout of %.2f ms inside the tone (at most %s allowed)\n", t->gap_ms, v);
        return 1;
    }
    static const struct { const char *key; size_t off; } k_ranges[] = {
        {"start=", offsetof(struct tone, start)}, {"dur=", offsetof(struct tone, dur)},
        {"rms=", offsetof(struct tone, rms)}, {"len=", offsetof(struct tone, len)}};
    for (size_t i = 0; i < sizeof k_ranges / sizeof k_ranges[0]; i++)
        if (!strncmp(arg, k_ranges[i].key, strlen(k_ranges[i].key)))
            return range(v, k_ranges[i].key, *(const double *)((const char *)t + k_ranges[i].off));
    fprintf(stderr, "wavcheck: unknown check '%s'\n", arg);
    return 1;
}

int main(int argc, char **argv)
{
    struct wav w;
    struct tone t;
    int chan = -1, fails = 0;
    bool raw = false;
    for (int i = 2; i < argc; i++)
        raw |= !strcmp(argv[i], "raw");
    if (argc < 2 || (raw ? load_raw(argv[1], &w) : load(argv[1], &w)) < 0)
        return 2;
    for (int i = 2; i < argc; i++)
        if (!strncmp(argv[i], "channel=", 8))
            chan = !strcmp(argv[i] + 8, "left") ? 0 : !strcmp(argv[i] + 8, "right") ? 1 : -1;
    measure(&w, chan, &t);
    printf("%s: len %.3f s, tone at %.4f s for %.4f s, %.3f Hz, rms %.0f, longest gap %.2f ms "
           "at %.4f s\n", argv[1], t.len, t.start, t.dur, t.freq, t.rms, t.gap_ms, t.gap_at);
    for (int i = 2; i < argc; i++)
        if (strncmp(argv[i], "channel=", 8) && strchr(argv[i], '='))
            fails += check(argv[i], &t);
    free(w.data);
    return fails ? 1 : 0;
}
