/* SPDX-License-Identifier: MIT */
/*
 * The AArch64 tiny guest's entry and its few assembly helpers. It runs at
 * EL1h from the first byte of its RAM, MMU and caches off (see guest/abi.h
 * for the registers at entry).
 */
#include "guest/abi.h"
#include "guest/prog/guest.h"

	.section .text.head, "ax"
	.globl	_start
_start:
	b	1f
	.word	GUEST_IMAGE_MAGIC
	.word	__text_end - _start		/* bytes the hypervisor maps read-only */
	.word	__image_end - _start		/* bytes of RAM the image needs (bss included) */
1:	adrp	x9, __stack_top
	add	x9, x9, :lo12:__stack_top
	mov	sp, x9
	/* bss: zeroed by the hypervisor, which clears all guest RAM before loading. */
	bl	guest_main
2:	b	2b

/*
 * The vector table is the image's first 2 KiB (VBAR_EL1 = _start, the RAM
 * base, 2 KiB aligned). Only its current-EL-with-SPx synchronous entry, at
 * 0x200, is ever taken (the guest runs in EL1h with interrupts and SError
 * masked), so the header and the code above sit in the unused SP0 entries
 * instead of padding, and ordinary text follows the one entry. A
 * synchronous exception at EL1 (SPx) stores ESR_EL1 in TPIDR_EL1 and
 * ELR_EL1 in TPIDRRO_EL0 (neither is trapped), then returns past the
 * instruction. It only uses x16/x17, which no caller keeps live across
 * undef_access (they are the intra-procedure-call scratch registers).
 */
	.org	0x200
vector_sync_spx:
	mrs	x16, esr_el1
	msr	tpidr_el1, x16
	mrs	x17, elr_el1
	msr	tpidrro_el0, x17
	add	x17, x17, #4
	msr	elr_el1, x17
	eret

	.text
/* uint64_t ghvc(fn, a1, a2): HVC #0, result in x0. */
	.globl	ghvc
ghvc:
	hvc	#0
	ret

/* uint64_t probe_load(va): x0 = ~0 stays if the hypervisor skips the load. */
	.globl	probe_load
probe_load:
	mov	x1, x0
	mov	x0, #-1
	ldr	w0, [x1]
	ret

	.globl	probe_store
probe_store:
	str	w1, [x0]
	ret

/*
 * uintptr_t undef_access(void): writes ACTLR_EL1, which the hypervisor
 * traps for this scenario (HCR_EL2.TACR) but does not pass through: it must
 * inject an UNDEF, which the guest's vector records and steps over.
 */
	.globl	undef_access
undef_access:
	adr	x0, 1f
1:	msr	actlr_el1, xzr
	ret

/* The vectors are at _start (see there). */
	.globl	vectors_install
vectors_install:
	adr	x0, _start
	msr	vbar_el1, x0
	isb
	ret

	.text
	.globl	exc_last
exc_last:
	mrs	x2, tpidr_el1
	lsr	x2, x2, #26		/* ESR_EL1.EC */
	str	x2, [x0]
	mrs	x2, tpidrro_el0
	str	x2, [x1]
	ret

	.globl	uart_putc
uart_putc:
	strb	w1, [x0]
	ret

/* ---- GSCN_S2PERM ---- */

/* uint64_t probe_call(addr): x0 = ~0 stays if the branch aborts (the hypervisor resumes at x30). */
	.globl	probe_call
probe_call:
	stp	x29, x30, [sp, #-16]!
	mov	x1, x0
	mov	x0, #-1
	blr	x1
	ldp	x29, x30, [sp], #16
	ret

	.globl	probe_text_ret
probe_text_ret:
	mov	x0, #GS2P_RET
	ret

/* ---- GSCN_CONTEXT ---- */

/*
 * unsigned gpr_call_check(seed, fn): x1-x28 = seed' + n (seed' = seed with
 * a high half, so all 64 bits are checked), x0 = fn, HVC, then each must
 * be as set: the hypercall ABI keeps every register but x0. x29 holds
 * seed' (it is checked through every comparison), x30 the scratch.
 */
	.globl	gpr_call_check
gpr_call_check:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	w29, w0
	movk	x29, #0xc0de, lsl #48
	movk	x29, #0xf00d, lsl #32
	mov	x30, x1
	.irp	n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28
	add	x\n, x29, #\n
	.endr
	mov	x0, x30
	hvc	#0
	.irp	n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28
	add	x30, x29, #\n
	cmp	x\n, x30
	mov	x0, #(\n + 1)
	b.ne	9f
	.endr
	mov	x0, #0
9:	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/* ---- GSCN_EXC ---- */

/*
 * The vectors of GSCN_EXC: all sixteen entries (Arm ARM D1.10.2, "Exception
 * vectors": +0x000 current EL with SP_EL0, +0x200 current EL with SP_ELx,
 * +0x400/+0x600 lower EL, each group sync, IRQ, FIQ, SError at 0x80 apart).
 * Every entry records PSTATE as it finds it (NZCV | DAIF | CurrentEL |
 * SPSel), its own offset, ESR_EL1, ELR_EL1 and SPSR_EL1 in exc_rec, then
 * returns past the instruction. Only x16-x18 are used: exc_trap keeps
 * nothing in them, and its callers cannot (they are caller-saved).
 */
/*
 * PSTATE as far as MRS shows it: NZCV | DAIF | CurrentEL | SPSel, and PAN
 * where FEAT_PAN is (ID_AA64MMFR1_EL1.PAN, bits 23:20; the PAN register is
 * S3_0_C4_C2_3, UNDEFINED without it). None of these changes the flags.
 */
.macro pstate_read dst, tmp
	mrs	\dst, nzcv
	mrs	\tmp, daif
	orr	\dst, \dst, \tmp
	mrs	\tmp, currentel
	orr	\dst, \dst, \tmp
	mrs	\tmp, spsel
	orr	\dst, \dst, \tmp
	mrs	\tmp, id_aa64mmfr1_el1
	ubfx	\tmp, \tmp, #20, #4
	cbz	\tmp, 1f
	mrs	\tmp, S3_0_C4_C2_3
	orr	\dst, \dst, \tmp
1:
.endm

.macro exc_entry off
	.balign	128
	pstate_read x17, x16		/* first, before anything could change it */
	mov	x18, #\off
	b	exc_record
.endm

	.balign	2048
vectors_exc:
	.irp	off, 0x000, 0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, 0x400, 0x480, 0x500, 0x580, 0x600, 0x680, 0x700, 0x780
	exc_entry \off
	.endr

exc_record:
	adr	x16, exc_rec
	str	x17, [x16, #EXC_ENTRY * 8]
	str	x18, [x16, #EXC_VEC * 8]
	mrs	x17, esr_el1
	str	x17, [x16, #EXC_SYN * 8]
	mrs	x17, elr_el1
	str	x17, [x16, #EXC_LINK * 8]
	mrs	x17, spsr_el1
	str	x17, [x16, #EXC_SPSR * 8]
	mrs	x17, elr_el1
	add	x17, x17, #4
	msr	elr_el1, x17
	eret

/*
 * The trap itself: NZCV = N and C set (so that the flags show on both
 * sides of the exception), DAIF = F only (the entry must set D, A and I;
 * unmasking them is safe: physical interrupts go to EL2 by HCR_EL2.IMO,
 * and nothing raises an SError or a debug exception here), PSTATE
 * recorded as the entry records it, the ACTLR_EL1 write (trapped by
 * HCR_EL2.TACR; the hypervisor injects an UNDEF), then the flags as the
 * ERET brought them back.
 */
.macro exc_do_trap
	adr	x9, exc_rec
	mov	x10, #0xa0000000
	msr	nzcv, x10
	msr	daifclr, #0xe		/* D, A, I clear; F stays set */
	pstate_read x10, x11
	str	x10, [x9, #EXC_BEFORE * 8]
	adr	x10, 1f
	str	x10, [x9, #EXC_AT * 8]
1:	msr	actlr_el1, xzr
	mrs	x10, nzcv
	str	x10, [x9, #EXC_AFTER * 8]
	msr	daifset, #0xf
.endm

/*
 * void exc_trap(c): GEXC_A64_EL1T on SP_EL0 (below the current stack), the
 * others (GEXC_A64_EL1H, GEXC_A64_SPAN0) on SP_EL1.
 */
	.globl	exc_trap
exc_trap:
	adr	x9, vectors_exc
	msr	vbar_el1, x9
	isb
	cmp	x0, #GEXC_A64_EL1T
	b.eq	2f
	exc_do_trap
	ret
2:	mov	x12, sp
	sub	x12, x12, #1024
	msr	sp_el0, x12
	msr	spsel, #0		/* EL1t: the exception is taken to the SP0 vectors */
	exc_do_trap
	msr	spsel, #1
	ret
