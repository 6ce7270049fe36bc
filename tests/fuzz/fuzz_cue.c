/* Fuzz target: CUE sheets. The input is a sheet; the files it may name
 * exist beside it in a private directory (A.BIN raw sectors, B.BIN
 * 2048-byte sectors, C.WAV a short WAV file, D.RAW an odd size), anything
 * else is missing. The sheet is parsed, and when it is valid the CD image
 * is laid out and read the way MSCDEX and CD audio read it: data and raw
 * sectors and audio samples around every track's start, the lead-out and
 * past it.
 *
 * Invariants: no sanitizer report; a parsed sheet has tracks numbered
 * upward with an INDEX 01 each; the image's tracks start in order at or
 * before the lead-out; nothing but the sheet's own directory is opened
 * (a name with a path is looked up by its last part there); no host
 * descriptor left open. */
#include <stdio.h>
#include <string.h>

#include "base/bytes.h"
#include "base/doserr.h"
#include "fs/cd.h"
#include "fs/cue.h"
#include "fs/image.h"
#include "tests/fuzz/fz.h"

#define RAW_SECTORS 24
#define WAV_SAMPLES 3000

static char g_cue[PATH_MAX];

static void write_wav(void)
{
    static uint8_t w[44 + WAV_SAMPLES * 4];
    memcpy(w, "RIFF", 4);
    put_le32(w + 4, sizeof w - 8);
    memcpy(w + 8, "WAVEfmt ", 8);
    put_le32(w + 16, 16);
    put_le16(w + 20, 1);
    put_le16(w + 22, 2);
    put_le32(w + 24, 44100);
    put_le32(w + 28, 44100 * 4);
    put_le16(w + 32, 4);
    put_le16(w + 34, 16);
    memcpy(w + 36, "data", 4);
    put_le32(w + 40, WAV_SAMPLES * 4);
    for (int i = 0; i < WAV_SAMPLES * 2; i++)
        put_le16(w + 44 + 2 * i, (uint16_t)(i * 97));
    fz_write("cd/C.WAV", w, sizeof w);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static uint8_t raw[RAW_SECTORS * FS_CD_RAW_BYTES];
    (void)argc;
    (void)argv;
    fz_tree_init();
    fz_mkdir("cd");
    for (size_t i = 0; i < sizeof raw; i++)
        raw[i] = (uint8_t)(i % 251);
    fz_write("cd/A.BIN", raw, sizeof raw);
    fz_write("cd/B.BIN", raw, RAW_SECTORS * FS_CD_DATA_BYTES);
    fz_write("cd/D.RAW", raw, 12345);
    write_wav();
    fz_path("cd/sheet.cue", g_cue);
    return 0;
}

static void read_around(struct fs_cd *cd, uint32_t lba)
{
    static uint8_t sec[FS_CD_RAW_BYTES];
    static int16_t pcm[FS_CD_SAMPLES_PER_SECTOR * 2 * 2];
    for (uint32_t d = 0; d < 3; d++) {
        uint32_t a = lba + d - 1;
        fs_cd_read_data(cd, a, sec);
        fs_cd_read_raw(cd, a, sec);
        fs_cd_read_audio(cd, (uint64_t)a * FS_CD_SAMPLES_PER_SECTOR + 100, pcm,
                         FS_CD_SAMPLES_PER_SECTOR * 2);
        fs_cd_track_at(cd, a);
    }
}

static void check_layout(struct fs_cd *cd)
{
    uint32_t lead = fs_cd_leadout(cd), prev = 0;
    FZ_CHECK(fs_cd_ntracks(cd) >= 1, "an image without tracks");
    for (unsigned i = 0; i < fs_cd_ntracks(cd); i++) {
        const struct fs_cd_track *t = fs_cd_track(cd, i);
        FZ_CHECK(t->start >= prev && t->start <= lead, "track %u starts at %u (lead-out %u)",
                 t->number, t->start, lead);
        FZ_CHECK((uint64_t)t->start + t->length <= lead, "track %u runs past the lead-out",
                 t->number);
        prev = t->start;
        read_around(cd, t->start);
    }
    read_around(cd, lead);
    read_around(cd, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fs_cue cue;
    char why[256];
    fz_fd_baseline();
    if (fs_cue_parse((const char *)data, size, &cue, why, sizeof why) == 0) {
        for (unsigned i = 0; i < cue.ntracks; i++) {
            FZ_CHECK(cue.tracks[i].index1 >= 0, "track %u without INDEX 01", i);
            FZ_CHECK(i == 0 || cue.tracks[i].number > cue.tracks[i - 1].number, "track order");
            FZ_CHECK(cue.tracks[i].file < cue.nfiles, "track %u in no file", i);
        }
        fz_write("cd/sheet.cue", data, size);
        struct fs_cd *cd;
        if (fs_cd_open(g_cue, FS_IMAGE_CUE, &cd, why, sizeof why) == 0) {
            check_layout(cd);
            fs_cd_free(cd);
        }
    }
    fz_fd_check_none();
    fz_alloc_check_none();
    return 0;
}
