/* SPDX-License-Identifier: MIT */
/* arm64 trap frame geometry: x0-x30, and the AAPCS64 frame record {fp, lr} at fp. */
#ifndef HYPTEST_ARM64_FRAME_H
#define HYPTEST_ARM64_FRAME_H

#include "lib/compiler.h"
#include "lib/arm64/sysreg.h"

typedef uint64_t tf_reg_t;
#define TF_NREGS	31	/* x0-x30 */
#define TF_REG_FP	29
#define TF_REG_LR	30
#define TF_REG_FMT	" x%-2d=0x%016lx"

/* "mov x0, #0; ret": code in a data page for the execute-never probe. */
/* An UNDEFINED instruction and a breakpoint with immediate 0x4d2, for traps.undef and traps.brk. */
#define TF_UDF_INSN	"udf #0x2a"
#define TF_BRK_INSN	"brk #0x4d2"
/* ESR.IL is valid (1) for an UNDEFINED instruction's EC 0. */
#define TF_UNDEF_IL_VALID 1
/* What it reports: BRK's class, and the immediate in ISS[15:0]. */
#define TF_BRK_EC	ESR_EC_BRK64
#define TF_BRK_ISS	0x4d2
#define TF_RET0_INSNS	{ 0xd2800000, 0xd65f03c0 }

/*
 * Where the next exception's frame goes: SP_EL2, read by switching SPSel
 * (hyptest runs in EL2t on SP_EL0). Between exceptions it is the top of the
 * exception stack; call it with interrupts masked, outside any handler.
 */
static inline uint64_t tf_exception_sp(void)
{
	uint64_t sp;

	__asm__ __volatile__("msr spsel, #1\n\tmov %0, sp\n\tmsr spsel, #0" : "=r"(sp) :: "memory");
	return sp;
}

/* The frame record at fp, if it lies in [lo, hi): the caller's fp and the return address. */
static inline bool tf_frame_record(uint64_t fp, uint64_t lo, uint64_t hi, uint64_t *next, uint64_t *ret)
{
	const uint64_t *rec = (const uint64_t *)(uintptr_t)fp;

	if (fp < lo || fp + 16 > hi || !IS_ALIGNED(fp, 8))
		return false;
	*next = rec[0];
	*ret = rec[1];
	return true;
}

#endif
