#!/bin/sh
# The window on a desktop, tried as a user would under Xvfb with no window
# manager: the picture's size and pixels for every --scale, --aspect and
# --filter (a text screen and mode 13h, tests/video/scaletest.asm; the
# window's content captured with xwd and compared with the golden PNGs in
# tests/video/window/, UPDATE_GOLDEN=1 rewrites them), the first window's
# size, Alt+Enter to fullscreen and back (xwininfo), --fullscreen, the
# icon, the speed and volume keys shown in the title and kept from the
# program, and keyboard layouts.
# Usage: tests/video/window.sh UNIDOS PNGCMP   (WINDOW_TESTS: which groups)
set -u
unidos=$(realpath "$1")
pngcmp=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
golden=$here/window
work=$(mktemp -d)
xvfb_pid=""
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
n=0
fail=0
report() { # name, why ("" = ok)
    n=$((n + 1))
    if [ -z "$2" ]; then
        echo "ok $n - $1"
    else
        fail=$((fail + 1))
        echo "not ok $n - $1: $2"
    fi
}
have() { command -v "$1" >/dev/null 2>&1; }
wait_for() { # SECONDS COMMAND...
    t=$(($1 * 10)); shift
    while [ "$t" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1; t=$((t - 1))
    done
    return 1
}
for t in Xvfb xdotool xwd xwininfo xprop python3 nasm; do
    have $t || { echo "# skip: $t not installed"; echo "1..0"; exit 0; }
done

# A 1200x900 screen: the first window is two thirds of its height, 800x600.
DESK_W=1200
DESK_H=900
start_xvfb() {
    for d in 81 82 83 84 85 86 87 88; do
        [ -e "/tmp/.X$d-lock" ] && continue
        # -noreset: an X server resets (keymap included) when its last
        # client leaves, which setxkbmap is when nothing else runs
        Xvfb ":$d" -noreset -screen 0 ${DESK_W}x${DESK_H}x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
        xvfb_pid=$!
        DISPLAY=":$d"
        export DISPLAY
        wait_for 5 xdotool getmouselocation >/dev/null 2>&1 && return 0
        kill "$xvfb_pid" 2>/dev/null; xvfb_pid=""
    done
    return 1
}
start_xvfb || { echo "# skip: Xvfb did not start"; echo "1..0"; exit 0; }
nasm -f bin -o "$work/TEXT.COM" "$here/scaletest.asm" &&
    nasm -DGFX -f bin -o "$work/GFX.COM" "$here/scaletest.asm" &&
    nasm -f bin -o "$work/HOSTKEYS.COM" "$here/hostkeys.asm" || { echo "1..0"; exit 1; }
cd "$work" || exit 1

win_id() { xdotool search --pid "$1" --name "$2 - unidos" 2>/dev/null | head -1; }
# geometry WID: "X Y W H" of the window on the screen
geometry() {
    [ -n "$1" ] || return 0             # xwininfo without an id waits for a click
    xwininfo -id "$1" | awk '/Absolute upper-left X/ { x = $NF } /Absolute upper-left Y/ { y = $NF }
        /Width:/ { w = $NF } /Height:/ { h = $NF } END { print x, y, w, h }'
}
# start PROGRAM OPTIONS...: PROGRAM (TEXT.COM...) in a window with the
# arguments in $ARGS, PID and WID set (WID "" when no window came). A start that shows nothing for 30 s (the machine is busy:
# SDL's start-up alone can take seconds) is killed and tried once more.
start() {
    prog=$1; shift
    for attempt in 1 2; do
        # shellcheck disable=SC2086
        "$unidos" --timeout 90 --ui window "$@" "$prog" ${ARGS:-} >out.txt 2>err.txt &
        PID=$!
        WID=""
        wait_for 30 sh -c "xdotool search --pid $PID --name '$prog - unidos' >/dev/null 2>&1" &&
            WID=$(win_id "$PID" "$prog")
        [ -n "$WID" ] && return 0
        echo "#   no window in 30 s (attempt $attempt)"; sed 's/^/#   /' err.txt
        kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
    done
}
# press KEY...: typed into the window (focused first: there is no window manager)
press() {
    xdotool mousemove --window "$WID" 10 10 windowfocus "$WID" 2>/dev/null
    xdotool key "$@"
}
# finish: a key ends the program (else it is killed)
finish() {
    [ -n "$WID" ] && press x 2>/dev/null
    wait_for 10 sh -c "! kill -0 $PID 2>/dev/null" || kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
}
# settled WID: the window shows a picture (its content stopped changing)
settled() {
    xwd -id "$1" -silent >a.xwd 2>/dev/null && python3 "$here/xwdpng.py" a.xwd a.png --box >a.box &&
        [ "$(cat a.box)" != "0 0 0 0" ] && [ "$(cat a.box)" = "$(cat b.box 2>/dev/null)" ] &&
        return 0
    cp a.box b.box 2>/dev/null
    return 1
}

# --- every scaling, aspect and filter: the picture's place, and its pixels ---
# expected "X Y W H" of the picture in the 800x600 window
expect() { # screen scale aspect
    case "$1/$2/$3" in
    TEXT/integer/on) echo "40 30 720 540" ;;        # 720x400 shown 4:3, 1x
    TEXT/integer/off) echo "40 100 720 400" ;;
    TEXT/fit/off) echo "0 78 800 444" ;;            # 720:400
    GFX/integer/on) echo "80 60 640 480" ;;         # 320x200 shown 4:3, 2x
    GFX/integer/off) echo "80 100 640 400" ;;
    GFX/fit/off) echo "0 50 800 500" ;;             # 320:200
    *) echo "0 0 800 600" ;;                        # fit 4:3, stretch
    esac
}
scaling() {
    for screen in TEXT GFX; do
        for scale in integer fit stretch; do
            for aspect in on off; do
                for filter in nearest sharp linear; do
                    one_scaling "$screen" "$scale" "$aspect" "$filter"
                done
            done
        done
    done
}
one_scaling() {
    screen=$1; scale=$2; aspect=$3; filter=$4
    name="$screen --scale $scale --aspect $aspect --filter $filter"
    png=$golden/$(echo "$screen" | tr A-Z a-z)-$scale-$aspect-$filter.png
    rm -f a.box b.box
    start "$screen.COM" --scale "$scale" --aspect "$aspect" --filter "$filter"
    why=""
    [ -n "$WID" ] || why="no window"
    [ -n "$why" ] || [ "$(geometry "$WID" | cut -d' ' -f3,4)" = "800 600" ] ||
        why="window $(geometry "$WID"), expected 800x600"
    [ -n "$why" ] || wait_for 10 settled "$WID" || why="no picture"
    [ -n "$why" ] || [ "$(cat a.box)" = "$(expect "$screen" "$scale" "$aspect")" ] ||
        why="picture at $(cat a.box), expected $(expect "$screen" "$scale" "$aspect")"
    if [ -z "$why" ] && [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        mkdir -p "$golden"; cp a.png "$png"
    elif [ -z "$why" ] && ! "$pngcmp" a.png "$png" >cmp.txt 2>&1; then
        why="window content differs from $(basename "$png"): $(cat cmp.txt)"
        cp a.png "${TMPDIR:-/tmp}/unidos-$(basename "$png")"
    fi
    finish
    report "$name: picture $(expect "$screen" "$scale" "$aspect"), golden PNG" "$why"
}

# --- fullscreen: Alt+Enter covers the display and comes back ---
fullscreen() {
    start GFX.COM
    why=""
    [ -n "$WID" ] || why="no window"
    was=$(geometry "$WID")
    [ -n "$why" ] || [ "$(echo "$was" | cut -d' ' -f3,4)" = "800 600" ] ||
        why="the first window is $was, expected 800x600 (2/3 of a ${DESK_W}x$DESK_H screen)"
    press alt+Return
    [ -n "$why" ] || wait_for 5 sh -c "[ \"\$(xwininfo -id $WID | grep -c 'Width: $DESK_W\|Height: $DESK_H')\" = 2 ]" ||
        why="Alt+Enter: window $(geometry "$WID"), expected 0 0 $DESK_W $DESK_H"
    [ -n "$why" ] || [ "$(geometry "$WID")" = "0 0 $DESK_W $DESK_H" ] ||
        why="Alt+Enter: window $(geometry "$WID"), expected 0 0 $DESK_W $DESK_H"
    [ -n "$why" ] || wait_for 5 settled "$WID" || why="no picture fullscreen"
    [ -n "$why" ] || [ "$(cat a.box)" = "120 90 960 720" ] ||
        why="fullscreen picture at $(cat a.box), expected 120 90 960 720 (3x, 4:3)"
    press alt+Return
    [ -n "$why" ] || wait_for 5 sh -c "xwininfo -id $WID | grep -q 'Width: 800'" ||
        why="Alt+Enter again: window $(geometry "$WID"), expected $was"
    [ -n "$why" ] || [ "$(geometry "$WID")" = "$was" ] ||
        why="Alt+Enter again: window $(geometry "$WID"), expected $was"
    finish
    report "Alt+Enter: fullscreen on the ${DESK_W}x$DESK_H display, then back to $was" "$why"

    start GFX.COM --fullscreen
    why=""
    [ -n "$WID" ] || why="no window"
    [ -n "$why" ] || wait_for 5 sh -c "xwininfo -id $WID | grep -q 'Width: $DESK_W'" ||
        why="--fullscreen: window $(geometry "$WID"), expected $DESK_W x $DESK_H"
    press alt+Return
    [ -n "$why" ] || wait_for 5 sh -c "xwininfo -id $WID | grep -q 'Width: 800'" ||
        why="Alt+Enter: window $(geometry "$WID"), expected 800x600"
    finish
    report "--fullscreen opens fullscreen; Alt+Enter gives the 800x600 window" "$why"
}

# --- the icon: _NET_WM_ICON holds the 64x64 picture ---
icon() {
    start TEXT.COM
    why=""
    [ -n "$WID" ] || why="no window"
    [ -n "$why" ] || wait_for 5 sh -c "xprop -id $WID _NET_WM_ICON | grep -q 'Icon (64 x 64)'" ||
        why="no 64x64 _NET_WM_ICON: $(xprop -id "$WID" _NET_WM_ICON | head -1)"
    finish
    report "the window has unidos' icon (_NET_WM_ICON, 64x64)" "$why"
}

# --- the speed and volume keys, shown in the title ---
title_has() { xdotool getwindowname "$WID" | grep -q -- "$1"; }
keys() {
    start GFX.COM --speed 386
    why=""
    [ -n "$WID" ] || why="no window"
    [ -n "$why" ] || title_has "GFX.COM - unidos - speed 386$" || why="title '$(xdotool getwindowname "$WID")'"
    press alt+F12
    [ -n "$why" ] || wait_for 5 title_has "speed 15000/ms, volume 100%" ||
        why="Alt-F12: title '$(xdotool getwindowname "$WID")'"
    press alt+F11 alt+F11
    [ -n "$why" ] || wait_for 5 title_has "speed 3000/ms" ||
        why="Alt-F11 twice: title '$(xdotool getwindowname "$WID")'"
    press shift+F11 shift+F11
    [ -n "$why" ] || wait_for 5 title_has "volume 80%" ||
        why="Shift-F11 twice: title '$(xdotool getwindowname "$WID")'"
    press ctrl+shift+F11
    [ -n "$why" ] || wait_for 5 title_has "volume 80% (muted)" ||
        why="Ctrl-Shift-F11: title '$(xdotool getwindowname "$WID")'"
    press shift+F12
    [ -n "$why" ] || wait_for 5 title_has "volume 90%$" ||
        why="Shift-F12: title '$(xdotool getwindowname "$WID")'"
    finish
    report "Alt-F11/F12 change the speed, Shift-F11/F12 the volume, Ctrl-Shift-F11 mutes: in the title" "$why"
}

# --- a German keyboard: typing into FreeDOS EDIT saves German characters ---
corpus=${UNIDOS_CORPUS:-$here/../../../shared/corpus}
edit_german() { # --keyboard value, other options
    name="setxkbmap de, EDIT in a window with --keyboard $1: typed German text saved (code page 850)"
    edit=$corpus/freedos/BIN/EDIT.EXE
    [ -f "$edit" ] || { n=$((n + 1)); echo "ok $n - $name # SKIP corpus missing"; return; }
    rm -f NOTES.TXT
    cp "$edit" EDIT.EXE
    ARGS=NOTES.TXT
    kb=$1; shift
    start EDIT.EXE --keyboard "$kb" "$@"
    ARGS=""
    why=""
    [ -n "$WID" ] || why="no window"
    if [ -z "$why" ]; then
        sleep 1
        xdotool mousemove --window "$WID" 10 10 windowfocus "$WID"
        xdotool type --delay 60 'Grüße, Maß: äöü @ {z}'
        sleep 0.5; press Return; sleep 0.3; press alt+f; sleep 0.5; press s
        wait_for 10 test -s NOTES.TXT || why="NOTES.TXT was not saved"
    fi
    want='47 72 81 e1 65 2c 20 4d 61 e1 3a 20 84 94 81 20 40 20 7b 7a 7d 0d 0a 0d 0a'
    got=$(od -An -tx1 NOTES.TXT 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
    [ -n "$why" ] || [ "$got" = "$want" ] || why="NOTES.TXT holds $got, expected $want"
    [ -n "$why" ] || [ "$kb" != auto ] || grep -q "keyboard: de" err.txt ||
        why="the host's German layout was not taken: $(grep keyboard: err.txt)"
    press ctrl+F12
    finish
    report "$name" "$why"
}
keyboard() {
    setxkbmap de
    if ! setxkbmap -query | grep -q '^layout: *de$'; then
        n=$((n + 1)); echo "ok $n - setxkbmap de, typing into EDIT # SKIP setxkbmap de did not take"
        return
    fi
    edit_german auto --trace bios
    edit_german de
    setxkbmap us
}

# --- the window's keys stop at the window: a program reading INT 16h's
# enhanced keys gets none of Alt+Enter (a game would take its Enter),
# Alt-F12, Shift-F11 ---
host_keys_stop() {
    start HOSTKEYS.COM
    why=""
    [ -n "$WID" ] || why="no window"
    alive() { kill -0 "$PID" 2>/dev/null || why="the program ended: $(cat out.txt)"; }
    size_is() { xwininfo -id "$WID" 2>/dev/null | grep -q "Width: $1"; }
    [ -n "$why" ] || { press alt+Return; sleep 0.5; alive; }
    [ -n "$why" ] || wait_for 5 size_is "$DESK_W" || why="Alt+Enter: no fullscreen"
    [ -n "$why" ] || { press alt+Return; wait_for 5 size_is 800 || why="Alt+Enter: no window again"; }
    [ -n "$why" ] || alive
    [ -n "$why" ] || { press alt+F12 shift+F11; sleep 0.5; alive; }
    [ -n "$why" ] || press x
    wait_for 10 sh -c "! kill -0 $PID 2>/dev/null" || kill "$PID" 2>/dev/null
    wait "$PID"
    rc=$?
    [ -n "$why" ] || [ "$rc" = 0 ] || why="exit status $rc: the program $(cat out.txt)"
    report "Alt+Enter, Alt-F12, Shift-F11 stop at the window: the program's first key is x" "$why"
}

# WINDOW_TESTS="keys keyboard" runs some of them only
for t in ${WINDOW_TESTS:-scaling fullscreen icon keys host_keys_stop keyboard}; do
    "$t"
done
echo "1..$n"
[ "$fail" = 0 ] || { echo "# $fail of $n window tests failed"; exit 1; }
