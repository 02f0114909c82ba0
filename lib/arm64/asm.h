/* SPDX-License-Identifier: MIT */
/* Assembler macros shared by the arm64 entry, vector and probe code. */
#ifndef HYPTEST_ARM64_ASM_H
#define HYPTEST_ARM64_ASM_H

#include "lib/asm_func.h"

#ifdef __ASSEMBLER__

/* PC-relative address of a symbol (+-4 GiB): valid with the MMU off or on. */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/*
 * x2-x30 to or from a register block at [base, #off] (x0 at off, x1 at
 * off + 8, ...): op is stp or ldp, op1 str or ldr. The trap frame and the
 * vCPU's saved registers both use it; x0/x1 are left to the caller. It is
 * the two halves below: what a C call may clobber (x2-x18, x30) and what it
 * keeps (x19-x29, AAPCS64), which a guest exit's fast path saves apart.
 */
.macro gprs_x2_x18_x30 op, op1, base, off
	\op	x2, x3, [\base, #\off + 16]
	\op	x4, x5, [\base, #\off + 32]
	\op	x6, x7, [\base, #\off + 48]
	\op	x8, x9, [\base, #\off + 64]
	\op	x10, x11, [\base, #\off + 80]
	\op	x12, x13, [\base, #\off + 96]
	\op	x14, x15, [\base, #\off + 112]
	\op	x16, x17, [\base, #\off + 128]
	\op1	x18, [\base, #\off + 144]
	\op1	x30, [\base, #\off + 240]
.endm

.macro gprs_x19_x29 op, op1, base, off
	\op1	x19, [\base, #\off + 152]
	\op	x20, x21, [\base, #\off + 160]
	\op	x22, x23, [\base, #\off + 176]
	\op	x24, x25, [\base, #\off + 192]
	\op	x26, x27, [\base, #\off + 208]
	\op	x28, x29, [\base, #\off + 224]
.endm

.macro gprs_x2_x30 op, op1, base, off
	gprs_x2_x18_x30 \op, \op1, \base, \off
	gprs_x19_x29 \op, \op1, \base, \off
.endm

/*
 * pl011_puts uart: print the NUL-terminated string at x0 on the PL011 at
 * \uart (a register), polling FR.TXFF before each byte; x0 ends past the
 * NUL. MMU off or on, no stack. Clobbers: x0, w2, w3.
 */
.macro pl011_puts uart
9005:	ldrb	w2, [x0], #1
	cbz	w2, 9007f
9006:	ldr	w3, [\uart, #0x18]		/* FR: wait while the TX FIFO is full (TXFF, bit 5) */
	tbnz	w3, #5, 9006b
	str	w2, [\uart]			/* DR */
	b	9005b
9007:
.endm

/*
 * zero_bss: clear [__bss_start, __bss_end), both 16-byte aligned (linker
 * scripts), with plain stores: valid with the MMU off (Device memory, no
 * DC ZVA). Clobbers: x0, x1.
 */
.macro zero_bss
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
9001:	cmp	x0, x1
	b.hs	9002f
	stp	xzr, xzr, [x0], #16
	b	9001b
9002:
.endm

/*
 * apply_relocs where, value, bad: for each Elf64_Rela {r_offset, r_info,
 * r_addend} in [__rela_start, __rela_end) of an image linked at 0, write
 * value + addend at where + r_offset (R_AARCH64_RELATIVE = 1027). `where` is
 * where the image is now, `value` where it will run; they differ for the
 * hypervisor, which is relocated at its PA for its runtime VA. Any other type
 * branches to `bad` (the build rejects them; this catches a corrupt image).
 * Clobbers: x0, x9-x12.
 */
.macro apply_relocs where, value, bad
	adr_l	x9, __rela_start
	adr_l	x10, __rela_end
#ifdef INJECT_RELOC_SKIP_LAST
	sub	x10, x10, #24		/* knob: the loop stops one entry early */
#endif
9003:	cmp	x9, x10
	b.hs	9004f
	ldp	x11, x12, [x9]
	ldr	x0, [x9, #16]
	add	x9, x9, #24
	cmp	x12, #1027
	b.ne	\bad
	add	x0, x0, \value
	str	x0, [\where, x11]
	b	9003b
9004:
.endm

#endif
#endif
