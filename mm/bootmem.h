/* SPDX-License-Identifier: MIT */
/*
 * The boot allocator's RAM: pieces of free RAM chosen for what the boot and
 * the suite need, and pages handed out from them (arch-neutral, no MMU
 * knowledge, host-tested). mm/runtime.c maps the pieces one after another
 * in its table window and zeroes what it hands out.
 */
#ifndef HYPTEST_BOOTMEM_H
#define HYPTEST_BOOTMEM_H

#include "lib/compiler.h"
#include "lib/dt.h"

/* At most this many pieces: the table walker looks a table page up among them. */
#define BOOTMEM_PIECES		16
/* At most this many free ranges are considered (boot/placement.c gives at most 64). */
#define BOOTMEM_RANGES		64

struct bootmem_piece {
	uint64_t base, end;	/* [base, end): free RAM, page aligned */
	uint64_t next;		/* the first byte not handed out yet */
	uint64_t win;		/* where base lies in the window: the sum of the earlier pieces' sizes */
};

struct bootmem {
	struct bootmem_piece piece[BOOTMEM_PIECES];
	unsigned n;
	uint64_t size;		/* all pieces together: the window's size */
	bool block;		/* the last piece is the block need->block asked for */
};

struct bootmem_need {
	uint64_t page;		/* the granule: pieces and allocations are multiples of it */
	uint64_t pages;		/* bytes that may lie anywhere, in any number of pieces */
	/*
	 * One naturally aligned block of this size (a power of two), taken as
	 * a piece of its own when free RAM holds one after the pages are
	 * counted; 0 for none. Optional: without it bootmem_choose still
	 * succeeds, with bootmem.block false.
	 */
	uint64_t block;
};

enum bootmem_err {
	BOOTMEM_OK = 0,
	BOOTMEM_SHORT = -1,	/* free RAM holds less than need->pages */
	BOOTMEM_SCATTERED = -2,	/* it holds enough, but in more pieces than BOOTMEM_PIECES */
};

/*
 * Choose the pieces from the free ranges freer[0..nfree) (disjoint, any
 * order). The pages come from the largest ranges first, each piece the
 * start of its range; the block, if wanted and free RAM holds one besides
 * the pages, is the first aligned block in address order, cut out of its
 * range. *found: the free RAM there is (page aligned inwards), or with
 * BOOTMEM_SCATTERED what the pieces could take.
 */
enum bootmem_err bootmem_choose(struct bootmem *bm, const struct mem_range *freer, int nfree,
				const struct bootmem_need *need, uint64_t *found);
/* size bytes aligned to align (a power of two) from the first piece with room: their PA, 0 if none. */
uint64_t bootmem_alloc(struct bootmem *bm, uint64_t size, uint64_t align);
/* Is [pa, pa + size) inside one piece? Then *win is pa's place in the window. */
bool bootmem_window(const struct bootmem *bm, uint64_t pa, uint64_t size, uint64_t *win);
/* Bytes handed out so far, alignment gaps included. */
uint64_t bootmem_used(const struct bootmem *bm);

#endif
