/* SDL audio output: a push queue kept near 40 ms deep. The mixer feeds it
 * on the host clock while the sound card plays on its own, so the two
 * drift apart (by 0.01-0.1 % on real hardware): the sink stretches or
 * squeezes what it queues by up to 0.5 %, steered by the smoothed queue
 * depth. Silence refills the queue on underrun; input is dropped only if it
 * runs away past 200 ms.
 * libSDL2 is opened with dlopen on first use: Debian's build pulls in ~50
 * libraries (X11, Wayland, PulseAudio...), about 1.5 ms of dynamic linking
 * that programs without sound should not pay. When a frontend has linked
 * SDL already, dlopen just finds it. */
#include "ui/audio_sdl.h"

#include <SDL.h>
#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"

#define SDL_FRAME_BYTES (AUD_CHANNELS * sizeof(int16_t))
#define SDL_DEVICE_FRAMES 480    /* the device's own buffer: 10 ms */
#define SDL_TARGET_FRAMES 1920   /* queue depth aimed at: 40 ms */
#define SDL_MAX_FRAMES 9600      /* 200 ms: drop input beyond this */
#define SDL_MAX_SKEW 0.005       /* rate correction: at most 0.5 % */
#define SDL_SKEW_GAIN 0.02       /* per unit of relative depth error */
#define SDL_LEVEL_SMOOTHING 16.0 /* writes averaged into the depth */
#define SDL_MAX_IN 1024u         /* frames per write (a mixer chunk) */
#define SDL_DRAIN_POLL_MS 5u     /* at exit, let the queue play out... */
#define SDL_DRAIN_MAX_MS 400u    /* ...for at most this long */

/* clang-format off */
#define SDL_FUNCS(X)                                                                           \
    X(SDL_InitSubSystem) X(SDL_QuitSubSystem) X(SDL_GetError) X(SDL_OpenAudioDevice)           \
    X(SDL_CloseAudioDevice) X(SDL_QueueAudio) X(SDL_GetQueuedAudioSize)                        \
    X(SDL_PauseAudioDevice) X(SDL_GetCurrentAudioDriver) X(SDL_Delay)
/* clang-format on */

static const char *const k_sdl_libs[] = {"libSDL2-2.0.so.0", "libSDL2.so"};

static struct {
    void *lib;
#define SDL_PTR_(name) __typeof__(&name) name;
    SDL_FUNCS(SDL_PTR_)
#undef SDL_PTR_
} g_sdl;

struct sdl_out {
    SDL_AudioDeviceID dev;
    bool playing;
    double level; /* smoothed queue depth, frames */
    double pos;   /* next output, in input frames after prev */
    int16_t prev[AUD_CHANNELS];
    uint64_t underruns, dropped;
    int16_t out[(SDL_MAX_IN + SDL_MAX_IN / 64 + 2) * AUD_CHANNELS];
};

static void pad_silence(struct sdl_out *o, size_t frames)
{
    static const int16_t zeros[SDL_DEVICE_FRAMES * AUD_CHANNELS];
    while (frames) {
        size_t k = MIN(frames, (size_t)SDL_DEVICE_FRAMES);
        g_sdl.SDL_QueueAudio(o->dev, zeros, (Uint32)(k * SDL_FRAME_BYTES));
        frames -= k;
    }
}

/* Linear interpolation over prev + in[0..n) at steps of step input frames
 * (a step this close to 1 only shifts the pitch by a fraction of a cent). */
static size_t stretch(struct sdl_out *o, const int16_t *in, size_t n, double step)
{
    size_t k = 0;
    double t = o->pos;
    for (; t < (double)n; t += step, k++) {
        size_t i = (size_t)t;
        double f = t - (double)i;
        const int16_t *a = i ? in + (i - 1) * AUD_CHANNELS : o->prev,
                      *b = in + i * AUD_CHANNELS;
        for (unsigned c = 0; c < AUD_CHANNELS; c++)
            o->out[k * AUD_CHANNELS + c] = (int16_t)lrint(a[c] + (b[c] - a[c]) * f);
    }
    o->pos = t - (double)n;
    o->prev[0] = in[(n - 1) * AUD_CHANNELS];
    o->prev[1] = in[(n - 1) * AUD_CHANNELS + 1];
    return k;
}

/* Consume input faster when the queue is deeper than aimed at. */
static double step_for(struct sdl_out *o, size_t queued)
{
    o->level += ((double)queued - o->level) / SDL_LEVEL_SMOOTHING;
    double skew = SDL_SKEW_GAIN * (o->level - SDL_TARGET_FRAMES) / SDL_TARGET_FRAMES;
    return 1.0 + MAX(-SDL_MAX_SKEW, MIN(SDL_MAX_SKEW, skew));
}

static void sdl_write(void *ctx, const int16_t *frames, size_t n)
{
    struct sdl_out *o = ctx;
    size_t queued = g_sdl.SDL_GetQueuedAudioSize(o->dev) / SDL_FRAME_BYTES;
    if (queued == 0) {
        o->underruns += o->playing;
        pad_silence(o, SDL_TARGET_FRAMES - MIN(n, (size_t)SDL_TARGET_FRAMES));
        queued = o->level = SDL_TARGET_FRAMES;
    } else if (queued > SDL_MAX_FRAMES) {
        o->dropped += n;
        return;
    }
    double step = step_for(o, queued);
    for (size_t done = 0; done < n;) {
        size_t k = MIN(n - done, (size_t)SDL_MAX_IN);
        size_t out = stretch(o, frames + done * AUD_CHANNELS, k, step);
        g_sdl.SDL_QueueAudio(o->dev, o->out, (Uint32)(out * SDL_FRAME_BYTES));
        done += k;
    }
    if (!o->playing) {
        g_sdl.SDL_PauseAudioDevice(o->dev, 0);
        o->playing = true;
    }
}

static void sdl_close(void *ctx)
{
    struct sdl_out *o = ctx;
    for (unsigned ms = 0; o->playing && ms < SDL_DRAIN_MAX_MS; ms += SDL_DRAIN_POLL_MS) {
        if (!g_sdl.SDL_GetQueuedAudioSize(o->dev))
            break;
        g_sdl.SDL_Delay(SDL_DRAIN_POLL_MS);
    }
    LOG(LOG_AUDIO, "SDL output: %llu underruns, %llu frames dropped",
        (unsigned long long)o->underruns, (unsigned long long)o->dropped);
    g_sdl.SDL_CloseAudioDevice(o->dev);
    g_sdl.SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(o);
}

static const struct aud_sink_ops k_sdl_ops = {sdl_write, sdl_close};

static bool load_sdl(void)
{
    for (size_t i = 0; i < ARRAY_LEN(k_sdl_libs) && !g_sdl.lib; i++)
        g_sdl.lib = dlopen(k_sdl_libs[i], RTLD_NOW | RTLD_GLOBAL);
    if (!g_sdl.lib) {
        log_info("no sound output: libSDL2 is not installed");
        return false;
    }
#define SDL_SYM_(name)                                                                         \
    if (!(*(void **)&g_sdl.name = dlsym(g_sdl.lib, #name))) {                                  \
        log_info("no sound output: libSDL2 lacks %s", #name);                                  \
        return false;                                                                          \
    }
    SDL_FUNCS(SDL_SYM_)
#undef SDL_SYM_
    return true;
}

/* ALSA prints its own errors on stderr ("ALSA lib confmisc.c:855...")
 * when SDL looks for a sound card and there is none. Its handler is
 * global in libasound: loaded here first, the one SDL loads is the same. */
typedef void alsa_error_fn(const char *file, int line, const char *function, int err,
                           const char *fmt, ...);
static void alsa_quiet(const char *file, int line, const char *function, int err,
                       const char *fmt, ...)
{
    UNUSED(file);
    UNUSED(line);
    UNUSED(function);
    UNUSED(err);
    UNUSED(fmt);
}

static void silence_alsa(void)
{
    void *lib = dlopen("libasound.so.2", RTLD_NOW | RTLD_GLOBAL);
    int (*set)(alsa_error_fn *) = NULL;
    if (lib)
        *(void **)&set = dlsym(lib, "snd_lib_error_set_handler");
    if (set)
        set(alsa_quiet);
}

bool audio_sdl_open(void *ctx, struct aud_sink *out)
{
    SDL_AudioSpec want = {.freq = AUD_RATE,
                          .format = AUDIO_S16SYS,
                          .channels = AUD_CHANNELS,
                          .samples = SDL_DEVICE_FRAMES};
    SDL_AudioSpec have;
    UNUSED(ctx);
    if (!g_sdl.SDL_InitSubSystem && !load_sdl())
        return false;
    silence_alsa();
    if (g_sdl.SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        log_info("no sound output: %s", g_sdl.SDL_GetError());
        return false;
    }
    SDL_AudioDeviceID dev = g_sdl.SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!dev) {
        log_info("no sound output: %s", g_sdl.SDL_GetError());
        g_sdl.SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return false;
    }
    struct sdl_out *o = xcalloc(1, sizeof *o);
    o->dev = dev;
    o->level = SDL_TARGET_FRAMES;
    LOG(LOG_AUDIO, "SDL output: driver %s, %d Hz, %u-frame buffer",
        g_sdl.SDL_GetCurrentAudioDriver(), have.freq, have.samples);
    *out = (struct aud_sink){&k_sdl_ops, o, true};
    return true;
}
