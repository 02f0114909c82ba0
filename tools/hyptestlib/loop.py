# SPDX-License-Identifier: MIT
# The boot loop: N seeds over a CPU/memory matrix in parallel, progress, per-class and per-test tables, repro lines.
import concurrent.futures
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field

from . import boot as bootmod
from . import qemu
from .transcript import classes_for

MASK64 = (1 << 64) - 1


def splitmix64(x):
    """A 64-bit mixer: neighbouring inputs give unrelated outputs."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def loop_seed(first_seed, i):
    """Seed of boot i. Mixed rather than first_seed + i so that no bit of the seed follows
    the boot's place in the CPU/memory round-robin (an image that reads the class from
    low seed bits would otherwise tie the class to the CPU count)."""
    return splitmix64((first_seed + i) & MASK64)


def matrix(i, cpus, mems):
    """Boot i's CPU count and memory size: CPUs vary fastest, then memory."""
    return cpus[i % len(cpus)], mems[(i // len(cpus)) % len(mems)]


@dataclass
class LoopBoot:
    """One boot of the loop and what became of it."""
    index: int
    seed: int
    cpus: int
    mem: str
    outcome: str = "interrupted"  # pass, fail, skip, timeout, interrupted
    code: int | None = None
    problems: list = field(default_factory=list)
    start: dict | None = None
    results: list = field(default_factory=list)
    transcript_text: str = ""
    transcript_path: str = ""
    duration: float = 0.0
    qemu_rc: int | None = None
    repro: str = ""

    def properties(self):
        p = {"seed": "0x%x" % self.seed, "cpus": self.cpus, "mem": self.mem, "outcome": self.outcome}
        if self.start:
            for k in ("class", "pa", "va", "size"):
                if k in self.start:
                    v = self.start[k]
                    p[k] = "0x%x" % v if isinstance(v, int) and k != "class" else v
        p["transcript"] = self.transcript_path
        p["repro"] = self.repro
        return p

    def as_dict(self):
        d = dict(index=self.index, seed="0x%x" % self.seed, cpus=self.cpus, mem=self.mem, outcome=self.outcome,
                 status=self.code, qemu_rc=self.qemu_rc, duration=round(self.duration, 3),
                 problems=self.problems, transcript=self.transcript_path, repro=self.repro)
        if self.start:
            d["start"] = {k: ("0x%x" % v if k in ("seed", "pa", "va", "size") and isinstance(v, int) else v)
                          for k, v in self.start.items()}
        d["results"] = [dict(id=r.id, status=r.status, reason=r.reason) for r in self.results]
        return d


def fmt_eta(seconds):
    seconds = int(seconds + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "%d:%02d:%02d" % (h, m, s) if h else "%d:%02d" % (m, s)


class Progress:
    """`[ 123/600] pass 120 fail 2 timeout 1 ETA 0:42` on one rewritten line (tty),
    else the same as a plain line at each 10%."""

    def __init__(self, total, stream):
        self.total, self.stream = total, stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.t0 = time.monotonic()
        self.last_decile = 0
        self.shown = False

    def line(self, counts):
        done = sum(counts.values())
        width = len(str(self.total))
        text = "[%*d/%d] pass %d fail %d timeout %d" % (width, done, self.total, counts["pass"], counts["fail"],
                                                         counts["timeout"])
        if counts["skip"]:
            text += " skip %d" % counts["skip"]
        if 0 < done < self.total:
            elapsed = time.monotonic() - self.t0
            text += " ETA %s" % fmt_eta(elapsed / done * (self.total - done))
        return text

    def update(self, counts):
        done = sum(counts.values())
        if self.tty:
            self.stream.write("\r" + self.line(counts) + "\x1b[K")
            self.stream.flush()
            self.shown = True
            return
        decile = done * 10 // self.total if self.total else 10
        if decile > self.last_decile:
            self.last_decile = decile
            self.stream.write("loop: " + self.line(counts) + "\n")
            self.stream.flush()

    def finish(self):
        if self.tty and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


_ARTIFACT = re.compile(r"\d{4,}-seed-0x[0-9a-f]{16}-cpus\d+-mem[0-9A-Za-z]+\.(log|qemu-stderr)$")


class Loop:
    """Runs the boots; `opts` is the parsed `loop` command line (see cli.py)."""

    def __init__(self, opts, out=None, err=None):
        self.o = opts
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.boots = {}
        self.running = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.counts = {"pass": 0, "fail": 0, "skip": 0, "timeout": 0}

    # --- one boot ----------------------------------------------------------

    def spec(self, i):
        seed = loop_seed(self.o.first_seed, i)
        cpus, mem = matrix(i, self.o.cpus, self.o.mem)
        return LoopBoot(index=i, seed=seed, cpus=cpus, mem=mem)

    def artifact(self, b, ext):
        return os.path.join(self.o.artifacts, "%04d-seed-0x%016x-cpus%d-mem%s.%s" % (b.index, b.seed, b.cpus, b.mem, ext))

    def one(self, i):
        b = self.spec(i)
        b.repro = self.o.repro(seed=b.seed, cpus=b.cpus, mem=b.mem)
        if self.stop.is_set():
            return b
        append = qemu.bootargs(seed=b.seed, tests=self.o.tests, extra=self.o.append)
        cmd = qemu.command(self.o.arch, self.o.image, append, qemu=self.o.qemu, cpus=b.cpus, mem=b.mem,
                           cpu_model=self.o.cpu_model, el3=getattr(self.o, "el3", False))
        b.transcript_path = self.artifact(b, "log")
        err_path = self.artifact(b, "qemu-stderr")

        def spawned(proc):
            with self.lock:
                self.running[i] = proc

        with open(err_path, "wb") as errf:
            res = bootmod.run(cmd, timeout=self.o.timeout, stderr=errf, on_spawn=spawned,
                              should_stop=self.stop.is_set)
        with self.lock:
            self.running.pop(i, None)
        if os.path.getsize(err_path) == 0:
            os.unlink(err_path)
        t = res.transcript
        b.transcript_text = "".join(line + "\n" for line in t.lines)
        with open(b.transcript_path, "w", encoding="utf-8") as f:
            f.write(b.transcript_text)
        expect = {"arch": self.o.arch, "platform": self.o.platform, "cpus": b.cpus, "seed": b.seed,
                  "el": 3 if getattr(self.o, "el3", False) else 2}
        j = bootmod.judge(res, expect, semihost=qemu.semihost_exit(append), timeout=self.o.timeout)
        if self.stop.is_set() and j.outcome in ("timeout", "fail") and (res.interrupted or t.end is None):
            j.outcome = "interrupted"
        b.outcome, b.code, b.problems = j.outcome, j.code, j.problems
        b.start, b.results = t.start, t.results
        b.duration, b.qemu_rc = res.duration, res.rc
        return b

    def kill_running(self):
        with self.lock:
            procs = list(self.running.values())
        for p in procs:
            bootmod.kill_group(p)

    # --- the loop ----------------------------------------------------------

    def clean_artifacts(self):
        os.makedirs(self.o.artifacts, exist_ok=True)
        for name in os.listdir(self.o.artifacts):
            if _ARTIFACT.match(name):
                try:
                    os.unlink(os.path.join(self.o.artifacts, name))
                except OSError:
                    pass

    def run(self):
        """Returns the exit status: 0 all good, 1 any failure/timeout/violation, 130 interrupted."""
        o = self.o
        self.clean_artifacts()
        self.say("loop: %d boots, seeds splitmix64(0x%x + i) (same seeds again: --first-seed 0x%x), %d jobs, "
                 "cpus %s, mem %s, artifacts %s" % (o.seeds, o.first_seed, o.first_seed, o.jobs,
                                                    ",".join(map(str, o.cpus)), ",".join(o.mem),
                                                    qemu.display_path(o.artifacts)))
        progress = Progress(o.seeds, self.err)
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=o.jobs)
        pending = {pool.submit(self.one, i) for i in range(o.seeds)}
        interrupted = False
        try:
            while pending:
                done, pending = concurrent.futures.wait(pending, timeout=1.0,
                                                        return_when=concurrent.futures.FIRST_COMPLETED)
                for f in done:
                    self.collect(f)
                progress.update(self.counts)
        except KeyboardInterrupt:
            interrupted = True
            self.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            self.kill_running()
            done, _ = concurrent.futures.wait(pending, timeout=10)
            for f in done:
                if not f.cancelled():
                    self.collect(f)
        finally:
            pool.shutdown(wait=not interrupted, cancel_futures=True)
            progress.finish()
        return self.finish(interrupted)

    def collect(self, fut):
        try:
            b = fut.result()
        except concurrent.futures.CancelledError:
            return
        if b.outcome == "interrupted":
            return
        self.boots[b.index] = b
        self.counts[b.outcome] += 1

    def say(self, text=""):
        self.out.write(text + "\n")
        self.out.flush()

    def finish(self, interrupted):
        o = self.o
        boots = [self.boots[i] for i in sorted(self.boots)]
        self.print_classes(boots)
        self.print_tests(boots)
        bad = [b for b in boots if b.outcome in ("fail", "timeout")]
        for b in bad:
            why = b.problems[0] if b.problems else "FAIL " + ", ".join(r.id for r in b.results if r.status == "FAIL")
            self.say("hyptest: repro: %s  # %s: %s (%s)" % (b.repro, b.outcome, why, qemu.display_path(b.transcript_path)))
        summary = self.summary(boots, interrupted)
        if o.junit:
            from .report import write_junit
            write_junit(o.junit, boots)
        if o.tap:
            from .report import write_tap
            write_tap(o.tap, boots)
        if o.json:
            from .report import write_json
            write_json(o.json, summary, boots)
        c = self.counts
        if interrupted:
            self.say("loop: interrupted, %d of %d boots not run or not finished" % (o.seeds - len(boots), o.seeds))
        last = "loop: %d boots, %d passed, %d failed, %d timeouts" % (len(boots), c["pass"], c["fail"], c["timeout"])
        if c["skip"]:
            last += ", %d skipped" % c["skip"]
        self.say(last)
        if interrupted:
            return 130
        return 1 if bad or not boots else 0

    def by_class(self, boots):
        rows = {cls: dict(boots=0, pass_=0, fail=0, skip=0, timeout=0) for cls in classes_for(self.o.arch)}
        for b in boots:
            cls = b.start.get("class") if b.start else None
            cls = cls if isinstance(cls, str) and cls else "(no start line)"
            row = rows.setdefault(cls, dict(boots=0, pass_=0, fail=0, skip=0, timeout=0))
            row["boots"] += 1
            row["pass_" if b.outcome == "pass" else b.outcome] += 1
        return rows

    def by_test(self, boots):
        rows = {}
        for b in boots:
            for r in b.results:
                row = rows.setdefault(r.id, dict(PASS=0, FAIL=0, SKIP=0))
                row[r.status] += 1
        return dict(sorted(rows.items()))

    def print_classes(self, boots):
        rows = self.by_class(boots)
        w = max(len("class"), *(len(c) for c in rows))
        self.say("loop: boots per placement class")
        self.say("  %-*s %6s %6s %6s %6s %8s" % (w, "class", "boots", "pass", "fail", "skip", "timeout"))
        unreached = False
        for cls, r in rows.items():
            note = ""
            if r["boots"] == 0:
                note, unreached = "  NOT REACHED", True
            self.say("  %-*s %6d %6d %6d %6d %8d%s" % (w, cls, r["boots"], r["pass_"], r["fail"], r["skip"],
                                                      r["timeout"], note))
        if unreached:
            self.say("  (NOT REACHED: no boot landed in that class; a note on coverage, not a failure)")

    def print_tests(self, boots):
        rows = self.by_test(boots)
        self.say("loop: results per test")
        if not rows:
            self.say("  (no test results)")
            return
        w = max(len("test"), *(len(t) for t in rows))
        self.say("  %-*s %6s %6s %6s" % (w, "test", "pass", "fail", "skip"))
        for test_id, r in rows.items():
            self.say("  %-*s %6d %6d %6d" % (w, test_id, r["PASS"], r["FAIL"], r["SKIP"]))

    def summary(self, boots, interrupted):
        o = self.o
        return {
            "arch": o.arch, "platform": o.platform, "image": o.image,
            "first_seed": "0x%x" % o.first_seed, "seeds": o.seeds, "cpus": o.cpus, "mem": o.mem,
            "timeout": o.timeout, "tests": o.tests, "interrupted": interrupted,
            "totals": dict(boots=len(boots), passed=self.counts["pass"], failed=self.counts["fail"],
                           skipped=self.counts["skip"], timeouts=self.counts["timeout"]),
            "classes": {c: dict(boots=r["boots"], passed=r["pass_"], failed=r["fail"], skipped=r["skip"],
                                timeouts=r["timeout"]) for c, r in self.by_class(boots).items()},
            "tests_by_id": {t: dict(passed=r["PASS"], failed=r["FAIL"], skipped=r["SKIP"])
                            for t, r in self.by_test(boots).items()},
        }
