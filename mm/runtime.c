/* SPDX-License-Identifier: MIT */
/*
 * The runtime memory manager. After the MMU switch the tables grow from
 * free RAM (the boot allocator), not from the image's pool. Its RAM is
 * sized to what the boot and the suite need (mm/runtime.h) and taken from
 * as many free ranges as that takes (mm/bootmem.c): a board's firmware and
 * GPU carve-outs may leave no large one. The pieces lie one after another
 * in the table window, TABLES_BASE on. A new table page is not mapped
 * anywhere when it is taken, so it is zeroed and filled through a PMAP slot
 * (seed 002) before it is mapped in the window and linked into the tables.
 * The first users are the per-CPU stacks, mapped here at boot.
 */
#include <stdio.h>
#include <string.h>
#include "boot/placement.h"
#include "lib/dt.h"
#include "mm/layout.h"
#include "mm/pmap.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"

#define MAX_RANGES	32
#define WINDOW_MAX	(STACKS_BASE - TABLES_BASE)	/* the table window's VA range */
#define L3_SPAN		(UINT64_C(2) << 20)		/* what one level-3 table of the window maps */

_Static_assert(RT_NEED_BYTES(MAX_CPUS) + RT_BLOCK_BYTES <= WINDOW_MAX, "the boot allocator outgrows its window");

struct mm_runtime mm_rt;

bool mm_window_va(uint64_t pa, uint64_t size, uint64_t *va)
{
	uint64_t win;

	if (!bootmem_window(&mm_rt.bm, pa, size, &win))
		return false;
	*va = TABLES_BASE + win;
	return true;
}

/*
 * Somewhere to write a page of the allocator's RAM: a PMAP slot while PMAP
 * is open (early boot, nothing else maps the page), afterwards the page's
 * own place in the window (the "direct map" of the pieces, whose level-3
 * tables exist).
 */
static uint64_t *map_to_fill(uint64_t pa)
{
	uint64_t va;

	if (!pmap_sealed())
		return pmap_map(pa);
	if (!mm_window_va(pa, PAGE_SIZE, &va) ||
	    pt_map_flags(&boot_mm.pt, va, pa, PAGE_SIZE, MM_W, false, PT_REPLACE))
		return NULL;
	return (uint64_t *)(uintptr_t)va;
}

static void unmap_filled(uint64_t *v)
{
	if ((uint64_t)(uintptr_t)v < TABLES_BASE)
		pmap_unmap(v);
}

uint64_t boot_alloc_pages(unsigned n, uint64_t align)
{
	uint64_t size = (uint64_t)n * PAGE_SIZE;
	uint64_t pa = bootmem_alloc(&mm_rt.bm, size, MAX(align, PAGE_SIZE));

	if (!pa)
		return 0;
	/* Zero it through PMAP (or, after SMP, the window): nothing else maps it yet. */
	for (uint64_t p = pa; p < pa + size; p += PAGE_SIZE) {
		uint64_t *v = map_to_fill(p);

		if (!v)
			return 0;
		for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
			v[i] = 0;
		unmap_filled(v);
	}
	return pa;
}

/* pt's allocator from now on: a page filled through PMAP, then mapped in the table window. */
static int rt_table_alloc(void *ctx, uint64_t *pa, const struct pt_fill *fill)
{
	struct pt *pt = ctx;
	uint64_t p = bootmem_alloc(&mm_rt.bm, PAGE_SIZE, PAGE_SIZE), va;
	uint64_t *v;

	if (!p || !mm_window_va(p, PAGE_SIZE, &va))
		return PT_ENOMEM;
	v = map_to_fill(p);
	if (!v)
		return PT_ENOMEM;
	for (unsigned i = 0; i < PT_FILL_ENTRIES; i++)
		v[i] = pt_fill_entry(fill, i);
	unmap_filled(v);
	/* The window's level-3 tables were made at init: this needs no new table. */
	if (pt_map_flags(pt, va, p, PAGE_SIZE, MM_W, false, PT_REPLACE))
		return PT_ENOMEM;
	mm_rt.table_pages++;
	*pa = p;
	return PT_OK;
}

void mm_pt_runtime(struct pt *pt)
{
	pt_setup(pt, NULL, 0);
	pt->ext = mm_rt.ext;
	pt->next = mm_rt.bm.n;
	/* Its pages are mapped in the window through the hypervisor's own tables. */
	pt->alloc_ctx = &boot_mm.pt;
	pt->alloc = rt_table_alloc;
}

void *mm_chunk_map(uint64_t pa, uint64_t size)
{
	uint64_t va;

	if (!mm_window_va(pa, size, &va))
		return NULL;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		struct pt_walk w;

		pt_walk(&boot_mm.pt, va + off, &w);
		if (w.valid && w.pa == pa + off)
			continue;
		if (pt_map_flags(&boot_mm.pt, va + off, pa + off, PAGE_SIZE, MM_W, false, PT_REPLACE))
			return NULL;
	}
	return (void *)(uintptr_t)va;
}

/*
 * The allocator's RAM: free RAM is memory minus the image, the DTB, the
 * loader, reserved ranges, and the image's runtime VA range (the SMP
 * trampoline is a page of it mapped at its own PA, which must not be a VA
 * of the image); of it, RT_NEED_BYTES(cpus) in as few pieces as it takes,
 * and a 2 MiB block where free RAM has one. Errors say what was needed and
 * what was found.
 */
static bool choose_ram(const void *fdt, int cpus, const char **why)
{
	static struct mem_range mem[MAX_RANGES], resv[MAX_RANGES + 4], freer[BOOTMEM_RANGES];
	static char msg[200];
	struct placement_req r = { 0 };
	struct bootmem_need need = { .page = PAGE_SIZE, .pages = RT_NEED_BYTES(MIN(cpus, MAX_CPUS)),
				     .block = RT_BLOCK_BYTES };
	int nmem = dt_memory(fdt, mem, MAX_RANGES);
	int nresv = dt_reserved(fdt, resv, MAX_RANGES), nfree;
	enum bootmem_err err;
	uint64_t found;

	resv[nresv++] = (struct mem_range){ boot_mm.image_pa, boot_mm.size };
	resv[nresv++] = (struct mem_range){ boot_mm.dtb_pa, boot_mm.dtb_size };
	resv[nresv++] = (struct mem_range){ boot_mm.va, boot_mm.size };
	if (boot_mm.has_bi)
		resv[nresv++] = (struct mem_range){ boot_mm.bi.loader_pa, boot_mm.bi.loader_size };
	r.rg = &PLACEMENT_REGIME;
	r.mem = mem;
	r.nmem = nmem;
	r.resv = resv;
	r.nresv = nresv;
	r.pa_limit = FIXED_BASE;
	nfree = placement_free_ranges(&r, freer, BOOTMEM_RANGES);
	err = bootmem_choose(&mm_rt.bm, freer, nfree, &need, &found);
	if (err == BOOTMEM_OK)
		return true;
	/* KiB and bytes: newlib-nano's printf has no %llx, and long is 32 bits on arm32. */
	if (err == BOOTMEM_SHORT)
		snprintf(msg, sizeof(msg), "the boot allocator needs %lu KiB of free RAM (0x%lx bytes, cpus=%d), "
			 "the DT leaves %lu KiB (0x%lx bytes) beside the image, DTB, loader and reserved ranges",
			 (unsigned long)(need.pages >> 10), (unsigned long)need.pages, MIN(cpus, MAX_CPUS),
			 (unsigned long)(found >> 10), (unsigned long)found);
	else
		snprintf(msg, sizeof(msg), "the boot allocator needs %lu KiB of free RAM (0x%lx bytes); the DT "
			 "leaves it in %d ranges, and the %d largest, all it can take, hold only %lu KiB",
			 (unsigned long)(need.pages >> 10), (unsigned long)need.pages, nfree, BOOTMEM_PIECES,
			 (unsigned long)(found >> 10));
	*why = msg;
	return false;
}

/*
 * Each CPU's slot: a guard page, the exception stack, a guard page, the
 * stack. Every stack has an unmapped page below it, so an overflow of
 * either is a translation fault, never a silent write into the other.
 */
#define CPU_SLOT_PAGES	(1 + SECONDARY_XSTACK_PAGES + 1 + SECONDARY_STACK_PAGES)

void mm_secondary_xstack(unsigned cpu, uint64_t *lo, uint64_t *hi)
{
	*lo = STACKS_BASE + (uint64_t)cpu * CPU_SLOT_PAGES * PAGE_SIZE + PAGE_SIZE;
	*hi = *lo + SECONDARY_XSTACK_PAGES * PAGE_SIZE;
}

void mm_secondary_stack(unsigned cpu, uint64_t *lo, uint64_t *hi)
{
	mm_secondary_xstack(cpu, lo, hi);
	*lo = *hi + PAGE_SIZE;
	*hi = *lo + SECONDARY_STACK_PAGES * PAGE_SIZE;
}

/* Map [lo, hi) to fresh pages of the boot allocator. */
static bool map_stack(uint64_t lo, uint64_t hi)
{
	uint64_t pa = boot_alloc_pages((unsigned)((hi - lo) / PAGE_SIZE), PAGE_SIZE);

	return pa && !pt_map_pages(&boot_mm.pt, lo, pa, hi - lo, MM_W);
}

int mm_runtime_init(const void *fdt, int cpus, const char **why)
{
	struct pt *pt = &boot_mm.pt;
	struct pmap_stats st;
	int rc;

	if (!choose_ram(fdt, cpus, why))
		return -1;
	/* Where the table walker finds each piece's pages: at its place in the window. */
	for (unsigned i = 0; i < mm_rt.bm.n; i++) {
		const struct bootmem_piece *p = &mm_rt.bm.piece[i];

		mm_rt.ext[i] = (struct pt_ext){ p->base, p->end, (int64_t)(TABLES_BASE + p->win - p->base) };
	}
	/* Still from the image's pool: the PMAP slots' table, the table window's tables. */
	rc = pmap_init(pt);
	for (uint64_t w = 0; !rc && w < mm_rt.bm.size; w += L3_SPAN)
		rc = pt_prealloc(pt, TABLES_BASE + w, 3);
	if (rc) {
		*why = "the image's table pool is too small for the PMAP and table-window tables";
		return -1;
	}
	pt->ext = mm_rt.ext;
	pt->next = mm_rt.bm.n;
	pt->alloc_ctx = pt;
	pt->alloc = rt_table_alloc;

	/*
	 * A stack and an exception stack per CPU the DT describes (CPU 0's
	 * are kept for running guests), each with an unmapped guard page
	 * below it: new tables in a new region, all filled through PMAP.
	 */
	for (int cpu = 0; cpu < cpus && cpu < MAX_CPUS; cpu++) {
		uint64_t lo, hi, xlo, xhi;

		mm_secondary_stack((unsigned)cpu, &lo, &hi);
		mm_secondary_xstack((unsigned)cpu, &xlo, &xhi);
#ifdef INJECT_MM_NO_SECONDARY_GUARD
		lo -= PAGE_SIZE;	/* knob: the page below the stack is mapped too */
#endif
		if (!map_stack(lo, hi) || !map_stack(xlo, xhi)) {
			*why = "cannot map the secondary CPUs' stacks";
			return -1;
		}
		mm_rt.stacks++;
	}
	pmap_get_stats(&st);
	mm_rt.boot_pmap_maps = st.maps;
	mm_rt.boot_used = bootmem_used(&mm_rt.bm);
	return 0;
}
