#!/bin/sh
# Disk and CD images end to end, built in the run with the Debian tools
# (mkfs.fat, mcopy and fsck.fat from dosfstools/mtools; genisoimage and
# xorriso; tests/drives/mkcue.py for a CUE/BIN with a data and an audio
# track) and used by real DOS programs: COPY in the built-in shell, FreeCOM
# and MS-DOS 2.0's COMMAND.COM, CHKDSK from MS-DOS 2.0, the guest file
# fixtures on an image as C:, MSCDEX with CD audio recorded by --wav,
# damaged images, swapping disks, read-only images and kill -9.
# Usage: tests/drives/images.sh UNIDOS GUEST_BUILD_DIR WAVCHECK
set -u
unidos=$(realpath "$1"); build=$(realpath "$2"); wavcheck=$(realpath "$3")
src=$(cd "$(dirname "$0")" && pwd)
corpus=${UNIDOS_CORPUS:-$src/../../../shared/corpus}
. "$src/../tap.sh"
work=$(mktemp -d)
bg=""
# the background unidos of the kill -9 test is killed on every way out
cleanup() {
    [ -z "$bg" ] || kill -9 "$bg" 2>/dev/null
    rm -rf "$work"
}
tap_on_exit cleanup
report() { # name, why ("" = ok, "skip: ..." = the corpus is missing)
    case "$2" in
    skip:*) tap_skip_required "$1" "${2#skip: }" ;;
    *) tap_report "$1" "$2" ;;
    esac
}
run() { # dir, unidos args... -> stdout in $out, status in $rc
    d=$1; shift
    out=$(cd "$d" && "$unidos" --timeout 30 -q "$@" 2>"$work/err.txt" </dev/null); rc=$?
}
for tool in mkfs.fat mcopy mdir fsck.fat genisoimage xorriso python3 flac oggenc lame; do
    if ! command -v $tool >/dev/null; then
        echo "1..0 # SKIP $tool is not installed (make deps)"; exit 0
    fi
done
crlf() { printf '%s\r\n' "$@"; }
same_files() { # image[@@offset] dir host_dir [glob]: those files read back the same
    for f in "$3"/${4:-*}; do
        mcopy -n -i "$1" "::$2/$(basename "$f")" "$work/back" 2>/dev/null &&
            cmp -s "$f" "$work/back" || { echo "$(basename "$f") differs"; return 1; }
    done
}
fsck_clean() { # image [first sector]: fsck.fat -n finds nothing to fix
    img=$1
    if [ -n "${2:-}" ]; then
        dd if="$1" of="$work/part.img" bs=512 skip="$2" status=none; img=$work/part.img
    fi
    fsck.fat -n "$img" >"$work/fsck.txt" 2>&1 || { tail -3 "$work/fsck.txt"; return 1; }
}
t=$work/host; mkdir -p "$t"
i=1
while [ $i -le 40 ]; do
    head -c $((i * 997)) /dev/urandom >"$t/FILE$i.DAT"; i=$((i + 1))
done
printf 'a text file\r\n' >"$t/README.TXT"

# A 1.44 MB floppy image: the built-in shell copies a host directory into a
# new directory on it; fsck.fat finds it clean, mcopy reads the same bytes.
mkfs.fat -C -n FLOPPY "$work/fd.img" 1440 >/dev/null
run "$work" -m "a=$work/fd.img" -m "d=$t" -c 'MD A:\DATA' -c 'COPY D:\*.* A:\DATA'
why=""
[ "$rc" = 0 ] || why="status $rc: $(cat "$work/err.txt")"
[ -z "$why" ] && { why=$(fsck_clean "$work/fd.img") || why="fsck: $why"; }
[ -z "$why" ] && { why=$(same_files "$work/fd.img" DATA "$t") || why="mcopy: $why"; }
report "COPY host -> floppy image: fsck.fat clean, mcopy reads the same bytes" "$why"

# Back from the image to the host with FreeCOM's and MS-DOS 2.0's COPY.
for shell in freedos/COMMAND.COM msdos/v2.0/bin/COMMAND.COM; do
    if [ ! -f "$corpus/$shell" ]; then
        report "COPY by $shell" "skip: the corpus is not at $corpus"; continue
    fi
    rm -rf "$work/out"; mkdir -p "$work/out"
    run "$work" -m "a=$work/fd.img" -m "e=$work/out" "$corpus/$shell" /C COPY 'A:\DATA\FILE3*.DAT' 'E:\'
    why=""
    for f in FILE3.DAT FILE30.DAT FILE35.DAT; do
        cmp -s "$t/$f" "$work/out/$f" || why="$f differs (status $rc: $(echo $out | head -c 200))"
    done
    report "COPY by $shell: floppy image -> host, same bytes" "$why"
done

# MS-DOS 2.0 CHKDSK on a 720 KiB image: its free space is what mtools counts.
if [ -f "$corpus/msdos/v2.0/bin/CHKDSK.COM" ]; then
    mkfs.fat -C -n CHK "$work/f720.img" 720 >/dev/null
    mmd -i "$work/f720.img" ::SUB ::SUB/DEEP
    mcopy -i "$work/f720.img" "$t/FILE1.DAT" "$t/FILE20.DAT" ::SUB
    mcopy -i "$work/f720.img" "$t/FILE7.DAT" ::SUB/DEEP
    mcopy -i "$work/f720.img" "$t/README.TXT" ::
    run "$work" --dos-version 2.0 -m "a=$work/f720.img" "$corpus/msdos/v2.0/bin/CHKDSK.COM" A:
    free=$(mdir -i "$work/f720.img" -/ :: | sed -n 's/ bytes free//p' | tr -d ' ')
    got=$(printf '%s\n' "$out" | sed -n 's/ *\([0-9]*\) bytes available on disk.*/\1/p')
    files=$(printf '%s\n' "$out" | sed -n 's/.* bytes in \([0-9]*\) user files.*/\1/p')
    dirs=$(printf '%s\n' "$out" | sed -n 's/.* bytes in \([0-9]*\) directories.*/\1/p')
    [ "$rc" = 0 ] && [ -n "$free" ] && [ "$got" = "$free" ] && [ "$files" = 4 ] && [ "$dirs" = 2 ] &&
        why="" || why="status $rc, free '$got' (mtools: $free), $files files, $dirs dirs: $out"
    report "CHKDSK (MS-DOS 2.0) on a 720 KiB image agrees with mtools" "$why"
else
    report "CHKDSK on a floppy image" "skip: the corpus is not at $corpus"
fi

# MS-DOS 2.0 DISKCOPY from A: to B: through INT 13h: the same bytes.
if [ -f "$corpus/msdos/v2.0/bin/DISKCOPY.COM" ]; then
    mkfs.fat -C -n SOURCE "$work/src360.img" 360 >/dev/null
    mcopy -i "$work/src360.img" "$t/FILE5.DAT" "$t/README.TXT" ::
    mkfs.fat -C -n TARGET "$work/dst360.img" 360 >/dev/null
    run "$work" --dos-version 2.0 --keys '{wait 300ms} {wait 300ms} {wait 300ms}n' \
        -m "a=$work/src360.img" -m "b=$work/dst360.img" "$corpus/msdos/v2.0/bin/DISKCOPY.COM" A: B:
    cmp -s "$work/src360.img" "$work/dst360.img" && why="" || why="status $rc: $out"
    report "DISKCOPY (MS-DOS 2.0) copies a floppy image through INT 13h" "$why"
else
    report "DISKCOPY between floppy images" "skip: the corpus is not at $corpus"
fi
# An unformatted floppy image mounts; file calls fail until a boot sector
# is written, then the drive has a file system (INT 26h here).
truncate -s 1440K "$work/blank.img"
mkfs.fat -C -n FRESH "$work/fresh.img" 1440 >/dev/null
run "$work" -m "a=$work/blank.img" -c 'DIR A:'
r1=$rc
dd if="$work/fresh.img" of="$work/blank.img" bs=512 count=33 conv=notrunc status=none
run "$work" -m "a=$work/blank.img" -m "d=$t" -c 'COPY D:\README.TXT A:\' -c 'VOL A:'
[ "$r1" -lt 124 ] && printf '%s' "$out" | grep -q FRESH && why=$(fsck_clean "$work/blank.img") ||
    why="statuses $r1/$rc: $out"
report "an unformatted floppy image mounts, and works once formatted" "$why"

# Partitioned hard-disk images, FAT16 and FAT32: the first FAT partition is C:.
for fat in 16 32; do
    img=$work/hd$fat.img
    if [ $fat = 16 ]; then size=64M; first=63; type=06; else size=300M; first=2048; type=0C; fi
    truncate -s $size "$img"
    mkfs.fat -F $fat --offset $first -n "DISK$fat" "$img" >/dev/null
    python3 "$src/mkpart.py" "$img" $type $first
    run "$work" -m "c=$img" -m "d=$t" -c 'MD C:\A' -c 'MD C:\A\B' -c 'COPY D:\FILE1*.DAT C:\A\B' \
        -c 'COPY D:\README.TXT C:\' -c 'DEL C:\A\B\FILE12.DAT' -c 'REN C:\README.TXT READ.ME' -c 'VOL C:'
    why=""
    [ "$rc" = 0 ] && printf '%s' "$out" | grep -q "DISK$fat" || why="status $rc: $(cat "$work/err.txt")"
    [ -z "$why" ] && { why=$(fsck_clean "$img" $first) || why="fsck: $why"; }
    for f in FILE1.DAT FILE10.DAT FILE11.DAT FILE13.DAT FILE19.DAT; do
        [ -z "$why" ] && { why=$(same_files "$img@@$((first * 512))" A/B "$t" $f) || why="mcopy: $why"; }
    done
    [ -z "$why" ] && ! mdir -i "$img@@$((first * 512))" ::A/B/FILE12.DAT >/dev/null 2>&1 &&
        mcopy -n -i "$img@@$((first * 512))" ::READ.ME "$work/back" && cmp -s "$work/back" "$t/README.TXT" ||
        why=${why:-"DEL or REN did not take"}
    report "FAT$fat partitioned image: MD, COPY, DEL, REN; fsck.fat clean, mcopy reads back" "$why"
done

# The file fixtures (handles, FCBs, searches, directories, sharing) on a
# FAT image as C:, then fsck.fat.
mkfs.fat -C -n TESTVOL "$work/c.img" 8192 >/dev/null
mcopy -i "$work/c.img" "$build"/*.com ::
why=""
for f in fdirs fhandle ffind ffcb fmisc fshare; do
    run "$work" -m "c=$work/c.img" "C:\\$(echo $f | tr a-z A-Z).COM"
    [ "$rc" = 0 ] || why="$why $f: status $rc"
done
[ -z "$why" ] && { why=$(fsck_clean "$work/c.img") || why="fsck: $why"; }
report "file fixtures on a FAT image as C:" "$why"

# Raw sectors: INT 25h/26h, INT 13h, DPB and 440Dh on a floppy image.
mkfs.fat -C "$work/raw.img" 1440 >/dev/null
mkdir -p "$work/rawc"
run "$work" -m "a=$work/raw.img" -m "c=$work/rawc" "$build/absdisk.com"
[ "$rc" = 0 ] && why="" || why="failed check $rc"
report "INT 25h/26h, INT 13h, DPB, 440Dh on a floppy image" "$why"

# A read-only image: writes refused (error 5), not a byte or time changed.
cp "$work/fd.img" "$work/ro.img"; touch -d '2001-01-01' "$work/ro.img"
before=$(ls -l --time-style=full-iso "$work/ro.img"; sha256sum <"$work/ro.img")
run "$work" -m "a=$work/ro.img:ro" "$build/fmk.com" 'A:\NEW.TXT'; r1=$rc
run "$work" -m "a=$work/ro.img:ro" "$build/fcat.com" 'A:\DATA\README.TXT'
after=$(ls -l --time-style=full-iso "$work/ro.img"; sha256sum <"$work/ro.img")
[ "$r1" = 5 ] && [ "$rc" = 0 ] && [ "$before" = "$after" ] && why="" ||
    why="statuses $r1/$rc, or the image changed"
report ":ro image refuses writes and keeps every byte and time" "$why"

# kill -9 after a write returned: the bytes are in the image.
mkfs.fat -C "$work/kill.img" 1440 >/dev/null
mcopy -i "$work/kill.img" "$build/fhang.com" ::FHANG.COM
(cd "$work" && exec "$unidos" --timeout 60 -q -m "c=$work/kill.img" 'C:\FHANG.COM' >/dev/null 2>&1) &
pid=$!
bg=$pid
i=0
while [ $i -lt 100 ] && ! mcopy -n -i "$work/kill.img" ::KILL.TXT "$work/k.txt" 2>/dev/null; do
    sleep 0.05; i=$((i + 1))
done
sleep 0.2
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
bg=""
mcopy -n -i "$work/kill.img" ::KILL.TXT "$work/k.txt" 2>/dev/null
[ "$(cat "$work/k.txt" 2>/dev/null)" = "$(crlf 'written before the kill')" ] &&
    why=$(fsck_clean "$work/kill.img") || why="KILL.TXT holds '$(cat "$work/k.txt" 2>/dev/null)' $why"
report "kill -9 after a write to an image: the bytes are there, fsck.fat clean" "$why"

# Two floppies for one drive: the script statement swaps the second in.
mkfs.fat -C -n DISK1 "$work/d1.img" 1440 >/dev/null
mkfs.fat -C -n DISK2 "$work/d2.img" 1440 >/dev/null
printf 'one\r\n' >"$work/ONE.TXT"; printf 'two\r\n' >"$work/TWO.TXT"
mcopy -i "$work/d1.img" "$work/ONE.TXT" ::DISK.TXT
mcopy -i "$work/d2.img" "$work/TWO.TXT" ::DISK.TXT
cat >"$work/swap.uds" <<'EOF'
mount a=WORK/d1.img
mount a=WORK/d2.img
run
wait-text 'C:.>'
type 'TYPE A:\DISK.TXT{enter}'
wait-text one
swap A:
type 'TYPE A:\DISK.TXT{enter}'
wait-text two
type 'EXIT{enter}'
wait-exit 0
EOF
sed -i "s|WORK|$work|" "$work/swap.uds"
run "$work" --script "$work/swap.uds"
[ "$rc" = 0 ] && why="" || why="status $rc: $(tail -5 "$work/err.txt") $out"
report "swap statement inserts the second floppy image" "$why"

# Damaged images: clear errors and one note, never a crash or a hang.
cp "$work/fd.img" "$work/badbpb.img"
printf '\000\000' | dd of="$work/badbpb.img" bs=1 seek=11 conv=notrunc status=none
run "$work" -m "a=$work/badbpb.img" "$build/flist.com" 'A:\*.*'
[ "$rc" = 125 ] && grep -q "cannot mount.*sector" "$work/err.txt" && why="" ||
    why="status $rc: $(cat "$work/err.txt")"
report "an image with a broken BPB is refused with the reason" "$why"
mkfs.fat -C "$work/loop.img" 1440 >/dev/null
mcopy -i "$work/loop.img" "$t/FILE40.DAT" ::LOOP.DAT
python3 - "$work/loop.img" <<'EOF'
import sys
# LOOP.DAT's chain loops: its third cluster points back to its first.
f = open(sys.argv[1], "r+b")
img = bytearray(f.read())
root = 512 * (1 + 2 * 9)
e = next(o for o in range(root, root + 512 * 14, 32) if img[o:o + 11] == b"LOOP    DAT")
first = img[e + 26] | img[e + 27] << 8
def setfat(n, v):
    for fat in (512, 512 * 10):
        o = fat + n * 3 // 2
        w = img[o] | img[o + 1] << 8
        w = (w & 0xF) | (v << 4) if n & 1 else (w & 0xF000) | v
        img[o] = w & 0xFF
        img[o + 1] = w >> 8
setfat(first + 2, first)
f.seek(0)
f.write(img)
EOF
rc=0
(cd "$work" && "$unidos" --timeout 30 -m "a=$work/loop.img" "$build/fcat.com" 'A:\LOOP.DAT' \
    >/dev/null 2>"$work/err.txt" </dev/null) || rc=$?
[ "$rc" != 0 ] && [ "$rc" -lt 124 ] && grep -q "damaged" "$work/err.txt" && why="" ||
    why="status $rc: $(head -c 300 "$work/err.txt")"
report "a looping FAT chain gives a DOS error and a note" "$why"
head -c 300000 "$work/fd.img" >"$work/short.img"
run "$work" -m "a=$work/short.img" -c 'TYPE A:\DATA\FILE40.DAT' -c 'DIR A:\DATA'
[ "$rc" -lt 124 ] && why="" || why="status $rc: $(cat "$work/err.txt")"
report "a truncated image: DOS errors, no crash" "$why"

# CD images: ISO 9660 from genisoimage and xorriso, a CUE/BIN with an audio
# track, and one whose audio track is a WAV file.
mkdir -p "$work/iso/SUB"
printf 'cd file\r\n' >"$work/iso/README.TXT"; printf 'deep\r\n' >"$work/iso/SUB/DEEP.TXT"
genisoimage -quiet -V GENISO -o "$work/gen.iso" "$work/iso"
xorriso -as mkisofs -quiet -V XORRISO -o "$work/xor.iso" "$work/iso" 2>/dev/null
for iso in gen xor; do
    run "$work" -m "d=$work/$iso.iso" -c 'VOL D:' -c 'TYPE D:\SUB\DEEP.TXT' -c 'COPY D:\README.TXT D:\X'
    label=$(echo $iso | tr a-z A-Z | sed 's/GEN/GENISO/; s/XOR$/XORRISO/')
    printf '%s' "$out" | grep -q "is $label" && printf '%s' "$out" | grep -q deep && why="" ||
        why="status $rc: $out"
    report "ISO 9660 image ($iso): label, files, read-only" "$why"
done
python3 "$src/mkcue.py" "$work/gen.iso" "$work" GAME
python3 "$src/mkcue.py" "$work/gen.iso" "$work" WGAME --wav
for cue in GAME WGAME; do
    run "$work" --deterministic --wav "$work/$cue.wav" -m "d=$work/$cue.CUE" "$build/mscdex.com"
    why=""
    [ "$rc" = 0 ] || why="failed check $rc: $(cat "$work/err.txt")"
    [ -z "$why" ] && ! "$wavcheck" "$work/$cue.wav" freq=1000:2 dur=0.95:1.05 rms=5000:6300 \
        >"$work/wc.txt" 2>&1 && why="wav: $(cat "$work/wc.txt")"
    report "MSCDEX on $cue.CUE: drive, volume descriptor, file, 1 s of track 2 in the WAV, Q-channel" "$why"
done
# The audio track as FLAC, Ogg Vorbis and MP3 files (flac, oggenc, lame).
for kind in FLAC OGG MP3; do
    wav=$work/WGAME2.WAV; out=$work/WGAME2.$kind
    case $kind in
    FLAC) flac -s -f -o "$out" "$wav" ;;
    OGG) oggenc -Q -o "$out" "$wav" ;;
    MP3) lame --quiet -b 192 "$wav" "$out" ;;
    esac
    type=WAVE; [ $kind = MP3 ] && type=MP3
    sed "s/WGAME2.WAV\" WAVE/WGAME2.$kind\" $type/" "$work/WGAME.CUE" >"$work/W$kind.CUE"
    run "$work" --deterministic --wav "$work/W$kind.wav" -m "d=$work/W$kind.CUE" "$build/mscdex.com"
    why=""
    [ "$rc" = 0 ] || why="failed check $rc: $(cat "$work/err.txt")"
    [ -z "$why" ] && ! "$wavcheck" "$work/W$kind.wav" freq=1000:2 dur=0.95:1.05 rms=5000:6300 \
        >"$work/wc.txt" 2>&1 && why="wav: $(cat "$work/wc.txt")"
    report "CD audio from a $kind file named by the CUE sheet" "$why"
done
printf 'FILE "MISSING.BIN" BINARY\r\n  TRACK 01 MODE1/2352\r\n    INDEX 01 00:00:00\r\n' >"$work/bad.cue"
run "$work" -m "d=$work/bad.cue" "$build/flist.com"
[ "$rc" = 125 ] && grep -q "MISSING.BIN" "$work/err.txt" && why="" || why="status $rc: $(cat "$work/err.txt")"
report "a CUE sheet naming a missing file is refused with the name" "$why"
printf 'FILE "../../etc/passwd" BINARY\r\n  TRACK 01 MODE1/2048\r\n    INDEX 01 00:00:00\r\n' >"$work/esc.cue"
run "$work" -m "d=$work/esc.cue" "$build/flist.com"
[ "$rc" = 125 ] && why="" || why="status $rc: a CUE sheet reached outside its directory"
report "a CUE sheet cannot name a file outside its directory" "$why"

tap_end images
