/* SPDX-License-Identifier: MIT */
/* Assembler macros shared by the arm32 entry, vector and probe code (ARM state, ARMv7-A). */
#ifndef HYPTEST_ARM32_ASM_H
#define HYPTEST_ARM32_ASM_H

#include "lib/arm32/sysreg.h"
#include "lib/asm_func.h"

#ifdef __ASSEMBLER__

	.syntax	unified
	.arm

/*
 * adr_l reg, sym: the address of sym in the mapping the CPU executes in
 * now. MOVW/MOVT take sym's offset from the ADD below (R_ARM_MOVW_PREL_NC /
 * R_ARM_MOVT_PREL, resolved at link time: no literal, no relocation), and the
 * ADD reads PC as its own address + 8. Valid with the MMU off or on.
 */
.macro adr_l reg, sym
	movw	\reg, #:lower16:(\sym - .Ladr_l\@ - 8)
	movt	\reg, #:upper16:(\sym - .Ladr_l\@ - 8)
.Ladr_l\@:
	add	\reg, pc, \reg
.endm

/* mov_l reg, value: a 32-bit constant without a literal pool (MOVW/MOVT). */
.macro mov_l reg, val
	movw	\reg, #:lower16:(\val)
	movt	\reg, #:upper16:(\val)
.endm

/* cp15 accesses by the tuples of lib/arm32/sysreg.h: "mcr_t r0, HSCTLR". */
.macro mcr_t reg, op1, crn, crm, op2
	mcr	p15, \op1, \reg, \crn, \crm, \op2
.endm
.macro mrc_t reg, op1, crn, crm, op2
	mrc	p15, \op1, \reg, \crn, \crm, \op2
.endm
.macro mcrr_t lo, hi, op1, crm
	mcrr	p15, \op1, \lo, \hi, \crm
.endm
.macro mrrc_t lo, hi, op1, crm
	mrrc	p15, \op1, \lo, \hi, \crm
.endm

/*
 * zero_bss: clear [__bss_start, __bss_end), both 16-byte aligned (linker
 * scripts), with plain word stores: valid with the MMU off (Strongly-ordered
 * memory). Clobbers: r0-r3.
 */
.macro zero_bss
	adr_l	r0, __bss_start
	adr_l	r1, __bss_end
	mov	r2, #0
	mov	r3, #0
9001:	cmp	r0, r1
	bhs	9002f
	stmia	r0!, {r2, r3}
	b	9001b
9002:
.endm

/*
 * apply_relocs where, value, bad: for each Elf32_Rel {r_offset, r_info} in
 * [__rela_start, __rela_end) of an image linked at 0, add value to the word
 * at where + r_offset (R_ARM_RELATIVE = 23: the addend is the word itself,
 * its link-time address). `where` is where the image is now, `value` where
 * it will run. Any other type branches to `bad` (the build rejects them;
 * this catches a corrupt image). Every entry is applied exactly once: the
 * image is always a fresh copy. Clobbers: r0-r3, r12.
 */
#define R_ARM_RELATIVE 23
.macro apply_relocs where, value, bad
	adr_l	r0, __rela_start
	adr_l	r1, __rela_end
#ifdef INJECT_RELOC_SKIP_LAST
	sub	r1, r1, #8		/* knob: the loop stops one entry early */
#endif
9003:	cmp	r0, r1
	bhs	9004f
	ldr	r2, [r0], #4		/* r_offset */
	ldr	r3, [r0], #4		/* r_info */
	and	r3, r3, #0xff
	cmp	r3, #R_ARM_RELATIVE
	bne	\bad
	ldr	r12, [\where, r2]
	add	r12, r12, \value
	str	r12, [\where, r2]
	b	9003b
9004:
.endm

/*
 * The instruction side after code was written with the MMU off (the
 * relocations above touch literal pools in .text): ICIALLU and BPIALL, DSB,
 * ISB (DDI 0406C B2.2.7 "Ordering of cache and branch predictor maintenance
 * operations"). Clobbers: r0.
 */
.macro icache_sync_local
	mov	r0, #0
	mcr_t	r0, ICIALLU
	mcr_t	r0, BPIALL
	dsb	sy
	isb
.endm

#endif
#endif
