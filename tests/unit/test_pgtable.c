/* SPDX-License-Identifier: MIT */
/*
 * Host tests of mm/pgtable.c, built once against the fake descriptor format
 * (FMT_FAKE, -Imm/fake) and once against arm64's (FMT_ARM64, -Imm/arm64):
 * every mapping is checked by a reference walker written here, which decodes
 * the raw descriptor bits itself and refuses any malformed descriptor.
 * A third build (fake format, -DINJECT_MM_NO_BBM) runs the same tests with
 * the mm-no-bbm knob compiled into mm/pgtable.c: there the tests of the live
 * operations (replace, protect, split, merge) expect the BBM auditor to fire,
 * once per replaced entry; everywhere else it must never fire.
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
#include "tests/unit/host.h"

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
	/*
	 * A second buffer the alloc hook hands table pages out of, if any: its
	 * first half at PA ext_pa[0], its second half at ext_pa[1], far apart,
	 * so the builder must find each page in the right one of pt.ext[].
	 */
	uint8_t *ext_mem;
	uint64_t ext_pa[2];
	size_t ext_half;	/* pages in each half */
	size_t ext_used;	/* pages handed out, the first half first */
	struct pt_ext ext_map[2];
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
		free(e->ext_mem);
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

/* The BBM auditor's count, and what the running test expects of it (below). */
extern unsigned bbm_violations, bbm_expect;
static void ev_reset(const struct env *e);

/* Every test starts with the auditor's count at zero and no events watched ... */
static int setup_bbm(void **state)
{
	(void)state;
	bbm_violations = bbm_expect = 0;
	ev_reset(NULL);
	return 0;
}

/* ... and ends with it where the test said (zero, unless INJECT_MM_NO_BBM). */
static int teardown_bbm(void **state)
{
	(void)state;
	ev_reset(NULL);	/* no pointers into the test's buffers */
	if (bbm_violations != bbm_expect)
		fail_msg("[%s] the BBM auditor (pt_bbm_violation) fired %u times, want %u", FMT_NAME,
			 bbm_violations, bbm_expect);
	return 0;
}

static int setup_env(void **state)
{
	setup_bbm(state);
	*state = env_init(DEFAULT_BASE, 256);
	return 0;
}

static int teardown_env(void **state)
{
	env_free(*state);
	return teardown_bbm(state);
}

/* The reference reads tables through its own idea of where the pool is. */
static const uint64_t *ref_table(const struct env *e, uint64_t pa, int level)
{
	for (size_t k = 0; e->ext_mem && k < 2; k++) {
		size_t page = k * e->ext_half + (size_t)((pa - e->ext_pa[k]) / 4096);

		if (pa >= e->ext_pa[k] && pa < e->ext_pa[k] + e->ext_half * 4096 && page < e->ext_used &&
		    !(pa & 4095))
			return (const uint64_t *)(e->ext_mem + page * 4096);
	}
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
#define EV_LOG_MAX	4096
#define EV_WATCH_MAX	8

/* One event, with the values the watched descriptors had when it came. */
struct ev_entry {
	enum ev_kind k;
	bool local;		/* a TLBI for this CPU only */
	uint64_t va;		/* of a TLBI_VA (the VA itself, VA_UNKNOWN on arm64), else 0 */
	uint64_t val[EV_WATCH_MAX];
};

static struct {
	unsigned n, count[5];
	enum ev_kind last;
	const struct env *env;	/* checked at each TLBI, when set */
	uint64_t va[EV_MAX];	/* of each TLBI_VA, in order (VA_UNKNOWN on arm64) */
	unsigned nva;
	unsigned nlocal;	/* TLBIs for this CPU only */
	const uint64_t *watch[EV_WATCH_MAX];	/* descriptors to sample at every event */
	struct ev_entry log[EV_LOG_MAX];
	unsigned nlog;
} ev;

static void ev_reset(const struct env *e)
{
	memset(&ev, 0, sizeof(ev));
	ev.env = e;
}

static struct ref_walk ref_walk(const struct env *e, uint64_t va);

static void ev_record(enum ev_kind k, uint64_t va, bool local)
{
	if (ev.nlog < EV_LOG_MAX) {
		struct ev_entry *l = &ev.log[ev.nlog++];

		l->k = k;
		l->local = local;
		l->va = k != EV_TLBI_VA ? 0 : va == VA_UNKNOWN ? VA_UNKNOWN : va << 12;
		for (unsigned i = 0; i < EV_WATCH_MAX; i++)
			l->val[i] = ev.watch[i] ? *(const volatile uint64_t *)ev.watch[i] : 0;
	}
	if (local)
		ev.nlocal++;
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

/*
 * The BBM auditor's hook: the builder must never trigger it, except in the
 * INJECT_MM_NO_BBM build, where each test says how many times it expects it
 * (bbm_expect); every teardown compares.
 */
unsigned bbm_violations, bbm_expect;
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
	ev_record(map[e], by_va ? va >> 12 : 0,
		  e == FAKE_EV_TLBI_VA_LOCAL || e == FAKE_EV_TLBI_ALL_LOCAL);
}
#else
/* The arm64 hooks' inline asm, as text (tests/unit/arm64-host/arch_pte.h). */
void host_asm(const char *text)
{
	if (strstr(text, "tlbi vae2is"))
		ev_record(EV_TLBI_VA, VA_UNKNOWN, false);
	else if (strstr(text, "tlbi vae2,"))
		ev_record(EV_TLBI_VA, VA_UNKNOWN, true);
	else if (strstr(text, "tlbi alle2is"))
		ev_record(EV_TLBI_ALL, 0, false);
	else if (strstr(text, "tlbi alle2"))
		ev_record(EV_TLBI_ALL, 0, true);
	else if (strstr(text, "dsb ishst"))
		ev_record(EV_PUBLISH, 0, false);
	else if (strstr(text, "isb"))
		ev_record(EV_ISB, 0, false);
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
	int min_level;		/* no leaf above this level (a split block's pieces); 0: any */
};

struct model {
	struct range *r;
	size_t n, cap;
};

static void model_add_r(struct model *m, const struct range *r)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->r = realloc(m->r, m->cap * sizeof(*m->r));
		assert_non_null(m->r);
	}
	m->r[m->n++] = *r;
}

static void model_add(struct model *m, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs,
		      bool pages_only)
{
	model_add_r(m, &(struct range){ va, pa, size, attrs, pages_only, 0 });
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
	for (int level = MAX(REF_ROOT, r->min_level); level < REF_LAST; level++) {
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
	if ((e->pool.next - e->base) + e->ext_used * 4096 != (uint64_t)e->pt.tables * 4096)
		fail_msg("[%s] pool and alloc hook used %llu + %llu bytes for %u tables", FMT_NAME,
			 (unsigned long long)(e->pool.next - e->base),
			 (unsigned long long)e->ext_used * 4096, e->pt.tables);
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
			model_add_r(&out, &r);
			continue;
		}
		if (r.va < va)
			model_add_r(&out, &(struct range){ r.va, r.pa, va - r.va, r.attrs,
							   r.pages_only, r.min_level });
		if (r.va + r.size > va + size)
			model_add_r(&out, &(struct range){ va + size, r.pa + (va + size - r.va),
							   r.va + r.size - (va + size), r.attrs,
							   r.pages_only, r.min_level });
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
/* Live-table operations: PT_REPLACE, pt_protect, pt_split, pt_merge,       */
/* pt_prealloc, pt_slot and the alloc hook.                                 */

#define BLK_LEVEL	(REF_LAST - 1)	/* the 2 MiB level, in both formats */

/*
 * The knob writes the new descriptor over the old one (publish, TLBI, ISB
 * after it), so the TLBI-while-mapped check of ev_record cannot hold there;
 * the tests below check the order themselves.
 */
#ifdef INJECT_MM_NO_BBM
#define BBM_EVENTS	3
#define EV_ENV(e)	NULL
#else
#define BBM_EVENTS	4
#define EV_ENV(e)	(e)
#endif

static const char *ev_name(enum ev_kind k)
{
	static const char *const n[] = { "none", "publish", "tlbi-va", "tlbi-all", "isb" };

	return (unsigned)k < ARRAY_SIZE(n) ? n[k] : "?";
}

/* The logged events [from, to) with watched slot w's value at each, for messages. */
static const char *ev_dump(unsigned from, unsigned to, unsigned w)
{
	static char buf[2048];
	size_t n = 0;

	buf[0] = 0;
	for (unsigned i = from; i < to && i < ev.nlog && n < sizeof(buf) - 96; i++) {
		const struct ev_entry *l = &ev.log[i];

		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s%s", ev_name(l->k),
				      l->local ? "(local)" : "");
		if (l->k == EV_TLBI_VA && l->va != VA_UNKNOWN)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "[0x%llx]",
					      (unsigned long long)l->va);
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "{slot=0x%llx}",
				      (unsigned long long)l->val[w]);
	}
	return buf;
}

/*
 * Events log[i .. i + BBM_EVENTS) are one break-before-make of watched slot
 * w to val: the entry cleared and that published (DSB), the TLBI (kind tlbi,
 * for va where the format tells), then the new value published, then the
 * ISB. With INJECT_MM_NO_BBM: the new value published, the TLBI, the ISB.
 */
static void expect_bbm(unsigned i, unsigned w, enum ev_kind tlbi, bool local, uint64_t va,
		       uint64_t val, const char *what)
{
#ifdef INJECT_MM_NO_BBM
	const enum ev_kind k[] = { EV_PUBLISH, tlbi, EV_ISB };
	const uint64_t v[] = { val, val, val };
#else
	const enum ev_kind k[] = { EV_PUBLISH, tlbi, EV_PUBLISH, EV_ISB };
	const uint64_t v[] = { 0, 0, val, val };
#endif
	_Static_assert(ARRAY_SIZE(k) == BBM_EVENTS, "events per BBM");

	if (ev.nlog < i + BBM_EVENTS)
		fail_msg("[%s] %s: %u events, want at least %u:%s", FMT_NAME, what, ev.nlog,
			 i + BBM_EVENTS, ev_dump(0, ev.nlog, w));
	for (unsigned j = 0; j < BBM_EVENTS; j++) {
		const struct ev_entry *l = &ev.log[i + j];

		if (l->k != k[j] || l->val[w] != v[j])
			fail_msg("[%s] %s: event %u is %s with the slot at 0x%llx, want %s with 0x%llx; events:%s",
				 FMT_NAME, what, i + j, ev_name(l->k), (unsigned long long)l->val[w],
				 ev_name(k[j]), (unsigned long long)v[j],
				 ev_dump(i, i + BBM_EVENTS, w));
		if (k[j] == tlbi && l->local != local)
			fail_msg("[%s] %s: the TLBI is %s, want %s", FMT_NAME, what,
				 l->local ? "local" : "broadcast", local ? "local" : "broadcast");
		if (k[j] == EV_TLBI_VA && va != VA_UNKNOWN && l->va != VA_UNKNOWN && l->va != va)
			fail_msg("[%s] %s: TLBI for va 0x%llx, want 0x%llx", FMT_NAME, what,
				 (unsigned long long)l->va, (unsigned long long)va);
	}
}

/* After n valid -> valid replacements: the auditor saw none (or, the knob, each one). */
static void expect_violations(unsigned n, const char *what)
{
#ifdef INJECT_MM_NO_BBM
	bbm_expect += n;
#else
	(void)n;
#endif
	if (bbm_violations != bbm_expect)
		fail_msg("[%s] %s: the BBM auditor fired %u times, want %u", FMT_NAME, what,
			 bbm_violations, bbm_expect);
}

static void ev_watch(unsigned w, const uint64_t *slot)
{
	assert_true(w < EV_WATCH_MAX);
	assert_non_null(slot);
	ev.watch[w] = slot;
}

static unsigned ev_tlbis(void)
{
	return ev.count[EV_TLBI_VA] + ev.count[EV_TLBI_ALL];
}

/* The descriptor at slot, decoded by the reference: a leaf for pa with attrs. */
static void expect_leaf(uint64_t pte, int level, uint64_t pa, unsigned attrs, const char *what)
{
	struct ref_pte d = ref_decode(pte, level);

	if (d.kind != REF_LEAF || d.addr != pa || d.attrs != ref_expect_attrs(attrs))
		fail_msg("[%s] %s: level %d entry 0x%016llx decodes as kind %d pa 0x%llx attrs %#x, want a leaf for pa 0x%llx attrs %#x",
			 FMT_NAME, what, level, (unsigned long long)pte, d.kind,
			 (unsigned long long)d.addr, d.attrs, (unsigned long long)pa,
			 ref_expect_attrs(attrs));
}

/* Replace the model's view of [va, va + size) by one range. */
static void model_set(struct model *m, uint64_t va, uint64_t pa, uint64_t size, unsigned attrs,
		      bool pages_only, int min_level)
{
	model_remove(m, va, size);
	model_add_r(m, &(struct range){ va, pa, size, attrs, pages_only, min_level });
	model_sort(m);
}

/* Every page of [va, va + size) against pa + offset: all mismatches counted, the first shown. */
static void expect_pages(const struct env *e, uint64_t va, uint64_t pa, uint64_t size, int level,
			 unsigned attrs, const char *what)
{
	unsigned bad = 0, first = 0, n = (unsigned)(size / SZ_4K);
	struct ref_walk first_w = { 0 };

	for (unsigned i = 0; i < n; i++) {
		struct ref_walk w = ref_walk(e, va + i * SZ_4K);

		if (!w.valid || w.level != level || w.pa != pa + i * SZ_4K ||
		    w.attrs != ref_expect_attrs(attrs)) {
			if (!bad++) {
				first = i;
				first_w = w;
			}
		}
	}
	if (bad)
		fail_msg("[%s] %s: %u of %u pages wrong; first: page %u (va 0x%llx) valid=%d level %d pa 0x%llx attrs %#x, want level %d pa 0x%llx attrs %#x",
			 FMT_NAME, what, bad, n, first, (unsigned long long)(va + first * SZ_4K),
			 first_w.valid, first_w.level, (unsigned long long)first_w.pa,
			 first_w.attrs, level, (unsigned long long)(pa + first * SZ_4K),
			 ref_expect_attrs(attrs));
}

/* PT_REPLACE over one page: the exact break-before-make sequence for its slot. */
static void test_replace_page(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = SZ_1G + 5 * SZ_4K, pa1 = UINT64_C(0x7654000), pa2 = UINT64_C(0x1234000);
	uint64_t *slot, old;
	unsigned tables;

	map_ok(e, &m, va, pa1, SZ_4K, MM_W, true);
	slot = pt_slot(&e->pt, va, REF_LAST);
	assert_non_null(slot);
	old = *slot;
	tables = e->pt.tables;

	/* Without PT_REPLACE a valid leaf is in the way: nothing changes, no maintenance. */
	ev_reset(e);
	assert_int_equal(pt_map_flags(&e->pt, va, pa2, SZ_4K, MM_X, false, 0), PT_EEXIST);
	assert_int_equal(pt_map_flags(&e->pt, va, pa2, SZ_4K, MM_X, true, PT_LOCAL), PT_EEXIST);
	assert_true(*slot == old);
	assert_int_equal(ev_tlbis(), 0);
	check_range(e, &m, va - SZ_4K, 3 * SZ_4K, 0);

	ev_reset(EV_ENV(e));
	ev_watch(0, slot);
	assert_int_equal(pt_map_flags(&e->pt, va, pa2, SZ_4K, MM_X | MM_NC, false, PT_REPLACE), PT_OK);
	expect_bbm(0, 0, EV_TLBI_VA, false, va, *slot, "PT_REPLACE of a page");
	/* Then only pt_map_flags' closing publish and ISB. */
	if (ev.nlog != BBM_EVENTS + 2 || ev.log[BBM_EVENTS].k != EV_PUBLISH || ev.log[BBM_EVENTS + 1].k != EV_ISB)
		fail_msg("[%s] PT_REPLACE of a page: events%s", FMT_NAME, ev_dump(0, ev.nlog, 0));
	assert_int_equal(ev_tlbis(), 1);
	expect_violations(1, "PT_REPLACE of a page");
	expect_leaf(*slot, REF_LAST, pa2, MM_X | MM_NC, "PT_REPLACE of a page");
	assert_int_equal(e->pt.tables, tables);
	model_set(&m, va, pa2, SZ_4K, MM_X | MM_NC, true, 0);
	check_range(e, &m, va - SZ_4K, 3 * SZ_4K, 0);
	check_tree(e, &m);

	/* PT_REPLACE | PT_LOCAL: the same, with a TLBI for this CPU only. */
	ev_reset(EV_ENV(e));
	ev_watch(0, slot);
	assert_int_equal(pt_map_flags(&e->pt, va, pa1, SZ_4K, 0, true, PT_REPLACE | PT_LOCAL), PT_OK);
	expect_bbm(0, 0, EV_TLBI_VA, true, va, *slot, "PT_REPLACE | PT_LOCAL of a page");
	expect_violations(1, "PT_REPLACE | PT_LOCAL of a page");
	model_set(&m, va, pa1, SZ_4K, 0, true, 0);
	check_range(e, &m, va - SZ_4K, 3 * SZ_4K, 0);
	check_tree(e, &m);
	model_free(&m);
}

/* PT_REPLACE over a block, over a range partly mapped, and where it does not apply. */
static void test_replace_block_and_range(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t vb = 2 * SZ_1G + 4 * SZ_2M, vp = 2 * SZ_1G + 8 * SZ_2M + 3 * SZ_4K;
	uint64_t *slot[3];
	unsigned tables;

	map_ok(e, &m, vb, UINT64_C(0x40000000), SZ_2M, MM_W, false);
	map_ok(e, &m, vp, UINT64_C(0x50000000), 2 * SZ_4K, MM_W, true);	/* the 3rd page is free */
	tables = e->pt.tables;

	/* A block for a block: one BBM at the block level, a TLBI for the block's VA. */
	ev_reset(EV_ENV(e));
	ev_watch(0, pt_slot(&e->pt, vb, BLK_LEVEL));
	assert_int_equal(pt_map_flags(&e->pt, vb, UINT64_C(0x60000000), SZ_2M, MM_X, true,
				      PT_REPLACE | PT_LOCAL), PT_OK);
	expect_bbm(0, 0, EV_TLBI_VA, true, vb, *ev.watch[0], "PT_REPLACE of a block");
	assert_int_equal(ev_tlbis(), 1);
	expect_violations(1, "PT_REPLACE of a block");
	model_set(&m, vb, UINT64_C(0x60000000), SZ_2M, MM_X, false, 0);
	check_range(e, &m, vb - SZ_4K, SZ_2M + 2 * SZ_4K, 64);

	/* Three pages, two mapped: two BBMs in VA order, the free one a plain store. */
	ev_reset(EV_ENV(e));
	for (unsigned i = 0; i < 3; i++) {
		slot[i] = pt_slot(&e->pt, vp + i * SZ_4K, REF_LAST);
		ev_watch(i, slot[i]);
	}
	assert_true(*slot[2] == 0);
	assert_int_equal(pt_map_flags(&e->pt, vp, UINT64_C(0x70000000), 3 * SZ_4K, MM_W | MM_X,
				      false, PT_REPLACE), PT_OK);
	expect_bbm(0, 0, EV_TLBI_VA, false, vp, *slot[0], "PT_REPLACE, page 0 of 3");
	expect_bbm(BBM_EVENTS, 1, EV_TLBI_VA, false, vp + SZ_4K, *slot[1], "PT_REPLACE, page 1 of 3");
	assert_int_equal(ev_tlbis(), 2);
	assert_int_equal(ev.nlog, 2 * BBM_EVENTS + 2);	/* + the closing publish and ISB */
	expect_violations(2, "PT_REPLACE of two pages");
	model_set(&m, vp, UINT64_C(0x70000000), 3 * SZ_4K, MM_W | MM_X, true, 0);
	check_range(e, &m, vp - SZ_4K, 5 * SZ_4K, 0);

	/* Not for PT_REPLACE: a block where a table of pages is, pages where a block is. */
	ev_reset(e);
	assert_int_equal(pt_map_flags(&e->pt, ALIGN_DOWN(vp, SZ_2M), 0, SZ_2M, MM_W, true, PT_REPLACE),
			 PT_EEXIST);
	assert_int_equal(pt_map_flags(&e->pt, vb + 5 * SZ_4K, 0, SZ_4K, MM_W, false, PT_REPLACE),
			 PT_EEXIST);
	assert_int_equal(ev_tlbis(), 0);
	assert_int_equal(e->pt.tables, tables);
	check_range(e, &m, vb - SZ_4K, SZ_2M + 2 * SZ_4K, 64);
	check_range(e, &m, ALIGN_DOWN(vp, SZ_2M), SZ_2M, 64);
	check_tree(e, &m);
	model_free(&m);
}

/* pt_protect: new attrs for every leaf in the range, same PA, each with BBM. */
static void test_protect(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	/* 2 pages, a 2 MiB block, 2 pages; PA congruent mod 2 MiB. */
	uint64_t va = 3 * SZ_1G + 4 * SZ_2M - 2 * SZ_4K, pa = UINT64_C(0x1c00000000) + 4 * SZ_2M - 2 * SZ_4K;
	uint64_t size = 2 * SZ_4K + SZ_2M + 2 * SZ_4K, blk = va + 2 * SZ_4K;
	const uint64_t leaf_va[] = { va, va + SZ_4K, blk, blk + SZ_2M, blk + SZ_2M + SZ_4K };
	const int leaf_level[] = { REF_LAST, REF_LAST, BLK_LEVEL, REF_LAST, REF_LAST };
	uint64_t *slot[5];
	unsigned attrs = MM_X | MM_DEVICE;

	map_ok(e, &m, va, pa, size, MM_W, false);
	ev_reset(EV_ENV(e));
	for (unsigned i = 0; i < 5; i++) {
		slot[i] = pt_slot(&e->pt, leaf_va[i], leaf_level[i]);
		ev_watch(i, slot[i]);
	}
	assert_int_equal(pt_protect(&e->pt, va, size, attrs, 0), PT_OK);
	for (unsigned i = 0; i < 5; i++) {
		char what[64];

		snprintf(what, sizeof(what), "pt_protect, leaf %u of 5", i);
		expect_bbm(i * BBM_EVENTS, i, EV_TLBI_VA, false, leaf_va[i], *slot[i], what);
		expect_leaf(*slot[i], leaf_level[i], pa + (leaf_va[i] - va), attrs, what);
	}
	assert_int_equal(ev.nlog, 5 * BBM_EVENTS);
	expect_violations(5, "pt_protect of 5 leaves");
	model_set(&m, va, pa, size, attrs, false, 0);
	check_range(e, &m, va - SZ_4K, size + 2 * SZ_4K, 0);
	check_tree(e, &m);

	/* One page, this CPU only. */
	ev_reset(EV_ENV(e));
	ev_watch(0, slot[4]);
	assert_int_equal(pt_protect(&e->pt, leaf_va[4], SZ_4K, MM_W, PT_LOCAL), PT_OK);
	expect_bbm(0, 0, EV_TLBI_VA, true, leaf_va[4], *slot[4], "pt_protect | PT_LOCAL");
	expect_violations(1, "pt_protect of a page");
	model_set(&m, leaf_va[4], pa + (leaf_va[4] - va), SZ_4K, MM_W, true, 0);

	/* Refused before anything changes: part of a block, nothing mapped, misaligned. */
	ev_reset(e);
	assert_int_equal(pt_protect(&e->pt, blk + 5 * SZ_4K, SZ_4K, MM_W, 0), PT_EEXIST);
	assert_int_equal(pt_protect(&e->pt, blk, SZ_2M - SZ_4K, MM_W, 0), PT_EEXIST);
	assert_int_equal(pt_protect(&e->pt, blk + SZ_2M - SZ_4K, 2 * SZ_4K, MM_W, 0), PT_EEXIST);
	assert_int_equal(pt_protect(&e->pt, va - SZ_4K, SZ_4K, MM_W, 0), PT_ENOENT);
	assert_int_equal(pt_protect(&e->pt, va - SZ_4K, 2 * SZ_4K, MM_W, 0), PT_ENOENT);
	assert_int_equal(pt_protect(&e->pt, 7 * SZ_1G, SZ_2M, MM_W, 0), PT_ENOENT);
	assert_int_equal(pt_protect(&e->pt, va + 0x800, SZ_4K, MM_W, 0), PT_EALIGN);
	assert_int_equal(pt_protect(&e->pt, va, 0x800, MM_W, 0), PT_EALIGN);
	assert_int_equal(pt_protect(&e->pt, VA_TOP, SZ_4K, MM_W, 0), PT_ERANGE);
	assert_int_equal(pt_protect(&e->pt, va, 0, MM_W, 0), PT_OK);
	assert_int_equal(ev.n, 0);
	check_range(e, &m, va - SZ_4K, size + 2 * SZ_4K, 0);
	check_tree(e, &m);
	model_free(&m);
}

/* pt_split of a 2 MiB block: a table of 512 last-level pages, same PAs and attrs. */
static void test_split_block(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = 5 * SZ_1G + 3 * SZ_2M, pa = UINT64_C(0x1c0000000) + 7 * SZ_2M;
	unsigned attrs = MM_X | MM_NC, tables;
	uint64_t *slot, table_pa;
	struct ref_pte d;

	map_ok(e, &m, va, pa, SZ_2M, attrs, false);
	map_ok(e, &m, va + SZ_2M, pa + SZ_2M, SZ_4K, MM_W, true);	/* a neighbour */
	slot = pt_slot(&e->pt, va, BLK_LEVEL);
	assert_non_null(slot);
	tables = e->pt.tables;
	table_pa = e->pool.next;

	ev_reset(EV_ENV(e));
	ev_watch(0, slot);
	assert_int_equal(pt_split(&e->pt, va + 77 * SZ_4K + 0x123, 0), PT_OK);
	/* The new table is published, then swapped in with BBM and a TLBI of everything. */
	if (ev.nlog != 1 + BBM_EVENTS || ev.log[0].k != EV_PUBLISH)
		fail_msg("[%s] pt_split: events%s", FMT_NAME, ev_dump(0, ev.nlog, 0));
	expect_bbm(1, 0, EV_TLBI_ALL, false, VA_UNKNOWN, *slot, "pt_split");
	assert_int_equal(ev.count[EV_TLBI_VA], 0);
	expect_violations(1, "pt_split");
	assert_int_equal(e->pt.tables, tables + 1);
	d = ref_decode(*slot, BLK_LEVEL);
	assert_int_equal(d.kind, REF_TABLE);
	assert_true(d.addr == table_pa);
	/* All 512 entries, through the reference walker. */
	expect_pages(e, va, pa, SZ_2M, REF_LAST, attrs, "pt_split of a 2 MiB block");
	model_set(&m, va, pa, SZ_2M, attrs, true, 0);
	check_tree(e, &m);

	/* Nothing to split: a page, nothing mapped (no table above, or an empty slot). */
	ev_reset(e);
	assert_int_equal(pt_split(&e->pt, va, 0), PT_ENOENT);
	assert_int_equal(pt_split(&e->pt, va + SZ_2M, 0), PT_ENOENT);
	assert_int_equal(pt_split(&e->pt, va + 2 * SZ_2M, 0), PT_ENOENT);
	assert_int_equal(pt_split(&e->pt, UINT64_C(0x8000000000), 0), PT_ENOENT);
	assert_int_equal(ev.n, 0);
	assert_int_equal(e->pt.tables, tables + 1);
	model_free(&m);
}

/* pt_split with no page left for the table: refused, the block stays. */
static void test_split_enomem(void **state)
{
	/* Root, the tables down to the block level: nothing left. */
	struct env *e = env_init(DEFAULT_BASE, BLK_LEVEL - REF_ROOT + 1);
	struct model m = { 0 };
	uint64_t va = SZ_1G, pa = 3 * SZ_1G;

	(void)state;
	map_ok(e, &m, va, pa, SZ_2M, MM_W, false);
	assert_true(e->pool.next == e->pool.end);
	ev_reset(e);
	assert_int_equal(pt_split(&e->pt, va, 0), PT_ENOMEM);
	assert_int_equal(ev.n, 0);
	check_range(e, &m, va, SZ_2M, 64);
	check_tree(e, &m);
	model_free(&m);
	env_free(e);
}

/* Build a last-level table at va (2 MiB aligned) from runs of pages. */
struct run {
	unsigned first, n;	/* pages [first, first + n) of the 2 MiB */
	uint64_t pa;		/* of page `first` */
	unsigned attrs;
};

static void map_runs(struct env *e, uint64_t va, const struct run *r, unsigned nr)
{
	for (unsigned i = 0; i < nr; i++)
		if (pt_map_pages(&e->pt, va + r[i].first * SZ_4K, r[i].pa, r[i].n * SZ_4K,
				 r[i].attrs) != PT_OK)
			fail_msg("[%s] map_runs: run %u", FMT_NAME, i);
}

/* pt_merge: 512 contiguous pages with equal attrs become one block; anything else is refused. */
static void test_merge(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = 6 * SZ_1G + 4 * SZ_2M, pa = UINT64_C(0x2c0000000) + 2 * SZ_2M;
	uint64_t *slot;
	struct pt_walk w;

	map_ok(e, &m, va, pa, SZ_2M, MM_W, true);
	slot = pt_slot(&e->pt, va, BLK_LEVEL);
	assert_non_null(slot);
	assert_int_equal(ref_decode(*slot, BLK_LEVEL).kind, REF_TABLE);

	ev_reset(EV_ENV(e));
	ev_watch(0, slot);
	assert_int_equal(pt_merge(&e->pt, va + 100 * SZ_4K, BLK_LEVEL, 0), PT_OK);
	expect_bbm(0, 0, EV_TLBI_ALL, false, VA_UNKNOWN, *slot, "pt_merge");
	assert_int_equal(ev.nlog, BBM_EVENTS);
	expect_violations(1, "pt_merge");
	expect_leaf(*slot, BLK_LEVEL, pa, MM_W, "pt_merge");
	pt_walk(&e->pt, va + 0x12345, &w);
	assert_true(w.valid);
	assert_int_equal(w.level, BLK_LEVEL);
	assert_true(w.pa == pa + 0x12345);
	e->unhooked = true;	/* the old table is no longer reachable */
	model_set(&m, va, pa, SZ_2M, MM_W, false, 0);
	check_range(e, &m, va - SZ_4K, SZ_2M + 2 * SZ_4K, 0);
	check_tree(e, &m);
	/* Already a block, nothing there, a level without blocks: nothing to merge. */
	ev_reset(e);
	assert_int_equal(pt_merge(&e->pt, va, BLK_LEVEL, 0), PT_ENOENT);
	assert_int_equal(pt_merge(&e->pt, va + SZ_2M, BLK_LEVEL, 0), PT_ENOENT);
	assert_int_equal(pt_merge(&e->pt, UINT64_C(0x8000000000), BLK_LEVEL, 0), PT_ENOENT);
	assert_int_equal(pt_merge(&e->pt, va, REF_ROOT, 0), PT_ENOENT);
	assert_int_equal(ev.n, 0);
	model_free(&m);
}

static void test_merge_refused(void **state)
{
	struct env *e = *state;
	const uint64_t pa = UINT64_C(0x2c0000000);
	static const struct {
		const char *what;
		struct run r[3];
		unsigned nr;
	} c[] = {
		{ "a page elsewhere (not contiguous)",
		  { { 0, 300, 0, MM_W }, { 300, 1, 0x7000000, MM_W }, { 301, 211, 301 * 0x1000, MM_W } }, 3 },
		{ "a gap in the PAs (not contiguous)",
		  { { 0, 256, 0, MM_W }, { 256, 256, 257 * 0x1000, MM_W } }, 2 },
		{ "the first PA not 2 MiB aligned",
		  { { 0, 512, 0x1000, MM_W } }, 1 },
		{ "the last page with other attrs",
		  { { 0, 511, 0, MM_W }, { 511, 1, 511 * 0x1000, MM_W | MM_X } }, 2 },
		{ "the first page with other attrs",
		  { { 0, 1, 0, 0 }, { 1, 511, 0x1000, MM_W } }, 2 },
		{ "page 0 missing", { { 1, 511, 0x1000, MM_W } }, 1 },
		{ "page 511 missing", { { 0, 511, 0, MM_W } }, 1 },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(c); i++) {
		uint64_t va = 7 * SZ_1G + i * SZ_2M;
		struct run r[3];
		uint64_t *slot, old;

		memcpy(r, c[i].r, sizeof(r));
		for (unsigned k = 0; k < c[i].nr; k++)
			r[k].pa += pa;
		map_runs(e, va, r, c[i].nr);
		slot = pt_slot(&e->pt, va, BLK_LEVEL);
		assert_non_null(slot);
		old = *slot;
		ev_reset(e);
		if (pt_merge(&e->pt, va, BLK_LEVEL, 0) != PT_EEXIST || *slot != old || ev.n)
			fail_msg("[%s] pt_merge with %s: want PT_EEXIST and nothing changed", FMT_NAME,
				 c[i].what);
		for (unsigned k = 0; k < c[i].nr; k++)
			expect_pages(e, va + r[k].first * SZ_4K, r[k].pa, r[k].n * SZ_4K, REF_LAST,
				     r[k].attrs, c[i].what);
	}
}

/* pt_prealloc makes tables and maps nothing; pt_slot finds the descriptor or says NULL. */
static void test_prealloc_slot(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = UINT64_C(0x7f1234567000), vb = 4 * SZ_1G + 6 * SZ_2M;
	uint64_t table = e->pt.root;
	uint64_t *s;
	struct pt_walk w;

	/* Only the root so far: its slot, and NULL below. */
	s = pt_slot(&e->pt, va, REF_ROOT);
	assert_true(s == (uint64_t *)e->mem + ((va >> ref_shift(REF_ROOT)) % REF_ENTRIES));
	for (int l = REF_ROOT + 1; l <= REF_LAST; l++)
		assert_null(pt_slot(&e->pt, va, l));

	ev_reset(e);
	assert_int_equal(pt_prealloc(&e->pt, va, REF_LAST), PT_OK);
	assert_int_equal(e->pt.tables, 1 + (REF_LAST - REF_ROOT));
	assert_int_equal(ev_tlbis(), 0);
	assert_true(ev.count[EV_PUBLISH] >= 1);
	/* Each level's slot is where the reference finds it; the last one is empty. */
	for (int l = REF_ROOT; l <= REF_LAST; l++) {
		const uint64_t *t = ref_table(e, table, l);
		struct ref_pte d;

		s = pt_slot(&e->pt, va, l);
		assert_true(s == t + ((va >> ref_shift(l)) % REF_ENTRIES));
		d = ref_decode(*s, l);
		if (l < REF_LAST) {
			assert_int_equal(d.kind, REF_TABLE);
			table = d.addr;
		} else {
			assert_int_equal(d.kind, REF_INVALID);
		}
	}
	pt_walk(&e->pt, va, &w);
	assert_false(w.valid);
	assert_int_equal(w.level, REF_LAST);
	check_tree(e, &m);	/* nothing mapped */

	/* Again, and in the same last-level table: no new table; the next 2 MiB: one. */
	assert_int_equal(pt_prealloc(&e->pt, va, REF_LAST), PT_OK);
	assert_int_equal(pt_prealloc(&e->pt, va + SZ_4K, REF_LAST), PT_OK);
	assert_int_equal(pt_prealloc(&e->pt, va, REF_ROOT), PT_OK);
	assert_int_equal(e->pt.tables, 1 + (REF_LAST - REF_ROOT));
	assert_int_equal(pt_prealloc(&e->pt, va + SZ_2M, REF_LAST), PT_OK);
	assert_int_equal(e->pt.tables, 2 + (REF_LAST - REF_ROOT));
	/* Down to the block level only: the tables above it. */
	assert_int_equal(pt_prealloc(&e->pt, SZ_1G, BLK_LEVEL), PT_OK);
	assert_int_equal(e->pt.tables, 2 + (REF_LAST - REF_ROOT) + (BLK_LEVEL - REF_ROOT));
	assert_null(pt_slot(&e->pt, SZ_1G, REF_LAST));
	assert_non_null(pt_slot(&e->pt, SZ_1G, BLK_LEVEL));

	/* Mapping there takes no table, and writes the slot pt_slot gave. */
	s = pt_slot(&e->pt, va, REF_LAST);
	map_ok(e, &m, va, UINT64_C(0x9abc000), SZ_4K, MM_W, true);
	assert_int_equal(e->pt.tables, 2 + (REF_LAST - REF_ROOT) + (BLK_LEVEL - REF_ROOT));
	expect_leaf(*s, REF_LAST, UINT64_C(0x9abc000), MM_W, "pt_slot after pt_map");

	/* A block in the way: no tables below it, and no slot there. */
	map_ok(e, &m, vb, vb, SZ_2M, MM_W, false);
	assert_int_equal(pt_prealloc(&e->pt, vb + SZ_4K, REF_LAST), PT_EEXIST);
	assert_null(pt_slot(&e->pt, vb + SZ_4K, REF_LAST));
	s = pt_slot(&e->pt, vb + SZ_4K, BLK_LEVEL);
	assert_non_null(s);
	expect_leaf(*s, BLK_LEVEL, vb, MM_W, "pt_slot of a block");
	check_tree(e, &m);
	model_free(&m);
}

static void test_prealloc_enomem(void **state)
{
	struct env *e = env_init(DEFAULT_BASE, 2);

	(void)state;
	assert_int_equal(pt_prealloc(&e->pt, SZ_1G, REF_LAST), PT_ENOMEM);
	assert_int_equal(e->pt.tables, 2);
	assert_true(e->pool.next == e->pool.end);
	assert_null(pt_slot(&e->pt, SZ_1G, REF_LAST));
	check_tree(e, NULL);
	env_free(e);
}

/* The alloc hook: table pages from a second buffer in two pieces of PA space, read through pt.ext[]. */
#define HOOK_MAX	32

struct hook {
	struct env *e;
	bool fail;
	unsigned n;
	struct { uint64_t pa, first; } call[HOOK_MAX];
};

/* The hook's contract (mm/pgtable.h): entry i = pt_fill_entry(fill, i), all invalid for no fill. */
static int hook_alloc(void *ctx, uint64_t *pa, const struct pt_fill *fill)
{
	struct hook *h = ctx;
	struct env *e = h->e;
	uint64_t *t;

	if (h->n < HOOK_MAX) {
		h->call[h->n].first = pt_fill_entry(fill, 0);
		h->call[h->n].pa = 0;
	}
	h->n++;
	if (h->fail || e->ext_used == 2 * e->ext_half)
		return PT_ENOMEM;
	*pa = e->ext_pa[e->ext_used / e->ext_half] + (e->ext_used % e->ext_half) * SZ_4K;
	t = (uint64_t *)(e->ext_mem + e->ext_used * SZ_4K);
	e->ext_used++;
	if (h->n <= HOOK_MAX)
		h->call[h->n - 1].pa = *pa;
	for (unsigned i = 0; i < REF_ENTRIES; i++)
		t[i] = pt_fill_entry(fill, i);
	return PT_OK;
}

/* pages at PA base (the first half) and base2 (the second), one host buffer behind both. */
static void env_hook(struct env *e, struct hook *h, uint64_t base, uint64_t base2, size_t pages)
{
	uint64_t host = (uint64_t)(uintptr_t)(e->ext_mem = aligned_alloc(4096, pages * 4096));

	assert_non_null(e->ext_mem);
	memset(e->ext_mem, 0xa5, pages * 4096);
	e->ext_pa[0] = base;
	e->ext_pa[1] = base2;
	e->ext_half = pages / 2;
	e->ext_used = 0;
	memset(h, 0, sizeof(*h));
	h->e = e;
	e->pt.alloc = hook_alloc;
	e->pt.alloc_ctx = h;
	for (size_t k = 0; k < 2; k++)
		e->ext_map[k] = (struct pt_ext){ e->ext_pa[k], e->ext_pa[k] + e->ext_half * 4096,
						 (int64_t)(host + k * e->ext_half * 4096 - e->ext_pa[k]) };
	e->pt.ext = e->ext_map;
	e->pt.next = 2;
}

static void test_alloc_hook(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	struct hook h;
	const uint64_t ext = UINT64_C(0x300000000);
	uint64_t va = SZ_1G + 5 * SZ_4K, vb = SZ_1G + 8 * SZ_2M, pb = UINT64_C(0x5400000);
	uint64_t pool_next = e->pool.next, *slot;
	struct ref_pte d;
	unsigned tables;

	env_hook(e, &h, ext, ext - UINT64_C(0x100000000), 16);
	assert_true(e->pt.ext[0].off != e->pt.ptr_off && e->pt.ext[1].off != e->pt.ext[0].off);

	/* Plain new tables: from the hook, all-zero (first = 0), none from the pool. */
	map_ok(e, &m, va, UINT64_C(0x7654000), 3 * SZ_4K, MM_W, true);
	assert_int_equal(h.n, REF_LAST - REF_ROOT);
	for (unsigned i = 0; i < h.n; i++) {
		assert_true(h.call[i].first == 0);
		assert_true(h.call[i].pa == ext + i * SZ_4K);
	}
	assert_true(e->pool.next == pool_next);
	assert_int_equal(e->pt.tables, 1 + h.n);
	d = ref_decode(((const uint64_t *)e->mem)[(va >> ref_shift(REF_ROOT)) % REF_ENTRIES], REF_ROOT);
	assert_int_equal(d.kind, REF_TABLE);
	assert_true(d.addr == ext);
	check_range(e, &m, va - SZ_4K, 5 * SZ_4K, 0);
	check_tree(e, &m);

	/* pt_prealloc takes them from the hook too. */
	assert_int_equal(pt_prealloc(&e->pt, vb + SZ_2M, REF_LAST), PT_OK);
	assert_int_equal(h.n, REF_LAST - REF_ROOT + 1);
	assert_true(h.call[h.n - 1].first == 0);

	/* pt_split: the hook gets the leaves to write, and fills the table itself. */
	map_ok(e, &m, vb, pb, SZ_2M, MM_X, false);
	assert_int_equal(h.n, REF_LAST - REF_ROOT + 1);	/* no new table for the block */
	tables = e->pt.tables;
	slot = pt_slot(&e->pt, vb, BLK_LEVEL);
	ev_reset(EV_ENV(e));
	assert_int_equal(pt_split(&e->pt, vb, 0), PT_OK);
	assert_int_equal(h.n, REF_LAST - REF_ROOT + 2);
	assert_true(h.call[h.n - 1].first != 0);
	expect_leaf(h.call[h.n - 1].first, REF_LAST, pb, MM_X, "pt_split via the hook: first");
	assert_int_equal(e->pt.tables, tables + 1);
	expect_violations(1, "pt_split via the hook");
	d = ref_decode(*slot, BLK_LEVEL);
	assert_int_equal(d.kind, REF_TABLE);
	assert_true(d.addr == h.call[h.n - 1].pa);
	assert_true(e->pool.next == pool_next);
	expect_pages(e, vb, pb, SZ_2M, REF_LAST, MM_X, "pt_split via the hook");
	model_set(&m, vb, pb, SZ_2M, MM_X, true, 0);
	check_tree(e, &m);

	/*
	 * Past the first half of the hook's pages: tables in the second piece of
	 * PA space, below the first, found through pt.ext[1] (a builder that
	 * looked in the first piece only would write elsewhere, and the
	 * reference would read the buffer's 0xa5 garbage).
	 */
	for (unsigned k = 0; e->ext_used <= e->ext_half && k < 8; k++)
		map_ok(e, &m, (uint64_t)(3 + k) * SZ_1G + SZ_2M, UINT64_C(0x9000000) + k * SZ_4K, SZ_4K, MM_W, true);
	assert_true(e->ext_used > e->ext_half);
	assert_true(h.call[h.n - 1].pa >= e->ext_pa[1] && h.call[h.n - 1].pa < e->ext_pa[0]);
	check_range(e, &m, 3 * SZ_1G, 8 * SZ_1G, 4096);
	check_tree(e, &m);

	/* The hook says no: the error comes back, nothing changes. */
	h.fail = true;
	tables = e->pt.tables;
	assert_int_equal(pt_map(&e->pt, UINT64_C(0x8000000000), 0, SZ_4K, MM_W), PT_ENOMEM);
	assert_int_equal(pt_prealloc(&e->pt, 2 * SZ_1G, REF_LAST), PT_ENOMEM);
	map_ok(e, &m, 12 * SZ_2M + SZ_1G, SZ_2M, SZ_2M, MM_W, false);	/* needs no table */
	ev_reset(e);
	assert_int_equal(pt_split(&e->pt, 12 * SZ_2M + SZ_1G, 0), PT_ENOMEM);
	assert_int_equal(ev.n, 0);
	assert_int_equal(e->pt.tables, tables);
	check_tree(e, &m);
	model_free(&m);
}

#if defined(FMT_ARM64)
/* arm64 has 1 GiB blocks: split one into 512 2 MiB blocks, and merge them back. */
static void test_split_merge_gib(void **state)
{
	struct env *e = *state;
	struct model m = { 0 };
	uint64_t va = 4 * SZ_1G, pa = 9 * SZ_1G;
	uint64_t *slot;

	map_ok(e, &m, va, pa, SZ_1G, MM_W | MM_X, false);
	slot = pt_slot(&e->pt, va, 1);
	expect_leaf(*slot, 1, pa, MM_W | MM_X, "1 GiB block");
	ev_reset(e);
	ev_watch(0, slot);
	assert_int_equal(pt_split(&e->pt, va + SZ_2M, 0), PT_OK);
	expect_bbm(1, 0, EV_TLBI_ALL, false, VA_UNKNOWN, *slot, "pt_split of 1 GiB");
	model_set(&m, va, pa, SZ_1G, MM_W | MM_X, false, 2);
	check_range(e, &m, va, SZ_1G, 2048);
	check_tree(e, &m);
	assert_int_equal(check_tree(e, &m).leaves[2], 512);

	ev_reset(e);
	ev_watch(0, slot);
	assert_int_equal(pt_merge(&e->pt, va, 1, 0), PT_OK);
	expect_bbm(0, 0, EV_TLBI_ALL, false, VA_UNKNOWN, *slot, "pt_merge to 1 GiB");
	expect_leaf(*slot, 1, pa, MM_W | MM_X, "pt_merge to 1 GiB");
	e->unhooked = true;
	model_set(&m, va, pa, SZ_1G, MM_W | MM_X, false, 0);
	check_tree(e, &m);

	/* A level-1 table whose first entry is a table: not leaves, refused. */
	map_ok(e, &m, 6 * SZ_1G, 0, SZ_4K, MM_W, true);
	map_ok(e, &m, 6 * SZ_1G + SZ_2M, SZ_2M, SZ_1G - SZ_2M, MM_W, false);
	ev_reset(e);
	assert_int_equal(pt_merge(&e->pt, 6 * SZ_1G, 1, 0), PT_EEXIST);
	assert_int_equal(ev.n, 0);
	check_tree(e, &m);
	model_free(&m);
}
#endif


/* ------------------------------------------------------------------------ */
/* Random non-overlapping ranges, fixed seed, checked by the reference.     */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	return splitmix64(&rng_state);
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
	env_free(fz.e);
	model_free(&fz.m);
	model_free(&fz.gone);
	free(fz.order);
	free(fz.all);
	memset(&fz, 0, sizeof(fz));
	return state ? teardown_bbm(state) : 0;
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
				     size <= 4 * SZ_2M && rnd_below(5) == 0, 0 };
		cur += size;
		n++;
	}
	/* One range that ends exactly at the top of the VA space. */
	order[n++] = (struct range){ VA_TOP - SZ_2M - 3 * SZ_4K, UINT64_C(0x7ffe00000) - 3 * SZ_4K,
				     SZ_2M + 3 * SZ_4K, MM_W, false, 0 };
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
		cmocka_unit_test_setup_teardown(test_init_enomem, setup_bbm, teardown_bbm),
		cmocka_unit_test_setup_teardown(test_map_pages_small, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_map_blocks_and_pages, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_map_pages_never_blocks, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_map_pa_misaligned_gives_pages, setup_env,
						teardown_env),
		cmocka_unit_test_setup_teardown(test_map_gib, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_map_root_entry, setup_bbm, teardown_bbm),
		cmocka_unit_test_setup_teardown(test_attrs_roundtrip, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_attrs_explicit, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_guard_holes, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_outside_range, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_eexist, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_ealign, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_erange, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_size_zero, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_enomem, setup_bbm, teardown_bbm),
		cmocka_unit_test_setup_teardown(test_table_accounting, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_walk_stop_level, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_ptr_off, setup_bbm, teardown_bbm),
		cmocka_unit_test_setup_teardown(test_unmap_pages, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_block, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_cascade, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_whole_table, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_nothing_and_errors, setup_env,
						teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_everything, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_unmap_no_tlbi, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_replace_page, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_replace_block_and_range, setup_env,
						teardown_env),
		cmocka_unit_test_setup_teardown(test_protect, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_split_block, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_split_enomem, setup_bbm, teardown_bbm),
		cmocka_unit_test_setup_teardown(test_merge, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_merge_refused, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_prealloc_slot, setup_env, teardown_env),
		cmocka_unit_test_setup_teardown(test_prealloc_enomem, setup_bbm, teardown_bbm),
		cmocka_unit_test_setup_teardown(test_alloc_hook, setup_env, teardown_env),
#if defined(FMT_ARM64)
		cmocka_unit_test_setup_teardown(test_split_merge_gib, setup_env, teardown_env),
#endif
		cmocka_unit_test_setup_teardown(test_fuzz, setup_bbm, teardown_fuzz),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
#ifdef INJECT_MM_NO_BBM
	return cmocka_run_group_tests_name("pgtable_" FMT_NAME "_nobbm", tests, NULL, NULL);
#else
	return cmocka_run_group_tests_name("pgtable_" FMT_NAME, tests, NULL, NULL);
#endif
}
