# SPDX-License-Identifier: MIT
# Boots one QEMU process: streams its serial output line by line into a parser, enforces the timeout, kills its process group.
import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass, field

from .transcript import Transcript


@dataclass
class Boot:
    """What one QEMU run gave."""
    cmd: list
    transcript: Transcript = field(default_factory=Transcript)
    rc: int | None = None  # QEMU's exit code (negative: killed by that signal)
    timed_out: bool = False
    interrupted: bool = False  # stopped by the caller (Ctrl-C)
    launch_error: str | None = None  # QEMU could not be started
    console_error: str | None = None  # the firmware conversation (e.g. U-Boot) failed; QEMU was stopped
    duration: float = 0.0


def kill_group(proc):
    """Kill QEMU and everything it started: it runs in a session of its own."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(cmd, timeout=None, on_line=None, stderr=None, on_spawn=None, should_stop=None, converse=None):
    """Run `cmd`, feeding its stdout to a Transcript and to `on_line(line)` as lines arrive.

    timeout: seconds (None or 0: none). stderr: where QEMU's own messages go
    (None: inherited). on_spawn(proc): called once QEMU runs, so a caller can
    kill it. should_stop(): polled; True stops the boot as interrupted.
    converse(proc, deadline): talks to the firmware on QEMU's stdin/stdout
    before the image runs (uboot.Conversation) and returns the output that
    belongs to the image; an exception from it ends the boot as console_error.
    A KeyboardInterrupt kills QEMU's process group before it propagates.
    """
    boot = Boot(cmd=list(cmd))
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if converse else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=stderr, start_new_session=True)
    except OSError as e:
        boot.launch_error = "cannot run %s: %s" % (cmd[0], e.strerror or e)
        return boot
    if on_spawn:
        on_spawn(proc)
    parser = boot.transcript
    partial = b""

    def take(data, final=False):
        nonlocal partial
        partial += data
        lines = partial.split(b"\n")
        partial = b"" if final else lines.pop()
        for raw in lines:
            if final and not raw:
                continue
            parser.feed(raw + b"\n")
            if on_line:
                on_line(parser.lines[-1])

    fd = proc.stdout.fileno()
    sel = selectors.DefaultSelector()
    sel.register(fd, selectors.EVENT_READ)
    deadline = t0 + timeout if timeout else None
    try:
        if converse:
            try:
                take(converse(proc, deadline))
            except Exception as e:  # the conversation's own error (uboot.UBootError) or a broken pipe
                boot.console_error = str(e) or type(e).__name__
        while not boot.console_error:
            wait = 0.2
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    boot.timed_out = True
                    break
                wait = min(wait, left)
            if should_stop and should_stop():
                boot.interrupted = True
                break
            if not sel.select(wait):
                continue
            data = os.read(fd, 65536)
            if not data:
                break
            take(data)
        if boot.timed_out or boot.interrupted or boot.console_error:
            kill_group(proc)
        # Whatever is still in the pipe (QEMU has exited or been killed), within reason.
        drain_until = time.monotonic() + 1.0
        while time.monotonic() < drain_until and sel.select(max(0.0, drain_until - time.monotonic())):
            data = os.read(fd, 65536)
            if not data:
                break
            take(data)
        take(b"", final=True)
        try:
            boot.rc = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            boot.rc = proc.wait()
    except BaseException:
        kill_group(proc)
        proc.wait()
        raise
    finally:
        sel.close()
        proc.stdout.close()
        if proc.stdin:
            proc.stdin.close()
        boot.transcript.close()
        boot.duration = time.monotonic() - t0
    return boot


STATUS_OUTCOME = {0: "pass", 1: "fail", 77: "skip"}


@dataclass
class Judgement:
    """What the runner makes of one boot."""
    code: int  # the runner's exit status: 0/1/77 from the image, 2, 124, 130
    outcome: str  # pass, fail, skip, timeout, interrupted
    problems: list  # messages for the user, each printed after "hyptest: "
    verdict: object  # the transcript's Verdict


def fmt_seconds(s):
    return "%g" % s


def judge(boot, expect=None, semihost=True, timeout=None):
    """Decide a boot: the image's status only counts if the transcript is valid and QEMU agrees."""
    t = boot.transcript
    v = t.verdict(expect)
    if boot.launch_error:
        return Judgement(2, "fail", [boot.launch_error], v)
    if boot.console_error:
        return Judgement(1, "fail", [boot.console_error], v)
    if boot.interrupted:
        return Judgement(130, "interrupted", ["interrupted"], v)
    if boot.timed_out:
        return Judgement(124, "timeout", ["timeout after %s s" % fmt_seconds(timeout or boot.duration)], v)
    if not v.valid:
        problems = ["protocol: %s" % x for x in v.violations]
        if t.end is None and not (t.errors and not t.start):
            problems.append("qemu exited with %d before the end line" % boot.rc)
        return Judgement(1, "fail", problems, v)
    if boot.rc is not None and boot.rc < 0:
        return Judgement(1, "fail", ["qemu was killed by signal %d" % -boot.rc], v)
    if semihost and boot.rc != v.status:
        return Judgement(1, "fail", ["qemu exit code %d does not match the image's status %d (exit=semihost was "
                                     "asked for, so they must be equal)" % (boot.rc, v.status)], v)
    if not semihost and boot.rc not in (0, v.status):
        return Judgement(1, "fail", ["qemu exited with %d, the image's status is %d" % (boot.rc, v.status)], v)
    return Judgement(v.status, STATUS_OUTCOME.get(v.status, "fail"), [], v)
