/* DOS file dates and times. */
#include "base/dostime.h"

#include "base/common.h"

#define TM_YEAR0 1900

uint16_t dos_date_pack(int year, int month, int day)
{
    int y = MIN(MAX(year, DOS_YEAR0), DOS_YEAR_MAX) - DOS_YEAR0;
    return (uint16_t)(y << 9 | month << 5 | day);
}

uint16_t dos_time_pack(int hour, int min, int sec)
{
    return (uint16_t)(hour << 11 | min << 5 | sec / 2);
}

uint16_t dos_date_of_tm(const struct tm *t)
{
    return dos_date_pack(t->tm_year + TM_YEAR0, t->tm_mon + 1, t->tm_mday);
}

uint16_t dos_time_of_tm(const struct tm *t)
{
    return dos_time_pack(t->tm_hour, t->tm_min, t->tm_sec);
}
