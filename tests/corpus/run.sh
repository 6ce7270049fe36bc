#!/bin/sh
# Corpus runs: real DOS programs from ../shared/corpus (or $UNIDOS_CORPUS)
# checked against expected output and exit codes. Skips, with a message,
# when the corpus is absent. Usage: tests/corpus/run.sh UNIDOS
set -u
unidos=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$here/../../../shared/corpus}
if [ ! -d "$corpus" ]; then
    echo "# skip: corpus not found at $corpus (set UNIDOS_CORPUS)"
    exit 0
fi
corpus=$(cd "$corpus" && pwd)
n=0; fail=0
report() { # name, why
    n=$((n + 1))
    if [ -z "$2" ]; then echo "ok $n - $1"; else fail=$((fail + 1)); echo "not ok $n - $1: $2"; fi
}

# Filters: one line per case in filters/cases.txt.
run_filters() {
    dir=$here/filters
    grep -v '^#' "$dir/cases.txt" | while IFS='|' read -r name prog args stdin want; do
        name=$(echo $name); prog=$(echo $prog); stdin=$(echo $stdin); want=$(echo $want)
        args=$(echo "$args" | sed 's/^ *//; s/ *$//')
        [ -n "$name" ] || continue
        tmp=$(mktemp -d); cp "$dir/LINES.TXT" "$tmp/"
        in=/dev/null; [ "$stdin" != - ] && in="$tmp/$stdin"
        # shellcheck disable=SC2086
        (cd "$tmp" && eval "\"$unidos\" --timeout 30 \"$corpus/$prog\" $args" <"$in" >out.txt 2>err.txt)
        got=$?; why=""
        [ "$got" = "$want" ] || why="exit status $got, expected $want"
        [ -n "$why" ] || cmp -s "$dir/$name.out" "$tmp/out.txt" || why="stdout differs from $name.out"
        report "$name" "$why"
        [ -z "$why" ] || { od -c "$tmp/out.txt" | head -5 | sed 's/^/#   /'; sed 's/^/#   /' "$tmp/err.txt" | head -5; }
        rm -rf "$tmp"
        [ -z "$why" ]
    done
}

out=$(run_filters); echo "$out"
tc=$("$here/toolchains.sh" "$unidos" "$corpus"); echo "$tc"
out=$(printf '%s\n%s\n' "$out" "$tc")
mem=$("$here/memory.sh" "$unidos" "$corpus" "$(echo "$out" | grep -c '^\(not \)\?ok')"); echo "$mem"
out=$(printf '%s\n%s\n' "$out" "$mem")
n=$(echo "$out" | grep -c '^\(not \)\?ok')
fail=$(echo "$out" | grep -c '^not ok')
echo "1..$n"
[ "$fail" = 0 ] || { echo "# $fail of $n corpus tests failed"; exit 1; }
