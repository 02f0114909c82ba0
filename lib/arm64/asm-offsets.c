/* SPDX-License-Identifier: MIT */
/* Emits the C struct offsets that assembly needs; the build turns them into a header. */
#include <stddef.h>
#include "traps/traps.h"
#include "lib/jmp.h"

#define DEFINE(sym, val) __asm__ __volatile__("\n.ascii \"->" #sym " %0\"" :: "i"(val))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(TF_X0, offsetof(struct trap_frame, x));
	DEFINE(TF_SP, offsetof(struct trap_frame, sp));
	DEFINE(TF_ELR, offsetof(struct trap_frame, elr));
	DEFINE(TF_SPSR, offsetof(struct trap_frame, spsr));
	DEFINE(TF_ESR, offsetof(struct trap_frame, esr));
	DEFINE(TF_FAR, offsetof(struct trap_frame, far));
	DEFINE(TF_VECTOR, offsetof(struct trap_frame, vector));
	DEFINE(TF_SIZE, sizeof(struct trap_frame));
	DEFINE(JMP_X19, offsetof(struct jmp_ctx, x19));
	DEFINE(JMP_FP, offsetof(struct jmp_ctx, fp));
	DEFINE(JMP_LR, offsetof(struct jmp_ctx, lr));
	DEFINE(JMP_SP, offsetof(struct jmp_ctx, sp));
}
