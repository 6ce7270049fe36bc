; test: exit=125
; MOV CR0 with PG set and PE clear in real mode: a real CPU raises #GP,
; QEMU turns paging on, and every fetch then faults through the page
; tables at CR3 with no block between. The run must end with the CPU fault
; status (125) and a message, not loop in the engine.
        org 100h
CR0_PG  equ 80000000h
        mov eax, cr0
        or eax, CR0_PG
        mov cr0, eax
        jmp $
