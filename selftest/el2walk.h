/* SPDX-License-Identifier: MIT */
/*
 * A walker of the hypervisor's live EL2 tables (TTBR0_EL2; HTTBR), written
 * from the descriptor format alone (Arm ARM D8.3 "Translation table
 * descriptor formats", DDI 0406C B3.6 for LPAE) for the tests that must not
 * trust mm/: no code of mm/pgtable.c decodes for it.
 */
#ifndef HYPTEST_EL2WALK_H
#define HYPTEST_EL2WALK_H

#include "lib/compiler.h"

/* The fields of a stage-1 EL2 block or page descriptor this walker reads. */
#define EL2D_VALID		BIT(0)
#define EL2D_TABLE		BIT(1)		/* levels 0-2: table; level 3: must be set for a page */
#define EL2D_ATTRINDX(d)	(((d) >> 2) & 7)
#define EL2D_AP_RO		BIT(7)		/* AP[2] */
#define EL2D_SH(d)		(((d) >> 8) & 3)
#define EL2D_AF			BIT(10)
#define EL2D_XN			BIT(54)
#define EL2D_ADDR(d, shift)	((d) & GENMASK(47, shift))

/* The level whose entries map 2^shift bytes: 12 + 9 * (3 - level), with the 4 KiB granule. */
static inline unsigned el2_level_shift(int level)
{
	return 12 + 9 * (3 - (unsigned)level);
}

/* Check that TTBR0_EL2's root is in the image's table pool (FAIL otherwise) and note where the pool is. */
void el2_tables_setup(void);
/* A table page's address here: in the image's pool, or in the table window (checked with AT). */
const uint64_t *el2_table_at(uint64_t pa);
/* A table page of the boot allocator's RAM (a guest's stage 2), through the table window, AT-checked. */
const uint64_t *el2_window_table(uint64_t pa);

/* A valid leaf (block or page): the VA it maps, its size, its descriptor and level. */
struct el2_leaf {
	uint64_t va, size, desc;
	int level;
};
typedef void (*el2_leaf_fn)(void *ctx, const struct el2_leaf *l);
/* Every valid leaf under TTBR0_EL2, in VA order. Returns how many. */
unsigned el2_for_each_leaf(el2_leaf_fn fn, void *ctx);

#endif
