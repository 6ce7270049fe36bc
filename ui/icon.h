/* unidos' icon, drawn here at any size: a PC monitor showing a DOS
 * prompt. The window shows it; `make` also writes it as PNG files in a
 * few sizes (tools/mkicon) for desktops to install. */
#ifndef UNIDOS_UI_ICON_H
#define UNIDOS_UI_ICON_H

#include <stdint.h>

#define UI_ICON_WINDOW_SIZE 64 /* what the window gives the desktop */

/* Draw the size x size icon into px (0xAARRGGBB, straight alpha, row after
 * row). */
void ui_icon_draw(unsigned size, uint32_t *px);

#endif
