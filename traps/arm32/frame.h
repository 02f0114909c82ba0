/* SPDX-License-Identifier: MIT */
/*
 * arm32 trap frame geometry: r0-r14 (r13 = the interrupted SP), and GCC's
 * ARM-state frame pointer: fp points at the saved lr, the caller's fp is
 * the word below it ("push {..., fp, lr}; add fp, sp, #n").
 */
#ifndef HYPTEST_ARM32_FRAME_H
#define HYPTEST_ARM32_FRAME_H

#include "lib/compiler.h"
#include "lib/arm32/sysreg.h"

typedef uint32_t tf_reg_t;
#define TF_NREGS	15	/* r0-r14 */
#define TF_REG_FP	11
#define TF_REG_LR	14
#define TF_REG_FMT	" r%-2d=0x%08lx"

/* "mov r0, #0; bx lr": code in a data page for the execute-never probe. */
/* An UNDEFINED instruction and a breakpoint with immediate 0x4d2, for traps.undef and traps.brk. */
#define TF_UDF_INSN	"udf #0x2a"
#define TF_BRK_INSN	"bkpt #0x4d2"
/* HSR.IL is UNK/SBZP for EC 0 on ARMv7 (DDI 0406C B3.13.6): not checked. */
#define TF_UNDEF_IL_VALID 0
/*
 * What it reports: on ARMv7 a BKPT in HYP mode is a prefetch abort taken
 * from HYP (EC 0x21) with the debug-event status (IFSC 0x22) in ISS[5:0],
 * and carries no immediate (DDI 0406C B3.13.6, C3.3.1).
 */
#define TF_BRK_EC	ESR_EC_IABT_CUR
#define TF_BRK_ISS	FSC_DEBUG
#define TF_RET0_INSNS	{ 0xe3a00000, 0xe12fff1e }

/* Where the next exception's frame goes: the top of this CPU's exception stack, which HTPIDR holds. */
static inline uint64_t tf_exception_sp(void)
{
	return READ_SYSREG(tpidr_el2);
}

static inline bool tf_frame_record(uint64_t fp, uint64_t lo, uint64_t hi, uint64_t *next, uint64_t *ret)
{
	const uint32_t *lr = (const uint32_t *)(uintptr_t)fp;

	if (fp < lo + 4 || fp + 4 > hi || !IS_ALIGNED(fp, 4))
		return false;
	*ret = lr[0];
	*next = lr[-1];
	return true;
}

#endif
