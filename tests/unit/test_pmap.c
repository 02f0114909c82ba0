/* SPDX-License-Identifier: MIT */
/*
 * Host tests of mm/pmap.c (the PMAP fixmap slots) over mm/pgtable.c, on the
 * fake descriptor format with 48-bit VAs (tests/unit/fake-va48): every slot is
 * checked by a walker written here, and every barrier and TLBI is recorded.
 *
 * Built three times: as is (test_pmap), with INJECT_PMAP_NO_BITMAP
 * (test_pmap_nobitmap) and with INJECT_PMAP_NO_TLBI (test_pmap_notlbi). In a
 * knob build the test that covers the knob expects to see the bug (only its
 * one assertion is inverted, under #ifdef); tests whose setup needs what the
 * knob breaks are skipped there.
 *
 * pmap.c keeps static state (the bitmap, the seal, the stats): each test maps
 * into a fresh pt after pmap_init, its teardown unmaps every slot and unseals,
 * and the stats are compared as differences. test_before_init runs first.
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
#include "mm/pmap.h"
#include "mm/va_layout.h"
#include "arch_pte.h"

#if defined(INJECT_PMAP_NO_BITMAP)
#define BUILD_NAME	"pmap_nobitmap"
#elif defined(INJECT_PMAP_NO_TLBI)
#define BUILD_NAME	"pmap_notlbi"
#else
#define BUILD_NAME	"pmap"
#endif

#define SZ_4K		UINT64_C(0x1000)
#define SZ_2M		UINT64_C(0x200000)
#define REF_ROOT	1
#define REF_LAST	4
#define SLOTS_END	(FIXMAP_BASE + PMAP_SLOTS * SZ_4K)

_Static_assert(PT_ROOT_LEVEL == REF_ROOT && PT_LAST_LEVEL == REF_LAST, "fake levels");
_Static_assert(PT_VA_BITS == 48, "built with tests/unit/fake-va48");
_Static_assert(PMAP_SLOTS <= 32, "the bitmap is a uint32_t");
/* All slots in one last-level table. */
_Static_assert(FIXMAP_BASE % SZ_2M == 0 && PMAP_SLOTS * SZ_4K <= SZ_2M, "fixmap geometry");

/* ------------------------------------------------------------------------ */
/* Tables in host memory, at a fake physical address.                       */

#define POOL_BASE	UINT64_C(0x40000000)
#define POOL_PAGES	32

struct env {
	struct pt pt;
	struct pt_pool pool;
	uint8_t *mem;
	unsigned init_tables;	/* pt.tables after pmap_init */
};

static struct env *env;

/* ------------------------------------------------------------------------ */
/* A walker of its own, decoding the fake format's bits (mm/fake/arch_pte.h). */

struct ref_walk {
	bool valid;
	int level;		/* of the leaf, or where the walk stopped */
	uint64_t pa;
	unsigned attrs;
};

static const uint64_t *ref_table(uint64_t pa, int level)
{
	if (pa < POOL_BASE || pa >= env->pool.next || (pa & 4095))
		fail_msg("level %d table at PA 0x%llx is not a page the pool handed out", level,
			 (unsigned long long)pa);
	return (const uint64_t *)(env->mem + (pa - POOL_BASE));
}

static struct ref_walk ref_walk(uint64_t va)
{
	struct ref_walk w = { false, REF_ROOT, 0, 0 };
	uint64_t table = env->pt.root;

	for (int level = REF_ROOT; level <= REF_LAST; level++) {
		const struct fake_level *l = fake_level(level);
		unsigned shift = 12 + 9 * (unsigned)(REF_LAST - level);
		uint64_t pte = ref_table(table, level)[(va >> shift) & 511], addr;

		w.level = level;
		if (pte == 0)
			return w;
		if (level == REF_LAST ? ((pte >> FAKE_L4_PAIR_SHIFT) & 3) != 2 : !(pte & BIT(l->valid)))
			fail_msg("level %d: entry 0x%016llx is neither zero nor valid", level,
				 (unsigned long long)pte);
		if (((pte >> l->tag) & 7) != (uint64_t)(level + FAKE_TAG_BIAS))
			fail_msg("level %d: entry 0x%016llx has another level's tag", level,
				 (unsigned long long)pte);
		addr = ((((pte >> l->frame) & FAKE_FRAME_MASK) ^ l->key) & FAKE_FRAME_MASK) << 12;
		if (level < REF_LAST && (pte & BIT(l->table))) {
			table = addr;
			continue;
		}
		if (level != REF_LAST && level != 3)
			fail_msg("level %d: a block where the fake has none", level);
		w.valid = true;
		w.pa = addr + (va & ((UINT64_C(1) << shift) - 1));
		if (((pte >> l->w) & 1) != l->w_inverted)
			w.attrs |= MM_W;
		if (((pte >> l->x) & 1) != l->x_inverted)
			w.attrs |= MM_X;
		if (pte & BIT(l->dev))
			w.attrs |= MM_DEVICE;
		if (pte & BIT(l->nc))
			w.attrs |= MM_NC;
		return w;
	}
	fail_msg("walk ran past the last level");
	return w;
}

/* va maps pa as a writable page (what pmap_map asks for). */
static void expect_mapped(uint64_t va, uint64_t pa)
{
	struct ref_walk w = ref_walk(va);

	if (!w.valid || w.level != REF_LAST || w.pa != pa || w.attrs != MM_W)
		fail_msg("[%s] va 0x%llx: valid=%d level %d pa 0x%llx attrs %#x, want a page for pa 0x%llx attrs %#x",
			 BUILD_NAME, (unsigned long long)va, w.valid, w.level,
			 (unsigned long long)w.pa, w.attrs, (unsigned long long)pa, MM_W);
}

/* va is unmapped, its last-level table still there. */
static void expect_unmapped(uint64_t va)
{
	struct ref_walk w = ref_walk(va);

	if (w.valid || w.level != REF_LAST)
		fail_msg("[%s] va 0x%llx: valid=%d, walk stopped at level %d; want an empty slot in a last-level table",
			 BUILD_NAME, (unsigned long long)va, w.valid, w.level);
}

/* ------------------------------------------------------------------------ */
/* Barriers and TLB maintenance, from the fake's hooks and pmap.c's ISB.     */

enum ev_kind {
	EV_PUBLISH, EV_TLBI_VA, EV_TLBI_ALL, EV_TLBI_VA_LOCAL, EV_TLBI_ALL_LOCAL,
	EV_PT_ISB,	/* mm/pgtable.c, through the fake */
	EV_PMAP_ISB,	/* mm/pmap.c's own inline asm */
	EV_KINDS
};

#define EV_LOG_MAX	256

static struct {
	unsigned n, count[EV_KINDS];
	const uint64_t *watch;	/* a descriptor sampled at each event */
	struct {
		enum ev_kind k;
		uint64_t va, slot;
	} log[EV_LOG_MAX];
} ev;

static void ev_reset(void)
{
	memset(&ev, 0, sizeof(ev));
}

static void ev_record(enum ev_kind k, uint64_t va)
{
	if (ev.n < EV_LOG_MAX) {
		ev.log[ev.n].k = k;
		ev.log[ev.n].va = va;
		ev.log[ev.n].slot = ev.watch ? *(const volatile uint64_t *)ev.watch : 0;
	}
	ev.n++;
	ev.count[k]++;
}

static const char *ev_dump(void)
{
	static const char *const name[] = {
		"publish", "tlbi-va", "tlbi-all", "tlbi-va(local)", "tlbi-all(local)", "isb",
		"isb(pmap)",
	};
	static char buf[1024];
	size_t n = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < ev.n && i < EV_LOG_MAX && n < sizeof(buf) - 80; i++) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s", name[ev.log[i].k]);
		if (ev.log[i].k == EV_TLBI_VA || ev.log[i].k == EV_TLBI_VA_LOCAL)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "[0x%llx]",
					      (unsigned long long)ev.log[i].va);
		if (ev.watch)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "{slot=0x%llx}",
					      (unsigned long long)ev.log[i].slot);
	}
	return ev.n ? buf : " (none)";
}

static unsigned ev_tlbis(void)
{
	return ev.count[EV_TLBI_VA] + ev.count[EV_TLBI_ALL] + ev.count[EV_TLBI_VA_LOCAL] +
	       ev.count[EV_TLBI_ALL_LOCAL];
}

void fake_pt_event(enum fake_pt_event e, uint64_t va)
{
	static const enum ev_kind map[] = {
		[FAKE_EV_PUBLISH] = EV_PUBLISH, [FAKE_EV_TLBI_VA] = EV_TLBI_VA,
		[FAKE_EV_TLBI_ALL] = EV_TLBI_ALL, [FAKE_EV_ISB] = EV_PT_ISB,
		[FAKE_EV_TLBI_VA_LOCAL] = EV_TLBI_VA_LOCAL,
		[FAKE_EV_TLBI_ALL_LOCAL] = EV_TLBI_ALL_LOCAL,
	};

	ev_record(map[e], va);
}

/* tests/unit/pmap_host.c: pmap.c's inline asm, as text. */
void host_asm(const char *text)
{
	if (strstr(text, "isb"))
		ev_record(EV_PMAP_ISB, 0);
	else
		fail_msg("[%s] unexpected inline asm in mm/pmap.c: %s", BUILD_NAME, text);
}

void fake_pt_bad_level(int level)
{
	fail_msg("[fake] the format was asked about level %d", level);
}

/* PMAP only ever writes invalid -> valid and valid -> invalid: the auditor must stay quiet. */
static unsigned bbm_violations;
void pt_bbm_violation(uint64_t old, uint64_t val, int level)
{
	(void)old;
	(void)val;
	(void)level;
	bbm_violations++;
}

/* ------------------------------------------------------------------------ */
/* Fixtures.                                                                */

static struct pmap_stats stats(void)
{
	struct pmap_stats s;

	memset(&s, 0x5a, sizeof(s));
	pmap_get_stats(&s);
	return s;
}

static uint64_t slot_va(unsigned slot)
{
	return FIXMAP_BASE + slot * SZ_4K;
}

static uint64_t test_pa(unsigned i)
{
	return UINT64_C(0x12340000) + i * UINT64_C(0x11000);
}

static uint64_t map_ok(uint64_t pa)
{
	void *v = pmap_map(pa);

	if (!v)
		fail_msg("[%s] pmap_map(0x%llx) = NULL", BUILD_NAME, (unsigned long long)pa);
	return (uint64_t)(uintptr_t)v;
}

/* A fresh pt over a host buffer, and pmap_init on it. */
static int setup(void **state)
{
	(void)state;
	env = calloc(1, sizeof(*env));
	assert_non_null(env);
	env->mem = aligned_alloc(4096, POOL_PAGES * 4096);
	assert_non_null(env->mem);
	memset(env->mem, 0xa5, POOL_PAGES * 4096);	/* an uncleared table shows */
	env->pool.next = POOL_BASE;
	env->pool.end = POOL_BASE + POOL_PAGES * 4096;
	assert_int_equal(pt_init(&env->pt, &env->pool,
				 (int64_t)((uint64_t)(uintptr_t)env->mem - POOL_BASE)), PT_OK);
	ev_reset();
	bbm_violations = 0;
	assert_int_equal(pmap_init(&env->pt), PT_OK);
	env->init_tables = env->pt.tables;
	assert_false(pmap_sealed());
	assert_int_equal(stats().busy, 0);
	ev_reset();
	return 0;
}

/* Every slot free again (pmap.c's bitmap outlives the test), unsealed, no auditor report. */
static int teardown(void **state)
{
	(void)state;
	ev_reset();
	for (unsigned i = 0; i < PMAP_SLOTS; i++)
		pmap_unmap((void *)(uintptr_t)slot_va(i));
	pmap_unseal_single_cpu();
	ev_reset();
	if (env) {
		free(env->mem);
		free(env);
		env = NULL;
	}
	assert_int_equal(stats().busy, 0);
	if (bbm_violations)
		fail_msg("[%s] the BBM auditor fired %u times", BUILD_NAME, bbm_violations);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* The tests.                                                               */

/* First in the run: before pmap_init there is no table to map into. */
static void test_before_init(void **state)
{
	struct pmap_stats s0 = stats(), s1;

	(void)state;
	assert_null(pmap_map(test_pa(0)));
	s1 = stats();
	assert_int_equal(s1.refused, s0.refused + 1);
	assert_int_equal(s1.maps, s0.maps);
	assert_int_equal(s1.busy, 0);
	assert_int_equal(ev.n, 0);
}

/* pmap_init makes the tables above the slots and maps nothing. */
static void test_init(void **state)
{
	(void)state;
	assert_true(env->pt.tables > 1);
	assert_non_null(pt_slot(&env->pt, FIXMAP_BASE, 3));
	for (unsigned i = 0; i < PMAP_SLOTS; i++) {
		assert_false(ref_walk(slot_va(i)).valid);
		assert_true(pmap_slot_va(i) == slot_va(i));
	}
	assert_int_equal(stats().busy, 0);
}

/* PMAP_SLOTS maps of different PAs: distinct slot VAs, each mapping its PA. */
static void test_map_distinct(void **state)
{
	struct pmap_stats s0 = stats(), s1;
	uint64_t va[PMAP_SLOTS];
	char problem[256] = "";

	(void)state;
	for (unsigned i = 0; i < PMAP_SLOTS; i++) {
		void *v;

		ev_reset();
		v = pmap_map(test_pa(i));
		va[i] = (uint64_t)(uintptr_t)v;
		/* A map turns an invalid entry valid: no TLBI; a successful one ends with an ISB. */
		if (ev_tlbis() || (v && ev.log[ev.n - 1].k != EV_PMAP_ISB && ev.log[ev.n - 1].k != EV_PT_ISB))
			fail_msg("[%s] pmap_map #%u: events%s", BUILD_NAME, i, ev_dump());
		if (problem[0])
			continue;
		if (!v) {
			snprintf(problem, sizeof(problem), "map #%u of %u (pa 0x%llx) returned NULL", i,
				 PMAP_SLOTS, (unsigned long long)test_pa(i));
			continue;
		}
		if (va[i] < FIXMAP_BASE || va[i] >= SLOTS_END || (va[i] & (SZ_4K - 1)))
			snprintf(problem, sizeof(problem), "map #%u returned 0x%llx, not a slot VA", i,
				 (unsigned long long)va[i]);
		for (unsigned k = 0; k < i && !problem[0]; k++)
			if (va[k] == va[i])
				snprintf(problem, sizeof(problem), "maps #%u and #%u both returned 0x%llx",
					 k, i, (unsigned long long)va[i]);
	}
	s1 = stats();
	if (!problem[0] && (s1.maps != s0.maps + PMAP_SLOTS || s1.busy != PMAP_SLOTS))
		snprintf(problem, sizeof(problem), "stats: %u maps, %u busy after %u maps",
			 s1.maps - s0.maps, s1.busy, PMAP_SLOTS);
#ifdef INJECT_PMAP_NO_BITMAP
	/* The knob hands every caller slot 0: this test must see it. */
	if (!problem[0])
		fail_msg("[%s] the pmap-no-bitmap knob went unnoticed: %u distinct slots", BUILD_NAME,
			 PMAP_SLOTS);
	print_message("[%s] caught the pmap-no-bitmap knob: %s\n", BUILD_NAME, problem);
#else
	if (problem[0])
		fail_msg("[%s] %s", BUILD_NAME, problem);
	for (unsigned i = 0; i < PMAP_SLOTS; i++)
		expect_mapped(va[i], test_pa(i));
#endif
}

/* All slots busy: the next map is refused and counted, nothing changes. */
static void test_map_full_refused(void **state)
{
	struct pmap_stats s0, s1;
	uint64_t va[PMAP_SLOTS];

	(void)state;
#ifdef INJECT_PMAP_NO_BITMAP
	skip();		/* needs the bitmap to fill the slots: test_map_distinct covers the knob */
#endif
	for (unsigned i = 0; i < PMAP_SLOTS; i++)
		va[i] = map_ok(test_pa(i));
	s0 = stats();
	ev_reset();
	assert_null(pmap_map(test_pa(PMAP_SLOTS)));
	assert_null(pmap_map(test_pa(PMAP_SLOTS + 1)));
	s1 = stats();
	assert_int_equal(s1.refused, s0.refused + 2);
	assert_int_equal(s1.maps, s0.maps);
	assert_int_equal(s1.busy, PMAP_SLOTS);
	assert_int_equal(ev.n, 0);
	for (unsigned i = 0; i < PMAP_SLOTS; i++)
		expect_mapped(va[i], test_pa(i));
	/* One freed: the next map gets exactly that slot. */
	pmap_unmap((void *)(uintptr_t)va[5]);
	assert_int_equal(stats().busy, PMAP_SLOTS - 1);
	assert_true(map_ok(test_pa(20)) == va[5]);
	expect_mapped(va[5], test_pa(20));
}

/* Unmap frees the slot; a map takes the lowest free one. */
static void test_unmap_reuses_lowest(void **state)
{
	uint64_t va[5];

	(void)state;
#ifdef INJECT_PMAP_NO_BITMAP
	skip();		/* needs several slots at once: test_map_distinct covers the knob */
#endif
	for (unsigned i = 0; i < 4; i++) {
		va[i] = map_ok(test_pa(i));
		assert_true(va[i] == slot_va(i));
	}
	pmap_unmap((void *)(uintptr_t)va[2]);
	assert_int_equal(stats().busy, 3);
	expect_unmapped(va[2]);
	expect_mapped(va[1], test_pa(1));
	expect_mapped(va[3], test_pa(3));
	assert_true(map_ok(test_pa(12)) == slot_va(2));
	expect_mapped(slot_va(2), test_pa(12));

	pmap_unmap((void *)(uintptr_t)va[3]);
	pmap_unmap((void *)(uintptr_t)va[0]);
	assert_int_equal(stats().busy, 2);
	assert_true(map_ok(test_pa(10)) == slot_va(0));
	assert_true(map_ok(test_pa(13)) == slot_va(3));
	va[4] = map_ok(test_pa(14));
	assert_true(va[4] == slot_va(4));
	assert_int_equal(stats().busy, 5);
	expect_mapped(slot_va(0), test_pa(10));
	expect_mapped(slot_va(1), test_pa(1));
	expect_mapped(slot_va(4), test_pa(14));
}

/* Unmap: the entry goes with one local TLBI for its VA; the slots' table stays. */
static void test_unmap_tlbi_local(void **state)
{
	uint64_t va, *slot;
	bool tlbi_ok = false;
	unsigned tables;

	(void)state;
	va = map_ok(test_pa(3));
	tables = env->pt.tables;
	slot = pt_slot(&env->pt, va, REF_LAST);
	assert_non_null(slot);
	assert_true(*slot != 0);
	ev_reset();
	ev.watch = slot;
	pmap_unmap((void *)(uintptr_t)va);

	/* The entry is gone, the slot is free. */
	expect_unmapped(va);
	assert_int_equal(stats().busy, 0);
	/* Not pruned: the last-level table stays hooked (no TLBI of everything either). */
	assert_true(pt_slot(&env->pt, va, REF_LAST) == slot);
	assert_int_equal(ev.count[EV_TLBI_ALL] + ev.count[EV_TLBI_ALL_LOCAL], 0);
	assert_int_equal(env->pt.tables, tables);
	/* The TLBI: exactly one, this CPU's, for va, after the cleared entry was published. */
	for (unsigned i = 1; i < ev.n && i < EV_LOG_MAX; i++)
		if (ev.log[i].k == EV_TLBI_VA_LOCAL && ev.log[i].va == va && ev.log[i].slot == 0 &&
		    ev.log[i - 1].k == EV_PUBLISH && ev.log[i - 1].slot == 0)
			tlbi_ok = true;
	tlbi_ok = tlbi_ok && ev.count[EV_TLBI_VA_LOCAL] == 1 && ev_tlbis() == 1;
#ifdef INJECT_PMAP_NO_TLBI
	/* The knob unmaps without the TLBI: this test must see it. */
	if (tlbi_ok)
		fail_msg("[%s] the pmap-no-tlbi knob went unnoticed: events%s", BUILD_NAME, ev_dump());
	print_message("[%s] caught the pmap-no-tlbi knob: unmap of 0x%llx issued events%s\n",
		      BUILD_NAME, (unsigned long long)va, ev_dump());
#else
	if (!tlbi_ok)
		fail_msg("[%s] pmap_unmap(0x%llx): want one local TLBI for it after the cleared entry is published; events%s",
			 BUILD_NAME, (unsigned long long)va, ev_dump());
#endif
	assert_int_equal(ev.log[ev.n - 1].k, EV_PT_ISB);
	ev.watch = NULL;

	/* The slot maps again, with no new table. */
	assert_true(map_ok(test_pa(4)) == va);
	expect_mapped(va, test_pa(4));
	assert_int_equal(env->pt.tables, tables);
}

/* Sealed (secondary CPUs running): maps refused and counted; unsealed: they work again. */
static void test_seal(void **state)
{
	struct pmap_stats s0, s1;
	uint64_t va;

	(void)state;
	va = map_ok(test_pa(1));
	pmap_seal();
	assert_true(pmap_sealed());
	s0 = stats();
	ev_reset();
	assert_null(pmap_map(test_pa(2)));
	assert_null(pmap_map(test_pa(3)));
	s1 = stats();
	assert_int_equal(s1.refused, s0.refused + 2);
	assert_int_equal(s1.maps, s0.maps);
	assert_int_equal(s1.busy, 1);
	assert_int_equal(ev.n, 0);
	expect_mapped(va, test_pa(1));	/* sealing unmaps nothing */
	for (unsigned i = 1; i < PMAP_SLOTS; i++)
		assert_false(ref_walk(slot_va(i)).valid);

	pmap_unseal_single_cpu();
	assert_false(pmap_sealed());
	pmap_unmap((void *)(uintptr_t)va);
	va = map_ok(test_pa(2));
	assert_true(va == slot_va(0));
	expect_mapped(va, test_pa(2));
	assert_int_equal(stats().maps, s0.maps + 1);
}

/* pmap_unmap of an address that is no slot: ignored, no maintenance. */
static void test_unmap_not_a_slot(void **state)
{
	static const uint64_t not_slots[] = {
		0, FIXMAP_BASE - SZ_4K, FIXMAP_BASE - 1, SLOTS_END, SLOTS_END + 100 * SZ_4K,
		TEMP_BASE, WINDOW_BASE, TABLES_BASE, TEST_BASE, RUNTIME_VA_MIN,
	};
	struct pmap_stats s0;
	uint64_t va;

	(void)state;
	va = map_ok(test_pa(6));
	s0 = stats();
	ev_reset();
	for (unsigned i = 0; i < sizeof(not_slots) / sizeof(not_slots[0]); i++)
		pmap_unmap((void *)(uintptr_t)not_slots[i]);
	if (ev.n)
		fail_msg("[%s] pmap_unmap of non-slot addresses: events%s", BUILD_NAME, ev_dump());
	assert_int_equal(stats().busy, s0.busy);
	assert_int_equal(stats().busy, 1);
	expect_mapped(va, test_pa(6));
}

/*
 * An address far above the slots whose slot number only fits in 64 bits:
 * still not a slot, so still ignored (the slot holding a page stays busy).
 */
static void test_unmap_not_a_slot_far(void **state)
{
	const uint64_t far = FIXMAP_BASE + (UINT64_C(1) << 44);	/* (far - FIXMAP_BASE) / 4 KiB = 2^32 */
	uint64_t va;

	(void)state;
	va = map_ok(test_pa(7));
	assert_true(va == slot_va(0));
	ev_reset();
	pmap_unmap((void *)(uintptr_t)far);
	expect_mapped(va, test_pa(7));
	if (stats().busy != 1)
		fail_msg("[%s] pmap_unmap(0x%llx), not a slot: slot 0 (still mapping pa 0x%llx) is marked free, busy = %u; the next pmap_map gets slot 0 and is refused",
			 BUILD_NAME, (unsigned long long)far, (unsigned long long)test_pa(7),
			 stats().busy);
	assert_int_equal(ev.n, 0);
}

/*
 * An address inside a busy slot, not its base: whatever pmap_unmap makes of
 * it, the bitmap and the table must agree afterwards (slot free and entry
 * gone, or slot busy and entry kept).
 */
static void test_unmap_inside_a_slot(void **state)
{
	uint64_t va;
	bool busy, mapped;

	(void)state;
	va = map_ok(test_pa(8));
	pmap_unmap((void *)(uintptr_t)(va + 0x800));
	busy = stats().busy == 1;
	mapped = ref_walk(va).valid;
	if (busy != mapped)
		fail_msg("[%s] pmap_unmap(0x%llx), inside slot 0: the bitmap says the slot is %s, the table %s it (pa 0x%llx)",
			 BUILD_NAME, (unsigned long long)(va + 0x800), busy ? "busy" : "free",
			 mapped ? "still maps" : "no longer maps", (unsigned long long)test_pa(8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_before_init),	/* first: pmap_init not called yet */
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_distinct, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_full_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_reuses_lowest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_tlbi_local, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_not_a_slot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_not_a_slot_far, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_inside_a_slot, setup, teardown),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests_name(BUILD_NAME, tests, NULL, NULL);
}
