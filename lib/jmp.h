/* SPDX-License-Identifier: MIT */
/* A setjmp/longjmp pair on general registers only, used to abandon a test. */
#ifndef HYPTEST_JMP_H
#define HYPTEST_JMP_H

#include <stdint.h>

struct jmp_ctx {
	uint64_t x19[10];	/* x19..x28 */
	uint64_t fp;
	uint64_t lr;
	uint64_t sp;
	uint64_t pad;
};

/* Returns 0 when saving, the value passed to jmp_restore() when resumed. */
int jmp_save(struct jmp_ctx *c) __attribute__((returns_twice));
void jmp_restore(struct jmp_ctx *c, int val) __attribute__((noreturn));

#endif
