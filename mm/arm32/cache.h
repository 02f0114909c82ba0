/* SPDX-License-Identifier: MIT */
/* Data-cache maintenance by MVA to the point of coherency, arm32 (DDI 0406C B4.2.1); as mm/arm64/cache.h. */
#ifndef HYPTEST_ARM32_CACHE_H
#define HYPTEST_ARM32_CACHE_H

#include <string.h>
#include "lib/compiler.h"
#include "lib/arm32/sysreg.h"

/* Smallest D-cache line: CTR.DminLine (bits 19:16) = log2(words). */
static inline uint64_t dcache_line(void)
{
	return UINT64_C(4) << ((READ_SYSREG(ctr_el0) >> 16) & 0xf);
}

/* DCIMVAC over [start, end), then DSB SY: see dcache_inval_poc() in mm/arm64/cache.h. */
static inline void dcache_inval_poc(uint64_t start, uint64_t end)
{
	uint64_t line = dcache_line();

	for (uint64_t a = ALIGN_DOWN(start, line); a < end; a += line)
		CP32_OP_WRITE(DCIMVAC, a);
	dsb(sy);
}

/* DCCMVAC: clean to the PoC. */
static inline void dcache_clean_poc(uint64_t start, uint64_t end)
{
	uint64_t line = dcache_line();

	for (uint64_t a = ALIGN_DOWN(start, line); a < end; a += line)
		CP32_OP_WRITE(DCCMVAC, a);
	dsb(sy);
}

/* DCCIMVAC: clean and invalidate to the PoC. */
static inline void dcache_clean_inval_poc(uint64_t start, uint64_t end)
{
	uint64_t line = dcache_line();

	for (uint64_t a = ALIGN_DOWN(start, line); a < end; a += line)
		CP32_OP_WRITE(DCCIMVAC, a);
	dsb(sy);
}

/* Zero Normal memory (MMU on). ARMv7 has no DC ZVA: plain stores. */
static inline void dcache_zero(void *start, uint64_t len)
{
	memset(start, 0, len);
}

/*
 * Code was written where other code ran before: ICIALLUIS and BPIALLIS
 * (ARMv7 branch predictors may hold targets of the old code), DSB ISH, ISB.
 */
static inline void icache_inval_all(void)
{
	CP32_OP_WRITE(ICIALLUIS, 0);
	CP32_OP_WRITE(BPIALLIS, 0);
	dsb(ish);
	isb();
}

#endif
