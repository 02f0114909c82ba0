/* SPDX-License-Identifier: MIT */
/* The A32 corpus of the sequence checker's decoder test (corpus.h says how it reads). ARM state only. */
#include "tests/unit/seqcheck/corpus.h"
#include "lib/seqmark.h"

	.syntax	unified
	.arm

	/* Loads and stores, every kind the class holds. */
	expect SEQ_LDST, 0, ldr r0, [r1]
	expect SEQ_LDST, 0, str r2, [sp, #-4]!
	expect SEQ_LDST, 0, ldrb r3, [r4, r5]
	expect SEQ_LDST, 0, ldrh r0, [r1, #2]
	expect SEQ_LDST, 0, strd r2, r3, [r1]
	expect SEQ_LDST, 0, ldrsb r0, [r1]
	expect SEQ_LDST, 0, ldrex r0, [r1]
	expect SEQ_LDST, 0, strex r2, r0, [r1]
	expect SEQ_LDST, 0, push {r4-r11, lr}
	expect SEQ_LDST, 0, ldm r0, {r1-r3}
	expect SEQ_LDST, 0, ldrne r0, [r1, #8]
	expect SEQ_LDST, 0, ldr r0, .
	/* Not loads or stores. */
	expect 0, 0, add r0, r1, #4
	expect 0, 0, movw r0, #0x1234
	expect 0, 0, movt r0, #0x5678
	expect 0, 0, mul r0, r1, r2
	expect 0, 0, cmp r0, r1, ror r2
	expect 0, 0, mrs r0, cpsr
	expect 0, 0, msr spsr_cxsf, r1
	expect 0, 0, mrc p15, 4, r0, c1, c0, 0
	expect 0, 0, mrrc p15, 4, r0, r1, c2
	expect 0, 0, mcr p15, 4, r0, c12, c0, 0
	expect 0, 0, mcr p15, 4, r0, c1, c1, 2
	expect 0, 0, nop
	expect 0, 0, wfe
	expect 0, 0, dmb ish
	expect 0, 0, .inst SEQ_A32_HINT(0x7c)
	expect 0, 0, cpsie i
	/* Branches. */
	expect_br BR, 0x2000, b
	expect_br BR, -0x40, bl
	expect_br BRC, 0x24, bne
	expect SEQ_BRANCH, 0, bx lr
	expect SEQ_BRANCH, 0, blx r3
	expect (SEQ_BRANCH | SEQ_BR_COND), 0, bxne lr
	expect SEQ_BRANCH, 0, mov pc, lr
	expect SEQ_BRANCH, 0, add pc, pc, r0, lsl #2
	expect (SEQ_LDST | SEQ_BRANCH), 0, pop {r4-r11, pc}
	expect (SEQ_LDST | SEQ_BRANCH), 0, ldr pc, [r0]
	expect SEQ_BRANCH, 0, svc 0
	expect SEQ_BRANCH, 0, hvc 0
	expect SEQ_BRANCH, 0, smc 0
	expect SEQ_ERET, 0, eret
	/* TLB maintenance (cp15 c8): broadcast or local, and whether it reads the current VMID. */
	expect TLBI, SEQ_DOM_NSH, mcr p15, 4, r0, c8, c7, 0		/* TLBIALLH */
	expect TLBI, SEQ_DOM_ISH, mcr p15, 4, r0, c8, c3, 0		/* TLBIALLHIS */
	expect TLBI, SEQ_DOM_NSH, mcr p15, 4, r0, c8, c7, 1		/* TLBIMVAH */
	expect TLBI, SEQ_DOM_ISH, mcr p15, 4, r0, c8, c3, 1		/* TLBIMVAHIS */
	expect TLBI, SEQ_DOM_NSH, mcr p15, 4, r0, c8, c7, 4		/* TLBIALLNSNH */
	expect TLBI, SEQ_DOM_ISH, mcr p15, 4, r0, c8, c3, 4		/* TLBIALLNSNHIS */
	expect TLBIV, SEQ_DOM_NSH, mcr p15, 0, r0, c8, c7, 0		/* TLBIALL */
	expect TLBIV, SEQ_DOM_ISH, mcr p15, 0, r0, c8, c3, 0		/* TLBIALLIS */
	expect TLBIV, SEQ_DOM_ISH, mcr p15, 0, r0, c8, c3, 2		/* TLBIASIDIS */
	expect TLBIV, SEQ_DOM_NSH, mcr p15, 0, r0, c8, c6, 1		/* DTLBIMVA */
	expect TLBIV, SEQ_DOM_NSH, mcr p15, 4, r0, c8, c4, 1		/* TLBIIPAS2 */
	expect TLBIV, SEQ_DOM_ISH, mcr p15, 4, r0, c8, c0, 1		/* TLBIIPAS2IS */
	/* Address translation. */
	expect SEQ_AT | SEQ_AT_GUEST, 0, mcr p15, 0, r0, c7, c8, 0	/* ATS1CPR */
	expect SEQ_AT, 0, mcr p15, 4, r0, c7, c8, 0			/* ATS1HR */
	/* Barriers, the instructions and the cp15 forms. */
	expect SEQ_DSB, SEQ_DOM_NSH, dsb nsh
	expect SEQ_DSB, SEQ_DOM_ISH, dsb ish
	expect SEQ_DSB, SEQ_DOM_SY, dsb sy
	expect SEQ_DSB_PART, SEQ_DOM_ISH, dsb ishst
	expect SEQ_DSB_PART, SEQ_DOM_ISH, dsb ishld
	expect SEQ_DSB, SEQ_DOM_SY, mcr p15, 0, r0, c7, c10, 4	/* CP15DSB */
	expect 0, 0, mcr p15, 0, r0, c7, c10, 5			/* CP15DMB */
	expect SEQ_ISB, 0, isb
	expect SEQ_ISB, 0, mcr p15, 0, r0, c7, c5, 4			/* CP15ISB */
	/* Translation-control writes: Hyp mode's own regime, and PL1&0 / stage 2. */
	expect SEQ_CTRL_OWN, 0, mcr p15, 4, r0, c1, c0, 0		/* HSCTLR */
	expect SEQ_CTRL_OWN, 0, mcr p15, 4, r0, c1, c1, 0		/* HCR */
	expect SEQ_CTRL_OWN, 0, mcr p15, 4, r0, c2, c0, 2		/* HTCR */
	expect SEQ_CTRL_OWN, 0, mcr p15, 4, r0, c10, c2, 0		/* HMAIR0 */
	expect SEQ_CTRL_OWN, 0, mcr p15, 4, r0, c10, c2, 1		/* HMAIR1 */
	expect SEQ_CTRL_OWN, 0, mcrr p15, 4, r0, r1, c2			/* HTTBR */
	expect SEQ_CTRL_OTHER, 0, mcr p15, 0, r0, c1, c0, 0		/* SCTLR */
	expect SEQ_CTRL_OTHER, 0, mcr p15, 0, r0, c2, c0, 2		/* TTBCR */
	expect SEQ_CTRL_OTHER, 0, mcr p15, 0, r0, c2, c0, 0		/* TTBR0, 32-bit */
	expect SEQ_CTRL_OTHER, 0, mcr p15, 0, r0, c10, c2, 0		/* MAIR0 */
	expect SEQ_CTRL_OTHER, 0, mcr p15, 4, r0, c2, c1, 2		/* VTCR */
	expect SEQ_CTRL_OTHER, 0, mcrr p15, 6, r0, r1, c2		/* VTTBR */
	expect SEQ_CTRL_OTHER, 0, mcrr p15, 0, r0, r1, c2		/* TTBR0, 64-bit */
	expect SEQ_CTRL_OTHER, 0, mcrr p15, 1, r0, r1, c2		/* TTBR1, 64-bit */
	/* The unchecked-span markers (lib/seqmark.h), as the image writes them. */
	expect SEQ_SPAN_BEGIN, 0, .inst SEQ_A32_HINT(SEQ_HINT_BEGIN)
	expect SEQ_SPAN_END, 0, .inst SEQ_A32_HINT(SEQ_HINT_END)
