/* SPDX-License-Identifier: MIT */
/* Helpers of the mm/tlb/smp self-tests: fresh pages with known contents, reads that bypass the compiler. */
#ifndef HYPTEST_SCRATCH_H
#define HYPTEST_SCRATCH_H

#include "lib/compiler.h"
#include "lib/dt.h"

/* Two fresh pages of free RAM holding v0 and v1 in their first word (written through fill_va). */
void scratch_two_pages(uint64_t pa[2], uint64_t v0, uint64_t v1, uint64_t fill_va);

/*
 * What the boot allocator may not take, read from the DT and the boot state
 * rather than from the allocator: the DT's reserved ranges, the image (at its
 * PA, and at its VA taken as a PA: the SMP trampoline page is mapped at its
 * own PA), the DTB and the loader. Returns how many went into t[0..max).
 */
int scratch_taken_ranges(struct mem_range *t, int max);
/*
 * The first size-aligned block of size bytes of free RAM by the DT (in
 * /memory, below FIXED_BASE, clear of scratch_taken_ranges): true and *at.
 */
bool scratch_free_block(uint64_t size, uint64_t *at);
/* Bytes of free RAM by the DT: /memory below FIXED_BASE minus the union of scratch_taken_ranges. */
uint64_t scratch_free_bytes(void);
/* Do [a, a + as) and [b, b + bs) intersect? */
static inline bool scratch_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

static inline uint64_t scratch_read(uint64_t va)
{
	return *(volatile uint64_t *)(uintptr_t)va;
}

#endif
