/* SPDX-License-Identifier: MIT */
/*
 * PMAP slots. A bitmap says which slots are busy; a map writes the slot's
 * level-3 entry (invalid -> valid), an unmap removes it with break-before-make
 * and a local TLBI: PMAP is only used on the boot CPU, before any secondary
 * can have cached the slot (the entry must go from this CPU's TLB before the
 * slot is reused for another page, or a reader would see the old page).
 */
#include <stdio.h>
#include "mm/pmap.h"
#include "mm/va_layout.h"

static struct pt *pmap_pt;
static uint32_t bitmap;
static bool sealed;
static struct pmap_stats stats;

uint64_t pmap_slot_va(unsigned slot)
{
	return FIXMAP_BASE + (uint64_t)slot * PAGE_SIZE;
}

int pmap_init(struct pt *pt)
{
	pmap_pt = pt;
	/* The slots' level-3 table exists from now on; slots start invalid. */
	return pt_prealloc(pt, FIXMAP_BASE, 3);
}

void *pmap_map(uint64_t pa)
{
	unsigned slot;

#ifndef INJECT_PMAP_AFTER_SMP
	if (sealed) {
		stats.refused++;
		printf("# pmap: refused: secondary CPUs are running (PMAP is early boot only)\n");
		return NULL;
	}
#endif
#ifdef INJECT_PMAP_NO_BITMAP
	slot = 0;	/* knob: no bitmap, every caller gets slot 0 */
#else
	for (slot = 0; slot < PMAP_SLOTS && (bitmap & (1u << slot)); slot++)
		;
#endif
	if (slot == PMAP_SLOTS || !pmap_pt) {
		stats.refused++;
		return NULL;
	}
	if (pt_map_flags(pmap_pt, pmap_slot_va(slot), pa, PAGE_SIZE, MM_W, false, PT_LOCAL)) {
		stats.refused++;
		return NULL;
	}
	bitmap |= 1u << slot;
	stats.maps++;
	return (void *)(uintptr_t)pmap_slot_va(slot);
}

void pmap_unmap(void *va)
{
	uint64_t v = (uint64_t)(uintptr_t)va;
	uint64_t slot = (v - FIXMAP_BASE) / PAGE_SIZE;
	unsigned flags = PT_LOCAL | PT_NO_PRUNE;

	/* Only the start of a busy slot: anything else is ignored, not half-freed. */
	if (v < FIXMAP_BASE || slot >= PMAP_SLOTS || !IS_ALIGNED(v, PAGE_SIZE) || !(bitmap & (1u << slot)))
		return;
#ifdef INJECT_PMAP_NO_TLBI
	flags |= PT_UNMAP_NO_TLBI;	/* knob (seed 002): unmap without the flush */
#endif
	if (pt_unmap(pmap_pt, v, PAGE_SIZE, flags))
		return;			/* still mapped: the slot stays busy */
	bitmap &= ~(1u << slot);
}

void pmap_seal(void)
{
	sealed = true;
}

bool pmap_sealed(void)
{
	return sealed;
}

void pmap_unseal_single_cpu(void)
{
	sealed = false;
}

void pmap_get_stats(struct pmap_stats *s)
{
	*s = stats;
	s->busy = (unsigned)__builtin_popcount(bitmap);
}
