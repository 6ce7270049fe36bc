#!/bin/sh
# make bench, images part: the built-in shell copies 2,000 small files (10
# directories of 200) from a host directory into a host directory, a
# 1.44 MB floppy image and a 64 MB FAT16 image; images must take at most
# twice the host directory's time (issue 24). Best of 3 runs each, a fresh
# target every run. Reports times and ratios; never fails on time.
# Usage: bench/images.sh UNIDOS
set -u
unidos=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in mkfs.fat fsck.fat; do
    command -v $tool >/dev/null || { echo "skip: $tool is not installed (make deps)"; exit 0; }
done
i=0
while [ $i -lt 10 ]; do
    mkdir -p "$work/src/D$i"
    k=0
    while [ $k -lt 200 ]; do
        printf 'file %d of directory %d: a few bytes of text\r\n' $k $i >"$work/src/D$i/F$k.TXT"
        k=$((k + 1))
    done
    i=$((i + 1))
done
set --
i=0
while [ $i -lt 10 ]; do
    set -- "$@" -c "MD T:\\D$i" -c "COPY S:\\D$i\\*.* T:\\D$i"
    i=$((i + 1))
done

fresh() { # kind -> a new empty target at $work/t (a directory or an image)
    rm -rf "$work/t"
    case $1 in
    host) mkdir "$work/t" ;;
    floppy) mkfs.fat -C "$work/t" 1440 >/dev/null ;;
    fat16) truncate -s 64M "$work/t"; mkfs.fat -F 16 "$work/t" >/dev/null ;;
    esac
}
best() { # kind "$@" -> best wall seconds of 3 copies
    b=""
    for _ in 1 2 3; do
        fresh "$kind"
        /usr/bin/time -f %e -o "$work/.t" "$unidos" -q -m "s=$work/src" -m "t=$work/t" "$@" \
            >/dev/null 2>&1
        t=$(cat "$work/.t")
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}

echo "images: 2,000 files (10 dirs x 200) copied by COPY     seconds   x host dir"
kind=host; h=$(best "$@")
printf "%-44s %8.3f\n" "into a host directory" "$h"
for kind in floppy fat16; do
    s=$(best "$@")
    ratio=$(echo "$s / $h" | bc -l)
    verdict="within 2x"
    [ "$(echo "$ratio > 2" | bc)" = 1 ] && verdict="OVER 2x"
    clean=""
    fsck.fat -n "$work/t" >/dev/null 2>&1 || clean=" (fsck.fat found errors)"
    printf "%-44s %8.3f %8.2fx  %s%s\n" "into a $kind image" "$s" "$ratio" "$verdict" "$clean"
done
