#!/usr/bin/env python3
"""Play Bootle (nanochess' Wordle clone) in unidos' terminal frontend under
tmux: type a guess with send-keys, read the letter colours back from the
terminal (capture-pane -e), keep the words that agree, until a row is all
green. usage: bootle.py UNIDOS BOOTLE_DIR TMUX_SOCKET"""
import os
import re
import subprocess
import sys
import time

unidos, bootle_dir, sock = sys.argv[1:4]
SESSION = "bootle"
BOARD_ROW, BOARD_COL = 8, 35            # BOARD_BASE = 8*160+70 in bootle.asm
# Text attributes Bootle uses, as the 16-colour terminal shows them.
GREEN, MAGENTA, BROWN = 32, 35, 33


def tmux(*args):
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True).stdout


def words():
    src = open(os.path.join(bootle_dir, "bootle.asm")).read()
    return re.findall(r'db "([A-Z]{5})"', src.split("word_list:")[1])


def screen_cells():
    """Rows of (char, foreground SGR colour) from the tmux pane."""
    rows = []
    for line in tmux("capture-pane", "-e", "-p", "-t", SESSION).split("\n"):
        fg, cells, i = 39, [], 0
        while i < len(line):
            m = re.match(r"\x1b\[([0-9;]*)m", line[i:])
            if m:
                params = [int(p) if p else 0 for p in m.group(1).split(";")]
                k = 0
                while k < len(params):
                    p = params[k]
                    if p in (0, 39):
                        fg = 39
                    elif 30 <= p <= 37 or 90 <= p <= 97:
                        fg = p if p < 90 else p - 60
                    elif p in (38, 48):
                        k += 2 if params[k + 1:k + 2] == [5] else 4
                    k += 1
                i += m.end()
                continue
            cells.append((line[i], fg))
            i += 1
        rows.append(cells)
    return rows


def row_result(row):
    rows = screen_cells()
    if len(rows) <= BOARD_ROW + row:
        return None
    cells = rows[BOARD_ROW + row]
    got = [cells[BOARD_COL + 2 * i] if len(cells) > BOARD_COL + 2 * i else (" ", 39)
           for i in range(5)]
    if any(fg not in (GREEN, MAGENTA, BROWN) for _, fg in got):
        return None
    return "".join(c for c, _ in got), "".join(
        {GREEN: "G", MAGENTA: "M", BROWN: "B"}[fg] for _, fg in got)


def score(guess, word):
    """Bootle's marking: exact matches, then misplaced letters by first free match."""
    res, used = ["M"] * 5, [False] * 5
    for i in range(5):
        if guess[i] == word[i]:
            res[i], used[i] = "G", True
    for i in range(5):
        if res[i] == "G":
            continue
        for j in range(5):
            if not used[j] and guess[i] == word[j]:
                res[i], used[j] = "B", True
                break
    return "".join(res)


def wait(cond, seconds):
    end = time.time() + seconds
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.1)
    return None


def main():
    candidates = words()
    tmux("new-session", "-d", "-s", SESSION, "-x", "90", "-y", "30",
         f"cd {bootle_dir} && TERM=xterm '{unidos}' --timeout 60 --ui term BOOTLE.COM;"
         " echo STATUS=$?; sleep 60")
    if not wait(lambda: "\u2665" in tmux("capture-pane", "-p", "-t", SESSION), 10):
        print("the board did not appear")
        return 1
    for row in range(6):
        guess = candidates[0]
        tmux("send-keys", "-t", SESSION, guess.lower(), "Enter")
        result = wait(lambda: row_result(row), 10)
        if not result or result[0] != guess:
            print(f"guess {guess}: no coloured row {row} on screen")
            print(tmux("capture-pane", "-p", "-t", SESSION))
            return 1
        print(f"guess {row + 1}: {guess} -> {result[1]}")
        if result[1] == "GGGGG":
            tmux("send-keys", "-t", SESSION, "C-F12")
            if not wait(lambda: "STATUS=130" in tmux("capture-pane", "-p", "-t", SESSION), 10):
                print("Ctrl-F12 did not end unidos")
                return 1
            return 0
        candidates = [w for w in candidates if score(guess, w) == result[1]]
        if not candidates:
            print("no word agrees with the colours shown")
            return 1
    print("not solved in six guesses")
    return 1


try:
    sys.exit(main())
finally:
    tmux("kill-session", "-t", SESSION)
