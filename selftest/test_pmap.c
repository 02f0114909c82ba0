/* SPDX-License-Identifier: MIT */
/* pmap.*: the PMAP fixmap slots (seed 002): used at boot, correct, exhaustible, flushed, and refused after SMP. */
#include "selftest/selftest.h"
#include "boot/boot.h"
#include "mm/layout.h"
#include "mm/pmap.h"
#include "mm/runtime.h"
#include "boot/smp.h"
#include "mm/va_layout.h"
#include "traps/traps.h"
#include "lib/sysreg.h"

#define PG UINT64_C(4096)
/* The pmap tests' part of the scratch region: a second mapping of their pages. */
#define ALIAS(i) (TEST_BASE + (uint64_t)(i) * PG)

static uint64_t new_page(void)
{
	uint64_t pa = boot_alloc_pages(1, PG);

	if (!pa)
		FAIL("the boot allocator is exhausted");
	return pa;
}

/* A second, ordinary mapping of pa, to check what went through a slot. */
static volatile uint64_t *alias(unsigned i, uint64_t pa)
{
	int rc = pt_map_flags(&boot_mm.pt, ALIAS(i), pa, PG, MM_W, false, PT_REPLACE);

	if (rc)
		FAIL("cannot map the alias of 0x%lx: %d", (unsigned long)pa, rc);
	return (volatile uint64_t *)(uintptr_t)ALIAS(i);
}

/* Boot used PMAP: the tables of the per-CPU stacks were filled through it. */
TEST_FLAGS(pmap, boot_uses, TEST_EARLY)
{
	selftest_info("PMAP maps during boot: %u; table pages from free RAM: %u", mm_rt.boot_pmap_maps,
		      mm_rt.table_pages);
	ASSERT_TRUE(mm_rt.boot_pmap_maps > 0);
	ASSERT_TRUE(mm_rt.table_pages > 0);
	ASSERT_EQ(mm_rt.stacks, (unsigned)(boot.cpus < MAX_CPUS ? boot.cpus : MAX_CPUS));
}

/* A write through a slot is read back through another mapping of the page, and back. */
TEST_FLAGS(pmap, map_read_write, TEST_EARLY)
{
	uint64_t pa = new_page();
	volatile uint64_t *a = alias(0, pa);
	volatile uint64_t *v = pmap_map(pa);

	ASSERT_TRUE(v != NULL);
	ASSERT_TRUE((uint64_t)(uintptr_t)v >= FIXMAP_BASE && (uint64_t)(uintptr_t)v < pmap_slot_va(PMAP_SLOTS));
	v[0] = 0x5107a11ce;
	ASSERT_EQ(a[0], 0x5107a11ce);
	a[1] = 0xa1145;
	ASSERT_EQ(v[1], 0xa1145);
	pmap_unmap((void *)v);
}

/* Every slot at once: distinct VAs, each on its own page. */
TEST_FLAGS(pmap, every_slot, TEST_EARLY)
{
	volatile uint64_t *v[PMAP_SLOTS], *a[PMAP_SLOTS];

	for (unsigned i = 0; i < PMAP_SLOTS; i++) {
		uint64_t pa = new_page();

		a[i] = alias(1 + i, pa);
		v[i] = pmap_map(pa);
		ASSERT_TRUE(v[i] != NULL);
		for (unsigned j = 0; j < i; j++)
			if (v[j] == v[i])
				FAIL("slots %u and %u got the same VA 0x%lx", j, i, (unsigned long)(uintptr_t)v[i]);
		*v[i] = 0x510700 + i;
	}
	for (unsigned i = 0; i < PMAP_SLOTS; i++)
		ASSERT_EQ(*a[i], 0x510700 + i);
	for (unsigned i = 0; i < PMAP_SLOTS; i++)
		pmap_unmap((void *)v[i]);
}

/* With every slot busy, one more map is an error, not a crash or a reuse. */
TEST_FLAGS(pmap, exhaustion, TEST_EARLY)
{
	void *v[PMAP_SLOTS];
	struct pmap_stats before, after;
	uint64_t pa = new_page();

	for (unsigned i = 0; i < PMAP_SLOTS; i++) {
		v[i] = pmap_map(pa);
		ASSERT_TRUE(v[i] != NULL);
	}
	pmap_get_stats(&before);
	ASSERT_TRUE(pmap_map(pa) == NULL);
	pmap_get_stats(&after);
	ASSERT_EQ(after.refused, before.refused + 1);
	for (unsigned i = 0; i < PMAP_SLOTS; i++)
		pmap_unmap(v[i]);
	pmap_get_stats(&after);
	ASSERT_EQ(after.busy, 0);
}

/* After an unmap the slot faults: no stale TLB entry keeps the page reachable. */
TEST_FLAGS(pmap, unmap_faults, TEST_EARLY)
{
	uint64_t pa = new_page();
	volatile uint64_t *v = pmap_map(pa);
	struct fault_info fi;
	uint64_t va = (uint64_t)(uintptr_t)v;

	ASSERT_TRUE(v != NULL);
	*v = 1;			/* the translation is now in the TLB */
	pmap_unmap((void *)v);
	if (!probe_read64(va, NULL, &fi))
		FAIL("slot 0x%lx still reads after pmap_unmap: a stale TLB entry", (unsigned long)va);
	ASSERT_EQ(esr_fsc(fi.esr), FSC_TRANSLATION(3));
}

/* A slot reused for another page shows the new page, not the old one. */
TEST_FLAGS(pmap, reuse_sees_new_page, TEST_EARLY)
{
	uint64_t pa1 = new_page(), pa2 = new_page();
	volatile uint64_t *v1, *v2;

	*alias(10, pa1) = 0x01d;
	*alias(11, pa2) = 0x4e3;
	v1 = pmap_map(pa1);
	ASSERT_TRUE(v1 != NULL);
	ASSERT_EQ(*v1, 0x01d);
	pmap_unmap((void *)v1);
	v2 = pmap_map(pa2);
	ASSERT_TRUE(v2 != NULL);
	if (v2 != v1)
		SKIP("the slot was not reused (0x%lx then 0x%lx)", (unsigned long)(uintptr_t)v1,
		     (unsigned long)(uintptr_t)v2);
	ASSERT_EQ(*v2, 0x4e3);
	pmap_unmap((void *)v2);
}

/*
 * Once secondaries run, PMAP refuses cleanly. With one CPU the test seals
 * PMAP as SMP bring-up would, and opens it again.
 */
TEST(pmap, refused_after_smp)
{
	uint64_t pa = new_page();
	struct pmap_stats before, after;
	bool single = smp.started <= 1;
	void *v;

	pmap_get_stats(&before);
	if (single)
		pmap_seal();
	else
		ASSERT_TRUE(pmap_sealed());
	v = pmap_map(pa);
	if (single)
		pmap_unseal_single_cpu();
	if (v) {
		pmap_unmap(v);
		FAIL("pmap_map worked after pmap_seal (0x%lx)", (unsigned long)(uintptr_t)v);
	}
	pmap_get_stats(&after);
	ASSERT_EQ(after.refused, before.refused + 1);
}
