/* SPDX-License-Identifier: MIT */
/*
 * Host tests of mm/bootmem.c, the boot allocator's pieces of free RAM:
 * properties over random fragmented layouts, each result judged by an
 * independent checker (what free RAM holds is recounted page by page from
 * the input ranges, not taken from the code under test); the error cases;
 * and the fragmented DTs make check boots (dts/test/fragmented*.dts), read
 * with lib/dt.c and boot/placement.c as mm/runtime.c reads them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "boot/placement.h"
#include "lib/dt.h"
#include "mm/bootmem.h"
#include "tests/unit/host.h"

#define PG	UINT64_C(4096)
#define MIB	(UINT64_C(1) << 20)
#define BLOCK	(2 * MIB)

static const char *dtb_dir;

static uint64_t rng_state;

static uint64_t rnd_below(uint64_t n)
{
	return n ? splitmix64(&rng_state) % n : 0;
}

/* ------------------------------------------------------------------------ */
/* The independent checker.                                                 */

/* Is the page at pa inside one of the input ranges (whole)? */
static bool page_free(const struct mem_range *r, int n, uint64_t pa)
{
	for (int i = 0; i < n; i++)
		if (pa >= r[i].base && pa + PG <= r[i].base + r[i].size)
			return true;
	return false;
}

/* Free pages, counted one by one over the span of the ranges. */
static uint64_t count_free(const struct mem_range *r, int n)
{
	uint64_t total = 0;

	for (int i = 0; i < n; i++)
		for (uint64_t pa = (r[i].base + PG - 1) / PG * PG; pa + PG <= r[i].base + r[i].size; pa += PG)
			total += PG;
	return total;
}

/* Does some range hold a BLOCK-aligned BLOCK? (Checked by scanning aligned addresses.) */
static bool any_block(const struct mem_range *r, int n)
{
	for (int i = 0; i < n; i++)
		for (uint64_t a = (r[i].base + BLOCK - 1) / BLOCK * BLOCK; a + BLOCK <= r[i].base + r[i].size;
		     a += BLOCK)
			return true;
	return false;
}

/*
 * Everything a successful choice must satisfy: pieces page aligned, inside
 * the input, pairwise disjoint, one after another in the window; the pages
 * exactly what was asked; the block present, aligned and alone when it can
 * be; every page of every piece handed out once by bootmem_alloc, and the
 * window telling them apart.
 */
static void check_choice(struct bootmem *bm, const struct mem_range *r, int n, const struct bootmem_need *need,
			 const char *what)
{
	uint64_t win = 0, pages = 0, want = (need->pages + PG - 1) / PG * PG, got, total = count_free(r, n);
	unsigned blocks = 0;

	for (unsigned i = 0; i < bm->n; i++) {
		const struct bootmem_piece *p = &bm->piece[i];

		if (p->base % PG || p->end % PG || p->end <= p->base)
			fail_msg("%s: piece %u [0x%llx, 0x%llx) empty or unaligned", what, i,
				 (unsigned long long)p->base, (unsigned long long)p->end);
		for (uint64_t pa = p->base; pa < p->end; pa += PG)
			if (!page_free(r, n, pa))
				fail_msg("%s: piece %u holds page 0x%llx, which is not free", what, i,
					 (unsigned long long)pa);
		for (unsigned j = 0; j < i; j++)
			if (p->base < bm->piece[j].end && bm->piece[j].base < p->end)
				fail_msg("%s: pieces %u and %u overlap", what, j, i);
		if (p->win != win)
			fail_msg("%s: piece %u at window 0x%llx, want 0x%llx", what, i, (unsigned long long)p->win,
				 (unsigned long long)win);
		win += p->end - p->base;
		if (bm->block && i == bm->n - 1) {
			if (p->base % need->block || p->end - p->base != need->block)
				fail_msg("%s: the block piece [0x%llx, 0x%llx) is not one aligned block", what,
					 (unsigned long long)p->base, (unsigned long long)p->end);
			blocks++;
		} else {
			pages += p->end - p->base;
		}
	}
	if (win != bm->size)
		fail_msg("%s: size 0x%llx, the pieces add up to 0x%llx", what, (unsigned long long)bm->size,
			 (unsigned long long)win);
	if (pages != want)
		fail_msg("%s: 0x%llx bytes of page pieces, want exactly 0x%llx", what, (unsigned long long)pages,
			 (unsigned long long)want);
	/* The block is taken iff one exists and the pages fit beside it. */
	if (need->block && any_block(r, n) && total - want >= need->block && !blocks)
		fail_msg("%s: free RAM holds a block and room beside it, no block was taken", what);
	if (blocks && (!need->block || total - want < need->block))
		fail_msg("%s: a block was taken that was not asked for or does not fit", what);
	/* Every page can be handed out, once, and the window tells each apart. */
	got = 0;
	for (uint64_t pa; (pa = bootmem_alloc(bm, PG, PG)) != 0; got += PG) {
		uint64_t w, w2;

		if (!bootmem_window(bm, pa, PG, &w) || w >= bm->size || w % PG)
			fail_msg("%s: page 0x%llx has no place in the window", what, (unsigned long long)pa);
		for (unsigned i = 0; i < bm->n; i++)
			if (pa >= bm->piece[i].base && pa < bm->piece[i].end &&
			    w != bm->piece[i].win + (pa - bm->piece[i].base))
				fail_msg("%s: page 0x%llx at window 0x%llx, not where its piece puts it", what,
					 (unsigned long long)pa, (unsigned long long)w);
		if (bootmem_window(bm, pa + PG - 1, 2, &w2) && pa % (2 * PG) == 0 && w2 != w + PG - 1)
			fail_msg("%s: window not linear inside a page", what);
	}
	if (got != bm->size)
		fail_msg("%s: handed out 0x%llx bytes one page at a time, the pieces hold 0x%llx", what,
			 (unsigned long long)got, (unsigned long long)bm->size);
	if (bootmem_used(bm) != bm->size)
		fail_msg("%s: bootmem_used says 0x%llx, all 0x%llx was handed out", what,
			 (unsigned long long)bootmem_used(bm), (unsigned long long)bm->size);
}

/* Random disjoint ranges, in random order: sizes from a page to 6 MiB, some not page aligned. */
static int random_layout(struct mem_range *r, int max)
{
	int n = 1 + (int)rnd_below((uint64_t)max);
	uint64_t at = UINT64_C(0x40000000) + rnd_below(64) * PG;

	for (int i = 0; i < n; i++) {
		uint64_t size = rnd_below(4) ? (1 + rnd_below(1536)) * PG : 1 + rnd_below(6 * MIB);

		if (rnd_below(3) == 0)
			at += rnd_below(PG);	/* an unaligned start: aligned inwards */
		r[i] = (struct mem_range){ at, size };
		at += size + PG + rnd_below(8 * MIB);
	}
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rnd_below((uint64_t)i + 1);
		struct mem_range t = r[i];

		r[i] = r[j];
		r[j] = t;
	}
	return n;
}

#define CASES	4000

static void test_random_layouts(void **state)
{
	static struct bootmem bm;
	struct mem_range r[12];
	unsigned ok = 0, short_ = 0, with_block = 0;

	(void)state;
	rng_state = 0xb007e3;
	for (unsigned c = 0; c < CASES; c++) {
		int n = random_layout(r, 12);
		struct bootmem_need need = { .page = PG, .pages = rnd_below(8 * MIB) + 1,
					     .block = rnd_below(4) ? BLOCK : 0 };
		uint64_t found = 0, total = count_free(r, n), want = (need.pages + PG - 1) / PG * PG;
		enum bootmem_err err = bootmem_choose(&bm, r, n, &need, &found);
		char what[64];

		snprintf(what, sizeof(what), "case %u (%d ranges)", c, n);
		if (total < want) {
			if (err != BOOTMEM_SHORT || found != total)
				fail_msg("%s: 0x%llx free for 0x%llx: err %d found 0x%llx, want SHORT and the total",
					 what, (unsigned long long)total, (unsigned long long)want, err,
					 (unsigned long long)found);
			short_++;
			continue;
		}
		/* At most 12 ranges, plus one from the block's cut: never more than BOOTMEM_PIECES. */
		if (err != BOOTMEM_OK)
			fail_msg("%s: 0x%llx free for 0x%llx, err %d", what, (unsigned long long)total,
				 (unsigned long long)want, err);
		check_choice(&bm, r, n, &need, what);
		ok++;
		with_block += bm.block;
	}
	printf("bootmem: %u random layouts: %u chosen (%u with the block), %u short\n", CASES, ok, with_block,
	       short_);
	/* The cases reach every branch. */
	assert_true(ok > CASES / 4 && short_ > CASES / 20 && with_block > CASES / 10);
}

/* The pages come from the largest ranges first: one piece where one range holds them. */
static void test_fewest_pieces(void **state)
{
	static struct bootmem bm;
	struct mem_range r[] = {
		{ 0x40000000, 1 * MIB }, { 0x41000000, 5 * MIB }, { 0x48000000, 3 * MIB }, { 0x50000000, 5 * MIB },
	};
	struct bootmem_need need = { .page = PG, .pages = 4 * MIB, .block = 0 };
	uint64_t found;

	(void)state;
	assert_int_equal(bootmem_choose(&bm, r, 4, &need, &found), BOOTMEM_OK);
	assert_int_equal(bm.n, 1);
	/* Of two equal ranges, the lower. */
	assert_true(bm.piece[0].base == 0x41000000 && bm.piece[0].end == 0x41400000);
	need.pages = 9 * MIB;
	assert_int_equal(bootmem_choose(&bm, r, 4, &need, &found), BOOTMEM_OK);
	assert_int_equal(bm.n, 2);
	assert_true(bm.piece[1].base == 0x50000000 && bm.piece[1].end == 0x50400000);
	check_choice(&bm, r, 4, &need, "fewest");
}

/* The block is cut out of its range, and the pages may use what is left around it. */
static void test_block_cut(void **state)
{
	static struct bootmem bm;
	struct mem_range r[] = { { 0x40100000, 5 * MIB } };	/* block at 0x40200000, 1 MiB below, 2 above */
	struct bootmem_need need = { .page = PG, .pages = 3 * MIB, .block = BLOCK };
	uint64_t found;

	(void)state;
	assert_int_equal(bootmem_choose(&bm, r, 1, &need, &found), BOOTMEM_OK);
	assert_true(bm.block);
	assert_int_equal(bm.n, 3);
	assert_true(bm.piece[2].base == 0x40200000 && bm.piece[2].end == 0x40400000);
	check_choice(&bm, r, 1, &need, "cut");
	/* One byte more of pages and the block no longer fits beside them: taken without it. */
	need.pages = 3 * MIB + 1;
	assert_int_equal(bootmem_choose(&bm, r, 1, &need, &found), BOOTMEM_OK);
	assert_false(bm.block);
	check_choice(&bm, r, 1, &need, "no room for the block");
	/* An aligned 2 MiB is needed, not just 2 MiB. */
	r[0] = (struct mem_range){ 0x40100000, 3 * MIB };
	need.pages = PG;
	assert_int_equal(bootmem_choose(&bm, r, 1, &need, &found), BOOTMEM_OK);
	assert_true(bm.block);
	r[0] = (struct mem_range){ 0x40100000, 3 * MIB - PG };
	assert_int_equal(bootmem_choose(&bm, r, 1, &need, &found), BOOTMEM_OK);
	assert_false(bm.block);
}

/* Not enough in all: SHORT with the total; enough only in too many pieces: SCATTERED with what they hold. */
static void test_errors(void **state)
{
	static struct bootmem bm;
	struct mem_range r[40];
	struct bootmem_need need = { .page = PG, .pages = 30 * PG, .block = BLOCK };
	uint64_t found;

	(void)state;
	for (int i = 0; i < 40; i++)
		r[i] = (struct mem_range){ UINT64_C(0x40000000) + (uint64_t)i * 4 * PG, PG };
	assert_int_equal(bootmem_choose(&bm, r, 20, &need, &found), BOOTMEM_SHORT);
	assert_true(found == 20 * PG);
	assert_int_equal(bm.n, 0);
	assert_int_equal(bootmem_choose(&bm, r, 40, &need, &found), BOOTMEM_SCATTERED);
	assert_true(found == BOOTMEM_PIECES * PG);
	assert_int_equal(bm.n, 0);
	/* Ranges smaller than a page once aligned count for nothing. */
	r[0] = (struct mem_range){ 0x40000001, PG };
	need.pages = 1;
	assert_int_equal(bootmem_choose(&bm, r, 1, &need, &found), BOOTMEM_SHORT);
	assert_true(found == 0);
	assert_int_equal(bootmem_choose(&bm, r, 0, &need, &found), BOOTMEM_SHORT);
}

/* bootmem_alloc: alignment, first fit across pieces in their order, nothing past a piece's end. */
static void test_alloc(void **state)
{
	static struct bootmem bm;
	struct mem_range r[] = { { 0x40000000, 3 * PG }, { 0x40201000, 4 * MIB } };
	struct bootmem_need need = { .page = PG, .pages = 4 * MIB + 3 * PG, .block = 0 };
	uint64_t found, win;

	(void)state;
	assert_int_equal(bootmem_choose(&bm, r, 2, &need, &found), BOOTMEM_OK);
	/* Largest first: the 4 MiB range is piece 0. */
	assert_true(bm.piece[0].base == 0x40201000 && bm.piece[0].end == 0x40601000);
	assert_true(bm.piece[1].base == 0x40000000 && bm.piece[1].end == 0x40003000);
	assert_true(bootmem_alloc(&bm, 0, PG) == 0);
	assert_true(bootmem_alloc(&bm, 2 * MIB, 2 * MIB) == 0x40400000);
	assert_true(bootmem_window(&bm, 0x40400000, 2 * MIB, &win) && win == 0x40400000 - 0x40201000);
	/* A bump allocator: the next page comes after the block, the gap below it is not reused. */
	assert_true(bootmem_alloc(&bm, PG, PG) == 0x40600000);
	/* Piece 0 is full; piece 1 has three pages. */
	assert_true(bootmem_alloc(&bm, 4 * PG, PG) == 0);
	assert_true(bootmem_alloc(&bm, 2 * PG, PG) == 0x40000000);
	assert_true(bootmem_used(&bm) == (0x40601000 - 0x40201000) + 2 * PG);
	/* The window: only for ranges inside one piece. */
	assert_false(bootmem_window(&bm, 0x40400000, 2 * MIB + 4 * PG, &win));
	assert_false(bootmem_window(&bm, 0x40003000, PG, &win));
	assert_true(bootmem_window(&bm, 0x40002000, PG, &win) && win == 4 * MIB + 2 * PG);
	assert_true(bootmem_alloc(&bm, UINT64_MAX - PG, PG) == 0);
}

/* ------------------------------------------------------------------------ */
/* The DTs make check boots.                                                */

/*
 * The DT's free RAM as mm/runtime.c computes it, with the loader and an
 * image of 0x61000 bytes where they are on arm64 (the DTB itself at
 * 0x50000000), and the need of 2 CPUs (RT_NEED_BYTES: 1.5 MiB + 2 x 24 KiB).
 */
static enum bootmem_err choose_for(const char *name, struct bootmem *bm, struct mem_range *freer, int *nfree)
{
	static struct mem_range mem[32], resv[40];
	void *fdt = dtb_load(dtb_dir, name, NULL);
	struct placement_req req = { 0 };
	struct bootmem_need need = { .page = PG, .pages = 1536 * 1024 + 2 * 24 * 1024, .block = BLOCK };
	int nmem = dt_memory(fdt, mem, 32), nresv = dt_reserved(fdt, resv, 32);
	uint64_t found;
	enum bootmem_err err;

	assert_true(nmem > 0 && nresv > 0);
	resv[nresv++] = (struct mem_range){ 0x50000000, fdt_totalsize(fdt) };
	resv[nresv++] = (struct mem_range){ 0x40200000, 0x40000 };	/* the loader */
	resv[nresv++] = (struct mem_range){ 0x41200000, 0x61000 };	/* the image */
	req.rg = &regime_arm64_4k;
	req.mem = mem;
	req.nmem = nmem;
	req.resv = resv;
	req.nresv = nresv;
	req.pa_limit = UINT64_C(0xff8000000000);
	*nfree = placement_free_ranges(&req, freer, BOOTMEM_RANGES);
	err = bootmem_choose(bm, freer, *nfree, &need, &found);
	check_choice(bm, freer, *nfree, &need, name);
	free(fdt);
	return err;
}

static void test_fragmented_dts(void **state)
{
	static struct bootmem bm;
	struct mem_range freer[BOOTMEM_RANGES];
	uint64_t largest = 0;
	int n;

	(void)state;
	/* fragmented.dts: no free range over 4 MiB, yet the allocator has what it needs and the block. */
	assert_int_equal(choose_for("fragmented", &bm, freer, &n), BOOTMEM_OK);
	for (int i = 0; i < n; i++)
		largest = freer[i].size > largest ? freer[i].size : largest;
	assert_true(largest <= 4 * MIB);
	assert_true(bm.block);
	/* fragmented-small.dts: 1 MiB pieces, so several of them, and no block. */
	largest = 0;
	assert_int_equal(choose_for("fragmented-small", &bm, freer, &n), BOOTMEM_OK);
	for (int i = 0; i < n; i++)
		largest = freer[i].size > largest ? freer[i].size : largest;
	assert_true(largest <= MIB);
	assert_false(bm.block);
	assert_true(bm.n >= 2);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_layouts),
		cmocka_unit_test(test_fewest_pieces),
		cmocka_unit_test(test_block_cut),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_fragmented_dts),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	dtb_dir = dtb_dir_arg(argc, argv);
	if (!dtb_dir)
		return 2;
	return cmocka_run_group_tests_name("bootmem", tests, NULL, NULL);
}
