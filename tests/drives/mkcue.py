#!/usr/bin/env python3
"""Build a CD image with a data and an audio track from an ISO file (made for
the test run).

Usage: mkcue.py ISO OUTDIR NAME [--wav] [--freq HZ] [--seconds S]

Writes OUTDIR/NAME.CUE and OUTDIR/NAME.BIN: track 1 the ISO as MODE1/2352
sectors (sync, header, data, zero EDC/ECC), track 2 AUDIO: a sine tone of
HZ (default 1000) for S seconds (default 3), 16-bit stereo at 44.1 kHz,
after a 2-second pregap of silence (INDEX 00). With --wav the audio track
is a separate NAME2.WAV named by the sheet (FILE ... WAVE) instead."""
import math
import struct
import sys
import wave

RAW = 2352
DATA = 2048
RATE = 44100
SPS = 588  # samples per sector


def bcd(v):
    return (v // 10) << 4 | v % 10


def msf(lba):
    a = lba + 150
    return bytes([bcd(a // 4500), bcd(a // 75 % 60), bcd(a % 75)])


def mode1(lba, data):
    return b"\x00" + b"\xff" * 10 + b"\x00" + msf(lba) + b"\x01" + data + bytes(288)


def tone(freq, seconds):
    n = int(RATE * seconds)
    n += (-n) % SPS
    out = bytearray()
    for i in range(n):
        v = int(8000 * math.sin(2 * math.pi * freq * i / RATE))
        out += struct.pack("<hh", v, v)
    return bytes(out)


def timecode(frames):
    return "%02d:%02d:%02d" % (frames // 4500, frames // 75 % 60, frames % 75)


def main():
    args = sys.argv[1:]
    as_wav = "--wav" in args
    freq = float(args[args.index("--freq") + 1]) if "--freq" in args else 1000.0
    secs = float(args[args.index("--seconds") + 1]) if "--seconds" in args else 3.0
    iso, outdir, name = args[0], args[1], args[2]
    with open(iso, "rb") as f:
        data = f.read()
    data += bytes((-len(data)) % DATA)
    sectors = len(data) // DATA
    bin_path = "%s/%s.BIN" % (outdir, name)
    gap = bytes(2 * 75 * RAW)
    audio = tone(freq, secs)
    with open(bin_path, "wb") as f:
        for i in range(sectors):
            f.write(mode1(i, data[i * DATA:(i + 1) * DATA]))
        if not as_wav:
            f.write(gap + audio)
    lines = ['FILE "%s.BIN" BINARY' % name, "  TRACK 01 MODE1/2352", "    INDEX 01 00:00:00"]
    if as_wav:
        with wave.open("%s/%s2.WAV" % (outdir, name), "wb") as w:
            w.setnchannels(2)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(bytes(len(gap)) + audio)
        lines += ['FILE "%s2.WAV" WAVE' % name, "  TRACK 02 AUDIO", "    INDEX 00 00:00:00",
                  "    INDEX 01 00:02:00"]
    else:
        lines += ["  TRACK 02 AUDIO", "    INDEX 00 " + timecode(sectors),
                  "    INDEX 01 " + timecode(sectors + 150)]
    with open("%s/%s.CUE" % (outdir, name), "w") as f:
        f.write("\r\n".join(lines) + "\r\n")


main()
