# SPDX-License-Identifier: MIT
# Tests of `hyptest lava`: the job it writes validates (LAVA's own schema when lava-common is installed), its monitor reads hyptest's lines as LAVA's pexpect does, the device YAMLs in lava/ match, and lava-run's results are compared right.
import hashlib
import os
import re
import unittest

from tests.runner.test_cli import Fixture
from hyptestlib import lava, lavarun  # noqa: E402 (test_cli put tools/ on the path)
from hyptestlib.transcript import Transcript  # noqa: E402
from hyptestlib.debian import debian_import  # noqa: E402

yaml = debian_import("yaml")

TRANSCRIPT = (
    "hyptest: loader: seed from bootargs, loader at 0x40200000, DTB at 0x48000000\r\n"
    "hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=1 seed=0x51 pa=0x7b4b1000 va=0x7b484000 "
    "class=overlap size=0x4e000\r\n"
    "hyptest: head: el2 bss reloc tables mmu temp runtime unmap ok\r\n"
    "PASS: boot.clash-path\r\n"
    "FAIL: tlb.remap: read 0x1111 (PASS: would be 0x2222)\r\n"
    "# exception: vector=0 ec=0x25\r\n"
    "SKIP: smp.tlbi-broadcast: needs 2 CPUs (1 online)\r\n"
    "PASS: traps.brk\r\n"
    "SUMMARY: 4 tests, 1 failed, 1 skipped\r\nEXIT: STATUS=1\r\nhyptest: end FAIL\r\n")


def monitor(m, stream, chunk=None):
    """What a LAVA monitor records from the stream (fed chunk characters at a time), through fixupdict."""
    found, ended = lava.monitor_stream(m, stream, chunk)
    assert ended, "no end line"
    return [(i, m["fixupdict"][r]) for r, i in found]


# The pattern the job had before it was run in LAVA itself: right on whole lines, wrong on a stream.
OLD_PATTERN = r"\n(?P<result>PASS|FAIL|SKIP): (?P<test_case_id>[^:\s]+)"


class Job(Fixture):
    def setUp(self):
        super().setUp()
        if yaml is None:
            self.skipTest("python3-yaml is not installed")
        self.out = os.path.join(self.dir, "job.yaml")

    def write(self, *argv):
        status, out, err = self.main("lava", "--image", self.image, "-o", self.out, *argv)
        self.assertEqual(status, 0, out + err)
        with open(self.out) as f:
            return yaml.safe_load(f)

    def test_job_validates(self):
        doc = self.write("--seed", "0x51", "--cpus", "2", "--mem", "2G", "--tests", "boot.*")
        ran, problems = lava.validate(doc)
        self.assertEqual(problems, [])
        if lava.lava_validator() is None:
            self.skipTest("lava-common is not installed: only the structural check ran (%s)" % ran)
        self.assertEqual(ran[0], "lava_common.schemas.validate")

    def test_job_contents(self):
        doc = self.write("--seed", "0x51", "--cpus", "2", "--mem", "2G", "--image-url", "https://ci/h.bin")
        self.assertEqual(doc["device_type"], "qemu")
        ctx = doc["context"]
        self.assertEqual((ctx["arch"], ctx["cpu"], ctx["memory"]), ("arm64", "max", 2048))
        self.assertEqual(ctx["machine"], "virt,virtualization=on,gic-version=3")
        self.assertEqual(ctx["extra_options"], ["-smp 2", "-nic none"])
        deploy, boot, test = (next(iter(a.values())) for a in doc["actions"])
        image = deploy["images"]["kernel"]
        # The bootargs ride on image_arg, which lava-run applies itself (it ignores the context).
        self.assertEqual(image["image_arg"], "-kernel {kernel} -append 'exit=psci seed=0x51'")
        self.assertEqual(image["url"], "https://ci/h.bin")
        with open(self.image, "rb") as f:
            self.assertEqual(image["sha256sum"], hashlib.sha256(f.read()).hexdigest())
        self.assertEqual(boot["method"], "qemu")
        m = test["monitors"][0]
        self.assertEqual((m["start"], m["end"]), ("hyptest: start", "hyptest: end"))
        # The serial connection's pexpect timeout is the boot action's: it outlasts the test action's.
        self.assertGreater(boot["timeout"]["seconds"], test["timeout"]["seconds"])
        self.assertEqual(test["timeout"], {"seconds": 30})
        self.assertEqual(self.write("--arch", "arm32")["context"]["arch"], "arm")
        status, _, err = self.main("lava", "--image", self.image, "--append", "x='y'")
        self.assertEqual(status, 2)
        self.assertIn("single quote", err)

    def test_monitor_reads_the_result_lines(self):
        m = self.write()["actions"][2]["test"]["monitors"][0]
        want = [("boot.clash-path", "pass"), ("tlb.remap", "fail"), ("smp.tlbi-broadcast", "skip"), ("traps.brk", "pass")]
        for chunk in (None, 1, 2, 7):
            self.assertEqual(monitor(m, TRANSCRIPT, chunk), want, chunk)
        error = TRANSCRIPT.replace("PASS: boot.clash-path", "hyptest: error: runtime memory: none")
        self.assertEqual(monitor(m, error, 1)[0], ("error", "fail"))

    def test_old_pattern_fails_on_a_stream(self):
        """Negative control: the replay catches a pattern that only reads whole lines."""
        m = dict(self.write()["actions"][2]["test"]["monitors"][0], pattern=OLD_PATTERN)
        self.assertEqual(monitor(m, TRANSCRIPT)[0], ("boot.clash-path", "pass"))
        self.assertNotEqual(monitor(m, TRANSCRIPT, 1)[0], ("boot.clash-path", "pass"))
        doc = self.write()
        doc["actions"][2]["test"]["monitors"][0]["pattern"] = OLD_PATTERN
        self.assertTrue(any("a character at a time" in p for p in lava.structural_check(doc)))

    def test_device_yaml(self):
        """lava/qemu-<arch>.yaml is what --write-device writes for the default job; --run refuses another."""
        for arch, qemu_bin in (("arm64", "qemu-system-aarch64"), ("arm32", "qemu-system-arm")):
            out = os.path.join(self.dir, "dev-%s.yaml" % arch)
            status, _, err = self.main("lava", "--arch", arch, "--image", self.image, "--write-device", "-o", out)
            self.assertEqual(status, 0, err)
            with open(out) as f, open(lava.device_path(arch)) as kept:
                self.assertEqual(f.read(), kept.read(), "lava/qemu-%s.yaml is stale" % arch)
            dev = yaml.safe_load(open(out))
            self.assertEqual(dev["actions"]["boot"]["methods"]["qemu"]["parameters"]["command"], qemu_bin)
        status, _, err = self.main("lava", "--run", "--image", self.image, "--cpus", "2", "-o", self.dir)
        self.assertEqual(status, 2)
        self.assertIn("is not the device YAML for this job", err)

    def test_broken_jobs_do_not_validate(self):
        """Negative controls: each validator must reject what it is there to catch."""
        doc = self.write()
        m = doc["actions"][2]["test"]["monitors"][0]
        m["pattern"] = m["pattern"].replace("test_case_id", "case")
        self.assertTrue(any("test_case_id" in p for p in lava.validate(doc)[1]))
        doc = self.write()
        doc["actions"][2]["test"]["monitors"][0]["pattern"] = "(?P<result>PASS|FAIL|SKIP): (?P<test_case_id>.+)"
        self.assertTrue(any("sample transcript" in p for p in lava.structural_check(doc)))
        doc = self.write()
        doc["actions"][2]["test"]["monitors"][0]["start"] = "hyptest: begin"
        self.assertTrue(lava.structural_check(doc))
        doc = self.write()
        del doc["actions"][2]["test"]["monitors"][0]["fixupdict"]["SKIP"]
        self.assertTrue(lava.structural_check(doc))
        if lava.lava_validator() is None:
            self.skipTest("lava-common is not installed: LAVA's schema not checked")
        doc = self.write()
        doc["actions"][1]["boot"]["method"] = "qemux"
        self.assertTrue(any(p.startswith("LAVA schema:") for p in lava.validate(doc)[1]))
        doc = self.write()
        doc["visibility"] = "everyone"
        self.assertTrue(any(p.startswith("LAVA schema:") for p in lava.validate(doc)[1]))

    def test_validate_command(self):
        self.write()
        status, out, _ = self.main("lava", "--validate", self.out)
        self.assertEqual(status, 0, out)
        self.assertIn(": valid (", out)
        with open(self.out) as f:
            text = f.read()
        bad = os.path.join(self.dir, "bad.yaml")
        with open(bad, "w") as f:
            f.write(text.replace('end: "hyptest: end"', 'end: "the end"'))
        status, out, _ = self.main("lava", "--validate", self.out, bad)
        self.assertEqual(status, 1)
        self.assertIn("bad.yaml: INVALID", out)

    def test_errors(self):
        status, _, err = self.main("lava", "--image", self.image, "--platform", "fvp-base")
        self.assertEqual(status, 2)
        self.assertEqual(err.splitlines(), ["hyptest: lava: no LAVA job for platform 'fvp-base' (LAVA platforms: "
                                            "qemu-virt)"])
        status, _, err = self.main("lava", "--image", os.path.join(self.dir, "none.bin"))
        self.assertEqual(status, 2)
        self.assertIn("no image at", err)
        status, _, err = self.main("lava", "--arch", "riscv")
        self.assertEqual(status, 2)
        self.assertIn("unknown arch 'riscv'", err)

    def outcome(self, cases, job="pass", transcript=TRANSCRIPT):
        """A lava-run Outcome as lavarun.run makes it from LAVA's log."""
        out = lavarun.Outcome(0, 1.0)
        out.results = [{"definition": "hyptest", "case": lavarun.case_name(i), "result": r,
                        "extra": {"test_case_id": i}} for i, r in cases]
        out.results.append({"definition": "lava", "case": "job", "result": job})
        out.transcript = Transcript.parse(transcript)
        return out

    def test_compare(self):
        want = [("boot.clash-path", "pass"), ("tlb.remap", "fail"), ("smp.tlbi-broadcast", "skip"),
                ("traps.brk", "pass")]
        self.assertEqual(lavarun.expected_cases(Transcript.parse(TRANSCRIPT)), want)
        self.assertEqual(lavarun.compare(self.outcome(want)), [])
        # Negative controls: each disagreement is reported.
        self.assertTrue(lavarun.compare(self.outcome([("boot.clas", "pass")] + want[1:])))
        self.assertTrue(lavarun.compare(self.outcome(want[:-1])))
        self.assertTrue(lavarun.compare(self.outcome(want[:1] + [("tlb.remap", "pass")] + want[2:])))
        self.assertTrue(any("job result is fail" in p for p in lavarun.compare(self.outcome(want, job="fail"))))
        cut = TRANSCRIPT[:TRANSCRIPT.index("SUMMARY")]
        self.assertTrue(any("job result is pass" in p for p in lavarun.compare(self.outcome(want, transcript=cut))))
        self.assertEqual(lavarun.compare(self.outcome(want, job="fail", transcript=cut)), [])
        two = self.outcome(want + [("tlb_remap", "pass")])
        two.transcript = Transcript.parse(TRANSCRIPT.replace("PASS: traps.brk", "PASS: traps.brk\r\nPASS: tlb_remap"))
        self.assertTrue(any("are one LAVA test case" in p for p in lavarun.compare(two)))

    def test_yaml_writer_round_trips(self):
        doc = {"a": "x: y # z", "b": ["\\n(?P<r>A|B)", 3, True, {"c": "'q'", "d": []}], "e": {}, "f": "\u00e9"}
        self.assertEqual(yaml.safe_load(lava.to_yaml(doc)), doc)


if __name__ == "__main__":
    unittest.main()
