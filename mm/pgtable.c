/* SPDX-License-Identifier: MIT */
/*
 * Translation-table builder and software walker, arch-neutral: descriptor
 * formats come from arch_pte.h. It runs with the MMU off (boot tables), so it
 * uses no absolute addresses, no libc and no unaligned accesses.
 */
#include "mm/pgtable.h"
#include "arch_pte.h"

static inline pte_t *table_ptr(const struct pt *pt, uint64_t pa)
{
	return (pte_t *)(uintptr_t)(pa + (uint64_t)pt->ptr_off);
}

static inline unsigned pt_index(uint64_t va, int level)
{
	return (va >> arch_pt_shift(level)) & (PT_ENTRIES - 1);
}

/*
 * The one place the builder stores a descriptor. Only invalid -> valid
 * transitions happen here (pt_map refuses to replace a valid entry), which
 * need no break-before-make. The store is single-copy atomic (64-bit aligned).
 */
static inline void pte_store(pte_t *slot, pte_t val)
{
	*(volatile pte_t *)slot = val;
}

static int table_alloc(struct pt *pt, uint64_t *pa)
{
	struct pt_pool *pool = pt->pool;
	pte_t *p;

	if (pool->next + PAGE_SIZE > pool->end || pool->next + PAGE_SIZE < pool->next)
		return PT_ENOMEM;
	*pa = pool->next;
	pool->next += PAGE_SIZE;
	pt->tables++;
	p = table_ptr(pt, *pa);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		p[i] = 0;
	return PT_OK;
}

int pt_init(struct pt *pt, struct pt_pool *pool, int64_t ptr_off)
{
	pt->pool = pool;
	pt->ptr_off = ptr_off;
	pt->tables = 0;
	return table_alloc(pt, &pt->root);
}

static int map_range(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size,
		     unsigned attrs, bool blocks)
{
	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return PT_EALIGN;
	if (va + size < va || (PT_VA_BITS < 64 && (va + size - 1) >> PT_VA_BITS))
		return PT_ERANGE;

	while (size) {
		uint64_t table = pt->root;
		int level;

		for (level = PT_ROOT_LEVEL;; level++) {
			pte_t *slot = &table_ptr(pt, table)[pt_index(va, level)];
			pte_t cur = *slot;
			uint64_t bsize = UINT64_C(1) << arch_pt_shift(level);

			if (level == PT_LAST_LEVEL ||
			    (blocks && arch_pte_leaf_ok(level) &&
			     IS_ALIGNED(va | pa, bsize) && size >= bsize)) {
				if (arch_pte_valid(cur, level))
					return PT_EEXIST;
				pte_store(slot, arch_pte_leaf(pa, level, attrs));
				va += bsize;
				pa += bsize;
				size -= bsize;
				break;
			}
			if (!arch_pte_valid(cur, level)) {
				uint64_t next;
				int rc = table_alloc(pt, &next);

				if (rc)
					return rc;
				pte_store(slot, arch_pte_table(next, level));
				table = next;
			} else if (arch_pte_is_table(cur, level)) {
				table = arch_pte_addr(cur, level);
			} else {
				return PT_EEXIST;	/* a block covers this VA */
			}
		}
	}
	return PT_OK;
}

int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs)
{
	return map_range(pt, va, pa, size, attrs, true);
}

int pt_map_pages(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs)
{
	return map_range(pt, va, pa, size, attrs, false);
}

void pt_walk(const struct pt *pt, uint64_t va, struct pt_walk *w)
{
	uint64_t table = pt->root;

	w->valid = false;
	w->pa = 0;
	w->attrs = 0;
	if (PT_VA_BITS < 64 && (va >> PT_VA_BITS)) {
		w->level = PT_ROOT_LEVEL;
		return;
	}
	for (int level = PT_ROOT_LEVEL; level <= PT_LAST_LEVEL; level++) {
		pte_t cur = table_ptr(pt, table)[pt_index(va, level)];
		uint64_t bsize = UINT64_C(1) << arch_pt_shift(level);

		w->level = level;
		if (!arch_pte_valid(cur, level))
			return;
		if (arch_pte_is_table(cur, level)) {
			table = arch_pte_addr(cur, level);
			continue;
		}
		w->valid = true;
		w->pa = arch_pte_addr(cur, level) + (va & (bsize - 1));
		w->attrs = arch_pte_attrs(cur, level);
		return;
	}
}
