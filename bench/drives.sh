#!/bin/sh
# make bench, drives part: file-system calls and a real compiler, unidos
# next to DOSBox 0.74 (when installed). Reports times and ratios only.
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
    (cd "$dir" && bench_pair "MS C 5.10: CL $name" s \
        "$unidos -q -m t=$t4 -e 'PATH=T:\\' -e 'INCLUDE=T:\\BLD\\INC' -e 'LIB=T:\\BLD\\LIB' -e 'TMP=C:\\' $t4/CL.EXE $files" \
        "$dosbox_sh $dir 'CALL RUNCL.BAT'")
}
cl_case HELLO.C "$here/../examples/msc-hello/HELLO.C"
cl_case "(3 files)" "$here"/../tests/cases/toolchains/msc-multi/*.[CH]
