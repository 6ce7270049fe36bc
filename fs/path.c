/* DOS path normalisation: drive letter, separators, ".", "..", 8.3 parts. */
#include "fs/path.h"

#include <ctype.h>
#include <string.h>

#include "base/common.h"
#include "base/doserr.h"
#include "fs/fs.h"

#define NAME_MAX83 8
#define EXT_MAX83 3
#define PART_MAX 13 /* "FILENAME.EXT" + NUL */

static bool is_sep(char c)
{
    return c == '\\' || c == '/';
}

/* Characters DOS refuses in file names (MS-DOS 5 manual, "File names"). */
static bool bad_char(unsigned char c)
{
    return c < 0x20 || strchr("\"+,:;<=>[]|", c) != NULL;
}

/* Turn one raw part (up to the next separator) into an 8.3 name: upper
 * case, name and extension truncated, trailing dots/spaces dropped. */
static int make_part(const char *s, size_t n, char out[PART_MAX])
{
    char name[NAME_MAX83 + 1] = "", ext[EXT_MAX83 + 1] = "";
    size_t nn = 0, ne = 0;
    bool in_ext = false;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '.'))
        n--;
    if (n == 0)
        return -DOSERR_PATH_NOT_FOUND;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' && !in_ext) {
            in_ext = true;
            continue;
        }
        if (bad_char(c) || c == '.')
            return -DOSERR_PATH_NOT_FOUND;
        c = (unsigned char)toupper(c);
        if (in_ext && ne < EXT_MAX83)
            ext[ne++] = (char)c;
        else if (!in_ext && nn < NAME_MAX83)
            name[nn++] = (char)c;
    }
    /* Blanks ending a field are padding, as in the directory entry:
     * "ABC     .TXT" and "ABCDEFGH   X" cut to "ABC.TXT" and "ABCDEFGH". */
    while (nn && name[nn - 1] == ' ')
        nn--;
    while (ne && ext[ne - 1] == ' ')
        ne--;
    name[nn] = 0;
    ext[ne] = 0;
    if (nn == 0)
        return -DOSERR_PATH_NOT_FOUND;
    strcpy(out, name);
    if (ne) {
        strcat(out, ".");
        strcat(out, ext);
    }
    return 0;
}

/* Append part to the path in out (len bytes used), or drop the last part
 * for "..": never above the root. */
static int push_part(char *out, size_t *len, size_t cap, const char *s, size_t n)
{
    if (n == 1 && s[0] == '.')
        return 0;
    if (n == 2 && s[0] == '.' && s[1] == '.') {
        char *cut = strrchr(out, '\\');
        *len = cut ? (size_t)(cut - out) : 0;
        out[*len] = 0;
        return 0;
    }
    char part[PART_MAX];
    int rc = make_part(s, n, part);
    if (rc < 0)
        return rc;
    size_t pn = strlen(part);
    if (*len + (*len ? 1 : 0) + pn + 1 > cap)
        return -DOSERR_PATH_NOT_FOUND;
    if (*len)
        out[(*len)++] = '\\';
    memcpy(out + *len, part, pn + 1);
    *len += pn;
    return 0;
}

static int push_all(char *out, size_t *len, size_t cap, const char *p)
{
    while (*p) {
        size_t n = 0;
        while (p[n] && !is_sep(p[n]))
            n++;
        if (n) {
            int rc = push_part(out, len, cap, p, n);
            if (rc < 0)
                return rc;
        }
        p += n;
        while (is_sep(*p))
            p++;
    }
    return 0;
}

int fs_path_normalize(const char *path, unsigned cur_drive, const char *const *cwds,
                      unsigned *drive, char *out, size_t cap)
{
    size_t len = 0;
    unsigned d = cur_drive;
    if (cap == 0)
        return -DOSERR_PATH_NOT_FOUND;
    out[0] = 0;
    if (!path[0])
        return -DOSERR_PATH_NOT_FOUND;
    if (path[1] == ':') {
        int c = toupper((unsigned char)path[0]);
        if (c < 'A' || c > 'Z')
            return -DOSERR_INVALID_DRIVE;
        d = (unsigned)(c - 'A');
        path += 2;
    }
    if (!is_sep(*path) && cwds && cwds[d]) {
        int rc = push_all(out, &len, cap, cwds[d]);
        if (rc < 0)
            return rc;
    }
    int rc = push_all(out, &len, cap, path);
    if (rc < 0)
        return rc;
    *drive = d;
    return 0;
}

const char *fs_path_base(const char *rel)
{
    const char *s = strrchr(rel, '\\');
    return s ? s + 1 : rel;
}

int fs_path_first(const char *rel, char *part, size_t cap)
{
    size_t n = strcspn(rel, "\\");
    if (n >= cap)
        return -1;
    memcpy(part, rel, n);
    part[n] = 0;
    return (int)n;
}
