/* SPDX-License-Identifier: MIT */
/* Helpers of the mm/tlb/smp self-tests. */
#include "selftest/scratch.h"
#include "selftest/selftest.h"
#include "mm/layout.h"
#include "mm/runtime.h"

void scratch_two_pages(uint64_t pa[2], uint64_t v0, uint64_t v1, uint64_t fill_va)
{
	for (int i = 0; i < 2; i++) {
		pa[i] = boot_alloc_pages(1, PAGE_SIZE);
		if (!pa[i])
			FAIL("the boot allocator is exhausted");
		if (pt_map_flags(&boot_mm.pt, fill_va, pa[i], PAGE_SIZE, MM_W, false, PT_REPLACE))
			FAIL("cannot map the scratch page at 0x%lx", (unsigned long)fill_va);
		*(volatile uint64_t *)(uintptr_t)fill_va = i ? v1 : v0;
	}
}
