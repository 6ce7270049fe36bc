#!/bin/sh
# The differential tests (make difftest): DOSBox 0.74 as the reference.
# Each case of tests/difftest/cases runs under unidos and under DOSBox with
# the same files in drive C: and the same batch file, run by each side's own
# shell: a step's stdout goes through DOS redirection to _On.TXT and its
# ERRORLEVEL to _En.TXT on both sides, and then every file either side left
# in C: (outputs, files the programs wrote, screens photographed by SNAP.COM)
# must be byte-identical. Differences that are deliberate, or DOSBox's own
# bugs, are listed with their reasons in tests/difftest/known_differences.txt;
# a listed difference that no longer occurs fails too. Cases unidos cannot run
# yet are "pending" there (TAP TODO), with DOSBox's outputs recorded in
# tests/difftest/reference/NAME (DIFFTEST_CAPTURE=1 records them again).
# Then RAY's frame as DOSBox's own screenshot (Ctrl-F5 in a window under
# Xvfb) against unidos's --screenshot of RAY.COM.
#
# DOSBox runs live, never from a cache: each case takes about a second of
# DOSBox, and DIFFTEST_JOBS (default 2) cases run at once.
# usage: tests/difftest/run.sh UNIDOS BUILD_DIR PNGCMP [CASE...]   (TAP on stdout)
# Without dosbox or the corpus everything is skipped, unless
# UNIDOS_REQUIRE_CORPUS=1 (CI), which turns each skip into a failure.
# DIFFTEST_KEEP=1 keeps the work directory (both sides' drives and logs).
set -u
unidos=$(realpath "$1")
build=$(realpath "$2")
pngcmp=$(realpath "$3")
shift 3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/tap.sh"
corpus=${UNIDOS_CORPUS:-$root/../shared/corpus}
[ -d "$corpus" ] && corpus=$(cd "$corpus" && pwd)
work=$(mktemp -d)
xvfb_pid=""
cleanup() {
    [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null
    if [ -n "${DIFFTEST_KEEP:-}" ]; then echo "# kept: $work"; else rm -rf "$work"; fi
}
tap_on_exit cleanup
export UNIDOS="$unidos" CASES="$here/cases" KNOWN="$here/known_differences.txt" WORK="$work"
export CORPUS="$corpus" REPO="$root" BUILD="$build" REFERENCE="$here/reference"

names=${*:-$(awk '$1 == "case" { print $2 }' "$CASES")}
if ! command -v dosbox >/dev/null 2>&1; then
    for c in $names; do tap_skip_required "$c" "dosbox is not installed (make deps installs it)"; done
    tap_end difftest
    exit
fi
if [ ! -d "$corpus" ]; then
    for c in $names; do tap_skip_required "$c" "corpus not found at $corpus"; done
    tap_end difftest
    exit
fi

echo "$names" | tr ' ' '\n' | grep . |
    xargs -P "${DIFFTEST_JOBS:-2}" -n 1 sh "$here/case.sh"
for c in $names; do
    r=$work/$c.result
    if [ ! -f "$r" ]; then
        tap_report "$c" "the case did not run"
        continue
    fi
    status=$(head -1 "$r" | cut -f1)
    text=$(head -1 "$r" | cut -f2-)
    case $status in
    ok) tap_report "$c: $text" "" ;;
    skip) tap_skip_required "$c" "$text" ;;
    todo) tap_todo "$c: $text" "pending" ;;
    todo-ok) tap_todo_ok "$c: $text" ;;
    *) tap_report "$c" "$text" ;;
    esac
    tail -n +2 "$r" | sed 's/^/#   /' | head -40
done

# --- RAY.COM's frame: DOSBox's screenshot against unidos's ---
# DOSBox 0.74 has no FCOMIP (a P6 instruction RAY.COM uses), so it runs
# RAY387.COM: ray.asm assembled with FCOMP/FNSTSW/SAHF in its place (the
# "ray387" case shows its frame is RAY.COM's, byte for byte, in unidos).
# SNAP holds the program at its first finished frame until a real key, so
# xdotool can press Ctrl-F5 in DOSBox's window. DOSBox saves the frame at the
# mode's own size (320x200, palette widened from 6 to 8 bits per channel) as
# unidos's --screenshot does: the known scaling is none, so pixel for pixel.
start_xvfb() { # a private X server on a display of its own (tests/tap.sh)
    tap_start_xvfb "$work" || return 1
    xvfb_pid=$tap_xvfb_pid
    display=$tap_display
    tap_wait 5 x_up
}
x_up() { DISPLAY=$display xdotool getmouselocation >/dev/null 2>&1; }
dosbox_window() { DISPLAY=$display xdotool search --name 'DOSBox' 2>/dev/null | head -1; }
ray_screenshot() {
    name="RAY.COM's first frame in unidos (--screenshot) equals DOSBox's Ctrl-F5 screenshot of RAY387.COM"
    ray=$corpus/nanochess/nanochess-raytracer
    [ -f "$ray/RAY.COM" ] || { tap_skip_required "$name" "corpus file missing"; return; }
    for t in Xvfb xdotool nasm; do
        command -v $t >/dev/null 2>&1 || { tap_skip "$name" "$t not installed"; return; }
    done
    start_xvfb || { tap_skip "$name" "Xvfb did not start"; return; }
    d=$work/rayshot
    mkdir -p "$d/u" "$d/d"
    cp "$build/tests/difftest/snap.com" "$d/d/SNAP.COM"
    nasm -f bin -Dcom_file=1 -P "$here/progs/fcomip387.inc" -o "$d/d/RAY387.COM" "$ray/ray.asm"
    "$here/dosbox.sh" -t 90 -x "$display" -l "$d/dosbox.log" "$d/d" 'SNAP @#x RAY387.COM' &
    dpid=$!
    why=""
    tap_wait 60 test -f "$d/d/_FRAME.BIN" ||
        why="DOSBox did not reach the first frame: $(grep -v ALSA "$d/dosbox.log" | tail -2 | tr '\n' ' ')"
    wid=$(dosbox_window)
    [ -n "$why" ] || [ -n "$wid" ] || why="no DOSBox window"
    if [ -z "$why" ]; then
        DISPLAY=$display xdotool windowfocus "$wid" 2>/dev/null
        sleep 0.3
        DISPLAY=$display xdotool key --window "$wid" ctrl+F5
        tap_wait 10 test -f "$d/d/_CAPTURE/ray387_000.png" || why="DOSBox saved no screenshot"
    fi
    # any key lets SNAP go on: RAY387 ends, then DOSBox
    t=20
    while [ $t -gt 0 ] && kill -0 "$dpid" 2>/dev/null; do
        DISPLAY=$display xdotool key x >/dev/null 2>&1
        sleep 0.5
        t=$((t - 1))
    done
    wait "$dpid"
    (cd "$d/u" && "$unidos" --timeout 60 --ui headless --deterministic \
        --keys '{screenshot:ray.png}x' "$ray/RAY.COM" >out.txt 2>err.txt) ||
        why="${why:-unidos exit status $?}"
    if [ -z "$why" ] && ! "$pngcmp" "$d/u/ray.png" "$d/d/_CAPTURE/ray387_000.png" >"$d/cmp.txt" 2>&1; then
        why="the frames differ: $(cat "$d/cmp.txt")"
        cp "$d/u/ray.png" "${TMPDIR:-/tmp}/unidos-ray-unidos.png"
        cp "$d/d/_CAPTURE/ray387_000.png" "${TMPDIR:-/tmp}/unidos-ray-dosbox.png"
    fi
    tap_report "$name" "$why"
}
[ $# -gt 0 ] || ray_screenshot
tap_end difftest
