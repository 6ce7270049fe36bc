# Timing for the benchmarks (sourced): every side of a comparison is timed
# the same way, by hyperfine, with the same number of runs, and reported as
# the median with the range (fastest-slowest) of those runs, so a figure
# says how much it moved. DOSBox runs through tests/difftest/dosbox.sh, the
# harness the difftest uses. BENCH_RUNS (default 10) runs per side, after
# one warm-up run.
bench_runs=${BENCH_RUNS:-10}
bench_root=$(cd "$(dirname "$0")/.." && pwd)
dosbox_sh=$bench_root/tests/difftest/dosbox.sh

have_dosbox() { command -v dosbox >/dev/null 2>&1; }

# bench_machine: one line saying where the figures come from.
bench_machine() {
    model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
    echo "# machine: $(nproc) cores, ${model:-unknown CPU}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $bench_runs runs per side (hyperfine, after a warm-up run): median (fastest-slowest)"
}

# bench_time JSON COMMAND...: time each COMMAND (a string; hyperfine splits
# it like a shell, without one) in the current directory into JSON;
# bench_runs_now, when set, overrides the number of runs (for every side).
bench_time() {
    json=$1
    shift
    hyperfine -N --style none --warmup 1 --runs "${bench_runs_now:-$bench_runs}" \
        --export-json "$json" "$@" \
        >/dev/null 2>&1
}

# bench_stats JSON I UNIT: "median (min-max)" of command I (from 0), in
# ms or s.
bench_stats() {
    python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]
scale, fmt = (1000.0, "%.1f") if sys.argv[3] == "ms" else (1.0, "%.2f")
print(("%s (%s-%s) %s" % (fmt, fmt, fmt, sys.argv[3])) % (r["median"] * scale, r["min"] * scale,
                                                        r["max"] * scale))
EOF
}

# bench_ratio JSON A B: how many times B's median is A's, with the range
# the runs allow (B's fastest over A's slowest - B's slowest over A's fastest).
bench_ratio() {
    python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
a, b = res[int(sys.argv[2])], res[int(sys.argv[3])]
print("%.1fx (%.1f-%.1f)" % (b["median"] / a["median"], b["min"] / a["max"], b["max"] / a["min"]))
EOF
}

# bench_pair NAME UNIT UNIDOS_COMMAND DOSBOX_COMMAND: one line, both sides
# (DOSBox's left out when it is not installed).
bench_pair() {
    name=$1
    unit=$2
    json=$(mktemp)
    if have_dosbox; then
        bench_time "$json" "$3" "$4"
        printf "%-28s unidos %-26s DOSBox %-26s DOSBox/unidos %s\n" "$name" \
            "$(bench_stats "$json" 0 "$unit")" "$(bench_stats "$json" 1 "$unit")" \
            "$(bench_ratio "$json" 0 1)"
    else
        bench_time "$json" "$3"
        printf "%-28s unidos %-26s (dosbox not installed)\n" "$name" "$(bench_stats "$json" 0 "$unit")"
    fi
    rm -f "$json"
}

# bench_rss COMMAND...: the peak RSS of one run, in MB.
bench_rss() {
    /usr/bin/time -f %M -o "${TMPDIR:-/tmp}/bench-rss.$$" "$@" >/dev/null 2>&1
    echo "$(($(cat "${TMPDIR:-/tmp}/bench-rss.$$") / 1024)) MB"
    rm -f "${TMPDIR:-/tmp}/bench-rss.$$"
}
