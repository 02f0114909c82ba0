/* SPDX-License-Identifier: MIT */
/*
 * Host tests of mm/pgtable.c, built once against the fake descriptor format
 * (FMT_FAKE, -Imm/fake) and once against arm64's (FMT_ARM64, -Imm/arm64):
 * every mapping is checked by a reference walker written here, which decodes
 * the raw descriptor bits itself and refuses any malformed descriptor.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mm/pgtable.h"
#include "arch_pte.h"

/* ------------------------------------------------------------------------ */
/* The format, as the reference walker understands it.                      */

enum ref_kind { REF_INVALID, REF_TABLE, REF_LEAF };

struct ref_pte {
	enum ref_kind kind;
	uint64_t addr;
	unsigned attrs;
};

#if defined(FMT_FAKE)

#define FMT_NAME	"fake"
#define REF_ROOT	1
#define REF_LAST	4
#define REF_VA_BITS	47

static bool ref_block_ok(int level)
{
	return level == 3;
}

/* The fake keeps every MM_* bit as given. */
static unsigned ref_expect_attrs(unsigned attrs)
{
	return attrs & MM_ATTR_MASK;
}

static uint64_t field(uint64_t v, unsigned lsb, unsigned bits)
{
	return (v >> lsb) & ((UINT64_C(1) << bits) - 1);
}

static struct ref_pte ref_decode(uint64_t pte, int level)
{
	const struct fake_level *l = fake_level(level);
	struct ref_pte r = { REF_INVALID, 0, 0 };
	uint64_t known;
	bool table;

	if (pte == 0)
		return r;
	/* The builder writes only whole descriptors: anything else is a bug. */
	if (level == REF_LAST) {
		if (field(pte, FAKE_L4_PAIR_SHIFT, 2) != 2)
			fail_msg("level %d: entry 0x%016llx is neither zero nor valid (45:44 = 0b10)",
				 level, (unsigned long long)pte);
		table = false;
		known = UINT64_C(3) << FAKE_L4_PAIR_SHIFT;
	} else {
		if (!(pte & BIT(l->valid)))
			fail_msg("level %d: entry 0x%016llx is neither zero nor valid (bit %u)",
				 level, (unsigned long long)pte, l->valid);
		table = pte & BIT(l->table);
		known = BIT(l->valid) | BIT(l->table);
	}
	if (field(pte, l->tag, 3) != (uint64_t)(level + FAKE_TAG_BIAS))
		fail_msg("level %d: entry 0x%016llx has the tag of level %d (it was built for another level)",
			 level, (unsigned long long)pte, (int)field(pte, l->tag, 3) - FAKE_TAG_BIAS);
	known |= UINT64_C(7) << l->tag;
	known |= FAKE_FRAME_MASK << l->frame;
	r.addr = ((field(pte, l->frame, FAKE_FRAME_BITS) ^ l->key) & FAKE_FRAME_MASK) << 12;
	if (table) {
		r.kind = REF_TABLE;
	} else {
		if (level != REF_LAST && !ref_block_ok(level))
			fail_msg("level %d: block entry 0x%016llx at a level without blocks",
				 level, (unsigned long long)pte);
		known |= BIT(l->w) | BIT(l->x) | BIT(l->dev) | BIT(l->nc);
		r.kind = REF_LEAF;
		if (((pte >> l->w) & 1) != l->w_inverted)
			r.attrs |= MM_W;
		if (((pte >> l->x) & 1) != l->x_inverted)
			r.attrs |= MM_X;
		if (pte & BIT(l->dev))
			r.attrs |= MM_DEVICE;
		if (pte & BIT(l->nc))
			r.attrs |= MM_NC;
	}
	if (pte & ~known)
		fail_msg("level %d: %s entry 0x%016llx has stray bits 0x%016llx", level,
			 table ? "table" : "leaf", (unsigned long long)pte,
			 (unsigned long long)(pte & ~known));
	return r;
}

#elif defined(FMT_ARM64)

#include "lib/arm64/sysreg.h"

#define FMT_NAME	"arm64"
#define REF_ROOT	0
#define REF_LAST	3
#define REF_VA_BITS	48

/* 4 KiB granule: 1 GiB blocks at level 1, 2 MiB blocks at level 2. */
static bool ref_block_ok(int level)
{
	return level == 1 || level == 2;
}

/* Device memory is never executable; Device wins over Normal-NC. */
static unsigned ref_expect_attrs(unsigned attrs)
{
	attrs &= MM_ATTR_MASK;
	if (attrs & MM_DEVICE)
		attrs &= ~(unsigned)(MM_X | MM_NC);
	return attrs;
}

/* Arm ARM D8.3: VMSAv8-64 stage-1 descriptors, 4 KiB granule, 48-bit OA. */
#define A_ADDR		GENMASK(47, 12)
#define A_ATTRIDX(p)	(((p) >> 2) & 7)
#define A_AP_RW_EL0	BIT(6)		/* AP[1]: RES1 at EL2 (one privilege level) */
#define A_AP_RO		BIT(7)		/* AP[2] */
#define A_SH(p)		(((p) >> 8) & 3)
#define A_AF		BIT(10)
#define A_XN		BIT(54)

static struct ref_pte ref_decode(uint64_t pte, int level)
{
	struct ref_pte r = { REF_INVALID, 0, 0 };
	unsigned type = pte & 3;
	uint64_t bsize = UINT64_C(1) << (12 + 9 * (REF_LAST - level));
	uint64_t mair;

	if (pte == 0)
		return r;
	if (level < REF_LAST && type == 3) {
		if (pte & ~(A_ADDR | 3))
			fail_msg("level %d: table entry 0x%016llx has stray bits", level,
				 (unsigned long long)pte);
		r.kind = REF_TABLE;
		r.addr = pte & A_ADDR;
		return r;
	}
	if (!((level == REF_LAST && type == 3) || (level < REF_LAST && type == 1)))
		fail_msg("level %d: entry 0x%016llx is neither zero nor a valid descriptor (bits 1:0 = %u)",
			 level, (unsigned long long)pte, type);
	if (level != REF_LAST && !ref_block_ok(level))
		fail_msg("level %d: block entry 0x%016llx at a level without blocks", level,
			 (unsigned long long)pte);
	if (pte & ~(A_ADDR | A_XN | A_AF | (UINT64_C(3) << 8) | A_AP_RO | A_AP_RW_EL0 |
		    (UINT64_C(7) << 2) | 3))
		fail_msg("level %d: leaf entry 0x%016llx has stray bits", level,
			 (unsigned long long)pte);
	r.addr = pte & A_ADDR;
	if (r.addr & (bsize - 1))
		fail_msg("level %d: leaf entry 0x%016llx: output address not aligned to the block",
			 level, (unsigned long long)pte);
	if (!(pte & A_AF))
		fail_msg("level %d: leaf entry 0x%016llx has AF clear (access-flag fault)", level,
			 (unsigned long long)pte);
	if (!(pte & A_AP_RW_EL0))
		fail_msg("level %d: leaf entry 0x%016llx has AP[1] (RES1 at EL2) clear", level,
			 (unsigned long long)pte);
	/* What the index means is what MAIR_EL2 says at that index. */
	mair = (MAIR_EL2_BOOT >> (8 * A_ATTRIDX(pte))) & 0xff;
	if (mair == 0x00)
		r.attrs |= MM_DEVICE;
	else if (mair == 0x44)
		r.attrs |= MM_NC;
	else if (mair != 0xff)
		fail_msg("level %d: leaf entry 0x%016llx: AttrIndx %u is MAIR attribute 0x%02x",
			 level, (unsigned long long)pte, (unsigned)A_ATTRIDX(pte), (unsigned)mair);
	if (!(r.attrs & MM_DEVICE) && A_SH(pte) != 3)
		fail_msg("level %d: Normal leaf entry 0x%016llx is not Inner Shareable", level,
			 (unsigned long long)pte);
	if ((r.attrs & MM_DEVICE) && !(pte & A_XN))
		fail_msg("level %d: Device leaf entry 0x%016llx is executable", level,
			 (unsigned long long)pte);
	if (!(pte & A_AP_RO))
		r.attrs |= MM_W;
	if (!(pte & A_XN))
		r.attrs |= MM_X;
	r.kind = REF_LEAF;
	return r;
}

#else
#error "build with -DFMT_FAKE or -DFMT_ARM64"
#endif

/* The header under test must describe the same geometry. */
_Static_assert(PT_ROOT_LEVEL == REF_ROOT, "root level");
_Static_assert(PT_LAST_LEVEL == REF_LAST, "last level");
_Static_assert(PT_VA_BITS == REF_VA_BITS, "VA bits");
_Static_assert(PT_ENTRIES == 512 && sizeof(pte_t) == 8, "table geometry");

#define REF_ENTRIES	512
#define SZ_4K		UINT64_C(0x1000)
#define SZ_2M		UINT64_C(0x200000)
#define SZ_1G		UINT64_C(0x40000000)
#define VA_TOP		(UINT64_C(1) << REF_VA_BITS)

static unsigned ref_shift(int level)
{
	return 12 + 9 * (unsigned)(REF_LAST - level);
}

static uint64_t ref_bsize(int level)
{
	return UINT64_C(1) << ref_shift(level);
}

/* ------------------------------------------------------------------------ */
/* A table pool in host memory, at a fake physical address.                 */

struct env {
	struct pt pt;
	struct pt_pool pool;
	uint8_t *mem;		/* host memory of the pool */
	uint64_t base;		/* its "physical" address */
	size_t pages;
	bool unhooked;		/* pt_unmap may have unhooked tables: fewer reachable than taken */
};

static struct env *env_new(uint64_t base, size_t pages)
{
	struct env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	e->mem = aligned_alloc(4096, pages ? pages * 4096 : 4096);
	assert_non_null(e->mem);
	/* Garbage, so that a table the builder forgets to clear shows. */
	memset(e->mem, 0xa5, pages ? pages * 4096 : 4096);
	e->base = base;
	e->pages = pages;
	e->pool.next = base;
	e->pool.end = base + pages * 4096;
	return e;
}

static int64_t env_ptr_off(const struct env *e)
{
	return (int64_t)((uint64_t)(uintptr_t)e->mem - e->base);
}

static void env_free(struct env *e)
{
	if (e) {
		free(e->mem);
		free(e);
	}
}

/* The tests' usual pool: 256 pages at PA 2 GiB (env_init also runs pt_init). */
#define DEFAULT_BASE	UINT64_C(0x80000000)

static struct env *env_init(uint64_t base, size_t pages)
{
	struct env *e = env_new(base, pages);

	assert_int_equal(pt_init(&e->pt, &e->pool, env_ptr_off(e)), PT_OK);
	assert_int_equal(e->pt.tables, 1);
	assert_true(e->pt.root == base);
	return e;
}

static int setup_env(void **state)
{
	*state = env_init(DEFAULT_BASE, 256);
	return 0;
}

static int teardown_env(void **state)
{
	env_free(*state);
	return 0;
}

/* The reference reads tables through its own idea of where the pool is. */
static const uint64_t *ref_table(const struct env *e, uint64_t pa, int level)
{
	if (pa < e->base || pa >= e->pool.next || (pa & 4095))
		fail_msg("level %d table at PA 0x%llx is not a page the pool handed out [0x%llx, 0x%llx)",
			 level, (unsigned long long)pa, (unsigned long long)e->base,
			 (unsigned long long)e->pool.next);
	return (const uint64_t *)(e->mem + (pa - e->base));
}

struct ref_walk {
	bool valid;
	int level;
	uint64_t pa;
	unsigned attrs;
};

static struct ref_walk ref_walk(const struct env *e, uint64_t va)
{
	struct ref_walk w = { false, REF_ROOT, 0, 0 };
	uint64_t table = e->pt.root;

	if (va >= VA_TOP)
		return w;
	for (int level = REF_ROOT; level <= REF_LAST; level++) {
		const uint64_t *t = ref_table(e, table, level);
		struct ref_pte d = ref_decode(t[(va >> ref_shift(level)) % REF_ENTRIES], level);

		w.level = level;
		if (d.kind == REF_INVALID)
			return w;
		if (d.kind == REF_TABLE) {
			if (level == REF_LAST)
				fail_msg("table descriptor at the last level");
			table = d.addr;
			continue;
		}
		w.valid = true;
		w.pa = d.addr + (va & (ref_bsize(level) - 1));
		w.attrs = d.attrs;
		return w;
	}
	fail_msg("walk ran past the last level");
	return w;
}

/* ------------------------------------------------------------------------ */
/* Ordering and TLB events from the arch hooks (break-before-make checks).  */

enum ev_kind { EV_NONE, EV_PUBLISH, EV_TLBI_VA, EV_TLBI_ALL, EV_ISB };

#define EV_MAX		65536
#define VA_UNKNOWN	UINT64_MAX

static struct {
	unsigned n, count[5];
	enum ev_kind last;
	const struct env *env;	/* checked at each TLBI, when set */
	uint64_t va[EV_MAX];	/* of each TLBI_VA, in order (VA_UNKNOWN on arm64) */
	unsigned nva;
} ev;

static void ev_reset(const struct env *e)
{
	memset(&ev, 0, sizeof(ev));
	ev.env = e;
}

static struct ref_walk ref_walk(const struct env *e, uint64_t va);

static void ev_record(enum ev_kind k, uint64_t va)
{
	/* Break before make: the entry is invalid and that is published before any TLBI. */
	if ((k == EV_TLBI_VA || k == EV_TLBI_ALL) && ev.last != EV_PUBLISH)
		fail_msg("[%s] TLBI without a DSB (publish) right before it", FMT_NAME);
	if (k == EV_TLBI_VA && va != VA_UNKNOWN && ev.env && ref_walk(ev.env, va << 12).valid)
		fail_msg("[%s] TLBI for va 0x%llx while it is still mapped", FMT_NAME,
			 (unsigned long long)(va << 12));
	if (k == EV_TLBI_VA && ev.nva < EV_MAX)
		ev.va[ev.nva++] = va;
	ev.count[k]++;
	ev.n++;
	ev.last = k;
}

/* The BBM auditor's hook: the builder must never trigger it in these tests. */
unsigned bbm_violations;
void pt_bbm_violation(uint64_t old, uint64_t val, int level)
{
	(void)old;
	(void)val;
	(void)level;
	bbm_violations++;
}

#if defined(FMT_FAKE)
void fake_pt_bad_level(int level)
{
	fail_msg("[fake] the format was asked about level %d (levels are %d to %d, tables above %d)",
		 level, REF_ROOT, REF_LAST, REF_LAST);
}

/* mm/fake/arch_pte.h's hooks; the fake passes the VA itself, as a page number here. */
void fake_pt_event(enum fake_pt_event e, uint64_t va)
{
	static const enum ev_kind map[] = {
		[FAKE_EV_PUBLISH] = EV_PUBLISH, [FAKE_EV_TLBI_VA] = EV_TLBI_VA,
		[FAKE_EV_TLBI_ALL] = EV_TLBI_ALL, [FAKE_EV_ISB] = EV_ISB,
		[FAKE_EV_TLBI_VA_LOCAL] = EV_TLBI_VA, [FAKE_EV_TLBI_ALL_LOCAL] = EV_TLBI_ALL,
	};
	bool by_va = e == FAKE_EV_TLBI_VA || e == FAKE_EV_TLBI_VA_LOCAL;

	if (by_va && (va & 0xfff))
		fail_msg("[fake] TLBI for an unaligned va 0x%llx", (unsigned long long)va);
	ev_record(map[e], by_va ? va >> 12 : 0);
}
#else
/* The arm64 hooks' inline asm, as text (tests/unit/arm64-host/arch_pte.h). */
void host_asm(const char *text)
{
	if (strstr(text, "tlbi vae2is") || strstr(text, "tlbi vae2,"))
		ev_record(EV_TLBI_VA, VA_UNKNOWN);
	else if (strstr(text, "tlbi alle2"))
		ev_record(EV_TLBI_ALL, 0);
	else if (strstr(text, "dsb ishst"))
		ev_record(EV_PUBLISH, 0);
	else if (strstr(text, "isb"))
		ev_record(EV_ISB, 0);
	else
		fail_msg("[arm64] unexpected inline asm: %s", text);
}
#endif

/* ------------------------------------------------------------------------ */
/* A model of what is mapped: sorted, non-overlapping ranges.               */

struct range {
	uint64_t va, pa, size;
	unsigned attrs;
	bool pages_only;
};

struct model {
	struct range *r;
	size_t n, cap;
};

static void model_add(struct model *m, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs,
		      bool pages_only)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->r = realloc(m->r, m->cap * sizeof(*m->r));
		assert_non_null(m->r);
	}
	m->r[m->n++] = (struct range){ va, pa, size, attrs, pages_only };
}

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

static void model_sort(struct model *m)
{
	qsort(m->r, m->n, sizeof(*m->r), range_cmp);
	for (size_t i = 1; i < m->n; i++)
		assert_true(m->r[i - 1].va + m->r[i - 1].size <= m->r[i].va);
}

static const struct range *model_find(const struct model *m, uint64_t va)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct range *r = &m->r[mid];

		if (va < r->va)
			hi = mid;
		else if (va - r->va >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

/*
 * The level of the leaf that maps va in r: the biggest block that lies inside
 * r and whose VA and PA are both aligned (pages only: the last level).
 */
static int model_level(const struct range *r, uint64_t va)
{
	if (r->pages_only)
		return REF_LAST;
	for (int level = REF_ROOT; level < REF_LAST; level++) {
		uint64_t b = ref_bsize(level), s = va & ~(b - 1);

		if (ref_block_ok(level) && ((r->va ^ r->pa) & (b - 1)) == 0 && s >= r->va &&
		    s + b <= r->va + r->size)
			return level;
	}
	return REF_LAST;
}

/* Both walkers agree with each other and with the model at va. */
static void check_va(const struct env *e, const struct model *m, uint64_t va)
{
	const struct range *r = m ? model_find(m, va) : NULL;
	struct ref_walk rw = ref_walk(e, va);
	struct pt_walk w;

	memset(&w, 0x5a, sizeof(w));
	pt_walk(&e->pt, va, &w);
	if (w.valid != rw.valid || w.level != rw.level)
		fail_msg("[%s] va 0x%llx: pt_walk says valid=%d level=%d, the reference walker valid=%d level=%d",
			 FMT_NAME, (unsigned long long)va, w.valid, w.level, rw.valid, rw.level);
	if (rw.valid && (w.pa != rw.pa || w.attrs != rw.attrs))
		fail_msg("[%s] va 0x%llx: pt_walk says pa=0x%llx attrs=%#x, the reference pa=0x%llx attrs=%#x",
			 FMT_NAME, (unsigned long long)va, (unsigned long long)w.pa, w.attrs,
			 (unsigned long long)rw.pa, rw.attrs);
	if (!m)
		return;
	if (!r) {
		if (rw.valid)
			fail_msg("[%s] va 0x%llx should be unmapped, maps pa 0x%llx at level %d",
				 FMT_NAME, (unsigned long long)va, (unsigned long long)rw.pa, rw.level);
		return;
	}
	if (!rw.valid)
		fail_msg("[%s] va 0x%llx should map pa 0x%llx, is unmapped (walk stopped at level %d)",
			 FMT_NAME, (unsigned long long)va,
			 (unsigned long long)(r->pa + (va - r->va)), rw.level);
	if (rw.pa != r->pa + (va - r->va))
		fail_msg("[%s] va 0x%llx: maps pa 0x%llx, want 0x%llx", FMT_NAME,
			 (unsigned long long)va, (unsigned long long)rw.pa,
			 (unsigned long long)(r->pa + (va - r->va)));
	if (rw.attrs != ref_expect_attrs(r->attrs))
		fail_msg("[%s] va 0x%llx: attrs %#x, want %#x (mapped with %#x)", FMT_NAME,
			 (unsigned long long)va, rw.attrs, ref_expect_attrs(r->attrs), r->attrs);
	if (rw.level != model_level(r, va))
		fail_msg("[%s] va 0x%llx: leaf at level %d, want level %d", FMT_NAME,
			 (unsigned long long)va, rw.level, model_level(r, va));
}

/* Every page of [va, va + size) (at most max pages, then a sample), plus an odd offset. */
static void check_range(const struct env *e, const struct model *m, uint64_t va, uint64_t size,
			uint64_t max)
{
	uint64_t pages = size / SZ_4K, step = 1;

	if (max && pages > max)
		step = pages / max + 1;
	for (uint64_t i = 0; i < pages; i += step)
		check_va(e, m, va + i * SZ_4K);
	if (pages) {
		check_va(e, m, va + size - SZ_4K);
		check_va(e, m, va + size - 1);
		check_va(e, m, va + 0x7b8);
	}
}

/* Full traversal: tables reachable, bytes mapped, and every leaf against the model. */
struct tree_stats {
	unsigned tables;
	uint64_t bytes;
	uint64_t leaves[REF_LAST + 1];
};

static void tree_visit(const struct env *e, const struct model *m, uint64_t table, int level,
		       uint64_t va, struct tree_stats *st)
{
	const uint64_t *t = ref_table(e, table, level);

	st->tables++;
	for (unsigned i = 0; i < REF_ENTRIES; i++) {
		uint64_t eva = va + ((uint64_t)i << ref_shift(level));
		struct ref_pte d = ref_decode(t[i], level);
		const struct range *r;

		if (d.kind == REF_INVALID)
			continue;
		if (level == REF_ROOT && eva >= VA_TOP)
			fail_msg("root entry %u is valid but lies beyond the %d-bit VA space", i,
				 REF_VA_BITS);
		if (d.kind == REF_TABLE) {
			if (level == REF_LAST)
				fail_msg("table at the last level");
			tree_visit(e, m, d.addr, level + 1, eva, st);
			continue;
		}
		st->bytes += ref_bsize(level);
		st->leaves[level]++;
		if (!m)
			continue;
		r = model_find(m, eva);
		if (!r || eva + ref_bsize(level) > r->va + r->size)
			fail_msg("[%s] stray leaf: level %d at va 0x%llx is not inside a mapped range",
				 FMT_NAME, level, (unsigned long long)eva);
		if (d.addr != r->pa + (eva - r->va) || d.attrs != ref_expect_attrs(r->attrs) ||
		    level != model_level(r, eva))
			fail_msg("[%s] leaf at va 0x%llx level %d: pa 0x%llx attrs %#x, want pa 0x%llx attrs %#x level %d",
				 FMT_NAME, (unsigned long long)eva, level, (unsigned long long)d.addr,
				 d.attrs, (unsigned long long)(r->pa + (eva - r->va)),
				 ref_expect_attrs(r->attrs), model_level(r, eva));
	}
}

/* The tree matches the model exactly, and the pool accounting matches the tree. */
static struct tree_stats check_tree(const struct env *e, const struct model *m)
{
	struct tree_stats st;
	uint64_t want = 0;

	memset(&st, 0, sizeof(st));
	tree_visit(e, m, e->pt.root, REF_ROOT, 0, &st);
	if (e->unhooked ? st.tables > e->pt.tables : st.tables != e->pt.tables)
		fail_msg("[%s] %u tables reachable, pt.tables says %u", FMT_NAME, st.tables,
			 e->pt.tables);
	if (e->pool.next - e->base != (uint64_t)e->pt.tables * 4096)
		fail_msg("[%s] pool used %llu bytes for %u tables", FMT_NAME,
			 (unsigned long long)(e->pool.next - e->base), e->pt.tables);
	if (m) {
		for (size_t i = 0; i < m->n; i++)
			want += m->r[i].size;
		if (st.bytes != want)
			fail_msg("[%s] %llu bytes mapped, want %llu", FMT_NAME,
				 (unsigned long long)st.bytes, (unsigned long long)want);
	}
	return st;
}

/* Map and record; rc must be PT_OK. */
static void map_ok(struct env *e, struct model *m, uint64_t va, uint64_t pa, uint64_t size,
		   unsigned attrs, bool pages_only)
{
	int rc = pages_only ? pt_map_pages(&e->pt, va, pa, size, attrs)
			    : pt_map(&e->pt, va, pa, size, attrs);

	if (rc != PT_OK)
		fail_msg("[%s] %s(va 0x%llx, pa 0x%llx, size 0x%llx, %#x) = %d", FMT_NAME,
			 pages_only ? "pt_map_pages" : "pt_map", (unsigned long long)va,
			 (unsigned long long)pa, (unsigned long long)size, attrs, rc);
	model_add(m, va, pa, size, attrs, pages_only);
	model_sort(m);
}

/* Take [va, va + size) out of the model, splitting ranges. */
static void model_remove(struct model *m, uint64_t va, uint64_t size)
{
	struct model out = { 0 };

	for (size_t i = 0; i < m->n; i++) {
		const struct range r = m->r[i];

		if (r.va + r.size <= va || r.va >= va + size) {
			model_add(&out, r.va, r.pa, r.size, r.attrs, r.pages_only);
			continue;
		}
		if (r.va < va)
			model_add(&out, r.va, r.pa, va - r.va, r.attrs, r.pages_only);
		if (r.va + r.size > va + size)
			model_add(&out, va + size, r.pa + (va + size - r.va), r.va + r.size - (va + size),
				  r.attrs, r.pages_only);
	}
	free(m->r);
	*m = out;
}

static void model_free(struct model *m)
{
	free(m->r);
	m->r = NULL;
	m->n = m->cap = 0;
}

/* ------------------------------------------------------------------------ */
/* The tests.                                                               */

static void test_init(void **state)
{
	struct env *e = *state;
	const uint64_t *root = (const uint64_t *)e->mem;

	assert_true(e->pool.next == e->base + 4096);
	for (unsigned i = 0; i < REF_ENTRIES; i++)
		assert_true(root[i] == 0);
	check_va(e, NULL, 0);
	check_va(e, NULL, VA_TOP - SZ_4K);
	{
		struct pt_walk w;

		pt_walk(&e->pt, SZ_2M, &w);
		assert_false(w.valid);
		assert_int_equal(w.level, REF_ROOT);
	}
	check_tree(e, NULL);
}

static void test_init_enomem(void **state)
{
	struct env *e = env_new(DEFAULT_BASE, 0);
	struct pt pt;
	/* A pool ending at the top of the address space: next + PAGE_SIZE wraps. */
	struct pt_pool top = { UINT64_C(0xfffffffffffff000), UINT64_MAX };

	(void)state;
	assert_int_equal(pt_init(&e->pt, &e->pool, env_ptr_off(e)), PT_ENOMEM);
	assert_int_equal(e->pt.tables, 0);
	assert_true(e->pool.next == DEFAULT_BASE);
	assert_int_equal(pt_init(&pt, &top, 0), PT_ENOMEM);
	assert_int_equal(pt.tables, 0);
	assert_true(top.next == UINT64_C(0xfffffffffffff000));
	env_free(e);
}

static void test_map_pages_small(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = UINT64_C(0x40001000);

	map_ok(e, &m, va, UINT64_C(0x7654000), 5 * SZ_4K, MM_W, true);
	check_range(e, &m, va - 4 * SZ_4K, 13 * SZ_4K, 0);
	assert_int_equal(e->pt.tables, REF_LAST - REF_ROOT + 1);
	check_tree(e, &m);
	model_free(&m);
}

static void test_map_blocks_and_pages(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	/* 2 pages before a 2 MiB boundary, 3 blocks, 3 pages after; PA congruent mod 2 MiB. */
	uint64_t va = UINT64_C(0x80000000) + 0x3 * SZ_2M - 2 * SZ_4K;
	uint64_t pa = UINT64_C(0x1c00000000) + 0x3 * SZ_2M - 2 * SZ_4K;
	uint64_t size = 2 * SZ_4K + 3 * SZ_2M + 3 * SZ_4K;
	struct tree_stats st;

	map_ok(e, &m, va, pa, size, MM_W | MM_X, false);
	check_range(e, &m, va - SZ_2M, size + 2 * SZ_2M, 0);
	st = check_tree(e, &m);
	assert_int_equal(st.leaves[REF_LAST], 5);
	assert_int_equal(st.leaves[REF_LAST - 1], 3);
	/* Root, one table per level down to the 2 MiB level, two last-level tables. */
	assert_int_equal(e->pt.tables, (REF_LAST - REF_ROOT - 1) + 1 + 2);
	model_free(&m);
}

static void test_map_pages_never_blocks(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = 4 * SZ_2M, pa = UINT64_C(0x40000000);
	struct tree_stats st;

	map_ok(e, &m, va, pa, 2 * SZ_2M, 0, true);
	check_range(e, &m, va - SZ_4K, 2 * SZ_2M + 2 * SZ_4K, 0);
	st = check_tree(e, &m);
	assert_int_equal(st.leaves[REF_LAST], 1024);
	assert_int_equal(st.bytes, 2 * SZ_2M);
	assert_int_equal(e->pt.tables, (REF_LAST - REF_ROOT - 1) + 1 + 2);
	model_free(&m);
}

static void test_map_pa_misaligned_gives_pages(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = 8 * SZ_2M, pa = UINT64_C(0x40000000) + SZ_4K;
	struct tree_stats st;

	map_ok(e, &m, va, pa, SZ_2M, MM_W, false);
	check_range(e, &m, va - SZ_4K, SZ_2M + 2 * SZ_4K, 0);
	st = check_tree(e, &m);
	assert_int_equal(st.leaves[REF_LAST], 512);
	assert_int_equal(st.leaves[REF_LAST - 1], 0);
	model_free(&m);
}

/* 1 GiB + 2 MiB, aligned: arm64 has a 1 GiB block, the fake only 2 MiB ones. */
static void test_map_gib(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = 3 * SZ_1G, pa = 5 * SZ_1G;
	struct tree_stats st;
	struct pt_walk w;

	map_ok(e, &m, va, pa, SZ_1G + SZ_2M, MM_W, false);
	check_range(e, &m, va - SZ_2M, SZ_1G + 3 * SZ_2M, 4096);
	st = check_tree(e, &m);
	pt_walk(&e->pt, va + 0x12345678, &w);
	assert_true(w.valid);
	assert_true(w.pa == pa + 0x12345678);
#if defined(FMT_ARM64)
	assert_int_equal(w.level, 1);
	assert_int_equal(st.leaves[1], 1);
	assert_int_equal(st.leaves[2], 1);
#else
	assert_int_equal(w.level, 3);
	assert_int_equal(st.leaves[3], 513);
	assert_int_equal(st.leaves[2], 0);
#endif
	model_free(&m);
}

/* A whole root entry's worth (512 GiB): no format here has blocks that big. */
static void test_map_root_entry(void **state)
{
	struct env *e = env_init(DEFAULT_BASE, 1024);
	struct model m = { 0 };
	uint64_t va = UINT64_C(0x8000000000), size = UINT64_C(0x8000000000);
	struct tree_stats st;

	(void)state;
	map_ok(e, &m, va, 2 * va, size, MM_W, false);
	st = check_tree(e, &m);
	assert_int_equal(st.leaves[REF_ROOT], 0);
#if defined(FMT_ARM64)
	assert_int_equal(st.leaves[1], 512);
	assert_int_equal(e->pt.tables, 2);
#else
	assert_int_equal(st.leaves[3], 512 * 512);
	assert_int_equal(e->pt.tables, 2 + 512);
#endif
	check_range(e, &m, va - SZ_4K, size + 2 * SZ_4K, 2048);
	model_free(&m);
	env_free(e);
}

static const unsigned all_attrs[] = {
	0, MM_W, MM_X, MM_W | MM_X, MM_DEVICE, MM_DEVICE | MM_W, MM_DEVICE | MM_X,
	MM_DEVICE | MM_W | MM_X, MM_NC, MM_NC | MM_W, MM_NC | MM_X, MM_NC | MM_W | MM_X,
	MM_NC | MM_DEVICE, MM_NC | MM_DEVICE | MM_W, MM_NC | MM_DEVICE | MM_X, MM_ATTR_MASK,
};

static void test_attrs_roundtrip(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };

	for (unsigned i = 0; i < ARRAY_SIZE(all_attrs); i++) {
		uint64_t a = all_attrs[i];
		struct pt_walk w;

		/* A page, and a 2 MiB block, with each combination. */
		map_ok(e, &m, SZ_1G + i * 2 * SZ_4K, UINT64_C(0x10000000) + i * SZ_4K, SZ_4K,
		       (unsigned)a, false);
		map_ok(e, &m, 2 * SZ_1G + i * 2 * SZ_2M, UINT64_C(0x20000000) + i * SZ_2M, SZ_2M,
		       (unsigned)a, false);
		pt_walk(&e->pt, SZ_1G + i * 2 * SZ_4K, &w);
		assert_true(w.valid);
		assert_int_equal(w.attrs, ref_expect_attrs((unsigned)a));
		pt_walk(&e->pt, 2 * SZ_1G + i * 2 * SZ_2M + 0x1234, &w);
		assert_true(w.valid);
		assert_int_equal(w.level, REF_LAST - 1);
		assert_int_equal(w.attrs, ref_expect_attrs((unsigned)a));
	}
	/* Bits outside MM_ATTR_MASK do not leak into the descriptor. */
	map_ok(e, &m, 3 * SZ_1G, UINT64_C(0x30000000), SZ_4K, MM_W | 0xf0u, false);
	for (unsigned i = 0; i < m.n; i++)
		check_range(e, &m, m.r[i].va, m.r[i].size, 64);
	check_tree(e, &m);
	model_free(&m);
}

/* Explicit values, not through ref_expect_attrs. */
static void test_attrs_explicit(void **state)
{
	struct env *e = *state;
	struct pt_walk w;

	assert_int_equal(pt_map(&e->pt, 0x1000, 0x1000, SZ_4K, 0), PT_OK);
	assert_int_equal(pt_map(&e->pt, 0x2000, 0x2000, SZ_4K, MM_W | MM_X), PT_OK);
	assert_int_equal(pt_map(&e->pt, 0x3000, 0x3000, SZ_4K, MM_W | MM_DEVICE), PT_OK);
	assert_int_equal(pt_map(&e->pt, 0x4000, 0x4000, SZ_4K, MM_NC), PT_OK);
	pt_walk(&e->pt, 0x1000, &w);
	assert_int_equal(w.attrs, 0);
	pt_walk(&e->pt, 0x2000, &w);
	assert_int_equal(w.attrs, MM_W | MM_X);
	pt_walk(&e->pt, 0x3000, &w);
	assert_int_equal(w.attrs, MM_W | MM_DEVICE);
	pt_walk(&e->pt, 0x4000, &w);
	assert_int_equal(w.attrs, MM_NC);
}

/* An image-like layout: text RX, rodata R, data RW, a guard page, stack RW. */
static void test_guard_holes(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t b = UINT64_C(0x40080000);

	map_ok(e, &m, b, b, 3 * SZ_4K, MM_X, true);
	map_ok(e, &m, b + 3 * SZ_4K, b + 3 * SZ_4K, 2 * SZ_4K, 0, true);
	map_ok(e, &m, b + 5 * SZ_4K, b + 5 * SZ_4K, 4 * SZ_4K, MM_W, true);
	/* b + 9 pages: guard */
	map_ok(e, &m, b + 10 * SZ_4K, b + 10 * SZ_4K, 4 * SZ_4K, MM_W, true);
	/* b + 14 pages: guard */
	map_ok(e, &m, b + 15 * SZ_4K, b + 15 * SZ_4K, SZ_4K, MM_W, true);
	check_range(e, &m, b - 2 * SZ_4K, 20 * SZ_4K, 0);
	{
		struct pt_walk w;

		pt_walk(&e->pt, b + 9 * SZ_4K, &w);
		assert_false(w.valid);
		assert_int_equal(w.level, REF_LAST);
		pt_walk(&e->pt, b + 14 * SZ_4K + 0xfff, &w);
		assert_false(w.valid);
	}
	check_tree(e, &m);
	model_free(&m);
}

/* The pages just outside a range, for blocks and pages, at table edges too. */
static void test_outside_range(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	static const struct {
		uint64_t va, size;
		bool pages;
	} c[] = {
		{ UINT64_C(0x00200000), SZ_2M, false },		/* one block */
		{ UINT64_C(0x00a00000), SZ_2M, true },		/* a whole last-level table */
		{ UINT64_C(0x3fe00000), SZ_2M, false },		/* the last block of a 1 GiB region */
		{ UINT64_C(0x7fffd000), 2 * SZ_4K, true },	/* ends one page before 2 GiB */
		{ UINT64_C(0x80001000), SZ_4K, false },		/* one page, after a gap page */
		{ UINT64_C(0x7ffffff000), SZ_4K, true },	/* last page before 512 GiB */
		{ UINT64_C(0x8000000000), SZ_4K, true },	/* first page of the next root entry */
	};

	for (unsigned i = 0; i < ARRAY_SIZE(c); i++)
		map_ok(e, &m, c[i].va, c[i].va + UINT64_C(0x100000000), c[i].size, MM_W,
		       c[i].pages);
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		check_va(e, &m, c[i].va - SZ_4K);
		check_va(e, &m, c[i].va - 1);
		check_va(e, &m, c[i].va);
		check_va(e, &m, c[i].va + c[i].size - 1);
		check_va(e, &m, c[i].va + c[i].size);
		check_va(e, &m, c[i].va + c[i].size + SZ_4K);
	}
	check_tree(e, &m);
	model_free(&m);
}

static void expect_rc(struct env *e, bool pages, uint64_t va, uint64_t pa, uint64_t size,
		      int want)
{
	int rc = pages ? pt_map_pages(&e->pt, va, pa, size, MM_W)
		       : pt_map(&e->pt, va, pa, size, MM_W);

	if (rc != want)
		fail_msg("[%s] %s(va 0x%llx, pa 0x%llx, size 0x%llx) = %d, want %d", FMT_NAME,
			 pages ? "pt_map_pages" : "pt_map", (unsigned long long)va,
			 (unsigned long long)pa, (unsigned long long)size, rc, want);
}

static void test_eexist(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	unsigned tables;

	map_ok(e, &m, 0x10000, 0x10000, 4 * SZ_4K, MM_W, true);		/* pages */
	map_ok(e, &m, 4 * SZ_2M, 4 * SZ_2M, SZ_2M, MM_X, false);		/* a block */
	tables = e->pt.tables;

	for (int pages = 0; pages < 2; pages++) {
		/* The same page again, a page in the middle, a range from the last mapped page on. */
		expect_rc(e, pages, 0x10000, 0x10000, SZ_4K, PT_EEXIST);
		expect_rc(e, pages, 0x12000, 0x99000, SZ_4K, PT_EEXIST);
		expect_rc(e, pages, 0x13000, 0x13000, 2 * SZ_4K, PT_EEXIST);
		/* A page inside the block, and the block again. */
		expect_rc(e, pages, 4 * SZ_2M + 0x5000, 0x5000, SZ_4K, PT_EEXIST);
		expect_rc(e, pages, 4 * SZ_2M, 4 * SZ_2M, SZ_2M, PT_EEXIST);
	}
	/* A block over the 2 MiB that holds the pages. */
	expect_rc(e, false, 0, 0, SZ_2M, PT_EEXIST);
	/* The failures changed nothing that was mapped, and took no table. */
	assert_int_equal(e->pt.tables, tables);
	check_range(e, &m, 0, 6 * SZ_2M, 0);
	check_tree(e, &m);
	model_free(&m);
}

static void test_ealign(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	static const uint64_t bad[] = { 1, 0x800, 0xfff, SZ_2M + 8 };
	uint64_t va = 4 * SZ_2M, pa = 8 * SZ_2M;

	for (int pages = 0; pages < 2; pages++) {
		for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
			expect_rc(e, pages, va + bad[i], pa, SZ_2M, PT_EALIGN);
			expect_rc(e, pages, va, pa + bad[i], SZ_2M, PT_EALIGN);
			expect_rc(e, pages, va, pa, SZ_2M + bad[i], PT_EALIGN);
			expect_rc(e, pages, va, pa, bad[i], PT_EALIGN);
		}
	}
	/* Nothing was mapped and no table was taken. */
	assert_int_equal(e->pt.tables, 1);
	check_tree(e, &m);
	check_range(e, &m, va, SZ_2M, 0);
}

static void test_erange(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };

	for (int pages = 0; pages < 2; pages++) {
		expect_rc(e, pages, VA_TOP, 0, SZ_4K, PT_ERANGE);
		expect_rc(e, pages, VA_TOP - SZ_4K, 0, 2 * SZ_4K, PT_ERANGE);
		expect_rc(e, pages, VA_TOP - SZ_2M, 0, SZ_2M + SZ_4K, PT_ERANGE);
		expect_rc(e, pages, VA_TOP * 2, 0, SZ_4K, PT_ERANGE);
		expect_rc(e, pages, UINT64_C(1) << 63, 0, SZ_4K, PT_ERANGE);
		/* va + size wraps around 2^64. */
		expect_rc(e, pages, UINT64_C(0xfffffffffffff000), 0, 2 * SZ_4K, PT_ERANGE);
		expect_rc(e, pages, SZ_4K, 0, UINT64_C(0xfffffffffffff000), PT_ERANGE);
		expect_rc(e, pages, UINT64_C(0xfffffffffffff000), 0, SZ_4K, PT_ERANGE);
	}
	assert_int_equal(e->pt.tables, 1);
	/* The last page and the last 2 MiB below the limit do map. */
	map_ok(e, &m, VA_TOP - SZ_4K, UINT64_C(0x1000), SZ_4K, MM_W, true);
	map_ok(e, &m, VA_TOP - 2 * SZ_2M, UINT64_C(0x40000000), SZ_2M, MM_W, false);
	check_range(e, &m, VA_TOP - 3 * SZ_2M, 3 * SZ_2M, 0);
	/* The walker refuses VAs beyond the limit, stopping at the root. */
	for (unsigned s = REF_VA_BITS; s < 64; s++) {
		struct pt_walk w;

		memset(&w, 0x5a, sizeof(w));
		pt_walk(&e->pt, (UINT64_C(1) << s) | (VA_TOP - SZ_4K), &w);
		assert_false(w.valid);
		assert_int_equal(w.level, REF_ROOT);
	}
	check_tree(e, &m);
	model_free(&m);
}

/* Mapping (or unmapping) nothing is not an error, wherever it is: PT_ERANGE is for VAs outside the range. */
static void test_size_zero(void **state)
{
	struct env *e = *state;
	static const uint64_t vas[] = { SZ_2M, SZ_4K, 0, VA_TOP - SZ_4K };
	char bad[512] = "";
	size_t n = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(vas); i++) {
		int rc[3];

		rc[0] = pt_map(&e->pt, vas[i], SZ_2M, 0, MM_W);
		rc[1] = pt_map_pages(&e->pt, vas[i], SZ_2M, 0, MM_W);
		ev_reset(e);
		rc[2] = pt_unmap(&e->pt, vas[i], 0, 0);
		for (unsigned k = 0; k < 3; k++)
			if (rc[k] != PT_OK)
				n += (size_t)snprintf(bad + n, n < sizeof(bad) ? sizeof(bad) - n : 0,
						      " %s(va 0x%llx, size 0) = %d;",
						      k == 0 ? "pt_map" : k == 1 ? "pt_map_pages" : "pt_unmap",
						      (unsigned long long)vas[i], rc[k]);
	}
	assert_int_equal(e->pt.tables, 1);
	check_tree(e, NULL);
	if (n)
		fail_msg("[%s] want PT_OK:%s", FMT_NAME, bad);
}

static void test_enomem(void **state)
{
	struct env *e = env_init(DEFAULT_BASE, REF_LAST - REF_ROOT + 1);
	struct model m = { 0 };
	const unsigned levels = REF_LAST - REF_ROOT + 1;

	(void)state;
	/* Root plus one table per level below: the pool is then empty. */
	map_ok(e, &m, 0x5000, 0x5000, SZ_4K, MM_W, true);
	assert_int_equal(e->pt.tables, levels);
	assert_true(e->pool.next == e->pool.end);
	/* Needs a new last-level table: no room. */
	expect_rc(e, true, SZ_2M, SZ_2M, SZ_4K, PT_ENOMEM);
	expect_rc(e, false, SZ_1G + SZ_2M, 0, SZ_4K, PT_ENOMEM);
	assert_int_equal(e->pt.tables, levels);
	assert_true(e->pool.next == e->pool.end);
	/* Anything that needs no new table still maps. */
	map_ok(e, &m, 0x6000, 0x9000, 3 * SZ_4K, 0, false);
	map_ok(e, &m, SZ_2M - SZ_4K, 0, SZ_4K, MM_X, true);
	check_range(e, &m, 0, 2 * SZ_2M, 0);
	check_tree(e, &m);
	model_free(&m);
	env_free(e);

	/* A pool one table short: the walk down stops, the accounting is still right. */
	e = env_init(DEFAULT_BASE, levels - 1);
	expect_rc(e, true, UINT64_C(0x123456000), 0, SZ_4K, PT_ENOMEM);
	assert_int_equal(e->pt.tables, levels - 1);
	assert_true(e->pool.next == e->pool.end);
	check_tree(e, &m);
	check_va(e, &m, UINT64_C(0x123456000));
	env_free(e);
}

/* tables counts every table taken, root included. */
static void test_table_accounting(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	const unsigned below = REF_LAST - REF_ROOT;	/* tables under the root for one page */
	static const struct {
		uint64_t va;
		unsigned new_tables;	/* beyond the root level, counted from the bottom */
	} c[] = {
		{ 0, 3 },
		{ SZ_4K, 0 },
		{ 511 * SZ_4K, 0 },
		{ SZ_2M, 1 },			/* new last-level table */
		{ SZ_1G, 2 },			/* new 1 GiB table and last-level table */
		{ SZ_1G + SZ_2M, 1 },
		{ UINT64_C(0x8000000000), 3 },	/* a new root entry */
		{ UINT64_C(0x8000000000) + 5 * SZ_4K, 0 },
	};
	unsigned want = 1;

	assert_int_equal(below, 3);
	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		map_ok(e, &m, c[i].va, c[i].va, SZ_4K, MM_W, true);
		want += c[i].new_tables;
		assert_int_equal(e->pt.tables, want);
		assert_true(e->pool.next == e->base + want * 4096);
	}
	check_tree(e, &m);
	model_free(&m);
}

/* Where a walk that finds nothing stops. */
static void test_walk_stop_level(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	struct pt_walk w;

	map_ok(e, &m, 0, 0, SZ_4K, MM_W, true);
	pt_walk(&e->pt, UINT64_C(0x8000000000), &w);
	assert_false(w.valid);
	assert_int_equal(w.level, REF_ROOT);
	pt_walk(&e->pt, SZ_1G, &w);
	assert_false(w.valid);
	assert_int_equal(w.level, REF_ROOT + 1);
	pt_walk(&e->pt, SZ_2M, &w);
	assert_false(w.valid);
	assert_int_equal(w.level, REF_ROOT + 2);
	pt_walk(&e->pt, SZ_4K, &w);
	assert_false(w.valid);
	assert_int_equal(w.level, REF_LAST);
	pt_walk(&e->pt, 0xabc, &w);
	assert_true(w.valid);
	assert_int_equal(w.level, REF_LAST);
	assert_true(w.pa == 0xabc);
	check_tree(e, &m);
	model_free(&m);
}

/* Tables at a PA above the host pointers (negative ptr_off) and at one below. */
static void test_ptr_off(void **state)
{
	static const uint64_t bases[] = { UINT64_C(0xff0000000000), UINT64_C(0x1000), DEFAULT_BASE };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(bases); i++) {
		struct env *e = env_init(bases[i], 64);
		struct model m = { 0 };

		if (i == 0)
			assert_true(env_ptr_off(e) < 0);
		map_ok(e, &m, UINT64_C(0x40000000), UINT64_C(0x40000000), 3 * SZ_2M + SZ_4K,
		       MM_W, false);
		map_ok(e, &m, UINT64_C(0x9000000), UINT64_C(0x9000000), SZ_4K,
		       MM_W | MM_DEVICE, true);
		map_ok(e, &m, UINT64_C(0x7f0000000000), UINT64_C(0xfe0000000000), 5 * SZ_4K, 0,
		       true);
		check_range(e, &m, UINT64_C(0x40000000), 4 * SZ_2M, 0);
		check_range(e, &m, UINT64_C(0x7f0000000000) - SZ_4K, 7 * SZ_4K, 0);
		check_va(e, &m, UINT64_C(0x9000000));
		check_tree(e, &m);
		model_free(&m);
		env_free(e);
	}
}

/* ------------------------------------------------------------------------ */
/* pt_unmap                                                                 */

/* Unmap, record the hooks' events, and take the range out of the model on success. */
static int unmap(struct env *e, struct model *m, uint64_t va, uint64_t size, unsigned flags)
{
	int rc;

	ev_reset(e);
	rc = pt_unmap(&e->pt, va, size, flags);
	e->unhooked = true;
	if (rc == PT_OK && m)
		model_remove(m, va, size);
	/* Every break-before-make ends with an ISB. */
	if (ev.n && ev.last != EV_ISB)
		fail_msg("[%s] pt_unmap(0x%llx, 0x%llx): last event is not an ISB", FMT_NAME,
			 (unsigned long long)va, (unsigned long long)size);
	return rc;
}

static unsigned tables_reachable(const struct env *e, const struct model *m)
{
	return check_tree(e, m).tables;
}

static void test_unmap_pages(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t a = SZ_1G;

	map_ok(e, &m, a, UINT64_C(0x80000000), 16 * SZ_4K, MM_W, true);
	assert_int_equal(unmap(e, &m, a + 4 * SZ_4K, 4 * SZ_4K, 0), PT_OK);
	assert_int_equal(ev.count[EV_TLBI_VA], 4);
	assert_int_equal(ev.count[EV_TLBI_ALL], 0);
	assert_true(ev.count[EV_PUBLISH] >= 4);
#if defined(FMT_FAKE)
	for (unsigned i = 0; i < 4; i++)
		assert_true(ev.va[i] == (a + (4 + i) * SZ_4K) >> 12);
#endif
	check_range(e, &m, a - SZ_4K, 18 * SZ_4K, 0);
	/* The last-level table still holds pages: nothing unhooked. */
	assert_int_equal(tables_reachable(e, &m), 4);
	assert_int_equal(e->pt.tables, 4);
	/* The hole maps again, elsewhere, with no new table. */
	map_ok(e, &m, a + 4 * SZ_4K, UINT64_C(0x90000000), 4 * SZ_4K, MM_X, true);
	assert_int_equal(e->pt.tables, 4);
	check_range(e, &m, a - SZ_4K, 18 * SZ_4K, 0);
	model_free(&m);
}

static void test_unmap_block(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t a = 2 * SZ_1G;

	map_ok(e, &m, a, UINT64_C(0x40000000), 2 * SZ_2M, MM_W, false);
	/* Part of a block: refused, nothing changes. */
	assert_int_equal(unmap(e, &m, a + SZ_2M + SZ_4K, SZ_4K, 0), PT_EEXIST);
	assert_int_equal(unmap(e, &m, a, SZ_2M / 2, 0), PT_EEXIST);
	assert_int_equal(unmap(e, &m, a + SZ_2M - SZ_4K, 2 * SZ_4K, 0), PT_EEXIST);
	check_range(e, &m, a, 2 * SZ_2M, 64);
	/* A whole block: one entry, one TLBI for its VA. */
	assert_int_equal(unmap(e, &m, a, SZ_2M, 0), PT_OK);
	assert_int_equal(ev.count[EV_TLBI_VA], 1);
	assert_int_equal(ev.count[EV_TLBI_ALL], 0);
#if defined(FMT_FAKE)
	assert_true(ev.va[0] == a >> 12);
#endif
	check_range(e, &m, a - SZ_2M, 4 * SZ_2M, 64);
	/* The other block, from inside the already empty first one: the tables empty out. */
	assert_int_equal(unmap(e, &m, a + SZ_2M - 8 * SZ_4K, SZ_2M + 8 * SZ_4K, 0), PT_OK);
	assert_int_equal(ev.count[EV_TLBI_VA], 1);
	assert_int_equal(ev.count[EV_TLBI_ALL], 2);
	assert_int_equal(tables_reachable(e, &m), 1);
	assert_int_equal(e->pt.tables, 3);
	{
		struct pt_walk w;

		pt_walk(&e->pt, a + SZ_2M, &w);
		assert_false(w.valid);
		assert_int_equal(w.level, REF_ROOT);
	}
	model_free(&m);
}

/* Tables left empty are unhooked, all the way up (never the root). */
static void test_unmap_cascade(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t a = UINT64_C(0x123456000);

	map_ok(e, &m, a, a, 3 * SZ_4K, MM_W, true);
	assert_int_equal(e->pt.tables, 4);
	assert_int_equal(unmap(e, &m, a - 2 * SZ_4K, 6 * SZ_4K, 0), PT_OK);
	assert_int_equal(ev.count[EV_TLBI_VA], 3);
	assert_int_equal(ev.count[EV_TLBI_ALL], 3);
	assert_int_equal(tables_reachable(e, &m), 1);
	assert_int_equal(e->pt.tables, 4);
	check_range(e, &m, a - SZ_2M, 2 * SZ_2M, 0);
	/* Mapping again takes new tables (the pool only grows). */
	map_ok(e, &m, a, a + SZ_1G, 3 * SZ_4K, MM_X, true);
	assert_int_equal(e->pt.tables, 7);
	assert_int_equal(tables_reachable(e, &m), 4);
	check_range(e, &m, a - 4 * SZ_4K, 10 * SZ_4K, 0);
	model_free(&m);
}

/* A range covering a whole table's worth of pages drops the table entry in one go. */
static void test_unmap_whole_table(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };

	map_ok(e, &m, SZ_4K, SZ_4K, SZ_4K, MM_W, true);		/* keeps the upper tables */
	map_ok(e, &m, 2 * SZ_2M, UINT64_C(0x40000000), SZ_2M, MM_W, true);
	assert_int_equal(tables_reachable(e, &m), 5);
	assert_int_equal(unmap(e, &m, 2 * SZ_2M, SZ_2M, 0), PT_OK);
	assert_int_equal(ev.count[EV_TLBI_VA], 0);
	assert_int_equal(ev.count[EV_TLBI_ALL], 1);
	assert_int_equal(tables_reachable(e, &m), 4);
	{
		struct pt_walk w;

		pt_walk(&e->pt, 2 * SZ_2M + 5 * SZ_4K, &w);
		assert_false(w.valid);
		assert_int_equal(w.level, REF_LAST - 1);
	}
	check_range(e, &m, 0, 4 * SZ_2M, 0);
	model_free(&m);
}

static void test_unmap_nothing_and_errors(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };

	map_ok(e, &m, SZ_2M, SZ_2M, 4 * SZ_4K, MM_W, true);
	/* Nothing mapped there: fine, and no maintenance. */
	assert_int_equal(unmap(e, &m, SZ_1G, SZ_1G, 0), PT_OK);
	assert_int_equal(ev.n, 0);
	assert_int_equal(unmap(e, &m, SZ_2M + 8 * SZ_4K, 8 * SZ_4K, 0), PT_OK);
	assert_int_equal(ev.n, 0);
	assert_int_equal(unmap(e, &m, SZ_2M, 0, 0), PT_OK);
	assert_int_equal(ev.n, 0);
	/* Misaligned, and beyond the VA space: refused before anything changes. */
	assert_int_equal(unmap(e, &m, SZ_2M + 0x800, SZ_4K, 0), PT_EALIGN);
	assert_int_equal(unmap(e, &m, SZ_2M, 0x800, 0), PT_EALIGN);
	assert_int_equal(unmap(e, &m, VA_TOP, SZ_4K, 0), PT_ERANGE);
	assert_int_equal(unmap(e, &m, VA_TOP - SZ_4K, 2 * SZ_4K, 0), PT_ERANGE);
	assert_int_equal(unmap(e, &m, SZ_2M, UINT64_C(0xfffffffffffff000), 0), PT_ERANGE);
	assert_int_equal(ev.n, 0);
	check_range(e, &m, SZ_2M - SZ_4K, 6 * SZ_4K, 0);
	assert_int_equal(tables_reachable(e, &m), 4);
	model_free(&m);
}

/* Everything, in one call: whole root entries go at the root level. */
static void test_unmap_everything(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };

	map_ok(e, &m, 0, 0, SZ_4K, MM_W, true);
	map_ok(e, &m, 3 * SZ_1G, 3 * SZ_1G, SZ_2M, MM_W, false);
	map_ok(e, &m, UINT64_C(0x8000000000), 0, SZ_4K, 0, true);
	map_ok(e, &m, VA_TOP - SZ_4K, 0, SZ_4K, 0, true);
	assert_int_equal(unmap(e, &m, 0, VA_TOP, 0), PT_OK);
	assert_int_equal(ev.count[EV_TLBI_VA], 0);
	assert_int_equal(ev.count[EV_TLBI_ALL], 3);
	assert_int_equal(tables_reachable(e, &m), 1);
	check_va(e, &m, 0);
	check_va(e, &m, 3 * SZ_1G);
	check_va(e, &m, VA_TOP - SZ_4K);
	model_free(&m);
}

/* PT_UNMAP_NO_TLBI (the knob's bug): the entries go, with barriers but no TLBI. */
static void test_unmap_no_tlbi(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };

	map_ok(e, &m, SZ_2M, SZ_2M, 4 * SZ_4K, MM_W, true);
	assert_int_equal(unmap(e, &m, SZ_2M, 2 * SZ_4K, PT_UNMAP_NO_TLBI), PT_OK);
	assert_int_equal(ev.count[EV_TLBI_VA] + ev.count[EV_TLBI_ALL], 0);
	assert_true(ev.count[EV_PUBLISH] >= 2);
	assert_true(ev.count[EV_ISB] >= 1);
	check_range(e, &m, SZ_2M - SZ_4K, 6 * SZ_4K, 0);
	model_free(&m);
}

/* ------------------------------------------------------------------------ */
/* Random non-overlapping ranges, fixed seed, checked by the reference.     */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

#define FUZZ_RANGES	3000
#define FUZZ_POOL_PAGES	12288

/* What a fuzz run allocates, freed by the teardown even when a check fails. */
static struct {
	struct env *e;
	struct model m, gone;
	struct range *order, *all;
} fz;

static int teardown_fuzz(void **state)
{
	(void)state;
	env_free(fz.e);
	model_free(&fz.m);
	model_free(&fz.gone);
	free(fz.order);
	free(fz.all);
	memset(&fz, 0, sizeof(fz));
	return 0;
}

static void fuzz_one_seed(uint64_t seed)
{
	struct env *e;
	struct model *mp = &fz.m;
	struct range *order;
	uint64_t cur;
	size_t n = 0;
	unsigned tables;

	rng_state = seed;
	cur = rnd_below(1024) * SZ_4K;
	teardown_fuzz(NULL);
	e = fz.e = env_init(UINT64_C(0x4000000000), FUZZ_POOL_PAGES);
	order = fz.order = calloc(FUZZ_RANGES + 1, sizeof(*order));
	assert_non_null(order);
	while (n < FUZZ_RANGES) {
		uint64_t k = rnd_below(100), gap, size, pa, align = 0;
		struct range *r = &order[n];

		/* Gaps: often none (adjacent ranges), sometimes huge. */
		if (k < 30)
			gap = 0;
		else if (k < 65)
			gap = rnd_below(8) * SZ_4K;
		else if (k < 90)
			gap = rnd_below(1024) * SZ_4K;
		else if (k < 98)
			gap = rnd_below(2048) * SZ_2M;
		else
			gap = rnd_below(256) * SZ_1G;
		cur += gap;
		k = rnd_below(100);
		if (k < 55) {
			size = (1 + rnd_below(16)) * SZ_4K;
		} else if (k < 80) {
			size = (1 + rnd_below(600)) * SZ_4K;
		} else if (k < 97) {
			align = SZ_2M;
			size = (1 + rnd_below(4)) * SZ_2M + rnd_below(3) * rnd_below(300) * SZ_4K;
		} else {
			align = SZ_1G;
			size = SZ_1G + rnd_below(3) * SZ_2M + rnd_below(2) * SZ_4K;
		}
		/* Often start on a block boundary, sometimes just before one. */
		if (align && rnd_below(4)) {
			uint64_t a = ALIGN_UP(cur, align), back = rnd_below(3) ? 0 : rnd_below(4) * SZ_4K;

			cur = a - back >= cur ? a - back : a;
		}
		if (cur + size > VA_TOP - 4 * SZ_1G)
			break;
		pa = rnd_below(UINT64_C(1) << 32) * SZ_4K;	/* below 2^44 */
		/* Congruent with the VA, so blocks are possible (always for the big ones). */
		if (align || rnd_below(3))
			pa = ALIGN_DOWN(pa, SZ_1G) | (cur & (SZ_1G - 1));
		/* Pages only for the smaller ranges (a 1 GiB one would need 512 tables). */
		*r = (struct range){ cur, pa, size, (unsigned)rnd_below(16),
				     size <= 4 * SZ_2M && rnd_below(5) == 0 };
		cur += size;
		n++;
	}
	/* One range that ends exactly at the top of the VA space. */
	order[n++] = (struct range){ VA_TOP - SZ_2M - 3 * SZ_4K, UINT64_C(0x7ffe00000) - 3 * SZ_4K,
				     SZ_2M + 3 * SZ_4K, MM_W, false };
	assert_true(n > FUZZ_RANGES / 2);

	/* Map in a random order. */
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = rnd_below(i + 1);
		struct range t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (size_t i = 0; i < n; i++) {
		struct range *r = &order[i];
		int rc = r->pages_only ? pt_map_pages(&e->pt, r->va, r->pa, r->size, r->attrs)
				       : pt_map(&e->pt, r->va, r->pa, r->size, r->attrs);

		if (rc != PT_OK)
			fail_msg("[%s] fuzz seed %#llx: map #%zu (va 0x%llx pa 0x%llx size 0x%llx) = %d",
				 FMT_NAME, (unsigned long long)seed, i, (unsigned long long)r->va,
				 (unsigned long long)r->pa, (unsigned long long)r->size, rc);
		model_add(mp, r->va, r->pa, r->size, r->attrs, r->pages_only);
	}
	model_sort(mp);
	check_tree(e, mp);
	for (size_t i = 0; i < mp->n; i++) {
		const struct range *r = &mp->r[i];

		check_range(e, mp, r->va, r->size, 1024);
		check_va(e, mp, r->va - SZ_4K);
		check_va(e, mp, r->va + r->size);
	}
	for (unsigned i = 0; i < 20000; i++)
		check_va(e, mp, rnd_below(VA_TOP));
	/* Re-mapping any part of any range is refused and takes no table. */
	tables = e->pt.tables;
	for (unsigned i = 0; i < 300; i++) {
		const struct range *r = &mp->r[rnd_below(mp->n)];
		uint64_t off = rnd_below(r->size / SZ_4K) * SZ_4K;

		expect_rc(e, rnd_below(2), r->va + off, r->pa + off, SZ_4K, PT_EEXIST);
	}
	assert_int_equal(e->pt.tables, tables);

	/* Unmap about a third of the ranges (and pieces of page-only ones), then map them again. */
	{
		struct model *gp = &fz.gone;
		size_t n0 = mp->n;
		struct range *all = fz.all = malloc(n0 * sizeof(*all));

		assert_non_null(all);
		memcpy(all, mp->r, n0 * sizeof(*all));
		for (size_t i = 0; i < n0; i++) {
			struct range r = all[i];

			if (rnd_below(3))
				continue;
			if (r.pages_only && r.size > 2 * SZ_4K && rnd_below(2)) {
				uint64_t pages = r.size / SZ_4K, off = rnd_below(pages);
				uint64_t len = 1 + rnd_below(pages - off);

				r.va += off * SZ_4K;
				r.pa += off * SZ_4K;
				r.size = len * SZ_4K;
			}
			if (unmap(e, mp, r.va, r.size, 0) != PT_OK)
				fail_msg("[%s] fuzz: pt_unmap(0x%llx, 0x%llx) failed", FMT_NAME,
					 (unsigned long long)r.va, (unsigned long long)r.size);
			model_add(gp, r.va, r.pa, r.size, r.attrs, r.pages_only);
		}
		ev_reset(NULL);
		check_tree(e, mp);
		for (unsigned i = 0; i < 20000; i++)
			check_va(e, mp, rnd_below(VA_TOP));
		for (size_t i = 0; i < gp->n; i++) {
			check_va(e, mp, gp->r[i].va);
			check_va(e, mp, gp->r[i].va + gp->r[i].size - SZ_4K);
		}
		/* Map the holes again (pieces of page-only ranges stay pages only). */
		for (size_t i = 0; i < gp->n; i++) {
			const struct range *r = &gp->r[i];
			int rc = r->pages_only ? pt_map_pages(&e->pt, r->va, r->pa, r->size, r->attrs)
					       : pt_map(&e->pt, r->va, r->pa, r->size, r->attrs);

			if (rc != PT_OK)
				fail_msg("[%s] fuzz: re-map of 0x%llx+0x%llx = %d", FMT_NAME,
					 (unsigned long long)r->va, (unsigned long long)r->size, rc);
			model_add(mp, r->va, r->pa, r->size, r->attrs, r->pages_only);
		}
		model_sort(mp);
		check_tree(e, mp);
		for (size_t i = 0; i < gp->n; i++)
			check_range(e, mp, gp->r[i].va, gp->r[i].size, 256);
		print_message("[%s] fuzz seed %#llx: unmapped and mapped again %zu ranges\n",
			      FMT_NAME, (unsigned long long)seed, gp->n);
	}
	print_message("[%s] fuzz seed %#llx: %zu ranges, %u tables\n", FMT_NAME,
		      (unsigned long long)seed, mp->n, e->pt.tables);
	teardown_fuzz(NULL);
}

static void test_fuzz(void **state)
{
	(void)state;
	fuzz_one_seed(UINT64_C(0x6879707465737421));
	fuzz_one_seed(UINT64_C(2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init, setup_env, teardown_env),
		cmocka_unit_test(test_init_enomem),
		cmocka_unit_test_setup_teardown(test_map_pages_small, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_map_blocks_and_pages, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_map_pages_never_blocks, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_map_pa_misaligned_gives_pages, setup_env,
						teardown_env),
		cmocka_unit_test_setup_teardown(test_map_gib, setup_env, teardown_env),
		cmocka_unit_test(test_map_root_entry),
		cmocka_unit_test_setup_teardown(test_attrs_roundtrip, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_attrs_explicit, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_guard_holes, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_outside_range, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_eexist, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_ealign, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_erange, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_size_zero, setup_env, teardown_env),
		cmocka_unit_test(test_enomem),
		cmocka_unit_test_setup_teardown(test_table_accounting, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_walk_stop_level, setup_env, teardown_env),
		cmocka_unit_test(test_ptr_off),
		cmocka_unit_test_setup_teardown(test_unmap_pages, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_block, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_cascade, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_whole_table, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_nothing_and_errors, setup_env,
						teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_everything, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_no_tlbi, setup_env, teardown_env),
		cmocka_unit_test_teardown(test_fuzz, teardown_fuzz),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name("pgtable_" FMT_NAME, tests, NULL, NULL);
}
