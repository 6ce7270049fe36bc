#!/bin/sh
# Fuzz runs: tests/fuzz/run.sh short SECONDS|long RUNS GUEST_BUILD_DIR TARGET...
# For each target: build its seeds (tests/fuzz/seeds.py; the loader also
# gets the corpus executables when ../shared/corpus exists), replay the
# saved crash inputs of tests/fuzz/regress/TARGET (each must now pass),
# then fuzz for SECONDS or RUNS executions. New coverage is kept in
# o/fuzz/corpus/TARGET across runs; a crash, leak, hang (> 10 s), sanitizer
# report or allocation over 256 MiB is saved to o/fuzz/artifacts/TARGET and
# fails the run. One line per run is appended to o/fuzz/results/TARGET.log.
# Short runs (make check) take a fixed seed (FUZZ_SEED, default 1): a
# slower machine runs a prefix of the same inputs, so a check that passed
# does not fail later by luck; long runs draw a new seed each time.
set -u
mode=$1; amount=$2; guest=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/o/fuzz
. "$here/../tap.sh"
corpus_src=$(tap_corpus)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:quarantine_size_mb=8}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
tmp=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d); export TMPDIR=$tmp
trap 'rm -rf "$tmp"' EXIT INT TERM
case $mode in
short) limit="-max_total_time=$amount -seed=${FUZZ_SEED:-1}" ;; # the same inputs every check run
long) limit="-runs=$amount" ;;
*) echo "usage: $0 short SECONDS|long RUNS GUEST_BUILD_DIR TARGET..." >&2; exit 2 ;;
esac
max_len() {
    case $1 in loader) echo 70000 ;; zip | fat) echo 65536 ;; int | cue) echo 8192 ;; lockstep) echo 1100 ;; *) echo 1024 ;; esac
}
for t in "$@"; do
    bin=$out/tests/fuzz/fuzz_$t
    seeds=$out/seeds/$t; corpus=$out/corpus/$t; art=$out/artifacts/$t
    log=$out/results/$t-last.txt
    rm -rf "$seeds"; mkdir -p "$seeds" "$corpus" "$art" "$out/results"
    if ! python3 "$here/seeds.py" "$t" "$seeds" "$guest"; then
        tap_report "$t" "cannot build the seeds"; continue
    fi
    if [ "$t" = loader ] && [ -n "$corpus_src" ]; then
        find "$corpus_src" -type f \( -iname '*.exe' -o -iname '*.com' \) -size -1024k |
            while read -r f; do cp "$f" "$seeds/corpus-$(basename "$f")-$(cksum <"$f" | cut -d' ' -f1)"; done
    elif [ "$t" = loader ]; then
        tap_skip_required "loader: the corpus executables as seeds" "corpus not found"
    fi
    opts="-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=256 -max_len=$(max_len "$t")"
    export LOCKSTEP_REPLAY_FILE="$art/lockstep-replay.txt" # fuzz_lockstep's inputs before a finding
    regress=$(ls "$here/regress/$t/"* 2>/dev/null)
    if [ -n "$regress" ]; then
        # shellcheck disable=SC2086
        if ! "$bin" $opts $regress >"$log" 2>&1; then
            tap_report "$t" "a saved crash input fails again"; tail -30 "$log" | sed 's/^/#   /'
            continue
        fi
    fi
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$bin" $opts $limit -print_final_stats=1 -artifact_prefix="$art/" "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    secs=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    nregress=$(echo "$regress" | grep -c . )
    printf '%s %s %s executions=%s seconds=%s cov=%s regress=%s rc=%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
        "$t" "$mode" "${execs:-0}" "$secs" "${cov:-?}" "$nregress" "$rc" >>"$out/results/$t.log"
    if [ "$rc" = 0 ]; then
        tap_report "$t: ${execs:-0} executions in ${secs} s, coverage ${cov:-?}, $nregress saved inputs replayed" ""
    else
        tap_report "$t" "fuzzer found a problem after ${execs:-?} executions (see $art)"
        grep -E 'ERROR|SUMMARY|invariant|runtime error|#[0-9]+ 0x' "$log" | head -30 | sed 's/^/#   /'
    fi
done
tap_end fuzz
