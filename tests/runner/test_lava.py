# SPDX-License-Identifier: MIT
# Tests of `hyptest lava`: the job it writes validates (LAVA's own schema when lava-common is installed), and its monitor reads hyptest's lines.
import hashlib
import os
import re
import unittest

from tests.runner.test_cli import Fixture
from hyptestlib import lava  # noqa: E402 (test_cli put tools/ on the path)
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


def monitor(m, stream):
    """What a LAVA monitor records: the pattern's matches between the start and end strings, through fixupdict."""
    body = stream[stream.index(m["start"]):]
    body = body[:body.index(m["end"])]
    return [(x.group("test_case_id"), m["fixupdict"][x.group("result")]) for x in re.finditer(m["pattern"], body)]


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
        self.assertIn("-smp 2", ctx["extra_options"])
        self.assertIn("-append 'exit=psci seed=0x51'", ctx["extra_options"])
        deploy, boot, test = (next(iter(a.values())) for a in doc["actions"])
        image = deploy["images"]["kernel"]
        self.assertEqual(image["url"], "https://ci/h.bin")
        with open(self.image, "rb") as f:
            self.assertEqual(image["sha256sum"], hashlib.sha256(f.read()).hexdigest())
        self.assertEqual(boot["method"], "qemu")
        m = test["monitors"][0]
        self.assertEqual((m["start"], m["end"]), ("hyptest: start", "hyptest: end"))

    def test_monitor_reads_the_result_lines(self):
        m = self.write()["actions"][2]["test"]["monitors"][0]
        self.assertEqual(monitor(m, TRANSCRIPT), [("boot.clash-path", "pass"), ("tlb.remap", "fail"),
                                                  ("smp.tlbi-broadcast", "skip"), ("traps.brk", "pass")])

    def test_broken_jobs_do_not_validate(self):
        """Negative controls: each validator must reject what it is there to catch."""
        doc = self.write()
        m = doc["actions"][2]["test"]["monitors"][0]
        m["pattern"] = m["pattern"].replace("test_case_id", "case")
        self.assertTrue(any("test_case_id" in p for p in lava.validate(doc)[1]))
        doc = self.write()
        doc["actions"][2]["test"]["monitors"][0]["pattern"] = "(?P<result>PASS|FAIL|SKIP): (?P<test_case_id>.+)"
        self.assertTrue(any("sample result lines" in p for p in lava.structural_check(doc)))
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

    def test_yaml_writer_round_trips(self):
        doc = {"a": "x: y # z", "b": ["\\n(?P<r>A|B)", 3, True, {"c": "'q'", "d": []}], "e": {}, "f": "\u00e9"}
        self.assertEqual(yaml.safe_load(lava.to_yaml(doc)), doc)


if __name__ == "__main__":
    unittest.main()
