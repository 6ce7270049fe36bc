#!/usr/bin/env python3
"""Write an MBR with one partition into a disk image (made for the test run).
Usage: mkpart.py IMAGE TYPE START_SECTOR [SECTORS]
TYPE is the partition type in hex (06 FAT16, 0C FAT32 LBA, ...). The image
must exist; the partition runs to its end unless SECTORS is given."""
import os
import struct
import sys


def chs(lba, heads=16, spt=63):
    c, rem = divmod(lba, heads * spt)
    h, s = divmod(rem, spt)
    c = min(c, 1023)
    return bytes([h, ((c >> 2) & 0xC0) | (s + 1), c & 0xFF])


def main():
    path, ptype, start = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3])
    total = os.path.getsize(path) // 512
    count = int(sys.argv[4]) if len(sys.argv) > 4 else total - start
    entry = bytes([0x80]) + chs(start) + bytes([ptype]) + chs(start + count - 1)
    entry += struct.pack("<II", start, count)
    with open(path, "r+b") as f:
        f.seek(0x1BE)
        f.write(entry + bytes(48))
        f.seek(510)
        f.write(b"\x55\xAA")


main()
