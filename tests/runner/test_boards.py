# SPDX-License-Identifier: MIT
# Tests of the runner's boards (rpi3 on QEMU -M raspi3b) and of booting through U-Boot, against a fake U-Boot on the serial line.
import contextlib
import io
import os
import shlex
import sys
import tempfile
import unittest

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools")
sys.path.insert(0, TOOLS)

from hyptestlib import cli, qemu, uboot  # noqa: E402

# A stand-in for QEMU running U-Boot: the banner, the countdown (MODE
# no-autoboot: straight to the prompt), echo of each typed line, bootargs from
# setenv; booti prints "Starting kernel ..." and a passing transcript with the
# seed typed, then exits 0 as the image would through semihosting. MODE silent
# prints nothing; bad-image makes booti fail the way U-Boot does; late-blank
# sends booti's closing blank line 0.3 s after "Starting kernel ...".
FAKE_UBOOT = r'''#!{python}
import sys, time
MODE = {mode!r}
def out(s):
    sys.stdout.write(s)
    sys.stdout.flush()
if MODE == "silent":
    time.sleep(30)
    sys.exit(0)
out("\r\nU-Boot 2023.01 (fake)\r\n\r\nIn:    pl011@9000000\r\n")
if MODE != "no-autoboot":
    out("Hit any key to stop autoboot:  2 ")
    sys.stdin.read(1)
    out("\b\b\b 0 \r\n")
out("=> ")
bootargs = ""
for line in sys.stdin:
    line = line.rstrip("\n")
    out(line + "\r\n")
    if line.startswith("setenv bootargs '"):
        bootargs = line[len("setenv bootargs '"):-1]
    elif line.startswith("booti "):
        if MODE == "bad-image":
            out("Bad Linux ARM64 Image magic!\r\n=> ")
            continue
        out("## Flattened Device Tree blob at 7edb6db0\r\n\r\nStarting kernel ...\r\n")
        if MODE == "late-blank":
            time.sleep(0.3)
        out("\r\n")
        args = dict(t.split("=", 1) for t in bootargs.split() if "=" in t)
        out("hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=%s pa=0x40200000 va=0x40200000 "
            "class=identical size=0x1000\r\n" % args.get("seed", "0x1"))
        out("PASS: boot.el2\r\nSUMMARY: 1 tests\r\nEXIT: STATUS=0\r\nhyptest: end PASS\r\n")
        sys.exit(0)
    out("=> ")
'''


class Boards(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="hyptest-boards-")
        self.image = os.path.join(self.tmp.name, "hyptest.bin")
        with open(self.image, "wb") as f:
            f.write(b"\0" * 64)

    def tearDown(self):
        uboot.STEP_TIMEOUT = 20.0
        self.tmp.cleanup()

    def fake(self, mode):
        path = os.path.join(self.tmp.name, "qemu-uboot-" + mode)
        with open(path, "w") as f:
            f.write(FAKE_UBOOT.format(python=sys.executable, mode=mode))
        os.chmod(path, 0o755)
        return path

    def main(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = cli.main(list(argv))
            except SystemExit as e:
                status = e.code
        return status, out.getvalue(), err.getvalue()

    def run_uboot(self, mode, *argv):
        # Any existing file stands for u-boot.bin: the fake ignores it.
        return self.main("run", "--boot", "uboot", "--uboot", self.image, "--image", self.image,
                         "--qemu", self.fake(mode), *argv)

    def test_board_command(self):
        cmd = qemu.command("arm64", "/b/hyptest.bin", "exit=semihost", platform="rpi3", cpus=1, mem="3G")
        self.assertEqual(shlex.join(cmd),
                         "qemu-system-aarch64 -M raspi3b -smp 4 -m 1G -nographic -nic none -monitor none "
                         "-serial stdio -semihosting-config enable=on,target=native -kernel /b/hyptest.bin "
                         "-append exit=semihost -dtb /b/dtb/rpi3.dtb")

    def test_board_shape(self):
        self.assertEqual(qemu.platform_shape("rpi3"), (4, "1G", None))
        self.assertEqual(qemu.platform_shape("rpi3", 4, "1G"), (4, "1G", None))
        self.assertIn("exactly 4 CPUs", qemu.platform_shape("rpi3", 2)[2])
        self.assertIn("exactly 1G of RAM", qemu.platform_shape("rpi3", None, "2G")[2])
        self.assertIn("EL2", qemu.platform_shape("rpi3", el1=True)[2])
        self.assertEqual(qemu.platform_shape("qemu-virt"), (qemu.DEFAULT_CPUS, qemu.DEFAULT_MEM, None))
        self.assertEqual(qemu.platform_shape("qemu-virt", 8, "3G"), (8, "3G", None))

    def test_board_refuses_other_shapes(self):
        for argv, want in ((["--cpus", "2"], "exactly 4 CPUs"), (["--mem", "2G"], "exactly 1G"),
                           (["--el1"], "always enters the image at EL2")):
            status, out, err = self.main("run", "--platform", "rpi3", "--image", self.image, *argv)
            self.assertEqual(status, 2, argv)
            self.assertIn(want, err)
            self.assertEqual(out, "")
        status, _, err = self.main("loop", "--platform", "rpi3", "--image", self.image, "--seeds", "1",
                                   "--cpus", "1,4")
        self.assertEqual(status, 2)
        self.assertIn("exactly 4 CPUs", err)

    def test_uboot_command(self):
        cmd = qemu.command("arm64", "img.bin", "exit=semihost", uboot="/u/u-boot.bin")
        self.assertNotIn("-kernel", cmd)
        self.assertNotIn("-append", cmd)
        self.assertEqual(cmd[-4:], ["-bios", "/u/u-boot.bin", "-device",
                                    "loader,file=img.bin,addr=0x40400000,force-raw=on"])
        self.assertEqual(uboot.commands("exit=semihost seed=0x1"),
                         ["setenv bootargs 'exit=semihost seed=0x1'", "booti 0x40400000 - ${fdtcontroladdr}"])
        with self.assertRaisesRegex(uboot.UBootError, "too long"):
            uboot.commands("x" * 500)
        with self.assertRaisesRegex(uboot.UBootError, "single quote"):
            uboot.commands("a='b'")

    def test_uboot_boot(self):
        for mode in ("autoboot", "no-autoboot"):
            status, out, err = self.run_uboot(mode, "--seed", "0x42")
            self.assertEqual(status, 0, err)
            self.assertTrue(out.startswith("hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=0x42 "),
                            out)
            self.assertIn("hyptest: end PASS", out)
            self.assertIn("u-boot: => setenv bootargs 'exit=semihost seed=0x42'", err)
            self.assertIn("u-boot: => booti 0x40400000 - ${fdtcontroladdr}", err)
            self.assertIn("u-boot: Starting kernel ...", err)
            self.assertIn("hyptest: repro: then at U-Boot's prompt: setenv bootargs", err)

    def test_uboot_blank_line_in_a_later_read(self):
        # U-Boot's blank line after "Starting kernel ..." is not the image's first line (TAP: the version line).
        status, out, err = self.run_uboot("late-blank", "--seed", "0x42")
        self.assertEqual(status, 0, err)
        self.assertTrue(out.startswith("hyptest: start "), repr(out[:40]))

    def test_uboot_never_prompts(self):
        uboot.STEP_TIMEOUT = 0.5
        status, out, err = self.run_uboot("silent")
        self.assertEqual(status, 1)
        self.assertIn("hyptest: U-Boot did not show its prompt or autoboot countdown within 0.5 s", err)
        self.assertIn("--boot uboot", err)  # the repro line
        self.assertEqual(out, "")

    def test_uboot_booti_fails(self):
        status, out, err = self.run_uboot("bad-image")
        self.assertEqual(status, 1)
        self.assertIn("hyptest: U-Boot's booti failed: Bad Linux ARM64 Image magic!", err)
        self.assertNotIn("hyptest: end", out)

    def test_uboot_bad_requests(self):
        status, _, err = self.main("run", "--boot", "uboot", "--uboot", os.path.join(self.tmp.name, "none"),
                                   "--image", self.image)
        self.assertEqual(status, 2)
        self.assertIn("no U-Boot at", err)
        status, _, err = self.main("run", "--boot", "uboot", "--uboot", self.image, "--image", self.image, "--el1")
        self.assertEqual(status, 2)
        self.assertIn("--boot uboot:", err)
        status, _, err = self.main("run", "--boot", "uboot", "--uboot", self.image, "--image", self.image,
                                   "--platform", "rpi3")
        self.assertEqual(status, 2)
        self.assertIn("only arm64 qemu-virt", err)


if __name__ == "__main__":
    unittest.main()
