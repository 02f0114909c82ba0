/* SPDX-License-Identifier: MIT */
/* The self-tests' own walker of the EL2 tables (see el2walk.h). */
#include "selftest/el2walk.h"
#include "selftest/selftest.h"
#include "lib/sysreg.h"
#include "mm/at.h"
#include "mm/layout.h"
#include "mm/runtime.h"
#include "mm/va_layout.h"

static uint64_t table_off;	/* pool table PA + table_off = its address here */

void el2_tables_setup(void)
{
	uint64_t root = READ_SYSREG(ttbr0_el2) & GENMASK(47, 12);
	uint64_t pool_va = (uint64_t)(uintptr_t)__pt_pool_start;
	uint64_t pool_pa = at_s1e2(pool_va, false).pa;
	uint64_t pool_size = (uint64_t)(__pt_pool_end - __pt_pool_start);

	if (root < pool_pa || root >= pool_pa + pool_size)
		FAIL("TTBR0_EL2 root 0x%lx is not in the table pool", (unsigned long)root);
	table_off = pool_va - pool_pa;
}

/*
 * A table page grown at runtime comes from the boot allocator's pieces and
 * is mapped in the table window, where the hardware walker must agree;
 * the boot tables are in the image's pool.
 */
const uint64_t *el2_window_table(uint64_t pa)
{
	uint64_t va;
	struct at_result r;

	if (!mm_window_va(pa, PAGE_SIZE, &va))
		FAIL("table page 0x%lx is not in the boot allocator's RAM", (unsigned long)pa);
	r = at_s1e2(va, false);
	if (r.fault || r.pa != pa)
		FAIL("table page 0x%lx is not in the table window", (unsigned long)pa);
	return (const uint64_t *)(uintptr_t)va;
}

const uint64_t *el2_table_at(uint64_t pa)
{
	uint64_t va;

	if (mm_window_va(pa, PAGE_SIZE, &va))
		return el2_window_table(pa);
	return (const uint64_t *)(uintptr_t)(pa + table_off);
}

/* The root level and its entry count: the walk covers VA_BITS (48: level 0, 512 entries; 32: level 1, 4). */
static int root_level(void)
{
	return VA_BITS > 39 ? 0 : 1;
}

static unsigned walk(uint64_t table, int level, uint64_t base, el2_leaf_fn fn, void *ctx)
{
	unsigned shift = el2_level_shift(level), n = 0;
	unsigned entries = level == root_level() ? 1u << (VA_BITS - shift) : 512;

	for (unsigned i = 0; i < entries; i++) {
		uint64_t d = el2_table_at(table)[i], va = base + ((uint64_t)i << shift);
		struct el2_leaf l;

		if (!(d & EL2D_VALID) || (level == 3 && !(d & EL2D_TABLE)))
			continue;
		if (level < 3 && (d & EL2D_TABLE)) {
			n += walk(EL2D_ADDR(d, 12), level + 1, va, fn, ctx);
			continue;
		}
		l.va = va;
		l.size = UINT64_C(1) << shift;
		l.desc = d;
		l.level = level;
		fn(ctx, &l);
		n++;
	}
	return n;
}

unsigned el2_for_each_leaf(el2_leaf_fn fn, void *ctx)
{
	el2_tables_setup();
	return walk(READ_SYSREG(ttbr0_el2) & GENMASK(47, 12), root_level(), 0, fn, ctx);
}
