/* SPDX-License-Identifier: MIT */
/* jmp_save/jmp_restore: callee-saved general registers and SP only (no FP/SIMD state). */
#include "lib/arm64/asm.h"
#include "asm-offsets.h"

	.text
/* Inputs: x0 = struct jmp_ctx *. Output: x0 = 0. */
FUNC(jmp_save)
	stp	x19, x20, [x0, #JMP_X19 + 0]
	stp	x21, x22, [x0, #JMP_X19 + 16]
	stp	x23, x24, [x0, #JMP_X19 + 32]
	stp	x25, x26, [x0, #JMP_X19 + 48]
	stp	x27, x28, [x0, #JMP_X19 + 64]
	stp	x29, x30, [x0, #JMP_FP]
	mov	x1, sp
	str	x1, [x0, #JMP_SP]
	mov	x0, #0
	ret
END(jmp_save)

/*
 * Inputs: x0 = struct jmp_ctx *, x1 = value for jmp_save to return (0 -> 1).
 * Touches no stack before SP is reloaded, so it works from a frame whose SP
 * points into a guard page.
 */
FUNC(jmp_restore)
	ldp	x19, x20, [x0, #JMP_X19 + 0]
	ldp	x21, x22, [x0, #JMP_X19 + 16]
	ldp	x23, x24, [x0, #JMP_X19 + 32]
	ldp	x25, x26, [x0, #JMP_X19 + 48]
	ldp	x27, x28, [x0, #JMP_X19 + 64]
	ldp	x29, x30, [x0, #JMP_FP]
	ldr	x2, [x0, #JMP_SP]
	mov	sp, x2
	cmp	x1, #0
	csinc	x0, x1, xzr, ne
	ret
END(jmp_restore)
