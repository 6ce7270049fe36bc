/* File commands: CD, MD, RD, DEL, REN, TYPE (COPY is in cmd_copy.c, DIR
 * in cmd_dir.c), with MS-DOS 5 messages. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/stop.h"
#include "shell/files.h"
#include "shell/shell_impl.h"

#define OPEN_READ 0x00
#define CH_EOF 0x1A
#define TYPE_CHUNK 2048

int sh_cmd_cd(struct sh_session *s, char *tail)
{
    char arg[FS_PATH_MAX], cwd[FS_PATH_MAX];
    const char *p = tail;
    unsigned d = sh_dos_drive(s);
    if (sh_next_arg(&p, arg, sizeof arg) &&
        !(isalpha((unsigned char)arg[0]) && arg[1] == ':' && !arg[2])) {
        if (sh_dos_chdir(s, arg) < 0)
            sh_error(s, "Invalid directory");
        return 0;
    }
    if (arg[0])
        d = (unsigned)(toupper((unsigned char)arg[0]) - 'A');
    if (sh_dos_getcwd(s, d + 1, cwd, sizeof cwd) < 0) {
        sh_error(s, "Invalid drive specification");
        return 0;
    }
    sh_printf(s, "%c:\\%s\r\n", 'A' + d, cwd);
    return 0;
}

static bool one_arg(struct sh_session *s, const char *tail, char *arg, size_t cap)
{
    const char *p = tail;
    if (sh_next_arg(&p, arg, cap))
        return true;
    sh_error(s, "Required parameter missing");
    return false;
}

int sh_cmd_md(struct sh_session *s, char *tail)
{
    char arg[FS_PATH_MAX];
    if (one_arg(s, tail, arg, sizeof arg) && sh_dos_mkdir(s, arg) < 0)
        sh_error(s, "Unable to create directory");
    return 0;
}

int sh_cmd_rd(struct sh_session *s, char *tail)
{
    char arg[FS_PATH_MAX];
    if (one_arg(s, tail, arg, sizeof arg) && sh_dos_rmdir(s, arg) < 0)
        sh_error(s, "Invalid path, not directory,\r\nor directory not empty");
    return 0;
}

/* DEL of every file in a directory asks first (the answer is a line). */
static int confirm_all(struct sh_session *s)
{
    char line[SH_LINE_MAX];
    if (s->job.phase == 0)
        sh_puts(s, "All files in directory will be deleted!\r\nAre you sure (Y/N)?");
    s->job.phase = 1;
    sh_flush(s);
    int rc = sh_input_line(s, line, sizeof line);
    if (rc == SH_WAIT)
        return SH_WAIT;
    const char *p = line + strspn(line, " \t");
    return rc > 0 && toupper((unsigned char)*p) == 'Y';
}

int sh_cmd_del(struct sh_session *s, char *tail)
{
    struct sh_switch sw[SH_SWITCH_MAX];
    char arg[FS_PATH_MAX], pattern[FS_PATH_MAX], path[FS_PATH_MAX + FS_NAME83_MAX];
    struct sh_names names = {0};
    sh_take_switches(tail, sw, SH_SWITCH_MAX);
    if (!one_arg(s, tail, arg, sizeof arg))
        return 0;
    sh_files_pattern(s, arg, pattern, sizeof pattern);
    if (sh_files_all(pattern)) {
        int rc = confirm_all(s);
        if (rc <= 0)
            return rc;
    }
    int rc = sh_files_collect(s, pattern, 0, &names);
    if (rc < 0 || names.n == 0)
        sh_error(s, rc == -DOSERR_PATH_NOT_FOUND ? "Path not found" : "File not found");
    for (size_t i = 0; i < names.n && !stop_requested(); i++) {
        sh_files_join(pattern, names.v[i].name, path, sizeof path);
        rc = sh_dos_unlink(s, path);
        if (rc < 0)
            sh_error(s, sh_errmsg(-rc));
    }
    sh_names_free(&names);
    return 0;
}

int sh_cmd_ren(struct sh_session *s, char *tail)
{
    char from[FS_PATH_MAX], to[FS_PATH_MAX], path[FS_PATH_MAX + FS_NAME83_MAX];
    char newname[FS_NAME83_MAX], newpath[FS_PATH_MAX + FS_NAME83_MAX];
    const char *p = tail;
    struct sh_names names = {0};
    if (!sh_next_arg(&p, from, sizeof from) || !sh_next_arg(&p, to, sizeof to)) {
        sh_error(s, "Required parameter missing");
        return 0;
    }
    if (strpbrk(to, "\\/:")) {
        sh_error(s, "Invalid parameter");
        return 0;
    }
    bool failed = sh_files_collect(s, from, 0, &names) < 0 || names.n == 0;
    for (size_t i = 0; i < names.n && !stop_requested(); i++) {
        sh_files_join(from, names.v[i].name, path, sizeof path);
        sh_files_template(names.v[i].name, to, newname);
        sh_files_join(from, newname, newpath, sizeof newpath);
        failed |= sh_dos_rename(s, path, newpath) < 0;
    }
    if (failed)
        sh_error(s, "Duplicate file name or file not found");
    sh_names_free(&names);
    return 0;
}

/* TYPE: text up to the first ^Z. Reading a device may wait for input. */
int sh_cmd_type(struct sh_session *s, char *tail)
{
    char arg[FS_PATH_MAX], buf[TYPE_CHUNK];
    if (s->job.h1 < 0) {
        if (!one_arg(s, tail, arg, sizeof arg))
            return 0;
        if (strpbrk(arg, "*?")) {
            sh_error(s, "Invalid filename or file not found");
            return 0;
        }
        s->job.h1 = sh_dos_open(s, arg, OPEN_READ);
        if (s->job.h1 < 0) {
            s->job.h1 = -1;
            sh_error(s, "File not found");
            return 0;
        }
    }
    for (;;) {
        int n = stop_requested() ? SH_WAIT : sh_dos_read(s, s->job.h1, buf, sizeof buf);
        if (n == SH_WAIT)
            return SH_WAIT; /* after a stop: the run loop ends the run */
        char *eof = n > 0 ? memchr(buf, CH_EOF, (size_t)n) : NULL;
        if (n > 0)
            sh_write(s, buf, eof ? (size_t)(eof - buf) : (size_t)n);
        if (n <= 0 || eof)
            break;
    }
    sh_dos_close(s, s->job.h1);
    s->job.h1 = -1;
    return 0;
}
