/* SPDX-License-Identifier: MIT */
/* Arch-neutral translation-table builder and software walker. */
#ifndef HYPTEST_PGTABLE_H
#define HYPTEST_PGTABLE_H

#include "lib/compiler.h"

/* Arch-neutral mapping attributes; every mapping is readable. */
#define MM_W		(1u << 0)	/* writable */
#define MM_X		(1u << 1)	/* executable */
#define MM_DEVICE	(1u << 2)	/* Device-nGnRnE */
#define MM_NC		(1u << 3)	/* Normal non-cacheable */
#define MM_ATTR_MASK	(MM_W | MM_X | MM_DEVICE | MM_NC)

#define PAGE_SIZE	UINT64_C(4096)

/* Pages the tables are taken from: [next, end), physical addresses. */
struct pt_pool {
	uint64_t next;
	uint64_t end;
};

/*
 * A translation table. Tables are read and written through pointers
 * (table PA + ptr_off): 0 while the MMU is off or the tables are identity
 * mapped, the image's VA-PA offset once it runs at its runtime VA.
 */
struct pt {
	uint64_t root;
	int64_t ptr_off;
	struct pt_pool *pool;
	unsigned tables;	/* table pages taken, root included */
};

enum pt_err {
	PT_OK = 0,
	PT_ENOMEM = -1,		/* pool exhausted */
	PT_EALIGN = -2,		/* va, pa or size not page aligned */
	PT_EEXIST = -3,		/* a valid entry is in the way */
	PT_ERANGE = -4,		/* va outside the regime's input range */
};

/* What a walk found for one VA. */
struct pt_walk {
	bool valid;
	int level;		/* level of the leaf, or where the walk stopped */
	uint64_t pa;		/* output address for the VA (leaf base + offset) */
	unsigned attrs;		/* MM_* of the leaf */
};

int pt_init(struct pt *pt, struct pt_pool *pool, int64_t ptr_off);
/* Map [va, va + size) to [pa, ...) with attrs, using blocks where aligned. */
int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs);
/* Same, pages only (no blocks). */
int pt_map_pages(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs);
/*
 * Unmap [va, va + size): entries wholly inside the range are removed at the
 * highest level they sit at, each with break-before-make and TLB
 * invalidation; a table left empty is unhooked from its parent the same way.
 * A block only partly inside the range is refused (PT_EEXIST).
 */
#define PT_UNMAP_NO_TLBI	(1u << 0)	/* only for the knob that reproduces the bug */
int pt_unmap(struct pt *pt, uint64_t va, uint64_t size, unsigned flags);
/* Software walk of one VA. */
void pt_walk(const struct pt *pt, uint64_t va, struct pt_walk *w);

#endif
