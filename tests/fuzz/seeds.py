#!/usr/bin/env python3
"""Seed inputs for the fuzz targets, built from the project's own fixtures.

usage: seeds.py TARGET OUTDIR GUEST_BUILD_DIR

loader   the assembled guest fixtures as COM files, each also wrapped in MZ
         headers (relocations, load-high, odd last pages, overlays)
int      call scripts (see fuzz_int.c) made from the DOS, BIOS, XMS and EMS
         calls the guest fixtures make, with their paths and FCBs
path     the sandbox escape attempts and 8.3 name cases of the unit suites
zip      zip files of the toolchain fixtures (stored, deflated, directories)
cmdline  the shell's batch test cases, command tails of the corpus cases and
         guest fixtures, and a few lines of each kind of syntax
fat      FAT12 (360 KiB, 1.44 MiB), FAT16, FAT32 and MBR-partitioned images made
         by mkfs.fat and mtools, holding the guest fixtures in directories, a
         long name and a deleted file
cue      CUE sheets of each track mode and file type, gaps, paths, a missing file
lockstep register files and code: the guest fixtures' first KiB, and short
         hand-written sequences (flags, string ops, shifts, BT, SMC)
"""
import os
import re
import struct
import sys
import zipfile
import io

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def guest_coms(build):
    names = sorted(n for n in os.listdir(build) if n.endswith(".com"))
    return [(n[:-4], open(os.path.join(build, n), "rb").read()) for n in names]


# ---- loader ----

def mz(module, relocs=(), min_extra=0x10, max_extra=0xFFFF, cs_ip=(0, 0), ss_sp=(0, 0x100),
       header_paras=None, last_page_fix=0):
    nrel = len(relocs)
    reloc_off = 0x1C
    hdr_bytes = reloc_off + 4 * nrel
    paras = header_paras if header_paras is not None else (hdr_bytes + 15) // 16
    header_len = paras * 16
    total = header_len + len(module)
    pages = (total + 511) // 512
    last = (total % 512 + last_page_fix) % 512
    h = struct.pack("<2sHHHHHHHHHHHHH", b"MZ", last, pages, nrel, paras, min_extra, max_extra,
                    ss_sp[0], ss_sp[1], 0, cs_ip[1], cs_ip[0], reloc_off, 0)
    for off, seg in relocs:
        h += struct.pack("<HH", off, seg)
    h = h.ljust(max(header_len, len(h)), b"\0")
    return h + module


def loader_seeds(outdir, build):
    for name, com in guest_coms(build):
        write(outdir, name + ".com", com)
        if com[:2] in (b"MZ", b"ZM"):
            continue
        n = len(com)
        relocs = [(i, 0) for i in range(0, min(n - 1, 64), 16)]
        write(outdir, name + "-mz.exe", mz(com, relocs))
        write(outdir, name + "-high.exe", mz(com, relocs[:2], min_extra=0, max_extra=0))
        write(outdir, name + "-ss.exe", mz(com, [], cs_ip=(0, 0), ss_sp=((n + 15) // 16, 0x200)))
        write(outdir, name + "-odd.exe", mz(com, relocs[:1], last_page_fix=7))
    write(outdir, "empty-mz.exe", mz(b""))
    write(outdir, "tiny.com", b"\xb8\x00\x4c\xcd\x21")


# ---- int: call scripts, see fuzz_int.c for the format ----

OP_POKE, OP_FILL, OP_CALL, OP_STUB, OP_CALLBACK = range(5)
SEG = 0x5000


def poke(seg, off, data):
    out = b""
    while data:
        chunk, data = data[:255], data[255:]
        out += struct.pack("<BHHB", OP_POKE, seg, off, len(chunk)) + chunk
        off += len(chunk)
    return out


def call(vec, ax=0, bx=0, cx=0, dx=0, si=0, di=0, bp=0, ds=SEG, es=SEG, op=OP_CALL):
    regs = [ax, bx, cx, dx, si, di, bp, 0xFFF0, 0x0102, 0x6000, ds, es, 0x7000, 0x0202]
    return struct.pack("<BB", op, vec) + struct.pack("<14H", *regs)


def header(ops=0, nth=0, err=0, stdin=b""):
    """Fault drive F: (ops mask, nth call, errno index) and standard input."""
    return struct.pack("<HBBB", ops, nth, err, len(stdin)) + stdin


def fcb(name):
    base, _, ext = name.partition(".")
    return b"\0" + base.ljust(8).encode() + ext.ljust(3).encode() + b"\0" * 25


def fixture_paths():
    """DOS paths the guest fixtures use (quoted strings ending in a known extension)."""
    paths = set()
    for n in os.listdir(os.path.join(ROOT, "tests/guest")):
        if n.endswith(".asm"):
            text = open(os.path.join(ROOT, "tests/guest", n), encoding="latin-1").read()
            for m in re.finditer(r"'([^']{1,60})'", text):
                s = m.group(1)
                if re.search(r"\.[A-Za-z?*]{1,3}$|\\|:", s) and "$" not in s:
                    paths.add(s)
    return sorted(paths)


def int_seeds(outdir, build):
    paths = fixture_paths() + ["C:\\DATA.TXT", "C:\\SUB\\FILE.TXT", "D:\\FILE.TXT",
                               "F:\\NEW.TXT", "C:\\HELLO.COM", "C:\\..\\..\\OUTSIDE\\SECRET.TXT",
                               "C:\\UP\\SECRET.TXT", "C:\\LONGFI~1.TXT", "CON", "NUL", "*.*"]
    fault = header(ops=0x04, nth=2, err=0)          # writes fail the second time: disk full
    k = 0
    for p in paths:
        b = p.encode("latin-1") + b"\0"
        s = fault + poke(SEG, 0, b)
        s += call(0x21, ax=0x3D02, dx=0)                        # open
        s += call(0x21, ax=0x3F00, bx=5, cx=0x200, dx=0xFF00)   # read across the segment end
        s += call(0x21, ax=0x4000, bx=5, cx=0x200, dx=0x100)    # write
        s += call(0x21, ax=0x4202, bx=5)                        # seek to end
        s += call(0x21, ax=0x3E00, bx=5)                        # close
        big = 0xFFFF if k % 16 == 0 else 0x0300         # a few writes of a whole segment
        s += call(0x21, ax=0x3C00, dx=0) + call(0x21, ax=0x4000, bx=5, cx=big, dx=0xFE00)
        s += call(0x21, ax=0x4E00, cx=0x37, dx=0) + call(0x21, ax=0x4F00)
        s += call(0x21, ax=0x4300, dx=0) + call(0x21, ax=0x3900, dx=0)
        s += call(0x21, ax=0x3B00, dx=0) + call(0x21, ax=0x6000, si=0, di=0x200)
        s += call(0x21, ax=0x5600, dx=0, di=0x300) + call(0x21, ax=0x4100, dx=0)
        s += call(0x21, ax=0x4B00, dx=0, bx=0x400)
        write(outdir, "path%03d" % k, s)
        k += 1
        # the same name through FCBs (0Fh open, 14h read, 16h create, 13h delete, 11h find)
        name = os.path.basename(p.replace("\\", "/"))[:12] or "X"
        s = fault + poke(SEG, 0x80, fcb(name))
        for ah in (0x0F, 0x14, 0x15, 0x10, 0x16, 0x15, 0x21, 0x22, 0x23, 0x24, 0x27, 0x28, 0x11,
                   0x12, 0x13, 0x17):
            s += call(0x21, ax=ah << 8, dx=0x80, cx=3)
        s += call(0x21, ax=0x2901, si=0x100, di=0x80) + poke(SEG, 0x100, b" " + p.encode("latin-1") + b"\r")
        s += call(0x21, ax=0x2901, si=0x100, di=0x80)
        write(outdir, "fcb%03d" % k, s)
    # BIOS video, keyboard, time; XMS through 2Fh/4310h and its entry; EMS
    bios = [call(0x10, ax=0x0003), call(0x10, ax=0x0E41), call(0x10, ax=0x1300, bx=7, cx=20, dx=0, bp=0),
            call(0x10, ax=0x0200, dx=0x184F), call(0x10, ax=0x0600, cx=0, dx=0x184F, bx=0x0700),
            call(0x10, ax=0x1130, bx=0x0600), call(0x10, ax=0x1B00, di=0), call(0x10, ax=0x1C01, cx=7),
            call(0x10, ax=0x1012, bx=0, cx=256, dx=0), call(0x10, ax=0x0013), call(0x10, ax=0x0C0F, cx=5, dx=5),
            call(0x16, ax=0x0100), call(0x16, ax=0x0000), call(0x16, ax=0x0500, cx=0x1C0D),
            call(0x16, ax=0x1000), call(0x1A, ax=0x0000), call(0x1A, ax=0x0200), call(0x1A, ax=0x0400),
            call(0x15, ax=0x8700, cx=0x8000, si=0), call(0x15, ax=0x8800), call(0x15, ax=0x8600, cx=0, dx=100),
            call(0x15, ax=0x2401), call(0x15, ax=0xC000), call(0x33, ax=0x0000), call(0x33, ax=0x0003),
            call(0x33, ax=0x0009, bx=0, cx=0, dx=0), call(0x12), call(0x11)]
    write(outdir, "bios", header() + poke(SEG, 0, b"Hello, fuzz" * 4) + b"".join(bios))
    xms = (poke(SEG, 0, struct.pack("<IHIHI", 0x4000, 0, 0, 0, 0)) + call(0x2F, ax=0x4300) +
           call(0x2F, ax=0x4310))
    for ah, dx in ((0x00, 0), (0x08, 0), (0x09, 64), (0x0C, 1), (0x0B, 0), (0x0D, 1), (0x0F, 128),
                   (0x0E, 1), (0x0A, 1), (0x01, 0xFFFF), (0x10, 0x100), (0x03, 0), (0x05, 0), (0x07, 0)):
        xms += call(0xFF, ax=ah << 8, dx=dx, si=0, bx=1, op=OP_CALLBACK)
    write(outdir, "xms", header() + xms)
    ems = header()
    for ax, bx, dx in ((0x4000, 0, 0), (0x4100, 0, 0), (0x4200, 0, 0), (0x4300, 4, 0), (0x4400, 0, 1),
                       (0x4401, 3, 1), (0x4700, 0, 1), (0x4800, 0, 1), (0x5000, 2, 1), (0x5100, 8, 1),
                       (0x4E00, 0, 0), (0x4E01, 0, 0), (0x5800, 0, 0), (0x5A00, 2, 0), (0x4500, 0, 1),
                       (0x4600, 0, 0), (0x4B00, 0, 0), (0x4C00, 0, 1), (0x4D00, 0, 0), (0x5300, 0, 1)):
        ems += call(0x67, ax=ax, bx=bx, dx=dx, si=0, di=0x100)
    write(outdir, "ems", ems)
    # memory: allocate, resize, free, strategy, UMB link; through the stub (framed)
    mem = header()
    for ax, bx in ((0x4800, 0xFFFF), (0x4800, 0x100), (0x4A00, 0x10), (0x4900, 0), (0x5801, 0x80),
                   (0x5803, 1), (0x4800, 0x200), (0x5800, 0), (0x5802, 0), (0x3300, 0), (0x3305, 0),
                   (0x5200, 0), (0x3400, 0), (0x6200, 0), (0x5100, 0), (0x3000, 0), (0x3800, 0),
                   (0x6501, 0), (0x6601, 0), (0x6700, 30), (0x5900, 0), (0x4400, 0), (0x4400, 1),
                   (0x4406, 0), (0x4407, 1), (0x4408, 3), (0x4409, 3), (0x440A, 1), (0x440E, 3)):
        mem += call(0x21, ax=ax, bx=bx, op=OP_STUB) + call(0x21, ax=ax, bx=bx, es=0x1000)
    write(outdir, "mem", mem)
    # console with standard input from the input's tail
    con = header(stdin=b"hello\r\nworld\r\n\x03\x1a") + poke(SEG, 0, b"\x20\x00") + poke(SEG, 0x40, b"text$")
    for ax in (0x0100, 0x0200 | 0x41, 0x0600 | 0xFF, 0x0700, 0x0800, 0x0A00, 0x0B00, 0x0C01, 0x0900,
               0x3F00):
        con += call(0x21, ax=ax, dx=0 if ax != 0x0900 else 0x40, cx=16, bx=0)
    write(outdir, "con", con)


# ---- path: lines of the unit suites' escape attempts and name cases ----

def c_strings(path):
    text = open(path, encoding="latin-1").read()
    out = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text):
        s = m.group(1)
        try:
            s = bytes(s, "latin-1").decode("unicode_escape").encode("latin-1")
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        if 0 < len(s) < 200 and b"%" not in s:
            out.append(s)
    return out


def path_seeds(outdir, build):
    strings = []
    for f in ("test_sandbox.c", "test_names.c", "test_path.c", "test_hostdir.c", "test_dosfile.c"):
        p = os.path.join(ROOT, "tests/unit", f)
        if os.path.exists(p):
            strings += c_strings(p)
    strings = sorted(set(strings))
    # one input per string, operation byte first (see fuzz_path.c), and a few mixes
    for i, s in enumerate(strings):
        write(outdir, "s%04d" % i, bytes([i % 16]) + s)
    for i in range(0, len(strings), 5):
        chunk = strings[i:i + 5]
        write(outdir, "m%04d" % i, b"\n".join(bytes([(i + k) % 16]) + s for k, s in enumerate(chunk)))


# ---- zip ----

def zip_seeds(outdir, build):
    files = []
    base = os.path.join(ROOT, "tests/corpus/toolchains")
    for dirpath, _, names in os.walk(base):
        for n in sorted(names):
            p = os.path.join(dirpath, n)
            files.append((os.path.relpath(p, base), open(p, "rb").read()))
    for n, com in guest_coms(build)[:8]:
        files.append(("BIN/" + n.upper() + ".COM", com))
    variants = {
        "stored": dict(compression=zipfile.ZIP_STORED),
        "deflated": dict(compression=zipfile.ZIP_DEFLATED),
    }
    for tag, kw in variants.items():
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", **kw) as z:
            z.writestr("EMPTY/", b"")
            for name, data in files:
                z.writestr(name, data)
            z.writestr("long file name with spaces.text", b"long\r\n")
            z.writestr("dir\\back\\slash.txt", b"back\r\n")
        write(outdir, tag + ".zip", buf.getvalue())
    for i, (name, data) in enumerate(files[:6]):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr(name, data)
        write(outdir, "one%02d.zip" % i, buf.getvalue())
    write(outdir, "empty.zip", b"PK\x05\x06" + b"\0" * 18)


# ---- cmdline ----

def cmdline_seeds(outdir, build):
    lines = set()
    for n in os.listdir(os.path.join(ROOT, "tests/guest")):
        if n.endswith(".asm"):
            for line in open(os.path.join(ROOT, "tests/guest", n), encoding="latin-1"):
                m = re.match(r"; test: args=(.*)", line)
                if m:
                    lines.add(m.group(1))
    cases = os.path.join(ROOT, "tests/corpus/filters/cases.txt")
    if os.path.exists(cases):
        for line in open(cases, encoding="latin-1"):
            lines.add(line.strip())
    for sub in ("tests/shell", "tests/shell/cases"):
        shell_dir = os.path.join(ROOT, sub)
        if os.path.isdir(shell_dir):
            for n in sorted(os.listdir(shell_dir)):
                if n.upper().endswith(".BAT"):
                    lines.add(open(os.path.join(shell_dir, n), encoding="latin-1").read())
    lines |= {"A:FOO.TXT B:BAR.DAT", "*.* /S", "C:\\DIR\\FILE.EXT,;=+ X", "\"quoted arg\" x",
              "  ..\\UP.TXT  *.?", "FILE.TXT > OUT.TXT < IN.TXT | MORE", "%1 %PATH% %%A",
              "IF ERRORLEVEL 1 GOTO END", "FOR %%F IN (*.C) DO CL %%F"}
    for i, s in enumerate(sorted(lines)):
        write(outdir, "c%04d" % i, s.encode("latin-1", "replace"))


# ---- fat ----

def image_input(img):
    """A fuzz input of the fat target: the size in sectors / 2, then the
    image's bytes up to its last non-zero sector."""
    end = len(img.rstrip(b"\0"))
    end += (-end) % 512
    return struct.pack("<H", min(len(img) // 1024, 0xFFFF)) + img[:end]


def fat_seeds(outdir, build):
    import shutil
    import subprocess
    import tempfile
    if not shutil.which("mkfs.fat") or not shutil.which("mcopy"):
        print("seeds.py: mkfs.fat/mcopy missing: no fat seeds (make deps)", file=sys.stderr)
        return
    coms = [os.path.join(build, n) for n in sorted(os.listdir(build)) if n.endswith(".com")][:6]
    with tempfile.TemporaryDirectory() as tmp:
        def build_image(name, kib, args, offset=0, ptype=None):
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.truncate(kib * 1024)
            subprocess.run(["mkfs.fat"] + args + (["--offset", str(offset)] if offset else []) +
                           [path], check=True, stdout=subprocess.DEVNULL)
            target = "%s@@%d" % (path, offset * 512)
            subprocess.run(["mmd", "-i", target, "::SUB", "::SUB/DEEP"], check=True)
            subprocess.run(["mcopy", "-i", target] + coms[:3] + ["::"], check=True)
            subprocess.run(["mcopy", "-i", target] + coms[3:] + ["::SUB/DEEP"], check=True)
            subprocess.run(["mcopy", "-i", target, coms[0], "::SUB/A long file name.com"],
                           check=True)
            subprocess.run(["mdel", "-i", target, "::" + os.path.basename(coms[1])], check=True)
            img = bytearray(open(path, "rb").read())
            if ptype is not None:
                total = len(img) // 512
                img[0x1BE:0x1CE] = bytes([0x80, 0, 0, 0, ptype, 0, 0, 0]) + struct.pack(
                    "<II", offset, total - offset)
                img[510:512] = b"\x55\xAA"
            write(outdir, name, image_input(bytes(img)))
        build_image("fd360", 360, ["-n", "F360"])
        build_image("fd1440", 1440, ["-n", "F1440"])
        build_image("fat16", 4200, ["-F", "16", "-s", "1", "-n", "FAT16"])
        build_image("fat32", 34000, ["-F", "32", "-s", "1", "-n", "FAT32"])
        build_image("mbr16", 4300, ["-F", "16", "-s", "1"], offset=63, ptype=0x06)


# ---- cue ----

def cue_seeds(outdir, build):
    sheets = [
        'FILE "A.BIN" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n',
        'FILE "A.BIN" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n'
        '  TRACK 02 AUDIO\n    INDEX 00 00:00:10\n    INDEX 01 00:00:12\n',
        'FILE "B.BIN" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n'
        'FILE "C.WAV" WAVE\n  TRACK 02 AUDIO\n    PREGAP 00:02:00\n    INDEX 01 00:00:00\n'
        'FILE "A.BIN" MOTOROLA\n  TRACK 03 AUDIO\n    INDEX 01 00:00:05\n    POSTGAP 00:01:00\n',
        'REM GENRE Game\r\nCATALOG 0000000000000\r\nFILE "C:\\CD\\D.RAW" BINARY\r\n'
        '  TRACK 01 MODE2/2352\r\n    FLAGS DCP\r\n    INDEX 01 00:00:00\r\n',
        'FILE "a.bin" binary\n track 1 mode2/2336\n index 1 00:00:00\n',
        'FILE "MISSING.BIN" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n',
    ]
    for i, text in enumerate(sheets):
        write(outdir, "cue%02d" % i, text.encode("latin-1"))


def lockstep_seeds(outdir, build):
    regs = struct.pack("<8I6HH", 0x1234, 0x10, 0x5678, 0x9ABC, 0x8000, 0x7000, 0x100, 0x200,
                       0x2000, 0x1000, 0x3000, 0x2000, 0x2000, 0x2000, 0x0202)
    snippets = [
        bytes.fromhex("01d8 11d8 19d8 29d8 31c0 40 48 f7e3 0fa3d8 9c 58 ebf0"),
        bytes.fromhex("f3a4 f3ab f3a6 f2ae fc fd"),
        bytes.fromhex("d1e0 d3e0 d1c8 d3c8 c1e005 d1d0 d1d8"),
        bytes.fromhex("8ed0 17 fb 9d e2fe"),
        bytes.fromhex("2ec606000190 90 90"),
        bytes.fromhex("66b878563412 660fbcc0 660fc8 27 2f 37 3f d40a d50a"),
    ]
    for i, code in enumerate(snippets):
        write(outdir, "s%02d" % i, regs + code)
    for name, com in guest_coms(build):
        write(outdir, "g-" + name, regs + com[:1024])


TARGETS = {"loader": loader_seeds, "int": int_seeds, "path": path_seeds, "zip": zip_seeds,
           "cmdline": cmdline_seeds, "fat": fat_seeds, "cue": cue_seeds,
           "lockstep": lockstep_seeds}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in TARGETS:
        sys.exit(__doc__)
    target, outdir, build = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    TARGETS[target](outdir, build)
