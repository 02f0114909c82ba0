/* SPDX-License-Identifier: MIT */
/*
 * Placement policy. The class of a placement is a property of the identity
 * range I = [PA, PA+size) and the runtime range R = [VA, VA+size) under the
 * translation regime: identical, overlap, or the deepest table level whose
 * entry both start addresses share (disjoint when not even the root entry).
 * The chooser draws a class, a PA in free RAM and a VA that realize it from a
 * seeded generator, so the same seed, memory map and size give the same result.
 */
#include <stdio.h>
#include <string.h>
#include "boot/placement.h"

const struct regime regime_arm64_4k = {
	.first_level = 0, .nlevels = 3, .shift = { 39, 30, 21 }, .page = 4096,
};

/* arm32 HYP mode, LPAE with a 32-bit VA: the walk starts at level 1 (1 GiB entries). */
const struct regime regime_arm32_lpae = {
	.first_level = 1, .nlevels = 2, .shift = { 30, 21 }, .page = 4096,
};

static const char *const class_names[PC_COUNT] = {
	[PC_IDENTICAL] = "identical", [PC_DISJOINT] = "disjoint", [PC_SHARED_L0] = "shared-L0",
	[PC_SHARED_L1] = "shared-L1", [PC_SHARED_L2] = "shared-L2", [PC_OVERLAP] = "overlap",
};

const char *placement_class_name(enum placement_class c)
{
	return (unsigned)c < PC_COUNT ? class_names[c] : "?";
}

int placement_class_parse(const char *s)
{
	for (int c = 0; c < PC_COUNT; c++) {
		const char *n = class_names[c];
		size_t i;

		for (i = 0; n[i] && s[i]; i++)
			if (n[i] != s[i] && !(n[i] == 'L' && s[i] == 'l'))
				break;
		if (!n[i] && !s[i])
			return c;
	}
	return -1;
}

/* shared-Ln for the regime's level n, or -1. */
static int shared_level(enum placement_class c)
{
	return c == PC_SHARED_L0 ? 0 : c == PC_SHARED_L1 ? 1 : c == PC_SHARED_L2 ? 2 : -1;
}

bool placement_class_exists(const struct regime *rg, enum placement_class c)
{
	int l = shared_level(c);

	return l < 0 || (l >= rg->first_level && l < rg->first_level + rg->nlevels);
}

static uint64_t shift_of(const struct regime *rg, int level)
{
	return rg->shift[level - rg->first_level];
}

enum placement_class placement_classify(const struct regime *rg, uint64_t pa, uint64_t va, uint64_t size)
{
	if (pa == va)
		return PC_IDENTICAL;
	if (pa < va + size && va < pa + size)
		return PC_OVERLAP;
	for (int l = rg->first_level + rg->nlevels - 1; l >= rg->first_level; l--)
		if ((pa >> shift_of(rg, l)) == (va >> shift_of(rg, l)))
			return l == 0 ? PC_SHARED_L0 : l == 1 ? PC_SHARED_L1 : PC_SHARED_L2;
	return PC_DISJOINT;
}

/* splitmix64: small, well mixed, and the same on every host and target. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t rng_below(uint64_t *s, uint64_t n)
{
	return n ? rng_next(s) % n : 0;
}

static void emit(struct mem_range *out, int *n, int max, uint64_t s, uint64_t e, uint64_t pg, uint64_t min)
{
	uint64_t a = ALIGN_UP(s, pg), b = ALIGN_DOWN(e, pg);

	/* A start inside the last page would round up past 2^64 to 0 (found by fuzzing). */
	if (a < s)
		return;
	if (b > a && b - a >= min && *n < max) {
		out[*n].base = a;
		out[*n].size = b - a;
		(*n)++;
	}
}

/* The free ranges of at least min bytes. */
static int free_ranges(const struct placement_req *r, struct mem_range *out, int max, uint64_t min)
{
	uint64_t pg = r->rg->page;
	int n = 0;

	for (int i = 0; i < r->nmem; i++) {
		uint64_t s = r->mem[i].base, e = r->mem[i].base + r->mem[i].size;

		if (e < s)
			e = UINT64_MAX;	/* wraps: clip */
		if (e > r->pa_limit)
			e = r->pa_limit;
		/* Repeatedly cut at the reserved range that starts first within [s, e). */
		while (s < e) {
			uint64_t cut_s = e, cut_e = e;

			for (int j = 0; j < r->nresv; j++) {
				uint64_t rs = r->resv[j].base, re = rs + r->resv[j].size;

				if (re < rs)
					re = UINT64_MAX;
				if (!r->resv[j].size || re <= s || rs >= e)
					continue;
				if (rs < s)
					rs = s;
				if (rs < cut_s) {
					cut_s = rs;
					cut_e = re;
				}
			}
			emit(out, &n, max, s, cut_s, pg, min);
			s = cut_e;
		}
	}
	return n;
}

int placement_free_ranges(const struct placement_req *r, struct mem_range *out, int max)
{
	return free_ranges(r, out, max, 1);
}

struct ctx {
	const struct placement_req *r;
	struct mem_range free[64];
	int nfree;
	uint64_t rng;
};

static bool pa_ok(const struct ctx *c, uint64_t pa)
{
	uint64_t size = c->r->size;

	for (int i = 0; i < c->nfree; i++)
		if (pa >= c->free[i].base && pa + size >= pa &&
		    pa + size <= c->free[i].base + c->free[i].size)
			return true;
	return false;
}

static bool va_ok(const struct ctx *c, uint64_t va)
{
	const struct placement_req *r = c->r;

	return IS_ALIGNED(va, r->rg->page) && va >= r->va_min && va + r->size >= va &&
	       va + r->size <= r->va_limit;
}

/* A uniformly drawn page-aligned PA with [pa, pa+size) in free RAM, or false. */
static bool random_pa(struct ctx *c, uint64_t *pa)
{
	uint64_t pg = c->r->rg->page, size = c->r->size, total = 0, k;

	for (int i = 0; i < c->nfree; i++)
		if (c->free[i].size >= size)
			total += (c->free[i].size - size) / pg + 1;
	if (!total)
		return false;
	k = rng_below(&c->rng, total);
	for (int i = 0; i < c->nfree; i++) {
		uint64_t cnt;

		if (c->free[i].size < size)
			continue;
		cnt = (c->free[i].size - size) / pg + 1;
		if (k < cnt) {
			*pa = c->free[i].base + k * pg;
			return true;
		}
		k -= cnt;
	}
	return false;
}

/* An address related to `from` as class cls asks (the relation is symmetric). */
static bool related(struct ctx *c, enum placement_class cls, uint64_t from, uint64_t *to)
{
	const struct regime *rg = c->r->rg;
	uint64_t pg = rg->page, size = c->r->size;
	int l = shared_level(cls);

	switch (cls) {
	case PC_IDENTICAL:
		*to = from;
		return true;
	case PC_OVERLAP: {
		uint64_t pages = size / pg, d;

		if (pages < 2)
			return false;
		d = (1 + rng_below(&c->rng, pages - 1)) * pg;
		*to = ((rng_next(&c->rng) & 1) && from >= d) ? from - d : from + d;
		return true;
	}
	case PC_DISJOINT: {
		unsigned sh = shift_of(rg, rg->first_level);
		uint64_t slots = c->r->va_limit >> sh, slot;

		if (slots < 2)
			return false;
		slot = rng_below(&c->rng, slots - 1);
		if (slot >= (from >> sh))
			slot++;
		*to = (slot << sh) + ALIGN_DOWN(rng_below(&c->rng, UINT64_C(1) << sh), pg);
		return true;
	}
	default: {
		unsigned sh;

		if (l < 0 || !placement_class_exists(rg, cls))
			return false;
		sh = shift_of(rg, l);
		*to = ALIGN_DOWN(from, UINT64_C(1) << sh) +
		      ALIGN_DOWN(rng_below(&c->rng, UINT64_C(1) << sh), pg);
		return true;
	}
	}
}

#define ATTEMPTS 256

/* Try to realize cls under the forced parts of the request. */
static bool try_class(struct ctx *c, enum placement_class cls, struct placement *out)
{
	const struct placement_req *r = c->r;

	for (int i = 0; i < ATTEMPTS; i++) {
		uint64_t pa, va;

		if (r->force_pa && r->force_va) {
			pa = r->pa;
			va = r->va;
		} else if (r->force_pa) {
			pa = r->pa;
			if (!related(c, cls, pa, &va))
				return false;
		} else if (r->force_va) {
			va = r->va;
			if (!related(c, cls, va, &pa))
				return false;
		} else {
			if (!random_pa(c, &pa) || !related(c, cls, pa, &va))
				return false;
		}
		if (pa_ok(c, pa) && va_ok(c, va) && placement_classify(r->rg, pa, va, r->size) == cls) {
			out->pa = pa;
			out->va = va;
			out->cls = cls;
			return true;
		}
		if (r->force_pa && r->force_va)
			return false;
	}
	return false;
}

int placement_choose(const struct placement_req *r, struct placement *out, char *err, size_t errlen)
{
	struct ctx c = { .r = r, .rng = r->seed };
	uint64_t pg = r->rg->page;
	int first;

	/*
	 * Only ranges the image fits in: a map cut into more than c.free holds
	 * (32 banks with reserved holes) must not lose the one that fits
	 * (found by fuzzing).
	 */
	c.nfree = free_ranges(r, c.free, (int)ARRAY_SIZE(c.free), r->size);
	if (!r->size || !IS_ALIGNED(r->size, pg)) {
		snprintf(err, errlen, "image size 0x%lx is not a whole number of pages", (unsigned long)r->size);
		return -1;
	}
	if (r->force_pa) {
		if (!IS_ALIGNED(r->pa, pg)) {
			snprintf(err, errlen, "pa=0x%lx is not page aligned", (unsigned long)r->pa);
			return -1;
		}
		if (!pa_ok(&c, r->pa)) {
			snprintf(err, errlen, "pa=0x%lx: [0x%lx, 0x%lx) is not free RAM", (unsigned long)r->pa,
				 (unsigned long)r->pa, (unsigned long)(r->pa + r->size));
			return -1;
		}
	}
	if (r->force_va && !va_ok(&c, r->va)) {
		snprintf(err, errlen, "va=0x%lx: must be page aligned with [va, va+0x%lx) inside [0x%lx, 0x%lx)",
			 (unsigned long)r->va, (unsigned long)r->size, (unsigned long)r->va_min,
			 (unsigned long)r->va_limit);
		return -1;
	}
	if (!r->force_pa) {
		uint64_t dummy;
		struct ctx probe = c;

		if (!random_pa(&probe, &dummy)) {
			snprintf(err, errlen, "no room for the 0x%lx-byte image in free RAM", (unsigned long)r->size);
			return -1;
		}
	}
	if (r->force_class >= 0) {
		enum placement_class cls = (enum placement_class)r->force_class;

		if (!placement_class_exists(r->rg, cls)) {
			snprintf(err, errlen, "class=%s does not exist in this translation regime",
				 placement_class_name(cls));
			return -1;
		}
		if (try_class(&c, cls, out))
			return 0;
		if (r->force_pa && r->force_va)
			snprintf(err, errlen, "class=%s contradicts pa=0x%lx va=0x%lx (that is class %s)",
				 placement_class_name(cls), (unsigned long)r->pa, (unsigned long)r->va,
				 placement_class_name(placement_classify(r->rg, r->pa, r->va, r->size)));
		else
			snprintf(err, errlen, "class=%s cannot be realized for a 0x%lx-byte image%s",
				 placement_class_name(cls), (unsigned long)r->size,
				 r->force_pa ? " at that pa" : r->force_va ? " at that va" : " in this memory map");
		return -1;
	}
	/* A class from the seed; where it cannot be realized, the next one, in a fixed order. */
	first = (int)rng_below(&c.rng, PC_COUNT);
	for (int k = 0; k < PC_COUNT; k++) {
		enum placement_class cls = (enum placement_class)((first + k) % PC_COUNT);

		if (placement_class_exists(r->rg, cls) && try_class(&c, cls, out))
			return 0;
	}
	snprintf(err, errlen, "no placement satisfies pa/va as given");
	return -1;
}
