# SPDX-License-Identifier: MIT
# Boot through U-Boot: QEMU runs Debian's qemu_arm64 u-boot.bin as -bios with the image preloaded in RAM, and the runner types booti at U-Boot's prompt.
"""Drive U-Boot over the serial line up to `booti`.

QEMU starts U-Boot (`-bios`) at EL2 (virtualization=on, no EL3), with the
hyptest image already in RAM at IMAGE_ADDR (`-device loader`). The runner
stops the autoboot countdown, sets `bootargs` (U-Boot writes them into the
DT's /chosen) and types `booti IMAGE_ADDR - ${fdtcontroladdr}`: the image is
entered the way U-Boot enters a Linux arm64 kernel, with x0 = the DT U-Boot
got from QEMU. Everything after U-Boot's "Starting kernel ..." line is the
image's transcript. Every wait has a timeout; U-Boot that never shows its
prompt, or a booti that fails, ends the boot with one error.
"""
import os
import re
import selectors
import time

DEFAULT_BIN = "/usr/lib/u-boot/qemu_arm64/u-boot.bin"  # Debian's u-boot-qemu
# U-Boot's kernel_addr_r on qemu_arm64; 2 MiB aligned, so booti runs the image
# (text_offset 0) where it lies instead of moving it.
IMAGE_ADDR = 0x40400000
STEP_TIMEOUT = 20.0  # seconds for each thing U-Boot must print
# U-Boot's console line is CONFIG_SYS_CBSIZE (512) long: Debian's qemu_arm64
# build takes a 512-character line and ignores a 513-character one without a
# new prompt, so a longer command is refused here instead.
MAX_LINE = 511

AUTOBOOT = re.compile(rb"Hit any key to stop autoboot")
PROMPT = re.compile(rb"(^|\n)=> $")  # the prompt: a line of its own, nothing after it yet
# booti's last words are "\nStarting kernel ...%s\n\n" (the format string in Debian's u-boot.bin): the blank
# line is U-Boot's too. Waiting for it keeps it out of the transcript even when it arrives in a later read,
# so the image's first line (TAP mode: "TAP version 13") is the first line a reader of the transcript sees.
STARTING = re.compile(rb"Starting kernel \.\.\.\r?\n\r?\n")


class UBootError(Exception):
    """U-Boot did not get the image started; the message says at which step."""


def commands(append):
    """What is typed at U-Boot's prompt to boot the image with kernel command line `append`."""
    if "'" in append:
        raise UBootError("bootargs with a single quote cannot be given to U-Boot's setenv: %r" % append)
    cmds = ["setenv bootargs '%s'" % append, "booti 0x%x - ${fdtcontroladdr}" % IMAGE_ADDR]
    for c in cmds:
        if len(c) > MAX_LINE:
            raise UBootError("bootargs too long for U-Boot's command line (%d characters, at most %d)"
                             % (len(c), MAX_LINE))
    return cmds


class Conversation:
    """Called by boot.run() once QEMU runs: types the commands, returns the image's first bytes."""

    def __init__(self, append, on_line=None, step_timeout=None):
        self.cmds = commands(append)
        self.on_line = on_line  # gets U-Boot's own lines, for the user
        self.step_timeout = step_timeout or STEP_TIMEOUT
        self.buf = b""
        self.partial = b""  # the start of a line of U-Boot's not yet passed to on_line

    def _show(self, text, final=False):
        """Pass U-Boot's complete lines in text to on_line (all of it if final)."""
        lines = (self.partial + text).replace(b"\r", b"").split(b"\n")
        self.partial = b"" if final else lines.pop()
        for raw in lines:
            if raw.strip() and self.on_line:
                self.on_line(raw.decode("utf-8", "replace"))

    def _expect(self, proc, deadline, what, *patterns):
        """Read until one of `patterns` (compiled regexes) matches buf: (its index, the match's end).
        UBootError on timeout or end of output."""
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout.fileno(), selectors.EVENT_READ)
        limit = time.monotonic() + self.step_timeout
        if deadline is not None:
            limit = min(limit, deadline)
        try:
            while True:
                for i, p in enumerate(patterns):
                    m = p.search(self.buf)
                    if m:
                        return i, m.end()
                left = limit - time.monotonic()
                if left <= 0:
                    raise UBootError("U-Boot did not %s within %g s" % (what, self.step_timeout))
                if not sel.select(min(left, 0.2)):
                    continue
                data = os.read(proc.stdout.fileno(), 65536)
                if not data:
                    raise UBootError("QEMU exited before U-Boot could %s" % what)
                self.buf += data
        finally:
            sel.close()

    def _type(self, proc, line):
        proc.stdin.write(line.encode() + b"\n")
        proc.stdin.flush()

    def _consume(self, end, final=False):
        """What U-Boot printed up to end is dealt with: show it, drop it."""
        self._show(self.buf[:end], final)
        self.buf = self.buf[end:]

    def __call__(self, proc, deadline):
        """Returns the output that follows "Starting kernel ...": the start of the image's transcript."""
        try:
            return self._dialogue(proc, deadline)
        except UBootError:
            self._consume(len(self.buf), final=True)  # what U-Boot did print says where it stopped
            raise

    def _dialogue(self, proc, deadline):
        i, end = self._expect(proc, deadline, "show its prompt or autoboot countdown", AUTOBOOT, PROMPT)
        self._consume(end)
        if i == 0:
            self._type(proc, "")  # any key stops the countdown
            _, end = self._expect(proc, deadline, "show its prompt after the countdown was stopped", PROMPT)
            self._consume(end)
        setenv, booti = self.cmds
        self._type(proc, setenv)
        _, end = self._expect(proc, deadline, "take the bootargs", PROMPT)
        self._consume(end)
        self._type(proc, booti)
        i, end = self._expect(proc, deadline, "start the image with booti", STARTING, PROMPT)
        if i == 1:
            lines = [l for l in self.buf[:end].decode("utf-8", "replace").replace("\r", "").split("\n")
                     if l.strip() and not l.startswith("=>")]
            self._consume(end, final=True)
            raise UBootError("U-Boot's booti failed: %s" % (lines[-1] if lines else "no message"))
        self._consume(end, final=True)
        return self.buf
