# SPDX-License-Identifier: MIT
# `hyptest lava --run`: a job run by Debian's lava-dispatcher (lava-run, no server) on a device YAML, and the results LAVA records compared with the transcript it logged.
"""lava-run (Debian's lava-dispatcher 2023.01) runs one job on one device
given as a device YAML, with no LAVA server: it deploys the image (a file://
URL is copied), starts QEMU with the device's options and the job's
image_arg, and runs the monitor. It must run as root. Without a server its
log goes to stderr, one YAML mapping per line ({dt, lvl, msg}): the lines
LAVA's server keeps as the job's output.yaml (there each is a list item,
"- {...}", which is how output.yaml is written here). Entries with lvl
`results` are the test cases LAVA records (definition `lava` for its own
actions and the job, `hyptest` for the monitor's); lvl `target` lines are
what the device printed, the transcript LAVA saw. result.yaml holds the job's
own result.

The comparison: every PASS:/FAIL:/SKIP: line and every error line after the
start line of that transcript must be one `hyptest` test case, in order, with
the same result (an error line: case `error`, fail), and nothing else; LAVA
must record the job as passing exactly when the transcript got from its start
line to its end line (a boot that stops before, or never starts, fails the
job); two ids must not become one LAVA case name (LAVA lowers them and turns
every run of non-word characters into '_').
"""
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field

from . import lava
from .debian import debian_import
from .transcript import Transcript

LAVA_RUN = "lava-run"
INSTALL_HINT = "apt-get install --no-install-recommends lava-dispatcher, or make check-lava"


class RunError(Exception):
    """lava-run could not be run (not root, not installed, no device); the message says why."""


@dataclass
class Outcome:
    """What one lava-run gave."""
    rc: int
    seconds: float
    entries: list = field(default_factory=list)  # the log: one {dt, lvl, msg} per line
    other: list = field(default_factory=list)  # stderr lines that were not log entries
    results: list = field(default_factory=list)  # the msg of every `results` entry
    transcript: Transcript = None  # the `target` lines

    @property
    def job(self):
        """LAVA's own result for the job (lava/job): its msg, or None if it recorded none."""
        return next((r for r in self.results if r.get("definition") == "lava" and r.get("case") == "job"), None)

    def cases(self):
        """The monitor's test cases, in order."""
        return [r for r in self.results if r.get("definition") == lava.MONITOR]


def _loader(yaml):
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def run(job_path, device_path, outdir, job_id, timeout):
    """Run the job; write output.yaml, results.yaml and lava-run's own files into outdir."""
    yaml = debian_import("yaml")
    if yaml is None:
        raise RunError("reading LAVA's log needs python3-yaml")
    if os.geteuid() != 0:
        raise RunError("lava-run only runs as root")
    exe = shutil.which(LAVA_RUN)
    if exe is None:
        raise RunError("no %s (%s)" % (LAVA_RUN, INSTALL_HINT))
    if not os.path.isfile(device_path):
        raise RunError("no device YAML at %s" % device_path)
    os.makedirs(outdir, exist_ok=True)
    cmd = [exe, "--job-id", job_id, "--output-dir", os.path.abspath(outdir), "--device", device_path, job_path]
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, start_new_session=True)
    except subprocess.TimeoutExpired as e:
        raise RunError("lava-run did not finish within %d s (the job's own timeout plus a minute)" % e.timeout)
    out = Outcome(p.returncode, time.monotonic() - t0)
    log = []
    for line in (p.stderr + p.stdout).decode("utf-8", "replace").splitlines():
        try:
            entry = yaml.load(line, Loader=_loader(yaml)) if line.startswith("{") else None
        except yaml.YAMLError:
            entry = None
        if isinstance(entry, dict) and "lvl" in entry:
            out.entries.append(entry)
            log.append("- " + line)
        elif line.strip():
            out.other.append(line)
    with open(os.path.join(outdir, "output.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(log) + "\n")
    out.results = [e["msg"] for e in out.entries if e["lvl"] == "results" and isinstance(e["msg"], dict)]
    with open(os.path.join(outdir, "results.yaml"), "w", encoding="utf-8") as f:
        f.write(yaml.safe_dump(out.results, default_flow_style=False, sort_keys=False))
    if out.other:
        with open(os.path.join(outdir, "lava-run.stderr"), "w", encoding="utf-8") as f:
            f.write("\n".join(out.other) + "\n")
    # The device's lines, as ShellLogger logged them (it escapes '"' as '\"'; undone here).
    target = [str(e["msg"]).replace('\\"', '"') for e in out.entries if e["lvl"] == "target"]
    out.transcript = Transcript.parse("\n".join(target) + "\n")
    return out


def expected_cases(t):
    """[(test_case_id, LAVA result)] the monitor must record from transcript t: its result lines and error
    lines after the start line, in order (nothing follows a valid end line)."""
    if t.start_line is None:
        return []
    rows = [(r.line, r.id, lava.FIXUP[r.status]) for r in t.results]
    rows += [(n, "error", lava.FIXUP["error"]) for n in t.error_lines]
    return [(i, res) for n, i, res in sorted(rows) if n > t.start_line]


def case_name(test_case_id):
    """The case name LAVA's monitor makes of an id."""
    return re.sub(r"\W+", "_", test_case_id.strip().lower())


def compare(out):
    """Problems (empty: LAVA recorded exactly what the transcript it logged says)."""
    t = out.transcript
    problems = []
    want = expected_cases(t)
    got = [((r.get("extra") or {}).get("test_case_id"), r.get("result")) for r in out.cases()]
    if got != want:
        problems.append("LAVA recorded %d %s test cases, the transcript has %d result/error lines"
                        % (len(got), lava.MONITOR, len(want)))
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                problems.append("  the %d. one: LAVA %s %s, transcript %s %s" % (i + 1, g[0], g[1], w[0], w[1]))
                break
        problems += ["  not in LAVA: %s %s" % w for w in want[len(got):][:3]]
        problems += ["  only in LAVA: %s %s" % g for g in got[len(want):][:3]]
    names = {}
    for r in out.cases():
        i = (r.get("extra") or {}).get("test_case_id")
        if r.get("case") != case_name(i or ""):
            problems.append("LAVA named test case %r %r, expected %r" % (i, r.get("case"), case_name(i or "")))
        if names.setdefault(r.get("case"), i) != i:
            problems.append("ids %s and %s are one LAVA test case, %s" % (names[r.get("case")], i, r.get("case")))
    job = out.job
    want_job = "pass" if t.start_line is not None and t.end is not None else "fail"
    if job is None:
        problems.append("LAVA recorded no result for the job (lava/job)")
    elif job.get("result") != want_job:
        problems.append("LAVA's job result is %s, but the transcript %s, which calls for %s%s"
                        % (job.get("result"), "reached its end line" if want_job == "pass" else
                           "has no start line" if t.start_line is None else "stops before its end line", want_job,
                           " (LAVA: %s)" % job.get("error_msg") if job.get("error_msg") else ""))
    return problems


def summary(out):
    """Lines that say what LAVA recorded and what the transcript says, counted."""
    t = out.transcript
    cases = out.cases()
    count = lambda rows, key: {w: sum(1 for r in rows if key(r) == w) for w in ("pass", "fail", "skip")}  # noqa
    c = count(cases, lambda r: r.get("result"))
    job = out.job or {}
    lines = ["LAVA: job %s%s; %d %s test cases: %d pass, %d fail, %d skip" % (
        job.get("result", "(none)"), " (%s: %s)" % (job.get("error_type"), job.get("error_msg"))
        if job.get("error_msg") else "", len(cases), lava.MONITOR, c["pass"], c["fail"], c["skip"])]
    r = count(t.results, lambda x: x.status.lower())
    s = t.summary
    lines.append("transcript (LAVA's target lines): %d result lines: %d PASS, %d FAIL, %d SKIP; %d error lines; %s; "
                 "end %s" % (len(t.results), r["pass"], r["fail"], r["skip"], len(t.errors),
                             "SUMMARY: %d tests, %d failed, %d skipped" % (s.tests, s.failed, s.skipped) if s
                             else "no SUMMARY line", t.end or "(none)"))
    return lines


def server_device(doc, templates):
    """The device configuration a LAVA server renders for the job: lava-server's `qemu` device type
    (qemu.jinja2 in `templates`, its device-types directory) with the job's context, by Debian's jinja2.
    For checking the device YAMLs lava-run is given against what a lab would hand its dispatcher."""
    jinja2, yaml = debian_import("jinja2"), debian_import("yaml")
    if jinja2 is None or yaml is None:
        raise RunError("rendering a device type needs python3-jinja2 and python3-yaml")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), trim_blocks=True, autoescape=False)
    text = env.from_string("{% extends 'qemu.jinja2' %}").render(**doc["context"])
    return yaml.safe_load(text)
