/* Multi-file C test program: file I/O through stdio, qsort, floating
 * point output and time(). Its output is compared with a golden file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "stats.h"

static struct rec in[8] = {
    {"delta", 72, 1.5}, {"alpha", 95, 2.25}, {"echo", 58, 0.75}, {"bravo", 88, 3.0},
    {"golf", 64, 1.125}, {"charlie", 91, 2.5}, {"foxtrot", 77, 0.5}, {"hotel", 83, 4.0},
};

int main(void)
{
    struct rec out[16];
    double w[16];
    int i, n;
    time_t now;
    FILE *f;

    if (write_records("RECORDS.DAT", in, 8) != 8) {
        printf("write failed\n");
        return 1;
    }
    n = read_records("RECORDS.DAT", out, 16);
    printf("read %d records\n", n);
    qsort(out, n, sizeof out[0], by_score);
    for (i = 0; i < n; i++) {
        upcase(out[i].name);
        printf("%-8s %3d %6.3f\n", out[i].name, out[i].score, out[i].weight);
        w[i] = out[i].weight;
    }
    printf("mean %.4f stddev %.4f\n", mean(w, n), stddev(w, n));
    printf("pi %e sqrt2 %g\n", 3.14159265358979, 1.41421356237310);
    f = fopen("REPORT.TXT", "w");
    if (!f)
        return 2;
    for (i = 0; i < n; i++)
        fprintf(f, "%d,%s\n", out[i].score, out[i].name);
    fclose(f);
    f = fopen("REPORT.TXT", "r");
    fseek(f, 0L, SEEK_END);
    printf("report %ld bytes\n", ftell(f));
    fclose(f);
    time(&now);
    printf("time %s\n", now > 315532800L ? "ok" : "bad");
    return 0;
}
