; test: exit=0
; test: flags=--deterministic
; A MEM-style report, made the way MEM makes it: the conventional memory
; blocks from the List of Lists, the upper memory blocks after linking
; them (5803h), the device chain, the drive parameter blocks, the XMS
; driver (INT 2Fh 4310h) and the EMS driver (INT 67h). Each total is
; checked against what DOS and the drivers report natively: 48h's largest
; block, the XMS driver's largest UMB, 36h's space per drive, the block
; device's units, EMS 42h against the pages of every handle (4Dh), XMS
; free space before and after an allocation. The report is memwalk.stdout.
%include "check.inc"
        cpu 386
        org 100h
        KEEP_UNTIL stack_top
        mov ah, 52h
        int 21h
        mov [lol], bx
        mov [lol + 2], es
        call conventional
        call upper
        call devices
        call drives
        call xms
        call ems
        EXIT 0

; ---- output ----
%macro SAY 1                            ; print the $-terminated string at %1
        mov dx, %1
        mov ah, 9
        int 21h
%endmacro

; Print EAX in decimal, right-aligned in 9 columns.
print_num:
        pushad
        mov di, numbuf + 9
        mov byte [di], '$'
        mov ebx, 10
.digit: xor edx, edx
        div ebx
        add dl, '0'
        dec di
        mov [di], dl
        test eax, eax
        jnz .digit
.pad:   cmp di, numbuf
        je .out
        dec di
        mov byte [di], ' '
        jmp .pad
.out:   SAY numbuf
        popad
        ret

; Print EAX, then "K" style kilobytes are not used: bytes throughout.
newline:
        SAY crlf
        ret

; ---- conventional memory: 640 KiB, blocks from LoL-2 ----
; Walks from segment AX to the block whose end is BX (or the last 'Z'):
; EAX free bytes, EDX largest free bytes, [w_end] where it stopped.
walk:   xor ecx, ecx
        mov [w_free], ecx
        mov [w_largest], ecx
.next:  mov es, ax
        inc cx
        cmp cx, 2000
        FAIL_IF_NOT b, 2
        cmp byte [es:0], 'M'
        je .sig
        cmp byte [es:0], 'Z'
        FAIL_IF_NOT e, 3
.sig:   cmp word [es:1], 0
        jne .used
        movzx edx, word [es:3]
        shl edx, 4
        add [w_free], edx
        cmp edx, [w_largest]
        jbe .used
        mov [w_largest], edx
.used:  mov dl, [es:0]
        inc ax
        add ax, [es:3]
        cmp ax, bx
        je .end
        cmp dl, 'Z'
        jne .next
.end:   mov [w_blocks], cx
        mov [w_end], ax
        mov eax, [w_free]
        mov edx, [w_largest]
        ret

conventional:
        les bx, [lol]
        mov ax, [es:bx - 2]
        mov bx, 0FFFFh
        call walk
        cmp word [w_end], 9FFFh         ; up to the UMB link block
        FAIL_IF_NOT e, 1
        mov [conv_free], eax
        mov [conv_largest], edx
        mov bx, 0FFFFh                  ; 48h: the same largest block
        mov ah, 48h
        int 21h
        movzx eax, bx
        shl eax, 4
        cmp eax, [conv_largest]
        FAIL_IF_NOT e, 4
        SAY t_conv
        mov eax, 655360
        call print_num
        sub eax, [conv_free]
        call print_num
        mov eax, [conv_free]
        call print_num
        call newline
        ret

; ---- upper memory: link, walk past 9FFFh, unlink ----
upper:  mov ax, 5802h
        int 21h
        mov [link_was], al
        mov ax, 5803h
        mov bx, 1
        int 21h
        FAIL_IF_NOT nc, 10
        les bx, [lol]
        mov ax, [es:bx - 2]
        mov bx, 9FFFh                   ; the conventional part again
        call walk
        mov ax, [w_end]                 ; the link block: DOS's, "SC"
        mov es, ax
        cmp byte [es:0], 'M'
        FAIL_IF_NOT e, 11
        cmp word [es:1], 8
        FAIL_IF_NOT e, 12
        inc ax
        add ax, [es:3]
        mov [umb_first], ax
        mov bx, 0FFFFh                  ; the UMBs up to the last block
        call walk
        mov [umb_free], eax
        mov [umb_largest], edx
        movzx eax, word [w_end]
        sub ax, [umb_first]
        shl eax, 4
        mov [umb_total], eax
        mov ax, 5803h
        movzx bx, byte [link_was]
        int 21h
        mov ax, 4300h                   ; the XMS driver's largest UMB agrees
        int 2Fh
        cmp al, 80h
        FAIL_IF_NOT e, 13
        mov ax, 4310h
        int 2Fh
        mov [xmsent], bx
        mov [xmsent + 2], es
        mov ah, 10h
        mov dx, 0FFFFh
        call far [xmsent]
        cmp ax, 0
        FAIL_IF_NOT e, 14
        movzx eax, dx
        shl eax, 4
        cmp eax, [umb_largest]
        FAIL_IF_NOT e, 15
        SAY t_upper
        mov eax, [umb_total]
        call print_num
        sub eax, [umb_free]
        call print_num
        mov eax, [umb_free]
        call print_num
        call newline
        SAY t_largest
        mov eax, [conv_largest]
        call print_num
        call newline
        SAY t_largest_umb
        mov eax, [umb_largest]
        call print_num
        call newline
        ret

; ---- devices: names in chain order, the block device's units ----
devices:
        SAY t_devices
        les di, [lol]
        add di, 22h
.next:  test word [es:di + 4], 8000h
        jz .block
        mov cx, 8
        lea si, [di + 0Ah]
.name:  mov dl, [es:si]
        cmp dl, ' '
        je .sep
        mov ah, 2
        int 21h
        inc si
        loop .name
.sep:   mov dl, ' '
        mov ah, 2
        int 21h
        jmp .step
.block: mov al, [es:di + 0Ah]
        mov [units], al
        SAY t_block
.step:  les di, [es:di]
        cmp di, 0FFFFh
        jne .next
        call newline
        les bx, [lol]
        mov al, [es:bx + 20h]
        cmp al, [units]
        FAIL_IF_NOT e, 20
        ret

; ---- drives: each DPB's space against 36h's ----
drives: les bx, [lol]
        les di, [es:bx]
        mov byte [ndpb], 0
.next:  cmp di, 0FFFFh
        je .done
        inc byte [ndpb]
        mov dl, [es:di]
        add dl, 'A'
        mov [t_drive], dl
        SAY t_drive
        movzx eax, word [es:di + 2]     ; bytes per cluster
        movzx ecx, byte [es:di + 4]
        inc ecx
        imul eax, ecx
        mov [clus], eax
        movzx ecx, word [es:di + 0Dh]   ; clusters: highest - 1
        dec ecx
        imul eax, ecx
        call print_num
        mov [dpb_total], eax
        movzx eax, word [es:di + 1Fh]   ; DOS 4+: free clusters at 1Fh
        imul eax, [clus]
        call print_num
        mov [dpb_free], eax
        call newline
        push es
        push di
        mov dl, [es:di]
        inc dl
        mov ah, 36h
        int 21h
        pop di
        pop es
        movzx eax, ax
        movzx ecx, cx
        imul eax, ecx
        mov [clus], eax
        movzx edx, dx
        imul edx, eax
        cmp edx, [dpb_total]
        FAIL_IF_NOT e, 30
        movzx ebx, bx
        imul ebx, eax
        cmp ebx, [dpb_free]
        FAIL_IF_NOT e, 31
        les di, [es:di + 19h]
        jmp .next
.done:  mov al, [ndpb]
        cmp al, [units]
        FAIL_IF_NOT e, 32
        ret

; ---- XMS: free space, and an allocation seen in it ----
xms:    mov ah, 08h
        call far [xmsent]
        mov [xms_free], dx
        mov [xms_largest], ax
        mov ah, 09h                     ; 1 MiB
        mov dx, 1024
        call far [xmsent]
        cmp ax, 1
        FAIL_IF_NOT e, 40
        mov [xms_handle], dx
        mov ah, 08h
        call far [xmsent]
        add dx, 1024
        cmp dx, [xms_free]
        FAIL_IF_NOT e, 41
        mov ah, 0Ah
        mov dx, [xms_handle]
        call far [xmsent]
        mov ah, 08h
        call far [xmsent]
        cmp dx, [xms_free]
        FAIL_IF_NOT e, 42
        SAY t_xms
        movzx eax, word [xms_free]
        shl eax, 10
        call print_num
        movzx eax, word [xms_largest]
        shl eax, 10
        call print_num
        call newline
        ret

; ---- EMS: pages free and the pages of every handle ----
ems:    mov ah, 42h
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 50
        mov [ems_free], bx
        mov [ems_total], dx
        mov ah, 43h                     ; a handle of 3 pages, seen in 4Dh
        mov bx, 3
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 51
        mov [ems_handle], dx
        mov ah, 4Dh
        push ds
        pop es
        mov di, handles
        int 67h
        cmp ah, 0
        FAIL_IF_NOT e, 52
        mov cx, bx                      ; sum the pages
        xor ax, ax
        mov si, handles
.sum:   add ax, [si + 2]
        add si, 4
        loop .sum
        mov bx, [ems_total]
        sub bx, [ems_free]
        add bx, 3
        cmp ax, bx
        FAIL_IF_NOT e, 53
        mov ah, 45h
        mov dx, [ems_handle]
        int 67h
        SAY t_ems
        movzx eax, word [ems_total]
        shl eax, 14
        call print_num
        movzx eax, word [ems_free]
        shl eax, 14
        call print_num
        call newline
        ret

t_conv        db 'Conventional   ', '$'
t_upper       db 'Upper          ', '$'
t_largest     db 'Largest executable program', '$'
t_largest_umb db 'Largest free upper block  ', '$'
t_devices     db 'Devices: ', '$'
t_block       db '[block] ', '$'
t_drive       db 'X: total, free ', '$'
t_xms         db 'XMS free, largest', '$'
t_ems         db 'EMS total, free  ', '$'
crlf          db 13, 10, '$'
numbuf        times 10 db 0
lol           dd 0
xmsent        dd 0
w_free        dd 0
w_largest     dd 0
w_blocks      dw 0
w_end         dw 0
conv_free     dd 0
conv_largest  dd 0
umb_first     dw 0
umb_total     dd 0
umb_free      dd 0
umb_largest   dd 0
clus          dd 0
dpb_total     dd 0
dpb_free      dd 0
link_was      db 0
units         db 0
ndpb          db 0
xms_free      dw 0
xms_largest   dw 0
xms_handle    dw 0
ems_free      dw 0
ems_total     dw 0
ems_handle    dw 0
handles       times 1024 db 0
              times 256 db 0
stack_top:
