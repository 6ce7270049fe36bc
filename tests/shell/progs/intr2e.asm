; INTR2E: runs "ECHO via INT 2Eh" through INT 2Eh, then prints AX.
        cpu     8086
        org     100h
        mov     sp, stack_top
        mov     bx, stack_top + 15
        mov     cl, 4
        shr     bx, cl
        mov     ah, 4Ah
        int     21h
        mov     si, cmd
        int     2Eh
        push    cs
        pop     ds
        mov     dx, done
        mov     ah, 9
        int     21h
        mov     ax, 4C00h
        int     21h
cmd:    db      cmd_end - cmd - 1, "ECHO via INT 2Eh", 13
cmd_end:
done:   db      "back from INT 2Eh", 13, 10, "$"
        align   2
        times   256 db 0
stack_top:
