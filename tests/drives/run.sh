#!/bin/sh
# Drives end to end, the way a user runs unidos: zip mounts, read-only and
# lower-case mounts, 8.3 aliases stable across runs, the program's own
# directory mounted when it has a long name, and writes surviving kill -9.
# Usage: tests/drives/run.sh UNIDOS GUEST_BUILD_DIR
set -u
unidos=$(realpath "$1"); build=$(realpath "$2")
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"
work=$(mktemp -d)
bg=""
# the background unidos of the kill -9 test is killed on every way out
cleanup() {
    [ -z "$bg" ] || kill -9 "$bg" 2>/dev/null
    rm -rf "$work"
}
tap_on_exit cleanup
report() { tap_report "$@"; } # name, why ("" = ok)
run() { # dir, unidos args... -> stdout in $out, status in $rc
    d=$1; shift
    out=$(cd "$d" && "$unidos" --timeout 20 -q "$@" 2>"$work/err.txt"); rc=$?
}
crlf() { printf '%s\r\n' "$@"; }

# A zip file as a read-only drive: long names get aliases, contents inflate.
t=$work/zip; mkdir -p "$t/src/Some Dir" "$t/run"
printf 'zip content\r\n' > "$t/src/Some Dir/Long File Name.txt"
printf 'readme\r\n' > "$t/src/README.TXT"
(cd "$t/src" && zip -qr ../t.zip .)
cp "$build"/*.com "$t/run/"
run "$t/run" -m "e=$t/t.zip" FLIST.COM 'E:\SOMEDI~1\*.*'
want=$(crlf . .. LONGFI~1.TXT)
[ "$rc" = 0 ] && [ "$out" = "$want" ] && why="" || why="listing '$out' (status $rc)"
report "zip drive lists long names as aliases" "$why"
run "$t/run" -m "e=$t/t.zip" FCAT.COM 'E:\SOMEDI~1\LONGFI~1.TXT'
[ "$rc" = 0 ] && [ "$out" = "$(crlf 'zip content')" ] && why="" || why="got '$out' ($rc)"
report "zip member reads back" "$why"
run "$t/run" -m "e=$t/t.zip" FMK.COM 'E:\NEW.TXT'
[ "$rc" = 5 ] && why="" || why="status $rc, expected 5 (access denied)"
report "zip drive refuses writes" "$why"

# Read-only directory mount: error 5, nothing on the host changes.
t=$work/ro; mkdir -p "$t/data" "$t/run"; cp "$build"/*.com "$t/run/"
printf 'keep\r\n' > "$t/data/KEEP.TXT"
before=$(ls -la --time-style=full-iso "$t/data")
run "$t/run" -m "d=$t/data:ro" FMK.COM 'D:\KEEP.TXT'
r1=$rc
run "$t/run" -m "d=$t/data:ro" FMK.COM 'D:\NEW.TXT'
after=$(ls -la --time-style=full-iso "$t/data")
[ "$r1" = 5 ] && [ "$rc" = 5 ] && [ "$before" = "$after" ] && why="" ||
    why="statuses $r1/$rc, or the directory changed"
report "read-only mount refuses and keeps every byte and time" "$why"

# New names are upper case on the host, or lower case with :lower.
t=$work/case; mkdir -p "$t/a" "$t/b" "$t/run"; cp "$build"/*.com "$t/run/"
run "$t/run" -m "d=$t/a" FMK.COM 'D:\new.txt'; r1=$rc
run "$t/run" -m "d=$t/b:lower" FMK.COM 'D:\NEW.TXT'
[ "$r1" = 0 ] && [ "$rc" = 0 ] && [ -f "$t/a/NEW.TXT" ] && [ -f "$t/b/new.txt" ] && why="" ||
    why="$(ls "$t/a" "$t/b" | tr '\n' ' ')"
report "created names: upper case, or lower with :lower" "$why"

# Aliases are the same in every run for the same directory contents.
t=$work/alias; mkdir -p "$t"; cp "$build"/flist.com "$t/"
for f in "zeta long name.c" "alpha long name.c" "alpha long name 2.c" "Mixed.Case" ".hidden"; do
    : > "$t/$f"
done
run "$t" FLIST.COM; first=$out
run "$t" FLIST.COM
want=$(printf '%s\n' FLIST.COM ALPHAL~1.C ALPHAL~2.C HIDDEN~1 MIXED~1.CAS ZETALO~1.C | sort)
got=$(printf '%s\n' "$out" | tr -d '\r' | sort)
[ "$first" = "$out" ] && [ "$got" = "$want" ] && why="" || why="got: $(echo $got)"
report "8.3 aliases are stable across runs" "$why"

# A program in a directory with a long name outside every mount runs from
# its own read-only drive and finds its files there.
t=$work/prog; mkdir -p "$t/My Tools" "$t/cwd"; cp "$build"/fcat.com "$t/My Tools/FCAT.COM"
printf 'beside the program\r\n' > "$t/My Tools/Data File.txt"
run "$t/cwd" "$t/My Tools/FCAT.COM" 'D:\DATAFI~1.TXT'
[ "$rc" = 0 ] && [ "$out" = "$(crlf 'beside the program')" ] && why="" || why="status $rc: $out $(cat "$work/err.txt")"
report "program directory with a long name mounted" "$why"

# kill -9 after a completed write: the bytes are on the host.
t=$work/kill; mkdir -p "$t"; cp "$build"/fhang.com "$t/"
(cd "$t" && exec "$unidos" --timeout 60 -q FHANG.COM >/dev/null 2>&1) &
pid=$!
bg=$pid
i=0
while [ $i -lt 100 ] && [ ! -s "$t/KILL.TXT" ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.1
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
bg=""
[ "$(cat "$t/KILL.TXT" 2>/dev/null)" = "$(crlf 'written before the kill')" ] && why="" ||
    why="KILL.TXT holds '$(cat "$t/KILL.TXT" 2>/dev/null)'"
report "a completed write survives kill -9" "$why"

# A bad mount is a clear error.
run "$work" -m "x=$work/nonexistent" "$build/flist.com"
[ "$rc" = 125 ] && grep -q "cannot mount" "$work/err.txt" && why="" || why="status $rc"
report "a missing mount path is reported" "$why"

tap_end drives
