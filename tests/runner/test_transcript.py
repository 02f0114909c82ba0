# SPDX-License-Identifier: MIT
# Unit tests of the transcript parser and protocol checker (tools/hyptestlib/transcript.py).
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))

from hyptestlib.transcript import (Transcript, classes_for, placement_class,  # noqa: E402
                                   valid_id)

START = ("hyptest: start arch=arm64 platform=qemu-virt el=2 cpus=2 seed=0x1234 pa=0x40080000 "
         "va=0x40080000 class=identical size=0x2a000")

GOOD = "\n".join([
    "hyptest: head: el2 bss reloc tables mmu ok",
    START,
    "PASS: boot.el2",
    "# detail: esr=0x0",
    "FAIL: traps.undef: selftest/traps.c:42: esr.ec: want 0x00, got 0x15",
    "SKIP: smp.tlbi-broadcast: needs 2 CPUs",
    "SUMMARY: 3 tests, 1 failed, 1 skipped",
    "EXIT: STATUS=1",
    "hyptest: end FAIL",
]) + "\n"

GOOD_PASS = "\n".join([
    START,
    "PASS: boot.el2",
    "PASS: mm.pmap",
    "SUMMARY: 2 tests",
    "EXIT: STATUS=0",
    "hyptest: end PASS",
]) + "\n"

GOOD_TAP = "\n".join([
    "TAP version 13",
    "# " + START,
    "1..3",
    "ok 1 - boot.el2",
    "not ok 2 - traps.undef",
    "  ---",
    '  message: "esr.ec: want 0x00, got 0x15"',
    "  ...",
    "ok 3 - smp.tlbi-broadcast # SKIP needs 2 CPUs",
    "# SUMMARY: 3 tests, 1 failed, 1 skipped",
    "# EXIT: STATUS=1",
    "# hyptest: end FAIL",
]) + "\n"

LISTING = "\n".join([
    START,
    "hyptest: test boot.el2",
    "hyptest: test mm.pmap",
    "hyptest: test framework.hang (negative control)",
    "SUMMARY: 0 tests",
    "EXIT: STATUS=77",
    "hyptest: end SKIP",
]) + "\n"


def parse(text):
    return Transcript.parse(text)


def messages(text, expect=None):
    return [str(v) for v in parse(text).violations(expect)]


def replace(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


class GoodTranscripts(unittest.TestCase):
    def test_text(self):
        t = parse(GOOD)
        self.assertEqual(t.start, {"arch": "arm64", "platform": "qemu-virt", "el": 2, "cpus": 2, "seed": 0x1234,
                                   "pa": 0x40080000, "va": 0x40080000, "class": "identical", "size": 0x2A000})
        self.assertEqual([(r.status, r.id, r.reason) for r in t.results], [
            ("PASS", "boot.el2", None),
            ("FAIL", "traps.undef", "selftest/traps.c:42: esr.ec: want 0x00, got 0x15"),
            ("SKIP", "smp.tlbi-broadcast", "needs 2 CPUs"),
        ])
        self.assertEqual((t.summary.tests, t.summary.failed, t.summary.skipped), (3, 1, 1))
        self.assertEqual((t.exit_status, t.end, t.errors), (1, "FAIL", []))
        v = t.verdict()
        self.assertTrue(v.valid, v.violations)
        self.assertEqual((v.status, v.word, v.tests, v.failed, v.skipped), (1, "FAIL", 3, 1, 1))
        self.assertFalse(v.passed)

    def test_passing(self):
        v = parse(GOOD_PASS).verdict()
        self.assertTrue(v.valid, v.violations)
        self.assertTrue(v.passed)
        self.assertEqual((v.status, v.word), (0, "PASS"))

    def test_all_skipped_is_77(self):
        text = replace(replace(replace(GOOD_PASS, "PASS: mm.pmap", "SKIP: mm.pmap: no PMAP"),
                               "PASS: boot.el2", "SKIP: boot.el2: entered at EL1"),
                       "SUMMARY: 2 tests", "SUMMARY: 2 tests, 2 skipped")
        text = replace(replace(text, "STATUS=0", "STATUS=77"), "end PASS", "end SKIP")
        v = parse(text).verdict()
        self.assertTrue(v.valid, v.violations)
        self.assertEqual((v.status, v.word), (77, "SKIP"))

    def test_tap(self):
        t = parse(GOOD_TAP)
        self.assertEqual(t.tap_version, "13")
        self.assertEqual(t.tap_plan, 3)
        self.assertEqual(t.start["seed"], 0x1234)
        self.assertEqual([(r.status, r.id, r.reason, r.number) for r in t.results], [
            ("PASS", "boot.el2", None, 1),
            ("FAIL", "traps.undef", "esr.ec: want 0x00, got 0x15", 2),
            ("SKIP", "smp.tlbi-broadcast", "needs 2 CPUs", 3),
        ])
        v = t.verdict()
        self.assertTrue(v.valid, v.violations)
        self.assertEqual((v.status, v.word), (1, "FAIL"))

    def test_tap_start_before_version(self):
        text = replace(GOOD_TAP, "TAP version 13\n# " + START + "\n", "# " + START + "\nTAP version 13\n")
        self.assertEqual(messages(text), [])

    def test_listing(self):
        t = parse(LISTING)
        self.assertEqual(t.listed, ["boot.el2", "mm.pmap", "framework.hang"])
        self.assertEqual(t.negative, {"framework.hang"})
        v = t.verdict()
        self.assertTrue(v.valid, v.violations)
        self.assertEqual((v.status, v.word), (77, "SKIP"))

    def test_informational_lines_anywhere_before_end(self):
        text = replace(GOOD, "PASS: boot.el2\n", "PASS: boot.el2\nx0=0x1 x1=0x2\nPASSING NOTE\n# FAIL: not a result\n")
        t = parse(text)
        self.assertEqual(len(t.results), 3)
        self.assertEqual(messages(text), [])

    def test_noise_after_end_is_ignored(self):
        text = GOOD + "qemu-system-aarch64: terminating on signal 15\nhyptest: repro: tools/hyptest run\n"
        self.assertEqual(messages(text), [])


class LineEndings(unittest.TestCase):
    def test_crlf(self):
        t = parse(GOOD.replace("\n", "\r\n"))
        self.assertEqual(t.verdict().violations, [])
        self.assertEqual(t.results[1].reason, "selftest/traps.c:42: esr.ec: want 0x00, got 0x15")
        self.assertEqual(t.end, "FAIL")
        self.assertNotIn("\r", "".join(t.lines))

    def test_crlf_tap(self):
        self.assertEqual(messages(GOOD_TAP.replace("\n", "\r\n")), [])

    def test_no_final_newline(self):
        t = parse(GOOD.rstrip("\n"))
        self.assertEqual(t.end, "FAIL")
        self.assertTrue(t.verdict().valid)

    def test_bytes_and_bad_utf8(self):
        t = Transcript()
        t.feed(GOOD.encode().replace(b"# detail", b"\xff\xfe detail"))
        t.close()
        self.assertTrue(t.verdict().valid)


class Streaming(unittest.TestCase):
    def summary(self, t):
        return (t.start, [(r.status, r.id, r.reason) for r in t.results], t.summary, t.exit_status, t.end,
                t.errors, t.listed, t.lines, [str(v) for v in t.violations()])

    def check_same(self, text):
        whole = parse(text)
        for step in (1, 2, 3, 7, 64):
            t = Transcript()
            for i in range(0, len(text), step):
                t.feed(text[i:i + step])
            t.close()
            self.assertEqual(self.summary(t), self.summary(whole), "chunks of %d" % step)
        # Bytes split inside \r\n and inside multi-byte characters.
        data = text.replace("\n", "\r\n").replace("detail", "d\u00e9tail").encode()
        t = Transcript()
        for i in range(len(data)):
            t.feed(data[i:i + 1])
        t.close()
        self.assertEqual([str(v) for v in t.violations()], [str(v) for v in whole.violations()])
        self.assertEqual(len(t.results), len(whole.results))

    def test_text(self):
        self.check_same(GOOD)

    def test_tap(self):
        self.check_same(GOOD_TAP)

    def test_bad(self):
        self.check_same(GOOD.replace("3 tests", "4 tests") + "PASS: late\n")

    def test_feed_line_kinds(self):
        t = Transcript()
        kinds = [t.feed_line(line) for line in GOOD.splitlines()]
        self.assertEqual(kinds, ["info", "start", "result", "info", "result", "result", "summary", "exit", "end"])
        self.assertEqual(t.feed_line("PASS: after"), "after-end")


class Violations(unittest.TestCase):
    def assertViolation(self, text, fragment, expect=None):
        found = messages(text, expect)
        self.assertTrue(any(fragment in m for m in found), "no %r in %r" % (fragment, found))
        self.assertFalse(parse(text).verdict(expect).valid)
        self.assertEqual(parse(text).verdict(expect).word, "INVALID")

    def test_count_mismatch(self):
        self.assertViolation(replace(GOOD, "3 tests", "4 tests"), "SUMMARY says 4 tests, but there are 3")
        self.assertViolation(replace(GOOD, "1 failed", "2 failed"), "SUMMARY says 2 failed")
        self.assertViolation(replace(GOOD, ", 1 skipped", ""), "SUMMARY says 0 skipped, but there are 1")

    def test_malformed_summary(self):
        self.assertViolation(replace(GOOD, "SUMMARY: 3 tests", "SUMMARY: three tests"), "malformed SUMMARY")

    def test_duplicate_id(self):
        self.assertViolation(replace(GOOD_PASS, "PASS: mm.pmap", "PASS: boot.el2"), "duplicate test id boot.el2")

    def test_id_with_space(self):
        self.assertViolation(replace(GOOD_PASS, "PASS: mm.pmap", "PASS: mm pmap"), "white space")
        self.assertViolation(replace(GOOD, "FAIL: traps.undef:", "FAIL: traps undef:"), "white space")

    def test_fail_without_reason(self):
        self.assertViolation(replace(GOOD, "FAIL: traps.undef: selftest/traps.c:42: esr.ec: want 0x00, got 0x15",
                                     "FAIL: traps.undef"), "FAIL traps.undef has no reason")
        self.assertViolation(replace(GOOD, "FAIL: traps.undef: selftest/traps.c:42: esr.ec: want 0x00, got 0x15",
                                     "FAIL: traps.undef:"), "has no reason")

    def test_skip_without_reason(self):
        self.assertViolation(replace(GOOD, "SKIP: smp.tlbi-broadcast: needs 2 CPUs", "SKIP: smp.tlbi-broadcast"),
                             "SKIP smp.tlbi-broadcast has no reason")
        self.assertViolation(replace(GOOD_TAP, "# SKIP needs 2 CPUs", "# SKIP"), "has no reason")

    def test_status_mismatch(self):
        self.assertViolation(replace(replace(GOOD, "STATUS=1", "STATUS=0"), "end FAIL", "end PASS"),
                             "EXIT: STATUS=0, but a FAIL calls for 1")
        self.assertViolation(replace(replace(GOOD_PASS, "STATUS=0", "STATUS=1"), "end PASS", "end FAIL"),
                             "EXIT: STATUS=1, but all passed calls for 0")
        no_tests = START + "\nSUMMARY: 0 tests\nEXIT: STATUS=0\nhyptest: end PASS\n"
        self.assertViolation(no_tests, "no test ran calls for 77")

    def test_end_word_mismatch(self):
        self.assertViolation(replace(GOOD, "end FAIL", "end PASS"), "end word PASS, want FAIL")
        self.assertViolation(replace(GOOD, "end FAIL", "end ERROR"), "end word ERROR, want FAIL")
        self.assertViolation(replace(GOOD, "end FAIL", "end DONE"), "not one of")

    def test_line_after_end(self):
        self.assertViolation(GOOD + "PASS: late.test\n", "protocol line after the end line")
        self.assertViolation(GOOD + "hyptest: end FAIL\n", "protocol line after the end line")
        self.assertViolation(GOOD + START + "\n", "protocol line after the end line")

    def test_two_start_lines(self):
        self.assertViolation(replace(GOOD, "PASS: boot.el2", START + "\nPASS: boot.el2"), "second start line")

    def test_no_start_line(self):
        self.assertViolation(GOOD.replace(START + "\n", ""), "no start line")
        self.assertViolation(GOOD.replace(START + "\n", ""), "PASS line before the start line")

    def test_missing_framing(self):
        self.assertViolation(GOOD.replace("SUMMARY: 3 tests, 1 failed, 1 skipped\n", ""), "no SUMMARY line")
        self.assertViolation(GOOD.replace("EXIT: STATUS=1\n", ""), "no EXIT: STATUS= line")
        truncated = GOOD.replace("hyptest: end FAIL\n", "")
        self.assertViolation(truncated, "no end line")
        self.assertEqual(parse(START + "\nPASS: boot.el2\n").verdict().word, "INVALID")

    def test_order(self):
        self.assertViolation(replace(GOOD, "SKIP: smp.tlbi-broadcast: needs 2 CPUs\nSUMMARY: 3 tests, 1 failed, 1 skipped",
                                     "SUMMARY: 3 tests, 1 failed, 1 skipped\nSKIP: smp.tlbi-broadcast: needs 2 CPUs"),
                             "SKIP line after the SUMMARY line")
        self.assertViolation(replace(GOOD, "SUMMARY: 3 tests, 1 failed, 1 skipped\nEXIT: STATUS=1",
                                     "EXIT: STATUS=1\nSUMMARY: 3 tests, 1 failed, 1 skipped"),
                             "SUMMARY line after the EXIT line")

    def test_start_line_keys(self):
        self.assertViolation(replace(GOOD, " class=identical", ""), "missing key class")
        self.assertViolation(replace(GOOD, "seed=0x1234", "seed=1234"), "seed=1234 is not 0x hex")
        self.assertViolation(replace(GOOD, "pa=0x40080000 va=0x40080000", "pa=0x40080010 va=0x40080010"),
                             "not 4 KiB aligned")
        self.assertViolation(replace(GOOD, "cpus=2", "cpus=two"), "not a decimal number")
        self.assertViolation(replace(GOOD, "el=2", "el=5"), "el=5")
        self.assertViolation(replace(GOOD, "class=identical", "class=sideways"), "not a placement class")
        self.assertViolation(replace(GOOD, "cpus=2", "cpus=2 cpus=3"), "given twice")

    def test_class_must_match_addresses(self):
        self.assertViolation(replace(GOOD, "class=identical", "class=overlap"), "make it identical")
        good_overlap = replace(GOOD, "va=0x40080000 class=identical", "va=0x40090000 class=overlap")
        self.assertEqual(messages(good_overlap), [])
        self.assertViolation(replace(good_overlap, "class=overlap", "class=shared-L2"), "make it overlap")

    def test_text_lines_in_tap_mode_and_back(self):
        self.assertViolation(replace(GOOD_TAP, "# SUMMARY:", "SUMMARY:"), "TAP mode: the SUMMARY line must be behind")
        self.assertViolation(replace(GOOD_TAP, "ok 1 - boot.el2", "PASS: boot.el2"), "text-mode PASS line")
        self.assertViolation(replace(GOOD, "SUMMARY:", "# SUMMARY:"), "no TAP version line")
        self.assertViolation(replace(GOOD_PASS, "PASS: mm.pmap", "ok 2 - mm.pmap"), "TAP test line but no TAP version")

    def test_tap_plan_and_numbers(self):
        self.assertViolation(replace(GOOD_TAP, "1..3", "1..4"), "TAP plan 1..4, but there are 3 test lines")
        self.assertViolation(GOOD_TAP.replace("1..3\n", ""), "no plan line")
        self.assertViolation(replace(GOOD_TAP, "ok 3 -", "ok 4 -"), "TAP test number 4, want 3")
        self.assertViolation(replace(GOOD_TAP, "TAP version 13", "TAP version 14"), "TAP version 14, want 13")
        self.assertViolation(replace(GOOD_TAP, "ok 3 - smp.tlbi-broadcast", "ok 3 - boot.el2"), "duplicate test id")

    def test_listing_mixed_with_results(self):
        self.assertViolation(replace(GOOD_PASS, "PASS: mm.pmap", "PASS: mm.pmap\nhyptest: test mm.pmap"),
                             "a test list (hyptest: test) and test results")
        self.assertViolation(replace(LISTING, "hyptest: test mm.pmap", "hyptest: test boot.el2"), "listed twice")
        self.assertViolation(replace(LISTING, "hyptest: test mm.pmap", "hyptest: test mm.pmap (bench)"),
                             "listed test mm.pmap is followed by '(bench)', not '(negative control)'")

    def test_expectations(self):
        self.assertEqual(messages(GOOD, {"seed": 0x1234, "cpus": 2, "el": 2, "arch": "arm64"}), [])
        self.assertViolation(GOOD, "start line says cpus=2, but the runner asked for 1", {"cpus": 1})
        self.assertViolation(GOOD, "seed=0x1234, but the runner asked for 0x99", {"seed": 0x99})
        self.assertViolation(GOOD, "must end with status 77", {"status": 77})


class Errors(unittest.TestCase):
    def test_error_before_start(self):
        t = parse("hyptest: head: el2 bss\nhyptest: error: unknown bootarg 'tset'\n")
        v = t.verdict()
        self.assertTrue(v.valid, v.violations)
        self.assertEqual((v.status, v.word, t.errors), (1, "ERROR", ["unknown bootarg 'tset'"]))

    def test_error_after_start(self):
        text = START + "\nhyptest: error: tests pattern 'x' matches no test\nEXIT: STATUS=1\nhyptest: end ERROR\n"
        v = parse(text).verdict()
        self.assertTrue(v.valid, v.violations)
        self.assertEqual((v.status, v.word), (1, "ERROR"))

    def test_error_after_start_must_close_the_boot(self):
        text = START + "\nhyptest: error: no room for the placement at 0x40000000\n"
        found = messages(text)
        self.assertIn("no EXIT: STATUS= line", found)
        self.assertIn("no end line", found)

    def test_error_needs_end_error_and_status_1(self):
        text = START + "\nhyptest: error: bad DT node /memory\nEXIT: STATUS=1\nhyptest: end FAIL\n"
        self.assertTrue(any("end word FAIL, want ERROR" in m for m in messages(text)))
        text = START + "\nhyptest: error: bad DT node /memory\nEXIT: STATUS=77\nhyptest: end SKIP\n"
        self.assertTrue(any("an error line calls for 1" in m for m in messages(text)))

    def test_no_pass_after_error(self):
        text = START + "\nhyptest: error: bad bootarg 'x'\nPASS: boot.el2\nEXIT: STATUS=1\nhyptest: end ERROR\n"
        self.assertTrue(any("PASS boot.el2 in a boot that printed an error line" in m for m in messages(text)))

    def test_error_must_say_what(self):
        self.assertTrue(any("does not say what" in m for m in messages("hyptest: error:\n")))

    def test_error_in_tap_mode(self):
        text = "TAP version 13\n# " + START + "\nBail out! hyptest: error: bad\n# EXIT: STATUS=1\n# hyptest: end ERROR\n"
        self.assertEqual(messages(text), [])
        t = parse(text)
        self.assertEqual((t.errors, t.verdict().word), (["bad"], "ERROR"))

    def test_error_before_start_in_tap_mode(self):
        t = parse("TAP version 13\nBail out! hyptest: error: unknown bootarg 'tset'\n")
        self.assertEqual((t.errors, t.verdict().valid, t.verdict().status), (["unknown bootarg 'tset'"], True, 1))

    def test_tap_error_must_bail_out(self):
        text = "TAP version 13\n# " + START + "\nhyptest: error: bad\n# EXIT: STATUS=1\n# hyptest: end ERROR\n"
        self.assertTrue(any("the error line must be 'Bail out! hyptest: error: ...'" in m for m in messages(text)))
        text = "hyptest: error: x\nBail out! hyptest: error: x\n"
        self.assertTrue(any("'Bail out!' line but no TAP version line" in m for m in messages(text)))

    def test_empty_transcript(self):
        self.assertIn("no start line", messages(""))


class Helpers(unittest.TestCase):
    def test_placement_class(self):
        pa, size = 0x40200000, 0x2A000
        self.assertEqual(placement_class("arm64", pa, pa, size), "identical")
        self.assertEqual(placement_class("arm64", pa, pa + 0x10000, size), "overlap")
        self.assertEqual(placement_class("arm64", pa, pa + 0x80000, size), "shared-L2")
        self.assertEqual(placement_class("arm64", pa, pa + 0x600000, size), "shared-L1")
        self.assertEqual(placement_class("arm64", pa, 0x100000000, size), "shared-L0")
        self.assertEqual(placement_class("arm64", pa, 0x10000000000, size), "disjoint")
        self.assertIsNone(placement_class("riscv", pa, pa, size))

    def test_classes_for(self):
        self.assertEqual(classes_for("arm64"),
                         ("identical", "disjoint", "shared-L0", "shared-L1", "shared-L2", "overlap"))

    def test_valid_id(self):
        self.assertTrue(valid_id("boot.el2"))
        for bad in ("", "a b", "a\tb", "a\x01b"):
            self.assertFalse(valid_id(bad), bad)


if __name__ == "__main__":
    unittest.main()
