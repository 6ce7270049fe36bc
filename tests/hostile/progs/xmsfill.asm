; Takes all XMS memory the driver has and writes every KiB of it, then all
; EMS pages, writing each. Exit 0 when it worked; host memory use is what
; the test looks at (it must stay bounded by --xms/--ems).
        org 100h
        mov ax, 4300h
        int 2Fh
        cmp al, 80h
        jne noxms
        mov ax, 4310h
        int 2Fh
        mov [xms], bx
        mov [xms + 2], es
        mov ah, 08h             ; largest free block (KiB) in AX
        call far [xms]
        mov [kb], ax
        mov dx, ax
        mov ah, 09h             ; allocate it all
        call far [xms]
        cmp ax, 1
        jne fail1
        mov [handle], dx
        mov word [move + 10], dx        ; destination handle
.fill:  mov ax, [done]
        cmp ax, [kb]
        jae xdone
        mov cx, 1024            ; offset = done KiB
        mul cx
        mov [move + 12], ax
        mov [move + 14], dx
        mov si, move
        mov ah, 0Bh             ; move 1 KiB (of the interrupt table) into it
        call far [xms]
        cmp ax, 1
        jne fail2
        inc word [done]
        jmp .fill
xdone:  mov dx, [handle]
        mov ah, 0Ah
        call far [xms]
noxms:  mov ah, 42h             ; EMS: free pages
        int 67h
        or ah, ah
        jnz ok                  ; no EMS: done
        mov [pages], bx
        mov ah, 43h
        int 67h
        or ah, ah
        jnz fail3
        mov [ehandle], dx
        mov ah, 41h
        int 67h
        mov es, bx              ; page frame
.page:  mov bx, [epage]
        cmp bx, [pages]
        jae edone
        mov ax, 4400h           ; map logical page BX to physical 0
        mov dx, [ehandle]
        int 67h
        or ah, ah
        jnz fail4
        xor di, di
        mov cx, 8192
        mov ax, 0A55Ah
        rep stosw
        inc word [epage]
        jmp .page
edone:  mov dx, [ehandle]
        mov ah, 45h
        int 67h
ok:     mov ax, 4C00h
        int 21h
fail1:  mov ax, 4C01h
        int 21h
fail2:  mov ax, 4C02h
        int 21h
fail3:  mov ax, 4C03h
        int 21h
fail4:  mov ax, 4C04h
        int 21h
xms     dd 0
kb      dw 0
done    dw 0
handle  dw 0
pages   dw 0
epage   dw 0
ehandle dw 0
move    dd 1024                 ; length
        dw 0                    ; source handle 0: conventional memory
        dw 0, 0                 ; source offset: filled below
        dw 0                    ; destination handle
        dd 0                    ; destination offset
