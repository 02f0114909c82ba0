/* SPDX-License-Identifier: MIT */
/* The A64 corpus of the sequence checker's decoder test (corpus.h says how it reads). */
#include "tests/unit/seqcheck/corpus.h"
#include "lib/seqmark.h"

	/* Loads and stores, every kind the class holds. */
	expect SEQ_LDST, 0, ldr x0, [x1]
	expect SEQ_LDST, 0, str w2, [sp, #-16]!
	expect SEQ_LDST, 0, ldp x29, x30, [sp], #16
	expect SEQ_LDST, 0, stp x0, x1, [x2, #32]
	expect SEQ_LDST, 0, ldrb w3, [x4, x5]
	expect SEQ_LDST, 0, ldr x0, .
	expect SEQ_LDST, 0, ldxr x0, [x1]
	expect SEQ_LDST, 0, stlr x0, [x1]
	expect SEQ_LDST, 0, ldaxr w0, [x1]
	expect SEQ_LDST, 0, ldadd x0, x1, [x2]
	expect SEQ_LDST, 0, ldur x0, [x1, #-8]
	/* Not loads or stores. */
	expect 0, 0, add x0, x1, #4
	expect 0, 0, adrp x0, .
	expect 0, 0, mov x0, sp
	expect 0, 0, mrs x0, sctlr_el2
	expect 0, 0, mrs x0, ttbr0_el2
	expect 0, 0, nop
	expect 0, 0, yield
	expect 0, 0, hint #0x7c
	expect 0, 0, hint #0x79
	expect 0, 0, dmb ish
	expect 0, 0, ic iallu
	expect 0, 0, dc cvac, x0
	expect 0, 0, msr vbar_el2, x0
	expect 0, 0, msr spsel, #1
	expect 0, 0, msr daifclr, #2
	expect 0, 0, msr elr_el2, x0
	expect 0, 0, msr cptr_el2, x0
	/* Branches. */
	expect_br BR, 0x2000, b
	expect_br BR, -0x40, bl
	expect_br BRC, 0x24, b.ne
	expect_br BRC, -0x100, cbz x3,
	expect_br BRC, 0x8, tbnz w1, #3,
	expect SEQ_BRANCH, 0, br x1
	expect SEQ_BRANCH, 0, blr x2
	expect SEQ_BRANCH, 0, ret
	expect SEQ_BRANCH, 0, hvc #0
	expect SEQ_BRANCH, 0, svc #1
	expect SEQ_BRANCH, 0, smc #0
	expect SEQ_BRANCH, 0, brk #0x800
	expect SEQ_ERET, 0, eret
	/* TLB maintenance: where each is broadcast, and whether it reads the current VMID. */
	expect TLBI, SEQ_DOM_NSH, tlbi alle2
	expect TLBI, SEQ_DOM_ISH, tlbi alle2is
	expect TLBI, SEQ_DOM_OSH, tlbi alle2os
	expect TLBI, SEQ_DOM_NSH, tlbi vae2, x0
	expect TLBI, SEQ_DOM_ISH, tlbi vae2is, x0
	expect TLBI, SEQ_DOM_ISH, tlbi vale2is, x0
	expect TLBI, SEQ_DOM_NSH, tlbi alle1
	expect TLBI, SEQ_DOM_ISH, tlbi alle1is
	expect TLBI, SEQ_DOM_NSH, tlbi alle3
	expect TLBI, SEQ_DOM_ISH, tlbi rvae2is, x0
	expect TLBI, SEQ_DOM_NSH, tlbi rvae2, x0
	expect TLBI, SEQ_DOM_OSH, tlbi rvae2os, x0
	expect TLBIV, SEQ_DOM_NSH, tlbi vmalle1
	expect TLBIV, SEQ_DOM_ISH, tlbi vmalle1is
	expect TLBIV, SEQ_DOM_OSH, tlbi vmalle1os
	expect TLBIV, SEQ_DOM_ISH, tlbi aside1is, x0
	expect TLBIV, SEQ_DOM_NSH, tlbi vaae1, x0
	expect TLBIV, SEQ_DOM_NSH, tlbi vmalls12e1
	expect TLBIV, SEQ_DOM_ISH, tlbi vmalls12e1is
	expect TLBIV, SEQ_DOM_OSH, tlbi vmalls12e1os
	expect TLBIV, SEQ_DOM_NSH, tlbi ipas2e1, x0
	expect TLBIV, SEQ_DOM_ISH, tlbi ipas2e1is, x0
	expect TLBIV, SEQ_DOM_OSH, tlbi ipas2e1os, x0
	expect TLBIV, SEQ_DOM_NSH, tlbi ipas2le1, x0
	expect TLBIV, SEQ_DOM_OSH, tlbi ipas2le1os, x0
	expect TLBIV, SEQ_DOM_NSH, tlbi ripas2e1, x0
	expect TLBIV, SEQ_DOM_OSH, tlbi ripas2e1os, x0
	expect TLBIV, SEQ_DOM_ISH, tlbi ripas2le1is, x0
	/* Address translation. */
	expect SEQ_AT, 0, at s1e2r, x0
	expect SEQ_AT | SEQ_AT_GUEST, 0, at s12e1w, x0
	expect SEQ_AT | SEQ_AT_GUEST, 0, at s1e1rp, x0
	/* Barriers. */
	expect SEQ_DSB, SEQ_DOM_NSH, dsb nsh
	expect SEQ_DSB, SEQ_DOM_ISH, dsb ish
	expect SEQ_DSB, SEQ_DOM_OSH, dsb osh
	expect SEQ_DSB, SEQ_DOM_SY, dsb sy
	expect SEQ_DSB_PART, SEQ_DOM_ISH, dsb ishst
	expect SEQ_DSB_PART, SEQ_DOM_NSH, dsb nshld
	expect SEQ_DSB_PART, SEQ_DOM_SY, dsb st
	expect 0, 0, ssbb
	expect 0, 0, pssbb
	expect SEQ_ISB, 0, isb
	/* Translation-control writes: the writer's own regime (EL2, EL3) and the others. */
	expect SEQ_CTRL_OWN, 0, msr sctlr_el2, x0
	expect SEQ_CTRL_OWN, 0, msr hcr_el2, x1
	expect SEQ_CTRL_OWN, 0, msr tcr_el2, x2
	expect SEQ_CTRL_OWN, 0, msr ttbr0_el2, x3
	expect SEQ_CTRL_OWN, 0, msr ttbr1_el2, x3
	expect SEQ_CTRL_OWN, 0, msr mair_el2, x4
	expect SEQ_CTRL_OWN, 0, msr sctlr_el3, x5
	expect SEQ_CTRL_OWN, 0, msr tcr_el3, x5
	expect SEQ_CTRL_OWN, 0, msr ttbr0_el3, x5
	expect SEQ_CTRL_OWN, 0, msr mair_el3, x5
	expect SEQ_CTRL_OTHER, 0, msr sctlr_el1, x6
	expect SEQ_CTRL_OTHER, 0, msr tcr_el1, x6
	expect SEQ_CTRL_OTHER, 0, msr ttbr0_el1, x6
	expect SEQ_CTRL_OTHER, 0, msr ttbr1_el1, x6
	expect SEQ_CTRL_OTHER, 0, msr mair_el1, x6
	expect SEQ_CTRL_OTHER, 0, msr sctlr_el12, x6
	expect SEQ_CTRL_OTHER, 0, msr vttbr_el2, x7
	expect SEQ_CTRL_OTHER, 0, msr vtcr_el2, x7
	/* The unchecked-span markers (lib/seqmark.h), as the image writes them. */
	expect SEQ_SPAN_BEGIN, 0, .inst SEQ_A64_HINT(SEQ_HINT_BEGIN)
	expect SEQ_SPAN_END, 0, .inst SEQ_A64_HINT(SEQ_HINT_END)
	expect SEQ_SPAN_BEGIN, 0, hint #0x7a
	expect SEQ_SPAN_END, 0, hint #0x7b
