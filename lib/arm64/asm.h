/* SPDX-License-Identifier: MIT */
/* Assembler macros shared by the arm64 entry, vector and probe code. */
#ifndef HYPTEST_ARM64_ASM_H
#define HYPTEST_ARM64_ASM_H

#ifdef __ASSEMBLER__

#define FUNC(name)		\
	.globl name;		\
	.type name, %function;	\
	.balign 4;		\
name:

#define LOCAL_FUNC(name)	\
	.type name, %function;	\
	.balign 4;		\
name:

#define END(name) .size name, . - name

/* PC-relative address of a symbol (+-4 GiB): valid with the MMU off or on. */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

#endif
#endif
