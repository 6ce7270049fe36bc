#!/bin/sh
# Run the guest fixtures: tests/guest/run.sh UNIDOS BUILD_DIR [NAME...]
# Each fixture NAME.asm (assembled to BUILD_DIR/NAME.com) runs headless in a
# fresh temporary directory holding every built fixture (children included).
# Header lines in NAME.asm drive it:
#   ; test: exit=N        expected exit status (default 0)
#   ; test: args=A B      command-line arguments
#   ; test: stdin=FILE    standard input from tests/guest/FILE
#   ; test: flags=...     extra unidos options
#   ; test: keys=TEXT     typed through the keyboard (--keys TEXT)
#   ; test: skip          not a test by itself (a child of another fixture)
# tests/guest/NAME.stdout, when present, must equal stdout byte for byte;
# tests/guest/NAME.screen, when present, the text screen at exit
# (--screen-dump: UTF-8, trailing blanks removed); tests/guest/NAME.png the
# picture at exit (--screenshot, native resolution), compared pixel for
# pixel by $PNGCMP (tests/tools/pngcmp). UPDATE_GOLDEN=1 rewrites the PNGs.
set -u
unidos=$(realpath "$1"); build=$(realpath "$2"); shift 2
src=$(cd "$(dirname "$0")" && pwd)
. "$src/../tap.sh"
names=${*:-$(cd "$src" && ls *.asm | sed 's/\.asm$//')}
for name in $names; do
    asm="$src/$name.asm"
    hdr() { sed -n "s/^; test: $1=//p" "$asm" | head -1; }
    grep -q '^; test: skip' "$asm" && continue
    want=$(hdr exit); want=${want:-0}
    args=$(hdr args); flags=$(hdr flags); stdin=$(hdr stdin); keys=$(hdr keys)
    tmp=$(mktemp -d)
    cp "$build"/*.com "$tmp"/
    in=/dev/null; [ -n "$stdin" ] && in="$src/$stdin"
    [ -f "$src/$name.screen" ] && flags="$flags --screen-dump screen.txt"
    png=""
    if [ -f "$src/$name.png" ] || grep -q '^; test: png' "$asm"; then
        png="$src/$name.png"; flags="$flags --screenshot shot.png"
    fi
    # shellcheck disable=SC2086
    (cd "$tmp" && "$unidos" --timeout 30 $flags ${keys:+--keys "$keys"} "$name.com" $args <"$in" >stdout.txt 2>stderr.txt)
    got=$?
    why=""
    [ "$got" = "$want" ] || why="exit status $got, expected $want"
    if [ -z "$why" ] && [ -f "$src/$name.stdout" ] && ! cmp -s "$src/$name.stdout" "$tmp/stdout.txt"; then
        why="stdout differs from $name.stdout"
    fi
    if [ -z "$why" ] && [ -f "$src/$name.screen" ] && ! cmp -s "$src/$name.screen" "$tmp/screen.txt"; then
        why="screen differs from $name.screen"
    fi
    if [ -z "$why" ] && [ -n "$png" ]; then
        if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
            cp "$tmp/shot.png" "$png"
        elif [ -z "${PNGCMP:-}" ]; then
            why="PNGCMP is not set: cannot compare $name.png"
        elif ! "$PNGCMP" "$tmp/shot.png" "$png" >"$tmp/cmp.txt" 2>&1; then
            why="picture differs from $name.png: $(cat "$tmp/cmp.txt")"
            cp "$tmp/shot.png" "${TMPDIR:-/tmp}/unidos-$name-got.png"
        fi
    fi
    tap_report "$name" "$why"
    if [ -n "$why" ]; then
        sed 's/^/#   stdout: /' "$tmp/stdout.txt" | head -20
        sed 's/^/#   stderr: /' "$tmp/stderr.txt" | head -20
    fi
    rm -rf "$tmp"
done
tap_end guest
