/* SPDX-License-Identifier: MIT */
/*
 * Translation-table builder and software walker, arch-neutral: descriptor
 * formats come from arch_pte.h. It runs with the MMU off (boot tables), so it
 * uses no absolute addresses, no libc and no unaligned accesses.
 */
#include "mm/pgtable.h"
#include "arch_pte.h"

/*
 * A format with more than one regime (arm64: EL2 stage 1 and stage 2)
 * defines ARCH_PT_REGIMES and the *_r hooks; for one with a single regime
 * the table's regime is ignored.
 */
#ifndef ARCH_PT_REGIMES
#define arch_pte_leaf_r(regime, pa, level, attrs)	arch_pte_leaf(pa, level, attrs)
#define arch_pte_attrs_r(regime, p, level)		arch_pte_attrs(p, level)
static inline void arch_tlb_inval_r(const struct pt *pt, uint64_t va, bool all, bool local)
{
	(void)pt;
	if (all)
		arch_tlb_inval_all(local);
	else
		arch_tlb_inval_va(va, local);
}
#endif

static inline pte_t *table_ptr(const struct pt *pt, uint64_t pa)
{
	for (unsigned i = 0; i < pt->next; i++)
		if (pa >= pt->ext[i].base && pa < pt->ext[i].end)
			return (pte_t *)(uintptr_t)(pa + (uint64_t)pt->ext[i].off);
	return (pte_t *)(uintptr_t)(pa + (uint64_t)pt->ptr_off);
}

static inline unsigned pt_index(uint64_t va, int level)
{
	return (va >> arch_pt_shift(level)) & (PT_ENTRIES - 1);
}

static inline uint64_t level_size(int level)
{
	return UINT64_C(1) << arch_pt_shift(level);
}

/*
 * The one place a descriptor is stored (single-copy atomic, 64-bit
 * aligned), and the BBM auditor: a valid entry may only be replaced by an
 * invalid one. Replacing it by a different valid entry without the break
 * risks TLB conflicts and loss of coherency (Arm ARM D8.14.1); QEMU does not
 * model those, so the auditor is how the mistake is seen here.
 */
static void pte_store(pte_t *slot, pte_t val, int level)
{
	pte_t old = *slot;

	if (arch_pte_valid(old, level) && arch_pte_valid(val, level) && old != val)
		pt_bbm_violation(old, val, level);
	*(volatile pte_t *)slot = val;
}

uint64_t pt_fill_entry(const struct pt_fill *f, unsigned i)
{
	if (!f || !f->leaves)
		return 0;
	return arch_pte_leaf_r(f->regime, f->pa + (uint64_t)i * level_size(f->level), f->level, f->attrs);
}

/* A new table page holding what fill says (NULL: all invalid). */
static int table_alloc(struct pt *pt, uint64_t *pa, const struct pt_fill *fill)
{
	struct pt_pool *pool = pt->pool;
	pte_t *p;

	if (pt->alloc) {
		int rc = pt->alloc(pt->alloc_ctx, pa, fill);

		if (!rc)
			pt->tables++;
		return rc;
	}
	if (pool->next + PAGE_SIZE > pool->end || pool->next + PAGE_SIZE < pool->next)
		return PT_ENOMEM;
	*pa = pool->next;
	pool->next += PAGE_SIZE;
	pt->tables++;
	p = table_ptr(pt, *pa);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		p[i] = pt_fill_entry(fill, i);
	return PT_OK;
}

void pt_setup(struct pt *pt, struct pt_pool *pool, int64_t ptr_off)
{
	pt->regime = PT_STAGE1;
	pt->root_level = PT_ROOT_LEVEL;
	pt->va_bits = PT_VA_BITS;
	pt->vmid = 0;
	pt->pool = pool;
	pt->ptr_off = ptr_off;
	pt->tables = 0;
	pt->alloc = NULL;
	pt->alloc_ctx = NULL;
	pt->ext = NULL;
	pt->next = 0;
}

int pt_alloc_root(struct pt *pt)
{
	return table_alloc(pt, &pt->root, NULL);
}

int pt_init(struct pt *pt, struct pt_pool *pool, int64_t ptr_off)
{
	pt_setup(pt, pool, ptr_off);
	return pt_alloc_root(pt);
}

/*
 * Break-before-make for a live entry: the one place a valid descriptor is
 * changed. (1) write invalid, (2) DSB so every walker sees it, (3) TLBI the
 * VA (or everything, when a whole table goes) and DSB for completion, (4)
 * only then write the new descriptor, if any, and publish it, (5) ISB
 * (Arm ARM D8.14.1).
 */
static void pte_bbm(const struct pt *pt, pte_t *slot, pte_t val, int level, uint64_t va, bool all,
		    unsigned flags)
{
	bool local = flags & PT_LOCAL;

#ifdef INJECT_MM_NO_BBM
	/* Knob: the new entry straight over the old one, TLBI afterwards. */
	if (arch_pte_valid(val, level)) {
		pte_store(slot, val, level);
		arch_pte_publish();
		arch_tlb_inval_r(pt, va, all, local);
		arch_pt_isb();
		return;
	}
#endif
	pte_store(slot, 0, level);
	arch_pte_publish();
	if (!(flags & PT_UNMAP_NO_TLBI))
		arch_tlb_inval_r(pt, va, all, local);
	if (arch_pte_valid(val, level)) {
		pte_store(slot, val, level);
		arch_pte_publish();
	}
	arch_pt_isb();
}

/*
 * Walk to the entry for va at `level`, creating tables on the way when
 * `create`. Returns the slot, or NULL with *rc set (PT_ENOENT if a leaf or
 * nothing stands above `level` and !create, PT_EEXIST if a leaf is in the
 * way, PT_ENOMEM).
 */
static pte_t *walk_to(struct pt *pt, uint64_t va, int level, bool create, int *rc)
{
	uint64_t table = pt->root;

	for (int l = pt->root_level; l < level; l++) {
		pte_t *slot = &table_ptr(pt, table)[pt_index(va, l)];
		pte_t cur = *slot;

		if (arch_pte_valid(cur, l) && arch_pte_is_table(cur, l)) {
			table = arch_pte_addr(cur, l);
			continue;
		}
		if (arch_pte_valid(cur, l) || !create) {
			*rc = arch_pte_valid(cur, l) ? PT_EEXIST : PT_ENOENT;
			return NULL;
		}
		*rc = table_alloc(pt, &table, NULL);
		if (*rc)
			return NULL;
		/* The new table is complete before it becomes reachable. */
		arch_pte_publish();
		pte_store(slot, arch_pte_table(table, l), l);
	}
	*rc = PT_OK;
	return &table_ptr(pt, table)[pt_index(va, level)];
}

static int check_range(const struct pt *pt, uint64_t va, uint64_t pa, uint64_t size)
{
	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return PT_EALIGN;
	if (size && (va + size < va || (pt->va_bits < 64 && (va + size - 1) >> pt->va_bits)))
		return PT_ERANGE;
	return PT_OK;
}

int pt_map_flags(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs,
		 bool blocks, unsigned flags)
{
	int rc = check_range(pt, va, pa, size);

	while (!rc && size) {
		int level = PT_LAST_LEVEL;
		pte_t *slot;

		/* The largest leaf that fits here. */
		for (int l = pt->root_level; blocks && l < PT_LAST_LEVEL; l++)
			if (arch_pte_leaf_ok(l) && IS_ALIGNED(va | pa, level_size(l)) && size >= level_size(l)) {
				level = l;
				break;
			}
		slot = walk_to(pt, va, level, true, &rc);
		if (!slot)
			return rc;
		if (arch_pte_valid(*slot, level)) {
			if (!(flags & PT_REPLACE) || arch_pte_is_table(*slot, level))
				return PT_EEXIST;
			pte_bbm(pt, slot, arch_pte_leaf_r(pt->regime, pa, level, attrs), level, va, false, flags);
		} else {
			pte_store(slot, arch_pte_leaf_r(pt->regime, pa, level, attrs), level);
		}
		va += level_size(level);
		pa += level_size(level);
		size -= level_size(level);
	}
	/*
	 * New entries replaced invalid ones: make them visible to the walker
	 * (DSB), then resynchronize so later accesses and fetches use them
	 * (ISB; Arm ARM D8.2.6). Every caller gets both; none repeats them.
	 */
	arch_pte_publish();
	arch_pt_isb();
	return rc;
}

int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs)
{
	return pt_map_flags(pt, va, pa, size, attrs, true, 0);
}

int pt_map_pages(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs)
{
	return pt_map_flags(pt, va, pa, size, attrs, false, 0);
}

int pt_prealloc(struct pt *pt, uint64_t va, int level)
{
	int rc;

	walk_to(pt, va, level, true, &rc);
	arch_pte_publish();
	return rc;
}

uint64_t *pt_slot(const struct pt *pt, uint64_t va, int level)
{
	int rc;

	return (uint64_t *)walk_to((struct pt *)pt, va, level, false, &rc);
}

/* The leaf mapping va: its slot and level, or NULL. */
static pte_t *leaf_of(struct pt *pt, uint64_t va, int *level)
{
	uint64_t table = pt->root;

	for (int l = pt->root_level; l <= PT_LAST_LEVEL; l++) {
		pte_t *slot = &table_ptr(pt, table)[pt_index(va, l)];

		if (!arch_pte_valid(*slot, l))
			return NULL;
		if (!arch_pte_is_table(*slot, l)) {
			*level = l;
			return slot;
		}
		table = arch_pte_addr(*slot, l);
	}
	return NULL;
}

int pt_protect(struct pt *pt, uint64_t va, uint64_t size, unsigned attrs, unsigned flags)
{
	int rc = check_range(pt, va, 0, size);

	while (!rc && size) {
		int level;
		pte_t *slot = leaf_of(pt, va, &level);
		uint64_t bsize;

		if (!slot)
			return PT_ENOENT;
		bsize = level_size(level);
		if (!IS_ALIGNED(va, bsize) || size < bsize)
			return PT_EEXIST;	/* a block only partly inside: split it first */
		pte_bbm(pt, slot, arch_pte_leaf_r(pt->regime, arch_pte_addr(*slot, level), level, attrs), level, va, false, flags);
		va += bsize;
		size -= bsize;
	}
	return rc;
}

int pt_split(struct pt *pt, uint64_t va, unsigned flags)
{
	int level, rc;
	pte_t *slot = leaf_of(pt, va, &level);
	struct pt_fill fill;
	uint64_t table;

	if (!slot || level == PT_LAST_LEVEL)
		return PT_ENOENT;
	va = ALIGN_DOWN(va, level_size(level));
	/* The next level's leaves: same attributes, consecutive output addresses. */
	fill = (struct pt_fill){ .leaves = true, .level = level + 1, .pa = arch_pte_addr(*slot, level),
				 .attrs = arch_pte_attrs_r(pt->regime, *slot, level), .regime = pt->regime };
	rc = table_alloc(pt, &table, &fill);
	if (rc)
		return rc;
	arch_pte_publish();
	pte_bbm(pt, slot, arch_pte_table(table, level), level, va, true, flags);
	return PT_OK;
}

int pt_merge(struct pt *pt, uint64_t va, int level, unsigned flags)
{
	int rc;
	pte_t *slot = walk_to(pt, va, level, false, &rc);
	const pte_t *t;
	uint64_t base;
	unsigned attrs;

	if (!slot)
		return rc;
	if (!arch_pte_valid(*slot, level) || !arch_pte_is_table(*slot, level) || !arch_pte_leaf_ok(level))
		return PT_ENOENT;
	t = table_ptr(pt, arch_pte_addr(*slot, level));
	if (!arch_pte_valid(t[0], level + 1) || arch_pte_is_table(t[0], level + 1))
		return PT_EEXIST;
	base = arch_pte_addr(t[0], level + 1);
	attrs = arch_pte_attrs_r(pt->regime, t[0], level + 1);
	if (!IS_ALIGNED(base, level_size(level)))
		return PT_EEXIST;
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		if (t[i] != arch_pte_leaf_r(pt->regime, base + i * level_size(level + 1), level + 1, attrs))
			return PT_EEXIST;	/* not one contiguous, uniform range */
	pte_bbm(pt, slot, arch_pte_leaf_r(pt->regime, base, level, attrs), level, ALIGN_DOWN(va, level_size(level)), true, flags);
	return PT_OK;
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
	uint64_t bsize = level_size(level);

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
				pte_bbm(pt, slot, 0, level, base, is_table, flags);
			} else if (is_table) {
				uint64_t sub = arch_pte_addr(cur, level);
				int rc = unmap_level(pt, sub, level + 1, va, stop, flags);

				if (rc)
					return rc;
				if (!(flags & PT_NO_PRUNE) && table_empty(pt, sub, level + 1))
					pte_bbm(pt, slot, 0, level, base, true, flags);
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
	int rc = check_range(pt, va, 0, size);

	if (rc || !size)
		return rc;
	return unmap_level(pt, pt->root, pt->root_level, va, va + size, flags);
}

void pt_walk(const struct pt *pt, uint64_t va, struct pt_walk *w)
{
	uint64_t table = pt->root;

	w->valid = false;
	w->pa = 0;
	w->attrs = 0;
	if (pt->va_bits < 64 && (va >> pt->va_bits)) {
		w->level = pt->root_level;
		return;
	}
	for (int level = pt->root_level; level <= PT_LAST_LEVEL; level++) {
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
		w->attrs = arch_pte_attrs_r(pt->regime, cur, level);
		return;
	}
}

static unsigned leaves_in(const struct pt *pt, uint64_t table, int level, uint64_t base,
			  pt_leaf_fn cb, void *ctx)
{
	const pte_t *t = table_ptr(pt, table);
	unsigned n = 0;

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		uint64_t va = base + (uint64_t)i * level_size(level);

		if (!arch_pte_valid(t[i], level))
			continue;
		if (arch_pte_is_table(t[i], level)) {
			n += leaves_in(pt, arch_pte_addr(t[i], level), level + 1, va, cb, ctx);
			continue;
		}
		cb(ctx, va, arch_pte_addr(t[i], level), level_size(level),
		   arch_pte_attrs_r(pt->regime, t[i], level));
		n++;
	}
	return n;
}

unsigned pt_for_each_leaf(const struct pt *pt, pt_leaf_fn cb, void *ctx)
{
	return leaves_in(pt, pt->root, pt->root_level, 0, cb, ctx);
}
