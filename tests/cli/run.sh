#!/bin/sh
# Command-line behaviour: exit statuses, messages, program lookup, --text,
# --timeout and signals. Usage: tests/cli/run.sh UNIDOS GUEST_BUILD_DIR
set -u
unidos=$(realpath "$1"); build=$(realpath "$2")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
n=0; fail=0
check() { # name, expected status, actual status, [file that must contain TEXT, TEXT]
    n=$((n + 1)); why=""
    [ "$2" = "$3" ] || why="exit status $3, expected $2"
    if [ -z "$why" ] && [ $# -ge 5 ] && ! grep -q -- "$5" "$4"; then why="'$5' not in $4"; fi
    if [ -z "$why" ]; then echo "ok $n - $1"; else fail=$((fail + 1)); echo "not ok $n - $1: $why"; sed 's/^/#   /' err 2>/dev/null | head -5; fi
}
run() { "$unidos" "$@" >out 2>err; }

run NOSUCH.EXE; check "missing program is 127" 127 $? err "not found"
printf 'MZ\020\000\010\000' > TRUNC.EXE
run TRUNC.EXE; check "truncated MZ is 126" 126 $? err "not a valid DOS program"
: > EMPTY.COM
run EMPTY.COM; check "empty file is 126" 126 $? err "empty"
printf '\353\376' > SPIN.COM                      # jmp $
run --timeout 0.3 SPIN.COM; check "--timeout expires with 124" 124 $? err "timed out"
printf '\017\377' > BADOP.COM                     # 0F FF: invalid opcode
run BADOP.COM; check "invalid opcode is 125 with CS:IP" 125 $? err "invalid opcode at"
printf '\360\071\222\341\224' > LOCKCMP.COM        # LOCK CMP [BP+SI-6B1Fh],DX: Unicorn aborts
run LOCKCMP.COM; check "code Unicorn aborts on is 125 with a message, not SIGABRT" 125 $? err "CPU emulator"
printf '\372\364' > CLIHLT.COM                    # cli; hlt
run CLIHLT.COM; check "HLT with interrupts off is 125" 125 $? err "HLT with interrupts disabled"
run --no-such-option X; check "unknown option is 125" 125 $? err "unknown option"
run --timeout nope X; check "bad option value is 125" 125 $? err "invalid timeout"
run < /dev/null; check "no program: the shell's prompt, until stdin ends" 0 $? out "C:"
run -c VER < /dev/null; check "-c runs shell commands" 0 $? out "DOS version"
run --help; check "--help" 0 $? out "exit status"
run --help; check "--help lists the regression-testing options (--report)" 0 $? out "^      --report FILE"
run --mount zz; check "a bad --mount names every suffix" 125 $? err "X=PATH:ro:lower"
run --version; check "--version prints a version number" 0 $? out "^unidos [0-9][0-9]*\.[0-9][0-9]*\.[0-9]"
cp "$build/hello.com" ./Hello.Com
run hello; check "extension optional, case-insensitive" 0 $? out "Hello, world!"
run --text hello; n=$((n + 1))
if [ "$(od -An -c out | tr -d ' \n')" = "Hello,world!\nx\nviahandle1\n" ]; then echo "ok $n - --text turns CR LF into LF"; else fail=$((fail + 1)); echo "not ok $n - --text output: $(od -An -c out | head -2)"; fi
run "$build/retcode.com" 200; check "return code passes through" 200 $?
run --trace cpu "$build/strop.com"; check "REP STOS/MOVS into video memory run in the host" 0 $? err "string ops run in the host: [1-9]"
check "... and stay in the CPU once a GDT is loaded" 0 0 err "string ops stay in the CPU"
"$unidos" SPIN.COM >out 2>err & pid=$!
sleep 0.3; kill -TERM $pid; wait $pid; check "SIGTERM ends the run with 143" 143 $?
mkdir -p proj/SRC proj/BIN src
cp "$build/hello.com" proj/BIN/TOOL.EXE
printf '@ECHO OFF\r\nECHO building %%1\r\n' > src/BUILD.BAT
(cd proj && "$unidos" -m c=. --cd 'C:\SRC' '..\BIN\TOOL.EXE' >../out 2>../err)
check "DOS-style relative program path from --cd" 0 $? out "Hello, world!"
run -m c=proj -m d=src --cd 'D:\' BUILD.BAT release
check "program found in the DOS current directory" 0 $? out "building release"
run -m c=proj 'C:\BIN\NOPE.EXE'; check "missing DOS path is 127" 127 $? err "not found"
echo "1..$n"
[ "$fail" = 0 ] || { echo "# $fail of $n CLI tests failed"; exit 1; }
