#!/bin/sh
# make bench, text video part: CPU cost of a program idle in INT 16h (target
# under 2 % of a core: waiting must sleep) and of a program redrawing the
# whole 80x25 screen 70 times a second (sleeping in HLT in between), in the
# terminal (tmux) and the window (Xvfb) frontends. Reports, never fails.
# Usage: bench/video.sh UNIDOS
set -u
unidos=$(realpath "$1")
. "$(cd "$(dirname "$0")" && pwd)/../tests/tap.sh"
work=$(mktemp -d)
sock="unidos-bench-$$"
xvfb_pid=""
cleanup() {
    tmux -L "$sock" kill-server 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
tap_on_exit cleanup
SECONDS_RUN=5
hz=$(getconf CLK_TCK)

cat >"$work/idle.asm" <<'EOF'
        org 100h                ; text on screen, then wait for a key
        mov ax, 0003h
        int 10h
        mov ah, 09h
        mov dx, msg
        int 21h
        xor ah, ah
        int 16h
        mov ax, 4C00h
        int 21h
msg:    db "Waiting for a key...$"
EOF
cat >"$work/redraw.asm" <<'EOF'
        org 100h                ; 70 times a second: rewrite all 2000 cells
        mov ax, 0003h
        int 10h
        mov al, 36h             ; PIT channel 0, mode 3: IRQ0 at 70 Hz
        out 43h, al
        mov ax, 17045           ; 1193182 / 70
        out 40h, al
        mov al, ah
        out 40h, al
        mov ax, 0B800h
        mov es, ax
        xor bl, bl
frame:  sti
        hlt                     ; sleep until the next tick
        inc bl
        mov al, bl
        and al, 3Fh
        add al, 30h             ; '0'...
        mov ah, bl              ; changing colours
        xor di, di
        mov cx, 2000
        rep stosw
        mov ah, 01h             ; a key ends it
        int 16h
        jz frame
        mov ax, 4C00h
        int 21h
EOF
nasm -f bin -o "$work/IDLE.COM" "$work/idle.asm" || exit 0
nasm -f bin -o "$work/REDRAW.COM" "$work/redraw.asm" || exit 0

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
# measure NAME: CPU % of the unidos whose pid is in $work/pid over SECONDS_RUN
measure() {
    i=0
    while [ ! -s "$work/pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    pid=$(cat "$work/pid" 2>/dev/null)
    [ -n "$pid" ] || { echo "  $1: did not start"; return; }
    sleep 1                     # start-up is not idle time
    a=$(cpu_ticks "$pid")
    sleep $SECONDS_RUN
    b=$(cpu_ticks "$pid")
    kill -TERM "$pid" 2>/dev/null
    rm -f "$work/pid"
    [ -n "$a" ] && [ -n "$b" ] || { echo "  $1: exited early"; return; }
    printf "  %-38s %6.2f %% of a core\n" "$1" "$(echo "($b - $a) * 100 / ($hz * $SECONDS_RUN)" | bc -l)"
}
run_term() { # COM
    tmux -L "$sock" new-session -d -s b -x 100 -y 30 \
        "cd $work && sh -c 'echo \$\$ >pid; exec \"$unidos\" --ui term $1'; sleep 30"
}
run_window() { # COM
    (cd "$work" && DISPLAY=$display sh -c "echo \$\$ >pid; exec '$unidos' --ui window $1" \
        >/dev/null 2>&1 &)
}

echo "text video (CPU time over ${SECONDS_RUN} s; lower is better)"
if command -v tmux >/dev/null; then
    run_term IDLE.COM; measure "idle in INT 16h, terminal"
    tmux -L "$sock" kill-session -t b 2>/dev/null
    run_term REDRAW.COM; measure "full redraw at 70 Hz, terminal"
    tmux -L "$sock" kill-session -t b 2>/dev/null
else
    echo "  terminal: tmux not installed"
fi
if command -v Xvfb >/dev/null; then
    # a display Xvfb picks itself (tests/tap.sh): never another run's X server
    tap_start_xvfb "$work" || { echo "  window: Xvfb did not start"; exit 0; }
    xvfb_pid=$tap_xvfb_pid
    display=$tap_display
    run_window IDLE.COM; measure "idle in INT 16h, window (Xvfb)"
    run_window REDRAW.COM; measure "full redraw at 70 Hz, window (Xvfb)"
else
    echo "  window: Xvfb not installed"
fi
