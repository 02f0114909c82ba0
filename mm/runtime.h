/* SPDX-License-Identifier: MIT */
/* The runtime memory manager: a boot page allocator over free RAM, and new tables filled through PMAP. */
#ifndef HYPTEST_RUNTIME_H
#define HYPTEST_RUNTIME_H

#include "lib/compiler.h"
#include "mm/bootmem.h"
#include "mm/pgtable.h"

#define SECONDARY_STACK_PAGES	4
#define SECONDARY_XSTACK_PAGES	2	/* each CPU's exception stack (SP_EL2) */
#define MAX_CPUS		8

/*
 * What the boot allocator is sized for. Per CPU (at most MAX_CPUS): its
 * stack and exception stack, mapped at boot. RT_SUITE_BYTES: everything
 * else the boot and the suite take, measured with tests=*,!framework.* (all
 * but the negative controls) on 8 CPUs at 1.1 MiB on arm64 and 0.8 MiB on
 * arm32 with 4, stacks included: runtime table pages (the stacks', the
 * device and test mappings', the guests' stage 2), the two guests' RAM
 * (2 x 256 KiB), test scratch pages, the SMP trampoline page; the rest is
 * headroom. A test that finds the allocator exhausted FAILs, so an estimate
 * that falls short shows in every boot. RT_BLOCK_BYTES: one 2 MiB-aligned
 * 2 MiB block, which tlb.split-merge maps as a level-2 block, taken besides
 * when free RAM has one (the test SKIPs where it has none).
 */
#define RT_CPU_BYTES		((uint64_t)(SECONDARY_STACK_PAGES + SECONDARY_XSTACK_PAGES) * PAGE_SIZE)
#define RT_SUITE_BYTES		(UINT64_C(1536) << 10)
#define RT_NEED_BYTES(cpus)	(RT_SUITE_BYTES + (uint64_t)(cpus) * RT_CPU_BYTES)
#define RT_BLOCK_BYTES		(UINT64_C(2) << 20)

struct mm_runtime {
	struct bootmem bm;		/* the boot allocator's RAM, in pieces */
	struct pt_ext ext[BOOTMEM_PIECES];	/* each piece where the table code finds it: the window */
	unsigned table_pages;		/* table pages taken from it */
	unsigned boot_pmap_maps;	/* PMAP maps made while booting (evidence it is used) */
	unsigned stacks;		/* per-CPU stacks mapped */
	uint64_t boot_used;		/* bytes handed out when boot was done */
};

extern struct mm_runtime mm_rt;

/* After the switch: take tables from free RAM through PMAP, map the secondary stacks. */
int mm_runtime_init(const void *fdt, int cpus, const char **why);
/* n zeroed pages of free RAM aligned to align (a power of two): their PA, 0 if none. */
uint64_t boot_alloc_pages(unsigned n, uint64_t align);
/*
 * Another table set (a guest's stage 2) whose pages come from the boot
 * allocator the same way as the runtime tables': pt_setup() defaults, the
 * caller sets the regime and calls pt_alloc_root().
 */
void mm_pt_runtime(struct pt *pt);
/* The hypervisor's VA of [pa, pa + size), which lies in one piece of the boot allocator's RAM, mapped. */
void *mm_chunk_map(uint64_t pa, uint64_t size);
/* Where [pa, pa + size) lies in the table window, if it lies in one piece of the boot allocator's RAM. */
bool mm_window_va(uint64_t pa, uint64_t size, uint64_t *va);
/* The VA range of CPU n's stack: [lo, hi); its guard page is just below lo. */
void mm_secondary_stack(unsigned cpu, uint64_t *lo, uint64_t *hi);
/* The VA range of CPU n's exception stack (SP_EL2), with its own guard page below lo. */
void mm_secondary_xstack(unsigned cpu, uint64_t *lo, uint64_t *hi);

#endif
