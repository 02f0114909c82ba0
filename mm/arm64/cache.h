/* SPDX-License-Identifier: MIT */
/* Data-cache maintenance by VA to the point of coherency (Arm ARM D7.5.9). */
#ifndef HYPTEST_ARM64_CACHE_H
#define HYPTEST_ARM64_CACHE_H

#include <string.h>
#include "lib/compiler.h"
#include "lib/arm64/sysreg.h"

/* Smallest D-cache line: CTR_EL0.DminLine (bits 19:16) = log2(words). */
static inline uint64_t dcache_line(void)
{
	return UINT64_C(4) << ((READ_SYSREG(ctr_el0) >> 16) & 0xf);
}

/*
 * Invalidate [start, end) to the PoC: used on memory written with the MMU
 * off (non-cacheable) before it is read through cacheable mappings, so no
 * stale line from an earlier boot stage can shadow it. DSB SY: the
 * maintenance completes before anything after it.
 */
static inline void dcache_inval_poc(uint64_t start, uint64_t end)
{
	uint64_t line = dcache_line();

	for (uint64_t a = ALIGN_DOWN(start, line); a < end; a += line)
		__asm__ __volatile__("dc ivac, %0" :: "r"(a) : "memory");
	dsb(sy);
}

/* Clean [start, end) to the PoC, e.g. before code runs with the MMU off. */
static inline void dcache_clean_poc(uint64_t start, uint64_t end)
{
	uint64_t line = dcache_line();

	for (uint64_t a = ALIGN_DOWN(start, line); a < end; a += line)
		__asm__ __volatile__("dc cvac, %0" :: "r"(a) : "memory");
	dsb(sy);
}

/*
 * Clean and invalidate [start, end) to the PoC: the loader's copy of the
 * hypervisor must be in memory, with no line left to shadow it, before the
 * hypervisor runs from it with the MMU off.
 */
static inline void dcache_clean_inval_poc(uint64_t start, uint64_t end)
{
	uint64_t line = dcache_line();

	for (uint64_t a = ALIGN_DOWN(start, line); a < end; a += line)
		__asm__ __volatile__("dc civac, %0" :: "r"(a) : "memory");
	dsb(sy);
}

/*
 * Zero [start, end) of Normal memory (MMU on) with DC ZVA, one instruction
 * per block of DCZID_EL0.BS words, the rest with memset. DC ZVA to Device
 * memory faults (Arm ARM D7.4.8), so this is never for MMU-off code; where
 * DCZID_EL0.DZP forbids it, everything goes through memset.
 */
static inline void dcache_zero(void *start, uint64_t len)
{
	uint64_t dczid = READ_SYSREG(dczid_el0);
	uint64_t blk = UINT64_C(4) << (dczid & 0xf), s = (uint64_t)(uintptr_t)start, e = s + len;
	uint64_t a = ALIGN_UP(s, blk), b = ALIGN_DOWN(e, blk);

	if ((dczid & (1u << 4)) || a >= b) {
		memset(start, 0, len);
		return;
	}
	memset(start, 0, a - s);
	for (uint64_t p = a; p < b; p += blk)
		__asm__ __volatile__("dc zva, %0" :: "r"(p) : "memory");
	memset((void *)(uintptr_t)b, 0, e - b);
}

/*
 * Code was written where other code ran before: drop every instruction-cache
 * line in the inner-shareable domain (IC IALLUIS), wait for it (DSB ISH) and
 * refetch (ISB). Used for the SMP trampoline and for a guest's reloaded image.
 */
static inline void icache_inval_all(void)
{
	__asm__ __volatile__("ic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}

#endif
