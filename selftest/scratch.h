/* SPDX-License-Identifier: MIT */
/* Helpers of the mm/tlb/smp self-tests: fresh pages with known contents, reads that bypass the compiler. */
#ifndef HYPTEST_SCRATCH_H
#define HYPTEST_SCRATCH_H

#include "lib/compiler.h"

/* Two fresh pages of free RAM holding v0 and v1 in their first word (written through fill_va). */
void scratch_two_pages(uint64_t pa[2], uint64_t v0, uint64_t v1, uint64_t fill_va);

static inline uint64_t scratch_read(uint64_t va)
{
	return *(volatile uint64_t *)(uintptr_t)va;
}

#endif
