/* SPDX-License-Identifier: MIT */
/*
 * stack_guard_seed, arm32: choose the stack-protector canary
 * (__stack_chk_guard, 32 bits) before any C code runs. Used by both heads
 * (loader_head.S, head.S), with the MMU off, after .bss is zeroed and the
 * relocations are applied (adr_l yields the address the code runs at).
 *
 * Sources, mixed by XOR after each is spread over 32 bits (ARMv7 has no
 * RNDR, so STACK_GUARD_RNDR is never set here):
 *   CNTPCT (MRRC p15, 0, <lo>, <hi>, c14; DDI 0406C B4.1.34): the 64-bit
 *     physical count, its halves folded, so two boots differ (weak: a
 *     counter read this early is nearly constant on a model).
 *   r0: a word of the boot's seed when the caller has one, else 0.
 * The low byte is then cleared (a terminator canary: a string copy that runs
 * off a buffer stops at it or writes a NUL that does not match).
 * stack_guard_source records which sources went in (STACK_GUARD_* bits,
 * lib/stackprot.h), for the hypervisor's "# hardening:" line.
 *
 * Inputs: r0 = seed word or 0. Clobbers: r0-r3, flags. Touches no stack.
 */
#include "lib/arm32/asm.h"
#include "lib/arm32/sysreg.h"
#include "lib/stackprot.h"

	.text
FUNC(stack_guard_seed)
	mov	r3, #0				/* r3 = source bits */
	mov	r2, #0				/* r2 = the guard being built */
	cmp	r0, #0
	beq	1f
	mov_l	r1, 0x1ce4e5b9			/* spread the seed (an odd multiplier) */
	mul	r2, r0, r1
	orr	r3, r3, #STACK_GUARD_SEED
	/*
	 * ISB: the count is read after the code before it (CNTPCT reads may be
	 * performed out of order, DDI 0406C B8.1.2).
	 */
1:	isb
	mrrc_t	r0, r1, CNTPCT
	eor	r0, r0, r1, ror #13		/* fold the high half in */
	mov_l	r1, 0x9e3779b9
	mul	r0, r0, r1
	eor	r2, r2, r0, ror #17
	orr	r3, r3, #STACK_GUARD_COUNTER
	bic	r2, r2, #0xff			/* terminator byte */
	adr_l	r1, __stack_chk_guard
	str	r2, [r1]
	adr_l	r1, stack_guard_source
	str	r3, [r1]
	bx	lr
END(stack_guard_seed)
