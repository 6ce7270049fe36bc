#!/bin/sh
# CPU tests: the single-instruction JSON tests of ../shared/corpus/cputests
# (or $UNIDOS_CORPUS/cputests) through the cputest tool, every failure
# checked against known_differences.txt, once stepping Unicorn and once the
# interpreter (docs/tiers.md): one list for both, one TAP line each. Skips,
# with a message, when the corpus is absent (fails under
# UNIDOS_REQUIRE_CORPUS=1). Usage: tests/cputest/run.sh CPUTEST_BIN
set -u
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
corpus=$(tap_corpus)
name="single-instruction CPU tests against known_differences.txt"
if [ -z "$corpus" ] || [ ! -d "$corpus/cputests" ]; then
    tap_skip_required "$name" "CPU tests not found at ${corpus:-the corpus}/cputests (set UNIDOS_CORPUS)"
    tap_end cputest
    exit
fi
for tier in jit interp; do
    out=$("$bin" --tier $tier -k "$here/known_differences.txt" "$corpus/cputests" 2>&1)
    rc=$?
    echo "$out"
    summary=$(echo "$out" | sed -n 's/^# \([0-9]* tests: .*\)/\1/p' | tail -1)
    if [ "$rc" = 0 ]; then
        tap_report "$name ($tier): $summary" ""
    else
        tap_report "$name ($tier)" "${summary:-cputest exit status $rc}"
    fi
done
tap_end cputest
