# TAP output shared by the test scripts (sourced, POSIX sh). Each test is one
# line: "ok N - name", "not ok N - name: why", "ok N - name # SKIP reason",
# "not ok N - name # TODO reason" (a known gap, not a failure). tap_end
# prints the plan and a summary line that counts every kind, and fails when
# a test failed.
#
# Strict mode: UNIDOS_REQUIRE_CORPUS=1 (set by .ci/run) turns every skip
# for a missing corpus file (or the DOSBox reference) into a failure, so a
# CI run without ../shared/corpus cannot pass. On a contributor's machine
# such tests skip with a message, as tests for a missing host tool do.
tap_n=0
tap_failed=0
tap_skipped=0
tap_todos=0

tap_report() { # name, why ("" = ok)
    tap_n=$((tap_n + 1))
    if [ -z "$2" ]; then
        echo "ok $tap_n - $1"
    else
        tap_failed=$((tap_failed + 1))
        echo "not ok $tap_n - $1: $2"
    fi
}

tap_skip() { # name, reason: a host tool is missing
    tap_n=$((tap_n + 1))
    tap_skipped=$((tap_skipped + 1))
    echo "ok $tap_n - $1 # SKIP $2"
}

tap_skip_required() { # name, reason: the corpus (or DOSBox) is missing
    if [ "${UNIDOS_REQUIRE_CORPUS:-}" = 1 ]; then
        tap_report "$1" "$2 (UNIDOS_REQUIRE_CORPUS=1: required)"
    else
        tap_skip "$1" "$2"
    fi
}

tap_todo() { # name, reason: expected to fail for now
    tap_n=$((tap_n + 1))
    tap_todos=$((tap_todos + 1))
    echo "not ok $tap_n - $1 # TODO $2"
}

tap_todo_ok() { # name: a TODO test that passes now
    tap_n=$((tap_n + 1))
    tap_todos=$((tap_todos + 1))
    echo "ok $tap_n - $1 # TODO passes now"
}

# tap_count LINES: add TAP lines produced elsewhere (a tool's own output)
# to the counts; they keep their numbers.
tap_count() {
    tap_n=$((tap_n + $(echo "$1" | grep -c '^\(not \)\{0,1\}ok ')))
    tap_failed=$((tap_failed + $(echo "$1" | grep '^not ok ' | grep -vc '# TODO')))
    tap_skipped=$((tap_skipped + $(echo "$1" | grep -c '^ok .*# SKIP')))
    tap_todos=$((tap_todos + $(echo "$1" | grep -c '# TODO')))
}

tap_end() { # group name: the plan, the summary; status 1 when a test failed
    echo "1..$tap_n"
    echo "# $1: $tap_n tests, $((tap_n - tap_failed - tap_skipped - tap_todos)) passed, $tap_failed failed, $tap_skipped skipped, $tap_todos todo"
    [ "$tap_failed" = 0 ]
}

# tap_wait SECONDS COMMAND...: poll every 0.1 s until COMMAND succeeds.
tap_wait() {
    tap_t=$(($1 * 10))
    shift
    while [ "$tap_t" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1
        tap_t=$((tap_t - 1))
    done
    return 1
}

# tap_corpus: the corpus directory (UNIDOS_CORPUS, else ../shared/corpus
# beside the checkout), absolute, or "" when there is none.
tap_corpus() {
    tap_c=${UNIDOS_CORPUS:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/corpus}
    if [ -d "$tap_c" ]; then (cd "$tap_c" && pwd); fi
}

# tap_start_xvfb DIR: a private X server (Xvfb, 1024x768) on a display it
# picks itself (-displayfd), so test runs side by side never share one;
# sets tap_display (":N") and tap_xvfb_pid (kill it when done). False when
# it did not start.
tap_start_xvfb() {
    rm -f "$1/.xvfb.display"
    # -noreset: the server would reset (windows gone, clients connecting
    # in that moment left hanging) each time its last client left
    Xvfb -displayfd 3 -noreset -screen 0 1024x768x24 -nolisten tcp 3>"$1/.xvfb.display" \
        >"$1/.xvfb.log" 2>&1 &
    tap_xvfb_pid=$!
    if ! tap_wait 10 test -s "$1/.xvfb.display"; then
        kill "$tap_xvfb_pid" 2>/dev/null
        tap_xvfb_pid=""
        return 1
    fi
    tap_display=":$(cat "$1/.xvfb.display")"
}

# tap_on_exit COMMAND: run COMMAND (a cleanup that kills what the script
# started and removes its files) when the script ends, also when it is
# stopped by SIGHUP, SIGINT or SIGTERM: sh runs an EXIT trap only on exit,
# so a test killed by a timeout would otherwise leave its processes behind.
tap_on_exit() {
    trap "$1" EXIT
    trap 'exit 129' HUP
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
