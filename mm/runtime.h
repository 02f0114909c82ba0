/* SPDX-License-Identifier: MIT */
/* The runtime memory manager: a boot page allocator over free RAM, and new tables filled through PMAP. */
#ifndef HYPTEST_RUNTIME_H
#define HYPTEST_RUNTIME_H

#include "lib/compiler.h"

#define SECONDARY_STACK_PAGES	4
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
/* The VA range of CPU n's stack: [lo, hi); its guard page is just below lo. */
void mm_secondary_stack(unsigned cpu, uint64_t *lo, uint64_t *hi);

#endif
