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
 * What a new table page must hold: nothing (all invalid), or the leaves of
 * a split block: entry i maps pa + i * (size of a `level` entry) with attrs.
 * pt_fill_entry() encodes entry i in the regime's format.
 */
struct pt_fill {
	bool leaves;
	int level;
	uint64_t pa;
	unsigned attrs;
	unsigned regime;	/* the table's regime (PT_STAGE1/PT_STAGE2) */
};
uint64_t pt_fill_entry(const struct pt_fill *f, unsigned i);
#define PT_FILL_ENTRIES 512

/*
 * Where new table pages come from once the boot pool is not used: a hook
 * that returns a page's PA with its entries already written as `fill` says,
 * so a page can be filled before anything can reach it (PMAP, seed 002).
 */
typedef int (*pt_alloc_fn)(void *ctx, uint64_t *pa, const struct pt_fill *fill);

/*
 * A translation table. Tables are read and written through pointers: table
 * PA + ptr_off for the image's own pool (0 while the MMU is off, the
 * image's VA-PA offset once it runs at its runtime VA), table PA + off for
 * pages in one of the ranges [base, end) of ext[0..next) (the alloc hook's
 * pages, in as many pieces of RAM as it takes them from).
 */
struct pt_ext {
	uint64_t base, end;
	int64_t off;
};
/* Which translation regime a table belongs to: it selects the descriptor format and TLBI. */
#define PT_STAGE1	0u	/* the hypervisor's own EL2 stage 1 */
#define PT_STAGE2	1u	/* a guest's stage 2 (IPA -> PA), tagged with a VMID */

struct pt {
	uint64_t root;
	unsigned regime;	/* PT_STAGE1 unless set before pt_alloc_root() */
	int root_level;		/* the level the walk starts at */
	unsigned va_bits;	/* input address size */
	uint16_t vmid;		/* stage 2: the VMID its TLB entries are tagged with */
	int64_t ptr_off;
	struct pt_pool *pool;
	unsigned tables;	/* table pages taken, root included */
	pt_alloc_fn alloc;	/* NULL: take pages from pool */
	void *alloc_ctx;
	const struct pt_ext *ext;	/* where the alloc hook's pages are seen, next entries */
	unsigned next;
};

enum pt_err {
	PT_OK = 0,
	PT_ENOMEM = -1,		/* pool exhausted */
	PT_EALIGN = -2,		/* va, pa or size not page aligned */
	PT_EEXIST = -3,		/* a valid entry is in the way */
	PT_ERANGE = -4,		/* va outside the regime's input range */
	PT_ENOENT = -5,		/* nothing (or not the right kind of entry) mapped there */
};

/* Flags for the operations on live tables. */
#define PT_UNMAP_NO_TLBI	(1u << 0)	/* only for the knob that reproduces the bug */
#define PT_LOCAL		(1u << 1)	/* TLBI this CPU only (early boot, PMAP) */
#define PT_NO_PRUNE		(1u << 2)	/* keep tables that become empty */
#define PT_REPLACE		(1u << 3)	/* pt_map: replace valid leaves (with BBM) */

/* What a walk found for one VA. */
struct pt_walk {
	bool valid;
	int level;		/* level of the leaf, or where the walk stopped */
	uint64_t pa;		/* output address for the VA (leaf base + offset) */
	unsigned attrs;		/* MM_* of the leaf */
};

/* Stage-1 defaults (regime, root level, VA size), then the root table. */
int pt_init(struct pt *pt, struct pt_pool *pool, int64_t ptr_off);
/* The two halves of pt_init: defaults only, so a caller can change them... */
void pt_setup(struct pt *pt, struct pt_pool *pool, int64_t ptr_off);
/* ...and then take the root table. */
int pt_alloc_root(struct pt *pt);
/* Map [va, va + size) to [pa, ...) with attrs, using blocks where aligned. */
int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs);
/* Same, pages only (no blocks). */
int pt_map_pages(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs);
/* The general form: blocks where allowed, PT_REPLACE / PT_LOCAL flags. */
int pt_map_flags(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs,
		 bool blocks, unsigned flags);
/* New attrs for every leaf in [va, va + size) (same output address), with BBM. */
int pt_protect(struct pt *pt, uint64_t va, uint64_t size, unsigned attrs, unsigned flags);
/* Replace the block holding va by a table of next-level leaves, same PA and attrs (BBM). */
int pt_split(struct pt *pt, uint64_t va, unsigned flags);
/* The reverse: a table whose leaves are contiguous with equal attrs becomes a block (BBM). */
int pt_merge(struct pt *pt, uint64_t va, int level, unsigned flags);
/* Make sure tables exist down to `level` for va, mapping nothing. */
int pt_prealloc(struct pt *pt, uint64_t va, int level);
/* Pointer to the descriptor for va at `level`, NULL if the walk stops above it. */
uint64_t *pt_slot(const struct pt *pt, uint64_t va, int level);

/*
 * The BBM auditor: every descriptor store goes through one function, which
 * reports a valid entry replaced by a different valid one (no break) here.
 * The image counts them against the running test; host tests record them.
 */
void pt_bbm_violation(uint64_t old, uint64_t val, int level);
/*
 * Unmap [va, va + size): entries wholly inside the range are removed at the
 * highest level they sit at, each with break-before-make and TLB
 * invalidation; a table left empty is unhooked from its parent the same way.
 * A block only partly inside the range is refused (PT_EEXIST).
 */
int pt_unmap(struct pt *pt, uint64_t va, uint64_t size, unsigned flags);
/* Every valid leaf, in VA order: cb(ctx, va, pa, size, attrs). Returns how many. */
typedef void (*pt_leaf_fn)(void *ctx, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs);
unsigned pt_for_each_leaf(const struct pt *pt, pt_leaf_fn cb, void *ctx);
/* Software walk of one VA. */
void pt_walk(const struct pt *pt, uint64_t va, struct pt_walk *w);

#endif
