# SPDX-License-Identifier: MIT
# The boot loop: N seeds over an arch/CPU model/CPU count/memory matrix in parallel, progress, summaries, reruns, repro lines.
import concurrent.futures
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field

from . import boot as bootmod
from . import qemu
from . import seqcheck
from .symbols import Symbolizer
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
    the boot's place in the matrix round-robin (an image that reads the class from
    low seed bits would otherwise tie the class to the CPU count)."""
    return splitmix64((first_seed + i) & MASK64)


@dataclass(frozen=True)
class Cell:
    """One point of the matrix: what QEMU boots, apart from the seed."""
    arch: str
    cpu_model: str | None  # None: the arch's default (qemu.ARCHES)
    cpus: int
    mem: str
    gic: str | None = None  # virt's gic-version (qemu.GIC_VERSIONS); None: the arch's default

    def label(self):
        return "%s %s cpus=%d mem=%s%s" % (self.arch, self.cpu_model or qemu.ARCHES[self.arch].cpu, self.cpus,
                                           self.mem, " gic=%s" % self.gic if self.gic else "")


def models_for(arch, models):
    """The CPU models of one arch: `arch:model` entries for it and plain `model` entries (for every
    arch); none given means the arch's default, one None."""
    mine = []
    for m in models or ():
        prefix, sep, name = m.rpartition(":")
        if not sep or prefix == arch:
            mine.append(name)
    return mine or [None]


def cells(arches, models, cpus, mems, gics=(None,)):
    """The matrix in boot order: CPU counts vary fastest, then memory sizes, GICs, CPU models, arches."""
    return [Cell(a, m, c, mem, g) for a in arches for m in models_for(a, models) for g in gics for mem in mems
            for c in cpus]


def matrix(i, cpus, mems):
    """Boot i's CPU count and memory size in a one-arch, one-model loop."""
    cell = cells(["arm64"], None, cpus, mems)
    c = cell[i % len(cell)]
    return c.cpus, c.mem


@dataclass
class LoopBoot:
    """One boot of the loop and what became of it."""
    index: int
    seed: int
    cpus: int
    mem: str
    arch: str = "arm64"
    cpu_model: str | None = None
    gic: str | None = None
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
    rerun: str | None = None  # deterministic, flaky, or None (not rerun)
    rerun_outcome: str | None = None
    rerun_path: str = ""

    def failed_ids(self):
        return sorted(r.id for r in self.results if r.status == "FAIL")

    def signature(self):
        """What a rerun must reproduce to call the failure deterministic."""
        return self.outcome, tuple(self.failed_ids())

    def properties(self):
        p = {"arch": self.arch, "cpu_model": self.cpu_model or qemu.ARCHES[self.arch].cpu,
             "seed": "0x%x" % self.seed, "cpus": self.cpus, "mem": self.mem, "outcome": self.outcome}
        if self.gic:
            p["gic"] = self.gic
        if self.start:
            for k in ("class", "pa", "va", "size"):
                if k in self.start:
                    v = self.start[k]
                    p[k] = "0x%x" % v if isinstance(v, int) and k != "class" else v
        p["transcript"] = self.transcript_path
        if self.rerun:
            p["rerun"] = "%s (%s)" % (self.rerun, self.rerun_outcome)
        p["repro"] = self.repro
        return p

    def as_dict(self):
        d = dict(index=self.index, arch=self.arch, cpu_model=self.cpu_model or qemu.ARCHES[self.arch].cpu,
                 seed="0x%x" % self.seed, cpus=self.cpus, mem=self.mem, outcome=self.outcome,
                 status=self.code, qemu_rc=self.qemu_rc, duration=round(self.duration, 3),
                 problems=self.problems, transcript=self.transcript_path, repro=self.repro)
        if self.gic:
            d["gic"] = self.gic
        if self.rerun:
            d["rerun"] = dict(verdict=self.rerun, outcome=self.rerun_outcome, transcript=self.rerun_path)
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


def per_minute(n, seconds):
    return n * 60.0 / seconds if seconds > 0 else 0.0


class Progress:
    """On a terminal, one redrawn line:
        ######......  [123/600] pass 120 fail 2 timeout 1  95.3 boots/min  ETA 5:00
    elsewhere the same without the bar, as a plain line every `every` boots."""

    BAR = 20

    def __init__(self, total, stream, every=None):
        self.total, self.stream = total, stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.every = every or max(1, min(100, total // 10))
        self.t0 = time.monotonic()
        self.last_shown = 0
        self.shown = False

    def line(self, counts):
        done = sum(counts.values())
        width = len(str(self.total))
        text = "[%*d/%d] pass %d fail %d timeout %d" % (width, done, self.total, counts["pass"], counts["fail"],
                                                       counts["timeout"])
        if counts["skip"]:
            text += " skip %d" % counts["skip"]
        elapsed = time.monotonic() - self.t0
        if done:
            text += "  %.1f boots/min" % per_minute(done, elapsed)
        if 0 < done < self.total:
            text += "  ETA %s" % fmt_eta(elapsed / done * (self.total - done))
        return text

    def update(self, counts):
        done = sum(counts.values())
        if self.tty:
            filled = self.BAR * done // self.total if self.total else self.BAR
            bar = "#" * filled + "." * (self.BAR - filled) + "  "
            self.stream.write("\r" + bar + self.line(counts) + "\x1b[K")
            self.stream.flush()
            self.shown = True
            return
        if done >= self.last_shown + self.every or (done == self.total and done > self.last_shown):
            self.last_shown = done
            self.stream.write("loop: " + self.line(counts) + "\n")
            self.stream.flush()

    def finish(self):
        if self.tty and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


_ARTIFACT = re.compile(r"\d{4,}-(?:[a-z0-9]+-)?seed-0x[0-9a-f]{16}-cpus\d+-mem[0-9A-Za-z]+(?:-[A-Za-z0-9.+_-]+)?"
                       r"\.(?:log|qemu-stderr|seqcheck)$")


class Loop:
    """Runs the boots; `opts` is the parsed `loop` command line (see loopcmd.py): seeds, jobs,
    timeout, tests, append, qemu, platform, first_seed, artifacts, junit/tap/json, reruns,
    progress_every, `cells` (the matrix), `images` (arch -> image) and `repro(boot)`."""

    def __init__(self, opts, out=None, err=None):
        self.o = opts
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.boots = {}
        self.running = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.counts = {"pass": 0, "fail": 0, "skip": 0, "timeout": 0}
        self.elapsed = 0.0

    # --- one boot ----------------------------------------------------------

    def spec(self, i):
        cell = self.o.cells[i % len(self.o.cells)]
        return LoopBoot(index=i, seed=loop_seed(self.o.first_seed, i), cpus=cell.cpus, mem=cell.mem,
                        arch=cell.arch, cpu_model=cell.cpu_model, gic=cell.gic)

    def artifact(self, b, ext, rerun=False):
        model = "-" + re.sub(r"[^A-Za-z0-9.+_-]", "_", b.cpu_model) if b.cpu_model else ""
        model += "-gic" + b.gic if b.gic else ""
        return os.path.join(self.o.artifacts, "%04d-%s-seed-0x%016x-cpus%d-mem%s%s%s.%s" % (
            b.index, b.arch, b.seed, b.cpus, b.mem, model, "-rerun" if rerun else "", ext))

    def boot(self, b, rerun=False):
        """Boot b's seed and cell once; returns (judgement, transcript, annotated text, path, run result)."""
        o = self.o
        image = o.images[b.arch]
        append = qemu.bootargs(seed=b.seed, tests=o.tests, extra=o.append)
        path = self.artifact(b, "log", rerun)
        err_path = self.artifact(b, "qemu-stderr", rerun)
        # --check-sequences: the plugin's lines go beside the transcript (kept only if they say something).
        seq_path = self.artifact(b, seqcheck.SUFFIX, rerun) if getattr(o, "check_sequences", False) else None
        cmd = qemu.command(b.arch, image, append, qemu=o.qemu, cpus=b.cpus, mem=b.mem, cpu_model=b.cpu_model,
                           platform=o.platform, el3=o.el3, gic=b.gic,
                           qemu_args=seqcheck.qemu_args(seq_path) if seq_path else ())
        key = (b.index, rerun)

        def spawned(proc):
            with self.lock:
                self.running[key] = proc

        with open(err_path, "wb") as errf:
            res = bootmod.run(cmd, timeout=o.timeout or None, stderr=errf, on_spawn=spawned,
                              should_stop=self.stop.is_set)
        with self.lock:
            self.running.pop(key, None)
        if os.path.getsize(err_path) == 0:
            os.unlink(err_path)
        t = res.transcript
        # The artifact is the transcript with its dumps symbolized (only `# ` lines gain text,
        # so `hyptest check-transcript` still reads it the same).
        sym = Symbolizer(b.arch, image) if not o.no_symbols else None
        text = "".join((sym.annotate(line) if sym else line) + "\n" for line in t.lines)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
            for n in sym.notes if sym else ():
                f.write("hyptest-runner: symbols: %s\n" % n)
        expect = {"arch": b.arch, "platform": o.platform, "cpus": b.cpus, "seed": b.seed, "el": 3 if o.el3 else 2}
        j = bootmod.judge(res, expect, semihost=qemu.semihost_exit(append), timeout=o.timeout)
        if seq_path:
            checked = seqcheck.read(seq_path)
            seqcheck.judge(j, checked, sym, seq_path)
            if checked.started and not checked.reports and os.path.exists(seq_path):
                os.unlink(seq_path)
        if self.stop.is_set() and j.outcome in ("timeout", "fail") and (res.interrupted or t.end is None):
            j.outcome = "interrupted"
        return j, t, text, path, res

    def one(self, i):
        b = self.spec(i)
        b.repro = self.o.repro(b)
        if self.stop.is_set():
            return b
        j, t, text, path, res = self.boot(b)
        b.outcome, b.code, b.problems = j.outcome, j.code, j.problems
        b.start, b.results = t.start, t.results
        b.transcript_text, b.transcript_path = text, path
        b.duration, b.qemu_rc = res.duration, res.rc
        return b

    def again(self, b):
        """Rerun a failing boot with the same arguments: the same outcome and FAIL ids -> deterministic."""
        if self.stop.is_set():
            return b
        j, t, _, path, _ = self.boot(b, rerun=True)
        if j.outcome == "interrupted":
            return b
        failed = tuple(sorted(r.id for r in t.results if r.status == "FAIL"))
        b.rerun_outcome = j.outcome + (" " + ",".join(failed) if failed else "")
        b.rerun = "deterministic" if (j.outcome, failed) == b.signature() else "flaky"
        b.rerun_path = path
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

    def batch(self, fn, items, on_done, progress=None):
        """Run fn(item) on the pool; on_done(result) for each. Returns True if Ctrl-C stopped it:
        then nothing new starts, running QEMUs are killed, and what finished is still collected."""
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=self.o.jobs)
        pending = {pool.submit(fn, x) for x in items}
        interrupted = False
        try:
            while pending:
                done, pending = concurrent.futures.wait(pending, timeout=1.0,
                                                        return_when=concurrent.futures.FIRST_COMPLETED)
                for f in done:
                    on_done(f.result())
                if progress:
                    progress.update(self.counts)
        except KeyboardInterrupt:
            interrupted = True
            self.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            self.kill_running()
            done, _ = concurrent.futures.wait(pending, timeout=10)
            for f in done:
                if not f.cancelled() and f.exception() is None:
                    on_done(f.result())
        finally:
            pool.shutdown(wait=not interrupted, cancel_futures=True)
            if progress:
                progress.finish()
        return interrupted

    def run(self):
        """Returns the exit status: 0 all good, 1 any failure/timeout/violation, 130 interrupted."""
        o = self.o
        self.clean_artifacts()
        archs = sorted({c.arch for c in o.cells})
        self.say("loop: %d boots, seeds splitmix64(0x%x + i) (same seeds again: --first-seed 0x%x), %d jobs, "
                 "timeout %s s, artifacts %s" % (o.seeds, o.first_seed, o.first_seed, o.jobs,
                                                 bootmod.fmt_seconds(o.timeout), qemu.display_path(o.artifacts)))
        gics = [c.gic for c in o.cells if c.gic]
        self.say("loop: matrix of %d cell%s, boot i takes cell i mod %d: arch %s, cpu model %s, cpus %s, mem %s%s"
                 % (len(o.cells), "" if len(o.cells) == 1 else "s", len(o.cells), ",".join(archs),
                    ",".join(sorted({c.arch + ":" + (c.cpu_model or qemu.ARCHES[c.arch].cpu) for c in o.cells})),
                    ",".join(str(c) for c in dict.fromkeys(c.cpus for c in o.cells)),
                    ",".join(dict.fromkeys(c.mem for c in o.cells)),
                    ", gic " + ",".join(dict.fromkeys(gics)) if gics else ""))
        progress = Progress(o.seeds, self.err, getattr(o, "progress_every", None))
        t0 = time.monotonic()
        interrupted = self.batch(self.one, range(o.seeds), self.collect, progress)
        self.elapsed = time.monotonic() - t0
        bad = [self.boots[i] for i in sorted(self.boots) if self.boots[i].outcome in ("fail", "timeout")]
        if bad and not interrupted and o.reruns:
            again = bad[:o.reruns]
            self.say("loop: rerunning %d failing boot%s with the same arguments%s" % (
                len(again), "" if len(again) == 1 else "s",
                " (the first %d of %d: --reruns)" % (len(again), len(bad)) if len(again) < len(bad) else ""))
            interrupted = self.batch(self.again, again, lambda b: None)
        return self.finish(interrupted)

    def collect(self, b):
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
            why = b.problems[0] if b.problems else "FAIL " + ", ".join(b.failed_ids())
            crash = re.search(r"<elr: ([^>]+)>", b.transcript_text)
            if crash:
                why += " at " + crash.group(1)
            rerun = b.rerun or ("not rerun" + (" (interrupted)" if interrupted else
                                               " (--reruns)" if o.reruns else ""))
            self.say("hyptest: repro: %s  # %s, %s: %s (%s)" % (b.repro, b.outcome, rerun, why,
                                                             qemu.display_path(b.transcript_path)))
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
        if bad:
            det = sum(b.rerun == "deterministic" for b in bad)
            flaky = sum(b.rerun == "flaky" for b in bad)
            self.say("loop: %d failing boots: %d deterministic, %d flaky, %d not rerun"
                     % (len(bad), det, flaky, len(bad) - det - flaky))
        self.say("loop: %d boots in %s, %.1f boots/min with %d jobs" % (len(boots), fmt_eta(self.elapsed),
                                                                         per_minute(len(boots), self.elapsed),
                                                                         o.jobs))
        if getattr(o, "check_sequences", False):
            flagged = [b for b in boots if any(p.startswith("sequence checker:") for p in b.problems)]
            self.say("loop: sequence checker: %d of %d boots with a report%s" % (
                len(flagged), len(boots), " (see their .%s files)" % seqcheck.SUFFIX if flagged else ""))
        last = "loop: %d boots, %d passed, %d failed, %d timeouts" % (len(boots), c["pass"], c["fail"], c["timeout"])
        if c["skip"]:
            last += ", %d skipped" % c["skip"]
        self.say(last)
        if interrupted:
            return 130
        return 1 if bad or not boots else 0

    def by_class(self, boots):
        """{arch: {class: counts}}: every class the arch has, reached or not, then anything else seen."""
        rows = {}
        for arch in dict.fromkeys(c.arch for c in self.o.cells):
            rows[arch] = {cls: dict(boots=0, pass_=0, fail=0, skip=0, timeout=0) for cls in classes_for(arch)}
        for b in boots:
            cls = b.start.get("class") if b.start else None
            cls = cls if isinstance(cls, str) and cls else "(no start line)"
            row = rows.setdefault(b.arch, {}).setdefault(cls, dict(boots=0, pass_=0, fail=0, skip=0, timeout=0))
            row["boots"] += 1
            row["pass_" if b.outcome == "pass" else b.outcome] += 1
        return rows

    def unreached(self, boots):
        """{arch: [classes no boot landed in]}, only the arches that have some."""
        out = {}
        for arch, rows in self.by_class(boots).items():
            missing = [cls for cls in classes_for(arch) if rows[cls]["boots"] == 0]
            if missing:
                out[arch] = missing
        return out

    def by_test(self, boots):
        rows = {}
        for b in boots:
            for r in b.results:
                row = rows.setdefault(r.id, dict(PASS=0, FAIL=0, SKIP=0))
                row[r.status] += 1
        return dict(sorted(rows.items()))

    def print_classes(self, boots):
        by_arch = self.by_class(boots)
        w = max([len("class")] + [len(c) for rows in by_arch.values() for c in rows])
        self.say("loop: boots per placement class")
        self.say("  %-6s %-*s %6s %6s %6s %6s %8s" % ("arch", w, "class", "boots", "pass", "fail", "skip", "timeout"))
        for arch, rows in by_arch.items():
            for cls, r in rows.items():
                self.say("  %-6s %-*s %6d %6d %6d %6d %8d%s" % (arch, w, cls, r["boots"], r["pass_"], r["fail"],
                                                               r["skip"], r["timeout"],
                                                               "  NOT REACHED" if r["boots"] == 0 else ""))
        missing = self.unreached(boots)
        if not missing:
            self.say("loop: every placement class reached (%s)" % ", ".join(
                "%s: %d of %d" % (a, len(classes_for(a)), len(classes_for(a))) for a in by_arch))
        for arch, classes in missing.items():
            self.say("loop: not reached: %s %s (%d of %d classes reached; more boots, or --append class=...)"
                     % (arch, ", ".join(classes), len(classes_for(arch)) - len(classes), len(classes_for(arch))))

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
        cells = o.cells
        return {
            "platform": o.platform, "images": o.images,
            "first_seed": "0x%x" % o.first_seed, "seeds": o.seeds, "jobs": o.jobs,
            "matrix": [dict(arch=c.arch, cpu_model=c.cpu_model or qemu.ARCHES[c.arch].cpu, cpus=c.cpus, mem=c.mem,
                            **({"gic": c.gic} if c.gic else {})) for c in cells],
            "timeout": o.timeout, "tests": o.tests, "append": o.append, "interrupted": interrupted,
            "elapsed": round(self.elapsed, 3), "boots_per_minute": round(per_minute(len(boots), self.elapsed), 2),
            "totals": dict(boots=len(boots), passed=self.counts["pass"], failed=self.counts["fail"],
                           skipped=self.counts["skip"], timeouts=self.counts["timeout"]),
            "classes": {a: {c: dict(boots=r["boots"], passed=r["pass_"], failed=r["fail"], skipped=r["skip"],
                                    timeouts=r["timeout"]) for c, r in rows.items()}
                        for a, rows in self.by_class(boots).items()},
            "not_reached": self.unreached(boots),
            "tests_by_id": {t: dict(passed=r["PASS"], failed=r["FAIL"], skipped=r["SKIP"])
                            for t, r in self.by_test(boots).items()},
        }
