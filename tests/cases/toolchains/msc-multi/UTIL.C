/* String and record file helpers of the test program. */
#include <stdio.h>
#include <ctype.h>
#include "stats.h"

void upcase(char *s)
{
    for (; *s; s++)
        *s = (char)toupper(*s);
}

int write_records(const char *path, const struct rec *r, int n)
{
    FILE *f = fopen(path, "wb");
    int k;
    if (!f)
        return -1;
    k = (int)fwrite(r, sizeof *r, n, f);
    fclose(f);
    return k;
}

int read_records(const char *path, struct rec *r, int max)
{
    FILE *f = fopen(path, "rb");
    int k;
    if (!f)
        return -1;
    k = (int)fread(r, sizeof *r, max, f);
    fclose(f);
    return k;
}
