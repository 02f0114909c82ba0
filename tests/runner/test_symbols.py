# SPDX-License-Identifier: MIT
# Tests of crash-dump symbolization against a small AArch64 ELF built here: runtime addresses back to function+offset (file:line).
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from tests.runner.test_cli import Fixture
from hyptestlib import symbols  # noqa: E402 (test_cli put tools/ on the path)
from hyptestlib.transcript import Transcript  # noqa: E402

PREFIX = symbols.ARCH_TOOLS["arm64"]["prefix"]
SOURCE = """\
void leaf(volatile int *p)
{
	*p = 1;
}
void caller(volatile int *p)
{
	leaf(p);	/* line 7: the call */
	*p = 2;
}
void entry(void)
{
	caller((volatile int *)0);
	for (;;)
		;
}
"""
CALL_LINE = 7
VA, PA, SIZE = 0x5f10b000, 0x7c753000, 0x2a000


def start(va=VA, pa=PA):
    return ("hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=0x6 pa=0x%x va=0x%x class=shared-L1 "
            "size=0x%x" % (pa, va, SIZE))


class Symbolize(unittest.TestCase):
    """A dump whose addresses are the ELF's plus the runtime offset must name the ELF's functions and lines."""

    @classmethod
    def setUpClass(cls):
        cc = shutil.which(PREFIX + "gcc")
        if not cc or not shutil.which(PREFIX + "addr2line"):
            raise unittest.SkipTest("%sgcc/addr2line not installed (binutils-aarch64-linux-gnu)" % PREFIX)
        cls.tmp = tempfile.TemporaryDirectory(prefix="hyptest-sym-")
        d = cls.tmp.name
        src = os.path.join(d, "crash.c")
        with open(src, "w") as f:
            f.write(SOURCE)
        cls.elf = os.path.join(d, "hyptest.elf")
        subprocess.run([cc, "-g", "-O0", "-ffreestanding", "-nostdlib", "-static", "-Wl,-Ttext=0", "-Wl,-e,entry",
                        "-o", cls.elf, src], check=True)
        raw = os.path.join(d, "raw.bin")
        subprocess.run([PREFIX + "objcopy", "-O", "binary", cls.elf, raw], check=True)
        cls.image = os.path.join(d, "hyptest.bin")
        with open(raw, "rb") as f, open(cls.image, "wb") as out:
            out.write(b"arch=arm64\n" + f.read())  # the image carries the ELF's bytes, as the loader does
        # The `bl leaf` in caller, found with objdump (not with the code under test).
        dis = subprocess.run([PREFIX + "objdump", "-d", cls.elf], capture_output=True, text=True, check=True).stdout
        m = re.search(r"^\s*([0-9a-f]+):\s+[0-9a-f]{8}\s+bl\s+[0-9a-f]+ <leaf>", dis, re.M)
        cls.bl = int(m.group(1), 16)
        syms = subprocess.run([PREFIX + "nm", cls.elf], capture_output=True, text=True, check=True).stdout
        cls.caller = int(re.search(r"^([0-9a-f]+) T caller$", syms, re.M).group(1), 16)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def annotate(self, lines, image=None, elf=None):
        s = symbols.Symbolizer("arm64", image or self.image, elf=elf or self.elf)
        return [s.annotate(line) for line in lines], s

    def dump(self, va=VA):
        bl, ret = va + self.bl, va + self.bl + 4
        return [
            "# exception: vector=0 ec=0x25 (dabt-current) esr=0x97c18005 elr=0x%016x far=0x0000000000000000 "
            "spsr=0x000003c8" % bl,
            "# x0 =0x%016x x1 =0x0000000000000001 x2 =0x%016x x3 =0x0000000000000000" % (va + self.caller,
                                                                                    PA + self.caller),
            "# backtrace: pc=0x%x lr=0x%x 0x%x 0x%x 0x%x" % (bl, ret, ret, ret, ret),
        ]

    def test_elr_and_return_addresses(self):
        out, s = self.annotate([start()] + self.dump())
        where = r"caller\+0x%x \(\S*crash\.c:%d\)" % (self.bl - self.caller, CALL_LINE)
        self.assertRegex(out[1], r"<elr: %s>$" % where)
        # lr points after the bl; its line is the call's (looked up at lr - 4), its offset its own.
        ret = r"caller\+0x%x \(\S*crash\.c:%d\)" % (self.bl + 4 - self.caller, CALL_LINE)
        self.assertRegex(out[3], r"<pc: %s> <lr: %s> <#1-#3: %s>$" % (where, ret, ret))
        # A data register that holds the function's address; x2 holds its physical alias.
        self.assertIn("<x0: caller+0x0", out[2])
        self.assertIn("<x2: [pa] caller+0x0", out[2])
        self.assertNotIn("x1:", out[2])  # small numbers are not addresses of the image
        self.assertEqual(s.notes, [])

    def test_without_the_runtime_offset_nothing_resolves(self):
        """Negative control: the same dump read as if the image ran where it is linked (va=0)."""
        out, _ = self.annotate([start(va=0, pa=0)] + self.dump())
        self.assertNotIn("<elr:", out[1])
        self.assertNotIn("<pc:", out[3])

    def test_the_start_line_decides(self):
        """Another boot, another VA: the same function and line from other raw addresses."""
        out, _ = self.annotate([start(va=0x7f4943c91000)] + self.dump(va=0x7f4943c91000))
        self.assertIn("<elr: caller+0x%x (" % (self.bl - self.caller), out[1])

    def test_annotated_transcript_still_parses(self):
        lines = [start()] + self.dump() + ["FAIL: framework.crash: unexpected exception ec=0x25",
                                           "SUMMARY: 1 tests, 1 failed", "EXIT: STATUS=1", "hyptest: end FAIL"]
        out, _ = self.annotate(lines)
        self.assertNotEqual(out, lines)
        v = Transcript.parse("\n".join(out) + "\n").verdict()
        self.assertTrue(v.valid, v.violations)
        self.assertEqual((v.failed, v.status), (1, 1))

    def test_stale_or_missing_elf(self):
        stale = os.path.join(self.tmp.name, "other.bin")
        with open(stale, "wb") as f:
            f.write(b"\x01" * 4096)
        out, s = self.annotate([start()] + self.dump(), image=stale)
        self.assertNotIn("<elr:", out[1])
        self.assertEqual(len(s.notes), 1)
        self.assertIn("does not match", s.notes[0])
        out, s = self.annotate([start()] + self.dump(), elf=os.path.join(self.tmp.name, "none.elf"))
        self.assertNotIn("<elr:", out[1])
        self.assertIn("beside the image; addresses left raw", s.notes[0])


class RunnerOutput(Fixture):
    """`hyptest run` and `hyptest loop` show and keep the symbolized dump."""

    def setUp(self):
        super().setUp()
        if not shutil.which(PREFIX + "gcc"):
            self.skipTest("%sgcc not installed" % PREFIX)
        Symbolize.setUpClass()
        self.addCleanup(Symbolize.tearDownClass)
        self.sym = Symbolize
        shutil.copy(Symbolize.image, self.image)
        shutil.copy(Symbolize.elf, os.path.join(self.dir, "hyptest.elf"))
        with open(os.path.join(self.log, "dump.txt"), "w") as f:
            f.write("# exception: vector=0 ec=0x25 (dabt-current) esr=0x97c18005 elr=@0x%x far=0x0 spsr=0x3c8\n"
                    "# backtrace: pc=@0x%x lr=@0x%x\n" % (Symbolize.bl, Symbolize.bl, Symbolize.bl + 4))
        self.where = "caller+0x%x (" % (Symbolize.bl - Symbolize.caller)

    def test_run(self):
        status, out, err = self.run_fake("dump", "--seed", "0x6")
        self.assertEqual(status, 1, err)
        self.assertIn("<elr: " + self.where, out)
        self.assertIn("crash.c:%d)>" % CALL_LINE, out)
        status, out, _ = self.run_fake("dump", "--seed", "0x6", "--no-symbols")
        self.assertNotIn("<elr:", out)

    def test_loop_artifacts(self):
        artifacts = os.path.join(self.dir, "artifacts")
        status, out, _ = self.main("loop", "--image", self.image, "--qemu", self.fake("dump"), "--seeds", "3",
                                   "--artifacts", artifacts, "--reruns", "0")
        self.assertEqual(status, 1)
        logs = [os.path.join(artifacts, n) for n in os.listdir(artifacts) if n.endswith(".log")]
        self.assertEqual(len(logs), 3)
        for path in logs:
            with open(path) as f:
                self.assertIn("<elr: " + self.where, f.read())
        repro = [x for x in out.splitlines() if x.startswith("hyptest: repro: ")]
        self.assertEqual(len(repro), 3)
        self.assertTrue(all(" at " + self.where in x for x in repro), repro)


if __name__ == "__main__":
    unittest.main()
