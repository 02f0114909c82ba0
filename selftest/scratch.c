/* SPDX-License-Identifier: MIT */
/* Helpers of the mm/tlb/smp self-tests. */
#include "selftest/scratch.h"
#include "selftest/selftest.h"
#include "boot/boot.h"
#include "mm/layout.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"

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

int scratch_taken_ranges(struct mem_range *t, int max)
{
	int n = dt_reserved(boot.fdt, t, max - 4);

	n = n < 0 ? 0 : n;
	t[n++] = (struct mem_range){ boot_mm.image_pa, boot_mm.size };
	t[n++] = (struct mem_range){ boot_mm.va, boot_mm.size };
	t[n++] = (struct mem_range){ boot_mm.dtb_pa, boot_mm.dtb_size };
	if (boot_mm.has_bi)
		t[n++] = (struct mem_range){ boot_mm.bi.loader_pa, boot_mm.bi.loader_size };
	return n;
}

bool scratch_free_block(uint64_t size, uint64_t *at)
{
	static struct mem_range mem[32], taken[40];
	int nmem = dt_memory(boot.fdt, mem, 32), nt = scratch_taken_ranges(taken, 40);

	for (int i = 0; i < nmem; i++) {
		uint64_t end = MIN(mem[i].base + mem[i].size, FIXED_BASE);

		for (uint64_t a = ALIGN_UP(mem[i].base, size); a >= mem[i].base && a + size <= end; a += size) {
			bool clear = true;

			for (int j = 0; j < nt && clear; j++)
				clear = !scratch_overlap(a, size, taken[j].base, taken[j].size);
			if (clear) {
				*at = a;
				return true;
			}
		}
	}
	return false;
}

uint64_t scratch_free_bytes(void)
{
	static struct mem_range mem[32], taken[40], cut[40];
	int nmem = dt_memory(boot.fdt, mem, 32), nt = scratch_taken_ranges(taken, 40);
	uint64_t total = 0;

	for (int i = 0; i < nmem; i++) {
		uint64_t b = mem[i].base, e = MIN(mem[i].base + mem[i].size, FIXED_BASE), at;
		int n = 0;

		if (e <= b)
			continue;
		/* The taken ranges clipped to [b, e), sorted by base (insertion sort: a few dozen). */
		for (int j = 0; j < nt; j++) {
			uint64_t tb = MAX(taken[j].base, b), te = MIN(taken[j].base + taken[j].size, e);
			int k = n++;

			if (te <= tb) {
				n--;
				continue;
			}
			for (; k > 0 && cut[k - 1].base > tb; k--)
				cut[k] = cut[k - 1];
			cut[k] = (struct mem_range){ tb, te - tb };
		}
		/* Free = the gaps between them. */
		at = b;
		for (int k = 0; k < n; k++) {
			if (cut[k].base > at)
				total += cut[k].base - at;
			at = MAX(at, cut[k].base + cut[k].size);
		}
		total += e > at ? e - at : 0;
	}
	return total;
}
