/* SPDX-License-Identifier: MIT */
/*
 * PMAP (seed 002): a few fixmap slots to map a page before the runtime
 * tables can reach it. Early boot only, no lock: once secondary CPUs run,
 * every call is refused.
 */
#ifndef HYPTEST_PMAP_H
#define HYPTEST_PMAP_H

#include "lib/compiler.h"
#include "mm/pgtable.h"

#define PMAP_SLOTS	8

/* Create the slots' table in pt (from its current allocator). */
int pmap_init(struct pt *pt);
/* Map pa in a free slot: its VA, or NULL (all slots busy, or refused after SMP). */
void *pmap_map(uint64_t pa);
void pmap_unmap(void *va);
/* Called when secondary CPUs start: from then on pmap_map refuses. */
void pmap_seal(void);
bool pmap_sealed(void);
/* For the refusal test only: undo pmap_seal() on a single-CPU boot. */
void pmap_unseal_single_cpu(void);

struct pmap_stats {
	unsigned maps;		/* successful pmap_map calls */
	unsigned refused;	/* calls refused (no slot, or after SMP) */
	unsigned busy;		/* slots in use now */
};
void pmap_get_stats(struct pmap_stats *s);
uint64_t pmap_slot_va(unsigned slot);

#endif
