/* SDL audio output: a push queue kept near 30 ms deep. The mixer feeds it
 * on the host clock; when the sound card's clock drifts the queue is
 * refilled with silence on underrun or trimmed when it grows too long.
 * libSDL2 is opened with dlopen on first use: Debian's build pulls in ~50
 * libraries (X11, Wayland, PulseAudio...), about 1.5 ms of dynamic linking
 * that programs without sound should not pay. When a frontend has linked
 * SDL already, dlopen just finds it. */
#include "app/audio_sdl.h"

#include <SDL.h>
#include <dlfcn.h>
#include <stdlib.h>

#include "base/common.h"
#include "base/log.h"

#define SDL_FRAME_BYTES (AUD_CHANNELS * sizeof(int16_t))
#define SDL_DEVICE_FRAMES 512           /* the device's own buffer: 10.7 ms */
#define SDL_TARGET_FRAMES 1440          /* queued after an underrun: 30 ms */
#define SDL_MAX_FRAMES 4800             /* 100 ms: drop input beyond this */

#define SDL_FUNCS(X)                                                                           \
    X(SDL_InitSubSystem) X(SDL_QuitSubSystem) X(SDL_GetError) X(SDL_OpenAudioDevice)           \
    X(SDL_CloseAudioDevice) X(SDL_QueueAudio) X(SDL_GetQueuedAudioSize)                        \
    X(SDL_PauseAudioDevice) X(SDL_GetCurrentAudioDriver)

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
    uint64_t underruns, dropped;
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

static void sdl_write(void *ctx, const int16_t *frames, size_t n)
{
    struct sdl_out *o = ctx;
    size_t queued = g_sdl.SDL_GetQueuedAudioSize(o->dev) / SDL_FRAME_BYTES;
    if (queued == 0) {
        o->underruns += o->playing;
        pad_silence(o, SDL_TARGET_FRAMES - MIN(n, (size_t)SDL_TARGET_FRAMES));
    } else if (queued > SDL_MAX_FRAMES) {
        o->dropped += n;
        return;
    }
    g_sdl.SDL_QueueAudio(o->dev, frames, (Uint32)(n * SDL_FRAME_BYTES));
    if (!o->playing) {
        g_sdl.SDL_PauseAudioDevice(o->dev, 0);
        o->playing = true;
    }
}

static void sdl_close(void *ctx)
{
    struct sdl_out *o = ctx;
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
        log_note("no sound output: libSDL2 is not installed");
        return false;
    }
#define SDL_SYM_(name)                                                                         \
    if (!(*(void **)&g_sdl.name = dlsym(g_sdl.lib, #name))) {                                   \
        log_note("no sound output: libSDL2 lacks %s", #name);                                   \
        return false;                                                                          \
    }
    SDL_FUNCS(SDL_SYM_)
#undef SDL_SYM_
    return true;
}

bool audio_sdl_open(void *ctx, struct aud_sink *out)
{
    SDL_AudioSpec want = {.freq = AUD_RATE, .format = AUDIO_S16SYS, .channels = AUD_CHANNELS,
                          .samples = SDL_DEVICE_FRAMES};
    SDL_AudioSpec have;
    UNUSED(ctx);
    if (!g_sdl.SDL_InitSubSystem && !load_sdl())
        return false;
    if (g_sdl.SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        log_note("no sound output: %s", g_sdl.SDL_GetError());
        return false;
    }
    SDL_AudioDeviceID dev = g_sdl.SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!dev) {
        log_note("no sound output: %s", g_sdl.SDL_GetError());
        g_sdl.SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return false;
    }
    struct sdl_out *o = xcalloc(1, sizeof *o);
    o->dev = dev;
    LOG(LOG_AUDIO, "SDL output: driver %s, %d Hz, %u-frame buffer", g_sdl.SDL_GetCurrentAudioDriver(),
        have.freq, have.samples);
    *out = (struct aud_sink){&k_sdl_ops, o, true};
    return true;
}
