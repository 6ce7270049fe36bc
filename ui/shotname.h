/* File names for screenshots taken by hand (Ctrl-F5 in the window). */
#ifndef UNIDOS_UI_SHOTNAME_H
#define UNIDOS_UI_SHOTNAME_H

#include <stddef.h>

/* Pick and create (empty, exclusively) a new file for a screenshot of the
 * program titled title: in asked_dir when given, else the pictures
 * directory, else the current directory. Returns 0 and the path in out,
 * or -errno. */
int ui_shot_path(const char *asked_dir, const char *title, char *out, size_t cap);

#endif
