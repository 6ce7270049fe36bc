# Timing for the benchmarks (sourced): every side of a comparison is timed
# the same way and the same number of times, and reported as the median with
# the range (fastest-slowest) of its runs, for wall time and for CPU time
# (user + system, the process and its children).
#
# Each run is one hyperfine measurement (-N, no shell; --runs 1), and the
# sides take turns: unidos, DOSBox, unidos, DOSBox... after one warm-up round.
# On a machine other jobs share, load comes and goes over minutes; running
# all of one side and then all of the other (hyperfine's own order for
# several commands) would hand that drift to the ratio, taking turns spreads
# it over both. CPU time moves less with load than wall time does.
# BENCH_RUNS (default 10) runs per side. DOSBox runs through
# tests/difftest/dosbox.sh, the harness the difftest uses.
bench_runs=${BENCH_RUNS:-10}
bench_root=$(cd "$(dirname "$0")/.." && pwd)
dosbox_sh=$bench_root/tests/difftest/dosbox.sh

have_dosbox() { command -v dosbox >/dev/null 2>&1; }

# bench_machine: where the figures come from.
bench_machine() {
    model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
    echo "# machine: $(nproc) cores, ${model:-unknown CPU}, $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# ${bench_runs_now:-$bench_runs} runs per side, taking turns (hyperfine, one warm-up round): median (fastest-slowest)"
}

# bench_measure OUT COMMAND...: run the COMMANDs (strings, split as a shell
# would, without one) in turns in the current directory; one line per run
# in OUT: "index wall_seconds cpu_seconds". bench_runs_now, when set,
# overrides the number of runs.
bench_measure() {
    out=$1
    shift
    : >"$out"
    json=$(mktemp)
    round=0
    while [ $round -le "${bench_runs_now:-$bench_runs}" ]; do
        i=0
        for cmd in "$@"; do
            if hyperfine -N --runs 1 --style none --export-json "$json" "$cmd" >/dev/null 2>&1; then
                [ $round = 0 ] || python3 - "$json" "$i" >>"$out" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(sys.argv[2], r["times"][0], r["user"] + r["system"])
EOF
            else
                echo "# failed: $cmd" >&2
            fi
            i=$((i + 1))
        done
        round=$((round + 1))
    done
    rm -f "$json"
}

# bench_stats OUT I KIND UNIT: "median (min-max) UNIT" of command I's wall
# or cpu times (in ms or s), or of its CPU share (share, in %).
bench_stats() {
    python3 - "$@" <<'EOF'
import statistics, sys
out, idx, kind, unit = sys.argv[1:5]
rows = [l.split() for l in open(out) if l.split()[0] == idx]
if kind == "share":             # CPU over wall, in percent of a core
    v = [float(r[2]) / float(r[1]) * 100 for r in rows]
else:
    v = [float(r[1 if kind == "wall" else 2]) for r in rows]
if not v:
    print("(no runs)")
    sys.exit()
scale, fmt = {"ms": (1000.0, "%.1f"), "%": (1.0, "%.1f")}.get(unit, (1.0, "%.2f"))
print(("%s %%s (%s-%s)" % (fmt, fmt, fmt)) % (statistics.median(v) * scale, unit, min(v) * scale,
                                             max(v) * scale))
EOF
}

# bench_ratio OUT A B KIND: B's median over A's, with the range the runs
# allow (B's fastest over A's slowest - B's slowest over A's fastest).
bench_ratio() {
    python3 - "$@" <<'EOF'
import statistics, sys
out, a, b, kind = sys.argv[1:5]
col = 1 if kind == "wall" else 2
rows = [l.split() for l in open(out)]
va = [float(r[col]) for r in rows if r[0] == a]
vb = [float(r[col]) for r in rows if r[0] == b]
if not va or not vb or min(va) <= 0:
    print("-")
    sys.exit()
print("%.2fx (%.2f-%.2f)" % (statistics.median(vb) / statistics.median(va), min(vb) / max(va),
                             max(vb) / min(va)))
EOF
}

# bench_compare NAME UNIT A_LABEL A_COMMAND B_LABEL B_COMMAND: a heading and
# two lines (wall, CPU) with both sides and B/A. Without dosbox a DOSBox
# side is left out.
bench_compare() {
    name=$1
    unit=$2
    out=$(mktemp)
    if [ "$5" = DOSBox ] && ! have_dosbox; then
        bench_measure "$out" "$4"
        echo "$name (dosbox not installed)"
        printf "  %-5s %-8s %-30s\n" wall "$3" "$(bench_stats "$out" 0 wall "$unit")"
        printf "  %-5s %-8s %-30s\n" CPU "$3" "$(bench_stats "$out" 0 cpu "$unit")"
    else
        bench_measure "$out" "$4" "$6"
        echo "$name"
        for kind in wall cpu; do
            printf "  %-5s %-8s %-30s %-12s %-30s %s/%s %s\n" "$(echo $kind | sed 's/cpu/CPU/')" \
                "$3" "$(bench_stats "$out" 0 $kind "$unit")" "$5" \
                "$(bench_stats "$out" 1 $kind "$unit")" "$5" "$3" "$(bench_ratio "$out" 0 1 $kind)"
        done
    fi
    rm -f "$out"
}

# bench_pair NAME UNIT UNIDOS_COMMAND DOSBOX_COMMAND
bench_pair() { bench_compare "$1" "$2" unidos "$3" DOSBox "$4"; }

# bench_rss COMMAND...: the peak RSS of one run, in MB.
bench_rss() {
    /usr/bin/time -f %M -o "${TMPDIR:-/tmp}/bench-rss.$$" "$@" >/dev/null 2>&1
    echo "$(($(cat "${TMPDIR:-/tmp}/bench-rss.$$") / 1024)) MB"
    rm -f "${TMPDIR:-/tmp}/bench-rss.$$"
}

# bench_peers: which peers this run measures, and why the others are not.
# Debian (bookworm, the project's machines) ships DOSBox 0.74 only: emu2,
# dosemu2, DOSBox Staging and DOSBox-X are not packaged, so they cannot be
# installed here (tools/deps.sh installs from Debian only) and are not
# measured; NTVDM and msdos-player are Windows programs.
bench_peers() {
    if have_dosbox; then
        echo "# peers: DOSBox $(dpkg-query -W -f='${Version}' dosbox 2>/dev/null || echo '?'): dynamic core, cycles=max, headless (tests/difftest/dosbox.sh)"
    else
        echo "# peers: dosbox is not installed (make deps installs it): unidos alone"
    fi
    echo "# not measured: emu2, dosemu2, DOSBox Staging and DOSBox-X (not Debian packages), NTVDM and msdos-player (Windows)"
}
