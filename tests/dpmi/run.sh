#!/bin/sh
# The DPMI host end to end (docs/dpmi.md): the one-line reasons a client
# that cannot go on gets, host memory flat over 1,000 clients, and the
# protected-mode programs of the corpus (dpmi/: DJGPP programs, DOS/4GW's
# Adrenal Manager), which skip with a message when the corpus is absent.
# Usage: tests/dpmi/run.sh UNIDOS GUEST_BUILD_DIR PNGCMP
set -u
unidos=$(realpath "$1"); build=$(realpath "$2"); pngcmp=$(realpath "$3")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
corpus=$(tap_corpus)
corpus=${corpus:-/nonexistent-corpus}
tmp=$(mktemp -d)
tap_on_exit 'rm -rf "$tmp"'
cd "$tmp"
check() { # name, expected status, actual status, [file that must contain TEXT, TEXT]
    why=""
    [ "$2" = "$3" ] || why="exit status $3, expected $2"
    if [ -z "$why" ] && [ $# -ge 5 ] && ! grep -q -- "$5" "$4"; then why="'$5' not in $4"; fi
    report "$1" "$why"
}
report() { # name, reason (empty: ok)
    tap_report "$1" "$2"
    [ -z "$2" ] || sed 's/^/#   /' err 2>/dev/null | head -5
}
skip() { tap_skip "$1" "$2"; } # a host tool is missing
run() { "$unidos" --timeout 60 "$@" >out 2>err </dev/null; }

# ---- clients that cannot go on: one line and 125 ----
for f in "gp:general protection fault (exception 0Dh) at [0-9A-F]*:[0-9A-F]*, error code 1234h" \
         "ud:invalid opcode (exception 06h) at" "de:divide error (exception 00h) at" \
         "pf:page fault (exception 0Eh) at [0-9A-F]*:7FF00000, error code 0014h" \
         "cb:protected mode could not be entered at"; do
    run "$build/dpmidie.com" "${f%%:*}"
    check "no handler for ${f%%:*}: exit 125 with the reason" 125 $? err "stopped: ${f#*:}"
done
printf '\270\000\336\315\147\270\000\114\315\041' > VCPI.COM       # mov ax,DE00h; int 67h
run VCPI.COM; check "VCPI (INT 67h DE00h) is refused with the reason" 125 $? err "VCPI"
run --dpmi-mem 0 "$build/dpmi16.com"
check "--dpmi-mem 0: no DPMI host (INT 2Fh 1687h unanswered)" 91 $?
run --trace dpmi "$build/dpmi16.com"
check "--trace dpmi: one line per INT 31h call" 0 $? err "INT 31h AX=0400 version"
run --help; check "--help documents --dpmi-mem" 0 $? out "dpmi-mem MB"

# ---- 1,000 clients that free nothing: the host's memory stays flat ----
if [ -x /usr/bin/time ]; then
    # (ASan's quarantine would hold freed blocks: off, for an ASan build.)
    rss() {
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" \
            /usr/bin/time -f %M "$unidos" "$build/dpmiexec.com" "$1" 2>&1 >/dev/null | tail -1
    }
    cp "$build/dpmiexec.com" "$build/dpmikid.com" .
    few=$(rss 10); many=$(rss 1000)
    why=""
    [ "$many" -le $((few + 2048)) ] || why="max RSS $few KiB after 10 clients, $many KiB after 1,000"
    report "1,000 clients exiting without freeing: max RSS $few KiB (10), $many KiB (1,000)" "$why"
else
    skip "host memory over 1,000 clients" "/usr/bin/time missing"
fi

# ---- the corpus ----
if [ ! -d "$corpus/dpmi" ]; then
    tap_skip_required "protected-mode programs of the corpus" "corpus not found (set UNIDOS_CORPUS)"
    tap_end dpmi
    exit
fi
dpmi=$(cd "$corpus/dpmi" && pwd)

# Brandy (DJGPP): a BASIC program; its output (conio, written to the
# screen) reaches stdout as the screen's text.
mkdir brandy && cd brandy
printf 'PRINT "squares"\r\nFOR I%%=1 TO 4: PRINT I%%*I%%, SQR(I%%*I%%*I%%*I%%)\r\nNEXT\r\n' > T.BAS
"$unidos" --timeout 60 --ui headless "$dpmi/BRANDY.EXE" -quit T.BAS >../out 2>../err </dev/null
st=$?
why=""
[ "$st" = 0 ] || why="exit status $st"
[ -n "$why" ] || [ "$(tr -s ' ' <../out | sed 's/^ //')" = "squares
1 1
4 4
9 9
16 16" ] || why="stdout: $(head -6 ../out | tr '\n' '|')"
report "Brandy (DJGPP) runs a BASIC program and prints its results" "$why"
cd ..

# pngcrush (DJGPP, PMODE/DJ): a PNG rewritten with the same pixels.
mkdir crush && cd crush
python3 - <<'EOF'
import struct, zlib
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
w, h = 96, 64
raw = b''.join(b'\0' + bytes(((x * 7) ^ (y * 13) ^ c) & 255 for x in range(w) for c in (0, 85, 170))
               for y in range(h))
open('IN.PNG', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw, 1)) + chunk(b'IEND', b''))
EOF
"$unidos" --timeout 120 "$dpmi/PNGCRUSH.EXE" IN.PNG OUT.PNG >../out 2>../err </dev/null
st=$?
why=""
[ "$st" = 0 ] || why="exit status $st"
[ -n "$why" ] || grep -q "Best pngcrush method" ../out || why="no report line"
[ -n "$why" ] || "$pngcmp" OUT.PNG IN.PNG >cmp.txt 2>&1 || why="pixels differ: $(cat cmp.txt)"
report "pngcrush (DJGPP): OUT.PNG has IN.PNG's pixels ($(wc -c <IN.PNG) -> $(wc -c <OUT.PNG 2>/dev/null) bytes)" "$why"
cd ..

# Minitrue's mtr (DJGPP) in grep mode finds what grep -H -i finds (it
# ignores case by default).
mkdir mtr && cd mtr
printf 'needle one\r\nhay\r\nno NEEDLE\r\nneedle two\r\n' > A.TXT
printf 'nothing\r\nthe needle\r\n' > B.TXT
"$unidos" --timeout 60 --text "$dpmi/MTR.EXE" -o A.TXT B.TXT - needle >got.txt 2>../err </dev/null
st=$?
grep -H -i needle A.TXT B.TXT | tr -d '\r' >want.txt
why=""
[ "$st" = 0 ] || why="exit status $st"
[ -n "$why" ] || cmp -s got.txt want.txt || why="mtr printed $(tr '\n' '|' <got.txt)"
report "mtr (DJGPP) finds what grep -H -i finds" "$why"
cd ..

# The DJGPP programs with CWSDPMI.EXE beside them never start it.
mkdir cws && cd cws
cp "$dpmi/CWSDPMI.EXE" "$dpmi/MTR.EXE" "$dpmi/BRANDY.EXE" "$dpmi/PNGCRUSH.EXE" .
cp ../mtr/A.TXT ../brandy/T.BAS ../crush/IN.PNG .
for p in "MTR.EXE -o A.TXT - needle" "BRANDY.EXE -quit T.BAS" "PNGCRUSH.EXE IN.PNG O.PNG"; do
    # shellcheck disable=SC2086
    "$unidos" --timeout 60 --ui headless --trace exec $p >../out 2>../err </dev/null
    st=$?
    why=""
    [ "$st" = 0 ] || why="exit status $st"
    [ -n "$why" ] || ! grep -q "CWSDPMI" ../err || why="CWSDPMI.EXE was loaded"
    report "${p%% *} with CWSDPMI.EXE beside it uses unidos's host, never CWSDPMI" "$why"
done
"$unidos" --timeout 60 --ui headless --dpmi-mem 0 MTR.EXE -o A.TXT - needle >../out 2>../err </dev/null
check "... and without a DPMI host, CWSDPMI's own switch is stopped with the reason" 125 $? \
    ../err "switched to protected mode by itself"
cd ..

# Adrenal Manager (DOS/4GW, VESA 640x480, mouse): its panels list drive C:
# (a copy of its directory); a click on EXIT ends it.
mkdir am && cd am
cp "$dpmi"/AMANAGER/* .
chmod u+w ./*
"$unidos" --timeout 300 --ui headless --deterministic \
    --keys "xx{wait 500ms}{screenshot:panels.png}{move:-2000,2000}{wait 200ms}{move:60,-10}{wait 200ms}{press:left}{wait 200ms}{release:left}" \
    AMANAGER.EXE >../out 2>../err </dev/null
st=$?
why=""
case $st in 124|125|126|127) why="exit status $st" ;; esac
[ -n "$why" ] || grep -q "Thank You for using Adrenal Manager" ../out || why="it did not say goodbye"
[ -n "$why" ] || "$pngcmp" panels.png "$here/amanager-panels.png" >cmp.txt 2>&1 ||
    why="panels differ from tests/dpmi/amanager-panels.png: $(cat cmp.txt)"
[ -z "$why" ] || cp panels.png "${TMPDIR:-/tmp}/unidos-amanager-panels.png" 2>/dev/null
report "Adrenal Manager (DOS/4GW): file panels of C: (screenshot), EXIT clicked (status $st)" "$why"
cd ..

tap_end dpmi
