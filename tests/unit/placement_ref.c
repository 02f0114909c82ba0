/* SPDX-License-Identifier: MIT */
/*
 * The placement reference (see placement_ref.h). It decides existence by
 * breakpoints, not by constructing a partner: with one address fixed, whether
 * the other fits and has class C is a step function of it, whose steps sit at
 * the memory map's edges, the limits, the fixed address itself, size and a
 * page on either side of it, and its blocks' boundaries at every level. The
 * first page of each step is among the candidates tried, so trying them all
 * decides the question. A "yes" always comes with a pair checked by
 * ref_pa_fits/ref_va_fits/ref_class.
 */
#include "tests/unit/placement_ref.h"

uint64_t ref_block(const struct regime *rg, int l)
{
	return UINT64_C(1) << rg->shift[l - rg->first_level];
}

int ref_class(const struct regime *rg, uint64_t pa, uint64_t va, uint64_t size)
{
	uint64_t dist = pa > va ? pa - va : va - pa;
	int high, level = -1;
	uint64_t best = 0;

	if (pa == va)
		return PC_IDENTICAL;
	if (dist < size)
		return PC_OVERLAP;
	/* The deepest level whose entries span the highest differing bit: one entry holds both. */
	high = 63 - __builtin_clzll(pa ^ va);
	for (int i = 0; i < rg->nlevels; i++) {
		uint64_t b = UINT64_C(1) << rg->shift[i];

		if (rg->shift[i] > (unsigned)high && (level < 0 || b < best)) {
			best = b;
			level = rg->first_level + i;
		}
	}
	switch (level) {
	case -1:
		return PC_DISJOINT;
	case 0:
		return PC_SHARED_L0;
	case 1:
		return PC_SHARED_L1;
	case 2:
		return PC_SHARED_L2;
	default:
		return -1;
	}
}

static uint64_t end_of(uint64_t base, uint64_t size)
{
	return base + size < base ? UINT64_MAX : base + size;
}

bool ref_pa_fits(const struct placement_req *r, uint64_t pa)
{
	uint64_t end;
	bool in_ram = false;

	if (pa % r->rg->page || pa > UINT64_MAX - r->size)
		return false;
	end = pa + r->size;
	if (end > r->pa_limit)
		return false;
	for (int i = 0; i < r->nmem; i++)
		if (pa >= r->mem[i].base && end <= end_of(r->mem[i].base, r->mem[i].size))
			in_ram = true;
	if (!in_ram)
		return false;
	for (int i = 0; i < r->nresv; i++)
		if (r->resv[i].size && pa < end_of(r->resv[i].base, r->resv[i].size) && r->resv[i].base < end)
			return false;
	return true;
}

bool ref_va_fits(const struct placement_req *r, uint64_t va)
{
	return va % r->rg->page == 0 && va >= r->va_min && va <= UINT64_MAX - r->size &&
	       va + r->size <= r->va_limit;
}

/* The step edges near x: x moved by 0, a page or size either way, then rounded both ways to a page. */
#define NEAR 14
static void near(const struct placement_req *r, uint64_t x, uint64_t out[NEAR])
{
	uint64_t pg = r->rg->page, s = r->size;
	const uint64_t d[NEAR / 2] = { 0, pg, -pg, s, -s, s - pg, pg - s };

	for (int i = 0; i < NEAR / 2; i++) {
		uint64_t y = x + d[i];

		out[2 * i] = y & ~(pg - 1);
		out[2 * i + 1] = (y + pg - 1) & ~(pg - 1);
	}
}

/* Points whose neighbourhoods hold every step edge for a partner of `fixed`. */
static int edges_of(const struct placement_req *r, uint64_t fixed, bool pa_side, uint64_t *pts)
{
	int n = 0;

	pts[n++] = 0;
	pts[n++] = fixed;
	for (int i = 0; i < r->rg->nlevels; i++) {
		uint64_t b = UINT64_C(1) << r->rg->shift[i];

		pts[n++] = fixed & ~(b - 1);
		pts[n++] = (fixed & ~(b - 1)) + b;
	}
	if (pa_side) {
		pts[n++] = r->pa_limit;
		for (int i = 0; i < r->nmem; i++) {
			pts[n++] = r->mem[i].base;
			pts[n++] = end_of(r->mem[i].base, r->mem[i].size);
		}
		for (int i = 0; i < r->nresv; i++) {
			pts[n++] = r->resv[i].base;
			pts[n++] = end_of(r->resv[i].base, r->resv[i].size);
		}
	} else {
		pts[n++] = r->va_min;
		pts[n++] = r->va_limit;
		pts[n++] = r->va_limit - r->size;	/* the last va that fits, moved again by a pa-relative step */
	}
	return n;
}

#define PTS_MAX 256	/* edges_of: at most 4 + 2 * 4 levels + 1 + 2 * 64 map ranges, and the extras */

bool ref_pa_exists(const struct placement_req *r, int cls, uint64_t va, uint64_t lo, uint64_t hi, uint64_t *pa)
{
	uint64_t pts[PTS_MAX + 2], c[NEAR];
	int n;

	if (r->nmem + r->nresv > 64)
		return false;
	n = edges_of(r, va, true, pts);
	pts[n++] = lo;
	pts[n++] = hi;
	for (int i = 0; i < n; i++) {
		near(r, pts[i], c);
		for (int j = 0; j < NEAR; j++)
			if (c[j] >= lo && c[j] <= hi && ref_pa_fits(r, c[j]) &&
			    (cls < 0 || ref_class(r->rg, c[j], va, r->size) == cls)) {
				if (pa)
					*pa = c[j];
				return true;
			}
	}
	return false;
}

bool ref_va_exists(const struct placement_req *r, int cls, uint64_t pa, uint64_t *va)
{
	uint64_t pts[PTS_MAX], c[NEAR];
	int n = edges_of(r, pa, false, pts);

	for (int i = 0; i < n; i++) {
		near(r, pts[i], c);
		for (int j = 0; j < NEAR; j++)
			if (ref_va_fits(r, c[j]) && (cls < 0 || ref_class(r->rg, pa, c[j], r->size) == cls)) {
				if (va)
					*va = c[j];
				return true;
			}
	}
	return false;
}

/*
 * Neither address fixed: block by block of the deepest level (in which every
 * pa has the same blocks above it), the pas at the steps of "has a va of
 * class C": the memory map's edges, and each va-side edge (the limits, the
 * block boundaries around this block) moved by the pa-relative offsets.
 */
#define BLOCKS_MAX (UINT64_C(1) << 16)

int ref_pair_exists(const struct placement_req *r, int cls, uint64_t *pa, uint64_t *va)
{
	const struct regime *rg = r->rg;
	uint64_t d = ref_block(rg, rg->first_level + rg->nlevels - 1), blocks = 0;

	if (r->nmem + r->nresv > 64)
		return -1;
	for (int i = 0; i < r->nmem; i++) {
		uint64_t lo = r->mem[i].base & ~(d - 1), hi = end_of(r->mem[i].base, r->mem[i].size);

		hi = hi < r->pa_limit ? hi : r->pa_limit;
		if (hi > lo)
			blocks += (hi - lo - 1) / d + 1;
	}
	if (blocks > BLOCKS_MAX)
		return -1;
	for (int i = 0; i < r->nmem; i++) {
		uint64_t lo = r->mem[i].base & ~(d - 1), hi = end_of(r->mem[i].base, r->mem[i].size);

		hi = hi < r->pa_limit ? hi : r->pa_limit;
		for (uint64_t b = lo; b < hi && b >= lo; b += d) {
			uint64_t pts[PTS_MAX + 2], vpts[PTS_MAX], c[NEAR];
			int n = edges_of(r, b, true, pts), nv = edges_of(r, b, false, vpts);

			pts[n++] = b;
			pts[n++] = b + d - r->rg->page;
			for (int k = 0; k < nv; k++)
				pts[n++] = vpts[k];
			for (int k = 0; k < n; k++) {
				near(r, pts[k], c);
				for (int j = 0; j < NEAR; j++)
					if (c[j] >= b && c[j] - b < d && ref_pa_fits(r, c[j]) &&
					    ref_va_exists(r, cls, c[j], va)) {
						*pa = c[j];
						return 1;
					}
			}
		}
	}
	return 0;
}
