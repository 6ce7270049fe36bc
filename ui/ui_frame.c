/* Frames for the frontends (only what changed is drawn again), the
 * screen as text, and screenshots. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/shotname.h"
#include "ui/ui_impl.h"
#include "base/common.h"
#include "bios/bda.h"
#include "video/png.h"

/* ui_frame.c */
static struct vid_text *ui_snapshot(struct ui *u)
{
    if (!u->text)
        u->text = xcalloc(1, sizeof *u->text);
    vid_text_snapshot(u->vga, u->mem, u->text);
    return u->text;
}

static struct vid_frame *frame_render(struct ui *u, struct vid_phase ph)
{
    if (!u->frame)
        u->frame = xcalloc(1, sizeof *u->frame);
    vid_render(u->vga, u->mem, ph, u->frame);
    return u->frame;
}

/* Text rows [*r0, *r1) whose pixels differ from what the pixel frontend
 * shows: changed cells, the cursor's rows when it moved or blinked,
 * blinking characters when their phase turned. Everything when the mode,
 * colours or size changed. Returns false when nothing changed. */
static bool dirty_rows(const struct vid_text *was, struct vid_phase was_ph,
                       const struct vid_text *t, struct vid_phase ph, unsigned *r0,
                       unsigned *r1)
{
    *r0 = t->rows;
    *r1 = 0;
    if (was->cols != t->cols || was->rows != t->rows || was->char_height != t->char_height ||
        was->blink != t->blink || was->graphics != t->graphics ||
        was->codepage != t->codepage || memcmp(was->rgb, t->rgb, sizeof t->rgb)) {
        *r0 = 0;
        *r1 = t->rows;
        return true;
    }
    bool cursor_moved = was->cursor_col != t->cursor_col || was->cursor_row != t->cursor_row ||
                        was->cursor_visible != t->cursor_visible ||
                        (t->cursor_visible && was_ph.cursor_on != ph.cursor_on);
    for (unsigned r = 0; r < t->rows; r++) {
        const uint16_t *a = &was->cell[r * t->cols], *b = &t->cell[r * t->cols];
        bool dirty = memcmp(a, b, t->cols * sizeof *a) != 0;
        dirty |= cursor_moved && (r == was->cursor_row || r == t->cursor_row);
        for (unsigned c = 0; !dirty && t->blink && was_ph.text_on != ph.text_on && c < t->cols;
             c++)
            dirty = b[c] & 0x8000;
        if (dirty) {
            *r0 = MIN(*r0, r);
            *r1 = r + 1;
        }
    }
    return *r1 > *r0;
}

/* Graphics: drawn again only when the VGA changed (vga_generation), and
 * handed on only when pixels did; dirty lines are those that differ from
 * the picture shown last. False when nothing is to be shown. */
static bool present_graphics(struct ui *u, struct ui_screen *s, bool force)
{
    uint64_t gen = vga_generation(u->vga);
    if (!force && u->shown_graphics && gen == u->shown_gen)
        return false;
    u->shown_gen = gen;
    struct vid_frame *f = frame_render(u, VID_PHASE_STILL), *p;
    if (!u->prev)
        u->prev = xcalloc(1, sizeof *u->prev);
    p = u->prev;
    unsigned y0 = 0, y1 = f->height;
    if (!force && u->shown_graphics && p->width == f->width && p->height == f->height) {
        y0 = f->height;
        y1 = 0;
        for (unsigned y = 0; y < f->height; y++)
            if (memcmp(&p->px[(size_t)y * f->width], &f->px[(size_t)y * f->width],
                       f->width * sizeof f->px[0])) {
                y0 = MIN(y0, y);
                y1 = y + 1;
            }
        if (y1 <= y0)
            return false;
    }
    p->width = f->width;
    p->height = f->height;
    memcpy(&p->px[(size_t)y0 * f->width], &f->px[(size_t)y0 * f->width],
           (size_t)(y1 - y0) * f->width * sizeof f->px[0]);
    u->shown_graphics = true;
    if (u->shown)
        u->shown->graphics = true; /* back in text, everything is redrawn */
    s->frame = f;
    s->dirty_y0 = y0;
    s->dirty_y1 = y1;
    return true;
}

/* Pixels are drawn again only where something changed: an idle screen
 * costs a snapshot per frame, a blinking cursor one row. */
void ui_present(struct ui *u, uint64_t now_ns, bool force)
{
    struct ui_screen s = {ui_snapshot(u),
                          NULL,
                          0,
                          0,
                          now_ns,
                          mem_rd8(u->mem, BDA_LIN + BDA_VIDEO_MODE),
                          u->bios && bios_mouse_used(u->bios)};
    if (s.text->graphics) {
        if (!present_graphics(u, &s, force))
            return;
    } else if (u->fe.ops->wants_pixels) {
        u->shown_graphics = false;
        struct vid_phase ph = vid_phase_at(now_ns, vga_frame_ns(u->vga));
        unsigned r0 = 0, r1 = s.text->rows;
        if (!u->shown || force) {
            if (!u->shown)
                u->shown = xcalloc(1, sizeof *u->shown);
            frame_render(u, ph);
        } else if (!dirty_rows(u->shown, u->shown_phase, s.text, ph, &r0, &r1)) {
            return;
        } else if (r0 == 0 && r1 == s.text->rows) {
            frame_render(u, ph);
        } else {
            vid_render_rows(u->vga, u->mem, ph, u->frame, r0, r1);
        }
        memcpy(u->shown, s.text, sizeof *s.text);
        u->shown_phase = ph;
        s.frame = u->frame;
        s.dirty_y0 = MIN(r0 * s.text->char_height, u->frame->height);
        s.dirty_y1 = MIN(r1 * s.text->char_height, u->frame->height);
        if (r0 == 0 && r1 == s.text->rows)
            s.dirty_y1 = u->frame->height;
    }
    u->fe.ops->present(u->fe.self, &s);
}

void ui_on_frame(void *ctx, uint64_t now_ns)
{
    struct ui *u = ctx;
    if (u->fe_open)
        ui_present(u, now_ns, false);
}

int ui_save_text(struct ui *u, const char *path)
{
    static char buf[VID_TEXT_MAX_ROWS * (VID_TEXT_MAX_COLS * 3 + 1) + 1];
    size_t n = vid_text_dump(ui_snapshot(u), buf, sizeof buf);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -errno;
    bool ok = fwrite(buf, 1, n, f) == n;
    if (fclose(f) != 0 || !ok)
        return -EIO;
    return 0;
}

/* The picture with blinking parts shown (cursor and blinking text on),
 * so the same screen gives the same file every time. */
int ui_screenshot(struct ui *u, const char *path, bool aspect)
{
    struct vid_frame *f = frame_render(u, VID_PHASE_STILL);
    if (!aspect)
        return vid_png_write(path, f->px, f->width, f->height, f->width);
    struct vid_frame *a = xcalloc(1, sizeof *a);
    vid_frame_aspect(f, a);
    int rc = vid_png_write(path, a->px, a->width, a->height, a->width);
    free(a);
    return rc;
}

void ui_save_shot(struct ui *u)
{
    char path[PATH_MAX];
    int rc = ui_shot_path(u->cfg.shot_dir, u->cfg.title, path, sizeof path);
    if (rc < 0)
        warn("cannot save a screenshot: %s", strerror(-rc));
    else if (ui_screenshot(u, path, false) < 0)
        warn("cannot write the screenshot %s", path);
    else
        warn("screenshot saved as %s", path);
}

const struct vid_text *ui_screen_text(struct ui *u)
{
    return ui_snapshot(u);
}
