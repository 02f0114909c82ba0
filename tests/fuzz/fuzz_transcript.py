#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Fuzz loop for the runner's transcript parser (tools/hyptestlib/transcript.py): mutated real transcripts, invariants checked on each.
"""Mutate real transcripts and check the parser's invariants on every input.

The parser reports broken protocol rules as violations; it never raises. So
any exception is a crash, and so is any of these broken:
  - the same bytes fed whole, in random chunks (splitting UTF-8 sequences and
    CR LF pairs) and as decoded text give the same lines, results,
    violations and verdict;
  - the verdict is valid exactly when there is no violation, an invalid one
    says INVALID, a valid one's word matches its status (PASS 0, FAIL 1,
    SKIP 77, ERROR 1) and its counts are the result lines';
  - a valid PASS has no FAIL line and no error line;
  - every violation names a line that exists (or none) and says something;
  - verdict() with any `expect` the runner could pass does not raise.

A crash saves the input under --artifacts as crash-<sha1> and stops the loop;
`fuzz_transcript.py FILE...` replays saved inputs. The last line is
"fuzz-transcript: N execs in S s, C crashes".
"""
import argparse
import hashlib
import os
import random
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))

from hyptestlib.transcript import Transcript  # noqa: E402

WORDS = [b"PASS: ", b"FAIL: ", b"SKIP: ", b"SUMMARY: ", b"EXIT: STATUS=", b"hyptest: start ", b"hyptest: end ",
         b"hyptest: error: ", b"hyptest: test ", b"# ", b"ok ", b"not ok ", b"TAP version 14", b"TAP version 13",
         b"1..", b"  ---", b"  ...", b"  message: ", b'"', b"Bail out! ", b" # SKIP ", b" # TODO ", b": ",
         b"class=", b"shared-L7", b"shared-L0", b"overlap", b"el=", b"cpus=", b"seed=", b"pa=", b"va=", b"size=",
         b"arch=arm64", b"arch=arm32", b"tests", b"failed", b"skipped", b"ERROR", b"PASS", b"FAIL", b"SKIP",
         b"\r", b"\r\n", b"\n", b"\x00", b"\t", b"\xff", b"\xc3", b"\xe2\x80\xa8", b"\xf0\x9f\x98", b"\x1b[0m"]
NUMBERS = [b"0", b"1", b"-1", b"77", b"124", b"2", b"0x0", b"0x1000", b"0xfff", b"18446744073709551616",
           b"99999999999999999999999999", b"0x" + b"f" * 40, b"00", b"1e9", b"\xd9\xa3", b"3", b"1..0"]
KINDS = {"start", "result", "summary", "exit", "end", "error", "test", "tap-version", "tap-plan", "tap-point", "bail",
         "info", "after-end"}
EXPECTS = [None, {}, {"status": 0}, {"status": 1, "seed": 0x1234}, {"cpus": 2, "el": 2, "arch": "arm64"},
           {"platform": "qemu-virt", "pa": 0x40000000, "va": 0x40000000, "class": "identical"}]


class Crash(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Crash(what)


def mutate(rng, data, seeds):
    """One to four random edits: lines, words, numbers, bytes, splices."""
    for _ in range(rng.randint(1, 4)):
        lines = data.split(b"\n")
        op = rng.randrange(11)
        i = rng.randrange(len(lines))
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            other = rng.choice(seeds).split(b"\n")
            lines.insert(i, rng.choice(other))
        elif op == 4:
            lines = lines[:i + 1]
        elif op == 5:
            line = lines[i]
            p = rng.randrange(len(line) + 1)
            lines[i] = line[:p] + rng.choice(WORDS) + line[p + rng.randrange(3):]
        elif op == 6:
            toks = lines[i].split(b" ")
            k = rng.randrange(len(toks))
            key, eq, _ = toks[k].partition(b"=")
            toks[k] = key + eq + rng.choice(NUMBERS) if eq else rng.choice(NUMBERS + WORDS)
            lines[i] = b" ".join(toks)
        elif op == 7:
            b = bytearray(b"\n".join(lines))
            for _ in range(rng.randint(1, 8)):
                if b:
                    b[rng.randrange(len(b))] = rng.randrange(256)
            lines = bytes(b).split(b"\n")
        elif op == 8:
            b = b"\n".join(lines)
            p, q = sorted(rng.randrange(len(b) + 1) for _ in range(2))
            lines = (b[:p] + b[q:]).split(b"\n")
        elif op == 9:
            other = rng.choice(seeds).split(b"\n")
            lines = lines[:i] + other[rng.randrange(len(other)):]
        else:
            lines[i] = lines[i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
        data = b"\n".join(lines)
    return data


def snapshot(t):
    """What two parses of the same input must agree on."""
    v = t.verdict()
    return (t.lines, [(r.status, r.id, r.reason, r.line, r.number, r.tap) for r in t.results],
            [str(x) for x in t.violations()], (v.valid, v.status, v.word, v.tests, v.failed, v.skipped),
            t.start, t.errors, t.listed, t.summary, t.exit_status, t.end)


def parse_chunked(rng, data):
    t = Transcript()
    p = 0
    while p < len(data):
        n = rng.choice((1, 2, 3, 7, 64, 4096))
        kinds = t.feed(data[p:p + n])
        check(all(k in KINDS for k in kinds), "feed() returned kinds %r" % kinds)
        p += n
    t.close()
    return t


def check_input(data, rng):
    """All invariants on one input; raises Crash (or whatever the parser raised)."""
    whole = Transcript()
    whole.feed(data)
    whole.close()
    chunked = parse_chunked(rng, data)
    text = Transcript.parse(data.decode("utf-8", "replace"))
    a, b, c = snapshot(whole), snapshot(chunked), snapshot(text)
    check(a == b, "fed whole and in chunks, the parses differ")
    check(a == c, "fed as bytes and as text, the parses differ")

    t = whole
    violations = t.violations()
    v = t.verdict()
    tests, failed, skipped = t.counts()
    check(v.valid == (not violations), "valid=%s with %d violations" % (v.valid, len(violations)))
    check((v.tests, v.failed, v.skipped) == (tests, failed, skipped), "verdict counts differ from the results")
    check(tests == len(t.results) and failed == sum(r.status == "FAIL" for r in t.results), "counts")
    check(v.word in ("PASS", "FAIL", "SKIP", "ERROR", "INVALID"), "word %r" % v.word)
    if not v.valid:
        check(v.word == "INVALID" and not v.passed, "invalid verdict says %s" % v.word)
    else:
        want = {"PASS": 0, "FAIL": 1, "SKIP": 77, "ERROR": 1}[v.word]
        check(v.status == want, "valid %s with status %r" % (v.word, v.status))
        if v.word == "PASS":
            check(failed == 0 and not t.errors and v.passed, "valid PASS with %d FAIL, %d errors"
                  % (failed, len(t.errors)))
    for x in violations:
        check(isinstance(x.message, str) and x.message, "empty violation")
        check(x.line is None or 1 <= x.line <= len(t.lines), "violation names line %r of %d" % (x.line, len(t.lines)))
    for e in EXPECTS:
        t.verdict(e)


def load_seeds(corpus):
    seeds = []
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), "rb") as f:
            seeds.append(f.read())
    if not seeds:
        raise SystemExit("fuzz-transcript: error: no seed transcripts in %s" % corpus)
    return seeds


def replay(files):
    bad = 0
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        try:
            check_input(data, random.Random(0))
            print("%s: ok" % path)
        except Exception:  # noqa: BLE001 - any exception is the finding
            bad += 1
            print("%s: CRASH" % path)
            traceback.print_exc(file=sys.stdout)
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description="Fuzz the transcript parser with mutated real transcripts "
                                 "(or replay saved inputs given as FILE).")
    ap.add_argument("files", nargs="*", metavar="FILE", help="replay these inputs instead of fuzzing")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus", "transcript"), help="seed transcripts")
    ap.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    ap.add_argument("--runs", type=int, default=0, help="stop after this many inputs (0: no limit)")
    ap.add_argument("--artifacts", default="build/fuzz/artifacts/transcript", help="where a crashing input goes")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    a = ap.parse_args()
    if a.files:
        return replay(a.files)
    if a.seconds <= 0 and a.runs <= 0:
        ap.error("--seconds or --runs must be positive")
    seeds = load_seeds(a.corpus)
    seed = a.seed if a.seed is not None else int(time.time() * 1000) & 0xffffffff
    rng = random.Random(seed)
    print("fuzz-transcript: %d seed transcripts, random seed %d" % (len(seeds), seed), flush=True)
    t0 = time.monotonic()
    execs = crashes = 0
    pending = list(seeds)  # the seeds themselves first, unmutated
    while (a.runs <= 0 or execs < a.runs) and (a.seconds <= 0 or time.monotonic() - t0 < a.seconds):
        data = pending.pop() if pending else mutate(rng, rng.choice(seeds), seeds)
        execs += 1
        try:
            check_input(data, rng)
        except Exception:  # noqa: BLE001 - any exception is the finding
            crashes += 1
            os.makedirs(a.artifacts, exist_ok=True)
            path = os.path.join(a.artifacts, "crash-" + hashlib.sha1(data).hexdigest())
            with open(path, "wb") as f:
                f.write(data)
            traceback.print_exc(file=sys.stdout)
            print("fuzz-transcript: crash input written to %s (replay: %s %s)" % (path, sys.argv[0], path))
            break
    secs = time.monotonic() - t0
    print("fuzz-transcript: %d execs in %.0f s, %d crashes" % (execs, secs, crashes), flush=True)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
