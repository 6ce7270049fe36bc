#!/bin/sh
# Corpus runs: real DOS programs from ../shared/corpus (or $UNIDOS_CORPUS)
# checked against expected output and exit codes. Skips, with a message,
# when the corpus is absent. Usage: tests/corpus/run.sh UNIDOS [GUEST_BUILD_DIR]
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$here/../../../shared/corpus}
if [ ! -d "$corpus" ]; then
    echo "# skip: corpus not found at $corpus (set UNIDOS_CORPUS)"
    exit 0
fi
corpus=$(cd "$corpus" && pwd)
# (The filter cases are `unidos test` cases now: tests/cases/filters.)
out=$("$here/toolchains.sh" "$unidos" "$corpus"); echo "$out"
mem=$("$here/memory.sh" "$unidos" "$corpus" "$(echo "$out" | grep -c '^\(not \)\?ok')"); echo "$mem"
out=$(printf '%s\n%s\n' "$out" "$mem")
tiers=$("$here/tiers.sh" "$unidos" "$corpus" "$(echo "$out" | grep -c '^\(not \)\?ok')" ${2:+"$2"})
echo "$tiers"
out=$(printf '%s\n%s\n' "$out" "$tiers")
n=$(echo "$out" | grep -c '^\(not \)\?ok')
fail=$(echo "$out" | grep -c '^not ok')
echo "1..$n"
[ "$fail" = 0 ] || { echo "# $fail of $n corpus tests failed"; exit 1; }
