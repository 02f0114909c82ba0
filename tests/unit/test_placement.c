/* SPDX-License-Identifier: MIT */
/* Host tests of boot/placement.c: classification, and the chooser over thousands of generated memory maps. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "boot/placement.h"

#define PG UINT64_C(4096)
#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)
#define FIXED UINT64_C(0xff8000000000)

/* The class by its definition, written out again here. */
static int class_ref(uint64_t pa, uint64_t va, uint64_t size)
{
	if (pa == va)
		return PC_IDENTICAL;
	if ((pa >= va && pa - va < size) || (va >= pa && va - pa < size))
		return PC_OVERLAP;
	if (pa / (2 * MiB) == va / (2 * MiB))
		return PC_SHARED_L2;
	if (pa / GiB == va / GiB)
		return PC_SHARED_L1;
	if (pa / (512 * GiB) == va / (512 * GiB))
		return PC_SHARED_L0;
	return PC_DISJOINT;
}

static void test_classify(void **state)
{
	const struct regime *rg = &regime_arm64_4k;
	uint64_t sz = 0x48000;

	(void)state;
	assert_int_equal(placement_classify(rg, 0x40000000, 0x40000000, sz), PC_IDENTICAL);
	assert_int_equal(placement_classify(rg, 0x40000000, 0x40047000, sz), PC_OVERLAP);
	assert_int_equal(placement_classify(rg, 0x40047000, 0x40000000, sz), PC_OVERLAP);
	assert_int_equal(placement_classify(rg, 0x40000000, 0x40048000, sz), PC_SHARED_L2);
	assert_int_equal(placement_classify(rg, 0x40000000, 0x40200000, sz), PC_SHARED_L1);
	assert_int_equal(placement_classify(rg, 0x40000000, 0x80000000, sz), PC_SHARED_L0);
	assert_int_equal(placement_classify(rg, 0x40000000, UINT64_C(0x8000000000), sz), PC_DISJOINT);
	for (int c = 0; c < PC_COUNT; c++) {
		const char *n = placement_class_name((enum placement_class)c);
		char lower[16];

		assert_int_equal(placement_class_parse(n), c);
		for (size_t i = 0; i <= strlen(n); i++)
			lower[i] = (char)(n[i] == 'L' ? 'l' : n[i]);
		assert_int_equal(placement_class_parse(lower), c);
	}
	assert_int_equal(placement_class_parse("shared-L3"), -1);
	assert_int_equal(placement_class_parse(""), -1);
	assert_int_equal(placement_class_parse("overlapx"), -1);
}

/* A small deterministic generator for the memory maps (not the chooser's). */
static uint64_t xs;
static uint64_t rnd(void)
{
	xs ^= xs << 13;
	xs ^= xs >> 7;
	xs ^= xs << 17;
	return xs;
}

struct map {
	struct mem_range mem[4], resv[8];
	int nmem, nresv;
	uint64_t size;
};

static void gen_map(struct map *m)
{
	uint64_t base = (rnd() % 64) * 256 * MiB;

	memset(m, 0, sizeof(*m));
	m->nmem = 1 + (int)(rnd() % 3);
	for (int i = 0; i < m->nmem; i++) {
		m->mem[i].base = base;
		m->mem[i].size = (1 + rnd() % 64) * 16 * MiB + (rnd() % 4) * 0x1234;	/* not always aligned */
		base += m->mem[i].size + (rnd() % 8) * GiB;
	}
	m->nresv = (int)(rnd() % 8);
	for (int i = 0; i < m->nresv; i++) {
		const struct mem_range *r = &m->mem[rnd() % m->nmem];

		m->resv[i].base = r->base + rnd() % r->size;
		m->resv[i].size = 1 + rnd() % (8 * MiB);
	}
	m->size = (1 + rnd() % 1024) * PG;
}

static void req_for(const struct map *m, struct placement_req *r, uint64_t seed)
{
	memset(r, 0, sizeof(*r));
	r->rg = &regime_arm64_4k;
	r->mem = m->mem;
	r->nmem = m->nmem;
	r->resv = m->resv;
	r->nresv = m->nresv;
	r->size = m->size;
	r->seed = seed;
	r->force_class = -1;
	r->va_min = 0x10000;
	r->va_limit = FIXED;
	r->pa_limit = FIXED;
}

/* [pa, pa+size) lies in one memory range and touches no reserved range. */
static void check_pa(const struct map *m, uint64_t pa)
{
	bool in = false;

	assert_true(pa % PG == 0);
	for (int i = 0; i < m->nmem; i++)
		in |= pa >= m->mem[i].base && pa + m->size <= m->mem[i].base + m->mem[i].size;
	if (!in)
		fail_msg("pa 0x%lx + 0x%lx is not inside RAM", (unsigned long)pa, (unsigned long)m->size);
	for (int i = 0; i < m->nresv; i++)
		if (pa < m->resv[i].base + m->resv[i].size && m->resv[i].base < pa + m->size)
			fail_msg("pa 0x%lx + 0x%lx overlaps reserved 0x%lx + 0x%lx", (unsigned long)pa,
				 (unsigned long)m->size, (unsigned long)m->resv[i].base,
				 (unsigned long)m->resv[i].size);
}

static void test_random_maps(void **state)
{
	int hits[PC_COUNT] = { 0 }, ok = 0, impossible = 0;

	(void)state;
	xs = 0x1234567;
	for (int n = 0; n < 5000; n++) {
		struct map m;
		struct placement_req r;
		struct placement p, p2;
		char err[160], err2[160];
		int rc, rc2;

		gen_map(&m);
		req_for(&m, &r, rnd());
		if (n % 4 == 0)
			r.force_class = (int)(rnd() % PC_COUNT);
		rc = placement_choose(&r, &p, err, sizeof(err));
		rc2 = placement_choose(&r, &p2, err2, sizeof(err2));
		/* Deterministic per (seed, map). */
		assert_int_equal(rc, rc2);
		if (rc) {
			assert_string_equal(err, err2);
			assert_true(strlen(err) > 10);
			impossible++;
			continue;
		}
		assert_int_equal(p.pa, p2.pa);
		assert_int_equal(p.va, p2.va);
		check_pa(&m, p.pa);
		assert_true(p.va % PG == 0);
		assert_true(p.va >= r.va_min && p.va + m.size <= r.va_limit);
		assert_int_equal(p.cls, class_ref(p.pa, p.va, m.size));
		if (r.force_class >= 0)
			assert_int_equal(p.cls, r.force_class);
		hits[p.cls]++;
		ok++;
	}
	for (int c = 0; c < PC_COUNT; c++)
		if (hits[c] < 100)
			fail_msg("class %s reached only %d times", placement_class_name((enum placement_class)c), hits[c]);
	assert_true(ok > 4000);
	(void)impossible;
}

/* One memory map, every seed class distribution: all six classes from the seed alone. */
static void test_seed_reaches_every_class(void **state)
{
	struct mem_range mem = { 0x40000000, GiB };
	struct placement_req r;
	int hits[PC_COUNT] = { 0 };
	struct map m = { .mem = { mem }, .nmem = 1, .size = 0x48000 };

	(void)state;
	for (uint64_t s = 0; s < 600; s++) {
		struct placement p;
		char err[160];

		req_for(&m, &r, s);
		assert_int_equal(placement_choose(&r, &p, err, sizeof(err)), 0);
		hits[p.cls]++;
	}
	for (int c = 0; c < PC_COUNT; c++)
		if (hits[c] < 60)
			fail_msg("class %s: %d of 600 seeds", placement_class_name((enum placement_class)c), hits[c]);
}

static void expect_error(struct placement_req *r, const char *want);

/*
 * arm32 LPAE (32-bit VA, walk from level 1): no shared-L0; a different 1 GiB
 * entry is disjoint; a 3 GiB map below the fixed regions at 0xc0000000
 * reaches the five classes it has from the seed alone, each at least 60 of
 * 600 times, and never shared-L0.
 */
static void test_arm32_lpae(void **state)
{
	const struct regime *rg = &regime_arm32_lpae;
	struct map m = { .mem = { { 0x40000000, 3 * GiB } }, .nmem = 1, .size = 0x51000 };
	struct placement_req r;
	int hits[PC_COUNT] = { 0 };

	(void)state;
	assert_false(placement_class_exists(rg, PC_SHARED_L0));
	assert_true(placement_class_exists(rg, PC_SHARED_L1));
	assert_true(placement_class_exists(rg, PC_SHARED_L2));
	assert_int_equal(placement_classify(rg, 0x40000000, 0x40051000, 0x51000), PC_SHARED_L2);
	assert_int_equal(placement_classify(rg, 0x40000000, 0x7fe00000, 0x51000), PC_SHARED_L1);
	assert_int_equal(placement_classify(rg, 0x40000000, 0x80000000, 0x51000), PC_DISJOINT);
	assert_int_equal(placement_classify(rg, 0x40000000, 0x10000, 0x51000), PC_DISJOINT);
	for (uint64_t s = 0; s < 600; s++) {
		struct placement p;
		char err[160];

		req_for(&m, &r, s);
		r.rg = rg;
		r.va_limit = r.pa_limit = 0xc0000000;
		assert_int_equal(placement_choose(&r, &p, err, sizeof(err)), 0);
		assert_true(p.va + m.size <= 0xc0000000 && p.pa + m.size <= 0xc0000000);
		assert_int_equal(placement_classify(rg, p.pa, p.va, m.size), p.cls);
		hits[p.cls]++;
	}
	assert_int_equal(hits[PC_SHARED_L0], 0);
	for (int c = 0; c < PC_COUNT; c++)
		if (c != PC_SHARED_L0 && hits[c] < 60)
			fail_msg("arm32 class %s: %d of 600 seeds", placement_class_name((enum placement_class)c), hits[c]);
	req_for(&m, &r, 1);
	r.rg = rg;
	r.va_limit = r.pa_limit = 0xc0000000;
	r.force_class = PC_SHARED_L0;
	expect_error(&r, "class=shared-L0 does not exist in this translation regime");
}

static void expect_error(struct placement_req *r, const char *want)
{
	struct placement p;
	char err[160];

	if (placement_choose(r, &p, err, sizeof(err)) == 0)
		fail_msg("expected an error containing '%s', got pa 0x%lx va 0x%lx", want, (unsigned long)p.pa,
			 (unsigned long)p.va);
	if (!strstr(err, want))
		fail_msg("error '%s' does not contain '%s'", err, want);
}

static void test_impossible(void **state)
{
	struct map m = { .mem = { { 0x40000000, 64 * MiB } }, .nmem = 1, .size = 0x48000 };
	struct placement_req r;
	struct placement p;
	char err[160];

	(void)state;
	req_for(&m, &r, 1);
	r.force_pa = true;
	r.pa = 0x1000;
	expect_error(&r, "pa=0x1000");
	r.pa = 0x40000800;
	expect_error(&r, "not page aligned");
	r.force_pa = false;
	r.force_va = true;
	r.va = FIXED;
	expect_error(&r, "va=0xff8000000000");
	r.force_va = false;

	/* The whole of RAM reserved. */
	m.resv[0] = (struct mem_range){ 0x3f000000, 128 * MiB };
	m.nresv = 1;
	req_for(&m, &r, 1);
	expect_error(&r, "no room");

	/* Too little memory for the image. */
	m.nresv = 0;
	m.size = 128 * MiB;
	req_for(&m, &r, 1);
	expect_error(&r, "no room");

	/* shared-L2 cannot exist for an image of 2 MiB or more. */
	m.size = 3 * MiB;
	req_for(&m, &r, 1);
	r.force_class = PC_SHARED_L2;
	expect_error(&r, "class=shared-L2 cannot be realized");
	/* ... so the seed never yields it, but every boot still gets a class. */
	for (uint64_t s = 0; s < 200; s++) {
		req_for(&m, &r, s);
		assert_int_equal(placement_choose(&r, &p, err, sizeof(err)), 0);
		assert_int_not_equal(p.cls, PC_SHARED_L2);
	}

	/* Forced pa and va that contradict a forced class. */
	m.size = 0x48000;
	req_for(&m, &r, 1);
	r.force_pa = r.force_va = true;
	r.pa = 0x40000000;
	r.va = 0x60000000;
	r.force_class = PC_OVERLAP;
	expect_error(&r, "contradicts");
	/* And agree with it when they do. */
	r.force_class = PC_SHARED_L1;
	assert_int_equal(placement_choose(&r, &p, err, sizeof(err)), 0);
	assert_int_equal(p.pa, 0x40000000);
	assert_int_equal(p.va, 0x60000000);
}

static void test_forced_parts(void **state)
{
	struct map m = { .mem = { { 0x40000000, GiB } }, .nmem = 1, .size = 0x48000 };
	struct placement_req r;
	struct placement p;
	char err[160];

	(void)state;
	for (int c = 0; c < PC_COUNT; c++) {
		req_for(&m, &r, 7);
		r.force_class = c;
		r.force_pa = true;
		r.pa = 0x50000000;
		assert_int_equal(placement_choose(&r, &p, err, sizeof(err)), 0);
		assert_int_equal(p.pa, 0x50000000);
		assert_int_equal(p.cls, c);

		req_for(&m, &r, 7);
		r.force_class = c;
		r.force_va = true;
		r.va = 0x50000000;
		if (placement_choose(&r, &p, err, sizeof(err)) == 0) {
			assert_int_equal(p.va, 0x50000000);
			assert_int_equal(p.cls, c);
			check_pa(&m, p.pa);
		} else if (c == PC_OVERLAP || c == PC_IDENTICAL || c == PC_SHARED_L2 || c == PC_SHARED_L1) {
			fail_msg("class %s with va forced inside RAM: %s",
				 placement_class_name((enum placement_class)c), err);
		}
	}
}

static void test_free_ranges(void **state)
{
	struct map m = { .mem = { { 0x40000000, 16 * MiB } }, .nmem = 1, .size = PG };
	struct placement_req r;
	struct mem_range out[8];
	int n;

	(void)state;
	m.resv[0] = (struct mem_range){ 0x40100800, 0x1000 };	/* unaligned: both pages go */
	m.resv[1] = (struct mem_range){ 0x40000000, 0x2000 };	/* at the start */
	m.resv[2] = (struct mem_range){ 0x40f00000, 0x200000 };	/* past the end */
	m.resv[3] = (struct mem_range){ 0x40100000, 0x1000 };	/* touching resv[0] */
	m.nresv = 4;
	req_for(&m, &r, 0);
	n = placement_free_ranges(&r, out, 8);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].base, 0x40002000);
	assert_int_equal(out[0].size, 0x40100000 - 0x40002000);
	assert_int_equal(out[1].base, 0x40102000);
	assert_int_equal(out[1].size, 0x40f00000 - 0x40102000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_free_ranges),
		cmocka_unit_test(test_random_maps),
		cmocka_unit_test(test_seed_reaches_every_class),
		cmocka_unit_test(test_impossible),
		cmocka_unit_test(test_forced_parts),
		cmocka_unit_test(test_arm32_lpae),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
