/* SPDX-License-Identifier: MIT */
/*
 * The AArch32 tiny guest's entry and assembly helpers (A32 state). It runs
 * in Supervisor mode at EL1 (HCR_EL2.RW = 0) from the first byte of its RAM,
 * MMU and caches off; r0-r3 as guest/abi.h says.
 */
#include "guest/abi.h"

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
