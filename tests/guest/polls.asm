; test: skip
; Waits for input the way real programs do, one route per letter in the
; command tail (tests/idle/run.sh runs every route in every frontend):
;   a INT 16h 01h          b INT 21h 06h DL=FFh     c INT 21h 0Bh, then 08h
;   d INT 2Fh 1680h + 16h  e INT 33h 03h + 16h      f ports 64h/60h, IRQ1 masked
;   g INT 15h 1000h + 16h  h INT 28h + 16h          i INT 2Ah 84h + 16h 11h/12h
;   j INT 1Ah 00h: waits 36 ticks (2 s) and exits 0, no input
;   k INT 21h 3Fh on handle 0, read again at its end (a prompt that loops)
;   l INT 16h 00h          m INT 21h 01h
;   s INT 16h 01h through "INT 16h; RETF" built on the stack for every call,
;     as the FreeDOS utilities' int86() does (self-modifying code)
;   w works (a 50,000-pass loop) between INT 21h 0Bh checks, 1,000 times,
;     then exits 0: a tool that checks for a key now and then is not idle
;   t reads the tick count at 0040:006Ch in a loop until 36 ticks (2 s)
;     have passed, no INT, no port: exits 0, no input (a delay routine)
;   u waits 36 times for the tick count at 0000:046Ch to change, each in
;     a one-block loop (CMP AX,[ES:46Ch]; JE): exits 0
;   x counts the turns of a loop reading the tick count during one tick
;     (a delay calibration): exits 0 with at least 10,000 of them, else 3;
;     such a loop changes a register each turn and must run at full speed
;   y the shape of t over a word of its own (not the tick count), 200
;     million turns, then exits 0: a compute loop, for timing
; Every key read is echoed (INT 21h 02h); 'q' ends the program with 0.
        org 100h
KEY_QUIT equ 'q'
SC_QUIT equ 10h                 ; make code of Q
TICKS_2S equ 36
        mov al, [82h]           ; the route letter (after the tail's space)
        mov si, routes
.find:  cmp byte [si], 0
        je bad
        cmp al, [si]
        je .go
        add si, 3
        jmp .find
.go:    jmp [si + 1]
bad:    mov ax, 4C02h
        int 21h

routes: db 'a'
        dw r_16
        db 'b'
        dw r_06
        db 'c'
        dw r_0b
        db 'd'
        dw r_2f
        db 'e'
        dw r_33
        db 'f'
        dw r_port
        db 'g'
        dw r_15
        db 'h'
        dw r_28
        db 'i'
        dw r_2a
        db 'j'
        dw r_1a
        db 'k'
        dw r_3f
        db 'l'
        dw r_16b
        db 'm'
        dw r_01
        db 's'
        dw r_smc
        db 'w'
        dw r_work
        db 't'
        dw r_bda
        db 'u'
        dw r_bda0
        db 'x'
        dw r_calib
        db 'y'
        dw r_shape
        db 0

; got: AL = the key. Echo it; 'q' ends.
got:    push ax
        mov dl, al
        mov ah, 02h
        int 21h
        pop ax
        cmp al, KEY_QUIT
        je quit
        ret
quit:   mov ax, 4C00h
        int 21h

key16:  mov ah, 01h             ; ZF=0 and the key taken when there is one
        int 16h
        jz .none
        xor ah, ah
        int 16h
        call got
.none:  ret

r_16:   call key16
        jmp r_16

r_06:   mov ah, 06h
        mov dl, 0FFh
        int 21h
        jz r_06
        call got
        jmp r_06

r_0b:   mov ah, 0Bh
        int 21h
        or al, al
        jz r_0b
        mov ah, 08h
        int 21h
        call got
        jmp r_0b

r_2f:   mov ax, 1680h
        int 2Fh
        call key16
        jmp r_2f

r_33:   xor ax, ax
        int 33h
.loop:  mov ax, 0003h
        int 33h
        call key16
        jmp .loop

r_port: cli
        in al, 21h
        or al, 02h              ; IRQ1 off: the program reads the 8042 itself
        out 21h, al
        sti
.wait:  in al, 64h
        test al, 01h
        jz .wait
        in al, 60h
        test al, 80h            ; a break code
        jnz .wait
        cmp al, SC_QUIT
        je .quit
        mov bx, scan_ascii
        mov cx, 3
.find:  cmp al, [bx]
        je .hit
        add bx, 2
        loop .find
        mov al, '?'
        call got
        jmp .wait
.hit:   mov al, [bx + 1]
        call got
        jmp .wait
.quit:  cli
        in al, 21h
        and al, 0FDh
        out 21h, al
        sti
        mov al, KEY_QUIT
        call got
scan_ascii: db 1Eh, 'a', 30h, 'b', 2Eh, 'c'

r_15:   mov ax, 1000h
        int 15h
        call key16
        jmp r_15

r_28:   int 28h
        call key16
        jmp r_28

r_2a:   mov ax, 8400h
        int 2Ah
        mov ah, 12h
        int 16h
        mov ah, 11h
        int 16h
        jz r_2a
        mov ah, 10h
        int 16h
        call got
        jmp r_2a

r_1a:   xor ah, ah
        int 1Ah
        mov bx, dx
.loop:  xor ah, ah
        int 1Ah
        sub dx, bx
        cmp dx, TICKS_2S
        jb .loop
        mov ax, 4C00h
        int 21h

r_3f:   mov ah, 3Fh
        xor bx, bx
        mov cx, 1
        mov dx, byte_in
        int 21h
        jc r_3f
        or ax, ax
        jz r_3f                 ; nothing: ask again, as a prompt loop does
        mov al, [byte_in]
        call got
        jmp r_3f
byte_in: db 0

r_16b:  xor ah, ah
        int 16h
        call got
        jmp r_16b

r_01:   mov ah, 01h
        int 21h
        cmp al, KEY_QUIT
        je quit
        jmp r_01

; INT 16h 01h through code written onto the stack for each call.
r_smc:  sub sp, 4
        mov bp, sp
        mov byte [bp], 0CDh     ; INT 16h
        mov byte [bp + 1], 16h
        mov byte [bp + 2], 0CBh ; RETF
        mov ah, 01h
        push cs
        push word .back
        push ss
        push bp
        retf                    ; "call far" the stack
.back:  lea sp, [bp + 4]        ; (LEA keeps ZF)
        jz r_smc
        xor ah, ah
        int 16h
        call got
        jmp r_smc

r_work: mov si, 1000
.round: mov cx, 50000
.spin:  loop .spin
        mov ah, 0Bh
        int 21h
        dec si
        jnz .round
        mov ax, 4C00h
        int 21h

BDA_SEG equ 40h
BDA_TICKS equ 6Ch               ; 0040:006Ch = 0000:046Ch
CALIB_MIN equ 10000
SHAPE_ROUNDS equ 3052           ; x 65,536 turns: 200 million

r_bda:  mov ax, BDA_SEG
        mov es, ax
        mov bx, [es:BDA_TICKS]
.loop:  mov ax, [es:BDA_TICKS]
        sub ax, bx
        cmp ax, TICKS_2S
        jb .loop
        mov ax, 4C00h
        int 21h

r_bda0: xor ax, ax
        mov es, ax
        mov cx, TICKS_2S
.tick:  mov ax, [es:BDA_SEG * 16 + BDA_TICKS]
.same:  cmp ax, [es:BDA_SEG * 16 + BDA_TICKS]
        je .same
        loop .tick
        mov ax, 4C00h
        int 21h

r_calib:
        mov ax, BDA_SEG
        mov es, ax
        mov ax, [es:BDA_TICKS]
.edge:  cmp ax, [es:BDA_TICKS]  ; start at a tick's edge
        je .edge
        mov ax, [es:BDA_TICKS]
        xor cx, cx
        xor dx, dx
.count: add cx, 1               ; DX:CX counts the turns
        adc dx, 0
        cmp ax, [es:BDA_TICKS]
        je .count
        or dx, dx
        jnz .fast
        cmp cx, CALIB_MIN
        jae .fast
        mov ax, 4C03h
        int 21h
.fast:  mov ax, 4C00h
        int 21h

r_shape:
        mov bx, [shape_word]
        mov dx, SHAPE_ROUNDS
        xor cx, cx
.loop:  mov ax, [shape_word]
        sub ax, bx
        cmp ax, TICKS_2S
        jb .next
        jmp bad
.next:  loop .loop
        dec dx
        jnz .loop
        mov ax, 4C00h
        int 21h
shape_word: dw 1234h
