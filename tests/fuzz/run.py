#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs the fuzz targets one after the other and prints executions, exec/s and crashes per target, then a total line.
"""Run hyptest's fuzz targets (built by tests/fuzz/Makefile) and count.

Each libFuzzer target runs on a working corpus under --out (new inputs go
there) plus its committed seeds in tests/fuzz/corpus/<target>/; crash
artifacts go to --out/artifacts/<target>/. The transcript target is the
Python loop tests/fuzz/fuzz_transcript.py. Per target one line:

  fuzz: <target>: <N> execs in <S> s (<R> exec/s), corpus <K>, <C> crashes

and last "fuzz: total <T> targets, <N> execs, <C> crashes". Exit 0 when no
target crashed. With --expect-crash (the negative controls: a target built
with a knob), the other way round: exit 0 only if every target crashed with
an invariant or sanitizer report.
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
C_TARGETS = ("dt", "bootargs", "placement", "vsysreg")
ALL_TARGETS = C_TARGETS + ("transcript",)

EXECS = re.compile(r"^stat::number_of_executed_units:\s*(\d+)", re.M)
DONE = re.compile(r"^Done (\d+) runs in", re.M)
ARTIFACT = re.compile(r"Test unit written to (\S+)")
REPORT = re.compile(r"^(fuzz: invariant violated .*|==\d+==ERROR: .*|.*runtime error: .*)$", re.M)
PY_DONE = re.compile(r"^fuzz-transcript: (\d+) execs in .*, (\d+) crashes$", re.M)


def corpus_size(path):
    return len(os.listdir(path)) if os.path.isdir(path) else 0


def run_libfuzzer(a, name, binary, seeds):
    work = os.path.join(a.out, "corpus", name)
    arts = os.path.join(a.out, "artifacts", name) + os.sep
    os.makedirs(work, exist_ok=True)
    os.makedirs(arts, exist_ok=True)
    cmd = [binary, "-print_final_stats=1", "-timeout=10", "-rss_limit_mb=2048", "-artifact_prefix=" + arts]
    cmd += ["-max_total_time=%d" % a.seconds] if a.seconds else []
    cmd += ["-runs=%d" % a.runs] if a.runs else []
    cmd += [work] + ([seeds] if seeds and os.path.isdir(seeds) else [])
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                       text=True, errors="replace")
    secs = time.monotonic() - t0
    out = p.stdout
    m = EXECS.search(out) or DONE.search(out)
    execs = int(m.group(1)) if m else 0
    crashes = len(ARTIFACT.findall(out))
    if p.returncode and not crashes:
        crashes = 1  # died without saving an input: still a crash
    report = REPORT.search(out)
    return execs, secs, corpus_size(work), crashes, report.group(1) if report else None, ARTIFACT.findall(out), \
        out, p.returncode


def run_python(a, name):
    arts = os.path.join(a.out, "artifacts", name)
    cmd = [sys.executable, os.path.join(HERE, "fuzz_transcript.py"), "--artifacts", arts,
           "--seconds", str(a.seconds), "--runs", str(a.runs)]
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                       text=True, errors="replace")
    secs = time.monotonic() - t0
    m = PY_DONE.search(p.stdout)
    execs, crashes = (int(m.group(1)), int(m.group(2))) if m else (0, 1)
    arts_found = re.findall(r"crash input written to (\S+)", p.stdout)
    report = re.search(r"^(\w+(?:Error|Exception|Crash)\b.*)$", p.stdout, re.M)
    return execs, secs, corpus_size(os.path.join(HERE, "corpus", name)), crashes, \
        report.group(1) if report else None, arts_found, p.stdout, p.returncode


def main():
    ap = argparse.ArgumentParser(description="Run the fuzz targets and report executions and crashes.")
    ap.add_argument("--bin-dir", required=True, help="where tests/fuzz/Makefile put the fuzz_<target> binaries")
    ap.add_argument("--out", help="working corpora and artifacts (default: --bin-dir)")
    ap.add_argument("--seconds", type=int, default=0, help="time per target")
    ap.add_argument("--runs", type=int, default=0, help="inputs per target (with or instead of --seconds)")
    ap.add_argument("--only", action="append", metavar="TARGET",
                    help="run these targets (repeatable; a binary's suffix such as vsysreg_crnmask is accepted)")
    ap.add_argument("--no-seeds", action="store_true", help="start from an empty corpus, not the committed seeds")
    ap.add_argument("--expect-crash", action="store_true", help="negative control: every target must crash")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each target's whole output")
    a = ap.parse_args()
    a.out = a.out or a.bin_dir
    if a.seconds < 0 or a.runs < 0 or not (a.seconds or a.runs):
        ap.error("give a positive --seconds or --runs")
    targets = a.only or list(ALL_TARGETS)
    total_execs = total_crashes = 0
    ok = True
    for name in targets:
        base = name.split("_")[0]
        if name == "transcript":
            res = run_python(a, name)
        else:
            binary = os.path.join(a.bin_dir, "fuzz_" + name)
            if base not in C_TARGETS or not os.access(binary, os.X_OK):
                print("fuzz: error: no fuzz target %r (built: %s)" % (name, binary))
                return 2
            res = run_libfuzzer(a, name, binary, None if a.no_seeds else os.path.join(HERE, "corpus", base))
        execs, secs, corpus, crashes, report, arts, out, rc = res
        total_execs += execs
        total_crashes += crashes
        print("fuzz: %s: %d execs in %.0f s (%d exec/s), corpus %d, %d crashes"
              % (name, execs, secs, execs / secs if secs else 0, corpus, crashes), flush=True)
        if crashes:
            print("  first report: %s" % (report or "(exit status %s)" % rc))
            for art in arts:
                print("  artifact: %s" % art)
                print("  reproduce: %s %s" % ("tests/fuzz/fuzz_transcript.py" if name == "transcript"
                                               else os.path.join(a.bin_dir, "fuzz_" + name), art))
        if a.verbose or (crashes and not a.expect_crash) or (a.expect_crash and not crashes):
            print("  | " + "\n  | ".join(out.strip().splitlines()[-40:]))
        if a.expect_crash and not (crashes and report):
            ok = False
        if not a.expect_crash and (crashes or not execs):
            ok = False
    print("fuzz: total %d targets, %d execs, %d crashes" % (len(targets), total_execs, total_crashes))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
