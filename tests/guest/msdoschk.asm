; test: exit=0
; The "is this really MS-DOS?" checks Microsoft's own programs made (the
; AARD code of the Windows 3.1 betas, SHARE, installers), in the order
; they are usually described: 30h says MS-DOS 5 from Microsoft and 3306h
; agrees; the List of Lists' pointers to the first file table, CLOCK$,
; CON and the current directory structures are neither null nor
; FFFF:FFFF; the first file table lies in DOS's data segment (the LoL's,
; as 2Fh/1203h and 34h say) with its 5 entries and a link to the next
; table at offset 0; the FCB table is at offset 0 of its segment; the
; CDS entry of C: is a valid physical drive; the first memory block is
; DOS's own system data right after its data segment; the byte at
; DOS:0004h says the DOS 4-6 swappable data area, which 5D06h places in
; the same segment. Below the LoL: the current disk buffer is the first
; of the buffer ring (LoL+12h's), the OEM handler of F8h is FFFF:FFFF.
%include "check.inc"
        org 100h
        mov ax, 3000h                   ; 5.0, OEM FFh (Microsoft)
        int 21h
        cmp ax, 0005h
        FAIL_IF_NOT e, 1
        cmp bh, 0FFh
        FAIL_IF_NOT e, 2
        mov ax, 3306h                   ; the true version agrees
        int 21h
        cmp bx, 0005h
        FAIL_IF_NOT e, 3
        mov ah, 52h
        int 21h
        mov [lol], bx
        mov [lol + 2], es
        mov si, ptrs                    ; the four pointers
.ptr:   lodsb
        cmp al, 0FFh
        je .ptrs_ok
        xor ah, ah
        mov di, ax
        add di, [lol]
        mov ax, [es:di]
        or ax, [es:di + 2]
        FAIL_IF_NOT nz, 4
        mov ax, [es:di]
        and ax, [es:di + 2]
        cmp ax, 0FFFFh
        FAIL_IF_NOT ne, 5
        jmp .ptr
.ptrs_ok:
        mov ax, 1203h                   ; DOS's data segment is the LoL's
        int 2Fh
        mov ax, ds
        push cs
        pop ds
        cmp ax, [lol + 2]
        FAIL_IF_NOT e, 6
        mov ah, 34h                     ; InDOS there too
        int 21h
        mov ax, es
        cmp ax, [lol + 2]
        FAIL_IF_NOT e, 7
        les bx, [lol]                   ; the first file table
        mov ax, [es:bx + 6]
        cmp ax, [lol + 2]
        FAIL_IF_NOT e, 8
        les di, [es:bx + 4]
        cmp word [es:di + 4], 5
        FAIL_IF_NOT e, 9
        cmp word [es:di], 0             ; its link: the next table at offset 0
        FAIL_IF_NOT e, 10
        cmp word [es:di + 2], 0FFFFh
        FAIL_IF_NOT ne, 11
        les bx, [lol]                   ; the FCB table at offset 0
        cmp word [es:bx + 1Ah], 0
        FAIL_IF_NOT e, 12
        cmp word [es:bx + 1Ch], 0
        FAIL_IF_NOT ne, 13
        les di, [es:bx + 16h]           ; C:'s CDS: "C:\", physical
        add di, 2 * 58h
        cmp word [es:di], 'C:'
        FAIL_IF_NOT e, 14
        test word [es:di + 43h], 4000h
        FAIL_IF_NOT nz, 15
        les bx, [lol]                   ; the first MCB: DOS's system data
        mov ax, [es:bx - 2]
        mov cx, [lol + 2]
        cmp ax, cx
        FAIL_IF_NOT a, 16
        mov es, ax
        cmp byte [es:0], 'M'
        FAIL_IF_NOT e, 17
        cmp word [es:1], 8
        FAIL_IF_NOT e, 18
        cmp word [es:8], 'SD'
        FAIL_IF_NOT e, 19
        mov es, [lol + 2]               ; the DOS 4-6 SDA format, at 5D06h's
        cmp byte [es:4], 1
        FAIL_IF_NOT e, 20
        mov ax, 5D06h
        int 21h
        mov ax, ds
        push cs
        pop ds
        cmp ax, [lol + 2]
        FAIL_IF_NOT e, 21
        les bx, [lol]                   ; LoL-8: the buffer used last, one
        lds si, [es:bx + 12h]           ; of the ring whose info is at LoL+12h
        mov ax, [si]
        mov dx, [si + 2]
        push cs
        pop ds
        cmp ax, [es:bx - 8]
        FAIL_IF_NOT e, 22
        cmp dx, [es:bx - 6]
        FAIL_IF_NOT e, 23
        cmp word [es:bx - 18], 0FFFFh   ; LoL-12h: no OEM handler
        FAIL_IF_NOT e, 24
        cmp word [es:bx - 16], 0FFFFh
        FAIL_IF_NOT e, 25
        EXIT 0

ptrs    db 04h, 08h, 0Ch, 16h, 0FFh
lol     dd 0
