#!/bin/sh
# FreeDOS EDIT in a window under Xvfb, RUNS times (make hostile-long runs it
# 50 times with the AddressSanitizer build): type a line, resize the window
# twice, click to capture the mouse and Ctrl-F10 to release it, Ctrl-F5
# for a screenshot, save through the File menu, quit through it. Every run
# must save the file, write the screenshot, exit with 0, and leave no
# sanitizer report or host signal. A failed run keeps its directory (its
# stderr) in $KEEP (default /tmp/unidos-edit-failed).
# Usage: tests/hostile/edit_window.sh UNIDOS RUNS   (TAP on stdout)
set -u
unidos=$(realpath "$1"); runs=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$here/../../../shared/corpus}
edit=$corpus/freedos/BIN/EDIT.EXE
keep=${KEEP:-/tmp/unidos-edit-failed}
work=$(mktemp -d)
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
have() { command -v "$1" >/dev/null 2>&1; }
wait_for() { # seconds, command...
    t=$(($1 * 10)); shift
    while [ $t -gt 0 ]; do "$@" && return 0; sleep 0.1; t=$((t - 1)); done
    return 1
}
name="FreeDOS EDIT in a window ($runs runs): typed, resized, mouse captured, Ctrl-F5, saved, quit"
if [ ! -f "$edit" ]; then echo "ok 1 - $name # SKIP corpus file missing"; echo "1..1"; exit 0; fi
for t in Xvfb xdotool; do
    have $t || { echo "ok 1 - $name # SKIP $t not installed"; echo "1..1"; exit 0; }
done
x() { DISPLAY=$display xdotool "$@"; }
x_ok() { x getmouselocation >/dev/null 2>&1; }
start_xvfb() {
    for n in 81 82 83 84 85 86 87 88 89; do
        [ -e "/tmp/.X$n-lock" ] && continue
        Xvfb ":$n" -screen 0 1024x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
        xvfb_pid=$!
        display=":$n"
        wait_for 5 x_ok && return 0
        kill "$xvfb_pid" 2>/dev/null; xvfb_pid=""
    done
    return 1
}
start_xvfb || { echo "ok 1 - $name # SKIP Xvfb did not start"; echo "1..1"; exit 0; }
win() { x search --name "EDIT.EXE - unidos" 2>/dev/null | head -1; }
up() { [ -n "$(win)" ]; }
got_wid() { wid=$(win); [ -n "$wid" ] && x getwindowname "$wid" >/dev/null 2>&1; }
captured() { x getwindowname "$(win)" 2>/dev/null | grep -q "releases the mouse"; }
released() { ! captured; }
has() { grep -q "$2" "$1" 2>/dev/null; }

# One session in directory $1; prints why it failed (nothing when it passed).
session() {
    d=$1; i=$2
    text="Run $i typed in a window"
    (cd "$d" && DISPLAY=$display "$unidos" --timeout 120 --ui window EDIT.EXE NOTES.TXT \
        </dev/null >out.txt 2>err.txt; echo $? >"$d/status") >/dev/null 2>&1 &
    wait_for 60 up || { echo "no window in 60 s"; return; }
    wid=""
    wait_for 10 got_wid || { echo "no window id"; return; }
    x mousemove --window "$wid" 40 40 windowfocus --sync "$wid"
    sleep 1.5
    x type --delay 40 "$text"
    x key Return
    sleep 0.5
    x windowsize "$wid" 900 640 2>/dev/null || echo "the window could not be resized"
    sleep 0.7
    x windowsize "$wid" 640 420 2>/dev/null || echo "the window could not be resized back"
    sleep 0.7
    x mousemove --window "$wid" 200 150 click 1
    wait_for 10 captured || echo "a click did not capture the mouse"
    x key ctrl+F10
    wait_for 10 released || echo "Ctrl-F10 did not release the mouse"
    x key ctrl+F5
    wait_for 10 test -f "$d/unidos-shot-001.png" || echo "Ctrl-F5 saved no screenshot"
    x key alt+f
    sleep 0.5
    x key s
    wait_for 20 has "$d/NOTES.TXT" "$text" || echo "NOTES.TXT was not saved"
    sleep 1                     # the menu closes and EDIT redraws after writing
    x key alt+f
    sleep 0.7
    x key x
    wait_for 30 test -s "$d/status" || { echo "EDIT did not quit"; x key ctrl+F12; sleep 2; }
    rc=$(cat "$d/status" 2>/dev/null)
    [ "$rc" = 0 ] || echo "exit status ${rc:-none}, expected 0"
    ! grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error|signal [0-9]' "$d/err.txt" ||
        echo "a sanitizer report or signal: $(grep -Em2 'Sanitizer|runtime error|signal' "$d/err.txt")"
}

fail=0; i=0; t0=$(date +%s)
while [ $i -lt $runs ]; do
    i=$((i + 1))
    d=$work/run$i; mkdir -p "$d"; cp "$edit" "$d/EDIT.EXE"
    why=$(session "$d" $i | tr '\n' ';')
    if [ -n "$why" ]; then
        fail=$((fail + 1))
        mkdir -p "$keep"; rm -rf "$keep/run$i"; cp -r "$d" "$keep/run$i"
        echo "# run $i: $why (kept in $keep/run$i)"
    fi
    rm -rf "$d"
done
secs=$(($(date +%s) - t0))
if [ $fail = 0 ]; then echo "ok 1 - $name in $secs s"
else echo "not ok 1 - $name: $fail of $runs runs failed"; fi
echo "1..1"
[ $fail = 0 ]
