# SPDX-License-Identifier: MIT
# Tests of the generated-mutant operators (tools/hyptestlib/mutants.py): the tokenizer, each operator's sites, ids, the sample.
import os
import sys
import tempfile
import unittest

TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools")
TOP = os.path.dirname(os.path.abspath(TOOLS))
sys.path.insert(0, TOOLS)

from hyptestlib import mutants as M  # noqa: E402
from hyptestlib import mutants_run as R  # noqa: E402

C_SRC = r'''/* SPDX-License-Identifier: MIT */
#include "lib/x.h"
#define REG_A		(UL(1) << 4)
#define REG_B		BIT(7)
#define REG_BOOT	(REG_A | REG_B)
/* a comment: foo(); x < y; tlbi vae2is */
static const char *msg = "a < b; bar();";

static inline bool ready(unsigned n)
{
	return n < 4;
}

int setup(struct thing *t, uint64_t v)
{
	int rc = 0;
	uint64_t hi = v >> 32;

	t->hcr = REG_A | REG_B;
	if (t->n >= t->max - 1)
		return -1;
	for (int i = 0; i <= t->n; i++)
		poke(t, i);
#ifdef INJECT_SOMETHING
	knob_only(t);
#else
	real_path(t);
#endif
	__asm__ __volatile__("tlbi alle2is\n\tdsb ish" ::: "memory");
	dsb(ish);
	isb();
	(void)hi;
	return rc;
}

const char *name_of(int k)
{
	return names[k];
}
'''

ASM64 = r'''/* SPDX-License-Identifier: MIT */
#include "lib/arm64/asm.h"
.macro mine reg
	mov	\reg, #1
.endm
FUNC(entry)
	mov	x0, #1		/* a comment: tlbi alle2is */
1:	tlbi	alle2
	dsb	nsh
	isb
	cmp	x0, x1
	b.lo	1b
	stp	x19, x20, [sp, #16]
	lsr	x2, x3, #32
	ldr	x0, =(HCR_A | HCR_B)
#ifdef INJECT_KNOB
	nop
#endif
	.balign	8
	ret
END(entry)
'''

ASM32 = r'''/* SPDX-License-Identifier: MIT */
FUNC(entry32)
	mcr_t	r0, TLBIALLH
	mcrr_t	r0, r1, HTTBR
	blo	2f
2:	dsb	ish
	bx	lr
END(entry32)
'''


def by(sites, op):
    return [s for s in sites if s.op == op]


class Tokenizer(unittest.TestCase):
    def test_comments_strings_and_directives_are_not_code(self):
        toks = M.tokenize_c(C_SRC)
        code = [t.text for t in toks if t.ctx == "code"]
        self.assertNotIn("foo", code)          # in a comment
        self.assertNotIn("bar", code)          # in a string
        self.assertNotIn("include", code)      # a directive
        self.assertIn('"a < b; bar();"', code)  # the string is one token
        # #define bodies are tokens of their own context, each body its own segment
        defs = [t for t in toks if t.ctx == "define"]
        self.assertEqual([t.text for t in defs if t.seg == 3], ["(", "REG_A", "|", "REG_B", ")"])

    def test_inject_branches_are_dead(self):
        toks = M.tokenize_c(C_SRC)
        dead = {t.text for t in toks if t.dead}
        self.assertIn("knob_only", dead)
        live = {t.text for t in toks if not t.dead}
        self.assertIn("real_path", live)

    def test_ifndef_inject_else_is_dead(self):
        toks = M.tokenize_c("#ifndef INJECT_X\na();\n#else\nb();\n#endif\n#if defined(INJECT_Y)\nc();\n#endif\n")
        self.assertEqual({t.text: t.dead for t in toks if t.kind == "ident"}, {"a": False, "b": True, "c": True})


class CSites(unittest.TestCase):
    def setUp(self):
        self.sites = M.c_sites("x/a.c", C_SRC)
        self.ids = {s.id: s for s in self.sites}

    def test_nothing_in_comments_strings_or_dead_code(self):
        for s in self.sites:
            line = C_SRC.splitlines()[s.line - 1]
            self.assertFalse(line.lstrip().startswith("/*"), s)
            self.assertNotIn("msg", line, s)
            self.assertNotIn("knob_only", line, s)

    def test_statement_delete(self):
        dels = {s.desc for s in by(self.sites, "stmt-delete")}
        self.assertIn("`t->hcr = REG_A | REG_B;` deleted", dels)
        self.assertIn("`poke(t, i);` deleted", dels)
        self.assertIn("`real_path(t);` deleted", dels)
        # declarations, (void)x and returns are not deleted
        self.assertFalse(any("int rc" in d or "(void)hi" in d or "return" in d for d in dels), dels)
        s = next(s for s in self.sites if s.desc == "`poke(t, i);` deleted")
        self.assertIn("\t\t(void)0;\n", M.apply(C_SRC, s))

    def test_barriers_and_tlbi_in_asm_strings(self):
        descs = {s.desc for s in by(self.sites, "barrier-drop")}
        self.assertIn("`dsb(ish);` deleted", descs)
        self.assertIn("`isb();` deleted", descs)
        s = next(s for s in by(self.sites, "barrier-drop") if "dropped from" in s.desc)
        self.assertIn('__asm__ __volatile__("tlbi alle2is" ::: "memory");', M.apply(C_SRC, s))
        t = by(self.sites, "tlbi-scope")
        self.assertEqual([x.desc for x in t], ["`tlbi alle2is` -> `tlbi alle2`"])
        self.assertIn('"tlbi alle2\\n\\tdsb ish"', M.apply(C_SRC, t[0]))
        # stmt-delete of the whole asm statement as well
        self.assertTrue(any(x.desc.startswith("`__asm__") for x in by(self.sites, "stmt-delete")))

    def test_bits(self):
        flips = {s.desc: s for s in by(self.sites, "bit-flip")}
        self.assertEqual(set(flips), {"`<< 4` -> `<< 5`", "`BIT(7)` -> `BIT(6)`"})
        self.assertIn("#define REG_A\t\t(UL(1) << 5)", M.apply(C_SRC, flips["`<< 4` -> `<< 5`"]))
        drops = [s for s in by(self.sites, "bit-drop")]
        # (REG_A | REG_B) in the #define and REG_A | REG_B in setup: two operands each
        self.assertEqual(len(drops), 4)
        texts = [M.apply(C_SRC, s) for s in drops if s.line == 19]
        self.assertIn("\tt->hcr = REG_B;\n", texts[0])
        self.assertIn("\tt->hcr = REG_A ;\n", texts[1])

    def test_a_continued_define_stays_continued(self):
        src = "#define BASE\t(A | \\\n\t\t B)\nint x = BASE;\n"
        s = [x for x in M.c_sites("h.h", src) if x.desc == "`B` dropped from a |"]
        self.assertEqual(M.apply(src, s[0]), "#define BASE\t(A  \\\n)\nint x = BASE;\n")

    def test_off_by_one(self):
        descs = sorted(s.desc for s in by(self.sites, "off-by-one"))
        self.assertEqual(descs, ["`- 1` dropped", "`<=` -> `<`", "`<` -> `<=`", "`>=` -> `>`"])
        s = next(s for s in self.sites if s.desc == "`- 1` dropped")
        self.assertIn("if (t->n >= t->max )", M.apply(C_SRC, s))

    def test_half_swap(self):
        s = by(self.sites, "half-swap")
        self.assertEqual([x.desc for x in s], ["`>> 32` dropped"])
        self.assertIn("uint64_t hi = v ;", M.apply(C_SRC, s[0]))

    def test_return_values_follow_the_return_type(self):
        r = {(s.func, s.desc) for s in by(self.sites, "return-value")}
        self.assertEqual(r, {("ready", "`return n < 4` -> `return !(...)`"),
                             ("setup", "`return -1` -> `return 0`"),
                             ("setup", "`return rc` -> `return !(...)`"),
                             ("name_of", "`return names[k]` -> `return NULL`")})

    def test_apply_keeps_every_line_where_it_was(self):
        for s in self.sites:
            out = M.apply(C_SRC, s)
            self.assertNotEqual(out, C_SRC, s)
            self.assertEqual(out.count("\n"), C_SRC.count("\n"), s)

    def test_functions_named(self):
        funcs = {s.func for s in self.sites if s.line >= 15 and s.line <= 34}
        self.assertEqual(funcs, {"setup"})
        # a macro invocation in front of a definition is not its name
        src = "CP32_RW(a, b)\nstatic inline uint32_t read_x(void)\n{\n\treturn 0;\n}\n"
        s = M.c_sites("y.h", src)
        self.assertEqual([(x.func, x.desc) for x in s], [("read_x", "`return 0` -> `return -1`")])


class AsmSites(unittest.TestCase):
    def test_arm64(self):
        M.TLBI_NAMES.clear()
        sites = M.asm_sites("boot/arm64/x.S", ASM64, arm32=False)
        got = {(s.op, s.desc) for s in sites}
        self.assertIn(("tlbi-scope", "`tlbi alle2` -> `tlbi alle2is`"), got)
        self.assertIn(("barrier-drop", "`dsb nsh` deleted"), got)
        self.assertIn(("barrier-drop", "`isb` deleted"), got)
        self.assertIn(("off-by-one", "`b.lo` -> `b.ls`"), got)
        self.assertIn(("half-swap", "`stp x19, x20` -> `stp x20, x19`"), got)
        self.assertIn(("half-swap", "`lsr` shift `#32` -> `#0`"), got)
        self.assertIn(("bit-drop", "`HCR_A` dropped from a |"), got)
        self.assertIn(("bit-drop", "`HCR_B` dropped from a |"), got)
        # not the macro's body, the knob's nop, directives, or END()
        self.assertFalse(any("\\reg" in d or "nop" in d or ".balign" in d or "END" in d for _, d in got), got)
        # barriers are barrier-drop, not also stmt-delete
        self.assertFalse(any(op == "stmt-delete" and "dsb" in d for op, d in got))
        lbl = next(s for s in sites if s.op == "stmt-delete" and "tlbi" in s.desc)
        self.assertIn("1:\t\n", M.apply(ASM64, lbl))  # the label stays
        self.assertTrue(all(s.func == "entry" for s in sites))
        for s in sites:
            self.assertEqual(M.apply(ASM64, s).count("\n"), ASM64.count("\n"))

    def test_arm32(self):
        M.TLBI_NAMES.clear()
        M.TLBI_NAMES.update({"TLBIALLH", "TLBIALLHIS"})
        try:
            sites = M.asm_sites("boot/arm32/x.S", ASM32, arm32=True)
        finally:
            M.TLBI_NAMES.clear()
        got = {(s.op, s.desc) for s in sites}
        self.assertIn(("tlbi-scope", "`TLBIALLH` -> `TLBIALLHIS`"), got)
        self.assertIn(("half-swap", "`mcrr_t r0, r1` -> `mcrr_t r1, r0`"), got)
        self.assertIn(("off-by-one", "`blo` -> `bls`"), got)
        self.assertIn(("barrier-drop", "`dsb ish` deleted"), got)


class Ids(unittest.TestCase):
    def test_ids_and_indexes(self):
        src = "int f(int a, int b)\n{\n\treturn a < b && b < 9;\n}\n"
        sites = M.c_sites("f.c", src)
        for s in sites:
            s.index = 0
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "f.c"), "w") as f:
                f.write(src)
            sites = M.file_sites(d, "f.c")
        ids = [s.id for s in sites if s.op == "off-by-one"]
        self.assertEqual(ids, ["f.c:3:off-by-one:0", "f.c:3:off-by-one:1"])

    def test_find_site_follows_a_moved_line(self):
        src = "int f(int a)\n{\n\treturn a < 3;\n}\n"
        old = M.c_sites("f.c", src)
        moved = M.c_sites("f.c", "/* new */\n" + src)
        o = next(s for s in old if s.op == "off-by-one")
        by_id = {s.id: s for s in moved}
        s, was_moved = M.find_site(by_id, moved, o.id, o.desc)
        self.assertTrue(was_moved)
        self.assertEqual(s.id, "f.c:4:off-by-one:0")
        self.assertEqual(M.find_site(by_id, moved, o.id, "`>` -> `>=`")[0], None)


class Sample(unittest.TestCase):
    def sites(self):
        return M.all_sites(TOP)

    def test_seeded_and_prefix(self):
        sites = self.sites()
        a = [s.id for s in M.sample(sites, 20, 50)]
        b = [s.id for s in M.sample(sites, 20, 200)]
        self.assertEqual(a, b[:50])
        self.assertEqual(a, [s.id for s in M.sample(list(reversed(sites)), 20, 50)])
        self.assertNotEqual(a, [s.id for s in M.sample(sites, 21, 50)])
        self.assertEqual(len(set(b)), 200)
        # operators interleaved: the first round has one site of each
        first = M.sample(sites, 20, len(M.OPERATORS))
        self.assertEqual(sorted(s.op for s in first), sorted(M.OPERATORS))

    def test_real_tree(self):
        sites = self.sites()
        files = M.scope_files(TOP)
        self.assertNotIn("guest/prog/guest.c", files)
        self.assertNotIn("mm/fake/arch_pte.h", files)
        self.assertIn("mm/pgtable.c", files)
        self.assertIn("boot/arm64/head.S", files)
        self.assertEqual(len({s.id for s in sites}), len(sites))
        ops = {s.op for s in sites}
        self.assertEqual(ops, set(M.OPERATORS))
        texts = {}
        for s in sites:
            if s.file not in texts:
                with open(os.path.join(TOP, s.file)) as fh:
                    texts[s.file] = fh.read()
            t = texts[s.file]
            out = M.apply(t, s)
            self.assertNotEqual(out, t, s.id)
            self.assertEqual(out.count("\n"), t.count("\n"), s.id)
        # the TLBI scope swaps exist on both arches, and nothing inside a knob's branch is mutated
        tl = {s.file for s in sites if s.op == "tlbi-scope"}
        self.assertTrue({"mm/arm64/tlb.h", "mm/arm32/tlb.h", "boot/arm64/head.S"} <= tl, tl)
        knob_lines = set()
        for f in ("mm/arm64/tlb.h", "mm/pgtable.c"):
            with open(os.path.join(TOP, f)) as fh:
                lines = fh.read().splitlines()
            inside = False
            for n, ln in enumerate(lines, 1):
                if ln.startswith("#ifdef INJECT_"):
                    inside = True
                elif ln.startswith(("#else", "#endif")):
                    inside = False
                elif inside:
                    knob_lines.add((f, n))
        self.assertTrue(knob_lines)
        self.assertFalse([s.id for s in sites if (s.file, s.line) in knob_lines])


class Annotations(unittest.TestCase):
    def test_read(self):
        with tempfile.NamedTemporaryFile("w", suffix=".ann", delete=False) as f:
            f.write("# comment\n\nmm/a.c:1:off-by-one:0 | `<` -> `<=` | equivalent | the bound is never reached\n")
        try:
            got = M.read_annotations(f.name)
            self.assertEqual(got["mm/a.c:1:off-by-one:0"][:3], ("`<` -> `<=`", "equivalent",
                                                                 "the bound is never reached"))
            with open(f.name, "a") as g:
                g.write("mm/a.c:2:off-by-one:0 | `<` -> `<=` | fine | ...\n")
            with self.assertRaisesRegex(ValueError, "class 'fine'"):
                M.read_annotations(f.name)
        finally:
            os.unlink(f.name)

    def test_a_mutation_may_hold_the_separator(self):
        with tempfile.NamedTemporaryFile("w", suffix=".check", delete=False) as f:
            f.write("a.c:3:stmt-delete:0 | `p |= A | B;` deleted | arm64 | killed\n"
                    "a.c:4:bit-drop:0 | `A` dropped from a | | arm32 | survived\n"
                    "a.c:5:bit-drop:0 | arm32 | survived\n")
        try:
            with self.assertRaisesRegex(ValueError, ":3: want 4 fields"):
                M.read_table(f.name, 4)
            with open(f.name, "w") as g:
                g.write("a.c:3:stmt-delete:0 | `p |= A | B;` deleted | arm64 | killed\n"
                        "a.c:4:bit-drop:0 | `A` dropped from a | | arm32 | survived\n")
            rows = M.read_table(f.name, 4)
            self.assertEqual(rows, [["a.c:3:stmt-delete:0", "`p |= A | B;` deleted", "arm64", "killed", 1],
                                    ["a.c:4:bit-drop:0", "`A` dropped from a |", "arm32", "survived", 2]])
        finally:
            os.unlink(f.name)

    def test_repo_annotations_and_checklist_parse(self):
        # Every annotation parses and gives a reason. Whether its site still exists is not asked here: an
        # edit elsewhere in a file may move a survivor's line where its change is no longer unique, and
        # tools/mutants report lists such annotations as stale (in docs/mutants.md too) for the next run
        # to classify again. The make-check sample (tools/mutants.check) must resolve: it is booted.
        ann = M.read_annotations(os.path.join(TOP, "tools", "mutants.annotations"))
        sites = M.all_sites(TOP)
        by_id = {s.id: s for s in sites}
        self.assertTrue(ann)
        for sid, (desc, _cls, reason, n) in ann.items():
            self.assertEqual(len(sid.split(":")), 4, "line %d: %s" % (n, sid))
            self.assertTrue(desc and reason, sid)
        for sid, desc, arch, want, n in M.read_table(os.path.join(TOP, "tools", "mutants.check"), 4):
            self.assertIsNotNone(M.find_site(by_id, sites, sid, desc)[0], "line %d: %s" % (n, sid))
            self.assertIn(arch, R.ARCHES)
            self.assertIn(want, R.OUTCOMES)


class Outcomes(unittest.TestCase):
    def test_combine(self):
        eq = "equivalent (identical binary)"
        self.assertEqual(R.combine(["survived", "killed"]), "killed")
        self.assertEqual(R.combine(["timeout", "survived"]), "timeout")
        self.assertEqual(R.combine([eq, "survived"]), "survived")
        self.assertEqual(R.combine([eq, eq]), eq)
        self.assertEqual(R.combine([eq, "build error"]), "build error")

    def test_parse_boot(self):
        out = "PASS: a.b\nFAIL: c.d: went wrong\nSKIP: e: why\nhyptest: error: bad\n"
        r = R.parse_boot(out, 1)
        self.assertEqual((r["fails"], r["passes"], r["error"], r["timeout"]), (["c.d"], ["a.b"], "bad", False))
        self.assertTrue(R.parse_boot("hyptest: timeout after 20 s\n", 124)["timeout"])

    def test_score(self):
        site = M.Site("f.c", 1, "off-by-one", 0, 1, "", "d")
        rows = [(site, {"outcome": o, "arches": {}}, c, None, None) for o, c in (
            ("killed", None), ("killed", None), ("timeout", None), ("build error", None),
            ("equivalent (identical binary)", None), ("survived", "equivalent"),
            ("survived", "not-observable"), ("survived", "missing-test"))]
        s = R.summarize(rows, False)
        # (2 killed + 1 timeout) / (8 - 1 build error - 2 equivalent - 1 not observable)
        self.assertEqual((s["detected"], s["denom"]), (3, 4))
        self.assertAlmostEqual(s["score"], 75.0)
        self.assertIsNone(s["score_checker"])


if __name__ == "__main__":
    unittest.main()
