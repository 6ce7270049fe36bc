#!/bin/sh
# Corpus runs: real DOS programs from ../shared/corpus (or $UNIDOS_CORPUS)
# checked against expected output and exit codes. Skips, with a message,
# when the corpus is absent. With GUEST_BUILD_DIR, tiers.sh also compares
# some guest fixtures across the CPU tiers.
# Usage: tests/corpus/run.sh UNIDOS [GUEST_BUILD_DIR]
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
corpus=$(tap_corpus)
if [ -z "$corpus" ]; then
    tap_skip_required "corpus runs (MS-DOS 2.0 toolchain and COMMAND.COM, FreeCOM's memory)" \
        "corpus not found (set UNIDOS_CORPUS)"
    tap_end corpus
    exit
fi
# (The filter cases are `unidos test` cases now: tests/cases/filters.)
out=$("$here/toolchains.sh" "$unidos" "$corpus")
echo "$out"
tap_count "$out"
out=$("$here/memory.sh" "$unidos" "$corpus" "$tap_n")
echo "$out"
tap_count "$out"
out=$("$here/tiers.sh" "$unidos" "$corpus" "$tap_n" ${2:+"$2"})
echo "$out"
tap_count "$out"
tap_end corpus
