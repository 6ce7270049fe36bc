#!/bin/sh
# make bench: the DPMI host's costs. The same CPU-bound 32-bit loop in real
# mode and in a 32-bit DPMI client (dpmiloop.asm); and the start-up of a
# client (entry into protected mode, its first INT 21h, the exit) against a
# program that exits at once. Both sides timed alike (bench/timing.sh:
# taking turns, median and range of BENCH_RUNS runs; 30 for the start-up,
# whose difference is a fraction of a millisecond). Reports only.
# Usage: bench/dpmi.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/timing.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "dpmi: skip (hyperfine is not installed)"; exit 0; }
nasm -f bin -I "$here/../tests/guest/" -o "$work/DPMILOOP.COM" "$here/dpmiloop.asm"
cd "$work"
bench_machine
bench_compare "32-bit loop, 50 M iterations with a store each" s \
    "real mode" "$unidos DPMILOOP.COM rm" "DPMI" "$unidos DPMILOOP.COM pm"
bench_runs_now=30
bench_compare "DPMI start-up (entry, first INT 21h, exit) against a program exiting at once, 30 runs each" ms \
    "exit" "$unidos DPMILOOP.COM none" "DPMI" "$unidos DPMILOOP.COM start"
bench_runs_now=""
