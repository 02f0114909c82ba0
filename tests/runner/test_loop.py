# SPDX-License-Identifier: MIT
# Tests of `hyptest loop` beyond one boot: the matrix (flags, file, arches, CPU models), progress, classes, reruns, JUnit read back.
import dataclasses
import io
import json
import os
import unittest

from tests.runner.test_cli import Fixture
from hyptestlib import loop as loopmod, qemu, report  # noqa: E402 (test_cli put tools/ on the path)
from hyptestlib.debian import debian_import  # noqa: E402
from hyptestlib.loop import Cell, cells, loop_seed, models_for  # noqa: E402


class Matrix(unittest.TestCase):
    def test_cells_order(self):
        got = cells(["arm64"], ["max", "cortex-a57"], [1, 2], ["1G", "3G"])
        self.assertEqual(len(got), 8)
        # CPU counts fastest, then memory, then the model.
        self.assertEqual(got[:5], [Cell("arm64", "max", 1, "1G"), Cell("arm64", "max", 2, "1G"),
                                   Cell("arm64", "max", 1, "3G"), Cell("arm64", "max", 2, "3G"),
                                   Cell("arm64", "cortex-a57", 1, "1G")])
        self.assertEqual(loopmod.matrix(3, [1, 2], ["1G", "3G"]), (2, "3G"))

    def test_gic_dimension(self):
        got = cells(["arm64"], None, [1, 2], ["1G"], ["2", "max"])
        # CPU counts fastest, then memory, then the GIC.
        self.assertEqual(got, [Cell("arm64", None, 1, "1G", "2"), Cell("arm64", None, 2, "1G", "2"),
                               Cell("arm64", None, 1, "1G", "max"), Cell("arm64", None, 2, "1G", "max")])
        self.assertEqual(got[2].label(), "arm64 max cpus=1 mem=1G gic=max")
        self.assertEqual(cells(["arm64"], None, [1], ["1G"]), [Cell("arm64", None, 1, "1G")])

    def test_models_per_arch(self):
        models = ["max", "arm64:cortex-a57", "armx:cortex-a15"]
        self.assertEqual(models_for("arm64", models), ["max", "cortex-a57"])
        self.assertEqual(models_for("armx", models), ["max", "cortex-a15"])
        self.assertEqual(models_for("arm64", []), [None])  # the arch's default
        self.assertEqual(models_for("arm64", ["armx:cortex-a15"]), [None])


class LoopFixture(Fixture):
    def setUp(self):
        super().setUp()
        self.artifacts = os.path.join(self.dir, "artifacts")

    def loop(self, mode, *argv, seeds=4):
        return self.main("loop", "--image", self.image, "--qemu", self.fake(mode), "--seeds", str(seeds),
                         "--artifacts", self.artifacts, *argv)


class MatrixFile(LoopFixture):
    def test_ini(self):
        path = self.write("m.ini", "[loop]\nseeds = 6\ncpus = 1, 2\nmem = 1G,2G\ncpu-model = max, cortex-a57\n"
                                   "first-seed = 0x10\nreruns = 0\n")
        status, out, err = self.main("loop", "--image", self.image, "--qemu", self.fake(), "--matrix", path,
                                     "--artifacts", self.artifacts, "--jobs", "3")
        self.assertEqual(status, 0, out + err)
        self.assertEqual(out.splitlines()[-1], "loop: 6 boots, 6 passed, 0 failed, 0 timeouts")
        self.assertIn("matrix of 8 cells", out)
        got = sorted((a[a.index("-cpu") + 1], a[a.index("-smp") + 1], a[a.index("-m") + 1]) for a in self.argvs())
        want = sorted((c.cpu_model, str(c.cpus), c.mem) for c in cells(["arm64"], ["max", "cortex-a57"], [1, 2],
                                                                      ["1G", "2G"])[:6])
        self.assertEqual(got, want)
        self.assertIn("exit=semihost seed=0x%x" % loop_seed(0x10, 0), [a[a.index("-append") + 1] for a in self.argvs()])

    def test_gic_list_boots_each(self):
        path = self.write("g.ini", "[loop]\nseeds = 3\ngic = 2, 3, max\nreruns = 0\n")
        status, out, err = self.main("loop", "--image", self.image, "--qemu", self.fake(), "--matrix", path,
                                     "--artifacts", self.artifacts, "--jobs", "1", "--json",
                                     os.path.join(self.dir, "g.json"))
        self.assertEqual(status, 0, out + err)
        self.assertIn("mem 1G, gic 2,3,max", out)
        self.assertEqual(sorted(a[a.index("-M") + 1] for a in self.argvs()),
                         ["virt,virtualization=on,gic-version=%s" % g for g in ("2", "3", "max")])
        with open(os.path.join(self.dir, "g.json")) as f:
            summary = json.load(f)
        self.assertEqual([c["gic"] for c in summary["matrix"]], ["2", "3", "max"])
        self.assertTrue(any(n.endswith("-gicmax.log") for n in os.listdir(self.artifacts)))

    def test_json_and_flags_win(self):
        path = self.write("m.json", json.dumps({"seeds": 5, "cpus": [2], "mem": "3G", "reruns": 0}))
        status, out, err = self.main("loop", "--image", self.image, "--qemu", self.fake(), "--matrix", path,
                                     "--artifacts", self.artifacts, "--seeds", "2")
        self.assertEqual(status, 0, out + err)
        self.assertEqual(out.splitlines()[-1], "loop: 2 boots, 2 passed, 0 failed, 0 timeouts")
        self.assertEqual({(a[a.index("-smp") + 1], a[a.index("-m") + 1]) for a in self.argvs()}, {("2", "3G")})

    def assertMatrixError(self, text, want):
        path = self.write("bad.ini", text)
        status, out, err = self.main("loop", "--image", self.image, "--qemu", self.fake(), "--matrix", path,
                                     "--artifacts", self.artifacts)
        self.assertEqual(status, 2, out + err)
        self.assertIn(want, err)
        self.assertEqual(self.argvs(), [])  # nothing booted

    def test_errors(self):
        self.assertMatrixError("[loop]\nseeds = 4\ncpu = 2\n", "unknown key 'cpu'")
        self.assertMatrixError("[loop]\nseeds = 4\ncpus = 1,,2\n", "cpus")
        self.assertMatrixError("[loop]\nseeds = 4\narch = arm64,riscv\n", "unknown arch 'riscv' (known: arm32, arm64)")
        self.assertMatrixError("[loop]\nseeds = 4\nmem = lots\n", "invalid memory size 'lots'")
        self.assertMatrixError("[matrix]\nseeds = 4\n", "want one [loop] section")
        self.assertMatrixError("{\"seeds\": 4,", "not valid JSON")
        self.assertMatrixError("[loop]\ncpus = 2\n", "the number of boots is missing")
        status, _, err = self.main("loop", "--image", self.image, "--matrix", os.path.join(self.dir, "none.ini"))
        self.assertEqual(status, 2)
        self.assertIn("cannot read", err)


class Arches(LoopFixture):
    """A second arch slots in through qemu.ARCHES; one that is unknown or unbuilt is one clear error."""

    def setUp(self):
        super().setUp()
        self.saved = dict(qemu.ARCHES)
        self.other = os.path.join(self.dir, "armx.bin")
        with open(self.other, "wb") as f:
            f.write(b"arch=armx\n")
        qemu.ARCHES["arm64"] = dataclasses.replace(self.saved["arm64"], image=self.image)
        qemu.ARCHES["armx"] = dataclasses.replace(self.saved["arm64"], name="armx", cpu="cortex-a15",
                                                  image=self.other)

    def tearDown(self):
        qemu.ARCHES.clear()
        qemu.ARCHES.update(self.saved)
        super().tearDown()

    def test_two_arches(self):
        status, out, err = self.main("loop", "--qemu", self.fake(), "--seeds", "8", "--arch", "arm64,armx",
                                     "--cpus", "1,2", "--artifacts", self.artifacts, "--first-seed", "1")
        self.assertEqual(status, 0, out + err)
        argvs = self.argvs()
        kernels = [a[a.index("-kernel") + 1] for a in argvs]
        self.assertEqual(sorted(kernels), sorted([self.image] * 4 + [self.other] * 4))
        models = {(a[a.index("-kernel") + 1], a[a.index("-cpu") + 1]) for a in argvs}
        self.assertEqual(models, {(self.image, "max"), (self.other, "cortex-a15")})  # each arch its default
        rows = [line.split() for line in out.splitlines() if line.startswith("  arm")]
        self.assertEqual(sum(int(r[2]) for r in rows if r[0] == "armx"), 4)
        self.assertEqual(len([n for n in os.listdir(self.artifacts) if "-armx-" in n and n.endswith(".log")]), 4)

    def test_unknown_and_unbuilt(self):
        status, _, err = self.main("loop", "--seeds", "2", "--arch", "arm64,riscv")
        self.assertEqual(status, 2)
        self.assertIn("unknown arch 'riscv' (known: arm32, arm64, armx)", err)
        os.unlink(self.other)
        status, _, err = self.main("loop", "--qemu", self.fake(), "--seeds", "2", "--arch", "arm64,armx")
        self.assertEqual(status, 2)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("no image for armx at", err)
        self.assertIn("make ARCH=armx", err)
        status, _, err = self.main("loop", "--image", self.image, "--seeds", "2", "--arch", "arm64,armx")
        self.assertEqual(status, 2)
        self.assertIn("--image names one image", err)

    def test_repro_names_arch_and_model(self):
        status, out, _ = self.main("loop", "--qemu", self.fake("fail-odd"), "--seeds", "6", "--arch", "armx",
                                   "--cpu-model", "armx:cortex-a7", "--artifacts", self.artifacts)
        self.assertEqual(status, 1)
        repro = [line for line in out.splitlines() if line.startswith("hyptest: repro: ")]
        self.assertTrue(repro)
        for line in repro:
            self.assertIn(" run --arch armx --platform qemu-virt ", line)
            self.assertIn("--cpu-model cortex-a7", line)


class Summary(LoopFixture):
    def test_every_class_reached_or_said(self):
        status, out, _ = self.loop("pass", "--first-seed", "0", seeds=60)
        self.assertEqual(status, 0)
        self.assertIn("loop: every placement class reached (arm64: 6 of 6)", out)
        self.assertNotIn("NOT REACHED", out)
        status, out, _ = self.loop("pass", "--first-seed", "0", seeds=2)
        self.assertEqual(status, 0)  # coverage is a note, not a failure
        line = [x for x in out.splitlines() if x.startswith("loop: not reached: arm64 ")]
        self.assertEqual(len(line), 1, out)
        self.assertIn("(2 of 6 classes reached" if loop_seed(0, 0) % 6 != loop_seed(0, 1) % 6
                      else "(1 of 6 classes reached", line[0])

    def test_boots_per_minute(self):
        status, out, _ = self.loop("pass", "--jobs", "2")
        self.assertEqual(status, 0)
        self.assertRegex(out, r"(?m)^loop: 4 boots in \d+:\d\d, [0-9.]+ boots/min with 2 jobs$")

    def test_deterministic_and_flaky(self):
        status, out, _ = self.loop("flaky", "--first-seed", "3")
        self.assertEqual(status, 1)  # a flaky failure is still a failure
        repro = [x for x in out.splitlines() if x.startswith("hyptest: repro: ")]
        self.assertEqual(len(repro), 4)
        self.assertTrue(all("# fail, flaky: FAIL mm.pmap" in x for x in repro), repro)
        self.assertIn("loop: 4 failing boots: 0 deterministic, 4 flaky, 0 not rerun", out)
        first, odd = next((f, [loop_seed(f, i) % 2 for i in range(4)]) for f in range(100)
                          if 0 < sum(loop_seed(f, i) % 2 for i in range(4)) < 4)
        status, out, _ = self.loop("fail-odd", "--first-seed", str(first), "--reruns", "1")
        self.assertEqual(status, 1)
        self.assertIn("loop: %d failing boots: 1 deterministic, 0 flaky, %d not rerun" % (sum(odd), sum(odd) - 1),
                      out)
        self.assertIn("# fail, deterministic: FAIL mm.pmap", out)
        status, out, _ = self.loop("fail-odd", "--first-seed", str(first), "--reruns", "0")
        self.assertIn("0 deterministic, 0 flaky, %d not rerun" % sum(odd), out)


class Progress(unittest.TestCase):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    def counts(self, done):
        return {"pass": done, "fail": 0, "skip": 0, "timeout": 0}

    def test_plain_every_n(self):
        s = io.StringIO()
        p = loopmod.Progress(10, s, every=4)
        for done in range(1, 11):
            p.update(self.counts(done))
        lines = s.getvalue().splitlines()
        self.assertEqual([x.split("]")[0] for x in lines], ["loop: [ 4/10", "loop: [ 8/10", "loop: [10/10"])
        self.assertIn("boots/min", lines[0])
        self.assertIn("ETA", lines[0])
        self.assertNotIn("ETA", lines[-1])

    def test_tty_redraws_one_line(self):
        s = self.Tty()
        p = loopmod.Progress(4, s)
        for done in range(1, 5):
            p.update({"pass": done - 1, "fail": 1 if done > 1 else 0, "skip": 0, "timeout": 0})
        p.finish()
        text = s.getvalue()
        self.assertNotIn("\n", text)
        self.assertEqual(text.count("\r"), 5)
        self.assertIn("#####.....", text)
        self.assertIn("[4/4] pass 3 fail 1 timeout 0", text)


class JUnit(LoopFixture):
    def test_junit_reads_back(self):
        """The JUnit file of a loop, read with Debian's python3-junitparser (the reader CI tools use)."""
        junit = os.path.join(self.dir, "l.xml")
        first = next(f for f in range(100) if 0 < sum(loop_seed(f, i) % 2 for i in range(6)) < 6)
        nfail = sum(loop_seed(first, i) % 2 for i in range(6))
        status, out, err = self.loop("fail-odd", "--first-seed", str(first), "--cpus", "1,2", "--junit", junit,
                                     seeds=6)
        self.assertEqual(status, 1, out + err)
        reader, totals, problems = report.check_junit(junit)
        self.assertEqual(problems, [])
        # 3 tests per boot (boot.el2, mm.pmap, smp.two); smp.two skips on 1 CPU, mm.pmap fails on odd seeds.
        self.assertEqual(totals, dict(suites=6, tests=18, failures=nfail, errors=0, skipped=3))
        jp = debian_import("junitparser")
        if jp is None:
            self.skipTest("python3-junitparser is not installed: read back with xml.etree only (%s)" % reader)
        self.assertTrue(reader.startswith("junitparser"))
        doc = jp.JUnitXml.fromfile(junit)
        cases = [(s.name, c.name) for s in doc for c in s]
        self.assertEqual(len(cases), 18)
        self.assertEqual(len(set(cases)), 18)  # one testcase per test per boot
        props = {p.name: p.value for p in next(iter(doc)).properties()}
        self.assertEqual(props["arch"], "arm64")
        self.assertIn("run --image", props["repro"])

    def test_broken_junit_is_caught(self):
        path = self.write("bad.xml", "<?xml version='1.0'?><testsuites><testsuite name='b' tests='2' failures='0' "
                                     "errors='0' skipped='0'><testcase name='a'/></testsuite></testsuites>")
        _, _, problems = report.check_junit(path)
        self.assertEqual(problems, ["suite 'b' says tests=2, it has 1"])


if __name__ == "__main__":
    unittest.main()
