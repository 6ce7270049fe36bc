; test: exit=0
; The List of Lists (INT 21h 52h) walked the way MEM, CHKDSK and TSRs walk
; it, each structure checked against what DOS calls report:
; - the memory blocks from LoL-2 to the last one ('Z' just below 9FFFh),
;   contiguous, this program's PSP owning one, the largest free block
;   what 48h FFFFh says;
; - the device chain from NUL (inside the LoL) to offset FFFFh, in the
;   MS-DOS 5 order (installed drivers, then CON AUX PRN CLOCK$, the block
;   device, COM1 LPT1 LPT2 LPT3 COM2 COM3 COM4), LoL+8 at CLOCK$ and
;   LoL+0Ch at CON, the block device's units the LoL's count;
; - the CON and CLOCK$ drivers called through their strategy and
;   interrupt entries (a write reaching stdout, the date record);
; - the DPB chain: one per drive, drives in order, each the one 32h
;   returns, its geometry what 36h reports; 1Fh the current drive's;
; - the CDS of C:, pointing at C:'s DPB; the file tables 5 + 95.
%include "check.inc"
        org 100h
        mov ah, 52h
        int 21h
        mov [lol], bx
        mov [lol + 2], es
        mov ax, 1203h                   ; DOS's data segment: the LoL's
        int 2Fh
        mov ax, ds
        push cs
        pop ds
        cmp ax, [lol + 2]
        FAIL_IF_NOT e, 1
        call mcbs
        call devices
        call drivers
        call dpbs
        call cds_c
        call files
        EXIT 0

; ---- memory blocks ----
mcbs:   les bx, [lol]
        mov ax, [es:bx - 2]
        xor cx, cx                      ; blocks seen
        xor dx, dx                      ; largest free
.next:  mov es, ax
        inc cx
        cmp cx, 1000
        FAIL_IF_NOT b, 10
        mov bl, [es:0]
        cmp word [es:1], 0              ; free: the largest?
        jne .owned
        cmp [es:3], dx
        jbe .owned
        mov dx, [es:3]
.owned: mov si, cs                      ; our PSP owns a block
        cmp [es:1], si
        jne .other
        mov byte [seen_psp], 1
.other: inc ax
        add ax, [es:3]
        cmp bl, 'M'
        je .next
        cmp bl, 'Z'
        FAIL_IF_NOT e, 11
        cmp ax, 9FFFh                   ; the conventional chain ends below the UMB link
        FAIL_IF_NOT e, 12
        cmp byte [seen_psp], 1
        FAIL_IF_NOT e, 13
        mov [largest], dx
        mov bx, 0FFFFh                  ; 48h agrees (its largest may be our own
        mov ah, 48h                     ; block, which we would not count: compare
        int 21h                         ; only when that is free space)
        FAIL_IF_NOT c, 14
        cmp bx, [largest]
        FAIL_IF_NOT e, 15
        ret

; ---- devices ----
; Compare the 8-byte name at ES:DI+0Ah with the one at DS:SI (blank padded).
same_name:
        push di
        push si
        push cx
        add di, 0Ah
        mov cx, 8
        repe cmpsb
        pop cx
        pop si
        pop di
        ret

devices:
        les di, [lol]
        add di, 22h                     ; NUL is in the LoL itself
        mov si, names
.next:  cmp byte [si], 0                ; the chain is longer than expected
        FAIL_IF_NOT ne, 24
        test word [es:di + 4], 8000h    ; a block device: its unit count
        jnz .char
        cmp byte [si], '*'
        FAIL_IF_NOT e, 20
        mov al, [es:di + 0Ah]
        push es
        push di
        les di, [lol]
        cmp al, [es:di + 20h]
        pop di
        pop es
        FAIL_IF_NOT e, 21
        mov [blockdev], di
        mov [blockdev + 2], es
        jmp .step
.char:  call same_name
        FAIL_IF_NOT e, 22
        cmp si, name_con
        jne .notcon
        mov [con], di
        mov [con + 2], es
.notcon: cmp si, name_clock
        jne .step
        mov [clock], di
        mov [clock + 2], es
.step:  add si, 8
        les di, [es:di]
        cmp di, 0FFFFh
        jne .next
        cmp byte [si], 0                ; every name seen, none left
        FAIL_IF_NOT e, 23
        ret

; ---- drivers called directly ----
call_driver:                            ; ES:DI header, request at rq
        push es
        push di
        mov word [.strat], 0
        mov ax, [es:di + 6]
        mov [.strat], ax
        mov [.strat + 2], es
        mov ax, [es:di + 8]
        mov [.intr], ax
        mov [.intr + 2], es
        push cs
        pop es
        mov bx, rq
        call far [.strat]
        call far [.intr]
        pop di
        pop es
        ret
.strat  dd 0
.intr   dd 0

drivers:
        les di, [lol]                   ; LoL+8 and +0Ch point at CLOCK$ and CON
        mov ax, [con]
        cmp ax, [es:di + 0Ch]
        FAIL_IF_NOT e, 30
        mov ax, [clock]
        cmp ax, [es:di + 8]
        FAIL_IF_NOT e, 31
        mov byte [rq + 2], 8            ; CON write
        mov word [rq + 3], 0
        mov word [rq + 0Eh], hello
        mov [rq + 10h], cs
        mov word [rq + 12h], hello_len
        les di, [con]
        call call_driver
        test word [rq + 3], 8000h       ; done, no error, all written
        FAIL_IF_NOT z, 32
        test word [rq + 3], 0100h
        FAIL_IF_NOT nz, 33
        cmp word [rq + 12h], hello_len
        FAIL_IF_NOT e, 34
        mov byte [rq + 2], 4            ; CLOCK$ read: days since 1980
        mov word [rq + 3], 0
        mov word [rq + 0Eh], record
        mov word [rq + 12h], 6
        les di, [clock]
        call call_driver
        cmp word [rq + 12h], 6
        FAIL_IF_NOT e, 35
        cmp word [record], 10000        ; after 2007
        FAIL_IF_NOT a, 36
        mov byte [rq + 2], 4            ; the block device: no I/O that way
        mov word [rq + 3], 0
        les di, [blockdev]
        call call_driver
        cmp word [rq + 3], 8103h        ; error, done, unknown command
        FAIL_IF_NOT e, 37
        ret

; ---- drive parameter blocks ----
dpbs:   les bx, [lol]
        les di, [es:bx]                 ; the first DPB
        mov byte [ndpb], 0
        mov word [lastdrv], -1
.next:  cmp di, 0FFFFh
        je .done
        mov al, [es:di]                 ; drive, ascending
        xor ah, ah
        cmp ax, [lastdrv]
        FAIL_IF_NOT g, 40
        mov [lastdrv], ax
        inc byte [ndpb]
        push es
        push di
        push ds
        mov dl, al                      ; 32h gives this very DPB
        inc dl
        mov ah, 32h
        int 21h
        mov si, ds
        pop ds
        pop di
        pop es
        cmp al, 0
        FAIL_IF_NOT e, 41
        cmp bx, di
        FAIL_IF_NOT e, 42
        mov ax, es
        cmp si, ax
        FAIL_IF_NOT e, 43
        push es                         ; 36h: the same geometry
        push di
        mov dl, [es:di]
        inc dl
        mov ah, 36h
        int 21h
        pop di
        pop es
        mov [spc], ax
        cmp cx, [es:di + 2]             ; bytes per sector
        FAIL_IF_NOT e, 44
        mov al, [es:di + 4]             ; sectors per cluster - 1
        inc al
        cmp al, [spc]
        FAIL_IF_NOT e, 45
        mov ax, [es:di + 0Dh]           ; highest cluster = clusters + 1
        dec ax
        cmp ax, dx
        FAIL_IF_NOT e, 46
        les di, [es:di + 19h]           ; DOS 4+: the link at 19h
        jmp .next
.done:  les bx, [lol]
        mov al, [es:bx + 20h]
        cmp al, [ndpb]
        FAIL_IF_NOT e, 47
        cmp byte [ndpb], 2              ; C: and the shell's Z: at least
        FAIL_IF_NOT ae, 48
        push ds                         ; 1Fh: the current drive's
        mov ah, 1Fh
        int 21h
        mov al, [bx]
        pop ds
        mov [cur1f], al
        mov ah, 19h
        int 21h
        cmp al, [cur1f]
        FAIL_IF_NOT e, 49
        ret

; ---- CDS and file tables ----
cds_c:  les bx, [lol]
        cmp byte [es:bx + 21h], 26      ; LASTDRIVE=Z
        FAIL_IF_NOT e, 50
        les di, [es:bx + 16h]
        add di, 2 * 58h                 ; C:
        cmp word [es:di], 'C:'
        FAIL_IF_NOT e, 51
        cmp byte [es:di + 2], '\'
        FAIL_IF_NOT e, 52
        test word [es:di + 43h], 4000h  ; physical drive
        FAIL_IF_NOT nz, 53
        mov ax, [es:di + 45h]           ; its DPB is C:'s
        mov [cdsdpb], ax
        mov ax, [es:di + 47h]
        mov [cdsdpb + 2], ax
        push ds
        mov dl, 3
        mov ah, 32h
        int 21h
        mov ax, ds
        pop ds
        cmp bx, [cdsdpb]
        FAIL_IF_NOT e, 54
        cmp ax, [cdsdpb + 2]
        FAIL_IF_NOT e, 55
        ret

files:  les bx, [lol]
        les di, [es:bx + 4]
        cmp word [es:di + 4], 5         ; the kernel's own table
        FAIL_IF_NOT e, 60
        les di, [es:di]
        cmp di, 0                       ; FILES=: at offset 0 of its block
        FAIL_IF_NOT e, 61
        mov ax, [es:di + 4]
        cmp ax, 95
        FAIL_IF_NOT e, 62
        cmp word [es:di], 0FFFFh        ; and the last
        FAIL_IF_NOT e, 63
        les bx, [lol]                   ; FCB table at offset 0 too
        cmp word [es:bx + 1Ah], 0
        FAIL_IF_NOT e, 64
        ret

hello   db 'driver write', 13, 10
hello_len equ $ - hello
names   db 'NUL     '
        db 'EMMXXXX0'
        db 'XMSXXXX0'
name_con db 'CON     '
        db 'AUX     '
        db 'PRN     '
name_clock db 'CLOCK$  '
        db '*       '                   ; the block device
        db 'COM1    ', 'LPT1    ', 'LPT2    ', 'LPT3    '
        db 'COM2    ', 'COM3    ', 'COM4    '
        db 0
lol     dd 0
con     dd 0
clock   dd 0
blockdev dd 0
cdsdpb  dd 0
largest dw 0
spc     dw 0
seen_psp db 0
ndpb    db 0
lastdrv dw 0
cur1f   db 0
record  times 6 db 0
rq      times 32 db 0
