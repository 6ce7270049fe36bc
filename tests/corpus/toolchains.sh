#!/bin/sh
# Real DOS toolchains from the corpus, each in a fresh temporary directory:
# MS-DOS 2.0 MASM/LINK/EXE2BIN building MORE.COM (which then pages a file),
# MASM 5.10 + LINK 3.65, MS C 5.10 on HELLO.C and on a multi-file program,
# EDLIN 1.25 (FCB calls) driven by a script.
# Usage: tests/corpus/toolchains.sh UNIDOS CORPUS_DIR   (TAP on stdout)
set -u
unidos=$(realpath "$1"); corpus=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
src=$here/toolchains
v2=$corpus/msdos/v2.0; t4=$corpus/msdos/v4.0-tools; v125=$corpus/msdos/v1.25/bin
n=0
report() { # name, why ("" = ok), work dir
    n=$((n + 1))
    if [ -z "$2" ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1: $2"
        sed 's/^/#   /' "$3/log.txt" 2>/dev/null | tail -15
    fi
    rm -rf "$3"
}
dos() { # dir, program, args...: run headless, output appended to log.txt
    d=$1; shift
    (cd "$d" && "$unidos" -q --timeout 60 "$@" >>log.txt 2>&1)
}
to_crlf() { perl -pi -e 's/(?<!\r)\n/\r\n/' "$@"; }

# MS-DOS 2.0: MORE.COM from its sources; the result pages a 60-line file,
# prompting after every 24 lines as its source says (MAXROW 25; the shipped
# MORE.COM was built differently and prompts after 23).
ms20_more() {
    w=$(mktemp -d)
    cp "$v2"/source-inputs/*.ASM "$w/" && chmod u+w "$w"/*.ASM && to_crlf "$w"/*.ASM
    dos "$w" "$v2/bin/MASM.EXE" 'MORE;' && dos "$w" "$v2/bin/MASM.EXE" 'MOREMES;' &&
        dos "$w" "$v2/bin/LINK.EXE" 'MORE+MOREMES;' &&
        dos "$w" "$v2/bin/EXE2BIN.EXE" MORE.EXE MORE.COM
    why=""
    [ -s "$w/MORE.COM" ] || why="no MORE.COM built"
    if [ -z "$why" ]; then
        seq 1 60 | sed 's/$/\r/' >"$w/LINES.TXT"
        (cd "$w" && "$unidos" -q --timeout 10 MORE.COM <LINES.TXT >built.out 2>>log.txt)
        prompts=$(grep -c -- '-- More --' "$w/built.out")
        lines=$(tr -d '\r' <"$w/built.out" | grep -c '^[0-9]*$')
        [ "$prompts" -ge 2 ] && [ "$lines" -ge 60 ] || why="$prompts prompts, $lines lines"
        sed -n '26p' "$w/built.out" | grep -q -- '-- More --' || why="no prompt after 24 lines"
    fi
    report "MS-DOS 2.0 MASM+LINK+EXE2BIN build MORE.COM, which pages" "$why" "$w"
}

masm510() {
    w=$(mktemp -d)
    cp "$src/hello.asm" "$w/HELLO.ASM" && to_crlf "$w/HELLO.ASM"
    why=""
    dos "$w" "$t4/MASM.EXE" 'HELLO;' || why="MASM failed"
    [ -z "$why" ] && { dos "$w" "$t4/LINK.EXE" 'HELLO;' || why="LINK failed"; }
    if [ -z "$why" ]; then
        out=$(cd "$w" && "$unidos" -q --timeout 10 HELLO.EXE | tr -d '\r'); rc=$?
        want=$(printf 'Hello from MASM 5.10\nSum 1..100 = 5050')
        [ "$out" = "$want" ] || why="output '$out'"
        (cd "$w" && "$unidos" -q HELLO.EXE >/dev/null); [ $? = 42 ] || why="exit status not 42"
    fi
    report "MASM 5.10 + LINK 3.65 build a program that runs" "$why" "$w"
}

cl() { # dir, files...: MS C 5.10 with INCLUDE, LIB and TMP set
    d=$1; shift
    mkdir -p "$d/tmp"
    dos "$d" -m "t=$t4" -e 'PATH=T:\' -e 'INCLUDE=T:\BLD\INC' -e 'LIB=T:\BLD\LIB' \
        -e 'TMP=C:\tmp' "$t4/CL.EXE" "$@"
}

msc_hello() {
    w=$(mktemp -d)
    cp "$src/hello.c" "$w/HELLO.C" && to_crlf "$w/HELLO.C"
    why=""
    cl "$w" HELLO.C || why="CL failed"
    out=$(cd "$w" && "$unidos" -q --timeout 10 HELLO.EXE | tr -d '\r')
    [ -z "$why" ] && [ "$out" != hello ] && why="HELLO.EXE printed '$out'"
    report "MS C 5.10: CL HELLO.C" "$why" "$w"
}

msc_multi() {
    w=$(mktemp -d)
    cp "$src"/cprog/* "$w/" && to_crlf "$w"/*.C "$w"/*.H
    why=""
    cl "$w" MAIN.C STATS.C UTIL.C || why="CL failed"
    if [ -z "$why" ]; then
        (cd "$w" && "$unidos" -q --timeout 10 MAIN.EXE | tr -d '\r' >main.out)
        cmp -s "$w/main.out" "$src/cprog.out" || why="output differs: $(diff "$src/cprog.out" "$w/main.out" | head -3)"
        [ -s "$w/REPORT.TXT" ] || why="REPORT.TXT missing"
    fi
    report "MS C 5.10: three files, stdio, qsort, floats, time()" "$why" "$w"
}

edlin() {
    w=$(mktemp -d)
    printf 'line one\r\nline two\r\nline three\r\n' >"$w/TEST.TXT"
    cp "$w/TEST.TXT" "$w/original"
    printf '2d\r\n1rone\032ONE\r\ne\r\n' >"$w/script.txt"
    (cd "$w" && "$unidos" -q --timeout 10 "$v125/EDLIN.COM" TEST.TXT <script.txt >>log.txt 2>&1)
    printf 'line ONE\r\nline three\r\n\032' >"$w/want"
    why=""
    cmp -s "$w/TEST.TXT" "$w/want" || why="TEST.TXT is '$(od -c "$w/TEST.TXT" | head -3)'"
    cmp -s "$w/TEST.BAK" "$w/original" || why="$why; TEST.BAK is not the original"
    report "EDLIN 1.25 edits a file through FCB calls" "$why" "$w"
}

# MS-DOS 2.0 COMMAND.COM: DIR (FCB searches, volume label, aliases),
# COPY, REN, DEL and TYPE on a host directory.
ms20_command() {
    w=$(mktemp -d)
    printf 'first\r\n' >"$w/A.TXT"
    printf 'long\r\n' >"$w/Long File Name.txt"
    mkdir "$w/SUB"
    c20() { dos "$w" -e 'COMSPEC=D:\COMMAND.COM' "$v2/bin/COMMAND.COM" /C "$@"; }
    why=""
    c20 COPY A.TXT B.TXT
    cmp -s "$w/A.TXT" "$w/B.TXT" || why="COPY did not copy"
    c20 REN B.TXT C.TXT
    [ -f "$w/C.TXT" ] && [ ! -f "$w/B.TXT" ] || why="$why; REN did not rename"
    c20 DEL C.TXT
    [ ! -f "$w/C.TXT" ] || why="$why; DEL did not delete"
    out=$(cd "$w" && "$unidos" -q --timeout 10 -e 'COMSPEC=D:\COMMAND.COM' "$v2/bin/COMMAND.COM" \
        /C DIR | tr -d '\r')
    for want in 'A        TXT' 'LONGFI~1 TXT' 'SUB          <DIR>' ' Directory of  C:\' \
        '4 File(s)'; do                 # A.TXT, LOG.TXT (ours), LONGFI~1.TXT, SUB
        echo "$out" | grep -qF "$want" || why="$why; DIR lacks '$want'"
    done
    out=$(cd "$w" && "$unidos" -q --timeout 10 -e 'COMSPEC=D:\COMMAND.COM' "$v2/bin/COMMAND.COM" \
        /C TYPE LONGFI~1.TXT | tr -d '\r')
    echo "$out" | grep -qx long || why="$why; TYPE printed '$out'"
    [ -z "$why" ] || echo "$out" >>"$w/log.txt"
    report "MS-DOS 2.0 COMMAND.COM: DIR, COPY, REN, DEL, TYPE" "$why" "$w"
}

[ -d "$v2" ] && ms20_more
[ -d "$v2" ] && ms20_command
[ -d "$t4" ] && { masm510; msc_hello; msc_multi; }
[ -d "$v125" ] && edlin
