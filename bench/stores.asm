; ~260M instructions: a store in every iteration of the LOOP.COM-sized loop,
; the case Unicorn 2.0.1 handles slowly (see cpu/uc_fastpath.c).
org 100h
  xor bx, bx
  mov si, 1000
outer:
  mov cx, 0
inner:
  add bx, cx
  mov [buf], bx
  loop inner
  dec si
  jnz outer
  mov ax, 4c00h
  int 21h
align 16
times 8192 db 0
buf dw 0
