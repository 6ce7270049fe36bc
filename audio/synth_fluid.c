/* The General MIDI synthesizer over libfluidsynth, opened with dlopen: the
 * library and its dependencies are only loaded when a program sends MIDI.
 * Prototypes come from <fluidsynth.h>, so every looked-up symbol is called
 * with its real type. Built without the header, synth_open says so. */
#include "audio/synth.h"

#include "audio/mixer.h"
#include "base/common.h"
#include "base/log.h"

#ifdef UNIDOS_HAVE_FLUIDSYNTH
#include <dlfcn.h>
#include <fluidsynth.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SYNTH_CHUNK 256u
#define SYNTH_GAIN 0.5
#define SYNTH_SCALE 32767.0f

static const char *const k_libs[] = {"libfluidsynth.so.3", "libfluidsynth.so"};
/* Debian's GM soundfonts: the alternatives link first, then the packages. */
static const char *const k_soundfonts[] = {
    "/usr/share/sounds/sf2/default-GM.sf2",        "/usr/share/sounds/sf3/default-GM.sf3",
    "/usr/share/sounds/sf2/TimGM6mb.sf2",          "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "/usr/share/sounds/sf3/MuseScore_General.sf3",
};

/* clang-format off */
#define FLUID_FUNCS(X)                                                                         \
    X(new_fluid_settings) X(delete_fluid_settings) X(fluid_settings_setnum)                   \
    X(fluid_settings_setint) X(new_fluid_synth) X(delete_fluid_synth) X(fluid_synth_sfload)  \
    X(fluid_synth_noteon) X(fluid_synth_noteoff) X(fluid_synth_cc)                            \
    X(fluid_synth_program_change) X(fluid_synth_channel_pressure)                             \
    X(fluid_synth_key_pressure) X(fluid_synth_pitch_bend) X(fluid_synth_sysex)                \
    X(fluid_synth_write_float) X(fluid_set_log_function)
/* clang-format on */

struct aud_synth {
    void *lib;
#define FLUID_PTR_(name) __typeof__(&name) name;
    FLUID_FUNCS(FLUID_PTR_)
#undef FLUID_PTR_
    fluid_settings_t *settings;
    fluid_synth_t *synth;
    float left[SYNTH_CHUNK], right[SYNTH_CHUNK];
};

static void on_log(int level, const char *message, void *data)
{
    UNUSED(level);
    UNUSED(data);
    LOG(LOG_AUDIO, "fluidsynth: %s", message);
}

static bool load_lib(struct aud_synth *s)
{
    for (size_t i = 0; i < ARRAY_LEN(k_libs) && !s->lib; i++)
        s->lib = dlopen(k_libs[i], RTLD_NOW | RTLD_LOCAL);
    if (!s->lib) {
        log_note(
            "no MIDI synthesizer: libfluidsynth is not installed; the MPU-401 plays silently");
        return false;
    }
#define FLUID_SYM_(name)                                                                       \
    if (!(*(void **)&s->name = dlsym(s->lib, #name))) {                                        \
        log_note("no MIDI synthesizer: libfluidsynth lacks %s", #name);                        \
        return false;                                                                          \
    }
    FLUID_FUNCS(FLUID_SYM_)
#undef FLUID_SYM_
    return true;
}

static const char *find_soundfont(const char *want)
{
    if (want)
        return want;
    for (size_t i = 0; i < ARRAY_LEN(k_soundfonts); i++)
        if (access(k_soundfonts[i], R_OK) == 0)
            return k_soundfonts[i];
    return NULL;
}

static bool start_synth(struct aud_synth *s, const char *soundfont)
{
    for (int level = FLUID_PANIC; level < LAST_LOG_LEVEL; level++)
        s->fluid_set_log_function(level, on_log, NULL);
    s->settings = s->new_fluid_settings();
    if (!s->settings)
        return false;
    s->fluid_settings_setnum(s->settings, "synth.sample-rate", AUD_RATE);
    s->fluid_settings_setnum(s->settings, "synth.gain", SYNTH_GAIN);
    s->fluid_settings_setint(s->settings, "synth.threadsafe-api", 0);
    s->synth = s->new_fluid_synth(s->settings);
    if (!s->synth)
        return false;
    if (s->fluid_synth_sfload(s->synth, soundfont, 1) == FLUID_FAILED) {
        log_note("no MIDI synthesizer: cannot load the soundfont %s", soundfont);
        return false;
    }
    LOG(LOG_AUDIO, "MIDI synthesizer: fluidsynth with %s", soundfont);
    return true;
}

struct aud_synth *aud_synth_open(const char *soundfont)
{
    struct aud_synth *s = xcalloc(1, sizeof *s);
    const char *sf = find_soundfont(soundfont);
    bool ok = load_lib(s);
    if (ok && !sf) {
        log_note("no MIDI synthesizer: no General MIDI soundfont found (install "
                 "timgm6mb-soundfont or use --soundfont)");
        ok = false;
    }
    if (ok)
        ok = start_synth(s, sf);
    if (!ok) {
        aud_synth_close(s);
        return NULL;
    }
    return s;
}

void aud_synth_close(struct aud_synth *s)
{
    if (!s)
        return;
    if (s->synth)
        s->delete_fluid_synth(s->synth);
    if (s->settings)
        s->delete_fluid_settings(s->settings);
    /* No dlclose: libfluidsynth's dependencies (glib) may keep threads
     * running in their code; the library stays until the process ends. */
    free(s);
}

static void channel_message(struct aud_synth *s, const uint8_t *m)
{
    fluid_synth_t *f = s->synth;
    int ch = m[0] & 15;
    switch (m[0] & 0xF0) {
    case 0x80:
        s->fluid_synth_noteoff(f, ch, m[1]);
        break;
    case 0x90:
        s->fluid_synth_noteon(f, ch, m[1], m[2]);
        break;
    case 0xA0:
        s->fluid_synth_key_pressure(f, ch, m[1], m[2]);
        break;
    case 0xB0:
        s->fluid_synth_cc(f, ch, m[1], m[2]);
        break;
    case 0xC0:
        s->fluid_synth_program_change(f, ch, m[1]);
        break;
    case 0xD0:
        s->fluid_synth_channel_pressure(f, ch, m[1]);
        break;
    case 0xE0:
        s->fluid_synth_pitch_bend(f, ch, m[1] | m[2] << 7);
        break;
    default:
        break;
    }
}

void aud_synth_message(struct aud_synth *s, const uint8_t *msg, size_t len)
{
    if (msg[0] == 0xF0 && len >= 2)
        s->fluid_synth_sysex(s->synth, (const char *)msg + 1, (int)len - 2, NULL, NULL, NULL,
                             0);
    else if (msg[0] < 0xF0)
        channel_message(s, msg);
}

void aud_synth_render(struct aud_synth *s, int32_t *mix, size_t n)
{
    while (n) {
        size_t k = MIN(n, (size_t)SYNTH_CHUNK);
        s->fluid_synth_write_float(s->synth, (int)k, s->left, 0, 1, s->right, 0, 1);
        for (size_t i = 0; i < k; i++) {
            mix[2 * i] += (int32_t)lrintf(s->left[i] * SYNTH_SCALE);
            mix[2 * i + 1] += (int32_t)lrintf(s->right[i] * SYNTH_SCALE);
        }
        mix += 2 * k;
        n -= k;
    }
}

#else /* !UNIDOS_HAVE_FLUIDSYNTH */

struct aud_synth *aud_synth_open(const char *soundfont)
{
    UNUSED(soundfont);
    log_note("no MIDI synthesizer: unidos was built without libfluidsynth");
    return NULL;
}

void aud_synth_close(struct aud_synth *s)
{
    UNUSED(s);
}
void aud_synth_message(struct aud_synth *s, const uint8_t *msg, size_t len)
{
    UNUSED(s);
    UNUSED(msg);
    UNUSED(len);
}
void aud_synth_render(struct aud_synth *s, int32_t *mix, size_t n)
{
    UNUSED(s);
    UNUSED(mix);
    UNUSED(n);
}

#endif
