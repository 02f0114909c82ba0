/* SPDX-License-Identifier: MIT */
/* jmp_save/jmp_restore, arm32: the AAPCS callee-saved r4-r11, SP and LR (no FP state); struct jmp_ctx is their storage. */
#include "lib/arm32/asm.h"

	.text
/* Inputs: r0 = struct jmp_ctx *. Output: r0 = 0. */
FUNC(jmp_save)
	stmia	r0!, {r4-r11}
	str	sp, [r0], #4
	str	lr, [r0]
	mov	r0, #0
	bx	lr
END(jmp_save)

/*
 * Inputs: r0 = struct jmp_ctx *, r1 = value for jmp_save to return (0 -> 1).
 * Touches no stack, so it works from a frame whose SP points into a guard page.
 */
FUNC(jmp_restore)
	ldmia	r0!, {r4-r11}
	ldr	sp, [r0], #4
	ldr	lr, [r0]
	movs	r0, r1
	moveq	r0, #1
	bx	lr
END(jmp_restore)
