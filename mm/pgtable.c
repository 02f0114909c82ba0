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
	if (!size)
		return PT_OK;
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

/*
 * Break-before-make for a live entry: the one place a valid descriptor is
 * changed. (1) write invalid, (2) DSB so every walker sees it, (3) TLBI the
 * VA (or everything, when a whole table goes) and DSB for completion, (4)
 * only then write the new descriptor, if any, and publish it, (5) ISB.
 */
static void pte_bbm(pte_t *slot, pte_t val, int level, uint64_t va, bool all, bool tlbi)
{
	pte_store(slot, 0);
	arch_pte_publish();
	if (tlbi) {
		if (all)
			arch_tlb_inval_all();
		else
			arch_tlb_inval_va(va);
	}
	if (arch_pte_valid(val, level)) {
		pte_store(slot, val);
		arch_pte_publish();
	}
	arch_pt_isb();
}

static bool table_empty(const struct pt *pt, uint64_t table, int level)
{
	const pte_t *t = table_ptr(pt, table);

	for (unsigned i = 0; i < PT_ENTRIES; i++)
		if (arch_pte_valid(t[i], level))
			return false;
	return true;
}

/* Unmap [va, end) within the table at `level` that covers it. */
static int unmap_level(struct pt *pt, uint64_t table, int level, uint64_t va, uint64_t end, unsigned flags)
{
	uint64_t bsize = UINT64_C(1) << arch_pt_shift(level);
	bool tlbi = !(flags & PT_UNMAP_NO_TLBI);

	while (va < end) {
		pte_t *slot = &table_ptr(pt, table)[pt_index(va, level)];
		pte_t cur = *slot;
		uint64_t base = ALIGN_DOWN(va, bsize);
		uint64_t next = base + bsize;
		uint64_t stop = next < end && next > base ? next : end;
		bool whole = va == base && stop == next;

		if (arch_pte_valid(cur, level)) {
			bool is_table = arch_pte_is_table(cur, level);

			if (whole) {
				/* The entry goes at this level: a table takes all its VAs with it. */
				pte_bbm(slot, 0, level, base, is_table, tlbi);
			} else if (is_table) {
				uint64_t sub = arch_pte_addr(cur, level);
				int rc = unmap_level(pt, sub, level + 1, va, stop, flags);

				if (rc)
					return rc;
				if (table_empty(pt, sub, level + 1))
					pte_bbm(slot, 0, level, base, true, tlbi);
			} else {
				return PT_EEXIST;	/* a block only partly inside the range */
			}
		}
		if (next <= base)
			break;	/* top of the address space */
		va = stop;
	}
	return PT_OK;
}

int pt_unmap(struct pt *pt, uint64_t va, uint64_t size, unsigned flags)
{
	if (!IS_ALIGNED(va | size, PAGE_SIZE))
		return PT_EALIGN;
	if (!size)
		return PT_OK;
	if (va + size < va || (PT_VA_BITS < 64 && (va + size - 1) >> PT_VA_BITS))
		return PT_ERANGE;
	return unmap_level(pt, pt->root, PT_ROOT_LEVEL, va, va + size, flags);
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
