#!/bin/sh
# Screens and keyboards end to end, the way a user meets them: real DOS
# programs from ../shared/corpus in the headless frontend (screen dump), in
# a terminal (tmux, keys typed with send-keys) and in a window (Xvfb, keys
# typed with xdotool, screenshot compared with a golden PNG).
# Usage: tests/video/run.sh UNIDOS PNGCMP
# Cases whose tools (tmux, Xvfb, xdotool, python3) or corpus files are
# missing are skipped with a message.
set -u
unidos=$(realpath "$1")
pngcmp=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
corpus=$(tap_corpus)
corpus=${corpus:-/nonexistent-corpus}
work=$(mktemp -d)
sock="unidos-test-$$"                   # a private tmux server
xvfb_pid=""
cleanup() {
    tmux -L "$sock" kill-server 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
tap_on_exit cleanup
report() { tap_report "$@"; } # name, why ("" = ok)
skip() { # name, reason: a corpus file (fails under UNIDOS_REQUIRE_CORPUS=1) or a tool is missing
    case "$2" in
    "corpus file missing") tap_skip_required "$1" "$2" ;;
    *) tap_skip "$1" "$2" ;;
    esac
}
have() { command -v "$1" >/dev/null 2>&1; }
# wait_for SECONDS COMMAND...: poll until COMMAND succeeds
wait_for() {
    t=$(($1 * 10)); shift
    while [ "$t" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1; t=$((t - 1))
    done
    return 1
}
pane() { tmux -L "$sock" capture-pane -p -t "$1"; }
pane_has() { pane "$1" | grep -q "$2"; }
alt_on() { tmux -L "$sock" display -p -t "$1" '#{alternate_on}'; }
file_has() { [ -f "$1" ] && grep -q "$2" "$1"; }

# --- PI.COM: headless screen dump after a key typed at the end ---
pi() {
    dir=$corpus/nanochess/nanochess-pi
    [ -f "$dir/PI.COM" ] || { skip "PI.COM screen" "corpus file missing"; return; }
    (cd "$work" && "$unidos" --timeout 120 --ui headless --keys x --screen-dump pi.txt \
        "$dir/PI.COM" >pi.out 2>pi.err)
    rc=$?; why=""
    [ "$rc" = 0 ] || why="exit status $rc"
    [ -n "$why" ] || tr -d '\n' <"$work/pi.txt" | cmp -s - "$dir/PI.expected-screen.txt" ||
        why="screen differs from PI.expected-screen.txt"
    report "PI.COM headless screen dump" "$why"
}

# --- FreeDOS EDIT in the terminal: type, save with the menu keys ---
edit_term() {
    edit=$corpus/freedos/BIN/EDIT.EXE
    [ -f "$edit" ] || { skip "EDIT in the terminal" "corpus file missing"; return; }
    have tmux || { skip "EDIT in the terminal" "tmux not installed"; return; }
    d=$work/term; mkdir -p "$d"
    tmux -L "$sock" new-session -d -s edit -x 100 -y 30 \
        "cd $d && TERM=xterm '$unidos' --timeout 60 --ui term '$edit' NOTES.TXT; echo EXIT=\$?; sleep 60"
    why=""
    wait_for 10 pane_has edit "FreeDOS Edit" || why="the editor did not show up"
    # typed the way a person does: each part once the last one shows
    if [ -z "$why" ]; then
        tmux -L "$sock" send-keys -t edit "Typed in a terminal"
        wait_for 10 pane_has edit "Typed in a terminal" || why="typed text did not show"
    fi
    if [ -z "$why" ]; then
        tmux -L "$sock" send-keys -t edit Enter "second line"
        wait_for 10 pane_has edit "second line" || why="the second line did not show"
    fi
    if [ -z "$why" ]; then
        tmux -L "$sock" send-keys -t edit M-f
        wait_for 5 pane_has edit "Save as" || why="the File menu did not open"
    fi
    if [ -z "$why" ]; then
        tmux -L "$sock" send-keys -t edit s
        wait_for 10 file_has "$d/NOTES.TXT" "second line" || why="NOTES.TXT was not saved"
    fi
    if [ -z "$why" ]; then
        tmux -L "$sock" send-keys -t edit M-f x
        wait_for 10 pane_has edit "EXIT=0" || why="EDIT did not exit with status 0"
    fi
    [ -n "$why" ] || printf 'Typed in a terminal\r\nsecond line\r\n' | cmp -s - "$d/NOTES.TXT" ||
        why="NOTES.TXT holds the wrong text"
    [ -z "$why" ] || pane edit | head -30 | sed 's/^/#   /'
    report "FreeDOS EDIT in the terminal (tmux): typed, saved" "$why"
    tmux -L "$sock" kill-session -t edit 2>/dev/null
}

# --- --keyboard fr in the terminal: French text typed into EDIT is saved in
# code page 850 (é on the 2 key of AZERTY, ê through the dead ^ key, É
# that no key types straight into the buffer) ---
edit_term_fr() {
    edit=$corpus/freedos/BIN/EDIT.EXE
    [ -f "$edit" ] || { skip "EDIT in the terminal, French keyboard" "corpus file missing"; return; }
    have tmux || { skip "EDIT in the terminal, French keyboard" "tmux not installed"; return; }
    d=$work/termfr; mkdir -p "$d"
    tmux -L "$sock" new-session -d -s fr -x 100 -y 30 \
        "cd $d && TERM=xterm LANG=C.UTF-8 '$unidos' --timeout 60 --ui term --keyboard fr '$edit' NOTES.TXT; echo EXIT=\$?; sleep 60"
    why=""
    wait_for 10 pane_has fr "FreeDOS Edit" || why="the editor did not show up"
    if [ -z "$why" ]; then
        tmux -L "$sock" send-keys -t fr -l "Été: à ç ù ê {azqwm}"
        wait_for 10 pane_has fr "azqwm" || why="typed text did not show"
    fi
    if [ -z "$why" ]; then
        sleep 0.5               # EDIT has drawn the last key: Esc f arrives in one read
        tmux -L "$sock" send-keys -t fr M-f
        wait_for 10 pane_has fr "Save as" || why="the File menu did not open"
    fi
    if [ -z "$why" ]; then
        tmux -L "$sock" send-keys -t fr s
        wait_for 10 test -s "$d/NOTES.TXT" || why="NOTES.TXT was not saved"
    fi
    want='90 74 82 3a 20 85 20 87 20 97 20 88 20 7b 61 7a 71 77 6d 7d 0d 0a'
    got=$(od -An -tx1 "$d/NOTES.TXT" 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
    [ -n "$why" ] || [ "$got" = "$want" ] || why="NOTES.TXT holds $got, expected $want"
    [ -z "$why" ] || pane fr | sed -n '1,8p;24,26p' | sed 's/^/#   /'   # the status line last
    report "--keyboard fr in the terminal (tmux): French text typed into EDIT saved in code page 850" "$why"
    tmux -L "$sock" kill-session -t fr 2>/dev/null
}

# --- the inline console (the DOS prompt in a terminal) with --keyboard fr:
# accented letters typed at the prompt reach DOS in code page 850 and its
# output shows them as UTF-8 ---
inline_fr() {
    have tmux || { skip "inline console, French keyboard" "tmux not installed"; return; }
    d=$work/inlfr; mkdir -p "$d"
    tmux -L "$sock" new-session -d -s ifr -x 100 -y 30 \
        "cd $d && TERM=xterm LANG=C.UTF-8 '$unidos' --timeout 60 --keyboard fr; echo EXIT=\$?; sleep 60"
    why=""
    wait_for 10 pane_has ifr 'C:\\>' || why="no DOS prompt"
    if [ -z "$why" ]; then
        tmux -L "$sock" send-keys -t ifr -l 'ECHO Été: à ç ù {azqwm} > FR.TXT'
        tmux -L "$sock" send-keys -t ifr Enter
        tmux -L "$sock" send-keys -t ifr -l 'TYPE FR.TXT'
        tmux -L "$sock" send-keys -t ifr Enter
        wait_for 10 pane_has ifr '^Été: à ç ù {azqwm}' || why="TYPE did not show the accented text"
    fi
    want='90 74 82 3a 20 85 20 87 20 97 20 7b 61 7a 71 77 6d 7d 20 0d 0a'
    got=$(od -An -tx1 "$d/FR.TXT" 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
    [ -n "$why" ] || [ "$got" = "$want" ] || why="FR.TXT holds $got, expected $want"
    [ -z "$why" ] || pane ifr | grep -v '^$' | head -8 | sed 's/^/#   /'
    report "inline console, --keyboard fr (tmux): accented text typed at the prompt, saved in 850, shown" "$why"
    tmux -L "$sock" kill-session -t ifr 2>/dev/null
}

# --- the terminal is restored when unidos is killed (SIGTERM) ---
term_restore() {
    edit=$corpus/freedos/BIN/EDIT.EXE
    [ -f "$edit" ] || { skip "terminal restored on SIGTERM" "corpus file missing"; return; }
    have tmux || { skip "terminal restored on SIGTERM" "tmux not installed"; return; }
    d=$work/restore; mkdir -p "$d"
    tmux -L "$sock" new-session -d -s rs -x 100 -y 30 \
        "cd $d && stty -g >before; sh -c 'echo \$\$ >pid; exec \"$unidos\" --timeout 60 --ui term \"$edit\"'; echo STATUS=\$?; stty -g >after; echo DONE; sleep 60"
    why=""
    wait_for 10 pane_has rs "FreeDOS Edit" || why="the editor did not show up"
    [ -n "$why" ] || kill -TERM "$(cat "$d/pid")"
    [ -n "$why" ] || wait_for 10 pane_has rs "DONE" || why="unidos did not stop"
    [ -n "$why" ] || pane_has rs "STATUS=143" || why="exit status is not 128+SIGTERM"
    [ -n "$why" ] || [ "$(alt_on rs)" = 0 ] || why="the alternate screen was not left"
    [ -n "$why" ] || pane_has rs "FreeDOS Edit" || why="EDIT's last screen was not left printed"
    [ -n "$why" ] || cmp -s "$d/before" "$d/after" || why="terminal modes differ after the kill"
    [ -z "$why" ] || pane rs | head -30 | sed 's/^/#   /'
    report "terminal modes and screen restored after SIGTERM" "$why"
    tmux -L "$sock" kill-session -t rs 2>/dev/null
}

# --- auto: console programs pass through, screen programs get the terminal ---
auto_switch() {
    pi=$corpus/nanochess/nanochess-pi/PI.COM
    [ -f "$pi" ] || { skip "auto frontend switch" "corpus file missing"; return; }
    have tmux || { skip "auto frontend switch" "tmux not installed"; return; }
    d=$work/auto; mkdir -p "$d"
    printf 'org 100h\nmov dx,m\nmov ah,9\nint 21h\nmov ax,4c00h\nint 21h\nm: db "plain console output",13,10,"$"\n' >"$d/p.asm"
    nasm -f bin -o "$d/P.COM" "$d/p.asm"
    tmux -L "$sock" new-session -d -s au -x 90 -y 30 \
        "cd $d && env -u DISPLAY -u WAYLAND_DISPLAY '$unidos' P.COM; while [ ! -f go ]; do sleep 0.1; done; env -u DISPLAY -u WAYLAND_DISPLAY '$unidos' --timeout 120 '$pi'; echo STATUS=\$?; sleep 60"
    why=""
    wait_for 10 pane_has au "plain console output" || why="console output did not pass through"
    touch "$d/go"
    [ -n "$why" ] || wait_for 60 pane_has au "^3.14159265358979323846" ||
        why="PI.COM did not get the full-screen terminal"
    [ -n "$why" ] || ! pane_has au "plain console output" ||
        why="the terminal did not switch to the alternate screen"
    [ -n "$why" ] || { sleep 0.3; tmux -L "$sock" send-keys -t au x; }
    [ -n "$why" ] || wait_for 10 pane_has au "STATUS=0" || why="PI.COM did not exit after a key"
    [ -n "$why" ] || pane_has au "plain console output" || why="the normal screen did not come back"
    [ -z "$why" ] || pane au | head -30 | sed 's/^/#   /'
    report "auto: passthrough for console output, terminal once the screen is used" "$why"
    tmux -L "$sock" kill-session -t au 2>/dev/null
}

# --- Bootle in the terminal: a solver reads the colours and plays ---
bootle() {
    dir=$corpus/nanochess/nanochess-bootle
    [ -f "$dir/BOOTLE.COM" ] || { skip "Bootle in the terminal" "corpus file missing"; return; }
    have tmux || { skip "Bootle in the terminal" "tmux not installed"; return; }
    have python3 || { skip "Bootle in the terminal" "python3 not installed"; return; }
    out=$(python3 "$here/bootle.py" "$unidos" "$dir" "$sock" 2>&1)
    rc=$?
    echo "$out" | sed 's/^/#   /'
    [ "$rc" = 0 ] && report "Bootle played to a win in the terminal (tmux)" "" ||
        report "Bootle played to a win in the terminal (tmux)" "the solver did not win"
}

# --- FreeDOS EDIT in a window under Xvfb: type, save, screenshot ---
start_xvfb() { # once: a private X server on a display of its own (tests/tap.sh)
    [ -n "$xvfb_pid" ] && return 0
    tap_start_xvfb "$work" || return 1
    xvfb_pid=$tap_xvfb_pid
    display=$tap_display
    wait_for 5 xdpyinfo_ok
}
# What the X server shows, for a window that did not appear.
windows_seen() {
    echo "#   windows: $(DISPLAY=$display xdotool search --name . getwindowname %@ 2>&1 | tr '\n' '|')"
    echo "#   unidos processes: $(pgrep -c -f "$unidos" 2>/dev/null)"
}
xdpyinfo_ok() { DISPLAY=$display xdotool getmouselocation >/dev/null 2>&1; }
window_id() { DISPLAY=$display xdotool search --name "EDIT.EXE - unidos" 2>/dev/null | head -1; }
window_up() { [ -n "$(window_id)" ]; }
edit_window() {
    edit=$corpus/freedos/BIN/EDIT.EXE
    [ -f "$edit" ] || { skip "EDIT in a window" "corpus file missing"; return; }
    for t in Xvfb xdotool; do
        have $t || { skip "EDIT in a window" "$t not installed"; return; }
    done
    start_xvfb || { skip "EDIT in a window" "Xvfb did not start"; return; }
    d=$work/win; mkdir -p "$d"
    (cd "$d" && DISPLAY=$display "$unidos" --timeout 60 --ui window \
        --screenshot shot.png "$edit" NOTES.TXT >out.txt 2>err.txt; echo $? >status) &
    why=""
    wait_for 30 window_up || { why="no window appeared in 30 s"; windows_seen; }
    if [ -z "$why" ]; then
        wid=$(window_id)
        DISPLAY=$display xdotool mousemove --window "$wid" 10 10 windowfocus "$wid"
        sleep 1
        DISPLAY=$display xdotool type --delay 30 "Typed in a window"
        sleep 1
        DISPLAY=$display xdotool key Return
        sleep 0.5
        DISPLAY=$display xdotool key alt+f
        sleep 0.5
        DISPLAY=$display xdotool key s
        wait_for 10 file_has "$d/NOTES.TXT" "Typed in a window" || why="NOTES.TXT was not saved"
    fi
    [ -n "$why" ] || { sleep 0.5; DISPLAY=$display xdotool key ctrl+F12; }
    [ -n "$why" ] || wait_for 10 test -f "$d/status" || why="Ctrl-F12 did not close the window"
    [ -n "$why" ] || [ "$(cat "$d/status")" = 130 ] || why="exit status $(cat "$d/status"), expected 130 (stopped by the user)"
    [ -n "$why" ] || printf 'Typed in a window\r\n\r\n' | cmp -s - "$d/NOTES.TXT" ||
        why="NOTES.TXT holds the wrong text"
    # the status line's clock (bottom right) changes: not compared; the picture is at
    # the mode's native resolution (720x400), the mouse pointer in the middle
    if [ -z "$why" ] && ! "$pngcmp" "$d/shot.png" "$here/edit-window.png" 560,370,720,400 \
        >"$d/cmp.txt"; then
        why="screenshot differs from edit-window.png: $(cat "$d/cmp.txt")"
        cp "$d/shot.png" "${TMPDIR:-/tmp}/unidos-edit-window-got.png"
    fi
    [ -z "$why" ] || sed 's/^/#   /' "$d/err.txt" | head -10
    report "FreeDOS EDIT in a window (Xvfb): typed, saved, screenshot matches" "$why"
}

# --- graphics: RAY.COM (mode 13h, x87), its first complete frame ---
ray() {
    dir=$corpus/nanochess/nanochess-raytracer
    [ -f "$dir/RAY.COM" ] || { skip "RAY.COM first frame" "corpus file missing"; return; }
    d=$work/ray; mkdir -p "$d"
    # RAY.COM polls INT 16h once per finished picture: the screenshot step
    # runs at that first poll, then a key ends it (back to text mode).
    (cd "$d" && "$unidos" --timeout 120 --ui headless --deterministic \
        --keys '{screenshot:ray.png}x' "$dir/RAY.COM" >out.txt 2>err.txt)
    rc=$?; why=""
    [ "$rc" = 0 ] || why="exit status $rc"
    if [ -z "$why" ] && ! "$pngcmp" "$d/ray.png" "$here/ray-first-frame.png" >"$d/cmp.txt"; then
        why="the first frame differs from ray-first-frame.png: $(cat "$d/cmp.txt")"
        cp "$d/ray.png" "${TMPDIR:-/tmp}/unidos-ray-got.png"
    fi
    report "RAY.COM: first complete frame (mode 13h, x87) matches ray-first-frame.png" "$why"
}

# --- graphics in the terminal: half blocks and a message line ---
gfx_term() {
    have tmux || { skip "graphics in the terminal" "tmux not installed"; return; }
    d=$work/gfxterm; mkdir -p "$d"
    nasm -f bin -o "$d/PAD.COM" "$here/mousepad.asm" || { report "graphics in the terminal" "nasm failed"; return; }
    tmux -L "$sock" new-session -d -s gt -x 100 -y 30 \
        "cd $d && TERM=xterm-256color '$unidos' --timeout 60 --ui term PAD.COM; echo STATUS=\$?; sleep 60"
    why=""
    wait_for 10 pane_has gt "graphics mode 13h, 320x200" || why="no message line"
    [ -n "$why" ] || pane_has gt "▀▀▀▀▀▀▀▀" || why="no half-block picture"
    [ -n "$why" ] || tmux -L "$sock" send-keys -t gt x
    [ -n "$why" ] || wait_for 10 pane_has gt "STATUS=255" || why="the program did not end on a key"
    [ -z "$why" ] || pane gt | head -5 | sed 's/^/#   /'
    report "mode 13h in the terminal: half blocks, message line, keys" "$why"
    tmux -L "$sock" kill-session -t gt 2>/dev/null
}

# --- the mouse in the terminal: xterm SGR reports reach INT 33h ---
term_mouse() {
    have python3 || { skip "mouse in the terminal" "python3 not installed"; return; }
    d=$work/tmouse; mkdir -p "$d"
    nasm -DTEXT -f bin -o "$d/PADT.COM" "$here/mousepad.asm" || { report "mouse in the terminal" "nasm failed"; return; }
    out=$(cd "$d" && python3 "$here/termmouse.py" "$unidos" PADT.COM 2>&1)
    rc=$?
    echo "$out" | sed 's/^/#   /'
    [ "$rc" = 0 ] && report "text mode in a terminal: an xterm mouse click reaches the program" "" ||
        report "text mode in a terminal: an xterm mouse click reaches the program" "wrong or no click"
}

# --- the mouse in a window: capture, relative motion, Ctrl-F5 ---
shot_of() { ls "$1/$2"-*.png 2>/dev/null | head -1 | grep .; }  # DIR, PROGRAM: its Ctrl-F5 file
pad_id() { DISPLAY=$display xdotool search --name "PAD.COM - unidos" 2>/dev/null | head -1; }
pad_up() { [ -n "$(pad_id)" ]; }
pad_captured() { DISPLAY=$display xdotool getwindowname "$(pad_id)" 2>/dev/null | grep -q "releases the mouse"; }
window_mouse() {
    for t in Xvfb xdotool; do
        have $t || { skip "mouse in a window" "$t not installed"; return; }
    done
    start_xvfb || { skip "mouse in a window" "Xvfb did not start"; return; }
    d=$work/wmouse; mkdir -p "$d"
    nasm -f bin -o "$d/PAD.COM" "$here/mousepad.asm" || { report "mouse in a window" "nasm failed"; return; }
    (cd "$d" && DISPLAY=$display "$unidos" --timeout 60 --ui window --screenshot-dir "$d" \
        PAD.COM >out.txt 2>err.txt; echo $? >status) &
    why=""
    wait_for 30 pad_up || { why="no window appeared in 30 s"; windows_seen; }
    if [ -z "$why" ]; then
        wid=$(pad_id)
        DISPLAY=$display xdotool mousemove --window "$wid" 100 100 windowfocus "$wid"
        sleep 1
        DISPLAY=$display xdotool key ctrl+F5
        wait_for 5 shot_of "$d" PAD || why="Ctrl-F5 saved no screenshot"
    fi
    shot=$(shot_of "$d" PAD)
    if [ -z "$why" ] && ! "$pngcmp" "$shot" "$here/mousepad-window.png" >"$d/cmp.txt"; then
        why="the Ctrl-F5 screenshot differs from mousepad-window.png: $(cat "$d/cmp.txt")"
        cp "$shot" "${TMPDIR:-/tmp}/unidos-mousepad-got.png"
    fi
    if [ -z "$why" ]; then
        DISPLAY=$display xdotool click 1      # captures the mouse (not passed on)
        wait_for 5 pad_captured || why="a click did not capture the mouse"
    fi
    if [ -z "$why" ]; then
        # 640x480 of picture in the 720x540 window: 1 host pixel = 1 mickey
        DISPLAY=$display xdotool mousemove_relative 40 0
        sleep 0.3
        DISPLAY=$display xdotool mousemove_relative 40 0
        sleep 0.3
        DISPLAY=$display xdotool click 1
        wait_for 10 test -f "$d/status" || why="the click did not reach the program"
    fi
    # x = 320 + 80 = 400; the program exits with x / 4
    [ -n "$why" ] || [ "$(cat "$d/status")" = 100 ] || why="exit status $(cat "$d/status"), expected 100"
    [ -z "$why" ] || sed 's/^/#   /' "$d/err.txt" | head -10
    report "mode 13h in a window (Xvfb): Ctrl-F5 screenshot, click to capture, relative motion, click" "$why"
    [ -f "$d/status" ] || DISPLAY=$display xdotool key ctrl+F12 2>/dev/null
}

# --- started from a desktop (no terminal, nothing on stdin, nobody reading
# stdout): the DOS prompt in a window; closing it at the prompt ends the
# session as EXIT would; a program's window stays until a key ---
title_id() { DISPLAY=$display xdotool search --name "$1" 2>/dev/null | head -1; }
title_up() { [ -n "$(title_id "$1")" ]; }
window_prompt() {
    name="a desktop start (Xvfb): the DOS prompt in a window, closed at the prompt"
    for t in Xvfb xdotool python3 nasm; do
        have $t || { skip "$name" "$t not installed"; return; }
    done
    start_xvfb || { skip "$name" "Xvfb did not start"; return; }
    d=$work/wprompt; mkdir -p "$d"
    printf 'org 100h\nmov dx,m\nmov ah,9\nint 21h\nmov ax,4c07h\nint 21h\nm: db "seven: the last screen shows",13,10,"$"\n' >"$d/e7.asm"
    nasm -f bin -o "$d/E7.COM" "$d/e7.asm"
    (cd "$d" && DISPLAY=$display "$unidos" --timeout 60 \
        --screen-dump prompt.txt </dev/null >/dev/null 2>err.txt; echo $? >status) &
    why=""
    wait_for 30 title_up "COMMAND.COM - unidos" || why="no window titled COMMAND.COM - unidos"
    if [ -z "$why" ]; then
        wid=$(title_id "COMMAND.COM - unidos")
        DISPLAY=$display xdotool mousemove --window "$wid" 10 10 windowfocus "$wid"
        sleep 0.5
        DISPLAY=$display xdotool type --delay 20 "ECHO one"
        DISPLAY=$display xdotool key Return Up BackSpace BackSpace BackSpace
        DISPLAY=$display xdotool type --delay 20 "typed in a window"
        DISPLAY=$display xdotool key Return
        DISPLAY=$display xdotool type --delay 20 "E7"
        DISPLAY=$display xdotool key Return
        sleep 1
        DISPLAY=$display python3 "$here/wmclose.py" "$wid" || why="wmclose failed"
    fi
    [ -n "$why" ] || wait_for 10 test -s "$d/status" || why="closing the window did not end unidos"
    [ -n "$why" ] || [ "$(cat "$d/status")" = 7 ] ||
        why="exit status $(cat "$d/status"), expected 7 (the ERRORLEVEL, as EXIT gives)"
    [ -n "$why" ] || grep -q '^C:\\>ECHO typed in a window$' "$d/prompt.txt" || why="the edited line is not on the screen"
    [ -n "$why" ] || grep -q '^seven: the last screen shows$' "$d/prompt.txt" || why="E7's output is not on the screen"
    [ -z "$why" ] || { sed 's/^/#   screen: /' "$d/prompt.txt" 2>/dev/null | head -12; sed 's/^/#   /' "$d/err.txt" | head -5; }
    report "$name" "$why"
    [ -f "$d/status" ] || DISPLAY=$display xdotool key ctrl+F12 2>/dev/null

    name="a desktop start (Xvfb): the window stays after the program ends, until a key"
    rm -f "$d/status"
    (cd "$d" && DISPLAY=$display "$unidos" --timeout 60 \
        --screen-dump e7.txt E7.COM </dev/null >/dev/null 2>err.txt; echo $? >status) &
    why=""
    wait_for 30 title_up "E7.COM .ended with status 7" || why="no window titled with the end status"
    [ -n "$why" ] || [ ! -f "$d/status" ] || why="unidos ended before a key"
    # the window shows the last screen, though no frame came before the end
    if [ -z "$why" ] && have xwd; then
        DISPLAY=$display xwd -silent -id "$(title_id "E7.COM")" >"$d/e7.xwd" 2>/dev/null
        lit=$(python3 "$here/xwdlit.py" "$d/e7.xwd" 2>/dev/null | cut -d' ' -f3)
        [ "${lit:-0}" -gt 300 ] || why="the window is blank ($lit lit pixels): the last screen was not drawn"
    fi
    if [ -z "$why" ]; then
        wid=$(title_id "E7.COM")
        DISPLAY=$display xdotool mousemove --window "$wid" 10 10 windowfocus "$wid"
        sleep 0.3
        DISPLAY=$display xdotool key space
    fi
    [ -n "$why" ] || wait_for 10 test -s "$d/status" || why="a key did not close the window"
    [ -n "$why" ] || [ "$(cat "$d/status")" = 7 ] || why="exit status $(cat "$d/status"), expected 7"
    [ -n "$why" ] || grep -q '^seven: the last screen shows$' "$d/e7.txt" || why="the output is not on the screen"
    report "$name" "$why"
    [ -f "$d/status" ] || DISPLAY=$display xdotool key ctrl+F12 2>/dev/null

    name="a desktop start (Xvfb): the window left after the end closes at --timeout"
    rm -f "$d/status"
    (cd "$d" && DISPLAY=$display "$unidos" --timeout 3 E7.COM </dev/null >/dev/null 2>err.txt;
     echo $? >status) &
    why=""
    wait_for 10 title_up "E7.COM .ended with status 7" || why="no window titled with the end status"
    [ -n "$why" ] || wait_for 6 test -s "$d/status" || why="still open 6 s after a 3 s --timeout"
    [ -n "$why" ] || [ "$(cat "$d/status")" = 7 ] || why="exit status $(cat "$d/status"), expected the program's 7"
    report "$name" "$why"
    [ -f "$d/status" ] || DISPLAY=$display xdotool key ctrl+F12 2>/dev/null
}

# --- Ctrl-F5 in the window: named after the program and the time, never
# overwritten, in --screenshot-dir or the pictures directory; the path on
# stderr ---
shot_window_or_end() { title_up "WAITKEY.COM" || [ -s "$d/status" ]; }
window_shots() {
    name="Ctrl-F5 screenshots in the window (Xvfb)"
    for t in Xvfb xdotool nasm; do
        have $t || { skip "$name" "$t not installed"; return; }
    done
    start_xvfb || { skip "$name" "Xvfb did not start"; return; }
    d=$work/shots; mkdir -p "$d/out" "$d/home/Pictures"
    printf 'org 100h\nxor ah,ah\nint 16h\nmov ax,4c00h\nint 21h\n' >"$d/wait.asm"
    nasm -f bin -o "$d/WAITKEY.COM" "$d/wait.asm"
    why=""
    for where in dir pictures; do
        opt=""; [ "$where" = dir ] && opt="--screenshot-dir $d/out"
        # A window that does not come is reported with what unidos did, and
        # tried once more (CI saw one missing on a loaded machine, twice in
        # some hundred runs; it never failed here twice in a row).
        up=""
        for try in 1 2; do
            rm -f "$d/status"
            # shellcheck disable=SC2086
            (cd "$d" && HOME=$d/home XDG_CONFIG_HOME=$d/home/none DISPLAY=$display "$unidos" \
                --timeout 60 --ui window $opt WAITKEY.COM </dev/null >out.txt 2>"err-$where.txt";
             echo $? >status) &
            runner=$!
            wait_for 30 shot_window_or_end
            title_up "WAITKEY.COM" && { up=1; break; }
            st=running; [ -s "$d/status" ] && st="exit status $(cat "$d/status")"
            echo "# no window ($where, try $try): $st; stderr: $(head -c 300 "$d/err-$where.txt" | tr '\n' '|');" \
                "windows: $(DISPLAY=$display xdotool search --name . getwindowname %@ 2>/dev/null | head -5 | tr '\n' '|')"
            pkill -P "$runner" 2>/dev/null
            wait "$runner" 2>/dev/null
        done
        [ -n "$up" ] || { why="$why no window ($where);"; continue; }
        wid=$(title_id "WAITKEY.COM")
        DISPLAY=$display xdotool mousemove --window "$wid" 10 10 windowfocus "$wid"
        sleep 0.5
        DISPLAY=$display xdotool key ctrl+F5
        sleep 0.5
        DISPLAY=$display xdotool key ctrl+F5
        sleep 0.5
        DISPLAY=$display xdotool key x
        wait_for 10 test -s "$d/status" || { why="$why did not end ($where);"; continue; }
    done
    shots=$(ls "$d"/out/WAITKEY-*.png 2>/dev/null | wc -l)
    [ "$shots" = 2 ] || why="$why $shots files in --screenshot-dir, expected 2;"
    grep -q "screenshot saved as $d/out/WAITKEY-" "$d/err-dir.txt" || why="$why the path is not on stderr;"
    pics=$(ls "$d"/home/Pictures/WAITKEY-*.png 2>/dev/null | wc -l)
    [ "$pics" = 2 ] || why="$why $pics files in ~/Pictures, expected 2;"
    ls "$d"/*.png >/dev/null 2>&1 && why="$why a screenshot landed in the current directory (C:);"
    report "$name: named after the program, never overwritten, outside C:" "$why"
}

# --- disk swapping: Ctrl-F4 inserts the second floppy image of A: ---
two_floppies() { # dir: d1.img (DISK.TXT "one") and d2.img (DISK.TXT "two")
    mkfs.fat -C -n DISK1 "$1/d1.img" 1440 >/dev/null && mkfs.fat -C -n DISK2 "$1/d2.img" 1440 >/dev/null &&
        printf 'one\r\n' >"$1/ONE.TXT" && printf 'two\r\n' >"$1/TWO.TXT" &&
        mcopy -i "$1/d1.img" "$1/ONE.TXT" ::DISK.TXT && mcopy -i "$1/d2.img" "$1/TWO.TXT" ::DISK.TXT
}
swap_term() {
    for t in tmux mkfs.fat mcopy; do
        have $t || { skip "Ctrl-F4 in the terminal" "$t not installed"; return; }
    done
    d=$work/swapt; mkdir -p "$d"; two_floppies "$d"
    tmux -L "$sock" new-session -d -s sw -x 100 -y 30 \
        "cd '$d' && '$unidos' --timeout 60 --ui term -m a=d1.img -m a=d2.img; sleep 5"
    why=""
    wait_for 10 pane_has sw 'C:.>' || why="no prompt"
    [ -n "$why" ] || { tmux -L "$sock" send-keys -t sw 'TYPE A:\DISK.TXT' Enter; wait_for 10 pane_has sw '^one' || why="disk 1 not read"; }
    [ -n "$why" ] || { tmux -L "$sock" send-keys -t sw C-F4; sleep 0.3; tmux -L "$sock" send-keys -t sw 'TYPE A:\DISK.TXT' Enter; wait_for 10 pane_has sw '^two' || why="Ctrl-F4 did not insert disk 2"; }
    [ -n "$why" ] || tmux -L "$sock" send-keys -t sw EXIT Enter
    report "Ctrl-F4 swaps the floppy image of A: in the terminal (tmux)" "$why"
    tmux -L "$sock" kill-session -t sw 2>/dev/null
}
swap_window() {
    for t in Xvfb xdotool mkfs.fat mcopy; do
        have $t || { skip "Ctrl-F4 in a window" "$t not installed"; return; }
    done
    start_xvfb || { skip "Ctrl-F4 in a window" "Xvfb did not start"; return; }
    d=$work/swapw; mkdir -p "$d"; two_floppies "$d"
    (cd "$d" && DISPLAY=$display "$unidos" --timeout 60 --ui window --screen-dump screen.txt \
        -m a=d1.img -m a=d2.img >out.txt 2>err.txt; echo $? >status) &
    why=""
    wid=""
    swap_window_up() { wid=$(DISPLAY=$display xdotool search --name "COMMAND.COM - unidos" 2>/dev/null | head -1); [ -n "$wid" ]; }
    wait_for 30 swap_window_up || { why="no window appeared in 30 s"; windows_seen; }
    if [ -z "$why" ]; then
        DISPLAY=$display xdotool mousemove --window "$wid" 10 10 windowfocus "$wid"
        sleep 1
        DISPLAY=$display xdotool type --delay 30 'type a:\disk.txt'
        DISPLAY=$display xdotool key Return
        sleep 0.5
        DISPLAY=$display xdotool key ctrl+F4
        sleep 0.5
        DISPLAY=$display xdotool type --delay 30 'type a:\disk.txt'
        DISPLAY=$display xdotool key Return
        sleep 0.5
        DISPLAY=$display xdotool type --delay 30 'exit'
        DISPLAY=$display xdotool key Return
        sleep 1
        DISPLAY=$display xdotool key space
        wait_for 10 test -f "$d/status" || why="the window did not close"
    fi
    [ -n "$why" ] || { grep -q '^one' "$d/screen.txt" && grep -q '^two' "$d/screen.txt"; } ||
        why="the screen does not show both disks: $(tr '\n' '|' <"$d/screen.txt" | head -c 300)"
    report "Ctrl-F4 swaps the floppy image of A: in a window (Xvfb)" "$why"
}


# Without the corpus the cases that run its programs skip; the others
# (graphics in the terminal, the mouse, the desktop start) still run.
pi
edit_term
edit_term_fr
inline_fr
term_restore
auto_switch
bootle
edit_window
ray
gfx_term
term_mouse
window_mouse
window_prompt
swap_term
swap_window
window_shots
tap_end video
