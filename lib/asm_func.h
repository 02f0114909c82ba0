/* SPDX-License-Identifier: MIT */
/* FUNC/LOCAL_FUNC/END: how every assembly routine is declared, on both arches (lib/<arch>/asm.h). */
#ifndef HYPTEST_ASM_FUNC_H
#define HYPTEST_ASM_FUNC_H

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
#endif
#endif
