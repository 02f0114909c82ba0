/* SPDX-License-Identifier: MIT */
/*
 * The AArch32 tiny guest's entry and assembly helpers (A32 state). It runs
 * in Supervisor mode at EL1 (HCR_EL2.RW = 0) from the first byte of its RAM,
 * MMU and caches off; r0-r3 as guest/abi.h says.
 */
#include "guest/abi.h"
#include "guest/prog/guest.h"

	.syntax	unified
	.arm
	.arch_extension virt

	.section .text.head, "ax"
	.globl	_start
_start:
	b	1f
	.word	GUEST_IMAGE_MAGIC
	.word	__text_end - _start		/* bytes the hypervisor maps read-only */
	.word	__image_end - _start		/* bytes of RAM the image needs (bss included) */
1:	ldr	sp, =__stack_top
	bl	guest_main
2:	b	2b
	.ltorg

	.text
/* uint64_t ghvc(fn, a1, uint64_t a2): r0, r1, r2:r3 in; r0:r1 out. */
	.globl	ghvc
ghvc:
	hvc	#0
	bx	lr

/* uint64_t probe_load(va): ~0 if the hypervisor skipped the load. */
	.globl	probe_load
probe_load:
	mov	r2, r0
	mvn	r0, #0
	ldr	r0, [r2]
	cmp	r0, #-1
	mvneq	r1, #0
	movne	r1, #0
	bx	lr

	.globl	probe_store
probe_store:
	str	r1, [r0]
	bx	lr

/* uintptr_t undef_access(void): an ACTLR write (trapped by HCR_EL2.TACR, not passed through). */
	.globl	undef_access
undef_access:
	adr	r0, 1f
1:	mcr	p15, 0, r0, c1, c0, 1
	bx	lr

/*
 * The vectors (VBAR, SCTLR.V = 0). Undefined and Data Abort store their LR
 * and SPSR (SRS) at their banked SP, which points into exc_block, and return
 * past the instruction: LR_und = instruction + 4, LR_abt = instruction + 8.
 */
	.globl	vectors_install
vectors_install:
	adr	r0, vectors
	mcr	p15, 0, r0, c12, c0, 0		/* VBAR (not trapped by TVM) */
	ldr	r1, =exc_block
	cps	#0x1b				/* Undefined mode: its SP */
	mov	sp, r1
	add	r1, r1, #8
	cps	#0x17				/* Abort mode: its SP */
	mov	sp, r1
	cps	#0x13
	isb
	bx	lr
	.ltorg

	.balign	32
vectors:
	b	.		/* reset */
	b	und		/* undefined instruction */
	b	.		/* svc */
	b	.		/* prefetch abort */
	b	dabt		/* data abort */
	b	.
	b	.		/* irq */
	b	.		/* fiq */
und:
	srsia	sp, #0x1b
	/*
	 * Back to Supervisor mode and on past the instruction, without
	 * `movs pc, lr`: under QEMU 7.2 that return took an illegal exception
	 * return (PSTATE.IL) after the hypervisor had injected this UNDEF with
	 * SPSR_und = the guest's CPSR; the SPSR an EL2 exception return brings
	 * into Undefined mode is not the one the hypervisor wrote there. The one
	 * trap site (undef_access) leaves r1 free.
	 */
	cps	#0x13
	ldr	r1, =exc_block
	ldr	r1, [r1]
	bx	r1
	.ltorg
dabt:
	srsia	sp, #0x17
	subs	pc, lr, #4

	.globl	uart_putc
uart_putc:
	strb	r1, [r0]
	bx	lr

	.globl	cpu_mode
cpu_mode:
	mrs	r0, cpsr
	mov	r1, #0
	bx	lr

/* ---- GSCN_S2PERM ---- */

/* uint64_t probe_call(addr): r0:r1 = ~0 stays if the branch aborts (the hypervisor resumes at LR). */
	.globl	probe_call
probe_call:
	push	{r4, lr}
	mov	r2, r0
	mvn	r0, #0
	mvn	r1, #0
	blx	r2
	pop	{r4, pc}

	.globl	probe_text_ret
probe_text_ret:
	movw	r0, #GS2P_RET
	mov	r1, #0
	bx	lr

/* ---- GSCN_CONTEXT ---- */

/*
 * unsigned gpr_call_check(seed, fn): r2-r12 = seed + n, r0 = fn, HVC, then
 * each must be as set: the hypercall ABI keeps every register but r0 and
 * r1 (the result). LR (LR_svc, banked) holds the seed across the call, so
 * it is checked through every comparison.
 */
	.globl	gpr_call_check
gpr_call_check:
	push	{r4-r11, lr}
	mov	lr, r0
	mov	r0, r1
	.irp	n, 2,3,4,5,6,7,8,9,10,11,12
	add	r\n, lr, #\n
	.endr
	hvc	#0
	.irp	n, 2,3,4,5,6,7,8,9,10,11,12
	add	r0, lr, #\n
	cmp	r\n, r0
	movne	r0, #(\n + 1)
	bne	9f
	.endr
	mov	r0, #0
9:	pop	{r4-r11, pc}

/* ---- GSCN_EXC ---- */

/*
 * The Undefined Instruction vector (offset 0x04) of GSCN_EXC's tables:
 * CPSR as the entry left it (before SETEND, which the EE case needs so that
 * its stores are little-endian), LR_und, SPSR_und and the offset, stored
 * through SP_und (= exc_rec, set by exc_trap); then back to Supervisor mode
 * and on at r3, where exc_trap asked (see vectors_install for why not
 * MOVS PC, LR). Any other vector ends the run with GHVC_FAIL: line
 * 0xe000 + its offset, value its LR.
 */
.macro und_body
	mrs	r12, cpsr
	setend	le
	str	r12, [sp, #EXC_ENTRY * 4]
	str	lr, [sp, #EXC_LINK * 4]
	mrs	r12, spsr
	str	r12, [sp, #EXC_SPSR * 4]
	mov	r12, #4
	str	r12, [sp, #EXC_VEC * 4]
	cps	#0x13
	bx	r3
.endm
.macro wrong_vector off
	movw	r1, #(0xe000 + \off)
	mov	r0, #GHVC_FAIL
	mov	r2, lr
	mov	r3, #0
	hvc	#0
	b	.
.endm

	.balign	32
vectors_exc_arm:
	b	arm_wrong_00
	b	arm_und
	b	arm_wrong_08
	b	arm_wrong_0c
	b	arm_wrong_10
	b	arm_wrong_14
	b	arm_wrong_18
	b	arm_wrong_1c
arm_und:
	und_body
	.irp	off, 00, 08, 0c, 10, 14, 18, 1c
arm_wrong_\off:
	wrong_vector 0x\off
	.endr

	.thumb
	.balign	32
vectors_exc_thumb:
	b.w	thumb_wrong_00
	b.w	thumb_und
	b.w	thumb_wrong_08
	b.w	thumb_wrong_0c
	b.w	thumb_wrong_10
	b.w	thumb_wrong_14
	b.w	thumb_wrong_18
	b.w	thumb_wrong_1c
thumb_und:
	und_body
	.irp	off, 00, 08, 0c, 10, 14, 18, 1c
thumb_wrong_\off:
	wrong_vector 0x\off
	.endr

/*
 * The trap (both states): NZCV = N and C and CPSR.A clear (an Undefined
 * Instruction exception must leave A as it is and set I), CPSR recorded,
 * the ACTLR write (trapped by HCR.TAC: the hypervisor injects the UNDEF),
 * and on at 2 when the handler returns (branching to r3, in the state of
 * the code: thumb = 1 sets r3's bit 0).
 */
.macro exc_do_trap thumb
	mov	r5, #0xa0000000
	msr	APSR_nzcvq, r5
	cpsie	a
	ldr	r4, =exc_rec
	mrs	r5, cpsr
	str	r5, [r4, #EXC_BEFORE * 4]
	adr	r5, 1f
	str	r5, [r4, #EXC_AT * 4]
	adr	r3, 2f
	orr	r3, r3, #\thumb
	.balign	4
1:	mcr	p15, 0, r0, c1, c0, 1
2:	cpsid	a
.endm

/* GEXC_A32_THUMB: the MCR is a 32-bit T32 instruction, so LR_und = its address + 2. */
	.thumb_func
exc_trap_t32:
	exc_do_trap 1
	bx	lr
	.ltorg
	.arm

/* void exc_trap(c): VBAR = the case's table (T32 entries for GEXC_A32_TE), SP_und = exc_rec, the trap. */
	.globl	exc_trap
exc_trap:
	push	{r4-r8, lr}
	cmp	r0, #GEXC_A32_TE
	ldreq	r1, =vectors_exc_thumb
	ldrne	r1, =vectors_exc_arm
	bic	r1, r1, #1
	mcr	p15, 0, r1, c12, c0, 0		/* VBAR */
	ldr	r1, =exc_rec
	msr	SP_und, r1
	isb
	cmp	r0, #GEXC_A32_THUMB
	bne	3f
	blx	exc_trap_t32
	pop	{r4-r8, pc}
3:	exc_do_trap 0
	pop	{r4-r8, pc}
	.ltorg

/* ---- GSCN_BANKED ---- */

/*
 * Case k of GUEST_BANKED_CASES, in its mode: the mode's own Rt (and Rt2)
 * kept in r4/r5 (not banked), the marker r1 (and r2) moved into them,
 * MCR to CONTEXTIDR (MCRR to TTBR1), the registers cleared, MRC (MRRC)
 * back into the same registers, r0 (and r1) = what came back, the mode's
 * own values restored, back to Supervisor mode.
 */
.macro bank_one k, mode, rt, rt2
bank_\k:
	mrs	r3, cpsr
	cps	#\mode
	.if \rt2 == 0
	mov	r4, r\rt
	mov	r\rt, r1
	mcr	p15, 0, r\rt, c13, c0, 1
	mov	r\rt, #0
	mrc	p15, 0, r\rt, c13, c0, 1
	mov	r0, r\rt
	mov	r\rt, r4
	mov	r1, #0
	.else
	mov	r4, r\rt
	mov	r5, r\rt2
	mov	r\rt, r1
	mov	r\rt2, r2
	mcrr	p15, 1, r\rt, r\rt2, c2
	mov	r\rt, #0
	mov	r\rt2, #0
	mrrc	p15, 1, r\rt, r\rt2, c2
	mov	r0, r\rt
	mov	r1, r\rt2
	mov	r\rt, r4
	mov	r\rt2, r5
	.endif
	msr	cpsr_c, r3
	b	bank_done
.endm

/* uint64_t bank_case(k, lo, hi) */
	.globl	bank_case
bank_case:
	push	{r4-r11, lr}
	cmp	r0, #GUEST_BANKED_COUNT
	movhs	r0, #0
	movhs	r1, #0
	bhs	bank_done
	ldr	r3, =bank_table
	ldr	pc, [r3, r0, lsl #2]
bank_done:
	pop	{r4-r11, pc}

#define BANK_CASE(k, mode, rt, rt2) bank_one k, mode, rt, rt2;
	GUEST_BANKED_CASES(BANK_CASE)
#define BANK_ENTRY(k, mode, rt, rt2) .word bank_##k;
bank_table:
	GUEST_BANKED_CASES(BANK_ENTRY)
