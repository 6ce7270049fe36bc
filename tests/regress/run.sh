#!/bin/sh
# Regression testing end to end (make regress): `unidos test` on the
# project's cases (tests/cases) and the examples (examples/); the harness
# failing on purpose (tests/regress/failing: every kind of failure with
# its message, diff and difference image); JUnit XML; --update; the
# --wait-text command line; record and replay through a real terminal
# (tmux); and determinism: the same cases again under another time zone,
# locale and CPU load give byte-identical outputs (WAV recordings too).
# Usage: tests/regress/run.sh UNIDOS GUEST_BUILD_DIR AUDIO_BUILD_DIR   (TAP on stdout)
set -u
unidos=$(realpath "$1")
guest=$(realpath "$2")
audio=$(realpath "$3")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/../tap.sh"
corpus=$(tap_corpus)
export UNIDOS_GUEST="$guest" UNIDOS_AUDIO="$audio"
if [ -n "$corpus" ]; then export UNIDOS_CORPUS="$corpus"; else
    corpus=/nonexistent-corpus
    echo "# corpus not found: cases that need it are skipped"; unset UNIDOS_CORPUS; fi
work=$(mktemp -d)
sock="unidos-regress-$$"
load_pids=""
cleanup() {
    for p in $load_pids; do kill "$p" 2>/dev/null; done
    tmux -L "$sock" kill-server 2>/dev/null
    rm -rf "$work"
}
tap_on_exit cleanup
report() { tap_report "$@"; } # name, why ("" = ok)
skip() { # name, reason: a corpus file (fails under UNIDOS_REQUIRE_CORPUS=1) or a tool is missing
    case "$2" in
    "corpus file missing") tap_skip_required "$1" "$2" ;;
    *) tap_skip "$1" "$2" ;;
    esac
}
have() { command -v "$1" >/dev/null 2>&1; }
indent() { sed 's/^/#   /' | head -"${1:-40}"; }

# --- the cases and examples pass; TAP and JUnit ---
cases() {
    (cd "$root" && "$unidos" test --junit "$work/junit.xml" --out "$work/a" tests/cases examples \
        >"$work/cases.tap" 2>"$work/cases.err")
    rc=$?; why=""
    [ "$rc" = 0 ] || why="unidos test exit status $rc"
    grep -q '^not ok' "$work/cases.tap" && why="a case failed"
    total=$(sed -n 's/^1\.\.//p' "$work/cases.tap")
    [ -n "$total" ] && [ "$(grep -c '^ok' "$work/cases.tap")" = "$total" ] || why="${why:-TAP plan not met}"
    skipped=$(grep -c '^ok .*# SKIP' "$work/cases.tap")
    if [ "$skipped" != 0 ] && [ "${UNIDOS_REQUIRE_CORPUS:-}" = 1 ]; then
        why="${why:-$skipped cases skipped (UNIDOS_REQUIRE_CORPUS=1: the corpus is required)}"
    fi
    [ -z "$why" ] || indent 60 <"$work/cases.tap"
    report "unidos test tests/cases examples: $(tail -1 "$work/cases.tap" | sed 's/^# //')" "$why"
    why=""
    python3 - "$work/junit.xml" "$total" <<'EOF' >"$work/junit.err" 2>&1 || why="$(head -1 "$work/junit.err")"
import sys, xml.dom.minidom
d = xml.dom.minidom.parse(sys.argv[1])
top = d.getElementsByTagName("testsuites")[0]
assert top.getAttribute("tests") == sys.argv[2], "tests=%s" % top.getAttribute("tests")
assert top.getAttribute("failures") == "0"
assert len(d.getElementsByTagName("testcase")) == int(sys.argv[2])
EOF
    report "JUnit XML of the cases is well formed and counts them" "$why"
}

# --- failures are caught and explained ---
# case | what its report must say
expect_failures() {
    cat <<'EOF'
expect|expect-text 'missing text': not on the screen
hang|did not exit within the wall-time limit of 1 s
nogolden|no golden file
png|pixels differ from
screen|differs from
sha|SHA-256 is dfa40b427fe0a9437c7e7e1f9c0f740dbc4f1b18fffdde9d1e7309290026f1fc
status|the program exited with status 0, expected 3
stdout|standard output: differs from
syntax|unknown statement 'frobnicate'
timeout|'never shown' did not show on the screen within 1 s of machine time
wav|0.500 s of sound against 0.100 s; first different sample at 0.000 s
EOF
}

failing() {
    (cd "$here" && "$unidos" test --junit "$work/fail.xml" --out "$work/f" failing \
        >"$work/fail.tap" 2>&1)
    rc=$?; why=""
    [ "$rc" = 1 ] || why="unidos test exit status $rc, expected 1"
    expect_failures | while IFS='|' read -r name msg; do
        block=$(awk -v id="failing/$name" '$0 ~ "^(not )?ok [0-9]+ - " id " " {p=1; print; next}
            /^(not )?ok / {p=0} p' "$work/fail.tap")
        case "$block" in
        "not ok"*) ;;
        *) echo "failing/$name did not fail";;
        esac
        echo "$block" | grep -qF -- "$msg" || echo "failing/$name does not say: $msg"
    done >"$work/fail.why"
    [ -s "$work/fail.why" ] && why="$(head -3 "$work/fail.why" | tr '\n' ';')"
    grep -q '^#   -C:\\>ECHO expected output' "$work/fail.tap" &&
        grep -q '^#   +C:\\>ECHO actual output' "$work/fail.tap" || why="$why no unified diff of stdout"
    grep -q '^#   the screen:' "$work/fail.tap" || why="$why no screen shown for a failed wait"
    head -c 8 "$work/f/failing/png/png.diff.png" 2>/dev/null | od -c | grep -q 'P   N   G' ||
        why="$why no difference image"
    [ -f "$work/f/failing/timeout/failure-3.screen.txt" ] || why="$why no failure screen saved"
    grep -q 'failures="11"' "$work/fail.xml" || why="$why JUnit does not count 11 failures"
    [ -z "$why" ] || indent 40 <"$work/fail.tap"
    report "11 kinds of failure caught and explained (diffs, difference image, WAV, screens, JUnit)" "$why"
}

# --- --update turns failing golden files into passing ones ---
update() {
    mkdir -p "$work/u"
    cp "$here"/failing/png.* "$here"/failing/screen.* "$here"/failing/stdout.* \
        "$here"/failing/nogolden.* "$work/u/"
    "$unidos" test --update "$work/u" >"$work/u.tap" 2>&1; rc1=$?
    "$unidos" test "$work/u" >"$work/u2.tap" 2>&1; rc2=$?
    why=""
    [ "$rc1" = 0 ] || why="--update exit status $rc1"
    [ "$rc2" = 0 ] || why="$why; the run after --update failed"
    [ "$(grep -c '^# updated' "$work/u.tap")" = 4 ] || why="$why; not 4 golden files updated"
    [ -z "$why" ] || indent 30 <"$work/u2.tap"
    report "--update rewrites golden files; the next run passes" "$why"
}

# --- the command line of the issue: keys, wait for text, screenshot ---
cli() {
    d=$work/cli; mkdir -p "$d"
    (cd "$d" && "$unidos" --deterministic --keys 'DIR{enter}' --wait-text 'bytes free' \
        --screenshot s.png --screen-dump s.txt -c COMMAND >out.txt 2>err.txt </dev/null)
    rc=$?; why=""
    [ "$rc" = 0 ] || why="exit status $rc"
    grep -q 'bytes free' "$d/s.txt" 2>/dev/null || why="$why; the screen dump lacks 'bytes free'"
    [ -s "$d/s.png" ] || why="$why; no screenshot"
    (cd "$d" && "$unidos" --deterministic --wait-text 'never' -c COMMAND >out2.txt 2>err2.txt </dev/null)
    rc=$?
    [ "$rc" = 124 ] || why="$why; a wait that times out gives $rc, not 124"
    grep -q "did not show on the screen within 60 s of machine time" "$d/err2.txt" ||
        why="$why; no timeout message"
    [ -z "$why" ] || cat "$d/err.txt" "$d/err2.txt" | indent 20
    report "--keys DIR{enter} --wait-text 'bytes free' --screenshot: 0; never shown: 124" "$why"
}

# --- record in a real terminal, replay headless: the same run ---
record_replay() {
    edit=$corpus/freedos/BIN/EDIT.EXE
    [ -f "$edit" ] || { skip "record in a terminal, replay headless" "corpus file missing"; return; }
    have tmux || { skip "record in a terminal, replay headless" "tmux not installed"; return; }
    d=$work/rec; mkdir -p "$d/a" "$d/b"
    tmux -L "$sock" new-session -d -s rec -x 100 -y 30 \
        "cd $d/a && TERM=xterm '$unidos' --timeout 60 --record in.log --screen-dump end.txt --ui term '$edit' NOTES.TXT; echo EXIT=\$? >rc; sleep 60"
    step() { # keys, text to wait for in the pane
        tmux -L "$sock" send-keys -t rec "$1"
        t=100; while [ $t -gt 0 ] && ! tmux -L "$sock" capture-pane -p -t rec | grep -q "$2"; do
            sleep 0.1; t=$((t - 1)); done
    }
    step "" "FreeDOS Edit"
    step "Recorded by hand" "Recorded by hand"
    # a mouse click on "File" (xterm SGR reports: button 0 pressed, released)
    tmux -L "$sock" send-keys -t rec -l "$(printf '\033[<0;6;2M')"; sleep 0.3
    tmux -L "$sock" send-keys -t rec -l "$(printf '\033[<0;6;2m')"
    step "" "Save as"
    step s "Recorded"
    tmux -L "$sock" send-keys -t rec M-f; sleep 0.5; tmux -L "$sock" send-keys -t rec x
    t=100; while [ $t -gt 0 ] && [ ! -f "$d/a/rc" ]; do sleep 0.1; t=$((t - 1)); done
    why=""
    grep -q EXIT=0 "$d/a/rc" 2>/dev/null || why="the recorded session did not end with status 0"
    (cd "$d/b" && "$unidos" --replay ../a/in.log --screen-dump end.txt --ui headless "$edit" \
        NOTES.TXT >out.txt 2>err.txt </dev/null)
    rc=$?
    [ "$rc" = 0 ] || why="$why; replay exit status $rc"
    cmp -s "$d/a/NOTES.TXT" "$d/b/NOTES.TXT" || why="$why; the replay saved another NOTES.TXT"
    cmp -s "$d/a/end.txt" "$d/b/end.txt" || why="$why; the final screens differ"
    grep -q 'differs from the recorded one' "$d/b/err.txt" && why="$why; the replay departed from the log"
    grep -q ' mouse 40 8 abs 1$' "$d/a/in.log" || why="$why; the mouse click is not in the log"
    [ -z "$why" ] || cat "$d/b/err.txt" "$d/a/in.log" | indent 20
    report "EDIT recorded in a terminal (tmux, keys and a mouse click) and replayed headless: same file, same screen" "$why"
}

# --- determinism: again, under another time zone, locale and load ---
determinism() {
    for i in 1 2; do (while :; do :; done) & load_pids="$load_pids $!"; done
    (cd "$root" && TZ=Pacific/Kiritimati LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 \
        "$unidos" test -j 1 --out "$work/b" tests/cases examples >"$work/b.tap" 2>&1)
    rc=$?
    for p in $load_pids; do kill "$p" 2>/dev/null; done
    load_pids=""
    why=""
    [ "$rc" = 0 ] || why="the second run failed ($rc)"
    (cd "$work/a" && find . -type f | sort) >"$work/a.list"
    (cd "$work/b" && find . -type f | sort) >"$work/b.list"
    cmp -s "$work/a.list" "$work/b.list" || why="$why; other files: $(diff "$work/a.list" "$work/b.list" | head -3 | tr '\n' ' ')"
    files=$(wc -l <"$work/a.list")
    differ=$(while read -r f; do cmp -s "$work/a/$f" "$work/b/$f" || echo "$f"; done <"$work/a.list")
    [ -z "$differ" ] || why="$why; differ: $(echo "$differ" | head -5 | tr '\n' ' ')"
    report "determinism: $files output files (stdout, screens, PNGs, WAVs, written files) identical under TZ=Pacific/Kiritimati, de_DE.UTF-8, 2 busy CPUs, -j 1" "$why"
}

cases
failing
update
cli
record_replay
determinism
tap_end regress
