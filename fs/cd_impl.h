/* CD image internals shared by fs/cdimage.c, fs/cd_afile.c and
 * fs/drive_cd.c. */
#ifndef UNIDOS_FS_CD_IMPL_H
#define UNIDOS_FS_CD_IMPL_H

#include "fs/cd.h"

/* A decoded audio file (fs/cd_afile.c). */
struct cd_afile;
int cd_afile_open(const char *path, struct cd_afile **out, char *why, size_t cap);
uint64_t cd_afile_frames(const struct cd_afile *a);
/* n stereo samples from frame (zeros past the end). */
int cd_afile_read(struct cd_afile *a, uint64_t frame, int16_t *out, uint32_t n);
void cd_afile_close(struct cd_afile *a);

#endif
