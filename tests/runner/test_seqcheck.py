# SPDX-License-Identifier: MIT
# Tests of --check-sequences (tools/hyptestlib/seqcheck.py) against the fake QEMU of test_cli: the plugin is loaded, a report FAILs the boot.
import os
import unittest

from tests.runner.test_cli import Fixture
from hyptestlib import seqcheck  # noqa: E402 (test_cli put tools/ on the path)
from hyptestlib.boot import Judgement  # noqa: E402

REPORT = ("seqcheck: ctrl-no-isb at 0x40200844 cpu 1: MSR SCTLR_EL2, then execution went on in another page at "
          "0x40201000 (a System register write is seen by later instructions only after a context synchronization "
          "event (DDI 0487 K.a))")


class Parse(unittest.TestCase):
    def write(self, text):
        import tempfile
        fd, path = tempfile.mkstemp()
        os.write(fd, text.encode())
        os.close(fd)
        self.addCleanup(os.unlink, path)
        return path

    def test_reports_and_end(self):
        r = seqcheck.read(self.write("seqcheck: start target=aarch64 vcpus=2 api=0..1\n%s\n"
                                     "seqcheck: end reports=1 blocks=9\n" % REPORT))
        self.assertTrue(r.started)
        self.assertEqual(r.end, "reports=1 blocks=9")
        self.assertEqual(len(r.reports), 1)
        rep = r.reports[0]
        self.assertEqual((rep["rule"], rep["pc"], rep["cpu"], rep["insn"], rep["then_pc"]),
                         ("ctrl-no-isb", 0x40200844, "1", "MSR SCTLR_EL2", 0x40201000))
        self.assertEqual(rep["then"], "execution went on in another page")
        msg = seqcheck.problems(r)
        self.assertEqual(len(msg), 1)
        self.assertTrue(msg[0].startswith("sequence checker: ctrl-no-isb at 0x40200844: MSR SCTLR_EL2, then "
                                          "execution went on in another page at 0x40201000 [cpu 1: "), msg[0])

    def test_judge(self):
        clean = seqcheck.read(self.write("seqcheck: start target=arm vcpus=1 api=0..1\nseqcheck: end reports=0\n"))
        j = seqcheck.judge(Judgement(0, "pass", [], None), clean)
        self.assertEqual((j.code, j.outcome, j.problems), (0, "pass", []))
        dirty = seqcheck.read(self.write("seqcheck: start target=arm vcpus=1 api=0..1\n" + REPORT + "\n"))
        for code, outcome in ((0, "pass"), (77, "skip")):
            j = seqcheck.judge(Judgement(code, outcome, [], None), dirty)
            self.assertEqual((j.code, j.outcome), (1, "fail"))
        j = seqcheck.judge(Judgement(124, "timeout", ["timeout after 30 s"], None), dirty)
        self.assertEqual((j.code, j.outcome, len(j.problems)), (124, "timeout", 2))
        # Nothing from the plugin at all: said, and a FAIL (a checker that did not run vouches for nothing).
        j = seqcheck.judge(Judgement(0, "pass", [], None), seqcheck.read(self.write("")))
        self.assertEqual(j.code, 1)
        self.assertIn("the plugin did not run", j.problems[0])
        j = seqcheck.judge(Judgement(0, "pass", [], None),
                           seqcheck.read(self.write("seqcheck: error: unknown argument 'x'\n")))
        self.assertIn("the plugin did not run: seqcheck: error: unknown argument 'x'", j.problems[0])


class Runner(Fixture):
    def test_run_loads_the_plugin_and_passes(self):
        status, out, err = self.run_fake("pass", "--check-sequences")
        self.assertEqual(status, 0, err)
        argv = self.argvs()[0]
        plugin = argv[argv.index("-plugin") + 1]
        self.assertTrue(plugin.startswith(seqcheck.PLUGIN + ",out="), plugin)
        self.assertFalse(os.path.exists(plugin.split(",out=", 1)[1]))  # the report file is gone afterwards
        self.assertIn("hyptest: sequence checker: end reports=0", err)  # the plugin's closing line
        self.assertNotRegex(err, r"sequence checker: (?!end )")

    def test_run_report_fails_the_boot(self):
        status, out, err = self.run_fake("seqreport", "--check-sequences", "--seed", "0x2")
        self.assertEqual(status, 1)
        self.assertIn("hyptest: end PASS", out)  # the image itself passed
        self.assertIn("hyptest: sequence checker: tlbi-no-dsb at 0x", err)
        self.assertIn(", then a load or store at 0x", err)
        self.assertIn("--check-sequences", err.splitlines()[-1])  # in the repro line

    def test_run_silent_plugin_fails(self):
        status, _, err = self.run_fake("seqsilent", "--check-sequences")
        self.assertEqual(status, 1)
        self.assertIn("hyptest: sequence checker: the plugin did not run", err)

    def test_not_with_uboot(self):
        status, _, err = self.run_fake("pass", "--check-sequences", "--boot", "uboot")
        self.assertEqual(status, 2)
        self.assertIn("--check-sequences: not with --boot uboot", err)

    def test_loop(self):
        arts = os.path.join(self.dir, "arts")
        status, out, err = self.main("loop", "--image", self.image, "--qemu", self.fake("seqreport"), "--seeds", "3",
                                     "--jobs", "1", "--reruns", "0", "--artifacts", arts, "--check-sequences")
        self.assertEqual(status, 1, out + err)
        self.assertIn("loop: sequence checker: 3 of 3 boots with a report", out)
        self.assertIn("sequence checker: tlbi-no-dsb at 0x", out)  # the repro lines say why
        self.assertEqual(len([n for n in os.listdir(arts) if n.endswith(".seqcheck")]), 3)
        status, out, err = self.main("loop", "--image", self.image, "--qemu", self.fake("pass"), "--seeds", "3",
                                     "--jobs", "1", "--artifacts", arts, "--check-sequences")
        self.assertEqual(status, 0, out + err)
        self.assertIn("loop: sequence checker: 0 of 3 boots with a report", out)
        self.assertEqual([n for n in os.listdir(arts) if n.endswith(".seqcheck")], [])


if __name__ == "__main__":
    unittest.main()
