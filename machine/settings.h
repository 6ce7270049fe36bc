/* The settings a user changes while the machine runs, from the window's
 * keys: the speed (machine/pace.h) and the listener's volume (the
 * mixer), and the status beside the window's title that shows them. */
#ifndef UNIDOS_MACHINE_SETTINGS_H
#define UNIDOS_MACHINE_SETTINGS_H

#include "audio/mixer.h"
#include "bios/bios.h"
#include "cpu/cpu.h"
#include "dosapi/dos.h"
#include "hw/clock.h"
#include "machine/pace.h"
#include "ui/ui.h"

struct settings {
    struct pace *pace;
    struct cpu *cpu;
    struct vclock *clk;
    struct aud_mixer *mix; /* NULL: no sound */
    struct ui *ui;
    struct bios *bios;
    struct dos *dos;
    const char *keyboard; /* --keyboard; NULL: auto */
    bool changed;         /* a key changed something: show everything */
};

/* The keyboard layout and code page of --keyboard (else US, 437); show
 * the settings that differ from the defaults, and hand the window's keys
 * to settings_act. */
void settings_start(struct settings *s);
/* A host key (ui_controls.act, ctx the settings). */
void settings_act(void *ctx, enum ui_action a);

/* CYCLES and CONFIG -set: the speed by name (as --speed takes it), ctx
 * the settings; false with why when it is not one or cannot change. The
 * speed now by name. */
bool settings_set_speed(void *ctx, const char *value, char *why, size_t cap);
void settings_speed_name(void *ctx, char *out, size_t cap);

#endif
