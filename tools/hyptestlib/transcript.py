# SPDX-License-Identifier: MIT
# Streaming parser and checker for the transcript a hyptest image prints on its UART (text and TAP modes).
"""Parse a hyptest UART transcript and check it against the protocol rules.

The rules are those of shared/DESIGN.md, "The UART protocol", with TAP mode
as TAP version 13 (what Debian's prove reads) and an error there given to the
TAP reader as "Bail out! hyptest: error: <what>". Feed the parser
lines as they arrive (`feed()` takes arbitrary chunks, `feed_line()` one line)
or a whole text (`Transcript.parse()`); then `violations()` lists every broken
rule and `verdict()` says whether the transcript can be trusted and what it says.
"""

import codecs
import json
import re
from dataclasses import dataclass, field

# Keys the start line must carry, in the order the image prints them.
START_KEYS = ("arch", "platform", "el", "cpus", "seed", "pa", "va", "class", "size")

# Page-table geometry used to read the placement class from the start addresses:
# (level, log2 of the region one entry at that level maps), deepest level first.
# arm64: 4 KiB granule, 48-bit VA, levels 0..2 above the pages; arm32: LPAE with a
# 32-bit VA, levels 1..2 (no shared-L0). An arch missing here gets no class/address
# cross-check.
PLACEMENT_LEVELS = {
    "arm64": ((2, 21), (1, 30), (0, 39)),
    "arm32": ((2, 21), (1, 30)),
}

# The image's exit status and the end words that may go with it.
STATUS_PASS, STATUS_FAIL, STATUS_SKIP = 0, 1, 77
END_WORDS = {STATUS_PASS: "PASS", STATUS_FAIL: "FAIL", STATUS_SKIP: "SKIP"}
ALL_END_WORDS = ("PASS", "FAIL", "SKIP", "ERROR")

# Lines a parser recognizes. Framing lines may sit behind "# " (TAP mode).
_START = re.compile(r"hyptest: start(?:\s+(.*))?$")
_END = re.compile(r"hyptest: end(?:\s+(.*))?$")
_ERROR = re.compile(r"hyptest: error:\s*(.*)$")
_LISTED = re.compile(r"hyptest: test(?:\s+(.*))?$")
# What may follow a listed id: the negative controls (framework.*), which tests=* does not select.
LISTED_NEGATIVE = "(negative control)"
_SUMMARY = re.compile(r"SUMMARY:(.*)$")
_EXIT = re.compile(r"EXIT:(.*)$")
_RESULT = re.compile(r"(PASS|FAIL|SKIP):(.*)$")
_TAP_VERSION = re.compile(r"TAP version\s+(\S+)$")
_TAP_PLAN = re.compile(r"1\.\.(\d+)(?:\s*#\s*(.*))?$")
_TAP_POINT = re.compile(r"(not ok|ok)(?:\s+(\d+))?(?:\s+-)?(?:\s+(.*))?$")
_TAP_BAIL = re.compile(r"Bail out!\s*(?:hyptest: error:\s*)?(.*)$")
# The TAP version the image prints (TAP::Harness 3.44, Debian 12's prove, knows no later one).
TAP_VERSION = "13"

_SUMMARY_BODY = re.compile(r" (\d+) tests?(?:, (\d+) failed)?(?:, (\d+) skipped)?$")
_EXIT_BODY = re.compile(r" STATUS=(\d+)$")
_HEX = re.compile(r"0x[0-9a-fA-F]+$")
_DEC = re.compile(r"[0-9]+$")
_CLASS = re.compile(r"(identical|disjoint|overlap|shared-L[0-9])$")

# Parser phases: a boot moves forward through them and never back.
_PRE, _TESTS, _SUMMARIZED, _EXITED, _ENDED = range(5)
_PHASE_LINE = {_SUMMARIZED: "the SUMMARY line", _EXITED: "the EXIT line", _ENDED: "the end line"}


def classes_for(arch):
    """Placement classes the arch's translation regime has, in a fixed order."""
    levels = sorted(level for level, _ in PLACEMENT_LEVELS.get(arch, PLACEMENT_LEVELS["arm64"]))
    return ("identical", "disjoint") + tuple("shared-L%d" % n for n in levels) + ("overlap",)


def placement_class(arch, pa, va, size):
    """The class that PA, VA and size give, by the DESIGN.md definition (None: unknown arch)."""
    levels = PLACEMENT_LEVELS.get(arch)
    if levels is None:
        return None
    if pa == va:
        return "identical"
    if pa < va + size and va < pa + size:
        return "overlap"
    for level, shift in levels:
        if pa >> shift == va >> shift:
            return "shared-L%d" % level
    return "disjoint"


def valid_id(test_id):
    """Ids are non-empty, printable and free of white space."""
    return bool(test_id) and all(c.isprintable() and not c.isspace() for c in test_id)


@dataclass
class Result:
    """One PASS/FAIL/SKIP line (text) or test point (TAP)."""
    status: str  # PASS, FAIL or SKIP
    id: str
    reason: str | None
    line: int
    number: int | None = None  # TAP test number
    tap: bool = False


@dataclass
class Summary:
    tests: int
    failed: int
    skipped: int
    line: int


@dataclass
class Violation:
    """One broken protocol rule, with the line it was found on if there is one."""
    line: int | None
    message: str

    def __str__(self):
        return "line %d: %s" % (self.line, self.message) if self.line else self.message


@dataclass
class Verdict:
    valid: bool  # no violation: the transcript can be trusted
    status: int | None  # the image's exit status (EXIT line, or 1 for an error boot without one)
    word: str  # PASS, FAIL, SKIP, ERROR, or INVALID when not valid
    violations: list = field(default_factory=list)
    tests: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def passed(self):
        return self.valid and self.status == STATUS_PASS


class Transcript:
    """Incremental parser of one boot's transcript."""

    def __init__(self):
        self.lines = []  # every line, without its line ending
        self.start = None  # keys of the (first) start line; el/cpus/seed/pa/va/size as ints
        self.start_line = None
        self.results = []
        self.summary = None
        self.exit_status = None
        self.end = None  # the end word
        self.errors = []  # text of each error line
        self.listed = []  # ids from "hyptest: test <id>"
        self.negative = set()  # the listed ids marked "(negative control)"
        self.tap_version = None
        self.tap_plan = None
        self.info = 0  # number of informational lines
        self._v = []
        self._phase = _PRE
        self._starts = []
        self._first_error = None
        self._error_lines = []  # (line, behind "Bail out!")
        self.error_lines = []  # the line number of each error line (errors[i] is on error_lines[i])
        self._tap_version_line = None
        self._ids = {}
        self._listed_ids = {}
        self._framing = []  # (line, what, behind "# ")
        self._summary_seen = False
        self._exit_seen = False
        self._end_line = None
        self._tap_points = 0
        self._yaml_target = None
        self._in_yaml = False
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._partial = ""

    # --- input -------------------------------------------------------------

    @classmethod
    def parse(cls, text):
        t = cls()
        t.feed(text)
        t.close()
        return t

    def feed(self, data):
        """Feed a chunk (str or bytes) of any size; complete lines are parsed now."""
        if isinstance(data, (bytes, bytearray)):
            data = self._decoder.decode(bytes(data))
        parts = (self._partial + data).split("\n")
        self._partial = parts.pop()
        return [self.feed_line(p) for p in parts]

    def close(self):
        """End of input: parse a last line that had no line ending."""
        rest = self._partial + self._decoder.decode(b"", final=True)
        self._partial = ""
        if rest.strip("\r\x00"):
            self.feed_line(rest)

    def feed_line(self, raw):
        """Parse one line; returns its kind (start, result, summary, exit, end, error, test,
        tap-version, tap-plan, bail, info, after-end)."""
        line = raw.rstrip("\n").strip("\r\x00").rstrip()
        self.lines.append(line)
        n = len(self.lines)
        kind, body, hashed = self._classify(line)
        if kind == "info":
            self.info += 1
            self._yaml(line)
            return kind
        self._yaml_target = None
        self._in_yaml = False
        if self._phase == _ENDED:
            self._bad(n, "protocol line after the end line: %r" % line)
            return "after-end"
        getattr(self, "_on_" + kind.replace("-", "_"))(n, body, hashed)
        return kind

    def _classify(self, line):
        body, hashed = line, False
        if line.startswith("# "):
            body, hashed = line[2:], True
        for kind, rx in (("start", _START), ("end", _END), ("error", _ERROR), ("test", _LISTED),
                         ("summary", _SUMMARY), ("exit", _EXIT)):
            m = rx.match(body)
            if m:
                return kind, m, hashed
        if hashed:
            return "info", None, False
        for kind, rx in (("result", _RESULT), ("tap-version", _TAP_VERSION), ("tap-plan", _TAP_PLAN),
                         ("tap-point", _TAP_POINT), ("bail", _TAP_BAIL)):
            m = rx.match(line)
            if m:
                return kind, m, False
        return "info", None, False

    def _bad(self, line, message):
        self._v.append(Violation(line, message))

    # --- line handlers -----------------------------------------------------

    def _on_start(self, n, m, hashed):
        self._framing.append((n, "start", hashed))
        self._starts.append(n)
        if len(self._starts) > 1:
            self._bad(n, "second start line (the first is line %d)" % self._starts[0])
            return
        if self._phase != _PRE:
            self._bad(n, "start line after %s" % _PHASE_LINE[self._phase])
        self._phase = max(self._phase, _TESTS)
        self.start_line = n
        self.start = self._parse_start(n, m.group(1) or "")

    def _parse_start(self, n, text):
        keys = {}
        for tok in text.split():
            k, eq, v = tok.partition("=")
            if not eq or not k:
                self._bad(n, "start line: malformed item %r (want key=value)" % tok)
            elif k in keys:
                self._bad(n, "start line: key %r given twice" % k)
            else:
                keys[k] = v
        missing = [k for k in START_KEYS if k not in keys]
        if missing:
            self._bad(n, "start line: missing key%s %s" % ("s" if len(missing) > 1 else "", " ".join(missing)))
        for k in ("el", "cpus"):
            if k in keys:
                if _DEC.match(keys[k]):
                    keys[k] = int(keys[k])
                else:
                    self._bad(n, "start line: %s=%s is not a decimal number" % (k, keys[k]))
        if isinstance(keys.get("el"), int) and keys["el"] not in (1, 2, 3):
            self._bad(n, "start line: el=%d is not an exception level the image can be entered at" % keys["el"])
        if isinstance(keys.get("cpus"), int) and keys["cpus"] < 1:
            self._bad(n, "start line: cpus=%d" % keys["cpus"])
        for k in ("seed", "pa", "va"):
            if k in keys:
                if _HEX.match(keys[k]):
                    keys[k] = int(keys[k], 16)
                else:
                    self._bad(n, "start line: %s=%s is not 0x hex" % (k, keys[k]))
        for k in ("pa", "va"):
            if isinstance(keys.get(k), int) and keys[k] & 0xFFF:
                self._bad(n, "start line: %s=0x%x is not 4 KiB aligned" % (k, keys[k]))
        if "size" in keys:
            v = keys["size"]
            if _HEX.match(v) or _DEC.match(v):
                keys["size"] = int(v, 0) if _HEX.match(v) else int(v)
            else:
                self._bad(n, "start line: size=%s is not a number" % v)
        arch, cls = keys.get("arch"), keys.get("class")
        if cls is not None:
            known = classes_for(arch) if arch in PLACEMENT_LEVELS else None
            if (known and cls not in known) or not _CLASS.match(cls):
                self._bad(n, "start line: class=%s is not a placement class%s"
                          % (cls, " of %s (%s)" % (arch, ", ".join(known)) if known else ""))
            elif all(isinstance(keys.get(k), int) for k in ("pa", "va", "size")):
                want = placement_class(arch, keys["pa"], keys["va"], keys["size"])
                if want is not None and want != cls:
                    self._bad(n, "start line: class=%s, but pa=0x%x va=0x%x size=0x%x make it %s"
                              % (cls, keys["pa"], keys["va"], keys["size"], want))
        return keys

    def _check_in_tests(self, n, what):
        """Result-like lines belong between the start and the SUMMARY line."""
        if self._phase == _PRE:
            self._bad(n, "%s before the start line" % what)
        elif self._phase > _TESTS:
            self._bad(n, "%s after %s" % (what, _PHASE_LINE[self._phase]))

    def _add_result(self, n, status, test_id, reason, number=None, tap=False):
        self._check_in_tests(n, "%s line" % status)
        if not valid_id(test_id):
            self._bad(n, "test id %r is empty, not printable or has white space" % test_id)
        elif test_id in self._ids:
            self._bad(n, "duplicate test id %s (first on line %d)" % (test_id, self._ids[test_id]))
        else:
            self._ids[test_id] = n
        if status in ("FAIL", "SKIP") and not reason and not tap:
            self._bad(n, "%s %s has no reason" % (status, test_id))
        if status == "SKIP" and not reason and tap:
            self._bad(n, "SKIP %s has no reason" % test_id)
        r = Result(status, test_id, reason or None, n, number, tap)
        self.results.append(r)
        return r

    def _on_result(self, n, m, hashed):
        status, rest = m.group(1), m.group(2)
        if not rest.startswith(" ") or not rest.strip():
            self._bad(n, "malformed %s line (want '%s: <id>%s')"
                      % (status, status, "" if status == "PASS" else ": <reason>"))
        rest = rest.strip()
        if ": " in rest:
            test_id, reason = rest.split(": ", 1)
        elif rest.endswith(":"):
            test_id, reason = rest[:-1], ""
        else:
            test_id, reason = rest, None
        self._add_result(n, status, test_id, (reason or "").strip() or None)

    def _on_tap_point(self, n, m, hashed):
        ok, number, desc = m.group(1) == "ok", m.group(2), (m.group(3) or "").strip()
        self._tap_points += 1
        if number is None:
            self._bad(n, "TAP test line without a test number")
        elif int(number) != self._tap_points:
            self._bad(n, "TAP test number %s, want %d" % (number, self._tap_points))
        dm = re.match(r"(.*?)(?:\s+#\s*(.*))?$", desc)
        test_id, comment = dm.group(1).strip(), (dm.group(2) or "").strip()
        directive = re.match(r"(SKIP|TODO)\b\s*(.*)$", comment, re.I)
        if directive and directive.group(1).upper() == "SKIP":
            status, reason = "SKIP", directive.group(2).strip()
        else:
            status, reason = ("PASS" if ok else "FAIL"), comment
        r = self._add_result(n, status, test_id, reason, int(number) if number else None, tap=True)
        if status == "FAIL" and not r.reason:
            self._yaml_target = r

    def _yaml(self, line):
        """Pick a failed TAP test's reason from the `message:` of its YAML block."""
        stripped = line.strip()
        if self._in_yaml:
            if stripped == "...":
                self._in_yaml = False
                self._yaml_target = None
                return
            m = re.match(r"\s+message:\s*(.*)$", line)
            if m and self._yaml_target is not None and not self._yaml_target.reason:
                value = m.group(1).strip()
                if value.startswith('"'):
                    try:
                        value = json.loads(value)
                    except ValueError:
                        value = value.strip('"')
                self._yaml_target.reason = value.strip("'") or None
            return
        if stripped == "---" and line[:1].isspace() and self._yaml_target is not None:
            self._in_yaml = True
            return
        self._yaml_target = None

    def _on_test(self, n, m, hashed):
        test_id, _, tag = (m.group(1) or "").strip().partition(" ")
        self._check_in_tests(n, "test list line")
        if tag.strip() == LISTED_NEGATIVE:
            self.negative.add(test_id)
        elif tag.strip():
            self._bad(n, "listed test %s is followed by %r, not %r" % (test_id, tag.strip(), LISTED_NEGATIVE))
        if not valid_id(test_id):
            self._bad(n, "listed test id %r is empty, not printable or has white space" % test_id)
        elif test_id in self._listed_ids:
            self._bad(n, "test %s listed twice (first on line %d)" % (test_id, self._listed_ids[test_id]))
        else:
            self._listed_ids[test_id] = n
        self.listed.append(test_id)

    def _on_tap_version(self, n, m, hashed):
        if self.tap_version is not None:
            self._bad(n, "second TAP version line")
            return
        if self._phase > _TESTS:
            self._bad(n, "TAP version line after %s" % _PHASE_LINE[self._phase])
        if self.results or self.tap_plan is not None:
            self._bad(n, "TAP version line after the first test line")
        self.tap_version = m.group(1)
        self._tap_version_line = n
        if self.tap_version != TAP_VERSION:
            self._bad(n, "TAP version %s, want %s" % (self.tap_version, TAP_VERSION))

    def _on_tap_plan(self, n, m, hashed):
        self._check_in_tests(n, "TAP plan")
        if self.tap_plan is not None:
            self._bad(n, "second TAP plan line")
            return
        self.tap_plan = int(m.group(1))

    def _on_summary(self, n, m, hashed):
        self._framing.append((n, "SUMMARY", hashed))
        if self._summary_seen:
            self._bad(n, "second SUMMARY line")
            return
        self._summary_seen = True
        if self._phase == _PRE and not self.errors:
            self._bad(n, "SUMMARY line before the start line")
        elif self._phase > _TESTS:
            self._bad(n, "SUMMARY line after %s" % _PHASE_LINE[self._phase])
        self._phase = max(self._phase, _SUMMARIZED)
        sm = _SUMMARY_BODY.match(m.group(1))
        if not sm:
            self._bad(n, "malformed SUMMARY line (want 'SUMMARY: N tests[, F failed][, S skipped]')")
            return
        self.summary = Summary(int(sm.group(1)), int(sm.group(2) or 0), int(sm.group(3) or 0), n)

    def _on_exit(self, n, m, hashed):
        self._framing.append((n, "EXIT", hashed))
        if self._exit_seen:
            self._bad(n, "second EXIT line")
            return
        self._exit_seen = True
        if self._phase == _PRE and not self.errors:
            self._bad(n, "EXIT line before the start line")
        elif self._phase > _SUMMARIZED:
            self._bad(n, "EXIT line after %s" % _PHASE_LINE[self._phase])
        self._phase = max(self._phase, _EXITED)
        em = _EXIT_BODY.match(m.group(1))
        if not em:
            self._bad(n, "malformed EXIT line (want 'EXIT: STATUS=<n>')")
            return
        self.exit_status = int(em.group(1))

    def _on_end(self, n, m, hashed):
        self._framing.append((n, "end", hashed))
        if self._phase == _PRE and not self.errors:
            self._bad(n, "end line before the start line")
        self._phase = _ENDED
        word = (m.group(1) or "").strip()
        if word not in ALL_END_WORDS:
            self._bad(n, "end word %r is not one of %s" % (word, ", ".join(ALL_END_WORDS)))
        self.end = word
        self._end_line = n

    def _on_bail(self, n, m, hashed):
        self._on_error(n, m, hashed, bail=True)

    def _on_error(self, n, m, hashed, bail=False):
        self._error_lines.append((n, bail))
        self.error_lines.append(n)
        what = (m.group(1) or "").strip()
        if not what:
            self._bad(n, "error line does not say what is wrong")
        if self._first_error is None:
            self._first_error = n
        self.errors.append(what)

    @property
    def bailed(self):
        """The image said "Bail out!" (TAP mode's error line)."""
        return any(bail for _, bail in self._error_lines)

    # --- checks ------------------------------------------------------------

    def counts(self):
        failed = sum(r.status == "FAIL" for r in self.results)
        skipped = sum(r.status == "SKIP" for r in self.results)
        return len(self.results), failed, skipped

    def expected_status(self):
        """The status the result lines call for."""
        tests, failed, skipped = self.counts()
        if self.errors or failed:
            return STATUS_FAIL
        if tests == 0 or skipped == tests:
            return STATUS_SKIP
        return STATUS_PASS

    def violations(self, expect=None):
        """Every broken rule, in line order; `expect` adds the runner's own expectations:
        start-line keys it knows (seed, cpus, el, arch, platform) and `status`."""
        v = list(self._v)
        bad = lambda line, msg: v.append(Violation(line, msg))  # noqa: E731
        tests, failed, skipped = self.counts()
        started = bool(self._starts)
        error_first = self._first_error is not None and (not started or self._first_error < self._starts[0])
        if not started and not error_first:
            bad(None, "no start line")
        if started or not self.errors:
            if not self._summary_seen and not self.errors:
                bad(None, "no SUMMARY line")
            if not self._exit_seen:
                bad(None, "no EXIT: STATUS= line")
            if self.end is None:
                bad(None, "no end line")
        if self.summary:
            s = self.summary
            for what, said, real in (("tests", s.tests, tests), ("failed", s.failed, failed),
                                     ("skipped", s.skipped, skipped)):
                if said != real:
                    bad(s.line, "SUMMARY says %d %s, but there are %d such result lines" % (said, what, real))
        want = self.expected_status()
        if self.exit_status is not None and self.exit_status != want:
            why = ("an error line" if self.errors else "a FAIL" if failed else
                   "no test ran" if not tests else "every test skipped" if skipped == tests else "all passed")
            bad(None, "EXIT: STATUS=%d, but %s calls for %d" % (self.exit_status, why, want))
        if self.end in ALL_END_WORDS:
            status = self.exit_status if self.exit_status in END_WORDS else want
            want_word = "ERROR" if self.errors else END_WORDS[status]
            if self.end != want_word:
                bad(self._end_line, "end word %s, want %s (%s)" % (
                    self.end, want_word, "after an error line" if self.errors else "EXIT: STATUS=%d" % status))
        if self.errors:
            for r in self.results:
                if r.status == "PASS":
                    bad(r.line, "PASS %s in a boot that printed an error line" % r.id)
        if self.listed and self.results:
            bad(None, "a test list (hyptest: test) and test results in one boot")
        tap = self.tap_version is not None
        for line, what, hashed in self._framing:
            if tap and not hashed:
                bad(line, "TAP mode: the %s line must be behind '# '" % what)
            elif not tap and hashed:
                bad(line, "the %s line is behind '# ' but there is no TAP version line" % what)
        for r in self.results:
            if r.tap and not tap:
                bad(r.line, "TAP test line but no TAP version line")
            elif not r.tap and tap:
                bad(r.line, "TAP mode: text-mode %s line" % r.status)
        for line, bail in self._error_lines:
            if bail and not tap:
                bad(line, "'Bail out!' line but no TAP version line")
            elif tap and not bail and line > self._tap_version_line:
                bad(line, "TAP mode: the error line must be 'Bail out! hyptest: error: ...' (a TAP reader "
                          "ignores anything else)")
        if tap and self._tap_points and self.tap_plan is None:
            bad(None, "TAP mode: no plan line (1..N)")
        if self.tap_plan is not None and self.tap_plan != self._tap_points:
            bad(None, "TAP plan 1..%d, but there are %d test lines" % (self.tap_plan, self._tap_points))
        for key, value in (expect or {}).items():
            if key == "status":
                if self.exit_status is not None and self.exit_status != value:
                    bad(None, "EXIT: STATUS=%d, but this boot must end with status %d" % (self.exit_status, value))
                continue
            if self.start is None or key not in self.start:
                continue
            got = self.start[key]
            if got != value:
                fmt = (lambda x: "0x%x" % x if isinstance(x, int) else str(x)) if key in ("seed", "pa", "va") \
                    else str
                bad(self.start_line, "start line says %s=%s, but the runner asked for %s" % (key, fmt(got), fmt(value)))
        v.sort(key=lambda x: (x.line is None, x.line or 0))
        return v

    def verdict(self, expect=None):
        violations = self.violations(expect)
        tests, failed, skipped = self.counts()
        status = self.exit_status
        if status is None and self.errors and not self._starts:
            status = STATUS_FAIL  # an error before the start line: status 1 with no framing
        valid = not violations
        word = "INVALID"
        if valid:
            word = self.end if self.end else "ERROR"
        return Verdict(valid, status, word, violations, tests, failed, skipped)
