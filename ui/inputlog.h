/* Host input in deterministic runs. Keys from a window or terminal (and
 * bytes from a terminal on stdin) arrive whenever the person types; they
 * are queued and handed to the machine only at input points (between CPU
 * slices; point n is the n-th time the run loop looks), which a
 * deterministic run reaches at the same instruction every time. --record
 * writes each event with its point and machine time; --replay hands the
 * logged events over at the same points instead of the host's.
 *
 * The log is text, one event per line after a "# unidos input log 1"
 * header and "# stdin: terminal|other":
 *   POINT NS key CODE down|up     set-1 scan code (hex; 1xx: E0 prefix)
 *   POINT NS char HEX             a character no key types (in the machine's code page)
 *   POINT NS stdin HEX...         bytes from a terminal on stdin
 *   POINT NS eof                  stdin ended
 *   POINT NS mouse X Y abs|rel B  a position (INT 33h coordinates) or motion
 *                                 (mickeys) and the buttons held (hex)
 *   POINT NS quit                 the person closed the window or pressed Ctrl-F12 */
#ifndef UNIDOS_UI_INPUTLOG_H
#define UNIDOS_UI_INPUTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IL_BYTES_MAX 64

enum il_kind { IL_KEY, IL_CHAR, IL_STDIN, IL_EOF, IL_QUIT, IL_MOUSE };

struct il_event {
    enum il_kind kind;
    unsigned code; /* IL_KEY: UI key code; IL_CHAR: the byte; IL_MOUSE: buttons */
    bool down;     /* IL_KEY */
    int x, y;      /* IL_MOUSE: position or motion (ui_mouse) */
    bool absolute;
    uint8_t bytes[IL_BYTES_MAX]; /* IL_STDIN */
    size_t n;
    uint64_t point, ns; /* when it was handed over (logs) */
};

struct inputlog;

/* Live input, recorded to record_path when not NULL. NULL (why set) when
 * the file cannot be created. */
struct inputlog *il_new_live(const char *record_path, const char *program, bool stdin_fed,
                             char *why, size_t why_cap);
/* Input from a log; NULL (why set, with the line) when it cannot be read. */
struct inputlog *il_new_replay(const char *path, char *why, size_t why_cap);
void il_free(struct inputlog *l);
bool il_replaying(const struct inputlog *l);

/* The host delivered e (live: queued; replay: ignored). */
void il_push(struct inputlog *l, const struct il_event *e);

/* Input point `point` at machine time ns: the next event to hand over, if
 * any (call until false). Live: the queue, logged when recording; replay:
 * the logged events of this point. */
bool il_take(struct inputlog *l, uint64_t point, uint64_t ns, struct il_event *out);

/* Replay: stdin was a terminal read at input points when recorded (then
 * the replay takes it from the log, else from its own stdin). */
bool il_stdin_fed(const struct inputlog *l);

/* Replay: true once every logged event was handed over. */
bool il_replay_done(const struct inputlog *l);

#endif
