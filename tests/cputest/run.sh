#!/bin/sh
# CPU tests: the single-instruction JSON tests of ../shared/corpus/cputests
# (or $UNIDOS_CORPUS/cputests) through the cputest tool, every failure
# checked against known_differences.txt, once stepping Unicorn and once the
# interpreter (docs/tiers.md): one list for both. Skips, with a message,
# when the corpus is absent. Usage: tests/cputest/run.sh CPUTEST_BIN
set -u
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$here/../../../shared/corpus}
dir=$corpus/cputests
if [ ! -d "$dir" ]; then
    echo "# skip: CPU tests not found at $dir (set UNIDOS_CORPUS)"
    exit 0
fi
rc=0
for tier in jit interp; do
    "$bin" --tier $tier -k "$here/known_differences.txt" "$dir" || rc=1
done
exit $rc
