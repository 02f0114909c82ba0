# SPDX-License-Identifier: MIT
# Runs the host test binaries and the runner's unittests, counts their results, and prints "host: N passed, M failed" last.
"""Usage: run_host.py --top DIR --dtb-dir DIR BINARY...

Each cmocka binary's own summary lines ("[  PASSED  ] N test(s).",
"[  FAILED  ] N test(s)") are counted; a binary that dies before its summary,
or exits non-zero without reporting a failure (a sanitizer report at exit,
say), counts as failed. Then `python3 -m unittest discover -s tests/runner -t .`
runs from the top directory when tests/runner holds test files; its
"Ran N tests" and "OK"/"FAILED (...)" lines are counted the same way.
Exits 1 if anything failed.
"""
import argparse
import os
import re
import subprocess
import sys

CM_RUNNING = re.compile(r"\[==========\].*?Running (\d+) test\(s\)")
CM_DONE = re.compile(r"\[==========\].*?(\d+) test\(s\) run\.")
CM_PASSED = re.compile(r"\[  PASSED  \] (\d+) test\(s\)")
CM_FAILED = re.compile(r"\[  FAILED  \] (\d+) test\(s\)")
CM_SKIPPED = re.compile(r"\[  SKIPPED \] (\d+) test\(s\)")
CM_OK_LINE = re.compile(r"\[       OK \] ")
UT_RAN = re.compile(r"^Ran (\d+) tests? in ")
UT_RESULT = re.compile(r"^(OK|FAILED|NO TESTS RAN)\b(?: \((.*)\))?\s*$")

BINARY_TIMEOUT = 300
UNITTEST_TIMEOUT = 1800


def stream(cmd, cwd, env, timeout):
    """Run cmd with stdout and stderr merged, echoing every line; returns (rc, lines, note)."""
    lines = []
    try:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as e:
        return None, lines, "cannot run: %s" % e
    try:
        for raw in p.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            print(line, flush=True)
            lines.append(line)
        rc = p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return None, lines, "timed out after %d s" % timeout
    return rc, lines, None


def describe_rc(rc):
    if rc is None:
        return "did not finish"
    if rc < 0:
        try:
            import signal
            return "killed by %s" % signal.Signals(-rc).name
        except ValueError:
            return "killed by signal %d" % -rc
    return "exit status %d" % rc


def run_cmocka(path, env):
    """Returns (passed, failed, problem)."""
    name = os.path.basename(path)
    print("=== %s" % name, flush=True)
    if not os.access(path, os.X_OK):
        return 0, 1, "%s: not built" % name
    rc, lines, note = stream([path], None, env, BINARY_TIMEOUT)
    running = done = passed = failed = skipped = ok_lines = 0
    for line in lines:
        for rx, add in ((CM_RUNNING, "running"), (CM_DONE, "done"), (CM_PASSED, "passed"),
                        (CM_FAILED, "failed"), (CM_SKIPPED, "skipped")):
            m = rx.search(line)
            if m:
                n = int(m.group(1))
                if add == "running":
                    running += n
                elif add == "done":
                    done += n
                elif add == "passed":
                    passed += n
                elif add == "failed":
                    failed += n
                else:
                    skipped += n
                break
        if CM_OK_LINE.search(line):
            ok_lines += 1
    problem = None
    if note or rc is None or rc < 0 or running == 0 or done < running:
        # Died (or hung) before its summary: what passed so far counts, the rest failed.
        passed = ok_lines
        failed = max(1, running - ok_lines)
        problem = "%s: %s before finishing its tests (%s)" % (name, note or "stopped",
                                                           describe_rc(rc))
    elif rc != 0 and failed == 0:
        failed = 1
        problem = "%s: all tests passed but it exited with %s" % (name, describe_rc(rc))
    print("--- %s: %d passed, %d failed%s" % (name, passed, failed,
                                              ", %d skipped" % skipped if skipped else ""),
          flush=True)
    return passed, failed, problem


def run_unittest(top):
    """Returns (passed, failed, problem), or None when there is nothing to run."""
    rdir = os.path.join(top, "tests", "runner")
    if not os.path.isdir(rdir):
        print("=== runner tests: tests/runner is absent, skipped", flush=True)
        return None
    has_tests = any(f.startswith("test") and f.endswith(".py")
                    for _, _, files in os.walk(rdir) for f in files)
    if not has_tests:
        print("=== runner tests: no test*.py under tests/runner yet, skipped", flush=True)
        return None
    print("=== runner tests: python3 -m unittest discover -s tests/runner -t .", flush=True)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    rc, lines, note = stream([sys.executable, "-m", "unittest", "discover", "-s", "tests/runner",
                              "-t", "."], top, env, UNITTEST_TIMEOUT)
    ran = None
    counts = {}
    verdict = None
    for line in lines:
        m = UT_RAN.match(line)
        if m:
            ran = int(m.group(1))
            continue
        m = UT_RESULT.match(line)
        if m and ran is not None:
            verdict = m.group(1)
            for kv in (m.group(2) or "").split(","):
                k, _, v = kv.strip().partition("=")
                if v.isdigit():
                    counts[k] = int(v)
    failed = counts.get("failures", 0) + counts.get("errors", 0) + \
        counts.get("unexpected successes", 0)
    skipped = counts.get("skipped", 0)
    problem = None
    if note or ran is None or verdict is None:
        passed, failed = 0, max(1, failed)
        problem = "runner tests: %s without a unittest summary (%s)" % (
            note or "stopped", describe_rc(rc))
        if any("Start directory is not importable" in line for line in lines):
            problem += "; with -t . the start directory must be a package: tests/runner/__init__.py is missing"
    else:
        passed = max(0, ran - failed - skipped)
        if rc != 0 and failed == 0 and verdict != "NO TESTS RAN":
            failed = 1
            problem = "runner tests: unittest said %s but exited with %s" % (verdict,
                                                                            describe_rc(rc))
    print("--- runner tests: %d passed, %d failed%s" % (
        passed, failed, ", %d skipped" % skipped if skipped else ""), flush=True)
    return passed, failed, problem


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", required=True, help="the repository's top directory")
    ap.add_argument("--dtb-dir", required=True, help="where the test DTBs are")
    ap.add_argument("binaries", nargs="*")
    a = ap.parse_args()

    env = dict(os.environ)
    env["DTB_DIR"] = os.path.abspath(a.dtb_dir)
    env["CMOCKA_MESSAGE_OUTPUT"] = "STDOUT"
    env.pop("CMOCKA_XML_FILE", None)
    # The code under test allocates nothing; a failed assertion leaks the test's own buffers.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")

    total_pass = total_fail = 0
    problems = []
    for b in a.binaries:
        p, f, problem = run_cmocka(os.path.abspath(b), env)
        total_pass += p
        total_fail += f
        if problem:
            problems.append(problem)
    r = run_unittest(os.path.abspath(a.top))
    if r:
        total_pass += r[0]
        total_fail += r[1]
        if r[2]:
            problems.append(r[2])
    for p in problems:
        print("error: %s" % p, flush=True)
    print("host: %d passed, %d failed" % (total_pass, total_fail), flush=True)
    return 1 if total_fail else 0


if __name__ == "__main__":
    sys.exit(main())
