/* SPDX-License-Identifier: MIT */
/*
 * boot.allocator: the boot allocator's RAM (mm/runtime.c, mm/bootmem.c)
 * against the DT, read independently of it: every piece lies in /memory,
 * clear of the reserved ranges, the image, the DTB, the loader and every
 * other piece; the pieces follow one another in the table window; they
 * hold what the boot and the suite need; and the 2 MiB block is among them
 * exactly when free RAM has one.
 */
#include "selftest/selftest.h"
#include "selftest/scratch.h"
#include "boot/boot.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"

/* What page-aligning the free ranges inwards may lose, at most, at each end of each reserved range. */
#define RT_SLACK	(UINT64_C(80) * PAGE_SIZE)

static bool in_memory(const struct mem_range *mem, int n, uint64_t base, uint64_t end)
{
	for (int i = 0; i < n; i++)
		if (base >= mem[i].base && end <= mem[i].base + mem[i].size)
			return true;
	return false;
}

TEST_FLAGS(boot, allocator, TEST_EARLY)
{
	static struct mem_range mem[32], taken[40];
	const struct bootmem *bm = &mm_rt.bm;
	int nmem = dt_memory(boot.fdt, mem, 32), nt = scratch_taken_ranges(taken, 40);
	int cpus = MIN(boot.cpus, MAX_CPUS);
	uint64_t win = 0, pages = 0, free_at = 0, need = RT_NEED_BYTES(cpus);
	bool has_block = scratch_free_block(RT_BLOCK_BYTES, &free_at), block_seen = false;

	if (!bm->n)
		FAIL("the boot allocator has no RAM");
	for (unsigned i = 0; i < bm->n; i++) {
		const struct bootmem_piece *p = &bm->piece[i];

		selftest_info("boot allocator piece %u: [0x%lx, 0x%lx), %lu KiB, window +0x%lx%s", i,
			      (unsigned long)p->base, (unsigned long)p->end, (unsigned long)((p->end - p->base) >> 10),
			      (unsigned long)p->win, bm->block && i == bm->n - 1 ? ", the 2 MiB block" : "");
		if (p->end <= p->base || !IS_ALIGNED(p->base | p->end, PAGE_SIZE))
			FAIL("piece %u [0x%lx, 0x%lx) is empty or not page aligned", i, (unsigned long)p->base,
			     (unsigned long)p->end);
		if (p->end > FIXED_BASE || !in_memory(mem, nmem, p->base, p->end))
			FAIL("piece %u [0x%lx, 0x%lx) is not in the DT's /memory below 0x%lx", i,
			     (unsigned long)p->base, (unsigned long)p->end, (unsigned long)FIXED_BASE);
		for (int j = 0; j < nt; j++)
			if (scratch_overlap(p->base, p->end - p->base, taken[j].base, taken[j].size))
				FAIL("piece %u [0x%lx, 0x%lx) overlaps [0x%lx, +0x%lx): reserved or in use", i,
				     (unsigned long)p->base, (unsigned long)p->end, (unsigned long)taken[j].base,
				     (unsigned long)taken[j].size);
		for (unsigned j = 0; j < i; j++)
			if (scratch_overlap(p->base, p->end - p->base, bm->piece[j].base,
					    bm->piece[j].end - bm->piece[j].base))
				FAIL("pieces %u and %u overlap", j, i);
		if (p->win != win)
			FAIL("piece %u is at window +0x%lx, want +0x%lx (right after the one before)", i,
			     (unsigned long)p->win, (unsigned long)win);
		win += p->end - p->base;
		if (bm->block && i == bm->n - 1) {
			block_seen = true;
			if (!IS_ALIGNED(p->base, RT_BLOCK_BYTES) || p->end - p->base != RT_BLOCK_BYTES)
				FAIL("the block piece [0x%lx, 0x%lx) is not one aligned 2 MiB", (unsigned long)p->base,
				     (unsigned long)p->end);
		} else {
			pages += p->end - p->base;
		}
	}
	if (win > STACKS_BASE - TABLES_BASE)
		FAIL("the pieces take 0x%lx bytes of window, which has 0x%lx", (unsigned long)win,
		     (unsigned long)(STACKS_BASE - TABLES_BASE));
	if (pages < need)
		FAIL("the pieces hold %lu KiB for pages, the boot and the suite need %lu KiB (cpus=%d)",
		     (unsigned long)(pages >> 10), (unsigned long)(need >> 10), cpus);
	/* The block is taken when free RAM has one and the pages fit beside it (mm/runtime.h). */
	if (has_block && !block_seen && scratch_free_bytes() >= need + RT_BLOCK_BYTES + RT_SLACK)
		FAIL("free RAM has a 2 MiB-aligned 2 MiB at 0x%lx, but the allocator took no block",
		     (unsigned long)free_at);
	selftest_note("%u piece(s), %lu KiB for pages (need %lu KiB, cpus=%d)%s", bm->n,
		      (unsigned long)(pages >> 10), (unsigned long)(need >> 10), cpus,
		      block_seen ? " and the 2 MiB block" : has_block ? "" : "; free RAM has no 2 MiB block");
}
