/* SPDX-License-Identifier: MIT */
/*
 * The sequence checker (tools/seqcheck) on the host: its decoder against
 * what the cross assemblers encode (tests/unit/seqcheck/a64.S, a32.S, each
 * instruction with the class it must have), then its rules on made-up
 * blocks: every rule must fire on the sequence it forbids and stay quiet on
 * the correct one, across blocks, exceptions and unchecked spans.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/seqcheck/rules.h"
#include "corpus_a64.h"
#include "corpus_a32.h"

/* --- the decoder against the assembled corpora ------------------------------ */

static int check_corpus(enum seq_isa isa, const uint32_t *words, const int32_t *expect, size_t n)
{
	const uint64_t base = 0x40000000;
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t pc = base + 4 * i;
		const int32_t *e = &expect[3 * i];
		struct seq_insn in;
		char name[64];

		seq_decode(isa, words[i], pc, &in);
		seq_describe(isa, words[i], name, sizeof(name));
		if (in.flags != (uint32_t)e[0] || in.domain != (uint8_t)e[1] ||
		    ((in.flags & SEQ_BR_DIRECT) && in.target != pc + (uint64_t)(int64_t)e[2])) {
			print_error("%s #%zu %08x (%s): flags 0x%x domain %u target .%+lld, want flags 0x%x domain %d "
				    "target .%+d\n", isa == SEQ_A64 ? "a64" : "a32", i, words[i], name, in.flags,
				    in.domain, (in.flags & SEQ_BR_DIRECT) ? (long long)(in.target - pc) : 0LL, e[0], e[1],
				    e[2]);
			bad++;
		}
	}
	return bad;
}

/* A corpus: its words, its expectations (3 per word), and a floor on its size so that it cannot shrink unseen. */
#define CHECK_CORPUS(isa, text, expect, min) do { \
	assert_int_equal(sizeof(expect) / sizeof((expect)[0]), 3 * (sizeof(text) / sizeof((text)[0]))); \
	assert_true(sizeof(text) / sizeof((text)[0]) > (min)); \
	assert_int_equal(check_corpus(isa, text, expect, sizeof(text) / sizeof((text)[0])), 0); \
} while (0)

static void decode_a64_corpus(void **state)
{
	(void)state;
	CHECK_CORPUS(SEQ_A64, corpus_a64_text, corpus_a64_expect, 100);
}

static void decode_a32_corpus(void **state)
{
	(void)state;
	CHECK_CORPUS(SEQ_A32, corpus_a32_text, corpus_a32_expect, 80);
}

static void describe_names(void **state)
{
	char b[64];

	(void)state;
	seq_describe(SEQ_A64, 0xd50c8320, b, sizeof(b));
	assert_string_equal(b, "TLBI VAE2IS");
	seq_describe(SEQ_A64, 0xd51c1000, b, sizeof(b));
	assert_string_equal(b, "MSR SCTLR_EL2");
	seq_describe(SEQ_A64, 0xd5033a9f, b, sizeof(b));
	assert_string_equal(b, "DSB ISHST");
	seq_describe(SEQ_A32, 0xee880f17, b, sizeof(b));
	assert_string_equal(b, "MCR TLBIALLH");
	seq_describe(SEQ_A32, 0xec410f62, b, sizeof(b));
	assert_string_equal(b, "MCRR VTTBR");
}

/* --- the rules on made-up blocks -------------------------------------------- */

/* A64 words (each one's class is checked below before it is relied on). */
#define NOP		0xd503201f
#define LDR		0xf9400020	/* ldr x0, [x1] */
#define STR		0xf9000020	/* str x0, [x1] */
#define ADD		0x91000400	/* add x0, x0, #1 */
#define TLBI_VAE2IS	0xd50c8320
#define TLBI_ALLE2	0xd50c871f
#define TLBI_S12IS	0xd50c83df	/* tlbi vmalls12e1is */
#define DSB_ISH		0xd5033b9f
#define DSB_NSH		0xd503379f
#define DSB_ISHST	0xd5033a9f
#define ISB		0xd5033fdf
#define MSR_SCTLR2	0xd51c1000	/* msr sctlr_el2, x0 */
#define MSR_TTBR0_2	0xd51c2000	/* msr ttbr0_el2, x0 */
#define MSR_SCTLR1	0xd5181000	/* msr sctlr_el1, x0 */
#define MSR_VTTBR	0xd51c2100	/* msr vttbr_el2, x0 */
#define ERET		0xd69f03e0
#define B_2000		0x14000800	/* b .+0x2000 */
#define AT_S1E2R	0xd50c7800
#define AT_S12E1R	0xd50c7880
#define SPAN_BEGIN	0xd5032f5f	/* hint #0x7a */
#define SPAN_END	0xd5032f7f	/* hint #0x7b */
/* A32 */
#define A32_TLBIALLH	0xee880f17
#define A32_LDR		0xe5910000	/* ldr r0, [r1] */
#define A32_DSB_NSH	0xf57ff047
#define A32_ISB		0xf57ff06f
#define A32_HSCTLR	0xee810f10	/* mcr p15, 4, r0, c1, c0, 0 */

struct seen {
	unsigned n;
	const char *rule[8];
	uint64_t at[8], then[8];
};

static void record(void *ctx, const struct seq_report *r)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		s->rule[s->n] = r->rule;
		s->at[s->n] = r->at->pc;
		s->then[s->n] = r->then_pc;
	}
	s->n++;
}

struct rig {
	struct seq_checker k;
	struct seq_cpu c;
	struct seen seen;
	struct seq_tb *tbs[8];
	unsigned n_tbs;
};

static void rig_init(struct rig *r, enum seq_isa isa)
{
	memset(r, 0, sizeof(*r));
	r->k.isa = isa;
	r->k.report = record;
	r->k.ctx = &r->seen;
}

static void rig_free(struct rig *r)
{
	for (unsigned i = 0; i < r->n_tbs; i++)
		free(r->tbs[i]);
}

/* Execute a block at va made of these words, as QEMU would: block callback, then each stateful event. */
static const struct seq_tb *run(struct rig *r, uint64_t va, const uint32_t *w, size_t n)
{
	uint8_t sizes[16];
	struct seq_tb *tb;

	assert_true(n <= 16 && r->n_tbs < 8);
	memset(sizes, 4, sizeof(sizes));
	tb = seq_tb_build(r->k.isa, va, w, sizes, n);
	assert_non_null(tb);
	r->tbs[r->n_tbs++] = tb;
	if (r->c.pend)
		seq_tb_exec(&r->k, &r->c, 0, tb);
	for (uint32_t i = 0; i < tb->n_ev; i++)
		if (tb->ev[i].in.flags & SEQ_STATEFUL)
			seq_ev_exec(&r->k, &r->c, 0, &tb->ev[i]);
	return tb;
}

#define RUN(r, va, ...) run(r, va, (const uint32_t[]){ __VA_ARGS__ }, \
			    sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

static void assert_reports(const struct rig *r, unsigned n, const char *rule, uint64_t at, uint64_t then)
{
	if (r->seen.n != n) {
		for (unsigned i = 0; i < r->seen.n && i < 8; i++)
			print_error("report %u: %s at 0x%llx then 0x%llx\n", i, r->seen.rule[i],
				    (unsigned long long)r->seen.at[i], (unsigned long long)r->seen.then[i]);
	}
	assert_int_equal(r->seen.n, n);
	if (n) {
		assert_string_equal(r->seen.rule[0], rule);
		assert_int_equal(r->seen.at[0], at);
		assert_int_equal(r->seen.then[0], then);
	}
}

static void words_are_what_the_rules_assume(void **state)
{
	static const struct {
		enum seq_isa isa;
		uint32_t w, flags;
	} t[] = {
		{ SEQ_A64, NOP, 0 }, { SEQ_A64, LDR, SEQ_LDST }, { SEQ_A64, STR, SEQ_LDST }, { SEQ_A64, ADD, 0 },
		{ SEQ_A64, TLBI_VAE2IS, SEQ_TLBI }, { SEQ_A64, TLBI_ALLE2, SEQ_TLBI },
		{ SEQ_A64, TLBI_S12IS, SEQ_TLBI | SEQ_TLBI_VMID }, { SEQ_A64, DSB_ISH, SEQ_DSB },
		{ SEQ_A64, DSB_NSH, SEQ_DSB }, { SEQ_A64, DSB_ISHST, SEQ_DSB_PART }, { SEQ_A64, ISB, SEQ_ISB },
		{ SEQ_A64, MSR_SCTLR2, SEQ_CTRL_OWN }, { SEQ_A64, MSR_TTBR0_2, SEQ_CTRL_OWN },
		{ SEQ_A64, MSR_SCTLR1, SEQ_CTRL_OTHER }, { SEQ_A64, MSR_VTTBR, SEQ_CTRL_OTHER },
		{ SEQ_A64, ERET, SEQ_ERET }, { SEQ_A64, B_2000, SEQ_BRANCH | SEQ_BR_DIRECT },
		{ SEQ_A64, AT_S1E2R, SEQ_AT }, { SEQ_A64, AT_S12E1R, SEQ_AT | SEQ_AT_GUEST },
		{ SEQ_A64, SPAN_BEGIN, SEQ_SPAN_BEGIN },
		{ SEQ_A64, SPAN_END, SEQ_SPAN_END }, { SEQ_A32, A32_TLBIALLH, SEQ_TLBI },
		{ SEQ_A32, A32_LDR, SEQ_LDST }, { SEQ_A32, A32_DSB_NSH, SEQ_DSB }, { SEQ_A32, A32_ISB, SEQ_ISB },
		{ SEQ_A32, A32_HSCTLR, SEQ_CTRL_OWN },
	};
	struct seq_insn in;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		seq_decode(t[i].isa, t[i].w, 0, &in);
		assert_int_equal(in.flags, t[i].flags);
	}
}

#define VA 0x40001000

/* A block: where it is and its words. */
struct blk {
	uint64_t va;
	uint32_t n;
	uint32_t w[12];
};
#define BLK(va, ...) { va, sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4, { __VA_ARGS__ } }

/* Blocks executed in order on one vCPU, and what the rules must say: no report, or the first one's rule and places. */
struct scenario {
	const char *what;
	struct blk b[4];
	unsigned reports;
	const char *rule;
	uint64_t at, then;
	unsigned long exceptions, abandoned;
};

/* The first report: its rule, the instruction it is about, where the sequence went wrong. */
#define FIRES(rule_, at_, then_) .reports = 1, .rule = rule_, .at = at_, .then = then_

static const struct scenario a64_scenarios[] = {
	{ .what = "TLBI, DSB ISH, then a load", .b = { BLK(VA, TLBI_VAE2IS, DSB_ISH, LDR, ISB) } },
	{ .what = "two TLBIs share one DSB", .b = { BLK(VA, TLBI_VAE2IS, TLBI_ALLE2, NOP, DSB_ISH, STR) } },
	{ .what = "TLBI, then a load", .b = { BLK(VA, TLBI_VAE2IS, ADD, LDR, DSB_ISH) },
	  FIRES(SEQ_RULE_TLBI_NO_DSB, VA, VA + 8) },
	/* QEMU ends a block after a TLBI: the load is in the next one, the fall-through. */
	{ .what = "TLBI, then a load in the next block", .b = { BLK(VA, ADD, TLBI_VAE2IS), BLK(VA + 8, NOP, STR, DSB_ISH) },
	  FIRES(SEQ_RULE_TLBI_NO_DSB, VA + 4, VA + 12) },
	{ .what = "TLBI, DSB ISHST (stores only), a load", .b = { BLK(VA, TLBI_VAE2IS, DSB_ISHST, LDR) },
	  FIRES(SEQ_RULE_TLBI_NO_DSB, VA, VA + 8) },
	{ .what = "TLBI VAE2IS completed by DSB NSH", .b = { BLK(VA, TLBI_VAE2IS, DSB_NSH, LDR) },
	  FIRES(SEQ_RULE_TLBI_DSB_SCOPE, VA, VA + 4) },
	{ .what = "local TLBI completed by DSB NSH", .b = { BLK(VA, TLBI_ALLE2, DSB_NSH, LDR) } },
	{ .what = "TLBI, then ERET", .b = { BLK(VA, TLBI_ALLE2, ERET) }, FIRES(SEQ_RULE_TLBI_NO_DSB, VA, VA + 4) },
	{ .what = "TLBI, then a TTBR0_EL2 write", .b = { BLK(VA, TLBI_ALLE2, MSR_TTBR0_2) },
	  FIRES(SEQ_RULE_TLBI_NO_DSB, VA, VA + 4) },
	/* A block that is no successor of the last one: an exception; the TLBI is dropped, unjudged. */
	{ .what = "TLBI, then an exception vector's stores", .b = { BLK(VA, TLBI_VAE2IS), BLK(0x50000400, STR, STR) },
	  .exceptions = 1, .abandoned = 1 },
	{ .what = "SCTLR_EL2 write, then a load", .b = { BLK(VA, MSR_SCTLR2), BLK(VA + 4, LDR, ISB) },
	  FIRES(SEQ_RULE_CTRL_NO_ISB, VA, VA + 4) },
	{ .what = "two writes share one ISB", .b = { BLK(VA, MSR_TTBR0_2), BLK(VA + 4, MSR_SCTLR2),
						     BLK(VA + 8, ADD, ISB), BLK(VA + 16, LDR) } },
	{ .what = "SCTLR_EL2 write, then a branch to another page",
	  .b = { BLK(VA, MSR_SCTLR2), BLK(VA + 4, ADD, B_2000), BLK(VA + 0x2008, ISB) },
	  FIRES(SEQ_RULE_CTRL_NO_ISB, VA, VA + 0x2008) },
	/* EL1&0 and stage-2 registers do not translate the hypervisor's own loads: only ERET, AT, a VMID TLBI. */
	{ .what = "SCTLR_EL1 write, loads, ISB, ERET", .b = { BLK(VA, MSR_SCTLR1), BLK(VA + 4, LDR, STR, ISB, ERET) } },
	{ .what = "SCTLR_EL1 write, then ERET", .b = { BLK(VA, MSR_SCTLR1), BLK(VA + 4, LDR, ERET) },
	  FIRES(SEQ_RULE_CTRL_NO_ISB, VA, VA + 8) },
	{ .what = "VTTBR write, then TLBI VMALLS12E1IS", .b = { BLK(VA, MSR_VTTBR), BLK(VA + 4, TLBI_S12IS, DSB_ISH) },
	  FIRES(SEQ_RULE_CTRL_NO_ISB, VA, VA + 4) },
	{ .what = "VTTBR write, then an AT S12E1R", .b = { BLK(VA, MSR_VTTBR), BLK(VA + 4, AT_S12E1R, ISB) },
	  FIRES(SEQ_RULE_CTRL_NO_ISB, VA, VA + 4) },
	/* AT S1E2R translates by the EL2 regime's registers only: an EL1 write before it is not read there. */
	{ .what = "SCTLR_EL1 write, then an AT S1E2R", .b = { BLK(VA, MSR_SCTLR1), BLK(VA + 4, AT_S1E2R, ISB) } },
	{ .what = "SCTLR_EL2 write, then an AT S1E2R", .b = { BLK(VA, MSR_SCTLR2), BLK(VA + 4, AT_S1E2R, ISB) },
	  FIRES(SEQ_RULE_CTRL_NO_ISB, VA, VA + 4) },
	/* Taking an exception is a context synchronization event: the write is in effect in the handler. */
	{ .what = "SCTLR_EL2 write, then an exception", .b = { BLK(VA, MSR_SCTLR2), BLK(0x50000400, STR) },
	  .exceptions = 1 },
	{ .what = "a span begins with a write pending", .b = { BLK(VA, MSR_SCTLR2), BLK(VA + 4, SPAN_BEGIN, ERET) },
	  FIRES(SEQ_RULE_CTRL_NO_ISB, VA, VA + 4) },
	{ .what = "a span ends that never began", .b = { BLK(VA, NOP, SPAN_END) }, FIRES(SEQ_RULE_SPAN, VA + 4, VA + 4) },
};

static void rules_on_blocks(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(a64_scenarios) / sizeof(a64_scenarios[0]); i++) {
		const struct scenario *sc = &a64_scenarios[i];
		struct rig r;

		rig_init(&r, SEQ_A64);
		for (size_t j = 0; j < 4 && sc->b[j].n; j++)
			run(&r, sc->b[j].va, sc->b[j].w, sc->b[j].n);
		if (r.seen.n != sc->reports || (sc->reports && (strcmp(r.seen.rule[0], sc->rule) ||
								r.seen.at[0] != sc->at || r.seen.then[0] != sc->then)) ||
		    r.k.stats.exceptions != sc->exceptions || r.k.stats.abandoned != sc->abandoned) {
			print_error("%s: %u report(s)%s%s, %lu exception(s), %lu TLBI(s) abandoned; want %u%s%s\n",
				    sc->what, r.seen.n, r.seen.n ? ", the first " : "", r.seen.n ? r.seen.rule[0] : "",
				    r.k.stats.exceptions, r.k.stats.abandoned, sc->reports, sc->reports ? " " : "",
				    sc->reports ? sc->rule : "");
			bad++;
		}
		rig_free(&r);
	}
	assert_int_equal(bad, 0);
}

static void spans_are_not_checked(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, SEQ_A64);
	RUN(&r, VA, SPAN_BEGIN, TLBI_VAE2IS, LDR, MSR_SCTLR2, STR, SPAN_BEGIN, TLBI_ALLE2, SPAN_END, LDR,
	    SPAN_END, LDR);
	assert_reports(&r, 0, NULL, 0, 0);
	assert_int_equal(r.c.depth, 0);
	assert_int_equal(r.k.stats.spans, 2);
	/* Checked again after the span. */
	RUN(&r, VA + 0x100, TLBI_ALLE2, LDR);
	assert_reports(&r, 1, SEQ_RULE_TLBI_NO_DSB, VA + 0x100, VA + 0x104);
	rig_free(&r);
}

static void a32_sequences(void **state)
{
	struct rig r;

	(void)state;
	rig_init(&r, SEQ_A32);
	RUN(&r, VA, A32_TLBIALLH, A32_DSB_NSH, A32_ISB, A32_HSCTLR);
	RUN(&r, VA + 16, A32_ISB, A32_LDR);
	assert_reports(&r, 0, NULL, 0, 0);
	RUN(&r, VA + 0x100, A32_TLBIALLH);
	RUN(&r, VA + 0x104, A32_LDR);
	assert_reports(&r, 1, SEQ_RULE_TLBI_NO_DSB, VA + 0x100, VA + 0x104);
	RUN(&r, VA + 0x200, A32_HSCTLR);
	RUN(&r, VA + 0x204, A32_LDR, A32_ISB);
	assert_int_equal(r.seen.n, 2);
	assert_string_equal(r.seen.rule[1], SEQ_RULE_CTRL_NO_ISB);
	rig_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_a64_corpus),
		cmocka_unit_test(decode_a32_corpus),
		cmocka_unit_test(describe_names),
		cmocka_unit_test(words_are_what_the_rules_assume),
		cmocka_unit_test(rules_on_blocks),
		cmocka_unit_test(spans_are_not_checked),
		cmocka_unit_test(a32_sequences),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
