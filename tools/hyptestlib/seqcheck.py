# SPDX-License-Identifier: MIT
# --check-sequences: build and load the sequence checker (tools/seqcheck, a QEMU TCG plugin) and turn its reports into a FAIL.
"""The plugin checks, from the instructions QEMU executes, the TLB and barrier
rules QEMU itself never enforces (a TLBI with no DSB after it, a write to a
translation register with no ISB after it: tools/seqcheck/rules.c). It writes
one line per report to a file of its own; a boot with a report FAILs with

    hyptest: sequence checker: <rule> at <pc> (<symbol>): <insn>, then <what> at <pc> (<symbol>)

and a boot with none keeps its own verdict. The addresses are those the CPU
ran at (the runtime VA, the PA while the MMU was off, the loader's); they are
symbolized through the same regions as crash dumps (symbols.py).
"""
import os
import re
import subprocess
from dataclasses import dataclass, field

from . import qemu

PLUGIN = os.path.join(qemu.ROOT, "build", "seqcheck", "seqcheck.so")
SUFFIX = "seqcheck"  # the loop's artifact: <boot>.seqcheck

_REPORT = re.compile(r"^seqcheck: (?P<rule>[a-z][a-z-]*) at (?P<pc>0x[0-9a-f]+) cpu (?P<cpu>\d+): (?P<insn>.*?), "
                     r"then (?P<then>.*?) at (?P<then_pc>0x[0-9a-f]+) \((?P<why>.*)\)$")


class SeqError(Exception):
    pass


def build():
    """`make seqcheck` (host gcc; nothing to do when it is up to date). Returns the plugin's path."""
    try:
        p = subprocess.run(["make", "-s", "-C", qemu.ROOT, "seqcheck"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    except OSError as e:
        raise SeqError("cannot run make: %s" % (e.strerror or e))
    if p.returncode or not os.path.isfile(PLUGIN):
        tail = " ".join(p.stdout.strip().splitlines()[-3:])
        raise SeqError("building the sequence checker failed (make seqcheck): %s" % (tail or "no output"))
    return PLUGIN


def qemu_args(out_path):
    """The QEMU arguments that load the plugin, its lines going to out_path."""
    if "," in out_path:
        raise SeqError("the report file's path %r has a comma, which QEMU's -plugin cannot take" % out_path)
    return ["-plugin", "%s,out=%s" % (PLUGIN, out_path)]


@dataclass
class Result:
    started: bool = False
    end: str | None = None  # the plugin's closing line (its counts), when QEMU exited normally
    reports: list = field(default_factory=list)  # dicts: rule, pc, cpu, insn, then, then_pc, why
    other: list = field(default_factory=list)  # lines that are neither (a plugin error)


def read(path):
    r = Result()
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return r
    for line in lines:
        m = _REPORT.match(line)
        if m:
            d = m.groupdict()
            d["pc"], d["then_pc"] = int(d["pc"], 16), int(d["then_pc"], 16)
            r.reports.append(d)
        elif line.startswith("seqcheck: start "):
            r.started = True
        elif line.startswith("seqcheck: end "):
            r.end = line[len("seqcheck: end "):]
        elif line.strip():
            r.other.append(line)
    return r


def _where(sym, pc):
    if sym is None:
        return ""
    found = sym.describe([("pc", pc)])
    return " (%s)" % found[0][1] if found else ""


def problems(result, sym=None, path=None):
    """One message per report (for "hyptest: " lines), or why the checker said nothing at all."""
    out = []
    for r in result.reports:
        out.append("sequence checker: %s at 0x%x%s: %s, then %s at 0x%x%s [cpu %s: %s]" % (
            r["rule"], r["pc"], _where(sym, r["pc"]), r["insn"], r["then"], r["then_pc"],
            _where(sym, r["then_pc"]), r["cpu"], r["why"]))
    if not result.started:
        why = result.other[0] if result.other else "no 'seqcheck: start' line%s" % (
            " in %s" % qemu.display_path(path) if path else "")
        out.append("sequence checker: the plugin did not run: %s" % why)
    return out


def judge(j, result, sym=None, path=None):
    """Fold the checker's result into a boot's Judgement: any report FAILs a boot that passed or skipped."""
    extra = problems(result, sym, path)
    if extra:
        j.problems = list(j.problems) + extra
        if j.code in (0, 77):
            j.code, j.outcome = 1, "fail"
    return j
