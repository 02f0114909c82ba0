/* SPDX-License-Identifier: MIT */
/*
 * Unchecked spans: the one way to tell the sequence checkers that the code
 * between two points is, on purpose, outside the TLB and barrier rules
 * (issue 21). Two uses, and nothing else is marked this way:
 *
 *   - a test that breaks a rule deliberately (tlb.stale-observable changes a
 *     live entry with no break and no TLBI; smp.tlbi-local-control uses a
 *     local TLBI while two CPUs are online);
 *   - guest execution: from just before the ERET into a guest to the first
 *     instruction of guest_exit (guest/<arch>/vcpu_entry.S). A guest's own
 *     TLBI VMALLE1, its SCTLR writes, its loads: none of it is hyptest's.
 *
 * Each marker is one instruction from the hint space, which the hardware
 * executes as a NOP and the QEMU TCG plugin (tools/seqcheck, "outside the
 * image") sees in the instruction stream. The in-image checker (issue 21
 * part (a)) keys on the same two calls: a checked build may give the C
 * functions below a per-CPU depth counter beside the hint, so that both
 * halves agree on every span. Spans nest (a depth count, per CPU).
 *
 * The encodings, and why they are NOPs:
 *
 *   A64: HINT #0x7a (begin), HINT #0x7b (end): 0xd503201f | imm7 << 5.
 *        DDI 0487 K.a, the HINT instruction in "A64 Base Instruction
 *        Descriptions" (and the Hints group of the System instruction
 *        class): encodings of CRm:op2 that are not allocated "behave as
 *        NOPs". Every hint allocated so far sits in 0-63 (NOP, YIELD, WFE,
 *        WFI, SEV(L), DGH, the pointer-authentication, ESB, PSB, TSB, CSDB,
 *        CLRBHB and BTI hints, CHKFEAT, ...); 0x7a and 0x7b are at the top
 *        of the 7-bit space, far from them.
 *   A32: the "MSR (immediate), and hints" encoding with op1 = 0 and the
 *        hint number 0x7a / 0x7b in op2: 0xe320f000 | imm8 (cond = AL).
 *        DDI 0487 K.a (the AArch32 hint instructions) and DDI 0406C.d
 *        ("MSR (immediate), and hints"): hint encodings that are not
 *        allocated execute as NOPs. Allocated: NOP, YIELD, WFE, WFI, SEV,
 *        SEVL, ESB, TSB, CSDB, CLRBHB (all below 0x20) and DBG (0xf0-0xff).
 *
 * Both manuals add that unallocated hints are reserved for future hints and
 * "should not be used by software": a future architecture could give 0x7a
 * or 0x7b a meaning. They are used here anyway because the issue needs a
 * marker that costs nothing on hardware and that an outside observer sees;
 * QEMU 7.2's TCG runs both as NOPs on both arches (the marker boots of
 * `make check` would UNDEF otherwise). If an allocation ever lands on them,
 * change the two numbers here: the plugin reads them from this header.
 *
 * C:        seq_unchecked_begin(); ... seq_unchecked_end();
 * assembly: seq_unchecked_begin    ... seq_unchecked_end   (macros)
 * The C forms are compiler barriers too ("memory" clobber), so no load or
 * store of the span moves out of it.
 */
#ifndef HYPTEST_SEQMARK_H
#define HYPTEST_SEQMARK_H

#define SEQ_HINT_BEGIN		0x7a
#define SEQ_HINT_END		0x7b

/* The instruction words (the plugin decodes these). */
#define SEQ_A64_HINT(n)		(0xd503201f | ((n) << 5))
#define SEQ_A32_HINT(n)		(0xe320f000 | (n))

#if defined(HYPTEST_ARCH_arm64) || defined(HYPTEST_ARCH_arm32)

#ifdef HYPTEST_ARCH_arm32
#define SEQ_HINT(n)		SEQ_A32_HINT(n)
#else
#define SEQ_HINT(n)		SEQ_A64_HINT(n)
#endif

#ifdef __ASSEMBLER__
.macro seq_unchecked_begin
	.inst	SEQ_HINT(SEQ_HINT_BEGIN)
.endm
.macro seq_unchecked_end
	.inst	SEQ_HINT(SEQ_HINT_END)
.endm
#else
#define SEQ_STR_(x)		#x
#define SEQ_STR(x)		SEQ_STR_(x)

static inline void seq_unchecked_begin(void)
{
	__asm__ __volatile__(".inst " SEQ_STR(SEQ_HINT(SEQ_HINT_BEGIN)) ::: "memory");
}

static inline void seq_unchecked_end(void)
{
	__asm__ __volatile__(".inst " SEQ_STR(SEQ_HINT(SEQ_HINT_END)) ::: "memory");
}
#endif

#endif /* HYPTEST_ARCH_* */
#endif
