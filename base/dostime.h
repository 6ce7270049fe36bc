/* DOS file dates and times (RBIL INT 21/AX=5700h): the date packs years
 * since 1980, month and day; the time hours, minutes and two-second units. */
#ifndef UNIDOS_BASE_DOSTIME_H
#define UNIDOS_BASE_DOSTIME_H

#include <stdint.h>
#include <time.h>

#define DOS_YEAR0 1980
#define DOS_YEAR_MAX (DOS_YEAR0 + 127)

/* Years outside 1980-2107 are clamped to the range. */
uint16_t dos_date_pack(int year, int month, int day);
uint16_t dos_time_pack(int hour, int min, int sec);

/* The same from a broken-down time (struct tm counts years from 1900 and
 * months from 0). */
uint16_t dos_date_of_tm(const struct tm *t);
uint16_t dos_time_of_tm(const struct tm *t);

#endif
