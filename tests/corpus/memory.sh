#!/bin/sh
# Memory managers used by real software: FreeCOM (FreeDOS COMMAND.COM)
# finds the built-in XMS driver, allocates a block and swaps itself into
# it, and loads its resident part into a UMB. Checked through --trace mem.
# Usage: tests/corpus/memory.sh UNIDOS CORPUS_DIR [FIRST_NUMBER-1]; prints TAP lines.
set -u
unidos=$1; corpus=$2
n=${3:-0}; fail=0
check() { # name, pattern, file
    n=$((n + 1))
    if grep -q "$2" "$3"; then echo "ok $n - $1"; else fail=$((fail + 1)); echo "not ok $n - $1"; fi
}
com=$corpus/freedos/COMMAND.COM
if [ ! -f "$com" ]; then echo "# skip: $com not found"; exit 0; fi
tmp=$(mktemp -d)
(cd "$tmp" && "$unidos" --timeout 30 --trace mem "$com" /C REM >out.txt 2>err.txt </dev/null)
rc=$?
n=$((n + 1)); if [ "$rc" = 0 ]; then echo "ok $n - freecom exits 0"; else fail=$((fail + 1)); echo "not ok $n - freecom exit status $rc"; fi
check "freecom allocates an XMS block" 'XMS 09h ALLOCATE -> 1' "$tmp/err.txt"
check "freecom swaps itself into XMS" 'XMS 0Bh MOVE -> 1' "$tmp/err.txt"
check "freecom frees its XMS block" 'XMS 0Ah FREE -> 1' "$tmp/err.txt"
check "freecom links the UMBs" 'UMBs linked' "$tmp/err.txt"
[ "$fail" = 0 ] || sed 's/^/#   /' "$tmp/err.txt" | grep -v '\[mem\] UMBs' | head -20
rm -rf "$tmp"
[ "$fail" = 0 ]
