/* What each internal command does: COMMAND /? shows it, HELP lists them
 * all with a line each, HELP COMMAND is COMMAND /?. The words are the
 * project's own; the syntax is MS-DOS 5's, and DOSBox's for its commands. */
#include <string.h>
#include <strings.h>

#include "shell/shell_impl.h"

struct sh_help {
    const char *name;
    const char *summary; /* one line, for HELP */
    const char *usage;   /* the syntax and the switches, '\n' between lines */
};

static const struct sh_help k_help[] = {
    {"BREAK", "Shows or sets whether DOS checks for Ctrl-C in every function.",
     "BREAK [ON | OFF]"},
    {"CALL", "Runs a batch file from another one and comes back.",
     "CALL [drive:][path]file [arguments]"},
    {"CD", "Shows or changes the current directory (also CHDIR).",
     "CD [drive:][path]\nCD ..      the parent directory\nCD drive:  shows that drive's "
     "current directory"},
    {"CHCP", "Shows or sets the active code page (DOS, the screen font, the keyboard).",
     "CHCP [nnn]\n  nnn  437 or 850"},
    {"CLS", "Clears the screen.", "CLS"},
    {"CONFIG", "Changes settings while the machine runs, as DOSBox's CONFIG does.",
     "CONFIG -set \"cpu cycles=N\"   the speed (as CYCLES)\nCONFIG -get \"cpu cycles\"     "
     "shows it\nCONFIG -securemode           switches MOUNT and IMGMOUNT off until the run "
     "ends"},
    {"COPY", "Copies files, or joins them into one.",
     "COPY [/A | /B] source [+ source...] [destination]\n  /A  text: stops at Ctrl-Z "
     "and ends the copy with one (the default when joining files)\n  /B  binary: the "
     "whole file (the default otherwise)"},
    {"CYCLES", "Shows or sets how fast the CPU runs (--speed).",
     "CYCLES [max | N | fixed N | 4.77mhz | 286 | 386 | 486 | pentium]\n  N  instructions "
     "per millisecond, as DOSBox counts cycles; alone: the speed now\n"
     "(A deterministic run keeps the speed it started with.)"},
    {"DATE", "Shows or sets the date.", "DATE [mm-dd-yy]"},
    {"DEL", "Deletes files (also ERASE).", "DEL [drive:][path]file\n  *.* asks first"},
    {"DIR", "Lists the files and subdirectories of a directory.",
     "DIR [drive:][path][file] [/P] [/W] [/S] [/B] [/L] [/A[:]attributes] [/O[:]order]\n"
     "  /P  pauses after each screenful       /W  names only, in columns\n"
     "  /S  subdirectories too                /B  bare names\n"
     "  /L  lower case\n"
     "  /A  D directories, H hidden, S system, R read-only, A archive; -X: not X\n"
     "  /O  N name, E extension, S size, D date, G directories first; -X: reversed\n"
     "The DIRCMD variable holds switches to use every time."},
    {"ECHO", "Shows a message, or switches the echo of batch lines on or off.",
     "ECHO [ON | OFF]\nECHO message\nECHO.      an empty line"},
    {"EXIT", "Leaves this command interpreter.", "EXIT"},
    {"FOR", "Runs a command for each file of a set.",
     "FOR %variable IN (set) DO command [arguments]\n(%%variable in batch files)"},
    {"GOTO", "Goes on at a label of the batch file.", "GOTO label"},
    {"HELP", "Lists the internal commands, or shows what one does.", "HELP [command]"},
    {"IF", "Runs a command when a condition holds.",
     "IF [NOT] ERRORLEVEL number command\nIF [NOT] string1==string2 command\n"
     "IF [NOT] EXIST file command"},
    {"IMGMOUNT", "Mounts disk or CD images as a drive, as DOSBox's IMGMOUNT does.",
     "IMGMOUNT drive image [image...] [-t iso|cdrom|floppy|hdd] [-fs fat|iso] [-ro]\n"
     "IMGMOUNT -u drive\n"
     "  The kind of image (FAT floppy or hard disk, ISO, CUE/BIN) is told by its content;\n"
     "  more images are disks to insert with Ctrl-F4. Only what the run allows (see MOUNT)."},
    {"KEYB", "Shows or sets the keyboard layout and its code page.",
     "KEYB [code[,codepage]]\n"
     "  code      US, UK, GR, FR, IT, SP, SV, SU, NO, DK (or us, uk, de, fr,\n"
     "            it, es, se, fi, no, dk)\n"
     "  codepage  437 or 850 (the layout's own when left out); the screen font follows\n"
     "ERRORLEVEL 1 for a code or code page it does not know."},
    {"LH", "Loads a program into upper memory when there is room (also LOADHIGH).",
     "LH [/L:region] [drive:][path]file [arguments]"},
    {"LOADFIX", "Runs a program above the first 64 KiB of memory, as DOSBox's LOADFIX does.",
     "LOADFIX [-size] [program [arguments]]\nLOADFIX -f\n"
     "  -size  KiB to take first (default 64); without a program they stay taken\n"
     "  -f     gives back what LOADFIX took"},
    {"MD", "Makes a directory (also MKDIR).", "MD [drive:]path"},
    {"MIXER", "Shows or sets the sound levels, as DOSBox's MIXER does.",
     "MIXER [MASTER | SPKR | OPL | SB | MIDI level]... [MUTE | UNMUTE] [/NOSHOW]\n"
     "  level  0-100 percent of the amplitude; /NOSHOW: no table after a change"},
    {"MOUNT", "Mounts a host directory as a drive, as DOSBox's MOUNT does.",
     "MOUNT drive host-directory [-ro] [-t dir|floppy|cdrom] [-label name]\n"
     "MOUNT -u drive     unmounts it\nMOUNT              lists the drives\n"
     "  -ro  read-only (also -t cdrom)\n"
     "  A path with spaces goes in \"quotes\"; ~ is the home directory. Only what the\n"
     "  run allows: under its own drives and --allow-mount; --mount-command off: nothing."},
    {"PATH", "Shows or sets where programs are looked for.",
     "PATH [[drive:]path[;...]]\n"
     "PATH ;    no search path"},
    {"PAUSE", "Waits for a key.", "PAUSE"},
    {"PROMPT", "Sets the prompt.",
     "PROMPT [text]\n  $P path  $G >  $L <  $N drive  $D date  $T time  $V version  $_ new line"
     "\n  $$ $  $Q =  $B |  $E escape  $H backspace"},
    {"RD", "Removes an empty directory (also RMDIR).", "RD [drive:]path"},
    {"REM", "A remark in a batch file.", "REM [text]"},
    {"REN", "Renames files (also RENAME).", "REN [drive:][path]file newname"},
    {"RESCAN", "Accepted as DOSBox's RESCAN: unidos sees changes on the host without it.",
     "RESCAN [drive: | -A]\n  Directory listings are checked against the host on every "
     "use, so there\n  is no cache to clear; a drive that is not there is an error."},
    {"SET", "Shows, sets or removes environment variables.",
     "SET [variable=[value]]\n  SET alone lists them; an empty value removes the variable"},
    {"SHIFT", "Shifts the parameters of a batch file by one (%1 becomes %0).", "SHIFT"},
    {"TIME", "Shows or sets the time.", "TIME [hours:minutes[:seconds[.hundredths]]][A|P]"},
    {"TRUENAME", "Shows the full name of a file or directory.", "TRUENAME [path]"},
    {"TYPE", "Shows what a text file holds.", "TYPE [drive:][path]file"},
    {"VER", "Shows the DOS version.", "VER"},
    {"VERIFY", "Shows or sets whether DOS checks what it writes.", "VERIFY [ON | OFF]"},
    {"VOL", "Shows a drive's volume label.", "VOL [drive:]"},
};

/* Other names of the same commands. */
static const struct {
    const char *alias, *name;
} k_aliases[] = {
    {"CHDIR", "CD"}, {"ERASE", "DEL"}, {"LOADHIGH", "LH"},
    {"MKDIR", "MD"}, {"RMDIR", "RD"},  {"RENAME", "REN"},
};

static const struct sh_help *find(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(k_aliases); i++)
        if (!strcasecmp(name, k_aliases[i].alias))
            name = k_aliases[i].name;
    for (size_t i = 0; i < ARRAY_LEN(k_help); i++)
        if (!strcasecmp(name, k_help[i].name))
            return &k_help[i];
    return NULL;
}

bool sh_help_known(const char *name)
{
    return find(name) != NULL;
}

/* text with each '\n' as a DOS line end. */
static void lines(struct sh_session *s, const char *text)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        sh_write(s, p, n);
        sh_puts(s, "\r\n");
        p += n + (p[n] == '\n');
    }
}

bool sh_help_asked(const char *tail)
{
    bool q = false;
    for (const char *p = tail; *p; p++) {
        if (*p == '"')
            q = !q;
        if (!q && p[0] == '/' && p[1] == '?')
            return true;
    }
    return false;
}

void sh_help_show(struct sh_session *s, const char *name)
{
    const struct sh_help *h = find(name);
    if (!h) {
        sh_errorf(s, "No help for %s", name);
        return;
    }
    lines(s, h->summary);
    sh_puts(s, "\r\n");
    lines(s, h->usage);
}

int sh_cmd_help(struct sh_session *s, char *tail)
{
    char word[SH_NAME_MAX];
    const char *p = tail;
    if (sh_next_arg(&p, word, sizeof word)) {
        sh_help_show(s, word);
        return 0;
    }
    sh_puts(s, "The internal commands of unidos' COMMAND.COM (NAME /? or HELP NAME shows "
               "more):\r\n\r\n");
    for (size_t i = 0; i < ARRAY_LEN(k_help); i++)
        sh_printf(s, "%-9s %s\r\n", k_help[i].name, k_help[i].summary);
    return 0;
}
