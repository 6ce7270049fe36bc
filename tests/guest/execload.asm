; test: exit=0
; EXEC 4B01h (load, don't run): the parameter block receives the child's
; SS:SP and CS:IP and the child's PSP becomes current; the parent starts it
; and, when it ends, DOS resumes after the 4B01h call. EXEC 4B03h loads an
; overlay (an MZ image) at a chosen segment with a relocation factor.
%include "check.inc"
        org 100h
        KEEP_UNTIL stack_top
        mov [pb_tail + 2], cs
        mov dx, child
        mov bx, pb
        mov ax, 4B01h
        int 21h
        FAIL_IF_NOT nc, 1
        cmp byte [cs:started], 0        ; second arrival: the child ended
        jne after_child
        mov byte [cs:started], 1
        mov ah, 51h                     ; the child's PSP is current
        int 21h
        cmp bx, [pb_csip + 2]           ; a COM runs at its PSP segment
        FAIL_IF_NOT e, 2
        cmp word [pb_csip], 100h
        FAIL_IF_NOT e, 3
        mov ax, [pb_sssp + 2]           ; switch to the child and run it
        mov ss, ax
        mov sp, [pb_sssp]
        mov ds, bx
        mov es, bx
        pop ax                          ; AX was pushed for us
        jmp far [cs:pb_csip]
after_child:
        push cs
        pop ds
        mov ah, 4Dh
        int 21h
        cmp ax, 0009h
        FAIL_IF_NOT e, 4
        mov ah, 51h                     ; our PSP is current again
        int 21h
        mov ax, cs
        cmp bx, ax
        FAIL_IF_NOT e, 5
        mov bx, 10h                     ; overlay: room for it
        mov ah, 48h
        int 21h
        FAIL_IF_NOT nc, 6
        mov [ovl_seg], ax
        mov [ovl_pb], ax
        mov [ovl_pb + 2], ax
        mov [ovl_call + 2], ax
        push cs
        pop es
        mov dx, overlay
        mov bx, ovl_pb
        mov ax, 4B03h
        int 21h
        FAIL_IF_NOT nc, 7
        mov es, [ovl_seg]
        mov ax, [es:4]                  ; relocated by the factor
        cmp ax, [ovl_seg]
        FAIL_IF_NOT e, 8
        call far [ovl_call]
        cmp ax, 1234h
        FAIL_IF_NOT e, 9
        EXIT 0
started db 0
child   db 'RETCODE.COM', 0
overlay db 'OVL.COM', 0
tail    db 2, ' 9', 13
pb      dw 0
pb_tail dw tail, 0
        dd -1, -1
pb_sssp dd 0
pb_csip dd 0
ovl_seg dw 0
ovl_pb  dw 0, 0
ovl_call dw 0, 0
        times 256 db 0
stack_top:
