/* A queue of timestamped device events (register writes, level changes,
 * MIDI bytes) waiting to be rendered at their exact frame positions. */
#ifndef UNIDOS_AUDIO_EVQ_H
#define UNIDOS_AUDIO_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUD_EVQ_CAP 1024u /* power of two; a full queue forces a mix */

struct aud_event {
    uint64_t sub; /* time in subframes (audio/mixer.h) */
    uint64_t x;
    uint32_t a, b;
};

struct aud_evq {
    struct aud_event ev[AUD_EVQ_CAP];
    uint32_t head, tail; /* free-running: tail - head = count */
};

static inline bool aud_evq_full(const struct aud_evq *q)
{
    return q->tail - q->head == AUD_EVQ_CAP;
}

/* The next event due before end_sub, or NULL. */
static inline const struct aud_event *aud_evq_due(const struct aud_evq *q, uint64_t end_sub)
{
    if (q->head == q->tail)
        return NULL;
    const struct aud_event *e = &q->ev[q->head & (AUD_EVQ_CAP - 1)];
    return e->sub < end_sub ? e : NULL;
}

static inline void aud_evq_pop(struct aud_evq *q)
{
    q->head++;
}

/* Append; the caller makes room first (aud_evq_full, then mix). */
static inline void aud_evq_push(struct aud_evq *q, const struct aud_event *e)
{
    q->ev[q->tail++ & (AUD_EVQ_CAP - 1)] = *e;
}

#endif
