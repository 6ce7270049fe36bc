/* CD images: the track layout from a CUE sheet (or the one track of an
 * ISO or BIN file), and sector and audio reads by disc address. Each FILE
 * of a sheet follows the previous one on the disc; PREGAP and POSTGAP add
 * silence that is in no file. */
#include "fs/cd_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "base/doserr.h"
#include "base/log.h"
#include "fs/image.h"

#define CUE_MAX_BYTES (64u << 10)
#define RAW_MODE_OFF 15u
#define MODE1_DATA_OFF 16u
#define MODE2_DATA_OFF 24u
#define MODE2_2336_DATA_OFF 8u
#define ISO_PVD_SECTOR 16u
#define MSF_OFFSET 150u /* sector 0 is 00:02:00 */

struct cd_file {
    char *path;
    enum fs_cue_ftype type;
    int fd; /* raw files, else -1 */
    uint64_t bytes;
    uint32_t sectors;    /* its length on the disc */
    struct cd_afile *af; /* decoded audio files */
};

struct cd_track {
    struct fs_cd_track pub;
    enum fs_cue_mode mode;
    uint16_t sector_bytes;
    unsigned file;
    int64_t frame0; /* LBA of the file's first frame, as this track sees it */
    uint32_t from;  /* first LBA that reads from this track's file region */
};

struct fs_cd {
    struct cd_file files[FS_CUE_MAX_FILES];
    unsigned nfiles;
    struct cd_track tracks[FS_CUE_MAX_TRACKS];
    unsigned ntracks;
    uint32_t leadout;
};

/* ---- files ---- */

/* The file a sheet names: its name part in the sheet's directory, with
 * any case. */
static int find_file(const char *cue_path, const char *name, char **out)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", cue_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = 0;
    else
        snprintf(dir, sizeof dir, "./");
    const char *base = fs_cue_basename(name);
    if (!base[0] || !strcmp(base, ".") || !strcmp(base, ".."))
        return -DOSERR_FILE_NOT_FOUND;
    char *p = xasprintf("%s%s", dir, base);
    struct stat s;
    if (stat(p, &s) == 0 && S_ISREG(s.st_mode)) {
        *out = p;
        return 0;
    }
    free(p);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcasecmp(e->d_name, base))
            continue;
        p = xasprintf("%s%s", dir, e->d_name);
        closedir(d);
        if (stat(p, &s) == 0 && S_ISREG(s.st_mode)) {
            *out = p;
            return 0;
        }
        free(p);
        return -DOSERR_FILE_NOT_FOUND;
    }
    if (d)
        closedir(d);
    return -DOSERR_FILE_NOT_FOUND;
}

static int open_raw(struct cd_file *f)
{
    struct stat s;
    f->fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0)
        return -(int)doserr_from_errno(errno);
    if (fstat(f->fd, &s) < 0 || !S_ISREG(s.st_mode))
        return -DOSERR_ACCESS_DENIED;
    f->bytes = (uint64_t)s.st_size;
    return 0;
}

static int open_file(struct fs_cd *cd, unsigned i, uint16_t sector_bytes, char *why, size_t cap)
{
    struct cd_file *f = &cd->files[i];
    if (f->type == FS_CUE_AUDIO) {
        int rc = cd_afile_open(f->path, &f->af, why, cap);
        uint64_t n = rc < 0 ? 0 : cd_afile_frames(f->af);
        f->sectors = (uint32_t)MIN((n + FS_CD_SAMPLES_PER_SECTOR - 1) /
                                       FS_CD_SAMPLES_PER_SECTOR,
                                   (uint64_t)UINT32_MAX / 2);
        return rc;
    }
    int rc = open_raw(f);
    if (rc < 0) {
        snprintf(why, cap, "%s: cannot open it", f->path);
        return rc;
    }
    f->sectors = (uint32_t)MIN(f->bytes / sector_bytes, (uint64_t)UINT32_MAX / 2);
    return 0;
}

/* ---- layout ---- */

/* Sector size of file i (every track in a raw file has the same one). */
static int file_sector_bytes(const struct fs_cue *cue, unsigned i, uint16_t *out, char *why,
                             size_t cap)
{
    *out = 0;
    for (unsigned t = 0; t < cue->ntracks; t++) {
        if (cue->tracks[t].file != i)
            continue;
        if (*out && *out != cue->tracks[t].sector_bytes) {
            snprintf(why, cap, "%s: tracks of different sector sizes in one file",
                     cue->files[i].name);
            return -DOSERR_INVALID_DATA;
        }
        *out = cue->tracks[t].sector_bytes;
    }
    if (!*out) {
        snprintf(why, cap, "%s: a FILE without a TRACK", cue->files[i].name);
        return -DOSERR_INVALID_DATA;
    }
    return 0;
}

static int open_files(struct fs_cd *cd, const struct fs_cue *cue, const char *cue_path,
                      char *why, size_t cap)
{
    for (unsigned i = 0; i < cue->nfiles; i++) {
        struct cd_file *f = &cd->files[i];
        uint16_t sb;
        f->fd = -1;
        f->type = cue->files[i].type;
        cd->nfiles = i + 1;
        int rc = file_sector_bytes(cue, i, &sb, why, cap);
        if (rc < 0)
            return rc;
        if ((rc = find_file(cue_path, cue->files[i].name, &f->path)) < 0) {
            snprintf(why, cap, "the CUE sheet names '%s': no such file beside it",
                     cue->files[i].name);
            return rc;
        }
        if ((rc = open_file(cd, i, sb, why, cap)) < 0)
            return rc;
    }
    return 0;
}

/* Every track starts inside its file (a sheet may say anything). */
static int check_tracks(const struct fs_cd *cd, const struct fs_cue *cue, char *why, size_t cap)
{
    for (unsigned i = 0; i < cue->ntracks; i++) {
        const struct fs_cue_track *ct = &cue->tracks[i];
        if ((uint32_t)ct->index1 >= cd->files[ct->file].sectors &&
            cd->files[ct->file].sectors) {
            snprintf(why, cap, "track %u starts at sector %d, past the end of %s (%u sectors)",
                     ct->number, ct->index1, cue->files[ct->file].name,
                     cd->files[ct->file].sectors);
            return -DOSERR_INVALID_DATA;
        }
        if (!cd->files[ct->file].sectors) {
            snprintf(why, cap, "%s holds no whole sector", cue->files[ct->file].name);
            return -DOSERR_INVALID_DATA;
        }
    }
    return 0;
}

/* Disc addresses of every track. */
static void layout(struct fs_cd *cd, const struct fs_cue *cue)
{
    int64_t base = 0, gap = 0;
    unsigned file = 0;
    for (unsigned i = 0; i < cue->ntracks; i++) {
        const struct fs_cue_track *ct = &cue->tracks[i];
        struct cd_track *t = &cd->tracks[i];
        for (; file < ct->file; file++)
            base += cd->files[file].sectors;
        gap += ct->pregap;
        t->mode = ct->mode;
        t->sector_bytes = ct->sector_bytes;
        t->file = ct->file;
        t->frame0 = base + gap;
        t->pub.number = ct->number;
        t->pub.audio = ct->mode == FS_CUE_MODE_AUDIO;
        t->pub.start = (uint32_t)(t->frame0 + ct->index1);
        t->from = (uint32_t)(t->frame0 + (ct->index0 >= 0 ? ct->index0 : ct->index1));
        gap += ct->postgap;
    }
    for (; file < cue->nfiles; file++)
        base += cd->files[file].sectors;
    cd->ntracks = cue->ntracks;
    cd->leadout = (uint32_t)MAX(base + gap, (int64_t)cd->tracks[cd->ntracks - 1].pub.start);
    for (unsigned i = 0; i < cd->ntracks; i++) {
        uint32_t end = i + 1 < cd->ntracks ? cd->tracks[i + 1].pub.start : cd->leadout;
        cd->tracks[i].pub.length = end > cd->tracks[i].pub.start ? end - cd->tracks[i].pub.start
                                                                 : 0;
    }
}

/* ---- opening ---- */

static int read_cue(const char *path, struct fs_cue *cue, char *why, size_t cap)
{
    char *text = xmalloc(CUE_MAX_BYTES);
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(text, 1, CUE_MAX_BYTES, f) : 0;
    if (f)
        fclose(f);
    int rc = !f ? -DOSERR_FILE_NOT_FOUND : n == CUE_MAX_BYTES ? -DOSERR_INVALID_DATA : 0;
    if (rc < 0)
        snprintf(why, cap, "cannot read the CUE sheet (or it is over 64 KiB)");
    else
        rc = fs_cue_parse(text, n, cue, why, cap);
    free(text);
    return rc;
}

/* A lone ISO or BIN file: one data track. */
static void single_track(const char *path, int kind, struct fs_cue *cue)
{
    memset(cue, 0, sizeof *cue);
    snprintf(cue->files[0].name, sizeof cue->files[0].name, "%s", fs_cue_basename(path));
    cue->nfiles = 1;
    enum fs_cue_mode mode = FS_CUE_MODE1_2048;
    if (kind == FS_IMAGE_BIN) {
        uint8_t m = 0;
        FILE *f = fopen(path, "rb");
        if (f &&
            fseek(f, (long)(ISO_PVD_SECTOR * FS_CD_RAW_BYTES + RAW_MODE_OFF), SEEK_SET) == 0 &&
            fread(&m, 1, 1, f) == 1 && m == 2)
            mode = FS_CUE_MODE2_2352;
        else
            mode = FS_CUE_MODE1_2352;
        if (f)
            fclose(f);
    }
    cue->tracks[0] = (struct fs_cue_track){.number = 1,
                                           .mode = mode,
                                           .sector_bytes = mode == FS_CUE_MODE1_2048
                                                               ? FS_CD_DATA_BYTES
                                                               : FS_CD_RAW_BYTES,
                                           .index0 = -1,
                                           .index1 = 0};
    cue->ntracks = 1;
}

int fs_cd_open(const char *path, int kind, struct fs_cd **out, char *why, size_t cap)
{
    struct fs_cue *cue = xmalloc(sizeof *cue);
    int rc = 0;
    if (kind == FS_IMAGE_CUE)
        rc = read_cue(path, cue, why, cap);
    else
        single_track(path, kind, cue);
    struct fs_cd *cd = xcalloc(1, sizeof *cd);
    if (rc == 0)
        rc = open_files(cd, cue, path, why, cap);
    if (rc == 0)
        rc = check_tracks(cd, cue, why, cap);
    if (rc == 0)
        layout(cd, cue);
    free(cue);
    if (rc < 0) {
        fs_cd_free(cd);
        return rc;
    }
    LOG(LOG_FS, "%s: %u tracks, lead-out at %u", path, cd->ntracks, cd->leadout);
    *out = cd;
    return 0;
}

void fs_cd_free(struct fs_cd *cd)
{
    if (!cd)
        return;
    for (unsigned i = 0; i < cd->nfiles; i++) {
        if (cd->files[i].fd >= 0)
            close(cd->files[i].fd);
        cd_afile_close(cd->files[i].af);
        free(cd->files[i].path);
    }
    free(cd);
}

/* ---- reading ---- */

unsigned fs_cd_ntracks(const struct fs_cd *cd)
{
    return cd->ntracks;
}

const struct fs_cd_track *fs_cd_track(const struct fs_cd *cd, unsigned i)
{
    return i < cd->ntracks ? &cd->tracks[i].pub : NULL;
}

uint32_t fs_cd_leadout(const struct fs_cd *cd)
{
    return cd->leadout;
}

int fs_cd_track_at(const struct fs_cd *cd, uint32_t lba)
{
    if (lba >= cd->leadout)
        return -1;
    for (unsigned i = cd->ntracks; i-- > 0;)
        if (cd->tracks[i].from <= lba)
            return (int)i;
    return 0;
}

int fs_cd_data_file(const struct fs_cd *cd, const char **path, uint64_t *offset)
{
    for (unsigned i = 0; i < cd->ntracks; i++) {
        const struct cd_track *t = &cd->tracks[i];
        if (t->pub.audio || cd->files[t->file].fd < 0)
            continue;
        *path = cd->files[t->file].path;
        *offset = (uint64_t)(t->pub.start - t->frame0) * t->sector_bytes;
        return 0;
    }
    return -DOSERR_FILE_NOT_FOUND;
}

/* Bytes of sector lba in its track's file: the track, the file offset. */
static int locate(const struct fs_cd *cd, uint32_t lba, const struct cd_track **t,
                  int64_t *frame)
{
    int i = fs_cd_track_at(cd, lba);
    if (i < 0)
        return -DOSERR_READ_FAULT;
    *t = &cd->tracks[i];
    *frame = (int64_t)lba - (*t)->frame0;
    return 0;
}

static int pread_all(int fd, void *buf, size_t n, uint64_t off)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = pread(fd, (uint8_t *)buf + done, n - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -DOSERR_READ_FAULT;
        done += (size_t)r;
    }
    return 0;
}

static unsigned data_offset(enum fs_cue_mode m)
{
    switch (m) {
    case FS_CUE_MODE1_2352:
        return MODE1_DATA_OFF;
    case FS_CUE_MODE2_2352:
        return MODE2_DATA_OFF;
    case FS_CUE_MODE2_2336:
        return MODE2_2336_DATA_OFF;
    default:
        return 0;
    }
}

int fs_cd_read_data(struct fs_cd *cd, uint32_t lba, uint8_t buf[FS_CD_DATA_BYTES])
{
    const struct cd_track *t;
    int64_t frame;
    int rc = locate(cd, lba, &t, &frame);
    if (rc < 0)
        return rc;
    const struct cd_file *f = &cd->files[t->file];
    if (t->pub.audio || f->fd < 0 || frame < 0 || frame >= f->sectors)
        return -DOSERR_READ_FAULT;
    return pread_all(f->fd, buf, FS_CD_DATA_BYTES,
                     (uint64_t)frame * t->sector_bytes + data_offset(t->mode));
}

static uint8_t bcd(unsigned v)
{
    return (uint8_t)((v / 10) << 4 | v % 10);
}

int fs_cd_read_raw(struct fs_cd *cd, uint32_t lba, uint8_t buf[FS_CD_RAW_BYTES])
{
    const struct cd_track *t;
    int64_t frame;
    int rc = locate(cd, lba, &t, &frame);
    if (rc < 0)
        return rc;
    const struct cd_file *f = &cd->files[t->file];
    if (f->fd >= 0 && t->sector_bytes == FS_CD_RAW_BYTES && frame >= 0 && frame < f->sectors)
        return pread_all(f->fd, buf, FS_CD_RAW_BYTES, (uint64_t)frame * FS_CD_RAW_BYTES);
    if (t->pub.audio) {
        int16_t pcm[FS_CD_SAMPLES_PER_SECTOR * 2];
        rc = fs_cd_read_audio(cd, (uint64_t)lba * FS_CD_SAMPLES_PER_SECTOR, pcm,
                              FS_CD_SAMPLES_PER_SECTOR);
        memcpy(buf, pcm, FS_CD_RAW_BYTES);
        return rc;
    }
    memset(buf, 0, FS_CD_RAW_BYTES); /* a mode 1 sector around the data */
    memset(buf + 1, 0xFF, 10);
    uint32_t a = lba + MSF_OFFSET;
    buf[12] = bcd(a / (60 * FS_CD_FRAMES_PER_SEC));
    buf[13] = bcd(a / FS_CD_FRAMES_PER_SEC % 60);
    buf[14] = bcd(a % FS_CD_FRAMES_PER_SEC);
    buf[15] = 1;
    return fs_cd_read_data(cd, lba, buf + MODE1_DATA_OFF);
}

/* Audio of one track's file: n samples from sample position pos. */
static int track_audio(struct fs_cd *cd, const struct cd_track *t, uint64_t pos, int16_t *out,
                       uint32_t n)
{
    const struct cd_file *f = &cd->files[t->file];
    int64_t s = (int64_t)pos - t->frame0 * (int64_t)FS_CD_SAMPLES_PER_SECTOR;
    memset(out, 0, (size_t)n * 4);
    if (s < 0 || !t->pub.audio)
        return 0;
    if (f->af)
        return cd_afile_read(f->af, (uint64_t)s, out, n);
    uint64_t off = (uint64_t)s * 4, end = (uint64_t)f->sectors * FS_CD_RAW_BYTES;
    if (off >= end)
        return 0;
    uint32_t k = (uint32_t)MIN((uint64_t)n * 4, end - off);
    int rc = pread_all(f->fd, out, k, off);
    if (rc == 0 && f->type == FS_CUE_MOTOROLA) {
        uint8_t *b = (uint8_t *)out;
        for (uint32_t i = 0; i + 1 < k; i += 2) {
            uint8_t x = b[i];
            b[i] = b[i + 1];
            b[i + 1] = x;
        }
    }
    return rc;
}

int fs_cd_read_audio(struct fs_cd *cd, uint64_t pos, int16_t *out, uint32_t n)
{
    while (n) {
        uint32_t lba = (uint32_t)MIN(pos / FS_CD_SAMPLES_PER_SECTOR, (uint64_t)UINT32_MAX);
        int i = fs_cd_track_at(cd, lba);
        if (i < 0) {
            memset(out, 0, (size_t)n * 4);
            return 0;
        }
        uint32_t end = i + 1 < (int)cd->ntracks ? cd->tracks[i + 1].from : cd->leadout;
        uint64_t stop = (uint64_t)end * FS_CD_SAMPLES_PER_SECTOR;
        uint32_t k = (uint32_t)MIN((uint64_t)n, stop > pos ? stop - pos : 1);
        int rc = track_audio(cd, &cd->tracks[i], pos, out, k);
        if (rc < 0)
            return rc;
        out += 2 * (size_t)k;
        pos += k;
        n -= k;
    }
    return 0;
}
