#!/bin/sh
# Memory managers used by real software: FreeCOM (FreeDOS COMMAND.COM)
# finds the built-in XMS driver, allocates a block and swaps itself into
# it, and loads its resident part into a UMB. Checked through --trace mem.
# Usage: tests/corpus/memory.sh UNIDOS CORPUS_DIR [FIRST_NUMBER-1]; prints TAP lines.
set -u
unidos=$1; corpus=$2
. "$(dirname "$0")/../tap.sh"
tap_n=${3:-0}
check() { # name, pattern, file
    if grep -q "$2" "$3"; then tap_report "$1" ""; else tap_report "$1" "'$2' not traced"; fi
}
com=$corpus/freedos/COMMAND.COM
if [ ! -f "$com" ]; then tap_skip_required "FreeCOM's XMS and UMB use" "$com not found"; exit 0; fi
tmp=$(mktemp -d)
(cd "$tmp" && "$unidos" --timeout 30 --trace mem "$com" /C REM >out.txt 2>err.txt </dev/null)
rc=$?
if [ "$rc" = 0 ]; then tap_report "freecom exits 0" ""; else tap_report "freecom exits 0" "exit status $rc"; fi
check "freecom allocates an XMS block" 'XMS 09h ALLOCATE -> 1' "$tmp/err.txt"
check "freecom swaps itself into XMS" 'XMS 0Bh MOVE -> 1' "$tmp/err.txt"
check "freecom frees its XMS block" 'XMS 0Ah FREE -> 1' "$tmp/err.txt"
check "freecom links the UMBs" 'UMBs linked' "$tmp/err.txt"
[ "$tap_failed" = 0 ] || sed 's/^/#   /' "$tmp/err.txt" | grep -v '\[mem\] UMBs' | head -20
rm -rf "$tmp"
[ "$tap_failed" = 0 ]
