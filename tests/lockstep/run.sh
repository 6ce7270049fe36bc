#!/bin/sh
# Lockstep differential tests of the CPU tiers (docs/tiers.md), bounded in
# time: the saved inputs of tests/lockstep/regress replayed, random
# instruction streams, and streams from the corpus programs
# (../shared/corpus or $UNIDOS_CORPUS) when present.
# Usage: tests/lockstep/run.sh LOCKSTEP_BIN SECONDS
set -u
bin=$(realpath "$1"); secs=$2
here=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$here/../../../shared/corpus}
half=$((secs / 2))
[ "$half" -gt 0 ] || half=1
rc=0
log=$(mktemp)
REPLAY_LIMIT_S=60 # a replay that hangs fails (each takes under a second)
for f in "$here"/regress/*.txt; do
    if timeout "$REPLAY_LIMIT_S" "$bin" --replay "$f" 2>"$log"; then
        echo "# replay $(basename "$f"): $(tail -1 "$log")"
    else
        echo "# replay $(basename "$f") differs:"; tail -20 "$log"; rc=1
    fi
done
echo "# random streams, $half s"
"$bin" --seconds "$half" --seed "${LOCKSTEP_SEED:-1}" || rc=1
set --
for f in "$corpus"/msdos/v4.0-tools/CL.EXE "$corpus"/msdos/v4.0-tools/C1.EXE \
    "$corpus"/msdos/v4.0-tools/MASM.EXE "$corpus"/msdos/v4.0-tools/LINK.EXE \
    "$corpus"/msdos/v2.0/bin/COMMAND.COM; do
    [ -f "$f" ] && set -- "$@" --corpus "$f"
done
if [ $# -eq 0 ]; then
    echo "# skip: corpus streams (no corpus at $corpus)"
else
    # a finding of the corpus streams: a fault's state reaching the next
    # case (machines are rebuilt after a fault; docs/tiers.md)
    echo "# corpus streams, seed 2, cases 16000-16192"
    if "$bin" --seed 2 --from 16000 --cases 193 "$@" >"$log" 2>&1; then
        tail -1 "$log"
    else
        grep -v 'tcg fatal' "$log" | head -5; rc=1
    fi
    echo "# random and corpus streams, $half s"
    "$bin" --seconds "$half" --seed "${LOCKSTEP_SEED:-1}" "$@" || rc=1
fi
rm -f "$log"
exit $rc
