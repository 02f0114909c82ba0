/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for boot/placement.c, the placement chooser, over arbitrary
 * memory maps and requests: up to 32 RAM ranges and 34 reserved ones (the
 * loader's limits), any image size, seed, forced class/pa/va and limits,
 * under the arm64 4K regime and a two-level (LPAE-like) one.
 *
 * Invariants, each checked with code written here, not the chooser's:
 *   - a placement is page aligned, [pa, pa+size) lies inside one RAM range
 *     below pa_limit and touches no reserved range, [va, va+size) lies in
 *     [va_min, va_limit), nothing wraps;
 *   - it realizes the class it reports (classified here from the highest
 *     bit where PA and VA differ), a class the regime has, and honours a
 *     forced class, pa and va;
 *   - the same request gives the same answer (or the same message);
 *   - an error is one NUL-terminated line; when nothing is forced and the
 *     limits are the loader's kind, the chooser fails only if no
 *     page-aligned slot of that size exists (searched here from scratch);
 *   - placement_free_ranges() lists page-aligned, non-empty ranges inside
 *     RAM, clear of every reserved range, and writes no more than asked.
 */
#include "tests/fuzz/fuzz.h"
#include "boot/placement.h"

#define NMEM_MAX	32
#define NRESV_MAX	34
#define ERR_LEN		160

/* A regime with a level-1 root and two table levels (arm32 LPAE, 4 KiB): it has no shared-L0. */
static const struct regime regime_two_level = {
	.first_level = 1, .nlevels = 2, .shift = { 30, 21 }, .page = 4096,
};

struct fz_req {
	struct placement_req r;
	struct mem_range mem[NMEM_MAX], resv[NRESV_MAX];
	bool loader_like;	/* nothing forced, limits as the loader sets them */
};

/* An address: mostly page-granular and near the RAM the map already has, sometimes anything. */
static uint64_t gen_addr(struct fz_in *in, uint64_t near)
{
	uint8_t how = fz_u8(in);

	switch (how % 4) {
	case 0:
		return fz_u64(in);
	case 1:
		return near + (uint64_t)fz_u32(in) * 4096;
	case 2:
		return (uint64_t)fz_u32(in) << (12 + how / 64 * 6);
	default:
		return near + fz_u32(in);
	}
}

static void gen(struct fz_in *in, struct fz_req *q)
{
	struct placement_req *r = &q->r;
	uint8_t flags = fz_u8(in);
	uint64_t near = UINT64_C(0x40000000);

	memset(q, 0, sizeof(*q));
	r->rg = flags & 1 ? &regime_two_level : &regime_arm64_4k;
	r->mem = q->mem;
	r->resv = q->resv;
	r->nmem = (int)fz_below(in, NMEM_MAX + 1);
	for (int i = 0; i < r->nmem; i++) {
		q->mem[i].base = gen_addr(in, near);
		if (fz_u8(in) & 1) {
			q->mem[i].size = fz_u64(in);
		} else {
			q->mem[i].size = fz_u32(in);
			q->mem[i].size <<= fz_u8(in) % 21;
		}
		near = q->mem[i].base + q->mem[i].size;
	}
	r->nresv = (int)fz_below(in, NRESV_MAX + 1);
	for (int i = 0; i < r->nresv; i++) {
		const struct mem_range *m = r->nmem ? &q->mem[fz_below(in, (uint64_t)r->nmem)] : NULL;

		q->resv[i].base = gen_addr(in, m ? m->base : near);
		q->resv[i].size = fz_u8(in) & 1 ? fz_u64(in) : fz_u32(in);
	}
	r->size = flags & 2 ? fz_u64(in) : (1 + fz_below(in, 4096)) * 4096;
	r->seed = fz_u64(in);
	r->force_class = (int)fz_below(in, PC_COUNT + 1) - 1;
	r->force_pa = flags & 4;
	r->force_va = flags & 8;
	r->pa = gen_addr(in, r->nmem ? q->mem[0].base : near);
	r->va = flags & 16 ? gen_addr(in, r->pa) : r->pa - fz_below(in, 1 << 20) * 4096;
	if (r->rg == &regime_two_level) {
		r->va_min = 0x10000;
		r->va_limit = r->pa_limit = UINT64_C(0xff000000);
	} else {
		r->va_min = 0x10000;
		r->va_limit = r->pa_limit = UINT64_C(0xff8000000000);
	}
	if (flags & 32) {
		r->va_min = fz_u64(in);
		r->va_limit = fz_u64(in);
		r->pa_limit = fz_u64(in);
	}
	q->loader_like = !r->force_pa && !r->force_va && r->force_class < 0 && !(flags & 32);
}

static uint64_t end_of(const struct mem_range *m)
{
	return m->base + m->size < m->base ? UINT64_MAX : m->base + m->size;
}

/* Does [a, a+size) fit the memory map: one RAM range, below pa_limit, no reserved byte? */
static bool fits(const struct placement_req *r, uint64_t a, uint64_t size)
{
	bool in_ram = false;

	if (a + size < a || a + size > r->pa_limit)
		return false;
	for (int i = 0; i < r->nmem && !in_ram; i++)
		in_ram = a >= r->mem[i].base && a + size <= end_of(&r->mem[i]);
	for (int j = 0; j < r->nresv && in_ram; j++)
		if (r->resv[j].size && a < end_of(&r->resv[j]) && r->resv[j].base < a + size)
			return false;
	return in_ram;
}

/*
 * Is there a page-aligned slot at or above lo? The lowest one in a gap
 * starts at a RAM start, a reserved range's end, or lo itself.
 */
static bool room_exists(const struct placement_req *r, uint64_t lo)
{
	uint64_t pg = r->rg->page;

	for (int i = 0; i <= r->nmem + r->nresv; i++) {
		uint64_t c = i < r->nmem ? r->mem[i].base : i < r->nmem + r->nresv ? end_of(&r->resv[i - r->nmem]) : lo;

		c = MAX(c, lo);
		if (c <= UINT64_MAX - pg + 1 && fits(r, ALIGN_UP(c, pg), r->size))
			return true;
	}
	return false;
}

/* The class by the highest bit where PA and VA differ: they share a level's entry iff it is below that level's shift. */
static int ref_class(const struct regime *rg, uint64_t pa, uint64_t va, uint64_t size)
{
	int hb;

	if (pa == va)
		return PC_IDENTICAL;
	if ((pa > va ? pa - va : va - pa) < size)
		return PC_OVERLAP;
	hb = 63 - __builtin_clzll(pa ^ va);
	for (int k = rg->nlevels - 1; k >= 0; k--)
		if (hb < (int)rg->shift[k])
			return PC_SHARED_L0 + rg->first_level + k;
	return PC_DISJOINT;
}

/* FUZZ_DUMP=1 prints the request, to read a crash artifact. */
static void dump(const struct placement_req *r)
{
	fprintf(stderr, "regime %s size 0x%llx seed 0x%llx class %d pa %s0x%llx va %s0x%llx\n"
		"va_min 0x%llx va_limit 0x%llx pa_limit 0x%llx\n", r->rg == &regime_two_level ? "two-level" : "arm64-4k",
		(unsigned long long)r->size, (unsigned long long)r->seed, r->force_class, r->force_pa ? "=" : "~",
		(unsigned long long)r->pa, r->force_va ? "=" : "~", (unsigned long long)r->va,
		(unsigned long long)r->va_min, (unsigned long long)r->va_limit, (unsigned long long)r->pa_limit);
	for (int i = 0; i < r->nmem + r->nresv; i++) {
		const struct mem_range *m = i < r->nmem ? &r->mem[i] : &r->resv[i - r->nmem];

		fprintf(stderr, "%s 0x%llx+0x%llx\n", i < r->nmem ? "mem " : "resv", (unsigned long long)m->base,
			(unsigned long long)m->size);
	}
}

static void check_free_ranges(const struct placement_req *r, int max)
{
	struct mem_range *out = malloc(sizeof(*out) * (size_t)(max ? max : 1));
	int n = placement_free_ranges(r, out, max);

	FUZZ_CHECK(n >= 0 && n <= max, "%d free ranges for room for %d", n, max);
	for (int i = 0; i < n; i++) {
		const struct mem_range *f = &out[i];

		FUZZ_CHECK(f->size && IS_ALIGNED(f->base, r->rg->page) && IS_ALIGNED(f->size, r->rg->page),
			   "free range %d: 0x%llx+0x%llx", i, (unsigned long long)f->base, (unsigned long long)f->size);
		FUZZ_CHECK(fits(r, f->base, f->size), "free range 0x%llx+0x%llx is not free RAM",
			   (unsigned long long)f->base, (unsigned long long)f->size);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	struct fz_req q;
	struct placement_req *r = &q.r;
	struct placement p, p2;
	char *err = malloc(ERR_LEN), err2[ERR_LEN];
	int rc, rc2;

	gen(&in, &q);
	if (getenv("FUZZ_DUMP"))
		dump(r);
	check_free_ranges(r, (int)fz_below(&in, 80));
	memset(&p, 0, sizeof(p));
	rc = placement_choose(r, &p, err, ERR_LEN);
	rc2 = placement_choose(r, &p2, err2, sizeof(err2));
	FUZZ_CHECK(rc == rc2 && (rc ? !strcmp(err, err2) : p.pa == p2.pa && p.va == p2.va && p.cls == p2.cls),
		   "the same request twice: rc %d/%d", rc, rc2);
	if (rc) {
		FUZZ_CHECK(rc == -1 && memchr(err, 0, ERR_LEN) && err[0] && !strchr(err, '\n'), "message '%s'", err);
		FUZZ_CHECK(!q.loader_like || !r->size || !IS_ALIGNED(r->size, r->rg->page) ||
			   !room_exists(r, r->va_min),
			   "'%s', but a 0x%llx-byte slot is free (%d RAM, %d reserved ranges)", err,
			   (unsigned long long)r->size, r->nmem, r->nresv);
		goto out;
	}
	FUZZ_CHECK(IS_ALIGNED(p.pa, r->rg->page) && IS_ALIGNED(p.va, r->rg->page), "pa 0x%llx va 0x%llx",
		   (unsigned long long)p.pa, (unsigned long long)p.va);
	FUZZ_CHECK(fits(r, p.pa, r->size), "pa 0x%llx + 0x%llx is not inside free RAM below 0x%llx",
		   (unsigned long long)p.pa, (unsigned long long)r->size, (unsigned long long)r->pa_limit);
	FUZZ_CHECK(p.va >= r->va_min && p.va + r->size >= p.va && p.va + r->size <= r->va_limit,
		   "va 0x%llx + 0x%llx outside [0x%llx, 0x%llx)", (unsigned long long)p.va,
		   (unsigned long long)r->size, (unsigned long long)r->va_min, (unsigned long long)r->va_limit);
	FUZZ_CHECK((int)p.cls == ref_class(r->rg, p.pa, p.va, r->size) && placement_class_exists(r->rg, p.cls),
		   "pa 0x%llx va 0x%llx size 0x%llx reported %s, is %s", (unsigned long long)p.pa,
		   (unsigned long long)p.va, (unsigned long long)r->size, placement_class_name(p.cls),
		   placement_class_name((enum placement_class)ref_class(r->rg, p.pa, p.va, r->size)));
	FUZZ_CHECK(r->force_class < 0 || (int)p.cls == r->force_class, "class=%s asked, %s given",
		   placement_class_name((enum placement_class)r->force_class), placement_class_name(p.cls));
	FUZZ_CHECK((!r->force_pa || p.pa == r->pa) && (!r->force_va || p.va == r->va), "forced pa/va not honoured");
out:
	free(err);
	return 0;
}
