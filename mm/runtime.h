/* SPDX-License-Identifier: MIT */
/* The runtime memory manager: a boot page allocator over free RAM, and new tables filled through PMAP. */
#ifndef HYPTEST_RUNTIME_H
#define HYPTEST_RUNTIME_H

#include "lib/compiler.h"
#include "mm/pgtable.h"

#define SECONDARY_STACK_PAGES	4
#define SECONDARY_XSTACK_PAGES	2	/* each CPU's exception stack (SP_EL2) */
#define MAX_CPUS		8

struct mm_runtime {
	uint64_t chunk_base, chunk_end;	/* the boot allocator's RAM */
	uint64_t next;
	unsigned table_pages;		/* table pages taken from it */
	unsigned boot_pmap_maps;	/* PMAP maps made while booting (evidence it is used) */
	unsigned stacks;		/* per-CPU stacks mapped */
	uint64_t boot_next;		/* the allocator's position when boot was done */
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
/* The hypervisor's VA of [pa, pa + size) in the boot allocator's chunk (mapped in the window). */
void *mm_chunk_map(uint64_t pa, uint64_t size);
/* The VA range of CPU n's stack: [lo, hi); its guard page is just below lo. */
void mm_secondary_stack(unsigned cpu, uint64_t *lo, uint64_t *hi);
/* The VA range of CPU n's exception stack (SP_EL2), with its own guard page below lo. */
void mm_secondary_xstack(unsigned cpu, uint64_t *lo, uint64_t *hi);

#endif
