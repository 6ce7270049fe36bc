/* Shared by the video/ renderers. Not for other modules. */
#ifndef UNIDOS_VIDEO_RENDER_IMPL_H
#define UNIDOS_VIDEO_RENDER_IMPL_H

#include "video/render.h"
#include "video/vga.h"

/* A graphics mode's picture (VGA scan-out or the VESA frame buffer) at its
 * native resolution, with the mouse pointer. */
void vid_render_graphics(const struct vga *v, struct vid_frame *f);

#endif
