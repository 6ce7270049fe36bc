/* Shared declarations of the unit test runner: one Check suite per module. */
#ifndef UNIDOS_TESTS_UNIT_UNIT_H
#define UNIDOS_TESTS_UNIT_UNIT_H

#include <check.h>

/* Every suite, in run order. Add a line when adding tests/unit/test_X.c. */
#define UNIT_SUITES(X)                                                                         \
    X(loader)                                                                                  \
    X(mcb)                                                                                     \
    X(psp)                                                                                     \
    X(mem)                                                                                     \
    X(strop)                                                                                   \
    X(io)                                                                                      \
    X(pic)                                                                                     \
    X(pit)                                                                                     \
    X(dma)                                                                                     \
    X(audio)                                                                                   \
    X(intr)                                                                                    \
    X(path)                                                                                    \
    X(video)                                                                                   \
    X(screentext)                                                                              \
    X(gfx)                                                                                     \
    X(kbd)                                                                                     \
    X(names)                                                                                   \
    X(sandbox)                                                                                 \
    X(dosfile)                                                                                 \
    X(dostab)                                                                                  \
    X(zip)                                                                                     \
    X(image)                                                                                   \
    X(hostdir)                                                                                 \
    X(shell)                                                                                   \
    X(config)                                                                                  \
    X(regress)                                                                                 \
    X(x86)                                                                                     \
    X(x86pm)                                                                                   \
    X(dpmi)                                                                                    \
    X(cpu)                                                                                     \
    X(desk)                                                                                    \
    X(hostile)

#define UNIT_DECLARE_(name) Suite *suite_##name(void);
UNIT_SUITES(UNIT_DECLARE_)
#undef UNIT_DECLARE_

#endif
