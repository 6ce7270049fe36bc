; Writes numbered 10-byte records to DATA.TXT, one INT 21h 40h call each,
; and after each completed write prints its number on standard output;
; after 99999 records it spins. The kill tests stop it at random points:
; every record it reported must be in the file, whole and in order.
        org 100h
        mov dx, fname
        xor cx, cx
        mov ah, 3Ch
        int 21h
        jc fail
        mov [handle], ax
next:   mov bx, [handle]
        mov dx, rec
        mov cx, 10
        mov ah, 40h
        int 21h
        jc fail
        cmp ax, 10
        jne fail
        mov bx, 1               ; "nnnnn" LF on stdout: this record is written
        mov dx, rec + 3
        mov cx, 5
        mov ah, 40h
        int 21h
        mov bx, 1
        mov dx, lf
        mov cx, 1
        mov ah, 40h
        int 21h
        mov si, rec + 7         ; count up in ASCII
.inc:   inc byte [si]
        cmp byte [si], '9'
        jbe .done
        mov byte [si], '0'
        dec si
        cmp si, rec + 2
        jne .inc
.done:  cmp word [rec + 3], '99'
        jne next
        cmp word [rec + 5], '99'
        jne next
        cmp byte [rec + 7], '9'
        jne next
spin:   jmp spin
fail:   mov ax, 4C01h
        int 21h
fname   db 'DATA.TXT', 0
handle  dw 0
rec     db 'REC00000', 13, 10
lf      db 10
