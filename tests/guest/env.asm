; test: exit=0
; The environment holds COMSPEC and PATH, then a word 1 and the program's
; full DOS path; the PSP fields are those of a DOS 5 program.
%include "check.inc"
        org 100h
        mov es, [2Ch]                   ; environment segment
        xor di, di
        mov si, comspec
        call has_var
        FAIL_IF_NOT e, 1
        mov si, pathvar
        call has_var
        FAIL_IF_NOT e, 2
        xor di, di                      ; find the double NUL
        xor al, al
.scan:  cmp byte [es:di], 0
        je .end
        mov cx, 0FFFFh
        repne scasb
        jmp .scan
.end:   inc di
        cmp word [es:di], 1
        FAIL_IF_NOT e, 3
        add di, 2                       ; "C:\ENV.COM"
        cmp word [es:di], 'C:'
        FAIL_IF_NOT e, 4
        mov si, myname
        add di, 2
        mov cx, myname_len
        push ds
        push es
        pop ds
        xchg si, di
        push cs
        pop es
        repe cmpsb
        pop ds
        FAIL_IF_NOT e, 5
        cmp word [0], 20CDh             ; INT 20h at PSP:0
        FAIL_IF_NOT e, 6
        cmp word [2], 0A000h            ; memory top: all conventional memory
        FAIL_IF_NOT be, 7
        mov ah, 51h                     ; 51h and 62h agree on the PSP
        int 21h
        mov dx, cs
        cmp bx, dx
        FAIL_IF_NOT e, 8
        mov ah, 62h
        int 21h
        cmp bx, dx
        FAIL_IF_NOT e, 9
        mov ah, 2Fh                     ; DTA starts at PSP:80h
        int 21h
        cmp bx, 80h
        FAIL_IF_NOT e, 10
        EXIT 0
; ZF set when the variable (name= at SI, NUL-terminated) is in ES's block.
has_var:
        xor di, di
.var:   cmp byte [es:di], 0
        je .no
        push si
        push di
.cmp:   mov al, [si]
        or al, al
        jz .yes
        cmp al, [es:di]
        jne .next
        inc si
        inc di
        jmp .cmp
.yes:   pop di
        pop si
        xor ax, ax                      ; ZF=1
        ret
.next:  pop di
        pop si
        xor al, al
        mov cx, 0FFFFh
        repne scasb
        jmp .var
.no:    or sp, sp                       ; ZF=0
        ret
comspec db 'COMSPEC=', 0
pathvar db 'PATH=', 0
myname  db '\ENV.COM', 0
myname_len equ $ - myname
