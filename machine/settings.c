/* Speed and volume from the window's keys, and the status that shows them. */
#include "machine/settings.h"

#include <stdio.h>
#include <time.h>

#include "base/common.h"
#include "base/log.h"

#define VOLUME_STEP 10u
#define STATUS_BYTES 96

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * CLOCK_NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* "speed 386, volume 50%": what differs from the defaults, or everything
 * once a key changed something (so the key shows it took). */
static void show(struct settings *s)
{
    char status[STATUS_BYTES], speed[24];
    size_t n = 0;
    pace_name(s->pace->ipms, speed, sizeof speed);
    status[0] = 0;
    if (pace_on(s->pace) || s->changed)
        n += (size_t)snprintf(status + n, sizeof status - n, "speed %s", speed);
    if (s->mix &&
        (aud_mixer_muted(s->mix) || aud_mixer_volume(s->mix) < AUD_LEVEL_MAX || s->changed))
        snprintf(status + n, sizeof status - n, "%svolume %u%%%s", n ? ", " : "",
                 aud_mixer_volume(s->mix), aud_mixer_muted(s->mix) ? " (muted)" : "");
    ui_set_status(s->ui, status);
}

static void use_layout(struct settings *s, const struct kbd_layout *l, unsigned cp, bool start)
{
    bios_set_keyboard(s->bios, l);
    if (start)
        dos_set_system_codepage(s->dos, cp);
    else
        dos_set_codepage(s->dos, cp);
    LOG(LOG_BIOS, "keyboard: %s (%s), code page %u", l->name, l->desc, cp);
}

/* --keyboard auto in a window: the host's layout, unless the run is
 * deterministic (the guest may not see which frontend is open). */
static void host_layout(void *ctx, const char *name)
{
    struct settings *s = ctx;
    const struct kbd_layout *l = kbd_layout_find(name);
    if (s->keyboard || !l || clock_deterministic(s->clk) || l == bios_keyboard(s->bios))
        return;
    use_layout(s, l, l->codepage, false);
}

void settings_start(struct settings *s)
{
    struct ui_controls c = {.act = settings_act, .host_layout = host_layout, .ctx = s};
    const struct kbd_layout *l;
    unsigned cp;
    if (s->keyboard && kbd_layout_parse(s->keyboard, &l, &cp))
        use_layout(s, l, cp, true);
    ui_set_controls(s->ui, &c);
    show(s);
}

#define NO_CHANGE_DETERMINISTIC                                                                \
    "the speed cannot change in a deterministic run (its clock counts it)"

static void set_speed(struct settings *s, uint32_t ipms)
{
    if (ipms != PACE_MAX)
        cpu_count_insns(s->cpu);
    pace_set(s->pace, ipms, cpu_insns(s->cpu), host_ns());
}

/* Deterministic runs keep their speed: the guest's clock counts it, and
 * a replay would drift from the recording. */
static void change_speed(struct settings *s, int dir)
{
    if (clock_deterministic(s->clk)) {
        log_note(NO_CHANGE_DETERMINISTIC);
        return;
    }
    set_speed(s, pace_step(s->pace->ipms, dir));
}

bool settings_set_speed(void *ctx, const char *value, char *why, size_t cap)
{
    struct settings *s = ctx;
    uint32_t ipms;
    if (!pace_parse(value, &ipms)) {
        snprintf(why, cap,
                 "expected max, 4.77mhz, 286, 386, 486, pentium or instructions "
                 "per millisecond");
        return false;
    }
    if (ipms == s->pace->ipms)
        return true;
    if (clock_deterministic(s->clk)) {
        snprintf(why, cap, "%s", NO_CHANGE_DETERMINISTIC);
        return false;
    }
    set_speed(s, ipms);
    show(s);
    return true;
}

void settings_speed_name(void *ctx, char *out, size_t cap)
{
    const struct settings *s = ctx;
    pace_name(s->pace->ipms, out, cap);
}

static void change_volume(struct settings *s, int dir)
{
    unsigned v = aud_mixer_volume(s->mix);
    v = dir > 0 ? MIN(v + VOLUME_STEP, AUD_LEVEL_MAX) : v - MIN(v, VOLUME_STEP);
    aud_mixer_set_volume(s->mix, v);
    aud_mixer_set_mute(s->mix, false);
}

void settings_act(void *ctx, enum ui_action a)
{
    struct settings *s = ctx;
    if (a == UI_ACT_SLOWER || a == UI_ACT_FASTER)
        change_speed(s, a == UI_ACT_FASTER ? 1 : -1);
    else if (s->mix && a == UI_ACT_MUTE)
        aud_mixer_set_mute(s->mix, !aud_mixer_muted(s->mix));
    else if (s->mix)
        change_volume(s, a == UI_ACT_LOUDER ? 1 : -1);
    s->changed = true;
    show(s);
}
