# SPDX-License-Identifier: MIT
# Tests of the hyptest runner's command line (tools/hyptest) against fake QEMU scripts that print canned transcripts.
import contextlib
import io
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools")
sys.path.insert(0, TOOLS)

from hyptestlib import cli, qemu  # noqa: E402
from hyptestlib.loop import loop_seed, matrix  # noqa: E402

HYPTEST = os.path.join(TOOLS, "hyptest")

# A stand-in for qemu-system-aarch64: reads -append, -smp and -M like the real
# image would from its DT, prints a transcript, and exits with the status the
# image would give through semihosting. MODE picks the behaviour.
FAKE_QEMU = r'''#!{python}
import json, os, re, sys, time
MODE = {mode!r}
LOG = {log!r}
argv = sys.argv[1:]
def opt(name, default=None):
    return argv[argv.index(name) + 1] if name in argv else default
if LOG:
    with open(os.path.join(LOG, "argv-%d.json" % os.getpid()), "w") as f:
        json.dump(argv, f)
args = dict(t.split("=", 1) for t in opt("-append", "").split() if "=" in t)
seed = int(args.get("seed", "0x5eed"), 16)
cpus = int(opt("-smp", "1"))
# The image file may name the arch ("arch=NAME" on its first line), so a loop can mix arches.
with open(opt("-kernel"), "rb") as f:
    data = f.read()
arch = data[5:data.index(b"\n")].decode() if data.startswith(b"arch=") else "arm64"
el = 3 if "secure=on" in opt("-M", "") else 2 if "virtualization=on" in opt("-M", "") else 1
tap = args.get("format") == "tap"
pa = 0x40200000
cls, va = [("identical", pa), ("disjoint", 0x10000000000), ("shared-L0", 0x100000000),
           ("shared-L1", pa + 0x600000), ("shared-L2", pa + 0x80000), ("overlap", pa + 0x10000)][seed % 6]
eol = "\r\n" if MODE == "crlf" else "\n"
hide = "# " if tap else ""
def say(line):
    sys.stdout.write(line + eol)
    sys.stdout.flush()
def end(status, word, summary):
    say(hide + summary)
    say(hide + "EXIT: STATUS=%d" % status)
    say(hide + "hyptest: end " + word)
    sys.exit(0 if MODE == "psci" else 3 if MODE == "mismatch" else status)
print("qemu-system-aarch64: fake warning on stderr", file=sys.stderr)
if tap:
    say("TAP version 13")
if MODE == "error":
    say(("Bail out! " if tap else "") + "hyptest: error: unknown bootarg 'tset'")
    sys.exit(1)
say(hide + "hyptest: head: el2 bss reloc tables mmu ok")
say(hide + "hyptest: start arch=%s platform=qemu-virt el=%d cpus=%d seed=0x%x pa=0x%x va=0x%x class=%s "
    "size=0x2a000" % (arch, el, cpus, seed, pa, va, cls))
plugin = opt("-plugin")
if plugin and MODE != "seqsilent":  # the sequence checker: its lines go to out=; a report in MODE seqreport
    seq_out = dict(t.split("=", 1) for t in plugin.split(",")[1:]).get("out")
    with open(seq_out, "w") as f:
        f.write("seqcheck: start target=aarch64 vcpus=%d api=0..1\n" % cpus)
        if MODE == "seqreport":
            f.write("seqcheck: tlbi-no-dsb at 0x%x cpu 0: TLBI VAE2IS, then a load or store at 0x%x (a TLBI "
                    "is complete only after a DSB)\n" % (va + 0x100, va + 0x108))
        f.write("seqcheck: end reports=%d\n" % (MODE == "seqreport"))
if args.get("tests") == "list":
    for t in ("boot.el2", "mm.pmap", "smp.two", "framework.hang (negative control)"):
        say("hyptest: test " + t)
    end(77, "SKIP", "SUMMARY: 0 tests")
if el == 1:
    say("SKIP: boot.el2: entered at EL1")
    end(77, "SKIP", "SUMMARY: 1 tests, 1 skipped")
results = [("PASS", "boot.el2", ""), ("PASS", "mm.pmap", "")]
if MODE == "fail-odd" and seed % 2:
    results[1] = ("FAIL", "mm.pmap", "slot 3 still mapped")
results.append(("PASS", "smp.two", "") if cpus > 1 else ("SKIP", "smp.two", "needs 2 CPUs"))
if MODE == "dup":
    results.append(("PASS", "boot.el2", ""))
if MODE == "flaky":  # the first boot of each seed fails, a second one passes
    mark = os.path.join(LOG, "seen-%x" % seed)
    if not os.path.exists(mark):
        open(mark, "w").close()
        results[1] = ("FAIL", "mm.pmap", "slot 3 still mapped")
if MODE == "dump":  # a crash: the dump lines the test wrote (@0x.. is an offset from va), then the FAIL
    with open(os.path.join(LOG, "dump.txt")) as f:
        for line in f.read().splitlines():
            say(re.sub(r"@(0x[0-9a-f]+)", lambda m: "0x%x" % (va + int(m.group(1), 16)), line))
    results[0] = ("FAIL", "boot.el2", "unexpected exception ec=0x25")
if tap:
    say("1..%d" % len(results))
for n, (status, tid, why) in enumerate(results, 1):
    if tap:
        say(("not ok %d - %s" if status == "FAIL" else "ok %d - %s") % (n, tid) +
            (" # SKIP " + why if status == "SKIP" else ""))
    else:
        say("%s: %s" % (status, tid) + (": " + why if why else ""))
    if MODE == "noend":
        sys.exit(0)
failed = sum(s == "FAIL" for s, _, _ in results)
skipped = sum(s == "SKIP" for s, _, _ in results)
summary = "SUMMARY: %d tests" % len(results) + (", %d failed" % failed if failed else "") + \
    (", %d skipped" % skipped if skipped else "")
status = 1 if failed else 77 if skipped == len(results) else 0
end(status, {{0: "PASS", 1: "FAIL", 77: "SKIP"}}[status], summary)
'''

# Prints the start line, then hangs in a child that holds stdout open: only
# killing the whole process group ends it. Records the child's pid.
HANG_QEMU = r'''#!/bin/sh
echo "hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=0x1 pa=0x40200000 va=0x40200000 class=identical size=0x2a000"
echo "hyptest: head: tables mmu"
sleep 1000 &
echo $! > "{log}/sleep-$$.pid"
wait
'''


def alive(pid):
    """True if pid runs (a zombie waiting for a reaper does not count)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Fixture(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="hyptest-runner-")
        self.dir = self.tmp.name
        self.image = os.path.join(self.dir, "hyptest.bin")
        with open(self.image, "wb") as f:
            f.write(b"\0" * 64)
        self.log = os.path.join(self.dir, "log")
        os.mkdir(self.log)
        self.cwd = os.getcwd()

    def tearDown(self):
        os.chdir(self.cwd)
        self.tmp.cleanup()

    def fake(self, mode="pass"):
        path = os.path.join(self.dir, "qemu-" + mode)
        text = HANG_QEMU.format(log=self.log) if mode == "hang" else \
            FAKE_QEMU.format(python=sys.executable, mode=mode, log=self.log)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)
        return path

    def main(self, *argv):
        """cli.main in this process; returns (status, stdout, stderr). What QEMU
        writes to the stderr it inherits (file descriptor 2) goes to self.qemu_stderr."""
        out, err = io.StringIO(), io.StringIO()
        with tempfile.TemporaryFile() as fd2, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            saved = os.dup(2)
            os.dup2(fd2.fileno(), 2)
            try:
                status = cli.main(list(argv))
            except SystemExit as e:
                status = e.code
            finally:
                os.dup2(saved, 2)
                os.close(saved)
            fd2.seek(0)
            self.qemu_stderr = fd2.read().decode()
        return status, out.getvalue(), err.getvalue()

    def pids(self):
        found = []
        for name in os.listdir(self.log):
            if name.startswith("sleep-"):
                with open(os.path.join(self.log, name)) as f:
                    found.append(int(f.read()))
        return found

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def run_fake(self, mode, *argv):
        return self.main("run", "--image", self.image, "--qemu", self.fake(mode), *argv)

    def argvs(self):
        found = []
        for name in sorted(os.listdir(self.log)):
            if name.startswith("argv-"):
                with open(os.path.join(self.log, name)) as f:
                    found.append(json.load(f))
        return found


class CommandLine(unittest.TestCase):
    def test_default_command(self):
        append = qemu.bootargs()
        self.assertEqual(append, "exit=semihost")
        cmd = qemu.command("arm64", "img.bin", append)
        self.assertEqual(shlex.join(cmd),
                         "qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 1 -m 1G "
                         "-nographic -nic none -monitor none -serial stdio "
                         "-semihosting-config enable=on,target=native -kernel img.bin -append exit=semihost")

    def test_bootargs_composition(self):
        self.assertEqual(qemu.bootargs(seed=0x1234, tests="boot.*,mm.pmap", fmt="tap", extra="class=overlap pa=0x0"),
                         "exit=semihost seed=0x1234 tests=boot.*,mm.pmap format=tap class=overlap pa=0x0")
        self.assertEqual(qemu.bootargs(seed=0, fmt="text"), "exit=semihost seed=0x0")
        self.assertTrue(qemu.semihost_exit("exit=semihost seed=0x1"))
        self.assertFalse(qemu.semihost_exit("exit=semihost exit=psci"))

    def test_symbols_beside_each_image(self):
        # hyptest-el3.elf (booted with or without --el3) has none of the payload's symbols: hyptest.elf does.
        self.assertEqual(qemu.elf_for("b/hyptest.bin"), "b/hyptest.elf")
        self.assertEqual(qemu.elf_for("b/hyptest-el3.elf"), os.path.join("b", "hyptest.elf"))
        self.assertEqual(qemu.elf_for("b/hyptest.elf"), "b/hyptest.elf")
        self.assertEqual(qemu.elf_for("b/other.elf"), "b/other.elf")

    def test_options(self):
        cmd = qemu.command("arm64", "i", "x", qemu="/opt/q", cpus=4, mem="3G", cpu_model="cortex-a57")
        self.assertEqual(cmd[:9], ["/opt/q", "-M", "virt,virtualization=on,gic-version=3", "-cpu", "cortex-a57",
                                   "-smp", "4", "-m", "3G"])

    def test_el1_drops_virtualization(self):
        cmd = qemu.command("arm64", "i", "x", el1=True)
        self.assertEqual(cmd[cmd.index("-M") + 1], "virt,gic-version=3")

    def test_el3_adds_secure_on(self):
        cmd = qemu.command("arm64", "i.elf", "x", el3=True)
        self.assertEqual(cmd[cmd.index("-M") + 1], "virt,secure=on,virtualization=on,gic-version=3")
        self.assertEqual(qemu.el3_image_for("arm64", "qemu-virt", "/x/hyptest.bin"), "/x/hyptest-el3.elf")
        self.assertEqual(qemu.el3_image_for("arm64", "qemu-virt", "/x/other.elf"), "/x/other.elf")
        self.assertEqual(qemu.el3_image_for("arm64", "qemu-virt", root="/r"),
                         "/r/build/arm64-qemu-virt/hyptest-el3.elf")

    def test_gic_replaces_the_arch_default(self):
        """--gic N is virt's gic-version=N in place of the arch's own (arm64's 3; arm32 has none: QEMU's v2)."""
        machine = lambda *a, **k: (lambda c: c[c.index("-M") + 1])(qemu.command(*a, **k))  # noqa: E731
        self.assertEqual(machine("arm64", "i", "x", gic="2"), "virt,virtualization=on,gic-version=2")
        self.assertEqual(machine("arm64", "i", "x", gic="max", el3=True),
                         "virt,secure=on,virtualization=on,gic-version=max")
        self.assertEqual(machine("arm32", "i", "x"), "virt,virtualization=on,highmem=off")
        self.assertEqual(machine("arm32", "i", "x", gic="3"), "virt,virtualization=on,highmem=off,gic-version=3")
        self.assertIsNone(qemu.gic_problem("qemu-virt", "2"))
        self.assertIsNone(qemu.gic_problem("rpi3", None))
        self.assertIn("has no GIC", qemu.gic_problem("rpi3", "3"))

    def test_gdb(self):
        cmd = qemu.command("arm64", "i", "x", gdb=True)
        self.assertEqual(cmd[-2:], ["-s", "-S"])
        self.assertNotIn("-s", qemu.command("arm64", "i", "x"))
        self.assertEqual(qemu.gdb_hint("arm64", "/x/build/arm64-qemu-virt/hyptest.bin"),
                         "gdb-multiarch /x/build/arm64-qemu-virt/hyptest.elf -ex 'target remote :1234'")

    def test_default_image(self):
        self.assertEqual(qemu.default_image("arm64", "qemu-virt", root="/r"), "/r/build/arm64-qemu-virt/hyptest.bin")


class ArgumentErrors(Fixture):
    def assertUsage(self, *argv):
        status, out, err = self.main(*argv)
        self.assertEqual(status, 2, (argv, out, err))
        self.assertIn("usage", err)
        self.assertNotIn("hyptest: error:", err)  # cannot pass for the image's error line
        return err

    def test_errors(self):
        self.assertUsage()
        self.assertUsage("frobnicate")
        self.assertUsage("run", "--bogus")
        self.assertIn("invalid seed", self.assertUsage("run", "--seed", "banana"))
        self.assertUsage("run", "--seed", "-1")
        self.assertUsage("run", "--cpus", "0")
        self.assertUsage("run", "--mem", "lots")
        self.assertUsage("run", "--format", "xml")
        self.assertUsage("run", "--arch", "riscv")
        self.assertUsage("run", "--timeout", "soon")
        self.assertUsage("run", "--tests", "a b")
        self.assertUsage("loop")  # --seeds is required
        self.assertUsage("loop", "--seeds", "4", "--cpus", "1,,2")
        self.assertUsage("check-transcript")
        self.assertUsage("run", "--el3", "--el1")
        self.assertIn("invalid GIC version '4' (want 2, 3 or max)", self.assertUsage("run", "--gic", "4"))
        self.assertIn("invalid GIC version", self.assertUsage("loop", "--seeds", "2", "--gic", "2,v3"))

    def test_gic_on_a_board_is_one_error(self):
        for argv in (["run", "--platform", "rpi3", "--gic", "2"], ["loop", "--platform", "rpi3", "--seeds", "2",
                                                                    "--gic", "3"]):
            status, out, err = self.main(*argv, "--image", self.image, "--qemu", self.fake())
            self.assertEqual(status, 2)
            self.assertEqual(err.splitlines(), ["hyptest: --gic %s: --platform rpi3 has no GIC (QEMU -M raspi3b: "
                                                "its timers reach the CPUs through the BCM2836 local intc)"
                                                % argv[-1]])
            self.assertEqual(self.argvs(), [])

    def test_help_on_every_command(self):
        for command in ([], ["run"], ["loop"], ["list"], ["check-transcript"], ["lava"], ["fvp-cmd"]):
            status, out, _ = self.main(*command, "--help")
            self.assertEqual(status, 0)
            self.assertIn("usage: hyptest", out)

    def test_missing_image(self):
        status, out, err = self.main("run", "--image", os.path.join(self.dir, "nope.bin"))
        self.assertEqual(status, 2)
        self.assertEqual(len(err.splitlines()), 1)
        self.assertIn("make ARCH=arm64 PLATFORM=qemu-virt", err)

    def test_missing_qemu(self):
        status, out, err = self.main("run", "--image", self.image, "--qemu", os.path.join(self.dir, "no-qemu"))
        self.assertEqual(status, 2)
        self.assertIn("cannot run", err)

    def test_script_itself(self):
        p = subprocess.run([HYPTEST, "run", "--no-such-flag"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        p = subprocess.run([HYPTEST, "run", "--image", self.image, "--qemu", self.fake(), "--seed", "7"],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("hyptest: end PASS", p.stdout)


class Run(Fixture):
    def test_pass_streams_transcript(self):
        status, out, err = self.run_fake("pass", "--seed", "0x1234", "--cpus", "2")
        self.assertEqual(status, 0, err)
        self.assertTrue(out.splitlines()[1].startswith("hyptest: start "))
        self.assertEqual(out.splitlines()[-1], "hyptest: end PASS")
        self.assertIn("hyptest: repro: " + self.fake("pass"), err)
        self.assertIn("fake warning on stderr", self.qemu_stderr)  # QEMU's own messages pass through
        argv = self.argvs()[0]
        self.assertEqual(argv[argv.index("-append") + 1], "exit=semihost seed=0x1234")
        self.assertEqual(argv[argv.index("-smp") + 1], "2")

    def test_run_passes_options_to_qemu(self):
        status, _, err = self.run_fake("pass", "--tests", "boot.*", "--format", "tap", "--append", "pa=0x0",
                                       "--mem", "3g", "--cpu-model", "cortex-a72")
        self.assertEqual(status, 0, err)
        argv = self.argvs()[0]
        self.assertEqual(argv[argv.index("-append") + 1], "exit=semihost tests=boot.* format=tap pa=0x0")
        self.assertEqual(argv[argv.index("-m") + 1], "3G")
        self.assertEqual(argv[argv.index("-cpu") + 1], "cortex-a72")

    def test_gic_reaches_qemu_and_the_repro(self):
        status, _, err = self.run_fake("fail-odd", "--gic", "max")
        self.assertEqual(status, 1)
        argv = self.argvs()[0]
        self.assertEqual(argv[argv.index("-M") + 1], "virt,virtualization=on,gic-version=max")
        self.assertIn("--gic max", err.splitlines()[-1])

    def test_fail_prints_repro_with_the_printed_seed(self):
        status, out, err = self.run_fake("fail-odd", "--cpus", "2")  # the fake picks seed 0x5eed
        self.assertEqual(status, 1)
        self.assertIn("FAIL: mm.pmap: slot 3 still mapped", out)
        self.assertIn("hyptest: repro: ", err.splitlines()[-1])
        self.assertIn("run --image", err.splitlines()[-1])
        self.assertIn("--seed 0x5eed --cpus 2 --mem 1G", err.splitlines()[-1])
        # A seed forced through --append stays there, not given twice.
        status, out, err = self.run_fake("fail-odd", "--append", "seed=0x3")
        self.assertEqual(status, 1)
        self.assertNotIn("--seed", err.splitlines()[-1])
        self.assertIn("--append seed=0x3", err.splitlines()[-1])

    def test_skip(self):
        status, out, _ = self.run_fake("pass", "--el1")
        self.assertEqual(status, 77)
        self.assertIn("hyptest: end SKIP", out)
        self.assertNotIn("virtualization=on", self.argvs()[0][self.argvs()[0].index("-M") + 1])

    def test_tap_and_crlf(self):
        self.assertEqual(self.run_fake("pass", "--format", "tap")[0], 0)
        status, out, err = self.run_fake("crlf")
        self.assertEqual(status, 0, err)
        self.assertNotIn("\r", out)

    def test_protocol_violation(self):
        status, out, err = self.run_fake("dup")
        self.assertEqual(status, 1)
        self.assertIn("hyptest: protocol: ", err)
        self.assertIn("duplicate test id boot.el2", err)

    def test_runner_expectations(self):
        status, _, err = self.run_fake("pass", "--seed", "0x10", "--append", "seed=0x20")
        self.assertEqual(status, 1)
        self.assertIn("seed=0x20, but the runner asked for 0x10", err)

    def test_qemu_died_before_end(self):
        status, out, err = self.run_fake("noend")
        self.assertEqual(status, 1)
        self.assertIn("hyptest: qemu exited with 0 before the end line", err)

    def test_status_from_transcript_cross_checked(self):
        status, _, err = self.run_fake("mismatch")
        self.assertEqual(status, 1)
        self.assertIn("qemu exit code 3 does not match the image's status 0", err)
        # PSCI power-off gives QEMU status 0: only fine when semihosting was not asked for.
        self.assertEqual(self.run_fake("psci", "--append", "exit=psci")[0], 0)
        self.assertEqual(self.run_fake("psci", "--tests", "nope", "--append", "exit=psci")[0], 0)

    def test_error_line(self):
        status, out, err = self.run_fake("error")
        self.assertEqual(status, 1)
        self.assertIn("hyptest: error: unknown bootarg", out)
        self.assertNotIn("protocol", err)

    def test_quiet(self):
        status, out, err = self.run_fake("fail-odd", "--quiet", "--append", "seed=0x1")
        self.assertEqual(status, 1)
        self.assertEqual(out.splitlines(), ["FAIL: mm.pmap: slot 3 still mapped", "SUMMARY: 3 tests, 1 failed, 1 skipped",
                                            "hyptest: end FAIL"])
        self.assertNotIn("-semihosting-config", err)

    def test_timeout_kills_the_process_group(self):
        t0 = time.monotonic()
        status, out, err = self.run_fake("hang", "--timeout", "1")
        self.assertLess(time.monotonic() - t0, 5)
        self.assertEqual(status, 124)
        self.assertIn("hyptest: timeout after 1 s", err)
        self.assertIn("hyptest: head: tables mmu", out)
        self.assertIn("--seed 0x1", err.splitlines()[-1])
        pids = self.pids()
        self.assertEqual(len(pids), 1)
        deadline = time.monotonic() + 2
        while alive(pids[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(alive(pids[0]), "the hung child outlived the timeout")

    def test_gdb(self):
        status, _, err = self.run_fake("pass", "--gdb", "--timeout", "1")
        self.assertEqual(status, 0)
        self.assertIn("target remote :1234", err)
        self.assertEqual(self.argvs()[0][-2:], ["-s", "-S"])


class El3(Fixture):
    def test_el3_boots_the_elf_beside_the_image_with_secure_on(self):
        elf = os.path.join(self.dir, "hyptest-el3.elf")
        with open(elf, "wb") as f:
            f.write(b"\x7fELF")
        status, out, err = self.run_fake("pass", "--el3")
        self.assertEqual(status, 0, err)
        self.assertIn("el=3", out)
        argv = self.argvs()[-1]
        self.assertEqual(argv[argv.index("-kernel") + 1], elf)
        self.assertIn("secure=on", argv[argv.index("-M") + 1])

    def test_el3_without_the_elf(self):
        status, _, err = self.run_fake("pass", "--el3")
        self.assertEqual(status, 2)
        self.assertIn("hyptest-el3.elf", err)


class FvpCmd(Fixture):
    def image_pair(self, platform=b"fvp-base"):
        image = os.path.join(self.dir, "hyptest.bin")
        with open(image, "wb") as f:
            f.write(b"\0" * 64 + b"\0" + platform + b"\0" + b"\0" * 64)
        dts = os.path.join(self.dir, "t.dts")
        with open(dts, "w") as f:
            f.write("/dts-v1/;\n/ { chosen { }; };\n")
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", os.path.join(self.dir, "fvp-base.dtb"), dts],
                       check=True)
        return image

    def test_command(self):
        image = self.image_pair()
        status, out, err = self.main("fvp-cmd", "--image", image)
        self.assertEqual(status, 0, err)
        lines = [l for l in out.splitlines() if not l.startswith("#")]
        self.assertEqual(lines[0], "FVP_Base_RevC-2xAEMvA \\")
        argv = shlex.split(" ".join(l.rstrip("\\") for l in lines))
        self.assertIn("cluster1.cpu3.RVBAR=0x80080000", argv)
        self.assertIn("cluster0.cpu0=%s@0x80080000" % image, argv)
        self.assertIn("cluster0.cpu0=%s@0x82000000" % os.path.join(self.dir, "fvp-base.dtb"), argv)
        self.assertIn("bp.pl011_uart0.shutdown_on_eot=1", argv)
        self.assertEqual(argv.count("-C"), 23)

    def test_elf_and_bootargs(self):
        image = self.image_pair()
        elf = os.path.join(self.dir, "hyptest-el3.elf")
        with open(elf, "wb") as f:
            f.write(b"\x7fELF")
        status, out, err = self.main("fvp-cmd", "--image", image, "--elf", "--append", "seed=0x5 tests=boot.*")
        self.assertEqual(status, 0, err)
        self.assertIn("-a 'cluster1.cpu*=%s'" % elf, out)
        self.assertNotIn("RVBAR", out)
        dtb = os.path.join(self.dir, "fvp-base-bootargs.dtb")
        self.assertIn("%s@0x82000000" % dtb, out)
        got = subprocess.run(["fdtget", dtb, "/chosen", "bootargs"], capture_output=True, text=True).stdout
        self.assertEqual(got.strip(), "seed=0x5 tests=boot.*")

    def test_errors(self):
        image = self.image_pair(platform=b"qemu-virt")
        status, out, err = self.main("fvp-cmd", "--image", image)
        self.assertEqual((status, out), (2, ""))
        self.assertIn("is not a PLATFORM=fvp-base image", err)
        status, out, err = self.main("fvp-cmd", "--image", os.path.join(self.dir, "none.bin"))
        self.assertEqual(status, 2)
        self.assertIn("no image at", err)
        image = self.image_pair()
        os.unlink(os.path.join(self.dir, "fvp-base.dtb"))
        status, out, err = self.main("fvp-cmd", "--image", image)
        self.assertEqual(status, 2)
        self.assertIn("no DT at", err)
        self.assertEqual(len(err.splitlines()), 1)


class List(Fixture):
    def test_list(self):
        status, out, err = self.main("list", "--image", self.image, "--qemu", self.fake())
        self.assertEqual(status, 0, err)
        self.assertEqual(out.splitlines(), ["boot.el2", "mm.pmap", "smp.two", "framework.hang (negative control)"])
        argv = self.argvs()[0]
        self.assertEqual(argv[argv.index("-append") + 1], "exit=semihost tests=list")

    def test_list_failure(self):
        status, out, err = self.main("list", "--image", self.image, "--qemu", self.fake("error"))
        self.assertEqual(status, 1)
        self.assertEqual(out, "")
        self.assertIn("unknown bootarg", err)


class CheckTranscript(Fixture):
    def test_check(self):
        start = ("hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=0x1 pa=0x40200000 va=0x40200000 "
                 "class=identical size=0x1000\n")
        good = self.write("good.log", start + "PASS: a.b\nSUMMARY: 1 tests\nEXIT: STATUS=0\nhyptest: end PASS\n")
        skip = self.write("skip.log", start + "SKIP: a.b: no\nSUMMARY: 1 tests, 1 skipped\nEXIT: STATUS=77\n"
                                              "hyptest: end SKIP\n")
        bad = self.write("bad.log", start + "PASS: a.b\nSUMMARY: 2 tests\nEXIT: STATUS=0\nhyptest: end PASS\n")
        status, out, _ = self.main("check-transcript", good)
        self.assertEqual(status, 0)
        self.assertIn("good.log: PASS", out)
        self.assertEqual(self.main("check-transcript", skip)[0], 77)
        self.assertEqual(self.main("check-transcript", good, skip)[0], 0)
        status, out, _ = self.main("check-transcript", good, bad)
        self.assertEqual(status, 1)
        self.assertIn("bad.log: INVALID", out)
        self.assertIn("bad.log:3: protocol: SUMMARY says 2 tests, but there are 1", out)
        self.assertEqual(self.main("check-transcript", os.path.join(self.dir, "missing.log"))[0], 2)


class Loop(Fixture):
    def loop(self, mode, *argv, seeds=4):
        self.artifacts = os.path.join(self.dir, "artifacts")
        return self.main("loop", "--image", self.image, "--qemu", self.fake(mode), "--seeds", str(seeds),
                         "--artifacts", self.artifacts, *argv)

    def first_seed_with_mixed_parity(self):
        for first in range(100):
            odd = [loop_seed(first, i) % 2 for i in range(4)]
            if 0 < sum(odd) < 4:
                return first, odd
        raise AssertionError("no such seed")

    def test_matrix_and_seeds(self):
        self.assertEqual([matrix(i, [1, 2], ["1G", "3G"]) for i in range(5)],
                         [(1, "1G"), (2, "1G"), (1, "3G"), (2, "3G"), (1, "1G")])
        self.assertEqual(loop_seed(5, 3), loop_seed(6, 2))
        self.assertEqual(len({loop_seed(0, i) for i in range(1000)}), 1000)

    def test_loop_of_four(self):
        first, odd = self.first_seed_with_mixed_parity()
        junit, tap, js = (os.path.join(self.dir, n) for n in ("j.xml", "t.tap", "s.json"))
        status, out, err = self.loop("fail-odd", "--first-seed", str(first), "--jobs", "4", "--cpus", "1,2",
                                     "--mem", "1G,2G", "--junit", junit, "--tap", tap, "--json", js)
        nfail = sum(odd)
        self.assertEqual(status, 1, out + err)
        lines = out.splitlines()
        self.assertEqual(lines[-1], "loop: 4 boots, %d passed, %d failed, 0 timeouts" % (4 - nfail, nfail))
        repros = [line for line in lines if line.startswith("hyptest: repro: ")]
        self.assertEqual(len(repros), nfail)
        seeds = [loop_seed(first, i) for i in range(4)]
        for i, seed in enumerate(seeds):
            cpus, mem = matrix(i, [1, 2], ["1G", "2G"])
            wanted = "--seed 0x%x --cpus %d --mem %s" % (seed, cpus, mem)
            self.assertEqual(any(wanted in r for r in repros), bool(odd[i]), wanted)
        self.assertTrue(any("NOT REACHED" in line for line in lines) or len({s % 6 for s in seeds}) == 4)
        self.assertTrue(any(line.split()[:1] == ["mm.pmap"] for line in lines))
        # Artifacts: one transcript per boot, each a valid transcript on its own.
        logs = sorted(n for n in os.listdir(self.artifacts) if n.endswith(".log") and "-rerun" not in n)
        self.assertEqual(len(logs), 4)
        self.assertEqual(len([n for n in os.listdir(self.artifacts) if n.endswith(".qemu-stderr")
                              and "-rerun" not in n]), 4)
        # Each failing boot was booted once more, with the same arguments.
        self.assertEqual(len([n for n in os.listdir(self.artifacts) if n.endswith("-rerun.log")]), nfail)
        self.assertEqual(self.main("check-transcript", *(os.path.join(self.artifacts, n) for n in logs))[0], 1)
        # Every boot got its own seed, CPU count and memory size.
        got = sorted({(a[a.index("-append") + 1], a[a.index("-smp") + 1], a[a.index("-m") + 1])
                      for a in self.argvs()})  # a set: reruns boot the same arguments again
        want = sorted(("exit=semihost seed=0x%x" % s, str(matrix(i, [1, 2], ["1G", "2G"])[0]),
                       matrix(i, [1, 2], ["1G", "2G"])[1]) for i, s in enumerate(seeds))
        self.assertEqual(got, want)
        # JUnit: one suite per boot, one case per test id, failures with their reason.
        root = ET.parse(junit).getroot()
        self.assertEqual(root.tag, "testsuites")
        self.assertEqual(len(root.findall("testsuite")), 4)
        self.assertEqual(root.get("failures"), str(nfail))
        fails = root.findall(".//failure")
        self.assertEqual(len(fails), nfail)
        self.assertTrue(all(f.get("message") == "slot 3 still mapped" for f in fails))
        self.assertEqual(len(root.findall(".//skipped")), sum(matrix(i, [1, 2], ["1G"])[0] == 1 for i in range(4)))
        # TAP: a plan and one line per boot.
        with open(tap) as f:
            tap_lines = f.read().splitlines()
        self.assertEqual(tap_lines[:2], ["TAP version 13", "1..4"])
        self.assertEqual(sum(line.startswith("not ok ") for line in tap_lines), nfail)
        self.assertEqual(sum(line.startswith("ok ") for line in tap_lines), 4 - nfail)
        # JSON.
        with open(js) as f:
            doc = json.load(f)
        self.assertEqual(doc["totals"], dict(boots=4, passed=4 - nfail, failed=nfail, skipped=0, timeouts=0))
        self.assertEqual([b["seed"] for b in doc["boots"]], ["0x%x" % s for s in seeds])
        self.assertLessEqual({"identical", "disjoint", "shared-L0", "shared-L1", "shared-L2", "overlap"},
                             set(doc["classes"]["arm64"]))
        self.assertEqual(sum(c["boots"] for c in doc["classes"]["arm64"].values()), 4)

    def test_all_pass(self):
        status, out, err = self.loop("pass", "--first-seed", "0x100", "--jobs", "2", "--timeout", "10")
        self.assertEqual(status, 0, out + err)
        self.assertEqual(out.splitlines()[-1], "loop: 4 boots, 4 passed, 0 failed, 0 timeouts")
        self.assertIn("--first-seed 0x100", out.splitlines()[0])
        self.assertIn("loop: [4/4]", err)  # non-tty progress lines

    def test_timeouts(self):
        t0 = time.monotonic()
        status, out, err = self.loop("hang", "--jobs", "4", "--timeout", "1")
        self.assertLess(time.monotonic() - t0, 8)
        self.assertEqual(status, 1)
        self.assertEqual(out.splitlines()[-1], "loop: 4 boots, 0 passed, 0 failed, 4 timeouts")
        self.assertEqual(sum(line.startswith("hyptest: repro: ") for line in out.splitlines()), 4)

    def test_protocol_violation_fails_the_loop(self):
        status, out, _ = self.loop("dup", "--seeds", "2")
        self.assertEqual(status, 1)
        self.assertIn("duplicate test id", out)

    def test_ctrl_c(self):
        """SIGINT: no new boots, running QEMUs killed, the summary so far, status 130."""
        artifacts = os.path.join(self.dir, "artifacts")
        p = subprocess.Popen([HYPTEST, "loop", "--image", self.image, "--qemu", self.fake("hang"), "--seeds", "50",
                              "--jobs", "2", "--timeout", "60", "--artifacts", artifacts],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + 10
        while len([n for n in os.listdir(self.log) if n.startswith("sleep-")]) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=20)
        self.assertEqual(p.returncode, 130, out + err)
        self.assertIn("loop: interrupted", out)
        self.assertEqual(out.splitlines()[-1], "loop: 0 boots, 0 passed, 0 failed, 0 timeouts")
        pids = self.pids()
        self.assertEqual(len(pids), 2)  # no boot was launched after Ctrl-C
        time.sleep(0.3)
        self.assertFalse(any(alive(pid) for pid in pids))


if __name__ == "__main__":
    unittest.main()
