/* SPDX-License-Identifier: MIT */
/*
 * The AArch64 tiny guest's entry and its few assembly helpers. It runs at
 * EL1h from the first byte of its RAM, MMU and caches off (see guest/abi.h
 * for the registers at entry).
 */
#include "guest/abi.h"

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
