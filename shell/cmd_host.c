/* Internal commands for what the listener and typist set up rather than
 * what DOS keeps: MIXER (sound levels per device). DOSBox has it as a
 * program on its Z: drive; here it is built in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/shell_impl.h"

#define MIXER_MASTER "MASTER"
#define MIXER_WORD_MAX 16

static void mixer_show(struct sh_session *s, const struct aud_mixer *mix)
{
    sh_printf(s, "%-8s%3u%%%s\r\n", MIXER_MASTER, aud_mixer_volume(mix),
              aud_mixer_muted(mix) ? " (muted)" : "");
    for (unsigned d = 0; d < AUD_DEVICES; d++)
        sh_printf(s, "%-8s%3u%%\r\n", aud_device_name((enum aud_device)d),
                  aud_mixer_level(mix, (enum aud_device)d));
}

/* A level: 0-100, a percent sign allowed; -1 when it is not one. */
static int parse_level(const char *w)
{
    char *end;
    unsigned long v = strtoul(w, &end, 10);
    bool digits = end != w;
    if (*end == '%')
        end++;
    return digits && !*end && v <= AUD_LEVEL_MAX ? (int)v : -1;
}

/* One word of MIXER's arguments: MUTE, UNMUTE, or a channel followed by
 * its level (*p moves past what was taken). False after a message. */
static bool mixer_arg(struct sh_session *s, struct aud_mixer *mix, const char **p)
{
    char name[MIXER_WORD_MAX], level[MIXER_WORD_MAX];
    sh_next_arg(p, name, sizeof name);
    if (!strcasecmp(name, "MUTE") || !strcasecmp(name, "UNMUTE")) {
        aud_mixer_set_mute(mix, !strcasecmp(name, "MUTE"));
        return true;
    }
    int dev = aud_device_parse(name);
    bool master = !strcasecmp(name, MIXER_MASTER);
    if (dev < 0 && !master) {
        sh_printf(s, "Invalid channel - %s\r\n", name);
        return false;
    }
    int v = sh_next_arg(p, level, sizeof level) ? parse_level(level) : -1;
    if (v < 0) {
        sh_printf(s, "Invalid level for %s (expected 0-100)\r\n", name);
        return false;
    }
    if (master)
        aud_mixer_set_volume(mix, (unsigned)v);
    else
        aud_mixer_set_level(mix, (enum aud_device)dev, (unsigned)v);
    return true;
}

/* MIXER [MASTER|SPKR|OPL|SB|MIDI LEVEL]... [MUTE|UNMUTE] [/NOSHOW]: the
 * levels in percent of the amplitude; with no argument (or after a
 * change, unless /NOSHOW) the table. */
int sh_cmd_mixer(struct sh_session *s, char *tail)
{
    struct aud_mixer *mix = s->sh->mixer;
    bool show = true;
    if (!mix) {
        sh_puts(s, "No sound devices in this machine\r\n");
        return 0;
    }
    const char *p = tail;
    while (!sh_blank(p)) {
        const char *at = p;
        char w[MIXER_WORD_MAX];
        sh_next_arg(&at, w, sizeof w);
        if (!strcasecmp(w, "/NOSHOW")) {
            show = false;
            p = at;
        } else if (!mixer_arg(s, mix, &p)) {
            return 0;
        }
    }
    if (show)
        mixer_show(s, mix);
    return 0;
}
