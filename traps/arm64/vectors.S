/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors. hyptest runs in EL2t (PSTATE.SP = 0, stack in
 * SP_EL0), so its own exceptions arrive at the "current EL with SP0"
 * entries and are handled on SP_EL2, a separate exception stack: an overflow
 * of the main stack into its guard page is still reported. An exception at
 * the "current EL with SPx" entries happened inside a handler: it is fatal,
 * and the entry resets SP_EL2 first so that even an overflowed exception
 * stack cannot turn it into an endless recursion.
 */
#include "lib/arm64/asm.h"
#include "asm-offsets.h"

/*
 * A vector slot is 128 bytes; it saves x0/x1 and the vector number and
 * branches to the common path.
 */
.macro ventry kind
	.balign	128
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X0]
	mov	x0, #\kind
	b	trap_common
.endm

/* Same, for a nested exception: SP_EL2 is reset to the top of the exception stack. */
.macro ventry_nested kind
	.balign	128
	msr	tpidr_el2, x0		/* TPIDR_EL2 is a free scratch register here */
	adr_l	x0, __xstack_end
	mov	sp, x0
	mrs	x0, tpidr_el2
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X0]
	mov	x0, #\kind
	b	trap_common
.endm

/*
 * Lower EL: a guest's exit when a vCPU runs (vcpu_current != 0, see
 * guest/arm64/vcpu_entry.S), otherwise an exception nothing expects.
 */
.macro ventry_lower kind
	.balign	128
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X0]
	adr_l	x0, vcpu_current
	ldr	x0, [x0]
	cbz	x0, 1f
	mov	x1, #\kind
	b	guest_exit
1:	mov	x0, #\kind
	b	trap_common
.endm

	.section .text.vectors, "ax"
	/* VBAR_EL2 bits 10:0 are RES0: the table is 2 KiB aligned. */
	.balign	2048
	.globl	el2_vectors
el2_vectors:
	ventry	0	/* current EL, SP0: sync */
	ventry	1	/* irq */
	ventry	2	/* fiq */
	ventry	3	/* serror */
	ventry_nested 4	/* current EL, SPx: sync (inside a handler) */
	ventry_nested 5
	ventry_nested 6
	ventry_nested 7
	ventry_lower 8	/* lower EL, AArch64 */
	ventry_lower 9
	ventry_lower 10
	ventry_lower 11
	ventry_lower 12	/* lower EL, AArch32 */
	ventry_lower 13
	ventry_lower 14
	ventry_lower 15

/*
 * trap_common: finish the frame, call trap_dispatch(frame), restore what it
 * may have changed (ELR, SPSR, SP_EL0, GPRs) and return.
 * Inputs: sp = frame with x0/x1 saved, x0 = vector number.
 */
LOCAL_FUNC(trap_common)
	str	x0, [sp, #TF_VECTOR]
	gprs_x2_x30 stp, str, sp, TF_X0
	mrs	x0, sp_el0
	str	x0, [sp, #TF_SP]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #TF_ELR]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #TF_ESR]
	mov	x0, sp
	/* A frame record for the backtrace: fp = the interrupted x29, lr = ELR. */
	ldr	x1, [sp, #TF_ELR]
	stp	x29, x1, [sp, #-16]!
	mov	x29, sp
	bl	trap_dispatch
	add	sp, sp, #16

	ldp	x0, x1, [sp, #TF_ELR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldr	x0, [sp, #TF_SP]
	msr	sp_el0, x0
	gprs_x2_x30 ldp, ldr, sp, TF_X0
	ldp	x0, x1, [sp, #TF_X0]
	add	sp, sp, #TF_SIZE
	eret
END(trap_common)

/*
 * trap_abort_landing: where the handler sends the CPU to abandon the
 * running test (ELR is set here, PSTATE = EL2t with interrupts masked).
 * It must not touch the stack: SP_EL0 may point into the guard page.
 */
FUNC(trap_abort_landing)
	adr_l	x0, selftest_abort_ctx
	mov	x1, #1
	b	jmp_restore
END(trap_abort_landing)
