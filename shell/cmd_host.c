/* Internal commands for what the listener and typist set up: MIXER (sound
 * levels per device; DOSBox has it as a program on its Z: drive), KEYB
 * (the keyboard layout and its code page, MS-DOS's KEYB.COM) and CHCP (the
 * code page alone, MS-DOS's internal command). */
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

/* MS-DOS KEYB's exit codes (MS-DOS 5 User's Guide, KEYB). */
#define KEYB_OK 0
#define KEYB_BAD_CODE 1
#define KEYB_SPEC_MAX 32

static void keyb_show(struct sh_session *s)
{
    const struct kbd_layout *l = bios_keyboard(s->sh->bios);
    unsigned cp = dos_codepage(s->sh->dos);
    sh_printf(s, "Current keyboard code: %s  code page: %u\r\n", l->keyb, cp);
    sh_printf(s, "Current CON code page: %u\r\n", cp);
}

static void keyb_list(struct sh_session *s)
{
    sh_puts(s, "Keyboard codes:");
    for (size_t i = 0; kbd_layout_at(i); i++)
        sh_printf(s, " %s (%s)", kbd_layout_at(i)->keyb, kbd_layout_at(i)->desc);
    sh_puts(s, "\r\n");
}

/* KEYB [xx[,yyy]]: with no argument the keyboard code and code page in
 * use; else the layout xx (KEYB's codes US, UK, GR, FR, IT, SP, or us, de,
 * ...) with code page yyy (437 or 850; its own when left out), which also
 * becomes DOS's code page and the screen font's. ERRORLEVEL 0, or 1 for
 * an unknown keyboard code or code page. */
int sh_cmd_keyb(struct sh_session *s, char *tail)
{
    char spec[KEYB_SPEC_MAX];
    const char *p = tail + strspn(tail, " \t");
    size_t n = MIN(strcspn(p, " \t/"), sizeof spec - 1); /* "GR,850": commas are KEYB's */
    const struct kbd_layout *l;
    unsigned cp;
    memcpy(spec, p, n);
    spec[n] = 0;
    if (!n) {
        keyb_show(s);
        s->errorlevel = KEYB_OK;
        return 0;
    }
    if (!kbd_layout_parse(spec, &l, &cp)) {
        spec[strcspn(spec, ",")] = 0;
        sh_puts(s, kbd_layout_find(spec) ? "Invalid code page specified\r\n"
                                         : "Invalid keyboard code specified\r\n");
        keyb_list(s);
        s->errorlevel = KEYB_BAD_CODE;
        return 0;
    }
    bios_set_keyboard(s->sh->bios, l);
    dos_set_codepage(s->sh->dos, cp);
    s->errorlevel = KEYB_OK;
    return 0;
}

#define CHCP_DIGITS_MAX 5

/* CHCP [nnn]: the active code page, or a new one for DOS, the screen font
 * and the keyboard (437 or 850), as INT 21h 6602h sets it; MS-DOS 5's
 * messages (NLSFUNC taken as loaded). */
int sh_cmd_chcp(struct sh_session *s, char *tail)
{
    const char *p = tail + strspn(tail, " \t");
    size_t n = strcspn(p, " \t");
    char *end;
    unsigned long cp = strtoul(p, &end, 10);
    if (!n) {
        sh_printf(s, "Active code page: %u\r\n", dos_codepage(s->sh->dos));
        return 0;
    }
    if (n > CHCP_DIGITS_MAX || end != p + n || !sh_blank(end) ||
        dos_set_codepage(s->sh->dos, (unsigned)cp) < 0)
        sh_puts(s, "Invalid code page\r\n");
    return 0;
}
