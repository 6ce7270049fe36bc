#!/bin/sh
# make bench, drives part: file-system calls and real tools (MS C 5.10,
# MASM 5.10), unidos next to DOSBox 0.74 (when installed), and the tools
# again in unidos's default CPU tiers next to Unicorn alone (--cpu-tier jit,
# as before the tiers: docs/tiers.md). Reports times and ratios only.
# Usage: bench/drives.sh UNIDOS SHARED_DIR
set -u
unidos=$(realpath "$1"); shared=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/timing.sh"
t4=${UNIDOS_CORPUS:-$shared/corpus}/msdos/v4.0-tools
[ ! -d "$t4" ] || t4=$(cd "$t4" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/files"
nasm -f bin -o "$work/files/FILES.COM" "$here/files.asm"
(cd "$work/files" && bench_pair "2,000 files created, written, read, deleted" s \
    "$unidos FILES.COM" "$dosbox_sh $work/files 'FILES.COM > _OUT.TXT'")

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
    cp -r "$t4" "$dir/T"
    printf '@ECHO OFF\r\nSET PATH=C:\\T\r\nSET INCLUDE=C:\\T\\BLD\\INC\r\nSET LIB=C:\\T\\BLD\\LIB\r\nSET TMP=C:\\\r\nC:\\T\\CL %s > _OUT.TXT\r\n' \
        "$files" >"$dir/RUNCL.BAT"
    cl="$unidos -q -m t=$t4 -e 'PATH=T:\\' -e 'INCLUDE=T:\\BLD\\INC' -e 'LIB=T:\\BLD\\LIB' -e 'TMP=C:\\' $t4/CL.EXE $files"
    (cd "$dir" && bench_pair "MS C 5.10: CL $name" s "$cl" "$dosbox_sh $dir 'CALL RUNCL.BAT'")
    (cd "$dir" && bench_compare "MS C 5.10: CL $name, CPU tiers" s auto "$cl" jit \
        "$unidos --cpu-tier jit ${cl#"$unidos "}")
}
cl_case HELLO.C "$here/../examples/msc-hello/HELLO.C"
cl_case "(3 files)" "$here"/../tests/cases/toolchains/msc-multi/*.[CH]

# MASM 5.10 assembling the toolchain case's program.
dir=$work/masm
mkdir -p "$dir"
cp "$here/../tests/cases/toolchains/masm510/HELLO.ASM" "$t4/MASM.EXE" "$dir/"
(cd "$dir" && bench_pair "MASM 5.10" s "$unidos -q MASM.EXE HELLO;" \
    "$dosbox_sh $dir 'MASM HELLO; > _OUT.TXT'")
(cd "$dir" && bench_compare "MASM 5.10, CPU tiers" s auto "$unidos -q MASM.EXE HELLO;" jit \
    "$unidos -q --cpu-tier jit MASM.EXE HELLO;")
