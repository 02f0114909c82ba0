/* SPDX-License-Identifier: MIT */
/*
 * HYP-mode exception vectors (HVBAR, DDI 0406C B1.8.1 and B3.13.2). HYP mode
 * has a single banked SP, so the exception stack is switched by hand: each
 * CPU keeps the top of its exception stack in HTPIDR. An exception taken
 * from HYP mode (undefined instruction, HVC/SVC, prefetch or data abort)
 * arrives at 0x04-0x10; 0x14 is the Hyp Trap entry from the guest modes,
 * 0x18/0x1c IRQ/FIQ. The entry saves r0/r1 in the banked SP_usr and SP_und
 * (the hypervisor never runs in User or Undefined mode), moves to the
 * exception stack reset to its top, and builds the frame traps/traps.c
 * reads, reporting the vector in the arm64 terms of enum trap_vector:
 * CUR_SP0_* from the main stack, CUR_SPX_* when the interrupted SP was
 * already on the exception stack or its guard page (a fault inside a
 * handler), LOW32_SYNC for the Hyp Trap entry. Resetting SP to the top
 * means even an overflowed exception stack cannot recurse forever.
 */
#include "lib/arm32/asm.h"
#include "lib/arm32/sysreg.h"
#include "asm-offsets.h"

/* The exception stack and its guard page span this much below the top (hyptest.lds.S checks it). */
#define XSTACK_SPAN	0x3000

	.section .text.vectors, "ax"
	/* HVBAR bits 4:0 are RES0: 32-byte aligned; one instruction per entry. */
	.balign	32
	.globl	el2_vectors
el2_vectors:
	b	.			/* 0x00: not used in HYP mode */
	b	hyp_sync		/* 0x04: undefined instruction (from HYP) */
	b	hyp_sync		/* 0x08: HVC / SVC (from HYP) */
	b	hyp_sync		/* 0x0c: prefetch abort (from HYP) */
	b	hyp_sync		/* 0x10: data abort (from HYP) */
	b	hyp_trap		/* 0x14: Hyp Trap: an exception from a guest mode */
	b	hyp_irq			/* 0x18: IRQ */
	b	hyp_fiq			/* 0x1c: FIQ */

.macro vector name, kind
LOCAL_FUNC(\name)
	msr	SP_usr, r0		/* scratch: r0 */
	mov	r0, #\kind
	b	hyp_common
END(\name)
.endm

	vector	hyp_sync, 0		/* TRAP_CUR_SP0_SYNC */
	vector	hyp_irq, 1		/* TRAP_CUR_SP0_IRQ */
	vector	hyp_fiq, 2		/* TRAP_CUR_SP0_FIQ */
	vector	hyp_trap, 12		/* TRAP_LOW32_SYNC */

/*
 * hyp_common: build the frame, call trap_dispatch(frame), restore what it
 * may have changed (ELR_hyp, SPSR_hyp, the GPRs, SP) and return with ERET.
 * Inputs: r0 = vector kind; SP_usr = the interrupted r0; SP = the
 * interrupted SP; HTPIDR = this CPU's exception stack top.
 */
LOCAL_FUNC(hyp_common)
	msr	SP_und, r1		/* scratch: r1 */
	mov	r1, sp			/* r1 = the interrupted SP */
	mrc_t	sp, HTPIDR		/* SP = top of this CPU's exception stack */
	/* Was SP already in [top - XSTACK_SPAN, top]? Then this is a nested exception. */
	cmp	r0, #4
	bhs	1f
	cmp	r1, sp
	bhi	1f
	sub	sp, sp, #XSTACK_SPAN
	cmp	r1, sp
	add	sp, sp, #XSTACK_SPAN
	addhs	r0, r0, #4		/* TRAP_CUR_SP0_* -> TRAP_CUR_SPX_* */
1:	sub	sp, sp, #TF_SIZE
	str	r0, [sp, #TF_VECTOR]
	str	r1, [sp, #TF_SP]
	str	r1, [sp, #TF_X0 + 13 * 4]
	str	lr, [sp, #TF_X0 + 14 * 4]
	add	r0, sp, #TF_X0 + 2 * 4
	stmia	r0, {r2-r12}
	mrs	r0, SP_usr
	mrs	r1, SP_und
	str	r0, [sp, #TF_X0]
	str	r1, [sp, #TF_X0 + 4]
	mrs	r0, ELR_hyp
	mrs	r1, spsr
	str	r0, [sp, #TF_ELR]
	str	r1, [sp, #TF_SPSR]
	/* HSR; the fault address is HIFAR for a prefetch abort (EC 0x20/0x21), else HDFAR. */
	mrc_t	r0, HSR
	str	r0, [sp, #TF_ESR]
	lsr	r0, r0, #ESR_EC_SHIFT
	cmp	r0, #ESR_EC_IABT_LOW
	cmpne	r0, #ESR_EC_IABT_CUR
	mrceq	p15, 4, r1, c6, c0, 2	/* HIFAR */
	mrcne	p15, 4, r1, c6, c0, 0	/* HDFAR */
	str	r1, [sp, #TF_FAR]
	mov	r0, sp
	/*
	 * A frame record for the backtrace, as GCC lays them out in ARM state:
	 * the interrupted fp below the "return address" (ELR), fp pointing at it.
	 */
	ldr	r1, [sp, #TF_ELR]
	sub	sp, sp, #8
	str	r11, [sp]
	str	r1, [sp, #4]
	add	r11, sp, #4
	bl	trap_dispatch
	add	sp, sp, #8

	ldr	r0, [sp, #TF_ELR]
	ldr	r1, [sp, #TF_SPSR]
	msr	ELR_hyp, r0
	msr	spsr_cxsf, r1
	ldr	lr, [sp, #TF_X0 + 14 * 4]
	add	r0, sp, #TF_X0 + 4
	ldmia	r0, {r1-r12}
	ldr	r0, [sp, #TF_X0]
	ldr	sp, [sp, #TF_SP]
	eret
END(hyp_common)

/*
 * trap_abort_landing: where the handler sends the CPU to abandon the
 * running test (ELR_hyp is set here, SPSR = HYP with A, I, F masked). It must
 * not touch the stack: SP may point into the guard page.
 */
FUNC(trap_abort_landing)
	adr_l	r0, selftest_abort_ctx
	mov	r1, #1
	b	jmp_restore
END(trap_abort_landing)
