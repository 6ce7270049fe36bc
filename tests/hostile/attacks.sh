#!/bin/sh
# Issue 17's attacks, each reproduced: forged guest chains, special host
# files, closed descriptors, console output held back, resource and
# arithmetic edges. A guest attack ends in a loop, so every one runs with
# --timeout 2 and must end with 124 within 3 s, with what it printed
# before (the answer DOS or the BIOS gave) on stdout.
# Usage: tests/hostile/attacks.sh UNIDOS PROGS_DIR   (TAP on stdout)
set -u
unidos=$(realpath "$1"); progs=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0; fail=0
report() { # name, why ("" = ok)
    n=$((n + 1))
    if [ -z "$2" ]; then echo "ok $n - $1"; else
        fail=$((fail + 1)); echo "not ok $n - $1: $2"
    fi
}
fresh() { d=$work/$1; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Run unidos in dir $1 with the rest as arguments, stdin from /dev/null,
# killed with SIGKILL after 30 s (a host hang); sets rc and ms.
run_limited() { # dir, args...
    dir=$1; shift
    t0=$(now_ms)
    (cd "$dir" && exec timeout -s KILL 30 "$unidos" "$@" </dev/null >out.txt 2>err.txt)
    rc=$?
    ms=$(($(now_ms) - t0))
}

# A guest attack: --timeout 2 must stop it with 124 within 3 s, and its
# output must hold TEXT.
attack() { # name, expected text, unidos args...
    name=$1; text=$2; shift 2
    d=$(fresh "$name"); why=""
    run_limited "$d" --timeout 2 "$@"
    [ $rc = 124 ] || why="exit status $rc, expected 124 (137: a host hang killed after 30 s)"
    [ -n "$why" ] || [ $ms -lt 3000 ] || why="took $ms ms"
    [ -n "$why" ] || grep -q "$text" "$d/out.txt" ||
        why="'$text' not in the output: $(tr -d '\r' <"$d/out.txt" | tr '\n' '|')"
    report "$name: --timeout 2 ends it with 124 after $ms ms; it saw '$text'" "$why"
}

# --- guest chains ---
attack mcbwrap "48h: error 0007" "$progs/mcbwrap.com"
attack kbdring "key: 2D78" --keys x "$progs/kbdring.com"

# --- a DPMI client that never ends: spinning (interrupts on and off), a
# #GP handler returning to the fault, a real-mode handler spinning inside
# 0300h ---
attack dpmi-spin S "$progs/dpmiloop.com" s
attack dpmi-cli C "$progs/dpmiloop.com" c
attack dpmi-gp-loop G "$progs/dpmiloop.com" g
attack dpmi-rm-spin R "$progs/dpmiloop.com" r

# --- EXEC nesting: limited by memory, every level's memory given back ---
exec_nest() {
    d=$(fresh nest); why=""
    run_limited "$d" --timeout 3 "$progs/nest.com"
    out=$(tr -d '\r' <"$d/out.txt")
    depth=$(echo "$out" | sed -n 's/^depth: //p')
    before=$(echo "$out" | sed -n 's/^largest before: //p')
    after=$(echo "$out" | sed -n 's/^largest after: //p')
    [ $rc = 124 ] || why="exit $rc"
    [ -n "$depth" ] && [ $((0x$depth)) -gt 256 ] || why="$why; depth $depth (hex), expected over 100h"
    [ -n "$before" ] && [ "$before" = "$after" ] || why="$why; largest free block $before before, $after after"
    report "EXEC nesting: $((0x${depth:-0})) levels (memory ran out), the largest free block ${before}h before and after" "$why"
}
exec_nest

# --- seeks past 4 GiB, --max-file-size ---
seek_far() {
    d=$(fresh seekfar); why=""
    run_limited "$d" --timeout 2 "$progs/seekfar.com"
    size=$(stat -c %s "$d/FAR.DAT"); rm -f "$d/FAR.DAT"
    [ $rc = 124 ] && grep -q "seeks failed: 000E" "$d/out.txt" && [ "$size" -le 4294967295 ] ||
        why="default: exit $rc, FAR.DAT $size bytes, $(tr -d '\r' <"$d/out.txt" | tr '\n' '|')"
    run_limited "$d" --timeout 2 --max-file-size 1M "$progs/seekfar.com"
    size=$(stat -c %s "$d/FAR.DAT"); rm -f "$d/FAR.DAT"
    [ $rc = 124 ] && grep -q "write far out: error 0005" "$d/out.txt" &&
        grep -q "write across 1 MiB: ok 000A" "$d/out.txt" &&
        grep -q "write past 1 MiB: error 0005" "$d/out.txt" && [ "$size" = 1048576 ] ||
        why="$why; --max-file-size 1M: exit $rc, FAR.DAT $size bytes, $(tr -d '\r' <"$d/out.txt" | tr '\n' '|')"
    report "seeks past 4 GiB - 1 give error 5 (14 of 16), the file stays within 4 GiB - 1; --max-file-size 1M cuts a write short and refuses one past it" "$why"
}
seek_far

# --- console output: bounded latency, nothing lost to kill -9 ---
console_latency() { # variant ("" spins, /H halts), [--deterministic]
    set -- "$1" "${2:-}"
    d=$(fresh "conout$(echo "$1$2" | tr -d "/ -")"); why=""
    (cd "$d" && exec "$unidos" $2 --timeout 5 "$progs/conout.com" $1 >out.txt 2>err.txt) & pid=$!
    sleep 1
    early=$(stat -c %s "$d/out.txt")
    kill -9 $pid; wait $pid 2>/dev/null
    late=$(stat -c %s "$d/out.txt")
    [ "$early" = 2900 ] || why="$early of 2900 bytes in the file after 1 s"
    [ "$late" = 2900 ] || why="$why; $late bytes after kill -9"
    t0=$(now_ms)
    (cd "$d" && "$unidos" $2 --timeout 2 "$progs/conout.com" $1 2>/dev/null |
        { head -c 2900 >got.txt; now_ms >t.txt; cat >/dev/null; })
    got=$(stat -c %s "$d/got.txt"); ms=$(($(cat "$d/t.txt") - t0))
    [ "$got" = 2900 ] && [ $ms -lt 1500 ] || why="$why; a pipe reader had $got bytes after $ms ms"
    report "console output ${1:-spinning} $2: 2,900 bytes in the file after 1 s and after kill -9, a pipe reader has them after $ms ms" "$why"
}
console_latency ""
console_latency /H
console_latency /H --deterministic

# --- special host files in a read-write mount ---
special_files() {
    d=$(fresh special); why=""
    mkdir "$d/c" "$d/outside"
    echo secret >"$d/outside/SECRET.TXT"
    mkfifo "$d/c/PIPE"
    ln -s ../outside/SECRET.TXT "$d/c/OUT.LNK"
    echo plain >"$d/c/A.TXT"
    run_limited "$d" --timeout 2 -m "c=$d/c" "$progs/specfile.com"
    for line in "create over FIFO: error 0005" "create new over FIFO: error 0005" \
        "delete FIFO: error 0002" "rename onto hidden link: error 0005" "mkdir over FIFO: error 0005"; do
        grep -q "$line" "$d/out.txt" || why="$why; no '$line'"
    done
    [ $rc = 124 ] && [ $ms -lt 3000 ] || why="$why; exit $rc after $ms ms"
    [ -p "$d/c/PIPE" ] && [ -L "$d/c/OUT.LNK" ] && [ -f "$d/c/A.TXT" ] &&
        [ "$(cat "$d/outside/SECRET.TXT")" = secret ] || why="$why; the host files changed"
    report "special files: create, create new, mkdir over a FIFO and rename onto a hidden link are access denied, nothing blocks ($ms ms)" "$why"
}
special_files

# --- closed standard descriptors: the first files opened must not take them ---
closed_fds() {
    d=$(fresh closedfd); why=""
    printf secret >"$d/IN.TXT"
    (cd "$d" && exec "$unidos" "$progs/closedfd.com" <&- >&-); rc=$?
    [ $rc = 0 ] || why="handle 0 gave $rc bytes (IN.TXT is 6), expected 0 (exit 255: a call failed)"
    [ "$(cat "$d/OUT.TXT")" = "file data" ] || why="$why; OUT.TXT holds '$(cat "$d/OUT.TXT")'"
    rm -f "$d/OUT.TXT"
    (cd "$d" && exec "$unidos" --trace dos "$progs/closedfd.com" </dev/null >/dev/null 2>&-); rc=$?
    [ $rc = 0 ] && [ "$(cat "$d/OUT.TXT")" = "file data" ] ||
        why="$why; stderr closed: exit $rc, OUT.TXT '$(head -c 40 "$d/OUT.TXT")'"
    report "stdin and stdout closed (<&- >&-), then stderr: console output and reads stay off the program's files" "$why"
}
closed_fds

# --- zip files: a FIFO, 60,000 members, --timeout armed before mounting ---
zips() {
    d=$(fresh zip); why=""
    mkfifo "$d/fifo.zip"
    run_limited "$d" --timeout 2 -m e=fifo.zip -c VER
    [ $rc = 125 ] && [ $ms -lt 3000 ] && grep -q "cannot mount" "$d/err.txt" ||
        why="a FIFO named .zip: exit $rc after $ms ms"
    python3 - "$d/big.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    for i in range(60000):
        z.writestr("F%05d.TXT" % i, b"x")
PY
    run_limited "$d" --timeout 5 -m e=big.zip -c 'DIR E:\F59999.TXT'
    [ $rc = 0 ] && grep -q "F59999" "$d/out.txt" || why="$why; 60,000 members: exit $rc after $ms ms"
    big_ms=$ms
    run_limited "$d" --timeout 0.02 -m e=big.zip -c VER
    [ $rc = 124 ] && grep -q "timed out" "$d/err.txt" ||
        why="$why; --timeout 0.02 while mounting 60,000 members: exit $rc after $ms ms"
    report "zip: a FIFO refused (125), 60,000 members mounted and listed in $big_ms ms, --timeout 0.02 stops the mount (124 after $ms ms)" "$why"
}
zips

# --- a directory of 70,000 entries: searches past 65,532, DEL *.F deletes all ---
many_entries() {
    d=$(fresh many); why=""
    python3 -c "
import sys
for i in range(70000): open(sys.argv[1] + '/N%05d.F' % i, 'w').close()
open(sys.argv[1] + '/KEEP.TXT', 'w').close()" "$d"
    run_limited "$d" --timeout 30 "$progs/countdir.com"
    [ $rc = 0 ] || why="countdir: exit $rc"
    grep -q "4Eh/4Fh: 00011170" "$d/out.txt" && grep -q "11h/12h: 00011170" "$d/out.txt" ||
        why="$why; counts (expected 11170h = 70,000): $(tr -d '\r' <"$d/out.txt" | tr '\n' ' ')"
    run_limited "$d" -c 'DEL *.F'
    left=$(ls "$d" | grep -c '\.F$')
    [ $rc = 0 ] && [ "$left" = 0 ] && [ -f "$d/KEEP.TXT" ] || why="$why; DEL *.F: exit $rc, $left left"
    report "70,000 entries: 4Eh/4Fh and 11h/12h find them all, DEL *.F deletes them all" "$why"
}
many_entries

# --- unidos test: links, loops and FIFOs in the cases ---
# Each suite runs with a 20 s kill guard: the runner must finish, the case
# pass (its link to outside stays outside: "File not found"), the loops be
# reported, the FIFO left out.
test_suite() { # dir -> rc, ms, out.txt
    t0=$(now_ms)
    timeout -s KILL 20 "$unidos" test --timeout 10 "$1" >"$1.out" 2>&1; rc=$?
    ms=$(($(now_ms) - t0))
}
case_tree() {
    d=$(fresh utest); why=""
    mkdir -p "$d/outside" "$d/link/leak" "$d/loop/leak" "$d/fifo/leak"
    echo secret >"$d/outside/SECRET.TXT"
    for s in link loop fifo; do
        c=$d/$s/leak
        ln -s ../../outside/SECRET.TXT "$c/LINK.TXT"
        printf '@ECHO OFF\r\nTYPE LINK.TXT\r\nECHO done\r\n' >"$c/CAT.BAT"
        printf 'run CAT.BAT\nwait-exit\nexpect-no-text secret\nexpect-text done\n' >"$c/leak.uds"
        mkdir -p "$c/expected"; printf 'done\r\n' >"$c/expected/leak.stdout"
    done
    ln -s . "$d/loop/again"; ln -s . "$d/loop/and-again"
    mkfifo "$d/fifo/leak/PIPE" "$d/fifo/other.uds"
    for s in link loop fifo; do
        test_suite "$d/$s"
        [ $rc = 0 ] && grep -q "^ok 1 " "$d/$s.out" ||
            why="$why; $s: exit $rc after $ms ms: $(grep -m1 -E '^not ok|^#' "$d/$s.out")"
    done
    grep -q "a link back to a directory above" "$d/loop.out" || why="$why; the loop was not reported"
    report "unidos test: a link to outside stays outside, two links to . end discovery, a FIFO is left out" "$why"
}
case_tree

echo "1..$n"
[ "$fail" = 0 ]
