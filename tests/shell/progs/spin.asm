; SPIN: loops forever without a DOS or BIOS call (nothing can sense Ctrl-C).
        cpu     8086
        org     100h
again:  jmp     again
