/* SPDX-License-Identifier: MIT */
/*
 * Placement policy. The class of a placement is a property of the identity
 * range I = [PA, PA+size) and the runtime range R = [VA, VA+size) under the
 * translation regime: identical, overlap, or the deepest table level whose
 * entry both start addresses share (disjoint when not even the root entry).
 * The chooser draws a class, a PA in free RAM and a VA that realize it from a
 * seeded generator, so the same seed, memory map and size give the same result.
 * With pa= or va= forced, the other address is drawn from the exact set of
 * addresses that fit and have the class: anything possible is found, and
 * anything refused is impossible, with the reason (the block with no RAM in
 * it, the bound crossed) in the message.
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

/*
 * Sets of page-aligned start addresses (a PA for I, a VA for R), kept as
 * disjoint inclusive intervals [lo, hi]: inclusive, so that the last page of
 * the address space needs no end past 2^64. The chooser asks every question
 * exactly on these sets: "which PAs in free RAM (which VAs in [va_min,
 * va_limit)) have class C with this VA (PA)" is the domain set clipped to one
 * block and cut by at most two intervals, with no sampling and no retries.
 */
struct span {
	uint64_t lo, hi;
};

/* 64 free ranges merged, plus one split by each of the (at most two) cuts of a relation. */
#define SPANS_MAX 68

struct spans {
	int n;
	struct span s[SPANS_MAX];
};

/* Keep [lo, hi] only. */
static void spans_clip(struct spans *s, uint64_t lo, uint64_t hi)
{
	int n = 0;

	for (int i = 0; i < s->n; i++) {
		uint64_t a = MAX(s->s[i].lo, lo), b = MIN(s->s[i].hi, hi);

		if (a <= b)
			s->s[n++] = (struct span){ a, b };
	}
	s->n = n;
}

/*
 * Remove [lo, hi] (page aligned, like the spans): a span loses a part, or is
 * split in two. The spans are disjoint, so at most one is split per cut:
 * SPANS_MAX has room for it.
 */
static void spans_cut(struct spans *s, uint64_t lo, uint64_t hi, uint64_t pg)
{
	int k = 0;

	for (int i = 0; i < s->n; i++) {
		struct span x = s->s[i];

		if (x.hi < lo || x.lo > hi) {
			s->s[k++] = x;
			continue;
		}
		/* x.lo < lo means lo >= pg; x.hi > hi means hi + pg <= x.hi: neither wraps. */
		if (x.lo < lo)
			s->s[k++] = (struct span){ x.lo, lo - pg };
		if (x.hi > hi) {
			if (k > i) {
				/* The left part took slot i: open slot i + 1 for the right part. */
				if (s->n == SPANS_MAX)
					continue;
				memmove(&s->s[i + 2], &s->s[i + 1], (size_t)(s->n - i - 1) * sizeof(x));
				s->n++;
				i++;
			}
			s->s[k++] = (struct span){ hi + pg, x.hi };
		}
	}
	s->n = k;
}

static uint64_t spans_pages(const struct spans *s, uint64_t pg)
{
	uint64_t total = 0;

	for (int i = 0; i < s->n; i++)
		total += (s->s[i].hi - s->s[i].lo) / pg + 1;
	return total;
}

static bool spans_has(const struct spans *s, uint64_t a)
{
	for (int i = 0; i < s->n; i++)
		if (a >= s->s[i].lo && a <= s->s[i].hi)
			return true;
	return false;
}

struct ctx {
	const struct placement_req *r;
	struct spans pa;	/* PAs whose [pa, pa+size) is free RAM below pa_limit */
	struct spans va;	/* VAs whose [va, va+size) lies in [va_min, va_limit) */
	uint64_t rng;
};

/* A page of s drawn uniformly by the seed; false if s is empty. */
static bool spans_draw(struct ctx *c, const struct spans *s, uint64_t *out)
{
	uint64_t pg = c->r->rg->page, k = rng_below(&c->rng, spans_pages(s, pg));

	for (int i = 0; i < s->n; i++) {
		uint64_t cnt = (s->s[i].hi - s->s[i].lo) / pg + 1;

		if (k < cnt) {
			*out = s->s[i].lo + k * pg;
			return true;
		}
		k -= cnt;
	}
	return false;
}

/* The PA domain: each free range of at least size bytes gives the starts [base, end - size], sorted and merged. */
static void pa_domain(struct ctx *c)
{
	const struct placement_req *r = c->r;
	struct mem_range fr[64];
	int n = free_ranges(r, fr, (int)ARRAY_SIZE(fr), r->size);
	struct spans *s = &c->pa;

	s->n = 0;
	for (int i = 0; i < n; i++) {
		struct span x = { fr[i].base, fr[i].base + fr[i].size - r->size };
		int j = s->n++;

		/* Insertion by lo: a DT may list its banks in any order. */
		for (; j > 0 && s->s[j - 1].lo > x.lo; j--)
			s->s[j] = s->s[j - 1];
		s->s[j] = x;
	}
	/* Overlapping banks give overlapping starts: merge, so that the spans stay disjoint. */
	n = 0;
	for (int i = 0; i < s->n; i++) {
		if (n && (s->s[i].lo <= s->s[n - 1].hi || s->s[i].lo - s->s[n - 1].hi == r->rg->page))
			s->s[n - 1].hi = MAX(s->s[n - 1].hi, s->s[i].hi);
		else
			s->s[n++] = s->s[i];
	}
	s->n = n;
}

/* The VA domain: [va_min rounded up to a page, va_limit - size], or empty. */
static void va_domain(struct ctx *c)
{
	const struct placement_req *r = c->r;
	uint64_t pg = r->rg->page, lo = ALIGN_UP(r->va_min, pg), hi;

	c->va.n = 0;
	if (lo < r->va_min || r->va_limit < r->size)
		return;
	hi = ALIGN_DOWN(r->va_limit - r->size, pg);
	if (lo <= hi)
		c->va.s[c->va.n++] = (struct span){ lo, hi };
}

/* The level-l block holding a, as the inclusive page starts [*lo, *hi]. */
static void block_of(const struct regime *rg, int l, uint64_t a, uint64_t *lo, uint64_t *hi)
{
	uint64_t b = UINT64_C(1) << shift_of(rg, l);

	*lo = ALIGN_DOWN(a, b);
	*hi = *lo + b - rg->page;
}

static int deepest_level(const struct regime *rg)
{
	return rg->first_level + rg->nlevels - 1;
}

/*
 * Keep the addresses of s that have class cls with `from` (the relation is
 * symmetric: s may hold PAs and from be a VA, or the other way round):
 *   identical  from itself;
 *   overlap    within size - page of from, but not from;
 *   shared-Ln  in from's level-n block, not in its level-(n+1) block (when
 *              n is not the deepest table level), and not overlapping;
 *   disjoint   outside from's root block, and not overlapping (I and R
 *              can overlap across a root boundary: that is class overlap).
 */
static void relate(const struct ctx *c, enum placement_class cls, uint64_t from, struct spans *s)
{
	const struct regime *rg = c->r->rg;
	uint64_t pg = rg->page, reach = c->r->size - pg, lo, hi;
	uint64_t wlo = from >= reach ? from - reach : 0;
	uint64_t whi = from <= UINT64_MAX - reach ? from + reach : ALIGN_DOWN(UINT64_MAX, pg);
	int l = shared_level(cls);

	switch (cls) {
	case PC_IDENTICAL:
		spans_clip(s, from, from);
		return;
	case PC_OVERLAP:
		spans_clip(s, wlo, whi);
		spans_cut(s, from, from, pg);
		return;
	case PC_DISJOINT:
		block_of(rg, rg->first_level, from, &lo, &hi);
		spans_cut(s, lo, hi, pg);
		break;
	default:
		block_of(rg, l, from, &lo, &hi);
		spans_clip(s, lo, hi);
		if (l < deepest_level(rg)) {
			block_of(rg, l + 1, from, &lo, &hi);
			spans_cut(s, lo, hi, pg);
		}
		break;
	}
#ifndef INJECT_PLACEMENT_NO_WINDOW	/* host knob: a partner this close overlaps, a class the chooser did not mean */
	spans_cut(s, wlo, whi, pg);
#endif
}

/* Does this PA have a VA of class cls? */
static bool pa_has_va(const struct ctx *c, enum placement_class cls, uint64_t pa)
{
	struct spans v = c->va;

	relate(c, cls, pa, &v);
	return v.n > 0;
}

/* Counting the PAs of rep_pas() that have a VA (want < 0), or finding the want'th. */
struct rep {
	int count, want;
	uint64_t found;
};

/* Try a (for shared-Ln: the lowest and highest PA in a's level-n block); true once the want'th is found. */
static bool rep_try(const struct ctx *c, enum placement_class cls, uint64_t a, struct rep *rp)
{
	uint64_t t[2] = { a, a };
	int l = shared_level(cls);

	if (l >= 0) {
		struct spans k = c->pa;
		uint64_t lo, hi;

		block_of(c->r->rg, l, a, &lo, &hi);
		spans_clip(&k, lo, hi);
		if (!k.n)
			return false;
		t[0] = k.s[0].lo;
		t[1] = k.s[k.n - 1].hi;
	}
	for (int i = 0; i < 2 && (i == 0 || t[1] != t[0]); i++)
		if (pa_has_va(c, cls, t[i]) && rp->count++ == rp->want) {
			rp->found = t[i];
			return true;
		}
	return false;
}

/*
 * Neither pa= nor va= given, and a few PAs drawn at random had no VA of class
 * cls: the PAs tried here stand for every PA that has one, so if none of them
 * has, no PA has.
 *
 * Why they suffice, for shared-Ln: PA and VA share a level-n block K. If a
 * pair (p, v) in K works with v > p, then (min PA in K, max VA in K) works
 * too: moving the PA down and the VA up keeps both in K, in different
 * level-(n+1) blocks and at least size apart (v < p likewise, with max PA
 * and min VA). So each K needs only its extreme PAs tried. A block with no
 * end of a PA span or of the VA span inside it is either all PA and all VA
 * or of no use, and all such blocks are alike up to translation: the first
 * one inside each PA span's overlap with the VA span stands for them all.
 * Disjoint is the same with K the whole address space (the ends of the
 * spans hold its extremes). Identical and overlap: the ends of each PA span
 * clipped to the VA span (widened by size - page for overlap); the only PA
 * there without a VA is the VA span's single page itself, and then the
 * other end has one.
 */
static bool rep_pas(const struct ctx *c, enum placement_class cls, struct rep *rp)
{
	const struct regime *rg = c->r->rg;
	uint64_t pg = rg->page, reach = c->r->size - pg;
	struct span v, near;
	int l = shared_level(cls);

	if (!c->va.n)
		return false;
	near = v = c->va.s[0];
	if (cls == PC_OVERLAP) {
		near.lo = v.lo >= reach ? v.lo - reach : 0;
		near.hi = v.hi <= UINT64_MAX - reach ? v.hi + reach : UINT64_MAX;
	}
	if (l >= 0 && (rep_try(c, cls, v.lo, rp) || rep_try(c, cls, v.hi, rp)))
		return true;
	for (int i = 0; i < c->pa.n; i++) {
		struct span x = c->pa.s[i];
		uint64_t lo = MAX(x.lo, near.lo), hi = MIN(x.hi, near.hi);

		if (rep_try(c, cls, x.lo, rp) || rep_try(c, cls, x.hi, rp))
			return true;
		if (lo > hi)
			continue;
		if (cls == PC_IDENTICAL || cls == PC_OVERLAP) {
			if (rep_try(c, cls, lo, rp) || rep_try(c, cls, hi, rp))
				return true;
		} else if (l >= 0) {
			uint64_t b = UINT64_C(1) << shift_of(rg, l), k0 = ALIGN_UP(lo, b);

			if (k0 >= lo && k0 <= UINT64_MAX - (b - pg) && k0 + b - pg <= hi && rep_try(c, cls, k0, rp))
				return true;
		}
	}
	return false;
}

#define PA_DRAWS 8

/* A PA of free RAM that has a VA of class cls: drawn, else from rep_pas(). */
static bool choose_pa(struct ctx *c, enum placement_class cls, uint64_t *pa)
{
	struct rep all = { 0, -1, 0 }, one = { 0, 0, 0 };

	for (int i = 0; i < PA_DRAWS; i++)
		if (spans_draw(c, &c->pa, pa) && pa_has_va(c, cls, *pa))
			return true;
#ifdef INJECT_PLACEMENT_DRAWS_ONLY
	return false;	/* host knob: no exact search, so a class few PAs can have is refused */
#endif
	rep_pas(c, cls, &all);
	if (!all.count)
		return false;
	one.want = (int)rng_below(&c->rng, (uint64_t)all.count);
	if (!rep_pas(c, cls, &one))
		return false;
	*pa = one.found;
	return true;
}

/* Realize cls under the forced parts of the request; false if that cannot be done. */
static bool try_class(struct ctx *c, enum placement_class cls, struct placement *out)
{
	const struct placement_req *r = c->r;
	uint64_t pa = r->pa, va = r->va;
	struct spans s;

	if (r->force_pa && r->force_va) {
		if (placement_classify(r->rg, pa, va, r->size) != cls)
			return false;
	} else if (r->force_va) {
		s = c->pa;
		relate(c, cls, va, &s);
		if (!spans_draw(c, &s, &pa))
			return false;
	} else {
		if (!r->force_pa && !choose_pa(c, cls, &pa))
			return false;
		s = c->va;
		relate(c, cls, pa, &s);
		if (!spans_draw(c, &s, &va))
			return false;
	}
	out->pa = pa;
	out->va = va;
	out->cls = cls;
	return true;
}

/* "the level-n block [lo, hi)" of a, into buf. */
static const char *block_text(const struct regime *rg, int l, uint64_t a, char *buf, size_t len)
{
	uint64_t lo, hi;

	block_of(rg, l, a, &lo, &hi);
	snprintf(buf, len, "the level-%d block [0x%lx, 0x%lx)", l, (unsigned long)lo,
		 (unsigned long)(hi + rg->page));
	return buf;
}

/*
 * Why class cls has no partner for the forced address `from` (a VA when
 * from_va, else a PA): one clause naming the block, the distance or the
 * range that rules it out.
 */
static void explain_forced(const struct ctx *c, enum placement_class cls, bool from_va, uint64_t from,
			   char *err, size_t len)
{
	const struct placement_req *r = c->r;
	const struct regime *rg = r->rg;
	const char *other = from_va ? "pa" : "va";
	char dom[80], blk[64], blk2[64];
	int l = shared_level(cls);
	uint64_t lo, hi;
	struct spans s = from_va ? c->pa : c->va;
	int n;

	/* The partner's domain; the VA range's bounds only where they can matter (identical), to keep one line short. */
	if (from_va)
		snprintf(dom, sizeof(dom), "free RAM");
	else if (cls == PC_IDENTICAL)
		snprintf(dom, sizeof(dom), "the runtime VA range [0x%lx, 0x%lx)", (unsigned long)r->va_min,
			 (unsigned long)r->va_limit);
	else
		snprintf(dom, sizeof(dom), "the runtime VA range");
	n = snprintf(err, len, "class=%s cannot be realized at %s=0x%lx: ", placement_class_name(cls),
		     from_va ? "va" : "pa", (unsigned long)from);
	if (n < 0 || (size_t)n >= len)
		return;
	err += n;
	len -= (size_t)n;
	switch (cls) {
	case PC_IDENTICAL:
		snprintf(err, len, "it needs %s = %s, and [0x%lx, 0x%lx) is not inside %s", other, from_va ? "va" : "pa",
			 (unsigned long)from, (unsigned long)(from + r->size), dom);
		return;
	case PC_OVERLAP:
		if (r->size == rg->page)
			snprintf(err, len, "a one-page image cannot overlap itself at another address");
		else
			snprintf(err, len, "it needs a %s less than 0x%lx away (not equal) in %s, and there is none", other,
				 (unsigned long)r->size, dom);
		return;
	case PC_DISJOINT:
		snprintf(err, len, "it needs a %s outside %s, and %s has none there", other,
			 block_text(rg, rg->first_level, from, blk, sizeof(blk)), dom);
		return;
	default:
		block_of(rg, l, from, &lo, &hi);
		spans_clip(&s, lo, hi);
		if (!s.n)
			snprintf(err, len, "it needs a %s in %s, and %s has none there", other,
				 block_text(rg, l, from, blk, sizeof(blk)), dom);
		else if (l < deepest_level(rg))
			snprintf(err, len, "it needs a %s in %s but outside %s, 0x%lx or more away: %s has none", other,
				 block_text(rg, l, from, blk, sizeof(blk)), block_text(rg, l + 1, from, blk2, sizeof(blk2)),
				 (unsigned long)r->size, dom);
		else
			snprintf(err, len, "it needs a %s in %s, 0x%lx or more away: %s has none", other,
				 block_text(rg, l, from, blk, sizeof(blk)), (unsigned long)r->size, dom);
		return;
	}
}

/* Why class cls has no pair at all, neither address forced. */
static void explain_free(const struct ctx *c, enum placement_class cls, char *err, size_t len)
{
	const struct placement_req *r = c->r;
	const struct regime *rg = r->rg;
	int l = shared_level(cls);
	char vr[64];
	int n;

	snprintf(vr, sizeof(vr), "the runtime VA range [0x%lx, 0x%lx)", (unsigned long)r->va_min,
		 (unsigned long)r->va_limit);
	n = snprintf(err, len, "class=%s cannot be realized for a 0x%lx-byte image in this memory map: ",
		     placement_class_name(cls), (unsigned long)r->size);
	if (n < 0 || (size_t)n >= len)
		return;
	err += n;
	len -= (size_t)n;
	if (cls == PC_IDENTICAL)
		snprintf(err, len, "no free RAM for it lies inside %s", vr);
	else if (cls == PC_OVERLAP && r->size == rg->page)
		snprintf(err, len, "a one-page image cannot overlap itself at another address");
	else if (cls == PC_OVERLAP)
		snprintf(err, len, "no free RAM for it lies less than 0x%lx from %s", (unsigned long)r->size, vr);
	else if (l >= 0 && (UINT64_C(1) << shift_of(rg, l)) - rg->page < r->size)
		snprintf(err, len, "a level-%d block (0x%lx bytes) has no two pages 0x%lx apart", l,
			 (unsigned long)(UINT64_C(1) << shift_of(rg, l)), (unsigned long)r->size);
	else if (l >= 0)
		snprintf(err, len, "no level-%d block holds both free RAM for it and a va in %s far enough apart", l, vr);
	else
		snprintf(err, len, "free RAM for it and %s are never in different level-%d blocks far enough apart",
			 vr, rg->first_level);
}

/* Why a forced pa below pa_limit is not free RAM: no memory range holds it, or which reserved range it meets. */
static void explain_pa(const struct placement_req *r, char *err, size_t len)
{
	uint64_t pa = r->pa, end = r->pa + r->size;
	int n = snprintf(err, len, "pa=0x%lx: [0x%lx, 0x%lx) is not free RAM: ", (unsigned long)pa, (unsigned long)pa,
			 (unsigned long)end);

	if (n < 0 || (size_t)n >= len)
		return;
	for (int j = 0; j < r->nresv; j++) {
		uint64_t rs = r->resv[j].base, re = rs + r->resv[j].size < rs ? UINT64_MAX : rs + r->resv[j].size;

		if (r->resv[j].size && rs < end && pa < re) {
			snprintf(err + n, len - (size_t)n, "it meets the reserved range [0x%lx, 0x%lx)", (unsigned long)rs,
				 (unsigned long)re);
			return;
		}
	}
	snprintf(err + n, len - (size_t)n, "no memory range holds it");
}

int placement_choose(const struct placement_req *r, struct placement *out, char *err, size_t errlen)
{
	struct ctx c = { .r = r, .rng = r->seed };
	uint64_t pg = r->rg->page;
	int first;

	if (!r->size || !IS_ALIGNED(r->size, pg)) {
		snprintf(err, errlen, "image size 0x%lx is not a whole number of pages", (unsigned long)r->size);
		return -1;
	}
	pa_domain(&c);
	va_domain(&c);
	if (r->force_pa) {
		if (!IS_ALIGNED(r->pa, pg)) {
			snprintf(err, errlen, "pa=0x%lx is not page aligned", (unsigned long)r->pa);
			return -1;
		}
		if (r->pa + r->size < r->pa || r->pa + r->size > r->pa_limit) {
			snprintf(err, errlen, "pa=0x%lx: [0x%lx, 0x%lx) reaches past 0x%lx, where the identity map would "
				 "meet the fixed regions", (unsigned long)r->pa, (unsigned long)r->pa,
				 (unsigned long)(r->pa + r->size), (unsigned long)r->pa_limit);
			return -1;
		}
		if (!spans_has(&c.pa, r->pa)) {
			explain_pa(r, err, errlen);
			return -1;
		}
	}
	if (r->force_va) {
		if (!IS_ALIGNED(r->va, pg)) {
			snprintf(err, errlen, "va=0x%lx is not page aligned", (unsigned long)r->va);
			return -1;
		}
		if (r->va < r->va_min) {
			snprintf(err, errlen, "va=0x%lx is below 0x%lx, the lowest runtime VA", (unsigned long)r->va,
				 (unsigned long)r->va_min);
			return -1;
		}
		if (!spans_has(&c.va, r->va)) {
			snprintf(err, errlen, "va=0x%lx: [0x%lx, 0x%lx) reaches past 0x%lx, where the fixed regions begin",
				 (unsigned long)r->va, (unsigned long)r->va, (unsigned long)(r->va + r->size),
				 (unsigned long)r->va_limit);
			return -1;
		}
	}
	if (!r->force_pa && !c.pa.n) {
		snprintf(err, errlen, "no room for the 0x%lx-byte image in free RAM", (unsigned long)r->size);
		return -1;
	}
	if (!r->force_va && !c.va.n) {
		snprintf(err, errlen, "no room for the 0x%lx-byte image in the runtime VA range [0x%lx, 0x%lx)",
			 (unsigned long)r->size, (unsigned long)r->va_min, (unsigned long)r->va_limit);
		return -1;
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
		else if (r->force_pa || r->force_va)
			explain_forced(&c, cls, r->force_va, r->force_va ? r->va : r->pa, err, errlen);
		else
			explain_free(&c, cls, err, errlen);
		return -1;
	}
	/* A class from the seed; where it cannot be realized, the next one, in a fixed order. */
	first = (int)rng_below(&c.rng, PC_COUNT);
	for (int k = 0; k < PC_COUNT; k++) {
		enum placement_class cls = (enum placement_class)((first + k) % PC_COUNT);

		if (placement_class_exists(r->rg, cls) && try_class(&c, cls, out))
			return 0;
	}
	/* Not reached: any PA and any VA have some class. */
	snprintf(err, errlen, "no placement satisfies pa/va as given");
	return -1;
}
