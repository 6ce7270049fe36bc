#!/bin/sh
# make bench, drives part: file-system calls and real tools (MS C 5.10,
# MASM 5.10), unidos next to itself with the interpreter off (--cpu-tier
# jit: Unicorn only, as before the tiers, docs/tiers.md) and next to DOSBox
# 0.74 (when installed). Reports times and ratios only.
# Usage: bench/drives.sh UNIDOS SHARED_DIR
set -u
unidos=$(realpath "$1"); shared=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
t4=$shared/corpus/msdos/v4.0-tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dosbox_run=$shared/bench/dosbox-run
have_dosbox=0
command -v dosbox >/dev/null && [ -x "$dosbox_run" ] && have_dosbox=1

secs() { # command... -> wall seconds of one run (to the millisecond)
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
best_of() { # n command... -> best wall seconds
    n=$1; shift; best=""
    for _ in $(seq "$n"); do
        t=$(secs "$@")
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}
# name, unidos seconds, unidos Unicorn-only (--cpu-tier jit) seconds, dosbox
# seconds or ""
line() {
    printf "%-26s %7.3f s %7.3f s %5.2fx" "$1" "$2" "$3" "$(echo "$3 / $2" | bc -l)"
    if [ -n "$4" ]; then
        printf "  %7.3f s  %6.1fx faster\n" "$4" "$(echo "$4 / $2" | bc -l)"
    else
        printf "  (dosbox not installed)\n"
    fi
}

echo "drives                     unidos    jit tier  tiers   DOSBox 0.74  ratio"
mkdir -p "$work/files"
nasm -f bin -o "$work/files/FILES.COM" "$here/files.asm"
u=$(cd "$work/files" && best_of 3 "$unidos" FILES.COM)
j=$(cd "$work/files" && best_of 3 "$unidos" --cpu-tier jit FILES.COM)
d=""
[ $have_dosbox = 1 ] && d=$(secs "$dosbox_run" "$work/files" FILES.COM)
line "2,000 files c/w/r/delete" "$u" "$j" "$d"

if [ ! -d "$t4" ]; then
    echo "skip: MS C 5.10 not found at $t4"
    exit 0
fi
cl_case() { # name, files...: CL in unidos (tools mounted) and in DOSBox (tools copied)
    name=$1; shift
    dir=$work/cl-$(echo "$name" | tr -cd A-Za-z0-9)
    mkdir -p "$dir"
    for f in "$@"; do perl -pe 's/(?<!\r)\n/\r\n/' "$f" >"$dir/$(basename "$f" | tr a-z A-Z)"; done
    files=$(for f in "$@"; do basename "$f" | tr a-z A-Z; done | grep '\.C$' | tr '\n' ' ')
    # shellcheck disable=SC2086
    u=$(cd "$dir" && best_of 5 "$unidos" -q -m "t=$t4" -e 'PATH=T:\' -e 'INCLUDE=T:\BLD\INC' \
        -e 'LIB=T:\BLD\LIB' -e 'TMP=C:\' "$t4/CL.EXE" $files)
    # shellcheck disable=SC2086
    j=$(cd "$dir" && best_of 5 "$unidos" --cpu-tier jit -q -m "t=$t4" -e 'PATH=T:\' \
        -e 'INCLUDE=T:\BLD\INC' -e 'LIB=T:\BLD\LIB' -e 'TMP=C:\' "$t4/CL.EXE" $files)
    d=""
    if [ $have_dosbox = 1 ]; then
        cp -r "$t4" "$dir/T"
        printf '@ECHO OFF\r\nSET PATH=C:\\T\r\nSET INCLUDE=C:\\T\\BLD\\INC\r\nSET LIB=C:\\T\\BLD\\LIB\r\nSET TMP=C:\\\r\nC:\\T\\CL %s\r\n' \
            "$files" >"$dir/RUNCL.BAT"
        d=$(secs "$dosbox_run" "$dir" RUNCL.BAT)
    fi
    line "CL $name" "$u" "$j" "$d"
}
cl_case HELLO.C "$here/../examples/msc-hello/HELLO.C"
cl_case "(3 files)" "$here"/../tests/cases/toolchains/msc-multi/*.[CH]

# MASM 5.10 assembling the toolchain case's program.
dir=$work/masm
mkdir -p "$dir"
cp "$here/../tests/cases/toolchains/masm510/HELLO.ASM" "$dir/"
u=$(cd "$dir" && best_of 5 "$unidos" -q "$t4/MASM.EXE" 'HELLO;')
j=$(cd "$dir" && best_of 5 "$unidos" --cpu-tier jit -q "$t4/MASM.EXE" 'HELLO;')
d=""
if [ $have_dosbox = 1 ]; then
    cp "$t4/MASM.EXE" "$dir/"
    printf '@ECHO OFF\r\nMASM HELLO;\r\n' >"$dir/RUNMASM.BAT"
    d=$(secs "$dosbox_run" "$dir" RUNMASM.BAT)
fi
line "MASM 5.10" "$u" "$j" "$d"
