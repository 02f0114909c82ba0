/* SPDX-License-Identifier: MIT */
/*
 * stack_guard_seed: choose the stack-protector canary (__stack_chk_guard)
 * before any C code runs. Used by both heads (loader_head.S, head.S), with
 * the MMU off, after .bss is zeroed and the relocations are applied.
 *
 * Sources, mixed by XOR after each is spread over 64 bits:
 *   RNDR (FEAT_RNG, when ID_AA64ISAR0_EL1.RNDR [63:60] != 0): a 64-bit
 *     random number; it clears PSTATE.Z on success, sets it (and returns 0)
 *     when the entropy source could not deliver in time: tried up to 8 times.
 *   CNTPCT_EL0: the physical count, so two boots differ even without RNDR
 *     (weak: a counter read this early is nearly constant on a model).
 *   x0: the boot's seed (boot_info.seed) when the caller has one, else 0.
 * The low byte is then cleared (a terminator canary: a string copy that runs
 * off a buffer stops at it or writes a NUL that does not match).
 * stack_guard_source records which sources went in (STACK_GUARD_* bits,
 * lib/stackprot.h), for the hypervisor's "# hardening:" line.
 *
 * Inputs: x0 = seed or 0. Clobbers: x0-x5, flags. Touches no stack.
 */
#include "lib/arm64/asm.h"
#include "lib/stackprot.h"

/* RNDR's encoding (older assemblers do not know the name). */
#define RNDR	s3_3_c2_c4_0

	.text
FUNC(stack_guard_seed)
	mov	x5, xzr				/* x5 = source bits */
	mov	x3, xzr				/* x3 = the guard being built */
	cbz	x0, 1f
	ldr	x1, =0xbf58476d1ce4e5b9		/* spread the seed (an odd multiplier) */
	mul	x3, x0, x1
	orr	x5, x5, #STACK_GUARD_SEED
1:	mrs	x1, cntpct_el0
	ldr	x2, =0x9e3779b97f4a7c15
	mul	x1, x1, x2
	eor	x3, x3, x1, ror #17
	orr	x5, x5, #STACK_GUARD_COUNTER
	mrs	x1, id_aa64isar0_el1
	lsr	x1, x1, #60
	cbz	x1, 3f				/* no FEAT_RNG */
	mov	x4, #8
2:	mrs	x1, RNDR
	b.ne	4f				/* Z clear: x1 holds a random number */
	subs	x4, x4, #1
	b.ne	2b
	b	3f				/* the source kept failing: go without it */
4:	eor	x3, x3, x1
	orr	x5, x5, #STACK_GUARD_RNDR
3:	and	x3, x3, #~0xff			/* terminator byte */
	adr_l	x1, __stack_chk_guard
	str	x3, [x1]
	adr_l	x1, stack_guard_source
	str	w5, [x1]
	ret
	.ltorg
END(stack_guard_seed)
