; test: exit=0
; DOS's tables forged the way a buggy or hostile program can, each
; followed by the calls that read them: every one answers (an error where
; MS-DOS has one) and the run goes on; put back, DOS works as before.
; - the free block after ours made 'M' with FFFFh paragraphs, so that it
;   ends where it starts: 48h, 4Ah and the chain's users say error 7
;   (memory control blocks destroyed) instead of merging it for ever;
; - the device chain made a loop (NUL -> NUL): an FCB opened on PRN
;   still works, 52h still answers;
; - the first file table's link and the first DPB's link made loops:
;   opening, writing and closing a file, 32h and 36h still work;
; - INT 2Fh 1212h/1225h over 64 KiB without a NUL say FFFFh, as DOS's
;   REPNE SCASB does;
; - our JFT moved to a 64 KiB block of FFFFh unused entries (PSP 32h,
;   34h): the last handle is error 6, a new file takes handle 0, both
;   within that bound; put back, handle 1 answers again.
%include "check.inc"
        org 100h
        KEEP_UNTIL stack_top
        mov ah, 52h
        int 21h
        mov [lol], bx
        mov [lol + 2], es
        call mcb_loop
        call dev_loop
        call sft_dpb_loops
        call long_strings
        call wild_jft
        EXIT 0

; ---- the memory block after ours, sized to come round to itself ----
mcb_loop:
        mov ax, cs
        dec ax
        mov es, ax
        add ax, [es:3]
        inc ax                          ; the block after ours
        mov es, ax
        mov [next_mcb], ax
        mov si, saved
        mov cx, 5
.save:  mov al, [es:si - saved]
        mov [si], al
        inc si
        loop .save
        mov byte [es:0], 'M'
        mov word [es:1], 0
        mov word [es:3], 0FFFFh
        mov bx, 10h                     ; allocate: error 7
        mov ah, 48h
        int 21h
        FAIL_IF_NOT c, 1
        cmp ax, 7
        FAIL_IF_NOT e, 2
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        FAIL_IF_NOT c, 3
        push cs                         ; grow ours into it: error 7
        pop es
        mov bx, (stack_top - $$ + 100h + 15) / 16 + 10h
        mov ah, 4Ah
        int 21h
        FAIL_IF_NOT c, 4
        cmp ax, 7
        FAIL_IF_NOT e, 5
        mov es, [next_mcb]              ; put it back: DOS allocates again
        mov si, saved
        mov cx, 5
.back:  mov al, [si]
        mov [es:si - saved], al
        inc si
        loop .back
        mov bx, 10h
        mov ah, 48h
        int 21h
        FAIL_IF_NOT nc, 6
        mov es, ax
        mov ah, 49h
        int 21h
        FAIL_IF_NOT nc, 7
        ret

; ---- NUL pointing at itself ----
dev_loop:
        les bx, [lol]
        lea di, [bx + 22h]
        mov ax, [es:di]
        mov [saved], ax
        mov ax, [es:di + 2]
        mov [saved + 2], ax
        mov [es:di], di
        mov [es:di + 2], es
        push cs
        pop es
        mov dx, prnfcb
        mov ah, 0Fh
        int 21h
        cmp al, 0
        FAIL_IF_NOT e, 10
        mov dx, prnfcb
        mov ah, 10h
        int 21h
        mov ah, 52h
        int 21h
        cmp bx, [lol]
        FAIL_IF_NOT e, 11
        lea di, [bx + 22h]
        mov ax, [saved]
        mov [es:di], ax
        mov ax, [saved + 2]
        mov [es:di + 2], ax
        ret

; ---- the first file table and the first DPB linked to themselves ----
sft_dpb_loops:
        les bx, [lol]
        les di, [es:bx + 4]             ; the first file table
        mov ax, [es:di]
        mov [saved], ax
        mov ax, [es:di + 2]
        mov [saved + 2], ax
        mov [es:di], di
        mov [es:di + 2], es
        mov [sft], di
        mov [sft + 2], es
        les bx, [lol]
        les di, [es:bx]                 ; the first DPB: its link at 19h (DOS 4+)
        mov ax, [es:di + 19h]
        mov [saved + 4], ax
        mov ax, [es:di + 1Bh]
        mov [saved + 6], ax
        mov [es:di + 19h], di
        mov [es:di + 1Bh], es
        mov [dpb], di
        mov [dpb + 2], es
        push cs
        pop es
        mov dx, fname                   ; a file still opens, takes a write, closes
        xor cx, cx
        mov ah, 3Ch
        int 21h
        FAIL_IF_NOT nc, 20
        mov bx, ax
        mov dx, fname
        mov cx, 4
        mov ah, 40h
        int 21h
        FAIL_IF_NOT nc, 21
        cmp ax, 4
        FAIL_IF_NOT e, 22
        mov ah, 3Eh
        int 21h
        FAIL_IF_NOT nc, 23
        mov dx, fname
        mov ah, 41h
        int 21h
        mov dl, 0                       ; 32h and 36h on the current drive
        push ds
        mov ah, 32h
        int 21h
        pop ds
        cmp al, 0
        FAIL_IF_NOT e, 24
        mov dl, 0
        mov ah, 36h
        int 21h
        cmp ax, 0FFFFh
        FAIL_IF_NOT ne, 25
        les di, [sft]                   ; put both back
        mov ax, [saved]
        mov [es:di], ax
        mov ax, [saved + 2]
        mov [es:di + 2], ax
        les di, [dpb]
        mov ax, [saved + 4]
        mov [es:di + 19h], ax
        mov ax, [saved + 6]
        mov [es:di + 1Bh], ax
        push cs
        pop es
        ret

; ---- 64 KiB of 'A' with no NUL ----
long_strings:
        mov ah, 48h
        mov bx, 1000h
        int 21h
        FAIL_IF_NOT nc, 30
        mov es, ax
        xor di, di
        mov cx, 8000h
        mov ax, 'AA'
        rep stosw
        xor di, di
        mov ax, 1212h                   ; strlen ES:DI
        int 2Fh
        cmp cx, 0FFFFh                  ; as REPNE SCASB from CX = FFFFh counts
        FAIL_IF_NOT e, 31
        push ds
        push es
        pop ds
        xor si, si
        mov ax, 1225h                   ; strlen DS:SI
        int 2Fh
        pop ds
        cmp cx, 0FFFFh
        FAIL_IF_NOT e, 32
        mov ah, 49h
        int 21h
        FAIL_IF_NOT nc, 33
        push cs
        pop es
        ret

; ---- a JFT of FFFFh entries, all unused, in a 64 KiB block ----
wild_jft:
        mov ah, 48h
        mov bx, 1000h
        int 21h
        FAIL_IF_NOT nc, 40
        mov [jft_seg], ax
        mov es, ax
        xor di, di
        mov cx, 8000h
        mov ax, 0FFFFh
        rep stosw
        push cs
        pop es
        mov ax, [34h]
        mov [saved], ax
        mov ax, [36h]
        mov [saved + 2], ax
        mov ax, [32h]
        mov [saved + 4], ax
        mov word [34h], 0
        mov ax, [jft_seg]
        mov [36h], ax
        mov word [32h], 0FFFFh
        mov bx, 0FFFEh                  ; the last handle: unused, error 6
        mov ah, 3Eh
        int 21h
        FAIL_IF_NOT c, 41
        cmp ax, 6
        FAIL_IF_NOT e, 42
        mov dx, fname                   ; a new file takes handle 0
        xor cx, cx
        mov ah, 3Ch
        int 21h
        FAIL_IF_NOT nc, 43
        cmp ax, 0
        FAIL_IF_NOT e, 44
        mov bx, ax
        mov ah, 3Eh
        int 21h
        FAIL_IF_NOT nc, 45
        mov dx, fname
        mov ah, 41h
        int 21h
        mov ax, [saved]                 ; put it back: handle 1 answers again
        mov [34h], ax
        mov ax, [saved + 2]
        mov [36h], ax
        mov ax, [saved + 4]
        mov [32h], ax
        mov bx, 1
        mov ax, 4400h
        int 21h
        FAIL_IF_NOT nc, 46
        mov es, [jft_seg]
        mov ah, 49h
        int 21h
        FAIL_IF_NOT nc, 48
        push cs
        pop es
        ret

lol     dd 0
sft     dd 0
dpb     dd 0
next_mcb dw 0
jft_seg dw 0
saved   times 8 db 0
prnfcb  db 0, 'PRN        '
        times 25 db 0
fname   db 'TABFORGE.TMP', 0
        align 2
        times 256 db 0
stack_top:
