#!/usr/bin/env python3
"""Whole-program robustness: random bytes as COM programs, and real corpus
programs with corrupted bytes, each run by unidos (meant for a MODE=asan
build) with --timeout and --max-blocks in a fresh directory.

usage: robust.py UNIDOS N_RANDOM N_CORRUPT [CORPUS_DIR] [SEED]

Every run must end the way unidos documents: the program's exit code
(0-255) or 124/125/126, never a host signal, never a sanitizer report, and
an exit of 124/125/126 must say why on stderr ("unidos: ..."). Prints one
TAP line per kind and a summary of how the runs ended.
"""
import collections
import os
import random
import shutil
import subprocess
import sys
import tempfile

TIMEOUT_S = "5"
MAX_BLOCKS = "5000000"
HOST_TIMEOUT_S = 60
# (Not "internal error": NMAKE prints "U1038: internal error : lexer" on
# corrupted input, which is the guest's output, not ours.)
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "runtime error:", "==ERROR:")


def run_one(unidos, prog_name, data, workdir):
    path = os.path.join(workdir, prog_name)
    with open(path, "wb") as f:
        f.write(data)
    cmd = [unidos, "-q", "--ui", "headless", "--deterministic", "--timeout", TIMEOUT_S,
           "--max-blocks", MAX_BLOCKS, prog_name, "ARG"]
    try:
        p = subprocess.run(cmd, cwd=workdir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=HOST_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return "hang", "no exit after %d s" % HOST_TIMEOUT_S
    err = p.stderr.decode("latin-1", "replace")
    if p.returncode < 0:
        return "signal", "killed by signal %d; %s" % (-p.returncode, err[-300:])
    for mark in SANITIZER_MARKS:
        if mark in err:
            return "sanitizer", err[err.find(mark) - 200:][:1500]
    if p.returncode in (124, 125, 126) and "unidos: " not in err:
        return "silent", "exit %d without a message" % p.returncode
    if p.returncode == 127:
        return "notfound", err[-300:]
    kind = {124: "stopped (limit)", 125: "stopped (guest fault)", 126: "refused (not a program)"}
    return kind.get(p.returncode, "exited"), err.strip().splitlines()[-1:] if err else ""


def corpus_programs(corpus):
    progs = []
    for dirpath, _, names in os.walk(corpus):
        for n in sorted(names):
            if n.upper().endswith((".COM", ".EXE")):
                p = os.path.join(dirpath, n)
                if 0 < os.path.getsize(p) < 1 << 20:
                    progs.append(p)
    return sorted(progs)


def corrupt(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(data))
        if rng.random() < 0.5:
            data[i] = rng.randrange(256)
        else:                           # a run of junk
            for k in range(i, min(len(data), i + rng.randint(2, 64))):
                data[k] = rng.randrange(256)
    return bytes(data)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    unidos, n_random, n_corrupt = os.path.abspath(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    corpus = sys.argv[4] if len(sys.argv) > 4 else ""
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 11
    rng = random.Random(seed)
    jobs = []
    for i in range(n_random):
        jobs.append(("random", "R%04d.COM" % i, bytes(rng.randrange(256)
                                                   for _ in range(rng.randint(1, 4096)))))
    progs = corpus_programs(corpus) if corpus and os.path.isdir(corpus) else []
    for i in range(n_corrupt if progs else 0):
        src = progs[i % len(progs)]
        name = os.path.basename(src).upper()
        jobs.append(("corrupted", name, corrupt(open(src, "rb").read(), rng)))
    results = collections.defaultdict(collections.Counter)
    bad = []
    for kind, name, data in jobs:
        work = tempfile.mkdtemp(prefix="unidos-robust-")
        try:
            outcome, why = run_one(unidos, name, data, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        results[kind][outcome] += 1
        if outcome in ("hang", "signal", "sanitizer", "silent", "notfound"):
            bad.append((kind, name, outcome, why, data))
    n = 0
    for kind in ("random", "corrupted"):
        n += 1
        if not results[kind]:
            print("ok %d - %s programs # SKIP none run%s" % (n, kind, "" if progs or kind ==
                                                               "random" else " (no corpus)"))
            continue
        failed = [b for b in bad if b[0] == kind]
        summary = ", ".join("%d %s" % (c, o) for o, c in sorted(results[kind].items()))
        print("%s %d - %d %s programs: %s" % ("not ok" if failed else "ok", n,
                                             sum(results[kind].values()), kind, summary))
        for _, name, outcome, why, data in failed[:5]:
            keep = os.path.join(tempfile.gettempdir(), "unidos-robust-" + name)
            with open(keep, "wb") as f:
                f.write(data)
            print("#   %s: %s (kept as %s): %s" % (name, outcome, keep, str(why)[:800]))
    print("1..%d" % n)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
